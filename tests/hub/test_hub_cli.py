"""The course-hub command: bad input exits 2 with a message that names the problem, and changes nothing."""

from __future__ import annotations

import os

import pytest

from course_hub import cli
from course_hub.accounts import unix_user

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="course-hub runs as root")


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_help_lists_the_commands(capsys):
    assert cli.main([]) == 0
    out = capsys.readouterr().out
    for command in (
        "install",
        "run",
        "accounts",
        "release",
        "collect",
        "grade",
        "feedback",
        "simulate",
        "sweep",
    ):
        assert command in out


@needs_root
def test_a_bad_settings_file_is_named_with_its_key(tmp_path, capsys):
    config = write(tmp_path, "class.yaml", "language: fr\n")
    assert cli.main(["--config", str(config), "accounts", "list"]) == 2
    err = capsys.readouterr().err
    assert (
        err.startswith("error: ")
        and str(config) in err
        and "language" in err
        and "Traceback" not in err
    )


@needs_root
def test_a_bad_roster_creates_nothing(tmp_path, capsys):
    state = tmp_path / "state"
    config = write(
        tmp_path, "class.yaml", f"hub: {{state_dir: {state}, homes: {tmp_path / 'homes'}}}\n"
    )
    roster = write(tmp_path, "roster.csv", "username,lang\nzz-cli-test-1,zh\nZZ Bad,zh\n")
    assert cli.main(["--config", str(config), "accounts", "add", str(roster)]) == 2
    err = capsys.readouterr().err
    assert "line 3" in err and "'ZZ Bad'" in err and "nothing was created" in err
    assert unix_user("zz-cli-test-1") is None and not (tmp_path / "homes").exists()
    assert cli.main(["--config", str(config), "accounts", "list"]) == 0
    assert capsys.readouterr().out == ""


def test_handing_out_to_someone_not_in_the_class_is_refused(tmp_path, capsys, hub_prefix):
    config = write(
        tmp_path, "class.yaml", f"hub: {{state_dir: {tmp_path / 'state'}, prefix: {hub_prefix}}}\n"
    )
    assert cli.main(["--config", str(config), "release", "01", "--to", "nobody-here"]) == 2
    assert "not in the class: nobody-here" in capsys.readouterr().err
    assert cli.main(["--config", str(config), "grade", "01"]) == 2
    assert "nothing collected for chapter 01" in capsys.readouterr().err
