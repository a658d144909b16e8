"""Selection and presentation of the prospect report (潜在客户分析报告).

The report runs on the kit's bundled data or on a user's own files:

* :func:`course.reports.inputs.load_inputs` (also reached here) reads and
  decides what each file is; see that module.
* :func:`select` applies the report's parameters (period, product, region)
  and picks the as-of date: the data's last day (or ``--as-of``), saying why;
  :func:`sections_ready` says which sections have their data and what would
  enable the others.
* :func:`html_table` renders a table in the house style
  (:mod:`course.reports.layout`) with every cell escaped and numbers, money
  (in the data's currency, :mod:`course.reports.formats`) and dates formatted
  for the report's language; contact details are masked by
  :func:`mask_contacts` unless the reader asked to see them.
* :class:`section` wraps each part of the report: an anchored heading, one
  sentence when it fails or runs out of time (:class:`budget`).

>>> fmt_money(1234567, "zh"), fmt_money(1234567, "en")
('123.5 万元', '¥1,234,567')
>>> mask_phone("13812345678"), mask_email("li.wei@example.com")
('138****5678', 'l***@example.com')
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from course.data import DataError
from course.i18n import t
from course.reports import layout
from course.reports.formats import fmt_date, fmt_money, fmt_number, fmt_pct  # noqa: F401 - the report's formatters
from course.reports.inputs import (  # noqa: F401 - reached as course.reports.prospect.<name> too
    ALIASES,
    BUNDLES,
    ReportInputs,
    ReportOptions,
    load_inputs,
    read_mapping,
)
from course.reports.layout import mask_contacts, mask_email, mask_phone  # noqa: F401 - the report's masking

BUNDLED_AS_OF = "2026-06-30"  # the bundled data's "today" (datasets/README.md)
#: above this many baskets the cross-sell rules are mined from a seeded random sample of them (said in the report):
#: at 50,000 baskets a support of 1% is known to within ±0.05 points (one standard error), and mining takes a second
MAX_RULE_BASKETS = 50_000
#: seconds a section may take before it is stopped with a sentence saying so (the whole report goes on)
SECTION_SECONDS = 240

#: what each section needs: alternatives of (table, columns); the first alternative that is present is used
SECTIONS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "quality": (("b2b_orders", ("order_id", "account_id", "order_date", "product", "quantity", "unit_price", "amount",
                                "discount_rate")),),
    "concentration": (("b2b_orders", ("account_id", "amount")), ("b2c_transactions", ("member_id", "amount"))),
    "rfm": (("b2b_orders", ("account_id", "order_date", "amount")), ("b2c_transactions", ("member_id", "txn_date", "amount"))),
    "best_worst": (("b2b_orders", ("account_id", "order_date", "amount")),),
    "lookalike": (("b2b_accounts", ("account_id", "status", "industry", "size_band", "city", "employees")),),
    "man": (("b2b_leads", ("money", "authority", "need")),),
    "methods": (("b2b_leads", ("source_method", "converted", "won_amount", "acquisition_cost")),),
    "funnel": (("b2b_leads", ("stage", "converted")),),
    "replacement": (("b2b_orders", ("account_id", "order_date")),),
    "targeting": (("b2b_leads", ("converted", "money", "authority", "need")),),
    "cross_sell": (("b2c_basket_items", ("txn_id", "item")), ("b2b_orders", ("account_id", "product"))),
    "strategy": (("b2c_members", ("member_id",)), ("b2c_transactions", ("member_id", "txn_id", "discount_used")),
                 ("b2c_basket_items", ("txn_id", "category"))),
}
#: sections whose alternatives are all needed together (the others need any one)
NEEDS_ALL = {"strategy", "lookalike"}
EXTRA_NEEDS = {"lookalike": (("b2b_orders", ("account_id", "order_date", "amount")),)}


def _error(en: str, zh: str, source: str | None = None, column: str | None = None) -> DataError:
    return DataError(en, zh, source=source, column=column)


def rule_baskets(items: pd.DataFrame, transactions: pd.DataFrame | None = None, *,
                 max_baskets: int = MAX_RULE_BASKETS, seed: int = 0) -> tuple[pd.DataFrame, int]:
    """The basket items to mine cross-sell rules from, and how many baskets there were in all.

    Only baskets whose receipt is in ``transactions`` (after the report's
    filters) count; above ``max_baskets`` a seeded random sample of them is
    kept (the report says so). Works on integer codes of ``txn_id``, so
    millions of items are filtered with one hashing pass.

    >>> items = pd.DataFrame({"txn_id": ["X1", "X1", "X2", "X3"], "item": ["a", "b", "a", "c"]})
    >>> kept, total = rule_baskets(items, pd.DataFrame({"txn_id": ["X1", "X3"]}), max_baskets=1)
    >>> total, kept["txn_id"].nunique()
    (2, 1)
    """
    codes, baskets = pd.factorize(items["txn_id"])
    keep = np.ones(len(baskets), dtype=bool)
    if transactions is not None:
        keep = pd.Index(baskets).isin(transactions["txn_id"])
    total = int(keep.sum())
    if total > max_baskets:
        chosen = pd.Series(np.flatnonzero(keep)).sample(max_baskets, random_state=seed).to_numpy()
        keep = np.zeros(len(baskets), dtype=bool)
        keep[chosen] = True
    mask = (codes >= 0) & keep[np.where(codes >= 0, codes, 0)]
    return (items if mask.all() else items.loc[mask]), total


# --------------------------------------------------------------------------- parameters
DATE_COLUMNS = {"b2b_orders": "order_date", "b2b_leads": "created_date", "b2b_tickets": "opened_date",
                "b2c_transactions": "txn_date"}


def parse_period(period: str | None) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """``2025``, ``2025-Q3``, ``2025-07`` or a range ``2025-01..2025-06`` → (first day, last day).

    >>> [d.date().isoformat() for d in parse_period("2025-02..2025-Q2")]
    ['2025-02-01', '2025-06-30']
    """
    if not period:
        return None
    parts = re.split(r"\.\.|:|/|~|至", str(period).strip())
    try:
        spans = [pd.Period(p.strip().replace("-Q", "Q")) if re.search(r"q", p, re.I) else
                 pd.Period(p.strip(), freq="Y" if re.fullmatch(r"\d{4}", p.strip()) else
                           "M" if re.fullmatch(r"\d{4}-\d{1,2}", p.strip()) else "D") for p in parts]
    except (ValueError, TypeError):
        raise _error(f"--period '{period}' is not a period. Fix: write 2025, 2025-Q3, 2025-07, 2025-07-15 or a range "
                     f"such as 2025-01..2025-06.",
                     f"--period '{period}' 不是有效的时间段。解决办法：写成 2025、2025-Q3、2025-07、2025-07-15，"
                     f"或 2025-01..2025-06 这样的范围。", "--period") from None
    start, end = spans[0].start_time.normalize(), spans[-1].end_time.normalize()
    if end < start:
        raise _error(f"--period '{period}' ends before it starts. Fix: put the earlier date first.",
                     f"--period '{period}' 的结束早于开始。解决办法：把较早的日期写在前面。", "--period")
    return start, end


def infer_as_of(tables: Mapping[str, pd.DataFrame],
                today: pd.Timestamp | None = None) -> tuple[pd.Timestamp, dict[str, str] | None]:
    """"Today" for a user's data: the last day in the data, and a note when a few stray dates were passed over.

    A handful of rows (at most 0.1%, never more than 20) dated more than 90 days after all the others look like
    typing errors (2062 for 2026): they do not move the as-of date, and the note says so. Rows dated after the real
    ``today`` (default: the computer's date) are typing errors however many there are: the as-of date is never
    later than today, and the note counts them. With no dates at all, today's date.

    >>> orders = pd.DataFrame({"order_date": pd.to_datetime(["2025-01-02", "2025-03-09"])})
    >>> infer_as_of({"b2b_orders": orders})[0].date()
    datetime.date(2025, 3, 9)
    >>> day, note = infer_as_of({"b2b_orders": orders}, today=pd.Timestamp("2025-02-01"))
    >>> day.date(), note["en"][:47]
    (datetime.date(2025, 1, 2), '1 row is dated after today (2025-02-01): 2025-0')
    """
    from course.order_lines import last_ordinary_day

    today = (pd.Timestamp.today() if today is None else pd.Timestamp(today)).normalize()
    dates = [tables[t][c] for t, c in DATE_COLUMNS.items() if t in tables and c in tables[t]]
    every = pd.concat(dates).dropna() if dates else pd.Series(dtype="datetime64[ns]")
    day, stray = last_ordinary_day(every) if len(every) else (None, None)
    if day is None:
        return today, None
    future = every.loc[every.dt.normalize() > today]
    if day > today and len(future):
        day, _ = last_ordinary_day(every.loc[every.dt.normalize() <= today])
        iso = lambda d: str(pd.Timestamp(d).date())  # noqa: E731 - as the stray-date note writes them
        values = {"n": f"{len(future):,}", "today": iso(today), "first": iso(future.min()), "last": iso(future.max()),
                  "day": iso(day) if day is not None else "—"}
        key = "report.as_of.future_one" if len(future) == 1 else "report.as_of.future"
        return (day if day is not None else today), {"en": t(key, "en", **values), "zh": t(key, "zh", **values)}
    if stray:
        key = "report.as_of.stray_one" if stray["n"] == 1 else "report.as_of.stray"
        return day, {"en": t(key, "en", **stray), "zh": t(key, "zh", **stray)}
    return day, None


@dataclass
class Selection:
    """The tables after the report's filters, plus the full history the replacement cycle needs."""

    tables: dict[str, pd.DataFrame]
    history: dict[str, pd.DataFrame]
    as_of: pd.Timestamp
    period: tuple[pd.Timestamp, pd.Timestamp] | None
    notes: list[dict[str, str]]
    as_of_note: dict[str, str] | None = None


def _contains(series: pd.Series, value: str) -> pd.Series:
    return series.astype("string").str.strip().str.casefold().eq(value.strip().casefold()).fillna(False).astype(bool)


def select(inputs: ReportInputs, *, period: str | None = None, product: str | None = None, region: str | None = None,
           as_of: str | None = None) -> Selection:
    """Apply period / product / region to the tables and choose the as-of date.

    ``period`` keeps activity in that span (the replacement cycle still sees
    the history before it); ``product`` keeps orders of that product or
    category, leads interested in it and B2C baskets holding it; ``region``
    keeps accounts (and their orders, leads, contacts, tickets) and members
    in that city.
    """
    tabs = dict(inputs.tables)
    notes: list[dict[str, str]] = []
    span = parse_period(period)
    if region:
        acc = tabs.get("b2b_accounts")
        if acc is not None:
            keep = pd.Series(False, index=acc.index)
            for col in ("city", "city_en"):
                if col in acc:
                    keep |= _contains(acc[col], region)
            ids = set(acc.loc[keep, "account_id"])
            tabs["b2b_accounts"] = acc.loc[keep]
            for name in ("b2b_orders", "b2b_leads", "b2b_contacts", "b2b_tickets"):
                if name in tabs:
                    tabs[name] = tabs[name].loc[tabs[name]["account_id"].isin(ids)]
        elif any(n in tabs for n in ("b2b_orders", "b2b_leads")):
            notes.append({"en": "The region filter could not apply to orders and leads: they need the accounts table "
                                "(its city column) to know where each customer is.",
                          "zh": "地区筛选无法用于订单和线索：需要客户表（其中的城市列）才能知道每个客户在哪里。"})
        mem = tabs.get("b2c_members")
        if mem is not None and "city" in mem:
            tabs["b2c_members"] = mem.loc[_contains(mem["city"], region)]
            if "b2c_transactions" in tabs:
                tabs["b2c_transactions"] = tabs["b2c_transactions"].loc[
                    tabs["b2c_transactions"]["member_id"].isin(tabs["b2c_members"]["member_id"])]
        elif "b2c_transactions" in tabs and "store_city" in tabs["b2c_transactions"]:
            tx = tabs["b2c_transactions"]
            tabs["b2c_transactions"] = tx.loc[_contains(tx["store_city"], region)]
    if product:
        if "b2b_orders" in tabs:
            o = tabs["b2b_orders"]
            keep = pd.Series(False, index=o.index)
            for col in ("product", "product_name", "category"):
                if col in o:
                    keep |= _contains(o[col], product)
            tabs["b2b_orders"] = o.loc[keep]
        if "b2b_leads" in tabs and "product_interest" in tabs["b2b_leads"]:
            tabs["b2b_leads"] = tabs["b2b_leads"].loc[_contains(tabs["b2b_leads"]["product_interest"], product)]
        if "b2c_basket_items" in tabs:
            items = tabs["b2c_basket_items"]
            keep = pd.Series(False, index=items.index)
            for col in ("item", "item_en", "category"):
                if col in items:
                    keep |= _contains(items[col], product)
            txns = set(items.loc[keep, "txn_id"])
            if "b2c_transactions" in tabs:
                tabs["b2c_transactions"] = tabs["b2c_transactions"].loc[tabs["b2c_transactions"]["txn_id"].isin(txns)]
    history = dict(tabs)
    if as_of:
        try:
            today = pd.Timestamp(as_of).normalize()
        except ValueError:
            raise _error(f"--as-of '{as_of}' is not a date. Fix: write it as YYYY-MM-DD.",
                         f"--as-of '{as_of}' 不是日期。解决办法：写成 YYYY-MM-DD。", "--as-of") from None
        why = "report.as_of.given"
    elif inputs.bundled:
        today, why = pd.Timestamp(BUNDLED_AS_OF), "report.as_of.bundled"
    else:
        today, stray = infer_as_of(inputs.tables)
        why = "report.as_of.data"
        if stray:
            notes.append(stray)
    if span is not None and not as_of:
        if today > span[1] or inputs.bundled:
            today, why = span[1], "report.as_of.period"
        if span[0] > today:
            raise _error(f"--period starts after the data ends ({fmt_date(today, 'en')}). Fix: choose a period inside the data.",
                         f"--period 的开始晚于数据的最后一天（{fmt_date(today, 'zh')}）。解决办法：选择数据覆盖范围内的时间段。",
                         "--period")
    if span is not None:
        for name, col in DATE_COLUMNS.items():
            if name in tabs and col in tabs[name]:
                d = tabs[name][col]
                tabs[name] = tabs[name].loc[(d >= span[0]) & (d <= span[1])]
                history[name] = history[name].loc[history[name][col] <= span[1]]
    as_of_note = {lang: t(why, lang, date=fmt_date(today, lang)) for lang in ("en", "zh")}
    return Selection(tabs, history, today, span, notes, as_of_note)


def sections_ready(tables: Mapping[str, pd.DataFrame], target: str | None = None) -> dict[str, tuple[str, ...] | None]:
    """Section id -> ``None`` when its data is there, else the (table, columns) it would need, described.

    With a user's ``target`` column, targeting needs only the leads table holding it.
    """
    out: dict[str, tuple[str, ...] | None] = {}
    for sid, options in SECTIONS.items():
        if sid == "targeting" and target:
            options = (("b2b_leads", (target,)),)
        options = options + EXTRA_NEEDS.get(sid, ())

        def has(opt: tuple[str, tuple[str, ...]]) -> bool:
            table, cols = opt
            return table in tables and not tables[table].empty and all(c in tables[table].columns for c in cols)

        ok = all(has(o) for o in options) if sid in NEEDS_ALL else any(has(o) for o in options)
        out[sid] = None if ok else tuple(f"{table} ({', '.join(cols)})" for table, cols in options if not has((table, cols)))
    return out


# --------------------------------------------------------------------------- presentation
def _lang() -> str:
    from course.i18n import get_language

    return get_language()


def header(name: Any, lang: str | None = None) -> Any:
    """A column name in the report's language (the report's own names first, then the chapters')."""
    return layout.column_header(name, lang) if isinstance(name, str) else name


def html_table(frame: pd.DataFrame, formats: Mapping[str, str] | None = None, *, lang: str | None = None,
               index: bool = False, show_contacts: bool = False, labeller: Callable | None = None, once: bool = True,
               names: Mapping[str, str] | None = None):
    """A displayable house-style table (:func:`course.reports.layout.report_table`).

    Every cell is escaped (a customer called ``<script>`` is shown as text), values are formatted (``formats`` maps a
    column to ``money``, ``pct``, ``int``, ``num1``, ``num2`` or ``date``), contacts masked, headers in the report's
    language, and a value shared by every row is said once above the table (``once``). ``labeller`` (a chapter's
    ``labels``) translates ids after formatting.
    """
    from IPython.display import HTML

    return HTML(layout.report_table(frame, formats, lang=lang or _lang(), index=index, show_contacts=show_contacts,
                                    labeller=labeller, once=once, names=names))


def note(key: str | Mapping[str, str], kind: str = "info", **values: Any):
    """A short boxed note: a message key (formatted with ``values``) or a bilingual ``{"en", "zh"}`` text; escaped."""
    from IPython.display import HTML

    return HTML(layout.note_html(key[_lang()] if isinstance(key, Mapping) else t(key, **values), kind))


class SectionTimeout(Exception):
    """A report section ran past its time budget (raised by the alarm, caught by :class:`section`)."""


def first_sentence(text: str) -> str:
    """The first sentence of a message (up to ``. `` or ``。``), so a failure reads as one sentence.

    >>> first_sentence("orders.csv: column 'amount' has 3 bad values. Fix: correct them.")
    "orders.csv: column 'amount' has 3 bad values."
    >>> first_sentence("订单.csv：金额列有 3 个错误值。解决办法：改正。")
    '订单.csv：金额列有 3 个错误值。'
    """
    text = str(text).strip().splitlines()[0] if str(text).strip() else ""
    match = re.search(r"(.+?[.!?])(?:\s|$)|(.+?。)", text)
    if not match:
        return text
    return match.group(1) or match.group(2)


_ALARM = {"depth": 0}


class budget:  # noqa: N801 - used as ``with budget(seconds):``
    """Stop what runs inside after ``seconds`` by raising :class:`SectionTimeout` (an alarm; the outermost use only).

    A budget inside another arms no second alarm: the outer one keeps running. Only the main thread of a Unix process
    can use an alarm; elsewhere the budget is not enforced. ``None`` means :data:`SECTION_SECONDS`, read when the
    budget starts.
    """

    def __init__(self, seconds: float | None = None):
        self.seconds = seconds
        self._armed = False

    def __enter__(self) -> budget:
        seconds = SECTION_SECONDS if self.seconds is None else self.seconds
        if (seconds and _ALARM["depth"] == 0 and hasattr(signal, "SIGALRM")
                and threading.current_thread() is threading.main_thread()):
            def stop(signum, frame):
                raise SectionTimeout()

            self._previous = signal.signal(signal.SIGALRM, stop)
            signal.setitimer(signal.ITIMER_REAL, float(seconds))
            self._armed = True
        _ALARM["depth"] += 1
        return self

    def __exit__(self, kind, error, tb) -> bool:
        _ALARM["depth"] -= 1
        if self._armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)
            self._armed = False
        return False


