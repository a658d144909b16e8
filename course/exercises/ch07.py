"""Chapter 7 exercises — precision marketing (第七章练习：精确营销).

In the workbook::

    from course.exercises.ch07 import *

binds ``q1`` … ``q12``, the blank ``____`` and :func:`progress`. Answer keys
are computed from the bundled data when a check runs (never at import).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from course.exercises.core import (
    ChoiceExercise,
    Exercise,
    ValueExercise,
    Verdict,
    ____,
    wrong_type,
)
from course.exercises.lazy import LazyList
from course.exercises.text import Idea, TextExercise

BUDGET, COST_PER_CONTACT = 30_000, 400


@dataclass(repr=False)
class CheckedExercise(Exercise):
    """An answer judged by a function of this chapter (a trained model, a threshold…)."""

    test: Callable[[Any], Verdict] | None = None

    def judge(self, answer: Any) -> Verdict:
        assert self.test is not None
        verdict = self.test(answer)
        if verdict.status == "correct" and self.correct_message:
            return Verdict.join("correct", verdict.message, self.correct_message)
        return verdict

    def answer_record(self, answer: Any) -> Any:
        if isinstance(answer, int | float) and not isinstance(answer, bool):
            return float(answer)
        return None


def _say(status: str, en: str, zh: str) -> Verdict:
    return Verdict(status, {"en": en, "zh": zh})


@cache
def _leads() -> pd.DataFrame:
    from course import data

    return data.load("b2b_leads")


@cache
def _model():
    from course import precision

    return precision.train_lead_model(_leads())


@cache
def _baskets() -> pd.DataFrame:
    from course import data

    return data.load("b2c_basket_items")


@cache
def _spend():
    from course import data, precision

    return precision.train_spend_model(data.load("b2b_orders"))


# --------------------------------------------------------------------------- answer keys
@cache
def _retrained(features: tuple[str, ...]):
    from course import precision

    return precision.train_lead_model(_leads(), features=list(features))


def _judge_model(answer: Any) -> Verdict:
    """Judged on the features the model names, retrained here: never on a number the trainee's code computed.

    The AUC, scores and split a handed-in model carries were computed in the trainee's kernel, so a made-up object
    (scores invented, never trained) or a leaky model relabelled with harmless feature names would carry whatever
    AUC it likes. The judge trains the same kind of model on the named features itself and reads its own AUC.
    """
    from course.data import DataError
    from course.precision import LEAKY_COLUMNS

    if not all(hasattr(answer, a) for a in ("features", "auc", "test_scores")):
        return _say("incorrect", "Pass the trained model object that precision.train_lead_model returns.",
                    "请传入 precision.train_lead_model 返回的模型对象。")
    features = answer.features
    if (not isinstance(features, list | tuple) or not features
            or not all(isinstance(f, str) for f in features) or len(set(features)) != len(features)):
        return _say("incorrect", "The model should name its features as a list of column names, each once "
                    "(what precision.train_lead_model gives it).",
                    "模型的 features 应是一组列名、每个只出现一次（precision.train_lead_model 训练出的模型就是这样）。")
    leaky = [f for f in features if f in LEAKY_COLUMNS]
    if leaky:
        return _say("incorrect", f"Your model uses {leaky}, which a new lead does not have yet (filled in during or after the sale): "
                    "its score is not believable.",
                    f"你的模型用了 {leaky}，新线索还没有这些值（销售过程中或结果出来后才有），得分不可信。")
    try:
        held_out = len(answer.test_scores)
    except TypeError:
        held_out = 0
    if held_out < 0.2 * len(_leads()):
        return _say("incorrect", "Keep about a quarter of the leads aside for testing (test_size=0.25).",
                    "请留出约四分之一的线索做测试（test_size=0.25）。")
    try:
        auc = float(_retrained(tuple(features)).auc)
    except (DataError, ValueError, KeyError) as error:
        return _say("incorrect", f"A model on these features cannot be trained on the leads table ({error}): "
                    "name columns of leads.",
                    f"用这些特征无法在线索表上训练模型（{error}）：请使用线索表中的列名。")
    if auc < 0.75:
        return _say("incorrect", f"Held-out AUC {auc:.2f} is weak: add engagement and the source method.",
                    f"留出集 AUC 只有 {auc:.2f}，偏弱：把互动得分和开发方法也加进来。")
    return _say("correct", f"Held-out AUC {auc:.3f} without leaky columns: a model you can trust.",
                f"不含泄漏列，留出集 AUC 为 {auc:.3f}：这个模型靠得住。")


def _budget_leads() -> int:
    return BUDGET // COST_PER_CONTACT


def _judge_threshold(answer: Any) -> Verdict:
    if isinstance(answer, bool) or not isinstance(answer, int | float | np.number):
        return wrong_type("type.number", answer)
    try:
        answer = float(answer)
    except OverflowError:  # 10**400: no score is that high
        answer = math.inf
    n = _budget_leads()
    if float(answer) == n:
        return _say("incorrect", f"{n} is how many leads the budget pays for; give the score that selects them.",
                    f"{n} 是预算能覆盖的线索数，题目要的是挑出它们的得分门槛。")
    picked = int((_model().test_scores >= float(answer)).sum())
    if picked == n:
        return _say("correct", f"Right: exactly {n} leads score at least that, ¥{BUDGET:,} of calls.",
                    f"对：恰好 {n} 条线索达到这个分数，正好花完 {BUDGET:,} 元。")
    more = picked > n
    return _say("incorrect",
                f"That threshold picks {picked} leads, {'over' if more else 'under'} the budget of {n}.",
                f"这个门槛挑出 {picked} 条线索，{'超出' if more else '没用满'}预算对应的 {n} 条。")


def _top_lift() -> float:
    return float(_model().gains()["lift"].iloc[0])


def _share_for_80() -> float:
    from course.precision import gains_curve

    x, y = gains_curve(_model().y_test, _model().test_scores)
    return float(x[np.argmax(y >= 0.8)])


def _yoga_offer() -> str:
    from course.precision import association_rules

    rules = association_rules(_baskets(), 0.01, 0.3)
    rule = rules[rules["antecedents"] == frozenset({"瑜伽垫"})].iloc[0]
    return next(iter(rule["consequents"]))


def _yoga_offer_en() -> list[str]:
    names = _baskets().drop_duplicates("item").set_index("item")["item_en"]
    return [names[_yoga_offer()]]


def _naive_mae() -> float:
    return _spend().baseline_mae


def _mismatch_ids() -> list[str]:
    from course import data

    o = data.load("b2b_orders")
    gap = (o["amount"] - o["quantity"] * o["unit_price"] * (1 - o["discount_rate"])).abs()
    return o.loc[gap > 1, "order_id"].tolist()


class _Lazy(ValueExercise):
    """A ValueExercise whose accepted alternatives are computed from the data when first needed."""


COLUMNS = {
    "days_to_contract": {"en": "days_to_contract", "zh": "days_to_contract（签约用时）"},
    "won_date": {"en": "won_date", "zh": "won_date（签约日期）"},
    "won_amount": {"en": "won_amount", "zh": "won_amount（签约金额）"},
    "stage": {"en": "stage", "zh": "stage（到达的漏斗阶段）"},
    "engagement": {"en": "engagement", "zh": "engagement（互动得分）"},
    "asked_quote": {"en": "asked_quote", "zh": "asked_quote（是否询价）"},
    "distance_km": {"en": "distance_km", "zh": "distance_km（距离）"},
}
_OPEN = {"en": "Known before the sale is worked, so it is a fair input.", "zh": "销售开始前就已知道，可以用作特征。"}

q1 = ChoiceExercise(
    id="ch07.q1",
    title={"en": "Which columns must go before training a lead model?", "zh": "训练线索模型前，必须删掉哪些列？"},
    options=COLUMNS,
    answers=["days_to_contract", "won_date", "won_amount", "stage", "asked_quote"],
    multiple=True,
    explain={"engagement": _OPEN, "distance_km": _OPEN},
    hints=[
        {"en": "Ask of each column: would I know it for a new lead that nobody has worked yet?", "zh": "逐列问自己：对一条还没人跟进过的新线索，我现在能知道这个值吗？"},
        {"en": "Anything filled in by winning (a date, an amount, a duration) or during the sale (a quote request, the stage reached) is out.",
         "zh": "凡是成交后才填上的（日期、金额、用时），以及销售过程中才产生的（是否询价、走到哪个阶段），都要删。"},
    ],
    solution_note={"en": "days_to_contract, won_date and won_amount exist only for wins; stage and asked_quote are filled in during the sale, "
                         "so a new lead has neither, and on closed leads they record how far the sale went. They still say what to do "
                         "next on an open deal (Chapter 6) — they just cannot rank leads before the work starts.",
                   "zh": "days_to_contract、won_date、won_amount 只有成交的线索才有；stage 和 asked_quote 是销售过程中才填上的，新线索两样都没有，"
                         "而在已结束的线索上它们记录的是这单推进到了哪一步。它们仍能告诉你一单在跟的生意下一步该做什么（第六章），"
                         "只是不能在跟进开始之前给线索排序。"},
    correct_message={
        "en": "Right: anything filled in during the sale or by the outcome must go, or the model learns the answer instead of the signals you can see before the first call.",
        "zh": "对：凡是销售过程中或由结果填上的列都要删，否则模型学到的是答案，而不是第一通电话之前就能看到的信号。",
    },
)

q2 = CheckedExercise(
    id="ch07.q2",
    title={"en": "Train a lead model of your own and judge it on held-out leads", "zh": "自己训练一个线索模型，并用留出的线索评估"},
    test=_judge_model,
    hints=[
        {"en": "precision.train_lead_model(leads, features=[...]) keeps 25% aside and reports model.auc on it.", "zh": "precision.train_lead_model(leads, features=[...]) 会留出 25% 的线索，并在上面算出 model.auc。"},
        {"en": "Start from money, authority, need, then add engagement and source_method — all known before the sale.", "zh": "先放 money、authority、need，再加 engagement 和 source_method——都是销售开始前就知道的。"},
    ],
    solution_code="my_model = precision.train_lead_model(\n    leads, features=['money', 'authority', 'need', 'engagement', 'source_method'])",
    correct_message={
        "en": "Trust a model only on leads it has not seen, and only with inputs you know before the sale starts.",
        "zh": "只有在没见过的线索上、只用销售开始前就知道的信息，模型的分数才可信。",
    },
)

q3 = CheckedExercise(
    id="ch07.q3",
    title={"en": f"Choose the score threshold for a ¥{BUDGET:,} contact budget at ¥{COST_PER_CONTACT} a call",
           "zh": f"预算 {BUDGET:,} 元、每次联系 {COST_PER_CONTACT} 元，得分门槛定多少？"},
    test=_judge_threshold,
    hints=[
        {"en": f"First: how many calls does ¥{BUDGET:,} pay for? Then find the score of that many-th best lead.", "zh": f"先算 {BUDGET:,} 元够打几个电话，再找排在这个名次的线索的得分。"},
        {"en": "precision.leads_for_budget(model.test_scores, budget, cost) returns (count, threshold).", "zh": "precision.leads_for_budget(model.test_scores, 预算, 单次成本) 会返回（条数，门槛）。"},
    ],
    solution_code=f"n_calls, threshold = precision.leads_for_budget(model.test_scores, {BUDGET}, {COST_PER_CONTACT})",
    correct_message={
        "en": "Set the threshold from the budget, not from a round number: the calls you can pay for go to the best-scored leads.",
        "zh": "门槛要按预算定，而不是凭一个整数：付得起的电话，要打给得分最高的线索。",
    },
)

q4 = ValueExercise(
    id="ch07.q4",
    title={"en": "Read the lift of the best-scored tenth of leads", "zh": "读出得分最高那一成线索的提升度"},
    expected=_top_lift,
    rel_tol=0,
    abs_tol=0.2,
    hints=[
        {"en": "On the right-hand chart, read the height of bar 1.", "zh": "看右边的图，读出第 1 根柱子的高度。"},
        {"en": "Lift = conversion rate in the group ÷ overall conversion rate; model.gains() has it.", "zh": "提升度 = 组内成交率 ÷ 整体成交率，model.gains() 里有。"},
    ],
    solution_code="top_lift = model.gains()['lift'].iloc[0]",
    correct_message={
        "en": "Right: lift says how many times better than random the top group converts — a quick way to show your manager what the model is worth.",
        "zh": "对：提升度说明得分最高那组的成交率是随机挑选的几倍——向主管说明模型价值，用它最直接。",
    },
)

q5 = ValueExercise(
    id="ch07.q5",
    title={"en": "What share of leads must you contact to capture 80% of the wins?", "zh": "要拿下 80% 的成交，至少得联系多大比例的线索？"},
    expected=_share_for_80,
    kind="share",
    rel_tol=0,
    abs_tol=0.005,  # two decimals as read (0.42); the 78 % point (0.40) is another answer
    hints=[
        {"en": "On the gains chart, go across from 80% on the vertical axis to the model curve, then down.", "zh": "在累计增益图的纵轴 80% 处水平画线碰到模型曲线，再垂直往下读横轴。"},
        {"en": "Give a share between 0 and 1 (0.2 for 20%).", "zh": "答案是 0 到 1 之间的比例（20% 写 0.2）。"},
    ],
    solution_code="x, y = precision.gains_curve(model.y_test, model.test_scores)\nshare_for_80 = x[(y >= 0.8).argmax()]",
    correct_message={
        "en": "Right: a small share of well-scored leads holds most of the wins — that is where your calls pay off.",
        "zh": "对：得分靠前的一小部分线索，拿走了大部分成交——电话打在这里最划算。",
    },
)

q6 = _Lazy(
    id="ch07.q6",
    title={"en": "A member just bought a yoga mat (瑜伽垫). What do you offer?", "zh": "一位会员刚买了瑜伽垫，你推荐什么？"},
    expected=_yoga_offer,
    also_accept=LazyList(_yoga_offer_en),
    hints=[
        {"en": "Mine rules with precision.association_rules(baskets, 0.01, 0.3) and look for 瑜伽垫 on the left.", "zh": "用 precision.association_rules(baskets, 0.01, 0.3) 找规则，看左边是瑜伽垫的那条。"},
        {"en": "rules[rules.antecedents == frozenset({'瑜伽垫'})] — the answer is in consequents.", "zh": "rules[rules.antecedents == frozenset({'瑜伽垫'})]，答案在 consequents 里。"},
    ],
    solution_code="rules = precision.association_rules(baskets, 0.01, 0.3)\nyoga_offer = next(iter(rules[rules.antecedents == frozenset({'瑜伽垫'})].iloc[0].consequents))",
    correct_message={
        "en": "Right: the rule says members who buy a yoga mat often buy this too. Offer it at the till or in the follow-up message.",
        "zh": "对：规则表明买瑜伽垫的会员常常也会买它。在结账时或回访消息里推荐它。",
    },
)

q7 = ValueExercise(
    id="ch07.q7",
    title={"en": "Lift of games → videos: 10,000 baskets, 6,000 with games, 7,500 with videos, 4,000 with both",
           "zh": "10,000 个购物篮，6,000 个有游戏，7,500 个有影片，4,000 个两者都有：游戏 → 影片的提升度"},
    expected=4000 * 10000 / (6000 * 7500),
    rel_tol=0.01,
    feedback={
        4000 / 6000: {"en": "That is the confidence; divide it by the share of baskets with videos.", "zh": "这是置信度，还要再除以含影片的购物篮比例。"},
        0.4: {"en": "That is the support of the pair.", "zh": "这是这对商品的支持度。"},
        6000 * 7500 / (4000 * 10000): {"en": "Upside down: lift = P(both) ÷ (P(games) × P(videos)).", "zh": "分子分母颠倒了：提升度 = P(两者) ÷ (P(游戏) × P(影片))。"},
    },
    hints=[
        {"en": "Confidence = 4,000 ÷ 6,000; lift = confidence ÷ (7,500 ÷ 10,000).", "zh": "置信度 = 4000 ÷ 6000；提升度 = 置信度 ÷ (7500 ÷ 10000)。"},
    ],
    solution_code="games_videos_lift = (4000 / 6000) / (7500 / 10000)",
    correct_message={"en": "Right: about 0.89, below 1 — game buyers are *less* likely than average to take videos. Do not cross-sell them.",
                     "zh": "对：约 0.89，小于 1——买游戏的人买影片的可能反而比平均低，不要拿这条做交叉销售。"},
)

q8 = ValueExercise(
    id="ch07.q8",
    title={"en": "Mean absolute error of the naive forecast “next year = last 12 months”", "zh": "简单预测“明年 = 近 12 个月”的平均绝对误差"},
    expected=_naive_mae,
    rel_tol=0.001,
    hints=[
        {"en": "spend.test['actual'] is what each account really spent; precision.spend_features(orders, spend.test_cutoff)['spend_12m'] is the naive forecast.", "zh": "spend.test['actual'] 是每家客户的实际消费；precision.spend_features(orders, spend.test_cutoff)['spend_12m'] 就是简单预测。"},
        {"en": "Line them up by account, take the absolute difference, then the mean.", "zh": "按客户对齐，取差的绝对值，再求平均。"},
    ],
    solution_code="naive = precision.spend_features(orders, spend.test_cutoff)['spend_12m']\nnaive_mae = (spend.test['actual'] - naive).abs().mean()",
    correct_message={
        "en": "Right: the naive forecast is the bar a spend model must clear. If a model cannot beat it, use the simple forecast.",
        "zh": "对：简单预测是消费预测模型必须跨过的门槛。模型要是比不过它，就用简单预测。",
    },
)

q9 = ValueExercise(
    id="ch07.q9",
    title={"en": "Orders whose amount is not quantity × unit price × (1 − discount)", "zh": "金额不等于 数量 × 单价 ×（1 − 折扣）的订单"},
    expected=_mismatch_ids,
    hints=[
        {"en": "Compute the expected amount per row and compare with `amount`; allow one yuan for rounding.", "zh": "逐行算出应有金额，与 `amount` 比较；允许 1 元的舍入误差。"},
        {"en": "The expected amount is quantity × unit price × (1 − discount rate). Keep the rows whose gap is more than one yuan and list their `order_id`.",
         "zh": "应有金额 = 数量 × 单价 × (1 − 折扣率)。把差额超过 1 元的行挑出来，列出它们的 `order_id`。"},
    ],
    solution_code="gap = (orders.amount - orders.quantity * orders.unit_price * (1 - orders.discount_rate)).abs()\nmismatch_ids = orders.loc[gap > 1, 'order_id'].tolist()",
    correct_message={
        "en": "Right: rows that break a simple rule deserve a look before they feed a report — a typo, a missing discount or something worse.",
        "zh": "对：不符合简单规则的记录，在进入报表之前值得查一查——可能是笔误、漏记的折扣，也可能是更严重的问题。",
    },
)

q10 = ChoiceExercise(
    id="ch07.q10",
    title={"en": "Offering a tea caddy to a member who just bought a tea set is…", "zh": "给刚买了茶具的会员推荐茶叶罐，属于……"},
    options={
        "new_customers": {"en": "classifying customers and finding new ones", "zh": "客户分类与挖掘新客户"},
        "up_selling": {"en": "up-selling", "zh": "升级销售"},
        "cross_selling": {"en": "cross-selling", "zh": "交叉销售"},
    },
    answers=["cross_selling"],
    explain={
        "up_selling": {"en": "Up-selling offers a better version of the same thing; a caddy is a different, related product.", "zh": "升级销售是推荐同类产品的更高档版本；茶叶罐是另一种相关产品。"},
        "new_customers": {"en": "She is already a customer; this is about her next purchase.", "zh": "她已经是客户了，这里说的是她的下一次购买。"},
    },
    hints=[{"en": "Same product, better version — or a different product that goes with it?", "zh": "是同一种产品换更好的版本，还是另一种搭配的产品？"}],
    correct_message={
        "en": "Right: a different product that goes with the first is cross-selling. Offer it where the two are bought together.",
        "zh": "对：推荐与已购商品搭配的另一种商品，就是交叉销售。在两样东西常被一起买的地方推荐。",
    },
)

q11 = TextExercise(
    id="ch07.q11",
    title={"en": "Why must days_to_contract be dropped before training?", "zh": "为什么训练前必须删掉 days_to_contract？"},
    ideas=[
        Idea(
            {"en": "it is only known after the outcome", "zh": "要等结果出来才知道"},
            id="known_after",
            words=["after the outcome", "after the sale", "after the deal", "after signing", "after it is signed",
                   "after the lead", "after a lead", "only after", "filled in after", "recorded after", "known after",
                   "afterwards", "outcome", "only for won", "only for wins", "only for deals", "once signed", "once a lead",
                   "signed", "after the fact", "future", "not known", "unknown", "not available", "leak*", "hindsight",
                   "成交之后", "签约之后", "结果出来", "出结果", "之后才", "以后才", "才知道", "才有", "结果", "成交后", "签约后", "签了约", "事后", "泄漏", "泄露", "未来"],
            opposites=["known in advance", "known from the start", "known beforehand", "known before", "known early",
                       "available in advance", "available for open leads", "before the outcome", "before signing",
                       "事先就知道", "提前知道", "一开始就知道", "之前就知道", "成交之前就"],
        ),
        Idea(
            {"en": "the score is then falsely perfect and useless for open leads", "zh": "分数虚高，对在跟的线索没用"},
            id="fake_score",
            words=["perfect", "too good", "inflat*", "unrealistic", "cheat*", "give away", "gives away", "giving away",
                   "open lead*", "useless", "new lead*", "misleading", "fool*", "overestimat*", "looks great", "looks better",
                   "cannot be used", "can't be used", "not believable", "unbelievable",
                   "完美", "虚高", "偏高", "作弊", "泄露答案", "提前告诉", "在跟", "新线索", "没用", "用不上", "无法使用", "误导", "不可信", "好看"],
            opposites=["more accurate", "improves the model", "makes the model better", "best predictor", "strongest predictor",
                       "useful feature", "keep it", "keep the column",
                       "更准", "提高准确率", "更好的模型", "最强的预测", "有用的特征", "应该保留", "保留这一列"],
        ),
    ],
    hints=[{"en": "When would you know that value for a lead, and what would it do to the AUC?", "zh": "一条线索的这个值什么时候才有？它会让 AUC 变成什么样？"}],
    solution_note={"en": "It is only filled in once a lead has signed, so it gives the answer away: the model scores almost perfectly on paper but has nothing to go on for open leads.",
                   "zh": "只有签约之后这一列才有值，等于把答案提前告诉了模型：纸面上近乎完美，对还在跟的线索却毫无用处。"},
    correct_message={
        "en": "Right: ask of every column “would I know this today for an open lead?”. A score built on hindsight sends your calls to the wrong people.",
        "zh": "对：每一列都问一句“对今天还在跟的线索，我现在知道这个值吗？”。建立在事后信息上的分数，会把你的电话引向错误的人。",
    },
)

q12 = TextExercise(
    id="ch07.q12",
    title={"en": "Why judge a model on held-out data rather than on the data it learned from?", "zh": "为什么要用留出的数据、而不是训练数据来评估模型？"},
    ideas=[
        Idea(
            {"en": "a model looks better on data it has seen", "zh": "模型在见过的数据上显得更好"},
            id="flattered_by_seen",
            words=["overfit*", "memori*", "memoris*", "memoriz*", "looks better", "look better", "scores higher", "score higher",
                   "higher score*", "better score*", "flatter*", "optimistic", "too good", "inflat*", "already seen", "already knows",
                   "learned by heart", "over-optimistic", "fits better", "fit better", "better than new data", "better than on new",
                   "better than on unseen",
                   "过拟合", "记住", "背答案", "背下来", "显得更好", "表现更好", "分数更高", "更高的分数", "偏高", "虚高", "偏乐观", "好看", "见过答案", "表现好", "比在新数据上"],
            opposites=["higher on new", "better on new", "higher on unseen", "better on unseen", "strict test",
                       "training data is the strict", "test on the training data", "testing on training data",
                       "新数据上表现更好", "新数据上更好", "训练数据评估更严格", "训练集更严格", "用训练数据评估",
                       "just as good", "the same score", "scores the same", "no difference", "training data is fine",
                       "training score is enough", "just as well", "as reliable",
                       "一样准", "没有区别", "训练数据就够", "一样可靠", "一样好"],
        ),
        Idea(
            {"en": "what matters is new, unseen cases", "zh": "真正要用在新的、没见过的对象上"},
            id="new_cases",
            words=["new", "unseen", "future", "open lead*", "real", "held-out", "holdout", "generali*", "real world", "never seen",
                   "hasn't seen", "has not seen", "not seen",
                   "新的", "新数据", "没见过", "未见", "将来", "未来", "在跟", "实际", "新线索", "推广"],
            opposites=["only the training", "training leads only", "only the leads it learned", "只用训练数据", "只看训练集"],
        ),
    ],
    hints=[{"en": "Compare model.train_auc with model.auc, and think about who the model will be used on.", "zh": "比较 model.train_auc 和 model.auc，再想想模型将来要用在谁身上。"}],
    solution_note={"en": "A model always fits the data it learned from better than new data; only held-out leads show how it will do on the open leads it is meant for.",
                   "zh": "模型在学过的数据上总是比在新数据上表现好；只有留出的线索才能说明它用在真正要预测的新线索上会怎样。"},
    correct_message={
        "en": "Right: quote the held-out score when you decide whom to call, never the training score — it is the only honest forecast of next month's hit rate.",
        "zh": "对：决定给谁打电话时，看留出集上的分数，别看训练集上的——只有它能老实地预测下个月的命中率。",
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
