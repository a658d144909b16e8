"""Command line of the generator (命令行).

``python datasets/generate.py --out datasets --seed 2026`` writes the bundled
tables and ``ground_truth.json``; ``--big N`` writes a leads CSV with N rows
for benchmarks instead. Also ``python -m course.datagen``.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    """``--out DIR --seed N`` writes the datasets; ``--big N`` a big leads CSV."""
    from course import datagen

    ap = argparse.ArgumentParser(
        prog="generate.py", description="Regenerate the kit's bundled datasets."
    )
    ap.add_argument(
        "--out",
        default=None,
        help="output folder (default: datasets/, or datasets/big/ with --big)",
    )
    ap.add_argument(
        "--seed", type=int, default=datagen.DEFAULT_SEED, help="random seed (default 2026)"
    )
    ap.add_argument(
        "--big",
        type=int,
        default=None,
        metavar="N",
        help="write a leads CSV with N rows for benchmarks instead",
    )
    args = ap.parse_args(argv)
    root = Path(__file__).resolve().parent.parent.parent / "datasets"
    if args.big is not None:
        out = Path(args.out) if args.out else root / "big"
        out.mkdir(parents=True, exist_ok=True)
        p = out / f"b2b_leads_{args.big}.csv"
        p.write_bytes(datagen.to_csv_bytes(datagen.big_leads(args.big, seed=args.seed)))
        print(f"wrote {p}")
        return 0
    out = Path(args.out) if args.out else root
    for p in datagen.write(out, seed=args.seed):
        print(f"wrote {p}")
    readme = out / "README.md"
    if readme.is_file():  # the repository's datasets/README.md carries a generated section
        import json

        from course.datagen.dictionary import update_readme

        truth = json.loads((out / "ground_truth.json").read_text(encoding="utf-8"))
        if update_readme(readme, truth):
            print(f"updated {readme}")
    return 0
