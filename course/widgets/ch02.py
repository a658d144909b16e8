"""Chapter 2 widgets: the method chooser, the funnel explorer and the replacement call list.

Each has a plain model (testable without a kernel) and a thin ipywidgets view.

>>> from course.widgets.ch02 import MethodChooserModel
>>> model = MethodChooserModel()
>>> model.set(market="b2c", breadth="broad")
>>> model.ranking().index[0] in {"referral", "advertising", "door_to_door", "customer_records"}
True
"""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Any

import ipywidgets as w
import numpy as np
import pandas as pd

from course import finding
from course.i18n import t
from course.widgets import layout


def _table_html(frame: pd.DataFrame) -> str:
    # the kit's table house style with this chapter's vocabulary: whole cell text, codes and yes/no in the reader's language
    return finding.table(frame).html()


def _png(fig) -> Any:
    return layout.png(fig)


# --------------------------------------------------------------------------- method chooser
class MethodChooserModel:
    """The seller's situation and the ranking of methods it implies (from the content's fit scores)."""

    def __init__(self, situation: finding.Situation | None = None) -> None:
        self.situation = situation or finding.Situation()

    def set(self, **changes: str) -> None:
        """Change one or more parts of the situation (``market="b2c"``, ``budget="high"``…)."""
        self.situation = replace(self.situation, **changes)

    def ranking(self, lang: str | None = None) -> pd.DataFrame:
        return finding.rank_methods(self.situation, lang)

    def describe(self, top: int = 5, lang: str | None = None) -> str:
        """The top methods with fit, cost and reason, as HTML in the current language."""
        table = self.ranking(lang).head(top)
        shown = table[["rank", "fit", "verdict", "cost_level", "reason"]].copy()
        shown["fit"] = shown["fit"].map("{:.0%}".format)
        shown["cost_level"] = shown["cost_level"].map(lambda c: "¥" * int(c))
        sep = "、" if (lang or _lang()) == "zh" else ", "
        factors = sep.join(t(f"ch02.factor.{k}", lang) for k in self.situation.factors())
        heading = f"<b>{html.escape(t('ch02.chooser.heading', lang, factors=factors))}</b>"
        return heading + _table_html(shown)


def _lang() -> str:
    from course.i18n import get_language

    return get_language()


class MethodChooser:
    """Describe your business with five toggles; the methods re-rank with a reason each.

    >>> MethodChooser()   # doctest: +SKIP
    """

    def __init__(self, situation: finding.Situation | None = None, top: int = 6) -> None:
        self.model = MethodChooserModel(situation)
        self.toggles: dict[str, w.ToggleButtons] = {}
        rows = []
        for part, choices in finding.SITUATION_CHOICES.items():
            self.toggles[part] = w.ToggleButtons(
                options=[(t(f"ch02.chooser.{c}"), c) for c in choices], value=getattr(self.model.situation, part),
                style={"button_width": "auto"})
            self.toggles[part].observe(self._changed, names="value")
            rows.append(layout.labelled(t(f"ch02.chooser.{part}"), self.toggles[part], "90px"))
        self.top = w.IntSlider(value=top, min=3, max=len(finding.content.get("methods")), continuous_update=False,
                               layout=w.Layout(width="260px"))
        self.top.observe(self._changed, names="value")
        rows.append(layout.labelled(t("ch02.chooser.top"), self.top, "90px"))
        self.output = w.HTML()
        # the situation in two columns, so the ranking sits right under it on a laptop screen
        self.box = w.VBox([layout.columns(rows), self.output])
        self._changed()

    def _changed(self, _change: dict | None = None) -> None:
        self.model.set(**{part: toggle.value for part, toggle in self.toggles.items()})
        self.output.value = self.model.describe(self.top.value)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


# --------------------------------------------------------------------------- funnel explorer
class FunnelExplorerModel:
    """Selection criteria for each funnel stage, and the funnel they produce on the leads."""

    def __init__(self, leads: pd.DataFrame, criteria: finding.FunnelCriteria | None = None) -> None:
        self.leads = leads
        self.criteria = criteria or finding.FunnelCriteria()

    def update(self, **changes: Any) -> None:
        self.criteria = replace(self.criteria, **changes)

    def table(self) -> pd.DataFrame:
        return finding.selection_funnel(self.leads, self.criteria)

    def summary(self) -> dict[str, Any]:
        table = self.table()
        plan, all_wins = table.loc["plan"], int(table.loc["all_targets", "wins"])
        return {"plan": int(plan["count"]), "wins": int(plan["wins"]), "win_rate": float(plan["win_rate"]),
                "key": int(table.loc["key", "count"]), "all_wins": all_wins, "lost": all_wins - int(plan["wins"])}

    def describe(self, lang: str | None = None) -> str:
        s = self.summary()
        rate = t("ch02.funnel.no_rate", lang) if np.isnan(s["win_rate"]) else t("ch02.funnel.rate", lang, rate=s["win_rate"])
        return t("ch02.funnel.readout", lang, plan=s["plan"], wins=s["wins"], rate=rate, key_count=s["key"], lost=s["lost"],
                 all_wins=s["all_wins"])

    def figure(self, lang: str | None = None):
        return finding.plot_funnel(self.table(), lang, title=t("ch02.funnel.title_criteria", lang))


