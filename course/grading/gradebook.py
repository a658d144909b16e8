"""The gradebook (成绩册): every grading run, its results, and every score an instructor changed.

SQLite by default; any SQLAlchemy URL works (``postgresql+psycopg://…`` for a
shared deployment). Re-grading adds a new run and keeps the old ones, so
progress across runs stays visible.

Tables
------
``grading_runs``  run_id, started_at, finished_at (the real start and end of the run), kit_version, source,
                  notebooks, options
``submissions``   run_id, trainee, chapter, path, sha256, outcome, reason, seconds
``results``       run_id, trainee, chapter, exercise, status, attempts, hints_used, score, graded_at,
                  kit_version, reason, answer, message, suggestion, reviewed_by, reviewed_at
``reviews``       who changed which score when: result_id, run_id, trainee, chapter, exercise, old and new
                  status and score, reviewer, note, changed_at

A written answer is graded ``review`` with the kit's verdict as ``suggestion``;
:meth:`Gradebook.review` scores it and records the change in ``reviews``. The
same answer text handed in again is scored the same way in a later run (and
recorded as carried over).

The kit refuses to open a gradebook holding triggers or views it did not
create (a trigger can change scores behind the instructor's back). Exports
to CSV and Excel neutralise text a spreadsheet would run as a formula.

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
    from course.grading.results import SubmissionGrade

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
    sa.Column("suggestion", sa.String(20)),
    sa.Column("reviewed_by", sa.String(200)),
    sa.Column("reviewed_at", sa.String(32)),
)
reviews_table = sa.Table(
    "reviews", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("result_id", sa.Integer, sa.ForeignKey("results.id"), nullable=False, index=True),
    sa.Column("run_id", sa.Integer, nullable=False),
    sa.Column("trainee", sa.String(200), nullable=False),
    sa.Column("chapter", sa.String(8)),
    sa.Column("exercise", sa.String(40), nullable=False),
    sa.Column("old_status", sa.String(20), nullable=False),
    sa.Column("new_status", sa.String(20), nullable=False),
    sa.Column("old_score", sa.Float, nullable=False),
    sa.Column("new_score", sa.Float, nullable=False),
    sa.Column("reviewer", sa.String(200), nullable=False),
    sa.Column("note", sa.Text),
    sa.Column("changed_at", sa.String(32), nullable=False),
)

RESULT_COLUMNS = ["run_id", "trainee", "chapter", "exercise", "status", "attempts", "hints_used", "score",
                  "graded_at", "kit_version", "reason", "answer", "message", "suggestion", "reviewed_by", "reviewed_at"]
#: the longest answer kept (a written answer the instructor reviews, or a short value)
MAX_ANSWER = 20_000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def default_url(folder: Path | str = ".") -> str:
    """``sqlite:///FOLDER/gradebook.sqlite``."""
    return f"sqlite:///{(Path(folder) / 'gradebook.sqlite').resolve()}"


def absolute_url(url: str) -> str:
    """``url`` with a relative SQLite path made absolute (``sqlite:///class.sqlite`` → ``sqlite:////here/class.sqlite``).

    A report runs its notebook in a temporary folder: a relative path there opens (and creates) another, empty file.
    """
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////") and url != "sqlite:///:memory:":
        return f"sqlite:///{Path(url.removeprefix('sqlite:///')).resolve()}"
    return url


def existing_url(url: str) -> str:
    """:func:`absolute_url`, refusing a SQLite gradebook that does not exist (a report must not create an empty one).

    >>> existing_url("sqlite:////nowhere/gradebook.sqlite")
    Traceback (most recent call last):
    ...
    ValueError: No gradebook at /nowhere/gradebook.sqlite: grade first (python -m course grade SUBMISSIONS --db sqlite:////nowhere/gradebook.sqlite), or pass the --db you graded into. 没有找到成绩册 /nowhere/gradebook.sqlite：请先批改（python -m course grade 提交文件夹 --db …），或用 --db 指定批改时用的成绩册。
    """
    url = absolute_url(url)
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        path = Path(url.removeprefix("sqlite:///"))
        if not path.is_file():
            raise ValueError(
                f"No gradebook at {path}: grade first (python -m course grade SUBMISSIONS --db {url}), or pass the "
                f"--db you graded into. 没有找到成绩册 {path}：请先批改（python -m course grade 提交文件夹 --db …），"
                f"或用 --db 指定批改时用的成绩册。"
            )
    return url


