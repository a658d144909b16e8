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
# # Chapter 1 — What a prospect is
#
# A sales team that calls everyone wastes most of its week. This chapter is about
# deciding, with evidence, **who is worth your time**: what makes someone a prospect,
# how to size up a group of them, and how the MAN principle sorts a lead list into
# "call today", "work on it" and "let it go".
#
# **Learning goals.** After this chapter you can
#
# 1. say what a prospect is, and name its two elements (need and ability to pay);
# 2. tell the two forms of latent demand apart, and explain why prospects do not convert;
# 3. describe the three levels of prospects and the four measures of a target group, including
#    why a price can be *too* good;
# 4. classify any lead list with MAN and choose the countermeasure for each combination;
# 5. read the signs of buying desire and purchasing power, and turn them into timing.
#
# The examples use the kit's two fictional businesses: **华信办公设备 (Huaxin Office
# Equipment)**, a Hangzhou dealer selling copiers, switches and service contracts to
# organisations, and **悦享生活馆 (Yuexiang Living)**, a lifestyle store chain with members.

# %% [markdown] lang="zh"
# # 第一章　什么是潜在客户
#
# 见人就打电话的销售团队，一周里大半时间都白忙了。这一章要解决的是：**凭证据判断谁值得你花时间**——
# 什么样的人算潜在客户，怎样衡量一个目标群体，以及怎样用 MAN 法则把一张线索清单分成
# “今天就跟进”“慢慢培养”和“暂且放下”三类。
#
# **学习目标**　学完本章，你能够：
#
# 1. 说清楚什么是潜在客户，以及它的两个要素（用得上、买得起）；
# 2. 区分潜在需求的两种形式，并解释潜在客户为什么迟迟不成交；
# 3. 说出潜在客户的三个层次、衡量目标群体的四个方面，并理解价格为什么会“便宜过头”；
# 4. 用 MAN 法则给任何一张线索清单分类，并为每种组合选出对策；
# 5. 读懂购买欲望和购买力的信号，据此判断成交时机。
#
# 本章例子来自本套教材的两家虚构企业：**华信办公设备**（杭州的经销商，向单位销售复印机、
# 交换机和维保合同）和 **悦享生活馆**（有会员体系的生活用品连锁店）。

# %% tags=["parameters"]
LANG = "en"

# %%
import course
from course import content, data, prospects
from course.widgets.ch01 import ManQualifier, PricePremiumExplorer

course.set_language(LANG)
leads = data.load("b2b_leads")
accounts = data.load("b2b_accounts")
members = data.load("b2c_members")
transactions = data.load("b2c_transactions")
len(leads), len(accounts), len(members), len(transactions)

# %% [markdown] lang="en"
# ## 1. Prospects: not customers yet
#
# A **prospect** (潜在客户) has not bought from you, but could. That covers two quite
# different people: someone who has never used this kind of product, and someone who
# uses it already but buys it from a competitor.

# %% [markdown] lang="zh"
# ## 1. 潜在客户：还没成交，但有可能成交
#
# **潜在客户**指还没从你这里买过东西、但将来有可能买的人或单位。这里面其实是两类很不一样的人：
# 一类从没用过这类产品，另一类早就在用，只是买的是竞争对手的。

# %%
content.show("prospect_elements", ["name", "explanation", "example"])

# %% [markdown] lang="en"
# Both elements must be present. Someone who needs the product but cannot pay, or who
# can pay but has no use for it, is not a prospect *yet*: that gap is **latent demand**.

# %% [markdown] lang="zh"
# 两个要素缺一不可。有需要却掏不出钱，或者掏得出钱却用不上，都还*不算*现成的潜在客户——
# 这中间的差距就是**潜在需求**。

# %%
content.show("latent_demand_forms", ["name", "explanation", "example"])

# %% [markdown] lang="en"
# Huaxin's lead list records, for each lead, whether budget is confirmed (`money`) and
# whether a real need was found (`need`). Counting the combinations shows how much of the
# pipeline is latent demand rather than a ready buyer:

# %% [markdown] lang="zh"
# 华信的线索表记录了每条线索是否确认了预算（`money`）、是否发现了真实需求（`need`）。
# 把组合数一数，就能看出销售管道里有多少只是潜在需求，而不是现成的买家：

# %%
forms = prospects.latent_demand(leads)
course.table(forms.value_counts().reindex(prospects.LATENT_FORMS).rename("leads"))

