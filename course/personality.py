"""Chapter 3 — prospect types (潜在客户的类型): approach cards, the style grid, types on the data.

The eight personality types and five goal types live in ``content/types.yaml``;
this module turns them into cards a seller can use before a call, places the
personality types on the assertiveness × responsiveness grid, and measures on
the B2B data how leads fare by the type of the contact we talk to.

>>> from course import personality
>>> card = personality.type_card("suspicious", lang="en")
>>> card.name, card.kind
('Suspicious', 'personality')
>>> personality.quadrant(0.7, -0.6)
'firm'
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from course import content
from course.i18n import get_language, pick, t

#: personality type ids, in the order the course teaches them
PERSONALITY_TYPES = ("rational", "introverted", "easygoing", "vain", "nervous", "stubborn", "suspicious", "combative")
#: goal type ids, in the order the course teaches them
GOAL_TYPES = ("task", "benefit", "owner", "quality", "economy")
#: style-grid quadrants: (assertive?, responsive?) -> quadrant id
QUADRANTS = {(True, True): "forceful", (True, False): "firm", (False, True): "warm", (False, False): "guarded"}
#: the column of ``b2b_contacts`` that holds each kind of type
TYPE_COLUMNS = {"personality": "personality_type", "goal": "goal_type"}


def _error(en: str, zh: str, *, source: str | None = None, column: str | None = None) -> Exception:
    from course.data import DataError

    return DataError(en, zh, source=source, column=column)


# --------------------------------------------------------------------------- types and cards
def type_kind(type_id: str) -> str:
    """``"personality"`` or ``"goal"`` for a type id; ``ValueError`` (bilingual) otherwise.

    >>> type_kind("economy")
    'goal'
    """
    if type_id in PERSONALITY_TYPES:
        return "personality"
    if type_id in GOAL_TYPES:
        return "goal"
    known = ", ".join(PERSONALITY_TYPES + GOAL_TYPES)
    raise ValueError(f"Unknown type {type_id!r}. Use one of: {known}.\n未知的类型 {type_id!r}，可用的代码：{known}。")


def resolve_type(value: str) -> str:
    """A type id from an id or a name in either language (``"怀疑型"`` → ``"suspicious"``).

    >>> resolve_type("Easygoing"), resolve_type("经济型")
    ('easygoing', 'economy')
    """
    from course.exercises.core import normalise_text

    key = normalise_text(value)
    for section in ("personality_types", "goal_types"):
        for entry in content.get(section):
            names = {normalise_text(entry["id"])} | {normalise_text(n) for n in entry["name"].values()}
            if key in names:
                return entry["id"]
    type_kind(str(value))  # raises the bilingual "unknown type" error
    raise AssertionError("unreachable")  # pragma: no cover


def type_name(type_id: str, lang: str | None = None) -> str:
    """The name of a type in the current language.

    >>> type_name("owner", lang="zh")
    '主人翁型'
    """
    section = "personality_types" if type_kind(type_id) == "personality" else "goal_types"
    return content.by_id(section, lang)[type_id]["name"]


def type_names(kind: str = "personality", lang: str | None = None) -> dict[str, str]:
    """``{type id: name}`` for ``kind`` (``"personality"`` or ``"goal"``), in teaching order."""
    ids = PERSONALITY_TYPES if kind == "personality" else GOAL_TYPES
    return {type_id: type_name(type_id, lang) for type_id in ids}


@dataclass(frozen=True, repr=False)
class TypeCard:
    """What to look for, what to do and what to avoid with one type, in one language.

    Shown in a notebook as a small card; :meth:`as_dict` gives the plain fields.
    """

    id: str
    kind: str
    name: str
    signs: list[str]
    approach: list[str]
    avoid: list[str]
    example_line: str
    lang: str = "en"

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "kind": self.kind, "name": self.name, "signs": self.signs,
                "approach": self.approach, "avoid": self.avoid, "example_line": self.example_line}

    def _sections(self) -> list[tuple[str, list[str]]]:
        return [(t("ch03.card.signs", self.lang), self.signs), (t("ch03.card.approach", self.lang), self.approach),
                (t("ch03.card.avoid", self.lang), self.avoid)]

    def __str__(self) -> str:
        # the id is what English code calls it by; the Chinese edition calls a type by its name (resolve_type reads both)
        lines = [f"{self.name} ({self.id})" if self.lang == "en" else self.name, f"  “{self.example_line}”"]
        for title, items in self._sections():
            lines.append(f"{title}:")
            lines += [f"  - {item}" for item in items]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        blocks = "".join(
            f"<p style='margin:6px 0 2px'><b>{html.escape(title)}</b></p><ul style='margin:0'>"
            + "".join(f"<li>{html.escape(item)}</li>" for item in items)
            + "</ul>"
            for title, items in self._sections()
        )
        code = f" <code>{self.id}</code>" if self.lang == "en" else ""
        return (
            "<div style='border:1px solid #ccd;border-radius:6px;padding:8px 12px;max-width:760px'>"
            f"<b style='font-size:1.1em'>{html.escape(self.name)}</b>{code}"
            f"<br><i>“{html.escape(self.example_line)}”</i>{blocks}</div>"
        )


def type_card(type_id: str, lang: str | None = None) -> TypeCard:
    """The approach card of a personality or goal type: signs, approach, avoid.

    ``type_id`` may also be a name in either language.

    >>> card = type_card("怀疑型", lang="en")
    >>> card.id, len(card.approach) >= 2
    ('suspicious', True)
    """
    type_id = resolve_type(type_id)
    kind = type_kind(type_id)
    lang = lang or get_language()
    entry = content.by_id(f"{kind}_types", lang)[type_id]
    return TypeCard(id=type_id, kind=kind, name=entry["name"], signs=list(entry["signs"]),
                    approach=list(entry["approach"]), avoid=list(entry["avoid"]),
                    example_line=entry["example_line"], lang=lang)


# --------------------------------------------------------------------------- the style grid
def quadrant(assertiveness: float, responsiveness: float) -> str:
    """The style-grid quadrant of a position: ``forceful``, ``firm``, ``warm`` or ``guarded``.

    0 counts as the high side on both axes.

    >>> quadrant(0.9, 0.4), quadrant(-0.5, 0.7), quadrant(-0.8, -0.4)
    ('forceful', 'warm', 'guarded')
    """
    return QUADRANTS[(assertiveness >= 0, responsiveness >= 0)]


def style_grid(lang: str | None = None) -> pd.DataFrame:
    """The eight personality types with their grid position and quadrant, indexed by id.

    >>> grid = style_grid(lang="en")
    >>> float(grid.loc["vain", "assertiveness"]), grid.loc["vain", "quadrant"]
    (0.6, 'forceful')
    """
    rows = content.by_id("personality_types", lang)
    frame = pd.DataFrame(
        {
            "name": [rows[i]["name"] for i in PERSONALITY_TYPES],
            "assertiveness": [float(rows[i]["assertiveness"]) for i in PERSONALITY_TYPES],
            "responsiveness": [float(rows[i]["responsiveness"]) for i in PERSONALITY_TYPES],
        },
        index=pd.Index(PERSONALITY_TYPES, name="personality_type"),
    )
    frame["quadrant"] = [quadrant(a, r) for a, r in zip(frame["assertiveness"], frame["responsiveness"], strict=True)]
    frame["quadrant_name"] = [t(f"ch03.quadrant.{q}", lang) for q in frame["quadrant"]]
    return frame


def style_grid_note(lang: str | None = None):
    """The grid's explanation and its caveat, as Markdown in the current language."""
    from course.exercises.core import Markdown

    grid = content.text("style_grid", lang)
    return Markdown(f"{grid['explanation']}\n\n**{t('ch03.grid.caveat_label', lang)}** {grid['caveat']}")


