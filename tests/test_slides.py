"""Slides: metadata as designed, setup cells skipped, code hidden, every edition converts."""

from __future__ import annotations

import re

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


def test_deck_has_a_title_goals_sections_visuals_with_their_sentence_and_a_demo_card():
    nb = _made_up()
    deck = slides.deck_notebook(nb, lang="zh", stem="09-demo")
    heads = [c.source for c in deck.cells if c.cell_type == "markdown" and _types_of(c) == "slide"]
    assert heads[0] == "# Chapter 9 — Title\n\nIntro."
    assert heads[1].startswith("## Learning goals") and "1. one" in heads[1]
    assert heads[2].startswith("## 1. A section\n\nLead-in."), (
        "a section slide holds its first idea"
    )
    shown = [c for c in deck.cells if c.cell_type == "code"]
    assert all(c.source == "" and slides.HIDE_INPUT_TAG in c.metadata["tags"] for c in shown), (
        "no code on a slide"
    )
    card = shown[-1].outputs[-1]["data"]["text/html"]
    assert "现场演示" in card and "Widget" in card and "notebooks/zh/09-demo.ipynb" in card
    assert all(slides.WIDGET_MIME not in o.get("data", {}) for c in shown for o in c.outputs)
    assert not any(o.get("data", {}).keys() == {"text/plain"} for c in shown for o in c.outputs), (
        "no raw values"
    )
    assert slides.WIDGET_MIME in nb.cells[-1].outputs[0]["data"], (
        "the input notebook is not changed"
    )
    assert len({c["id"] for c in deck.cells}) == len(deck.cells)
    nbformat.validate(deck)


def _types_of(cell):
    return cell.metadata["slideshow"]["slide_type"]


def test_one_idea_keeps_the_first_sentences_without_code():
    text = "`man_classify` applies the table. Leads with all three letters convert best. Others lag. Fourth."
    assert slides.one_idea(text) == "Leads with all three letters convert best. Others lag."
    assert slides.one_idea("Open `workbook/en/01-prospects.ipynb`: ten exercises.") == (
        "Open workbook/en/01-prospects.ipynb: ten exercises."
    )
    assert slides.one_idea("第一句。第二句。第三句。") == "第一句。第二句。"


PLAN = """# Lesson plan — Chapter 9

**Before class.** Run the notebook once
so the widgets are live.

## Outline (90 minutes)

| Minutes | Activity | Materials |
|---|---|---|
| 0–5 | Hook question. | slide 1 |
| 5–20 | The table of things. | section 1 |
| 20–30 | Pair work. | cards |
| 30–40 | **Demo widget** live. | section 2 |
| 40–50 | Both tables side by side. | 第 1–2 节 |
| 85–90 | Recap and homework. | recap |

## What to demonstrate and what to ask

- **`Widget`.** Move the slider
  and ask why.
- **The section 2 table.** Ask which row matters.

## Discussion questions

- not a demo item
"""


def test_lesson_notes_read_the_outline_and_the_demo_items():
    notes = slides.lesson_notes(PLAN)
    assert notes["before"] == ["**Before class.** Run the notebook once so the widgets are live."]
    assert [(m, t) for m, _, t in notes["outline"]] == [
        ("0–5", "title"),
        ("5–20", [1]),
        ("20–30", [1]),
        ("30–40", [2]),
        ("40–50", [1, 2]),
        ("85–90", "recap"),
    ]
    texts = [t for t, _, _ in notes["demo"]]
    assert texts == [
        "**`Widget`.** Move the slider and ask why.",
        "**The section 2 table.** Ask which row matters.",
    ]
    assert notes["demo"][0][1] == ["Widget"] and notes["demo"][1][2] == 2


def test_notes_land_on_the_slide_they_are_about():
    nb = _made_up()
    nb.cells.insert(-1, v4.new_markdown_cell("## 2. Second\n\nMore."))
    deck = slides.attach_notes(slides.plan_deck(nb, "en", "09-demo"), PLAN, "en")
    by_heading = {}
    for slide in deck:
        by_heading.setdefault(slide.heading, []).append(slide)
    title = deck[0]
    assert any("Before class" in n for n in title.notes) and any(
        "Hook question" in n for n in title.notes
    )
    section1 = by_heading["1. A section"][0]
    assert any("The table of things" in n for n in section1.notes) and any(
        "Pair work" in n for n in section1.notes
    )
    section2 = by_heading["2. Second"][0]
    assert all(any("Both tables side by side" in n for n in s.notes) for s in (section1, section2))
    demo = next(s for s in deck if "course-live-card" in str(s.outputs))
    assert any("Move the slider" in n for n in demo.notes), (
        "the item naming Widget sits on the widget's slide"
    )


@pytest.mark.parametrize("path", EDITIONS, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_committed_editions_make_a_deck_worth_presenting(path):
    lang = path.parent.name
    nb = nbformat.read(path, as_version=4)
    plan = (repo_root() / "notebooks" / "lessons" / f"{path.stem}.{lang}.md").read_text(
        encoding="utf-8"
    )
    deck = slides.attach_notes(slides.plan_deck(nb, lang, path.stem), plan, lang)
    assert slides.MIN_SLIDES <= len(deck) <= slides.MAX_SLIDES, f"{len(deck)} slides"
    assert deck[0].kind == "title" and deck[-1].kind == "recap"
    for slide in deck:
        assert slide.heading.strip(), "every slide has a heading"
        assert "`" not in slide.body, f"code on the slide {slide.heading!r}: {slide.body!r}"
        if slide.kind == "visual":
            assert slide.body, f"a visual without the sentence that explains it: {slide.heading!r}"
        for out in slide.outputs:
            html = out.get("data", {}).get("text/html", "")
            # a widget's still keeps its own scrolling box
            assert (
                "course-widget-still" in html or html.count("<tr") <= slides.MAX_TABLE_ROWS + 2
            ), "a table too long for a projector"
    assert sum(bool(s.notes) for s in deck) >= len([s for s in deck if s.kind == "section"]), (
        "every section's slide carries the lesson plan's notes"
    )
    widgets = [
        c
        for c in nb.cells
        if any(slides.WIDGET_MIME in o.get("data", {}) for o in c.get("outputs", []))
    ]
    assert len(
        [s for s in deck if s.kind == "demo" or "course-live-card" in str(s.outputs)]
    ) == len(widgets), "every widget of the chapter gets a live-demo slide"


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
        # nbconvert nests each slide: <section><section>…</section></section>
        assert slides.MIN_SLIDES <= html.count("<section") // 2 <= slides.MAX_SLIDES, deck
        assert '<aside class="notes">' in html, "speaker notes from the lesson plan"
        assert 'type="module"' not in html, (
            "a module script is blocked when the deck is opened from a file"
        )
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
        assert "@font-face" in html and "data:font/woff" in html, (
            "the Chinese characters are embedded as a font"
        )


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
    assert "theme/white.css" in html, (
        "reveal's white theme: its fonts are local files (simple imports web fonts)"
    )
    assert 'type="module"' not in html
