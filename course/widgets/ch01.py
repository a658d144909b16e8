"""Chapter 1 widgets: the MAN qualifier and the price-premium explorer.

Each has a plain model (state + logic, testable without a kernel) and a thin
ipywidgets view that observes it.

>>> from course.widgets.ch01 import ManQualifierModel
>>> model = ManQualifierModel()
>>> model.set_flags(money=True, authority=False, need=True)
>>> model.code
'MaN'
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import numpy as np
import pandas as pd

from course import prospects
from course.i18n import t
from course.widgets import layout


# --------------------------------------------------------------------------- MAN qualifier
class ManQualifierModel:
    """State of the MAN qualifier: three flags, optionally taken from a lead in the data."""

    def __init__(self, leads: pd.DataFrame | None = None) -> None:
        self.leads = leads
        self.money = self.authority = self.need = True
        self.lead_id: str | None = None
        self._codes = prospects.man_codes(leads) if leads is not None else None
        self._won = (
            prospects.as_flags(leads["converted"], "converted")
            if leads is not None and "converted" in leads.columns
            else None
        )

    @property
    def code(self) -> str:
        return prospects.man_code(self.money, self.authority, self.need)

    def set_flags(self, money: bool, authority: bool, need: bool) -> None:
        self.money, self.authority, self.need = bool(money), bool(authority), bool(need)
        self.lead_id = None

    def pick_lead(self, lead_id: str) -> None:
        """Take the flags from lead ``lead_id`` of the data."""
        if self.leads is None:
            raise ValueError("no leads were given to the qualifier / 没有提供线索数据")
        match = self.leads.loc[self.leads["lead_id"] == lead_id]
        if match.empty:
            raise ValueError(f"unknown lead {lead_id!r} / 找不到线索 {lead_id!r}")
        row = match.iloc[0]
        self.money, self.authority, self.need = (bool(row[c]) for c in prospects.MAN_COLUMNS)
        self.lead_id = lead_id

    def assessment(self, lang: str | None = None) -> dict[str, Any]:
        """Meaning, countermeasure, action, and how common the code is in the data."""
        ref = prospects.man_reference(lang).loc[self.code]
        count = total = 0
        rate = float("nan")
        if self._codes is not None:
            mask = (self._codes == self.code).to_numpy()
            total = len(self._codes)
            count = int(mask.sum())
            if self._won is not None and count:
                rate = float(self._won.to_numpy()[mask].mean())
        return {
            "code": self.code,
            "meaning": ref["meaning"],
            "countermeasure": ref["countermeasure"],
            "action": ref["action"],
            "priority": int(ref["priority"]),
            "count": count,
            "total": total,
            "share": count / total if total else 0.0,
            "conversion_rate": rate,
        }

    def describe(self, lang: str | None = None) -> str:
        """The assessment as HTML in the current language."""
        a = self.assessment(lang)
        rate = (
            t("ch01.man.rate_known", lang, rate=a["conversion_rate"])
            if not np.isnan(a["conversion_rate"])
            else t("ch01.man.rate_unknown", lang)
        )
        return t(
            "ch01.man.readout",
            lang,
            code=a["code"],
            meaning=a["meaning"],
            countermeasure=a["countermeasure"],
            count=a["count"],
            total=a["total"],
            share=a["share"],
            rate=rate,
        )


class ManQualifier:
    """Toggle M, A and N (or pick a lead) and read the combination and what to do.

    >>> view = ManQualifier(course.data.load("b2b_leads"))   # doctest: +SKIP
    >>> view                                                  # doctest: +SKIP
    """

    def __init__(self, leads: pd.DataFrame | None = None, max_leads: int = 200) -> None:
        self.model = ManQualifierModel(leads)
        options = [(t("ch01.man.has"), True), (t("ch01.man.lacks"), False)]
        self.toggles = {
            name: w.ToggleButtons(options=options, value=True, description=t(f"ch01.man.{name}"),
                                  style={"description_width": "110px", "button_width": "80px"})
            for name in prospects.MAN_COLUMNS
        }
        lead_options: list[tuple[str, str | None]] = [(t("ch01.man.manual"), None)]
        if leads is not None:
            sample = leads.head(max_leads)
            label_cols = [c for c in ("lead_id", "account_name", "product_interest") if c in sample.columns]
            lead_options += [
                (" · ".join(_shown(c, r[c]) for c in label_cols), r["lead_id"]) for _, r in sample.iterrows()
            ]
        # index=0, not value=None: ipywidgets shows an empty box for a None value
        self.lead = w.Dropdown(options=lead_options, index=0, description=t("ch01.man.lead"),
                               style={"description_width": "110px"}, layout=w.Layout(width="420px"))
        self.output = w.HTML()
        self._syncing = False
        for toggle in self.toggles.values():
            toggle.observe(self._on_toggle, names="value")
        self.lead.observe(self._on_lead, names="value")
        self.box = w.VBox([self.lead, *self.toggles.values(), self.output])
        self.refresh()

    def _on_toggle(self, _change: dict) -> None:
        if self._syncing:
            return
        self.model.set_flags(**{k: v.value for k, v in self.toggles.items()})
        self._syncing = True
        self.lead.index = 0  # back to "set by hand"
        self._syncing = False
        self.refresh()

    def _on_lead(self, change: dict) -> None:
        if self._syncing or change["new"] is None:
            return
        self.model.pick_lead(change["new"])
        self._syncing = True
        for name, toggle in self.toggles.items():
            toggle.value = getattr(self.model, name)
        self._syncing = False
        self.refresh()

    def refresh(self) -> None:
        self.output.value = f'<div style="padding:6px 0;font-size:14px">{self.model.describe()}</div>'

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


# --------------------------------------------------------------------------- price premium
class PricePremiumExplorer:
    """Move the price (and the perceived value) and watch appeal and the zone change."""

    def __init__(self, perceived_value: float = 4800, market_price: float = 5000, price: float = 4200) -> None:
        self.market_price = float(market_price)
        self.price = w.FloatSlider(value=price, min=0.2 * market_price, max=1.8 * market_price, step=market_price / 100,
                                   description=t("ch01.premium.price"), readout_format=",.0f", continuous_update=False,
                                   layout=w.Layout(width="560px"), style={"description_width": "140px"})
        self.value = w.FloatSlider(value=perceived_value, min=0.5 * market_price, max=1.5 * market_price,
                                   step=market_price / 100, description=t("ch01.premium.value"), readout_format=",.0f",
                                   continuous_update=False, layout=w.Layout(width="560px"),
                                   style={"description_width": "140px"})
        self.readout = w.HTML()
        self.plot = w.Output()
        self.price.observe(self._changed, names="value")
        self.value.observe(self._changed, names="value")
        self.box = w.VBox([self.price, self.value, self.readout, self.plot])
        self._changed()

    @property
    def model(self) -> prospects.PricePremium:
        return prospects.PricePremium(perceived_value=self.value.value, market_price=self.market_price)

    def state(self) -> dict[str, Any]:
        model, price = self.model, self.price.value
        return {
            "value_for_money": float(model.value_for_money(price)),
            "appeal": float(model.appeal(price)),
            "zone": model.zone(price),
        }

    def _changed(self, _change: dict | None = None) -> None:
        state = self.state()
        zone = t(f"ch01.zone.{state['zone']}")
        self.readout.value = t("ch01.premium.readout", vfm=state["value_for_money"], appeal=state["appeal"], zone=zone)
        fig = prospects.plot_price_premium(self.model, price=self.price.value)
        self.plot.outputs = ()  # replace the picture (clear_output needs a kernel)
        self.plot.append_display_data(_png(fig))

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


def _shown(column: str, value: Any) -> str:
    """A lead's label part in the reader's language (product codes by name: no ``copier`` in Chinese)."""
    from course.i18n import messages

    key = f"ch07.product.{value}"
    if column == "product_interest" and key in messages():
        return t(key)
    return str(value)


def _png(fig) -> Any:
    return layout.png(fig)

