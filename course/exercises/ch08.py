"""Chapter 8 exercises — your own customer file, your prospecting plan (第八章练习：用自己的数据制定开发计划).

In the workbook::

    from course.exercises.ch08 import *

binds ``q1`` … ``q10``, the blank ``____`` and :func:`progress`. The answer
keys are computed, when a check runs, from the chapter's demo files
(:func:`course.messy_exports.capstone_files`: the bundled data exported the
way a small dealer's systems would) — never at import. Feedback keyed by a
figure of those files (the file's lines, its stray date …) is built on first
use too (:class:`course.exercises.lazy.Lazy`).
"""

from __future__ import annotations

import datetime as _dt
import re
import tempfile
from dataclasses import dataclass
from functools import cache
from typing import Any

from course import progress as _progress
from course.exercises.core import ChoiceExercise, ValueExercise, ____
from course.exercises.lazy import Lazy, LazyList
from course.exercises.text import Idea, TextExercise
from course.exercises.verdict import Verdict
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


@cache
def _raw_sales(lang: str):
    """The demo sales file as plain pandas reads it (for feedback on counts taken from the raw rows)."""
    from course.data import read_table

    return read_table(_demo(lang)["sales"])


def _lang() -> str:
    return get_language()


def _say(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


# --------------------------------------------------------------------------- answer keys
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


def _budget_calls() -> int:
    from course import precision

    n, _ = precision.leads_for_budget(_leads_model(_lang()).test_scores, BUDGET, COST_PER_CONTACT)
    return int(n)


def _share_of_wins() -> float:
    from course import precision

    model = _leads_model(_lang())
    summary = precision.targeting_summary(model.test_scores, model.y_test, top_n=_budget_calls())
    return float(summary["share_of_wins"])


def _copier_offer() -> str:
    from course.messy_exports import PRODUCT_CODES

    rules = _book(_lang()).rules()
    hit = rules[rules["antecedents"] == frozenset({PRODUCT_CODES["copier"]})]
    return next(iter(hit.iloc[0]["consequents"]))


def _copier_offer_names() -> list[str]:
    """The offer by name as either edition's file writes it, and as the kit names the product."""
    from course.messy_exports import PRODUCT_CODES
    from course.precision import product_name

    code = _copier_offer()
    product = next(k for k, v in PRODUCT_CODES.items() if v == code)
    names = [_book(lang).product_names().get(code, code) for lang in ("en", "zh")]
    return [*names, product_name(product, "en"), product_name(product, "zh")]


# --------------------------------------------------------------------------- feedback keyed by the data
def _order_count_feedback() -> dict[Any, dict[str, str]]:
    from course.messy_exports import CAPSTONE_COLUMNS

    book, raw = _book(_lang()), _raw_sales(_lang())
    invoices = raw[CAPSTONE_COLUMNS[_lang()]["sales"]["order_id"]].astype(str)
    cancelled = invoices.str.startswith("C")
    out = {
        book.prepared.rows_read: _say(
            "That is the number of lines. One invoice has a line per product: count distinct order ids.",
            "这是行数。一张单据每种产品占一行：要数不同的订单号。",
        ),
        int(invoices.nunique()): _say(
            "That counts every invoice number in the file, cancellations (C…) and orders without a customer id "
            "included. Count the orders the customer analyses use: a customer id, and something still bought.",
            "这把文件里所有单号都算进去了，包括取消单（C 开头）和没有客户编号的订单。要数的是客户分析用到的订单："
            "有客户编号，且扣除退货后仍有购买。",
        ),
        int(invoices[~cancelled].nunique()): _say(
            "You left out the cancellations, but orders without a customer id and orders returned in full still "
            "count here. Count the order ids of the lines the customer analyses use, with something still bought.",
            "取消单去掉了，但没有客户编号的订单和整单退回的订单还算在里面。要数客户分析用到的行里、仍有购买的订单号。",
        ),
        len(book.orders): _say(
            "That is the number of lines left after reading, not of orders: count distinct order ids.",
            "这是读入后剩下的行数，不是订单数：要数不同的订单号。",
        ),
    }
    every_id = int(book.orders["order_id"].nunique())
    if every_id != book.orders_count():
        out[every_id] = _say(
            "Almost: a few order ids are left with nothing bought once their returns are netted (an amount of 0 or "
            "less). Count only the lines with a positive amount.",
            "差一点：有几个订单号在扣除退货后已经没有购买了（金额为 0 或负数）。只数金额为正的行。",
        )
    return {k: v for k, v in out.items() if k != book.orders_count()}


def _no_customer_feedback() -> dict[Any, dict[str, str]]:
    book, raw = _book(_lang()), _raw_sales(_lang())
    blank = int(raw[_customer_column()].isna().sum())
    out = {
        0: _say(
            "Look again: the 'data as read' table has a step about rows with no customer id.",
            "再看看：“数据读取说明”表里有一步讲的就是没有客户编号的行。",
        ),
        book.prepared.rows_read: _say(
            "That is every row of the file, not the ones without a customer id.",
            "这是文件的全部行数，不是没有客户编号的行数。",
        ),
    }
    if blank != _no_customer():
        out[blank] = _say(
            "That counts every blank customer cell, returns included. A return without a customer id was already "
            "set aside with the returns; this step counts the purchase rows.",
            "这把所有客户编号为空的行都算上了，包括退货。没有客户编号的退货在退货那一步已经放在一边，这一步只数购买的行。",
        )
    return {k: v for k, v in out.items() if k != _no_customer()}


def _as_of_feedback() -> dict[str, dict[str, str]]:
    book = _book(_lang())
    out = {}
    stray = book.stray_dates or {}
    for day in {stray.get("first"), stray.get("last")} - {None}:
        out[str(day)] = _say(
            f"{day} is a stray date long after all the others (a typing error, most likely): the figures are as of "
            "the data's last ordinary day.",
            f"{day} 是一个远远晚于其他日期的异常日期（多半是录入错误）：统计日应取正常数据的最后一天。",
        )
    import pandas as pd

    from course.messy_exports import CAPSTONE_COLUMNS

    # the demo writes US dates (en) or year/month/day (zh): the month comes before the day in both
    written = _raw_sales(_lang())[CAPSTONE_COLUMNS[_lang()]["sales"]["order_date"]].dropna()
    last_written = str(pd.to_datetime(written, format="mixed", dayfirst=False).max().date())
    if last_written not in out:
        out[last_written] = _say(
            f"{last_written} is the last date in the file, but it lies long after all the others (a typing error, most "
            "likely): the figures are as of the data's last ordinary day.",
            f"{last_written} 是文件里最晚的日期，但它远远晚于其他所有日期（多半是录入错误）：统计日应取正常数据的最后一天。",
        )
    first = str(book.orders["order_date"].min().date())
    out[first] = _say(
        "That is the first day of the data; the as-of date is its last ordinary day.",
        "这是数据的第一天；统计日是正常数据的最后一天。",
    )
    out[str(_dt.date.today())] = _say(
        "That is today's date. The figures are as of the data's last ordinary day, "
        "so they do not change from one day to the next.",
        "这是今天的日期。各项数字以数据中正常记录的最后一天为准，不会每天变化。",
    )
    return {k: v for k, v in out.items() if k != _as_of()}


def _share_of_wins_feedback() -> dict[Any, dict[str, str]]:
    model = _leads_model(_lang())
    calls = _budget_calls()
    return {
        calls / len(model.test_scores): _say(
            "That is the share of the held-out leads you call. The question asks what share of their wins those "
            "calls reach.",
            "这是所联系的线索占留出线索的比例。题目问的是这些电话能拿下其中多大比例的成交。",
        ),
        float(calls): _say(
            "That is how many calls the budget pays for; give the share of the wins they reach.",
            "这是预算能打的电话数；请给出这些电话拿下的成交比例。",
        ),
    }


def _offer_feedback() -> dict[str, dict[str, str]]:
    from course.messy_exports import PRODUCT_CODES
    from course.precision import product_name

    out = {
        PRODUCT_CODES["copier"]: _say(
            "That is the copier itself, the left side of the rule; the offer is on its right side.",
            "这是复印机本身，在规则的左边；要推荐的产品在规则的右边。",
        )
    }
    for product, code in PRODUCT_CODES.items():
        if code not in out and code != _copier_offer():
            out[code] = _say(
                f"{code} is the {product_name(product, 'en')}: no rule offers it after a copier. Find the rule whose "
                "left side is the copier alone.",
                f"{code} 是{product_name(product, 'zh')}：没有哪条规则在复印机之后推荐它。请找左边只有复印机的那条规则。",
            )
    return out


# --------------------------------------------------------------------------- exercise kinds
_DATE = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]00:00(?::00(?:\.0+)?)?)?\s*$"
)  # also isoformat()'s 2026-06-30T00:00:00
#: June 30, 2026 / 30 June 2026 / Jun 30 2026 (the English edition's own spelling of dates)
_MONTHS = {m: k for k, name in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                          "september", "october", "november", "december"), start=1)
           for m in (name, name[:3])}
