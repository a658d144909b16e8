"""The grading commands of ``python -m course`` (see :mod:`course.cli`)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from course import i18n


def printable(text: object) -> str:
    """Text safe to print to a terminal: control characters (escape sequences in a folder name) shown as ``?``."""
    return "".join(c if c.isprintable() or c in "\n\t" else "?" for c in str(text))


def _db(url: str | None, out: str = "grading", *, existing: bool = False) -> str:
    """The gradebook URL, its SQLite path absolute; ``existing``: refuse one that is not there (reading commands)."""
    from course.grading import gradebook

    url = url or gradebook.default_url(out)
    return gradebook.existing_url(url) if existing else gradebook.absolute_url(url)


def run(args: argparse.Namespace) -> int:
    if args.command == "release":
        from course.grading import release

        release.release(args.chapters, args.out, langs=args.lang, exam=args.exam)
        return 0
    if args.command == "grade":
        return _grade(args)
    if args.command == "update-workbook":
        from course.grading import update

        old = Path(args.old)
        if old.is_dir():
            reports = update.update_folder(old, args.new)
        elif old.is_file():
            reports = [update.update_workbook(old, args.new)]
        else:
            raise ValueError(
                f"{old} does not exist: give a trainee's workbook or a folder of them. {old} 不存在。"
            )
        for report in reports:
            print(report.text())
        return 0
    if args.command == "gradebook":
        if args.action != "export":
            raise ValueError(
                "Say what to do with the gradebook, e.g. `gradebook export --out grades.xlsx`."
            )
        from course.grading.gradebook import Gradebook

        path = Gradebook(_db(args.db, existing=True)).export(args.out, history=args.history)
        print(f"wrote {path}")
        return 0
    if args.command == "review":
        from course.grading import review

        return review.run(args, _db(args.db, existing=True))
    if args.command == "class-report":
        from course.grading import report

        path = report.class_report(
            _db(args.db, existing=True),
            args.out,
            lang=args.lang,
            chapter=args.chapter or None,
            threshold=args.threshold,
            progress=lambda step: print(step, file=sys.stderr),
        )
        print(f"wrote {path}")
        return 0
    return 2


def _grade(args: argparse.Namespace) -> int:
    from course.grading import grader, sandbox
    from course.grading.engine import Limits
    from course.grading.gradebook import Gradebook

    for name in ("timeout", "cell_timeout", "hint_penalty"):
        if getattr(args, name) < 0:
            raise ValueError(f"--{name.replace('_', '-')} must not be negative.")
    pairs = grader.discover(Path(args.submissions))
    if not pairs:
        raise ValueError(
            f"No notebooks found in {args.submissions}: expect one folder per trainee holding NN-slug.ipynb, "
            f"or files named TRAINEE_NN-slug.ipynb. 在 {args.submissions} 中没有找到练习册。"
        )
    use_sandbox = not args.no_sandbox
    if use_sandbox:
        sandbox.require()  # refuse before anything else, with the reason and the fix
    else:
        print(i18n.t("grading.cli.no_sandbox"), file=sys.stderr)
    out = Path(args.out)
    book = Gradebook(_db(args.db, args.out))  # opened first: a bad URL fails before any grading
    limits = Limits(
        cell_timeout=args.cell_timeout,
        notebook_timeout=args.timeout,
        memory_mb=args.memory_mb or None,
        max_output_bytes=args.max_output_kb * 1000,
    )
    tasks = grader.make_tasks(
        pairs,
        limits=limits,
        hint_penalty=args.hint_penalty,
        templates=Path(args.templates) if args.templates else None,
        executed_dir=out / "executed",
    )
    options = {
        "cell_timeout": args.cell_timeout,
        "timeout": args.timeout,
        "memory_mb": args.memory_mb,
        "hint_penalty": args.hint_penalty,
        "sandbox": sandbox.status()[1] if use_sandbox else "off",
    }
    started = time.monotonic()
    run_id = book.start_run(
        source=str(Path(args.submissions).resolve()), options=options, notebooks=len(tasks)
    )
    grades = grader.grade_many(
        tasks, workers=args.workers, progress=not args.no_progress, sandbox=use_sandbox
    )
    book.finish_run(run_id, grades)
    for grade in grades:
        right = sum(e.status == "correct" for e in grade.exercises)
        review = sum(e.status == "review" for e in grade.exercises)
        print(
            f"{printable(grade.trainee):<20} {grade.chapter or '??':<3} {grade.score:>5g}/{len(grade.exercises):<3} "
            f"{right:>3} right {review:>2} to review  {grade.outcome}"
            + (f"  [{', '.join(grade.flags)}]" if grade.flags else "")
        )
    print(
        i18n.t(
            "grading.cli.summary",
            n=len(grades),
            seconds=time.monotonic() - started,
            run_id=run_id,
            db=book.url,
        )
    )
    pending = len(book.pending_reviews())
    if pending:
        print(i18n.t("grading.cli.pending", n=pending))
    return 0
