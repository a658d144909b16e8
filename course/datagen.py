"""Seeded generator of the kit's bundled datasets (数据生成器).

Two fictional businesses mirror the course:

* **B2B** — 华信办公设备有限公司 (Huaxin Office Equipment), a dealer in
  Hangzhou selling copiers, printers, network gear, service contracts and
  consumables to organisations in East China: tables ``b2b_reps``,
  ``b2b_accounts``, ``b2b_contacts``, ``b2b_leads``, ``b2b_orders``,
  ``b2b_tickets``.
* **B2C** — 悦享生活馆 (Yuexiang Living), a lifestyle store chain with a
  membership card: ``b2c_members``, ``b2c_transactions``,
  ``b2c_basket_items``.

Everything is drawn from one :class:`numpy.random.Generator` seeded with
``seed``; the same seed gives byte-identical files.  The "today" of the data
is :data:`AS_OF` (2026-06-30).  Known structure is planted on purpose (the
*ground truth*, written to ``ground_truth.json``):

1. 80/20 revenue concentration (B2B accounts, B2C members);
2. conversion driven by MAN (money, authority, need) and engagement, with
   referral the best and cheapest-per-win method and door-to-door the worst;
3. copier replacement cycles (3–6 years per account), with one textbook
   account and several accounts due in July 2026;
4. orphaned accounts whose owner left before anyone contacted them again;
5. strong cross-sell rules in B2C baskets and one negatively associated pair;
6. a handful of anomalous orders and transactions;
7. members who (almost) always use a discount.

File format: UTF-8 CSV, comma separated, no index, dates ``YYYY-MM-DD``,
booleans ``true``/``false``, missing values empty.

Examples
--------
>>> from course import datagen
>>> tables = datagen.generate(seed=2026)          # doctest: +SKIP
>>> datagen.write("datasets", seed=2026)          # doctest: +SKIP
>>> big = datagen.big_leads(1_000_000, seed=0)    # doctest: +SKIP

Command line: ``python datasets/generate.py --out datasets --seed 2026`` or
``python -m course.datagen --big 1000000``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import ndtri

from course.schemas import SCHEMAS

__all__ = [
    "AS_OF",
    "DEFAULT_SEED",
    "big_leads",
    "data_dictionary_markdown",
    "generate",
    "ground_truth",
    "main",
    "to_csv_bytes",
    "write",
]

AS_OF = "2026-06-30"
"""The 'today' of the data: nothing happens after this date (except planted anomalies)."""
DEFAULT_SEED = 2026
GENERATOR_VERSION = 1

_AS_OF = np.datetime64(AS_OF, "D")
_D = np.timedelta64(1, "D")

# ----------------------------------------------------------------- reference data
# name, pinyin, hired, left
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
    ("恒达", "Hengda"), ("华通", "Huatong"), ("瑞丰", "Ruifeng"), ("金诚", "Jincheng"),
    ("永盛", "Yongsheng"), ("远航", "Yuanhang"), ("新宇", "Xinyu"), ("东润", "Dongrun"),
    ("宏图", "Hongtu"), ("天成", "Tiancheng"), ("明远", "Mingyuan"), ("嘉禾", "Jiahe"),
    ("博远", "Boyuan"), ("中联", "Zhonglian"), ("鼎盛", "Dingsheng"), ("汇宁", "Huining"),
    ("启明", "Qiming"), ("银河", "Yinhe"), ("正和", "Zhenghe"), ("海川", "Haichuan"),
    ("安泰", "Antai"), ("创源", "Chuangyuan"), ("德润", "Derun"), ("丰源", "Fengyuan"),
    ("广信", "Guangxin"), ("国润", "Guorun"), ("和顺", "Heshun"), ("佳美", "Jiamei"),
    ("锦华", "Jinhua"), ("凯达", "Kaida"), ("蓝天", "Lantian"), ("隆盛", "Longsheng"),
    ("美达", "Meida"), ("诺亚", "Nuoya"), ("普惠", "Puhui"), ("圣邦", "Shengbang"),
    ("泰和", "Taihe"), ("拓普", "Tuopu"), ("万通", "Wantong"), ("鑫源", "Xinyuan"),
    ("兴业", "Xingye"), ("亚光", "Yaguang"), ("怡和", "Yihe"), ("长青", "Changqing"),
    ("振华", "Zhenhua"), ("卓越", "Zhuoyue"),
]
PLACES = [
    ("城东", "Chengdong"), ("城西", "Chengxi"), ("城南", "Chengnan"), ("城北", "Chengbei"),
    ("江南", "Jiangnan"), ("滨江", "Binjiang"), ("湖滨", "Hubin"), ("新城", "Xincheng"),
    ("高新", "Gaoxin"), ("临江", "Linjiang"), ("青山", "Qingshan"), ("东湖", "Donghu"),
]

# industry -> weight, [(suffix_zh, suffix_en, tag)], uses place names instead of brands
INDUSTRIES: dict[str, tuple[float, list[tuple[str, str, str]], bool]] = {
    "manufacturing": (0.22, [
        ("机械制造有限公司", "Machinery Manufacturing Co., Ltd.", "mach"),
        ("纺织有限公司", "Textile Co., Ltd.", "tex"),
        ("精密机械有限公司", "Precision Machinery Co., Ltd.", "prec"),
        ("包装材料有限公司", "Packaging Materials Co., Ltd.", "pack"),
        ("汽车零部件有限公司", "Auto Parts Co., Ltd.", "auto"),
    ], False),
    "education": (0.13, [
        ("外国语学校", "Foreign Language School", "fls"),
        ("职业技术学院", "Vocational and Technical College", "vtc"),
        ("实验小学", "Experimental Primary School", "eps"),
        ("培训学校", "Training School", "edu"),
    ], False),
    "healthcare": (0.10, [
        ("医院", "Hospital", "hosp"),
        ("口腔门诊部", "Dental Clinic", "dental"),
        ("健康体检中心", "Health Check Centre", "health"),
        ("医药连锁有限公司", "Pharmacy Chain Co., Ltd.", "pharm"),
    ], False),
    "government": (0.08, [
        ("街道办事处", "Sub-district Office", "gov"),
        ("市场监督管理所", "Market Supervision Office", "amr"),
        ("社区服务中心", "Community Service Centre", "community"),
        ("税务所", "Tax Office", "tax"),
    ], True),
    "retail": (0.11, [
        ("商贸有限公司", "Trading Co., Ltd.", "trade"),
        ("超市连锁有限公司", "Supermarket Chain Co., Ltd.", "mart"),
        ("百货有限公司", "Department Store Co., Ltd.", "dept"),
    ], False),
    "finance": (0.09, [
        ("投资管理有限公司", "Investment Management Co., Ltd.", "invest"),
        ("会计师事务所", "CPA Firm", "cpa"),
        ("保险代理有限公司", "Insurance Agency Co., Ltd.", "ins"),
        ("律师事务所", "Law Firm", "law"),
    ], False),
    "logistics": (0.09, [
        ("物流有限公司", "Logistics Co., Ltd.", "logi"),
        ("供应链管理有限公司", "Supply Chain Management Co., Ltd.", "scm"),
        ("快运有限公司", "Express Co., Ltd.", "exp"),
    ], False),
    "hospitality": (0.07, [
        ("大酒店", "Grand Hotel", "hotel"),
        ("餐饮管理有限公司", "Catering Management Co., Ltd.", "food"),
        ("国际旅行社有限公司", "International Travel Service Co., Ltd.", "travel"),
    ], False),
    "technology": (0.11, [
        ("信息技术有限公司", "Information Technology Co., Ltd.", "it"),
        ("网络科技有限公司", "Network Technology Co., Ltd.", "net"),
        ("软件股份有限公司", "Software Co., Ltd.", "soft"),
        ("电子科技有限公司", "Electronic Technology Co., Ltd.", "elec"),
    ], False),
}

SURNAMES = [
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
    ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"), ("徐", "Xu"), ("孙", "Sun"),
    ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"), ("郭", "Guo"), ("何", "He"), ("林", "Lin"),
    ("高", "Gao"), ("罗", "Luo"), ("郑", "Zheng"), ("梁", "Liang"), ("谢", "Xie"), ("宋", "Song"),
    ("唐", "Tang"), ("韩", "Han"), ("冯", "Feng"), ("邓", "Deng"), ("曹", "Cao"), ("沈", "Shen"),
    ("钱", "Qian"), ("蒋", "Jiang"), ("叶", "Ye"), ("方", "Fang"), ("潘", "Pan"), ("陆", "Lu"),
]
GIVEN_F = [
    ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("艳", "yan"),
    ("娟", "juan"), ("秀", "xiu"), ("霞", "xia"), ("英", "ying"), ("玲", "ling"), ("婷", "ting"),
    ("欣", "xin"), ("怡", "yi"), ("琳", "lin"), ("雪", "xue"), ("燕", "yan"), ("红", "hong"),
    ("悦", "yue"), ("佳", "jia"), ("晓", "xiao"), ("萍", "ping"), ("慧", "hui"), ("颖", "ying"),
]
GIVEN_M = [
    ("伟", "wei"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"),
    ("杰", "jie"), ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("平", "ping"), ("刚", "gang"),
    ("华", "hua"), ("建", "jian"), ("国", "guo"), ("文", "wen"), ("辉", "hui"), ("宇", "yu"),
    ("浩", "hao"), ("晨", "chen"), ("俊", "jun"), ("凯", "kai"), ("海", "hai"), ("峰", "feng"),
    ("波", "bo"), ("鑫", "xin"), ("志", "zhi"), ("晓", "xiao"), ("斌", "bin"), ("鹏", "peng"),
]
MOBILE_PREFIXES = np.array(
    ["133", "135", "136", "137", "138", "139", "150", "151", "152", "158", "159", "177",
     "180", "181", "186", "187", "188", "189", "199"]
)

# buying_role -> weight, authority probability, [(title, title_en)]
ROLES: dict[str, tuple[float, float, list[tuple[str, str]]]] = {
    "decider": (0.18, 1.0, [("总经理", "General Manager"), ("董事长", "Chairman"),
                            ("校长", "Principal"), ("院长", "Director"), ("主任", "Head of Office")]),
    "influencer": (0.22, 0.35, [("IT主管", "IT Manager"), ("技术总监", "CTO"),
                                ("副总经理", "Deputy General Manager"), ("财务总监", "CFO")]),
    "buyer": (0.25, 0.3, [("采购经理", "Purchasing Manager"), ("采购专员", "Purchasing Officer"),
                          ("后勤主任", "Head of Facilities")]),
    "user": (0.22, 0.0, [("行政专员", "Administrative Officer"), ("办公室文员", "Office Clerk"),
                         ("网络管理员", "Network Administrator")]),
    "gatekeeper": (0.13, 0.0, [("前台", "Receptionist"), ("总经理助理", "Assistant to the GM"),
                               ("秘书", "Secretary")]),
}
PERSONALITIES = ["rational", "introverted", "easygoing", "vain", "nervous", "stubborn",
                 "suspicious", "combative"]
PERSONALITY_P = [0.22, 0.14, 0.18, 0.09, 0.08, 0.10, 0.11, 0.08]
GOALS = ["task", "benefit", "owner", "quality", "economy"]
GOAL_P = [0.22, 0.24, 0.14, 0.2, 0.2]

# product -> product_name, category, base unit price (CNY), relative price noise
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
GENERIC_MIX = {"toner": 0.30, "paper": 0.28, "service_contract": 0.12, "printer": 0.10,
               "switch": 0.08, "router": 0.06, "installation": 0.06}
BASE_QTY = {"copier": 1, "printer": 2, "switch": 2, "router": 1, "service_contract": 1,
            "toner": 6, "paper": 20, "installation": 1}

METHODS = ["referral", "online_search", "advertising", "directory", "assistant",
           "customer_records", "trade_fair", "consulting", "company_activity",
           "direct_visit", "business_contacts", "door_to_door"]
METHOD_P = np.array([0.10, 0.14, 0.10, 0.07, 0.05, 0.08, 0.09, 0.05, 0.07, 0.09, 0.07, 0.09])
# effect on the conversion log-odds, and base acquisition cost per lead (CNY)
METHOD_EFFECT = np.array([1.2, 0.0, -0.4, -0.3, -0.2, 0.3, 0.1, 0.1, 0.0, -0.1, 0.2, -1.1])
METHOD_COST = np.array([80, 150, 600, 120, 220, 110, 450, 350, 300, 380, 130, 700], dtype=float)
STAGES = ["contacted", "preliminary", "fine", "key", "plan"]
OBJECTIONS = ["none", "price", "delivery", "decision_maker", "performance", "payment_terms",
              "returns"]
LEAD_PRODUCTS = ["copier", "printer", "switch", "router", "service_contract", "toner"]
LEAD_PRODUCT_P = [0.25, 0.2, 0.15, 0.1, 0.2, 0.1]
# conversion model (log-odds): intercept + coef * feature; engagement centred on 50
CONVERSION_MODEL = {"intercept": -3.6, "money": 1.2, "authority": 1.2, "need": 1.3,
                    "engagement_per_point": 0.03}

TEXTBOOK_ACCOUNT = "A0042"
TEXTBOOK_NAME = ("杭州明远精密机械有限公司", "Hangzhou Mingyuan Precision Machinery Co., Ltd.")
TEXTBOOK_FIRST_ORDER = "2009-05-06"
TEXTBOOK_COPIERS = ["2010-06-18", "2014-06-10", "2018-07-05", "2022-06-30"]

# B2C -------------------------------------------------------------------------------
B2C_CITIES = [("杭州", 0.45), ("宁波", 0.15), ("上海", 0.15), ("苏州", 0.10), ("绍兴", 0.08),
              ("南京", 0.07)]
OCCUPATIONS = ["student", "office_worker", "civil_servant", "freelancer", "business_owner",
               "retired", "other"]
INCOME_BANDS = ["low", "middle", "high"]
# item, item_en, category, price, base weight
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
# antecedent, consequent, probability of adding the consequent when the antecedent is bought
PLANTED_RULES = [("手冲咖啡豆", "咖啡滤纸", 0.75), ("婴儿纸尿裤", "婴儿湿巾", 0.75),
                 ("瑜伽垫", "瑜伽砖", 0.7), ("露营帐篷", "防潮垫", 0.7)]
NEGATIVE_PAIR = ("猫粮", "狗粮", 0.9)  # drop the second item from 90 % of baskets with the first
B2C_DISCOUNT = 0.9  # amount = basket total * 0.9 when discount_used

SIZES = {"b2b_accounts": 600, "b2b_contacts_per_account": 2.5, "b2b_leads": 3000,
         "b2b_generic_orders": 7600, "b2b_tickets": 2000, "b2c_members": 3000,
         "b2c_transactions": 20000}


# ----------------------------------------------------------------- small helpers
def _days(a: np.ndarray | np.datetime64, b: np.ndarray | np.datetime64) -> np.ndarray:
    """Whole days from ``a`` to ``b``."""
    return ((b - a) / _D).astype(np.int64)


def _uniform_dates(rng: np.random.Generator, lo: Any, hi: Any, n: int) -> np.ndarray:
    """Uniform dates in [lo, hi] (scalars or arrays of datetime64[D])."""
    span = np.maximum(_days(np.asarray(lo, dtype="datetime64[D]"),
                            np.asarray(hi, dtype="datetime64[D]")), 0)
    off = np.floor(rng.random(n) * (span + 1)).astype(np.int64)
    return np.asarray(lo, dtype="datetime64[D]") + off * _D


def _rowwise_choice(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One category index per row of a (n, k) probability (or weight) matrix."""
    cum = np.cumsum(probs, axis=1)
    cum = cum / cum[:, -1:]
    u = rng.random(len(probs))[:, None]
    return np.minimum((cum < u).sum(axis=1), probs.shape[1] - 1)


