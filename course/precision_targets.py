"""Scoring a user's own leads: any yes/no outcome, any columns, and a leakage guard that reads the data (自有线索的目标建模).

The Chapter 7 lead model (:func:`course.precision_models.train_lead_model`)
knows the kit's columns. A business owner's file does not look like that: the
outcome is called ``subscribed`` or ``y`` and written ``yes``/``no``, numbers
arrive as text with thousands separators and blanks, a reference number is
unique per row, and some columns are only filled in *after* the outcome (the
length of the sales call, the contract value). :func:`train_target_model`
takes such a table as it is:

* the outcome: bool, 1/0, yes/no (是/否…), or any two values with
  ``positive=`` naming the one that counts as a win; blank outcomes are open
  leads, left out of training and scored afterwards;
* the features: the ones given, else every other column except identifiers
  (unique per row), constants and text with too many different values;
  number-like text becomes numbers (a blank is imputed, not a category);
* the leakage guard looks at the data (:func:`leakage_check`): a column that
  alone predicts the outcome almost perfectly (held-out AUC ≥
  :data:`LEAK_AUC`), or that carries far more signal than every other column
  (≥ :data:`DOMINANT_AUC` and :data:`DOMINANT_GAP` above the next best — what a
  value recorded during or after the outcome, such as a call's length, looks
  like; judged only beside at least two other honest columns), is flagged and
  left out unless the user insists (``insist=``).

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> won = rng.random(400) < 0.3
>>> table = pd.DataFrame({"visits": rng.poisson(2 + 2 * won), "value_after": np.where(won, 900, 0),
...                       "y": np.where(won, "yes", "no")})
>>> model = train_target_model(table, "y")
>>> model.features, sorted(model.left_out)
(['visits'], ['value_after'])
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from course.precision_models import LeadModel, _check_classes, _pipeline, data_error, to_kit_names

__all__ = ["DOMINANT_AUC", "DOMINANT_GAP", "LEAK_AUC", "TargetModel", "leakage_check", "number_like", "outcome_flags",
           "train_target_model"]

#: a column that alone reaches this held-out AUC predicts the outcome almost perfectly: leakage
LEAK_AUC = 0.95
#: a column this strong on its own, ...
DOMINANT_AUC = 0.75
#: ... and this far above the next best column, carries the outcome rather than a sign of it
DOMINANT_GAP = 0.10
_POSITIVE_WORDS = {"yes", "y", "true", "t", "1", "won", "win", "converted", "subscribed", "bought", "buy", "success",
                   "positive", "churn", "churned", "是", "有", "成交", "已成交", "购买", "签约", "成功", "√", "✓"}
_NEGATIVE_WORDS = {"no", "n", "false", "f", "0", "lost", "lose", "not", "none", "failure", "negative", "stayed", "否", "无",
                   "没有", "未成交", "流失", "失败", "×", "✗"}
_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")


@dataclass
class TargetModel(LeadModel):
    """A :class:`~course.precision_models.LeadModel` trained on a user's own outcome, with what was decided.

    Extra attributes: ``positive`` (the outcome value counted as a win),
    ``left_out`` (column → ``{"en", "zh"}`` reason: identifiers, constants,
    leakage…), ``leakage`` (the :func:`leakage_check` table), ``insisted``
    (flagged columns kept because the user asked), ``open_rows`` (index of
    rows with no outcome yet).
    """

    positive: str = "yes"
    left_out: dict[str, dict[str, str]] = field(default_factory=dict)
    leakage: pd.DataFrame = field(default_factory=pd.DataFrame)
    insisted: list[str] = field(default_factory=list)
    open_rows: pd.Index = field(default_factory=lambda: pd.Index([]))
    #: columns left out as identifiers (unique per row): what a call list shows to say which lead is which
    identifiers: list[str] = field(default_factory=list)


def number_like(values: pd.Series, share: float = 0.95) -> bool:
    """True for text that is really numbers (``1,234``, ``¥56``, ``7.5 ``; blanks allowed) in ``share`` of its cells.

    >>> number_like(pd.Series(["1,234", " ", "56.5", "7"])), number_like(pd.Series(["a1", "b2"]))
    (True, False)
    """
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return False
    text = _clean_number_text(values).dropna()
    text = text[text != ""]
    if text.empty:
        return False
    return float(text.str.match(_NUMBER.pattern).mean()) >= share


def _clean_number_text(values: pd.Series) -> pd.Series:
    return (values.astype("string").str.strip().str.replace(r"^[¥￥$£€]|^(?:RMB|CNY)\s*", "", regex=True)
            .str.replace(r"\s", "", regex=True))


def _to_number(values: pd.Series) -> pd.Series:
    return pd.to_numeric(_clean_number_text(values).str.replace(",", "", regex=False).replace("", pd.NA),
                         errors="coerce").astype(float)


def outcome_flags(values: pd.Series, positive: str | None = None, column: str = "target") -> tuple[pd.Series, str]:
    """The outcome as 1.0 / 0.0 / NaN (blank = not known yet), and the value counted as a win.

    Bool, 1/0 and yes/no words are read as such; any two other values need ``positive``.

    >>> outcome_flags(pd.Series(["yes", "no", None, "YES"]))[0].tolist()
    [1.0, 0.0, nan, 1.0]
    """
    if pd.api.types.is_bool_dtype(values):
        return values.astype(float), "True"
    text = values.astype("string").str.strip()
    text = text.where(text.notna() & (text != ""))
    distinct = list(pd.unique(text.dropna()))
    low = {v: str(v).lower().removesuffix(".0") for v in distinct}
    if positive is not None:
        hit = [v for v in distinct if v == positive or low[v] == str(positive).strip().lower()]
        if not hit:
            raise data_error(
                f"target '{column}': no row has the value '{positive}' given as the win. Values found: "
                f"{', '.join(map(str, distinct[:8]))}. Fix: pass one of them (--target {column}=VALUE).",
                f"目标列 '{column}'：没有任何一行的值是指定为“成交”的 '{positive}'。实际的值有："
                f"{'、'.join(map(str, distinct[:8]))}。解决办法：改为其中之一（--target {column}=值）。",
                source=column, column=column)
        wins = set(hit)
    else:
        lowered = set(low.values())
        wins = {v for v in distinct if low[v] in _POSITIVE_WORDS}
        losses = {v for v in distinct if low[v] in _NEGATIVE_WORDS}
        two_words = len(lowered) <= 2 and wins and wins | losses == set(distinct) and (losses or len(lowered) == 1)
        if not two_words:
            raise data_error(
                f"target '{column}': cannot tell which value is a win among {', '.join(map(str, distinct[:8]))}"
                f"{' …' if len(distinct) > 8 else ''}. The outcome must have two values (yes/no, 1/0, won/lost). Fix: "
                f"name the win, e.g. --target {column}={distinct[0] if distinct else 'yes'} (positive= in Python), or choose "
                f"another column.",
                f"目标列 '{column}'：无法判断 {'、'.join(map(str, distinct[:8]))} 中哪个值算“成交”。目标列必须只有两个值"
                f"（是/否、1/0、成交/未成交）。解决办法：指明哪个值算成交，例如 --target {column}="
                f"{distinct[0] if distinct else 'yes'}（Python 中用 positive=），或换一列。",
                source=column, column=column)
    out = text.map(lambda v: np.nan if pd.isna(v) else (1.0 if v in wins else 0.0)).astype(float)
    return pd.Series(out.to_numpy(dtype=float), index=values.index), str(sorted(wins, key=str)[0])


def _single_auc(x: pd.Series, y: np.ndarray, folds: int = 5, random_state: int = 0) -> float:
    """Held-out AUC of one column alone, in whichever direction it points (0.5 = no signal, 1 = perfect).

    Numbers (and dates) are ranked as they are, a blank below every value, so "blank for one outcome"
    shows; text and yes/no are turned into each value's win rate on the other folds (target encoding).
    """
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold

    if pd.api.types.is_datetime64_any_dtype(x):
        x = (x - pd.Timestamp("2000-01-01")).dt.days
    if pd.api.types.is_numeric_dtype(x) and not pd.api.types.is_bool_dtype(x):
        v = pd.to_numeric(x, errors="coerce").astype(float)
        filled = v.fillna(v.min() - 1 if v.notna().any() else 0).to_numpy()
        if np.unique(filled).size < 2:
            return 0.5
        auc = roc_auc_score(y, filled)
        return float(max(auc, 1 - auc))
    cats = x.astype("string").fillna("(blank)").to_numpy(dtype=object)
    scores = np.zeros(len(y))
    splitter = StratifiedKFold(n_splits=min(folds, int(np.bincount(y).min())), shuffle=True, random_state=random_state)
    for train, test in splitter.split(cats, y):
        rates = pd.Series(y[train]).groupby(cats[train]).mean()
        scores[test] = pd.Series(cats[test]).map(rates).fillna(y[train].mean()).to_numpy()
    if np.unique(scores).size < 2:
        return 0.5
    auc = roc_auc_score(y, scores)
    return float(max(auc, 1 - auc))


def leakage_check(frame: pd.DataFrame, target: str, features: Sequence[str] | None = None, *, positive: str | None = None,
                  random_state: int = 0) -> pd.DataFrame:
    """How strongly each column alone predicts the outcome, and whether that looks like leakage.

    One row per feature (strongest first): ``auc`` (held-out, either
    direction), ``blank_if_win`` / ``blank_if_loss`` (share of blank cells in
    each outcome), ``verdict`` (``"leak"``: alone almost perfect;
    ``"dominant"``: far stronger than every other column; ``"ok"``) and
    ``reason_en`` / ``reason_zh``.
    """
    y_all, _ = outcome_flags(frame[target], positive, target)
    known = y_all.notna().to_numpy()
    y = y_all.to_numpy()[known].astype(int)
    features = [c for c in (features if features is not None else frame.columns) if c != target]
    rows = []
    for name in features:
        x = frame[name].loc[known]
        if number_like(x):
            x = _to_number(x)
        blank = x.isna().to_numpy()
        rows.append({"feature": name, "auc": _single_auc(x, y, random_state=random_state),
                     "blank_if_win": float(blank[y == 1].mean()) if (y == 1).any() else 0.0,
                     "blank_if_loss": float(blank[y == 0].mean()) if (y == 0).any() else 0.0})
    table = pd.DataFrame(rows, columns=["feature", "auc", "blank_if_win", "blank_if_loss"])
    if table.empty:
        return table.assign(verdict=pd.Series(dtype=str), reason_en=pd.Series(dtype=str), reason_zh=pd.Series(dtype=str))
    table = table.sort_values(["auc", "feature"], ascending=[False, True], kind="stable").reset_index(drop=True)
    verdicts, en, zh = [], [], []
    leaks = table["auc"] >= LEAK_AUC
    for i, row in table.iterrows():
        others = table["auc"].drop(index=i)[~leaks.drop(index=i)]  # beside the honest columns, not the leaks
        runner = float(others.max()) if len(others) else 0.5
        if row["auc"] >= LEAK_AUC:
            verdicts.append("leak")
            en.append(f"alone it predicts the outcome almost perfectly (AUC {row['auc']:.2f} on rows it did not see): it is "
                      f"most likely recorded from the outcome itself, like a contract value or a closing date")
            zh.append(f"仅凭这一列就几乎能完美预测结果（在未参与计算的行上 AUC 为 {row['auc']:.2f}）：它很可能是根据结果本身"
                      f"记录的，比如合同金额或成交日期")
        elif len(others) >= 2 and row["auc"] >= DOMINANT_AUC and row["auc"] - runner >= DOMINANT_GAP:
            verdicts.append("dominant")
            en.append(f"it carries far more signal than any other column (AUC {row['auc']:.2f} against {runner:.2f} for the "
                      f"next best): that is how a value recorded during or after the outcome looks, such as the length "
                      f"of the sales call, which you cannot know before calling")
            zh.append(f"它携带的信息远多于其他任何一列（AUC {row['auc']:.2f}，其次的一列只有 {runner:.2f}）：在结果出来时或"
                      f"之后才记录的值就是这个样子，比如销售通话的时长——打电话之前是不可能知道的")
        else:
            verdicts.append("ok")
            en.append("")
            zh.append("")
    return table.assign(verdict=verdicts, reason_en=en, reason_zh=zh)


def _id_like(values: pd.Series) -> bool:
    present = values.dropna()
    if len(present) < 20 or pd.api.types.is_float_dtype(present):
        return False
    return bool(present.nunique() >= 0.95 * len(present))


def train_target_model(
    table: pd.DataFrame,
    target: str,
    features: Sequence[str] | None = None,
    *,
    positive: str | None = None,
    insist: Sequence[str] = (),
    columns: Mapping[str, str] | None = None,
    model: str = "logistic",
    test_size: float = 0.25,
    random_state: int = 0,
    max_categories: int = 50,
) -> TargetModel:
    """Train a classifier for a user's own yes/no outcome, with a leakage guard that reads the data.

    Parameters
    ----------
    table : DataFrame
        One row per lead (or customer); any columns.
    target : str
        The outcome column: bool, 1/0, yes/no words, or two values with ``positive``.
        Rows with a blank outcome are open: not trained on, scored by :meth:`predict`.
    features : list of str, optional
        Default: every other column except identifiers (unique per row),
        constants and text with more than ``max_categories`` values.
    positive : str, optional
        The outcome value that counts as a win.
    insist : list of str
        Flagged columns to keep anyway (e.g. to show what leakage does).
    columns : mapping, optional
        Kit name -> your column name (as in :func:`course.precision.train_lead_model`).

    Raises
    ------
    course.data.DataError
        Unknown columns, an outcome that is not two-valued, one class only,
        too few rows, or no usable feature left (naming what was left out and why).
    """
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import train_test_split

    from course.precision_models import _design, require

    frame = to_kit_names(table, columns, "leads")
    require(frame, [target, *(features or [])], "leads")
    require(frame, list(insist), "leads")
    y_all, win = outcome_flags(frame[target], positive, target)
    known = y_all.notna()
    labelled = frame.loc[known]
    y = y_all.loc[known].to_numpy(dtype=int)
    _check_classes(y, target, "leads")
    left_out: dict[str, dict[str, str]] = {}
    identifiers = [c for c in frame.columns if c != target and not number_like(labelled[c]) and _id_like(labelled[c])
                   and not pd.api.types.is_datetime64_any_dtype(labelled[c])]
    candidates = list(features) if features is not None else [c for c in frame.columns if c != target]
    if features is None:
        for name in list(candidates):
            col = labelled[name]
            if col.nunique(dropna=True) <= 1:
                left_out[name] = {"en": "one value in every row", "zh": "每一行都是同一个值"}
            elif name in identifiers:
                left_out[name] = {"en": "an identifier (different in every row): it says nothing about the outcome",
                                  "zh": "是编号（每行都不同），与结果无关"}
            elif (not pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)
                  and not pd.api.types.is_datetime64_any_dtype(col) and not number_like(col)
                  and col.nunique() > max_categories):
                left_out[name] = {"en": f"text with {col.nunique():,} different values: too many to learn from",
                                  "zh": f"文本列，有 {col.nunique():,} 个不同的值，太多，无法从中学习"}
        candidates = [c for c in candidates if c not in left_out]
    numeric_text = [c for c in candidates if number_like(labelled[c])]
    check = leakage_check(labelled, target, candidates, positive=win if positive is not None else None,
                          random_state=random_state)
    insisted = []
    for row in check.itertuples():
        if row.verdict == "ok":
            continue
        if row.feature in insist:
            insisted.append(row.feature)
            continue
        left_out[row.feature] = {"en": row.reason_en, "zh": row.reason_zh}
    chosen = [c for c in candidates if c not in left_out]
    if not chosen:
        why = "; ".join(f"{c}: {r['en']}" for c, r in left_out.items())
        why_zh = "；".join(f"{c}：{r['zh']}" for c, r in left_out.items())
        raise data_error(
            f"leads: no column is left to learn '{target}' from ({why}). Fix: add columns known before the outcome, "
            f"or keep a flagged one on purpose with --keep-features / insist=[…].",
            f"leads：没有可以用来学习“{target}”的列了（{why_zh}）。解决办法：补充在结果出来之前就能知道的列，"
            f"或用 --keep-features / insist=[…] 有意保留某个被标记的列。", source="leads", column=target)
    design = _design(labelled, chosen, numeric_text=numeric_text)
    x_train, x_test, y_train, y_test = train_test_split(design, y, test_size=test_size, stratify=y, random_state=random_state)
    pipe = _pipeline(design, model, random_state).fit(x_train, y_train)
    return TargetModel(
        pipeline=pipe, features=chosen, target=target, test_ids=x_test.index, y_test=np.asarray(y_test),
        test_scores=pipe.predict_proba(x_test)[:, 1], train_auc=float(roc_auc_score(y_train, pipe.predict_proba(x_train)[:, 1])),
        columns=dict(columns or {}), numeric_text=numeric_text, positive=win, left_out=left_out, leakage=check,
        insisted=insisted, open_rows=frame.index[~known.to_numpy()], identifiers=identifiers)
