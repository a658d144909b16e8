"""Targeting on a user's own leads: any outcome column, number-like text as numbers, a leakage guard that reads the data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course import data, messy_exports, precision
from course.data import DataError
from course.precision_targets import leakage_check, number_like, outcome_flags


@pytest.fixture(scope="module")
def campaign():
    return messy_exports.campaign_leads()


@pytest.fixture(scope="module")
def campaign_model(campaign):
    frame, _ = campaign
    return precision.train_target_model(frame, "subscribed")


def test_leaky_and_id_columns_are_left_out_by_the_data_not_by_name(campaign, campaign_model):
    _, truth = campaign
    assert set(campaign_model.left_out) == set(truth["leaky"]) | set(truth["id_columns"])
    assert "almost perfectly" in campaign_model.left_out["contract_value"]["en"]
    assert "after the outcome" in campaign_model.left_out["call_seconds"]["en"]
    assert "通话" in campaign_model.left_out["call_seconds"]["zh"]
    assert not set(campaign_model.features) & set(campaign_model.left_out)
    # the same columns under other names are caught the same way
    frame, _ = campaign
    renamed = frame.rename(columns={"contract_value": "x1", "call_seconds": "x2", "lead_ref": "x3"})
    again = precision.train_target_model(renamed, "subscribed")
    assert set(again.left_out) == {"x1", "x2", "x3"}


def test_the_user_can_insist_and_sees_what_leakage_does(campaign, campaign_model):
    frame, _ = campaign
    leaky = precision.train_target_model(frame, "subscribed", insist=["call_seconds"])
    assert "call_seconds" in leaky.features and leaky.insisted == ["call_seconds"]
    assert leaky.auc > campaign_model.auc + 0.03  # better on paper, useless before the call


def test_number_like_text_is_read_as_numbers_and_keeps_its_signal():
    rng = np.random.default_rng(1)
    spend = rng.lognormal(8, 1, 600)
    won = rng.random(600) < 1 / (1 + np.exp(-(np.log(spend) - 8) * 2))
    text = pd.Series([f"{v:,.0f}" for v in spend])
    text[rng.random(600) < 0.05] = " "
    table = pd.DataFrame({"spend": text, "y": np.where(won, "yes", "no")})
    model = precision.train_target_model(table, "y")
    assert model.numeric_text == ["spend"] and model.auc > 0.8
    # a model that treats every spelling as a category (what the kit did before) learns almost nothing for new rows
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder

    train = table.drop(index=model.test_ids)
    onehot = make_pipeline(OneHotEncoder(handle_unknown="ignore"), LogisticRegression(max_iter=1000))
    onehot.fit(train[["spend"]], train["y"] == "yes")
    test = table.loc[model.test_ids]
    as_categories = roc_auc_score(test["y"] == "yes", onehot.predict_proba(test[["spend"]])[:, 1])
    assert model.auc > as_categories + 0.15
    new = pd.DataFrame({"spend": ["12,000", " ", "150"]})
    scores = model.predict(new)
    assert scores.iloc[0] > scores.iloc[2] and scores.notna().all()
    assert roc_auc_score(model.y_test, model.test_scores) == pytest.approx(model.auc)


def test_open_rows_are_not_trained_on_and_can_be_scored(campaign):
    frame, _ = campaign
    frame = frame.copy()
    frame.loc[frame.index[:100], "subscribed"] = ""
    model = precision.train_target_model(frame, "subscribed")
    assert list(model.open_rows) == list(frame.index[:100])
    assert not set(model.test_ids) & set(model.open_rows)
    assert model.predict(frame.loc[model.open_rows]).between(0, 1).all()


@pytest.mark.parametrize("values, positive, expected", [
    ([True, False, True], None, [1.0, 0.0, 1.0]),
    ([1, 0, 0], None, [1.0, 0.0, 0.0]),
    (["Yes", "no", "YES"], None, [1.0, 0.0, 1.0]),
    (["是", "否", ""], None, [1.0, 0.0, np.nan]),
    (["gold", "silver", "gold"], "gold", [1.0, 0.0, 1.0]),
    (["churned", "stayed"], None, [1.0, 0.0]),
])
def test_outcomes_in_their_many_spellings(values, positive, expected):
    got, _ = outcome_flags(pd.Series(values), positive, "y")
    assert np.allclose(got.to_numpy(), expected, equal_nan=True)


def test_outcomes_that_cannot_be_read_say_how_to_name_the_win():
    with pytest.raises(DataError, match="cannot tell which value is a win") as e:
        outcome_flags(pd.Series(["gold", "silver"]), None, "tier")
    assert "--target tier=" in e.value.en
    with pytest.raises(DataError, match="no row has the value"):
        outcome_flags(pd.Series(["a", "b"]), "c", "tier")
    with pytest.raises(DataError, match="cannot tell"):
        outcome_flags(pd.Series(["yes", "no", "maybe"]), None, "y")


def test_a_copy_of_the_outcome_under_an_innocent_name_is_refused_by_the_lead_model():
    leads = data.load("b2b_leads").assign(closed_flag=lambda f: f["converted"].map({True: "Y", False: "N"}))
    with pytest.raises(DataError, match="almost perfectly") as e:
        precision.train_lead_model(leads, features=["money", "need", "closed_flag"])
    assert e.value.column == "closed_flag"
    assert precision.train_lead_model(leads, features=["money", "need", "closed_flag"], allow_leaky=True).auc > 0.99


def test_leakage_check_finds_the_kit_leaky_columns_from_the_data():
    leads = data.load("b2b_leads")
    table = leakage_check(leads, "converted", ["won_amount", "days_to_contract", "won_date", "engagement", "money"])
    verdict = table.set_index("feature")["verdict"]
    assert set(verdict[verdict == "leak"].index) == {"won_amount", "days_to_contract", "won_date"}
    assert verdict["money"] == "ok" and verdict["engagement"] == "ok"


def test_number_like():
    assert number_like(pd.Series(["¥1,200", "3.5", None, "-7"]))
    assert not number_like(pd.Series(["A-12", "B-7"])) and not number_like(pd.Series([1.0, 2.0]))
