"""Chapter 4 — customer records and the best customers (建立客户档案).

Analysis of a transaction table (the kit's orders or anyone's own, mapped by
column name): 80/20 concentration and ABC classes, RFM scores and segments,
a best/worst customer scorecard, a look-alike ranking of prospects, and the
"why do they buy from you" questions answered from the data.
The SQLite customer archive itself lives in :mod:`course.archive`.

Stated rules (the same in every function, tested in ``tests/test_records.py``):

* **Missing customer id** — the row cannot be credited to anyone, so it is
  set aside: not in any customer's total and not in the grand total. The
  count is kept in ``result.attrs["rows_without_customer"]``.
* **Returns / negative amounts** — netted against the same customer's
  purchases. A customer whose returns exceed their purchases counts as zero
  revenue in the 80/20 ranking (nobody brings less than nothing). In RFM a
  return lowers M but is not a purchase: it does not count in F or R.
* **Ties** — customers with equal totals are ordered by id, so results are
  reproducible; equal RFM values always get equal scores (see
  :func:`quantile_scores`).

>>> import pandas as pd
>>> tx = pd.DataFrame({"customer": ["a", "b", "c", "d", "e"], "amount": [80, 5, 5, 5, 5]})
>>> pareto_share(tx, customer="customer", amount="amount")
0.8
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from course import content
from course.i18n import messages, t

_CANDIDATES = {
    "customer": ("account_id", "member_id", "customer_id", "customer"),
    "amount": ("amount", "revenue", "sales"),
    "date": ("order_date", "txn_date", "date"),
    "order": ("order_id", "txn_id", "invoice_no", "invoice"),
}
#: roles a table may lack (the analysis then falls back: one row = one purchase)
_OPTIONAL = {"order"}
#: machine form of the content's RFM rules (records.yaml → rfm.segments), checked in that order
RFM_RULES: dict[str, dict[str, tuple[int, int]]] = {
    "champions": {"r": (4, 5), "f": (4, 5), "m": (4, 5)},
    "loyal": {"r": (3, 5), "f": (4, 5)},
    "big_spenders": {"f": (1, 3), "m": (5, 5)},
    "new": {"r": (5, 5), "f": (1, 1)},
    "promising": {"r": (4, 5), "f": (2, 3), "m": (2, 3)},
    "at_risk": {"r": (1, 2), "f": (3, 5), "m": (3, 5)},
    "hibernating": {"r": (1, 2), "f": (1, 2), "m": (1, 2)},
}
FALLBACK_SEGMENT = "need_attention"
SCORE_SIGNS = {"revenue": 1, "avg_order": 1, "growth": 1, "discount_rate": -1, "hours_per_10k": -1, "complaint_share": -1}
#: default weights of the scorecard: revenue counts double
SCORE_WEIGHTS = {"revenue": 2.0, "avg_order": 1.0, "growth": 1.0, "discount_rate": 1.0, "hours_per_10k": 1.0, "complaint_share": 1.0}


def _error(en: str, zh: str, source: str = "<DataFrame>", column: str | None = None) -> Exception:
    from course.data import DataError

    return DataError(en, zh, source=source, column=column)


def _resolve(frame: pd.DataFrame, roles: Sequence[str], given: Mapping[str, str | None], source: str) -> dict[str, str]:
    """Role (customer/amount/date) -> column of ``frame``, from the arguments or the usual names."""
    if not isinstance(frame, pd.DataFrame):
        raise _error(f"{source}: expected a DataFrame, got {type(frame).__name__}.",
                     f"{source}：这里需要一个 DataFrame（表格），传入的是 {type(frame).__name__}。", source)
    found = [str(c) for c in frame.columns]
    out: dict[str, str] = {}
    for role in roles:
        name = given.get(role)
        if name is None:
            name = next((c for c in _CANDIDATES[role] if c in found), None)
            if name is None and role in _OPTIONAL:
                continue
            if name is None:
                raise _error(
                    f"{source}: no {role} column found (looked for {', '.join(_CANDIDATES[role])}; the table has "
                    f"{', '.join(found)}). Fix: pass {role}='your column' or columns={{'{role}': 'your column'}}.",
                    f"{source}：找不到表示 {role} 的列（查找了 {'、'.join(_CANDIDATES[role])}；表中的列为 "
                    f"{'、'.join(found)}）。解决办法：传入 {role}='你的列名'，或 columns={{'{role}': '你的列名'}}。",
                    source, role)
        elif name not in found:
            raise _error(
                f"{source}: column '{name}' (given as {role}) is not in the table; it has {', '.join(found)}. "
                f"Fix: correct the name or rename the column.",
                f"{source}：表中没有列 '{name}'（作为 {role} 传入）；现有列为 {'、'.join(found)}。解决办法：改正列名或重命名该列。",
                source, name)
        out[role] = name
    return out


def _prepare(frame: pd.DataFrame, roles: Sequence[str], given: Mapping[str, str | None],
             source: str = "transactions") -> tuple[pd.DataFrame, dict[str, int]]:
    """Columns renamed to their roles, amounts numeric, rows without a customer set aside."""
    cols = _resolve(frame, roles, given, source)
    out = pd.DataFrame({role: frame[col] for role, col in cols.items()})
    amount = out["amount"]
    if not pd.api.types.is_numeric_dtype(amount) or pd.api.types.is_bool_dtype(amount):
        amount = pd.to_numeric(amount, errors="coerce")
    bad = amount.isna()
    if bad.any():
        from course.data import file_rows

        # a table read from a file knows its row numbers: name those, not the DataFrame's index
        numbers, kind = file_rows(frame, bad.to_numpy())
        rows = ", ".join(str(i) for i in numbers)
        where_en = f"rows {rows} of {frame.attrs['source']}; row 1 is the header" if kind == "file" and frame.attrs.get("source") \
            else (f"file rows {rows}" if kind == "file" else f"index {rows}")
        where_zh = f"{frame.attrs['source']} 的第 {rows} 行；第 1 行为表头" if kind == "file" and frame.attrs.get("source") \
            else (f"文件第 {rows} 行" if kind == "file" else f"索引 {rows}")
        raise _error(
            f"{source}: column '{cols['amount']}' has {int(bad.sum())} missing or non-numeric value(s) ({where_en}). "
            f"Fix: correct those amounts or drop the rows before the analysis.",
            f"{source}：列 '{cols['amount']}' 有 {int(bad.sum())} 个缺失或非数字的值（{where_zh}）。"
            f"解决办法：先改正这些金额，或删除这些行再分析。", source, cols["amount"])
    out["amount"] = amount.astype(float)
    # clean each distinct id once (a customer appears on many rows) and keep the ids as a
    # categorical, so the groupby below works on integer codes instead of hashing strings again
    codes, uniques = pd.factorize(out["customer"])
    names = pd.Index(uniques).astype("string").str.strip().fillna("")
    merged, categories = pd.factorize(names)
    order = np.argsort(categories.to_numpy(dtype=object), kind="stable")  # sorted ids → results in id order
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    categories = categories[order]
    codes = np.where(codes >= 0, rank[merged[np.maximum(codes, 0)]], -1)
    blank = np.flatnonzero(categories == "")
    if len(blank):
        codes[codes == blank[0]] = -1
    missing = pd.Series(codes < 0, index=out.index)
    out["customer"] = pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype="string"))
    if "date" in cols:
        dates = out["date"]
        if not pd.api.types.is_datetime64_any_dtype(dates):
            dates = pd.to_datetime(dates, errors="coerce")
        if (dates.isna() & ~missing).any():
            raise _error(f"{source}: column '{cols['date']}' has values that are not dates. Fix: write them as YYYY-MM-DD.",
                         f"{source}：列 '{cols['date']}' 中有值不是日期。解决办法：写成 YYYY-MM-DD 格式。", source, cols["date"])
        out["date"] = dates
    info = {"rows_without_customer": int(missing.sum()), "return_rows": int((out["amount"] < 0).sum())}
    return (out.loc[~missing].copy() if info["rows_without_customer"] else out), info


def _given(columns: Mapping[str, str] | None, **explicit: str | None) -> dict[str, str | None]:
    merged = dict(explicit)
    merged.update({k: v for k, v in (columns or {}).items() if k in _CANDIDATES})
    return merged


# --------------------------------------------------------------------------- 80/20 and ABC
def top_share(values: Sequence[float] | pd.Series, top: float = 0.2) -> float:
    """Share of the total held by the top ``top`` of the values (count rounded up).

    >>> top_share([50, 30, 10, 10], top=0.25)
    0.5
    """
    v = np.sort(np.clip(np.asarray(values, dtype=float), 0, None))[::-1]
    if not 0 < top <= 1:
        raise ValueError(f"top must be a share between 0 and 1, got {top!r} / top 须是 0 到 1 之间的比例")
    if len(v) == 0 or v.sum() == 0:
        return float("nan")
    k = max(1, math.ceil(round(top * len(v), 9)))
    return float(v[:k].sum() / v.sum())


def pareto_table(transactions: pd.DataFrame, customer: str | None = None, amount: str | None = None, *,
                 a: float = 0.8, b: float = 0.95, all_customers: Sequence[str] | None = None,
                 columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per customer, best first: revenue, share, running share and ABC class.

    ``all_customers`` adds customers with no purchases (zero revenue) so the
    80/20 base counts everyone on the books. A customer is class A while the
    running share is ≤ ``a`` (the first customer always is), B while ≤ ``b``,
    else C; zero-revenue customers are C.

    >>> tx = pd.DataFrame({"account_id": ["x", "y", "y", "z"], "amount": [10.0, 80.0, 5.0, 5.0]})
    >>> pareto_table(tx)["abc_class"].to_dict()   # y: 85% (first is always A), x: 95%, z: 100%
    {'y': 'A', 'x': 'B', 'z': 'C'}
    """
    if not 0 < a < b <= 1:
        raise ValueError(f"need 0 < a < b <= 1, got a={a}, b={b} / 阈值须满足 0 < a < b <= 1")
    tx, info = _prepare(transactions, ("customer", "amount"), _given(columns, customer=customer, amount=amount))
    net = tx.groupby("customer", observed=True)["amount"].sum()
    net.index = net.index.astype("string")
    if all_customers is not None:
        extra = pd.Index(pd.Series(list(all_customers), dtype="string").dropna().unique()).difference(net.index)
        net = pd.concat([net, pd.Series(0.0, index=extra)])
    revenue = net.clip(lower=0)
    order = pd.DataFrame({"revenue": revenue, "cid": revenue.index}).sort_values(["revenue", "cid"], ascending=[False, True])
    table = order[["revenue"]].copy()
    table.index.name = "customer"
    total = table["revenue"].sum()
    table["share"] = table["revenue"] / total if total else np.nan
    table["cum_share"] = table["share"].cumsum()
    n = len(table)
    table["rank"] = np.arange(1, n + 1)
    table["customer_share"] = table["rank"] / max(n, 1)
    table["abc_class"] = classify_abc(table, a, b)
    table.attrs.update(info | {"customers": n, "net_revenue": float(net.sum())})
    return table


