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
# Put your own files' paths into `MY_FILES` in the next cell — a sales export, a customer
# list and a lead list, and under `"target"` the name of the leads' outcome column — or leave
# it empty to use the demo set: a sales export (one row per product on an invoice), a
# customer list in Excel and a campaign's lead list. The demo is written to a temporary
# folder from the bundled data, in this edition's language. The sentences that quote figures
# in this chapter are about the demo; on your own files, read the tables instead.

# %% [markdown] lang="zh"
# ## 1. 您的文件
#
# 在下一个单元格的 `MY_FILES` 里填入自己文件的路径——销售明细、客户名单和线索名单，并在 `"target"` 下写明
# 线索名单里结果列的列名；如果留空，就使用演示文件：一份销售明细（单据上每种产品占一行）、一份 Excel 客户名单
# 和一份营销活动的线索名单。演示文件由内置数据生成，写在一个临时文件夹里，语言与本版一致。本章正文里引用的
# 数字说的都是演示文件；换成您自己的文件后，请以表格里的结果为准。

# %%
MY_FILES = {}  # e.g. {"sales": "exports/sales.csv", "accounts": "exports/customers.xlsx", "leads": "exports/leads.csv", "target": "subscribed"}
folder = Path(tempfile.mkdtemp(prefix="capstone-"))
files = MY_FILES or prospecting_plan.demo_files(folder, LANG)
raw = read_table(files["sales"])
prospecting_plan.preview(raw)

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
course.table(assistant.model.table())

# %% [markdown] lang="en"
# The mapping as YAML, and `missing()`: the roles the kit cannot do without that still have
# no column.

# %% [markdown] lang="zh"
# 下面是 YAML 格式的映射，以及 `missing()`：本工具离不开、却还没有对应列的角色。

# %%
print(assistant.model.yaml())
assistant.model.missing()

# %% [markdown] lang="en"
# On the demo files the assistant gives every column its right role, so nothing is
# missing.{{assert:ch08.assistant_right}} On your own file, fix each role it names (in the widget
# above) before you save. The report command and the rest of this chapter read the saved file:

# %% [markdown] lang="zh"
# 在演示文件上，映射助手给每一列建议的角色都是对的，所以一个也不缺{{assert:ch08.assistant_right}}。
# 换成您自己的文件时，如果这里列出了缺少的角色，先在上面的组件里补上，再保存。报告命令和本章后面的步骤都从
# 保存的文件读取映射：

# %%
mapping_file = assistant.model.save(folder / "mapping.yaml")
mapping_file.name

# %% [markdown] lang="en"
# ## 3. Read it — and see what was done to it
#
# `read_sales` applies the mapping, checks and types every column, and makes the lines fit for
# counting. First it says what it decided about the file itself — its encoding (UTF-8, GBK,
# Windows-1252 …), the order of its dates — and which day the figures are "as of"; then each
# kind of row set aside or changed is one step of the table, with how many rows, how much
# money, what was done and which option would do otherwise. Read it before trusting any
# figure that follows. (If the dates were read in the wrong order, pass `dayfirst=True` or
# `dayfirst=False` to `read_sales`.)

# %% [markdown] lang="zh"
# ## 3. 读入数据——并看清做了哪些处理
#
# `read_sales` 按映射改列名、检查并转换每一列的类型，把明细整理成可以计数的样子。它先说明对文件本身做了
# 哪些判断——编码（UTF-8、GBK、Windows-1252……）、日期的写法——以及各项数字以哪一天为统计日；再用一张表
# 逐行说明每一类被剔除或修改的记录：有多少行、涉及多少金额、做了什么处理，以及换一种处理该用哪个选项。
# 先读懂这些，再采信后面的数字。（如果日期的月、日顺序读反了，给 `read_sales` 加上 `dayfirst=True` 或
# `dayfirst=False`。）

# %%
book = prospecting_plan.read_sales(files["sales"], assistant.model.mapping())
for sentence in book.reading():
    print(sentence)
course.table(book.steps(money=fmt_money))

