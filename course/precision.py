"""Chapter 7 — precision marketing (精确营销): association rules, cross-selling, up-selling.

This module holds the market-basket side of the chapter and re-exports the
models of :mod:`course.precision_models` (lead scoring, gains and lift,
targeting, next-year spend, unusual orders), so notebooks need one import.

Association rules are mined with mlxtend (``fpgrowth`` or ``apriori``) and
every rule metric is then recomputed from exact integer basket counts, so a
support of 3/5 is exactly 0.6 and a confidence threshold of 0.7 keeps 7/10.

>>> baskets = [["bread", "milk"], ["bread", "diapers", "beer", "eggs"], ["milk", "diapers", "beer", "cola"],
...            ["bread", "milk", "diapers", "beer"], ["bread", "milk", "diapers", "cola"]]
>>> rules = association_rules(baskets, min_support=0.6, min_confidence=0.7)
>>> row = rules[(rules.antecedents == {"diapers"}) & (rules.consequents == {"beer"})].iloc[0]
>>> float(row.support), float(row.confidence), float(row.lift)
(0.6, 0.75, 1.25)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from course.i18n import t
from course.precision_models import (
    AFTER_OUTCOME,
    AS_OF,
    DAY_ONE,
    IN_SALE,
    IN_SALE_SIGNALS,
    LEAD_FEATURES,
    LEAKY_COLUMNS,
    LeadModel,
    data_error,
    day_one_view,
    gains_curve,
    gains_table,
    leads_for_budget,
    plot_gains,
    targeting_summary,
    to_kit_names,
    train_lead_model,
)
from course.precision_orders import (
    ORDER_RULES,
    SPEND_FEATURES,
    SpendModel,
    flag_orders,
    planted_recall,
    spend_features,
    train_spend_model,
)
from course.precision_targets import (
    TargetModel,
    leakage_check,
    train_target_model,
)

RULE_COLUMNS = ("antecedents", "consequents", "antecedent_support", "consequent_support", "support", "confidence",
                "lift", "count", "antecedent_count", "consequent_count", "negative")
PRODUCTS = ("copier", "printer", "switch", "router", "service_contract", "toner", "paper", "installation")


# --------------------------------------------------------------------------- baskets
def basket_matrix(baskets, columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Baskets as a one-hot table: one row per basket, one boolean column per item (sorted).

    ``baskets`` is a list of item lists (an empty list is an empty basket and
    still counts), or a DataFrame of (basket id, item) rows: the columns
    ``basket``/``item`` via ``columns={"basket": ..., "item": ...}``, else
    ``txn_id``/``basket_id`` and ``item``, else the only two columns.
    Duplicate items in a basket count once.

    >>> basket_matrix([["tea", "cup"], ["tea"], []]).sum().to_dict()
    {'cup': 1, 'tea': 2}
    """
    pairs = _basket_pairs(baskets, columns)
    return _onehot(pairs, np.arange(len(pairs.items)))


@dataclass(frozen=True)
class _Pairs:
    """Baskets as (basket code, item code) pairs, each pair once: the sparse form every count starts from."""

    basket_ids: pd.Index
    items: np.ndarray
    basket_codes: np.ndarray
    item_codes: np.ndarray

    @property
    def n(self) -> int:
        return len(self.basket_ids)

    def item_counts(self) -> np.ndarray:
        return np.bincount(self.item_codes, minlength=len(self.items))


def _basket_pairs(baskets, columns: Mapping[str, str] | None = None) -> _Pairs:
    if isinstance(baskets, pd.DataFrame):
        basket_col, item_col = _basket_columns(baskets, columns)
        pairs = baskets[[basket_col, item_col]].dropna().drop_duplicates()
        basket_codes, basket_ids = pd.factorize(pairs[basket_col], sort=True)
        items = np.asarray(sorted(pairs[item_col].unique(), key=str), dtype=object)
        item_codes = pd.Index(items).get_indexer(pairs[item_col])
        return _Pairs(pd.Index(basket_ids), items, np.asarray(basket_codes), np.asarray(item_codes))
    if isinstance(baskets, Iterable) and not isinstance(baskets, str | bytes | Mapping):
        rows = [list(dict.fromkeys(b)) if isinstance(b, Iterable) and not isinstance(b, str) else None for b in baskets]
        if any(r is None for r in rows):
            raise data_error("baskets: each basket must be a list of items, e.g. [['tea', 'cup'], ['tea']].",
                             "baskets：每个购物篮都应是商品列表，例如 [['茶叶', '茶杯'], ['茶叶']]。", source="baskets")
        items = np.asarray(sorted({i for r in rows for i in r}, key=str), dtype=object)
        index = {item: k for k, item in enumerate(items)}
        basket_codes = np.repeat(np.arange(len(rows)), [len(r) for r in rows])
        item_codes = np.fromiter((index[i] for r in rows for i in r), dtype=np.int64, count=len(basket_codes))
        return _Pairs(pd.RangeIndex(len(rows)), items, basket_codes, item_codes)
    raise data_error(f"baskets: expected a list of item lists or a (basket, item) DataFrame, got {type(baskets).__name__}.",
                     f"baskets：需要“商品列表的列表”或（购物篮编号，商品）两列的表，实际是 {type(baskets).__name__}。",
                     source="baskets")


