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
# # Workbook 8 — Your own customer file, your prospecting plan
#
# Ten exercises on the chapter's demo files: Huaxin's sales exported as invoice lines, its
# customer list and a campaign's leads, each written the way a small dealer's systems would.
# For each one, replace `____` with your answer, run the cell, then run the check below it.
# A check never breaks your notebook: it says *correct*, *not yet* (with a pointer), or
# *not attempted*.
#
# Stuck? `q1.hint()` gives a first hint, `q1.hint(2)` a stronger one, `q1.solution()` the
# answer (hints and solutions are recorded). Run `progress()` at any time to see where you are.

# %% [markdown] lang="zh"
# # 练习册 8　用自己的客户数据，制定潜在客户开发计划
#
# 十道题，用的是本章的演示文件：华信的销售明细、客户名单和一次营销活动的线索名单，都按小经销商系统常见的
# 样子导出。每道题把 `____` 换成你的答案，运行单元格，再运行下面的检查。检查永远不会让笔记本报错：
# 它只会告诉你“正确”“还不对”（并给出提示方向）或“尚未作答”。
#
# 卡住了？`q1.hint()` 给第一条提示，`q1.hint(2)` 给更直接的提示，`q1.solution()` 显示答案
# （提示和答案的使用都会记录）。随时运行 `progress()` 查看自己的进度。

# %% tags=["parameters"]
LANG = "en"

# %%
import tempfile
from pathlib import Path

import course
from course import precision, prospecting_plan
from course.exercises.ch08 import *
from course.widgets.ch08 import MappingAssistantModel

course.set_language(LANG)
files = prospecting_plan.demo_files(Path(tempfile.mkdtemp(prefix="capstone-")), LANG)
assistant = MappingAssistantModel.from_file(files["sales"], "sales")
book = prospecting_plan.read_sales(files["sales"], assistant.mapping())
leads = prospecting_plan.read_leads(files["leads"])
model = precision.train_target_model(leads, files["target"])

# %% [markdown] lang="en"
# ## Exercise 1
#
# The assistant suggested a role for each column of the sales file (`assistant.table()`).
# Which column holds the **customer id**? Give its name as in the file.

# %% [markdown] lang="zh"
# ## 练习 1
#
# 映射助手为销售明细的每一列都建议了角色（`assistant.table()`）。哪一列是**客户编号**？
# 请按文件中的原样写出列名。

# %%
customer_column = [column for column, role in assistant.mapping().items() if role == "account_id"][0]  # blank

# %% tags=["selftest"]
assert q1.judge("Invoice").status == "incorrect"
assert q1.judge(42).status == "incorrect"

# %%
q1.check(customer_column)

# %% [markdown] lang="en"
# ## Exercise 2
#
# How many **orders** are in the sales file — distinct order ids with something still bought,
# not lines?

# %% [markdown] lang="zh"
# ## 练习 2
#
# 销售明细里有多少张**订单**？按仍有购买的不同订单号计，而不是按行数。

# %%
n_orders = book.orders_count()  # blank

# %% tags=["selftest"]
assert q2.judge(book.prepared.rows_read).status == "incorrect"
assert q2.judge(len(book.orders)).status == "incorrect"
assert q2.judge(book.orders_count() + 1).status == "incorrect"

# %%
q2.check(n_orders)

# %% [markdown] lang="en"
# ## Exercise 3
#
# How many rows were left out of the customer analyses because they have **no customer id**?
# (`book.steps()` lists every step.)

# %% [markdown] lang="zh"
# ## 练习 3
#
# 有多少行因为**没有客户编号**而不参加客户分析？（`book.steps()` 列出了每一步。）

# %%
no_customer_rows = book.prepared.step("no_customer").rows  # blank

# %% tags=["selftest"]
assert q3.judge(0).status == "incorrect"
assert q3.judge(book.prepared.rows_read).status == "incorrect"

# %%
q3.check(no_customer_rows)

# %% [markdown] lang="en"
# ## Exercise 4
#
# The figures are computed "as of" one day. Which day? Write it as `YYYY-MM-DD`.

# %% [markdown] lang="zh"
# ## 练习 4
#
# 各项数字都以某一天为“今天”来计算。是哪一天？请写成 `YYYY-MM-DD`。

# %%
as_of = str(book.as_of.date())  # blank

# %% tags=["selftest"]
assert q4.judge(book.stray_dates["first"]).status == "incorrect"  # a stray date long after all the others
assert q4.judge(str(book.orders["order_date"].min().date())).status == "incorrect"
assert q4.judge(book.as_of).status == "correct"  # the date itself is read as its day

# %%
q4.check(as_of)

# %% [markdown] lang="en"
# ## Exercise 5
#
# What share of the net revenue (returns deducted) do the **top 20%** of customers bring?
# Give a share between 0 and 1.

