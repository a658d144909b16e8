"""Numbers, money and dates in the report's language and the data's currency (报告中的数字、金额与日期格式).

The currency is the data's, not always yuan: :func:`currency` reads ``--currency`` (a code such as ``GBP`` or a
sign such as ``£``) and :func:`fmt_money` writes amounts the way each language does — ``£1,234,567`` and
``-£5,832`` in English; ``123.5 万英镑`` and ``980 英镑`` in Chinese. An amount that rounds to zero is shown without
a sign (never ``-¥0``), and small amounts keep their pence or fen (``£2.55``).

>>> fmt_money(1234567, "zh"), fmt_money(1234567, "en")
('123.5 万元', '¥1,234,567')
>>> fmt_money(-0.004, "en", "GBP"), fmt_money(2.55, "en", "£"), fmt_money(52_000, "zh", "USD")
('£0', '£2.55', '5.2 万美元')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

__all__ = ["CURRENCIES", "Currency", "currency", "fmt_date", "fmt_money", "fmt_number", "fmt_pct", "in_currency",
           "set_currency"]


@dataclass(frozen=True)
class Currency:
    """How one currency is written: the English sign before the number, the Chinese unit after it."""

    code: str
    sign: str
    unit_zh: str

    def en(self, number: str, negative: bool) -> str:
        text = f"{self.sign}{number}" if self.sign else f"{number} {self.code}"
        return f"-{text}" if negative else text


CURRENCIES: dict[str, Currency] = {c.code: c for c in (
    Currency("CNY", "¥", "元"), Currency("USD", "$", "美元"), Currency("GBP", "£", "英镑"), Currency("EUR", "€", "欧元"),
    Currency("JPY", "JP¥", "日元"), Currency("HKD", "HK$", "港元"), Currency("TWD", "NT$", "新台币"),
    Currency("AUD", "A$", "澳元"), Currency("CAD", "C$", "加元"), Currency("SGD", "S$", "新加坡元"),
    Currency("KRW", "₩", "韩元"), Currency("CHF", "CHF ", "瑞士法郎"), Currency("INR", "₹", "卢比"),
)}
_SIGNS = {"¥": "CNY", "￥": "CNY", "RMB": "CNY", "元": "CNY", "人民币": "CNY", "$": "USD", "美元": "USD", "£": "GBP",
          "英镑": "GBP", "€": "EUR", "欧元": "EUR", "日元": "JPY", "港元": "HKD", "HK$": "HKD"}
_current = CURRENCIES["CNY"]


def currency(value: str | None = None) -> Currency:
    """The currency for ``value`` (a code like ``GBP``, a sign like ``£``, or a Chinese name); unknown codes are kept.

    Raises ``ValueError`` naming the accepted forms for something that is not a currency at all.

    >>> currency("£").code, currency("usd").sign, currency("NOK").en("5", False)
    ('GBP', '$', '5 NOK')
    """
    if value is None or str(value).strip() == "":
        return _current
    text = str(value).strip()
    code = _SIGNS.get(text, text.upper())
    if code in CURRENCIES:
        return CURRENCIES[code]
    if len(code) == 3 and code.isalpha() and code.isascii():
        return Currency(code, "", code)
    raise ValueError(f"--currency {value!r} is not a currency. Fix: give a three-letter code such as CNY, GBP, USD or EUR, "
                     f"or a sign such as ¥, £, $ or €. / --currency {value!r} 不是货币。解决办法：写三个字母的代码"
                     f"（如 CNY、GBP、USD、EUR）或货币符号（如 ¥、£、$、€）。")


def set_currency(value: str | Currency | None) -> Currency:
    """Use ``value`` for every amount formatted from now on (the report's kernel calls it once); returns it."""
    global _current
    _current = value if isinstance(value, Currency) else currency(value) if value else CURRENCIES["CNY"]
    return _current


_YUAN_ZH = re.compile(r"(?<=[万（(])元|元(?=[）)，,])")


def in_currency(text: Any, unit: Currency | None = None) -> Any:
    """A label written for yuan (``Revenue (¥)``, ``收入（万元）``) in the data's currency; other values unchanged.

    >>> in_currency("Revenue (¥)", currency("GBP")), in_currency("收入（万元）", currency("GBP"))
    ('Revenue (£)', '收入（万英镑）')
    """
    cur = unit or _current
    if not isinstance(text, str) or cur.code == "CNY":
        return text
    return _YUAN_ZH.sub(cur.unit_zh, text.replace("¥", cur.sign.strip() or cur.code))


def _lang(lang: str | None) -> str:
    if lang:
        return lang
    from course.i18n import get_language

    return get_language()


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) or (
        not isinstance(value, str) and pd.isna(value))


def fmt_number(value: Any, digits: int = 0) -> str:
    """``1234.5`` → ``1,235`` (``—`` for a missing value); never ``-0``."""
    if _missing(value):
        return "—"
    v = round(float(value), digits)
    return f"{(0.0 if v == 0 else v):,.{digits}f}"


def fmt_money(value: Any, lang: str | None = None, unit: str | Currency | None = None) -> str:
    """An amount in ``lang`` and the data's currency: ``¥1,234,567`` / ``123.5 万元``; small amounts with decimals."""
    if _missing(value):
        return "—"
    cur = unit if isinstance(unit, Currency) else currency(unit) if unit else _current
    v = float(value)
    if _lang(lang) == "zh":
        if abs(v) >= 100_000_000:
            return f"{fmt_number(v / 1e8, 2)} 亿{cur.unit_zh}"
        if abs(v) >= 10_000:
            return f"{fmt_number(v / 1e4, 1)} 万{cur.unit_zh}"
        digits = 2 if abs(v) < 100 and round(v, 2) != round(v) else 0
        return f"{fmt_number(v, digits)} {cur.unit_zh}"
    digits = 2 if abs(v) < 100 and round(v, 2) != round(v) else 0
    shown = round(abs(v), digits)
    return cur.en(f"{shown:,.{digits}f}", negative=v < 0 and shown != 0)


def fmt_pct(value: Any, digits: int = 1) -> str:
    """A share 0–1 as a percentage: ``0.763`` → ``76.3%``."""
    if _missing(value):
        return "—"
    return f"{100 * float(value):.{digits}f}%"


def fmt_date(value: Any, lang: str | None = None) -> str:
    """``30 Jun 2026`` in English, ``2026年6月30日`` in Chinese."""
    if _missing(value):
        return "—"
    d = pd.Timestamp(value)
    return f"{d.year}年{d.month}月{d.day}日" if _lang(lang) == "zh" else f"{d.day} {d.strftime('%b')} {d.year}"