def _onehot(pairs: _Pairs, keep: np.ndarray) -> pd.DataFrame:
    """The one-hot table of ``pairs`` restricted to the item codes ``keep`` (all baskets kept)."""
    position = np.full(len(pairs.items), -1)
    position[keep] = np.arange(len(keep))
    mask = position[pairs.item_codes] >= 0
    matrix = np.zeros((pairs.n, len(keep)), dtype=bool)
    matrix[pairs.basket_codes[mask], position[pairs.item_codes[mask]]] = True
    return pd.DataFrame(matrix, index=pairs.basket_ids, columns=pd.Index(pairs.items[keep], dtype=object))


def _basket_columns(frame: pd.DataFrame, columns: Mapping[str, str] | None) -> tuple[str, str]:
    if columns:
        basket, item = columns.get("basket", "basket"), columns.get("item", "item")
    elif "item" in frame.columns and ({"txn_id", "basket_id", "basket"} & set(frame.columns)):
        basket = next(c for c in ("txn_id", "basket_id", "basket") if c in frame.columns)
        item = "item"
    elif frame.shape[1] == 2:
        basket, item = frame.columns
    else:
        basket, item = "basket", "item"
    missing = [c for c in (basket, item) if c not in frame.columns]
    if missing:
        raise data_error(
            f"baskets: cannot tell the basket id and item columns (missing {missing}; found {list(frame.columns)}). "
            "Fix: pass columns={'basket': 'your_basket_id', 'item': 'your_item'}.",
            f"baskets：分不清哪一列是购物篮编号、哪一列是商品（缺少 {missing}，现有 {list(frame.columns)}）。"
            "请传入 columns={'basket': '购物篮编号列', 'item': '商品列'}。", source="baskets", column=missing[0])
    return basket, item


# --------------------------------------------------------------------------- association rules
#: itemset occurrences the miner may have to walk through (the first half of the work estimate's budget)
MAX_WORK = 3_000_000
#: rules the frequent itemsets could yield at most (the second half: each rule costs a few microseconds to state)
MAX_RULES = 60_000
#: a "rule" seen in one basket is an anecdote: the fewest baskets an itemset needs unless min_count says otherwise
MIN_COUNT = 2


def _work(pairs: _Pairs, counts: np.ndarray, min_count: int, max_len: int | None,
          max_consequent: int | None = 1) -> tuple[float, float, int]:
    """The work estimate for a count and a length.

    Returns ``(occurrences, rules, widest)``: the itemsets of 2…``max_len`` frequent items found inside the
    baskets, summed over baskets (what the miner walks through at most); the rules those itemsets could give if
    each appeared in just ``min_count`` baskets (an upper bound on the rules to state); and the most frequent
    items in one basket.
    """
    frequent = counts[pairs.item_codes] >= min_count
    per_basket = np.bincount(pairs.basket_codes[frequent], minlength=pairs.n)
    sizes, how_many = np.unique(per_basket[per_basket >= 2], return_counts=True)
    occurrences = rules = 0.0
    for size, k in zip(sizes.tolist(), how_many.tolist(), strict=True):
        top = size if max_len is None else min(size, max_len)
        for length in range(2, top + 1):
            sets = float(math.comb(size, length))
            right = length - 1 if max_consequent is None else min(max_consequent, length - 1)
            occurrences += k * sets
            rules += k * sets * sum(math.comb(length, r) for r in range(1, right + 1))
    return occurrences, rules / max(min_count, 1), int(per_basket.max(initial=0))


def rule_thresholds(baskets, min_support: float, *, min_count: int | None = None, max_len: int | None = None,
                    max_work: float | None = MAX_WORK, max_rules: float | None = MAX_RULES, max_consequent: int | None = 1,
                    columns: Mapping[str, str] | None = None) -> dict:
    """The thresholds :func:`association_rules` will mine with, and why: a work estimate, not a hope.

    The fewest baskets an itemset needs is ``ceil(min_support × baskets)``, at
    least ``min_count`` (default :data:`MIN_COUNT`: one basket is an
    anecdote). The work is estimated from the baskets themselves: the
    itemsets of 2 to ``max_len`` frequent items inside each basket (what the
    miner walks through, at most ``max_work``) and the rules they could give
    (at most ``max_rules``). Over either budget the longest itemset is
    shortened first (when ``max_len`` was not given), then the count is
    raised, until the estimate fits.

    Returns a plain dict: ``n_baskets``, ``min_support_asked``, ``min_count``,
    ``min_support`` (the share the count means), ``max_len`` (``None`` = no
    limit), ``work`` and ``rules_bound`` (the estimate), ``max_work``,
    ``max_rules``, ``changed`` (what was raised or limited: ``floor``,
    ``length``, ``count``) and ``reason`` (``{"en", "zh"}``: one paragraph
    saying all of it).

    >>> rule_thresholds([["a", "b"]] * 29 + [["a", "c"]], 0.01)["min_count"]
    2
    """
    pairs = _basket_pairs(baskets, columns)
    return _thresholds(pairs, pairs.item_counts(), min_support, min_count, max_len, max_work, max_rules, max_consequent)


