"""Exam mode (考试模式): no hints, no solutions, no instant feedback and no answer keys in the trainee's kernel.

``python -m course release 01 --exam --out DIR`` writes trainee copies whose
setup cell *starts* with ``from course.grading.exam import lock; lock()`` and a
marker file ``course-exam.json`` next to them. Either one -- or
``COURSE_EXAM=1`` in the environment, or a system marker file -- makes
``course.exercises.chNN`` load in its **public form**
(:mod:`course.exercises.public`): the chapter's source, which holds the keys,
is never run in that process, so

- ``qN.hint()`` and ``qN.solution()`` say they are locked;
- ``qN.check(answer)`` (and the widget's *Check* button) records the answer in
  the notebook -- the grader re-runs it -- but gives no verdict;
- no expected value, accepted choice, reference function or key idea exists
  in the process to be found through module globals, ``gc`` or the exercise
  objects, and there is no ``unlock()``;
- ``COURSE_EXAM=1`` wins over every other setting (``COURSE_GRADING`` too),
  is set for child processes, and counts even if removed from ``os.environ``.

What it does **not** protect against is said in the README: the kit's source
files are on the trainee's disk unless the hub image hides them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from course import i18n
from course.exercises import public

MARKER = public.EXAM_MARKER
LOCK_LINE = "from course.grading.exam import lock; lock()  # exam mode / 考试模式"


def is_locked() -> bool:
    """True when exam mode (the public form of the chapters) is on in this Python process."""
    return public.active()


def lock() -> bool:
    """Turn exam mode on in this process, for good: chapters load without keys, child processes inherit it.

    Chapters already loaded with their keys are dropped and the notebook's
    names re-bound (:func:`course.exercises.public.install`). Returns ``True``.
    """
    os.environ["COURSE_EXAM"] = "1"
    public.install()
    return True


def activate_from_environment(folder: Path | str | None = None) -> bool:
    """Lock when ``COURSE_EXAM=1``, a ``course-exam.json`` marker in ``folder`` (default: cwd) or a system marker asks."""
    return lock() if public.exam_requested(folder) else False


def lock_notebook(nb: Any, lang: str) -> Any:
    """Turn a trainee copy into an exam copy: a notice at the top and the lock line first in the setup cell.

    The lock runs *before* the chapter's exercises are imported, so they load
    in their public form even where the marker file is missing.
    """
    import nbformat

    for cell in nb.cells:
        if (
            cell.cell_type == "code"
            and "course.exercises.ch" in cell.source
            and "import" in cell.source
        ):
            cell.source = LOCK_LINE + "\n" + cell.source.lstrip()
            break
    else:
        raise ValueError("exam mode: the workbook has no cell importing course.exercises.chNN")
    notice = nbformat.v4.new_markdown_cell(i18n.t("grading.exam.notice", lang=lang))
    nb.cells.insert(1 if nb.cells and nb.cells[0].cell_type == "markdown" else 0, notice)
    nb.metadata.setdefault("course", {})["exam"] = True
    return nb
