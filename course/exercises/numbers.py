"""Judging a single number the way a careful instructor would (数值答案的评判).

Three kinds of number, three rules:

- a **count** (the expected value is a whole number of rows, leads, members…)
  compares exactly; one off gets a word about the boundary, a wrong count says
  whether it is too high or too low — never "check rounding";
- a **whole** number that is not a count (a month, a row number) compares
  exactly, without the lecture on boundaries;
- a **measure** (a share, a rate, an amount) is accepted within the
  exercise's tolerance *or* when it is the right value rounded to the digits
  the trainee typed, as long as they kept at least ``digits`` significant
  digits — so 0.251 is right for a win rate of 0.250794 that the notebook
  shows as 0.251, and 0.25 is "rounded too far". A **share** typed as a per
  cent (25.08 for 0.2508) is recognised and explained. "Close" is said only
  when the answer really is within 2 % of the value.

>>> from course.exercises.numbers import judge_number
>>> judge_number(0.251, [0.2507936], kind="share").status
'correct'
>>> judge_number(25.08, [0.2507936], kind="share").message["en"]
'25.08 looks like a per cent. Give the share as a number between 0 and 1 (divide by 100).'
>>> judge_number(732, [725], kind="count").message["en"]
'Your count 732 is too high: the filter lets in rows it should not. Check each condition.'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from course.exercises.answers import finite, is_number, short, wrong_type
from course.exercises.verdict import Verdict

#: the kinds of number :func:`judge_number` knows
KINDS = ("count", "whole", "share", "measure")
#: within this relative distance a wrong measure is called "close"
CLOSE = 0.02


def infer_kind(expected: Any) -> str:
    """``count`` for a whole-number key, ``measure`` otherwise."""
    if is_number(expected) and not isinstance(expected, float) and float(expected).is_integer():
        return "count"
    return "measure"


def typed_decimals(value: Any) -> int | None:
    """Decimal places of a number as it was typed (``0.251`` → 3, ``183`` → 0); ``None`` for long floats.

    A float computed by the trainee's code (``0.2507936507936508``) has no
    "typed" precision: it is judged by the tolerance alone.
    """
    if not is_number(value):
        return None
    if not isinstance(value, float) and float(value).is_integer():
        return 0
    text = repr(float(value))
    if "e" in text or "E" in text:
        return None
    try:
        exponent = Decimal(text).normalize().as_tuple().exponent
    except InvalidOperation:  # pragma: no cover - repr of a finite float always parses
        return None
    places = max(0, -int(exponent))
    return places if places <= 6 else None


def significant_digits(value: float, places: int) -> int:
    """Significant digits of ``value`` written with ``places`` decimals (``0.251``, 3 → 3; ``0.25``, 2 → 2)."""
    if value == 0:
        return 0
    magnitude = math.floor(math.log10(abs(value)))
    return max(0, magnitude + 1 + places)


def as_shown(value: float, expected: float, digits: int) -> bool:
    """True when ``value`` is ``expected`` rounded to the decimals typed, with ``digits`` significant digits kept."""
    places = typed_decimals(value)
    if places is None or significant_digits(value, places) < digits:
        return False
    return abs(value - expected) <= 0.5 * 10.0**-places * (1 + 1e-9) + 1e-12


def rounded_too_far(value: float, expected: float, digits: int) -> bool:
    """True when ``value`` is a correct rounding of ``expected`` but keeps fewer than ``digits`` significant digits."""
    places = typed_decimals(value)
    # one significant digit (0.3) covers too wide a range to call it "the right value"
    if places is None or not 2 <= significant_digits(value, places) < digits:
        return False
    return abs(value - expected) <= 0.5 * 10.0**-places * (1 + 1e-9) + 1e-12


def _per_cent_as_share(value: float) -> float:
    """``value`` ÷ 100 without binary noise, so a typed 25.08 becomes the typed-looking 0.2508."""
    try:
        return float(Decimal(repr(value)) / 100)
    except InvalidOperation:  # pragma: no cover - repr of a finite float always parses
        return value / 100


def judge_number(
    answer: Any,
    candidates: Sequence[Any],
    *,
    kind: str = "measure",
    rel_tol: float = 1e-3,
    abs_tol: float = 1e-9,
    digits: int = 3,
) -> Verdict:
    """Judge ``answer`` against the accepted numbers ``candidates`` (the first is the key).

    Returns a ``correct`` verdict with an empty message (the exercise adds its
    own), or an ``incorrect`` one that says what is wrong.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind of number {kind!r}; use one of {KINDS}")
    if not is_number(answer):
        return wrong_type("type.number", answer)
    if not finite(answer):
        return Verdict.of("incorrect", "check.not_finite", got=short(answer))
    value = float(answer)
    keys = [float(c) for c in candidates]
    exact = kind in {"count", "whole"}
    for expected in keys:
        if exact and value == expected:
            return Verdict("correct", {})
        if not exact and (
            math.isclose(value, expected, rel_tol=rel_tol, abs_tol=abs_tol)
            or as_shown(value, expected, digits)
        ):
            return Verdict("correct", {})
    expected = keys[0]
    got = short(answer)
    if kind == "count":
        if not value.is_integer():
            return Verdict.of("incorrect", "check.count_not_whole", got=got)
        if value == expected + 1:
            return Verdict.of("incorrect", "check.count_one_more", got=got)
        if value == expected - 1:
            return Verdict.of("incorrect", "check.count_one_fewer", got=got)
        return Verdict.of(
            "incorrect",
            "check.count_too_high" if value > expected else "check.count_too_low",
            got=got,
        )
    if kind == "whole":
        return Verdict.of("incorrect", "check.whole_wrong", got=got)
    share = _per_cent_as_share(value)
    if kind == "share" and any(
        math.isclose(share, e, rel_tol=rel_tol, abs_tol=abs_tol) or as_shown(share, e, digits)
        for e in keys
    ):
        return Verdict.of("incorrect", "check.percent_for_share", got=got)
    if any(rounded_too_far(value, e, digits) for e in keys):
        return Verdict.of("incorrect", "check.more_digits", got=got, digits=digits)
    if any(math.isclose(value, e, rel_tol=CLOSE) for e in keys):
        return Verdict.of("incorrect", "check.number_close", got=got)
    return Verdict.of("incorrect", "check.wrong_number", got=got)
