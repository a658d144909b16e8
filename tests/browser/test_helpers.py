"""The browser test's own helpers: a missing browser gives a specific reason, not a crash."""

from __future__ import annotations

import pytest

from . import helpers


def test_missing_chromium_without_apt_names_the_fix(monkeypatch):
    monkeypatch.setattr(helpers, "CHROMIUM_CANDIDATES", ("/nonexistent/chromium",))
    monkeypatch.delenv("COURSE_CHROMIUM", raising=False)
    monkeypatch.setattr(helpers.shutil, "which", lambda name: None)
    with pytest.raises(helpers.Missing, match="apt-get is not available.*COURSE_CHROMIUM"):
        helpers.ensure_chromium(log=lambda *_: None)


def test_missing_chromium_as_non_root_names_the_command(monkeypatch):
    monkeypatch.setattr(helpers, "CHROMIUM_CANDIDATES", ("/nonexistent/chromium",))
    monkeypatch.delenv("COURSE_CHROMIUM", raising=False)
    monkeypatch.setattr(helpers.shutil, "which", lambda name: "/usr/bin/apt-get")
    monkeypatch.setattr(helpers.os, "geteuid", lambda: 1000)
    with pytest.raises(helpers.Missing, match="sudo apt-get install -y chromium"):
        helpers.ensure_chromium(log=lambda *_: None)


def test_course_notebooks_know_their_widget_cells():
    items = helpers.course_notebooks(all_zh=False)
    assert [i.id for i in items if i.lang == "zh"] == ["zh-01-prospects", "zh-07-precision"]
    first = next(i for i in items if i.id == "en-01-prospects")
    assert len(first.widget_cells) == 2, "chapter 1 shows two widgets"
    assert any("ManQualifier" in label for label in first.labels.values())
