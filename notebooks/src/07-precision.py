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
# # Chapter 7 — Precision marketing
#
# Huaxin has {{ch07.reps}} reps and {{ch01.leads}} leads; Yuexiang has {{ch07.baskets}} baskets
# and {{ch07.members}} members. Neither can give everyone the same attention. This chapter
# uses the data both already hold to decide **whom to call, what to offer them and what
# looks wrong** — the four classic data-mining techniques, put to work for sales.
#
# **Learning goals.** After this chapter you can
#
# 1. say what precision marketing is, where it came from and why scarce resources make it necessary;
# 2. name the four data-mining techniques (classification, prediction, association, detection) and
#    what each is used for;
# 3. train a lead-scoring model, judge it honestly on held-out leads, and spot a leaky feature;
# 4. read a gains chart and a lift chart, and pick whom to contact for a given budget;
# 5. forecast next year's spend to rank accounts for up-selling, and beat a naive baseline;
# 6. mine cross-sell rules and read their support, confidence and lift — including lift below 1;
# 7. flag unusual orders and say why each one was flagged.

# %% [markdown] lang="zh"
# # 第七章　精确营销
#
# 华信有 {{ch07.reps}} 名业务员、{{ch01.leads}} 条线索；悦享生活馆有 {{ch07.baskets}} 个购物篮、{{ch07.members}} 名会员。谁都不可能对每个客户一视同仁地投入精力。
# 本章就用两家企业手里现成的数据，回答三个问题：**给谁打电话、向他推荐什么、哪些记录不对劲**——
# 也就是把数据挖掘的四种经典技术用到销售上。
#
# **学习目标**　学完本章，你能够：
#
# 1. 说清楚什么是精确营销、它从哪里发展而来，以及为什么资源稀缺使它成为必需；
# 2. 说出数据挖掘的四种技术（分类、预测、关联、检测）及各自的用途；
# 3. 训练一个线索评分模型，用留出的线索如实评估，并识别泄漏特征；
# 4. 读懂累计增益图和提升度图，在给定预算下选出要联系的线索；
# 5. 预测客户明年的消费额，据此排出升级销售的先后，并且要胜过简单基准；
# 6. 挖掘交叉销售规则，读懂支持度、置信度和提升度——包括提升度小于 1 的情形；
# 7. 找出异常订单，并说明每一条为什么被标记。

# %% tags=["parameters"]
LANG = "en"

# %%
import pandas as pd

import course
from course import content, data, precision
from course.widgets.ch07 import RuleExplorer, RuleExplorerModel, TargetingModel, TargetingWidget

course.set_language(LANG)
leads = data.load("b2b_leads")
orders = data.load("b2b_orders")
accounts = data.load("b2b_accounts")
baskets = data.load("b2c_basket_items")
transactions = data.load("b2c_transactions")
names = precision.item_names(baskets)
len(leads), len(orders), len(baskets), len(transactions)

# %% [markdown] lang="en"
# ## 1. What precision marketing is

# %% [markdown] lang="zh"
# ## 1. 什么是精确营销

# %%
precision.overview()

# %% [markdown] lang="en"
# The data-mining behind it comes down to four techniques. Each answers a different
# question about the customer database:

# %% [markdown] lang="zh"
# 背后的数据挖掘可以归结为四种技术，各自回答客户数据库里的一类问题：

# %%
content.show("mining_techniques", ["name", "explanation", "example"])

# %% [markdown] lang="en"
# And the business uses them for three things — the rest of the chapter does each one on
# Huaxin's and Yuexiang's data:

# %% [markdown] lang="zh"
# 企业用它们来做三件事——本章接下来就在华信和悦享的数据上逐一实践：

# %%
content.show("precision_uses", ["name", "explanation", "example"])

