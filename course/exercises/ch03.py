"""Chapter 3 exercises — prospect types (第三章练习：潜在客户的类型).

In the workbook::

    from course.exercises.ch03 import *

binds ``q1`` … ``q10``, the blank ``____`` and :func:`progress`. Option labels,
explanations and answer keys are read from the knowledge base and the bundled
data when first needed (never at import), so they cannot drift from them.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import pandas as pd

from course.exercises.core import (
    ChoiceExercise,
    FunctionExercise,
    ValueExercise,
    ____,
)
from course.exercises.lazy import Lazy as _Lazy
from course.exercises.text import Idea, TextExercise


def _top_type_title() -> dict[str, str]:
    """q9's question names the type with the highest win rate in the data (it once named the wrong one)."""
    from course import claims

    top = {lang: claims.text("ch03.top_personality", lang) for lang in ("en", "zh")}
    return {
        "en": f"The {top['en']} type shows the highest win rate in the data. Why should you not conclude that buyers of "
        "that type are better prospects?",
        "zh": f"数据里{top['zh']}联系人的成交率最高。为什么不能因此认为这类买家是更好的潜在客户？",
    }


def _chance_note() -> dict[str, str]:
    """The model answer of q9, with the chapter's grouped permutation p-value (it once said 0.3 for 0.46)."""
    from course import claims

    p = claims.text("ch03.permutation_p", "en")
    return {
        "en": f"The gap is within chance once leads of the same contact are kept together (permutation p ≈ {p}), and even "
        "a real gap would be a correlation, not a cause: the data are synthetic and types are a rep's judgement.",
        "zh": f"把同一联系人的线索放在一起检验后，这个差距在偶然波动范围内（置换检验 p 约 {p}）；就算差距真实存在，"
        "也只是相关而非因果：数据是模拟的，类型也只是销售人员的判断。",
    }


# --------------------------------------------------------------------------- data
@cache
def _contacts() -> pd.DataFrame:
    from course import data

    return data.load("b2b_contacts")


@cache
def _leads() -> pd.DataFrame:
    from course import data

    return data.load("b2b_leads")


@cache
def _typed() -> pd.DataFrame:
    from course import personality

    return personality.leads_with_types(_contacts(), _leads())


def _suspicious_rate() -> float:
    typed = _typed()
    return float(typed.loc[typed["personality_type"] == "suspicious", "converted"].mean())


def _suspicious_contact_share() -> float:
    return float((_contacts()["personality_type"] == "suspicious").mean())


def _leads_by_goal() -> pd.Series:
    return _typed()["goal_type"].value_counts()


def _most_wins() -> str:
    typed = _typed()
    return str(typed.loc[typed["converted"], "personality_type"].value_counts().idxmax())


def _best_rate() -> str:
    from course import personality

    table = personality.win_rate_by_type(_contacts(), _leads())
    return str(table["conversion_rate"].idxmax())


def _guarded() -> list[str]:
    from course import personality

    grid = personality.style_grid("en")
    return grid.index[grid["quadrant"] == "guarded"].tolist()


def _reference_quadrant(assertiveness: float, responsiveness: float) -> str:
    from course.personality import quadrant

    return quadrant(assertiveness, responsiveness)


# --------------------------------------------------------------------------- scenario choices
def _names(kind: str) -> dict[str, dict[str, str]]:
    from course import content

    return {row["id"]: dict(row["name"]) for row in content.get(f"{kind}_types")}


def _scenario(scenario_id: str) -> dict:
    from course import content

    return next(row for row in content.get("type_scenarios") if row["id"] == scenario_id)


def _title(scenario_id: str, question: Mapping[str, str]) -> dict[str, str]:
    text = _scenario(scenario_id)["text"]
    return {lang: f"{text[lang]} — {question[lang]}" for lang in ("en", "zh")}


