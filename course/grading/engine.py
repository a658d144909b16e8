"""Run one notebook in a fresh, fenced-in kernel (隔离执行).

:func:`run` executes a notebook cell by cell with nbclient and keeps going
whatever the trainee's code does:

- the kernel runs in a sandbox (:mod:`course.grading.sandbox`, bubblewrap)
  when a :class:`Sandboxing` is given: its own namespaces, a minimal read-only
  filesystem, an allow-listed environment, memory and process limits, and its
  ZMQ channels over ``ipc`` sockets in a folder shared with the grader (it has
  no network at all);
- a cell that runs longer than its time limit is interrupted (event
  ``timeout``); if it ignores the interrupt for :data:`GRACE` seconds the
  kernel is stopped, restarted, and the notebook re-run from the top with that
  cell skipped -- it is not interrupted again and again until the notebook's
  limit runs out;
- the whole notebook gets ``notebook_timeout`` seconds; past that the kernel
  is killed and the cells not yet run are left unexecuted (``notebook_timeout``);
- memory: each process gets an address-space limit (``RLIMIT_AS``), so a
  memory hog fails with a ``MemoryError`` (event ``memory_limit``); in the
  sandbox with cgroups, the kernel and all its child processes together too
  (a process killed by that limit is also ``memory_limit``);
- a kernel that dies (``os._exit``, a segfault, the memory limit) is restarted
  and the notebook re-run from the top with the fatal cell skipped
  (event ``kernel_died``), at most ``max_restarts`` times;
- the output of a cell is capped at ``max_output_bytes`` (event
  ``output_truncated``), except the answer a grader's own check cell hands in
  (capped separately at ``max_answer_bytes``, event ``answer_too_big``); a
  single message over :data:`MAX_MESSAGE_BYTES` is refused by ZMQ before it
  reaches the grader's memory (the kernel's output channel then closes: the
  rest of that notebook shows nothing and hands nothing in).

At the end the kernel and every process it started are killed.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from course.exercises.plain import ANSWER_MIME
from course.grading import sandbox as sandboxes

SKIPPED_NOTE = "[grader] {reason}: this cell was skipped.\n"
#: seconds a cell gets to stop after an interrupt before its kernel is stopped
GRACE = 5.0
#: the largest single message a kernel may send the grader (ZMQ refuses bigger ones before they use its memory)
MAX_MESSAGE_BYTES = 256_000_000


@dataclass(frozen=True)
class Limits:
    """Resource limits for one graded notebook.

    Attributes
    ----------
    cell_timeout : float
        Seconds one cell may run before it is interrupted.
    notebook_timeout : float
        Seconds the whole notebook may take, restarts included.
    memory_mb : int or None
        Memory limit in MiB: the address space of each process and, in the
        sandbox with cgroups, the kernel and its child processes together
        (``None``: no limit).
    max_output_bytes : int
        Output kept per cell; the rest is dropped and flagged.
    max_restarts : int
        Kernel restarts after a crash before the remaining cells are given up.
    setup_timeout : float
        Seconds allowed to cells marked ``course_grader_setup`` in their metadata
        (the grader marks the cells before the first exercise: imports, data).
    max_answer_bytes : int
        Size of the answer a grader's check cell may hand in (a whole table).
    """

    cell_timeout: float = 60.0
    notebook_timeout: float = 600.0
    memory_mb: int | None = 2048
    max_output_bytes: int = 1_000_000
    max_restarts: int = 2
    setup_timeout: float = 120.0
    max_answer_bytes: int = 50_000_000


@dataclass(frozen=True)
class Sandboxing:
    """Run kernels in a sandbox: its options and the grading run's private folder (see :mod:`.sandbox`)."""

    options: sandboxes.Options
    run_dir: str


@dataclass
class Event:
    """Something that went wrong in one cell."""

    index: int
    kind: str
    detail: str


@dataclass
class Execution:
    """The executed notebook and what happened on the way."""

    nb: nbformat.NotebookNode
    events: list[Event] = field(default_factory=list)
    executed: set[int] = field(default_factory=set)
    seconds: float = 0.0
    restarts: int = 0
    timed_out: bool = False
    sandboxed: bool = False
    limits_note: str = ""

    def kinds(self, index: int) -> list[str]:
        return [e.kind for e in self.events if e.index == index]


