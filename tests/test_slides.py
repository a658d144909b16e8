"""Slides: metadata as designed, setup cells skipped, code hidden, every edition converts."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from course import slides
from course.authoring import repo_root

v4 = nbformat.v4
EDITIONS = sorted((repo_root() / "notebooks").glob("[a-z][a-z]/[0-9][0-9]-*.ipynb"))


def _types(nb):
    return [c.metadata["slideshow"]["slide_type"] for c in nb.cells]


def _output(text="x"):
    return v4.new_output("execute_result", data={"text/plain": text}, execution_count=1)


def _made_up():
    code = v4.new_code_cell
    return v4.new_notebook(
        cells=[
            v4.new_markdown_cell(
                "# Chapter 9 — Title\n\nIntro.\n\n**Learning goals.** You can\n\n1. one"
            ),
            code('LANG = "en"', metadata={"tags": ["parameters"]}),
            code("import course\nleads = course.data.load('b2b_leads')", outputs=[_output("3000")]),
            v4.new_markdown_cell("## 1. A section\n\nLead-in."),
            v4.new_markdown_cell("More words right after."),
            code("table()", outputs=[_output()]),
            v4.new_markdown_cell("Commentary after a table."),
            v4.new_markdown_cell("### A detail"),
            code("x = 1"),  # no output
            code("plot()", outputs=[_output()], metadata={"tags": ["slides-show-input"]}),
            code(
                "Widget()",
                outputs=[
                    v4.new_output(
                        "display_data",
                        data={
                            slides.WIDGET_MIME: {
                                "model_id": "abc",
                                "version_major": 2,
                                "version_minor": 0,
                            },
                            "text/plain": "VBox()",
                        },
                    )
                ],
                metadata={"tags": ["nbval-ignore-output"]},
            ),
        ]
    )


def test_slide_types_follow_the_design():
    nb = slides.add_slide_metadata(_made_up())
    assert _types(nb) == [
        "slide",
        "skip",
        "skip",
        "slide",
        "fragment",
        "subslide",
        "subslide",
        "subslide",
        "skip",
        "subslide",
        "subslide",
    ]


def test_code_is_hidden_unless_asked_and_tags_are_kept():
    nb = slides.add_slide_metadata(_made_up())
    tags = {i: c.metadata.get("tags", []) for i, c in enumerate(nb.cells) if c.cell_type == "code"}
    assert slides.HIDE_INPUT_TAG in tags[5] and slides.HIDE_INPUT_TAG in tags[10]
    assert slides.HIDE_INPUT_TAG not in tags[9], "slides-show-input keeps the code on the slide"
    assert "nbval-ignore-output" in tags[10] and "parameters" in tags[1]
    assert all(c.metadata.get("tags", []) == [] for c in nb.cells if c.cell_type == "markdown")


def test_add_slide_metadata_is_idempotent_and_changes_metadata_only():
    original = _made_up()
    once = slides.add_slide_metadata(_made_up())
    twice = slides.add_slide_metadata(slides.add_slide_metadata(_made_up()))
    assert _types(once) == _types(twice)
    assert [c.metadata.get("tags") for c in once.cells] == [
        c.metadata.get("tags") for c in twice.cells
    ]
    assert [c.source for c in once.cells] == [c.source for c in original.cells]
    assert [c.get("outputs") for c in once.cells] == [c.get("outputs") for c in original.cells]


def test_deck_splits_long_markdown_and_replaces_live_widgets():
    nb = _made_up()
    deck = slides.deck_notebook(nb, lang="zh", stem="09-demo")
    sources = [c.source for c in deck.cells if c.cell_type == "markdown"]
    assert sources[0] == "# Chapter 9 — Title\n\nIntro."
    assert sources[1].startswith("**Learning goals.**")
    assert _types(deck)[:2] == ["slide", "subslide"]
    card = deck.cells[-1].outputs[0]["data"]
    assert (
        slides.WIDGET_MIME not in card
        and "现场演示" in card["text/html"]
        and "Widget" in card["text/html"]
    )
    assert "notebooks/zh/09-demo.ipynb" in card["text/html"]
    assert slides.WIDGET_MIME in nb.cells[-1].outputs[0]["data"], (
        "the input notebook is not changed"
    )
    assert len({c["id"] for c in deck.cells}) == len(deck.cells)
    nbformat.validate(deck)


@pytest.mark.parametrize("path", EDITIONS, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_committed_editions_get_sensible_slides(path):
    nb = slides.add_slide_metadata(nbformat.read(path, as_version=4))
    kinds = _types(nb)
    assert kinds[0] == "slide", "the title opens the deck"
    for cell, kind in zip(nb.cells, kinds, strict=True):
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "code" and (
            "parameters" in tags or re.search(r"^\s*(import|from)\s", cell.source, re.M)
        ):
            assert kind == "skip", f"setup cell shown on a slide: {cell.source[:60]!r}"
        if cell.cell_type == "code" and kind != "skip":
            assert cell.get("outputs"), "only cells with something to show get a slide"
            assert slides.HIDE_INPUT_TAG in tags
        if cell.cell_type == "markdown" and re.match(r"#{1,2}\s", cell.source):
            assert kind == "slide"
    shown = sum(k != "skip" for k in kinds)
    assert shown >= len(nb.cells) * 0.6, "most of the chapter is on slides"


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    written = slides.build_slides(out, offline=False, log=lambda *_: None)
    return out, written


def test_every_edition_converts_to_a_deck(decks):
    out, written = decks
    expected = {(p.parent.name, p.stem) for p in EDITIONS}
    assert {(p.parent.name, p.name.removesuffix(".slides.html")) for p in written} == expected
    for deck in written:
        html = deck.read_text(encoding="utf-8")
        assert html.count("<section") >= 10, deck
        assert "from course import" not in html and "course.set_language" not in html, (
            f"code on a slide: {deck}"
        )
        assert "jp-InputPrompt" not in html or "In&nbsp;[" not in html
        assert "application/vnd.jupyter.widget-view+json" not in html, (
            "live widgets become presenter cards"
        )
        assert "course-live-card" in html or "Widget" not in html


def test_zh_decks_are_chinese(decks):
    _, written = decks
    for deck in (p for p in written if p.parent.name == "zh"):
        html = deck.read_text(encoding="utf-8")
        assert 'LANG = "en"' not in html
        assert len(re.findall(r"[\u4e00-\u9fff]", html)) > 300, f"{deck} hardly has Chinese"


def test_offline_decks_use_only_vendored_files(tmp_path, monkeypatch):
    modules = tmp_path / "node_modules"  # a hand-made stand-in for the npm install
    for rel in (
        "reveal.js/dist/reveal.js",
        "reveal.js/dist/reveal.css",
        "reveal.js/dist/theme/white.css",
        "reveal.js/plugin/notes/notes.js",
        "requirejs/require.js",
        "jquery/dist/jquery.min.js",
    ):
        (modules / rel).parent.mkdir(parents=True, exist_ok=True)
        (modules / rel).write_text("/* stub */", encoding="utf-8")
    monkeypatch.setattr(slides, "ensure_reveal", lambda log=print: modules)
    out = tmp_path / "slides"
    [deck] = slides.build_slides(out, chapters=["01"], langs=["en"], log=lambda *_: None)
    html = deck.read_text(encoding="utf-8")
    for rel in ("_static/reveal.js/dist/reveal.js", "_static/require.js", "_static/jquery.min.js"):
        assert (out / rel).is_file()
        assert f"../{rel}" in html
    assert not re.search(r"""(src|href)=["']https?://""", html), "no CDN when vendored"
    assert "cdnjs.cloudflare.com" not in html and "unpkg.com" not in html
    assert Path(out / "_static" / "mermaid-stub.mjs").is_file()