def _thresholds(pairs: _Pairs, counts: np.ndarray, min_support: float, min_count: int | None, max_len: int | None,
                max_work: float | None, max_rules: float | None = MAX_RULES, max_consequent: int | None = 1) -> dict:
    n = pairs.n
    asked = max(1, math.ceil(min_support * n - 1e-9))
    floor = MIN_COUNT if min_count is None else int(min_count)
    count = max(asked, floor)
    changed: list[str] = ["floor"] if floor > asked else []
    length = max_len

    def fits(c: int, ln: int | None) -> tuple[bool, tuple[float, float, int]]:
        est = _work(pairs, counts, c, ln, max_consequent)
        return (max_work is None or est[0] <= max_work) and (max_rules is None or est[1] <= max_rules), est

    ok, est = fits(count, length)
    if not ok and max_len is None:
        length, est_at = 2, fits(count, 2)[1]
        while length + 1 <= est[2]:
            bigger_ok, bigger = fits(count, length + 1)
            if not bigger_ok:
                break
            length, est_at = length + 1, bigger
        est, ok = est_at, fits(count, length)[0]
        changed.append("length")
    if not ok:  # even the shortest rules are too many: demand more baskets per itemset
        options = np.unique(counts[counts > count])
        lo, hi = 0, len(options)  # the smallest count that fits; len(options) means no item is frequent enough
        while lo < hi:
            mid = (lo + hi) // 2
            if fits(int(options[mid]), length)[0]:
                hi = mid
            else:
                lo = mid + 1
        count = int(options[lo]) if lo < len(options) else int(counts.max(initial=0)) + 1
        est = fits(count, length)[1]
        changed.append("count")
    out = {"n_baskets": n, "min_support_asked": float(min_support), "min_count": count, "min_support": count / n,
           "max_len": length, "work": est[0], "rules_bound": est[1], "max_work": max_work, "max_rules": max_rules,
           "changed": changed, "widest": _work(pairs, counts, max(asked, floor), None, max_consequent)[2],
           "asked_count": asked}
    out["reason"] = _threshold_reason(out)
    return out


def _threshold_reason(th: dict) -> dict[str, str]:
    from course.i18n import both

    values = {"n": f"{th['n_baskets']:,}", "count": f"{th['min_count']:,}", "support": f"{th['min_support']:.2%}",
              "asked": f"{th['min_support_asked']:.2%}", "asked_count": f"{th['asked_count']:,}",
              "work": f"{th['work']:,.0f}", "rules": f"{th['rules_bound']:,.0f}", "widest": th["widest"],
              "length": th["max_len"] or "—"}
    parts = [both("rules.why.base" if th["max_len"] is None else "rules.why.base_len", **values)]
    parts += [both(f"rules.why.{key}", **values) for key in th["changed"]]
    return {lang: " ".join(p[lang] for p in parts) if lang == "en" else "".join(p[lang] for p in parts)
            for lang in ("en", "zh")}