# %% [markdown] lang="en"
# ## 2. Classification: which leads will convert?
#
# Huaxin knows, for every closed lead, whether it became a contract (`converted`). A classifier learns
# from those labelled leads which signs go with a win and gives each lead a **score**, its estimated
# chance of converting. Which signs may it learn from? Chapter 5's rule decides. A lead model exists to
# rank leads *nobody has worked yet*, so it may use only what is known **before** the sale: the MAN
# letters, the source method, the product of interest, engagement, website visits and distance. The
# first rule of judging such a model:

# %% [markdown] lang="zh"
# ## 2. 分类：哪些线索会成交？
#
# 华信的每条已结束的线索都记着最终有没有签约（`converted`）。分类模型从这些带标签的线索里学习哪些迹象常伴随成交，
# 然后给每条线索打一个**分数**，即估计的成交概率。它能用哪些迹象？由第五章那条规则决定：线索模型是用来给*还没人跟进过*
# 的线索排序的，所以只能用**销售开始前**就知道的信息——MAN 三项、开发方法、意向产品、互动得分、网站访问次数和距离。
# 评估这种模型的第一条规矩是：

# %%
precision.evaluation_terms(["holdout"])

# %% [markdown] lang="en"
# `train_lead_model` wraps a scikit-learn pipeline (one-hot encoding + logistic regression). It learns
# from closed leads only — the {{ch07.open_left_out}} open ones have no outcome yet, and counting them as
# lost would teach the model that new leads fail — sets a stratified quarter aside
# ({{ch07.test_leads}} leads), trains on the rest, and scores the held-out quarter. At a threshold of 0.5
# — contact every lead the model gives better than even odds — it reaches:

# %% [markdown] lang="zh"
# `train_lead_model` 封装了一个 scikit-learn 流水线（独热编码 + 逻辑回归）。它只用已经结束的线索来学习——
# 仍在跟进的 {{ch07.open_left_out}} 条线索还没有结果，要是把它们当成丢单，模型就会以为新线索都会失败——
# 再按成交比例分层留出四分之一（{{ch07.test_leads}} 条），用其余的训练，给留出的线索打分。以 0.5 为门槛
# （模型认为成交可能过半的都去联系），结果如下：

# %%
model = precision.train_lead_model(leads)
precision.table(pd.DataFrame([model.metrics(0.5)]), decimals=3)

# %% [markdown] lang="en"
# **AUC** is the chance that a random winner scores above a random loser (0.5 is a coin toss, 1 is
# perfect). **Precision** is the share of contacted leads that win; **recall** the share of all wins
# that were contacted. An AUC of {{ch07.honest_auc}} is good and far from perfect
# {{assert:ch07.honest_is_honest}}: much of what decides a sale — timing, budgets, a competitor's offer — is
# in no table. The signs that weigh most:

# %% [markdown] lang="zh"
# **AUC** 表示随机抽一条成交线索和一条未成交线索，前者得分更高的概率（0.5 等于抛硬币，1 为完美）。
# **精确率**是被联系的线索中成交的比例，**召回率**是全部成交中被联系到的比例。AUC 为 {{ch07.honest_auc}}，
# 不错，但离完美还远{{assert:ch07.honest_is_honest}}：决定一单成败的很多因素——时机、预算、竞争对手的报价——
# 根本不在任何表格里。影响最大的几个迹象：

# %%
precision.table(model.key_features())

# %% [markdown] lang="en"
# Referrals push the score up and door-to-door search pulls it down, and each MAN letter adds to it —
# the lessons of Chapters 1 and 2, learned from the data. {{assert:ch07.top_features_before_sale}}
#
# ### Leakage: two models side by side
#
# Some columns of the lead table are known only *after* the outcome; others fill in *during* the sale.

# %% [markdown] lang="zh"
# 介绍法会拉高得分，地毯式访问会拉低得分，MAN 的每一项都有加分——这正是第一、二章讲过的道理，模型从数据里自己学到了。
# {{assert:ch07.top_features_before_sale}}
#
# ### 数据泄漏：两个模型放在一起比
#
# 线索表里有些列要等结果出来*之后*才知道，还有些列是在销售*过程中*才陆续填上的。

# %%
precision.evaluation_terms(["leakage"])

