"""Inputs and presentation of the prospect report (潜在客户分析报告).

The report runs on the kit's bundled data or on a user's own files:

* :func:`load_inputs` reads a bundled dataset name (``default``, ``huaxin``,
  ``yuexiang`` or one table such as ``b2b_orders``), a single file (CSV in
  UTF-8/GBK, Excel, SQLite) or a folder of files, matches each file to one of
  the kit's tables by its name (``orders.csv``, ``订单.xlsx`` …) or else by its
  columns, and applies a ``--columns`` YAML mapping (global, or one per table).
  Reading goes through :func:`course.data.read_table`, checks through
  :func:`course.data.validate`.
* :func:`select` applies the report's parameters (period, product, region)
  and picks the as-of date; :func:`sections_ready` says which sections have
  their data and what would enable the others.
* :func:`html_table` renders a table with every cell escaped and numbers,
  money and dates formatted for the report's language; contact details are
  masked by :func:`mask_contacts` unless the reader asked to see them.

>>> fmt_money(1234567, "zh"), fmt_money(1234567, "en")
('123.5 万元', '¥1,234,567')
>>> mask_phone("13812345678"), mask_email("li.wei@example.com")
('138****5678', 'l***@example.com')
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from course.data import (
    DataError,
    apply_mapping,
    list_datasets,
    load,
    numeric_columns,
    read_table,
    validate,
)
from course.i18n import messages, t
from course.schemas import SCHEMAS

BUNDLES: dict[str, tuple[str, ...]] = {
    "default": tuple(SCHEMAS),
    "huaxin": tuple(n for n, s in SCHEMAS.items() if s["business"] == "b2b"),
    "yuexiang": tuple(n for n, s in SCHEMAS.items() if s["business"] == "b2c"),
}
#: other file names (stems, lower case) each table is recognised by
ALIASES: dict[str, tuple[str, ...]] = {
    "b2b_reps": ("reps", "sales_reps", "销售代表", "业务员"),
    "b2b_accounts": ("accounts", "customers", "客户", "客户档案"),
    "b2b_contacts": ("contacts", "联系人"),
    "b2b_leads": ("leads", "prospects", "线索", "潜在客户"),
    "b2b_orders": ("orders", "sales", "订单", "销售"),
    "b2b_tickets": ("tickets", "service", "工单", "服务记录"),
    "b2c_members": ("members", "会员"),
    "b2c_transactions": ("transactions", "receipts", "交易", "消费记录"),
    "b2c_basket_items": ("basket_items", "baskets", "items", "购物篮", "商品明细"),
}
READABLE = {".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".db", ".sqlite", ".sqlite3"}
BUNDLED_AS_OF = "2026-06-30"  # the bundled data's "today" (datasets/README.md)
#: above this many baskets the cross-sell rules are mined from a seeded random sample of them (said in the report)
MAX_RULE_BASKETS = 200_000

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


# --------------------------------------------------------------------------- reading
@dataclass
class ReportInputs:
    """The tables a report runs on, where they came from, and what was set aside."""

    tables: dict[str, pd.DataFrame]
    sources: dict[str, str] = field(default_factory=dict)
    notes: list[dict[str, str]] = field(default_factory=list)
    bundled: bool = False
    name: str = ""


def _table_for_name(stem: str) -> str | None:
    key = stem.strip().lower().replace(" ", "_").replace("-", "_")
    for table in SCHEMAS:
        if key == table or key in ALIASES.get(table, ()):
            return table
    return None


def _read_mapping(columns: Mapping | str | os.PathLike | None) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """``(global mapping, per-table mappings)``, both user column -> kit column."""
    if columns is None or columns == "":
        return {}, {}
    if isinstance(columns, Mapping):
        raw: Any = dict(columns)
        src = "columns"
    else:
        import yaml

        path = Path(columns)
        src = path.name
        if not path.is_file():
            raise _error(f"{path}: column mapping file not found. Fix: give the path of a YAML file with one "
                         f"'your column: kit_column' pair per line.",
                         f"{path}：找不到列名映射文件。解决办法：给出 YAML 文件的路径，每行一对“您的列名: 本工具的列名”。", src)
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        except (yaml.YAMLError, UnicodeDecodeError) as e:
            raise _error(f"{src}: the column mapping is not valid YAML ({type(e).__name__}). Fix: write one "
                         f"'your column: kit_column' pair per line (or one block per table), saved as UTF-8.",
                         f"{src}：列名映射不是合法的 YAML（{type(e).__name__}）。解决办法：每行写一对“您的列名: 本工具的列名”"
                         f"（或每张表一段），并以 UTF-8 保存。", src) from e
    if isinstance(raw, dict) and isinstance(raw.get("columns"), dict):
        raw = raw["columns"]
    if not isinstance(raw, dict) or not raw:
        raise _error(f"{src}: the column mapping must be a YAML mapping like '订单日期: order_date', or one such block "
                     f"per table under its name (b2b_orders: …). Fix: rewrite the file in that form.",
                     f"{src}：列名映射必须是 YAML 映射，形如“订单日期: order_date”，或按表名分段（b2b_orders: …）。"
                     f"解决办法：按这种格式改写文件。", src)
    flat: dict[str, str] = {}
    per_table: dict[str, dict[str, str]] = {}
    for key, value in raw.items():
        table = _table_for_name(str(key)) if isinstance(value, dict) else None
        if isinstance(value, dict):
            if table is None:
                raise _error(f"{src}: '{key}' is not one of the kit's tables ({', '.join(SCHEMAS)}). Fix: name the block "
                             f"after a table, e.g. 'b2b_orders:'.",
                             f"{src}：'{key}' 不是本工具的数据表（{', '.join(SCHEMAS)}）。解决办法：用表名作段名，例如“b2b_orders:”。", src)
            per_table[table] = {str(k): str(v) for k, v in value.items()}
        else:
            flat[str(key)] = str(value)
    return flat, per_table


def _match_by_columns(found: list[str], src: str) -> str:
    """The kit table whose required columns the file has (most known columns wins)."""
    scores = []
    for table, spec in SCHEMAS.items():
        required = [c for c, s in spec["columns"].items() if s["required"]]
        missing = [c for c in required if c not in found]
        known = sum(c in found for c in spec["columns"])
        scores.append((len(missing), -known, table, missing))
    scores.sort()
    best = scores[0]
    if best[0] == 0:
        return best[2]
    near = [s for s in scores if s[1] < 0][:3] or scores[:1]
    wants_en = "; ".join(f"{s[2]} needs {', '.join(s[3])}" for s in near)
    wants_zh = "；".join(f"{s[2]} 还缺 {'、'.join(s[3])}" for s in near)
    example = near[0][3][0]
    raise _error(
        f"{src}: missing required columns for every section of the report — the file (columns: {', '.join(found)}) "
        f"does not match any of the kit's tables: {wants_en}. Fix: rename the columns, or pass --columns MAPPING.yaml "
        f"with lines like 'your column: {example}'; or name the file after its table (e.g. orders.csv).",
        f"{src}：报告的每个部分都缺少必需的列——该文件（列：{'、'.join(found)}）对不上本工具的任何一张表：{wants_zh}。"
        f"解决办法：修改列名，或用 --columns 映射.yaml 指定对应关系（每行形如“您的列名: {example}”）；"
        f"也可以按表名给文件命名（例如 orders.csv）。", src, example)


def _mapping_for(table: str | None, found: list[str], flat: dict[str, str], per_table: dict[str, dict[str, str]]) -> dict[str, str]:
    mapping = {k: v for k, v in flat.items() if k in found}
    if table is not None:
        mapping.update(per_table.get(table, {}))
    return mapping


def _note(inputs: ReportInputs, en: str, zh: str) -> None:
    inputs.notes.append({"en": en, "zh": zh})


_BOOL_WORDS = {"true": True, "t": True, "yes": True, "y": True, "1": True, "是": True, "对": True, "真": True,
               "false": False, "f": False, "no": False, "n": False, "0": False, "否": False, "错": False, "假": False}


def _add_table(inputs: ReportInputs, table: str, frame: pd.DataFrame, src: str) -> None:
    try:
        inputs.tables[table] = validate(frame, table, source=src)
        inputs.sources[table] = src
    except DataError as e:  # this table cannot be used; the others may still make a report
        _note(inputs, f"{src} was set aside: {e.en}", f"{src} 未被使用：{e.zh}")


def _read_file(path: Path, inputs: ReportInputs, flat: dict[str, str], per_table: dict[str, dict[str, str]],
               used: set[str], say: Callable[[str], None]) -> None:
    say(t("report.reading_file", name=path.name))
    table = _table_for_name(path.stem)
    # the kit's number columns, under the user's names too, go straight to numbers when every cell is one
    numeric = numeric_columns({**flat, **per_table.get(table or "", {})})
    frame = read_table(path, numeric=numeric)  # raises for unreadable files and bad encodings
    found = [str(c) for c in frame.columns]
    if table is None:
        table = _match_by_columns([_mapping_for(None, found, flat, per_table).get(c, c) for c in found], path.name)
        if table in per_table:
            table = _match_by_columns([_mapping_for(table, found, flat, per_table).get(c, c) for c in found], path.name)
    mapping = _mapping_for(table, found, flat, per_table)
    frame = apply_mapping(frame, mapping, path.name) if mapping else frame  # names absent mapped columns
    used.update(mapping)
    if table in inputs.tables:
        _note(inputs, f"{path.name} was ignored: {inputs.sources[table]} already gives the table {table}.",
              f"{path.name} 未被使用：{inputs.sources[table]} 已经提供了 {table} 表。")
        return
    _add_table(inputs, table, frame, path.name)


def load_inputs(data: str | os.PathLike | None = None, columns: Mapping | str | os.PathLike | None = None, *,
                progress: Callable[[str], None] | None = None) -> ReportInputs:
    """The report's tables from a bundled dataset name, a file or a folder of files.

    Parameters
    ----------
    data : str or path, optional
        ``default`` (both businesses, the default), ``huaxin`` (B2B tables),
        ``yuexiang`` (B2C tables), one bundled table name, a file, or a folder.
    columns : mapping or path, optional
        YAML mapping ``your column: kit_column`` applied to every file, or one
        block per table (``b2b_orders: {单号: order_id, …}``).
    progress : callable, optional
        Told which file is being read.

    Raises
    ------
    course.data.DataError
        Unknown dataset, unreadable file, wrong encoding, a mapping naming
        columns no file has, or no usable table at all.

    Examples
    --------
    >>> inputs = load_inputs("huaxin")          # doctest: +SKIP
    >>> sorted(inputs.tables)[:2]               # doctest: +SKIP
    ['b2b_accounts', 'b2b_contacts']
    """
    say = progress or (lambda step: None)
    name = "default" if data is None or str(data).strip() == "" else str(data)
    flat, per_table = _read_mapping(columns)
    path = Path(name)
    if not path.exists():
        options = [*BUNDLES, *list_datasets()]
        if name in options:
            inputs = ReportInputs({}, bundled=True, name=name)
            for table in BUNDLES.get(name, (name,)):
                say(t("report.loading_bundled", table=table))
                inputs.tables[table] = load(table)
                inputs.sources[table] = f"{table}.csv"
            return inputs
        looks_like_path = any(sep in name for sep in ("/", "\\")) or Path(name).suffix.lower() in READABLE
        if looks_like_path:
            read_table(path)  # the reader's own "file not found" message, with the current folder
        import difflib

        near = difflib.get_close_matches(name, options, n=1)
        hint_en, hint_zh = (f" Did you mean '{near[0]}'?", f"您是不是要找 '{near[0]}'？") if near else ("", "")
        raise _error(f"'{name}' is neither a bundled dataset nor an existing file or folder. Bundled datasets: "
                     f"{', '.join(options)}.{hint_en} Fix: pass one of these names, or the path of your file or folder.",
                     f"'{name}' 既不是内置数据集，也不是存在的文件或文件夹。内置数据集：{', '.join(options)}。{hint_zh}"
                     f"解决办法：传入上面的名称之一，或您的文件、文件夹的路径。", name)
    inputs = ReportInputs({}, name=path.name or str(path))
    used: set[str] = set()
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in READABLE and not p.name.startswith((".", "~$")))
        if not files:
            raise _error(f"{path}: the folder holds no data files ({', '.join(sorted(READABLE))}). Fix: put your CSV or "
                         f"Excel files in it, named after the kit's tables (orders.csv, leads.xlsx …).",
                         f"{path}：文件夹中没有数据文件（{', '.join(sorted(READABLE))}）。解决办法：把 CSV 或 Excel 文件放进去，"
                         f"并按本工具的表名命名（orders.csv、leads.xlsx……）。", str(path))
        for file in files:
            try:
                _read_file(file, inputs, flat, per_table, used, say)
            except DataError as e:
                if e.column is None or "mapping" in e.en:  # unreadable file or a bad mapping: stop and say so
                    raise
                _note(inputs, f"{file.name} was set aside: {e.en}", f"{file.name} 未被使用：{e.zh}")
    else:
        _read_file(path, inputs, flat, per_table, used, say)
    absent = [k for k in flat if k not in used]
    if absent:
        raise _error(f"{inputs.name}: the column mapping names {', '.join(absent)}, but no file has such a column. "
                     f"Fix: correct those names in the mapping (they must be spelled as in your files' header row).",
                     f"{inputs.name}：列名映射中的 {'、'.join(absent)} 在任何文件里都不存在。解决办法：改正映射中的这些列名"
                     f"（须与文件表头完全一致）。", inputs.name, absent[0])
    if not inputs.tables:
        why_en = " ".join(n["en"] for n in inputs.notes)
        why_zh = "".join(n["zh"] for n in inputs.notes)
        raise _error(f"{inputs.name}: missing required columns for every section of the report. {why_en}",
                     f"{inputs.name}：报告的每个部分都缺少必需的列。{why_zh}", inputs.name)
    return inputs


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


def infer_as_of(tables: Mapping[str, pd.DataFrame]) -> pd.Timestamp:
    """"Today" for a user's data: the last date of the last month with ordinary activity.

    A month with less than a quarter of the median monthly rows (e.g. two
    mistyped future orders) does not count.
    """
    dates = [tables[t][c] for t, c in DATE_COLUMNS.items() if t in tables and c in tables[t]]
    if not dates:
        return pd.Timestamp.today().normalize()
    allx = pd.concat(dates).dropna()
    if allx.empty:
        return pd.Timestamp.today().normalize()
    counts = allx.dt.to_period("M").value_counts().sort_index()
    usual = counts[counts >= 0.25 * counts.median()]
    return allx[allx.dt.to_period("M") == usual.index[-1]].max().normalize()


@dataclass
class Selection:
    """The tables after the report's filters, plus the full history the replacement cycle needs."""

    tables: dict[str, pd.DataFrame]
    history: dict[str, pd.DataFrame]
    as_of: pd.Timestamp
    period: tuple[pd.Timestamp, pd.Timestamp] | None
    notes: list[dict[str, str]]


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
    elif span is not None:
        today = span[1]
    else:
        today = pd.Timestamp(BUNDLED_AS_OF) if inputs.bundled else infer_as_of(inputs.tables)
    if span is not None:
        for name, col in DATE_COLUMNS.items():
            if name in tabs and col in tabs[name]:
                d = tabs[name][col]
                tabs[name] = tabs[name].loc[(d >= span[0]) & (d <= span[1])]
                history[name] = history[name].loc[history[name][col] <= span[1]]
    return Selection(tabs, history, today, span, notes)


