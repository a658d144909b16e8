"""Chapter 1 — what a prospect is (潜在客户): MAN qualification and the target group.

Vectorised pandas functions over the kit's tables (or a user's own, mapped to
the kit's column names with :func:`course.data.read_table`).

>>> import pandas as pd
>>> from course import prospects
>>> leads = pd.DataFrame({"money": [True, False], "authority": [True, True], "need": [True, False]})
>>> prospects.man_classify(leads)["man_code"].tolist()
['MAN', 'mAn']
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from course import content
from course.i18n import t

MAN_COLUMNS = ("money", "authority", "need")
#: the eight MAN codes, best prospects first
MAN_ORDER = ("MAN", "MAn", "MaN", "mAN", "maN", "mAn", "Man", "man")

_TRUE = {"true", "t", "yes", "y", "1", "是", "有", "对", "√", "✓"}
_FALSE = {"false", "f", "no", "n", "0", "否", "无", "没有", "不", "×", "✗", ""}


def _data_error(message: str) -> Exception:
    """A :class:`course.data.DataError` from an "English / 中文" message."""
    from course.data import DataError

    en, _, zh = message.partition(" / ")
    return DataError(en.strip(), zh.strip() or en.strip())


def man_code(money: bool, authority: bool, need: bool) -> str:
    """The MAN code of one prospect: upper case = has it, lower case = lacks it.

    >>> man_code(True, False, True)
    'MaN'
    """
    return ("M" if money else "m") + ("A" if authority else "a") + ("N" if need else "n")


def as_flags(values: pd.Series, column: str = "") -> pd.Series:
    """A yes/no column as booleans: bool, 0/1, or text such as yes/no, 是/否.

    Raises :class:`course.data.DataError` naming the column and the values it
    could not read.
    """
    if pd.api.types.is_bool_dtype(values):
        return values.astype(bool)
    if pd.api.types.is_numeric_dtype(values):
        bad = values[~values.isin([0, 1])]
        if bad.empty:
            return values.astype(bool)
    else:
        text = values.astype("string").str.strip().str.lower().fillna("")
        flags = pd.Series(pd.NA, index=values.index, dtype="boolean")
        flags[text.isin(_TRUE)] = True
        flags[text.isin(_FALSE)] = False
        bad = values[flags.isna()]
        if bad.empty:
            return flags.astype(bool)
    sample = ", ".join(map(repr, bad.astype(str).unique()[:3]))
    raise _data_error(
        f"Column {column!r} must be yes/no (True/False, 1/0, 是/否), but has {sample}. "
        f"Fix: recode those values, or map another column onto {column!r}. / "
        f"列 {column!r} 只能是 是/否（True/False、1/0），但出现了 {sample}。请改正这些值，或换一列映射为 {column!r}。"
    )


def _man_index(frame: pd.DataFrame, columns: Mapping[str, str] | None) -> np.ndarray:
    """Each row's combination as a 3-bit number: M = 4, A = 2, N = 1."""
    names = {key: (columns or {}).get(key, key) for key in MAN_COLUMNS}
    missing = [name for name in names.values() if name not in frame.columns]
    if missing:
        raise _data_error(
            f"MAN classification needs the columns {list(names.values())}; missing {missing}. "
            f"Found: {list(frame.columns)}. Fix: rename them or pass columns={{'money': 'your_column', …}}. / "
            f"MAN 分类需要 {list(names.values())} 三列，缺少 {missing}。请改列名，或用 columns 参数指定对应列。"
        )
    bits = [as_flags(frame[names[key]], names[key]).to_numpy(dtype=np.int8) for key in MAN_COLUMNS]
    return (bits[0] << 2) | (bits[1] << 1) | bits[2]


