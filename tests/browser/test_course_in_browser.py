"""The course in a real browser: one JupyterLab (set up as ``make lab``) + Debian's Chromium.

At a laptop's 1366×768, in this order:

1. the start page (``notebooks/START.md``) opens as a rendered page: no kernel starts, no news
   pop-up;
2. every course notebook (every en edition; zh of chapters 01 and 07, all with
   ``COURSE_BROWSER_ALL_ZH=1``), the committed file opened as a trainee opens it: *before
   anything runs* every widget shows as a still with its run-me note, never the
   ``VBox(children=(…`` text; then, all cells run: no error output; every widget renders live,
   fits the screen with its controls and chart together, and reacts to a dropdown, toggle,
   slider, checkbox or button; a zh widget shows no snake_case codes;
3. tabs of the two editions are marked EN / 中文; JupyterLab's own interface in Chinese with
   ``lab/zh/overrides.json`` (``make lab LANG=zh``).

The ``lab`` fixture checks at the end that the repository is exactly as it was. Screenshots go
to ``tests/artifacts/browser/`` (listed in ``index.txt`` there). Run alone: ``make test-browser``.
"""

from __future__ import annotations

import json
import re
import time
from functools import partial

import pytest

from .helpers import (
    ARTIFACTS,
    JS_ALL_EXECUTED,
    JS_KERNEL_IDLE,
    JS_NOTEBOOK_STATE,
    JS_RUN_ALL,
    JS_SIGNATURE,
    ROOT,
    course_notebooks,
    interactions,
    wait_for,
    widget_outputs,
)

NOTEBOOKS = course_notebooks()
SCREEN = {"width": 1366, "height": 768}  # a common laptop screen
OPEN_TIMEOUT_MS = 120_000  # JupyterLab's first page load and kernel start on a busy 2-core machine
RUN_TIMEOUT_MS = 300_000  # running a whole chapter
QUICK_CHANGE_S = 4  # a widget round trip through the kernel, usually
CHANGE_TIMEOUT_S = 20  # ... and on a busy machine
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
ENGLISH = re.compile(r"^[a-z][a-z ]+$")  # a lower-case English header ("index") in a Chinese table
JS_READY = (
    "() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
    " return !!(w && w.context && w.context.isReady); }"
)
TIMINGS: dict[str, float] = {}


def _shot(page_or_locator, name: str, what: str) -> None:
    """Write a screenshot and say what it shows in ``index.txt`` (for the closing note)."""
    page_or_locator.screenshot(path=str(ARTIFACTS / name))
    with open(ARTIFACTS / "index.txt", "a", encoding="utf-8") as index:
        index.write(f"{name}\t{what}\n")


def _font_css(lab) -> str:
    """Chinese glyphs in the screenshots: the kit's Noto Sans CJK font, served by the lab itself."""
    if not getattr(lab, "has_cjk_font", False):
        return ""
    stack = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, 'DejaVu Sans', CourseCJK, sans-serif"
    url = f"{lab.font_url}?token={lab.token}"
    return (
        f"@font-face {{ font-family: CourseCJK; src: url('{url}'); font-display: block; }}\n"
        f"body {{ --jp-ui-font-family: {stack}; --jp-content-font-family: {stack}; "
        f"--jp-widgets-font-family: {stack}; }}\n"
        f".jupyter-widgets, .jupyter-widgets *:not(.fa), .jp-RenderedHTMLCommon, "
        f".jp-RenderedHTMLCommon *:not(.fa), .lm-TabBar-tabLabel, .lm-MenuBar-itemLabel {{ font-family: {stack} !important; }}"
    )


@pytest.fixture(scope="module")
def context(browser):
    """One browser context (one cache: the CJK font is fetched once) for the whole module."""
    ctx = browser.new_context(viewport=SCREEN, device_scale_factor=1)
    yield ctx
    ctx.close()


def _open(lab, context, rel: str, reset: bool = True, console: list | None = None):
    page = context.new_page()
    if console is not None:
        page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.goto(lab.url(rel, reset=reset), timeout=OPEN_TIMEOUT_MS)
    page.wait_for_function(JS_READY, timeout=OPEN_TIMEOUT_MS, polling=250)
    css = _font_css(lab)
    if css:
        page.add_style_tag(content=css)
        page.evaluate("() => document.fonts.load('16px CourseCJK', '汉字')")
    return page


