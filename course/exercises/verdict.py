"""What a judge decides about one answer (评判结果).

A :class:`Verdict` is plain data: a status, the feedback in both languages and,
when a grader needs more than the status, a ``detail`` mapping (for a written
answer: the key ideas found, missing and contradicted). The judging modules
(:mod:`course.exercises.numbers`, :mod:`course.exercises.labels`,
:mod:`course.exercises.text`) build verdicts; :mod:`course.exercises.core`
turns one into a :class:`~course.exercises.core.Result`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from course import i18n

#: every status a check may return (the DESIGN.md contract); ``review`` = the kit
#: cannot be sure, the trainee compares with the model answer and a grader routes it
#: to the instructor
STATUSES = ("correct", "incorrect", "not_attempted", "error", "review")

#: how messages in each language are joined into one paragraph
_JOINERS = {"en": " ", "zh": ""}


@dataclass
class Verdict:
    """What a judge decides about one answer: a status, a bilingual message and optional detail.

    Attributes
    ----------
    status : str
        One of :data:`STATUSES`.
    message : dict
        ``{"en": ..., "zh": ...}``; an empty dict on ``correct`` means "use the
        exercise's own correct message".
    detail : dict
        Machine-readable facts a grader can route on (JSON-safe values only).
    """

    status: str
    message: dict[str, str]
    detail: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, status: str, key: str, **values: Any) -> Verdict:
        """A verdict whose message is the catalogue entry ``key`` formatted with ``values``."""
        return cls(status, i18n.both(key, **values))

    @classmethod
    def join(
        cls, status: str, *messages: Mapping[str, str], detail: Mapping[str, Any] | None = None
    ) -> Verdict:
        """One verdict from several bilingual messages (Chinese sentences are joined without spaces); a sentence
        two parts share is said once (two wrong options with the same explanation)."""
        text = {
            lang: _JOINERS[lang].join(dict.fromkeys(m[lang].strip() for m in messages if m and m.get(lang)))
            for lang in i18n.LANGUAGES
        }
        return cls(status, text, dict(detail or {}))
