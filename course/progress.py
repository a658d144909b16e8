"""Local record of a trainee's checks (学习进度), kept in SQLite.

Every :meth:`course.exercises.Exercise.check` appends one row here, and so
does every hint or solution opened, so the attempts and hints a trainee used
survive a kernel restart. The database path comes from ``COURSE_PROGRESS_DB``
(``off`` turns recording off, which the test suite and the grader use); by
default it is ``~/.course/progress.sqlite``. With recording off, this kernel's
own checks are still remembered in memory, so the progress panel shows the
session.

Recording never interrupts a lesson: if the file cannot be written, a warning
is shown once and the check goes on.
"""

from __future__ import annotations

import os
import sqlite3
import warnings
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS checks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    checked_at TEXT NOT NULL,
    exercise TEXT NOT NULL,
    status TEXT NOT NULL,
    hints_used INTEGER NOT NULL,
    kit_version TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS checks_exercise ON checks (exercise);
"""
_warned = False
#: best first: a later worse result never hides an earlier better one
_STATUS_RANK = {"correct": 4, "review": 3, "incorrect": 2, "error": 1, "not_attempted": 0}
#: the status of a row that records a hint or a solution opened, not a check
HINT = "hint"
#: this kernel's rows, kept even when recording to disk is off
_session: list[tuple[str, str, str, int, str]] = []


def database_path() -> Path | None:
    """Where checks are recorded, or ``None`` when recording is off."""
    value = os.environ.get("COURSE_PROGRESS_DB", "").strip()
    if value.lower() in {"off", "0", "none", "false"}:
        return None
    return Path(value).expanduser() if value else Path.home() / ".course" / "progress.sqlite"


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=5)
    con.executescript(_SCHEMA)
    return con


def _warn(error: Exception) -> None:
    global _warned
    if not _warned:
        _warned = True
        warnings.warn(
            f"Progress could not be saved ({error}); your answers are unaffected. "
            f"学习进度无法保存（{error}），不影响作答。",
            RuntimeWarning,
            stacklevel=3,
        )


def record(exercise: str, status: str, hints_used: int, kit_version: str) -> None:
    """Append one check (or, with ``status=HINT``, one hint opened) to the local record."""
    row = (
        datetime.now(UTC).isoformat(timespec="seconds"),
        exercise,
        status,
        int(hints_used),
        kit_version,
    )
    _session.append(row)
    path = database_path()
    if path is None:
        return
    try:
        with closing(_connect(path)) as con, con:
            con.execute(
                "INSERT INTO checks (checked_at, exercise, status, hints_used, kit_version) VALUES (?, ?, ?, ?, ?)",
                row,
            )
    except (sqlite3.Error, OSError) as error:
        _warn(error)


def record_hints(exercise: str, hints_used: int, kit_version: str) -> None:
    """Note that hints (or the solution) up to level ``hints_used`` were opened."""
    record(exercise, HINT, hints_used, kit_version)


def clear_session() -> None:
    """Forget this kernel's in-memory rows (the file on disk is untouched); for tests."""
    _session.clear()


def _rows(prefix: str = "") -> list[tuple[str, str, str, int]]:
    """(checked_at, exercise, status, hints_used) of every recorded row for ids starting with ``prefix``."""
    path = database_path()
    if path is None:
        return [(r[0], r[1], r[2], r[3]) for r in _session if r[1].startswith(prefix)]
    if not path.exists():
        return []
    try:
        with closing(_connect(path)) as con:
            rows = con.execute(
                "SELECT checked_at, exercise, status, hints_used FROM checks WHERE exercise LIKE ? ORDER BY id",
                (prefix + "%",),
            ).fetchall()
    except (sqlite3.Error, OSError) as error:
        _warn(error)
        return []
    return [r for r in rows if r[1].startswith(prefix)]  # LIKE also reads _ and % as wildcards


def previous(exercise: str) -> tuple[int, int]:
    """(attempts, most hints used) recorded for ``exercise`` in earlier sessions."""
    if database_path() is None:
        return 0, 0  # the exercise objects of this kernel already hold their own counts
    rows = [r for r in _rows(exercise) if r[1] == exercise]
    attempts = sum(1 for r in rows if r[2] in _STATUS_RANK and r[2] != "not_attempted")
    return attempts, max((r[3] for r in rows), default=0)


@dataclass
class ExerciseProgress:
    """One exercise's record: best status, attempts, hints used, and when it was last checked."""

    exercise: str
    best: str = "not_attempted"
    attempts: int = 0
    hints_used: int = 0
    last_checked: datetime | None = None


def exercise_progress(ids: Iterable[str]) -> dict[str, ExerciseProgress]:
    """The record of every exercise in ``ids``, including those never checked."""
    ids = list(ids)
    prefix = os.path.commonprefix(ids) if ids else ""
    out = {i: ExerciseProgress(i) for i in ids}
    for checked_at, exercise, status, hints_used in _rows(prefix):
        item = out.get(exercise)
        if item is None:
            continue
        item.hints_used = max(item.hints_used, int(hints_used))
        if status not in _STATUS_RANK:
            continue  # a hint opened, not a check
        when = datetime.fromisoformat(checked_at)
        item.last_checked = max(item.last_checked, when) if item.last_checked else when
        if status != "not_attempted":
            item.attempts += 1
        if _STATUS_RANK[status] > _STATUS_RANK[item.best]:
            item.best = status
    return out


def summary(prefix: str = ""):
    """Per-exercise progress as a DataFrame (best status, attempts, hints, last check).

    ``prefix`` narrows it to one chapter, e.g. ``summary("ch01")``. Exercises
    that were never checked are not listed here; the chapter's ``progress()``
    panel shows every exercise.
    """
    import pandas as pd

    from course.i18n import t

    columns = ["exercise", "best", "attempts", "hints_used", "last_checked"]
    rows = _rows(prefix)
    ids = sorted({r[1] for r in rows if r[2] in _STATUS_RANK})
    if not ids:
        return pd.DataFrame(columns=columns)
    items = exercise_progress(ids)
    return pd.DataFrame(
        [
            {
                "exercise": i,
                "best": t(f"status.{items[i].best}"),
                "attempts": items[i].attempts,
                "hints_used": items[i].hints_used,
                "last_checked": items[i].last_checked.isoformat()
                if items[i].last_checked
                else None,
            }
            for i in ids
        ],
        columns=columns,
    )