#: code of each 3-bit index (M = 4, A = 2, N = 1)
_BY_INDEX = ("man", "maN", "mAn", "mAN", "Man", "MaN", "MAn", "MAN")
#: position in MAN_ORDER of each 3-bit index, for categorical codes
_ORDER_POS = np.array([MAN_ORDER.index(code) for code in _BY_INDEX], dtype=np.int8)


def _lookup_categorical(values_by_index: np.ndarray, index: np.ndarray) -> pd.Categorical:
    """``values_by_index[index]`` as a categorical, without hashing a million strings."""
    categories, inverse = np.unique(values_by_index.astype(str), return_inverse=True)
    return pd.Categorical.from_codes(inverse[index], categories=[str(c) for c in categories])


def man_codes(frame: pd.DataFrame, columns: Mapping[str, str] | None = None) -> pd.Series:
    """The MAN code of every row, vectorised, as a categorical in :data:`MAN_ORDER`.

    ``columns`` maps ``money``/``authority``/``need`` to other column names.
    """
    index = _man_index(frame, columns)
    codes = pd.Categorical.from_codes(_ORDER_POS[index], categories=list(MAN_ORDER))
    return pd.Series(codes, index=frame.index, name="man_code")


def man_reference(lang: str | None = None) -> pd.DataFrame:
    """The MAN table of the course (code, meaning, countermeasure, action, priority), best first."""
    rows = content.text("man", lang)
    table = pd.DataFrame(rows).set_index("code").loc[list(MAN_ORDER)]
    return table[["money", "authority", "need", "priority", "action", "meaning", "countermeasure"]]


def man_classify(frame: pd.DataFrame, columns: Mapping[str, str] | None = None, lang: str | None = None) -> pd.DataFrame:
    """Add the MAN code, priority, action and countermeasure to every row.

    Returns a copy with columns ``man_code``, ``man_priority`` (1 = best),
    ``man_action`` (``pursue``, ``develop``, ``redirect``, ``finance``,
    ``cultivate`` or ``stop``) and ``countermeasure`` (current language).

    >>> leads = pd.DataFrame({"money": [1, 0], "authority": [0, 0], "need": [1, 0]})
    >>> man_classify(leads)[["man_code", "man_action"]].values.tolist()
    [['MaN', 'redirect'], ['man', 'stop']]
    """
    index = _man_index(frame, columns)
    ref = man_reference(lang).loc[list(_BY_INDEX)]
    out = frame.copy()
    out["man_code"] = pd.Categorical.from_codes(_ORDER_POS[index], categories=list(MAN_ORDER))
    out["man_priority"] = ref["priority"].to_numpy(dtype=np.int64)[index]
    out["man_action"] = _lookup_categorical(ref["action"].to_numpy(), index)
    out["countermeasure"] = _lookup_categorical(ref["countermeasure"].to_numpy(), index)
    return out


def man_summary(frame: pd.DataFrame, columns: Mapping[str, str] | None = None, outcome: str = "converted") -> pd.DataFrame:
    """How many prospects fall into each MAN combination, and how they did.

    One row per code (all eight, best first) with ``leads``, ``share`` and,
    when the ``outcome`` column exists, ``conversion_rate`` (NaN where no lead
    has that code).
    """
    codes = man_codes(frame, columns)
    counts = codes.value_counts().reindex(list(MAN_ORDER), fill_value=0)
    summary = pd.DataFrame({"leads": counts.astype(int)})
    summary["share"] = summary["leads"] / max(len(frame), 1)
    if outcome in frame.columns:
        won = as_flags(frame[outcome], outcome)
        summary["conversion_rate"] = won.groupby(codes).mean().reindex(summary.index)
    summary.index.name = "man_code"
    return summary


# --------------------------------------------------------------------------- latent demand
LATENT_FORMS = ("ready", "desire_without_power", "power_without_desire", "neither")


