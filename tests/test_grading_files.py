"""What the grader reads from a submissions folder: only a trainee's own regular files.

A red-team audit found that a link in one trainee's folder was followed: to a classmate's notebook (the same grade,
unflagged), to ``/dev/zero`` (the grader ran out of memory before grading anyone) — and a named pipe blocked the
whole batch for ever. Each now gets a reason of its own while the rest of the class is graded.
"""

from __future__ import annotations

import os
import threading

import pytest
from grading_fixtures import fill

from course.grading import grader


def _tasks_within(folder, seconds: float = 60):
    """``make_tasks`` in a thread with a time limit: a regression (a pipe read) fails the test, not the suite."""
    done: dict = {}
    worker = threading.Thread(target=lambda: done.update(tasks=grader.make_tasks(grader.discover(folder))), daemon=True)
    worker.start()
    worker.join(seconds)
    assert "tasks" in done, f"reading the submissions did not finish in {seconds} s (a pipe or a device was read)"
    return {task.trainee: task for task in done["tasks"]}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and /dev/zero are Unix things")
def test_links_pipes_and_devices_get_a_reason_and_the_class_is_graded(tmp_path):
    import nbformat

    (tmp_path / "ana").mkdir()
    honest = tmp_path / "ana" / "01-prospects.ipynb"
    nbformat.write(fill({"ch01.q1": "desire_no_power = 1"}), honest)
    for name in ("copycat", "mallory", "eve"):
        (tmp_path / name).mkdir()
    (tmp_path / "copycat" / "01-prospects.ipynb").symlink_to(os.path.relpath(honest, tmp_path / "copycat"))
    (tmp_path / "mallory" / "01-prospects.ipynb").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "eve" / "01-prospects.ipynb")
    tasks = _tasks_within(tmp_path)
    assert tasks["ana"].read_error == "" and tasks["ana"].data == honest.read_bytes()
    for name in ("copycat", "mallory"):
        assert tasks[name].data == b"" and "is a link to" in tasks[name].read_error, tasks[name].read_error
        assert "hand in the notebook itself" in tasks[name].read_error
    assert tasks["eve"].data == b"" and "not a regular file" in tasks["eve"].read_error
    copied = grader._safe_grade(tasks["copycat"], None)
    assert copied.outcome == "unreadable_file" and all(e.status == "missing" for e in copied.exercises)
    assert copied.sha256 != tasks["ana"].sha256  # the classmate's file was not read as the copycat's


def test_a_file_that_grows_past_the_limit_while_read_is_cut_there(tmp_path, monkeypatch):
    monkeypatch.setattr(grader, "MAX_SUBMISSION_BYTES", 1000)
    (tmp_path / "t").mkdir()
    path = tmp_path / "t" / "01-prospects.ipynb"
    path.write_bytes(b"{}")
    real_fstat = os.fstat

    def grown(fd):  # the size seen before reading says 2 bytes; by the read there are 5,000
        info = real_fstat(fd)
        path.write_bytes(b"{" + b" " * 5000 + b"}")
        return info

    monkeypatch.setattr(grader.os, "fstat", grown)
    data, _, problem = grader._read(path)
    assert data == b"" and "grew past" in problem


def test_a_click_counts_only_where_the_template_has_a_widget_and_nothing_was_typed():
    import copy

    import nbformat
    from grading_fixtures import _record

    from course.exercises import ch01, ch07
    from course.grading import judge, structure
    from course.grading.results import ExerciseGrade

    ref = structure.reference("07")
    assert "ch07.q1" not in ref.widgets and "ch07.q10" in ref.widgets
    _, template = structure.template("07")
    nb = copy.deepcopy(template)
    check = structure.exercise_sections(nb, "07", checks=ref.checks)["ch07.q1"].check
    added = nbformat.v4.new_code_cell("q1.widget()")  # a widget cell the template does not have
    added.outputs = [_record("ch07.q1", "incorrect", list(ch07.q1.answers), "widget")]
    nb.cells.insert(check + 1, added)
    _, _, clicked = judge.stored_records(nb, ref)
    assert "ch07.q1" not in clicked  # was: judged, and correct

    typed = ExerciseGrade(exercise="ch01.q5", status="incorrect", answer="pursue")
    judge._clicked(typed, ch01.q5, ["redirect"])
    assert typed.status == "incorrect" and typed.answer == "pursue"  # was: correct, from the click
    blank = ExerciseGrade(exercise="ch01.q5", status="not_attempted")
    judge._clicked(blank, ch01.q5, ["redirect"])
    assert blank.status == "correct" and "widget_answer" in blank.flags  # nothing typed: the click is the answer


