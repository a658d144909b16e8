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
# # Workbook 1 — What a prospect is
#
# Ten exercises on the chapter's data. For each one, replace `____` with your answer, run
# the cell, then run the check below it. A check never breaks your notebook: it says
# *correct*, *not yet* (with a pointer), or *not attempted*.
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
# # 练习册 1　什么是潜在客户
#
# 十道题，数据和课程一致。每道题把 `____` 换成你的答案，运行单元格，再运行下面的检查。
# 检查永远不会让笔记本报错：它只会告诉你“正确”“还不对”（并给出提示方向）或“尚未作答”。
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
from course import data, prospects
from course.exercises.ch01 import *

course.set_language(LANG)
leads = data.load("b2b_leads")
accounts = data.load("b2b_accounts")
members = data.load("b2c_members")
transactions = data.load("b2c_transactions")

# %% [markdown] lang="en"
# ## Exercise 1
#
# How many of Huaxin's leads show **desire without purchasing power** — a need (`need`)
# but no confirmed money (`money`)? Give a whole number.

# %% [markdown] lang="zh"
# ## 练习 1
#
# 华信的线索中，有多少条属于**有欲望、缺购买力**——有需求（`need`）但没有确认的购买力（`money`）？
# 请给出一个整数。

# %%
desire_no_power = int((leads["need"] & ~leads["money"]).sum())  # blank

# %% tags=["selftest"]
assert q1.judge(desire_no_power + 1).status == "incorrect"
assert q1.judge("many").status == "incorrect"
assert q1.judge(desire_no_power - 1).message["en"].startswith("One short")  # off by one: the boundary
assert q1.judge(float(desire_no_power)).status == "correct"  # a whole float is the same count

# %%
q1.check(desire_no_power)

# %% [markdown] lang="en"
# ## Exercise 2
#
# What **share** of Huaxin's accounts has been lost (`status == "lost"`)? Give a number
# between 0 and 1.

# %% [markdown] lang="zh"
# ## 练习 2
#
# 华信的客户单位中，已流失的（`status == "lost"`）占多大**比例**？请给出 0 到 1 之间的数。

# %%
lost_share = (accounts["status"] == "lost").mean()  # blank

# %% tags=["selftest"]
assert q2.judge(lost_share * 100 + 5).status == "incorrect"
assert q2.judge(1 - lost_share).status == "incorrect"
assert "per cent" in q2.judge(lost_share * 100).message["en"]
assert q2.judge(float(f"{lost_share:.3g}")).status == "correct"  # as a table shows it

# %%
q2.check(lost_share)

# %% [markdown] lang="en"
# ## Exercise 3
#
# List the `lead_id`s of every lead with all three MAN letters — the ones to pursue now.

# %% [markdown] lang="zh"
# ## 练习 3
#
# 列出 MAN 三项齐全的所有线索的 `lead_id`——这些是应当立即跟进的。

# %%
pursue_ids = leads.loc[leads["money"] & leads["authority"] & leads["need"], "lead_id"].tolist()  # blank

# %% tags=["selftest"]
assert q3.judge(pursue_ids[:-1]).status == "incorrect"
assert q3.judge(leads.loc[leads["money"] & leads["need"], "lead_id"].tolist()).status == "incorrect"
assert "whole table" in q3.judge(leads[leads["money"] & leads["authority"] & leads["need"]]).message["en"]

# %%
q3.check(pursue_ids)

# %% [markdown] lang="en"
# ## Exercise 4
#
# Compute the **conversion rate of each MAN code**: a Series indexed by code whose values
# are the share of leads with that code that became customers (`converted`).
# `prospects.man_codes(leads)` gives the code of every lead.

# %% [markdown] lang="zh"
# ## 练习 4
#
# 计算**每种 MAN 代码的成交率**：得到一个以代码为索引的 Series，值为该代码的线索中最终成交
# （`converted`）的比例。`prospects.man_codes(leads)` 可以得到每条线索的代码。

# %%
rate_by_code = leads.groupby(prospects.man_codes(leads))["converted"].mean()  # blank

# %% tags=["selftest"]
assert q4.judge(leads.groupby(prospects.man_codes(leads))["converted"].sum()).status == "incorrect"

# %%
q4.check(rate_by_code)

# %% [markdown] lang="en"
# ## Exercise 5
#
# A hospital IT manager has an approved budget and urgently needs 40 switches, but the
# purchasing committee signs off. Choose the countermeasure by clicking below, **or** type
# the option id (`pursue`, `develop`, `redirect`, `finance`, `cultivate`, `stop`).

# %% [markdown] lang="zh"
# ## 练习 5
#
# 某医院信息科科长预算已批、急需 40 台交换机，但采购须由采购委员会拍板。请在下面点选对策，
# **或者**直接输入选项代码（`pursue`、`develop`、`redirect`、`finance`、`cultivate`、`stop`）。

