"""Grade a folder of trainee workbooks (批改练习册).

Layout of ``SUBMISSIONS_DIR`` (both may be mixed)::

    SUBMISSIONS_DIR/wang_li/01-prospects.ipynb        one folder per trainee (any depth)
    SUBMISSIONS_DIR/zhao_min_01-prospects.ipynb       or files named TRAINEE_NN-slug.ipynb

The chapter comes from the ``NN-`` in the file name, else from the notebook's
``from course.exercises.chNN import`` line.

Each notebook is executed in its own kernel, in a scratch copy in a temporary
folder (the submitted file is only read), under the limits of
:class:`course.grading.engine.Limits`, several at once. The grader does not
trust what the file says:

- check cells are compared with the kit's template by exercise id; an edited
  one is flagged ``check_edited`` and the template's check is run after it; a
  deleted one leaves the exercise ``missing`` (``check_deleted``);
- check cells call the chapter module directly, so rebinding ``q3`` in the
  notebook does not fool them; code that touches the checking machinery is
  flagged ``suspicious_code``;
- results come from the re-execution; a result the saved file shows as
  correct that does not re-run as correct is flagged ``possible_tampering``;
- widget answers saved in the file (``via: "widget"``) are re-judged with the
  chapter's own exercise and count like typed answers (the better of the two).

Score of an exercise: 1 when correct, else 0, minus ``hint_penalty`` per hint
level used (the solution counts as one level past the last hint), never below 0.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from course.grading import engine, structure
from course.grading.engine import Limits

#: better statuses rank higher
RANK = {"correct": 4, "incorrect": 3, "error": 2, "not_attempted": 1, "missing": 0}
FLAT_NAME = re.compile(r"^(?P<trainee>.+?)[_\-. ]+(?P<rest>\d{2}-[^/]*)\.ipynb$")
SUSPICIOUS = re.compile(
    r"\.judge\s*=(?!=)|\bVerdict\b|\bResult\s*\(|RECORD_MIME|vnd\.course\.result|publish_display_data|"
    r"exercises\.core|\bEXERCISES\b|(?<![\w.])q\d+\s*=(?!=)|(?<![\w.])q\d+\.\w+\s*=(?!=)|setattr\s*\("
)


@dataclass
class ExerciseGrade:
    """The grade of one exercise in one submission."""

    exercise: str
    status: str
    score: float = 0.0
    attempts: int = 0
    hints_used: int = 0
    flags: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    answer: Any = None
    message: dict[str, str] = field(default_factory=dict)

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)

    def flag(self, code: str, detail: str) -> None:
        if code not in self.flags:
            self.flags.append(code)
            self.reasons.append(f"{code}: {detail}")


@dataclass
class SubmissionGrade:
    """The grade of one submitted notebook."""

    trainee: str
    path: str
    chapter: str | None
    sha256: str = ""
    outcome: str = "graded"
    flags: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    seconds: float = 0.0
    restarts: int = 0
    exercises: list[ExerciseGrade] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)

    @property
    def score(self) -> float:
        return round(sum(e.score for e in self.exercises), 4)

    def flag(self, code: str, detail: str) -> None:
        if code not in self.flags:
            self.flags.append(code)
            self.reasons.append(f"{code}: {detail}")

    def by_id(self) -> dict[str, ExerciseGrade]:
        return {e.exercise: e for e in self.exercises}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Task:
    """Everything a worker needs to grade one file (picklable)."""

    path: str
    trainee: str
    chapter: str | None
    reference: structure.Reference | None
    limits: Limits = Limits()
    hint_penalty: float = 0.0
    executed_dir: str | None = None


# --------------------------------------------------------------------------- discovery
def discover(folder: Path) -> list[tuple[str, Path]]:
    """(trainee, notebook path) for every submission under ``folder`` (see the module doc)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(
            f"Submissions folder {folder} does not exist or is not a folder: put one folder per trainee "
            f"(or files named TRAINEE_NN-slug.ipynb) in it. 提交文件夹 {folder} 不存在或不是文件夹。"
        )
    found: list[tuple[str, Path]] = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            for path in sorted(entry.rglob("*.ipynb")):
                if not any(part.startswith(".") for part in path.relative_to(entry).parts):
                    found.append((entry.name, path))
        elif entry.suffix == ".ipynb":
            match = FLAT_NAME.match(entry.name)
            found.append((match["trainee"] if match else entry.stem, entry))
    return found


