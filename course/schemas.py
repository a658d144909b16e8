"""Schemas of the bundled datasets (数据表结构).

One dictionary, :data:`SCHEMAS`, describes every table the kit ships in
``datasets/``: its bilingual description, its key, and its ordered columns,
each with a dtype, a *required* flag and a bilingual description.  It is the
single source for

* validation of bundled and user files (:func:`course.data.validate`,
  :func:`course.data.read_table` with ``schema=...``), and
* the data dictionary in ``datasets/README.md``
  (:func:`course.datagen.data_dictionary_markdown`).

Dtypes are one of ``"str"``, ``"int"``, ``"float"``, ``"bool"``, ``"date"``.
*Required* columns must be present in a user's file for the kit's analyses
to work; the other columns are used when present.

Examples
--------
>>> from course.schemas import SCHEMAS, columns
>>> columns("b2b_orders")[:3]
['order_id', 'account_id', 'order_date']
>>> SCHEMAS["b2b_orders"]["columns"]["order_date"]["dtype"]
'date'
"""

from __future__ import annotations

from typing import Any

DTYPES = ("str", "int", "float", "bool", "date")

#: When a lead column becomes known (``known`` on the columns of ``b2b_leads``):
#: the one rule the course teaches for what may rank new leads (Chapter 5 §5,
#: used again in Chapters 6 and 7).
KNOWN = {
    "before": {"en": "before the sale: when the lead is entered and qualified",
               "zh": "销售开始前：线索录入并完成资格判断时就知道"},
    "during": {"en": "during the sale: filled in as the lead is worked",
               "zh": "销售过程中：跟进线索时陆续产生"},
    "after": {"en": "after the outcome: only once the lead is won or lost",
              "zh": "有结果之后：线索成交或丢单后才知道"},
}


def _c(dtype: str, required: bool, en: str, zh: str, known: str | None = None) -> dict[str, Any]:
    assert dtype in DTYPES, dtype
    column = {"dtype": dtype, "required": required, "description": {"en": en, "zh": zh}}
    if known is not None:
        assert known in KNOWN, known
        column["known"] = known
    return column


def columns_known(table: str, when: str | tuple[str, ...]) -> list[str]:
    """Columns of ``table`` known at ``when`` (``"before"``, ``"during"``, ``"after"`` or a tuple of them).

    >>> columns_known("b2b_leads", "after")
    ['converted', 'lead_status', 'won_date', 'won_amount', 'days_to_contract']
    """
    wanted = (when,) if isinstance(when, str) else tuple(when)
    unknown = [w for w in wanted if w not in KNOWN]
    if unknown:
        raise ValueError(f"when must be among {list(KNOWN)}, got {unknown} / when 只能取 {list(KNOWN)}")
    return [c for c, spec in SCHEMAS[table]["columns"].items() if spec.get("known") in wanted]


