"""Course notebooks as HTML pages that read offline, widgets included (离线网页导出).

A committed course notebook keeps its widgets twice (see :mod:`course.stills`): the saved widget
state with a widget view per output, and a ``text/html`` *still* of each widget. nbconvert's
HTML export prefers the widget view and fetches a widget manager from a CDN to draw it, so a
page opened without a network shows an empty space where every widget should be. Two ways out,
both keep the still:

- :class:`OfflineWidgets`, an nbconvert preprocessor: where an output has a still, the export
  shows the still and drops the widget view; when no widget view is left, the saved state goes
  too, and nbconvert asks no CDN for a widget manager. A page cannot run a cell, so the still's
  note and tooltip say to open the notebook in JupyterLab instead. ``make venv`` enables it for the kit's own
  ``jupyter nbconvert`` (``.venv/etc/jupyter/jupyter_nbconvert_config.json``), so
  ``.venv/bin/jupyter nbconvert --to html notebooks/en/01-prospects.ipynb`` shows the stills.
- :func:`export_html` (``python -m course export-html``) adds the ``course-offline`` template:
  the page also loads no require.js, MathJax or mermaid from a CDN (the course notebooks have no
  formulas or diagrams), so opening it makes no request at all.

>>> import nbformat
>>> from course.stills import STATE_MIME, VIEW_MIME
>>> nb = nbformat.v4.new_notebook(metadata={"widgets": {STATE_MIME: {"state": {"m1": {}}}}})
>>> still = '<div class="course-widget-still">…</div>'
>>> nb.cells = [nbformat.v4.new_code_cell("w", outputs=[nbformat.v4.new_output("display_data",
...     data={VIEW_MIME: {"model_id": "m1"}, "text/html": still, "text/plain": "VBox()"})])]
>>> out, _ = OfflineWidgets().preprocess(nb, {})
>>> sorted(out.cells[0].outputs[0].data), "widgets" in out.metadata
(['text/html', 'text/plain'], False)
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.preprocessors import Preprocessor

from course.i18n import LANGUAGES, t
from course.stills import NOTE_MARK, VIEW_MIME, still_note, widget_outputs

__all__ = ["OFFLINE_TEMPLATE", "TEMPLATES", "OfflineWidgets", "export_html", "has_still"]

#: the template that leaves out every script nbconvert's ``lab`` template fetches from a CDN
OFFLINE_TEMPLATE = "course-offline"
#: where it lives (package data)
TEMPLATES = Path(__file__).resolve().parent / "templates" / "nbconvert"
STILL_CLASS = "course-widget-still"


def has_still(output: dict[str, Any]) -> bool:
    """True when a widget output carries the still :func:`course.stills.add_stills` draws."""
    html = output.get("data", {}).get("text/html", "")
    return STILL_CLASS in ("".join(html) if isinstance(html, list) else html)


class OfflineWidgets(Preprocessor):
    """Show each widget's still instead of a widget view that needs a CDN (HTML exports).

    Outputs without a still keep their widget view, and then the saved widget state stays, so
    nothing that worked online is lost; the course notebooks have a still for every widget.
    """

    def preprocess(self, nb: nbformat.NotebookNode, resources: dict) -> tuple:
        live = 0
        for _, output in list(widget_outputs(nb)):
            if has_still(output):
                del output["data"][VIEW_MIME]
                _for_the_page(output)
            else:
                live += 1
        for cell in nb.cells:
            cell_outputs = cell.get("outputs", [])
            for i, output in enumerate(cell_outputs):
                if output.get("metadata", {}).get(NOTE_MARK):
                    cell_outputs[i] = _page_note(output)
        if not live:
            nb.metadata.pop("widgets", None)
        return nb, resources


def _lang_of(text: str, key: str) -> str | None:
    return next((lang for lang in LANGUAGES if text == t(key, lang)), None)


def _page_note(output: dict[str, Any]) -> dict[str, Any]:
    """The still's note, for a page where no cell can be run: where to make the widget live instead."""
    lang = _lang_of(str(output.get("data", {}).get("text/plain", "")), "widget.still_note")
    return output if lang is None else still_note(lang, "widget.still_note_page")


def _for_the_page(output: dict[str, Any]) -> None:
    """The still's tooltip says the same as the note on an exported page."""
    html = str(output["data"].get("text/html", ""))
    for lang in LANGUAGES:
        before = f'title="{escape(t("widget.still_title", lang))}"'
        if before in html:
            after = f'title="{escape(t("widget.still_title_page", lang))}"'
            output["data"]["text/html"] = html.replace(before, after, 1)
            return


def export_html(notebook: Path | str, out_dir: Path | str) -> Path:
    """Write ``out_dir/<name>.html``: the notebook with its widget stills, readable offline.

    Parameters
    ----------
    notebook
        An executed course notebook (``notebooks/en/01-prospects.ipynb``).
    out_dir
        The folder for the page (created when missing).

    Returns
    -------
    Path
        The page written.
    """
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    path = Path(notebook)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such notebook; give the path of a .ipynb file")
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as error:  # nbformat raises several kinds for a file that is not a notebook
        raise ValueError(f"{path} is not a notebook nbformat can read ({error})") from error
    config = Config()
    config.HTMLExporter.extra_template_basedirs = [str(TEMPLATES)]
    config.HTMLExporter.template_name = OFFLINE_TEMPLATE
    exporter = HTMLExporter(config=config)
    exporter.register_preprocessor(OfflineWidgets(), enabled=True)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{path.stem}.html"
    target.write_text(body, encoding="utf-8")
    return target


def export_many(notebooks: Iterable[Path | str], out_dir: Path | str, log=print) -> list[Path]:
    """:func:`export_html` for several notebooks, each into ``out_dir/<lang folder>/``."""
    written = []
    for notebook in notebooks:
        path = Path(notebook)
        target = export_html(path, Path(out_dir) / path.parent.name)
        log(f"{path} -> {target}")
        written.append(target)
    return written