def _ids(prefix: str, n: int, width: int) -> pd.Series:
    return prefix + pd.Series(np.arange(1, n + 1)).astype(str).str.zfill(width)


def _digits(rng: np.random.Generator, n: int, width: int) -> pd.Series:
    return pd.Series(rng.integers(0, 10**width, n)).astype(str).str.zfill(width)


def _mobiles(rng: np.random.Generator, n: int) -> pd.Series:
    return pd.Series(MOBILE_PREFIXES[rng.integers(0, len(MOBILE_PREFIXES), n)]) + _digits(rng, n, 8)


def _names(rng: np.random.Generator, female: np.ndarray) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Chinese names, pinyin ('Wang Xiaoming') and an e-mail-friendly handle ('xiaoming.wang')."""
    n = len(female)
    sur = np.array(SURNAMES)
    sidx = rng.integers(0, len(sur), n)
    gf, gm = np.array(GIVEN_F), np.array(GIVEN_M)
    two = rng.random(n) < 0.6

    def pick(k: int) -> tuple[np.ndarray, np.ndarray]:
        fi = rng.integers(0, len(gf), n)
        mi = rng.integers(0, len(gm), n)
        zh = np.where(female, gf[fi, 0], gm[mi, 0])
        py = np.where(female, gf[fi, 1], gm[mi, 1])
        return zh, py

    z1, p1 = pick(1)
    z2, p2 = pick(2)
    given_zh = pd.Series(z1) + pd.Series(np.where(two, z2, ""))
    given_py = pd.Series(p1) + pd.Series(np.where(two, p2, ""))
    name_zh = pd.Series(sur[sidx, 0]) + given_zh
    name_en = pd.Series(sur[sidx, 1]) + " " + given_py.str.capitalize()
    handle = given_py + "." + pd.Series(sur[sidx, 1]).str.lower()
    return name_zh, name_en, handle


def _bool_share(s: pd.Series) -> float:
    return float(s.astype(bool).mean()) if len(s) else float("nan")


def _top_share(values: pd.Series, frac: float = 0.2) -> float:
    """Share of the total held by the top ``frac`` of entities (rounded up)."""
    v = np.sort(np.asarray(values, dtype=float))[::-1]
    k = math.ceil(frac * len(v))
    return float(v[:k].sum() / v.sum())


# ----------------------------------------------------------------- B2B
def _reps() -> pd.DataFrame:
    df = pd.DataFrame(REPS, columns=["rep_id", "rep_name", "rep_name_en", "hired_date", "left_date"])
    df["hired_date"] = pd.to_datetime(df["hired_date"])
    df["left_date"] = pd.to_datetime(df["left_date"])
    df["active"] = df["left_date"].isna()
    return df


def _account_names(rng: np.random.Generator, industry: np.ndarray) -> pd.DataFrame:
    """Unique names per account: city + brand (or place) + industry suffix."""
    cities = B2B_CITIES
    cw = np.array([c[5] for c in cities])
    out = pd.DataFrame(index=np.arange(len(industry)),
                       columns=["account_name", "account_name_en", "city", "city_en", "domain",
                                "city_idx"])
    for ind, (_, suffixes, use_place) in INDUSTRIES.items():
        rows = np.flatnonzero(industry == ind)
        if len(rows) == 0:
            continue
        words = PLACES if use_place else BRANDS
        ci, wi, si = np.meshgrid(np.arange(len(cities)), np.arange(len(words)),
                                 np.arange(len(suffixes)), indexing="ij")
        ci, wi, si = ci.ravel(), wi.ravel(), si.ravel()
        zh = np.array([cities[c][0] + words[w][0] + suffixes[s][0] for c, w, s in zip(ci, wi, si, strict=True)])
        keep = zh != TEXTBOOK_NAME[0]
        ci, wi, si, zh = ci[keep], wi[keep], si[keep], zh[keep]
        p = cw[ci] / cw[ci].sum()
        pick = rng.choice(len(zh), size=len(rows), replace=False, p=p)
        c, w, s = ci[pick], wi[pick], si[pick]
        out.loc[rows, "account_name"] = zh[pick]
        out.loc[rows, "account_name_en"] = [
            f"{cities[a][1]} {words[b][1]} {suffixes[d][1]}" for a, b, d in zip(c, w, s, strict=True)]
        out.loc[rows, "city"] = [cities[a][0] for a in c]
        out.loc[rows, "city_en"] = [cities[a][1] for a in c]
        out.loc[rows, "domain"] = [
            f"{cities[a][2]}{words[b][1].lower()}-{suffixes[d][2]}.cn" for a, b, d in zip(c, w, s, strict=True)]
        out.loc[rows, "city_idx"] = c
    out["city_idx"] = out["city_idx"].astype(np.int64)
    return out


def _b2b(rng: np.random.Generator, scale: float) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    truth: dict[str, Any] = {}
    reps = _reps()
    rep_ids = reps["rep_id"].to_numpy()
    hired = reps["hired_date"].to_numpy().astype("datetime64[D]")
    left = reps["left_date"].to_numpy().astype("datetime64[D]")  # NaT for active
    active_idx = np.flatnonzero(reps["active"].to_numpy())
    left_idx = np.flatnonzero(~reps["active"].to_numpy())

    # ---- accounts
    n_acc = max(60, round(SIZES["b2b_accounts"] * scale))
    tb = int(TEXTBOOK_ACCOUNT[1:]) - 1 if n_acc >= 100 else 0
    ind_names = list(INDUSTRIES)
    ind_p = np.array([INDUSTRIES[i][0] for i in ind_names])
    industry = np.array(ind_names)[rng.choice(len(ind_names), n_acc, p=ind_p / ind_p.sum())]
    industry[tb] = "manufacturing"
    names = _account_names(rng, industry)
    names.loc[tb, ["account_name", "account_name_en", "city", "city_en", "domain", "city_idx"]] = [
        TEXTBOOK_NAME[0], TEXTBOOK_NAME[1], "杭州", "Hangzhou", "hzmingyuan-prec.cn", 0]
    # latent account size: evenly spaced normal quantiles in random order (stable 80/20)
    z = ndtri((rng.permutation(n_acc) + 0.5) / n_acc)
    z[tb] = max(z[tb], 0.8)
    weight = np.exp(1.9 * z)  # order frequency weight -> 80/20
    employees = np.clip(np.round(np.exp(4.3 + 1.0 * z + 0.45 * rng.standard_normal(n_acc))), 5, 30000).astype(np.int64)
    size_band = np.where(employees >= 500, "large", np.where(employees >= 100, "medium", "small"))
    status = np.array(["customer", "prospect", "lost"])[rng.choice(3, n_acc, p=[0.6, 0.3, 0.1])]
    status[tb] = "customer"
    credit = np.array(list("ABCD"))[rng.choice(4, n_acc, p=[0.3, 0.4, 0.2, 0.1])]
    buying = status != "prospect"
    start = _uniform_dates(rng, np.datetime64("2009-01-01"), np.datetime64("2025-12-31"), n_acc)
    # earlier starts are more common (older relationships)
    start2 = _uniform_dates(rng, np.datetime64("2009-01-01"), np.datetime64("2025-12-31"), n_acc)
    start = np.minimum(start, start2)
    start[tb] = np.datetime64(TEXTBOOK_FIRST_ORDER)
    end = np.full(n_acc, _AS_OF)
    lost = status == "lost"
    lost_date = _uniform_dates(rng, start + 365 * _D, _AS_OF - 180 * _D, n_acc)
    lost_date = np.maximum(lost_date, start + 30 * _D)
    end[lost] = np.minimum(lost_date[lost], _AS_OF)

    # owners: active reps for most accounts
    owner = rep_ids[active_idx][rng.integers(0, len(active_idx), n_acc)]
    last_contact = _AS_OF - np.minimum(rng.exponential(45, n_acc).astype(np.int64), 700) * _D
    pros = status == "prospect"
    last_contact[pros] = _AS_OF - rng.integers(0, 720, pros.sum()) * _D
    last_contact[lost] = np.minimum(end[lost] + rng.integers(0, 120, lost.sum()) * _D, _AS_OF)

    # ---- orphans (planted): owner left and nobody has called since
    n_orph_c = max(2, round(18 * scale))
    n_orph_p = max(1, round(8 * scale))
    n_distr = max(1, round(5 * scale))
    orph_rep = left_idx[rng.integers(0, len(left_idx), n_orph_c + n_orph_p + n_distr)]
    orph_left = left[orph_rep]
    eligible_c = np.flatnonzero((status == "customer") & (np.arange(n_acc) != tb))
    eligible_p = np.flatnonzero(pros)
    chosen: list[int] = []
    # customers: need a relationship that started well before the rep left
    for i in range(n_orph_c):
        cand = eligible_c[(start[eligible_c] < orph_left[i] - 450 * _D)
                          & ~np.isin(eligible_c, chosen)]
        chosen.append(int(rng.choice(cand)))
    for _ in range(n_orph_p + n_distr):
        pool = eligible_p if len(chosen) < n_orph_c + n_orph_p else eligible_c
        cand = pool[~np.isin(pool, chosen)]
        chosen.append(int(rng.choice(cand)))
    chosen_arr = np.array(chosen)
    owner[chosen_arr] = rep_ids[orph_rep]
    n_orph = n_orph_c + n_orph_p
    orphan_idx = chosen_arr[:n_orph]
    distr_idx = chosen_arr[n_orph:]
    lc = orph_left[:n_orph] - rng.integers(15, 420, n_orph) * _D
    lc = np.maximum(lc, hired[orph_rep[:n_orph]] + 30 * _D)
    last_contact[orphan_idx] = lc
    end[orphan_idx] = np.where(status[orphan_idx] == "customer", lc, end[orphan_idx])
    # distractors: owner left, but someone called them after the departure
    dl = orph_left[n_orph:] + rng.integers(10, 200, n_distr) * _D
    last_contact[distr_idx] = np.minimum(dl, _AS_OF)
    owner_left_idx = np.concatenate([orphan_idx, distr_idx])

    acc_ids = _ids("A", n_acc, 4).to_numpy()

    # ---- copier replacement cycles
    order_parts: list[pd.DataFrame] = []
    normal_c = np.flatnonzero((status == "customer") & ~np.isin(np.arange(n_acc), owner_left_idx)
                              & (np.arange(n_acc) != tb))
    cyc = np.sort(rng.choice(normal_c, size=round(0.4 * len(normal_c)), replace=False))
    interval = rng.uniform(3.0, 6.0, len(cyc)) * 365.25
    next_due = _AS_OF + np.floor(rng.random(len(cyc)) * interval).astype(np.int64) * _D
    noise = np.clip(rng.normal(0, 45, (len(cyc), 8)), -90, 90).round().astype(np.int64)
    # plant accounts due in July 2026 (no noise, at least 3 purchases)
    july_lo, july_hi = np.datetime64("2026-07-01"), np.datetime64("2026-07-31")
    can = np.flatnonzero(start[cyc] <= july_lo - (2 * interval + 200).astype(np.int64) * _D)
    n_due = min(len(can), max(2, round(8 * scale)))
    due_pick = np.sort(rng.choice(can, size=n_due, replace=False))
    next_due[due_pick] = _uniform_dates(rng, july_lo + 2 * _D, july_hi - 3 * _D, n_due)
    noise[due_pick] = 0
    k = np.arange(1, 9)
    dates = (next_due[:, None] - np.round(k[None, :] * interval[:, None]).astype(np.int64) * _D
             + noise * _D)
    ok = (dates >= start[cyc][:, None]) & (dates <= _AS_OF)
    r, _c = np.nonzero(ok)
    cop = pd.DataFrame({"acc": cyc[r], "order_date": dates[ok], "product": "copier"})
    # one-off copier buyers
    rest = np.setdiff1d(np.flatnonzero(buying & (np.arange(n_acc) != tb)), cyc)
    oneoff = np.sort(rng.choice(rest, size=round(0.15 * len(rest)), replace=False))
    cop1 = pd.DataFrame({"acc": oneoff, "order_date": _uniform_dates(rng, start[oneoff], end[oneoff], len(oneoff)),
                         "product": "copier"})
    tbc = pd.DataFrame({"acc": tb, "order_date": np.array(TEXTBOOK_COPIERS, dtype="datetime64[D]"),
                        "product": "copier"})
    copiers = pd.concat([cop, cop1, tbc], ignore_index=True)
    copiers = copiers[copiers["order_date"] >= start[copiers["acc"].to_numpy()]]
    install = copiers[rng.random(len(copiers)) < 0.5].assign(product="installation")
    order_parts += [copiers, install]

    # ---- generic orders: frequency ~ weight * relationship length
    span_years = np.maximum(_days(start, end), 1) / 365.25
    lam = np.where(buying, weight * span_years, 0.0)
    lam = lam / lam.sum() * SIZES["b2b_generic_orders"] * scale
    n_ord = rng.poisson(lam)
    n_ord = np.where(buying, np.maximum(n_ord, 1), 0)
    acc = np.repeat(np.arange(n_acc), n_ord)
    gprod = np.array(list(GENERIC_MIX))[
        rng.choice(len(GENERIC_MIX), len(acc), p=np.array(list(GENERIC_MIX.values())))]
    gen = pd.DataFrame({"acc": acc, "order_date": _uniform_dates(rng, start[acc], end[acc], len(acc)),
                        "product": gprod})
    first = pd.DataFrame({"acc": [tb], "order_date": [np.datetime64(TEXTBOOK_FIRST_ORDER)],
                          "product": ["printer"]})
    order_parts += [gen, first]
    orders = pd.concat(order_parts, ignore_index=True)

    # ---- contacts: >= 2 per account, first a decider, second without authority
    n_ct = 2 + rng.poisson(max(SIZES["b2b_contacts_per_account"] - 2, 0) * 2 * np.clip(z + 1, 0.2, 3) / 2, n_acc)
    cacc = np.repeat(np.arange(n_acc), n_ct)
    pos = np.arange(len(cacc)) - np.repeat(np.cumsum(n_ct) - n_ct, n_ct)
    role_names = list(ROLES)
    rp = np.array([ROLES[r][0] for r in role_names])
    role = rng.choice(len(role_names), len(cacc), p=rp / rp.sum())
    role[pos == 0] = 0
    role[pos == 1] = rng.choice([3, 4], (pos == 1).sum())
    auth_p = np.array([ROLES[r][1] for r in role_names])[role]
    has_auth = rng.random(len(cacc)) < auth_p
    titles = [ROLES[r][2] for r in role_names]
    tpick = np.floor(rng.random(len(cacc)) * np.array([len(titles[r]) for r in role])).astype(int)
    title = np.array([titles[r][t][0] for r, t in zip(role, tpick, strict=True)])
    title_en = np.array([titles[r][t][1] for r, t in zip(role, tpick, strict=True)])
    # schools, hospitals and offices have their own head titles
    head = (pos == 0)
    ind_c = industry[cacc]
    title = np.where(head & (ind_c == "education"), "校长", np.where(head & (ind_c == "healthcare"), "院长",
                     np.where(head & (ind_c == "government"), "主任", np.where(head, np.where(rng.random(len(cacc)) < 0.5, "总经理", "董事长"), title))))
    title_en = np.where(title == "校长", "Principal", np.where(title == "院长", "Director",
                        np.where(title == "主任", "Head of Office", np.where(title == "总经理", "General Manager",
                                 np.where(title == "董事长", "Chairman", title_en)))))
    cfemale = rng.random(len(cacc)) < 0.45
    cname, cname_en, handle = _names(rng, cfemale)
    domain = names["domain"].to_numpy()[cacc]
    contacts = pd.DataFrame({
        "contact_id": _ids("C", len(cacc), 5),
        "account_id": acc_ids[cacc],
        "contact_name": cname,
        "contact_name_en": cname_en,
        "title": title,
        "title_en": title_en,
        "buying_role": np.array(role_names)[role],
        "has_authority": has_auth,
        "personality_type": np.array(PERSONALITIES)[rng.choice(8, len(cacc), p=PERSONALITY_P)],
        "goal_type": np.array(GOALS)[rng.choice(5, len(cacc), p=GOAL_P)],
        "phone": _mobiles(rng, len(cacc)),
        "email": handle + "@" + pd.Series(domain),
    })

    # ---- leads
    n_leads = max(200, round(SIZES["b2b_leads"] * scale))
    leads, lead_truth = _lead_core(rng, n_leads)
    conv = leads["converted"].to_numpy()
    lead_ok = ~np.isin(np.arange(n_acc), owner_left_idx)
    cust_pool = np.flatnonzero(lead_ok & (status == "customer"))
    lacc = np.empty(n_leads, dtype=np.int64)
    cw = weight[cust_pool] ** 0.5
    lacc[conv] = cust_pool[rng.choice(len(cust_pool), conv.sum(), p=cw / cw.sum())]
    # won copier deals go to accounts outside the planted replacement cycles
    cop_pool = cust_pool[~np.isin(cust_pool, np.append(cyc, tb))]
    cop_won = conv & (leads["product_interest"].to_numpy() == "copier")
    cw2 = weight[cop_pool] ** 0.5
    lacc[cop_won] = cop_pool[rng.choice(len(cop_pool), cop_won.sum(), p=cw2 / cw2.sum())]
    st_w = np.select([status == "prospect", status == "customer", status == "lost"], [3.0, 1.0, 0.8]) * lead_ok
    lacc[~conv] = rng.choice(n_acc, (~conv).sum(), p=st_w / st_w.sum())
    # a contact of that account whose authority matches the lead's
    key_c = cacc * 2 + has_auth.astype(np.int64)
    order_c = np.argsort(key_c, kind="stable")
    sorted_keys = key_c[order_c]
    key_l = lacc * 2 + leads["authority"].to_numpy().astype(np.int64)
    lo = np.searchsorted(sorted_keys, key_l, "left")
    hi = np.searchsorted(sorted_keys, key_l, "right")
    lead_contact = order_c[lo + np.floor(rng.random(n_leads) * (hi - lo)).astype(np.int64)]
    assert (hi > lo).all()
    leads.insert(0, "lead_id", _ids("L", n_leads, 5))
    leads.insert(1, "account_id", acc_ids[lacc])
    leads.insert(2, "contact_id", contacts["contact_id"].to_numpy()[lead_contact])
    base_km = np.array([c[4] for c in B2B_CITIES], dtype=float)[names["city_idx"].to_numpy()[lacc]]
    leads["distance_km"] = np.round(base_km * (1 + rng.normal(0, 0.08, n_leads)).clip(0.8) + rng.uniform(2, 25, n_leads), 1)
    # won leads become orders on the won date
    won = leads[conv]
    won_orders = pd.DataFrame({"acc": lacc[conv], "order_date": won["won_date"].to_numpy().astype("datetime64[D]"),
                               "product": won["product_interest"].to_numpy(),
                               "won_amount": won["won_amount"].to_numpy(),
                               "won_qty": lead_truth["won_qty"][conv],
                               "won_disc": lead_truth["won_disc"][conv]})
    orders = pd.concat([orders, won_orders], ignore_index=True)

    # ---- order details
    n = len(orders)
    a = orders["acc"].to_numpy()
    prod = orders["product"].to_numpy()
    base_price = np.array([PRODUCTS[p][2] for p in prod])
    # copiers: per account model class (price level)
    acc_level = np.exp(0.25 * rng.standard_normal(n_acc) + 0.15 * z)
    price = base_price * np.where(prod == "copier", acc_level[a], 1.0) * np.exp(rng.normal(0, 0.08, n))
    price = np.where(base_price >= 1000, np.round(price, -1), np.round(price))
    qscale = (employees[a] / 100.0) ** 0.4
    bq = np.array([BASE_QTY[p] for p in prod])
    qty = np.maximum(1, np.round(bq * qscale * np.exp(rng.normal(0, 0.35, n)))).astype(np.int64)
    qty = np.where(np.isin(prod, ["service_contract", "installation"]), 1, qty)
    qty = np.where(prod == "copier", np.minimum(qty, 1 + (employees[a] >= 300) + (employees[a] >= 1500)), qty)
    disc = np.array([0.0, 0.02, 0.05, 0.08, 0.1])[rng.choice(5, n, p=[0.4, 0.2, 0.2, 0.12, 0.08])]
    disc = np.where(size_band[a] == "large", np.minimum(disc + 0.05, 0.15), disc)
    disc = np.round(disc, 2)
    is_won = orders["won_amount"].notna().to_numpy()
    qty = np.where(is_won, orders["won_qty"].fillna(1).to_numpy().astype(np.int64), qty)
    disc = np.where(is_won, orders["won_disc"].fillna(0).to_numpy(), disc)
    wa = orders["won_amount"].fillna(0).to_numpy()
    price = np.where(is_won, np.round(wa / (qty * (1 - disc)), 2), price)
    amount = np.round(qty * price * (1 - disc), 2)
    od = orders["order_date"].to_numpy().astype("datetime64[D]")
    # rep: the owner if employed on the date, otherwise any rep employed then
    employed = (hired[None, :] <= od[:, None]) & (np.isnat(left)[None, :] | (od[:, None] <= left[None, :]))
    is_owner = rep_ids[None, :] == owner[a][:, None]
    rep_choice = _rowwise_choice(rng, employed * (1 + 200 * is_owner) + 1e-12)
    out = pd.DataFrame({
        "account_id": acc_ids[a],
        "order_date": od,
        "product": prod,
        "product_name": [PRODUCTS[p][0] for p in prod],
        "category": [PRODUCTS[p][1] for p in prod],
        "quantity": qty,
        "unit_price": price,
        "amount": amount,
        "discount_rate": disc,
        "rep_id": rep_ids[rep_choice],
    })
    out = out.sort_values(["order_date", "account_id", "product"], kind="stable").reset_index(drop=True)
    out.insert(0, "order_id", _ids("O", len(out), 6))

    # ---- planted order anomalies
    b2b_anoms = []
    cand = np.flatnonzero((out["account_id"] != acc_ids[tb]).to_numpy() & (out["product"] != "copier").to_numpy()
                          & (out["order_date"] < np.datetime64("2026-01-01")).to_numpy())
    pick = rng.choice(cand, 10, replace=False)
    kinds = ["price_typo"] * 3 + ["negative_quantity"] * 2 + ["future_date"] * 2 + ["amount_mismatch"] * 3
    for i, kind in zip(pick, kinds, strict=True):
        row = out.loc[i]
        if kind == "price_typo":
            f = int(rng.integers(30, 101))
            out.loc[i, "unit_price"] = row["unit_price"] * f
            detail = f"unit_price typed {f}x too high, so amount is {f}x typical"
        elif kind == "negative_quantity":
            out.loc[i, "quantity"] = -row["quantity"]
            detail = "negative quantity (a return booked as an order)"
        elif kind == "future_date":
            d = _AS_OF + int(rng.integers(15, 200)) * _D
            out.loc[i, "order_date"] = d
            detail = f"order_date {d} is after the as-of date {AS_OF}"
        else:
            f = [10.0, 0.1, 1.5][len([x for x in b2b_anoms if x["kind"] == kind])]
            detail = f"amount is {f}x quantity*unit_price*(1-discount_rate)"
        q, p_, d_ = out.loc[i, ["quantity", "unit_price", "discount_rate"]]
        amt = round(float(q) * float(p_) * (1 - float(d_)), 2)
        if kind == "amount_mismatch":
            amt = round(amt * f, 2)
        out.loc[i, "amount"] = amt
        b2b_anoms.append({"order_id": out.loc[i, "order_id"], "kind": kind, "detail": detail})
    b2b_anoms.sort(key=lambda x: x["order_id"])
    anom_ids = {x["order_id"] for x in b2b_anoms}

    # ---- finish accounts
    clean = out[~out["order_id"].isin(anom_ids)]
    first_order = clean.groupby("account_id")["order_date"].min()
    last_order = clean.groupby("account_id")["order_date"].max()
    last_lead = leads.groupby("account_id")["created_date"].max()
    lc = pd.Series(last_contact.astype("datetime64[ns]"), index=acc_ids)
    not_left = ~pd.Series(acc_ids).isin(acc_ids[owner_left_idx]).to_numpy()
    for extra in (last_order, last_lead):
        ex = extra.reindex(acc_ids)
        upd = ex.notna().to_numpy() & not_left & (ex.to_numpy() > lc.to_numpy())
        lc[upd] = ex[upd]
    email_prefix = np.array(["info", "office", "admin", "contact", "service"])[rng.integers(0, 5, n_acc)]
    area = np.array([c[3] for c in B2B_CITIES])[names["city_idx"].to_numpy()]
    accounts = pd.DataFrame({
        "account_id": acc_ids,
        "account_name": names["account_name"].to_numpy(),
        "account_name_en": names["account_name_en"].to_numpy(),
        "industry": industry,
        "city": names["city"].to_numpy(),
        "city_en": names["city_en"].to_numpy(),
        "employees": employees,
        "size_band": size_band,
        "status": status,
        "owner_rep_id": owner,
        "last_contact_date": lc.to_numpy(),
        "first_order_date": first_order.reindex(acc_ids).to_numpy(),
        "credit_rating": credit,
        "phone": pd.Series(area) + "-8" + _digits(rng, n_acc, 7),
        "email": pd.Series(email_prefix) + "@" + names["domain"].reset_index(drop=True),
    })

    # ---- tickets
    n_t = max(100, round(SIZES["b2b_tickets"] * scale))
    tpool = np.flatnonzero(buying & (end >= np.datetime64("2020-06-01")))
    tw = weight[tpool] ** 0.6
    tacc = tpool[rng.choice(len(tpool), n_t, p=tw / tw.sum())]
    lo_t = np.maximum(start[tacc], np.datetime64("2020-01-01"))
    hi_t = np.maximum(end[tacc], lo_t)
    kinds_t = np.array(["repair", "complaint", "question", "maintenance"])
    kidx = rng.choice(4, n_t, p=[0.35, 0.12, 0.28, 0.25])
    hours = rng.gamma(2.0, np.array([2.0, 1.5, 0.4, 1.2])[kidx])
    sat = rng.random(n_t) < np.array([0.82, 0.45, 0.92, 0.9])[kidx]
    tickets = pd.DataFrame({
        "account_id": acc_ids[tacc],
        "opened_date": _uniform_dates(rng, lo_t, hi_t, n_t),
        "kind": kinds_t[kidx],
        "hours_spent": np.round(np.maximum(hours, 0.1), 1),
        "satisfied": pd.array(sat, dtype="boolean"),
    })
    tickets.loc[rng.random(n_t) < 0.15, "satisfied"] = pd.NA
    tickets = tickets.sort_values(["opened_date", "account_id"], kind="stable").reset_index(drop=True)
    tickets.insert(0, "ticket_id", _ids("T", n_t, 5))

    # ---- truth
    truth["textbook_account_index"] = tb
    truth["orphan_ids"] = sorted(acc_ids[orphan_idx].tolist())
    truth["owner_left_contacted_later_ids"] = sorted(acc_ids[distr_idx].tolist())
    truth["planted_due_2026_07"] = sorted(acc_ids[cyc[due_pick]].tolist())
    truth["copier_cycle_accounts"] = len(cyc)
    truth["b2b_order_anomalies"] = b2b_anoms
    truth["lead_model"] = lead_truth["model"]

    reps_out = reps.copy()
    tables = {"b2b_reps": reps_out, "b2b_accounts": accounts, "b2b_contacts": contacts,
              "b2b_leads": leads, "b2b_orders": out, "b2b_tickets": tickets}
    return tables, truth


def _lead_core(rng: np.random.Generator, n: int) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Lead attributes and outcome (everything but ids), vectorised for any ``n``.

    Conversion is logistic in money, authority, need, engagement and the
    source method (:data:`CONVERSION_MODEL`, :data:`METHOD_EFFECT`).
    """
    created = _uniform_dates(rng, np.datetime64("2024-01-01"), _AS_OF, n)
    m = rng.choice(len(METHODS), n, p=METHOD_P / METHOD_P.sum())
    eff = METHOD_EFFECT[m]
    money = rng.random(n) < 0.5
    authority = rng.random(n) < 0.45
    need = rng.random(n) < np.clip(0.5 + 0.12 * eff, 0.05, 0.95)
    engagement = np.clip(np.round(35 + 15 * need + 8 * money + 8 * eff + rng.normal(0, 15, n)), 0, 100).astype(np.int64)
    visits = rng.poisson(engagement / 20.0).astype(np.int64)
    cm = CONVERSION_MODEL
    logit = (cm["intercept"] + cm["money"] * money + cm["authority"] * authority + cm["need"] * need
             + cm["engagement_per_point"] * (engagement - 50) + eff)
    p = 1 / (1 + np.exp(-logit))
    converted = rng.random(n) < p
    days = (10 + rng.gamma(2.0, 30.0, n)).astype(np.int64)
    converted &= created + days * _D <= _AS_OF  # not signed yet by the as-of date
    s = np.clip(np.floor(p * 6 + rng.normal(0.8, 0.9, n)), 0, 4).astype(np.int64)
    s = np.where(converted, np.where(rng.random(n) < 0.8, 4, 3), s)
    stage = np.array(STAGES)[s]
    asked = np.where(s >= 2, rng.random(n) < 0.7, rng.random(n) < 0.1) | converted
    trial = rng.random(n) < 0.08 + 0.3 * need * (s >= 2)
    proposal = (s >= 4) | ((s == 3) & (rng.random(n) < 0.3))
    pc = np.array([0.6, 0.15, 0.07, 0.03, 0.07, 0.06, 0.02])
    pn = np.array([0.22, 0.30, 0.08, 0.12, 0.11, 0.11, 0.06])
    obj = _rowwise_choice(rng, np.where(converted[:, None], pc[None, :], pn[None, :]))
    obj = np.where(~authority & ~converted & (rng.random(n) < 0.3), 3, obj)
    cost = METHOD_COST[m] * np.exp(rng.normal(0, 0.3, n))
    prod_i = rng.choice(len(LEAD_PRODUCTS), n, p=LEAD_PRODUCT_P)
    prod = np.array(LEAD_PRODUCTS)[prod_i]
    base = np.array([PRODUCTS[x][2] for x in LEAD_PRODUCTS])[prod_i]
    qlo = np.array([1, 2, 2, 1, 1, 20])[prod_i]
    qhi = np.array([3, 10, 8, 5, 1, 100])[prod_i]
    qty = rng.integers(qlo, qhi + 1)
    unit = np.round(base * np.exp(rng.normal(0, 0.15, n)), -1)
    unit = np.where(prod == "service_contract", unit * rng.integers(1, 5, n), unit)
    disc = np.round(np.array([0.0, 0.03, 0.05, 0.08])[rng.choice(4, n, p=[0.3, 0.3, 0.25, 0.15])], 2)
    won_amount = np.where(converted, np.round(qty * unit * (1 - disc), 2), 0.0)
    won_date = np.where(converted, created + days * _D, np.datetime64("NaT"))
    df = pd.DataFrame({
        "created_date": pd.Series(created.astype("datetime64[ns]")),
        "source_method": np.array(METHODS)[m],
        "product_interest": prod,
        "money": money,
        "authority": authority,
        "need": need,
        "engagement": engagement,
        "site_visits": visits,
        "asked_quote": asked,
        "requested_trial": trial,
        "proposal_sent": proposal,
        "objection": np.array(OBJECTIONS)[obj],
        "distance_km": np.round(rng.lognormal(4.3, 0.7, n), 1),
        "stage": stage,
        "acquisition_cost": np.round(cost + np.where(np.isin(m, [9, 11]), 0, 0), 2),
        "converted": converted,
        "won_date": pd.Series(won_date.astype("datetime64[ns]")),
        "won_amount": won_amount,
        "days_to_contract": pd.array(np.where(converted, days, 0), dtype="Int64"),
    })
    df.loc[~converted, "days_to_contract"] = pd.NA
    model = {**CONVERSION_MODEL, "method_effect": dict(zip(METHODS, METHOD_EFFECT.tolist(), strict=True)),
             "note": "logit(p) = intercept + money*M + authority*A + need*N + "
                     "engagement_per_point*(engagement-50) + method_effect; leads whose contract "
                     "would fall after the as-of date stay unconverted"}
    return df, {"model": model, "won_qty": qty, "won_disc": disc}


