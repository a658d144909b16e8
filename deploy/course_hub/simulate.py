"""The classroom simulation (课堂模拟): ``make hub-test N=30``.

A whole lesson on this machine, through the hub, and back to nothing:

1. a :class:`~course_hub.classroom.Classroom`: ``N`` trainee accounts (half
   ``zh``, half ``en``) and an instructor, a hub on loopback;
2. the instructor releases the chapter's workbook into every home;
3. every trainee, at once (or spread over ``--ramp`` seconds), asks the hub
   to start their server (REST API), opens the workbook (a kernel), runs it
   cell by cell through the kernel websocket with the answers of their
   :class:`~course_hub.trainee.Plan`, clicks an option in a widget exercise
   and presses *Check*, and saves;
4. the instructor collects, grades (the kit's grader) and returns feedback
   pages; every trainee opens theirs through their server;
5. every server is stopped through the REST API, the hub stopped, and every
   account, home, process and control group removed, also on failure.

It measures the time from each trainee's start request to their first
executed cell (median and 95th percentile), the peak memory of each trainee
(their control group: server and kernel together) and of the whole class at
its busiest, and it checks every grade against the plan, which it made
without the grader. The last line printed is the summary with the counts.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from course_hub import cgroups, handout
from course_hub.classroom import MANIFESTS as MANIFESTS_DIR
from course_hub.classroom import Classroom
from course_hub.client import APIError, HubAPI, ServerAPI
from course_hub.trainee import (
    TraineeRun,
    chapter_exercises,
    plan_for,
    solution_cells,
    work_through,
)

MIB = 2**20


# --------------------------------------------------------------------------- memory
@dataclass
class MemoryWatch:
    """Samples every trainee's control group (and the hub's processes) while the class works."""

    tree: cgroups.Tree | None
    names: list[str]
    hub_pid: int | None
    interval: float = 0.5
    peak_total: int = 0  # the busiest moment: all trainees' memory at once
    peak_anon: dict[str, int] = field(default_factory=dict)
    hub_peak: int = 0
    samples: int = 0

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.sample()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.interval)

    def sample(self) -> None:
        self.samples += 1
        total = 0
        if self.tree is not None:
            for name in self.names:
                group = self.tree.group(name)
                total += group.usage_bytes() or 0
                anon = group.anon_bytes() or 0
                self.peak_anon[name] = max(self.peak_anon.get(name, 0), anon)
        self.peak_total = max(self.peak_total, total)
        self.hub_peak = max(self.hub_peak, hub_rss(self.hub_pid))


def hub_rss(pid: int | None) -> int:
    """Resident memory of the hub and everything in its session (proxy, culler)."""
    if not pid:
        return 0
    total = 0
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) != pid:  # session id
                continue
            rss = next(
                line
                for line in (status.parent / "status").read_text().splitlines()
                if line.startswith("VmRSS")
            )
            total += int(rss.split()[1]) * 1024
        except (OSError, ValueError, IndexError, StopIteration):
            continue
    return total


# --------------------------------------------------------------------------- results
@dataclass
class TraineeResult:
    name: str
    lang: str
    spawn_s: float | None
    first_cell_s: float | None
    run_s: float | None
    cells: int
    peak_mib: float | None
    anon_mib: float | None
    oom_kills: int
    graded: bool
    as_planned: bool
    correct: list[str]
    expected: list[str]
    feedback_seen: bool
    failures: list[str]


@dataclass
class Summary:
    trainees: int
    chapter: str
    servers_started: int
    workbooks_run: int
    graded: int
    as_planned: int
    feedback_seen: int
    servers_stopped: int
    first_cell_median_s: float | None
    first_cell_p95_s: float | None
    spawn_median_s: float | None
    peak_per_trainee_median_mib: float | None
    peak_per_trainee_max_mib: float | None
    anon_per_trainee_median_mib: float | None
    peak_all_trainees_mib: float | None
    hub_mib: float
    grading_s: float | None
    total_s: float
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    limits: str
    failures: int
    leftovers: list[str]
    class_failures: list[str] = field(default_factory=list)
    results: list[dict[str, Any]] = field(default_factory=list)

    def line(self) -> str:
        def secs(x: float | None) -> str:
            return "n/a" if x is None else f"{x:.1f} s"

        def mib(x: float | None) -> str:
            return "n/a" if x is None else f"{x:.0f} MiB"

        n = self.trainees
        return (
            f"hub-test N={n}: servers started {self.servers_started}/{n}, workbooks run {self.workbooks_run}/{n}, "
            f"graded {self.graded}/{n} (as planned {self.as_planned}/{n}), feedback seen {self.feedback_seen}/{n}, "
            f"servers stopped {self.servers_stopped}/{n}; first cell median {secs(self.first_cell_median_s)}, "
            f"p95 {secs(self.first_cell_p95_s)}; peak memory per trainee median {mib(self.peak_per_trainee_median_mib)}, "
            f"max {mib(self.peak_per_trainee_max_mib)}; all trainees at once {mib(self.peak_all_trainees_mib)} "
            f"+ hub {mib(self.hub_mib)}; failures {self.failures}"
        )


def percentile(values: list[float], share: float) -> float | None:
    """The ``share`` percentile by the nearest-rank method (p95 of 30 values is the 29th smallest).

    >>> percentile([float(v) for v in range(1, 21)], 0.95)
    19.0
    """
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


# --------------------------------------------------------------------------- the lesson
async def _lesson(
    room: Classroom,
    chapter: str,
    ramp: float,
    grade_workers: int,
    log: Callable[[str], None],
    state: dict[str, Any],
) -> tuple[list[TraineeResult], dict[str, Any]]:
    settings = room.settings
    stem = handout.stem_of(settings, chapter)
    source = settings.kit_dir / "workbook" / "src" / f"{stem}.py"
    solutions = {lang: solution_cells(source, lang) for lang in set(room.languages)}
    exercises = chapter_exercises(chapter, solutions[room.languages[0]])
    plans = {name: plan_for(k, exercises) for k, name in enumerate(room.names)}
    timings: dict[str, Any] = state.setdefault("timings", {})

    class_failures: list[str] = timings.setdefault("class_failures", [])
    started = time.monotonic()
    report = handout.release(settings, chapter, room.names, log=log)
    timings["release_s"] = time.monotonic() - started
    if report.count("released") != len(room.names):
        raise RuntimeError("release failed:\n" + "\n".join(report.lines()))

    hub = HubAPI(settings.hub_url, room.admin_token)
    await hub.create_users(room.names)
    tokens = dict(
        zip(room.names, await asyncio.gather(*(hub.new_token(n) for n in room.names)), strict=True)
    )
    tree = None
    with contextlib.suppress(cgroups.Unavailable):
        tree = cgroups.Tree(room.cgroup)
    watch = MemoryWatch(tree, room.names, room.hub.proc.pid if room.hub and room.hub.proc else None)
    stop_watch = asyncio.Event()
    watcher = asyncio.ensure_future(watch.run(stop_watch))
    runs = {
        name: TraineeRun(name=name, lang=room.lang_of(name), plan=plans[name])
        for name in room.names
    }
    state["runs"] = runs
    workbook = f"course/workbook/{stem}.ipynb"

    async def one(k: int, name: str) -> None:
        await asyncio.sleep(ramp * k / max(1, len(room.names)))
        server = ServerAPI(settings.hub_url, tokens[name], user=name)
        await work_through(
            hub, server, runs[name], workbook, solutions[runs[name].lang], time.monotonic()
        )

    started = time.monotonic()
    log(f"{len(room.names)} trainees start their servers and work through {stem} …")
    await asyncio.gather(*(one(k, n) for k, n in enumerate(room.names)))
    timings["class_s"] = time.monotonic() - started
    watch.sample()
    stop_watch.set()
    await watcher

    # the instructor collects, grades and returns feedback; a failure here is the class's, and the lesson goes on
    started = time.monotonic()
    correct: dict[str, set[str]] = {}
    graded: set[str] = set()
    delivered = False
    try:
        collected = handout.collect(settings, chapter, room.names, log=log)
        handout.grade(settings, collected.folder, workers=grade_workers, log=lambda line: None)
        timings["grading_s"] = time.monotonic() - started
        for row in handout.gradebook_rows(settings):
            graded.add(row["trainee"])
            if row["status"] == "correct":
                correct.setdefault(row["trainee"], set()).add(row["exercise"])
        handout.feedback(settings, room.names, log=log)
        delivered = True
    except (handout.HandoutError, OSError, ValueError) as error:
        class_failures.append(f"collect/grade/feedback: {error}")

    async def read_feedback(name: str) -> bool:
        if not delivered:
            return False
        server = ServerAPI(settings.hub_url, tokens[name], user=name)
        try:
            page = await server.get("course/feedback.html")
        except APIError as error:
            runs[name].fail("feedback", error)
            return False
        return name in str(page.get("content", ""))

    seen = dict(
        zip(room.names, await asyncio.gather(*(read_feedback(n) for n in room.names)), strict=True)
    )

    # peaks now: a stopped server's control group is removed with it
    peaks = {name: (tree.group(name).peak_bytes() if tree else None) for name in room.names}
    ooms = {name: (tree.group(name).oom_kills() if tree else 0) for name in room.names}
    timings["peak_total_mib"] = (
        ((tree.peak_total() if tree else None) or watch.peak_total) / MIB if watch.samples else None
    )

    async def stop(name: str) -> bool:
        try:
            await hub.stop_server(name)
            return True
        except (APIError, TimeoutError) as error:
            runs[name].fail("stop", error)
            return False

    stopped = dict(
        zip(room.names, await asyncio.gather(*(stop(n) for n in room.names)), strict=True)
    )
    timings["stopped"] = sum(stopped.values())
    timings["hub_mib"] = watch.hub_peak / MIB
    timings["throttled"] = hub.throttled

    results = []
    for name in room.names:
        run, plan = runs[name], plans[name]
        peak = peaks[name]
        mine = correct.get(name, set())
        predicted = mine & (
            plan.judged
            | set(exercises.machine)
            | ({exercises.widget} if exercises.widget else set())
        )
        as_planned = name in graded and predicted == plan.expected_correct
        if name in graded and not as_planned:
            run.fail(
                "grade",
                f"graded correct {sorted(predicted)}, planned {sorted(plan.expected_correct)}",
            )
        if run.saved and plan.widget:
            shown = "course-correct" in run.widget_feedback
            if shown != plan.widget_right or run.widget_record != (
                "correct" if plan.widget_right else "incorrect"
            ):
                run.fail(
                    "widget",
                    f"clicked the {'right' if plan.widget_right else 'wrong'} option: feedback "
                    f"{run.widget_feedback[:120]!r}, record {run.widget_record!r}",
                )
        results.append(
            TraineeResult(
                name=name,
                lang=run.lang,
                spawn_s=run.spawn_seconds,
                first_cell_s=run.first_cell_seconds,
                run_s=run.run_seconds,
                cells=run.cells_run,
                peak_mib=peak / MIB if peak else None,
                anon_mib=watch.peak_anon.get(name, 0) / MIB if tree else None,
                oom_kills=ooms[name],
                graded=name in graded,
                as_planned=as_planned,
                correct=sorted(mine),
                expected=sorted(plan.expected_correct),
                feedback_seen=seen[name],
                failures=list(run.failures),
            )
        )
    return results, timings


def summarise(
    results: list[TraineeResult],
    timings: dict[str, Any],
    total_s: float,
    load_before: tuple[float, float, float],
    limits: str,
    leftovers: list[str],
    chapter: str,
) -> Summary:
    firsts = [r.first_cell_s for r in results if r.first_cell_s is not None]
    spawns = [r.spawn_s for r in results if r.spawn_s is not None]
    peaks = [r.peak_mib for r in results if r.peak_mib]
    anons = [r.anon_mib for r in results if r.anon_mib]
    return Summary(
        trainees=len(results),
        chapter=chapter,
        servers_started=sum(r.spawn_s is not None for r in results),
        workbooks_run=sum(
            r.cells > 0 and not any(f.startswith("run workbook") for f in r.failures)
            for r in results
        ),
        graded=sum(r.graded for r in results),
        as_planned=sum(r.as_planned for r in results),
        feedback_seen=sum(r.feedback_seen for r in results),
        servers_stopped=int(timings.get("stopped", 0)),
        first_cell_median_s=statistics.median(firsts) if firsts else None,
        first_cell_p95_s=percentile(firsts, 0.95),
        spawn_median_s=statistics.median(spawns) if spawns else None,
        peak_per_trainee_median_mib=statistics.median(peaks) if peaks else None,
        peak_per_trainee_max_mib=max(peaks) if peaks else None,
        anon_per_trainee_median_mib=statistics.median(anons) if anons else None,
        peak_all_trainees_mib=timings.get("peak_total_mib"),
        hub_mib=timings.get("hub_mib", 0.0),
        grading_s=timings.get("grading_s"),
        total_s=total_s,
        load_before=load_before,
        load_after=os.getloadavg(),
        limits=limits,
        failures=sum(len(r.failures) for r in results)
        + len(leftovers)
        + len(timings.get("class_failures", [])),
        leftovers=leftovers,
        class_failures=list(timings.get("class_failures", [])),
        results=[asdict(r) for r in results],
    )


def table(results: list[TraineeResult]) -> list[str]:
    def f(x: float | None, unit: str = "") -> str:
        return "-" if x is None else f"{x:.1f}{unit}"

    lines = [
        f"{'trainee':<14} {'lang':<4} {'spawn':>7} {'1st cell':>8} {'run':>6} {'cells':>5} {'peak MiB':>8} "
        f"{'anon MiB':>8} {'graded':>6} {'planned':>7} {'feedback':>8}"
    ]
    for r in results:
        lines.append(
            f"{r.name:<14} {r.lang:<4} {f(r.spawn_s, 's'):>7} {f(r.first_cell_s, 's'):>8} {f(r.run_s, 's'):>6} "
            f"{r.cells:>5} {f(r.peak_mib):>8} {f(r.anon_mib):>8} {'yes' if r.graded else 'NO':>6} "
            f"{'yes' if r.as_planned else 'NO':>7} {'yes' if r.feedback_seen else 'NO':>8}"
        )
        for failure in r.failures:
            lines.append(f"    ! {failure}")
    return lines


def run(
    n: int,
    prefix: Path,
    *,
    chapter: str = "01",
    ramp: float = 0.0,
    grade_workers: int = 2,
    memory: str = "1G",
    cpu: float = 1.0,
    log: Callable[[str], None] = print,
) -> Summary:
    """Run the whole simulation with ``n`` trainees; always removes what it made. Returns the summary."""
    if n < 1:
        raise ValueError("the simulation needs at least one trainee (N=1 or more)")
    load_before = os.getloadavg()
    started = time.monotonic()
    results: list[TraineeResult] = []
    state: dict[str, Any] = {}
    leftovers: list[str] = []
    room = Classroom(n, prefix, limits={"memory": memory, "cpu": cpu, "processes": 256}, log=log)
    limits = f"{memory} / {cpu:g} core(s) per trainee"
    stopped_by_signal = _terminate_as_interrupt()
    try:
        with room:
            _, how = cgroups.detect(room.cgroup)
            limits += f", {how}"
            try:
                results, _ = asyncio.run(_lesson(room, chapter, ramp, grade_workers, log, state))
            except Exception as error:  # noqa: BLE001 - reported as the class's failure; cleanup follows
                state.setdefault("timings", {}).setdefault("class_failures", []).append(
                    f"the lesson stopped: {type(error).__name__}: {error}"
                )
                results = [_unfinished(run) for run in state.get("runs", {}).values()]
            timings = state.get("timings", {})
            if timings.get("class_failures") or any(r.failures for r in results):
                kept = _keep_log(room)
                if kept:
                    log(f"the hub's log is kept in {kept}")
    finally:
        leftovers = _leftovers(room)
        stopped_by_signal()
    timings = state.get("timings", {})
    summary = summarise(
        results, timings, time.monotonic() - started, load_before, limits, leftovers, chapter
    )
    for line in table(results):
        log(line)
    for failure in summary.class_failures:
        log(f"! {failure}")
    if leftovers:
        log("left behind: " + ", ".join(leftovers))
    log(
        f"limits: {summary.limits}; machine load (1/5/15 min) before {_load(load_before)}, "
        f"after {_load(summary.load_after)}; start requests told to retry (too many starting at once): "
        f"{timings.get('throttled', 0)}; grading {summary.grading_s or 0:.1f} s; "
        f"whole run {summary.total_s:.0f} s"
    )
    log(summary.line())
    return summary


def _unfinished(run: TraineeRun) -> TraineeResult:
    return TraineeResult(
        name=run.name,
        lang=run.lang,
        spawn_s=run.spawn_seconds,
        first_cell_s=run.first_cell_seconds,
        run_s=run.run_seconds,
        cells=run.cells_run,
        peak_mib=None,
        anon_mib=None,
        oom_kills=0,
        graded=False,
        as_planned=False,
        correct=[],
        expected=sorted(run.plan.expected_correct),
        feedback_seen=False,
        failures=list(run.failures),
    )


def _keep_log(room: Classroom) -> Path | None:
    """Copy the hub's log out of the classroom's folder (which is removed) for a failed run."""
    import shutil

    source = room.root / "hub.log"
    if not source.is_file():
        return None
    target = MANIFESTS_DIR / f"{room.tag}-hub.log"
    shutil.copy2(source, target)
    return target


def _terminate_as_interrupt() -> Callable[[], None]:
    """While the simulation runs, SIGTERM cleans up like Ctrl-C; returns the function that restores it."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def interrupt(signum, frame):  # noqa: ARG001 - signal handler signature
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    return lambda: signal.signal(signal.SIGTERM, previous)


def _load(load: tuple[float, float, float]) -> str:
    return "/".join(f"{x:.1f}" for x in load)


def _leftovers(room: Classroom) -> list[str]:
    """After close(): anything of the classroom still there is a defect, named here."""
    from course_hub import accounts

    found = []
    for name in [room.instructor, *room.names]:
        entry = accounts.unix_user(name)
        if entry is not None:
            found.append(f"account {name}")
    if room.homes.exists():
        found.append(f"folder {room.homes}")
    if room.root.exists():
        found.append(f"folder {room.root}")
    return found


def to_json(summary: Summary) -> str:
    data = asdict(summary)
    return json.dumps(data, indent=1, ensure_ascii=False)