SCHEMAS: dict[str, dict[str, Any]] = {
    # ------------------------------------------------------------------ B2B
    "b2b_reps": {
        "business": "b2b",
        "key": "rep_id",
        "description": {
            "en": "Sales representatives of Huaxin Office Equipment, past and present.",
            "zh": "华信办公设备的销售代表（含已离职人员）。",
        },
        "columns": {
            "rep_id": _c("str", True, "Rep id (R01, R02, …).", "销售代表编号（R01、R02……）。"),
            "rep_name": _c("str", True, "Name in Chinese.", "中文姓名。"),
            "rep_name_en": _c("str", False, "Name in pinyin.", "姓名拼音。"),
            "hired_date": _c("date", False, "Date the rep joined the company.", "入职日期。"),
            "left_date": _c(
                "date", False, "Date the rep left; empty if still employed.", "离职日期；在职则为空。"
            ),
            "active": _c("bool", True, "Still employed on the as-of date.", "截至数据日期是否仍在职。"),
        },
    },
    "b2b_accounts": {
        "business": "b2b",
        "key": "account_id",
        "description": {
            "en": "Organisations Huaxin sells to or wants to sell to: customers, prospects and lost customers.",
            "zh": "华信的客户单位：现有客户、潜在客户和已流失客户。",
        },
        "columns": {
            "account_id": _c("str", True, "Account id (A0001, …).", "客户编号（A0001……）。"),
            "account_name": _c("str", True, "Organisation name in Chinese.", "单位中文名称。"),
            "account_name_en": _c("str", False, "Organisation name in English.", "单位英文名称。"),
            "industry": _c(
                "str",
                False,
                "Industry id: manufacturing, education, healthcare, government, retail, finance, logistics, hospitality, technology.",
                "行业代码：manufacturing 制造、education 教育、healthcare 医疗、government 政府机关、retail 零售、finance 金融、logistics 物流、hospitality 酒店餐饮、technology 科技。",
            ),
            "city": _c("str", False, "City in Chinese.", "所在城市。"),
            "city_en": _c("str", False, "City in pinyin/English.", "城市拼音/英文名。"),
            "employees": _c("int", False, "Number of employees.", "员工人数。"),
            "size_band": _c(
                "str",
                False,
                "small (<100 employees), medium (100–499), large (500+).",
                "规模档：small 小型（不足 100 人）、medium 中型（100–499 人）、large 大型（500 人及以上）。",
            ),
            "status": _c(
                "str",
                True,
                "customer (buys from us), prospect (never bought), lost (stopped buying).",
                "客户状态：customer 现有客户、prospect 潜在客户（从未成交）、lost 已流失客户。",
            ),
            "owner_rep_id": _c("str", False, "Rep who owns the account (see b2b_reps).", "负责该客户的销售代表编号（见 b2b_reps）。"),
            "last_contact_date": _c("date", False, "Date of the last contact with the account.", "最近一次联系日期。"),
            "first_order_date": _c(
                "date", False, "Date of the first order; empty for prospects.", "首次下单日期；潜在客户为空。"
            ),
            "credit_rating": _c("str", False, "Credit rating A (best) to D.", "信用等级，A 最好，D 最差。"),
            "phone": _c("str", False, "Switchboard phone (fictional).", "总机电话（虚构）。"),
            "email": _c("str", False, "General e-mail (fictional).", "公共邮箱（虚构）。"),
        },
    },
    "b2b_contacts": {
        "business": "b2b",
        "key": "contact_id",
        "description": {
            "en": "People at the accounts: their role in buying, authority and personality/goal type.",
            "zh": "客户单位里的联系人：在采购中的角色、决策权以及性格类型和目标类型。",
        },
        "columns": {
            "contact_id": _c("str", True, "Contact id (C00001, …).", "联系人编号（C00001……）。"),
            "account_id": _c("str", True, "Account the contact works for.", "所属客户编号。"),
            "contact_name": _c("str", True, "Name in Chinese.", "中文姓名。"),
            "contact_name_en": _c("str", False, "Name in pinyin.", "姓名拼音。"),
            "title": _c("str", False, "Job title in Chinese.", "职务。"),
            "title_en": _c("str", False, "Job title in English.", "职务英文。"),
            "buying_role": _c(
                "str",
                False,
                "Role in the purchase: decider, influencer, buyer, user, gatekeeper.",
                "采购角色：decider 决策者、influencer 影响者、buyer 采购者、user 使用者、gatekeeper 把关者（如前台、秘书）。",
            ),
            "has_authority": _c(
                "bool", False, "Can decide or veto a purchase.", "是否有权拍板或否决采购。"
            ),
            "personality_type": _c(
                "str",
                False,
                "Personality type id: rational, introverted, easygoing, vain, nervous, stubborn, suspicious, combative.",
                "性格类型代码：rational 理智型、introverted 内向沉默型、easygoing 随和型、vain 虚荣型、nervous 神经质型、stubborn 顽固型、suspicious 怀疑型、combative 好斗型。",
            ),
            "goal_type": _c(
                "str",
                False,
                "Goal type id: task, benefit, owner, quality, economy.",
                "目标类型代码：task 任务型、benefit 利益型、owner 主人翁型、quality 重质型、economy 经济型。",
            ),
            "phone": _c("str", False, "Mobile phone (fictional).", "手机号（虚构）。"),
            "email": _c("str", False, "E-mail (fictional).", "电子邮箱（虚构）。"),
        },
    },
    "b2b_leads": {
        "business": "b2b",
        "key": "lead_id",
        "description": {
            "en": "Sales leads created 2024-01 to 2026-06: what was known before the sale (MAN, source method, "
                  "engagement), what happened during it (quote, trial, proposal, objection, stage) and the outcome.",
            "zh": "2024 年 1 月至 2026 年 6 月产生的销售线索：销售开始前就知道的信息（MAN 资格、开发方法、互动程度）、"
                  "销售过程中发生的事（询价、试用、方案、异议、阶段）以及最终结果。",
        },
        "columns": {
            "lead_id": _c("str", True, "Lead id (L00001, …).", "线索编号（L00001……）。", "before"),
            "account_id": _c("str", True, "Account the lead belongs to.", "线索所属客户编号。", "before"),
            "contact_id": _c("str", False, "Contact we talk to.", "对接联系人编号。", "before"),
            "created_date": _c("date", True, "Date the lead was created.", "线索创建日期。", "before"),
            "source_method": _c(
                "str",
                False,
                "How the lead was found: referral, online_search, advertising, directory, assistant, customer_records, trade_fair, consulting, company_activity, direct_visit, business_contacts, door_to_door.",
                "寻找方法：referral 介绍法、online_search 网络搜索法、advertising 广告开拓法、directory 资料查阅法、assistant 委托助手法、customer_records 客户资料整理法、trade_fair 展会法、consulting 咨询法、company_activity 企业活动法、direct_visit 直接拜访法、business_contacts 商业联系法、door_to_door 地毯式访问法。",
                "before",
            ),
            "product_interest": _c(
                "str", False, "Product the lead is interested in (product id).", "意向产品（产品代码）。", "before"
            ),
            "money": _c("bool", True, "M: has budget / purchasing power (judged when the lead is qualified).",
                        "M（Money）：有购买力、有预算（线索资格判断时确定）。", "before"),
            "authority": _c(
                "bool", True, "A: the contact can decide or veto.", "A（Authority）：联系人有决策权或否决权。", "before"
            ),
            "need": _c("bool", True, "N: has a real need for the product.", "N（Need）：确有需求。", "before"),
            "engagement": _c(
                "int", False, "Marketing engagement 0–100 when the lead was created (mail opens, replies, event visits).",
                "线索创建时的营销互动得分 0–100（打开邮件、回复、参加活动等）。", "before"
            ),
            "site_visits": _c("int", False, "Visits to our website before the lead was created.",
                              "线索创建前访问我方网站的次数。", "before"),
            "asked_quote": _c("bool", False, "The customer asked for a price quote (so far).", "客户是否已询价（截至目前）。",
                              "during"),
            "requested_trial": _c("bool", False, "The customer asked for a trial or demo (so far).",
                                  "客户是否已要求试用或演示（截至目前）。", "during"),
            "proposal_sent": _c("bool", False, "We sent a written proposal (so far).", "我方是否已发送书面方案（截至目前）。",
                                "during"),
            "objection": _c(
                "str",
                False,
                "Main objection raised so far: none, price, delivery, decision_maker, performance, payment_terms, returns.",
                "目前提出的主要异议：none 无、price 价格、delivery 交货、decision_maker 决策人、performance 性能、payment_terms 付款条件、returns 退换货。",
                "during",
            ),
            "distance_km": _c("float", False, "Road distance from our Hangzhou office, km.", "距杭州公司的公路距离（公里）。",
                              "before"),
            "stage": _c(
                "str",
                False,
                "Furthest funnel stage reached so far: contacted, preliminary, fine, key, plan (a won lead passed plan).",
                "目前到达的最远漏斗阶段：contacted 已接触、preliminary 初步筛选、fine 精细筛选、key 重点客户、plan 制定方案（成交的线索都走完了 plan）。",
                "during",
            ),
            "acquisition_cost": _c(
                "float", False, "Cost of finding and working the lead so far, CNY.", "寻找和跟进该线索至今的成本（元）。",
                "during"
            ),
            "converted": _c("bool", True, "Became a contract by the as-of date.", "截至数据日期是否已签约成交。", "after"),
            "lead_status": _c(
                "str", False, "open (still being worked on the as-of date), won or lost.",
                "线索状态：open 仍在跟进、won 已成交、lost 已丢单。", "after"
            ),
            "won_date": _c("date", False, "Contract date; empty if not converted.", "签约日期；未成交为空。", "after"),
            "won_amount": _c("float", False, "Contract value, CNY; 0 if not converted.", "签约金额（元）；未成交为 0。",
                             "after"),
            "days_to_contract": _c(
                "int",
                False,
                "Days from lead to contract; only known AFTER conversion (leaky: do not use as a feature).",
                "从线索到签约的天数；只有成交后才知道（信息泄漏列：不能用作预测特征）。",
                "after",
            ),
        },
    },
    "b2b_orders": {
        "business": "b2b",
        "key": "order_id",
        "description": {
            "en": "Order lines 2009–2026: what each account bought, when, and for how much.",
            "zh": "2009–2026 年的订单明细：每个客户何时买了什么、花了多少钱。",
        },
        "columns": {
            "order_id": _c("str", True, "Order id (O000001, …).", "订单编号（O000001……）。"),
            "account_id": _c("str", True, "Account that ordered.", "下单客户编号。"),
            "order_date": _c("date", True, "Order date.", "下单日期。"),
            "product": _c(
                "str",
                False,
                "Product id: copier, printer, switch, router, service_contract, toner, paper, installation.",
                "产品代码：copier 复印机、printer 打印机、switch 交换机、router 路由器、service_contract 维保合同、toner 墨粉、paper 复印纸、installation 安装服务。",
            ),
            "product_name": _c("str", False, "Product name in Chinese.", "产品中文名称。"),
            "category": _c(
                "str",
                False,
                "equipment, network, service or consumables.",
                "产品大类：equipment 设备、network 网络、service 服务、consumables 耗材。",
            ),
            "quantity": _c("int", False, "Units ordered.", "数量。"),
            "unit_price": _c("float", False, "List price per unit, CNY.", "单价（元）。"),
            "amount": _c(
                "float",
                True,
                "Order value, CNY = quantity × unit_price × (1 − discount_rate), 2 dp.",
                "订单金额（元）＝数量 × 单价 ×（1 − 折扣率），保留两位小数。",
            ),
            "discount_rate": _c("float", False, "Discount as a fraction (0.05 = 5 %).", "折扣率（0.05 表示 5%）。"),
            "rep_id": _c("str", False, "Rep who booked the order.", "经手销售代表编号。"),
        },
    },
    "b2b_tickets": {
        "business": "b2b",
        "key": "ticket_id",
        "description": {
            "en": "After-sales service tickets 2020–2026.",
            "zh": "2020–2026 年的售后服务工单。",
        },
        "columns": {
            "ticket_id": _c("str", True, "Ticket id (T00001, …).", "工单编号（T00001……）。"),
            "account_id": _c("str", True, "Account that opened the ticket.", "报修/反馈的客户编号。"),
            "opened_date": _c("date", True, "Date opened.", "开单日期。"),
            "kind": _c(
                "str",
                False,
                "repair, complaint, question or maintenance.",
                "工单类型：repair 维修、complaint 投诉、question 咨询、maintenance 保养。",
            ),
            "hours_spent": _c("float", False, "Service hours spent.", "服务耗时（小时）。"),
            "satisfied": _c(
                "bool", False, "Customer satisfied; empty if not surveyed.", "客户是否满意；未回访则为空。"
            ),
        },
    },
    # ------------------------------------------------------------------ B2C
    "b2c_members": {
        "business": "b2c",
        "key": "member_id",
        "description": {
            "en": "Loyalty-card members of the Yuexiang Living store chain.",
            "zh": "悦享生活馆的会员。",
        },
        "columns": {
            "member_id": _c("str", True, "Member id (M00001, …).", "会员编号（M00001……）。"),
            "member_name": _c("str", False, "Name in Chinese.", "会员姓名。"),
            "gender": _c("str", False, "F or M.", "性别：F 女、M 男。"),
            "age": _c("int", False, "Age in years on the as-of date.", "截至数据日期的年龄。"),
            "age_group": _c(
                "str",
                False,
                "young (18–34), middle (35–54), senior (55+).",
                "年龄段：young 青年（18–34 岁）、middle 中年（35–54 岁）、senior 老年（55 岁及以上）。",
            ),
            "occupation": _c(
                "str",
                False,
                "student, office_worker, civil_servant, freelancer, business_owner, retired, other.",
                "职业：student 学生、office_worker 公司职员、civil_servant 公务员、freelancer 自由职业、business_owner 企业主/个体户、retired 退休、other 其他。",
            ),
            "income_band": _c("str", False, "low, middle or high.", "收入档：low 低、middle 中、high 高。"),
            "city": _c("str", False, "Home city in Chinese.", "常住城市。"),
            "join_date": _c("date", True, "Date the member joined.", "入会日期。"),
            "phone": _c("str", False, "Mobile phone (fictional).", "手机号（虚构）。"),
            "email": _c("str", False, "E-mail (fictional).", "电子邮箱（虚构）。"),
        },
    },
    "b2c_transactions": {
        "business": "b2c",
        "key": "txn_id",
        "description": {
            "en": "Member purchases (one row per till receipt).",
            "zh": "会员消费记录（每行一张小票）。",
        },
        "columns": {
            "txn_id": _c("str", True, "Transaction id (X000001, …).", "交易编号（X000001……）。"),
            "member_id": _c("str", True, "Member who paid.", "消费会员编号。"),
            "txn_date": _c("date", True, "Date of purchase.", "消费日期。"),
            "store_city": _c("str", False, "City of the store.", "门店所在城市。"),
            "amount": _c(
                "float",
                True,
                "Amount paid, CNY = basket total × 0.9 if a discount was used, 2 dp.",
                "实付金额（元）＝购物篮合计，用券时 × 0.9，保留两位小数。",
            ),
            "discount_used": _c("bool", False, "A coupon or member discount was used.", "是否使用了优惠券或会员折扣。"),
        },
    },
    "b2c_basket_items": {
        "business": "b2c",
        "key": None,
        "description": {
            "en": "Items in each transaction's basket (one row per item).",
            "zh": "每笔交易购物篮里的商品（每行一种商品）。",
        },
        "columns": {
            "txn_id": _c("str", True, "Transaction the item belongs to.", "所属交易编号。"),
            "item": _c("str", True, "Item name in Chinese.", "商品名称。"),
            "item_en": _c("str", False, "Item name in English.", "商品英文名称。"),
            "category": _c("str", False, "Item category id.", "商品类别代码。"),
            "unit_price": _c("float", False, "Price per unit, CNY.", "单价（元）。"),
            "quantity": _c("int", False, "Units bought.", "购买数量。"),
        },
    },
}


def table_names() -> list[str]:
    """Names of the bundled tables, in dictionary order.

    Examples
    --------
    >>> table_names()[0]
    'b2b_reps'
    """
    return list(SCHEMAS)


def columns(name: str) -> list[str]:
    """Ordered column names of table ``name``.

    Examples
    --------
    >>> columns("b2b_reps")[:2]
    ['rep_id', 'rep_name']
    """
    return list(SCHEMAS[name]["columns"])


def required_columns(name: str) -> list[str]:
    """Columns a user's file must have to be read as table ``name``.

    Examples
    --------
    >>> required_columns("b2c_transactions")
    ['txn_id', 'member_id', 'txn_date', 'amount']
    """
    return [c for c, spec in SCHEMAS[name]["columns"].items() if spec["required"]]


def dtypes(name: str) -> dict[str, str]:
    """Mapping column -> kit dtype (``"str"``, ``"int"``, …) for table ``name``."""
    return {c: spec["dtype"] for c, spec in SCHEMAS[name]["columns"].items()}
