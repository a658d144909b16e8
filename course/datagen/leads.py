"""B2B leads as a sales process (销售线索：从接触到成交的过程).

:func:`lead_core` draws what is known **before contact** (source method, MAN
letters, marketing engagement, product of interest), turns it into a latent
propensity (:data:`course.datagen.effects.LEAD_PROPENSITY`) and then *runs*
each sale through the funnel (:data:`course.datagen.effects.SALE_PROCESS`):
quote requests, trials, proposals and objections happen on the way, and the
outcome is whatever the last step brings. Leads whose next step falls after
the as-of date are still open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from course.datagen import effects as fx
from course.datagen.common import AS_OF_DAY, DAY, days, rowwise_choice, sigmoid, uniform_dates
from course.datagen.reference import (
    LEAD_PRODUCT_P,
    LEAD_PRODUCTS,
    METHOD_P,
    METHODS,
    OBJECTIONS,
    PRODUCTS,
    STAGES,
)

#: account status codes used by :func:`lead_core`
PROSPECT, CUSTOMER, LOST = 0, 1, 2


def pre_contact(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """What is known when a lead is entered: date, method, MAN letters, engagement, website visits."""
    created = uniform_dates(rng, np.datetime64("2024-01-01"), AS_OF_DAY, n)
    m = rng.choice(len(METHODS), n, p=METHOD_P / METHOD_P.sum())
    eff = fx.METHOD_EFFECT[m]
    money = rng.random(n) < 0.5
    authority = rng.random(n) < 0.45
    need = rng.random(n) < np.clip(0.5 + 0.12 * eff, 0.05, 0.95)
    e = fx.ENGAGEMENT
    engagement = np.clip(
        np.round(
            e["base"]
            + e["need"] * need
            + e["money"] * money
            + e["method_effect"] * eff
            + rng.normal(0, e["sd"], n)
        ),
        0,
        100,
    ).astype(np.int64)
    visits = rng.poisson(engagement / 20.0).astype(np.int64)
    prod_i = rng.choice(len(LEAD_PRODUCTS), n, p=LEAD_PRODUCT_P)
    return {
        "created": created,
        "method": m,
        "money": money,
        "authority": authority,
        "need": need,
        "engagement": engagement,
        "visits": visits,
        "product": prod_i,
    }


def propensity(
    pre: dict[str, np.ndarray],
    status: np.ndarray,
    distance_km: np.ndarray,
    account_effect: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """The latent log-odds of signing (:data:`course.datagen.effects.LEAD_PROPENSITY`)."""
    c = fx.LEAD_PROPENSITY
    return (
        c["intercept"]
        + c["money"] * pre["money"]
        + c["authority"] * pre["authority"]
        + c["need"] * pre["need"]
        + c["engagement_per_point"] * (pre["engagement"] - 50)
        + fx.METHOD_EFFECT[pre["method"]]
        + c["existing_customer"] * (status == CUSTOMER)
        + c["lost_customer"] * (status == LOST)
        + c["far"] * (distance_km > c["far_km"])
        + account_effect
        + rng.normal(0, c["lead_sd"], len(status))
    )


def _objections(
    rng: np.random.Generator,
    pre: dict[str, np.ndarray],
    latent: np.ndarray,
    far: np.ndarray,
    equipment: np.ndarray,
) -> np.ndarray:
    """The objection each customer would raise once the sale is under way (index into OBJECTIONS)."""
    w = fx.OBJECTION_WEIGHTS
    centred = latent - np.median(latent)
    cols = {
        "none": w["none"]["base"] * np.exp(w["none"]["per_propensity"] * centred),
        "price": w["price"]["base"] + w["price"]["no_money"] * ~pre["money"],
        "delivery": w["delivery"]["base"] + w["delivery"]["far"] * far,
        "decision_maker": w["decision_maker"]["base"]
        + w["decision_maker"]["no_authority"] * ~pre["authority"],
        "performance": w["performance"]["base"] + w["performance"]["equipment"] * equipment,
        "payment_terms": w["payment_terms"]["base"]
        + w["payment_terms"]["no_money"] * ~pre["money"],
        "returns": np.full(len(latent), w["returns"]["base"]),
    }
    weights = np.column_stack(
        [np.broadcast_to(cols[o], len(latent)).astype(float) for o in OBJECTIONS]
    )
    return rowwise_choice(rng, weights)


def run_sales(
    rng: np.random.Generator, pre: dict[str, np.ndarray], latent: np.ndarray, far: np.ndarray
) -> dict[str, np.ndarray]:
    """Walk every lead through the funnel, step by step, until it signs, drops out or reaches the as-of date."""
    n = len(latent)
    sp = fx.SALE_PROCESS
    product = np.array(LEAD_PRODUCTS)[pre["product"]]
    equipment = np.isin(product, fx.EQUIPMENT)
    objection = _objections(rng, pre, latent, far, equipment)
    penalty = np.array([fx.OBJECTION_PENALTY[o] for o in OBJECTIONS])[objection]
    would_trial = rng.random(n) < np.where(
        equipment & pre["need"], sp["trial_with_need"], sp["trial_without_need"]
    )
    horizon = days(pre["created"], AS_OF_DAY)
    step_days = rng.gamma(2.0, np.array(sp["step_days"])[None, :], (n, 5))
    ends = np.ceil(np.cumsum(step_days, axis=1)).astype(np.int64)
    draws = rng.random((n, 5))
    stage = np.zeros(n, dtype=np.int64)
    state = np.zeros(n, dtype=np.int64)  # 0 open, 1 won, 2 lost
    closed_after = np.zeros(n, dtype=np.int64)
    active = np.ones(n, dtype=bool)
    for k in range(5):
        due = active & (ends[:, k] <= horizon)
        logit = sp["step_offset"][k] + sp["slope"] * latent
        if k >= 1:
            logit = logit + penalty
        if k == 2:
            logit = logit + sp["trial_bonus"] * would_trial
        ok = due & (draws[:, k] < sigmoid(logit))
        failed = due & ~ok
        state[failed] = 2
        closed_after[failed] = ends[failed, k]
        if k < 4:
            stage[ok] = k + 1
        else:
            state[ok] = 1
            closed_after[ok] = ends[ok, k]
        active = ok
    # signals recorded on the way: only what has happened by the stage reached
    r = rng.random(n)
    quote_at = np.select(
        [r < sp["quote_at_preliminary"], r < sp["quote_at_preliminary"] + sp["quote_at_fine"]],
        [1, 2],
        99,
    )  # 99: never asks, the rep sends an offer unprompted
    asked = stage >= quote_at
    later = (sp["proposal_by_plan"] - sp["proposal_at_key"]) / (1 - sp["proposal_at_key"])
    proposal = ((stage >= 3) & (rng.random(n) < sp["proposal_at_key"])) | (
        (stage >= 4) & (rng.random(n) < later)
    )
    trial = would_trial & (stage >= 2)
    raised = np.where(stage >= 1, objection, 0)
    return {
        "stage": stage,
        "state": state,
        "closed_after": closed_after,
        "asked_quote": asked,
        "requested_trial": trial,
        "proposal_sent": proposal,
        "objection": raised,
    }


def lead_core(
    rng: np.random.Generator,
    n: int,
    *,
    standing: Callable[[np.ndarray], np.ndarray] | None = None,
    distance_km: np.ndarray | None = None,
    account_effect: np.ndarray | None = None,
    no_copier: np.ndarray | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Lead attributes, the sale and its outcome (everything but ids), vectorised for any ``n``.

    Parameters
    ----------
    standing : callable, optional
        Creation dates -> the account's standing on that day (PROSPECT,
        CUSTOMER or LOST); random if omitted.
    distance_km : array, optional
        Road distance of the account (random if omitted).
    account_effect : array, optional
        The unrecorded relationship effect of each lead's account (log-odds).
    no_copier : bool array, optional
        Leads whose account buys copiers on its replacement cycle: their
        interest is switched from copiers to a service contract.
    """
    pre = pre_contact(rng, n)
    status = (
        standing(pre["created"]) if standing is not None else rng.choice(3, n, p=[0.5, 0.42, 0.08])
    )
    if distance_km is None:
        distance_km = np.round(rng.lognormal(4.3, 0.7, n), 1)
    if account_effect is None:
        account_effect = rng.normal(0, fx.LEAD_PROPENSITY["account_sd"], n)
    if no_copier is not None:
        copier = LEAD_PRODUCTS.index("copier")
        pre["product"] = np.where(
            no_copier & (pre["product"] == copier),
            LEAD_PRODUCTS.index("service_contract"),
            pre["product"],
        )
    latent = propensity(pre, status, distance_km, account_effect, rng)
    far = distance_km > fx.LEAD_PROPENSITY["far_km"]
    sale = run_sales(rng, pre, latent, far)
    won = sale["state"] == 1
    m = pre["method"]
    cost = (
        fx.METHOD_COST[m] * np.exp(rng.normal(0, 0.3, n))
        + fx.SALE_PROCESS["cost_per_step"] * sale["stage"]
    )
    prod_i = pre["product"]
    prod = np.array(LEAD_PRODUCTS)[prod_i]
    base = np.array([PRODUCTS[x][2] for x in LEAD_PRODUCTS])[prod_i]
    qlo = np.array([1, 2, 2, 1, 1, 20])[prod_i]
    qhi = np.array([3, 10, 8, 5, 1, 100])[prod_i]
    qty = rng.integers(qlo, qhi + 1)
    unit = np.round(base * np.exp(rng.normal(0, 0.15, n)), -1)
    unit = np.where(prod == "service_contract", unit * rng.integers(1, 5, n), unit)
    disc = np.round(
        np.array([0.0, 0.03, 0.05, 0.08])[rng.choice(4, n, p=[0.3, 0.3, 0.25, 0.15])], 2
    )
    won_amount = np.where(won, np.round(qty * unit * (1 - disc), 2), 0.0)
    created = pre["created"]
    won_date = np.where(won, created + sale["closed_after"] * DAY, np.datetime64("NaT"))
    df = pd.DataFrame(
        {
            "created_date": pd.Series(created.astype("datetime64[ns]")),
            "source_method": np.array(METHODS)[m],
            "product_interest": prod,
            "money": pre["money"],
            "authority": pre["authority"],
            "need": pre["need"],
            "engagement": pre["engagement"],
            "site_visits": pre["visits"],
            "asked_quote": sale["asked_quote"],
            "requested_trial": sale["requested_trial"],
            "proposal_sent": sale["proposal_sent"],
            "objection": np.array(OBJECTIONS)[sale["objection"]],
            "distance_km": distance_km,
            "stage": np.array(STAGES)[sale["stage"]],
            "acquisition_cost": np.round(cost, 2),
            "converted": won,
            "lead_status": np.array(["open", "won", "lost"])[sale["state"]],
            "won_date": pd.Series(won_date.astype("datetime64[ns]")),
            "won_amount": won_amount,
            "days_to_contract": pd.array(np.where(won, sale["closed_after"], 0), dtype="Int64"),
        }
    )
    df.loc[~won, "days_to_contract"] = pd.NA
    extras = {"won_qty": qty, "won_disc": disc, "propensity": latent}
    return df, extras
