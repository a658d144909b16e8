"""Chapter 1 claims: MAN on Huaxin's leads, the account mix."""

from __future__ import annotations

from course.claims import Data, add, claim


def _summary(d: Data):
    from course import prospects

    return d.result("ch01.man_summary", lambda: prospects.man_summary(d.table("b2b_leads")))


def _rate(code: str):
    return lambda d: float(_summary(d).loc[code, "conversion_rate"])


for _code in ("MAN", "MAn", "MaN", "mAN", "man"):  # the codes the text quotes
    add(f"ch01.man.{_code}", f"conversion rate of {_code} leads", f"{_code} 线索的成交率", _rate(_code), "pct")


@claim("ch01.overall_rate", "conversion rate of all leads", "全部线索的成交率", "pct")
def _overall(d: Data):
    return float(d.table("b2b_leads")["converted"].mean())


@claim("ch01.leads", "number of leads", "线索条数", "int")
def _leads(d: Data):
    return len(d.table("b2b_leads"))


@claim("ch01.man_best_and_worst", "MAN converts best and man worst of the eight combinations",
       "八种组合中 MAN 成交率最高、man 最低", holds=lambda v: v["best"] == "MAN" and v["worst"] == "man")
def _best_worst(d: Data):
    rate = _summary(d)["conversion_rate"]
    return {"best": str(rate.idxmax()), "worst": str(rate.idxmin())}


@claim("ch01.need_beats_authority",
       "MaN and mAN convert better than MAn: without a need, money and authority sell less than the textbook order suggests",
       "MaN、mAN 的成交率都高于 MAn：缺了需求，有钱有权也不如教材排序所暗示的那样好卖",
       holds=lambda v: v["MaN"] > v["MAn"] and v["mAN"] > v["MAn"])
def _need(d: Data):
    rate = _summary(d)["conversion_rate"]
    return {"MaN": float(rate["MaN"]), "mAN": float(rate["mAN"]), "MAn": float(rate["MAn"])}


@claim("ch01.one_letter_rare", "every one-letter combination converts below the overall rate",
       "只具备一项的组合成交率都低于整体水平",
       holds=lambda v: v["highest_one_letter"] < v["overall"])
def _one_letter(d: Data):
    rate = _summary(d)["conversion_rate"]
    return {"highest_one_letter": float(rate[["maN", "mAn", "Man"]].max()), "overall": _overall(d)}


@claim("ch01.status_mix", "Huaxin has customers, prospects and lost customers among its accounts",
       "华信的客户单位里既有现有客户，也有潜在客户和流失客户",
       holds=lambda v: min(v.values()) > 0)
def _status(d: Data):
    counts = d.table("b2b_accounts")["status"].value_counts()
    return {k: int(counts.get(k, 0)) for k in ("customer", "prospect", "lost")}


@claim("ch01.high_income_spend_most", "high-income members spend the most per member, low-income the least",
       "高收入会员人均消费最高，低收入最低",
       holds=lambda v: v["high"] > v["middle"] > v["low"])
def _income(d: Data):
    from course import prospects

    table = prospects.purchasing_power(d.table("b2c_members"), d.table("b2c_transactions"), by="income_band")
    return {k: float(table.loc[k, "spend_per_member"]) for k in ("high", "middle", "low")}
