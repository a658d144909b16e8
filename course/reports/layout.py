"""How the reports lay out their parts (报告版式): house-style tables, anchored headings, contents, key figures.

Every report (prospect, class, progress) builds its tables with :func:`report_table`, which follows the kit's house
style (:mod:`course.tables`: text left, numbers right, cell text whole, codes and headers in the reader's language, no
pandas row numbers) and adds what a report needs on top:

- money, shares, counts and dates formatted by the report's own formatters (the data's currency, ``万元`` in Chinese);
  a money column's header loses its ``(¥)``/``（元）`` since every cell already says the currency;
- English headers in sentence case, whichever chapter's catalogue named them (``account name`` → ``Account name``);
- a column that holds the same value in every row is said once above the table ("In every row: …") instead of being
  repeated down the rows, and a long text that repeats the row above reads "as above" ("同上"); a column with no
  value at all is left out and named;
- phone numbers and e-mail addresses masked unless the reader asked to see them (``--show-contacts``).

Every cell and header is escaped (a customer called ``<script>`` is shown as text).

>>> import pandas as pd
>>> frame = pd.DataFrame({"account_id": ["A1", "A2", "A3"], "amount": [1200.0, 80.5, 0.0], "status": ["due"] * 3})
>>> html = report_table(frame, {"amount": "money"}, lang="en")
>>> "In every row" in html and "¥1,200" in html and ">Amount<" in html
True
>>> mask_phone("13812345678"), mask_email("li.wei@example.com")
('138****5678', 'l***@example.com')
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from course import tables
from course.i18n import get_language, messages, t
from course.reports.formats import fmt_date, fmt_money, fmt_number, fmt_pct, in_currency

__all__ = ["Figure", "anchor", "column_header", "contents_html", "figures_html", "heading_html", "mask_contacts", "mask_email",
           "mask_phone", "note_html", "report_table", "sentence_case"]

#: where a column's display name is looked up, first match wins (the report's own names, then the chapters')
HEADER_KEYS = ("report.col.{}", "col.{}", "ch04.col.{}", "ch02.col.{}", "ch07.col.{}", "report.class.col.{}")

FORMATTERS: dict[str, Callable[[Any, str], str]] = {
    "money": lambda v, lang: fmt_money(v, lang),
    "pct": lambda v, lang: fmt_pct(v),
    "int": lambda v, lang: fmt_number(v),
    "num1": lambda v, lang: fmt_number(v, 1),
    "num2": lambda v, lang: fmt_number(v, 2),
    "date": lambda v, lang: fmt_date(v, lang),
    "g": lambda v, lang: "—" if v is None or v != v else f"{float(v):.3g}",
    # a score: every digit it has, up to two decimals (16.75 stays 16.75; 17.0 is 17)
    "score": lambda v, lang: "—" if v is None or v != v else f"{float(v):,.2f}".rstrip("0").rstrip("."),
}
_KIND = {"money": "number", "pct": "number", "int": "number", "num1": "number", "num2": "number", "g": "number", "score": "number",
         "date": "text"}
# a currency unit in a header, e.g. "Revenue (¥)", "revenue won (¥ 10,000)", "收入（元）", "消费额（万元）"
_UNIT = re.compile(r"\s*\((?:¥|￥)[^)]*\)|（万?元）")
_NOTE_COLOURS = {"info": "#1f5aa6", "skip": "#8c8c8c", "warn": "#b35900", "good": "#1b7f3b"}
_MISSING = "—"
#: a text cell at least this long that repeats the cell above it is shown as "as above" ("同上")
DITTO_CHARS = 30
#: a column whose cells are all this short (or a header this short) is kept on one line
SHORT_CHARS = 10


# --------------------------------------------------------------------------- contacts
def mask_phone(value: Any) -> Any:
    """Keep the first three and last four digits: ``138****5678``."""
    if not isinstance(value, str) or not value.strip():
        return value
    digits = re.sub(r"\D", "", value)
    if len(digits) <= 4:
        return "*" * len(digits)
    keep = 3 if len(digits) >= 10 else 0
    return digits[:keep] + "*" * (len(digits) - keep - 4) + digits[-4:]


def mask_email(value: Any) -> Any:
    """Keep the first letter and the domain: ``l***@example.com``."""
    if not isinstance(value, str) or "@" not in value:
        return value
    user, _, domain = value.strip().partition("@")
    return f"{user[:1]}***@{domain}"


def mask_contacts(frame: pd.DataFrame, show: bool = False) -> pd.DataFrame:
    """Mask every phone / e-mail column unless ``show`` (the reader passed ``--show-contacts``)."""
    if show:
        return frame
    out = frame.copy()
    for col in out.columns:
        name = str(col).lower()
        if "phone" in name or "mobile" in name or "tel" in name:
            out[col] = out[col].map(mask_phone)
        elif "email" in name or "e-mail" in name or name == "mail":
            out[col] = out[col].map(mask_email)
    return out


# --------------------------------------------------------------------------- headers
def sentence_case(text: str, lang: str) -> str:
    """English headers start with a capital (``account name`` → ``Account name``); Chinese ones are left alone.

    >>> sentence_case("account name", "en"), sentence_case("e-mail", "en"), sentence_case("MAN code", "en")
    ('Account name', 'E-mail', 'MAN code')
    """
    if lang != "en" or not text:
        return text
    return text[:1].upper() + text[1:]


def column_header(name: Any, lang: str | None = None) -> str:
    """A column name in the reader's language: the report's names, then the chapters', then the house style's."""
    lang = lang or get_language()
    if not isinstance(name, str):
        return "" if name is None else str(name)
    known = messages()
    for pattern in HEADER_KEYS:
        if pattern.format(name) in known:
            return t(pattern.format(name), lang)
    return tables.header(name, lang)


# --------------------------------------------------------------------------- tables
def _kinds(frame: pd.DataFrame, formats: Mapping[str, str]) -> list[str]:
    kinds = []
    for number, column in enumerate(frame.columns):
        values = frame.iloc[:, number]
        if column in formats:
            kinds.append(_KIND[formats[column]])
        elif pd.api.types.is_bool_dtype(values.dtype):
            kinds.append("mark")
        elif pd.api.types.is_numeric_dtype(values.dtype):
            kinds.append("number")
        else:
            kinds.append("text")
    return kinds


def report_table(frame: pd.DataFrame, formats: Mapping[str, str] | None = None, *, lang: str | None = None,
                 index: bool = False, show_contacts: bool = False, labeller: Callable | None = None,
                 once: bool = True, names: Mapping[str, str] | None = None, verbatim: Iterable[str] = ()) -> str:
    """A table as house-style HTML for a report (see the module docstring).

    Parameters
    ----------
    frame : DataFrame
        The data, with the kit's machine names for columns.
    formats : mapping of column → kind, optional
        ``money``, ``pct``, ``int``, ``num1``, ``num2``, ``g`` (three significant digits, no trailing zeros) or
        ``date``: shown by the report's formatters.
    lang : {"en", "zh"}, optional
        The reader's language (default: the current one).
    index : bool
        Show the index as the first column(s).
    show_contacts : bool
        Show phone numbers and e-mail addresses in full.
    labeller : callable, optional
        A chapter's ``labels`` function: translates its ids and headers (applied after formatting).
    once : bool
        Say a column that is the same in every row (of three or more) once above the table, and write "as above" for
        a long text that repeats the row above.
    names : mapping of column → header, optional
        Headers to use instead of the catalogue's.
    verbatim : iterable of str
        Columns shown exactly as written (names, answers): never read as codes to translate.

    Returns
    -------
    str
        ``<div>`` holding an optional note and the ``<table>``.
    """
    lang = lang or get_language()
    formats = dict(formats or {})
    verbatim = set(verbatim)
    src = mask_contacts(frame, show_contacts)
    machine_frame = src.reset_index() if index else src.reset_index(drop=True)
    machine = list(machine_frame.columns)
    kinds = _kinds(machine_frame, formats)
    shown = src.copy()
    for column, kind in formats.items():
        if column in shown.columns:
            shown[column] = [FORMATTERS[kind](v, lang) for v in shown[column]]
    if labeller is not None:
        shown = labeller(shown)
    shown = shown.reset_index() if index else shown.reset_index(drop=True)
    if len(shown.columns) != len(machine):  # a labeller must only rename
        raise ValueError(f"the labeller changed the table's columns: {machine} -> {list(shown.columns)}")
    columns, heads = [], []
    for number, name in enumerate(machine):
        values = shown.iloc[:, number]
        if name in formats:
            # a date or an amount is one word: it never breaks over two lines
            cells = [_MISSING if v is None or (isinstance(v, float) and pd.isna(v)) else str(v).replace(" ", "\u00a0")
                     for v in values]
        elif name in verbatim:
            cells = [_MISSING if v is None or (isinstance(v, float) and pd.isna(v)) else str(v) for v in values]
        else:
            cells = [tables.cell_text(v, lang) for v in values]
        columns.append(cells)
        label = shown.columns[number]
        if names and name in names:
            head = str(names[name])
        elif isinstance(name, str) and f"report.col.{name}" in messages():  # the report's own name wins: one name per column
            head = t(f"report.col.{name}", lang)
        elif label == name:
            head = column_header(name, lang)
        else:
            head = str(label)
        head = in_currency(head)
        if formats.get(name) == "money":
            head = _UNIT.sub("", head).strip() or head
        heads.append(sentence_case(head, lang))
    said, empty = [], []
    keep = list(range(len(machine)))
    rows = len(shown)
    if once and rows >= 3:
        for number in range(1, len(machine)):  # the first column names the row: always kept
            cells = columns[number]
            if all(c == _MISSING for c in cells):
                empty.append(heads[number])
                keep.remove(number)
            elif len(set(cells)) == 1 and "\n" not in cells[0]:
                said.append((heads[number], cells[0]))
                keep.remove(number)
        above = t("report.layout.as_above", lang)
        for number in keep[1:]:  # a long text repeated from the row above is not written out again
            if kinds[number] == "text":
                cells = columns[number]
                columns[number] = [above if k and c == cells[k - 1] and len(c) >= DITTO_CHARS else c
                                   for k, c in enumerate(cells)]
    cells = pd.DataFrame({k: columns[i] for k, i in enumerate(keep)}, index=range(rows))
    cells.columns = [heads[i] for i in keep]
    table = tables.Table(cells, [kinds[i] for i in keep], None, lang)
    short = [kinds[i] != "text" or machine[i] in formats or all(len(c) <= SHORT_CHARS for c in columns[i]) for i in keep]
    notes = []
    if said:
        sep = "；" if lang == "zh" else "; "
        items = sep.join(t("report.layout.item", lang, header=h, value=v) for h, v in said)
        notes.append(t("report.layout.every_row", lang, items=items))
    if empty:
        notes.append(t("report.layout.no_values", lang, columns=tables.cell_text(empty, lang)))
    head = "".join(f'<p class="report-table-note" style="margin:6px 0 2px;color:#444">{html.escape(n)}</p>'
                   for n in notes)
    markup = _nowrap(table.html(), short, [len(heads[i]) <= SHORT_CHARS for i in keep])
    return f'<div class="report-table">{head}{markup}</div>'


def _nowrap(markup: str, cells: list[bool], heads: list[bool]) -> str:
    """Keep the flagged columns' cells (and short headers) on one line: a date, an amount or a code never breaks.

    Chinese text may break between any two characters, so without this "2026年7月7日" or "客户编号" can wrap.
    The cells are escaped text, so a ``<td`` or ``<th`` in the markup is always a cell.
    """
    def row(match: re.Match) -> str:
        flags = heads if "<th" in match.group(0) else cells
        count = iter(range(len(flags)))

        def cell(tag: re.Match) -> str:
            k = next(count, None)
            return f'{tag.group(0)}white-space:nowrap;' if k is not None and flags[k] else tag.group(0)

        return re.sub(r'<t[dh] style="', cell, match.group(0))

    return re.sub(r"<tr>.*?</tr>", row, markup, flags=re.DOTALL)


# --------------------------------------------------------------------------- headings, notes, contents
def anchor(sid: str) -> str:
    """The HTML id of a section (``report-rfm``): what the contents link to."""
    return "report-" + re.sub(r"[^A-Za-z0-9_-]+", "-", sid)


def heading_html(sid: str, text: str, level: int = 2, number: str | None = None) -> str:
    """A section heading with an id the contents can link to; ``number`` (``"3"``, ``"3.1"``) goes in front."""
    shown = f"{number} {text}" if number else text
    return f'<h{level} id="{anchor(sid)}">{html.escape(shown)}</h{level}>'


def note_html(text: str, kind: str = "info") -> str:
    """A short boxed note (escaped)."""
    colour = _NOTE_COLOURS[kind]
    return (f'<div class="report-note" style="border-left:4px solid {colour};background:#f6f8fa;padding:6px 10px;'
            f'margin:6px 0">{html.escape(text)}</div>')


def contents_html(entries: Iterable[tuple[str, str, int, str | None]], title: str,
                  left_out: Iterable[str] = (), left_out_title: str = "") -> str:
    """A linked table of contents: ``(section id, title, level, number)`` per entry; level 3 entries are indented."""
    items = []
    for sid, text, level, number in entries:
        pad = "margin-left:1.6em;" if level > 2 else ""
        shown = f"{number} {text}" if number else text
        items.append(f'<li style="{pad}list-style:none;margin-top:2px"><a href="#{anchor(sid)}">'
                     f"{html.escape(shown)}</a></li>")
    out = (f'<nav class="report-contents" style="margin:10px 0 18px"><h2 id="{anchor("contents")}">'
           f'{html.escape(title)}</h2><ul style="padding-left:0;margin:4px 0;columns:2 22em">{"".join(items)}</ul>')
    left = list(left_out)
    if left:
        out += (f'<p style="margin:8px 0 0;color:#555"><strong>{html.escape(left_out_title)}</strong> '
                f"{html.escape(tables.cell_text(left, get_language()))}</p>")
    return out + "</nav>"


@dataclass
class Figure:
    """One headline figure of a summary: what it is, the number, and a short note under it."""

    label: str
    value: str
    note: str = ""


def figures_html(figures: Iterable[Figure]) -> str:
    """Headline figures side by side as small cards (they wrap on a narrow page)."""
    cards = []
    for f in figures:
        note = f'<div style="font-size:12px;color:#555;margin-top:2px">{html.escape(f.note)}</div>' if f.note else ""
        cards.append(
            '<div style="border:1px solid #dde1e5;border-radius:6px;padding:8px 12px;background:#fbfcfd">'
            f'<div style="font-size:12px;color:#555">{html.escape(f.label)}</div>'
            f'<div style="font-size:21px;font-weight:600;margin-top:2px">{html.escape(f.value)}</div>{note}</div>')
    return ('<div class="report-figures" style="display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));'
            f'gap:10px;margin:8px 0 12px">{"".join(cards)}</div>')
