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
# # Workbook 5 — The buying decision
#
# Ten exercises on the chapter's data and ideas. For each one, replace `____` with your
# answer, run the cell, then run the check below it. A check never breaks your notebook: it
# says *correct*, *not yet* (with a pointer), or *not attempted*.
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
# # 练习册 5　购买决策过程
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
from course import data, decision
from course.exercises.ch05 import *

course.set_language(LANG)
leads = data.load("b2b_leads")
orders = data.load("b2b_orders")
contacts = data.load("b2b_contacts")

# %% [markdown] lang="en"
# ## Exercise 1
#
# How many of Huaxin's leads **asked for a quote** (`asked_quote`) but have **not yet been
# sent a proposal** (`proposal_sent`)? Give a whole number.

# %% [markdown] lang="zh"
# ## 练习 1
#
# 华信的线索中，有多少条**已经询价**（`asked_quote`）但**还没收到方案**（`proposal_sent`）？请给出一个整数。

# %%
quote_waiting = int((leads["asked_quote"] & ~leads["proposal_sent"]).sum())  # blank

# %% tags=["selftest"]
assert q1.judge(int(leads["asked_quote"].sum())).status == "incorrect"
assert q1.judge("many").status == "incorrect"
assert q1.judge(quote_waiting + 1).message["en"].startswith("One too many")

# %%
q1.check(quote_waiting)

# %% [markdown] lang="en"
# ## Exercise 2
#
# Leads from accounts that **already** bought from Huaxin convert more often
# ({{ch05.existing_rate}} against {{ch05.new_rate}}). {{assert:ch05.existing_convert_more}} How many
# leads come from an account whose **first order is dated before the lead's
# `created_date`**? Use `orders` (`account_id`, `order_date`) and `leads`. Give a whole number.

# %% [markdown] lang="zh"
# ## 练习 2
#
# 来自老客户（**已经**在华信买过东西）的线索成交得更多（{{ch05.existing_rate}}，新客户为 {{ch05.new_rate}}）。{{assert:ch05.existing_convert_more}}请统计：有多少条线索所属客户的**首次下单日期早于该线索的
# `created_date`**？用 `orders`（`account_id`、`order_date`）和 `leads` 来算，给出一个整数。

# %%
already_customer = int((leads["account_id"].map(orders.groupby("account_id")["order_date"].min()) < leads["created_date"]).sum())  # blank

# %% tags=["selftest"]
assert q2.judge(int(leads["account_id"].isin(orders["account_id"]).sum())).status == "incorrect"
assert "created_date" in q2.judge(int(leads["account_id"].isin(orders["account_id"]).sum())).message["en"]

# %%
q2.check(already_customer)

# %% [markdown] lang="en"
# ## Exercise 3
#
# Infer each lead's step from its activity with `decision.lead_steps(leads)`, then compute
# the **conversion rate per step**: a Series indexed by step whose values are the share of
# leads that converted (`converted`).

# %% [markdown] lang="zh"
# ## 练习 3
#
# 用 `decision.lead_steps(leads)` 按互动行为推断每条线索的阶段，再计算**各阶段的成交率**：
# 得到一个以阶段为索引的 Series，值为该阶段线索中成交（`converted`）的比例。

# %%
rate_by_step = leads.groupby(decision.lead_steps(leads), observed=True)["converted"].mean()  # blank

# %% tags=["selftest"]
assert q3.judge(leads.groupby(decision.lead_steps(leads), observed=True)["converted"].sum()).status == "incorrect"
assert q3.judge(leads.groupby(decision.lead_steps(leads), observed=True)["asked_quote"].mean()).status == "incorrect"

# %%
q3.check(rate_by_step)

# %% [markdown] lang="en"
# ## Exercise 4
#
# For each `buying_role` in `contacts`, what **share of contacts can decide or veto**
# (`has_authority`)? Give a Series indexed by role.

# %% [markdown] lang="zh"
# ## 练习 4
#
# 在 `contacts` 中，每种采购角色（`buying_role`）里**有拍板或否决权**（`has_authority`）的联系人占多大比例？
# 请给出以角色为索引的 Series。

# %%
authority_by_role = contacts.groupby("buying_role")["has_authority"].mean()  # blank

# %% tags=["selftest"]
assert q4.judge(contacts.groupby("buying_role")["has_authority"].sum()).status == "incorrect"

# %%
q4.check(authority_by_role)

# %% [markdown] lang="en"
# ## Exercise 5
#
# Huaxin wants to sell switches to 杭州国润医院 (account `A0004`). Use
# `decision.buying_centre("A0004", contacts)` to see who is known there, and list the
# **role ids nobody is known to play yet** (from `decision.role_ids()`).

# %% [markdown] lang="zh"
# ## 练习 5
#
# 华信想向杭州国润医院（客户编号 `A0004`）推销交换机。用 `decision.buying_centre("A0004", contacts)` 看看那里已经
# 找到了哪些人，然后列出**还不知道由谁担任的角色代码**（角色代码见 `decision.role_ids()`）。

# %%
centre = decision.buying_centre("A0004", contacts)
centre

# %%
missing_roles = [role for role in decision.role_ids() if role not in set(centre["buying_role"])]  # blank

# %% tags=["selftest"]
from course.exercises import labels

assert q5.judge(sorted(set(centre["buying_role"]))).status == "incorrect"
assert q5.judge(missing_roles[:1]).status == "incorrect"
assert q5.judge([labels.display(role, "zh") for role in missing_roles]).status == "correct"  # roles in Chinese

