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
# # Workbook 4 — Customer records and the best customers
#
# Twelve exercises on the chapter's data. For each one, replace `____` with your answer, run
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
# # 练习册 4　建立客户档案，找出最佳客户
#
# 十二道题，数据和课程一致。每道题把 `____` 换成你的答案，运行单元格，再运行下面的检查。
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
import math
import tempfile
from pathlib import Path

import pandas as pd

import course
from course import data, records
from course.archive import CustomerArchive
from course.data import DataError
from course.exercises.ch04 import *

course.set_language(LANG)
AS_OF = "2026-06-30"
accounts = data.load("b2b_accounts")
orders = data.load("b2b_orders")
tickets = data.load("b2b_tickets")
transactions = data.load("b2c_transactions")

# %% [markdown] lang="en"
# ## Exercise 1
#
# What **share** of Huaxin's revenue (all orders in `orders`) comes from the top 20% of its
# accounts? Give a number between 0 and 1.

# %% [markdown] lang="zh"
# ## 练习 1
#
# 华信前 20% 的客户贡献了多大**比例**的收入（`orders` 中的全部订单）？请给出 0 到 1 之间的数。

# %%
top20 = records.pareto_share(orders, top=0.2)  # blank

# %% tags=["selftest"]
assert q1.judge(0.2).status == "incorrect"
assert q1.judge(top20 * 100).status == "incorrect"
assert "per cent" in q1.judge(top20 * 100).message["en"]
assert q1.judge(round(top20, 3)).status == "correct"

# %%
q1.check(top20)

# %% [markdown] lang="en"
# ## Exercise 2
#
# How many accounts are in **class A** with the default cut-offs (A up to 80% of revenue)?

# %% [markdown] lang="zh"
# ## 练习 2
#
# 按默认分界（A 类截至累计收入的 80%），**A 类**客户有多少家？

# %%
n_class_a = int((records.abc_classes(orders) == "A").sum())  # blank

# %% tags=["selftest"]
assert q2.judge(87).status == "incorrect"
assert q2.judge(n_class_a + 1).message["en"].startswith("One too many")

# %%
q2.check(n_class_a)

# %% [markdown] lang="en"
# ## Exercise 3
#
# Write a function `top_share(values, top)` that takes a list of customer totals and returns
# the share of the grand total held by the top `top` of customers. Rules, as in the chapter:
# the number of top customers is `ceil(top × n)` (at least 1), and a negative total (more
# returns than purchases) counts as 0. Pass the function itself to the check.

# %% [markdown] lang="zh"
# ## 练习 3
#
# 编写函数 `top_share(values, top)`：输入一组客户的金额合计，返回前 `top` 比例的客户占总额的份额。
# 规则与课程一致：前几名的人数取 `ceil(top × n)`（至少 1 人）；合计为负（退货多于购买）的按 0 计。
# 检查时传入函数本身。

# %%
def top_share(values, top):
    # BEGIN SOLUTION
    v = sorted((max(x, 0) for x in values), reverse=True)
    k = max(1, math.ceil(round(top * len(v), 9)))
    return sum(v[:k]) / sum(v)
    # END SOLUTION


# %% tags=["selftest"]
assert q3.judge(lambda values, top: sorted(values)[-1] / sum(values)).status == "incorrect"
assert q3.judge(lambda values, top: 1 / 0).status == "error"

# %%
q3.check(top_share)

# %% [markdown] lang="en"
# ## Exercise 4
#
# Build the RFM table of Yuexiang's members as of 2026-06-30 and count the **champions**.

# %% [markdown] lang="zh"
# ## 练习 4
#
# 以 2026-06-30 为统计日，建立悦享生活馆会员的 RFM 表，数一数有多少位**明星客户**（champions）。

# %%
rfm = records.rfm_table(transactions, as_of=AS_OF)
n_champions = int((rfm["segment"] == "champions").sum())  # blank

# %% tags=["selftest"]
assert q4.judge(int((rfm["segment"] == "loyal").sum())).status == "incorrect"
assert q4.judge(n_champions - 1).message["en"].startswith("One short")

# %%
q4.check(n_champions)

