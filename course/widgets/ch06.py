"""Chapter 6 widgets: the selling-points builder, the segmentation explorer and the lever diagnosis.

Each has a plain model (state + logic, testable without a kernel) and a thin
ipywidgets view that observes it.

>>> from course.widgets.ch06 import SellingPointsModel
>>> model = SellingPointsModel("service_plan", lang="en")
>>> len(model.rows)
4
>>> model.add_row("Spare toner kept on site", "You never wait for toner", "Never out of toner.").kind
'benefit'
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w
import pandas as pd

from course import content, i18n, strategy, tables
from course.i18n import t
from course.widgets import layout


def _table_html(frame: pd.DataFrame) -> str:
    # the kit's table house style (line breaks, yes/no, codes and headers in the reader's language)
    return tables.table(frame).html()


# --------------------------------------------------------------------------- selling points
class SellingPointsModel:
    """A product's selling-points table: rows of feature → benefit → pitch.

    Start from one of the content's example products, or from an empty table
    for your own product (``product_id=None``), then add, edit and delete rows.
    Every benefit is run through :func:`course.strategy.benefit_feedback`.
    """

    FIELDS = ("feature", "benefit", "pitch")

    def __init__(self, product_id: str | None = "mfp_copier", lang: str | None = None) -> None:
        self.lang = lang
        self.product_id: str | None = None
        self.rows: list[dict[str, str]] = []
        self.load_product(product_id)

    def load_product(self, product_id: str | None) -> None:
        """Replace the rows with a content product's (``None``: an empty table)."""
        if product_id is None:
            self.rows = []
        else:
            table = strategy.selling_points(product_id, self.lang)
            self.rows = [{f: str(r[f]) for f in self.FIELDS} for _, r in table.iterrows()]
        self.product_id = product_id

    def add_row(self, feature: str, benefit: str, pitch: str) -> strategy.BenefitCheck:
        """Append a row and return the coach's verdict on its benefit."""
        values = {"feature": str(feature).strip(), "benefit": str(benefit).strip(), "pitch": str(pitch).strip()}
        if not all(values.values()):
            raise ValueError(t("ch06.builder.need_all", self.lang))
        self.rows.append(values)
        return strategy.benefit_feedback(values["benefit"])

    def edit_row(self, index: int, **changes: str) -> strategy.BenefitCheck:
        """Change some fields of row ``index`` (0-based)."""
        unknown = set(changes) - set(self.FIELDS)
        if unknown:
            raise ValueError(f"unknown field(s) {sorted(unknown)}; use {self.FIELDS} / 字段名不对")
        row = self.rows[index]
        for name, value in changes.items():
            if not str(value).strip():
                raise ValueError(t("ch06.builder.need_all", self.lang))
            row[name] = str(value).strip()
        return strategy.benefit_feedback(row["benefit"])

    def remove_row(self, index: int) -> None:
        del self.rows[index]

    def table(self) -> pd.DataFrame:
        """The selling-points table, with the coach's reading of each benefit."""
        frame = pd.DataFrame(self.rows, columns=list(self.FIELDS))
        frame["benefit_check"] = [t(f"ch06.benefit.kind.{strategy.benefit_feedback(b).kind}", self.lang) for b in frame["benefit"]]
        frame.index = range(1, len(frame) + 1)
        return frame


