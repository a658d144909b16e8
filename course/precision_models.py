"""Chapter 7 — precision marketing: classification, prediction and detection (精确营销：分类、预测、检测).

The scikit-learn side of :mod:`course.precision` (which re-exports everything
here): score leads, read gains and lift, choose whom to contact. Next year's
spend and unusual orders are in :mod:`course.precision_orders`.

Which columns a lead model may use follows one rule, the one the data
dictionary records for every column of ``b2b_leads``
(:func:`course.schemas.columns_known`): only what is known **before** the
sale is worked. Columns filled in *during* the sale (quote, trial, proposal,
objection, stage, cost so far) and *after* the outcome are refused unless
``allow_leaky=True`` — which the course uses once, to show what they do.

>>> from course import data, precision
>>> model = precision.train_lead_model(data.load("b2b_leads"))      # doctest: +SKIP
>>> round(model.auc, 2)                                             # doctest: +SKIP
0.83
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from course.i18n import t
from course.schemas import columns_known

#: known only after the outcome (won or lost)
AFTER_OUTCOME = tuple(columns_known("b2b_leads", "after"))
#: filled in while the sale is worked: a new lead has none of them yet
IN_SALE = tuple(columns_known("b2b_leads", "during"))
#: columns a model that ranks new leads must not use (in-sale and after-outcome); refused unless ``allow_leaky``
LEAKY_COLUMNS = IN_SALE + AFTER_OUTCOME
#: what a lead model uses by default: known before the sale is worked
LEAD_FEATURES = (
    "money", "authority", "need", "source_method", "product_interest", "engagement", "site_visits", "distance_km",
)
#: the in-sale signals the course adds to show leakage side by side (:func:`day_one_view` can reset them)
IN_SALE_SIGNALS = ("asked_quote", "requested_trial", "proposal_sent", "objection", "stage")
#: what an in-sale signal reads on the day a lead is created
DAY_ONE = {"asked_quote": False, "requested_trial": False, "proposal_sent": False, "objection": "none",
           "stage": "contacted"}
MIN_ROWS = 30
MIN_PER_CLASS = 5
AS_OF = "2026-06-30"


def data_error(en: str, zh: str, *, source: str | None = None, column: str | None = None) -> Exception:
    """A :class:`course.data.DataError` (imported late: no I/O or heavy imports here)."""
    from course.data import DataError

    return DataError(en, zh, source=source, column=column)


def to_kit_names(frame: pd.DataFrame, columns: Mapping[str, str] | None, table: str) -> pd.DataFrame:
    """Rename a user's columns to the kit's names; ``columns`` maps kit name -> user's name."""
    if not isinstance(frame, pd.DataFrame):
        raise data_error(f"{table}: expected a pandas DataFrame, got {type(frame).__name__}.",
                         f"{table}：需要一个 pandas DataFrame，实际传入的是 {type(frame).__name__}。", source=table)
    if not columns:
        return frame
    absent = [user for user in columns.values() if user not in frame.columns]
    if absent:
        raise data_error(
            f"{table}: the column mapping names {absent}, which the table does not have (it has {list(frame.columns)}). "
            "Fix: correct the mapping {kit_name: your_column}.",
            f"{table}：列映射里写的 {absent} 在表中不存在（表中的列：{list(frame.columns)}）。请改正映射 {{课程列名: 你的列名}}。",
            source=table, column=absent[0])
    return frame.rename(columns={user: kit for kit, user in columns.items()})


def require(frame: pd.DataFrame, needed: Sequence[str], table: str) -> None:
    """Raise the kit's one missing-column message (:func:`course.data.mapped_columns`) if ``frame`` lacks any."""
    from course.data import mapped_columns

    mapped_columns(frame, list(needed), None, table)


def _outcome(values: pd.Series, target: str, table: str) -> np.ndarray:
    from course.prospects import as_flags

    try:
        return as_flags(values, target).to_numpy(dtype=int)
    except ValueError as error:
        raise data_error(f"{table}: the target column {target!r} must be yes/no. {error}",
                         f"{table}：目标列 {target!r} 必须是“是/否”两类。", source=table, column=target) from None


