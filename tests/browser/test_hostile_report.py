"""A class report built from hostile names and answers runs no script, in a real browser (Chromium).

Each page (the report and every trainee's feedback page) is opened twice: as
written, and with its Content-Security-Policy removed -- so the escaping
itself is what is tested, not only the policy that backs it up. Nothing may
open a dialog, set ``window.__pwned`` or add a script, frame or handler to
the page; the hostile strings must be there as text.
"""

from __future__ import annotations

import re

import pytest
from test_hostile_reports import NAMES, PAYLOADS, hostile_gradebook

from course import cli
from course.grading import report

from .helpers import ARTIFACTS

DANGEROUS = (
    "script, iframe, object, embed, svg[onload], img[onerror], [onload], [onerror], [onclick], "
    "a[href^='javascript']"
)


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-report")
    url = f"sqlite:///{folder / 'gb.sqlite'}"
    hostile_gradebook(url)
    out = folder / "class.html"
    assert cli.main(["class-report", "--db", url, "--out", str(out), "--lang", "zh"]) == 0
    written = [out, *sorted(out.with_name("class-feedback").iterdir())]
    unprotected = []
    for path in (
        written
    ):  # the same page without its policy: only the escaping stands between the payloads and us
        bare = path.with_name(path.stem + ".no-csp.html")
        text = path.read_text(encoding="utf-8")
        stripped = re.sub(r"<meta http-equiv=['\"]Content-Security-Policy['\"][^>]*>", "", text)
        assert stripped != text
        bare.write_text(stripped, encoding="utf-8")
        unprotected.append(bare)
    return written + unprotected


def test_hostile_pages_run_no_script(pages, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        seen_text = ""
        for path in pages:
            page = context.new_page()
            dialogs: list[str] = []
            page.on(
                "dialog",
                lambda dialog, dialogs=dialogs: (dialogs.append(dialog.message), dialog.dismiss()),
            )
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_timeout(
                300
            )  # give an injected handler (onerror, onload) the time to fire
            assert page.evaluate("() => window.__pwned") is None, path.name
            assert dialogs == [], (path.name, dialogs)
            assert page.evaluate(f"() => document.querySelectorAll({DANGEROUS!r}).length") == 0, (
                path.name
            )
            seen_text += page.inner_text("body")
            if path.name.startswith("class"):
                page.screenshot(path=str(ARTIFACTS / f"hostile-{path.stem}.png"), full_page=False)
            page.close()
        for payload in PAYLOADS[:2]:
            assert payload in seen_text  # shown as text, exactly as the trainee typed it
        for name in NAMES:
            assert name in seen_text
    finally:
        context.close()


def test_feedback_links_lead_to_each_persons_own_page(pages, browser):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(pages[0].as_uri(), wait_until="load")
        hrefs = page.eval_on_selector_all("a", "links => links.map(a => a.getAttribute('href'))")
        targets = {href.rsplit("/", 1)[-1] for href in hrefs if href and "feedback" in href}
        assert {report.page_name(name) for name in NAMES} <= {
            t.replace("%20", " ") for t in targets
        }
        assert len(targets) == len(NAMES)
    finally:
        context.close()
