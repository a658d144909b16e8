"""A trainee's progress from saved workbooks (练习进度报告).

Every ``qN.check(...)`` leaves a record with the MIME type
``application/vnd.course.result+json`` in the notebook's outputs
(:mod:`course.exercises.core`). This module reads those records — through
:func:`course.grading.structure.records`, the grader's own reader — and lays
out what is done, what is not, the hints used and where to go next.

>>> table = exercise_table("workbook/en")        # doctest: +SKIP
>>> table.groupby("chapter")["status"].value_counts()   # doctest: +SKIP
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pandas as pd

from course.i18n import pick, t
from course.reports.runner import ReportError

STATUS_ORDER = ("correct", "review", "incorrect", "error", "not_attempted")
#: what an exercise id looks like; a record naming anything else (a hand-edited file) is ignored
EXERCISE_ID = re.compile(r"^ch\d{2}\.q\d{1,3}$")


def workbook_paths(path: str | os.PathLike) -> list[Path]:
    """The workbooks at ``path``: one ``.ipynb`` file, or every one under a folder (checkpoints skipped)."""
    p = Path(path)
    if p.is_file():
        if p.suffix.lower() != ".ipynb":
            raise ReportError(f"{p}: not a notebook (.ipynb). Fix: give a saved workbook or a folder of them. "
                              f"{p}：不是笔记本文件（.ipynb）。解决办法：给出已保存的练习册或其所在文件夹。")
        return [p]
    if not p.is_dir():
        raise ReportError(f"{p}: no such file or folder. Fix: check the path (current folder: {Path.cwd()}). "
                          f"{p}：找不到该文件或文件夹。解决办法：检查路径（当前文件夹：{Path.cwd()}）。")
    found = sorted(f for f in p.rglob("*.ipynb") if ".ipynb_checkpoints" not in f.parts)
    if not found:
        raise ReportError(f"{p}: the folder holds no workbooks (.ipynb). Fix: point at the folder where the workbooks "
                          f"were saved. {p}：文件夹中没有练习册（.ipynb）。解决办法：指向保存练习册的文件夹。")
    return found


def _titles(chapter: str) -> dict[str, dict[str, str]]:
    from course.grading import structure

    try:
        return {q.id: dict(q.title) for q in structure.exercise_module(chapter).EXERCISES}
    except ValueError:
        return {}


def exercise_table(path: str | os.PathLike) -> pd.DataFrame:
    """One row per exercise of every workbook found: the latest recorded status, attempts and hints.

    Exercises of the chapter that were never checked appear as ``not_attempted``.
    """
    import nbformat

    from course.grading import structure

    rows = []
    for file in workbook_paths(path):
        try:
            nb = nbformat.read(file, as_version=4)
        except Exception as error:  # noqa: BLE001 - a broken file is reported, not fatal
            raise ReportError(f"{file}: not a readable notebook ({type(error).__name__}). Fix: open it in Jupyter and "
                              f"save it again. {file}：无法读取该笔记本（{type(error).__name__}）。解决办法：在 Jupyter "
                              f"中打开后重新保存。") from None
        chapter = structure.chapter_of(nb, file.name)
        latest: dict[str, dict] = {}
        for record in structure.records(nb):
            if EXERCISE_ID.match(record["exercise"]) and record.get("status") in STATUS_ORDER:
                latest[record["exercise"]] = record  # cell order: the last one is the latest
        ids = []
        if chapter:
            try:
                ids = structure.chapter_exercise_ids(chapter)
            except ValueError:
                ids = []
        ids += [i for i in latest if i not in ids]
        titles = _titles(chapter) if chapter else {}
        for eid in ids:
            rec = latest.get(eid, {})
            rows.append({"workbook": file.name, "chapter": chapter or "?", "exercise": eid,
                         "title": pick(titles.get(eid, {"en": "", "zh": ""})),
                         "status": rec.get("status", "not_attempted"), "attempts": _count(rec.get("attempts")),
                         "hints_used": _count(rec.get("hints_used"))})
    return pd.DataFrame(rows, columns=["workbook", "chapter", "exercise", "title", "status", "attempts", "hints_used"])


def _count(value: object) -> int:
    try:
        return max(0, int(value))  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        return 0


def chapter_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per chapter: exercises, done, tried but not right, not started, hints used."""
    g = table.groupby("chapter")
    out = pd.DataFrame({
        "total": g.size(),
        "done": g["status"].apply(lambda s: int((s == "correct").sum())),
        "tried": g["status"].apply(lambda s: int(s.isin(["incorrect", "error", "review"]).sum())),
        "not_started": g["status"].apply(lambda s: int((s == "not_attempted").sum())),
        "hints_used": g["hints_used"].sum().astype(int),
    })
    out.index.name = "chapter"
    return out


def _notebook(chapter: str, folder: str, lang: str) -> str:
    root = Path(__file__).resolve().parents[2] / folder / lang
    hits = sorted(root.glob(f"{chapter}-*.ipynb")) if root.is_dir() else []
    return hits[0].name if hits else f"{chapter}-….ipynb"


