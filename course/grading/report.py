"""The class report and the trainees' feedback pages (班级报告与个人反馈).

The report is a papermill template (``course/reports/templates/class_report.ipynb``)
that calls the functions below; :func:`class_report` runs it through
:func:`course.reports.run_report` and writes one feedback page per trainee
next to it (``REPORT-feedback/TRAINEE.html``). It opens with a summary for the
instructor (:mod:`course.grading.report_summary`): who needs help on what, the
exercise to go over in class, the written answers awaiting review and the
submissions flagged while grading.

All tables come from the gradebook's *latest* run per trainee and chapter,
except the progress across runs, which follows the class run by run.

Every trainee string (names, folder names, answers, messages, grader notes)
is shown as text: tables are built by :func:`course.reports.layout.report_table`
(every cell escaped, names and answers shown verbatim), the feedback pages
through :func:`html.escape`, and every page carries a Content-Security-Policy
that allows no script at all (only inline styles, ``data:`` images and the
embedded ``data:`` font). Each trainee's page has a name of its own
(``wang li`` and ``wang_li`` are two people, two pages).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from course import i18n
from course.i18n import t

STATUS_KEYS = {"missing": "report.class.status.missing", "review": "grading.status.review"}
#: faults that ask for the instructor's eye (a check touched, an answer forged, a second notebook): see :func:`flagged`
INTEGRITY = ("check_deleted", "check_edited", "forged_answer", "forged_record", "several_answers", "possible_tampering",
             "suspicious_code", "duplicate_submission")


@dataclass
class ClassData:
    """The gradebook's results, ready for the report."""

    history: pd.DataFrame
    latest: pd.DataFrame
    runs: pd.DataFrame
    #: each trainee's latest submission per chapter (a file whose chapter could not be told: per trainee), with the
    #: faults recorded on the whole file (a second notebook, hints unknown, an unreadable file)
    submissions: pd.DataFrame = field(default_factory=pd.DataFrame)

    @classmethod
    def load(cls, db_url: str, chapter: str | None = None) -> ClassData:
        from course.grading.gradebook import Gradebook

        book = Gradebook(db_url)
        history = book.results()
        if chapter:
            history = history[history["chapter"] == str(chapter).zfill(2)]
        last = history.groupby(["trainee", "chapter"])["run_id"].transform("max") if not history.empty else None
        latest = history[history["run_id"] == last].reset_index(drop=True) if last is not None else history
        handed = book.submissions()
        if not handed.empty:
            handed = handed[handed["outcome"] != "duplicate"]  # said on the graded notebook of the same chapter
            if chapter:
                handed = handed[handed["chapter"].isna() | (handed["chapter"] == str(chapter).zfill(2))]
            key = handed["chapter"].fillna("")
            newest = handed.groupby([handed["trainee"], key])["run_id"].transform("max")
            handed = handed[handed["run_id"] == newest].reset_index(drop=True)
        return cls(history=history.reset_index(drop=True), latest=latest, runs=book.runs(), submissions=handed)

    @property
    def empty(self) -> bool:
        return self.latest.empty

    @property
    def chapters(self) -> list[str]:
        return sorted(self.latest["chapter"].dropna().astype(str).unique())


def status_label(status: str, lang: str | None = None) -> str:
    return t(STATUS_KEYS.get(status, f"status.{status}"), lang=lang)


def fault_label(code: str, lang: str | None = None) -> str:
    """A grading fault in words (``check_deleted`` → "check cell deleted"); an unknown one as "another fault"."""
    key = f"report.class.fault.{code}"
    return t(key, lang) if key in i18n.messages() else t("report.class.fault.other", lang)


def fault_names(codes: str, lang: str | None = None) -> str:
    """Comma-separated fault codes (as :func:`needs_help` lists them) in words."""
    return id_list([fault_label(c.strip(), lang) for c in str(codes or "").split(",") if c.strip()], lang)


