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
# # Chapter 5 — The buying decision
#
# Knowing *who* might buy is half the job. The other half is knowing **where they are in
# their decision** and what nudges them one step further. A prospect who has only heard of
# you needs something quite different from one comparing your proposal with a rival's.
#
# **Learning goals.** After this chapter you can
#
# 1. name the factors behind a consumer's choice (cultural, social, personal) and an
#    organisation's (environmental, organisational, interpersonal, individual);
# 2. map an account's buying centre: who decides, influences, buys, uses and guards the door,
#    and what each of them cares about;
# 3. walk through the consumer's five steps and the organisation's eight, and say what the
#    company should do at each;
# 4. read a prospect's behaviour as signals of a step, and infer the step of every lead in a
#    list from its activity data;
# 5. score desire and purchasing power and turn the score into timing and a next step;
# 6. explain satisfaction as perceived quality against expectation, and what complaints and
#    follow-up visits have to do with repeat orders.
#
# As before, the B2B examples come from **华信办公设备 (Huaxin Office Equipment)** and the
# consumer ones from **悦享生活馆 (Yuexiang Living)**.

# %% [markdown] lang="zh"
# # 第五章　购买决策过程
#
# 知道*谁*可能会买，只完成了一半工作；另一半是弄清楚**对方的决策走到了哪一步**，以及怎样推他往前再走一步。
# 刚听说你的人，和正拿你的方案跟对手逐条比较的人，需要的东西完全不一样。
#
# **学习目标**　学完本章，你能够：
#
# 1. 说出影响个人消费者选择的因素（文化、社会、个人），以及影响单位采购的因素（环境、组织、人际、个人）；
# 2. 画出一家客户单位的采购中心：谁拍板、谁施加影响、谁具体采购、谁使用、谁把关，他们各自关心什么；
# 3. 说清消费者购买的五个步骤和单位采购的八个步骤，以及企业在每一步该做什么；
# 4. 把潜在客户的言行当作信号，判断其所处阶段；并根据互动数据推断线索清单上每条线索的阶段；
# 5. 给购买欲望和购买力打分，据此判断成交时机和下一步行动；
# 6. 用“感受到的质量与预期之差”解释满意度，并说明投诉处理、售后回访和重复购买之间的关系。
#
# 和前几章一样，单位采购的例子来自**华信办公设备**，个人消费的例子来自**悦享生活馆**。

# %% tags=["parameters"]
LANG = "en"

# %%
from IPython.display import Markdown

import course
from course import content, data, decision
from course.widgets.ch05 import BuyingCentreViewer, ReadinessChecklist, StepFinder

course.set_language(LANG)
leads = data.load("b2b_leads")
orders = data.load("b2b_orders")
accounts = data.load("b2b_accounts")
contacts = data.load("b2b_contacts")
tickets = data.load("b2b_tickets")
len(leads), len(orders), len(contacts), len(tickets)

# %% [markdown] lang="en"
# ## 1. What shapes a consumer's choice
#
# Long before a shopper meets a salesperson, three layers of influence are at work. The
# **cultural** layer is the deepest; the **social** and **personal** layers sit on top of it.

# %% [markdown] lang="zh"
# ## 1. 影响个人消费者选择的因素
#
# 顾客还没见到销售员，就已经受到三层因素的影响。**文化**因素最根本，**社会**因素和**个人**因素叠在它上面。

# %%
content.show("consumer_factors", ["name", "explanation", "examples"])

# %% [markdown] lang="en"
# ## 2. What shapes an organisation's choice
#
# An organisation does not buy on a whim. Four groups of factors weigh on every purchase,
# from the economy outside down to the person signing the form:

# %% [markdown] lang="zh"
# ## 2. 影响单位采购的因素
#
# 单位买东西不会一时兴起。每一笔采购都受四类因素左右，从外部的经济大环境，一直到具体签字的那个人：

# %%
content.show("organisational_factors", ["name", "explanation", "examples"])

# %% [markdown] lang="en"
# ### The buying centre
#
# The **interpersonal** factor deserves a closer look. Several people take part in a
# purchase, each in a different role and each watching for something different:

# %% [markdown] lang="zh"
# ### 采购中心
#
# **人际因素**值得细看。一笔采购往往有好几个人参与，每人扮演的角色不同，盯的东西也不同：

# %%
content.show("buying_centre_roles", ["name", "explanation", "cares_about"])

