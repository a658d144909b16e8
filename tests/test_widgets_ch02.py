"""Chapter 2 widgets respond to toggles, sliders and dropdowns (no kernel needed)."""

from __future__ import annotations

import pytest

import course
from course import data, finding
from course.widgets.ch02 import (
    DueList,
    DueListModel,
    FunnelExplorer,
    FunnelExplorerModel,
    MethodChooser,
    MethodChooserModel,
)


@pytest.fixture(scope="module")
def leads():
    return data.load("b2b_leads")


@pytest.fixture(scope="module")
def orders():
    return data.load("b2b_orders")


def test_chooser_model_ranks_from_the_situation():
    model = MethodChooserModel()
    model.set(market="b2b", price="high", breadth="narrow", territory="small", budget="low")
    assert model.ranking().index[-1] == "advertising"
    model.set(market="b2c", breadth="broad", territory="large", budget="high", price="low")
    assert model.ranking().index[0] == "advertising"
    html = model.describe(top=3)
    assert html.count("</tr>") == 1 + 3  # the header row + three methods
    assert "selling to consumers" in html


def test_chooser_view_reranks_when_a_toggle_changes():
    view = MethodChooser(finding.Situation(market="b2b", price="high", breadth="narrow"))
    before = view.output.value
    view.toggles["breadth"].value = "broad"
    view.toggles["market"].value = "b2c"
    assert view.model.situation.market == "b2c" and view.model.situation.breadth == "broad"
    assert view.output.value != before and "a broad market" in view.output.value
    view.top.value = 3
    assert view.output.value.count("</tr>") == 1 + 3  # the header row + three methods


def test_chooser_speaks_chinese():
    course.set_language("zh")
    view = MethodChooser()
    assert "最合适的方法" in view.output.value and "介绍寻找法" in view.output.value


def test_funnel_model_follows_the_criteria(leads):
    model = FunnelExplorerModel(leads)
    loose = model.summary()
    model.update(require_money=True, require_authority=True, min_engagement=60)
    strict = model.summary()
    assert strict["plan"] < loose["plan"]
    assert strict["win_rate"] > loose["win_rate"]
    assert strict["lost"] > loose["lost"]
    assert strict["all_wins"] == int(leads["converted"].sum())
    assert "Your plan holds" in model.describe()


def test_funnel_view_redraws_on_every_change(leads):
    view = FunnelExplorer(leads)
    assert len(view.plot.outputs) == 1 and "image/png" in view.plot.outputs[0]["data"]
    before = view.readout.value
    view.money.value = True
    assert view.model.criteria.require_money
    assert view.readout.value != before
    view.capacity.value = 50
    assert view.model.criteria.plan_capacity == 50 and view.model.summary()["plan"] == 50
    view.distance.value = 50
    assert view.model.criteria.max_distance_km == 50
    view.distance.value = view.distance.max  # back to "no limit"
    assert view.model.criteria.max_distance_km is None
    assert len(view.plot.outputs) == 1  # replaced, not appended


def test_due_list_model_and_view(orders):
    accounts = data.load("b2b_accounts")
    model = DueListModel(orders, accounts, month="2026-07")
    due = model.due()
    assert "A0042" in due.index and due.loc["A0042", "account_name"] == "杭州明远精密机械有限公司"
    view = DueList(orders, accounts, month="2026-07")
    assert "A0042" in view.output.value and "customers to call in 2026-07" in view.output.value
    view.method.value = "mean"
    assert view.model.method == "mean" and "2026-07-04" in view.output.value
    view.month.value = "2026-09"
    assert "A0042" not in view.output.value
    view.product.value = None
    assert view.model.product is None


def test_due_list_says_so_when_nobody_is_due():
    import pandas as pd

    orders = pd.DataFrame({"account_id": ["a"], "order_date": ["2020-01-01"], "product": ["copier"]})
    assert "Nobody is due" in DueListModel(orders, month="2026-07").describe()