# %% [markdown] lang="en"
# ## 2. Why prospects do not become customers
#
# An actual customer (现实客户) has everything needed to buy now; a prospect is missing at
# least one condition. The missing condition usually comes from one of three places:

# %% [markdown] lang="zh"
# ## 2. 潜在客户为什么迟迟不成交
#
# 现实客户眼下就具备购买的全部条件；潜在客户则至少还缺一样。缺的那一样，通常出在下面三个地方：

# %%
content.show("non_conversion_reasons", ["name", "explanation"])

# %% [markdown] lang="en"
# The data shows the same picture. Of Huaxin's accounts, some already buy, some are
# prospects, and some were customers once and have been lost — which is why finding new
# prospects never stops. {{assert:ch01.status_mix}}

# %% [markdown] lang="zh"
# 数据里也是这样：华信的客户单位中，有的正在采购，有的还是潜在客户，还有的曾经合作、后来流失了——
# 这也说明，寻找新的潜在客户是一项永远停不下来的工作。{{assert:ch01.status_mix}}

# %%
course.table(prospects.account_status_counts(accounts))

# %%
content.show("why_find_prospects", ["name", "explanation"])

# %% [markdown] lang="en"
# ## 3. Three levels of prospects
#
# Prospects can be described at three levels, from coarse to fine. The coarser the level,
# the easier it is to open up; an individual organisation or person is the hardest.
# Remember too that your prospect may already be somebody else's customer.

# %% [markdown] lang="zh"
# ## 3. 潜在客户的三个层次
#
# 潜在客户可以从粗到细分三个层次来看：层次越粗越容易打开局面，具体到某个单位或个人最难。
# 还要记住：你眼里的潜在客户，可能已经是别人的老客户了。

# %%
content.show("prospect_levels", ["name", "explanation", "example", "difficulty"])

# %% [markdown] lang="en"
# On Yuexiang's member list the three levels are concrete: a **region** is a city, a
# **stratum** is an income band inside it, and the **individuals** are the members.

# %% [markdown] lang="zh"
# 放到悦享生活馆的会员表上，三个层次就很具体了：**地区**是城市，**阶层**是城市里的收入档次，
# **个人**就是一个个会员。

# %%
levels = members.groupby(["city", "income_band"]).size().unstack("income_band", fill_value=0)
course.table(levels[["low", "middle", "high"]])

# %% [markdown] lang="en"
# ## 4. Four measures of a target group
#
# Before chasing a group, measure it. Four aspects decide how promising it is:

# %% [markdown] lang="zh"
# ## 4. 衡量目标群体的四个方面
#
# 在追一个群体之前，先量一量它。下面四个方面决定了它有多大潜力：

# %%
content.show("target_group_measures", ["name", "explanation", "question"])

# %% [markdown] lang="en"
# **Purchasing power** can be read straight from the data: how much each income band
# spends per member, and how many of its members buy at all. High-income members spend the
# most per head, low-income members the least. {{assert:ch01.high_income_spend_most}}

# %% [markdown] lang="zh"
# **消费能力**可以直接从数据里读出来：每个收入档次的会员人均花多少钱，其中有多少人真的买过。
# 高收入会员人均花得最多，低收入会员最少。{{assert:ch01.high_income_spend_most}}

# %%
course.table(prospects.purchasing_power(members, transactions, by="income_band"))

# %% [markdown] lang="en"
# ### The price premium: good value helps, up to a point
#
# The fourth measure, the **psychological price premium**, is perceived value divided by
# price: value for money. More is better — but only up to a point. Cut the price far below
# the brand's usual level and buyers start to suspect a fake or a catch, and the people
# the offer attracts are no longer the group you were aiming at. The curve below is a
# teaching model of that effect (not fitted to the data):

# %% [markdown] lang="zh"
# ### 心理溢价：性价比高有好处，但有个度
#
# 第四个方面是**商品价格的心理溢价**，即感知价值 ÷ 价格，也就是常说的性价比。
# 性价比越高越好卖——但只到某个程度。价格压得远低于这个品牌的市场均价，买家就会怀疑是假货
# 或者另有猫腻，而被低价吸引来的，也已经不是你原本想找的那群人了。下图是这一效应的教学模型
# （示意用，并非由数据拟合）：

# %%
premium = prospects.PricePremium(perceived_value=4800, market_price=5000)
prospects.plot_price_premium(premium, price=4200)

