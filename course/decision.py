"""Chapter 5 — the buying decision (购买决策过程).

Where a prospect stands in the buying process, who decides, when they will
buy, and what happens after the sale. The facts (steps, signals, roles, gap
outcomes, the lead rules) live in ``course/content/decision.yaml``; this
module applies them to prospects and to the kit's tables.

>>> from course import decision
>>> decision.likely_step(["interest.2", "awareness.1"], mode="consumer")["step"]
'interest'
>>> decision.gap_outcome(perceived=4, expected=3)
'delighted'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from course import content
from course.i18n import t

MODES = ("consumer", "business")
#: the three outcomes of perceived quality against expectation, best first
GAP_OUTCOMES = ("delighted", "satisfied", "dissatisfied")
#: columns of the leads table the step rules read (``stage`` is optional: without it no lead is placed at *order*)
LEAD_ACTIVITY = ("asked_quote", "requested_trial", "proposal_sent", "site_visits", "engagement")
#: where a lead stands on the as-of date (``lead_status`` in ``b2b_leads``)
LEAD_STATUSES = ("open", "won", "lost")
#: the data's "today" (see datasets/README.md)
AS_OF = pd.Timestamp("2026-06-30")


def _error(en: str, zh: str, source: str, column: str | None = None) -> Exception:
    from course.data import DataError

    return DataError(en, zh, source=source, column=column)


def _names(keys: Iterable[str], columns: Mapping[str, str] | None) -> dict[str, str]:
    return {key: (columns or {}).get(key, key) for key in keys}


def _require(frame: pd.DataFrame, names: Mapping[str, str], source: str) -> None:
    """Raise the kit's one missing-column message (:func:`course.data.mapped_columns`) if ``frame`` lacks any."""
    from course.data import mapped_columns

    mapped_columns(frame, list(names), dict(names), source)


def _flags(frame: pd.DataFrame, column: str, source: str) -> np.ndarray:
    from course.prospects import as_flags

    try:
        return as_flags(frame[column], column).to_numpy(dtype=bool)
    except ValueError as error:
        raise _error(f"{source}: {error}", f"{source}：列 {column!r} 只能是 是/否。", source=source, column=column) from None


def _numbers(frame: pd.DataFrame, column: str, source: str) -> np.ndarray:
    values = pd.to_numeric(frame[column], errors="coerce")
    bad = frame[column][values.isna() & frame[column].notna()]
    if not bad.empty or values.isna().any():
        sample = ", ".join(map(repr, bad.astype(str).unique()[:3])) or "empty cells"
        raise _error(
            f"{source}: column {column!r} must hold numbers, but has {sample}. Fix: clean those cells or fill them with 0.",
            f"{source}：列 {column!r} 必须是数字，但出现了 {sample}。解决办法：改正这些值，或填 0。",
            source=source,
            column=column,
        )
    return values.to_numpy(dtype=float)


# --------------------------------------------------------------------------- steps and signals
def _section(mode: str) -> str:
    if mode not in MODES:
        raise ValueError(f"mode must be 'consumer' or 'business', not {mode!r} / mode 只能是 'consumer' 或 'business'")
    return f"{mode}_steps"


def step_ids(mode: str = "business") -> list[str]:
    """The step ids of the consumer or business buying process, in order.

    >>> step_ids("consumer")
    ['awareness', 'interest', 'evaluation', 'trial', 'adoption']
    """
    return [row["id"] for row in content.get(_section(mode))]


def signal_catalogue(mode: str = "consumer", lang: str | None = None) -> pd.DataFrame:
    """Every observable signal of every step: ``signal_id`` (``"trial.2"``), ``step``, ``signal``.

    >>> signal_catalogue("business")["signal_id"].iloc[0]
    'need_recognition.1'
    """
    rows = [
        {"signal_id": f"{step['id']}.{number}", "step": step["id"], "signal": text}
        for step in content.text(_section(mode), lang)
        for number, text in enumerate(step["signals"], start=1)
    ]
    return pd.DataFrame(rows)


