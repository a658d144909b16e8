"""Prospect report benchmark: a 500k-line retail export with returns and missing ids, the bundled data, optional growth sets.

Run with ``python benchmarks/bench_report.py [--lines 500000] [--sizes 100000,1000000] [--keep DIR]``.
Prints tables; asserts nothing about time (tests never do). One run of each, to spare shared CPUs.

Datasets
    ``retail``
        :func:`course.messy_exports.retail_lines` at ``--lines`` rows (default 500,000): an online shop's invoice
        lines made from the bundled receipts, written as Windows-1252 CSV with US dates (``12/1/2025 8:26``),
        ~25% of invoices without a customer id, cancellations (``C…`` invoices, negative quantities), zero and
        negative prices, duplicate lines and customers who only returned goods. Read with a mapping only
        (one ``b2b_orders`` block), as ``python -m course report --data FILE --columns MAPPING --currency GBP``.
    ``bundled``
        The kit's bundled data (``--data default``).
    ``100k`` / ``1M`` (``--sizes``)
        Folders of the bundled tables with ``b2c_transactions`` and ``b2b_orders`` grown to that many rows
        (bundled rows kept, rows drawn with replacement under new ids, each drawn receipt bringing its basket).

Phases, per dataset
    ``read``     what the CLI does before it starts a kernel: reading and typing the files, making order lines fit
                 for counting (the "data as read" steps), the selection, pickling the inputs for the kernel;
    ``kernel``   a notebook holding only the template's parameters cell, run the same way (start, inject, stop);
    ``compute``  executing ``prospect_report.ipynb`` minus ``kernel``;
    ``export``   nbconvert to self-contained HTML and the atomic write;
    ``total``    read + the whole papermill run + export (what the user waits for);
    ``sections`` the same section functions called in this process (no kernel, no notebook, no HTML), per section.

Baseline (``retail`` only): ``plain pandas``
    The same aggregations written by hand in plain pandas and mlxtend, on the same file: read the CSV (the encoding
    and date format known in advance), drop duplicates and non-positive prices, set cancellations and rows without
    a customer aside, 80/20 per customer, RFM with distinct invoices, a per-customer scorecard, repurchase
    intervals, and invoice-basket rules on the same 50,000-basket sample. It knows the file; the kit has to find
    out (encoding, date order, line-level shape) and says what it did.

CPU seconds (process + children) are printed beside wall seconds: the machine may be shared.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import pickle
import resource
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
          "top": 10, "show_contacts": False, "budget": 20000.0, "cost_per_contact": 400.0, "currency": ""}


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
def read_inputs(data: str, pickled: Path, columns: str | None = None, currency: str | None = None) -> tuple[float, dict[str, int]]:
    """The CLI's steps before the kernel; seconds and the transaction tables' row counts."""
    from course.reports import prospect

    start, cpu = time.perf_counter(), time.process_time()
    inputs = prospect.load_inputs(data, columns, options=prospect.ReportOptions(currency=currency))
    sel = prospect.select(inputs)
    prospect.sections_ready(sel.tables)
    with open(pickled, "wb") as handle:
        pickle.dump(inputs, handle, protocol=pickle.HIGHEST_PROTOCOL)
    rows = {n: inputs.rows_read.get(n, len(inputs.tables[n])) for n in ("b2c_transactions", "b2c_basket_items", "b2b_orders")
            if n in inputs.tables}
    rows["_cpu"] = time.process_time() - cpu
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


def in_process(pickled: Path, currency: str | None = None) -> tuple[float, list[tuple[str, float]], float]:
    """The report's section functions called here (no kernel); wall seconds in all and per section, and CPU seconds."""
    import IPython.display
    import matplotlib

    from course.reports import sections as S

    matplotlib.use("Agg")
    with open(pickled, "rb") as handle:
        inputs = pickle.load(handle)
    saved = IPython.display.display
    IPython.display.display = _Sink()
    per = []
    try:
        start, cpu = time.perf_counter(), time.process_time()
        report = S.Report.from_inputs(inputs, lang="en", currency=currency or "")
        for part in (S.title, S.overview, S.data_as_read, S.quality, S.concentration, S.rfm, S.best_worst, S.lookalike,
                     S.man, S.methods, S.funnel, S.replacement, S.targeting, S.cross_sell, S.strategy, S.about):
            t0 = time.perf_counter()
            part(report)
            per.append((part.__name__, time.perf_counter() - t0))
        total, cpu = time.perf_counter() - start, time.process_time() - cpu
    finally:
        IPython.display.display = saved
        import matplotlib.pyplot as plt

        plt.close("all")
    return total, per, cpu