def sections_ready(tables: Mapping[str, pd.DataFrame]) -> dict[str, tuple[str, ...] | None]:
    """Section id -> ``None`` when its data is there, else the (table, columns) it would need, described."""
    out: dict[str, tuple[str, ...] | None] = {}
    for sid, options in SECTIONS.items():
        options = options + EXTRA_NEEDS.get(sid, ())

        def has(opt: tuple[str, tuple[str, ...]]) -> bool:
            table, cols = opt
            return table in tables and not tables[table].empty and all(c in tables[table].columns for c in cols)

        ok = all(has(o) for o in options) if sid in NEEDS_ALL else any(has(o) for o in options)
        out[sid] = None if ok else tuple(f"{table} ({', '.join(cols)})" for table, cols in options if not has((table, cols)))
    return out


# --------------------------------------------------------------------------- formatting
def fmt_number(value: Any, digits: int = 0) -> str:
    """``1234.5`` → ``1,235`` (``—`` for a missing value)."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return "—"
    return f"{float(value):,.{digits}f}"


def fmt_money(value: Any, lang: str | None = None) -> str:
    """Yuan: ``¥1,234,567`` in English, ``123.5 万元`` (or ``980 元``) in Chinese."""
    if value is None or pd.isna(value):
        return "—"
    v = float(value)
    if (lang or _lang()) == "zh":
        if abs(v) >= 100_000_000:
            return f"{v / 1e8:,.2f} 亿元"
        return f"{v / 1e4:,.1f} 万元" if abs(v) >= 10_000 else f"{v:,.0f} 元"
    return f"-¥{-v:,.0f}" if v < 0 else f"¥{v:,.0f}"


def fmt_pct(value: Any, digits: int = 1) -> str:
    """A share 0–1 as a percentage: ``0.763`` → ``76.3%``."""
    if value is None or pd.isna(value):
        return "—"
    return f"{100 * float(value):.{digits}f}%"


def fmt_date(value: Any, lang: str | None = None) -> str:
    """``30 Jun 2026`` in English, ``2026年6月30日`` in Chinese."""
    if value is None or pd.isna(value):
        return "—"
    d = pd.Timestamp(value)
    return f"{d.year}年{d.month}月{d.day}日" if (lang or _lang()) == "zh" else f"{d.day} {d.strftime('%b')} {d.year}"


def _lang() -> str:
    from course.i18n import get_language

    return get_language()


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


_HEADER_KEYS = ("report.col.{}", "col.{}", "ch02.col.{}", "ch04.col.{}", "ch07.col.{}")


def header(name: Any, lang: str | None = None) -> Any:
    """A column name in the report's language (the report's own names first, then the chapters')."""
    if not isinstance(name, str):
        return name
    known = messages()
    for pattern in _HEADER_KEYS:
        if pattern.format(name) in known:
            return t(pattern.format(name), lang)
    return name