class FunnelExplorer:
    """Set each stage's criteria with sliders and checkboxes; the funnel redraws."""

    def __init__(self, leads: pd.DataFrame, criteria: finding.FunnelCriteria | None = None) -> None:
        self.model = FunnelExplorerModel(leads, criteria)
        c = self.model.criteria
        far = float(np.ceil(leads["distance_km"].max() / 10) * 10) if "distance_km" in leads else 500.0
        style = {"description_width": "150px"}
        self.distance = w.FloatSlider(value=c.max_distance_km or far, min=10, max=far, step=10, style=style,
                                      description=t("ch02.funnel.distance"), continuous_update=False)
        self._far = far
        self.engagement = w.IntSlider(value=c.min_engagement, min=0, max=100, step=5, style=style,
                                      description=t("ch02.funnel.engagement"), continuous_update=False)
        self.need = w.Checkbox(value=c.require_need, description=t("ch02.funnel.need"), indent=False)
        self.money = w.Checkbox(value=c.require_money, description=t("ch02.funnel.money"), indent=False)
        self.authority = w.Checkbox(value=c.require_authority, description=t("ch02.funnel.authority"), indent=False)
        self.signal = w.Checkbox(value=c.require_signal, description=t("ch02.funnel.signal"), indent=False)
        self.capacity = w.IntSlider(value=c.plan_capacity or len(leads), min=10, max=len(leads), step=10, style=style,
                                    description=t("ch02.funnel.capacity"), continuous_update=False)
        self.readout = w.HTML()
        self.plot = w.Output()
        controls = [self.distance, self.engagement, self.need, self.money, self.authority, self.signal, self.capacity]
        for control in controls:
            control.observe(self._changed, names="value")
        for slider in (self.distance, self.engagement, self.capacity):
            slider.layout.width = "480px"
        for check in (self.need, self.money, self.authority, self.signal):
            check.layout.width = "auto"
        # labels that wrap instead of being cut off; the stage checkboxes side by side
        fine = layout.labelled(t("ch02.funnel.fine"), w.HBox([self.need, self.money, self.authority]), "150px")
        key = layout.labelled(t("ch02.funnel.key"), self.signal, "150px")
        self.box = w.VBox([self.distance, self.engagement, fine, key, self.capacity, self.readout, self.plot])
        self._changed()

    def _changed(self, _change: dict | None = None) -> None:
        self.model.update(
            max_distance_km=None if self.distance.value >= self._far else float(self.distance.value),
            min_engagement=int(self.engagement.value), require_need=self.need.value, require_money=self.money.value,
            require_authority=self.authority.value, require_signal=self.signal.value,
            plan_capacity=None if self.capacity.value >= self.capacity.max else int(self.capacity.value))
        self.readout.value = f'<div style="padding:4px 0">{self.model.describe()}</div>'
        self.plot.outputs = ()
        self.plot.append_display_data(_png(self.model.figure()))

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


# --------------------------------------------------------------------------- replacement call list
class DueListModel:
    """Who is due to re-buy in a month, from an order table (any product or one)."""

    def __init__(self, orders: pd.DataFrame, accounts: pd.DataFrame | None = None, product: str | None = "copier",
                 month: str = "2026-07", method: str = "median") -> None:
        self.orders, self.accounts = orders, accounts
        self.product, self.month, self.method = product, month, method

    def due(self) -> pd.DataFrame:
        table = finding.due_in_month(self.orders, self.month, product=self.product, method=self.method)
        if self.accounts is not None and "account_name" in self.accounts:
            names = self.accounts.set_index("account_id")["account_name"]
            table.insert(0, "account_name", table.index.map(names))
        return table

    def describe(self, lang: str | None = None) -> str:
        table = self.due()
        if table.empty:
            return t("ch02.due.none", lang, month=self.month)
        shown = table.assign(evidence=[finding.evidence(r, lang) for _, r in table.iterrows()])
        shown["next_due"] = shown["next_due"].dt.strftime("%Y-%m-%d")
        cols = [c for c in ("account_name", "next_due", "status", "evidence") if c in shown]
        return t("ch02.due.count", lang, n=len(table), month=self.month) + _table_html(shown[cols])


class DueList:
    """Pick a month, a product and an interval rule; see who to call, with the evidence."""

    def __init__(self, orders: pd.DataFrame, accounts: pd.DataFrame | None = None, month: str = "2026-07",
                 months: int = 6) -> None:
        self.model = DueListModel(orders, accounts, month=month)
        start = pd.Period(month, freq="M")
        self.month = w.Dropdown(options=[str(start + i) for i in range(months)], value=month,
                                description=t("ch02.due.month"))
        products = sorted(orders["product"].dropna().unique()) if "product" in orders else []
        names = {}
        if _lang() == "zh" and "product_name" in orders:
            names = orders.drop_duplicates("product").set_index("product")["product_name"].to_dict()
        self.product = w.Dropdown(options=[(t("ch02.due.any"), None)] + [(names.get(p, p), p) for p in products],
                                  value="copier" if "copier" in products else None, description=t("ch02.due.product"))
        self.method = w.ToggleButtons(options=[(t("ch02.due.median"), "median"), (t("ch02.due.mean"), "mean")],
                                      value="median", description=t("ch02.due.method"),
                                      style={"button_width": "170px"})
        self.output = layout.scrolled(w.HTML(), "420px")  # a long call list scrolls; the controls stay in view
        for control in (self.month, self.product, self.method):
            control.observe(self._changed, names="value")
        self.box = w.VBox([w.HBox([self.month, self.product]), self.method, self.output])
        self._changed()

    def _changed(self, _change: dict | None = None) -> None:
        self.model.month, self.model.product, self.model.method = self.month.value, self.product.value, self.method.value
        self.output.value = self.model.describe()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)
