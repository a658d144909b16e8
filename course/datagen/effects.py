"""Every planted cause and effect of the bundled data, in one place (数据中人为设定的因果关系).

The generator builds the data as a *process*: causes first, outcomes last.
Nothing in this module (or anywhere in :mod:`course.datagen`) derives a
feature from the outcome it is meant to predict. Each constant below is one
planted effect; ``datasets/ground_truth.json`` records what it produced on
the committed data, and the course's claims (:mod:`course.claims`) check the
lessons against it.

B2B leads (华信办公设备的销售线索)
---------------------------------
1. **Before contact** a lead has a *latent propensity* (log-odds of signing):
   :data:`LEAD_PROPENSITY` — MAN letters, marketing engagement, the source
   method (:data:`METHOD_EFFECT`), whether the account already buys from
   Huaxin, the distance, a shared effect per account (the relationship, not
   recorded) and noise per lead (timing, competitors, budgets: not recorded).
   Only part of the propensity is visible in the table, so a model on what
   is known before contact is good but far from perfect.
2. **During the sale** the lead moves through the funnel stages
   (contacted → preliminary → fine → key → plan → signed), one step at a time
   (:data:`SALE_PROCESS`). Each step succeeds with a probability that grows
   with the propensity and shrinks with the objection the customer raises;
   each step takes time, so leads created near the as-of date are still open.
   The quote request, the trial, the written proposal and the objection
   (:data:`OBJECTION_WEIGHTS`) arise along the way from the propensity, the
   MAN letters and the stage reached — never from the result.
3. **After** the last step the lead is won (contract, amount, date) or lost.

Because in-sale signals are steps *towards* the outcome, a model trained on
closed leads that uses them looks excellent and is useless on a new lead,
whose signals have not happened yet (Chapter 7).

Other planted structure
-----------------------
* 80/20 revenue (:data:`ACCOUNT_SIZE_SPREAD`, :data:`MEMBER_SPEND_SPREAD`);
* copier replacement cycles, the textbook account, accounts due in July 2026
  and fleet expansions (several copiers in one buying occasion) (:data:`CYCLES`);
* orphaned accounts (:data:`ORPHANS`);
* service tickets, and fewer orders after a dissatisfied one
  (:data:`TICKETS`, :data:`DISSATISFACTION`);
* B2C cross-sell rules, a negative pair, discount hunters
  (:data:`PLANTED_RULES`, :data:`NEGATIVE_PAIR`, :data:`DISCOUNT`);
* anomalous orders and transactions (:data:`ANOMALIES`).

*Not* planted, on purpose: personality and goal types are drawn independently
of everything else, so any difference in win rate by type is chance
(Chapter 3 tests it).
"""

from __future__ import annotations

import numpy as np

# ----------------------------------------------------------------- B2B leads: before contact
#: Log-odds of signing, before the sale is worked. ``engagement_per_point``
#: multiplies (engagement - 50); ``existing_customer`` applies when the account
#: has bought before; ``far`` when the account is more than ``far_km`` away.
#: ``account_sd`` and ``lead_sd`` are the spread of the unrecorded parts.
LEAD_PROPENSITY = {
    "intercept": -2.9,
    "money": 1.15,
    "authority": 0.95,
    "need": 1.45,
    "engagement_per_point": 0.022,
    "existing_customer": 0.7,
    "lost_customer": -0.3,
    "far": -0.35,
    "far_km": 200.0,
    "account_sd": 0.55,
    "lead_sd": 1.05,
}

#: Effect of the source method on the log-odds (referral best, door-to-door worst)
#: in the order of :data:`course.datagen.reference.METHODS`.
METHOD_EFFECT = np.array([1.0, 0.0, -0.35, -0.25, -0.2, 0.25, 0.1, 0.1, 0.0, -0.1, 0.2, -1.0])
#: Cost of finding a lead per method (CNY, before noise); working it adds :data:`SALE_PROCESS` ``cost_per_step``.
METHOD_COST = np.array([80, 150, 600, 120, 220, 110, 450, 350, 300, 380, 130, 700], dtype=float)

#: Pre-contact marketing engagement (0-100): who opens mailings and comes to events.
ENGAGEMENT = {"base": 35.0, "need": 15.0, "money": 8.0, "method_effect": 8.0, "sd": 15.0}

# ----------------------------------------------------------------- B2B leads: during the sale
#: The funnel as a sequence of steps. Step k moves a lead from stage k to
#: k + 1 (k = 4 is signing) with probability
#: ``sigmoid(step_offset[k] + slope * propensity + objection penalty + trial bonus)``
#: and takes Gamma(2, ``step_days[k]``) days. A step that would end after the
#: as-of date has not happened: the lead is still open at its stage.
SALE_PROCESS = {
    "step_offset": [2.2, 1.6, 1.0, 1.5, 1.45],
    "slope": 1.0,
    "step_days": [6.0, 9.0, 12.0, 14.0, 10.0],
    # the customer asks for a quote on reaching preliminary (share) or fine (share); some never ask
    "quote_at_preliminary": 0.2,
    "quote_at_fine": 0.74,
    # we send a written proposal on reaching key (share), by plan almost always
    "proposal_at_key": 0.45,
    "proposal_by_plan": 0.95,
    # a trial is asked for on reaching fine: equipment with a real need, rarely otherwise
    "trial_with_need": 0.4,
    "trial_without_need": 0.08,
    "trial_bonus": 0.5,
    "cost_per_step": 45.0,
}
EQUIPMENT = ("copier", "printer", "switch", "router")

