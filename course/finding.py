"""Chapter 2 — finding prospects (寻找潜在客户的方法).

Which method suits which seller, how the methods did on the data, the
selection funnel, replacement (craving) cycles from any order table, orphaned
accounts, and the PROSPECT habits as a small prospect list.

>>> import pandas as pd
>>> from course import finding
>>> orders = pd.DataFrame({"account_id": ["A", "A", "A", "B"],
...                        "order_date": pd.to_datetime(["2018-01-10", "2022-01-05", "2022-01-05", "2024-03-01"])})
>>> finding.repurchase_intervals(orders, as_of="2026-01-01")["regularity"].tolist()
['too_few', 'unknown']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from course import content
from course.i18n import t

SITUATION_CHOICES = {
    "market": ("b2b", "b2c"),
    "price": ("low", "high"),
    "territory": ("small", "large"),
    "budget": ("low", "high"),
    "breadth": ("broad", "narrow"),
}
#: the funnel stages, widest first (ids of ``funnel_stages`` in the content)
FUNNEL_ORDER = ("all_targets", "contacted", "preliminary", "fine", "key", "plan")
REGULARITY = ("regular", "irregular", "too_few", "unknown")


def _error(en: str, zh: str, source: str = "<DataFrame>", column: str | None = None) -> Exception:
    from course.data import DataError

    return DataError(en, zh, source=source, column=column)


def _require(frame: pd.DataFrame, needed: Iterable[str], table: str) -> None:
    """Raise a DataError naming the table, the missing columns and the fix."""
    from course.data import mapped_columns

    mapped_columns(frame, list(needed), None, table)


def _mapped(frame: pd.DataFrame, columns: Mapping[str, str] | None, needed: Sequence[str], table: str) -> pd.DataFrame:
    """``frame`` with the user's column names renamed to the kit's, checked for ``needed``."""
    from course.data import mapped_columns

    return mapped_columns(frame, list(needed), columns, table)


def _dates(values: pd.Series, column: str, table: str) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.normalize()
    parsed = pd.to_datetime(values, errors="coerce", format="mixed")
    bad = values[parsed.isna() & values.notna()]
    if not bad.empty:
        sample = ", ".join(map(repr, bad.astype(str).unique()[:3]))
        raise _error(f"{table}: column {column!r} must hold dates (YYYY-MM-DD), but has {sample}. Fix: correct those cells.",
                     f"{table} 的 {column!r} 列应为日期（YYYY-MM-DD），却出现了 {sample}。请改正这些单元格。",
                     source=table, column=column)
    return parsed.dt.normalize()


def rounded(frame: pd.DataFrame, digits: int) -> pd.DataFrame:
    """``frame`` with its number columns rounded to ``digits`` (dates and text untouched, so pandas does not warn).

    >>> rounded(pd.DataFrame({"x": [1.234], "d": pd.to_datetime(["2026-01-01"])}), 1)["x"].tolist()
    [1.2]
    """
    numeric = frame.select_dtypes("number").columns
    return frame.round({column: digits for column in numeric})


def _header(value, lang: str | None = None) -> str | None:
    """This chapter's header for a column (``ch02.col.<name>``, then the shared messages), or ``None``."""
    from course.i18n import messages

    known = messages()
    if isinstance(value, str):
        for key in (f"ch02.col.{value}", f"col.{value}", f"value.{value}"):
            if key in known:
                return t(key, lang)
    return None


def _code(value, lang: str | None = None) -> str | None:
    """A status, regularity, verdict, method or funnel-stage id in the reader's language, or ``None``."""
    from course.i18n import messages

    if not isinstance(value, str):
        return None
    known = messages()
    for key in (f"ch02.value.{value}", f"value.{value}"):
        if key in known:
            return t(key, lang)
    for section in ("methods", "funnel_stages"):
        entry = content.by_id(section, lang).get(value)
        if entry is not None:
            return entry["name"]
    return None


