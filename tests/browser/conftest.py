"""Fixtures for the real-browser test: JupyterLab on loopback + Debian's Chromium via Playwright.

The browser test runs only when asked for by path (``pytest tests/browser``, ``make
test-browser``, the last step of ``make test``) or with ``COURSE_BROWSER_TEST=1``; a plain
``pytest tests`` leaves it out, so the fast parallel run stays fast.

What it needs, it installs when missing: Debian's ``chromium`` (``apt-get install -y
chromium``, as root) and ``playwright`` (pip, into this venv). If that is impossible, every
browser test is skipped with the precise reason. ``COURSE_BROWSER_REQUIRED=1`` turns that
skip into a failure (for CI machines that must run it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import (
    ARTIFACTS,
    CHROMIUM_ARGS,
    ROOT,
    STAGE,
    LabServer,
    Missing,
    ensure_chromium,
    ensure_playwright,
    pids_alive,
)

HERE = Path(__file__).resolve().parent
#: fontconfig's rules naming a font for each generic family (sans-serif, system-ui, ...), Debian's names
FONT_ALIASES = ("30-metric-aliases", "45-generic", "45-latin", "49-sansserif", "60-generic", "60-latin")


def pytest_ignore_collect(collection_path, config):
    if os.environ.get("COURSE_BROWSER_TEST", "") not in ("", "0"):
        return None
    asked = [Path(str(a).split("::")[0]).resolve() for a in config.args]
    if any(a == HERE or HERE in a.parents for a in asked):
        return None
    return True  # not asked for: `make test-browser` or `pytest tests/browser` runs it


def _log(message: str) -> None:
    sys.stderr.write(f"[browser test] {message}\n")


def _missing(reason: str):
    reason = f"BROWSER TEST NOT RUN: {reason}"
    _log(reason)
    if os.environ.get("COURSE_BROWSER_REQUIRED", "") not in ("", "0"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    try:
        return ensure_chromium(log=_log)
    except Missing as exc:
        _missing(str(exc))


@pytest.fixture(scope="session")
def playwright_session(chromium_path):
    """One Playwright for the session (a second sync Playwright cannot start inside the first)."""
    try:
        sync_playwright = ensure_playwright(log=_log)
    except Missing as exc:
        _missing(str(exc))
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_session, chromium_path):
    browser = playwright_session.chromium.launch(
        executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
    )
    try:
        yield browser
    finally:
        browser.close()


def git_status() -> str | None:
    """What JupyterLab could have changed: the course's folders, and untracked files anywhere.

    The kit's own source files are left out, so editing them while the test runs is not taken
    for JupyterLab's doing. ``None`` outside a git checkout.
    """
    changed = subprocess.run(
        ["git", "status", "--porcelain", "--", "notebooks", "workbook", "lab", "datasets"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    untracked = subprocess.run(
        # untracked files anywhere but in the kit's own sources (edited while the test runs)
        [
            "git",
            "ls-files",
            "--others",
            "--exclude-standard",
            "--",
            ".",
            ":!course",
            ":!tests",
            ":!benchmarks",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if changed.returncode or untracked.returncode:
        return None
    return changed.stdout + untracked.stdout


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """One JupyterLab for the whole browser test, set up as ``make lab``; always torn down.

    Its root is the repository: the start page and the committed notebooks are opened where
    they are, as a trainee opens them (autosave off; the chapters write only to temporary
    folders). At the end the repository must be exactly as it was: opening and running the
    course in JupyterLab changes nothing a trainee would commit.
    """
    shutil.rmtree(ARTIFACTS, ignore_errors=True)  # screenshots of this run only
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    STAGE.mkdir(parents=True, exist_ok=True)
    fonts = None
    try:
        import mplfonts

        fonts = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    except ImportError:  # pragma: no cover
        pass
    if (
        fonts is not None and fonts.is_file()
    ):  # served to the page so zh screenshots show Chinese, not boxes
        (STAGE / "_fonts").mkdir(parents=True, exist_ok=True)
        shutil.copy2(fonts, STAGE / "_fonts" / "cjk.otf")
    before = git_status()
    server = LabServer(
        root=ROOT,
        private=tmp_path_factory.mktemp("lab-private"),
        log_path=ARTIFACTS / "jupyterlab.log",
    )
    server.has_cjk_font = fonts is not None and fonts.is_file()
    server.font_url = f"/files/{(STAGE / '_fonts' / 'cjk.otf').relative_to(ROOT).as_posix()}"
    try:
        server.start()
        yield server
    finally:
        kernel_pids = _kernel_pids(server)
        server.stop()
        left = pids_alive(kernel_pids)
        _log(
            f"JupyterLab stopped; kernels started: {len(server.started_kernels)}, processes left: {left}"
        )
        assert not left, f"kernel processes still alive after shutdown: {left}"
    after = git_status()
    assert before == after, (
        "opening the course in JupyterLab changed the repository:\n"
        f"before:\n{before}\nafter:\n{after}"
    )


def _kernel_pids(server: LabServer) -> list[int]:
    """PIDs of the kernel processes (from their connection files' neighbours in /proc)."""
    pids = []
    if server.proc is None:
        return pids
    try:
        import glob

        for status in glob.glob("/proc/[0-9]*/stat"):
            try:
                fields = Path(status).read_text().split()
            except OSError:
                continue
            # field 5 (index 4) is the process group id; the server started its own group
            if int(fields[4]) == server.proc.pid and int(fields[0]) != server.proc.pid:
                pids.append(int(fields[0]))
    except Exception:  # noqa: BLE001 - best effort, only for the report
        return pids
    return pids


@pytest.fixture(scope="module")
def bare_chromium(playwright_session, chromium_path, tmp_path_factory):
    """Chromium that can see DejaVu only: no Chinese font on this 'machine' (the fonts and reports tests).

    The system's alias rules are kept (which font stands for ``sans-serif``, ``system-ui``…), as on a
    Linux machine with no other font installed: without them, ``system-ui`` fell on DejaVu's maths
    font. The rendering rules (hinting, subpixel filters) are left out: with them, the boxes drawn
    for missing characters differ by a pixel from one character to the next.
    """
    if not os.path.isdir("/usr/share/fonts/truetype/dejavu"):
        pytest.skip("Debian's fonts-dejavu-core is not installed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    conf_dir = tmp_path_factory.mktemp("fontconfig")
    aliases = "".join(
        f'<include ignore_missing="yes">/etc/fonts/conf.d/{rule}.conf</include>' for rule in FONT_ALIASES
    )
    (conf_dir / "fonts.conf").write_text(
        f"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{conf_dir / "cache"}</cachedir>
{aliases}</fontconfig>""",
        encoding="utf-8",
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf_dir / "fonts.conf")}
    browser = playwright_session.chromium.launch(
        executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS, env=env
    )
    try:
        yield browser
    finally:
        browser.close()
