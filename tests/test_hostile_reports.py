"""Reports built from hostile names and answers show them as text (the browser test checks nothing runs)."""

from __future__ import annotations

import json
import re

import nbformat
import pytest
from test_gradebook import submission

from course import cli
from course.exercises import RECORD_MIME
from course.grading import report
from course.grading.gradebook import Gradebook
from course.grading.results import ExerciseGrade, SubmissionGrade

PAYLOADS = [
    "<script>window.__pwned = 1; alert(1)</script>",
    '<img src=x onerror="window.__pwned = 2">',
    '"><svg onload=window.__pwned=3>',
    "'><iframe src=javascript:window.__pwned=4>",
]
NAMES = [
    '<img src=x onerror="window.__pwned=5">',
    "wang li",
    "wang_li",
    "<b>bold</b>",
    "=cmd|' /C calc'!A0",
]
#: what must never appear in a page: a tag or attribute a payload would bring
LIVE = re.compile(r"<script>window|<img src=x|<svg onload|<iframe src=javascript|<b>bold</b>")


def hostile_gradebook(url: str) -> Gradebook:
    book = Gradebook(url)
    grades = []
    for k, name in enumerate(NAMES):
        grade = SubmissionGrade(trainee=name, path=f"{name}/01-prospects.ipynb", chapter="01")
        payload = PAYLOADS[k % len(PAYLOADS)]
        grade.exercises += [
            ExerciseGrade(
                "ch01.q1",
                "incorrect",
                answer=payload,
                message={"en": payload, "zh": payload},
                reasons=[f"check_failed: {payload}"],
                flags=["check_failed"],
            ),
            ExerciseGrade(
                "ch01.q8",
                "review",
                answer=payload,
                suggestion="incorrect",
                message={"en": f"missing: {payload}", "zh": payload},
            ),
            ExerciseGrade("ch01.q5", "correct", score=1.0),
        ]
        grades.append(grade)
    book.add_run(grades)
    book.add_run([submission(NAMES[0], {"ch01.q1": "incorrect"}, answer=PAYLOADS[0])])
    return book


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    url = f"sqlite:///{folder / 'gb.sqlite'}"
    hostile_gradebook(url)
    out = folder / "class.html"
    assert cli.main(["class-report", "--db", url, "--out", str(out)]) == 0
    return out


def test_class_report_shows_hostile_strings_as_text(hostile_report):
    text = hostile_report.read_text(encoding="utf-8")
    assert not LIVE.search(text), LIVE.search(text)
    assert "&lt;img src=x onerror=" in text and "&lt;script&gt;window.__pwned" in text
    assert report.CSP in text and "<script" not in text
    assert "Written answers awaiting review" in text


def test_feedback_pages_are_escaped_and_one_per_person(hostile_report):
    folder = hostile_report.with_name("class-feedback")
    pages = sorted(folder.iterdir())
    assert len(pages) == len(NAMES) == len({p.name for p in pages})
    assert report.page_name("wang li") != report.page_name("wang_li")
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not LIVE.search(text), (page.name, LIVE.search(text))
        assert report.CSP in text
        assert all(".." not in part and "/" not in part for part in [page.name])
    wang = (folder / report.page_name("wang li")).read_text(encoding="utf-8")
    assert (
        "Feedback for wang li" in wang and "Your instructor will score this written answer" in wang
    )
    links = hostile_report.read_text(encoding="utf-8")
    for name in NAMES:
        assert report.page_name(name) in links


def test_progress_report_shows_hostile_workbooks_as_text(tmp_path):
    folder = tmp_path / "<img src=x onerror=alert(1)>"
    folder.mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("q1.check(1)")])
    nb.cells[0].outputs = [
        nbformat.from_dict(
            {
                "output_type": "display_data",
                "metadata": {},
                "data": {
                    "text/plain": "x",
                    RECORD_MIME: {
                        "exercise": "<script>window.__pwned=6</script>",
                        "status": "correct",
                        "attempts": 1,
                    },
                },
            }
        ),
        nbformat.from_dict(
            {
                "output_type": "display_data",
                "metadata": {},
                "data": {
                    "text/plain": "x",
                    RECORD_MIME: {
                        "exercise": "ch01.q1",
                        "status": "<b>bold</b>",
                        "attempts": "lots",
                    },
                },
            }
        ),
        nbformat.from_dict(
            {
                "output_type": "display_data",
                "metadata": {},
                "data": {
                    "text/plain": "x",
                    RECORD_MIME: {
                        "exercise": "ch01.q2",
                        "status": "correct",
                        "attempts": 2,
                        "hints_used": 1,
                    },
                },
            }
        ),
    ]
    nbformat.write(nb, folder / "01-<svg onload=alert(2)>.ipynb")
    out = tmp_path / "progress.html"
    assert cli.main(["progress-report", str(folder), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert not LIVE.search(text) and "__pwned=6" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text and "&lt;svg onload=alert(2)&gt;" in text
    from course.reports import progress_report as pr

    table = pr.exercise_table(folder)
    # the forged id and the record with a made-up status are ignored; the good record is kept
    assert table["exercise"].tolist() == ["ch01.q2"] and table["status"].tolist() == ["correct"]


def test_gradebook_keeps_hostile_strings_exactly(tmp_path):
    book = hostile_gradebook(f"sqlite:///{tmp_path / 'gb.sqlite'}")
    stored = book.results(latest=True)
    assert set(NAMES) == set(stored["trainee"])
    answers = {json.loads(a) for a in stored["answer"].dropna()}
    assert set(PAYLOADS) <= answers
