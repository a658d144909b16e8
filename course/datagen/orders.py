"""Orders of Huaxin Office Equipment (华信办公设备的订单): copier cycles, ordinary orders, prices, anomalies.

Planted here (constants in :mod:`course.datagen.effects`): copier replacement
cycles with the textbook account, accounts due in July 2026 and fleet
expansions (``CYCLES``); fewer ordinary orders after a dissatisfied service
ticket (``DISSATISFACTION``); faulty orders (``ANOMALIES``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from course.datagen import effects as fx
from course.datagen.common import AS_OF_DAY, DAY, days, ids, rowwise_choice, uniform_dates
from course.datagen.reference import (
    AS_OF,
    BASE_QTY,
    GENERIC_MIX,
    PRODUCTS,
    TEXTBOOK_COPIERS,
    TEXTBOOK_FIRST_ORDER,
)

if TYPE_CHECKING:
    from course.datagen.b2b import Accounts


def copier_cycles(
    rng: np.random.Generator, acc: Accounts, scale: float
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Copier purchases: planted cycles, the textbook account, fleet expansions and one-off buyers."""
    cy = fx.CYCLES
    n_acc, tb = acc.n, acc.tb
    normal_c = np.flatnonzero(
        (acc.status == "customer")
        & ~np.isin(np.arange(n_acc), acc.owner_left_idx)
        & (np.arange(n_acc) != tb)
    )
    cyc = np.sort(
        rng.choice(normal_c, size=round(cy["share_of_customers"] * len(normal_c)), replace=False)
    )
    lo_y, hi_y = cy["interval_years"]
    interval = rng.uniform(lo_y, hi_y, len(cyc)) * 365.25
    next_due = AS_OF_DAY + np.floor(rng.random(len(cyc)) * interval).astype(np.int64) * DAY
    noise = np.clip(
        rng.normal(0, cy["noise_days"], (len(cyc), 8)),
        -cy["noise_clip_days"],
        cy["noise_clip_days"],
    )
    noise = noise.round().astype(np.int64)
    # accounts due in July 2026: no noise, at least three purchases
    july_lo, july_hi = np.datetime64("2026-07-01"), np.datetime64("2026-07-31")
    can = np.flatnonzero(acc.start[cyc] <= july_lo - (3 * interval + 100).astype(np.int64) * DAY)
    n_due = min(len(can), max(2, round(cy["due_july_2026"] * scale)))
    due_pick = np.sort(rng.choice(can, size=n_due, replace=False))
    next_due[due_pick] = uniform_dates(rng, july_lo + 2 * DAY, july_hi - 3 * DAY, n_due)
    noise[due_pick] = 0
    k = np.arange(1, 9)
    dates = (
        next_due[:, None]
        - np.round(k[None, :] * interval[:, None]).astype(np.int64) * DAY
        + noise * DAY
    )
    ok = (dates >= acc.start[cyc][:, None]) & (dates <= AS_OF_DAY)
    r, _c = np.nonzero(ok)
    cop = pd.DataFrame({"acc": cyc[r], "order_date": dates[ok], "product": "copier"})
    # fleet expansions: a second machine a few weeks after one of the purchases (one buying occasion)
    counts = cop.groupby("acc").size()
    fleet_pool = np.setdiff1d(counts.index[counts >= 3].to_numpy(), cyc[due_pick])
    n_fleet = min(len(fleet_pool), max(1, round(cy["fleet_expansions"] * scale)))
    fleet_acc = np.sort(rng.choice(fleet_pool, size=n_fleet, replace=False))
    extra = []
    for a in fleet_acc:
        own = np.sort(cop.loc[cop["acc"] == a, "order_date"].to_numpy())
        base = own[
            rng.integers(0, len(own) - 1)
        ]  # never the latest: that one decides the next due date
        gap = int(rng.integers(cy["fleet_gap_days"][0], cy["fleet_gap_days"][1] + 1))
        extra.append((a, base + gap * DAY))
    fleet = pd.DataFrame(extra, columns=["acc", "order_date"]).assign(product="copier")
    # one-off copier buyers among the other buying accounts
    rest = np.setdiff1d(np.flatnonzero(acc.buying & (np.arange(n_acc) != tb)), cyc)
    oneoff = np.sort(rng.choice(rest, size=round(cy["one_off_share"] * len(rest)), replace=False))
    cop1 = pd.DataFrame(
        {
            "acc": oneoff,
            "order_date": uniform_dates(rng, acc.start[oneoff], acc.end[oneoff], len(oneoff)),
            "product": "copier",
        }
    )
    tbc = pd.DataFrame(
        {
            "acc": tb,
            "order_date": np.array(TEXTBOOK_COPIERS, dtype="datetime64[D]"),
            "product": "copier",
        }
    )
    copiers = pd.concat([cop, fleet, cop1, tbc], ignore_index=True)
    copiers = copiers[copiers["order_date"] >= acc.start[copiers["acc"].to_numpy()]]
    truth = {
        "cycle_idx": cyc,
        "planted_due_2026_07": sorted(acc.ids[cyc[due_pick]].tolist()),
        "fleet_expansions": [
            {"account_id": str(acc.ids[a]), "second_copier": pd.Timestamp(d).strftime("%Y-%m-%d")}
            for a, d in extra
        ],
    }
    return copiers, truth