def _check_classes(y: np.ndarray, target: str, table: str) -> None:
    if len(y) < MIN_ROWS:
        raise data_error(
            f"{table}: only {len(y)} rows; a model needs at least {MIN_ROWS} to learn and still keep a fair test set. "
            "Fix: use more history.",
            f"{table}：只有 {len(y)} 行数据，至少要 {MIN_ROWS} 行才能既训练模型又留出测试集。请补充更多历史数据。",
            source=table)
    counts = np.bincount(y, minlength=2)
    if counts.min() == 0:
        only = "yes" if counts[1] else "no"
        raise data_error(
            f"{table}: every row of {target!r} is {only!r}, so there is nothing to tell apart. "
            "Fix: include both converted and unconverted leads.",
            f"{table}：{target!r} 列全都是同一类（{only}），模型无从区分。请同时提供成交和未成交的线索。",
            source=table, column=target)
    if counts.min() < MIN_PER_CLASS:
        raise data_error(
            f"{table}: only {counts.min()} rows of the rarer class in {target!r}; need at least {MIN_PER_CLASS}. "
            "Fix: use more history.",
            f"{table}：{target!r} 中较少的一类只有 {counts.min()} 行，至少需要 {MIN_PER_CLASS} 行。请补充更多历史数据。",
            source=table, column=target)


def _design(frame: pd.DataFrame, features: Sequence[str], numeric_text: Sequence[str] = ()) -> pd.DataFrame:
    """Features as model input: booleans and nullable ints as floats, text as str.

    Columns in ``numeric_text`` are numbers written as text (``1,234``, blanks): read as numbers, so a model
    sees their size instead of one-hot encoding every spelling.
    """
    out = pd.DataFrame(index=frame.index)
    for name in features:
        col = frame[name]
        if name in numeric_text:
            from course.precision_targets import _to_number

            out[name] = _to_number(col)
        elif pd.api.types.is_bool_dtype(col) or pd.api.types.is_numeric_dtype(col):
            out[name] = pd.to_numeric(col, errors="coerce").astype(float)
        elif pd.api.types.is_datetime64_any_dtype(col):
            out[name] = (col - pd.Timestamp("2000-01-01")).dt.days.astype(float)
        else:
            out[name] = col.astype("str").fillna("missing")
    return out


def _pipeline(design: pd.DataFrame, model: str, random_state: int):
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    numeric = [c for c in design.columns if design[c].dtype == float]
    text = [c for c in design.columns if c not in numeric]
    numeric_steps = Pipeline([("impute", SimpleImputer(strategy="median", add_indicator=True)), ("scale", StandardScaler())])
    prep = ColumnTransformer(
        [("num", numeric_steps, numeric), ("cat", OneHotEncoder(handle_unknown="ignore"), text)],
        verbose_feature_names_out=False,
    )
    if model == "logistic":
        clf = LogisticRegression(max_iter=1000, random_state=random_state)
    elif model == "boosting":
        clf = GradientBoostingClassifier(random_state=random_state)
    else:
        raise ValueError(f"model must be 'logistic' or 'boosting', got {model!r} / model 只能是 'logistic' 或 'boosting'")
    return Pipeline([("prepare", prep), ("model", clf)])


