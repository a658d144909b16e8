"""Run one notebook in a fresh, fenced-in kernel (隔离执行).

:func:`run` executes a notebook cell by cell with nbclient and keeps going
whatever the trainee's code does:

- a cell that runs longer than ``cell_timeout`` is interrupted (event
  ``timeout``) and the next cell runs;
- the whole notebook gets ``notebook_timeout`` seconds; past that the kernel
  is killed and the cells not yet run are left unexecuted (``notebook_timeout``);
- the kernel process gets an address-space limit (``RLIMIT_AS``, set with
  ``prlimit`` on its pid before any cell runs), so a memory hog fails with a
  ``MemoryError`` (event ``memory_limit``) instead of exhausting the machine;
- a kernel that dies (``os._exit``, a segfault, the OOM killer) is restarted
  and the notebook re-run from the top with the fatal cell skipped
  (event ``kernel_died``), at most ``max_restarts`` times;
- the output of a cell is capped at ``max_output_bytes`` (event
  ``output_truncated``), so a cell printing gigabytes cannot sink the grader.

The kernel runs with ``COURSE_PROGRESS_DB=off`` (no trainee progress store),
``COURSE_GRADING=1``, one BLAS thread and a fixed hash seed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

SKIPPED_NOTE = "[grader] {reason}: this cell was skipped.\n"


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
        Address-space limit of the kernel process in MiB (``None``: no limit).
    max_output_bytes : int
        Output kept per cell; the rest is dropped and flagged.
    max_restarts : int
        Kernel restarts after a crash before the remaining cells are given up.
    setup_timeout : float
        Seconds allowed to cells marked ``course_grader_setup`` in their metadata
        (the grader marks the cells before the first exercise: imports, data).
    """

    cell_timeout: float = 60.0
    notebook_timeout: float = 600.0
    memory_mb: int | None = 2048
    max_output_bytes: int = 1_000_000
    max_restarts: int = 2
    setup_timeout: float = 120.0


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

    def kinds(self, index: int) -> list[str]:
        return [e.kind for e in self.events if e.index == index]


def _limit_memory(km: Any, limit_bytes: int) -> None:
    """Cap the kernel's address space (``prlimit`` on its pid, before any cell runs).

    Set from the parent right after the launch rather than in a ``preexec_fn``,
    which is unsafe with the grader's worker threads.
    """
    provisioner = getattr(km, "provisioner", None)
    pid = getattr(provisioner, "pid", None) or getattr(getattr(provisioner, "process", None), "pid", None)
    if pid is None:  # pragma: no cover - a non-local kernel provisioner
        raise RuntimeError("cannot find the kernel's process to limit its memory")
    resource.prlimit(int(pid), resource.RLIMIT_AS, (limit_bytes, limit_bytes))


