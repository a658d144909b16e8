"""The prospect report's parts, one function each (报告的各个部分).

The papermill template (``templates/prospect_report.ipynb``) is a thin list of calls: ``r = S.Report.start(...)``,
then ``S.title(r)``, ``S.summary(r)``, ``S.contents(r)``, ``S.overview(r)``, ``S.data_as_read(r)`` … Each section
function displays its part through IPython (anchored headings, escaped house-style tables, static plots) inside
:class:`course.reports.prospect.section`, so one that fails or runs out of time says why in one sentence while the
report goes on. A section whose data is missing shows nothing: the contents at the top list it with what would
enable it. What the sections show is computed once, in :mod:`course.reports.analysis`, and shared with the summary.

What the sections say about the data is the data's: the as-of date is its last day (or ``--as-of``), amounts are in
its currency (``--currency``), orders are distinct order ids, rows set aside are counted and explained
(:func:`data_as_read`), and a chart that would be flat is replaced by a sentence.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from course.i18n import t
from course.reports import analysis as A
from course.reports import layout
from course.reports import prospect as P
from course.reports.analysis import Report, product_names
from course.reports.formats import currency, fmt_date, fmt_money, fmt_number, fmt_pct

__all__ = ["OUTLINE", "Report", "about", "best_worst", "concentration", "contents", "cross_sell", "cycle_evidence",
           "data_as_read", "funnel", "humane_interval", "lookalike", "man", "methods", "outline", "overview",
           "product_names", "quality", "replacement", "rfm", "run_all", "strategy", "summary", "targeting", "title"]

#: the report's sections in order, with their heading level; a level-3 section belongs to the level-2 one before it
OUTLINE: tuple[tuple[str, int], ...] = (
    ("overview", 2), ("data_as_read", 2), ("quality", 3), ("concentration", 2), ("rfm", 2), ("best_worst", 2),
    ("lookalike", 3), ("man", 2), ("methods", 2), ("funnel", 3), ("replacement", 2), ("targeting", 2),
    ("cross_sell", 2), ("strategy", 2), ("about", 2),
)
#: sections shown whatever the data (they describe the data itself)
ALWAYS = ("overview", "data_as_read", "about")


def _display(*objects: Any) -> None:
    from IPython.display import display

    display(*objects)


def _md(text: str) -> None:
    from IPython.display import Markdown

    _display(Markdown(text))


def _html(markup: str) -> None:
    from IPython.display import HTML

    _display(HTML(markup))


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


def _list(items: list[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(items)


# --------------------------------------------------------------------------- outline
def outline(r: Report) -> list[tuple[str, str, int, str]]:
    """The sections this report shows, in order: ``(id, title, level, number)`` — numbers ``1``, ``2``, ``2.1`` …

    A level-3 section whose level-2 section is not shown stands on its own (level 2).
    """
    out, major, minor, parent_shown = [], 0, 0, False
    for sid, level in OUTLINE:
        if sid not in ALWAYS and r.ready.get(sid, ()) is not None:
            if level == 2:
                parent_shown = False
            continue
        if level == 3 and parent_shown:
            minor += 1
            out.append((sid, t(f"report.section.{sid}"), 3, f"{major}.{minor}"))
            continue
        major, minor, parent_shown = major + 1, 0, True
        out.append((sid, t(f"report.section.{sid}"), 2, str(major)))
    return out


def _section(r: Report, sid: str) -> P.section:
    """The section ``sid`` with its level and number from :func:`outline`."""
    ready = {s: None for s in ALWAYS} | r.ready
    for item, _, level, number in outline(r):
        if item == sid:
            return P.section(sid, ready, level=level, number=number)
    return P.section(sid, ready)  # not shown: its data is missing


def _sub(name: str) -> P.section:
    """A part of a section for one business (orders, shop receipts): a level-3 heading without a number."""
    return P.section(f"business.{name}", {f"business.{name}": None}, level=3)


# --------------------------------------------------------------------------- title, summary, contents
def source_name(r: Report) -> str:
    """What the data is: the file or folder the reader gave, or the bundled data said in words (not its code)."""
    from course.i18n import messages

    if not r.inputs.bundled:
        return r.inputs.name
    if f"report.source.{r.inputs.name}" in messages():
        return t(f"report.source.{r.inputs.name}")
    if f"report.table.{r.inputs.name}" in messages():
        return t("report.source.table", table=t(f"report.table.{r.inputs.name}"))
    return r.inputs.name


def title(r: Report) -> None:
    """Title and, in one short paragraph, what the report is on: source, as-of date and why, currency, filters."""
    filters = [t("report.filter.period", value=f"{fmt_date(r.sel.period[0])} – {fmt_date(r.sel.period[1])}")] if r.sel.period else []
    filters += [t("report.filter.product", value=r.product)] if r.product else []
    filters += [t("report.filter.region", value=r.region)] if r.region else []
    cur = currency()
    intro = t("report.intro", source=source_name(r), tables=t("report.tables_one" if len(r.T) == 1 else "report.tables_many",
                                                         n=len(r.T)), as_of=fmt_date(r.today),
              filters="; ".join(filters) if filters else t("report.filter.none"))
    parts = [intro]
    if r.sel.as_of_note:
        parts.append(r.sel.as_of_note[r.lang])
    parts.append(t("report.currency", code=cur.code, example=fmt_money(12345.6)))
    _md(f"# {t('report.title')}")
    import html

    joined = ("" if r.lang == "zh" else " ").join(parts)
    _html(f'<p class="report-about-data" style="color:#444;margin:4px 0 10px">{html.escape(joined)}</p>')


def summary(r: Report) -> None:
    """The opening summary: the headline figures and the three to five actions they imply (see :mod:`summary`)."""
    from course.reports import summary as summ

    with P.section("summary", {"summary": None}):
        summ.show(r)


def contents(r: Report) -> None:
    """A linked table of contents; the sections left out for lack of data, with what would enable each."""
    left = [t("report.contents.needs", section=t(f"report.section.{sid}"), needs="; ".join(miss))
            for sid, miss in r.ready.items() if miss is not None]
    _html(layout.contents_html(outline(r), t("report.contents.title"), left, t("report.contents.left_out")))
    if left:
        _say("report.contents.enable", "skip")


# --------------------------------------------------------------------------- the data
def overview(r: Report) -> None:
    """Tables, sources, date ranges and gaps; what the reader decided; files set aside."""
    with _section(r, "overview"):
        rows = []
        for name, frame in r.T.items():
            dcol = P.DATE_COLUMNS.get(name)
            dates = frame[dcol].dropna() if dcol in frame else pd.Series(dtype="datetime64[ns]")
            missing = frame.isna().mean()
            worst = missing.idxmax() if len(missing) and missing.max() > 0 else None
            # names in sentence case, as the headers are ("Owner left", not "owner left")
            shown = layout.sentence_case(layout.column_header(worst, r.lang), r.lang) if worst is not None else None
            rows.append({"table": layout.sentence_case(t(f"report.table.{name}"), r.lang), "source": r.inputs.sources.get(name, ""), "rows": len(frame),
                         "first_date": dates.min() if len(dates) else None, "last_date": dates.max() if len(dates) else None,
                         "missing_cells": float(missing.mean()) if len(missing) else 0.0,
                         "most_missing": f"{shown} ({fmt_pct(missing[worst])})" if worst else None})
        r_table(r, pd.DataFrame(rows), {"rows": "int", "first_date": "date", "last_date": "date", "missing_cells": "pct"},
                once=False)
        for item in r.inputs.read_notes:
            _display(P.note(item))
        for item in r.inputs.notes + r.sel.notes:
            _display(P.note(item, "warn"))


def r_table(r: Report, frame: pd.DataFrame, formats: dict | None = None, **options: Any) -> None:
    """Display ``frame`` as a house-style table of this report (contacts masked unless asked otherwise)."""
    _display(P.html_table(frame, formats, lang=r.lang, show_contacts=r.show_contacts, **options))


def data_as_read(r: Report) -> None:
    """Every row set aside or changed on the way from the file to the figures: how many, how much, what, and the options."""
    with _section(r, "data_as_read"):
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
            r_table(r, pd.DataFrame(flow), {"rows": "int"}, once=False)
            _say("report.as_read.returns_note")


def quality(r: Report) -> None:
    from course import precision

    with _section(r, "quality") as s:
        if not s.ready:
            return
        orders = r.T["b2b_orders"]
        flagged = A.flagged_orders(r)
        rules = list(precision.ORDER_RULES) + ["isolation"]
        counts = pd.DataFrame({"check": [t(f"report.check.{k}") for k in rules],
                               "orders": [int(flagged[k].sum()) for k in rules]})
        prepared = r.inputs.prepared.get("b2b_orders")
        lines = prepared is not None and prepared.line_level  # each flagged row is a line of an order, not an order
        _md(t("report.quality.lead_lines" if lines else "report.quality.lead", n=fmt_number(len(flagged)),
              total=fmt_number(len(orders)), rules=fmt_number(int((flagged["rules"] > 0).sum())),
              orders=fmt_number(int(orders["order_id"].nunique())) if lines else ""))
        r_table(r, counts, {"orders": "int"}, once=False)
        shown = flagged.head(r.top).assign(account_name=lambda f: r.names_of(f["account_id"]).to_numpy(),
                                           product=lambda f: f["product"].map(precision.product_name))
        r_table(r, shown[["order_id", "account_id", "account_name", "order_date", "product", "amount", "reasons"]],
                {"order_date": "date", "amount": "money"})


# --------------------------------------------------------------------------- orders and customers
def concentration(r: Report) -> None:
    from course import records

    with _section(r, "concentration") as s:
        if not s.ready:
            return
        _md(t("report.concentration.what"))
        for name, customer in A.transaction_tables(r):
            with _sub(name):
                pt = A.pareto(r, name, customer)
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
                r_table(r, records.abc_summary(pt), {"customers": "int", "revenue": "money", "customer_share": "pct",
                        "revenue_share": "pct"}, index=True, labeller=records.labels)


def rfm(r: Report) -> None:
    from course import records

    with _section(r, "rfm") as s:
        if not s.ready:
            return
        _md(t("report.rfm.what"))
        for name, customer in A.transaction_tables(r):
            with _sub(name):
                table = A.rfm(r, name, customer)
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
                seg = records.rfm_summary(table)
                seg = seg[seg["customers"] > 0]
                r_table(r, seg, {"customers": "int", "recency_days": "int", "frequency": "num1", "monetary": "money",
                        "customer_share": "pct", "revenue_share": "pct"}, index=True, labeller=records.labels)


def best_worst(r: Report) -> None:
    from course import records

    with _section(r, "best_worst") as s:
        if not s.ready:
            return
        card = A.card(r)
        _md(t("report.best.lead", n=fmt_number(len(card)), best=fmt_number(int((card["verdict"] == "best").sum()))))
        if card["hours_per_10k"].abs().sum() == 0:  # no service data: the revenue-vs-service chart would be a flat line
            _say("report.best.flat", "warn")
        else:
            _figure(records.plot_best_worst(card))
        for verdict, signs in (("best", "best_signs"), ("worst", "worst_signs")):
            part = card[card["verdict"] == verdict].sort_values("score", ascending=verdict == "worst").head(r.top).copy()
            part["account_name"] = r.names_of(part.index).to_numpy()
            # one sign per line: a sign may hold a comma itself
            part["signs"] = part[signs].map(lambda ids: "\n".join(records.trait_names(i) for i in str(ids).split(",")
                                                                  if i.strip()))
            _md(f"**{t(f'report.best.{verdict}', n=len(part))}**")
            keep = ["account_id", "account_name", "revenue", "orders", "score", "signs"]
            shown = part.reset_index()[keep]
            if shown["account_name"].fillna("").eq("").all():
                shown = shown.drop(columns="account_name")
            r_table(r, shown, {"revenue": "money", "orders": "int", "score": "num1"})


def lookalike(r: Report) -> None:
    with _section(r, "lookalike") as s:
        if not s.ready:
            return
        from course import records

        looks = A.lookalikes(r).head(r.top).copy()
        looks["account_name"] = r.names_of(looks.index).to_numpy()
        contact = r.T["b2b_accounts"].drop_duplicates("account_id").set_index("account_id").reindex(looks.index)
        for col in ("phone", "email"):
            if col in contact:
                looks[col] = contact[col].to_numpy()
        _md(t("report.lookalike.lead", n=len(looks)))
        keep = [c for c in ("account_name", "industry", "city", "lookalike_score", "drivers", "phone", "email") if c in looks]
        r_table(r, looks[keep].reset_index(), {"lookalike_score": "num1"}, labeller=records.labels)


# --------------------------------------------------------------------------- leads
def man(r: Report) -> None:
    import course

    with _section(r, "man") as s:
        if not s.ready:
            return
        from course import prospects

        leads = r.T["b2b_leads"]
        summary_, work, ref = A.man_work(r)
        _md(t("report.man.lead", n=fmt_number(len(leads))))
        _figure(prospects.plot_man_summary(summary_))
        action_name = lambda v: t(f"value.{v}") if f"value.{v}" in course.i18n.messages() else v  # noqa: E731
        ref = ref.assign(action=ref["action"].astype(str).map(action_name))
        r_table(r, summary_.join(ref[["action", "countermeasure"]]), {"leads": "int", "share": "pct",
                "conversion_rate": "pct"}, index=True)
        top = work.head(r.top).copy()
        top["account_name"] = r.names_of(top["account_id"]).to_numpy() if "account_id" in top else ""
        _md(t("report.man.open", n=fmt_number(len(work)), top=len(top)))
        keep = [c for c in ("lead_id", "account_name", "man_code", "man_action", "countermeasure") if c in top]
        top = top.astype({"man_code": "str", "man_action": "str", "countermeasure": "str"})
        top["man_action"] = top["man_action"].map(action_name)
        r_table(r, top[keep])


def methods(r: Report) -> None:
    from course import finding

    with _section(r, "methods") as s:
        if not s.ready:
            return
        eff = A.methods(r)
        _md(t("report.methods.lead", best=finding.labels(eff).index[0], rate=fmt_pct(eff["conversion_rate"].iloc[0])))
        if eff["conversion_rate"].nunique() > 1:
            _figure(finding.plot_method_effectiveness(eff))
        else:
            _say("report.methods.flat", "warn", rate=fmt_pct(eff["conversion_rate"].iloc[0]))
        r_table(r, eff[["leads", "wins", "conversion_rate", "revenue", "cost_per_win"]], {"leads": "int", "wins": "int",
                "conversion_rate": "pct", "revenue": "money", "cost_per_win": "money"}, index=True, labeller=finding.labels)


def funnel(r: Report) -> None:
    from course import finding

    with _section(r, "funnel") as s:
        if not s.ready:
            return
        table = finding.funnel_from_stages(r.T["b2b_leads"], r.T.get("b2b_accounts"))
        _figure(finding.plot_funnel(table))
        r_table(r, table, {"count": "int", "step_conversion": "pct", "share_of_all": "pct", "wins": "int", "win_rate": "pct"},
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
    from course import finding

    with _section(r, "replacement") as s:
        if not s.ready:
            return
        d = A.due(r)
        if d.one_date is not None:
            _say("report.replacement.one_date", "warn", date=fmt_date(d.one_date))
            return
        key = "report.replacement.lead" if d.what else "report.replacement.lead_any"
        _md(t(key, n=len(d.table), month=d.when, what=d.what, as_of=fmt_date(r.today)))
        if not len(d.table):
            return
        shown = d.table.head(max(r.top, 15)).copy()
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
        r_table(r, shown[keep].reset_index(), {"next_due": "date"}, labeller=finding.labels)


# --------------------------------------------------------------------------- targeting
def targeting(r: Report) -> None:
    with _section(r, "targeting") as s:
        if not s.ready:
            return
        if r.inputs.options.target_column:
            _own_target(r)
        else:
            _kit_leads(r)


def _kit_leads(r: Report) -> None:
    from course import precision

    lp = A.lead_plan(r)
    plan = lp.plan
    _md(t("report.targeting.lead", auc=f"{lp.model.auc:.2f}", budget=fmt_money(r.budget), cost=fmt_money(r.cost_per_contact),
          share=fmt_pct(plan["share_contacted"], 0), wins=fmt_pct(plan["share_of_wins"], 0), lift=f"{plan['lift']:.1f}"))
    _figure(precision.plot_gains(lp.model.y_test, lp.model.test_scores, contacted=lp.calls))
    r_table(r, lp.model.gains(), {"leads": "int", "wins": "int", "conversion_rate": "pct", "lift": "num2",
            "cum_leads_share": "pct", "cum_wins_share": "pct", "cum_lift": "num2"}, index=True, labeller=precision.labels)
    _md(t("report.targeting.list", n=len(lp.chosen), open=fmt_number(lp.open_count)))
    keep = [c for c in ("lead_id", "account_name", "contact_name", "phone", "email", "score") if c in lp.chosen]
    r_table(r, lp.chosen[keep], {"score": "pct"})


def own_model(r: Report):
    """The model of the user's own outcome column (``--target``), kept for the summary and the section."""
    from course import precision

    opts = r.inputs.options
    return r.remember("own", lambda: precision.train_target_model(r.T["b2b_leads"], opts.target_column, opts.features,
                                                                  positive=opts.positive, insist=opts.keep_features))


