"""Workbook exercises (练习): the checking framework and one module per chapter.

In a workbook::

    from course.exercises.ch01 import *   # binds q1, q2, ..., ____ and progress()
"""

from course.exercises.core import (
    RECORD_MIME,
    ChoiceExercise,
    Exercise,
    FunctionExercise,
    Idea,
    Result,
    TextExercise,
    ValueExercise,
    ____,
    is_blank,
)

__all__ = [
    "RECORD_MIME",
    "ChoiceExercise",
    "Exercise",
    "FunctionExercise",
    "Idea",
    "Result",
    "TextExercise",
    "ValueExercise",
    "____",
    "is_blank",
]
