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
# # Chapter 2 — Finding prospects
#
# Chapter 1 sorted a lead list. This chapter asks where the names on that list come from.
# There are many ways to find prospects, they suit different businesses, and some of the
# best leads are already sitting in your own records: customers nobody serves any more,
# and customers whose equipment is about to wear out.
#
# **Learning goals.** After this chapter you can
#
# 1. name the main prospecting methods and channels, and say what each is good and bad at;
# 2. tell data-analysis methods from general ones;
# 3. choose methods for a given business (B2B or B2C, price, territory, budget, breadth of market);
# 4. measure which methods actually pay, from conversion, revenue and cost per won customer;
# 5. estimate replacement cycles from order history and list who to call this month;
# 6. find orphaned accounts, run the selection funnel, and segment a customer source;
# 7. keep a prospect list day by day with the PROSPECT habits.

# %% [markdown] lang="zh"
# # 第二章　寻找潜在客户的方法
#
# 第一章讲的是怎样给线索清单排队，这一章要回答：清单上的名字从哪儿来？找客户的办法有很多，
# 适合的生意各不相同；而有些最好的线索，其实就躺在你自己的资料里——没人再跟进的老客户，
# 还有设备快要用到头的客户。
#
# **学习目标**　学完本章，你能够：
#
# 1. 说出找潜在客户的主要方法和渠道，以及各自的长处和短处；
# 2. 区分资料分析法和一般方法；
# 3. 根据生意的特点（面向单位还是个人、价格高低、区域大小、预算多少、市场宽窄）挑选方法；
# 4. 用成交率、成交金额和每成交一家的成本，衡量哪种方法真正划算；
# 5. 从订单记录里估算更新周期，列出本月该联系的客户；
# 6. 找出“无人管”的客户，走一遍筛选漏斗，并给客户源做细分；
# 7. 用 PROSPECT 习惯，每天打理自己的潜在客户名单。

# %% tags=["parameters"]
LANG = "en"

# %%
import course
from course import content, data, finding, prospects
from course.widgets.ch02 import DueList, FunnelExplorer, MethodChooser

course.set_language(LANG)
leads = data.load("b2b_leads")
accounts = data.load("b2b_accounts")
orders = data.load("b2b_orders")
reps = data.load("b2b_reps")
members = data.load("b2c_members")
transactions = data.load("b2c_transactions")

# %% [markdown] lang="en"
# ## 1. The methods
#
# The sources behind this course list between seven and ten ways each; merged, they give the
# table below. Read the *watch out* column as carefully as the strengths: every method has a
# price, in money, in time or in goodwill.

# %% [markdown] lang="zh"
# ## 1. 有哪些方法
#
# 本课程参考的几份资料各列了七到十种办法，合并整理后就是下面这张表。“注意事项”一栏和“优点”一样要细看：
# 每种方法都有代价，要么花钱，要么花时间，要么消耗人情。

# %%
finding.show("methods", ["name", "how", "strengths", "cautions"])

# %% [markdown] lang="en"
# Some practical points hidden in that table:
#
# - For a newcomer, **online search** is the natural first step: cheap, fast, any territory. Use several
#   search engines, and the local engine of each target country — they do not return the same results.
# - **Referrals** cost little and convert well, because the introducer's trust carries over to you.
# - With **directories**, check that the data is current, and prefer one with at least **800 named
#   entries**: a thin list dries up in a week.
# - **Trade fairs** such as the Canton Fair, the China Hi-Tech Fair or an SME expo put many buyers in
#   one hall, but only pay off if you follow up within days.
# - **Door-to-door ("carpet") search** suits broad markets where almost anyone could buy
#   (insurance, supplies for restaurants) and is a poor fit for expensive, specialised products.
#
# Each method comes with concrete examples from our two businesses:

