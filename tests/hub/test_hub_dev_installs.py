"""Test installations of gone checkouts are removed; nothing else is (``course_hub.install.forget_gone_checkouts``)."""

from __future__ import annotations

import fcntl

from course_hub.install import forget_gone_checkouts


def _prefix(root, name, checkout=None):
    prefix = root / name
    (prefix / "venv").mkdir(parents=True)
    (prefix / "venv" / "python").write_text("")
    if checkout is not None:
        (prefix / "checkout").write_text(f"{checkout}\n")
    return prefix


def test_only_installations_of_checkouts_that_are_gone_are_removed(tmp_path):
    root, here, alive = tmp_path / "dev", tmp_path / "here", tmp_path / "alive"
    here.mkdir()
    alive.mkdir()
    mine = _prefix(root, "mine")
    kept = _prefix(root, "kept", alive)
    unknown = _prefix(root, "unknown")  # made before checkouts were recorded: left alone
    gone = _prefix(root, "gone", tmp_path / "deleted-clone")
    relative = _prefix(root, "relative", "not/absolute")
    said = []
    removed = forget_gone_checkouts(mine, here, root=root, log=said.append)
    assert removed == [gone] and not gone.exists()
    assert all(p.exists() for p in (mine, kept, unknown, relative))
    assert (mine / "checkout").read_text().strip() == str(here)
    assert said == [f"removed {gone}: the test installation of {tmp_path / 'deleted-clone'}, which no longer exists"]
    # the prefix now names its checkout: once that is gone, the next install elsewhere removes it
    here.rmdir()
    assert forget_gone_checkouts(kept, alive, root=root, log=said.append) == [mine]


def test_an_installation_in_use_is_not_removed(tmp_path):
    root = tmp_path / "dev"
    busy = _prefix(root, "busy", tmp_path / "deleted-clone")
    mine = _prefix(root, "mine")
    with open(busy / ".install.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_SH)  # someone is seeding from it
        assert forget_gone_checkouts(mine, tmp_path, root=root, log=lambda line: None) == []
    assert busy.exists()
    assert forget_gone_checkouts(mine, tmp_path, root=root, log=lambda line: None) == [busy]


def test_a_prefix_outside_the_test_root_removes_nothing(tmp_path):
    root = tmp_path / "dev"
    gone = _prefix(root, "gone", tmp_path / "deleted-clone")
    elsewhere = _prefix(tmp_path, "course-hub")
    assert forget_gone_checkouts(elsewhere, tmp_path, root=root, log=lambda line: None) == []
    assert gone.exists() and not (elsewhere / "checkout").exists()
