"""What a blank workbook shows before the trainee answers anything: every exercise, each *not attempted*.

The committed blank workbooks run under nbval in ``make test`` (``--nbval-lax workbook/en workbook/zh``). The root
``conftest.py`` adds one item after the last cell of each, ``<workbook>::records``, which reads the records that the
workbook's checks displayed in that same kernel run and fails on any problem :func:`problems` finds. The check lives
here, apart from the plugin, so ``tests/test_workbooks.py`` can show it catches what it should.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping

from course.exercises.core import RECORD_MIME

#: the words the feedback of a not-attempted check shows, per language
NOT_ATTEMPTED = {"en": "Not attempted", "zh": "尚未作答"}


def exercise_ids(stem: str) -> set[str]:
    """The exercise ids of a chapter's workbook (``"01-prospects"`` -> ``{"ch01.q1", …}``)."""
    module = importlib.import_module(f"course.exercises.ch{stem[:2]}")
    return {q.id for q in module.EXERCISES}


def _text(value: object) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def problems(stem: str, lang: str, outputs: Iterable[Mapping]) -> list[str]:
    """What is wrong with the displayed outputs of a blank workbook's run; an empty list when nothing is."""
    records, html = [], []
    for output in outputs:
        data = output.get("data") or {}
        if RECORD_MIME in data:
            records.append(data[RECORD_MIME])
        if "text/html" in data:
            html.append(_text(data["text/html"]))
    found = []
    expected, seen = exercise_ids(stem), [r.get("exercise") for r in records]
    if missing := sorted(expected - set(seen)):
        found.append(f"no check reported {', '.join(missing)}")
    if unknown := sorted(set(seen) - expected, key=str):
        found.append(f"records of exercises this chapter does not have: {unknown}")
    if other := sorted({f"{r.get('exercise')}: {r.get('status')}" for r in records if r.get("status") != "not_attempted"}):
        found.append(f"a blank workbook must say 'not attempted', not {other}")
    if records and not any(NOT_ATTEMPTED[lang] in text for text in html):
        found.append(f"no feedback in the workbook's language says {NOT_ATTEMPTED[lang]!r}")
    return found
