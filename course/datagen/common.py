"""Small vectorised helpers shared by the B2B and B2C generators (工具函数)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from course.datagen.reference import AS_OF, GIVEN_F, GIVEN_M, MOBILE_PREFIXES, SURNAMES

AS_OF_DAY = np.datetime64(AS_OF, "D")
DAY = np.timedelta64(1, "D")


def days(a: np.ndarray | np.datetime64, b: np.ndarray | np.datetime64) -> np.ndarray:
    """Whole days from ``a`` to ``b``."""
    return ((b - a) / DAY).astype(np.int64)


def uniform_dates(rng: np.random.Generator, lo: Any, hi: Any, n: int) -> np.ndarray:
    """Uniform dates in [lo, hi] (scalars or arrays of datetime64[D])."""
    span = np.maximum(
        days(np.asarray(lo, dtype="datetime64[D]"), np.asarray(hi, dtype="datetime64[D]")), 0
    )
    off = np.floor(rng.random(n) * (span + 1)).astype(np.int64)
    return np.asarray(lo, dtype="datetime64[D]") + off * DAY


def rowwise_choice(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One category index per row of a (n, k) probability (or weight) matrix."""
    cum = np.cumsum(probs, axis=1)
    cum = cum / cum[:, -1:]
    u = rng.random(len(probs))[:, None]
    return np.minimum((cum < u).sum(axis=1), probs.shape[1] - 1)


def ids(prefix: str, n: int, width: int) -> pd.Series:
    """``prefix`` + a zero-padded running number from 1."""
    return prefix + pd.Series(np.arange(1, n + 1)).astype(str).str.zfill(width)


def digits(rng: np.random.Generator, n: int, width: int) -> pd.Series:
    """Random digit strings of a fixed width."""
    return pd.Series(rng.integers(0, 10**width, n)).astype(str).str.zfill(width)


def mobiles(rng: np.random.Generator, n: int) -> pd.Series:
    """Fictional Chinese mobile numbers."""
    return pd.Series(MOBILE_PREFIXES[rng.integers(0, len(MOBILE_PREFIXES), n)]) + digits(rng, n, 8)


def names(rng: np.random.Generator, female: np.ndarray) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Chinese names, pinyin ('Wang Xiaoming') and an e-mail-friendly handle ('xiaoming.wang')."""
    n = len(female)
    sur = np.array(SURNAMES)
    sidx = rng.integers(0, len(sur), n)
    gf, gm = np.array(GIVEN_F), np.array(GIVEN_M)
    two = rng.random(n) < 0.6

    def pick(k: int) -> tuple[np.ndarray, np.ndarray]:
        fi = rng.integers(0, len(gf), n)
        mi = rng.integers(0, len(gm), n)
        zh = np.where(female, gf[fi, 0], gm[mi, 0])
        py = np.where(female, gf[fi, 1], gm[mi, 1])
        return zh, py

    z1, p1 = pick(1)
    z2, p2 = pick(2)
    given_zh = pd.Series(z1) + pd.Series(np.where(two, z2, ""))
    given_py = pd.Series(p1) + pd.Series(np.where(two, p2, ""))
    name_zh = pd.Series(sur[sidx, 0]) + given_zh
    name_en = pd.Series(sur[sidx, 1]) + " " + given_py.str.capitalize()
    handle = given_py + "." + pd.Series(sur[sidx, 1]).str.lower()
    return name_zh, name_en, handle


def top_share(values: pd.Series, frac: float = 0.2) -> float:
    """Share of the total held by the top ``frac`` of entities (rounded up)."""
    v = np.sort(np.asarray(values, dtype=float))[::-1]
    k = math.ceil(frac * len(v))
    return float(v[:k].sum() / v.sum())


def sigmoid(x: np.ndarray) -> np.ndarray:
    """The logistic function (log-odds -> probability)."""
    return 1.0 / (1.0 + np.exp(-x))
