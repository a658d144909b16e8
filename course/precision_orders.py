"""Chapter 7 — prediction and detection on order history (精确营销：预测与检测).

Predict each account's spend over the next twelve months (to rank accounts for
up-selling) and flag unusual orders with the reason for each flag. Re-exported
from :mod:`course.precision`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from course.i18n import t
from course.precision_models import AS_OF, MIN_ROWS, data_error, require, to_kit_names

# --------------------------------------------------------------------------- prediction: next-year spend
ORDER_COLUMNS = ("order_id", "account_id", "order_date", "product", "quantity", "unit_price", "amount", "discount_rate")
SPEND_FEATURES = ("spend_12m", "spend_prev_12m", "spend_total", "orders_12m", "orders_total",
                  "days_since_order", "tenure_days", "copiers", "days_since_copier")


def _orders(orders: pd.DataFrame, columns: Mapping[str, str] | None, needed: Sequence[str]) -> pd.DataFrame:
    frame = to_kit_names(orders, columns, "orders")
    require(frame, needed, "orders")
    if not pd.api.types.is_datetime64_any_dtype(frame["order_date"]):
        frame = frame.assign(order_date=pd.to_datetime(frame["order_date"], errors="coerce"))
    return frame


def spend_features(orders: pd.DataFrame, cutoff, *, columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per account with an order on or before ``cutoff``: what it bought up to then.

    Spend in the last 12 months and the 12 before, totals, recency, tenure, and
    copier history (``days_since_copier`` is 9,999 for accounts without one).
    Orders with a non-positive quantity are ignored (returns, typos).

    >>> o = pd.DataFrame({"account_id": ["A", "A"], "order_date": pd.to_datetime(["2025-01-01", "2025-06-01"]),
    ...                   "product": ["copier", "toner"], "amount": [30000.0, 400.0], "quantity": [1, 2]})
    >>> spend_features(o, "2025-06-30").loc["A", ["spend_12m", "orders_total", "days_since_copier"]].tolist()
    [30400.0, 2.0, 180.0]
    """
    frame = _orders(orders, columns, ["account_id", "order_date", "amount"])
    cut = pd.Timestamp(cutoff)
    valid = frame["quantity"] > 0 if "quantity" in frame else pd.Series(True, index=frame.index)
    past = frame.loc[valid & (frame["order_date"] <= cut)]
    days = (cut - past["order_date"]).dt.days
    by = past.groupby("account_id")
    recent, prev = past[days < 365].groupby("account_id"), past[(days >= 365) & (days < 730)].groupby("account_id")
    table = pd.DataFrame({
        "spend_12m": recent["amount"].sum(),
        "spend_prev_12m": prev["amount"].sum(),
        "spend_total": by["amount"].sum(),
        "orders_12m": recent.size(),
        "orders_total": by.size(),
        "days_since_order": days.groupby(past["account_id"]).min(),
        "tenure_days": days.groupby(past["account_id"]).max(),
    })
    if "product" in past:
        copier = past["product"] == "copier"
        table["copiers"] = copier.groupby(past["account_id"]).sum()
        table["days_since_copier"] = days[copier].groupby(past.loc[copier, "account_id"]).min()
    else:
        table["copiers"], table["days_since_copier"] = 0, np.nan
    table = table.fillna({"spend_12m": 0.0, "spend_prev_12m": 0.0, "orders_12m": 0, "copiers": 0, "days_since_copier": 9999})
    table.index.name = "account_id"
    return table.astype(float).sort_index()


def _next_spend(frame: pd.DataFrame, cutoff: pd.Timestamp, index: pd.Index) -> pd.Series:
    window = (frame["order_date"] > cutoff) & (frame["order_date"] <= cutoff + pd.Timedelta(days=365))
    valid = frame["quantity"] > 0 if "quantity" in frame else True
    return frame.loc[window & valid].groupby("account_id")["amount"].sum().reindex(index, fill_value=0.0)


