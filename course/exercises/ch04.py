"""Chapter 4 exercises — customer records and the best customers (第四章练习：建立客户档案).

In the workbook::

    from course.exercises.ch04 import *

binds ``q1`` … ``q12``, the blank ``____`` and :func:`progress`. Answer keys
are computed from the bundled data when a check runs (never at import).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache, cached_property

import pandas as pd

from course.exercises.core import (
    ChoiceExercise,
    FunctionExercise,
    ValueExercise,
    ____,
)
from course.exercises.lazy import Lazy
from course.exercises.text import Idea, TextExercise

AS_OF = "2026-06-30"
#: the sheet of Exercise 9 has its deliberate error in the 4th data row, i.e. spreadsheet row 5
BAD_SHEET_ROW = 5


@cache
def _table(name: str) -> pd.DataFrame:
    from course import data

    return data.load(name)


def _pareto() -> float:
    from course import records

    return records.pareto_share(_table("b2b_orders"), top=0.2)


def _class_a() -> int:
    from course import records

    return int((records.abc_classes(_table("b2b_orders")) == "A").sum())


def _top_fifth_count() -> int:
    """How many accounts the top 20% is (the trap answer for class A)."""
    import math

    from course import records

    return math.ceil(0.2 * len(records.pareto_table(_table("b2b_orders"))))


def _reference_top_share(values, top):
    from course import records

    return records.top_share(values, top)


@cache
def _rfm() -> pd.DataFrame:
    from course import records

    return records.rfm_table(_table("b2c_transactions"), as_of=AS_OF)


def _champions() -> int:
    return int((_rfm()["segment"] == "champions").sum())


@cache
def _lookalike_top3() -> list[str]:
    from course import records

    card = records.customer_scorecard(_table("b2b_orders"), _table("b2b_tickets"), _table("b2b_accounts"), as_of=AS_OF)
    return records.lookalike_scores(_table("b2b_accounts"), card).index[:3].tolist()


def _hangzhou_prospects() -> int:
    accounts = _table("b2b_accounts")
    return int(((accounts["status"] == "prospect") & (accounts["city"] == "杭州")).sum())


def _busiest_month() -> int:
    return int(_table("b2b_orders")["order_date"].dt.month.value_counts().idxmax())


class _ContentOptions(Mapping):
    """Choice options (id → bilingual name) read from the content only when first needed."""

    def __init__(self, section: str = "", key: str | None = None) -> None:
        self.section, self.key = section, key

    @cached_property
    def _options(self) -> dict[str, dict[str, str]]:
        from course import content

        if not self.section:  # _ContentOptions() is empty (e.g. emptied by the exam lock)
            return {}
        rows = content.get(self.section)
        return {r["id"]: r["name"] for r in (rows[self.key] if self.key else rows)}

    def __getitem__(self, option: str) -> dict[str, str]:
        return self._options[option]

    def __iter__(self) -> Iterator[str]:
        return iter(self._options)

    def __len__(self) -> int:
        return len(self._options)


q1 = ValueExercise(
    id="ch04.q1",
    title={"en": "What share of Huaxin's revenue comes from the top 20% of its accounts?", "zh": "华信前 20% 的客户贡献了多大比例的收入？"},
    expected=_pareto,
    kind="share",
    rel_tol=0.002,
    feedback={0.2: {"en": "0.2 is the share of customers; the question asks for their share of revenue.", "zh": "0.2 是客户数的比例，题目问的是他们贡献的收入比例。"},
              0.8: {"en": "0.8 is the rule of thumb, not the measured figure: compute it from the orders.", "zh": "0.8 只是经验说法，不是实际数字：请用订单数据算出来。"}},
    hints=[
        {"en": "Total the order amounts per account, sort from high to low, and sum the first 20% of accounts (rounded up).", "zh": "按客户汇总订单金额，从高到低排序，再把前 20%（向上取整）的客户加起来。"},
        {"en": "The chapter's `records` module has a function for the share held by the top customers: look it up with `help(records)`.",
         "zh": "本章的 `records` 模块里有计算头部客户占比的函数，可以用 `help(records)` 查一查。"},
    ],
    solution_code="top20 = records.pareto_share(orders, top=0.2)",
    correct_message={"en": "Right: close to the 80/20 rule, measured on real orders.", "zh": "对：用真实订单算出来，和二八定律相当接近。"},
)

q2 = ValueExercise(
    id="ch04.q2",
    title={"en": "How many accounts are in class A (running share up to 80%)?", "zh": "A 类客户（累计收入占比不超过 80%）有多少家？"},
    expected=_class_a,
    rel_tol=0,
    abs_tol=0.5,
    feedback=Lazy(lambda: {_top_fifth_count(): {
        "en": f"{_top_fifth_count()} is simply the top 20% of accounts; class A is set by the running share of revenue (up to 80%).",
        "zh": f"{_top_fifth_count()} 只是前 20% 的客户数；A 类要按累计收入占比（不超过 80%）来划。"}}),
    hints=[
        {"en": "`records.abc_classes(orders)` gives one class per account.", "zh": "`records.abc_classes(orders)` 给出每个客户的类别。"},
        {"en": "Compare with 'A' and `.sum()` the True values.", "zh": "与 'A' 比较，再用 `.sum()` 数 True 的个数。"},
    ],
    solution_code="n_class_a = int((records.abc_classes(orders) == 'A').sum())",
    correct_message={"en": "Right. Class A is defined by revenue share, not by a fixed 20% of accounts.", "zh": "对。A 类按收入占比划分，而不是固定取前 20% 的客户。"},
)

q3 = FunctionExercise(
    id="ch04.q3",
    title={"en": "Write top_share(values, top): the share of the total held by the top `top` of customers", "zh": "编写 top_share(values, top)：前 top 比例的客户占总额的份额"},
    cases=[([50, 30, 10, 10], 0.25), ([5, 5, 5, 5, 5], 0.2), ([100], 0.2), ([1, 2, 3, 4, 5, 6, 7], 0.3), ([40, -10, 30, 20, 10], 0.2)],
    reference=_reference_top_share,
    case_label=lambda args: f"values={args[0]}, top={args[1]}",
    hints=[
        {"en": "Count the top customers as ceil(top × n), at least 1. Negative totals (net returns) count as 0.", "zh": "前几名的人数取 ceil(top × n)，至少 1 人。净额为负（退货多于购买）的按 0 计。"},
        {"en": "Clip at 0, sort descending, take the first k and divide by the total: `math.ceil`, `sorted(..., reverse=True)`.", "zh": "先把负数截为 0，从大到小排序，取前 k 个再除以总额：可用 `math.ceil` 和 `sorted(..., reverse=True)`。"},
    ],
    solution_code=(
        "def top_share(values, top):\n    v = sorted((max(x, 0) for x in values), reverse=True)\n"
        "    k = max(1, math.ceil(round(top * len(v), 9)))\n    return sum(v[:k]) / sum(v)"
    ),
    correct_message={
        "en": "Right: your function gives the 80/20 share for any list of customers — run it on each segment to see where revenue concentrates.",
        "zh": "对：这个函数能算出任何一批客户的二八占比——在每个细分市场上都跑一遍，就知道收入集中在哪里。",
    },
)

q4 = ValueExercise(
    id="ch04.q4",
    title={"en": "How many Yuexiang members are champions (RFM, as of 2026-06-30)?", "zh": "截至 2026-06-30，悦享生活馆有多少会员属于“明星客户”（RFM）？"},
    expected=_champions,
    rel_tol=0,
    abs_tol=0.5,
    hints=[
        {"en": "Build the RFM table with `records.rfm_table(transactions, as_of='2026-06-30')`.", "zh": "用 `records.rfm_table(transactions, as_of='2026-06-30')` 得到 RFM 表。"},
        {"en": "Count the rows whose `segment` is 'champions'.", "zh": "数一数 `segment` 为 'champions' 的行。"},
    ],
    solution_code="n_champions = int((rfm['segment'] == 'champions').sum())",
    correct_message={
        "en": "Right: champions bought recently, often and a lot. Thank them, ask them for referrals, and do not waste discounts on them.",
        "zh": "对：明星客户最近买过、买得勤、花得多。感谢他们、请他们介绍新客户，别把折扣浪费在他们身上。",
    },
)

q5 = ChoiceExercise(
    id="ch04.q5",
    title={"en": "A member scores R = 1, F = 4, M = 5. Which segment?", "zh": "某会员得分 R = 1、F = 4、M = 5，属于哪个群体？"},
    options=_ContentOptions("rfm", "segments"),
    answers=["at_risk"],
    explain={
        "champions": {"en": "Champions need a recent purchase (R 4–5); R = 1 means they have not bought for a long time.", "zh": "明星客户要求最近买过（R 4–5 分）；R = 1 说明很久没来了。"},
        "loyal": {"en": "Loyal needs R 3–5 as well as a high F.", "zh": "忠诚客户除了 F 高，还要求 R 在 3–5 分。"},
        "big_spenders": {"en": "Big spenders buy rarely (F 1–3); this member bought often.", "zh": "大额客户买得少（F 1–3 分），这位会员买得很勤。"},
        "hibernating": {"en": "Hibernating members also have low F and M; this one used to buy often and well.", "zh": "沉睡客户的 F 和 M 也低；这位会员以前买得又多又大方。"},
        "need_attention": {"en": "Check the rules in order: an earlier rule already fits.", "zh": "按顺序检查规则：前面已经有一条符合了。"},
    },
    hints=[{"en": "Go down the rules in order and stop at the first that fits all three scores.", "zh": "按顺序逐条核对规则，三项都符合的第一条就是答案。"}],
    solution_note={"en": "At risk: R 1–2 with F and M 3–5 — a good customer who has gone quiet. Call them personally.", "zh": "流失预警客户：R 1–2 分，F 和 M 3–5 分——曾经的好客户最近不来了，要一对一联系。"},
    correct_message={
        "en": "Right: a good customer who has gone quiet. Call them personally before a competitor does — winning them back is cheaper than finding someone new.",
        "zh": "对：曾经的好客户最近不来了。抢在竞争对手之前亲自联系——挽回老客户比开发新客户便宜得多。",
    },
)

q6 = ChoiceExercise(
    id="ch04.q6",
    title={
        "en": "A school buys ¥200,000 a year from Huaxin but calls an engineer out twice a week for small paper jams and insists on the senior technician every time. Which worst-customer trait is this?",
        "zh": "某学校每年从华信采购 20 万元，却每周两次为小小的卡纸叫工程师上门，而且每次都点名要资深技师。这属于哪种最差客户特征？",
    },
    options=_ContentOptions("worst_customer_traits"),
    answers=["demand_attention"],
    explain={
        "cost_more_than_bring": {"en": "Their orders are not small; the problem is the attention they demand.", "zh": "他们的订单并不小，问题在于要求的照顾太多。"},
        "ask_what_you_cannot": {"en": "Clearing a paper jam is well within Huaxin's skills.", "zh": "处理卡纸完全在华信的本事范围之内。"},
        "pull_off_strategy": {"en": "Nothing here pulls Huaxin away from its plan; it just eats time.", "zh": "这并没有把华信拉离战略方向，只是耗时间。"},
        "never_satisfied": {"en": "They are not described as complaining; they want constant special service.", "zh": "题目没说他们抱怨，而是事事都要特殊照顾。"},
    },
    hints=[{"en": "In the data this shows as service hours per ¥10,000 of revenue far above average.", "zh": "在数据上，它表现为每万元收入耗用的服务工时远高于平均水平。"}],
    solution_note={"en": "They swallow your time: a paid service plan and logging every call-out make the cost visible.", "zh": "要求特殊照顾、耗尽精力：改签收费维保、每次上门都登记，成本就看得见了。"},
    correct_message={
        "en": "Right: they swallow service time. Make the cost visible — log every call-out and offer a paid service plan.",
        "zh": "对：他们耗掉大量服务时间。让成本看得见——每次上门都登记，并提供收费的维保方案。",
    },
)

q7 = ValueExercise(
    id="ch04.q7",
    title={"en": "The three prospects that look most like the best customers (ids, best first)", "zh": "与最佳客户最相似的三个潜在客户（编号，按相似度从高到低）"},
    expected=_lookalike_top3,
    ordered=True,
    hints=[
        {"en": "Score the customers with `records.customer_scorecard(orders, tickets, accounts, as_of=...)`, then rank prospects with `records.lookalike_scores(accounts, scorecard)`.", "zh": "先用 `records.customer_scorecard(orders, tickets, accounts, as_of=...)` 给客户打分，再用 `records.lookalike_scores(accounts, scorecard)` 给潜在客户排序。"},
        {"en": "The result is sorted already: take `.index[:3].tolist()`.", "zh": "结果已经排好序：取 `.index[:3].tolist()`。"},
    ],
    solution_code="top3 = records.lookalike_scores(accounts, scorecard).index[:3].tolist()",
    correct_message={
        "en": "Right: these prospects look most like your best customers. Call them first and use what worked with their look-alikes.",
        "zh": "对：这几个潜在客户最像你的最佳客户。先给他们打电话，借用在相似客户身上管用的做法。",
    },
)

q8 = ValueExercise(
    id="ch04.q8",
    title={"en": "Query the archive: how many prospects are there in 杭州 (Hangzhou)?", "zh": "查询档案库：杭州有多少家潜在客户？"},
    expected=_hangzhou_prospects,
    rel_tol=0,
    abs_tol=0.5,
    feedback=Lazy(lambda: {
        int((_table("b2b_accounts")["city"] == "杭州").sum()): {
            "en": "That counts every Hangzhou account; keep only status 'prospect'.", "zh": "这是杭州全部客户单位的数量，还要只保留状态为 prospect 的。"},
        int((_table("b2b_accounts")["status"] == "prospect").sum()): {
            "en": "That is every prospect; keep only those in Hangzhou (city value 杭州).", "zh": "这是全部潜在客户的数量，还要只保留杭州的。"}}),
    hints=[
        {"en": "`archive.count(status=..., city=...)` counts matching records.", "zh": "`archive.count(status=..., city=...)` 可以统计符合条件的记录数。"},
        {"en": "Or in SQL: `archive.query(\"SELECT COUNT(*) AS n FROM customers WHERE status = 'prospect' AND city = '杭州'\")`.", "zh": "也可以写 SQL：`archive.query(\"SELECT COUNT(*) AS n FROM customers WHERE status = 'prospect' AND city = '杭州'\")`。"},
    ],
    solution_code="hz_prospects = archive.count(status='prospect', city='杭州')",
    correct_message={
        "en": "Right: one query answers a planning question in seconds — that is what a kept customer archive is for.",
        "zh": "对：一条查询几秒钟就能回答一个规划问题——建客户档案，图的就是这个。",
    },
)

q9 = ValueExercise(
    id="ch04.q9",
    title={"en": "Your import failed: which spreadsheet row does the message blame?", "zh": "导入失败了：报错信息指出的是表格的第几行？"},
    expected=BAD_SHEET_ROW,
    kind="whole",
    rel_tol=0,
    abs_tol=0.1,
    feedback={4: {"en": "That counts the data rows only; the message counts the header as row 1.", "zh": "这是只数数据行的结果；报错信息把表头算作第 1 行。"},
              3: {"en": "That is the pandas index (counting from 0); read the row the message names.", "zh": "这是 pandas 的索引（从 0 开始数）；请看报错信息里写的行号。"}},
    hints=[
        {"en": "Read the printed message: it says 'row N (row 1 is the header)'.", "zh": "读一读打印出来的信息：里面写着“第 N 行（第 1 行为表头）”。"},
        {"en": "You can also read it from the error itself: `error.row`.", "zh": "也可以直接从错误对象里读：`error.row`。"},
    ],
    solution_code="bad_row = 5",
    correct_message={"en": "Right. Fix that cell in Excel and import again: the import is all or nothing.", "zh": "对。在 Excel 里改好那一格再导入：导入要么全部成功，要么一条不进。"},
)

q10 = ValueExercise(
    id="ch04.q10",
    title={"en": "After the failed import, how many customer records does the archive hold?", "zh": "导入失败之后，档案库里有多少条客户记录？"},
    expected=lambda: len(_table("b2b_accounts")),
    rel_tol=0,
    abs_tol=0.5,
    feedback=Lazy(lambda: {
        len(_table("b2b_accounts")) + 5: {
            "en": "None of the five rows went in: one bad row stops the whole import.", "zh": "五行一行也没有导入：只要有一行出错，整批导入都会停止。"},
        len(_table("b2b_accounts")) + 3: {
            "en": "Not even the rows before the bad one are kept: the import is one transaction.", "zh": "出错行之前的几行也没有保留：整批导入是一个事务。"}}),
    hints=[{"en": "Ask the archive itself how many records it holds now; the import you just tried tells you whether that number changed.",
            "zh": "直接问档案库现在存了多少条记录；刚才那次导入有没有改变这个数，也就清楚了。"}],
    solution_code="records_now = archive.count()",
    correct_message={
        "en": "Right: one bad row stops the whole import, so the archive never holds half a batch. Fix the file and import it again.",
        "zh": "对：一行出错，整批都不导入，档案库里就不会出现半批数据。改好文件再导入一次。",
    },
)

q11 = TextExercise(
    id="ch04.q11",
    title={"en": "Why can a customer with top RFM scores still be one of your worst customers?", "zh": "为什么 RFM 得分很高的客户，仍然可能是最差客户？"},
    ideas=[
        Idea(
            {"en": "the cost to serve them (service time, tickets, attention)", "zh": "服务他们的成本（服务工时、工单、精力）"},
            id="cost_to_serve",
            words=["cost to serve", "cost of serving", "costs to serve", "service", "services", "support", "ticket*", "callout*",
                   "call-out*", "engineer visit*", "attention", "demanding", "time-consuming", "hours", "eat up", "eats up",
                   "takes up", "expensive to serve", "cost more than they bring", "costs more than they bring", "cost us",
                   "服务成本", "成本", "大量服务", "很多服务", "服务要求", "要求服务", "服务次数", "工单", "工时", "上门", "精力", "照顾",
                   "耗时", "占用", "维修", "售后", "花很多时间", "麻烦", "折腾", "没完没了"],
            opposites=["cheap to serve", "easy to serve", "low maintenance", "no service", "省心", "不用操心", "服务成本低"],
        ),
        Idea(
            {"en": "RFM sees spending, not profit (margin, discounts)", "zh": "RFM 只看消费，看不到利润（毛利、折扣）"},
            id="revenue_not_profit",
            words=["profit*", "margin*", "discount*", "net", "after costs", "price cut*", "haggl*", "squeez*", "bargain*",
                   "only spending", "only what they spend", "only revenue", "revenue only", "not profit", "lose money", "loses money",
                   "利润", "毛利", "折扣", "压价", "砍价", "赚不到", "不赚钱", "亏", "亏本", "只看收入", "只看消费", "净利", "赚"],
            opposites=["always profitable", "most profitable", "more revenue means more profit", "spending equals profit",
                       "big spenders are always", "一定最赚钱", "最赚钱", "肯定赚钱", "收入高就是利润高", "花钱多就是好客户"],
            polar=False,
        ),
    ],
    hints=[{"en": "RFM looks only at what they spend. What does it leave out on your side of the deal?", "zh": "RFM 只看客户花了多少钱。站在你这一边，它漏掉了什么？"}],
    solution_note={
        "en": "RFM measures spending only. A big spender can demand so much service, or squeeze such discounts, that the margin left after the cost to serve is thin or negative.",
        "zh": "RFM 只衡量消费。一个花钱多的客户，可能要求大量服务、或者把价格压得很低，扣掉服务成本后，剩下的毛利很薄甚至是负的。",
    },
    correct_message={
        "en": "Right: rank customers on what they leave you, not only on what they spend. Look at service hours and discounts before you call someone your best customer.",
        "zh": "对：给客户排名要看他们给你留下多少，而不只是花了多少。在把谁称为最佳客户之前，先看看服务工时和折扣。",
    },
)

q12 = ValueExercise(
    id="ch04.q12",
    title={"en": "When do they buy? In which calendar month (1–12) does Huaxin receive the most orders?", "zh": "他们什么时候买？华信哪个月份（1–12）收到的订单最多？"},
    expected=_busiest_month,
    kind="whole",
    rel_tol=0,
    abs_tol=0.1,
    hints=[
        {"en": "`orders['order_date'].dt.month` gives the month of each order.", "zh": "`orders['order_date'].dt.month` 可以取出每笔订单的月份。"},
        {"en": "`.value_counts().idxmax()` returns the most frequent value.", "zh": "`.value_counts().idxmax()` 返回出现次数最多的值。"},
    ],
    solution_code="busiest_month = int(orders['order_date'].dt.month.value_counts().idxmax())",
    correct_message={
        "en": "Right: knowing when customers buy tells you when to call — a month or two before their usual buying season.",
        "zh": "对：知道客户什么时候买，就知道什么时候该打电话——在他们惯常的采购季之前一两个月。",
    },
)

EXERCISES = [q1, q2, q3, q4, q5, q6, q7, q8, q9, q10, q11, q12]


def progress():
    """Every exercise of this chapter with your best result, attempts and hints, and what to do next.

    Kept across kernel restarts (see :mod:`course.progress`).
    """
    from course.exercises.panel import progress_panel

    return progress_panel(EXERCISES)


__all__ = ["____", "progress", *[q.id.split(".")[1] for q in EXERCISES]]