class SellingPointsBuilder:
    """Pick a product, add or edit rows, and watch the selling-points table grow.

    >>> SellingPointsBuilder()          # doctest: +SKIP
    """

    def __init__(self, product_id: str | None = "mfp_copier") -> None:
        self.model = SellingPointsModel(product_id)
        products = content.text("selling_points")["example_products"]
        options = [(p["name"], p["id"]) for p in products] + [(t("ch06.builder.new_product"), None)]
        self.product = w.Dropdown(options=options, value=product_id, description=t("ch06.builder.product"),
                                  layout=w.Layout(width="520px"), style={"description_width": "90px"})
        self.row = w.Dropdown(description=t("ch06.builder.row"), style={"description_width": "90px"},
                              layout=w.Layout(width="520px"))
        box = {"layout": w.Layout(width="520px", height="48px"), "style": {"description_width": "90px"}}
        self.fields = {name: w.Textarea(description=t(f"ch06.builder.{name}"), **box) for name in SellingPointsModel.FIELDS}
        self.add = w.Button(description=t("ch06.builder.add"), button_style="primary", icon="plus")
        self.update = w.Button(description=t("ch06.builder.update"), icon="save")
        self.remove = w.Button(description=t("ch06.builder.remove"), button_style="warning", icon="trash")
        self.feedback = w.HTML()
        self.output = w.HTML()
        self._syncing = False
        self.product.observe(self._on_product, names="value")
        self.row.observe(self._on_row, names="value")
        self.add.on_click(self._on_add)
        self.update.on_click(self._on_update)
        self.remove.on_click(self._on_remove)
        self.box = w.VBox([self.product, self.row, *self.fields.values(),
                           w.HBox([self.add, self.update, self.remove]), self.feedback, self.output])
        self.refresh()

    def _values(self) -> dict[str, str]:
        return {name: box.value for name, box in self.fields.items()}

    def _say(self, check: strategy.BenefitCheck | None = None, error: str | None = None) -> None:
        if error:
            self.feedback.value = f'<span style="color:#b35900">{html.escape(error)}</span>'
        elif check is not None:
            colour = {"benefit": "#1b7f3b", "feature": "#b35900", "unclear": "#5a6270"}[check.kind]
            self.feedback.value = (f'<div style="border-left:4px solid {colour};padding:4px 8px">'
                                   f"<b>{html.escape(t('ch06.benefit.kind.' + check.kind))}</b> — "
                                   f"{html.escape(check.message())}</div>")
        else:
            self.feedback.value = ""

    def _on_product(self, change: dict) -> None:
        self.model.load_product(change["new"])
        self._say()
        self.refresh()

    def _on_row(self, change: dict) -> None:
        if self._syncing:
            return
        index = change["new"]
        for name, box in self.fields.items():
            box.value = self.model.rows[index][name] if index is not None else ""

    def _on_add(self, _button: Any = None) -> None:
        try:
            check = self.model.add_row(**self._values())
        except ValueError as error:
            self._say(error=str(error))
            return
        for box in self.fields.values():
            box.value = ""
        self._say(check)
        self.refresh()

    def _on_update(self, _button: Any = None) -> None:
        if self.row.value is None:
            self._on_add()
            return
        try:
            check = self.model.edit_row(self.row.value, **self._values())
        except ValueError as error:
            self._say(error=str(error))
            return
        self._say(check)
        self.refresh(keep=self.row.value)

    def _on_remove(self, _button: Any = None) -> None:
        if self.row.value is None:
            return
        self.model.remove_row(self.row.value)
        self._say()
        self.refresh()

    def refresh(self, keep: int | None = None) -> None:
        """Redraw the row picker and the table from the model."""
        self._syncing = True
        options = [(t("ch06.builder.new_row"), None)] + [
            (f"{n + 1}. {r['feature'][:48]}", n) for n, r in enumerate(self.model.rows)
        ]
        self.row.options = options
        self.row.value = keep if keep is not None and keep < len(self.model.rows) else None
        self._syncing = False
        if keep is None:
            for box in self.fields.values():
                box.value = ""
        table = self.model.table()
        self.output.value = _table_html(table) if len(table) else t("ch06.builder.empty")

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


# --------------------------------------------------------------------------- segmentation
class SegmentModel:
    """The three-layer segmentation with a movable price-sensitivity threshold.

    Discount shares and motives are computed once; moving the threshold only
    re-cuts layer 2, so the explorer stays quick.
    """

    def __init__(self, members: pd.DataFrame, transactions: pd.DataFrame, basket_items: pd.DataFrame,
                 threshold: float = strategy.DEFAULT_DISCOUNT_THRESHOLD) -> None:
        self.base = strategy.segment_members(members, transactions, basket_items, threshold=0.0)
        self.threshold = threshold

    @property
    def segments(self) -> pd.DataFrame:
        seg = self.base.copy()
        seg["price_sensitivity"] = (seg["discount_share"] >= self.threshold).map({True: "high", False: "low"}).astype("str")
        seg["segment"] = seg["age_group"] + "/" + seg["price_sensitivity"] + "/" + seg["motive"]
        seg["package_id"] = seg["age_group"] + "_" + seg["price_sensitivity"]
        return seg

    def readout(self, lang: str | None = None) -> str:
        seg = self.segments
        high = int((seg["price_sensitivity"] == "high").sum())
        return t("ch06.explorer.readout", lang, high=high, n=len(seg), share=high / max(len(seg), 1),
                 left_out=self.base.attrs.get("left_out", 0))


class SegmentExplorer:
    """Move the discount-share threshold and watch the tree and class sizes change."""

    def __init__(self, members: pd.DataFrame, transactions: pd.DataFrame, basket_items: pd.DataFrame,
                 threshold: float = strategy.DEFAULT_DISCOUNT_THRESHOLD) -> None:
        self.model = SegmentModel(members, transactions, basket_items, threshold)
        self.threshold = w.FloatSlider(value=threshold, min=0.05, max=1.0, step=0.05, readout_format=".0%",
                                       description=t("ch06.explorer.threshold"), continuous_update=False,
                                       layout=w.Layout(width="480px"), style={"description_width": "130px"})
        self.readout = w.HTML()
        self.plot = w.Output()
        self.threshold.observe(self._changed, names="value")
        self.box = w.VBox([self.threshold, self.readout, self.plot])
        self._changed()

    def _changed(self, _change: dict | None = None) -> None:
        self.model.threshold = float(self.threshold.value)
        self.readout.value = self.model.readout()
        fig = strategy.plot_segment_tree(self.model.segments)
        self.plot.outputs = ()  # replace the picture (clear_output needs a kernel)
        self.plot.append_display_data(_png(fig))

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


