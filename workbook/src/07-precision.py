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
# # Workbook 7 — Precision marketing
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
# # 练习册 7　精确营销
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
import course
from course import data, precision
from course.exercises.ch07 import *

course.set_language(LANG)
leads = data.load("b2b_leads")
orders = data.load("b2b_orders")
baskets = data.load("b2c_basket_items")
model = precision.train_lead_model(leads)
spend = precision.train_spend_model(orders)

# %% [markdown] lang="en"
# ## Exercise 1
#
# A lead model ranks leads nobody has worked yet. Before training it on `leads`, which of
# these columns must be dropped? Give a list of column names, e.g. `["engagement", "stage"]`.
#
# `days_to_contract`, `won_date`, `won_amount`, `stage`, `engagement`, `asked_quote`, `distance_km`

# %% [markdown] lang="zh"
# ## 练习 1
#
# 线索模型要给还没人跟进过的线索排序。用 `leads` 训练它之前，下面哪些列必须删掉？请给出列名组成的列表，
# 例如 `["engagement", "stage"]`。
#
# `days_to_contract`、`won_date`、`won_amount`、`stage`、`engagement`、`asked_quote`、`distance_km`

# %%
must_drop = ["days_to_contract", "won_date", "won_amount", "stage", "asked_quote"]  # blank

# %% tags=["selftest"]
assert q1.judge(["days_to_contract"]).status == "incorrect"
assert q1.judge(["days_to_contract", "won_date", "won_amount", "stage", "asked_quote", "engagement"]).status == "incorrect"
assert q1.judge(["days_to_contract", "won_date", "won_amount", "stage"]).status == "incorrect"
assert q1.judge(["days_to_contract（签约用时）", "won_date（签约日期）", "won_amount（签约金额）", "stage（到达的漏斗阶段）",
                 "asked_quote（是否询价）"]).status == "correct"

# %%
q1.check(must_drop)

# %% [markdown] lang="en"
# ## Exercise 2
#
# Train a lead model of your own with `precision.train_lead_model(leads, features=[...])`,
# choosing the features yourself. The check looks at its AUC on the held-out leads and at
# the columns it uses.

# %% [markdown] lang="zh"
# ## 练习 2
#
# 用 `precision.train_lead_model(leads, features=[...])` 自己训练一个线索模型，特征由你来挑。
# 检查会看它在留出线索上的 AUC，以及它用了哪些列。

# %%
my_model = precision.train_lead_model(leads, features=["money", "authority", "need", "engagement", "source_method"])  # blank

# %% tags=["selftest"]
cheat = precision.train_lead_model(leads, features=["money", "days_to_contract"], allow_leaky=True)
assert q2.judge(cheat).status == "incorrect"
assert q2.judge(precision.train_lead_model(leads, features=["distance_km"])).status == "incorrect"
assert q2.judge(0.97).status == "incorrect"

# %%
q2.check(my_model)

# %% [markdown] lang="en"
# ## Exercise 3
#
# The reps have a contact budget of **¥30,000**, and each contact costs **¥400**. Using the
# scores of `model` on its held-out leads (`model.test_scores`), what **score threshold**
# picks exactly the leads the budget pays for, best first?

# %% [markdown] lang="zh"
# ## 练习 3
#
# 业务员的联系预算是 **30,000 元**，每联系一次花 **400 元**。根据 `model` 在留出线索上的得分
# （`model.test_scores`），**得分门槛**定为多少，才能按得分从高到低正好选出预算能覆盖的那些线索？

# %%
threshold = precision.leads_for_budget(model.test_scores, 30000, 400)[1]  # blank

# %% tags=["selftest"]
assert q3.judge(75).status == "incorrect"
assert q3.judge(0.5).status == "incorrect"

# %%
q3.check(threshold)

# %% [markdown] lang="en"
# ## Exercises 4 and 5: reading the charts
#
# Here are the gains chart (left) and lift chart (right) of `model` on its held-out leads.

# %% [markdown] lang="zh"
# ## 练习 4 和练习 5：读图
#
# 下面是 `model` 在留出线索上的累计增益图（左）和提升度图（右）。

# %%
precision.plot_gains(model.y_test, model.test_scores)