# %% [markdown] lang="en"
# Huaxin's contact list records each person's role, whether they can decide or veto, and
# their personality and goal type (Chapter 3). `buying_centre` puts one account's people in
# role order with what each role cares about. Take 杭州明远精密机械 (A0042), whose copier is
# due for replacement around now ({{ch02.a0042.next_due}}):

# %% [markdown] lang="zh"
# 华信的联系人表记录了每个人的采购角色、有没有拍板或否决权，以及性格类型和目标类型（见第三章）。
# `buying_centre` 会把一家单位的相关人员按角色排好，并附上每个角色关心的事。以杭州明远精密机械（A0042）为例，
# 这家单位的复印机眼下就该更换了（预计 {{ch02.a0042.next_due}} 到期）：

# %%
centre = decision.buying_centre("A0042", contacts)
course.table(centre[["contact_name", "job_title", "role", "has_authority", "personality", "goal", "cares_about"]])

# %% [markdown] lang="en"
# Several people are known here, but not every role is covered. {{assert:ch05.a0042_has_gaps}}
# `buying_centre_gaps` lists the roles still to be found:

# %% [markdown] lang="zh"
# 这家单位已经记录了好几个人，但并不是每个角色都有人对应。{{assert:ch05.a0042_has_gaps}}
# `buying_centre_gaps` 会列出还没找到人的角色：

# %%
decision.buying_centre_gaps(centre, named=True)

# %% [markdown] lang="en"
# Browse other accounts: the note under the table names the roles nobody is known to play.

# %% [markdown] lang="zh"
# 换几家单位看看：表格下方会提示哪些角色还没有找到对应的人。

# %% tags=["nbval-ignore-output"]
BuyingCentreViewer(contacts, accounts, account_id="A0042")

# %% [markdown] lang="en"
# ## 3. The consumer's five steps
#
# A consumer rarely jumps straight to buying. They pass through five steps, and the
# company's job changes at each one:

# %% [markdown] lang="zh"
# ## 3. 消费者购买的五个步骤
#
# 消费者很少一下子就决定购买，通常要走过五个步骤。每一步，企业要做的事都不一样：

# %%
content.show("consumer_steps", ["name", "state", "company_action"])

# %% [markdown] lang="en"
# You cannot see a step directly, but you can see what people do. These are the signals
# Yuexiang's staff watch for:

# %% [markdown] lang="zh"
# 步骤本身看不见，但人的行为看得见。下面是悦享生活馆店员留意的各种信号：

# %%
content.show("consumer_steps", ["name", "signals"])

# %% [markdown] lang="en"
# ## 4. The organisation's eight steps
#
# Organisations buy in more steps, with more people and more paperwork. From the first
# sign of a need to judging the supplier after delivery:

# %% [markdown] lang="zh"
# ## 4. 单位采购的八个步骤
#
# 单位采购的步骤更多，参与的人更多，手续也更多。从需求冒头，一直到交货后评估供应商：

# %%
content.show("business_steps", ["name", "explanation", "company_action"])

# %% [markdown] lang="en"
# Three steps deserve their details: where needs come from, what a supplier is chosen on,
# and what the contract must settle.

# %% [markdown] lang="zh"
# 其中三步要展开说：需求从哪里来、凭什么选供应商、合同要谈定哪些内容。

# %%
course.table(decision.step_details())

# %% [markdown] lang="en"
# ### From signals to a step
#
# `likely_step` takes the signals you observed and returns the furthest step they point to:
# someone who asks for a formal quote has obviously already been looking for suppliers.
# Here, a hospital's purchasing office asked for Huaxin's references and then set a deadline
# for proposals:

# %% [markdown] lang="zh"
# ### 从信号判断阶段
#
# `likely_step` 根据你观察到的信号，找出其中走得最远的那一步：对方都要求正式报价了，显然已经在物色供应商。
# 比如，一家医院的采购办先是索要了华信的案例客户名单，后来又给出了方案提交截止日期：

# %%
found = decision.likely_step(["supplier_search.1", "proposals.2"], mode="business")
found["name"], found["action"]

# %% [markdown] lang="en"
# Try the **step finder**: pick consumer or organisation, tick what you have seen, and read
# the likely step, what to do, and why.

# %% [markdown] lang="zh"
# 试试下面的**阶段判断器**：先选个人消费者还是单位，再勾选你观察到的行为，就能看到对方可能所处的阶段、该怎么做以及判断依据。

