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
# # Chapter 6 — Prospect strategy and conversion
#
# Finding and qualifying prospects is half the job; the other half is turning them into
# customers. This chapter gives you three working tools for that: a way to say what your
# product does *for the buyer*, a way to split customers into classes that each get their
# own strategy, and a checklist of nine levers that tells you what to try when a prospect
# has gone quiet.
#
# **Learning goals.** After this chapter you can
#
# 1. turn product features into benefits and one-line pitches, and tell a benefit from a feature;
# 2. segment customers in three layers — age, price sensitivity, buying motive — and attach
#    a strategy package to each class;
# 3. estimate price sensitivity from discount use and a buying motive from the basket;
# 4. name the nine levers that convert prospects, and diagnose a stalled lead from its data:
#    which levers apply, in what order, and why.
#
# As before, the examples use **华信办公设备 (Huaxin Office Equipment)**, the Hangzhou dealer
# in copiers, switches and service plans, and **悦享生活馆 (Yuexiang Living)**, the store
# chain with a membership card.

# %% [markdown] lang="zh"
# # 第六章　潜在客户策略与转化
#
# 找到并筛选出潜在客户只完成了一半，另一半是把他们变成真正的客户。本章给你三件趁手的工具：
# 一是把产品*对客户的用处*说清楚；二是把客户分成几类，每类配一套策略；三是一张包含九个转化手段的清单，
# 潜在客户没了动静时，照着它就知道下一步该做什么。
#
# **学习目标**　学完本章，你能够：
#
# 1. 把产品特征变成客户得到的好处，再浓缩成一句话卖点，并能分清好处和特征；
# 2. 按年龄、价格敏感度、购买动机三层细分客户，为每一类配上策略包；
# 3. 从用券情况估计价格敏感度，从购物篮推断购买动机；
# 4. 说出促成潜在客户转化的九个手段，并根据一条停滞线索的数据诊断该用哪些手段、先后顺序和理由。
#
# 例子仍然来自两家虚构企业：杭州的办公设备经销商**华信办公设备**（复印机、交换机、维保套餐），
# 以及实行会员制的连锁店**悦享生活馆**。

# %% tags=["parameters"]
LANG = "en"

# %%
from IPython.display import Markdown

import course
from course import content, data, strategy
from course.widgets.ch06 import LeverDiagnosis, SegmentExplorer, SellingPointsBuilder

course.set_language(LANG)
members = data.load("b2c_members")
transactions = data.load("b2c_transactions")
basket_items = data.load("b2c_basket_items")
leads = data.load("b2b_leads")
accounts = data.load("b2b_accounts")
len(members), len(transactions), len(basket_items), len(leads)

# %% [markdown] lang="en"
# ## 1. Features, benefits and the one-line pitch
#
# Nobody buys a specification. A buyer pays for what the specification changes in their day.
# So before a visit, work through each product in three columns:
#
# 1. **feature** — what the product is or has;
# 2. **benefit** — what the customer gains after buying it;
# 3. **pitch** — that benefit squeezed into one line you can say in the first minute.
#
# Here is the table for Huaxin's best-selling copier:

# %% [markdown] lang="zh"
# ## 1. 特征、好处和一句话卖点
#
# 没有人是为了参数掏钱的，客户买的是参数给他的日子带来的变化。所以拜访之前，把每个产品按三栏过一遍：
#
# 1. **特征**：产品是什么、有什么；
# 2. **好处**：客户买了以后得到什么；
# 3. **卖点**：把好处压成一句话，见面第一分钟就能说出口。
#
# 下面是华信卖得最好的那款复印机的三栏表：

# %%
course.table(strategy.selling_points("mfp_copier").drop(columns="product_name"))

# %% [markdown] lang="en"
# ### Benefit or feature? Ask "so what?"
#
# The commonest mistake is to write a second feature in the benefit column. The test is
# simple: after the sentence, imagine the customer asking "so what?". If the question still
# makes sense, you wrote a feature. If the sentence already answers it, you wrote a benefit.
#
# `strategy.benefit_feedback` is a rough coach for this. It looks for the words benefits
# tend to use ("saves", "so you can", "不用再") and the words features tend to use
# ("supports", "ports", numbers with units), in English and Chinese, and explains what it saw:

# %% [markdown] lang="zh"
# ### 是好处还是特征？追问一句“那又怎样？”
#
# 最常见的毛病，是在“好处”一栏里又写了一条特征。检验办法很简单：说完这句话，设想客户追问一句
# “那又怎样？”。如果这个问题还问得出口，写的就是特征；如果句子本身已经回答了它，才是好处。
#
# `strategy.benefit_feedback` 是一个粗略的“教练”：它会在中英文句子里找好处常用的说法（“省去”“让您”“不用再”）
# 和特征常用的说法（“支持”“端口”、带单位的数字），再说明它看到了什么：

# %%
strategy.benefit_feedback("Supports 60 pages per minute and double-sided scanning")

# %%
strategy.benefit_feedback("会议材料几分钟就印好，员工不用再排队等机器")

# %% [markdown] lang="en"
# It is a coach, not a judge: it reads words, not meaning, so a clumsy benefit may slip
# past it. Use it to catch the obvious slips and keep the "so what?" question in your head.
#
# The other two products Huaxin sells, done the same way:

# %% [markdown] lang="zh"
# 它只是教练，不是裁判：它看的是字面，不懂意思，写得别扭的好处也可能蒙混过关。用它来抓明显的错误，
# 真正靠的还是你心里那句“那又怎样？”。
#
# 华信另外两个产品，也照这个方法整理：

# %%
course.table(strategy.selling_points("managed_switch").drop(columns="product_name"))

# %%
course.table(strategy.selling_points("service_plan").drop(columns="product_name"))

# %% [markdown] lang="en"
# Now build your own. Pick a product (or "my own product" to start from an empty table),
# choose a row to edit or "(new row)" to add one, and watch the coach judge each benefit
# you save.

# %% [markdown] lang="zh"
# 现在自己动手。选一个产品（或选“自己的产品”从空表开始），选中某一行进行修改，或选“新的一行”来添加；
# 每保存一条好处，教练都会给出它的判断。

# %% tags=["nbval-ignore-output"]
SellingPointsBuilder("service_plan")

# %% [markdown] lang="en"
# ## 2. Layered segmentation and strategy packages
#
# One pitch does not fit every customer. Split your current customers in layers, each
# layer telling you what to stress, and give each resulting class a **strategy package**:

# %% [markdown] lang="zh"
# ## 2. 分层细分与策略包
#
# 一套说辞打动不了所有客户。把现有客户一层一层地细分，每一层都提示你该突出什么，
# 再给分出来的每一类客户配一套**策略包**：

# %%
content.show("segmentation_layers", ["name", "explanation", "emphasis"])

# %% [markdown] lang="en"
# Yuexiang's member data supports all three layers.
#
# **Layer 1, age**, is already in the member table (`age_group`: young 18–34, middle 35–54,
# senior 55+).
#
# **Layer 2, price sensitivity**, is not written anywhere, but behaviour shows it: a member who
# pays with a coupon almost every time watches the price. `discount_share` counts, for every
# member who has bought something, their purchases and how many used a discount:

# %% [markdown] lang="zh"
# 悦享生活馆的会员数据，三层都能做出来。
#
# **第一层：年龄**。会员表里本来就有 `age_group`（young 青年 18–34 岁、middle 中年 35–54 岁、
# senior 老年 55 岁及以上）。
#
# **第二层：价格敏感度**。表里没有这一列，但行为会说话：几乎每次都用券的会员，一定很在意价格。
# `discount_share` 为每位有消费的会员统计消费次数和其中用券的次数：

# %%
shares = strategy.discount_share(transactions)
course.table(shares.head())

# %% [markdown] lang="en"
# Most members either almost never use a discount or almost always do; few sit in between
# ({{ch06.share_in_between}} used one on 30–70% of their purchases). {{assert:ch06.discount_two_groups}} So the kit calls a member **price-sensitive** when at least half of their purchases used one
# (the `threshold` parameter, default 0.5 — it sits in the gap between the two groups). The
# share of members on each side of the line:

# %% [markdown] lang="zh"
# 大多数会员要么几乎从不用券，要么几乎每次都用，处在中间的很少（用券比例在 30% 到 70% 之间的只占
# {{ch06.share_in_between}}）。{{assert:ch06.discount_two_groups}}所以本工具包把“至少一半的消费用了券”
# 的会员定为**价格敏感**（参数 `threshold`，默认 0.5，正好落在两群人之间的空档里）。
# 分界线两侧的会员比例如下：

# %%
sensitivity = strategy.price_sensitivity(transactions)
course.table(sensitivity.value_counts(normalize=True).rename("share"))

# %% [markdown] lang="en"
# **Layer 3, buying motive**, has to be inferred too. Here the basket tells it: the category a
# member spends most on stands for why they come. The kit maps categories to three motives —
# everyday needs, caring for family or pets, and a hobby (pass `mapping=` to use your own):

# %% [markdown] lang="zh"
# **第三层：购买动机**，同样需要推断。这里看购物篮：会员花钱最多的品类，代表了他来店里的主要原因。
# 本工具包把品类归为三种动机——日常所需、照顾家人或宠物、兴趣爱好（也可以用 `mapping=` 换成你自己的归类）：

# %%
course.table(strategy.motive_table())

# %% [markdown] lang="en"
# `segment_members` puts the three layers together for every member who has bought
# something (members without purchases are not customers yet, so they are left out) and
# attaches the strategy package for the class's age group and price sensitivity:

# %% [markdown] lang="zh"
# `segment_members` 把三层合在一起，覆盖每一位有过消费的会员（没有消费记录的还不算客户，不参与细分），
# 并按年龄段和价格敏感度为每一类配上对应的策略包：

# %%
segments = strategy.segment_members(members, transactions, basket_items)
course.table(strategy.readable_segments(segments.head()))

# %% [markdown] lang="en"
# The tree shows how the members split at each layer; each block's height is its number of
# members:

# %% [markdown] lang="zh"
# 下面这棵“树”展示了会员在每一层是怎么分开的，每个色块的高度就是该类的会员人数：

# %%
strategy.plot_segment_tree(segments)

# %% [markdown] lang="en"
# And the size of every class with its package. A package starts from the moves for that age group
# and price sensitivity — the special function of layer 1, the reassurance of layer 2, a channel — and
# its last move is the value angle of layer 3 for the class's motive: what it saves for the
# price-sensitive, what the extra money buys for the others, so no package says two opposite things
# about price:

# %% [markdown] lang="zh"
# 再看每一类的人数和对应的策略包。策略包先列出这个年龄段、这种价格敏感度该做的事——第一层的特殊功能、第二层的安心保障、
# 一个触达渠道——最后一条是第三层按购买动机讲的价值角度：对价格敏感的人讲能省多少，对其他人讲多花的钱换来了什么，
# 所以不会有哪个策略包在价格上自相矛盾：

# %%
summary = strategy.segment_summary(segments)
course.table(summary.set_index("class_name")[["members", "share", "package_name"]])

# %% [markdown] lang="en"
# The largest class, for example, gets this package:

# %% [markdown] lang="zh"
# 比如人数最多的那一类，拿到的策略包是：

# %%
largest = summary["members"].idxmax()
age, sensitivity_level, motive = largest.split("/")
strategy.strategy_package(age, sensitivity_level, motive)

# %% [markdown] lang="en"
# Where you draw the price-sensitivity line changes the classes. Move the threshold and
# watch the middle layer of the tree:

# %% [markdown] lang="zh"
# 价格敏感度的分界线划在哪里，分出来的类别就不一样。拖动门槛，留意树的中间一层怎么变化：

# %% tags=["nbval-ignore-output"]
SegmentExplorer(members, transactions, basket_items)

# %% [markdown] lang="en"
# ## 3. Nine levers to convert prospects
#
# A prospect that does not buy is missing something, and the missing piece decides what you
# do next. Nine levers cover the usual gaps, from understanding the need to serving the
# customer after the sale:

# %% [markdown] lang="zh"
# ## 3. 促成转化的九个手段
#
# 潜在客户迟迟不买，一定是缺了点什么；缺的是什么，决定了你下一步做什么。
# 下面九个转化手段覆盖了常见的缺口，从弄清需求一直到成交后的服务：

