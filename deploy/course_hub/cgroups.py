"""Per-trainee limits with Linux control groups (资源限制).

JupyterHub's default spawner records ``mem_limit`` and ``cpu_limit`` but does not
enforce them. The classroom spawner does, the way ``systemd`` would, without
needing systemd: one control group per trainee, holding the trainee's
single-user server and everything it starts (kernels, terminals), with

- a **memory** limit (v1 ``memory.limit_in_bytes``, v2 ``memory.max``; swap
  capped too where the kernel accounts it): past it the kernel reclaims cache,
  then its OOM killer stops the biggest process *of that trainee*, normally
  the kernel that asked for too much, not the server and not anyone else;
- a **CPU** quota (v1 ``cpu.cfs_quota_us``, v2 ``cpu.max``): a trainee's busy
  loop gets at most ``cpu`` cores;
- a **process** limit (``pids.max``): a fork bomb stops at the limit.

Both hierarchies are supported. With cgroup v1 the tree is made under the hub
process's own group of each controller (so a service manager's accounting of
the hub still covers its trainees); with v2 (one unified tree) under the root,
the only place a process-holding service can hand controllers down from
without systemd's delegation. The same groups give the peak memory of each
trainee (``memory.max_usage_in_bytes`` / ``memory.peak``), which the classroom
simulation reports.

Where no controller can be used (no root, a read-only ``/sys/fs/cgroup``), the
hub still runs and says in its log that limits are **not** enforced and why.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
CPU_PERIOD_US = 100_000
V1_CONTROLLERS = ("memory", "cpu", "pids")


@dataclass(frozen=True)
class GroupLimits:
    """What one trainee's group may use."""

    memory_bytes: int
    cpu: float
    processes: int


class Unavailable(RuntimeError):
    """Control groups cannot be used here; the message says why."""


def _own_paths(proc_cgroup: str) -> dict[str, str]:
    """``/proc/self/cgroup`` as controller -> path (``""`` is the v2 entry)."""
    paths: dict[str, str] = {}
    for line in proc_cgroup.splitlines():
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        for controller in parts[1].split(",") if parts[1] else [""]:
            paths[controller] = parts[2]
    return paths


def _v1_mounts(mountinfo: str) -> dict[str, Path]:
    """Mount points of the v1 hierarchies, by controller (``cpu,cpuacct`` mounted together counts for both)."""
    mounts: dict[str, Path] = {}
    for line in mountinfo.splitlines():
        left, _, right = line.partition(" - ")
        fields, extra = left.split(), right.split()
        if len(fields) < 5 or len(extra) < 3 or extra[0] != "cgroup":
            continue
        for option in extra[2].split(","):
            if option in V1_CONTROLLERS:
                mounts.setdefault(option, Path(fields[4]))
    return mounts