def latent_demand(frame: pd.DataFrame, columns: Mapping[str, str] | None = None) -> pd.Series:
    """Which form of demand each prospect shows, from its money and need flags.

    ``ready`` (need and money), ``desire_without_power`` (need, no money),
    ``power_without_desire`` (money, no need) or ``neither``.
    """
    names = {key: (columns or {}).get(key, key) for key in ("money", "need")}
    for name in names.values():
        if name not in frame.columns:
            raise _data_error(
                f"Column {name!r} is missing (found {list(frame.columns)}). Fix: rename it or pass columns=. / "
                f"缺少列 {name!r}，请改列名或用 columns 参数指定。"
            )
    money = as_flags(frame[names["money"]], names["money"]).to_numpy()
    need = as_flags(frame[names["need"]], names["need"]).to_numpy()
    form = np.select(
        [money & need, need & ~money, money & ~need],
        ["ready", "desire_without_power", "power_without_desire"],
        default="neither",
    )
    return pd.Series(form, index=frame.index, name="latent_demand", dtype="str")


# --------------------------------------------------------------------------- price premium
def _scalar_or_array(values):
    """A plain float for a single price, an array for many."""
    return float(values) if np.ndim(values) == 0 else values


@dataclass(frozen=True)
class PricePremium:
    """An illustrative model of the psychological price premium (商品价格的心理溢价).

    Value for money is perceived value ÷ price. Buyers respond more as it
    rises — until the price drops so far below the brand's market average that
    they suspect a fake or a catch. ``suspicion_below`` is that point as a share
    of the market average price. The curve is a teaching model, not fitted to data.

    >>> model = PricePremium(perceived_value=5000, market_price=5000)
    >>> round(model.value_for_money(4000), 2)
    1.25
    """

    perceived_value: float
    market_price: float
    suspicion_below: float = 0.55
    steepness: float = 4.0

    def __post_init__(self) -> None:
        for name in ("perceived_value", "market_price"):
            value = getattr(self, name)
            if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
                raise ValueError(f"{name} must be a positive number, got {value!r} / {name} 必须是正数")

    def value_for_money(self, price):
        """Perceived value ÷ price (>1: feels like a bargain); a float for a single price."""
        return _scalar_or_array(self.perceived_value / np.asarray(price, dtype=float))

    def trust(self, price):
        """0–1: how far buyers still believe the offer is genuine at this price."""
        relative = np.asarray(price, dtype=float) / self.market_price
        return _scalar_or_array(1.0 / (1.0 + np.exp(-18.0 * (relative - self.suspicion_below))))

    def appeal(self, price):
        """0–1 purchase appeal: value for money, damped by distrust at very low prices."""
        ratio = self.value_for_money(price)
        interest = 1.0 / (1.0 + np.exp(-self.steepness * (np.asarray(ratio) - 1.0)))
        return _scalar_or_array(interest * self.trust(price))

    def best_price(self) -> float:
        """The price (on a fine grid) where appeal peaks."""
        grid = np.linspace(0.2, 2.0, 1801) * self.market_price
        return float(grid[np.argmax(self.appeal(grid))])

    def zone(self, price: float) -> str:
        """``suspicious`` (too cheap to trust), ``bargain``, ``fair`` or ``overpriced``."""
        if price < self.suspicion_below * self.market_price * 1.05:
            return "suspicious"
        ratio = float(self.value_for_money(price))
        if ratio >= 1.1:
            return "bargain"
        if ratio >= 0.9:
            return "fair"
        return "overpriced"


