"""Huaxin Office Equipment, the B2B dealer (华信办公设备：企业客户数据).

Built in the order things happen: accounts and their people; copier
replacement cycles; service tickets; ordinary orders (fewer after a
dissatisfied ticket); leads run as sales (:mod:`course.datagen.leads`), whose
wins become orders; then prices, planted anomalies and the account summary
columns. Tables: ``b2b_reps``, ``b2b_accounts``, ``b2b_contacts``,
``b2b_leads``, ``b2b_orders``, ``b2b_tickets``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import ndtri

from course.datagen import effects as fx
from course.datagen.common import (
    AS_OF_DAY,
    DAY,
    digits,
    ids,
    mobiles,
    names,
    uniform_dates,
)
from course.datagen.leads import CUSTOMER, LOST, PROSPECT, lead_core
from course.datagen.orders import copier_cycles, generic_orders, order_anomalies, order_lines
from course.datagen.reference import (
    B2B_CITIES,
    BRANDS,
    GOAL_P,
    GOALS,
    INDUSTRIES,
    PERSONALITIES,
    PERSONALITY_P,
    PLACES,
    REPS,
    ROLES,
    TEXTBOOK_ACCOUNT,
    TEXTBOOK_FIRST_ORDER,
    TEXTBOOK_NAME,
)


def _reps() -> pd.DataFrame:
    df = pd.DataFrame(
        REPS, columns=["rep_id", "rep_name", "rep_name_en", "hired_date", "left_date"]
    )
    df["hired_date"] = pd.to_datetime(df["hired_date"])
    df["left_date"] = pd.to_datetime(df["left_date"])
    df["active"] = df["left_date"].isna()
    return df


def _account_names(rng: np.random.Generator, industry: np.ndarray) -> pd.DataFrame:
    """Unique names per account: city + brand (or place) + industry suffix."""
    cities = B2B_CITIES
    cw = np.array([c[5] for c in cities])
    out = pd.DataFrame(
        index=np.arange(len(industry)),
        columns=["account_name", "account_name_en", "city", "city_en", "domain", "city_idx"],
    )
    for ind, (_, suffixes, use_place) in INDUSTRIES.items():
        rows = np.flatnonzero(industry == ind)
        if len(rows) == 0:
            continue
        words = PLACES if use_place else BRANDS
        ci, wi, si = np.meshgrid(
            np.arange(len(cities)), np.arange(len(words)), np.arange(len(suffixes)), indexing="ij"
        )
        ci, wi, si = ci.ravel(), wi.ravel(), si.ravel()
        zh = np.array(
            [
                cities[c][0] + words[w][0] + suffixes[s][0]
                for c, w, s in zip(ci, wi, si, strict=True)
            ]
        )
        keep = zh != TEXTBOOK_NAME[0]
        ci, wi, si, zh = ci[keep], wi[keep], si[keep], zh[keep]
        p = cw[ci] / cw[ci].sum()
        pick = rng.choice(len(zh), size=len(rows), replace=False, p=p)
        c, w, s = ci[pick], wi[pick], si[pick]
        out.loc[rows, "account_name"] = zh[pick]
        out.loc[rows, "account_name_en"] = [
            f"{cities[a][1]} {words[b][1]} {suffixes[d][1]}"
            for a, b, d in zip(c, w, s, strict=True)
        ]
        out.loc[rows, "city"] = [cities[a][0] for a in c]
        out.loc[rows, "city_en"] = [cities[a][1] for a in c]
        out.loc[rows, "domain"] = [
            f"{cities[a][2]}{words[b][1].lower()}-{suffixes[d][2]}.cn"
            for a, b, d in zip(c, w, s, strict=True)
        ]
        out.loc[rows, "city_idx"] = c
    out["city_idx"] = out["city_idx"].astype(np.int64)
    return out


@dataclass
class Accounts:
    """The account-level state the later steps share (arrays indexed by account)."""

    ids: np.ndarray
    tb: int
    industry: np.ndarray
    names: pd.DataFrame
    z: np.ndarray
    weight: np.ndarray
    employees: np.ndarray
    size_band: np.ndarray
    status: np.ndarray
    credit: np.ndarray
    start: np.ndarray
    end: np.ndarray
    owner: np.ndarray
    last_contact: np.ndarray
    orphan_idx: np.ndarray
    distractor_idx: np.ndarray

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def owner_left_idx(self) -> np.ndarray:
        return np.concatenate([self.orphan_idx, self.distractor_idx])

    @property
    def buying(self) -> np.ndarray:
        return self.status != "prospect"


def _accounts(rng: np.random.Generator, scale: float, reps: pd.DataFrame) -> Accounts:
    rep_ids = reps["rep_id"].to_numpy()
    hired = reps["hired_date"].to_numpy().astype("datetime64[D]")
    left = reps["left_date"].to_numpy().astype("datetime64[D]")  # NaT for active
    active_idx = np.flatnonzero(reps["active"].to_numpy())
    left_idx = np.flatnonzero(~reps["active"].to_numpy())

    n_acc = max(60, round(fx.SIZES["b2b_accounts"] * scale))
    tb = int(TEXTBOOK_ACCOUNT[1:]) - 1 if n_acc >= 100 else 0
    ind_names = list(INDUSTRIES)
    ind_p = np.array([INDUSTRIES[i][0] for i in ind_names])
    industry = np.array(ind_names)[rng.choice(len(ind_names), n_acc, p=ind_p / ind_p.sum())]
    industry[tb] = "manufacturing"
    nm = _account_names(rng, industry)
    nm.loc[tb, ["account_name", "account_name_en", "city", "city_en", "domain", "city_idx"]] = [
        TEXTBOOK_NAME[0],
        TEXTBOOK_NAME[1],
        "杭州",
        "Hangzhou",
        "hzmingyuan-prec.cn",
        0,
    ]
    # latent account size: evenly spaced normal quantiles in random order (a stable 80/20)
    z = ndtri((rng.permutation(n_acc) + 0.5) / n_acc)
    z[tb] = max(z[tb], 0.8)
    weight = np.exp(fx.ACCOUNT_SIZE_SPREAD * z)
    employees = np.clip(
        np.round(np.exp(4.3 + 1.0 * z + 0.45 * rng.standard_normal(n_acc))), 5, 30000
    ).astype(np.int64)
    size_band = np.where(employees >= 500, "large", np.where(employees >= 100, "medium", "small"))
    status = np.array(["customer", "prospect", "lost"])[rng.choice(3, n_acc, p=[0.52, 0.38, 0.1])]
    status[tb] = "customer"
    credit = np.array(list("ABCD"))[rng.choice(4, n_acc, p=[0.3, 0.4, 0.2, 0.1])]
    # relationships began between 2009 and 2025, older ones more common
    start = np.minimum(
        uniform_dates(rng, np.datetime64("2009-01-01"), np.datetime64("2025-12-31"), n_acc),
        uniform_dates(rng, np.datetime64("2009-01-01"), np.datetime64("2025-12-31"), n_acc),
    )
    start[tb] = np.datetime64(TEXTBOOK_FIRST_ORDER)
    end = np.full(n_acc, AS_OF_DAY)
    lost = status == "lost"
    lost_date = uniform_dates(rng, start + 365 * DAY, AS_OF_DAY - 180 * DAY, n_acc)
    lost_date = np.maximum(lost_date, start + 30 * DAY)
    end[lost] = np.minimum(lost_date[lost], AS_OF_DAY)

    owner = rep_ids[active_idx][rng.integers(0, len(active_idx), n_acc)]
    last_contact = AS_OF_DAY - np.minimum(rng.exponential(45, n_acc).astype(np.int64), 700) * DAY
    pros = status == "prospect"
    last_contact[pros] = AS_OF_DAY - rng.integers(0, 720, pros.sum()) * DAY
    last_contact[lost] = np.minimum(end[lost] + rng.integers(0, 120, lost.sum()) * DAY, AS_OF_DAY)

    # orphans (planted): the owner left and nobody has called since
    n_orph_c = max(2, round(fx.ORPHANS["customers"] * scale))
    n_orph_p = max(1, round(fx.ORPHANS["prospects"] * scale))
    n_distr = max(1, round(fx.ORPHANS["contacted_later"] * scale))
    orph_rep = left_idx[rng.integers(0, len(left_idx), n_orph_c + n_orph_p + n_distr)]
    orph_left = left[orph_rep]
    eligible_c = np.flatnonzero((status == "customer") & (np.arange(n_acc) != tb))
    eligible_p = np.flatnonzero(pros)
    chosen: list[int] = []
    for i in range(n_orph_c):  # customers: a relationship that started well before the rep left
        cand = eligible_c[
            (start[eligible_c] < orph_left[i] - 450 * DAY) & ~np.isin(eligible_c, chosen)
        ]
        chosen.append(int(rng.choice(cand)))
    for _ in range(n_orph_p + n_distr):
        pool = eligible_p if len(chosen) < n_orph_c + n_orph_p else eligible_c
        chosen.append(int(rng.choice(pool[~np.isin(pool, chosen)])))
    chosen_arr = np.array(chosen)
    owner[chosen_arr] = rep_ids[orph_rep]
    n_orph = n_orph_c + n_orph_p
    orphan_idx, distr_idx = chosen_arr[:n_orph], chosen_arr[n_orph:]
    lc = orph_left[:n_orph] - rng.integers(15, 420, n_orph) * DAY
    lc = np.maximum(lc, hired[orph_rep[:n_orph]] + 30 * DAY)
    last_contact[orphan_idx] = lc
    end[orphan_idx] = np.where(status[orphan_idx] == "customer", lc, end[orphan_idx])
    # distractors: the owner left, but someone called them after the departure
    last_contact[distr_idx] = np.minimum(
        orph_left[n_orph:] + rng.integers(10, 200, n_distr) * DAY, AS_OF_DAY
    )
    return Accounts(
        ids=ids("A", n_acc, 4).to_numpy(),
        tb=tb,
        industry=industry,
        names=nm,
        z=z,
        weight=weight,
        employees=employees,
        size_band=size_band,
        status=status,
        credit=credit,
        start=start,
        end=end,
        owner=owner,
        last_contact=last_contact,
        orphan_idx=orphan_idx,
        distractor_idx=distr_idx,
    )


def _contacts(
    rng: np.random.Generator, acc: Accounts
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """At least two people per account: first a decider, second without authority."""
    n_acc = acc.n
    n_ct = 2 + rng.poisson(
        max(fx.SIZES["b2b_contacts_per_account"] - 2, 0) * 2 * np.clip(acc.z + 1, 0.2, 3) / 2, n_acc
    )
    cacc = np.repeat(np.arange(n_acc), n_ct)
    pos = np.arange(len(cacc)) - np.repeat(np.cumsum(n_ct) - n_ct, n_ct)
    role_names = list(ROLES)
    rp = np.array([ROLES[r][0] for r in role_names])
    role = rng.choice(len(role_names), len(cacc), p=rp / rp.sum())
    role[pos == 0] = 0
    role[pos == 1] = rng.choice([3, 4], (pos == 1).sum())
    auth_p = np.array([ROLES[r][1] for r in role_names])[role]
    has_auth = rng.random(len(cacc)) < auth_p
    titles = [ROLES[r][2] for r in role_names]
    tpick = np.floor(rng.random(len(cacc)) * np.array([len(titles[r]) for r in role])).astype(int)
    title = np.array([titles[r][t][0] for r, t in zip(role, tpick, strict=True)])
    title_en = np.array([titles[r][t][1] for r, t in zip(role, tpick, strict=True)])
    # schools, hospitals and offices have their own head titles
    head = pos == 0
    ind_c = acc.industry[cacc]
    gm = np.where(rng.random(len(cacc)) < 0.5, "总经理", "董事长")
    title = np.select(
        [
            head & (ind_c == "education"),
            head & (ind_c == "healthcare"),
            head & (ind_c == "government"),
            head,
        ],
        ["校长", "院长", "主任", gm],
        title,
    )
    title_en = np.select(
        [title == "校长", title == "院长", title == "主任", title == "总经理", title == "董事长"],
        ["Principal", "Director", "Head of Office", "General Manager", "Chairman"],
        title_en,
    )
    cfemale = rng.random(len(cacc)) < 0.45
    cname, cname_en, handle = names(rng, cfemale)
    domain = acc.names["domain"].to_numpy()[cacc]
    contacts = pd.DataFrame(
        {
            "contact_id": ids("C", len(cacc), 5),
            "account_id": acc.ids[cacc],
            "contact_name": cname,
            "contact_name_en": cname_en,
            "title": title,
            "title_en": title_en,
            "buying_role": np.array(role_names)[role],
            "has_authority": has_auth,
            # drawn independently of everything else: no effect on any outcome (see effects)
            "personality_type": np.array(PERSONALITIES)[rng.choice(8, len(cacc), p=PERSONALITY_P)],
            "goal_type": np.array(GOALS)[rng.choice(5, len(cacc), p=GOAL_P)],
            "phone": mobiles(rng, len(cacc)),
            "email": handle + "@" + pd.Series(domain),
        }
    )
    return contacts, cacc, has_auth


def _tickets(
    rng: np.random.Generator, acc: Accounts, scale: float
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Service tickets since 2020, heavier accounts more often; returns the dissatisfied (account, date) pairs."""
    tk = fx.TICKETS
    n_t = max(100, round(fx.SIZES["b2b_tickets"] * scale))
    tpool = np.flatnonzero(acc.buying & (acc.end >= np.datetime64("2020-06-01")))
    tw = acc.weight[tpool] ** 0.6
    tacc = tpool[rng.choice(len(tpool), n_t, p=tw / tw.sum())]
    lo_t = np.maximum(acc.start[tacc], np.datetime64("2020-01-01"))
    hi_t = np.maximum(acc.end[tacc], lo_t)
    kidx = rng.choice(len(tk["kinds"]), n_t, p=tk["share"])
    hours = rng.gamma(2.0, np.array(tk["hours_scale"])[kidx])
    sat = rng.random(n_t) < np.array(tk["satisfied"])[kidx]
    opened = uniform_dates(rng, lo_t, hi_t, n_t)
    tickets = pd.DataFrame(
        {
            "account_id": acc.ids[tacc],
            "opened_date": opened,
            "kind": np.array(tk["kinds"])[kidx],
            "hours_spent": np.round(np.maximum(hours, 0.1), 1),
            "satisfied": pd.array(sat, dtype="boolean"),
        }
    )
    tickets.loc[rng.random(n_t) < tk["not_surveyed"], "satisfied"] = pd.NA
    tickets = tickets.sort_values(["opened_date", "account_id"], kind="stable").reset_index(
        drop=True
    )
    tickets.insert(0, "ticket_id", ids("T", n_t, 5))
    return tickets, tacc[~sat], opened[~sat]


