"""Every chapter's solution copy, graded as a submission, is right everywhere (written answers await review).

This runs each chapter through the whole grading path -- answers handed in as
plain data by a kernel without keys (in the sandbox when the machine has one)
and judged in the grader -- so every kind of answer the course asks for
(numbers, lists, Series, DataFrames, a trained model, functions on test cases,
choices, written answers) survives the trip.
"""

from __future__ import annotations

import nbformat
import pytest
from grading_fixtures import sandbox_status

from course import authoring
from course.grading import grader
from course.grading.engine import Limits


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("chapters")
    for src in authoring.chapters("workbook"):
        nb = authoring.edition(authoring.read_source(src), "en")
        nb.cells = [c for c in nb.cells if "selftest" not in c.metadata.get("tags", [])]
        path = folder / "solution" / f"{src.stem}.ipynb"
        path.parent.mkdir(exist_ok=True)
        nbformat.write(nb, path)
    tasks = grader.make_tasks(grader.discover(folder), limits=Limits(cell_timeout=120, notebook_timeout=600))
    return {g.chapter: g for g in grader.grade_many(tasks, workers=2, progress=False, sandbox=sandbox_status()[0])}


@pytest.mark.parametrize("src", authoring.chapters("workbook"), ids=lambda p: p.stem)
def test_solution_copy_grades_right_everywhere(graded, src):
    from course.grading.structure import exercise_module

    grade = graded[src.stem[:2]]
    written = {q.id for q in exercise_module(src.stem[:2]).EXERCISES if getattr(q, "written", False)}
    for item in grade.exercises:
        if item.exercise in written:
            assert item.status == "review" and item.suggestion == "correct", (item.exercise, item.message)
        else:
            assert item.status == "correct", (item.exercise, item.status, item.reasons, item.message)
    assert grade.outcome == "graded", grade.reasons