# %% tags=["nbval-ignore-output"]
StepFinder("business")

# %% [markdown] lang="en"
# ## 5. Where does each lead stand?
#
# Huaxin's lead list has no "step" column, but it records what has happened in each sale: whether the
# customer asked for a quote (`asked_quote`) or a trial (`requested_trial`), whether we sent a written
# proposal (`proposal_sent`), the furthest funnel stage (`stage`) — and what was known before the sale
# began, such as website visits (`site_visits`) and an engagement score.
#
# That difference matters, so the course keeps **one rule** for it, taught here and used again in
# Chapters 6 and 7. Every column of the lead table becomes known at one of three moments:

# %% [markdown] lang="zh"
# ## 5. 每条线索走到了哪一步？
#
# 华信的线索表里没有“阶段”这一列，但记录了每一单生意里已经发生的事：客户是否询价（`asked_quote`）、是否要求试用
# （`requested_trial`）、我方是否已发书面方案（`proposal_sent`）、走到的最远漏斗阶段（`stage`）——还有销售开始之前就知道的信息，
# 比如网站访问次数（`site_visits`）和互动得分。
#
# 这两类信息的区别很要紧，所以本课程只定**一条规则**，在这里讲清楚，第六章、第七章还会用到。线索表的每一列，
# 都在下面三个时刻之一才能知道：

# %%
course.table(decision.when_known())

# %% [markdown] lang="en"
# Columns filled in **during** the sale say where an open deal stands, so they are exactly what you need
# to choose the next move on *that* deal — in this section, and with the conversion levers of Chapter 6.
# They cannot tell you which *new* leads to work: a lead nobody has touched has no quote, no proposal and
# no stage yet, and on a closed lead they record how far the sale went. That is why the lead model of
# Chapter 7 may use only what is known **before** the sale.
#
# The course proposes these rules for the step a lead's deal has reached, tried from top to bottom — the
# first that fits decides. Whether the account already buys from Huaxin is deliberately *not* a rule: that
# is the relationship, not where this deal stands.

# %% [markdown] lang="zh"
# **销售过程中**才产生的列，说明的是一单在跟的生意走到了哪里，所以它们恰好是决定*这一单*下一步怎么做所需要的——
# 本节如此，第六章的转化手段也是如此。可它们不能告诉你该去跟进哪些*新*线索：一条还没人碰过的线索，既没有询价，
# 也没有方案和阶段可言；而在已经结束的线索上，这些列记录的是这单推进到了哪一步。所以第七章的线索模型只能用
# **销售开始前**就知道的信息。
#
# 本课程提出下面这套规则来判断每条线索的这一单走到了哪个采购阶段，从上往下逐条核对，先符合哪条就算哪一步。
# 客户是否已经在华信买过东西，特意*不*作为规则：那说明的是双方的关系，而不是这一单走到了哪里。

# %%
course.table(decision.lead_rules())

# %% [markdown] lang="en"
# `lead_steps` applies the rules to all leads at once with `numpy.select`; the thresholds are parameters
# (`search_visits=1`, and `engagement_cut`, which defaults to the median engagement). Step 8, the
# performance review, comes after the order, so no lead is placed there. {{assert:ch05.performance_review_empty}}
# `pipeline_by_step` counts each step's leads by where they stand today — {{ch05.open_leads}} are still open —
# and gives the conversion among the closed ones (an open lead has not lost yet):

# %% [markdown] lang="zh"
# `lead_steps` 用 `numpy.select` 一次性给所有线索套用这些规则；门槛都是参数（`search_visits=1`，以及默认取互动得分中位数的
# `engagement_cut`）。第 8 步绩效评估发生在下单之后，所以不会有线索落在这一步。{{assert:ch05.performance_review_empty}}
# `pipeline_by_step` 按每条线索今天的状态分别计数——仍在跟进的有 {{ch05.open_leads}} 条——成交率只按已经结束的线索计算
# （还在跟进的线索谈不上丢单）：

# %%
steps = decision.lead_steps(leads)
pipeline = decision.pipeline_by_step(steps, status=leads["lead_status"])
course.table(pipeline)

# %%
decision.plot_pipeline(pipeline)

