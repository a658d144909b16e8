# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] lang="en"
# # Workbook 3 — Prospect types
#
# Ten exercises: spotting types in scenarios, reading the style grid, pandas on Huaxin's
# contacts and leads, a small function, and two short written answers. For each one,
# replace `____` with your answer, run the cell, then run the check below it. A check never
# breaks your notebook: it says *correct*, *not yet* (with a pointer), or *not attempted*.
#
# Written answers are read for their key ideas: state each one in your own words — an answer
# that says the opposite is *not yet*. When the kit cannot be sure, it says *check it
# yourself* and shows the model answer to compare with; your instructor sees those too.
# An exercise with buttons can be answered by clicking: the check below it then judges
# your click.
#
# Stuck? `q1.hint()` gives a first hint, `q1.hint(2)` a stronger one, `q1.solution()` the
# answer (hints and solutions are recorded). Run `progress()` at any time to see where you are.

# %% [markdown] lang="zh"
# # 练习册 3　潜在客户的类型
#
# 十道题：在情景中识别类型、读风格坐标、用 pandas 分析华信的联系人和线索、写一个小函数，以及两道简答题。
# 每道题把 `____` 换成你的答案，运行单元格，再运行下面的检查。检查永远不会让笔记本报错：
# 它只会告诉你“正确”“还不对”（并给出提示方向）或“尚未作答”。
#
# 书面回答看的是要点：用自己的话把每个要点讲出来——说反了就是“还不对”。检查程序拿不准的时候，
# 会提示“请自行对照”，并给出参考答案供你比较；老师也会看到这类回答。带按钮的练习可以直接点选，
# 下面的检查会按你点选的答案来判断。
#
# 卡住了？`q1.hint()` 给第一条提示，`q1.hint(2)` 给更直接的提示，`q1.solution()` 显示答案
# （提示和答案的使用都会记录）。随时运行 `progress()` 查看自己的进度。

# %% tags=["parameters"]
LANG = "en"

# %%
import course
from course import data, personality
from course.exercises.ch03 import *

course.set_language(LANG)
contacts = data.load("b2b_contacts")
leads = data.load("b2b_leads")

# %% [markdown] lang="en"
# ## Exercise 1
#
# Read the scenario in the box below and click the personality type you spot, then press
# *Check*. You can also type the type id (`rational`, `introverted`, `easygoing`, `vain`,
# `nervous`, `stubborn`, `suspicious`, `combative`) in the next cell.

# %% [markdown] lang="zh"
# ## 练习 1
#
# 读下面框里的情景，点选你判断出的性格类型，再点“检查”。也可以在下一个单元格里输入类型代码
# （`rational`、`introverted`、`easygoing`、`vain`、`nervous`、`stubborn`、`suspicious`、`combative`）。

# %% tags=["nbval-ignore-output"]
q1.widget()

# %%
type_1 = "rational"  # blank

# %% tags=["selftest"]
assert q1.judge("suspicious").status == "incorrect"
assert q1.judge("vain").status == "incorrect"
assert q1.judge("理智型").status == "correct"

# %%
q1.check(type_1)

# %% [markdown] lang="en"
# ## Exercise 2
#
# Same again for a **goal** type: click it below, or type its id (`task`, `benefit`,
# `owner`, `quality`, `economy`).

# %% [markdown] lang="zh"
# ## 练习 2
#
# 这次判断的是**目标**类型：在下面点选，或输入代码（`task`、`benefit`、`owner`、`quality`、`economy`）。

# %% tags=["nbval-ignore-output"]
q2.widget()

# %%
goal_2 = "owner"  # blank

# %% tags=["selftest"]
assert q2.judge("economy").status == "incorrect"
assert q2.judge("quality").status == "incorrect"

# %%
q2.check(goal_2)

# %% [markdown] lang="en"
# ## Exercise 3
#
# On the assertiveness × responsiveness grid, which **two** personality types sit in the
# quiet & guarded quadrant (both values below 0)? Give a list of two type ids.
# `personality.style_grid()` shows every type's position.

# %% [markdown] lang="zh"
# ## 练习 3
#
# 在“主导性 × 情感外露度”坐标上，哪**两种**性格类型落在“沉默戒备”象限（两项数值都小于 0）？
# 请给出由两个类型代码组成的列表。`personality.style_grid()` 可以看到每种类型的位置。