def headers(frame: pd.DataFrame) -> pd.DataFrame:
    """Column names in the current language (``report.class.col.<name>``)."""
    known = i18n.messages()
    out = frame.copy()
    out.columns = [t(f"report.class.col.{c}") if f"report.class.col.{c}" in known else c for c in out.columns]
    return out


@cache
def _titles(chapter: str) -> dict[str, dict[str, str]]:
    from course.grading.structure import exercise_module

    try:
        return {q.id: dict(q.title) for q in exercise_module(chapter).EXERCISES}
    except (ValueError, AttributeError, ImportError):
        return {}


def exercise_title(eid: str, lang: str | None = None) -> str:
    """What an exercise asks, in the reader's language (``""`` for an id the kit does not know)."""
    match = re.fullmatch(r"ch(\d{2})\.q\d+", str(eid))
    title = _titles(match.group(1)).get(str(eid)) if match else None
    return title[lang or i18n.get_language()] if title else ""


def short_id(eid: str, data: ClassData) -> str:
    """``q4`` when the report covers one chapter, else the full ``ch01.q4``."""
    return str(eid).split(".", 1)[1] if len(data.chapters) == 1 and "." in str(eid) else str(eid)


def _faults(reasons: Iterable[str | None]) -> list[str]:
    return sorted({code for reason in reasons if isinstance(reason, str)
                   for code in re.findall(r"(?:^|; )(\w+):", reason)} - {"widget_answer"})


# --------------------------------------------------------------------------- tables
def trainee_scores(data: ClassData) -> pd.DataFrame:
    """Per trainee: score, exercises graded, share right and answers still awaiting review (latest run)."""
    frame = data.latest
    table = frame.groupby("trainee").agg(score=("score", "sum"), max_score=("exercise", "size"),
                                         right=("status", lambda s: int((s == "correct").sum())),
                                         review=("status", lambda s: int((s == "review").sum())))
    # the share follows the score, so a written answer reviewed at half marks counts half (7.5 of 10 is 75%)
    table["share"] = (table["score"] / table["max_score"]).round(3)
    return table.sort_values(["share", "score"]).reset_index()[["trainee", "score", "max_score", "share", "review"]]


def awaiting_review(data: ClassData) -> pd.DataFrame:
    """Per exercise: written answers still awaiting the instructor's review, and whose."""
    frame = data.latest[data.latest["status"] == "review"]
    if frame.empty:
        return pd.DataFrame(columns=["exercise", "review", "trainees"])
    table = frame.groupby("exercise").agg(review=("trainee", "size"),
                                          trainees=("trainee", lambda s: ", ".join(sorted(map(str, s)))))
    return table.sort_values("review", ascending=False).reset_index()


def exercise_difficulty(data: ClassData) -> pd.DataFrame:
    """Per exercise: share right, share tried and share still awaiting review, hardest first."""
    frame = data.latest
    table = frame.groupby("exercise").agg(
        share_right=("status", lambda s: round(float((s == "correct").mean()), 3)),
        share_tried=("status", lambda s: round(float(s.isin(["correct", "incorrect", "error", "review"]).mean()), 3)),
        share_review=("status", lambda s: round(float((s == "review").mean()), 3)),
    )
    return table.sort_values(["share_right", "share_tried"]).reset_index()


def common_wrong_answers(data: ClassData, top: int = 3) -> pd.DataFrame:
    """The ``top`` most common wrong short answers of each exercise."""
    frame = data.latest
    wrong = frame[(frame["status"] == "incorrect") & frame["answer"].notna()].copy()
    if wrong.empty:
        return pd.DataFrame(columns=["exercise", "answer", "count"])
    wrong["answer"] = wrong["answer"].map(_answer_text)
    counts = wrong.groupby(["exercise", "answer"]).size().rename("count").reset_index()
    counts = counts.sort_values(["exercise", "count", "answer"], ascending=[True, False, True])
    return counts.groupby("exercise").head(top).reset_index(drop=True)


