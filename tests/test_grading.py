"""Grading hand-made submissions: every fault is graded as such, the batch completes, files stay untouched."""

from __future__ import annotations

import hashlib
import json

import nbformat
import pytest
from grading_fixtures import EXPECTED, OUTCOMES, fill, make_submissions

from course import authoring, cli
from course.grading import exam, grader, release, structure
from course.grading.engine import Limits

LIMITS = Limits(cell_timeout=10, notebook_timeout=150, memory_mb=1536, max_output_bytes=100_000, setup_timeout=120)


def _hashes(folder):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("submissions")
    make_submissions(folder)
    before = _hashes(folder)
    tasks = grader.make_tasks(grader.discover(folder), limits=LIMITS)
    grades = grader.grade_many(tasks, workers=2, progress=False)
    return {"folder": folder, "before": before, "after": _hashes(folder), "grades": grades, "tasks": tasks}


def test_batch_completes_with_every_submission(graded):
    assert [g.trainee for g in graded["grades"]] == sorted(EXPECTED)
    assert [g.trainee for g in graded["grades"]] == [t.trainee for t in graded["tasks"]]


def test_submissions_are_not_modified(graded):
    assert graded["after"] == graded["before"]
    for grade in graded["grades"]:
        assert grade.sha256 == graded["before"][next(p for p in graded["before"] if str(p) == grade.path)]


@pytest.mark.parametrize("trainee", sorted(EXPECTED))
def test_each_exercise_graded_as_expected(graded, trainee):
    grade = next(g for g in graded["grades"] if g.trainee == trainee)
    assert grade.outcome == OUTCOMES[trainee], grade.reasons
    got = grade.by_id()
    assert list(got) == list(EXPECTED[trainee])
    for eid, (status, flag) in EXPECTED[trainee].items():
        assert got[eid].status == status, (eid, got[eid].reasons)
        if flag:
            assert flag in got[eid].flags, (eid, got[eid].reasons)
            assert got[eid].reason.startswith(flag) or f"; {flag}:" in got[eid].reason
        else:
            assert not set(got[eid].flags) - {"widget_answer"}, (eid, got[eid].reasons)
    expected_score = sum(1 for status, _ in EXPECTED[trainee].values() if status == "correct")
    assert grade.score == expected_score


def test_faults_name_their_cause(graded):
    by = {g.trainee: g for g in graded["grades"]}
    assert "timeout" in by["dev"].flags and "memory_limit" in by["dev"].flags
    assert by["eve"].restarts == 1
    assert "MemoryError" in by["dev"].by_id()["ch01.q10"].reason or "memory" in by["dev"].by_id()["ch01.q10"].reason
    # the wrong answer of a wrong type is judged, not crashed on
    assert by["ivy"].by_id()["ch01.q1"].message["en"]
    # a widget answer is re-judged with the chapter's exercise
    assert by["ivy"].by_id()["ch01.q5"].answer == "redirect"


def test_hint_penalty_lowers_a_correct_score():
    item = grader.ExerciseGrade("ch01.q1", "correct", hints_used=2)
    assert grader.RANK["correct"] > grader.RANK["incorrect"] > grader.RANK["not_attempted"] > grader.RANK["missing"]
    assert round(max(0.0, 1 - 0.25 * item.hints_used), 2) == 0.5


def test_prepare_restores_edited_checks_and_calls_the_module():
    ref = structure.reference("01")
    nb = fill({"ch01.q1": "desire_no_power = 5"})
    sections = structure.exercise_sections(nb, "01")
    nb.cells[sections["ch01.q1"].check].source = "q1.check(q1.expected_value())"
    scratch, checks, flags, owner = grader.prepare(nb, ref)
    assert flags["ch01.q1"][0][0] == "check_edited"
    restored = scratch.cells[checks["ch01.q1"]]
    assert restored.source.startswith('__import__("course.exercises.ch01"') and "q1.check(desire_no_power)" in restored.source
    assert owner[checks["ch01.q1"]] == "ch01.q1"
    assert all(c.get("outputs", []) == [] for c in scratch.cells if c.cell_type == "code")
    assert nb.cells[sections["ch01.q1"].check].source == "q1.check(q1.expected_value())"  # the input is untouched


