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
# # Workbook 2 — Finding prospects
#
# Ten exercises on Chapter 2. Replace each `____` with your answer, run the cell, then run
# the check below it. A check never breaks your notebook: it says *correct*, *not yet* (with
# a pointer), or *not attempted*.
#
# Written answers are read for their key ideas: state each one in your own words — an answer
# that says the opposite is *not yet*. When the kit cannot be sure, it says *check it
# yourself* and shows the model answer to compare with; your instructor sees those too.
# An exercise with buttons can be answered by clicking: the check below it then judges
# your click.
#
# Stuck? `q1.hint()` gives a first hint, `q1.hint(2)` a stronger one, `q1.solution()` the
# answer (hints and solutions are recorded). `progress()` shows where you are.

# %% [markdown] lang="zh"
# # 练习册 2　寻找潜在客户的方法
#
# 第二章的十道练习。把每个 `____` 换成你的答案，运行单元格，再运行下面的检查。检查不会让笔记本报错，
# 只会告诉你“正确”“还不对”（附上方向提示）或“尚未作答”。
#
# 书面回答看的是要点：用自己的话把每个要点讲出来——说反了就是“还不对”。检查程序拿不准的时候，
# 会提示“请自行对照”，并给出参考答案供你比较；老师也会看到这类回答。带按钮的练习可以直接点选，
# 下面的检查会按你点选的答案来判断。
#
# 卡住了？`q1.hint()` 给第一条提示，`q1.hint(2)` 给更直接的提示，`q1.solution()` 显示答案
# （提示和答案的使用都会记录）。`progress()` 可以查看进度。

# %% tags=["parameters"]
LANG = "en"

# %%
import pandas as pd

import course
from course import data, finding
from course.exercises.ch02 import *

course.set_language(LANG)
leads = data.load("b2b_leads")
accounts = data.load("b2b_accounts")
reps = data.load("b2b_reps")
orders = data.load("b2b_orders")

# %% [markdown] lang="en"
# ## Exercise 1
#
# Compute the **conversion rate of each source method**: a Series indexed by `source_method`
# whose values are the share of that method's leads that became customers (`converted`).

# %% [markdown] lang="zh"
# ## 练习 1
#
# 计算**每种寻找方法的成交率**：得到一个以 `source_method` 为索引的 Series，值为该方法的线索中
# 最终成交（`converted`）的比例。

# %%
rate_by_method = leads.groupby("source_method")["converted"].mean()  # blank

# %% tags=["selftest"]
assert q1.judge(leads.groupby("source_method")["converted"].sum()).status == "incorrect"

# %%
q1.check(rate_by_method)

# %% [markdown] lang="en"
# ## Exercise 2
#
# What does Huaxin spend, in yuan, for **each customer won** through referrals? Add up the
# `acquisition_cost` of all referral leads and divide by the number of them that converted.

# %% [markdown] lang="zh"
# ## 练习 2
#
# 华信通过介绍法**每成交一家客户**要花多少钱（元）？把介绍法所有线索的 `acquisition_cost` 加总，
# 再除以其中成交的条数。

# %%
referral = leads[leads["source_method"] == "referral"]
cost_per_win = referral["acquisition_cost"].sum() / referral["converted"].sum()  # blank

# %% tags=["selftest"]
assert q2.judge(referral["acquisition_cost"].mean()).status == "incorrect"
assert "per lead" in q2.judge(referral["acquisition_cost"].mean()).message["en"]

# %%
q2.check(cost_per_win)

# %% [markdown] lang="en"
# ## Exercise 3
#
# List the `account_id`s of the **orphaned accounts**: the owner rep (`owner_rep_id`) has left
# (a `left_date` in `reps`) and the account's `last_contact_date` is before that date.

# %% [markdown] lang="zh"
# ## 练习 3
#
# 列出**“无人管”客户**的 `account_id`：负责的销售代表（`owner_rep_id`）已经离职（在 `reps` 里有
# `left_date`），而且客户的 `last_contact_date` 早于这个离职日期。

