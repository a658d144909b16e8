"""Start and stop a hub process (启动与停止服务器) for ``course-hub run``, the simulation and the tests.

The hub is started from the shared installation (``PREFIX/venv``, ``PREFIX/kit``)
with the class settings file, in a session of its own, its output in a log
file. :meth:`HubProcess.stop` asks it to stop (the hub then stops every
trainee's server, the proxy and the idle culler), and kills what is left if it
does not: the hub's process group, the proxy by its pid file, and every
process in the hub's control group tree.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from course_hub.settings import ClassSettings


class HubError(RuntimeError):
    """The hub did not start or answer; the message quotes the end of its log."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def config_file(settings: ClassSettings) -> Path:
    return settings.kit_dir / "deploy" / "jupyterhub_config.py"


def hub_command(settings: ClassSettings) -> list[str]:
    return [settings.python, "-m", "jupyterhub", "-f", str(config_file(settings))]


def hub_env(settings_path: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("COURSE_HUB_", "JUPYTERHUB_", "JPY_"))
    }
    env["COURSE_HUB_CONFIG"] = str(settings_path)
    env.pop("COURSE_PROGRESS_DB", None)  # trainees keep their own progress store
    env.update(extra or {})
    return env


def _tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@dataclass
class HubProcess:
    """One hub, started from ``settings_path`` (a class settings file)."""

    settings_path: Path
    log_path: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    proc: subprocess.Popen | None = None

    @property
    def settings(self) -> ClassSettings:
        return ClassSettings.load(self.settings_path)

    def start(self, timeout: float = 120) -> None:
        settings = self.settings
        if not Path(settings.python).is_file():
            raise HubError(
                f"{settings.python} is missing: run `make hub-install` (it installs the kit for trainees)."
            )
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")  # noqa: SIM115 - the child keeps it; closed in stop()
        self._log = log
        self.proc = subprocess.Popen(
            hub_command(settings),
            cwd=settings.state_dir,
            env=hub_env(self.settings_path, self.extra_env),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        url = f"{settings.hub_url}/hub/api/"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise HubError(
                    f"the hub exited with {self.proc.returncode} while starting; its log ends:\n{_tail(self.log_path)}"
                )
            try:
                with urllib.request.urlopen(url, timeout=5) as reply:  # noqa: S310 - our own loopback hub
                    if reply.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.3)
        raise HubError(
            f"the hub did not answer at {url} within {timeout:.0f} s; its log ends:\n{_tail(self.log_path)}"
        )

    def stop(self, timeout: float = 90) -> list[str]:
        """Stop the hub and everything it started; returns what had to be killed by force."""
        forced: list[str] = []
        settings = self.settings
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                forced.append(f"hub pid {self.proc.pid}")
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)  # culler, helpers: the hub's own session
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(10)
        forced += _kill_pidfile(settings.state_dir / "proxy.pid", "proxy")
        cgroup = self.extra_env.get("COURSE_HUB_CGROUP", "course-hub")
        if os.geteuid() == 0:
            from course_hub import cgroups

            forced += [f"trainee process {pid}" for pid in cgroups.sweep(cgroup)]
        if getattr(self, "_log", None) is not None:
            self._log.close()
            self._log = None
        return forced


def _kill_pidfile(path: Path, what: str) -> list[str]:
    try:
        pid = int(path.read_text().strip())
    except (OSError, ValueError):
        return []
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    if b"configurable-http-proxy" not in cmdline:  # a recycled pid is someone else's
        return []
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
        return [f"{what} pid {pid}"]
    return []
