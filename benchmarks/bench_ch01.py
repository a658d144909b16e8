"""Chapter 1 benchmarks: figures, each with a baseline measured in the same run.

Run with ``make bench`` (or ``python benchmarks/bench_ch01.py [--rows N] [--repeat K]``).
Prints a table; asserts nothing about time (tests never do).

1. ``import course`` in a fresh interpreter vs. ``import pandas`` alone;
2. MAN-classifying N generated leads with :func:`course.prospects.man_classify`
   (and the bare codes with :func:`~course.prospects.man_codes`) vs. a bare
   numpy baseline that builds the same codes from three boolean arrays;
3. executing the Chapter 1 notebook vs. an empty notebook (kernel start-up only).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_import(repeat: int) -> tuple[float, float]:
    def run(code: str) -> float:
        return _best(lambda: subprocess.run([sys.executable, "-c", code], check=True), repeat)

    return run("import course, course.prospects, course.exercises.ch01"), run("import pandas")


def numpy_codes(money: np.ndarray, authority: np.ndarray, need: np.ndarray) -> np.ndarray:
    """Baseline: the eight codes via a lookup on a 3-bit index."""
    table = np.array(["man", "maN", "mAn", "mAN", "Man", "MaN", "MAn", "MAN"])
    return table[(money.astype(np.int8) << 2) | (authority.astype(np.int8) << 1) | need.astype(np.int8)]


def bench_man(rows: int, repeat: int) -> dict[str, float]:
    from course import datagen, prospects

    print(f"generating {rows:,} leads …", flush=True)
    start = time.perf_counter()
    leads = datagen.big_leads(rows, seed=0)
    generate = time.perf_counter() - start
    arrays = [leads[c].to_numpy(dtype=bool) for c in ("money", "authority", "need")]
    baseline = _best(lambda: numpy_codes(*arrays), repeat)
    codes = _best(lambda: prospects.man_codes(leads), repeat)
    classify = _best(lambda: prospects.man_classify(leads), repeat)
    same = (prospects.man_codes(leads).to_numpy() == numpy_codes(*arrays)).all()
    if not same:
        raise SystemExit("man_codes disagrees with the numpy baseline")
    return {"generate": generate, "numpy": baseline, "man_codes": codes, "man_classify": classify}


def bench_notebook(repeat: int) -> tuple[float, float]:
    import nbformat

    from course import authoring

    source = authoring.read_source(ROOT / "notebooks" / "src" / "01-prospects.py")

    def run_chapter():
        authoring.execute(authoring.edition(source, "en"), cwd=ROOT / "notebooks" / "en")

    def run_empty():
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell("1")]
        authoring.execute(nb, cwd=ROOT)

    return _best(run_chapter, repeat), _best(run_empty, repeat)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-notebook", action="store_true")
    args = parser.parse_args()

    rows = []
    imp, pandas_only = bench_import(args.repeat)
    rows.append(("import course (+prospects, exercises)", imp, "import pandas", pandas_only))
    man = bench_man(args.rows, args.repeat)
    rows.append((f"man_codes, {args.rows:,} leads", man["man_codes"], "numpy 3-bit lookup", man["numpy"]))
    rows.append((f"man_classify, {args.rows:,} leads", man["man_classify"], "numpy 3-bit lookup", man["numpy"]))
    if not args.skip_notebook:
        chapter, empty = bench_notebook(max(1, args.repeat - 1))
        rows.append(("execute 01-prospects (en)", chapter, "empty notebook (kernel start)", empty))

    print(f"\nbest of {args.repeat} runs on {sys.platform}, Python {sys.version.split()[0]}")
    print(f"{'measure':42} {'seconds':>9}   {'baseline':32} {'seconds':>9} {'ratio':>7}")
    for name, value, base_name, base in rows:
        print(f"{name:42} {value:9.3f}   {base_name:32} {base:9.3f} {value / base:7.1f}x")
    print(f"(generating the leads took {man['generate']:.2f} s; per-lead classify cost "
          f"{statistics.fmean([man['man_classify']]) / args.rows * 1e9:.0f} ns)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