_WORDS_DATE = re.compile(r"^\s*(?:(\d{1,2})\s+([a-z]+)\.?,?|([a-z]+)\.?\s+(\d{1,2}),?)\s+(\d{4})\s*$", re.IGNORECASE)
_US_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def as_date_text(answer: Any) -> Any:
    """A date written any unambiguous way (a date object, ``2026/6/30``, ``2026年6月30日``, ``6/30/2026``) as ``YYYY-MM-DD``.

    Anything else is returned unchanged, to be judged as it is.

    >>> as_date_text("2026年6月30日"), as_date_text("6/30/2026"), as_date_text("6/7/2026")
    ('2026-06-30', '2026-06-30', '6/7/2026')
    >>> as_date_text("2026-06-30T00:00:00"), as_date_text("June 30, 2026"), as_date_text("30 Jun 2026")
    ('2026-06-30', '2026-06-30', '2026-06-30')
    """
    import numpy as np
    import pandas as pd

    if isinstance(answer, pd.Timestamp | _dt.date | np.datetime64):
        stamp = pd.Timestamp(answer)
        return answer if pd.isna(stamp) else stamp.date().isoformat()
    if not isinstance(answer, str):
        return answer
    found = _DATE.match(answer)
    words = _WORDS_DATE.match(answer)
    if found:
        year, month, day = (int(g) for g in found.groups())
    elif words:
        day_first, month_after, month_first, day_after, year = words.groups()
        month = _MONTHS.get((month_after or month_first).lower())
        if month is None:
            return answer
        day, year = int(day_first or day_after), int(year)
    else:
        us = _US_DATE.match(answer)
        if not us:
            return answer
        first, second, year = (int(g) for g in us.groups())
        if first <= 12 < second:  # month first, as the English demo file writes it
            month, day = first, second
        elif second <= 12 < first:
            month, day = second, first
        elif first == second:
            month = day = first
        else:
            return answer  # 6/7/2026: June or July? judged as typed
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return answer


