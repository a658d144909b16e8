"""Chapter 6 — the nine conversion levers as a diagnostic for stalled prospects (潜在客户转化).

For a lead that has not converted, which of the course's nine levers its data
points to (objections it raised, missing MAN letters, behaviour signals),
ranked, each with its reason. Facts come from ``course/content/strategy.yaml``.
Re-exported from :mod:`course.strategy`.

>>> from course import levers
>>> lead = {"lead_id": "L1", "objection": "price", "money": False, "authority": True, "need": True}
>>> levers.diagnose(lead).index[0]
'lower_total_cost'
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from course import content
from course.data import DataError, mapped_columns
from course.i18n import messages, t


def _error(en: str, zh: str, source: str = "<DataFrame>", column: str | None = None) -> Exception:
    return DataError(en, zh, source=source, column=column)


def _mapped(frame: pd.DataFrame, needed: list[str], columns: Mapping[str, str] | None, table: str) -> pd.DataFrame:
    return mapped_columns(frame, needed, columns, table)


#: defaults of the lead diagnostic (documented in the notebook)
DEFAULT_LOW_ENGAGEMENT = 35   # engagement score below the lower quartile of all leads
DEFAULT_FAR_KM = 200          # beyond a same-day round trip from the Hangzhou office

#: condition id -> (trigger kind in the content, weight). Objections the prospect
#: voiced weigh most, missing MAN letters next, behaviour signals least.
CONDITIONS: dict[str, tuple[str, int]] = {
    "objection_price": ("objection_price", 3),
    "objection_delivery": ("objection_delivery", 3),
    "objection_decision_maker": ("objection_decision_maker", 3),
    "objection_performance": ("objection_performance", 3),
    "objection_payment_terms": ("objection_payment_terms", 3),
    "objection_returns": ("objection_returns", 3),
    "no_authority": ("objection_decision_maker", 2),
    "no_need": ("no_need", 2),
    "no_money": ("no_money", 2),
    "low_engagement": ("low_engagement", 1),
    "no_proposal": ("no_proposal", 1),
    "far_distance": ("far_distance", 1),
    "late_stage": ("after_sale", 1),
}


def signal_table(low_engagement: float = DEFAULT_LOW_ENGAGEMENT, far_km: float = DEFAULT_FAR_KM,
                 lang: str | None = None) -> pd.DataFrame:
    """The diagnostic's rules: each signal in the data, its weight and the levers it points to."""
    levers = content.text("conversion_levers", lang)
    rows = {}
    for condition, (kind, weight) in CONDITIONS.items():
        names = [f"{n}. {lv['name']}" for n, lv in enumerate(levers, 1) if any(tr["kind"] == kind for tr in lv["triggers"])]
        rows[condition] = {"signal": t(f"ch06.signal.{condition}", lang, limit=low_engagement, far=far_km),
                           "signal_weight": weight, "points_to": t("table.clause_sep", lang).join(names)}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("signal_id")


