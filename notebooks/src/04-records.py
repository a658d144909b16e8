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
# # Chapter 4 — Customer records and the best customers
#
# Every order, visit and service call tells you something about a customer. Kept in one
# place, those facts answer the questions a sales team argues about: which customers really
# carry the business, which ones cost more than they bring, and which prospects deserve the
# next visit. This chapter builds that place — a customer archive — and then reads it.
#
# **Learning goals.** After this chapter you can
#
# 1. keep current and potential customers in a real database, and add, change, query,
#    import and export records without losing anything;
# 2. measure revenue concentration (the 80/20 rule) on any transaction table and sort
#    customers into ABC classes;
# 3. score customers on recency, frequency and money (RFM), even when many values are tied,
#    and name their segments;
# 4. tell best from worst customers with data, fill the segment table "best → worst → next
#    action", and rank prospects by how much they look like your best customers;
# 5. answer "why do they buy from us?" from the data where the data can answer it.

# %% [markdown] lang="zh"
# # 第四章　建立客户档案，找出最佳客户
#
# 每一笔订单、每一次拜访、每一张维修单，都在告诉你客户的情况。把这些信息集中存好，
# 销售团队常争论的问题就有了答案：到底是哪些客户撑起了生意？哪些客户服务成本比他们带来的收入还高？
# 下一次拜访该留给哪个潜在客户？本章先把这个“集中存放的地方”——客户档案库——建起来，再学会读懂它。
#
# **学习目标**　学完本章，你能够：
#
# 1. 把现有客户和潜在客户存进一个真正的数据库，增、改、查、导入、导出记录都不丢信息；
# 2. 在任意一张交易表上计算收入集中度（80/20 法则），并把客户分成 A、B、C 三类；
# 3. 按最近一次消费、消费频率和消费金额（RFM）给客户打分——即使大量数值相同也不出错——并归入各个群体；
# 4. 用数据区分最佳客户和最差客户，填好“细分市场 → 最佳客户 → 最差客户 → 下一步行动”分析表，
#    再按“像不像最佳客户”给潜在客户排序；
# 5. 在数据能回答的范围内，回答“客户为什么从我们这里买”。

# %% tags=["parameters"]
LANG = "en"

# %%
import tempfile
from pathlib import Path

import pandas as pd

import course
from course import data, records
from course.archive import CustomerArchive
from course.data import DataError
from course.widgets.ch04 import ParetoExplorer, RfmSegmentFinder

course.set_language(LANG)
AS_OF = "2026-06-30"  # the data's "today"
accounts = data.load("b2b_accounts")
contacts = data.load("b2b_contacts")
orders = data.load("b2b_orders")
tickets = data.load("b2b_tickets")
leads = data.load("b2b_leads")
members = data.load("b2c_members")
transactions = data.load("b2c_transactions")
len(accounts), len(orders), len(tickets), len(transactions)

# %% [markdown] lang="en"
# ## 1. Why keep customer records
#
# A customer record is the memory of your sales work. Keep **two** sets side by side:
# current customers, to learn how they buy and serve them better, and potential customers,
# so every lead anyone has touched is still there when that person moves on. The tools
# range from a spreadsheet to a database:

# %% [markdown] lang="zh"
# ## 1. 为什么要建客户档案
#
# 客户档案是销售工作的“记忆”。档案要**两头**建：现有客户的档案，用来摸清他们的购买规律、把服务做细；
# 潜在客户的档案，让每一条接触过的线索都留得住，哪怕当初跟进的人已经调走或离职。
# 工具从电子表格到数据库都可以：

# %%
records.numbered("records_purpose", "tools")

# %% [markdown] lang="en"
# ## 2. A real customer archive
#
# A spreadsheet on one person's laptop gets copied, edited twice and overwritten. The kit's
# archive is a small **SQLite** database: one file, no server, readable from Excel exports
# and from pandas. You choose where the file lives; here we use a scratch folder so the
# lesson can be re-run freely. `create` fills it from Huaxin's accounts and contacts.

