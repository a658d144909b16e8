"""Chapter 4 benchmarks: 80/20 and RFM on generated transactions, against plain pandas in the same run.

Run with ``python benchmarks/bench_ch04.py [--rows N] [--customers C] [--repeat K]``.
Prints a table of seconds (best of K) and ratios; asserts nothing about time.

The transactions are made here with numpy (seeded): heavy-tailed spend per
customer, dates over three years, 0.5% returns (negative amounts) and 0.1%
rows without a customer id — the cases the kit's stated rules handle.

Baselines are the plain groupby a pandas user would write first:

1. 80/20 share — ``groupby().sum()``, sort, sum of the top ceil(20%);
2. ABC table — the same plus ``cumsum`` and ``np.where`` on the cut-offs;
3. RFM — ``groupby().agg(max date, count, sum)`` then ``pd.qcut`` on
   ``rank(method="first")`` (tie-breaking by row order, which the kit avoids).
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np
import pandas as pd

AS_OF = pd.Timestamp("2026-06-30")


def make_transactions(rows: int, customers: int, seed: int = 4) -> pd.DataFrame:
    """``rows`` transactions of ``customers`` customers, seeded."""
    rng = np.random.default_rng(seed)
    weight = rng.pareto(1.2, customers) + 0.05  # a few heavy buyers, a long tail
    who = rng.choice(customers, rows, p=weight / weight.sum())
    amount = np.round(rng.lognormal(5.0, 0.8, rows) * (1 + weight[who] / weight.max()), 2)
    amount[rng.random(rows) < 0.005] *= -1  # returns
    days = rng.integers(0, 3 * 365, rows)
    ids = np.char.add("C", np.char.zfill(who.astype(str), 6)).astype(object)
    ids[rng.random(rows) < 0.001] = None  # no customer id
    return pd.DataFrame({
        "customer_id": pd.array(ids, dtype="string"),
        "date": AS_OF - pd.to_timedelta(days, unit="D"),
        "amount": amount,
    })


def baseline_share(tx: pd.DataFrame, top: float = 0.2) -> float:
    totals = tx.dropna(subset=["customer_id"]).groupby("customer_id")["amount"].sum().clip(lower=0)
    v = totals.sort_values(ascending=False).to_numpy()
    return float(v[: math.ceil(top * len(v))].sum() / v.sum())


def baseline_abc(tx: pd.DataFrame) -> pd.Series:
    totals = tx.dropna(subset=["customer_id"]).groupby("customer_id")["amount"].sum().clip(lower=0)
    cum = totals.sort_values(ascending=False).cumsum() / totals.sum()
    return pd.Series(np.where(cum <= 0.8, "A", np.where(cum <= 0.95, "B", "C")), index=cum.index)


def baseline_rfm(tx: pd.DataFrame) -> pd.DataFrame:
    buys = tx.loc[tx["amount"] > 0].dropna(subset=["customer_id"])
    g = buys.groupby("customer_id").agg(last=("date", "max"), frequency=("amount", "size"), monetary=("amount", "sum"))
    g["recency_days"] = (AS_OF - g["last"]).dt.days
    g["r"] = pd.qcut((-g["recency_days"]).rank(method="first"), 5, labels=False) + 1
    g["f"] = pd.qcut(g["frequency"].rank(method="first"), 5, labels=False) + 1
    g["m"] = pd.qcut(g["monetary"].rank(method="first"), 5, labels=False) + 1
    return g


def _best(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from course import records

    print(f"generating {args.rows:,} transactions of {args.customers:,} customers …", flush=True)
    start = time.perf_counter()
    tx = make_transactions(args.rows, args.customers)
    print(f"  done in {time.perf_counter() - start:.2f} s", flush=True)
    cols = {"customer": "customer_id", "amount": "amount", "date": "date"}

    rows = []
    t_kit, share = _best(lambda: records.pareto_share(tx, columns=cols), args.repeat)
    t_base, share_base = _best(lambda: baseline_share(tx), args.repeat)
    if abs(share - share_base) > 1e-9:
        raise SystemExit(f"pareto_share {share} disagrees with the baseline {share_base}")
    rows.append(("80/20 share (pareto_share)", t_kit, t_base))

    t_kit, table = _best(lambda: records.pareto_table(tx, columns=cols), args.repeat)
    t_base, abc = _best(lambda: baseline_abc(tx), args.repeat)
    agree = (table["abc_class"].sort_index() == abc.sort_index()).mean()
    rows.append(("ABC classes (pareto_table)", t_kit, t_base))

    t_kit, rfm = _best(lambda: records.rfm_table(tx, columns=cols, as_of=AS_OF), args.repeat)
    t_base, base = _best(lambda: baseline_rfm(tx), args.repeat)
    same_rfm = (rfm[["recency_days", "frequency"]].sort_index().to_numpy() == base[["recency_days", "frequency"]].sort_index().to_numpy()).all()
    if not same_rfm:
        raise SystemExit("rfm_table recency/frequency disagree with the baseline")
    f_ties = int(base["frequency"].duplicated(keep=False).sum())
    split = int((base.groupby("frequency")["f"].nunique() > 1).sum())
    rows.append(("RFM scores + segments (rfm_table)", t_kit, t_base))

    print(f"\n{'step':<36}{'kit (s)':>10}{'pandas (s)':>12}{'kit / pandas':>14}")
    for name, kit, baseline in rows:
        print(f"{name:<36}{kit:>10.3f}{baseline:>12.3f}{kit / baseline:>14.2f}")
    print(f"\ntop-20% share {share:.4f} (same as the baseline); ABC classes agree on {agree:.2%} of customers")
    print(f"{len(rfm):,} customers scored; {f_ties:,} share a frequency with someone else, and the rank-'first' "
          f"baseline splits {split} frequency values across two or more F scores (the kit never does)")


if __name__ == "__main__":
    main()