def _answer_text(raw: str) -> str:
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        return str(raw)
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def hint_use(data: ClassData) -> pd.DataFrame:
    """Per exercise: trainees who opened a hint, who opened the solution, mean hint level."""
    from course.grading.structure import exercise_module

    frame = data.latest.copy()
    levels: dict[str, int] = {}
    for eid in frame["exercise"].unique():
        try:
            levels[eid] = len(getattr(exercise_module(eid[2:4]), eid.split(".")[1]).hints) + 1
        except (ValueError, AttributeError):
            levels[eid] = 99
    frame["solution"] = frame.apply(lambda r: r["hints_used"] >= levels.get(r["exercise"], 99), axis=1)
    table = frame.groupby("exercise").agg(hinted=("hints_used", lambda s: int((s > 0).sum())),
                                          solution=("solution", "sum"), mean_hints=("hints_used", "mean"))
    table["solution"] = table["solution"].astype(int)
    table["mean_hints"] = table["mean_hints"].round(2)
    return table.sort_values(["hinted", "mean_hints"], ascending=False).reset_index()


def id_list(items: Iterable[str], lang: str | None = None) -> str:
    """Exercise ids or fault codes joined as the reader's language lists them ("q3, q4" / "q3、q4")."""
    return ("、" if (lang or i18n.get_language()) == "zh" else ", ").join(items)


def needs_help(data: ClassData, threshold: float = 0.5, lang: str | None = None) -> pd.DataFrame:
    """Trainees below ``threshold`` share right, with the exercises still open (not right, not awaiting review) and
    grading faults (codes, comma-separated for :func:`fault_names`)."""
    scores = trainee_scores(data)
    chapters = set(data.chapters)
    handed = data.latest.groupby("trainee")["chapter"].agg(lambda c: set(c.dropna().astype(str)))
    # a chapter the class handed in and this trainee did not is help needed too, whatever their share of the rest
    missing = {name: sorted(chapters - got) for name, got in handed.items() if len(chapters) > 1 and chapters - got}
    low = scores[(scores["share"] < threshold) | scores["trainee"].isin(missing)]
    rows = []
    for trainee in low["trainee"]:
        mine = data.latest[data.latest["trainee"] == trainee]
        still = mine.loc[~mine["status"].isin(["correct", "review"]), "exercise"].tolist()  # review: not theirs to do
        rows.append({"trainee": trainee, "share": float(low.loc[low["trainee"] == trainee, "share"].iloc[0]),
                     "open": id_list([short_id(e, data) for e in still], lang),  # q4 only if one chapter is shown
                     "missing": id_list([f"ch{c}" for c in missing.get(trainee, [])], lang),
                     "faults": ", ".join(_faults(mine["reason"]))})
    return pd.DataFrame(rows, columns=["trainee", "share", "open", "missing", "faults"])


#: faults of a whole file the instructor must see beside :data:`INTEGRITY` (a file that could not be graded at all)
WHOLE_FILE = ("hints_unknown", "invalid_json", "empty_file", "invalid_notebook", "unreadable_file", "too_large",
              "unknown_chapter", "grader_error")


