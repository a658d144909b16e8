"""Prospect report benchmark: the bundled data, 100k and 1M transactions, each against plain Python.

Run with ``python benchmarks/bench_report.py [--sizes 100000,1000000] [--keep DIR]``.
Prints a table; asserts nothing about time (tests never do).

Datasets
    ``bundled``
        The kit's bundled data, read the way ``python -m course report`` reads
        it by default (``--data default``).
    ``100k`` / ``1M``
        A folder of CSV files, read as ``--data FOLDER``. ``b2c_transactions``
        and ``b2b_orders`` are each brought to the target row count: the
        bundled rows are kept as they are (so tickets, contacts … still point
        at real ids) and rows drawn with replacement (numpy, seed 0) are
        appended under new ids (``X…`` / ``O…``); every appended transaction
        brings a copy of its ``b2c_basket_items`` under the new id (≈2.85
        items per basket). The customer base (accounts, members, leads …) is
        the bundled one, so what grows is the transactions only.
        ``course.datagen.generate(scale=…)`` is fast enough (≈2 s at scale 5)
        but grows every table together and reaches only ≈0.45 orders per
        transaction, so it does not isolate the transaction count. Building
        and writing the files is timed and printed apart: it is not part of
        the report.

Phases, per dataset (one run each, to spare shared CPUs)
    ``read``
        What the CLI does before it starts a kernel:
        :func:`course.reports.prospect.load_inputs`, ``select``,
        ``sections_ready`` and pickling the inputs for the kernel.
    ``kernel``
        A notebook holding only the template's ``parameters`` cell, run through
        the same :func:`course.reports.runner.run_report` (papermill) with the
        same parameters: kernel start-up, parameter injection, shutdown.
    ``compute``
        Executing ``prospect_report.ipynb`` minus ``kernel``.
    ``export``
        nbconvert to self-contained HTML and the atomic write.
    ``plain``
        The baseline: the template's own code cells executed in this process
        by ``exec`` — the same calls to the chapters' functions, the same
        pickled inputs — with ``display`` replaced by a sink that renders each
        figure to PNG (as the kernel's formatter does) and drops the rest.
        No kernel, no papermill, no notebook, no HTML page.

The split uses the ``progress`` callback of ``run_report`` ("running …",
"exporting HTML", "writing …") as timestamps, so the runner needs no hooks.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import pickle
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"
PARAMS = {"data": "", "columns": "", "inputs_path": "", "period": "", "product": "", "region": "", "as_of": "",
          "top": 10, "show_contacts": False, "budget": 20000.0, "cost_per_contact": 400.0}


# --------------------------------------------------------------------------- data
def _grow(frame: pd.DataFrame, n: int, id_col: str, prefix: str, rng: np.random.Generator) -> tuple[pd.DataFrame, np.ndarray]:
    """``frame`` plus rows drawn with replacement up to ``n`` rows under new ids; also the drawn positions."""
    extra = max(0, n - len(frame))
    picks = rng.integers(0, len(frame), extra)
    added = frame.iloc[picks].copy()
    width = max(7, len(str(n)) + 1)
    added[id_col] = [f"{prefix}{i:0{width}d}" for i in range(len(frame) + 1, len(frame) + extra + 1)]
    return pd.concat([frame, added], ignore_index=True), picks


def build_folder(n: int, folder: Path, seed: int = 0) -> dict[str, int]:
    """Write the kit's tables to ``folder`` with ``n`` B2C transactions and ``n`` B2B orders; row counts."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    read = lambda name: pd.read_csv(DATASETS / f"{name}.csv", dtype=str, keep_default_na=False)  # noqa: E731
    txn = read("b2c_transactions")
    items = read("b2c_basket_items")
    orders = read("b2b_orders")
    new_txn, picks = _grow(txn, n, "txn_id", "X", rng)
    # the basket items of each drawn transaction, copied under its new id
    pos = pd.Index(txn["txn_id"]).get_indexer(items["txn_id"])
    order = np.argsort(pos, kind="stable")
    items_sorted = items.iloc[order].reset_index(drop=True)
    counts = np.bincount(pos, minlength=len(txn))
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    per = counts[picks]
    total = int(per.sum())
    first = np.repeat(starts[picks], per)
    within = np.arange(total) - np.repeat(np.cumsum(per) - per, per)
    added_items = items_sorted.iloc[first + within].copy()
    added_items["txn_id"] = np.repeat(new_txn["txn_id"].to_numpy()[len(txn):], per)
    new_items = pd.concat([items, added_items], ignore_index=True)
    new_orders, _ = _grow(orders, n, "order_id", "O", rng)
    written = {"b2c_transactions": new_txn, "b2c_basket_items": new_items, "b2b_orders": new_orders}
    for name, frame in written.items():
        frame.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    for path in DATASETS.glob("*.csv"):
        if path.stem not in written:
            shutil.copy(path, folder / path.name)
    return {name: len(frame) for name, frame in written.items()}


