"""The checking framework (练习检查框架).

An exercise is data: an id, hints, a solution and a way to judge an answer.
Workbooks import ready-made exercises from the chapter modules::

    from course.exercises.ch01 import *
    q1.check(answer)      # -> Result, shown as feedback in the notebook
    q1.hint(); q1.hint(2); q1.solution()

Contracts (see DESIGN.md):

- ``check`` never raises. It returns a :class:`Result` whose ``status`` is one
  of ``correct``, ``incorrect``, ``not_attempted``, ``error`` or ``review`` (a
  written answer the kit cannot judge with certainty), with a bilingual
  message that says what kind of answer is expected, not the answer.
- The blank placeholder ``____`` (or ``...``) means *not attempted*, so a
  blank workbook runs from top to bottom.
- Each check publishes a machine-readable record with the MIME type
  :data:`RECORD_MIME` so a saved notebook carries its results.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from course import i18n, progress
from course.exercises import plain
from course.exercises.answers import describe as _describe
from course.exercises.answers import (
    frame_for_list,
    function_raised_named,
    normalise_text,
    wrong_type,
)
from course.exercises.answers import is_number as _is_number
from course.exercises.answers import short as _short
from course.exercises.compare import (
    _as_set,
    _is_collection,
    _resolve_items,
    _unknown_label,
    compare_collections,
    compare_frames,
)
from course.exercises.verdict import STATUSES, Verdict
from course.i18n import t

#: MIME type of the result record every check emits
RECORD_MIME = "application/vnd.course.result+json"

Bilingual = Mapping[str, str]


class _Blank:
    """The ``____`` placeholder a trainee replaces with an answer."""

    _instance: _Blank | None = None

    def __new__(cls) -> _Blank:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "____"

    def __bool__(self) -> bool:
        return False


#: placeholder bound in every workbook by ``from course.exercises.chNN import *``
____ = _Blank()


def is_blank(value: Any) -> bool:
    """True for the placeholders ``____`` and ``...`` (also inside a 1-item tuple/list)."""
    if value is ____ or value is Ellipsis:
        return True
    return isinstance(value, list | tuple) and len(value) == 1 and is_blank(value[0])


def _kit_version() -> str:
    from course import __version__

    return __version__


def in_kernel() -> bool:
    """True when running inside a Jupyter kernel (not plain Python or pytest)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


# --------------------------------------------------------------------------- results
@dataclass
class Result:
    """The outcome of one ``check``: shown as feedback, readable by a grader.

    Attributes
    ----------
    exercise : str
        Exercise id, e.g. ``"ch01.q3"``.
    status : str
        ``correct``, ``incorrect``, ``not_attempted``, ``error`` or ``review``.
    message : dict
        Feedback in both languages, ``{"en": ..., "zh": ...}``.
    attempts : int
        Attempts so far, including earlier kernel sessions (from the progress store).
    hints_used : int
        Highest hint level the trainee has opened (solution counts as one more).
    answer : object
        The answer when it is a short JSON value (a clicked choice, a number),
        so a grader can re-judge widget answers; ``None`` otherwise.
    detail : dict
        What the judge found beyond the status, for a grader (a written
        answer: the key ideas found, missing and contradicted).
    """

    exercise: str
    status: str
    message: dict[str, str]
    attempts: int = 0
    hints_used: int = 0
    answer: Any = None
    via: str = "code"
    detail: dict[str, Any] = field(default_factory=dict)
    _shown: bool = field(default=False, repr=False, compare=False)

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def text(self, lang: str | None = None) -> str:
        return self.message[lang or i18n.get_language()]

    def record(self) -> dict[str, Any]:
        """The machine-readable record (what :data:`RECORD_MIME` carries)."""
        return {
            "exercise": self.exercise,
            "status": self.status,
            "attempts": self.attempts,
            "hints_used": self.hints_used,
            "kit_version": _kit_version(),
            "answer": self.answer,
            "via": self.via,
            "message": dict(self.message),
            **({"detail": dict(self.detail)} if self.detail else {}),
        }

    def __str__(self) -> str:
        return f"[{self.exercise}] {t('status.' + self.status)}: {self.text()}"

    def _repr_html_(self) -> str:
        colour, icon = STATUS_LOOK[self.status]
        meta = " · ".join(
            [t("check.attempts", n=self.attempts)] + ([t("check.hints_used", n=self.hints_used)] if self.hints_used else [])
        )
        return (
            f'<div class="course-result course-{self.status}" style="border-left:4px solid {colour};'
            f'padding:6px 10px;margin:4px 0;background:#f8f9fa">'
            f'<b style="color:{colour}">{icon} {html.escape(self.exercise)} · '
            f"{html.escape(t('status.' + self.status))}</b><br>{html.escape(self.text())}"
            f'<br><small style="color:#5a6270">{html.escape(meta)}</small></div>'
        )

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        return {"text/plain": str(self), "text/html": self._repr_html_(), RECORD_MIME: self.record()}

    def _ipython_display_(self) -> None:
        # check() shows the result itself (so `r = q1.check(x)` still records);
        # the echo of the returned value must not show it a second time.
        if self._shown:
            return
        self._shown = True
        from IPython.display import publish_display_data

        publish_display_data(self._repr_mimebundle_())


