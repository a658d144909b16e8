"""Slide decks from the course notebooks (幻灯片).

An instructor presents a chapter as a reveal.js deck built from the executed
course notebook (``notebooks/<lang>/NN-slug.ipynb``) by ``nbconvert --to
slides``. Two steps:

1. :func:`add_slide_metadata` gives every cell of an edition notebook its
   ``metadata.slideshow.slide_type`` and hides code on slides:

   - markdown opening with ``#`` or ``##`` → ``"slide"`` (a new section);
     ``###`` and the learning goals → ``"subslide"``; other markdown →
     ``"fragment"`` right after another short markdown cell (the two fit on
     one slide), else ``"subslide"``;
   - the ``parameters`` cell, setup cells (imports) and code cells without
     output → ``"skip"``;
   - every other code cell (a table, a plot, a widget, a short answer: its
     *output* is the point) → ``"subslide"``, tagged ``remove_input`` so the
     code is not shown on the slide (``nbconvert``'s TagRemovePreprocessor).
     Tag a cell ``slides-show-input`` to keep its code on the slide.

   Metadata only: the cells, their order and their outputs are unchanged.

2. :func:`build_slides` runs the slides exporter (nbconvert's Python API) per
   chapter and language into ``build/slides/<lang>/NN-slug.slides.html``. For
   the deck only, long markdown cells are split at headings and at the
   learning-goals paragraph (one idea per slide), and a live widget's output
   is replaced by a card telling the presenter to demonstrate it in JupyterLab
   (a static page cannot run a kernel).

Offline: nbconvert's deck loads reveal.js, require.js and jQuery from CDNs.
:func:`build_slides` installs ``reveal.js@4``, ``requirejs`` and ``jquery``
from the npm registry into ``build/reveal.js/`` (once; ``npm`` must be on
``PATH``) and copies the files it needs into ``<out_dir>/_static/``, so the
whole ``build/slides/`` folder works without a network (copy it to the
classroom PC as it is). Without ``npm`` the decks fall back to the CDN and a
warning says so.

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
from pathlib import Path

import nbformat

__all__ = ["add_slide_metadata", "build_slides", "deck_notebook", "ensure_reveal", "slide_type"]

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
@font-face { font-family: "CourseCJK"; src: local("Noto Sans CJK SC"), local("Source Han Sans SC"),
             local("Microsoft YaHei"), local("PingFang SC"), url("../_static/fonts/NotoSansCJKsc-Regular.otf");
             font-display: block; }
.reveal, .reveal h1, .reveal h2, .reveal h3, .reveal p, .reveal li, .reveal td, .reveal th, .reveal code,
.reveal .jp-RenderedHTMLCommon { font-family: "Helvetica Neue", Helvetica, Arial, "DejaVu Sans", "CourseCJK", sans-serif; }
.reveal .slides section { text-align: left; }
.reveal .jp-RenderedImage img { width: 100%; max-width: 1180px; height: 600px; object-fit: contain;
                                display: block; margin: 0 auto; }
.reveal table { font-size: 21px; margin: 0; }
.reveal .jp-RenderedHTMLCommon table { table-layout: auto; }
.reveal .jp-RenderedHTMLCommon td, .reveal .jp-RenderedHTMLCommon th { padding: 5px 10px; text-align: left; }
.reveal .jp-RenderedHTMLCommon tbody th { white-space: nowrap; }
.reveal .jp-RenderedHTMLCommon tr > :first-child { min-width: 4.5em; }
.reveal .jp-RenderedHTMLCommon h1 { font-size: 52px; }
.reveal .jp-RenderedHTMLCommon h2 { font-size: 42px; }
.reveal .jp-RenderedHTMLCommon h3 { font-size: 34px; }
.reveal .jp-RenderedHTMLCommon p, .reveal .jp-RenderedHTMLCommon li { font-size: 26px; line-height: 1.45; }
.reveal .jp-OutputPrompt, .reveal .jp-InputPrompt { display: none; }
.course-live-card { border: 3px dashed #1f77b4; border-radius: 12px; padding: 28px 36px; margin: 40px 0;
                    font-size: 28px; background: #f3f8fc; }
.course-live-card strong { display: block; font-size: 36px; margin-bottom: 10px; color: #1f77b4; }
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
    while (slide.scrollHeight * zoom > room && zoom > 0.5) {  // re-measure: text reflows as it shrinks
      zoom = Math.round((zoom - 0.05) * 100) / 100;
      slide.style.zoom = zoom;
    }
    if (slide.scrollHeight * zoom > room) { slide.style.overflowY = "auto"; slide.style.maxHeight = (room / zoom) + "px"; }
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


def _split_markdown(cell: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """Split a markdown cell before each heading and before the learning-goals paragraph."""
    blocks: list[list[str]] = [[]]
    in_fence = False
    paragraph_start = True
    for line in cell.source.splitlines():
        if line.strip().startswith("```"):
            in_fence = not in_fence
        starts_block = (
            not in_fence and paragraph_start and (_HEADING.match(line) or _GOALS.match(line))
        )
        if starts_block and any(x.strip() for x in blocks[-1]):
            blocks.append([])
        blocks[-1].append(line)
        paragraph_start = not line.strip()
    parts = []
    for number, block in enumerate(blocks):
        text = "\n".join(block).strip("\n")
        if not text.strip():
            continue
        part = copy.deepcopy(cell)
        part.source = text
        if number:
            part["id"] = f"{cell.get('id', 'md')}-{number}"[:64]
        parts.append(part)
    return parts or [cell]


def _live_card(cell: nbformat.NotebookNode, lang: str, stem: str) -> list[nbformat.NotebookNode]:
    match = re.search(r"^\s*([A-Z]\w*)\s*\(", cell.source, re.MULTILINE)
    name = match.group(1) if match else "widget"
    title, body = _LIVE_CARD.get(lang, _LIVE_CARD["en"])
    html = f'<div class="course-live-card"><strong>▶ {title}</strong>{body.format(name=name, stem=stem)}</div>'
    return [nbformat.v4.new_output("display_data", data={"text/html": html})]


def deck_notebook(
    nb: nbformat.NotebookNode, lang: str = "en", stem: str = ""
) -> nbformat.NotebookNode:
    """A copy of an edition notebook prepared for presenting (the input is not changed).

    Splits long markdown cells (one idea per slide), replaces live-widget outputs with a
    presenter's card, drops the saved widget state, then applies :func:`add_slide_metadata`.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T\\n\\nIntro\\n\\n## S\\n\\nText")])
    >>> [c.source for c in deck_notebook(nb).cells]
    ['# T\\n\\nIntro', '## S\\n\\nText']
    """
    deck = copy.deepcopy(nb)
    deck.metadata.pop("widgets", None)
    cells = []
    for cell in deck.cells:
        if cell.cell_type == "markdown":
            cells.extend(_split_markdown(cell))
            continue
        if cell.cell_type == "code" and _has_widget(cell):
            cell.outputs = _live_card(cell, lang, stem)
        cells.append(cell)
    deck.cells = cells
    return add_slide_metadata(deck)


def ensure_reveal(vendor_dir: Path | None = None, log=print) -> Path | None:
    """Install reveal.js 4, require.js and jQuery from npm into ``vendor_dir`` once.

    Returns the ``node_modules`` folder, or ``None`` (with a warning) when npm is missing
    or the install fails, in which case the decks load those files from a CDN.
    """
    from course.authoring import repo_root

    vendor_dir = Path(vendor_dir or repo_root() / "build" / "reveal.js")
    modules = vendor_dir / "node_modules"
    if (
        (modules / "reveal.js" / "dist" / "reveal.js").is_file()
        and (modules / "requirejs" / "require.js").is_file()
        and (modules / "jquery" / "dist" / "jquery.min.js").is_file()
    ):
        return modules
    npm = shutil.which("npm")
    if npm is None:
        warnings.warn(
            "npm not found: the slide decks will load reveal.js from a CDN (needs a network when presenting)",
            stacklevel=2,
        )
        return None
    vendor_dir.mkdir(parents=True, exist_ok=True)
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
            stacklevel=2,
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
    # Chinese glyphs on any projector PC: the Noto Sans CJK font matplotlib already uses (from mplfonts)
    font = _cjk_font()
    if font is not None and not (static / "fonts" / font.name).is_file():
        (static / "fonts").mkdir(parents=True, exist_ok=True)
        shutil.copy2(font, static / "fonts" / "NotoSansCJKsc-Regular.otf")
    (static / "mermaid-stub.mjs").write_text(
        "export default {initialize() {}};\n", encoding="utf-8"
    )
    return static


def _cjk_font() -> Path | None:
    try:
        import mplfonts
    except ImportError:  # pragma: no cover - mplfonts is a runtime dependency
        return None
    path = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    return path if path.is_file() else None


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
    for lang in langs:
        for path in sorted((root / "notebooks" / lang).glob("[0-9][0-9]-*.ipynb")):
            if wanted and path.stem not in wanted and path.stem[:2] not in wanted:
                continue
            nb = deck_notebook(nbformat.read(path, as_version=4), lang=lang, stem=path.stem)
            body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
            body = body.replace("</head>", _DECK_CSS + "</head>", 1).replace(
                "</body>", _RELAYOUT + "</body>", 1
            )
            target = out / lang / f"{path.stem}.slides.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, encoding="utf-8")
            log(f"wrote {target}")
            written.append(target)
    return written


if __name__ == "__main__":  # pragma: no cover - `python -m course.slides [NN ...]`
    import sys

    build_slides(chapters=sys.argv[1:])