def _explanations(scenario_id: str) -> dict[str, dict[str, str]]:
    """For every wrong pick: why the scenario points elsewhere and how the picked type would act."""
    from course import content

    scenario = _scenario(scenario_id)
    kind = scenario["kind"]
    entries = {row["id"]: row for row in content.get(f"{kind}_types")}
    right = entries[scenario["answer_id"]]
    out = {}
    for type_id, entry in entries.items():
        if type_id == scenario["answer_id"]:
            continue
        out[type_id] = {
            "en": f"Not {entry['name']['en']}: that type would show signs like “{entry['signs'][0]['en']}” "
                  f"Here the clues point elsewhere — look again at the signs of {right['name']['en']}.",
            "zh": f"不是{entry['name']['zh']}：那种类型会表现为“{entry['signs'][0]['zh']}”"
                  f"这里的线索指向别处——再对照一下{right['name']['zh']}的信号。",
        }
    return out


#: hints shared by the scenario exercises (they teach a way of reading, not the answer)
SCENARIO_HINTS = [
    {"en": "Underline what the person *does* (asks, checks, repeats, refuses), then compare it with the signs in the type tables of the chapter.",
     "zh": "先把这个人*做了什么*划出来（问了什么、核实了什么、反复说了什么、拒绝了什么），再对照课程里类型表的信号。"},
    {"en": "Watch for a near neighbour: two types can ask for the same thing for different reasons. Why is this person asking?",
     "zh": "小心“邻居”类型：两种类型可能提同样的要求，原因却不同。这个人为什么这么问？"},
]


q1 = ChoiceExercise(
    id="ch03.q1",
    title=_Lazy(lambda: _title("rational_2", {"en": "Which personality type?", "zh": "这是哪种性格类型？"})),
    options=_Lazy(lambda: _names("personality")),
    answers=["rational"],
    explain=_Lazy(lambda: {**_explanations("rational_2"), "suspicious": {
        "en": "Close, but she is not hunting for a trick: she reads, computes the total cost and finds weak points herself. That is analysis, not distrust — rational.",
        "zh": "接近了，但她并不是在找“坑”：她细读资料、算总成本、自己挑出短板。这是在分析，不是不信任——理智型。"}}),
    hints=SCENARIO_HINTS,
    solution_note={"en": "Rational: she wants facts to compare (cost per page over five years, the spec's weak points) and time to analyse.",
                   "zh": "理智型：她要的是能比较的事实（五年每页成本、参数的短板），还要时间分析。"},
    correct_message={
        "en": "Right: she reads, calculates and asks for time — a rational buyer. Give her the figures in writing and the time to compare; do not hurry her.",
        "zh": "对：她细读、计算、还要时间比较——理智型。把数据书面交给她，给她时间比较，千万别催。",
    },
)

q2 = ChoiceExercise(
    id="ch03.q2",
    title=_Lazy(lambda: _title("owner_1", {"en": "Which goal type?", "zh": "这是哪种目标类型？"})),
    options=_Lazy(lambda: _names("goal")),
    answers=["owner"],
    explain=_Lazy(lambda: {**_explanations("owner_1"), "economy": {
        "en": "She asks about cost, but over seven years and with service — not for the cheapest price. Spending the school's money as if it were her own is the owner-minded goal.",
        "zh": "她问的是成本，但问的是七年的总花费和售后，而不是哪家最便宜。把学校的钱当自己的钱来花，这是主人翁型。"}}),
    hints=SCENARIO_HINTS,
    solution_note={"en": "Owner-minded: long-term total cost, reliability of the supplier, and 'it's the school's money'.",
                   "zh": "主人翁型：关注长期总成本和供应商是否靠得住，还说“这是学校的钱”。"},
    correct_message={
        "en": "Right: she spends the school's money as if it were her own. Show the seven-year cost and how long you will be there to service it.",
        "zh": "对：她花学校的钱就像花自己的钱。给她算清七年的总成本，说明你们能服务多久。",
    },
)