# %% [markdown] lang="zh"
# 表里藏着几条很实用的经验：
#
# - 新手入门，先从**网络寻找**开始：成本低、见效快，多远的市场都够得着。要多换几个搜索引擎，
#   做外贸还要用目标国家本土的搜索引擎——同一个关键词，结果差别很大。
# - **介绍寻找法**花钱少、成功率高，因为介绍人的信任会转到你身上。
# - 用**名录**找客户，先确认资料是不是最新的；尽量挑收录了**至少 800 个**带名字条目的名录，
#   条目太少的名录用不了一个星期就见底了。
# - 广交会、高交会、中小企业博览会这类**交易会**，一个展馆里就能见到大批采购商，但只有在展后几天内跟进，才算没白去。
# - **地毯式寻找法（扫街）**适合保险、餐饮供货这种几乎人人都可能买的宽泛市场，不适合价格高、专业性强的产品。
#
# 每种方法在两家企业里的具体例子如下：

# %%
finding.show("methods", ["name", "examples"])

# %% [markdown] lang="en"
# ### Data-analysis methods and general methods
#
# Another way to group the same ideas: some methods mine data that already exists, others rely on
# meeting people. A good week uses both.

# %% [markdown] lang="zh"
# ### 资料分析法与一般方法
#
# 同样这些办法，还可以换个角度分成两类：一类是挖掘现成的资料，另一类靠和人打交道。
# 一周的工作里，两类最好都安排上。

# %%
finding.show(finding.method_families())

# %% [markdown] lang="en"
# ### Channels worth a habit
#
# A few channels deserve special mention because they cost almost nothing:
#
# - **People you know.** Tell them what you do, and ask for introductions. An ask that works names
#   why you trust their judgement and what you did for them, and asks permission to use their name:

# %% [markdown] lang="zh"
# ### 值得养成习惯的几条渠道
#
# 下面几条渠道几乎不花钱，值得单独说一说：
#
# - **熟人。**让他们知道你是做什么的，并请他们帮忙介绍。好的请求会说清楚你为什么看重对方的眼光、
#   你给对方做过什么，还要先征得同意再提对方的名字：

# %%
finding.markdown(content.get("referral_script"))

# %% [markdown] lang="en"
# - **Business contacts and salespeople from non-competing firms** who call on the same customers:
#   swap leads, and give as much as you take.
# - **Your own experience as a consumer**: good service staff you meet are future colleagues or partners.
# - **Reading the news**: mark new factories, relocations and appointments, then send the person the
#   clipping with a short note and your card.
# - **Colleagues in finance and service**: repeated late payments or repeated service calls are a
#   reason to visit.
# - **Mentors and agencies**, and the **lead lists** your company hands out.
# - **The five-step rule**: chat with anyone who comes within five steps of you. Any of three outcomes
#   counts as a success:

# %% [markdown] lang="zh"
# - **商业伙伴，以及不跟你竞争、但跑同一批客户的其他公司销售**：互换线索，有来有往。
# - **自己当顾客的经历**：遇到服务出色的人，将来可能是同事，也可能是合作伙伴。
# - **读报**：把新厂开工、公司搬迁、人事任命等消息圈出来，把剪报连同一句问候和名片寄给当事人。
# - **财务和售后的同事**：客户一再拖欠货款、一再报修，都是该上门拜访的信号。
# - **导师和代理机构**，以及公司下发的**线索名单**。
# - **五步原则**：走进你五步之内的人，都可以聊上几句。下面三种结果，得到任何一种都算成功：

# %%
finding.markdown(content.get("five_step_outcomes"))

# %% [markdown] lang="en"
# ## 2. Which method for which business?
#
# No method is best everywhere. Selling industrial switches to a few hundred factories is not like
# selling insurance to every household. The content gives each method a fit score (0 poor, 1 workable,
# 2 strong) for each feature of a business; `rank_methods` adds up the scores that apply and explains
# the ranking. For Huaxin — organisations, expensive equipment, a narrow market, a regional territory,
# a modest prospecting budget:

# %% [markdown] lang="zh"
# ## 2. 什么生意用什么方法
#
# 没有哪种方法处处最好。把工业交换机卖给几百家工厂，和把保险卖给千家万户，完全是两回事。
# 知识库给每种方法针对生意的每个特点打了分（0 不适合，1 可以用，2 很适合）；`rank_methods`
# 把适用的分数加起来排序，并说明理由。以华信为例——客户是单位、设备价格高、市场窄、区域不大、
# 找客户的预算有限：

# %%
huaxin = finding.Situation(market="b2b", price="high", territory="small", budget="low", breadth="narrow")
finding.table(finding.rank_methods(huaxin)[["rank", "fit", "verdict", "reason"]].head(6))

# %% [markdown] lang="en"
# A seller of household insurance in a big city — consumers, a broad market, a large territory, money
# for advertising — gets a different list, with advertising and street sweeping near the top:

# %% [markdown] lang="zh"
# 换成在大城市卖家庭保险的人——客户是个人、市场宽、区域大、有钱做广告——排出来的就是另一张表，
# 广告和扫街都排到了前面：

# %%
insurance = finding.Situation(market="b2c", price="low", territory="large", budget="high", breadth="broad")
finding.table(finding.rank_methods(insurance)[["rank", "fit", "verdict", "reason"]].head(6))

# %% [markdown] lang="en"
# Try it for a business you know: set the five toggles and read the ranking and the reasons.

# %% [markdown] lang="zh"
# 拿你熟悉的生意试一试：设置下面五个选项，看看排序和理由。

# %% tags=["nbval-ignore-output"]
MethodChooser(huaxin)

# %% [markdown] lang="en"
# ## 3. Which methods actually paid off?
#
# Scores are opinions; Huaxin's lead list records facts. Every lead carries the method that found it,
# whether it became a customer, the contract value and what it cost to find and work. Per method:

# %% [markdown] lang="zh"
# ## 3. 哪些方法真正划算？
#
# 打分只是经验判断，华信的线索表记录的才是事实：每条线索是用什么方法找到的、最后有没有成交、
# 签了多少钱、找它跟它花了多少成本。按方法汇总如下：

# %%
effect = finding.method_effectiveness(leads)
finding.table(effect)

# %%
finding.plot_method_effectiveness(effect)

# %% [markdown] lang="en"
# Referrals convert best ({{ch02.best_method_rate}}) and cost only about {{ch02.referral_cost_per_win}} per
# won customer. {{assert:ch02.referral_best_and_cheapest}} Door-to-door search sits at the other end:
# {{ch02.door_to_door_rate}} conversion and about {{ch02.door_to_door_cost_per_win}} per customer won — for a
# narrow B2B market it is the wrong tool, as the chooser predicted. {{assert:ch02.door_to_door_worst}}
# Advertising brings in plenty of leads, but each win costs about {{ch02.advertising_cost_per_win}}, more than
# any method but door-to-door. {{assert:ch02.advertising_dear}} Online search finds the most leads of all
# and converts in the middle of the field; it is a volume tool. {{assert:ch02.online_most_leads}}

# %% [markdown] lang="zh"
# 介绍法成交率最高（{{ch02.best_method_rate}}），每成交一家只花约 {{ch02.referral_cost_per_win}}。
# {{assert:ch02.referral_best_and_cheapest}}地毯式访问排在另一头：成交率 {{ch02.door_to_door_rate}}，
# 每成交一家要花约 {{ch02.door_to_door_cost_per_win}}——对华信这种窄而专的 B2B 市场，它是用错了地方，
# 和前面方法选择器的判断一致。{{assert:ch02.door_to_door_worst}}广告带来的线索不少，但每成交一家要花约
# {{ch02.advertising_cost_per_win}}，仅次于地毯式访问。{{assert:ch02.advertising_dear}}网络搜索找到的线索最多，
# 成交率居中，它的价值在于“量”。{{assert:ch02.online_most_leads}}