def classify_abc(table: pd.DataFrame, a: float = 0.8, b: float = 0.95) -> pd.Series:
    """ABC classes from a :func:`pareto_table` (sorted, with ``revenue`` and ``cum_share``) for new cut-offs."""
    if not 0 < a < b <= 1:
        raise ValueError(f"need 0 < a < b <= 1, got a={a}, b={b} / 阈值须满足 0 < a < b <= 1")
    eps = 1e-9
    cum = table["cum_share"].to_numpy(dtype=float)
    klass = np.where(cum <= a + eps, "A", np.where(cum <= b + eps, "B", "C")).astype(object)
    if len(klass):
        klass[0] = "A"  # the line cannot fall before the first customer
    klass[~(table["revenue"].to_numpy(dtype=float) > 0)] = "C"
    return pd.Series(klass, index=table.index, name="abc_class", dtype="str")


def pareto_share(transactions: pd.DataFrame, customer: str | None = None, amount: str | None = None,
                 top: float = 0.2, *, all_customers: Sequence[str] | None = None,
                 columns: Mapping[str, str] | None = None) -> float:
    """Share of revenue brought by the top ``top`` of customers (count rounded up).

    Works on any transaction table: ``customer`` and ``amount`` name its
    columns (by default ``account_id``/``member_id`` and ``amount``).

    >>> tx = pd.DataFrame({"who": list("abcde"), "paid": [60, 20, 10, 5, 5]})
    >>> pareto_share(tx, customer="who", amount="paid", top=0.4)
    0.8
    """
    table = pareto_table(transactions, customer, amount, all_customers=all_customers, columns=columns)
    return top_share(table["revenue"], top)


