"""Reference data of the two fictional businesses (参考数据): who and what exists.

Names, places, products, roles and the *population mix* (how common each
industry, role, type or product is). Nothing here decides an outcome: every
planted cause and effect lives in :mod:`course.datagen.effects`.
"""

from __future__ import annotations

import numpy as np

AS_OF = "2026-06-30"
"""The 'today' of the data: nothing happens after this date (except planted anomalies)."""

# ----------------------------------------------------------------- B2B: Huaxin Office Equipment
# rep id, name, pinyin, hired, left
REPS = [
    ("R01", "陈建国", "Chen Jianguo", "2008-03-03", None),
    ("R02", "王丽华", "Wang Lihua", "2008-09-01", None),
    ("R03", "刘志强", "Liu Zhiqiang", "2010-04-12", None),
    ("R04", "张敏", "Zhang Min", "2011-07-01", "2024-08-15"),
    ("R05", "周晓峰", "Zhou Xiaofeng", "2012-02-20", None),
    ("R06", "吴婷", "Wu Ting", "2013-09-02", None),
    ("R07", "徐海波", "Xu Haibo", "2014-03-17", "2023-11-30"),
    ("R08", "孙悦", "Sun Yue", "2015-06-01", None),
    ("R09", "胡凯", "Hu Kai", "2016-10-10", "2025-06-30"),
    ("R10", "郑佳怡", "Zheng Jiayi", "2018-03-05", None),
    ("R11", "马俊", "Ma Jun", "2019-07-15", None),
    ("R12", "林雪", "Lin Xue", "2020-05-11", "2026-03-31"),
    ("R13", "高宇", "Gao Yu", "2022-08-01", None),
    ("R14", "沈欣然", "Shen Xinran", "2024-02-26", None),
]

# city, city_en, abbreviation, area code, km from Hangzhou, weight
B2B_CITIES = [
    ("杭州", "Hangzhou", "hz", "0571", 0, 0.34),
    ("宁波", "Ningbo", "nb", "0574", 150, 0.10),
    ("绍兴", "Shaoxing", "sx", "0575", 60, 0.09),
    ("嘉兴", "Jiaxing", "jx", "0573", 90, 0.07),
    ("湖州", "Huzhou", "huz", "0572", 75, 0.06),
    ("苏州", "Suzhou", "suz", "0512", 165, 0.09),
    ("上海", "Shanghai", "sh", "021", 175, 0.11),
    ("无锡", "Wuxi", "wx", "0510", 200, 0.05),
    ("南京", "Nanjing", "nj", "025", 280, 0.05),
    ("合肥", "Hefei", "hf", "0551", 330, 0.04),
]

BRANDS = [
    ("恒达", "Hengda"),
    ("华通", "Huatong"),
    ("瑞丰", "Ruifeng"),
    ("金诚", "Jincheng"),
    ("永盛", "Yongsheng"),
    ("远航", "Yuanhang"),
    ("新宇", "Xinyu"),
    ("东润", "Dongrun"),
    ("宏图", "Hongtu"),
    ("天成", "Tiancheng"),
    ("明远", "Mingyuan"),
    ("嘉禾", "Jiahe"),
    ("博远", "Boyuan"),
    ("中联", "Zhonglian"),
    ("鼎盛", "Dingsheng"),
    ("汇宁", "Huining"),
    ("启明", "Qiming"),
    ("银河", "Yinhe"),
    ("正和", "Zhenghe"),
    ("海川", "Haichuan"),
    ("安泰", "Antai"),
    ("创源", "Chuangyuan"),
    ("德润", "Derun"),
    ("丰源", "Fengyuan"),
    ("广信", "Guangxin"),
    ("国润", "Guorun"),
    ("和顺", "Heshun"),
    ("佳美", "Jiamei"),
    ("锦华", "Jinhua"),
    ("凯达", "Kaida"),
    ("蓝天", "Lantian"),
    ("隆盛", "Longsheng"),
    ("美达", "Meida"),
    ("诺亚", "Nuoya"),
    ("普惠", "Puhui"),
    ("圣邦", "Shengbang"),
    ("泰和", "Taihe"),
    ("拓普", "Tuopu"),
    ("万通", "Wantong"),
    ("鑫源", "Xinyuan"),
    ("兴业", "Xingye"),
    ("亚光", "Yaguang"),
    ("怡和", "Yihe"),
    ("长青", "Changqing"),
    ("振华", "Zhenhua"),
    ("卓越", "Zhuoyue"),
]
PLACES = [
    ("城东", "Chengdong"),
    ("城西", "Chengxi"),
    ("城南", "Chengnan"),
    ("城北", "Chengbei"),
    ("江南", "Jiangnan"),
    ("滨江", "Binjiang"),
    ("湖滨", "Hubin"),
    ("新城", "Xincheng"),
    ("高新", "Gaoxin"),
    ("临江", "Linjiang"),
    ("青山", "Qingshan"),
    ("东湖", "Donghu"),
]