# %% [markdown] lang="en"
# Among the closed leads, none won before a quote request or a proposal was on the table.
# {{assert:ch05.no_win_before_quote_or_proposal}} A quote request alone is no promise: only {{ch05.rate_proposals}}
# of the leads that stopped there won, against {{ch05.rate_order}} of those with a proposal at the plan stage.
# {{assert:ch05.proposal_matters}} This is how Huaxin's sales run (the data's generator works each lead step by
# step, `course/datagen/effects.py`): customers usually ask for a price before the proposal, and
# {{ch05.wins_with_quote}} of the wins did; the rest were offers a rep sent without being asked.
# {{assert:ch05.some_wins_without_quote}} So the step tells a rep what to do next — most open leads stand at
# *{{ch05.busiest_open_step}}* — and the conversion rate tells the manager where the pipeline's value sits.
#
# The relationship, left out of the steps on purpose, is worth its own look. It is known before any
# contact, so it is fair to use when deciding whom to call:

# %% [markdown] lang="zh"
# 在已经结束的线索中，没有一条是在询价或发方案之前成交的。{{assert:ch05.no_win_before_quote_or_proposal}}
# 光是询了价，并不代表会成交：停在这一步的线索只有 {{ch05.rate_proposals}} 成交了，而已发方案并进入制定方案阶段的线索，
# 成交率是 {{ch05.rate_order}}。{{assert:ch05.proposal_matters}}这就是华信的销售流程（数据生成程序把每条线索一步步走下来，
# 见 `course/datagen/effects.py`）：客户一般先问价、再看方案，成交的线索中有 {{ch05.wins_with_quote}} 询过价，
# 其余是销售员没等客户开口就主动发了方案。{{assert:ch05.some_wins_without_quote}}所以，阶段告诉销售员下一步做什么——
# 仍在跟进的线索大多停在“{{ch05.busiest_open_step}}”——成交率则告诉主管管道里的价值在哪里。
#
# 特意没有放进阶段规则的客户关系，值得单独看一看。它在任何接触之前就已知道，用来决定先给谁打电话完全合理：

# %%
course.table(decision.conversion_by_relationship(leads, orders))

# %% [markdown] lang="en"
# {{ch05.existing_share}} of the leads come from accounts that had already ordered before the lead was created,
# and they convert more often: {{ch05.existing_rate}} against {{ch05.new_rate}} for accounts that have not bought
# yet. {{assert:ch05.existing_convert_more}} Existing customers are Huaxin's best source of new deals — which is
# why the after-sales part of this chapter matters so much.

# %% [markdown] lang="zh"
# {{ch05.existing_share}} 的线索来自在线索创建之前就已下过单的客户，这些线索也更容易成交：成交率 {{ch05.existing_rate}}，
# 而还没买过的客户只有 {{ch05.new_rate}}。{{assert:ch05.existing_convert_more}}老客户是华信新订单最好的来源——
# 这也是本章后半部分要讲售后的原因。

# %% [markdown] lang="en"
# ## 6. Desire and purchasing power: when will they buy?
#
# Chapter 1 introduced the five signs of buying desire and the two signs of purchasing
# power. Used as a **checklist**, they give a score — desire out of 5, power out of 2 — and
# the score gives the timing: desire is high from three signs, power only with both.

# %% [markdown] lang="zh"
# ## 6. 购买欲望和购买力：对方什么时候会买？
#
# 第一章介绍过购买欲望的五个信号和购买力的两个信号。把它们当作**检查清单**来用，就能打出分数——欲望满分 5，
# 购买力满分 2——再由分数得出时机：欲望信号有三个及以上算高，购买力要两项都确认才算高。

# %%
content.show("desire_signs", ["name", "explanation"])

# %%
content.show("power_signs", ["name", "explanation"])

# %% [markdown] lang="en"
# A school's head of general affairs asks about pages per minute and toner cost, haggles
# over the warranty, and checks the copier fits the campus network; the school is paid from
# the district budget, but how it would pay is still unknown. Desire 3 of 5, power 1 of 2:

# %% [markdown] lang="zh"
# 某学校的总务主任问了每分钟出多少页、每页墨粉成本多少，在保修期上讨价还价，还确认复印机能不能接入校园网；
# 学校由区财政拨款，但具体怎么付款还不清楚。欲望 3/5，购买力 1/2：

# %%
ready = decision.readiness(["product_interest", "deal_attention", "other_needs_fit"], ["credit"])
ready["timing_name"], ready["advice"], ready["to_probe"]