def plain_pandas(csv: Path, sample: int = 50_000) -> dict[str, float]:
    """The retail report's aggregations by hand in plain pandas + mlxtend, knowing the file; seconds per step."""
    from mlxtend.frequent_patterns import association_rules as ml_rules
    from mlxtend.frequent_patterns import fpgrowth

    times: dict[str, float] = {}
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    df = pd.read_csv(csv, encoding="cp1252", dtype={"InvoiceNo": str, "StockCode": str, "CustomerID": str})
    df["InvoiceDate"] = pd.to_datetime(df["InvoiceDate"], format="%m/%d/%Y %H:%M")
    times["read"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    df = df.drop_duplicates()
    df = df[df["UnitPrice"] > 0]
    df["amount"] = df["Quantity"] * df["UnitPrice"]
    cancel = df["InvoiceNo"].str.startswith("C")
    known = df[df["CustomerID"].notna()]
    buys = known[~known["InvoiceNo"].str.startswith("C")]
    times["clean"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    net = known.groupby("CustomerID")["amount"].sum().clip(lower=0).sort_values(ascending=False)
    cum = net.cumsum() / net.sum()
    abc = np.where(cum <= 0.8, "A", np.where(cum <= 0.95, "B", "C"))
    top = net.iloc[: int(np.ceil(0.2 * len(net)))].sum() / net.sum()
    times["80/20"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    today = df["InvoiceDate"].max().normalize()
    g = buys.groupby("CustomerID")
    rfm = pd.DataFrame({"recency": (today - g["InvoiceDate"].max()).dt.days, "frequency": g["InvoiceNo"].nunique(),
                        "monetary": known.groupby("CustomerID")["amount"].sum()}).dropna()
    for col, asc in (("recency", False), ("frequency", True), ("monetary", True)):
        rfm[col[0]] = pd.qcut(rfm[col].rank(method="first", ascending=asc), 5, labels=False) + 1
    times["RFM"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    card = pd.DataFrame({"revenue": g["amount"].sum(), "orders": g["InvoiceNo"].nunique()})
    card["avg_order"] = card["revenue"] / card["orders"]
    last = buys["InvoiceDate"] > today - pd.DateOffset(years=1)
    card["growth"] = buys[last].groupby("CustomerID")["amount"].sum().reindex(card.index, fill_value=0)
    card["score"] = card.rank(pct=True).mean(axis=1)
    times["scorecard"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    days = buys[["CustomerID", "InvoiceDate"]].assign(day=buys["InvoiceDate"].dt.normalize())[["CustomerID", "day"]]
    days = days.drop_duplicates().sort_values(["CustomerID", "day"])
    gaps = days.groupby("CustomerID")["day"].diff().dt.days
    interval = gaps.groupby(days["CustomerID"]).median()
    due = days.groupby("CustomerID")["day"].max() + pd.to_timedelta(interval, unit="D")
    times["intervals"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    lines = df[~cancel][["InvoiceNo", "StockCode"]].drop_duplicates()
    invoices = lines["InvoiceNo"].unique()
    if len(invoices) > sample:
        keep = pd.Series(invoices).sample(sample, random_state=0)
        lines = lines[lines["InvoiceNo"].isin(keep)]
    onehot = pd.crosstab(lines["InvoiceNo"], lines["StockCode"]).astype(bool)
    itemsets = fpgrowth(onehot, min_support=0.01, use_colnames=True)
    rules = ml_rules(itemsets, metric="confidence", min_threshold=0.2)
    times["rules"] = time.perf_counter() - t0
    times["total"] = sum(times.values())
    times["CPU"] = time.process_time() - cpu0
    _ = (abc, top, due, rules, card)
    return times


def retail_file(lines: int, folder: Path) -> tuple[Path, Path, int, float]:
    """Write the retail-like export and its mapping; the file, the mapping, its rows, seconds spent (not the report's)."""
    import yaml

    from course import messy_exports

    start = time.perf_counter()
    frame, truth = messy_exports.retail_lines(lines=lines)
    folder.mkdir(parents=True, exist_ok=True)
    csv = messy_exports.write_retail_csv(frame, folder / "online_retail.csv")
    mapping = folder / "mapping.yaml"
    mapping.write_text(yaml.safe_dump(messy_exports.RETAIL_MAPPING), encoding="utf-8")
    return csv, mapping, truth["rows"], time.perf_counter() - start


def _cpu() -> float:
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


def bench(label: str, data: str, work: Path, empty: Path, columns: str | None = None, currency: str | None = None) -> dict:
    from course.reports.runner import template_path

    pickled = work / f"{label}.pickle"
    cpu0 = _cpu()
    read, rows = read_inputs(data, pickled, columns, currency)
    params = {**PARAMS, "data": data, "inputs_path": str(pickled), "currency": currency or ""}
    print(f"[{label}] read {read:.2f} s; running the empty notebook …", flush=True)
    kernel = timed_report(empty, params, work / f"{label}-empty.html")
    print(f"[{label}] kernel {kernel['execute']:.2f} s; running the report …", flush=True)
    cpu1 = _cpu()
    report = timed_report(template_path("prospect_report.ipynb"), params, work / f"{label}.html")
    cpu_report = _cpu() - cpu1
    print(f"[{label}] report {report['total']:.2f} s; the sections in this process …", flush=True)
    sections, per_section, sections_cpu = in_process(pickled, currency)
    read_cpu = rows.pop("_cpu")
    size = (work / f"{label}.html").stat().st_size
    page = (work / f"{label}.html").read_text(encoding="utf-8")
    return {"label": label, "rows": rows, "read": read, "kernel": kernel["execute"],
            "compute": report["execute"] - kernel["execute"], "export": report["export"],
            "total": read + report["total"], "cpu": (cpu1 - cpu0) + cpu_report, "sections": sections,
            "read_cpu": read_cpu, "sections_cpu": sections_cpu,
            "per_section": per_section, "html_mb": size / 1e6, "failed_sections": page.count("could not be computed")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=500_000, help="rows of the retail-like export (0: none)")
    parser.add_argument("--sizes", default="", help="also bundled data grown to these transaction counts, e.g. 100000,1000000")
    parser.add_argument("--no-bundled", action="store_true", help="skip the bundled data")
    parser.add_argument("--keep", help="write the generated files and reports here instead of a temporary folder")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    os.environ.setdefault("COURSE_PROGRESS_DB", "off")

    with contextlib.ExitStack() as stack:
        work = Path(args.keep) if args.keep else Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-report-")))
        work.mkdir(parents=True, exist_ok=True)
        empty = empty_template(work)
        datasets: list[tuple[str, str, str | None, str | None]] = []
        gen_times = {}
        baseline = None
        if args.lines:
            csv, mapping, n_rows, seconds = retail_file(args.lines, work / "retail")
            gen_times["retail"] = seconds
            print(f"[retail] wrote {n_rows:,} lines ({csv.stat().st_size / 1e6:.0f} MB) in {seconds:.1f} s (not part of the report)",
                  flush=True)
            datasets.append(("retail", str(csv), str(mapping), "GBP"))
        if not args.no_bundled:
            datasets.append(("bundled", "default", None, None))
        for n in sizes:
            label = f"{n // 1000}k" if n < 1_000_000 else f"{n / 1e6:g}M"
            folder = work / f"data-{label}"
            start = time.perf_counter()
            build_folder(n, folder)
            gen_times[label] = time.perf_counter() - start
            print(f"[{label}] built and wrote {folder.name} in {gen_times[label]:.1f} s (not part of the report)", flush=True)
            datasets.append((label, str(folder), None, None))
        # the kit's imports, once, so that "sections" times the computations, not first imports
        exec("from course import finding, precision, prospects, records, strategy\nfrom course.reports import sections", {})  # noqa: S102
        results = [bench(label, data, work, empty, columns, cur) for label, data, columns, cur in datasets]
        if args.lines:
            print("[retail] plain pandas …", flush=True)
            baseline = plain_pandas(Path(datasets[0][1]))

    print(f"\none run each on {sys.platform}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; "
          f"load average {os.getloadavg()[0]:.1f}")
    head = (f"{'dataset':8} {'orders/lines':>12} {'b2c txns':>9} {'read':>7} {'kernel':>7} {'compute':>8} {'export':>7} "
            f"{'total':>7} {'CPU s':>7} {'sections':>9} {'read CPU':>9} {'sect CPU':>9} {'HTML MB':>8} {'failed':>7}")
    print(head)
    print("-" * len(head))
    for r in results:
        rows = r["rows"]
        print(f"{r['label']:8} {rows.get('b2b_orders', 0):12,} {rows.get('b2c_transactions', 0):9,} {r['read']:7.2f} "
              f"{r['kernel']:7.2f} {r['compute']:8.2f} {r['export']:7.2f} {r['total']:7.2f} {r['cpu']:7.2f} "
              f"{r['sections']:9.2f} {r['read_cpu']:9.2f} {r['sections_cpu']:9.2f} {r['html_mb']:8.2f} {r['failed_sections']:7d}")
    print("(wall seconds unless said; total = read + kernel + compute + export; CPU s = CPU of this process and its "
          "kernels over read and report; sections = the same section functions in this process; read CPU / sect CPU = "
          "CPU seconds of those two in this process, which a busy machine does not inflate; "
          "generation: " + ", ".join(f"{k} {v:.1f} s" for k, v in gen_times.items()) + ")")
    if baseline is not None:
        retail = results[0]
        print("\nretail, the kit by phase against plain pandas on the same file:")
        print("  plain pandas: " + ", ".join(f"{k} {v:.2f} s" for k, v in baseline.items()))
        print(f"  kit: read {retail['read']:.2f} s wall / {retail['read_cpu']:.2f} s CPU (decides encoding, date order, "
              f"line-level shape, nets returns), sections {retail['sections']:.2f} s wall / {retail['sections_cpu']:.2f} s CPU; "
              f"ratio (read + sections) / plain = {(retail['read'] + retail['sections']) / baseline['total']:.1f}x wall")
    for r in results:
        print(f"\nslowest sections in this process on {r['label']}:")
        for name, sec in sorted(r["per_section"], key=lambda x: -x[1])[:6]:
            print(f"  {name:16} {sec:7.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