# industry -> weight, [(suffix_zh, suffix_en, tag)], uses place names instead of brands
INDUSTRIES: dict[str, tuple[float, list[tuple[str, str, str]], bool]] = {
    "manufacturing": (
        0.22,
        [
            ("机械制造有限公司", "Machinery Manufacturing Co., Ltd.", "mach"),
            ("纺织有限公司", "Textile Co., Ltd.", "tex"),
            ("精密机械有限公司", "Precision Machinery Co., Ltd.", "prec"),
            ("包装材料有限公司", "Packaging Materials Co., Ltd.", "pack"),
            ("汽车零部件有限公司", "Auto Parts Co., Ltd.", "auto"),
        ],
        False,
    ),
    "education": (
        0.13,
        [
            ("外国语学校", "Foreign Language School", "fls"),
            ("职业技术学院", "Vocational and Technical College", "vtc"),
            ("实验小学", "Experimental Primary School", "eps"),
            ("培训学校", "Training School", "edu"),
        ],
        False,
    ),
    "healthcare": (
        0.10,
        [
            ("医院", "Hospital", "hosp"),
            ("口腔门诊部", "Dental Clinic", "dental"),
            ("健康体检中心", "Health Check Centre", "health"),
            ("医药连锁有限公司", "Pharmacy Chain Co., Ltd.", "pharm"),
        ],
        False,
    ),
    "government": (
        0.08,
        [
            ("街道办事处", "Sub-district Office", "gov"),
            ("市场监督管理所", "Market Supervision Office", "amr"),
            ("社区服务中心", "Community Service Centre", "community"),
            ("税务所", "Tax Office", "tax"),
        ],
        True,
    ),
    "retail": (
        0.11,
        [
            ("商贸有限公司", "Trading Co., Ltd.", "trade"),
            ("超市连锁有限公司", "Supermarket Chain Co., Ltd.", "mart"),
            ("百货有限公司", "Department Store Co., Ltd.", "dept"),
        ],
        False,
    ),
    "finance": (
        0.09,
        [
            ("投资管理有限公司", "Investment Management Co., Ltd.", "invest"),
            ("会计师事务所", "CPA Firm", "cpa"),
            ("保险代理有限公司", "Insurance Agency Co., Ltd.", "ins"),
            ("律师事务所", "Law Firm", "law"),
        ],
        False,
    ),
    "logistics": (
        0.09,
        [
            ("物流有限公司", "Logistics Co., Ltd.", "logi"),
            ("供应链管理有限公司", "Supply Chain Management Co., Ltd.", "scm"),
            ("快运有限公司", "Express Co., Ltd.", "exp"),
        ],
        False,
    ),
    "hospitality": (
        0.07,
        [
            ("大酒店", "Grand Hotel", "hotel"),
            ("餐饮管理有限公司", "Catering Management Co., Ltd.", "food"),
            ("国际旅行社有限公司", "International Travel Service Co., Ltd.", "travel"),
        ],
        False,
    ),
    "technology": (
        0.11,
        [
            ("信息技术有限公司", "Information Technology Co., Ltd.", "it"),
            ("网络科技有限公司", "Network Technology Co., Ltd.", "net"),
            ("软件股份有限公司", "Software Co., Ltd.", "soft"),
            ("电子科技有限公司", "Electronic Technology Co., Ltd.", "elec"),
        ],
        False,
    ),
}