class Tree:
    """The hub's own control groups: one parent, one child per trainee.

    Parameters
    ----------
    name : str
        The parent group's name (``course-hub``; the simulation adds a unique suffix).
    root : Path
        Where control group file systems are mounted (a temporary folder in tests).
    """

    def __init__(
        self,
        name: str = "course-hub",
        root: Path = CGROUP_ROOT,
        proc_cgroup: str | None = None,
        mountinfo: str | None = None,
    ) -> None:
        if not name or not all(ch.isalnum() or ch in "._-" for ch in name) or name.startswith("."):
            raise Unavailable(
                f"{name!r} is not a usable control group name (letters, digits, . _ -)"
            )
        self.name = name
        self.root = Path(root)
        proc_cgroup = (
            proc_cgroup if proc_cgroup is not None else Path("/proc/self/cgroup").read_text()
        )
        mountinfo = mountinfo if mountinfo is not None else Path("/proc/self/mountinfo").read_text()
        own = _own_paths(proc_cgroup)
        unified = self.root / "cgroup.controllers"
        self.parents: dict[str, Path] = {}
        if unified.is_file():
            available = set(unified.read_text().split())
            missing = {"memory", "cpu", "pids"} - available
            if missing:
                raise Unavailable(
                    f"cgroup v2 at {self.root} lacks the {', '.join(sorted(missing))} controller(s)"
                )
            self.version = 2
            self.parents["unified"] = self.root / name
        else:
            mounts = _v1_mounts(mountinfo)
            missing = [c for c in V1_CONTROLLERS if c not in mounts]
            if missing:
                raise Unavailable(
                    f"no cgroup v1 hierarchy for {', '.join(missing)} (and no cgroup v2 at {self.root})"
                )
            self.version = 1
            for controller in V1_CONTROLLERS:
                base = mounts[controller] / own.get(controller, "/").lstrip("/")
                self.parents[controller] = base / name
        self._make_parents()

    def _make_parents(self) -> None:
        try:
            for path in self.parents.values():
                path.mkdir(parents=True, exist_ok=True)
            if self.version == 2:
                subtree = self.root / "cgroup.subtree_control"
                wanted = {"memory", "cpu", "pids"}
                if not wanted <= set(subtree.read_text().split()):
                    subtree.write_text(" ".join(f"+{c}" for c in sorted(wanted)))
                (self.parents["unified"] / "cgroup.subtree_control").write_text(
                    "+cpu +memory +pids"
                )
        except OSError as error:
            raise Unavailable(
                f"cannot create control groups under {next(iter(self.parents.values()))}: "
                f"{error.strerror or error}"
            ) from None

    def group(self, user: str) -> Group:
        """The (existing or new) group of ``user``, without limits set."""
        return Group(self, user)

    def create(self, user: str, limits: GroupLimits) -> Group:
        """Make ``user``'s group and set its limits; returns it (raises :class:`Unavailable` on failure)."""
        group = Group(self, user)
        try:
            group.make(limits)
        except OSError as error:
            raise Unavailable(f"cannot set limits for {user}: {error.strerror or error}") from None
        return group

    def peak_total(self) -> int | None:
        """Peak memory of all trainees together (the parent group), in bytes."""
        if self.version == 1:
            return _read_int(self.parents["memory"] / "memory.max_usage_in_bytes")
        return _read_int(self.parents["unified"] / "memory.peak")

    def usage_total(self) -> int | None:
        if self.version == 1:
            return _read_int(self.parents["memory"] / "memory.usage_in_bytes")
        return _read_int(self.parents["unified"] / "memory.current")

    def remove(self) -> None:
        """Remove the parent groups when no trainee group is left (best effort)."""
        for path in self.parents.values():
            with contextlib.suppress(OSError):
                path.rmdir()

    def describe(self, limits: GroupLimits) -> str:
        where = ", ".join(str(p) for p in self.parents.values())
        return (
            f"enforced with cgroup v{self.version} ({where}): memory {limits.memory_bytes // 2**20} MiB, "
            f"CPU {limits.cpu:g} core(s), {limits.processes} processes per trainee"
        )