# %% [markdown] lang="en"
# ## Exercise 4
#
# What is the **lift** of the best-scored tenth of the leads (group 1)? Read it off the
# chart or compute it.

# %% [markdown] lang="zh"
# ## 练习 4
#
# 得分最高的那一成线索（第 1 组）的**提升度**是多少？可以从图上读，也可以算出来。

# %%
top_lift = model.gains()["lift"].iloc[0]  # blank

# %% tags=["selftest"]
assert q4.judge(model.gains()["conversion_rate"].iloc[0]).status == "incorrect"

# %%
q4.check(top_lift)

# %% [markdown] lang="en"
# ## Exercise 5
#
# What **share of the leads** (a number between 0 and 1) must you contact, best scores
# first, to capture **80% of all wins**? Reading the chart to within a few points is enough.

# %% [markdown] lang="zh"
# ## 练习 5
#
# 按得分从高到低联系，至少要联系多大**比例的线索**（0 到 1 之间的数），才能拿下**全部成交的 80%**？
# 从图上读到相差几个百分点以内即可。

# %%
x, y = precision.gains_curve(model.y_test, model.test_scores)
share_for_80 = x[(y >= 0.8).argmax()]  # blank

# %% tags=["selftest"]
assert q5.judge(0.8).status == "incorrect"
assert q5.judge(0.5).status == "incorrect"
assert "per cent" in q5.judge(share_for_80 * 100).message["en"]

# %%
q5.check(share_for_80)

# %% [markdown] lang="en"
# ## Exercise 6
#
# A Yuexiang member has just bought a **yoga mat (瑜伽垫)**. Mine the basket rules with
# `precision.association_rules(baskets, 0.01, 0.3)`: which item do you offer? Give the item
# name (Chinese, or its English name).

# %% [markdown] lang="zh"
# ## 练习 6
#
# 悦享的一位会员刚买了**瑜伽垫**。用 `precision.association_rules(baskets, 0.01, 0.3)` 挖掘购物篮规则：
# 你该向她推荐哪件商品？请填写商品名称。

# %%
rules = precision.association_rules(baskets, 0.01, 0.3)
yoga_offer = next(iter(rules[rules.antecedents == frozenset({"瑜伽垫"})].iloc[0].consequents))  # blank

# %% tags=["selftest"]
assert q6.judge("瑜伽垫").status == "incorrect"
assert q6.judge("咖啡滤纸").status == "incorrect"

# %%
q6.check(yoga_offer)

# %% [markdown] lang="en"
# ## Exercise 7
#
# In 10,000 transactions, 6,000 include a game, 7,500 a video and 4,000 both. Compute the
# **lift** of games → videos by hand (plain arithmetic).

# %% [markdown] lang="zh"
# ## 练习 7
#
# 10,000 笔交易中，6,000 笔买了游戏，7,500 笔买了影片，4,000 笔两者都买。请手算“游戏 → 影片”的**提升度**
# （用四则运算即可）。

# %%
games_videos_lift = (4000 / 6000) / (7500 / 10000)  # blank

# %% tags=["selftest"]
assert q7.judge(4000 / 6000).status == "incorrect"
assert q7.judge(1.125).status == "incorrect"

# %%
q7.check(games_videos_lift)

# %% [markdown] lang="en"
# ## Exercise 8
#
# `spend` is the chapter's next-year spend model. Its naive rival forecasts that every
# account spends in the next 12 months what it spent in the last 12. Compute that naive
# forecast's **mean absolute error** on the test year: `spend.test["actual"]` holds what each
# account really spent after `spend.test_cutoff`, and
# `precision.spend_features(orders, spend.test_cutoff)["spend_12m"]` the last 12 months before it.

# %% [markdown] lang="zh"
# ## 练习 8
#
# `spend` 是本章的明年消费预测模型。与它比较的简单预测认为：每家客户未来 12 个月的消费等于过去 12 个月的消费。
# 请算出这个简单预测在检验年份上的**平均绝对误差**：`spend.test["actual"]` 是每家客户在 `spend.test_cutoff`
# 之后的实际消费，`precision.spend_features(orders, spend.test_cutoff)["spend_12m"]` 是此前 12 个月的消费。

