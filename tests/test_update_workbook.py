"""update-workbook moves answers by exercise id into a new version that adds, removes and reorders exercises."""

from __future__ import annotations

import copy
import json

import nbformat
import pytest
from grading_fixtures import ALL, copies, fill

from course import cli
from course.grading import structure, update


def new_version():
    """The current trainee copy, changed: q2 removed, q5 moved first, a new q11 added before q10."""
    _, blank = copies("en")
    nb = copy.deepcopy(blank)
    sections = structure.exercise_sections(nb, "01")
    cells = nb.cells
    span = {eid: [cells[i] for i in s.cells] for eid, s in sections.items()}
    first = sections["ch01.q1"].start
    head = cells[:first]
    tail = cells[sections["ch01.q10"].cells[-1] + 1:]
    new_q11 = [nbformat.v4.new_markdown_cell("## Exercise 11\n\nA new question."),
               nbformat.v4.new_code_cell("new_answer = ____  # your answer here"),
               nbformat.v4.new_code_cell("q11.check(new_answer)")]
    order = ["ch01.q5", "ch01.q1", "ch01.q3", "ch01.q4", "ch01.q6", "ch01.q7", "ch01.q8", "ch01.q9"]
    body = [c for eid in order for c in span[eid]] + new_q11 + span["ch01.q10"]
    nb.cells = head + body + tail
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"en-{i:03d}"
    return nb


@pytest.fixture
def old_and_new(tmp_path):
    solution, _ = copies("en")
    old = fill({**ALL, "ch01.q4": "solution"})
    sections = structure.exercise_sections(old, "01")
    note = nbformat.v4.new_markdown_cell("my note on q3")
    note["id"] = "abcd1234"
    old.cells.insert(sections["ch01.q3"].check, note)
    stray = nbformat.v4.new_code_cell("scratch = 42")
    stray["id"] = "ffff0000"
    old.cells.append(stray)
    old_path, new_path = tmp_path / "01-prospects.ipynb", tmp_path / "new" / "01-prospects.ipynb"
    nbformat.write(old, old_path)
    new_path.parent.mkdir()
    nbformat.write(new_version(), new_path)
    return old_path, new_path, solution


def test_answers_follow_their_exercise(old_and_new):
    old_path, new_path, solution = old_and_new
    original = old_path.read_bytes()
    report = update.update_workbook(old_path, new_path)
    merged = nbformat.read(old_path, as_version=4)
    sections = structure.exercise_sections(merged, "01")
    answers = {eid: [merged.cells[i].source for i in s.answers] for eid, s in sections.items()}
    sol = structure.exercise_sections(solution, "01")
    for eid in ["ch01.q1", "ch01.q3", "ch01.q5", "ch01.q7", "ch01.q10"]:
        assert answers[eid] == [solution.cells[i].source for i in sol[eid].answers], eid
    # each answer sits in its own section, right before its check cell
    q5 = sections["ch01.q5"]
    assert q5.answers[-1] == q5.check - 1 and "q5.check" in merged.cells[q5.check].source
    assert sections["ch01.q1"].start > q5.start  # the new order is kept
    assert answers["ch01.q11"] == ["new_answer = ____  # your answer here"]  # new exercise stays blank
    assert "my note on q3" in [merged.cells[i].source for i in sections["ch01.q3"].notes]
    # q2 is gone from the new version: its answer is kept at the end and reported
    assert "ch01.q2" in report.unplaced
    end = "".join(c.source for c in merged.cells[-5:])
    assert "lost_share = (accounts" in end and "scratch = 42" in end
    assert set(report.placed) >= {"ch01.q1", "ch01.q3", "ch01.q5", "ch01.q10"}
    # the backup is the old file, byte for byte
    assert report.backup.read_bytes() == original and ".backup-" in report.backup.name
    ids = [c.get("id") for c in merged.cells]
    assert len(ids) == len(set(ids))
    nbformat.validate(merged)


def test_untouched_exercises_keep_the_new_blank(tmp_path):
    _, blank = copies("en")
    path = tmp_path / "01-prospects.ipynb"
    nbformat.write(blank, path)
    report = update.update_workbook(path, None)  # default: the kit's current copy
    assert report.placed == [] and report.unplaced == []
    assert len(report.kept_blank) == 10


def test_cli_folder_mode_and_errors(old_and_new, tmp_path, capsys):
    old_path, new_path, _ = old_and_new
    assert cli.main(["update-workbook", str(old_path.parent), str(new_path.parent)]) == 0
    out = capsys.readouterr().out
    assert "could not place ch01.q2" in out
    assert cli.main(["update-workbook", str(tmp_path / "nothing.ipynb")]) == 2
    bad = tmp_path / "02-x.ipynb"
    bad.write_text("{not json", encoding="utf-8")
    assert cli.main(["update-workbook", str(bad), str(new_path)]) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert json.loads(old_path.read_text(encoding="utf-8"))["nbformat"] == 4
