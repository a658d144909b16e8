"""The checking framework (练习检查框架).

An exercise is data: an id, hints, a solution and a way to judge an answer.
Workbooks import ready-made exercises from the chapter modules::

    from course.exercises.ch01 import *
    q1.check(answer)      # -> Result, shown as feedback in the notebook
    q1.hint(); q1.hint(2); q1.solution()

Contracts (see DESIGN.md):

- ``check`` never raises. It returns a :class:`Result` whose ``status`` is one
  of ``correct``, ``incorrect``, ``not_attempted`` or ``error``, with a
  bilingual message that says what kind of answer is expected, not the answer.
- The blank placeholder ``____`` (or ``...``) means *not attempted*, so a
  blank workbook runs from top to bottom.
- Each check publishes a machine-readable record with the MIME type
  :data:`RECORD_MIME` so a saved notebook carries its results.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from course import i18n, progress
from course.exercises import plain
from course.i18n import t

#: MIME type of the result record every check emits
RECORD_MIME = "application/vnd.course.result+json"
STATUSES = ("correct", "incorrect", "not_attempted", "error")

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
class Verdict:
    """What a judge decides about one answer: a status and a bilingual message."""

    status: str
    message: dict[str, str]

    @classmethod
    def of(cls, status: str, key: str, **values: Any) -> Verdict:
        return cls(status, i18n.both(key, **values))

    @classmethod
    def join(cls, status: str, *messages: Mapping[str, str]) -> Verdict:
        return cls(status, {lang: " ".join(m[lang] for m in messages if m.get(lang)) for lang in i18n.LANGUAGES})


@dataclass
class Result:
    """The outcome of one ``check``: shown as feedback, readable by a grader.

    Attributes
    ----------
    exercise : str
        Exercise id, e.g. ``"ch01.q3"``.
    status : str
        ``correct``, ``incorrect``, ``not_attempted`` or ``error``.
    message : dict
        Feedback in both languages, ``{"en": ..., "zh": ...}``.
    attempts : int
        Attempts so far, including earlier kernel sessions (from the progress store).
    hints_used : int
        Highest hint level the trainee has opened (solution counts as one more).
    answer : object
        The answer when it is a short JSON value (a clicked choice, a number),
        so a grader can re-judge widget answers; ``None`` otherwise.
    """

    exercise: str
    status: str
    message: dict[str, str]
    attempts: int = 0
    hints_used: int = 0
    answer: Any = None
    via: str = "code"
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
        }

    def __str__(self) -> str:
        return f"[{self.exercise}] {t('status.' + self.status)}: {self.text()}"

    def _repr_html_(self) -> str:
        colours = {"correct": "#1b7f3b", "incorrect": "#b35900", "not_attempted": "#5a6270", "error": "#b00020"}
        icons = {"correct": "✔", "incorrect": "✘", "not_attempted": "…", "error": "⚠"}
        colour = colours[self.status]
        meta = " · ".join(
            [t("check.attempts", n=self.attempts)] + ([t("check.hints_used", n=self.hints_used)] if self.hints_used else [])
        )
        return (
            f'<div class="course-result course-{self.status}" style="border-left:4px solid {colour};'
            f'padding:6px 10px;margin:4px 0;background:#f8f9fa">'
            f'<b style="color:{colour}">{icons[self.status]} {html.escape(self.exercise)} · '
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
def _short(value: Any, limit: int = 60) -> str:
    if hasattr(value, "item") and getattr(value, "ndim", None) == 0:
        value = value.item()  # numpy scalar: show 0.53, not np.float64(0.53)
    if isinstance(value, float):
        return f"{value:.6g}"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _type_name(value: Any) -> dict[str, str]:
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        key = "type.dataframe"
    elif isinstance(value, pd.Series):
        key = "type.series"
    elif isinstance(value, bool):
        key = "type.bool"
    elif isinstance(value, int | float) or _is_number(value):
        key = "type.number"
    elif isinstance(value, str):
        key = "type.text"
    elif isinstance(value, Mapping):
        key = "type.mapping"
    elif callable(value):
        key = "type.function"
    elif isinstance(value, list | tuple | set | frozenset):
        key = "type.collection"
    else:
        return {lang: type(value).__name__ for lang in i18n.LANGUAGES}
    return i18n.both(key)


def _is_number(value: Any) -> bool:
    try:
        import numpy as np

        return isinstance(value, np.number) and not isinstance(value, np.bool_)
    except ImportError:  # pragma: no cover
        return False


def wrong_type(expected_key: str, got: Any) -> Verdict:
    expected = i18n.both(expected_key)
    got_name = _type_name(got)
    return Verdict(
        "incorrect",
        {lang: t("check.wrong_type", lang=lang, expected=expected[lang], got=got_name[lang]) for lang in i18n.LANGUAGES},
    )


def normalise_text(value: str) -> str:
    """Case-, width- and space-insensitive form used to compare short text answers."""
    import unicodedata

    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(value))).strip().casefold()


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
        return Markdown(f"**{t('hint.level', n=level, total=total)}** — {i18n.pick(self.hints[level - 1])}")

    def solution(self) -> Markdown:
        """Show a worked solution. Counts as one level past the last hint."""
        self._load_previous()
        self.hints_used = max(self.hints_used, len(self.hints) + 1)
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
    Numbers compare with ``rel_tol``/``abs_tol``; text case- and
    space-insensitively against ``expected`` and ``also_accept``;
    collections as sets when ``ordered`` is false; DataFrames and Series cell
    by cell with the same tolerance. ``feedback`` maps specific wrong answers
    (normalised text or numbers) to a bilingual explanation.
    """

    expected: Any = None
    also_accept: Sequence[Any] = ()
    rel_tol: float = 1e-3
    abs_tol: float = 1e-9
    ordered: bool = False
    check_dtype: bool = False
    feedback: Mapping[Any, Bilingual] = field(default_factory=dict)

    def expected_value(self) -> Any:
        return self.expected() if callable(self.expected) else self.expected

    def judge(self, answer: Any) -> Verdict:
        import pandas as pd

        expected = self.expected_value()
        candidates = [expected, *self.also_accept]
        specific = self._specific_feedback(answer)
        if isinstance(expected, pd.DataFrame | pd.Series):
            return compare_frames(answer, expected, rel_tol=self.rel_tol, abs_tol=self.abs_tol, ordered=self.ordered)
        if isinstance(expected, bool):
            if not isinstance(answer, bool | int) and not _is_number(answer):
                return wrong_type("type.bool", answer)
            ok = bool(answer) == expected
            return Verdict("correct", {}) if ok else specific or Verdict.of("incorrect", "check.wrong_value")
        if isinstance(expected, int | float) or _is_number(expected):
            if isinstance(answer, str) or not (isinstance(answer, int | float) or _is_number(answer)):
                return wrong_type("type.number", answer)
            value = float(answer)
            for candidate in candidates:
                if math.isclose(value, float(candidate), rel_tol=self.rel_tol, abs_tol=self.abs_tol):
                    return Verdict("correct", {})
            if specific:
                return specific
            near = any(math.isclose(value, float(c), rel_tol=0.02) for c in candidates)
            return Verdict.of("incorrect", "check.number_close" if near else "check.wrong_number", got=_short(answer))
        if isinstance(expected, str):
            if not isinstance(answer, str):
                return wrong_type("type.text", answer)
            if normalise_text(answer) in {normalise_text(c) for c in candidates}:
                return Verdict("correct", {})
            return specific or Verdict.of("incorrect", "check.wrong_value")
        if isinstance(expected, set | frozenset | list | tuple):
            return specific or compare_collections(answer, candidates, ordered=self.ordered)
        if isinstance(expected, Mapping):
            if not isinstance(answer, Mapping):
                return wrong_type("type.mapping", answer)
            return Verdict("correct", {}) if dict(answer) == dict(expected) else Verdict.of("incorrect", "check.wrong_value")
        return Verdict("correct", {}) if answer == expected else Verdict.of("incorrect", "check.wrong_value")

    def _specific_feedback(self, answer: Any) -> Verdict | None:
        for wrong, message in self.feedback.items():
            try:
                if isinstance(wrong, str) and isinstance(answer, str):
                    hit = normalise_text(wrong) == normalise_text(answer)
                elif isinstance(wrong, int | float) and (isinstance(answer, int | float) or _is_number(answer)):
                    hit = math.isclose(float(answer), float(wrong), rel_tol=self.rel_tol)
                elif isinstance(wrong, frozenset) and isinstance(answer, Iterable) and not isinstance(answer, str):
                    hit = frozenset(answer) == wrong
                else:
                    hit = False
            except TypeError:
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