def association_rules(
    baskets,
    min_support: float,
    min_confidence: float,
    max_consequent: int | None = 1,
    *,
    columns: Mapping[str, str] | None = None,
    algorithm: str = "fpgrowth",
    max_len: int | None = None,
    min_count: int | None = None,
    max_work: float | None = MAX_WORK,
    max_rules: float | None = MAX_RULES,
) -> pd.DataFrame:
    """Association rules A → B with support, confidence and lift from exact counts, in bounded time.

    Parameters
    ----------
    baskets : list of item lists, or DataFrame of (basket id, item) rows
        See :func:`basket_matrix`.
    min_support : float
        Share of baskets (0–1] that must contain all the rule's items.
    min_confidence : float
        Share of baskets with A that must also contain B.
    max_consequent : int or None
        Most items on the right-hand side (1 = "buys X → offer Y"); ``None``
        for no limit.
    algorithm : {"fpgrowth", "apriori"}
        The mlxtend function that finds the frequent itemsets.
    max_len : int, optional
        Most items in a rule (both sides). Default: no limit unless the work
        estimate needs one.
    min_count : int, optional
        Fewest baskets a rule's items must appear in together, whatever the
        support says; default :data:`MIN_COUNT` (2). ``min_count=1`` keeps
        rules seen once.
    max_work, max_rules : float, optional
        Budgets of the work estimate (see :func:`rule_thresholds`); ``None``
        for no bound (the mining may then take very long on small support).

    Returns
    -------
    DataFrame
        ``antecedents``, ``consequents`` (frozensets), ``antecedent_support``,
        ``consequent_support``, ``support``, ``confidence``, ``lift``, the
        integer ``count``/``antecedent_count``/``consequent_count`` and
        ``negative`` (lift < 1); strongest lift first.
        ``attrs["thresholds"]`` holds the thresholds used and the reason for
        them (:func:`rule_thresholds`).

    Raises
    ------
    course.data.DataError
        Fewer than two baskets, no basket with two different items, bad thresholds.

    Examples
    --------
    >>> rules = association_rules([["tea", "cup"]] * 20 + [["tea"], ["cup", "pot"]] * 5, 0.01, 0.5)
    >>> rules.attrs["thresholds"]["min_count"], rules.attrs["thresholds"]["reason"]["en"][:30]
    (2, 'Rules come from 30 baskets: it')
    """
    from mlxtend.frequent_patterns import apriori, fpgrowth

    pairs = _basket_pairs(baskets, columns)
    n = pairs.n
    if n < 2:
        raise data_error(f"baskets: {n} basket(s); rules need at least 2. Fix: pass more transactions.",
                         f"baskets：只有 {n} 个购物篮，至少需要 2 个。请提供更多交易。", source="baskets")
    sizes = np.bincount(pairs.basket_codes, minlength=n)
    if len(pairs.items) == 0 or int(sizes.max(initial=0)) < 2:
        raise data_error(
            "baskets: every basket holds a single item, so no item is ever bought together with another. "
            "Fix: group the rows by transaction (one basket = everything bought in one visit).",
            "baskets：每个购物篮都只有一种商品，商品之间没有任何同时购买的记录。请按交易分组（一次购物买的全部商品算一个购物篮）。",
            source="baskets")
    if not (0 < min_support <= 1 and 0 <= min_confidence <= 1):
        raise ValueError("min_support must be in (0, 1] and min_confidence in [0, 1] / 最小支持度须在 (0, 1]，最小置信度须在 [0, 1]")
    if max_consequent is not None and max_consequent < 1:
        raise ValueError("max_consequent must be ≥ 1 or None / max_consequent 须 ≥ 1 或为 None")
    if min_count is not None and min_count < 1:
        raise ValueError("min_count must be ≥ 1 / min_count 须 ≥ 1")
    finder = {"fpgrowth": fpgrowth, "apriori": apriori}[algorithm]
    counts = pairs.item_counts()
    th = _thresholds(pairs, counts, min_support, min_count, max_len, max_work, max_rules, max_consequent)
    keep = np.flatnonzero(counts >= th["min_count"])
    if len(keep) < 2:
        rules = _rules_from_counts({}, n, min_confidence, max_consequent)
        rules.attrs["thresholds"] = th
        return rules
    onehot = _onehot(pairs, keep)  # only the items frequent enough: a much smaller table to mine
    found = finder(onehot, min_support=(th["min_count"] - 0.5) / n, use_colnames=True, max_len=th["max_len"])
    counted = dict(zip(found["itemsets"], np.rint(found["support"].to_numpy() * n).astype(np.int64), strict=True))
    singles = dict(zip(pairs.items[keep], counts[keep].tolist(), strict=True))
    for itemset, count in counted.items():  # mlxtend's shares, turned back into counts, must be exact
        if len(itemset) == 1 and singles[next(iter(itemset))] != count:  # pragma: no cover - guards a library change
            raise RuntimeError("itemset counts disagree with the basket table")
    rules = _rules_from_counts(counted, n, min_confidence, max_consequent)
    rules.attrs["thresholds"] = th
    return rules


def _rules_from_counts(counts: Mapping[frozenset, int], n: int, min_confidence: float,
                       max_consequent: int | None) -> pd.DataFrame:
    """Every split of every frequent itemset into A → B, kept if count(A∪B)/count(A) ≥ min_confidence."""
    from itertools import combinations

    rows = []
    for itemset, both in counts.items():
        if len(itemset) < 2:
            continue
        items = sorted(itemset, key=str)
        largest = len(items) - 1 if max_consequent is None else min(max_consequent, len(items) - 1)
        for size in range(1, largest + 1):
            for right in combinations(items, size):
                consequent = frozenset(right)
                antecedent = itemset - consequent
                a, c = counts[antecedent], counts[consequent]
                if both >= min_confidence * a - 1e-9:
                    rows.append((antecedent, consequent, a, c, both))
    frame = pd.DataFrame(rows, columns=["antecedents", "consequents", "antecedent_count", "consequent_count", "count"])
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("antecedents", "consequents") else float) for c in RULE_COLUMNS})
    a, c, both = (frame[k].to_numpy(dtype=float) for k in ("antecedent_count", "consequent_count", "count"))
    frame["antecedent_support"] = a / n
    frame["consequent_support"] = c / n
    frame["support"] = both / n
    frame["confidence"] = both / a
    frame["lift"] = both * n / (a * c)
    frame["negative"] = frame["lift"] < 1 - 1e-12
    # ties in lift, confidence and support are ordered by the rule's text (only those: stating it costs time)
    tied = frame.duplicated(["lift", "confidence", "support"], keep=False).to_numpy()
    frame["_key"] = ""
    if tied.any():
        frame.loc[tied, "_key"] = [_rule_text(x, y, None) for x, y in zip(frame.loc[tied, "antecedents"],
                                                                           frame.loc[tied, "consequents"], strict=True)]
    frame = frame.sort_values(["lift", "confidence", "support", "_key"], ascending=[False, False, False, True], kind="stable")
    return frame[list(RULE_COLUMNS)].reset_index(drop=True)