def _own_target(r: Report) -> None:
    from course import precision
    from course.precision_targets import outcome_flags

    opts = r.inputs.options
    leads = r.T["b2b_leads"]
    model = own_model(r)
    flags, _ = outcome_flags(leads[opts.target_column], model.positive, opts.target_column)
    _md(t("report.own.lead", target=opts.target_column, win=model.positive, rows=fmt_number(int(flags.notna().sum())),
          wins=fmt_number(int(flags.eq(1).sum())), features=len(model.features), auc=f"{model.auc:.2f}"))
    if model.left_out:
        r_table(r, pd.DataFrame({"column": list(model.left_out), "why": [v[r.lang] for v in model.left_out.values()]}),
                once=False)
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
    r_table(r, chosen[keep], {"score": "pct"})


# --------------------------------------------------------------------------- cross-selling
def _rules_note(rules: pd.DataFrame) -> None:
    reason = rules.attrs.get("thresholds", {}).get("reason")
    if reason:
        _display(P.note(reason))


def _rules_table(r: Report, rules: pd.DataFrame, names: dict) -> None:
    """The strongest rules, numbered like the chart's labels: if a customer buys …, offer …, how often, how sure."""
    from course import precision

    shown = rules.head(r.top)

    def side(items) -> str:
        return " + ".join(sorted(names.get(i, str(i)) for i in items))

    table = pd.DataFrame({"if_buys": [side(a) for a in shown["antecedents"]],
                          "offer": [side(c) for c in shown["consequents"]],
                          "support": shown["support"].to_numpy(), "confidence": shown["confidence"].to_numpy(),
                          "lift": shown["lift"].to_numpy(), "count": shown["count"].to_numpy()},
                         index=pd.RangeIndex(1, len(shown) + 1, name="rank"))
    r_table(r, table, {"support": "pct", "confidence": "pct", "lift": "num2", "count": "int"}, index=True,
            labeller=precision.labels)


