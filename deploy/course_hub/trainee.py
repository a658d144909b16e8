"""A simulated trainee (模拟学员): opens a workbook through the hub and works through it.

What a trainee does in the browser, as the same requests: ask the hub to start
their server, open the released workbook (a session, so a kernel), run every
cell from the top, type answers into some answer cells, click an option in a
widget exercise and press its *Check* button, and save. The outputs, the
clicked answer's record included, end up in the saved notebook exactly as
JupyterLab would write them.

Each trainee follows a :class:`Plan` made from their number, so the simulation
knows — independently of the grader — which exercises must come out correct.
"""

from __future__ import annotations

import copy
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course_hub.client import APIError, HubAPI, KernelChannel, ServerAPI

RECORD_MIME = "application/vnd.course.result+json"
WRONG_VALUE = '"no idea"'


@dataclass
class Plan:
    """What one trainee does in a workbook."""

    right: list[str]  # exercises answered correctly by typing
    wrong: list[str]  # exercises answered with a wrong value by typing
    written: list[
        str
    ]  # written-answer exercises given the model answer (judged by ideas, or sent to review)
    widget: str | None  # the exercise answered by clicking in its widget
    widget_label: dict[str, str] = field(
        default_factory=dict
    )  # the clicked option's label, en and zh
    widget_right: bool = True

    @property
    def expected_correct(self) -> set[str]:
        """Machine-judged exercises that must grade as correct."""
        return set(self.right) | ({self.widget} if self.widget and self.widget_right else set())

    @property
    def judged(self) -> set[str]:
        """Every exercise whose grade the plan predicts (written answers excluded)."""
        return set(self.right) | set(self.wrong) | ({self.widget} if self.widget else set())


@dataclass
class Exercises:
    """The exercises of a chapter, as the simulation plans with them."""

    machine: list[str]  # typed, judged by the kit (values, functions, choices typed)
    written: list[str]
    widget: str | None
    options: dict[
        str, dict[str, str]
    ]  # the widget exercise's option id -> {"en": label, "zh": label}
    right_option: str | None  # from the solution source, not from the exercise's key


def chapter_exercises(chapter: str, solutions: list[dict[str, Any]]) -> Exercises:
    """The chapter's exercises (which are written answers, which has a widget) and the widget's right option.

    ``solutions`` are the solution edition's cells (:func:`solution_cells`): the
    option the solution types for the widget exercise is the right one.
    """
    import ast
    import importlib

    from course.exercises.core import ChoiceExercise, TextExercise

    module = importlib.import_module(f"course.exercises.ch{int(chapter):02d}")
    items = [
        getattr(module, n)
        for n in sorted(dir(module), key=lambda n: (len(n), n))
        if n.startswith("q") and n[1:].isdigit()
    ]
    choices = [q for q in items if isinstance(q, ChoiceExercise) and not q.multiple]
    widget = choices[0] if choices else None
    right = None
    if widget is not None:
        # the solution checks `q5.check(countermeasure5)` after `countermeasure5 = "redirect"  # blank`
        name = widget.id.split(".")[1]
        texts = [
            "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in solutions
            if c["cell_type"] == "code"
        ]
        checked = [m[1] for t in texts if (m := re.match(rf"\s*{name}\.check\(\s*(\w+)\s*\)", t))]
        for text in texts:
            for line in text.splitlines():
                found = (
                    re.match(rf"\s*{checked[0]}\s*=\s*(.+?)\s*#\s*blank\s*$", line)
                    if checked
                    else None
                )
                if found:
                    right = ast.literal_eval(found[1])
    return Exercises(
        machine=[q.id for q in items if not isinstance(q, TextExercise) and q is not widget],
        written=[q.id for q in items if isinstance(q, TextExercise)],
        widget=widget.id if widget else None,
        options={k: dict(v) for k, v in widget.options.items()} if widget else {},
        right_option=right,
    )


def plan_for(k: int, exercises: Exercises) -> Plan:
    """Trainee ``k``'s plan: about two thirds of the typed exercises right, one wrong, the widget clicked.

    Every fourth trainee clicks a wrong option, every other one writes the written answers.
    """
    right = [e for j, e in enumerate(exercises.machine) if (j + k) % 3 != 0]
    wrong = [e for e in exercises.machine if e not in right][:1]
    clicks_right = k % 4 != 3 and exercises.right_option is not None
    option = (
        exercises.right_option
        if clicks_right
        else next((o for o in exercises.options if o != exercises.right_option), None)
    )
    return Plan(
        right=right,
        wrong=wrong,
        written=exercises.written if k % 2 == 0 else [],
        widget=exercises.widget,
        widget_label=exercises.options.get(option, {}) if option else {},
        widget_right=clicks_right,
    )


def solution_cells(source: Path, lang: str) -> list[dict[str, Any]]:
    """The solution edition of a workbook source, without its self-test cells (aligned with the released copy)."""
    from course import authoring

    nb = authoring.edition(authoring.read_source(source), lang)
    return [dict(c) for c in nb.cells if "selftest" not in c.metadata.get("tags", [])]


def typed_source(cell: dict[str, Any], solution: dict[str, Any] | None, plan: Plan) -> str:
    """What the trainee types into ``cell`` (the released copy's cell) under ``plan``."""
    meta = cell.get("metadata", {}).get("course", {})
    exercise, role = meta.get("exercise"), meta.get("role")
    source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    if role != "answer" or solution is None:
        return source
    if exercise in plan.right or exercise in plan.written:
        return (
            "".join(solution["source"])
            if isinstance(solution["source"], list)
            else solution["source"]
        )
    if exercise in plan.wrong:
        return source.replace("____", WRONG_VALUE, 1)
    return source


