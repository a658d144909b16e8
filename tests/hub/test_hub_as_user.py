"""The file helper that works in a trainee's home: it never follows a link and never leaves the home."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from course_hub import as_user


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "course").mkdir()
    return tmp_path


def test_write_policies(home):
    assert (
        as_user.step({"op": "write", "path": "course/a.txt", "content": "one"})["status"]
        == "written"
    )
    assert (
        as_user.step({"op": "write", "path": "course/a.txt", "content": "two"})["status"] == "kept"
    )
    assert (
        home / "course/a.txt"
    ).read_text() == "one"  # "missing": a trainee's file is never overwritten
    assert (
        as_user.step({"op": "write", "path": "course/a.txt", "content": "三", "policy": "replace"})[
            "status"
        ]
        == "written"
    )
    assert (home / "course/a.txt").read_text(encoding="utf-8") == "三"


def test_marker_policy_refreshes_only_the_kits_unedited_copy(home):
    step = {"op": "write", "path": "course/START.md", "policy": "marker", "marker": "<!-- kit -->"}
    assert as_user.step({**step, "content": "<!-- kit -->\nv1"})["status"] == "written"
    assert as_user.step({**step, "content": "<!-- kit -->\nv2"})["status"] == "written"
    assert (home / "course/START.md").read_text() == "<!-- kit -->\nv2"
    (home / "course/START.md").write_text("my notes\n<!-- kit -->")
    result = as_user.step({**step, "content": "<!-- kit -->\nv3"})
    assert result["status"] == "kept" and (home / "course/START.md").read_text().startswith(
        "my notes"
    )


def test_links_are_never_followed(home, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "precious.txt"
    outside.write_text("precious")
    os.symlink(outside, home / "course/START.md")
    for policy in ("marker", "missing"):
        result = as_user.step(
            {
                "op": "write",
                "path": "course/START.md",
                "content": "x",
                "policy": policy,
                "marker": "",
            }
        )
        assert result["status"] == "kept"
    assert outside.read_text() == "precious"
    # replace swaps the link itself, not what it points to
    assert (
        as_user.step(
            {"op": "write", "path": "course/START.md", "content": "new", "policy": "replace"}
        )["status"]
        == "written"
    )
    assert outside.read_text() == "precious" and not (home / "course/START.md").is_symlink()
    # reading through a link is refused, and so is a linked folder on the way
    os.symlink(outside, home / "course/work.ipynb")
    assert as_user.step({"op": "read", "path": "course/work.ipynb"}) == {
        "op": "read",
        "path": "course/work.ipynb",
        "status": "skipped",
        "reason": "a link, not a plain file",
    }
    os.symlink(outside.parent, home / "linked")
    result = as_user.step({"op": "read", "path": "linked/precious.txt"})
    assert result["status"] == "skipped" and "link" in result["reason"]
    assert as_user.step({"op": "write", "path": "linked/x", "content": "x"})["status"] == "error"
    assert not (outside.parent / "x").exists()


def test_paths_stay_inside_the_home(home):
    for path in ("/etc/passwd", "../x", "course/../../x", "", None, "course/./../.."):
        result = as_user.step({"op": "read", "path": path})
        assert result["status"] == "error", path


def test_reading_refuses_special_and_oversized_files(home):
    os.mkfifo(home / "course/pipe.ipynb")  # would hang a naive collector
    result = as_user.step({"op": "read", "path": "course/pipe.ipynb"})
    assert result["status"] == "skipped" and "special" in result["reason"]
    (home / "course/big.ipynb").write_bytes(b"x" * 2000)
    result = as_user.step({"op": "read", "path": "course/big.ipynb", "max_bytes": 1000})
    assert result["status"] == "skipped" and "2000 bytes" in result["reason"]
    (home / "course/latin.ipynb").write_bytes("caf\xe9".encode("latin-1"))
    assert as_user.step({"op": "read", "path": "course/latin.ipynb"})["reason"] == "not UTF-8 text"
    assert as_user.step({"op": "read", "path": "course/none.ipynb"})["status"] == "missing"


def test_mkdir_and_list(home):
    assert as_user.step({"op": "mkdir", "path": "course/workbook", "mode": 0o700})["status"] == "ok"
    assert oct(os.stat(home / "course/workbook").st_mode)[-3:] == "700"
    (home / "course/workbook/01-prospects.ipynb").write_text("{}")
    os.symlink("/etc/passwd", home / "course/workbook/02-finding.ipynb")
    assert as_user.step({"op": "list", "path": "course/workbook"})["names"] == [
        "01-prospects.ipynb"
    ]
    (home / "course/file").write_text("")
    assert as_user.step({"op": "mkdir", "path": "course/file/sub"})["status"] == "error"


def test_it_runs_standalone_without_the_kit_on_the_path(home):
    """The hub runs it as `python -I -S -c SOURCE`: no site-packages, no import of the kit."""
    source = Path(as_user.__file__).read_text(encoding="utf-8")
    plan = [
        {"op": "write", "path": "course/x.txt", "content": "hello"},
        {"op": "read", "path": "course/x.txt"},
        {"op": "jump", "path": "x"},
    ]
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", source],
        input=json.dumps(plan),
        capture_output=True,
        text=True,
        cwd=home,
        check=True,
    )
    results = json.loads(done.stdout)
    assert [r["status"] for r in results] == ["written", "ok", "error"]
    assert results[1]["content"] == "hello" and "unknown step" in results[2]["reason"]