# %% [markdown] lang="zh"
# ## 2. 一个真正的客户档案库
#
# 放在某个人笔记本电脑里的 Excel 表，很容易被复制成好几份、各改各的，最后互相覆盖。
# 本课程的档案库是一个小型 **SQLite** 数据库：只有一个文件，不需要服务器，既能导出成 Excel，也能直接用 pandas 读取。
# 文件放在哪里由你决定；这里用一个临时文件夹，方便反复运行本课。`create` 会用华信的客户单位和联系人数据把它填满。

# %%
workdir = Path(tempfile.mkdtemp(prefix="course-ch04-"))
archive = CustomerArchive.create(workdir / "customers.sqlite")
archive

# %% [markdown] lang="en"
# Current customers, lost customers and prospects sit in the same table, told apart by
# their status. Any read-only SQL works through `query`:

# %% [markdown] lang="zh"
# 现有客户、已流失客户和潜在客户都在同一张表里，用“状态”字段区分。任何只读的 SQL 查询都可以交给 `query`：

# %%
by_status = archive.query("SELECT status, COUNT(*) AS n FROM customers GROUP BY status ORDER BY n DESC")
records.table(by_status.set_index("status"))

# %% [markdown] lang="en"
# For everyday questions `find` is enough — for example, the prospects in Ningbo:

# %% [markdown] lang="zh"
# 日常查询用 `find` 就够了——比如找出宁波的潜在客户：

# %%
ningbo = archive.find(status="prospect", city="宁波")
records.table(ningbo[["account_id", "account_name", "industry", "employees"]].head(5))

# %% [markdown] lang="en"
# ### Adding and changing records — nothing is overwritten silently
#
# A salesperson meets a new clinic at a trade fair and adds it as a prospect. Later the
# government office A0003 places its first order, so its status changes. Each change
# records **who** made it, **when**, the **old** value and the **new** one:

# %% [markdown] lang="zh"
# ### 新增和修改记录——任何改动都留痕
#
# 业务员在展会上认识了一家新诊所，把它登记为潜在客户；后来，政府机关 A0003 下了第一笔订单，
# 状态随之改变。每一次改动都会记下**谁**改的、**什么时候**改的、**原来**是什么、**改成**了什么：

# %%
archive.add({"account_id": "A0601", "account_name": "杭州康宁口腔门诊部", "industry": "healthcare",
             "city": "杭州", "employees": 35, "size_band": "small", "status": "prospect"}, by="张敏")
archive.update("A0003", {"status": "customer", "first_order_date": "2026-06-28"}, by="张敏")

# %%
changes = archive.history("A0003")[["record_id", "field", "old_value", "new_value", "changed_by"]]
records.table(changes)

# %% [markdown] lang="en"
# The `history` table also has a `changed_at` time stamp (left out above because it changes
# every time the lesson runs). To undo a mistake, you look up the old value there.

# %% [markdown] lang="zh"
# `history` 表里还有一列 `changed_at` 时间戳（上面没有显示，因为每次运行本课它都会变）。
# 万一改错了，去这里查原来的值就能改回来。

# %% [markdown] lang="en"
# ### Importing a sheet: all rows or none
#
# Colleagues keep lists in Excel. `import_file` reads a sheet (Excel or CSV, with a column
# mapping if the headers differ), checks **every** row first and writes them in one
# transaction. Here is a sheet of three new leads with a typing slip in one cell:

# %% [markdown] lang="zh"
# ### 导入表格：要么全部导入，要么一条不进
#
# 同事们习惯用 Excel 记名单。`import_file` 会读取表格（Excel 或 CSV；表头不一样时可以做列名映射），
# 先逐行检查**所有**数据，再在同一个事务里一次写入。下面这张表有三条新线索，其中一格打错了：

# %%
sheet = pd.DataFrame({
    "account_id": ["A0602", "A0603", "A0604"],
    "account_name": ["宁波恒通物流有限公司", "绍兴明德小学", "嘉兴华美酒店"],
    "industry": ["logistics", "education", "hospitality"],
    "city": ["宁波", "绍兴", "嘉兴"],
    "employees": [120, "about 60", 85],
    "status": ["prospect", "prospect", "prospect"],
})
sheet.to_excel(workdir / "new_leads.xlsx", index=False)
try:
    archive.import_file(workdir / "new_leads.xlsx", by="李强")