def _leads(
    rng: np.random.Generator,
    acc: Accounts,
    scale: float,
    contacts_acc: np.ndarray,
    has_auth: np.ndarray,
    no_copier_idx: np.ndarray,
    contact_ids: np.ndarray,
) -> tuple[pd.DataFrame, np.ndarray, dict[str, Any]]:
    """Leads on accounts chosen *before* the sale (prospects more often), run through the sales process."""
    n_leads = max(200, round(fx.SIZES["b2b_leads"] * scale))
    lead_ok = ~np.isin(np.arange(acc.n), acc.owner_left_idx)  # orphans stay untouched
    # bigger organisations have more departments, and so more leads
    st_w = np.select(
        [acc.status == "prospect", acc.status == "customer", acc.status == "lost"], [1.2, 1.5, 0.6]
    )
    st_w = st_w * acc.weight**0.4 * lead_ok
    lacc = rng.choice(acc.n, n_leads, p=st_w / st_w.sum())
    # a first draw of the pre-contact attributes decides the authority; the contact must match it
    leads, extras = _run(rng, acc, lacc, no_copier_idx)
    key_c = contacts_acc * 2 + has_auth.astype(np.int64)
    order_c = np.argsort(key_c, kind="stable")
    sorted_keys = key_c[order_c]
    key_l = lacc * 2 + leads["authority"].to_numpy().astype(np.int64)
    lo = np.searchsorted(sorted_keys, key_l, "left")
    hi = np.searchsorted(sorted_keys, key_l, "right")
    assert (hi > lo).all(), "every account has a contact with and one without authority"
    lead_contact = order_c[lo + np.floor(rng.random(n_leads) * (hi - lo)).astype(np.int64)]
    leads.insert(0, "lead_id", ids("L", n_leads, 5))
    leads.insert(1, "account_id", acc.ids[lacc])
    leads.insert(2, "contact_id", contact_ids[lead_contact])
    return leads, lacc, extras


