"""Command line of the kit: ``python -m course …`` or ``course …``.

Commands
--------
build notebooks [CHAPTER …]   re-execute the course notebooks (en + zh) and render their lesson plans
build lessons [CHAPTER …]     only render the lesson plans from notebooks/lessons/src
build workbook [CHAPTER …]    regenerate the blank trainee workbooks
build start                   regenerate the start page notebooks/START.md
export-html NOTEBOOK … [--out DIR]           course notebooks as HTML pages that read offline (widget stills)
progress [--chapter ch01]     show the local record of checks
generate-data --out DIR       regenerate the bundled datasets (seeded)
messy-exports --out DIR       messy exports of the bundled data (retail lines with returns, GBK, Excel …)
release [CHAPTER …] --out DIR [--exam]       hand out the trainee copies (en + zh)
grade SUBMISSIONS [--out DIR] [--db URL]     grade a folder of trainee workbooks
review [--list | --set SCORE | --accept]     score written answers waiting for review (who, when: kept)
update-workbook OLD [NEW_TEMPLATE]           move a trainee's answers into a new workbook version
gradebook export --out FILE.csv|.xlsx        export the gradebook
class-report --out FILE.html [--lang zh]     the class report (HTML) and a feedback page per trainee
report [--data PATH_OR_NAME] --out FILE.html [--lang zh] [--columns MAPPING.yaml] [--pdf]
       [--currency GBP] [--target COLUMN[=WIN]] [--dayfirst] [--returns net|drop] …
                                             the prospect report on the bundled or your own data
progress-report WORKBOOK_OR_DIR --out FILE.html   a trainee's progress from saved workbooks

Bad input exits non-zero with a short message, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m course",
        description="Sales prospecting training kit (潜在客户寻找实训包): build the course, see progress, regenerate data.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = sub.add_parser("build", help="re-execute course notebooks or regenerate workbooks")
    build.add_argument("what", choices=["notebooks", "workbook", "lessons", "start"], help="what to build")
    build.add_argument("chapters", nargs="*", help="chapter numbers or stems (default: all), e.g. 01")

    html = sub.add_parser("export-html", help="course notebooks as HTML pages that read offline, widgets as stills")
    html.add_argument("notebooks", nargs="+", help="executed course notebooks, e.g. notebooks/en/01-prospects.ipynb")
    html.add_argument("--out", default="build/html", help="folder for the pages (one sub-folder per language folder)")

    prog = sub.add_parser("progress", help="show your local record of checked exercises")
    prog.add_argument("--chapter", default="", help="limit to one chapter, e.g. ch01")
    prog.add_argument("--lang", choices=["en", "zh"], default=None)

    gen = sub.add_parser("generate-data", help="regenerate the bundled datasets from the seeded generator")
    gen.add_argument("--out", default="datasets", help="output folder (default: datasets)")
    gen.add_argument("--seed", type=int, default=2026)

    messy = sub.add_parser("messy-exports", help="write messy exports of the bundled data, shaped like real files")
    messy.add_argument("--out", required=True, help="output folder (one sub-folder per shape, plus truth.json)")
    messy.add_argument("--lines", type=int, default=None, help="rows of the retail-like file (default: ~60,000)")
    messy.add_argument("--seed", type=int, default=0)

    rel = sub.add_parser("release", help="write the trainee copies to hand out (no solutions, no self-tests)")
    rel.add_argument("chapters", nargs="*", help="chapter numbers or stems (default: all), e.g. 01")
    rel.add_argument("--out", required=True, help="output folder (gets en/ and zh/)")
    rel.add_argument("--lang", nargs="+", choices=["en", "zh"], default=["en", "zh"])
    rel.add_argument("--exam", action="store_true", help="exam mode: hints, solutions and instant feedback locked")

    grade = sub.add_parser("grade", help="grade a folder of trainee workbooks (one folder per trainee, or TRAINEE_NN-slug.ipynb)")
    grade.add_argument("submissions", help="folder of submissions")
    grade.add_argument("--out", default="grading", help="where executed copies and the default gradebook go (default: grading)")
    grade.add_argument("--db", default=None, help="gradebook database URL (default: sqlite:///OUT/gradebook.sqlite)")
    grade.add_argument("--workers", type=int, default=None, help="notebooks graded at once (default: CPU count)")
    grade.add_argument("--timeout", type=float, default=600, help="seconds per notebook (default 600)")
    grade.add_argument("--cell-timeout", type=float, default=60, help="seconds per cell (default 60)")
    grade.add_argument("--memory-mb", type=int, default=2048, help="memory limit of each kernel in MiB (0: none)")
    grade.add_argument("--max-output-kb", type=int, default=1000, help="output kept per cell in kB (default 1000)")
    grade.add_argument("--hint-penalty", type=float, default=0.0, help="points taken off a correct exercise per hint level")
    grade.add_argument("--templates", default=None, help="folder of released copies to check integrity against")
    grade.add_argument("--no-progress", action="store_true", help="no progress bar")
    grade.add_argument("--no-sandbox", action="store_true",
                       help="run kernels without the bubblewrap sandbox (trainee code can then read your files and environment)")

    rev = sub.add_parser("review", help="score written answers waiting for review (interactive, or --list / --set / --accept)")
    rev.add_argument("--db", default=None, help="gradebook URL (default: sqlite:///grading/gradebook.sqlite)")
    rev.add_argument("--list", action="store_true", help="list the answers waiting for review and exit")
    rev.add_argument("--trainee", default=None, help="only this trainee")
    rev.add_argument("--exercise", default=None, help="only this exercise, e.g. ch01.q8")
    rev.add_argument("--set", type=float, default=None, metavar="SCORE",
                     help="give SCORE (0-1) to the matching answers (one trainee and exercise), reviewed or not")
    rev.add_argument("--accept", action="store_true", help="accept the kit's suggestion for every matching answer")
    rev.add_argument("--by", default=None, help="who reviews (default: your user name)")
    rev.add_argument("--note", default="", help="a note kept with the change")
    rev.add_argument("--lang", choices=["en", "zh"], default="en")

    upd = sub.add_parser("update-workbook", help="move a trainee's answers into a new version of a workbook")
    upd.add_argument("old", help="the trainee's workbook, or a folder of them")
    upd.add_argument("new", nargs="?", default=None, help="the new blank template (or folder); default: the kit's current copy")

    book = sub.add_parser("gradebook", help="work with the gradebook")
    book_sub = book.add_subparsers(dest="action", metavar="ACTION")
    export = book_sub.add_parser("export", help="export results to CSV or Excel")
    export.add_argument("--out", required=True, help="FILE.csv or FILE.xlsx")
    export.add_argument("--db", default=None, help="gradebook URL (default: sqlite:///grading/gradebook.sqlite)")
    export.add_argument("--history", action="store_true", help="every grading run, not just the latest per trainee")

    rep = sub.add_parser("class-report", help="the class report (HTML, en/zh) and a feedback page per trainee")
    rep.add_argument("--out", required=True, help="FILE.html")
    rep.add_argument("--db", default=None, help="gradebook URL (default: sqlite:///grading/gradebook.sqlite)")
    rep.add_argument("--lang", choices=["en", "zh"], default="en")
    rep.add_argument("--chapter", default="", help="limit to one chapter, e.g. 01")
    rep.add_argument("--threshold", type=float, default=0.5, help="share right below which a trainee needs help")

    from course.reports import cli as report_cli

    report_cli.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        if args.command == "build":
            from course import authoring

            if args.what == "notebooks":
                authoring.build_notebooks(args.chapters)
            elif args.what == "lessons":
                authoring.build_lessons(args.chapters)
            elif args.what == "start":
                authoring.write_start_page()
            else:
                authoring.build_workbooks(args.chapters)
            return 0
        if args.command == "export-html":
            from course import exports

            exports.export_many(args.notebooks, args.out)
            return 0
        if args.command == "progress":
            import course
            from course import progress

            if args.lang:
                course.set_language(args.lang)
            table = progress.summary(args.chapter)
            print(table.to_string(index=False) if not table.empty else course.t("progress.empty"))
            return 0
        if args.command == "generate-data":
            from course import datagen

            return int(datagen.main(["--out", args.out, "--seed", str(args.seed)]) or 0)
        if args.command == "messy-exports":
            from course import messy_exports

            argv = ["--out", args.out, "--seed", str(args.seed)] + (["--lines", str(args.lines)] if args.lines else [])
            return messy_exports.main(argv)
        if args.command in {"report", "progress-report"}:
            from course.reports import cli as report_cli

            return report_cli.run(args)
        if args.command in {"release", "grade", "review", "update-workbook", "gradebook", "class-report"}:
            from course.grading import commands

            return commands.run(args)
    except (ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    parser.print_help()
    return 2
