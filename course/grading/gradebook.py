"""The gradebook (成绩册): every grading run and its results, in a database.

SQLite by default; any SQLAlchemy URL works (``postgresql+psycopg://…`` for a
shared deployment). Re-grading adds a new run and keeps the old ones, so
progress across runs stays visible.

Tables
------
``grading_runs``  run_id, started_at, finished_at, kit_version, source, notebooks, options
``submissions``   run_id, trainee, chapter, path, sha256, outcome, reason, seconds
``results``       run_id, trainee, chapter, exercise, status, attempts, hints_used, score,
                  graded_at, kit_version, reason, answer, message

>>> book = Gradebook("sqlite://")          # in memory
>>> book.results().empty
True
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import sqlalchemy as sa

if TYPE_CHECKING:
    from course.grading.grader import SubmissionGrade

metadata = sa.MetaData()
runs_table = sa.Table(
    "grading_runs", metadata,
    sa.Column("run_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("started_at", sa.String(32), nullable=False),
    sa.Column("finished_at", sa.String(32)),
    sa.Column("kit_version", sa.String(32), nullable=False),
    sa.Column("source", sa.Text),
    sa.Column("notebooks", sa.Integer),
    sa.Column("options", sa.Text),
)
submissions_table = sa.Table(
    "submissions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("grading_runs.run_id"), nullable=False, index=True),
    sa.Column("trainee", sa.String(200), nullable=False),
    sa.Column("chapter", sa.String(8)),
    sa.Column("path", sa.Text),
    sa.Column("sha256", sa.String(64)),
    sa.Column("outcome", sa.String(40), nullable=False),
    sa.Column("reason", sa.Text),
    sa.Column("seconds", sa.Float),
)
results_table = sa.Table(
    "results", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("grading_runs.run_id"), nullable=False, index=True),
    sa.Column("trainee", sa.String(200), nullable=False, index=True),
    sa.Column("chapter", sa.String(8)),
    sa.Column("exercise", sa.String(40), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("hints_used", sa.Integer, nullable=False, default=0),
    sa.Column("score", sa.Float, nullable=False, default=0.0),
    sa.Column("graded_at", sa.String(32), nullable=False),
    sa.Column("kit_version", sa.String(32), nullable=False),
    sa.Column("reason", sa.Text),
    sa.Column("answer", sa.Text),
    sa.Column("message", sa.Text),
)

RESULT_COLUMNS = ["run_id", "trainee", "chapter", "exercise", "status", "attempts", "hints_used", "score",
                  "graded_at", "kit_version", "reason", "answer", "message"]


def default_url(folder: Path | str = ".") -> str:
    """``sqlite:///FOLDER/gradebook.sqlite``."""
    return f"sqlite:///{(Path(folder) / 'gradebook.sqlite').resolve()}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _kit_version() -> str:
    from course import __version__

    return __version__