def _limit_memory(km: Any, limit_bytes: int) -> None:
    """Cap an unsandboxed kernel's address space (``prlimit`` on its pid, before any cell runs).

    Set from the parent right after the launch rather than in a ``preexec_fn``,
    which is unsafe with the grader's worker threads.
    """
    provisioner = getattr(km, "provisioner", None)
    pid = getattr(provisioner, "pid", None) or getattr(
        getattr(provisioner, "process", None), "pid", None
    )
    if pid is None:  # pragma: no cover - a non-local kernel provisioner
        raise RuntimeError("cannot find the kernel's process to limit its memory")
    resource.prlimit(int(pid), resource.RLIMIT_AS, (limit_bytes, limit_bytes))


def kernel_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of an unsandboxed grading kernel: an allow-list, none of the grader's secrets.

    (A sandboxed kernel gets :meth:`course.grading.sandbox.KernelSandbox.environment`.)
    """
    keep = {k: os.environ[k] for k in ("HOME", "PATH", "TZ", "COURSE_DATASETS") if k in os.environ}
    return {**keep, **sandboxes.FIXED_ENV, **(extra or {})}


def _client_class():
    from nbclient import NotebookClient

    class CappedClient(NotebookClient):
        """nbclient that caps each cell's output (answers handed in by the grader's own cells apart)."""

        def __init__(self, nb, **kw):
            self.events: list[Event] = kw.pop("events")
            self.max_output_bytes: int = kw.pop("max_output_bytes")
            self.max_answer_bytes: int = kw.pop("max_answer_bytes")
            self.answer_cells: set[int] = kw.pop("answer_cells")
            self._sizes: dict[int, int] = {}
            self._answer_sizes: dict[int, int] = {}
            super().__init__(nb, **kw)

        async def async_start_new_kernel_client(self):
            # a message larger than any output the grader keeps is refused by ZMQ itself, before it is
            # held in the grader's memory (a kernel cannot exhaust the grader by publishing gigabytes)
            import zmq

            km, make = self.km, self.km.client
            limit = max(
                MAX_MESSAGE_BYTES, self.max_answer_bytes + 2 * self.max_output_bytes + 1_000_000
            )

            def client(**kw):
                kc = make(**kw)
                kc.context.setsockopt(zmq.MAXMSGSIZE, limit)
                return kc

            km.client = client
            try:
                return await super().async_start_new_kernel_client()
            finally:
                with contextlib.suppress(AttributeError):
                    del km.client

        def output(self, outs, msg, display_id, cell_index):
            content = msg.get("content", {})
            data = content.get("data", content.get("text", ""))
            size = len(json.dumps(data, default=str))
            if cell_index in self.answer_cells and isinstance(data, dict) and ANSWER_MIME in data:
                used = self._answer_sizes.get(cell_index, 0)
                if used + size > self.max_answer_bytes:
                    self.events.append(
                        Event(
                            cell_index,
                            "answer_too_big",
                            f"the answer is over {self.max_answer_bytes} bytes and was not handed in",
                        )
                    )
                    return None
                self._answer_sizes[cell_index] = used + size
                return super().output(outs, msg, display_id, cell_index)
            used = self._sizes.get(cell_index, 0)
            if used + size > self.max_output_bytes:
                if used <= self.max_output_bytes:  # first overflow: say so once
                    self._sizes[cell_index] = self.max_output_bytes + 1
                    self.events.append(
                        Event(
                            cell_index,
                            "output_truncated",
                            f"output over {self.max_output_bytes} bytes was dropped",
                        )
                    )
                    outs.append(
                        nbformat.v4.new_output(
                            "stream",
                            name="stderr",
                            text=f"[grader] output truncated at {self.max_output_bytes} bytes\n",
                        )
                    )
                return None
            self._sizes[cell_index] = used + size
            return super().output(outs, msg, display_id, cell_index)

    return CappedClient


def cell_limit(limits: Limits, cell: Any) -> float:
    """Seconds a cell may run: cells marked ``course_grader_setup`` (imports, data loading) get ``setup_timeout``."""
    if cell.get("metadata", {}).get("course_grader_setup"):
        return max(1.0, limits.setup_timeout, limits.cell_timeout)
    return max(1.0, float(limits.cell_timeout))


class _Stop(Exception):
    def __init__(self, index: int, kind: str):
        super().__init__(kind)
        self.index = index
        self.kind = kind


def _sandboxed_manager(box: sandboxes.KernelSandbox, kernel_dir: Path, spec_root: Path):
    """A kernel manager whose kernel starts inside ``box`` and talks over ipc sockets in ``kernel_dir``."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    kernel = [
        sys.executable,
        "-m",
        "ipykernel_launcher",
        "-f",
        "{connection_file}",
        "--HistoryManager.enabled=False",
    ]
    spec_dir = spec_root / "course-sandbox"
    spec_dir.mkdir(parents=True, exist_ok=True)
    (spec_dir / "kernel.json").write_text(
        json.dumps(
            {
                "argv": box.argv(kernel),
                "display_name": "Python 3 (grading sandbox)",
                "language": "python",
                "interrupt_mode": "message",  # a signal would reach bwrap, not the kernel inside it
            }
        ),
        encoding="utf-8",
    )
    return AsyncKernelManager(
        kernel_name="course-sandbox",
        kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(spec_root)]),
        transport="ipc",
        ip=str(kernel_dir / "kernel"),
        connection_file=str(kernel_dir / "connection.json"),
    )


