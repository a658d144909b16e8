"""Chapter 4 — best and worst customers, look-alike prospects, why they buy (最佳客户与最差客户).

- :func:`customer_scorecard` scores customers on the best/worst traits the
  data can show (revenue, order size, growth, discounts, cost to serve,
  complaints) and :func:`segment_table` turns it into "segment → best →
  worst → next action";
- :func:`lookalike_scores` ranks prospects by how much they resemble the best
  customers, naming the features that drove each score;
- :func:`why_buy` answers the "why do they buy from you" questions the data can.

Also reachable as ``course.records.<name>``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from course import content
from course.i18n import t
from course.records import (
    SCORE_SIGNS,
    SCORE_WEIGHTS,
    _error,
    _given,
    _label,
    _prepare,
    _value,
)


# --------------------------------------------------------------------------- best and worst customers
def customer_scorecard(orders: pd.DataFrame, tickets: pd.DataFrame | None = None, accounts: pd.DataFrame | None = None, *,
                       as_of: str | pd.Timestamp | None = None, hour_cost: float = 300.0, best_share: float = 0.2,
                       core: Sequence[str] = ("equipment", "service"), strategic: Sequence[str] = ("network",),
                       weights: Mapping[str, float] | None = None, columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Score every buying account on the traits the data can show, 0–100 (higher = better customer).

    Value side: revenue, average order size, growth (last 12 months minus the
    12 before), discount given. Cost side: service hours per ¥10,000 of revenue
    and the share of tickets that are complaints (from ``tickets``). Each is
    turned into a percentile rank; ``score`` is their weighted mean
    (``weights``, default :data:`SCORE_WEIGHTS`: revenue counts double). The top
    ``best_share`` are ``best``, the bottom ``best_share`` ``worst``. Columns
    ``best_signs``/``worst_signs`` list the content trait ids the data shows.
    ``cost_to_serve`` assumes ``hour_cost`` yuan per service hour.
    """
    tx, info = _prepare(orders, ("customer", "date", "amount"), _given(columns), source="orders")
    tx["customer"] = tx["customer"].astype("string")  # small table: plain ids keep the joins simple
    for extra in ("quantity", "unit_price", "category"):
        if extra in orders.columns:
            tx[extra] = orders.loc[tx.index, extra]
    today = pd.Timestamp(as_of) if as_of is not None else tx["date"].max()
    tx = tx.loc[tx["date"] <= today]
    g = tx.groupby("customer")
    card = pd.DataFrame({"revenue": g["amount"].sum(), "orders": g.size()})
    ids = orders.loc[tx.index, "order_id"] if "order_id" in orders.columns else None
    if ids is not None and not ids.is_unique:  # line-level orders: an order is a distinct id among purchases, not a line
        buys = tx["amount"].gt(0).to_numpy()
        card["orders"] = ids[buys].groupby(tx.loc[buys, "customer"]).nunique().reindex(card.index, fill_value=0)
        card = card.loc[card["orders"] > 0]
    card["avg_order"] = card["revenue"] / card["orders"]
    if {"quantity", "unit_price"} <= set(tx.columns):
        listed = (tx["quantity"].astype(float) * tx["unit_price"].astype(float)).groupby(tx["customer"]).sum()
        card["discount_rate"] = (1 - card["revenue"] / listed.replace(0, np.nan)).clip(lower=0).fillna(0)
    else:
        card["discount_rate"] = 0.0
    last = tx["date"] > today - pd.DateOffset(years=1)
    prev = (tx["date"] > today - pd.DateOffset(years=2)) & ~last
    card["growth"] = (tx.loc[last].groupby("customer")["amount"].sum().reindex(card.index, fill_value=0)
                      - tx.loc[prev].groupby("customer")["amount"].sum().reindex(card.index, fill_value=0))
    if "category" in tx.columns:
        by_cat = tx.pivot_table(index="customer", columns="category", values="amount", aggfunc="sum", fill_value=0)
        positive = by_cat.clip(lower=0)
        denom = positive.sum(axis=1).replace(0, np.nan)
        card["core_share"] = (positive.reindex(columns=list(core), fill_value=0).sum(axis=1) / denom).fillna(0)
        card["strategic_share"] = (positive.reindex(columns=list(strategic), fill_value=0).sum(axis=1) / denom).fillna(0)
        card["main_category"] = positive.idxmax(axis=1)
    card["tickets"] = card["service_hours"] = card["complaints"] = 0.0
    if tickets is not None:
        tk = tickets.loc[pd.to_datetime(tickets["opened_date"]) <= today] if "opened_date" in tickets else tickets
        tg = tk.groupby("account_id")
        card["tickets"] = tg.size().reindex(card.index, fill_value=0)
        card["service_hours"] = tg["hours_spent"].sum().reindex(card.index, fill_value=0) if "hours_spent" in tk else 0.0
        if "kind" in tk:
            card["complaints"] = tk.loc[tk["kind"] == "complaint"].groupby("account_id").size().reindex(card.index, fill_value=0)
    card[["tickets", "complaints"]] = card[["tickets", "complaints"]].astype(int)
    card["cost_to_serve"] = card["service_hours"] * hour_cost
    card["hours_per_10k"] = card["service_hours"] / (card["revenue"].clip(lower=1) / 10_000)
    card["complaint_share"] = (card["complaints"] / card["tickets"].replace(0, np.nan)).fillna(0.0)
    w = SCORE_WEIGHTS | dict(weights or {})
    parts = sum(w[k] * (card[k] * sign).rank(pct=True) for k, sign in SCORE_SIGNS.items())
    card["score"] = (100 * parts / sum(w.values())).round(1)
    pct = card["score"].rank(pct=True, method="first")
    card["verdict"] = np.where(pct > 1 - best_share, "best", np.where(pct <= best_share, "worst", "middle"))
    card["best_signs"], card["worst_signs"] = _signs(card)
    if accounts is not None:
        keep = [c for c in ("account_name", "industry", "size_band", "employees", "city", "status") if c in accounts]
        card = card.join(accounts.set_index("account_id")[keep])
    card.index.name = "account_id"
    card.attrs.update(info | {"hour_cost": hour_cost, "as_of": str(today.date())})
    return card.sort_values(["score", "revenue"], ascending=False)