class PairStats(dict):
    """The result of :func:`pair_stats`: a plain dict that reads as a sentence in a notebook (either language)."""

    def describe(self, lang: str | None = None) -> str:
        verdict = t("ch07.pair.negative" if self["negative"] else "ch07.pair.positive", lang)
        return t("ch07.pair.summary", lang, **self, verdict=verdict)

    def _repr_markdown_(self) -> str:
        return self.describe()


def pair_stats(baskets, a, b, columns: Mapping[str, str] | None = None) -> dict[str, float]:
    """Exact support, confidence and lift of the single rule a → b (for any pair, however rare).

    >>> baskets = [["games", "videos"]] * 4000 + [["games"]] * 2000 + [["videos"]] * 3500 + [[]] * 500
    >>> s = pair_stats(baskets, "games", "videos")
    >>> round(s["lift"], 2), s["negative"]
    (0.89, True)
    """
    onehot = basket_matrix(baskets, columns)
    for item in (a, b):
        if item not in onehot.columns:
            raise data_error(f"baskets: no basket contains {item!r}. Check the spelling of the item.",
                             f"baskets：没有任何购物篮含有 {item!r}，请检查商品名称。", source="baskets", column=str(item))
    n = len(onehot)
    ca, cb = int(onehot[a].sum()), int(onehot[b].sum())
    both = int((onehot[a] & onehot[b]).sum())
    lift = both * n / (ca * cb)
    return PairStats({"n_baskets": n, "count_antecedent": ca, "count_consequent": cb, "count_both": both,
                      "support": both / n, "confidence": both / ca, "lift": lift, "negative": lift < 1})


def item_names(items: pd.DataFrame, lang: str | None = None) -> dict[str, str]:
    """Item -> display name in ``lang`` (English names from ``item_en`` when the table has them)."""
    from course.i18n import get_language

    if (lang or get_language()) == "en" and {"item", "item_en"} <= set(items.columns):
        pairs = items[["item", "item_en"]].dropna().drop_duplicates("item")
        return dict(zip(pairs["item"], pairs["item_en"], strict=True))
    return {}


def _rule_text(antecedent: Iterable, consequent: Iterable, names: Mapping[str, str] | None) -> str:
    def side(items):
        return " + ".join(sorted((names or {}).get(i, str(i)) for i in items))

    return f"{side(antecedent)} → {side(consequent)}"


def _rules_frame(rules: pd.DataFrame, names: Mapping[str, str] | None, top: int | None, lang: str | None) -> pd.DataFrame:
    shown = rules.head(top) if top else rules
    names = names or {}

    def side(items):
        return " + ".join(sorted(_item_name(i, names, lang) for i in items))

    table = pd.DataFrame({
        "if_buys": [side(a) for a in shown["antecedents"]],
        "offer": [side(c) for c in shown["consequents"]],
        "support": shown["support"],
        "confidence": shown["confidence"],
        "lift": shown["lift"],
        "count": shown["count"],
    })
    table.index = pd.RangeIndex(1, len(table) + 1)
    return table


def _item_name(item, names: Mapping[str, str], lang: str | None) -> str:
    """An item as people call it: ``names`` first, then the kit's own item names (the textbook's basket)."""
    from course.i18n import messages

    if item in names:
        return str(names[item])
    key = f"ch07.item.{item}"
    return t(key, lang) if isinstance(item, str) and key in messages() else str(item)


def rules_table(rules: pd.DataFrame, names: Mapping[str, str] | None = None, top: int | None = 10) -> pd.DataFrame:
    """A readable rules table: "if a customer buys…", "…offer", support, confidence, lift (headers translated)."""
    table = _rules_frame(rules, names, top, None)
    table["support"], table["confidence"], table["lift"] = (
        table["support"].round(4), table["confidence"].round(3), table["lift"].round(2))
    return labels(table)