@dataclass(repr=False)
class DateExercise(ValueExercise):
    """A day as the answer: any unambiguous spelling of it, or a date object, is read as ``YYYY-MM-DD``."""

    def judge(self, answer: Any) -> Verdict:
        return super().judge(as_date_text(answer))


# --------------------------------------------------------------------------- the exercises
q1 = ValueExercise(
    id="ch08.q1",
    title={
        "en": "Which column of the sales file holds the customer id?",
        "zh": "销售明细文件中哪一列是客户编号？",
    },
    expected=_customer_column,
    also_accept=("Customer", "客户编号"),
    feedback={
        "account_id": {
            "en": "account_id is the kit's name for the role; give the name of the column in your file.",
            "zh": "account_id 是本工具给这个角色起的名字；请写出它在您文件中的列名。",
        },
        **dict.fromkeys(
            ("Invoice", "单号"),
            {
                "en": "That column holds the order (invoice) number; one customer can have many of them.",
                "zh": "那一列是订单号（单据号），一位客户可以有很多张单据。",
            },
        ),
    },
    hints=[
        {
            "en": "Look at the assistant's table: which column was given the role 'customer id'?",
            "zh": "看映射助手的表：“客户编号”这个角色给了哪一列？",
        },
        {
            "en": "Write the column's name exactly as the file's header row has it, as text in quotes.",
            "zh": "按文件表头中的原样写出列名，用引号括起来（文本）。",
        },
    ],
    solution_code="customer_column = [c for c, r in assistant.mapping().items() if r == 'account_id'][0]",
    correct_message={
        "en": "Right: every customer analysis is keyed on this column. Check it first on any new file — a wrong "
        "customer column makes every later figure wrong.",
        "zh": "对：所有按客户的分析都以这一列为准。拿到新文件先核对它——客户列错了，后面的数字全都跟着错。",
    },
)