#: The objection a customer raises once the sale is under way (surfaces on
#: reaching *preliminary*): a base weight, extra weight for a missing MAN
#: letter, a far account or equipment; *none* grows with the propensity.
OBJECTION_WEIGHTS = {
    "none": {"base": 1.3, "per_propensity": 0.55},
    "price": {"base": 0.7, "no_money": 1.6},
    "delivery": {"base": 0.25, "far": 1.3},
    "decision_maker": {"base": 0.15, "no_authority": 2.0},
    "performance": {"base": 0.15, "equipment": 0.45},
    "payment_terms": {"base": 0.25, "no_money": 0.6},
    "returns": {"base": 0.15},
}
#: How much an unresolved objection lowers each later step (log-odds).
OBJECTION_PENALTY = {
    "none": 0.0,
    "price": -0.45,
    "delivery": -0.3,
    "decision_maker": -1.1,
    "performance": -0.55,
    "payment_terms": -0.4,
    "returns": -0.8,
}

# ----------------------------------------------------------------- B2B accounts and orders
#: Latent account size: order frequency ~ exp(spread * z) gives the 80/20 revenue concentration.
ACCOUNT_SIZE_SPREAD = 1.9
#: Number of generic (non-copier) orders at scale 1, spread over accounts by size and years of trading.
GENERIC_ORDERS = 9300

#: Copier replacement cycles. ``share_of_customers`` of the ordinary customers
#: replace copiers every ``interval_years`` (uniform), give or take
#: ``noise_days``; ``due_july_2026`` of them are planted due in July 2026
#: (no noise, at least three purchases); ``fleet_expansions`` accounts add a
#: second copier ``fleet_gap_days`` after one of their purchases — one buying
#: occasion, not a new cycle; ``one_off_share`` of the other buying accounts
#: bought a single copier.
CYCLES = {
    "share_of_customers": 0.4,
    "interval_years": (3.0, 6.0),
    "noise_days": 45,
    "noise_clip_days": 90,
    "due_july_2026": 8,
    "fleet_expansions": 6,
    "fleet_gap_days": (14, 50),
    "one_off_share": 0.15,
}

#: Orphaned accounts: the owner rep left and nobody called since (customers,
#: prospects), plus distractors whose owner left but someone called later.
ORPHANS = {"customers": 18, "prospects": 8, "contacted_later": 5}

#: Service tickets per kind: share of tickets, mean hours (Gamma shape 2) and
#: the chance the customer ends up satisfied; ``not_surveyed`` have no answer.
TICKETS = {
    "kinds": ["repair", "complaint", "question", "maintenance"],
    "share": [0.35, 0.12, 0.28, 0.25],
    "hours_scale": [2.0, 1.5, 0.4, 1.2],
    "satisfied": [0.82, 0.45, 0.92, 0.9],
    "not_surveyed": 0.15,
}
#: After a ticket that left the customer dissatisfied (surveyed or not), the
#: account's ordinary orders fall to ``order_rate`` of their usual rate for
#: ``months`` months: the textbook's "dissatisfied → no repeat order".
DISSATISFACTION = {"order_rate": 0.15, "months": 12}

# ----------------------------------------------------------------- B2C
#: Spend frequency spread of members (80/20 among members).
MEMBER_SPEND_SPREAD = 1.35
#: antecedent, consequent, probability of adding the consequent when the antecedent is bought
PLANTED_RULES = [
    ("手冲咖啡豆", "咖啡滤纸", 0.75),
    ("婴儿纸尿裤", "婴儿湿巾", 0.75),
    ("瑜伽垫", "瑜伽砖", 0.7),
    ("露营帐篷", "防潮垫", 0.7),
]
#: drop the second item from this share of baskets holding the first (cat people, dog people)
NEGATIVE_PAIR = ("猫粮", "狗粮", 0.9)
#: ``rate`` = amount / basket total with a discount; ``hunters`` share of members almost always use one
DISCOUNT = {"rate": 0.9, "hunters": 0.08}

# ----------------------------------------------------------------- anomalies
ANOMALIES = {
    "b2b_orders": ["price_typo"] * 3
    + ["negative_quantity"] * 2
    + ["future_date"] * 2
    + ["amount_mismatch"] * 3,
    "b2c_transactions": [
        "huge_amount",
        "huge_amount",
        "negative_amount",
        "future_date",
        "before_join",
    ],
}

# ----------------------------------------------------------------- sizes at scale 1
SIZES = {
    "b2b_accounts": 600,
    "b2b_contacts_per_account": 2.5,
    "b2b_leads": 3000,
    "b2b_tickets": 2000,
    "b2c_members": 3000,
    "b2c_transactions": 20000,
}


def summary() -> dict:
    """The planted effects as plain data (for ``ground_truth.json``)."""
    from course.datagen.reference import METHODS

    return {
        "lead_propensity": dict(LEAD_PROPENSITY),
        "method_effect": dict(zip(METHODS, METHOD_EFFECT.tolist(), strict=True)),
        "sale_process": {
            k: (list(v) if isinstance(v, list | tuple) else v) for k, v in SALE_PROCESS.items()
        },
        "objection_penalty": dict(OBJECTION_PENALTY),
        "dissatisfaction": dict(DISSATISFACTION),
        "personality_and_goal_types": "independent of every outcome (no effect planted)",
        "note": "propensity = intercept + money*M + authority*A + need*N + engagement_per_point*(engagement-50) "
        "+ method_effect + existing_customer (or lost_customer) + far + N(0, account_sd) per account "
        "+ N(0, lead_sd) per lead; each funnel step succeeds with sigmoid(step_offset + slope*propensity "
        "+ objection penalty [+ trial bonus]); steps that would end after the as-of date leave the lead open",
    }