@dataclass
class LeadModel:
    """A fitted lead-conversion model with its honest (held-out) evaluation.

    Attributes
    ----------
    pipeline : sklearn.pipeline.Pipeline
        One-hot encoding + scaling + the classifier.
    features : list of str
        Columns the model uses (kit names).
    test_ids : pandas.Index
        Index labels of the held-out rows in the training table.
    y_test, test_scores : numpy.ndarray
        Outcomes and predicted probabilities of the held-out rows.
    train_auc : float
        AUC on the rows the model learned from (always flattering).
    """

    pipeline: object
    features: list[str]
    target: str
    test_ids: pd.Index
    y_test: np.ndarray
    test_scores: np.ndarray
    train_auc: float
    columns: dict[str, str] = field(default_factory=dict)
    open_leads_left_out: int = 0
    #: features that are numbers written as text (read as numbers at training and at prediction)
    numeric_text: list[str] = field(default_factory=list)

    @property
    def auc(self) -> float:
        """Area under the ROC curve on the held-out rows (0.5 = coin toss, 1 = perfect)."""
        from sklearn.metrics import roc_auc_score

        return float(roc_auc_score(self.y_test, self.test_scores))

    def predict(self, leads: pd.DataFrame) -> pd.Series:
        """Probability of conversion for every row of ``leads`` (same column mapping as training)."""
        frame = to_kit_names(leads, self.columns, "leads")
        require(frame, self.features, "leads")
        scores = self.pipeline.predict_proba(_design(frame, self.features, self.numeric_text))[:, 1]
        return pd.Series(scores, index=leads.index, name="score")

    def auc_on(self, leads: pd.DataFrame) -> float:
        """AUC on the held-out leads as they appear in ``leads`` (e.g. :func:`day_one_view` of the table).

        The outcome is the held-out rows' real one; only the inputs change.
        """
        from sklearn.metrics import roc_auc_score

        view = leads.loc[self.test_ids]
        return float(roc_auc_score(self.y_test, self.predict(view).to_numpy()))

    def metrics(self, threshold: float = 0.5) -> dict[str, float]:
        """AUC, and precision/recall/accuracy when every lead scoring ≥ ``threshold`` is contacted."""
        picked = self.test_scores >= threshold
        wins = self.y_test == 1
        tp = int((picked & wins).sum())
        return {
            "auc": self.auc,
            "threshold": float(threshold),
            "contacted": int(picked.sum()),
            "precision": tp / picked.sum() if picked.any() else float("nan"),
            "recall": tp / wins.sum(),
            "accuracy": float((picked == wins).mean()),
            "base_rate": float(wins.mean()),
        }

    def gains(self, bins: int = 10) -> pd.DataFrame:
        """Gains and lift table of the held-out leads (see :func:`gains_table`)."""
        return gains_table(self.y_test, self.test_scores, bins)

    def key_features(self, top: int = 8) -> pd.DataFrame:
        """The inputs that move the score most: coefficients (logistic) or importances (boosting)."""
        names = list(self.pipeline.named_steps["prepare"].get_feature_names_out())
        est = self.pipeline.named_steps["model"]
        weight = est.coef_[0] if hasattr(est, "coef_") else est.feature_importances_
        table = pd.DataFrame({"feature": names, "weight": weight})
        table = table.assign(size=table["weight"].abs()).sort_values(["size", "feature"], ascending=[False, True])
        return table.head(top).drop(columns="size").set_index("feature")


