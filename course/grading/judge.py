"""Grade one submitted notebook (批改一本练习册): re-run it without keys, judge its answers outside the kernel.

The trainee's notebook is re-run from a scratch copy in a kernel that holds no
answer keys (:mod:`course.exercises.public`; in a sandbox, see
:mod:`course.grading.sandbox`). The kit's own check cell of each exercise is
replaced by a *hand-in* cell that publishes the answer as plain data
(:mod:`course.exercises.plain`); the judging happens here, in the grader's
process, with the keys only it holds. The kernel can therefore change what
the answer is, never how it is judged. Rules for what the kernel publishes:

- only the answer record published by the exercise's own hand-in cell
  counts; if that cell publishes several for the exercise, **none** counts
  (``several_answers``) -- a trainee does not get "any of my guesses";
- an answer record for an exercise published by any other cell is ignored
  and flagged ``forged_answer``; a result record claiming a verdict (which a
  keyless kernel never gives) is flagged ``forged_record``;
- a value that is not plain data arrives as a wrong type with its reason;
- a written answer (``TextExercise``) is graded ``review``: the kit's verdict
  is kept as a suggestion and the instructor scores it (``python -m course review``);
- check cells are compared with the kit's template by exercise id: an edited
  one is flagged ``check_edited`` and the template's hand-in runs after it; a
  deleted one leaves the exercise ``missing`` (``check_deleted``);
- a choice answered by clicking the widget is taken from the saved record in
  that exercise's widget cell (exactly one, else none counts; only where the
  template has a widget) and judged here like a typed answer, when nothing was
  typed -- a typed answer and a click are not two guesses; a result the saved file shows as correct that does not
  re-grade as correct is flagged ``possible_tampering``.

Score of an exercise: 1 when correct, else 0, minus ``hint_penalty`` per hint
level used (the solution counts as one level past the last hint), never below
0; a written answer scores when the instructor has reviewed it. Hints used are
read from the check results saved in the file (the grading kernel gives no
hints): a file handed in with its outputs cleared is flagged ``hints_unknown``
when a penalty is asked for, since the penalty cannot be taken.
"""

from __future__ import annotations

import copy
import json
import re
import tempfile
import time
from pathlib import Path
from typing import Any

import nbformat

from course.exercises import core, plain
from course.exercises.plain import ANSWER_MIME
from course.grading import engine, structure
from course.grading.results import RANK, ExerciseGrade, SubmissionGrade

HAND_IN = (
    '__import__("course.exercises.public", fromlist=["hand_in"]).hand_in("ch{chapter}.{name}", '
)
SUSPICIOUS = re.compile(
    r"\.judge\s*=(?!=)|\bVerdict\b|\bResult\s*\(|RECORD_MIME|ANSWER_MIME|vnd\.course\.(?:result|answer)|"
    r"publish_display_data|exercises\.(?:core|plain|public)|\bhand_in\b|\bEXERCISES\b|(?<![\w.])q\d+\s*=(?!=)|"
    r"(?<![\w.])q\d+\.\w+\s*=(?!=)|setattr\s*\(|sys\.modules|meta_path|path_hooks|events\.register|"
    r"(?:pre|post)_(?:run_cell|execute)|isclose\s*=(?!=)|def\s+__eq__|__builtins__|\bbuiltins\b|\.pth\b|"
    r"site-packages|getsitepackages|gc\.get_objects|"
    r"(?<![\w.])(?:pd|np|pandas|numpy|math|course|IPython)\.(?!options\b)[\w.]+\s*=(?!=)"
)
#: longest written answer kept for the instructor's review
REVIEW_TEXT = 20_000


def hand_in_source(template: str, chapter: str) -> str:
    """The template check cell rewritten to hand its answer to the grader (``q3.check(x)`` → ``hand_in("ch01.q3", x)``)."""
    return structure.CHECK_CALL.sub(lambda m: HAND_IN.format(chapter=chapter, name=m[1]), template)


