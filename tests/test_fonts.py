"""Embedded CJK font subsets: only the characters a page shows, as a self-contained @font-face."""

from __future__ import annotations

import base64
import io
import re

import pytest

from course.reports import fonts

PAGE = (
    "<html><head><style>body { font-family: Arial, sans-serif; }</style>"
    "<script>var hidden = '脚本里的字';</script></head>"
    "<body><h1>潜在客户</h1><p>华信&#21150;公 — MAN 12%</p></body></html>"
)


def test_needs_cjk_reads_the_shown_text_only():
    chars = fonts.needs_cjk(PAGE)
    assert set(chars) == set("潜在客户华信办公"), "entities decoded; script and tag text ignored"
    assert fonts.needs_cjk("<p>only ASCII</p>") == ""


def test_subset_draws_exactly_the_characters_asked_for():
    from fontTools.ttLib import TTFont

    data, flavor = fonts.font_subset("潜在客户")
    assert flavor in ("woff", "woff2")
    face = TTFont(io.BytesIO(data))
    cmap = face.getBestCmap()
    assert {chr(c) for c in cmap} >= set("潜在客户")
    assert ord("龍") not in cmap, "characters the page does not use are left out"
    full = fonts.cjk_font_path().stat().st_size
    assert len(data) < full / 100, (
        f"a 4-character subset should be tiny, got {len(data)} of {full} bytes"
    )


def test_embed_adds_one_font_face_and_keeps_the_page_fonts_first():
    out = fonts.embed_cjk_font(PAGE)
    faces = re.findall(r"@font-face \{[^}]*\}", out)
    assert len(faces) == 1 and f'font-family: "{fonts.FAMILY}"' in faces[0]
    encoded = re.search(r"base64,([A-Za-z0-9+/=]+)\)", faces[0]).group(1)
    assert len(base64.b64decode(encoded)) > 1000
    assert 'font-family: "CourseCJK", Arial, sans-serif' in out, (
        "the family heads the page's own stack"
    )
    assert out.index("@font-face") < out.index('body { font-family: "CourseCJK", Arial'), (
        "inserted first in <head>"
    )
    assert fonts.embed_cjk_font(out) == out, "embedding twice changes nothing"
    plain = "<html><head></head><body>No Chinese here</body></html>"
    assert fonts.embed_cjk_font(plain) == plain


def test_fragment_without_head_gets_the_style_in_front():
    out = fonts.embed_cjk_font("<p>你好</p>")
    assert out.startswith("<style>") and out.endswith("<p>你好</p>")


def test_missing_font_names_the_fix(monkeypatch, tmp_path):
    with pytest.raises(FileNotFoundError):
        fonts.font_subset("你", font=tmp_path / "missing.otf")


def test_charset_and_title_stay_at_the_top_of_head():
    # a browser reads the charset from the first 1024 bytes; the hub finds a feedback page by its <title> in the first
    # 2000 characters: the embedded font (tens of kB) goes after both, still before the page's own styles
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>反馈：王丽</title>"
        "<style>body{font-family:sans-serif}</style></head><body><h1>反馈：王丽</h1></body></html>"
    )
    out = fonts.embed_cjk_font(page)
    assert out.index("<meta charset='utf-8'>") < 1024 and out.index("<title>反馈：王丽</title>") < 2000
    assert out.index("<title>") < out.index("@font-face") < out.index('body{font-family:"CourseCJK", sans-serif}')
    no_style = fonts.embed_cjk_font("<html><head><title>你好</title></head><body>你好</body></html>")
    assert no_style.index("</title>") < no_style.index("@font-face") < no_style.index("</head>")


def _outlines(data: bytes, chars: str) -> dict[str, list]:
    """What the font draws for each character (pen operations), and which characters it maps."""
    from fontTools.pens.recordingPen import RecordingPen
    from fontTools.ttLib import TTFont

    face = TTFont(io.BytesIO(data))
    cmap, glyphs = face.getBestCmap(), face.getGlyphSet()
    drawn = {"mapped": sorted(chr(c) for c in cmap if chr(c) in fonts.needs_cjk(f"<p>{chr(c)}</p>"))}
    for ch in chars:
        pen = RecordingPen()
        glyphs[cmap[ord(ch)]].draw(pen)
        drawn[ch] = pen.value
    return drawn


def test_a_page_cut_from_a_narrowed_font_is_the_page_cut_from_the_whole_font():
    """Many pages (the class's feedback pages) are cut from one narrowed font: same glyphs, only the page's own."""
    page, others = "潜在客户，找对人。", "王静李强赵敏孙立客户"
    base = fonts.narrowed(page + others)
    from_base, _ = fonts.font_subset(page, font=base)
    from_whole, _ = fonts.font_subset(page)
    assert _outlines(from_base, "潜在客户，") == _outlines(from_whole, "潜在客户，")
    mapped = set(_outlines(from_base, "")["mapped"])
    assert mapped == set(fonts.needs_cjk(f"<p>{page}</p>")), "the page's characters, not the batch's"
    assert not mapped & set("王静李强赵敏孙立"), "no character of another page travels with this one"