# ----------------------------------------------------------------- B2C
def _b2c(rng: np.random.Generator, scale: float) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    n = max(200, round(SIZES["b2c_members"] * scale))
    female = rng.random(n) < 0.58
    name, _name_en, handle = _names(rng, female)
    grp = rng.choice(3, n, p=[0.45, 0.38, 0.17])
    age = np.select([grp == 0, grp == 1], [rng.integers(18, 35, n), rng.integers(35, 55, n)],
                    rng.integers(55, 79, n)).astype(np.int64)
    age_group = np.array(["young", "middle", "senior"])[grp]
    # occupation depends on age
    occ_p = np.tile(np.array([0.0, 0.45, 0.1, 0.15, 0.15, 0.0, 0.15]), (n, 1))
    occ_p[age < 24] = [0.6, 0.25, 0.02, 0.08, 0.0, 0.0, 0.05]
    occ_p[age >= 58] = [0.0, 0.08, 0.02, 0.03, 0.05, 0.8, 0.02]
    occ = _rowwise_choice(rng, occ_p)
    inc_p = np.array([[0.8, 0.18, 0.02], [0.2, 0.6, 0.2], [0.1, 0.65, 0.25], [0.3, 0.5, 0.2],
                      [0.05, 0.35, 0.6], [0.4, 0.5, 0.1], [0.4, 0.45, 0.15]])[occ]
    inc = _rowwise_choice(rng, inc_p)
    cities = np.array([c[0] for c in B2C_CITIES])
    cw = np.array([c[1] for c in B2C_CITIES])
    city = cities[rng.choice(len(cities), n, p=cw / cw.sum())]
    join = _uniform_dates(rng, np.datetime64("2018-01-01"), _AS_OF - 30 * _D, n)
    qq = rng.random(n) < 0.4
    mail_dom = np.array(["163.com", "126.com", "sina.com", "outlook.com", "foxmail.com"])[rng.integers(0, 5, n)]
    email = np.where(qq, pd.Series(rng.integers(10**7, 10**10, n)).astype(str) + "@qq.com",
                     handle + _digits(rng, n, 2) + "@" + pd.Series(mail_dom))
    members = pd.DataFrame({
        "member_id": _ids("M", n, 5), "member_name": name, "gender": np.where(female, "F", "M"),
        "age": age, "age_group": age_group, "occupation": np.array(OCCUPATIONS)[occ],
        "income_band": np.array(INCOME_BANDS)[inc], "city": city,
        "join_date": join.astype("datetime64[ns]"), "phone": _mobiles(rng, n), "email": email,
    })

    # spend weight (frequency) -> 80/20, and discount propensity
    w = np.exp(1.35 * rng.standard_normal(n)) * np.array([0.8, 1.0, 1.5])[inc]
    hunters = rng.random(n) < 0.08
    prop = np.where(hunters, rng.beta(30, 1, n), rng.beta(0.8, 2.5, n))
    nt = max(1000, round(SIZES["b2c_transactions"] * scale))
    active_days = _days(join, _AS_OF).astype(float)
    pw = w * active_days
    midx = rng.choice(n, nt, p=pw / pw.sum())
    tdate = _uniform_dates(rng, join[midx], _AS_OF, nt)
    store = np.where(rng.random(nt) < 0.88, city[midx], cities[rng.choice(len(cities), nt, p=cw / cw.sum())])
    disc_used = rng.random(nt) < prop[midx]

    # baskets: base items, then planted rules and the negative pair
    item_names = np.array([i[0] for i in ITEMS])
    iw = np.array([i[4] for i in ITEMS])
    k = 1 + rng.poisson(1.8, nt)
    tx = np.repeat(np.arange(nt), k)
    it = rng.choice(len(ITEMS), len(tx), p=iw / iw.sum())
    bk = pd.DataFrame({"tx": tx, "it": it}).drop_duplicates()
    pos = {name_: i for i, name_ in enumerate(item_names)}
    adds = []
    for ante, cons, prob in PLANTED_RULES:
        has = bk.loc[bk["it"] == pos[ante], "tx"].to_numpy()
        adds.append(pd.DataFrame({"tx": has[rng.random(len(has)) < prob], "it": pos[cons]}))
    bk = pd.concat([bk, *adds], ignore_index=True).drop_duplicates()
    a_, b_, prob = NEGATIVE_PAIR
    cat_tx = bk.loc[bk["it"] == pos[a_], "tx"].to_numpy()
    drop_tx = cat_tx[rng.random(len(cat_tx)) < prob]
    bk = bk[~((bk["it"] == pos[b_]) & bk["tx"].isin(drop_tx))]
    bk = bk.sort_values(["tx", "it"], kind="stable").reset_index(drop=True)
    cat = np.array([i[2] for i in ITEMS])[bk["it"].to_numpy()]
    multi = np.isin(cat, ["food", "personal_care", "stationery", "pets"])
    qtyb = np.where(multi, 1 + rng.geometric(0.6, len(bk)) - 1, 1).astype(np.int64)
    unit = np.array([i[3] for i in ITEMS])[bk["it"].to_numpy()]
    total = pd.Series(unit * qtyb).groupby(bk["tx"].to_numpy()).sum().reindex(np.arange(nt), fill_value=0).to_numpy()
    amount = np.round(np.where(disc_used, total * B2C_DISCOUNT, total), 2)

    txn = pd.DataFrame({"tx": np.arange(nt), "member_id": members["member_id"].to_numpy()[midx],
                        "txn_date": tdate, "store_city": store, "amount": amount, "discount_used": disc_used})
    txn = txn.sort_values(["txn_date", "member_id", "tx"], kind="stable").reset_index(drop=True)
    txn["txn_id"] = _ids("X", nt, 6)
    id_of = pd.Series(txn["txn_id"].to_numpy(), index=txn["tx"].to_numpy())
    items = pd.DataFrame({
        "txn_id": id_of.reindex(bk["tx"].to_numpy()).to_numpy(),
        "item": item_names[bk["it"].to_numpy()],
        "item_en": np.array([i[1] for i in ITEMS])[bk["it"].to_numpy()],
        "category": cat, "unit_price": unit, "quantity": qtyb,
    }).sort_values(["txn_id"], kind="stable").reset_index(drop=True)
    txn = txn[["txn_id", "member_id", "txn_date", "store_city", "amount", "discount_used"]].copy()
    txn["txn_date"] = txn["txn_date"].to_numpy().astype("datetime64[ns]")

    # planted B2C anomalies
    anoms = []
    pick = rng.choice(np.flatnonzero(txn["txn_date"] < np.datetime64("2026-01-01")), 5, replace=False)
    join_of = members.set_index("member_id")["join_date"]
    for i, kind in zip(pick, ["huge_amount", "huge_amount", "negative_amount", "future_date", "before_join"],
                       strict=True):
        if kind == "huge_amount":
            f = int(rng.integers(40, 80))
            txn.loc[i, "amount"] = round(float(txn.loc[i, "amount"]) * f, 2)
            detail = f"amount is {f}x the basket total"
        elif kind == "negative_amount":
            txn.loc[i, "amount"] = -float(txn.loc[i, "amount"])
            detail = "negative amount (a refund booked as a sale)"
        elif kind == "future_date":
            txn.loc[i, "txn_date"] = pd.Timestamp(_AS_OF + int(rng.integers(10, 300)) * _D)
            detail = "txn_date after the as-of date"
        else:
            jd = join_of[txn.loc[i, "member_id"]]
            txn.loc[i, "txn_date"] = jd - pd.Timedelta(days=int(rng.integers(30, 400)))
            detail = "txn_date before the member joined"
        anoms.append({"txn_id": txn.loc[i, "txn_id"], "kind": kind, "detail": detail})
    anoms.sort(key=lambda x: x["txn_id"])
    truth = {"b2c_txn_anomalies": anoms,
             "planted_discount_hunters": sorted(members["member_id"].to_numpy()[hunters].tolist())}
    return {"b2c_members": members, "b2c_transactions": txn, "b2c_basket_items": items}, truth


