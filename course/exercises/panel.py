"""The progress panel a workbook shows with ``progress()`` (练习进度面板).

One row per exercise of the chapter — those not tried yet included — with a
status icon, the attempts, the hints used, when it was last checked (in words:
"today 14:05", "11月29日 14:05") and, under the table, what to do next. The
headers and words follow the trainee's language; the not-attempted icon is an
empty circle, not an ellipsis that reads as "loading".

>>> from course.exercises import ch01
>>> panel = ch01.progress()          # doctest: +SKIP
>>> panel.frame.columns.tolist()     # doctest: +SKIP
['exercise', 'task', 'status', 'attempts', 'hints_used', 'last_checked']
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from course import i18n, progress
from course.exercises.core import STATUS_LOOK, Exercise
from course.i18n import t

#: the longest task title shown in a row, in characters
TITLE_LIMIT = 70


def readable_time(
    when: datetime | None, lang: str | None = None, now: datetime | None = None
) -> str:
    """``when`` in the trainee's words and local time: "today 14:05", "3 Nov 09:12", "2025年11月3日".

    >>> from datetime import datetime, timezone
    >>> now = datetime(2026, 11, 29, 15, 0, tzinfo=timezone.utc)
    >>> readable_time(datetime(2026, 11, 29, 14, 5, tzinfo=timezone.utc), "en", now).startswith("today")
    True
    """
    if when is None:
        return t("panel.never", lang)
    now = (now or datetime.now(when.tzinfo)).astimezone()
    local = when.astimezone()
    clock = local.strftime("%H:%M")
    months = t("panel.months", lang).split()
    if local.date() == now.date():
        return t("panel.today", lang, time=clock)
    if (now.date() - local.date()).days == 1:
        return t("panel.yesterday", lang, time=clock)
    if local.year == now.year:
        return t("panel.date", lang, day=local.day, month=months[local.month - 1], time=clock)
    return t("panel.date_year", lang, day=local.day, month=months[local.month - 1], year=local.year)


def _short_title(exercise: Exercise, lang: str) -> str:
    title = str(exercise.title[lang])
    return title if len(title) <= TITLE_LIMIT else title[: TITLE_LIMIT - 1] + "…"


def _number(exercise_id: str) -> str:
    return exercise_id.rsplit(".q", 1)[-1]


def _hints_text(exercise: Exercise, used: int, lang: str) -> str:
    if used > len(exercise.hints):  # the solution counts one level past the last hint
        return f"{len(exercise.hints)} + {t('panel.solution', lang)}"
    return str(used)


class ProgressPanel:
    """Every exercise of a chapter with its record, the next step, and an HTML and text rendering.

    Attributes
    ----------
    exercises : list
        The chapter's exercises, in workbook order.
    records : dict
        Exercise id → :class:`course.progress.ExerciseProgress`.
    """

    def __init__(
        self, exercises: Sequence[Exercise], records: dict[str, progress.ExerciseProgress]
    ) -> None:
        self.exercises = list(exercises)
        self.records = records
        # this kernel's own objects know attempts and hints even when recording is off
        for exercise in self.exercises:
            item = records[exercise.id]
            item.attempts = max(item.attempts, exercise.attempts)
            item.hints_used = max(item.hints_used, exercise.hints_used)

    @property
    def chapter(self) -> str:
        first = self.exercises[0].id if self.exercises else "ch00.q0"
        return str(int(first[2:4])) if first[2:4].isdigit() else first

    def counts(self) -> dict[str, int]:
        statuses = [self.records[e.id].best for e in self.exercises]
        return {s: statuses.count(s) for s in STATUS_LOOK}

    def frame(self, lang: str | None = None):
        """The panel as a DataFrame with machine column names and words in ``lang``."""
        import pandas as pd

        lang = lang or i18n.get_language()
        rows = []
        for exercise in self.exercises:
            item = self.records[exercise.id]
            rows.append(
                {
                    "exercise": exercise.id,
                    "task": _short_title(exercise, lang),
                    "status": f"{STATUS_LOOK[item.best][1]} {t('status.' + item.best, lang)}",
                    "attempts": item.attempts,
                    "hints_used": _hints_text(exercise, item.hints_used, lang),
                    "last_checked": readable_time(item.last_checked, lang),
                }
            )
        return pd.DataFrame(
            rows, columns=["exercise", "task", "status", "attempts", "hints_used", "last_checked"]
        )

    def next_step(self, lang: str | None = None) -> str:
        """What to do next: the first exercise not yet correct, in words, or "all done"."""
        for exercise in self.exercises:
            best = self.records[exercise.id].best
            if best == "correct":
                continue
            number, short_id = _number(exercise.id), exercise.id.split(".")[-1]
            key = {"incorrect": "retry", "error": "error", "review": "review"}.get(best, "start")
            return t(
                f"panel.next.{key}",
                lang,
                n=number,
                id=short_id,
                title=_short_title(exercise, lang or i18n.get_language()),
            )
        return t("panel.next.done", lang)

    def summary_line(self, lang: str | None = None) -> str:
        counts = self.counts()
        return t(
            "panel.summary",
            lang,
            done=counts["correct"],
            total=len(self.exercises),
            tried=counts["incorrect"] + counts["error"],
            review=counts["review"],
            open=counts["not_attempted"],
        )

    def note(self, lang: str | None = None) -> str:
        path = progress.database_path()
        return t("panel.note_off", lang) if path is None else t("panel.note", lang, where=str(path))

    def _repr_html_(self) -> str:
        lang = i18n.get_language()
        headers = [
            t(f"panel.col.{c}", lang)
            for c in ("exercise", "task", "status", "attempts", "hints", "last")
        ]
        body = []
        for exercise in self.exercises:
            item = self.records[exercise.id]
            colour, icon = STATUS_LOOK[item.best]
            cells = [
                html.escape(exercise.id.split(".")[-1]),
                html.escape(_short_title(exercise, lang)),
                f'<span style="color:{colour};font-weight:bold">{icon}</span> {html.escape(t("status." + item.best, lang))}',
                str(item.attempts),
                html.escape(_hints_text(exercise, item.hints_used, lang)),
                html.escape(readable_time(item.last_checked, lang)),
            ]
            body.append(
                "<tr>" + "".join(f'<td style="text-align:left">{c}</td>' for c in cells) + "</tr>"
            )
        head = "".join(f'<th style="text-align:left">{html.escape(h)}</th>' for h in headers)
        return (
            f'<div class="course-progress"><b>{html.escape(t("panel.title", lang, chapter=t("panel.chapter", lang, n=self.chapter)))}</b>'
            f"<br><small>{html.escape(self.summary_line(lang))}</small>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            f"<p><b>{html.escape(self.next_step(lang))}</b><br>"
            f'<small style="color:#5a6270">{html.escape(self.note(lang))}</small></p></div>'
        )

    def __str__(self) -> str:
        lang = i18n.get_language()
        table = self.frame(lang)
        table["exercise"] = table["exercise"].str.split(".").str[-1]
        table.columns = [
            t(f"panel.col.{c}", lang)
            for c in ("exercise", "task", "status", "attempts", "hints", "last")
        ]
        lines = [
            t("panel.title", lang, chapter=t("panel.chapter", lang, n=self.chapter)),
            self.summary_line(lang),
            table.to_string(index=False),
            self.next_step(lang),
        ]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/plain": str(self), "text/html": self._repr_html_()}


def progress_panel(exercises: Sequence[Exercise]) -> ProgressPanel:
    """The panel for ``exercises`` (a chapter's ``EXERCISES``), read from the progress record."""
    return ProgressPanel(exercises, progress.exercise_progress(e.id for e in exercises))
