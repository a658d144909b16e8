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
# # Chapter 8 — Your own customer file, your prospecting plan
#
# Seven chapters taught the ideas on two tidy, made-up businesses. Real files are not tidy:
# columns have other names, one order is spread over many lines, returns and blank customer
# ids are mixed in, dates are written the American way, and the file may not even be UTF-8.
# This capstone takes such files as they come — your own, or the demo set exported from
# Huaxin's data the way a small dealer's systems would write it — and walks the whole course
# over them, ending with a **prospecting plan**: an Excel call list with one sheet per action,
# and an HTML page to share.
#
# **Learning goals.** After this chapter you can
#
# 1. map the columns of any sales export to the roles the kit needs, and save that mapping;
# 2. read what was done to your data on the way in — every row set aside or changed, and why;
# 3. find your best customers, the customers to win back and the ones due to buy again;
# 4. rank your own leads for a contact budget, with a leakage check that reads the data;
# 5. turn the rules of what sells together into offers, and export a prospecting plan.

# %% [markdown] lang="zh"
# # 第八章　用自己的客户数据，制定潜在客户开发计划
#
# 前七章在两家数据整齐的虚构企业上讲清了道理。真实的文件却没有那么整齐：列名五花八门，一张订单拆成好几行，
# 退货和缺了客户编号的行混在其中，日期写法各不相同，编码也未必是 UTF-8。本章作为综合实训，就拿这样的文件
# 原样开工——可以是您自己的文件，也可以是演示用的一套：把华信的数据按小经销商系统常见的样子导出——
# 把整个课程从头到尾用一遍，最后得到一份**潜在客户开发计划**：一个按行动分工作表的 Excel 联系名单，
# 外加一个可以直接分享的 HTML 页面。
#
# **学习目标**　学完本章，你能够：
#
# 1. 把任何一份销售导出文件的各列对应到本工具需要的角色上，并把这份映射保存下来；
# 2. 看懂数据读入时做了哪些处理——哪些行被剔除或修改、为什么；
# 3. 找出自己的最佳客户、需要挽回的客户，以及到期该再次购买的客户；
# 4. 在联系预算内给自己的线索排序，并用一项“看数据说话”的泄漏检查把关；
# 5. 把“哪些产品常被一起购买”变成推荐话术，并导出开发计划。

# %% tags=["parameters"]
LANG = "en"

# %%
import tempfile
from pathlib import Path

import pandas as pd

import course
from course import finding, precision, prospecting_plan, records
from course.data import read_table
from course.reports.formats import fmt_money
from course.widgets.ch07 import TargetingModel, TargetingWidget
from course.widgets.ch08 import MappingAssistant, MappingAssistantModel

course.set_language(LANG)

# %% [markdown] lang="en"
# ## 1. Your files
#
# Put your own files' paths below, or leave `MY_FILES` empty to use the demo set: a sales
# export (one row per product on an invoice), a customer list in Excel and a campaign's lead
# list. The demo is written to a temporary folder from the bundled data, in this edition's
# language.

# %% [markdown] lang="zh"
# ## 1. 您的文件
#
# 在下面填入自己文件的路径；如果 `MY_FILES` 留空，就使用演示文件：一份销售明细（单据上每种产品占一行）、
# 一份 Excel 客户名单和一份营销活动的线索名单。演示文件由内置数据生成，写在一个临时文件夹里，语言与本版一致。

# %%
MY_FILES = {}  # e.g. {"sales": "exports/sales.csv", "accounts": "exports/customers.xlsx", "leads": "exports/leads.csv"}
folder = Path(tempfile.mkdtemp(prefix="capstone-"))
files = MY_FILES or prospecting_plan.demo_files(folder, LANG)
raw = read_table(files["sales"])
raw.head()

# %% [markdown] lang="en"
# ## 2. The column-mapping assistant
#
# The kit's analyses need to know which column is the customer, which is the order, the date,
# the product, the quantity and the price. The assistant looks at each column's **name** and
# its **values** and suggests a role; you check each one and change what is wrong. The YAML it
# saves is the same mapping the report command reads (`python -m course report --columns`).

