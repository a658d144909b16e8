"""Workbooks run as a trainee and a grader would meet them.

- the solution copy (built from the source) passes every check, and its
  self-test cells confirm wrong answers are caught;
- the committed blank copy runs top to bottom and records every exercise as
  not attempted.
"""

from __future__ import annotations

import importlib

import nbformat
import pytest

from course import authoring
from course.exercises import RECORD_MIME

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


@pytest.mark.parametrize("lang", ["zh"])
@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.stem)
def test_blank_copy_runs_clean_and_reports_not_attempted(src, lang):
    path = src.parent.parent / lang / f"{src.stem}.ipynb"
    nb = nbformat.read(path, as_version=4)
    authoring.execute(nb, cwd=path.parent)  # raises on any error output
    records = _records(nb)
    assert {r["exercise"] for r in records} == _exercise_ids(src.stem)
    assert {r["status"] for r in records} == {"not_attempted"}
    message_lang = "zh" if lang == "zh" else "en"
    html = [o["data"]["text/html"] for c in nb.cells for o in c.get("outputs", []) if "text/html" in o.get("data", {})]
    assert any(("尚未作答" if message_lang == "zh" else "Not attempted") in h for h in html)