# %% [markdown] lang="en"
# ## 4. Orphaned accounts
#
# In any firm that has been trading for a few years, some customers belonged to salespeople who have
# since left or moved on, and nobody has called them since. They bought before, they may buy again,
# and often they stopped only because nobody asked. Ask your manager before you take them over.
#
# `orphaned_accounts` finds them: the owner has a leaving date, and the last contact is older than it.

# %% [markdown] lang="zh"
# ## 4. 接手“无人管”的老客户
#
# 一家公司经营了几年，总有些客户原来的业务员离职或调岗了，之后再没人跟进。这些客户买过东西，
# 还可能再买；很多时候不再下单，只是因为没人去问。接手之前，先征得主管同意。
#
# `orphaned_accounts` 能把它们找出来：负责人有离职日期，而且最近一次联系早于这个日期。

# %%
orphans = finding.orphaned_accounts(accounts, reps, as_of="2026-06-30")
len(orphans)

# %%
columns = ["account_id", "account_name", "status", "rep_name", "left_date", "last_contact_date", "days_since_contact"]
finding.table(orphans[columns].head(8))

# %% [markdown] lang="en"
# That makes {{ch02.orphans}} orphaned accounts. {{ch02.owner_left_contacted_later}} other accounts also had a
# departed owner but were contacted after the owner left: someone picked them up, so they are not on the list.

# %% [markdown] lang="zh"
# 一共 {{ch02.orphans}} 家无人跟进的客户。另外还有 {{ch02.owner_left_contacted_later}} 家客户的负责人也离职了，
# 但在那之后有人联系过：已经有人接手，所以不在名单上。

# %% [markdown] lang="en"
# ## 5. The replacement and craving cycle
#
# When the product a customer owns wears out, the first seller to call usually wins. So the timing of
# replacement is prospecting information:

# %% [markdown] lang="zh"
# ## 5. 更新周期与“渴望期”
#
# 客户手里的东西用旧了，谁先打电话，生意多半就是谁的。所以，客户什么时候该换新，本身就是找客户的线索：

# %%
finding.markdown(content.get("replacement_cycle"))

# %% [markdown] lang="en"
# Typical figures (rules of thumb, to be checked against your own records):

# %% [markdown] lang="zh"
# 一些常见的参考数字（只是经验值，要用自己的记录去核对）：

# %%
life = content.table("typical_life").set_index("product")[["use_life_years", "craving_years"]]
finding.table(life)

# %% [markdown] lang="en"
# ### The photocopier case, on the data
#
# The textbook reasoning — a customer of 17 years with 4 copier purchases buys about every 4 years —
# works on Huaxin's account **A0042**. `repurchase_intervals` does it for every customer at once, from
# any table of (customer, date). Purchases close together are **one buying occasion** (a fleet bought in
# two deliveries is one decision, not a cycle of a few weeks; by default, within 60 days), the typical
# interval is the **median gap** between occasions, and the evidence sits beside the estimate.

# %% [markdown] lang="zh"
# ### 复印机的例子，放到数据上
#
# 教材里的推算——合作了 17 年、买过 4 次复印机的客户，大约每 4 年换一次——在华信的客户 **A0042**
# 身上正好可以验证。`repurchase_intervals` 能一次算出每个客户的周期，适用于任何（客户，日期）表。
# 相隔很近的几次购买算作**一次采购**（分两批到货的一批设备是一个决定，不是几周一次的周期；默认以 60 天为界），
# 典型周期取相邻两次采购间隔的**中位数**，依据和估计值放在一起。

# %%
cycles = finding.repurchase_intervals(orders, product="copier", as_of="2026-06-30")
finding.table(cycles.loc[["A0042"]])

# %%
finding.evidence(cycles.loc["A0042"])

