"""Chapter 2 functions: method chooser, effectiveness, funnel, replacement cycles, orphans, PROSPECT list."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import course
from course import content, data, finding
from course.data import DataError


@pytest.fixture(scope="module")
def truth() -> dict:
    return json.loads((data.datasets_dir() / "ground_truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def leads() -> pd.DataFrame:
    return data.load("b2b_leads")


@pytest.fixture(scope="module")
def orders() -> pd.DataFrame:
    return data.load("b2b_orders")


def _orders(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["account_id", "order_date"])


# --------------------------------------------------------------------------- method chooser
def test_ranking_follows_the_content_fit_scores():
    situation = finding.Situation(market="b2c", price="high", territory="large", budget="high", breadth="broad")
    table = finding.rank_methods(situation)
    methods = content.get("methods")
    assert set(table.index) == {m["id"] for m in methods}
    keys = situation.factors()
    assert keys == ["b2c", "broad_market", "large_territory", "high_price"]
    for method in methods:
        expected = sum(method["fit"][k] for k in keys)
        assert table.loc[method["id"], "score"] == expected
        assert table.loc[method["id"], "fit"] == pytest.approx(expected / 8)
    assert table["fit"].is_monotonic_decreasing
    assert table["rank"].tolist() == list(range(1, len(methods) + 1))


def test_ranking_depends_on_the_situation_and_explains_itself():
    huaxin = finding.rank_methods(finding.Situation(market="b2b", price="high", breadth="narrow", budget="low"))
    insurance = finding.rank_methods(finding.Situation(market="b2c", price="low", territory="large", budget="high",
                                                       breadth="broad"))
    # narrow, expensive B2B: door-to-door and advertising near the bottom; broad B2C: advertising on top
    assert huaxin.loc["door_to_door", "rank"] > len(huaxin) - 4
    assert huaxin.loc["advertising", "rank"] == len(huaxin)
    assert insurance.loc["advertising", "rank"] == 1
    assert insurance.loc["door_to_door", "rank"] < huaxin.loc["door_to_door", "rank"]
    assert "narrow" in huaxin.loc["referral", "reason"] and "Poor fit" in huaxin.loc["advertising", "reason"]
    zh = finding.rank_methods(finding.Situation(), lang="zh")
    assert "适合" in zh.iloc[0]["reason"]
    with pytest.raises(ValueError, match="market"):
        finding.Situation(market="b2g")


def test_ties_go_to_the_cheaper_method():
    table = finding.rank_methods(finding.Situation(market="b2b", price="high", breadth="narrow"))
    for fit, group in table.groupby("fit"):
        assert group["cost_level"].is_monotonic_increasing, fit


# --------------------------------------------------------------------------- effectiveness
def test_effectiveness_on_a_hand_made_table():
    frame = pd.DataFrame({
        "source_method": ["referral", "referral", "referral", "advertising", "advertising"],
        "converted": [True, True, False, False, False],
        "won_amount": [1000.0, 3000.0, 0.0, 0.0, 0.0],
        "acquisition_cost": [10.0, 20.0, 30.0, 100.0, 100.0],
    })
    table = finding.method_effectiveness(frame)
    assert table.index.tolist() == ["referral", "advertising"]
    assert table.loc["referral", "conversion_rate"] == pytest.approx(2 / 3)
    assert table.loc["referral", "revenue"] == 4000
    assert table.loc["referral", "cost_per_win"] == pytest.approx(30.0)
    assert table.loc["referral", "cost_per_lead"] == pytest.approx(20.0)
    assert np.isnan(table.loc["advertising", "cost_per_win"])  # no wins: no cost per win, not infinity


def test_effectiveness_matches_the_ground_truth(leads, truth):
    table = finding.method_effectiveness(leads)
    for method, facts in truth["conversion"]["by_source_method"].items():
        assert table.loc[method, "leads"] == facts["leads"]
        assert table.loc[method, "wins"] == facts["wins"]
        assert table.loc[method, "conversion_rate"] == pytest.approx(facts["conversion_rate"], abs=1e-4)
        assert table.loc[method, "cost_per_win"] == pytest.approx(facts["cost_per_win"], abs=0.01)
    assert table.index[0] == truth["conversion"]["best_method"]
    assert table["cost_per_win"].idxmin() == truth["conversion"]["cheapest_per_win"]
    assert table.index[-1] == truth["conversion"]["worst_method"]


def test_effectiveness_accepts_a_mapping_and_names_missing_columns(leads):
    renamed = leads.rename(columns={"source_method": "渠道", "won_amount": "金额"})
    table = finding.method_effectiveness(renamed, columns={"source_method": "渠道", "won_amount": "金额"})
    assert table["leads"].sum() == len(leads)
    with pytest.raises(DataError, match="acquisition_cost"):
        finding.method_effectiveness(leads.drop(columns="acquisition_cost"))


# --------------------------------------------------------------------------- funnel
def test_funnel_from_stages_counts_leads_that_got_at_least_that_far():
    frame = pd.DataFrame({"stage": ["contacted", "preliminary", "fine", "key", "plan", "plan"],
                          "converted": [False, False, False, True, True, False], "account_id": list("abcdef")})
    accounts = pd.DataFrame({"account_id": list("abcdefgh")})  # g, h: nobody has opened a lead
    table = finding.funnel_from_stages(frame, accounts)
    assert table.index.tolist() == list(finding.FUNNEL_ORDER)
    assert table["count"].tolist() == [8, 6, 5, 4, 3, 2]
    assert table.loc["key", "step_conversion"] == pytest.approx(3 / 4)
    assert table.loc["plan", "wins"] == 1 and table.loc["key", "wins"] == 2
    with pytest.raises(DataError, match="stage"):
        finding.funnel_from_stages(frame.assign(stage=["contacted"] * 5 + ["signed"]))


def test_funnel_on_the_data_narrows_and_wins_rise(leads, truth):
    table = finding.funnel_from_stages(leads, data.load("b2b_accounts"))
    assert table["count"].is_monotonic_decreasing
    assert table.loc["contacted", "count"] == len(leads)
    assert table["win_rate"].iloc[1:].is_monotonic_increasing
    plan = leads["stage"] == "plan"
    assert table.loc["plan", "win_rate"] == pytest.approx(leads.loc[plan, "converted"].mean())
    closed = plan & (leads["lead_status"] != "open")
    assert leads.loc[closed, "converted"].mean() == pytest.approx(truth["conversion"]["closed_by_stage"]["plan"], abs=1e-4)
    assert table.loc["plan", "count"] == plan.sum()


def test_selection_criteria_filter_in_turn(leads):
    loose = finding.selection_funnel(leads, finding.FunnelCriteria(min_engagement=0, require_need=False,
                                                                   require_signal=False))
    assert (loose["count"] == len(leads)).all()
    strict = finding.FunnelCriteria(max_distance_km=100, min_engagement=50, require_need=True, require_money=True,
                                    require_authority=True, require_signal=True, plan_capacity=20)
    stages = finding.selection_stages(leads, strict)
    manual = (leads["distance_km"] <= 100) & (leads["engagement"] >= 50) & leads["need"] & leads["money"] & \
        leads["authority"] & (leads["asked_quote"] | leads["requested_trial"] | leads["proposal_sent"])
    assert stages["key"].sum() == manual.sum()
    assert stages["plan"].sum() == min(20, manual.sum())
    assert (stages["plan"] <= stages["key"]).all()
    # the plan keeps the most engaged key prospects
    assert leads.loc[stages["plan"], "engagement"].min() >= leads.loc[stages["key"] & ~stages["plan"], "engagement"].max()
    table = finding.selection_funnel(leads, strict)
    assert table["win_rate"].iloc[-1] > loose["win_rate"].iloc[-1]
    assert table["wins"].iloc[-1] < loose["wins"].iloc[-1]


# --------------------------------------------------------------------------- replacement cycle
def test_interval_from_dates_handles_duplicates_order_and_one_off_buyers():
    assert finding.interval_from_dates(["2010-06-18", "2014-06-10", "2018-07-05", "2022-06-30"]) == 1456.0
    assert finding.interval_from_dates(["2022-06-30", "2010-06-18", "2018-07-05", "2014-06-10"], method="mean") == 1465.0
    assert finding.interval_from_dates(["2020-01-01", "2020-01-01", "2022-01-01"]) == 731.0
    assert finding.interval_from_dates(["2021-03-01"]) is None
    assert finding.interval_from_dates(["2021-03-01", "2021-03-01"]) is None
    with pytest.raises(ValueError):
        finding.interval_from_dates(["2020-01-01", "2021-01-01"], method="mode")


def test_repurchase_intervals_on_hand_made_histories():
    history = _orders([
        ("regular", "2014-01-10"), ("regular", "2018-01-10"), ("regular", "2022-01-10"),   # every 4 years
        ("dup", "2019-03-01"), ("dup", "2019-03-01"), ("dup", "2019-03-01"), ("dup", "2023-03-01"),  # same-day lines
        ("once", "2021-05-05"),                                                           # one-off buyer
        ("irregular", "2016-01-01"), ("irregular", "2016-02-01"), ("irregular", "2020-01-01"),
        ("irregular", "2024-01-01"),
    ])
    table = finding.repurchase_intervals(history, as_of="2026-01-01")
    assert table.loc["regular", "purchases"] == 3 == table.loc["regular", "occasions"]
    assert table.loc["regular", "interval_days"] == 1461.0
    assert table.loc["regular", "next_due"] == pd.Timestamp("2026-01-10")
    assert table.loc["regular", "regularity"] == "regular"
    # two occasions give one gap: the interval is shown, but no due date
    assert table.loc["dup", "purchases"] == 2 and table.loc["dup", "interval_days"] == 1461.0
    assert table.loc["dup", "regularity"] == "too_few" and pd.isna(table.loc["dup", "next_due"])
    assert table.loc["once", "regularity"] == "unknown"
    assert pd.isna(table.loc["once", "interval_days"]) and pd.isna(table.loc["once", "next_due"])
    # 2016-02-01 is a month after 2016-01-01: the same buying occasion, not a 31-day cycle
    assert table.loc["irregular", "purchases"] == 4 and table.loc["irregular", "occasions"] == 3
    assert table.loc["irregular", "interval_days"] == 1461.0  # occasions start 2016-01-01, 2020-01-01, 2024-01-01
    assert table.loc["irregular", "regularity"] == "regular"
    plain = finding.repurchase_intervals(history, as_of="2026-01-01", same_occasion_days=0)
    assert plain.loc["irregular", "interval_days"] == 1430.0  # median of 31, 1430, 1461
    assert plain.loc["irregular", "regularity"] == "irregular"
    mean = finding.repurchase_intervals(history, as_of="2026-01-01", method="mean", same_occasion_days=0)
    assert mean.loc["irregular", "interval_days"] == pytest.approx((pd.Timestamp("2024-01-01") - pd.Timestamp("2016-01-01")).days / 3)
    assert mean.loc["irregular", "interval_days"] < plain.loc["irregular", "interval_days"]
    lenient = finding.repurchase_intervals(history, as_of="2026-01-01", min_occasions=2)
    assert lenient.loc["dup", "next_due"] == pd.Timestamp("2023-03-01") + pd.Timedelta(days=1461)


def test_a_fleet_bought_in_two_deliveries_is_one_occasion():
    """Two copiers a month apart are one decision: no 0.1-year cycle, and no due date from one gap."""
    fleet = _orders([("fleet", "2021-03-01"), ("fleet", "2021-04-05"), ("fleet", "2025-03-10")])
    table = finding.repurchase_intervals(fleet, as_of="2026-01-01")
    assert table.loc["fleet", "occasions"] == 2 and table.loc["fleet", "purchases"] == 3
    assert table.loc["fleet", "interval_days"] == (pd.Timestamp("2025-03-10") - pd.Timestamp("2021-03-01")).days
    assert pd.isna(table.loc["fleet", "next_due"])
    assert finding.replacement_due(fleet, "2025-03-20", window_days=400).empty
    assert "too few" in finding.evidence(table.loc["fleet"])
    assert "次数太少" in finding.evidence(table.loc["fleet"], lang="zh")


def test_replacement_due_lists_due_and_recently_overdue_but_never_one_off_buyers():
    history = _orders([
        ("due", "2014-07-15"), ("due", "2018-07-15"), ("due", "2022-07-15"),
        ("late", "2014-06-01"), ("late", "2018-06-01"), ("late", "2022-06-01"),  # due 2026-06-01: 29 days overdue
        ("long_gone", "2012-01-01"), ("long_gone", "2016-01-01"), ("long_gone", "2020-01-01"),
        ("later", "2015-01-01"), ("later", "2019-01-01"), ("later", "2023-01-01"),
        ("two", "2018-07-15"), ("two", "2022-07-15"),           # one gap only: never on a call list
        ("once", "2022-07-01"),
    ])
    due = finding.replacement_due(history, as_of="2026-06-30", window_days=31)
    assert due.index.tolist() == ["late", "due"]
    assert due.loc["late", "status"] == "overdue" and due.loc["due", "status"] == "due"
    assert due.loc["due", "days_until_due"] == (pd.Timestamp("2026-07-15") - pd.Timestamp("2026-06-30")).days
    strict = finding.replacement_due(history, as_of="2026-06-30", window_days=31, grace_days=0)
    assert strict.index.tolist() == ["due"]
    assert finding.due_in_month(history, "2026-07").index.tolist() == ["late", "due"]
    assert finding.due_in_month(history, "2026-12").empty


def test_orders_after_as_of_and_returns_are_ignored():
    history = pd.DataFrame({"account_id": ["a", "a", "a", "a"],
                            "order_date": ["2018-01-01", "2022-01-01", "2027-01-01", "2023-01-01"],
                            "quantity": [1, 1, 1, -1]})
    table = finding.repurchase_intervals(history, as_of="2026-01-01")
    assert table.loc["a", "purchases"] == 2


def test_any_customer_date_table_and_clear_errors():
    receipts = pd.DataFrame({"member_id": ["m1", "m1", "m2"], "txn_date": ["2026-01-01", "2026-03-02", "2026-02-01"]})
    table = finding.repurchase_intervals(receipts, customer="member_id", date="txn_date", same_occasion_days=0)
    assert table.loc["m1", "interval_days"] == 60.0
    assert finding.repurchase_intervals(receipts, customer="member_id", date="txn_date").loc["m1", "occasions"] == 1
    assert table.index.name == "member_id"
    with pytest.raises(DataError, match="order_date"):
        finding.repurchase_intervals(receipts)
    with pytest.raises(DataError, match="txn_date"):
        finding.repurchase_intervals(receipts.assign(txn_date=["soon", "2026-01-01", "2026-01-02"]),
                                     customer="member_id", date="txn_date")


def test_textbook_account_and_planted_cycles_are_found_for_july_2026(orders, truth):
    cycles = truth["replacement_cycles"]
    table = finding.repurchase_intervals(orders, product="copier", as_of=truth["as_of"])
    a42 = table.loc["A0042"]
    assert a42["purchases"] == 4 == a42["occasions"]
    assert a42["interval_days"] == cycles["textbook_account"]["median_interval_days"]
    assert a42["next_due"] == pd.Timestamp(cycles["textbook_account"]["next_due"])
    assert round(a42["rule_of_thumb_years"]) == 4 and round(a42["customer_years"]) == 17
    # the generator measures the same rule with its own code (60-day occasions, >= 3 of them, median gap)
    assert (table["occasions"] == 1).sum() == cycles["one_occasion_accounts"]
    assert (table["occasions"] == 2).sum() == cycles["accounts_with_two_occasions"]
    assert table["next_due"].notna().sum() == cycles["accounts_with_enough_occasions"]
    for fleet in cycles["fleet_expansions"]:
        row = table.loc[fleet["account_id"]]
        assert row["occasions"] == row["purchases"] - 1 and row["interval_years"] > 2
    july = finding.due_in_month(orders, "2026-07", product="copier", grace_days=0)
    assert sorted(july.index) == sorted(cycles["due_2026_07"])
    assert set(cycles["planted_due_2026_07"]) <= set(july.index)
    with_overdue = finding.due_in_month(orders, "2026-07", product="copier")
    assert "A0042" in with_overdue.index and with_overdue.loc["A0042", "status"] == "overdue"
    assert (with_overdue["occasions"] >= 3).all()


def test_evidence_reads_in_both_languages(orders):
    table = finding.repurchase_intervals(orders, product="copier", as_of="2026-06-30")
    assert "4 buying occasions" in finding.evidence(table.loc["A0042"])
    assert "有 4 次采购" in finding.evidence(table.loc["A0042"], lang="zh")
    once = table[table["regularity"] == "unknown"].iloc[0]
    assert "unknown" in finding.evidence(once)


# --------------------------------------------------------------------------- orphaned accounts
def test_orphans_on_a_hand_made_table():
    reps = pd.DataFrame({"rep_id": ["R1", "R2"], "left_date": [pd.NaT, pd.Timestamp("2025-01-01")]})
    accounts = pd.DataFrame({"account_id": ["a", "b", "c", "d"], "owner_rep_id": ["R1", "R2", "R2", "R2"],
                             "last_contact_date": pd.to_datetime(["2020-01-01", "2024-06-01", "2025-03-01", None])})
    out = finding.orphaned_accounts(accounts, reps, as_of="2025-06-01")
    assert sorted(out["account_id"]) == ["b", "d"]
    assert out.set_index("account_id").loc["b", "days_since_contact"] == 365
    with pytest.raises(DataError, match="left_date"):
        finding.orphaned_accounts(accounts, reps.drop(columns="left_date"))


def test_orphans_match_the_ground_truth_and_skip_the_decoys(truth):
    out = finding.orphaned_accounts(data.load("b2b_accounts"), data.load("b2b_reps"))
    found = set(out["account_id"])
    assert found == set(truth["orphaned_accounts"]["ids"])
    assert not found & set(truth["orphaned_accounts"]["owner_left_but_contacted_later"])


# --------------------------------------------------------------------------- PROSPECT list
def test_prospect_list_follows_the_habits():
    plist = finding.ProspectList(today="2026-07-01")
    plist.provide_list(["Li", "Wang"], source="directory")
    plist.record("Li", "School A", money=True, authority=True, has_need=True)
    plist.record("Wang", "Clinic B", has_need=True)
    plist.record("Zhao", "Shop C")
    plist.record(" Li ", role="principal")  # same person: updated, not duplicated
    assert len(plist.table) == 3
    assert plist.table.set_index("name").loc["Li", "role"] == "principal"
    picked = plist.select(top=5)
    assert picked["name"].tolist() == ["Li", "Wang"]  # MAN before maN; man dropped
    assert picked["man_code"].tolist() == ["MAN", "maN"]
    plist.plan("Li", "Ask about the print room", "visit", "2026-07-03")
    with pytest.raises(KeyError):
        plist.plan("Nobody", "", "", "2026-07-03")
    plist.collect_change("Hotel D", "new owner")
    assert plist.table.set_index("name").loc["Hotel D", "source"] == "ownership_change"
    result = plist.train(["Li", "Zhao"])
    assert result["hits"] == ["Li"] and result["missed"] == ["Zhao"] and result["hit_rate"] == 0.5
    routine = plist.routine()
    assert routine["letter"].str.cat() == "PROSPECT"
    assert (routine["today"] == course.t("ch02.habit.done")).sum() == 7  # all but E
    assert routine.loc[routine["letter"] == "E", "today"].item() == course.t("ch02.habit.todo")


# --------------------------------------------------------------------------- display
def test_labels_translate_headers_methods_and_statuses(leads):
    course.set_language("zh")
    table = finding.labels(finding.method_effectiveness(leads))
    assert "介绍寻找法" in table.index and "成交率" in table.columns
    due = finding.labels(finding.due_in_month(data.load("b2b_orders"), "2026-07", product="copier"))
    assert set(due["状态"]) <= {"即将到期", "已过期"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_plots_return_figures_with_localised_text(leads, lang):
    from matplotlib.figure import Figure

    fig = finding.plot_method_effectiveness(finding.method_effectiveness(leads), lang=lang)
    assert isinstance(fig, Figure)
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert content.by_id("methods", lang)["referral"]["name"] in ticks
    fig = finding.plot_funnel(finding.funnel_from_stages(leads), lang=lang)
    assert content.by_id("funnel_stages", lang)["plan"]["name"] in [t.get_text() for t in fig.axes[0].get_yticklabels()]