q3 = ValueExercise(
    id="ch03.q3",
    title={"en": "Which two personality types share the quiet & guarded quadrant of the style grid?",
           "zh": "风格坐标上，哪两种性格类型同在“沉默戒备”象限？"},
    expected=_guarded,
    feedback={
        frozenset({"introverted", "rational"}): {
            "en": "Rational is reserved, but it sits on the assertive side (slightly right of the centre line).",
            "zh": "理智型确实内敛，但它在主导性一侧（中线稍偏右）。"},
        frozenset({"suspicious", "rational"}): {
            "en": "Both want proof, but rational is slightly assertive; look at the other quiet type.",
            "zh": "两者都要证据，但理智型略偏强势；再看看另一个沉默的类型。"},
    },
    hints=[
        {"en": "Quiet & guarded = low assertiveness and low responsiveness (both below 0).", "zh": "沉默戒备 = 主导性低、情感外露度也低（两项都小于 0）。"},
        {"en": "`personality.style_grid()` has a `quadrant` column; keep the ids where it is 'guarded'.", "zh": "`personality.style_grid()` 有 `quadrant` 列，取值为 'guarded' 的行的索引就是答案。"},
    ],
    solution_code="grid = personality.style_grid()\nguarded = grid.index[grid['quadrant'] == 'guarded'].tolist()",
    correct_message={
        "en": "Right: introverted and suspicious buyers both go quiet and wait to be shown. Slow down, put things in writing and let them come to you.",
        "zh": "对：内向沉默型和怀疑型都不爱表态，等着你拿出东西来。放慢节奏，把内容写下来，让他们自己走近你。",
    },
)

q4 = ValueExercise(
    id="ch03.q4",
    title={"en": "Type the personality type id for the scenario (nervous_3)", "zh": "输入情景 nervous_3 的性格类型代码"},
    expected="nervous",
    also_accept=["神经质型", "Nervous / highly strung"],
    feedback={
        "combative": {"en": "He flares up, but then apologises and asks, worried, for the backup plan. A combative buyer fights to win; this one is afraid of what might go wrong.",
                      "zh": "他是发了火，可马上又道歉，还担心地问备用方案。好斗型吵是为了赢，这位是怕出事。"},
        "suspicious": {"en": "He does not doubt your claims; he fears a breakdown. Worry and quick mood swings are the clue.",
                       "zh": "他没有怀疑你的说法，他怕的是出故障。担心和情绪忽上忽下才是线索。"},
        "stubborn": {"en": "He is not clinging to an old way; his mood swings within a minute.", "zh": "他并不是死守老做法，而是一分钟里情绪就变了。"},
    },
    hints=[
        {"en": "What happens to his mood within one minute, and what is he afraid of?", "zh": "一分钟之内他的情绪怎么变了？他怕的是什么？"},
        {"en": "Fear of what could go wrong plus strong, quickly reversed reactions: one type fits both.", "zh": "怕出问题，反应激烈又很快反转——只有一种类型同时符合。"},
    ],
    solution_code="type_4 = 'nervous'",
    correct_message={
        "en": "Right: worry and quick mood swings point to a nervous buyer. Stay calm, reassure with a clear backup plan and avoid surprises.",
        "zh": "对：担心出事、情绪忽上忽下，说明是神经质型。保持冷静，用清楚的备用方案让他安心，别给他意外。",
    },
)

q5 = ValueExercise(
    id="ch03.q5",
    title={"en": "Win rate of leads whose contact is suspicious", "zh": "联系人为怀疑型的线索成交率"},
    expected=_suspicious_rate,
    kind="share",
    rel_tol=1e-4,
    feedback=_Lazy(lambda: {_suspicious_contact_share(): {
        "en": "That is the share of *contacts* who are suspicious. The question asks how many of their *leads* were won.",
        "zh": "这是怀疑型*联系人*的占比。题目问的是他们名下的*线索*有多少成交了。"}}),
    hints=[
        {"en": "Leads do not carry the type: join them to contacts on `contact_id` (`leads.merge(contacts[...], on='contact_id')`).",
         "zh": "线索表里没有类型：先用 `contact_id` 把线索和联系人连起来（`leads.merge(contacts[...], on='contact_id')`）。"},
        {"en": "Keep the rows with `personality_type == 'suspicious'` and take the mean of `converted`.",
         "zh": "保留 `personality_type == 'suspicious'` 的行，对 `converted` 求平均。"},
    ],
    solution_code=("typed = leads.merge(contacts[['contact_id', 'personality_type', 'goal_type']], on='contact_id')\n"
                   "suspicious_rate = typed.loc[typed['personality_type'] == 'suspicious', 'converted'].mean()"),
    correct_message={
        "en": "Right. A rate on its own says little: look at how many leads stand behind it before you act on it.",
        "zh": "对。单看一个成交率说明不了多少：先看看它背后有多少条线索，再决定要不要据此行动。",
    },
)

