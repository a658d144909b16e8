"""The gradebook keeps every grading run and exports what instructors open."""

from __future__ import annotations

import pandas as pd
import pytest

from course import cli
from course.grading.gradebook import Gradebook
from course.grading.grader import ExerciseGrade, SubmissionGrade


def submission(trainee: str, statuses: dict[str, str], hints: int = 0, answer=None) -> SubmissionGrade:
    grade = SubmissionGrade(trainee=trainee, path=f"{trainee}/01-prospects.ipynb", chapter="01", sha256="ab" * 32)
    for eid, status in statuses.items():
        item = ExerciseGrade(eid, status, score=1.0 if status == "correct" else 0.0, attempts=1, hints_used=hints,
                             answer=answer if status == "incorrect" else None,
                             message={"en": f"{eid} {status}", "zh": f"{eid} 反馈"})
        if status == "missing":
            item.flag("check_deleted", "no check cell")
        grade.exercises.append(item)
    return grade


@pytest.fixture
def book(tmp_path):
    book = Gradebook(f"sqlite:///{tmp_path / 'sub' / 'gb.sqlite'}")
    book.add_run([submission("wang", {"ch01.q1": "incorrect", "ch01.q2": "missing"}, answer=5),
                  submission("li", {"ch01.q1": "correct", "ch01.q2": "correct"})], source="first")
    book.add_run([submission("wang", {"ch01.q1": "correct", "ch01.q2": "incorrect"}, hints=1, answer="x")], source="second")
    return book


def test_regrading_adds_a_run_and_keeps_history(book):
    assert book.runs()["run_id"].tolist() == [1, 2]
    history = book.results()
    assert len(history) == 6
    assert history.columns.tolist()[:12] == ["run_id", "trainee", "chapter", "exercise", "status", "attempts",
                                             "hints_used", "score", "graded_at", "kit_version", "reason", "answer"]
    latest = book.results(latest=True)
    assert sorted(zip(latest["trainee"], latest["run_id"], strict=True)) == [("li", 1), ("li", 1), ("wang", 2), ("wang", 2)]
    wang = latest[latest["trainee"] == "wang"].set_index("exercise")
    assert wang.loc["ch01.q1", "status"] == "correct" and wang.loc["ch01.q2", "answer"] == '"x"'
    first = book.results(run_id=1).set_index(["trainee", "exercise"])
    assert first.loc[("wang", "ch01.q2"), "reason"].startswith("check_deleted")
    assert book.submissions(run_id=2)["trainee"].tolist() == ["wang"]


def test_summary_totals_per_trainee(book):
    summary = book.summary().set_index("trainee")
    assert summary.loc["li", "total"] == 2.0 and summary.loc["wang", "total"] == 1.0


def test_export_csv_and_excel(book, tmp_path):
    csv = book.export(tmp_path / "grades.csv")
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads the BOM as UTF-8
    assert len(pd.read_csv(csv, encoding="utf-8-sig")) == 4
    assert len(pd.read_csv(book.export(tmp_path / "all.csv", history=True), encoding="utf-8-sig")) == 6
    sheets = pd.read_excel(book.export(tmp_path / "grades.xlsx"), sheet_name=None)
    assert set(sheets) == {"results", "summary", "runs"} and len(sheets["runs"]) == 2
    with pytest.raises(ValueError, match=r"\.csv or \.xlsx"):
        book.export(tmp_path / "grades.pdf")


def test_cli_export_and_bad_url(book, tmp_path, capsys):
    out = tmp_path / "cli.xlsx"
    assert cli.main(["gradebook", "export", "--db", book.url, "--out", str(out)]) == 0
    assert out.is_file()
    assert cli.main(["gradebook", "export", "--db", "notadb:///x", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Cannot open the gradebook" in err and "Traceback" not in err
