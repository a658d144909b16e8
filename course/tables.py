"""One house style for every table the kit shows (表格统一样式).

Notebooks, widgets, slides and reports show tables through :func:`table`, so a table reads
the same everywhere and in the reader's language. The rule, in full:

- **Nothing is cut off.** Cell text is shown whole (pandas shortens long text with "…").
- **Headers in the reader's language.** A column ``lead_id`` is shown as the message
  ``col.lead_id`` (see :func:`course.i18n.labels`); ``names=`` overrides a header. A header
  without a message is tidied (``won_amount`` → "Won amount") in English; a Chinese table
  never shows a snake_case header: :func:`untranslated` lists what still needs a message.
- **Codes in the reader's language.** A text cell whose value has a ``value.<code>``
  message is translated; ``codes={"product": {"copier": "复印机", …}}`` translates the rest.
- **Yes/no as marks**: ``True`` → ✓ (是), ``False`` → ✗ (否); missing values → "—".
- **Numbers**: thousands separators; one number of decimal places per column (no
  more than the values need, at most ``decimals``), so the points line up; ``money=`` columns as
  whole currency units in the reader's language (¥12,345 / 12,345 元; the sign is left out of
  the cells when the header already names it, "Revenue (¥)"); ``percent=`` columns as per
  cent; dates as ``YYYY-MM-DD``. The kit's share and money columns (:data:`SHARE_COLUMNS`,
  :data:`MONEY_COLUMNS`) get that format without being named, a share only while its
  values lie between 0 and 1.
- **A chapter's own vocabulary**: ``header_of``/``code_of`` translate the headers and
  codes a chapter has its own messages for (``ch02.col.*``, method ids …) before the
  shared ``col.*``/``value.*`` messages; each chapter module has a ``table`` helper that
  passes its vocabulary, so ``finding.table(frame)`` reads the same in a notebook, a widget
  and a slide.
- **Lists joined properly**: short items with ", " (、 in Chinese); items that are
  sentences one per line — never "a.; b.".
- **No meaningless row numbers**: pandas' default 0, 1, 2 … index is dropped; a named or
  meaningful index becomes the first column.
- **Text left, numbers right**, with inline styles (kept by JupyterLab for untrusted
  notebooks and by any HTML export), no ``<style>`` block, no random ids.

>>> import pandas as pd
>>> frame = pd.DataFrame({"lead_id": ["L1", "L2"], "converted": [True, False], "won_amount": [12500.0, None]})
>>> print(table(frame, lang="en", money=["won_amount"]).text())
Lead Won Won amount
L1     ✓    ¥12,500
L2     ✗          —
>>> print(table(pd.DataFrame({"share": [0.5, 0.125], "lift": [2.0, 1.125]}), lang="en").text())
Share Lift
50.0% 2.00
12.5% 1.12
>>> "<th" in table(frame, lang="zh").html() and "是" in table(frame, lang="zh").html()
True
"""

from __future__ import annotations

import datetime as dt
import html as _html
import math
import numbers
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from course.i18n import get_language, messages, t

__all__ = [
    "MONEY_COLUMNS",
    "SHARE_COLUMNS",
    "Table",
    "cell_text",
    "header",
    "table",
    "untranslated",
]

#: the kit's columns that hold a share between 0 and 1: shown as per cent without being named
SHARE_COLUMNS = frozenset(
    {
        "share",
        "conversion_rate",
        "buyers_share",
        "discount_share",
        "fit",
        "step_conversion",
        "share_of_all",
        "customer_share",
        "revenue_share",
        "cum_share",
        "cum_leads_share",
        "cum_wins_share",
        "cum_customer_share",
        "reorder_rate",
        "rate_satisfied",
        "rate_dissatisfied",
        "coupon_share",
        "pct_of_previous",
        "pct_of_total",
        "win_rate",
        "ci_low",
        "ci_high",
        "precision",
        "recall",
        "accuracy",
        "base_rate",
        "rate",
        "cum_contacted",
        "cum_captured",
        "support",
        "confidence",
        "rate_with",
        "rate_without",
        "stage_share",
        "won_rate",
        "share_of_leads",
        "complaint_share",
        "mean_score",
        "actual_rate",
        "top_share",
    }
)
#: the kit's money columns (in the data's currency): shown as whole units without being named
MONEY_COLUMNS = frozenset(
    {
        "revenue",
        "won_amount",
        "amount",
        "monetary",
        "spend_per_member",
        "spend_per_visit",
        "cost_total",
        "cost",
        "cost_per_lead",
        "cost_per_win",
        "avg_order",
        "cost_to_serve",
        "spend_12m",
        "predicted_spend",
        "growth",
        "unit_price",
        "actual",
        "predicted",
        "naive",
        "mae",
        "acquisition_cost",
        "annual_spend",
        "contract_value",
    }
)