except DataError as error:
    print(error.zh if course.get_language() == "zh" else error.en)  # the message in this edition's language

# %% [markdown] lang="en"
# The message names the row (counting the header as row 1, as Excel does), the field and the
# problem. And because the import is one transaction, the two good rows did not slip in:
# the archive still holds the {{ch04.accounts}} accounts plus the clinic added by hand.

# %% [markdown] lang="zh"
# 报错信息写明了是哪一行（和 Excel 一样，表头算第 1 行）、哪个字段、出了什么问题。
# 而且整批导入是一个事务，另外两行正确的数据也没有混进去：档案里仍然是原来的 {{ch04.accounts}} 家，
# 加上刚才手工登记的那家诊所。

# %%
archive.count()

# %%
sheet.loc[1, "employees"] = 60
sheet.to_excel(workdir / "new_leads.xlsx", index=False)
result = archive.import_file(workdir / "new_leads.xlsx", by="李强")
result["added"], archive.count()

# %% [markdown] lang="en"
# Exporting goes the other way: one Excel workbook with a sheet per table, ready to send.

# %% [markdown] lang="zh"
# 导出则反过来：生成一个 Excel 工作簿，每张表一个工作表，可以直接发给同事。

# %%
exported = archive.export_excel(workdir / "customers.xlsx")
pd.ExcelFile(exported).sheet_names

# %% [markdown] lang="en"
# ## 3. The 80/20 rule
#
# A small share of customers, often about one in five, brings most of the revenue, while
# another small group causes most of the trouble. The analysis runs in steps:

# %% [markdown] lang="zh"
# ## 3. 80/20 法则
#
# 少数客户（常常是五个里面的一个）贡献了大部分收入，另有一小撮客户制造了大部分麻烦。分析分几步走：

# %%
records.numbered("pareto_analysis", "steps")

# %% [markdown] lang="en"
# `pareto_table` totals the orders per account, sorts them and adds the running share.
# It works on **any** transaction table: name your customer and amount columns with
# `customer=` and `amount=` if they are not called `account_id`/`member_id` and `amount`.

# %% [markdown] lang="zh"
# `pareto_table` 会按客户汇总订单金额、从高到低排序，并算出累计占比。它适用于**任何**交易表：
# 如果你的客户列和金额列不叫 `account_id`/`member_id` 和 `amount`，用 `customer=`、`amount=` 指明即可。

# %%
table = records.pareto_table(orders)
records.table(table.head(6))

# %%
records.pareto_share(orders, top=0.2)

# %% [markdown] lang="en"
# So the top 20% of Huaxin's buying accounts bring {{ch04.top20_share}} of its order value — about
# {{ch04.top20_share_words}}, much as the 80/20 rule says. {{assert:ch04.top20_is_80_20}}
# On the Pareto (Lorenz) curve, the further the line bows above the diagonal, the more
# concentrated the revenue:

# %% [markdown] lang="zh"
# 也就是说，华信前 20% 的采购客户贡献了 {{ch04.top20_share}} 的订单金额——大约{{ch04.top20_share_words}}，和二八定律说的差不多。
# {{assert:ch04.top20_is_80_20}}在帕累托（洛伦兹）曲线上，
# 曲线越往对角线上方拱，收入就越集中：

# %%
records.plot_pareto(table, top=0.2)

# %% [markdown] lang="en"
# ### ABC classes
#
# The running share also sorts customers into three classes, each with its own way of
# being served. By default class A ends at 80% of revenue and class B at 95%:

# %% [markdown] lang="zh"
# ### ABC 分类
#
# 根据累计占比，还可以把客户分成三类，每类的服务方式不同。默认 A 类截至累计收入的 80%，B 类截至 95%：

# %%
records.content_table("abc_classes", ["name", "explanation", "action"])

# %%
records.table(records.abc_summary(table)[["customers", "customer_share", "revenue_share"]])