def next_steps(table: pd.DataFrame, lang: str | None = None) -> list[str]:
    """Where to go next, one sentence per chapter (redo, retry without hints, or move on)."""
    from course.i18n import get_language

    lang = lang or get_language()
    steps = []
    chapters = sorted(c for c in table["chapter"].unique() if c != "?")
    for chapter in chapters:
        part = table[table["chapter"] == chapter]
        open_ids = part.loc[part["status"] != "correct", "exercise"].tolist()
        hinted = part.loc[(part["status"] == "correct") & (part["hints_used"] > 0), "exercise"].tolist()
        short = lambda ids: ("、" if lang == "zh" else ", ").join(i.split(".")[-1] for i in ids)  # noqa: E731
        number = int(chapter) if chapter.isdigit() else chapter  # "Chapter 1", "第 1 章", as the chart labels them
        if open_ids:
            steps.append(t("report.progress.next.redo", lang, chapter=number, ids=short(open_ids), edition=lang,
                           notebook=_notebook(chapter, "notebooks", lang)))
        elif hinted:
            steps.append(t("report.progress.next.hints", lang, chapter=number, ids=short(hinted)))
        else:
            name = _notebook(f"{int(chapter) + 1:02d}", "workbook", lang) if chapter.isdigit() else "…"
            if "…" not in name:
                steps.append(t("report.progress.next.chapter", lang, chapter=number, edition=lang, notebook=name))
            else:
                steps.append(t("report.progress.next.finished", lang))
    return steps


def plot_progress(summary: pd.DataFrame, lang: str | None = None):
    """Stacked bars per chapter: done, tried, not started."""
    from course.plots import PALETTE, new_figure

    fig, ax = new_figure(8, max(2.2, 0.55 * len(summary) + 1.4))
    left = pd.Series(0.0, index=summary.index)
    labels = [t("report.progress.chapter", lang, n=int(c) if str(c).isdigit() else c) for c in summary.index]
    for col, colour, key in (("done", PALETTE[2], "correct"), ("tried", PALETTE[1], "incorrect"),
                             ("not_started", PALETTE[5], "not_attempted")):
        ax.barh(labels, summary[col], left=left, color=colour, label=t(f"report.progress.status.{key}", lang))
        left += summary[col]
    ax.invert_yaxis()
    ax.set_xlabel(t("report.progress.plot_x", lang))
    ax.set_title(t("report.progress.plot_title", lang))
    # below the bars, never over them
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.32 if len(summary) < 3 else -0.18), ncol=3, fontsize=9,
              frameon=False)
    ax.grid(axis="y", visible=False)
    return fig


def status_name(status: str, lang: str | None = None) -> str:
    """A record status in words (``correct`` → "done")."""
    from course import i18n

    key = f"report.progress.status.{status}"
    if key in i18n.messages():
        return t(key, lang)
    from course.grading.report import status_label

    return status_label(status, lang)


def figures(table: pd.DataFrame, lang: str | None = None):
    """Headline figures of the summary: done, tried but not right yet, not started, hints opened."""
    from course.reports.layout import Figure

    total = len(table)
    done = int((table["status"] == "correct").sum())
    tried = int(table["status"].isin(["incorrect", "error", "review"]).sum())
    chapters = table.loc[table["chapter"] != "?", "chapter"].nunique()
    return [
        Figure(t("report.progress.fig.done", lang), f"{done} / {total}",
               t("report.progress.fig.done_note", lang, chapters=chapters)),
        Figure(t("report.progress.fig.tried", lang), str(tried), t("report.progress.fig.tried_note", lang)),
        Figure(t("report.progress.fig.not_started", lang), str(int((table["status"] == "not_attempted").sum())),
               t("report.progress.fig.not_started_note", lang)),
        Figure(t("report.progress.fig.hints", lang), str(int(table["hints_used"].sum())),
               t("report.progress.fig.hints_note", lang)),
    ]


def show_summary(table: pd.DataFrame, lang: str | None = None) -> None:
    """The summary at the top: the figures, then where to go next."""
    from IPython.display import HTML, display

    from course.reports.layout import figures_html, heading_html

    display(HTML(heading_html("progress-summary", t("report.progress.summary", lang), 2)))
    display(HTML(figures_html(figures(table, lang))))
    display(HTML(f'<p style="margin:8px 0 2px"><strong>{html.escape(t("report.progress.next", lang))}</strong></p>'))
    display(next_steps_html(table, lang))


def show_details(table: pd.DataFrame, lang: str | None = None) -> None:
    """Exercise by exercise, one table per workbook (its chapter and file said once, in the heading)."""
    from IPython.display import HTML, display

    from course.reports.layout import heading_html, report_table

    for workbook, part in table.groupby("workbook", sort=True):
        chapter = str(part["chapter"].iloc[0])
        name = t("report.progress.workbook", lang, chapter=int(chapter) if chapter.isdigit() else chapter,
                 workbook=workbook)
        display(HTML(heading_html(f"progress-{workbook}", name, 3)))
        shown = part.assign(exercise=part["exercise"].str.split(".").str[-1],
                            status=part["status"].map(lambda s: status_name(s, lang)))
        display(HTML(report_table(shown[["exercise", "title", "status", "attempts", "hints_used"]],
                                  {"attempts": "int", "hints_used": "int"}, lang=lang, once=False,
                                  verbatim=["exercise"])))


def next_steps_html(table: pd.DataFrame, lang: str | None = None):
    """:func:`next_steps` as an escaped HTML list (a workbook's contents are the trainee's: shown as text)."""
    from IPython.display import HTML

    items = "".join(f"<li>{html.escape(step)}</li>" for step in next_steps(table, lang))
    return HTML(f"<ul>{items}</ul>")


__all__ = ["chapter_summary", "exercise_table", "figures", "next_steps", "next_steps_html", "plot_progress",
           "show_details", "show_summary", "status_name", "workbook_paths"]
