"""Chapter 2 exercises — finding prospects (第二章练习：寻找潜在客户的方法).

In the workbook::

    from course.exercises.ch02 import *

binds ``q1`` … ``q10``, the blank ``____`` and :func:`progress`. Answer keys
are computed from the bundled data when a check runs (never at import).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import pandas as pd

from course.exercises.core import (
    ChoiceExercise,
    FunctionExercise,
    ValueExercise,
    Verdict,
    ____,
)
from course.exercises.lazy import Lazy
from course.exercises.text import Idea, TextExercise


@cache
def _table(name: str) -> pd.DataFrame:
    from course import data

    return data.load(name)


def _conversion_by_method() -> pd.Series:
    leads = _table("b2b_leads")
    return leads.groupby("source_method")["converted"].mean()


def _referral_cost_per_win() -> float:
    from course import finding

    return float(finding.method_effectiveness(_table("b2b_leads")).loc["referral", "cost_per_win"])


def _referral_message() -> dict[str, str]:
    """The correct-answer line, its figure and its comparison computed from the data (they once drifted: "¥183")."""
    from course import finding

    cost = finding.method_effectiveness(_table("b2b_leads"))["cost_per_win"]
    value, methods = round(float(cost["referral"])), len(cost)
    if cost.idxmin() == "referral":
        return {
            "en": f"Right: about ¥{value:,} per customer won — the lowest cost per win of all {methods} methods.",
            "zh": f"对：每成交一家约 {value:,} 元，是 {methods} 种方法中单位成交成本最低的。",
        }
    return {
        "en": f"Right: about ¥{value:,} per customer won. Compare it with the other methods in the chapter's table.",
        "zh": f"对：每成交一家约 {value:,} 元。和课程表格里其他方法比一比。",
    }


def _orphan_ids() -> list[str]:
    from course import finding

    return sorted(finding.orphaned_accounts(_table("b2b_accounts"), _table("b2b_reps"))["account_id"])


def _owner_left_ids() -> frozenset:
    accounts, reps = _table("b2b_accounts"), _table("b2b_reps")
    left = reps.loc[reps["left_date"].notna(), "rep_id"]
    return frozenset(accounts.loc[accounts["owner_rep_id"].isin(left), "account_id"])


def _one_off_copier_buyers() -> int:
    from course import finding

    cycles = finding.repurchase_intervals(_table("b2b_orders"), product="copier", as_of="2026-06-30")
    return int((cycles["purchases"] == 1).sum())  # one distinct purchase day, as the exercise asks


def _fine_to_key() -> float:
    from course import finding

    return float(finding.funnel_from_stages(_table("b2b_leads")).loc["key", "step_conversion"])


def _key_over_all_leads() -> float:
    """The trap for q7: key prospects divided by every lead, not by those at fine selection."""
    stage = _table("b2b_leads")["stage"]
    return float(stage.isin(["key", "plan"]).mean())


def _reference_interval(dates) -> float | None:
    from course.finding import interval_from_dates

    return interval_from_dates(dates, method="median")


def _same_interval(got, want) -> bool:
    if want is None:
        return got is None
    try:
        return got is not None and abs(float(got) - float(want)) < 1e-6
    except (TypeError, ValueError):
        return False


class _OrphanExercise(ValueExercise):
    """A list of ids, with a pointed message when the decoys are included."""

    def judge(self, answer):
        try:
            picked = frozenset(str(a) for a in answer) if not isinstance(answer, str) else None
        except TypeError:
            picked = None
        if picked is not None and picked == _owner_left_ids():
            return Verdict("incorrect", {
                "en": "Close: these are all accounts whose owner left. Some of them were contacted after the rep left, so somebody already looks after them — keep only those last contacted before the leaving date.",
                "zh": "接近了：这是负责人已离职的全部客户。其中有几家在业务员离职后还有人联系过，说明已经有人接手——只保留最近联系早于离职日期的那些。",
            })
        return super().judge(answer)


q1 = ValueExercise(
    id="ch02.q1",
    title={"en": "Conversion rate of each source method", "zh": "计算每种寻找方法的成交率"},
    expected=_conversion_by_method,
    rel_tol=1e-6,
    hints=[
        {"en": "Group the leads by `source_method`.", "zh": "按 `source_method` 对线索分组。"},
        {"en": "The mean of the True/False column `converted` in each group is its conversion rate.", "zh": "每组 `converted`（True/False）列的平均值就是成交率。"},
    ],
    solution_code="rate_by_method = leads.groupby('source_method')['converted'].mean()",
    correct_message={"en": "Right. Referrals lead by a wide margin; door-to-door trails.", "zh": "对。介绍法遥遥领先，地毯式访问垫底。"},
)

class _PerLead(Mapping):
    """The cost-per-lead trap of q2, computed from the data on first use (no I/O at import)."""

    MESSAGE = {"en": "That is the cost per lead. Divide the total cost by the leads that converted, not by all leads.",
               "zh": "这是每条线索的成本。应该用总成本除以成交的线索数，而不是全部线索数。"}

    def _data(self) -> dict:
        leads = _table("b2b_leads")
        per_lead = float(leads.loc[leads["source_method"] == "referral", "acquisition_cost"].mean())
        return {round(per_lead, 2): self.MESSAGE}

    def __getitem__(self, key):
        return self._data()[key]

    def __iter__(self):
        return iter(self._data())

    def __len__(self) -> int:
        return 1


q2 = ValueExercise(
    id="ch02.q2",
    title={"en": "What does one customer won through referrals cost Huaxin?", "zh": "华信通过介绍法每成交一家客户要花多少钱？"},
    expected=_referral_cost_per_win,
    rel_tol=0.002,
    feedback=_PerLead(),
    hints=[
        {"en": "Take the referral leads only, add up their `acquisition_cost`, and divide by how many converted.", "zh": "只看介绍法的线索，把 `acquisition_cost` 加总，再除以成交的条数。"},
        {"en": "Select the referral leads first (a boolean filter on `source_method`); then it is one division: their total `acquisition_cost` over the number of them that converted.",
         "zh": "先用 `source_method` 做布尔筛选，选出介绍法的线索；然后只需一次除法：它们的 `acquisition_cost` 总和，除以其中成交的条数。"},
    ],
    solution_code="ref = leads[leads['source_method'] == 'referral']\ncost_per_win = ref['acquisition_cost'].sum() / ref['converted'].sum()",
    correct_message=Lazy(lambda: _referral_message()),
)

q3 = _OrphanExercise(
    id="ch02.q3",
    title={"en": "List the orphaned accounts", "zh": "列出“无人管”的客户"},
    expected=_orphan_ids,
    hints=[
        {"en": "Join each account's `owner_rep_id` to the reps' `left_date` with `merge`.", "zh": "用 `merge` 把客户的 `owner_rep_id` 和销售代表的 `left_date` 连起来。"},
        {"en": "Keep rows where `left_date` is not empty and `last_contact_date < left_date`, then take `account_id`.", "zh": "保留 `left_date` 不为空且 `last_contact_date < left_date` 的行，再取 `account_id`。"},
    ],
    solution_code=(
        "merged = accounts.merge(reps[['rep_id', 'left_date']], left_on='owner_rep_id', right_on='rep_id')\n"
        "orphan_ids = merged.loc[merged['left_date'].notna() & (merged['last_contact_date'] < merged['left_date']), 'account_id'].tolist()"
    ),
    correct_message={"en": "Right. Ask your manager, then call them: they bought before and nobody has asked since.", "zh": "对。征得主管同意后就联系他们：他们买过东西，只是之后再没人问过。"},
)

q4 = FunctionExercise(
    id="ch02.q4",
    title={"en": "Write typical_interval(dates): the median days between purchases, or None", "zh": "编写 typical_interval(dates)：返回两次购买间隔天数的中位数，或 None"},
    cases=[
        (["2010-06-18", "2014-06-10", "2018-07-05", "2022-06-30"],),
        (["2021-03-01"],),
        (["2020-01-01", "2020-01-01", "2022-01-01"],),
        (["2015-01-01", "2015-03-01", "2019-01-01", "2023-01-01"],),
        (["2024-05-01", "2019-05-01"],),
        (["2023-04-04", "2023-04-04"],),
    ],
    reference=_reference_interval,
    compare=_same_interval,
    case_label=lambda args: ", ".join(args[0]),
    hints=[
        {"en": "Turn the dates into datetimes, drop same-day duplicates and sort them before looking at gaps.", "zh": "先把日期转成日期类型，去掉同一天的重复，再排序，然后再看间隔。"},
        {"en": "`pd.to_datetime`, `.drop_duplicates()` and `.sort_values()` prepare the dates; `.diff()` gives the gaps and `.dt.days` turns them into numbers. Fewer than two distinct dates means there is no gap to measure.",
         "zh": "`pd.to_datetime`、`.drop_duplicates()` 和 `.sort_values()` 先把日期整理好；`.diff()` 求出间隔，`.dt.days` 把间隔变成天数。不同的日期少于两个，就没有间隔可算。"},
    ],
    solution_code=(
        "def typical_interval(dates):\n"
        "    days = pd.to_datetime(pd.Series(dates)).drop_duplicates().sort_values()\n"
        "    if len(days) < 2:\n"
        "        return None\n"
        "    return float(days.diff().dt.days.median())"
    ),
    correct_message={"en": "Right, and one-off buyers get None: an honest 'unknown', not a guess.", "zh": "对，只买过一次的返回 None：老老实实说“未知”，而不是瞎猜。"},
)

class _AllCopierBuyers(_PerLead):
    """The 'every copier buyer' trap of q5, computed on first use."""

    MESSAGE = {"en": "That counts every copier buyer. Keep only those with a single distinct purchase date.",
               "zh": "这是所有买过复印机的客户数。只保留购买日期只有一个的客户。"}

    def _data(self) -> dict:
        orders = _table("b2b_orders")
        return {int(orders.loc[orders["product"] == "copier", "account_id"].nunique()): self.MESSAGE}


q5 = ValueExercise(
    id="ch02.q5",
    title={"en": "How many accounts have bought a copier only once?", "zh": "有多少家客户只买过一次复印机？"},
    expected=_one_off_copier_buyers,
    rel_tol=0,
    abs_tol=0.5,
    feedback=_AllCopierBuyers(),
    hints=[
        {"en": "Filter the orders to `product == 'copier'`, then count distinct order dates per account.", "zh": "先筛出 `product == 'copier'` 的订单，再数每家客户有几个不同的下单日期。"},
        {"en": "`groupby('account_id')['order_date'].nunique()`, then count how many equal 1.", "zh": "`groupby('account_id')['order_date'].nunique()`，再数等于 1 的有多少。"},
    ],
    solution_code="copiers = orders[orders['product'] == 'copier']\none_off = int((copiers.groupby('account_id')['order_date'].nunique() == 1).sum())",
    correct_message={"en": "Right. For these the interval is unknown: ask them how long they keep a machine.", "zh": "对。这些客户的周期未知：去问问他们一台机器一般用几年。"},
)

q6 = ChoiceExercise(
    id="ch02.q6",
    title={
        "en": "For Huaxin (organisations, high price, narrow market, small territory, small budget), which method does the chooser rank lowest?",
        "zh": "对华信来说（客户是单位、价格高、市场窄、区域小、预算有限），方法选择器把下面哪种方法排在最后？",
    },
    options={
        "referral": {"en": "Referrals and introductions", "zh": "介绍寻找法"},
        "online_search": {"en": "Online search", "zh": "网络寻找法"},
        "trade_fair": {"en": "Trade fairs and exhibitions", "zh": "交易会（展示会）寻找法"},
        "advertising": {"en": "Advertising", "zh": "广告寻找法"},
    },
    answers=["advertising"],
    explain={
        "referral": {"en": "Referrals fit every one of these features: cheap, and strong in narrow B2B markets.", "zh": "介绍法在这几个特点上都很合适：花钱少，在窄而专的 B2B 市场里尤其有效。"},
        "online_search": {"en": "Online search is cheap and suits B2B; it ranks well here.", "zh": "网络寻找成本低、适合 B2B，在这里排名靠前。"},
        "trade_fair": {"en": "Fairs are expensive and need a large territory, but they suit narrow B2B markets and high prices — not the lowest.", "zh": "展会花钱多、更适合大区域，但对窄而专的 B2B 市场和高价产品还算合适——不是最低的。"},
    },
    hints=[{"en": "Which method needs money up front and is hard to aim at a small niche?", "zh": "哪种方法需要先花钱，又很难瞄准一小撮客户？"}],
    solution_note={"en": "Advertising: costly with a small budget and hard to aim at a narrow market; run `finding.rank_methods(...)` to see the full ranking.", "zh": "广告寻找法：预算有限时太贵，又难以瞄准窄市场；运行 `finding.rank_methods(...)` 可以看到完整排序。"},
    correct_message={
        "en": "Right: with a small budget and a narrow market, advertising pays for many people who will never buy. Spend it on referrals and targeted search first.",
        "zh": "对：预算小、市场窄的时候，广告的钱大多花在了永远不会买的人身上。先把钱用在介绍和有针对性的搜索上。",
    },
)

q7 = ValueExercise(
    id="ch02.q7",
    title={"en": "Share of fine-selection leads that became key prospects", "zh": "进入精选的线索中，有多大比例成为重点潜在客户？"},
    expected=_fine_to_key,
    kind="share",
    rel_tol=0.002,
    feedback=Lazy(lambda: {_key_over_all_leads(): {"en": "That divides by all leads. Divide by the leads that reached fine selection.", "zh": "这是除以全部线索得到的。应该除以走到精选阶段的线索数。"}}),
    hints=[
        {"en": "A lead that reached `key` or `plan` also passed fine selection. Count leads at `fine` or beyond, and at `key` or beyond.", "zh": "走到 `key` 或 `plan` 的线索也都通过了精选。分别数出到达 `fine` 及以后、`key` 及以后的线索数。"},
        {"en": "`.isin([...])` tests a column against several stages at once; its `.sum()` counts the leads. You need two such counts and one division.",
         "zh": "`.isin([...])` 可以一次判断多个阶段，再用 `.sum()` 数出线索数。需要这样数两次，再做一次除法。"},
    ],
    solution_code="fine_to_key = leads['stage'].isin(['key', 'plan']).sum() / leads['stage'].isin(['fine', 'key', 'plan']).sum()",
    correct_message={
        "en": "Right: this step rate shows where the funnel narrows. Compare it with the other steps to see where your effort should go.",
        "zh": "对：这个阶段转化率说明漏斗在哪里收窄。和其他阶段比一比，就知道力气该花在哪儿。",
    },
)

q8 = TextExercise(
    id="ch02.q8",
    title={"en": "A customer has used your copiers for 17 years and bought 4. Their machine is 4 years old. What do you do, and why?", "zh": "某客户用你的复印机 17 年，一共买了 4 台，现在这台已用了 4 年。你该怎么做？为什么？"},
    ideas=[
        Idea(
            {"en": "they replace about every 4 years (17 ÷ 4)", "zh": "大约每 4 年换一次（17 ÷ 4）"},
            id="cycle",
            words=["every 4 years", "every four years", "each 4 years", "every 4 or so years", "once every 4", "once every four",
                   "17/4", "17 ÷ 4", "4.25", "4.25 years", "replacement cycle", "buying cycle", "cycle", "due for a new",
                   "due for replacement", "time to replace", "ready to replace", "replace it soon", "about to replace",
                   "每4年", "每 4 年", "每四年", "4年一", "4 年一", "四年一", "17÷4", "17/4", "周期", "换一次", "该换", "到了换",
                   "快要换", "要换新", "换新的时候", "想换"],
            opposites=["no pattern", "no cycle", "years left", "many more years", "not due", "没有规律", "还能用很多年", "还早"],
        ),
        Idea(
            {"en": "contact them now, before a competitor does", "zh": "现在就联系，抢在竞争对手前面"},
            id="contact_now",
            words=["now", "call", "calls", "calling", "contact*", "visit*", "today", "this week", "this month", "right away",
                   "immediately", "first", "before the competition", "before a competitor", "before competitors", "reach out",
                   "get in touch",
                   "现在", "马上", "立刻", "立即", "打电话", "联系", "拜访", "抢先", "第一个", "赶紧", "尽快", "主动"],
            opposites=["wait*", "later", "next year", "for now", "leave them alone", "until it breaks", "until they call",
                       "等", "等等", "再说", "明年", "过几年", "不急", "以后", "坏了再"],
        ),
    ],
    hints=[{"en": "Work out how often they buy, then compare it with the age of the current machine.", "zh": "先算出他们多久买一次，再和现在这台机器的年龄比一比。"}],
    solution_note={"en": "17 years ÷ 4 purchases ≈ one every 4 years; the current machine is 4 years old, so they are entering the craving period. Call now: the first seller to call usually wins.", "zh": "17 年 ÷ 4 次 ≈ 每 4 年一台；现在这台已经用了 4 年，正好进入想换新的时候。现在就打电话：谁先打，生意多半就是谁的。"},
    correct_message={
        "en": "Right: the order history tells you when the next order is due. Put such accounts on this month's call list — the first seller to ask usually wins.",
        "zh": "对：订单历史告诉你下一单什么时候到期。把这样的客户列进本月的电话清单——谁先开口，生意多半就是谁的。",
    },
)

q9 = TextExercise(
    id="ch02.q9",
    title={"en": "Why do referrals convert better and cost less than most methods?", "zh": "为什么介绍法比大多数方法成交率高、花钱少？"},
    ideas=[
        Idea(
            {"en": "the introducer's trust carries over to you", "zh": "介绍人的信任转到你身上"},
            id="trust_carries",
            words=["trust*", "believe*", "credib*", "vouch*", "reputation", "word of mouth", "confidence in", "already know", "know the introducer",
                   "warm introduction", "warm lead*", "goodwill", "faith in",
                   "信任", "信得过", "信赖", "口碑", "熟人", "人情", "担保", "背书", "放心"],
            opposites=["distrust*", "mistrust*", "suspicious", "strangers", "cold call*", "陌生", "戒心", "怀疑"],
        ),
        Idea(
            {"en": "asking for an introduction costs little", "zh": "请人介绍几乎不花钱"},
            id="cheap_to_ask",
            words=["cheap*", "cost little", "costs little", "cost less", "costs less", "low cost", "lower cost", "free",
                   "little money", "no money", "no cost", "costs nothing", "cost nothing", "inexpensive", "save money",
                   "saves money", "no advertising", "no ad*", "no fee*", "almost nothing", "next to nothing",
                   "便宜", "不花钱", "花钱少", "少花钱", "成本低", "低成本", "省钱", "免费", "不用花钱", "没什么成本", "几乎不用钱", "花费很少"],
            opposites=["expensive", "costly", "cost more", "costs more", "high cost*", "a lot of money", "贵", "花钱多", "成本高", "很费钱"],
        ),
    ],
    hints=[{"en": "Think about what the new prospect feels towards the person who introduced you, and what you paid.", "zh": "想想新客户对介绍人是什么态度，再想想你为此花了多少钱。"}],
    solution_note={"en": "The prospect already trusts the introducer, and that trust carries over to you; asking for an introduction costs almost nothing.", "zh": "新客户本来就信任介绍人，这份信任会转到你身上；而请人介绍几乎不用花钱。"},
    correct_message={
        "en": "Right: a referral arrives with borrowed trust and almost no cost. Ask every satisfied customer for one name — it is the cheapest lead you will get.",
        "zh": "对：介绍来的客户自带信任，成本又几乎为零。每个满意的客户都请他介绍一个人——这是你能拿到的最便宜的线索。",
    },
)

q10 = ChoiceExercise(
    id="ch02.q10",
    title={"en": "Five-step rule: which of these is NOT one of the three good outcomes of a chat?", "zh": "五步原则：下面哪一项不属于搭话后的三种好结果？"},
    options={
        "they_call": {"en": "They agree to call you", "zh": "对方答应给你打电话"},
        "you_call": {"en": "They agree that you may call them", "zh": "对方同意你给他打电话"},
        "referral": {"en": "They pass your name to someone who needs it", "zh": "对方把你介绍给用得上的人"},
        "sign_now": {"en": "They sign an order on the spot", "zh": "对方当场签单"},
    },
    answers=["sign_now"],
    explain={
        "they_call": {"en": "That is a good outcome: they will get in touch.", "zh": "这正是好结果之一：对方会主动联系你。"},
        "you_call": {"en": "That is a good outcome: you have permission to follow up.", "zh": "这正是好结果之一：你可以名正言顺地跟进。"},
        "referral": {"en": "That is a good outcome: a referral is worth a lot.", "zh": "这正是好结果之一：一次介绍价值不小。"},
    },
    hints=[{"en": "The rule is about opening doors, not closing deals.", "zh": "这条原则讲的是打开局面，而不是当场成交。"}],
    solution_note={"en": "A chance encounter should end in a next contact — they call, you call, or they refer you — not a signature.", "zh": "偶遇的目标是换来下一次联系——对方打来、你打过去，或者他帮你介绍——而不是当场签单。"},
    correct_message={
        "en": "Right: a chance chat should open a door — a call, a visit or a referral — not close a deal. Collect the next step, not the signature.",
        "zh": "对：偶遇聊天是为了打开一扇门——一个电话、一次拜访或一次介绍——而不是当场成交。要拿到的是下一步，不是签字。",
    },
)

EXERCISES = [q1, q2, q3, q4, q5, q6, q7, q8, q9, q10]


def progress():
    """Every exercise of this chapter with your best result, attempts and hints, and what to do next.

    Kept across kernel restarts (see :mod:`course.progress`).
    """
    from course.exercises.panel import progress_panel

    return progress_panel(EXERCISES)


__all__ = ["____", "progress", *[q.id.split(".")[1] for q in EXERCISES]]