# --------------------------------------------------------------------------- one notebook
def _stored(nb: Any, chapter: str) -> tuple[dict[str, str], dict[str, tuple[int, int]], dict[str, Any]]:
    best: dict[str, str] = {}
    usage: dict[str, tuple[int, int]] = {}
    widget: dict[str, Any] = {}
    for record in structure.records(nb):
        eid = record["exercise"]
        status = record.get("status")
        if status not in RANK:
            continue
        if RANK[status] > RANK.get(best.get(eid, "missing"), 0) or eid not in best:
            best[eid] = status
        attempts, hints = usage.get(eid, (0, 0))
        usage[eid] = (max(attempts, _int(record.get("attempts"))), max(hints, _int(record.get("hints_used"))))
        if record.get("via") == "widget" and record.get("answer") is not None:
            widget[eid] = record["answer"]
    return best, usage, widget


def _int(value: Any) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


def _unreadable(task: Task, sha: str, outcome: str, detail: str) -> SubmissionGrade:
    grade = SubmissionGrade(trainee=task.trainee, path=task.path, chapter=task.chapter, sha256=sha, outcome=outcome)
    grade.flag(outcome, detail)
    for eid in task.reference.exercises if task.reference else ():
        item = ExerciseGrade(eid, "missing")
        item.flag(outcome, detail)
        grade.exercises.append(item)
    return grade


def _module_call(source: str, chapter: str) -> str:
    return structure.CHECK_CALL.sub(
        lambda m: f'__import__("course.exercises.ch{chapter}", fromlist=["{m[1]}"]).{m[1]}.check(', source
    )


def prepare(nb: nbformat.NotebookNode, ref: structure.Reference) -> tuple[
        nbformat.NotebookNode, dict[str, int], dict[str, list[tuple[str, str]]], dict[int, str]]:
    """The scratch copy to execute: outputs cleared, template check cells verified or restored.

    Returns the copy, exercise id -> index of the check cell whose output counts,
    exercise id -> integrity flags ``(code, detail)``, and cell index -> the
    exercise whose section it is in. Cells before the first exercise (imports,
    data) are marked ``course_grader_setup`` so they get the setup time limit.
    """
    chapter = ref.chapter
    scratch = copy.deepcopy(nb)
    for cell in scratch.cells:
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    sources = [structure.normalise_code(c.get("source", "")) if c.get("cell_type") == "code" else None for c in scratch.cells]
    intact: dict[int, str] = {}
    edited_after: dict[int, list[str]] = {}
    flags: dict[str, list[tuple[str, str]]] = {eid: [] for eid in ref.exercises}
    for eid, template_src in ref.checks.items():
        exact = [i for i, s in enumerate(sources) if s == template_src and i not in intact]
        if exact:
            intact[exact[0]] = eid
            continue
        name = eid.split(".")[1]
        calls = [i for i, s in enumerate(sources) if s is not None
                 and any(m[1] == name for m in structure.CHECK_CALL.finditer(s))]
        if calls:
            edited_after.setdefault(calls[-1], []).append(eid)
            flags.setdefault(eid, []).append(("check_edited", "the check cell differs from the template; the template's check was run instead"))
        else:
            flags.setdefault(eid, []).append(("check_deleted", "no check cell for this exercise: it was deleted"))
    owner_before: dict[int, str] = {}
    first_exercise = len(scratch.cells)
    for section in structure.sections(scratch, chapter, checks=ref.checks):
        if section.exercise:
            first_exercise = min(first_exercise, section.start)
            for i in section.cells:
                owner_before[i] = section.exercise
    cells: list[Any] = []
    checks: dict[str, int] = {}
    owner: dict[int, str] = {}
    for index, cell in enumerate(scratch.cells):
        if index < first_exercise and cell.get("cell_type") == "code":
            cell.setdefault("metadata", {})["course_grader_setup"] = True
        if index in owner_before:
            owner[len(cells)] = owner_before[index]
        if index in intact:
            cell["source"] = _module_call(ref.checks[intact[index]], chapter)
            checks[intact[index]] = len(cells)
        elif cell.get("cell_type") == "code" and SUSPICIOUS.search(str(cell.get("source", ""))):
            cell.setdefault("metadata", {})["course_grader"] = "suspicious"
        cells.append(cell)
        for eid in edited_after.get(index, []):
            restored = nbformat.v4.new_code_cell(_module_call(ref.checks[eid], chapter))
            restored.metadata["course_grader"] = "restored_check"
            checks[eid] = len(cells)
            cells.append(restored)
    scratch.cells = cells
    for eid, i in checks.items():
        owner[i] = eid
    return scratch, checks, flags, owner