def plot_price_premium(model: PricePremium, price: float | None = None, lang: str | None = None):
    """Purchase appeal against price, with the 'too good to be true' zone shaded.

    The market average is a labelled line whose label sits above the plot
    area (clear of the curves); ``price`` is marked with a legend entry.
    """
    from course.plots import PALETTE, new_figure, thousands

    fig, ax = new_figure(8, 4.4)
    prices = np.linspace(0.2, 1.8, 400) * model.market_price
    ax.plot(prices, model.appeal(prices), lw=2.5, color=PALETTE[0], label=t("ch01.premium.appeal", lang))
    ax.plot(prices, np.clip(model.value_for_money(prices) / 4, 0, 1), ls="--", lw=1.5, color=PALETTE[4],
            label=t("ch01.premium.vfm", lang))
    cut = model.suspicion_below * model.market_price
    ax.axvspan(prices[0], cut, color="#b03a48", alpha=0.12, label=t("ch01.premium.suspicious", lang))
    ax.axvline(model.market_price, color="#555", lw=1, ls=":")
    ax.annotate(t("ch01.premium.market", lang, price=f"{model.market_price:,.0f}"), (model.market_price, 1.0),
                xycoords=("data", "axes fraction"), xytext=(0, 3), textcoords="offset points",
                ha="center", va="bottom", fontsize=9, color="#555")
    best = model.best_price()
    ax.scatter([best], [model.appeal(best)], zorder=3, color=PALETTE[2], s=50,
               label=t("ch01.premium.peak", lang, price=f"{best:,.0f}"))
    if price is not None:
        ax.scatter([price], [model.appeal(price)], zorder=4, color=PALETTE[1], s=80, marker="D",
                   label=t("ch01.premium.current", lang, price=f"{price:,.0f}"))
    ax.set_xlabel(t("ch01.premium.xlabel", lang))
    thousands(ax.xaxis)
    ax.set_ylabel(t("ch01.premium.ylabel", lang))
    ax.set_ylim(0, 1.05)
    ax.set_title(t("ch01.premium.title", lang), pad=18)
    ax.legend(loc="upper right", fontsize=9)
    return fig


def plot_man_summary(summary: pd.DataFrame, lang: str | None = None):
    """Leads per MAN code (bars) and the share that converted (dots, no line: the codes are categories).

    A dashed line marks the conversion rate of all leads, so a code above
    or below average stands out; each dot is labelled with its rate.
    """
    from course.plots import PALETTE, new_figure

    fig, ax = new_figure(8.5, 4.4)
    codes = summary.index.tolist()
    x = np.arange(len(codes))
    bars = ax.bar(x, summary["leads"], color=PALETTE[0], alpha=0.3, label=t("ch01.man.leads", lang))
    ax.set_xticks(x, codes)
    ax.set_ylabel(t("ch01.man.leads", lang))
    ax.set_xlabel(t("ch01.man.code", lang))
    handles = [bars]
    if "conversion_rate" in summary:
        rate = summary["conversion_rate"].to_numpy(dtype=float) * 100
        ax2 = ax.twinx()
        dots = ax2.scatter(x, rate, color=PALETTE[1], s=70, zorder=3, label=t("ch01.man.rate", lang))
        for xi, r in zip(x, rate, strict=True):
            if not np.isnan(r):
                ax2.annotate(f"{r:.0f}%", (xi, r), xytext=(0, 7), textcoords="offset points", ha="center", fontsize=9)
        known = ~np.isnan(rate)
        overall = float((rate[known] * summary["leads"].to_numpy()[known]).sum() / max(summary["leads"][known].sum(), 1))
        line = ax2.axhline(overall, color=PALETTE[3], ls="--", lw=1.3, label=t("ch01.man.overall", lang, rate=overall / 100))
        ax2.set_ylabel(t("ch01.man.rate", lang))
        ax2.set_ylim(0, max(5, float(np.nanmax(rate)) * 1.2))
        ax2.grid(False)
        ax2.spines["right"].set_visible(True)
        handles += [dots, line]
    # under the plot, in one row: inside, it covered the bars of the last codes
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), fontsize=9, frameon=False)
    ax.set_title(t("ch01.man.title", lang))
    return fig