# %%
merged = accounts.merge(reps[["rep_id", "left_date"]], left_on="owner_rep_id", right_on="rep_id")
orphan_ids = merged.loc[merged["left_date"].notna() & (merged["last_contact_date"] < merged["left_date"]), "account_id"].tolist()  # blank

# %% tags=["selftest"]
assert q3.judge(merged.loc[merged["left_date"].notna(), "account_id"].tolist()).status == "incorrect"
assert "contacted after" in q3.judge(merged.loc[merged["left_date"].notna(), "account_id"].tolist()).message["en"]
assert "whole table" in q3.judge(merged).message["en"]

# %%
q3.check(orphan_ids)

# %% [markdown] lang="en"
# ## Exercise 4
#
# Write a function `typical_interval(dates)` that takes one customer's purchase dates (strings
# like `"2022-06-30"`, in any order) and returns the **median number of days between
# purchases**. Same-day purchases count once. A customer with only one purchase day has no
# interval: return `None` rather than a guess. Pass the function itself to the check.

# %% [markdown] lang="zh"
# ## 练习 4
#
# 编写函数 `typical_interval(dates)`：输入某个客户的购买日期（形如 `"2022-06-30"` 的字符串，顺序不定），
# 返回**两次购买之间间隔天数的中位数**。同一天的多次购买只算一次。只有一个购买日期的客户算不出间隔：
# 返回 `None`，不要瞎猜。检查时传入函数本身。

# %%
def typical_interval(dates):
    # BEGIN SOLUTION
    days = pd.to_datetime(pd.Series(dates)).drop_duplicates().sort_values()
    if len(days) < 2:
        return None
    return float(days.diff().dt.days.median())
    # END SOLUTION


# %% tags=["selftest"]
assert q4.judge(lambda dates: 0.0).status == "incorrect"
assert q4.judge(lambda dates: pd.to_datetime(pd.Series(dates)).sort_values().diff().dt.days.median()).status == "incorrect"
assert q4.judge(lambda dates: 1 / 0).status == "error"

# %%
q4.check(typical_interval)

# %% [markdown] lang="en"
# Try your function on the textbook account A0042's copier purchases:

# %% [markdown] lang="zh"
# 用你的函数算一算教材案例 A0042 的复印机购买记录：

# %%
a0042 = orders[(orders["account_id"] == "A0042") & (orders["product"] == "copier")]
typical_interval(a0042["order_date"].dt.strftime("%Y-%m-%d").tolist())

# %% [markdown] lang="en"
# ## Exercise 5
#
# How many accounts have bought a **copier** (`product == "copier"`) on only **one** day? For
# them the replacement interval is unknown. Give a whole number.

# %% [markdown] lang="zh"
# ## 练习 5
#
# 有多少家客户只在**一天**里买过**复印机**（`product == "copier"`）？这些客户的更新周期是未知的。
# 请给出一个整数。

# %%
copiers = orders[orders["product"] == "copier"]
one_off = int((copiers.groupby("account_id")["order_date"].nunique() == 1).sum())  # blank

# %% tags=["selftest"]
assert q5.judge(copiers["account_id"].nunique()).status == "incorrect"
assert q5.judge(one_off + 1).message["en"].startswith("One too many")

# %%
q5.check(one_off)

# %% [markdown] lang="en"
# ## Exercise 6
#
# Huaxin sells to organisations, its equipment is expensive, its market is narrow, its territory
# is small and its prospecting budget is small. Which of the four methods does the method chooser
# rank **lowest**? Click below, **or** type the option id (`referral`, `online_search`,
# `trade_fair`, `advertising`).

# %% [markdown] lang="zh"
# ## 练习 6
#
# 华信的客户是单位，设备价格高，市场窄，区域小，找客户的预算也有限。下面四种方法里，方法选择器把哪一种排在**最后**？
# 请在下面点选，**或者**输入选项代码（`referral`、`online_search`、`trade_fair`、`advertising`）。

# %% tags=["nbval-ignore-output"]
q6.widget()

# %%
lowest_method = "advertising"  # blank

# %% tags=["selftest"]
assert q6.judge("trade_fair").status == "incorrect"
assert q6.judge("广告寻找法").status == "correct"

# %%
q6.check(lowest_method)

