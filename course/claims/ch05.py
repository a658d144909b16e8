"""Chapter 5 claims: where each lead stands, existing customers, what follows a service ticket."""

from __future__ import annotations

from course.claims import Data, claim


def _steps(d: Data):
    from course import decision

    return d.result("ch05.steps", lambda: decision.lead_steps(d.table("b2b_leads")))


def _pipeline(d: Data):
    from course import decision

    leads = d.table("b2b_leads")
    return d.result("ch05.pipeline", lambda: decision.pipeline_by_step(_steps(d), status=leads["lead_status"]))


@claim("ch05.open_leads", "leads still open on the as-of date", "截至数据日期仍在跟进的线索数", "int")
def _open(d: Data):
    return int((d.table("b2b_leads")["lead_status"] == "open").sum())


@claim("ch05.no_win_before_quote_or_proposal", "no closed lead won before a quote request or a proposal was on the table",
       "已结束的线索中，没有一条是在询价或发方案之前成交的",
       holds=lambda v: v["wins_in_early_steps"] == 0)
def _early(d: Data):
    p = _pipeline(d)
    return {"wins_in_early_steps": int(p.loc[["need_recognition", "need_description", "specification",
                                                "supplier_search"], "won"].sum())}


@claim("ch05.rate_proposals", "conversion of closed leads that stopped at a quote request without a proposal",
       "只询过价、还没收到方案就结束的线索的成交率", "pct")
def _rate_prop(d: Data):
    return float(_pipeline(d).loc["proposals", "conversion_rate"])


@claim("ch05.rate_order", "conversion of closed leads with a proposal at the plan stage", "已发方案且到了制定方案阶段的线索（已结束）的成交率",
       "pct")
def _rate_order(d: Data):
    return float(_pipeline(d).loc["order", "conversion_rate"])


@claim("ch05.proposal_matters", "leads with a proposal at the plan stage convert far more often than those stuck at a quote",
       "已发方案并进入制定方案阶段的线索，成交率远高于停在询价阶段的线索",
       holds=lambda v: v["order"] > 5 * v["proposals"])
def _matters(d: Data):
    p = _pipeline(d)
    return {"order": float(p.loc["order", "conversion_rate"]), "proposals": float(p.loc["proposals", "conversion_rate"])}


@claim("ch05.wins_with_quote", "share of wins where the customer had asked for a quote", "成交的线索中客户询过价的比例", "pct0")
def _with_quote(d: Data):
    leads = d.table("b2b_leads")
    return float(leads.loc[leads["converted"], "asked_quote"].mean())


@claim("ch05.some_wins_without_quote", "a few wins came without a quote request (offers the rep sent unprompted)",
       "有少数成交并没有经过客户询价（销售员主动发的方案）",
       holds=lambda v: 0 < v["wins_without_quote"] < 0.15 * v["wins"])
def _without(d: Data):
    leads = d.table("b2b_leads")
    wins = leads[leads["converted"]]
    return {"wins_without_quote": int((~wins["asked_quote"]).sum()), "wins": len(wins)}


@claim("ch05.performance_review_empty", "no lead is placed at step 8: it follows the order", "没有线索被放在第 8 步：那是下单之后的事",
       holds=lambda v: v["leads_at_step_8"] == 0)
def _empty(d: Data):
    return {"leads_at_step_8": int(_pipeline(d).loc["performance_review", "leads"])}


@claim("ch05.busiest_open_step", "the step where most open leads stand", "仍在跟进的线索最多停留的阶段")
def _busiest(d: Data):
    from course import content

    step = str(_pipeline(d)["open"].idxmax())
    return {lang: content.by_id("business_steps", lang)[step]["name"] for lang in ("en", "zh")}


def _relationship(d: Data):
    from course import decision

    return d.result("ch05.relationship", lambda: decision.conversion_by_relationship(d.table("b2b_leads"),
                                                                                       d.table("b2b_orders")))


@claim("ch05.existing_share", "share of leads from accounts that had already ordered", "来自老客户的线索占比", "pct0")
def _existing_share(d: Data):
    return float(_relationship(d).loc["existing_customer", "share"])


@claim("ch05.existing_rate", "conversion of closed leads from existing customers", "老客户线索（已结束）的成交率", "pct")
def _existing_rate(d: Data):
    return float(_relationship(d).loc["existing_customer", "conversion_rate"])


