"""Fixtures for the classroom hub tests.

The tests that start a hub need root (they create Unix accounts and start
servers as them) and the shared installation trainees run from: the fixture
installs it (about a minute the first time, mostly waiting on downloads, while
the other worker goes on with other tests) or refreshes it (seconds).
Without root they are skipped with the reason; ``COURSE_HUB_REQUIRED=1``
turns that skip into a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def _missing(reason: str) -> None:
    if os.environ.get("COURSE_HUB_REQUIRED", "") not in ("", "0"):
        pytest.fail(f"HUB TEST NOT RUN: {reason}", pytrace=False)
    pytest.skip(f"HUB TEST NOT RUN: {reason}")


@pytest.fixture(scope="session")
def hub_prefix() -> Path:
    """This checkout's shared installation (``/opt/course-hub-dev/…``), installed or refreshed."""
    if os.geteuid() != 0:
        _missing("needs root: it creates trainee accounts and runs their servers as them")
    from course_hub.install import install, resolve_prefix

    python = install("dev", log=lambda line: None)
    assert Path(python).is_file()
    return resolve_prefix("dev")
