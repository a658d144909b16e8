"""Chapter 7 benchmarks: the kit's wrappers against calling the libraries directly, in the same run.

Run with ``python benchmarks/bench_ch07.py [--baskets N] [--leads N] [--repeat K]``.
Prints a table with ratios; asserts nothing about time (tests never do).

1. association rules on N generated baskets (the bundled B2C baskets resampled):
   :func:`course.precision.association_rules` from a (basket, item) table,
   including encoding and the exact-count recomputation, vs. mlxtend's
   ``fpgrowth`` + ``association_rules`` on an already encoded one-hot table,
   and vs. the usual mlxtend recipe (``TransactionEncoder`` on item lists first);
2. lead classification on N leads (:func:`course.datagen.big_leads`):
   :func:`course.precision.train_lead_model` vs. the same scikit-learn pipeline
   written out by hand (split, fit, score, AUC);
3. a small basket file that used to hang: 30 baskets of 34–40 items sharing a core of
   up to 30, at support 0.01 (one basket). :func:`course.precision.association_rules`
   picks its thresholds from a work estimate and says why; the baseline is mlxtend's
   ``fpgrowth`` at the same support with ``max_len=3`` (unbounded it does not finish:
   2**30 itemsets), so the kit's figure is compared with a run that was stopped by hand.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
import pandas as pd


def _best(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def big_baskets(n: int, seed: int = 0) -> pd.DataFrame:
    """n baskets drawn (with replacement) from the bundled B2C baskets, as (txn_id, item) rows."""
    from course import data

    items = data.load("b2c_basket_items")[["txn_id", "item"]]
    groups = items.groupby("txn_id")["item"].agg(list)
    pick = np.random.default_rng(seed).integers(0, len(groups), n)
    lists = groups.to_numpy()[pick]
    return pd.DataFrame({"txn_id": np.repeat(np.arange(n), [len(b) for b in lists]),
                         "item": np.concatenate(lists)})


def bench_rules(n: int, repeat: int, support: float = 0.01, confidence: float = 0.1) -> list[tuple]:
    from mlxtend.frequent_patterns import association_rules as ml_rules
    from mlxtend.frequent_patterns import fpgrowth
    from mlxtend.preprocessing import TransactionEncoder

    from course import precision

    print(f"generating {n:,} baskets …", flush=True)
    frame = big_baskets(n)
    kit_time, kit = _best(lambda: precision.association_rules(frame, support, confidence), repeat)
    onehot = precision.basket_matrix(frame)
    metrics = ["antecedent support", "consequent support", "support", "confidence", "lift"]

    def library(encoded: pd.DataFrame) -> pd.DataFrame:
        found = fpgrowth(encoded, min_support=support, use_colnames=True)
        rules = ml_rules(found, num_itemsets=len(encoded), metric="confidence", min_threshold=confidence,
                         return_metrics=metrics)
        return rules[rules["consequents"].map(len) == 1]

    core_time, core = _best(lambda: library(onehot), repeat)
    lists = frame.groupby("txn_id")["item"].agg(list).tolist()

    def recipe() -> pd.DataFrame:
        encoder = TransactionEncoder()
        return library(pd.DataFrame(encoder.fit(lists).transform(lists), columns=encoder.columns_))

    recipe_time, _ = _best(recipe, repeat)
    if len(core) != len(kit):
        raise SystemExit(f"rule counts differ: kit {len(kit)}, mlxtend {len(core)}")
    label = f"association_rules, {n:,} baskets ({len(kit)} rules)"
    return [(label, kit_time, "mlxtend fpgrowth+rules (pre-encoded)", core_time),
            (label, kit_time, "mlxtend recipe incl. TransactionEncoder", recipe_time)]


def bench_leads(n: int, repeat: int) -> list[tuple]:
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    from course import datagen, precision

    print(f"generating {n:,} leads …", flush=True)
    leads = datagen.big_leads(n, seed=0)
    kit_time, kit = _best(lambda: precision.train_lead_model(leads), repeat)
    features = list(precision.LEAD_FEATURES)
    text = ["source_method", "objection"]
    numeric = [f for f in features if f not in text]

    def direct() -> float:
        x = leads[features].astype({c: float for c in numeric})
        y = leads["converted"].to_numpy(dtype=int)
        x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, stratify=y, random_state=0)
        prep = ColumnTransformer([("num", Pipeline([("impute", SimpleImputer(strategy="median", add_indicator=True)),
                                                    ("scale", StandardScaler())]), numeric),
                                  ("cat", OneHotEncoder(handle_unknown="ignore"), text)])
        pipe = Pipeline([("prepare", prep), ("model", LogisticRegression(max_iter=1000, random_state=0))])
        pipe.fit(x_train, y_train)
        return roc_auc_score(y_test, pipe.predict_proba(x_test)[:, 1])

    direct_time, auc = _best(direct, repeat)
    if abs(auc - kit.auc) > 1e-6:
        raise SystemExit(f"AUCs differ: kit {kit.auc:.6f}, scikit-learn {auc:.6f}")
    return [(f"train_lead_model, {n:,} leads (AUC {kit.auc:.3f})", kit_time, "scikit-learn pipeline by hand", direct_time)]


def small_big_baskets() -> list[list[str]]:
    """30 baskets sharing a large core of items: every combination of the core is 'frequent' at one basket."""
    import random

    rng = random.Random(7)
    pool = [f"item{k:02d}" for k in range(60)]
    core = pool[:30]
    return [sorted(set(core[: rng.randint(24, 30)]) | set(rng.sample(pool, 10))) for _ in range(30)]


def bench_small_baskets(repeat: int) -> list[tuple[str, float, str, float]]:
    from mlxtend.frequent_patterns import fpgrowth

    from course import precision

    baskets = small_big_baskets()
    kit_time, rules = _best(lambda: precision.association_rules(baskets, 0.01, 0.5), repeat)
    onehot = precision.basket_matrix(baskets)
    base_time, _ = _best(lambda: fpgrowth(onehot, min_support=0.01, use_colnames=True, max_len=3), 1)
    print("30 baskets at support 0.01 — thresholds chosen: " + rules.attrs["thresholds"]["reason"]["en"])
    return [(f"association_rules, 30 big baskets ({len(rules)} rules)", kit_time, "mlxtend fpgrowth, max_len=3 only", base_time)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baskets", type=int, default=1_000_000)
    parser.add_argument("--leads", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = bench_small_baskets(args.repeat) + bench_rules(args.baskets, args.repeat) + bench_leads(args.leads, args.repeat)
    print(f"\nbest of {args.repeat} runs on {sys.platform}, Python {sys.version.split()[0]}")
    print(f"{'measure':52} {'seconds':>8}   {'baseline':40} {'seconds':>8} {'ratio':>6}")
    for name, value, base_name, base in rows:
        print(f"{name:52} {value:8.2f}   {base_name:40} {base:8.2f} {value / base:5.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
