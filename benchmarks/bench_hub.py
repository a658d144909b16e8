"""A class on one hub: 1, 5 and 30 trainees through JupyterHub (as root).

    .venv/bin/python benchmarks/bench_hub.py [--n 1 5 30] [--record benchmarks/hub_figures.md]

Each size is one run of the classroom simulation (``make hub-test``): every
trainee starts a server through the hub's REST API at the same moment, runs
workbook 01 through the kernel websocket (typed answers, a widget click, the
checks), saves; the instructor collects and grades; everything is removed.
The single trainee is the baseline measured in the same run: growth is read
against it. Memory is each trainee's control group (server + kernel, the
figure the limit is enforced on) and the whole class at its busiest. The
machine's load average is printed with every run: other work on the machine
slows the starts. Asserts nothing about time.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from datetime import UTC, datetime

from course_hub import simulate
from course_hub.install import install, resolve_prefix


def row(summary: simulate.Summary, base: simulate.Summary | None) -> str:
    def growth(value: float | None, reference: float | None) -> str:
        return f" (x{value / reference:.1f})" if value and reference else ""

    first = summary.first_cell_median_s
    per = (summary.peak_all_trainees_mib or 0) / summary.trainees
    return (
        f"| {summary.trainees} | {summary.servers_started}/{summary.workbooks_run}/{summary.graded}/{summary.as_planned} "
        f"| {summary.spawn_median_s or 0:.1f} | {first or 0:.1f}{growth(first, base.first_cell_median_s if base else None)} "
        f"| {summary.first_cell_p95_s or 0:.1f} | {summary.peak_per_trainee_median_mib or 0:.0f} "
        f"| {summary.peak_per_trainee_max_mib or 0:.0f} | {summary.peak_all_trainees_mib or 0:.0f} | {per:.0f} "
        f"| {summary.hub_mib:.0f} | {summary.grading_s or 0:.1f} | {summary.failures} "
        f"| {'/'.join(f'{x:.1f}' for x in summary.load_before)} |"
    )


HEADER = (
    "| trainees | started/run/graded/as planned | spawn median s | first cell median s (growth) | first cell p95 s "
    "| peak MiB per trainee, median | max | all trainees at once MiB | per trainee MiB | hub + proxy MiB "
    "| grading s | failures | load before (1/5/15 min) |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1, 5, 30])
    parser.add_argument("--record", default=None, help="append the table to this Markdown file")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        print("bench_hub needs root (it creates trainee accounts)", file=sys.stderr)
        return 2
    prefix = resolve_prefix("dev")
    install(prefix, log=lambda line: None)
    summaries = []
    for n in args.n:
        print(f"--- {n} trainee(s)", flush=True)
        summaries.append(simulate.run(n, prefix, log=lambda line: print(line, flush=True)))
    base = next((s for s in summaries if s.trainees == 1), None)
    lines = [
        f"### {datetime.now(UTC):%Y-%m-%d} · {os.cpu_count()} cores · "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB · {platform.python_version()} · "
        f"limits {summaries[0].limits}",
        "",
        HEADER,
    ]
    lines += [row(s, base if s is not base else None) for s in summaries]
    text = "\n".join(lines)
    print(text)
    if args.record:
        with open(args.record, "a", encoding="utf-8") as handle:
            handle.write("\n" + text + "\n")
    return 0 if all(s.failures == 0 for s in summaries) else 1


if __name__ == "__main__":
    sys.exit(main())
