"""What was planted, measured on the generated tables (``ground_truth.json``, 真实结构).

Every figure here is recomputed from the tables with plain pandas — not with
the course's own helpers — so tests can check the helpers against it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from course.datagen import effects as fx
from course.datagen.common import top_share
from course.datagen.reference import AS_OF, STAGES, TEXTBOOK_FIRST_ORDER, TEXTBOOK_NAME

#: purchases this close together are one buying occasion (a fleet bought in two deliveries)
OCCASION_DAYS = 60
#: a replacement cycle needs this many occasions (two gaps) before it gives a due date
MIN_OCCASIONS = 3


def rule_stats(items: pd.DataFrame, a: str, b: str) -> dict[str, Any]:
    """Exact counts, support, confidence and lift of the rule ``a -> b`` over all baskets."""
    baskets = items.groupby("txn_id")["item"].agg(frozenset)
    n = len(baskets)
    has_a = baskets.map(lambda s: a in s)
    has_b = baskets.map(lambda s: b in s)
    n_a, n_b, n_ab = int(has_a.sum()), int(has_b.sum()), int((has_a & has_b).sum())
    conf = n_ab / n_a
    return {
        "antecedent": a,
        "consequent": b,
        "n_baskets": n,
        "count_antecedent": n_a,
        "count_consequent": n_b,
        "count_both": n_ab,
        "support": round(n_ab / n, 6),
        "confidence": round(conf, 6),
        "lift": round(conf / (n_b / n), 6),
    }


def occasions(dates: pd.Series, window: int = OCCASION_DAYS) -> list[pd.Timestamp]:
    """Sorted purchase dates merged into buying occasions (a purchase within ``window`` days of the previous joins it)."""
    out: list[pd.Timestamp] = []
    last = None
    for d in sorted(pd.to_datetime(dates)):
        if last is None or (d - last).days > window:
            out.append(d)
        last = d
    return out


def cycle_estimate(dates: pd.Series) -> dict[str, Any]:
    """Occasions, the median gap between them and the next due date (None with too few occasions)."""
    occ = occasions(dates)
    gaps = [(b - a).days for a, b in zip(occ, occ[1:], strict=False)]
    due = (
        occ[-1] + pd.Timedelta(days=round(float(np.median(gaps))))
        if len(occ) >= MIN_OCCASIONS
        else None
    )
    return {
        "occasions": len(occ),
        "median_gap_days": float(np.median(gaps)) if gaps else None,
        "next_due": due,
    }


def _man_label(df: pd.DataFrame) -> pd.Series:
    return (
        pd.Series(np.where(df["money"], "M", "m"), index=df.index)
        + np.where(df["authority"], "A", "a")
        + np.where(df["need"], "N", "n")
    )


def _reorder_after_tickets(
    tickets: pd.DataFrame, orders: pd.DataFrame, window: int = 365
) -> dict[str, Any]:
    """Share of tickets (opened >= ``window`` days before the as-of date) followed by an order within ``window`` days."""
    as_of = pd.Timestamp(AS_OF)
    t = tickets[tickets["opened_date"] <= as_of - pd.Timedelta(days=window)]
    by_acc = orders.groupby("account_id")["order_date"].apply(lambda s: np.sort(s.to_numpy()))
    again = []
    for acc, opened in zip(t["account_id"], t["opened_date"], strict=True):
        dates = by_acc.get(acc, np.array([], dtype="datetime64[ns]"))
        lo = np.searchsorted(dates, np.datetime64(opened), "right")
        hi = np.searchsorted(dates, np.datetime64(opened + pd.Timedelta(days=window)), "right")
        again.append(hi > lo)
    t = t.assign(again=again)
    out = {}
    for label, mask in (
        ("satisfied", t["satisfied"].eq(True)),
        ("dissatisfied", t["satisfied"].eq(False)),
    ):
        out[label] = {
            "tickets": int(mask.sum()),
            "reorder_rate": round(float(t.loc[mask, "again"].mean()), 4),
        }
    return out


def ground_truth(
    tables: dict[str, pd.DataFrame], planted: dict[str, Any], seed: int, version: int
) -> dict[str, Any]:
    """Measure the planted structure on ``tables`` (what ``ground_truth.json`` holds)."""
    orders, leads, accounts = tables["b2b_orders"], tables["b2b_leads"], tables["b2b_accounts"]
    reps = tables["b2b_reps"]
    anom_ids = [x["order_id"] for x in planted["b2b_order_anomalies"]]
    clean = orders[~orders["order_id"].isin(anom_ids)]
    rev = clean.groupby("account_id")["amount"].sum()
    txn, members = tables["b2c_transactions"], tables["b2c_members"]
    tanom = [x["txn_id"] for x in planted["b2c_txn_anomalies"]]
    spend = txn[~txn["txn_id"].isin(tanom)].groupby("member_id")["amount"].sum()
    spend = spend.reindex(members["member_id"], fill_value=0.0)

    by_man = leads.groupby(_man_label(leads))["converted"].mean().round(4)
    g = leads.groupby("source_method")
    meth = pd.DataFrame(
        {
            "leads": g.size(),
            "conversion_rate": g["converted"].mean().round(4),
            "cost_per_lead": g["acquisition_cost"].mean().round(2),
            "wins": g["converted"].sum(),
        }
    )
    meth["cost_per_win"] = (g["acquisition_cost"].sum() / meth["wins"]).round(2)
    closed = leads[leads["lead_status"] != "open"]
    stage = closed.groupby("stage")["converted"].mean().reindex(STAGES).round(4)
    wins = leads[leads["converted"]]

    cop = clean[clean["product"] == "copier"]
    tb_id = accounts["account_id"].iloc[planted["textbook_account_index"]]
    tb_dates = cop.loc[cop["account_id"] == tb_id, "order_date"].sort_values()
    tb = cycle_estimate(tb_dates)
    estimates = {acc: cycle_estimate(d) for acc, d in cop.groupby("account_id")["order_date"]}
    n_occ = pd.Series({a: e["occasions"] for a, e in estimates.items()}, dtype=int)
    july = sorted(
        a
        for a, e in estimates.items()
        if e["next_due"] is not None and e["next_due"].year == 2026 and e["next_due"].month == 7
    )

    left = reps.set_index("rep_id")["left_date"]
    own_left = accounts["owner_rep_id"].map(left)
    orphan = accounts[own_left.notna() & (accounts["last_contact_date"] < own_left)]

    items = tables["b2c_basket_items"]
    disc_share = txn.groupby("member_id")["discount_used"].agg(["mean", "size"])
    always = disc_share[(disc_share["size"] >= 5) & (disc_share["mean"] >= 0.9)]
    return {
        "as_of": AS_OF,
        "seed": seed,
        "generator_version": version,
        "businesses": {
            "b2b": "华信办公设备有限公司 (Huaxin Office Equipment Co., Ltd.)",
            "b2c": "悦享生活馆 (Yuexiang Living)",
        },
        "rows": {name: len(df) for name, df in tables.items()},
        "revenue_concentration": {
            "definition": "share of total amount from the top 20% (rounded up) of accounts/members, "
            "planted anomalies excluded; B2C includes members with no purchases",
            "b2b_accounts_with_orders": len(rev),
            "b2b_top20_share": round(top_share(rev), 4),
            "b2c_members": len(spend),
            "b2c_top20_share": round(top_share(spend), 4),
        },
        "conversion": {
            "overall": round(float(leads["converted"].mean()), 4),
            "by_man": {k: float(v) for k, v in by_man.sort_values(ascending=False).items()},
            "man_note": "upper case = true, lower case = false (MAN = money, authority, need)",
            "by_source_method": {
                k: {c: (int(v) if c in ("leads", "wins") else float(v)) for c, v in row.items()}
                for k, row in meth.sort_values("conversion_rate", ascending=False).iterrows()
            },
            "best_method": str(meth["conversion_rate"].idxmax()),
            "cheapest_per_win": str(meth["cost_per_win"].idxmin()),
            "worst_method": str(meth["conversion_rate"].idxmin()),
            "lead_status": {k: int(v) for k, v in leads["lead_status"].value_counts().items()},
            "closed_by_stage": {k: float(v) for k, v in stage.items()},
            "wins_without_quote": int((~wins["asked_quote"]).sum()),
            "wins_without_proposal": int((~wins["proposal_sent"]).sum()),
            "model": fx.summary(),
            "after_outcome_columns": [
                "converted",
                "lead_status",
                "won_date",
                "won_amount",
                "days_to_contract",
            ],
            "in_sale_columns": [
                "asked_quote",
                "requested_trial",
                "proposal_sent",
                "objection",
                "stage",
                "acquisition_cost",
            ],
        },
        "replacement_cycles": {
            "definition": f"copier purchases within {OCCASION_DAYS} days of each other are one buying occasion; "
            f"with at least {MIN_OCCASIONS} occasions, next_due = last occasion + median gap "
            "between occasions; otherwise no due date; anomalies excluded",
            "textbook_account": {
                "account_id": tb_id,
                "account_name": TEXTBOOK_NAME[0],
                "account_name_en": TEXTBOOK_NAME[1],
                "first_order_date": TEXTBOOK_FIRST_ORDER,
                "copier_purchases": [d.strftime("%Y-%m-%d") for d in tb_dates],
                "median_interval_days": tb["median_gap_days"],
                "mean_interval_days": round(
                    (tb_dates.iloc[-1] - tb_dates.iloc[0]).days / (len(tb_dates) - 1), 1
                ),
                "next_due": tb["next_due"].strftime("%Y-%m-%d"),
            },
            "planted_due_2026_07": planted["planted_due_2026_07"],
            "due_2026_07": july,
            "fleet_expansions": planted["fleet_expansions"],
            "accounts_with_enough_occasions": int((n_occ >= MIN_OCCASIONS).sum()),
            "accounts_with_two_occasions": int((n_occ == 2).sum()),
            "one_occasion_accounts": int((n_occ == 1).sum()),
            "interval_years_range": list(fx.CYCLES["interval_years"]),
        },
        "orphaned_accounts": {
            "definition": "owner_rep_id is a rep who has left (left_date set) and "
            "last_contact_date < that rep's left_date",
            "ids": sorted(orphan["account_id"].tolist()),
            "planted_ids": planted["orphan_ids"],
            "owner_left_but_contacted_later": planted["owner_left_contacted_later_ids"],
        },
        "after_tickets": {
            "definition": "tickets opened at least 365 days before the as-of date: share followed by an order "
            "from the same account within 365 days, by the customer's satisfaction",
            "planted_effect": dict(fx.DISSATISFACTION),
            **_reorder_after_tickets(tables["b2b_tickets"], clean),
        },
        "cross_sell_rules": [rule_stats(items, a, b) for a, b, _ in fx.PLANTED_RULES],
        "negative_pair": rule_stats(items, fx.NEGATIVE_PAIR[0], fx.NEGATIVE_PAIR[1]),
        "anomalies": {
            "b2b_orders": planted["b2b_order_anomalies"],
            "b2c_transactions": planted["b2c_txn_anomalies"],
        },
        "price_sensitivity": {
            "definition": "members with >= 5 transactions who used a discount in >= 90% of them",
            "always_discount_members": always.index.tolist(),
            "planted_discount_hunters": len(planted["planted_discount_hunters"]),
            "overall_discount_share": round(float(txn["discount_used"].mean()), 4),
        },
    }