# %% tags=["nbval-ignore-output"]
q5.widget()

# %%
countermeasure5 = "redirect"  # blank

# %% tags=["selftest"]
assert q5.judge("pursue").status == "incorrect"
assert q5.judge("接触，并设法找到有决策权的人").status == "correct"  # the Chinese label of the option

# %%
q5.check(countermeasure5)

# %% [markdown] lang="en"
# ## Exercise 6
#
# A print-shop owner wants a production copier and decides alone, but cash is tight after
# a slow season. Which countermeasure? (Click or type, as in Exercise 5.)

# %% [markdown] lang="zh"
# ## 练习 6
#
# 一家印刷店的老板想添一台生产型复印机，自己就能拍板，但淡季过后手头很紧。该用哪条对策？
# （和练习 5 一样，可以点选也可以输入。）

# %% tags=["nbval-ignore-output"]
q6.widget()

# %%
countermeasure6 = "finance"  # blank

# %% tags=["selftest"]
assert q6.judge("cultivate").status == "incorrect"

# %%
q6.check(countermeasure6)

# %% [markdown] lang="en"
# ## Exercise 7
#
# Write a function `man_label(money, authority, need)` that returns the MAN code as a
# string: a capital letter for "has it", lower case for "lacks it" (e.g. `"MaN"`).
# Pass the function itself to the check (no brackets).

# %% [markdown] lang="zh"
# ## 练习 7
#
# 编写函数 `man_label(money, authority, need)`，返回 MAN 代码字符串：具备写大写，不具备写小写
# （例如 `"MaN"`）。检查时传入函数本身（不要加括号）。

# %%
def man_label(money, authority, need):
    # BEGIN SOLUTION
    return ("M" if money else "m") + ("A" if authority else "a") + ("N" if need else "n")
    # END SOLUTION


# %% tags=["selftest"]
assert q7.judge(lambda m, a, n: "MAN").status == "incorrect"
assert q7.judge(lambda m, a, n: 1 / 0).status == "error"

# %%
q7.check(man_label)

# %% [markdown] lang="en"
# ## Exercise 8
#
# In two or three sentences of your own: why can a price **far below** the market average
# lose sales instead of winning them?

# %% [markdown] lang="zh"
# ## 练习 8
#
# 用自己的话写两三句：为什么价格**远低于**市场均价，反而可能丢掉生意？

# %%
why_not_too_cheap = "Buyers start to suspect a fake or a catch, so they stop trusting the offer, and the low price attracts a different group of bargain hunters instead of our target customers."  # blank

# %% tags=["selftest"]
assert q8.judge("Because cheap things sell less.").status == "incorrect"
assert q8.judge("Buyers would not suspect anything, and it would not bring in a different group of customers.").status == "incorrect"
assert q8.judge("A much lower price always wins more buyers: everyone trusts a bargain.").status == "incorrect"
assert q8.judge("买家不会怀疑什么，也不会招来另一群人。").status == "incorrect"
assert q8.judge("价格低就能多卖，大家都相信便宜货，原来的客户也会买得更多。").status == "incorrect"

# %%
q8.check(why_not_too_cheap)

# %% [markdown] lang="en"
# ## Exercise 9
#
# In one or two sentences of your own: what two things make someone a prospect?

# %% [markdown] lang="zh"
# ## 练习 9
#
# 用一两句自己的话回答：一个人要成为潜在客户，需要具备哪两点？

# %%
two_elements = "They need what we sell, and they can afford to pay for it."  # blank

# %% tags=["selftest"]
assert q9.judge("They need what we sell, they really do need it.").status == "incorrect"
assert q9.judge("They do not need it and they cannot pay for it at all.").status == "incorrect"
assert q9.judge("Whether they need it is irrelevant; anyone with money is a prospect.").status == "incorrect"
assert q9.judge("他们并不需要这个产品，而且也付不起钱。").status == "incorrect"
assert q9.judge("用不用得上无所谓，只要有钱就是潜在客户。").status == "incorrect"
assert q9.judge("他要用得上我们的产品，还要买得起。").status == "correct"

# %%
q9.check(two_elements)

# %% [markdown] lang="en"
# ## Exercise 10
#
# Which income band of Yuexiang's members (`low`, `middle` or `high`) spends the most
# **per member**? Answer with the band's name.

# %% [markdown] lang="zh"
# ## 练习 10
#
# 悦享生活馆哪个收入档次（`low`、`middle` 或 `high`）的会员**人均**消费最高？请填写档次名称。

# %%
best_band = prospects.purchasing_power(members, transactions, by="income_band").index[0]  # blank

# %% tags=["selftest"]
assert q10.judge("middle").status == "incorrect"
assert q10.judge("高收入").status == "correct"  # the band in Chinese
assert q10.judge("中等收入").message == q10.judge("middle").message

# %%
q10.check(best_band)

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
