"""Chapter 7 widgets: the targeting slider and the rule explorer.

Plain models (state + logic, testable without a kernel) and thin ipywidgets
views that observe them.

>>> from course.widgets.ch07 import TargetingModel
>>> model = TargetingModel([0.9, 0.6, 0.3, 0.1], outcome=[1, 1, 0, 0], cost_per_contact=100, value_per_win=1000)
>>> model.set_top_n(2)
>>> model.summary()["profit"]
1800.0
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as w
import numpy as np
import pandas as pd

from course import precision
from course.i18n import t
from course.widgets import layout


# --------------------------------------------------------------------------- targeting
class TargetingModel:
    """Which leads to contact: the ``top_n`` best scores (or all above a threshold), and what it earns."""

    def __init__(self, scores: Sequence[float], outcome: Sequence[int] | None = None, lead_ids: Sequence[str] | None = None,
                 cost_per_contact: float = 400.0, value_per_win: float = 6000.0) -> None:
        self.scores = np.asarray(scores, dtype=float)
        self.outcome = None if outcome is None else np.asarray(outcome, dtype=int)
        self.lead_ids = list(lead_ids) if lead_ids is not None else [str(i) for i in range(len(self.scores))]
        self.cost_per_contact = float(cost_per_contact)
        self.value_per_win = float(value_per_win)
        self.top_n = len(self.scores) // 5

    @classmethod
    def from_lead_model(cls, model: precision.LeadModel, leads: pd.DataFrame, **costs: float) -> TargetingModel:
        """The held-out leads of a trained :class:`~course.precision.LeadModel` (outcomes known)."""
        ids = leads.loc[model.test_ids, "lead_id"] if "lead_id" in leads.columns else pd.Series(model.test_ids)
        return cls(model.test_scores, model.y_test, ids.astype(str).tolist(), **costs)

    def set_top_n(self, n: int) -> None:
        self.top_n = int(np.clip(n, 0, len(self.scores)))

    def set_threshold(self, threshold: float) -> None:
        """Contact every lead scoring at least ``threshold``."""
        self.top_n = int((self.scores >= threshold).sum())

    def set_budget(self, budget: float) -> None:
        """Contact as many of the best leads as ``budget`` pays for."""
        self.top_n, _ = precision.leads_for_budget(self.scores, budget, self.cost_per_contact)

    def summary(self) -> dict[str, Any]:
        return precision.targeting_summary(self.scores, self.outcome, top_n=self.top_n,
                                           cost_per_contact=self.cost_per_contact, value_per_win=self.value_per_win)

    def contacted(self, limit: int = 8) -> pd.DataFrame:
        """The first ``limit`` leads on the call list, best first."""
        order = np.argsort(-self.scores, kind="stable")[: min(limit, self.top_n)]
        table = pd.DataFrame({"lead": [self.lead_ids[i] for i in order], "score": self.scores[order].round(3)})
        if self.outcome is not None:
            table["converted"] = self.outcome[order].astype(bool)
        return table

    def describe(self, lang: str | None = None) -> str:
        s = self.summary()
        key = "ch07.target.readout" if self.outcome is not None else "ch07.target.readout_open"
        return t(key, lang, **{k: v for k, v in s.items() if k != "threshold"},
                 threshold=s["threshold"] if s["contacted"] else 1.0, total=len(self.scores))

    def figure(self, lang: str | None = None):
        outcome = self.outcome if self.outcome is not None else self.scores
        return precision.plot_gains(outcome, self.scores, contacted=self.top_n or None, lang=lang)


class TargetingWidget:
    """Slide the number of leads to contact (or the score threshold) and read cost, wins, profit and lift.

    >>> TargetingWidget(TargetingModel.from_lead_model(model, leads))    # doctest: +SKIP
    """

    def __init__(self, model: TargetingModel) -> None:
        self.model = model
        style = {"description_width": "150px"}
        wide = w.Layout(width="430px")
        self.top_n = w.IntSlider(value=model.top_n, min=0, max=len(model.scores), step=5, description=t("ch07.target.top_n"),
                                 continuous_update=False, layout=wide, style=style)
        self.threshold = w.FloatSlider(value=round(model.summary()["threshold"], 2), min=0.0, max=1.0, step=0.01,
                                       description=t("ch07.target.threshold"), continuous_update=False, layout=wide,
                                       style=style)
        self.cost = w.BoundedFloatText(value=model.cost_per_contact, min=0, max=1e6, step=50,
                                       description=t("ch07.target.cost"), style=style, layout=w.Layout(width="300px"))
        self.value = w.BoundedFloatText(value=model.value_per_win, min=0, max=1e7, step=500,
                                        description=t("ch07.target.value"), style=style, layout=w.Layout(width="300px"))
        self.readout = w.HTML()
        self.table = w.HTML()
        self.plot = w.Output()
        self._syncing = False
        self.top_n.observe(self._on_top_n, names="value")
        self.threshold.observe(self._on_threshold, names="value")
        self.cost.observe(self._on_money, names="value")
        self.value.observe(self._on_money, names="value")
        # controls and the call list side by side, the charts under them: one laptop screen
        controls = w.VBox([self.top_n, self.threshold, self.cost, self.value, self.readout])
        self.box = w.VBox([layout.side_by_side(controls, self.table, "450px"), self.plot])
        self.refresh()

    def _on_top_n(self, change: dict) -> None:
        if self._syncing:
            return
        self.model.set_top_n(change["new"])
        self._sync(threshold=True)

    def _on_threshold(self, change: dict) -> None:
        if self._syncing:
            return
        self.model.set_threshold(change["new"])
        self._sync(top_n=True)

    def _on_money(self, _change: dict) -> None:
        self.model.cost_per_contact = float(self.cost.value)
        self.model.value_per_win = float(self.value.value)
        self.refresh(plot=False)

    def _sync(self, top_n: bool = False, threshold: bool = False) -> None:
        self._syncing = True
        if top_n:
            self.top_n.value = self.model.top_n
        if threshold and self.model.top_n:
            self.threshold.value = round(self.model.summary()["threshold"], 2)
        self._syncing = False
        self.refresh()

    def refresh(self, plot: bool = True) -> None:
        self.readout.value = f'<div style="padding:6px 0;font-size:14px">{self.model.describe()}</div>'
        table = self.model.contacted()
        self.table.value = precision.table(table).html() if len(table) else ""
        if plot:
            self.plot.outputs = ()  # replace the picture (clear_output needs a kernel)
            self.plot.append_display_data(_png(self.model.figure()))

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


# --------------------------------------------------------------------------- rule explorer
class RuleExplorerModel:
    """Association rules at adjustable support and confidence thresholds (results cached per setting)."""

    def __init__(self, baskets, names: Mapping[str, str] | None = None, min_support: float = 0.01,
                 min_confidence: float = 0.3) -> None:
        self.baskets = baskets
        self.n_baskets = len(precision.basket_matrix(baskets))
        self.names = dict(names or {})
        self.min_support, self.min_confidence = float(min_support), float(min_confidence)
        self._cache: dict[tuple[float, float], pd.DataFrame] = {}

    def rules(self) -> pd.DataFrame:
        key = (round(self.min_support, 6), round(self.min_confidence, 6))
        if key not in self._cache:
            self._cache[key] = precision.association_rules(self.baskets, *key)
        return self._cache[key]

    def describe(self, lang: str | None = None) -> str:
        rules = self.rules()
        strong = int((rules["lift"] > 2).sum()) if len(rules) else 0
        return t("ch07.explore.readout", lang, n=len(rules), strong=strong, baskets=self.n_baskets,
                 support=self.min_support, confidence=self.min_confidence)


class RuleExplorer:
    """Move the minimum support and confidence; watch which cross-sell rules survive."""

    def __init__(self, model: RuleExplorerModel, top: int = 8) -> None:
        self.model, self.top = model, top
        style = {"description_width": "150px"}
        layout = w.Layout(width="520px")
        self.support = w.FloatSlider(value=model.min_support, min=0.005, max=0.06, step=0.005, readout_format=".3f",
                                     description=t("ch07.explore.support"), continuous_update=False, layout=layout, style=style)
        self.confidence = w.FloatSlider(value=model.min_confidence, min=0.0, max=0.9, step=0.05,
                                        description=t("ch07.explore.confidence"), continuous_update=False, layout=layout,
                                        style=style)
        self.readout = w.HTML()
        self.table = w.HTML()
        self.support.observe(self._changed, names="value")
        self.confidence.observe(self._changed, names="value")
        self.box = w.VBox([self.support, self.confidence, self.readout, self.table])
        self._changed()

    def _changed(self, _change: dict | None = None) -> None:
        self.model.min_support, self.model.min_confidence = float(self.support.value), float(self.confidence.value)
        self.readout.value = f'<div style="padding:6px 0;font-size:14px">{html.escape(self.model.describe())}</div>'
        rules = self.model.rules()
        self.table.value = precision.show_rules(rules, self.model.names, top=self.top).html() if len(rules) else ""

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


def _png(fig) -> Any:
    return layout.png(fig, width=760)