q2 = ValueExercise(
    id="ch08.q2",
    title={
        "en": "How many orders are in the sales file — distinct orders, not lines?",
        "zh": "销售明细里有多少张订单——按不同的订单号，而不是行数？",
    },
    expected=_orders,
    kind="count",
    rel_tol=0,
    abs_tol=0,
    feedback=Lazy(_order_count_feedback),
    hints=[
        {
            "en": "One invoice has a line per product: count distinct order ids among the lines still bought.",
            "zh": "一张单据每种产品占一行：请数仍有购买的行里有多少个不同的订单号。",
        },
        {
            "en": "The lines the customer analyses use are in `book.orders`; keep those with a positive `amount` and "
            "count the distinct values of `order_id` (`nunique`).",
            "zh": "客户分析用到的行在 `book.orders` 里；保留 `amount` 为正的行，再数 `order_id` 有多少个不同的值（`nunique`）。",
        },
    ],
    solution_code="n_orders = book.orders_count()",
    correct_message={
        "en": "Right: an order is an order id, however many products it holds. RFM frequency and 'orders' are "
        "counted this way, so a big invoice does not pass for a loyal customer.",
        "zh": "对：一张订单就是一个订单号，不管上面有几种产品。RFM 的购买频率和订单数都这样数，大单才不会被当成忠实客户。",
    },
)

q3 = ValueExercise(
    id="ch08.q3",
    title={
        "en": "How many rows were set aside from the customer analyses for having no customer id?",
        "zh": "有多少行因为没有客户编号而不参加客户分析？",
    },
    expected=_no_customer,
    kind="count",
    rel_tol=0,
    abs_tol=0,
    feedback=Lazy(_no_customer_feedback),
    hints=[
        {
            "en": "The 'data as read' table (`book.steps()`) says it in one of its steps.",
            "zh": "“数据读取说明”表（`book.steps()`）中的某一步写着这个数。",
        },
        {
            "en": "Each step of that table is also an object: `book.prepared.steps` lists them, each with a `key` "
            "saying what it is about and its number of `rows`.",
            "zh": "那张表的每一步也是一个对象：`book.prepared.steps` 列出了它们，每一步有说明其内容的 `key` 和行数 `rows`。",
        },
    ],
    solution_code="no_customer_rows = book.prepared.step('no_customer').rows",
    correct_message={
        "en": "Right: those rows belong to nobody, so they stay out of 80/20, RFM and due dates. Say how many "
        "whenever you show a figure about customers.",
        "zh": "对：这些行不属于任何客户，所以不进二八分析、RFM 和到期提醒。凡是展示按客户统计的数字，都要说明剔除了多少行。",
    },
)