# %% [markdown] lang="zh"
# ## 2. 列名映射助手
#
# 本工具的各项分析需要知道：哪一列是客户、哪一列是订单、日期、产品、数量和单价。映射助手会同时看每一列的
# **名称**和**数据内容**，给出建议的角色；您逐一核对，不对的改掉即可。它保存的 YAML 文件，
# 正是报告命令（`python -m course report --columns`）读取的那种映射。

# %% tags=["nbval-ignore-output"]
assistant = MappingAssistant(MappingAssistantModel(raw, "sales", Path(files["sales"]).name), folder / "mapping.yaml")
assistant

# %% [markdown] lang="en"
# What it suggested, and why:

# %% [markdown] lang="zh"
# 它给出的建议和理由：

# %%
assistant.model.table()

# %%
print(assistant.model.yaml())
assistant.model.missing()

# %% [markdown] lang="en"
# Nothing required is missing, so the mapping can be saved — the report command and the rest
# of this chapter read it from there:

# %% [markdown] lang="zh"
# 必需的角色都有了，可以保存映射——报告命令和本章后面的步骤都从这个文件读取：

# %%
mapping_file = assistant.model.save(folder / "mapping.yaml")
mapping_file.name

# %% [markdown] lang="en"
# ## 3. Read it — and see what was done to it
#
# `read_sales` applies the mapping, checks and types every column, and makes the lines fit for
# counting. First it says what it decided about the file itself (its encoding, the order of
# its dates); then each kind of row set aside or changed is one step of the table, with how
# many rows, how much money, what was done and which option would do otherwise. Read it
# before trusting any figure that follows.

# %% [markdown] lang="zh"
# ## 3. 读入数据——并看清做了哪些处理
#
# `read_sales` 按映射改列名、检查并转换每一列的类型，把明细整理成可以计数的样子。它先说明对文件本身做了
# 哪些判断（编码、日期的写法），再用一张表逐行说明每一类被剔除或修改的记录：有多少行、涉及多少金额、
# 做了什么处理，以及换一种处理该用哪个选项。先读懂这些，再采信后面的数字。

# %%
book = prospecting_plan.read_sales(files["sales"], assistant.model.mapping())
for sentence in book.reading():
    print(sentence)
book.steps(money=fmt_money).style.set_uuid("course-ch08-steps").set_properties(**{"text-align": "left", "white-space": "pre-wrap"})

# %% [markdown] lang="en"
# Three figures to keep in mind: how many rows were read, how many **orders** they hold
# (distinct order ids — an invoice of five products is one order, not five), and the day the
# figures are "as of": the data's last ordinary day, not today.

# %% [markdown] lang="zh"
# 记住三个数：读入了多少行，这些行里有多少张**订单**（按不同的订单号计——一张单据上有五种产品，
# 算一张订单，而不是五张），以及统计日：数据中正常记录的最后一天，而不是今天。

# %%
book.prepared.rows_read, book.orders_count(), str(book.as_of.date())

# %% [markdown] lang="en"
# ## 4. Who your best customers are
#
# Chapter 4's 80/20 first: what share of the (net) revenue comes from the top fifth of
# customers?

# %% [markdown] lang="zh"
# ## 4. 谁是您的最佳客户
#
# 先做第四章的二八分析：前五分之一的客户贡献了多大比例的（扣除退货后的）收入？

# %%
round(book.top_share(0.2), 3)

# %% [markdown] lang="en"
# Then the scorecard, which weighs revenue, order size, growth and discounts. With the
# customer list read in (the assistant suggests its roles too), the best customers get their
# names:

# %% [markdown] lang="zh"
# 再用评分卡，它综合考虑收入、单笔金额、增长和折扣。把客户名单也读进来（映射助手同样能给出建议），
# 最佳客户就有了名字：

# %%
accounts_model = MappingAssistantModel.from_file(files["accounts"], "accounts")
accounts = prospecting_plan.read_accounts(files["accounts"], accounts_model.mapping())
records.labels(book.best_customers(accounts, top=8).round({"revenue": 0, "score": 1}))

