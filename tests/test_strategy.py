"""Chapter 6 functions: selling points, layered segmentation, the conversion-lever diagnostic."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from course import content, data, strategy
from course.data import DataError

GROUND_TRUTH = json.loads((Path(__file__).resolve().parent.parent / "datasets" / "ground_truth.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def b2c():
    return data.load("b2c_members"), data.load("b2c_transactions"), data.load("b2c_basket_items")


@pytest.fixture(scope="module")
def leads():
    return data.load("b2b_leads")


# --------------------------------------------------------------------------- selling points
def test_selling_points_table_has_three_products_of_four_rows():
    table = strategy.selling_points(lang="en")
    assert table.shape == (12, 4)
    assert table.groupby("product_name").size().tolist() == [4, 4, 4]
    zh = strategy.selling_points("service_plan", lang="zh")
    assert len(zh) == 4 and "一口价" in zh.loc[2, "feature"]
    with pytest.raises(KeyError):
        strategy.selling_points("nope")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_coach_reads_every_content_benefit_as_a_benefit_and_no_feature_as_one(lang):
    table = strategy.selling_points(lang=lang)
    for benefit in table["benefit"]:
        assert strategy.benefit_feedback(benefit).kind == "benefit", benefit
    for feature in table["feature"]:
        assert strategy.benefit_feedback(feature).kind != "benefit", feature


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Prints 60 pages per minute", "feature"),
        ("Supports VLAN and PoE+", "feature"),
        ("支持 VLAN 划分", "feature"),
        ("配备 24 个千兆端口", "feature"),
        ("Meeting packs are ready in minutes, so nobody queues", "benefit"),
        ("It saves the office half its paper", "benefit"),
        ("员工不用再排队等机器", "benefit"),
        ("A lovely machine", "unclear"),
    ],
)
def test_benefit_feedback_kinds(text, kind):
    check = strategy.benefit_feedback(text)
    assert check.kind == kind
    assert strategy.looks_like_feature(text) is (kind == "feature")


def test_feedback_explains_the_difference_in_both_languages():
    check = strategy.benefit_feedback("Supports 60 pages per minute")
    messages = check.messages()
    assert "supports" in messages["en"] and "so what?" in messages["en"]
    assert "那又怎样" in messages["zh"] and "特征" in messages["zh"]
    assert "benefit" in strategy.benefit_feedback("so you can print faster").message("en")


def test_word_lists_use_word_boundaries():
    # "has" is a feature word but must not fire inside "phase" or "purchase"
    assert strategy.benefit_feedback("Purchase phase").kind == "unclear"


# --------------------------------------------------------------------------- segmentation
def test_discount_share_and_sensitivity_on_a_hand_made_table():
    tx = pd.DataFrame({"member_id": list("aabbbc"), "discount_used": [True, False, False, False, True, True]})
    shares = strategy.discount_share(tx)
    assert shares.loc["a", "discount_share"] == 0.5
    assert shares.loc["b", "purchase_count"] == 3 and shares.loc["b", "discount_count"] == 1
    assert strategy.price_sensitivity(tx).to_dict() == {"a": "high", "b": "low", "c": "high"}
    assert strategy.price_sensitivity(tx, threshold=0.6).to_dict() == {"a": "low", "b": "low", "c": "high"}
    assert list(strategy.price_sensitivity(tx, min_purchases=2).index) == ["a", "b"]
    with pytest.raises(ValueError):
        strategy.price_sensitivity(tx, threshold=50)


def test_column_mapping_and_clear_errors():
    tx = pd.DataFrame({"会员": ["a", "a"], "用券": ["是", "否"]})
    out = strategy.discount_share(tx, columns={"member_id": "会员", "discount_used": "用券"})
    assert out.loc["a", "discount_share"] == 0.5
    with pytest.raises(DataError, match="discount_used"):
        strategy.discount_share(pd.DataFrame({"member_id": ["a"]}))
    with pytest.raises(DataError, match="yes/no"):
        strategy.discount_share(pd.DataFrame({"member_id": ["a"], "discount_used": ["maybe"]}))


def test_coupon_hunters_match_the_ground_truth(b2c):
    _, tx, _ = b2c
    shares = strategy.discount_share(tx)
    hunters = shares[(shares["purchase_count"] >= 5) & (shares["discount_share"] >= 0.9)].index
    assert sorted(hunters) == GROUND_TRUTH["price_sensitivity"]["always_discount_members"]
    overall = shares["discount_count"].sum() / shares["purchase_count"].sum()
    assert overall == pytest.approx(GROUND_TRUTH["price_sensitivity"]["overall_discount_share"], abs=1e-3)


def test_purchase_motive_takes_the_category_with_most_spend():
    tx = pd.DataFrame({"txn_id": ["t1", "t2", "t3"], "member_id": ["a", "a", "b"]})
    items = pd.DataFrame({
        "txn_id": ["t1", "t1", "t2", "t3"],
        "category": ["food", "pets", "pets", "sports"],
        "unit_price": [10.0, 30.0, 50.0, 5.0],
        "quantity": [3, 1, 1, 1],
    })
    out = strategy.purchase_motive(items, tx)
    assert out.loc["a", "dominant_category"] == "pets" and out.loc["a", "motive"] == "family"
    assert out.loc["b", "motive"] == "hobby"
    custom = strategy.purchase_motive(items, tx, mapping={"food": "x", "pets": "y", "sports": "z"})
    assert custom["motive"].tolist() == ["y", "z"]
    with pytest.raises(DataError, match="sports"):
        strategy.purchase_motive(items, tx, mapping={"food": "daily", "pets": "family"})


def test_segment_members_on_the_bundled_data(b2c):
    members, tx, items = b2c
    seg = strategy.segment_members(members, tx, items)
    buyers = tx["member_id"].nunique()
    assert len(seg) == buyers and seg.attrs["left_out"] == len(members) - buyers
    assert set(seg["age_group"]) == set(strategy.AGE_GROUPS)
    assert set(seg["price_sensitivity"]) == {"high", "low"}
    assert set(seg["motive"]) == set(strategy.MOTIVES)
    expected_high = (strategy.discount_share(tx)["discount_share"] >= 0.5).sum()
    assert (seg["price_sensitivity"] == "high").sum() == expected_high
    row = seg.iloc[0]
    assert row["segment"] == f"{row['age_group']}/{row['price_sensitivity']}/{row['motive']}"
    assert row["package_id"] == f"{row['age_group']}_{row['price_sensitivity']}"
    summary = strategy.segment_summary(seg, lang="en")
    assert len(summary) == 18 and summary["members"].sum() == len(seg)
    assert summary["share"].sum() == pytest.approx(1.0)
    assert summary.loc["young/low/daily", "members"] == ((seg["segment"] == "young/low/daily").sum())


def test_age_group_is_derived_from_age_when_missing():
    members = pd.DataFrame({"member_id": ["a", "b", "c"], "age": [20, 40, 70]})
    tx = pd.DataFrame({"txn_id": ["t1", "t2", "t3"], "member_id": ["a", "b", "c"], "discount_used": [True, False, True]})
    items = pd.DataFrame({"txn_id": ["t1", "t2", "t3"], "category": ["food", "baby", "tea"]})
    seg = strategy.segment_members(members, tx, items)
    assert seg["age_group"].tolist() == ["young", "middle", "senior"]
    assert seg["package_id"].tolist() == ["young_high", "middle_low", "senior_high"]
    with pytest.raises(DataError, match="age"):
        strategy.segment_members(members.drop(columns="age"), tx, items)


def test_strategy_package_adds_the_motive_angle():
    package = strategy.strategy_package("senior", "high", "family", lang="zh")
    raw = {p["id"]: p for p in content.get("strategy_packages")}["senior_high"]
    assert package.id == "senior_high"
    assert package.moves[: len(raw["package"])] == [m["zh"] for m in raw["package"]]
    assert len(package.moves) == len(raw["package"]) + 1
    assert "性价比" in package.moves[-1]
    with pytest.raises(KeyError):
        strategy.strategy_package("child", "high")


def test_segment_tree_draws_one_block_per_class(b2c):
    seg = strategy.segment_members(*b2c)
    fig = strategy.plot_segment_tree(seg, lang="zh")
    blocks = fig.axes[0].patches
    assert len(blocks) == 3 + 6 + (strategy.segment_summary(seg)["members"] > 0).sum()
    assert "第一层" in fig.axes[0].get_xticklabels()[0].get_text()


# --------------------------------------------------------------------------- levers
def _lead(**values):
    base = {"lead_id": "L1", "money": True, "authority": True, "need": True, "engagement": 60,
            "asked_quote": False, "proposal_sent": False, "objection": "none", "distance_km": 20.0,
            "stage": "fine", "converted": False}
    base.update(values)
    return base


def test_every_trigger_kind_in_the_content_is_produced_by_a_condition():
    kinds = {tr["kind"] for lever in content.get("conversion_levers") for tr in lever["triggers"]}
    assert kinds == {kind for kind, _ in strategy.CONDITIONS.values()}
    assert len(strategy.lever_ids()) == 9


def test_price_objection_without_money_points_to_lower_total_cost():
    table = strategy.diagnose(_lead(objection="price", money=False), lang="en")
    assert table.index.tolist() == ["lower_total_cost", "remove_resistance"]
    assert table["lever_score"].tolist() == [5, 3]
    assert "price" in table.loc["lower_total_cost", "lever_reasons"]
    assert "no M" in table.loc["lower_total_cost", "lever_reasons"]


def test_decision_maker_distance_and_quote_signals():
    table = strategy.diagnose(
        _lead(authority=False, objection="decision_maker", distance_km=320.0, asked_quote=True), lang="en"
    )
    assert table.index[0] == "manage_contact_points" and table["lever_score"].iloc[0] == 5
    assert set(table.index) == {"manage_contact_points", "strengthen_motive", "make_buying_easy", "communicate_well"}
    assert "320 km" in table.loc["make_buying_easy", "lever_reasons"]
    # thresholds are parameters
    near = strategy.diagnose(_lead(distance_km=320.0), far_km=400)
    assert near.empty


def test_ties_follow_the_course_order_and_clean_leads_get_nothing():
    table = strategy.diagnose(_lead(engagement=10), lang="en")
    assert table.index.tolist() == ["start_from_needs", "build_brand", "communicate_well", "manage_contact_points"]
    assert strategy.diagnose(_lead()).empty
    assert strategy.top_lever(pd.DataFrame([_lead()])).tolist() == ["none"]


def test_vectorised_scores_agree_with_the_single_lead_diagnosis(leads):
    stalled = strategy.stalled_leads(leads)
    assert len(stalled) == int((~leads["converted"]).sum())
    scores = strategy.lever_scores(stalled)
    best = strategy.top_lever(stalled)
    for lead_id in stalled["lead_id"].iloc[::250]:
        table = strategy.diagnose(stalled, lead_id)
        assert dict(zip(table.index, table["lever_score"], strict=True)) == {
            k: v for k, v in scores.loc[lead_id].items() if v > 0
        }
        assert best[lead_id] == (table.index[0] if len(table) else "none")


def test_lever_counts_on_the_bundled_leads(leads):
    stalled = strategy.stalled_leads(leads)
    counts = strategy.lever_counts(stalled, lang="en")
    assert counts.index.tolist() == strategy.lever_ids()
    assert counts["ranks_first"].sum() + (strategy.top_lever(stalled) == "none").sum() == len(stalled)
    assert (counts["ranks_first"] <= counts["applies_to"]).all()
    # remove_resistance applies exactly to the leads with one of its four objections
    objections = stalled["objection"].isin(["price", "performance", "payment_terms", "returns"]).sum()
    assert counts.loc["remove_resistance", "applies_to"] == objections
    fig = strategy.plot_lever_counts(counts)
    assert len(fig.axes[0].get_yticklabels()) == 9


def test_signals_go_with_lower_conversion_on_the_bundled_leads(leads):
    table = strategy.condition_conversion(leads)
    for signal in ("objection_decision_maker", "no_need", "no_money", "no_authority", "low_engagement"):
        assert table.loc[signal, "rate_with"] < table.loc[signal, "rate_without"], signal
    assert table.loc["late_stage", "rate_with"] > 0.5


def test_diagnostic_works_with_other_column_names_and_fails_clearly():
    theirs = pd.DataFrame([{"id": "X", "异议": "price", "预算": "否"}]).rename(columns={"id": "lead_id"})
    scores = strategy.lever_scores(theirs, columns={"objection": "异议", "money": "预算"})
    assert scores.loc["X", "lower_total_cost"] == 5
    assert strategy.diagnose({"异议": "price"}, columns={"objection": "异议"}).index[0] == "lower_total_cost"
    with pytest.raises(DataError, match="objection"):
        strategy.lever_scores(pd.DataFrame({"lead_id": ["x"], "colour": ["red"]}))
    with pytest.raises(KeyError):
        strategy.diagnose(pd.DataFrame([_lead()]), "L-nope")


def test_lead_profile_and_signal_table_speak_chinese(leads):
    profile = strategy.lead_profile(leads, "L00008", lang="zh")
    assert profile.index[0].startswith("M：") and profile.shape == (9, 1)
    table = strategy.signal_table(lang="zh")
    assert len(table) == len(strategy.CONDITIONS)
    assert "提供购买便利" in table.loc["far_distance", "points_to"]
