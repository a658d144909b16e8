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
    aside: list[dict[str, str]] = []
    files = workbook_paths(path)
    read: list[tuple[Path, object, str | None]] = []
    for file in files:
        try:
            nb = nbformat.read(file, as_version=4)
        except Exception as error:  # noqa: BLE001 - one broken file is set aside; alone, it stops the report
            if len(files) == 1:
                raise ReportError(f"{file}: not a readable notebook ({type(error).__name__}). Fix: open it in Jupyter "
                                  f"and save it again, or take it from a backup if it was cut short. {file}：无法读取"
                                  f"该笔记本（{type(error).__name__}）。解决办法：在 Jupyter 中打开后重新保存；如果文件"
                                  f"已损坏，请从备份中取回。") from None
            aside.append({"en": f"{file.name} was set aside: not a readable notebook ({type(error).__name__}; cut short "
                                f"or damaged). Take it from a backup, or open it in Jupyter and save it again.",
                          "zh": f"{file.name} 未计入：无法作为笔记本读取（{type(error).__name__}；文件不完整或已损坏）。"
                                f"请从备份中取回，或在 Jupyter 中打开后重新保存。"})
            continue
        read.append((file, nb, structure.chapter_of(nb, file.name)))
    for file, chapter, kept in _copies(read):
        aside.append({"en": f"{file.name} was set aside: another copy of chapter {chapter}; {kept} is counted "
                            f"(the one named like the workbook handed out, else the shortest name).",
                      "zh": f"{file.name} 未计入：它是第 {chapter} 章的另一份副本，计入的是 {kept}"
                            f"（与发放的练习册同名的那份，否则取文件名最短的）。"})
    skipped = {id(f) for f, _, _ in _copies(read)}
    if Path(path).is_dir():
        others = sorted(f.name for f in Path(path).rglob("*") if f.is_file() and f.suffix.lower() != ".ipynb"
                        and not any(part.startswith(".") for part in f.relative_to(Path(path)).parts))
        if others:
            aside.append({"en": f"Not workbooks, so not read: {', '.join(others[:8])}"
                                f"{f' and {len(others) - 8} more' if len(others) > 8 else ''}.",
                          "zh": f"以下不是练习册，未读取：{'、'.join(others[:8])}"
                                f"{f' 等 {len(others)} 个文件' if len(others) > 8 else ''}。"})
    for file, nb, chapter in read:
        if id(file) in skipped:
            continue
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
    table = pd.DataFrame(rows, columns=["workbook", "chapter", "exercise", "title", "status", "attempts", "hints_used"])
    table.attrs["set_aside"] = aside
    return table


def _copies(read: list[tuple[Path, object, str | None]]) -> list[tuple[Path, str, str]]:
    """(file, chapter, the file counted instead) for every extra copy of a chapter (``01-prospects-Copy1.ipynb``).

    One workbook per chapter, by the grader's rule: the one named like the released workbook, else the shortest name.
    """
    from course.grading import structure

    by_chapter: dict[str, list[Path]] = {}
    for file, _, chapter in read:
        if chapter:
            by_chapter.setdefault(chapter, []).append(file)
    extra = []
    for chapter, group in by_chapter.items():
        if len(group) < 2:
            continue
        try:
            stem = structure.reference(chapter).stem
        except ValueError:
            stem = ""
        kept = sorted(group, key=lambda f: (f.stem != stem, len(f.name), str(f)))[0]
        extra += [(f, chapter, kept.name) for f in group if f is not kept]
    return extra


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