# %%
naive = precision.spend_features(orders, spend.test_cutoff)["spend_12m"]
naive_mae = (spend.test["actual"] - naive).abs().mean()  # blank

# %% tags=["selftest"]
assert q8.judge(spend.mae).status == "incorrect"

# %%
q8.check(naive_mae)

# %% [markdown] lang="en"
# ## Exercise 9
#
# List the `order_id`s of the orders whose `amount` differs from
# `quantity × unit_price × (1 − discount_rate)` by more than one yuan.

# %% [markdown] lang="zh"
# ## 练习 9
#
# 列出 `amount` 与 `quantity × unit_price × (1 − discount_rate)` 相差超过 1 元的订单的 `order_id`。

# %%
gap = (orders.amount - orders.quantity * orders.unit_price * (1 - orders.discount_rate)).abs()
mismatch_ids = orders.loc[gap > 1, "order_id"].tolist()  # blank

# %% tags=["selftest"]
assert q9.judge(mismatch_ids[:2]).status == "incorrect"
assert q9.judge(orders.loc[orders.quantity < 0, "order_id"].tolist()).status == "incorrect"
assert "whole table" in q9.judge(orders[gap > 1]).message["en"]

# %%
q9.check(mismatch_ids)

# %% [markdown] lang="en"
# ## Exercise 10
#
# Offering a tea caddy to a member who has just bought a tea set is which use of precision
# marketing? Click below, **or** type the option id (`new_customers`, `up_selling`,
# `cross_selling`).

# %% [markdown] lang="zh"
# ## 练习 10
#
# 给刚买了茶具的会员推荐茶叶罐，属于精确营销的哪种用途？请在下面点选，**或者**输入选项代码
# （`new_customers`、`up_selling`、`cross_selling`）。

# %% tags=["nbval-ignore-output"]
q10.widget()

# %%
tea_use = "cross_selling"  # blank

# %% tags=["selftest"]
assert q10.judge("up_selling").status == "incorrect"

# %%
q10.check(tea_use)

# %% [markdown] lang="en"
# ## Exercise 11
#
# In two or three sentences of your own: why must `days_to_contract` be dropped before
# training a lead model?

# %% [markdown] lang="zh"
# ## 练习 11
#
# 用自己的话写两三句：为什么训练线索模型之前必须删掉 `days_to_contract`？

# %%
why_leaky = "It is only filled in after a lead has signed, so it gives the answer away: the AUC looks perfect, but for open leads the value is not available and the model is useless."  # blank

# %% tags=["selftest"]
assert q11.judge("Because it is a bad column for the model.").status == "incorrect"
assert q11.judge("It is known before the outcome, so it does not inflate the score.").status == "incorrect"
assert q11.judge("Keep it: days_to_contract is the strongest predictor and makes the model more accurate.").status == "incorrect"
assert q11.judge("这一列在成交之前就知道，不会让分数虚高。").status == "incorrect"
assert q11.judge("应该保留 days_to_contract，它是最强的预测变量，能让模型更准。").status == "incorrect"

# %%
q11.check(why_leaky)

# %% [markdown] lang="en"
# ## Exercise 12
#
# In two or three sentences of your own: why judge a model on held-out leads rather than on
# the leads it learned from? (Compare `model.train_auc` with `model.auc`.)

# %% [markdown] lang="zh"
# ## 练习 12
#
# 用自己的话写两三句：为什么要用留出的线索、而不是训练用的线索来评估模型？（可以比较 `model.train_auc` 和 `model.auc`。）

# %%
why_holdout = "A model always looks better on the data it has seen and learned from; what matters is how it scores new leads it has never seen, and only held-out leads show that."  # blank

# %% tags=["selftest"]
assert q12.judge("Because the teacher said so, it is the rule here.").status == "incorrect"
assert q12.judge("A model does not look better on data it has seen, and new leads do not matter.").status == "incorrect"
assert q12.judge("Judging on the training data is fine: a model scores the same on data it learned from as on new data.").status == "incorrect"
assert q12.judge("模型在见过的数据上并不会显得更好，新的数据也不重要。").status == "incorrect"
assert q12.judge("用训练数据评估就够了，模型在训练数据和新数据上一样准。").status == "incorrect"

# %%
q12.check(why_holdout)

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