def _signs(card: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Content trait ids (best_customer_traits / worst_customer_traits) each account shows in the data."""
    per_order = card["tickets"] / card["orders"]
    flags_best = {
        "play_to_strengths": (card.get("core_share", 0) >= 0.5) & (per_order <= per_order.median()),
        "value_and_pay": (card["discount_rate"] <= card["discount_rate"].median()) & (card["revenue"] >= card["revenue"].median()),
        "lead_on_strategy": (card["growth"] > 0) & (card.get("strategic_share", 0) > 0),
    }
    flags_worst = {
        "pull_off_strategy": (1 - card.get("core_share", 1) - card.get("strategic_share", 0)) >= 0.8,
        "cost_more_than_bring": card["cost_to_serve"] > 0.25 * card["revenue"].clip(lower=0),
        "demand_attention": card["hours_per_10k"] > 3 * card["hours_per_10k"].median(),
        "never_satisfied": (card["complaints"] >= 2) & (card["complaint_share"] >= 0.25),
    }

    def join(flags: dict[str, pd.Series]) -> list[str]:
        frame = pd.DataFrame({k: np.broadcast_to(np.asarray(v, dtype=bool), len(card)) for k, v in flags.items()}, index=card.index)
        names = np.asarray(frame.columns, dtype=object)  # a plain array: indexing it per customer is 20x quicker than an Index
        return [", ".join(names[row]) for row in frame.to_numpy()]

    return join(flags_best), join(flags_worst)


def trait_names(ids: str, lang: str | None = None) -> str:
    """Comma-separated trait ids → their names in the current language."""
    names = {r["id"]: r["name"] for key in ("best_customer_traits", "worst_customer_traits") for r in content.text(key, lang)}
    parts = [names.get(i.strip(), i.strip()) for i in str(ids).split(",") if i.strip()]
    return ("、" if (lang or _lang()) == "zh" else "; ").join(parts)


def _lang() -> str:
    from course.i18n import get_language

    return get_language()


def segment_table(scorecard: pd.DataFrame, by: str = "industry", n: int = 2, lang: str | None = None) -> pd.DataFrame:
    """The 80/20 table: segment → best customers → worst customers → next action.

    ``by`` is a column of the scorecard (``industry``, or ``main_category`` for
    the product group an account buys most). Best = highest scores in the
    segment, worst = lowest; the next action follows the worst customers'
    most common warning sign.
    """
    if by not in scorecard.columns:
        raise _error(f"scorecard: no column '{by}'. Fix: pass accounts= to customer_scorecard, or by='main_category'.",
                     f"评分表中没有列 '{by}'。解决办法：给 customer_scorecard 传入 accounts=，或改用 by='main_category'。", column=by)
    name_col = "account_name" if "account_name" in scorecard else None
    rows = []
    for segment, part in scorecard.groupby(by, sort=True):
        part = part.sort_values("score", ascending=False)

        def names(frame: pd.DataFrame) -> str:
            # "Name (82), Name (71)" / "名称（82）、名称（71）": a list in the reader's language
            return t("table.list_sep", lang).join(
                t("ch04.segment.member", lang, name=r[name_col] if name_col else i, score=f"{r['score']:.0f}")
                for i, r in frame.iterrows())

        best, worst = part.head(n), part.tail(min(n, max(len(part) - n, 0)))
        signs = pd.Series([s.strip() for v in worst["worst_signs"] for s in v.split(",") if s.strip()])
        key = signs.value_counts().index[0] if len(signs) else "low_value"
        rows.append({"segment": segment, "customers": len(part), "best": names(best), "worst": names(worst) or "—",
                     "next_action": t(f"ch04.next.{key}", lang)})
    return pd.DataFrame(rows).set_index("segment")


def plot_best_worst(scorecard: pd.DataFrame, lang: str | None = None):
    """Revenue against service load: best customers bottom right, worst top left.

    Dot size is the share of an account's tickets that were complaints (a
    worst-customer sign, whatever the account's size), with a size legend.
    Accounts that needed no service at all cannot sit on a log axis: they are
    drawn in a strip of their own under the main plot, not at a made-up value.
    """
    from course.plots import PALETTE, new_figure, thousands

    fig, (ax, strip) = new_figure(8, 5.4, nrows=2, height_ratios=(5, 1), sharex=True)
    colours = {"best": PALETTE[2], "middle": PALETTE[5], "worst": PALETTE[3]}

    def size(share):
        return 14 + 110 * np.asarray(share, dtype=float)

    served = scorecard["hours_per_10k"] > 0
    rng = np.random.default_rng(0)  # a fixed jitter, so the strip is readable and the figure reproducible
    for verdict, colour in colours.items():
        part = scorecard.loc[(scorecard["verdict"] == verdict) & served]
        idle = scorecard.loc[(scorecard["verdict"] == verdict) & ~served]
        n = int((scorecard["verdict"] == verdict).sum())
        ax.scatter(part["revenue"].clip(lower=100), part["hours_per_10k"], s=size(part["complaint_share"]),
                   color=colour, alpha=0.7, label=t(f"ch04.verdict.{verdict}", lang) + f" ({n})")
        strip.scatter(idle["revenue"].clip(lower=100), rng.uniform(0.2, 0.8, len(idle)), s=14, color=colour, alpha=0.7)
    ax.set_xscale("log")
    if served.any():  # a log axis needs at least one positive value
        ax.set_yscale("log")
        thousands(ax.yaxis)  # 0.1, 1, 10 rather than 10⁻¹, 10⁰, 10¹
    thousands(strip.xaxis)  # 1,000 and 100,000 yuan, not 10³ and 10⁵ (the axes share their ticks)
    ax.set_ylabel(t("ch04.best.ylabel", lang))
    ax.set_title(t("ch04.best.title", lang))
    first = ax.legend(loc="upper right", fontsize=9, title=t("ch04.best.legend_verdict", lang))
    for handle in first.legend_handles:  # one marker size for the colours
        handle.set_sizes([30])
    ax.add_artist(first)
    sizes = [ax.scatter([], [], s=size(v), color="#bbbbbb", edgecolor="#777777") for v in (0.0, 0.5, 1.0)]
    ax.legend(sizes, ["0%", "50%", "100%"], loc="lower left", fontsize=9, title=t("ch04.best.legend_size", lang),
              ncols=3, frameon=True)
    strip.set_ylim(0, 1)
    strip.set_yticks([0.5], [t("ch04.best.no_service", lang, n=int((~served).sum()))])
    strip.grid(axis="y", visible=False)
    strip.set_xlabel(t("ch04.best.xlabel", lang))
    return fig


# --------------------------------------------------------------------------- look-alike prospects
LOOKALIKE_FEATURES = ("industry", "size_band", "city", "employees")


def lookalike_model(accounts: pd.DataFrame, scorecard: pd.DataFrame, features: Sequence[str] = LOOKALIKE_FEATURES):
    """A logistic model that tells best customers from the other customers by profile alone.

    Categorical features are one-hot encoded; numbers are log-scaled and
    standardised. Returns the fitted scikit-learn pipeline.
    """
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline, make_pipeline
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

    missing = [f for f in features if f not in accounts.columns]
    if missing:
        raise _error(f"accounts: missing feature column(s) {missing}. Fix: map them with columns= or choose other features=.",
                     f"客户表缺少特征列 {missing}。解决办法：用列映射补上，或换用其他 features=。", column=missing[0])
    train = accounts.set_index("account_id").loc[scorecard.index.intersection(accounts["account_id"])]
    y = (scorecard.loc[train.index, "verdict"] == "best").astype(int)
    if y.nunique() < 2:
        raise _error("scorecard: need both best and other customers to learn a profile.", "评分表里需要同时有最佳客户和其他客户才能学习画像。")
    numeric = [f for f in features if pd.api.types.is_numeric_dtype(accounts[f])]
    categorical = [f for f in features if f not in numeric]
    prep = ColumnTransformer([("cat", OneHotEncoder(handle_unknown="ignore"), categorical),
                              ("num", make_pipeline(FunctionTransformer(np.log1p, feature_names_out="one-to-one"), StandardScaler()), numeric)])
    model = Pipeline([("prep", prep), ("logit", LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced"))])
    model.fit(train[list(features)], y)
    model.features_ = list(features)
    model.train_mean_ = np.asarray(prep.transform(train[list(features)]).mean(axis=0)).ravel()
    return model


def lookalike_scores(accounts: pd.DataFrame, scorecard: pd.DataFrame, features: Sequence[str] = LOOKALIKE_FEATURES,
                     status: str = "prospect", top_drivers: int = 2, lang: str | None = None) -> pd.DataFrame:
    """Rank the prospects by how much their profile looks like the best customers' (0–100).

    The score is the model's probability that an account with this profile is
    a best customer. ``drivers`` names the features that pushed the score up
    most (coefficient × how far the prospect differs from the average customer).
    """
    model = lookalike_model(accounts, scorecard, features)
    pool = accounts.loc[accounts["status"] == status].set_index("account_id")
    if pool.empty:
        raise _error(f"accounts: no rows with status '{status}'.", f"客户表中没有状态为 '{status}' 的记录。", column="status")
    X = pool[list(features)]
    prep, logit = model.named_steps["prep"], model.named_steps["logit"]
    encoded = prep.transform(X)
    encoded = encoded.toarray() if hasattr(encoded, "toarray") else np.asarray(encoded)
    contrib = (encoded - model.train_mean_) * logit.coef_[0]
    owners = [name.split("__", 1)[1] for name in prep.get_feature_names_out()]
    owner_of = [next(f for f in features if o == f or o.startswith(f + "_")) for o in owners]
    per_feature = pd.DataFrame(contrib, index=pool.index).T.groupby(np.array(owner_of)).sum().T
    out = pool[[c for c in ("account_name", *features) if c in pool.columns]].copy()
    out["lookalike_score"] = (100 * model.predict_proba(X)[:, 1]).round(1)
    out["drivers"] = [_drivers(per_feature.loc[i], pool.loc[i], top_drivers, lang) for i in pool.index]
    out.index.name = "account_id"
    return out.sort_values(["lookalike_score"], ascending=False, kind="stable")


def _drivers(contrib: pd.Series, row: pd.Series, k: int, lang: str | None) -> str:
    top = contrib[contrib > 0].sort_values(ascending=False).head(k)
    if top.empty:
        return t("ch04.lookalike.no_driver", lang)
    if (lang or _lang()) == "zh":
        return "；".join(f"{_label(f, lang)}：{_value(row[f], lang)}（+{v:.1f}）" for f, v in top.items())
    return "; ".join(f"{_label(f, lang)}: {_value(row[f], lang)} (+{v:.1f})" for f, v in top.items())


#: columns whose cells are ids that :func:`labels` shows in the current language
# --------------------------------------------------------------------------- why do they buy
def why_buy(orders: pd.DataFrame, accounts: pd.DataFrame, contacts: pd.DataFrame, leads: pd.DataFrame,
            as_of: str | pd.Timestamp | None = None, lang: str | None = None) -> pd.DataFrame:
    """The content's "why do they buy from you" questions, each answered from the data where it can be."""
    today = pd.Timestamp(as_of) if as_of is not None else orders["order_date"].max()
    od = orders.loc[orders["order_date"] <= today]
    year = od.loc[od["order_date"] > today - pd.DateOffset(years=1)]
    won = leads.loc[leads["converted"].astype(bool)]
    roles = won.merge(contacts[["contact_id", "buying_role"]], on="contact_id", how="left")["buying_role"].value_counts(normalize=True)
    by_method = leads.groupby("source_method").agg(cost=("acquisition_cost", "sum"), wins=("converted", "sum"))
    per_win = (by_method["cost"] / by_method["wins"].replace(0, np.nan)).dropna().sort_values()
    product = od.groupby("product")["amount"].sum().sort_values(ascending=False)
    months = od["order_date"].dt.month.value_counts().reindex(range(1, 13), fill_value=0)
    gaps = od.sort_values("order_date").groupby("account_id")["order_date"].diff().dt.days.dropna()
    repeat = od.groupby("account_id").size()
    cities = od.merge(accounts[["account_id", "city"]], on="account_id").groupby("city")["amount"].sum().sort_values(ascending=False)
    values = {
        "who_decides": {"role": _value(roles.index[0], lang), "share": roles.iloc[0]},
        "sales_amount": {"total": year["amount"].sum(), "per": year.groupby("account_id")["amount"].sum().median()},
        "sales_quantity": {"units": int(year["quantity"].sum()), "price": year["amount"].sum() / max(year["quantity"].sum(), 1)},
        "cost_per_sale": {"overall": leads["acquisition_cost"].sum() / max(int(leads["converted"].sum()), 1),
                          "method": _method_name(per_win.index[0], lang), "best": per_win.iloc[0]},
        "what_they_buy": {"product": _value(product.index[0], lang), "share": product.iloc[0] / product.sum()},
        "when_they_buy": {"month": int(months.idxmax()), "share": months.max() / months.sum()},
        "regular_or_occasional": {"share": (repeat >= 3).mean(), "gap": gaps.median()},
        "seasonal": {"ratio": months.max() / months.mean(), "low": int(months.idxmin())},
        "where_they_buy": {"city": cities.index[0], "share": cities.iloc[0] / cities.sum()},
    }
    rows = []
    for q in content.text("why_buy_questions", lang):
        answer = t(f"ch04.why.{q['id']}", lang, **values[q["id"]]) if q["id"] in values else q["how_to_answer"]
        rows.append({"question": q["question"], "from_data": q["id"] in values, "answer": answer})
    return pd.DataFrame(rows)


def _method_name(method: str, lang: str | None) -> str:
    try:
        return {m["id"]: m["name"] for m in content.text("methods", lang)}.get(method, method)
    except KeyError:  # pragma: no cover - the finding chapter's content is absent
        return method


__all__ = ["LOOKALIKE_FEATURES", "customer_scorecard", "lookalike_model", "lookalike_scores", "plot_best_worst", "segment_table", "trait_names", "why_buy"]
