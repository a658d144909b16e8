"""The class report and the trainees' feedback pages (班级报告与个人反馈).

The report is a papermill template (``course/reports/templates/class_report.ipynb``)
that calls the functions below; :func:`class_report` runs it through
:func:`course.reports.run_report` and writes one feedback page per trainee
next to it (``REPORT-feedback/TRAINEE.html``).

All tables come from the gradebook's *latest* run per trainee and chapter,
except the progress across runs, which uses the whole history.

Every trainee string (names, folder names, answers, messages, grader notes)
is shown as text: tables go through ``DataFrame.to_html(escape=True)``, the
feedback pages through :func:`html.escape`, and every page carries a
Content-Security-Policy that allows no script at all. Each trainee's page has
a name of its own (``wang li`` and ``wang_li`` are two people, two pages).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from course import i18n
from course.i18n import t

STATUS_KEYS = {"missing": "report.class.status.missing", "review": "grading.status.review"}


@dataclass
class ClassData:
    """The gradebook's results, ready for the report."""

    history: pd.DataFrame
    latest: pd.DataFrame
    runs: pd.DataFrame

    @classmethod
    def load(cls, db_url: str, chapter: str | None = None) -> ClassData:
        from course.grading.gradebook import Gradebook

        book = Gradebook(db_url)
        history = book.results()
        if chapter:
            history = history[history["chapter"] == str(chapter).zfill(2)]
        last = history.groupby(["trainee", "chapter"])["run_id"].transform("max") if not history.empty else None
        latest = history[history["run_id"] == last].reset_index(drop=True) if last is not None else history
        return cls(history=history.reset_index(drop=True), latest=latest, runs=book.runs())

    @property
    def empty(self) -> bool:
        return self.latest.empty


def status_label(status: str, lang: str | None = None) -> str:
    return t(STATUS_KEYS.get(status, f"status.{status}"), lang=lang)


def headers(frame: pd.DataFrame) -> pd.DataFrame:
    """Column names in the current language (``report.class.col.<name>``)."""
    known = i18n.messages()
    out = frame.copy()
    out.columns = [t(f"report.class.col.{c}") if f"report.class.col.{c}" in known else c for c in out.columns]
    return out