@pytest.mark.parametrize(("content", "outcome", "says"), [
    ("[" * 5000 + "]" * 5000, "invalid_json", "not valid JSON"),
    ('{"cells": [{"cell_type": "code", "source": "x = 1", "metadata": "oops", "outputs": []}], "metadata": {}}',
     "invalid_notebook", "metadata is not a mapping"),
    ('{"cells": [{"cell_type": "code", "source": 12345, "metadata": {}, "outputs": []}], "metadata": {}}',
     "invalid_notebook", "source is not text"),
    ('{"cells": [], "metadata": null, "nbformat": 4, "nbformat_minor": 5}', "invalid_notebook", "metadata"),
], ids=["deep", "cell-metadata", "source-number", "metadata-null"])
def test_malformed_notebooks_get_a_reason_not_a_traceback(tmp_path, content, outcome, says):
    """Each ended in grader_error with a Python traceback (red-team audit); the last ran whole, then lost its grade."""
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "01-prospects.ipynb").write_text(content, encoding="utf-8")
    [task] = grader.make_tasks(grader.discover(tmp_path))
    grade = grader._safe_grade(task, None)
    assert grade.outcome == outcome, (grade.outcome, grade.reasons)
    assert says in " ".join(grade.reasons) and "Traceback" not in " ".join(grade.reasons)


@pytest.mark.parametrize("zone", ["dateutil//etc/passwd", "dateutil//dev/zero", "../../etc/hosts", 5])
def test_a_handed_in_time_zone_never_names_a_file_on_the_grader(zone):
    """pandas reads 'dateutil//<path>' as a zone file: a kernel could make the grader open any file (audit)."""
    import pandas as pd

    from course.exercises import plain

    with pytest.raises(plain.BadPlain, match="time zone"):
        plain._time_zone(zone)
    handed_in = plain.to_plain(pd.Timestamp("2026-01-05 09:30", tz="Asia/Shanghai"))
    assert plain.from_plain(handed_in) == pd.Timestamp("2026-01-05 09:30", tz="Asia/Shanghai")  # a real zone reads
    with pytest.raises(plain.BadPlain, match="time zone"):
        plain.from_plain({**handed_in, "tz": zone})
    assert plain._time_zone("Asia/Shanghai") == "Asia/Shanghai" and plain._time_zone("UTC+08:00") == "UTC+08:00"


def test_every_fault_the_grader_can_record_has_words_in_both_languages():
    """invalid_json, empty_file and invalid_notebook showed as "another grading fault" on the trainee's page (audit)."""
    import re
    from pathlib import Path

    from course import i18n

    source = "\n".join(p.read_text(encoding="utf-8") for p in (Path(grader.__file__).parent).glob("*.py"))
    codes = set(re.findall(r'\.flag\(\s*"([a-z_]+)"', source))
    codes |= set(re.findall(r'return None, \("([a-z_]+)"', source))  # judge._parse's reasons
    codes |= set(re.findall(r'unreadable\(\s*task,\s*"([a-z_]+)"', source))
    assert {"invalid_json", "empty_file", "invalid_notebook", "hints_unknown", "unknown_chapter"} <= codes
    messages = i18n.messages()
    missing = sorted(c for c in codes if f"report.class.fault.{c}" not in messages)
    assert missing == [], missing
