"""Chapter 4 analysis: 80/20 and ABC, RFM with ties, best/worst scorecard, look-alike, why-buy."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course import content, data, records
from course.data import DataError

AS_OF = "2026-06-30"


@pytest.fixture(scope="module")
def truth():
    return json.loads((data.datasets_dir() / "ground_truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def orders():
    return data.load("b2b_orders")


@pytest.fixture(scope="module")
def scorecard(orders):
    return records.customer_scorecard(orders, data.load("b2b_tickets"), data.load("b2b_accounts"), as_of=AS_OF)


# --------------------------------------------------------------------------- 80/20
def test_pareto_share_on_a_hand_made_table():
    tx = pd.DataFrame({"who": list("abcdefghij"), "paid": [50, 20, 10, 5, 5, 4, 3, 1, 1, 1]})
    assert records.pareto_share(tx, customer="who", amount="paid", top=0.2) == pytest.approx(0.70)
    assert records.pareto_share(tx, customer="who", amount="paid", top=0.1) == pytest.approx(0.50)
    # the count of top customers is rounded up: 25% of 10 is 3 customers
    assert records.pareto_share(tx, customer="who", amount="paid", top=0.25) == pytest.approx(0.80)


def test_pareto_share_sums_several_purchases_per_customer_and_accepts_a_mapping():
    tx = pd.DataFrame({"客户": ["a", "b", "a", "c", "d"], "金额": [30, 40, 30, 20, 10]})
    assert records.pareto_share(tx, columns={"customer": "客户", "amount": "金额"}, top=0.25) == pytest.approx(60 / 130)


def test_returns_are_netted_and_never_negative():
    tx = pd.DataFrame({"account_id": ["a", "a", "b", "c", "c"], "amount": [100, -30, 50, 10, -40]})
    table = records.pareto_table(tx)
    assert table.loc["a", "revenue"] == 70 and table.loc["c", "revenue"] == 0
    assert table["share"].sum() == pytest.approx(1)
    assert table.loc["c", "abc_class"] == "C"
    assert table.attrs["return_rows"] == 2
    assert table.attrs["net_revenue"] == pytest.approx(90)


def test_rows_without_customer_are_set_aside_and_counted():
    tx = pd.DataFrame({"account_id": ["a", None, "b", "  ", np.nan], "amount": [60, 500, 40, 70, 1]})
    table = records.pareto_table(tx)
    assert list(table.index) == ["a", "b"]
    assert table["revenue"].sum() == 100  # the 571 without a customer is in nobody's total
    assert table.attrs["rows_without_customer"] == 3


def test_abc_classes_follow_the_cutoffs():
    tx = pd.DataFrame({"account_id": list("pqrstu"), "amount": [50, 25, 10, 7, 5, 3]})
    assert records.abc_classes(tx).to_dict() == {"p": "A", "q": "A", "r": "B", "s": "B", "t": "C", "u": "C"}
    assert records.abc_classes(tx, a=0.5, b=0.75).to_dict() == {"p": "A", "q": "B", "r": "C", "s": "C", "t": "C", "u": "C"}


def test_a_dominant_first_customer_is_still_class_a():
    tx = pd.DataFrame({"account_id": ["big", "x", "y"], "amount": [95, 4, 1]})
    assert records.abc_classes(tx).tolist() == ["A", "C", "C"]  # 95% + 4% already passes B's 95%
    single = pd.DataFrame({"account_id": ["only"], "amount": [10.0]})
    assert records.abc_classes(single).tolist() == ["A"]
    assert records.pareto_share(single) == 1.0


def test_ties_are_ordered_by_id_and_zero_buyers_can_be_added():
    tx = pd.DataFrame({"member_id": ["b", "a", "c"], "amount": [10, 10, 10]})
    table = records.pareto_table(tx, all_customers=["a", "b", "c", "d", "e"])
    assert list(table.index) == ["a", "b", "c", "d", "e"]
    assert table.loc[["d", "e"], "revenue"].tolist() == [0, 0]
    assert records.pareto_share(tx, all_customers=["a", "b", "c", "d", "e"], top=0.2) == pytest.approx(1 / 3)


def test_bad_tables_raise_a_data_error_naming_the_column():
    with pytest.raises(DataError, match="paid"):
        records.pareto_share(pd.DataFrame({"account_id": ["a"], "amount": [1]}), amount="paid")
    with pytest.raises(DataError, match="customer"):
        records.pareto_share(pd.DataFrame({"who": ["a"], "amount": [1]}))
    with pytest.raises(DataError, match="non-numeric"):
        records.pareto_share(pd.DataFrame({"account_id": ["a", "b"], "amount": [1, "lots"]}))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=40),
       st.floats(min_value=0.01, max_value=1))
def test_top_share_matches_the_definition(values, top):
    got = records.top_share(values, top)
    if sum(values) == 0:
        assert math.isnan(got)
        return
    k = max(1, math.ceil(round(top * len(values), 9)))
    assert got == pytest.approx(sum(sorted(values, reverse=True)[:k]) / sum(values))
    assert 0 <= got <= 1 + 1e-12


def test_bundled_concentration_matches_the_ground_truth(truth, orders):
    anomalies = {a["order_id"] for a in truth["anomalies"]["b2b_orders"]}
    clean = orders.loc[~orders["order_id"].isin(anomalies)]
    expected = truth["revenue_concentration"]
    assert records.pareto_share(clean) == pytest.approx(expected["b2b_top20_share"], abs=5e-5)
    tx = data.load("b2c_transactions")
    bad = {a["txn_id"] for a in truth["anomalies"]["b2c_transactions"]}
    members = data.load("b2c_members")["member_id"]
    share = records.pareto_share(tx.loc[~tx["txn_id"].isin(bad)], all_customers=members)
    assert share == pytest.approx(expected["b2c_top20_share"], abs=5e-5)


def test_abc_summary_adds_up(orders):
    summary = records.abc_summary(records.pareto_table(orders))
    assert summary["customers"].sum() == orders["account_id"].nunique()
    assert summary.loc["A", "revenue_share"] <= 0.8 + 1e-9
    assert summary["revenue_share"].sum() == pytest.approx(1)
    assert summary.loc["A", "action"] == content.by_id("abc_classes")["a"]["action"]


# --------------------------------------------------------------------------- RFM
def test_quantile_scores_without_ties_are_quintiles():
    scores = records.quantile_scores(pd.Series(range(10)))
    assert scores.tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert records.quantile_scores(pd.Series(range(10)), higher_is_better=False).tolist() == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]


def test_quantile_scores_with_heavy_ties_where_qcut_fails():
    values = pd.Series([1] * 60 + [2] * 20 + [3] * 10 + list(range(4, 14)))
    with pytest.raises(ValueError):
        pd.qcut(values, 5, labels=False)
    scores = records.quantile_scores(values)
    assert scores[values == 1].unique().tolist() == [1]  # equal values, equal scores
    assert scores[values == 2].unique().tolist() == [4]  # the group starts in the 4th quintile
    assert scores.iloc[-1] == 5
    assert (np.diff(scores.to_numpy()) >= 0).all()  # monotone in the value


def test_quantile_scores_short_lists_reach_both_ends():
    assert records.quantile_scores(pd.Series([10, 20, 30])).tolist() == [1, 3, 5]
    assert records.quantile_scores(pd.Series([5, 1])).tolist() == [5, 1]


def test_quantile_scores_single_customer_and_all_equal_get_the_middle():
    assert records.quantile_scores(pd.Series([42.0])).tolist() == [3]
    assert records.quantile_scores(pd.Series([7, 7, 7, 7])).tolist() == [3, 3, 3, 3]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=5), min_size=2, max_size=60))
def test_quantile_scores_are_tie_consistent_and_monotone(values):
    s = pd.Series(values)
    scores = records.quantile_scores(s)
    assert scores.between(1, 5).all()
    for v in set(values):
        assert scores[s == v].nunique() == 1
    order = s.sort_values(kind="stable").index
    assert (np.diff(scores[order].to_numpy()) >= 0).all()


def test_rfm_table_on_a_hand_made_table():
    tx = pd.DataFrame({
        "cust": ["a", "a", "a", "b", "c", "c", None, "d"],
        "day": ["2026-06-29", "2026-05-01", "2026-06-01", "2025-01-10", "2026-03-01", "2026-06-20", "2026-06-01", "2027-01-01"],
        "paid": [100, 200, 300, 50, 80, -30, 999, 10],
    })
    rfm = records.rfm_table(tx, customer="cust", date="day", amount="paid", as_of="2026-06-30")
    assert list(rfm.index) == ["a", "b", "c"]  # d bought only after the as-of date
    assert rfm.loc["a", ["recency_days", "frequency", "monetary"]].tolist() == [1, 3, 600]
    # c's return lowers M but is not a purchase: F = 1 and R from 2026-03-01
    assert rfm.loc["c", ["recency_days", "frequency", "monetary"]].tolist() == [121, 1, 50]
    assert rfm.loc["a", "rfm"] == "555"
    assert rfm.attrs["rows_without_customer"] == 1 and rfm.attrs["rows_after_as_of"] == 1


def test_rfm_single_customer_and_missing_columns():
    one = pd.DataFrame({"member_id": ["m"], "txn_date": ["2026-01-01"], "amount": [5.0]})
    rfm = records.rfm_table(one)
    assert rfm[["r", "f", "m"]].iloc[0].tolist() == [3, 3, 3]
    assert rfm["segment"].iloc[0] == "need_attention"
    with pytest.raises(DataError, match="date"):
        records.rfm_table(pd.DataFrame({"member_id": ["m"], "amount": [1]}))


def test_segment_rules_follow_the_content_order():
    ids = [s["id"] for s in content.get("rfm")["segments"]]
    assert ids == [*records.RFM_RULES, records.FALLBACK_SEGMENT]
    cases = {(5, 5, 5): "champions", (3, 4, 1): "loyal", (2, 3, 5): "big_spenders", (5, 1, 2): "new",
             (5, 1, 5): "big_spenders",  # big spenders come before new: the first rule wins
             (4, 2, 3): "promising", (1, 4, 5): "at_risk", (2, 1, 2): "hibernating", (3, 3, 3): "need_attention"}
    for (r, f, m), expected in cases.items():
        assert records.rfm_segment(r, f, m) == expected, (r, f, m)


def test_rfm_summary_and_plot_on_bundled_data():
    rfm = records.rfm_table(data.load("b2c_transactions"), as_of=AS_OF)
    summary = records.rfm_summary(rfm)
    assert summary["customers"].sum() == len(rfm)
    assert list(summary.index) == [s["id"] for s in content.get("rfm")["segments"]]
    assert summary.loc["champions", "revenue_share"] > summary.loc["champions", "customer_share"]
    fig = records.plot_rfm(rfm, lang="zh")
    assert "群体" in fig.axes[1].get_title()


# --------------------------------------------------------------------------- best and worst
def test_scorecard_on_a_hand_made_table():
    orders = pd.DataFrame({
        "account_id": ["good", "good", "bad", "mid", "mid"],
        "order_date": pd.to_datetime(["2025-12-01", "2026-05-01", "2026-04-01", "2025-03-01", "2026-02-01"]),
        "amount": [50_000, 60_000, 800, 9_000, 9_000],
        "quantity": [1, 1, 1, 1, 1], "unit_price": [50_000, 60_000, 1000, 9_000, 9_000],
        "category": ["equipment", "service", "consumables", "network", "consumables"],
    })
    tickets = pd.DataFrame({"account_id": ["bad"] * 3 + ["mid"], "opened_date": ["2026-04-02"] * 4,
                            "kind": ["complaint", "complaint", "repair", "repair"], "hours_spent": [5.0, 4.0, 6.0, 1.0]})
    card = records.customer_scorecard(orders, tickets, as_of="2026-06-30", best_share=1 / 3)
    assert card.index[0] == "good" and card.index[-1] == "bad"
    assert card.loc["good", "verdict"] == "best" and card.loc["bad", "verdict"] == "worst"
    assert card.loc["bad", "discount_rate"] == pytest.approx(0.2)
    assert card.loc["bad", "cost_to_serve"] == pytest.approx(15 * 300)
    assert card.loc["bad", "complaint_share"] == pytest.approx(2 / 3)
    assert {"never_satisfied", "cost_more_than_bring", "pull_off_strategy"} <= set(card.loc["bad", "worst_signs"].split(", "))
    assert card.loc["good", "growth"] == pytest.approx(110_000)
    trait_ids = {t["id"] for key in ("best_customer_traits", "worst_customer_traits") for t in content.get(key)}
    used = {s for col in ("best_signs", "worst_signs") for v in card[col] for s in v.split(", ") if s}
    assert used <= trait_ids


def test_scorecard_weights_change_the_ranking():
    orders = pd.DataFrame({"account_id": ["big", "cheap"], "order_date": pd.to_datetime(["2026-01-01"] * 2),
                           "amount": [90_000, 1_000], "quantity": [1, 1], "unit_price": [100_000, 1_000]})
    default = records.customer_scorecard(orders)
    assert default.index[0] == "big"
    only_discount = records.customer_scorecard(orders, weights={k: 0 for k in records.SCORE_WEIGHTS} | {"discount_rate": 1})
    assert only_discount.index[0] == "cheap"


def test_bundled_scorecard_and_segment_table(scorecard):
    assert scorecard["verdict"].value_counts().to_dict().keys() == {"best", "middle", "worst"}
    best, worst = (scorecard.loc[scorecard["verdict"] == v] for v in ("best", "worst"))
    assert best["revenue"].median() > 10 * worst["revenue"].median()
    assert best["hours_per_10k"].median() < worst["hours_per_10k"].median()
    table = records.segment_table(scorecard, by="industry", n=2)
    assert set(table.index) == set(scorecard["industry"])
    assert table["customers"].sum() == len(scorecard)
    edu = scorecard.loc[scorecard["industry"] == "education"].sort_values("score", ascending=False)
    assert table.loc["education", "best"].startswith(edu["account_name"].iloc[0])
    zh = records.segment_table(scorecard, by="main_category", lang="zh")
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in zh["next_action"])
    # names listed the way each language lists them: "A (82), B (71)" / "A（82）、B（71）"
    assert ", " in table.loc["education", "best"] and "(" in table.loc["education", "best"]
    assert all("、" in text and ", " not in text and "（" in text for text in zh["best"])
    with pytest.raises(DataError):
        records.segment_table(scorecard, by="nope")


def test_lookalike_ranks_prospects_with_drivers(scorecard):
    accounts = data.load("b2b_accounts")
    ranked = records.lookalike_scores(accounts, scorecard)
    prospects = set(accounts.loc[accounts["status"] == "prospect", "account_id"])
    assert set(ranked.index) == prospects
    assert ranked["lookalike_score"].is_monotonic_decreasing
    assert ranked["lookalike_score"].between(0, 100).all()
    assert ranked["drivers"].iloc[0].count("(+") >= 1
    # the profile model really separates: the best customers score above the worst on it
    model = records.lookalike_model(accounts, scorecard)
    train = accounts.set_index("account_id").loc[scorecard.index]
    proba = pd.Series(model.predict_proba(train[list(records.LOOKALIKE_FEATURES)])[:, 1], index=train.index)
    assert proba[scorecard["verdict"] == "best"].mean() > proba[scorecard["verdict"] == "worst"].mean()


def test_lookalike_drivers_name_the_feature_that_matters():
    rng = np.random.default_rng(0)
    n = 200
    accounts = pd.DataFrame({
        "account_id": [f"X{i:03d}" for i in range(n)],
        "industry": rng.choice(["healthcare", "retail"], n),
        "size_band": rng.choice(["small", "large"], n),
        "status": ["customer"] * 150 + ["prospect"] * 50,
    })
    verdict = np.where(accounts["industry"].iloc[:150] == "healthcare", "best", "middle")
    card = pd.DataFrame({"verdict": verdict}, index=accounts["account_id"].iloc[:150])
    ranked = records.lookalike_scores(accounts, card, features=("industry", "size_band"))
    top = ranked.iloc[0]
    assert top["industry"] == "healthcare" and "healthcare" in top["drivers"]
    assert ranked.loc[ranked["industry"] == "retail", "lookalike_score"].max() < ranked.loc[
        ranked["industry"] == "healthcare", "lookalike_score"].min()


# --------------------------------------------------------------------------- why-buy and display
def test_why_buy_answers_the_data_questions(truth, orders):
    tables = (orders, data.load("b2b_accounts"), data.load("b2b_contacts"), data.load("b2b_leads"))
    answers = records.why_buy(*tables, as_of=AS_OF)
    questions = content.get("why_buy_questions")
    assert len(answers) == len(questions)
    assert answers["from_data"].tolist() == [q["column"] != "none" for q in questions]
    cost = answers.loc[[q["id"] for q in questions].index("cost_per_sale"), "answer"]
    assert "Referrals" in cost and f"{truth['conversion']['by_source_method']['referral']['cost_per_win']:,.0f}" in cost
    zh = records.why_buy(*tables, as_of=AS_OF, lang="zh")
    assert "决策者" in zh.loc[0, "answer"]


def test_labels_translate_chapter_headers_and_values_once():
    frame = pd.DataFrame({"revenue": [1.0], "abc_class": ["A"]}, index=pd.Index(["finance"], name="segment"))
    import course

    course.set_language("zh")
    out = records.labels(frame)
    assert list(out.columns) == ["收入（元）", "ABC 分类"]
    assert out.index.tolist() == ["金融"] and out.index.name == "群体"
    assert records.labels(pd.DataFrame(index=["champions"])).index.tolist() == ["明星客户"]


def test_plots_render_in_both_languages(orders, scorecard):
    from course.plots import figure_png

    table = records.pareto_table(orders)
    zh = records.plot_pareto(table, lang="zh")
    assert "少数客户" in zh.axes[0].get_title()
    for fig in (zh, records.plot_best_worst(scorecard, lang="en")):
        assert figure_png(fig)[:4] == b"\x89PNG"


def test_ids_are_trimmed_merged_and_sorted():
    tx = pd.DataFrame({"member_id": ["b", "a", "c", " a "], "txn_date": ["2026-01-01"] * 4, "amount": [1, 2, 3, 4]})
    rfm = records.rfm_table(tx)
    assert rfm.index.tolist() == ["a", "b", "c"]
    assert rfm.loc["a", ["frequency", "monetary"]].tolist() == [2, 6]
    assert records.pareto_table(tx)["revenue"].to_dict() == {"a": 6, "c": 3, "b": 1}
