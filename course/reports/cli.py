"""``python -m course report`` and ``python -m course progress-report`` (报告命令).

Wired into :mod:`course.cli` with :func:`add_parsers` and :func:`run`. Bad
input (unknown dataset, unreadable file, an encoding that cannot be told,
dates whose order cannot be told, a mapping naming absent columns — with the
closest real one —, an unwritable output path, a bad ``--currency``) exits
with status 2 and a short message naming the problem and the fix; ``--out``
is checked (by writing a probe) before any data is read, and nothing is ever
left half-written there. Progress lines are in the report's language; the
kernel's own log lines stay off the terminal.

Options beyond the data: ``--currency``, ``--target``/``--features``/
``--keep-features`` (targeting on the user's own leads), ``--dayfirst``,
``--encoding``, and the treatments of order lines ``--returns``,
``--duplicates``, ``--anonymous`` (see :mod:`course.order_lines`).
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path

from course.i18n import t
from course.reports.runner import ReportError


def add_parsers(subparsers) -> None:
    """Add the ``report`` and ``progress-report`` commands to an argparse sub-parser set."""
    rep = subparsers.add_parser("report", help="prospect report (HTML, optional PDF) on the bundled data or your own files")
    rep.add_argument("--data", default=None,
                     help="bundled dataset (default, huaxin, yuexiang, b2b_orders …), a file, or a folder of files")
    rep.add_argument("--out", required=True, help="FILE.html to write")
    rep.add_argument("--lang", choices=["en", "zh"], default="en")
    rep.add_argument("--columns", default=None, help="YAML mapping 'your column: kit_column' (global or per table)")
    rep.add_argument("--pdf", action="store_true", help="also write FILE.pdf (needs chromium)")
    rep.add_argument("--show-contacts", action="store_true", help="show phone numbers and e-mails in full")
    rep.add_argument("--period", default=None, help="2025, 2025-Q3, 2025-07 or 2025-01..2025-06")
    rep.add_argument("--product", default=None, help="one product or category, e.g. copier")
    rep.add_argument("--region", default=None, help="one city, e.g. 杭州 or Hangzhou")
    rep.add_argument("--top", type=int, default=10, help="rows in each top-N list (default 10)")
    rep.add_argument("--as-of", default=None, help="the data's 'today' (default: end of the data or of --period)")
    rep.add_argument("--budget", type=float, default=20000, help="contact budget for the call list (default 20000)")
    rep.add_argument("--cost-per-contact", type=float, default=400, help="cost of one contact (default 400)")
    rep.add_argument("--currency", default=None, help="the data's currency: a code (CNY, GBP, USD, EUR …) or a sign (¥ £ $ €)")
    rep.add_argument("--target", default=None,
                     help="your own outcome column for targeting, COLUMN or COLUMN=WIN (e.g. subscribed or y=yes)")
    rep.add_argument("--features", default=None, help="columns the targeting model may use, comma-separated (default: all "
                                                       "but ids, constants and leaky ones)")
    rep.add_argument("--keep-features", default=None, help="columns flagged as leakage to keep anyway, comma-separated")
    rep.add_argument("--dayfirst", action=argparse.BooleanOptionalAction, default=None,
                     help="dates like 3/4/2025 are day/month/year (--no-dayfirst: month/day/year); default: told by the data")
    rep.add_argument("--encoding", default=None, help="the CSV files' text encoding (default: decided from the bytes)")
    rep.add_argument("--returns", choices=["net", "drop"], default="net",
                     help="net cancellations and returns against purchases (default) or ignore them (gross sales)")
    rep.add_argument("--duplicates", choices=["drop", "keep"], default="drop",
                     help="order lines identical in every column: keep once (default) or keep all")
    rep.add_argument("--anonymous", choices=["rules", "drop"], default="rules",
                     help="rows without a customer id: still used for cross-sell rules (default) or dropped everywhere")

    prog = subparsers.add_parser("progress-report", help="a trainee's progress (HTML) from saved workbooks")
    prog.add_argument("workbooks", help="a saved workbook (.ipynb) or a folder of them")
    prog.add_argument("--out", required=True, help="FILE.html to write")
    prog.add_argument("--lang", choices=["en", "zh"], default="en")


def _say(lang: str, n: int, total: int, what: str) -> None:
    print(t("report.cli.step", lang, n=n, total=total, what=what), flush=True)


def check_out(out: str | os.PathLike, suffixes: tuple[str, ...] = (".html", ".htm")) -> Path:
    """The output path, checked before any work: right suffix, a folder we can write in."""
    path = Path(out).expanduser()
    if path.suffix.lower() not in suffixes:
        raise ReportError(f"--out {path}: the report must be a {suffixes[0]} file. Fix: end the name with {suffixes[0]}, "
                          f"e.g. --out report{suffixes[0]}. --out {path}：报告文件名须以 {suffixes[0]} 结尾，例如 report{suffixes[0]}。")
    if path.is_dir():
        raise ReportError(f"--out {path} is a folder. Fix: give a file name inside it, e.g. {path / 'report.html'}. "
                          f"--out {path} 是一个文件夹。解决办法：给出其中的文件名，例如 {path / 'report.html'}。")
    parent = path.absolute().parent
    while not parent.exists():
        parent = parent.parent
    refused = ReportError(f"--out {path}: cannot write there ({parent} is not a folder you can write to). Fix: choose "
                          f"another place, e.g. --out ./report.html. --out {path}：无法写入（{parent} 不是可写的文件夹）。"
                          f"解决办法：换一个位置，例如 --out ./report.html。")
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        raise refused
    try:  # permissions can lie (root, read-only mounts, network drives): write a probe before any work is done
        fd, probe = tempfile.mkstemp(prefix=".course-probe-", dir=parent)
        os.close(fd)
        os.unlink(probe)
    except OSError:
        raise refused from None
    if path.exists() and not os.access(path, os.W_OK):
        raise ReportError(f"--out {path}: the file exists and is read-only. Fix: choose another name, or make it writable. "
                          f"--out {path}：该文件已存在且为只读。解决办法：换一个文件名，或取消其只读属性。")
    return path


def _items(text: str | None) -> list[str] | None:
    return [v.strip() for v in text.split(",") if v.strip()] if text else None


def report(args: argparse.Namespace) -> int:
    """The prospect report: read and check the data here, compute in a kernel, export HTML (and PDF)."""
    import course
    from course.data import DataError
    from course.reports import prospect
    from course.reports.formats import currency
    from course.reports.runner import run_report, template_path

    lang, started = args.lang, time.perf_counter()
    course.set_language(lang)  # progress lines and messages in the report's language
    total = 4 if args.pdf else 3
    out = check_out(args.out)
    if args.top < 1:
        raise ReportError("--top must be at least 1. Fix: e.g. --top 10. --top 至少为 1，例如 --top 10。")
    if getattr(args, "currency", None):
        currency(args.currency)  # a bad --currency fails before any work
    options = prospect.ReportOptions(
        target=getattr(args, "target", None), features=_items(getattr(args, "features", None)),
        keep_features=_items(getattr(args, "keep_features", None)) or [], currency=getattr(args, "currency", None),
        dayfirst=getattr(args, "dayfirst", None), encoding=getattr(args, "encoding", None),
        returns=getattr(args, "returns", "net"), duplicates=getattr(args, "duplicates", "drop"),
        anonymous=getattr(args, "anonymous", "rules"))
    _say(lang, 1, total, t("report.cli.reading", lang))
    inputs = prospect.load_inputs(args.data, args.columns, options=options, progress=lambda s: print(f"      {s}", flush=True))
    if inputs.options.currency:
        currency(inputs.options.currency)  # from the mapping file: checked here too
    sel = prospect.select(inputs, period=args.period, product=args.product, region=args.region, as_of=args.as_of)
    ready = prospect.sections_ready(sel.tables, inputs.options.target_column)
    if inputs.options.target_column and "b2b_leads" not in sel.tables:
        target = inputs.options.target_column
        raise DataError(f"{inputs.name}: --target {target}: no file has a column '{target}'. Fix: give the outcome column "
                        f"as it is spelled in the header row (or map it with --columns).",
                        f"{inputs.name}：--target {target}：没有任何文件含有列“{target}”。解决办法：按表头中的原样写出结果列的"
                        f"名称（或用 --columns 映射）。", source=inputs.name, column=target)
    if all(v is not None for v in ready.values()):
        needs = "; ".join(f"{k}: {' / '.join(v)}" for k, v in ready.items() if v)
        raise DataError(f"{inputs.name}: missing required columns for every section of the report (after the filters). "
                        f"Each section needs: {needs}. Fix: add those columns, map yours with --columns, or loosen "
                        f"--period/--product/--region.",
                        f"{inputs.name}：（筛选之后）报告的每个部分都缺少必需的列。各部分需要：{needs}。解决办法：补上这些列、"
                        f"用 --columns 映射您的列名，或放宽 --period/--product/--region。", source=inputs.name)
    skipped = [k for k, v in ready.items() if v is not None]
    print("      " + t("report.cli.sections", lang, ready=len(ready) - len(skipped), total=len(ready),
                        skipped=", ".join(skipped) or "—"), flush=True)
    _say(lang, 2, total, t("report.cli.running", lang))
    with tempfile.TemporaryDirectory(prefix="course-report-inputs-") as tmp:
        pickled = Path(tmp) / "inputs.pickle"
        with open(pickled, "wb") as handle:
            pickle.dump(inputs, handle, protocol=pickle.HIGHEST_PROTOCOL)
        params = {"data": str(args.data or "default"), "columns": str(args.columns or ""), "inputs_path": str(pickled),
                  "period": args.period or "", "product": args.product or "", "region": args.region or "",
                  "as_of": args.as_of or "", "top": int(args.top), "show_contacts": bool(args.show_contacts),
                  "budget": float(args.budget), "cost_per_contact": float(args.cost_per_contact),
                  "currency": inputs.options.currency or ""}
        steps = iter(range(3, total + 1))
        run_report(template_path("prospect_report.ipynb"), params, out, lang, title=t("report.title", lang),
                   progress=lambda s: _say(lang, next(steps), total, t("report.cli.exporting", lang))
                   if s.startswith("exporting") else None)
    out.chmod(0o644)  # a report is for reading, like any document the user writes
    if args.pdf:
        from course.reports.pdf import html_to_pdf

        _say(lang, 4, total, t("report.cli.pdf", lang))
        html_to_pdf(out, out.with_suffix(".pdf"))
    print(t("report.cli.done", lang, path=out, seconds=time.perf_counter() - started), flush=True)
    return 0


def progress_report(args: argparse.Namespace) -> int:
    """The trainee progress report from a saved workbook or a folder of them."""
    from course.reports import progress_report as pr
    from course.reports.runner import run_report, template_path

    lang, started = args.lang, time.perf_counter()
    out = check_out(args.out)
    _say(lang, 1, 2, t("report.cli.workbooks", lang))
    pr.workbook_paths(args.workbooks)  # fails early on a missing path or an empty folder
    _say(lang, 2, 2, t("report.cli.running", lang))
    run_report(template_path("progress_report.ipynb"), {"workbooks": str(Path(args.workbooks).absolute())}, out, lang,
               title=t("report.progress.title", lang))
    out.chmod(0o644)
    print(t("report.cli.done", lang, path=out, seconds=time.perf_counter() - started), flush=True)
    return 0


def run(args: argparse.Namespace) -> int:
    """Run ``report`` or ``progress-report``; bad input → a message on stderr and exit status 2."""
    from course.data import DataError

    try:
        if args.command == "report":
            return report(args)
        if args.command == "progress-report":
            return progress_report(args)
        raise ValueError(f"unknown report command {args.command!r}")
    except DataError as error:
        print(f"error: {error.en}\n{error.zh}", file=sys.stderr)
        return 2
    except (ReportError, ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def parser() -> argparse.ArgumentParser:
    """A stand-alone parser with both commands (for tests and ``python -m course.reports.cli``)."""
    top = argparse.ArgumentParser(prog="python -m course")
    add_parsers(top.add_subparsers(dest="command", metavar="COMMAND"))
    return top


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run(parser().parse_args()))