# --------------------------------------------------------------------------- judging helpers
#: colour and icon of each status, shared by result cards and the progress panel
#: (the not-attempted mark is an empty circle: an ellipsis reads as "still loading")
STATUS_LOOK = {
    "correct": ("#1b7f3b", "✔"),
    "incorrect": ("#b35900", "✘"),
    "review": ("#1f5fa8", "?"),
    "error": ("#b00020", "⚠"),
    "not_attempted": ("#5a6270", "○"),
}


def _type_name(value: Any) -> dict[str, str]:
    """What ``value`` is, in both languages (kept for callers of the earlier name)."""
    return _describe(value)


# --------------------------------------------------------------------------- exercises
@dataclass
class Exercise:
    """One workbook exercise: the base class every kind of exercise extends.

    Subclasses implement :meth:`judge`, which decides on a non-blank answer.
    """

    id: str
    title: Bilingual
    hints: Sequence[Bilingual] = ()
    solution_code: str = ""
    solution_note: Bilingual | None = None
    correct_message: Bilingual | None = None
    attempts: int = field(default=0, init=False)
    hints_used: int = field(default=0, init=False)
    _loaded: bool = field(default=False, init=False, repr=False)

    #: a written answer (an explanation in the trainee's words): a grader routes it to the instructor
    written: ClassVar[bool] = False

    # -- to be provided by subclasses
    def judge(self, answer: Any) -> Verdict:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- the answer crosses to the checker as plain data (course.exercises.plain), in practice and in grading
    def answer_payload(self, answer: Any) -> dict[str, Any]:
        """The answer as plain data: what a check and the grader judge (computed where the trainee's code runs)."""
        return plain.value_payload(answer)

    def judge_payload(self, payload: Mapping[str, Any]) -> Verdict:
        """Judge an answer from its plain data alone (never from the trainee's object)."""
        if payload.get("blank"):
            return Verdict.of("not_attempted", "check.not_attempted")
        if "unplain" in payload:
            return Verdict("incorrect", plain.unplain_message(payload["unplain"]))
        try:
            value = plain.from_plain(payload["answer"])
        except (plain.BadPlain, KeyError):
            return Verdict.of("incorrect", "plain.malformed")
        return self._with_default_message(self.judge(value))

    def _with_default_message(self, verdict: Verdict) -> Verdict:
        if verdict.status == "correct" and verdict.message == {}:
            return Verdict("correct", dict(self.correct_message or i18n.both("check.correct_default")))
        return verdict

    def answer_record(self, answer: Any) -> Any:
        """The answer as kept in the record: only short JSON-safe values."""
        if isinstance(answer, bool | int | str) or (isinstance(answer, float) and math.isfinite(answer)):
            return answer if not isinstance(answer, str) or len(answer) <= 500 else answer[:500]
        return None

    # -- public API
    def _load_previous(self) -> None:
        if not self._loaded:
            self._loaded = True
            attempts, hints = progress.previous(self.id)
            self.attempts = max(self.attempts, attempts)
            self.hints_used = max(self.hints_used, hints)

    def check(self, answer: Any = ____, *, via: str = "code") -> Result:
        """Judge ``answer`` and show feedback. Never raises."""
        try:
            self._load_previous()
            verdict = self.judge_payload(self.answer_payload(answer))
            if verdict.status not in STATUSES:
                raise ValueError(f"judge returned unknown status {verdict.status!r}")
        except Exception as error:  # noqa: BLE001 - check must never raise
            verdict = Verdict.of("error", "check.internal_error", error=f"{type(error).__name__}: {error}")
        if verdict.status != "not_attempted":
            self.attempts += 1
        result = Result(
            exercise=self.id,
            status=verdict.status,
            message=verdict.message,
            attempts=self.attempts,
            hints_used=self.hints_used,
            answer=self._safe_answer(answer),
            via=via,
            detail=verdict.detail,
        )
        progress.record(self.id, result.status, self.hints_used, _kit_version())
        if in_kernel():
            result._ipython_display_()
        return result

    def _safe_answer(self, answer: Any) -> Any:
        try:
            value = None if is_blank(answer) else self.answer_record(answer)
            json.dumps(value)
            return value
        except Exception:  # noqa: BLE001
            return None

    def hint(self, level: int = 1) -> Markdown:
        """Show hint ``level`` (1 = gentlest). Counts towards hints used."""
        self._load_previous()
        total = len(self.hints)
        if total == 0:
            return Markdown(t("hint.none"))
        if not 1 <= int(level) <= total:
            return Markdown(t("hint.bad_level", total=total))
        self.hints_used = max(self.hints_used, int(level))
        progress.record_hints(self.id, self.hints_used, _kit_version())
        return Markdown(f"**{t('hint.level', n=level, total=total)}** — {i18n.pick(self.hints[level - 1])}")

    def solution(self) -> Markdown:
        """Show a worked solution. Counts as one level past the last hint."""
        self._load_previous()
        self.hints_used = max(self.hints_used, len(self.hints) + 1)
        progress.record_hints(self.id, self.hints_used, _kit_version())
        parts = [f"**{t('solution.title')}**"]
        if self.solution_note:
            parts.append(i18n.pick(self.solution_note))
        if self.solution_code:
            parts.append(f"```python\n{self.solution_code.strip()}\n```")
        return Markdown("\n\n".join(parts))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id}: {i18n.pick(self.title)}>"


