"""Chapter 6 widgets respond to clicks and slider moves (no kernel needed)."""

from __future__ import annotations

import pytest

import course
from course import data, strategy
from course.widgets.ch06 import (
    LeverDiagnosis,
    LeverDiagnosisModel,
    SegmentExplorer,
    SellingPointsBuilder,
    SellingPointsModel,
)


@pytest.fixture(scope="module")
def leads():
    return data.load("b2b_leads")


@pytest.fixture(scope="module")
def b2c():
    return data.load("b2c_members"), data.load("b2c_transactions"), data.load("b2c_basket_items")


def test_selling_points_model_add_edit_remove():
    model = SellingPointsModel("managed_switch", lang="en")
    assert len(model.rows) == 4
    check = model.add_row("Metal case", "It has a metal case", "Built to last.")
    assert check.kind == "feature" and len(model.rows) == 5
    check = model.edit_row(4, benefit="It survives a dusty factory floor, so you replace it less often")
    assert check.kind == "benefit"
    table = model.table()
    assert table.loc[5, "benefit"].startswith("It survives") and table.loc[5, "benefit_check"] == "Benefit"
    model.remove_row(0)
    assert len(model.rows) == 4
    with pytest.raises(ValueError):
        model.add_row("", "x", "y")
    with pytest.raises(ValueError):
        model.edit_row(0, colour="red")
    model.load_product(None)
    assert model.rows == [] and model.table().empty


def test_builder_buttons_and_dropdowns():
    view = SellingPointsBuilder("mfp_copier")
    assert "Finance sees" in view.output.value
    view.fields["feature"].value = "Duplex printing by default"
    view.fields["benefit"].value = "Supports duplex"
    view.fields["pitch"].value = "Half the paper."
    view.add.click()
    assert len(view.model.rows) == 5 and "Feature" in view.feedback.value
    assert view.fields["feature"].value == ""  # cleared for the next row
    view.row.value = 4
    assert view.fields["benefit"].value == "Supports duplex"
    view.fields["benefit"].value = "Saves half the paper, so the budget goes further"
    view.update.click()
    assert view.model.rows[4]["benefit"].startswith("Saves half") and "Benefit" in view.feedback.value
    view.remove.click()
    assert len(view.model.rows) == 4
    view.add.click()  # empty boxes: a message, no row
    assert len(view.model.rows) == 4 and "Fill in" in view.feedback.value
    view.product.value = None
    assert view.model.rows == [] and "No rows yet" in view.output.value


def test_builder_speaks_chinese():
    course.set_language("zh")
    view = SellingPointsBuilder("service_plan")
    assert "一口价" in view.output.value and view.add.description == "添加一行"


def test_segment_explorer_threshold_moves_the_middle_layer(b2c):
    explorer = SegmentExplorer(*b2c)
    default = strategy.segment_members(*b2c)
    assert (explorer.model.segments["price_sensitivity"] == "high").sum() == (default["price_sensitivity"] == "high").sum()
    before = explorer.readout.value
    assert len(explorer.plot.outputs) == 1 and "image/png" in explorer.plot.outputs[0]["data"]
    explorer.threshold.value = 0.9
    assert explorer.readout.value != before
    assert len(explorer.plot.outputs) == 1  # replaced, not appended
    high = (explorer.model.segments["price_sensitivity"] == "high").sum()
    assert high == (strategy.discount_share(b2c[1])["discount_share"] >= 0.9).sum()


def test_lever_diagnosis_model_and_view(leads):
    accounts = data.load("b2b_accounts")
    model = LeverDiagnosisModel(leads, accounts)
    model.pick("L00008")
    assert model.diagnosis().index[0] == "strengthen_motive"
    assert "L00008" in model.describe() and "Strengthen the motive" in model.describe()
    converted = leads.loc[leads["converted"], "lead_id"].iloc[0]
    model.pick(converted)
    assert "already converted" in model.describe()
    with pytest.raises(ValueError):
        model.pick("L-nope")

    view = LeverDiagnosis(leads, accounts)
    assert all(not leads.set_index("lead_id").loc[i, "converted"] for i in view.lead.options[:20])
    view.lead.value = "L00008"
    assert "Make buying convenient" in view.output.value  # 407 km > 200 km
    assert "engagement 45" not in view.output.value
    view.engagement.value = 50  # engagement 45 is now "low"
    assert "engagement 45" in view.output.value