def show_rules(rules: pd.DataFrame, names: Mapping[str, str] | None = None, top: int | None = 10,
               lang: str | None = None):
    """The rules as a table in the house style: ranked, support and confidence as per cent, lift to two places.

    >>> rules = association_rules([["bread", "milk"], ["bread", "milk"], ["bread"]], 0.5, 0.5)
    >>> print(show_rules(rules, lang="zh").text())
    # 顾客买了 推荐 支持度 置信度 提升度 购物篮数
    1 牛奶     面包  66.7% 100.0%   1.00        2
    2 面包     牛奶  66.7%  66.7%   1.00        2
    """
    return table(_rules_frame(rules, names, top, lang), lang, decimals={"lift": 2}, percent=["support", "confidence"])


def plot_rules(rules: pd.DataFrame, names: Mapping[str, str] | None = None, label_top: int = 4, lang: str | None = None):
    """Support (x) against confidence (y), coloured by lift (with its colour bar); the strongest rules numbered.

    Every dot has the same size: lift is the colour, and a second encoding of it would need a
    legend of its own. The numbers sit where they cover no dot or other number, and the key
    under the plot spells each numbered rule out, so nothing inside the plot can hide a point.
    """
    from matplotlib.lines import Line2D

    from course.plots import label_points, new_figure

    fig, ax = new_figure(8.5, 5.2)
    points = ax.scatter(rules["support"] * 100, rules["confidence"] * 100, c=rules["lift"], cmap="viridis",
                        s=55, edgecolor="white", linewidth=0.5)
    bar = fig.colorbar(points, ax=ax)
    bar.set_label(t("ch07.rules.lift", lang))
    xmax = max(1.0, float(rules["support"].max()) * 100 * 1.4)
    picked, seen = [], set()
    for row in rules.sort_values("confidence", ascending=False, kind="stable").itertuples():
        pair = row.antecedents | row.consequents
        if pair not in seen and row.lift > 1 and row.lift >= float(rules["lift"].nlargest(label_top * 2).min()):
            seen.add(pair)  # one label per item set: A → B and B → A sit at the same support
            picked.append(row)
    chosen = sorted(picked[:label_top], key=lambda r: (-r.confidence, r.support))
    ax.set_xlabel(t("ch07.rules.xlabel", lang))
    ax.set_ylabel(t("ch07.rules.ylabel", lang))
    ax.set_title(t("ch07.rules.title", lang))
    ax.set_xlim(0, xmax)
    ax.set_ylim(0, 105)
    if chosen:
        handles = [Line2D([], [], linestyle="none", marker=f"${k}$", markersize=9, color="#333333")
                   for k in range(1, len(chosen) + 1)]
        # each entry's marker is its number, as beside its dot
        key = [t("ch07.rules.key", lang, rule=_rule_text(row.antecedents, row.consequents, names), lift=row.lift)
               for row in chosen]
        fig.legend(handles, key, loc="outside lower center", ncols=2 if len(key) > 2 else len(key), fontsize=9,
                   frameon=False, handletextpad=0.4, columnspacing=1.6)
        label_points(ax, [r.support * 100 for r in chosen], [r.confidence * 100 for r in chosen],
                     [str(k) for k in range(1, len(chosen) + 1)], offset=6, marker_size=9, fontsize=10, color="#333333")
    return fig


