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


def _sources(nb) -> list[str]:
    return [c.source for c in nb.cells]


def test_later_runs_keep_what_earlier_runs_carried_over_without_repeating_headings(old_and_new):
    old_path, new_path, _ = old_and_new
    update.update_workbook(old_path, new_path)
    first = nbformat.read(old_path, as_version=4)
    for _ in range(2):
        report = update.update_workbook(old_path, new_path)
        again = nbformat.read(old_path, as_version=4)
        assert "ch01.q2" in report.unplaced
        assert sum("lost_share = (accounts" in s for s in _sources(again)) == 1
        assert sum("scratch = 42" in s for s in _sources(again)) == 1
        assert sum(s.startswith("## Answers carried over") for s in _sources(again)) == 1
        assert _sources(again) == _sources(first)
    # a newer version that has q2 again puts the carried answer back into it
    _, blank = copies("en")
    update.update_workbook(old_path, None)
    back = nbformat.read(old_path, as_version=4)
    q2 = structure.exercise_sections(back, "01")["ch01.q2"]
    assert any("lost_share = (accounts" in back.cells[i].source for i in q2.answers)
    assert sum("lost_share = (accounts" in s for s in _sources(back)) == 1
    assert sum("scratch = 42" in s for s in _sources(back)) == 1


def test_a_section_left_by_the_previous_kit_is_understood(tmp_path):
    from course import i18n

    nb = fill({"ch01.q1": "solution"})
    legacy = [nbformat.v4.new_markdown_cell(i18n.t("grading.update.leftovers", lang="en")),
              nbformat.v4.new_markdown_cell("### ch01.q12"), nbformat.v4.new_code_cell("old_answer = 12"),
              nbformat.v4.new_markdown_cell("### (cells added outside the exercises)"),
              nbformat.v4.new_code_cell("mine = 1")]
    nb.cells += legacy
    path = tmp_path / "01-prospects.ipynb"
    nbformat.write(nb, path)
    report = update.update_workbook(path, None)
    merged = nbformat.read(path, as_version=4)
    assert "ch01.q12" in report.unplaced
    assert sum(s.startswith("## Answers carried over") for s in _sources(merged)) == 1
    assert _sources(merged).count("old_answer = 12") == 1 and _sources(merged).count("mine = 1") == 1
    assert "### (cells added outside the exercises)" not in _sources(merged)


def test_nothing_a_trainee_wrote_is_lost_whatever_they_did_to_the_layout(tmp_path):
    nb = fill(ALL)
    sections = structure.exercise_sections(nb, "01")
    mine = []
    for k, eid in enumerate(["ch01.q1", "ch01.q4", "ch01.q9"]):
        cell = nbformat.v4.new_code_cell(f"my_try_{k} = {k}")
        mine.append(cell.source)
        nb.cells.insert(sections[eid].check, cell)
    nb.cells.insert(2, nbformat.v4.new_markdown_cell("a note before the exercises"))
    mine.append("a note before the exercises")
    sections = structure.exercise_sections(nb, "01")
    for eid in ("ch01.q3", "ch01.q4"):  # headings deleted: sections run together
        nb.cells[sections[eid].start].source = "Some text without a heading"
    del nb.cells[structure.exercise_sections(nb, "01")["ch01.q5"].check]  # a check cell deleted
    answers = [c.source for c in fill(ALL).cells if c.source not in {b.source for b in copies("en")[1].cells}]
    path = tmp_path / "01-prospects.ipynb"
    nbformat.write(nb, path)
    for template in (None, None):
        update.update_workbook(path, template)
        merged = _sources(nbformat.read(path, as_version=4))
        for source in mine + answers:
            assert source in merged, source


def test_a_symlink_updates_its_target_and_permissions_are_kept(old_and_new, tmp_path):
    import os
    import stat

    old_path, new_path, _ = old_and_new
    real = tmp_path / "store" / "01-prospects.ipynb"
    real.parent.mkdir()
    old_path.rename(real)
    os.chmod(real, 0o640)
    link = tmp_path / "desk" / "01-prospects.ipynb"
    link.parent.mkdir()
    link.symlink_to(real)
    report = update.update_workbook(link, new_path)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert "lost_share = (accounts" in real.read_text(encoding="utf-8")
    assert report.backup.parent == real.parent and report.backup.is_file()


def test_a_read_only_file_is_refused_and_left_untouched(old_and_new, tmp_path, capsys):
    import os

    old_path, new_path, _ = old_and_new
    os.chmod(old_path, 0o444)
    before = old_path.read_bytes()
    with pytest.raises(ValueError, match="read-only"):
        update.update_workbook(old_path, new_path)
    assert cli.main(["update-workbook", str(old_path), str(new_path)]) == 2
    assert "chmod u+w" in capsys.readouterr().err
    assert old_path.read_bytes() == before and os.stat(old_path).st_mode & 0o777 == 0o444
    assert not list(old_path.parent.glob("*.backup-*"))


def test_two_runs_in_the_same_second_keep_both_backups(old_and_new):
    from datetime import datetime

    old_path, new_path, _ = old_and_new
    original = old_path.read_bytes()
    moment = datetime(2025, 7, 1, 9, 30, 0)
    first = update.update_workbook(old_path, new_path, now=moment)
    second = update.update_workbook(old_path, new_path, now=moment)
    assert first.backup != second.backup and first.backup.read_bytes() == original and second.backup.is_file()
