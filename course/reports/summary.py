"""The opening summary of the prospect report (报告摘要): headline figures and the actions they imply.

A manager reads the first screen and maybe nothing else, so it says what the data shows and what to do about it:

- **headline figures** — revenue and buying customers per business, how concentrated the revenue is, the open leads
  and how leads convert, who is due to buy again;
- **three to five actions**, each naming who or what and why, computed from the same figures the sections show
  (:mod:`course.reports.analysis` computes each once). The candidates, most urgent first: call the customers due to
  buy again this month; call the open leads the model ranks highest, within the budget; approach the prospects that
  look like the best customers; win back the customers at risk; offer the strongest cross-sell; look after the class
  A customers; move prospecting effort to the method that converts; close the open leads that have money, authority
  and need; check the orders that break a plain rule. The first five that the data supports are shown;
- what is left out: an action whose data is missing is not shown, and the summary says what would enable it.

Each candidate is computed under the report's time budget and inside ``try``: one that fails is left out here, and its
section says why.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from course.i18n import t
from course.reports import analysis as A
from course.reports import layout
from course.reports import prospect as P
from course.reports.analysis import Report
from course.reports.formats import fmt_date, fmt_money, fmt_number, fmt_pct

__all__ = ["MAX_ACTIONS", "Action", "actions", "figures", "show"]

#: at most this many actions in the summary (the rest is in the sections)
MAX_ACTIONS = 5


@dataclass
class Action:
    """One thing to do: the instruction (who/what), why (from the data), and the section with the details."""

    key: str
    do: str
    why: str
    section: str


def _names(items: list[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(items)


def _tidy(text: str) -> str:
    """One full stop where a name ending in one ("Co., Ltd.") ends a sentence."""
    return re.sub(r"\.\.(?=\s|$)", ".", text)


def _sep(lang: str) -> str:
    return "；" if lang == "zh" else "; "


# --------------------------------------------------------------------------- the candidates
def _due(r: Report) -> Action | None:
    d = A.due(r)
    if d.one_date is not None or d.table.empty:
        return None
    table = d.table
    overdue = int((table["status"] == "overdue").sum()) if "status" in table else 0
    first = r.who(table.index, 3)
    every = _every(float(table["interval_days"].median()), r.lang)
    key = "do" if d.what else "do_any"
    do = t(f"report.summary.due.{key}", n=len(table), what=d.what, month=d.when)
    why = t("report.summary.due.why", names=_names(first, r.lang), every=every)
    space = "" if r.lang == "zh" else " "
    late = table[table["status"] == "overdue"] if overdue else table.iloc[:0]
    if overdue == 1 and late.index[0] == table.index[0]:
        why += space + t("report.summary.due.first_overdue", date=fmt_date(late["next_due"].iloc[0]))
    elif overdue == 1:
        why += space + t("report.summary.due.overdue_one", name=r.who(late.index, 1)[0],
                         date=fmt_date(late["next_due"].iloc[0]))
    elif overdue:
        why += space + t("report.summary.due.overdue", n=overdue)
    return Action("due", do, why, "replacement")


def _every(days: float, lang: str) -> str:
    from course.reports.sections import humane_interval

    return humane_interval(days, lang)


def _leads(r: Report) -> Action | None:
    if r.inputs.options.target_column:
        return _own_leads(r)
    lp = A.lead_plan(r)
    if lp.chosen.empty:
        return None
    ids = lp.chosen["account_id"] if "account_id" in lp.chosen else lp.chosen["lead_id"]
    first = list(dict.fromkeys(r.who(ids, len(ids))))[:3]
    do = t("report.summary.leads.do", n=len(lp.chosen), budget=fmt_money(r.budget), cost=fmt_money(r.cost_per_contact))
    why = t("report.summary.leads.why", names=_names(first, r.lang), share=fmt_pct(lp.plan["share_contacted"], 0),
            wins=fmt_pct(lp.plan["share_of_wins"], 0), lift=f"{lp.plan['lift']:.1f}")
    return Action("leads", do, why, "targeting")


def _own_leads(r: Report) -> Action | None:
    from course import precision
    from course.precision_targets import outcome_flags
    from course.reports.sections import own_model

    model = own_model(r)
    if model.y_test.sum() < 1:
        return None
    leads = r.T["b2b_leads"]
    flags, _ = outcome_flags(leads[r.inputs.options.target_column], model.positive, r.inputs.options.target_column)
    pool = leads.loc[flags.isna()] if len(model.open_rows) else leads.loc[flags.eq(0)]
    n = int(min(len(pool), r.budget // r.cost_per_contact))
    if n < 1:
        return None
    calls, _ = precision.leads_for_budget(model.test_scores, budget=r.budget, cost_per_contact=r.cost_per_contact)
    plan = precision.targeting_summary(model.test_scores, model.y_test, top_n=calls, cost_per_contact=r.cost_per_contact)
    key = "do_open" if len(model.open_rows) else "do_lost"
    do = t(f"report.summary.own.{key}", n=n, target=r.inputs.options.target_column, budget=fmt_money(r.budget))
    why = t("report.summary.own.why", share=fmt_pct(plan["share_contacted"], 0), wins=fmt_pct(plan["share_of_wins"], 0),
            lift=f"{plan['lift']:.1f}")
    return Action("leads", do, why, "targeting")


def _lookalike(r: Report) -> Action | None:
    looks = A.lookalikes(r).head(r.top)
    if looks.empty:
        return None
    first = r.who(looks.index, 3)
    scores = _names([fmt_number(v, 1) for v in looks["lookalike_score"].head(3)], r.lang)  # as the table shows them
    do = t("report.summary.lookalike.do", n=len(looks))
    why = t("report.summary.lookalike.why", names=_names(first, r.lang), scores=scores)
    return Action("lookalike", do, why, "lookalike")


def _rfm_table(r: Report) -> tuple[str, pd.DataFrame] | None:
    for name, customer in A.transaction_tables(r):
        table = A.rfm(r, name, customer)
        if "one_date" not in table.attrs.get("degenerate", []):
            return name, table
    return None


def _win_back(r: Report) -> Action | None:
    found = _rfm_table(r)
    if found is None:
        return None
    name, table = found
    risk = table[table["segment"] == "at_risk"]
    if risk.empty:
        return None
    total = table["monetary"].clip(lower=0).sum()
    share = risk["monetary"].clip(lower=0).sum() / total if total > 0 else 0.0
    ids = risk.sort_values("monetary", ascending=False).index
    first = r.who(ids, 3) if name == "b2b_orders" else [str(i) for i in ids[:3]]
    who = t(f"report.summary.who.{name}")
    do = t("report.summary.win_back.do", n=fmt_number(len(risk)), who=who)
    why = t("report.summary.win_back.why", names=_names(first, r.lang), freq=fmt_number(risk["frequency"].mean(), 1),
            days=fmt_number(risk["recency_days"].mean()), share=fmt_pct(share))
    return Action("win_back", do, why, "rfm")


def _cross_sell(r: Report) -> Action | None:
    found = None
    if "b2c_basket_items" in r.T:
        found = A.rules_baskets(r)
    elif "b2b_orders" in r.T and "product" in r.T["b2b_orders"]:
        found, _ = A.rules_orders(r)
    source = "baskets"
    if found is not None and "b2c_basket_items" not in r.T:
        source = "orders" if A.rules_orders(r)[1] else "accounts"
    if found is None or found.rules.empty:
        return None
    strong = found.rules[(found.rules["lift"] > 1.2) & (found.rules["confidence"] >= 0.2)]
    if strong.empty:
        return None
    best = strong.sort_values(["lift", "confidence", "count"], ascending=False, kind="stable").iloc[0]

    def side(items) -> str:
        return " + ".join(sorted(found.names.get(i, str(i)) for i in items))

    do = t("report.summary.cross.do", offer=side(best["consequents"]), buys=side(best["antecedents"]))
    why = t(f"report.summary.cross.why.{source}", confidence=fmt_pct(best["confidence"], 0), buys=side(best["antecedents"]),
            offer=side(best["consequents"]), lift=f"{best['lift']:.1f}", count=fmt_number(best["count"]))
    return Action("cross_sell", do, why, "cross_sell")


def _class_a(r: Report) -> Action | None:
    for name, customer in A.transaction_tables(r):
        pt = A.pareto(r, name, customer)
        if len(pt) < 5 or pt["revenue"].sum() <= 0 or pt["revenue"].nunique() == 1:
            continue
        a = pt[pt["abc_class"] == "A"]
        if a.empty:
            continue
        first = r.who(a.index, 3) if name == "b2b_orders" else [str(i) for i in a.index[:3]]
        who = t(f"report.summary.who.{name}")
        do = t("report.summary.class_a.do", n=fmt_number(len(a)), who=who)
        why = t("report.summary.class_a.why", names=_names(first, r.lang), customers=fmt_pct(len(a) / len(pt)),
                revenue=fmt_pct(a["revenue"].sum() / pt["revenue"].sum()))
        return Action("class_a", do, why, "concentration")
    return None


def _methods(r: Report) -> Action | None:
    from course import finding

    eff = A.methods(r)
    eff = eff[eff["leads"] >= 20] if (eff["leads"] >= 20).sum() >= 2 else eff
    if len(eff) < 2 or eff["conversion_rate"].nunique() < 2:
        return None
    named = finding.labels(eff)
    best, worst = eff.index[0], eff.index[-1]
    best_name, worst_name = str(named.index[0]), str(named.index[-1])
    do = t("report.summary.methods.do", best=best_name, worst=worst_name)
    why = t("report.summary.methods.why", best=best_name, rate=fmt_pct(eff.loc[best, "conversion_rate"]),
            cost=fmt_money(eff.loc[best, "cost_per_win"]), worst=worst_name,
            worst_rate=fmt_pct(eff.loc[worst, "conversion_rate"]), worst_cost=fmt_money(eff.loc[worst, "cost_per_win"]))
    return Action("methods", do, why, "methods")


def _man(r: Report) -> Action | None:
    summary, work, _ = A.man_work(r)
    full = work[work["man_code"].astype(str) == "MAN"]
    if full.empty or "conversion_rate" not in summary or pd.isna(summary.loc["MAN", "conversion_rate"]):
        return None
    leads = r.T["b2b_leads"]
    from course.prospects import as_flags

    overall = float(as_flags(leads["converted"], "converted").mean()) if "converted" in leads else float("nan")
    first = list(dict.fromkeys(r.who(full["account_id"], len(full))))[:3] if "account_id" in full else \
        [str(i) for i in full["lead_id"].head(3)]
    do = t("report.summary.man.do", n=fmt_number(len(full)))
    why = t("report.summary.man.why", names=_names(first, r.lang), rate=fmt_pct(summary.loc["MAN", "conversion_rate"]),
            overall=fmt_pct(overall))
    return Action("man", do, why, "man")


def _quality(r: Report) -> Action | None:
    flagged = A.flagged_orders(r)
    broken = flagged[flagged["rules"] > 0]
    if broken.empty:
        return None
    example = broken.iloc[0]
    do = t("report.summary.quality.do", n=fmt_number(len(broken)))
    why = t("report.summary.quality.why", order=str(example["order_id"]), reason=str(example["reasons"]))
    return Action("quality", do, why, "quality")


#: (key, section whose data it needs, how it is computed), most urgent first
CANDIDATES: tuple[tuple[str, str, Callable[[Report], Action | None]], ...] = (
    ("due", "replacement", _due), ("leads", "targeting", _leads), ("lookalike", "lookalike", _lookalike),
    ("win_back", "rfm", _win_back), ("cross_sell", "cross_sell", _cross_sell), ("class_a", "concentration", _class_a),
    ("methods", "methods", _methods), ("man", "man", _man), ("quality", "quality", _quality),
)


def actions(r: Report, most: int = MAX_ACTIONS) -> tuple[list[Action], list[str]]:
    """The first ``most`` actions the data supports, and what would enable the ones left out for lack of data."""
    chosen: list[Action] = []
    missing: list[str] = []
    for key, sid, compute in CANDIDATES:
        needs = r.ready.get(sid)
        if needs is not None:
            if len(chosen) + len(missing) < most + 2:  # the most useful few, not every absent table
                missing.append(t("report.summary.missing.item", what=t(f"report.summary.missing.{key}"),
                                 needs="; ".join(needs)))
            continue
        if len(chosen) >= most:
            continue
        try:
            with P.budget():
                action = compute(r)
        except Exception:  # noqa: BLE001 - the section says why in one sentence; the summary leaves it out
            continue
        if action is not None:
            chosen.append(action)
    return chosen, missing


# --------------------------------------------------------------------------- headline figures
def figures(r: Report) -> list[layout.Figure]:
    """The headline figures the data supports (each computed under the time budget; one that fails says so)."""
    out: list[layout.Figure] = []

    def guarded(compute: Callable[[], list[layout.Figure]], label: str) -> None:
        try:
            with P.budget():
                out.extend(compute())
        except Exception as error:  # noqa: BLE001 - its section shows the details; the summary must not go quiet
            reason = error.en if r.lang != "zh" and hasattr(error, "en") else getattr(error, "zh", None) or str(error)
            out.append(layout.Figure(label, "—", t("report.summary.fig.failed", reason=str(reason)[:160])))

    for name, customer in A.transaction_tables(r):
        def revenue(name=name, customer=customer) -> list[layout.Figure]:
            from course import records

            pt = A.pareto(r, name, customer)
            if pt.empty:
                return []
            dates = r.T[name][P.DATE_COLUMNS[name]].dropna()
            span = t("report.summary.fig.span", first=fmt_date(dates.min()), last=fmt_date(dates.max())) if len(dates) else ""
            later = int((dates > r.today).sum()) if len(dates) and r.today is not None else 0
            if later:  # the figure counts them: say so beside the as-of date the page opens with
                span += t("report.summary.fig.after_as_of", n=fmt_number(later), date=fmt_date(r.today))
            made = [layout.Figure(t(f"report.summary.fig.revenue.{name}"), fmt_money(pt["revenue"].sum()),
                                  t(f"report.summary.fig.customers.{name}", n=fmt_number(len(pt))) + span)]
            if len(pt) >= 5 and pt["revenue"].sum() > 0:
                made.append(layout.Figure(t(f"report.summary.fig.top20.{name}"),
                                          fmt_pct(records.top_share(pt["revenue"], 0.2)), t("report.summary.fig.top20_note")))
            return made

        guarded(revenue, t(f"report.summary.fig.revenue.{name}"))

    if r.ready.get("targeting") is None and not r.inputs.options.target_column and "converted" in r.T.get(
            "b2b_leads", pd.DataFrame()):
        def leads() -> list[layout.Figure]:
            from course.prospects import as_flags

            table = r.T["b2b_leads"]
            won = as_flags(table["converted"], "converted")
            return [layout.Figure(t("report.summary.fig.open_leads"), fmt_number(int((~won).sum())),
                                  t("report.summary.fig.open_note", rate=fmt_pct(won.mean()), n=fmt_number(len(table))))]

        guarded(leads, t("report.summary.fig.open_leads"))
    if r.ready.get("replacement") is None:
        def due() -> list[layout.Figure]:
            d = A.due(r)
            if d.one_date is not None:
                return []
            return [layout.Figure(t("report.summary.fig.due"), fmt_number(len(d.table)),
                                  t("report.summary.fig.due_note", month=d.when))]

        guarded(due, t("report.summary.fig.due"))
    return out[:6]


# --------------------------------------------------------------------------- display
def show(r: Report) -> None:
    """Display the summary: the data in one line, headline figures, the actions (linked to their sections), gaps."""
    from IPython.display import HTML, display

    found = figures(r)
    if found:
        display(HTML(layout.figures_html(found)))
    chosen, missing = actions(r)
    if chosen:
        items = "".join(
            f'<li style="margin:4px 0"><strong>{html.escape(a.do)}</strong>{html.escape(t("report.summary.dash"))}'
            f'{html.escape(_tidy(a.why))} <a href="#{layout.anchor(a.section)}">{html.escape(t("report.summary.details"))}</a>'
            "</li>" for a in chosen)
        lead = t("report.summary.actions", n=len(chosen))
        display(HTML(f'<p style="margin:10px 0 2px"><strong>{html.escape(lead)}</strong></p>'
                     f'<ol class="report-actions" style="margin:4px 0 8px;padding-left:1.6em">{items}</ol>'))
    else:
        display(P.note("report.summary.no_actions", "warn"))
    if missing:
        display(P.note("report.summary.missing", "skip", items=_sep(r.lang).join(missing)))