def labels(frame):
    """A copy of a table with headers, method/stage names and status values in the current language.

    Like :func:`course.labels`, but this chapter's headers (``ch02.col.<name>``)
    come first, and method and funnel-stage ids become their names. For showing a
    table, use :func:`table` (the house style); this keeps the data as data.
    """

    def header(value):
        return _header(value) or value

    def cell(value):
        return _code(value) or value

    out = frame.copy()
    if hasattr(out, "columns"):
        for col in ("verdict", "status", "regularity"):
            if col in out.columns:
                out[col] = out[col].map(cell)
        out.columns = [header(c) for c in out.columns]
    else:
        out.name = header(out.name)
    out.index = out.index.map(cell)
    out.index.names = [header(n) for n in out.index.names]
    return out


def table(frame: pd.DataFrame | pd.Series, lang: str | None = None, **style):
    """``frame`` in the table house style with this chapter's vocabulary (:func:`course.tables.table`).

    Headers from ``ch02.col.<name>``, method and funnel-stage ids as their names, shares as
    per cent, money as whole yuan, no row numbers, nothing cut off. ``style`` is passed on
    (``percent=``, ``decimals=``…).

    >>> print(table(pd.DataFrame({"method": ["referral"], "conversion_rate": [0.471]}), lang="zh").text())
    方法       成交率
    介绍寻找法  47.1%
    """
    from course import tables

    return tables.table(frame, lang, header_of=_header, code_of=_code, **style)


def show(section: str | pd.DataFrame, columns: list[str] | None = None, lang: str | None = None):
    """A content section (or a table of this chapter) in the house style, headers in the reader's language.

    Like :func:`course.content.show`, with this chapter's headers (``ch02.col.<name>``):
    every cell whole, a list of sentences one per line.
    """
    from course import tables

    if isinstance(section, pd.DataFrame):
        return table(section, lang)
    rows = content.text(section, lang)
    frame = pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=columns)
    # content is prose: a word that happens to be an id is shown as written
    return tables.table(frame, lang, header_of=_header, code_of=lambda value, lang: value)


def markdown(value, lang: str | None = None):
    """Content text (a string, a list of strings or a mapping of them) as Markdown for a notebook."""
    from IPython.display import Markdown

    from course.i18n import pick

    value = pick(value, lang)
    if isinstance(value, Mapping):
        parts = [f"**{v}**" if k == "title" else str(v) for k, v in value.items()]
        return Markdown("\n\n".join(parts))
    if isinstance(value, list):
        return Markdown("\n".join(f"- {v}" for v in value))
    return Markdown(str(value))


def method_families(lang: str | None = None) -> pd.DataFrame:
    """Data-analysis vs general methods: each family with its sources, one per line."""
    fams = content.text("method_families", lang)
    return pd.DataFrame({"explanation": [f["explanation"] for f in fams.values()],
                         "sources": ["\n".join(f["sources"]) for f in fams.values()]},
                        index=pd.Index([f["name"] for f in fams.values()], name="family"))


# --------------------------------------------------------------------------- method chooser
@dataclass(frozen=True)
class Situation:
    """A seller's situation, as the method chooser reads it.

    >>> Situation(market="b2c", breadth="broad").factors()
    ['b2c', 'broad_market', 'small_territory', 'low_budget']
    """

    market: str = "b2b"
    price: str = "low"
    territory: str = "small"
    budget: str = "low"
    breadth: str = "narrow"

    def __post_init__(self) -> None:
        for f in fields(self):
            value, allowed = getattr(self, f.name), SITUATION_CHOICES[f.name]
            if value not in allowed:
                raise ValueError(f"{f.name} must be one of {allowed}, got {value!r} / {f.name} 只能取 {allowed}，收到的是 {value!r}")

    def factors(self) -> list[str]:
        """The ``fit`` keys of the content that apply to this situation."""
        keys = [self.market, f"{self.breadth}_market", f"{self.territory}_territory"]
        if self.budget == "low":
            keys.append("low_budget")
        if self.price == "high":
            keys.append("high_price")
        return keys


