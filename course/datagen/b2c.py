"""Yuexiang Living, the B2C store chain (悦享生活馆：会员与购物篮数据).

Members (age, occupation, income, city), their transactions and the items in
each basket, with the planted cross-sell rules, the negative pair, discount
hunters and a few faulty transactions (:mod:`course.datagen.effects`).
Tables: ``b2c_members``, ``b2c_transactions``, ``b2c_basket_items``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from course.datagen import effects as fx
from course.datagen.common import (
    AS_OF_DAY,
    DAY,
    days,
    digits,
    ids,
    mobiles,
    names,
    rowwise_choice,
    uniform_dates,
)
from course.datagen.reference import B2C_CITIES, INCOME_BANDS, ITEMS, OCCUPATIONS


def generate_b2c(
    rng: np.random.Generator, scale: float
) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """All B2C tables and what was planted in them."""
    n = max(200, round(fx.SIZES["b2c_members"] * scale))
    female = rng.random(n) < 0.58
    name, _name_en, handle = names(rng, female)
    grp = rng.choice(3, n, p=[0.45, 0.38, 0.17])
    age = np.select(
        [grp == 0, grp == 1],
        [rng.integers(18, 35, n), rng.integers(35, 55, n)],
        rng.integers(55, 79, n),
    ).astype(np.int64)
    age_group = np.array(["young", "middle", "senior"])[grp]
    # occupation depends on age
    occ_p = np.tile(np.array([0.0, 0.45, 0.1, 0.15, 0.15, 0.0, 0.15]), (n, 1))
    occ_p[age < 24] = [0.6, 0.25, 0.02, 0.08, 0.0, 0.0, 0.05]
    occ_p[age >= 58] = [0.0, 0.08, 0.02, 0.03, 0.05, 0.8, 0.02]
    occ = rowwise_choice(rng, occ_p)
    inc_p = np.array(
        [
            [0.8, 0.18, 0.02],
            [0.2, 0.6, 0.2],
            [0.1, 0.65, 0.25],
            [0.3, 0.5, 0.2],
            [0.05, 0.35, 0.6],
            [0.4, 0.5, 0.1],
            [0.4, 0.45, 0.15],
        ]
    )[occ]
    inc = rowwise_choice(rng, inc_p)
    cities = np.array([c[0] for c in B2C_CITIES])
    cw = np.array([c[1] for c in B2C_CITIES])
    city = cities[rng.choice(len(cities), n, p=cw / cw.sum())]
    join = uniform_dates(rng, np.datetime64("2018-01-01"), AS_OF_DAY - 30 * DAY, n)
    qq = rng.random(n) < 0.4
    mail_dom = np.array(["163.com", "126.com", "sina.com", "outlook.com", "foxmail.com"])[
        rng.integers(0, 5, n)
    ]
    email = np.where(
        qq,
        pd.Series(rng.integers(10**7, 10**10, n)).astype(str) + "@qq.com",
        handle + digits(rng, n, 2) + "@" + pd.Series(mail_dom),
    )
    members = pd.DataFrame(
        {
            "member_id": ids("M", n, 5),
            "member_name": name,
            "gender": np.where(female, "F", "M"),
            "age": age,
            "age_group": age_group,
            "occupation": np.array(OCCUPATIONS)[occ],
            "income_band": np.array(INCOME_BANDS)[inc],
            "city": city,
            "join_date": join.astype("datetime64[ns]"),
            "phone": mobiles(rng, n),
            "email": email,
        }
    )

    # spend weight (frequency) -> 80/20, and discount propensity
    w = np.exp(fx.MEMBER_SPEND_SPREAD * rng.standard_normal(n)) * np.array([0.8, 1.0, 1.5])[inc]
    hunters = rng.random(n) < fx.DISCOUNT["hunters"]
    prop = np.where(hunters, rng.beta(30, 1, n), rng.beta(0.8, 2.5, n))
    nt = max(1000, round(fx.SIZES["b2c_transactions"] * scale))
    active_days = days(join, AS_OF_DAY).astype(float)
    pw = w * active_days
    midx = rng.choice(n, nt, p=pw / pw.sum())
    tdate = uniform_dates(rng, join[midx], AS_OF_DAY, nt)
    store = np.where(
        rng.random(nt) < 0.88, city[midx], cities[rng.choice(len(cities), nt, p=cw / cw.sum())]
    )
    disc_used = rng.random(nt) < prop[midx]

    # baskets: base items, then planted rules and the negative pair
    item_names = np.array([i[0] for i in ITEMS])
    iw = np.array([i[4] for i in ITEMS])
    k = 1 + rng.poisson(1.8, nt)
    tx = np.repeat(np.arange(nt), k)
    it = rng.choice(len(ITEMS), len(tx), p=iw / iw.sum())
    bk = pd.DataFrame({"tx": tx, "it": it}).drop_duplicates()
    pos = {name_: i for i, name_ in enumerate(item_names)}
    adds = []
    for ante, cons, prob in fx.PLANTED_RULES:
        has = bk.loc[bk["it"] == pos[ante], "tx"].to_numpy()
        adds.append(pd.DataFrame({"tx": has[rng.random(len(has)) < prob], "it": pos[cons]}))
    bk = pd.concat([bk, *adds], ignore_index=True).drop_duplicates()
    a_, b_, prob = fx.NEGATIVE_PAIR
    cat_tx = bk.loc[bk["it"] == pos[a_], "tx"].to_numpy()
    drop_tx = cat_tx[rng.random(len(cat_tx)) < prob]
    bk = bk[~((bk["it"] == pos[b_]) & bk["tx"].isin(drop_tx))]
    bk = bk.sort_values(["tx", "it"], kind="stable").reset_index(drop=True)
    cat = np.array([i[2] for i in ITEMS])[bk["it"].to_numpy()]
    multi = np.isin(cat, ["food", "personal_care", "stationery", "pets"])
    qtyb = np.where(multi, 1 + rng.geometric(0.6, len(bk)) - 1, 1).astype(np.int64)
    unit = np.array([i[3] for i in ITEMS])[bk["it"].to_numpy()]
    total = (
        pd.Series(unit * qtyb)
        .groupby(bk["tx"].to_numpy())
        .sum()
        .reindex(np.arange(nt), fill_value=0)
        .to_numpy()
    )
    amount = np.round(np.where(disc_used, total * fx.DISCOUNT["rate"], total), 2)

    txn = pd.DataFrame(
        {
            "tx": np.arange(nt),
            "member_id": members["member_id"].to_numpy()[midx],
            "txn_date": tdate,
            "store_city": store,
            "amount": amount,
            "discount_used": disc_used,
        }
    )
    txn = txn.sort_values(["txn_date", "member_id", "tx"], kind="stable").reset_index(drop=True)
    txn["txn_id"] = ids("X", nt, 6)
    id_of = pd.Series(txn["txn_id"].to_numpy(), index=txn["tx"].to_numpy())
    items = (
        pd.DataFrame(
            {
                "txn_id": id_of.reindex(bk["tx"].to_numpy()).to_numpy(),
                "item": item_names[bk["it"].to_numpy()],
                "item_en": np.array([i[1] for i in ITEMS])[bk["it"].to_numpy()],
                "category": cat,
                "unit_price": unit,
                "quantity": qtyb,
            }
        )
        .sort_values(["txn_id"], kind="stable")
        .reset_index(drop=True)
    )
    txn = txn[["txn_id", "member_id", "txn_date", "store_city", "amount", "discount_used"]].copy()
    txn["txn_date"] = txn["txn_date"].to_numpy().astype("datetime64[ns]")

    # planted B2C anomalies
    anoms = []
    pick = rng.choice(
        np.flatnonzero(txn["txn_date"] < np.datetime64("2026-01-01")),
        len(fx.ANOMALIES["b2c_transactions"]),
        replace=False,
    )
    join_of = members.set_index("member_id")["join_date"]
    for i, kind in zip(pick, fx.ANOMALIES["b2c_transactions"], strict=True):
        if kind == "huge_amount":
            f = int(rng.integers(40, 80))
            txn.loc[i, "amount"] = round(float(txn.loc[i, "amount"]) * f, 2)
            detail = f"amount is {f}x the basket total"
        elif kind == "negative_amount":
            txn.loc[i, "amount"] = -float(txn.loc[i, "amount"])
            detail = "negative amount (a refund booked as a sale)"
        elif kind == "future_date":
            txn.loc[i, "txn_date"] = pd.Timestamp(AS_OF_DAY + int(rng.integers(10, 300)) * DAY)
            detail = "txn_date after the as-of date"
        else:
            jd = join_of[txn.loc[i, "member_id"]]
            txn.loc[i, "txn_date"] = jd - pd.Timedelta(days=int(rng.integers(30, 400)))
            detail = "txn_date before the member joined"
        anoms.append({"txn_id": txn.loc[i, "txn_id"], "kind": kind, "detail": detail})
    anoms.sort(key=lambda x: x["txn_id"])
    truth = {
        "b2c_txn_anomalies": anoms,
        "planted_discount_hunters": sorted(members["member_id"].to_numpy()[hunters].tolist()),
    }
    return {"b2c_members": members, "b2c_transactions": txn, "b2c_basket_items": items}, truth