# ----------------------------------------------------------------- public API
def _finalize(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """Order columns as in the schema and give them the dtypes :func:`course.data.load` returns."""
    spec = SCHEMAS[name]["columns"]
    df = df[list(spec)].copy()
    for col, s in spec.items():
        dt = s["dtype"]
        if dt == "date":
            df[col] = pd.to_datetime(df[col]).astype("datetime64[ns]")
        elif dt == "bool":
            df[col] = df[col].astype("boolean") if df[col].isna().any() else df[col].astype(bool)
        elif dt == "int":
            df[col] = df[col].astype("Int64") if df[col].isna().any() else df[col].astype(np.int64)
        elif dt == "float":
            df[col] = df[col].astype(float)
        else:
            df[col] = df[col].astype("str")
    return df.reset_index(drop=True)


def _generate(seed: int, scale: float) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    rng = np.random.default_rng(seed)
    b2b, t1 = _b2b(rng, scale)
    b2c, t2 = _b2c(rng, scale)
    tables = {**b2b, **b2c}
    tables = {name: _finalize(tables[name], name) for name in SCHEMAS}
    return tables, {**t1, **t2}


def generate(seed: int = DEFAULT_SEED, scale: float = 1.0) -> dict[str, pd.DataFrame]:
    """Generate every bundled table.

    Parameters
    ----------
    seed : int
        Seed of the :class:`numpy.random.Generator`; same seed, same data.
    scale : float
        Multiplies the row counts (1.0 gives the committed sizes: ~600
        accounts, ~3,000 leads, ~9,000 orders, ~20,000 transactions).

    Returns
    -------
    dict[str, pandas.DataFrame]
        Table name -> frame, columns and dtypes as in :mod:`course.schemas`.

    Examples
    --------
    >>> t = generate(seed=2026, scale=0.1)
    >>> sorted(t)[:2]
    ['b2b_accounts', 'b2b_contacts']
    """
    return _generate(seed, scale)[0]


def _rule_stats(items: pd.DataFrame, a: str, b: str) -> dict[str, Any]:
    baskets = items.groupby("txn_id")["item"].agg(frozenset)
    n = len(baskets)
    has_a = baskets.map(lambda s: a in s)
    has_b = baskets.map(lambda s: b in s)
    n_a, n_b, n_ab = int(has_a.sum()), int(has_b.sum()), int((has_a & has_b).sum())
    conf = n_ab / n_a
    return {"antecedent": a, "consequent": b, "n_baskets": n, "count_antecedent": n_a,
            "count_consequent": n_b, "count_both": n_ab, "support": round(n_ab / n, 6),
            "confidence": round(conf, 6), "lift": round(conf / (n_b / n), 6)}


def _mean_interval_due(dates: pd.Series) -> tuple[float, float, pd.Timestamp]:
    d = dates.sort_values()
    gaps = d.diff().dt.days.dropna()
    mean = (d.iloc[-1] - d.iloc[0]).days / (len(d) - 1)
    return mean, float(gaps.median()), d.iloc[-1] + pd.Timedelta(days=round(mean))


def ground_truth(tables: dict[str, pd.DataFrame], planted: dict[str, Any], seed: int) -> dict[str, Any]:
    """Measure the planted structure on ``tables`` (what ``ground_truth.json`` holds)."""
    orders, leads, accounts = tables["b2b_orders"], tables["b2b_leads"], tables["b2b_accounts"]
    reps = tables["b2b_reps"]
    anom_ids = [x["order_id"] for x in planted["b2b_order_anomalies"]]
    clean = orders[~orders["order_id"].isin(anom_ids)]
    rev = clean.groupby("account_id")["amount"].sum()
    txn, members = tables["b2c_transactions"], tables["b2c_members"]
    tanom = [x["txn_id"] for x in planted["b2c_txn_anomalies"]]
    spend = txn[~txn["txn_id"].isin(tanom)].groupby("member_id")["amount"].sum()
    spend = spend.reindex(members["member_id"], fill_value=0.0)

    def man_label(df: pd.DataFrame) -> pd.Series:
        return (np.where(df["money"], "M", "m") + pd.Series(np.where(df["authority"], "A", "a"), index=df.index)
                + np.where(df["need"], "N", "n"))

    by_man = leads.groupby(man_label(leads))["converted"].mean().round(4)
    g = leads.groupby("source_method")
    meth = pd.DataFrame({"leads": g.size(), "conversion_rate": g["converted"].mean().round(4),
                         "cost_per_lead": g["acquisition_cost"].mean().round(2),
                         "wins": g["converted"].sum()})
    meth["cost_per_win"] = (g["acquisition_cost"].sum() / meth["wins"]).round(2)
    stage = leads.groupby("stage")["converted"].mean().reindex(STAGES).round(4)

    cop = clean[clean["product"] == "copier"]
    tb_id = accounts["account_id"].iloc[planted["textbook_account_index"]]
    tb_dates = cop.loc[cop["account_id"] == tb_id, "order_date"]
    mean_i, med_i, due = _mean_interval_due(tb_dates)
    counts = cop.groupby("account_id").size()
    due_rows = []
    for acc, d in cop.groupby("account_id")["order_date"]:
        if len(d) >= 2:
            m_, _, nd = _mean_interval_due(d)
            due_rows.append((acc, len(d), round(m_ / 365.25, 2), nd))
    due_df = pd.DataFrame(due_rows, columns=["account_id", "n", "interval_years", "next_due"])
    july = due_df[(due_df["next_due"] >= "2026-07-01") & (due_df["next_due"] <= "2026-07-31")]

    left = reps.set_index("rep_id")["left_date"]
    own_left = accounts["owner_rep_id"].map(left)
    orphan = accounts[own_left.notna() & (accounts["last_contact_date"] < own_left)]

    items = tables["b2c_basket_items"]
    disc_share = txn.groupby("member_id")["discount_used"].agg(["mean", "size"])
    always = disc_share[(disc_share["size"] >= 5) & (disc_share["mean"] >= 0.9)]
    return {
        "as_of": AS_OF,
        "seed": seed,
        "generator_version": GENERATOR_VERSION,
        "businesses": {"b2b": "华信办公设备有限公司 (Huaxin Office Equipment Co., Ltd.)",
                       "b2c": "悦享生活馆 (Yuexiang Living)"},
        "rows": {name: len(df) for name, df in tables.items()},
        "revenue_concentration": {
            "definition": "share of total amount from the top 20% (rounded up) of accounts/members, "
                          "planted anomalies excluded; B2C includes members with no purchases",
            "b2b_accounts_with_orders": len(rev),
            "b2b_top20_share": round(_top_share(rev), 4),
            "b2c_members": len(spend),
            "b2c_top20_share": round(_top_share(spend), 4),
        },
        "conversion": {
            "overall": round(float(leads["converted"].mean()), 4),
            "by_man": {k: float(v) for k, v in by_man.sort_values(ascending=False).items()},
            "man_note": "upper case = true, lower case = false (MAN = money, authority, need)",
            "by_source_method": {k: {c: (int(v) if c in ("leads", "wins") else float(v)) for c, v in row.items()}
                                 for k, row in meth.sort_values("conversion_rate", ascending=False).iterrows()},
            "best_method": str(meth["conversion_rate"].idxmax()),
            "cheapest_per_win": str(meth["cost_per_win"].idxmin()),
            "worst_method": str(meth["conversion_rate"].idxmin()),
            "by_stage": {k: float(v) for k, v in stage.items()},
            "model": planted["lead_model"],
            "leaky_column": "days_to_contract",
        },
        "replacement_cycles": {
            "textbook_account": {
                "account_id": tb_id,
                "account_name": TEXTBOOK_NAME[0],
                "account_name_en": TEXTBOOK_NAME[1],
                "first_order_date": TEXTBOOK_FIRST_ORDER,
                "copier_purchases": [d.strftime("%Y-%m-%d") for d in tb_dates.sort_values()],
                "mean_interval_days": round(mean_i, 1),
                "median_interval_days": med_i,
                "next_due": due.strftime("%Y-%m-%d"),
            },
            "definition": "next_due = last copier purchase + mean interval "
                          "((last - first) / (purchases - 1)); anomalies excluded",
            "planted_due_2026_07": planted["planted_due_2026_07"],
            "due_2026_07": july["account_id"].tolist(),
            "accounts_with_repeat_copiers": int((counts >= 2).sum()),
            "one_off_copier_accounts": int((counts == 1).sum()),
            "interval_years_range": [3.0, 6.0],
        },
        "orphaned_accounts": {
            "definition": "owner_rep_id is a rep who has left (left_date set) and "
                          "last_contact_date < that rep's left_date",
            "ids": sorted(orphan["account_id"].tolist()),
            "planted_ids": planted["orphan_ids"],
            "owner_left_but_contacted_later": planted["owner_left_contacted_later_ids"],
        },
        "cross_sell_rules": [_rule_stats(items, a, b) for a, b, _ in PLANTED_RULES],
        "negative_pair": _rule_stats(items, NEGATIVE_PAIR[0], NEGATIVE_PAIR[1]),
        "anomalies": {"b2b_orders": planted["b2b_order_anomalies"],
                      "b2c_transactions": planted["b2c_txn_anomalies"]},
        "price_sensitivity": {
            "definition": "members with >= 5 transactions who used a discount in >= 90% of them",
            "always_discount_members": always.index.tolist(),
            "planted_discount_hunters": len(planted["planted_discount_hunters"]),
            "overall_discount_share": round(float(txn["discount_used"].mean()), 4),
        },
    }


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """The kit's CSV encoding of a table: UTF-8, ISO dates, ``true``/``false``, empty = missing."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_bool_dtype(s):
            out[col] = s.map({True: "true", False: "false"}).astype(object)
            out.loc[s.isna(), col] = ""
    return out.to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\n").encode("utf-8")


def write(out_dir: str | Path = "datasets", seed: int = DEFAULT_SEED, scale: float = 1.0) -> list[Path]:
    """Write every table as ``<name>.csv`` plus ``ground_truth.json`` to ``out_dir``.

    Returns the written paths.  Same seed -> byte-identical files.

    Examples
    --------
    >>> write("/tmp/ds", seed=2026)              # doctest: +SKIP
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tables, planted = _generate(seed, scale)
    paths = []
    for name, df in tables.items():
        p = out / f"{name}.csv"
        p.write_bytes(to_csv_bytes(df))
        paths.append(p)
    gt = ground_truth(tables, planted, seed)
    p = out / "ground_truth.json"
    p.write_text(json.dumps(gt, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    paths.append(p)
    return paths


def big_leads(n: int = 1_000_000, seed: int = 0) -> pd.DataFrame:
    """A large leads table (``b2b_leads`` columns) for benchmarks.

    Same distributions as the bundled leads; account and contact ids are
    synthetic (about 5 leads per account).  1M rows take a few seconds.

    Examples
    --------
    >>> df = big_leads(10_000, seed=1)
    >>> list(df.columns) == list(SCHEMAS["b2b_leads"]["columns"])
    True
    """
    rng = np.random.default_rng(seed)
    df, _ = _lead_core(rng, n)
    n_acc = max(1, n // 5)
    acc = rng.integers(1, n_acc + 1, n)
    width = max(4, len(str(n_acc)))
    df.insert(0, "lead_id", _ids("L", n, max(5, len(str(n)))))
    df.insert(1, "account_id", "A" + pd.Series(acc).astype(str).str.zfill(width))
    df.insert(2, "contact_id", "C" + pd.Series(acc * 3 + rng.integers(0, 3, n)).astype(str).str.zfill(width + 1))
    return _finalize(df, "b2b_leads")


def data_dictionary_markdown() -> str:
    """The bilingual data dictionary (Markdown) generated from :mod:`course.schemas`.

    ``datasets/README.md`` embeds it verbatim; a test keeps them in sync.
    """
    lines = ["<!-- data dictionary: generated by course.datagen.data_dictionary_markdown(); "
             "do not edit by hand -->", ""]
    for name, spec in SCHEMAS.items():
        d = spec["description"]
        lines += [f"### `{name}` — {name}.csv", "", d["en"], "", d["zh"], ""]
        lines += ["| column 列 | type 类型 | required 必需 | description | 说明 |",
                  "|---|---|---|---|---|"]
        for col, c in spec["columns"].items():
            req = "yes 是" if c["required"] else "no 否"
            en = c["description"]["en"].replace("|", "\\|")
            zh = c["description"]["zh"].replace("|", "\\|")
            lines.append(f"| `{col}` | {c['dtype']} | {req} | {en} | {zh} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``--out DIR --seed N`` writes the datasets; ``--big N`` a big leads CSV."""
    ap = argparse.ArgumentParser(prog="generate.py", description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=None, help="output folder (default: datasets/, or datasets/big/ with --big)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default 2026)")
    ap.add_argument("--big", type=int, default=None, metavar="N",
                    help="write a leads CSV with N rows for benchmarks instead")
    args = ap.parse_args(argv)
    root = Path(__file__).resolve().parent.parent / "datasets"
    if args.big is not None:
        out = Path(args.out) if args.out else root / "big"
        out.mkdir(parents=True, exist_ok=True)
        p = out / f"b2b_leads_{args.big}.csv"
        p.write_bytes(to_csv_bytes(big_leads(args.big, seed=args.seed)))
        print(f"wrote {p}")
        return 0
    paths = write(Path(args.out) if args.out else root, seed=args.seed)
    for p in paths:
        print(f"wrote {p}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