def flagged(data: ClassData) -> pd.DataFrame:
    """Results whose grading raised a fault that asks for the instructor's eye (:data:`INTEGRITY`), latest run —
    and whole files: a second notebook of a chapter, hints unknown, a file that could not be graded (its trainee
    would otherwise be nowhere in the report)."""
    rows = []
    for row in data.latest.itertuples(index=False):
        codes = [c for c in _faults([row.reason]) if c in INTEGRITY]
        if codes:
            rows.append({"trainee": row.trainee, "exercise": row.exercise, "faults": codes})
    latest = data.latest
    for row in data.submissions.itertuples(index=False):
        # the grader repeats each exercise's faults on its file: only those of the file itself are added here
        mine = latest[(latest["trainee"] == row.trainee) & (latest["chapter"] == row.chapter)] if len(latest) else latest
        of_exercises = set(_faults(mine["reason"])) if len(mine) else set()
        codes = [c for c in _faults([row.reason]) if (c in INTEGRITY or c in WHOLE_FILE) and c not in of_exercises]
        if row.outcome in WHOLE_FILE and row.outcome not in codes:
            codes.append(row.outcome)
            history = data.history
            if isinstance(row.chapter, str) and len(history) and (
                    (history["trainee"] == row.trainee) & (history["chapter"] == row.chapter)
                    & (history["run_id"] < row.run_id) & (history["status"] != "missing")).any():
                codes.append("earlier_graded")  # the unreadable file replaced a graded one: that grade is in history
        if codes:
            where = f"ch{row.chapter}" if isinstance(row.chapter, str) and row.chapter else Path(str(row.path)).name
            rows.append({"trainee": row.trainee, "exercise": where, "faults": sorted(set(codes))})
    return pd.DataFrame(rows, columns=["trainee", "exercise", "faults"])


def progress_across_runs(data: ClassData) -> pd.DataFrame:
    """The class's standing after each grading run: every trainee's latest result so far, averaged.

    ``count`` is how many trainees were graded in that run; ``share`` is the average share right of the whole class
    as it stood after the run (a run in which only the weakest hand in again no longer looks like a fall).
    """
    frame = data.history
    # each (trainee, chapter) as graded in a run: score and exercises, so a run that grades chapter 2 does not erase
    # the trainee's chapter 1; a trainee's share as in the score table (score ÷ exercises, half marks counting half)
    per = frame.groupby(["run_id", "trainee", "chapter"]).agg(score=("score", "sum"), n=("exercise", "size"))
    per = per.reset_index()
    when = data.runs.set_index("run_id")["finished_at"] if not data.runs.empty else pd.Series(dtype=str)
    rows, standing = [], {}
    for run_id, part in per.groupby("run_id", sort=True):
        standing.update({(r.trainee, r.chapter): (float(r.score), int(r.n)) for r in part.itertuples(index=False)})
        totals: dict[str, list[float]] = {}
        for (trainee, _), (score, n) in standing.items():
            acc = totals.setdefault(trainee, [0.0, 0])
            acc[0] += score
            acc[1] += n
        shares = [score / n for score, n in totals.values() if n]
        rows.append({"run_id": int(run_id), "graded_at": _when(when.get(run_id, "")), "count": part["trainee"].nunique(),
                     "share": round(sum(shares) / len(shares), 3) if shares else 0.0})
    return pd.DataFrame(rows, columns=["run_id", "graded_at", "count", "share"])


def _when(stamp: object) -> str:
    """A gradebook time (ISO, UTC) as ``2026-11-29 07:59``; ``""`` when missing."""
    try:
        return pd.Timestamp(str(stamp)).strftime("%Y-%m-%d %H:%M") if stamp else ""
    except ValueError:
        return str(stamp)


# --------------------------------------------------------------------------- plots
def plot_scores(data: ClassData):
    """Histogram of the trainees' share right."""
    from course.plots import new_figure

    fig, ax = new_figure(7, 3.4)
    shares = trainee_scores(data)["share"]
    ax.hist(shares, bins=[i / 10 for i in range(11)], edgecolor="white")
    ax.set_xlabel(t("report.class.axis.share"))
    ax.set_ylabel(t("report.class.axis.trainees"))
    ax.set_title(t("report.class.plot.scores"))
    ax.xaxis.set_major_formatter(lambda x, _: f"{x:.0%}")
    ax.yaxis.get_major_locator().set_params(integer=True)
    return fig