def compare_collections(answer: Any, candidates: Sequence[Any], *, ordered: bool) -> Verdict:
    """Judge a list/set answer against one or more accepted collections."""
    import pandas as pd

    if isinstance(answer, pd.Series | pd.Index):
        answer = answer.tolist()
    if isinstance(answer, str) or not isinstance(answer, Iterable) or isinstance(answer, Mapping):
        return wrong_type("type.collection", answer)
    got = list(answer)
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
        example = sorted(map(str, extras))[0]
        messages.append(i18n.both("check.extra_items", n=len(mine - target), example=example))
    if not messages:  # same items, wrong order
        messages.append(i18n.both("check.wrong_value"))
    return Verdict.join("incorrect", *messages)


def _as_set(values: Iterable[Any]) -> frozenset:
    return frozenset(normalise_text(v) if isinstance(v, str) else v for v in values)


def compare_frames(answer: Any, expected: Any, *, rel_tol: float, abs_tol: float, ordered: bool) -> Verdict:
    """Judge a DataFrame/Series answer cell by cell, explaining the first difference."""
    import numpy as np
    import pandas as pd

    if isinstance(expected, pd.DataFrame):
        if isinstance(answer, pd.Series) and answer.name in expected.columns and expected.shape[1] == 1:
            answer = answer.to_frame()
        if not isinstance(answer, pd.DataFrame):
            return wrong_type("type.dataframe", answer)
        missing = [c for c in expected.columns if c not in answer.columns]
        if missing:
            return Verdict.of("incorrect", "check.missing_columns", columns=", ".join(map(str, missing)))
        answer = answer[list(expected.columns)]
    elif not isinstance(answer, pd.Series):
        if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
            answer = answer.iloc[:, 0]
        else:
            return wrong_type("type.series", answer)
    if len(answer) != len(expected):
        return Verdict.of("incorrect", "check.wrong_length", expected=len(expected), got=len(answer))
    if not ordered:
        if not answer.index.sort_values().equals(expected.index.sort_values()):
            extra = [i for i in expected.index if i not in set(answer.index)]
            if extra or not answer.index.is_unique:
                return Verdict.of("incorrect", "check.wrong_index", example=_short(extra[0] if extra else expected.index[0]))
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
        if pd.api.types.is_numeric_dtype(right[column]) and not pd.api.types.is_bool_dtype(right[column]):
            try:
                af = a.astype(float)
            except (TypeError, ValueError):
                return wrong_type("type.number", a[0])
            bf = b.astype(float)
            same = np.isclose(af, bf, rtol=rel_tol, atol=abs_tol, equal_nan=True)
            if not same.all() and np.isclose(af, bf * 100, rtol=rel_tol, equal_nan=True).all():
                return Verdict.of("incorrect", "check.percent_not_share")
        else:
            same = np.array([(x == y) or (pd.isna(x) and pd.isna(y)) for x, y in zip(a, b, strict=True)], dtype=bool)
        for pos in np.flatnonzero(~same)[:1]:
            bad.append((right.index[pos], column, a[pos]))
        if (~same).any():
            count = int((~same).sum())
            where = f"{_short(bad[0][0], 30)} / {bad[0][1]}"
            return Verdict.of("incorrect", "check.wrong_cells", n=count, where=where, got=_short(bad[0][2], 30))
    return Verdict("correct", {})


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

    def resolve(self, answer: Any) -> str | None:
        """Map an answer (an id, or a label in either language) to an option id."""
        if not isinstance(answer, str):
            return None
        key = normalise_text(answer)
        for option_id, label in self.options.items():
            if key == normalise_text(option_id) or key in {normalise_text(v) for v in label.values()}:
                return option_id
        return None

    def judge(self, answer: Any) -> Verdict:
        if self.multiple:
            if isinstance(answer, str) or not isinstance(answer, Iterable):
                return wrong_type("type.collection", answer)
            picked = [self.resolve(a) for a in answer]
            if None in picked:
                bad = list(answer)[picked.index(None)]
                return self._unknown(bad)
            if set(picked) == set(self.answers):
                return Verdict("correct", {})
            wrong = [p for p in picked if p not in self.answers]
            missing = set(self.answers) - set(picked)
            parts = [self.explain[w] for w in wrong if w in self.explain]
            if missing:
                parts.append(i18n.both("check.missing_items", n=len(missing)))
            if wrong and not parts:
                parts.append(i18n.both("check.extra_items", n=len(wrong), example=self._label(wrong[0])))
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
        options = ", ".join(self.options)
        return Verdict.of("incorrect", "check.unknown_choice", got=_short(answer, 40), options=options)

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
                return Verdict(
                    "error",
                    i18n.both("check.function_raised", case=label, error=str(out["raised"])[:80],
                              detail=_short(str(out.get("detail", "")), 120)),
                )
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
        return normalise_text(got) == normalise_text(want)
    return bool(got == want)


