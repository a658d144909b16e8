"""Grading throughput: N chapter-01 workbooks with the sandbox, without it, and the per-notebook floor, in one run.

    COURSE_PROGRESS_DB=off .venv/bin/python benchmarks/bench_grading.py [--n 30] [--workers 2]

The floor is what a fresh kernel costs whatever the notebook holds: start,
one trivial cell, immediate shutdown (median of 5), measured with and without
the sandbox in the same run -- their difference is the sandbox's own cost per
kernel (bubblewrap, cgroups, ipc sockets). The workbooks are a mix of
all-correct, half-done and blank copies built from the chapter-01 source;
each is graded as ``python -m course grade`` does (answers handed in as plain
data, judged outside the kernel). Prints a small table; asserts nothing about time.
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
from course.grading import engine, grader, sandbox, structure


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


def floors(modes: list[bool], repeats: int = 5) -> dict[bool, float]:
    """Median seconds of a kernel start + one trivial cell + shutdown, per mode (runs interleaved)."""
    times: dict[bool, list[float]] = {mode: [] for mode in modes}
    contexts = {mode: grader.Context(["01"], sandboxed=mode) for mode in modes}
    try:
        for _ in range(repeats):
            for mode in modes:
                context = contexts[mode]
                nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
                started = time.perf_counter()
                with tempfile.TemporaryDirectory() as tmp:
                    engine.run(
                        nb,
                        Path(tmp),
                        engine.Limits(),
                        sandbox=context.sandboxing(engine.Limits()),
                        env=context.kernel_env(),
                    )
                times[mode].append(time.perf_counter() - started)
    finally:
        for context in contexts.values():
            context.close()
    return {mode: statistics.median(values) for mode, values in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--rounds", type=int, default=2, help="batches per mode, run A B B A … (medians)"
    )
    args = parser.parse_args(argv)
    os.environ["COURSE_PROGRESS_DB"] = "off"
    ok, detail = sandbox.status()
    if not ok:
        print(f"the sandbox is not available ({detail}): only the unsandboxed figures are measured")
    modes = [True, False] if ok else [False]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        workbooks(folder, args.n)
        tasks = grader.make_tasks(grader.discover(folder))
        floor = floors(modes)
        walls: dict[bool, list[float]] = {mode: [] for mode in modes}
        medians: dict[bool, list[float]] = {mode: [] for mode in modes}
        order = [m for r in range(args.rounds) for m in (modes if r % 2 == 0 else modes[::-1])]
        for mode in order:
            started = time.perf_counter()
            grades = grader.grade_many(tasks, workers=args.workers, progress=False, sandbox=mode)
            walls[mode].append(time.perf_counter() - started)
            assert len(grades) == args.n and all(g.outcome == "graded" for g in grades), [
                g.reasons for g in grades
            ]
            assert all(g.sandboxed == mode for g in grades)
            medians[mode].append(statistics.median(g.seconds for g in grades))
        for mode in modes:
            wall = statistics.median(walls[mode])
            rows.append((mode, wall, wall / args.n, statistics.median(medians[mode])))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"grading {args.n} chapter-01 workbooks with {args.workers} at once on {os.cpu_count()} CPUs, "
        f"{args.rounds} batch(es) per mode, medians "
        f"(load average {load:.1f}), Python {sys.version.split()[0]}, sandbox: {detail if ok else 'unavailable'}"
    )
    for mode in modes:
        print(
            f"per-notebook floor {'with' if mode else 'without':<7} the sandbox (kernel start + 1 trivial cell + "
            f"shutdown, median of 5): {floor[mode]:.2f} s"
        )
    if len(modes) == 2:
        print(f"the sandbox's own cost per kernel: {floor[True] - floor[False]:+.2f} s")
    print(
        f"{'sandbox':>8} {'wall s':>8} {'s/notebook':>11} {'median notebook s':>18} {'x floor':>8}"
    )
    for mode, wall, per, median in rows:
        print(
            f"{'on' if mode else 'off':>8} {wall:>8.1f} {per:>11.2f} {median:>18.2f} {median / floor[mode]:>8.2f}"
        )
    if len(rows) == 2:
        print(f"sandbox overhead on the whole batch: {rows[0][1] / rows[1][1] - 1:+.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
