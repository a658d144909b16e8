"""Workbook exercises (练习): the checking framework and one module per chapter.

In a workbook::

    from course.exercises.ch01 import *   # binds q1, q2, ..., ____ and progress()

In exam mode and in a grading kernel the chapter modules load in their public
form, without answer keys (:mod:`course.exercises.public`); answers always reach
a checker as plain data (:mod:`course.exercises.plain`).
"""

from course.exercises import public as _public
from course.exercises.core import (
    RECORD_MIME,
    ChoiceExercise,
    Exercise,
    FunctionExercise,
    Result,
    ValueExercise,
    ____,
    is_blank,
)
from course.exercises.text import Idea, TextExercise
from course.exercises.verdict import STATUSES, Verdict

# exam mode or a grading kernel: chapter modules load in their public form (no answer keys in this process)
_public.install_if_requested()

__all__ = [
    "RECORD_MIME",
    "STATUSES",
    "ChoiceExercise",
    "Exercise",
    "FunctionExercise",
    "Idea",
    "Result",
    "TextExercise",
    "ValueExercise",
    "Verdict",
    "____",
    "is_blank",
]
