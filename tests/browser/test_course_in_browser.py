"""The course in a real browser: JupyterLab + Debian's Chromium, every course notebook.

For each notebook (every en edition; zh of chapter 01, or all with COURSE_BROWSER_ALL_ZH=1):
open it in JupyterLab, run all cells, and check that

- no cell shows an error output;
- every cell that shows a widget in the committed notebook renders a live widget view
  (``.jp-OutputArea-output`` holding ``.jupyter-widgets``), not a fallback or an error;
- interacting with each widget (a dropdown, a toggle, a slider, a checkbox, a button)
  changes what it shows.

Screenshots go to ``tests/artifacts/browser/``. Run alone with ``make test-browser``.
"""

from __future__ import annotations

import re
from functools import partial

import pytest

from .helpers import (
    ARTIFACTS,
    JS_ALL_EXECUTED,
    JS_KERNEL_IDLE,
    JS_NOTEBOOK_STATE,
    JS_RUN_ALL,
    JS_SIGNATURE,
    course_notebooks,
    interactions,
    wait_for,
    widget_outputs,
)

NOTEBOOKS = course_notebooks()
OPEN_TIMEOUT_MS = 120_000  # JupyterLab's first page load and kernel start on a busy 2-core machine
RUN_TIMEOUT_MS = 300_000  # running a whole chapter
QUICK_CHANGE_S = 4  # a widget round trip through the kernel, usually
CHANGE_TIMEOUT_S = 20  # ... and on a busy machine


def _font_css(lab) -> str:
    """Chinese glyphs in the screenshots: the kit's Noto Sans CJK font, served by the lab itself."""
    if not getattr(lab, "has_cjk_font", False):
        return ""
    stack = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, 'DejaVu Sans', CourseCJK, sans-serif"
    url = f"/files/_fonts/cjk.otf?token={lab.token}"
    return (
        f"@font-face {{ font-family: CourseCJK; src: url('{url}'); font-display: block; }}\n"
        f"body {{ --jp-ui-font-family: {stack}; --jp-content-font-family: {stack}; "
        f"--jp-widgets-font-family: {stack}; }}\n"
        f".jupyter-widgets, .jupyter-widgets *:not(.fa), .jp-RenderedHTMLCommon, "
        f".jp-RenderedHTMLCommon *:not(.fa) {{ font-family: {stack} !important; }}"
    )


def _changed(view, before: str) -> bool:
    return view.evaluate(JS_SIGNATURE) != before


def test_there_are_course_notebooks():
    assert NOTEBOOKS, "no executed course notebooks in notebooks/en: run `make notebooks`"
    assert any(n.widget_cells for n in NOTEBOOKS), "the course should have widgets to test"


@pytest.mark.parametrize("item", NOTEBOOKS, ids=lambda n: n.id)
def test_notebook_runs_and_its_widgets_work(item, lab, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 950}, device_scale_factor=1)
    page = context.new_page()
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    shot = ARTIFACTS / item.id
    kernel_id = None
    try:
        page.goto(lab.url(item.rel), timeout=OPEN_TIMEOUT_MS)
        page.wait_for_function(
            "() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
            " return !!(w && w.sessionContext && w.content && w.content.widgets); }",
            timeout=OPEN_TIMEOUT_MS,
        )
        css = _font_css(lab)
        if css:
            page.add_style_tag(content=css)
        page.wait_for_function(JS_KERNEL_IDLE, timeout=OPEN_TIMEOUT_MS, polling=250)

        # run all cells, wait for the last one and an idle kernel
        page.evaluate(JS_RUN_ALL)
        page.wait_for_function(JS_ALL_EXECUTED, timeout=RUN_TIMEOUT_MS, polling=500)
        state = page.evaluate(JS_NOTEBOOK_STATE)
        kernel_id = state["kernelId"]
        lab.kernels()
        page.screenshot(path=f"{shot}-top.png")

        errors = [
            f"cell {c['index']}: {o['ename']}: {o['evalue']}"
            for c in state["cells"]
            for o in c["outputs"]
            if o["type"] == "error"
        ]
        assert not errors, f"{item.rel} shows errors in the browser:\n" + "\n".join(errors)
        not_run = [c["index"] for c in state["cells"] if c["count"] is None]
        assert not not_run, f"{item.rel}: cells {not_run} did not run"

        # every widget renders, and reacts
        for index in item.widget_cells:
            label = f"{item.rel} cell {index} (`{item.labels[index]}`)"
            cell, view = widget_outputs(page, index)
            try:
                view.wait_for(state="visible", timeout=30_000)
            except Exception as exc:  # noqa: BLE001 - turned into a readable failure
                cell.scroll_into_view_if_needed()
                cell.screenshot(path=f"{shot}-cell{index:03d}-missing.png")
                text = cell.locator(".jp-OutputArea").inner_text()[:300]
                raise AssertionError(
                    f"{label}: no widget rendered (output area shows {text!r})"
                ) from exc
            text = cell.inner_text()
            assert "Error displaying widget" not in text, f"{label}: {text[:300]}"
            assert not re.search(r"Traceback|Error rendering", text), f"{label}: {text[:300]}"
            view.screenshot(path=f"{shot}-cell{index:03d}-before.png")

            before = view.evaluate(JS_SIGNATURE)
            tried = []
            changed = partial(_changed, view, before)
            for description, act in interactions(view):
                act()
                tried.append(description)
                # most round trips take well under a second; a control that changes nothing
                # (e.g. a lead with the same flags) should not cost the full timeout
                if wait_for(changed, timeout=QUICK_CHANGE_S):
                    break
            else:
                # a slow kernel may still be answering an earlier interaction
                if not (tried and wait_for(changed, timeout=CHANGE_TIMEOUT_S)):
                    view.screenshot(path=f"{shot}-cell{index:03d}-unchanged.png")
                    raise AssertionError(
                        f"{label}: nothing it shows changed after {tried or 'no controls found'}"
                    )
            page.wait_for_function(JS_KERNEL_IDLE, timeout=60_000, polling=250)
            view.screenshot(path=f"{shot}-cell{index:03d}-after.png")
            after_text = view.inner_text()
            assert "Traceback" not in after_text, (
                f"{label}: the widget shows an error after {tried[-1]}"
            )

        state = page.evaluate(JS_NOTEBOOK_STATE)
        errors = [
            f"cell {c['index']}: {o['ename']}"
            for c in state["cells"]
            for o in c["outputs"]
            if o["type"] == "error"
        ]
        assert not errors, f"{item.rel}: errors after interacting: {errors}"
    finally:
        (ARTIFACTS / f"{item.id}-console.log").write_text(
            "\n".join(console_errors), encoding="utf-8"
        )
        try:
            for session in lab.api("GET", "/api/sessions"):
                if session.get("path", "").endswith(item.rel) or (
                    kernel_id and session["kernel"]["id"] == kernel_id
                ):
                    lab.api("DELETE", f"/api/sessions/{session['id']}")
        finally:
            context.close()