def rank_methods(situation: Situation, lang: str | None = None) -> pd.DataFrame:
    """Rank every prospecting method for ``situation`` from the content's fit scores.

    Each applicable factor scores 0 (poor), 1 (workable) or 2 (strong); ``fit``
    is the share of the best possible score. Ties go to the cheaper method.
    ``reason`` names the strong and poor factors and the method's strength.

    >>> rank_methods(Situation(market="b2b", price="high")).index[0]
    'referral'
    """
    keys = situation.factors()
    rows = []
    for order, method in enumerate(content.text("methods", lang)):
        scores = {k: int(method["fit"][k]) for k in keys}
        strong = [t(f"ch02.factor.{k}", lang) for k in keys if scores[k] == 2]
        poor = [t(f"ch02.factor.{k}", lang) for k in keys if scores[k] == 0]
        sep = "、" if (lang or _lang()) == "zh" else ", "
        parts = [t("ch02.reason.strong", lang, items=sep.join(strong))] if strong else []
        if poor:
            parts.append(t("ch02.reason.poor", lang, items=sep.join(poor)))
        parts.append(method["strengths"])
        rows.append({"method": method["id"], "name": method["name"], "score": sum(scores.values()),
                     "fit": sum(scores.values()) / (2 * len(keys)), "cost_level": int(method["cost"]),
                     "reason": " ".join(parts), "_order": order})
    table = pd.DataFrame(rows).sort_values(["fit", "cost_level", "_order"], ascending=[False, True, True])
    table["verdict"] = np.select([table["fit"] >= 0.75, table["fit"] >= 0.5], ["strong", "workable"], default="weak")
    table["rank"] = range(1, len(table) + 1)
    return table.drop(columns="_order").set_index("method")[["rank", "name", "fit", "score", "cost_level", "verdict", "reason"]]


def _lang() -> str:
    from course.i18n import get_language

    return get_language()


