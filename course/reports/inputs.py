"""The report's data: a bundled dataset, a file or a folder, read as it comes (报告的数据读取).

* :func:`load_inputs` reads a bundled dataset name (``default``, ``huaxin``,
  ``yuexiang`` or one table such as ``b2b_orders``), a single file (CSV in any
  encoding :mod:`course.sniff` can tell, Excel, SQLite, a one-basket-per-line
  list) or a folder of files, and decides which of the kit's tables each file
  is: by its name (``orders.csv``, ``订单.xlsx`` …), by a per-table block of the
  ``--columns`` mapping whose columns it has (whatever the file is called), by
  holding the ``--target`` column (a user's own leads), or by its columns.
* In a folder, a file that cannot be used (a notes file, an unknown layout)
  is set aside with a note saying why; a mistake in the mapping stops the
  report, naming the column and the closest real one.
* Order lines are made fit for counting by :func:`course.order_lines.prepare_orders`
  (returns netted, rows without a customer set aside …); every step is kept
  for the report's "data as read" section.

Options (:class:`ReportOptions`) come from the command line or from the
mapping file's reserved keys ``target``, ``features``, ``keep_features``,
``currency`` and ``dayfirst``.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
from course.i18n import t
from course.schemas import SCHEMAS

__all__ = ["ALIASES", "BUNDLES", "READABLE", "RESERVED", "ReportInputs", "ReportOptions", "load_inputs", "read_mapping"]

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
#: fewer lines than this in a folder's basket list not named as baskets: a notes file, not baskets
MIN_BASKET_LIST = 30
#: keys of a mapping file that are settings, not column names
RESERVED = ("target", "features", "keep_features", "currency", "dayfirst")


def _error(en: str, zh: str, source: str | None = None, column: str | None = None) -> DataError:
    return DataError(en, zh, source=source, column=column)


@dataclass
class ReportOptions:
    """How to read and treat the data (command line, or the mapping file's reserved keys)."""

    target: str | None = None
    features: list[str] | None = None
    keep_features: list[str] = field(default_factory=list)
    currency: str | None = None
    dayfirst: bool | None = None
    encoding: str | None = None
    returns: str = "net"
    duplicates: str = "drop"
    anonymous: str = "rules"

    @property
    def target_column(self) -> str | None:
        """The outcome column of ``--target COLUMN[=WIN]``."""
        return self.target.split("=", 1)[0].strip() if self.target else None

    @property
    def positive(self) -> str | None:
        """The outcome value counted as a win, when ``--target COLUMN=WIN`` names it."""
        return self.target.split("=", 1)[1].strip() if self.target and "=" in self.target else None

    def merged(self, settings: Mapping[str, Any]) -> ReportOptions:
        """These options, with the mapping file's settings where the command line left a value unset."""
        out = ReportOptions(**self.__dict__)
        for key in RESERVED:
            if key in settings and getattr(out, key) in (None, [], ""):
                value = settings[key]
                if key in ("features", "keep_features") and isinstance(value, str):
                    value = [v.strip() for v in value.split(",") if v.strip()]
                setattr(out, key, value)
        return out


@dataclass
class ReportInputs:
    """The tables a report runs on, where they came from, what was decided and what was set aside."""

    tables: dict[str, pd.DataFrame]
    sources: dict[str, str] = field(default_factory=dict)
    notes: list[dict[str, str]] = field(default_factory=list)
    bundled: bool = False
    name: str = ""
    options: ReportOptions = field(default_factory=ReportOptions)
    #: what the reader decided about each file (encoding, date order …), as {"en", "zh"} sentences
    read_notes: list[dict[str, str]] = field(default_factory=list)
    #: course.order_lines.PreparedOrders per table that was made fit for counting (its steps feed "data as read")
    prepared: dict[str, Any] = field(default_factory=dict)
    #: rows read from each table's file, before anything was set aside
    rows_read: dict[str, int] = field(default_factory=dict)


def _table_for_name(stem: str) -> str | None:
    key = stem.strip().lower().replace(" ", "_").replace("-", "_")
    for table in SCHEMAS:
        if key == table or key in ALIASES.get(table, ()):
            return table
    return None


def read_mapping(columns: Mapping | str | os.PathLike | None) -> tuple[dict[str, str], dict[str, dict[str, str]], dict]:
    """``(global mapping, per-table mappings, settings)``; mappings go user column -> kit column.

    Settings are the reserved keys (:data:`RESERVED`): ``target``, ``features`` …
    """
    if columns is None or columns == "":
        return {}, {}, {}
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
        settings = {k: v for k, v in raw.items() if k in RESERVED}
        raw = {**raw["columns"], **settings}
    if not isinstance(raw, dict) or not raw:
        raise _error(f"{src}: the column mapping must be a YAML mapping like '订单日期: order_date', or one such block "
                     f"per table under its name (b2b_orders: …). Fix: rewrite the file in that form.",
                     f"{src}：列名映射必须是 YAML 映射，形如“订单日期: order_date”，或按表名分段（b2b_orders: …）。"
                     f"解决办法：按这种格式改写文件。", src)
    flat: dict[str, str] = {}
    per_table: dict[str, dict[str, str]] = {}
    settings: dict[str, Any] = {}
    for key, value in raw.items():
        if key in RESERVED and not isinstance(value, dict):
            settings[key] = value
            continue
        if isinstance(value, dict):
            table = _table_for_name(str(key))
            if table is None:
                raise _error(f"{src}: '{key}' is not one of the kit's tables ({', '.join(SCHEMAS)}). Fix: name the block "
                             f"after a table, e.g. 'b2b_orders:'.",
                             f"{src}：'{key}' 不是本工具的数据表（{', '.join(SCHEMAS)}）。解决办法：用表名作段名，例如“b2b_orders:”。", src)
            per_table[table] = {str(k): str(v) for k, v in value.items()}
        else:
            flat[str(key)] = str(value)
    return flat, per_table, settings


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
    table, example = near[0][2], near[0][3][0]  # the example names the table the column belongs to
    raise _error(
        f"{src}: the kit cannot tell which of its tables this file is: its columns ({', '.join(found)}) match none of "
        f"them ({wants_en}). Fix: pass --columns MAPPING.yaml with a block such as '{table}: {{your column: "
        f"{example}}}', name the file after its table (e.g. orders.csv), or give --target COLUMN for a list of leads "
        f"with an outcome.",
        f"{src}：无法判断这个文件对应本工具的哪张表：它的列（{'、'.join(found)}）与各表都对不上（{wants_zh}）。"
        f"解决办法：用 --columns 映射.yaml 指定对应关系（例如“{table}: {{您的列名: {example}}}”）；或按表名给文件命名"
        f"（例如 orders.csv）；如果是带结果的线索名单，请用 --target 指明结果列。", src, example)


def _mapping_for(table: str | None, found: list[str], flat: dict[str, str], per_table: dict[str, dict[str, str]]) -> dict[str, str]:
    mapping = {k: v for k, v in flat.items() if k in found}
    if table is not None:
        mapping.update(per_table.get(table, {}))
    return mapping


def _note(inputs: ReportInputs, en: str, zh: str) -> None:
    inputs.notes.append({"en": en, "zh": zh})


def _block_for(found: list[str], per_table: dict[str, dict[str, str]], single: bool) -> str | None:
    """The table whose mapping block names this file's columns (at least half of them); a single file with a single
    block takes that block whatever it is called, so a misspelt column is named instead of the file refused."""
    best, hits = None, 0
    for table, block in per_table.items():
        n = sum(k in found for k in block)
        if n > hits and n >= max(1, len(block) / 2):
            best, hits = table, n
    if best is None and single and len(per_table) == 1:
        best = next(iter(per_table))
    return best


def _add_table(inputs: ReportInputs, table: str, frame: pd.DataFrame, src: str, *, strict: bool, single: bool) -> None:
    try:
        typed = validate(frame, table, source=src, dayfirst=inputs.options.dayfirst, strict=strict)
    except DataError as e:
        if single:
            raise
        _note(inputs, f"{src} was set aside: {e.en}", f"{src} 未被使用：{e.zh}")
        return
    inputs.tables[table] = typed
    inputs.sources[table] = src
    inputs.rows_read[table] = len(frame)
    inputs.read_notes.extend(typed.attrs.get("read_notes", []))


def _append_or_ignore(inputs: ReportInputs, table: str, frame: pd.DataFrame, src: str, *, strict: bool) -> None:
    """A second file for a table already read: appended when its columns are the same (an export split by period or
    by shop), else ignored; a note says which. Rows of several files are numbered by the reader, not by file."""
    before = inputs.tables[table]
    if table == "b2b_orders":
        from course.order_lines import add_amount

        frame, _ = add_amount(frame)
    try:
        typed = validate(frame, table, source=src, dayfirst=inputs.options.dayfirst, strict=strict)
    except DataError as e:
        _note(inputs, f"{src} was set aside: {e.en}", f"{src} 未被使用：{e.zh}")
        return
    if sorted(map(str, typed.columns)) != sorted(map(str, before.columns)):
        _note(inputs, f"{src} was ignored: {inputs.sources[table]} already gives the table {table}, and {src} has other "
                      f"columns. Fix: give the files the same columns to read them as one table, or report on them "
                      f"one at a time.",
              f"{src} 未被使用：{inputs.sources[table]} 已经提供了 {table} 表，而 {src} 的列与之不同。"
              f"解决办法：让这些文件的列保持一致，即可合并为一张表读取；或者分别为每个文件生成报告。")
        return
    inputs.read_notes.extend(typed.attrs.get("read_notes", []))
    attrs = {**before.attrs, "row_offset": None, "read_notes": []}
    joined = pd.concat([before, typed[list(before.columns)]], ignore_index=True)
    joined.attrs = attrs
    inputs.tables[table] = joined
    inputs.sources[table] = f"{inputs.sources[table]} + {src}"
    inputs.rows_read[table] += len(frame)
    _note(inputs, f"{src} has the same columns as {inputs.sources[table].rsplit(' + ', 1)[0]}: its {len(frame):,} rows were "
                  f"added to the table {table} ({len(joined):,} rows in all).",
          f"{src} 与 {inputs.sources[table].rsplit(' + ', 1)[0]} 的列相同：其 {len(frame):,} 行已并入 {table} 表"
          f"（共 {len(joined):,} 行）。")


def _read_file(path: Path, inputs: ReportInputs, flat: dict[str, str], per_table: dict[str, dict[str, str]],
               used: set[str], seen: set[str], say: Callable[[str], None], *, single: bool) -> None:
    say(t("report.reading_file", name=path.name))
    opts = inputs.options
    table = _table_for_name(path.stem)
    # the kit's number columns, under the user's names too, go straight to numbers when every cell is one
    numeric = numeric_columns({**flat, **{k: v for block in per_table.values() for k, v in block.items()}})
    frame = read_table(path, numeric=numeric, encoding=opts.encoding)  # raises for unreadable files
    if frame.attrs.get("shape") == "basket_list":
        baskets = frame["txn_id"].nunique()
        if not single and table != "b2c_basket_items" and baskets < MIN_BASKET_LIST:
            # a to-do list or notes in a folder can look like a few baskets; rules from them would be nonsense
            _note(inputs, f"{path.name} was set aside: it reads like one basket per line, but holds only {baskets} lines "
                          f"and is not named as baskets. Fix: name it baskets.txt if it really lists baskets.",
                  f"{path.name} 未被使用：它看起来像每行一个购物篮，但只有 {baskets} 行，文件名也不是购物篮。"
                  f"解决办法：如果它确实是购物篮清单，请命名为 baskets.txt。")
            return
        inputs.read_notes.extend(frame.attrs.get("read_notes", []))
        frame.attrs["read_notes"] = []  # said once (validate passes the attributes on)
        _add_table(inputs, "b2c_basket_items", frame, path.name, strict=False, single=single)
        return
    found = [str(c) for c in frame.columns]
    seen.update(found)
    strict = table is None
    if table is None:
        table = _block_for(found, per_table, single)
        strict = table is None
    target = opts.target_column
    if table is None and target and target in {_mapping_for(None, found, flat, per_table).get(c, c) for c in found}:
        table, strict = "b2b_leads", False
    if table is None:
        table = _match_by_columns([_mapping_for(None, found, flat, per_table).get(c, c) for c in found], path.name)
    mapping = _mapping_for(table, found, flat, per_table)
    frame = apply_mapping(frame, mapping, path.name) if mapping else frame  # names absent mapped columns, with a suggestion
    used.update(mapping)
    if table == "b2b_leads" and target and target in frame.columns:
        strict = False  # the user's own leads: only the outcome is needed, each section says what else it uses
    if table in inputs.tables:
        _append_or_ignore(inputs, table, frame, path.name, strict=strict)
        return
    if table == "b2b_orders":
        from course.order_lines import add_amount

        frame, computed = add_amount(frame)
        frame.attrs["amount_computed"] = computed
    inputs.read_notes.extend(frame.attrs.get("read_notes", []))
    frame.attrs["read_notes"] = []
    _add_table(inputs, table, frame, path.name, strict=strict, single=single)
    if table in inputs.tables:
        inputs.tables[table].attrs["amount_computed"] = frame.attrs.get("amount_computed", False)


def load_inputs(data: str | os.PathLike | None = None, columns: Mapping | str | os.PathLike | None = None, *,
                progress: Callable[[str], None] | None = None, options: ReportOptions | None = None) -> ReportInputs:
    """The report's tables from a bundled dataset name, a file or a folder of files.

    Parameters
    ----------
    data : str or path, optional
        ``default`` (both businesses, the default), ``huaxin`` (B2B tables),
        ``yuexiang`` (B2C tables), one bundled table name, a file, or a folder.
    columns : mapping or path, optional
        YAML mapping ``your column: kit_column`` applied to every file, or one
        block per table (``b2b_orders: {单号: order_id, …}``) applied to the file
        that has those columns whatever it is called; plus the settings in
        :data:`RESERVED`.
    progress : callable, optional
        Told which file is being read (in the current language).
    options : ReportOptions, optional
        Target, features, currency, date order, encoding and the treatments of
        returns, duplicates and rows without a customer.

    Raises
    ------
    course.data.DataError
        Unknown dataset, unreadable single file, a mapping naming columns no
        file has, a date order that cannot be told, or no usable table at all.
    """
    say = progress or (lambda step: None)
    name = "default" if data is None or str(data).strip() == "" else str(data)
    flat, per_table, settings = read_mapping(columns)
    opts = (options or ReportOptions()).merged(settings)
    path = Path(name)
    if not path.exists():
        choices = [*BUNDLES, *list_datasets()]
        if name in choices:
            inputs = ReportInputs({}, bundled=True, name=name, options=opts)
            for table in BUNDLES.get(name, (name,)):
                say(t("report.loading_bundled", table=table))
                inputs.tables[table] = load(table)
                inputs.sources[table] = f"{table}.csv"
                inputs.rows_read[table] = len(inputs.tables[table])
            return inputs
        looks_like_path = any(sep in name for sep in ("/", "\\")) or Path(name).suffix.lower() in READABLE
        if looks_like_path:
            read_table(path)  # the reader's own "file not found" message, with the current folder
        near = difflib.get_close_matches(name, choices, n=1)
        hint_en, hint_zh = (f" Did you mean '{near[0]}'?", f"您是不是要找 '{near[0]}'？") if near else ("", "")
        raise _error(f"'{name}' is neither a bundled dataset nor an existing file or folder. Bundled datasets: "
                     f"{', '.join(choices)}.{hint_en} Fix: pass one of these names, or the path of your file or folder.",
                     f"'{name}' 既不是内置数据集，也不是存在的文件或文件夹。内置数据集：{', '.join(choices)}。{hint_zh}"
                     f"解决办法：传入上面的名称之一，或您的文件、文件夹的路径。", name)
    inputs = ReportInputs({}, name=path.name or str(path), options=opts)
    used: set[str] = set()
    seen: set[str] = set()
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith((".", "~$")))
        readable = [p for p in files if p.suffix.lower() in READABLE]
        for other in files:
            if other.suffix.lower() not in READABLE and other.suffix.lower() not in {".yaml", ".yml", ".json", ".md"}:
                _note(inputs, f"{other.name} was set aside: the kit reads {', '.join(sorted(READABLE))} files only.",
                      f"{other.name} 未被使用：本工具只读取 {', '.join(sorted(READABLE))} 文件。")
        if not readable:
            raise _error(f"{path}: the folder holds no data files ({', '.join(sorted(READABLE))}). Fix: put your CSV or "
                         f"Excel files in it, named after the kit's tables (orders.csv, leads.xlsx …).",
                         f"{path}：文件夹中没有数据文件（{', '.join(sorted(READABLE))}）。解决办法：把 CSV 或 Excel 文件放进去，"
                         f"并按本工具的表名命名（orders.csv、leads.xlsx……）。", str(path))
        for file in readable:
            try:
                _read_file(file, inputs, flat, per_table, used, seen, say, single=False)
            except DataError as e:
                if "mapping" in e.en:  # a mistake in the mapping concerns every file: stop and say so
                    raise
                _note(inputs, f"{file.name} was set aside: {e.en}", f"{file.name} 未被使用：{e.zh}")
    else:
        _read_file(path, inputs, flat, per_table, used, seen, say, single=True)
    absent = [k for k in flat if k not in used]
    if absent:
        hints = {k: _closest(k, sorted(seen)) for k in absent}
        hint_en = "".join(f" Did you mean '{h}' for '{k}'?" for k, h in hints.items() if h)
        hint_zh = "".join(f"'{k}' 您是不是要写 '{h}'？" for k, h in hints.items() if h)
        raise _error(f"{inputs.name}: the column mapping names {', '.join(absent)}, but no file has such a column.{hint_en} "
                     f"Fix: correct those names in the mapping (they must be spelled as in your files' header row).",
                     f"{inputs.name}：列名映射中的 {'、'.join(absent)} 在任何文件里都不存在。{hint_zh}解决办法：改正映射中的这些列名"
                     f"（须与文件表头完全一致）。", inputs.name, absent[0])
    if not inputs.tables:
        why_en = " ".join(n["en"] for n in inputs.notes)
        why_zh = "".join(n["zh"] for n in inputs.notes)
        raise _error(f"{inputs.name}: no file could be used for the report. {why_en}",
                     f"{inputs.name}：没有任何文件可以用于报告。{why_zh}", inputs.name)
    _prepare_orders(inputs)
    _prepare_receipts(inputs)
    return inputs


