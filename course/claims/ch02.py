"""Chapter 2 claims: methods on the data, orphans, replacement cycles, the funnel, customer source."""

from __future__ import annotations

import pandas as pd

from course.claims import Data, claim


def _effect(d: Data):
    from course import finding

    return d.result("ch02.effect", lambda: finding.method_effectiveness(d.table("b2b_leads")))


@claim("ch02.best_method_rate", "conversion rate of the best method", "成交率最高的方法的成交率", "pct")
def _best_rate(d: Data):
    return float(_effect(d)["conversion_rate"].max())


@claim("ch02.referral_best_and_cheapest", "referral converts best and costs least per won customer",
       "介绍法成交率最高，每成交一家的成本也最低",
       holds=lambda v: v["best_conversion"] == "referral" == v["cheapest_per_win"])
def _referral(d: Data):
    e = _effect(d)
    return {"best_conversion": str(e["conversion_rate"].idxmax()), "cheapest_per_win": str(e["cost_per_win"].idxmin())}


@claim("ch02.referral_cost_per_win", "referral's cost per won customer", "介绍法每成交一家的成本", "money")
def _referral_cost(d: Data):
    return float(_effect(d).loc["referral", "cost_per_win"])


@claim("ch02.door_to_door_worst", "door-to-door search converts worst and costs most per won customer",
       "地毯式访问成交率最低，每成交一家的成本最高",
       holds=lambda v: v["worst_conversion"] == "door_to_door" == v["dearest_per_win"])
def _door(d: Data):
    e = _effect(d)
    return {"worst_conversion": str(e["conversion_rate"].idxmin()), "dearest_per_win": str(e["cost_per_win"].idxmax())}


@claim("ch02.door_to_door_rate", "door-to-door conversion rate", "地毯式访问的成交率", "pct")
def _door_rate(d: Data):
    return float(_effect(d).loc["door_to_door", "conversion_rate"])


@claim("ch02.door_to_door_cost_per_win", "door-to-door cost per won customer", "地毯式访问每成交一家的成本", "money")
def _door_cost(d: Data):
    return float(_effect(d).loc["door_to_door", "cost_per_win"])


@claim("ch02.advertising_cost_per_win", "advertising cost per won customer", "广告法每成交一家的成本", "money")
def _ad_cost(d: Data):
    return float(_effect(d).loc["advertising", "cost_per_win"])


@claim("ch02.advertising_dear", "advertising costs more per win than every method but door-to-door",
       "广告法每成交一家的成本仅次于地毯式访问",
       holds=lambda v: v["second_dearest"] == "advertising")
def _ad(d: Data):
    return {"second_dearest": str(_effect(d)["cost_per_win"].sort_values(ascending=False).index[1])}


@claim("ch02.online_most_leads", "online search brings the most leads, at a middling conversion rate",
       "网络搜索带来的线索最多，成交率居中",
       holds=lambda v: v["most_leads"] == "online_search" and v["rank_by_conversion"] in range(3, 10))
def _online(d: Data):
    e = _effect(d)
    rank = list(e["conversion_rate"].sort_values(ascending=False).index).index("online_search") + 1
    return {"most_leads": str(e["leads"].idxmax()), "rank_by_conversion": rank}


@claim("ch02.orphans", "number of orphaned accounts", "无人跟进的客户数", "int")
def _orphans(d: Data):
    from course import finding

    return len(finding.orphaned_accounts(d.table("b2b_accounts"), d.table("b2b_reps"), as_of="2026-06-30"))


@claim("ch02.owner_left_contacted_later", "accounts whose owner left but were contacted later",
       "负责人离职但之后有人联系过的客户数", "int")
def _later(d: Data):
    accounts, reps = d.table("b2b_accounts"), d.table("b2b_reps")
    left = accounts["owner_rep_id"].map(reps.set_index("rep_id")["left_date"])
    return int((left.notna() & (accounts["last_contact_date"] >= left)).sum())


def _cycles(d: Data):
    from course import finding

    return d.result("ch02.cycles", lambda: finding.repurchase_intervals(d.table("b2b_orders"), product="copier",
                                                                        as_of="2026-06-30"))


def _a42(field: str):
    return lambda d: _cycles(d).loc["A0042", field]


@claim("ch02.a0042.customer_years", "A0042's years as a customer", "A0042 的合作年数", "num1")
def _a42_years(d: Data):
    return float(_a42("customer_years")(d))


