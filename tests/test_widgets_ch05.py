"""Chapter 5 widgets respond to ticks and picks (no kernel needed)."""

from __future__ import annotations

import pytest

import course
from course import content, data
from course.widgets.ch05 import (
    BuyingCentreViewer,
    ReadinessChecklist,
    ReadinessModel,
    StepFinder,
    StepFinderModel,
)


@pytest.fixture(scope="module")
def contacts():
    return data.load("b2b_contacts")


def test_step_finder_model_follows_the_ticks():
    model = StepFinderModel("consumer")
    assert model.result()["step"] is None
    model.toggle("interest.3")
    model.toggle("awareness.1")
    assert model.result()["step"] == "interest"
    model.toggle("adoption.2")
    assert model.result()["step"] == "adoption"
    model.toggle("adoption.2", on=False)
    assert model.result()["step"] == "interest"
    with pytest.raises(ValueError, match="unknown signal"):
        model.toggle("proposals.1")  # a business signal in consumer mode
    model.set_mode("business")
    assert model.ticked == set()


def test_step_finder_view_shows_step_action_and_why():
    view = StepFinder("business")
    assert len(view.checks) == len(content.get("business_steps")) * 2
    assert "at least one" in view.output.value
    view.checks["supplier_search.1"].value = True
    view.checks["proposals.1"].value = True
    steps = content.by_id("business_steps", "en")
    assert "Proposal solicitation" in view.output.value
    assert steps["proposals"]["company_action"].split("'")[0] in view.output.value
    assert "Asks for a formal quote" in view.output.value  # the why
    assert "earlier steps" in view.output.value
    view.checks["proposals.1"].value = False
    assert "Supplier search" in view.output.value and "earlier steps" not in view.output.value


def test_step_finder_switches_mode_and_rebuilds_the_list():
    view = StepFinder("business")
    view.checks["order.1"].value = True
    view.mode.value = "consumer"
    assert set(view.checks) == set(view.model.signals()["signal_id"])
    assert all(not box.value for box in view.checks.values())
    view.checks["trial.1"].value = True
    assert "Trial" in view.output.value


def test_readiness_model_and_view():
    model = ReadinessModel()
    for sign in ("product_interest", "deal_attention", "product_trust", "credit", "payment_plan"):
        model.set(sign)
    assert model.result()["timing"] == "now"
    model.set("payment_plan", on=False)
    assert model.result()["timing"] == "soon"
    with pytest.raises(ValueError):
        model.set("mood")
    view = ReadinessChecklist()
    assert "drop for now" in view.output.value
    for sign in ("product_interest", "other_needs_fit", "seller_impression"):
        view.checks[sign].value = True
    assert "3/5" in view.output.value and "soon" in view.output.value
    assert "Payment plan" in view.output.value  # still to find out


def test_buying_centre_viewer_updates_the_table_and_the_gaps(contacts):
    view = BuyingCentreViewer(contacts, account_id="A0004")
    assert "Influencer, Buyer" in view.note.value
    assert len(view.table.outputs) == 1
    view.account.value = "A0008"
    assert "User" in view.note.value and "Buyer" in view.note.value
    assert len(view.table.outputs) == 1  # replaced, not appended


def test_widgets_speak_chinese(contacts):
    course.set_language("zh")
    finder = StepFinder("consumer")
    finder.checks["evaluation.2"].value = True
    assert "评价" in finder.output.value and "怎么做" in finder.output.value
    ready = ReadinessChecklist()
    assert "暂时放下" in ready.output.value
    viewer = BuyingCentreViewer(contacts, account_id="A0004")
    assert "影响者、采购者" in viewer.note.value
    html = viewer.table.outputs[0]["data"]["text/html"]
    assert "采购中心角色" in html and "决策者" in html
