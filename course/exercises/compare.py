"""Comparing list and table answers with the key (列表与表格答案的比较).

Lists compare as sets unless order matters; items that are labels may be given
in any spelling :mod:`course.exercises.labels` knows; a whole table given where
a list is expected is said to be one. DataFrames and Series compare cell by
cell with a tolerance, and the first difference is named; values 100 times too
large are pointed out when the key holds shares.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from course import i18n
from course.exercises.answers import frame_for_list, is_number, normalise_text, short, wrong_type
from course.exercises.verdict import Verdict
from course.i18n import t

_short = short
_is_number = is_number


def _is_collection(value: Any) -> bool:
    """A list-like answer: not text, not a mapping, not a table."""
    import pandas as pd

    if isinstance(value, str | bytes | Mapping | pd.DataFrame):
        return False
    return isinstance(value, Iterable)


def _resolve_items(items: list[Any], expected: Sequence[Any]) -> list[Any]:
    """Answer items given as label names (``理智型``) turned into the ids of ``expected`` (``rational``)."""
    from course.exercises import labels

    keys = [e for e in expected if isinstance(e, str)]
    if not keys or not labels.domains_holding(keys):
        return items
    out = []
    for item in items:
        named = labels.resolve(item, keys) if isinstance(item, str) else None
        out.append(named if named is not None else item)
    return out


def _unknown_label(answer: str, expected: str, siblings: Sequence[str] = ()) -> Verdict:
    """``incorrect``: the answer names no label of the question's domain; list what may be typed.

    A large catalogue (every ``value.*`` word: ~50) is not listed: the question's own choices (``siblings``: the
    answer and the wrong answers it has feedback for) are, when there are at least two.
    """
    from course.exercises import labels

    domain = labels.domains_holding([expected])[0]
    ids = sorted(domain.names)
    own = sorted({expected, *siblings})
    if len(ids) > 12 and len(own) >= 2:
        ids = own
    options = {
        "en": ", ".join(ids),
        "zh": "、".join(labels.display(i, "zh", among=[expected]) for i in ids),
    }
    return Verdict(
        "incorrect",
        {
            lang: t("check.unknown_label", lang=lang, got=_short(answer, 40), options=options[lang])
            for lang in i18n.LANGUAGES
        },
    )


def compare_collections(answer: Any, candidates: Sequence[Any], *, ordered: bool) -> Verdict:
    """Judge a list/set answer against one or more accepted collections.

    Items that are labels may be given in any spelling the kit knows; a whole
    table given where a list is expected is said to be one.
    """
    import pandas as pd

    from course.exercises import labels

    if isinstance(answer, pd.DataFrame):
        return frame_for_list(answer)
    if isinstance(answer, pd.Series | pd.Index):
        answer = answer.tolist()
    if not _is_collection(answer):
        return wrong_type("type.collection", answer)
    inner = next((v for v in answer if isinstance(v, list | tuple | set | frozenset | dict | pd.Series | pd.Index)), None)
    if inner is not None:  # [ids] instead of ids: a list inside the list
        return Verdict.of("incorrect", "check.nested_items")
    got = _resolve_items(list(answer), list(candidates[0]))
    try:
        repeated = len(_as_set(got)) < len(got)
    except TypeError:  # items that cannot be compared (a dict in the list): not the answer
        return Verdict.of("incorrect", "check.wrong_value")
    if repeated:  # every item twice passed as the same set
        return Verdict.of("incorrect", "check.repeated_items")
    for candidate in candidates:
        if ordered and [normalise_text(x) if isinstance(x, str) else x for x in got] == [
            normalise_text(x) if isinstance(x, str) else x for x in candidate
        ]:
            return Verdict("correct", {})
        if not ordered and _as_set(got) == _as_set(candidate):
            return Verdict("correct", {})
    target = _as_set(candidates[0])
    mine = _as_set(got)
    messages = []
    if target - mine:
        messages.append(i18n.both("check.missing_items", n=len(target - mine)))
    if mine - target:
        extras = [v for v in got if (normalise_text(v) if isinstance(v, str) else v) not in target]
        first = sorted(extras, key=str)[0]
        among = [c for c in candidates[0] if isinstance(c, str)]
        example = {lang: labels.display(first, lang, among=among) for lang in i18n.LANGUAGES}
        messages.append(
            {
                lang: t(
                    "check.extra_items",
                    lang=lang,
                    n=len(mine - target),
                    example=_short(example[lang], 40),
                )
                for lang in i18n.LANGUAGES
            }
        )
    if not messages:
        messages.append(
            i18n.both("check.same_items_wrong_order" if ordered else "check.wrong_value")
        )
    return Verdict.join("incorrect", *messages)


def _as_set(values: Iterable[Any]) -> frozenset:
    def norm(v: Any) -> Any:
        if isinstance(v, str):
            return normalise_text(v)
        if _is_number(v) and float(v).is_integer():
            return int(v)  # 3 and 3.0 (a number rebuilt from JSON) are the same item
        return v

    return frozenset(norm(v) for v in values)


def compare_frames(
    answer: Any, expected: Any, *, rel_tol: float, abs_tol: float, ordered: bool
) -> Verdict:
    """Judge a DataFrame/Series answer cell by cell, explaining the first difference."""
    import numpy as np
    import pandas as pd

    if isinstance(expected, pd.DataFrame):
        if (
            isinstance(answer, pd.Series)
            and answer.name in expected.columns
            and expected.shape[1] == 1
        ):
            answer = answer.to_frame()
        if not isinstance(answer, pd.DataFrame):
            return wrong_type("type.dataframe", answer)
        missing = [c for c in expected.columns if c not in answer.columns]
        if missing:
            return Verdict.of(
                "incorrect", "check.missing_columns", columns=", ".join(map(str, missing))
            )
        answer = answer[list(expected.columns)]
    elif not isinstance(answer, pd.Series):
        if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
            answer = answer.iloc[:, 0]
        else:
            return wrong_type("type.series", answer)
    if len(answer) != len(expected):
        return Verdict.of(
            "incorrect", "check.wrong_length", expected=len(expected), got=len(answer)
        )
    if not ordered:
        if not answer.index.sort_values().equals(expected.index.sort_values()):
            extra = [i for i in expected.index if i not in set(answer.index)]
            if extra or not answer.index.is_unique:
                return Verdict.of(
                    "incorrect",
                    "check.wrong_index",
                    example=_short(extra[0] if extra else expected.index[0]),
                )
            # same labels, different index object type: compare positionally after aligning
        try:
            answer = answer.loc[expected.index]
        except KeyError:
            answer = answer.reset_index(drop=True)
            expected = expected.reset_index(drop=True)
    left = answer.to_frame() if isinstance(answer, pd.Series) else answer
    right = expected.to_frame() if isinstance(expected, pd.Series) else expected
    bad: list[tuple[Any, Any, Any]] = []
    for column in right.columns:
        a = left[column].to_numpy() if column in left.columns else left.iloc[:, 0].to_numpy()
        b = right[column].to_numpy()
        if pd.api.types.is_numeric_dtype(right[column]) and not pd.api.types.is_bool_dtype(
            right[column]
        ):
            text = next((v for v in a if isinstance(v, str)), None)
            if text is not None:  # numbers written as text ('0.25'): refused as a lone number would be
                return wrong_type("type.number", text)
            try:
                af = a.astype(float)
            except (TypeError, ValueError):
                return wrong_type("type.number", a[0])
            bf = b.astype(float)
            # pandas shows six decimals: a table typed or rounded as it is shown is the same table
            same = np.isclose(af, bf, rtol=rel_tol, atol=max(abs_tol, 5e-7), equal_nan=True)
            shares = bool(
                np.nanmax(np.abs(bf), initial=0) <= 1
            )  # a per cent only makes sense for shares
            if (
                not same.all()
                and shares
                and np.isclose(af, bf * 100, rtol=rel_tol, equal_nan=True).all()
            ):
                return Verdict.of("incorrect", "check.percent_not_share")
        else:
            same = np.array(
                [(x == y) or (pd.isna(x) and pd.isna(y)) for x, y in zip(a, b, strict=True)],
                dtype=bool,
            )
        for pos in np.flatnonzero(~same)[:1]:
            bad.append((right.index[pos], column, a[pos]))
        if (~same).any():
            count = int((~same).sum())
            where = f"{_short(bad[0][0], 30)} / {bad[0][1]}"
            return Verdict.of(
                "incorrect", "check.wrong_cells", n=count, where=where, got=_short(bad[0][2], 30)
            )
    return Verdict("correct", {})