# %% [markdown] lang="en"
# Class A is {{ch04.class_a_customers}} of the accounts; class C is the long tail: {{ch04.class_c_customers}} of the
# accounts bring {{ch04.class_c_revenue}} of the revenue. {{assert:ch04.abc_shape}} Move the cut-offs and watch the
# classes change:

# %% [markdown] lang="zh"
# A 类只占客户的 {{ch04.class_a_customers}}；C 类则是长长的尾巴：{{ch04.class_c_customers}} 的客户只贡献了 {{ch04.class_c_revenue}} 的收入。
# {{assert:ch04.abc_shape}}拖动下面的分界线，看看各类客户数怎么变化：

# %% tags=["nbval-ignore-output"]
ParetoExplorer(table)

# %% [markdown] lang="en"
# ### Rules for messy transactions
#
# Real tables contain returns and rows nobody can be credited with. The kit states its rules:
#
# - a **return** (negative amount) is netted against the same customer's purchases, and a
#   customer who returned more than they bought counts as zero, not negative;
# - a row **without a customer id** is set aside — it is in nobody's total, nor in the grand
#   total — and counted in `attrs`.
#
# A hand-made table shows both (甲 bought 500 and returned 200; one sale has no customer):

# %% [markdown] lang="zh"
# ### 不规整交易的处理规则
#
# 实际的交易表里会有退货，也会有记不到任何客户名下的行。本课程的规则是：
#
# - **退货**（金额为负）与同一客户的购买相抵；退的比买的还多的客户按 0 计，不算负数；
# - **没有客户编号**的行单独放在一边——既不计入任何客户，也不计入总额——行数记在 `attrs` 里。
#
# 用一张手工小表演示这两条（甲买了 500、退了 200；有一笔销售没有记客户）：

# %%
demo = pd.DataFrame({"customer": ["甲", "甲", "乙", "丙", None], "amount": [500, -200, 400, 100, 300]})
demo_table = records.pareto_table(demo, customer="customer", amount="amount")
records.table(demo_table[["revenue", "share", "abc_class"]])

# %%
demo_table.attrs

# %% [markdown] lang="en"
# The same function works on Yuexiang's member purchases. Passing every member as
# `all_customers` counts the members who bought nothing, which is the honest base:

# %% [markdown] lang="zh"
# 同一个函数也能用在悦享生活馆的会员消费上。把全部会员传给 `all_customers`，一次没买过的会员也算在内，
# 这样的基数才实在：

# %%
records.pareto_share(transactions, customer="member_id", amount="amount", all_customers=members["member_id"])

# %% [markdown] lang="en"
# ## 4. RFM: recency, frequency, money
#
# RFM scores every customer on three things you can read straight from the transactions;
# each is scored 1 to 5 by quintile (5 = best):

# %% [markdown] lang="zh"
# ## 4. RFM：最近一次消费、消费频率、消费金额
#
# RFM 用交易记录里直接能算出的三项指标给每位客户打分，每项按五等分打 1 到 5 分（5 分最好）：

# %%
records.content_table("rfm", ["letter", "name", "explanation"], key="letters")

# %% [markdown] lang="en"
# ### Ties: why plain `pd.qcut` fails
#
# Most members bought only a few times, so frequency is full of repeated values. Cutting it
# into five equal-sized groups with `pd.qcut` fails, because several quintile edges fall on
# the same number:

# %% [markdown] lang="zh"
# ### 数值相同怎么办：为什么直接用 `pd.qcut` 会出错
#
# 大多数会员只买过寥寥几次，所以“消费频率”里有大量重复值。用 `pd.qcut` 把它切成人数相等的五组会报错，
# 因为好几个五等分点落在同一个数上：

# %%
frequency = transactions.groupby("member_id").size()
try:
    pd.qcut(frequency, 5, labels=[1, 2, 3, 4, 5])
except ValueError as error:
    print(type(error).__name__, "—", str(error).split(":")[0])

# %% [markdown] lang="en"
# The kit scores by rank instead, with a stated tie rule: equal values always get the same
# score — the score of the quintile where their group starts. Members who bought once all
# score 1, however many they are:

