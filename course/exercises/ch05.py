"""Chapter 5 exercises — the buying decision (第五章练习：购买决策过程).

In the workbook::

    from course.exercises.ch05 import *

binds ``q1`` … ``q10``, the blank ``____`` and :func:`progress`. Answer keys
are computed from the bundled data when a check runs (never at import).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from course import content
from course.exercises.core import (
    ChoiceExercise,
    FunctionExercise,
    ValueExercise,
    Verdict,
    ____,
)
from course.exercises.text import Idea, TextExercise


@dataclass(repr=False)
class _TrappedValue(ValueExercise):
    """A value exercise whose likely wrong answers are computed from the data too.

    ``traps`` returns ``{wrong_answer: message}``; a number matches within the
    exercise's tolerance, a collection as a set.
    """

    traps: Callable[[], Mapping[Any, Mapping[str, str]]] | None = field(default=None)
    #: drop empty (NaN) rows of a Series answer, e.g. steps with no leads from ``observed=False``
    drop_empty: bool = False

    def judge(self, answer: Any) -> Verdict:
        if self.drop_empty and isinstance(answer, pd.Series):
            answer = answer.dropna()
        verdict = super().judge(answer)
        if verdict.status != "incorrect" or self.traps is None:
            return verdict
        if isinstance(answer, pd.Series | pd.Index | np.ndarray):  # roles.tolist() or not: the same trap
            answer = list(answer)
        for wrong, message in self.traps().items():
            if isinstance(wrong, frozenset):
                try:
                    hit = isinstance(answer, list | tuple | set | frozenset) and frozenset(answer) == wrong
                except TypeError:  # unhashable items: not this trap
                    hit = False
            else:  # np.int64 from .sum() falls in the same trap as an int
                try:
                    hit = (isinstance(answer, int | float | np.number) and not isinstance(answer, bool | np.bool_)
                           and abs(float(answer) - wrong) <= self.abs_tol)
                except OverflowError:  # 10**400: no trap is that big
                    hit = False
            if hit:
                return Verdict("incorrect", dict(message))
        return verdict


#: the hospital account of Exercise 5
CENTRE_ACCOUNT = "A0004"


@cache
def _table(name: str) -> pd.DataFrame:
    from course import data

    return data.load(name)


def _quote_waiting() -> int:
    leads = _table("b2b_leads")
    return int((leads["asked_quote"] & ~leads["proposal_sent"]).sum())


def _already_customers() -> int:
    from course import decision

    return int(decision.account_has_orders(_table("b2b_leads"), _table("b2b_orders")).sum())


def _ever_ordered() -> int:
    leads = _table("b2b_leads")
    return int(leads["account_id"].isin(_table("b2b_orders")["account_id"]).sum())


def _conversion_by_activity_step() -> pd.Series:
    from course import decision

    leads = _table("b2b_leads")
    return leads.groupby(decision.lead_steps(leads), observed=True)["converted"].mean()


def _authority_by_role() -> pd.Series:
    contacts = _table("b2b_contacts")
    return contacts.groupby("buying_role")["has_authority"].mean()


def _q2_traps() -> dict[Any, dict[str, str]]:
    return {
        _ever_ordered(): {
            "en": "You counted every account that has ever ordered, including orders the lead itself produced. Only orders dated before `created_date` count.",
            "zh": "你把所有下过单的客户都算进去了，包括这条线索自己带来的订单。只能算 `created_date` 之前的订单。",
        }
    }


def _q5_traps() -> dict[Any, dict[str, str]]:
    from course import decision

    known = frozenset(decision.buying_centre(CENTRE_ACCOUNT, _table("b2b_contacts"))["buying_role"])
    return {known: {"en": "Those are the roles already known. List the ones nobody plays yet.", "zh": "这些是已经找到人的角色。要列的是还没人对应的角色。"}}


def _centre_gaps() -> list[str]:
    from course import decision

    return decision.buying_centre_gaps(decision.buying_centre(CENTRE_ACCOUNT, _table("b2b_contacts")))


def _reference_gap(perceived: float, expected: float) -> str:
    from course.decision import gap_outcome

    return gap_outcome(perceived, expected)


def _business_options() -> dict[str, dict[str, str]]:
    return {row["id"]: row["name"] for row in content.get("business_steps")}


def _timing_options() -> dict[str, dict[str, str]]:
    from course.i18n import both

    return {row["id"]: both(f"value.{row['id']}") for row in content.get("buying_timing")}


q1 = ValueExercise(
    id="ch05.q1",
    title={"en": "How many leads asked for a quote but have no proposal yet?", "zh": "有多少条线索已经询价、但还没收到方案？"},
    expected=_quote_waiting,
    rel_tol=0,
    abs_tol=0.5,
    hints=[
        {"en": "Two boolean columns: `asked_quote` must be True and `proposal_sent` False.", "zh": "两个布尔列：`asked_quote` 为 True，且 `proposal_sent` 为 False。"},
        {"en": "Combine the two columns with `&` and negate the second with `~`; summing a True/False column counts the True values.",
         "zh": "用 `&` 连接两列，第二列前面加 `~` 取反；对 True/False 列求和就是数 True 的个数。"},
    ],
    solution_code="quote_waiting = int((leads['asked_quote'] & ~leads['proposal_sent']).sum())",
    correct_message={"en": "Right: each of them is waiting for your quote — the proposal step.", "zh": "对：这些客户都在等你的报价，正处在征求建议书阶段。"},
)

q2 = _TrappedValue(
    id="ch05.q2",
    title={"en": "How many leads come from accounts that had ordered before the lead was created?",
           "zh": "有多少条线索来自“线索创建之前就已下过单”的客户？"},
    expected=_already_customers,
    traps=_q2_traps,
    rel_tol=0,
    abs_tol=0.5,
    hints=[
        {"en": "Find each account's first order date: `orders.groupby('account_id')['order_date'].min()`.", "zh": "先求每个客户的首次下单日期：`orders.groupby('account_id')['order_date'].min()`。"},
        {"en": "Map it onto the leads with `leads['account_id'].map(first)` and compare with `created_date` using `<`; accounts with no order give NaT, which compares as False.",
         "zh": "用 `leads['account_id'].map(first)` 把日期对到每条线索上，再用 `<` 和 `created_date` 比较；没有订单的客户得到 NaT，比较结果为 False。"},
    ],
    solution_code=(
        "first = orders.groupby('account_id')['order_date'].min()\n"
        "already_customer = int((leads['account_id'].map(first) < leads['created_date']).sum())"
    ),
    correct_message={"en": "Right. These leads come from existing customers: a relationship known before contact (they convert more often), "
                           "but it says nothing about where this particular deal stands.",
                     "zh": "对。这些线索来自老客户：这层关系在接触之前就知道（老客户成交得更多），但它说明不了这一单走到了哪一步。"},
)

q3 = _TrappedValue(
    id="ch05.q3",
    title={"en": "Conversion rate per business step, with steps inferred from activity", "zh": "按互动行为推断阶段，计算各阶段的成交率"},
    expected=_conversion_by_activity_step,
    drop_empty=True,
    rel_tol=1e-6,
    hints=[
        {"en": "`decision.lead_steps(leads)` gives each lead's step from its activity.", "zh": "`decision.lead_steps(leads)` 会按互动行为给出每条线索的阶段。"},
        {"en": "Group `converted` by those steps with `observed=True` and take the mean.", "zh": "按这些阶段对 `converted` 分组（加 `observed=True`），求平均值。"},
    ],
    solution_code="rate_by_step = leads.groupby(decision.lead_steps(leads), observed=True)['converted'].mean()",
    correct_message={"en": "Right. Wins appear only once a quote or proposal is on the table, and climb steeply after that.",
                     "zh": "对。只有进入报价或方案阶段之后才开始有成交，而且越往后成交率越高。"},
)

q4 = ValueExercise(
    id="ch05.q4",
    title={"en": "Share of contacts with decision authority, per buying-centre role", "zh": "按采购中心角色，计算有决策权的联系人占比"},
    expected=_authority_by_role,
    rel_tol=1e-6,
    hints=[
        {"en": "The columns are `buying_role` and `has_authority` in `contacts`.", "zh": "用 `contacts` 的 `buying_role` 和 `has_authority` 两列。"},
        {"en": "The mean of a True/False column is the share of True: group, then `.mean()`.", "zh": "布尔列的平均值就是 True 的占比：先分组，再 `.mean()`。"},
    ],
    solution_code="authority_by_role = contacts.groupby('buying_role')['has_authority'].mean()",
    correct_message={"en": "Right. Deciders nearly always can sign, but some buyers and influencers can veto too — talk to more than one person.",
                     "zh": "对。决策者几乎都能拍板，但也有一些采购者和影响者握有否决权——不能只盯着一个人。"},
)

q5 = _TrappedValue(
    id="ch05.q5",
    title={"en": "Which buying-centre roles are still unknown at 杭州国润医院 (A0004)?", "zh": "杭州国润医院（A0004）的采购中心里，哪些角色还不知道是谁？"},
    expected=_centre_gaps,
    traps=_q5_traps,
    hints=[
        {"en": "`decision.buying_centre('A0004', contacts)` lists the contacts and their `buying_role`.", "zh": "`decision.buying_centre('A0004', contacts)` 会列出联系人及其 `buying_role`。"},
        {"en": "Compare with the five roles `decision.role_ids()`: which ids do not appear?", "zh": "和五个角色 `decision.role_ids()` 对照：哪些代码没有出现？"},
    ],
    solution_code="centre = decision.buying_centre('A0004', contacts)\nmissing_roles = [r for r in decision.role_ids() if r not in set(centre['buying_role'])]",
    correct_message={"en": "Right: nobody known yet who sets the technical requirements or handles the purchase — find them before you quote.",
                     "zh": "对：还不知道谁定技术要求、谁负责具体采购——报价之前先把这两个人找出来。"},
)

q6 = ChoiceExercise(
    id="ch05.q6",
    title={
        "en": "A hospital's IT office e-mails a list of technical requirements for 30 switches and asks to borrow a demo unit for two weeks. Which buying step are they in?",
        "zh": "某医院信息科发来 30 台交换机的技术参数清单，并提出借一台样机试用两周。对方处在哪个采购阶段？",
    },
    options=_business_options(),
    answers=["specification"],
    explain={
        "need_recognition": {"en": "They are past noticing a need: they already have written requirements.", "zh": "早就过了发现需求的阶段：技术要求都写出来了。"},
        "need_description": {"en": "Close, but a list of technical requirements is more than a general description.", "zh": "接近了，但一份技术参数清单已经不只是笼统的需求说明。"},
        "supplier_search": {"en": "The demo request is about fixing the specification, not finding suppliers.", "zh": "借样机是为了把规格定下来，还不是在找供应商。"},
        "proposals": {"en": "Nobody has asked for a quote or a proposal yet.", "zh": "对方还没有要求报价或方案。"},
        "supplier_selection": {"en": "There are no proposals to compare yet.", "zh": "现在还没有方案可比。"},
        "order": {"en": "Far too early for contract terms.", "zh": "谈合同条款还早得很。"},
        "performance_review": {"en": "They have not bought anything from you yet.", "zh": "对方还没从你这里买过东西。"},
    },
    hints=[{"en": "Find the two signals in the business steps' signal lists.", "zh": "在单位采购各阶段的信号列表里找找这两个行为。"}],
    solution_note={"en": "Product specification: requirements written down and a trial requested. Offer the demo and help write specs your switch meets well.",
                   "zh": "产品规格阶段：技术要求已经成文，还要求试机。赶紧安排样机，并协助对方起草你的产品能很好满足的规格。"},
    correct_message={
        "en": "Right: written specs and a demo request mean they are fixing the specification. Offer the demo now and help write specs your product meets well.",
        "zh": "对：成文的技术要求加上借样机，说明对方正在定规格。马上安排样机，并协助起草你的产品能很好满足的规格。",
    },
)

q7 = ChoiceExercise(
    id="ch05.q7",
    title={
        "en": "A school's head of general affairs asks detailed questions about the copier, wants a longer warranty, checks it fits the campus network, and the school is funded by the district budget — but nothing is known yet about how they would pay. What is the timing?",
        "zh": "某学校总务主任把复印机问得很细，要求延长保修，还确认能否接入校园网；学校由区财政拨款，但对方打算怎么付款还一无所知。成交时机如何？",
    },
    options=_timing_options(),
    answers=["soon"],
    explain={
        "now": {"en": "Desire is high (3 signs), but only one of the two power signs is confirmed: the payment plan is unknown.", "zh": "欲望确实高（三个信号），但购买力只确认了一项：付款计划还不清楚。"},
        "nurture": {"en": "Count the desire signs again: product interest, deal attention and fit with other needs make three.", "zh": "再数一遍欲望信号：关心产品、关心交易条件、考虑配套，已经三个了。"},
        "drop": {"en": "Three desire signs is a keen buyer; dropping them would waste a good prospect.", "zh": "三个欲望信号说明对方很积极，放下就白白丢掉一个好客户。"},
    },
    hints=[
        {"en": "Count the desire signs (of 5) and the power signs (of 2) separately.", "zh": "分别数一数欲望信号（共 5 个）和购买力信号（共 2 个）。"},
        {"en": "Power is high only with both credit and a payment plan.", "zh": "只有信用和付款计划两项都确认，购买力才算高。"},
    ],
    solution_note={"en": "Desire 3/5 (high), power 1/2 (low) → soon: settle how they will pay (budget cycle, instalments) and prepare the deal.",
                   "zh": "欲望 3/5（高），购买力 1/2（低）→ 近期可成：先把付款方式（预算周期、分期）谈清楚，再准备成交。"},
    correct_message={
        "en": "Right: keen but not yet able to pay — settle the payment plan (budget cycle, instalments) and the deal can close soon.",
        "zh": "对：很想买，但付款还没着落——先把付款方式谈妥（预算周期、分期），这单很快就能成。",
    },
)

q8 = FunctionExercise(
    id="ch05.q8",
    title={"en": "Write satisfaction(perceived, expected) returning 'delighted', 'satisfied' or 'dissatisfied'",
           "zh": "编写 satisfaction(perceived, expected)，返回 'delighted'、'satisfied' 或 'dissatisfied'"},
    cases=[(5, 4), (4, 4), (2, 4), (3.5, 3), (3, 3.5), (1, 1), (4.0, 5.0)],
    reference=_reference_gap,
    case_label=lambda args: "perceived={}, expected={}".format(*args),
    hints=[
        {"en": "Compute the gap `perceived - expected` first.", "zh": "先算差距 `perceived - expected`。"},
        {"en": "Three cases, three return values: a gap above zero, exactly zero, and below zero. Which feeling goes with experience beating expectation?",
         "zh": "三种情况对应三个返回值：差距大于零、等于零、小于零。实际体验超过预期时，客户是什么感受？"},
    ],
    solution_code=(
        "def satisfaction(perceived, expected):\n"
        "    gap = perceived - expected\n"
        "    if gap > 0:\n        return 'delighted'\n"
        "    if gap < 0:\n        return 'dissatisfied'\n"
        "    return 'satisfied'"
    ),
    correct_message={
        "en": "Right: perceived against expected decides satisfaction. Find out what the customer expected before you promise anything.",
        "zh": "对：满意不满意，取决于实际感受和预期的差距。承诺之前，先弄清客户期望的是什么。",
    },
)

q9 = TextExercise(
    id="ch05.q9",
    title={"en": "A customer complains that the new copier jams. What do you do, and why is it an opportunity?",
           "zh": "客户投诉新复印机老卡纸。你该怎么处理？为什么说这也是机会？"},
    ideas=[
        Idea(
            {"en": "respond quickly", "zh": "尽快回应"},
            id="respond_fast",
            words=["quick*", "fast", "immediately", "same day", "prompt*", "at once", "right away", "straight away", "asap",
                   "urgent*", "without delay", "rush", "today", "within a day", "within hours",
                   "尽快", "马上", "立刻", "立即", "及时", "当天", "第一时间", "迅速", "赶紧", "急着", "赶快", "抓紧", "火速", "快速"],
            opposites=["wait*", "reply later", "answer later", "deal with it later", "next week", "ignore*", "take your time",
                       "no hurry", "delay*",
                       "拖", "拖着", "等几天", "以后再说", "不急", "慢慢", "不理", "置之不理", "晾着"],
        ),
        Idea(
            {"en": "find and fix the root cause", "zh": "查清原因，从根子上解决"},
            id="fix_cause",
            words=["cause", "causes", "root", "fix*", "repair*", "solve*", "resolv*", "diagnos*", "find out why", "investigat*",
                   "replace the part", "sort it out", "sort out",
                   "根本", "根子", "原因", "解决", "修好", "排除", "查明", "查清", "检修", "维修", "修理"],
            opposites=["blame*", "user error", "their fault", "your fault", "their own fault", "just apologi*",
                       "怪客户", "怪他们", "用户的错", "推卸", "敷衍", "他们自己的问题"],
        ),
        Idea(
            {"en": "tell the customer what changed and follow up", "zh": "告诉客户改了什么，并回访"},
            id="close_loop",
            words=["tell", "tells", "telling", "inform*", "report back", "follow up", "follow-up", "followup", "call back", "call them back",
                   "let them know", "explain*", "update them", "check back", "check in", "visit again", "keep them informed",
                   "告诉", "告知", "回访", "反馈", "说明", "通知", "交代", "跟进", "回个电话"],
            opposites=["say nothing", "keep quiet", "hide*", "不了了之", "隐瞒", "不吭声", "不告诉"],
        ),
        Idea(
            {"en": "a well-handled complaint can make them more loyal", "zh": "处理得好，客户反而更忠诚"},
            id="loyalty",
            words=["loyal*", "second chance", "trust*", "keep the customer", "keep them", "repeat business", "repeat order*",
                   "come back", "buy again", "win them over", "stronger relationship", "recommend*", "good word",
                   "忠诚", "第二次机会", "再给", "信任", "留住", "回头", "再来", "再买", "口碑", "更牢固", "介绍给别人", "更信赖"],
            opposites=["waste of time", "nuisance", "just a cost", "no opportunity", "lost cause", "浪费时间", "麻烦事", "只是成本", "没什么机会"],
        ),
    ],
    min_ideas=3,
    hints=[{"en": "Think of speed, the cause, closing the loop with the customer, and what they feel afterwards.", "zh": "从四个方面想：速度、原因、给客户一个交代、客户事后的感受。"}],
    solution_note={"en": "Log it and answer the same day, find and fix why it jams, tell the customer what you changed and call back later. A complaint handled well is a second chance: such customers often end up more loyal.",
                   "zh": "登记在案，当天回应；查清卡纸原因并彻底解决；告诉客户改了什么，过几天再回访。投诉处理得好，就是客户又给了你一次机会，这样的客户往往更忠诚。"},
    correct_message={
        "en": "Right: the follow-up visit is where after-sales service starts. A complaint fixed fast and explained well often turns into the next order and a referral.",
        "zh": "对：售后服务从回访开始。投诉解决得快、解释得清楚，往往会换来下一张订单和一次转介绍。",
    },
)

q10 = TextExercise(
    id="ch05.q10",
    title={"en": "Why is it not enough to win over the decider alone?", "zh": "为什么只搞定决策者还不够？"},
    ideas=[
        Idea(
            {"en": "each member cares about different things", "zh": "每个人关心的不一样"},
            id="different_interests",
            words=["different interest*", "different need*", "different concern*", "different priorit*", "different goal*",
                   "care about different", "cares about different", "each member", "each person", "each role", "each of them",
                   "their own concern*", "their own interest*", "own priorit*", "technical fit", "ease of use",
                   "关心的不一样", "关心的不同", "各自关心", "利益不同", "各有各的", "各自的", "不同的需求", "侧重不同", "关注点不同", "在意的不同", "各有侧重"],
            opposites=["same interest*", "same goal*", "all want the same", "want the same thing", "agree on everything",
                       "都一样", "想法一致", "利益一致", "都听决策者的"],
        ),
        Idea(
            {"en": "others can shape or block the decision", "zh": "其他人能影响甚至否决"},
            id="others_can_block",
            words=["veto*", "block*", "influenc*", "shape*", "gatekeeper*", "stop the deal", "stop it", "specif*", "persuad*",
                   "recommend*", "say no", "kill the deal", "overrule*", "sway*", "have a say", "has a say", "stall*",
                   "否决", "影响", "左右", "把关", "拦", "卡住", "说服", "建议", "说不", "搅黄", "拍板前"],
            opposites=["no say", "no influence", "only the decider", "decider alone", "do not count", "don't count", "irrelevant",
                       "ignore them", "ignore the rest", "说了不算", "没有发言权", "无关紧要", "只有决策者", "不用管", "不重要"],
        ),
    ],
    hints=[{"en": "Think of the influencer, the buyer, the user and the gatekeeper: what can each of them do to your deal?", "zh": "想想影响者、采购者、使用者和把关者：他们各自能对这笔生意做什么？"}],
    solution_note={"en": "A purchase passes through a buying centre whose members care about different things (technical fit, price and terms, ease of use), and several of them can shape the specification, block access or veto the choice.",
                   "zh": "采购要经过整个采购中心，每个人关心的不一样（技术匹配、价格条款、好不好用），其中好几个人能左右技术规格、挡住你的联系，甚至否决最终选择。"},
    correct_message={
        "en": "Right: map the whole buying centre and give each member the reason that matters to them. A deal the decider likes can still die with the user or the gatekeeper.",
        "zh": "对：把整个采购中心摸清楚，给每个人一个他在乎的理由。决策者满意的单子，照样可能卡在使用者或把关者那里。",
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