q6 = ValueExercise(
    id="ch03.q6",
    title={"en": "Number of leads by the contact's goal type", "zh": "按联系人目标类型统计线索数"},
    expected=_leads_by_goal,
    rel_tol=0,
    abs_tol=0,  # counts: exact
    hints=[
        {"en": "Use the joined table from Exercise 5: one row per lead, with the contact's `goal_type`.", "zh": "用练习 5 连好的表：每行一条线索，带着联系人的 `goal_type`。"},
        {"en": "`value_counts()` on that column gives a Series indexed by goal type. Counting `contacts` instead would count people, not leads.",
         "zh": "对这一列用 `value_counts()`，得到以目标类型为索引的 Series。直接数 `contacts` 数的是人，不是线索。"},
    ],
    solution_code="leads_by_goal = typed['goal_type'].value_counts()",
    correct_message={"en": "Right: these are leads, not contacts — a contact with five leads counts five times.",
                     "zh": "对：这里数的是线索而不是人——一位联系人有五条线索就算五次。"},
)

q7 = ValueExercise(
    id="ch03.q7",
    title={"en": "Which personality type brings the most won leads (a count, not a rate)?", "zh": "哪种性格类型带来的成交线索最多（数量，不是比率）？"},
    expected=_most_wins,
    feedback=_Lazy(lambda: {_best_rate(): {
        "en": "That type has the highest win *rate*; the question asks for the largest *number* of wins. A common type with an average rate can win more often in total.",
        "zh": "这种类型的成交*率*最高；题目问的是成交*数量*最多。一种很常见、成交率一般的类型，总成交数反而可能更多。"}}),
    hints=[
        {"en": "Keep the won leads (`typed['converted']`) and count them by `personality_type`.", "zh": "只保留成交的线索（`typed['converted']`），再按 `personality_type` 计数。"},
        {"en": "`.value_counts().idxmax()` gives the label of the largest count.", "zh": "`.value_counts().idxmax()` 返回数量最多的那个标签。"},
    ],
    solution_code="most_wins = typed.loc[typed['converted'], 'personality_type'].value_counts().idxmax()",
    correct_message={"en": "Right: the most common type brings the most wins even with an average rate — counts and rates answer different questions.",
                     "zh": "对：最常见的类型即使成交率一般，成交数也最多——数量和比率回答的是不同的问题。"},
)

