"""A course notebook exported to HTML shows its widgets offline (as stills), opened from a file.

Two exports of a chapter with widgets, each opened from ``file://`` in Chromium with every
network request refused:

- ``jupyter nbconvert --to html`` as the kit's venv runs it (``make venv`` enables
  :class:`course.exports.OfflineWidgets` in ``.venv/etc/jupyter``), started as a separate
  program exactly as a user types it;
- ``python -m course export-html`` (also no CDN script at all: the page asks the network for
  nothing).

In both, every widget output of the notebook shows as its still (controls drawn, charts
loaded), never as ``VBox(children=…`` text or an empty space. Screenshots:
``export-<how>-<chapter>.png``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course import stills

from .helpers import ARTIFACTS, ROOT

CHAPTERS = [("en", "07-precision"), ("zh", "01-prospects")]


def _widget_count(path: Path) -> int:
    return sum(1 for _ in stills.widget_outputs(nbformat.read(path, as_version=4)))


def _nbconvert(notebook: Path, out: Path) -> Path:
    jupyter = Path(sys.executable).with_name("jupyter")
    config = Path(sys.prefix) / "etc" / "jupyter" / "jupyter_nbconvert_config.json"
    if not config.is_file():
        pytest.fail(f"{config} is missing: run `make venv` (it enables the stills for nbconvert)")
    done = subprocess.run(
        [str(jupyter), "nbconvert", "--to", "html", "--output-dir", str(out), str(notebook)],
        capture_output=True,
        text=True,
        cwd=out,
        env={**os.environ, "COURSE_PROGRESS_DB": "off"},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return out / f"{notebook.stem}.html"


def _kit_export(notebook: Path, out: Path) -> Path:
    done = subprocess.run(
        [sys.executable, "-m", "course", "export-html", str(notebook), "--out", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "COURSE_PROGRESS_DB": "off"},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return out / notebook.parent.name / f"{notebook.stem}.html"


@pytest.mark.parametrize("how", ["nbconvert", "course-export"])
@pytest.mark.parametrize(("lang", "chapter"), CHAPTERS, ids=lambda v: str(v))
def test_exported_chapter_shows_its_widgets_offline(browser, tmp_path, how, lang, chapter):
    notebook = ROOT / "notebooks" / lang / f"{chapter}.ipynb"
    widgets = _widget_count(notebook)
    assert widgets, f"{notebook} has no widget outputs to show"
    page_file = (_nbconvert if how == "nbconvert" else _kit_export)(notebook, tmp_path)
    html = page_file.read_text(encoding="utf-8")
    assert "embed-amd.js" not in html and "html-manager" not in html, (
        "the export still loads a widget manager from a CDN"
    )

    context = browser.new_context(viewport={"width": 1366, "height": 768})
    remote: list[str] = []
    errors: list[str] = []

    def refuse(route):
        remote.append(route.request.url)
        route.abort()

    context.route("http://**/*", refuse)
    context.route("https://**/*", refuse)
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(page_file.as_uri(), wait_until="load", timeout=120_000)
        shown = page.locator(".course-widget-still")
        assert shown.count() == widgets, (
            f"{how}: {shown.count()} widget stills on the page, the notebook has {widgets} widgets"
        )
        body = page.locator("body").inner_text()
        assert "VBox(children=" not in body and "HBox(children=" not in body, (
            f"{how}: a widget shows as its text repr"
        )
        for i in range(widgets):
            still = shown.nth(i)
            still.scroll_into_view_if_needed()
            assert still.is_visible(), f"{how}: widget still {i + 1} is hidden"
            box = still.bounding_box()
            assert box and box["height"] > 40, f"{how}: widget still {i + 1} is not drawn"
            assert still.locator("input, select, button, textarea").count(), (
                f"{how}: widget still {i + 1} shows no controls"
            )
            pictures = still.locator("img")
            for k in range(pictures.count()):
                assert pictures.nth(k).evaluate("img => img.complete && img.naturalWidth > 0"), (
                    f"{how}: a chart in widget still {i + 1} did not load"
                )
        # a page cannot run a cell: its note says where the widget is live (course.exports)
        note = "Open the notebook in JupyterLab" if lang == "en" else "在 JupyterLab 中打开这本笔记本"
        assert note in body, f"{how}: the still's note for a page is missing"
        assert ("Run the cell (Shift" if lang == "en" else "运行本单元格（") not in body, (
            f"{how}: the page tells the reader to run a cell it cannot run"
        )
        shown.first.evaluate("e => e.scrollIntoView({block: 'center'})")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = f"export-{how}-{lang}-{chapter}.png"
        page.screenshot(path=str(ARTIFACTS / name))
        with open(ARTIFACTS / "index.txt", "a", encoding="utf-8") as index:
            index.write(f"{name}\titem 2: {lang}/{chapter} exported by {how}, opened offline\n")
        if how == "course-export":
            assert not remote, f"the kit's export asked the network for {remote[:5]}"
        assert not errors, f"script errors on the exported page: {errors[:3]}"
    finally:
        context.close()