def prepare(
    nb: nbformat.NotebookNode, ref: structure.Reference
) -> tuple[nbformat.NotebookNode, dict[str, int], dict[str, list[tuple[str, str]]], dict[int, str]]:
    """The scratch copy to execute: outputs cleared, template check cells verified and turned into hand-in cells.

    Returns the copy, exercise id -> index of its hand-in cell, exercise id ->
    integrity flags ``(code, detail)``, and cell index -> the exercise whose
    section it is in. Cells before the first exercise (imports, data) are
    marked ``course_grader_setup`` so they get the setup time limit.
    """
    chapter = ref.chapter
    scratch = copy.deepcopy(nb)
    for cell in scratch.cells:
        for key in (
            "course_grader",
            "course_grader_setup",
        ):  # only the grader sets these, never the file
            cell.get("metadata", {}).pop(key, None)
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    sources = [
        structure.normalise_code(c.get("source", "")) if c.get("cell_type") == "code" else None
        for c in scratch.cells
    ]
    intact: dict[int, str] = {}
    edited_after: dict[int, list[str]] = {}
    flags: dict[str, list[tuple[str, str]]] = {eid: [] for eid in ref.exercises}
    for eid, template_src in ref.checks.items():
        exact = [i for i, s in enumerate(sources) if s == template_src and i not in intact]
        if exact:
            intact[exact[0]] = eid
            continue
        name = eid.split(".")[1]
        calls = [
            i
            for i, s in enumerate(sources)
            if s is not None and any(m[1] == name for m in structure.CHECK_CALL.finditer(s))
        ]
        if calls:
            edited_after.setdefault(calls[-1], []).append(eid)
            flags.setdefault(eid, []).append(
                (
                    "check_edited",
                    "the check cell differs from the template; the template's check was run instead",
                )
            )
        else:
            flags.setdefault(eid, []).append(
                ("check_deleted", "no check cell for this exercise: it was deleted")
            )
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
            cell["source"] = hand_in_source(ref.checks[intact[index]], chapter)
            checks[intact[index]] = len(cells)
        elif cell.get("cell_type") == "code" and SUSPICIOUS.search(str(cell.get("source", ""))):
            cell.setdefault("metadata", {})["course_grader"] = "suspicious"
        cells.append(cell)
        for eid in edited_after.get(index, []):
            restored = nbformat.v4.new_code_cell(hand_in_source(ref.checks[eid], chapter))
            restored.metadata["course_grader"] = "restored_check"
            checks[eid] = len(cells)
            cells.append(restored)
    scratch.cells = cells
    for eid, i in checks.items():
        owner[i] = eid
    return scratch, checks, flags, owner


# --------------------------------------------------------------------------- what the file and the kernel said
def _int(value: Any) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


def stored_records(
    nb: Any, ref: structure.Reference
) -> tuple[dict[str, str], dict[str, tuple[int, int]], dict[str, list[Any]]]:
    """From the submitted file: best saved status, (attempts, hints) and clicked answers per exercise.

    Clicked answers count only from the exercise's own widget cell, and only where the template has one (a
    trainee cannot add a widget cell to an exercise that has none).
    """
    best: dict[str, str] = {}
    usage: dict[str, tuple[int, int]] = {}
    for record in structure.records(nb):
        eid = record["exercise"]
        status = record.get("status")
        if status in RANK and (eid not in best or RANK[status] > RANK[best[eid]]):
            best[eid] = status
        attempts, hints = usage.get(eid, (0, 0))
        usage[eid] = (
            max(attempts, _int(record.get("attempts"))),
            max(hints, _int(record.get("hints_used"))),
        )
    clicked: dict[str, list[Any]] = {}
    for eid, section in structure.exercise_sections(nb, ref.chapter, checks=ref.checks).items():
        if section.widget is None or eid not in ref.widgets:
            continue
        found = [
            r
            for r in structure.records({"cells": [nb.cells[section.widget]]})
            if r["exercise"] == eid and r.get("via") == "widget" and r.get("answer") is not None
        ]
        if found:
            clicked[eid] = [json.loads(json.dumps(r["answer"])) for r in found]
    return best, usage, clicked