@claim("ch02.a0042.purchases", "A0042's copier purchases", "A0042 买复印机的次数", "int")
def _a42_n(d: Data):
    return int(_a42("purchases")(d))


@claim("ch02.a0042.rule_of_thumb", "A0042's years per purchase", "A0042 的年数 ÷ 次数", "num1")
def _a42_rule(d: Data):
    return float(_a42("rule_of_thumb_years")(d))


@claim("ch02.a0042.median_days", "A0042's median gap between copiers (days)", "A0042 两次购买间隔的中位数（天）", "int")
def _a42_median(d: Data):
    return int(_a42("interval_days")(d))


@claim("ch02.a0042.last", "A0042's last copier", "A0042 最近一次买复印机的日期", "date")
def _a42_last(d: Data):
    return _a42("last_purchase")(d)


@claim("ch02.a0042.machine_age", "age of A0042's copier on 2026-06-30 (years)", "A0042 的复印机到 2026-06-30 的机龄（年）",
       "num0")
def _a42_age(d: Data):
    return (pd.Timestamp("2026-06-30") - _a42("last_purchase")(d)).days / 365.25


@claim("ch02.a0042.next_due", "A0042's next copier, by the median gap", "按间隔中位数推算的 A0042 下次换机日期", "date")
def _a42_due(d: Data):
    return _a42("next_due")(d)


@claim("ch02.a0042.next_due_mean", "A0042's next copier, by the average of the span", "按跨度平均推算的 A0042 下次换机日期",
       "date")
def _a42_due_mean(d: Data):
    from course import finding

    dates = d.table("b2b_orders")
    dates = dates.loc[(dates["account_id"] == "A0042") & (dates["product"] == "copier"), "order_date"]
    return dates.max() + pd.Timedelta(days=round(finding.interval_from_dates(dates, method="mean")))


@claim("ch02.a0042_due_around_july", "both ways, A0042's call falls between mid-June and mid-July 2026",
       "两种算法下，A0042 的电话都落在 2026 年 6 月中到 7 月中之间",
       holds=lambda v: all(pd.Timestamp("2026-06-15") <= x <= pd.Timestamp("2026-07-15") for x in v.values()))
def _a42_window(d: Data):
    return {"median": _a42_due(d), "mean": _a42_due_mean(d)}


@claim("ch02.due_july", "accounts due for a copier in July 2026 (with enough occasions)", "2026 年 7 月到期的客户数", "int")
def _due(d: Data):
    from course import finding

    return len(finding.due_in_month(d.table("b2b_orders"), "2026-07", product="copier", grace_days=0))


@claim("ch02.too_few", "copier buyers with two buying occasions (no due date)", "只有两次采购（定不出到期日）的复印机客户数",
       "int")
def _too_few(d: Data):
    return int((_cycles(d)["regularity"] == "too_few").sum())


@claim("ch02.one_occasion", "copier buyers with one buying occasion", "只有一次采购的复印机客户数", "int")
def _one(d: Data):
    return int((_cycles(d)["regularity"] == "unknown").sum())


def _fleets(d: Data) -> list[str]:
    import json

    from course.data import datasets_dir

    truth = json.loads((datasets_dir() / "ground_truth.json").read_text(encoding="utf-8"))
    return [f["account_id"] for f in truth["replacement_cycles"]["fleet_expansions"]]


def _merged(d: Data):
    table = _cycles(d)
    return table[table["occasions"] < table["purchases"]]


@claim("ch02.merged_accounts", "copier accounts with purchases merged into one occasion", "有购买被合并为一次采购的复印机客户数",
       "int")
def _n_merged(d: Data):
    return len(_merged(d))


@claim("ch02.fleet_is_one_occasion", "the planted fleet expansions are merged and keep a cycle of years",
       "埋入的扩充机队都被合并为一次采购，周期仍以年计",
       holds=lambda v: v["fleets_merged"] and v["shortest_fleet_interval_years"] > 2)
def _fleet_check(d: Data):
    merged = _merged(d)
    fleets = _fleets(d)
    return {"fleets_merged": set(fleets) <= set(merged.index),
            "shortest_fleet_interval_years": float(_cycles(d).loc[fleets, "interval_years"].min())}


@claim("ch02.members_mostly_irregular", "most Yuexiang members with a repeat purchase are irregular shoppers",
       "在悦享生活馆买过不止一次的会员，大多数购物没有规律",
       holds=lambda v: v["irregular"] > v["regular"] + v["too_few"])