def _run(rng: np.random.Generator, acc: Accounts, lacc: np.ndarray, no_copier_idx: np.ndarray):
    """The account's distance and (unrecorded) relationship, its standing on the creation day, then the sale."""
    n = len(lacc)
    account_effect = rng.normal(0, fx.LEAD_PROPENSITY["account_sd"], acc.n)
    base_km = np.array([c[4] for c in B2B_CITIES], dtype=float)[
        acc.names["city_idx"].to_numpy()[lacc]
    ]
    distance = np.round(base_km * (1 + rng.normal(0, 0.08, n)).clip(0.8) + rng.uniform(2, 25, n), 1)
    return lead_core(
        rng,
        n,
        standing=lambda created: _standing(acc, lacc, created),
        distance_km=distance,
        account_effect=account_effect[lacc],
        no_copier=np.isin(lacc, no_copier_idx),
    )


def _standing(acc: Accounts, lacc: np.ndarray, created: np.ndarray) -> np.ndarray:
    """PROSPECT, CUSTOMER or LOST on the day each lead was created."""
    buying = acc.buying[lacc]
    started = acc.start[lacc] <= created
    ended = acc.end[lacc] < created
    return np.select(
        [buying & started & ~ended, buying & started & ended], [CUSTOMER, LOST], PROSPECT
    )


