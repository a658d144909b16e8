"""The top of each report as a manager first sees it, in both languages, on a machine without Chinese fonts.

The three reports (prospect, class, progress) are made by the kit's own commands from realistic inputs (the bundled
data; the hand-written class and workbooks of ``tests/report_samples.py``) and opened from their files in Debian's
Chromium. Chromium gets a fontconfig that lists only DejaVu, so the machine's own CJK fonts are out of reach: a
Chinese character can only be drawn from the subset the report embeds (:mod:`course.reports.fonts`).

What is checked on each page:

- the summary comes first (its figures, and the actions of the prospect and class reports, on the first screen of
  1366×768) and every link of the contents and of the summary leads to a heading on the page;
- Chinese characters taken from the page's own text are each drawn as themselves (no "tofu" boxes) — and, as a
  control, the same characters turn into one identical box once the embedded font is taken out of the page;
- the English edition shows no Chinese on its first screen.

Screenshots (``tests/artifacts/browser/``): ``report-<prospect|class|progress>-<en|zh>-top.png``, the first screen
at 1366×768, and ``report-prospect-<lang>-summary.png``, the summary and contents in full.
"""

from __future__ import annotations

import hashlib
import re

import pytest

from course import cli

from .helpers import ARTIFACTS

REPORTS = ("prospect", "class", "progress")
LANGS = ("en", "zh")
CJK = re.compile("[\u4e00-\u9fff]")
#: how many distinct Chinese characters of a page are drawn one by one
SAMPLE = 10
GLYPHS_JS = """(chars) => {
  const box = document.createElement('div');
  box.id = 'glyph-probe';
  box.style.cssText = 'position:absolute;left:0;top:0;z-index:99;background:#fff;font-size:48px;padding:4px';
  for (const c of chars) { const s = document.createElement('span'); s.className = 'g'; s.textContent = c;
    s.style.cssText = 'display:inline-block;padding:0 3px'; box.appendChild(s); }
  document.body.appendChild(box);
}"""


def _run(*argv: str) -> None:
    assert cli.main(list(argv)) == 0, f"python -m course {' '.join(argv)} failed"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[tuple[str, str], object]:
    """The six report pages, written by the kit's commands."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import report_samples  # noqa: PLC0415 - tests/ is not a package

    folder = tmp_path_factory.mktemp("reports")
    url = f"sqlite:///{folder / 'gradebook.sqlite'}"
    report_samples.class_gradebook(url)
    report_samples.trainee_workbooks(folder / "workbooks")
    out = {}
    for lang in LANGS:
        out[("prospect", lang)] = folder / f"prospect-{lang}.html"
        _run("report", "--out", str(out[("prospect", lang)]), "--lang", lang)
        out[("class", lang)] = folder / f"class-{lang}.html"
        _run("class-report", "--db", url, "--out", str(out[("class", lang)]), "--lang", lang)
        out[("progress", lang)] = folder / f"progress-{lang}.html"
        _run("progress-report", str(folder / "workbooks"), "--out", str(out[("progress", lang)]), "--lang", lang)
    return out


def _glyph_prints(page, chars: str) -> list[str]:
    """Each character drawn alone in the page's own font, as a fingerprint of its pixels."""
    page.evaluate(GLYPHS_JS, chars)
    page.evaluate("() => document.fonts.ready")
    spans = page.locator("#glyph-probe span.g")
    prints = [hashlib.sha1(spans.nth(i).screenshot()).hexdigest() for i in range(spans.count())]
    page.evaluate("() => document.getElementById('glyph-probe').remove()")
    return prints


def _broken_links(page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll('a[href^="#"]')]
        .map(a => a.getAttribute('href').slice(1)).filter(id => id && !document.getElementById(id))""")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("report", REPORTS)
def test_top_of_report_reads_without_system_cjk_fonts(bare_chromium, pages, report, lang, tmp_path):
    path = pages[(report, lang)]
    context = bare_chromium.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(path.as_uri())
        page.evaluate("() => document.fonts.ready")
        page.wait_for_timeout(300)
        page.screenshot(path=str(ARTIFACTS / f"report-{report}-{lang}-top.png"))
        if report == "prospect":
            page.locator(".report-contents").scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / f"report-prospect-{lang}-summary.png"), full_page=False)

        # the summary is what the first screen shows: its figures (and, where there is something to do, its actions)
        tops = page.evaluate("""() => ['.report-figures', '.report-actions'].map(s => {
            const e = document.querySelector(s); return e ? e.getBoundingClientRect().top : null; })""")
        assert tops[0] is not None and tops[0] < 400, f"the summary's figures start at {tops[0]} px"
        if report != "progress":
            assert tops[1] is not None and tops[1] < 768, f"the actions start below the first screen: {tops[1]} px"
        text = page.evaluate("() => document.body.innerText")
        assert "\\n" not in text, "a literal \\n is shown as text"
        assert not _broken_links(page), f"links to headings that are not on the page: {_broken_links(page)}"
        remote = [u for u in requests if u.startswith(("http://", "https://"))]
        assert not remote, f"the report fetched from the network: {remote[:5]}"
        first_screen = page.evaluate("""() => [...document.querySelectorAll('h1,h2,h3,p,li,td,th,div')]
            .filter(e => e.getBoundingClientRect().top < innerHeight && e.children.length === 0)
            .map(e => e.innerText).join(' ')""")
        if lang == "en":
            assert not CJK.search(first_screen), f"Chinese on the English first screen: {CJK.findall(first_screen)[:10]}"
            return
        chars = "".join(dict.fromkeys(CJK.findall(first_screen)))[:SAMPLE]
        assert len(chars) == SAMPLE, "the Chinese first screen shows too little Chinese to test"
        drawn = _glyph_prints(page, chars)
        assert len(set(drawn)) == len(chars), f"some of {chars} are drawn as the same box (tofu)"

        # control: without the embedded font the same characters are one identical box on this machine
        bare = tmp_path / "without-font.html"
        html = path.read_text(encoding="utf-8")
        bare.write_text(re.sub(r"@font-face\s*\{[^}]*\}", "", html), encoding="utf-8")
        page.goto(bare.as_uri())
        page.evaluate("() => document.fonts.ready")
        assert len(set(_glyph_prints(page, chars))) == 1, "this browser still finds a Chinese font: the test proves nothing"
    finally:
        context.close()
