"""Two slide decks presented from a file, slide by slide, as an instructor would on a classroom PC.

Each deck is built offline (reveal.js vendored from npm), opened from ``file://``, and stepped
through: no request leaves the machine, no script error, every slide has a heading and fits the
1280×720 canvas (reveal's own size; long slides are scaled, never cut). Every slide is
screenshotted: ``tests/artifacts/browser/deck-<lang>-<chapter>-NN.png``.
"""

from __future__ import annotations

import pytest

from course import slides

from .helpers import ARTIFACTS

DECKS = [("en", "01"), ("zh", "07")]
TABLE_PX = 21  # course/slides.py's table size (before any fit-to-canvas zoom); the notebooks' is 13


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("decks")
    written = {}
    for lang, chapter in DECKS:
        [deck] = slides.build_slides(out, chapters=[chapter], langs=[lang], log=lambda *_: None)
        written[(lang, chapter)] = deck
    if not (out / "_static" / "reveal.js" / "dist" / "reveal.js").is_file():
        pytest.skip("npm could not vendor reveal.js here: the decks would need a network")
    return written


@pytest.mark.parametrize(("lang", "chapter"), DECKS, ids=lambda v: str(v))
def test_every_slide_of_a_deck_shows_from_a_file(built, browser, lang, chapter):
    deck = built[(lang, chapter)]
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    remote: list[str] = []
    errors: list[str] = []
    page.on(
        "request",
        lambda r: remote.append(r.url) if r.url.startswith(("http://", "https://")) else None,
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(deck.as_uri())
        page.wait_for_selector(".reveal.ready", timeout=60_000)
        page.evaluate("() => document.fonts.ready")
        total = page.evaluate("() => document.querySelectorAll('.reveal .slides > section').length")
        assert slides.MIN_SLIDES <= total <= slides.MAX_SLIDES
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for number in range(total):
            page.wait_for_timeout(350)  # the fit script has scaled the slide
            state = page.evaluate(
                """() => {
                  const s = document.querySelector('.reveal .slides > section.present');
                  const inner = s.querySelector('section.present') || s;
                  const zoom = parseFloat(inner.style.zoom || '1');
                  // the slide's own tables (a widget's still keeps the notebook's sizes, zoomed as a picture)
                  const sizes = Array.from(inner.querySelectorAll('td, th'))
                    .filter(c => !c.closest('.course-widget-still'))
                    .map(c => parseFloat(getComputedStyle(c).fontSize));
                  // where its content ends on the screen (a slide is centred: tall content can fall off the bottom)
                  const boxes = Array.from(inner.children).map(c => c.getBoundingClientRect()).filter(b => b.height > 0);
                  const bottom = Math.max(...boxes.map(b => b.bottom));
                  return {heading: (inner.querySelector('h1, h2') || {}).innerText || '',
                          height: inner.scrollHeight * zoom, scrolls: inner.style.overflowY === 'auto',
                          bottom: bottom, top: Math.min(...boxes.map(b => b.top)),
                          table: sizes.length ? Math.min(...sizes) : null,
                          still: (() => { const w = inner.querySelector('.course-widget-still');
                                          return w ? w.getBoundingClientRect().height : null; })()};
                }"""
            )
            assert state["heading"].strip(), f"slide {number + 1} of {deck.name} has no heading"
            assert state["height"] <= 720 or state["scrolls"], (
                f"slide {number + 1} of {deck.name} is cut off"
            )
            assert state["top"] >= 0 and state["bottom"] <= 720, (
                f"slide {number + 1} of {deck.name} is drawn from {state['top']:.0f} to {state['bottom']:.0f} px:"
                " off the 720 px screen"
            )
            if state["still"] is not None:  # a demo slide: the widget's still as large as the slide allows
                assert state["still"] >= 0.5 * 720, (
                    f"slide {number + 1} of {deck.name}: the widget's still is {state['still']:.0f} px tall,"
                    " under half the screen: too small to show a class"
                )
            assert state["table"] is None or state["table"] >= TABLE_PX, (
                f"slide {number + 1} of {deck.name}: table text at {state['table']} px, "
                f"a projector needs the deck's {TABLE_PX} px"
            )
            page.screenshot(path=str(ARTIFACTS / f"deck-{lang}-{chapter}-{number + 1:02d}.png"))
            page.keyboard.press("ArrowRight")
        with open(ARTIFACTS / "index.txt", "a", encoding="utf-8") as index:
            index.write(
                f"deck-{lang}-{chapter}-NN.png\titem 4: every slide of {lang}/{deck.name}, opened from a file\n"
            )
        assert not remote, f"the deck fetched from the network: {remote[:5]}"
        assert not errors, f"script errors when opened from a file: {errors}"
    finally:
        context.close()