@dataclass
class TraineeRun:
    """What happened to one simulated trainee, with timings in seconds from the spawn request."""

    name: str
    lang: str
    plan: Plan
    spawn_seconds: float | None = None
    first_cell_seconds: float | None = None
    kernel_seconds: float | None = None
    run_seconds: float | None = None
    cells_run: int = 0
    errors_in_cells: int = 0
    widget_feedback: str = ""
    widget_record: str = ""  # the status in the record the saved notebook keeps for the click
    instant_correct: set[str] = field(default_factory=set)
    saved: bool = False
    failures: list[str] = field(default_factory=list)

    def fail(self, step: str, error: BaseException | str) -> None:
        self.failures.append(f"{step}: {error}")


async def work_through(
    hub: HubAPI,
    server: ServerAPI,
    run: TraineeRun,
    workbook: str,
    solutions: list[dict[str, Any]],
    started: float,
) -> None:
    """Spawn, open ``workbook``, run it with the plan's answers and a widget click, save. Failures are recorded."""
    try:
        code = await hub.start_server(run.name)
        if code == 400:
            run.fail("spawn", "the hub says the server is already running or starting")
        await hub.wait_ready(run.name)
        run.spawn_seconds = time.monotonic() - started
    except (APIError, RuntimeError, TimeoutError) as error:
        run.fail("spawn", error)
        return
    try:
        model = await server.get(workbook)
        notebook = model["content"]
        session = await server.open_notebook(workbook)
    except APIError as error:
        run.fail("open workbook", error)
        return
    channel: KernelChannel | None = None
    try:
        channel = await server.channel(session["kernel"]["id"])
        await _run_cells(channel, run, notebook, solutions, started)
        await server.save_notebook(workbook, notebook)
        run.saved = True
    except (APIError, TimeoutError, ConnectionError, OSError) as error:
        run.fail("run workbook", error)
    finally:
        if channel is not None:
            await channel.close()


async def _run_cells(
    channel: KernelChannel,
    run: TraineeRun,
    notebook: dict[str, Any],
    solutions: list[dict[str, Any]],
    started: float,
) -> None:
    cells = notebook["cells"]
    if len(cells) != len(solutions):
        run.fail(
            "plan",
            f"the workbook has {len(cells)} cells, its source {len(solutions)}: released from another version?",
        )
        solutions = [None] * len(cells)  # type: ignore[list-item]
    opened_kernel = time.monotonic()
    for cell, solution in zip(cells, solutions, strict=True):
        if cell["cell_type"] != "code":
            continue
        source = typed_source(cell, solution, run.plan)
        cell["source"] = source
        result = await channel.execute(source)
        run.cells_run += 1
        if run.first_cell_seconds is None and result.replied_at is not None:
            run.first_cell_seconds = result.replied_at - started
            run.kernel_seconds = result.replied_at - opened_kernel
        cell["outputs"] = result.outputs
        cell["execution_count"] = result.execution_count
        if result.status != "ok":
            run.errors_in_cells += 1
        meta = cell.get("metadata", {}).get("course", {})
        if meta.get("role") == "widget" and meta.get("exercise") == run.plan.widget:
            await _click(channel, run, result.opened_comms)
            records = [
                o["data"][RECORD_MIME] for o in cell["outputs"] if RECORD_MIME in o.get("data", {})
            ]
            run.widget_record = str(records[-1].get("status", "")) if records else "no record"
        if meta.get("role") == "check":
            for output in result.outputs:
                record = output.get("data", {}).get(RECORD_MIME)
                if isinstance(record, dict) and record.get("status") == "correct":
                    run.instant_correct.add(meta.get("exercise"))
    run.run_seconds = time.monotonic() - opened_kernel


async def _click(channel: KernelChannel, run: TraineeRun, comm_ids: list[str]) -> None:
    """Choose the planned option by its label and press Check, as in the browser."""
    from course.i18n import pick

    radios = channel.widgets(comm_ids, "RadioButtonsModel")
    buttons = channel.widgets(comm_ids, "ButtonModel")
    feedback = channel.widgets(comm_ids, "HTMLModel")
    if not radios or not buttons:
        run.fail(
            "widget",
            f"no radio buttons or Check button among the {len(comm_ids)} widgets the cell showed",
        )
        return
    label = pick(run.plan.widget_label, run.lang) if run.plan.widget_label else None
    labels = channel.comms[radios[0]].get("_options_labels", [])
    if label not in labels:
        run.fail("widget", f"the option {label!r} is not among the buttons {labels}")
        return
    await channel.comm_send(
        radios[0], {"method": "update", "state": {"index": labels.index(label)}, "buffer_paths": []}
    )
    await channel.comm_send(buttons[0], {"method": "custom", "content": {"event": "click"}})
    values = [str(channel.comms[c].get("value", "")) for c in feedback]
    run.widget_feedback = next(
        (v for v in values if "course-result" in v), values[-1] if values else ""
    )


def snapshot(notebook: dict[str, Any]) -> dict[str, Any]:
    """A deep copy (the saved notebook is the trainee's, the simulation keeps its own view)."""
    return copy.deepcopy(notebook)