def answer_records(cell: Any) -> list[dict[str, Any]]:
    """The answer records (:data:`ANSWER_MIME`) a cell's outputs hold."""
    return structure.cell_records(cell, ANSWER_MIME)


# --------------------------------------------------------------------------- judging here, with the keys
def _exercise(chapter: str, eid: str) -> core.Exercise:
    return getattr(structure.exercise_module(chapter), eid.split(".")[1])


def _judge(exercise: core.Exercise, payload: dict[str, Any]) -> core.Verdict:
    try:
        verdict = exercise.judge_payload(payload)
        if verdict.status not in RANK:
            raise ValueError(f"unknown status {verdict.status!r}")
        return verdict
    except Exception as error:  # noqa: BLE001 - one broken key must not sink the submission
        return core.Verdict.of(
            "error", "check.internal_error", error=f"{type(error).__name__}: {str(error)[:120]}"
        )


def _short_answer(exercise: core.Exercise, payload: dict[str, Any]) -> Any:
    """What the gradebook keeps of an answer: a short value, or the whole text of a written answer."""
    if "answer" not in payload:
        return None
    try:
        value = plain.from_plain(payload["answer"])
        if getattr(exercise, "written", False) and isinstance(value, str):
            return value[:REVIEW_TEXT]
        short = exercise.answer_record(value)
        json.dumps(short, allow_nan=False)
        return short
    except Exception:  # noqa: BLE001 - a strange answer is just not shown
        return None


def _apply(item: ExerciseGrade, exercise: core.Exercise, payload: dict[str, Any]) -> None:
    verdict = _judge(exercise, payload)
    item.message = dict(verdict.message)
    item.answer = _short_answer(exercise, payload)
    written = getattr(exercise, "written", False) and isinstance(item.answer, str)
    if written and verdict.status in {"correct", "incorrect", "review"}:
        item.status, item.suggestion = "review", verdict.status
    else:
        item.status = verdict.status