# %% [markdown] lang="en"
# ## 5. Which prospects look like them
#
# Chapter 4's look-alike model learns the profile of the best customers (industry, size, city,
# staff) and ranks the prospects in your customer list by how much they resemble it. The
# "drivers" say what pushed each score up.

# %% [markdown] lang="zh"
# ## 5. 哪些潜在客户和他们相似
#
# 第四章的相似客户模型先学会最佳客户的画像（行业、规模、城市、员工人数），再把客户名单里的潜在客户按
# 相似程度排序。“主要因素”一栏说明是什么拉高了每家的得分。

# %%
records.labels(book.lookalikes(accounts, top=8)[["account_name", "lookalike_score", "drivers"]])

# %% [markdown] lang="en"
# ## 6. Who is due for contact
#
# Two lists come straight from the purchase history. Customers who used to buy often and
# much but not lately (the RFM segment "at risk") deserve a personal call:

# %% [markdown] lang="zh"
# ## 6. 该联系谁了
#
# 从购买历史里能直接得到两份名单。以前买得多、买得勤，最近却没再买的客户（RFM 中的“流失预警”），
# 值得亲自打个电话：

# %%
records.labels(book.win_back(top=8))

# %% [markdown] lang="en"
# And Chapter 2's replacement cycle: each customer's usual interval between buying occasions
# says who is due to buy again in the month after the as-of date (overdue: the date has just
# passed and they have not bought yet — call them first).

# %% [markdown] lang="zh"
# 还有第二章的更换周期：按每位客户以往两次购买之间的间隔推算，统计日之后一个月内谁该再次购买
# （“已过期”表示预计日期刚过、还没有再买——这些客户最该先联系）。

# %%
due = book.due(window_days=31)
finding.labels(due[["purchases", "last_purchase", "next_due", "status"]].head(8))

# %% [markdown] lang="en"
# ## 7. Which leads to call within a budget
#
# The campaign's lead list has its own outcome column and its own names. Chapter 7's
# targeting runs on it as it is: the outcome is read as yes/no, numbers written as text become
# numbers, identifiers are left out — and the **leakage check reads the data**: a column that
# alone predicts the outcome almost perfectly, or that carries far more signal than every other
# column (a value recorded during or after the outcome), is left out, with the reason.

# %% [markdown] lang="zh"
# ## 7. 在预算内该联系哪些线索
#
# 营销活动的线索名单有自己的结果列，列名也各不相同。第七章的精准定位可以原样用在它上面：结果列按“是/否”
# 读取，写成文本的数字转换成数字，编号列不参与建模——而且**泄漏检查是看数据说话的**：单凭一列就几乎能
# 完美预测结果，或者一列携带的信息远多于其他所有列（在结果出来时或之后才记录的值），都会被排除，并说明理由。

# %%
leads = prospecting_plan.read_leads(files["leads"])
target = files["target"] if not MY_FILES else leads.columns[-1]
model = precision.train_target_model(leads, target)
pd.Series({column: why[LANG] for column, why in model.left_out.items()}, name="").to_frame()

# %% [markdown] lang="en"
# On the leads it did not learn from, the model ranks well above chance:

# %% [markdown] lang="zh"
# 在没有参与训练的线索上，模型的排序明显好于随机：

# %%
round(model.auc, 3), model.numeric_text

# %% [markdown] lang="en"
# Slide the number of calls to your budget and read what it buys:

# %% [markdown] lang="zh"
# 把联系数量调到预算对应的位置，看看能换来多少成交：

# %% tags=["nbval-ignore-output"]
TargetingWidget(TargetingModel.from_lead_model(model, leads, cost_per_contact=500))

# %% [markdown] lang="en"
# ## 8. What to cross-sell
#
# Each order is a basket of the products on it (returned products left out). The rules say
# what goes with what; every customer then gets the best offer they have not bought yet.

# %% [markdown] lang="zh"
# ## 8. 交叉销售推荐什么
#
# 每张订单就是一个购物篮，装着单据上的产品（整件退回的不算）。规则说明哪些产品常一起购买；再给每位客户
# 挑出他还没买过的最佳推荐。

# %%
rules = book.rules()
precision.rules_table(rules, book.product_names(), top=6)