# one JupyterLab page for every chapter: loading JupyterLab's page costs seconds of CPU each time
JS_OPEN_NOTEBOOK = """
async (path) => {
  await window.jupyterapp.commands.execute('docmanager:open', {path, factory: 'Notebook'});
  return true;
}
"""
JS_NOTEBOOK_READY = """
(path) => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  return !!(w && w.context && w.context.path === path && w.context.isReady && w.content
            && w.content.widgets && w.content.widgets.length > 0);
}
"""
# closed without a save dialog (the test never saves); its session is then deleted through the API
JS_DISPOSE_NOTEBOOKS = """
() => {
  for (const w of Array.from(window.jupyterapp.shell.widgets('main'))) {
    if (w.content && w.content.node && w.content.node.classList.contains('jp-Notebook')) {
      w.context.model.dirty = false;
      w.dispose();
    }
  }
  return document.querySelectorAll('.jp-Notebook').length;
}
"""


class CoursePage:
    """The page the chapters open in, one after the other; a fresh page if one went wrong."""

    def __init__(self, lab, context) -> None:
        self.lab, self.context = lab, context
        self.page = None
        self.console: list[str] = []

    def start(self):
        """The page, on the start page (JupyterLab loaded once for the whole module)."""
        if self.page is None or self.page.is_closed():
            self.page = _open(self.lab, self.context, "notebooks/START.md", console=self.console)
        return self.page

    def open(self, path: str):
        self.start()
        self.page.evaluate(JS_OPEN_NOTEBOOK, path)
        self.page.wait_for_function(
            JS_NOTEBOOK_READY, arg=path, timeout=OPEN_TIMEOUT_MS, polling=250
        )
        shown = self.page.evaluate("() => document.querySelectorAll('.jp-Notebook').length")
        assert shown == 1, f"{shown} notebooks open in the page, expected only {path}"
        return self.page

    def close_notebooks(self) -> None:
        if self.page is None or self.page.is_closed():
            return
        try:
            left = self.page.evaluate(JS_DISPOSE_NOTEBOOKS)
        except Exception:  # noqa: BLE001 - a broken page is replaced by a fresh one
            left = -1
        if left != 0:
            self.page.close()
            self.page = None

    def close(self) -> None:
        if self.page is not None and not self.page.is_closed():
            self.page.close()


@pytest.fixture(scope="module")
def course_page(lab, context):
    pages = CoursePage(lab, context)
    yield pages
    pages.close()


def _close_sessions(lab, path: str) -> None:
    for session in lab.api("GET", "/api/sessions"):
        if session.get("path", "") == path:
            lab.api("DELETE", f"/api/sessions/{session['id']}")


def _news_toasts(page) -> int:
    return page.locator(".jp-Notification-Toast, .Toastify__toast").count()


# ----------------------------------------------------------------------------- 1. start page
def test_start_page_is_a_rendered_page_that_starts_no_kernel(lab, course_page):
    started = time.monotonic()
    page = course_page.start()  # the page the chapters then open in
    try:
        widget = page.evaluate(
            "() => { const w = window.jupyterapp.shell.currentWidget;"
            " return {cls: w.node.className, markdown: !!w.node.querySelector('.jp-RenderedMarkdown'),"
            " notebook: !!w.node.querySelector('.jp-Notebook'), editor: !!w.node.querySelector('.cm-editor'),"
            " text: w.node.innerText}; }"
        )
        assert widget["markdown"] and not widget["editor"] and not widget["notebook"], (
            f"START.md should open as a rendered Markdown page, got {widget['cls']}"
        )
        for must in ("Chapter 1", "min class", "q1.check", "第一章", "怎样学一章"):
            assert must in widget["text"], f"the start page does not show {must!r}"
        time.sleep(3)  # a news or update toast would have come up by now
        assert _news_toasts(page) == 0, "JupyterLab's news pop-up is showing"
        assert lab.api("GET", "/api/sessions") == [], "opening the start page started a kernel"
        _shot(
            page,
            "start-page-1366x768.png",
            "item 3: the start page at 1366×768, no kernel, no news pop-up",
        )
        page.mouse.wheel(0, 1400)
        time.sleep(0.5)
        _shot(page, "start-page-zh-1366x768.png", "item 3: the start page, its Chinese half")
    except BaseException:
        course_page.close()  # the chapters get a fresh page
        raise
    TIMINGS["start page"] = time.monotonic() - started