# %% [markdown] lang="en"
# Try it: move the price and the perceived value of Huaxin's ¥5,000 office printer and
# watch where appeal peaks and where the offer starts to look suspicious.

# %% [markdown] lang="zh"
# 动手试试：拖动华信一款市场均价 5000 元的办公打印机的售价和感知价值，看看吸引力在哪里达到峰值，
# 又从哪里开始让人起疑。

# %% tags=["nbval-ignore-output"]
PricePremiumExplorer(perceived_value=4800, market_price=5000, price=4200)

# %% [markdown] lang="en"
# ## 5. The right place, time and way
#
# Prospects look like your target group on those four measures, but many have not yet
# noticed their own need. Go where the need, the money and the habits already are:

# %% [markdown] lang="zh"
# ## 5. 找对地方、找对时间、用对方式
#
# 潜在客户在这四个方面和目标群体很像，只是很多人自己还没意识到有这个需要。
# 要到需求、财力和消费习惯本来就在的地方去找：

# %%
content.show("right_place_time_way", ["principle", "example"])

# %% [markdown] lang="en"
# ## 6. The MAN principle
#
# MAN is the quickest qualification test in sales. For each prospect ask three questions:
#
# - **M — Money**: can they pay?
# - **A — Authority**: can this person decide, recommend or veto the purchase?
# - **N — Need**: do they need what you sell?
#
# Write a capital letter when the answer is yes and a small one when it is no. The eight
# combinations each call for a different move. The table lists them in the textbook's order,
# numbered in the last column; keep that number in mind for a moment:

# %% [markdown] lang="zh"
# ## 6. MAN 法则
#
# MAN 是销售中最快的客户资格判断方法。对每个潜在客户问三个问题：
#
# - **M（Money，购买力）**：付得起钱吗？
# - **A（Authority，决策权）**：这个人能决定、建议或否决这次采购吗？
# - **N（Need，需求）**：对方需要你卖的东西吗？
#
# 具备就写大写字母，不具备就写小写。八种组合各有各的对策。表格按教材的顺序排列，最后一列是教材中的次序——
# 先记住这个次序，下面会用数据来检验它：

# %%
course.table(prospects.man_reference()[["meaning", "countermeasure", "priority"]])

# %% [markdown] lang="en"
# `man_classify` applies the table to every lead at once, so a list of thousands is
# sorted in a blink:

# %% [markdown] lang="zh"
# `man_classify` 会一次性给每条线索套用这张表，几千条线索眨眼间就分好了类：

# %%
classified = prospects.man_classify(leads)
course.table(classified[["lead_id", "money", "authority", "need", "man_code", "countermeasure"]].head(8))

# %% [markdown] lang="en"
# Does the principle hold up? Huaxin knows which of its {{ch01.leads}} leads became customers.
# The bars show how many leads fall in each combination, the dots the share of them that
# converted, and the dashed line the rate for all leads ({{ch01.overall_rate}}):

# %% [markdown] lang="zh"
# 这个法则靠得住吗？华信知道这 {{ch01.leads}} 条线索中哪些最终成交了。柱子表示每种组合的线索数，
# 圆点表示其中成交的比例，虚线是全部线索的成交率（{{ch01.overall_rate}}）：

# %%
summary = prospects.man_summary(leads)
course.table(summary)

# %%
prospects.plot_man_summary(summary)

# %% [markdown] lang="en"
# Leads with all three letters convert best by a clear margin ({{ch01.man.MAN}}), and `man` leads
# almost never ({{ch01.man.man}}) — the reason to stop spending time on them.
# {{assert:ch01.man_best_and_worst}} Leads with a single letter all convert below the average.
# {{assert:ch01.one_letter_rare}}
#
# The middle of the table holds a surprise. The textbook puts `MAn` second: money and
# authority are hard to come by, while a skilled seller can create a need. At Huaxin that
# happens less often than the order suggests: `MAn` leads convert at {{ch01.man.MAn}}, below
# `MaN` ({{ch01.man.MaN}}) and `mAN` ({{ch01.man.mAN}}). {{assert:ch01.need_beats_authority}}
# On these leads the need weighs most. Keep the textbook's countermeasures — they say *what*
# to do with each combination — but order your own list by what your records show, and check
# that order again as the records grow.
#
# Use the qualifier below: toggle the letters, or pick a real lead, and read what to do.

