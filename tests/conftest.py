"""Shared fixtures: every test runs with a private progress store and English first."""

from __future__ import annotations

import pytest

import course


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_PROGRESS_DB", str(tmp_path / "progress.sqlite"))
    course.set_language("en")
    yield
    course.set_language("en")
