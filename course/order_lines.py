"""Order lines as a shop exports them, made fit for counting — and an account of every change (订单明细的整理).

A real order export is not the kit's tidy ``b2b_orders`` table: one order
(invoice) has many lines, some lines have no customer id, cancellations and
returns come as invoices starting with ``C`` or as negative quantities, some
prices are zero (free samples) or negative (book-keeping adjustments), and
a line can be written twice. :func:`prepare_orders` makes such a table fit for
the chapters' functions and returns, beside it, one :class:`Step` per kind of
row it set aside or changed: how many rows, how much money, what was done and
which option would do otherwise. Nothing is dropped without a step saying so.

The rules (each a :class:`Step`; options in brackets):

* **amount** — without an amount column, amount = quantity × unit price
  (:func:`add_amount`, before the schema check).
* **duplicates** — lines identical in every column are kept once
  [``duplicates="keep"`` keeps them].
* **zero / negative prices** — set aside: they carry no sale (free items,
  book-keeping adjustments such as bad debt).
* **no customer id** — left out of everything about customers (80/20, RFM,
  best customers, replacement cycles); their lines still show which products
  are bought together, so basket rules use them [``anonymous="drop"``].
* **cancellations and returns** (order id starting with ``C``, or a negative
  quantity or amount) — netted [``returns="drop"`` ignores them: gross
  sales]. A return is matched to the same customer's purchases of the same
  product, latest first, by quantity: a line returned in full disappears, one
  returned in part keeps the rest (its amount in proportion), and an order
  whose every line was returned no longer counts as an order. Returned
  quantity with no purchase in the data to match (bought before the data
  starts) stays as a negative amount: it lowers the customer's spend but is
  not a purchase.
* **customers who only returned goods** — left out of the rankings (they bought
  nothing in the period); their returns are counted here.
* **line-level data** — recognised when order ids repeat; orders are then
  counted as distinct order ids, never as lines.

>>> lines = pd.DataFrame({"order_id": ["1", "1", "2", "C3"], "account_id": ["a", "a", "a", "a"],
...                       "order_date": pd.to_datetime(["2025-01-02"] * 3 + ["2025-01-05"]),
...                       "product": ["tea", "cup", "tea", "cup"], "quantity": [2, 1, 1, -1],
...                       "unit_price": [5.0, 3.0, 5.0, 3.0], "amount": [10.0, 3.0, 5.0, -3.0]})
>>> prepared = prepare_orders(lines)
>>> prepared.orders[["order_id", "product", "quantity"]].values.tolist()
[['1', 'tea', 2], ['2', 'tea', 1]]
>>> [s.key for s in prepared.steps]
['line_level', 'returns']
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from course.i18n import get_language as _lang
from course.i18n import t

__all__ = ["OPTIONS", "PreparedOrders", "Step", "add_amount", "is_line_level", "prepare_orders"]

#: the treatments with a real choice, each with its default first
OPTIONS = {"returns": ("net", "drop"), "duplicates": ("drop", "keep"), "anonymous": ("rules", "drop")}


@dataclass
class Step:
    """One kind of row set aside or changed while reading: how many, how much money, and what was done."""

    key: str
    rows: int
    value: float = 0.0
    share_rows: float = 0.0
    share_value: float = 0.0
    values: dict = field(default_factory=dict)
    file_rows: list = field(default_factory=list)
    option: str | None = None
    #: rows this step took out of the table (netting removes returned lines and adds a line per unmatched return)
    removed: int = 0

    def text(self, lang: str | None = None, money=None) -> str:
        """The explanation in ``lang``: what, how many, and the option that would treat it otherwise.

        ``money`` formats amounts (default: two decimals); values whose name ends in ``_value`` are amounts.
        Parts listed in ``values["parts"]`` add their own sentences (``orders.step.<key>.<part>``).
        """
        money = money or (lambda v: f"{v:,.2f}")
        values = {k: (money(v) if k.endswith("_value") else f"{v:,}" if isinstance(v, int) else v)
                  for k, v in self.values.items() if k != "parts"}
        values.update(rows=f"{self.rows:,}", value=money(self.value), share_rows=f"{self.share_rows:.1%}",
                      share_value=f"{self.share_value:.1%}",
                      lines=t("orders.lines_one" if self.rows == 1 else "orders.lines_many", lang, n=f"{self.rows:,}"))
        words = [t(f"orders.step.{self.key}", lang, **values)]
        words += [t(f"orders.step.{self.key}.{part}", lang, **values) for part in self.values.get("parts", ())]
        if self.file_rows:
            words.append(t("orders.rows_named", lang, rows=", ".join(str(r) for r in self.file_rows)))
        if self.option:
            words.append(t(f"orders.option.{self.option}", lang))
        return ("" if lang == "zh" or (lang is None and _lang() == "zh") else " ").join(words)


@dataclass
class PreparedOrders:
    """The order lines made fit for counting, and the account of what was done (:attr:`steps`)."""

    orders: pd.DataFrame
    steps: list[Step]
    line_level: bool
    rows_read: int
    options: dict[str, str]

    def step(self, key: str) -> Step | None:
        return next((s for s in self.steps if s.key == key), None)

    @property
    def customer_orders(self) -> pd.DataFrame:
        """Rows with a customer id (what the customer analyses use)."""
        return self.orders.loc[self.orders["account_id"].notna()]

    def basket_lines(self) -> pd.DataFrame:
        """Purchase lines for basket rules: what was bought (returns netted), with or without a customer id."""
        lines = self.orders.loc[self.orders["quantity"].gt(0) if "quantity" in self.orders else self.orders["amount"].gt(0)]
        if self.options.get("anonymous") == "drop":
            lines = lines.loc[lines["account_id"].notna()]
        return lines


def add_amount(frame: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """``frame`` with ``amount = quantity × unit_price`` when it has those two columns and no amount; and whether it did.

    >>> add_amount(pd.DataFrame({"quantity": ["2"], "unit_price": ["1.5"]}))[0]["amount"].tolist()
    [3.0]
    """
    if "amount" in frame.columns or not {"quantity", "unit_price"} <= set(frame.columns):
        return frame, False
    qty = pd.to_numeric(frame["quantity"], errors="coerce")
    price = pd.to_numeric(frame["unit_price"], errors="coerce")
    out = frame.assign(amount=(qty * price).round(6))
    out.attrs = dict(frame.attrs)
    return out, True


def is_line_level(orders: pd.DataFrame) -> bool:
    """True when order ids repeat (one row per product on an order), so rows are lines, not orders."""
    if "order_id" not in orders.columns or orders.empty:
        return False
    ids = orders["order_id"].dropna()
    return bool(ids.nunique() < len(ids))


def _money_value(frame: pd.DataFrame) -> pd.Series:
    return frame["amount"].astype(float).fillna(0.0)


def _file_rows(frame: pd.DataFrame, mask: pd.Series) -> list[int]:
    from course.data import file_rows

    rows, kind = file_rows(frame, mask, limit=5)
    return rows if kind == "file" else []


def prepare_orders(orders: pd.DataFrame, *, returns: str = "net", duplicates: str = "drop", anonymous: str = "rules",
                   cancel_prefix: str = "C", amount_computed: bool = False) -> PreparedOrders:
    """Order lines fit for counting, and a :class:`Step` for every kind of row set aside or changed.

    Parameters
    ----------
    orders : DataFrame
        Kit column names (``order_id``, ``account_id``, ``order_date``,
        ``amount``, optional ``product``, ``quantity``, ``unit_price``),
        typed as :func:`course.data.validate` leaves them.
    returns : {"net", "drop"}
        Net cancellations and returns against purchases, or ignore them (gross sales).
    duplicates : {"drop", "keep"}
        Keep lines identical in every column once, or all of them.
    anonymous : {"rules", "drop"}
        Rows without a customer id are left out of every customer analysis;
        ``"rules"`` still lets basket rules use them.
    cancel_prefix : str
        Order ids starting with this (then a digit) are cancellations.
    amount_computed : bool
        Say that the amount was computed as quantity × unit price (see :func:`add_amount`).

    Returns
    -------
    PreparedOrders
        ``orders``: the lines kept (dates without the time of day; rows without
        a customer id kept with an empty ``account_id``; unmatched returns as
        negative lines); ``steps``: what was done, in reading order.
    """
    for name, value in (("returns", returns), ("duplicates", duplicates), ("anonymous", anonymous)):
        if value not in OPTIONS[name]:
            raise ValueError(f"{name} must be one of {OPTIONS[name]}, got {value!r} / {name} 只能是 {OPTIONS[name]} 之一")
    frame = orders
    rows_read = len(frame)
    total_value = float(_money_value(frame).clip(lower=0).sum()) or 1.0
    steps: list[Step] = []

    def add(key: str, mask: pd.Series, *, option: str | None = None, value: float | None = None, **values) -> None:
        n = int(mask.sum())
        if n == 0:
            return
        v = float(_money_value(frame).loc[mask].abs().sum()) if value is None else float(value)
        steps.append(Step(key, n, v, n / max(rows_read, 1), v / total_value, values, _file_rows(frame, mask), option))

    if "order_date" in frame.columns and pd.api.types.is_datetime64_any_dtype(frame["order_date"]):
        dates = frame["order_date"]
        if (dates.dropna() != dates.dropna().dt.normalize()).any():
            frame = frame.assign(order_date=dates.dt.normalize())
    line_level = is_line_level(frame)
    if line_level:
        steps.append(Step("line_level", rows_read, values={"orders": frame["order_id"].nunique(),
                                                             "products": frame["product"].nunique() if "product" in frame else "—"}))
    if amount_computed:
        steps.append(Step("amount_computed", rows_read))

    # duplicates: the same line written twice
    dup = frame.duplicated(keep="first")
    if duplicates == "drop":
        add("duplicates", dup, option="duplicates_keep")
        frame = frame.loc[~dup]
        _removed(steps, "duplicates", int(dup.sum()))
    else:
        add("duplicates_kept", dup, option="duplicates_drop")

    # prices of zero or below: no sale
    if "unit_price" in frame.columns:
        price = frame["unit_price"].astype(float)
        free = price.eq(0)
        add("zero_price", free, value=0.0)
        negative = price.lt(0)
        add("negative_price", negative)
        frame = frame.loc[~(free | negative)]
        _removed(steps, "zero_price", int(free.sum()))
        _removed(steps, "negative_price", int(negative.sum()))

    # cancellations and returns
    ids = frame["order_id"].astype("string").str.strip()
    cancel = ids.str.upper().str.match(rf"{cancel_prefix.upper()}\d").fillna(False).astype(bool)
    if "quantity" in frame.columns:
        cancel |= frame["quantity"].astype(float).lt(0).fillna(False)
    cancel |= frame["amount"].astype(float).lt(0).fillna(False)
    customer = frame["account_id"]
    blank = customer.isna()
    if returns == "drop":
        add("returns_dropped", cancel, option="returns_net")
        frame = frame.loc[~cancel]
        _removed(steps, "returns_dropped", int(cancel.sum()))
        cancel = cancel.loc[frame.index]
        blank = frame["account_id"].isna()
    elif cancel.any():
        before = len(frame)
        frame, netted = _net_returns(frame, cancel, blank)
        if netted["rows"]:
            parts = [p for p in ("orders_gone", "customers_gone", "unmatched", "anonymous") if netted[p]]
            steps.append(Step("returns", netted["rows"], netted["value"], netted["rows"] / max(rows_read, 1),
                              netted["value"] / total_value, {**netted, "parts": parts}, option="returns_drop",
                              removed=before - len(frame)))
        blank = frame["account_id"].isna()

    # no customer id: kept for basket rules (or dropped), out of every customer analysis
    buying = frame["amount"].astype(float).gt(0)
    if blank.any():
        n_blank = int(blank.sum())
        v_blank = float(frame.loc[blank & buying, "amount"].sum())
        step = Step("no_customer" if anonymous == "rules" else "no_customer_dropped", n_blank, v_blank,
                    n_blank / max(rows_read, 1), v_blank / total_value, {}, _file_rows(frame, blank),
                    "anonymous_drop" if anonymous == "rules" else "anonymous_rules")
        steps.append(step)
        if anonymous == "drop":
            frame = frame.loc[~blank]
            step.removed = n_blank

    # customers left with returns only
    known = frame.loc[frame["account_id"].notna()]
    bought = known.loc[known["amount"].astype(float).gt(0), "account_id"].unique()
    only_returns = known["account_id"].notna() & ~known["account_id"].isin(bought)
    if only_returns.any():
        who = known.loc[only_returns, "account_id"]
        steps.append(Step("return_only", int(only_returns.sum()), float(known.loc[only_returns, "amount"].abs().sum()),
                          int(only_returns.sum()) / max(rows_read, 1), 0.0,
                          {"customers": who.nunique(), "examples": ", ".join(sorted(map(str, who.unique()))[:3])},
                          _file_rows(known, only_returns), removed=int(only_returns.sum())))
        frame = frame.drop(index=known.index[only_returns])
    out = frame.copy()
    out.attrs = dict(orders.attrs)
    return PreparedOrders(out, steps, line_level, rows_read, {"returns": returns, "duplicates": duplicates,
                                                                "anonymous": anonymous})


def _removed(steps: list[Step], key: str, n: int) -> None:
    for step in steps:
        if step.key == key:
            step.removed = n


def _net_returns(frame: pd.DataFrame, cancel: pd.Series, blank: pd.Series) -> tuple[pd.DataFrame, dict]:
    """Match returned quantities to the same customer's purchases of the same product, latest first."""
    info = {"rows": int(cancel.sum()), "value": float(frame.loc[cancel, "amount"].abs().sum()), "lines_gone": 0,
            "lines_cut": 0, "orders_gone": 0, "customers_gone": 0, "unmatched": 0, "unmatched_value": 0.0,
            "anonymous": int((cancel & blank).sum())}
    returns = frame.loc[cancel & ~blank]
    buys = frame.loc[~cancel]
    if "product" not in frame.columns or "quantity" not in frame.columns:
        # no products to match: returns stay as negative amounts and are netted in each customer's spend
        kept = frame.loc[~(cancel & blank)]
        info["unmatched"] = len(returns)
        info["unmatched_value"] = float(returns["amount"].abs().sum())
        return kept.assign(amount=kept["amount"].where(~cancel.loc[kept.index], -kept["amount"].abs())), info
    qty_back = (-returns["quantity"].astype(float)).clip(lower=0)
    qty_back = qty_back.where(qty_back > 0, 1.0)  # a negative amount with a positive quantity: one unit back
    key_r = pd.MultiIndex.from_arrays([returns["account_id"].astype(str), returns["product"].astype(str)])
    owed = pd.Series(qty_back.to_numpy(), index=key_r).groupby(level=[0, 1]).sum()
    value_back = pd.Series(returns["amount"].abs().to_numpy(), index=key_r).groupby(level=[0, 1]).sum()
    last = pd.Series(np.arange(len(returns)), index=key_r).groupby(level=[0, 1]).max()

    known = buys.loc[buys["account_id"].notna()]
    order = known.sort_values(["account_id", "product", "order_date"], ascending=[True, True, False], kind="stable")
    key_b = pd.MultiIndex.from_arrays([order["account_id"].astype(str), order["product"].astype(str)])
    qty = order["quantity"].astype(float).to_numpy()
    due = owed.reindex(key_b).fillna(0.0).to_numpy()
    group = pd.Series(qty, index=order.index).groupby([order["account_id"].astype(str).to_numpy(),
                                                        order["product"].astype(str).to_numpy()], sort=False)
    before = group.cumsum().to_numpy() - qty  # bought later than this line, in the same group
    taken = np.clip(due - before, 0, qty)
    left = qty - taken
    gone = order.index[(taken > 0) & (left <= 0)]
    cut = order.index[(taken > 0) & (left > 0)]
    info["lines_gone"], info["lines_cut"] = len(gone), len(cut)
    new_qty = pd.Series(left, index=order.index)
    kept_buys = buys.drop(index=gone)
    if len(cut):
        ratio = new_qty.loc[cut] / order.loc[cut, "quantity"].astype(float)
        kept_buys = kept_buys.copy()
        kept_buys.loc[cut, "amount"] = (kept_buys.loc[cut, "amount"].astype(float) * ratio).round(2)
        kept_buys.loc[cut, "quantity"] = new_qty.loc[cut].astype(kept_buys["quantity"].dtype)
    orders_before = set(known["order_id"])
    orders_after = set(kept_buys.loc[kept_buys["account_id"].notna(), "order_id"])
    info["orders_gone"] = len(orders_before - orders_after)
    info["customers_gone"] = len(set(known["account_id"]) - set(kept_buys["account_id"].dropna()))

    # quantity returned beyond what the data shows bought: a negative line per (customer, product)
    bought = group.sum()
    bought.index = pd.MultiIndex.from_tuples(bought.index)
    short = owed - bought.reindex(owed.index).fillna(0.0)
    short = short[short > 0]
    residual = pd.DataFrame()
    if len(short):
        template = returns.iloc[last.reindex(short.index).to_numpy()].copy()
        share = (short / owed.reindex(short.index)).to_numpy()
        template["amount"] = -(value_back.reindex(short.index).to_numpy() * share).round(2)
        template["quantity"] = (-short.to_numpy()).round().astype(template["quantity"].dtype)
        residual = template
        info["unmatched"] = int(len(short))
        info["unmatched_value"] = float(-template["amount"].sum())
    # money as the file says it: where a refund differs from the price the goods were bought at, the difference is
    # kept on the customer's latest remaining line of that product (or on the unmatched return), so each customer's
    # net spend is exactly purchases + refunds as recorded
    def key(frame: pd.DataFrame) -> pd.MultiIndex:
        return pd.MultiIndex.from_arrays([frame["account_id"].astype(str), frame["product"].astype(str)])

    refunds = pd.Series(-returns["amount"].abs().to_numpy(), index=key(returns)).groupby(level=[0, 1]).sum()
    paid = pd.Series(known["amount"].astype(float).to_numpy(), index=key(known)).groupby(level=[0, 1]).sum()
    kept_known = kept_buys.loc[kept_buys["account_id"].notna()]
    has = pd.Series(kept_known["amount"].astype(float).to_numpy(), index=key(kept_known)).groupby(level=[0, 1]).sum()
    if len(residual):
        has = has.add(pd.Series(residual["amount"].to_numpy(), index=key(residual)).groupby(level=[0, 1]).sum(),
                      fill_value=0.0)
    should = paid.reindex(refunds.index).fillna(0.0) + refunds
    diff = (should - has.reindex(refunds.index).fillna(0.0)).round(2)
    diff = diff[diff.abs() > 0.005]
    if len(diff):
        latest = order.loc[order.index.isin(kept_known.index)]
        latest = pd.Series(latest.index, index=key(latest))
        latest = latest[~latest.index.duplicated(keep="first")]  # sorted newest first
        on_line = latest.reindex(diff.index).dropna()
        if len(on_line):
            kept_buys = kept_buys.copy()
            kept_buys.loc[on_line.to_numpy(), "amount"] = (kept_buys.loc[on_line.to_numpy(), "amount"].astype(float)
                                                           + diff.reindex(on_line.index).to_numpy()).round(2)
        rest = diff.drop(index=on_line.index)
        if len(rest) and len(residual):
            at = pd.Series(residual.index, index=key(residual))
            at = at[~at.index.duplicated()].reindex(rest.index).dropna()
            residual.loc[at.to_numpy(), "amount"] = (residual.loc[at.to_numpy(), "amount"]
                                                     + rest.reindex(at.index).to_numpy()).round(2)
    parts = [kept_buys] + ([residual] if len(residual) else [])
    out = pd.concat(parts).sort_index(kind="stable") if len(parts) > 1 else kept_buys
    return out, info