q4 = DateExercise(
    id="ch08.q4",
    title={
        "en": "From which day are the figures computed (the as-of date), as YYYY-MM-DD?",
        "zh": "各项数字是以哪一天为“今天”计算的（统计日），写成 YYYY-MM-DD？",
    },
    expected=_as_of,
    feedback=Lazy(_as_of_feedback),
    hints=[
        {
            "en": "It is the data's last ordinary day, not today's date: the reading notes (`book.reading()`, printed "
            "above the steps table in the chapter) say which day it is and why.",
            "zh": "它是数据中正常记录的最后一天，而不是今天的日期：读取说明（`book.reading()`，本章笔记本里印在数据读取说明表上方）"
            "写了是哪一天、为什么。",
        },
        {
            "en": "The book keeps it as a date and time in `book.as_of`; the answer is its date part, as text.",
            "zh": "它以日期时间的形式保存在 `book.as_of` 里；答案是其中的日期部分，写成文本。",
        },
    ],
    solution_code="as_of = str(book.as_of.date())",
    correct_message={
        "en": "Right: 'today' is the data's last ordinary day, so recency and due dates mean the same whenever the "
        "file is read — and one mistyped future date cannot move them.",
        "zh": "对：“今天”取数据中正常记录的最后一天，这样无论哪天读这份文件，最近购买天数和到期日都不变——一个录错的未来日期也动不了它。",
    },
)

q5 = ValueExercise(
    id="ch08.q5",
    title={
        "en": "What share of the (net) revenue do the top 20% of customers bring?",
        "zh": "前 20% 的客户贡献了多大比例的（扣除退货后的）收入？",
    },
    expected=_top_share,
    kind="share",
    rel_tol=0.002,
    feedback={
        0.2: {
            "en": "0.2 is the share of customers; the question asks for their share of the revenue.",
            "zh": "0.2 是客户数的比例，题目问的是他们贡献的收入比例。",
        },
        0.8: {
            "en": "0.8 is the rule of thumb, not the measured figure: compute it from the file.",
            "zh": "0.8 只是经验说法，不是实际数字：请用文件里的数据算出来。",
        },
    },
    hints=[
        {
            "en": "Chapter 4's 80/20 on your own data: total the net revenue per customer, sort from high to low and "
            "add up the first fifth of the customers.",
            "zh": "就是第四章的二八分析，用在您自己的数据上：按客户汇总净收入，从高到低排序，把前五分之一的客户加起来。",
        },
        {
            "en": "The revenue per customer is the `revenue` column of `book.pareto()`; Chapter 4's `records` module has "
            "a function for the share of the top customers. Answer as a share between 0 and 1.",
            "zh": "每位客户的收入在 `book.pareto()` 的 `revenue` 列；第四章的 `records` 模块里有计算头部客户占比的函数。答案写成 0 到 1 之间的比例。",
        },
    ],
    solution_code="top20 = book.top_share(0.2)",
    correct_message={
        "en": "Right: that is what your top fifth brings, returns deducted. The higher it is, the more your revenue "
        "hangs on a few accounts — keep those first.",
        "zh": "对：这就是前五分之一客户带来的净收入占比（已扣除退货）。这个比例越高，收入越依赖少数客户——先把他们维护好。",
    },
)

q6 = ChoiceExercise(
    id="ch08.q6",
    title={
        "en": "Which columns of the campaign's leads must stay out of a model that picks whom to call?",
        "zh": "活动线索中，哪些列不能放进用来挑选联系对象的模型？",
    },
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
        "engagement": {
            "en": "Engagement is known while the lead is open: a fair sign.",
            "zh": "互动得分在线索跟进中就能知道，可以用。",
        },
        "budget_ok": {
            "en": "Whether there is a budget is asked before the outcome: a fair sign.",
            "zh": "有没有预算在结果出来之前就能问到，可以用。",
        },
        "site_visits": {
            "en": "Web visits happen before the outcome: a fair sign.",
            "zh": "网站访问发生在结果之前，可以用。",
        },
    },
    hints=[
        {
            "en": "Ask of each column: would I know it before I call? The kit's leakage check (`model.left_out`) agrees.",
            "zh": "逐列问自己：打电话之前我能知道它吗？本工具的泄漏检查（`model.left_out`）也会给出同样的结论。",
        },
        {
            "en": "One is the outcome in money, the other only exists once the call has happened.",
            "zh": "一个是用金额表示的结果本身，另一个要等电话打完才有。",
        },
    ],
    solution_note={
        "en": "The contract value is the outcome itself; the call's length is only known after calling, and longer calls go with signing.",
        "zh": "合同金额就是结果本身；通话时长要打完电话才知道，而通话越长越可能签约。",
    },
    correct_message={
        "en": "Right: a column you only learn during or after the call cannot choose whom to call. Ask it of every "
        "column of your own lead list before you trust a score.",
        "zh": "对：打电话时或打完之后才知道的列，不能用来决定给谁打电话。用自己的线索名单之前，每一列都这样问一遍，再相信得分。",
    },
)