@dataclass
class Idea:
    """A key idea an explanation must contain, with words that express it in either language."""

    name: Bilingual
    words: Sequence[str]

    def found_in(self, text: str) -> bool:
        norm = normalise_text(text)
        return any(normalise_text(w) in norm for w in self.words)


@dataclass(repr=False)
class TextExercise(Exercise):
    """An explanation in the trainee's own words, checked for key ideas.

    Correct when at least ``min_ideas`` of ``ideas`` are present (all by
    default); feedback names the ideas still missing, never a model answer.
    """

    ideas: Sequence[Idea] = ()
    min_ideas: int | None = None
    min_length: int = 8
    written: ClassVar[bool] = True

    def judge(self, answer: Any) -> Verdict:
        if not isinstance(answer, str):
            return wrong_type("type.text", answer)
        length = len(re.findall(r"[A-Za-z]+|[\u4e00-\u9fff]", answer))
        if length < self.min_length:
            return Verdict.of("incorrect", "check.text_too_short", n=self.min_length)
        found = [idea for idea in self.ideas if idea.found_in(answer)]
        missing = [idea for idea in self.ideas if idea not in found]
        need = len(self.ideas) if self.min_ideas is None else self.min_ideas
        if len(found) >= need:
            names = {lang: "、".join(i.name[lang] for i in found) if lang == "zh" else ", ".join(i.name[lang] for i in found) for lang in i18n.LANGUAGES}
            return Verdict.join(
                "correct",
                self.correct_message or {},
                {lang: t("check.text_covered", lang=lang, ideas=names[lang]) for lang in i18n.LANGUAGES},
            )
        names = {lang: ("、" if lang == "zh" else ", ").join(i.name[lang] for i in missing) for lang in i18n.LANGUAGES}
        return Verdict("incorrect", {lang: t("check.text_missing_ideas", lang=lang, ideas=names[lang]) for lang in i18n.LANGUAGES})

    def answer_record(self, answer: Any) -> Any:
        return answer[:500] if isinstance(answer, str) else None