class Markdown(str):
    """A string that notebooks render as Markdown (hints and solutions)."""

    def _repr_markdown_(self) -> str:
        return str(self)


@dataclass(repr=False)
class ValueExercise(Exercise):
    """An answer compared with an expected value.

    ``expected`` may be a value or a zero-argument callable that computes it
    from the bundled data (so the answer key never drifts from the data).

    - Numbers are judged by :func:`course.exercises.numbers.judge_number`:
      ``kind`` says what the number is (``"count"`` compares exactly,
      ``"whole"`` too, ``"share"`` also recognises a per cent, ``"measure"``
      uses ``rel_tol``/``abs_tol``; ``"auto"`` reads a whole-number key as a
      count), and a value typed as the notebook shows it, with at least
      ``digits`` significant digits, is accepted.
    - Text compares case- and space-insensitively against ``expected`` and
      ``also_accept``; when the key is a label (a type, a band, a step…), any
      spelling :mod:`course.exercises.labels` knows for it is accepted.
    - Collections compare as sets when ``ordered`` is false (label items
      resolved the same way); DataFrames and Series cell by cell.

    ``feedback`` maps specific wrong answers (text or label ids, numbers,
    frozensets) to a bilingual explanation.
    """

    expected: Any = None
    also_accept: Sequence[Any] = ()
    rel_tol: float = 1e-3
    abs_tol: float = 1e-9
    ordered: bool = False
    check_dtype: bool = False
    feedback: Mapping[Any, Bilingual] = field(default_factory=dict)
    kind: str = "auto"
    digits: int = 3

    def expected_value(self) -> Any:
        return self.expected() if callable(self.expected) else self.expected

    def judge(self, answer: Any) -> Verdict:
        import pandas as pd

        from course.exercises import labels, numbers

        expected = self.expected_value()
        candidates = [expected, *self.also_accept]
        if isinstance(expected, pd.DataFrame | pd.Series):
            return compare_frames(answer, expected, rel_tol=self.rel_tol, abs_tol=self.abs_tol, ordered=self.ordered)
        specific = self._specific_feedback(answer, expected)
        if isinstance(expected, bool):
            if not isinstance(answer, bool) and not (_is_number(answer) and float(answer) in (0, 1)):
                return wrong_type("type.bool", answer)
            ok = bool(answer) == expected
            return Verdict("correct", {}) if ok else specific or Verdict.of("incorrect", "check.wrong_value")
        if _is_number(expected):
            kind = numbers.infer_kind(expected) if self.kind == "auto" else self.kind
            verdict = numbers.judge_number(
                answer, candidates, kind=kind, rel_tol=self.rel_tol, abs_tol=self.abs_tol, digits=self.digits
            )
            return verdict if verdict.status == "correct" or not specific or not _is_number(answer) else specific
        if isinstance(expected, str):
            if not isinstance(answer, str):
                if isinstance(answer, pd.Series | pd.Index) and len(answer) == 1:
                    answer = str(answer[0]) if isinstance(answer, pd.Index) else str(answer.iloc[0])
                else:
                    return wrong_type("type.text", answer)
            texts = [c for c in candidates if isinstance(c, str)]
            if normalise_text(answer) in {normalise_text(c) for c in texts}:
                return Verdict("correct", {})
            if any(labels.same(answer, c) for c in texts):
                return Verdict("correct", {})
            if specific:
                return specific
            named = labels.resolve(answer, [expected])
            if named is not None:
                return Verdict.of("incorrect", "check.wrong_label", got=answer.strip())
            if labels.is_label(expected):
                siblings = [w for w in self.feedback if isinstance(w, str) and labels.is_label(w)]
                return _unknown_label(answer, expected, siblings)
            return Verdict.of("incorrect", "check.wrong_value")
        if isinstance(expected, set | frozenset | list | tuple):
            return specific or compare_collections(answer, candidates, ordered=self.ordered)
        if isinstance(expected, Mapping):
            if not isinstance(answer, Mapping):
                return wrong_type("type.mapping", answer)
            return Verdict("correct", {}) if dict(answer) == dict(expected) else Verdict.of("incorrect", "check.wrong_value")
        return Verdict("correct", {}) if answer == expected else Verdict.of("incorrect", "check.wrong_value")

    def _specific_feedback(self, answer: Any, expected: Any = None) -> Verdict | None:
        """The explanation written for this wrong answer, if there is one (labels matched in any spelling)."""
        from course.exercises import labels

        for wrong, message in self.feedback.items():
            try:
                if isinstance(wrong, str) and isinstance(answer, str):
                    hit = normalise_text(wrong) == normalise_text(answer) or (
                        labels.resolve(answer, [wrong, *([expected] if isinstance(expected, str) else [])]) == wrong
                    )
                elif _is_number(wrong) and _is_number(answer):
                    hit = math.isclose(float(answer), float(wrong), rel_tol=self.rel_tol, abs_tol=max(self.abs_tol, 1e-9))
                elif isinstance(wrong, frozenset) and _is_collection(answer):
                    hit = _as_set(_resolve_items(list(answer), list(wrong))) == _as_set(wrong)
                else:
                    hit = False
            except (TypeError, OverflowError):  # 10**400 is no float: not this wrong answer
                hit = False
            if hit:
                return Verdict("incorrect", dict(message))
        return None

    def answer_record(self, answer: Any) -> Any:
        if _is_number(answer):
            return float(answer)
        if isinstance(answer, set | frozenset | list | tuple) and len(answer) <= 50:
            items = [a for a in answer if isinstance(a, str | int | float)]
            return sorted(map(str, items)) if len(items) == len(answer) else None
        return super().answer_record(answer)


