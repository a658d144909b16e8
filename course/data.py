"""Loading the bundled datasets and reading users' own files (数据读取).

* :func:`load` — a bundled dataset by name (see :func:`list_datasets`).
* :func:`read_table` — a user's CSV (its encoding decided from the bytes by
  :mod:`course.sniff`: UTF-8, UTF-16, GBK/GB18030 only when the bytes look
  Chinese, else Windows-1252/Latin-1 or Big5; ``,`` ``;`` or tab separated; a
  one-basket-per-line list read as baskets), Excel ``.xlsx`` or SQLite table,
  with an optional column mapping and schema check. What it decided is kept in
  ``attrs`` (encoding, date order, file row numbers).
* :func:`validate` — the same schema checks for a DataFrame in memory; the
  typing of each column is in :mod:`course.coerce`.

Every problem with the data raises :class:`DataError` (a ``ValueError``,
defined in :mod:`course.errors`) whose message names the file, the column and
the fix, in English and then in Chinese.  Nothing is read at import time.

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

from course.coerce import _MAX_ROWS_SHOWN, _coerce
from course.errors import DataError
from course.schemas import SCHEMAS

__all__ = ["DataError", "datasets_dir", "list_datasets", "load", "read_table", "validate"]

CSV_EXTS = {".csv", ".txt", ".tsv"}
EXCEL_EXTS = {".xlsx", ".xlsm"}
SQLITE_EXTS = {".db", ".sqlite", ".sqlite3"}
SUPPORTED = sorted(CSV_EXTS | EXCEL_EXTS | SQLITE_EXTS)


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
    encoding: str | None = None,
    dayfirst: bool | None = None,
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
        ``"12,345.60"``; a leading ``¥``/``$`` is stripped too. Without it,
        a number column whose only odd cells carry a currency sign or
        thousands separators (``£56.12``, ``"¥1,200"``, ``350元``) or hold no
        value (``N/A``, ``-``) is still read, and ``attrs["read_notes"]``
        says how many cells of each kind.
    numeric : collection of str, optional
        CSV columns (named as in the file) the parser may read straight to
        numbers, which is 2-3x quicker on big files than reading text and
        converting it. A column with any cell that is not a plain number
        comes back as text and is checked (and reported) as usual. Default:
        with ``schema``, the kit's number columns (through ``columns``);
        without it, none, so every CSV cell is text.
    encoding : str, optional
        The CSV's text encoding. Default: decided from the bytes (see
        :func:`course.sniff.guess_encoding`): UTF-8, UTF-16 with its mark,
        GBK/GB18030 only when the bytes look like Chinese text, else
        Windows-1252/Latin-1 or Big5 when the letters read sensibly; a file
        that reads as nonsense in every candidate is refused.
    dayfirst : bool, optional
        For dates written with numbers only (``3/4/2025``): ``True`` for
        day/month/year, ``False`` for month/day/year (US). Default: decided
        from the values (a first number above 12 means day first, a second
        one month first); when no value tells, the reader asks for it.

    Returns
    -------
    pandas.DataFrame
        With ``attrs``: ``source`` (file name), ``encoding`` and
        ``encoding_evidence`` (CSV), ``row_offset`` (file row number of the
        first data row, so row ``i`` of the frame is file row
        ``i + row_offset``), ``read_notes`` (what the reader decided, e.g. the
        date order, as ``{"en", "zh"}`` sentences) and ``shape``
        (``"table"``, or ``"basket_list"`` for one basket per line: then the
        columns are ``txn_id`` and ``item``).

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
    attrs: dict = {"source": src, "row_offset": 2, "read_notes": [], "shape": "table"}
    if ext in CSV_EXTS:
        df = _read_csv(p, src, thousands, () if thousands else (numeric or ()), encoding=encoding, attrs=attrs)
    elif ext in EXCEL_EXTS:
        df = _read_excel(p, src, sheet, attrs)
    else:
        df = _read_sqlite(p, src, table)
    if len(df) == 0:
        raise _empty(src, header_only=True)
    df.columns = [str(c).strip() for c in df.columns]
    if mapping is not None and attrs["shape"] == "table":
        df = apply_mapping(df, mapping, src)
    if schema is not None:
        df = validate(df, schema, source=src, thousands=thousands, dayfirst=dayfirst)
        attrs["read_notes"] = attrs["read_notes"] + df.attrs.get("read_notes", [])
    df.attrs.update(attrs)
    return df


def file_rows(frame: pd.DataFrame, mask: pd.Series | np.ndarray, limit: int = _MAX_ROWS_SHOWN) -> tuple[list[int], str]:
    """The first ``limit`` rows where ``mask`` holds, as the file numbers them, and what the numbers are.

    A frame from :func:`read_table` knows its file's row numbers (``attrs["row_offset"]``; the frame's index
    survives filtering), so a message can say "rows 7, 12 of orders.csv" however the frame was cut since.
    Other frames are numbered by their index: the second value says ``"file"`` or ``"index"``.

    >>> frame = pd.DataFrame({"a": [1, None, 3]}); frame.attrs["row_offset"] = 2
    >>> file_rows(frame, frame["a"].isna())
    ([3], 'file')
    """
    hits = frame.index[np.asarray(mask, dtype=bool)][:limit]
    offset = frame.attrs.get("row_offset")
    if offset is not None and pd.api.types.is_integer_dtype(frame.index):
        return [int(i) + int(offset) for i in hits], "file"
    return [i for i in hits], "index"


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


def _encoding(raw: bytes, src: str, forced: str | None = None) -> tuple[str, str, str]:
    """``(encoding, evidence_en, evidence_zh)`` of a CSV: the one asked for, or the one the bytes show."""
    from course.sniff import guess_encoding

    if forced:
        try:
            raw.decode(forced)
        except LookupError:
            raise DataError(f"{src}: '{forced}' is not a text encoding Python knows. Fix: use e.g. utf-8, gbk or cp1252.",
                            f"{src}：Python 不认识编码 '{forced}'。解决办法：使用 utf-8、gbk 或 cp1252 等。", source=src) from None
        except UnicodeDecodeError as e:
            raise DataError(f"{src}: the file is not valid {forced} text (byte {e.start:,} cannot be decoded). Fix: leave the "
                            f"encoding out so the kit decides it, or save the file as 'CSV UTF-8'.",
                            f"{src}：该文件不是合法的 {forced} 文本（第 {e.start:,} 个字节无法解码）。解决办法：不指定编码，"
                            f"由本工具自行判断；或把文件另存为“CSV UTF-8”。", source=src) from None
        return forced, "the encoding was given", "按指定的编码读取"
    guess = guess_encoding(raw)
    if guess is None:
        raise DataError(
            f"{src}: cannot tell the text encoding: the bytes are not UTF-8, and read as GBK/GB18030, Big5, Windows-1252 "
            f"or Latin-1 they give nonsense. Fix: open it in Excel or a text editor and save it as 'CSV UTF-8' (or as "
            f".xlsx); if you know the encoding, pass encoding='…' (--encoding in the report).",
            f"{src}：无法判断文本编码：它不是 UTF-8，按 GBK/GB18030、Big5、Windows-1252 或 Latin-1 解读又都是乱码。"
            f"解决办法：用 Excel 或文本编辑器打开，另存为“CSV UTF-8（逗号分隔）”（或 .xlsx）；如果知道编码，"
            f"请传入 encoding='…'（报告命令用 --encoding）。",
            source=src,
        )
    return guess.encoding, guess.evidence_en, guess.evidence_zh


def _read_csv(p: Path, src: str, thousands: str | None, numeric: Collection[str] = (), *, encoding: str | None = None,
              attrs: dict | None = None) -> pd.DataFrame:
    from course.sniff import ENCODING_NAMES, looks_like_basket_list

    attrs = attrs if attrs is not None else {}
    raw = p.read_bytes()
    enc, why_en, why_zh = _encoding(raw, src, encoding)
    name_en, name_zh = ENCODING_NAMES.get(enc, (enc, enc))
    attrs.update(encoding=enc, encoding_evidence={"en": why_en, "zh": why_zh})
    if enc not in ("utf-8", "utf-8-sig"):
        attrs.setdefault("read_notes", []).append({
            "en": f"{src} was read as {name_en} text: {why_en}.",
            "zh": f"{src} 的编码是 {name_zh}：{why_zh}。"})
    if enc == "utf-8-sig":  # pandas' C parser decodes plain UTF-8 itself, ~1.5x faster than through a BOM codec
        enc, raw = "utf-8", raw.removeprefix(codecs.BOM_UTF8)
    elif enc == "utf-16":  # the C parser cannot split UTF-16 bytes into lines: hand it UTF-8
        enc, raw = "utf-8", raw.decode("utf-16").encode("utf-8")
    # the decoded text only picks the separator; the C parser reads the bytes (2-3x faster than a StringIO)
    head = raw[:65536].decode(enc, errors="ignore")
    if not head.strip() and not raw.decode(enc).strip():
        raise _empty(src, header_only=False)
    first = next((ln for ln in head.splitlines() if ln.strip()), "")
    sep = max([",", ";", "\t"], key=first.count)
    if first.count(sep) == 0:
        sep = ","
    if looks_like_basket_list(head[: head.rfind("\n") + 1] or head, sep):
        attrs.update(shape="basket_list", row_offset=1)
        attrs.setdefault("read_notes", []).append({
            "en": f"{src} holds one basket per line (items separated by '{sep}', rows of different lengths, no header): "
                  f"each line was read as one basket.",
            "zh": f"{src} 每行是一个购物篮（商品以“{sep}”分隔，各行长短不一，没有表头）：每一行按一个购物篮读取。"})
        return _basket_rows(raw.decode(enc), sep)
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


def _basket_rows(text: str, sep: str) -> pd.DataFrame:
    """One basket per line → (``txn_id``, ``item``) rows; the basket id is the line number, blank lines skipped."""
    baskets, items = [], []
    for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=sep), start=1):
        for item in dict.fromkeys(c.strip() for c in row):
            if item:
                baskets.append(f"B{number:06d}")
                items.append(item)
    return pd.DataFrame({"txn_id": pd.array(baskets, dtype="str"), "item": pd.array(items, dtype="str")})


def _read_excel(p: Path, src: str, sheet: str | None, attrs: dict | None = None) -> pd.DataFrame:
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
        if attrs is not None:
            df = _header_below_titles(xl, name, src, df, attrs)
        if sheet is None and len(sheets) > 1 and attrs is not None:
            df = _same_header_sheets(xl, src, sheets, df, attrs)
    df = df.dropna(how="all")
    if df.shape[1] == 0:
        raise _empty(f"{src} [{name}]", header_only=False)
    return df


def _header_below_titles(xl: pd.ExcelFile, name: str, src: str, df: pd.DataFrame, attrs: dict) -> pd.DataFrame:
    """A sheet whose header sits below a title ("Sales order export", a date line): read from its real header row.

    Recognised when most of the first row's cells are empty (pandas names them ``Unnamed: n``) and one of the next
    fifteen rows is filled with text in most cells; the rows above it are skipped, with a note.
    """
    columns = [str(c) for c in df.columns]
    if not columns or sum(c.startswith("Unnamed:") for c in columns) * 2 < len(columns):
        return df
    for position in range(min(15, len(df))):
        row = df.iloc[position]
        filled = row.dropna()
        if len(filled) >= max(2, 0.6 * len(columns)) and all(
                isinstance(v, str) and not re.fullmatch(r"[-+\d.,\s%¥$]+", v) for v in filled):
            header_row = position + 2  # the file's row number: row 1 was read as the header
            again = pd.read_excel(xl, sheet_name=name, header=header_row - 1)
            attrs["row_offset"] = header_row + 1
            attrs["read_notes"].append({
                "en": f"{src}: the column headers are on row {header_row}, below {header_row - 1} title row"
                      f"{'s' if header_row > 2 else ''}; the rows above them were skipped.",
                "zh": f"{src}：表头在第 {header_row} 行，上方的 {header_row - 1} 行标题已跳过。"})
            return again
    return df


def _same_header_sheets(xl: pd.ExcelFile, src: str, sheets: list[str], first: pd.DataFrame, attrs: dict) -> pd.DataFrame:
    """The first sheet and every other sheet with the same header, one under the other (an export split by period).

    Sheets with other columns are named in a note, not read. Rows of several sheets are numbered by the reader, not
    by the file (``row_offset`` is dropped): a message cannot say "row 12" of a table that spans three sheets.
    """
    header = [str(c).strip() for c in first.columns]
    same, other = [first], []
    for name in sheets[1:]:
        part = pd.read_excel(xl, sheet_name=name)
        if [str(c).strip() for c in part.columns] == header and len(part.columns):
            same.append(part)
        elif len(part.columns) or len(part):
            other.append(name)
    if len(same) > 1:
        read = [sheets[0]] + [n for n in sheets[1:] if n not in other]
        first = pd.concat(same, ignore_index=True)
        attrs["row_offset"] = None
        attrs["read_notes"].append({
            "en": f"{src}: its {len(same)} sheets with the same columns ({', '.join(read)}) were read as one table "
                  f"({len(first):,} rows, one sheet after the other); rows are not named by sheet and row number.",
            "zh": f"{src}：{len(same)} 个列相同的工作表（{'、'.join(read)}）已依次合并为一张表读取（共 {len(first):,} 行）；"
                  f"提示中不再给出工作表里的行号。"})
    if other:
        attrs["read_notes"].append({
            "en": f"{src}: sheet{'s' if len(other) > 1 else ''} {', '.join(other)} not read: "
                  f"{'their' if len(other) > 1 else 'its'} columns differ from those of the first sheet ({sheets[0]}). "
                  f"Fix: save the sheet you need as its own file (CSV or .xlsx) and give it to the report.",
            "zh": f"{src}：工作表 {'、'.join(other)} 未读取：其列与第一个工作表（{sheets[0]}）不同。"
                  f"解决办法：把需要的工作表另存为单独的文件（CSV 或 .xlsx）再交给报告。"})
    return first


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
    renamed = [str(mapping.get(c, c)) for c in found]
    twice = sorted({c for c in renamed if renamed.count(c) > 1})
    if twice:
        kit_col = twice[0]
        sources = [c for c in found if str(mapping.get(c, c)) == kit_col]
        keep = next((c for c in sources if c in mapping), sources[0])
        raise DataError(
            f"{src}: columns {', '.join(repr(c) for c in sources)} would all become '{kit_col}', and a table can hold "
            f"only one. Fix: map just one of them to '{kit_col}' (e.g. keep '{keep}: {kit_col}' and remove the others "
            f"from the mapping, or rename the file's own '{kit_col}' column if it is not the one you mean).",
            f"{src}：列 {'、'.join(repr(c) for c in sources)} 都会变成 '{kit_col}'，但一张表里只能有一个。"
            f"解决办法：只把其中一列映射为 '{kit_col}'（例如保留 '{keep}: {kit_col}'，把其余的从映射中删去；"
            f"如果文件本身的 '{kit_col}' 列不是您要的那一列，请给它改个名）。",
            source=src,
            column=kit_col,
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
             thousands: str | None = None, dayfirst: bool | None = None, strict: bool = True) -> pd.DataFrame:
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
    dayfirst : bool, optional
        Order of dates written with numbers only (see :func:`read_table`).
    strict : bool
        ``False`` checks and types the columns the table has without
        demanding the required ones (for a report whose sections each say
        what they need).

    Returns
    -------
    pandas.DataFrame
        A typed copy; ``attrs["read_notes"]`` lists what was decided on the
        way (a date order read from the values, ids written as ``17850.0``).

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
        if strict and s["required"] and col not in found:
            raise _missing(source, col, found, schema)
    out = df.copy()
    notes: list[dict[str, str]] = []
    for col, s in spec.items():
        if col in out.columns:
            out[col] = _coerce(out[col], s["dtype"], col, source, thousands, dayfirst=dayfirst, notes=notes)
    out.attrs["read_notes"] = list(df.attrs.get("read_notes", [])) + notes
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