#: a chapter's translation of a header or a code: the display text, or ``None`` when it has none
Vocabulary = Callable[[str, str], "str | None"]

_SENTENCE_END = re.compile(r"[.!?。！？]$")
_SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$|^[a-z]+[0-9]*$")
_TABLE_STYLE = "border-collapse:collapse;margin:4px 0;font-size:13px;line-height:1.4"
_TH_STYLE = "padding:4px 10px;border-bottom:2px solid #8a949e;vertical-align:bottom;font-weight:600"
_TD_STYLE = "padding:3px 10px;border-bottom:1px solid #dde1e5;vertical-align:top"
_ALIGN = {"text": "left", "number": "right", "mark": "center"}


def _lang(lang: str | None) -> str:
    return lang or get_language()


def header(
    name: Any,
    lang: str | None = None,
    names: Mapping[str, str] | None = None,
    header_of: Vocabulary | None = None,
) -> str:
    """A column name in the reader's language.

    ``names`` overrides; then the chapter's ``header_of``; then the ``col.<name>`` (or
    ``value.<name>``) message; an English snake_case name without one is tidied.
    """
    lang = _lang(lang)
    if names and name in names:
        return str(names[name])
    if not isinstance(name, str):
        return "" if name is None else str(name)
    if header_of is not None:
        own = header_of(name, lang)
        if own is not None:
            return _sentence_case(own, lang)
    known = messages()
    for key in (f"col.{name}", f"value.{name}"):
        if key in known:
            return _sentence_case(t(key, lang), lang)
    if _SNAKE.match(name) and lang == "en":
        return _sentence_case(name.replace("_", " "), lang)
    return name


def _sentence_case(text: str, lang: str) -> str:
    """English headers start with a capital ("revenue (¥)" from a plot label → "Revenue (¥)")."""
    if lang == "en" and text[:1].islower():
        return text[:1].upper() + text[1:]
    return text


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    try:
        return bool(pd.isna(value)) if np.ndim(value) == 0 else False
    except (TypeError, ValueError):
        return False


def _number(value: float, decimals: int, places: int | None = None) -> str:
    if places is not None:
        return f"{value:,.{places}f}"
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{value:,.0f}"
    return f"{value:,.{_needed(np.array([float(value)]), decimals)}f}"


def _code(
    value: str, lang: str, codes: Mapping[str, str] | None, code_of: Vocabulary | None = None
) -> str:
    if codes and value in codes:
        return str(codes[value])
    if code_of is not None:
        own = code_of(value, lang)
        if own is not None:
            return own
    for key in (f"value.{value}", f"city.{value}"):  # a code, else one of the data's cities
        if key in messages():
            return t(key, lang)
    return value


