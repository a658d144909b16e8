"""Widgets that show before anything runs: saved widget state and a still of each widget (组件静态预览).

A course notebook is committed executed, so it reads as a book. Its widgets, though, live in
a kernel: opened fresh, JupyterLab has no kernel-side models, and because a committed
notebook is *untrusted* on the trainee's machine it does not even try the widget renderer —
it falls back to the plain-text repr, ``VBox(children=(FloatSlider(…``. This module, run by
:func:`course.authoring.build_notebooks` after execution, fixes both cases:

1. :func:`stabilise_widget_state` keeps the widget state nbclient saved in the notebook
   metadata (``metadata.widgets["application/vnd.jupyter.widget-state+json"]``, what
   JupyterLab's *Save widget state* writes), drops models no displayed widget refers to, and
   renames every model id to a stable one derived from the notebook, so two builds of the
   same source give the same file (nbclient's ids are random ``uuid4`` hex strings).
   A trusted notebook (and nbconvert's HTML export) draws the widgets from this state.
2. :func:`add_stills` gives every widget output a ``text/html`` *still*: the widget's
   controls, readouts, tables and pictures drawn from the saved state as plain HTML with
   inline styles (what JupyterLab's sanitiser keeps for an untrusted notebook). JupyterLab
   picks it over the text repr when the notebook is untrusted; once the cell runs, the live
   widget replaces it. A short note before the widget (``widget.still_note``, both
   languages) invites the trainee to run the cell to play.

Everything here is deterministic: the same state gives byte-identical output.

>>> import nbformat
>>> nb = nbformat.v4.new_notebook()
>>> nb.metadata["widgets"] = {STATE_MIME: {"version_major": 2, "version_minor": 0, "state": {
...     "f00": {"model_name": "ButtonModel", "model_module": "@jupyter-widgets/controls",
...             "model_module_version": "2.0.0", "state": {"description": "Next"}}}}}
>>> nb.cells = [nbformat.v4.new_code_cell("Button()", outputs=[nbformat.v4.new_output(
...     "display_data", data={VIEW_MIME: {"model_id": "f00", "version_major": 2, "version_minor": 0},
...                           "text/plain": "Button(description='Next')"})])]
>>> _ = stabilise_widget_state(nb, "en-01")
>>> list(nb.metadata["widgets"][STATE_MIME]["state"]) == [nb.cells[0].outputs[0].data[VIEW_MIME]["model_id"]]
True
>>> _ = add_stills(nb, "en")
>>> "<button" in nb.cells[0].outputs[-1].data["text/html"]
True
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Iterator
from typing import Any

import nbformat

from course.i18n import t

__all__ = [
    "NOTE_MARK",
    "STATE_MIME",
    "VIEW_MIME",
    "add_stills",
    "still_html",
    "still_note",
    "stabilise_widget_state",
    "widget_outputs",
]

STATE_MIME = "application/vnd.jupyter.widget-state+json"
VIEW_MIME = "application/vnd.jupyter.widget-view+json"
NOTE_MARK = (
    "course-still-note"  # metadata key of the note output, so a rebuild does not add a second one
)
_REF = re.compile(r"^IPY_MODEL_(?P<id>[0-9A-Za-z_-]+)$")
_FONT = "font-family:var(--jp-ui-font-family, system-ui, sans-serif);font-size:13px"
_MUTED = "#5a6270"


# ----------------------------------------------------------------------------- saved state
def _state(nb: nbformat.NotebookNode) -> dict[str, Any]:
    return nb.metadata.get("widgets", {}).get(STATE_MIME, {}).get("state", {})


def widget_outputs(nb: nbformat.NotebookNode) -> Iterator[tuple[int, dict]]:
    """``(cell index, output)`` for every output that displays a widget, in notebook order."""
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if VIEW_MIME in output.get("data", {}):
                yield index, output


def _refs(value: Any) -> Iterator[str]:
    """Model ids referred to (``"IPY_MODEL_<id>"``) anywhere inside a model's state."""
    if isinstance(value, str):
        match = _REF.match(value)
        if match:
            yield match["id"]
    elif isinstance(value, dict):
        for item in value.values():
            yield from _refs(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _refs(item)


def _rename(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, str):
        match = _REF.match(value)
        return f"IPY_MODEL_{names[match['id']]}" if match and match["id"] in names else value
    if isinstance(value, dict):
        return {k: _rename(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_rename(v, names) for v in value]
    return value


def stabilise_widget_state(nb: nbformat.NotebookNode, prefix: str) -> nbformat.NotebookNode:
    """Keep only the widget models displayed widgets need, under stable ids (in place).

    Walks every displayed widget (in notebook order) and the models it refers to, depth
    first, numbering them as met; each gets the id ``md5(prefix/number)`` (32 hex digits,
    the shape JupyterLab expects). Models nothing displayed refers to (widgets replaced while
    the notebook ran) are dropped. A displayed widget whose model is missing from the state
    is left as it is (its output then shows the still or the text repr).

    Parameters
    ----------
    nb : NotebookNode
        An executed notebook, e.g. from :func:`course.authoring.execute`.
    prefix : str
        Names the notebook, e.g. ``"en-01-prospects"``: ids differ between notebooks.

    Returns
    -------
    NotebookNode
        The same notebook; without saved state it is returned unchanged.
    """
    widgets = nb.metadata.get("widgets", {}).get(STATE_MIME)
    if not widgets:
        return nb
    state = widgets.get("state", {})
    order: list[str] = []
    seen: set[str] = set()

    def visit(model_id: str) -> None:
        if model_id in seen or model_id not in state:
            return
        seen.add(model_id)
        order.append(model_id)
        for ref in _refs(state[model_id].get("state", {})):
            visit(ref)

    for _, output in widget_outputs(nb):
        visit(output["data"][VIEW_MIME].get("model_id", ""))
    names = {
        old: hashlib.md5(f"{prefix}/{number}".encode(), usedforsecurity=False).hexdigest()
        for number, old in enumerate(order)
    }
    widgets["state"] = {names[old]: _rename(state[old], names) for old in order}
    for _, output in widget_outputs(nb):
        view = output["data"][VIEW_MIME]
        if view.get("model_id") in names:
            view["model_id"] = names[view["model_id"]]
    if not widgets["state"]:
        nb.metadata.pop("widgets", None)
    return nb


# ----------------------------------------------------------------------------- the still
def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _style(*layers: dict[str, Any], **props: Any) -> str:
    """Inline CSS from ``props`` then ``layers`` (a widget's own layout wins over the defaults)."""
    merged = dict(props)
    for layer in layers:
        merged.update(layer)
    return ";".join(f"{k.replace('_', '-')}:{v}" for k, v in merged.items() if v not in (None, ""))


class _Still:
    """Draws one saved widget tree as static HTML."""

    def __init__(self, state: dict[str, Any]) -> None:
        self.state = state

    def model(self, ref: Any) -> dict[str, Any] | None:
        match = _REF.match(ref) if isinstance(ref, str) else None
        entry = self.state.get(match["id"] if match else ref)
        return entry if isinstance(entry, dict) else None

    def sub(self, entry: dict[str, Any], key: str) -> dict[str, Any]:
        found = self.model(entry.get("state", {}).get(key))
        return found.get("state", {}) if found else {}

    # -- layout helpers
    def box_style(self, entry: dict[str, Any]) -> dict[str, Any]:
        layout = self.sub(entry, "layout")
        keep = (
            "width",
            "max_width",
            "min_width",
            "height",
            "max_height",
            "overflow",
            "margin",
            "padding",
            "border",
        )
        return {k: layout.get(k) for k in keep if layout.get(k)}

    def label(self, entry: dict[str, Any]) -> str:
        s = entry.get("state", {})
        text = s.get("description", "")
        if not text:
            return ""
        width = self.sub(entry, "style").get("description_width") or "auto"
        body = text if s.get("description_allow_html") else _esc(text)
        return (
            f'<span style="{_style(display="inline-block", width=width, min_width="4em", text_align="right", padding_right="8px", flex="none")}">'
            f"{body}</span>"
        )

    def row(self, entry: dict[str, Any], inner: str) -> str:
        style = _style(self.box_style(entry), display="flex", align_items="center", margin="2px 0")
        return f'<div style="{style}">{self.label(entry)}{inner}</div>'

    # -- dispatch
    def render(self, ref: Any, depth: int = 0) -> str:
        entry = self.model(ref)
        if entry is None or depth > 30:
            return ""
        name = entry.get("model_name", "")
        draw: Callable[[dict[str, Any], int], str] | None = getattr(self, f"_{name}", None)
        if draw is None:
            for suffix in ("BoxModel", "SliderModel", "TextModel", "ButtonsModel"):
                if name.endswith(suffix):
                    draw = getattr(self, f"_any_{suffix}")
                    break
        return draw(entry, depth) if draw else ""

    def children(self, entry: dict[str, Any], depth: int) -> str:
        return "".join(
            self.render(c, depth + 1) for c in entry.get("state", {}).get("children", [])
        )

    def _any_BoxModel(self, entry: dict[str, Any], depth: int) -> str:  # noqa: N802 - model names
        horizontal = entry["model_name"] in ("HBoxModel", "GridBoxModel")
        layout = self.sub(entry, "layout")
        if entry["model_name"] == "GridBoxModel":
            style = _style(
                self.box_style(entry),
                display="grid",
                grid_template_columns=layout.get("grid_template_columns")
                or "repeat(2, max-content)",
                gap=layout.get("grid_gap") or "2px 24px",
                align_items="center",
            )
        else:
            style = _style(
                self.box_style(entry),
                display="flex",
                flex_direction="row" if horizontal else "column",
                flex_wrap="wrap"
                if horizontal or "wrap" in (layout.get("flex_flow") or "")
                else None,
                gap="4px 12px" if horizontal else None,
                align_items=layout.get("align_items") or ("flex-start" if horizontal else None),
            )
        return f'<div style="{style}">{self.children(entry, depth)}</div>'

    def _HTMLModel(self, entry: dict[str, Any], depth: int) -> str:  # noqa: N802
        value = entry.get("state", {}).get("value", "")
        return self.row(entry, f"<div>{value}</div>") if value else ""

    _HTMLMathModel = _HTMLModel

    def _LabelModel(self, entry: dict[str, Any], depth: int) -> str:  # noqa: N802
        return f'<span style="padding:4px 8px 0 0">{_esc(entry.get("state", {}).get("value", ""))}</span>'

    def _any_SliderModel(self, entry: dict[str, Any], depth: int) -> str:  # noqa: N802
        s = entry.get("state", {})
        value = s.get("value", 0)
        if isinstance(value, list):  # a range slider
            low, high = value
            readout = f"{_format(low, s.get('readout_format'))} – {_format(high, s.get('readout_format'))}"
            value = low
        else:
            readout = _format(value, s.get("readout_format"))
        track = (
            f'<input type="range" disabled min="{_esc(s.get("min", 0))}" max="{_esc(s.get("max", 100))}" '
            f'step="{_esc(s.get("step", 1))}" value="{_esc(value)}" style="flex:1 1 auto;min-width:120px">'
        )
        shown = (
            f'<span style="padding-left:8px;min-width:4em">{_esc(readout)}</span>'
            if s.get("readout", True)
            else ""
        )
        return self.row(entry, track + shown)

    def _DropdownModel(self, entry: dict[str, Any], depth: int) -> str:  # noqa: N802
        s = entry.get("state", {})
        labels, index = s.get("_options_labels", []), s.get("index")
        chosen = labels[index] if isinstance(index, int) and 0 <= index < len(labels) else ""
        select = (
            f'<select disabled style="max-width:100%;padding:2px 4px;color:#1f2328">'
            f"<option selected>{_esc(chosen)}</option></select>"
        )
        return self.row(entry, select)

    def _any_ButtonsModel(self, entry: dict[str, Any], depth: int) -> str:  # noqa: N802 - ToggleButtons
        s = entry.get("state", {})
        width = self.sub(entry, "style").get("button_width") or "auto"
        buttons = []
        for number, text in enumerate(s.get("_options_labels", [])):
            active = number == s.get("index")
            look = _style(
                width=width,
                margin="0 4px 0 0",
                padding="3px 8px",
                border="1px solid #9aa3ad",
                background="#d5e3f0" if active else "#f5f6f7",
                color="#1f2328",
                font_weight="bold" if active else None,
            )
            buttons.append(f'<button disabled style="{look}">{_esc(text)}</button>')
        return self.row(
            entry, f'<span style="display:flex;flex-wrap:wrap">{"".join(buttons)}</span>'
        )

    def _RadioButtonsModel(self, entry: dict[str, Any], depth: int) -> str:  # noqa: N802
        s = entry.get("state", {})
        items = "".join(
            f'<label style="display:block"><input type="radio" disabled{" checked" if n == s.get("index") else ""}> '
            f"{_esc(text)}</label>"
            for n, text in enumerate(s.get("_options_labels", []))
        )
        return self.row(entry, f"<span>{items}</span>")

    def _SelectModel(self, entry: dict[str, Any], depth: int) -> str:  # noqa: N802
        s = entry.get("state", {})
        index = s.get("index")
        chosen = set(index) if isinstance(index, list) else {index}
        options = "".join(
            f"<option{' selected' if n in chosen else ''}>{_esc(text)}</option>"
            for n, text in enumerate(s.get("_options_labels", []))
        )
        return self.row(
            entry, f'<select disabled multiple size="{_esc(s.get("rows", 5))}">{options}</select>'
        )

    _SelectMultipleModel = _SelectModel

    def _CheckboxModel(self, entry: dict[str, Any], depth: int) -> str:  # noqa: N802
        s = entry.get("state", {})
        checked = " checked" if s.get("value") else ""
        return (
            f'<label style="{_style(self.box_style(entry), display="flex", align_items="center", margin="2px 12px 2px 0")}">'
            f'<input type="checkbox" disabled{checked} style="margin-right:6px">{_esc(s.get("description", ""))}</label>'
        )

    def _ButtonModel(self, entry: dict[str, Any], depth: int) -> str:  # noqa: N802
        s = entry.get("state", {})
        colour = {
            "primary": "#2196f3",
            "success": "#4caf50",
            "danger": "#f44336",
            "warning": "#ff9800",
            "info": "#00bcd4",
        }
        tint = colour.get(s.get("button_style", ""))
        look = _style(
            {k: v for k, v in self.box_style(entry).items() if k in ("width", "margin")},
            margin="2px 4px 2px 0",
            padding="3px 10px",
            border="1px solid #9aa3ad",
            background=tint or "#f5f6f7",
            color="#fff" if tint else "#1f2328",
        )
        return f'<button disabled style="{look}">{_esc(s.get("description", ""))}</button>'

    def _ToggleButtonModel(self, entry: dict[str, Any], depth: int) -> str:  # noqa: N802
        return self._ButtonModel(entry, depth)

    def _any_TextModel(self, entry: dict[str, Any], depth: int) -> str:  # noqa: N802 - Text, FloatText, …
        s = entry.get("state", {})
        value = s.get("value", "")
        shown = (
            _format(value, None)
            if isinstance(value, int | float) and not isinstance(value, bool)
            else value
        )
        box = f'<input type="text" disabled value="{_esc(shown)}" style="flex:1 1 auto;min-width:6em">'
        return self.row(entry, box)

    def _TextareaModel(self, entry: dict[str, Any], depth: int) -> str:  # noqa: N802
        s = entry.get("state", {})
        area = f'<textarea disabled rows="2" style="flex:1 1 auto">{_esc(s.get("value", ""))}</textarea>'
        return self.row(entry, area)

    def _OutputModel(self, entry: dict[str, Any], depth: int) -> str:  # noqa: N802
        parts = [_output_html(o) for o in entry.get("state", {}).get("outputs", [])]
        return f'<div style="{_style(**self.box_style(entry))}">{"".join(parts)}</div>'

    def _any_TabModel(self, entry: dict[str, Any], depth: int) -> str:  # noqa: N802 - Tab, Accordion
        s = entry.get("state", {})
        titles = s.get("titles") or []
        parts = []
        for number, child in enumerate(s.get("children", [])):
            title = titles[number] if number < len(titles) and titles[number] else f"{number + 1}"
            parts.append(f"<div><b>{_esc(title)}</b>{self.render(child, depth + 1)}</div>")
        return "".join(parts)

    _TabModel = _AccordionModel = _StackModel = _any_TabModel


def _format(value: Any, spec: str | None) -> str:
    """A readout like the widget's own (d3-format specs ``,.0f``, ``.0%``, ``.3f`` are Python's too)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    try:
        return (
            format(value, spec)
            if spec
            else (f"{value:,}" if isinstance(value, int) else f"{value:g}")
        )
    except (ValueError, TypeError):
        return str(value)


def _output_html(output: dict[str, Any]) -> str:
    data = output.get("data", {})
    if output.get("output_type") == "stream":
        return f'<pre style="margin:0">{_esc("".join(output.get("text", "")))}</pre>'
    if "image/png" in data:
        png = "".join(data["image/png"]).replace("\n", "")
        # the width the widget shows its chart at (IPython's Image(width=…) puts it in the metadata)
        width = output.get("metadata", {}).get("image/png", {}).get("width")
        size = f"width:{int(width)}px;" if isinstance(width, int | float) else ""
        return f'<img src="data:image/png;base64,{png}" alt="" style="{size}max-width:100%">'
    if "text/html" in data:
        return "".join(data["text/html"])
    if "text/plain" in data:
        return f'<pre style="margin:0">{_esc("".join(data["text/plain"]))}</pre>'
    return ""


def still_html(state: dict[str, Any], model_id: str, lang: str | None = None) -> str:
    """The still of one saved widget (``model_id``) as self-contained HTML, or ``""``.

    Controls are drawn disabled with their saved values; HTML readouts, tables and the
    pictures inside Output widgets are shown as they were when the notebook was built.
    """
    body = _Still(state).render(model_id)
    if not body:
        return ""
    frame = _style(
        border="1px dashed #b8c2cc", border_radius="4px", padding="8px 10px", max_width="100%"
    )
    title = _esc(t("widget.still_title", lang))
    return f'<div class="course-widget-still" title="{title}" style="{_FONT};{frame}">{body}</div>'


def still_note(lang: str | None, key: str = "widget.still_note") -> nbformat.NotebookNode:
    """The short note shown before a still (``key``: the notebook's own, or an exported page's)."""
    text = t(key, lang)
    out = nbformat.v4.new_output(
        "display_data",
        data={
            "text/html": f'<p style="margin:2px 0;color:{_MUTED};font-style:italic">{_esc(text)}</p>',
            "text/plain": text,
        },
    )
    out.metadata[NOTE_MARK] = True
    return out


def add_stills(nb: nbformat.NotebookNode, lang: str | None = None) -> nbformat.NotebookNode:
    """Give every widget output a ``text/html`` still and put the run-me note before it (in place).

    Idempotent: running it again replaces the stills and keeps one note per widget cell.

    Parameters
    ----------
    nb : NotebookNode
        An executed notebook whose widget state is saved (see :func:`stabilise_widget_state`).
    lang : {"en", "zh"}, optional
        Language of the note (default: the current language).
    """
    state = _state(nb)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = [o for o in cell.get("outputs", []) if not o.get("metadata", {}).get(NOTE_MARK)]
        shown = False
        for output in outputs:
            data = output.get("data", {})
            if VIEW_MIME not in data:
                continue
            still = still_html(state, data[VIEW_MIME].get("model_id", ""), lang)
            if still:
                data["text/html"] = still
                shown = True
        if shown:
            first = next(i for i, o in enumerate(outputs) if VIEW_MIME in o.get("data", {}))
            outputs.insert(first, still_note(lang))
        cell.outputs = outputs
    return nb
