"""Hand-made trainee submissions for the grading tests, built from the chapter-01 sources.

They are generated (not committed) so they stay in sync with the workbook:
each one starts from the blank trainee copy and pastes in the solution's
answer cells or a deliberately broken answer. :data:`EXPECTED` says how each
exercise must be graded: ``(status, flag or None)``.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import nbformat

from course import authoring
from course.exercises import RECORD_MIME
from course.grading import structure

CHAPTER = "01"
IDS = [f"ch01.q{k}" for k in range(1, 11)]
LOOP = "while True:\n    pass"
HOG = "chunks = []\nwhile True:\n    chunks.append(bytearray(50_000_000))"
SPAM = 'print("x" * 2_000_000)\n'


def source_path() -> Path:
    return next(p for p in authoring.chapters("workbook") if p.stem.startswith(CHAPTER + "-"))


def copies(lang: str = "en") -> tuple[nbformat.NotebookNode, nbformat.NotebookNode]:
    """(solution copy without self-tests, blank trainee copy) of chapter 01, cell for cell aligned."""
    source = authoring.read_source(source_path())
    solution = authoring.edition(source, lang)
    solution.cells = [c for c in solution.cells if "selftest" not in c.metadata.get("tags", [])]
    blank = authoring.trainee_copy(authoring.edition(source, lang), lang)
    assert [c.cell_type for c in solution.cells] == [c.cell_type for c in blank.cells]
    return solution, blank


def fill(answers: dict[str, str], lang: str = "en") -> nbformat.NotebookNode:
    """A trainee copy with the answer cell of each listed exercise replaced.

    ``"solution"`` pastes the solution's own answer; any other string is used as is.
    """
    solution, blank = copies(lang)
    nb = copy.deepcopy(blank)
    found = structure.exercise_sections(nb, CHAPTER)
    for eid, answer in answers.items():
        index = found[eid].answers[0]
        nb.cells[index].source = solution.cells[index].source if answer == "solution" else answer
    return nb


def _record(eid: str, status: str, answer=None, via: str = "code") -> dict:
    return nbformat.from_dict({"output_type": "display_data", "metadata": {}, "data": {
        "text/plain": f"[{eid}] {status}",
        RECORD_MIME: {"exercise": eid, "status": status, "attempts": 1, "hints_used": 0, "kit_version": "0.1.0",
                      "answer": answer, "via": via, "message": {"en": "", "zh": ""}},
    }})


def _cell_of(nb, eid: str, role: str) -> int:
    section = structure.exercise_sections(nb, CHAPTER)[eid]
    return {"check": section.check, "widget": section.widget}[role]


ALL = dict.fromkeys(IDS, "solution")


def make_submissions(folder: Path) -> dict[str, Path]:
    """Write every submission under ``folder``; returns name -> path."""
    folder = Path(folder)
    out: dict[str, Path] = {}

    def save(name: str, nb, filename: str = "01-prospects.ipynb") -> None:
        path = folder / name / filename if "_01-" not in filename else folder / filename
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, path)
        out[name] = path

    save("ana", fill(ALL))  # all correct
    save("bo", copies("en")[1])  # blank
    save("chen", fill({"ch01.q1": "solution", "ch01.q2": "solution", "ch01.q3": "solution", "ch01.q4": "solution",
                       "ch01.q5": 'countermeasure5 = "pursue"'}, lang="zh"))  # partly done, Chinese edition
    # infinite loop (q1), huge output with a right answer (q3), memory hog (q10)
    faults = dict(ALL)
    faults["ch01.q1"] = LOOP
    faults["ch01.q10"] = HOG
    nb = fill(faults)
    q3 = structure.exercise_sections(nb, CHAPTER)["ch01.q3"].answers[0]
    nb.cells[q3].source = SPAM + nb.cells[q3].source
    save("dev", nb)
    crash = dict(ALL)
    crash["ch01.q2"] = "import os\nos._exit(1)"
    save("eve", fill(crash))
    # edited check (q1), deleted check (q2), forged record (q3), rebinding an exercise (q4)
    nb = fill({"ch01.q1": "desire_no_power = 5", "ch01.q3": 'pursue_ids = ["L0001"]',
               "ch01.q4": "rate_by_code = 0\nq4 = None"})
    nb.cells[_cell_of(nb, "ch01.q1", "check")].source = "q1.check(q1.expected_value())"
    nb.cells[_cell_of(nb, "ch01.q3", "check")].outputs = [_record("ch01.q3", "correct")]
    del nb.cells[_cell_of(nb, "ch01.q2", "check")]
    save("gus", nb)
    # wrong types everywhere typed; q5/q6 answered by clicking (records saved by the widget)
    nb = fill({"ch01.q1": 'desire_no_power = "many"', "ch01.q2": "lost_share = [0.1]", "ch01.q3": "pursue_ids = 42",
               "ch01.q4": 'rate_by_code = "rate"', "ch01.q7": "man_label = 5", "ch01.q10": "best_band = 3"})
    nb.cells[_cell_of(nb, "ch01.q5", "widget")].outputs = [_record("ch01.q5", "correct", "redirect", "widget")]
    nb.cells[_cell_of(nb, "ch01.q6", "widget")].outputs = [_record("ch01.q6", "incorrect", "stop", "widget")]
    save("ivy", nb)
    flat = folder / "jo_01-prospects.ipynb"
    flat.write_text('{"cells": [ {"cell_type": "code", ', encoding="utf-8")  # cut short: not JSON
    out["jo"] = flat
    empty = folder / "kai_01-prospects.ipynb"
    empty.write_bytes(b"")
    out["kai"] = empty
    return out


def _all(status: str, flag: str | None = None) -> dict[str, tuple[str, str | None]]:
    return {eid: (status, flag) for eid in IDS}


EXPECTED: dict[str, dict[str, tuple[str, str | None]]] = {
    "ana": _all("correct"),
    "bo": _all("not_attempted"),
    "chen": {**_all("not_attempted"), **{f"ch01.q{k}": ("correct", None) for k in (1, 2, 3, 4)},
             "ch01.q5": ("incorrect", None)},
    "dev": {**_all("correct"), "ch01.q1": ("error", "timeout"), "ch01.q3": ("correct", "output_truncated"),
            "ch01.q10": ("error", "memory_limit")},
    "eve": {**_all("correct"), "ch01.q2": ("error", "kernel_died")},
    "gus": {**_all("not_attempted"), "ch01.q1": ("incorrect", "check_edited"), "ch01.q2": ("missing", "check_deleted"),
            "ch01.q3": ("incorrect", "possible_tampering"), "ch01.q4": ("incorrect", "suspicious_code")},
    "ivy": {**_all("not_attempted"), **{f"ch01.q{k}": ("incorrect", None) for k in (1, 2, 3, 4, 7, 10)},
            "ch01.q5": ("correct", "widget_answer"), "ch01.q6": ("incorrect", None)},
    "jo": _all("missing", "invalid_json"),
    "kai": _all("missing", "empty_file"),
}

OUTCOMES = {"ana": "graded", "bo": "graded", "chen": "graded", "dev": "graded_with_faults",
            "eve": "graded_with_faults", "gus": "graded_with_faults", "ivy": "graded",
            "jo": "invalid_json", "kai": "empty_file"}

__all__ = ["EXPECTED", "OUTCOMES", "copies", "fill", "make_submissions", "json"]
