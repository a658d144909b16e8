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
# # Chapter 3 — Prospect types
#
# Two buyers can have the same budget, the same need and the same authority, and still
# need to be handled in opposite ways: one wants a spreadsheet of figures, the other wants
# to feel you respect their taste. This chapter gives you a working vocabulary for
# **how a prospect behaves** (eight personality types) and **what they are after** (five
# goal types), and the habit of reading the signs before you choose your approach.
#
# **Learning goals.** After this chapter you can
#
# 1. recognise the eight personality types from what a prospect says and does;
# 2. recognise the five goal types and say what each one wants from the deal;
# 3. choose what to stress and what to avoid with each type, and plan a call for a real contact;
# 4. place the personality types on the assertiveness × responsiveness grid, and say why
#    that grid is a rule of thumb, not a measurement;
# 5. check on data whether win rates differ by type, and judge honestly what such a
#    comparison can and cannot show.

# %% [markdown] lang="zh"
# # 第三章　潜在客户的类型
#
# 两位买家预算一样、需求一样、决策权也一样，打交道的方式却可能截然相反：一位要的是一张写满数据的对比表，
# 另一位要的是你欣赏他的眼光。这一章给你一套实用的说法，用来描述**客户怎么做决定**（八种性格类型）
# 和**客户想从这笔生意里得到什么**（五种目标类型），并养成先看信号、再定打法的习惯。
#
# **学习目标**　学完本章，你能够：
#
# 1. 从客户的言行中认出八种性格类型；
# 2. 认出五种目标类型，并说出每一种想从交易中得到什么；
# 3. 针对每种类型决定该强调什么、该避免什么，并为一位真实联系人准备一次拜访；
# 4. 把八种性格类型放到“主导性 × 情感外露度”坐标上，并说明这张图为什么只是经验法则、不是测量；
# 5. 用数据检验不同类型的成交率有没有差别，并实事求是地判断这种比较能说明什么、不能说明什么。

# %% tags=["parameters"]
LANG = "en"

# %%
import course
from course import content, data, personality
from course.widgets.ch03 import CallPlanner, TypeTrainer, TypeTrainerModel

course.set_language(LANG)
contacts = data.load("b2b_contacts")
leads = data.load("b2b_leads")
len(contacts), len(leads)

# %% [markdown] lang="en"
# ## 1. Why sort prospects into types at all
#
# MAN (Chapter 1) tells you *whether* someone is worth pursuing. A type tells you *how* to
# talk to them. It is a working guess built from signs — the questions they ask, what they
# complain about, how fast they decide — and it changes your pace, your evidence and your
# tone. It never replaces listening: revise the guess as soon as the person surprises you.

# %% [markdown] lang="zh"
# ## 1. 为什么要给潜在客户分类型
#
# MAN 法则（第一章）回答的是*值不值得*跟进；类型回答的是*怎么*跟对方打交道。类型是根据信号做出的
# 一个暂时判断——对方问什么问题、抱怨什么、拍板快不快——它决定你说话的节奏、拿出的证据和语气。
# 它代替不了倾听：对方一旦出乎你的意料，就马上修正判断。

# %% [markdown] lang="en"
# ## 2. Eight personality types
#
# The personality type describes *how* a person behaves in a buying conversation. For each
# type, the table lists the signs that give it away, what works, and what to avoid.

# %% [markdown] lang="zh"
# ## 2. 八种性格类型
#
# 性格类型描述的是一个人在洽谈中*怎么表现*。下表列出每种类型露出的信号、有效的应对方法和需要避免的做法。

# %%
content.show("personality_types", ["name", "signs", "approach", "avoid"])

# %% [markdown] lang="en"
# Look at how the types pair up. The **rational** and the **suspicious** buyer both ask for
# proof, but the first wants facts to compare and the second expects to be cheated. The
# **easygoing** and the **nervous** buyer both put off deciding, the first out of
# politeness and the second out of worry. Telling such neighbours apart is most of the skill.
#
# Each type has a card you can pull up before a meeting, by id or by name in either language:

# %% [markdown] lang="zh"
# 注意类型之间的“邻居”。**理智型**和**怀疑型**都要证据，但前者要的是可以比较的事实，后者是先认定你会坑他；
# **随和型**和**神经质型**都迟迟不拍板，前者是不好意思拒绝，后者是心里不踏实。能分清这些邻居，
# 本事就学到了一大半。
#
# 每种类型都有一张卡片，见客户之前可以调出来看，用代码或中英文名称都行：

# %%
personality.type_card("suspicious")

# %% [markdown] lang="en"
# ## 3. The style grid: a rule of thumb
#
# A popular way to remember the types borrows two axes from the Social Styles / DISC family
# of models: **assertiveness** (how strongly someone pushes their own view) and
# **responsiveness** (how openly they show feelings).

