"""Shared fixtures: every test runs with a private progress store and English first."""

from __future__ import annotations

import pytest
from hypothesis import settings

import course
from course import progress

# two shared cores and notebook kernels in parallel: no per-example time limit
settings.register_profile("kit", deadline=None, max_examples=60)
settings.load_profile("kit")


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_PROGRESS_DB", str(tmp_path / "progress.sqlite"))
    progress.clear_session()
    course.set_language("en")
    yield
    course.set_language("en")