def by_signal_name(table: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """A table indexed by signal id, re-indexed by the signal's wording in the current language (for display)."""
    names = signal_table(lang=lang)["signal"]
    out = table.copy()
    out.index = pd.Index([names.get(i, i) for i in out.index], name="signal")
    return out.drop(columns="signal", errors="ignore")


#: the lead columns the diagnostic reads, in the order a profile shows them
LEAD_FIELDS = ("money", "authority", "need", "engagement", "asked_quote", "proposal_sent", "objection", "distance_km", "stage")


def lead_profile(leads: pd.DataFrame, lead_id: str, lang: str | None = None) -> pd.DataFrame:
    """What the diagnostic reads about one lead, with field names in ``lang``."""
    match = leads.loc[leads["lead_id"] == lead_id]
    if match.empty:
        raise KeyError(f"unknown lead {lead_id!r} / 找不到线索 {lead_id!r}")
    row = match.iloc[0]
    fields = [f for f in LEAD_FIELDS if f in leads.columns]

    stages = {row["id"]: row["name"] for row in content.text("funnel_stages", lang)}

    def shown(value):  # yes/no, the objection and the stage in words, so neither edition shows raw codes
        if isinstance(value, str) and value in stages:
            return stages[value]
        if isinstance(value, bool | np.bool_):
            return t("value.yes" if value else "value.no", lang)
        if isinstance(value, str) and f"ch06.reason.objection_{value}" in messages():
            return t(f"ch06.reason.objection_{value}", lang)
        return value

    return pd.DataFrame({t("ch06.profile.value", lang): [shown(row[f]) for f in fields]},
                        index=pd.Index([t(f"ch06.field.{f}", lang) for f in fields], name=lead_id))


def lever_ids() -> list[str]:
    """The nine levers in the course's order."""
    return [lever["id"] for lever in content.get("conversion_levers")]


def lever_conditions(
    leads: pd.DataFrame,
    low_engagement: float = DEFAULT_LOW_ENGAGEMENT,
    far_km: float = DEFAULT_FAR_KM,
    columns: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Which conditions hold for each lead (one boolean column per :data:`CONDITIONS` id).

    A condition whose column is absent is False for every lead, and is listed in
    ``result.attrs["skipped"]``; a table with none of the columns is an error.
    """
    from course.prospects import as_flags

    cols = {k: (columns or {}).get(k, k) for k in
            ("objection", "money", "authority", "need", "engagement", "asked_quote", "proposal_sent", "distance_km", "stage")}
    have = {k for k, v in cols.items() if v in leads.columns}
    if not have:
        raise _error(
            f"leads: none of the columns the diagnostic reads ({', '.join(cols.values())}) is there; "
            f"found {list(leads.columns)}. Fix: rename yours or pass columns={{'objection': 'your_column', …}}.",
            f"leads 中没有诊断需要的任何一列（{', '.join(cols.values())}），现有列：{list(leads.columns)}。"
            f"请改列名，或用 columns 参数指定对应列。",
            source="leads",
        )
    n = len(leads)
    false = np.zeros(n, dtype=bool)

    def flag(key: str) -> np.ndarray:
        return as_flags(leads[cols[key]], cols[key]).to_numpy() if key in have else false

    out: dict[str, np.ndarray] = {}
    objection = leads[cols["objection"]].astype("str").str.strip().str.lower().to_numpy() if "objection" in have else None
    for kind in ("price", "delivery", "decision_maker", "performance", "payment_terms", "returns"):
        out[f"objection_{kind}"] = objection == kind if objection is not None else false
    out["no_authority"] = ~flag("authority") if "authority" in have else false
    out["no_need"] = ~flag("need") if "need" in have else false
    out["no_money"] = ~flag("money") if "money" in have else false
    for key, limit, name in (("engagement", low_engagement, "low_engagement"), ("distance_km", far_km, "far_distance")):
        if key in have:
            values = pd.to_numeric(leads[cols[key]], errors="coerce").to_numpy(dtype=float)
            out[name] = (values < limit) if name == "low_engagement" else (values > limit)
        else:
            out[name] = false
    if "proposal_sent" in have:
        asked = flag("asked_quote") if "asked_quote" in have else np.ones(n, dtype=bool)
        out["no_proposal"] = asked & ~flag("proposal_sent")
    else:
        out["no_proposal"] = false
    out["late_stage"] = (leads[cols["stage"]].astype("str").to_numpy() == "plan") if "stage" in have else false
    frame = pd.DataFrame(out, index=leads.index)[list(CONDITIONS)]
    frame.attrs["skipped"] = sorted(set(cols) - have)
    return frame


def _condition_lever_matrix() -> np.ndarray:
    """conditions × levers: the condition's weight where its trigger belongs to the lever."""
    levers = content.get("conversion_levers")
    matrix = np.zeros((len(CONDITIONS), len(levers)))
    for i, (kind, weight) in enumerate(CONDITIONS.values()):
        for j, lever in enumerate(levers):
            if any(tr["kind"] == kind for tr in lever["triggers"]):
                matrix[i, j] = weight
    return matrix


def lever_scores(leads: pd.DataFrame, **options) -> pd.DataFrame:
    """Score of each lever for each lead: the summed weights of its triggers that fire.

    0 means the lever does not apply. Vectorised (one matrix product), so it
    runs on the whole lead list at once. ``options`` go to :func:`lever_conditions`.
    """
    cond = lever_conditions(leads, **options)
    scores = cond.to_numpy(dtype=float) @ _condition_lever_matrix()
    index = leads["lead_id"] if "lead_id" in leads.columns else leads.index
    return pd.DataFrame(scores.astype(int), index=pd.Index(index, name="lead_id"), columns=lever_ids())


def top_lever(leads: pd.DataFrame, **options) -> pd.Series:
    """The best lever for each lead (ties: the course's order), or ``none``."""
    scores = lever_scores(leads, **options)
    best = np.array(scores.columns)[scores.to_numpy().argmax(axis=1)] if len(scores) else np.array([], dtype=str)
    best = np.where(scores.to_numpy().max(axis=1, initial=0) > 0, best, "none")
    return pd.Series(best, index=scores.index, name="top_lever", dtype="str")


def stalled_leads(leads: pd.DataFrame, columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Leads that have not converted (``converted`` is False)."""
    from course.prospects import as_flags

    frame = _mapped(leads, ["converted"], columns, "leads")
    return leads.loc[~as_flags(frame["converted"], "converted").to_numpy()]


def _reason(condition: str, row: Mapping, low_engagement: float, far_km: float, lang: str | None) -> str:
    return t(f"ch06.reason.{condition}", lang, engagement=row.get("engagement", "?"), limit=low_engagement,
             distance=float(row.get("distance_km", float("nan"))), far=far_km)


def diagnose(
    lead: Mapping | pd.Series | pd.DataFrame,
    lead_id: str | None = None,
    low_engagement: float = DEFAULT_LOW_ENGAGEMENT,
    far_km: float = DEFAULT_FAR_KM,
    columns: Mapping[str, str] | None = None,
    lang: str | None = None,
) -> pd.DataFrame:
    """The levers that apply to one stalled lead, best first, each with its reasons.

    ``lead`` is one lead (a dict or a row), or a leads table with ``lead_id``.
    Returns a table indexed by lever id with ``lever`` (name), ``score``,
    ``reasons`` and ``first_move`` (the lever's first action) in ``lang``;
    empty when nothing in the data points to a lever.

    >>> diagnose({"objection": "delivery", "distance_km": 320.0}, lang="en").index.tolist()[:2]
    ['make_buying_easy', 'complete_and_serve']
    """
    if isinstance(lead, pd.DataFrame):
        if lead_id is None:
            raise ValueError("pass lead_id= to pick one lead from the table / 请用 lead_id= 指定一条线索")
        match = lead.loc[lead["lead_id"] == lead_id]
        if match.empty:
            raise KeyError(f"unknown lead {lead_id!r} / 找不到线索 {lead_id!r}")
        row = match.iloc[0]
    else:
        row = pd.Series(dict(lead))
    frame = pd.DataFrame([row.to_dict()])
    if columns:
        frame = frame.rename(columns={v: k for k, v in columns.items()})
    cond = lever_conditions(frame, low_engagement, far_km).iloc[0]
    fired = [c for c in CONDITIONS if bool(cond[c])]
    levers = content.text("conversion_levers", lang)
    rows = []
    for position, lever in enumerate(levers):
        kinds = {tr["kind"] for tr in lever["triggers"]}
        hits = [c for c in fired if CONDITIONS[c][0] in kinds]
        if hits:
            rows.append({
                "lever_id": lever["id"],
                "lever_name": f"{position + 1}. {lever['name']}",
                "lever_score": sum(CONDITIONS[c][1] for c in hits),
                # items that hold commas themselves: "; " in English, "；" in Chinese
                "lever_reasons": t("table.clause_sep", lang).join(
                    _reason(c, frame.iloc[0], low_engagement, far_km, lang) for c in hits),
                "first_move": lever["actions"][0],
                "_order": position,
            })
    table = pd.DataFrame(rows, columns=["lever_id", "lever_name", "lever_score", "lever_reasons", "first_move", "_order"])
    table = table.sort_values(["lever_score", "_order"], ascending=[False, True], kind="stable")
    return table.drop(columns="_order").set_index("lever_id")


def lever_counts(leads: pd.DataFrame, lang: str | None = None, **options) -> pd.DataFrame:
    """Over many leads: how many each lever applies to, and for how many it ranks first.

    Index: lever id (course order); columns ``lever`` (name), ``applies``,
    ``share`` (of the leads) and ``top`` (leads for which it is the best lever).
    """
    scores = lever_scores(leads, **options)
    best = top_lever(leads, **options)
    names = {lever["id"]: f"{n}. {lever['name']}" for n, lever in enumerate(content.text("conversion_levers", lang), 1)}
    table = pd.DataFrame({
        "lever_name": [names[i] for i in scores.columns],
        "applies_to": (scores > 0).sum().to_numpy(),
        "share": (scores > 0).mean().to_numpy() if len(scores) else 0.0,
        "ranks_first": best.value_counts().reindex(scores.columns, fill_value=0).to_numpy(),
    }, index=pd.Index(scores.columns, name="lever_id"))
    table.attrs["leads"] = len(scores)
    return table


def plot_lever_counts(counts: pd.DataFrame, lang: str | None = None):
    """Stalled leads per lever: where it applies (light) and where it ranks first (dark)."""
    from course.plots import PALETTE, new_figure, thousands

    fig, ax = new_figure(9.5, 5)
    y = np.arange(len(counts))[::-1]
    ax.barh(y, counts["applies_to"], color=PALETTE[0], alpha=0.3, label=t("ch06.levers.applies", lang))
    ax.barh(y, counts["ranks_first"], color=PALETTE[0], alpha=0.95, label=t("ch06.levers.top", lang))
    for yy, n in zip(y, counts["applies_to"], strict=True):
        ax.text(n, yy, f" {n:,}", va="center", fontsize=9)
    ax.set_yticks(y)
    ax.set_yticklabels(counts["lever_name"])
    ax.set_xlabel(t("ch06.levers.xlabel", lang))
    thousands(ax.xaxis)
    ax.set_xlim(0, max(1, counts["applies_to"].max()) * 1.12)
    ax.set_title(t("ch06.levers.title", lang, n=f"{int(counts.attrs.get('leads', counts['applies_to'].max())):,}"))
    ax.legend(loc="lower right")
    return fig


def condition_conversion(leads: pd.DataFrame, **options) -> pd.DataFrame:
    """For every condition: how many leads show it, and conversion with vs without it.

    A check that the signals the diagnostic reads really go with stalled deals.
    """
    from course.prospects import as_flags

    cond = lever_conditions(leads, **options)
    won = as_flags(leads["converted"], "converted").to_numpy()
    rows = {}
    for c in cond.columns:
        mask = cond[c].to_numpy()
        rows[c] = {
            "leads": int(mask.sum()),
            "rate_with": float(won[mask].mean()) if mask.any() else float("nan"),
            "rate_without": float(won[~mask].mean()) if (~mask).any() else float("nan"),
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("signal_id")


