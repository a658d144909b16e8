"""Chinese renders without any Chinese font installed: the embedded subset (course.reports.fonts).

Chromium is started with a fontconfig that lists only DejaVu (``FONTCONFIG_FILE``), so the
machine's own CJK fonts are out of reach. A Chinese page then shows the same empty box for
every character — unless the page carries the kit's embedded subset, when every character is
drawn differently. Screenshots: ``fonts-zh-without-embedding.png``, ``fonts-zh-embedded.png``,
``slides-zh-*.png`` (a Chinese deck on the same machine).
"""

from __future__ import annotations

import hashlib
import io

from PIL import Image

from course import slides
from course.reports import fonts

from .helpers import ARTIFACTS, ROOT

WORDS = "潜在客户寻找"
PAGE = """<!doctype html><html><head><meta charset="utf-8">
<style>body {{ font-family: "DejaVu Sans", sans-serif; margin: 24px; }} span.c {{ font-size: 56px; padding: 0 4px; }} .w {{ font-size: 40px; }}
table {{ border-collapse: collapse; font-size: 18px; }} td, th {{ border: 1px solid #999; padding: 4px 10px; text-align: left; }}</style>
</head><body><h1>潜在客户报告 · 华信办公设备</h1>
<p>{chars}</p>
<p><span class="w">潜在客户</span> <b class="w">潜在客户</b></p>
<table><tr><th>章节</th><th>学什么</th></tr><tr><td>第一章</td><td>需求加支付能力；MAN 法则。</td></tr></table>
</body></html>"""


def _page_html() -> str:
    return PAGE.format(chars="".join(f'<span class="c">{c}</span>' for c in WORDS))


def _block_prints(page) -> list[str]:
    return [
        hashlib.sha1(page.locator(sel).first.screenshot()).hexdigest()
        for sel in ("h1", "tr:nth-child(1)", "tr:nth-child(2)")
    ]


def _ink(page, selector: str) -> int:
    """Dark pixels in the screenshot of the first element matching ``selector``."""
    picture = Image.open(io.BytesIO(page.locator(selector).first.screenshot())).convert("L")
    return sum(picture.histogram()[:128])


def _glyph_prints(page) -> list[str]:
    spans = page.locator("span.c")
    return [hashlib.sha1(spans.nth(i).screenshot()).hexdigest() for i in range(spans.count())]


def test_chinese_is_boxes_without_fonts_and_text_with_the_embedded_subset(bare_chromium, tmp_path):
    context = bare_chromium.new_context(viewport={"width": 1000, "height": 420})
    page = context.new_page()
    try:
        plain = tmp_path / "plain.html"
        plain.write_text(_page_html(), encoding="utf-8")
        page.goto(plain.as_uri())
        page.evaluate("() => document.fonts.ready")
        boxes = _glyph_prints(page)
        blocks = _block_prints(page)
        page.screenshot(path=str(ARTIFACTS / "fonts-zh-without-embedding.png"))
        assert len(set(boxes)) == 1, (
            "this browser still finds a Chinese font: the test would prove nothing"
        )

        embedded = tmp_path / "embedded.html"
        embedded.write_text(fonts.embed_cjk_font(_page_html()), encoding="utf-8")
        page.goto(embedded.as_uri())
        page.evaluate("() => document.fonts.ready")
        drawn = _glyph_prints(page)
        page.screenshot(path=str(ARTIFACTS / "fonts-zh-embedded.png"))
        assert len(set(drawn)) == len(WORDS), "each character is drawn as itself"
        # the heading and the table are drawn too, not left as boxes (a bold heading once was)
        for name, before, after in zip(
            ("heading", "header row", "body row"), blocks, _block_prints(page), strict=True
        ):
            assert before != after, f"the {name} still shows boxes with the font embedded"
        assert page.evaluate(f"() => document.fonts.check('16px {fonts.FAMILY}', '{WORDS}')")
        # bold Chinese is drawn bold (the embedded face is regular only: the browser emboldens it)
        regular, bold = _ink(page, "span.w"), _ink(page, "b.w")
        assert regular > 0, "the regular sample drew nothing"
        assert bold > regular * 1.15, (
            f"bold Chinese has {bold} dark pixels against {regular} regular: drawn at regular weight"
        )
    finally:
        context.close()


def test_a_chinese_slide_deck_reads_on_a_machine_without_chinese_fonts(bare_chromium, tmp_path):
    out = tmp_path / "slides"
    [deck] = slides.build_slides(
        out, chapters=["01"], langs=["zh"], offline=True, log=lambda *_: None
    )
    html = deck.read_text(encoding="utf-8")
    assert "data:font/woff" in html and 'type="module"' not in html
    context = bare_chromium.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    failed: list[str] = []
    page.on("pageerror", lambda e: failed.append(str(e)))
    try:
        page.goto(deck.as_uri())
        page.wait_for_selector(
            ".reveal.ready", timeout=60_000
        )  # reveal.js initialised (loaded by require.js)
        page.evaluate("() => document.fonts.ready")
        total = page.evaluate("() => document.querySelectorAll('.reveal .slides > section').length")
        assert slides.MIN_SLIDES <= total <= slides.MAX_SLIDES
        page.wait_for_timeout(500)
        page.screenshot(path=str(ARTIFACTS / "slides-zh-01-title-no-system-cjk.png"))
        for _ in range(2):
            page.keyboard.press("ArrowRight")
        page.wait_for_timeout(600)
        page.screenshot(path=str(ARTIFACTS / "slides-zh-01-section-no-system-cjk.png"))
        assert page.evaluate(f"() => document.fonts.check('21px {fonts.FAMILY}', '潜在客户')")
        remote = [u for u in requests if u.startswith(("http://", "https://"))]
        assert not remote, f"the deck fetched from the network: {remote[:5]}"
        assert not failed, f"script errors when opened from a file: {failed}"
    finally:
        context.close()
    assert (ROOT / "notebooks" / "lessons" / "01-prospects.zh.md").is_file()