def cell_text(
    value: Any,
    lang: str | None = None,
    *,
    kind: str = "auto",
    decimals: int = 2,
    codes: Mapping[str, str] | None = None,
    places: int | None = None,
    code_of: Vocabulary | None = None,
    currency: bool = True,
) -> str:
    """One cell as the reader sees it (plain text; a line break stays ``"\\n"``).

    Parameters
    ----------
    value : object
        The cell.
    lang : {"en", "zh"}, optional
        Reader's language (default: the current one).
    kind : {"auto", "money", "percent"}
        How to show a number.
    decimals : int
        Decimal places for a number that is not whole.
    codes : mapping, optional
        Display names for codes in this column.
    places : int, optional
        Decimal places for every number (a column's one format); default: whole numbers
        without decimals, others with ``decimals``.
    code_of : callable, optional
        A chapter's translation of a code (``(code, lang) -> text or None``).
    currency : bool
        Write the currency with a money amount (``False`` when the header says it).

    Examples
    --------
    >>> cell_text(True, "zh"), cell_text(1234567, "en"), cell_text(0.256, "en", kind="percent")
    ('是', '1,234,567', '25.6%')
    >>> cell_text(["Call first.", "Then write."], "en")
    'Call first.\\nThen write.'
    >>> cell_text(frozenset({"toner", "paper"}), "zh")
    'paper、toner'
    """
    lang = _lang(lang)
    if isinstance(value, bool | np.bool_):
        return t("table.yes" if value else "table.no", lang)
    if isinstance(value, list | tuple | set | frozenset | np.ndarray | pd.Series):
        items = list(value)
        if isinstance(value, set | frozenset):
            items = sorted(items, key=str)
        shown = [
            cell_text(
                v,
                lang,
                kind=kind,
                decimals=decimals,
                codes=codes,
                places=places,
                code_of=code_of,
                currency=currency,
            )
            for v in items
            if not _is_missing(v)
        ]
        if any(_SENTENCE_END.search(s.strip()) for s in shown):
            return "\n".join(s.strip() for s in shown)
        return t("table.list_sep", lang).join(shown)
    if _is_missing(value):
        return t("table.missing", lang)
    if isinstance(value, pd.Timestamp | dt.datetime):
        stamp = pd.Timestamp(value)
        return (
            stamp.strftime("%Y-%m-%d")
            if stamp == stamp.normalize()
            else stamp.strftime("%Y-%m-%d %H:%M")
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, pd.Period):
        return str(value)
    if isinstance(value, numbers.Number) and not isinstance(value, complex):
        number = float(value)
        if kind == "percent":
            if places is not None:
                return f"{number:.{places}%}"
            return f"{number:.1%}".replace(".0%", "%")
        if kind == "money":
            amount = f"{round(number):,}"
            return t("table.money", lang, amount=amount) if currency else amount
        if isinstance(value, numbers.Integral):
            return f"{int(value):,}"
        return _number(number, decimals, places)
    text = str(value)
    if "\n" not in text:  # a code is one line ("buy now", "young_high"); prose is never a key
        text = _code(text, lang, codes, code_of)
    # a literal backslash-n written into text by an export is a line break the author meant
    return text.replace("\\n", "\n")


