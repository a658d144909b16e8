"""The prospect report's sections, one function each (报告的各个部分).

The papermill template (``templates/prospect_report.ipynb``) is a thin list of
calls: ``r = S.Report.start(...)`` then ``S.overview(r)``, ``S.data_as_read(r)``
… Each function displays its part through IPython (Markdown, escaped HTML
tables, static plots) inside :class:`course.reports.prospect.section`, so a
section whose data is missing says what would enable it, and one that fails
or runs out of time says why in one sentence while the report goes on.

What the sections say about the data is the data's: the as-of date is its
last day (or ``--as-of``), amounts are in its currency (``--currency``),
orders are distinct order ids, rows set aside are counted and explained
(:func:`data_as_read`), and a chart that would be flat is replaced by a
sentence.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from course.i18n import t
from course.reports import prospect as P
from course.reports.formats import fmt_date, fmt_money, fmt_number, fmt_pct, set_currency

__all__ = ["Report", "about", "best_worst", "concentration", "cross_sell", "cycle_evidence", "data_as_read", "funnel",
           "humane_interval", "lookalike", "man", "methods", "overview", "quality", "replacement", "rfm", "strategy",
           "targeting", "title"]


def _display(*objects: Any) -> None:
    from IPython.display import display

    display(*objects)


def _md(text: str) -> None:
    from IPython.display import Markdown

    _display(Markdown(text))


def _figure(fig) -> None:
    """A static figure in the data's currency, closed after display (a report shows dozens; open figures would pile up)."""
    import matplotlib.pyplot as plt

    from course.reports.formats import in_currency

    for ax in fig.axes:
        for text in (ax.xaxis.label, ax.yaxis.label, ax.title, *ax.texts):
            text.set_text(in_currency(text.get_text()))
        legend = ax.get_legend()
        for text in legend.get_texts() if legend else ():
            text.set_text(in_currency(text.get_text()))
    _display(fig)
    plt.close(fig)


def _say(key: str, kind: str = "info", **values: Any) -> None:
    _display(P.note(key, kind, **values))


@dataclass
class Report:
    """Everything the sections share: the selected tables, the as-of date, the options and the reader's choices."""

    inputs: P.ReportInputs
    sel: P.Selection
    lang: str = "en"
    top: int = 10
    show_contacts: bool = False
    budget: float = 20000.0
    cost_per_contact: float = 400.0
    product: str = ""
    region: str = ""
    ready: dict = field(default_factory=dict)
    card: Any = None

    @classmethod
    def start(cls, *, inputs_path: str = "", data: str = "", columns: str = "", period: str = "", product: str = "",
              region: str = "", as_of: str = "", top: int = 10, show_contacts: bool = False, budget: float = 20000,
              cost_per_contact: float = 400, lang: str = "en", currency: str = "", options: dict | None = None) -> Report:
        """Read the pickled inputs the CLI prepared (or read the data here), select, and set language and currency."""
        import course

        course.set_language(lang)
        if inputs_path:
            with open(inputs_path, "rb") as handle:
                inputs = pickle.load(handle)
        else:
            inputs = P.load_inputs(data or None, columns or None, options=P.ReportOptions(**(options or {})))
        return cls.from_inputs(inputs, period=period, product=product, region=region, as_of=as_of, top=top,
                               show_contacts=show_contacts, budget=budget, cost_per_contact=cost_per_contact, lang=lang,
                               currency=currency)

    @classmethod
    def from_inputs(cls, inputs: P.ReportInputs, *, period: str = "", product: str = "", region: str = "", as_of: str = "",
                    top: int = 10, show_contacts: bool = False, budget: float = 20000, cost_per_contact: float = 400,
                    lang: str = "en", currency: str = "") -> Report:
        """The same as :meth:`start`, from inputs already read (tests, benchmarks, chapter 8)."""
        import course

        course.set_language(lang)
        set_currency(currency or inputs.options.currency or None)
        sel = P.select(inputs, period=period or None, product=product or None, region=region or None, as_of=as_of or None)
        report = cls(inputs, sel, lang, int(top), bool(show_contacts), float(budget), float(cost_per_contact),
                     product or "", region or "")
        report.ready = P.sections_ready(sel.tables, inputs.options.target_column)
        return report

    @property
    def T(self) -> dict[str, pd.DataFrame]:  # noqa: N802 - the template's short name for the selected tables
        return self.sel.tables

    @property
    def H(self) -> dict[str, pd.DataFrame]:  # noqa: N802 - the full history (replacement cycles look back)
        return self.sel.history

    @property
    def today(self) -> pd.Timestamp:
        return self.sel.as_of

    def table(self, frame: pd.DataFrame, formats: dict | None = None, **options: Any) -> None:
        _display(P.html_table(frame, formats, show_contacts=self.show_contacts, **options))

    def names_of(self, ids) -> pd.Series:
        """Account names (English names in the English edition when the table has them); empty without accounts."""
        ids = pd.Index(ids)
        if "b2b_accounts" not in self.T:
            return pd.Series("", index=ids)
        acc = self.T["b2b_accounts"].drop_duplicates("account_id").set_index("account_id")
        col = "account_name_en" if self.lang == "en" and "account_name_en" in acc else "account_name"
        return acc[col].reindex(ids) if col in acc else pd.Series("", index=ids)

    def customers(self, name: str = "b2b_orders") -> pd.DataFrame:
        """The rows of a transaction table that belong to a customer (rows without one are set aside, and said so)."""
        frame = self.T[name]
        key = "account_id" if name.startswith("b2b") else "member_id"
        return frame.loc[frame[key].notna()] if key in frame and frame[key].isna().any() else frame