# %% [markdown] lang="zh"
# 本课程改为按排名打分，并明确了并列的规则：数值相同的客户一定得分相同——取这一组人开始所在的那个五等分段的分数。
# 只买过一次的会员，不管有多少人，都是 1 分：

# %%
scores = pd.DataFrame({"frequency": frequency, "f": records.quantile_scores(frequency)})
records.table(scores.groupby("frequency").agg(customers=("f", "size"), f=("f", "first")).head(8))

# %% [markdown] lang="en"
# ### Segments
#
# The three scores together place a customer in a segment. The rules are checked in order
# and the first that fits wins:

# %% [markdown] lang="zh"
# ### 客户群体
#
# 三项得分组合起来，决定客户属于哪个群体。规则按顺序判断，先符合哪条就归哪一类：

# %%
records.content_table("rfm", ["name", "rule", "action"], key="segments")

# %%
rfm = records.rfm_table(transactions, as_of=AS_OF)
records.table(rfm.head(6))

# %% [markdown] lang="en"
# {{ch04.rows_after_as_of}} transaction is dated after 2026-06-30 (an error in the data) and is ignored:
# `rfm.attrs` counts it. The summary shows how many members fall in each segment and how
# much of the spend they carry:

# %% [markdown] lang="zh"
# 有 {{ch04.rows_after_as_of}} 笔交易的日期晚于 2026-06-30（数据录入错误），计算时被忽略了，`rfm.attrs` 里记着它的数量。
# 下面的汇总表显示每个群体有多少会员、贡献了多少消费额：

# %%
rfm.attrs

# %%
records.table(records.rfm_summary(rfm)[["customers", "customer_share", "revenue_share"]])

# %%
records.plot_rfm(rfm)

# %% [markdown] lang="en"
# Champions are {{ch04.champions_members}} of the members and carry {{ch04.champions_spend}} of the spend
# {{assert:ch04.champions_carry_most}}; the hibernating and at-risk groups are where win-back campaigns start. Try
# the segment finder:

# %% [markdown] lang="zh"
# 明星客户占会员的 {{ch04.champions_members}}，却贡献了 {{ch04.champions_spend}} 的消费额{{assert:ch04.champions_carry_most}}；
# 沉睡客户和流失预警客户则是挽回活动的起点。
# 试试下面的群体查询器：

# %% tags=["nbval-ignore-output"]
RfmSegmentFinder(rfm, r=1, f=4, m=5)

# %% [markdown] lang="en"
# ## 5. Best and worst customers
#
# Revenue alone does not make a customer good. Best customers let you do what you are good
# at, value it and pay for it, raise your skills and lead you where your plan goes:

# %% [markdown] lang="zh"
# ## 5. 最佳客户与最差客户
#
# 光看收入还判断不了客户好不好。最佳客户让你做擅长的事，认可你的价值也肯付钱，逼你提升本事，
# 还把你带向计划中的方向：

# %%
records.content_table("best_customer_traits", ["name", "explanation", "data_signal"])

# %% [markdown] lang="en"
# Worst customers do the opposite:

# %% [markdown] lang="zh"
# 最差客户则恰恰相反：

# %%
records.content_table("worst_customer_traits", ["name", "explanation", "data_signal"])

# %% [markdown] lang="en"
# `customer_scorecard` turns the signals the data can show into a score from 0 to 100. On the
# value side: revenue (counted twice), average order size, growth over the last 12 months and
# the discount given away. On the cost side: service hours per ¥10,000 of revenue and the
# share of tickets that are complaints. Each becomes a percentile rank, and the score is
# their weighted mean. The top fifth are called best, the bottom fifth worst.

# %% [markdown] lang="zh"
# `customer_scorecard` 把数据能看到的信号变成 0 到 100 的得分。收入一侧看：收入（权重加倍）、
# 平均每单金额、近 12 个月的增长、让出去的折扣；成本一侧看：每万元收入耗用的服务工时，以及工单中投诉所占的比例。
# 每项先换算成百分位排名，再加权平均得到总分。得分最高的五分之一判为最佳客户，最低的五分之一判为最差客户。