# %% [markdown] lang="en"
# The kit refuses both kinds unless told otherwise, and says which is which:

# %% [markdown] lang="zh"
# 本课程的函数默认两类都拒绝，并说明各属哪一类：

# %%
try:
    precision.train_lead_model(leads, features=[*precision.LEAD_FEATURES, "asked_quote", "stage", "days_to_contract"])
except data.DataError as error:
    print(error.zh if course.get_language() == "zh" else error.en)  # the message in this edition's language

# %% [markdown] lang="en"
# What do the in-sale signals do to a model? Force them in — the quote request, the trial, the proposal,
# the objection and the stage — and judge both models twice on the **same** held-out leads: on paper, as
# the table records them once the sales are over, and as the same leads looked on the day each was
# created, the moment a ranking is needed (`day_one_view` resets every in-sale signal to its starting
# value):

# %% [markdown] lang="zh"
# 销售过程中的信号会让模型变成什么样？把它们硬加进去——是否询价、是否试用、是否发方案、异议和阶段——
# 再在**同一批**留出线索上把两个模型各评两次：一次是纸面上的，即销售结束后表里记录的样子；一次是这些线索刚创建那天的样子，
# 也就是真正需要排序的时刻（`day_one_view` 会把所有销售过程中的信号恢复成初始值）：

# %%
in_sale = precision.train_lead_model(leads, features=[*precision.LEAD_FEATURES, *precision.IN_SALE_SIGNALS],
                                     allow_leaky=True)
day_one = precision.day_one_view(leads)
side_by_side = pd.DataFrame({
    "auc": [model.auc, in_sale.auc],
    "auc_day_one": [model.auc_on(day_one), in_sale.auc_on(day_one)],
    "mean_score_day_one": [model.predict(day_one.loc[model.test_ids]).mean(),
                           in_sale.predict(day_one.loc[in_sale.test_ids]).mean()],
    "win_rate": [model.y_test.mean(), in_sale.y_test.mean()],
}, index=["before_sale_model", "in_sale_model"])
precision.table(side_by_side, decimals=3)

# %% [markdown] lang="en"
# On paper the in-sale model wins easily: AUC {{ch07.in_sale_auc}} against {{ch07.honest_auc}}. On the day the
# leads came in, it falls to {{ch07.in_sale_day_one_auc}}, below the honest model, and its average score is
# {{ch07.in_sale_day_one_score}} against a real win rate of {{ch07.win_rate}}: it has learnt that a lead without a
# quote or a proposal never wins, so every new lead looks hopeless. {{assert:ch07.leak_side_by_side}} The honest
# model scores the same both ways, because nothing it uses changes as the sale goes on.
#
# This is leakage, and a held-out split does not catch it: both halves leak in the same way. The
# in-sale signals are not useless — they say what to do next on an open deal (Chapters 5 and 6) — but a
# model that ranks leads before the work starts must not see them. The crudest case is
# `days_to_contract`, which has a value only for signed leads, so it *is* the answer:

# %% [markdown] lang="zh"
# 纸面上，加入销售过程信号的模型轻松胜出：AUC {{ch07.in_sale_auc}}，对比 {{ch07.honest_auc}}。可到了线索刚进来的那一天，
# 它跌到 {{ch07.in_sale_day_one_auc}}，还不如诚实模型，而且平均得分只有 {{ch07.in_sale_day_one_score}}，实际成交率却是
# {{ch07.win_rate}}：它学到的是“没询价、没发方案的线索从不成交”，于是每条新线索在它眼里都毫无希望。
# {{assert:ch07.leak_side_by_side}}诚实模型两种看法得分一样，因为它用的信息在销售过程中不会变。
#
# 这就是数据泄漏，而且留出法挡不住它——训练集和测试集泄漏得一模一样。销售过程中的信号并不是没用——它们能告诉你
# 一单在跟的生意下一步该做什么（第五、六章）——但在跟进开始之前给线索排序的模型，绝不能看到它们。最露骨的例子是
# `days_to_contract`：只有签了约的线索才有值，它本身*就是*答案：