# %%
personality.style_grid()

# %%
guarded = ["introverted", "suspicious"]  # blank

# %% tags=["selftest"]
assert q3.judge(["introverted", "rational"]).status == "incorrect"
assert q3.judge(["introverted"]).status == "incorrect"
assert q3.judge(["内向沉默型", "怀疑型"]).status == "correct"  # Chinese names of the two types

# %%
q3.check(guarded)

# %% [markdown] lang="en"
# ## Exercise 4
#
# Read this scenario and **type** the personality type id (no clicking this time):

# %% [markdown] lang="zh"
# ## 练习 4
#
# 读下面的情景，**输入**性格类型代码（这次不用点选）：

# %%
personality.scenario_text("nervous_3")

# %%
type_4 = "nervous"  # blank

# %% tags=["selftest"]
assert q4.judge("combative").status == "incorrect"
assert "afraid" in q4.judge("combative").message["en"]
assert q4.judge("神经质型").status == "correct"
assert q4.judge("好斗型").message == q4.judge("combative").message

# %%
q4.check(type_4)

# %% [markdown] lang="en"
# ## Exercise 5
#
# What is the **win rate** (share of `converted`) of the leads whose contact is of the
# suspicious type? Leads do not carry a type themselves: join them to `contacts` on
# `contact_id` first. Keep the joined table as `typed`; Exercises 6 and 7 use it too.

# %% [markdown] lang="zh"
# ## 练习 5
#
# 联系人为怀疑型的那些线索，**成交率**（`converted` 的比例）是多少？线索表本身没有类型：
# 先用 `contact_id` 把它和 `contacts` 连起来。把连好的表存为 `typed`，练习 6 和练习 7 也要用。

# %%
typed = leads.merge(contacts[["contact_id", "personality_type", "goal_type"]], on="contact_id")  # blank
suspicious_rate = typed.loc[typed["personality_type"] == "suspicious", "converted"].mean()  # blank

# %% tags=["selftest"]
assert q5.judge((contacts["personality_type"] == "suspicious").mean()).status == "incorrect"
assert q5.judge(leads["converted"].mean()).status == "incorrect"
assert q5.judge(round(suspicious_rate, 3)).status == "correct"  # as the table shows it
assert "per cent" in q5.judge(suspicious_rate * 100).message["en"]

# %%
q5.check(suspicious_rate)

# %% [markdown] lang="en"
# ## Exercise 6
#
# How many **leads** does each goal type bring? Give a Series indexed by goal type id
# (`task`, `benefit`, …) whose values are the numbers of leads.

# %% [markdown] lang="zh"
# ## 练习 6
#
# 每种目标类型各带来多少条**线索**？请给出一个以目标类型代码（`task`、`benefit`……）为索引、
# 值为线索数的 Series。

# %%
leads_by_goal = typed["goal_type"].value_counts()  # blank

# %% tags=["selftest"]
assert q6.judge(contacts["goal_type"].value_counts()).status == "incorrect"

# %%
q6.check(leads_by_goal)

# %% [markdown] lang="en"
# ## Exercise 7
#
# Which personality type brings the largest **number** of won leads? Answer with its id.
# (Compare it with the type that has the highest win *rate* in the chapter.)

# %% [markdown] lang="zh"
# ## 练习 7
#
# 哪种性格类型带来的成交线索**数量**最多？请填写类型代码。（和课程中成交*率*最高的类型比较一下。）

# %%
most_wins = typed.loc[typed["converted"], "personality_type"].value_counts().idxmax()  # blank

# %% tags=["selftest"]
from course.exercises import labels

best_rate = personality.win_rate_by_type(contacts, leads)["conversion_rate"].idxmax()  # the trap: a rate, not a count
assert q7.judge(best_rate).status == "incorrect"
assert "rate" in q7.judge(best_rate).message["en"]
assert q7.judge(labels.display(most_wins, "zh")).status == "correct"  # the type in Chinese

# %%
q7.check(most_wins)

# %% [markdown] lang="en"
# ## Exercise 8
#
# A clinic manager tells you: "Every salesperson says their machine never breaks down." In two
# or three sentences of your own: how do you handle a **suspicious** buyer like her?