# %% [markdown] lang="zh"
# ## 3. 风格坐标：一条经验法则
#
# 记住这些类型有个常用办法，借用了社交风格（Social Styles）/DISC 一类模型的两根轴：**主导性**
# （一个人多强势地表达自己的主张）和**情感外露度**（一个人多外露地表现情绪）。

# %%
course.table(personality.style_grid().set_index("name")[["assertiveness", "responsiveness", "quadrant_name"]])

# %%
personality.plot_style_grid()

# %% [markdown] lang="en"
# The quadrant suggests pace and tone: slow down and bring evidence for the quiet and
# guarded, keep to facts and small steps with the firm, be warm but steer the decision
# with the accommodating, stay calm and give room to the forceful. The caveat printed under
# the plot is part of the picture:

# %% [markdown] lang="zh"
# 象限提示的是节奏和语气：对沉默戒备的，放慢节奏、多拿证据；对固执讲事实的，只谈事实、小步推进；
# 对随和好商量的，热情相待但要替他把决定落实；对张扬强势的，保持冷静、给他留足面子。
# 图下方那行提醒，是这张图不可分割的一部分：

# %%
personality.style_grid_note()

# %% [markdown] lang="en"
# The positions are typical values chosen by the course, not scores from a test. The same
# person can be guarded with a stranger and expressive with a friend, so the grid is for
# choosing a first approach, never for labelling people.

# %% [markdown] lang="zh"
# 图上的位置是教材选定的典型值，不是哪个测验打出来的分数。同一个人对陌生人可能很戒备，对熟人却很外露；
# 所以这张图只用来选择第一步的打法，不能用来给人贴标签。

# %% [markdown] lang="en"
# ## 4. Five goal types
#
# The goal type describes *what the person wants to get out of the purchase*. It is a second,
# separate layer: a rational buyer can be economy-first or quality-first, and the same
# approach card does not fit both.

# %% [markdown] lang="zh"
# ## 4. 五种目标类型
#
# 目标类型描述的是*这个人想从这次采购中得到什么*。这是另一个独立的层面：同样是理智型，
# 可能是经济型，也可能是重质型，一张应对卡片套不了两种人。

# %%
content.show("goal_types", ["name", "signs", "approach", "avoid"])

# %% [markdown] lang="en"
# One line from a prospect is often enough for a first guess. Compare what each goal type
# typically says:

# %% [markdown] lang="zh"
# 客户随口一句话，往往就够你做出初步判断。对比一下每种目标类型的典型说法：

# %%
content.show("goal_types", ["name", "example_line"])

# %% [markdown] lang="en"
# ## 5. Practise spotting types
#
# Recognition comes from practice. The trainer draws short scenarios at random (with a seed,
# so a class can share a sequence), covers every type before repeating one, and after each
# pick explains the signs — and, when you are wrong, how the type you picked would have
# behaved instead. Here is one round done in code, so you can see the feedback:

# %% [markdown] lang="zh"
# ## 5. 练习识别类型
#
# 识别类型靠练。下面的训练器随机抽取简短情景（可设随机种子，全班可以用同一组题），每种类型都出现一遍
# 之后才会重复；每次作答后它会讲解信号——答错时还会告诉你，你选的那种类型本来会是什么表现。
# 先用代码做一题，看看反馈是什么样子：

# %%
drill = TypeTrainerModel(kind="personality", seed=2)
print(drill.text())

# %%
drill.answer("rational")

# %% [markdown] lang="en"
# Now your turn: click the type you spot, read the explanation, press *Next scenario*. The
# score and your most frequent confusion are kept as you go. Aim for three rounds in a row
# without a mistake.

# %% [markdown] lang="zh"
# 轮到你了：点选你判断出的类型，读一读讲解，再点“下一个情景”。得分和你最常混淆的一对类型会一直记着。
# 目标是连续三轮都不出错。

# %% tags=["nbval-ignore-output"]
TypeTrainer(seed=2025)

# %% [markdown] lang="en"
# The model behind the widget keeps a confusion tally — rows are the right answer, columns
# your pick — so after a session you can see which pairs of types you still mix up:

# %% [markdown] lang="zh"
# 组件背后的模型会记录一张混淆表——行是正确答案，列是你的选择——练完一轮就能看出自己还分不清哪几对类型：

# %%
personality.table(drill.confusion())

# %% [markdown] lang="en"
# ## 6. Types on the data
#
# Huaxin records a personality type and a goal type for each contact, as its reps judged
# them. Every lead is worked through one contact, so joining the two tables gives each lead
# the type of the person on the other side of the table:

# %% [markdown] lang="zh"
# ## 6. 从数据看类型
#
# 华信给每位联系人都记录了性格类型和目标类型（由销售人员判断）。每条线索都对接一位联系人，
# 把两张表连起来，每条线索就有了“对面那个人”的类型：

# %%
typed = personality.leads_with_types(contacts, leads)
personality.table(typed[["lead_id", "contact_id", "personality_type", "goal_type", "converted"]].head(6))

# %% [markdown] lang="en"
# Count the leads and the wins by personality type. The win rate comes with a 95% interval: the
# range of rates consistent with what we saw. One thing shapes that range more than anything:
# {{ch03.leads}} leads are worked through only {{ch03.contacts_with_leads}} contacts, and the leads of one person rise
# and fall together (the same relationship, the same budget). So the interval is computed the way the
# evidence really comes in — by resampling whole *contacts* with all their leads, not single leads.
# That makes it wider than the textbook interval for most types. {{assert:ch03.intervals_wider}}

# %% [markdown] lang="zh"
# 按性格类型统计线索数和成交数。成交率附带 95% 区间，即与观察结果相符的成交率范围。影响这个范围最大的一点是：
# {{ch03.leads}} 条线索只对接了 {{ch03.contacts_with_leads}} 位联系人，而同一个人名下的线索往往同起同落（同样的交情、同样的预算）。
# 所以区间要按证据真正的来源来算——整个*联系人*连同他名下的全部线索一起重抽样，而不是一条条线索地抽。
# 这样算出的区间，多数类型都比教科书上的区间宽。{{assert:ch03.intervals_wider}}

# %%
by_personality = personality.win_rate_by_type(contacts, leads, by="personality")
personality.table(by_personality)

# %%
overall = float(leads["converted"].mean())
personality.plot_win_rate_by_type(by_personality, overall=overall)

# %% [markdown] lang="en"
# The rates differ: from {{ch03.bottom_rate}} ({{ch03.bottom_personality}}) to {{ch03.top_rate}} ({{ch03.top_personality}}).
# Is that real? Every interval still contains the rate of all leads (the dashed line). A test gives
# the same verdict. The textbook chi-square test treats every lead as independent; shuffling the types
# among *contacts* instead, so each person's leads stay together, is the honest version:

# %% [markdown] lang="zh"
# 各类型的成交率确实有高有低：从{{ch03.bottom_personality}}的 {{ch03.bottom_rate}} 到{{ch03.top_personality}}的 {{ch03.top_rate}}。
# 这是真的吗？每个区间都仍然包含全部线索的成交率（虚线）。检验给出同样的结论。教科书式的卡方检验把每条线索当作相互独立；
# 改为在*联系人*之间打乱类型、同一个人的线索始终放在一起再比较，才是实事求是的做法：

# %%
personality.type_effect_test(contacts, leads, by="personality")

# %% [markdown] lang="en"
# With the leads of each contact kept together, differences this large turn up by chance in a share
# {{ch03.permutation_p}} of shuffles (`permutation_p`), against {{ch03.naive_p}} when every lead counts on its own:
# treating leads as independent overstates the evidence. {{assert:ch03.grouping_weakens_evidence}} The plot and
# the test tell the same story: the data give no evidence that one personality type buys more.
# {{assert:ch03.no_evidence_personality}} The goal types:

# %% [markdown] lang="zh"
# 把同一位联系人的线索放在一起打乱，纯靠偶然就出现这么大差别的比例是 {{ch03.permutation_p}}（`permutation_p`）；
# 而把每条线索都当作独立样本时，这个数字是 {{ch03.naive_p}}：把线索当作相互独立，会夸大证据。{{assert:ch03.grouping_weakens_evidence}}
# 图和检验说的是同一件事：数据并不能证明哪种性格类型更愿意买。{{assert:ch03.no_evidence_personality}}再看目标类型：

# %%
by_goal = personality.win_rate_by_type(contacts, leads, by="goal")
personality.table(by_goal)

# %%
personality.plot_win_rate_by_type(by_goal, overall=overall)

# %%
personality.type_effect_test(contacts, leads, by="goal")

# %% [markdown] lang="en"
# The same verdict: the grouped test's p-value is {{ch03.goal_permutation_p}} and every interval contains the
# overall rate. {{assert:ch03.no_evidence_goal}}

# %% [markdown] lang="zh"
# 结论相同：分组检验的 p 值是 {{ch03.goal_permutation_p}}，每个区间都包含整体成交率。{{assert:ch03.no_evidence_goal}}