# %%
leaky = precision.train_lead_model(leads, features=[*precision.LEAD_FEATURES, "days_to_contract"], allow_leaky=True)
comparison = pd.DataFrame({"train_auc": [model.train_auc, leaky.train_auc], "auc": [model.auc, leaky.auc]},
                          index=["honest", "leaky"])
precision.table(comparison, decimals=4)

# %% [markdown] lang="en"
# A held-out AUC of exactly 1 is not a triumph, it is a warning. The only defence against both kinds of
# leakage is to ask of every column: *would I know this for a lead nobody has worked yet?*
#
# ### Gains and lift: how much the ranking saves
#
# A score is useful because it lets you **call the best leads first**. Two ways to see how much that is
# worth:

# %% [markdown] lang="zh"
# 留出集 AUC 恰好等于 1，不是大功告成，而是危险信号。防范这两类泄漏的唯一办法，是对每一列都问一句：
# *对一条还没人跟进过的线索，我能知道它吗？*
#
# ### 增益与提升度：排序能省多少力气
#
# 分数的价值在于让你**先联系最有希望的线索**。衡量这份价值有两种看法：

# %%
precision.evaluation_terms(["lift", "gains_chart"])

# %% [markdown] lang="en"
# The {{ch07.test_leads}} held-out leads, sorted by the honest model's score and cut into ten equal groups:

# %% [markdown] lang="zh"
# 把 {{ch07.test_leads}} 条留出线索按诚实模型的得分排序、切成十等份：

# %%
precision.table(model.gains())

# %%
precision.plot_gains(model.y_test, model.test_scores, contacted=75)

# %% [markdown] lang="en"
# The best-scored tenth converts at {{ch07.top_decile_lift}} times the overall rate (the first bar); calling the
# top fifth of the list reaches {{ch07.top_fifth_wins}} of the wins and the top half {{ch07.top_half_wins}}. Wins
# still turn up far down the list — an honest ranking is a good bet, not a certainty — whereas the in-sale
# model would have packed all its wins into the first few groups. {{assert:ch07.wins_all_the_way_down}} The
# dotted line is a model that knew the future; the dashed diagonal is calling in random order.
#
# ### Whom to contact: the targeting widget
#
# How far down the list should the reps go? That depends on what a call costs and what a won deal earns.
# Slide the number of leads (or the score threshold) and change the cost and margin: the readout shows
# expected and actual wins among the {{ch07.test_leads}} held-out leads, cost, profit and lift.

# %% [markdown] lang="zh"
# 得分最高的那一成线索，成交率是整体的 {{ch07.top_decile_lift}} 倍（第一根柱子）；联系名单前五分之一，能覆盖
# {{ch07.top_fifth_wins}} 的成交，前一半能覆盖 {{ch07.top_half_wins}}。名单靠后的地方仍然会有成交——诚实的排序是一个好的押注，
# 而不是保证；而加入销售过程信号的模型会把全部成交挤在前几组。{{assert:ch07.wins_all_the_way_down}}
# 点线代表能预知未来的完美模型，虚线对角线代表随机联系。
#
# ### 联系谁：目标筛选组件
#
# 业务员应该沿着名单往下打多远？这取决于一次联系要花多少钱、一单能赚多少钱。拖动要联系的线索数（或得分门槛），
# 再改改成本和毛利：下方会显示这 {{ch07.test_leads}} 条留出线索中的预期成交、实际成交、成本、利润和提升度。

# %% tags=["nbval-ignore-output"]
TargetingWidget(TargetingModel.from_lead_model(model, leads))

# %% [markdown] lang="en"
# With a fixed contact budget the question turns around: the budget sets how many calls you can make,
# and the scores say which ones. For {{ch07.budget}} at {{ch07.cost_per_contact}} a contact — the budget of the
# workbook's exercise 3 — that is {{ch07.calls}} calls, which find {{ch07.budget_wins}} wins (lift {{ch07.budget_lift}}):

