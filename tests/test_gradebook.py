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
    assert set(sheets) == {"results", "summary", "runs", "reviews"} and len(sheets["runs"]) == 2
    with pytest.raises(ValueError, match=r"\.csv or \.xlsx"):
        book.export(tmp_path / "grades.pdf")


def test_cli_export_and_bad_url(book, tmp_path, capsys):
    out = tmp_path / "cli.xlsx"
    assert cli.main(["gradebook", "export", "--db", book.url, "--out", str(out)]) == 0
    assert out.is_file()
    assert cli.main(["gradebook", "export", "--db", "notadb:///x", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Cannot open the gradebook" in err and "Traceback" not in err


def test_a_run_records_when_it_really_started_and_finished(tmp_path):
    import time

    book = Gradebook(f"sqlite:///{tmp_path / 'gb.sqlite'}")
    run_id = book.start_run(source="folder", options={"sandbox": "bwrap"}, notebooks=1)
    started = book.runs().set_index("run_id").loc[run_id]
    assert pd.isna(started["finished_at"])  # visible while it runs
    time.sleep(0.05)
    book.finish_run(run_id, [submission("wang", {"ch01.q1": "correct"})])
    row = book.runs().set_index("run_id").loc[run_id]
    begin, end = pd.Timestamp(row["started_at"]), pd.Timestamp(row["finished_at"])
    assert end - begin >= pd.Timedelta("50ms") and row["notebooks"] == 1
    assert book.results()["graded_at"].iloc[0] == row["finished_at"]


def _written(trainee: str, text: str, suggestion: str = "correct") -> SubmissionGrade:
    grade = SubmissionGrade(trainee=trainee, path=f"{trainee}/01-prospects.ipynb", chapter="01")
    grade.exercises.append(ExerciseGrade("ch01.q8", "review", answer=text, suggestion=suggestion,
                                         message={"en": "You covered: trust.", "zh": "讲到了：信任。"}))
    grade.exercises.append(ExerciseGrade("ch01.q1", "correct", score=1.0))
    return grade


def test_reviews_change_scores_and_keep_who_changed_what_when(tmp_path):
    book = Gradebook(f"sqlite:///{tmp_path / 'gb.sqlite'}")
    book.add_run([_written("wang", "Buyers suspect a fake."), _written("li", "cheap", "incorrect")])
    pending = book.pending_reviews()
    assert sorted(pending["trainee"]) == ["li", "wang"] and set(pending["suggestion"]) == {"correct", "incorrect"}
    assert book.summary().set_index("trainee")["awaiting_review"].to_dict() == {"li": 1, "wang": 1}
    wang = int(pending.loc[pending["trainee"] == "wang", "result_id"].iloc[0])
    book.review(wang, 0.5, reviewer="Ms Zhou", note="half the idea")
    book.review(wang, 1.0, reviewer="Mr Qian")
    latest = book.results(latest=True).set_index(["trainee", "exercise"])
    assert latest.loc[("wang", "ch01.q8"), "score"] == 1.0 and latest.loc[("wang", "ch01.q8"), "status"] == "correct"
    assert latest.loc[("wang", "ch01.q8"), "reviewed_by"] == "Mr Qian"
    log = book.reviews()
    assert log[["reviewer", "old_score", "new_score", "old_status", "new_status"]].values.tolist() == [
        ["Ms Zhou", 0.0, 0.5, "review", "correct"], ["Mr Qian", 0.5, 1.0, "correct", "correct"]]
    assert log["note"].iloc[0] == "half the idea" and log["changed_at"].is_monotonic_increasing
    assert book.pending_reviews()["trainee"].tolist() == ["li"]
    for bad in (-0.1, 1.5):
        with pytest.raises(ValueError, match="between 0 and 1"):
            book.review(wang, bad, reviewer="x")
    with pytest.raises(ValueError, match="who reviews"):
        book.review(wang, 1, reviewer=" ")


def test_a_review_carries_over_to_the_same_answer_in_a_later_run(tmp_path):
    book = Gradebook(f"sqlite:///{tmp_path / 'gb.sqlite'}")
    book.add_run([_written("wang", "Buyers suspect a fake.")])
    book.review(int(book.pending_reviews()["result_id"].iloc[0]), 0.5, reviewer="Ms Zhou")
    second = book.add_run([_written("wang", "Buyers suspect a fake."), _written("li", "new text")])
    latest = book.results(run_id=second).set_index(["trainee", "exercise"])
    assert latest.loc[("wang", "ch01.q8"), "score"] == 0.5 and "carried over from run 1" in latest.loc[
        ("wang", "ch01.q8"), "reviewed_by"]
    assert latest.loc[("li", "ch01.q8"), "status"] == "review"  # a new answer still waits
    third = book.add_run([_written("wang", "A different answer now.")])
    assert book.results(run_id=third).set_index("exercise").loc["ch01.q8", "status"] == "review"


def test_a_gradebook_with_foreign_triggers_is_refused(tmp_path):
    import sqlite3

    path = tmp_path / "gb.sqlite"
    Gradebook(f"sqlite:///{path}").add_run([submission("wang", {"ch01.q1": "incorrect"})])
    with sqlite3.connect(path) as con:
        con.execute("CREATE TRIGGER lift AFTER INSERT ON results BEGIN UPDATE results SET score = 1; END")
    with pytest.raises(ValueError, match="trigger lift"):
        Gradebook(f"sqlite:///{path}")
    assert cli.main(["gradebook", "export", "--db", f"sqlite:///{path}", "--out", str(tmp_path / "x.csv")]) == 2


def test_a_gradebook_from_the_previous_kit_version_is_completed_not_lost(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE grading_runs (run_id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT,"
                    " kit_version TEXT NOT NULL, source TEXT, notebooks INTEGER, options TEXT)")
        con.execute("CREATE TABLE results (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, trainee TEXT NOT NULL,"
                    " chapter TEXT, exercise TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,"
                    " hints_used INTEGER NOT NULL, score FLOAT NOT NULL, graded_at TEXT NOT NULL,"
                    " kit_version TEXT NOT NULL, reason TEXT, answer TEXT, message TEXT)")
        con.execute("INSERT INTO grading_runs VALUES (1, '2025-01-01', '2025-01-01', '0.1.0', '', 1, '{}')")
        con.execute("INSERT INTO results VALUES (1, 1, 'wang', '01', 'ch01.q1', 'correct', 1, 0, 1.0, '2025-01-01',"
                    " '0.1.0', NULL, NULL, NULL)")
    book = Gradebook(f"sqlite:///{path}")
    frame = book.results()
    assert frame["trainee"].tolist() == ["wang"] and "suggestion" in frame.columns
    book.add_run([_written("li", "text")])
    assert len(book.results()) == 3


def test_exports_neutralise_spreadsheet_formulas(tmp_path):
    import openpyxl

    book = Gradebook(f"sqlite:///{tmp_path / 'gb.sqlite'}")
    evil = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]
    grades = []
    for name in evil:
        grade = submission(name, {"ch01.q1": "incorrect"}, answer=name)
        grade.trainee = name
        grades.append(grade)
    book.add_run(grades)
    csv = book.export(tmp_path / "g.csv")
    table = pd.read_csv(csv, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert sorted(table["trainee"]) == sorted("'" + n for n in evil)
    assert all(not cell.startswith(("=", "+", "-", "@", "\t")) for col in table.columns for cell in table[col])
    workbook = openpyxl.load_workbook(book.export(tmp_path / "g.xlsx"))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    names = [c.value for c in workbook["results"]["B"][1:]]
    assert sorted(names) == sorted("'" + n for n in evil)
    numbers = pd.read_excel(tmp_path / "g.xlsx", sheet_name="results")["score"]
    assert numbers.dtype.kind in "if"  # numbers stay numbers


def test_an_instructors_score_on_any_answer_survives_a_regrade_of_the_same_answer(tmp_path):
    """A choice marked wrong and accepted by the instructor after discussion stayed accepted only until the next
    grading of the same file: the summary then read the new run's 0 (found by a red-team audit)."""
    book = Gradebook(f"sqlite:///{tmp_path / 'gb.sqlite'}")
    first = book.add_run([submission("wang", {"ch01.q5": "incorrect", "ch01.q6": "correct"}, answer="pursue")])
    row = book.results(run_id=first, with_id=True).set_index("exercise").loc["ch01.q5"]
    book.review(int(row["result_id"]), 1.0, reviewer="Ms Zhou", note="accepted after discussion")
    again = book.add_run([submission("wang", {"ch01.q5": "incorrect", "ch01.q6": "correct"}, answer="pursue")])
    latest = book.results(run_id=again).set_index("exercise")
    assert latest.loc["ch01.q5", "score"] == 1.0 and "carried over from run 1" in latest.loc["ch01.q5", "reviewed_by"]
    assert book.summary().set_index("trainee").loc["wang", "total"] == 2.0
    changed = book.add_run([submission("wang", {"ch01.q5": "incorrect", "ch01.q6": "correct"}, answer="develop")])
    assert book.results(run_id=changed).set_index("exercise").loc["ch01.q5", "score"] == 0.0  # a new answer: no carry
    assert book.results(run_id=changed).set_index("exercise").loc["ch01.q6", "reviewed_by"] is None


def test_a_locked_or_damaged_gradebook_is_said_as_what_it_is(tmp_path):
    """Both gave a raw SQLAlchemy message cut mid-word and the advice to check the URL, which was right (audit)."""
    import sqlite3

    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"not a database at all" * 300)
    with pytest.raises(ValueError, match="not a SQLite gradebook, or it is damaged: restore it from a backup"):
        Gradebook(f"sqlite:///{damaged}")
    locked = tmp_path / "locked.sqlite"
    Gradebook(f"sqlite:///{locked}")
    holder = sqlite3.connect(locked)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(ValueError, match="in use by another program"):
            Gradebook(f"sqlite:///{locked}?timeout=0.2")
    finally:
        holder.rollback()
        holder.close()