def _closest(word: str, options: list[str]) -> str | None:
    from course.data import _suggest

    return _suggest(word, options)


def _prepare_orders(inputs: ReportInputs) -> None:
    """Make the user's order lines fit for counting, keeping the account of every step."""
    from course.order_lines import prepare_orders

    orders = inputs.tables.get("b2b_orders")
    if orders is None or not {"order_id", "account_id", "amount"} <= set(orders.columns):
        return
    opts = inputs.options
    prepared = prepare_orders(orders, returns=opts.returns, duplicates=opts.duplicates, anonymous=opts.anonymous,
                              amount_computed=bool(orders.attrs.get("amount_computed")))
    inputs.tables["b2b_orders"] = prepared.orders
    inputs.prepared["b2b_orders"] = prepared


#: a shop's receipts under the order names prepare_orders works with (and back)
RECEIPT_NAMES = {"txn_id": "order_id", "member_id": "account_id", "txn_date": "order_date"}


def _prepare_receipts(inputs: ReportInputs) -> None:
    """A shop's receipts get the same account as order lines: duplicates, no member id, refunds (said, counted).

    Receipts written twice were counted twice and receipts without a member were left out of every member figure
    without a word. The steps are those of :func:`course.order_lines.prepare_orders`, on the receipts renamed to
    order names; ``inputs.prepared`` keeps them under those names for the "data as read" section.
    """
    from course.order_lines import prepare_orders

    receipts = inputs.tables.get("b2c_transactions")
    if inputs.bundled or receipts is None or not set(RECEIPT_NAMES) | {"amount"} <= set(receipts.columns):
        return
    if set(RECEIPT_NAMES.values()) & set(receipts.columns):
        return  # order columns of its own: not a plain receipts table, left as read
    opts = inputs.options
    prepared = prepare_orders(receipts.rename(columns=RECEIPT_NAMES), returns=opts.returns,
                              duplicates=opts.duplicates, anonymous=opts.anonymous)
    back = prepared.orders.rename(columns={v: k for k, v in RECEIPT_NAMES.items()})
    back.attrs = dict(receipts.attrs)
    inputs.tables["b2c_transactions"] = back
    inputs.prepared["b2c_transactions"] = prepared