def _members(d: Data):
    from course import finding

    table = finding.repurchase_intervals(d.table("b2c_transactions"), customer="member_id", date="txn_date",
                                         as_of="2026-06-30", same_occasion_days=0)
    counts = table["regularity"].value_counts()
    return {k: int(counts.get(k, 0)) for k in ("irregular", "regular", "too_few")}


def _funnel(d: Data):
    from course import finding

    return d.result("ch02.funnel", lambda: finding.funnel_from_stages(d.table("b2b_leads"), d.table("b2b_accounts")))


@claim("ch02.funnel_keep_low", "the smallest share of a stage that reaches the next, after first contact",
       "接触之后，相邻两阶段间留存比例的最小值", "pct0")
def _keep_low(d: Data):
    return float(_funnel(d)["step_conversion"].iloc[2:].min())


@claim("ch02.funnel_keep_high", "the largest share of a stage that reaches the next, after first contact",
       "接触之后，相邻两阶段间留存比例的最大值", "pct0")
def _keep_high(d: Data):
    return float(_funnel(d)["step_conversion"].iloc[2:].max())


@claim("ch02.funnel_win_all", "win rate of all targets", "全部目标对象的成交率", "pct")
def _win_all(d: Data):
    return float(_funnel(d)["win_rate"].iloc[0])


@claim("ch02.funnel_win_plan", "win rate of leads that reached an activity plan", "进入活动计划的线索的成交率", "pct")
def _win_plan(d: Data):
    return float(_funnel(d).loc["plan", "win_rate"])


@claim("ch02.funnel_win_rises", "the win rate rises at every stage of the funnel", "漏斗每往下一层，成交率都更高",
       holds=lambda v: v["rising"])
def _rises(d: Data):
    rate = _funnel(d)["win_rate"].iloc[1:]
    return {"rising": bool(rate.is_monotonic_increasing)}


@claim("ch02.strict_funnel_trade_off", "the strict criteria raise the plan's win rate but lose eventual customers",
       "严格的标准提高了计划阶段的成交率，却筛掉了一些最终会成交的客户",
       holds=lambda v: v["plan_win_rate"] > v["all_win_rate"] and v["customers_lost"] > 0)
def _strict(d: Data):
    from course import finding

    leads = d.table("b2b_leads")
    strict = finding.FunnelCriteria(min_engagement=40, require_need=True, require_money=True, plan_capacity=300)
    table = finding.selection_funnel(leads, strict)
    return {"plan_win_rate": float(table["win_rate"].iloc[-1]), "all_win_rate": float(table["win_rate"].iloc[0]),
            "customers_lost": int(table["wins"].iloc[0] - table["wins"].iloc[-1])}


def _power(d: Data, by: str):
    from course import prospects

    return prospects.purchasing_power(d.table("b2c_members"), d.table("b2c_transactions"), by=by)


@claim("ch02.middle_aged_spend_most", "middle-aged members spend the most per head of the three age groups",
       "三个年龄段中，中年会员人均消费最高", holds=lambda v: v["top"] == "middle")
def _age(d: Data):
    return {"top": str(_power(d, "age_group")["spend_per_member"].idxmax())}


@claim("ch02.owners_spend_most", "business owners spend the most per head of all occupations",
       "各职业中，企业主人均消费最高", holds=lambda v: v["top"] == "business_owner")
def _owners(d: Data):
    return {"top": str(_power(d, "occupation")["spend_per_member"].idxmax())}


@claim("ch02.occupation_spend_low", "lowest spend per member among occupations", "各职业人均消费的最低值", "money")
def _occ_low(d: Data):
    return float(_power(d, "occupation")["spend_per_member"].min())


@claim("ch02.occupation_spend_high", "highest spend per member among occupations", "各职业人均消费的最高值", "money")
def _occ_high(d: Data):
    return float(_power(d, "occupation")["spend_per_member"].max())


@claim("ch02.referral_wins_all_three", "referral leads on conversion, revenue and cost per won customer",
       "介绍法在成交率、成交金额和每成交一家的成本三项上都领先",
       holds=lambda v: v["conversion"] == v["revenue"] == v["cost_per_win"] == "referral")
def _three(d: Data):
    e = _effect(d)
    return {"conversion": str(e["conversion_rate"].idxmax()), "revenue": str(e["revenue"].idxmax()),
            "cost_per_win": str(e["cost_per_win"].idxmin())}
