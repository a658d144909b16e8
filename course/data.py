"""Loading the bundled datasets and reading users' own files (数据读取).

* :func:`load` — a bundled dataset by name (see :func:`list_datasets`).
* :func:`read_table` — a user's CSV (UTF-8, UTF-8 with BOM, GBK/GB18030 as
  Chinese Excel writes them; ``,`` ``;`` or tab separated), Excel ``.xlsx``
  or SQLite table, with an optional column mapping and schema check.
* :func:`validate` — the same schema checks for a DataFrame in memory.

Every problem with the data raises :class:`DataError` (a ``ValueError``)
whose message names the file, the column and the fix, in English and then
in Chinese.  Nothing is read at import time.

Examples
--------
>>> from course import data
>>> orders = data.load("b2b_orders")                              # doctest: +SKIP
>>> mine = data.read_table("订单.csv", columns={"订单号": "order_id"},
...                        schema="b2b_orders", thousands=",")    # doctest: +SKIP
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import os
import re
import sqlite3
import warnings
from collections.abc import Collection, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from course.schemas import SCHEMAS

__all__ = ["DataError", "datasets_dir", "list_datasets", "load", "read_table", "validate"]

CSV_EXTS = {".csv", ".txt", ".tsv"}
EXCEL_EXTS = {".xlsx", ".xlsm"}
SQLITE_EXTS = {".db", ".sqlite", ".sqlite3"}
SUPPORTED = sorted(CSV_EXTS | EXCEL_EXTS | SQLITE_EXTS)
_TRUE = {"true", "t", "yes", "y", "1", "是", "对", "真"}
_FALSE = {"false", "f", "no", "n", "0", "否", "错", "假"}
_MAX_ROWS_SHOWN = 5


class DataError(ValueError):
    """The kit's one error for bad data: says what is wrong, where, and how to fix it.

    The message has an English paragraph, then a Chinese one.

    Parameters
    ----------
    en, zh : str
        The English and Chinese explanations.
    source : str, optional
        File (or ``"<DataFrame>"``) the problem is in.
    column : str, optional
        Column concerned, if any.

    Examples
    --------
    >>> err = DataError("x.csv: empty.", "x.csv：文件为空。", source="x.csv")
    >>> str(err).splitlines()[0]
    'x.csv: empty.'
    """

    def __init__(self, en: str, zh: str, *, source: str | None = None, column: str | None = None):
        super().__init__(f"{en}\n{zh}")
        self.en, self.zh, self.source, self.column = en, zh, source, column


# ----------------------------------------------------------------- bundled data
def datasets_dir() -> Path:
    """Folder of the bundled datasets: ``$COURSE_DATASETS`` or ``<repo>/datasets``."""
    env = os.environ.get("COURSE_DATASETS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "datasets"


def list_datasets() -> list[str]:
    """Names accepted by :func:`load`.

    Examples
    --------
    >>> "b2b_orders" in list_datasets()
    True
    """
    return list(SCHEMAS)


def load(name: str) -> pd.DataFrame:
    """A bundled dataset as a DataFrame, typed as in :mod:`course.schemas`.

    Dates are ``datetime64``, booleans ``bool`` (``boolean`` when some are
    missing), ids strings.

    Parameters
    ----------
    name : str
        One of :func:`list_datasets`, e.g. ``"b2b_leads"``.

    Raises
    ------
    DataError
        Unknown name (with a suggestion) or missing file.

    Examples
    --------
    >>> leads = load("b2b_leads")
    >>> leads["converted"].dtype
    dtype('bool')
    """
    names = list_datasets()
    if name not in names:
        stem = Path(str(name)).stem
        if stem in names:
            name = stem
        else:
            sug = _suggest(str(name), names)
            hint_en = f" Did you mean '{sug}'?" if sug else ""
            hint_zh = f"您是不是要找 '{sug}'？" if sug else ""
            raise DataError(
                f"Unknown dataset '{name}'. Available: {', '.join(names)}.{hint_en} "
                f"Fix: pass one of these names to course.data.load().",
                f"没有名为 '{name}' 的数据集。可用的有：{', '.join(names)}。{hint_zh}"
                f"解决办法：向 course.data.load() 传入上面列出的名称之一。",
                source=str(name),
            )
    path = datasets_dir() / f"{name}.csv"
    if not path.is_file():
        raise DataError(
            f"{path}: bundled dataset file not found. Fix: run `python datasets/generate.py` "
            f"or set COURSE_DATASETS to the folder holding {name}.csv.",
            f"{path}：找不到内置数据文件。解决办法：运行 `python datasets/generate.py`，"
            f"或把环境变量 COURSE_DATASETS 设为包含 {name}.csv 的文件夹。",
            source=str(path),
        )
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    return validate(df, name, source=path.name)


#: the kit's number columns (a column name has one dtype in every table that has it)
NUMERIC_COLUMNS = frozenset(c for spec in SCHEMAS.values() for c, s in spec["columns"].items() if s["dtype"] in ("int", "float"))


def numeric_columns(mapping: Mapping[str, str] | None = None) -> set[str]:
    """A file's columns that hold the kit's numbers: their own names, or the user's names ``mapping`` gives them.

    >>> sorted(numeric_columns({"金额": "amount"}) - NUMERIC_COLUMNS)
    ['金额']
    """
    mapping = mapping or {}
    return {c for c in NUMERIC_COLUMNS if c not in mapping.values()} | {u for u, k in mapping.items() if k in NUMERIC_COLUMNS}


# ----------------------------------------------------------------- reading user files
def read_table(
    path: str | os.PathLike[str],
    columns: Mapping[str, str] | str | os.PathLike[str] | None = None,
    *,
    schema: str | None = None,
    sheet: str | None = None,
    table: str | None = None,
    thousands: str | None = None,
    numeric: Collection[str] | None = None,
) -> pd.DataFrame:
    """Read a user's CSV, Excel or SQLite table, rename and check its columns.

    Parameters
    ----------
    path : path-like
        ``.csv``/``.txt``/``.tsv`` (UTF-8, UTF-8 with BOM, GBK or GB18030;
        ``,`` ``;`` or tab separated), ``.xlsx``, or a SQLite file
        (``.db``, ``.sqlite``, ``.sqlite3``).
    columns : dict or path, optional
        Maps the file's column names to the kit's, e.g.
        ``{"订单日期": "order_date"}``; or a YAML file holding that mapping
        (optionally under a ``columns:`` key).
    schema : str, optional
        A bundled table name (``"b2b_orders"`` …): required columns are
        checked and types coerced.  ``None`` reads without checks.
    sheet : str, optional
        Excel sheet name (default: the first sheet).
    table : str, optional
        SQLite table; required when the file holds more than one.
    thousands : str, optional
        Thousands separator used in numbers, e.g. ``","`` for
        ``"12,345.60"``; a leading ``¥``/``$`` is stripped too.
    numeric : collection of str, optional
        CSV columns (named as in the file) the parser may read straight to
        numbers, which is 2-3x quicker on big files than reading text and
        converting it. A column with any cell that is not a plain number
        comes back as text and is checked (and reported) as usual. Default:
        with ``schema``, the kit's number columns (through ``columns``);
        without it, none, so every CSV cell is text.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    DataError
        Missing/empty/unreadable file, unknown sheet or table, missing
        columns, values that are not dates or numbers.

    Examples
    --------
    >>> df = read_table("my_orders.xlsx", sheet="2025",
    ...                 columns={"日期": "order_date", "金额": "amount",
    ...                          "单号": "order_id", "客户": "account_id"},
    ...                 schema="b2b_orders")          # doctest: +SKIP
    """
    p = Path(path)
    src = p.name or str(p)
    if not p.exists():
        raise DataError(
            f"{p}: file not found. Fix: check the path and the file name (current folder: {Path.cwd()}).",
            f"{p}：找不到文件。解决办法：检查路径和文件名（当前文件夹：{Path.cwd()}）。",
            source=src,
        )
    if p.is_dir():
        raise DataError(
            f"{p}: is a folder, not a file. Fix: give the path of a file inside it, e.g. {p / 'data.csv'}.",
            f"{p}：这是一个文件夹，不是文件。解决办法：请给出其中某个文件的路径，例如 {p / 'data.csv'}。",
            source=src,
        )
    ext = p.suffix.lower()
    if ext not in SUPPORTED:
        raise DataError(
            f"{src}: unsupported file type '{ext or '(none)'}'. Supported: {', '.join(SUPPORTED)}. "
            f"Fix: save the data as .csv (UTF-8) or .xlsx.",
            f"{src}：不支持的文件类型 '{ext or '（无扩展名）'}'。支持：{', '.join(SUPPORTED)}。"
            f"解决办法：把数据另存为 .csv（UTF-8）或 .xlsx。",
            source=src,
        )
    if p.stat().st_size == 0:
        raise _empty(src, header_only=False)
    mapping = _load_mapping(columns) if columns is not None else None
    if numeric is None and schema is not None:
        numeric = numeric_columns(mapping)
    if ext in CSV_EXTS:
        df = _read_csv(p, src, thousands, () if thousands else (numeric or ()))
    elif ext in EXCEL_EXTS:
        df = _read_excel(p, src, sheet)
    else:
        df = _read_sqlite(p, src, table)
    if len(df) == 0:
        raise _empty(src, header_only=True)
    df.columns = [str(c).strip() for c in df.columns]
    if mapping is not None:
        df = apply_mapping(df, mapping, src)
    if schema is not None:
        df = validate(df, schema, source=src, thousands=thousands)
    return df


def _empty(src: str, header_only: bool) -> DataError:
    if header_only:
        return DataError(
            f"{src}: has column headers but no data rows. Fix: add the data rows, or check you picked the right file/sheet/table.",
            f"{src}：只有表头，没有数据行。解决办法：补上数据行，或检查是否选错了文件、工作表或数据表。",
            source=src,
        )
    return DataError(
        f"{src}: the file is empty (0 bytes). Fix: export the data again and check the file was saved.",
        f"{src}：文件是空的（0 字节）。解决办法：重新导出数据，并确认文件已保存。",
        source=src,
    )


def _encoding(raw: bytes, src: str) -> str:
    """The first of UTF-8 (with or without BOM), GBK and GB18030 that decodes ``raw``."""
    for enc in ("utf-8-sig", "gbk", "gb18030"):
        try:
            raw.decode(enc)
        except UnicodeDecodeError:
            continue
        return enc
    raise DataError(
        f"{src}: cannot decode the file as UTF-8, GBK or GB18030 text. Fix: open it in Excel or a "
        f"text editor and save it as 'CSV UTF-8', or save it as .xlsx.",
        f"{src}：无法按 UTF-8、GBK 或 GB18030 解码该文件。解决办法：用 Excel 或文本编辑器打开，"
        f"另存为“CSV UTF-8（逗号分隔）”，或另存为 .xlsx。",
        source=src,
    )


def _read_csv(p: Path, src: str, thousands: str | None, numeric: Collection[str] = ()) -> pd.DataFrame:
    raw = p.read_bytes()
    enc = _encoding(raw, src)
    if enc == "utf-8-sig":  # pandas' C parser decodes plain UTF-8 itself, ~1.5x faster than through a BOM codec
        enc, raw = "utf-8", raw.removeprefix(codecs.BOM_UTF8)
    # the decoded text only picks the separator; the C parser reads the bytes (2-3x faster than a StringIO)
    head = raw[:65536].decode(enc, errors="ignore")
    if not head.strip() and not raw.decode(enc).strip():
        raise _empty(src, header_only=False)
    first = next((ln for ln in head.splitlines() if ln.strip()), "")
    sep = max([",", ";", "\t"], key=first.count)
    if first.count(sep) == 0:
        sep = ","
    # spaces after separators ("a, b", "a, \"b, c\"") are skipped. Exports pad every row or none, so the first
    # megabyte tells; an unpadded file spares the parser that slower mode (~0.5 s per million rows)
    sample = raw[:1 << 20]
    padded = sample.startswith((b" ", b"\t")) or re.search(rb"[" + re.escape(sep.encode()) + rb"\n][ \t]", sample) is not None
    options = dict(encoding=enc, sep=sep, keep_default_na=False, na_values=[""], skipinitialspace=padded,
                   quoting=csv.QUOTE_MINIMAL)
    try:
        df = None
        if numeric:  # every column text, except these: numbers if every cell parses
            names = pd.read_csv(io.BytesIO(raw), nrows=0, **options).columns
            wanted = {str(c).strip() for c in numeric}
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", pd.errors.DtypeWarning)
                df = pd.read_csv(io.BytesIO(raw), dtype={c: str for c in names if str(c).strip() not in wanted}, **options)
            if any(str(c).strip() in wanted and not pd.api.types.is_numeric_dtype(df[c]) for c in df.columns):
                df = None  # a number column holds text somewhere: read it all as text, so cells keep their spelling
        if df is None:
            df = pd.read_csv(io.BytesIO(raw), dtype=str, **options)
    except pd.errors.EmptyDataError as e:
        raise _empty(src, header_only=False) from e
    except (pd.errors.ParserError, ValueError) as e:
        raise DataError(
            f"{src}: the CSV could not be parsed ({str(e).strip().splitlines()[0]}). Fix: check that every "
            f"row has the same number of separators ('{sep}') and that quotes are closed.",
            f"{src}：无法解析该 CSV（{str(e).strip().splitlines()[0]}）。解决办法：检查每一行的分隔符"
            f"（'{sep}'）数量是否一致、引号是否成对。",
            source=src,
        ) from e
    return df


def _read_excel(p: Path, src: str, sheet: str | None) -> pd.DataFrame:
    try:
        xl = pd.ExcelFile(p, engine="openpyxl")
    except Exception as e:  # openpyxl raises many types for a bad file
        raise DataError(
            f"{src}: not a readable .xlsx workbook ({type(e).__name__}). Fix: open it in Excel and "
            f"save it again as 'Excel Workbook (.xlsx)', or export it as CSV.",
            f"{src}：不是可读取的 .xlsx 工作簿（{type(e).__name__}）。解决办法：用 Excel 打开后另存为"
            f"“Excel 工作簿（.xlsx）”，或导出为 CSV。",
            source=src,
        ) from e
    with xl:
        sheets = list(xl.sheet_names)
        name = sheets[0] if sheet is None else sheet
        if name not in sheets:
            sug = _suggest(str(sheet), sheets)
            raise DataError(
                f"{src}: there is no sheet '{sheet}'. Sheets in the file: {', '.join(sheets)}."
                + (f" Did you mean '{sug}'?" if sug else "")
                + f" Fix: pass sheet='{sug or sheets[0]}'.",
                f"{src}：没有名为 '{sheet}' 的工作表。文件中的工作表：{'、'.join(sheets)}。"
                + (f"您是不是要找 '{sug}'？" if sug else "")
                + f"解决办法：传入 sheet='{sug or sheets[0]}'。",
                source=src,
            )
        df = pd.read_excel(xl, sheet_name=name)
    df = df.dropna(how="all")
    if df.shape[1] == 0:
        raise _empty(f"{src} [{name}]", header_only=False)
    return df


def _read_sqlite(p: Path, src: str, table: str | None) -> pd.DataFrame:
    try:
        con = sqlite3.connect(f"file:{p.resolve()}?mode=ro", uri=True)
    except sqlite3.Error as e:  # pragma: no cover - rare
        raise _not_sqlite(src, e) from e
    try:
        try:
            tables = [r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table','view') "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        except sqlite3.DatabaseError as e:
            raise _not_sqlite(src, e) from e
        if not tables:
            raise DataError(
                f"{src}: the SQLite database has no tables. Fix: check you picked the right database file.",
                f"{src}：该 SQLite 数据库里没有数据表。解决办法：检查是否选错了数据库文件。",
                source=src,
            )
        if table is None:
            if len(tables) > 1:
                raise DataError(
                    f"{src}: the database has {len(tables)} tables: {', '.join(tables)}. "
                    f"Fix: say which one, e.g. table='{tables[0]}'.",
                    f"{src}：数据库中有 {len(tables)} 张表：{'、'.join(tables)}。"
                    f"解决办法：指定要读哪一张，例如 table='{tables[0]}'。",
                    source=src,
                )
            table = tables[0]
        if table not in tables:
            sug = _suggest(table, tables)
            raise DataError(
                f"{src}: there is no table '{table}'. Tables: {', '.join(tables)}."
                + (f" Did you mean '{sug}'?" if sug else "")
                + f" Fix: pass table='{sug or tables[0]}'.",
                f"{src}：没有名为 '{table}' 的数据表。现有数据表：{'、'.join(tables)}。"
                + (f"您是不是要找 '{sug}'？" if sug else "")
                + f"解决办法：传入 table='{sug or tables[0]}'。",
                source=src,
            )
        quoted = '"' + table.replace('"', '""') + '"'
        return pd.read_sql_query(f"SELECT * FROM {quoted}", con)
    finally:
        con.close()


def _not_sqlite(src: str, e: Exception) -> DataError:
    return DataError(
        f"{src}: not a SQLite database ({e}). Fix: check the file, or export the table as CSV.",
        f"{src}：不是 SQLite 数据库（{e}）。解决办法：检查该文件，或把数据表导出为 CSV。",
        source=src,
    )


def _load_mapping(columns: Mapping[str, str] | str | os.PathLike[str]) -> dict[str, str]:
    if isinstance(columns, Mapping):
        return {str(k): str(v) for k, v in columns.items()}
    mp = Path(columns)
    src = mp.name
    if not mp.is_file():
        raise DataError(
            f"{mp}: column mapping file not found. Fix: give the path of a YAML file such as "
            f"'订单日期: order_date', or pass a dict.",
            f"{mp}：找不到列名映射文件。解决办法：给出 YAML 文件的路径（内容形如 '订单日期: order_date'），"
            f"或直接传入字典。",
            source=src,
        )
    import yaml

    try:
        data = yaml.safe_load(mp.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise DataError(
            f"{src}: the column mapping is not valid YAML ({type(e).__name__}). Fix: write one "
            f"'your column: kit_column' pair per line, saved as UTF-8.",
            f"{src}：列名映射不是合法的 YAML（{type(e).__name__}）。解决办法：每行写一对"
            f"“您的列名: 本工具的列名”，并以 UTF-8 保存。",
            source=src,
        ) from e
    if isinstance(data, dict) and isinstance(data.get("columns"), dict):
        data = data["columns"]
    if not isinstance(data, dict) or not data:
        raise DataError(
            f"{src}: the column mapping must be a YAML mapping like 'orderdate: order_date'. "
            f"Fix: write one 'your column: kit_column' pair per line.",
            f"{src}：列名映射必须是 YAML 映射，形如 'orderdate: order_date'。"
            f"解决办法：每行写一对“您的列名: 本工具的列名”。",
            source=src,
        )
    return {str(k): str(v) for k, v in data.items()}


def apply_mapping(df: pd.DataFrame, mapping: Mapping[str, str], src: str = "<DataFrame>") -> pd.DataFrame:
    """``df`` with its columns renamed by ``mapping`` (file column -> kit column), as :func:`read_table` does.

    Raises :class:`DataError` naming a mapped column the table lacks, with a suggestion.
    """
    found = [str(c) for c in df.columns]
    for user_col, kit_col in mapping.items():
        if user_col not in found:
            sug = _suggest(user_col, found)
            raise DataError(
                f"{src}: the column mapping names column '{user_col}' (for '{kit_col}'), but the file "
                f"has no such column. Found columns: {', '.join(found)}."
                + (f" Did you mean '{sug}'?" if sug else "")
                + f" Fix: correct the mapping key, e.g. columns={{'{sug or found[0]}': '{kit_col}'}}.",
                f"{src}：列名映射中的列 '{user_col}'（对应 '{kit_col}'）在文件中不存在。"
                f"文件中的列：{'、'.join(found)}。"
                + (f"您是不是要找 '{sug}'？" if sug else "")
                + f"解决办法：改正映射的键，例如 columns={{'{sug or found[0]}': '{kit_col}'}}。",
                source=src,
                column=user_col,
            )
    return df.rename(columns=mapping)


def _suggest(word: str, options: list[str]) -> str | None:
    def norm(s: str) -> str:
        return re.sub(r"[\s_\-.]", "", str(s)).lower()

    by_norm = {norm(o): o for o in options}
    if norm(word) in by_norm:
        return by_norm[norm(word)]
    hit = difflib.get_close_matches(norm(word), list(by_norm), n=1, cutoff=0.6)
    return by_norm[hit[0]] if hit else None


# ----------------------------------------------------------------- validation
def validate(df: pd.DataFrame, schema: str, source: str = "<DataFrame>", *,
             thousands: str | None = None) -> pd.DataFrame:
    """Check ``df`` against a bundled table's schema and coerce the types.

    Required columns must be present; known columns are converted to the
    schema's dtype (dates, numbers, booleans, strings); other columns are
    kept as they are.

    Parameters
    ----------
    df : pandas.DataFrame
    schema : str
        A bundled table name, e.g. ``"b2b_orders"``.
    source : str
        Name used in error messages (a file name).
    thousands : str, optional
        Thousands separator to strip from numbers stored as text.

    Returns
    -------
    pandas.DataFrame
        A typed copy.

    Examples
    --------
    >>> raw = pd.DataFrame({"txn_id": ["X1"], "member_id": ["M1"],
    ...                     "txn_date": ["2026-01-02"], "amount": ["12.5"]})
    >>> validate(raw, "b2c_transactions")["amount"].iloc[0]
    np.float64(12.5)
    """
    if schema not in SCHEMAS:
        sug = _suggest(schema, list(SCHEMAS))
        raise DataError(
            f"Unknown schema '{schema}'. Available: {', '.join(SCHEMAS)}."
            + (f" Did you mean '{sug}'?" if sug else "") + " Fix: pass one of these names as schema=.",
            f"没有名为 '{schema}' 的表结构。可用的有：{', '.join(SCHEMAS)}。"
            + (f"您是不是要找 '{sug}'？" if sug else "") + "解决办法：schema= 传入上面列出的名称之一。",
            source=source,
        )
    spec = SCHEMAS[schema]["columns"]
    found = [str(c) for c in df.columns]
    for col, s in spec.items():
        if s["required"] and col not in found:
            raise _missing(source, col, found, schema)
    out = df.copy()
    for col, s in spec.items():
        if col in out.columns:
            out[col] = _coerce(out[col], s["dtype"], col, source, thousands)
    return out


def _missing(src: str, col: str, found: list[str], schema: str) -> DataError:
    # only suggest columns that are not already one of the kit's own for this table
    own = set(SCHEMAS[schema]["columns"]) if schema in SCHEMAS else set()
    sug = _suggest(col, [f for f in found if f not in own])
    mapping = f"{{'{sug or '<your column>'}': '{col}'}}"
    return DataError(
        f"{src}: column '{col}' is missing (required for {schema}). Found columns: {', '.join(found)}."
        + (f" Did you mean '{sug}'?" if sug else "")
        + f" Fix: rename it in the file or pass columns={mapping}.",
        f"{src}：缺少列 '{col}'（{schema} 必需）。文件中的列：{'、'.join(found)}。"
        + (f"您是不是要找 '{sug}'？" if sug else "")
        + f"解决办法：在文件中改列名，或传入 columns={mapping}。",
        source=src,
        column=col,
    )


def _bad_rows(src: str, col: str, mask: pd.Series, raw: pd.Series, what_en: str, what_zh: str,
              fix_en: str, fix_zh: str) -> DataError:
    pos = np.flatnonzero(mask.to_numpy())
    rows = [str(i + 2) for i in pos[:_MAX_ROWS_SHOWN]]  # 1-based, after the header row
    more = f" (and {len(pos) - _MAX_ROWS_SHOWN} more)" if len(pos) > _MAX_ROWS_SHOWN else ""
    more_zh = f"（另有 {len(pos) - _MAX_ROWS_SHOWN} 行）" if len(pos) > _MAX_ROWS_SHOWN else ""
    samples = ", ".join(repr(str(v)) for v in raw.to_numpy()[pos[:3]])
    return DataError(
        f"{src}: column '{col}' has {len(pos)} value{'s' if len(pos) > 1 else ''} that "
        f"{'are' if len(pos) > 1 else 'is'} not {what_en}, in row{'s' if len(pos) > 1 else ''} "
        f"{', '.join(rows)}{more} (row 1 is the header), e.g. {samples}. Fix: {fix_en}",
        f"{src}：列 '{col}' 有 {len(pos)} 个值不是{what_zh}，在第 {'、'.join(rows)} 行{more_zh}"
        f"（第 1 行为表头），例如 {samples}。解决办法：{fix_zh}",
        source=src,
        column=col,
    )


_CURRENCY = re.compile(r"^\s*(?:[¥￥$]|RMB|CNY)\s*", re.IGNORECASE)
_THOUSANDS_LIKE = re.compile(r"^\s*(?:[¥￥$]|RMB|CNY)?\s*[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?\s*$|^\s*(?:[¥￥$]|RMB|CNY)\s*[-+]?[\d.,]+\s*$",
                             re.IGNORECASE)


def _plain_numbers(s: pd.Series) -> pd.Series | None:
    """``s`` as floats when every present cell is a plain number (spaces allowed), else ``None``.

    numpy's C conversion is 1.5-2x faster than :func:`pandas.to_numeric` on text and, unlike it, needs no
    stripping first; anything it refuses (blank cells, ``1,200``, ``¥5``, words) goes the careful way.
    """
    try:
        values = s.to_numpy(dtype=object, na_value=np.nan).astype(float)
    except (ValueError, TypeError):
        return None
    if np.isnan(values).sum() != s.isna().sum():  # a cell spelled "nan": let the careful way report it
        return None
    return pd.Series(values, index=s.index, name=s.name)


def _strip_repeated(s: pd.Series) -> pd.Series | None:
    """A text column of few distinct values (products, cities …) stripped once per value; ``None`` for ids.

    Hashing the column is quicker than stripping every cell when values repeat, and when no value needs
    stripping the column comes back as it is. Blank values become missing, as on the cell-by-cell way.
    """
    if s.iloc[:20_000].nunique() > 2_000:  # mostly distinct (ids, names): cell by cell is quicker
        return None
    codes, uniques = pd.factorize(s)
    values = pd.Index(uniques).str.strip()
    blank = values == ""
    if not blank.any() and values.equals(pd.Index(uniques)):
        return s
    table = np.append(np.where(blank, None, values.to_numpy(dtype=object)), None)
    return pd.Series(table[codes], index=s.index, name=s.name, dtype="str")


def _coerce(s: pd.Series, dtype: str, col: str, src: str, thousands: str | None) -> pd.Series:
    present = s.notna()
    # vectorised .str methods when every value is text (how CSVs arrive); per-value only for mixed columns
    all_text = pd.api.types.is_string_dtype(s) and s.dtype != object
    if all_text and dtype in ("float", "int") and not thousands:
        fast = _plain_numbers(s)
        if fast is not None:  # every cell a plain number or empty: no stripping, no per-cell checks needed
            s, present = fast, fast.notna()
            all_text = False
    if all_text and dtype == "date":
        parsed = pd.to_datetime(s, format="ISO8601", errors="coerce")
        if not (s.notna() & parsed.isna()).any():  # clean ISO dates (how exports arrive)
            return parsed.astype("datetime64[ns]")
    if all_text and dtype == "str" and len(s) > 50_000:
        repeated = _strip_repeated(s)
        if repeated is not None:
            return repeated
    if all_text:
        stripped = s.str.strip()
        present = stripped.notna() & (stripped != "")
        s = stripped.where(present)
    elif s.dtype == object:
        txt = s.where(present).astype(object).map(lambda v: v.strip() if isinstance(v, str) else v)
        present = txt.notna() & (txt != "")
        s = txt.where(present, None)
    if dtype == "str":
        out = s if all_text else s.map(lambda v: v if isinstance(v, str) else (str(v) if pd.notna(v) else v))
        if isinstance(out.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_any_dtype(out):
            out = out.astype(str)
        out = out.where(present, None)
        return out.astype("str") if present.all() else out
    if dtype == "date":
        if pd.api.types.is_datetime64_any_dtype(s):
            return s.astype("datetime64[ns]")
        if all_text:
            parsed = pd.to_datetime(s, format="ISO8601", errors="coerce")
            if (present & parsed.isna()).any():  # 2026/1/5, 2026年1月5日 …
                norm = s.str.replace(r"[年月/.]", "-", regex=True).str.replace("日", "", regex=False).str.strip()
                parsed = pd.to_datetime(norm, format="ISO8601", errors="coerce")
        else:
            txt = s.map(lambda v: v.strftime("%Y-%m-%d") if hasattr(v, "strftime") else v)
            txt = txt.where(present, None).astype(object)
            norm = txt.map(lambda v: re.sub(r"[年月/.]", "-", v).replace("日", "").strip()
                           if isinstance(v, str) else v)
            parsed = pd.to_datetime(norm, format="ISO8601", errors="coerce")
        bad = present & parsed.isna()
        if bad.any():
            raise _bad_rows(src, col, bad, s, "dates", "日期",
                            "write dates as YYYY-MM-DD (e.g. 2026-06-30), or format the column as Date in Excel.",
                            "把日期写成 YYYY-MM-DD（例如 2026-06-30），或在 Excel 中把该列设为“日期”格式。")
        return parsed.astype("datetime64[ns]")
    if dtype == "bool":
        if pd.api.types.is_bool_dtype(s):
            return s
        codes, uniques = pd.factorize(s)  # a handful of spellings: read each once, not once per row
        low = pd.Series(uniques).astype("string").str.strip().str.lower().str.replace(r"\.0$", "", regex=True)
        ok_t = np.append(low.isin(_TRUE).to_numpy(), False)[codes]  # code -1 (missing) -> False
        ok_f = np.append(low.isin(_FALSE).to_numpy(), False)[codes]
        bad = present & ~ok_t & ~ok_f
        if bad.any():
            raise _bad_rows(src, col, bad, s, "true/false values", "是/否（布尔）值",
                            "use true/false, yes/no, 1/0 or 是/否.", "请使用 true/false、yes/no、1/0 或 是/否。")
        out = pd.Series(pd.array(np.where(ok_t, True, False), dtype="boolean"), index=s.index)
        out[~present] = pd.NA
        return out.astype(bool) if present.all() else out
    # numbers
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        num = s.astype(float)
    else:
        txt = s if all_text else s.map(lambda v: v if isinstance(v, str) else (None if pd.isna(v) else str(v)))
        if thousands:
            cleaned = (
                txt.astype("string")
                .str.replace(_CURRENCY.pattern, "", regex=True, flags=_CURRENCY.flags)
                .str.replace(thousands, "", regex=False)
                .str.replace(" ", "", regex=False)
            )
        else:
            cleaned = txt
        num = pd.to_numeric(cleaned, errors="coerce")
        bad = present & num.isna()
        if bad.any():
            looks = txt[bad].map(lambda v: bool(_THOUSANDS_LIKE.match(v)) if isinstance(v, str) else False)
            if not thousands and looks.any():
                raise _bad_rows(src, col, bad, s, "plain numbers (they contain thousands separators or a currency sign)",
                                "纯数字（含千位分隔符或货币符号）",
                                "pass thousands=',' to read_table (a leading ¥ or $ is then stripped too), "
                                "or format the column as a plain number in Excel.",
                                "向 read_table 传入 thousands=','（同时会去掉开头的 ¥ 或 $），"
                                "或在 Excel 中把该列设为常规数字格式。")
            raise _bad_rows(src, col, bad, s, "numbers", "数字",
                            "correct or delete these cells so the column holds only numbers.",
                            "请改正或删除这些单元格，使该列只包含数字。")
        num = num.astype(float)
    if dtype == "float":
        return num
    frac = present & num.notna() & (num != np.round(num))
    if frac.any():
        raise _bad_rows(src, col, frac, s, "whole numbers", "整数",
                        "round these values or check the column is the right one.",
                        "请把这些值取整，或检查是否映射错了列。")
    return num.astype("Int64") if num.isna().any() else num.astype(np.int64)


# ----------------------------------------------------------------- for analysis functions
def mapped_columns(
    frame: pd.DataFrame,
    needed: list[str] | tuple[str, ...],
    columns: Mapping[str, str] | None = None,
    table: str = "<DataFrame>",
) -> pd.DataFrame:
    """``frame`` with the user's column names renamed to the kit's ``needed`` ones.

    Every analysis function that accepts a user's table calls this first.
    ``columns`` maps the kit's name to the user's (``{"amount": "金额"}``).
    Raises :class:`DataError` naming the table, the missing columns, what was
    found and the fix.

    >>> import pandas as pd
    >>> mapped_columns(pd.DataFrame({"金额": [1]}), ["amount"], {"amount": "金额"}).columns.tolist()
    ['amount']
    """
    if not isinstance(frame, pd.DataFrame):
        raise DataError(
            f"{table}: expected a pandas DataFrame, got {type(frame).__name__}. "
            f"Fix: load the table first, e.g. course.data.read_table(path).",
            f"{table}：需要一个 pandas DataFrame，实际得到的是 {type(frame).__name__}。"
            f"请先读入表格，例如 course.data.read_table(路径)。",
            source=table,
        )
    names = {key: (columns or {}).get(key, key) for key in needed}
    missing = [theirs for theirs in names.values() if theirs not in frame.columns]
    if missing:
        found = [str(c) for c in frame.columns]
        example = next(key for key, theirs in names.items() if theirs == missing[0])
        raise DataError(
            f"{table}: column(s) {missing} missing; found {found}. "
            f"Fix: rename them, or pass columns={{'{example}': 'your_column', …}}.",
            f"{table}：缺少列 {missing}（现有列：{found}）。"
            f"请改列名，或用 columns={{'{example}': '你的列名', …}} 指定对应列。",
            source=table,
            column=missing[0],
        )
    return frame.rename(columns={theirs: key for key, theirs in names.items() if theirs != key})