# --------------------------------------------------------------------------- report phases
def read_inputs(data: str, pickled: Path) -> tuple[float, dict[str, int]]:
    """The CLI's steps before the kernel; seconds and the transaction tables' row counts."""
    from course.reports import prospect

    start = time.perf_counter()
    inputs = prospect.load_inputs(data)
    sel = prospect.select(inputs)
    prospect.sections_ready(sel.tables)
    with open(pickled, "wb") as handle:
        pickle.dump(inputs, handle, protocol=pickle.HIGHEST_PROTOCOL)
    rows = {n: len(inputs.tables[n]) for n in ("b2c_transactions", "b2c_basket_items", "b2b_orders") if n in inputs.tables}
    return time.perf_counter() - start, rows


def timed_report(template: Path, params: dict, out: Path) -> dict[str, float]:
    """Run one template through ``run_report``; seconds for execute and export (+ write)."""
    from course.reports.runner import run_report

    marks: dict[str, float] = {}

    def mark(step: str) -> None:
        marks[step.split()[0]] = time.perf_counter()

    start = time.perf_counter()
    run_report(template, params, out, "en", progress=mark)
    end = time.perf_counter()
    return {"execute": marks["exporting"] - marks["running"], "export": end - marks["exporting"], "total": end - start}


def empty_template(folder: Path) -> Path:
    """The prospect template's ``parameters`` cell alone."""
    import nbformat

    from course.reports.runner import template_path

    nb = nbformat.read(template_path("prospect_report.ipynb"), as_version=4)
    nb.cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    path = folder / "empty_report.ipynb"
    nbformat.write(nb, path)
    return path


class _Sink:
    """``display`` for plain Python: figures rendered to PNG (as the kernel would), the rest dropped."""

    def __call__(self, *objs, **kwargs) -> None:
        from matplotlib.figure import Figure

        for obj in objs:
            if isinstance(obj, Figure):
                obj.savefig(io.BytesIO(), format="png", bbox_inches="tight")


