"""nbval's kernel start as ``make test`` uses it (tests/kernel_retry.py): Unix sockets, no hang, one more try."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
from pathlib import Path

import nbval.kernel
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from kernel_retry import kernel_manager, safe_start

from course.kernels import MAX_IPC_PREFIX, ipc_prefix


class FakeClient:
    def __init__(self, manager) -> None:
        self.manager, self.stopped = manager, False

    def start_channels(self) -> None:
        pass

    def wait_for_ready(self, timeout: float) -> None:
        if self.manager.dies:
            raise RuntimeError("Kernel died before replying to kernel_info")

    def stop_channels(self) -> None:
        self.stopped = True


class FakeManager:
    """Records how it is started and stopped; its kernel dies while starting when ``dies``."""

    def __init__(self, name: str, dies: bool) -> None:
        self.name, self.dies, self.started, self.shutdowns, self.clients = name, dies, [], [], []

    def start_kernel(self, **kwargs) -> None:
        self.started.append(kwargs)

    def client(self) -> FakeClient:
        self.clients.append(FakeClient(self))
        return self.clients[-1]

    def shutdown_kernel(self, now: bool = False) -> None:
        self.shutdowns.append(now)


def factory(dying: int):
    made: list[FakeManager] = []

    def make(name: str) -> FakeManager:
        made.append(FakeManager(name, dies=len(made) < dying))
        return made[-1]

    return make, made


def test_a_kernel_that_dies_once_is_killed_and_started_again_with_the_same_arguments():
    make, made = factory(dying=1)
    with pytest.warns(UserWarning, match="died while starting.*once more"):
        km, kc = safe_start(make)(startup_timeout=60, kernel_name="python3", cwd="/x")
    assert km is made[1] and kc is made[1].clients[0] and len(made) == 2
    assert [m.name for m in made] == ["python3", "python3"] and made[0].started == made[
        1
    ].started == [{"cwd": "/x"}]
    # the dead one: channels closed, killed (now=True) rather than asked; the good one left running
    assert made[0].clients[0].stopped and made[0].shutdowns == [True] and made[1].shutdowns == []


def test_a_kernel_that_cannot_start_fails_with_nbvals_error_after_two_tries():
    make, made = factory(dying=2)
    with pytest.warns(UserWarning), pytest.raises(RuntimeError, match="Kernel died"):
        safe_start(make)(kernel_name="python3")
    assert len(made) == 2 and all(m.shutdowns == [True] for m in made)


def test_other_errors_are_not_retried():
    """A kernel that cannot even be launched (no such kernelspec, a bad argument) fails at once, unchanged."""
    made: list[FakeManager] = []

    class Unlaunchable(FakeManager):
        def start_kernel(self, **kwargs) -> None:
            raise ValueError(f"No such kernel named {self.name}")

    def make(name: str) -> FakeManager:
        made.append(Unlaunchable(name, dies=False))
        return made[-1]

    with pytest.raises(ValueError, match="No such kernel"):
        safe_start(make)(kernel_name="nope")
    assert len(made) == 1


def test_a_good_start_is_one_start():
    make, made = factory(dying=0)
    safe_start(make)(kernel_name="python3")
    assert len(made) == 1 and made[0].shutdowns == []


def test_socket_names_are_unique_short_enough_and_tcp_where_they_cannot_be():
    a, b = ipc_prefix(), ipc_prefix()
    assert a != b and len(a.encode()) <= MAX_IPC_PREFIX
    assert ipc_prefix("/" + "x" * 120) is None  # a Unix socket path must fit in 108 bytes: TCP then


@pytest.mark.skipif(os.name != "posix", reason="Unix sockets")
def test_a_real_kernel_runs_on_unix_sockets_and_leaves_none_behind():
    km, kc = safe_start()(startup_timeout=60, kernel_name=nbval.kernel.CURRENT_ENV_KERNEL_NAME)
    try:
        info = json.loads(Path(km.connection_file).read_text())
        assert info["transport"] == "ipc" and os.path.basename(km.ip).startswith("kernel-")
        sockets = [
            f"{km.ip}-{info[p]}"
            for p in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")
        ]
        assert all(os.path.exists(s) for s in sockets)
        reply = kc.execute_interactive("print(6 * 7)", timeout=60, output_hook=lambda m: None)
        assert reply["content"]["status"] == "ok"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    assert not any(os.path.exists(s) for s in sockets)


def test_a_kernel_that_dies_while_starting_is_an_error_not_a_hang(tmp_path):
    """A real kernel that exits at once: the start ends with nbval's error within seconds (no request sent to it)."""
    spec = tmp_path / "kernels" / "dies-at-once"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-c", "import sys; sys.exit(3)", "{connection_file}"],
                "display_name": "dies",
                "language": "python",
            }
        )
    )

    def make(name: str) -> KernelManager:
        km = kernel_manager(name)
        km.kernel_spec_manager = KernelSpecManager(kernel_dirs=[str(tmp_path / "kernels")])
        return km

    outcome: list[BaseException | None] = []

    def start() -> None:
        try:
            safe_start(make)(startup_timeout=30, kernel_name="dies-at-once")
            outcome.append(None)
        except BaseException as error:  # noqa: BLE001 - handed to the test thread
            outcome.append(error)

    with pytest.warns(UserWarning, match="once more"):
        worker = threading.Thread(target=start, daemon=True)
        worker.start()
        worker.join(timeout=120)
    assert not worker.is_alive(), "the start hung on a kernel that died"
    assert isinstance(outcome[0], RuntimeError) and "died" in str(outcome[0])


def test_the_nbval_runs_of_make_test_use_the_safe_start():
    """The root conftest.py puts it in place of nbval's own for every pytest run of the repository."""
    assert getattr(nbval.kernel.start_new_kernel, "course_safe_start", False)


def test_the_kits_own_kernels_use_unix_sockets_unless_told_otherwise():
    from course.kernels import SocketKernelManager

    km = SocketKernelManager(kernel_name="python3")
    if os.name == "posix":
        assert km.transport == "ipc" and os.path.basename(km.ip).startswith("kernel-")
    told = SocketKernelManager(kernel_name="python3", transport="tcp", ip="127.0.0.1")
    assert (told.transport, told.ip) == ("tcp", "127.0.0.1")


@pytest.mark.skipif(os.name != "posix", reason="Unix sockets")
def test_a_notebook_run_by_the_kit_runs_on_unix_sockets_and_leaves_none_behind(tmp_path):
    import nbformat

    from course import authoring

    code = "import json\nfrom ipykernel.connect import get_connection_file\n"
    code += "info = json.load(open(get_connection_file()))\nprint(info['transport'], info['ip'])"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    authoring.execute(nb, cwd=tmp_path)
    transport, ip = nb.cells[0].outputs[0]["text"].split()
    assert transport == "ipc" and Path(ip).parent == Path(tempfile.gettempdir())
    assert not list(Path(ip).parent.glob(Path(ip).name + "-*"))  # its five sockets went with it