# --------------------------------------------------------------------------- tables
def trainee_scores(data: ClassData) -> pd.DataFrame:
    """Per trainee: score, exercises graded, share right and answers still awaiting review (latest run)."""
    frame = data.latest
    table = frame.groupby("trainee").agg(score=("score", "sum"), max_score=("exercise", "size"),
                                         right=("status", lambda s: int((s == "correct").sum())),
                                         review=("status", lambda s: int((s == "review").sum())))
    table["share"] = (table["right"] / table["max_score"]).round(3)
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
    """Per exercise: share right and share tried, hardest first."""
    frame = data.latest
    table = frame.groupby("exercise").agg(
        share_right=("status", lambda s: round(float((s == "correct").mean()), 3)),
        share_tried=("status", lambda s: round(float(s.isin(["correct", "incorrect", "error"]).mean()), 3)),
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


def needs_help(data: ClassData, threshold: float = 0.5) -> pd.DataFrame:
    """Trainees below ``threshold`` share right, with the exercises still open and grading faults."""
    scores = trainee_scores(data)
    low = scores[scores["share"] < threshold]
    rows = []
    for trainee in low["trainee"]:
        mine = data.latest[data.latest["trainee"] == trainee]
        still = mine.loc[mine["status"] != "correct", "exercise"].tolist()
        faults = sorted({code for reason in mine["reason"].dropna() for code in re.findall(r"(?:^|; )(\w+):", reason)}
                        - {"widget_answer"})
        rows.append({"trainee": trainee, "share": float(low.loc[low["trainee"] == trainee, "share"].iloc[0]),
                     "open": ", ".join(_short_ids(still)), "faults": ", ".join(faults)})
    return pd.DataFrame(rows, columns=["trainee", "share", "open", "faults"])


def _short_ids(ids: list[str]) -> list[str]:
    return [eid.split(".")[1] if len({i.split(".")[0] for i in ids}) == 1 else eid for eid in ids]


def progress_across_runs(data: ClassData) -> pd.DataFrame:
    """Average share right per grading run."""
    frame = data.history
    per = frame.groupby(["run_id", "trainee"])["status"].apply(lambda s: float((s == "correct").mean()))
    table = per.groupby("run_id").agg(["mean", "size"]).rename(columns={"mean": "share", "size": "count"})
    table["share"] = table["share"].round(3)
    when = data.runs.set_index("run_id")["finished_at"] if not data.runs.empty else pd.Series(dtype=str)
    table["graded_at"] = [str(when.get(i, "")) for i in table.index]
    return table.reset_index()[["run_id", "graded_at", "count", "share"]]


# --------------------------------------------------------------------------- plots
def plot_scores(data: ClassData):
    """Histogram of the trainees' share right."""
    from course.plots import new_figure

    fig, ax = new_figure(7, 3.6)
    shares = trainee_scores(data)["share"]
    ax.hist(shares, bins=[i / 10 for i in range(11)], edgecolor="white")
    ax.set_xlabel(t("report.class.axis.share"))
    ax.set_ylabel(t("report.class.axis.trainees"))
    ax.set_title(t("report.class.plot.scores"))
    ax.xaxis.set_major_formatter(lambda x, _: f"{x:.0%}")
    ax.yaxis.get_major_locator().set_params(integer=True)
    return fig


def plot_difficulty(data: ClassData):
    """Horizontal bars: share right per exercise, hardest at the top."""
    from course.plots import new_figure

    table = exercise_difficulty(data)
    fig, ax = new_figure(7, max(2.5, 0.35 * len(table) + 1))
    ax.barh(table["exercise"][::-1], table["share_right"][::-1])
    ax.set_xlim(0, 1)
    ax.set_xlabel(t("report.class.axis.share"))
    ax.set_title(t("report.class.plot.difficulty"))
    ax.xaxis.set_major_formatter(lambda x, _: f"{x:.0%}")
    return fig


def plot_progress(data: ClassData):
    """Line: average share right by grading run."""
    from course.plots import new_figure

    table = progress_across_runs(data)
    fig, ax = new_figure(7, 3.2)
    ax.plot(table["run_id"].astype(str), table["share"], marker="o")
    ax.set_ylim(0, 1.05)
    ax.set_xlabel(t("report.class.axis.run"))
    ax.set_ylabel(t("report.class.axis.share"))
    ax.set_title(t("report.class.plot.progress"))
    ax.yaxis.set_major_formatter(lambda x, _: f"{x:.0%}")
    return fig


def table_html(frame: pd.DataFrame, percent: Iterable[str] = (), *, precision: int = 3) -> str:
    """A table as escaped HTML: headers in the current language, ``percent`` columns as percentages.

    Every cell and header goes through ``DataFrame.to_html(escape=True)``, so
    a trainee called ``<script>`` is shown as that text.
    """
    shown = frame.copy()
    for column in shown.columns:
        if column in set(percent):
            shown[column] = [f"{v:.0%}" if isinstance(v, int | float) and v == v else "" for v in shown[column]]
        elif shown[column].dtype.kind == "f":
            shown[column] = [f"{v:.{precision}g}" if v == v else "" for v in shown[column]]
    shown = headers(shown)
    return shown.to_html(escape=True, index=False, border=0, na_rep="", classes="class-report-table")


def percent(frame: pd.DataFrame, *columns: str):
    """A displayable escaped table with ``columns`` shown as percentages (see :func:`table_html`)."""
    from IPython.display import HTML

    return HTML(table_html(frame, columns))


def table(frame: pd.DataFrame, precision: int = 3):
    """A displayable escaped table (see :func:`table_html`)."""
    from IPython.display import HTML

    return HTML(table_html(frame, precision=precision))


# --------------------------------------------------------------------------- feedback pages
#: no script, no remote content: even a string that slipped through escaping could not run
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def _slug(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name, flags=re.UNICODE).strip("_.")[:60] or "trainee"


def page_name(trainee: str) -> str:
    """The file name of a trainee's feedback page: readable, and unique per exact name (``wang li`` ≠ ``wang_li``).

    >>> page_name("wang li") != page_name("wang_li")
    True
    """
    digest = hashlib.sha256(trainee.encode("utf-8")).hexdigest()[:8]
    return f"{_slug(trainee)}-{digest}.html"


def feedback_page(data: ClassData, trainee: str, lang: str) -> str:
    """One trainee's feedback page (self-contained HTML, every trainee string escaped, no script allowed)."""
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
            f"<td>{html.escape(status_label(str(row['status']), lang))}</td><td>{float(row['score']):g}</td>"
            f"<td>{html.escape(str(message))}</td><td>{html.escape(str(row['reason'] or ''))}</td></tr>"
        )
    still = mine.loc[~mine["status"].isin(["correct", "review"]), "exercise"].tolist()
    advice = t("report.class.trainee.next", lang=lang, items=", ".join(still)) if still else t("report.class.trainee.done", lang=lang)
    waiting = int((mine["status"] == "review").sum())
    if waiting:
        advice += " " + t("report.class.trainee.waiting", lang=lang, n=waiting)
    cols = "".join(f"<th>{html.escape(t(f'report.class.col.{c}', lang=lang))}</th>"
                   for c in ("exercise", "status", "score", "feedback", "reason"))
    title = t("report.class.trainee.title", lang=lang, trainee=trainee)
    summary = t("report.class.trainee.summary", lang=lang, right=right, total=len(mine), score=float(mine["score"].sum()))
    return (
        f"<!DOCTYPE html><html lang='{'zh-CN' if lang == 'zh' else 'en'}'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">"
        f"<title>{html.escape(title)}</title><style>body{{font-family:sans-serif;max-width:960px;margin:2em auto;padding:0 1em}}"
        "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}"
        "tr.correct td:nth-child(2){color:#1b7f3b}tr.incorrect td:nth-child(2),tr.error td:nth-child(2){color:#b00020}"
        "tr.review td:nth-child(2){color:#1f5aa6}"
        f"</style></head><body><h1>{html.escape(title)}</h1><p>{html.escape(summary)}</p><p>{html.escape(advice)}</p>"
        f"<table><thead><tr>{cols}</tr></thead><tbody>{''.join(rows)}</tbody></table></body></html>"
    )


def write_feedback_pages(data: ClassData, folder: Path, lang: str) -> dict[str, Path]:
    """Write every trainee's page into ``folder``; returns trainee -> file."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for trainee in sorted(data.latest["trainee"].unique()):
        path = folder / page_name(trainee)
        path.write_text(feedback_page(data, trainee, lang), encoding="utf-8")
        written[trainee] = path
    return written


def feedback_links(data: ClassData, folder_name: str):
    """HTML list linking each trainee's page (relative to the report), names escaped, links quoted."""
    from IPython.display import HTML

    items = "".join(
        f"<li><a href='{html.escape(quote(folder_name))}/{html.escape(quote(page_name(tr)))}'>{html.escape(tr)}</a></li>"
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
    from course.reports import run_report, template_path

    out = Path(out)
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