q7 = ValueExercise(
    id="ch08.q7",
    title={
        "en": f"A budget of {BUDGET:,} at {COST_PER_CONTACT} a call, best-scored leads first: what share of the held-out wins does it reach?",
        "zh": f"预算 {BUDGET:,}、每次联系 {COST_PER_CONTACT}，按得分从高到低联系：能拿下留出线索中多大比例的成交？",
    },
    expected=_share_of_wins,
    kind="share",
    rel_tol=0,
    abs_tol=0.003,  # under half of one win (1/165): the 59th or 61st call is not the 60th
    feedback=Lazy(_share_of_wins_feedback),
    hints=[
        {
            "en": f"First the number of calls the budget pays for ({BUDGET:,} ÷ {COST_PER_CONTACT}), then how many of "
            "the held-out wins are among that many best-scored leads.",
            "zh": f"先算预算能打几个电话（{BUDGET} ÷ {COST_PER_CONTACT}），再看得分最高的这么多条留出线索里有多少成交。",
        },
        {
            "en": "`precision.leads_for_budget` gives the number of calls; `precision.targeting_summary` reports the "
            "share of wins for the first `top_n` leads, from the held-out `model.test_scores` and `model.y_test`.",
            "zh": "`precision.leads_for_budget` 给出能打的电话数；`precision.targeting_summary` 根据留出集的 `model.test_scores` "
            "和 `model.y_test`，报告前 `top_n` 条线索拿下的成交比例。",
        },
    ],
    solution_code=(
        f"n, _ = precision.leads_for_budget(model.test_scores, {BUDGET}, {COST_PER_CONTACT})\n"
        "share_of_wins = precision.targeting_summary(model.test_scores, model.y_test, top_n=n)['share_of_wins']"
    ),
    correct_message={
        "en": "Right: compare it with the share of the leads those calls are. The wider the gap, the more the "
        "ranking saves you; read it on held-out leads only.",
        "zh": "对：把它和这些电话占全部线索的比例比一比，差距越大，排序帮你省下的越多；而且只能在留出的线索上看这个数。",
    },
)

q8 = ValueExercise(
    id="ch08.q8",
    title={
        "en": "A customer has just bought a copier (CP-100). Which product do the rules say to offer first? Give its code.",
        "zh": "一位客户刚买了复印机（CP-100）。按关联规则，首先应推荐哪种产品？请写出产品代码。",
    },
    expected=_copier_offer,
    also_accept=LazyList(_copier_offer_names),
    feedback=Lazy(_offer_feedback),
    hints=[
        {
            "en": "Look for the rule whose left side is exactly the copier's code; the strongest comes first.",
            "zh": "找左边恰好只有复印机代码的那条规则；最强的排在最前面。",
        },
        {
            "en": "Each row of `rules` is one rule: `antecedents` is what was bought, `consequents` what to offer, both "
            "as sets. Pick the first row whose antecedents is the copier alone and read its offer.",
            "zh": "`rules` 的每一行是一条规则：`antecedents` 是已买的产品，`consequents` 是要推荐的产品，都是集合。"
            "挑出前件只有复印机的第一行，读出它推荐的产品。",
        },
    ],
    solution_code="rules = book.rules()\ncopier_offer = next(iter(rules[rules.antecedents == frozenset({'CP-100'})].iloc[0].consequents))",
    correct_message={
        "en": "Right: offer it at the quote, with the copier. Act on a rule like this when its lift is well above 1: "
        "then the offer really goes with the copier, not with every order.",
        "zh": "对：报价时就把它和复印机一起推荐。提升度明显大于 1 的规则才值得照做：那说明推荐的产品确实跟着复印机走，而不是哪张订单都有。",
    },
)

