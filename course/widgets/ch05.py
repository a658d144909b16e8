"""Chapter 5 widgets: the step finder, the readiness checklist and the buying-centre viewer.

Each has a plain model (state + logic, testable without a kernel) and a thin
ipywidgets view that observes it.

>>> from course.widgets.ch05 import StepFinderModel
>>> model = StepFinderModel("business")
>>> model.toggle("proposals.1")
>>> model.result()["step"]
'proposals'
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w
import pandas as pd

from course import content, decision, tables
from course.i18n import t
from course.widgets import layout

_BOX = {"padding": "6px 0", "font-size": "14px"}


def _div(body: str) -> str:
    style = ";".join(f"{k}:{v}" for k, v in _BOX.items())
    return f'<div style="{style}">{body}</div>'


# --------------------------------------------------------------------------- step finder
class StepFinderModel:
    """Observed signals → the likely buying step and what to do there."""

    def __init__(self, mode: str = "consumer") -> None:
        self.mode = "consumer"
        self.ticked: set[str] = set()
        self.set_mode(mode)

    def set_mode(self, mode: str) -> None:
        """Switch between ``consumer`` and ``business`` signals (clears the ticks)."""
        decision.step_ids(mode)  # validates the mode
        self.mode = mode
        self.ticked = set()

    def signals(self, lang: str | None = None) -> pd.DataFrame:
        return decision.signal_catalogue(self.mode, lang)

    def toggle(self, signal_id: str, on: bool = True) -> None:
        if signal_id not in set(self.signals()["signal_id"]):
            raise ValueError(f"unknown signal {signal_id!r} for mode {self.mode!r} / 未知信号 {signal_id!r}")
        if on:
            self.ticked.add(signal_id)
        else:
            self.ticked.discard(signal_id)

    def result(self, lang: str | None = None) -> dict[str, Any]:
        return decision.likely_step(sorted(self.ticked), self.mode, lang)

    def describe(self, lang: str | None = None) -> str:
        """The finding as HTML in the current language."""
        r = self.result(lang)
        if r["step"] is None:
            return t("ch05.finder.none", lang)
        return t(
            "ch05.finder.readout",
            lang,
            position=r["position"],
            total=len(r["counts"]),
            name=html.escape(r["name"]),
            state=html.escape(r["state"]),
            action=html.escape(r["action"]),
            signals=html.escape(t("ch05.finder.join", lang).join(s.rstrip("。.") for s in r["matched"])),
            earlier=t("ch05.finder.earlier", lang) if r["earlier"] else "",
        )


class StepFinder:
    """Tick a prospect's observed behaviour and read the likely step, the action and why.

    >>> StepFinder("business")   # doctest: +SKIP
    """

    def __init__(self, mode: str = "consumer") -> None:
        self.model = StepFinderModel(mode)
        self.mode = w.ToggleButtons(
            options=[(t(f"ch05.finder.{m}"), m) for m in decision.MODES],
            value=mode,
            description=t("ch05.finder.mode"),
            style={"description_width": "80px", "button_width": "130px"},
        )
        self.checks: dict[str, w.Checkbox] = {}
        self.list = w.VBox()
        self.output = w.HTML()
        self.mode.observe(self._on_mode, names="value")
        self.box = w.VBox([self.mode, w.HTML(f"<b>{t('ch05.finder.prompt')}</b>"), self.list, self.output])
        self._build()

    def _build(self) -> None:
        names = {k: v["name"] for k, v in content.by_id(f"{self.model.mode}_steps").items()}
        groups: list[w.Widget] = []
        self.checks = {}
        for step, group in self.model.signals().groupby("step", sort=False):
            rows: list[w.Widget] = [w.HTML(f'<span style="color:#5a6270">{html.escape(names[step])}</span>')]
            for _, row in group.iterrows():
                box, line = layout.tick(row["signal"])
                box.observe(self._on_tick, names="value")
                self.checks[row["signal_id"]] = box
                rows.append(line)
            groups.append(w.VBox(rows, layout=w.Layout(width="450px")))
        # the steps in two columns: every signal and the finding fit one laptop screen
        half = (len(groups) + 1) // 2
        self.list.children = (w.HBox([w.VBox(groups[:half]), w.VBox(groups[half:])]),)
        self.refresh()

    def _on_mode(self, change: dict) -> None:
        self.model.set_mode(change["new"])
        self._build()

    def _on_tick(self, _change: dict) -> None:
        for signal_id, box in self.checks.items():
            self.model.toggle(signal_id, box.value)
        self.refresh()

    def refresh(self) -> None:
        self.output.value = _div(self.model.describe())

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


# --------------------------------------------------------------------------- readiness checklist
class ReadinessModel:
    """The desire (5 signs) and purchasing-power (2 signs) checklist, scored."""

    def __init__(self) -> None:
        self.desire: set[str] = set()
        self.power: set[str] = set()

    def set(self, sign_id: str, on: bool = True) -> None:
        if sign_id in decision.desire_ids():
            target = self.desire
        elif sign_id in decision.power_ids():
            target = self.power
        else:
            raise ValueError(f"unknown sign {sign_id!r} / 未知信号 {sign_id!r}")
        if on:
            target.add(sign_id)
        else:
            target.discard(sign_id)

    def result(self, lang: str | None = None) -> dict[str, Any]:
        return decision.readiness(self.desire, self.power, lang)

    def describe(self, lang: str | None = None) -> str:
        r = self.result(lang)
        text = t(
            "ch05.ready.readout",
            lang,
            desire=r["desire_score"],
            desire_max=r["desire_max"],
            desire_level=t(f"value.{r['desire_level']}", lang),
            power=r["power_score"],
            power_max=r["power_max"],
            power_level=t(f"value.{r['power_level']}", lang),
            timing=html.escape(r["timing_name"]),
            advice=html.escape(r["advice"]),
        )
        if r["to_probe"]:
            text += t("ch05.ready.probe", lang, items=html.escape(t("ch05.ready.join", lang).join(r["to_probe"])))
        return text


class ReadinessChecklist:
    """Tick the desire and power signs you have seen; read the timing and the next step."""

    def __init__(self) -> None:
        self.model = ReadinessModel()
        self.checks: dict[str, w.Checkbox] = {}
        groups = []
        for section, key in (("desire_signs", "ch05.ready.desire"), ("power_signs", "ch05.ready.power")):
            boxes = []
            for row in content.text(section):
                box = w.Checkbox(value=False, description=row["name"], indent=False, layout=w.Layout(width="auto"))
                box.observe(self._on_tick, names="value")
                self.checks[row["id"]] = box
                boxes.append(box)
            groups.append(w.VBox([w.HTML(f"<b>{t(key)}</b>"), *boxes], layout=w.Layout(margin="0 24px 0 0")))
        self.output = w.HTML()
        self.box = w.VBox([w.HBox(groups), self.output])
        self.refresh()

    def _on_tick(self, _change: dict) -> None:
        for sign_id, box in self.checks.items():
            self.model.set(sign_id, box.value)
        self.refresh()

    def refresh(self) -> None:
        self.output.value = _div(self.model.describe())

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


# --------------------------------------------------------------------------- buying centre
class BuyingCentreViewer:
    """Pick an account and see who plays which role and what each cares about."""

    COLUMNS = ("contact_name", "job_title", "role", "has_authority", "personality", "goal", "cares_about")

    def __init__(self, contacts: pd.DataFrame, accounts: pd.DataFrame | None = None, account_id: str | None = None,
                 max_accounts: int = 300) -> None:
        self.contacts = contacts
        ids = sorted(contacts["account_id"].astype("str").unique())[:max_accounts]
        names = {}
        if accounts is not None and "account_name" in accounts.columns:
            names = dict(zip(accounts["account_id"].astype("str"), accounts["account_name"].astype("str"), strict=False))
        options = [(f"{i} · {names[i]}" if i in names else i, i) for i in ids]
        self.account = w.Dropdown(options=options, value=account_id or ids[0], description=t("ch05.centre.account"),
                                  layout=w.Layout(width="460px"))
        self.table = w.Output()
        self.note = w.HTML()
        self.account.observe(self._changed, names="value")
        self.box = w.VBox([self.account, self.table, self.note])
        self._changed()

    def centre(self) -> pd.DataFrame:
        return decision.buying_centre(self.account.value, self.contacts)

    def _changed(self, _change: dict | None = None) -> None:
        centre = self.centre()
        gaps = decision.buying_centre_gaps(centre, named=True)
        self.note.value = _div(
            t("ch05.centre.gaps", roles=html.escape(t("ch05.centre.join").join(gaps)))
            if gaps
            else t("ch05.centre.complete")
        )
        shown = tables.table(centre[list(self.COLUMNS)].reset_index(drop=True))
        self.table.outputs = ()  # replace the table (clear_output needs a kernel)
        self.table.append_display_data(shown)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)