@dataclass
class SpendModel:
    """Next-12-month spend per account: a model trained on one year, judged on the next.

    ``mae`` is the model's mean absolute error on the test year,
    ``baseline_mae`` that of the naive forecast "next year = last year".
    """

    pipeline: object
    train_cutoff: pd.Timestamp
    test_cutoff: pd.Timestamp
    test: pd.DataFrame
    mae: float
    baseline_mae: float
    columns: dict[str, str] = field(default_factory=dict)

    def key_features(self) -> pd.Series:
        """How much each feature contributes to the forecast (importances sum to 1)."""
        est = self.pipeline
        return pd.Series(est.feature_importances_, index=list(SPEND_FEATURES), name="importance").sort_values(ascending=False)

    def rank(self, orders: pd.DataFrame, as_of=AS_OF, top: int | None = None) -> pd.DataFrame:
        """Accounts ranked by forecast spend in the 12 months after ``as_of``, for up-selling."""
        feats = spend_features(orders, as_of, columns=self.columns)
        out = feats[["spend_12m", "days_since_copier"]].copy()
        out["predicted_spend"] = np.maximum(self.pipeline.predict(feats[list(SPEND_FEATURES)]), 0.0)
        out["growth"] = out["predicted_spend"] - out["spend_12m"]
        out = out.sort_values(["predicted_spend", "spend_12m"], ascending=False, kind="stable")
        return out.head(top) if top else out


def train_spend_model(
    orders: pd.DataFrame,
    *,
    as_of=AS_OF,
    columns: Mapping[str, str] | None = None,
    random_state: int = 0,
) -> SpendModel:
    """Predict each account's spend in the next 12 months from its order history.

    Trains on the year ending 12 months before ``as_of`` (features up to
    ``as_of`` − 2 years, target the following 12 months), tests on the year
    after that (features up to ``as_of`` − 1 year, target the last 12 months),
    and reports the error next to the naive forecast "same as the last 12
    months". ``GradientBoostingRegressor`` with the Huber loss, so a few huge
    orders do not dominate.

    Raises
    ------
    course.data.DataError
        Missing columns or too little history.

    Examples
    --------
    >>> model = train_spend_model(data.load("b2b_orders"))     # doctest: +SKIP
    >>> model.mae < model.baseline_mae                           # doctest: +SKIP
    True
    """
    from sklearn.ensemble import GradientBoostingRegressor
    from sklearn.metrics import mean_absolute_error

    frame = _orders(orders, columns, ["account_id", "order_date", "amount"])
    test_cut = pd.Timestamp(as_of) - pd.DateOffset(years=1)
    train_cut = pd.Timestamp(as_of) - pd.DateOffset(years=2)
    x_train = spend_features(frame, train_cut)
    x_test = spend_features(frame, test_cut)
    if len(x_train) < MIN_ROWS or len(x_test) < MIN_ROWS:
        raise data_error(
            f"orders: only {len(x_train)} accounts have orders two years before {pd.Timestamp(as_of).date()}; "
            f"need at least {MIN_ROWS}. Fix: use a longer order history.",
            f"orders：在 {pd.Timestamp(as_of).date()} 两年前有订单的客户只有 {len(x_train)} 家，至少需要 {MIN_ROWS} 家。请提供更长的订单历史。",
            source="orders")
    y_train = _next_spend(frame, train_cut, x_train.index)
    y_test = _next_spend(frame, test_cut, x_test.index)
    est = GradientBoostingRegressor(loss="huber", max_depth=2, random_state=random_state)
    est.fit(x_train[list(SPEND_FEATURES)], y_train)
    test = pd.DataFrame({"actual": y_test, "predicted": np.maximum(est.predict(x_test[list(SPEND_FEATURES)]), 0.0),
                         "naive": x_test["spend_12m"]})
    return SpendModel(
        pipeline=est, train_cutoff=train_cut, test_cutoff=test_cut, test=test,
        mae=float(mean_absolute_error(test["actual"], test["predicted"])),
        baseline_mae=float(mean_absolute_error(test["actual"], test["naive"])),
        columns=dict(columns or {}),
    )


# --------------------------------------------------------------------------- detection
ORDER_RULES = ("negative_quantity", "future_date", "amount_mismatch", "amount_outlier")


