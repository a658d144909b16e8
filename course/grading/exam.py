"""Exam mode (考试模式): hints, solutions and instant feedback locked in the trainee's kernel.

``python -m course release 01 --exam --out DIR`` writes trainee copies whose
setup cell ends with ``from course.grading.exam import lock; lock()`` and a
marker file ``course-exam.json`` next to them. :func:`lock` then changes the
chapter's exercise objects in that kernel:

- ``qN.hint()`` and ``qN.solution()`` say they are locked;
- ``qN.check(answer)`` (and the widget's *Check* button) records the answer
  in the notebook — the grader reads it — but gives no verdict;
- hints, solution code and notes, accepted answers and answer-key functions are
  removed from the exercise objects, so ``q1.expected_value()`` or
  ``q5.answers`` reveal nothing.

The answer keys are kept on the instructor's side: the released folder
contains no solutions and no keys, and the trainee's kernel never judges. The
grader (which runs with ``COURSE_GRADING=1``, where :func:`lock` does nothing)
re-runs every submission with the full kit.

What it does **not** protect against: the kit is installed in the trainee's
Python, so a trainee who reads its source (``course/exercises/chNN.py``) or
imports its private helpers can work the keys out, and one who deletes the
``lock()`` line gets hints back. For a real exam, run it on a JupyterHub image
whose ``COURSE_EXAM=1`` makes the kit lock itself (see
:func:`activate_from_environment`) and keep the exam supervised.
"""

from __future__ import annotations

import html
import json
import os
import sys
from pathlib import Path
from typing import Any

from course import i18n
from course.exercises import core

MARKER = "course-exam.json"
LOCK_LINE = "from course.grading.exam import lock; lock()  # exam mode / 考试模式"
_SAVED: dict[str, dict[str, Any]] = {}
_STRIP = ("hints", "solution_code", "solution_note", "correct_message", "expected", "also_accept", "answers",
          "explain", "feedback", "reference", "ideas")


class ExamReceipt(core.Result):
    """What ``check`` returns in exam mode: the answer is recorded, with no verdict."""

    def record(self) -> dict[str, Any]:
        return {**super().record(), "exam": True}

    def __str__(self) -> str:
        return f"[{self.exercise}] {self.text()}"

    def _repr_html_(self) -> str:
        return (
            '<div class="course-result course-exam" style="border-left:4px solid #1f5aa6;padding:6px 10px;'
            f'margin:4px 0;background:#f8f9fa"><b>{html.escape(self.exercise)}</b> · {html.escape(self.text())}</div>'
        )


def _locked_message(key: str) -> core.Markdown:
    return core.Markdown(i18n.t(key))


def _exam_check(exercise: core.Exercise):
    def check(answer: Any = core.____, *, via: str = "code") -> core.Result:
        blank = core.is_blank(answer)
        if not blank:
            exercise.attempts += 1
        value = None
        if not blank:
            try:
                value = exercise.answer_record(answer)
                json.dumps(value)
            except Exception:  # noqa: BLE001 - a receipt never raises
                value = None
        receipt = ExamReceipt(
            exercise=exercise.id,
            status="not_attempted",
            message=i18n.both("grading.exam.blank" if blank else "grading.exam.recorded"),
            attempts=exercise.attempts,
            answer=value,
            via=via,
        )
        if core.in_kernel():
            receipt._ipython_display_()
        return receipt

    return check


def _chapter_modules() -> list[Any]:
    return [m for name, m in sorted(sys.modules.items())
            if name.startswith("course.exercises.ch") and hasattr(m, "EXERCISES")]


def is_locked() -> bool:
    """True when exam mode is on in this Python process."""
    return bool(_SAVED)


def lock() -> bool:
    """Lock hints, solutions, feedback and answer keys of every loaded chapter.

    Does nothing when ``COURSE_GRADING`` is set (the grader's kernels).
    Returns whether the lock is on.

    >>> import os; os.environ.get("COURSE_GRADING") is None or lock() is False
    True
    """
    if os.environ.get("COURSE_GRADING"):
        return False
    for module in _chapter_modules():
        for exercise in module.EXERCISES:
            lock_exercise(exercise)
    return bool(_SAVED)


def lock_exercise(exercise: core.Exercise) -> None:
    """Lock one exercise object (see :func:`lock`); a second call does nothing."""
    if exercise.id in _SAVED or os.environ.get("COURSE_GRADING"):
        return
    saved = {name: getattr(exercise, name) for name in _STRIP if hasattr(exercise, name)}
    _SAVED[exercise.id] = saved
    for name, value in saved.items():
        empty: Any = None if name in {"expected", "reference", "solution_note", "correct_message"} else type(value)()
        if name == "solution_code":
            empty = ""
        object.__setattr__(exercise, name, empty)
    exercise.hint = lambda level=1: _locked_message("grading.exam.hint_locked")
    exercise.solution = lambda: _locked_message("grading.exam.solution_locked")
    exercise.check = _exam_check(exercise)


def register(exercise: core.Exercise) -> None:
    """Hook for ``Exercise.__post_init__``: lock the exercise at creation when exam mode is on.

    Exam mode is on when ``COURSE_EXAM=1`` is set or ``course-exam.json`` is in
    the working directory (a kernel started from the released exam folder).
    """
    if _exam_requested():
        lock_exercise(exercise)


def _exam_requested(folder: Path | str | None = None) -> bool:
    flag = os.environ.get("COURSE_EXAM", "").strip().lower() in {"1", "on", "true", "yes"}
    return flag or (Path(folder or Path.cwd()) / MARKER).is_file()


def unlock() -> None:
    """Undo :func:`lock` in this process (for the instructor's own kernel and tests)."""
    for module in _chapter_modules():
        for exercise in module.EXERCISES:
            saved = _SAVED.pop(exercise.id, None)
            if saved is None:
                continue
            for name, value in saved.items():
                object.__setattr__(exercise, name, value)
            for name in ("hint", "solution", "check"):
                exercise.__dict__.pop(name, None)


def activate_from_environment(folder: Path | str | None = None) -> bool:
    """Lock when ``COURSE_EXAM=1`` is set or a ``course-exam.json`` marker sits in ``folder`` (default: cwd).

    Meant to be called by the kit when a chapter's exercises are imported, so
    an exam image locks even if the ``lock()`` line is deleted.
    """
    return lock() if _exam_requested(folder) else False


def lock_notebook(nb: Any, lang: str) -> Any:
    """Turn a trainee copy into an exam copy: a notice at the top and the lock line in the setup cell."""
    import nbformat

    for cell in nb.cells:
        if cell.cell_type == "code" and "course.exercises.ch" in cell.source and "import" in cell.source:
            cell.source = cell.source.rstrip() + "\n" + LOCK_LINE
            break
    else:
        raise ValueError("exam mode: the workbook has no cell importing course.exercises.chNN")
    notice = nbformat.v4.new_markdown_cell(i18n.t("grading.exam.notice", lang=lang))
    nb.cells.insert(1 if nb.cells and nb.cells[0].cell_type == "markdown" else 0, notice)
    nb.metadata.setdefault("course", {})["exam"] = True
    return nb