def _rejudge(chapter: str, eid: str, answer: Any):
    from course.exercises.core import is_blank

    try:
        exercise = getattr(structure.exercise_module(chapter), eid.split(".")[1])
        if is_blank(answer):
            return None
        return exercise.judge(answer)
    except Exception:  # noqa: BLE001 - a strange stored answer is just not credited
        return None


def grade_notebook(task: Task) -> SubmissionGrade:
    """Grade one submitted file. Never raises for anything in the file."""
    started = time.monotonic()
    data = Path(task.path).read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        return _unreadable(task, sha, "empty_file", "the file is empty")
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        return _unreadable(task, sha, "invalid_json", f"the file is not valid JSON ({str(error)[:80]})")
    try:
        if not isinstance(raw, dict) or not isinstance(raw.get("cells"), list):
            raise ValueError("no list of cells")
        nb = nbformat.from_dict(raw)
        nb = nbformat.convert(nb, 4) if nb.get("nbformat", 4) != 4 else nb
        for cell in nb.cells:
            if not isinstance(cell, dict) or cell.get("cell_type") not in {"code", "markdown", "raw"}:
                raise ValueError("a cell without a valid cell_type")
            if isinstance(cell.get("source"), list):
                cell["source"] = "".join(cell["source"])
            cell.setdefault("metadata", {})
    except Exception as error:  # noqa: BLE001
        return _unreadable(task, sha, "invalid_notebook", f"valid JSON but not a notebook ({str(error)[:80]})")
    ref = task.reference
    if ref is None:
        return _unreadable(task, sha, "unknown_chapter", "cannot tell which chapter this workbook belongs to")

    grade = SubmissionGrade(trainee=task.trainee, path=task.path, chapter=ref.chapter, sha256=sha)
    stored_best, usage, widget_answers = _stored(nb, ref.chapter)
    scratch, checks, integrity, owner = prepare(nb, ref)
    with tempfile.TemporaryDirectory(prefix="course-grade-") as tmp:
        scratch_path = Path(tmp) / Path(task.path).name
        nbformat.write(scratch, scratch_path)
        run = engine.run(scratch, Path(tmp), task.limits)
    grade.restarts = run.restarts
    for i, cell in enumerate(scratch.cells):
        if cell.get("metadata", {}).get("course_grader") == "suspicious":
            grade.flag("suspicious_code", f"cell {i + 1} touches the checking machinery")

    for eid in ref.exercises:
        item = ExerciseGrade(eid, "missing")
        for code, detail in integrity.get(eid, []):
            item.flag(code, detail)
        index = checks.get(eid)
        if eid not in ref.checks:
            item.flag("no_template_check", "the template has no check cell for this exercise")
        elif index is not None:
            cell = scratch.cells[index]
            found = [r for r in structure.records({"cells": [cell]}) if r["exercise"] == eid]
            if found:
                record = found[-1]
                item.status = record["status"] if record.get("status") in RANK else "error"
                item.answer = record.get("answer")
                item.message = record.get("message") or {}
                item.attempts = _int(record.get("attempts"))
                item.hints_used = _int(record.get("hints_used"))
            elif index not in run.executed:
                item.flag("not_run", "the check cell was never run (see the notebook's other faults)")
            else:
                errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
                if errors:
                    item.status = "error"
                    item.flag("check_failed", f"{errors[0].get('ename')}: {str(errors[0].get('evalue'))[:120]}")
                else:
                    item.flag("no_result", "the check ran but showed no result")
        for i, name in owner.items():
            if name != eid:
                continue
            for kind in run.kinds(i):
                item.flag(kind, next(e.detail for e in run.events if e.index == i and e.kind == kind) + f" (cell {i + 1})")
            if scratch.cells[i].get("metadata", {}).get("course_grader") == "suspicious":
                item.flag("suspicious_code", f"cell {i + 1} touches the checking machinery")
        if run.timed_out and index is not None and index not in run.executed:
            item.flag("notebook_timeout", "the notebook's time limit ran out before this check")
        # widget answers saved in the file are judged like typed ones
        if eid in widget_answers:
            verdict = _rejudge(ref.chapter, eid, widget_answers[eid])
            if verdict is not None and RANK.get(verdict.status, 0) > RANK[item.status]:
                item.status = verdict.status
                item.answer = widget_answers[eid]
                item.message = dict(verdict.message)
                item.flag("widget_answer", "graded from the answer clicked in the widget")
        if stored_best.get(eid) == "correct" and item.status != "correct":
            item.flag("possible_tampering", f"the saved file shows it correct, but it re-runs as {item.status}")
        attempts, hints = usage.get(eid, (0, 0))
        item.attempts = max(item.attempts, attempts)
        item.hints_used = max(item.hints_used, hints)
        if item.status == "correct":
            item.score = round(max(0.0, 1.0 - task.hint_penalty * item.hints_used), 4)
        grade.exercises.append(item)

    for event in run.events:  # faults outside any exercise (e.g. the setup cell)
        if event.index not in owner:
            grade.flag(event.kind, f"{event.detail} (cell {event.index + 1})")
    for item in grade.exercises:
        for code, reason in zip(item.flags, item.reasons, strict=True):
            if code not in {"widget_answer"}:
                grade.flag(code, f"{item.exercise}: {reason.split(': ', 1)[1]}")
    grade.outcome = "graded" if not grade.flags else "graded_with_faults"
    if task.executed_dir:
        target = Path(task.executed_dir) / task.trainee / Path(task.path).name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(scratch, target)
    grade.seconds = round(time.monotonic() - started, 2)
    return grade