def likely_step(signals: Iterable[str], mode: str = "consumer", lang: str | None = None) -> dict[str, Any]:
    """The step a prospect has most likely reached, from the signals you observed.

    A later step's signal means the prospect has passed the earlier steps, so
    the furthest step showing any signal wins. Returns the step id, its
    position (1 = first), name, what the prospect is doing, the recommended
    company action, the matched signals (text) and ``counts`` per step.
    With no signals, ``step`` is ``None``.

    >>> likely_step(["proposals.1", "supplier_search.2"], mode="business")["step"]
    'proposals'
    """
    catalogue = signal_catalogue(mode, lang)
    picked = list(dict.fromkeys(signals))
    unknown = sorted(set(picked) - set(catalogue["signal_id"]))
    if unknown:
        raise ValueError(f"unknown signal id(s) {unknown}; use ids from signal_catalogue({mode!r}) / 未知的信号编号 {unknown}")
    ids = step_ids(mode)
    chosen = catalogue[catalogue["signal_id"].isin(picked)]
    counts = chosen["step"].value_counts().reindex(ids, fill_value=0)
    result: dict[str, Any] = {"mode": mode, "step": None, "position": 0, "counts": counts}
    if chosen.empty:
        return result
    step = ids[int(np.flatnonzero(counts.to_numpy())[-1])]
    entry = content.by_id(_section(mode), lang)[step]
    result.update(
        step=step,
        position=ids.index(step) + 1,
        name=entry["name"],
        state=entry.get("state") or entry.get("explanation"),
        action=entry["company_action"],
        matched=chosen.loc[chosen["step"] == step, "signal"].tolist(),
        earlier=chosen.loc[chosen["step"] != step, "signal"].tolist(),
    )
    return result


# --------------------------------------------------------------------------- lead steps
def rule_order() -> list[str]:
    """The step ids of ``lead_activity_steps`` in the order the rules are tried."""
    return [row["id"] for row in content.get("lead_activity_steps")]


def lead_rules(lang: str | None = None) -> pd.DataFrame:
    """The lead-step rules of the content as a table (index: step id, in the order tried)."""
    rows = content.text("lead_activity_steps", lang)
    return pd.DataFrame({"rule": [row["rule"] for row in rows]}, index=pd.Index([row["id"] for row in rows], name="step"))


def step_details(lang: str | None = None) -> pd.DataFrame:
    """The detail lists of the business steps that have one (one row per detail, index: step id)."""
    rows = [(step["id"], detail) for step in content.text("business_steps", lang) for detail in step.get("details", [])]
    return pd.DataFrame({"details": [d for _, d in rows]}, index=pd.Index([s for s, _ in rows], name="step"))


def account_has_orders(
    leads: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    before_lead: bool = True,
    columns: Mapping[str, str] | None = None,
) -> pd.Series:
    """Whether each lead's account had already ordered from us.

    With ``before_lead`` (default) only orders dated before the lead's
    ``created_date`` count: an order that the lead itself produced must not
    decide the lead's step (that would leak the outcome into the input).

    >>> leads = pd.DataFrame({"account_id": ["A1", "A2"], "created_date": pd.to_datetime(["2025-01-01"] * 2)})
    >>> orders = pd.DataFrame({"account_id": ["A1", "A2"], "order_date": pd.to_datetime(["2024-05-01", "2025-03-01"])})
    >>> account_has_orders(leads, orders).tolist()
    [True, False]
    """
    lead_cols = _names(["account_id", "created_date"] if before_lead else ["account_id"], columns)
    order_cols = _names(["account_id", "order_date"] if before_lead else ["account_id"], columns)
    _require(leads, lead_cols, "leads")
    _require(orders, order_cols, "orders")
    account = leads[lead_cols["account_id"]].astype("str")
    if not before_lead:
        has = account.isin(orders[order_cols["account_id"]].astype("str"))
    else:
        first = pd.to_datetime(orders[order_cols["order_date"]], errors="coerce").groupby(
            orders[order_cols["account_id"]].astype("str")
        ).min()
        created = pd.to_datetime(leads[lead_cols["created_date"]], errors="coerce")
        has = account.map(first).lt(created).fillna(False).astype(bool)
    return pd.Series(has.to_numpy(dtype=bool), index=leads.index, name="has_orders")