def plain_python(params: dict) -> tuple[float, list[tuple[str, float]]]:
    """The template's code cells run here with ``exec``; seconds in all and per cell."""
    import IPython.display
    import matplotlib
    import nbformat

    from course.reports.runner import template_path

    matplotlib.use("Agg")
    nb = nbformat.read(template_path("prospect_report.ipynb"), as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code" and "parameters" not in c.get("metadata", {}).get("tags", [])]
    namespace: dict = {**params, "lang": "en", "__name__": "__report__"}
    saved = IPython.display.display
    IPython.display.display = _Sink()
    per_cell = []
    try:
        start = time.perf_counter()
        for cell in cells:
            t0 = time.perf_counter()
            exec(compile(cell.source, "<report cell>", "exec"), namespace)  # noqa: S102 - the kit's own template
            first = next((line for line in cell.source.splitlines() if line.startswith("with P.section(")), "setup")
            per_cell.append((f"{len(per_cell) + 1}:" + (first.split('"')[1] if '"' in first else first), time.perf_counter() - t0))
        total = time.perf_counter() - start
    finally:
        IPython.display.display = saved
        import matplotlib.pyplot as plt

        plt.close("all")
    return total, per_cell


def bench(label: str, data: str, work: Path, empty: Path) -> dict:
    from course.reports.runner import template_path

    pickled = work / f"{label}.pickle"
    read, rows = read_inputs(data, pickled)
    params = {**PARAMS, "data": data, "inputs_path": str(pickled)}
    print(f"[{label}] read {read:.2f} s; running the empty notebook …", flush=True)
    kernel = timed_report(empty, params, work / f"{label}-empty.html")
    print(f"[{label}] kernel {kernel['execute']:.2f} s; running the report …", flush=True)
    report = timed_report(template_path("prospect_report.ipynb"), params, work / f"{label}.html")
    print(f"[{label}] report {report['total']:.2f} s; plain Python …", flush=True)
    plain, per_cell = plain_python(params)
    size = (work / f"{label}.html").stat().st_size
    return {"label": label, "rows": rows, "read": read, "kernel": kernel["execute"],
            "compute": report["execute"] - kernel["execute"], "export": report["export"],
            "total": read + report["total"], "plain": plain, "per_cell": per_cell, "html_mb": size / 1e6}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="transaction counts to generate (comma separated)")
    parser.add_argument("--keep", help="write the generated folders and reports here instead of a temporary folder")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    os.environ.setdefault("COURSE_PROGRESS_DB", "off")

    with contextlib.ExitStack() as stack:
        work = Path(args.keep) if args.keep else Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-report-")))
        work.mkdir(parents=True, exist_ok=True)
        empty = empty_template(work)
        datasets = [("bundled", "default")]
        gen_times = {}
        for n in sizes:
            label = f"{n // 1000}k" if n < 1_000_000 else f"{n / 1e6:g}M"
            folder = work / f"data-{label}"
            start = time.perf_counter()
            build_folder(n, folder)
            gen_times[label] = time.perf_counter() - start
            print(f"[{label}] built and wrote {folder.name} in {gen_times[label]:.1f} s (not part of the report)", flush=True)
            datasets.append((label, str(folder)))
        # the template's imports, once, so that "plain" times the computations, not first imports
        exec("from course import finding, precision, prospects, records, strategy", {})  # noqa: S102
        results = [bench(label, data, work, empty) for label, data in datasets]

    print(f"\none run each on {sys.platform}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    head = (f"{'dataset':8} {'b2c txns':>9} {'b2b ord':>9} {'baskets':>9} {'read':>7} {'kernel':>7} {'compute':>8} "
            f"{'export':>7} {'total':>7} {'plain':>7} {'comp/plain':>10} {'HTML MB':>8}")
    print(head)
    print("-" * len(head))
    for r in results:
        rows = r["rows"]
        print(f"{r['label']:8} {rows.get('b2c_transactions', 0):9,} {rows.get('b2b_orders', 0):9,} "
              f"{rows.get('b2c_basket_items', 0):9,} {r['read']:7.2f} {r['kernel']:7.2f} {r['compute']:8.2f} "
              f"{r['export']:7.2f} {r['total']:7.2f} {r['plain']:7.2f} {r['compute'] / r['plain']:9.2f}x {r['html_mb']:8.2f}")
    print("(seconds; total = read + kernel + compute + export; plain = the same cells in this process; "
          "generation: " + ", ".join(f"{k} {v:.1f} s" for k, v in gen_times.items()) + ")")

    grown = [r for r in results if r["label"] != "bundled"]
    if grown:
        print("\nper 1k transactions (b2c transactions + b2b orders):")
        for r in grown:
            n = (r["rows"].get("b2c_transactions", 0) + r["rows"].get("b2b_orders", 0)) / 1000
            print(f"  {r['label']:6} compute {1000 * r['compute'] / n:7.2f} ms   plain {1000 * r['plain'] / n:7.2f} ms   "
                  f"read {1000 * r['read'] / n:7.2f} ms")
        if len(grown) >= 2:
            a, b = grown[0], grown[-1]
            factor = sum(b["rows"].get(k, 0) for k in ("b2c_transactions", "b2b_orders")) / \
                sum(a["rows"].get(k, 0) for k in ("b2c_transactions", "b2b_orders"))
            print(f"  {b['label']} / {a['label']}: data x{factor:.1f}, compute x{b['compute'] / a['compute']:.1f}, "
                  f"plain x{b['plain'] / a['plain']:.1f} (linear would be x{factor:.1f})")
        big = grown[-1]
        print(f"\nslowest cells in plain Python on {big['label']}:")
        for name, sec in sorted(big["per_cell"], key=lambda x: -x[1])[:6]:
            print(f"  {name:24} {sec:7.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