# ----------------------------------------------------------------------------- 2. before running
def _check_stills(page, item) -> None:
    """Before anything runs, every widget shows as a still with its note (never as text)."""
    for number, index in enumerate(item.widget_cells):
        cell = page.locator(".jp-Notebook .jp-Cell").nth(index)
        cell.scroll_into_view_if_needed()
        text = cell.locator(".jp-OutputArea").inner_text()
        assert "VBox(children=" not in text and "HBox(children=" not in text, (
            f"{item.committed} cell {index} shows the widget's text repr: {text[:120]!r}"
        )
        still = cell.locator(".course-widget-still")
        assert still.count() == 1, (
            f"{item.committed} cell {index}: no still of the widget ({text[:200]!r})"
        )
        assert still.first.bounding_box()["height"] > 40, "the still is drawn"
        assert ("Run the cell" if item.lang == "en" else "运行本单元格") in text, (
            "the run-me note is there"
        )
        assert still.locator("input, select, button, textarea").count(), (
            f"{item.committed} cell {index}: no controls"
        )
        pictures = still.locator("img")
        for i in range(pictures.count()):
            assert pictures.nth(i).evaluate("img => img.complete && img.naturalWidth > 0"), (
                f"{item.committed} cell {index}: a chart inside the still did not load"
            )
        if number == 0:
            cell.evaluate("c => c.scrollIntoView({block: 'start'})")
            time.sleep(0.3)
            _shot(
                page,
                f"unrun-{item.id}-cell{index:03d}-1366x768.png",
                f"item 1: {item.committed} opened without running: widget still and note",
            )


# ----------------------------------------------------------------------------- 3. running
def _changed(view, before: str) -> bool:
    return view.evaluate(JS_SIGNATURE) != before


def test_there_are_course_notebooks():
    assert NOTEBOOKS, "no executed course notebooks in notebooks/en: run `make notebooks`"
    assert any(n.widget_cells for n in NOTEBOOKS), "the course should have widgets to test"


def _fits(page, cell, view, label: str, shot_name: str) -> None:
    """The widget's controls and chart fit a 1366×768 screen together, nothing cut off sideways."""
    cell.evaluate("c => c.scrollIntoView({block: 'start'})")
    time.sleep(0.2)
    room = page.evaluate(
        "() => { const p = window.jupyterapp.shell.currentWidget.content.node.getBoundingClientRect();"
        " return {top: p.top, height: p.height, width: p.width}; }"
    )
    box = view.bounding_box()
    assert box, f"{label}: the widget has no box"
    _shot(page, shot_name, f"item 2: {label} live at 1366×768")
    assert box["height"] <= room["height"], (
        f"{label}: {box['height']:.0f} px tall, the notebook shows {room['height']:.0f} px at 1366×768:"
        " its controls and its chart are not on one screen"
    )
    assert box["width"] <= room["width"] + 1, (
        f"{label}: wider than the notebook ({box['width']:.0f} px)"
    )
    cut = view.evaluate(
        "v => Array.from(v.querySelectorAll('.widget-label, .widget-label-basic, label'))"
        ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)"
    )
    assert not cut, f"{label}: labels cut off: {cut}"


