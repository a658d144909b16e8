"""Chapter 6 claims: price sensitivity, segments, the lever diagnostic on the leads."""

from __future__ import annotations

from course.claims import Data, add, claim

EXAMPLE_LEAD = "L00001"


def _shares(d: Data):
    from course import strategy

    return d.result("ch06.shares", lambda: strategy.discount_share(d.table("b2c_transactions"))["discount_share"])


@claim("ch06.share_in_between", "share of buying members who used a discount on 30-70% of their purchases",
       "用券比例在 30% 到 70% 之间的会员占比", "pct0")
def _between(d: Data):
    x = _shares(d)
    return float(((x > 0.3) & (x < 0.7)).mean())


@claim("ch06.discount_two_groups", "most members almost never or almost always use a discount; few sit in between",
       "大多数会员要么几乎不用券、要么几乎每次都用，介于两者之间的很少",
       holds=lambda v: v["in_between"] < 0.25 and v["in_between"] < v["rarely"] + v["mostly"])
def _two(d: Data):
    x = _shares(d)
    return {"in_between": float(((x > 0.3) & (x < 0.7)).mean()), "rarely": float((x <= 0.3).mean()),
            "mostly": float((x >= 0.7).mean())}


def _condition(d: Data):
    from course import strategy

    return d.result("ch06.condition", lambda: strategy.condition_conversion(d.table("b2b_leads")))


@claim("ch06.strong_signals_lower", "a missing MAN letter, low engagement, a decision-maker objection and a quote "
       "without a proposal all go with far fewer wins", "缺少 MAN 中的一项、互动少、决策人异议、询了价却没发方案，都伴随着明显更低的成交率",
       holds=lambda v: v["smallest_gap"] > 0.1)
def _strong(d: Data):
    c = _condition(d)
    keys = ["no_authority", "no_need", "no_money", "low_engagement", "objection_decision_maker", "no_proposal"]
    return {"smallest_gap": float((c.loc[keys, "rate_without"] - c.loc[keys, "rate_with"]).min())}


@claim("ch06.price_delivery_weak", "a price or delivery objection barely moves the conversion rate",
       "价格异议、交货异议对成交率几乎没有影响",
       holds=lambda v: v["largest_gap"] < 0.05)
def _weak(d: Data):
    c = _condition(d)
    keys = ["objection_price", "objection_delivery"]
    return {"largest_gap": float((c.loc[keys, "rate_without"] - c.loc[keys, "rate_with"]).abs().max())}


@claim("ch06.late_stage_rate", "conversion of leads that reached the plan stage", "走到制定方案阶段的线索的成交率", "pct")
def _late(d: Data):
    return float(_condition(d).loc["late_stage", "rate_with"])


@claim("ch06.late_stage_exception", "leads at the plan stage convert far more often than the rest",
       "走到制定方案阶段的线索，成交率远高于其余线索", holds=lambda v: v["with"] > 3 * v["without"] + 0.3)
def _exception(d: Data):
    c = _condition(d).loc["late_stage"]
    return {"with": float(c["rate_with"]), "without": float(c["rate_without"])}


@claim("ch06.example_lead_fits", f"{EXAMPLE_LEAD} is stalled, said someone else decides and has no need found; "
       "strengthening the motive ranks first, reaching the decider second",
       f"{EXAMPLE_LEAD} 尚未成交，提出了决策人异议，也没发现需求；排第一的是强化购买动机，第二是找到拍板的人",
       holds=lambda v: not v["converted"] and v["objection"] == "decision_maker" and not v["need"]
       and v["first"] == "strengthen_motive" and v["second"] == "manage_contact_points")
def _example(d: Data):
    from course import strategy

    leads = d.table("b2b_leads")
    row = leads.set_index("lead_id").loc[EXAMPLE_LEAD]
    table = strategy.diagnose(leads, EXAMPLE_LEAD)
    return {"converted": bool(row["converted"]), "objection": str(row["objection"]), "need": bool(row["need"]),
            "first": str(table.index[0]), "second": str(table.index[1])}


def _counts(d: Data):
    from course import strategy

    return d.result("ch06.counts", lambda: strategy.lever_counts(strategy.stalled_leads(d.table("b2b_leads"))))


def _lever(rank: int):
    def compute(d: Data):
        from course import content

        lever = str(_counts(d)["ranks_first"].sort_values(ascending=False).index[rank])
        return {lang: content.by_id("conversion_levers", lang)[lever]["name"] for lang in ("en", "zh")}

    return compute


for _rank in range(3):
    add(f"ch06.top_lever_{_rank + 1}", f"the lever that ranks first for the most stalled leads (place {_rank + 1})",
        f"排第一的次数第 {_rank + 1} 多的转化手段", _lever(_rank))


@claim("ch06.stalled", "stalled leads (not converted)", "尚未成交的线索数", "int")
def _stalled(d: Data):
    return int((~d.table("b2b_leads")["converted"]).sum())


@claim("ch06.few_need_completion", "completing the sale ranks first for few stalled leads", "以“完成销售并做好售后”为首选手段的停滞线索很少",
       holds=lambda v: v["complete_first"] < 0.05 * v["stalled"])
def _few(d: Data):
    c = _counts(d)
    return {"complete_first": int(c.loc["complete_and_serve", "ranks_first"]), "stalled": int(c["ranks_first"].sum())}