# %% [markdown] lang="zh"
# 如果联系预算是定死的，问题就反过来了：预算决定能打几个电话，分数决定打给谁。比如预算 {{ch07.budget}}、每次联系
# {{ch07.cost_per_contact}}（与练习册第 3 题相同），能联系 {{ch07.calls}} 条线索，其中成交 {{ch07.budget_wins}} 条（提升度 {{ch07.budget_lift}}）：

# %%
calls, threshold = precision.leads_for_budget(model.test_scores, budget=30_000, cost_per_contact=400)
plan = precision.targeting_summary(model.test_scores, model.y_test, top_n=calls, cost_per_contact=400)
calls, round(threshold, 3), plan["wins"], round(plan["lift"], 2)

# %% [markdown] lang="en"
# ## 3. Prediction: next year's spend per account
#
# Prediction finds the features that drive a *number* and a formula for its future
# value. For up-selling Huaxin wants to know which accounts will spend most in the coming
# year. `train_spend_model` builds features from each account's orders up to a cut-off
# date (spend in the last 12 months, order counts, recency, copier history), learns from
# one year what the next 12 months brought, and is then tested on the following year —
# again on data it has not seen. The yardstick is the naive forecast "next year = last
# year":

# %% [markdown] lang="zh"
# ## 3. 预测：每家客户明年的消费额
#
# 预测，就是找出影响某个*数值*的关键特征，并得出估算其未来值的公式。为了做升级销售，华信想知道哪些客户来年会花得最多。
# `train_spend_model` 用截止日之前的订单为每家客户构造特征（近 12 个月消费额、订单数、距上次下单多久、复印机购买记录），
# 先用某一年学习“之后 12 个月花了多少”，再拿下一年来检验——同样是在没见过的数据上。比较的标尺是简单预测“明年 = 去年”：

# %%
spend = precision.train_spend_model(orders)
errors = pd.DataFrame({"mae": [spend.mae, spend.baseline_mae]}, index=["model", "naive"])
precision.table(errors)

# %% [markdown] lang="en"
# The model's mean absolute error is {{ch07.spend_gain}} smaller than the naive forecast's
# {{assert:ch07.spend_beats_naive}}, a real gain but not a dramatic one: office-equipment spend is lumpy (one
# copier can be a year's budget), so both miss by a lot on some accounts. Which features carry the forecast:

# %% [markdown] lang="zh"
# 模型的平均绝对误差比简单预测小 {{ch07.spend_gain}}{{assert:ch07.spend_beats_naive}}，有进步，但差距不算悬殊：办公设备的消费是一阵一阵的（买一台复印机可能就是一年的预算），
# 两种方法在一些客户上都会差得很远。预测主要靠哪些特征：

# %%
precision.table(spend.key_features(), decimals=3)

# %% [markdown] lang="en"
# How often an account orders matters most — *{{ch07.spend_feature_first}}* comes first, then
# *{{ch07.spend_feature_second}}*. {{assert:ch07.spend_order_counts_lead}} Ranked by forecast spend for the next 12
# months, these are the accounts to visit first:

# %% [markdown] lang="zh"
# 最关键的是客户下单有多频繁——排第一的是“{{ch07.spend_feature_first}}”，其次是“{{ch07.spend_feature_second}}”。
# {{assert:ch07.spend_order_counts_lead}}按未来 12 个月的预测消费额排序，最值得先去拜访的客户是：

# %%
precision.table(spend.rank(orders, top=8))

# %% [markdown] lang="en"
# ## 4. Association: customers who buy X also buy Y
#
# Association rules link items that appear together. Three numbers describe a rule
# A → B:

# %% [markdown] lang="zh"
# ## 4. 关联：买了 X 的顾客也会买 Y
#
# 关联规则把经常一起出现的商品联系起来。描述规则 A → B 要看三个数：

# %%
precision.evaluation_terms(["support", "confidence", "rule_lift"])

