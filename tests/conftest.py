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


# --------------------------------------------------------------------------- scheduling
# `make test` runs pytest-xdist with `--dist loadfile --no-loadscope-reorder`: each file goes whole
# to one of two workers, in collection order. xdist's own order (most tests first) sends the files
# with few but long tests last, so one worker finishes them alone while the other idles. The files
# below (slowest first, as profiled with `--durations`) are handed out first instead; every other
# file follows in its usual order. This changes only the order: every test still runs.
SLOW_FIRST = (
    "tests/test_redteam.py",
    "tests/test_grading.py",
    "tests/test_workbooks.py",
    "tests/hub/test_hub_simulation.py",
    "tests/test_report_real_files.py",
    "tests/hub/test_hub_isolation.py",
    "tests/test_reports.py",
    "tests/test_grading_chapters.py",
    "tests/test_slides.py",
    "tests/test_datagen.py",
    "tests/test_fair_checks.py",
    "tests/test_hostile_reports.py",
    "tests/test_sandbox.py",
    "tests/test_class_report.py",
)


def pytest_collection_modifyitems(config, items):
    rank = {path: i for i, path in enumerate(SLOW_FIRST)}
    root = config.rootpath

    def key(item):
        try:
            rel = item.path.relative_to(root).as_posix()
        except ValueError:
            rel = str(item.path)
        return rank.get(rel, len(SLOW_FIRST))

    items.sort(key=key)  # stable: tests keep their order inside a file
