"""Grading throughput: N chapter-01 workbooks, in parallel vs one at a time, with the per-notebook floor.

    COURSE_PROGRESS_DB=off .venv/bin/python benchmarks/bench_grading.py [--n 30] [--workers 2]

The floor is what a fresh kernel costs whatever the notebook holds: start,
one trivial cell, immediate shutdown (median of 5), measured in the same run.
The workbooks are a mix of all-correct, half-done and blank copies built from
the chapter-01 source. Prints a small table; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from course import authoring
from course.grading import engine, grader, structure


def workbooks(folder: Path, n: int) -> None:
    src = next(p for p in authoring.chapters("workbook") if p.stem.startswith("01-"))
    source = authoring.read_source(src)
    solution = authoring.edition(source, "en")
    solution.cells = [c for c in solution.cells if "selftest" not in c.metadata.get("tags", [])]
    blank = authoring.trainee_copy(authoring.edition(source, "en"), "en")
    sections = structure.exercise_sections(blank, "01")
    for k in range(n):
        nb = copy.deepcopy(blank)
        done = list(sections)[: (10, 5, 0)[k % 3]]
        for eid in done:
            for i in sections[eid].answers:
                nb.cells[i].source = solution.cells[i].source
        target = folder / f"trainee{k:02d}" / f"{src.stem}.ipynb"
        target.parent.mkdir(parents=True)
        nbformat.write(nb, target)


def floor(repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
        started = time.perf_counter()
        engine.run(nb, Path(tempfile.gettempdir()), engine.Limits())
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    os.environ["COURSE_PROGRESS_DB"] = "off"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        workbooks(folder, args.n)
        tasks = grader.make_tasks(grader.discover(folder))
        per_floor = floor()
        rows = []
        for workers in (1, args.workers):
            started = time.perf_counter()
            grades = grader.grade_many(tasks, workers=workers, progress=False)
            wall = time.perf_counter() - started
            assert len(grades) == args.n and all(g.outcome == "graded" for g in grades), [g.reasons for g in grades]
            rows.append((workers, wall, wall / args.n, statistics.median(g.seconds for g in grades)))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"grading {args.n} chapter-01 workbooks on {os.cpu_count()} CPUs (load average {load:.1f}), Python {sys.version.split()[0]}")
    print(f"per-notebook floor (kernel start + 1 trivial cell + shutdown, median of 5): {per_floor:.2f} s")
    print(f"{'workers':>7} {'wall s':>8} {'s/notebook':>11} {'median notebook s':>18} {'speed-up':>9}")
    for workers, wall, per, median in rows:
        print(f"{workers:>7} {wall:>8.1f} {per:>11.2f} {median:>18.2f} {rows[0][1] / wall:>9.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
