"""Slide decks from the course notebooks (幻灯片).

An instructor presents a chapter as a reveal.js deck of 15–25 slides built from the executed
course notebook (``notebooks/<lang>/NN-slug.ipynb``) and its lesson plan
(``notebooks/lessons/NN-slug.<lang>.md``). The deck is read from the notebook's *structure*
— headings, paragraphs, the outputs of its code cells — never from text written here, so it
follows the notebook as the chapter is rewritten:

1. :func:`plan_deck` makes the slides: a title slide (the H1 and its first sentences), the
   learning goals, then for each ``## N. …`` section a slide with its first idea and the
   section's best visuals (a widget's still with a "live demo" card, then plots, then tables
   of at most 12 rows), each under the sentence that introduces it; the exercises and the
   recap close the deck. Code, raw Python values (``text/plain``-only outputs) and long
   tables stay in the notebook.
2. :func:`attach_notes` adds speaker notes from the lesson plan: each row of its outline goes
   on the slide of the section it names, each "what to demonstrate and ask" item on the slide
   showing the code it names (press ``S`` in the deck for the speaker view).
3. :func:`build_slides` renders the decks with nbconvert into
   ``build/slides/<lang>/NN-slug.slides.html``.

Offline: reveal.js, require.js and jQuery are installed once from the npm registry into
``build/reveal.js/`` (``npm`` must be on ``PATH``) and copied into ``<out_dir>/_static/``; the
theme is reveal's ``white`` (its fonts are local files; nbconvert's default theme imports web
fonts); nbconvert's mermaid ``<script type="module">`` — blocked when a page is opened from
``file://`` — is removed; the Chinese characters a deck uses are embedded as a font subset
(:mod:`course.reports.fonts`). Copy the whole ``build/slides/`` folder to the classroom PC.
Without ``npm`` the decks fall back to the CDN and a warning says so.

:func:`add_slide_metadata` also gives the committed notebooks ``slideshow`` metadata (a
plain ``nbconvert --to slides`` of a notebook then hides setup code and skips empty cells).

>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"),
...                                      nbformat.v4.new_code_cell("import course")])
>>> _ = add_slide_metadata(nb)
>>> [c.metadata.slideshow.slide_type for c in nb.cells]
['slide', 'skip']
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

__all__ = [
    "Slide",
    "add_slide_metadata",
    "attach_notes",
    "build_slides",
    "deck_notebook",
    "ensure_reveal",
    "lesson_notes",
    "one_idea",
    "plan_deck",
    "slide_type",
]

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
FRAGMENT_CHARS = 600
HIDE_INPUT_TAG = "remove_input"
SHOW_INPUT_TAG = "slides-show-input"
NPM_PACKAGES = ("reveal.js@4", "requirejs@2", "jquery@3")
_IMPORT = re.compile(r"^\s*(import\s+\w|from\s+[\w.]+\s+import\s)", re.MULTILINE)
_HEADING = re.compile(r"^(#{1,6})\s")
_GOALS = re.compile(r"^\*\*(Learning goals|学习目标)")

# the presenter's card for a live widget (instructor-facing, so kept here in both languages)
_LIVE_CARD = {
    "en": (
        "Live demo",
        "Switch to JupyterLab and use <code>{name}</code> in <code>notebooks/en/{stem}.ipynb</code>.",
    ),
    "zh": (
        "现场演示",
        "请切换到 JupyterLab，在 <code>notebooks/zh/{stem}.ipynb</code> 中操作 <code>{name}</code>。",
    ),
}

# projector-friendly sizes: 16:9 canvas, plots as large as the slide allows, tables readable
_DECK_CSS = """
<style type="text/css">
.reveal, .reveal h1, .reveal h2, .reveal h3, .reveal p, .reveal li, .reveal td, .reveal th, .reveal code,
.reveal .jp-RenderedHTMLCommon { font-family: "CourseCJK", "Helvetica Neue", Helvetica, Arial, "DejaVu Sans", sans-serif; }
.reveal .slides section { text-align: left; }
.reveal h1, .reveal h2, .reveal h3 { text-transform: none; }
.reveal .jp-RenderedImage img { width: 100%; max-width: 1180px; height: 600px; object-fit: contain;
                                display: block; margin: 0 auto; }