# %% [markdown] lang="en"
# Read the row: A0042 has been a customer for about {{ch02.a0042.customer_years}} years and has bought
# {{ch02.a0042.purchases}} copiers, so years ÷ purchases ≈ {{ch02.a0042.rule_of_thumb}} — the textbook's quick
# estimate. The gaps themselves are almost exactly 4 years (median {{ch02.a0042.median_days}} days). The last
# copier went in on {{ch02.a0042.last}}, so the machine is now {{ch02.a0042.machine_age}} years old: **call now**
# (due {{ch02.a0042.next_due}}). Averaging the span instead (span ÷ (occasions − 1)) puts the date at
# {{ch02.a0042.next_due_mean}}; either way the call belongs around the turn of June and July.
# {{assert:ch02.a0042_due_around_july}}

# %% [markdown] lang="zh"
# 解读一下这一行：A0042 已经合作了约 {{ch02.a0042.customer_years}} 年，买过 {{ch02.a0042.purchases}} 台复印机，
# 年数 ÷ 次数 ≈ {{ch02.a0042.rule_of_thumb}}——这就是教材里的快速估算。实际每次的间隔几乎正好是 4 年
# （中位数 {{ch02.a0042.median_days}} 天）。最近一台是 {{ch02.a0042.last}} 装的，到现在已经 {{ch02.a0042.machine_age}} 年：
# **现在就该打电话**（预计 {{ch02.a0042.next_due}} 到期）。如果改用跨度平均（跨度 ÷（采购次数 − 1）），预计日期是
# {{ch02.a0042.next_due_mean}}；不管哪种算法，这个电话都应该在六七月之交打。{{assert:ch02.a0042_due_around_july}}

# %%
finding.interval_from_dates(["2010-06-18", "2014-06-10", "2018-07-05", "2022-06-30"], method="mean")

# %% [markdown] lang="en"
# ### Who to call in July 2026
#
# `due_in_month` lists every customer whose next copier falls due in the month, plus those who fell due
# in the last 30 days and have not bought since (marked *overdue*) — they are the most urgent calls.

# %% [markdown] lang="zh"
# ### 2026 年 7 月该给谁打电话
#
# `due_in_month` 列出下一台复印机在这个月到期的所有客户，外加最近 30 天内已经到期、却还没再买的客户
# （标为“已过期”）——这些电话最急。

# %%
july = finding.due_in_month(orders, "2026-07", product="copier")
july = july.join(accounts.set_index("account_id")["account_name"])
finding.table(july[["account_name", "occasions", "interval_years", "next_due", "status", "regularity"]], decimals=1)

# %% [markdown] lang="en"
# {{ch02.due_july}} accounts fall due within July itself, plus A0042, overdue since late June. Every account on
# the list has at least three buying occasions: two gaps are the least a date can rest on. The
# {{ch02.too_few}} accounts with only two occasions have a single gap to go on, so they get no date at all; the
# {{ch02.one_occasion}} accounts that bought on just **one** occasion have no interval whatever. For both the
# honest answer is "unknown" — ask them how long they usually keep a machine instead of guessing.

# %% [markdown] lang="zh"
# 7 月份当月到期的有 {{ch02.due_july}} 家，再加上 6 月下旬已经过期的 A0042。名单上每家客户都至少有三次采购：
# 至少要有两个间隔，才能据此定出日期。只有两次采购的 {{ch02.too_few}} 家客户只有一个间隔可依据，所以干脆不给日期；
# 只有**一次**采购的 {{ch02.one_occasion}} 家客户根本算不出周期。对这两类客户，老实的答案都是“未知”——
# 与其瞎猜，不如打电话问问他们一台机器一般用几年。

# %%
finding.table(cycles["regularity"].value_counts().rename("accounts"))

# %% [markdown] lang="en"
# Why merge purchases close together? In {{ch02.merged_accounts}} accounts two copiers arrived only weeks apart —
# most often a bigger fleet, not a machine worn out in a month. Counted as separate purchases, such a gap
# would drag the typical interval down to almost nothing; as one occasion, the fleet buyers' cycles stay
# years long.
# {{assert:ch02.fleet_is_one_occasion}}