def thin_after_dissatisfaction(
    rng: np.random.Generator,
    acc_of_order: np.ndarray,
    order_date: np.ndarray,
    bad_acc: np.ndarray,
    bad_date: np.ndarray,
) -> np.ndarray:
    """Keep-mask for ordinary orders: inside the window after a dissatisfied ticket only ``order_rate`` survive."""
    window = round(fx.DISSATISFACTION["months"] * 365.25 / 12)
    inside = np.zeros(len(acc_of_order), dtype=bool)
    if len(bad_acc):
        key_bad = np.lexsort((bad_date, bad_acc))
        bad_acc, bad_date = bad_acc[key_bad], bad_date[key_bad]
        starts = np.searchsorted(bad_acc, acc_of_order, "left")
        stops = np.searchsorted(bad_acc, acc_of_order, "right")
        for offset in range(int((stops - starts).max(initial=0))):
            j = starts + offset
            has = j < stops
            jj = np.where(has, j, 0)
            gap = days(bad_date[jj], order_date)
            inside |= has & (gap > 0) & (gap <= window)
    return ~inside | (rng.random(len(acc_of_order)) < fx.DISSATISFACTION["order_rate"])


def generic_orders(
    rng: np.random.Generator, acc: Accounts, scale: float, bad_acc: np.ndarray, bad_date: np.ndarray
) -> pd.DataFrame:
    """Ordinary orders: frequency ~ account size x years of trading, thinned after dissatisfaction."""
    span_years = np.maximum(days(acc.start, acc.end), 1) / 365.25
    lam = np.where(acc.buying, acc.weight * span_years, 0.0)
    lam = lam / lam.sum() * fx.GENERIC_ORDERS * scale
    n_ord = np.where(acc.buying, np.maximum(rng.poisson(lam), 1), 0)
    a = np.repeat(np.arange(acc.n), n_ord)
    gprod = np.array(list(GENERIC_MIX))[
        rng.choice(len(GENERIC_MIX), len(a), p=np.array(list(GENERIC_MIX.values())))
    ]
    dates = uniform_dates(rng, acc.start[a], acc.end[a], len(a))
    keep = thin_after_dissatisfaction(rng, a, dates, bad_acc, bad_date)
    # the first order of every buying account stays (it defines the relationship's start)
    first = np.zeros(len(a), dtype=bool)
    order = np.lexsort((dates, a))
    first[order[np.r_[True, a[order][1:] != a[order][:-1]]]] = True
    keep |= first
    gen = pd.DataFrame({"acc": a[keep], "order_date": dates[keep], "product": gprod[keep]})
    opening = pd.DataFrame(
        {
            "acc": [acc.tb],
            "order_date": [np.datetime64(TEXTBOOK_FIRST_ORDER)],
            "product": ["printer"],
        }
    )
    return pd.concat([gen, opening], ignore_index=True)