# --------------------------------------------------------------------------- recommendations
def cross_sell_offers(
    rules: pd.DataFrame,
    purchases: pd.DataFrame,
    *,
    customer: str = "member_id",
    item: str = "item",
    top: int = 1,
    names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """For each customer, the best rule whose items they already bought and whose offer they have not.

    ``purchases`` has one row per (customer, item) bought at any time. Rules
    are ranked by confidence × lift; the result has ``customer``,
    ``bought`` (the antecedent), ``offer``, ``confidence`` and ``lift``
    (items shown through ``names``, e.g. :func:`item_names`).

    >>> rules = association_rules([["tent", "mat"]] * 3 + [["tent"], ["mat"], ["tea"]], 0.3, 0.5)
    >>> buys = pd.DataFrame({"member_id": ["M1", "M2"], "item": ["tent", "mat"]})
    >>> cross_sell_offers(rules, buys)[["member_id", "offer"]].values.tolist()
    [['M1', 'mat'], ['M2', 'tent']]
    """
    to_kit = {customer: customer, item: item}
    have = to_kit_names(purchases, None, "purchases")
    missing = [c for c in to_kit if c not in have.columns]
    if missing:
        raise data_error(f"purchases: missing column(s) {missing}; found {list(have.columns)}. Fix: pass customer=/item=.",
                         f"purchases：缺少列 {missing}（现有 {list(have.columns)}），请用 customer= / item= 指定。",
                         source="purchases", column=missing[0])
    owned = have[[customer, item]].dropna().drop_duplicates()
    if rules.empty or owned.empty:
        return pd.DataFrame(columns=[customer, "bought", "offer", "confidence", "lift"])
    ranked = rules.assign(rule=np.arange(len(rules)), score=rules["confidence"] * rules["lift"])
    left = ranked[["rule", "antecedents"]].assign(size=ranked["antecedents"].map(len)).explode("antecedents")
    matched = owned.merge(left, left_on=item, right_on="antecedents")
    full = matched.groupby([customer, "rule"]).size().rename("hits").reset_index()
    full = full.merge(ranked[["rule", "antecedents", "consequents", "confidence", "lift", "score"]], on="rule")
    full = full[full["hits"] == full["antecedents"].map(len)]
    right = full[[customer, "rule", "consequents"]].explode("consequents")
    already = right.merge(owned, left_on=[customer, "consequents"], right_on=[customer, item], how="inner")
    full = full[~full.set_index([customer, "rule"]).index.isin(already.set_index([customer, "rule"]).index)]
    full = full.sort_values([customer, "score", "rule"], ascending=[True, False, True], kind="stable")
    best = full.groupby(customer, sort=True).head(top)
    return pd.DataFrame({
        customer: best[customer].to_numpy(),
        "bought": [" + ".join(sorted((names or {}).get(i, str(i)) for i in a)) for a in best["antecedents"]],
        "offer": [" + ".join(sorted((names or {}).get(i, str(i)) for i in c)) for c in best["consequents"]],
        "confidence": best["confidence"].to_numpy(),
        "lift": best["lift"].to_numpy(),
    })


def account_recommendations(
    orders: pd.DataFrame,
    accounts: pd.DataFrame,
    spend_model: SpendModel,
    product_rules: pd.DataFrame,
    *,
    as_of=AS_OF,
    top: int = 15,
    copier_years: float = 3.5,
    lang: str | None = None,
) -> pd.DataFrame:
    """A call list for Huaxin's reps: the accounts with the largest forecast spend, what to up-sell and cross-sell.

    Up-sell: a copier bought more than ``copier_years`` ago (replacement due),
    or a forecast above last year's spend. Cross-sell: the best product rule
    (accounts as baskets of products) whose offer the account has not bought.
    """
    ranked = spend_model.rank(orders, as_of=as_of)
    bought = orders.loc[orders["quantity"] > 0, ["account_id", "product"]].drop_duplicates()
    offers = cross_sell_offers(product_rules, bought, customer="account_id", item="product").set_index("account_id")
    info = accounts.set_index("account_id")
    name_col = "account_name_en" if (lang or _lang()) == "en" and "account_name_en" in info else "account_name"
    rows = []
    for account_id, row in ranked.iterrows():
        upsell = ""
        if 365 * copier_years < row["days_since_copier"] < 9999:
            upsell = t("ch07.upsell.copier", lang, years=row["days_since_copier"] / 365)
        elif row["growth"] > 0:
            upsell = t("ch07.upsell.growth", lang, growth=row["growth"])
        cross = ""
        if account_id in offers.index:
            offer = offers.loc[account_id]
            cross = t("ch07.cross.offer", lang, offer=_product(offer["offer"], lang), bought=_product(offer["bought"], lang),
                      confidence=offer["confidence"])
        if not (upsell or cross):
            continue
        rows.append({"account_id": account_id, "account_name": info[name_col].get(account_id, ""),
                     "owner_rep_id": info["owner_rep_id"].get(account_id, "") if "owner_rep_id" in info else "",
                     "spend_12m": round(row["spend_12m"]), "predicted_spend": round(row["predicted_spend"]),
                     "upsell": upsell, "cross_sell": cross})
        if len(rows) == top:
            break
    return pd.DataFrame(rows).set_index("account_id")


def _product(ids: str, lang: str | None) -> str:
    return " + ".join(product_name(p, lang) for p in ids.split(" + "))


def _lang() -> str:
    from course.i18n import get_language

    return get_language()


# --------------------------------------------------------------------------- content tables
def labels(frame: pd.DataFrame) -> pd.DataFrame:
    """Column names in the current language: this chapter's ``ch07.col.*`` first, then :func:`course.labels`."""
    from course.i18n import labels as shared_labels
    from course.i18n import messages

    known = messages()
    out = frame.rename(columns={c: t(f"ch07.col.{c}") for c in frame.columns if isinstance(c, str) and f"ch07.col.{c}" in known})
    if isinstance(out.index.name, str) and f"ch07.col.{out.index.name}" in known:
        out.index.name = t(f"ch07.col.{out.index.name}")
    out.index = out.index.map(lambda v: _display_name(v, known))
    return shared_labels(out)


def _display_name(value, known, lang: str | None = None) -> object:
    """A model input or row label in the current language: one-hot names become 'method: referral' style text."""
    if not isinstance(value, str):
        return value
    if f"ch07.value.{value}" in known:
        return t(f"ch07.value.{value}", lang)
    from course import content

    for prefix, section in (("source_method_", "methods"), ("product_interest_", None), ("objection_", None),
                            ("stage_", None)):
        if value.startswith(prefix):
            code = value[len(prefix):]
            if section == "methods":
                name = content.by_id("methods", lang).get(code, {}).get("name", code)
            elif prefix == "product_interest_":
                name = product_name(code, lang)
            else:
                name = t(f"ch07.value.{code}", lang) if f"ch07.value.{code}" in known else code
            return t(f"ch07.feature.{prefix.rstrip('_')}", lang, name=name)
    return value


def product_name(product: str, lang: str | None = None) -> str:
    """A Huaxin product id (``copier``, ``service_contract``…) in the current language."""
    return t(f"ch07.product.{product}", lang) if product in PRODUCTS else str(product)


def ground_truth() -> dict:
    """The generator's planted structure (``datasets/ground_truth.json``), read when called."""
    import json

    from course.data import datasets_dir

    return json.loads((datasets_dir() / "ground_truth.json").read_text(encoding="utf-8"))


def planted_anomalies(table: str = "b2b_orders") -> pd.DataFrame:
    """The anomalies the generator planted in ``table`` (id and kind)."""
    return pd.DataFrame(ground_truth()["anomalies"][table]).drop(columns="detail")


def table(frame: pd.DataFrame | pd.Series, lang: str | None = None, **style):
    """``frame`` in the table house style (:func:`course.tables.table`) with this chapter's vocabulary.

    Headers from ``ch07.col.*``, model inputs as readable names ("Method: referrals"), products
    by name, shares and rates as per cent, money as whole yuan, no row numbers, nothing cut off.

    >>> print(table(pd.DataFrame({"weight": [1.23]}, index=pd.Index(["source_method_referral"], name="feature")), lang="en").text())
    Feature                             Weight
    method: Referrals and introductions   1.23
    """
    from course import tables

    return tables.table(frame, lang, header_of=_header, code_of=_code, **style)


def _header(name, lang: str | None = None) -> str | None:
    from course.i18n import messages

    if isinstance(name, str) and f"ch07.col.{name}" in messages():
        return t(f"ch07.col.{name}", lang)
    return None


def _code(value, lang: str | None = None) -> str | None:
    from course.i18n import messages

    if not isinstance(value, str):
        return None
    if value in PRODUCTS:
        return product_name(value, lang)
    shown = _display_name(value, messages(), lang)
    return None if shown == value else shown


def _terms(rows: Sequence[tuple[str, str]], lang: str | None):
    frame = pd.DataFrame({"term": [r[0] for r in rows], "text": [r[1] for r in rows]})
    return table(frame, lang, names={"term": ""})


def overview(lang: str | None = None):
    """What precision marketing is: summary, origin, background and focus (from the knowledge base), as a table."""
    from course import content

    entry = content.text("precision_marketing", lang)
    keys = ("summary", "origin", "background", "focus")
    return _terms([(t(f"ch07.aspect.{k}", lang), entry[k]) for k in keys], lang)


def evaluation_terms(keys: Sequence[str], lang: str | None = None):
    """Entries of ``model_evaluation`` (holdout, leakage, lift, gains_chart, support, confidence, rule_lift), as a table."""
    from course import content

    entry = content.text("model_evaluation", lang)
    return _terms([(t(f"ch07.term.{k}", lang), entry[k]) for k in keys], lang)


def discussion(lang: str | None = None):
    """The unit's discussion questions with pointers for the answer (one per line), as a table."""
    from course import content

    rows = content.text("discussion_questions", lang)
    frame = pd.DataFrame({"question": [r["question"] for r in rows],
                          "pointers": [[f"• {p}" for p in r["pointers"]] for r in rows]},
                         index=pd.RangeIndex(1, len(rows) + 1))
    return table(frame, lang)


__all__ = [
    "AFTER_OUTCOME",
    "AS_OF",
    "DAY_ONE",
    "IN_SALE",
    "IN_SALE_SIGNALS",
    "LEAD_FEATURES",
    "LEAKY_COLUMNS",
    "ORDER_RULES",
    "PRODUCTS",
    "RULE_COLUMNS",
    "SPEND_FEATURES",
    "LeadModel",
    "SpendModel",
    "TargetModel",
    "account_recommendations",
    "MAX_RULES",
    "MAX_WORK",
    "MIN_COUNT",
    "association_rules",
    "basket_matrix",
    "cross_sell_offers",
    "day_one_view",
    "discussion",
    "evaluation_terms",
    "flag_orders",
    "gains_curve",
    "gains_table",
    "ground_truth",
    "item_names",
    "labels",
    "leakage_check",
    "leads_for_budget",
    "overview",
    "pair_stats",
    "planted_anomalies",
    "planted_recall",
    "plot_gains",
    "plot_rules",
    "product_name",
    "rule_thresholds",
    "rules_table",
    "show_rules",
    "table",
    "spend_features",
    "targeting_summary",
    "train_lead_model",
    "train_spend_model",
    "train_target_model",
]