class section:  # noqa: N801 - used as ``with section(...)`` in the template
    """One report section: shows its heading, stays silent when its data is absent, never lets an error out.

    >>> with section("rfm", ready) as s:           # doctest: +SKIP
    ...     if s.ready:
    ...         display(...)

    The heading carries an id (:func:`course.reports.layout.anchor`) that the report's contents link to, with
    ``number`` in front of it. A section whose data is missing shows nothing here: the contents at the top of the
    report list it with what would enable it. A failure inside shows one sentence saying why (papermill stops on any
    error output, and one bad table must not cost the reader the whole report). A section that runs longer than
    ``seconds`` (default :data:`SECTION_SECONDS`) is stopped by an alarm and says so; the report goes on with the
    next section.
    """

    def __init__(self, sid: str, ready: Mapping[str, tuple[str, ...] | None], level: int = 2,
                 seconds: float | None = None, number: str | None = None):
        self.sid, self.level, self.number = sid, level, number
        self.missing = ready.get(sid)
        self.ready = self.missing is None
        self._budget = budget(seconds)

    def __enter__(self) -> section:
        from IPython.display import HTML, display

        if self.ready:
            display(HTML(layout.heading_html(self.sid, t(f"report.section.{self.sid}"), self.level, self.number)))
            self._budget.__enter__()
        return self

    def __exit__(self, kind, error, tb) -> bool:
        if self.ready:
            self._budget.__exit__(kind, error, tb)
        if error is None or not isinstance(error, Exception):
            return False
        from IPython.display import display

        display(note({"en": failure_sentence(error, "en"), "zh": failure_sentence(error, "zh")}, "warn"))
        return True


def failure_sentence(error: BaseException, lang: str) -> str:
    """Why a section failed, in one sentence of ``lang``."""
    if isinstance(error, SectionTimeout):
        return t("report.timeout", lang, seconds=f"{SECTION_SECONDS:.0f}")
    text = getattr(error, lang, None)
    if text:
        return t("report.failed", lang, error=first_sentence(text))
    if isinstance(error, ValueError) and " / " in str(error):  # the kit's own "English / 中文" messages
        en, _, zh = str(error).partition(" / ")
        return t("report.failed", lang, error=first_sentence(en if lang == "en" else zh))
    detail = first_sentence(str(error))[:160] or type(error).__name__
    return t("report.failed_unexpected", lang, kind=type(error).__name__, detail=detail)


__all__ = [
    "ALIASES", "BUNDLES", "MAX_RULE_BASKETS", "SECTIONS", "ReportInputs", "ReportOptions", "Selection", "SectionTimeout",
    "budget",
    "failure_sentence", "first_sentence", "fmt_date", "fmt_money", "fmt_number", "fmt_pct", "header", "html_table",
    "infer_as_of", "load_inputs", "mask_contacts", "mask_email", "mask_phone", "note", "parse_period", "read_mapping",
    "section", "sections_ready", "select",
]
