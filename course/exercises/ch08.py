"""Chapter 8 exercises — your own customer file, your prospecting plan (第八章练习：用自己的数据制定开发计划).

In the workbook::

    from course.exercises.ch08 import *

binds ``q1`` … ``q10``, the blank ``____`` and :func:`progress`. The answer
keys are computed, when a check runs, from the chapter's demo files
(:func:`course.messy_exports.capstone_files`: the bundled data exported the
way a small dealer's systems would) — never at import.
"""

from __future__ import annotations

import tempfile
from functools import cache
from typing import Any

from course import progress as _progress
from course.exercises.core import ChoiceExercise, Idea, TextExercise, ValueExercise, ____
from course.i18n import get_language

BUDGET, COST_PER_CONTACT = 30_000, 500


@cache
def _demo(lang: str) -> dict[str, Any]:
    from course.messy_exports import capstone_files

    return capstone_files(tempfile.mkdtemp(prefix="course-ch08-"), lang)


@cache
def _book(lang: str):
    from course import prospecting_plan as pp
    from course.messy_exports import CAPSTONE_COLUMNS

    demo = _demo(lang)
    mapping = {column: role for role, column in CAPSTONE_COLUMNS[lang]["sales"].items()}
    return pp.read_sales(demo["sales"], mapping)


@cache
def _leads_model(lang: str):
    from course import precision
    from course import prospecting_plan as pp

    demo = _demo(lang)
    return precision.train_target_model(pp.read_leads(demo["leads"]), demo["target"])


def _lang() -> str:
    return get_language()


def _customer_column() -> str:
    from course.messy_exports import CAPSTONE_COLUMNS

    return CAPSTONE_COLUMNS[_lang()]["sales"]["account_id"]


def _orders() -> int:
    return _book(_lang()).orders_count()


def _no_customer() -> int:
    return _book(_lang()).prepared.step("no_customer").rows


def _as_of() -> str:
    return str(_book(_lang()).as_of.date())


def _top_share() -> float:
    return _book(_lang()).top_share(0.2)


def _share_of_wins() -> float:
    from course import precision

    model = _leads_model(_lang())
    n, _ = precision.leads_for_budget(model.test_scores, BUDGET, COST_PER_CONTACT)
    return float(precision.targeting_summary(model.test_scores, model.y_test, top_n=n)["share_of_wins"])


def _copier_offer() -> str:
    from course.messy_exports import PRODUCT_CODES

    rules = _book(_lang()).rules()
    hit = rules[rules["antecedents"] == frozenset({PRODUCT_CODES["copier"]})]
    return next(iter(hit.iloc[0]["consequents"]))


def _copier_offer_names() -> list[str]:
    from course.messy_exports import PRODUCT_CODES

    code = _copier_offer()
    product = next(k for k, v in PRODUCT_CODES.items() if v == code)
    from course.precision import product_name

    names = [_book(lang).product_names().get(code, code) for lang in ("en", "zh")]
    return [*names, product_name(product, "en"), product_name(product, "zh")]


class _Lazy(ValueExercise):
    """A ValueExercise whose accepted alternatives are computed when first judged."""

    def judge(self, answer: Any):
        if callable(self.also_accept):
            self.also_accept = self.also_accept()
        return super().judge(answer)


q1 = ValueExercise(
    id="ch08.q1",
    title={"en": "Which column of the sales file holds the customer id?", "zh": "销售明细文件中哪一列是客户编号？"},
    expected=_customer_column,
    also_accept=("Customer", "客户编号"),
    hints=[
        {"en": "Look at the assistant's table: the role 'customer id' and the column it was given to.",
         "zh": "看映射助手的表：角色“客户编号”对应的是哪一列。"},
        {"en": "Give the column name exactly as in the file's header row, as text.", "zh": "请按文件表头中的原样写出列名（文本）。"},
    ],
    solution_code="customer_column = [c for c, r in assistant.model.mapping().items() if r == 'account_id'][0]",
)

q2 = ValueExercise(
    id="ch08.q2",
    title={"en": "How many orders are in the sales file — distinct orders, not lines?", "zh": "销售明细里有多少张订单——按不同的订单号，而不是行数？"},
    expected=_orders,
    rel_tol=0,
    abs_tol=0,
    hints=[
        {"en": "One invoice has a line per product: count distinct order ids among the lines still bought.",
         "zh": "一张单据每种产品占一行：请数仍有购买的行里有多少个不同的订单号。"},
        {"en": "book.orders_count() does it; or book.orders.loc[book.orders['amount'] > 0, 'order_id'].nunique().",
         "zh": "book.orders_count() 可以直接算出；也可以用 book.orders.loc[book.orders['amount'] > 0, 'order_id'].nunique()。"},
    ],
    solution_code="n_orders = book.orders_count()",
)