def grade_notebook(task: Any, context: Any) -> SubmissionGrade:
    """Grade one submitted file (read and hashed before any kernel started). Never raises for anything in the file."""
    started = time.monotonic()
    ref = task.reference
    nb, problem = _parse(task.data)
    if problem is not None:
        return unreadable(task, *problem)
    if ref is None:
        return unreadable(
            task, "unknown_chapter", "cannot tell which chapter this workbook belongs to"
        )
    grade = SubmissionGrade(
        trainee=task.trainee, path=task.path, chapter=ref.chapter, sha256=task.sha256
    )
    stored_best, usage, clicked = stored_records(nb, ref)
    scratch, checks, integrity, owner = prepare(nb, ref)
    with tempfile.TemporaryDirectory(prefix="course-grade-") as tmp:
        run = engine.run(
            scratch,
            Path(tmp),
            task.limits,
            sandbox=context.sandboxing(task.limits),
            answer_cells=set(checks.values()),
            env=context.kernel_env(),
        )
    grade.restarts, grade.sandboxed = run.restarts, run.sandboxed
    for i, cell in enumerate(scratch.cells):
        if cell.get("metadata", {}).get("course_grader") == "suspicious":
            grade.flag("suspicious_code", f"cell {i + 1} touches the checking machinery")
    published: dict[str, list[tuple[int, dict]]] = {}
    for i, cell in enumerate(scratch.cells):
        for record in answer_records(cell):
            published.setdefault(record["exercise"], []).append((i, record))
    forged_results = _forged_results(scratch)

    for eid in ref.exercises:
        item = ExerciseGrade(eid, "missing")
        exercise = _exercise(ref.chapter, eid)
        for code, detail in integrity.get(eid, []):
            item.flag(code, detail)
        index = checks.get(eid)
        mine = [record for i, record in published.get(eid, []) if i == index]
        elsewhere = sorted({i + 1 for i, _ in published.get(eid, []) if i != index})
        if elsewhere:
            item.flag(
                "forged_answer",
                f"an answer for this exercise was published by cell(s) "
                f"{', '.join(map(str, elsewhere))}, not by its check: ignored",
            )
        if eid in forged_results:
            item.flag(
                "forged_record",
                f"cell(s) {', '.join(map(str, forged_results[eid]))} showed a result the "
                "grading kernel cannot give (it holds no keys): ignored",
            )
        if eid not in ref.checks:
            item.flag("no_template_check", "the template has no check cell for this exercise")
        elif index is not None:
            cell = scratch.cells[index]
            if len(mine) == 1:
                _apply(item, exercise, mine[0])
            elif len(mine) > 1:
                item.status = "incorrect"
                item.message = _several_message(len(mine))
                item.flag(
                    "several_answers",
                    f"the check handed in {len(mine)} answers: none of them counts",
                )
            elif index not in run.executed:
                item.flag(
                    "not_run", "the check cell was never run (see the notebook's other faults)"
                )
            else:
                errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
                if errors:
                    item.status = "error"
                    item.flag(
                        "check_failed",
                        f"{errors[0].get('ename')}: {str(errors[0].get('evalue'))[:120]}",
                    )
                elif "answer_too_big" in run.kinds(index):
                    item.status = "incorrect"
                    item.flag("answer_too_big", "the answer was too large to hand in")
                else:
                    item.flag("no_result", "the check ran but handed in no answer")
        for i, name in owner.items():
            if name != eid:
                continue
            for kind in run.kinds(i):
                item.flag(
                    kind,
                    next(e.detail for e in run.events if e.index == i and e.kind == kind)
                    + f" (cell {i + 1})",
                )
            if scratch.cells[i].get("metadata", {}).get("course_grader") == "suspicious":
                item.flag("suspicious_code", f"cell {i + 1} touches the checking machinery")
        if run.timed_out and index is not None and index not in run.executed:
            item.flag("notebook_timeout", "the notebook's time limit ran out before this check")
        _clicked(item, exercise, clicked.get(eid))
        if stored_best.get(eid) == "correct" and item.status not in {"correct", "review"}:
            item.flag(
                "possible_tampering",
                f"the saved file shows it correct, but it re-grades as {item.status}",
            )
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
    for other in task.duplicates:
        grade.flag(
            "duplicate_submission", f"also handed in {Path(other).name}, which was not graded"
        )
    if task.hint_penalty and not usage and any(item.status == "correct" for item in grade.exercises):
        # hints are known only from the check results saved in the file: with none saved, the penalty cannot apply
        grade.flag("hints_unknown", "no check result is saved in the file (outputs cleared?), so the hints used "
                                    "are unknown and no hint penalty was taken")
    grade.outcome = "graded" if not grade.flags else "graded_with_faults"
    if task.executed_dir:  # a copy for the instructor to look at: failing to write it never costs the grade
        target = Path(task.executed_dir) / _safe_part(task.trainee) / Path(task.path).name
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(scratch, target)
        except Exception as error:  # noqa: BLE001 - a notebook nbformat will not write (odd metadata kept)
            grade.flag("executed_copy_not_written", f"{type(error).__name__}: {str(error)[:120]}")
    grade.seconds = round(time.monotonic() - started, 2)
    return grade


def _safe_part(name: str) -> str:
    """A trainee name as one folder name (no separators, no ``..``)."""
    cleaned = re.sub(r"[/\\\0]", "_", name).strip()
    return "_" + cleaned if cleaned in {"", ".", ".."} else cleaned