# %%
q5.check(missing_roles)

# %% [markdown] lang="en"
# ## Exercise 6
#
# A hospital's IT office e-mails a list of technical requirements for 30 switches and asks
# to borrow a demo unit for two weeks. Which **buying step** are they in? Click below, **or**
# type the step id (`need_recognition`, `need_description`, `specification`,
# `supplier_search`, `proposals`, `supplier_selection`, `order`, `performance_review`).

# %% [markdown] lang="zh"
# ## 练习 6
#
# 某医院信息科发来 30 台交换机的技术参数清单，并提出借一台样机试用两周。对方处在哪个**采购阶段**？
# 请在下面点选，**或者**输入阶段代码（`need_recognition`、`need_description`、`specification`、`supplier_search`、
# `proposals`、`supplier_selection`、`order`、`performance_review`）。

# %% tags=["nbval-ignore-output"]
q6.widget()

# %%
step6 = "specification"  # blank

# %% tags=["selftest"]
assert q6.judge("proposals").status == "incorrect"
assert q6.judge("need_description").status == "incorrect"
assert q6.judge("产品规格").status == "correct"

# %%
q6.check(step6)

# %% [markdown] lang="en"
# ## Exercise 7
#
# A school's head of general affairs asks detailed questions about the copier, wants a
# longer warranty and checks that it fits the campus network. The school is funded by the
# district budget, but nothing is known yet about how it would pay. What is the **timing**?
# Answer `now`, `soon`, `nurture` or `drop` (you may check it with the readiness checklist).

# %% [markdown] lang="zh"
# ## 练习 7
#
# 某学校总务主任把复印机问得很细，要求延长保修，还确认能否接入校园网；学校由区财政拨款，但对方打算怎么付款还一无所知。
# 成交**时机**如何？请回答 `now`、`soon`、`nurture` 或 `drop`（可以用购买时机检查清单验证一下）。

# %%
timing7 = "soon"  # blank

# %% tags=["selftest"]
assert q7.judge("now").status == "incorrect"
assert q7.judge("nurture").status == "incorrect"

# %%
q7.check(timing7)

# %% [markdown] lang="en"
# ## Exercise 8
#
# Write a function `satisfaction(perceived, expected)` that returns `"delighted"` when the
# perceived quality is above the expectation, `"satisfied"` when it equals it, and
# `"dissatisfied"` when it falls below. Pass the function itself to the check.

# %% [markdown] lang="zh"
# ## 练习 8
#
# 编写函数 `satisfaction(perceived, expected)`：感受到的质量高于预期时返回 `"delighted"`，等于预期时返回
# `"satisfied"`，低于预期时返回 `"dissatisfied"`。检查时传入函数本身（不要加括号）。

# %%
def satisfaction(perceived, expected):
    # BEGIN SOLUTION
    gap = perceived - expected
    if gap > 0:
        return "delighted"
    if gap < 0:
        return "dissatisfied"
    return "satisfied"
    # END SOLUTION


# %% tags=["selftest"]
assert q8.judge(lambda p, e: "delighted" if p >= e else "dissatisfied").status == "incorrect"
assert q8.judge(lambda p, e: p / 0).status == "error"

# %%
q8.check(satisfaction)

# %% [markdown] lang="en"
# ## Exercise 9
#
# A customer complains that the copier installed last month keeps jamming. In a few
# sentences of your own: what do you do, and why can a complaint be an opportunity?

# %% [markdown] lang="zh"
# ## 练习 9
#
# 客户投诉上个月装的复印机老是卡纸。用几句自己的话回答：你该怎么处理？为什么说投诉也可能是机会？

# %%
complaint_plan = "Log it and answer the same day, find the root cause of the jams and fix it, then tell the customer what we changed and call back a week later; a complaint handled well is a second chance and often makes the customer more loyal."  # blank

# %% tags=["selftest"]
assert q9.judge("Say sorry to the customer and give a discount.").status == "incorrect"
assert q9.judge("Do not rush to reply, do not look for the cause, and do not bother to tell the customer anything.").status == "incorrect"
assert q9.judge("Ignore it for a week, blame the customer's paper, and tell them complaints are a waste of your time.").status == "incorrect"
assert q9.judge("不用急着回复，也不用查原因，更不必告诉客户什么。").status == "incorrect"
assert q9.judge("先拖几天再说，告诉客户是他们自己用纸不对，投诉就是浪费时间。").status == "incorrect"

# %%
q9.check(complaint_plan)

# %% [markdown] lang="en"
# ## Exercise 10
#
# In two or three sentences of your own: why is it not enough to win over the decider alone?

# %% [markdown] lang="zh"
# ## 练习 10
#
# 用两三句自己的话回答：为什么只搞定决策者还不够？

# %%
beyond_decider = "The other members of the buying centre care about different things, such as technical fit, price and ease of use, and several of them can shape the specification, block access or even veto the choice."  # blank

# %% tags=["selftest"]
assert q10.judge("Because the decider is very busy and hard to meet.").status == "incorrect"
assert q10.judge("The others have no influence and cannot block anything; they all want the same thing.").status == "incorrect"
assert q10.judge("Only the decider matters: the rest of the buying centre has no say, so ignore them.").status == "incorrect"
assert q10.judge("其他人影响不了决定，也不能否决，大家关心的都一样。").status == "incorrect"
assert q10.judge("只有决策者说了算，其他人说了不算，不用管他们。").status == "incorrect"

# %%
q10.check(beyond_decider)

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