def _list(items: list[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(items)


# --------------------------------------------------------------------------- title and overview
STYLE = ("<style>.report-table{border-collapse:collapse;margin:6px 0 14px}.report-table th{background:#eef2f7;text-align:left;"
         "padding:4px 8px}.report-table td{padding:3px 8px;border-bottom:1px solid #e3e6ea;white-space:pre-line;"
         "vertical-align:top;text-align:left !important}.report-table th{text-align:left !important}</style>")


def title(r: Report) -> None:
    """Title, what the report is on (source, as-of date and why, currency, filters) and its contents."""
    from IPython.display import HTML

    _display(HTML(STYLE))
    lang = r.lang
    filters = [t("report.filter.period", value=f"{fmt_date(r.sel.period[0])} – {fmt_date(r.sel.period[1])}")] if r.sel.period else []
    filters += [t("report.filter.product", value=r.product)] if r.product else []
    filters += [t("report.filter.region", value=r.region)] if r.region else []
    from course.reports.formats import currency

    cur = currency()
    intro = t("report.intro", source=r.inputs.name, tables=t("report.tables_one" if len(r.T) == 1 else "report.tables_many",
                                                         n=len(r.T)), as_of=fmt_date(r.today),
              filters="; ".join(filters) if filters else t("report.filter.none"))
    money = t("report.currency", code=cur.code, example=fmt_money(12345.6))
    _md(f"# {t('report.title')}")
    _display(P.note({"en": intro, "zh": intro}))
    if r.sel.as_of_note:
        _display(P.note(r.sel.as_of_note))
    _display(P.note({"en": money, "zh": money}))
    done = [t(f"report.section.{s}") for s, miss in r.ready.items() if miss is None]
    skipped = [t(f"report.section.{s}") for s, miss in r.ready.items() if miss is not None]
    _md(t("report.contents", done=_list(done, lang), skipped=_list(skipped, lang) or t("report.none")))


def overview(r: Report) -> None:
    """Tables, sources, date ranges and gaps; what the reader decided; files set aside."""
    with P.section("overview", {"overview": None}):
        rows = []
        for name, frame in r.T.items():
            dcol = P.DATE_COLUMNS.get(name)
            dates = frame[dcol].dropna() if dcol in frame else pd.Series(dtype="datetime64[ns]")
            missing = frame.isna().mean()
            worst = missing.idxmax() if len(missing) and missing.max() > 0 else None
            rows.append({"table": t(f"report.table.{name}"), "source": r.inputs.sources.get(name, ""), "rows": len(frame),
                         "first_date": dates.min() if len(dates) else None, "last_date": dates.max() if len(dates) else None,
                         "missing_cells": float(missing.mean()) if len(missing) else 0.0,
                         "most_missing": f"{worst} ({fmt_pct(missing[worst])})" if worst else "—"})
        r.table(pd.DataFrame(rows), {"rows": "int", "first_date": "date", "last_date": "date", "missing_cells": "pct"})
        for item in r.inputs.read_notes:
            _display(P.note(item))
        for item in r.inputs.notes + r.sel.notes:
            _display(P.note(item, "warn"))


def data_as_read(r: Report) -> None:
    """Every row set aside or changed on the way from the file to the figures: how many, how much, what, and the options."""
    with P.section("data_as_read", {"data_as_read": None}):
        if r.inputs.bundled:
            _say("report.as_read.bundled")
            return
        if not r.inputs.prepared:
            _say("report.as_read.nothing")
        for name, prepared in r.inputs.prepared.items():
            src = r.inputs.sources.get(name, name)
            kept = prepared.orders
            known = int(kept["account_id"].notna().sum())
            _md(t("report.as_read.lead", source=src, rows=fmt_number(prepared.rows_read), kept=fmt_number(len(kept)),
                  customers=fmt_number(known)))
            if not prepared.steps:
                _say("report.as_read.clean")
            money = lambda v: fmt_money(v, r.lang)  # noqa: E731
            lines = [f"{k}. {step.text(r.lang, money=money)}" for k, step in enumerate(prepared.steps, start=1)]
            _md("\n".join(lines))
            flow = [{"step": t("report.as_read.read"), "rows": prepared.rows_read}]
            for step in prepared.steps:
                if step.removed:
                    flow.append({"step": t(f"report.as_read.flow.{step.key}"), "rows": -step.removed})
            flow.append({"step": t("report.as_read.kept"), "rows": len(kept)})
            flow.append({"step": t("report.as_read.with_customer"), "rows": known})
            r.table(pd.DataFrame(flow), {"rows": "int"})
            _say("report.as_read.returns_note")


# --------------------------------------------------------------------------- orders and customers
def quality(r: Report) -> None:
    from course import precision

    with P.section("quality", r.ready, level=3) as s:
        if s.ready:
            orders = r.T["b2b_orders"]
            flagged = precision.flag_orders(orders, as_of=r.today)
            rules = list(precision.ORDER_RULES) + ["isolation"]
            counts = pd.DataFrame({"check": [t(f"report.check.{k}") for k in rules],
                                   "orders": [int(flagged[k].sum()) for k in rules]})
            _md(t("report.quality.lead", n=fmt_number(len(flagged)), total=fmt_number(len(orders)),
                  rules=fmt_number(int((flagged["rules"] > 0).sum()))))
            r.table(counts, {"orders": "int"})
            shown = flagged.head(r.top).assign(account_name=lambda f: r.names_of(f["account_id"]).to_numpy(),
                                               product=lambda f: f["product"].map(precision.product_name))
            r.table(shown[["order_id", "account_id", "account_name", "order_date", "product", "amount", "reasons"]],
                    {"order_date": "date", "amount": "money"})


def _transaction_tables(r: Report) -> list[tuple[str, str]]:
    return [(n, c) for n, c in (("b2b_orders", "account_id"), ("b2c_transactions", "member_id")) if n in r.T and not r.T[n].empty]


def concentration(r: Report) -> None:
    from course import records

    with P.section("concentration", r.ready) as s:
        if not s.ready:
            return
        _md(t("report.concentration.what"))
        for name, customer in _transaction_tables(r):
            with P.section(f"business.{name}", {f"business.{name}": None}, level=3):
                pt = records.pareto_table(r.T[name], customer=customer)
                if len(pt) < 2 or pt["revenue"].sum() <= 0:
                    _say("report.concentration.too_few", "warn", customers=fmt_number(len(pt)))
                    continue
                share = records.top_share(pt["revenue"], 0.2)
                _md(t("report.concentration.lead", share=fmt_pct(share), customers=fmt_number(len(pt)),
                      revenue=fmt_money(pt["revenue"].sum())))
                if pt["revenue"].nunique() == 1:
                    _say("report.concentration.equal", "warn")
                else:
                    _figure(records.plot_pareto(pt))
                r.table(records.abc_summary(pt).reset_index(), {"customers": "int", "revenue": "money",
                        "customer_share": "pct", "revenue_share": "pct"}, labeller=records.labels)


def rfm(r: Report) -> None:
    from course import records

    with P.section("rfm", r.ready) as s:
        if not s.ready:
            return
        _md(t("report.rfm.what"))
        for name, customer in _transaction_tables(r):
            with P.section(f"business.{name}", {f"business.{name}": None}, level=3):
                table = records.rfm_table(r.T[name], customer=customer, as_of=r.today)
                degenerate = table.attrs.get("degenerate", [])
                if "one_date" in degenerate:
                    day = r.T[name]["order_date" if name == "b2b_orders" else "txn_date"].dropna().max()
                    _say("report.rfm.one_date", "warn", date=fmt_date(day), customers=fmt_number(len(table)))
                    continue
                if "one_frequency" in degenerate:
                    _say("report.rfm.one_frequency", "warn", n=int(table["frequency"].iloc[0]))
                if table.attrs.get("frequency_counts") == "orders":
                    _say("report.rfm.orders")
                _figure(records.plot_rfm(table))
                summary = records.rfm_summary(table)
                summary = summary[summary["customers"] > 0]
                r.table(summary, {"customers": "int", "recency_days": "int", "frequency": "num1", "monetary": "money",
                        "customer_share": "pct", "revenue_share": "pct"}, index=True, labeller=records.labels)


def best_worst(r: Report) -> None:
    from course import records

    with P.section("best_worst", r.ready) as s:
        if not s.ready:
            return
        card = records.customer_scorecard(r.customers(), r.T.get("b2b_tickets"), r.T.get("b2b_accounts"), as_of=r.today)
        r.card = card
        _md(t("report.best.lead", n=fmt_number(len(card)), best=fmt_number(int((card["verdict"] == "best").sum()))))
        if card["hours_per_10k"].abs().sum() == 0:  # no service data: the revenue-vs-service chart would be a flat line
            _say("report.best.flat", "warn")
        else:
            _figure(records.plot_best_worst(card))
        for verdict, signs in (("best", "best_signs"), ("worst", "worst_signs")):
            part = card[card["verdict"] == verdict].sort_values("score", ascending=verdict == "worst").head(r.top).copy()
            part["account_name"] = r.names_of(part.index).to_numpy()
            part["signs"] = part[signs].map(records.trait_names)
            _md(f"**{t(f'report.best.{verdict}', n=len(part))}**")
            keep = ["account_id", "account_name", "revenue", "orders", "score", "signs"]
            shown = part.reset_index()[keep]
            if shown["account_name"].fillna("").eq("").all():
                shown = shown.drop(columns="account_name")
            r.table(shown, {"revenue": "money", "orders": "int", "score": "num1"})


def lookalike(r: Report) -> None:
    from course import records

    with P.section("lookalike", r.ready, level=3) as s:
        if not s.ready:
            return
        accounts = r.T["b2b_accounts"]
        card = r.card if r.card is not None else records.customer_scorecard(r.customers(), r.T.get("b2b_tickets"), accounts,
                                                                              as_of=r.today)
        looks = records.lookalike_scores(accounts, card).head(r.top)
        looks["account_name"] = r.names_of(looks.index).to_numpy()
        if r.lang == "en" and "city_en" in accounts:
            looks["city"] = accounts.drop_duplicates("account_id").set_index("account_id")["city_en"].reindex(looks.index).to_numpy()
        contact = accounts.drop_duplicates("account_id").set_index("account_id").reindex(looks.index)
        for col in ("phone", "email"):
            if col in contact:
                looks[col] = contact[col].to_numpy()
        _md(t("report.lookalike.lead", n=len(looks)))
        keep = [c for c in ("account_name", "industry", "city", "lookalike_score", "drivers", "phone", "email") if c in looks]
        r.table(looks[keep].reset_index(), {"lookalike_score": "num1"}, labeller=records.labels)


# --------------------------------------------------------------------------- leads
def man(r: Report) -> None:
    import course
    from course import prospects
    from course.prospects import as_flags

    with P.section("man", r.ready) as s:
        if not s.ready:
            return
        leads = r.T["b2b_leads"]
        summary = prospects.man_summary(leads)
        _md(t("report.man.lead", n=fmt_number(len(leads))))
        _figure(prospects.plot_man_summary(summary))
        ref = prospects.man_reference()
        action_name = lambda v: t(f"value.{v}") if f"value.{v}" in course.i18n.messages() else v  # noqa: E731
        ref = ref.assign(action=ref["action"].astype(str).map(action_name))
        r.table(summary.join(ref[["action", "countermeasure"]]).reset_index(), {"leads": "int", "share": "pct",
                "conversion_rate": "pct"})
        open_leads = leads[~as_flags(leads["converted"], "converted")] if "converted" in leads else leads
        work = prospects.man_classify(open_leads)
        work = work.sort_values(["man_priority", "engagement"], ascending=[True, False]) if "engagement" in work else \
            work.sort_values("man_priority")
        work = work.head(r.top).copy()
        work["account_name"] = r.names_of(work["account_id"]).to_numpy() if "account_id" in work else ""
        _md(t("report.man.open", n=fmt_number(len(open_leads)), top=len(work)))
        keep = [c for c in ("lead_id", "account_name", "man_code", "man_action", "countermeasure") if c in work]
        work = work.astype({"man_code": "str", "man_action": "str", "countermeasure": "str"})
        work["man_action"] = work["man_action"].map(action_name)
        r.table(work[keep])


def methods(r: Report) -> None:
    from course import finding

    with P.section("methods", r.ready) as s:
        if not s.ready:
            return
        eff = finding.method_effectiveness(r.T["b2b_leads"])
        _md(t("report.methods.lead", best=finding.labels(eff).index[0], rate=fmt_pct(eff["conversion_rate"].iloc[0])))
        if eff["conversion_rate"].nunique() > 1:
            _figure(finding.plot_method_effectiveness(eff))
        else:
            _say("report.methods.flat", "warn", rate=fmt_pct(eff["conversion_rate"].iloc[0]))
        r.table(eff[["leads", "wins", "conversion_rate", "revenue", "cost_per_win"]], {"leads": "int", "wins": "int",
                "conversion_rate": "pct", "revenue": "money", "cost_per_win": "money"}, index=True, labeller=finding.labels)


def funnel(r: Report) -> None:
    from course import finding

    with P.section("funnel", r.ready, level=3) as s:
        if not s.ready:
            return
        table = finding.funnel_from_stages(r.T["b2b_leads"], r.T.get("b2b_accounts"))
        _figure(finding.plot_funnel(table))
        r.table(table, {"count": "int", "step_conversion": "pct", "share_of_all": "pct", "wins": "int", "win_rate": "pct"},
                index=True, labeller=finding.labels)


# --------------------------------------------------------------------------- who is due
def humane_interval(days: float, lang: str) -> str:
    """A buying interval in words people use: days, weeks, months or years.

    >>> humane_interval(12, "en"), humane_interval(24, "en"), humane_interval(95, "zh"), humane_interval(1456, "en")
    ('12 days', '3 weeks', '3 个月', '4.0 years')
    """
    if days < 14:
        n, unit = max(1, round(days)), "days"
    elif days < 60:
        n, unit = round(days / 7), "weeks"
    elif days < 730:
        n, unit = round(days / 30.44), "months"
    else:
        return t("report.interval.years", lang, n=f"{days / 365.25:.1f}")
    return t(f"report.interval.{unit}", lang, n=n)


def cycle_evidence(row: dict, lang: str) -> str:
    """One sentence of evidence for a customer due to buy again, with the interval in days, weeks, months or years."""
    from course.i18n import messages

    regularity = str(row.get("regularity", ""))
    key = f"ch02.regularity.{regularity}"
    said = t(key, lang) if key in messages() else regularity
    return t("report.replacement.evidence", lang, n=int(row["purchases"]), every=humane_interval(float(row["interval_days"]), lang),
             last=fmt_date(row["last_purchase"], lang), due=fmt_date(row["next_due"], lang), regularity=said)


def replacement(r: Report) -> None:
    from course import finding, precision

    with P.section("replacement", r.ready) as s:
        if not s.ready:
            return
        orders = r.H["b2b_orders"]
        orders = orders.loc[orders["account_id"].notna()]
        cycle = None
        if not r.product and "product" in orders and orders["product"].eq("copier").any():
            cycle = "copier"
        if orders["order_date"].nunique() < 2:
            _say("report.replacement.one_date", "warn", date=fmt_date(orders["order_date"].max()))
            return
        start, end = r.today + pd.Timedelta(days=1), r.today + pd.Timedelta(days=31)
        month = start.to_period("M")
        if start.day == 1:  # the as-of date ends a month: the window is the next calendar month
            due = finding.due_in_month(orders, str(month), product=cycle)
            when = f"{month.year}年{month.month}月" if r.lang == "zh" else month.strftime("%B %Y")
        else:
            due = finding.replacement_due(orders, r.today, product=cycle, window_days=31)
            when = t("report.replacement.window", start=fmt_date(start), end=fmt_date(end))
        what = precision.product_name(cycle) if cycle else r.product
        key = "report.replacement.lead" if what else "report.replacement.lead_any"
        _md(t(key, n=len(due), month=when, what=what, as_of=fmt_date(r.today)))
        if not len(due):
            return
        shown = due.head(max(r.top, 15)).copy()
        shown["account_name"] = r.names_of(shown.index).to_numpy()
        shown["evidence"] = [cycle_evidence(row, r.lang) for row in shown.to_dict("records")]
        if "b2b_accounts" in r.T:
            info = r.T["b2b_accounts"].drop_duplicates("account_id").set_index("account_id").reindex(shown.index)
            for col in ("owner_rep_id", "phone"):
                if col in info:
                    shown[col] = info[col].to_numpy()
        keep = [c for c in ("account_name", "next_due", "status", "evidence", "owner_rep_id", "phone") if c in shown]
        if "account_name" in keep and shown["account_name"].fillna("").eq("").all():
            keep.remove("account_name")
        r.table(shown[keep].reset_index(), {"next_due": "date"}, labeller=finding.labels)


# --------------------------------------------------------------------------- targeting
def targeting(r: Report) -> None:
    with P.section("targeting", r.ready) as s:
        if not s.ready:
            return
        if r.inputs.options.target_column:
            _own_target(r)
        else:
            _kit_leads(r)


def _kit_leads(r: Report) -> None:
    from course import precision
    from course.prospects import as_flags

    leads = r.T["b2b_leads"]
    model = precision.train_lead_model(leads)
    calls, _ = precision.leads_for_budget(model.test_scores, budget=r.budget, cost_per_contact=r.cost_per_contact)
    plan = precision.targeting_summary(model.test_scores, model.y_test, top_n=calls, cost_per_contact=r.cost_per_contact)
    _md(t("report.targeting.lead", auc=f"{model.auc:.2f}", budget=fmt_money(r.budget), cost=fmt_money(r.cost_per_contact),
          share=fmt_pct(plan["share_contacted"], 0), wins=fmt_pct(plan["share_of_wins"], 0), lift=f"{plan['lift']:.1f}"))
    _figure(precision.plot_gains(model.y_test, model.test_scores, contacted=calls))
    r.table(model.gains(), {"leads": "int", "wins": "int", "conversion_rate": "pct", "lift": "num2",
            "cum_leads_share": "pct", "cum_wins_share": "pct", "cum_lift": "num2"}, index=True, labeller=precision.labels)
    open_leads = leads[~as_flags(leads["converted"], "converted")]
    n_open = int(min(len(open_leads), r.budget // r.cost_per_contact))
    chosen = open_leads.assign(score=model.predict(open_leads)).nlargest(n_open, "score", keep="first")
    chosen["account_name"] = r.names_of(chosen["account_id"]).to_numpy() if "account_id" in chosen else ""
    if "b2b_contacts" in r.T and "contact_id" in chosen:
        people = r.T["b2b_contacts"].drop_duplicates("contact_id").set_index("contact_id").reindex(chosen["contact_id"])
        name_col = "contact_name_en" if r.lang == "en" and "contact_name_en" in people else "contact_name"
        for col, src in (("contact_name", name_col), ("phone", "phone"), ("email", "email")):
            if src in people:
                chosen[col] = people[src].to_numpy()
    _md(t("report.targeting.list", n=n_open, open=fmt_number(len(open_leads))))
    keep = [c for c in ("lead_id", "account_name", "contact_name", "phone", "email", "score") if c in chosen]
    r.table(chosen[keep], {"score": "pct"})


def _own_target(r: Report) -> None:
    from course import precision

    opts = r.inputs.options
    leads = r.T["b2b_leads"]
    model = precision.train_target_model(leads, opts.target_column, opts.features, positive=opts.positive,
                                         insist=opts.keep_features)
    from course.precision_targets import outcome_flags

    flags, _ = outcome_flags(leads[opts.target_column], model.positive, opts.target_column)
    _md(t("report.own.lead", target=opts.target_column, win=model.positive, rows=fmt_number(int(flags.notna().sum())),
          wins=fmt_number(int(flags.eq(1).sum())), features=len(model.features), auc=f"{model.auc:.2f}"))
    if model.left_out:
        r.table(pd.DataFrame({"column": list(model.left_out), "why": [v[r.lang] for v in model.left_out.values()]}))
        if any(c in model.left_out for c in model.leakage.loc[model.leakage["verdict"] != "ok", "feature"]):
            _say("report.own.insist", "warn")
    if model.numeric_text:
        _say("report.own.numbers", columns=", ".join(model.numeric_text))
    if model.insisted:
        _say("report.own.insisted", "warn", columns=", ".join(model.insisted))
    if model.y_test.sum() < 1:
        _say("report.own.no_test_wins", "warn")
        return
    calls, _ = precision.leads_for_budget(model.test_scores, budget=r.budget, cost_per_contact=r.cost_per_contact)
    plan = precision.targeting_summary(model.test_scores, model.y_test, top_n=calls, cost_per_contact=r.cost_per_contact)
    _md(t("report.targeting.lead", auc=f"{model.auc:.2f}", budget=fmt_money(r.budget), cost=fmt_money(r.cost_per_contact),
          share=fmt_pct(plan["share_contacted"], 0), wins=fmt_pct(plan["share_of_wins"], 0), lift=f"{plan['lift']:.1f}"))
    _figure(precision.plot_gains(model.y_test, model.test_scores, contacted=calls))
    pool = leads.loc[flags.isna()] if len(model.open_rows) else leads.loc[flags.eq(0)]
    n = int(min(len(pool), r.budget // r.cost_per_contact))
    chosen = pool.assign(score=model.predict(pool)).nlargest(n, "score", keep="first")
    ids = model.identifiers[:1]
    _md(t("report.own.list_open" if len(model.open_rows) else "report.own.list_lost", n=n, pool=fmt_number(len(pool))))
    keep = ids + [c for c in model.features[:4] if c not in ids] + ["score"]
    r.table(chosen[keep], {"score": "pct"})


# --------------------------------------------------------------------------- cross-selling
def _rules_note(rules: pd.DataFrame, lang: str) -> None:
    reason = rules.attrs.get("thresholds", {}).get("reason")
    if reason:
        _display(P.note(reason))


def cross_sell(r: Report) -> None:
    from course import precision

    with P.section("cross_sell", r.ready) as s:
        if not s.ready:
            return
        if "b2c_basket_items" in r.T:
            with P.section("business.b2c_transactions", {"business.b2c_transactions": None}, level=3):
                items, baskets = P.rule_baskets(r.T["b2c_basket_items"], r.T.get("b2c_transactions"))
                if baskets > P.MAX_RULE_BASKETS:
                    _say("report.cross.sample", kept=fmt_number(P.MAX_RULE_BASKETS), total=fmt_number(baskets))
                rules = precision.association_rules(items[["txn_id", "item"]], min_support=0.01, min_confidence=0.1)
                names = precision.item_names(items)
                _md(t("report.cross.lead", n=len(rules), baskets=fmt_number(items["txn_id"].nunique())))
                _rules_note(rules, r.lang)
                if len(rules):
                    _figure(precision.plot_rules(rules, names))
                    r.table(precision.rules_table(rules, names, top=r.top), index=True)
        if "b2b_orders" in r.T and "product" in r.T["b2b_orders"]:
            with P.section("business.b2b_orders", {"business.b2b_orders": None}, level=3):
                _order_rules(r)


def product_names(orders: pd.DataFrame, lang: str) -> dict[str, str]:
    """Product code -> what people call it: the mapped product name or description, else the kit's product names."""
    from course import precision

    codes = orders["product"].dropna().unique()
    if "product_name" in orders:
        pairs = orders[["product", "product_name"]].dropna().drop_duplicates("product")
        named = dict(zip(pairs["product"], pairs["product_name"].astype(str).str.strip(), strict=True))
        kit = {c: precision.product_name(c, lang) for c in codes if c in precision.PRODUCTS}
        return {c: (kit.get(c) if lang == "en" and c in kit else named.get(c, kit.get(c, str(c)))) for c in codes}
    return {c: precision.product_name(c, lang) for c in codes}


def _order_rules(r: Report) -> None:
    from course import precision

    orders = r.T["b2b_orders"]
    names = product_names(orders, r.lang)
    prepared = r.inputs.prepared.get("b2b_orders")
    line_level = prepared.line_level if prepared is not None else orders["order_id"].duplicated().any()
    if line_level:
        lines = prepared.basket_lines() if prepared is not None else orders
        lines = lines.loc[lines.index.isin(orders.index)]  # the report's filters apply
        pairs = lines[["order_id", "product"]].dropna().rename(columns={"order_id": "txn_id", "product": "item"})
        pairs, baskets = P.rule_baskets(pairs)
        if baskets > P.MAX_RULE_BASKETS:
            _say("report.cross.sample", kept=fmt_number(P.MAX_RULE_BASKETS), total=fmt_number(baskets))
        rules = precision.association_rules(pairs, min_support=0.01, min_confidence=0.2)
        _md(t("report.cross.orders", n=len(rules), orders=fmt_number(pairs["txn_id"].nunique())))
    else:
        known = orders.loc[orders["account_id"].notna(), ["account_id", "product"]].dropna()
        if "quantity" in orders:  # what a customer returned in full was not bought
            known = known.loc[orders.loc[known.index, "quantity"].gt(0)]
        rules = precision.association_rules(known, min_support=0.05, min_confidence=0.5, max_len=2)
        _md(t("report.cross.accounts", n=len(rules), accounts=fmt_number(known["account_id"].nunique())))
    _rules_note(rules, r.lang)
    if len(rules):
        r.table(precision.rules_table(rules, names, top=r.top), index=True)


# --------------------------------------------------------------------------- segments
def strategy(r: Report) -> None:
    from course import strategy as st

    with P.section("strategy", r.ready) as s:
        if not s.ready:
            return
        seg = st.segment_members(r.T["b2c_members"], r.T["b2c_transactions"], r.T["b2c_basket_items"])
        _md(t("report.strategy.lead", n=fmt_number(len(seg))))
        _figure(st.plot_segment_tree(seg))
        summary = st.segment_summary(seg)
        summary = summary[summary["members"] > 0].sort_values("members", ascending=False)
        r.table(summary[["class_name", "members", "share", "package_name", "package_moves"]], {"members": "int", "share": "pct"})


def about(r: Report) -> None:
    _md(f"## {t('report.section.about')}\n\n" + t("report.about", as_of=fmt_date(r.today)))


def run_all(r: Report) -> None:
    """Every section in order (for running the report without papermill, e.g. in a benchmark or a test)."""
    for part in (title, overview, data_as_read, quality, concentration, rfm, best_worst, lookalike, man, methods, funnel,
                 replacement, targeting, cross_sell, strategy, about):
        part(r)