def flag_orders(
    orders: pd.DataFrame,
    *,
    as_of=AS_OF,
    columns: Mapping[str, str] | None = None,
    outlier_factor: float = 20.0,
    tolerance: float = 0.02,
    contamination: float = 0.005,
    random_state: int = 0,
    lang: str | None = None,
) -> pd.DataFrame:
    """Flag unusual orders with simple rules plus an isolation forest, each with its reason.

    Rules: ``negative_quantity``; ``future_date`` (after ``as_of``);
    ``amount_mismatch`` (amount ≠ quantity × unit_price × (1 − discount_rate)
    by more than ``tolerance`` yuan, and 1 %); ``amount_outlier`` (amount more than
    ``outlier_factor`` × the product's median). ``isolation`` marks the
    ``contamination`` share of orders an ``IsolationForest`` finds hardest to
    fit. Returns only flagged orders, most suspicious first, with ``reasons``
    in the current language.

    >>> flagged = flag_orders(data.load("b2b_orders"))           # doctest: +SKIP
    """
    import joblib
    from sklearn.ensemble import IsolationForest

    frame = _orders(orders, columns, list(ORDER_COLUMNS))
    if len(frame) < MIN_ROWS:
        raise data_error(f"orders: only {len(frame)} rows; detection needs at least {MIN_ROWS} to learn what is usual.",
                         f"orders：只有 {len(frame)} 行，至少要 {MIN_ROWS} 行才能看出什么是“正常”。", source="orders")
    qty, price = frame["quantity"].astype(float), frame["unit_price"].astype(float)
    amount, disc = frame["amount"].astype(float), frame["discount_rate"].fillna(0).astype(float)
    expected = qty * price * (1 - disc)
    typical = amount.where(qty > 0).groupby(frame["product"]).transform("median")
    gap = (amount - expected).abs()
    flags = pd.DataFrame({
        "negative_quantity": qty <= 0,
        "future_date": frame["order_date"] > pd.Timestamp(as_of),
        "amount_mismatch": (gap > tolerance) & (gap > 0.01 * expected.abs()),
        "amount_outlier": amount > outlier_factor * typical,
    }, index=frame.index)
    unit_ratio = price / price.groupby(frame["product"]).transform("median")
    signals = pd.DataFrame({
        "log_amount": np.log1p(amount.abs()),
        "log_price_ratio": np.log(unit_ratio.clip(lower=1e-6)),
        "log_amount_ratio": np.log((amount.abs() + 1) / (expected.abs() + 1)),
        "quantity": qty,
        "discount_rate": disc,
    }).fillna(0.0)
    # contamination="auto" spares fit() a scoring pass over every order; the cut below is the one fit(contamination=…)
    # and predict() would make (score_samples under its contamination percentile), from a single pass. Scoring is
    # sequential unless a joblib backend says otherwise (sklearn's own advice above ~1k rows); trees release the GIL.
    forest = IsolationForest(contamination="auto", random_state=random_state).fit(signals)
    with joblib.parallel_config(backend="threading", n_jobs=2 if len(signals) > 20_000 else 1):
        raw = forest.score_samples(signals)
    score = -raw
    flags["isolation"] = raw < np.percentile(raw, 100.0 * contamination)
    out = frame[["order_id", "account_id", "order_date", "product", "quantity", "unit_price", "amount"]].copy()
    out["expected_amount"] = expected.round(2)
    out["typical_amount"] = typical
    out["anomaly_score"] = score
    out = pd.concat([out, flags], axis=1)
    out["rules"] = flags[list(ORDER_RULES)].sum(axis=1)
    out = out.loc[flags.any(axis=1)].sort_values(["rules", "anomaly_score"], ascending=False, kind="stable")
    out["reasons"] = [_reasons(row, as_of, lang) for row in out.itertuples()]
    return out


def _reasons(row, as_of, lang: str | None) -> str:
    parts = []
    if row.negative_quantity:
        parts.append(t("ch07.reason.negative_quantity", lang, q=row.quantity))
    if row.future_date:
        parts.append(t("ch07.reason.future_date", lang, date=row.order_date.date(), as_of=pd.Timestamp(as_of).date()))
    if row.amount_mismatch:
        parts.append(t("ch07.reason.amount_mismatch", lang, amount=row.amount, expected=row.expected_amount))
    if row.amount_outlier:
        parts.append(t("ch07.reason.amount_outlier", lang, ratio=row.amount / row.typical_amount))
    if row.isolation and not parts:
        parts.append(t("ch07.reason.isolation", lang))
    return t("ch07.sep", lang).join(parts)


def planted_recall(flagged_ids: Sequence[str], planted_ids: Sequence[str]) -> dict[str, float]:
    """How many planted anomalies were found (recall) and how many flags were planted (precision).

    >>> planted_recall(["O1", "O2", "O9"], ["O1", "O2", "O3", "O4"])["recall"]
    0.5
    """
    found, planted = set(flagged_ids), set(planted_ids)
    hit = len(found & planted)
    return {"planted": len(planted), "flagged": len(found), "found": hit,
            "recall": hit / len(planted) if planted else float("nan"),
            "precision": hit / len(found) if found else float("nan")}


__all__ = ["ORDER_RULES", "SPEND_FEATURES", "SpendModel", "flag_orders", "planted_recall", "spend_features", "train_spend_model"]
