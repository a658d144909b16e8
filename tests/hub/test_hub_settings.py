"""The class settings file: what a school writes, read strictly, with errors that say where and what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from course_hub.settings import (
    DEFAULT_PATH,
    ClassSettings,
    SettingsError,
    format_bytes,
    parse_bytes,
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "class.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_file_reads_and_says_what_deploy_readme_says():
    s = ClassSettings.load(DEFAULT_PATH)
    assert s.language == "zh"
    assert s.ip == "127.0.0.1"  # `make hub` is a try on loopback
    assert s.limits.memory_bytes >= 512 * 2**20
    assert s.culling.timeout >= 600
    assert s.default_url == "/lab/tree/course/START.md"
    readme = (DEFAULT_PATH.parent / "README.md").read_text(encoding="utf-8")
    assert s.limits.memory in readme and f"{s.culling.timeout}" in readme


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("512M", 512 * 2**20),
        ("1G", 2**30),
        ("1.5G", 1536 * 2**20),
        (" 2g ", 2 * 2**30),
        ("64Ki", 64 * 1024),
        (1048576, 2**20),
        ("300MiB", 300 * 2**20),
    ],
)
def test_sizes_are_binary_units_as_jupyterhub_reads_them(text, expected):
    assert parse_bytes(text) == expected


@pytest.mark.parametrize("bad", ["", "lots", "1X", "-1G", "0", True, "1 G B"])
def test_a_bad_size_is_refused_with_an_example(bad):
    with pytest.raises(SettingsError, match="1G|zero"):
        parse_bytes(bad)


def test_format_bytes_round_trips():
    for size in (2**30, 1536 * 2**20, 3 * 2**40, 12345):
        assert parse_bytes(format_bytes(size)) == size


def test_every_problem_names_the_file_and_the_key(tmp_path):
    cases = {
        "language: fr\n": "language",
        "limits: {memory: lots}\n": "limits.memory",
        "limits: {cpu: none}\n": "limits.cpu",
        "limits: {cpu: 0}\n": "limits.cpu",
        "limits: {processes: 3}\n": "limits.processes",
        "culling: {timeout: 10}\n": "culling.timeout",
        "culling: {every: x}\n": "culling.every",
        "hub: {port: 99999}\n": "hub.port",
        "hub: {porta: 1}\n": "hub.porta",
        "memory: 1G\n": "memory",
        "instructors: [Root Admin]\n": "instructors",
        "default_url: lab\n": "default_url",
        "limits: 5\n": "limits",
    }
    for text, key in cases.items():
        path = write(tmp_path, text)
        with pytest.raises(SettingsError) as caught:
            ClassSettings.load(path)
        message = str(caught.value)
        assert str(path) in message and key in message, (text, message)


def test_unreadable_and_invalid_files_say_so(tmp_path):
    with pytest.raises(SettingsError, match="cannot read"):
        ClassSettings.load(tmp_path / "missing.yaml")
    with pytest.raises(SettingsError, match="not valid YAML"):
        ClassSettings.load(write(tmp_path, "language: [zh\n"))
    with pytest.raises(SettingsError, match="expected keys"):
        ClassSettings.load(write(tmp_path, "- a list\n"))


def test_environment_variable_picks_another_file(tmp_path, monkeypatch):
    path = write(
        tmp_path, "language: en\nhub: {port: 8123, state_dir: /srv/hub, prefix: /srv/kit}\n"
    )
    monkeypatch.setenv("COURSE_HUB_CONFIG", str(path))
    s = ClassSettings.load()
    assert (s.language, s.port, s.hub_url) == ("en", 8123, "http://127.0.0.1:8123")
    assert s.accounts_file == Path("/srv/hub/accounts.json")
    assert s.gradebook_url == "sqlite:////srv/hub/grading/gradebook.sqlite"
    assert s.python == "/srv/kit/venv/bin/python" and s.kit_dir == Path("/srv/kit/kit")