def train_lead_model(
    leads: pd.DataFrame,
    features: Sequence[str] | None = None,
    *,
    target: str = "converted",
    columns: Mapping[str, str] | None = None,
    model: str = "logistic",
    test_size: float = 0.25,
    random_state: int = 0,
    allow_leaky: bool = False,
    closed_only: bool | None = None,
) -> LeadModel:
    """Train a lead-conversion classifier and evaluate it on a stratified held-out split.

    Parameters
    ----------
    leads : DataFrame
        One row per lead with the features and a yes/no ``target``.
    features : list of str, optional
        Default :data:`LEAD_FEATURES` (the ones the table has): what is known
        before the sale. Columns in :data:`LEAKY_COLUMNS` (in-sale and
        after-outcome) are refused unless ``allow_leaky=True`` (for showing
        what leakage does — never for real use).
    closed_only : bool, optional
        Train and test on closed leads only: an open lead has no outcome yet,
        and counting it as lost would teach the model that new leads fail.
        Default: when the table has ``lead_status``.
    columns : mapping, optional
        Kit name -> your column name, e.g. ``{"converted": "won"}``.
    model : {"logistic", "boosting"}
        ``LogisticRegression`` or ``GradientBoostingClassifier``.

    Raises
    ------
    course.data.DataError
        Missing columns, a target with one class, too few rows, leaky features.

    Examples
    --------
    >>> model = train_lead_model(data.load("b2b_leads"))     # doctest: +SKIP
    >>> model.metrics(0.5)["recall"]                          # doctest: +SKIP
    """
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import train_test_split

    frame = to_kit_names(leads, columns, "leads")
    require(frame, [target], "leads")
    if features is None:
        features = [c for c in LEAD_FEATURES if c in frame.columns]
        if not features:
            require(frame, LEAD_FEATURES[:3], "leads")
    features = list(features)
    require(frame, features, "leads")
    leaky = [c for c in features if c in LEAKY_COLUMNS]
    if leaky and not allow_leaky:
        after = [c for c in leaky if c in AFTER_OUTCOME]
        during = [c for c in leaky if c not in AFTER_OUTCOME]
        en, zh = [], []
        if after:
            en.append(f"{after} are only known after the outcome")
            zh.append(f"{after} 要等结果出来后才知道")
        if during:
            en.append(f"{during} are filled in during the sale, so a lead you have not worked yet has none of them")
            zh.append(f"{during} 是在销售过程中才陆续产生的，尚未跟进的新线索根本没有这些值")
        raise data_error(
            f"leads: {'; '.join(en)} (leakage): a model using them looks excellent on closed leads and cannot rank "
            "new ones. Fix: drop them from features (keep what is known before the sale: "
            f"{', '.join(c for c in LEAD_FEATURES if c in frame.columns)}).",
            f"leads：{'；'.join(zh)}（数据泄漏）。用了它们的模型在已结束的线索上成绩很好，却无法给新线索排序。"
            f"请从特征中删掉它们（只保留销售开始前就知道的：{'、'.join(c for c in LEAD_FEATURES if c in frame.columns)}）。",
            source="leads", column=leaky[0])
    if closed_only is None:
        closed_only = "lead_status" in frame.columns
    dropped_open = 0
    if closed_only:
        require(frame, ["lead_status"], "leads")
        open_ = frame["lead_status"].astype("str").str.strip().str.lower().eq("open")
        dropped_open = int(open_.sum())
        frame = frame.loc[~open_]
    y = _outcome(frame[target], target, "leads")
    _check_classes(y, target, "leads")
    if not allow_leaky:  # the data's own evidence, beside the names: a column that alone predicts almost perfectly
        from course.precision_targets import LEAK_AUC, _single_auc

        perfect = [c for c in features if _single_auc(frame[c], y, random_state=random_state) >= LEAK_AUC]
        if perfect:
            raise data_error(
                f"leads: {perfect} alone predict {target!r} almost perfectly (held-out AUC ≥ {LEAK_AUC}): such a column is "
                "recorded from the outcome (leakage), and a model using it is useless on open leads. Fix: drop it from "
                "features (allow_leaky=True only to show what leakage does).",
                f"leads：仅凭 {perfect} 就几乎能完美预测 {target!r}（留出集 AUC ≥ {LEAK_AUC}）：这样的列是根据结果记录的"
                "（数据泄漏），用了它的模型对在跟的线索毫无用处。请从特征中删掉（allow_leaky=True 只用于演示泄漏的后果）。",
                source="leads", column=perfect[0])
    from course.precision_targets import number_like

    numeric_text = [c for c in features if number_like(frame[c])]
    design = _design(frame, features, numeric_text)
    x_train, x_test, y_train, y_test = train_test_split(
        design, y, test_size=test_size, stratify=y, random_state=random_state)
    pipe = _pipeline(design, model, random_state).fit(x_train, y_train)
    return LeadModel(
        pipeline=pipe,
        features=features,
        target=target,
        test_ids=x_test.index,
        y_test=np.asarray(y_test),
        test_scores=pipe.predict_proba(x_test)[:, 1],
        train_auc=float(roc_auc_score(y_train, pipe.predict_proba(x_train)[:, 1])),
        columns=dict(columns or {}),
        open_leads_left_out=dropped_open,
        numeric_text=numeric_text,
    )


def day_one_view(leads: pd.DataFrame) -> pd.DataFrame:
    """The leads as they looked the day each was created: every in-sale signal at its starting value.

    No quote asked, no trial, no proposal, no objection yet, stage
    ``contacted`` (:data:`DAY_ONE`). Scoring this view shows what a model can
    do for the decision it is meant for — whom to work next — and exposes a
    model that leans on signals a new lead cannot have.

    >>> leads = pd.DataFrame({"asked_quote": [True], "stage": ["plan"], "money": [True]})
    >>> day_one_view(leads)[["asked_quote", "stage", "money"]].values.tolist()
    [[False, 'contacted', True]]
    """
    out = leads.copy()
    for column, value in DAY_ONE.items():
        if column in out.columns:
            out[column] = pd.Series([value] * len(out), index=out.index, dtype=out[column].dtype)
    return out