SURNAMES = [
    ("王", "Wang"),
    ("李", "Li"),
    ("张", "Zhang"),
    ("刘", "Liu"),
    ("陈", "Chen"),
    ("杨", "Yang"),
    ("黄", "Huang"),
    ("赵", "Zhao"),
    ("吴", "Wu"),
    ("周", "Zhou"),
    ("徐", "Xu"),
    ("孙", "Sun"),
    ("马", "Ma"),
    ("朱", "Zhu"),
    ("胡", "Hu"),
    ("郭", "Guo"),
    ("何", "He"),
    ("林", "Lin"),
    ("高", "Gao"),
    ("罗", "Luo"),
    ("郑", "Zheng"),
    ("梁", "Liang"),
    ("谢", "Xie"),
    ("宋", "Song"),
    ("唐", "Tang"),
    ("韩", "Han"),
    ("冯", "Feng"),
    ("邓", "Deng"),
    ("曹", "Cao"),
    ("沈", "Shen"),
    ("钱", "Qian"),
    ("蒋", "Jiang"),
    ("叶", "Ye"),
    ("方", "Fang"),
    ("潘", "Pan"),
    ("陆", "Lu"),
]
GIVEN_F = [
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("艳", "yan"),
    ("娟", "juan"),
    ("秀", "xiu"),
    ("霞", "xia"),
    ("英", "ying"),
    ("玲", "ling"),
    ("婷", "ting"),
    ("欣", "xin"),
    ("怡", "yi"),
    ("琳", "lin"),
    ("雪", "xue"),
    ("燕", "yan"),
    ("红", "hong"),
    ("悦", "yue"),
    ("佳", "jia"),
    ("晓", "xiao"),
    ("萍", "ping"),
    ("慧", "hui"),
    ("颖", "ying"),
]
GIVEN_M = [
    ("伟", "wei"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("洋", "yang"),
    ("勇", "yong"),
    ("杰", "jie"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("平", "ping"),
    ("刚", "gang"),
    ("华", "hua"),
    ("建", "jian"),
    ("国", "guo"),
    ("文", "wen"),
    ("辉", "hui"),
    ("宇", "yu"),
    ("浩", "hao"),
    ("晨", "chen"),
    ("俊", "jun"),
    ("凯", "kai"),
    ("海", "hai"),
    ("峰", "feng"),
    ("波", "bo"),
    ("鑫", "xin"),
    ("志", "zhi"),
    ("晓", "xiao"),
    ("斌", "bin"),
    ("鹏", "peng"),
]
MOBILE_PREFIXES = np.array(
    [
        "133",
        "135",
        "136",
        "137",
        "138",
        "139",
        "150",
        "151",
        "152",
        "158",
        "159",
        "177",
        "180",
        "181",
        "186",
        "187",
        "188",
        "189",
        "199",
    ]
)

# buying_role -> weight, authority probability, [(title, title_en)]
ROLES: dict[str, tuple[float, float, list[tuple[str, str]]]] = {
    "decider": (
        0.18,
        1.0,
        [
            ("总经理", "General Manager"),
            ("董事长", "Chairman"),
            ("校长", "Principal"),
            ("院长", "Director"),
            ("主任", "Head of Office"),
        ],
    ),
    "influencer": (
        0.22,
        0.35,
        [
            ("IT主管", "IT Manager"),
            ("技术总监", "CTO"),
            ("副总经理", "Deputy General Manager"),
            ("财务总监", "CFO"),
        ],
    ),
    "buyer": (
        0.25,
        0.3,
        [
            ("采购经理", "Purchasing Manager"),
            ("采购专员", "Purchasing Officer"),
            ("后勤主任", "Head of Facilities"),
        ],
    ),
    "user": (
        0.22,
        0.0,
        [
            ("行政专员", "Administrative Officer"),
            ("办公室文员", "Office Clerk"),
            ("网络管理员", "Network Administrator"),
        ],
    ),
    "gatekeeper": (
        0.13,
        0.0,
        [("前台", "Receptionist"), ("总经理助理", "Assistant to the GM"), ("秘书", "Secretary")],
    ),
}
PERSONALITIES = [
    "rational",
    "introverted",
    "easygoing",
    "vain",
    "nervous",
    "stubborn",
    "suspicious",
    "combative",
]
PERSONALITY_P = [0.22, 0.14, 0.18, 0.09, 0.08, 0.10, 0.11, 0.08]
GOALS = ["task", "benefit", "owner", "quality", "economy"]
GOAL_P = [0.22, 0.24, 0.14, 0.2, 0.2]

# product -> product_name, category, base unit price (CNY)
PRODUCTS: dict[str, tuple[str, str, float]] = {
    "copier": ("数码复印机", "equipment", 28000.0),
    "printer": ("激光打印机", "equipment", 2800.0),
    "switch": ("网络交换机", "network", 4200.0),
    "router": ("企业级路由器", "network", 1800.0),
    "service_contract": ("年度维保合同", "service", 6000.0),
    "toner": ("墨粉盒", "consumables", 380.0),
    "paper": ("A4复印纸（箱）", "consumables", 150.0),
    "installation": ("安装调试服务", "service", 800.0),
}
# generic (non-copier) order mix
GENERIC_MIX = {
    "toner": 0.30,
    "paper": 0.28,
    "service_contract": 0.12,
    "printer": 0.10,
    "switch": 0.08,
    "router": 0.06,
    "installation": 0.06,
}
BASE_QTY = {
    "copier": 1,
    "printer": 2,
    "switch": 2,
    "router": 1,
    "service_contract": 1,
    "toner": 6,
    "paper": 20,
    "installation": 1,
}

METHODS = [
    "referral",
    "online_search",
    "advertising",
    "directory",
    "assistant",
    "customer_records",
    "trade_fair",
    "consulting",
    "company_activity",
    "direct_visit",
    "business_contacts",
    "door_to_door",
]
#: how often each method finds a lead (the mix, not its success: see effects.METHOD_EFFECT)
METHOD_P = np.array([0.10, 0.14, 0.10, 0.07, 0.05, 0.08, 0.09, 0.05, 0.07, 0.09, 0.07, 0.09])
#: funnel stages of a lead, in order (the furthest one reached is the lead's ``stage``)
STAGES = ["contacted", "preliminary", "fine", "key", "plan"]
OBJECTIONS = [
    "none",
    "price",
    "delivery",
    "decision_maker",
    "performance",
    "payment_terms",
    "returns",
]
LEAD_PRODUCTS = ["copier", "printer", "switch", "router", "service_contract", "toner"]
LEAD_PRODUCT_P = [0.25, 0.2, 0.15, 0.1, 0.2, 0.1]
#: where a lead stands on the as-of date
LEAD_STATUSES = ["open", "won", "lost"]

TEXTBOOK_ACCOUNT = "A0042"
TEXTBOOK_NAME = ("杭州明远精密机械有限公司", "Hangzhou Mingyuan Precision Machinery Co., Ltd.")
TEXTBOOK_FIRST_ORDER = "2009-05-06"
TEXTBOOK_COPIERS = ["2010-06-18", "2014-06-10", "2018-07-05", "2022-06-30"]

# ----------------------------------------------------------------- B2C: Yuexiang Living
B2C_CITIES = [
    ("杭州", 0.45),
    ("宁波", 0.15),
    ("上海", 0.15),
    ("苏州", 0.10),
    ("绍兴", 0.08),
    ("南京", 0.07),
]
OCCUPATIONS = [
    "student",
    "office_worker",
    "civil_servant",
    "freelancer",
    "business_owner",
    "retired",
    "other",
]
INCOME_BANDS = ["low", "middle", "high"]
# item, item_en, category, price, base weight (how often it lands in a basket)
ITEMS = [
    ("手冲咖啡豆", "Pour-over coffee beans", "coffee", 89.0, 3.0),
    ("咖啡滤纸", "Coffee filter papers", "coffee", 19.0, 0.4),
    ("挂耳咖啡", "Drip coffee bags", "coffee", 49.0, 3.0),
    ("马克杯", "Mug", "home", 39.0, 2.0),
    ("婴儿纸尿裤", "Baby diapers", "baby", 129.0, 3.0),
    ("婴儿湿巾", "Baby wipes", "baby", 25.0, 0.5),
    ("奶瓶", "Baby bottle", "baby", 79.0, 1.0),
    ("瑜伽垫", "Yoga mat", "sports", 149.0, 2.5),
    ("瑜伽砖", "Yoga block", "sports", 39.0, 0.3),
    ("运动水壶", "Sports bottle", "sports", 59.0, 2.0),
    ("速干毛巾", "Quick-dry towel", "sports", 35.0, 2.0),
    ("露营帐篷", "Camping tent", "outdoor", 499.0, 1.5),
    ("防潮垫", "Camping ground mat", "outdoor", 89.0, 0.3),
    ("户外折叠椅", "Folding camp chair", "outdoor", 129.0, 1.2),
    ("龙井茶叶", "Longjing tea", "tea", 198.0, 2.5),
    ("猫粮", "Cat food", "pets", 119.0, 4.0),
    ("狗粮", "Dog food", "pets", 139.0, 4.0),
    ("猫砂", "Cat litter", "pets", 45.0, 2.0),
    ("香薰蜡烛", "Scented candle", "home", 69.0, 3.0),
    ("抱枕", "Cushion", "home", 79.0, 2.5),
    ("收纳盒", "Storage box", "home", 29.0, 4.0),
    ("保温杯", "Vacuum flask", "home", 99.0, 3.0),
    ("浴巾", "Bath towel", "home", 39.0, 4.0),
    ("床品四件套", "Bedding set", "home", 299.0, 1.5),
    ("坚果礼盒", "Nut gift box", "food", 128.0, 3.0),
    ("有机牛奶", "Organic milk", "food", 45.0, 6.0),
    ("全麦面包", "Whole-wheat bread", "food", 18.0, 6.0),
    ("鲜榨橙汁", "Fresh orange juice", "food", 15.0, 5.0),
    ("燕麦片", "Oatmeal", "food", 32.0, 4.0),
    ("黑巧克力", "Dark chocolate", "food", 29.0, 4.0),
    ("矿泉水", "Mineral water", "food", 3.0, 8.0),
    ("酸奶", "Yogurt", "food", 12.0, 6.0),
    ("精酿啤酒", "Craft beer", "food", 22.0, 3.0),
    ("洗发水", "Shampoo", "personal_care", 59.0, 4.0),
    ("牙膏", "Toothpaste", "personal_care", 19.0, 5.0),
    ("面膜", "Face masks", "personal_care", 99.0, 3.0),
    ("护手霜", "Hand cream", "personal_care", 35.0, 3.0),
    ("防晒霜", "Sunscreen", "personal_care", 89.0, 2.0),
    ("笔记本", "Notebook", "stationery", 15.0, 3.0),
    ("中性笔", "Gel pens", "stationery", 12.0, 3.0),
]
