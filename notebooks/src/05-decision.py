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
# due for replacement this summer:

# %% [markdown] lang="zh"
# 华信的联系人表记录了每个人的采购角色、有没有拍板或否决权，以及性格类型和目标类型（见第三章）。
# `buying_centre` 会把一家单位的相关人员按角色排好，并附上每个角色关心的事。以杭州明远精密机械（A0042）为例，
# 这家单位的复印机今年夏天就该更换了：

# %%
centre = decision.buying_centre("A0042", contacts)
course.labels(centre[["contact_name", "job_title", "role", "has_authority", "personality", "goal", "cares_about"]])

# %% [markdown] lang="en"
# Two people act as buyers and one of them can veto; nobody is recorded as the gatekeeper
# yet. `buying_centre_gaps` lists the roles still to be found:

# %% [markdown] lang="zh"
# 这家单位有两名采购者，其中一人有否决权；把关者还没有记录。`buying_centre_gaps` 会列出还没找到人的角色：

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
course.labels(decision.step_details())

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
# Huaxin's lead list has no "step" column, but it records activity: whether the prospect
# asked for a quote (`asked_quote`) or a trial (`requested_trial`), whether we sent a
# proposal (`proposal_sent`), the number of visits (`site_visits`) and an engagement score.
# The course proposes these rules, tried from top to bottom — the first that fits decides:

# %% [markdown] lang="zh"
# ## 5. 每条线索走到了哪一步？
#
# 华信的线索表里没有“阶段”这一列，但记录了互动行为：是否询价（`asked_quote`）、是否要求试用（`requested_trial`）、
# 我方是否已发方案（`proposal_sent`）、拜访次数（`site_visits`）和互动得分。本课程提出下面这套规则，
# 从上往下逐条核对，先符合哪条就算哪一步：

# %%
course.labels(decision.lead_rules())

# %% [markdown] lang="en"
# `lead_steps` applies the rules to all leads at once with `numpy.select`. The thresholds
# are parameters (`order_visits=2`, `search_visits=1`, and `engagement_cut`, which defaults
# to the median engagement). For the first rule it checks whether the account had ordered
# **before the lead was created** — counting the order a lead itself produced would let the
# outcome decide the step.

# %% [markdown] lang="zh"
# `lead_steps` 用 `numpy.select` 一次性给所有线索套用这些规则。门槛都是参数（`order_visits=2`、`search_visits=1`，
# 以及默认取互动得分中位数的 `engagement_cut`）。第一条规则要判断客户是否**在线索创建之前**就下过单——
# 如果把这条线索自己带来的订单也算上，就等于让结果反过来决定阶段了。

# %%
steps = decision.lead_steps(leads, orders)
pipeline = decision.pipeline_by_step(steps, leads["converted"])
course.labels(pipeline.round(3))

# %%
decision.plot_pipeline(pipeline)

# %% [markdown] lang="en"
# The first rule dominates: 1,641 of the 3,000 leads (55%) come from accounts that already
# buy from Huaxin, and they bring 558 of the 562 wins. Huaxin's new deals come almost
# entirely from existing customers — which is why the after-sales part of this chapter
# matters so much.
#
# For those leads the first rule says where the *relationship* stands, not where the new
# *deal* stands. Switch the rule off (leave out `orders`) and the activity alone places
# every lead:

# %% [markdown] lang="zh"
# 第一条规则占了大头：3000 条线索中有 1641 条（55%）来自已经在华信采购的客户，562 笔成交里有 558 笔出自这些线索。
# 华信的新订单几乎全部来自老客户——这也是本章后半部分讲售后的原因。
#
# 对这些线索来说，第一条规则说明的是双方*关系*所处的阶段，而不是这笔新*生意*进行到了哪一步。
# 把这条规则关掉（不传 `orders`），只看互动行为，每条线索的阶段就是：

# %%
activity_pipeline = decision.pipeline_by_step(decision.lead_steps(leads), leads["converted"])
course.labels(activity_pipeline.round(3))

# %%
decision.plot_pipeline(activity_pipeline, title_key="ch05.pipeline.title_activity")

# %% [markdown] lang="en"
# Now the pattern is clear: no lead converts before a quote is asked for, about one in
# eight converts at the proposal step, and roughly two in three once a proposal is with the
# customer. The step tells a rep what to do next; the conversion rate tells the manager
# where the pipeline's value sits.

# %% [markdown] lang="zh"
# 这样规律就很清楚了：客户询价之前，没有一条线索成交；到了征求建议书阶段，大约八条成一条；
# 方案递到客户手里之后，成交的大约有三分之二。阶段告诉销售员下一步做什么，成交率则告诉主管管道里的价值在哪里。

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
course.labels(decision.gap_table())

# %% [markdown] lang="en"
# A short after-sales survey asks eight Huaxin customers, on a 1–5 scale, what quality they
# expected and what they now experience. `gap_outcomes` computes the gap and the outcome for
# each (a `tolerance` parameter can treat small gaps as "met"):

# %% [markdown] lang="zh"
# 一份简短的售后问卷请八家华信客户按 1–5 分回答：当初预期的质量，以及现在实际感受到的质量。
# `gap_outcomes` 为每家算出差距和结果（可以用 `tolerance` 参数把小差距视为“持平”）：

# %%
survey = decision.gap_outcomes(decision.example_survey()).set_index("account_id").rename_axis(None)
course.labels(survey[["expected", "perceived", "gap", "consequence"]])

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
course.labels(repeat[["tickets_checked", "reorder_rate", "rate_satisfied", "rate_dissatisfied"]].round(3))

# %%
decision.plot_repeat_after_tickets(repeat)

# %% [markdown] lang="en"
# A complaint is no sign that the customer is gone: complaint tickets are followed by a new
# order at least as often as any other kind. The next table shows why — the accounts that
# complain most are the ones that use Huaxin most:

# %% [markdown] lang="zh"
# 投诉并不意味着客户要走了：投诉工单之后再下单的比例，不低于其他任何一类工单。下表说明了原因——
# 投诉最多的客户，恰恰是用华信产品最多的客户：

# %%
course.labels(decision.complaints_by_account(tickets, orders).round(1))

# %% [markdown] lang="en"
# Your heaviest users are the ones with the most reasons to complain, and the most orders to
# lose. That is why every complaint deserves a fast, thorough answer, and why the work does
# not stop at the sale:

# %% [markdown] lang="zh"
# 用得最多的客户最容易遇到问题，也最有可能带来更多订单。所以每一次投诉都要快速、彻底地处理，
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
# - Signals reveal the step; activity data places every lead in the pipeline — and shows that
#   wins come once a quote or proposal is on the table.
# - Desire (of 5 signs) and purchasing power (of 2) together set the timing and the next step.
# - Perceived quality above expectation delights, equal satisfies, below dissatisfies.
#   Handle complaints fast and well, and follow up: repeat orders come from existing customers.

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
# - 信号透露阶段；互动数据能给管道里的每条线索定位——也显示出只有进入报价或方案阶段，才会有成交。
# - 购买欲望（五个信号）和购买力（两个信号）结合起来，决定成交时机和下一步行动。
# - 感受到的质量高于预期会惊喜，持平则满意，低于预期就不满。投诉要处理得又快又好，还要回访：重复订单来自老客户。