.reveal table:not(.course-widget-still table) { font-size: 21px !important; margin: 0; }  /* over the house style's inline 13px (course.tables) */
.reveal .jp-RenderedHTMLCommon table { table-layout: auto; }
.reveal .jp-RenderedHTMLCommon td, .reveal .jp-RenderedHTMLCommon th { padding: 5px 10px; text-align: left; }
.reveal .jp-RenderedHTMLCommon tbody th { white-space: nowrap; }
.reveal .jp-RenderedHTMLCommon tr > :first-child { min-width: 4.5em; }
.reveal .jp-RenderedHTMLCommon h1 { font-size: 52px; }
.reveal .jp-RenderedHTMLCommon h2 { font-size: 42px; }
.reveal .jp-RenderedHTMLCommon h3 { font-size: 34px; }
.reveal .jp-RenderedHTMLCommon p, .reveal .jp-RenderedHTMLCommon li { font-size: 26px; line-height: 1.45; }
.reveal .jp-OutputPrompt, .reveal .jp-InputPrompt { display: none; }
.course-live-card { display: inline-block; max-width: calc(100% - 110px);  /* clear of reveal's arrows */
                    border: 3px dashed #1f77b4; border-radius: 12px; padding: 12px 24px; margin: 16px 0 0;
                    font-size: 24px; background: #f3f8fc; }
.course-live-card strong { font-size: 28px; margin-right: 14px; color: #1f77b4; }
</style>
"""


# once the CJK font has arrived, lay the page out again (Chrome keeps fallback boxes in table cells otherwise)
_RELAYOUT = """<script>
(function () {
  // a slide taller than the 1280x720 canvas (a long reference table) is scaled down to fit,
  // to at most half size; beyond that it scrolls
  function fit() {
    var deck = document.querySelector(".reveal .slides");
    if (!deck) return;
    var slide = deck.querySelector("section.present section.present") || deck.querySelector(":scope > section.present");
    if (!slide) return;
    slide.style.zoom = ""; slide.style.overflowY = ""; slide.style.maxHeight = "";
    var room = 690, zoom = 1;
    // a widget's still is drawn at the notebook's size (about 500 px wide): on a demo slide it is
    // enlarged to the room the slide leaves, up to twice its size, so the class can read it
    var still = slide.querySelector(".course-widget-still");
    if (still) {
      still.style.zoom = "";
      var across = slide.getBoundingClientRect(), right = across.left + 1;
      // how far right something is drawn: text (not the full-width boxes holding it), pictures, controls
      var walker = document.createTreeWalker(still, NodeFilter.SHOW_TEXT), range = document.createRange(), text;
      while ((text = walker.nextNode())) {
        if (!text.nodeValue.trim()) continue;
        range.selectNodeContents(text); right = Math.max(right, range.getBoundingClientRect().right);
      }
      still.querySelectorAll("img, svg, canvas, input, select, button, textarea, table").forEach(function (el) {
        right = Math.max(right, el.getBoundingClientRect().right);
      });
      // as wide as the slide allows, then smaller until the slide fits its height (text reflows)
      var grow = Math.floor(Math.min(2, across.width / (right - across.left)) * 20) / 20;
      for (; grow > 1; grow = Math.round((grow - 0.05) * 100) / 100) {
        still.style.zoom = grow;
        if (slide.scrollHeight <= room) break;
      }
      if (grow <= 1) still.style.zoom = "";
    }
    while (slide.scrollHeight * zoom > room && zoom > 0.5) {  // re-measure: text reflows as it shrinks
      zoom = Math.round((zoom - 0.05) * 100) / 100;
      slide.style.zoom = zoom;
    }
    if (slide.scrollHeight * zoom > room) { slide.style.overflowY = "auto"; slide.style.maxHeight = (room / zoom) + "px"; }
    if (still || zoom < 1) window.dispatchEvent(new Event("resize"));  // reveal centres the slide again
  }
  var wrapper = document.querySelector(".reveal");
  ["ready", "slidechanged"].forEach(function (name) { wrapper.addEventListener(name, fit); });
  // once the CJK font has arrived, lay the page out again (Chrome keeps fallback boxes in table cells otherwise)
  if (document.fonts) { document.fonts.load("21px CourseCJK", "汉字").then(function () {
    document.body.style.display = "none"; void document.body.offsetHeight; document.body.style.display = ""; fit();
  }); }
})();
</script>
"""


def _is_setup(cell: nbformat.NotebookNode) -> bool:
    return cell.cell_type == "code" and bool(_IMPORT.search(cell.source))


def _has_widget(cell: nbformat.NotebookNode) -> bool:
    return any(WIDGET_MIME in out.get("data", {}) for out in cell.get("outputs", []))


def slide_type(
    cell: nbformat.NotebookNode, previous: str | None = None, previous_chars: int = 0
) -> str:
    """The slide type of one cell, given the kind of the last *shown* cell before it.

    Parameters
    ----------
    cell : NotebookNode
        A markdown or code cell of an edition notebook (executed or not).
    previous : {"markdown", "code", None}
        What the last cell shown on a slide was (``None`` at the start).
    previous_chars : int
        How much text that slide already holds: a markdown cell joins it as a fragment
        only while the two stay short (about 600 characters).

    Returns
    -------
    str
        ``"slide"``, ``"subslide"``, ``"fragment"`` or ``"skip"``.

    Examples
    --------
    >>> import nbformat
    >>> slide_type(nbformat.v4.new_markdown_cell("## 2. Why"))
    'slide'
    >>> slide_type(nbformat.v4.new_markdown_cell("More text."), previous="markdown")
    'fragment'
    """
    if cell.cell_type == "markdown":
        match = _HEADING.match(cell.source.lstrip())
        if match:
            return "slide" if len(match.group(1)) <= 2 else "subslide"
        if _GOALS.match(cell.source.lstrip()):
            return "subslide"
        if previous == "markdown" and previous_chars + len(cell.source) <= FRAGMENT_CHARS:
            return "fragment"
        return "subslide"
    if cell.cell_type != "code":
        return "skip"
    tags = cell.metadata.get("tags", [])
    if "parameters" in tags or _is_setup(cell) or not cell.get("outputs"):
        return "skip"
    return "subslide"


def add_slide_metadata(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Set ``metadata.slideshow.slide_type`` on every cell and hide code on slides (in place).

    Parameters
    ----------
    nb : NotebookNode
        An edition notebook (``notebooks/<lang>/NN-slug.ipynb``), ideally executed:
        a code cell without outputs is skipped.

    Returns
    -------
    NotebookNode
        The same notebook, for chaining. Running it twice gives the same result.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("## A section")])
    >>> add_slide_metadata(nb).cells[0].metadata["slideshow"]["slide_type"]
    'slide'
    """
    previous: str | None = None
    chars = 0
    for cell in nb.cells:
        kind = slide_type(cell, previous, chars)
        cell.metadata["slideshow"] = {"slide_type": kind}
        if cell.cell_type == "code":
            tags = [t for t in cell.metadata.get("tags", []) if t != HIDE_INPUT_TAG]
            if SHOW_INPUT_TAG not in tags:
                tags.append(HIDE_INPUT_TAG)
            cell.metadata["tags"] = tags
        if kind != "skip":
            chars = chars + len(cell.source) if kind == "fragment" else len(cell.source)
            previous = cell.cell_type
    return nb


# ----------------------------------------------------------------------------- the deck
MIN_SLIDES, MAX_SLIDES = 15, 25
MAX_TABLE_ROWS = 12  # a taller table does not read on a projector; the notebook has it
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"(])|(?<=[。！？])")
_CODE_SPAN = re.compile(r"`[^`]+`")
_SECTION_NO = re.compile(r"^(\d+)\.\s")


@dataclass
class Slide:
    """One slide of a deck: a heading, one idea, optionally one visual, and speaker notes."""

    heading: str
    body: str = ""
    kind: str = "section"  # title, goals, section, visual, demo, exercises, recap
    section: int | None = None  # the notebook section ("## 3. …") it belongs to
    outputs: list = field(default_factory=list)  # what the slide shows under the text
    source: str = ""  # the code behind the visual (to match the lesson plan's notes)
    notes: list[str] = field(default_factory=list)


def _blocks(text: str) -> list[str]:
    """Markdown paragraphs (a list stays one block with the line that introduces it)."""
    blocks, current = [], []
    for line in text.splitlines():
        if not line.strip():
            if current:
                blocks.append("\n".join(current).strip())
                current = []
            continue
        if _HEADING.match(line) and current:
            blocks.append("\n".join(current).strip())
            current = []
        current.append(line)
    if current:
        blocks.append("\n".join(current).strip())
    return blocks


def _plain_list(block: str) -> str:
    """A Markdown list for a slide: `MAN`-like values and paths unquoted, items naming code dropped."""
    items: list[list[str]] = []
    for line in block.splitlines():
        if re.match(r"^\s*([-*]|\d+\.)\s", line) or not items:
            items.append([line])
        else:
            items[-1].append(line)
    kept = []
    for item in items:
        text = re.sub(r"`([^`\s]*/[^`\s]*|[A-Za-z]+)`", r"\1", "\n".join(item))
        if "`" not in text:
            kept.append(text)
    return "\n".join(kept)


def _is_list(block: str) -> bool:
    return bool(re.match(r"^\s*([-*]|\d+\.)\s", block))


def one_idea(text: str, sentences: int = 2, limit: int = 320) -> str:
    """The first sentences of a paragraph, without inline code (a slide shows no code).

    >>> one_idea("`man_classify` does it. Leads with all three convert best. The rest lag.")
    'Leads with all three convert best. The rest lag.'
    """
    parts = _sentences(text)
    clean = [p for p in parts if not _CODE_SPAN.search(p)]
    if not clean:  # every sentence names code: keep the words around it
        clean = [re.sub(r"\s{2,}", " ", _CODE_SPAN.sub("", p)).strip(" ,;:") for p in parts]
    out = ""
    for part in clean[:sentences]:
        joined = (
            (out + (" " if out and not re.search(r"[。！？]$", out) else "") + part)
            if out
            else part
        )
        if out and len(joined) > limit:
            break
        out = joined
    return out


def _is_cjk(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef"


def _sentences(text_in: str) -> list[str]:
    """Sentences of a paragraph; a file path or a one-word value (`man`) in backticks is plain text."""
    text = ""
    for line in (x.strip() for x in text_in.splitlines()):
        # Chinese wraps without spaces: join two CJK lines directly
        cjk = text and line and _is_cjk(text[-1]) and _is_cjk(line[0])
        text += line if (cjk or not text) else " " + line
    text = re.sub(r"`([^`\s]*/[^`\s]*|[A-Za-z]+)`", r"\1", text)
    return [p.strip() for p in _SENTENCE.split(text) if p.strip()]


def _outputs_kind(cell: nbformat.NotebookNode) -> tuple[str, list] | None:
    """What a code cell can put on a slide: ``("demo"|"plot"|"table", outputs)``, or ``None``."""
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        if WIDGET_MIME in data:
            still = data.get("text/html")
            return "demo", ([_html_output(still)] if still else [])
    for out in cell.get("outputs", []):
        if "image/png" in out.get("data", {}):
            return "plot", [
                nbformat.v4.new_output("display_data", data={"image/png": out["data"]["image/png"]})
            ]
    for out in cell.get("outputs", []):
        html = out.get("data", {}).get("text/html")
        if html:
            html = "".join(html) if isinstance(html, list) else html
            rows = html.count("<tr")
            if "<table" in html and 2 <= rows <= MAX_TABLE_ROWS + 2 and len(html) < 12_000:
                return "table", [_html_output(html)]
    return None  # text/plain only (a raw Python value), a long table, or nothing to show


def _html_output(html: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("display_data", data={"text/html": html})


_PRIORITY = {"demo": 0, "plot": 1, "table": 2}


def plan_deck(nb: nbformat.NotebookNode, lang: str = "en", stem: str = "") -> list[Slide]:
    """Read an executed edition notebook into 15–25 slides (fewer only for a short notebook).

    From the structure, not from any fixed text: the H1 and its first sentences make the
    title slide; the learning goals one slide; each ``## N. …`` section a slide with its
    first idea; then the section's best visuals — a live widget's still with a demo card,
    then plots, then tables of at most 12 rows — each with the sentence that introduces it
    (or, when none comes before, the one right after it). A visual introduced by the section's
    own first paragraph shares the section's slide. The exercises and the recap close the
    deck. Raw values (``text/plain`` only), code and long tables stay in the notebook.
    """
    slides: list[Slide] = []
    candidates: list[dict] = []
    heading, subheading, section = "", "", None
    last_text, last_is_intro = "", False
    waiting: dict | None = None  # a visual with no sentence before it takes the next one
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for block in _blocks(cell.source):
                match = _HEADING.match(block)
                if match:
                    level, title = len(match.group(1)), block[match.end() :].strip()
                    if level == 1:
                        slides.append(Slide(title, kind="title"))
                    elif level == 2:
                        heading, subheading = title, ""
                        number = _SECTION_NO.match(title)
                        section = int(number.group(1)) if number else None
                        kind = (
                            "section"
                            if number
                            else ("recap" if slides and _is_recap(title) else "exercises")
                        )
                        slides.append(Slide(title, kind=kind, section=section))
                    else:
                        subheading = title
                    last_text, last_is_intro, waiting = "", False, None
                    continue
                if _GOALS.match(block):
                    goals = block.split("\n", 1)
                    title = re.sub(r"[*.。：:]", "", goals[0].split("**")[1]).strip()
                    slides.append(
                        Slide(title, body=goals[1].strip() if len(goals) > 1 else "", kind="goals")
                    )
                    continue
                current = slides[-1] if slides else None
                intro = False
                if (
                    current is not None
                    and not current.body
                    and current.kind in ("title", "section", "exercises")
                ):
                    current.body = one_idea(block, 2 if current.kind != "title" else 3)
                    intro = current.kind == "section"
                elif (
                    current is not None
                    and current.kind == "goals"
                    and _is_list(block)
                    and not current.body
                ):
                    current.body = _plain_list(block)
                elif current is not None and current.kind == "recap" and _is_list(block):
                    current.body = (current.body + "\n" + _plain_list(block)).strip()
                elif (
                    current is not None
                    and current.kind == "section"
                    and _is_list(block)
                    and re.search(r"[:：]$", current.body)
                    and current.body.count("\n") == 0
                ):
                    # "ask three questions:" — the list it announces belongs on the same slide
                    current.body += "\n\n" + _plain_list(block)
                if _is_list(block):
                    continue
                if (
                    waiting is not None and intro
                ):  # the section's first words explain it: share the slide
                    waiting["intro"], waiting["priority"], waiting = True, -1, None
                if waiting is not None and not intro:
                    # the sentence after a visual with none before it; the rest may introduce the next
                    parts = _sentences(block)
                    waiting["explain"] = one_idea(parts[0] if parts else block, 1)
                    waiting = None
                    last_text, last_is_intro = " ".join(parts[1:]), False
                    continue
                last_text, last_is_intro = block, intro
            continue
        if cell.cell_type != "code" or section is None:
            continue
        found = _outputs_kind(cell)
        if found is None:
            continue
        kind, outputs = found
        if kind == "demo":
            outputs = outputs + _live_card(cell, lang, stem)
        item = {
            "slide": Slide(
                subheading or heading,
                kind="demo" if kind == "demo" else "visual",
                section=section,
                outputs=outputs,
                source=cell.source,
            ),
            # a visual the section's opening sentence announces ("…three places:") shares its slide first
            "priority": -1 if last_is_intro and not subheading else _PRIORITY[kind],
            "order": len(candidates),
            "explain": one_idea(last_text) if last_text else "",
            "intro": last_is_intro and not subheading,
        }
        candidates.append(item)
        waiting = item if not item["explain"] and not item["intro"] else None
        last_text, last_is_intro = "", False
    deck = _fit(slides, candidates)
    for slide in deck:  # a sentence announcing something the slide does not show ends as a sentence
        if not slide.outputs and re.search(r"[:：]$", slide.body) and "\n" not in slide.body:
            slide.body = slide.body[:-1] + ("。" if slide.body.endswith("：") else ".")
    return deck


def _is_recap(title: str) -> bool:
    return bool(re.search(r"recap|summary|小结|总结|回顾", title, re.IGNORECASE))


def _fit(slides: list[Slide], candidates: list[dict]) -> list[Slide]:
    """Keep the best visuals so the deck has 15–25 slides, then put them in notebook order.

    Every section gets its best visual first, then a second, …; a visual that shares its
    section's slide costs no slide. Beyond two per section only while the deck is short.
    """
    by_section: dict[int, list[dict]] = {}
    for item in candidates:
        by_section.setdefault(item["slide"].section, []).append(item)
    for items in by_section.values():
        items.sort(key=lambda x: (x["priority"], x["order"]))
    chosen: list[dict] = []
    shared: set[int] = set()  # sections whose slide already shows a visual
    count = len(slides)
    rounds = max((len(v) for v in by_section.values()), default=0)
    for depth in range(rounds):
        for number, items in by_section.items():
            if depth >= len(items):
                continue
            item = items[depth]
            free = item["intro"] and number not in shared
            if depth >= 2 and count >= MIN_SLIDES:
                continue
            if not free and count >= MAX_SLIDES:
                continue
            if free:
                shared.add(number)
                item["shared"] = True
            else:
                count += 1
            chosen.append(item)
    out: list[Slide] = []
    for slide in slides:
        out.append(slide)
        if slide.kind != "section":
            continue
        for item in sorted(
            (c for c in chosen if c["slide"].section == slide.section), key=lambda x: x["order"]
        ):
            if item.get("shared"):
                slide.outputs, slide.source = item["slide"].outputs, item["slide"].source
                continue
            visual = item["slide"]
            visual.body = item["explain"]
            out.append(visual)
    return out


# ----------------------------------------------------------------------------- speaker notes
_ROW = re.compile(r"^\|\s*([^|]+?)\s*\|\s*(.+?)\s*\|\s*([^|]*?)\s*\|\s*$")
_NOTE_SECTION = re.compile(r"(?:section|sections)\s+(\d+)(?:\s*[–-]\s*(\d+))?|第\s*(\d+)(?:\s*[–-]\s*(\d+))?\s*节")


def _sections(match: re.Match) -> list[int]:
    """The section numbers a lesson plan names: ``section 3`` → [3]; ``sections 4–5`` / ``第 4–5 节`` → [4, 5]."""
    first, last = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    return list(range(int(first), int(last or first) + 1))
_IDENT = re.compile(r"`([A-Za-z_][A-Za-z0-9_]*)")


def lesson_notes(plan: str) -> dict[str, list]:
    """The parts of a lesson plan (``notebooks/lessons/NN-slug.<lang>.md``) a presenter needs.

    Returns ``{"before": [text], "outline": [(minutes, activity, target)], "demo": [(text,
    identifiers, section)]}`` where ``target`` is a list of section numbers (a row may cover
    "sections 4–5"), ``"title"`` or ``"recap"``.
    """
    before, outline, demos = [], [], []
    part = ""
    last_target: object = "title"
    bullet: list[str] = []

    def flush() -> None:
        if bullet:
            text = " ".join(x.strip() for x in bullet)
            lead = re.match(r"^\*\*(.+?)\*\*", text)
            idents = _IDENT.findall(lead.group(1) if lead else text)
            number = _NOTE_SECTION.search(lead.group(1) if lead else "")
            demos.append((text, idents, _sections(number)[0] if number else None))
            bullet.clear()

    for line in plan.splitlines():
        if line.startswith("## "):
            flush()
            title = line[3:].lower()
            part = (
                "outline"
                if ("outline" in title or "教学流程" in title)
                else "demo"
                if ("demonstrate" in title or "演示" in title)
                else "other"
            )
            continue
        if not part and re.match(r"^\*\*(Before class|课前准备)", line.strip()):
            before.append(line.strip())
            part = "before"
            continue
        if part == "before":
            if line.strip():
                before[-1] += " " + line.strip()
            else:
                part = "other"
            continue
        if part == "outline":
            row = _ROW.match(line)
            if row and not set(row.group(1)) <= set("-: ") and re.search(r"\d", row.group(1)):
                minutes, activity, material = row.groups()
                number = _NOTE_SECTION.search(material)
                if number:
                    target: object = _sections(number)
                elif re.search(r"slide 1|第 ?1 ?张", material):
                    target = "title"
                elif re.search(r"recap|小结", material, re.IGNORECASE):
                    target = "recap"
                else:
                    target = last_target
                outline.append((minutes, activity, target))
                last_target = target
        elif part == "demo":
            if re.match(r"^- ", line):
                flush()
                bullet.append(line[2:])
            elif line.startswith("  ") and bullet:
                bullet.append(line)
            elif not line.strip():
                flush()
    flush()
    return {"before": before, "outline": outline, "demo": demos}


def attach_notes(slides: list[Slide], plan: str, lang: str = "en") -> list[Slide]:
    """Put each part of the lesson plan on the slide it is about (in place; returns ``slides``).

    The outline's row for a section goes on that section's slide (the first and last rows on
    the title and recap slides); a "what to demonstrate and ask" item goes on the slide
    showing the code it names (``PricePremiumExplorer``, ``man_classify`` …), else on its
    section's slide.
    """
    notes = lesson_notes(plan)
    minutes = "min" if lang == "en" else "分钟"
    first = {}
    for slide in slides:
        if slide.kind == "section" and slide.section is not None:
            first.setdefault(slide.section, slide)
    title = next((s for s in slides if s.kind == "title"), slides[0] if slides else None)
    recap = next((s for s in slides if s.kind == "recap"), slides[-1] if slides else None)
    if title is not None:
        title.notes += notes["before"]
    for span, activity, target in notes["outline"]:
        homes = [title] if target == "title" else [recap] if target == "recap" else [first.get(n) for n in target]
        for slide in homes:
            if slide is not None:
                slide.notes.append(f"**{span} {minutes}** — {activity}")
    for text, idents, section in notes["demo"]:
        home = next(
            (
                s
                for s in slides
                if s.source and any(re.search(rf"\b{re.escape(i)}\b", s.source) for i in idents)
            ),
            None,
        )
        if home is None and section is not None:
            home = first.get(section)
        if home is None:
            home = next(
                (s for s in slides if s.kind == "section" and any(i in s.heading for i in idents)),
                None,
            )
        if home is not None:
            home.notes.append(text)
    return slides


def _live_card(cell: nbformat.NotebookNode, lang: str, stem: str) -> list[nbformat.NotebookNode]:
    match = re.search(r"^\s*([A-Z]\w*)\s*\(", cell.source, re.MULTILINE)
    name = match.group(1) if match else "widget"
    title, body = _LIVE_CARD.get(lang, _LIVE_CARD["en"])
    html = f'<div class="course-live-card"><strong>▶ {title}</strong>{body.format(name=name, stem=stem)}</div>'
    return [nbformat.v4.new_output("display_data", data={"text/html": html})]


def deck_notebook(
    nb: nbformat.NotebookNode, lang: str = "en", stem: str = "", plan: str | None = None
) -> nbformat.NotebookNode:
    """The presentable deck of an edition notebook, as a notebook for nbconvert (input unchanged).

    :func:`plan_deck` picks the slides; ``plan`` (a lesson plan's Markdown) adds speaker
    notes (:func:`attach_notes`). Every slide is one ``"slide"`` cell (its heading and idea)
    plus, when it shows something, an output-only code cell, plus a ``"notes"`` cell.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T\\n\\nIntro.\\n\\n## 1. S\\n\\nText.")])
    >>> [c.source for c in deck_notebook(nb).cells]
    ['# T\\n\\nIntro.', '## 1. S\\n\\nText.']
    """
    slides = plan_deck(nb, lang, stem)
    if plan:
        attach_notes(slides, plan, lang)
    deck = nbformat.v4.new_notebook(
        metadata=copy.deepcopy({k: v for k, v in nb.metadata.items() if k != "widgets"})
    )
    for number, slide in enumerate(slides):
        level = "#" if slide.kind == "title" else "##"
        text = f"{level} {slide.heading}" + (f"\n\n{slide.body}" if slide.body else "")
        head = nbformat.v4.new_markdown_cell(text, metadata={"slideshow": {"slide_type": "slide"}})
        head["id"] = f"slide-{number:02d}"
        deck.cells.append(head)
        if slide.outputs:
            shown = nbformat.v4.new_code_cell(
                "",
                metadata={"slideshow": {"slide_type": "-"}, "tags": [HIDE_INPUT_TAG]},
                outputs=slide.outputs,
            )
            shown["id"] = f"slide-{number:02d}-show"
            deck.cells.append(shown)
        if slide.notes:
            note = nbformat.v4.new_markdown_cell(
                "\n\n".join(slide.notes), metadata={"slideshow": {"slide_type": "notes"}}
            )
            note["id"] = f"slide-{number:02d}-notes"
            deck.cells.append(note)
    return deck


def ensure_reveal(vendor_dir: Path | None = None, log=print) -> Path | None:
    """Install reveal.js 4, require.js and jQuery from npm into ``vendor_dir`` once.

    Returns the ``node_modules`` folder, or ``None`` (with a warning) when npm is missing
    or the install fails, in which case the decks load those files from a CDN.
    """
    from course.authoring import repo_root

    vendor_dir = Path(vendor_dir or repo_root() / "build" / "reveal.js")
    modules = vendor_dir / "node_modules"
    if _vendored(modules):
        return modules
    vendor_dir.mkdir(parents=True, exist_ok=True)
    # two processes at once (make test runs the suite and the browser test side by side) would run
    # two npm installs into one folder: the second waits, then finds the files there
    with open(vendor_dir / ".install.lock", "a") as lock:
        try:
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - Windows: no lock, one process at a time
            pass
        if _vendored(modules):
            return modules
        return _npm_install(vendor_dir, modules, log)


def _vendored(modules: Path) -> bool:
    return (
        (modules / "reveal.js" / "dist" / "reveal.js").is_file()
        and (modules / "requirejs" / "require.js").is_file()
        and (modules / "jquery" / "dist" / "jquery.min.js").is_file()
    )


def _npm_install(vendor_dir: Path, modules: Path, log) -> Path | None:
    npm = shutil.which("npm")
    if npm is None:
        warnings.warn(
            "npm not found: the slide decks will load reveal.js from a CDN (needs a network when presenting)",
            stacklevel=3,
        )
        return None
    log(f"installing {' '.join(NPM_PACKAGES)} from npm into {vendor_dir} …")
    done = subprocess.run(
        [
            npm,
            "install",
            "--no-audit",
            "--no-fund",
            "--silent",
            "--prefix",
            str(vendor_dir),
            *NPM_PACKAGES,
        ],
        capture_output=True,
        text=True,
    )
    if done.returncode or not (modules / "reveal.js" / "dist" / "reveal.js").is_file():
        warnings.warn(
            f"npm install of reveal.js failed, decks will use a CDN:\n{done.stderr[-800:]}",
            stacklevel=3,
        )
        return None
    return modules


def _copy_static(modules: Path, out_dir: Path) -> Path:
    static = out_dir / "_static"
    reveal = static / "reveal.js"
    for part in ("dist", "plugin"):
        shutil.copytree(modules / "reveal.js" / part, reveal / part, dirs_exist_ok=True)
    shutil.copy2(modules / "requirejs" / "require.js", static / "require.js")
    shutil.copy2(modules / "jquery" / "dist" / "jquery.min.js", static / "jquery.min.js")
    # the decks have no formulas and no diagrams: tiny stand-ins keep the page free of CDN calls
    (static / "mathjax-stub.js").write_text(
        "window.MathJax={Hub:{Config:function(){},Queue:function(){},getAllJax:function(){return null;},"
        "Rerender:function(){}}};\n",
        encoding="utf-8",
    )
    (static / "mermaid-stub.mjs").write_text(
        "export default {initialize() {}};\n", encoding="utf-8"
    )
    return static


def _offline_page(body: str, font: bytes | None = None) -> str:
    """The deck as one page that works from ``file://`` on a PC without Chinese fonts.

    nbconvert adds a ``<script type="module">`` importing mermaid: a browser blocks module
    scripts from ``file://`` (and the decks have no diagrams), so it goes. The Chinese
    characters the deck uses are embedded as a font subset (:mod:`course.reports.fonts`).
    """
    from course.reports.fonts import embed_cjk_font

    body = re.sub(
        r'<script type="module">\s*import mermaid.*?</script>\s*', "", body, flags=re.DOTALL
    )
    return embed_cjk_font(body, font=font)


def _exporter(offline: bool):
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_input_tags = {HIDE_INPUT_TAG}
    config.SlidesExporter.exclude_input_prompt = True
    config.SlidesExporter.exclude_output_prompt = True
    config.SlidesExporter.reveal_width = "1280"
    config.SlidesExporter.reveal_height = "720"
    config.SlidesExporter.reveal_scroll = (
        False  # long slides are scaled to fit instead (see _RELAYOUT)
    )
    config.SlidesExporter.reveal_transition = "none"
    # reveal.js's "simple" theme (nbconvert's default) imports Google web fonts; "white" uses its own files
    config.SlidesExporter.reveal_theme = "white"
    config.SlidesExporter.reveal_number = "c/t"
    if offline:
        config.SlidesExporter.reveal_url_prefix = "../_static/reveal.js"
        config.SlidesExporter.require_js_url = "../_static/require.js"
        config.SlidesExporter.jquery_url = "../_static/jquery.min.js"
        config.SlidesExporter.mathjax_url = "../_static/mathjax-stub.js"
    exporter = SlidesExporter(config=config)
    if offline:  # not configurable traits in nbconvert 7: set on the instance
        exporter.mermaid_js_url = "../_static/mermaid-stub.mjs"
        exporter.mermaid_layout_elk_js_url = "../_static/mermaid-stub.mjs"
    return exporter


def build_slides(
    out_dir: str | Path | None = None,
    chapters: Iterable[str] = (),
    langs: Iterable[str] = ("en", "zh"),
    offline: bool = True,
    log=print,
) -> list[Path]:
    """Write a reveal.js deck per chapter and language: ``<out_dir>/<lang>/NN-slug.slides.html``.

    Parameters
    ----------
    out_dir : path, optional
        Where the decks go (default ``build/slides``).
    chapters : iterable of str
        Chapter numbers (``"01"``) or stems (``"01-prospects"``); empty means every
        executed course notebook found in ``notebooks/<lang>/``.
    langs : iterable of str
        Editions to convert.
    offline : bool
        Vendor reveal.js & co. from npm into ``<out_dir>/_static`` (default). ``False``
        leaves nbconvert's CDN addresses (the presenting PC then needs a network).

    Returns
    -------
    list of Path
        The decks written.

    Examples
    --------
    >>> build_slides(chapters=["01"], langs=["zh"])   # doctest: +SKIP
    [PosixPath('.../build/slides/zh/01-prospects.slides.html')]
    """
    from course.authoring import repo_root

    root = repo_root()
    out = Path(out_dir) if out_dir is not None else root / "build" / "slides"
    wanted = {str(c) for c in chapters}
    modules = ensure_reveal(log=log) if offline else None
    if modules is not None:
        _copy_static(modules, out)
    exporter = _exporter(offline=modules is not None)
    written = []
    decks: list[tuple[Path, str]] = []
    for lang in langs:
        for path in sorted((root / "notebooks" / lang).glob("[0-9][0-9]-*.ipynb")):
            if wanted and path.stem not in wanted and path.stem[:2] not in wanted:
                continue
            lesson = root / "notebooks" / "lessons" / f"{path.stem}.{lang}.md"
            plan = lesson.read_text(encoding="utf-8") if lesson.is_file() else None
            nb = deck_notebook(
                nbformat.read(path, as_version=4), lang=lang, stem=path.stem, plan=plan
            )
            body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
            decks.append((out / lang / f"{path.stem}.slides.html", body))
    # the decks' Chinese characters: the big font is narrowed once for all decks, each deck cut from that
    from course.reports.fonts import narrowed, needs_cjk

    shown = "".join(sorted(set("".join(needs_cjk(body) for _, body in decks))))
    font = narrowed(shown) if len(decks) > 1 and shown else None
    for target, body in decks:
        body = _offline_page(
            body.replace("</head>", _DECK_CSS + "</head>", 1).replace("</body>", _RELAYOUT + "</body>", 1),
            font=font,
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
        log(f"wrote {target}")
        written.append(target)
    return written


if __name__ == "__main__":  # pragma: no cover - `python -m course.slides [NN ...]`
    import sys

    build_slides(chapters=sys.argv[1:])