class Gradebook:
    """A gradebook behind a SQLAlchemy URL (tables are created when missing)."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        if self.url.startswith("sqlite:///"):
            Path(self.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.engine = sa.create_engine(self.url)
            metadata.create_all(self.engine)
        except (sa.exc.ArgumentError, sa.exc.OperationalError, ModuleNotFoundError) as error:
            raise ValueError(
                f"Cannot open the gradebook at {self.url!r} ({type(error).__name__}: {str(error)[:120]}). "
                "Use a database URL such as sqlite:///grading/gradebook.sqlite or postgresql+psycopg://user@host/db. "
                f"无法打开成绩册数据库 {self.url!r}：请检查数据库地址。"
            ) from None

    # -- writing
    def add_run(self, grades: Iterable[SubmissionGrade], *, source: str = "", options: dict[str, Any] | None = None,
                started_at: str | None = None) -> int:
        """Store one grading run and its results; returns the new ``run_id``."""
        grades = list(grades)
        kit = _kit_version()
        graded_at = _now()
        with self.engine.begin() as con:
            run_id = con.execute(
                runs_table.insert().values(
                    started_at=started_at or graded_at, finished_at=graded_at, kit_version=kit, source=source,
                    notebooks=len(grades), options=json.dumps(options or {}, sort_keys=True),
                )
            ).inserted_primary_key[0]
            subs, rows = [], []
            for grade in grades:
                subs.append({"run_id": run_id, "trainee": grade.trainee, "chapter": grade.chapter, "path": grade.path,
                             "sha256": grade.sha256, "outcome": grade.outcome, "reason": grade.reason,
                             "seconds": grade.seconds})
                for item in grade.exercises:
                    rows.append({
                        "run_id": run_id, "trainee": grade.trainee, "chapter": grade.chapter,
                        "exercise": item.exercise, "status": item.status, "attempts": item.attempts,
                        "hints_used": item.hints_used, "score": item.score, "graded_at": graded_at,
                        "kit_version": kit, "reason": item.reason,
                        "answer": None if item.answer is None else json.dumps(item.answer, ensure_ascii=False)[:1000],
                        "message": json.dumps(item.message, ensure_ascii=False) if item.message else None,
                    })
            if subs:
                con.execute(submissions_table.insert(), subs)
            if rows:
                con.execute(results_table.insert(), rows)
        return int(run_id)

    # -- reading
    def runs(self) -> pd.DataFrame:
        with self.engine.connect() as con:
            return pd.read_sql(sa.select(runs_table).order_by(runs_table.c.run_id), con)

    def submissions(self, run_id: int | None = None) -> pd.DataFrame:
        query = sa.select(submissions_table).order_by(submissions_table.c.id)
        if run_id is not None:
            query = query.where(submissions_table.c.run_id == run_id)
        with self.engine.connect() as con:
            return pd.read_sql(query, con)

    def results(self, run_id: int | None = None, latest: bool = False) -> pd.DataFrame:
        """Results of every run (history), of one run, or ``latest`` per trainee and chapter."""
        query = sa.select(*[results_table.c[name] for name in RESULT_COLUMNS]).order_by(results_table.c.id)
        if run_id is not None:
            query = query.where(results_table.c.run_id == run_id)
        with self.engine.connect() as con:
            frame = pd.read_sql(query, con)
        if latest and not frame.empty:
            last = frame.groupby(["trainee", "chapter"])["run_id"].transform("max")
            frame = frame[frame["run_id"] == last].reset_index(drop=True)
        return frame

    def summary(self, latest: bool = True) -> pd.DataFrame:
        """Score per trainee and chapter (rows: trainees, columns: chapters, plus the total)."""
        frame = self.results(latest=latest)
        if frame.empty:
            return pd.DataFrame()
        table = frame.pivot_table(index="trainee", columns="chapter", values="score", aggfunc="sum", fill_value=0.0)
        table.columns = [f"ch{c}" for c in table.columns]
        table["total"] = table.sum(axis=1)
        return table.reset_index()

    # -- export
    def export(self, path: Path | str, *, history: bool = False) -> Path:
        """Write the results to ``.csv`` (UTF-8 with BOM, opens in Excel) or ``.xlsx`` (results, summary, runs)."""
        path = Path(path)
        frame = self.results(latest=not history)
        if path.suffix.lower() == ".csv":
            path.parent.mkdir(parents=True, exist_ok=True)
            frame.to_csv(path, index=False, encoding="utf-8-sig")
        elif path.suffix.lower() in {".xlsx", ".xlsm"}:
            path.parent.mkdir(parents=True, exist_ok=True)
            with pd.ExcelWriter(path, engine="openpyxl") as writer:
                frame.to_excel(writer, sheet_name="results", index=False)
                self.summary(latest=True).to_excel(writer, sheet_name="summary", index=False)
                self.runs().to_excel(writer, sheet_name="runs", index=False)
        else:
            raise ValueError(
                f"Cannot export the gradebook to {path.name}: use a file ending in .csv or .xlsx. "
                f"无法导出到 {path.name}：请使用 .csv 或 .xlsx 文件。"
            )
        return path