def now() -> str:
    """The current time in UTC, ISO 8601 with milliseconds (what every timestamp in the gradebook uses)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _kit_version() -> str:
    from course import __version__

    return __version__


def answer_json(answer: Any) -> str | None:
    """An answer as stored: JSON, a long text cut *before* encoding (so the stored JSON stays valid)."""
    if answer is None:
        return None
    if isinstance(answer, str) and len(answer) > MAX_ANSWER:
        answer = answer[:MAX_ANSWER] + "…"
    text = json.dumps(answer, ensure_ascii=False, default=str)
    return text if len(text) <= MAX_ANSWER * 2 else json.dumps(str(answer)[:1000] + "…", ensure_ascii=False)


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells a spreadsheet would run as a formula (leading ``= + - @``, tab, CR) prefixed with ``'``.

    >>> neutralise(pd.DataFrame({"name": ["=1+1", "wang"], "score": [-1.0, 2.0]}))["name"].tolist()
    ["'=1+1", 'wang']
    """
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype.kind in "OSU" or str(out[column].dtype) in {"str", "string"}:
            out[column] = out[column].map(lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v)
    out.columns = [("'" + c) if isinstance(c, str) and c.startswith(_FORMULA_START) else c for c in out.columns]
    return out


class Gradebook:
    """A gradebook behind a SQLAlchemy URL (tables are created, or completed, when missing)."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        if self.url.startswith("sqlite:///"):
            Path(self.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.engine = sa.create_engine(self.url)
            metadata.create_all(self.engine)
            self._add_missing_columns()
            foreign = self._foreign_objects()
        except (sa.exc.ArgumentError, sa.exc.OperationalError, sa.exc.DatabaseError, ModuleNotFoundError) as error:
            text = str(error)
            if "database is locked" in text:  # another grade or review is writing to it
                why = ("it is in use by another program (a grading or a review still running?): wait for it to end and "
                       "run this again. 成绩册正被另一个程序使用（批改或批阅还在进行？）：请等它结束后再运行。")
            elif "file is not a database" in text or "malformed" in text:
                why = ("the file is not a SQLite gradebook, or it is damaged: restore it from a backup, or pass the "
                       "right --db. 该文件不是 SQLite 成绩册，或已损坏：请从备份恢复，或用 --db 指定正确的成绩册。")
            elif isinstance(error, ModuleNotFoundError):
                why = (f"the database driver {error.name!r} is not installed: install it in the kit's environment "
                       f"(e.g. .venv/bin/pip install psycopg), or use a SQLite gradebook. 未安装数据库驱动 {error.name!r}："
                       f"请在本工具的环境中安装（例如 .venv/bin/pip install psycopg），或改用 SQLite 成绩册。")
            else:
                why = ("use a database URL such as sqlite:///grading/gradebook.sqlite or postgresql+psycopg://user@host/db "
                       f"({type(error).__name__}: {text[:120]}). 请检查数据库地址。")
            raise ValueError(f"Cannot open the gradebook at {self.url!r}: {why} 无法打开成绩册 {self.url!r}。") from None
        if foreign:
            raise ValueError(
                f"The gradebook at {self.url} holds {', '.join(foreign)}, which the kit did not create: a trigger or "
                "view can change or hide scores. Inspect them (sqlite3: .schema) and drop them, or use a new gradebook "
                f"with --db. 成绩册 {self.url} 中有套件未创建的触发器或视图（{', '.join(foreign)}），可能篡改成绩："
                "请检查并删除，或用 --db 换一个新的成绩册。"
            )

    def _add_missing_columns(self) -> None:
        """Gradebooks made by an earlier kit version get the new columns (nothing is dropped)."""
        inspector = sa.inspect(self.engine)
        for table in (results_table,):
            have = {c["name"] for c in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name not in have:
                    kind = column.type.compile(dialect=self.engine.dialect)
                    with self.engine.begin() as con:
                        con.execute(sa.text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}'))

    def _foreign_objects(self) -> list[str]:
        ours = set(metadata.tables)
        with self.engine.connect() as con:
            if self.engine.dialect.name == "sqlite":
                rows = con.execute(sa.text("SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view')"))
                return [f"{kind} {name}" for kind, name in rows]
            if self.engine.dialect.name == "postgresql":
                rows = con.execute(sa.text("SELECT trigger_name FROM information_schema.triggers "
                                           "WHERE event_object_table = ANY(:tables)"), {"tables": sorted(ours)})
                return [f"trigger {row[0]}" for row in rows]
        return []

    # -- writing
    def start_run(self, *, source: str = "", options: dict[str, Any] | None = None, notebooks: int = 0) -> int:
        """Record that a grading run starts now; returns its ``run_id`` (see :meth:`finish_run`)."""
        with self.engine.begin() as con:
            return int(con.execute(runs_table.insert().values(
                started_at=now(), finished_at=None, kit_version=_kit_version(), source=source, notebooks=notebooks,
                options=json.dumps(options or {}, sort_keys=True, default=str),
            )).inserted_primary_key[0])

    def finish_run(self, run_id: int, grades: Iterable[SubmissionGrade]) -> None:
        """Store a run's results and the moment it finished; earlier reviews of the same answers carry over."""
        grades = list(grades)
        kit = _kit_version()
        finished = now()
        subs, rows = [], []
        for grade in grades:
            subs.append({"run_id": run_id, "trainee": grade.trainee, "chapter": grade.chapter, "path": grade.path,
                         "sha256": grade.sha256, "outcome": grade.outcome, "reason": grade.reason,
                         "seconds": grade.seconds})
            for item in grade.exercises:
                rows.append({
                    "run_id": run_id, "trainee": grade.trainee, "chapter": grade.chapter, "exercise": item.exercise,
                    "status": item.status, "attempts": item.attempts, "hints_used": item.hints_used,
                    "score": item.score, "graded_at": finished, "kit_version": kit, "reason": item.reason,
                    "answer": answer_json(item.answer),
                    "message": json.dumps(item.message, ensure_ascii=False) if item.message else None,
                    "suggestion": getattr(item, "suggestion", None),
                })
        with self.engine.begin() as con:
            if subs:
                con.execute(submissions_table.insert(), subs)
            if rows:
                con.execute(results_table.insert(), rows)
            con.execute(runs_table.update().where(runs_table.c.run_id == run_id).values(
                finished_at=finished, notebooks=len(grades)))
        self._carry_over_reviews(run_id)

    def add_run(self, grades: Iterable[SubmissionGrade], *, source: str = "", options: dict[str, Any] | None = None,
                started_at: str | None = None) -> int:
        """Store one grading run and its results at once; returns the new ``run_id``."""
        grades = list(grades)
        run_id = self.start_run(source=source, options=options, notebooks=len(grades))
        if started_at:
            with self.engine.begin() as con:
                con.execute(runs_table.update().where(runs_table.c.run_id == run_id).values(started_at=started_at))
        self.finish_run(run_id, grades)
        return run_id

    # -- reviews
    def review(self, result_id: int, score: float, *, reviewer: str, note: str = "", carried: bool = False) -> None:
        """Score one result (a written answer, or any result the instructor overrides) and record the change.

        ``score`` is between 0 and 1; the status becomes ``correct`` from half
        a point up, else ``incorrect``.
        """
        score = float(score)
        if not 0.0 <= score <= 1.0:
            raise ValueError(f"A score must be between 0 and 1, not {score:g}. 分数须在 0 到 1 之间。")
        reviewer = str(reviewer).strip()
        if not reviewer:
            raise ValueError("Say who reviews (--by NAME). 请用 --by 注明批阅人。")
        when = now()
        with self.engine.begin() as con:
            row = con.execute(sa.select(results_table).where(results_table.c.id == int(result_id))).mappings().first()
            if row is None:
                raise ValueError(f"No result {result_id} in the gradebook. 成绩册中没有编号为 {result_id} 的结果。")
            status = "correct" if score >= 0.5 else "incorrect"
            con.execute(results_table.update().where(results_table.c.id == row["id"]).values(
                status=status, score=score, reviewed_by=reviewer, reviewed_at=when))
            con.execute(reviews_table.insert().values(
                result_id=row["id"], run_id=row["run_id"], trainee=row["trainee"], chapter=row["chapter"],
                exercise=row["exercise"], old_status=row["status"], new_status=status, old_score=row["score"],
                new_score=score, reviewer=reviewer, note=note or None, changed_at=when))

    def _carry_over_reviews(self, run_id: int) -> None:
        """An instructor's score stays with the same answer when it is graded again: a written answer waiting for
        review, and any other result the instructor set (an answer accepted after discussion) alike."""
        pending = self.results(run_id=run_id, latest=False, with_id=True)
        if pending.empty:
            return
        with self.engine.connect() as con:
            done = pd.read_sql(
                sa.select(results_table.c.trainee, results_table.c.exercise, results_table.c.answer,
                          results_table.c.score, results_table.c.reviewed_by, results_table.c.run_id)
                .where(results_table.c.reviewed_by.is_not(None), results_table.c.run_id < run_id)
                .order_by(results_table.c.id), con)
        if done.empty:
            return
        latest = done.drop_duplicates(["trainee", "exercise", "answer"], keep="last").set_index(
            ["trainee", "exercise", "answer"])
        for _, row in pending.iterrows():
            key = (row["trainee"], row["exercise"], row["answer"])
            if key in latest.index:
                earlier = latest.loc[key]
                self.review(int(row["result_id"]), float(earlier["score"]),
                            reviewer=str(earlier["reviewed_by"]).split(" (carried over")[0]
                            + f" (carried over from run {int(earlier['run_id'])})",
                            note="same answer as reviewed before")

    def pending_reviews(self, *, run_id: int | None = None, trainee: str | None = None,
                        exercise: str | None = None) -> pd.DataFrame:
        """Written answers still waiting for the instructor (latest run per trainee and chapter, or one run)."""
        frame = self.results(run_id=run_id, latest=run_id is None, with_id=True)
        if frame.empty:
            return frame
        frame = frame[frame["status"] == "review"]
        if trainee is not None:
            frame = frame[frame["trainee"] == trainee]
        if exercise is not None:
            frame = frame[frame["exercise"] == exercise]
        return frame.reset_index(drop=True)

    def reviews(self) -> pd.DataFrame:
        """Every score change: who, when, from what to what."""
        with self.engine.connect() as con:
            return pd.read_sql(sa.select(reviews_table).order_by(reviews_table.c.id), con)

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

    def results(self, run_id: int | None = None, latest: bool = False, *, with_id: bool = False) -> pd.DataFrame:
        """Results of every run (history), of one run, or ``latest`` per trainee and chapter.

        ``with_id`` adds ``result_id`` (what :meth:`review` takes).
        """
        columns = [results_table.c[name] for name in RESULT_COLUMNS]
        if with_id:
            columns.insert(0, results_table.c.id.label("result_id"))
        query = sa.select(*columns).order_by(results_table.c.id)
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
        table["awaiting_review"] = frame.groupby("trainee")["status"].apply(lambda s: int((s == "review").sum()))
        return table.reset_index()

    # -- export
    def export(self, path: Path | str, *, history: bool = False) -> Path:
        """Write the results to ``.csv`` (UTF-8 with BOM, opens in Excel) or ``.xlsx`` (results, summary, runs, reviews).

        Text a spreadsheet would run as a formula is neutralised (:func:`neutralise`).
        """
        path = Path(path)
        frame = neutralise(self.results(latest=not history))
        if path.suffix.lower() == ".csv":
            path.parent.mkdir(parents=True, exist_ok=True)
            frame.to_csv(path, index=False, encoding="utf-8-sig")
        elif path.suffix.lower() in {".xlsx", ".xlsm"}:
            path.parent.mkdir(parents=True, exist_ok=True)
            with pd.ExcelWriter(path, engine="openpyxl") as writer:
                frame.to_excel(writer, sheet_name="results", index=False)
                neutralise(self.summary(latest=True)).to_excel(writer, sheet_name="summary", index=False)
                neutralise(self.runs()).to_excel(writer, sheet_name="runs", index=False)
                neutralise(self.reviews()).to_excel(writer, sheet_name="reviews", index=False)
        else:
            raise ValueError(
                f"Cannot export the gradebook to {path.name}: use a file ending in .csv or .xlsx. "
                f"无法导出到 {path.name}：请使用 .csv 或 .xlsx 文件。"
            )
        return path