# %% [markdown] lang="zh"
# ## 练习 8
#
# 一位诊所经理对你说：“哪个推销员不说自己的机器从来不坏？”用你自己的话写两三句：
# 怎样对待这样的**怀疑型**买家？

# %%
handle_suspicious = "Back every claim with evidence she can check: references to call, test reports, a trial. Be open about costs and limits and put them in writing, never push or exaggerate, and make small promises that you keep exactly."  # blank

# %% tags=["selftest"]
assert q8.judge("Be friendly and give her a big discount so she signs today.").status == "incorrect"
assert q8.judge("Put pressure on them, promise nothing, never give evidence, and hide the costs until they sign.").status == "incorrect"
assert q8.judge("Do not bother with evidence, never put costs in writing, and never make promises to him.").status == "incorrect"
assert q8.judge("对他施压，什么都不承诺，也别给证据，费用等签了合同再说。").status == "incorrect"
assert q8.judge("不用给他看证据，也不用把条款写下来，更不必兑现什么承诺。").status == "incorrect"

# %%
q8.check(handle_suspicious)

# %% [markdown] lang="en"
# ## Exercise 9
#
# In the chapter, the {{ch03.top_personality}} type had the highest win rate ({{ch03.top_rate}}). In two or three
# sentences: why should you **not** conclude that buyers of that type are better prospects?

# %% [markdown] lang="zh"
# ## 练习 9
#
# 课程里，{{ch03.top_personality}}联系人的成交率最高（{{ch03.top_rate}}）。用两三句话说明：为什么**不能**因此认为这类买家是更好的潜在客户？

# %%
not_better = "The gap may be chance: the groups are small and the intervals overlap, and leads of the same contact are not independent, so the honest permutation test is not significant. Even a real gap would be a correlation, not a cause."  # blank

# %% tags=["selftest"]
assert q9.judge("Because suspicious people are hard to sell to.").status == "incorrect"
assert q9.judge("The gap is not down to chance, and the leads are not counted several times.").status == "incorrect"
assert q9.judge("The difference is significant, so suspicious buyers are simply better prospects.").status == "incorrect"
assert q9.judge("这个差距不是偶然的，同一联系人的线索也没有被重复计算。").status == "incorrect"
assert q9.judge("差距很显著，说明怀疑型买家就是更好的客户，以后要重点找他们。").status == "incorrect"

# %%
q9.check(not_better)

# %% [markdown] lang="en"
# ## Exercise 10
#
# Write a function `grid_quadrant(assertiveness, responsiveness)` that returns the
# quadrant id of a position on the style grid: `"forceful"` (both high), `"firm"`
# (assertive, not responsive), `"warm"` (responsive, not assertive) or `"guarded"` (both
# low). A value of 0 counts as high. Pass the function itself to the check.

# %% [markdown] lang="zh"
# ## 练习 10
#
# 编写函数 `grid_quadrant(assertiveness, responsiveness)`，返回风格坐标上某个位置所在象限的代码：
# `"forceful"`（两项都高）、`"firm"`（主导性高、外露度低）、`"warm"`（外露度高、主导性低）或
# `"guarded"`（两项都低）。数值为 0 时算作高。检查时传入函数本身（不要加括号）。

# %%
def grid_quadrant(assertiveness, responsiveness):
    # BEGIN SOLUTION
    if assertiveness >= 0:
        return "forceful" if responsiveness >= 0 else "firm"
    return "warm" if responsiveness >= 0 else "guarded"
    # END SOLUTION


# %% tags=["selftest"]
assert q10.judge(lambda a, r: "forceful" if a > 0 and r > 0 else "guarded").status == "incorrect"
assert q10.judge(lambda a, r: {"x": 1}["y"]).status == "error"

# %%
q10.check(grid_quadrant)

# %% [markdown] lang="en"
# ## Your progress
#
# Run the cell below to see every exercise of this chapter — the ones not tried yet too —
# with your best result, attempts and hints so far, and what to do next.

# %% [markdown] lang="zh"
# ## 你的进度
#
# 运行下面的单元格，查看本章每道练习（包括还没做的）目前的最好成绩、作答次数和提示使用情况，
# 以及下一步该做什么。

# %%
progress()