# %% [markdown] lang="en"
# Tick the signs for a prospect of your own and read the timing, the next step and what is
# still to be found out:

# %% [markdown] lang="zh"
# 拿你手上的一个潜在客户来勾选一遍，看看成交时机、下一步行动，以及还有哪些情况需要摸清：

# %% tags=["nbval-ignore-output"]
ReadinessChecklist()

# %% [markdown] lang="en"
# ## 7. After the purchase
#
# The sale starts a chain, and each link depends on the one before:

# %% [markdown] lang="zh"
# ## 7. 购买之后
#
# 成交之后是一条链，每一环都取决于前一环：

# %%
Markdown(" → ".join(content.text("after_purchase")["chain"]))

# %% [markdown] lang="en"
# Whether the first link holds depends on the **gap** between the quality the customer now
# perceives and the quality they expected:

# %% [markdown] lang="zh"
# 第一环能不能扣牢，取决于客户现在**感受到的质量**和当初**预期的质量**之间的差距：

# %%
course.table(decision.gap_table())

# %% [markdown] lang="en"
# A short after-sales survey asks eight Huaxin customers, on a 1–5 scale, what quality they
# expected and what they now experience. `gap_outcomes` computes the gap and the outcome for
# each (a `tolerance` parameter can treat small gaps as "met"):

# %% [markdown] lang="zh"
# 一份简短的售后问卷请八家华信客户按 1–5 分回答：当初预期的质量，以及现在实际感受到的质量。
# `gap_outcomes` 为每家算出差距和结果（可以用 `tolerance` 参数把小差距视为“持平”）：

# %%
survey = decision.gap_outcomes(decision.example_survey()).set_index("account_id")
course.table(survey[["expected", "perceived", "gap", "consequence"]])

# %% [markdown] lang="en"
# Dissatisfied customers complain — if you are lucky. How the complaint is handled decides
# what happens next:

# %% [markdown] lang="zh"
# 不满意的客户会投诉——如果你运气好的话。投诉怎么处理，决定了接下来会发生什么：

# %%
Markdown(content.text("after_purchase")["complaints"])

# %% [markdown] lang="en"
# ### Complaints and repeat orders in the data
#
# Huaxin's service tickets record the kind of ticket and, when the customer was surveyed,
# whether they ended up satisfied. `ticket_follow_up` checks, for every ticket opened at
# least a year before the data's date, whether the account ordered again within a year:

# %% [markdown] lang="zh"
# ### 数据里的投诉与重复购买
#
# 华信的售后工单记录了工单类型，回访过的还记录了客户最后是否满意。`ticket_follow_up` 会检查每张工单
# （只取数据日期一年以前开出的）之后一年内，该客户有没有再下单：

# %%
follow_up = decision.ticket_follow_up(tickets, orders, window_days=365)
repeat = decision.repeat_after_tickets(follow_up)
course.table(repeat[["tickets_checked", "reorder_rate", "rate_satisfied", "rate_dissatisfied"]])

# %% [markdown] lang="en"
# The table agrees with the gap model above: after every kind of ticket, the customers who ended up
# dissatisfied ordered again less often than the satisfied ones. {{assert:ch05.dissatisfied_reorder_less}}
# Over all surveyed tickets, {{ch05.reorder_satisfied}} of satisfied customers ordered again within a year, but
# only {{ch05.reorder_dissatisfied}} of dissatisfied ones. What decides the repeat order is how the problem ended,
# not that there was one:

# %% [markdown] lang="zh"
# 这张表和上面的差距模型说法一致：无论哪类工单，最后不满意的客户再次下单的比例都低于满意的客户。
# {{assert:ch05.dissatisfied_reorder_less}}把所有回访过的工单合起来看，满意的客户一年内有 {{ch05.reorder_satisfied}} 再次下单，
# 不满意的只有 {{ch05.reorder_dissatisfied}}。决定客户会不会再买的，是问题最后解决得怎么样，而不是出没出过问题：

# %%
decision.plot_repeat_after_tickets(repeat)

# %% [markdown] lang="en"
# Complaint tickets are followed by a new order in {{ch05.complaint_rate}} of cases, and they end dissatisfied
# more often than any other kind ({{ch05.complaints_mostly_dissatisfied_share}} of those surveyed).
# {{assert:ch05.complaints_most_dissatisfied}} Yet a complaint is no sign that the customer is gone, and the next
# table shows why: the accounts that complain most are the ones that order most.
# {{assert:ch05.heavy_users_complain}}