@dataclass(repr=False)
class ChoiceExercise(Exercise):
    """Pick one (or several) of a fixed set of options; also answerable by clicking.

    ``options`` maps an option id to its bilingual label; ``answers`` holds the
    correct id(s) (several accepted when ``multiple`` is false and more than one
    is listed); ``explain`` maps a wrong option id to why it is wrong.
    """

    options: Mapping[str, Bilingual] = field(default_factory=dict)
    answers: Sequence[str] = ()
    multiple: bool = False
    explain: Mapping[str, Bilingual] = field(default_factory=dict)

    #: the result of the answer last given by clicking in :meth:`widget` (``None`` until then);
    #: a typed check left blank shows it again, so the clicked and the typed answer are one answer
    clicked: Result | None = field(default=None, init=False, repr=False)

    def resolve(self, answer: Any) -> str | None:
        """Map an answer (an id, or a label in either language, in any spelling the kit knows) to an option id."""
        from course.exercises import labels

        if not isinstance(answer, str):
            return None
        return labels.resolve(answer, self.answers, options=self.options)

    def check(self, answer: Any = ____, *, via: str = "code") -> Result:
        """Judge ``answer``; left blank after a click, show the clicked answer's result (see :attr:`clicked`)."""
        if is_blank(answer) and self.clicked is not None and via == "code":
            return self._show_clicked(self.clicked)
        return super().check(answer, via=via)

    def _show_clicked(self, clicked: Result) -> Result:
        """The clicked answer's result again, saying so: the same answer, not another attempt."""
        given = clicked.answer if isinstance(clicked.answer, list) else [clicked.answer]
        names = {
            lang: ("、" if lang == "zh" else ", ").join(self.options[a][lang] for a in given if a in self.options)
            for lang in i18n.LANGUAGES
        }
        note = {lang: t("check.clicked_answer", lang=lang, answer=names[lang]) for lang in i18n.LANGUAGES}
        shown = Result(
            exercise=self.id,
            status=clicked.status,
            message=Verdict.join(clicked.status, clicked.message, note).message,
            attempts=self.attempts,
            hints_used=self.hints_used,
            answer=clicked.answer,
            via="widget",
            detail=dict(clicked.detail),
        )
        if in_kernel():
            shown._ipython_display_()
        return shown

    def judge(self, answer: Any) -> Verdict:
        import pandas as pd

        if self.multiple:
            if isinstance(answer, pd.DataFrame):
                return frame_for_list(answer)
            if isinstance(answer, pd.Series | pd.Index):
                answer = answer.tolist()
            elif isinstance(answer, Iterable) and not isinstance(answer, str | Mapping):
                answer = list(answer)  # a generator is read once: keep what it gave for the feedback too
            if not _is_collection(answer):
                return wrong_type("type.collection", answer)
            picked = [self.resolve(a) for a in answer]
            if None in picked:
                bad = list(answer)[picked.index(None)]
                return self._unknown(bad)
            if set(picked) == set(self.answers):
                return Verdict("correct", {})
            wrong = [p for p in dict.fromkeys(picked) if p not in self.answers]
            missing = set(self.answers) - set(picked)
            parts = [self.explain[w] for w in wrong if w in self.explain]
            if missing:
                parts.append(i18n.both("check.missing_items", n=len(missing)))
            if wrong and not parts:
                parts.append(
                    {lang: t("check.extra_items", lang=lang, n=len(wrong), example=self.options[wrong[0]][lang]) for lang in i18n.LANGUAGES}
                )
            return Verdict.join("incorrect", *parts)
        if not isinstance(answer, str):
            return wrong_type("type.text", answer)
        picked_one = self.resolve(answer)
        if picked_one is None:
            return self._unknown(answer)
        if picked_one in self.answers:
            return Verdict("correct", {})
        return Verdict("incorrect", dict(self.explain.get(picked_one) or i18n.both("check.wrong_choice")))

    def _label(self, option_id: str) -> str:
        return i18n.pick(self.options[option_id])

    def _unknown(self, answer: Any) -> Verdict:
        """``incorrect``: not an option; lists what may be typed (ids in English, names in Chinese)."""
        options = {"en": ", ".join(self.options), "zh": "、".join(label["zh"] for label in self.options.values())}
        return Verdict(
            "incorrect",
            {lang: t("check.unknown_choice", lang=lang, got=_short(answer, 40), options=options[lang]) for lang in i18n.LANGUAGES},
        )

    def answer_record(self, answer: Any) -> Any:
        if isinstance(answer, str):
            return self.resolve(answer) or answer[:200]
        if isinstance(answer, Iterable):
            resolved = [self.resolve(a) for a in answer]
            return sorted(r for r in resolved if r)
        return None

    def widget(self):
        """An ipywidgets view: choose, press Check, get the same feedback and record."""
        from course.widgets.exercise import ChoiceExerciseView

        return ChoiceExerciseView(self)