def plot_difficulty(data: ClassData):
    """Horizontal bars: share right per exercise, hardest at the top; answers awaiting review shown apart."""
    from course.plots import PALETTE, new_figure

    table = exercise_difficulty(data)
    labels = [short_id(e, data) for e in table["exercise"]][::-1]
    fig, ax = new_figure(7, max(2.5, 0.35 * len(table) + 1.2))
    right = table["share_right"][::-1].to_numpy()
    review = table["share_review"][::-1].to_numpy()
    ax.barh(labels, right, color=PALETTE[0], label=t("report.class.plot.right"))
    if review.any():
        ax.barh(labels, review, left=right, color=PALETTE[5], label=t("report.class.plot.review"))
        # under the plot: inside, it covered the easiest exercises' bars
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1 - 0.6 / fig.get_figheight()), ncol=2, fontsize=9,
                  frameon=False)
    ax.set_xlim(0, 1)
    ax.set_xlabel(t("report.class.axis.share_trainees"))
    ax.set_title(t("report.class.plot.difficulty"))
    ax.xaxis.set_major_formatter(lambda x, _: f"{x:.0%}")
    return fig


def plot_progress(data: ClassData):
    """One bar per grading run: the class's average share right after it (runs are events, not a continuous line)."""
    from course.plots import PALETTE, new_figure

    table = progress_across_runs(data)
    fig, ax = new_figure(7, 3.2)
    names = [t("report.class.plot.run", n=r) for r in table["run_id"]]
    bars = ax.bar(names, table["share"], color=PALETTE[0], width=0.6)
    for bar, share, count in zip(bars, table["share"], table["count"], strict=True):
        ax.annotate(f"{share:.0%}", (bar.get_x() + bar.get_width() / 2, share), xytext=(0, 3),
                    textcoords="offset points", ha="center", fontsize=9)
        ax.annotate(t("report.class.plot.graded", n=count), (bar.get_x() + bar.get_width() / 2, 0), xytext=(0, 4),
                    textcoords="offset points", ha="center", fontsize=8, color="white")
    ax.set_ylim(0, 1.1)
    ax.set_ylabel(t("report.class.axis.class_share"))
    ax.set_title(t("report.class.plot.progress"))
    ax.yaxis.set_major_formatter(lambda x, _: f"{x:.0%}")
    ax.grid(axis="x", visible=False)
    return fig


# --------------------------------------------------------------------------- display
#: columns that hold what a trainee typed or is called: shown exactly as written
VERBATIM = ("trainee", "trainees", "answer", "open")


def table_html(frame: pd.DataFrame, percent: Iterable[str] = (), *, data: ClassData | None = None) -> str:
    """A house-style table (:func:`course.reports.layout.report_table`): headers in the current language,
    ``percent`` columns as percentages, exercise ids shortened when the report covers one chapter and followed by
    what the exercise asks.

    Every cell and header is escaped, so a trainee called ``<script>`` is shown as that text.
    """
    from course.reports.layout import report_table

    shown = frame.copy()
    if "trainee" in shown.columns:  # two trainees "Li Na" and "Li  Na" must not look the same
        shown["trainee"] = [shown_name(n) for n in shown["trainee"]]
    formats = {c: "pct" for c in percent if c in shown.columns}
    for column in shown.columns:
        if column not in formats and shown[column].dtype.kind == "f":
            formats[column] = "score"  # 16.75 (hint penalties, half marks), not 16.8
    if "exercise" in shown.columns:
        position = list(shown.columns).index("exercise")
        titles = [exercise_title(e) for e in shown["exercise"]]
        if data is not None:
            shown["exercise"] = [short_id(e, data) for e in shown["exercise"]]
        if any(titles):
            shown.insert(position + 1, "title", titles)
    names = {c: t(f"report.class.col.{c}") for c in shown.columns if f"report.class.col.{c}" in i18n.messages()}
    return report_table(shown, formats, names=names, verbatim=[c for c in VERBATIM if c in shown.columns], once=False)


def percent(frame: pd.DataFrame, *columns: str, data: ClassData | None = None):
    """A displayable escaped table with ``columns`` shown as percentages (see :func:`table_html`)."""
    from IPython.display import HTML

    return HTML(table_html(frame, columns, data=data))


