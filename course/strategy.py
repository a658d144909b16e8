"""Chapter 6 — prospect strategy and conversion (形成潜在客户策略, 潜在客户的转化).

Three tools, all reading their facts from ``course/content/strategy.yaml``:

- **selling points**: feature → benefit → one-line pitch, and a rough coach
  (:func:`benefit_feedback`) that tells a benefit from a feature;
- **layered segmentation**: members split by age group, then price sensitivity
  (share of purchases made with a discount), then purchase motive (the
  category they spend most on), each class with its strategy package;
- **the nine conversion levers** as a diagnostic for stalled leads: which
  levers the lead's data points to, ranked, each with its reason.

>>> import pandas as pd
>>> from course import strategy
>>> strategy.looks_like_feature("24 gigabit ports with PoE+")
True
>>> lead = {"lead_id": "L1", "objection": "price", "money": False, "authority": True, "need": True}
>>> strategy.diagnose(lead).index[0]
'lower_total_cost'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from course import content, i18n
from course.i18n import t


def _error(en: str, zh: str, source: str = "<DataFrame>", column: str | None = None) -> Exception:
    from course.data import DataError

    return DataError(en, zh, source=source, column=column)


def _mapped(frame: pd.DataFrame, needed: list[str], columns: Mapping[str, str] | None, table: str) -> pd.DataFrame:
    from course.data import mapped_columns

    return mapped_columns(frame, needed, columns, table)


# =========================================================================== selling points
def product_ids() -> list[str]:
    """Ids of the example products in the content (Huaxin's copier, switch, service plan)."""
    return [p["id"] for p in content.get("selling_points")["example_products"]]


def selling_points(product_id: str | None = None, lang: str | None = None) -> pd.DataFrame:
    """The selling-points table: one row per feature, with its benefit and pitch.

    Parameters
    ----------
    product_id : str, optional
        One product (see :func:`product_ids`); all products by default.

    >>> selling_points("managed_switch", lang="en").shape
    (4, 4)
    """
    products = content.text("selling_points", lang)["example_products"]
    if product_id is not None and product_id not in {p["id"] for p in products}:
        raise KeyError(f"unknown product {product_id!r}; known: {product_ids()} / 没有这个产品")
    rows = [
        {"product_name": p["name"], **{k: row[k] for k in ("feature", "benefit", "pitch")}}
        for p in products
        if product_id in (None, p["id"])
        for row in p["rows"]
    ]
    return pd.DataFrame(rows, columns=["product_name", "feature", "benefit", "pitch"])


# Cues beyond the content's word lists: a benefit states a consequence for the
# buyer (so…, without…, never…, less…); a feature states a number or a part.
_EXTRA_BENEFIT_CUES = {
    "en": ["so", "without", "never", "nobody", "no", "less", "fewer", "lower", "longer", "faster", "at most",
           "in seconds", "in minutes", "anywhere", "you", "your", "don't", "do not", "no longer", "drops"],
    "zh": ["不用", "不必", "不会", "不到", "不怕", "省", "少", "免去", "就能", "随时", "更", "没人", "耽误", "放心", "照常"],
}
_EXTRA_FEATURE_CUES = {
    "en": ["gigabit", "ppm", "dpi", "gb", "mb", "watt", "port", "inch", "mm", "kg", "cpu", "processor", "chip",
           "model", "version", "built-in", "includes"],
    "zh": ["兆", "英寸", "毫米", "处理器", "芯片", "内置", "型号"],
}
_SPEC_NUMBER = re.compile(r"\d+(\.\d+)?\s*(%|％|[A-Za-z]+|[个页瓦口寸倍])?")


def _cue_found(cue: str, text: str) -> bool:
    if re.search(r"[\u4e00-\u9fff]", cue):
        return cue in text
    return re.search(rf"(?<![A-Za-z]){re.escape(cue.lower())}(?![A-Za-z])", text) is not None


@dataclass
class BenefitCheck:
    """What :func:`benefit_feedback` found in a sentence.

    ``kind`` is ``benefit`` (says what the buyer gains), ``feature``
    (describes the product only) or ``unclear`` (neither is visible).
    """

    text: str
    kind: str
    benefit_cues: list[str] = field(default_factory=list)
    feature_cues: list[str] = field(default_factory=list)

    def message(self, lang: str | None = None) -> str:
        """The coaching message in ``lang`` (current language by default)."""
        rule = content.text("selling_points", lang)["feature_vs_benefit"]
        if self.kind == "benefit":
            return t("ch06.benefit.ok", lang, cues=", ".join(self.benefit_cues))
        if self.kind == "feature":
            return t("ch06.benefit.is_feature", lang, cues=", ".join(self.feature_cues), rule=rule)
        return t("ch06.benefit.unclear", lang, rule=rule)

    def messages(self) -> dict[str, str]:
        return {lang: self.message(lang) for lang in i18n.LANGUAGES}

    def __str__(self) -> str:
        return self.message()

    def _repr_markdown_(self) -> str:
        return f"**{t('ch06.benefit.kind.' + self.kind)}** — {self.message()}"


def benefit_feedback(text: str) -> BenefitCheck:
    """Is ``text`` a benefit (what the buyer gains) or a feature (what the product is)?

    A rough, explainable coach, not a judge: it looks for the content's
    ``benefit_words`` and ``feature_words`` (English and Chinese) plus a few
    cues of its own — consequences (so, without, 不用, 省…) for benefits,
    numbers with units and parts (60 页, 24 ports…) for features. A benefit
    cue wins, because a good benefit may still quote a number.

    >>> benefit_feedback("Prints 60 pages per minute").kind
    'feature'
    >>> benefit_feedback("Meeting packs are ready in minutes, so nobody queues").kind
    'benefit'
    """
    raw = str(text or "")
    low = raw.lower()
    words_b = content.get("benefit_words")
    words_f = content.get("feature_words")
    benefit_cues = [w for lang in i18n.LANGUAGES for w in [e[lang] for e in words_b] + _EXTRA_BENEFIT_CUES[lang]]
    feature_cues = [w for lang in i18n.LANGUAGES for w in [e[lang] for e in words_f] + _EXTRA_FEATURE_CUES[lang]]
    found_b = list(dict.fromkeys(c for c in benefit_cues if _cue_found(c, low)))
    found_f = list(dict.fromkeys(c for c in feature_cues if _cue_found(c, low)))
    found_f += [m.group(0).strip() for m in _SPEC_NUMBER.finditer(raw)][:2]
    kind = "benefit" if found_b else "feature" if found_f else "unclear"
    return BenefitCheck(raw, kind, found_b, found_f)


def looks_like_feature(text: str) -> bool:
    """True when ``text`` describes the product (a feature) and shows no benefit.

    >>> looks_like_feature("支持 VLAN 划分")
    True
    >>> looks_like_feature("访客上网不用再担心财务数据外泄")
    False
    """
    return benefit_feedback(text).kind == "feature"


# =========================================================================== segmentation
#: default threshold: a member is price-sensitive when at least half of their purchases used a discount
DEFAULT_DISCOUNT_THRESHOLD = 0.5
#: layer 3 proxy: the category a member spends most on → why they come to the store
MOTIVE_BY_CATEGORY = {
    "food": "daily", "home": "daily", "personal_care": "daily", "stationery": "daily",
    "baby": "family", "pets": "family",
    "coffee": "hobby", "tea": "hobby", "sports": "hobby", "outdoor": "hobby",
}
MOTIVES = ("daily", "family", "hobby")
AGE_GROUPS = ("young", "middle", "senior")
SENSITIVITIES = ("high", "low")


def discount_share(transactions: pd.DataFrame, columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Per member: purchases, purchases with a discount, and their share.

    >>> tx = pd.DataFrame({"member_id": ["a", "a", "b"], "discount_used": [True, False, False]})
    >>> discount_share(tx)["discount_share"].tolist()
    [0.5, 0.0]
    """
    from course.prospects import as_flags

    tx = _mapped(transactions, ["member_id", "discount_used"], columns, "transactions")
    used = as_flags(tx["discount_used"].fillna(False), "discount_used").astype(int)
    grouped = used.groupby(tx["member_id"])
    out = pd.DataFrame({"purchase_count": grouped.size(), "discount_count": grouped.sum()})
    out["discount_share"] = out["discount_count"] / out["purchase_count"]
    out.index.name = "member_id"
    return out


def price_sensitivity(
    transactions: pd.DataFrame,
    threshold: float = DEFAULT_DISCOUNT_THRESHOLD,
    min_purchases: int = 1,
    columns: Mapping[str, str] | None = None,
) -> pd.Series:
    """Layer 2: ``high`` when a member's discount share ≥ ``threshold``, else ``low``.

    Members with fewer than ``min_purchases`` purchases are left out (too
    little history to judge). The default 0.5 sits in the valley of the
    bundled data's two-humped distribution (most members use a discount
    almost never or almost always; overall about a third of purchases do).

    >>> tx = pd.DataFrame({"member_id": ["a", "a", "b"], "discount_used": [True, True, False]})
    >>> price_sensitivity(tx).to_dict()
    {'a': 'high', 'b': 'low'}
    """
    if not 0 <= threshold <= 1:
        raise ValueError(f"threshold is a share between 0 and 1, got {threshold!r} / threshold 应在 0 到 1 之间")
    shares = discount_share(transactions, columns)
    shares = shares[shares["purchase_count"] >= min_purchases]
    level = np.where(shares["discount_share"] >= threshold, "high", "low")
    return pd.Series(level, index=shares.index, name="price_sensitivity", dtype="str")


def purchase_motive(
    basket_items: pd.DataFrame,
    transactions: pd.DataFrame,
    mapping: Mapping[str, str] | None = None,
    columns: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Layer 3: each member's dominant category (by spend) and the motive it stands for.

    ``mapping`` sends a category to a motive (default :data:`MOTIVE_BY_CATEGORY`:
    food, home, personal care, stationery → ``daily`` needs; baby, pets →
    caring for ``family``; coffee, tea, sports, outdoor → a ``hobby``).
    Spend is unit price × quantity when both columns exist, else item count.
    Ties go to the category first in alphabetical order.
    """
    mapping = dict(mapping or MOTIVE_BY_CATEGORY)
    items = _mapped(basket_items, ["txn_id", "category"], columns, "basket_items")
    tx = _mapped(transactions, ["txn_id", "member_id"], columns, "transactions")
    unknown = sorted(set(items["category"].dropna().unique()) - set(mapping))  # unique() first: 3x fewer Python objects
    if unknown:
        raise _error(
            f"basket_items: categories {unknown[:5]} have no motive. Fix: pass mapping={{'{unknown[0]}': 'daily', …}}.",
            f"basket_items 中的类别 {unknown[:5]} 没有对应的购买动机。请用 mapping 参数补上，例如 {{'{unknown[0]}': 'daily'}}。",
            source="basket_items",
            column="category",
        )
    if {"unit_price", "quantity"} <= set(items.columns):
        spend = items["unit_price"].astype(float) * items["quantity"].astype(float)
    else:
        spend = pd.Series(1.0, index=items.index)
    joined = pd.DataFrame({"txn_id": items["txn_id"], "category": items["category"], "spend": spend})
    if tx["txn_id"].is_unique:  # one member per receipt: a lookup, ~2x quicker than a merge on millions of items
        at = pd.Index(tx["txn_id"]).get_indexer(joined["txn_id"])
        joined = joined.loc[at >= 0].assign(member_id=tx["member_id"].to_numpy()[at[at >= 0]])
    else:
        joined = joined.merge(tx[["txn_id", "member_id"]], on="txn_id", how="inner")
    table = joined.groupby(["member_id", "category"])["spend"].sum().unstack(fill_value=0.0)
    table = table.reindex(sorted(table.columns), axis=1)
    dominant = table.idxmax(axis=1)
    out = pd.DataFrame({"dominant_category": dominant.astype("str"), "motive": dominant.map(mapping).astype("str")})
    out.index.name = "member_id"
    return out


def motive_table(mapping: Mapping[str, str] | None = None, lang: str | None = None) -> pd.DataFrame:
    """The layer-3 mapping in words: each category and the motive it stands for."""
    mapping = dict(mapping or MOTIVE_BY_CATEGORY)
    known = i18n.messages()

    def name(prefix: str, key: str) -> str:
        return t(f"{prefix}{key}", lang) if f"{prefix}{key}" in known else key

    rows = [{"motive": name("ch06.motive.", m), "motive_category": name("ch06.category.", c)} for c, m in mapping.items()]
    return pd.DataFrame(rows).groupby("motive", sort=False)["motive_category"].agg("、".join if (lang or i18n.get_language()) == "zh"
                                                                                else ", ".join).to_frame()


def _age_groups(members: pd.DataFrame) -> pd.Series:
    if "age_group" in members.columns:
        return members["age_group"].astype("str")
    if "age" in members.columns:  # the data dictionary's bands: 18–34, 35–54, 55+
        age = pd.to_numeric(members["age"], errors="coerce")
        return pd.Series(np.select([age >= 55, age >= 35], ["senior", "middle"], "young"), index=members.index, dtype="str")
    raise _error(
        f"members: needs an 'age_group' (young/middle/senior) or an 'age' column; found {list(members.columns)}.",
        f"members 需要 age_group（young/middle/senior）或 age 列，现有列：{list(members.columns)}。",
        source="members",
        column="age_group",
    )


def segment_members(
    members: pd.DataFrame,
    transactions: pd.DataFrame,
    basket_items: pd.DataFrame,
    threshold: float = DEFAULT_DISCOUNT_THRESHOLD,
    min_purchases: int = 1,
    mapping: Mapping[str, str] | None = None,
    columns: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """All three layers for every member with enough purchase history.

    Returns one row per member with ``age_group``, ``discount_share``,
    ``price_sensitivity``, ``motive``, ``segment`` (``young/high/daily``) and
    ``package_id`` (the content's strategy package for age × sensitivity).
    Members without purchases are not current customers and are left out;
    ``result.attrs["left_out"]`` says how many.
    """
    mem = _mapped(members, ["member_id"], columns, "members")
    ages = pd.Series(_age_groups(mem).to_numpy(), index=mem["member_id"], name="age_group")
    sens = price_sensitivity(transactions, threshold, min_purchases, columns)
    shares = discount_share(transactions, columns)["discount_share"]
    motive = purchase_motive(basket_items, transactions, mapping, columns)["motive"]
    out = pd.DataFrame({"age_group": ages})
    out = out.join(shares).join(sens, how="inner").join(motive, how="inner")
    packages = {(p["age_group_id"], p["price_sensitivity_id"]): p["id"] for p in content.get("strategy_packages")}
    out["segment"] = out["age_group"] + "/" + out["price_sensitivity"] + "/" + out["motive"]
    out["package_id"] = [packages.get(k, "") for k in zip(out["age_group"], out["price_sensitivity"], strict=True)]
    out = out.astype({"age_group": "str", "price_sensitivity": "str", "motive": "str", "segment": "str", "package_id": "str"})
    out.attrs["left_out"] = int(len(ages) - len(out))
    return out


def segment_name(segment: str, lang: str | None = None) -> str:
    """``young/high/daily`` → "young · price-sensitive · everyday needs" in ``lang``."""
    age, sens, motive = segment.split("/")
    return " · ".join([t(f"ch06.age.{age}", lang), t(f"ch06.sens.{sens}", lang), t(f"ch06.motive.{motive}", lang)])


@dataclass
class StrategyPackage:
    """A class's strategy package: the content's moves plus the layer-3 value angle for its motive."""

    id: str
    name: str
    moves: list[str]

    def _repr_markdown_(self) -> str:
        return f"**{self.name}**\n\n" + "\n".join(f"- {move}" for move in self.moves)


def strategy_package(age_group: str, price_sensitivity: str, motive: str | None = None,
                     lang: str | None = None) -> StrategyPackage:
    """The strategy package for one class: its name and the moves, layer by layer.

    The content gives a package per age group × price sensitivity (the
    special function of layer 1, the reassurance of layer 2, a channel); the
    third layer adds the value angle for the motive — *what it saves* for the
    price-sensitive, *what the extra money buys* for the others, so a package
    never says "talk less about price" and "stress the saving" at once.

    >>> strategy_package("senior", "high", "family", lang="en").id
    'senior_high'
    """
    for p in content.text("strategy_packages", lang):
        if p["age_group_id"] == age_group and p["price_sensitivity_id"] == price_sensitivity:
            moves = list(p["package"])
            if motive is not None:
                moves.append(t(f"ch06.motive_angle.{motive}.{price_sensitivity}", lang))
            return StrategyPackage(p["id"], p["name"], moves)
    raise KeyError(f"no strategy package for {age_group}/{price_sensitivity} / 没有对应的策略包")


def readable_segments(segments: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """:func:`segment_members` for display: layer values and packages by name in the current language, no ids."""
    out = segments.copy()
    for column, prefix in (("age_group", "ch06.age."), ("price_sensitivity", "ch06.sens."), ("motive", "ch06.motive.")):
        if column in out.columns:
            out[column] = out[column].map(lambda v, p=prefix: t(p + v, lang) if isinstance(v, str) and v != "" else v)
    if "package_id" in out.columns:
        names = {p["id"]: p["name"] for p in content.text("strategy_packages", lang)}
        out["package_id"] = out["package_id"].map(lambda v: names.get(v, v))
        out = out.rename(columns={"package_id": "package_name"})
    return out.drop(columns=[c for c in ("segment",) if c in out.columns])


def segment_summary(segments: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """One row per class (age → sensitivity → motive): size, share and strategy package.

    Index: the ``segment`` id; columns ``members``, ``share``, ``package``,
    ``moves`` (the package's moves joined by line breaks, current language).
    """
    counts = segments.groupby(["age_group", "price_sensitivity", "motive"]).size()
    order = pd.MultiIndex.from_product([AGE_GROUPS, SENSITIVITIES, MOTIVES])
    counts = counts.reindex(order.append(counts.index.difference(order)), fill_value=0)  # the user's extra values last
    rows = []
    for (age, sens, motive), n in counts.items():
        pkg = strategy_package(age, sens, motive, lang) if (age in AGE_GROUPS and sens in SENSITIVITIES) else None
        rows.append({
            "segment": f"{age}/{sens}/{motive}",
            "class_name": segment_name(f"{age}/{sens}/{motive}", lang),
            "members": int(n),
            "share": n / max(len(segments), 1),
            "package_name": pkg.name if pkg else "",
            "package_moves": "\n".join(pkg.moves) if pkg else "",
        })
    return pd.DataFrame(rows).set_index("segment")


def plot_segment_tree(segments: pd.DataFrame, lang: str | None = None):
    """The segmentation tree as nested bars (an icicle): age → price sensitivity → motive.

    Each column is a layer; each block's height is its number of members.
    """
    from matplotlib.patches import Rectangle

    from course.plots import PALETTE, new_figure

    fig, ax = new_figure(10.5, 7)
    total = max(len(segments), 1)
    levels = [["age_group"], ["age_group", "price_sensitivity"], ["age_group", "price_sensitivity", "motive"]]
    orders = {"age_group": AGE_GROUPS, "price_sensitivity": SENSITIVITIES, "motive": MOTIVES}
    age_colour = dict(zip(AGE_GROUPS, PALETTE, strict=False))
    outside: list[tuple[float, float, str]] = []  # (depth, centre, text) of blocks too thin for their label
    for depth, keys in enumerate(levels):
        counts = segments.groupby(keys).size()
        full = pd.MultiIndex.from_product([orders[k] for k in keys]) if len(keys) > 1 else pd.Index(AGE_GROUPS)
        counts = counts.reindex(full, fill_value=0)
        y = total
        for key, n in counts.items():
            key = key if isinstance(key, tuple) else (key,)
            if n == 0:
                continue
            y -= n
            alpha = (0.95, 0.65, 0.4)[depth]
            ax.add_patch(Rectangle((depth, y), 0.96, n, facecolor=age_colour.get(key[0], "#888"), alpha=alpha,
                                   edgecolor="white", lw=1.5))
            name = t({0: "ch06.age.", 1: "ch06.sens.", 2: "ch06.motive."}[depth] + key[-1], lang)
            if n / total >= 0.024:
                size = 10 if n / total >= 0.06 else 9
                ax.text(depth + 0.48, y + n / 2, f"{name}  {n:,}", ha="center", va="center", fontsize=size)
            else:  # every block is named: thin ones get their label beside the tree, with a leader line
                outside.append((depth, y + n / 2, f"{name}  {n:,}"))
    gap = total * 0.032
    placed: list[float] = []
    for depth, centre, text in sorted(outside, key=lambda item: -item[1]):
        at = min(centre, placed[-1] - gap) if placed else centre
        placed.append(at)
        ax.annotate(text, (depth + 0.96, centre), xytext=(2.99, at), textcoords="data", va="center", fontsize=8.5,
                    arrowprops={"arrowstyle": "-", "color": "#8c8c8c", "lw": 0.7})
    ax.set_xlim(0, 3.75 if outside else 2.96)
    ax.set_ylim(0, total)
    ax.set_xticks([0.48, 1.48, 2.48])
    ax.set_xticklabels([t("ch06.tree.layer1", lang), t("ch06.tree.layer2", lang), t("ch06.tree.layer3", lang)])
    ax.set_yticks([])
    ax.grid(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title(t("ch06.tree.title", lang, n=f"{len(segments):,}"))
    return fig


# the conversion-lever diagnostic lives in course.levers; re-exported here
from course.levers import (  # noqa: E402
    CONDITIONS,
    DEFAULT_FAR_KM,
    DEFAULT_LOW_ENGAGEMENT,
    by_signal_name,
    condition_conversion,
    diagnose,
    lead_profile,
    lever_conditions,
    lever_counts,
    lever_ids,
    lever_scores,
    plot_lever_counts,
    signal_table,
    stalled_leads,
    top_lever,
)

__all__ = [
    "AGE_GROUPS",
    "CONDITIONS",
    "DEFAULT_DISCOUNT_THRESHOLD",
    "DEFAULT_FAR_KM",
    "DEFAULT_LOW_ENGAGEMENT",
    "MOTIVES",
    "MOTIVE_BY_CATEGORY",
    "BenefitCheck",
    "StrategyPackage",
    "benefit_feedback",
    "by_signal_name",
    "condition_conversion",
    "diagnose",
    "discount_share",
    "lead_profile",
    "lever_conditions",
    "lever_counts",
    "lever_ids",
    "lever_scores",
    "motive_table",
    "looks_like_feature",
    "plot_lever_counts",
    "plot_segment_tree",
    "price_sensitivity",
    "product_ids",
    "purchase_motive",
    "readable_segments",
    "segment_members",
    "segment_name",
    "segment_summary",
    "selling_points",
    "signal_table",
    "stalled_leads",
    "strategy_package",
    "top_lever",
]
