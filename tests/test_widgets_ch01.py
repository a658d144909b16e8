"""Chapter 1 widgets respond to clicks and slider moves (no kernel needed)."""

from __future__ import annotations

import pytest

import course
from course import data
from course.widgets.ch01 import ManQualifier, ManQualifierModel, PricePremiumExplorer


@pytest.fixture(scope="module")
def leads():
    return data.load("b2b_leads")


def test_model_counts_leads_sharing_the_code(leads):
    model = ManQualifierModel(leads)
    model.set_flags(True, False, True)
    a = model.assessment()
    assert a["code"] == "MaN" and a["action"] == "redirect"
    expected = int((leads.money & ~leads.authority & leads.need).sum())
    assert a["count"] == expected and a["total"] == len(leads)
    assert 0 <= a["conversion_rate"] <= 1


def test_model_picks_a_lead_from_the_data(leads):
    model = ManQualifierModel(leads)
    row = leads.iloc[3]
    model.pick_lead(row["lead_id"])
    assert model.code == "".join(
        (c.upper() if row[col] else c) for c, col in zip("man", ["money", "authority", "need"], strict=True)
    )
    with pytest.raises(ValueError, match="unknown lead"):
        model.pick_lead("L-nope")


def test_view_toggles_change_the_readout(leads):
    view = ManQualifier(leads)
    assert "<b>MAN</b>" in view.output.value
    view.toggles["authority"].value = False
    assert "<b>MaN</b>" in view.output.value
    view.toggles["money"].value = False
    view.toggles["need"].value = False
    assert "<b>man</b>" in view.output.value


def test_view_lead_dropdown_sets_the_toggles(leads):
    view = ManQualifier(leads)
    lead_id = view.lead.options[5][1]
    view.lead.value = lead_id
    row = leads.set_index("lead_id").loc[lead_id]
    assert view.toggles["money"].value == bool(row["money"])
    assert view.model.lead_id == lead_id
    view.toggles["need"].value = not view.toggles["need"].value  # a manual change leaves the lead
    assert view.lead.value is None


def test_view_speaks_chinese(leads):
    course.set_language("zh")
    view = ManQualifier(leads)
    assert "怎么做" in view.output.value


def test_price_explorer_reacts_to_the_sliders():
    explorer = PricePremiumExplorer(perceived_value=4800, market_price=5000, price=4200)
    before = explorer.readout.value
    assert len(explorer.plot.outputs) == 1 and "image/png" in explorer.plot.outputs[0]["data"]
    explorer.price.value = 1500
    assert explorer.state()["zone"] == "suspicious"
    assert explorer.readout.value != before
    assert len(explorer.plot.outputs) == 1  # replaced, not appended
    explorer.price.value = 7500
    assert explorer.state()["zone"] == "overpriced"
    explorer.value.value = 7000
    assert explorer.state()["zone"] in {"fair", "overpriced"}
