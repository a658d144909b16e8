"""Workbook exercises (练习): the checking framework and one module per chapter.

In a workbook::

    from course.exercises.ch01 import *   # binds q1, q2, ..., ____ and progress()
"""

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
