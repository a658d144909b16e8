"""Workbooks run as a trainee and a grader would meet them.

- the solution copy (built from the source) passes every check, and its
  self-test cells confirm wrong answers are caught;
- the committed blank copy runs top to bottom and records every exercise as
  not attempted: checked in the workbooks' nbval run of ``make test`` (the root
  ``conftest.py``, ``tests/workbook_records.py``); here, that the check bites.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest
import workbook_records

from course import authoring
from course.exercises import RECORD_MIME

ROOT = Path(__file__).resolve().parents[1]

SOURCES = authoring.chapters("workbook")


def _records(nb) -> list[dict]:
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            record = output.get("data", {}).get(RECORD_MIME)
            if record:
                found.append(record)
    return found


def _exercise_ids(stem: str) -> set[str]:
    module = importlib.import_module(f"course.exercises.ch{stem[:2]}")
    return {q.id for q in module.EXERCISES}


# Each kernel run costs seconds on two cores, so each copy runs in one language here: both
# editions share their code (test_authoring), and `make test` also runs every blank
# workbook in both languages under --nbval-lax.
@pytest.mark.parametrize("lang", ["en"])
@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.stem)
def test_solution_copy_passes_every_check(src, lang):
    nb = authoring.edition(authoring.read_source(src), lang)
    authoring.execute(nb, cwd=src.parent.parent / lang)
    records = _records(nb)
    best: dict[str, str] = {}
    for record in records:
        if record["status"] == "correct" or record["exercise"] not in best:
            best[record["exercise"]] = record["status"]
    assert set(best) == _exercise_ids(src.stem)
    wrong = {k: v for k, v in best.items() if v != "correct"}
    assert not wrong, f"solution copy not correct on {wrong}: " + str(
        [r["message"] for r in records if r["exercise"] in wrong]
    )
    assert any("selftest" in c.metadata.get("tags", []) for c in nb.cells)
    # a check shows its result once, even though it both displays and returns it
    for cell in nb.cells:
        if cell.cell_type == "code" and ".check(" in cell.source and "selftest" not in cell.metadata.get("tags", []):
            shown = [o for o in cell.outputs if RECORD_MIME in o.get("data", {})]
            assert len(shown) == 1, cell.source


# The committed blank copies run in `make test` under `--nbval-lax workbook/en workbook/zh` (both languages, no
# cell may fail), and in that same kernel run the root conftest.py checks what they display: every exercise of the
# chapter, each "not attempted", in the workbook's language (tests/workbook_records.py). Below: that check catches
# what it should, and the workbooks' nbval run gets it.
def _shown(stem: str, lang: str, statuses: dict[str, str] | None = None, extra: tuple[str, ...] = ()) -> list[dict]:
    statuses = statuses or {}
    outputs = []
    for eid in sorted(workbook_records.exercise_ids(stem)) + list(extra):
        status = statuses.get(eid, "not_attempted")
        outputs.append({"output_type": "display_data", "data": {
            RECORD_MIME: {"exercise": eid, "status": status},
            "text/html": f"<div>{workbook_records.NOT_ATTEMPTED[lang] if status == 'not_attempted' else status}</div>",
        }})
    return outputs


def test_blank_records_check_passes_an_honest_blank_workbook():
    for lang in ("en", "zh"):
        assert workbook_records.problems("01-prospects", lang, _shown("01-prospects", lang)) == []


def test_blank_records_check_catches_what_a_trainee_should_not_see():
    stem, ids = "03-types", sorted(workbook_records.exercise_ids("03-types"))
    graded = workbook_records.problems(stem, "en", _shown(stem, "en", {ids[0]: "correct"}))
    assert graded and ids[0] in graded[0] and "correct" in graded[0]
    wrong = workbook_records.problems(stem, "en", _shown(stem, "en", {ids[-1]: "incorrect"}))
    assert wrong and "incorrect" in wrong[0]
    missing = workbook_records.problems(stem, "en", [o for o in _shown(stem, "en") if o["data"][RECORD_MIME]["exercise"] != ids[1]])
    assert missing == [f"no check reported {ids[1]}"]
    foreign = workbook_records.problems(stem, "en", _shown(stem, "en", extra=("ch04.q1",)))
    assert foreign and "ch04.q1" in foreign[0]
    # a Chinese workbook whose feedback came out in English
    english = workbook_records.problems(stem, "zh", _shown(stem, "en"))
    assert english and "尚未作答" in english[0]
    assert workbook_records.problems(stem, "en", []) == [f"no check reported {', '.join(ids)}"]


def test_the_workbooks_nbval_run_checks_the_records_of_each_blank_workbook():
    """What `make test` collects from workbook/: every cell, then one records item per blank workbook (no kernel)."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q", "--nbval-lax",
         "--nbval-current-env", "workbook/en", "workbook/zh"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    items = [line for line in done.stdout.splitlines() if "::" in line]
    records = [line for line in items if line.endswith("::records")]
    assert sorted(records) == sorted(
        f"workbook/{lang}/{src.stem}.ipynb::records" for lang in ("en", "zh") for src in SOURCES
    )
    for record in records:  # right after the last cell of its own notebook
        before = items[items.index(record) - 1]
        assert before.startswith(record.removesuffix("::records") + "::Cell"), before