@dataclass(repr=False)
class FunctionExercise(Exercise):
    """The trainee writes a function; it is run on test cases.

    ``cases`` is a list of argument tuples; ``reference`` is the kit's own
    function that gives the expected output for each. An exception inside the
    trainee's function becomes feedback naming the case, never a traceback.
    """

    cases: Sequence[tuple] = ()
    reference: Callable[..., Any] | None = None
    compare: Callable[[Any, Any], bool] | None = None
    case_label: Callable[[tuple], str] | None = None

    def answer_payload(self, answer: Any) -> dict[str, Any]:
        """Run the trainee's function on the cases here; every outcome as plain data (see :func:`plain.run_cases`)."""
        return plain.run_cases(answer, self.cases)

    def judge_payload(self, payload: Mapping[str, Any]) -> Verdict:
        """Compare the outcomes (plain data) with the reference function, case by case."""
        if payload.get("blank"):
            return Verdict.of("not_attempted", "check.not_attempted")
        outputs = payload.get("outputs")
        if payload.get("callable") is False or not isinstance(outputs, list):
            return Verdict.of("incorrect", "check.function_expected")
        assert self.reference is not None
        cases = list(self.cases)
        for number, args in enumerate(cases, start=1):
            label = self.case_label(args) if self.case_label else f"#{number} {_short(args, 50)}"
            if number > len(outputs) or not isinstance(outputs[number - 1], Mapping):
                return Verdict.of("incorrect", "plain.malformed")
            out = outputs[number - 1]
            if "raised" in out:
                return Verdict("error", function_raised_named(label, out["raised"], out.get("detail", "")))
            if "unplain" in out:
                what = plain.unplain_what(out["unplain"])
                return Verdict("incorrect", {lang: t("check.function_wrong", lang=lang, case=label, got=what[lang])
                                             for lang in i18n.LANGUAGES})
            try:
                got = plain.from_plain(out["ok"])
            except (plain.BadPlain, KeyError):
                return Verdict.of("incorrect", "plain.malformed")
            if is_blank(got):
                return Verdict.of("not_attempted", "check.not_attempted")
            want = self.reference(*args)
            same = self.compare(got, want) if self.compare else _equal(got, want)
            if not same:
                return Verdict.of("incorrect", "check.function_wrong", case=label, got=_short(got, 40))
        return Verdict.join("correct", self.correct_message or {}, i18n.both("check.function_cases_passed", n=len(cases)))

    def judge(self, answer: Any) -> Verdict:
        """Judge a function directly (run here on the cases, then compared): what self-tests call."""
        return self.judge_payload(self.answer_payload(answer))


def _equal(got: Any, want: Any) -> bool:
    if isinstance(want, float | int) and not isinstance(want, bool) and (isinstance(got, int | float) or _is_number(got)):
        return math.isclose(float(got), float(want), rel_tol=1e-6, abs_tol=1e-9)
    if isinstance(want, str) and isinstance(got, str):
        from course.exercises import labels

        # a label may come back as its id or its name in either language ('guarded', '沉默戒备')
        return normalise_text(got) == normalise_text(want) or labels.same(got, want)
    return bool(got == want)


def __getattr__(name: str) -> Any:
    """``Idea`` and ``TextExercise`` live in :mod:`course.exercises.text`; still importable from here."""
    if name in {"Idea", "TextExercise"}:
        from course.exercises import text

        return getattr(text, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