def plot_style_grid(highlight: str | None = None, lang: str | None = None):
    """The assertiveness × responsiveness grid with the eight types placed on it.

    Quadrant names sit in the corners and the caveat (a heuristic, not a
    measurement) is printed under the plot. ``highlight`` rings one type.
    Returns a matplotlib ``Figure``.
    """
    from course.plots import PALETTE, label_points, new_figure

    grid = style_grid(lang)
    fig, ax = new_figure(7.3, 7.2)
    colours = {"forceful": PALETTE[3], "firm": PALETTE[0], "warm": PALETTE[2], "guarded": PALETTE[4]}
    corners = {"forceful": (0.97, 0.97, "right", "top"), "firm": (0.97, -0.97, "right", "bottom"),
               "warm": (-0.97, 0.97, "left", "top"), "guarded": (-0.97, -0.97, "left", "bottom")}
    for quad, (x, y, ha, va) in corners.items():
        ax.text(x, y, t(f"ch03.quadrant.{quad}", lang), ha=ha, va=va, fontsize=12, color=colours[quad], alpha=0.9)
    ax.axhline(0, color="#555", lw=1)
    ax.axvline(0, color="#555", lw=1)
    for type_id, row in grid.iterrows():
        a, r = row["assertiveness"], row["responsiveness"]
        ax.scatter([a], [r], s=110, color=colours[row["quadrant"]], zorder=3, edgecolor="white", linewidth=1)
        if type_id == highlight:
            ax.scatter([a], [r], s=420, facecolor="none", edgecolor="#e07b1a", linewidth=2.2, zorder=4)
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel(t("ch03.grid.x", lang))
    ax.set_ylabel(t("ch03.grid.y", lang))
    ax.set_title(t("ch03.grid.title", lang))
    ax.set_aspect("equal")
    fig.text(0.5, 0.005, t("ch03.grid.caveat", lang), ha="center", va="bottom", fontsize=10, color="#7a2a2a",
             wrap=True, bbox={"boxstyle": "round,pad=0.4", "facecolor": "#fff4e5", "edgecolor": "#e0b080"})
    fig.get_layout_engine().set(rect=(0, 0.07, 1, 0.93))
    # names beside their dots where they cover no other name, dot or quadrant caption
    label_points(ax, grid["assertiveness"], grid["responsiveness"], grid["name"], offset=8, marker_size=14,
                 fontsize=11.5)
    return fig