# %% [markdown] lang="en"
# Three figures to keep in mind: how many rows were read, how many **orders** they hold
# (distinct order ids — an invoice of five products is one order, not five), and the day the
# figures are "as of": the data's last ordinary day, not today. In the demo file,
# {{ch08.sales_lines}} lines carry {{ch08.order_ids}} invoice numbers, cancellations included;
# {{ch08.orders}} of them are orders the customer analyses count — a customer id, and
# something still bought once the returns are netted.{{assert:ch08.fewer_orders_than_lines}}
# Its figures are as of {{ch08.as_of}}: the reader passed over {{ch08.stray_lines}} lines dated
# {{ch08.stray_first}} to {{ch08.stray_last}}, weeks after all the others, as typing errors.

# %% [markdown] lang="zh"
# 记住三个数：读入了多少行，这些行里有多少张**订单**（按不同的订单号计——一张单据上有五种产品，
# 算一张订单，而不是五张），以及统计日：数据中正常记录的最后一天，而不是今天。在演示文件里，
# {{ch08.sales_lines}} 行明细带有 {{ch08.order_ids}} 个单号（含取消单）；其中客户分析计入的订单是
# {{ch08.orders}} 张——有客户编号，并且扣除退货后仍有购买。{{assert:ch08.fewer_orders_than_lines}}
# 统计日是 {{ch08.as_of}}：有 {{ch08.stray_lines}} 行日期在 {{ch08.stray_first}} 至 {{ch08.stray_last}} 之间，
# 比其他记录晚了好几个星期，读取时把它们当作录入错误略过了。

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
# On the demo file the top fifth brings {{ch08.top20_share}} of the net revenue.
#
# Then the scorecard, which weighs revenue, order size, growth and discounts — so a customer
# with a few large orders at full price can sit beside one with hundreds of orders. With the
# customer list read in (the assistant suggests its roles too), the scorecard's top customers
# get their names:

# %% [markdown] lang="zh"
# 在演示文件上，前五分之一的客户带来了 {{ch08.top20_share}} 的净收入。
#
# 再用评分卡，它综合考虑收入、单笔金额、增长和折扣——所以只下过几张大单、从不要折扣的客户，
# 也能和下过几百张订单的客户排在一起。把客户名单也读进来（映射助手同样能给出建议），评分卡选出的头部客户
# 就有了名字：

# %%
accounts_model = MappingAssistantModel.from_file(files["accounts"], "accounts")
accounts = prospecting_plan.read_accounts(files["accounts"], accounts_model.mapping())
records.table(book.best_customers(accounts, top=8))

# %% [markdown] lang="en"
# ## 5. Which prospects look like them
#
# Chapter 4's look-alike model learns the profile of the scorecard's top customers (industry,
# size, city, staff) and ranks the prospects in your customer list by how much they resemble
# it. The column "What drove the score" says what pushed each score up.

# %% [markdown] lang="zh"
# ## 5. 哪些潜在客户和他们相似
#
# 第四章的相似客户模型先学会评分卡头部客户的画像（行业、规模、城市、员工人数），再把客户名单里的潜在客户按
# 相似程度排序。“主要加分特征”一栏说明是什么拉高了每家的得分。

# %%
records.table(book.lookalikes(accounts, top=8)[["account_name", "lookalike_score", "drivers"]])

# %% [markdown] lang="en"
# ## 6. Who is due for contact
#
# Two lists come straight from the purchase history. Customers who used to buy often and
# much but not lately (the RFM segment "at risk") deserve a personal call. RFM scores recency
# against the other customers, so on a long history "at risk" also holds customers silent
# for many years — {{ch08.long_silent_at_risk}} of them in the demo — who have long since
# found another supplier. The call list keeps those who bought within the last two
# years{{assert:ch08.win_back_recent}} (`win_back(max_silence_days=...)` to choose another limit):

