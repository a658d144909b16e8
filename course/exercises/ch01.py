"""Chapter 1 exercises — what a prospect is (第一章练习：什么是潜在客户).

In the workbook::

    from course.exercises.ch01 import *

binds ``q1`` … ``q10``, the blank ``____`` and :func:`progress`. Answer keys
are computed from the bundled data when a check runs (never at import), so
they cannot drift from the data.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from course.exercises.core import (
    ChoiceExercise,
    FunctionExercise,
    ValueExercise,
    ____,
)
from course.exercises.text import Idea, TextExercise


@cache
def _leads() -> pd.DataFrame:
    from course import data

    return data.load("b2b_leads")


@cache
def _accounts() -> pd.DataFrame:
    from course import data

    return data.load("b2b_accounts")


def _desire_without_power() -> int:
    leads = _leads()
    return int((leads["need"] & ~leads["money"]).sum())


def _lost_share() -> float:
    return float((_accounts()["status"] == "lost").mean())


def _pursue_ids() -> list[str]:
    leads = _leads()
    return leads.loc[leads["money"] & leads["authority"] & leads["need"], "lead_id"].tolist()


def _conversion_by_code() -> pd.Series:
    from course import prospects

    leads = _leads()
    return leads.groupby(prospects.man_codes(leads))["converted"].mean()


def _best_band() -> str:
    from course import data, prospects

    table = prospects.purchasing_power(data.load("b2c_members"), data.load("b2c_transactions"), by="income_band")
    return str(table.index[0])


def _reference_code(money: bool, authority: bool, need: bool) -> str:
    from course.prospects import man_code

    return man_code(money, authority, need)


ACTIONS = {
    "pursue": {"en": "Pursue now: the ideal target", "zh": "立即全力跟进：理想对象"},
    "develop": {"en": "Contact and create the need", "zh": "接触并激发需求"},
    "redirect": {"en": "Contact and find the person with authority", "zh": "接触，并设法找到有决策权的人"},
    "finance": {"en": "Contact, check credit, offer financing", "zh": "接触，核查经营和信用状况，提供融资方案"},
    "cultivate": {"en": "Keep in touch and cultivate long term", "zh": "保持联系，长期观察培养"},
    "stop": {"en": "Stop contact: not a customer", "zh": "停止接触：不是客户"},
}

q1 = ValueExercise(
    id="ch01.q1",
    title={"en": "Count the leads with desire but no purchasing power", "zh": "统计“有欲望、缺购买力”的线索数"},
    expected=_desire_without_power,
    rel_tol=0,
    abs_tol=0.5,
    hints=[
        {"en": "Desire without power means `need` is True and `money` is False.", "zh": "“有欲望、缺购买力”即 `need` 为 True 且 `money` 为 False。"},
        {"en": "Combine boolean columns with `&` and `~`, then `.sum()` counts the True values.", "zh": "用 `&` 和 `~` 组合布尔列，再用 `.sum()` 统计 True 的个数。"},
    ],
    solution_code="desire_no_power = int((leads['need'] & ~leads['money']).sum())",
    correct_message={"en": "Right: these leads want it but cannot pay yet — latent demand.", "zh": "对：这些线索想买但暂时付不起，属于潜在需求。"},
)

q2 = ValueExercise(
    id="ch01.q2",
    title={"en": "What share of Huaxin's accounts has been lost?", "zh": "华信的客户单位中，已流失的占多大比例？"},
    expected=_lost_share,
    kind="share",
    also_accept=[],
    rel_tol=0.005,
    hints=[
        {"en": "The `status` column of `accounts` says customer, prospect or lost.", "zh": "`accounts` 的 `status` 列取值为 customer、prospect 或 lost。"},
        {"en": "The mean of a True/False column is the share of True.", "zh": "布尔列的平均值就是 True 的占比。"},
    ],
    solution_code="lost_share = (accounts['status'] == 'lost').mean()",
    correct_message={"en": "Right. Every year some customers go; that is why prospecting never stops.", "zh": "对。每年都会流失一些客户，所以寻找潜在客户不能停。"},
)

q3 = ValueExercise(
    id="ch01.q3",
    title={"en": "List the lead ids to pursue now (full MAN)", "zh": "列出应当立即跟进的线索编号（MAN 三项齐全）"},
    expected=_pursue_ids,
    hints=[
        {"en": "All three of `money`, `authority` and `need` must be True.", "zh": "`money`、`authority`、`need` 三列都必须为 True。"},
        {"en": "Filter with `leads.loc[mask, 'lead_id']` and turn it into a list.", "zh": "用 `leads.loc[条件, 'lead_id']` 筛选，再转成列表。"},
    ],
    solution_code="pursue_ids = leads.loc[leads['money'] & leads['authority'] & leads['need'], 'lead_id'].tolist()",
    correct_message={
        "en": "Right: these leads have money, authority and need — put them at the top of this week's calls; every other code needs a different plan first.",
        "zh": "对：这些线索有钱、有决策权、有需求——把它们排在本周电话清单的最前面；其他代码都得先换个打法。",
    },
)

q4 = ValueExercise(
    id="ch01.q4",
    title={"en": "Conversion rate of each MAN code", "zh": "计算每种 MAN 代码的成交率"},
    expected=_conversion_by_code,
    rel_tol=1e-6,
    hints=[
        {"en": "`prospects.man_codes(leads)` gives one code per lead.", "zh": "`prospects.man_codes(leads)` 可得到每条线索的代码。"},
        {"en": "Group the `converted` column by those codes and take the mean.", "zh": "按这些代码对 `converted` 列分组求平均。"},
    ],
    solution_code="rate_by_code = leads.groupby(prospects.man_codes(leads))['converted'].mean()",
    correct_message={"en": "Right. Compare MAN with man: that gap is why qualification pays.", "zh": "对。比较一下 MAN 和 man 的差距，就知道资格判断为什么值得做。"},
)

q5 = ChoiceExercise(
    id="ch01.q5",
    title={
        "en": "A hospital IT manager has an approved budget and needs 40 new switches, but a purchasing committee signs off. What do you do?",
        "zh": "某医院信息科科长预算已批、急需 40 台交换机，但采购须由采购委员会拍板。你该怎么做？",
    },
    options=ACTIONS,
    answers=["redirect"],
    explain={
        "pursue": {"en": "Not yet: the manager cannot sign, so the A is missing (MaN).", "zh": "还不行：科长签不了字，缺 A（MaN）。"},
        "develop": {"en": "The need is already there; what is missing is the decision-maker.", "zh": "需求已经有了，缺的是决策人。"},
        "finance": {"en": "Money is approved; financing solves nothing here.", "zh": "预算已批，融资解决不了问题。"},
        "cultivate": {"en": "Too slow: money and need are both present, one step is missing.", "zh": "太慢了：钱和需求都在，只差一步。"},
        "stop": {"en": "This is a strong lead — stopping would throw it away.", "zh": "这是条好线索，停止接触等于白白放弃。"},
    },
    hints=[{"en": "Write its MAN code first: which letter is lower case?", "zh": "先写出它的 MAN 代码：哪个字母是小写？"}],
    solution_note={"en": "MaN: money and need, no authority — contact them and find the committee member who decides.", "zh": "MaN：有钱有需求、无决策权——保持接触，设法找到委员会中有决定权的人。"},
    correct_message={
        "en": "Right: MaN — the need and the budget are there, the signature is not. Ask who sits on the committee and what each member needs to hear.",
        "zh": "对：MaN——需求和预算都在，缺的是签字的人。问清采购委员会有哪些人，各自想听到什么。",
    },
)

q6 = ChoiceExercise(
    id="ch01.q6",
    title={
        "en": "A family-run print shop owner wants a production copier and decides alone, but cash is tight after a slow season. What do you do?",
        "zh": "一家夫妻印刷店的老板想添一台生产型复印机，自己就能拍板，但淡季过后手头很紧。你该怎么做？",
    },
    options=ACTIONS,
    answers=["finance"],
    explain={
        "pursue": {"en": "Money is missing (mAN); pushing for the close now will stall.", "zh": "缺购买力（mAN），现在硬推成交会卡住。"},
        "redirect": {"en": "The owner already decides alone.", "zh": "老板自己就能拍板。"},
        "develop": {"en": "The need is already clear.", "zh": "需求已经很明确了。"},
        "cultivate": {"en": "Close, but with authority and need present you can act now: make paying possible.", "zh": "接近了，但既有决策权又有需求，可以现在就行动：想办法让他付得起。"},
        "stop": {"en": "Two of three letters are present — far from a dead lead.", "zh": "三项占了两项，远不是死线索。"},
    },
    hints=[{"en": "Code it: mAN. Which countermeasure addresses missing money?", "zh": "代码是 mAN。哪条对策针对的是缺钱？"}],
    solution_note={"en": "mAN: check the business and its credit, then offer instalments, leasing or financing.", "zh": "mAN：先核查经营和信用状况，再提供分期、租赁或融资方案。"},
    correct_message={
        "en": "Right: mAN — he wants it and decides alone, so remove the money obstacle: check his credit, then offer instalments or a lease.",
        "zh": "对：mAN——他想买，也能自己拍板，那就把“钱”这道坎搬开：先核查信用，再给分期或租赁方案。",
    },
)

q7 = FunctionExercise(
    id="ch01.q7",
    title={"en": "Write man_label(money, authority, need) returning the MAN code", "zh": "编写 man_label(money, authority, need)，返回 MAN 代码"},
    cases=[(m, a, n) for m in (True, False) for a in (True, False) for n in (True, False)],
    reference=_reference_code,
    compare=lambda got, want: isinstance(got, str) and got == want,  # case matters here: it carries the meaning
    case_label=lambda args: "money={}, authority={}, need={}".format(*args),
    hints=[
        {"en": "Build it letter by letter: 'M' if money else 'm', and so on.", "zh": "逐个字母拼：有钱用 'M'，否则用 'm'，其余同理。"},
        {"en": "Join three conditional expressions with `+`.", "zh": "用 `+` 把三个条件表达式连起来。"},
    ],
    solution_code="def man_label(money, authority, need):\n    return ('M' if money else 'm') + ('A' if authority else 'a') + ('N' if need else 'n')",
    correct_message={
        "en": "Right: one short code per lead lets you sort hundreds of leads into eight piles, each with its own countermeasure.",
        "zh": "对：每条线索一个简短的代码，几百条线索就能分成八堆，每一堆都有对应的对策。",
    },
)

q8 = TextExercise(
    id="ch01.q8",
    title={"en": "Why can a price far below the market average lose sales?", "zh": "为什么价格远低于市场均价反而可能卖不好？"},
    ideas=[
        Idea(
            {"en": "buyers stop trusting the offer (a fake, a catch, poor quality)", "zh": "买家不再信任（怀疑是假货、有猫腻或质量差）"},
            id="trust_lost",
            words=["suspect*", "suspicious", "suspicion", "doubt*", "distrust*", "mistrust*", "fake*", "counterfeit*",
                   "knockoff*", "knock off", "too good to be true", "a catch", "scam*", "poor quality", "low quality",
                   "bad quality", "inferior", "something wrong", "lose trust", "lost trust", "loses trust", "lose faith",
                   "trust it less", "less trust", "worry about the quality", "question the quality",
                   "怀疑", "假货", "假的", "是假", "山寨", "冒牌", "仿冒", "猫腻", "不放心", "靠不住", "不靠谱",
                   "质量差", "质量不好", "劣质", "有问题", "上当", "被骗", "信不过", "不信任"],
            opposites=["trust*", "believe", "confident", "信任", "相信", "放心", "信得过"],
        ),
        Idea(
            {"en": "it draws a different group of buyers", "zh": "招来的是另一群买家"},
            id="different_buyers",
            words=["different group*", "different customer*", "different buyer*", "different people", "different crowd",
                   "different kind of customer*", "different segment", "another group", "other kinds of buyer*",
                   "bargain hunter*", "deal hunter*", "price hunter*", "price driven", "price-driven",
                   "wrong customer*", "wrong crowd", "wrong people", "wrong buyer*", "cheapskate*",
                   "另一群", "另一拨", "另一类", "另一批", "换了一拨", "不同的人", "不同人群", "不同的顾客", "不同的客户",
                   "贪便宜", "图便宜", "冲着低价", "冲着便宜", "只看价格", "只认价格"],
            opposites=["target customer*", "same customer*", "same buyer*", "usual customer*", "regular customer*",
                       "目标客户", "原来的客户", "原有客户", "同一群", "老顾客", "老客户"],
        ),
    ],
    hints=[{"en": "Think of two effects: what the usual buyers think, and who turns up instead.", "zh": "想两个效果：原来的买家会怎么想？又会是谁被吸引过来？"}],
    solution_note={
        "en": "Value for money helps only up to a point: far below the brand's usual price, buyers suspect a fake or a catch, and the offer pulls in a different, price-driven group rather than the target customers.",
        "zh": "性价比的作用有个度：价格远低于品牌的正常水平，买家会怀疑是假货或有猫腻；被吸引来的也是另一群冲着低价来的人，而不是原先的目标客户。",
    },
    correct_message={
        "en": "Right: price sends a signal. Before you discount hard, ask what the price tells the buyers you want — and which buyers it will bring instead.",
        "zh": "对：价格本身就在传递信号。大幅打折之前，先想想这个价格会让目标买家怎么看，又会招来哪些人。",
    },
)

q9 = TextExercise(
    id="ch01.q9",
    title={"en": "In your own words: what two things make someone a prospect?", "zh": "用自己的话说：一个人要成为潜在客户，需要具备哪两点？"},
    ideas=[
        Idea(
            {"en": "they need the product", "zh": "有需要（用得上）"},
            id="need",
            words=["need", "needs", "needed", "use for", "useful", "use it", "want*", "desire*", "demand", "have a problem",
                   "需要", "需求", "用得上", "用得着", "有用", "想要", "想买"],
            opposites=["useless", "no use for", "没用", "不需要"],
        ),
        Idea(
            {"en": "they can afford it", "zh": "买得起（有支付能力）"},
            id="afford",
            words=["afford*", "can pay", "could pay", "able to pay", "pay for", "means to pay", "money", "budget*",
                   "purchasing power", "buying power", "funds",
                   "cash", "means", "wallet",
                   "买得起", "付得起", "出得起", "掏得出", "支付能力", "购买力", "经济能力", "预算", "有钱", "钱", "资金", "付钱", "付款"],
            opposites=["unaffordable", "too expensive", "broke", "没钱", "太贵", "穷"],
        ),
    ],
    hints=[{"en": "One is about the product's use to them, the other about their wallet.", "zh": "一个关于产品对他们有没有用，另一个关于他们的钱包。"}],
    solution_note={"en": "A prospect needs what you sell and is able to pay for it.", "zh": "潜在客户既用得上你的产品，也付得起钱。"},
    correct_message={
        "en": "Right: need and the means to pay. Check both before you spend time on a lead — either one missing means a different plan.",
        "zh": "对：有需要，也付得起。在一条线索上花时间之前，先把这两点都核实一下——缺了哪一点，跟进的办法都不一样。",
    },
)

q10 = ValueExercise(
    id="ch01.q10",
    title={"en": "Which income band of Yuexiang's members spends most per member?", "zh": "悦享生活馆哪个收入档次的会员人均消费最高？"},
    expected=_best_band,
    feedback={
        "middle": {"en": "Look again: compare spend per member, not the number of members.", "zh": "再看看：比较的是人均消费，不是会员人数。"},
        "low": {"en": "Not the low band: sort by spend per member.", "zh": "不是低收入档：按人均消费排序看看。"},
    },
    hints=[{"en": "`prospects.purchasing_power` builds a table of spend per member for the groups of a column you choose; group by the income band and read the table.",
            "zh": "`prospects.purchasing_power` 可以按你选的列分组，算出每组的人均消费；按收入档次分组，再看表。"}],
    solution_code="best_band = prospects.purchasing_power(members, transactions, by='income_band').index[0]",
    correct_message={
        "en": "Right: spend per member, not the number of members, shows purchasing power — aim campaigns for premium goods at that band.",
        "zh": "对：看的是人均消费而不是会员人数，这才反映购买力——高端商品的推广就该对准这一档。",
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