class Table:
    """A DataFrame formatted by the house style; shows itself as HTML in a notebook.

    Build it with :func:`table`. ``str(tbl)``/:meth:`text` give aligned plain text,
    :meth:`html` the ``<table>`` (also what Jupyter displays), :meth:`to_frame` the shown
    strings as a DataFrame (headers translated), e.g. for a slide or an Excel sheet.
    ``spanner`` is a cross-table's column title (``(index columns, title)``): the name of what
    the columns are ("Income band" over Low, Middle, High), shown above them.
    """

    def __init__(
        self,
        cells: pd.DataFrame,
        kinds: list[str],
        caption: str | None = None,
        lang: str | None = None,
        spanner: tuple[int, str] | None = None,
    ) -> None:
        self._cells = cells
        self.kinds = kinds
        self.caption = caption
        self.lang = _lang(lang)
        self.spanner = spanner

    def to_frame(self) -> pd.DataFrame:
        """The shown text of every cell, under translated headers, without a row index."""
        return self._cells.copy()

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self._cells.columns]

    def __len__(self) -> int:
        return len(self._cells)

    def text(self) -> str:
        """Aligned plain text (numbers right, text left), every cell whole."""
        if self._cells.empty:
            return t("table.empty", self.lang)
        rows = [
            [c.replace("\n", " / ") for c in row]
            for row in self._cells.astype(str).itertuples(index=False)
        ]
        heads = self.columns
        widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(heads)]

        def line(cells: list[str]) -> str:
            parts = []
            for i, cell in enumerate(cells):
                pad = " " * (widths[i] - _width(cell))
                parts.append(cell + pad if self.kinds[i] == "text" else pad + cell)
            return " ".join(parts).rstrip()

        out = [line(heads)] + [line(r) for r in rows]
        if self.spanner:
            lead = sum(widths[: self.spanner[0]]) + self.spanner[0]
            out.insert(0, " " * lead + self.spanner[1])
        return "\n".join(out)

    __str__ = text

    def __repr__(self) -> str:
        return self.text()

    def html(self) -> str:
        """The table as HTML with inline styles, every cell escaped."""
        head = "".join(
            f'<th style="{_TH_STYLE};text-align:{_ALIGN[k]}">{_html.escape(h)}</th>'
            for h, k in zip(self.columns, self.kinds, strict=True)
        )
        body = []
        for row in self._cells.itertuples(index=False):
            cells = "".join(
                f'<td style="{_TD_STYLE};text-align:{_ALIGN[k]}">'
                f"{_html.escape(str(v)).replace(chr(10), '<br>')}</td>"
                for v, k in zip(row, self.kinds, strict=True)
            )
            body.append(f"<tr>{cells}</tr>")
        caption = (
            f'<caption style="caption-side:top;text-align:left;padding:2px 0 6px;font-weight:600">'
            f"{_html.escape(self.caption)}</caption>"
            if self.caption
            else ""
        )
        if not body:
            body.append(
                f'<tr><td colspan="{max(len(self.columns), 1)}" style="{_TD_STYLE}">{_html.escape(t("table.empty", self.lang))}</td></tr>'
            )
        over = ""
        if self.spanner:
            lead, title = self.spanner
            rest = len(self.columns) - lead
            over = (
                f'<tr><th colspan="{lead}" style="{_TH_STYLE};border-bottom:none"></th>'
                f'<th colspan="{rest}" style="{_TH_STYLE};text-align:center;border-bottom:1px solid #8a949e">'
                f"{_html.escape(title)}</th></tr>"
            )
        return (
            f'<table class="course-table" style="{_TABLE_STYLE}">{caption}'
            f"<thead>{over}<tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        )

    def _repr_html_(self) -> str:
        return self.html()


def _width(text: str) -> int:
    # wide (CJK) characters take two columns in a terminal
    return sum(2 if ord(ch) >= 0x1100 and not 0x2000 <= ord(ch) <= 0x27FF else 1 for ch in text)


def _meaningless(index: pd.Index) -> bool:
    """Row numbers that say nothing: an unnamed index of whole numbers — pandas' default 0, 1, 2 …
    or the positions a filter or a sort left behind (183, 238 …). Only 1, 2 … n, a rank, is kept."""
    if index.nlevels != 1 or index.name is not None:
        return False
    if not pd.api.types.is_integer_dtype(index.dtype):
        return False
    return not bool((np.asarray(index) == np.arange(1, len(index) + 1)).all()) or len(index) == 0


def _shares(values: pd.Series) -> bool:
    """Numbers that can be read as shares: all between 0 and 1 (a registry column that holds
    per cents or counts keeps its own format)."""
    if not pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype):
        return False
    present = values.dropna()
    return bool(((present >= -1e-9) & (present <= 1 + 1e-9)).all())


def _needed(values: np.ndarray, most: int) -> int:
    """The fewest decimal places (at most ``most``) that show every value as it is."""
    for places in range(most + 1):
        if np.allclose(values, np.round(values, places), rtol=0, atol=10 ** -(places + 6)):
            return places
    return most


def _places(values: pd.Series, kind: str, decimals: int, fixed: int | None) -> int | None:
    """One number of decimal places for a float column: ``fixed`` when given, else as many as
    the values need, at most ``decimals`` (per cents: at most one); ``None`` leaves each cell to
    itself (whole numbers, mixed columns)."""
    if kind == "money" or not pd.api.types.is_float_dtype(values.dtype):
        return fixed if kind == "percent" and fixed is not None else None
    if fixed is not None:
        return fixed
    present = values.dropna().astype(float).to_numpy()
    if kind == "percent":
        return _needed(present * 100, 1)
    return _needed(present, decimals)