# %% [markdown] lang="en"
# The textbook case has five baskets. With a minimum support of 60% and confidence of 70%,
# `association_rules` (mlxtend's FP-growth for the frequent item sets, every metric
# recomputed from exact counts) finds, among others, diapers → beer:

# %% [markdown] lang="zh"
# 教科书上的经典例子只有五个购物篮。设最小支持度 60%、最小置信度 70%，`association_rules`（频繁项集由 mlxtend 的
# FP-growth 找出，各项指标再按精确计数重算）会找到包括“尿布 → 啤酒”在内的几条规则：

# %%
textbook = [["bread", "milk"], ["bread", "diapers", "beer", "eggs"], ["milk", "diapers", "beer", "cola"],
            ["bread", "milk", "diapers", "beer"], ["bread", "milk", "diapers", "cola"]]
precision.show_rules(precision.association_rules(textbook, min_support=0.6, min_confidence=0.7))

# %% [markdown] lang="en"
# Three of the five baskets hold both (support 0.6); of the four with diapers, three have
# beer (confidence 0.75); beer is in three baskets of five (0.6), so the lift is
# 0.75 ÷ 0.6 = 1.25. Counting the baskets yourself is the surest way to check a rule.
#
# Lift can also fall **below 1**. In a shop with 10,000 transactions, 6,000 include a
# game, 7,500 a video and 4,000 both:

# %% [markdown] lang="zh"
# 五个购物篮中有三个同时有尿布和啤酒（支持度 0.6）；有尿布的四个购物篮里三个有啤酒（置信度 0.75）；
# 啤酒出现在五个中的三个（0.6），所以提升度 = 0.75 ÷ 0.6 = 1.25。亲手从表里数一遍，是检验规则最可靠的办法。
#
# 提升度也可能**小于 1**。设某店有 10,000 笔交易，其中 6,000 笔买了游戏，7,500 笔买了影片，4,000 笔两者都买：

# %%
games_videos = [["games", "videos"]] * 4000 + [["games"]] * 2000 + [["videos"]] * 3500 + [[]] * 500
precision.pair_stats(games_videos, "games", "videos")

# %% [markdown] lang="en"
# Confidence looks healthy at 67%, but three quarters of *all* customers buy videos anyway:
# game buyers are *less* likely than average to take one (lift ≈ 0.89). The rule is
# flagged `negative`: promoting videos to game buyers would waste the offer.
#
# ### Cross-selling at Yuexiang
#
# On Yuexiang's {{ch07.baskets}} baskets, rules with support of at least 1% and confidence of at
# least 10%, strongest lift first:

# %% [markdown] lang="zh"
# 置信度 67%，看上去不低，可*所有*顾客里本来就有四分之三会买影片：买游戏的人买影片的可能反而低于平均（提升度约 0.89）。
# 这条规则被标为 `negative`（负相关）：向买游戏的人推影片，只会浪费这次推荐。
#
# ### 悦享生活馆的交叉销售
#
# 在悦享的 {{ch07.baskets}} 个购物篮上，找出支持度至少 1%、置信度至少 10% 的规则，按提升度从高到低排列：

# %%
rules = precision.association_rules(baskets, min_support=0.01, min_confidence=0.1)
precision.show_rules(rules, names, top=10)

# %%
precision.plot_rules(rules, names)

# %% [markdown] lang="en"
# The chart separates two kinds of rule. A handful sit high and bright, numbered and spelled out in the
# key: coffee beans and filter papers, diapers and wipes, yoga mats and blocks, tents and ground mats —
# lifts above 10, the pairs worth a campaign. The cloud at the bottom has lift below 2: those items are
# simply popular and turn up together by chance. {{assert:ch07.planted_pairs_stand_out}} Not every pair is
# friendly either — cat food and dog food almost never share a basket (lift {{ch07.cat_dog_lift}}):
# {{assert:ch07.cat_dog_negative}}