# %% [markdown] lang="en"
# ## Exercise 5
#
# A member scores R = 1, F = 4, M = 5. Which segment? Click below, **or** type the segment
# id (`champions`, `loyal`, `big_spenders`, `new`, `promising`, `at_risk`, `hibernating`,
# `need_attention`).

# %% [markdown] lang="zh"
# ## 练习 5
#
# 某会员得分 R = 1、F = 4、M = 5，属于哪个群体？在下面点选，**或者**输入群体代码（`champions`、`loyal`、
# `big_spenders`、`new`、`promising`、`at_risk`、`hibernating`、`need_attention`）。

# %% tags=["nbval-ignore-output"]
q5.widget()

# %%
segment5 = "at_risk"  # blank

# %% tags=["selftest"]
assert q5.judge("champions").status == "incorrect"
assert q5.judge("loyal").status == "incorrect"
assert q5.judge("流失预警客户").status == "correct"

# %%
q5.check(segment5)

# %% [markdown] lang="en"
# ## Exercise 6
#
# A school buys ¥200,000 a year from Huaxin but calls an engineer out twice a week for small
# paper jams and insists on the senior technician every time. Which worst-customer trait is
# this? Click, or type the id (`ask_what_you_cannot`, `pull_off_strategy`,
# `cost_more_than_bring`, `demand_attention`, `never_satisfied`).

# %% [markdown] lang="zh"
# ## 练习 6
#
# 某学校每年从华信采购 20 万元，却每周两次为小小的卡纸叫工程师上门，而且每次都点名要资深技师。
# 这属于哪种最差客户特征？点选，或输入代码（`ask_what_you_cannot`、`pull_off_strategy`、
# `cost_more_than_bring`、`demand_attention`、`never_satisfied`）。

# %% tags=["nbval-ignore-output"]
q6.widget()

# %%
trait6 = "demand_attention"  # blank

# %% tags=["selftest"]
assert q6.judge("cost_more_than_bring").status == "incorrect"

# %%
q6.check(trait6)

# %% [markdown] lang="en"
# ## Exercise 7
#
# Score the customers (`records.customer_scorecard`, as of 2026-06-30) and rank the
# prospects with `records.lookalike_scores`. Give the ids of the **three** prospects that
# look most like the best customers, best first, as a list.

# %% [markdown] lang="zh"
# ## 练习 7
#
# 用 `records.customer_scorecard`（统计日 2026-06-30）给客户打分，再用 `records.lookalike_scores`
# 给潜在客户排序。请以列表形式给出与最佳客户最相似的**三个**潜在客户的编号，相似度高的在前。

# %%
scorecard = records.customer_scorecard(orders, tickets, accounts, as_of=AS_OF)
top3 = records.lookalike_scores(accounts, scorecard).index[:3].tolist()  # blank

# %% tags=["selftest"]
assert q7.judge(scorecard.index[:3].tolist()).status == "incorrect"
assert "whole table" in q7.judge(records.lookalike_scores(accounts, scorecard).head(3)).message["en"]

# %%
q7.check(top3)

# %% [markdown] lang="en"
# ## The archive
#
# The next three exercises use your own customer archive. The cell below creates it in a
# scratch folder from Huaxin's accounts and contacts.

# %% [markdown] lang="zh"
# ## 客户档案库
#
# 接下来三道题要用到你自己的客户档案库。下面的单元格会在一个临时文件夹里，用华信的客户单位和联系人数据建好它。

# %%
workdir = Path(tempfile.mkdtemp(prefix="course-ch04-"))
archive = CustomerArchive.create(workdir / "customers.sqlite")
archive.count()

# %% [markdown] lang="en"
# ## Exercise 8
#
# Query the archive: how many **prospects** are there in **杭州** (Hangzhou)?

# %% [markdown] lang="zh"
# ## 练习 8
#
# 查询档案库：**杭州**有多少家**潜在客户**？

# %%
hz_prospects = archive.count(status="prospect", city="杭州")  # blank

# %% tags=["selftest"]
assert q8.judge(archive.count(city="杭州")).status == "incorrect"

# %%
q8.check(hz_prospects)

