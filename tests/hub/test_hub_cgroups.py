"""Per-trainee limits: the control group files a tree writes (v1 and v2), and the limits really holding (root)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from course_hub import cgroups
from course_hub.cgroups import GroupLimits, Tree, Unavailable

LIMITS = GroupLimits(memory_bytes=300 * 2**20, cpu=0.5, processes=100)


def read(path: Path) -> str:
    return path.read_text().strip()


def test_v2_tree_delegates_controllers_and_writes_each_limit(tmp_path):
    (tmp_path / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    (tmp_path / "cgroup.subtree_control").write_text("")
    tree = Tree(
        "course-hub-x", root=tmp_path, proc_cgroup="0::/user.slice/session-1.scope\n", mountinfo=""
    )
    assert tree.version == 2 and tree.parents == {"unified": tmp_path / "course-hub-x"}
    assert set(read(tmp_path / "cgroup.subtree_control").replace("+", "").split()) == {
        "cpu",
        "memory",
        "pids",
    }
    assert read(tmp_path / "course-hub-x" / "cgroup.subtree_control") == "+cpu +memory +pids"
    group = tree.create("wangli", LIMITS)
    where = tmp_path / "course-hub-x" / "wangli"
    assert read(where / "memory.max") == str(300 * 2**20)
    assert read(where / "cpu.max") == "50000 100000"  # half a core
    assert read(where / "pids.max") == "100"
    group.join(4242)
    assert read(where / "cgroup.procs") == "4242"
    (where / "memory.peak").write_text("123456\n")
    (where / "memory.stat").write_text("anon 1000\nfile 99\n")
    (where / "memory.events").write_text("low 0\noom 2\noom_kill 1\n")
    assert (group.peak_bytes(), group.anon_bytes(), group.oom_kills()) == (123456, 1000, 1)


def test_v2_without_the_memory_controller_is_unavailable(tmp_path):
    (tmp_path / "cgroup.controllers").write_text("cpu pids\n")
    with pytest.raises(Unavailable, match="memory"):
        Tree("course-hub-x", root=tmp_path, proc_cgroup="0::/\n", mountinfo="")


def test_v1_tree_nests_under_the_hubs_own_groups(tmp_path):
    mountinfo = "\n".join(
        [
            f"30 25 0:26 / {tmp_path}/cpu,cpuacct rw,relatime shared:9 - cgroup cgroup rw,cpu,cpuacct",
            f"31 25 0:27 / {tmp_path}/memory rw,relatime shared:10 - cgroup cgroup rw,memory",
            f"32 25 0:28 / {tmp_path}/pids rw,relatime shared:11 - cgroup cgroup rw,pids",
            f"33 25 0:29 / {tmp_path}/unified rw,relatime shared:12 - cgroup2 cgroup2 rw",
        ]
    )
    own = "8:pids:/\n4:memory:/system.slice/jupyterhub.service\n2:cpu,cpuacct:/\n0::/\n"
    tree = Tree("course-hub-y", root=tmp_path, proc_cgroup=own, mountinfo=mountinfo)
    assert tree.version == 1
    assert (
        tree.parents["memory"] == tmp_path / "memory/system.slice/jupyterhub.service/course-hub-y"
    )
    assert tree.parents["cpu"] == tmp_path / "cpu,cpuacct/course-hub-y"
    tree.create("li", LIMITS)
    assert read(tree.parents["memory"] / "li" / "memory.limit_in_bytes") == str(300 * 2**20)
    assert read(tree.parents["cpu"] / "li" / "cpu.cfs_quota_us") == "50000"
    assert read(tree.parents["cpu"] / "li" / "cpu.cfs_period_us") == "100000"
    assert read(tree.parents["pids"] / "li" / "pids.max") == "100"


def test_v1_missing_a_controller_is_unavailable(tmp_path):
    mountinfo = f"31 25 0:27 / {tmp_path}/memory rw - cgroup cgroup rw,memory"
    with pytest.raises(Unavailable, match="cpu, pids"):
        Tree("course-hub-z", root=tmp_path, proc_cgroup="4:memory:/\n", mountinfo=mountinfo)


@pytest.mark.parametrize("name", ["", "..", "a/b", ".hidden", "x y"])
def test_tree_names_cannot_escape(name, tmp_path):
    (tmp_path / "cgroup.controllers").write_text("cpu memory pids\n")
    with pytest.raises(Unavailable):
        Tree(name, root=tmp_path, proc_cgroup="0::/\n", mountinfo="")


def test_sweep_touches_only_the_kits_own_trees():
    assert cgroups.sweep("") == [] and cgroups.sweep("user.slice") == []


needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="control groups are set up by root (the hub runs as root)"
)


@pytest.fixture
def real_group():
    tree, how = cgroups.detect(f"course-hub-test-{secrets.token_hex(3)}")
    if tree is None:
        pytest.skip(f"no usable control groups here: {how}")
    group = tree.create("limited", GroupLimits(memory_bytes=96 * 2**20, cpu=0.2, processes=40))
    try:
        yield group
    finally:
        group.kill()
        group.remove()
        tree.remove()
        assert not any(path.exists() for path in group.paths.values())
        assert not any(path.exists() for path in tree.parents.values())


def run_in(group, code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        preexec_fn=group.join,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@needs_root
def test_the_memory_limit_stops_the_process_that_asks_too_much(real_group):
    hog = run_in(real_group, "a = bytearray(400 * 2**20); print('survived')")
    assert (
        hog.returncode == -9 and "survived" not in hog.stdout
    )  # the kernel's OOM killer, inside the group
    assert real_group.oom_kills() >= 1
    modest = run_in(real_group, "a = bytearray(20 * 2**20); print('fine')")
    assert modest.returncode == 0 and modest.stdout.strip() == "fine"
    assert 20 * 2**20 <= real_group.peak_bytes() <= 96 * 2**20 + 2**20


@needs_root
def test_the_process_limit_stops_a_fork_bomb_and_the_cpu_quota_throttles(real_group):
    bomb = run_in(
        real_group,
        (
            "import threading, time\nn = 0\ntry:\n    for _ in range(200):\n"
            "        threading.Thread(target=time.sleep, args=(2,), daemon=True).start(); n += 1\n"
            "except RuntimeError:\n    pass\nprint(n)"
        ),
    )
    assert bomb.returncode == 0 and int(bomb.stdout.strip()) < 40
    busy = run_in(
        real_group,
        "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.4: pass",
    )
    assert busy.returncode == 0
    stat_file = real_group.paths["cpu" if real_group.tree.version == 1 else "unified"] / "cpu.stat"
    stats = dict(line.split() for line in stat_file.read_text().splitlines())
    assert int(stats["nr_throttled"]) > 0  # the quota (0.2 core) held the loop back


@needs_root
def test_kill_ends_every_process_left_in_the_group(real_group):
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import os, time\nif os.fork() == 0:\n    os.setsid()\ntime.sleep(60)",
        ],
        preexec_fn=real_group.join,
    )
    import time

    deadline = time.monotonic() + 10
    while len(real_group.pids()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(real_group.pids()) == 2  # the detached grandchild is still in the group
    killed = real_group.kill()
    child.wait(10)
    assert len(killed) == 2 and real_group.pids() == []