# --------------------------------------------------------------------------- method effectiveness
def method_effectiveness(leads: pd.DataFrame, columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Conversion rate, revenue and cost per won customer by source method.

    ``leads`` needs ``source_method``, ``converted``, ``won_amount`` and
    ``acquisition_cost`` (or ``columns`` mapping those names to yours). Sorted
    by conversion rate; ``cost_per_win`` is NaN for a method with no wins.
    """
    from course.prospects import as_flags

    needed = ["source_method", "converted", "won_amount", "acquisition_cost"]
    frame = _mapped(leads, columns, needed, "leads")
    won = as_flags(frame["converted"], "converted")
    for col in ("won_amount", "acquisition_cost"):
        if not pd.api.types.is_numeric_dtype(frame[col]):
            raise _error(f"leads: column {col!r} must be numbers (CNY).", f"leads 的 {col!r} 列必须是数字（元）。",
                         source="leads", column=col)
    work = pd.DataFrame({"method": frame["source_method"].fillna("unknown").astype(str), "won": won,
                         "revenue": frame["won_amount"].fillna(0.0), "cost": frame["acquisition_cost"].fillna(0.0)})
    g = work.groupby("method")
    table = pd.DataFrame({"leads": g.size(), "wins": g["won"].sum().astype(int), "revenue": g["revenue"].sum(),
                          "cost": g["cost"].sum()})
    table["conversion_rate"] = table["wins"] / table["leads"]
    table["cost_per_lead"] = table["cost"] / table["leads"]
    table["cost_per_win"] = table["cost"] / table["wins"].replace(0, np.nan)
    table["revenue_per_yuan"] = table["revenue"] / table["cost"].replace(0, np.nan)
    table.index.name = "source_method"
    cols = ["leads", "wins", "conversion_rate", "revenue", "cost", "cost_per_lead", "cost_per_win", "revenue_per_yuan"]
    return table[cols].sort_values(["conversion_rate", "leads"], ascending=False)


def plot_method_effectiveness(table: pd.DataFrame, lang: str | None = None):
    """Three bar panels per method: conversion rate, revenue (¥ 10k) and cost per won customer."""
    import textwrap

    from matplotlib import ticker as mpl_ticker

    from course.plots import PALETTE, new_figure, thousands

    names = {m["id"]: m["name"] for m in content.text("methods", lang)}
    order = table.sort_values("conversion_rate")
    # long English names on two lines, so the three panels keep most of the notebook's width
    ylabels = [textwrap.fill(str(names.get(i, i)), 30) for i in order.index]
    fig, axes = new_figure(10.5, 6.2, ncols=3)
    panels = [("conversion_rate", 100, "ch02.eff.rate", "{:.0f}%"), ("revenue", 1e-4, "ch02.eff.revenue", "{:.0f}"),
              ("cost_per_win", 1, "ch02.eff.cost_per_win", "{:,.0f}")]
    for ax, (col, scale, key, fmt), colour in zip(axes, panels, PALETTE, strict=False):
        values = order[col].to_numpy(dtype=float) * scale
        ax.barh(ylabels, values, color=colour, alpha=0.85)
        for y, v in enumerate(values):
            if np.isfinite(v):
                ax.annotate(fmt.format(v), (v, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
        ax.set_title(t(key, lang), fontsize=12)
        ax.margins(x=0.25)
        ax.grid(axis="y", visible=False)
        thousands(ax.xaxis)
        ax.xaxis.set_major_locator(mpl_ticker.MaxNLocator(4, steps=[1, 2, 2.5, 5, 10]))
        ax.tick_params(axis="y", labelsize=10)
    for ax in axes[1:]:
        ax.set_yticklabels([])
    fig.suptitle(t("ch02.eff.title", lang))
    return fig


# --------------------------------------------------------------------------- selection funnel
def _stage_rank(leads: pd.DataFrame, stage: str) -> np.ndarray:
    known = {s: i for i, s in enumerate(FUNNEL_ORDER)}
    values = leads[stage].astype("string").str.strip().str.lower()
    bad = values[~values.isin(known) & values.notna()]
    if not bad.empty:
        raise _error(f"leads: column {stage!r} has unknown stage(s) {sorted(bad.unique())[:3]}; use {list(FUNNEL_ORDER[1:])}.",
                     f"leads 的 {stage!r} 列有无法识别的阶段 {sorted(bad.unique())[:3]}，应为 {list(FUNNEL_ORDER[1:])} 之一。",
                     source="leads", column=stage)
    return values.map(known).fillna(1).astype(int).to_numpy()


def _funnel_table(counts: Sequence[int], wins: Sequence[float]) -> pd.DataFrame:
    table = pd.DataFrame({"count": np.asarray(counts, dtype=int)}, index=pd.Index(FUNNEL_ORDER, name="stage"))
    prev = table["count"].shift(1)
    table["step_conversion"] = table["count"] / prev.where(prev > 0)
    table["share_of_all"] = table["count"] / max(int(table["count"].iloc[0]), 1)
    table["wins"] = np.asarray(wins, dtype=int)
    table["win_rate"] = table["wins"] / table["count"].where(table["count"] > 0)
    return table


def funnel_from_stages(leads: pd.DataFrame, accounts: pd.DataFrame | None = None,
                       columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The selection funnel as it happened: how many targets reached each stage.

    *All targets* is every lead plus every account nobody has opened a lead on
    (when ``accounts`` is given); each later stage counts the leads whose
    furthest ``stage`` is that stage or beyond. Columns: ``count``,
    ``step_conversion`` (share of the stage before), ``share_of_all``, ``wins``
    and ``win_rate`` (share that became customers).
    """
    from course.prospects import as_flags

    frame = _mapped(leads, columns, ["stage", "converted"], "leads")
    rank = _stage_rank(frame, "stage")
    won = as_flags(frame["converted"], "converted").to_numpy()
    untouched = 0
    if accounts is not None:
        _require(frame, ["account_id"], "leads")
        _require(accounts, ["account_id"], "accounts")
        untouched = int((~accounts["account_id"].isin(frame["account_id"])).sum())
    counts = [len(frame) + untouched] + [int((rank >= i).sum()) for i in range(1, len(FUNNEL_ORDER))]
    wins = [int(won.sum())] + [int(won[rank >= i].sum()) for i in range(1, len(FUNNEL_ORDER))]
    return _funnel_table(counts, wins)


@dataclass
class FunnelCriteria:
    """Selection criteria for each stage of the funnel (applied in turn to the leads).

    ``max_distance_km`` — contact: only leads you can reach; ``min_engagement``
    — preliminary selection; ``require_need/money/authority`` — fine selection
    (MAN); ``require_signal`` — key prospects asked for a quote, a trial or a
    proposal; ``plan_capacity`` — how many key prospects you can plan for
    (the most engaged first; ``None`` = all).
    """

    max_distance_km: float | None = None
    min_engagement: int = 30
    require_need: bool = True
    require_money: bool = False
    require_authority: bool = False
    require_signal: bool = True
    plan_capacity: int | None = None


def selection_stages(leads: pd.DataFrame, criteria: FunnelCriteria | None = None) -> pd.DataFrame:
    """One boolean column per funnel stage: does each lead survive that far under ``criteria``?"""
    from course.prospects import as_flags

    c = criteria or FunnelCriteria()
    needed = ["engagement", "need", "money", "authority", "asked_quote", "requested_trial", "proposal_sent"]
    needed += ["distance_km"] if c.max_distance_km is not None else []
    _require(leads, needed, "leads")
    flag = {name: as_flags(leads[name], name).to_numpy() for name in needed if name not in ("engagement", "distance_km")}
    keep = np.ones(len(leads), dtype=bool)
    stages = {"all_targets": keep.copy()}
    if c.max_distance_km is not None:
        keep &= leads["distance_km"].fillna(np.inf).to_numpy() <= c.max_distance_km
    stages["contacted"] = keep.copy()
    keep &= leads["engagement"].fillna(0).to_numpy() >= c.min_engagement
    stages["preliminary"] = keep.copy()
    for name, required in (("need", c.require_need), ("money", c.require_money), ("authority", c.require_authority)):
        if required:
            keep &= flag[name]
    stages["fine"] = keep.copy()
    if c.require_signal:
        keep &= flag["asked_quote"] | flag["requested_trial"] | flag["proposal_sent"]
    stages["key"] = keep.copy()
    if c.plan_capacity is not None and keep.sum() > c.plan_capacity:
        order = np.lexsort((np.arange(len(leads)), -leads["engagement"].fillna(0).to_numpy()))
        chosen = [i for i in order if keep[i]][: max(int(c.plan_capacity), 0)]
        keep = np.zeros(len(leads), dtype=bool)
        keep[chosen] = True
    stages["plan"] = keep
    return pd.DataFrame(stages, index=leads.index)


def selection_funnel(leads: pd.DataFrame, criteria: FunnelCriteria | None = None) -> pd.DataFrame:
    """The funnel your criteria would produce on ``leads``, with the wins each stage keeps.

    Stricter criteria leave fewer prospects with a higher win rate — and, past
    a point, throw away customers who would have bought.
    """
    from course.prospects import as_flags

    stages = selection_stages(leads, criteria)
    _require(leads, ["converted"], "leads")
    won = as_flags(leads["converted"], "converted").to_numpy()
    return _funnel_table([int(stages[s].sum()) for s in FUNNEL_ORDER], [int(won[stages[s]].sum()) for s in FUNNEL_ORDER])


def plot_funnel(table: pd.DataFrame, lang: str | None = None, title: str | None = None):
    """The funnel as centred bars, widest at the top, with counts and stage-to-stage conversion."""
    from course.plots import PALETTE, new_figure

    names = {s["id"]: s["name"] for s in content.text("funnel_stages", lang)}
    fig, ax = new_figure(9, 4.8)
    counts = table["count"].to_numpy(dtype=float)
    widest = max(counts.max(), 1.0)
    y = np.arange(len(table))[::-1]
    colours = [PALETTE[0]] * (len(table) - 1) + [PALETTE[2]]
    ax.barh(y, counts, left=(widest - counts) / 2, color=colours, alpha=0.85, height=0.8)
    for yi, count, step in zip(y, counts, table["step_conversion"], strict=True):
        text = f"{count:,.0f}" + ("" if pd.isna(step) else f"  ({step:.0%})")
        ax.text(widest / 2, yi, text, ha="center", va="center", color="white" if count > 0.25 * widest else "#222",
                fontsize=10)
    ax.set_yticks(y, [names.get(s, s) for s in table.index])
    ax.set_xticks([])
    ax.grid(False)
    ax.spines["bottom"].set_visible(False)
    ax.set_title(title or t("ch02.funnel.title", lang))
    ax.set_xlabel(t("ch02.funnel.xlabel", lang), fontsize=9)
    return fig


# --------------------------------------------------------------------------- replacement cycle
def purchase_events(orders: pd.DataFrame, customer: str = "account_id", date: str = "order_date",
                    product: str | Iterable[str] | None = None, product_column: str = "product",
                    as_of=None) -> pd.DataFrame:
    """Distinct (customer, day) purchases: same-day lines collapsed, later dates and returns dropped.

    ``product`` keeps only rows whose ``product_column`` is that product (or one
    of several). Rows with a negative ``quantity`` (returns) are ignored.
    """
    needed = [customer, date] + ([product_column] if product is not None else [])
    _require(orders, needed, "orders")
    frame = orders
    if product is not None:
        wanted = [product] if isinstance(product, str) else list(product)
        frame = frame[frame[product_column].isin(wanted)]
    if "quantity" in frame.columns and pd.api.types.is_numeric_dtype(frame["quantity"]):
        frame = frame[~(frame["quantity"] < 0)]
    events = pd.DataFrame({"customer": frame[customer].astype(str), "date": _dates(frame[date], date, "orders")})
    events = events.dropna()
    if as_of is not None:
        events = events[events["date"] <= pd.Timestamp(as_of)]
    return events.drop_duplicates().sort_values(["customer", "date"], kind="stable").reset_index(drop=True)


def _occasion_starts(days: pd.Series, customer: pd.Series | None, window: int) -> np.ndarray:
    """True where a purchase opens a new buying occasion (sorted by customer and day)."""
    gap = days.diff().dt.days
    new_customer = np.zeros(len(days), dtype=bool) if customer is None else customer.ne(customer.shift()).to_numpy()
    first = np.zeros(len(days), dtype=bool)
    if len(days):
        first[0] = True
    return first | new_customer | (gap > window).to_numpy()


def interval_from_dates(dates: Iterable, method: str = "median", same_occasion_days: int = 0) -> float | None:
    """Typical days between one customer's buying occasions, or ``None`` with fewer than two.

    Same-day purchases count once; with ``same_occasion_days`` > 0, a purchase
    that many days or fewer after the previous one joins its occasion (a fleet
    bought in two deliveries is one decision, not a cycle). ``method="median"``
    takes the median gap (robust to one odd gap); ``"mean"`` is span ÷
    (occasions − 1).

    >>> interval_from_dates(["2010-06-18", "2014-06-10", "2018-07-05", "2022-06-30"])
    1456.0
    >>> interval_from_dates(["2020-01-01", "2020-01-01"]) is None
    True
    >>> interval_from_dates(["2019-03-01", "2019-04-02", "2023-03-01"], same_occasion_days=60)
    1461.0
    """
    days = pd.Series(pd.DatetimeIndex(pd.to_datetime(list(dates))).normalize().unique().sort_values())
    days = days[_occasion_starts(days, None, same_occasion_days)].reset_index(drop=True)
    if len(days) < 2:
        return None
    gaps = days.diff().dt.days.dropna().to_numpy(dtype=float)
    if method == "median":
        return float(np.median(gaps))
    if method == "mean":
        return float((days.iloc[-1] - days.iloc[0]).days / (len(days) - 1))
    raise ValueError(f"method must be 'median' or 'mean', got {method!r} / method 只能是 'median' 或 'mean'")


def repurchase_intervals(orders: pd.DataFrame, customer: str = "account_id", date: str = "order_date",
                         product: str | Iterable[str] | None = None, as_of=None, method: str = "median",
                         product_column: str = "product", irregular_cv: float = 0.35,
                         same_occasion_days: int = 60, min_occasions: int = 3) -> pd.DataFrame:
    """Each customer's typical repurchase interval and next due date, with the evidence.

    Purchases ``same_occasion_days`` or fewer after the previous one belong to
    the same **buying occasion** (two copiers a month apart are one fleet
    decision, not a 0.1-year cycle); pass ``0`` where every purchase is its own
    occasion (till receipts). One row per customer: ``purchases`` (distinct
    days), ``occasions``, ``first_purchase``, ``last_purchase`` (start of the
    latest occasion), ``span_years``, ``interval_days`` (median gap between
    occasions, or span ÷ (occasions − 1) with ``method="mean"``),
    ``interval_years``, ``gap_cv`` (spread of the gaps), ``regularity`` and
    ``next_due``, ``customer_years`` (since the customer's first order of
    anything) and ``rule_of_thumb_years`` (customer years ÷ purchases, the
    textbook's quick estimate).

    ``regularity`` is ``unknown`` (one occasion: no interval at all),
    ``too_few`` (fewer than ``min_occasions`` occasions: the interval is shown
    but no due date is given — ask the customer), ``irregular`` (gaps vary by
    more than ``irregular_cv``: the date is rough) or ``regular``.
    """
    if method not in ("median", "mean"):
        raise ValueError(f"method must be 'median' or 'mean', got {method!r} / method 只能是 'median' 或 'mean'")
    as_of_ts = pd.Timestamp(as_of) if as_of is not None else None
    events = purchase_events(orders, customer, date, product, product_column, as_of_ts)
    everything = purchase_events(orders, customer, date, None, product_column, as_of_ts)
    purchases = events.groupby("customer").size()
    occ = events[_occasion_starts(events["date"], events["customer"], int(same_occasion_days))].reset_index(drop=True)
    g = occ.groupby("customer")["date"]
    gaps = g.diff().dt.days
    gg = gaps.groupby(occ["customer"])
    table = pd.DataFrame({"purchases": purchases, "occasions": g.size(),
                          "first_purchase": g.min(), "last_purchase": g.max()})
    table["span_years"] = (table["last_purchase"] - table["first_purchase"]).dt.days / 365.25
    if method == "median":
        table["interval_days"] = gg.median()
    else:
        table["interval_days"] = (table["last_purchase"] - table["first_purchase"]).dt.days / (table["occasions"] - 1)
        table.loc[table["occasions"] < 2, "interval_days"] = np.nan
    table["interval_years"] = table["interval_days"] / 365.25
    table["gap_cv"] = gg.std(ddof=0) / gg.mean()
    table["regularity"] = np.select(
        [table["occasions"] < 2, table["occasions"] < max(int(min_occasions), 2), table["gap_cv"] > irregular_cv],
        ["unknown", "too_few", "irregular"], default="regular")
    due = table["last_purchase"] + pd.to_timedelta(table["interval_days"].round(), unit="D")
    table["next_due"] = due.where(table["occasions"] >= max(int(min_occasions), 2))
    end = as_of_ts if as_of_ts is not None else everything["date"].max()
    since = everything.groupby("customer")["date"].min().reindex(table.index)
    table["customer_years"] = (end - since).dt.days / 365.25
    table["rule_of_thumb_years"] = table["customer_years"] / table["purchases"]
    table.index.name = customer
    return table


def replacement_due(orders: pd.DataFrame, as_of, customer: str = "account_id", date: str = "order_date",
                    product: str | Iterable[str] | None = None, window_days: int = 31, grace_days: int = 30,
                    method: str = "median", product_column: str = "product", same_occasion_days: int = 60,
                    min_occasions: int = 3) -> pd.DataFrame:
    """Who to call: customers due to re-buy within ``window_days`` after ``as_of``.

    Also lists customers whose due date passed less than ``grace_days`` ago and
    who have not bought since (status ``overdue``) — the first to call still
    wins. Customers with fewer than ``min_occasions`` buying occasions have no
    due date and never appear here (:func:`repurchase_intervals` lists them as
    ``unknown`` or ``too_few``). Sorted by due date, with the evidence columns
    and ``days_until_due`` (negative = overdue).

    >>> orders = pd.DataFrame({"account_id": ["A"] * 4,
    ...                        "order_date": ["2014-07-01", "2018-07-01", "2022-07-01", "2022-07-01"]})
    >>> replacement_due(orders, "2026-06-15")["next_due"].dt.date.tolist()
    [datetime.date(2026, 7, 1)]
    """
    as_of_ts = pd.Timestamp(as_of).normalize()
    table = repurchase_intervals(orders, customer, date, product, as_of_ts, method, product_column,
                                 same_occasion_days=same_occasion_days, min_occasions=min_occasions)
    table = table[table["next_due"].notna()].copy()
    table["days_until_due"] = (table["next_due"] - as_of_ts).dt.days
    due = table[(table["days_until_due"] <= window_days) & (table["days_until_due"] > -grace_days)].copy()
    due["status"] = np.where(due["days_until_due"] < 0, "overdue", "due")
    return due.sort_values(["next_due", "purchases"], ascending=[True, False], kind="stable")


def due_in_month(orders: pd.DataFrame, month: str, **options) -> pd.DataFrame:
    """:func:`replacement_due` for a calendar month (``"2026-07"``), seen from the day before it starts."""
    period = pd.Period(month, freq="M")
    as_of = period.start_time - pd.Timedelta(days=1)
    return replacement_due(orders, as_of, window_days=period.days_in_month, **options)


def evidence(row: Mapping, lang: str | None = None) -> str:
    """One sentence of evidence for a row of :func:`repurchase_intervals` / :func:`replacement_due`."""
    if pd.isna(row["interval_days"]):
        return t("ch02.due.evidence_unknown", lang, last=pd.Timestamp(row["last_purchase"]).date())
    if pd.isna(row.get("next_due", np.nan)):
        return t("ch02.due.evidence_too_few", lang, n=int(row.get("occasions", row["purchases"])),
                 every=row["interval_years"], last=pd.Timestamp(row["last_purchase"]).date())
    return t("ch02.due.evidence", lang, n=int(row["purchases"]), span=row["span_years"], every=row["interval_years"],
             last=pd.Timestamp(row["last_purchase"]).date(), due=pd.Timestamp(row["next_due"]).date(),
             regularity=t(f"ch02.regularity.{row['regularity']}", lang))


# --------------------------------------------------------------------------- orphaned accounts
def orphaned_accounts(accounts: pd.DataFrame, reps: pd.DataFrame, as_of=None,
                      columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Accounts whose owner has left and nobody has contacted since.

    An account is orphaned when its ``owner_rep_id`` has a ``left_date`` in
    ``reps`` and its ``last_contact_date`` is before that date (or missing).
    Returns those accounts with ``rep_name``, ``left_date`` and, with
    ``as_of``, ``days_since_contact``; oldest contact first.
    """
    acc = _mapped(accounts, columns, ["account_id", "owner_rep_id", "last_contact_date"], "accounts")
    rp = _mapped(reps, columns, ["rep_id", "left_date"], "reps")
    keep = ["rep_id", "left_date"] + (["rep_name"] if "rep_name" in rp.columns else [])
    rp = rp[keep].assign(left_date=_dates(rp["left_date"], "left_date", "reps"))
    merged = acc.assign(last_contact_date=_dates(acc["last_contact_date"], "last_contact_date", "accounts")).merge(
        rp, left_on="owner_rep_id", right_on="rep_id", how="left")
    merged.index = acc.index
    left = merged["left_date"].notna()
    quiet = merged["last_contact_date"].isna() | (merged["last_contact_date"] < merged["left_date"])
    out = merged[left & quiet].drop(columns="rep_id")
    if as_of is not None:
        out["days_since_contact"] = (pd.Timestamp(as_of) - out["last_contact_date"]).dt.days
    return out.sort_values(["last_contact_date", "account_id"], kind="stable")


# the PROSPECT daily routine lives in course.prospect_list; re-exported here
from course.prospect_list import ProspectList  # noqa: E402

__all__ = [
    "rounded",
    "FUNNEL_ORDER",
    "FunnelCriteria",
    "ProspectList",
    "Situation",
    "due_in_month",
    "evidence",
    "funnel_from_stages",
    "interval_from_dates",
    "labels",
    "markdown",
    "method_families",
    "table",
    "method_effectiveness",
    "orphaned_accounts",
    "plot_funnel",
    "plot_method_effectiveness",
    "purchase_events",
    "rank_methods",
    "replacement_due",
    "repurchase_intervals",
    "selection_funnel",
    "selection_stages",
    "show",
]
