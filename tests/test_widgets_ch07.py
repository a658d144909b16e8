"""Chapter 7 widgets respond to slider moves and inputs (no kernel needed)."""

from __future__ import annotations

import pytest

import course
from course import data, precision
from course.widgets.ch07 import RuleExplorer, RuleExplorerModel, TargetingModel, TargetingWidget

BASKETS = [["tent", "mat"]] * 6 + [["tent"]] * 2 + [["mat", "tea"]] * 2 + [["tea", "cup"]] * 5 + [["cup"]] * 5


@pytest.fixture(scope="module")
def targeting():
    leads = data.load("b2b_leads")
    return leads, precision.train_lead_model(leads)


def test_model_contacts_the_best_scores_and_prices_them():
    model = TargetingModel([0.2, 0.9, 0.6, 0.1], outcome=[0, 1, 0, 1], lead_ids=["a", "b", "c", "d"],
                           cost_per_contact=100, value_per_win=1000)
    model.set_top_n(2)
    assert model.contacted()["lead"].tolist() == ["b", "c"]
    s = model.summary()
    assert (s["wins"], s["cost"], s["profit"], s["lift"]) == (1, 200.0, 800.0, 1.0)
    model.set_threshold(0.15)
    assert model.top_n == 3
    model.set_budget(150)
    assert model.top_n == 1
    open_leads = TargetingModel([0.5, 0.5], cost_per_contact=10, value_per_win=100)
    open_leads.set_top_n(1)
    assert "Expected wins <b>0.5</b>" in open_leads.describe()


def test_widget_sliders_stay_in_step_and_update_the_readout(targeting):
    leads, lead_model = targeting
    view = TargetingWidget(TargetingModel.from_lead_model(lead_model, leads))
    assert len(view.plot.outputs) == 1 and "image/png" in view.plot.outputs[0]["data"]
    assert view.model.lead_ids[0] == leads.loc[lead_model.test_ids[0], "lead_id"]
    view.top_n.value = 75
    assert "Contact <b>75</b>" in view.readout.value
    assert (lead_model.test_scores >= view.threshold.value - 0.005).sum() >= 75
    view.threshold.value = 0.9
    assert view.top_n.value == int((lead_model.test_scores >= 0.9).sum())
    before = view.model.summary()["profit"]
    view.cost.value = view.cost.value + 100
    assert view.model.summary()["profit"] == pytest.approx(before - 100 * view.top_n.value)
    assert len(view.plot.outputs) == 1  # replaced, not appended
    assert view.table.value.count("<tr") == min(8, view.top_n.value) + 1


def test_widget_speaks_chinese(targeting):
    leads, lead_model = targeting
    course.set_language("zh")
    view = TargetingWidget(TargetingModel.from_lead_model(lead_model, leads))
    assert "利润" in view.readout.value and view.top_n.description == "联系多少条线索"


def test_rule_explorer_filters_rules_as_thresholds_move():
    view = RuleExplorer(RuleExplorerModel(BASKETS, {"mat": "Ground mat"}, min_support=0.1, min_confidence=0.3))
    n_low = len(view.model.rules())
    assert "Ground mat" in view.table.value and f"{n_low} rules" in view.readout.value
    view.confidence.value = 0.9
    assert len(view.model.rules()) < n_low
    view.support.value = 0.06
    assert view.model.min_support == 0.06 and "20 baskets" in view.readout.value