def cross_sell(r: Report) -> None:
    from course import precision

    with _section(r, "cross_sell") as s:
        if not s.ready:
            return
        if "b2c_basket_items" in r.T:
            with _sub("b2c_transactions"):
                found = A.rules_baskets(r)
                if found.total > P.MAX_RULE_BASKETS:
                    _say("report.cross.sample", kept=fmt_number(P.MAX_RULE_BASKETS), total=fmt_number(found.total))
                _md(t("report.cross.lead", n=len(found.rules), baskets=fmt_number(found.baskets)))
                _rules_note(found.rules)
                if len(found.rules):
                    _figure(precision.plot_rules(found.rules, found.names))
                    _rules_table(r, found.rules, found.names)
        if "b2b_orders" in r.T and "product" in r.T["b2b_orders"]:
            with _sub("b2b_orders"):
                found, line_level = A.rules_orders(r)
                if line_level:
                    if found.total > P.MAX_RULE_BASKETS:
                        _say("report.cross.sample", kept=fmt_number(P.MAX_RULE_BASKETS), total=fmt_number(found.total))
                    _md(t("report.cross.orders", n=len(found.rules), orders=fmt_number(found.baskets)))
                else:
                    _md(t("report.cross.accounts", n=len(found.rules), accounts=fmt_number(found.baskets)))
                _rules_note(found.rules)
                if len(found.rules):
                    _rules_table(r, found.rules, found.names)