q8 = TextExercise(
    id="ch03.q8",
    title={"en": "How do you handle a suspicious buyer? (two or three sentences)", "zh": "怎样对待怀疑型买家？（两三句话）"},
    ideas=[
        Idea(
            {"en": "back claims with evidence (references, certificates, a trial)", "zh": "用证据说话（老客户、证书、试用）"},
            id="evidence",
            words=["evidence", "proof", "prove*", "reference*", "certificat*", "trial", "test report*", "verif*",
                   "case stud*", "testimonial*", "demo", "demonstrat*", "data", "third party", "third-party", "facts",
                   "check for himself", "check it himself",
                   "证据", "证明", "证书", "老客户", "试用", "检测报告", "核实", "案例", "数据", "第三方", "样机", "演示", "事实"],
            opposites=["take my word", "just trust me", "trust me", "相信我", "信我"],
        ),
        Idea(
            {"en": "be open about costs, limits and terms, in writing", "zh": "把费用、局限和条款坦白讲清、写下来"},
            id="openness",
            words=["open", "openly", "transparen*", "honest*", "candid*", "in writing", "written", "write down", "write it down",
                   "spell out", "upfront", "up front", "clear about", "limits", "limitations", "weak points", "downsides",
                   "透明", "坦白", "坦诚", "书面", "写下来", "写清楚", "写进合同", "列明", "列清楚", "明码标价", "白纸黑字", "讲清楚", "说清楚", "如实", "实话", "局限", "不足", "缺点", "短板"],
            opposites=["hide", "hides", "hiding", "hidden", "conceal*", "small print", "fine print", "vague", "keep quiet",
                       "secret*", "dishonest*", "gloss over",
                       "隐瞒", "隐藏", "瞒着", "藏着", "含糊", "回避", "暗扣", "先不说", "签了合同再说", "签了再说"],
        ),
        Idea(
            {"en": "no pressure and no exaggeration", "zh": "不施压、不夸大"},
            id="no_pressure",
            words=["patien*", "take his time", "take their time", "give him time", "give them time", "his own pace",
                   "their own pace", "let him decide", "let them decide", "no rush", "low-key", "understate*",
                   "耐心", "给他时间", "让他自己决定", "慢慢来", "不急", "不催", "实事求是"],
            opposites=["pressure", "pressur*", "push*", "rush*", "hurry", "exaggerat*", "hype", "overstat*", "oversell*",
                       "hard sell", "overpromis*", "boast*", "brag*", "close fast", "close quickly",
                       "施压", "压力", "逼", "催", "催促", "夸大", "夸张", "吹嘘", "吹牛", "忽悠", "强推", "硬推", "逼单"],
        ),
        Idea(
            {"en": "make small promises and keep them", "zh": "许小承诺，说到做到"},
            id="promises_kept",
            words=["promise*", "keep your word", "keep his word", "keep our word", "keep my word", "commitment*", "deliver on",
                   "do what you say", "follow through", "reliabl*", "consisten*",
                   "承诺", "说到做到", "守信", "兑现", "言出必行", "守约", "说话算数"],
            opposites=["break promises", "broken promise*", "big promise*", "promise everything", "promise the moon", "promise a lot",
                       "食言", "失信", "说话不算数", "放鸽子", "开空头支票", "满口答应"],
        ),
    ],
    min_ideas=3,
    hints=[
        {"en": "Think about what this buyer expects from you (a trick) and how to disprove it step by step.", "zh": "想想这位买家预设你会干什么（坑他），以及怎样一步步证明不是这样。"},
        {"en": "Four kinds of reassurance count: something he can check, nothing kept from him, nothing forced on him, and a track record he can watch you build. Cover at least three.",
         "zh": "四类做法都算数：给他能自己核实的东西、什么都不瞒他、什么都不强加给他、让他看着你一点点攒下信用。至少写到三类。"},
    ],
    solution_note={"en": "Back every claim with evidence he can check (references, certificates, a trial); put costs, limits and exclusions in writing; never push or exaggerate; start with small promises and keep each one.",
                   "zh": "每句话都拿得出他能核实的证据（老客户、证书、试用）；费用、局限和不包含的内容都写清楚；绝不施压、绝不夸大；先许小承诺，每一条都兑现。"},
    correct_message={
        "en": "Right: a suspicious buyer expects a trick, so every checkable fact and every kept promise disproves it. Slow is fast with this type.",
        "zh": "对：怀疑型买家预设你会坑他，每一条能核实的事实、每一个兑现的承诺都在打消这个念头。对这类人，慢就是快。",
    },
)