@claim("ch05.new_rate", "conversion of closed leads from accounts that had not ordered yet", "新客户线索（已结束）的成交率", "pct")
def _new_rate(d: Data):
    return float(_relationship(d).loc["new_account", "conversion_rate"])


@claim("ch05.existing_convert_more", "leads from existing customers convert more often than leads from new accounts",
       "老客户的线索比新客户的线索更容易成交", holds=lambda v: v["existing"] > v["new"])
def _more(d: Data):
    r = _relationship(d)
    return {"existing": float(r.loc["existing_customer", "conversion_rate"]),
            "new": float(r.loc["new_account", "conversion_rate"])}


def _repeat(d: Data):
    from course import decision

    return d.result("ch05.repeat", lambda: decision.repeat_after_tickets(
        decision.ticket_follow_up(d.table("b2b_tickets"), d.table("b2b_orders"), window_days=365)))


def _pooled(d: Data):
    from course import decision

    def make():
        follow = decision.ticket_follow_up(d.table("b2b_tickets"), d.table("b2b_orders"), window_days=365)
        return follow.groupby("answer")["reordered"].mean()

    return d.result("ch05.pooled", make)


@claim("ch05.reorder_satisfied", "share of satisfied customers who ordered again within a year of a ticket",
       "工单后一年内再次下单的满意客户比例", "pct0")
def _sat(d: Data):
    return float(_pooled(d)["satisfied"])


@claim("ch05.reorder_dissatisfied", "share of dissatisfied customers who ordered again within a year of a ticket",
       "工单后一年内再次下单的不满意客户比例", "pct0")
def _dis(d: Data):
    return float(_pooled(d)["dissatisfied"])


@claim("ch05.dissatisfied_reorder_less", "after every kind of ticket, dissatisfied customers order again less often "
       "than satisfied ones", "无论哪类工单，不满意的客户再次下单都比满意的客户少",
       holds=lambda v: v["kinds_where_dissatisfied_reorder_less"] == v["kinds"])
def _less(d: Data):
    r = _repeat(d)
    return {"kinds_where_dissatisfied_reorder_less": int((r["rate_dissatisfied"] < r["rate_satisfied"]).sum()),
            "kinds": len(r)}


@claim("ch05.complaint_rate", "share of complaint tickets followed by an order within a year", "投诉工单后一年内有新订单的比例",
       "pct0")
def _complaint(d: Data):
    return float(_repeat(d).loc["complaint", "reorder_rate"])


@claim("ch05.heavy_users_complain", "the more an account complains, the more it orders", "投诉越多的客户，下单也越多",
       holds=lambda v: v["increasing"])
def _heavy(d: Data):
    from course import decision

    table = decision.complaints_by_account(d.table("b2b_tickets"), d.table("b2b_orders"))
    return {"increasing": bool(table["orders_per_account"].is_monotonic_increasing)}


@claim("ch05.complaints_mostly_dissatisfied_share", "share of surveyed complaint tickets that ended dissatisfied",
       "已回访的投诉工单中，客户最终不满意的比例", "pct0")
def _comp_dis(d: Data):
    t = d.table("b2b_tickets")
    c = t[(t["kind"] == "complaint") & t["satisfied"].notna()]
    return float((~c["satisfied"].astype(bool)).mean())


@claim("ch05.complaints_most_dissatisfied", "complaints end dissatisfied more often than any other kind of ticket",
       "投诉工单以不满意告终的比例高于其他各类工单",
       holds=lambda v: v["top"] == "complaint")
def _comp_top(d: Data):
    t = d.table("b2b_tickets")
    t = t[t["satisfied"].notna()]
    share = (~t["satisfied"].astype(bool)).groupby(t["kind"]).mean()
    return {"top": str(share.idxmax())}


@claim("ch05.a0042_has_gaps", "several people are known at A0042 and at least one buying-centre role is still unknown",
       "A0042 已记录了好几位联系人，但至少还有一个采购中心角色没找到人",
       holds=lambda v: v["people"] >= 2 and v["missing_roles"] >= 1)
def _gaps(d: Data):
    from course import decision

    centre = decision.buying_centre("A0042", d.table("b2b_contacts"))
    return {"people": len(centre), "missing_roles": len(decision.buying_centre_gaps(centre))}