# %% [markdown] lang="zh"
# ## 6. 该联系谁了
#
# 从购买历史里能直接得到两份名单。以前买得多、买得勤，最近却没再买的客户（RFM 中的“流失预警”），
# 值得亲自打个电话。不过 RFM 的“最近一次购买”是和其他客户相比打分的，历史一长，“流失预警”里也会混进
# 好几年没有消息、早已换了供应商的客户——演示数据里有 {{ch08.long_silent_at_risk}} 家。所以电话名单只保留
# 最近两年内买过的客户{{assert:ch08.win_back_recent}}（想换一个期限，用 `win_back(max_silence_days=...)`）：

# %%
records.table(book.win_back(top=8))

# %% [markdown] lang="en"
# And Chapter 2's replacement cycle: each customer's usual interval between buying occasions
# says who is due to buy again in the month after the as-of date (overdue: the date has just
# passed and they have not bought yet — call them first).

# %% [markdown] lang="zh"
# 还有第二章的更换周期：按每位客户以往两次购买之间的间隔推算，统计日之后一个月内谁该再次购买
# （“已过期”表示预计日期刚过、还没有再买——这些客户最该先联系）。

# %%
due = book.due(window_days=31)
finding.table(due[["purchases", "last_purchase", "next_due", "status"]].head(8))

# %% [markdown] lang="en"
# ## 7. Which leads to call within a budget
#
# The campaign's lead list has its own outcome column and its own names. Chapter 7's
# targeting runs on it as it is: the outcome is read as yes/no, numbers written as text become
# numbers, identifiers are left out — and the **leakage check reads the data**: a column that
# alone predicts the outcome almost perfectly, or that carries far more signal than every other
# column (a value recorded during or after the outcome), is left out, with the reason. What
# was left out, and why:

# %% [markdown] lang="zh"
# ## 7. 在预算内该联系哪些线索
#
# 营销活动的线索名单有自己的结果列，列名也各不相同。第七章的精准定位可以原样用在它上面：结果列按“是/否”
# 读取，写成文本的数字转换成数字，编号列不参与建模——而且**泄漏检查是看数据说话的**：单凭一列就几乎能
# 完美预测结果，或者一列携带的信息远多于其他所有列（在结果出来时或之后才记录的值），都会被排除，并说明理由。
# 下面是被排除的列和理由：

# %%
leads = prospecting_plan.read_leads(files["leads"])
target = files.get("target", leads.columns[-1])
model = precision.train_target_model(leads, target)
for column, why in model.left_out.items():
    print(column, "—", why[LANG])

# %% [markdown] lang="en"
# In the demo the check leaves out {{ch08.leaky_columns}}: the contract value is the outcome
# written in money, and the call's length alone reaches an AUC of {{ch08.call_seconds_auc}},
# against {{ch08.next_best_auc}} for the strongest column known before the call. The columns
# that came in as text but hold numbers (an amount written `38,972`, with a thousands
# separator, or left blank) are read as numbers:

# %% [markdown] lang="zh"
# 在演示数据上，泄漏检查排除了{{ch08.leaky_columns}}：合同金额就是用钱表示的结果本身；通话时长单独一列的
# AUC 就有 {{ch08.call_seconds_auc}}，而打电话之前就能知道的列里最强的一列只有 {{ch08.next_best_auc}}。
# 下面这些列读进来时是文本，内容却是数字（比如带千位分隔符的 `38,972`，或者空着），都按数字读取：

# %%
model.numeric_text

# %% [markdown] lang="en"
# How well the model ranks leads it did not learn from (the held-out AUC):

# %% [markdown] lang="zh"
# 模型给没有参与训练的线索排序，排得怎么样（留出集上的 AUC）：

# %%
round(model.auc, 3)

# %% [markdown] lang="en"
# On the demo's held-out leads the AUC is {{ch08.leads_auc}}, well above the 0.5 of a coin
# toss.{{assert:ch08.model_beats_chance}} Slide the number of calls to your budget and read
# what it buys. The chapter's budget, 30,000 at 500 a call, pays for {{ch08.budget_calls}}
# calls; on the demo's held-out leads, the best-scored {{ch08.budget_share_of_leads}} of the
# leads reach {{ch08.budget_share_of_wins}} of the wins. {{assert:ch08.budget_beats_random}}

