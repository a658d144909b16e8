"""Describing a trainee's answer in the trainee's language (答案的类型说明).

When an answer has the wrong shape, the feedback says what was expected, what
was given — in words of the trainee's language, never a Python type name such
as ``NoneType`` in the Chinese edition — and, where the slip is a common one,
how to fix it::

    >>> from course.exercises.answers import wrong_type
    >>> wrong_type("type.number", None).message["zh"]  # doctest: +ELLIPSIS
    '这里需要的是一个数字，你给的是空值 None（什么都没有）。None 通常说明...'

The answers may be the trainee's own objects or plain values rebuilt from JSON
by a grader (lists for tuples and sets, floats and ints, DataFrames rebuilt
from records); every function here accepts both.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from course import i18n
from course.exercises.verdict import Verdict


def normalise_text(value: str) -> str:
    """Case-, width- and space-insensitive form used to compare short text answers."""

    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(value))).strip().casefold()


def is_number(value: Any) -> bool:
    """True for a real number (Python or numpy), never for ``True``/``False``.

    >>> is_number(3), is_number(0.5), is_number(True), is_number("3")
    (True, True, False, False)
    """
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy is a dependency
        return False
    return isinstance(value, np.integer | np.floating)


def short(value: Any, limit: int = 60) -> str:
    """A short, readable rendering of ``value`` for feedback (numpy scalars shown as plain numbers)."""
    if hasattr(value, "item") and getattr(value, "ndim", None) == 0:
        value = value.item()  # numpy scalar: show 0.53, not np.float64(0.53)
    if isinstance(value, float):
        return f"{value:.6g}"
    text = str(value) if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _size(value: Any) -> int | None:
    try:
        return len(value)
    except TypeError:
        return None


def describe(value: Any) -> dict[str, str]:
    """What ``value`` is, in both languages ("a table of 564 rows × 22 columns", "空值 None"…)."""
    import pandas as pd

    if value is None:
        return i18n.both("type.none")
    if isinstance(value, pd.DataFrame):
        return i18n.both("type.dataframe_shape", rows=value.shape[0], cols=value.shape[1])
    if isinstance(value, pd.Series):
        return i18n.both("type.series_size", n=len(value))
    if isinstance(value, bool):
        return i18n.both("type.bool_value", value=value)
    if is_number(value):
        return i18n.both("type.number_value", value=short(value))
    if isinstance(value, str):
        return i18n.both("type.text_value", value=short(value, 40))
    if isinstance(value, Mapping):
        return i18n.both("type.mapping_size", n=len(value))
    if callable(value):
        return i18n.both("type.function")
    if isinstance(value, list):
        return i18n.both("type.list_size", n=len(value))
    if isinstance(value, tuple):
        return i18n.both("type.tuple_size", n=len(value))
    if isinstance(value, set | frozenset):
        return i18n.both("type.set_size", n=len(value))
    if isinstance(value, pd.Index) or type(value).__name__ == "ndarray":
        return i18n.both("type.array_size", n=_size(value))
    name = type(value).__name__
    return {
        "en": i18n.t("type.other", lang="en", name=name),
        "zh": i18n.t("type.other", lang="zh", name=""),
    }


def _tip(expected_key: str, got: Any) -> dict[str, str] | None:
    """A pointed fix for the commonest wrong shapes, or ``None``."""
    import pandas as pd

    if got is None:
        return i18n.both("check.tip_none")
    if expected_key == "type.number":
        if isinstance(got, bool):
            return i18n.both("check.tip_bool_number")
        if isinstance(got, str):
            try:
                float(got.strip().rstrip("%"))
            except ValueError:
                return None
            return i18n.both("check.tip_quotes")
        if isinstance(got, pd.Series | pd.DataFrame) and got.size == 1:
            return i18n.both("check.tip_item")
    if expected_key == "type.collection" and isinstance(got, str):
        return i18n.both("check.tip_one_text")
    if (
        expected_key == "type.text"
        and isinstance(got, list | tuple)
        and len(got) == 1
        and isinstance(got[0], str)
    ):
        return i18n.both("check.tip_text_in_list")
    return None


def wrong_type(expected_key: str, got: Any) -> Verdict:
    """``incorrect``: the answer has the wrong kind; says what was expected, what was given, and a fix.

    ``expected_key`` is a catalogue key such as ``"type.number"``.
    """
    expected = i18n.both(expected_key)
    given = describe(got)
    said = {
        lang: i18n.t("check.wrong_type", lang=lang, expected=expected[lang], got=given[lang])
        for lang in i18n.LANGUAGES
    }
    return Verdict.join("incorrect", said, _tip(expected_key, got) or {})


def frame_for_list(frame: Any) -> Verdict:
    """``incorrect``: a whole table was given where a list of items is expected."""
    import pandas as pd

    if isinstance(frame, pd.DataFrame):
        return Verdict.of(
            "incorrect", "check.frame_for_list", rows=frame.shape[0], cols=frame.shape[1]
        )
    return wrong_type("type.collection", frame)


def finite(value: Any) -> bool:
    """True for a number that is neither NaN nor infinite."""
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError, OverflowError):
        return False


#: what common Python errors mean, so the Chinese feedback does not rest on an English class name
_ERROR_MEANINGS = {
    "TypeError": "error.type",
    "ZeroDivisionError": "error.zero_division",
    "KeyError": "error.key",
    "IndexError": "error.index",
    "ValueError": "error.value",
    "NameError": "error.name",
    "AttributeError": "error.attribute",
}


def function_raised(case: str, error: BaseException) -> dict[str, str]:
    """Feedback for a trainee's function that raised on a test case: what it means, then Python's own words."""
    return function_raised_named(case, type(error).__name__, str(error))


def function_raised_named(case: str, name: str, detail: str) -> dict[str, str]:
    """:func:`function_raised` from the error's class name and message, as they cross from the kernel as plain data."""
    name = str(name)[:80]
    meaning = i18n.both(_ERROR_MEANINGS.get(name, "error.other"))
    detail = short(str(detail), 120)
    return {
        lang: i18n.t(
            "check.function_raised",
            lang=lang,
            case=case,
            meaning=meaning[lang],
            error=name,
            detail=detail,
        )
        for lang in i18n.LANGUAGES
    }
