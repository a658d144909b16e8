"""Command line of the kit: ``python -m course …`` or ``course …``.

Commands
--------
build notebooks [CHAPTER …]   re-execute the course notebooks (en + zh)
build workbook [CHAPTER …]    regenerate the blank trainee workbooks
progress [--chapter ch01]     show the local record of checks
generate-data --out DIR       regenerate the bundled datasets (seeded)

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
    build.add_argument("what", choices=["notebooks", "workbook"], help="what to build")
    build.add_argument("chapters", nargs="*", help="chapter numbers or stems (default: all), e.g. 01")

    prog = sub.add_parser("progress", help="show your local record of checked exercises")
    prog.add_argument("--chapter", default="", help="limit to one chapter, e.g. ch01")
    prog.add_argument("--lang", choices=["en", "zh"], default=None)

    gen = sub.add_parser("generate-data", help="regenerate the bundled datasets from the seeded generator")
    gen.add_argument("--out", default="datasets", help="output folder (default: datasets)")
    gen.add_argument("--seed", type=int, default=2026)
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
            else:
                authoring.build_workbooks(args.chapters)
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
    except (ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    parser.print_help()
    return 2