# %% [markdown] lang="zh"
# 在演示数据的留出线索上，AUC 为 {{ch08.leads_auc}}，明显好于抛硬币的 0.5{{assert:ch08.model_beats_chance}}。
# 把联系数量调到预算对应的位置，看看能换来多少成交。本章的预算是 30,000，每次联系 500，够打
# {{ch08.budget_calls}} 个电话；在演示数据的留出线索上，得分最高的 {{ch08.budget_share_of_leads}} 的线索
# 拿下了 {{ch08.budget_share_of_wins}} 的成交。{{assert:ch08.budget_beats_random}}

# %% tags=["nbval-ignore-output"]
TargetingWidget(TargetingModel.from_lead_model(model, leads, cost_per_contact=500))

# %% [markdown] lang="en"
# ## 8. What to cross-sell
#
# Each order is a basket of the products on it (returned products left out). The rules say
# what goes with what; every customer then gets the offer of the strongest rule among the
# products they have not bought yet.

# %% [markdown] lang="zh"
# ## 8. 交叉销售推荐什么
#
# 每张订单就是一个购物篮，装着单据上的产品（整件退回的不算）。规则说明哪些产品常一起购买；再从每位客户
# 还没买过的产品里，按最强的规则给出推荐。

# %%
rules = book.rules()
precision.show_rules(rules, book.product_names(), top=6)

# %% [markdown] lang="en"
# In the demo only one pair of products clears the thresholds — a copier and its installation
# — so there are two rules, one each way.{{assert:ch08.one_product_pair}} {{ch08.copier_confidence}}
# of the orders with a copier also hold {{ch08.copier_offer}}: {{ch08.copier_lift}} times the
# share of all orders that do (the lift). The offers, customer by customer:

# %% [markdown] lang="zh"
# 在演示数据里，只有一对产品达到了规则的门槛——复印机和它的安装调试——所以只有两条规则，方向相反。
# {{assert:ch08.one_product_pair}}含复印机的订单中，有 {{ch08.copier_confidence}} 同时含有{{ch08.copier_offer}}，
# 是全部订单中这一比例的 {{ch08.copier_lift}} 倍（即提升度）。下面是给每位客户的推荐：

# %%
offers = book.cross_sell(rules)
precision.table(offers.head(6))

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
# reason and what to do. The leads to call are the open ones (no outcome yet) when the list
# has any; in the demo every lead already has an outcome{{assert:ch08.no_open_leads}}, so
# the sheet ranks the leads that have not signed, for another try.

# %% [markdown] lang="zh"
# ## 9. 您的潜在客户开发计划
#
# 把以上结果汇总成一份计划：每项行动一张名单——维护最佳客户、挽回流失预警客户、到期回购提醒、
# 相似潜在客户、预算内要联系的线索、交叉销售——每一行都写明理由和做法。如果名单里有还没有结果的线索，
# “要联系的线索”就从这些线索里挑；演示数据里每条线索都已经有了结果{{assert:ch08.no_open_leads}}，
# 所以这张名单排的是还没有签约、值得再争取一次的线索。

# %%
plan = prospecting_plan.ProspectingPlan.build(book, accounts, leads, model, budget=30000, cost_per_contact=500, top=20)
course.table(plan.summary())

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
# python -m course report --data sales_lines.csv --columns mapping.yaml --out report.html
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
# - Orders are distinct order ids; "today" is the data's last ordinary day; amounts are in the
#   data's currency.
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
# - 订单数按不同的订单号计；“今天”是数据中正常记录的最后一天；金额用数据本身的货币。
# - 最佳客户、相似潜在客户、到期提醒、预算内联系谁、推荐什么：课程的每一章在您的数据上回答一个问题。
# - 看数据说话的泄漏检查，能发现单凭列名清单发现不了的问题：只有结果出来之后才存在的列。