# --------------------------------------------------------------------------- gains, lift, targeting
def _order(scores: np.ndarray) -> np.ndarray:
    """Highest score first; ties keep their original order (deterministic)."""
    return np.argsort(-np.asarray(scores, dtype=float), kind="stable")


def gains_table(outcome, scores, bins: int = 10) -> pd.DataFrame:
    """Leads sorted by score, cut into ``bins`` equal groups: wins, rate, lift, cumulative gains.

    ``lift`` compares each group's conversion rate with the overall rate;
    ``cum_wins_share`` is the gains curve (share of all wins captured so far).

    >>> table = gains_table([1, 0, 1, 0, 0, 0, 0, 0, 0, 0], [.9, .8, .7, .6, .5, .4, .3, .2, .1, 0], bins=5)
    >>> table["lift"].tolist()
    [2.5, 2.5, 0.0, 0.0, 0.0]
    """
    y = np.asarray(outcome, dtype=float)
    if len(y) != len(scores) or len(y) < bins or np.nansum(y) == 0:
        raise data_error(
            f"gains table: need at least {bins} scored leads with some wins (got {len(y)} rows, {int(np.nansum(y))} wins).",
            f"增益表：至少需要 {bins} 条有得分的线索，且其中要有成交（现有 {len(y)} 行、{int(np.nansum(y))} 次成交）。")
    ordered = y[_order(scores)]
    groups = np.array_split(np.arange(len(ordered)), bins)
    leads = np.array([len(g) for g in groups])
    wins = np.array([ordered[g].sum() for g in groups])
    base = ordered.mean()
    table = pd.DataFrame({
        "leads": leads,
        "wins": wins.astype(int),
        "conversion_rate": wins / leads,
        "lift": np.round(wins / leads / base, 10),
        "cum_leads_share": np.cumsum(leads) / len(ordered),
        "cum_wins_share": np.cumsum(wins) / ordered.sum(),
    }, index=pd.RangeIndex(1, bins + 1, name="group"))
    table["cum_lift"] = table["cum_wins_share"] / table["cum_leads_share"]
    return table


def gains_curve(outcome, scores) -> tuple[np.ndarray, np.ndarray]:
    """x = share of leads contacted (best first), y = share of all wins captured; both start at 0."""
    y = np.asarray(outcome, dtype=float)[_order(scores)]
    x_share = np.arange(len(y) + 1) / len(y)
    y_share = np.concatenate([[0.0], np.cumsum(y) / y.sum()])
    return x_share, y_share


def targeting_summary(
    scores,
    outcome=None,
    *,
    top_n: int | None = None,
    threshold: float | None = None,
    cost_per_contact: float = 400.0,
    value_per_win: float = 6000.0,
) -> dict[str, float]:
    """Who gets contacted (the ``top_n`` best, or all with score ≥ ``threshold``) and what it earns.

    ``expected_wins`` is the sum of the contacted leads' probabilities; when
    ``outcome`` is known (held-out leads) ``wins`` counts the real ones and
    ``profit``/``lift`` use them, otherwise the expectation.

    >>> s = targeting_summary([.9, .5, .2, .1], [1, 1, 0, 0], top_n=1, cost_per_contact=100, value_per_win=1000)
    >>> s["contacted"], s["wins"], s["profit"], s["lift"]
    (1, 1, 900.0, 2.0)
    """
    scores = np.asarray(scores, dtype=float)
    order = _order(scores)
    if (top_n is None) == (threshold is None):
        raise ValueError("give exactly one of top_n or threshold / top_n 和 threshold 只能给一个")
    n = int(np.clip(top_n, 0, len(scores))) if top_n is not None else int((scores >= threshold).sum())
    chosen = order[:n]
    expected = float(scores[chosen].sum())
    known = outcome is not None
    y = np.asarray(outcome, dtype=float) if known else scores
    wins = float(y[chosen].sum())
    rate = wins / n if n else 0.0
    base = float(y.mean())
    cost = n * float(cost_per_contact)
    return {
        "contacted": n,
        "share_contacted": n / len(scores),
        "threshold": float(scores[chosen[-1]]) if n else float("inf"),
        "expected_wins": expected,
        "wins": int(wins) if known else wins,
        "share_of_wins": wins / y.sum() if y.sum() else 0.0,
        "cost": cost,
        "revenue": wins * float(value_per_win),
        "profit": wins * float(value_per_win) - cost,
        "conversion_rate": rate,
        "lift": rate / base if base else float("nan"),
    }