q3 = ValueExercise(
    id="ch08.q3",
    title={"en": "How many rows were set aside from the customer analyses for having no customer id?",
           "zh": "有多少行因为没有客户编号而不参加客户分析？"},
    expected=_no_customer,
    rel_tol=0,
    abs_tol=0,
    hints=[
        {"en": "The 'data as read' table (book.steps()) says it in one of its steps.", "zh": "“数据读取说明”表（book.steps()）中的某一步写着这个数。"},
        {"en": "book.prepared.step('no_customer').rows", "zh": "book.prepared.step('no_customer').rows"},
    ],
    solution_code="no_customer_rows = book.prepared.step('no_customer').rows",
)

q4 = ValueExercise(
    id="ch08.q4",
    title={"en": "From which day are the figures computed (the as-of date), as YYYY-MM-DD?", "zh": "各项数字是以哪一天为“今天”计算的（统计日），写成 YYYY-MM-DD？"},
    expected=_as_of,
    feedback={"2026-11-10": {"en": "That is a stray date long after all the others (a typing error): the as-of date is the last ordinary day.",
                             "zh": "这是一个远远晚于其他日期的异常日期（录入错误）：统计日应取正常数据的最后一天。"}},
    hints=[
        {"en": "It is the data's last ordinary day, not today's date.", "zh": "它是数据中正常记录的最后一天，而不是今天的日期。"},
        {"en": "str(book.as_of.date())", "zh": "str(book.as_of.date())"},
    ],
    solution_code="as_of = str(book.as_of.date())",
)

q5 = ValueExercise(
    id="ch08.q5",
    title={"en": "What share of the (net) revenue do the top 20% of customers bring?", "zh": "前 20% 的客户贡献了多大比例的（扣除退货后的）收入？"},
    expected=_top_share,
    rel_tol=0,
    abs_tol=0.005,
    hints=[
        {"en": "Chapter 4's 80/20 on your own data: records.top_share of the Pareto table's revenue.", "zh": "就是第四章的二八分析，用在您自己的数据上：对帕累托表的收入列用 records.top_share。"},
        {"en": "book.top_share(0.2); give a share between 0 and 1.", "zh": "book.top_share(0.2)；答案是 0 到 1 之间的比例。"},
    ],
    solution_code="top20 = book.top_share(0.2)",
)

q6 = ChoiceExercise(
    id="ch08.q6",
    title={"en": "Which columns of the campaign's leads must stay out of a model that picks whom to call?",
           "zh": "活动线索中，哪些列不能放进用来挑选联系对象的模型？"},
    options={
        "contract_value": {"en": "Contract value", "zh": "合同金额"},
        "call_seconds": {"en": "Call seconds", "zh": "通话秒数"},
        "engagement": {"en": "Engagement", "zh": "互动得分"},
        "budget_ok": {"en": "Budget", "zh": "有预算"},
        "site_visits": {"en": "Web visits", "zh": "网站访问"},
    },
    answers=["contract_value", "call_seconds"],
    multiple=True,
    explain={
        "engagement": {"en": "Engagement is known while the lead is open: a fair sign.", "zh": "互动得分在线索跟进中就能知道，可以用。"},
        "budget_ok": {"en": "Whether there is a budget is asked before the outcome: a fair sign.", "zh": "有没有预算在结果出来之前就能问到，可以用。"},
        "site_visits": {"en": "Web visits happen before the outcome: a fair sign.", "zh": "网站访问发生在结果之前，可以用。"},
    },
    hints=[
        {"en": "Ask of each column: would I know it before I call? The kit's leakage check (model.left_out) agrees.",
         "zh": "逐列问自己：打电话之前我能知道它吗？本工具的泄漏检查（model.left_out）也会给出同样的结论。"},
        {"en": "One is the outcome in money, the other only exists once the call has happened.", "zh": "一个是用金额表示的结果本身，另一个要等电话打完才有。"},
    ],
    solution_note={"en": "The contract value is the outcome itself; the call's length is only known after calling, and longer calls go with signing.",
                   "zh": "合同金额就是结果本身；通话时长要打完电话才知道，而通话越长越可能签约。"},
)

q7 = ValueExercise(
    id="ch08.q7",
    title={"en": f"A budget of {BUDGET:,} at {COST_PER_CONTACT} a call, best-scored leads first: what share of the held-out wins does it reach?",
           "zh": f"预算 {BUDGET:,}、每次联系 {COST_PER_CONTACT}，按得分从高到低联系：能拿下留出线索中多大比例的成交？"},
    expected=_share_of_wins,
    rel_tol=0,
    abs_tol=0.01,
    hints=[
        {"en": "First the number of calls the budget pays for (precision.leads_for_budget), then precision.targeting_summary.",
         "zh": "先用 precision.leads_for_budget 算出预算能打几个电话，再用 precision.targeting_summary。"},
        {"en": "targeting_summary(model.test_scores, model.y_test, top_n=n)['share_of_wins']", "zh": "targeting_summary(model.test_scores, model.y_test, top_n=n)['share_of_wins']"},
    ],
    solution_code=(f"n, _ = precision.leads_for_budget(model.test_scores, {BUDGET}, {COST_PER_CONTACT})\n"
                   "share_of_wins = precision.targeting_summary(model.test_scores, model.y_test, top_n=n)['share_of_wins']"),
)