# %% [markdown] lang="zh"
# 投诉工单之后一年内再下单的比例是 {{ch05.complaint_rate}}；投诉以不满意告终的比例也高于其他各类工单
# （回访过的投诉中占 {{ch05.complaints_mostly_dissatisfied_share}}）。{{assert:ch05.complaints_most_dissatisfied}}
# 不过，投诉并不意味着客户要走了，下表说明了原因：投诉最多的客户，恰恰是下单最多的客户。{{assert:ch05.heavy_users_complain}}

# %%
course.table(decision.complaints_by_account(tickets, orders), decimals=1)

# %% [markdown] lang="en"
# Your heaviest users are the ones with the most reasons to complain, and the most orders to lose if a
# complaint ends badly. That is why every complaint deserves a fast, thorough answer, and why the work
# does not stop at the sale:

# %% [markdown] lang="zh"
# 用得最多的客户最容易遇到问题；投诉处理不好，丢掉的订单也最多。所以每一次投诉都要快速、彻底地处理，
# 成交之后的工作也不能停：

# %%
Markdown(content.text("after_purchase")["follow_up"])

# %% [markdown] lang="en"
# ## Exercises
#
# Open `workbook/en/05-decision.ipynb`: ten exercises — counting leads by activity, checking
# which leads come from existing customers, conversion by step, authority by buying role,
# the missing roles at a hospital, a buying step and a timing to choose (one by clicking), a
# satisfaction function of your own, and two short answers in your own words.
#
# ## Recap
#
# - Consumers are moved by cultural, social and personal factors; organisations by
#   environmental, organisational, interpersonal and individual ones.
# - A buying centre has deciders, influencers, buyers, users and gatekeepers, each caring
#   about something different; find every one of them before you quote.
# - Consumers go from awareness through interest, evaluation and trial to adoption;
#   organisations from need recognition to performance review in eight steps. Each step
#   asks something different of the company.
# - Signals reveal the step; what happened in each sale places every lead in the pipeline — and shows
#   that wins come once a quote or proposal is on the table. {{assert:ch05.no_win_before_quote_or_proposal}}
# - One rule for lead columns: *before* the sale, *during* it, or *after* the outcome. During-sale columns
#   guide the next move on an open deal; only before-sale columns may rank new leads.
# - Desire (of 5 signs) and purchasing power (of 2) together set the timing and the next step.
# - Perceived quality above expectation delights, equal satisfies, below dissatisfies.
#   Dissatisfied customers order again less often; handle complaints fast and well, and follow up.
#   {{assert:ch05.dissatisfied_reorder_less}}

# %% [markdown] lang="zh"
# ## 练习
#
# 打开 `workbook/zh/05-decision.ipynb`：共十道题——按互动行为数线索、找出来自老客户的线索、各阶段成交率、
# 各采购角色的决策权占比、一家医院还缺哪些角色、判断采购阶段和成交时机（其中一道用点选作答）、
# 自己写一个满意度函数，以及两道用自己的话作答的简答题。
#
# ## 小结
#
# - 影响个人消费者的是文化、社会和个人因素；影响单位采购的是环境、组织、人际和个人因素。
# - 采购中心里有决策者、影响者、采购者、使用者和把关者，各自关心的东西不同；报价之前要把他们一一找出来。
# - 消费者从了解、兴趣、评价、试用走到采用；单位采购从需求确认到绩效评估共八步。每一步对企业的要求都不一样。
# - 信号透露阶段；每单生意里已经发生的事能给管道里的每条线索定位——也显示出只有进入报价或方案阶段，才会有成交。
#   {{assert:ch05.no_win_before_quote_or_proposal}}
# - 线索表各列只有一条规则：*销售前*、*销售中*、*有结果后*。销售中的列用来决定在跟的这一单下一步怎么做；
#   只有销售前的列才能用来给新线索排序。
# - 购买欲望（五个信号）和购买力（两个信号）结合起来，决定成交时机和下一步行动。
# - 感受到的质量高于预期会惊喜，持平则满意，低于预期就不满。不满意的客户再次下单更少；投诉要处理得又快又好，还要回访。
#   {{assert:ch05.dissatisfied_reorder_less}}