# --------------------------------------------------------------------------- types on the data
def _require(frame: pd.DataFrame, needed: list[str], table: str) -> None:
    """Raise a DataError naming the table, the missing columns and the fix."""
    from course.data import mapped_columns

    mapped_columns(frame, list(needed), None, table)


def _mapped(frame: pd.DataFrame, columns: Mapping[str, str] | None, keys: list[str]) -> pd.DataFrame:
    """Rename a user's columns to the kit's names (``columns`` maps kit name -> theirs)."""
    if not columns:
        return frame
    rename = {theirs: kit for kit, theirs in columns.items() if kit in keys and theirs in frame.columns and theirs != kit}
    return frame.rename(columns=rename)


def leads_with_types(contacts: pd.DataFrame, leads: pd.DataFrame, columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The leads with the personality and goal type of the contact each lead is worked through.

    Joins ``leads.contact_id`` to ``contacts.contact_id``. Leads whose contact
    is unknown or untyped get the type ``"unknown"``, so nothing silently
    drops out. ``columns`` maps the kit's names (``contact_id``,
    ``personality_type``, ``goal_type``, ``converted``) to yours.

    >>> contacts = pd.DataFrame({"contact_id": ["C1"], "personality_type": ["vain"], "goal_type": ["task"]})
    >>> leads = pd.DataFrame({"lead_id": ["L1", "L2"], "contact_id": ["C1", "C9"], "converted": [True, False]})
    >>> leads_with_types(contacts, leads)["personality_type"].tolist()
    ['vain', 'unknown']
    """
    keys = ["contact_id", "personality_type", "goal_type", "converted"]
    contacts = _mapped(contacts, columns, keys)
    leads = _mapped(leads, columns, keys)
    _require(contacts, ["contact_id", "personality_type", "goal_type"], "b2b_contacts")
    _require(leads, ["contact_id"], "b2b_leads")
    if contacts["contact_id"].duplicated().any():
        dup = contacts.loc[contacts["contact_id"].duplicated(), "contact_id"].iloc[0]
        raise _error(f"b2b_contacts: contact_id {dup!r} appears more than once. Fix: keep one row per contact.",
                     f"b2b_contacts 中联系人编号 {dup!r} 出现了不止一次，请每个联系人只保留一行。",
                     source="b2b_contacts", column="contact_id")
    types = contacts.set_index("contact_id")[["personality_type", "goal_type"]]
    out = leads.drop(columns=[c for c in ("personality_type", "goal_type") if c in leads.columns])
    out = out.join(types, on="contact_id")
    for column in ("personality_type", "goal_type"):
        out[column] = out[column].astype("str").where(out[column].notna(), "unknown")
    return out


def _wilson(won: np.ndarray, n: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for each group's win rate (NaN where a group has no leads)."""
    from scipy.stats import norm

    z = norm.ppf(0.5 + level / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = won / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def _contact_bootstrap(n: np.ndarray, won: np.ndarray, level: float, n_boot: int,
                       rng: np.random.Generator) -> tuple[float, float]:
    """Percentile interval of sum(won) / sum(n) when whole contacts (not single leads) are resampled."""
    if len(n) == 0:
        return float("nan"), float("nan")
    pick = rng.integers(0, len(n), size=(n_boot, len(n)))
    with np.errstate(invalid="ignore", divide="ignore"):
        rates = won[pick].sum(axis=1) / n[pick].sum(axis=1)
    lo, hi = np.nanquantile(rates, [(1 - level) / 2, 1 - (1 - level) / 2])
    return float(lo), float(hi)


def win_rate_by_type(contacts: pd.DataFrame, leads: pd.DataFrame, by: str = "personality",
                     columns: Mapping[str, str] | None = None, level: float = 0.95, interval: str = "contacts",
                     n_boot: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Leads, wins and win rate (with a confidence interval) by the contact's type.

    ``by`` is ``"personality"`` or ``"goal"``. One row per type in teaching
    order (plus ``unknown`` when some leads have no typed contact), with
    ``leads``, ``contacts``, ``won_leads``, ``share`` (of all leads),
    ``conversion_rate`` and the interval ``ci_low``/``ci_high`` at ``level``.

    ``interval="contacts"`` (the default) resamples *contacts* with all their
    leads (a cluster bootstrap, ``n_boot`` draws, seeded): leads of the same
    person rise and fall together, so they are not independent evidence, and
    the interval is as wide as that makes it — the same grouping the
    permutation test of :func:`type_effect_test` keeps. ``interval="wilson"``
    gives the textbook interval that treats every lead as independent
    (too narrow here; shown for comparison).

    >>> contacts = pd.DataFrame({"contact_id": ["C1", "C2"], "personality_type": ["vain", "rational"],
    ...                          "goal_type": ["task", "task"]})
    >>> leads = pd.DataFrame({"contact_id": ["C1", "C1", "C2"], "converted": [True, False, True]})
    >>> row = win_rate_by_type(contacts, leads).loc["vain"]
    >>> int(row["leads"]), int(row["contacts"]), int(row["won_leads"]), float(row["conversion_rate"])
    (2, 1, 1, 0.5)
    """
    if by not in TYPE_COLUMNS:
        raise ValueError(f"by must be 'personality' or 'goal', not {by!r} / by 只能是 'personality' 或 'goal'")
    if interval not in ("contacts", "wilson"):
        raise ValueError(f"interval must be 'contacts' or 'wilson', not {interval!r} / interval 只能是 'contacts' 或 'wilson'")
    from course.prospects import as_flags

    typed = leads_with_types(contacts, leads, columns)
    _require(typed, ["converted"], "b2b_leads")
    column = TYPE_COLUMNS[by]
    won = as_flags(typed["converted"], "converted")
    grouped = won.groupby(typed[column])
    order = list(PERSONALITY_TYPES if by == "personality" else GOAL_TYPES)
    extra = sorted(set(typed[column]) - set(order))
    table = pd.DataFrame({"leads": grouped.size(), "contacts": typed.groupby(column)["contact_id"].nunique(),
                          "won_leads": grouped.sum()}).reindex(order + extra, fill_value=0)
    table = table.astype({"leads": "int64", "contacts": "int64", "won_leads": "int64"})
    table.index.name = column
    n = table["leads"].to_numpy(dtype=float)
    k = table["won_leads"].to_numpy(dtype=float)
    table["share"] = n / max(len(typed), 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        table["conversion_rate"] = k / n
    if interval == "wilson":
        table["ci_low"], table["ci_high"] = _wilson(k, n, level)
        return table
    per_contact = pd.DataFrame({"type": typed[column].to_numpy(), "contact": typed["contact_id"].to_numpy(),
                                "won": won.to_numpy(dtype=float)}).groupby(["type", "contact"])["won"].agg(["size", "sum"])
    rng = np.random.default_rng(seed)
    bounds = []
    for type_id in table.index:
        part = per_contact.loc[type_id] if type_id in per_contact.index.get_level_values(0) else per_contact.iloc[:0]
        bounds.append(_contact_bootstrap(part["size"].to_numpy(float), part["sum"].to_numpy(float), level, n_boot, rng))
    table["ci_low"] = [b[0] for b in bounds]
    table["ci_high"] = [b[1] for b in bounds]
    return table


class TypeEffect(dict):
    """The result of :func:`type_effect_test`: a dict that reads as a sentence in a notebook."""

    def describe(self, lang: str | None = None) -> str:
        verdict = t("ch03.effect.chance" if self["permutation_p"] >= 0.05 else "ch03.effect.real", lang)
        return t("ch03.effect.summary", lang, verdict=verdict, **self)

    def _repr_markdown_(self) -> str:
        return self.describe()


def type_effect_test(contacts: pd.DataFrame, leads: pd.DataFrame, by: str = "personality",
                     columns: Mapping[str, str] | None = None, n_permutations: int = 999, seed: int = 0) -> TypeEffect:
    """Are the win-rate differences between types more than chance?

    Returns the chi-square statistic of type × converted, the textbook p-value
    (which treats every lead as independent) and a permutation p-value that
    shuffles the types among *contacts*, so leads of the same person stay
    together — the honest test, since one contact often carries several leads.

    >>> result = type_effect_test(course.data.load("b2b_contacts"), course.data.load("b2b_leads"))  # doctest: +SKIP
    >>> sorted(result)                                                                              # doctest: +SKIP
    ['chi2', 'contacts', 'leads', 'naive_p', 'permutation_p']
    """
    from scipy.stats import chi2 as chi2_dist

    from course.prospects import as_flags

    typed = leads_with_types(contacts, leads, columns)
    _require(typed, ["converted"], "b2b_leads")
    column = TYPE_COLUMNS[by] if by in TYPE_COLUMNS else type_kind(by)
    known = typed[typed[column] != "unknown"]
    won = as_flags(known["converted"], "converted").to_numpy(dtype=np.int64)
    contact_codes, contact_ids = pd.factorize(known["contact_id"])
    per_contact = known.groupby(contact_codes)[column].first().reindex(range(len(contact_ids)))
    type_codes, type_ids = pd.factorize(per_contact)
    k = len(type_ids)

    def statistic(codes_by_contact: np.ndarray) -> float:
        lead_types = codes_by_contact[contact_codes]
        counts = np.bincount(lead_types * 2 + won, minlength=2 * k).reshape(k, 2).astype(float)
        expected = counts.sum(1, keepdims=True) * counts.sum(0, keepdims=True) / counts.sum()
        with np.errstate(invalid="ignore", divide="ignore"):
            return float(np.nansum((counts - expected) ** 2 / expected))

    observed = statistic(type_codes)
    rng = np.random.default_rng(seed)
    sims = np.array([statistic(rng.permutation(type_codes)) for _ in range(n_permutations)])
    return TypeEffect({
        "chi2": observed,
        "naive_p": float(chi2_dist.sf(observed, (k - 1))),
        "permutation_p": float((1 + (sims >= observed - 1e-9).sum()) / (n_permutations + 1)),
        "leads": int(len(known)),
        "contacts": int(len(contact_ids)),
    })


def localise_types(frame: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """Replace type ids in the index, the column names and the type columns with their names in the current language.

    For showing a table, :func:`table` does this and the rest of the house style.
    """
    out = frame.copy()

    def name(value):
        if value in PERSONALITY_TYPES or value in GOAL_TYPES:
            return type_name(value, lang)
        return t("ch03.unknown_type", lang) if value == "unknown" else value

    out.index = pd.Index([name(v) for v in out.index], name=out.index.name)
    if hasattr(out, "columns"):
        for column in ("personality_type", "goal_type"):
            if column in out.columns:
                out[column] = out[column].map(name)
        out.columns = pd.Index([name(v) for v in out.columns], name=out.columns.name)
    return out


def _type_name(value, lang: str | None = None) -> str | None:
    """A personality or goal type id (or ``unknown``) in the reader's language, or ``None``."""
    if not isinstance(value, str):
        return None
    if value in PERSONALITY_TYPES or value in GOAL_TYPES:
        return type_name(value, lang)
    return t("ch03.unknown_type", lang) if value == "unknown" else None


def table(frame: pd.DataFrame | pd.Series, lang: str | None = None, **style):
    """``frame`` in the table house style (:func:`course.tables.table`), type ids as their names.

    Type ids in cells, in the index and as column headers (a confusion table) read as the
    types' names; yes/no as ✓/✗ (是/否), win rates and shares as per cent.

    >>> print(table(pd.DataFrame({"personality_type": ["stubborn"], "converted": [False]}), lang="zh").text())
    性格类型 是否成交
    顽固型         否
    """
    from course import tables

    return tables.table(frame, lang, header_of=_type_name, code_of=_type_name, **style)


def plot_win_rate_by_type(table: pd.DataFrame, overall: float | None = None, lang: str | None = None):
    """Win rate by type as dots with their confidence interval, and the lead count of each type.

    ``table`` is the output of :func:`win_rate_by_type`; ``overall`` draws the
    win rate of all leads as a reference line. Returns a ``Figure``.
    """
    from course.plots import PALETTE, new_figure

    _require(table, ["leads", "conversion_rate", "ci_low", "ci_high"], "win_rate_by_type")
    table = table[table["leads"] > 0]
    fig, (ax_n, ax_rate) = new_figure(10, 0.45 * len(table) + 2.2, ncols=2)
    names = [type_name(i, lang) if i != "unknown" else t("ch03.unknown_type", lang) for i in table.index]
    y = np.arange(len(table))[::-1]
    ax_n.barh(y, table["leads"], color=PALETTE[5], alpha=0.8)
    for yy, n in zip(y, table["leads"], strict=True):
        ax_n.text(n, yy, f" {n}", va="center", fontsize=9)
    ax_n.set_yticks(y, names)
    ax_n.set_xlabel(t("ch03.data.leads", lang))
    ax_n.set_xlim(0, table["leads"].max() * 1.18)
    rate = table["conversion_rate"].to_numpy() * 100
    err = np.vstack([rate - table["ci_low"].to_numpy() * 100, table["ci_high"].to_numpy() * 100 - rate])
    ax_rate.errorbar(rate, y, xerr=err, fmt="o", color=PALETTE[0], ecolor=PALETTE[0], elinewidth=1.6, capsize=4,
                     label=t("ch03.data.interval", lang))
    if overall is not None:
        ax_rate.axvline(overall * 100, color=PALETTE[1], ls="--", lw=1.5, label=t("ch03.data.overall", lang))
    ax_rate.set_yticks(y, [""] * len(y))
    ax_rate.set_ylim(ax_n.get_ylim())  # keep each dot level with its bar
    ax_rate.set_xlabel(t("ch03.data.rate", lang))
    ax_rate.set_xlim(0, max(5.0, float(np.nanmax(table["ci_high"].to_numpy())) * 110))
    fig.legend(loc="outside lower right", ncols=2, fontsize=9, frameon=False)
    kind = "goal" if set(table.index) & set(GOAL_TYPES) else "personality"
    fig.suptitle(t(f"ch03.data.title_{kind}", lang), fontsize=14)
    return fig


# --------------------------------------------------------------------------- plan the call
@dataclass(frozen=True, repr=False)
class CallPlan:
    """What to stress and what to avoid with one contact, from their personality and goal type."""

    contact_id: str
    contact: str
    title: str
    personality: TypeCard
    goal: TypeCard
    has_authority: bool | None
    open_leads: list[str] = field(default_factory=list)
    lang: str = "en"
    #: True when ``open_leads`` are the leads still being worked (``lead_status`` open); False when the lead table
    #: has no status and they are every lead not won (lost ones included), as the note then says
    still_open: bool = True

    @property
    def stress(self) -> list[str]:
        """Approach points: the personality's first, then the goal type's."""
        return [*self.personality.approach, *self.goal.approach]

    @property
    def avoid(self) -> list[str]:
        return [*self.personality.avoid, *self.goal.avoid]

    def _notes(self) -> list[str]:
        notes = []
        if self.has_authority is False:
            notes.append(t("ch03.plan.no_authority", self.lang))
        if self.open_leads:
            key = "ch03.plan.open_leads" if self.still_open else "ch03.plan.not_won_leads"
            notes.append(t(key, self.lang, leads=", ".join(self.open_leads)))
        return notes

    def __str__(self) -> str:
        lines = [t("ch03.plan.header", self.lang, contact=self.contact, title=self.title, id=self.contact_id,
                   personality=self.personality.name, goal=self.goal.name)]
        lines.append(t("ch03.plan.stress", self.lang) + ":")
        lines += [f"  + {s}" for s in self.stress]
        lines.append(t("ch03.plan.avoid", self.lang) + ":")
        lines += [f"  - {s}" for s in self.avoid]
        lines += self._notes()
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        def items(values: list[str]) -> str:
            return "".join(f"<li>{html.escape(v)}</li>" for v in values)

        header = html.escape(t("ch03.plan.header", self.lang, contact=self.contact, title=self.title, id=self.contact_id,
                               personality=self.personality.name, goal=self.goal.name))
        notes = "".join(f"<p style='margin:4px 0;color:#8a4b00'>{html.escape(n)}</p>" for n in self._notes())
        return (
            "<div style='border:1px solid #ccd;border-radius:6px;padding:8px 12px;max-width:760px'>"
            f"<b>{header}</b>"
            f"<p style='margin:6px 0 2px'><b>{html.escape(t('ch03.plan.stress', self.lang))}</b></p><ul style='margin:0'>{items(self.stress)}</ul>"
            f"<p style='margin:6px 0 2px'><b>{html.escape(t('ch03.plan.avoid', self.lang))}</b></p><ul style='margin:0'>{items(self.avoid)}</ul>"
            f"{notes}</div>"
        )


def plan_call(contact_id: str, contacts: pd.DataFrame, leads: pd.DataFrame | None = None,
              lang: str | None = None) -> CallPlan:
    """Prepare a call: the contact's types turned into what to stress and what to avoid.

    ``leads`` (optional) adds the contact's open leads (not converted) to the plan.

    >>> contacts = pd.DataFrame({"contact_id": ["C1"], "contact_name": ["王静"], "personality_type": ["stubborn"],
    ...                          "goal_type": ["economy"], "has_authority": [True]})
    >>> plan = plan_call("C1", contacts, lang="en")
    >>> plan.personality.id, plan.goal.id, len(plan.stress) > 3
    ('stubborn', 'economy', True)
    """
    _require(contacts, ["contact_id", "personality_type", "goal_type"], "b2b_contacts")
    lang = lang or get_language()
    match = contacts.loc[contacts["contact_id"] == contact_id]
    if match.empty:
        raise _error(f"b2b_contacts: no contact with contact_id {contact_id!r}. Fix: check the id (e.g. 'C00001').",
                     f"b2b_contacts 中没有联系人编号 {contact_id!r}，请核对编号（例如 'C00001'）。",
                     source="b2b_contacts", column="contact_id")
    row = match.iloc[0]
    for column in ("personality_type", "goal_type"):
        value = row[column]
        kinds = PERSONALITY_TYPES if column == "personality_type" else GOAL_TYPES
        if value not in kinds:
            raise _error(f"b2b_contacts: contact {contact_id!r} has {column} {value!r}; expected one of {list(kinds)}.",
                         f"b2b_contacts 中联系人 {contact_id!r} 的 {column} 为 {value!r}，应为 {list(kinds)} 之一。",
                         source="b2b_contacts", column=column)
    name_col = "contact_name_en" if lang == "en" and "contact_name_en" in contacts.columns else "contact_name"
    title_col = "title_en" if lang == "en" and "title_en" in contacts.columns else "title"
    open_leads: list[str] = []
    still_open = True
    if leads is not None:
        _require(leads, ["contact_id", "lead_id", "converted"], "b2b_leads")
        from course.prospects import as_flags

        mine = leads[leads["contact_id"] == contact_id]
        if "lead_status" in leads.columns:  # the leads still being worked, not the lost ones
            still_open = True
            status = mine["lead_status"].astype("string").str.strip().str.lower()
            open_leads = mine.loc[status.eq("open").fillna(False).to_numpy(bool), "lead_id"].astype(str).tolist()
        else:
            still_open = False
            open_leads = mine.loc[~as_flags(mine["converted"], "converted"), "lead_id"].astype(str).tolist()
    authority = row["has_authority"] if "has_authority" in contacts.columns else None
    return CallPlan(
        contact_id=str(contact_id),
        contact=str(row.get(name_col, contact_id)),
        title=str(row.get(title_col, "")),
        personality=type_card(row["personality_type"], lang),
        goal=type_card(row["goal_type"], lang),
        has_authority=None if authority is None or pd.isna(authority) else bool(authority),
        open_leads=open_leads,
        lang=lang,
        still_open=still_open,
    )


def scenarios(kind: str | None = None, lang: str | None = None) -> list[dict]:
    """The practice scenarios (id, kind, answer_id, text, explanation), optionally of one kind."""
    rows = content.get("type_scenarios")
    if kind is not None and kind not in TYPE_COLUMNS:
        raise ValueError(f"kind must be 'personality', 'goal' or None, not {kind!r} / kind 只能是 'personality'、'goal' 或 None")
    return [pick(r, lang) for r in rows if kind is None or r["kind"] == kind]


def scenario_text(scenario_id: str, lang: str | None = None):
    """One practice scenario's text as a Markdown quote, in the current language.

    >>> str(scenario_text("rational_1", lang="en")).startswith("> At a machine-tool factory")
    True
    """
    from course.exercises.core import Markdown

    for row in content.get("type_scenarios"):
        if row["id"] == scenario_id:
            return Markdown("> " + pick(row["text"], lang))
    known = ", ".join(r["id"] for r in content.get("type_scenarios")[:3])
    raise ValueError(f"No scenario {scenario_id!r} (ids look like {known}, …).\n没有编号为 {scenario_id!r} 的情景。")


__all__ = [
    "GOAL_TYPES",
    "PERSONALITY_TYPES",
    "QUADRANTS",
    "CallPlan",
    "TypeCard",
    "TypeEffect",
    "leads_with_types",
    "localise_types",
    "table",
    "plan_call",
    "plot_style_grid",
    "plot_win_rate_by_type",
    "quadrant",
    "resolve_type",
    "scenario_text",
    "scenarios",
    "style_grid",
    "style_grid_note",
    "type_card",
    "type_effect_test",
    "type_kind",
    "type_name",
    "type_names",
    "win_rate_by_type",
]