def abc_classes(transactions: pd.DataFrame, customer: str | None = None, amount: str | None = None,
                a: float = 0.8, b: float = 0.95, **kwargs) -> pd.Series:
    """The ABC class of every customer (A ≤ ``a`` running share, B ≤ ``b``, C the rest).

    >>> tx = pd.DataFrame({"account_id": list("pqrs"), "amount": [70, 20, 6, 4]})
    >>> abc_classes(tx).to_dict()
    {'p': 'A', 'q': 'B', 'r': 'C', 's': 'C'}
    """
    return pareto_table(transactions, customer, amount, a=a, b=b, **kwargs)["abc_class"]


def abc_summary(table: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """Customers and revenue per ABC class, with the content's action for each class."""
    actions = {row["id"].upper(): row["action"] for row in content.text("abc_classes", lang)}
    grouped = table.groupby("abc_class")
    out = pd.DataFrame({"customers": grouped.size(), "revenue": grouped["revenue"].sum()}).reindex(["A", "B", "C"], fill_value=0)
    out["customer_share"] = out["customers"] / max(out["customers"].sum(), 1)
    out["revenue_share"] = out["revenue"] / (out["revenue"].sum() or np.nan)
    out["action"] = [actions[k] for k in out.index]
    out.index.name = "abc_class"
    return out


def plot_pareto(table: pd.DataFrame, top: float = 0.2, lang: str | None = None):
    """The Pareto (Lorenz) curve: running share of revenue against share of customers."""
    from course.plots import PALETTE, new_figure

    fig, ax = new_figure(8, 4.6)
    x = np.r_[0, table["customer_share"].to_numpy() * 100]
    y = np.r_[0, table["cum_share"].to_numpy() * 100]
    colours = {"A": PALETTE[0], "B": PALETTE[1], "C": PALETTE[5]}
    klass = table["abc_class"].to_numpy()
    for name, colour in colours.items():
        idx = np.flatnonzero(klass == name)
        if len(idx):
            seg = np.r_[idx[0], idx + 1]
            ax.plot(x[seg], y[seg], color=colour, lw=3, label=t("ch04.pareto.class", lang, name=name, n=len(idx)))
    ax.plot([0, 100], [0, 100], ls="--", color="#999", lw=1, label=t("ch04.pareto.equal", lang))
    share = top_share(table["revenue"], top)
    ax.axvline(top * 100, color=PALETTE[3], lw=1, ls=":")
    ax.axhline(share * 100, color=PALETTE[3], lw=1, ls=":")
    ax.annotate(t("ch04.pareto.note", lang, top=top, share=share), (top * 100, share * 100), xytext=(12, -30),
                textcoords="offset points", color=PALETTE[3], arrowprops={"arrowstyle": "->", "color": PALETTE[3]})
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 102)
    ax.set_xlabel(t("ch04.pareto.xlabel", lang))
    ax.set_ylabel(t("ch04.pareto.ylabel", lang))
    ax.set_title(t("ch04.pareto.title", lang))
    ax.legend(loc="lower right", fontsize=9)
    return fig


