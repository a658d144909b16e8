"""What a file is, decided from its own bytes and values (文件嗅探：编码、日期顺序、购物篮清单).

Pure functions used by :mod:`course.data`; none of them reads a file or
raises the kit's :class:`~course.data.DataError` (the reader turns a ``None``
into a message that names the file and the fix).

* :func:`guess_encoding` — the text encoding of a CSV by evidence: UTF-8 and
  UTF-16 (with its byte-order mark) are certain; otherwise GB18030/GBK is
  chosen only when the bytes look like Chinese text (both bytes of nearly
  every two-byte character in the GB2312 range, as real Chinese text is), and
  the remaining candidates (Big5, Windows-1252, Latin-1) are weighed by
  ``charset-normalizer`` on the lines that hold non-ASCII bytes. A Western
  European file is therefore never read as GBK nonsense.
* :func:`date_order` and :func:`parse_numeric_dates` — dates written
  ``12/1/2025 8:26`` (US, month first) or ``1/12/2025`` (day first): the order
  is read from values whose first or second number is above 12.
* :func:`looks_like_basket_list` — a file with one basket per line (items
  separated by commas, rows of different lengths, no header).

>>> guess_encoding("Café crème,£2\\n".encode("cp1252")).encoding
'cp1252'
>>> guess_encoding("客户,金额\\n王,1\\n".encode("gbk")).encoding
'gb18030'
>>> date_order(pd.Series(["12/13/2025", "1/2/2025"]))
'mdy'
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["EncodingGuess", "date_order", "guess_encoding", "looks_like_basket_list", "numeric_dates", "parse_numeric_dates"]

#: readable names of the encodings the kit may report
ENCODING_NAMES = {
    "utf-8": ("UTF-8", "UTF-8"),
    "utf-8-sig": ("UTF-8 with a byte-order mark", "带 BOM 的 UTF-8"),
    "utf-16": ("UTF-16 (Excel's 'Unicode text')", "UTF-16（Excel 的“Unicode 文本”）"),
    "gb18030": ("GBK/GB18030 (Chinese Windows and Excel)", "GBK/GB18030（中文版 Windows 和 Excel 的编码）"),
    "big5": ("Big5 (traditional Chinese)", "Big5（繁体中文）"),
    "cp1252": ("Windows-1252 (Western European)", "Windows-1252（西欧语言）"),
    "latin_1": ("Latin-1 (ISO-8859-1)", "Latin-1（ISO-8859-1）"),
}
_GB_SHARE = 0.9  # real Chinese text: nearly every two-byte character lies in GB2312 (both bytes 0xA1-0xFE)
_MAX_CHAOS = 0.2  # charset-normalizer's "mess" above which a decoding is nonsense


@dataclass(frozen=True)
class EncodingGuess:
    """An encoding and the evidence for it, in both languages."""

    encoding: str
    evidence_en: str
    evidence_zh: str

    @property
    def name_en(self) -> str:
        return ENCODING_NAMES.get(self.encoding, (self.encoding, self.encoding))[0]

    @property
    def name_zh(self) -> str:
        return ENCODING_NAMES.get(self.encoding, (self.encoding, self.encoding))[1]


def _non_ascii_lines(raw: bytes, limit: int = 262_144) -> bytes:
    """The lines holding a byte above 127 (up to ``limit`` bytes): all the evidence there is (found by a C-level scan)."""
    picked, size = [], 0
    for match in _HIGH_LINE.finditer(raw):
        picked.append(match.group(0))
        size += len(picked[-1]) + 1
        if size >= limit:
            break
    return b"\n".join(picked)


_HIGH_LINE = re.compile(rb"[^\n]*[\x80-\xff][^\n]*")


def gb2312_share(raw: bytes) -> float | None:
    """Share of the two-byte GB18030 characters of ``raw`` whose both bytes are in 0xA1-0xFE; ``None`` if none."""
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return None
    chars = [c for c in text if ord(c) > 127]
    if not chars:
        return None
    good = 0
    for char in chars:  # four-byte characters (rare hanzi, 𠀀) have a shape no Western text produces
        code = char.encode("gb18030")
        good += (len(code) == 2 and code[0] >= 0xA1 and code[1] >= 0xA1) or len(code) == 4
    return good / len(chars)


def big5_share(raw: bytes) -> float | None:
    """Share of the Big5 characters of ``raw`` among the frequently used ones (lead byte 0xA4-0xC6); ``None`` if none."""
    try:
        text = raw.decode("big5")
    except UnicodeDecodeError:
        return None
    leads = [c.encode("big5")[0] for c in text if ord(c) > 127]
    if not leads:
        return None
    return sum(0xA4 <= b <= 0xC6 for b in leads) / len(leads)


def guess_encoding(raw: bytes) -> EncodingGuess | None:
    """The encoding of ``raw`` by evidence, or ``None`` when no candidate reads as sensible text.

    >>> guess_encoding(b"a,b\\n\\x80\\xff\\x80\\xff,\\xff\\xfe\\n") is None
    True
    """
    if raw.startswith(codecs.BOM_UTF8):
        try:
            raw.decode("utf-8-sig")
            return EncodingGuess("utf-8-sig", "it starts with the UTF-8 byte-order mark", "文件以 UTF-8 字节序标记开头")
        except UnicodeDecodeError:
            pass
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            raw.decode("utf-16")
            return EncodingGuess("utf-16", "it starts with the UTF-16 byte-order mark", "文件以 UTF-16 字节序标记开头")
        except UnicodeDecodeError:
            pass
    try:
        raw.decode("utf-8")
        return EncodingGuess("utf-8", "every byte sequence is valid UTF-8", "所有字节都是合法的 UTF-8")
    except UnicodeDecodeError:
        pass
    sample = _non_ascii_lines(raw)
    share = gb2312_share(sample) if _decodes(raw, "gb18030") else None
    if share is not None and share >= _GB_SHARE:
        return EncodingGuess("gb18030", f"it is not UTF-8, and {share:.0%} of its two-byte characters are common Chinese "
                                        f"characters, as in real Chinese text",
                             f"不是 UTF-8，且其双字节字符中有 {share:.0%} 是常用汉字，符合真实中文文本的特征")
    import charset_normalizer

    candidates = [enc for enc in ("cp1252", "latin_1") if _decodes(raw, enc)]
    if _decodes(raw, "big5") and (big5_share(sample) or 0) >= _GB_SHARE:  # the same test for traditional Chinese
        candidates.insert(0, "big5")
    if not candidates:
        return None
    found = charset_normalizer.from_bytes(sample or raw[:65536], cp_isolation=candidates)
    best = found.best()
    if best is None or best.chaos > _MAX_CHAOS:
        return None
    enc = codecs.lookup(best.encoding).name.replace("iso8859-1", "latin_1").replace("-", "_")
    enc = {"latin_1": "latin_1", "cp1252": "cp1252", "big5": "big5"}.get(enc, best.encoding)
    why = "" if share is None else f"; read as GBK Chinese, only {share:.0%} of it would be common characters"
    why_zh = "" if share is None else f"；若按 GBK 中文解读，只有 {share:.0%} 是常用汉字"
    return EncodingGuess(enc, f"it is not UTF-8{why}, and its non-ASCII letters read as sensible text in this encoding",
                         f"不是 UTF-8{why_zh}，而其中的非 ASCII 字符按这种编码解读才是通顺的文字")


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


# --------------------------------------------------------------------------- dates written with numbers
_NUMERIC_DATE = re.compile(r"^\s*\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})(?:[ T]+\d{1,2}:\d{2}(?::\d{2})?)?\s*$")


def _formats(dayfirst: bool) -> list[str]:
    first, second = ("%d", "%m") if dayfirst else ("%m", "%d")
    return [f"{first}{sep}{second}{sep}{year}{clock}" for sep in "/-." for year in ("%Y", "%y")
            for clock in (" %H:%M", "", " %H:%M:%S")]


def _distinct(values: pd.Series) -> tuple[np.ndarray, pd.Series] | None:
    """Codes of ``values`` and their distinct texts (stripped), or ``None`` if they are not ``n/n/yyyy`` dates.

    The form is checked on up to 2,000 distinct values; parsing then runs on the distinct values only (an export
    repeats each timestamp on every line of an order).
    """
    codes, uniques = pd.factorize(values)
    text = pd.Series(pd.Index(uniques).astype("string"), dtype="string").str.strip()
    if text.empty:
        return None
    sample = text.iloc[: 2000] if len(text) <= 2000 else text.sample(2000, random_state=0)
    if not all(_NUMERIC_DATE.match(v) for v in sample.dropna() if v):
        return None
    return codes, text


def _parse(text: pd.Series, dayfirst: bool) -> pd.Series:
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for fmt in _formats(dayfirst):
        todo = out.isna() & text.notna() & (text != "")
        if not todo.any():
            break
        out[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce")
    return out


def numeric_dates(values: pd.Series, dayfirst: bool | None = None) -> tuple[str | None, pd.Series | None]:
    """The order of ``n/n/yyyy [h:mm[:ss]]`` dates and, when it is known, the values parsed that way.

    Returns ``(order, parsed)``: ``order`` is ``"mdy"`` (US), ``"dmy"``, ``"ambiguous"`` (no day above 12 tells),
    ``"mixed"`` (both orders seen) or ``None`` (not written this way); ``parsed`` holds timestamps (NaT for a
    value that is no date either way) when ``dayfirst`` was given or the order is ``mdy``/``dmy``, else ``None``.
    Each distinct value is parsed once, and the day-first reading is tried only where the month-first one fails or
    could be swapped, so half a million lines cost a few C-level parses of their distinct timestamps.
    """
    found = _distinct(values)
    if found is None:
        return None, None
    codes, text = found

    def spread(parsed: pd.Series) -> pd.Series:
        table = np.append(parsed.to_numpy(dtype="datetime64[ns]"), np.datetime64("NaT", "ns"))
        return pd.Series(table[codes], index=values.index)

    if dayfirst is not None:
        return ("dmy" if dayfirst else "mdy"), spread(_parse(text, dayfirst))
    month_first = _parse(text, False)
    failed = month_first.isna() & text.notna() & (text != "")
    day_first_of_failed = _parse(text[failed], True) if failed.any() else pd.Series(dtype="datetime64[ns]")
    swappable = bool((month_first.dropna().dt.day <= 12).all())  # every month-first date also reads day-first
    if failed.any() and day_first_of_failed.notna().any():
        if month_first.notna().any() and not swappable:
            return "mixed", None
        return "dmy", spread(_parse(text, True))
    if month_first.notna().sum() == 0:
        return None, None
    if swappable:
        return "ambiguous", None
    return "mdy", spread(month_first)


def date_order(values: pd.Series) -> str | None:
    """``"mdy"`` (US), ``"dmy"``, ``"ambiguous"`` (no number above 12 tells), ``"mixed"`` (both seen), or ``None``.

    >>> date_order(pd.Series(["13/1/2025", "2/3/2025"])), date_order(pd.Series(["1/2/2025"]))
    ('dmy', 'ambiguous')
    >>> date_order(pd.Series(["12/13/2025 8:26", "1/2/2025 9:00"])), date_order(pd.Series(["13/1/2025", "1/13/2025"]))
    ('mdy', 'mixed')
    """
    return numeric_dates(values)[0]


def parse_numeric_dates(values: pd.Series, dayfirst: bool) -> pd.Series:
    """``n/n/yyyy [h:mm[:ss]]`` values as timestamps (each distinct value parsed once); impossible dates → NaT."""
    parsed = numeric_dates(values, dayfirst)[1]
    return parsed if parsed is not None else pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")


# --------------------------------------------------------------------------- one basket per line
def looks_like_basket_list(text: str, sep: str = ",", max_lines: int = 400) -> bool:
    """True for one basket per line: rows of different lengths, short non-numeric items that recur, no header.

    >>> looks_like_basket_list("milk,bread\\nbread\\nmilk,eggs,bread\\n")
    True
    >>> looks_like_basket_list("Notes, June\\nThe till was replaced in March, so receipts have no code.\\n")
    False
    """
    raw = [row for row in csv.reader(io.StringIO(text), delimiter=sep) if any(c.strip() for c in row)][:max_lines]
    if len(raw) < 2 or len({len(r) for r in raw}) < 2:  # a table has the same number of fields (blank or not) in every row
        return False
    rows = [[c.strip() for c in row if c.strip()] for row in raw]
    cells = [c for r in rows for c in r]
    lengths = sorted(len(c) for c in cells)
    if lengths[len(lengths) // 2] > 40:
        return False
    numeric = sum(bool(re.fullmatch(r"[-+]?[\d.,]+", c)) for c in cells) / len(cells)
    if numeric > 0.2:
        return False
    seen: dict[str, int] = {}
    for r in rows:
        for c in set(r):
            seen[c] = seen.get(c, 0) + 1
    recurring = sum(1 for c in cells if seen[c] > 1) / len(cells)
    header_recurs = sum(seen[c] > 1 for c in rows[0]) >= max(1, len(rows[0]) // 2)  # a header's names appear once
    return recurring >= 0.3 and header_recurs