def kernel_env() -> dict[str, str]:
    """The environment a graded kernel runs with."""
    env = dict(os.environ)
    env.update(
        {
            "COURSE_PROGRESS_DB": "off",
            "COURSE_GRADING": "1",
            "PYTHONHASHSEED": "0",
            "MPLBACKEND": "Agg",
            "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        }
    )
    env.pop("COURSE_EXAM", None)
    return env


def _client_class():
    from nbclient import NotebookClient

    class CappedClient(NotebookClient):
        """nbclient that caps each cell's output and notes timeouts."""

        def __init__(self, nb, **kw):
            self.events: list[Event] = kw.pop("events")
            self.max_output_bytes: int = kw.pop("max_output_bytes")
            self._sizes: dict[int, int] = {}
            self._current = -1
            super().__init__(nb, **kw)

        def output(self, outs, msg, display_id, cell_index):
            content = msg.get("content", {})
            size = len(json.dumps(content.get("data", content.get("text", "")), default=str))
            used = self._sizes.get(cell_index, 0)
            if used + size > self.max_output_bytes:
                if used <= self.max_output_bytes:  # first overflow: say so once
                    self._sizes[cell_index] = self.max_output_bytes + 1
                    self.events.append(
                        Event(cell_index, "output_truncated", f"output over {self.max_output_bytes} bytes was dropped")
                    )
                    outs.append(
                        nbformat.v4.new_output(
                            "stream", name="stderr", text=f"[grader] output truncated at {self.max_output_bytes} bytes\n"
                        )
                    )
                return None
            self._sizes[cell_index] = used + size
            return super().output(outs, msg, display_id, cell_index)

        async def _async_handle_timeout(self, timeout, cell=None):
            self.events.append(Event(self._current, "timeout", f"cell ran longer than {timeout} s and was interrupted"))
            return await super()._async_handle_timeout(timeout, cell)

    return CappedClient


def cell_timeouts(limits: Limits):
    """Per-cell timeout: cells marked ``course_grader_setup`` (imports, data loading) get ``setup_timeout``."""

    def timeout(cell: Any) -> int:
        if cell.get("metadata", {}).get("course_grader_setup"):
            return max(1, int(round(max(limits.setup_timeout, limits.cell_timeout))))
        return max(1, int(round(limits.cell_timeout)))

    return timeout


class _Stop(Exception):
    def __init__(self, index: int, kind: str):
        super().__init__(kind)
        self.index = index
        self.kind = kind


async def _run_once(nb, cwd: Path, limits: Limits, deadline: float, skip: dict[int, str], run: Execution) -> None:
    from nbclient.exceptions import DeadKernelError

    client = _client_class()(
        nb,
        events=run.events,
        max_output_bytes=limits.max_output_bytes,
        timeout=max(1, int(round(limits.cell_timeout))),
        timeout_func=cell_timeouts(limits),
        interrupt_on_timeout=True,
        allow_errors=True,
        kernel_name="python3",
        shutdown_kernel="immediate",
        record_timing=False,
        iopub_timeout=2,
        resources={"metadata": {"path": str(cwd)}},
    )
    async with client.async_setup_kernel(env=kernel_env(), stderr=subprocess.DEVNULL):
        if limits.memory_mb:
            _limit_memory(client.km, int(limits.memory_mb) * 1024 * 1024)
        run.executed.clear()
        count = 0
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            if index in skip:
                cell.outputs = [nbformat.v4.new_output("stream", name="stderr", text=SKIPPED_NOTE.format(reason=skip[index]))]
                cell.execution_count = None
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _Stop(index, "notebook_timeout")
            count += 1
            client._current = index
            task = asyncio.ensure_future(client.async_execute_cell(cell, index, execution_count=count))
            done, _ = await asyncio.wait({task}, timeout=remaining)
            if not done:
                task.cancel()
                with contextlib.suppress(BaseException):  # the cell is abandoned either way
                    await task
                raise _Stop(index, "notebook_timeout")
            try:
                task.result()
            except DeadKernelError:
                raise _Stop(index, "kernel_died") from None
            run.executed.add(index)
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error" and "MemoryError" in str(output.get("ename", "")):
                    run.events.append(Event(index, "memory_limit", f"{output.get('ename')}: the memory limit was reached"))


def run(nb: nbformat.NotebookNode, cwd: Path, limits: Limits = Limits()) -> Execution:
    """Execute ``nb`` in place under ``limits``; never raises for anything the notebook does.

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
            asyncio.run(_run_once(nb, cwd, limits, deadline, skip, result))
            break
        except _Stop as stop:
            if stop.kind == "notebook_timeout":
                result.timed_out = True
                result.events.append(Event(stop.index, "notebook_timeout",
                                           f"the notebook ran past its {limits.notebook_timeout:g} s limit"))
                break
            result.events.append(Event(stop.index, "kernel_died", "the kernel died while running this cell"))
            if result.restarts >= limits.max_restarts or time.monotonic() >= deadline:
                break
            result.restarts += 1
            skip[stop.index] = "it made the kernel die on an earlier run"
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
