"""Chapter 4 claims: 80/20, ABC, RFM, best and worst customers."""

from __future__ import annotations

from course.claims import Data, claim


@claim("ch04.accounts", "accounts in the archive", "档案中的客户单位数", "int")
def _accounts(d: Data):
    return len(d.table("b2b_accounts"))


def _share(d: Data) -> float:
    from course import records

    return d.result("ch04.share", lambda: float(records.pareto_share(d.table("b2b_orders"), top=0.2)))


@claim("ch04.top20_share", "share of order value from the top 20% of buying accounts", "前 20% 采购客户贡献的订单金额占比",
       "pct0")
def _top20(d: Data):
    return _share(d)


@claim("ch04.top20_share_words", "the same share in words", "同一比例的文字说法",
       lambda v, lang: ("three quarters" if lang == "en" else "四分之三") if 0.7 <= v < 0.8
       else (f"{v:.0%}" if lang == "en" else f"{100 * v:.0f}%"))
def _words(d: Data):
    return _share(d)


@claim("ch04.top20_is_80_20", "Huaxin's revenue is concentrated like the 80/20 rule says (top fifth between 70% and 85%)",
       "华信的收入集中度符合二八定律（前五分之一客户占 70% 到 85%）", holds=lambda v: 0.7 <= v["share"] <= 0.85)
def _is_80_20(d: Data):
    return {"share": _share(d)}


def _abc(d: Data):
    from course import records

    return d.result("ch04.abc", lambda: records.abc_summary(records.pareto_table(d.table("b2b_orders"))))


@claim("ch04.class_a_customers", "share of customers in class A", "A 类客户占客户数的比例", "pct0")
def _a(d: Data):
    return float(_abc(d).loc["A", "customer_share"])


@claim("ch04.class_c_customers", "share of customers in class C", "C 类客户占客户数的比例", "pct0")
def _c(d: Data):
    return float(_abc(d).loc["C", "customer_share"])


@claim("ch04.class_c_revenue", "share of revenue from class C", "C 类客户贡献的收入占比", "pct0")
def _c_rev(d: Data):
    return float(_abc(d).loc["C", "revenue_share"])


@claim("ch04.abc_shape", "class A is the smallest group and class C the largest", "A 类客户最少，C 类客户最多",
       holds=lambda v: v["A"] < v["B"] < v["C"])
def _shape(d: Data):
    table = _abc(d)
    return {k: int(table.loc[k, "customers"]) for k in ("A", "B", "C")}


def _rfm(d: Data):
    from course import records

    return d.result("ch04.rfm", lambda: records.rfm_table(d.table("b2c_transactions"), as_of="2026-06-30"))


@claim("ch04.rows_after_as_of", "transactions dated after the as-of date", "日期晚于数据日期的交易笔数", "int")
def _after(d: Data):
    return int(_rfm(d).attrs["rows_after_as_of"])


def _segments(d: Data):
    from course import records

    return d.result("ch04.rfm_summary", lambda: records.rfm_summary(_rfm(d)))


@claim("ch04.champions_members", "share of members who are champions", "明星客户占会员的比例", "pct0")
def _champ(d: Data):
    return float(_segments(d).loc["champions", "customer_share"])


@claim("ch04.champions_spend", "share of spend from champions", "明星客户贡献的消费额占比", "pct0")
def _champ_spend(d: Data):
    return float(_segments(d).loc["champions", "revenue_share"])


@claim("ch04.champions_carry_most", "champions carry more than half of the spend with far fewer than half of the members",
       "明星客户人数远不到一半，却贡献了一半以上的消费额",
       holds=lambda v: v["spend_share"] > 0.5 and v["member_share"] < 0.35)
def _carry(d: Data):
    s = _segments(d)
    return {"spend_share": float(s.loc["champions", "revenue_share"]),
            "member_share": float(s.loc["champions", "customer_share"])}


def _card(d: Data):
    from course import records

    return d.result("ch04.card", lambda: records.customer_scorecard(d.table("b2b_orders"), d.table("b2b_tickets"),
                                                                    d.table("b2b_accounts"), as_of="2026-06-30"))


@claim("ch04.worst_serve_more", "worst customers need far more service hours per ¥10,000 than best ones (medians)",
       "最差客户每万元收入耗用的服务工时远多于最佳客户（中位数）",
       holds=lambda v: v["worst_median"] > 5 * max(v["best_median"], 0.01))
def _serve(d: Data):
    card = _card(d)
    return {"worst_median": float(card.loc[card["verdict"] == "worst", "hours_per_10k"].median()),
            "best_median": float(card.loc[card["verdict"] == "best", "hours_per_10k"].median())}


@claim("ch04.worst_buy_little", "worst customers bought far less than best ones (median revenue)",
       "最差客户的采购额远低于最佳客户（收入中位数）",
       holds=lambda v: v["worst_median"] * 5 < v["best_median"])
def _little(d: Data):
    card = _card(d)
    return {"worst_median": float(card.loc[card["verdict"] == "worst", "revenue"].median()),
            "best_median": float(card.loc[card["verdict"] == "best", "revenue"].median())}


@claim("ch04.no_service_accounts", "buying accounts with no service ticket", "没有任何服务工单的采购客户数", "int")
def _idle(d: Data):
    return int((_card(d)["hours_per_10k"] <= 0).sum())
