"""ch07.q2 ("train a lead model of your own") judges the features it names, on a model the judge trains itself.

A red-team audit handed in a ``LeadModel`` with invented held-out scores and ``auc=1.0`` that was never trained,
and a leaky model relabelled with a harmless feature list: both got full credit, because the judge read the AUC
the trainee's kernel had computed. The numbers a model carries are now never believed.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from course import data, precision
from course.exercises import ch07
from course.precision_models import LeadModel

GOOD = ["money", "authority", "need", "engagement", "source_method"]


@pytest.fixture(scope="module")
def leads() -> pd.DataFrame:
    return data.load("b2b_leads")


def test_the_model_of_the_solution_is_right(leads):
    verdict = ch07.q2.check(precision.train_lead_model(leads, features=GOOD))
    assert verdict.status == "correct"
    assert f"{precision.train_lead_model(leads, features=GOOD).auc:.3f}" in verdict.message["en"]


def test_a_model_that_was_never_trained_gets_no_credit_for_the_auc_it_claims(leads):
    y = np.array([0, 1] * 400)  # 800 "held-out" leads, perfectly scored
    fake = LeadModel(pipeline=None, features=["money"], target="converted", test_ids=pd.RangeIndex(len(y)), y_test=y,
                     test_scores=y.astype(float), train_auc=1.0)
    assert fake.auc == 1.0
    verdict = ch07.q2.check(fake)
    assert verdict.status == "incorrect" and "1.000" not in verdict.message["en"]
    real = precision.train_lead_model(leads, features=["money"]).auc
    assert f"{real:.2f}" in verdict.message["en"]  # the AUC the judge trained itself


def test_a_leaky_model_relabelled_with_harmless_features_is_judged_on_those(leads):
    leaky = precision.train_lead_model(leads, features=["stage", "won_amount", "asked_quote"], allow_leaky=True)
    assert ch07.q2.check(leaky).status == "incorrect"  # honest about its features: refused
    relabelled = dataclasses.replace(leaky, features=["money"])
    assert leaky.auc > 0.9 and ch07.q2.check(relabelled).status == "incorrect"
    # relabelled with the good features, it is worth what a model on those features is worth — no more
    assert ch07.q2.check(dataclasses.replace(leaky, features=GOOD)).message == ch07.q2.check(
        precision.train_lead_model(leads, features=GOOD)).message


@pytest.mark.parametrize(("features", "says"), [
    ("money", "list of column names"),
    ([], "list of column names"),
    (["money", "money"], "each once"),
    (["money", 3], "list of column names"),
    (["money", "shoe_size"], "cannot be trained"),
])
def test_features_that_are_not_columns_of_leads_are_explained(leads, features, says):
    model = dataclasses.replace(precision.train_lead_model(leads, features=GOOD), features=features)
    verdict = ch07.q2.check(model)
    assert verdict.status == "incorrect" and says in verdict.message["en"], verdict.message["en"]


def test_too_small_a_test_set_is_still_explained(leads):
    small = precision.train_lead_model(leads, features=GOOD, test_size=0.1)
    verdict = ch07.q2.check(small)
    assert verdict.status == "incorrect" and "test_size=0.25" in verdict.message["en"]