# --------------------------------------------------------------------------- RFM
def quantile_scores(values: pd.Series, bins: int = 5, higher_is_better: bool = True) -> pd.Series:
    """Scores 1…``bins`` by quantile, safe with heavy ties (where ``pd.qcut`` fails).

    Tie rule: a score is 1 + ⌊bins × w / (n − 1)⌋ (at most ``bins``), where w
    counts the customers strictly worse. Equal values therefore always share a
    score — the score of the quantile where their group starts — and the
    single best value scores ``bins`` even in a short list. When every value
    is the same there is nothing to rank and all get the middle score.

    >>> quantile_scores(pd.Series([1, 1, 1, 1, 1, 1, 2, 2, 3, 9])).tolist()
    [1, 1, 1, 1, 1, 1, 4, 4, 5, 5]
    """
    v = pd.to_numeric(pd.Series(values), errors="coerce").astype(float)
    if v.isna().any():
        raise ValueError("scores need numbers without gaps / 打分的数据不能有缺失值")
    if v.nunique() <= 1:
        return pd.Series((bins + 1) // 2, index=v.index, dtype=int)
    worse = (v if higher_is_better else -v).rank(method="min") - 1
    return (1 + np.floor(bins * worse / (len(v) - 1))).astype(int).clip(1, bins)


def rfm_segments(r: pd.Series, f: pd.Series, m: pd.Series) -> pd.Series:
    """Segment id of every customer from its scores; the first matching rule wins."""
    scores = {"r": np.asarray(r), "f": np.asarray(f), "m": np.asarray(m)}
    conditions = [np.logical_and.reduce([(scores[k] >= lo) & (scores[k] <= hi) for k, (lo, hi) in rule.items()])
                  for rule in RFM_RULES.values()]
    seg = np.select(conditions, list(RFM_RULES), default=FALLBACK_SEGMENT)
    return pd.Series(seg, index=getattr(r, "index", None), name="segment", dtype="str")


def rfm_segment(r: int, f: int, m: int) -> str:
    """Segment id for one customer's scores.

    >>> rfm_segment(1, 4, 5)
    'at_risk'
    """
    return str(rfm_segments(pd.Series([r]), pd.Series([f]), pd.Series([m])).iloc[0])


def rfm_table(transactions: pd.DataFrame, customer: str | None = None, date: str | None = None,
              amount: str | None = None, as_of: str | pd.Timestamp | None = None, bins: int = 5,
              columns: Mapping[str, str] | None = None, order: str | None = None) -> pd.DataFrame:
    """Recency, frequency, monetary, their scores 1–5 and the segment of every buying customer.

    ``as_of`` (default: the last transaction date) is "today"; rows after it
    are ignored. Recency is days since the last purchase, frequency the number
    of purchases — distinct order ids when the table has an order column
    (``order_id``, ``txn_id`` … or ``order=``), so an invoice of many lines is
    one purchase — and monetary the net spend (returns included).

    ``attrs["degenerate"]`` (when there is one) names what the data cannot
    tell apart: ``"one_date"`` when every purchase is on the same day (recency
    then says nothing), ``"one_frequency"`` when every customer bought equally
    often; ``attrs["frequency_counts"] == "orders"`` says that frequency
    counted distinct order ids of line-level data.

    >>> tx = pd.DataFrame({"member_id": ["a", "a", "b"], "txn_date": ["2026-01-05", "2026-06-01", "2025-06-30"],
    ...                    "amount": [100, 50, 20]})
    >>> rfm_table(tx, as_of="2026-06-30")[["recency_days", "frequency", "monetary"]].to_dict("list")
    {'recency_days': [29, 365], 'frequency': [2, 1], 'monetary': [150.0, 20.0]}
    """
    tx, info = _prepare(transactions, ("customer", "date", "amount", "order"),
                        _given(columns, customer=customer, date=date, amount=amount, order=order))
    today = pd.Timestamp(as_of) if as_of is not None else tx["date"].max()
    late = tx["date"] > today
    tx = tx.loc[~late] if late.any() else tx
    buy = tx["amount"] > 0
    # one pass: purchases give R and F, every row (returns too) gives M
    per = pd.DataFrame({"customer": tx["customer"], "buy_date": tx["date"].where(buy), "buy": buy.astype(int),
                        "amount": tx["amount"]}).groupby("customer", observed=True).agg(
        last=("buy_date", "max"), frequency=("buy", "sum"), monetary=("amount", "sum"))
    if "order" in tx.columns:  # line-level data: an order of five lines is one purchase
        orders = pd.DataFrame({"customer": tx["customer"], "order": tx["order"]}).loc[buy.to_numpy()]
        per["frequency"] = orders.drop_duplicates().groupby("customer", observed=True).size().reindex(
            per.index, fill_value=0)
    per = per.loc[per["frequency"] > 0]
    if per.empty:
        raise _error("transactions: no purchases (positive amounts) on or before the as-of date. Fix: check as_of and the amount column.",
                     "交易表：截至统计日没有任何购买记录（金额为正）。解决办法：检查 as_of 和金额列。")
    table = pd.DataFrame({"recency_days": (today - per["last"]).dt.days.astype(int), "frequency": per["frequency"].astype(int),
                          "monetary": per["monetary"].astype(float)})
    table.index = table.index.astype("string")
    table["r"] = quantile_scores(table["recency_days"], bins, higher_is_better=False)
    table["f"] = quantile_scores(table["frequency"], bins)
    table["m"] = quantile_scores(table["monetary"], bins)
    table["rfm"] = table["r"].astype(str) + table["f"].astype(str) + table["m"].astype(str)
    table["segment"] = rfm_segments(table["r"], table["f"], table["m"])
    table.index.name = "customer"
    degenerate = [name for name, column in (("one_date", "recency_days"), ("one_frequency", "frequency"))
                  if len(table) > 1 and table[column].nunique() == 1]
    table.attrs.update(info | {"rows_after_as_of": int(late.sum()), "as_of": str(today.date())})
    if degenerate:  # said only when there is something to say (the attrs of ordinary data stay as they were)
        table.attrs["degenerate"] = degenerate
    if "order" in tx.columns and tx["order"].duplicated().any():
        table.attrs["frequency_counts"] = "orders"
    return table


def rfm_summary(rfm: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """Customers, spend share and averages per segment (content order), with the action."""
    rows = {s["id"]: s for s in content.text("rfm", lang)["segments"]}
    g = rfm.groupby("segment")
    out = pd.DataFrame({"customers": g.size(), "recency_days": g["recency_days"].mean(), "frequency": g["frequency"].mean(),
                        "monetary": g["monetary"].mean(), "monetary_total": g["monetary"].sum()}).reindex(list(rows))
    out["customers"] = out["customers"].fillna(0).astype(int)
    out["customer_share"] = out["customers"] / max(len(rfm), 1)
    out["revenue_share"] = out["monetary_total"].fillna(0) / rfm["monetary"].clip(lower=0).sum()
    out["action"] = [rows[k]["action"] for k in out.index]
    out.index.name = "segment"
    return out.drop(columns="monetary_total")


def plot_rfm(rfm: pd.DataFrame, lang: str | None = None):
    """Left: customers on the R × F grid. Right: customers vs spend per segment."""
    from course.plots import PALETTE, new_figure

    fig, (ax1, ax2) = new_figure(11, 4.8, ncols=2)
    grid = pd.crosstab(rfm["f"], rfm["r"]).reindex(index=range(5, 0, -1), columns=range(1, 6), fill_value=0)
    ax1.imshow(grid.to_numpy(), cmap="Blues", aspect="auto")
    for (i, j), value in np.ndenumerate(grid.to_numpy()):
        ax1.text(j, i, str(value), ha="center", va="center", fontsize=9, color="black" if value < grid.to_numpy().max() * 0.6 else "white")
    ax1.set_xticks(range(5), [str(c) for c in grid.columns])
    ax1.set_yticks(range(5), [str(c) for c in grid.index])
    ax1.set_xlabel(t("ch04.rfm.r_axis", lang))
    ax1.set_ylabel(t("ch04.rfm.f_axis", lang))
    ax1.set_title(t("ch04.rfm.grid_title", lang))
    ax1.grid(False)
    summary = rfm_summary(rfm, lang).iloc[::-1]
    names = {s["id"]: s["name"] for s in content.text("rfm", lang)["segments"]}
    pos = np.arange(len(summary))
    ax2.barh(pos + 0.2, summary["customer_share"] * 100, height=0.4, color=PALETTE[0], label=t("ch04.rfm.customers", lang))
    ax2.barh(pos - 0.2, summary["revenue_share"] * 100, height=0.4, color=PALETTE[1], label=t("ch04.rfm.spend", lang))
    ax2.set_yticks(pos, [names[k] for k in summary.index])
    ax2.set_xlabel(t("ch04.rfm.pct", lang))
    ax2.set_title(t("ch04.rfm.seg_title", lang))
    ax2.legend(loc="lower right", fontsize=9)
    return fig


def _label(name: str, lang: str | None) -> str:
    """A column name in the current language: ``ch04.col.*`` first, then the shared ``col.*``."""
    known = messages()
    for key in (f"ch04.col.{name}", f"col.{name}"):
        if key in known:
            return t(key, lang)
    return name


def _value(value, lang: str | None) -> str:
    """A value id in the current language: ``ch04.value.*``, an RFM segment name, the shared ``value.*``, a city."""
    if isinstance(value, bool | np.bool_):
        return t(f"ch04.value.{bool(value)}", lang)
    if not isinstance(value, str):
        return str(value)
    known = messages()
    if f"ch04.value.{value}" in known:
        return t(f"ch04.value.{value}", lang)
    segments = {s["id"]: s["name"] for s in content.text("rfm", lang)["segments"]}
    if value in segments:
        return segments[value]
    for key in (f"value.{value}", f"city.{value}"):
        if key in known:
            return t(key, lang)
    return value


VALUE_COLUMNS = ("industry", "size_band", "status", "verdict", "segment", "main_category", "from_data")


def labels(frame: pd.DataFrame | pd.Series, lang: str | None = None):
    """Like :func:`course.labels`, with this chapter's own headers (``ch04.col.*``) and values first.

    Cells of the id columns in :data:`VALUE_COLUMNS` (industry, status, segment…) are translated too.

    Chapter keys carry the ``ch04.`` prefix so they can never clash with another chapter's.
    """
    out = frame.copy()
    if isinstance(out, pd.DataFrame):
        for column in out.columns.intersection(list(VALUE_COLUMNS)):
            out[column] = out[column].map(lambda v: _value(v, lang) if isinstance(v, str | bool | np.bool_) else v)
        out.columns = [_label(c, lang) if isinstance(c, str) else c for c in out.columns]
        if isinstance(frame.columns.name, str):
            out.columns.name = _label(frame.columns.name, lang)
    elif isinstance(out.name, str):
        out.name = _label(out.name, lang)
    out.index = out.index.map(lambda v: _value(v, lang) if isinstance(v, str) else v)
    out.index.names = [_label(n, lang) if isinstance(n, str) else n for n in out.index.names]
    return out


def _header(name, lang: str | None = None) -> str | None:
    if not isinstance(name, str):
        return None
    shown = _label(name, lang)
    return None if shown == name else shown


def _code(value, lang: str | None = None) -> str | None:
    shown = _value(value, lang)
    return None if shown == value else shown


def table(frame: pd.DataFrame | pd.Series, lang: str | None = None, **style):
    """``frame`` in the table house style (:func:`course.tables.table`) with this chapter's vocabulary.

    Headers from ``ch04.col.*``, industries, statuses and RFM segments in the reader's language,
    shares as per cent, money as whole yuan, no row numbers, nothing cut off. In the archive's
    change history the ``field`` column names columns: they read as their headers.

    >>> print(table(pd.DataFrame({"segment": ["champions"], "revenue_share": [0.636]}), lang="zh").text())
    群体     收入占比
    明星客户    63.6%
    """
    from course import tables

    codes = dict(style.pop("codes", None) or {})
    if isinstance(frame, pd.DataFrame) and "field" in frame.columns:
        codes.setdefault("field", {f: _label(f, lang) for f in frame["field"].dropna().unique() if isinstance(f, str)})
    return tables.table(frame, lang, header_of=_header, code_of=_code, codes=codes, **style)


def content_table(section: str, fields: Sequence[str], key: str | None = None, lang: str | None = None):
    """A list of content entries (``section`` or ``section[key]``) as a table in the house style.

    Every cell whole; a field that holds a list shows its sentences one per line.
    """
    from course import tables

    rows = content.text(section, lang)
    rows = rows[key] if key else rows
    frame = pd.DataFrame([{f: row.get(f) for f in fields} for row in rows], columns=list(fields))
    # content is prose: a word that happens to be an id is shown as written
    return tables.table(frame, lang, header_of=_header, code_of=lambda value, lang: value)


def numbered(section: str, key: str, lang: str | None = None):
    """A list of sentences in the content (e.g. ``pareto_analysis.steps``) as a numbered Markdown list."""
    from IPython.display import Markdown

    items = content.text(section, lang)[key]
    return Markdown("\n".join(f"{i}. {item}" for i, item in enumerate(items, start=1)))


__all__ = [
    "FALLBACK_SEGMENT", "RFM_RULES", "SCORE_WEIGHTS", "VALUE_COLUMNS", "abc_classes", "abc_summary", "classify_abc", "content_table", "labels", "numbered", "table", "pareto_share", "pareto_table", "plot_pareto", "plot_rfm",
    "quantile_scores", "rfm_segment", "rfm_segments", "rfm_summary", "rfm_table", "top_share"
]


# the best/worst scorecard, look-alike prospects and why-they-buy answers live in
# course.best_customers; reached through this module too (lazily, to avoid an import cycle)
_MOVED = {'segment_table', 'customer_scorecard', 'lookalike_model', 'LOOKALIKE_FEATURES', 'plot_best_worst', 'lookalike_scores', 'why_buy', 'trait_names'}


def __getattr__(name: str):
    if name in _MOVED:
        from course import best_customers

        return getattr(best_customers, name)
    raise AttributeError("module 'course.records' has no attribute {name!r}")