# %% [markdown] lang="en"
# What this data **can** show: how many leads each type brings (rational and easygoing
# contacts are the most common, so most wins come through them) {{assert:ch03.most_common_types}}, and that no
# type is a lost cause. {{assert:ch03.no_lost_cause}} What it **cannot** show: that a type *causes* a higher or
# lower win rate. The data set is synthetic — its generator assigns types at random, independent of the
# outcome (`course/datagen/effects.py` says so) — and in real records the type is a rep's judgement, often
# written down after the outcome was known. Qualification (MAN) moves win rates far more than type does
# {{assert:ch03.man_moves_more}}; the type's job is to change *how* you sell, not *whom* you drop.

# %% [markdown] lang="zh"
# 这份数据**能**说明的是：每种类型带来多少线索（理智型和随和型联系人最多，所以大部分成交也来自他们）{{assert:ch03.most_common_types}}，
# 以及没有哪种类型是“没戏”的。{{assert:ch03.no_lost_cause}}它**不能**说明的是：某种类型*导致*成交率高或低。这是一份模拟数据——
# 生成程序给联系人分配类型时是随机的，和成交结果无关（`course/datagen/effects.py` 里写明了这一点）；而在真实记录里，
# 类型是销售人员的主观判断，常常是结果出来以后才补记的。真正大幅影响成交率的是资格（MAN），不是类型{{assert:ch03.man_moves_more}}；
# 类型的作用是改变你*怎么*卖，而不是决定你*放弃谁*。

# %% [markdown] lang="en"
# ## 7. Plan the call
#
# Put the two layers together before you pick up the phone. `plan_call` reads a contact's
# personality and goal type and lists what to stress and what to avoid, and reminds you
# when the person cannot sign alone:

# %% [markdown] lang="zh"
# ## 7. 拜访前做好准备
#
# 拿起电话之前，先把两个层面合在一起想清楚。`plan_call` 会读取联系人的性格类型和目标类型，列出该强调什么、
# 该避免什么；如果这个人自己签不了字，也会提醒你：

# %%
personality.plan_call("C00001", contacts, leads)

# %% [markdown] lang="en"
# A colleague at the same organisation, who cannot sign and has a different mix of types, needs a
# different plan: {{assert:ch03.second_contact_differs}}

# %% [markdown] lang="zh"
# 换成同一家单位里另一位自己签不了字、类型组合也不同的联系人，打法就完全不同：{{assert:ch03.second_contact_differs}}

# %%
personality.plan_call("C00002", contacts, leads)

# %% [markdown] lang="en"
# Browse other contacts with the planner:

# %% [markdown] lang="zh"
# 用下面的准备助手看看其他联系人：

# %% tags=["nbval-ignore-output"]
CallPlanner(contacts, leads)

# %% [markdown] lang="en"
# ## Exercises
#
# Open `workbook/en/03-types.ipynb`: ten exercises — spotting types in scenarios (by
# clicking), reading the style grid, pandas on contacts and leads, a function of your own,
# and short written answers on handling a suspicious buyer and on what the data can show.
#
# ## Recap
#
# - Personality type = how someone behaves when buying; goal type = what they want from it.
#   Every prospect has one of each.
# - The eight personality types: rational, introverted, easygoing, vain, nervous, stubborn,
#   suspicious, combative. The five goal types: task, benefit, owner-minded, quality-first,
#   economy-first.
# - Read the signs first, then choose what to stress and what to avoid; keep the type as a
#   working guess and revise it.
# - The assertiveness × responsiveness grid is a memory aid and a hint for pace and tone —
#   a heuristic, not a measurement.
# - On the data, win rates by type look different but are consistent with chance once leads
#   of the same contact are kept together; type shapes *how* you sell, MAN decides *whom*.

# %% [markdown] lang="zh"
# ## 练习
#
# 打开 `workbook/zh/03-types.ipynb`：共十道题——在情景中识别类型（点选作答）、读风格坐标、
# 用 pandas 分析联系人和线索、自己写一个函数，以及两道简答题：怎样对待怀疑型买家，数据能说明什么。
#
# ## 小结
#
# - 性格类型看一个人买东西时怎么表现，目标类型看他想从中得到什么；每位客户两样都有。
# - 八种性格类型：理智型、内向沉默型、随和型、虚荣型、神经质型、顽固型、怀疑型、好斗型。
#   五种目标类型：任务型、利益型、主人翁型、重质型、经济型。
# - 先看信号，再决定强调什么、避免什么；类型只是暂时的判断，要随时修正。
# - “主导性 × 情感外露度”坐标是帮助记忆、提示节奏和语气的工具——是经验法则，不是测量。
# - 从数据看，各类型的成交率看似不同，但把同一联系人的线索放在一起检验后，这些差别与偶然波动相符；
#   类型决定你*怎么*卖，MAN 决定你*卖给谁*。