def lead_steps(
    leads: pd.DataFrame,
    *,
    search_visits: int = 1,
    engagement_cut: float | None = None,
    columns: Mapping[str, str] | None = None,
) -> pd.Series:
    """The business buying step each lead's *deal* has reached, from its activity (``lead_activity_steps`` rules).

    The rules are tried top to bottom and the first that fits gives the
    step (``numpy.select``). They read what has happened in the sale — a
    quote request, a trial, a written proposal, the funnel ``stage`` when the
    table has one — and, before any of that, website visits and engagement.
    Whether the account already buys from us is deliberately *not* a rule:
    that describes the relationship, not where this deal stands (see
    :func:`conversion_by_relationship`). Step 8, the performance review,
    comes after the order and is never given to a lead.

    Thresholds are parameters: ``search_visits`` (website visits that mean
    the buyer is looking at suppliers, default 1) and ``engagement_cut``
    (engagement above it counts as "upper half"; default: the median).

    Returns a categorical Series of step ids in process order.

    >>> leads = pd.DataFrame({"asked_quote": [1, 0, 0], "requested_trial": [0, 1, 0], "proposal_sent": [0, 0, 0],
    ...                       "site_visits": [0, 0, 0], "engagement": [10, 20, 30]})
    >>> lead_steps(leads).tolist()
    ['proposals', 'specification', 'need_description']
    """
    names = _names(LEAD_ACTIVITY, columns)
    _require(leads, names, "leads")
    quote = _flags(leads, names["asked_quote"], "leads")
    trial = _flags(leads, names["requested_trial"], "leads")
    proposal = _flags(leads, names["proposal_sent"], "leads")
    visits = _numbers(leads, names["site_visits"], "leads")
    engagement = _numbers(leads, names["engagement"], "leads")
    stage_col = (columns or {}).get("stage", "stage")
    at_plan = (leads[stage_col].astype("str").str.strip().str.lower().to_numpy() == "plan"
               if stage_col in leads.columns else np.zeros(len(leads), dtype=bool))
    cut = float(np.median(engagement)) if engagement_cut is None and len(leads) else engagement_cut
    rules = {
        "order": proposal & at_plan,
        "supplier_selection": proposal,
        "proposals": quote & ~proposal,
        "specification": trial & ~quote,
        "supplier_search": visits >= search_visits,
        "need_description": engagement > (cut if cut is not None else np.inf),
    }
    order = rule_order()
    fallback = order[-1]
    steps = np.select([rules[step] for step in order[:-1]], order[:-1], default=fallback)
    categories = step_ids("business")
    return pd.Series(pd.Categorical(steps, categories=categories), index=leads.index, name="step")


def pipeline_by_step(steps: pd.Series, outcome: pd.Series | None = None, status: pd.Series | None = None) -> pd.DataFrame:
    """Leads per business step (all eight, in process order), with wins and conversion.

    With ``outcome`` (won yes/no): ``wins`` and ``conversion_rate`` (wins ÷
    leads). With ``status`` (``open``/``won``/``lost``, the ``lead_status``
    column): ``open``, ``won`` and ``lost`` counts, and ``conversion_rate``
    among the *closed* leads only — an open lead has not lost yet.

    >>> steps = pd.Series(["proposals", "proposals", "order"])
    >>> pipeline_by_step(steps, pd.Series([True, False, True])).loc["proposals", "conversion_rate"]
    np.float64(0.5)
    >>> table = pipeline_by_step(steps, status=pd.Series(["won", "open", "lost"]))
    >>> table.loc["proposals", ["open", "won", "lost"]].tolist(), float(table.loc["proposals", "conversion_rate"])
    ([1, 1, 0], 1.0)
    """
    ids = step_ids("business")
    values = pd.Series(np.asarray(steps, dtype=object), name="step")
    unknown = sorted(set(values.dropna()) - set(ids))
    if unknown:
        raise ValueError(f"unknown step id(s) {unknown} / 未知的阶段 {unknown}")
    table = pd.DataFrame({"leads": values.value_counts().reindex(ids, fill_value=0).astype(int)})
    table["share"] = table["leads"] / max(len(values), 1)
    if status is not None:
        st = pd.Series(np.asarray(status, dtype=object)).astype(str).str.strip().str.lower()
        bad = sorted(set(st) - set(LEAD_STATUSES))
        if bad:
            raise ValueError(f"status must be open/won/lost, found {bad} / 线索状态只能是 open/won/lost，出现了 {bad}")
        for key in LEAD_STATUSES:
            table[key] = (st == key).groupby(values).sum().reindex(ids, fill_value=0).astype(int)
        closed = (table["won"] + table["lost"]).replace(0, np.nan)
        table["conversion_rate"] = table["won"] / closed
    elif outcome is not None:
        won = pd.Series(np.asarray(outcome, dtype=bool))
        table["wins"] = won.groupby(values).sum().reindex(ids, fill_value=0).astype(int)
        table["conversion_rate"] = table["wins"] / table["leads"].replace(0, np.nan)
    table.index.name = "step"
    return table


