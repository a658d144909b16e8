"""A trainee's home (start page, course copies, JupyterLab language) and the simulation's trainee plans."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from course import authoring
from course_hub import home
from course_hub.simulate import percentile
from course_hub.trainee import (
    WRONG_VALUE,
    chapter_exercises,
    plan_for,
    solution_cells,
    typed_source,
)

ROOT = authoring.repo_root()
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def visible(markdown: str) -> str:
    """The text a trainee reads: no comments, no link targets."""
    text = re.sub(r"<!--.*?-->", "", markdown, flags=re.S)
    return re.sub(r"\]\([^)]*\)", "]", text)


def test_start_page_lists_every_chapter_and_only_released_workbooks():
    titles = home.chapter_titles("en", ROOT)
    assert len(titles) == len(list((ROOT / "notebooks" / "src").glob("[0-9][0-9]-*.py"))) >= 7
    page = home.start_page("en", ["01-prospects.ipynb"], has_feedback=False, root=ROOT)
    assert page.startswith(home.START_MARKER + "\n")
    for stem, title in titles.items():
        assert f"[{title}](notebooks/{stem}.ipynb)" in page
    assert "[Workbook 1](workbook/01-prospects.ipynb)" in page
    assert (
        "workbook/02-finding.ipynb" not in page
        and page.count("not handed out yet") == len(titles) - 1
    )
    assert "feedback.html" not in page
    assert "[Open your feedback page" in home.start_page("en", [], has_feedback=True, root=ROOT)


def test_each_edition_of_the_start_page_speaks_one_language():
    en = home.start_page("en", ["01-prospects.ipynb"], has_feedback=True, root=ROOT)
    zh = home.start_page("zh", ["01-prospects.ipynb"], has_feedback=True, root=ROOT)
    assert not CJK.search(en)
    words = re.findall(r"[A-Za-z]{3,}", visible(zh))
    assert words == ["Ctrl"], words  # only the key name; no English sentence in the zh edition
    assert "[练习册 1](workbook/01-prospects.ipynb)" in zh and "第一章" in zh


def test_preparing_a_home_never_overwrites_and_sets_the_interface_language():
    plan = home.prepare_plan("zh", ROOT)
    copies = [s for s in plan if s["op"] == "copy"]
    assert {Path(s["src"]).parent for s in copies} == {ROOT / "notebooks" / "zh"}
    assert len(copies) == len(home.chapter_titles("zh", ROOT))
    writes = [s for s in plan if s["op"] in ("copy", "write")]
    assert all(s["policy"] == "missing" for s in writes)  # a trainee's copies and choices are kept
    (locale,) = [s for s in writes if "translation-extension" in s["path"]]
    assert '"zh_CN"' in locale["content"]
    assert (
        '"en"'
        in next(
            s
            for s in home.prepare_plan("en", ROOT)
            if "translation" in s.get("path", "") and s["op"] == "write"
        )["content"]
    )
    assert all(
        s.get("mode", 0o700) & 0o077 == 0 for s in plan if s["op"] in ("mkdir", "copy", "write")
    )


def test_start_page_step_reads_what_is_released_from_the_listing():
    listing = [
        {"op": "list", "path": "course/workbook", "names": ["01-prospects.ipynb"]},
        {"op": "list", "path": "course", "names": ["START.md", "feedback.html"]},
    ]
    step = home.start_page_step("en", listing, ROOT)
    assert step["policy"] == "marker" and step["marker"] == home.START_MARKER
    assert "workbook/01-prospects.ipynb" in step["content"] and "feedback.html" in step["content"]


# --------------------------------------------------------------------------- the simulation's trainees
@pytest.fixture(scope="module")
def chapter1():
    source = ROOT / "workbook" / "src" / "01-prospects.py"
    solutions = solution_cells(source, "en")
    released = authoring.trainee_copy(authoring.edition(authoring.read_source(source), "en"), "en")
    from course.grading.structure import stamp

    stamp(released, "01")
    return solutions, released, chapter_exercises("01", solutions)


def test_the_widget_answer_comes_from_the_solution_and_agrees_with_the_key(chapter1):
    _, _, exercises = chapter1
    from course.exercises import ch01

    assert exercises.widget == "ch01.q5" and exercises.right_option == "redirect"
    assert exercises.right_option in ch01.q5.answers  # two independent sources agree
    assert set(exercises.written) == {"ch01.q8", "ch01.q9"}
    assert "ch01.q5" not in exercises.machine and "ch01.q1" in exercises.machine


def test_plans_vary_and_predict_the_grades(chapter1):
    _, _, exercises = chapter1
    plans = [plan_for(k, exercises) for k in range(12)]
    assert len({tuple(p.right) for p in plans}) == 3  # three patterns of typed answers
    for k, plan in enumerate(plans):
        assert not set(plan.right) & set(plan.wrong)
        assert len(plan.right) + len(plan.wrong) <= len(exercises.machine)
        assert plan.widget_right == (k % 4 != 3)
        assert (plan.widget in plan.expected_correct) == plan.widget_right
        assert plan.expected_correct <= plan.judged and not set(plan.written) & plan.judged
        label = plan.widget_label["en"]
        assert (label == "Contact and find the person with authority") == plan.widget_right


def test_typed_answers_are_the_solutions_lines_or_a_wrong_value(chapter1):
    solutions, released, exercises = chapter1
    assert len(solutions) == len(
        released.cells
    )  # the released copy lines up with its source, cell by cell
    plan = plan_for(0, exercises)
    changed = {}
    for cell, solution in zip(released.cells, solutions, strict=True):
        if cell.cell_type != "code":
            continue
        typed = typed_source(cell, solution, plan)
        meta = cell.metadata.get("course", {})
        if typed != cell.source:
            changed[meta["exercise"]] = typed
            assert meta["role"] == "answer"
        elif meta.get("role") == "answer":
            assert "____" in typed
    assert set(changed) == set(plan.right) | set(plan.wrong) | set(plan.written)
    for eid in plan.wrong:
        assert WRONG_VALUE in changed[eid] and "____" not in changed[eid]
    for eid in plan.right:
        assert "____" not in changed[eid]


def test_percentile_is_the_nearest_rank():
    values = [float(v) for v in range(30, 0, -1)]
    assert percentile(values, 0.95) == 29.0  # ceil(0.95 * 30) = 29th smallest
    assert percentile(values, 0.5) == 15.0
    assert percentile([4.0], 0.95) == 4.0 and percentile([], 0.95) is None