def table(
    frame: pd.DataFrame | pd.Series,
    lang: str | None = None,
    *,
    money: Iterable[str] = (),
    percent: Iterable[str] = (),
    decimals: int | Mapping[str, int] = 2,
    codes: Mapping[str, Mapping[str, str]] | None = None,
    names: Mapping[str, str] | None = None,
    index: bool | None = None,
    caption: str | None = None,
    header_of: Vocabulary | None = None,
    code_of: Vocabulary | None = None,
    translate: bool = True,
) -> Table:
    """Format ``frame`` by the house style (see the module docstring) for the reader.

    Parameters
    ----------
    frame : DataFrame or Series
        The data, with the kit's machine names for columns (``lead_id``, ``converted``).
    lang : {"en", "zh"}, optional
        Reader's language (default: the current one).
    money, percent : iterable of str
        Columns (machine names) shown as currency or as per cent (shares 0–1), beyond the
        kit's own :data:`MONEY_COLUMNS` and :data:`SHARE_COLUMNS`.
    decimals : int or mapping of column → int
        Decimal places for a column of numbers that are not all whole (default 2; per cents
        1). A mapping sets them per column (the others keep 2).
    codes : mapping of column → {code: display name}, optional
        Translations for codes that have no ``value.<code>`` message.
    names : mapping of column → header, optional
        Headers to use instead of the ``col.<name>`` messages.
    index : bool, optional
        Show the index as the first column(s). Default: only when it means something
        (named, or not pandas' default 0, 1, 2 …).
    caption : str, optional
        A title above the table.
    header_of, code_of : callable, optional
        A chapter's own translation of headers and codes, ``(name, lang) -> text`` or
        ``None``; tried before the shared ``col.*``/``value.*`` messages.
    translate : bool
        ``False`` shows headers and cells as they are (a preview of someone's own file),
        only formatting numbers, dates, yes/no and missing values.

    Returns
    -------
    Table
        Displays as HTML in a notebook; ``.text()``, ``.html()``, ``.to_frame()``.
    """
    lang = _lang(lang)
    data = frame.to_frame() if isinstance(frame, pd.Series) else frame
    show_index = (not _meaningless(data.index)) if index is None else index
    across = data.columns.name if data.columns.nlevels == 1 else None
    spanner = None
    if show_index and across is not None and len(data.columns):
        # a cross-table: what the columns are goes above them, where pandas printed it
        spanner = (
            data.index.nlevels,
            header(across, lang, names, header_of if translate else None),
        )
    if show_index:
        unnamed = frame.index.nlevels == 1 and frame.index.name is None
        ranks = pd.api.types.is_integer_dtype(data.index.dtype)
        data = data.reset_index()
        # pandas calls an unnamed index "index": a rank is "#", row names need no header
        if unnamed:
            data = data.rename(columns={data.columns[0]: "#" if ranks else ""})
    money, percent = set(money), set(percent)
    codes = codes or {}
    if not translate:
        names = {column: str(column) for column in data.columns} | dict(names or {})
        header_of = code_of = None
    columns, kinds, heads = [], [], []
    for number, column in enumerate(data.columns):
        values = data.iloc[:, number]
        numeric = pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(
            values.dtype
        )
        if column in money or (column in MONEY_COLUMNS and numeric and column not in percent):
            kind = "money"
        elif column in percent or (column in SHARE_COLUMNS and _shares(values)):
            kind = "percent"
        else:
            kind = "auto"
        fixed = decimals.get(column) if isinstance(decimals, Mapping) else None
        default = decimals if isinstance(decimals, int) else 2
        places = _places(values, kind, default, fixed)
        head = header(column, lang, names, header_of)
        currency = t("table.currency", lang)
        shown = [
            cell_text(
                v,
                lang,
                kind=kind,
                decimals=default,
                codes=codes.get(column),
                places=places,
                code_of=code_of,
                currency=currency not in head,
            )
            if translate or not isinstance(v, str)
            else v.replace("\\n", "\n")
            for v in values
        ]
        columns.append(shown)
        heads.append(head)
        if pd.api.types.is_bool_dtype(values.dtype):
            kinds.append("mark")
        elif numeric:
            kinds.append("number")
        else:
            kinds.append("text")
    cells = pd.DataFrame(dict(enumerate(columns)), index=range(len(data)))
    cells.columns = heads
    return Table(cells, kinds, caption, lang, spanner)


def untranslated(
    frame: pd.DataFrame,
    lang: str = "zh",
    names: Mapping[str, str] | None = None,
    header_of: Vocabulary | None = None,
) -> list[str]:
    """Columns whose header would still show a machine name (snake_case) in ``lang``.

    >>> import pandas as pd
    >>> untranslated(pd.DataFrame({"lead_id": [], "made_up_thing": []}))
    ['made_up_thing']
    """
    out = []
    for column in frame.columns:
        shown = header(column, lang, names, header_of)
        if isinstance(column, str) and shown == column and _SNAKE.match(column) and "_" in column:
            out.append(column)
    return out