# %%
offers = book.cross_sell(rules)
precision.labels(offers.head(6).round(3).set_index("account_id"))

# %% [markdown] lang="en"
# The thresholds were chosen by a work estimate from the baskets themselves, never left to
# luck:

# %% [markdown] lang="zh"
# 规则的门槛由对购物篮本身的工作量估计来确定，而不是碰运气：

# %%
print(rules.attrs["thresholds"]["reason"][LANG])

# %% [markdown] lang="en"
# ## 9. Your prospecting plan
#
# All of it becomes one plan: an action list per sheet — keep the best, win back, due to buy
# again, look-alike prospects, leads to call within the budget, cross-sell — each row with the
# reason and what to do.

# %% [markdown] lang="zh"
# ## 9. 您的潜在客户开发计划
#
# 把以上结果汇总成一份计划：每项行动一张名单——维护最佳客户、挽回流失预警客户、到期回购提醒、
# 相似潜在客户、预算内要联系的线索、交叉销售——每一行都写明理由和做法。

# %%
plan = prospecting_plan.ProspectingPlan.build(book, accounts, leads, model, budget=30000, cost_per_contact=500, top=20)
plan.summary()

# %%
excel = plan.to_excel(folder / "prospecting_plan.xlsx")
page = plan.to_html(folder / "prospecting_plan.html")
pd.ExcelFile(excel).sheet_names

# %% [markdown] lang="en"
# Hand the Excel file to the sales team (one sheet per action) and share the HTML page. For
# the full report on the same file — 80/20, RFM, best and worst customers, who is due, rules,
# and the "data as read" account — run the report command with the mapping you saved:
#
# ```bash
# python -m course report --data sales.csv --columns mapping.yaml --out report.html
# ```

# %% [markdown] lang="zh"
# 把 Excel 文件交给销售团队（每项行动一个工作表），把 HTML 页面分享出去。若要在同一份文件上生成完整报告——
# 二八分析、RFM、最佳与最差客户、到期提醒、关联规则以及“数据读取说明”——用刚才保存的映射运行报告命令：
#
# ```bash
# python -m course report --data 销售明细.csv --columns mapping.yaml --out report.html --lang zh
# ```

# %% [markdown] lang="en"
# ## Exercises
#
# Open `workbook/en/08-capstone.ipynb`: ten exercises on the demo files — the customer column,
# orders versus lines, rows without a customer id, the as-of date, the 80/20 share, the columns
# that leak, what a budget reaches, a cross-sell offer, and two short explanations in your
# own words.
#
# ## Recap
#
# - Map columns by role, check every suggestion, and save the mapping: the notebook and the
#   report command read the same file.
# - Read the "data as read" account before any figure: duplicates, free items, returns netted,
#   rows without a customer, customers who only returned goods.
# - Orders are distinct order ids; "today" is the data's last day; amounts are in the data's
#   currency.
# - Best customers, look-alike prospects, who is due, whom to call within a budget and what to
#   offer: the course's chapters, each answering one question on your data.
# - A leakage check that reads the data catches what a list of names cannot: a column that only
#   exists after the outcome.

# %% [markdown] lang="zh"
# ## 练习
#
# 打开 `workbook/zh/08-capstone.ipynb`：十道题，都用演示文件——客户编号在哪一列、订单与明细行的区别、
# 没有客户编号的行、统计日、二八比例、哪些列会泄漏、预算能覆盖多少成交、交叉销售推荐什么，
# 以及两道用自己的话作答的简答题。
#
# ## 小结
#
# - 按角色映射列名，逐条核对建议，并把映射保存下来：笔记本和报告命令读取的是同一个文件。
# - 先读“数据读取说明”，再看任何数字：重复行、赠品、与购买相抵的退货、没有客户编号的行、只有退货的客户。
# - 订单数按不同的订单号计；“今天”是数据的最后一天；金额用数据本身的货币。
# - 最佳客户、相似潜在客户、到期提醒、预算内联系谁、推荐什么：课程的每一章在您的数据上回答一个问题。
# - 看数据说话的泄漏检查，能发现单凭列名清单发现不了的问题：只有结果出来之后才存在的列。