def _accounts_table(
    rng: np.random.Generator,
    acc: Accounts,
    out: pd.DataFrame,
    leads: pd.DataFrame,
    anom_ids: set[str],
) -> pd.DataFrame:
    """The accounts table: first order and last contact follow from orders and leads."""
    clean = out[~out["order_id"].isin(anom_ids)]
    first_order = clean.groupby("account_id")["order_date"].min()
    last_order = clean.groupby("account_id")["order_date"].max()
    last_lead = leads.groupby("account_id")["created_date"].max()
    lc = pd.Series(acc.last_contact.astype("datetime64[ns]"), index=acc.ids)
    not_left = ~pd.Series(acc.ids).isin(acc.ids[acc.owner_left_idx]).to_numpy()
    for extra in (last_order, last_lead):
        ex = extra.reindex(acc.ids)
        upd = ex.notna().to_numpy() & not_left & (ex.to_numpy() > lc.to_numpy())
        lc[upd] = ex[upd]
    email_prefix = np.array(["info", "office", "admin", "contact", "service"])[
        rng.integers(0, 5, acc.n)
    ]
    area = np.array([c[3] for c in B2B_CITIES])[acc.names["city_idx"].to_numpy()]
    return pd.DataFrame(
        {
            "account_id": acc.ids,
            "account_name": acc.names["account_name"].to_numpy(),
            "account_name_en": acc.names["account_name_en"].to_numpy(),
            "industry": acc.industry,
            "city": acc.names["city"].to_numpy(),
            "city_en": acc.names["city_en"].to_numpy(),
            "employees": acc.employees,
            "size_band": acc.size_band,
            "status": acc.status,
            "owner_rep_id": acc.owner,
            "last_contact_date": lc.to_numpy(),
            "first_order_date": first_order.reindex(acc.ids).to_numpy(),
            "credit_rating": acc.credit,
            "phone": pd.Series(area) + "-8" + digits(rng, acc.n, 7),
            "email": pd.Series(email_prefix) + "@" + acc.names["domain"].reset_index(drop=True),
        }
    )


