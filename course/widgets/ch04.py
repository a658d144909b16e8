"""Chapter 4 widgets: the 80/20 cut-off explorer and the RFM segment finder.

Each has a plain model (state + logic, testable without a kernel) and a thin
ipywidgets view that observes it.

>>> import pandas as pd
>>> from course import records
>>> from course.widgets.ch04 import ParetoCutoffModel
>>> table = records.pareto_table(pd.DataFrame({"account_id": list("abcde"), "amount": [60, 20, 10, 5, 5]}))
>>> model = ParetoCutoffModel(table)
>>> model.set(top=0.4)
>>> round(model.state()["share"], 2)
0.8
"""

from __future__ import annotations

import math
from typing import Any

import ipywidgets as w
import pandas as pd

from course import content, records
from course.i18n import t
from course.widgets import layout

_STYLE = {"description_width": "110px"}


# --------------------------------------------------------------------------- 80/20 cut-off
class ParetoCutoffModel:
    """State of the 80/20 explorer: the top share and the A/B cut-offs over one Pareto table."""

    def __init__(self, table: pd.DataFrame, top: float = 0.2, a: float = 0.8, b: float = 0.95) -> None:
        self.table = table
        self.top, self.a, self.b = top, a, b
        self.set(top=top, a=a, b=b)

    def set(self, top: float | None = None, a: float | None = None, b: float | None = None) -> None:
        """Move any of the cut-offs; ``b`` is pushed above ``a`` when they cross."""
        top = self.top if top is None else float(top)
        a = self.a if a is None else float(a)
        b = self.b if b is None else float(b)
        if not 0 < top <= 1:
            raise ValueError("top must be between 0 and 1 / top 须在 0 到 1 之间")
        if not 0 < a < 1:
            raise ValueError("a must be between 0 and 1 / a 须在 0 到 1 之间")
        b = min(max(b, round(a + 0.01, 2)), 1.0)
        self.top, self.a, self.b = top, a, b
        self.classes = records.classify_abc(self.table, a, b)

    def state(self) -> dict[str, Any]:
        n = len(self.table)
        counts = self.classes.value_counts()
        return {
            "top": self.top,
            "k": max(1, math.ceil(round(self.top * n, 9))) if n else 0,
            "n": n,
            "share": records.top_share(self.table["revenue"], self.top),
            "na": int(counts.get("A", 0)),
            "nb": int(counts.get("B", 0)),
            "nc": int(counts.get("C", 0)),
        }

    def describe(self, lang: str | None = None) -> str:
        return t("ch04.widget.pareto_readout", lang, **self.state())

    def figure(self, lang: str | None = None):
        return records.plot_pareto(self.table.assign(abc_class=self.classes), top=self.top, lang=lang)


class ParetoExplorer:
    """Move the top share and the ABC cut-offs; read the revenue share and watch the curve.

    >>> ParetoExplorer(records.pareto_table(data.load("b2b_orders")))   # doctest: +SKIP
    """

    def __init__(self, table: pd.DataFrame, top: float = 0.2, a: float = 0.8, b: float = 0.95) -> None:
        self.model = ParetoCutoffModel(table, top, a, b)

        def slider(key: str, value: float, lo: float, hi: float) -> w.FloatSlider:
            return w.FloatSlider(value=value, min=lo, max=hi, step=0.01, description=t(f"ch04.widget.{key}"),
                                 readout_format=".0%", continuous_update=False, style=_STYLE, layout=w.Layout(width="480px"))

        self.top = slider("top", top, 0.01, 1.0)
        self.a = slider("a", a, 0.5, 0.95)
        self.b = slider("b", b, 0.6, 1.0)
        self.readout = w.HTML()
        self.plot = w.Output()
        for s in (self.top, self.a, self.b):
            s.observe(self._changed, names="value")
        self.box = w.VBox([self.top, self.a, self.b, self.readout, self.plot])
        self._syncing = False
        self._changed()

    def _changed(self, _change: dict | None = None) -> None:
        if self._syncing:
            return
        self.model.set(top=self.top.value, a=self.a.value, b=self.b.value)
        if abs(self.b.value - self.model.b) > 1e-9:  # b was pushed above a
            self._syncing = True
            self.b.value = self.model.b
            self._syncing = False
        self.readout.value = f'<div style="padding:6px 0;font-size:14px">{self.model.describe()}</div>'
        self.plot.outputs = ()  # replace the picture (clear_output needs a kernel)
        self.plot.append_display_data(_png(self.model.figure()))

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


# --------------------------------------------------------------------------- RFM segment finder
class RfmSegmentModel:
    """Three scores → the segment (first matching rule), its rule, its action and how common it is."""

    def __init__(self, rfm: pd.DataFrame | None = None) -> None:
        self.rfm = rfm
        self.r = self.f = self.m = 3

    def set_scores(self, r: int, f: int, m: int) -> None:
        for name, value in (("r", r), ("f", f), ("m", m)):
            if int(value) != value or not 1 <= value <= 5:
                raise ValueError(f"{name} must be a whole score from 1 to 5 / {name} 须为 1 到 5 的整数分")
        self.r, self.f, self.m = int(r), int(f), int(m)

    @property
    def segment(self) -> str:
        return records.rfm_segment(self.r, self.f, self.m)

    def assessment(self, lang: str | None = None) -> dict[str, Any]:
        entry = {s["id"]: s for s in content.text("rfm", lang)["segments"]}[self.segment]
        count = int((self.rfm["segment"] == self.segment).sum()) if self.rfm is not None else 0
        return {"segment": self.segment, "name": entry["name"], "rule": entry["rule"], "action": entry["action"], "count": count}

    def describe(self, lang: str | None = None) -> str:
        a = self.assessment(lang)
        return t("ch04.widget.rfm_readout", lang, name=a["name"], rule=a["rule"], action=a["action"], count=a["count"])


class RfmSegmentFinder:
    """Set R, F and M scores with sliders and read the segment and what to do."""

    def __init__(self, rfm: pd.DataFrame | None = None, r: int = 3, f: int = 3, m: int = 3) -> None:
        self.model = RfmSegmentModel(rfm)
        self.sliders = {
            name: w.IntSlider(value=value, min=1, max=5, description=t(f"ch04.widget.{name}"), style=_STYLE,
                              continuous_update=False)
            for name, value in (("r", r), ("f", f), ("m", m))
        }
        self.output = w.HTML()
        for s in self.sliders.values():
            s.observe(self._changed, names="value")
        self.box = w.VBox([*self.sliders.values(), self.output])
        self._changed()

    def _changed(self, _change: dict | None = None) -> None:
        self.model.set_scores(**{k: s.value for k, s in self.sliders.items()})
        self.output.value = f'<div style="padding:6px 0;font-size:14px">{self.model.describe()}</div>'

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


def _png(fig) -> Any:
    return layout.png(fig)


__all__ = ["ParetoCutoffModel", "ParetoExplorer", "RfmSegmentFinder", "RfmSegmentModel"]