# %%
scorecard = records.customer_scorecard(orders, tickets, accounts, as_of=AS_OF)
shown = ["account_name", "industry", "revenue", "hours_per_10k", "complaint_share", "score", "verdict"]
records.table(scorecard[shown].head(5))

# %%
records.table(scorecard[shown].tail(5))

# %% [markdown] lang="en"
# The worst accounts bought little and still needed many service hours. {{assert:ch04.worst_buy_little}}
# {{assert:ch04.worst_serve_more}} The picture makes the trade-off visible: best customers sit low and to the right
# (much revenue, little service per yuan), worst ones high and to the left. A bigger dot means a larger share
# of the account's tickets were complaints. The {{ch04.no_service_accounts}} accounts that never needed service
# cannot sit on a log axis, so they have a strip of their own under the plot.

# %% [markdown] lang="zh"
# 最差的那几家买得很少，却耗掉了不少服务工时。{{assert:ch04.worst_buy_little}}{{assert:ch04.worst_serve_more}}
# 下图把这种取舍画了出来：最佳客户在右下方（收入多、每元收入耗用的服务少），最差客户则在左上方。点越大，
# 表示该客户的工单里投诉占的比例越高。从没叫过服务的 {{ch04.no_service_accounts}} 家客户没法画在对数坐标上，
# 单独放在图下方的一条里。

# %%
records.plot_best_worst(scorecard)

# %% [markdown] lang="en"
# Each account also lists the traits it shows in the data, named as in the tables above:

# %% [markdown] lang="zh"
# 每家客户还列出了它在数据上表现出来的特征，名称与上面两张表一致：

# %%
signs = scorecard.iloc[[0, -1]][["account_name", "best_signs", "worst_signs"]]  # the best and the worst account
signs["best_signs"] = signs["best_signs"].map(records.trait_names)
signs["worst_signs"] = signs["worst_signs"].map(records.trait_names)
records.table(signs)

# %% [markdown] lang="en"
# ### The segment table
#
# Now the table the 80/20 analysis asks for: for each market segment, the best customers,
# the worst ones and a next action. The action follows the worst customers' most common
# warning sign. By industry:

# %% [markdown] lang="zh"
# ### 细分市场分析表
#
# 接下来就是 80/20 分析要填的那张表：每个细分市场的最佳客户、最差客户和下一步行动。
# 行动根据最差客户身上最常见的警示特征来定。按行业划分：

# %%
by_industry = records.segment_table(scorecard, by="industry", n=2)
records.table(by_industry[["best", "worst", "next_action"]])

# %% [markdown] lang="en"
# Segments can also follow the product or service an account buys most:

# %% [markdown] lang="zh"
# 细分市场也可以按客户买得最多的产品或服务来划分：

# %%
records.table(records.segment_table(scorecard, by="main_category", n=2)[["best", "worst", "next_action"]])

# %% [markdown] lang="en"
# ## 6. Prospects that look like your best customers
#
# Once you know your best customers, use their profile as a template for the prospects:

# %% [markdown] lang="zh"
# ## 6. 找出像最佳客户的潜在客户
#
# 摸清了最佳客户，就可以拿他们的画像去套潜在客户：

# %%
records.content_table("prospect_matching", ["name"], key="columns")

# %% [markdown] lang="en"
# `lookalike_scores` does the matching with a logistic model (scikit-learn). It learns from
# the current customers which profile features — industry, size, city, number of employees —
# separate the best customers from the rest, then gives every prospect the probability that
# an account with its profile is a best customer. A plain "nearest neighbours" search would
# only say which customers a prospect resembles, whether good or bad; the model weighs the
# features by how well they point to *best* customers. The last column names the features
# that raised each prospect's score most, so the ranking can be checked rather than trusted.

# %% [markdown] lang="zh"
# `lookalike_scores` 用 scikit-learn 的逻辑回归模型来做匹配。它从现有客户中学习：哪些画像特征——行业、规模、城市、
# 员工人数——能把最佳客户和其他客户区分开；然后对每个潜在客户，算出“具有这种画像的单位是最佳客户”的概率。
# 简单的“最近邻”搜索只能告诉你潜在客户像哪些客户，不管像的是好客户还是差客户；而模型会按各项特征对“最佳”的指示作用来加权。
# 最后一列写明了是哪些特征给该潜在客户加分最多，排名是否合理，一看便知，不用盲信。