# %% [markdown] lang="zh"
# 为什么要把相隔很近的购买合并？有 {{ch02.merged_accounts}} 家客户的两台复印机前后只差几周到货——多半是扩充机队，
# 不是一个月就用坏了一台。要是当成两次购买，这么短的间隔会把典型周期拉得几乎为零；算作一次采购，这些扩充机队客户的周期仍是好几年。
# {{assert:ch02.fleet_is_one_occasion}}

# %%
merged = cycles[cycles["occasions"] < cycles["purchases"]]
finding.table(merged[["purchases", "occasions", "interval_years", "next_due", "regularity"]], decimals=1)

# %% [markdown] lang="en"
# Change the month, the product or the interval rule and watch the call list change:

# %% [markdown] lang="zh"
# 切换月份、产品或周期算法，看看联系名单怎么变：

# %% tags=["nbval-ignore-output"]
DueList(orders, accounts, month="2026-07")

# %% [markdown] lang="en"
# The same function works on any purchase table. On Yuexiang's till receipts every shopping trip is its own
# occasion (`same_occasion_days=0`), and people shop every few months rather than every few years: most
# members with more than one trip are irregular — a reminder that a cycle is a property of the product and
# the customer, not something every table has. {{assert:ch02.members_mostly_irregular}}

# %% [markdown] lang="zh"
# 同一个函数适用于任何购买记录表。放到悦享生活馆的小票上，每次逛店都算一次采购（`same_occasion_days=0`），
# 顾客是几个月来一次，而不是几年换一次：来过不止一次的会员，大多数购物都没有规律。这也提醒我们：周期取决于产品和客户，
# 并不是每张表都有。{{assert:ch02.members_mostly_irregular}}

# %%
member_cycles = finding.repurchase_intervals(transactions, customer="member_id", date="txn_date", as_of="2026-06-30",
                                             same_occasion_days=0)
finding.table(member_cycles["regularity"].value_counts().rename("members"))

# %% [markdown] lang="en"
# ## 6. The selection funnel
#
# Finding names is the first step; most of them will not be worth a visit. The funnel narrows the
# field in stages, each with its own criteria:

# %% [markdown] lang="zh"
# ## 6. 客户筛选漏斗
#
# 找到名字只是第一步，大多数名字并不值得登门。筛选漏斗分几步把范围收窄，每一步都有自己的标准：

# %%
finding.show("funnel_stages", ["name", "explanation", "criteria_example"])

# %% [markdown] lang="en"
# Huaxin's leads record the furthest stage each one reached. *All targets* counts every lead plus the
# accounts nobody has opened a lead on yet; each later stage counts the leads that got at least that far.

# %% [markdown] lang="zh"
# 华信的线索表记录了每条线索走到的最远阶段。“所有目标对象”包括全部线索，以及还没有人开过线索的客户单位；
# 之后每一阶段，统计的是至少走到这一步的线索。

# %%
funnel = finding.funnel_from_stages(leads, accounts)
finding.table(funnel)

# %%
finding.plot_funnel(funnel, title=course.t("ch02.funnel.title_data"))

# %% [markdown] lang="en"
# After first contact, each stage keeps between {{ch02.funnel_keep_low}} and {{ch02.funnel_keep_high}} of the one
# before, and the win rate climbs as the field narrows: from {{ch02.funnel_win_all}} of all targets to
# {{ch02.funnel_win_plan}} of the leads that reached an activity plan. {{assert:ch02.funnel_win_rises}}
#
# The stages are only as good as their criteria. `FunnelCriteria` writes them down — reach, minimum
# engagement, which MAN letters fine selection demands, whether key prospects must have asked for a
# quote, a trial or a proposal, and how many you can plan for — and `selection_funnel` shows what they
# would give, including how many eventual customers each filter throws away:

# %% [markdown] lang="zh"
# 接触之后，每一阶段留下上一阶段的 {{ch02.funnel_keep_low}} 到 {{ch02.funnel_keep_high}}；越往下筛，成交率越高：
# 从全部目标对象的 {{ch02.funnel_win_all}}，到进入活动计划的线索的 {{ch02.funnel_win_plan}}。{{assert:ch02.funnel_win_rises}}
#
# 漏斗好不好，全看每一步的标准。`FunnelCriteria` 把标准写下来——能跑多远、最低互动得分、
# 精选时要求具备 MAN 的哪几项、重点客户是否必须询过价或要过试用、方案，以及计划里排得下多少家——
# `selection_funnel` 则算出按这些标准会得到什么，包括每一道筛子筛掉了多少最终会成交的客户：

# %%
strict = finding.FunnelCriteria(min_engagement=40, require_need=True, require_money=True, plan_capacity=300)
finding.table(finding.selection_funnel(leads, strict))

# %% [markdown] lang="en"
# These criteria lift the win rate of the plan well above that of all leads, but the filters also throw
# away customers who would have bought (compare the *customers won* column from top to bottom).
# {{assert:ch02.strict_funnel_trade_off}} Set your own criteria and watch the funnel redraw.

# %% [markdown] lang="zh"
# 按这套标准，计划阶段的成交率远高于全部线索，但几道筛子也把本来会成交的客户筛掉了（对照“成交客户数”一栏从上到下的变化）。
# {{assert:ch02.strict_funnel_trade_off}}自己设一设标准，看漏斗怎么变。

# %% tags=["nbval-ignore-output"]
FunnelExplorer(leads)

# %% [markdown] lang="en"
# ## 7. Deciding your customer source
#
# Before hunting, decide *who* you are hunting: your **customer source**. Segment possible buyers by
# age, gender, occupation, income and cultural background:

# %% [markdown] lang="zh"
# ## 7. 确定你的客户源
#
# 出发去找之前，先想清楚要找的是谁，也就是你的**客户源**。可以按年龄、性别、职业、收入和文化背景来细分：

# %%
finding.show("segmentation_dimensions", ["name", "examples"])

# %%
finding.show("age_groups", ["name", "explanation"])

# %% [markdown] lang="en"
# On Yuexiang's members, middle-aged members and business owners spend the most per head.
# {{assert:ch02.middle_aged_spend_most}} {{assert:ch02.owners_spend_most}} The differences are modest — spend per
# member runs from {{ch02.occupation_spend_low}} to {{ch02.occupation_spend_high}} across occupations — so age and
# occupation alone make a coarse customer source:

# %% [markdown] lang="zh"
# 在悦享生活馆的会员里，中年会员和企业主人均花得最多。{{assert:ch02.middle_aged_spend_most}}{{assert:ch02.owners_spend_most}}
# 不过差别并不大——各职业人均消费在 {{ch02.occupation_spend_low}} 到 {{ch02.occupation_spend_high}} 之间——
# 只按年龄和职业来定客户源，还是太粗：

# %%
finding.table(prospects.purchasing_power(members, transactions, by="age_group"))

# %%
finding.table(prospects.purchasing_power(members, transactions, by="occupation"))

# %% [markdown] lang="en"
# ### A small shop decides its source
#
# A worked case (invented for this course):

# %% [markdown] lang="zh"
# ### 一家小店怎样确定客户源
#
# 看一个例子（为本课程虚构）：

# %%
finding.markdown(content.get("customer_source_case"))

# %% [markdown] lang="en"
# The same habit on Yuexiang's data: how many members have come back at least twice, and so belong in a
# "keep in close touch" list?

# %% [markdown] lang="zh"
# 同样的做法放到悦享生活馆的数据上：有多少会员至少来过两次，应该放进“重点保持联系”的名单？

# %%
visits = transactions.groupby("member_id").size()
int((visits >= 2).sum())

# %% [markdown] lang="en"
# ## 8. PROSPECT: a daily routine
#
# Prospecting is a habit more than an event. The letters of PROSPECT make a checklist:

# %% [markdown] lang="zh"
# ## 8. PROSPECT：每天的例行功课
#
# 找客户靠的是日常习惯，而不是偶尔突击。PROSPECT 这几个字母正好是一张清单：

# %%
finding.show("prospect_habits", ["letter", "name", "routine"])

# %% [markdown] lang="en"
# `ProspectList` turns the checklist into a small list you keep yourself; each habit is a method. A day
# of a new Huaxin rep (all names invented):

# %% [markdown] lang="zh"
# `ProspectList` 把这张清单变成一份你自己维护的小名单，每个习惯就是一个方法。下面是华信一位新业务员的一天
# （人名均为虚构）：

# %%
day = finding.ProspectList(today="2026-07-01")
day.provide_list(["陈露", "何芸"], source="directory")
day.record("陈露", "钱塘实验中学", role="bursar", money=True, has_need=True)
day.record("何芸", "西溪口腔诊所", role="owner", money=True, authority=True, has_need=True)
day.record("方睿", "滨江物流", role="IT manager", source="five_step_rule", has_need=True)
day.collect_change("湖畔酒店", "new owner since June")
day.imagine("Driving schools print a lot of forms: who supplies them?")
finding.table(day.select(top=3))

# %%
day.plan("何芸", opening="How does the front desk cope with X-ray prints?", next_step="visit with a trial copier", when="2026-07-03")
finding.table(day.routine())

# %% [markdown] lang="en"
# On Friday, `day.train([...])` compares whom you picked with who actually bought. The sources
# also give a second list of places to look for names:

# %% [markdown] lang="zh"
# 到了周五，用 `day.train([...])` 对照一下自己挑中的人和真正成交的人。资料里还给出了另一份找名字的来源清单：

# %%
finding.show("prospecting_sources", ["name", "explanation"])

# %% [markdown] lang="en"
# ## Exercises
#
# Open `workbook/en/02-finding.ipynb`: method effectiveness and orphaned accounts with pandas, the
# funnel, a repurchase-interval function of your own, a method choice by clicking, and short
# explanations in your own words.
#
# ## Recap
#
# - Methods range from referrals and customer records (cheap, warm) to advertising, fairs and
#   door-to-door search (costly or low-yield); data-analysis methods mine what exists, general methods meet people.
# - Choose methods for your business: B2B or B2C, price, territory, budget, broad or narrow market.
# - Measure methods on the data: conversion, revenue and cost per won customer. At Huaxin referrals win on
#   all three. {{assert:ch02.referral_wins_all_three}}
# - Orphaned accounts and replacement cycles are leads hidden in your own records. Purchases close together
#   are one buying occasion; with fewer than three occasions there is no due date, so ask.
# - The funnel narrows all targets to a plan; its criteria decide both the win rate and who is lost.
# - Define your customer source by segment, and keep the PROSPECT habits every day.

# %% [markdown] lang="zh"
# ## 练习
#
# 打开 `workbook/zh/02-finding.ipynb`：用 pandas 计算各方法的效果、找出无人管的客户、分析漏斗，
# 自己写一个计算购买周期的函数，点选一道方法选择题，还有几道用自己的话作答的简答题。
#
# ## 小结
#
# - 方法从介绍法、客户资料整理法（便宜、有人情基础），到广告、展会、地毯式访问（花钱多或命中率低）；
#   资料分析法靠挖掘现成资料，一般方法靠和人接触。
# - 按自己生意的特点挑方法：面向单位还是个人、价格高低、区域大小、预算多少、市场宽窄。
# - 用数据衡量方法：成交率、成交金额、每成交一家的成本。在华信，介绍法三项都领先。{{assert:ch02.referral_wins_all_three}}
# - 无人管的老客户和更新周期，是藏在自家资料里的线索。相隔很近的购买算一次采购；不足三次采购就定不出到期日，要去问。
# - 漏斗把全部目标一步步收窄成活动计划；每一步的标准既决定成交率，也决定会漏掉谁。
# - 按细分维度确定客户源，每天坚持 PROSPECT 习惯。