# --------------------------------------------------------------------------- lever diagnosis
class LeverDiagnosisModel:
    """Diagnose one stalled lead at a time: which levers apply, best first, and why."""

    def __init__(self, leads: pd.DataFrame, accounts: pd.DataFrame | None = None,
                 low_engagement: float = strategy.DEFAULT_LOW_ENGAGEMENT, far_km: float = strategy.DEFAULT_FAR_KM) -> None:
        self.leads = leads
        self.stalled = strategy.stalled_leads(leads)
        names = {}
        if accounts is not None and {"account_id", "account_name"} <= set(accounts.columns):
            names = dict(zip(accounts["account_id"], accounts["account_name"], strict=False))
        self.account_names = names
        self.low_engagement = low_engagement
        self.far_km = far_km
        self.lead_id: str | None = self.stalled["lead_id"].iloc[0] if len(self.stalled) else None

    def pick(self, lead_id: str) -> None:
        if lead_id not in set(self.leads["lead_id"]):
            raise ValueError(f"unknown lead {lead_id!r} / 找不到线索 {lead_id!r}")
        self.lead_id = lead_id

    def row(self) -> pd.Series:
        return self.leads.loc[self.leads["lead_id"] == self.lead_id].iloc[0]

    def diagnosis(self, lang: str | None = None) -> pd.DataFrame:
        return strategy.diagnose(self.leads, self.lead_id, low_engagement=self.low_engagement, far_km=self.far_km, lang=lang)

    def describe(self, lang: str | None = None) -> str:
        """The lead's key facts and its ranked levers, as HTML."""
        from course.prospects import man_code

        row = self.row()
        objection = str(row.get("objection", "none"))
        stages = {s["id"]: s["name"] for s in content.text("funnel_stages", lang)}  # the stage in words, not its code
        stage = str(row.get("stage", "?"))
        head = t("ch06.levers.header", lang, lead=html.escape(str(row["lead_id"])),
                 account=html.escape(str(self.account_names.get(row.get("account_id"), row.get("account_id", "")))),
                 stage=html.escape(stages.get(stage, stage)),
                 man=man_code(bool(row["money"]), bool(row["authority"]), bool(row["need"])),
                 objection=html.escape(t(f"ch06.reason.objection_{objection}", lang) if objection != "none" else "—"))
        if bool(row.get("converted", False)):
            return f"{head}<br>{t('ch06.levers.converted', lang)}"
        table = self.diagnosis(lang)
        if table.empty:
            return f"{head}<br>{t('ch06.levers.none', lang)}"
        note = html.escape(i18n.pick(content.get("stalled_prospect_note"), lang))
        return f"{head}{_table_html(table.reset_index(drop=True).set_index('lever_name').rename_axis(None))}<small>{note}</small>"


class LeverDiagnosis:
    """Pick a stalled lead (or move the thresholds) and read which levers to pull."""

    def __init__(self, leads: pd.DataFrame, accounts: pd.DataFrame | None = None, max_leads: int = 300) -> None:
        self.model = LeverDiagnosisModel(leads, accounts)
        ids = self.model.stalled["lead_id"].head(max_leads).tolist()
        wide = {"description_width": "170px"}  # the longest label ("Low engagement <") whole, in both languages
        self.lead = w.Dropdown(options=ids, value=self.model.lead_id, description=t("ch06.levers.lead"),
                               style=wide, layout=w.Layout(width="400px"))
        self.engagement = w.IntSlider(value=int(self.model.low_engagement), min=0, max=100, step=5,
                                      description=t("ch06.levers.low_engagement"),
                                      continuous_update=False, style=wide, layout=w.Layout(width="480px"))
        self.distance = w.IntSlider(value=int(self.model.far_km), min=50, max=400, step=25, description=t("ch06.levers.far_km"),
                                    continuous_update=False, style=wide, layout=w.Layout(width="480px"))
        self.output = w.HTML()
        self.lead.observe(self._changed, names="value")
        self.engagement.observe(self._changed, names="value")
        self.distance.observe(self._changed, names="value")
        self.box = w.VBox([self.lead, self.engagement, self.distance, self.output])
        self._changed()

    def _changed(self, _change: dict | None = None) -> None:
        if self.lead.value is not None:
            self.model.pick(self.lead.value)
        self.model.low_engagement = self.engagement.value
        self.model.far_km = self.distance.value
        self.output.value = f'<div style="padding:6px 0">{self.model.describe()}</div>'

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


def _png(fig) -> Any:
    return layout.png(fig)