# %%
lookalike = records.lookalike_scores(accounts, scorecard)
records.table(lookalike[["account_name", "industry", "size_band", "city", "lookalike_score", "drivers"]].head(8))

# %% [markdown] lang="en"
# Treat the score as a visiting order, not a verdict: a high score means "looks like the
# accounts that are good for us", and the first visit checks whether the need and the money
# are really there.

# %% [markdown] lang="zh"
# 把这个得分当作拜访的先后顺序，而不是定论：分数高只说明“长得像对我们有利的那类客户”，
# 需求和购买力是否真的存在，还要靠第一次拜访去核实。

# %% [markdown] lang="en"
# ## 7. Why do they buy from you?
#
# A list of questions helps you understand why customers choose you. Several can be
# answered from the records; the others must be asked face to face:

# %% [markdown] lang="zh"
# ## 7. 客户为什么从你这里买？
#
# 下面这组问题能帮你弄清客户为什么选择你。其中不少可以从档案数据里找到答案，其余的只能当面问：

# %%
records.content_table("why_buy_questions", ["question", "how_to_answer"])

# %%
answers = records.why_buy(orders, accounts, contacts, leads, as_of=AS_OF)
records.table(answers.set_index("question"))

# %% [markdown] lang="en"
# Notice what the data cannot say: why they buy, what matters most to them and how they pay
# for it. Those answers come from conversations — and belong in the archive too.

# %% [markdown] lang="zh"
# 注意数据回答不了的几个问题：他们为什么买、最看重什么、靠什么付款。这些答案来自和客户的交谈——同样应该记进档案。

# %% [markdown] lang="en"
# ## Exercises
#
# Open `workbook/en/04-records.ipynb`: twelve exercises on the same data — the 80/20 share
# and ABC classes, a `top_share` function of your own, RFM segments (one answered by
# clicking), a worst-customer trait, look-alike prospects, querying the archive, importing a
# sheet with a deliberate error and reading the message, and a short explanation.
#
# ## Recap
#
# - Keep current **and** potential customers in one archive; every change keeps its history
#   and an import is all or nothing.
# - On Huaxin's orders the top 20% of accounts bring {{ch04.top20_share}} of revenue; ABC
#   classes (A to 80%, B to 95%) decide how each customer is served.
# - Returns are netted per customer; rows without a customer are set aside and counted.
# - RFM scores by rank, and equal values share a score, so heavy ties never break it; the
#   first segment rule that fits names the customer.
# - Best customers bring value at a fair cost to serve; the segment table turns that into a
#   next action, and the look-alike score points to the prospects to visit first.
# - The data answers who, how much, what, when and where; why, what matters and how they pay
#   must be asked.

# %% [markdown] lang="zh"
# ## 练习
#
# 打开 `workbook/zh/04-records.ipynb`：十二道题都基于同一份数据——80/20 占比和 ABC 分类、自己写一个
# `top_share` 函数、RFM 群体（其中一道点选作答）、最差客户特征、相似潜在客户、查询档案库、
# 导入一张故意出错的表格并读懂报错信息，以及一道简答题。
#
# ## 小结
#
# - 现有客户**和**潜在客户都存进同一个档案库；每次修改都留有历史记录，导入要么全成、要么全不进。
# - 华信前 20% 的客户贡献了 {{ch04.top20_share}} 的收入；ABC 分类（A 类到 80%，B 类到 95%）决定每类客户怎么服务。
# - 退货按客户冲抵；没有客户编号的行单独放在一边并计数。
# - RFM 按排名打分，数值相同得分必相同，大量并列也不会出错；按顺序第一条符合的规则决定客户属于哪个群体。
# - 最佳客户带来价值、服务成本也合理；细分市场分析表把这一点变成下一步行动，相似度得分则指出先去拜访哪些潜在客户。
# - 谁拍板、买多少、买什么、何时买、在哪里买，数据能回答；为什么买、看重什么、怎么付款，得靠当面问。
