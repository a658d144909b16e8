"""Chapter 3 claims: win rates by type, judged with the leads of each contact kept together."""

from __future__ import annotations

from course.claims import Data, claim


def _table(d: Data, by: str):
    from course import personality

    return d.result(f"ch03.table.{by}", lambda: personality.win_rate_by_type(d.table("b2b_contacts"),
                                                                               d.table("b2b_leads"), by=by))


def _wilson(d: Data, by: str):
    from course import personality

    return d.result(f"ch03.wilson.{by}", lambda: personality.win_rate_by_type(
        d.table("b2b_contacts"), d.table("b2b_leads"), by=by, interval="wilson"))


def _test(d: Data, by: str):
    from course import personality

    return d.result(f"ch03.test.{by}", lambda: personality.type_effect_test(d.table("b2b_contacts"),
                                                                              d.table("b2b_leads"), by=by))


def _overall(d: Data) -> float:
    return float(d.table("b2b_leads")["converted"].mean())


def _name(type_id: str) -> dict:
    from course import personality

    return {lang: personality.type_name(type_id, lang) for lang in ("en", "zh")}


@claim("ch03.leads", "number of leads", "线索条数", "int")
def _leads(d: Data):
    return len(d.table("b2b_leads"))


@claim("ch03.contacts_with_leads", "contacts who carry the leads", "名下有线索的联系人数", "int")
def _contacts(d: Data):
    return int(d.table("b2b_leads")["contact_id"].nunique())


@claim("ch03.top_personality", "the personality type with the highest win rate", "成交率最高的性格类型")
def _top(d: Data):
    return _name(str(_table(d, "personality")["conversion_rate"].idxmax()))


@claim("ch03.bottom_personality", "the personality type with the lowest win rate", "成交率最低的性格类型")
def _bottom(d: Data):
    return _name(str(_table(d, "personality")["conversion_rate"].idxmin()))


@claim("ch03.top_rate", "the highest win rate of a personality type", "性格类型中最高的成交率", "pct")
def _top_rate(d: Data):
    return float(_table(d, "personality")["conversion_rate"].max())


@claim("ch03.bottom_rate", "the lowest win rate of a personality type", "性格类型中最低的成交率", "pct")
def _bottom_rate(d: Data):
    return float(_table(d, "personality")["conversion_rate"].min())


@claim("ch03.naive_p", "the textbook chi-square p-value (every lead independent)", "把每条线索当作独立样本的卡方检验 p 值",
       "num3")
def _naive(d: Data):
    return float(_test(d, "personality")["naive_p"])


@claim("ch03.permutation_p", "the permutation p-value with each contact's leads kept together",
       "同一联系人的线索放在一起做置换检验的 p 值", "num2")
def _perm(d: Data):
    return float(_test(d, "personality")["permutation_p"])


@claim("ch03.goal_permutation_p", "the permutation p-value for goal types", "目标类型置换检验的 p 值", "num2")
def _goal_perm(d: Data):
    return float(_test(d, "goal")["permutation_p"])


@claim("ch03.grouping_weakens_evidence", "keeping each contact's leads together gives a larger p-value than the "
       "textbook test", "把同一联系人的线索放在一起，p 值比教科书检验的更大",
       holds=lambda v: v["permutation_p"] > v["naive_p"])
def _weakens(d: Data):
    t = _test(d, "personality")
    return {"permutation_p": float(t["permutation_p"]), "naive_p": float(t["naive_p"])}


@claim("ch03.intervals_wider", "intervals that resample contacts are wider than the lead-by-lead ones for most types",
       "按联系人重抽样的区间，多数类型都比逐条线索算的区间宽",
       holds=lambda v: v["wider"] > v["types"] / 2)
def _wider(d: Data):
    grouped, naive = _table(d, "personality"), _wilson(d, "personality")
    wider = ((grouped["ci_high"] - grouped["ci_low"]) > (naive["ci_high"] - naive["ci_low"])).sum()
    return {"wider": int(wider), "types": len(grouped)}


@claim("ch03.no_evidence_personality", "no personality type differs beyond chance: the grouped test is not significant "
       "and every interval contains the rate of all leads", "没有哪种性格类型的差别超出偶然：分组检验不显著，每个区间都包含全部线索的成交率",
       holds=lambda v: v["permutation_p"] >= 0.05 and v["intervals_missing_overall"] == 0)
def _none_p(d: Data):
    t, overall = _table(d, "personality"), _overall(d)
    return {"permutation_p": float(_test(d, "personality")["permutation_p"]),
            "intervals_missing_overall": int(((t["ci_low"] > overall) | (t["ci_high"] < overall)).sum())}


@claim("ch03.no_evidence_goal", "no goal type differs beyond chance either", "目标类型的差别同样没有超出偶然",
       holds=lambda v: v["permutation_p"] >= 0.05 and v["intervals_missing_overall"] == 0)
def _none_g(d: Data):
    t, overall = _table(d, "goal"), _overall(d)
    return {"permutation_p": float(_test(d, "goal")["permutation_p"]),
            "intervals_missing_overall": int(((t["ci_low"] > overall) | (t["ci_high"] < overall)).sum())}


@claim("ch03.most_common_types", "rational and easygoing are the two most common personality types among the leads",
       "线索中最常见的两种性格类型是理智型和随和型",
       holds=lambda v: set(v["two_most_common"]) == {"rational", "easygoing"})
def _common(d: Data):
    return {"two_most_common": list(_table(d, "personality")["leads"].nlargest(2).index)}


@claim("ch03.no_lost_cause", "every type wins a real share of its leads", "每种类型都有相当比例的线索成交",
       holds=lambda v: v["lowest_rate"] > 0.1)
def _lost_cause(d: Data):
    return {"lowest_rate": float(min(_table(d, "personality")["conversion_rate"].min(),
                                     _table(d, "goal")["conversion_rate"].min()))}


@claim("ch03.man_moves_more", "the MAN letters move win rates far more than type does", "MAN 资格对成交率的影响远大于类型",
       holds=lambda v: v["man_spread"] > 3 * v["type_spread"])
def _man(d: Data):
    from course import prospects

    man = prospects.man_summary(d.table("b2b_leads"))["conversion_rate"]
    t = _table(d, "personality")["conversion_rate"]
    return {"man_spread": float(man.max() - man.min()), "type_spread": float(t.max() - t.min())}


@claim("ch03.second_contact_differs", "C00002 works at the same account as C00001, cannot sign alone and has another "
       "personality or goal type", "C00002 与 C00001 同属一家单位，自己签不了字，性格类型或目标类型也不同",
       holds=lambda v: v["same_account"] and not v["can_sign"] and v["different_mix"])
def _second(d: Data):
    c = d.table("b2b_contacts").set_index("contact_id")
    a, b = c.loc["C00001"], c.loc["C00002"]
    return {"same_account": a["account_id"] == b["account_id"], "can_sign": bool(b["has_authority"]),
            "different_mix": (a["personality_type"], a["goal_type"]) != (b["personality_type"], b["goal_type"])}