q8 = _Lazy(
    id="ch08.q8",
    title={"en": "A customer has just bought a copier (CP-100). Which product do the rules say to offer first? Give its code.",
           "zh": "一位客户刚买了复印机（CP-100）。按关联规则，首先应推荐哪种产品？请写出产品代码。"},
    expected=_copier_offer,
    also_accept=_copier_offer_names,
    hints=[
        {"en": "rules = book.rules(); look for the rule whose left side is exactly {'CP-100'} — the strongest comes first.",
         "zh": "rules = book.rules()；找左边恰好是 {'CP-100'} 的规则——最强的排在最前面。"},
        {"en": "next(iter(rules[rules.antecedents == frozenset({'CP-100'})].iloc[0].consequents))",
         "zh": "next(iter(rules[rules.antecedents == frozenset({'CP-100'})].iloc[0].consequents))"},
    ],
    solution_code="rules = book.rules()\ncopier_offer = next(iter(rules[rules.antecedents == frozenset({'CP-100'})].iloc[0].consequents))",
)

q9 = TextExercise(
    id="ch08.q9",
    title={"en": "Why does the kit count orders as distinct order ids rather than as rows?", "zh": "为什么本工具按不同的订单号而不是按行数来数订单？"},
    ideas=[
        Idea({"en": "one order has several lines (one per product)", "zh": "一张订单有好几行（每种产品一行）"},
             ["line", "lines", "several products", "many products", "per product", "each product", "rows per", "明细", "多行",
              "好几行", "几行", "每种产品", "每个产品", "一行", "多种产品"]),
        Idea({"en": "counting rows would inflate how often a customer buys", "zh": "按行数会夸大客户的购买频率"},
             ["inflat", "overstat", "exaggerat", "too high", "frequency", "how often", "more orders", "wrong", "夸大", "虚高",
              "偏高", "频率", "次数", "多算", "高估"]),
    ],
    min_length=12,
    hints=[{"en": "Think of one invoice with five products on it: how many purchases is that?", "zh": "想想一张单据上有五种产品：这算几次购买？"}],
    solution_note={"en": "A line-level export has one row per product on an order; counting rows would make a customer who placed one order of five products look like a five-time buyer, inflating frequency (RFM) and 'orders'.",
                   "zh": "明细导出文件里一张订单的每种产品各占一行；按行数数，买了一单五种产品的客户就成了“买了五次”，购买频率（RFM）和订单数都会被夸大。"},
)

q10 = TextExercise(
    id="ch08.q10",
    title={"en": "Rows without a customer id are left out of RFM but kept for the cross-sell rules. Why both?",
           "zh": "没有客户编号的行不参加 RFM，却仍用于交叉销售规则。为什么这样处理？"},
    ideas=[
        Idea({"en": "they cannot be credited to any customer", "zh": "无法算到任何一位客户头上"},
             ["no customer", "nobody", "no one", "anyone", "cannot be credited", "can't be credited", "not credited",
              "which customer", "whose", "unknown customer", "anonymous", "归到", "算到", "不知道是谁", "哪位客户", "匿名",
              "无法对应", "对应不上"]),
        Idea({"en": "they still show which products are bought together", "zh": "仍能说明哪些产品一起购买"},
             ["together", "basket", "bought with", "combination", "co-occur", "still show", "一起", "同时", "购物篮",
              "组合", "搭配"]),
    ],
    min_length=12,
    hints=[{"en": "RFM is about who buys; rules are about what goes with what.", "zh": "RFM 关心的是“谁在买”，规则关心的是“什么和什么一起买”。"}],
    solution_note={"en": "RFM, 80/20 and due dates add up purchases per customer, and an anonymous row belongs to nobody; but a basket is a basket whoever paid, so the rows still show which products are bought together.",
                   "zh": "RFM、二八分析和到期提醒都是按客户累计购买，而匿名的行不属于任何人；但不管是谁付的钱，一个购物篮就是一个购物篮，这些行仍能说明哪些产品常被一起购买。"},
)

EXERCISES = [q1, q2, q3, q4, q5, q6, q7, q8, q9, q10]


def progress():
    """Your recorded progress on this chapter's exercises (also after a kernel restart)."""
    from course.i18n import labels

    return labels(_progress.summary("ch08."))


__all__ = ["____", "progress", *[q.id.split(".")[1] for q in EXERCISES]]