# --------------------------------------------------------------------------- segments
def strategy(r: Report) -> None:
    """Members by segment (the chart), then each strategy package once, and the value angle per buying motive once."""
    from course import content
    from course import strategy as st

    with _section(r, "strategy") as s:
        if not s.ready:
            return
        seg = A.segments(r)
        _md(t("report.strategy.lead", n=fmt_number(len(seg))))
        _figure(st.plot_segment_tree(seg))
        packages = {p["id"]: p for p in content.text("strategy_packages", r.lang)}
        sizes = seg.groupby(["package_id"]).size().sort_values(ascending=False, kind="stable")
        rows = []
        for pid, members in sizes.items():
            if pid not in packages:
                continue
            p = packages[pid]
            rows.append({"package_name": p["name"],
                         "who": f"{t('ch06.age.' + p['age_group_id'])} · {t('ch06.sens.' + p['price_sensitivity_id'])}",
                         "members": int(members), "share": members / max(len(seg), 1), "package_moves": list(p["package"])})
        unmatched = int(len(seg) - sizes.reindex(list(packages)).fillna(0).sum())
        _md(t("report.strategy.packages"))
        r_table(r, pd.DataFrame(rows), {"members": "int", "share": "pct"}, once=False)
        if unmatched:
            _say("report.strategy.unmatched", "warn", n=fmt_number(unmatched))
        motives = [m for m in st.MOTIVES if (seg["motive"] == m).any()]
        if motives:
            angles = pd.DataFrame({
                "motive": [t(f"ch06.motive.{m}") for m in motives],
                "members": [int((seg["motive"] == m).sum()) for m in motives],
                "high": [t(f"ch06.motive_angle.{m}.high") for m in motives],
                "low": [t(f"ch06.motive_angle.{m}.low") for m in motives],
            })
            _md(t("report.strategy.angles"))
            r_table(r, angles, {"members": "int"}, once=False,
                    names={"high": t("ch06.sens.high"), "low": t("ch06.sens.low")})


def about(r: Report) -> None:
    with _section(r, "about"):
        _md(t("report.about", as_of=fmt_date(r.today)))


PARTS = (title, summary, contents, overview, data_as_read, quality, concentration, rfm, best_worst, lookalike, man,
         methods, funnel, replacement, targeting, cross_sell, strategy, about)


def run_all(r: Report) -> None:
    """Every part in order (for running the report without papermill, e.g. in a benchmark or a test)."""
    for part in PARTS:
        part(r)
