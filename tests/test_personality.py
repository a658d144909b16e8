"""Chapter 3 functions: type cards, the style grid, win rate by type, the call plan."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from course import content, data, personality
from course.data import DataError


@pytest.fixture(scope="module")
def contacts():
    return data.load("b2b_contacts")


@pytest.fixture(scope="module")
def leads():
    return data.load("b2b_leads")


def _hand_made():
    contacts = pd.DataFrame({
        "contact_id": ["C1", "C2", "C3", "C4"],
        "contact_name": ["王静", "李强", "赵敏", "孙立"],
        "contact_name_en": ["Wang Jing", "Li Qiang", "Zhao Min", "Sun Li"],
        "personality_type": ["rational", "rational", "combative", "vain"],
        "goal_type": ["task", "economy", "economy", "quality"],
        "has_authority": [True, False, True, True],
    })
    leads = pd.DataFrame({
        "lead_id": ["L1", "L2", "L3", "L4", "L5", "L6"],
        "contact_id": ["C1", "C1", "C2", "C3", "C3", "C9"],
        "converted": [True, False, True, False, False, True],
    })
    return contacts, leads


# --------------------------------------------------------------------------- ids and cards
def test_type_ids_match_the_knowledge_base():
    assert tuple(e["id"] for e in content.get("personality_types")) == personality.PERSONALITY_TYPES
    assert tuple(e["id"] for e in content.get("goal_types")) == personality.GOAL_TYPES
    answers = {s["answer_id"] for s in content.get("type_scenarios")}
    assert answers == set(personality.PERSONALITY_TYPES) | set(personality.GOAL_TYPES)


def test_type_card_in_both_languages_and_by_name():
    en = personality.type_card("stubborn", lang="en")
    zh = personality.type_card("顽固型", lang="zh")
    assert en.id == zh.id == "stubborn" and en.kind == "personality"
    assert en.name == "Stubborn" and zh.name == "顽固型"
    raw = next(e for e in content.get("personality_types") if e["id"] == "stubborn")
    assert en.approach == [a["en"] for a in raw["approach"]]
    assert zh.avoid == [a["zh"] for a in raw["avoid"]]
    assert "<li>" in en._repr_html_() and en.example_line in str(en)
    assert personality.type_card("Economy-first", lang="en").kind == "goal"


def test_unknown_type_is_a_bilingual_error():
    with pytest.raises(ValueError, match="(?s)Unknown type.*未知"):
        personality.type_card("grumpy")


# --------------------------------------------------------------------------- the grid
def test_quadrants_of_the_grid():
    grid = personality.style_grid("en")
    assert list(grid.index) == list(personality.PERSONALITY_TYPES)
    quad = grid["quadrant"].to_dict()
    assert quad["combative"] == quad["vain"] == "forceful"
    assert quad["introverted"] == quad["suspicious"] == "guarded"
    assert quad["stubborn"] == quad["rational"] == "firm"
    assert quad["easygoing"] == quad["nervous"] == "warm"
    assert personality.quadrant(0, 0) == "forceful" and personality.quadrant(-0.01, 0) == "warm"


@given(st.floats(-1, 1), st.floats(-1, 1))
def test_quadrant_follows_the_signs(a, r):
    q = personality.quadrant(a, r)
    assert (q in {"forceful", "firm"}) == (a >= 0)
    assert (q in {"forceful", "warm"}) == (r >= 0)


def test_grid_plot_labels_types_in_the_current_language_and_shows_the_caveat():
    fig = personality.plot_style_grid(highlight="vain", lang="zh")
    texts = [t.get_text() for ax in fig.axes for t in ax.texts] + [t.get_text() for t in fig.texts]
    assert {"理智型", "好斗型", "沉默戒备"} <= set(texts)
    assert any("不是测量" in t for t in texts)
    en = personality.plot_style_grid(lang="en")
    assert any("not a measurement" in t.get_text() for t in en.texts)


# --------------------------------------------------------------------------- data
def test_join_keeps_every_lead_and_marks_unknown_contacts():
    contacts, leads = _hand_made()
    typed = personality.leads_with_types(contacts, leads)
    assert len(typed) == len(leads)
    assert typed["personality_type"].tolist() == ["rational", "rational", "rational", "combative", "combative", "unknown"]


def test_win_rate_by_type_on_a_hand_made_table():
    contacts, leads = _hand_made()
    table = personality.win_rate_by_type(contacts, leads)
    assert table.loc["rational", "leads"] == 3 and table.loc["rational", "won_leads"] == 2
    assert table.loc["rational", "conversion_rate"] == pytest.approx(2 / 3)
    assert table.loc["combative", "conversion_rate"] == 0
    assert table.loc["vain", "leads"] == 0 and np.isnan(table.loc["vain", "conversion_rate"])
    assert table.index[-1] == "unknown" and table.loc["unknown", "won_leads"] == 1
    assert table["share"].sum() == pytest.approx(1.0)
    assert (table["ci_low"].dropna() <= table["conversion_rate"].dropna()).all()
    goal = personality.win_rate_by_type(contacts, leads, by="goal")
    assert goal.loc["economy", "leads"] == 3 and goal.loc["economy", "won_leads"] == 1


def test_wilson_interval_matches_scipy():
    from scipy.stats import binomtest

    contacts, leads = _hand_made()
    table = personality.win_rate_by_type(contacts, leads, interval="wilson")
    ci = binomtest(2, 3).proportion_ci(confidence_level=0.95, method="wilson")
    assert table.loc["rational", "ci_low"] == pytest.approx(ci.low)
    assert table.loc["rational", "ci_high"] == pytest.approx(ci.high)


def test_column_mapping_and_bad_input():
    contacts, leads = _hand_made()
    theirs = contacts.rename(columns={"personality_type": "性格", "contact_id": "联系人"})
    table = personality.win_rate_by_type(theirs, leads.rename(columns={"contact_id": "联系人"}),
                                         columns={"personality_type": "性格", "contact_id": "联系人"})
    assert table.loc["rational", "won_leads"] == 2
    with pytest.raises(DataError, match="personality_type") as err:
        personality.win_rate_by_type(contacts.drop(columns="personality_type"), leads)
    assert err.value.column == "personality_type" and "缺少" in str(err.value)
    with pytest.raises(DataError, match="more than once"):
        personality.leads_with_types(pd.concat([contacts, contacts.head(1)]), leads)
    with pytest.raises(DataError, match="converted"):
        personality.win_rate_by_type(contacts, leads.drop(columns="converted"))


def test_bundled_data_counts_add_up(contacts, leads):
    table = personality.win_rate_by_type(contacts, leads)
    assert table["leads"].sum() == len(leads) and "unknown" not in table.index
    truth = json.loads((Path(data.datasets_dir()) / "ground_truth.json").read_text())
    overall = truth["conversion"]["overall"]
    assert (table["won_leads"].sum() / len(leads)) == pytest.approx(overall, abs=5e-4)
    typed = leads.merge(contacts[["contact_id", "personality_type"]], on="contact_id")
    assert table.loc["suspicious", "conversion_rate"] == pytest.approx(
        typed.loc[typed.personality_type == "suspicious", "converted"].mean())


def test_effect_test_is_honest_about_clustered_leads(contacts, leads):
    # the generator assigns types at random: keeping each contact's leads together weakens the evidence
    result = personality.type_effect_test(contacts, leads, n_permutations=199, seed=1)
    assert result["permutation_p"] > 0.1 and result["permutation_p"] > result["naive_p"]
    assert result["contacts"] == leads["contact_id"].nunique()
    goal = personality.type_effect_test(contacts, leads, by="goal", n_permutations=199)
    assert goal["permutation_p"] > 0.1


def _one_lucky_contact():
    """Two types, 40 contacts each with one lead (30% won) — and one 'vain' contact with 40 won leads."""
    contacts = pd.DataFrame({"contact_id": [f"C{i}" for i in range(81)],
                             "personality_type": ["vain"] * 40 + ["rational"] * 40 + ["vain"],
                             "goal_type": "task"})
    won = ([True] * 12 + [False] * 28) * 2 + [True] * 40
    ids = [f"C{i}" for i in range(80)] + ["C80"] * 40
    return contacts, pd.DataFrame({"contact_id": ids, "converted": won})


def test_contact_intervals_are_as_wide_as_the_grouping_makes_them():
    contacts, leads = _one_lucky_contact()
    grouped = personality.win_rate_by_type(contacts, leads)
    naive = personality.win_rate_by_type(contacts, leads, interval="wilson")
    assert grouped.loc["vain", "leads"] == 80 and grouped.loc["vain", "contacts"] == 41
    assert grouped.loc["vain", "conversion_rate"] == pytest.approx(52 / 80)
    # 80 independent leads would make vain clearly better than rational; 41 people do not
    assert naive.loc["vain", "ci_low"] > naive.loc["rational", "ci_high"]
    assert grouped.loc["vain", "ci_low"] < 0.3 * 0.98 + 0.02  # the lucky contact may be left out of a resample
    width = grouped["ci_high"] - grouped["ci_low"]
    assert width["vain"] > 2 * (naive.loc["vain", "ci_high"] - naive.loc["vain", "ci_low"])
    # one lead per contact: the grouped interval is the ordinary one, give or take resampling noise
    assert width["rational"] == pytest.approx(naive.loc["rational", "ci_high"] - naive.loc["rational", "ci_low"], abs=0.05)
    effect = personality.type_effect_test(contacts, leads, n_permutations=199)
    assert effect["naive_p"] < 0.001 and effect["permutation_p"] > 0.05
    with pytest.raises(ValueError, match="interval"):
        personality.win_rate_by_type(contacts, leads, interval="bayes")


def test_on_the_bundled_data_the_plot_and_the_test_agree(contacts, leads):
    overall = leads["converted"].mean()
    for by in ("personality", "goal"):
        table = personality.win_rate_by_type(contacts, leads, by=by)
        outside = (table["ci_low"] > overall) | (table["ci_high"] < overall)
        test = personality.type_effect_test(contacts, leads, by=by, n_permutations=199)
        assert outside.any() == (test["permutation_p"] < 0.05), by
        naive = personality.win_rate_by_type(contacts, leads, by=by, interval="wilson")
        assert ((table["ci_high"] - table["ci_low"]) >= (naive["ci_high"] - naive["ci_low"]) - 0.01).all()


def test_effect_test_finds_a_planted_effect():
    rng = np.random.default_rng(0)
    n = 400
    contacts = pd.DataFrame({"contact_id": [f"C{i}" for i in range(n)],
                             "personality_type": np.where(np.arange(n) % 2 == 0, "vain", "rational"),
                             "goal_type": "task"})
    contact = rng.integers(0, n, 2000)
    won = rng.random(2000) < np.where(contact % 2 == 0, 0.45, 0.15)
    leads = pd.DataFrame({"contact_id": [f"C{i}" for i in contact], "converted": won})
    result = personality.type_effect_test(contacts, leads, n_permutations=199)
    assert result["permutation_p"] <= 0.01 and result["naive_p"] < 1e-6


def test_plot_win_rate_has_one_row_per_type(contacts, leads):
    table = personality.win_rate_by_type(contacts, leads, by="goal")
    fig = personality.plot_win_rate_by_type(table, overall=0.19, lang="zh")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert set(labels) == {"任务型", "利益型", "主人翁型", "重质型", "经济型"}
    assert "目标类型" in fig._suptitle.get_text()


# --------------------------------------------------------------------------- plan the call
def test_plan_call_combines_both_cards():
    contacts, leads = _hand_made()
    plan = personality.plan_call("C2", contacts, leads, lang="en")
    rational = personality.type_card("rational", "en")
    economy = personality.type_card("economy", "en")
    assert plan.stress == rational.approach + economy.approach
    assert plan.avoid == rational.avoid + economy.avoid
    assert plan.contact == "Li Qiang" and plan.has_authority is False
    assert plan.open_leads == []  # L3 was won
    assert "cannot decide alone" in str(plan)
    plan1 = personality.plan_call("C1", contacts, leads, lang="zh")
    assert plan1.open_leads == ["L2"] and plan1.contact == "王静" and "L2" in plan1._repr_html_()
    # no lead_status: every lead not won is listed, and the note says it may be lost
    assert not plan1.still_open and "未成交线索（在跟进或已丢单）：L2" in str(plan1)


def test_plan_call_lists_only_leads_still_being_worked_when_the_status_is_known():
    contacts, leads = _hand_made()
    leads = leads.assign(lead_status=["won", "lost", "won", " Open", "lost", "won"])
    plan = personality.plan_call("C3", contacts, leads, lang="en")
    assert plan.open_leads == ["L4"] and plan.still_open  # L5 was lost: not an open lead
    assert "Open leads with this contact (still being worked): L4." in str(plan)
    lost_only = personality.plan_call("C1", contacts, leads, lang="en")
    assert lost_only.open_leads == [] and "Open leads" not in str(lost_only) and "L2" not in str(lost_only)
    missing = leads.assign(lead_status=[None, "open", None, None, None, None])
    assert personality.plan_call("C1", contacts, missing, lang="zh").open_leads == ["L2"]
    # on the bundled data the plan's open leads are exactly the contact's leads with status open
    all_contacts, all_leads = data.load("b2b_contacts"), data.load("b2b_leads")
    busy = all_leads.loc[all_leads["lead_status"].eq("open"), "contact_id"].value_counts().index[0]
    plan = personality.plan_call(busy, all_contacts, all_leads, lang="en")
    expected = all_leads.loc[(all_leads["contact_id"] == busy) & (all_leads["lead_status"] == "open"), "lead_id"]
    assert plan.open_leads == expected.astype(str).tolist() and plan.open_leads


def test_plan_call_errors_name_the_problem():
    contacts, _ = _hand_made()
    with pytest.raises(DataError, match="C99"):
        personality.plan_call("C99", contacts)
    bad = contacts.assign(personality_type=["grumpy", "rational", "vain", "vain"])
    with pytest.raises(DataError, match="grumpy"):
        personality.plan_call("C1", bad)


def test_scenario_text_and_kinds():
    assert str(personality.scenario_text("owner_1", lang="zh")).startswith("> ")
    assert {s["kind"] for s in personality.scenarios("goal")} == {"goal"}
    with pytest.raises(ValueError):
        personality.scenario_text("nope_1")