@dataclass
class Group:
    """One trainee's control group(s)."""

    tree: Tree
    user: str
    paths: dict[str, Path] = field(init=False)

    def __post_init__(self) -> None:
        self.paths = {
            controller: parent / self.user for controller, parent in self.tree.parents.items()
        }

    # ------------------------------------------------------------------ limits
    def make(self, limits: GroupLimits) -> None:
        for path in self.paths.values():
            path.mkdir(exist_ok=True)
        quota = max(1000, int(limits.cpu * CPU_PERIOD_US))
        if self.tree.version == 1:
            memory = self.paths["memory"]
            _write(memory / "memory.limit_in_bytes", limits.memory_bytes)
            if (
                memory / "memory.memsw.limit_in_bytes"
            ).exists():  # swap accounting on: no escape into swap
                _write(memory / "memory.memsw.limit_in_bytes", limits.memory_bytes)
            _write(self.paths["cpu"] / "cpu.cfs_period_us", CPU_PERIOD_US)
            _write(self.paths["cpu"] / "cpu.cfs_quota_us", quota)
            _write(self.paths["pids"] / "pids.max", limits.processes)
        else:
            path = self.paths["unified"]
            _write(path / "memory.max", limits.memory_bytes)
            if (path / "memory.swap.max").exists():
                _write(path / "memory.swap.max", 0)
            _write(path / "cpu.max", f"{quota} {CPU_PERIOD_US}")
            _write(path / "pids.max", limits.processes)

    def join(self, pid: int = 0) -> None:
        """Move process ``pid`` (0: the calling process) into this group, in every hierarchy."""
        pid = pid or os.getpid()
        for path in self.paths.values():
            _write(path / "cgroup.procs", pid)

    # ------------------------------------------------------------------ reading
    def pids(self) -> list[int]:
        path = next(iter(self.paths.values())) / "cgroup.procs"
        try:
            return [int(x) for x in path.read_text().split()]
        except OSError:
            return []

    @property
    def _memory(self) -> Path:
        return self.paths["memory" if self.tree.version == 1 else "unified"]

    def peak_bytes(self) -> int | None:
        """The highest memory use since the group was made (page cache included, as the limit counts it)."""
        name = "memory.max_usage_in_bytes" if self.tree.version == 1 else "memory.peak"
        return _read_int(self._memory / name)

    def usage_bytes(self) -> int | None:
        name = "memory.usage_in_bytes" if self.tree.version == 1 else "memory.current"
        return _read_int(self._memory / name)

    def anon_bytes(self) -> int | None:
        """Memory that cannot be dropped (anonymous: Python objects, arrays), now."""
        stat = _read_stat(self._memory / "memory.stat")
        value = stat.get("total_rss" if self.tree.version == 1 else "anon")
        return value

    def oom_kills(self) -> int:
        """How many processes the OOM killer stopped in this group (0 where the kernel does not say)."""
        if self.tree.version == 1:
            return _read_stat(self._memory / "memory.oom_control").get("oom_kill", 0)
        return _read_stat(self._memory / "memory.events").get("oom_kill", 0)

    # ------------------------------------------------------------------ ending
    def kill(self, timeout: float = 5.0) -> list[int]:
        """SIGKILL every process left in the group (a detached child does not survive its server)."""
        killed: list[int] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pids = self.pids()
            if not pids:
                break
            for pid in pids:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
                    if pid not in killed:
                        killed.append(pid)
            time.sleep(0.05)
        return killed

    def remove(self) -> None:
        """Remove the group (it must be empty: call :meth:`kill` first)."""
        for path in self.paths.values():
            for _ in range(50):
                try:
                    path.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError as error:
                    if error.errno != errno.EBUSY:
                        break
                    time.sleep(0.05)


def _write(path: Path, value: object) -> None:
    with open(path, "w") as handle:  # noqa: PTH123 - one write() per value, as cgroup files want
        handle.write(str(value))


def _read_int(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _read_stat(path: Path) -> dict[str, int]:
    values: dict[str, int] = {}
    try:
        for line in path.read_text().splitlines():
            key, _, number = line.partition(" ")
            with contextlib.suppress(ValueError):
                values[key] = int(number)
    except OSError:
        pass
    return values


def sweep(name: str) -> list[int]:
    """Kill every process left in the tree ``name`` and remove its groups; returns the PIDs killed."""
    if not name.startswith("course-hub"):
        return []  # only ever the kit's own trees
    try:
        tree = Tree(name)
    except (Unavailable, OSError):
        return []
    killed: list[int] = []
    users = {
        child.name
        for parent in tree.parents.values()
        if parent.is_dir()
        for child in parent.iterdir()
        if child.is_dir()
    }
    for user in sorted(users):
        group = tree.group(user)
        killed += group.kill()
        group.remove()
    tree.remove()
    return killed


def detect(name: str = "course-hub") -> tuple[Tree | None, str]:
    """The hub's tree and a sentence for the log, or ``None`` and why limits are not enforced."""
    if os.geteuid() != 0:
        return None, "limits NOT enforced: the hub is not running as root"
    try:
        tree = Tree(name)
    except (Unavailable, OSError) as error:
        return None, f"limits NOT enforced: {error}"
    return tree, f"cgroup v{tree.version}"