def _safe_grade(task: Task) -> SubmissionGrade:
    try:
        return grade_notebook(task)
    except Exception as error:  # noqa: BLE001 - the batch always completes
        grade = _unreadable(task, "", "grader_error", f"{type(error).__name__}: {error}")
        grade.reasons.append(traceback.format_exc(limit=3)[-400:])
        return grade


# --------------------------------------------------------------------------- many notebooks
def make_tasks(pairs: Iterable[tuple[str, Path]], *, limits: Limits | None = None, hint_penalty: float = 0.0,
               templates: Path | None = None, executed_dir: Path | None = None) -> list[Task]:
    """One :class:`Task` per (trainee, path), with the chapter's reference attached."""
    refs: dict[str, structure.Reference | None] = {}
    tasks = []
    for trainee, path in pairs:
        chapter = structure.chapter_of(None, path.name)
        if chapter is None:
            try:
                nb = json.loads(path.read_text(encoding="utf-8-sig"))
                chapter = structure.chapter_of(nbformat.from_dict(nb), path.name)
            except Exception:  # noqa: BLE001 - the worker reports unreadable files
                chapter = None
        if chapter is not None and chapter not in refs:
            try:
                refs[chapter] = structure.reference(chapter, templates)
            except ValueError:
                refs[chapter] = None
        tasks.append(Task(str(path), trainee, chapter, refs.get(chapter) if chapter else None, limits or Limits(), hint_penalty,
                          str(executed_dir) if executed_dir else None))
    return tasks


def grade_many(tasks: list[Task], workers: int | None = None,
               progress: bool | Callable[[int, int, SubmissionGrade], None] = True) -> list[SubmissionGrade]:
    """Grade ``tasks`` on ``workers`` processes (default: the CPU count); results in task order.

    ``progress`` is ``True`` for a tqdm bar on stderr, ``False`` for none, or a
    callable ``(done, total, grade)``.
    """
    workers = max(1, workers or os.cpu_count() or 1)
    results: list[SubmissionGrade | None] = [None] * len(tasks)
    bar = None
    if progress is True:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(tasks), unit="notebook", desc="grading", leave=True)

    def done(i: int, grade: SubmissionGrade) -> None:
        results[i] = grade
        finished = sum(r is not None for r in results)
        if bar is not None:
            bar.update(1)
            bar.set_postfix_str(f"{grade.trainee}: {grade.outcome}", refresh=False)
        elif callable(progress):
            progress(finished, len(tasks), grade)

    try:
        if workers == 1 or len(tasks) <= 1:
            for i, task in enumerate(tasks):
                done(i, _safe_grade(task))
        else:
            # kernels are separate processes: the grader's own work is message passing,
            # so threads are enough and avoid re-importing the kit in worker processes
            from concurrent.futures import ThreadPoolExecutor, as_completed

            with ThreadPoolExecutor(max_workers=min(workers, len(tasks)), thread_name_prefix="grader") as pool:
                futures = {pool.submit(_safe_grade, task): i for i, task in enumerate(tasks)}
                for future in as_completed(futures):
                    done(futures[future], future.result())
    finally:
        if bar is not None:
            bar.close()
    return [r for r in results if r is not None]
