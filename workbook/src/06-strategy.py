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
# # Workbook 6 — Prospect strategy and conversion
#
# Ten exercises on the chapter's tools and data. For each one, replace `____` with your
# answer, run the cell, then run the check below it. A check never breaks your notebook:
# it says *correct*, *not yet* (with a pointer), or *not attempted*.
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
# # 练习册 6　潜在客户策略与转化
#
# 十道题，用的是本章的工具和数据。每道题把 `____` 换成你的答案，运行单元格，再运行下面的检查。
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
from course import data, strategy
from course.exercises.ch06 import *

course.set_language(LANG)
members = data.load("b2c_members")
transactions = data.load("b2c_transactions")
basket_items = data.load("b2c_basket_items")
leads = data.load("b2b_leads")

# %% [markdown] lang="en"
# ## Exercise 1
#
# Huaxin's new office printer has this feature: **two-sided (duplex) printing is switched on
# by default**. Write the **benefit** the customer gets from it — not another feature — in
# one sentence, in English or Chinese. The checker tells you if it still reads as a feature.

# %% [markdown] lang="zh"
# ## 练习 1
#
# 华信新款办公打印机有这样一个特征：**默认开启双面打印**。请用一句话写出客户从中得到的**好处**
# ——不要再写一条特征——中英文都可以。如果写出来的还像特征，检查会告诉你。

# %%
duplex_benefit = "Every job prints on both sides, so the office saves about half its paper and the paper bill drops."  # blank

# %% tags=["selftest"]
assert q1.judge("Prints on both sides automatically at 60 pages per minute").status == "incorrect"
assert q1.judge("You never queue at the printer again.").status == "incorrect"
assert q1.judge("Printing on both sides does not save any paper.").status == "incorrect"
assert q1.judge("It wastes more paper and costs more money.").status == "incorrect"
assert q1.judge("双面打印并不能省纸，也省不了钱。").status == "incorrect"
assert q1.judge("这会更费纸，也会多花钱。").status == "incorrect"

# %%
q1.check(duplex_benefit)

# %% [markdown] lang="en"
# ## Exercise 2
#
# Which of these sentences about Huaxin's switch is a **benefit**? Click your choice below,
# **or** type the option letter (`a`, `b`, `c` or `d`).

# %% [markdown] lang="zh"
# ## 练习 2
#
# 下面关于华信交换机的几句话，哪一句是**好处**？请在下面点选，**或者**直接输入选项字母（`a`、`b`、`c` 或 `d`）。

# %% tags=["nbval-ignore-output"]
q2.widget()

# %%
benefit_choice = "c"  # blank

# %% tags=["selftest"]
assert q2.judge("b").status == "incorrect"

# %%
q2.check(benefit_choice)

# %% [markdown] lang="en"
# ## Exercise 3
#
# Write a function `price_sensitivity_of(transactions, member_id, threshold=0.5)` that returns
# `"high"` when the share of the member's purchases made with a discount (`discount_used`) is
# **at least** `threshold`, and `"low"` otherwise. Pass the function itself to the check.

# %% [markdown] lang="zh"
# ## 练习 3
#
# 编写函数 `price_sensitivity_of(transactions, member_id, threshold=0.5)`：这位会员用券消费
# （`discount_used`）的比例**大于等于** `threshold` 时返回 `"high"`，否则返回 `"low"`。检查时传入函数本身。

# %%
def price_sensitivity_of(transactions, member_id, threshold=0.5):
    # BEGIN SOLUTION
    share = transactions.loc[transactions["member_id"] == member_id, "discount_used"].mean()
    return "high" if share >= threshold else "low"
    # END SOLUTION


# %% tags=["selftest"]
assert q3.judge(lambda tx, m, threshold=0.5: "high").status == "incorrect"
assert q3.judge(lambda tx, m, threshold=0.5: tx.nope).status == "error"

# %%
q3.check(price_sensitivity_of)

# %% [markdown] lang="en"
# ## Exercise 4
#
# Coupon hunters: how many members with **at least 5 purchases** used a discount on **at least
# 90 %** of them? Give a whole number. `strategy.discount_share(transactions)` is a good start.

# %% [markdown] lang="zh"
# ## 练习 4
#
# 找“优惠券猎手”：在**消费至少 5 次**的会员中，有多少人**至少 90%** 的消费用了券？请给出整数。
# 可以从 `strategy.discount_share(transactions)` 入手。

# %%
shares = strategy.discount_share(transactions)
coupon_hunters = int(((shares["purchase_count"] >= 5) & (shares["discount_share"] >= 0.9)).sum())  # blank

# %% tags=["selftest"]
assert q4.judge(int((shares["discount_share"] >= 0.9).sum())).status == "incorrect"
assert q4.judge(coupon_hunters + 1).message["en"].startswith("One too many")

# %%
q4.check(coupon_hunters)

# %% [markdown] lang="en"
# ## Exercise 5
#
# Segment the members with the chapter's defaults. Which strategy package (`package_id`)
# covers the **most** buying members?

# %% [markdown] lang="zh"
# ## 练习 5
#
# 用本章的默认设置细分会员。哪个策略包（`package_id`）覆盖的有消费会员**最多**？

