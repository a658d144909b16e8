"""Typing a user's columns as the kit's schema says (列类型转换): numbers, dates, true/false, ids, text.

:func:`course.data.validate` calls :func:`_coerce` for every known column. The fast ways come first (numbers
parsed by numpy, ISO dates, long text columns stripped once per distinct value, dates written ``12/1/2025 8:26``
read once per distinct value in the order the values show); a cell that fits no way is named by its row with the
fix, in English and Chinese (:class:`course.errors.DataError`).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from course.errors import DataError

_TRUE = {"true", "t", "yes", "y", "1", "是", "对", "真"}
_FALSE = {"false", "f", "no", "n", "0", "否", "错", "假"}
_MAX_ROWS_SHOWN = 5


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
#: a number as exports write money: a currency sign or code before or 元 after it, thousands grouped with commas
_MONEY = re.compile(
    r"^\s*(?P<open>\()?\s*(?P<minus>[-−])?\s*(?P<sign>[¥￥$£€]|RMB|CNY|USD|GBP|EUR|HKD)?\s*(?P<minus2>[-−])?\s*"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?:元)?\s*(?P<close>\))?\s*$",
    re.IGNORECASE,
)  # (5,394.00): an accountant's negative
#: what exports write in a number cell that holds no number
#: how a spreadsheet says "no value" in a cell (compared lower-case, stripped)
NO_VALUE = frozenset({"n/a", "na", "#n/a", "null", "none", "nil", "-", "--", "—", "–", "无", "空", "暂无", "不详"})
_NO_VALUE = NO_VALUE
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
    """A long text column stripped once per distinct value (products, cities, order ids repeated on every line).

    Hashing the column is quicker than stripping every cell, and when no value needs stripping the column comes
    back as it is. Blank values become missing, as on the cell-by-cell way.
    """
    codes, uniques = pd.factorize(s)
    values = pd.Index(uniques).str.strip()
    blank = values == ""
    if not blank.any() and values.equals(pd.Index(uniques)):
        return s
    table = np.append(np.where(blank, None, values.to_numpy(dtype=object)), None)
    return pd.Series(table[codes], index=s.index, name=s.name, dtype="str")


_FLOAT_ID = re.compile(r"^\d+\.0$")


def _whole_float_ids(s: pd.Series, col: str, src: str, notes: list) -> pd.Series:
    """Ids that a spreadsheet stored as numbers (``17850`` → ``17850.0``) back as the digits people type."""
    if pd.api.types.is_float_dtype(s):
        values = s.dropna()
        if len(values) and (values == np.round(values)).all():
            out = s.astype("Int64").astype("string").astype(object).where(s.notna(), None)
            notes.append({"en": f"{src}: column '{col}' held ids stored as numbers; they were read as text without the "
                                f"'.0' (17850.0 → 17850).",
                          "zh": f"{src}：列 '{col}' 的编号被存成了数字，已按文本读取并去掉“.0”（17850.0 → 17850）。"})
            return out
        return s
    if pd.api.types.is_string_dtype(s) or s.dtype == object:
        present = s.dropna()
        sample = present.iloc[:5000].astype(str)
        if len(sample) and sample.str.fullmatch(_FLOAT_ID.pattern).all():
            text = s.astype("string")
            if text.dropna().str.fullmatch(_FLOAT_ID.pattern).all():
                notes.append({"en": f"{src}: column '{col}' held ids written like 17850.0; the '.0' was dropped.",
                              "zh": f"{src}：列 '{col}' 的编号写成了 17850.0 的样子，已去掉“.0”。"})
                return text.str.slice(stop=-2).astype(object).where(s.notna(), None)
    return s


#: a time of day followed by a time zone: 2026-01-05T09:30:00Z, 2026-01-05 09:30+08:00
_TIME_ZONE = r"(\d:\d\d(?::\d\d(?:\.\d+)?)?)\s*(?:Z|UTC|GMT|[+-]\d\d:?\d\d)$"


def _without_time_zone(s: pd.Series, col: str, src: str, notes: list) -> pd.Series:
    """Timestamps with a time zone (Z, +08:00) as the date and time written, the zone noted (a shop's day is its own).

    Converting to one zone would move late-evening sales to another day; mixed zones could not be read at all.

    >>> _without_time_zone(pd.Series(["2026-01-05T23:30:00+08:00", "2026-01-06T01:00Z"], dtype="string"), "d", "f", []).tolist()
    ['2026-01-05T23:30:00', '2026-01-06T01:00']
    """
    zoned = s.str.contains(_TIME_ZONE.replace("(", "(?:", 1), regex=True, na=False)
    if not zoned.any():
        return s
    example = s.loc[zoned].iloc[0]
    notes.append({"en": f"{src}: {int(zoned.sum()):,} times in column '{col}' carry a time zone (e.g. '{example}'): "
                        f"each was read as the date and time written, the zone left aside.",
                  "zh": f"{src}：列 '{col}' 中有 {int(zoned.sum()):,} 个时间带有时区（例如 '{example}'）："
                        f"均按所写的日期和时间读取，时区略去。"})
    return s.str.replace(_TIME_ZONE, r"\1", regex=True)


def _numeric_dates(s: pd.Series, col: str, src: str, dayfirst: bool | None, notes: list) -> pd.Series | None:
    """Dates written with numbers only (``12/1/2025 8:26``): the order from ``dayfirst`` or from the values.

    ``None`` when the column is not written that way. A column whose values cannot tell the order (no number
    above 12 in either place) needs ``dayfirst``; one that shows both orders is refused, naming rows of each.
    """
    from course.sniff import numeric_dates

    order, parsed = numeric_dates(s, dayfirst)
    if order is None:
        return None
    sample = next(iter(s.dropna().astype(str)), "")
    if order == "mixed" and dayfirst is None:
        parts = s.astype("string").str.extract(r"^\s*(\d{1,2})[/.\-](\d{1,2})").astype(float)
        day_first, month_first = parts[0] > 12, parts[1] > 12
        rows = [str(i + 2) for i in np.flatnonzero(day_first.to_numpy())[:3]]
        other = [str(i + 2) for i in np.flatnonzero(month_first.to_numpy())[:3]]
        raise DataError(
            f"{src}: column '{col}' mixes date orders: rows {', '.join(rows)} are day/month/year, rows {', '.join(other)} "
            f"month/day/year (row 1 is the header). Fix: write every date as YYYY-MM-DD, or pass dayfirst=True/False "
            f"(--dayfirst / --no-dayfirst) to read them all one way.",
            f"{src}：列 '{col}' 的日期顺序不一致：第 {'、'.join(rows)} 行是“日/月/年”，第 {'、'.join(other)} 行是“月/日/年”"
            f"（第 1 行为表头）。解决办法：把日期统一写成 YYYY-MM-DD，或传入 dayfirst=True/False"
            f"（报告命令用 --dayfirst / --no-dayfirst）统一按一种顺序读取。",
            source=src, column=col)
    if dayfirst is None:
        if order == "ambiguous":
            raise DataError(
                f"{src}: column '{col}' has dates written with numbers only (e.g. '{sample}'), and no value shows whether the "
                f"day or the month comes first. Fix: pass dayfirst=True for day/month/year or dayfirst=False for "
                f"month/day/year (US) — --dayfirst or --no-dayfirst in the report — or write the dates as YYYY-MM-DD.",
                f"{src}：列 '{col}' 的日期只用数字书写（例如 '{sample}'），而没有任何一个值能看出是“日”在前还是“月”在前。"
                f"解决办法：日/月/年请传入 dayfirst=True，月/日/年（美式）请传入 dayfirst=False——报告命令用 --dayfirst 或 "
                f"--no-dayfirst——或把日期写成 YYYY-MM-DD。",
                source=src, column=col)
        dayfirst = order == "dmy"
        form_en = "day/month/year" if dayfirst else "month/day/year (US)"
        form_zh = "日/月/年" if dayfirst else "月/日/年（美式）"
        notes.append({"en": f"{src}: dates in column '{col}' (e.g. '{sample}') were read as {form_en}, because some values "
                            f"have a {'first' if dayfirst else 'second'} number above 12. Use --dayfirst/--no-dayfirst to "
                            f"say otherwise.",
                      "zh": f"{src}：列 '{col}' 的日期（例如 '{sample}'）按{form_zh}读取，因为有些值的"
                            f"{'第一个' if dayfirst else '第二个'}数字大于 12。如不对，请用 --dayfirst/--no-dayfirst 指定。"})
    return parsed


def _money_cells(txt: pd.Series, num: pd.Series, bad: pd.Series, col: str, src: str,
                 notes: list) -> tuple[pd.Series, pd.Series]:
    """Read the cells of a number column that exports write as money ('£56.12', '¥1,234', '1,234元') or as
    no value ('N/A', '-'), and say so in ``notes``; return the numbers and the cells still unread.

    An accountant's negative in brackets, ``(5,394.00)``, is read as −5,394. Cells that are neither stay unread
    (returned as still bad), so the caller's error names exactly those — not the thousands it could read.
    """
    values = txt[bad].astype(str)
    uniques = pd.unique(values)
    read: dict[str, float] = {}
    empty: set[str] = set()
    unread: set[str] = set()
    signs: set[str] = set()
    for value in uniques:
        if value.strip().lower() in _NO_VALUE:
            empty.add(value)
            continue
        found = _MONEY.match(value)
        if not found or bool(found["open"]) != bool(found["close"]):
            unread.add(value)
            continue
        if found["sign"]:
            signs.add(found["sign"].upper())
        number = float(found["number"].replace(",", ""))
        read[value] = -number if (found["minus"] or found["minus2"] or found["open"]) else number
    num = num.copy()
    money = values.map(read)
    num[money.index] = money
    n_money, n_empty = int(money.notna().sum()), int(values.isin(empty).sum())
    if n_money:
        example = next(v for v in values if v in read)
        notes.append({"en": f"{src}: {n_money:,} cells of column '{col}' were written with a currency sign or "
                            f"thousands separators (e.g. '{example}'): read as numbers without them.",
                      "zh": f"{src}：列 '{col}' 有 {n_money:,} 个单元格带货币符号或千位分隔符（例如 '{example}'），"
                            "已去掉后按数字读取。"})
        foreign = sorted(signs - {"¥", "￥", "RMB", "CNY"})
        if len(signs) == 1 and foreign:
            notes.append({"en": f"{src}: the amounts are marked {foreign[0]}; if the report does not show that currency, "
                                f"run it with --currency {foreign[0]}.",
                          "zh": f"{src}：金额标的是 {foreign[0]}；如果报告显示的不是这种货币，请加上 --currency {foreign[0]} 再运行。"})
        elif len(signs) > 1:
            notes.append({"en": f"{src}: column '{col}' mixes currencies ({', '.join(sorted(signs))}): the numbers are "
                                "added as they are, without conversion. Convert them to one currency first.",
                          "zh": f"{src}：列 '{col}' 混用了多种货币（{'、'.join(sorted(signs))}），数字按原值相加，没有换算。"
                                "请先统一换算成一种货币。"})
    if n_empty:
        example = next(v for v in values if v in empty)
        notes.append({"en": f"{src}: {n_empty:,} cells of column '{col}' hold no number (e.g. '{example}') and are "
                            "read as empty.",
                      "zh": f"{src}：列 '{col}' 有 {n_empty:,} 个单元格没有数值（例如 '{example}'），按空值处理。"})
    still = pd.Series(False, index=bad.index)
    still[values.index] = values.isin(unread).to_numpy()
    return num, still


def _coerce(s: pd.Series, dtype: str, col: str, src: str, thousands: str | None, *, dayfirst: bool | None = None,
            notes: list | None = None) -> pd.Series:
    notes = notes if notes is not None else []
    if dtype == "str" and col.endswith("_id"):
        s = _whole_float_ids(s, col, src, notes)
    present = s.notna()
    # vectorised .str methods when every value is text (how CSVs arrive); per-value only for mixed columns
    all_text = pd.api.types.is_string_dtype(s) and s.dtype != object
    if all_text and dtype in ("float", "int") and not thousands:
        fast = _plain_numbers(s)
        if fast is not None:  # every cell a plain number or empty: no stripping, no per-cell checks needed
            s, present = fast, fast.notna()
            all_text = False
    if all_text and dtype == "date":
        s = _without_time_zone(s, col, src, notes)
        from course.sniff import _NUMERIC_DATE

        head = s.dropna().iloc[:200]
        if len(head) and all(_NUMERIC_DATE.match(v) for v in head):  # 12/1/2025 8:26: the order first, no ISO detour
            numeric = _numeric_dates(s, col, src, dayfirst, notes)
            if numeric is not None and not (s.notna() & numeric.isna()).any():
                return numeric.astype("datetime64[ns]")
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
        if isinstance(s.dtype, pd.DatetimeTZDtype):  # the clock time as written, as for text with an offset
            return s.dt.tz_localize(None).astype("datetime64[ns]")
        if pd.api.types.is_datetime64_any_dtype(s):
            return s.astype("datetime64[ns]")
        if all_text:
            parsed = pd.to_datetime(s, format="ISO8601", errors="coerce")
            if (present & parsed.isna()).any():  # 2026/1/5, 2026年1月5日 …
                norm = s.str.replace(r"[年月/.]", "-", regex=True).str.replace("日", "", regex=False).str.strip()
                parsed = pd.to_datetime(norm, format="ISO8601", errors="coerce")
            if (present & parsed.isna()).any():  # 12/1/2025 8:26 (US) or 1/12/2025 (day first)
                numeric = _numeric_dates(s, col, src, dayfirst, notes)
                if numeric is not None:
                    parsed = numeric
        else:
            txt = s.map(lambda v: v.strftime("%Y-%m-%d") if hasattr(v, "strftime") else v)
            txt = txt.where(present, None).astype(object)
            norm = txt.map(lambda v: re.sub(r"[年月/.]", "-", v).replace("日", "").strip()
                           if isinstance(v, str) else v)
            parsed = pd.to_datetime(norm, format="ISO8601", errors="coerce")
            if (present & parsed.isna()).any():  # text cells such as 12/1/2025 8:26 beside real dates
                texts = txt.where(parsed.isna() & present)
                numeric = _numeric_dates(texts, col, src, dayfirst, notes) if texts.notna().any() else None
                if numeric is not None:
                    parsed = parsed.where(parsed.notna(), numeric)
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
        if bad.any() and not thousands:
            num, bad = _money_cells(txt, num, bad, col, src, notes)
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
                        f"the kit counts '{col}' in whole units. If the column is the right one and goods are sold by "
                        f"weight or length, leave '{col}' out of the file or mapping when it is optional (amounts are "
                        f"what the figures add up); rounding would change your data.",
                        f"本工具按整件计算 '{col}'。如果列没有选错、商品是按重量或长度卖的，而该列又不是必需的，"
                        f"请把 '{col}' 从文件或映射中去掉（各项数字加总的是金额）；取整会改变您的数据。")
    return num.astype("Int64") if num.isna().any() else num.astype(np.int64)