# %% [markdown] lang="en"
# ## Exercise 7
#
# The `stage` column holds the furthest funnel stage each lead reached (`contacted`,
# `preliminary`, `fine`, `key`, `plan`). Of the leads that reached **fine selection**, what
# share went on to become **key prospects**? (A lead at `plan` passed through `key` too.)

# %% [markdown] lang="zh"
# ## 练习 7
#
# `stage` 列记录了每条线索走到的最远漏斗阶段（`contacted`、`preliminary`、`fine`、`key`、`plan`）。
# 在走到**精选**阶段的线索中，有多大比例继续成为了**重点潜在客户**？（到了 `plan` 的线索也经过了 `key`。）

# %%
fine_to_key = leads["stage"].isin(["key", "plan"]).sum() / leads["stage"].isin(["fine", "key", "plan"]).sum()  # blank

# %% tags=["selftest"]
assert q7.judge((leads["stage"] == "key").sum() / (leads["stage"] == "fine").sum()).status == "incorrect"
assert q7.judge(leads["stage"].isin(["key", "plan"]).mean()).status == "incorrect"
assert "per cent" in q7.judge(fine_to_key * 100).message["en"]

# %%
q7.check(fine_to_key)

# %% [markdown] lang="en"
# ## Exercise 8
#
# In two or three sentences of your own: a customer has used your copiers for 17 years and
# bought 4 of them. Their current machine is 4 years old. What do you do, and why?

# %% [markdown] lang="zh"
# ## 练习 8
#
# 用自己的话写两三句：某客户用你的复印机已经 17 年，一共买了 4 台，现在这台用了 4 年。你该怎么做？为什么？

# %%
copier_case = "They buy a new copier about every 4 years (17 years / 4 purchases), and the current one is already 4 years old, so I call them now, before a competitor does."  # blank

# %% tags=["selftest"]
assert q8.judge("They like our copiers very much and we are friends.").status == "incorrect"
assert q8.judge("Do not contact them yet; they do not replace machines every 4 years.").status == "incorrect"
assert q8.judge("Wait until the copier breaks down; the machine still has many more years left.").status == "incorrect"
assert q8.judge("不用联系他们，他们并不是每4年换一次。").status == "incorrect"
assert q8.judge("先别急着联系，等机器坏了再说，还能用很多年。").status == "incorrect"

# %%
q8.check(copier_case)

# %% [markdown] lang="en"
# ## Exercise 9
#
# In one or two sentences of your own: why do referrals convert better, and cost less, than most
# other methods?

# %% [markdown] lang="zh"
# ## 练习 9
#
# 用自己的话写一两句：为什么介绍法比其他大多数方法成交率高、花钱又少？

# %%
why_referrals = "The new prospect already trusts the person who introduced us, so that trust carries over, and asking for an introduction costs almost nothing."  # blank

# %% tags=["selftest"]
assert q9.judge("Because referrals are a popular method in sales.").status == "incorrect"
assert q9.judge("Referrals are not trusted more than other leads, and they are not cheap at all.").status == "incorrect"
assert q9.judge("Referrals are expensive, and people distrust anyone a friend sends them.").status == "incorrect"
assert q9.judge("介绍来的客户并不更信任你，请人介绍也不便宜。").status == "incorrect"
assert q9.judge("介绍法很费钱，而且别人介绍来的人大家都有戒心。").status == "incorrect"

# %%
q9.check(why_referrals)

# %% [markdown] lang="en"
# ## Exercise 10
#
# The five-step rule: chat with anyone within five steps. Which of these is **not** one of the
# three good outcomes? Click, or type the id (`they_call`, `you_call`, `referral`, `sign_now`).

# %% [markdown] lang="zh"
# ## 练习 10
#
# 五步原则：和走进你五步之内的人聊几句。下面哪一项**不属于**三种好结果？请点选，或输入选项代码
# （`they_call`、`you_call`、`referral`、`sign_now`）。

# %% tags=["nbval-ignore-output"]
q10.widget()

# %%
not_an_outcome = "sign_now"  # blank

# %% tags=["selftest"]
assert q10.judge("referral").status == "incorrect"

# %%
q10.check(not_an_outcome)

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