def leads_for_budget(scores, budget: float, cost_per_contact: float) -> tuple[int, float]:
    """How many leads a contact budget pays for, and the score threshold that picks exactly them.

    >>> leads_for_budget([.9, .7, .4, .2], budget=250, cost_per_contact=100)
    (2, 0.7)
    """
    scores = np.asarray(scores, dtype=float)
    if cost_per_contact <= 0:
        raise ValueError("cost_per_contact must be positive / 每次联系的成本必须大于 0")
    n = int(min(len(scores), budget // cost_per_contact))
    if n == 0:
        return 0, float("inf")
    return n, float(scores[_order(scores)[n - 1]])


def plot_gains(outcome, scores, *, contacted: int | None = None, bins: int = 10, lang: str | None = None):
    """Cumulative gains curve (left) and lift per score group (right)."""
    from course.plots import PALETTE, new_figure

    fig, (ax, ax2) = new_figure(11, 4.4, ncols=2)
    x, y = gains_curve(outcome, scores)
    ys = np.asarray(outcome, dtype=float)
    ideal = np.minimum(x * len(ys) / ys.sum(), 1.0)
    ax.plot(x * 100, ideal * 100, color=PALETTE[5], ls=":", lw=1.5, label=t("ch07.gains.ideal", lang))
    ax.plot(x * 100, y * 100, color=PALETTE[0], lw=2.5, label=t("ch07.gains.model", lang))
    ax.plot([0, 100], [0, 100], color=PALETTE[3], ls="--", lw=1.2, label=t("ch07.gains.random", lang))
    if contacted:
        share = contacted / len(ys)
        captured = y[contacted]
        ax.scatter([share * 100], [captured * 100], color=PALETTE[1], s=70, zorder=4)
        # on a white ground: the random-order line runs under the sentence for some contact counts
        ax.annotate(t("ch07.gains.point", lang, x=share, y=captured), (share * 100, captured * 100),
                    xytext=(12, -22), textcoords="offset points", fontsize=10, zorder=5,
                    bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.9})
    ax.set_xlabel(t("ch07.gains.xlabel", lang))
    ax.set_ylabel(t("ch07.gains.ylabel", lang))
    ax.set_title(t("ch07.gains.title", lang))
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 102)
    ax.legend(loc="lower right", fontsize=9)
    table = gains_table(outcome, scores, bins)
    ax2.bar(table.index, table["lift"], color=PALETTE[0], alpha=0.85)
    ax2.axhline(1, color=PALETTE[3], ls="--", lw=1.2)
    ax2.annotate(t("ch07.lift.baseline", lang), (bins + 0.4, 1), xytext=(0, 3), textcoords="offset points",
                 va="bottom", ha="right", fontsize=9)  # just above the line, not struck through by it
    ax2.set_xticks(table.index)
    ax2.set_xlabel(t("ch07.lift.xlabel", lang, n=bins))
    ax2.set_ylabel(t("ch07.lift.ylabel", lang))
    ax2.set_title(t("ch07.lift.title", lang))
    return fig


__all__ = [
    "AFTER_OUTCOME",
    "AS_OF",
    "DAY_ONE",
    "IN_SALE",
    "IN_SALE_SIGNALS",
    "LEAD_FEATURES",
    "LEAKY_COLUMNS",
    "LeadModel",
    "day_one_view",
    "gains_curve",
    "gains_table",
    "leads_for_budget",
    "plot_gains",
    "targeting_summary",
    "train_lead_model",
]