def order_lines(
    rng: np.random.Generator, acc: Accounts, orders: pd.DataFrame, reps: pd.DataFrame
) -> pd.DataFrame:
    """Prices, quantities, discounts and the selling rep of every order."""
    rep_ids = reps["rep_id"].to_numpy()
    hired = reps["hired_date"].to_numpy().astype("datetime64[D]")
    left = reps["left_date"].to_numpy().astype("datetime64[D]")
    n = len(orders)
    a = orders["acc"].to_numpy()
    prod = orders["product"].to_numpy()
    base_price = np.array([PRODUCTS[p][2] for p in prod])
    acc_level = np.exp(
        0.25 * rng.standard_normal(acc.n) + 0.15 * acc.z
    )  # copier model class per account
    price = (
        base_price * np.where(prod == "copier", acc_level[a], 1.0) * np.exp(rng.normal(0, 0.08, n))
    )
    price = np.where(base_price >= 1000, np.round(price, -1), np.round(price))
    qscale = (acc.employees[a] / 100.0) ** 0.4
    bq = np.array([BASE_QTY[p] for p in prod])
    qty = np.maximum(1, np.round(bq * qscale * np.exp(rng.normal(0, 0.35, n)))).astype(np.int64)
    qty = np.where(np.isin(prod, ["service_contract", "installation"]), 1, qty)
    qty = np.where(
        prod == "copier",
        np.minimum(qty, 1 + (acc.employees[a] >= 300) + (acc.employees[a] >= 1500)),
        qty,
    )
    disc = np.array([0.0, 0.02, 0.05, 0.08, 0.1])[rng.choice(5, n, p=[0.4, 0.2, 0.2, 0.12, 0.08])]
    disc = np.round(np.where(acc.size_band[a] == "large", np.minimum(disc + 0.05, 0.15), disc), 2)
    is_won = orders["won_amount"].notna().to_numpy()
    qty = np.where(is_won, orders["won_qty"].fillna(1).to_numpy().astype(np.int64), qty)
    disc = np.where(is_won, orders["won_disc"].fillna(0).to_numpy(), disc)
    wa = orders["won_amount"].fillna(0).to_numpy()
    price = np.where(is_won, np.round(wa / (qty * (1 - disc)), 2), price)
    amount = np.round(qty * price * (1 - disc), 2)
    od = orders["order_date"].to_numpy().astype("datetime64[D]")
    # the rep: the owner if employed on the date, otherwise any rep employed then
    employed = (hired[None, :] <= od[:, None]) & (
        np.isnat(left)[None, :] | (od[:, None] <= left[None, :])
    )
    is_owner = rep_ids[None, :] == acc.owner[a][:, None]
    rep_choice = rowwise_choice(rng, employed * (1 + 200 * is_owner) + 1e-12)
    out = pd.DataFrame(
        {
            "account_id": acc.ids[a],
            "order_date": od,
            "product": prod,
            "product_name": [PRODUCTS[p][0] for p in prod],
            "category": [PRODUCTS[p][1] for p in prod],
            "quantity": qty,
            "unit_price": price,
            "amount": amount,
            "discount_rate": disc,
            "rep_id": rep_ids[rep_choice],
        }
    )
    out = out.sort_values(["order_date", "account_id", "product"], kind="stable").reset_index(
        drop=True
    )
    out.insert(0, "order_id", ids("O", len(out), 6))
    return out


def order_anomalies(
    rng: np.random.Generator, out: pd.DataFrame, tb_id: str
) -> list[dict[str, str]]:
    """Plant the faulty orders of :data:`course.datagen.effects.ANOMALIES` (in place)."""
    anoms: list[dict[str, str]] = []
    several = (
        out.groupby("account_id")["order_id"].transform("size").to_numpy() >= 3
    )  # an account keeps real orders
    cand = np.flatnonzero(
        (out["account_id"] != tb_id).to_numpy()
        & (out["product"] != "copier").to_numpy()
        & (out["order_date"] < np.datetime64("2026-01-01")).to_numpy()
        & several
    )
    kinds = fx.ANOMALIES["b2b_orders"]
    pick = rng.choice(cand, len(kinds), replace=False)
    for i, kind in zip(pick, kinds, strict=True):
        row = out.loc[i]
        if kind == "price_typo":
            f = int(rng.integers(30, 101))
            out.loc[i, "unit_price"] = row["unit_price"] * f
            detail = f"unit_price typed {f}x too high, so amount is {f}x typical"
        elif kind == "negative_quantity":
            out.loc[i, "quantity"] = -row["quantity"]
            detail = "negative quantity (a return booked as an order)"
        elif kind == "future_date":
            d = AS_OF_DAY + int(rng.integers(15, 200)) * DAY
            out.loc[i, "order_date"] = d
            detail = f"order_date {d} is after the as-of date {AS_OF}"
        else:
            f = [10.0, 0.1, 1.5][len([x for x in anoms if x["kind"] == kind])]
            detail = f"amount is {f}x quantity*unit_price*(1-discount_rate)"
        q, p_, d_ = out.loc[i, ["quantity", "unit_price", "discount_rate"]]
        amt = round(float(q) * float(p_) * (1 - float(d_)), 2)
        if kind == "amount_mismatch":
            amt = round(amt * f, 2)
        out.loc[i, "amount"] = amt
        anoms.append({"order_id": out.loc[i, "order_id"], "kind": kind, "detail": detail})
    anoms.sort(key=lambda x: x["order_id"])
    return anoms