def table(frame: pd.DataFrame, data: ClassData | None = None):
    """A displayable escaped table (see :func:`table_html`); numbers that are not whole show three digits."""
    from IPython.display import HTML

    return HTML(table_html(frame, data=data))


def heading(key: str, sid: str):
    """A section heading (the message ``key``, written as a Markdown ``## …``) with an id the summary links to."""
    from IPython.display import HTML

    from course.reports.layout import heading_html

    return HTML(heading_html(sid, t(key).lstrip("#").strip(), 2))


# --------------------------------------------------------------------------- feedback pages
#: no script, no remote content: even a string that slipped through escaping could not run
#: (the embedded Chinese font is a ``data:`` URL too: without ``font-src data:`` a zh page would show boxes)
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; "
       "form-action 'none'")


def _slug(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name, flags=re.UNICODE).strip("_.")[:60] or "trainee"


def page_name(trainee: str) -> str:
    """The file name of a trainee's feedback page: readable, and unique per exact name (``wang li`` ≠ ``wang_li``).

    >>> page_name("wang li") != page_name("wang_li")
    True
    """
    digest = hashlib.sha256(trainee.encode("utf-8")).hexdigest()[:8]
    return f"{_slug(trainee)}-{digest}.html"


def _reason(reason: str | None, lang: str) -> str:
    """The grader's note: as written in English; in Chinese, each fault by its Chinese name."""
    if not reason:
        return ""
    if lang == "en":
        return str(reason)
    return "；".join(fault_label(code, lang) for code in _faults([reason]))


def feedback_page(data: ClassData, trainee: str, lang: str, font: bytes | None = None) -> str:
    """One trainee's feedback page (self-contained HTML, every trainee string escaped, no script allowed).

    ``font``: a font :func:`course.reports.fonts.narrowed` made to cut the page's Chinese characters from
    (quicker when many pages are written; the page embeds only its own characters either way).
    """
    from course.reports.fonts import embed_cjk_font

    return embed_cjk_font(_feedback_html(data, trainee, lang), font=font)


def _feedback_html(data: ClassData, trainee: str, lang: str) -> str:
    mine = data.latest[data.latest["trainee"] == trainee]
    right = int((mine["status"] == "correct").sum())
    rows = []
    for _, row in mine.iterrows():
        try:
            message = json.loads(row["message"]).get(lang, "") if row["message"] else ""
        except (TypeError, ValueError, AttributeError):
            message = ""
        if row["status"] == "review":
            message = t("report.class.trainee.review_note", lang=lang) + (" " + message if message else "")
        rows.append(
            f"<tr class='{html.escape(str(row['status']))}'><td>{html.escape(str(row['exercise']))}</td>"
            f"<td>{html.escape(exercise_title(str(row['exercise']), lang))}</td>"
            f"<td>{html.escape(status_label(str(row['status']), lang))}</td><td>{float(row['score']):g}</td>"
            f"<td>{html.escape(str(message))}</td><td>{html.escape(_reason(row['reason'], lang))}</td></tr>"
        )
    still = mine.loc[~mine["status"].isin(["correct", "review"]), "exercise"].tolist()
    advice = t("report.class.trainee.next", lang=lang, items=id_list(still, lang)) if still else t("report.class.trainee.done", lang=lang)
    waiting = int((mine["status"] == "review").sum())
    if waiting:
        advice += " " + t("report.class.trainee.waiting", lang=lang, n=waiting)
    cols = "".join(f"<th>{html.escape(t(f'report.class.col.{c}', lang=lang))}</th>"
                   for c in ("exercise", "title", "status", "score", "feedback", "reason"))
    title = t("report.class.trainee.title", lang=lang, trainee=trainee)
    summary = t("report.class.trainee.summary", lang=lang, right=right, total=len(mine), score=float(mine["score"].sum()))
    return (
        f"<!DOCTYPE html><html lang='{'zh-CN' if lang == 'zh' else 'en'}'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">"
        f"<title>{html.escape(title)}</title><style>body{{font-family:sans-serif;max-width:960px;margin:2em auto;padding:0 1em}}"
        "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}"
        "tr.correct td:nth-child(3){color:#1b7f3b}tr.incorrect td:nth-child(3),tr.error td:nth-child(3){color:#b00020}"
        "tr.review td:nth-child(3){color:#1f5aa6}th{background:#eef2f7}"
        f"</style></head><body><h1>{html.escape(title)}</h1><p>{html.escape(summary)}</p><p>{html.escape(advice)}</p>"
        f"<table><thead><tr>{cols}</tr></thead><tbody>{''.join(rows)}</tbody></table></body></html>"
    )