# %% [markdown] lang="en"
# ## Exercise 9
#
# Make an Excel sheet of five new prospects and import it. One cell has a deliberate error.
# Run the cell, read the message, and answer with the **row number the message names** (as in
# Excel, the header is row 1).

# %% [markdown] lang="zh"
# ## 练习 9
#
# 制作一张包含五个新潜在客户的 Excel 表格并导入档案库，其中有一格是故意写错的。运行单元格，读一读报错信息，
# 然后填写**信息里指出的行号**（和 Excel 一样，表头算第 1 行）。

# %%
new_prospects = pd.DataFrame({
    "account_id": ["A0701", "A0702", "A0703", "A0704", "A0705"],
    "account_name": ["杭州博雅书院", "宁波安康诊所", "苏州启明软件有限公司", "绍兴永兴纺织有限公司", "上海和平律师事务所"],
    "industry": ["education", "healthcare", "technology", "manufacturing", "finance"],
    "city": ["杭州", "宁波", "苏州", "绍兴", "上海"],
    "employees": [40, 25, 130, 210, 18],
    "status": ["prospect", "prospect", "prospect", "potential", "prospect"],
})
sheet = workdir / "new_prospects.xlsx"
new_prospects.to_excel(sheet, index=False)
try:
    archive.import_file(sheet, by="trainee")
except DataError as error:
    print(error)

# %%
bad_row = 5  # blank

# %% tags=["selftest"]
assert q9.judge(4).status == "incorrect"
assert q9.judge(3).status == "incorrect"

# %%
q9.check(bad_row)

# %% [markdown] lang="en"
# ## Exercise 10
#
# After that failed import, how many **customer records** does the archive hold? Count them
# (do not fix the sheet yet).

# %% [markdown] lang="zh"
# ## 练习 10
#
# 那次导入失败之后，档案库里有多少条**客户记录**？数一数（先别改表格）。

# %%
records_now = archive.count()  # blank

# %% tags=["selftest"]
assert q10.judge(605).status == "incorrect"

# %%
q10.check(records_now)

# %% [markdown] lang="en"
# When you are done, fix the cell in `new_prospects` (a status must be `customer`,
# `prospect` or `lost`), write the sheet again and import it: this time all five rows go in.

# %% [markdown] lang="zh"
# 做完之后，改正 `new_prospects` 里写错的那一格（状态只能是 `customer`、`prospect` 或 `lost`），
# 重新保存表格再导入：这一次五行都会进去。

# %% [markdown] lang="en"
# ## Exercise 11
#
# In two or three sentences of your own: why can a customer with top RFM scores still be one
# of your **worst** customers?

# %% [markdown] lang="zh"
# ## 练习 11
#
# 用自己的话写两三句：为什么 RFM 得分很高的客户，仍然可能是你的**最差**客户？

# %%
why_not_best = "RFM only measures what they spend. They may need so much service time and so many visits, or squeeze such discounts, that the margin left after the cost to serve is thin."  # blank

# %% tags=["selftest"]
assert q11.judge("Because RFM scores can be wrong sometimes.").status == "incorrect"
assert q11.judge("They never need much service, and serving them costs us almost nothing.").status == "incorrect"
assert q11.judge("A top RFM customer is always your most profitable customer.").status == "incorrect"
assert q11.judge("服务他们几乎不花什么成本，而且折扣也不会影响利润。").status == "incorrect"
assert q11.judge("RFM 得分高的客户一定最赚钱，他们要什么服务都应该满足。").status == "incorrect"

# %%
q11.check(why_not_best)

# %% [markdown] lang="en"
# ## Exercise 12
#
# When do they buy? In which calendar **month** (1–12) does Huaxin receive the most orders
# (all years together)? Give a whole number.

# %% [markdown] lang="zh"
# ## 练习 12
#
# 他们什么时候买？把所有年份合在一起，华信在哪个**月份**（1–12）收到的订单最多？请给出一个整数。

# %%
busiest_month = int(orders["order_date"].dt.month.value_counts().idxmax())  # blank

# %% tags=["selftest"]
assert q12.judge(int(orders["order_date"].dt.month.value_counts().idxmin())).status == "incorrect"

# %%
q12.check(busiest_month)

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