async def _run_once(
    nb,
    cwd: Path,
    limits: Limits,
    deadline: float,
    skip: dict[int, str],
    run: Execution,
    sandbox: Sandboxing | None,
    answer_cells: set[int],
    extra_env: dict[str, str],
) -> None:
    from nbclient.exceptions import DeadKernelError

    box = None
    km = None
    client = None
    private: Path | None = None
    try:
        if sandbox is not None:
            private = Path(tempfile.mkdtemp(prefix="kernel-", dir=sandbox.run_dir))
            kernel_dir = private / "io"
            kernel_dir.mkdir()
            os.chmod(kernel_dir, 0o777)
            box = sandboxes.KernelSandbox(sandbox.options, kernel_dir, Path(sandbox.run_dir))
            run.sandboxed, run.limits_note = True, box.limits_summary()
            km = _sandboxed_manager(box, kernel_dir, private / "spec")
        from course.kernels import SocketKernelManager

        client = _client_class()(
            nb,
            km=km,
            kernel_manager_class=SocketKernelManager,  # unsandboxed: Unix sockets (no port race); the sandbox's own above
            events=run.events,
            max_output_bytes=limits.max_output_bytes,
            max_answer_bytes=limits.max_answer_bytes,
            answer_cells=answer_cells,
            timeout=None,  # cell time limits are enforced below: interrupt once, then stop the kernel
            allow_errors=True,
            kernel_name="python3",
            shutdown_kernel="immediate",
            record_timing=False,
            iopub_timeout=2,
            resources={"metadata": {"path": str(cwd)}},
        )
        env = box.environment() if box is not None else kernel_env(extra_env)
        await _run_cells(client, nb, env, limits, deadline, skip, run, box)
    except DeadKernelError:
        raise _Stop(_last(run, nb), "kernel_died") from None
    finally:
        if client is not None:
            atexit.unregister(
                client._cleanup_kernel
            )  # nbclient leaves it registered when a kernel fails to start
        _kill(km or getattr(client, "km", None))
        if box is not None:
            box.close()
        if private is not None:
            shutil.rmtree(private, ignore_errors=True)


async def _run_cells(
    client,
    nb,
    env: dict[str, str],
    limits: Limits,
    deadline: float,
    skip: dict[int, str],
    run: Execution,
    box: sandboxes.KernelSandbox | None,
) -> None:
    """Start the kernel and run the notebook's cells in it, in order (see :func:`run`)."""
    # cleanup_kc: shut the kernel down at the end even though the manager was passed in (sandbox)
    async with client.async_setup_kernel(
        cleanup_kc=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ):
        if box is None and limits.memory_mb:
            _limit_memory(client.km, int(limits.memory_mb) * 1024 * 1024)
        run.executed.clear()
        count = 0
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            if index in skip:
                note = SKIPPED_NOTE.format(reason=skip[index])
                cell.outputs = [nbformat.v4.new_output("stream", name="stderr", text=note)]
                cell.execution_count = None
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _Stop(index, "notebook_timeout")
            count += 1
            oom_before = box.oom_kills() if box is not None else 0
            try:
                await _run_cell(client, cell, index, count, limits, remaining, run)
            except _Stop as stop:
                if stop.kind == "kernel_died" and box is not None and box.oom_kills() > oom_before:
                    run.events.append(Event(index, "memory_limit", _oom_detail(limits)))
                raise
            run.executed.add(index)
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error" and "MemoryError" in str(
                    output.get("ename", "")
                ):
                    detail = f"{output.get('ename')}: the memory limit was reached"
                    run.events.append(Event(index, "memory_limit", detail))
            if box is not None and box.oom_kills() > oom_before:
                run.events.append(Event(index, "memory_limit", _oom_detail(limits)))


