"""Chapter 4 widgets respond to slider moves (no kernel needed)."""

from __future__ import annotations

import pandas as pd
import pytest

import course
from course import records
from course.widgets.ch04 import ParetoCutoffModel, ParetoExplorer, RfmSegmentFinder, RfmSegmentModel

TX = pd.DataFrame({"account_id": list("abcdefghij"), "amount": [50, 20, 10, 5, 5, 4, 3, 1, 1, 1]})


@pytest.fixture
def table():
    return records.pareto_table(TX)


def test_model_moves_the_cutoff(table):
    model = ParetoCutoffModel(table)
    state = model.state()
    assert (state["k"], state["n"]) == (2, 10) and state["share"] == pytest.approx(0.7)
    assert (state["na"], state["nb"], state["nc"]) == (3, 3, 4)
    model.set(top=0.5)
    assert model.state()["share"] == pytest.approx(0.90)
    model.set(a=0.5, b=0.9)
    assert (model.state()["na"], model.state()["nb"]) == (1, 4)


def test_model_keeps_b_above_a(table):
    model = ParetoCutoffModel(table)
    model.set(a=0.9, b=0.85)
    assert model.b > model.a
    with pytest.raises(ValueError):
        model.set(top=0)


def test_view_sliders_update_readout_and_picture(table):
    view = ParetoExplorer(table)
    assert "70.0%" in view.readout.value
    assert len(view.plot.outputs) == 1 and "image/png" in view.plot.outputs[0]["data"]
    view.top.value = 0.5
    assert "90.0%" in view.readout.value
    assert len(view.plot.outputs) == 1  # the picture is replaced, not stacked
    view.a.value = 0.9
    view.b.value = 0.7  # below a: pushed back above it
    assert view.b.value > view.a.value
    assert view.model.b == view.b.value


def test_view_speaks_chinese(table):
    course.set_language("zh")
    view = ParetoExplorer(table)
    assert "的客户" in view.readout.value and view.top.description == "前多少客户"


def test_rfm_model_names_segment_rule_and_action():
    rfm = pd.DataFrame({"segment": ["at_risk", "at_risk", "loyal"]})
    model = RfmSegmentModel(rfm)
    model.set_scores(1, 4, 5)
    a = model.assessment()
    assert a["segment"] == "at_risk" and a["count"] == 2
    assert "R 1–2" in a["rule"]
    with pytest.raises(ValueError):
        model.set_scores(0, 3, 3)


def test_rfm_view_sliders():
    view = RfmSegmentFinder(r=5, f=5, m=5)
    assert "Champions" in view.output.value
    view.sliders["r"].value = 1
    assert "At risk" in view.output.value
    view.sliders["f"].value = 1
    view.sliders["m"].value = 1
    assert "Hibernating" in view.output.value
    course.set_language("zh")
    assert "沉睡客户" in RfmSegmentFinder(r=1, f=1, m=1).output.value