def write_feedback_pages(data: ClassData, folder: Path, lang: str) -> dict[str, Path]:
    """Write every trainee's page into ``folder``; returns trainee -> file."""
    from course.reports.fonts import narrowed, needs_cjk

    folder.mkdir(parents=True, exist_ok=True)
    trainees = sorted(data.latest["trainee"].unique())
    # one cut of the big font for the whole class, then each page's own characters from it (~10x quicker a page)
    shown = "".join(needs_cjk(_feedback_html(data, trainee, lang)) for trainee in trainees)
    font = narrowed("".join(sorted(set(shown)))) if shown else None
    written = {}
    for trainee in trainees:
        path = folder / page_name(trainee)
        path.write_text(feedback_page(data, trainee, lang, font=font), encoding="utf-8")
        written[trainee] = path
    return written


def shown_name(name: object) -> str:
    """A trainee's name as typed, its spaces kept visible: HTML shows "Li  Na" and "Li Na" alike otherwise.

    >>> shown_name("Li  Na") == "Li \u00a0Na", shown_name("Li Na")
    (True, 'Li Na')
    """
    text = str(name)
    text = re.sub(r" {2,}", lambda m: " " + "\u00a0" * (len(m.group()) - 1), text)
    return re.sub(r"^ | $", "\u00a0", text)


def feedback_links(data: ClassData, folder_name: str):
    """HTML list linking each trainee's page (relative to the report), names escaped, links quoted."""
    from IPython.display import HTML

    items = "".join(
        f"<li><a href='{html.escape(quote(folder_name))}/{html.escape(quote(page_name(tr)))}'>{html.escape(shown_name(tr))}</a></li>"
        for tr in sorted(data.latest["trainee"].unique()))
    return HTML(f"<ul>{items}</ul>")


def add_csp(path: Path) -> None:
    """Put :data:`CSP` in an HTML file's head (rewritten atomically)."""
    text = path.read_text(encoding="utf-8")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    text = re.sub(r"<head([^>]*)>", lambda m: f"<head{m[1]}>{meta}", text, count=1)
    fd, tmp = tempfile.mkstemp(suffix=".html", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


# --------------------------------------------------------------------------- the whole report
def class_report(db_url: str, out: Path | str, *, lang: str = "en", chapter: str | None = None, threshold: float = 0.5,
                 progress: Callable[[str], None] | None = None) -> Path:
    """Write the class report (HTML) and the feedback pages; returns the report's path."""
    from course.grading.gradebook import existing_url
    from course.reports import run_report, template_path

    out = Path(out)
    db_url = existing_url(db_url)  # the report's notebook runs elsewhere: a relative path would open an empty book
    data = ClassData.load(db_url, chapter)
    folder = out.with_name(out.stem + "-feedback")
    if not data.empty:
        write_feedback_pages(data, folder, lang)
    params = {"db_url": db_url, "chapter": chapter or "", "threshold": float(threshold),
              "feedback_dir": folder.name if not data.empty else ""}
    written = run_report(template_path("class_report.ipynb"), params, out, lang, progress=progress,
                         title=t("report.class.title", lang=lang))
    add_csp(written)
    return written