def _several_message(n: int) -> dict[str, str]:
    import course.i18n as i18n

    return i18n.both("grading.several_answers", n=n)


def _forged_results(scratch: Any) -> dict[str, list[int]]:
    """Result records in the re-run that claim a verdict (a keyless kernel's receipts never do)."""
    found: dict[str, list[int]] = {}
    for i, cell in enumerate(scratch.cells):
        for record in structure.records({"cells": [cell]}):
            if record.get("status") not in {"not_attempted", None}:
                found.setdefault(record["exercise"], []).append(i + 1)
    return found


def _clicked(item: ExerciseGrade, exercise: core.Exercise, answers: list[Any] | None) -> None:
    """A choice clicked in the widget (saved in the file) counts like a typed one, judged here — when nothing was typed.

    A typed answer, once handed in, is the answer: a click saved beside it is not a second guess (typed "pursue",
    clicked "redirect", the better of the two used to count).
    """
    if not answers or not isinstance(exercise, core.ChoiceExercise):
        return
    if item.status not in {"not_attempted", "missing"}:
        return
    if len(answers) > 1:
        item.flag(
            "several_answers",
            f"the widget cell holds {len(answers)} clicked answers: none of them counts",
        )
        return
    answer = answers[0]
    if not isinstance(answer, str | list) or (
        isinstance(answer, list) and not all(isinstance(a, str) for a in answer)
    ):
        return
    verdict = _judge(exercise, plain.value_payload(answer))
    if RANK.get(verdict.status, 0) > RANK[item.status]:
        item.status = verdict.status
        item.answer = answer
        item.message = dict(verdict.message)
        item.flag("widget_answer", "graded from the answer clicked in the widget")


def _parse(data: bytes) -> tuple[Any, tuple[str, str] | None]:
    if not data.strip():
        return None, ("empty_file", "the file is empty")
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:  # RecursionError: "[[[[…" nested thousands deep
        return None, ("invalid_json", f"the file is not valid JSON ({str(error)[:80] or type(error).__name__})")
    try:
        if not isinstance(raw, dict) or not isinstance(raw.get("cells"), list):
            raise ValueError("no list of cells")
        if not isinstance(raw.get("metadata", {}), dict):
            raise ValueError("the notebook's metadata is not a mapping")
        nb = nbformat.from_dict(raw)
        nb = nbformat.convert(nb, 4) if nb.get("nbformat", 4) != 4 else nb
        for number, cell in enumerate(nb.cells, start=1):
            if not isinstance(cell, dict) or cell.get("cell_type") not in {
                "code",
                "markdown",
                "raw",
            }:
                raise ValueError("a cell without a valid cell_type")
            source = cell.get("source", "")
            if isinstance(source, list) and all(isinstance(line, str) for line in source):
                cell["source"] = "".join(source)
            elif not isinstance(source, str):
                raise ValueError(f"cell {number}'s source is not text")
            if not isinstance(cell.setdefault("metadata", {}), dict):
                raise ValueError(f"cell {number}'s metadata is not a mapping")
            if cell["cell_type"] == "code" and not isinstance(cell.setdefault("outputs", []), list):
                cell["outputs"] = []  # the re-run makes them again; saved records in such a shape are not read
    except Exception as error:  # noqa: BLE001
        return None, ("invalid_notebook", f"valid JSON but not a notebook ({str(error)[:80]})")
    return nb, None


def unreadable(task: Any, outcome: str, detail: str) -> SubmissionGrade:
    """The grade of a file that cannot be run: every exercise missing, with the reason."""
    grade = SubmissionGrade(
        trainee=task.trainee,
        path=task.path,
        chapter=task.chapter,
        sha256=task.sha256,
        outcome=outcome,
    )
    grade.flag(outcome, detail)
    for eid in task.reference.exercises if task.reference else ():
        item = ExerciseGrade(eid, "missing")
        item.flag(outcome, detail)
        grade.exercises.append(item)
    return grade
