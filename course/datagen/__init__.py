"""Seeded generator of the kit's bundled datasets (数据生成器).

Two fictional businesses mirror the course:

* **B2B** — 华信办公设备有限公司 (Huaxin Office Equipment), a dealer in
  Hangzhou selling copiers, printers, network gear, service contracts and
  consumables to organisations in East China (:mod:`course.datagen.b2b`);
* **B2C** — 悦享生活馆 (Yuexiang Living), a lifestyle store chain with a
  membership card (:mod:`course.datagen.b2c`).

How the package reads:

========================  ==================================================
:mod:`.reference`          who and what exists: names, places, products, mixes
:mod:`.effects`            **every planted cause and effect**, documented
:mod:`.leads`              a lead's pre-contact profile, then its sale, step by step
:mod:`.b2b`, :mod:`.b2c`   the two businesses, built in the order things happen
:mod:`.truth`              the planted structure measured back (``ground_truth.json``)
:mod:`.dictionary`         the bilingual data dictionary of ``datasets/README.md``
:mod:`.cli`                ``python datasets/generate.py`` / ``python -m course.datagen``
========================  ==================================================

The generator plants causes, not answers: no column is derived from the
outcome it helps to predict. Everything is drawn from one
:class:`numpy.random.Generator` seeded with ``seed``; the same seed gives
byte-identical files. The "today" of the data is :data:`AS_OF` (2026-06-30).

File format: UTF-8 CSV, comma separated, no index, dates ``YYYY-MM-DD``,
booleans ``true``/``false``, missing values empty.

Examples
--------
>>> from course import datagen
>>> tables = datagen.generate(seed=2026)          # doctest: +SKIP
>>> datagen.write("datasets", seed=2026)          # doctest: +SKIP
>>> big = datagen.big_leads(1_000_000, seed=0)    # doctest: +SKIP
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from course.datagen.b2b import generate_b2b
from course.datagen.b2c import generate_b2c
from course.datagen.common import ids
from course.datagen.dictionary import data_dictionary_markdown
from course.datagen.leads import lead_core
from course.datagen.reference import AS_OF, TEXTBOOK_ACCOUNT
from course.datagen.truth import ground_truth as _measure
from course.schemas import SCHEMAS

__all__ = [
    "AS_OF",
    "DEFAULT_SEED",
    "GENERATOR_VERSION",
    "TEXTBOOK_ACCOUNT",
    "big_leads",
    "data_dictionary_markdown",
    "generate",
    "ground_truth",
    "main",
    "to_csv_bytes",
    "write",
]

DEFAULT_SEED = 2026
#: 2: leads are run as a sales process (no feature derived from the outcome), lead_status, fleet
#: expansions, fewer orders after dissatisfaction
GENERATOR_VERSION = 2


def _finalize(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """Order columns as in the schema and give them the dtypes :func:`course.data.load` returns."""
    spec = SCHEMAS[name]["columns"]
    df = df[list(spec)].copy()
    for col, s in spec.items():
        dt = s["dtype"]
        if dt == "date":
            df[col] = pd.to_datetime(df[col]).astype("datetime64[ns]")
        elif dt == "bool":
            df[col] = df[col].astype("boolean") if df[col].isna().any() else df[col].astype(bool)
        elif dt == "int":
            df[col] = df[col].astype("Int64") if df[col].isna().any() else df[col].astype(np.int64)
        elif dt == "float":
            df[col] = df[col].astype(float)
        else:
            df[col] = df[col].astype("str")
    return df.reset_index(drop=True)


def _generate(seed: int, scale: float) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    rng = np.random.default_rng(seed)
    b2b, t1 = generate_b2b(rng, scale)
    b2c, t2 = generate_b2c(rng, scale)
    tables = {**b2b, **b2c}
    tables = {name: _finalize(tables[name], name) for name in SCHEMAS}
    return tables, {**t1, **t2}


def generate(seed: int = DEFAULT_SEED, scale: float = 1.0) -> dict[str, pd.DataFrame]:
    """Generate every bundled table.

    Parameters
    ----------
    seed : int
        Seed of the :class:`numpy.random.Generator`; same seed, same data.
    scale : float
        Multiplies the row counts (1.0 gives the committed sizes: 600
        accounts, 3,000 leads, ~9,000 orders, 20,000 transactions).

    Returns
    -------
    dict[str, pandas.DataFrame]
        Table name -> frame, columns and dtypes as in :mod:`course.schemas`.

    Examples
    --------
    >>> t = generate(seed=2026, scale=0.1)
    >>> sorted(t)[:2]
    ['b2b_accounts', 'b2b_contacts']
    """
    return _generate(seed, scale)[0]


def ground_truth(
    tables: dict[str, pd.DataFrame], planted: dict[str, Any], seed: int
) -> dict[str, Any]:
    """The planted structure measured on ``tables`` (what ``ground_truth.json`` holds)."""
    return _measure(tables, planted, seed, GENERATOR_VERSION)


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """The kit's CSV encoding of a table: UTF-8, ISO dates, ``true``/``false``, empty = missing."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_bool_dtype(s):
            out[col] = s.map({True: "true", False: "false"}).astype(object)
            out.loc[s.isna(), col] = ""
    return out.to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\n").encode("utf-8")


def write(
    out_dir: str | Path = "datasets", seed: int = DEFAULT_SEED, scale: float = 1.0
) -> list[Path]:
    """Write every table as ``<name>.csv`` plus ``ground_truth.json`` to ``out_dir``.

    Returns the written paths. Same seed -> byte-identical files.

    Examples
    --------
    >>> write("/tmp/ds", seed=2026)              # doctest: +SKIP
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tables, planted = _generate(seed, scale)
    paths = []
    for name, df in tables.items():
        p = out / f"{name}.csv"
        p.write_bytes(to_csv_bytes(df))
        paths.append(p)
    gt = ground_truth(tables, planted, seed)
    p = out / "ground_truth.json"
    p.write_text(json.dumps(gt, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    paths.append(p)
    return paths


def big_leads(n: int = 1_000_000, seed: int = 0) -> pd.DataFrame:
    """A large leads table (``b2b_leads`` columns) for benchmarks.

    The same pre-contact profile and sales process as the bundled leads;
    account standing, distance and relationship are drawn at random and
    account and contact ids are synthetic (about 5 leads per account).
    1M rows take a few seconds.

    Examples
    --------
    >>> df = big_leads(10_000, seed=1)
    >>> list(df.columns) == list(SCHEMAS["b2b_leads"]["columns"])
    True
    """
    rng = np.random.default_rng(seed)
    df, _ = lead_core(rng, n)
    n_acc = max(1, n // 5)
    acc = rng.integers(1, n_acc + 1, n)
    width = max(4, len(str(n_acc)))
    df.insert(0, "lead_id", ids("L", n, max(5, len(str(n)))))
    df.insert(1, "account_id", "A" + pd.Series(acc).astype(str).str.zfill(width))
    df.insert(
        2,
        "contact_id",
        "C" + pd.Series(acc * 3 + rng.integers(0, 3, n)).astype(str).str.zfill(width + 1),
    )
    return _finalize(df, "b2b_leads")


def main(argv=None) -> int:
    """Command line (see :mod:`course.datagen.cli`)."""
    from course.datagen.cli import main as _main

    return _main(argv)