def test_discover_both_layouts(tmp_path):
    (tmp_path / "wang_li").mkdir()
    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "wang_li" / "01-prospects.ipynb")
    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "zhao_min_01-prospects.ipynb")
    (tmp_path / "wang_li" / ".ipynb_checkpoints").mkdir()
    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "wang_li" / ".ipynb_checkpoints" / "01-prospects.ipynb")
    found = [(t, p.name) for t, p in grader.discover(tmp_path)]
    assert found == [("wang_li", "01-prospects.ipynb"), ("zhao_min", "zhao_min_01-prospects.ipynb")]
    with pytest.raises(ValueError, match="does not exist"):
        grader.discover(tmp_path / "nope")


def test_cli_bad_input_is_one_paragraph(tmp_path, capsys):
    assert cli.main(["grade", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "Traceback" not in err
    assert cli.main(["release", "99", "--out", str(tmp_path)]) == 2
    assert "No workbook for chapter" in capsys.readouterr().err
    assert cli.main(["grade", str(tmp_path), "--db", "nosuchdb://x"]) == 2


def test_release_writes_clean_stamped_copies(tmp_path):
    written = release.release(["01"], tmp_path, log=lambda _: None)
    nb = nbformat.read(tmp_path / "zh" / "01-prospects.ipynb", as_version=4)
    assert not any("selftest" in c.metadata.get("tags", []) for c in nb.cells)
    roles = {(c.metadata["course"]["exercise"], c.metadata["course"]["role"]) for c in nb.cells if "course" in c.metadata}
    assert ("ch01.q3", "check") in roles and ("ch01.q3", "answer") in roles and ("ch01.q5", "widget") in roles
    assert json.loads((tmp_path / "release.json").read_text())["chapters"]["01"]["exercises"][0] == "ch01.q1"
    assert len(written) == 3


def test_exam_release_has_no_keys_in_plain_text(tmp_path):
    release.release(["01"], tmp_path, exam=True, log=lambda _: None)
    source = authoring.read_source(next(p for p in authoring.chapters("workbook") if p.stem.startswith("01-")))
    secrets = [line.split("=", 1)[1].split("# blank")[0].strip() for c in source.cells if c.cell_type == "code"
               for line in c.source.splitlines() if line.rstrip().endswith("# blank")]
    from course.exercises import ch01

    secrets += [q.solution_code for q in ch01.EXERCISES if q.solution_code]
    texts = "".join(p.read_text(encoding="utf-8") for p in tmp_path.rglob("*") if p.is_file())
    assert secrets and not [s for s in secrets if s in texts]
    assert (tmp_path / "en" / exam.MARKER).is_file()
    nb = nbformat.read(tmp_path / "en" / "01-prospects.ipynb", as_version=4)
    assert exam.LOCK_LINE in "".join(c.source for c in nb.cells) and nb.metadata["course"]["exam"] is True


def test_exam_lock_hides_hints_solutions_and_keys(monkeypatch):
    from course.exercises import ch01

    monkeypatch.delenv("COURSE_GRADING", raising=False)
    try:
        assert exam.lock()
        assert "locked" in ch01.q1.hint() and "locked" in ch01.q2.solution()
        assert ch01.q1.expected is None and ch01.q5.answers == [] and ch01.q7.solution_code == ""
        receipt = ch01.q5.check("redirect")
        assert receipt.status == "not_attempted" and receipt.record()["answer"] == "redirect"
        assert receipt.record()["exam"] is True and "recorded" in receipt.text("en")
    finally:
        exam.unlock()
    assert ch01.q5.check("redirect").status == "correct"
    assert ch01.q1.hint().startswith("**")
    monkeypatch.setenv("COURSE_GRADING", "1")
    assert exam.lock() is False and not exam.is_locked()


def test_exam_marker_in_the_working_folder_turns_the_lock_on(tmp_path, monkeypatch):
    from course.exercises import ch01

    monkeypatch.delenv("COURSE_GRADING", raising=False)
    monkeypatch.delenv("COURSE_EXAM", raising=False)
    monkeypatch.chdir(tmp_path)
    assert exam.activate_from_environment() is False
    (tmp_path / exam.MARKER).write_text("{}", encoding="utf-8")
    try:
        assert exam.activate_from_environment() is True
        assert "locked" in ch01.q3.hint(2)
    finally:
        exam.unlock()
    assert not exam.is_locked()