@pytest.mark.parametrize("item", NOTEBOOKS, ids=lambda n: n.id)
def test_notebook_runs_and_its_widgets_work(item, lab, course_page):
    started = time.monotonic()
    errors_before = len(course_page.console)
    shot = ARTIFACTS / item.id
    # the committed notebook itself, as a trainee opens it (autosave is off: the file stays as it is)
    page = course_page.open(item.committed)
    kernel_id = None
    try:
        _check_stills(page, item)
        page.wait_for_function(JS_KERNEL_IDLE, timeout=OPEN_TIMEOUT_MS, polling=250)
        opened = time.monotonic()
        page.evaluate(JS_RUN_ALL)
        page.wait_for_function(JS_ALL_EXECUTED, timeout=RUN_TIMEOUT_MS, polling=500)
        ran = time.monotonic()
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
            assert cell.locator(".course-widget-still").count() == 0, (
                f"{label}: the still stayed after running"
            )
            if item.lang == "zh":
                heads = view.evaluate(
                    "v => Array.from(v.querySelectorAll('th')).map(t => t.innerText.trim())"
                )
                codes = sorted(
                    set(SNAKE.findall(view.inner_text())) | {h for h in heads if ENGLISH.match(h)}
                )
                assert not codes, f"{label}: the Chinese widget shows machine codes {codes}"
            _fits(page, cell, view, label, f"{item.id}-cell{index:03d}-1366x768.png")

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
                if not (tried and wait_for(changed, timeout=CHANGE_TIMEOUT_S)):
                    view.screenshot(path=f"{shot}-cell{index:03d}-unchanged.png")
                    raise AssertionError(
                        f"{label}: nothing it shows changed after {tried or 'no controls found'}"
                    )
            page.wait_for_function(JS_KERNEL_IDLE, timeout=60_000, polling=250)
            view.screenshot(path=f"{shot}-cell{index:03d}-after.png")
            assert "Traceback" not in view.inner_text(), (
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
        TIMINGS[f"run {item.id}"] = time.monotonic() - started
        TIMINGS[f"  open+kernel {item.id}"] = opened - started
        TIMINGS[f"  run all {item.id}"] = ran - opened
    finally:
        (ARTIFACTS / f"{item.id}-console.log").write_text(
            "\n".join(course_page.console[errors_before:]), encoding="utf-8"
        )
        try:
            course_page.close_notebooks()
        finally:
            for session in lab.api("GET", "/api/sessions"):
                if session.get("path", "") == item.committed or (
                    kernel_id and session["kernel"]["id"] == kernel_id
                ):
                    lab.api("DELETE", f"/api/sessions/{session['id']}")


# ----------------------------------------------------------------------------- 4. tabs and language
def test_tabs_of_the_two_editions_are_marked(lab, course_page):
    en = next(n for n in NOTEBOOKS if n.lang == "en")
    zh = next(n for n in NOTEBOOKS if n.lang == "zh")
    page = course_page.start()  # JupyterLab is loaded already: both editions open beside the start page
    try:
        for item in (zh, en):
            page.evaluate(JS_OPEN_NOTEBOOK, item.committed)
            page.wait_for_function(JS_NOTEBOOK_READY, arg=item.committed, timeout=OPEN_TIMEOUT_MS, polling=250)
        time.sleep(1)
        marks = page.evaluate(
            "() => Array.from(document.querySelectorAll('.lm-DockPanel-tabBar .lm-TabBar-tab')).map(t =>"
            " [t.querySelector('.lm-TabBar-tabLabel').innerText,"
            " getComputedStyle(t.querySelector('.lm-TabBar-tabLabel'), '::after').content])"
        )
        editions = [(label, mark) for label, mark in marks if label == en.path.name]
        assert len(editions) == 2, f"two tabs named {en.path.name} expected: {marks}"
        assert sorted(m for _, m in editions) == sorted(['" · EN"', '" · 中文"']), (
            f"tab marks: {marks}"
        )
        _shot(page, "tabs-en-zh.png", "item 3: tabs of the two editions marked EN / 中文")
    finally:
        course_page.close_notebooks()
        _close_sessions(lab, en.committed)
        _close_sessions(lab, zh.committed)


def test_interface_in_chinese_with_the_zh_settings(lab, context):
    """What ``make lab LANG=zh`` sets (lab/zh/overrides.json), applied as a user setting."""
    overrides = json.loads((ROOT / "lab" / "zh" / "overrides.json").read_text(encoding="utf-8"))
    plugin = "@jupyterlab/translation-extension:plugin"
    locale = overrides[plugin]["locale"]
    languages = lab.api("GET", "/lab/api/translations")
    assert locale in languages.get("data", {}), (
        f"language pack for {locale} not installed: {list(languages.get('data', {}))}"
    )
    lab.api("PUT", f"/lab/api/settings/{plugin}", body={"raw": json.dumps(overrides[plugin])})
    try:
        page = _open(lab, context, "notebooks/START.md", reset=False)
        try:
            page.wait_for_function(
                "() => document.querySelector('.lm-MenuBar-content') !== null", timeout=60_000
            )
            menus = page.locator(".lm-MenuBar-content").inner_text()
            assert "文件" in menus and "File" not in menus, f"menus: {menus!r}"
            _shot(
                page,
                "lab-zh-interface.png",
                "item 3: make lab LANG=zh — JupyterLab's menus in Chinese",
            )
        finally:
            page.close()
    finally:
        lab.api("PUT", f"/lab/api/settings/{plugin}", body={"raw": json.dumps({"locale": "en"})})
        lines = [f"{k:40s} {v:6.1f} s" for k, v in TIMINGS.items()]
        (ARTIFACTS / "timings.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