_FORMATTERS: dict[str, Callable[[Any, str], str]] = {
    "money": lambda v, lang: fmt_money(v, lang),
    "pct": lambda v, lang: fmt_pct(v),
    "int": lambda v, lang: fmt_number(v),
    "num1": lambda v, lang: fmt_number(v, 1),
    "num2": lambda v, lang: fmt_number(v, 2),
    "date": lambda v, lang: fmt_date(v, lang),
}


def html_table(frame: pd.DataFrame, formats: Mapping[str, str] | None = None, *, lang: str | None = None,
               index: bool = False, show_contacts: bool = False, labeller: Callable | None = None):
    """A table as escaped HTML: values formatted, contacts masked, headers in the report's language.

    ``formats`` maps a column to ``money``, ``pct``, ``int``, ``num1``, ``num2``
    or ``date``. ``labeller`` (a chapter's ``labels``) translates ids after
    formatting; :func:`header` then names the remaining columns. Every cell goes through ``DataFrame.to_html(escape=True)``, so
    a customer called ``<script>`` is shown as text.
    """
    from IPython.display import HTML

    lang = lang or _lang()
    out = mask_contacts(frame, show_contacts).copy()
    for col, kind in (formats or {}).items():
        if col in out.columns:
            out[col] = [_FORMATTERS[kind](v, lang) for v in out[col]]
    if labeller is not None:
        out = labeller(out)
    out.columns = [header(c, lang) for c in out.columns]
    out.index.names = [header(n, lang) for n in out.index.names]
    markup = out.to_html(escape=True, index=index, border=0, na_rep="—", classes="report-table")
    return HTML(markup)