# %% [markdown] lang="zh"
# ## 练习 5
#
# **前 20%** 的客户贡献了多大比例的净收入（已扣除退货）？答案是 0 到 1 之间的比例。

# %%
top20 = book.top_share(0.2)  # blank

# %% tags=["selftest"]
assert q5.judge(0.2).status == "incorrect"
assert q5.judge(80).status == "incorrect"
assert q5.judge(100 * book.top_share(0.2)).status == "incorrect"  # a per cent, not a share

# %%
q5.check(top20)

# %% [markdown] lang="en"
# ## Exercise 6
#
# Which columns of the campaign's leads must stay out of a model that decides whom to call?
# Give a list of column names (as in the file). `model.left_out` shows what the kit's leakage
# check found — but decide for yourself first.

# %% [markdown] lang="zh"
# ## 练习 6
#
# 活动线索里，哪些列不能放进用来决定联系谁的模型？请给出列名组成的列表（按文件中的原样）。
# `model.left_out` 会显示本工具的泄漏检查结果——不过先自己判断一下。

# %%
leaky_columns = list(model.leakage.loc[model.leakage["verdict"] != "ok", "feature"])  # blank

# %% tags=["selftest"]
assert q6.judge([leads.columns[1]]).status == "incorrect"
assert q6.judge(leaky_columns[:1]).status == "incorrect"

# %%
q6.check(leaky_columns)

# %% [markdown] lang="en"
# ## Exercise 7
#
# With a budget of **30,000** at **500** a call, calling the best-scored leads first, what
# share of the held-out wins does the model reach? (`model.test_scores`, `model.y_test`.)

# %% [markdown] lang="zh"
# ## 练习 7
#
# 预算 **30,000**、每次联系 **500**，按得分从高到低联系，在留出的线索中能拿下多大比例的成交？
# （`model.test_scores`、`model.y_test`。）

# %%
n_calls, _ = precision.leads_for_budget(model.test_scores, 30000, 500)
share_of_wins = precision.targeting_summary(model.test_scores, model.y_test, top_n=n_calls)["share_of_wins"]  # blank

# %% tags=["selftest"]
assert q7.judge(n_calls).status == "incorrect"
assert q7.judge(n_calls / len(model.test_scores)).status == "incorrect"

# %%
q7.check(share_of_wins)

# %% [markdown] lang="en"
# ## Exercise 8
#
# A customer has just bought a copier (`CP-100`). Which product do the rules say to offer
# first? Give its product code.

# %% [markdown] lang="zh"
# ## 练习 8
#
# 一位客户刚买了复印机（`CP-100`）。按关联规则，首先应推荐哪种产品？请写出产品代码。

# %%
rules = book.rules()
copier_offer = next(iter(rules[rules.antecedents == frozenset({"CP-100"})].iloc[0].consequents))  # blank

# %% tags=["selftest"]
assert q8.judge("CP-100").status == "incorrect"

# %%
q8.check(copier_offer)

# %% [markdown] lang="en"
# ## Exercise 9
#
# In your own words: why does the kit count orders as **distinct order ids** rather than as
# rows of the file?

# %% [markdown] lang="zh"
# ## 练习 9
#
# 用自己的话回答：为什么本工具按**不同的订单号**而不是按文件的行数来数订单？

# %%
why_order_ids = "One invoice has a line for each product on it, so counting rows would inflate how often a customer buys."  # blank

# %% tags=["selftest"]
assert q9.judge("because").status != "correct"
assert q9.judge("Each row is an order, so counting rows gives the same result.").status == "incorrect"
assert q9.judge("An order does not have several lines, so rows would not inflate anything.").status == "incorrect"

# %%
q9.check(why_order_ids)

# %% [markdown] lang="en"
# ## Exercise 10
#
# Rows without a customer id are left out of RFM but still used for the cross-sell rules. Why
# both? Answer in your own words.

# %% [markdown] lang="zh"
# ## 练习 10
#
# 没有客户编号的行不参加 RFM，却仍用于交叉销售规则。为什么这样处理？请用自己的话回答。

# %%
why_anonymous = "They cannot be credited to any customer, but the basket still shows which products are bought together."  # blank

# %% tags=["selftest"]
assert q10.judge("no idea").status != "correct"
assert q10.judge("They are not anonymous, and they are not baskets of products bought together.").status == "incorrect"
assert q10.judge("Give them a made-up customer, keep them in RFM and drop them from the rules.").status == "incorrect"

# %%
q10.check(why_anonymous)

# %% [markdown] lang="en"
# ## Your progress
#
# Run the cell below to see every exercise of this chapter with your best result so far.

# %% [markdown] lang="zh"
# ## 你的进度
#
# 运行下面的单元格，查看本章每道练习目前的最好成绩。

# %%
progress()