# %% [markdown] lang="zh"
# 图上明显分成两类规则。上方几条又高又亮，标了序号，名称写在图例框里：手冲咖啡豆和咖啡滤纸、纸尿裤和湿巾、瑜伽垫和瑜伽砖、
# 露营帐篷和防潮垫——提升度都在 10 以上，值得专门做活动。底部那一团提升度都低于 2：这些商品只是本身卖得多，碰巧出现在
# 同一个购物篮里。{{assert:ch07.planted_pairs_stand_out}}也不是每一对商品都“合得来”——猫粮和狗粮几乎从不出现在同一个
# 购物篮里（提升度 {{ch07.cat_dog_lift}}）：{{assert:ch07.cat_dog_negative}}

# %%
precision.pair_stats(baskets, "猫粮", "狗粮")

# %% [markdown] lang="en"
# Try the thresholds yourself. Raise the minimum support and the rare rules drop out; lower
# the confidence and many weak ones flood in.

# %% [markdown] lang="zh"
# 自己调一调门槛：提高最小支持度，少见的规则就被筛掉；降低置信度，大量弱规则便涌了进来。

# %% tags=["nbval-ignore-output"]
RuleExplorer(RuleExplorerModel(baskets, names, min_support=0.01, min_confidence=0.3))

# %% [markdown] lang="en"
# ## 5. Detection: orders that do not fit
#
# Detection looks for records that break the usual pattern: errors, fraud, or now and
# then a real opportunity. `flag_orders` combines plain rules (negative quantity, a date
# after the data date, an amount that does not equal quantity × price × (1 − discount), an
# amount far above the product's usual order) with scikit-learn's `IsolationForest`, which
# marks the few orders that are easiest to isolate from the rest. Every flag comes with its
# reason:

# %% [markdown] lang="zh"
# ## 5. 检测：不合常规的订单
#
# 检测就是找出不合常规的记录：可能是录入错误、舞弊，偶尔也是真正的机会。`flag_orders` 把几条简单规则
# （数量为负、日期晚于数据日期、金额不等于 数量 × 单价 ×（1 − 折扣）、金额远高于该产品的常见订单）
# 与 scikit-learn 的 `IsolationForest`（孤立森林，找出最容易和其他订单区分开的少数订单）结合起来，每条标记都附上原因：

# %%
flagged = precision.flag_orders(orders)
shown = flagged.assign(product=flagged["product"].map(precision.product_name))
precision.table(shown[["order_id", "order_date", "product", "quantity", "amount", "reasons"]].head(12))

# %% [markdown] lang="en"
# The data's generator planted {{ch07.planted_orders}} faulty orders. How many did detection find?

# %% [markdown] lang="zh"
# 数据生成时故意埋了 {{ch07.planted_orders}} 条有问题的订单。检测找出了几条？

# %%
planted = precision.planted_anomalies("b2b_orders")
precision.planted_recall(flagged["order_id"], planted["order_id"])

# %% [markdown] lang="en"
# All of them (recall 1.0), each caught by a rule that says exactly what is wrong. {{assert:ch07.all_planted_found}}
# Of the {{ch07.flagged_orders}} flagged orders, the rest are merely unusual — very large or heavily discounted —
# which is why the flags are a list for a person to look at, not a verdict.
#
# ## 6. Up-selling and cross-selling: lists a rep can act on
#
# Put together, the techniques become a call list. For Huaxin's accounts: the forecast
# from section 3 (with a copier due for replacement as the classic up-sell), and a
# cross-sell from rules mined with **accounts as baskets** of the products they have bought:

# %% [markdown] lang="zh"
# 全部找到（召回率 1.0），而且每一条都由规则点明了错在哪里。{{assert:ch07.all_planted_found}}被标记的 {{ch07.flagged_orders}} 条订单中，
# 其余的只是“不寻常”——金额很大或折扣很高——所以这份标记只是一份需要人工复核的清单，而不是定论。
#
# ## 6. 升级销售与交叉销售：业务员拿来就能用的清单
#
# 把几种技术结合起来，就得到一份拜访清单。对华信的客户：用第 3 节的预测（复印机到了更换年限，是最典型的升级销售），
# 再加上交叉销售——把**每家客户当作一个购物篮**，装着它买过的产品，从中挖掘规则：

