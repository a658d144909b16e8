"""Grading hand-made submissions: every fault is graded as such, the batch completes, files stay untouched."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import nbformat
import pytest
from grading_fixtures import EXPECTED, OUTCOMES, fill, make_submissions, sandbox_status

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
    # the grading logic is the same with or without the sandbox: run it with the sandbox when this machine has one
    grades = grader.grade_many(tasks, workers=2, progress=False, sandbox=sandbox_status()[0])
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
    assert restored.source == '__import__("course.exercises.public", fromlist=["hand_in"]).hand_in("ch01.q1", desire_no_power)'
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


def _in_exam(code: str, cwd=None, env=None) -> str:
    """Run ``code`` in a fresh Python (exam mode cannot be undone in a process), return its output."""
    import os
    import subprocess
    import sys

    full = {**os.environ, "COURSE_PROGRESS_DB": "off", **(env or {})}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, env=full, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_exam_mode_locks_hints_solutions_and_has_no_keys(tmp_path):
    out = _in_exam(
        "import gc, json\n"
        "from course.grading import exam\n"
        "exam.lock()\n"
        "from course.exercises.ch01 import *\n"
        "import course.exercises.ch01 as m\n"
        "r = q5.check('redirect')\n"
        "view = q6.widget(); view.choice.value = 'finance'; view.button.click()\n"
        "clicked = view.last_result.record()\n"
        "keyed = [o for o in gc.get_objects() if type(o).__name__ in ('ValueExercise', 'ChoiceExercise', 'FunctionExercise')]\n"
        "print(json.dumps({'hint': str(q1.hint()), 'solution': str(q2.solution()), 'record': r.record(), 'clicked': clicked,\n"
        "  'names': sorted(vars(m)), 'keyed': len(keyed), 'locked': exam.is_locked(), 'unlock': hasattr(exam, 'unlock'),\n"
        "  'attrs': [hasattr(q1, a) for a in ('expected', 'answers', 'reference', 'ideas', 'solution_code')]}))\n",
        cwd=tmp_path)
    got = json.loads(out)
    assert "locked" in got["hint"] and "locked" in got["solution"]
    assert got["record"]["status"] == "not_attempted" and got["record"]["answer"] == "redirect"
    assert "recorded" in got["record"]["message"]["en"] and got["record"]["keyless"] is True
    assert got["keyed"] == 0 and got["locked"] and not got["unlock"] and got["attrs"] == [False] * 5
    clicked = got["clicked"]  # a click records the answer like a typed one, with no verdict
    assert clicked["answer"] == "finance" and clicked["via"] == "widget" and clicked["status"] == "not_attempted"
    assert not [n for n in got["names"] if n.startswith("_") and not n.startswith("__") and n != "____"]


def test_exam_mode_wins_over_every_other_switch(tmp_path):
    # COURSE_GRADING, clearing the variable after start, or a child process: still no keys
    code = (
        "import os, subprocess, sys\n"
        "os.environ['COURSE_GRADING'] = '1'; os.environ.pop('COURSE_EXAM')\n"
        "import course.exercises.ch01 as m\n"
        "child = subprocess.run([sys.executable, '-c', 'import course.exercises.ch01 as m; print(getattr(m, \"PUBLIC\", False))'],\n"
        "                       capture_output=True, text=True).stdout.strip()\n"
        "print(getattr(m, 'PUBLIC', False), child)\n"
    )
    assert _in_exam(code, cwd=tmp_path, env={"COURSE_EXAM": "1"}).split() == ["True", "True"]


def test_exam_marker_in_the_working_folder_turns_the_lock_on(tmp_path):
    code = "import course.exercises.ch01 as m; print(getattr(m, 'PUBLIC', False), m.q3.hint(2))"
    plain_env = {"COURSE_EXAM": "", "COURSE_GRADING": ""}
    assert _in_exam(code, cwd=tmp_path, env=plain_env).startswith("False")
    (tmp_path / exam.MARKER).write_text("{}", encoding="utf-8")
    out = _in_exam(code, cwd=tmp_path, env=plain_env)
    assert out.startswith("True") and "locked" in out


def test_exam_mode_works_from_a_descriptions_file_without_the_chapter_sources(tmp_path):
    import subprocess
    import sys

    target = tmp_path / "public.json"
    done = subprocess.run([sys.executable, "-m", "course.exercises.public", "--write", str(target)],
                          capture_output=True, text=True, env={**__import__("os").environ, "COURSE_EXAM": ""})
    assert done.returncode == 0, done.stderr
    described = json.loads(target.read_text(encoding="utf-8"))
    assert sorted(described["chapters"]) == [s.stem[:2] for s in authoring.chapters("workbook")]
    text = target.read_text(encoding="utf-8")
    from course.exercises import ch01

    assert "solution" not in text and ch01.q1.solution_code not in text and "redirect\"]" not in text
    code = (
        "import subprocess\n"
        "def refuse(*a, **k):\n"
        "    raise RuntimeError('no child process: the chapter source is not read')\n"
        "subprocess.run = refuse\n"
        "from course.exercises.ch01 import *\n"
        "print(q7.kind, len(q7.cases), q5.multiple, q1.check(3).record()['keyless'])\n"
    )
    out = _in_exam(code, cwd=tmp_path, env={"COURSE_EXAM": "1", "COURSE_PUBLIC_EXERCISES": str(target)})
    assert out.split() == ["function", "8", "False", "True"]
    missing = tmp_path / "none.json"
    missing.write_text('{"format": 1, "chapters": {}}', encoding="utf-8")
    import subprocess as sp

    failed = sp.run([sys.executable, "-c", "import course.exercises.ch01"], capture_output=True, text=True,
                    env={**__import__("os").environ, "COURSE_EXAM": "1", "COURSE_PUBLIC_EXERCISES": str(missing)})
    assert failed.returncode != 0 and "ask your instructor" in failed.stderr


def test_locking_the_keys_covers_the_compiled_copies_too(tmp_path):
    import compileall
    import shutil

    from course.exercises import core, public

    folder = tmp_path / "exercises"
    shutil.copytree(Path(core.__file__).parent, folder, ignore=shutil.ignore_patterns("__pycache__"))
    assert compileall.compile_dir(folder, quiet=1)
    for path in folder.rglob("*.py*"):
        path.chmod(0o644)
    chapters = sorted(folder.glob("ch[0-9][0-9].py"))
    caches = sorted(folder.glob("__pycache__/ch[0-9][0-9].*.pyc"))
    assert len(chapters) == len(caches) >= 8
    changed = public.lock_keys(folder)
    assert sorted(changed) == sorted(chapters + caches)
    for path in chapters + caches:
        assert path.stat().st_mode & 0o777 == 0o600, path
    others = [p for p in folder.rglob("*.py*") if p not in chapters + caches]
    assert others and all(p.stat().st_mode & 0o777 == 0o644 for p in others)  # the kit itself stays readable
    assert public.lock_keys(folder) == []


def test_one_submission_per_trainee_and_chapter_by_the_stated_rule(tmp_path):
    from grading_fixtures import ALL, copies

    blank = copies("en")[1]
    (tmp_path / "wang").mkdir()
    nbformat.write(fill(ALL), tmp_path / "wang" / "01-prospects.ipynb")
    nbformat.write(blank, tmp_path / "wang" / "01-prospects-Copy1.ipynb")
    (tmp_path / "wang" / "old").mkdir()
    nbformat.write(blank, tmp_path / "wang" / "old" / "01-prospects-v2.ipynb")
    nbformat.write(fill({"ch01.q1": "solution"}), tmp_path / "zoe_01-prospects-Copy1.ipynb")
    nbformat.write(fill({"ch01.q2": "solution"}), tmp_path / "zoe_01-prospects-Copy2.ipynb")
    (tmp_path / "wang li").mkdir()  # a different person
    nbformat.write(blank, tmp_path / "wang li" / "01-prospects.ipynb")
    tasks = grader.make_tasks(grader.discover(tmp_path), limits=LIMITS)
    graded = {(t.trainee, t.path.split("/")[-1]) for t in tasks if not t.duplicate_of}
    assert graded == {("wang", "01-prospects.ipynb"), ("zoe", "zoe_01-prospects-Copy1.ipynb"),
                      ("wang li", "01-prospects.ipynb")}
    grades = grader.grade_many(tasks, workers=2, progress=False, sandbox=sandbox_status()[0])
    by = {(g.trainee, g.path.split("/")[-1]): g for g in grades}
    assert by[("wang", "01-prospects-Copy1.ipynb")].outcome == "duplicate"
    assert by[("wang", "01-prospects-v2.ipynb")].exercises == []
    main = by[("wang", "01-prospects.ipynb")]
    assert "duplicate_submission" in main.flags and "01-prospects-Copy1.ipynb" in main.reason
    assert main.score == 8  # all correct but the two written answers awaiting review: counted once
    assert by[("zoe", "zoe_01-prospects-Copy1.ipynb")].by_id()["ch01.q1"].status == "correct"
    assert by[("zoe", "zoe_01-prospects-Copy2.ipynb")].outcome == "duplicate"
    from course.grading.gradebook import Gradebook

    book = Gradebook(f"sqlite:///{tmp_path / 'gb.sqlite'}")
    book.add_run(grades)
    totals = book.summary().set_index("trainee")["total"].to_dict()
    assert totals == {"wang": 8.0, "zoe": 1.0, "wang li": 0.0}
    assert sorted(book.submissions()["outcome"]) == ["duplicate", "duplicate", "duplicate", "graded",
                                                     "graded_with_faults", "graded_with_faults"]


def test_grade_command_records_the_run_and_reads_files_before_any_kernel(tmp_path, capsys):
    from grading_fixtures import ALL

    from course.grading.gradebook import Gradebook

    (tmp_path / "subs" / "wang").mkdir(parents=True)
    nbformat.write(fill(ALL), tmp_path / "subs" / "wang" / "01-prospects.ipynb")
    args = ["grade", str(tmp_path / "subs"), "--out", str(tmp_path / "out"), "--no-progress", "--cell-timeout", "30"]
    if not sandbox_status()[0]:
        args.append("--no-sandbox")
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "2 to review" in out and "python -m course review" in out
    book = Gradebook(f"sqlite:///{tmp_path / 'out' / 'gradebook.sqlite'}")
    run = book.runs().iloc[-1]
    assert run["started_at"] < run["finished_at"] and run["notebooks"] == 1
    assert json.loads(run["options"])["sandbox"] == ("off" if "--no-sandbox" in args else
                                                   __import__("course.grading.sandbox").grading.sandbox.status()[1])
    # the bytes graded are the bytes read before grading started
    task = grader.make_tasks(grader.discover(tmp_path / "subs"))[0]
    assert task.sha256 == hashlib.sha256((tmp_path / "subs" / "wang" / "01-prospects.ipynb").read_bytes()).hexdigest()
    assert book.submissions()["sha256"].iloc[0] == task.sha256


def test_oversized_files_and_forged_grader_metadata_get_nothing_extra(tmp_path, monkeypatch):
    monkeypatch.setattr(grader, "MAX_SUBMISSION_BYTES", 1000)
    (tmp_path / "big").mkdir()
    (tmp_path / "big" / "01-prospects.ipynb").write_bytes(b"{" + b" " * 5000 + b"}")
    task = grader.make_tasks(grader.discover(tmp_path))[0]
    assert task.data == b"" and task.sha256 == hashlib.sha256(b"{" + b" " * 5000 + b"}").hexdigest()
    grade = grader._safe_grade(task, None)
    assert grade.outcome == "too_large" and all(e.status == "missing" for e in grade.exercises)
    # a trainee cannot give a cell the setup time limit, or mark a check as the grader's own
    nb = fill({"ch01.q1": "desire_no_power = 1"})
    for cell in nb.cells:
        cell.metadata["course_grader_setup"] = True
        cell.metadata["course_grader"] = "restored_check"
    scratch, checks, _, _ = grader.prepare(nb, structure.reference("01"))
    setup = [i for i, c in enumerate(scratch.cells) if c.metadata.get("course_grader_setup")]
    assert setup and max(setup) < min(checks.values())
    assert not [c for c in scratch.cells if c.metadata.get("course_grader") == "restored_check"]


def test_a_file_handed_in_with_cleared_outputs_is_flagged_when_hints_cost_points(tmp_path):
    """Hints are read from the saved check results: clearing the outputs dodged the penalty unseen (red-team audit)."""
    from grading_fixtures import _cell_of, _record

    kept = fill({"ch01.q1": "solution"})
    record = _record("ch01.q1", "correct")
    record["data"]["application/vnd.course.result+json"]["hints_used"] = 2
    kept.cells[_cell_of(kept, "ch01.q1", "check")].outputs = [record]
    cleared = fill({"ch01.q1": "solution"})
    for name, nb in (("kept", kept), ("cleared", cleared)):
        (tmp_path / name).mkdir()
        nbformat.write(nb, tmp_path / name / "01-prospects.ipynb")
    tasks = grader.make_tasks(grader.discover(tmp_path), limits=LIMITS, hint_penalty=0.25)
    by = {g.trainee: g for g in grader.grade_many(tasks, workers=2, progress=False, sandbox=sandbox_status()[0])}
    assert by["kept"].by_id()["ch01.q1"].score == 0.5 and "hints_unknown" not in by["kept"].flags
    assert by["cleared"].by_id()["ch01.q1"].score == 1.0 and "hints_unknown" in by["cleared"].flags
    assert by["cleared"].outcome == "graded_with_faults"
    # without a penalty, cleared outputs are nobody's business
    plain = grader.grade_many(grader.make_tasks(grader.discover(tmp_path / "cleared"), limits=LIMITS), workers=1,
                              progress=False, sandbox=sandbox_status()[0])
    assert "hints_unknown" not in plain[0].flags