q9 = TextExercise(
    id="ch08.q9",
    title={
        "en": "Why does the kit count orders as distinct order ids rather than as rows?",
        "zh": "为什么本工具按不同的订单号而不是按行数来数订单？",
    },
    ideas=[
        Idea(
            {
                "en": "one order has several lines (one per product)",
                "zh": "一张订单有好几行（每种产品一行）",
            },
            id="lines_per_order",
            words=[
                "several lines",
                "many lines",
                "multiple lines",
                "more than one line",
                "several rows",
                "many rows",
                "multiple rows",
                "more than one row",
                "line per product",
                "lines per order",
                "row per product",
                "rows per order",
                "line for each product",
                "row for each product",
                "line for every product",
                "row for every product",
                "one line per",
                "one row per product",
                "several products",
                "many products",
                "five products",
                "split over",
                "spread over",
                "line-level",
                "line level",
                "invoice lines",
                "多行",
                "好几行",
                "几行",
                "每种产品",
                "每个产品",
                "各占一行",
                "占一行",
                "多种产品",
                "几种产品",
                "五种产品",
                "拆成",
                "明细",
            ],
            opposites=[
                "each row is an order",
                "every row is an order",
                "each line is an order",
                "every line is an order",
                "a row is an order",
                "a line is an order",
                "one row per order",
                "one line per order",
                "一行就是一张订单",
                "每行就是一张订单",
                "每一行都是一张订单",
                "一行一张订单",
                "一行代表一张订单",
            ],
        ),
        Idea(
            {
                "en": "counting rows would inflate how often a customer buys",
                "zh": "按行数会夸大客户的购买频率",
            },
            id="inflates_frequency",
            words=[
                "inflat*",
                "overstat*",
                "exaggerat*",
                "overcount*",
                "double count*",
                "counted twice",
                "counted several times",
                "counted many times",
                "counted more than once",
                "too many orders",
                "more orders than",
                "look like a frequent",
                "looks like a frequent",
                "five-time",
                "five times",
                "more often",
                "more frequent*",
                "more loyal",
                "too high",
                "夸大",
                "虚高",
                "偏高",
                "多算",
                "高估",
                "重复计算",
                "算成好几次",
                "算成五次",
                "买了五次",
                "当成好几次",
                "更频繁",
                "更常买",
                "次数变多",
            ],
            opposites=[
                "same result",
                "same number",
                "same count",
                "makes no difference",
                "no difference",
                "does not matter",
                "doesn't matter",
                "结果一样",
                "结果相同",
                "数字一样",
                "没有区别",
                "没区别",
                "无所谓",
                "不影响",
            ],
        ),
    ],
    hints=[
        {
            "en": "Think of one invoice with five products on it: how many rows is that, and how many purchases?",
            "zh": "想想一张单据上有五种产品：文件里是几行？又算几次购买？",
        }
    ],
    solution_note={
        "en": "A line-level export has one row per product on an order; counting rows would make a customer who placed one order of five products look like a five-time buyer, inflating frequency (RFM) and 'orders'.",
        "zh": "明细导出文件里一张订单的每种产品各占一行；按行数数，买了一单五种产品的客户就成了“买了五次”，购买频率（RFM）和订单数都会被夸大。",
    },
    correct_message={
        "en": "Right: on a line-level export rows measure products, not purchases. Count order ids, and a customer "
        "who placed one big order is not taken for a regular.",
        "zh": "对：在明细导出文件里，行数量的是产品，不是购买次数。按订单号数，下过一张大单的客户才不会被当成常客。",
    },
)