# %%
product_rules = precision.association_rules(orders[["account_id", "product"]], min_support=0.05, min_confidence=0.5)
calls_list = precision.account_recommendations(orders, accounts, spend, product_rules, top=10)
precision.table(calls_list)

# %% [markdown] lang="en"
# For Yuexiang's members: every member's purchase history against the basket rules, and
# the one offer most likely to land for each:

# %% [markdown] lang="zh"
# 对悦享的会员：拿每位会员的购买记录去套购物篮规则，为每人挑出最可能成功的一项推荐：

# %%
purchases = baskets.merge(transactions[["txn_id", "member_id"]], on="txn_id")
offers = precision.cross_sell_offers(rules[rules["lift"] > 2], purchases, names=names)
precision.table(offers.head(8))

# %%
len(offers), purchases["member_id"].nunique()

# %% [markdown] lang="en"
# ## 7. Questions for discussion
#
# The unit ends with questions that tie the last chapters together. Think them through
# before the next lesson:

# %% [markdown] lang="zh"
# ## 7. 思考与讨论
#
# 本单元最后的几道思考题，把前面几章串在了一起。下次上课前请先想一想：

# %%
precision.discussion()

# %% [markdown] lang="en"
# ## Exercises
#
# Open `workbook/en/07-precision.ipynb`: twelve exercises — dropping leaky columns, training
# your own model, choosing a threshold for a contact budget, reading the lift and gains
# charts, finding a cross-sell rule, computing a lift by hand, measuring a naive forecast,
# catching inconsistent orders, and two short explanations in your own words.
#
# ## Recap
#
# - Precision marketing grew out of database marketing; resources are scarce, so aim first,
#   and judge a model by what it changes in the business.
# - Four techniques: **classification** (learn classes from labelled data), **prediction**
#   (key features and a formula for a future number), **association** (rules linking items),
#   **detection** (records that do not fit).
# - Judge a model only on held-out data, and rank new leads only with what is known before the sale:
#   in-sale signals make a model brilliant on paper and blind on day one, and columns known after the
#   outcome give the answer away — a perfect AUC is a warning, not a result. {{assert:ch07.leak_side_by_side}}
# - Gains and lift show what a ranking saves; a budget fixes how many to call, the score
#   decides whom.
# - Support = how common, confidence = how reliable, lift = how much stronger than chance;
#   lift below 1 is a negative association — do not cross-sell it.
# - Every flagged record needs a reason a person can check.

# %% [markdown] lang="zh"
# ## 练习
#
# 打开 `workbook/zh/07-precision.ipynb`：共十二道题——删除泄漏列、自己训练模型、按联系预算定门槛、
# 读提升度图和累计增益图、找交叉销售规则、手算提升度、衡量简单预测的误差、找出金额对不上的订单，
# 以及两道用自己的话作答的简答题。
#
# ## 小结
#
# - 精确营销由数据库营销发展而来；营销资源稀缺，所以要先瞄准，再出手；衡量模型要看它改变了哪些业务决策。
# - 四种技术：**分类**（从已知类别的数据中学习分类）、**预测**（找出关键特征和估算未来数值的公式）、
#   **关联**（找出商品之间的规则）、**检测**（找出不合常规的记录）。
# - 只能用留出的数据评估模型；给新线索排序只能用销售开始前就知道的信息：销售过程中的信号会让模型纸面上很出色、
#   到了线索创建当天却两眼一抹黑；结果出来后才知道的列更是等于泄露答案——AUC 完美是警报，不是成绩。{{assert:ch07.leak_side_by_side}}
# - 累计增益和提升度说明排序能省多少力气；预算决定打几个电话，分数决定打给谁。
# - 支持度看多常见，置信度看多可靠，提升度看比偶然强多少；提升度小于 1 是负相关，不要拿来交叉销售。
# - 每条被标记的异常记录，都要给出一个人能核实的理由。