def _kill(km: Any) -> None:
    """SIGKILL the kernel's process group if it is still there (a backstop: nbclient normally shut it down).

    In the sandbox that process is bubblewrap: its death ends every process in the sandbox.
    """
    process = getattr(getattr(km, "provisioner", None), "process", None)
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(OSError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        process.kill()
    with contextlib.suppress(Exception):
        process.wait(timeout=5)


def _oom_detail(limits: Limits) -> str:
    return f"the kernel and its child processes together went over {limits.memory_mb} MiB; a process was stopped"


def _last(run: Execution, nb) -> int:
    started = [
        i
        for i, c in enumerate(nb.cells)
        if c.get("cell_type") == "code" and c.get("execution_count")
    ]
    return started[-1] if started else 0


async def _run_cell(
    client, cell, index: int, count: int, limits: Limits, remaining: float, run: Execution
) -> None:
    """Run one cell: interrupt it at its time limit, stop the kernel if it ignores that."""
    from nbclient.exceptions import DeadKernelError

    budget = cell_limit(limits, cell)
    task = asyncio.ensure_future(client.async_execute_cell(cell, index, execution_count=count))
    done, _ = await asyncio.wait({task}, timeout=min(budget, remaining))
    if not done and remaining <= budget:
        await _abandon(task)
        raise _Stop(index, "notebook_timeout")
    if not done:
        run.events.append(
            Event(index, "timeout", f"cell ran longer than {budget:g} s and was interrupted")
        )
        with contextlib.suppress(Exception):
            await asyncio.wait_for(client.km.interrupt_kernel(), timeout=GRACE)
        done, _ = await asyncio.wait({task}, timeout=GRACE)
        if not done:
            await _abandon(task)
            run.events[-1].detail = (
                f"cell ran longer than {budget:g} s and ignored the interrupt: "
                "its kernel was stopped"
            )
            raise _Stop(index, "timeout_killed")
    try:
        task.result()
    except DeadKernelError:
        raise _Stop(index, "kernel_died") from None


async def _abandon(task) -> None:
    task.cancel()
    with contextlib.suppress(BaseException):  # the cell is abandoned either way
        await task


def run(
    nb: nbformat.NotebookNode,
    cwd: Path,
    limits: Limits = Limits(),
    *,
    sandbox: Sandboxing | None = None,
    answer_cells: set[int] | frozenset[int] = frozenset(),
    env: dict[str, str] | None = None,
) -> Execution:
    """Execute ``nb`` in place under ``limits``; never raises for anything the notebook does.

    ``sandbox`` runs the kernel in a sandbox (:mod:`course.grading.sandbox`);
    ``answer_cells`` are the grader's own check cells, whose handed-in answer
    is capped by ``max_answer_bytes`` instead of ``max_output_bytes``; ``env``
    adds variables to an unsandboxed kernel's allow-listed environment.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    >>> run(nb, Path("."), Limits(cell_timeout=10)).executed    # doctest: +SKIP
    {0}
    """
    result = Execution(nb=nb)
    started = time.monotonic()
    deadline = started + limits.notebook_timeout
    skip: dict[int, str] = {}
    while True:
        try:
            asyncio.run(
                _run_once(
                    nb, cwd, limits, deadline, skip, result, sandbox, set(answer_cells), env or {}
                )
            )
            break
        except _Stop as stop:
            if stop.kind == "notebook_timeout":
                result.timed_out = True
                result.events.append(
                    Event(
                        stop.index,
                        "notebook_timeout",
                        f"the notebook ran past its {limits.notebook_timeout:g} s limit",
                    )
                )
                break
            if stop.kind == "kernel_died":
                memory = any(
                    e.index == stop.index and e.kind == "memory_limit" for e in result.events
                )
                result.events.append(
                    Event(
                        stop.index,
                        "kernel_died",
                        "the kernel died while running this cell"
                        + (" (memory limit)" if memory else ""),
                    )
                )
                reason = "it made the kernel die on an earlier run"
            else:
                reason = "it ignored the interrupt at its time limit on an earlier run"
            if result.restarts >= limits.max_restarts or time.monotonic() >= deadline:
                break
            result.restarts += 1
            skip[stop.index] = reason
            # cells that only timed out are not worth re-running either
            for event in result.events:
                setup = nb.cells[event.index].get("metadata", {}).get("course_grader_setup")
                if event.kind == "timeout" and event.index not in skip and not setup:
                    skip[event.index] = "it timed out on an earlier run"
    result.seconds = time.monotonic() - started
    unique: dict[tuple[int, str], Event] = {}
    for event in result.events:  # a re-run after a crash repeats earlier events
        unique.setdefault((event.index, event.kind), event)
    result.events = list(unique.values())
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
    return result


if __name__ == "__main__":  # pragma: no cover - manual check: python -m course.grading.engine NB
    book = nbformat.read(sys.argv[1], as_version=4)
    out = run(book, Path(sys.argv[1]).parent, Limits(cell_timeout=5, notebook_timeout=60))
    print(out.events, sorted(out.executed), f"{out.seconds:.1f}s")