# --------------------------------------------------------------------------- target group
def purchasing_power(members: pd.DataFrame, transactions: pd.DataFrame, by: str = "income_band") -> pd.DataFrame:
    """Purchasing power of each group of members: spend per member and per visit.

    ``members`` needs ``member_id`` and the ``by`` column; ``transactions``
    needs ``member_id`` and ``amount``. Groups are sorted by spend per member.
    """
    for name, frame, cols in (("members", members, ["member_id", by]), ("transactions", transactions, ["member_id", "amount"])):
        missing = [c for c in cols if c not in frame.columns]
        if missing:
            raise _data_error(
                f"{name}: missing column(s) {missing}; found {list(frame.columns)}. Fix: rename or map them. / "
                f"{name} 缺少列 {missing}，请改列名或做列映射。"
            )
    spend = transactions.groupby("member_id")["amount"].agg(["sum", "count"])
    joined = members[["member_id", by]].merge(spend, left_on="member_id", right_index=True, how="left").fillna(
        {"sum": 0.0, "count": 0}
    )
    grouped = joined.groupby(by, observed=True)
    table = pd.DataFrame(
        {
            "members": grouped.size(),
            "buyers_share": grouped["count"].apply(lambda c: float((c > 0).mean())),
            "spend_per_member": grouped["sum"].mean(),
            "spend_per_visit": grouped["sum"].sum() / grouped["count"].sum().replace(0, np.nan),
        }
    )
    return table.sort_values("spend_per_member", ascending=False)


def account_status_counts(accounts: pd.DataFrame) -> pd.Series:
    """How many accounts are customers, prospects or lost (the prospect vs customer split)."""
    if "status" not in accounts.columns:
        raise _data_error("accounts: column 'status' is missing. Fix: map your status column to 'status'. / 缺少 status 列。")
    return accounts["status"].value_counts().rename("accounts")


def buying_timing(desire: int, power: int, desire_max: int = 5, power_max: int = 2) -> dict[str, str]:
    """Timing advice from counts of desire signs (of 5) and power signs (of 2).

    Desire is *high* with 3+ of 5 signs, power with 2 of 2 (or 1 with a clear
    payment plan counted as both). Returns the ``buying_timing`` content entry.
    """
    if not (0 <= desire <= desire_max and 0 <= power <= power_max):
        raise ValueError(f"desire must be 0–{desire_max} and power 0–{power_max} / 购买欲望 0–{desire_max}，购买力 0–{power_max}")
    level_d = "high" if desire >= 3 else "low"
    level_p = "high" if power >= 2 else "low"
    for entry in content.text("buying_timing"):
        if entry["desire_id"] == level_d and entry["power_id"] == level_p:
            return entry
    raise KeyError("buying_timing content is incomplete")  # pragma: no cover - guarded by content tests


def timing_table(lang: str | None = None) -> pd.DataFrame:
    """Desire × power → timing and advice, in the current language."""
    from course.i18n import t as tr

    rows = content.text("buying_timing", lang)
    return pd.DataFrame(
        {
            "timing": [tr(f"value.{r['id']}", lang) for r in rows],
            "desire": [tr(f"value.{r['desire_id']}", lang) for r in rows],
            "power": [tr(f"value.{r['power_id']}", lang) for r in rows],
            "advice": [r["advice"] for r in rows],
        }
    ).set_index("timing")


def localise_index(frame: pd.DataFrame, section: str, field: str = "name", lang: str | None = None) -> pd.DataFrame:
    """Replace content ids in the index with their names in the current language."""
    names = {row["id"]: row[field] for row in content.text(section, lang)}
    out = frame.copy()
    out.index = [names.get(i, i) for i in out.index]
    return out


__all__ = [
    "MAN_ORDER",
    "PricePremium",
    "account_status_counts",
    "as_flags",
    "buying_timing",
    "latent_demand",
    "localise_index",
    "man_classify",
    "man_code",
    "man_codes",
    "man_reference",
    "man_summary",
    "plot_man_summary",
    "plot_price_premium",
    "purchasing_power",
    "timing_table",
]