q9 = TextExercise(
    id="ch03.q9",
    title=_Lazy(lambda: _top_type_title()),
    ideas=[
        Idea(
            {"en": "the difference could be chance (small groups, wide intervals, the honest test)", "zh": "差别可能只是偶然（组小、区间宽、检验不显著）"},
            id="chance",
            words=["chance", "random*", "noise", "noisy", "luck*", "fluke", "small sample*", "small group*", "few leads",
                   "too few", "sample size", "interval*", "permutation*", "p-value", "p value", "uncertain*", "coincidence",
                   "偶然", "随机", "波动", "运气", "样本", "区间", "置换", "太少", "碰巧", "巧合", "不确定"],
            opposites=["significant", "significantly", "real difference", "proven", "proves", "definitely better", "clearly better",
                       "显著", "确定无疑", "证明了", "肯定更好", "一定更好"],
        ),
        Idea(
            {"en": "leads of the same contact are not independent", "zh": "同一联系人的多条线索并不独立"},
            id="not_independent",
            words=["counted several times", "counted twice", "counted more than once", "counted many times", "clustered", "cluster*",
                   "same few", "few contacts", "handful of", "a few people", "repeat*", "double count*",
                   "重复", "算了好几次", "多次计算", "好几条", "多条线索", "少数几个", "几个人", "扎堆", "集中在少数"],
            opposites=["independent", "independently", "独立"],
        ),
        Idea(
            {"en": "a correlation is not a cause (other factors, synthetic data, types judged by reps)", "zh": "相关不等于因果（其他因素、模拟数据、类型是主观判断）"},
            id="not_causal",
            words=["correlat*", "association", "confound*", "other factor*", "other reason*", "something else", "third factor",
                   "synthetic", "simulated", "made-up", "judgement", "judgment", "judged", "subjective", "opinion",
                   "相关", "关联", "其他因素", "别的因素", "其他原因", "模拟", "主观", "判断", "虚构", "编的"],
            opposites=["cause*", "causal", "better prospect*", "better buyer*", "better customer*", "focus on them",
                       "focus on suspicious", "prioriti*", "target them",
                       "因果", "导致", "造成", "更好的客户", "更好的潜在客户", "重点找", "优先找", "专门找"],
        ),
    ],
    min_ideas=2,
    hints=[
        {"en": "Look at the interval around each rate and at the permutation p-value in the chapter.", "zh": "看看每个成交率的区间，以及课程里的置换检验 p 值。"},
        {"en": "Ask three questions: could luck alone make a gap this size? How many different people stand behind these leads? And what else, besides the type, could explain it?",
         "zh": "问自己三个问题：单凭运气能不能造成这么大的差距？这些线索背后到底是几个不同的人？除了类型，还有什么可能解释它？"},
    ],
    solution_note=_Lazy(lambda: _chance_note()),
    correct_message={
        "en": "Right: a gap in a small, clustered sample is weak evidence, and a type label is not a cause. Judge each lead on MAN and its signals, not on a personality label.",
        "zh": "对：样本小、又扎堆在少数人身上，这点差距说明不了什么；性格标签也不是原因。判断线索要看 MAN 和它的信号，而不是性格标签。",
    },
)

q10 = FunctionExercise(
    id="ch03.q10",
    title={"en": "Write grid_quadrant(assertiveness, responsiveness) returning the quadrant id",
           "zh": "编写 grid_quadrant(assertiveness, responsiveness)，返回象限代码"},
    cases=[(0.2, -0.7), (-0.8, -0.4), (-0.5, 0.7), (0.6, 0.8), (-0.2, 0.6), (0.7, -0.6), (-0.1, -0.8), (0.9, 0.4),
           (0.0, 0.0), (0.0, -0.5), (-0.3, 0.0)],
    reference=_reference_quadrant,
    case_label=lambda args: "assertiveness={}, responsiveness={}".format(*args),
    hints=[
        {"en": "Two yes/no questions: is assertiveness >= 0? Is responsiveness >= 0? Four combinations, four ids.",
         "zh": "两个是/否问题：主导性 >= 0 吗？情感外露度 >= 0 吗？四种组合对应四个代码。"},
        {"en": "Nest two `if` statements: the outer one asks about assertiveness, the inner one about responsiveness, and each of the four branches returns one id. Use `>=` so that 0 counts as high.",
         "zh": "用两层 `if`：外层判断主导性，内层判断情感外露度，四个分支各返回一个代码。用 `>=`，这样 0 就算作高。"},
    ],
    solution_code=("def grid_quadrant(assertiveness, responsiveness):\n"
                   "    if assertiveness >= 0:\n        return 'forceful' if responsiveness >= 0 else 'firm'\n"
                   "    return 'warm' if responsiveness >= 0 else 'guarded'"),
    correct_message={
        "en": "Right: two yes/no questions place anyone on the grid. Use the quadrant to set your pace and tone — as a rule of thumb, not a measurement.",
        "zh": "对：两个是/否问题就能把人放进坐标。用象限来决定你的节奏和语气——这是经验法则，不是测量结果。",
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
