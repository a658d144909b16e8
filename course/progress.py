"""Local record of a trainee's checks (学习进度), kept in SQLite.

Every :meth:`course.exercises.Exercise.check` appends one row here, so the
attempts and hints a trainee used survive a kernel restart. The database path
comes from ``COURSE_PROGRESS_DB`` (``off`` turns recording off, which the test
suite and the grader use); by default it is ``~/.course/progress.sqlite``.

Recording never interrupts a lesson: if the file cannot be written, a warning
is shown once and the check goes on.
"""

from __future__ import annotations

import os
import sqlite3
import warnings
from contextlib import closing
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
_STATUS_RANK = {"correct": 3, "incorrect": 2, "error": 1, "not_attempted": 0}


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
    """Append one check to the local record (silently skipped when off)."""
    path = database_path()
    if path is None:
        return
    try:
        with closing(_connect(path)) as con, con:
            con.execute(
                "INSERT INTO checks (checked_at, exercise, status, hints_used, kit_version) VALUES (?, ?, ?, ?, ?)",
                (datetime.now(UTC).isoformat(timespec="seconds"), exercise, status, hints_used, kit_version),
            )
    except (sqlite3.Error, OSError) as error:
        _warn(error)


def previous(exercise: str) -> tuple[int, int]:
    """(attempts, most hints used) recorded for ``exercise`` in earlier sessions."""
    path = database_path()
    if path is None or not path.exists():
        return 0, 0
    try:
        with closing(_connect(path)) as con:
            row = con.execute(
                "SELECT COUNT(*), COALESCE(MAX(hints_used), 0) FROM checks WHERE exercise = ? AND status != 'not_attempted'",
                (exercise,),
            ).fetchone()
    except (sqlite3.Error, OSError) as error:
        _warn(error)
        return 0, 0
    return int(row[0]), int(row[1])


def summary(prefix: str = ""):
    """Per-exercise progress as a DataFrame (best status, attempts, hints, last check).

    ``prefix`` narrows it to one chapter, e.g. ``summary("ch01")``.
    """
    import pandas as pd

    from course.i18n import t

    columns = ["exercise", "best", "attempts", "hints_used", "last_checked"]
    path = database_path()
    rows: list[tuple] = []
    if path is not None and path.exists():
        try:
            with closing(_connect(path)) as con:
                rows = con.execute(
                    "SELECT exercise, status, hints_used, checked_at FROM checks WHERE exercise LIKE ? ORDER BY id",
                    (prefix + "%",),
                ).fetchall()
        except (sqlite3.Error, OSError) as error:
            _warn(error)
    frame = pd.DataFrame(rows, columns=["exercise", "status", "hints_used", "checked_at"])
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame["rank"] = frame["status"].map(_STATUS_RANK)
    frame["tried"] = frame["status"] != "not_attempted"
    grouped = frame.groupby("exercise", sort=True)
    out = pd.DataFrame(
        {
            "best": grouped["rank"].max().map({v: k for k, v in _STATUS_RANK.items()}),
            "attempts": grouped["tried"].sum().astype(int),
            "hints_used": grouped["hints_used"].max().astype(int),
            "last_checked": grouped["checked_at"].max(),
        }
    ).reset_index()
    out["best"] = out["best"].map(lambda s: t(f"status.{s}"))
    return out[columns]