def generate_b2b(
    rng: np.random.Generator, scale: float
) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """All B2B tables and what was planted in them."""
    reps = _reps()
    acc = _accounts(rng, scale, reps)
    copiers, cycle_truth = copier_cycles(rng, acc, scale)
    install = copiers[rng.random(len(copiers)) < 0.5].assign(product="installation")
    contacts, cacc, has_auth = _contacts(rng, acc)
    tickets, bad_acc, bad_date = _tickets(rng, acc, scale)
    generic = generic_orders(rng, acc, scale, bad_acc, bad_date)
    no_copier = np.append(cycle_truth["cycle_idx"], acc.tb)
    leads, lacc, extras = _leads(
        rng, acc, scale, cacc, has_auth, no_copier, contacts["contact_id"].to_numpy()
    )
    won = leads["converted"].to_numpy()
    won_orders = pd.DataFrame(
        {
            "acc": lacc[won],
            "order_date": leads.loc[won, "won_date"].to_numpy().astype("datetime64[D]"),
            "product": leads.loc[won, "product_interest"].to_numpy(),
            "won_amount": leads.loc[won, "won_amount"].to_numpy(),
            "won_qty": extras["won_qty"][won],
            "won_disc": extras["won_disc"][won],
        }
    )
    # an account that signs a deal is a customer from then on (a prospect won, a lost customer won back)
    signed = np.unique(lacc[won])
    acc.status[signed] = "customer"
    orders = pd.concat([copiers, install, generic, won_orders], ignore_index=True)
    out = order_lines(rng, acc, orders, reps)
    anoms = order_anomalies(rng, out, acc.ids[acc.tb])
    accounts = _accounts_table(rng, acc, out, leads, {x["order_id"] for x in anoms})
    truth = {
        "textbook_account_index": acc.tb,
        "orphan_ids": sorted(acc.ids[acc.orphan_idx].tolist()),
        "owner_left_contacted_later_ids": sorted(acc.ids[acc.distractor_idx].tolist()),
        "planted_due_2026_07": cycle_truth["planted_due_2026_07"],
        "fleet_expansions": cycle_truth["fleet_expansions"],
        "copier_cycle_accounts": len(cycle_truth["cycle_idx"]),
        "b2b_order_anomalies": anoms,
        "dissatisfied_tickets": len(bad_acc),
        "lead_propensity": extras["propensity"],
    }
    tables = {
        "b2b_reps": reps,
        "b2b_accounts": accounts,
        "b2b_contacts": contacts,
        "b2b_leads": leads,
        "b2b_orders": out,
        "b2b_tickets": tickets,
    }
    return tables, truth