# %% [markdown] lang="zh"
# 三项齐全的线索成交率明显最高（{{ch01.man.MAN}}），`man` 三项全无的几乎从不成交（{{ch01.man.man}}）——
# 这正是应当停止投入的理由。{{assert:ch01.man_best_and_worst}}只具备一项的组合，成交率都低于平均水平。{{assert:ch01.one_letter_rare}}
#
# 表格中间却有个意外。教材把 `MAn` 排在第二：钱和权都难得，需求却可以靠高明的推销创造出来。在华信，
# 这种情况没有排序暗示的那么常见：`MAn` 线索的成交率是 {{ch01.man.MAn}}，低于 `MaN`（{{ch01.man.MaN}}）
# 和 `mAN`（{{ch01.man.mAN}}）。{{assert:ch01.need_beats_authority}}在这批线索里，需求的分量最重。
# 教材的对策照样用——它告诉你每种组合*该怎么做*；但先跟进谁，要按自己的记录来排，而且记录多了要再核对一次。
#
# 用下面的判断器试试：切换三个字母，或者直接选一条真实线索，看看该怎么做。

# %% tags=["nbval-ignore-output"]
ManQualifier(leads)

# %% [markdown] lang="en"
# ## 7. Reading desire and purchasing power
#
# MAN tells you *whether* to work on a prospect; desire and power tell you *when* they
# will buy. Five signs show buying desire:

# %% [markdown] lang="zh"
# ## 7. 判断购买欲望和购买力
#
# MAN 告诉你*要不要*跟进；购买欲望和购买力则告诉你对方*什么时候*会买。判断购买欲望看五个信号：

# %%
content.show("desire_signs", ["name", "explanation", "example"])

# %% [markdown] lang="en"
# and two signs show purchasing power:

# %% [markdown] lang="zh"
# 判断购买力看两个信号：

# %%
content.show("power_signs", ["name", "explanation", "example"])

# %% [markdown] lang="en"
# Together they set the timing. A school purchasing officer who showed four of the five
# desire signs, with a clean credit record and a payment plan already drafted, is ready now:

# %% [markdown] lang="zh"
# 两者结合起来决定时机。比如某学校的采购负责人，五个欲望信号表现出四个，信用记录良好，
# 付款方案也已经拟好——现在就可以推动成交了：

# %%
prospects.buying_timing(desire=4, power=2)["advice"]

# %%
course.table(prospects.timing_table())

# %% [markdown] lang="en"
# ## Exercises
#
# Open `workbook/en/01-prospects.ipynb`: ten exercises on the same data — counting latent
# demand, MAN-classifying leads, choosing countermeasures (by clicking or typing), a function
# of your own, comparing income bands, and two short explanations in your own words.
#
# ## Recap
#
# - A prospect needs the product **and** can pay for it; without one of them it is latent demand.
# - Prospects fail to convert because of latent need, the company's own factors, or stakeholders.
# - Regions are easiest to open up, strata harder, single organisations hardest.
# - Measure a target group by purchasing power, value perception, brand recognition and
#   price premium — and do not price so low that buyers stop believing you.
# - MAN sorts leads: pursue `MAN`, work on the partial ones, stop `man`. The textbook's order of
#   the partial ones is a rule of thumb: at Huaxin the leads with a need come first.
# - Desire signs and power signs together tell you when to ask for the order.

# %% [markdown] lang="zh"
# ## 练习
#
# 打开 `workbook/zh/01-prospects.ipynb`：十道题都基于同一份数据——统计潜在需求、用 MAN 给线索分类、
# 选择对策（可以点选，也可以输入）、自己写一个函数、比较各收入档次，以及两道用自己的话作答的简答题。
#
# ## 小结
#
# - 潜在客户既要**用得上**，又要**买得起**；缺一样就还只是潜在需求。
# - 潜在客户不成交，原因在潜在需求本身、企业自身或相关利益方。
# - 地区层次最容易打开，阶层次之，具体单位或个人最难。
# - 衡量目标群体看消费能力、消费价值观念、对商品与品牌价值的认同和心理溢价——价格别低到让人不敢信。
# - MAN 给线索排序：`MAN` 全力跟进，缺项的区别对待，`man` 停止接触。缺项组合的教材排序只是经验之谈：
#   在华信，有需求的线索应当排在前面。
# - 欲望信号和购买力信号结合起来，告诉你什么时候开口要订单。
