"""Chapter 6 exercises — prospect strategy and conversion (第六章练习：潜在客户策略与转化).

In the workbook::

    from course.exercises.ch06 import *

binds ``q1`` … ``q10``, the blank ``____`` and :func:`progress`. Answer keys
are computed from the bundled data when a check runs (never at import).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, ClassVar

import pandas as pd

from course import content, i18n
from course.exercises.core import (
    ChoiceExercise,
    Exercise,
    FunctionExercise,
    ValueExercise,
    Verdict,
    ____,
    wrong_type,
)
from course.exercises.text import Idea, TextExercise


@cache
def _data(name: str) -> pd.DataFrame:
    from course import data

    return data.load(name)


def _stalled() -> pd.DataFrame:
    from course import strategy

    return strategy.stalled_leads(_data("b2b_leads"))


# --------------------------------------------------------------------------- a benefit, not a feature
@dataclass(repr=False)
class BenefitExercise(Exercise):
    """Write the *benefit* of a given feature; a feature in disguise gets the coach's explanation.

    Correct when the answer states the gain this feature brings (``gain``,
    judged like a written answer: "it does not save paper" contradicts it) and
    :func:`course.strategy.benefit_feedback` reads it as a benefit.
    """

    feature: Mapping[str, str] = field(default_factory=dict)
    gain: Idea | None = None
    written: ClassVar[bool] = True  # a sentence in the trainee's words: graded "review" for the instructor

    def judge(self, answer: Any) -> Verdict:
        from course import strategy
        from course.exercises.text import Analysis, judge_text

        if not isinstance(answer, str):
            return wrong_type("type.text", answer)
        if self.gain is not None:
            verdict = judge_text(answer, [self.gain], model_answer=self.solution_note)
            if verdict.status != "correct" and (
                verdict.detail.get("ideas", {}).get(self.gain.id) != "missing" or "ideas" not in verdict.detail
            ):
                return verdict  # too short, a list of words, or a gain it contradicts or muddles
        elif Analysis.of(answer).units() < 3:
            return Verdict.of("incorrect", "check.text_short")
        check = strategy.benefit_feedback(answer)
        if check.kind != "benefit":
            return Verdict("incorrect", check.messages())
        if self.gain is not None and not self.gain.found_in(answer):
            return Verdict("incorrect", {lang: i18n.t("ch06.q.off_topic", lang, gain=self.gain.name[lang]) for lang in i18n.LANGUAGES})
        return Verdict("correct", {})

    def answer_record(self, answer: Any) -> Any:
        return answer[:500] if isinstance(answer, str) else None


q1 = BenefitExercise(
    id="ch06.q1",
    title={"en": "Turn a feature into a benefit: duplex printing on by default",
           "zh": "把特征变成好处：默认双面打印"},
    feature={"en": "Two-sided (duplex) printing is switched on by default", "zh": "默认开启双面打印"},
    gain=Idea({"en": "the paper or money the customer saves", "zh": "客户省下的纸或钱"},
              id="saves_paper",
              words=["paper", "sheet*", "money", "bill*", "budget", "cost*", "cheaper", "spend less",
                     "纸", "用纸", "纸张", "钱", "费用", "开支", "成本", "预算", "少花"],
              opposites=["more paper", "more money", "costs more", "cost more", "waste*", "extra cost*", "more expensive", "higher bill*",
                         "多用纸", "更费纸", "浪费", "多花钱", "更贵", "成本更高"]),
    hints=[
        {"en": "Ask “so what?” about the feature: what changes for the office that buys it?",
         "zh": "对这个特征追问一句“那又怎样？”：买了它的单位，日子有什么不同？"},
        {"en": "Talk about what they use less of, in words like “saves”, “so you…”, “no more…”.",
         "zh": "说说他们能少用什么，用上“省下”“不用再”“让您”这类说法。"},
    ],
    solution_note={"en": "For example: “Every job prints on both sides, so the office uses about half the paper and the paper bill drops.”",
                   "zh": "例如：“每份文件都自动双面打印，办公室的用纸差不多省下一半，纸张开支也跟着降下来。”"},
    correct_message={"en": "That is a benefit: it says what the buyer gains. Lead with sentences like this one and keep the feature as the proof behind it.",
                     "zh": "这是好处：说出了客户能得到什么。推介时先讲这样的好处，再拿特征当证据。"},
)


q2 = ChoiceExercise(
    id="ch06.q2",
    title={"en": "Which sentence about Huaxin's switch is a benefit?", "zh": "下面关于华信交换机的说法，哪一句是好处？"},
    options={
        "a": {"en": "It has 24 gigabit ports.", "zh": "它配备 24 个千兆端口。"},
        "b": {"en": "It supports VLANs and PoE+.", "zh": "它支持 VLAN 和 PoE+。"},
        "c": {"en": "New cameras get power from the network cable, so you no longer need an electrician for sockets.",
              "zh": "新装的摄像头直接靠网线供电，不用再请电工来拉插座。"},
        "d": {"en": "It is managed through a cloud platform.", "zh": "它通过云平台进行管理。"},
    },
    answers=["c"],
    explain={
        "a": {"en": "A port count describes the product: the buyer still asks “so what?”.", "zh": "端口数量说的是产品本身，客户还会问“那又怎样？”。"},
        "b": {"en": "“Supports …” lists what the product can do, not what the buyer gains.", "zh": "“支持……”讲的是产品能做什么，不是客户得到什么。"},
        "d": {"en": "How it is managed is a feature; the benefit would be what the IT person no longer has to do.", "zh": "怎么管理是特征；好处应当是网管从此不用再做什么。"},
    },
    hints=[{"en": "Which sentence already answers “so what?” for the buyer?", "zh": "哪一句已经替客户回答了“那又怎样？”"}],
    solution_note={"en": "c: it tells the buyer what they save (an electrician's visit).", "zh": "c：它告诉客户能省下什么（请电工的麻烦）。"},
    correct_message={
        "en": "Right: it says what the buyer no longer has to do. Turn every feature into a “so you…” sentence like this one.",
        "zh": "对：它说出了客户从此不用再做什么。把每个特征都改写成这样的“让您……”句子。",
    },
)


def _reference_sensitivity(transactions: pd.DataFrame, member_id: str, threshold: float = 0.5) -> str:
    rows = transactions.loc[transactions["member_id"] == member_id, "discount_used"]
    return "high" if rows.astype(bool).mean() >= threshold else "low"


def _sensitivity_cases() -> list[tuple]:
    small = pd.DataFrame({
        "member_id": ["a", "a", "b", "b", "b", "c", "d", "d", "d", "d"],
        "discount_used": [True, False, False, False, True, True, True, True, True, False],
    })
    tx = _data("b2c_transactions")
    return [(small, "a"), (small, "b"), (small, "c"), (small, "d", 0.8), (small, "d", 0.7),
            (tx, "M00041"), (tx, "M00006")]


class _LazyCases:
    """The test cases, built from the data only when the check runs."""

    def __iter__(self):
        return iter(_sensitivity_cases())

    def __len__(self) -> int:
        return 7


q3 = FunctionExercise(
    id="ch06.q3",
    title={"en": "Write price_sensitivity_of(transactions, member_id, threshold=0.5)",
           "zh": "编写 price_sensitivity_of(transactions, member_id, threshold=0.5)"},
    cases=_LazyCases(),  # type: ignore[arg-type]
    reference=_reference_sensitivity,
    case_label=lambda args: f"member_id={args[1]!r}" + (f", threshold={args[2]}" if len(args) > 2 else ""),
    hints=[
        {"en": "Select the member's rows, then take the mean of `discount_used`: that is the share of purchases with a discount.",
         "zh": "先筛出这位会员的消费记录，再对 `discount_used` 求平均，就是用券消费的比例。"},
        {"en": "Return 'high' when the share is **at least** the threshold (>=), otherwise 'low'.",
         "zh": "比例**大于等于**门槛（>=）时返回 'high'，否则返回 'low'。"},
    ],
    solution_code=("def price_sensitivity_of(transactions, member_id, threshold=0.5):\n"
                   "    share = transactions.loc[transactions['member_id'] == member_id, 'discount_used'].mean()\n"
                   "    return 'high' if share >= threshold else 'low'"),
    correct_message={
        "en": "Right: with this rule you can tell coupon-driven members from the rest and give each group the offer it answers to.",
        "zh": "对：有了这条规则，就能把冲着优惠来的会员和其他人分开，给每一群人推他们认的方案。",
    },
)


def _coupon_hunters() -> int:
    from course import strategy

    shares = strategy.discount_share(_data("b2c_transactions"))
    return int(((shares["purchase_count"] >= 5) & (shares["discount_share"] >= 0.9)).sum())


def _hunters_without_min() -> int:
    from course import strategy

    return int((strategy.discount_share(_data("b2c_transactions"))["discount_share"] >= 0.9).sum())


def _hunters_strict() -> int:
    from course import strategy

    shares = strategy.discount_share(_data("b2c_transactions"))
    return int(((shares["purchase_count"] >= 5) & (shares["discount_share"] > 0.9)).sum())


class _Feedback(dict):
    """Wrong-answer feedback whose numbers come from the data, computed on first use."""

    def __init__(self, build=dict):
        super().__init__()
        self._build = build
        self._ready = False

    def items(self):
        if not self._ready:
            self.update(self._build())
            self._ready = True
        return super().items()


q4 = ValueExercise(
    id="ch06.q4",
    title={"en": "How many members with at least 5 purchases used a discount on at least 90% of them?",
           "zh": "消费至少 5 次的会员中，有多少人 90% 以上（含）的消费都用了券？"},
    expected=_coupon_hunters,
    rel_tol=0,
    abs_tol=0.5,
    feedback=_Feedback(lambda: {
        _hunters_without_min(): {"en": "You counted members with fewer than 5 purchases too; keep only those with 5 or more.",
                                 "zh": "你把消费不足 5 次的会员也算进去了，只保留消费 5 次及以上的。"},
        _hunters_strict(): {"en": "“At least 90%” includes exactly 90%: use >=, not >.", "zh": "“90% 以上（含）”包括正好 90%：用 >=，不要用 >。"},
    }),
    hints=[
        {"en": "`strategy.discount_share(transactions)` gives `purchase_count` and `discount_share` per member.",
         "zh": "`strategy.discount_share(transactions)` 会给出每位会员的 `purchase_count`（消费次数）和 `discount_share`（用券比例）。"},
        {"en": "Combine two conditions with `&` and count the True values with `.sum()`.",
         "zh": "用 `&` 组合两个条件，再用 `.sum()` 数出 True 的个数。"},
    ],
    solution_code=("shares = strategy.discount_share(transactions)\n"
                   "coupon_hunters = int(((shares['purchase_count'] >= 5) & (shares['discount_share'] >= 0.9)).sum())"),
    correct_message={"en": "Right: these coupon hunters will answer a discount, not a new feature.",
                     "zh": "对：这些“优惠券猎手”认的是折扣，而不是新功能。"},
)


def _largest_package() -> str:
    from course import strategy

    seg = strategy.segment_members(_data("b2c_members"), _data("b2c_transactions"), _data("b2c_basket_items"))
    return str(seg["package_id"].value_counts().index[0])


def _package_names() -> list[str]:
    return [p["name"][lang] for p in content.get("strategy_packages") if p["id"] == _largest_package() for lang in i18n.LANGUAGES]


class _LazyList(list):
    """A list filled from the data on first use."""

    def __init__(self, build=list):
        super().__init__()
        self._build = build

    def __iter__(self):
        if not super().__len__():
            self.extend(self._build())
        return super().__iter__()


q5 = ValueExercise(
    id="ch06.q5",
    title={"en": "Which strategy package covers the most buying members (default segmentation)?",
           "zh": "按默认细分，哪个策略包覆盖的有消费会员最多？"},
    expected=_largest_package,
    also_accept=_LazyList(_package_names),
    feedback={
        "young/low/daily": {"en": "That is the largest class of three layers; the package is set by the first two (age × sensitivity). Give its package_id.",
                            "zh": "这是三层细分后最大的类别；策略包只由前两层（年龄 × 价格敏感度）决定。请给出 package_id。"},
        "young_high": {"en": "Count members per package_id, not per age group alone.", "zh": "按 package_id 数会员人数，而不是只按年龄段数。"},
    },
    hints=[
        {"en": "`strategy.segment_members(members, transactions, basket_items)` has a `package_id` column.",
         "zh": "`strategy.segment_members(members, transactions, basket_items)` 的结果里有 `package_id` 列。"},
        {"en": "`value_counts()` sorts from the most common; take the first label.", "zh": "`value_counts()` 按出现次数从多到少排列，取第一个标签。"},
    ],
    solution_code=("segments = strategy.segment_members(members, transactions, basket_items)\n"
                   "biggest_package = segments['package_id'].value_counts().index[0]"),
    correct_message={
        "en": "Right: the largest package is where a clear strategy pays off most. Write its pitch first.",
        "zh": "对：人数最多的策略包，策略清楚了收益也最大。先写好它的推介说法。",
    },
)


def _decision_maker_stalled() -> int:
    st = _stalled()
    return int(((~st["authority"]) | (st["objection"] == "decision_maker")).sum())


q6 = ValueExercise(
    id="ch06.q6",
    title={"en": "How many stalled leads have not reached the decision-maker?", "zh": "有多少条未成交线索还没接触到决策人？"},
    expected=_decision_maker_stalled,
    rel_tol=0,
    abs_tol=0.5,
    feedback=_Feedback(lambda: {
        int((~_stalled()["authority"]).sum()): {
            "en": "You counted contacts without authority; add the leads whose objection was the decision-maker.",
            "zh": "你只数了对接人没有决策权的；还要加上异议为“决策人”的线索。"},
        int((_stalled()["objection"] == "decision_maker").sum()): {
            "en": "You counted the decision-maker objection only; add the contacts who lack authority.",
            "zh": "你只数了异议为“决策人”的；还要加上对接人没有决策权的线索。"},
    }),
    hints=[
        {"en": "Stalled = `converted` is False. Two signals mean “not the decider”: `authority` is False, or `objection == 'decision_maker'`.",
         "zh": "未成交即 `converted` 为 False。两种信号都说明没找到拍板的人：`authority` 为 False，或 `objection == 'decision_maker'`。"},
        {"en": "Join the two conditions with `|` (or), so a lead with both counts once.", "zh": "用 `|`（或）连接两个条件，两样都占的线索只算一次。"},
    ],
    solution_code=("stalled = leads[~leads['converted']]\n"
                   "no_decider = int((~stalled['authority'] | (stalled['objection'] == 'decision_maker')).sum())"),
    correct_message={
        "en": "Right: these leads are stuck for want of the decision-maker. Ask your contact who signs, and how you can meet them.",
        "zh": "对：这些线索卡在没接触到决策人。问问对接人谁来签字，怎样才能见到他。",
    },
)

class _LeverOptions(Mapping):
    """The nine levers as choice options, read from the content on first use."""

    def _items(self) -> dict[str, dict[str, str]]:
        return {lever["id"]: lever["name"] for lever in content.get("conversion_levers")}

    def __getitem__(self, key: str) -> dict[str, str]:
        return self._items()[key]

    def __iter__(self):
        return iter(self._items())

    def __len__(self) -> int:
        return len(self._items())


LEVER_OPTIONS = _LeverOptions()

q7 = ChoiceExercise(
    id="ch06.q7",
    title={"en": "A school in Hefei, 380 km away, wants 12 printers but worries about slow delivery and no local service. Which lever first?",
           "zh": "合肥一所学校（距杭州 380 公里）想买 12 台打印机，却担心交货慢、当地没人服务。先用哪个转化手段？"},
    options=LEVER_OPTIONS,
    answers=["make_buying_easy"],
    explain={
        "lower_total_cost": {"en": "They did not complain about the price.", "zh": "对方并没有嫌贵。"},
        "remove_resistance": {"en": "Close, but distance and delivery worries are exactly what making buying convenient answers.", "zh": "接近了，但距离远、担心交货，正是“提供购买便利”要解决的问题。"},
        "complete_and_serve": {"en": "Service matters, but the sale is not made yet: first make delivery and local support possible.", "zh": "售后确实重要，但还没成交：先解决送货和本地支持。"},
        "build_brand": {"en": "They do not doubt the product; the obstacle is getting it there.", "zh": "对方并不怀疑产品，难在送过去。"},
    },
    hints=[{"en": "Two signals: far away, and a delivery worry. Which lever has both as triggers?", "zh": "两个信号：距离远、担心交货。哪个手段同时对应这两个信号？"}],
    solution_note={"en": "Make buying convenient: a local partner or remote support, and a delivery date you keep.",
                   "zh": "提供购买便利：找当地合作伙伴或远程支持，并承诺一个能兑现的交货日期。"},
    correct_message={
        "en": "Right: distance and delivery worries are answered by making buying easy — a local partner, remote support and a delivery date you keep.",
        "zh": "对：距离远、担心交货，要靠提供购买便利来解决——当地合作伙伴、远程支持，再加一个说到做到的交货日期。",
    },
)


def _top_lever_l00048() -> str:
    from course import strategy

    return str(strategy.diagnose(_data("b2b_leads"), "L00048").index[0])


q8 = ValueExercise(
    id="ch06.q8",
    title={"en": "Which lever ranks first for the stalled lead L00048?", "zh": "未成交线索 L00048 排第一的转化手段是哪个？"},
    expected=_top_lever_l00048,
    feedback={
        "strengthen_motive": {"en": "Second place. Look at the scores again: one lever collects both decision-maker signals and more weight.",
                              "zh": "这是第二名。再看看得分：有一个手段拿到了两条“决策人”信号，权重更高。"},
        "lower_total_cost": {"en": "Money is missing too, but it weighs less than the decision-maker problem here.",
                             "zh": "这条线索确实缺购买力，但它的权重比不上决策人问题。"},
    },
    hints=[
        {"en": "`strategy.diagnose(leads, 'L00048')` ranks the levers; or pick the lead in the widget of the chapter.",
         "zh": "`strategy.diagnose(leads, 'L00048')` 会给出排好序的手段；也可以在本章的诊断组件里选这条线索。"},
        {"en": "The answer is the lever id of the first row (the table's index).", "zh": "答案是第一行的手段编号（表格的索引）。"},
    ],
    solution_code="first_lever = strategy.diagnose(leads, 'L00048').index[0]",
    correct_message={
        "en": "Right: the diagnosis names the first lever to pull for this lead; start there before you touch the price.",
        "zh": "对：诊断给出了这条线索最先该用的手段；先从这里入手，别急着动价格。",
    },
)

_AGE = "age|ages|young*|old|older|senior*|elderly|middle-aged|generation*|年龄|年轻|老年|中年|年纪|老人|年龄段"
_SENSITIVITY = "price-sensitive|price sensitiv*|sensitiv*|discount*|coupon*|价格敏感|敏感|价格敏感度|用券|折扣"
_MOTIVE = "motive*|motivation*|why they buy|reason* for buying|buying reason*|动机|购买动机|为什么买|买的原因"
_FUNCTION = "function*|feature*|special function|功能|特殊功能|特别的功能"
_SAFETY = "safe|safety|reliab*|risk*|secure|security|trust*|peace of mind|dependab*|安全|可靠|放心|风险|踏实|靠得住|稳妥"
_VALUE = "value for money|good value|worth it|worth the money|worth|bang for|性价比|划算|物有所值|值得|值这个价"

q9 = TextExercise(
    id="ch06.q9",
    title={"en": "What does each layer of the segmentation tell the salesperson to stress?",
           "zh": "分层细分的每一层，分别提示业务员突出什么？"},
    ideas=[
        Idea({"en": "age → a special function for that age group", "zh": "年龄 → 突出该年龄段需要的特殊功能"}, id="age_function",
             words=[f"{_AGE} + {_FUNCTION}"], opposites=[f"{_AGE} + {_SAFETY}|{_VALUE}"]),
        Idea({"en": "price sensitivity → safety and reliability", "zh": "价格敏感度 → 突出安全可靠"}, id="sensitivity_safety",
             words=[f"{_SENSITIVITY} + {_SAFETY}"], opposites=[f"{_SENSITIVITY} + {_FUNCTION}|{_VALUE}"]),
        Idea({"en": "motive → value for money", "zh": "购买动机 → 讲清性价比"}, id="motive_value",
             words=[f"{_MOTIVE} + {_VALUE}"], opposites=[f"{_MOTIVE} + {_FUNCTION}|{_SAFETY}"]),
    ],
    hints=[{"en": "Three layers, three things to stress: one about a function, one about risk, one about value.",
            "zh": "三层，三个重点：一个关于功能，一个关于风险，一个关于值不值。"}],
    solution_note={"en": "By age, stress the special function that age group uses; by price sensitivity, stress safety and reliability so the money feels well spent; by motive, explain the value for money.",
                   "zh": "按年龄，突出这个年龄段用得上的特殊功能；按价格敏感度，突出安全可靠，让钱花得踏实；按购买动机，讲清性价比。"},
    correct_message={
        "en": "Right: each layer answers a different worry, so one customer gets one clear message. Match the pitch to the layer before you match it to the product.",
        "zh": "对：每一层回应的是客户不同的顾虑，所以每位客户只需要听到一个清楚的重点。先按层次定说法，再谈产品。",
    },
)

q10 = TextExercise(
    id="ch06.q10",
    title={"en": "A prospect says “too expensive”. Why is a price cut not the only answer?",
           "zh": "潜在客户说“太贵了”。为什么降价不是唯一的办法？"},
    ideas=[
        Idea(
            {"en": "the customer's total cost includes time and trouble, not only money", "zh": "客户的总成本还包括时间和麻烦，不只是钱"},
            id="total_cost",
            words=["time", "hassle", "trouble", "effort", "total cost", "cost of ownership", "ownership", "running cost*",
                   "installation", "set-up", "setup", "inconvenien*", "downtime", "training",
                   "时间", "麻烦", "折腾", "精力", "总成本", "使用成本", "安装", "省事", "停机", "培训"],
            opposites=["only money", "only the price", "nothing but the price", "nothing but price", "price is all", "just the price",
                       "只看价格", "只在乎价格", "价格就是一切", "只有价格"],
        ),
        Idea(
            {"en": "price on the value the customer sees (show the value, offer terms or financing)", "zh": "按客户认可的价值定价（讲清价值，给付款方案）"},
            id="perceived_value",
            words=["value", "worth", "perceiv*", "instalment*", "installment*", "leas*", "financ*", "payment plan*",
                   "payment terms", "pay monthly", "monthly payments", "spread the cost", "return on", "pays for itself", "roi",
                   "价值", "值", "值得", "分期", "租赁", "付款方式", "付款方案", "认可", "物有所值", "划算", "回本", "按月付"],
            opposites=["just cut the price", "simply cut the price", "only way is to cut", "always cut the price", "cut the price until",
                       "give a bigger discount", "keep lowering", "time to cut the price", "cut the price now",
                       "value in discount*", "only see value in", "only value discount*",
                       "只能降价", "直接降价", "赶紧降价", "马上降价", "现在就降价", "就降价吧", "只有折扣", "一降到底", "降到他满意"],
        ),
    ],
    hints=[{"en": "Lever 3 names three kinds of cost, and says what the price should be based on.",
            "zh": "第 3 个转化手段提到了三种成本，还说了价格应当以什么为依据。"}],
    solution_note={"en": "The customer pays with money, time and hassle: cut all three (set-up, old-machine removal, a three-year cost of ownership) and price on the value they see, with leasing or instalments when the budget is tight.",
                   "zh": "客户付出的有钱、时间和麻烦：三样都帮他省（安装调试、旧机清运、算三年总成本），价格按客户认可的价值来定，预算紧就给租赁或分期。"},
    correct_message={
        "en": "Right: “too expensive” often means “not worth it yet” or “too much trouble”. Ask which before you touch the price — a discount is the costliest answer.",
        "zh": "对：“太贵了”常常是“还觉得不值”或“太麻烦”的意思。先问清是哪一种，再考虑价格——降价是代价最大的办法。",
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