# %%
content.show("conversion_levers", ["name", "explanation"])

# %% [markdown] lang="en"
# Each lever comes with concrete moves for Huaxin's salespeople:

# %% [markdown] lang="zh"
# 每个手段都配有华信业务员可以直接照做的具体做法：

# %%
content.show("conversion_levers", ["name", "actions"])

# %% [markdown] lang="en"
# ### From data to levers
#
# Huaxin's lead table records what held each lead back: the main objection, the MAN letters,
# engagement, whether a quote was asked for and a proposal sent, the distance from Hangzhou.
# The diagnostic turns each signal into the levers that answer it. Objections the customer
# voiced weigh 3, a missing MAN letter 2, softer signals 1:

# %% [markdown] lang="zh"
# ### 从数据到转化手段
#
# 华信的线索表记下了每条线索卡在哪里：主要异议、MAN 三项、互动得分、是否询价、是否发过方案、
# 离杭州多远。诊断程序把每个信号对应到能解决它的手段上。客户明确提出的异议权重为 3，
# 缺少 MAN 中的某一项权重为 2，其余较弱的信号权重为 1：

# %%
course.table(strategy.signal_table().set_index("signal"))

# %% [markdown] lang="en"
# Are these signals worth reading? Compare conversion with and without each one across all
# {{ch01.leads}} leads. A missing MAN letter, low engagement, a decision-maker objection and a quote left without
# a proposal all go with far fewer wins {{assert:ch06.strong_signals_lower}}; a price or delivery objection
# barely moves the rate — those customers are still talking. {{assert:ch06.price_delivery_weak}}
# The plan stage is the exception: {{ch06.late_stage_rate}} of the leads that reached it signed
# {{assert:ch06.late_stage_exception}}, which is why the only lever it calls for is finishing the sale.
# This is Chapter 5's rule at work: `stage`, the objection and the proposal are filled in *during* the sale,
# so they are exactly what a diagnosis of an open lead should read — and exactly what a model for
# ranking new leads must leave out (Chapter 7).

# %% [markdown] lang="zh"
# 这些信号值得看吗？在全部 {{ch01.leads}} 条线索上，比较有无某个信号时的成交率：缺少 MAN 中的一项、互动少、决策人异议、
# 询了价却没发方案，都伴随着明显更低的成交率{{assert:ch06.strong_signals_lower}}；价格异议和交货异议则几乎不影响成交率——
# 提出这类异议的客户还在谈。{{assert:ch06.price_delivery_weak}}“方案阶段”是个例外：走到这一步的线索有 {{ch06.late_stage_rate}}
# 签了约{{assert:ch06.late_stage_exception}}，所以它只指向一个手段：把这单做成。这正是第五章那条规则的用法：`stage`、异议和方案
# 都是*销售过程中*才产生的，诊断一条在跟的线索正该看它们——而给新线索排序的模型则必须把它们排除在外（第七章）。

# %%
course.table(strategy.by_signal_name(strategy.condition_conversion(leads)))

# %% [markdown] lang="en"
# ### Diagnosing one stalled lead
#
# Take lead L00001, which has not converted. Its data:

# %% [markdown] lang="zh"
# ### 诊断一条停滞的线索
#
# 以尚未成交的线索 L00001 为例，先看它的数据：

# %%
course.table(strategy.lead_profile(leads, "L00001"))

# %% [markdown] lang="en"
# `diagnose` lists the levers that apply, best first, each with the reasons it found and a
# first move:

# %% [markdown] lang="zh"
# `diagnose` 按得分从高到低列出适用的手段，每个都附上依据和第一步该怎么做：

# %%
course.table(strategy.diagnose(leads, "L00001").set_index("lever_name"))

# %% [markdown] lang="en"
# Strengthening the motive comes first, because it answers two signals at once: the
# decision-maker objection and the missing need. Reaching the real decider (lever 6) comes
# next; the softer signals come last. {{assert:ch06.example_lead_fits}}
#
# ### All stalled leads at once
#
# The same rules run on the whole list in one step. For each lever: how many stalled leads
# it applies to, and for how many it ranks first:

# %% [markdown] lang="zh"
# 排第一的是“强化购买动机”，因为它同时回应了两个信号：客户说要由别人拍板，而且需求还没找到。
# 接下来是设法接触真正拍板的人（第 6 个手段）；较弱的信号排在最后。{{assert:ch06.example_lead_fits}}
#
# ### 一次诊断全部停滞线索
#
# 同一套规则一步就能跑完整张清单。对每个手段，统计它适用于多少条未成交线索，又在多少条线索上排第一：

# %%
stalled = strategy.stalled_leads(leads)
counts = strategy.lever_counts(stalled)
course.table(counts.set_index("lever_name"))

# %%
strategy.plot_lever_counts(counts)

# %% [markdown] lang="en"
# Across Huaxin's {{ch06.stalled}} stalled leads, the lever that most often comes first is *{{ch06.top_lever_1}}*,
# then *{{ch06.top_lever_2}}* and *{{ch06.top_lever_3}}*; finishing the sale comes first for very few.
# {{assert:ch06.few_need_completion}}
#
# Pick any stalled lead and read its diagnosis; the sliders move the two thresholds the
# rules use (low engagement and long distance):

# %% [markdown] lang="zh"
# 在华信 {{ch06.stalled}} 条尚未成交的线索中，最常排第一的手段是“{{ch06.top_lever_1}}”，其次是“{{ch06.top_lever_2}}”
# 和“{{ch06.top_lever_3}}”；以“完成销售”为首选的线索极少。{{assert:ch06.few_need_completion}}
#
# 任选一条未成交线索，看看它的诊断结果；两个滑块可以调整规则里的两个门槛（互动得分过低、距离过远）：

# %% tags=["nbval-ignore-output"]
LeverDiagnosis(leads, accounts)

# %% [markdown] lang="en"
# A diagnosis is where the work starts, not where it ends:

# %% [markdown] lang="zh"
# 诊断只是起点，不是终点：

# %%
Markdown(content.text("stalled_prospect_note"))

# %% [markdown] lang="en"
# ## Exercises
#
# Open `workbook/en/06-strategy.ipynb`: ten exercises — writing a benefit the coach accepts,
# spotting a benefit (by clicking), a price-sensitivity function of your own, coupon hunters and
# strategy packages on the member data, decision-maker gaps and a lever diagnosis on the leads,
# and two short answers in your own words.
#
# ## Recap
#
# - Work each product in three columns: feature → benefit after buying → one-line pitch.
#   A benefit answers "so what?"; a feature leaves the question open.
# - Segment customers in layers: age (stress a special function), price sensitivity (stress
#   safety and reliability), buying motive (explain the value for money); give each class a
#   strategy package.
# - Price sensitivity can be read from discount use, the motive from what fills the basket.
# - Nine levers convert prospects: start from needs, build the brand, lower the total cost,
#   make buying convenient, communicate well, manage contact points, strengthen the motive,
#   remove resistance, and complete the sale with good service.
# - A stalled lead's data — objections, missing MAN letters, engagement, distance — says which
#   levers to pull first.

# %% [markdown] lang="zh"
# ## 练习
#
# 打开 `workbook/zh/06-strategy.ipynb`：共十道题——写一条能通过检查的好处、点选哪句是好处、自己写一个判断价格敏感度的函数、
# 在会员数据上找“优惠券猎手”和最大的策略包、在线索数据上统计没接触到决策人的线索并读懂一次诊断，以及两道用自己的话作答的简答题。
#
# ## 小结
#
# - 每个产品分三栏整理：特征 → 客户买后的好处 → 一句话卖点。好处能回答“那又怎样？”，特征回答不了。
# - 分层细分客户：按年龄（突出特殊功能）、按价格敏感度（突出安全可靠）、按购买动机（讲清性价比），
#   每一类配一套策略包。
# - 价格敏感度可以从用券情况看出来，购买动机可以从购物篮里的东西看出来。
# - 九个转化手段：从需求出发、加强品牌建设、降低客户总成本、提供购买便利、有效沟通、重视接触、
#   强化购买动机、消除购买阻力、实现销售并做好售后。
# - 停滞线索的数据——异议、缺失的 MAN 项、互动得分、距离——告诉你先用哪个手段。