# %%
segments = strategy.segment_members(members, transactions, basket_items)
biggest_package = segments["package_id"].value_counts().index[0]  # blank

# %% tags=["selftest"]
from course.exercises import labels

assert q5.judge(segments["segment"].value_counts().index[0]).status == "incorrect"
assert q5.judge(labels.display(biggest_package, "zh")).status == "correct"

# %%
q5.check(biggest_package)

# %% [markdown] lang="en"
# ## Exercise 6
#
# Among the **stalled** leads (`converted` is False), how many have **not reached the
# decision-maker**: the contact has no authority (`authority` is False) **or** the main objection
# is `"decision_maker"`? Give a whole number.

# %% [markdown] lang="zh"
# ## 练习 6
#
# 在**未成交**的线索中（`converted` 为 False），有多少条**还没接触到决策人**：对接人没有决策权
# （`authority` 为 False），**或者**主要异议是 `"decision_maker"`？请给出整数。

# %%
stalled = leads[~leads["converted"]]
no_decider = int((~stalled["authority"] | (stalled["objection"] == "decision_maker")).sum())  # blank

# %% tags=["selftest"]
assert q6.judge(int((~stalled["authority"]).sum())).status == "incorrect"

# %%
q6.check(no_decider)

# %% [markdown] lang="en"
# ## Exercise 7
#
# A school in Hefei, 380 km from Hangzhou, wants 12 printers but worries that delivery will be
# slow and nobody local can service them. Which lever do you pull first? Click below, **or**
# type the lever id (e.g. `start_from_needs`).

# %% [markdown] lang="zh"
# ## 练习 7
#
# 合肥一所学校（距杭州 380 公里）想买 12 台打印机，却担心交货慢、当地没人维修。你先用哪个转化手段？
# 请在下面点选，**或者**输入手段编号（例如 `start_from_needs`）。

# %% tags=["nbval-ignore-output"]
q7.widget()

# %%
first_lever_school = "make_buying_easy"  # blank

# %% tags=["selftest"]
assert q7.judge("lower_total_cost").status == "incorrect"

# %%
q7.check(first_lever_school)

# %% [markdown] lang="en"
# ## Exercise 8
#
# Diagnose the stalled lead **L00048**. Which lever ranks first? Answer with its id (the index
# of the diagnosis table, e.g. `"build_brand"`).

# %% [markdown] lang="zh"
# ## 练习 8
#
# 诊断未成交线索 **L00048**。排第一的转化手段是哪个？请填写手段编号（诊断表的索引，例如 `"build_brand"`）。

# %%
first_lever = strategy.diagnose(leads, "L00048").index[0]  # blank

# %% tags=["selftest"]
from course.exercises import labels

assert q8.judge("strengthen_motive").status == "incorrect"
assert q8.judge(labels.display(first_lever, "zh")).status == "correct"

# %%
q8.check(first_lever)

# %% [markdown] lang="en"
# ## Exercise 9
#
# In two or three sentences of your own: in the layered segmentation, what should the
# salesperson stress for each of the three layers (age, price sensitivity, buying motive)?

# %% [markdown] lang="zh"
# ## 练习 9
#
# 用自己的话写两三句：分层细分时，年龄、价格敏感度、购买动机这三层，分别提示业务员突出什么？

# %%
layers_stress = "For each age group stress the special function it uses; for price-sensitive customers stress safety and reliability; for the motive explain the value for money."  # blank

# %% tags=["selftest"]
assert q9.judge("First split customers by age, then by price, then by motive, and then sell to each group.").status == "incorrect"
assert q9.judge("By age stress safety; by price sensitivity stress value for money; by motive stress a special function.").status == "incorrect"
assert q9.judge("For each age group do not stress any special function; for price-sensitive buyers do not talk about safety; for the motive, never mention value for money.").status == "incorrect"
assert q9.judge("按年龄突出性价比；按价格敏感度突出特殊功能；按购买动机突出安全可靠。").status == "incorrect"
assert q9.judge("按年龄不用讲功能；对价格敏感的客户不必强调安全可靠；按动机也别谈性价比。").status == "incorrect"

# %%
q9.check(layers_stress)

# %% [markdown] lang="en"
# ## Exercise 10
#
# A prospect says "too expensive". In two or three sentences: why is cutting the price not the
# only answer?

# %% [markdown] lang="zh"
# ## 练习 10
#
# 潜在客户说“太贵了”。用两三句话回答：为什么降价不是唯一的办法？

# %%
not_only_price = "The customer pays with time and hassle as well as money, so lower the total cost (set-up, removal of the old machine) and price on the value they perceive, with leasing or instalments if the budget is tight."  # blank

# %% tags=["selftest"]
assert q10.judge("Give them a ten percent discount straight away and hope that they sign the contract soon.").status == "incorrect"
assert q10.judge("Time and hassle do not matter to the customer, and showing the value does not help.").status == "incorrect"
assert q10.judge("The only way is to cut the price: customers care about nothing but the price.").status == "incorrect"
assert q10.judge("时间和麻烦对客户来说无所谓，讲价值也没有用。").status == "incorrect"
assert q10.judge("只能降价，客户只在乎价格，别的都不重要。").status == "incorrect"

# %%
q10.check(not_only_price)

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