def note(key: str | Mapping[str, str], kind: str = "info", **values: Any):
    """A short boxed note: a message key (formatted with ``values``) or a bilingual ``{"en", "zh"}`` text; escaped."""
    from IPython.display import HTML

    colour = {"info": "#1f5aa6", "skip": "#8c8c8c", "warn": "#b35900"}[kind]
    text = html.escape(key[_lang()] if isinstance(key, Mapping) else t(key, **values))
    return HTML(f'<div style="border-left:4px solid {colour};background:#f6f8fa;padding:6px 10px;margin:6px 0">{text}</div>')


class section:  # noqa: N801 - used as ``with section(...)`` in the template
    """One report section: shows its heading, skips with a note when its data is absent, never lets an error out.

    >>> with section("rfm", ready) as s:           # doctest: +SKIP
    ...     if s.ready:
    ...         display(...)

    A failure inside shows a note naming the problem (papermill stops on any
    error output, and one bad table must not cost the reader the whole report).
    """

    def __init__(self, sid: str, ready: Mapping[str, tuple[str, ...] | None], level: int = 2):
        self.sid, self.level = sid, level
        self.missing = ready.get(sid)
        self.ready = self.missing is None

    def __enter__(self) -> section:
        from IPython.display import Markdown, display

        display(Markdown(f"{'#' * self.level} {t(f'report.section.{self.sid}')}"))
        if not self.ready:
            display(note("report.skipped", "skip", needs="; ".join(self.missing or ())))
        return self

    def __exit__(self, kind, error, tb) -> bool:
        if error is None or not isinstance(error, Exception):
            return False
        from IPython.display import display

        lang = _lang()
        text = getattr(error, lang, None) or f"{type(error).__name__}: {error}"
        display(note("report.failed", "warn", error=text))
        return True


__all__ = [
    "ALIASES", "BUNDLES", "MAX_RULE_BASKETS", "SECTIONS", "ReportInputs", "Selection", "fmt_date", "fmt_money", "fmt_number", "fmt_pct",
    "header", "html_table", "infer_as_of", "load_inputs", "mask_contacts", "mask_email", "mask_phone", "note",
    "parse_period", "section", "sections_ready", "select",
]