q10 = TextExercise(
    id="ch08.q10",
    title={
        "en": "Rows without a customer id are left out of RFM but kept for the cross-sell rules. Why both?",
        "zh": "没有客户编号的行不参加 RFM，却仍用于交叉销售规则。为什么这样处理？",
    },
    ideas=[
        # the cues of this idea are negative already ("nobody", "cannot be credited"), and the rows are "without" a
        # customer id: a negation nearby is the topic, not a contradiction (polar=False). The contrary is listed
        # instead, negated forms included ("not anonymous", "we know who").
        Idea(
            {"en": "they cannot be credited to any customer", "zh": "无法算到任何一位客户头上"},
            id="no_customer",
            polar=False,
            words=[
                "anonymous",
                "nobody",
                "no one",
                "no customer",
                "unknown customer",
                "unknown buyer",
                "cannot be credited",
                "can't be credited",
                "cannot be linked",
                "can't be linked",
                "cannot be matched",
                "can't be matched",
                "cannot be assigned",
                "can't be assigned",
                "cannot be attributed",
                "can't be attributed",
                "don't know who",
                "do not know who",
                "can't tell who",
                "cannot tell who",
                "belong to nobody",
                "belong to no one",
                "whose they are",
                "匿名",
                "不知道是谁",
                "不知道是哪位",
                "对应不上",
                "无法对应",
                "算不到",
                "归不到",
                "不属于任何",
                "没有主",
                "不知道算在谁",
            ],
            opposites=[
                "not anonymous",
                "aren't anonymous",
                "isn't anonymous",
                "we know who",
                "we know which customer",
                "we do know which customer",
                "can be credited",
                "can be linked",
                "can be matched",
                "belong to a customer",
                "made-up customer",
                "dummy customer",
                "keep them in RFM",
                "include them in RFM",
                "count them in RFM",
                "不是匿名",
                "并不是匿名",
                "并非匿名",
                "不算匿名",
                "我们知道是哪位客户",
                "知道是谁买的",
                "能对应到客户",
                "能算到客户头上",
                "虚构一个客户",
                "随便记到",
                "算进 RFM",
                "算进RFM",
            ],
        ),
        Idea(
            {
                "en": "they still show which products are bought together",
                "zh": "仍能说明哪些产品一起购买",
            },
            id="baskets_still_count",
            words=[
                "together",
                "bought with",
                "basket*",
                "combination*",
                "co-occur*",
                "go with",
                "goes with",
                "what sells with",
                "一起",
                "同时购买",
                "购物篮",
                "组合",
                "搭配",
            ],
            opposites=[
                "tell us nothing",
                "tells us nothing",
                "say nothing",
                "says nothing",
                "do not show which",
                "does not show which",
                "don't show which",
                "doesn't show which",
                "cannot show which",
                "can't show which",
                "useless for the rules",
                "no use for the rules",
                "drop them from the rules",
                "leave them out of the rules",
                "remove them from the rules",
                "毫无用处",
                "没有用处",
                "没用",
                "从规则里删掉",
                "规则里删掉",
                "删掉它们",
                "不能用于规则",
                "说明不了哪些",
                "看不出哪些",
                "看不出什么",
            ],
        ),
    ],
    hints=[
        {
            "en": "RFM is about who buys; rules are about what goes with what. Which of the two needs a name?",
            "zh": "RFM 关心的是“谁在买”，规则关心的是“什么和什么一起买”。两者中哪一个需要知道是谁？",
        }
    ],
    solution_note={
        "en": "RFM, 80/20 and due dates add up purchases per customer, and an anonymous row belongs to nobody; but a basket is a basket whoever paid, so the rows still show which products are bought together.",
        "zh": "RFM、二八分析和到期提醒都是按客户累计购买，而匿名的行不属于任何人；但不管是谁付的钱，一个购物篮就是一个购物篮，这些行仍能说明哪些产品常被一起购买。",
    },
    correct_message={
        "en": "Right: each analysis keeps what it can use. Dropping a row everywhere because one column is blank "
        "throws away evidence — say instead what each analysis left out.",
        "zh": "对：每项分析只留下自己用得上的行。因为一列空着就把整行处处删掉，等于丢掉证据——应当说明每项分析剔除了什么。",
    },
)

EXERCISES = [q1, q2, q3, q4, q5, q6, q7, q8, q9, q10]


def progress():
    """Your recorded progress on this chapter's exercises (also after a kernel restart)."""
    from course.i18n import labels

    return labels(_progress.summary("ch08."))


__all__ = ["____", "progress", *[q.id.split(".")[1] for q in EXERCISES]]