def when_known(table: str = "b2b_leads", lang: str | None = None) -> pd.DataFrame:
    """Every column of ``table`` with the moment it becomes known: before the sale, during it, or after the outcome.

    The one rule the course keeps about lead columns (:data:`course.schemas.KNOWN`):
    *during* columns say where an open deal stands and what to do next on it;
    only *before* columns may rank leads nobody has worked yet (Chapter 7).
    """
    from course.i18n import get_language
    from course.schemas import KNOWN, SCHEMAS

    lang = lang or get_language()
    rows = [{"column": name, "known": KNOWN[spec["known"]][lang], "description": spec["description"][lang]}
            for name, spec in SCHEMAS[table]["columns"].items() if "known" in spec]
    return pd.DataFrame(rows).set_index("column")


def conversion_by_relationship(leads: pd.DataFrame, orders: pd.DataFrame,
                               columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Leads and wins split by whether the account had already ordered before the lead was created.

    Rows ``existing_customer`` and ``new_account``; columns ``leads``,
    ``share``, ``wins`` and ``conversion_rate`` (among closed leads when the
    table has ``lead_status``). The relationship is known before contact, so
    it is fair to use when deciding whom to call.
    """
    has = account_has_orders(leads, orders, columns=columns).to_numpy()
    conv_col = (columns or {}).get("converted", "converted")
    _require(leads, {"converted": conv_col}, "leads")
    from course.prospects import as_flags

    won = as_flags(leads[conv_col], conv_col).to_numpy(dtype=bool)
    status_col = (columns or {}).get("lead_status", "lead_status")
    closed = (leads[status_col].astype("str").to_numpy() != "open") if status_col in leads.columns else np.ones(len(leads), bool)
    rows = {}
    for key, mask in (("existing_customer", has), ("new_account", ~has)):
        rows[key] = {"leads": int(mask.sum()), "share": float(mask.mean()) if len(mask) else float("nan"),
                     "wins": int((won & mask).sum()),
                     "conversion_rate": float(won[mask & closed].mean()) if (mask & closed).any() else float("nan")}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "relationship"
    return table


def plot_pipeline(pipeline: pd.DataFrame, lang: str | None = None, title_key: str = "ch05.pipeline.title"):
    """Leads per business step as horizontal bars (first step on top), labelled with conversion.

    A pipeline with ``open``/``won``/``lost`` columns (:func:`pipeline_by_step`
    with ``status``) is drawn as stacked bars with a legend; the label then
    gives the conversion among closed leads.
    """
    from course.plots import PALETTE, new_figure, thousands

    fig, ax = new_figure(8.5, 4.6)
    names = content.by_id("business_steps", lang)
    labels = [names[step]["name"] for step in pipeline.index]
    y = np.arange(len(pipeline))[::-1]
    if {"open", "won", "lost"} <= set(pipeline.columns):
        left = np.zeros(len(pipeline))
        for key, colour in (("won", PALETTE[2]), ("lost", PALETTE[5]), ("open", PALETTE[0])):
            ax.barh(y, pipeline[key], left=left, color=colour, alpha=0.85, label=t(f"ch05.status.{key}", lang))
            left = left + pipeline[key].to_numpy(dtype=float)
        ax.legend(loc="lower right", fontsize=9, title=t("ch05.pipeline.legend", lang))
        key = "ch05.pipeline.won_closed"
    else:
        ax.barh(y, pipeline["leads"], color=PALETTE[0], alpha=0.85)
        key = "ch05.pipeline.won"
    ax.set_yticks(y, labels)
    top = float(pipeline["leads"].max() or 1)
    for yy, (_, row) in zip(y, pipeline.iterrows(), strict=True):
        text = f"{int(row['leads']):,}"
        if "conversion_rate" in row and not np.isnan(row["conversion_rate"]):
            text += " · " + t(key, lang, rate=row["conversion_rate"])
        ax.annotate(text, (row["leads"], yy), xytext=(4, 0), textcoords="offset points", va="center", fontsize=9)
    ax.set_xlim(0, top * 1.35)
    ax.set_xlabel(t("ch05.pipeline.xlabel", lang))
    thousands(ax.xaxis)
    ax.set_title(t(title_key, lang))
    ax.grid(axis="y", visible=False)
    return fig


# --------------------------------------------------------------------------- buying centre
ROLE_COLUMNS = ("contact_id", "account_id", "contact_name", "title", "buying_role", "has_authority",
                "personality_type", "goal_type")


def role_ids() -> list[str]:
    """The buying-centre roles of the content, in their usual order."""
    return [row["id"] for row in content.get("buying_centre_roles")]


def buying_centre(
    account_id: str,
    contacts: pd.DataFrame | None = None,
    lang: str | None = None,
    columns: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Who plays which role in an account's buying centre, and what each cares about.

    One row per contact of ``account_id`` (from ``contacts``, the bundled
    ``b2b_contacts`` by default), ordered by role (decider first): name,
    ``job_title``, ``buying_role`` (id), ``role`` (name), ``has_authority``,
    personality and goal type (names) and ``cares_about`` from the content.
    In English, ``contact_name_en``/``title_en`` are used when present.

    >>> buying_centre("A0042")["buying_role"].iloc[0]   # doctest: +SKIP
    'decider'
    """
    from course.i18n import get_language

    if contacts is None:
        from course import data

        contacts = data.load("b2b_contacts")
    names = _names(ROLE_COLUMNS, columns)
    _require(contacts, names, "contacts")
    frame = contacts[contacts[names["account_id"]].astype("str") == str(account_id)]
    if frame.empty:
        raise _error(
            f"contacts: no contact belongs to account {account_id!r}. Fix: check the id (e.g. 'A0042') or add its contacts.",
            f"contacts 中没有属于客户 {account_id!r} 的联系人。解决办法：检查编号（如 'A0042'），或先补录联系人。",
            source="contacts",
            column=names["account_id"],
        )
    language = lang or get_language()
    roles = content.by_id("buying_centre_roles", lang)
    personality = {k: v["name"] for k, v in content.by_id("personality_types", lang).items()}
    goals = {k: v["name"] for k, v in content.by_id("goal_types", lang).items()}
    english = language == "en"
    name_col = "contact_name_en" if english and "contact_name_en" in contacts.columns else names["contact_name"]
    title_col = "title_en" if english and "title_en" in contacts.columns else names["title"]
    role = frame[names["buying_role"]].astype("str")
    order = {r: i for i, r in enumerate(role_ids())}
    out = pd.DataFrame(
        {
            "contact_id": frame[names["contact_id"]].astype("str"),
            "contact_name": frame[name_col].astype("str"),
            "job_title": frame[title_col].astype("str"),
            "buying_role": role,
            "role": role.map(lambda r: roles[r]["name"] if r in roles else r),
            "has_authority": _flags(frame, names["has_authority"], "contacts"),
            "personality": frame[names["personality_type"]].map(lambda p: personality.get(p, p)),
            "goal": frame[names["goal_type"]].map(lambda g: goals.get(g, g)),
            "cares_about": role.map(lambda r: roles[r]["cares_about"] if r in roles else ""),
        }
    )
    out["_order"] = role.map(order).fillna(len(order))
    out = out.sort_values(["_order", "contact_id"], kind="stable").drop(columns="_order")
    return out.set_index("contact_id")


def buying_centre_gaps(centre: pd.DataFrame, named: bool = False, lang: str | None = None) -> list[str]:
    """The roles nobody in a :func:`buying_centre` table is known to play (content order).

    Role ids by default; with ``named=True`` the role names in the current language.

    >>> buying_centre_gaps(pd.DataFrame({"buying_role": ["decider", "user"]}))
    ['influencer', 'buyer', 'gatekeeper']
    """
    known = set(centre["buying_role"])
    gaps = [role for role in role_ids() if role not in known]
    if named:
        names = content.by_id("buying_centre_roles", lang)
        return [names[role]["name"] for role in gaps]
    return gaps


# --------------------------------------------------------------------------- desire and power
def desire_ids() -> list[str]:
    """Ids of the five desire signs (Chapter 1 content)."""
    return [row["id"] for row in content.get("desire_signs")]


def power_ids() -> list[str]:
    """Ids of the two purchasing-power signs (Chapter 1 content)."""
    return [row["id"] for row in content.get("power_signs")]


def readiness(desire: Iterable[str], power: Iterable[str], lang: str | None = None) -> dict[str, Any]:
    """Score the desire/power checklist and turn it into timing and a next step.

    ``desire`` and ``power`` are the ids of the signs you saw. The timing
    comes from :func:`course.prospects.buying_timing`; ``to_probe`` lists the
    signs not yet seen, which are what to find out next.

    >>> r = readiness(["product_interest", "deal_attention", "product_trust"], ["credit", "payment_plan"])
    >>> r["timing"], r["desire_score"], r["power_score"]
    ('now', 3, 2)
    """
    from course.prospects import buying_timing

    seen_d, seen_p = set(desire), set(power)
    unknown = sorted((seen_d - set(desire_ids())) | (seen_p - set(power_ids())))
    if unknown:
        raise ValueError(f"unknown sign id(s) {unknown} / 未知的信号 {unknown}")
    entry = buying_timing(len(seen_d), len(seen_p))
    d_names = {k: v["name"] for k, v in content.by_id("desire_signs", lang).items()}
    p_names = {k: v["name"] for k, v in content.by_id("power_signs", lang).items()}
    advice = next(row["advice"] for row in content.text("buying_timing", lang) if row["id"] == entry["id"])
    return {
        "desire_score": len(seen_d),
        "desire_max": len(d_names),
        "power_score": len(seen_p),
        "power_max": len(p_names),
        "desire_level": entry["desire_id"],
        "power_level": entry["power_id"],
        "timing": entry["id"],
        "timing_name": t(f"value.{entry['id']}", lang),
        "advice": advice,
        "to_probe": [d_names[k] for k in d_names if k not in seen_d] + [p_names[k] for k in p_names if k not in seen_p],
    }


# --------------------------------------------------------------------------- after the purchase
def gap_outcome(perceived: float, expected: float, tolerance: float = 0.0) -> str:
    """``delighted``, ``satisfied`` or ``dissatisfied``: perceived quality against expectation.

    A gap larger than ``tolerance`` either way delights or dissatisfies;
    within it, expectations are met.

    >>> gap_outcome(3, 4), gap_outcome(4, 4), gap_outcome(4.2, 4, tolerance=0.5)
    ('dissatisfied', 'satisfied', 'satisfied')
    """
    gap = float(perceived) - float(expected)
    if np.isnan(gap):
        raise ValueError("perceived and expected must be numbers / 感知质量和预期都必须是数字")
    if gap > tolerance:
        return "delighted"
    if gap < -tolerance:
        return "dissatisfied"
    return "satisfied"


def gap_table(lang: str | None = None) -> pd.DataFrame:
    """The three gap outcomes of the content: ``gap_condition`` and ``consequence`` (index: outcome id)."""
    rows = content.text("after_purchase", lang)["gap_outcomes"]
    frame = pd.DataFrame(rows).set_index("id")[["condition", "consequence"]].rename(columns={"condition": "gap_condition"})
    frame.index.name = "outcome"
    return frame


def gap_outcomes(
    survey: pd.DataFrame,
    tolerance: float = 0.0,
    columns: Mapping[str, str] | None = None,
    lang: str | None = None,
) -> pd.DataFrame:
    """Add ``gap``, ``outcome`` and its ``consequence`` to a survey with ``perceived`` and ``expected`` scores.

    Vectorised version of :func:`gap_outcome` (same rule, same tolerance).

    >>> gap_outcomes(pd.DataFrame({"perceived": [5, 3], "expected": [4, 3]}))["outcome"].tolist()
    ['delighted', 'satisfied']
    """
    names = _names(["perceived", "expected"], columns)
    _require(survey, names, "survey")
    perceived = _numbers(survey, names["perceived"], "survey")
    expected = _numbers(survey, names["expected"], "survey")
    gap = perceived - expected
    outcome = np.select([gap > tolerance, gap < -tolerance], ["delighted", "dissatisfied"], default="satisfied")
    consequence = {row["id"]: row["consequence"] for row in content.text("after_purchase", lang)["gap_outcomes"]}
    out = survey.copy()
    out["gap"] = gap
    out["outcome"] = pd.Series(outcome, index=survey.index, dtype="str")
    out["consequence"] = out["outcome"].map(consequence)
    return out


def example_survey() -> pd.DataFrame:
    """A small after-sales survey of eight Huaxin customers (scores 1–5), for the lesson.

    Hand-made: ``expected`` is the quality promised at the sale as the
    customer remembers it, ``perceived`` what they now experience.
    """
    return pd.DataFrame(
        {
            "account_id": ["A0042", "A0007", "A0113", "A0158", "A0203", "A0266", "A0318", "A0402"],
            "product": ["copier", "switch", "printer", "service_contract", "copier", "router", "printer", "copier"],
            "expected": [4, 3, 4, 5, 3, 4, 2, 4],
            "perceived": [5, 3, 3, 4, 4, 4, 3, 2],
        }
    )


def ticket_follow_up(
    tickets: pd.DataFrame,
    orders: pd.DataFrame,
    window_days: int = 365,
    as_of: str | pd.Timestamp = AS_OF,
    columns: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """For each service ticket, did the account order again within ``window_days``?

    Only tickets opened at least ``window_days`` before ``as_of`` are kept
    (later ones have not had the full window yet). Adds ``reordered`` (bool)
    and ``answer`` (``satisfied``, ``dissatisfied`` or ``not_surveyed``).
    """
    t_cols = _names(["ticket_id", "account_id", "opened_date", "kind", "satisfied"], columns)
    o_cols = _names(["account_id", "order_date"], columns)
    _require(tickets, t_cols, "tickets")
    _require(orders, o_cols, "orders")
    cutoff = pd.Timestamp(as_of) - pd.Timedelta(days=window_days)
    opened = pd.to_datetime(tickets[t_cols["opened_date"]], errors="coerce")
    kept = tickets.loc[opened <= cutoff]
    left = pd.DataFrame(
        {"ticket_id": kept[t_cols["ticket_id"]].astype("str").to_numpy(),
         "account_id": kept[t_cols["account_id"]].astype("str").to_numpy(),
         "opened": opened[kept.index].to_numpy()}
    )
    right = pd.DataFrame(
        {"account_id": orders[o_cols["account_id"]].astype("str").to_numpy(),
         "order_date": pd.to_datetime(orders[o_cols["order_date"]], errors="coerce").to_numpy()}
    )
    pairs = left.merge(right, on="account_id", how="inner")
    within = (pairs["order_date"] > pairs["opened"]) & (pairs["order_date"] <= pairs["opened"] + pd.Timedelta(days=window_days))
    hit = set(pairs.loc[within, "ticket_id"])
    satisfied = kept[t_cols["satisfied"]].astype("boolean")
    out = pd.DataFrame(
        {
            "ticket_id": left["ticket_id"].to_numpy(),
            "account_id": left["account_id"].to_numpy(),
            "kind": kept[t_cols["kind"]].astype("str").to_numpy(),
            "answer": np.select(
                [satisfied.isna().to_numpy(), satisfied.fillna(False).to_numpy(dtype=bool)],
                ["not_surveyed", "satisfied"],
                default="dissatisfied",
            ),
            "reordered": left["ticket_id"].isin(hit).to_numpy(),
        }
    )
    return out


def repeat_after_tickets(follow_up: pd.DataFrame) -> pd.DataFrame:
    """Re-order rate by ticket kind and the customer's answer, from :func:`ticket_follow_up`.

    Rows: ticket kinds (complaints first); columns: ``tickets_checked`` and
    ``reorder_rate`` for each answer, plus the overall rate of the kind.
    """
    kinds = ["complaint"] + sorted(set(follow_up["kind"]) - {"complaint"})
    answers = ["satisfied", "dissatisfied", "not_surveyed"]
    grouped = follow_up.groupby(["kind", "answer"])["reordered"]
    rate = grouped.mean().unstack("answer").reindex(index=kinds, columns=answers)
    count = grouped.size().unstack("answer").reindex(index=kinds, columns=answers).fillna(0).astype(int)
    table = pd.DataFrame(index=pd.Index(kinds, name="ticket_kind"))
    table["tickets_checked"] = follow_up.groupby("kind").size().reindex(kinds).astype(int)
    table["reorder_rate"] = follow_up.groupby("kind")["reordered"].mean().reindex(kinds)
    for answer in answers:
        table[f"rate_{answer}"] = rate[answer]
        table[f"n_{answer}"] = count[answer]
    return table


def plot_repeat_after_tickets(table: pd.DataFrame, lang: str | None = None):
    """Re-order rate after each kind of ticket, split by whether the customer ended satisfied."""
    from course.plots import PALETTE, new_figure

    fig, ax = new_figure(8.5, 4.4)
    answers = [("satisfied", PALETTE[2]), ("dissatisfied", PALETTE[3])]
    x = np.arange(len(table))
    width = 0.38
    for offset, (answer, colour) in zip((-width / 2, width / 2), answers, strict=True):
        values = table[f"rate_{answer}"].to_numpy(dtype=float) * 100
        bars = ax.bar(x + offset, values, width, color=colour, alpha=0.85, label=t(f"value.{answer}", lang))
        for bar, n in zip(bars, table[f"n_{answer}"], strict=True):
            ax.annotate(f"n={n}", (bar.get_x() + bar.get_width() / 2, bar.get_height()), xytext=(0, 2),
                        textcoords="offset points", ha="center", fontsize=8)
    ax.set_xticks(x, [t(f"value.{kind}", lang) for kind in table.index])
    ax.set_ylim(0, 122)
    ax.set_yticks(range(0, 101, 20))
    ax.set_ylabel(t("ch05.repeat.ylabel", lang))
    ax.set_title(t("ch05.repeat.title", lang))
    ax.legend(loc="upper center", ncols=2, fontsize=9, title=t("ch05.repeat.legend", lang))
    ax.grid(axis="x", visible=False)
    return fig


def complaints_by_account(tickets: pd.DataFrame, orders: pd.DataFrame, since: str = "2020-01-01") -> pd.DataFrame:
    """Accounts grouped by how many complaints they made: how much they order and how many are lost.

    Rows ``0``, ``1``, ``2``, ``3+`` complaints (accounts with at least one
    ticket); columns ``accounts``, ``tickets_per_account``,
    ``orders_per_account`` (orders since ``since``, the start of the ticket
    records).
    """
    _require(tickets, {k: k for k in ("account_id", "kind")}, "tickets")
    _require(orders, {k: k for k in ("account_id", "order_date")}, "orders")
    per = tickets.groupby("account_id").agg(
        tickets=("kind", "size"), complaints=("kind", lambda k: int((k == "complaint").sum()))
    )
    recent = orders[pd.to_datetime(orders["order_date"]) >= pd.Timestamp(since)]
    per["orders"] = recent.groupby("account_id").size().reindex(per.index, fill_value=0)
    band = np.select([per["complaints"] >= 3, per["complaints"] == 2, per["complaints"] == 1], ["3+", "2", "1"], "0")
    grouped = per.groupby(band)
    table = pd.DataFrame(
        {
            "accounts": grouped.size(),
            "tickets_per_account": grouped["tickets"].mean(),
            "orders_per_account": grouped["orders"].mean(),
        }
    ).reindex(["0", "1", "2", "3+"])
    table.index.name = "complaint_count"
    return table


__all__ = [
    "AS_OF", "GAP_OUTCOMES", "LEAD_STATUSES", "MODES", "account_has_orders", "buying_centre", "buying_centre_gaps",
    "complaints_by_account", "conversion_by_relationship", "when_known", "desire_ids", "example_survey", "gap_outcome", "gap_outcomes", "gap_table", "lead_rules",
    "lead_steps", "likely_step", "pipeline_by_step", "plot_pipeline", "plot_repeat_after_tickets", "power_ids",
    "readiness", "repeat_after_tickets", "role_ids", "rule_order", "signal_catalogue", "step_details", "step_ids",
    "ticket_follow_up",
]
