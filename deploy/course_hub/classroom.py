"""A throw-away class on this machine (临时班级): accounts, a hub on loopback, and a clean exit.

:class:`Classroom` makes everything the simulation and the tests need and
removes all of it afterwards, also when something fails or the run is
interrupted: a private state folder, ``N`` trainee accounts and an instructor
(Unix users in their own group, homes in their own folder), a hub on free
loopback ports with its own control group tree and an admin token for the
driver. Before it creates anything it writes a manifest
(``/var/lib/course-hub-sim/TAG.json``); ``course-hub sweep`` reads leftover
manifests and removes what a killed run left behind — only what a manifest
names.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from course_hub import accounts, cgroups
from course_hub.hubproc import HubProcess, free_port
from course_hub.settings import ClassSettings

MANIFESTS = Path("/var/lib/course-hub-sim")


class Classroom:
    """``n`` trainees and an instructor on a hub of their own; use it as a context manager.

    Parameters
    ----------
    n : int
        Trainee accounts to create (``s<tag>t01`` …).
    prefix : Path
        The shared installation (``make hub-install``) the hub and the trainees run from.
    languages : tuple
        Trainee ``k`` gets ``languages[k % len(languages)]``.
    limits : dict
        The class settings' ``limits`` block (memory, cpu, processes).
    """

    def __init__(
        self,
        n: int,
        prefix: Path,
        *,
        languages: tuple[str, ...] = ("zh", "en"),
        limits: dict[str, Any] | None = None,
        culling: dict[str, int] | None = None,
        log: Callable[[str], None] = print,
    ) -> None:
        if os.geteuid() != 0:
            raise PermissionError(
                "the classroom needs root: it creates Unix accounts and starts a hub that "
                "starts servers as them"
            )
        self.n = n
        self.prefix = Path(prefix)
        self.languages = languages
        self.limits = limits or {"memory": "1G", "cpu": 1.0, "processes": 256}
        self.culling = culling or {"timeout": 3600, "every": 300, "max_age": 0}
        self.log = log
        self.tag = secrets.token_hex(3)
        self.names = [f"s{self.tag}t{i:02d}" for i in range(1, n + 1)]
        self.instructor = f"s{self.tag}teach"
        self.group = f"course-sim-{self.tag}"
        self.root = MANIFESTS / self.tag
        self.homes = Path("/home") / f"course-sim-{self.tag}"
        self.cgroup = f"course-hub-sim-{self.tag}"
        self.admin_token = secrets.token_hex(24)
        self.codes: dict[str, str] = {}
        self.hub: HubProcess | None = None
        self.settings_path = self.root / "class.yaml"
        self._closed = False

    # ------------------------------------------------------------------ places
    @property
    def manifest(self) -> Path:
        return MANIFESTS / f"{self.tag}.json"

    @property
    def settings(self) -> ClassSettings:
        return ClassSettings.load(self.settings_path)

    def lang_of(self, name: str) -> str:
        return (
            self.languages[self.names.index(name) % len(self.languages)]
            if name in self.names
            else self.languages[0]
        )

    def _write_manifest(self, **extra: Any) -> None:
        data = {
            "tag": self.tag,
            "root": str(self.root),
            "homes": str(self.homes),
            "group": self.group,
            "cgroup": self.cgroup,
            "accounts": [self.instructor, *self.names],
            "pid": os.getpid(),
            **extra,
        }
        MANIFESTS.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.manifest.write_text(json.dumps(data, indent=1) + "\n")

    # ------------------------------------------------------------------ making it
    def __enter__(self) -> Classroom:
        try:
            self.open()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def open(self) -> None:
        self._write_manifest()
        self.root.mkdir(parents=True, mode=0o700)
        port, hub_api, proxy_api = free_port(), free_port(), free_port()
        config = {
            "language": self.languages[0],
            "instructors": [self.instructor],
            "hub": {
                "ip": "127.0.0.1",
                "port": port,
                "state_dir": str(self.root / "state"),
                "homes": str(self.homes),
                "prefix": str(self.prefix),
            },
            "limits": self.limits,
            "culling": self.culling,
            "default_url": "/lab/tree/course/START.md",
        }
        self.settings_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
        settings = self.settings
        store = accounts.AccountStore(settings.accounts_file)
        roster = [
            accounts.RosterLine(self.instructor, "Instructor", self.languages[0], "instructor")
        ]
        roster += [
            accounts.RosterLine(name, f"Trainee {i + 1}", self.lang_of(name))
            for i, name in enumerate(self.names)
        ]
        started = time.monotonic()
        self.codes = accounts.add_accounts(
            store,
            roster,
            homes=self.homes,
            default_lang=self.languages[0],
            group=self.group,
            code_days=1,
        )
        self.log(
            f"created {len(roster)} accounts in {time.monotonic() - started:.1f} s (group {self.group}, "
            f"homes in {self.homes})"
        )
        self.hub = HubProcess(
            self.settings_path,
            self.root / "hub.log",
            {
                "COURSE_HUB_INTERNAL_PORTS": f"{hub_api},{proxy_api}",
                "COURSE_HUB_ADMIN_TOKEN": self.admin_token,
                "COURSE_HUB_CGROUP": self.cgroup,
            },
        )
        started = time.monotonic()
        self.hub.start()
        self._write_manifest(hub_pid=self.hub.proc.pid if self.hub.proc else None)
        self.log(f"hub answering at {settings.hub_url} after {time.monotonic() - started:.1f} s")

    # ------------------------------------------------------------------ removing it
    def close(self) -> list[str]:
        """Stop the hub and remove every account, home, group and folder this classroom made."""
        if self._closed:
            return []
        self._closed = True
        left: list[str] = []
        if self.hub is not None:
            left += self.hub.stop()
        left += [f"process {pid}" for pid in cgroups.sweep(self.cgroup)]
        for name in [self.instructor, *self.names]:
            with contextlib.suppress(accounts.AccountError):
                killed = accounts.kill_processes_of(name)
                left += [f"{name} process {pid}" for pid in killed]
                accounts.delete_unix_user(name)
        remove_group(self.group)
        shutil.rmtree(self.homes, ignore_errors=True)
        shutil.rmtree(self.root, ignore_errors=True)
        self.manifest.unlink(missing_ok=True)
        return left


def remove_group(group: str) -> None:
    import grp
    import subprocess

    try:
        grp.getgrnam(group)
    except KeyError:
        return
    subprocess.run(["groupdel", group], capture_output=True, check=False)


def sweep(log: Callable[[str], None] = print) -> int:
    """Remove what killed simulation runs left behind (only what their manifests name); returns runs swept."""
    if not MANIFESTS.is_dir():
        return 0
    swept = 0
    for path in sorted(MANIFESTS.glob("*.json")):
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        owner = data.get("pid")
        if owner and Path(f"/proc/{owner}").exists() and owner != os.getpid():
            continue  # that run is still going
        hub_pid = data.get("hub_pid")
        if hub_pid:
            with contextlib.suppress(OSError):
                if b"jupyterhub" in Path(f"/proc/{hub_pid}/cmdline").read_bytes():
                    os.killpg(hub_pid, signal.SIGKILL)
        state = Path(data.get("root", "")) / "state"
        from course_hub.hubproc import _kill_pidfile

        _kill_pidfile(state / "proxy.pid", "proxy")
        cgroups.sweep(data.get("cgroup", ""))
        for name in data.get("accounts", []):
            entry = accounts.unix_user(name)
            if entry is not None and name.startswith(f"s{data['tag']}"):
                accounts.kill_processes_of(name)
                with contextlib.suppress(accounts.AccountError):
                    accounts.delete_unix_user(name)
        remove_group(data.get("group", ""))
        for key in ("homes", "root"):
            if data.get(key) and data["tag"] in data[key]:
                shutil.rmtree(data[key], ignore_errors=True)
        path.unlink(missing_ok=True)
        log(f"swept the leftovers of simulation run {data.get('tag')}")
        swept += 1
    return swept
