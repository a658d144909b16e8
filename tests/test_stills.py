"""Widgets before anything runs: stable saved state, a still per widget, a note to run the cell."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import ipywidgets as w
import nbformat
import pytest

from course import authoring, stills
from course.i18n import t

v4 = nbformat.v4
ROOT = Path(__file__).resolve().parents[1]
EDITIONS = sorted((authoring.repo_root() / "notebooks").glob("[a-z][a-z]/[0-9][0-9]-*.ipynb"))
HEX32 = re.compile(r"^[0-9a-f]{32}$")


def _saved(*roots: w.Widget) -> dict:
    """What nbclient saves: the state of the models (and those they refer to), under random ids."""
    from ipywidgets.widgets.widget import _instances  # id -> live widget (ipywidgets 8)

    state: dict = {}

    def walk(model_id: str) -> None:
        if model_id in state:
            return
        widget = _instances[model_id]
        raw = widget.get_state()  # references are already "IPY_MODEL_<id>" strings
        state[model_id] = {
            "model_name": widget._model_name,
            "model_module": widget._model_module,
            "model_module_version": widget._model_module_version,
            "state": raw,
        }
        for ref in re.findall(r"IPY_MODEL_([0-9a-f]{32})", str(raw)):
            walk(ref)

    for root in roots:
        walk(root.model_id)
    return state


def _notebook(*widgets: w.Widget, extra: w.Widget | None = None) -> nbformat.NotebookNode:
    """A notebook showing ``widgets``, its saved state holding them (and ``extra``, not shown)."""
    nb = v4.new_notebook()
    cells = []
    for number, widget in enumerate(widgets):
        out = v4.new_output(
            "display_data",
            data={
                stills.VIEW_MIME: {
                    "model_id": widget.model_id,
                    "version_major": 2,
                    "version_minor": 0,
                },
                "text/plain": repr(widget)[:60],
            },
        )
        cells.append(v4.new_code_cell(f"widget_{number}", outputs=[out]))
    nb.cells = [v4.new_markdown_cell("# T"), *cells]
    nb.metadata["widgets"] = {
        stills.STATE_MIME: {
            "version_major": 2,
            "version_minor": 0,
            "state": _saved(*widgets, *([extra] if extra else [])),
        }
    }
    return nb


@pytest.fixture(autouse=True)
def _fresh_widget_registry():
    w.Widget.close_all()
    yield
    w.Widget.close_all()


def _tree():
    slider = w.FloatSlider(
        value=4200, min=1000, max=9000, description="Price ¥", readout_format=",.0f"
    )
    toggle = w.ToggleButtons(
        options=[("has it", True), ("lacks it", False)], value=False, description="Money"
    )
    box = w.VBox(
        [
            slider,
            toggle,
            w.HTML("<b>MAN</b> — ideal"),
            w.Checkbox(value=True, description="Needs it"),
        ]
    )
    return box


def test_state_keeps_only_what_is_shown_under_stable_ids():
    box = _tree()
    nb = _notebook(box, extra=w.Button(description="orphan: replaced while the notebook ran"))
    before = nb.metadata["widgets"][stills.STATE_MIME]["state"]
    assert len(before) > len([box, *box.children]) + 1, (
        "the orphan and layouts/styles are saved by nbclient"
    )
    stills.stabilise_widget_state(nb, "en-01-demo")
    state = nb.metadata["widgets"][stills.STATE_MIME]["state"]
    assert all(HEX32.match(k) for k in state)
    names = {v["model_name"] for v in state.values()}
    assert "ButtonModel" not in names, "a model no displayed widget refers to is dropped"
    assert {
        "VBoxModel",
        "FloatSliderModel",
        "ToggleButtonsModel",
        "HTMLModel",
        "CheckboxModel",
    } <= names
    root = nb.cells[1].outputs[0].data[stills.VIEW_MIME]["model_id"]
    assert root in state and root != box.model_id
    # every reference points at a kept model
    refs = re.findall(r"IPY_MODEL_([0-9a-f]+)", str(state))
    assert refs and all(r in state for r in refs)


def test_ids_depend_only_on_the_prefix_and_the_order():
    box = _tree()
    one = _notebook(box)
    two = copy.deepcopy(one)
    # the same widgets saved under other random ids, as a second build would
    text = str(two.metadata["widgets"])
    for old in set(re.findall(r"[0-9a-f]{32}", text)):
        new = old[::-1]
        two.metadata["widgets"][stills.STATE_MIME]["state"] = eval(  # noqa: S307 - test data
            str(two.metadata["widgets"][stills.STATE_MIME]["state"]).replace(old, new)
        )
        view = two.cells[1].outputs[0].data[stills.VIEW_MIME]
        view["model_id"] = view["model_id"].replace(old, new)
    assert one.metadata["widgets"] != two.metadata["widgets"]
    stills.stabilise_widget_state(one, "zh-03")
    stills.stabilise_widget_state(two, "zh-03")
    assert one.metadata["widgets"] == two.metadata["widgets"]
    assert one.cells[1].outputs == two.cells[1].outputs
    other = _notebook(box)
    stills.stabilise_widget_state(other, "en-03")
    assert set(other.metadata["widgets"][stills.STATE_MIME]["state"]).isdisjoint(
        one.metadata["widgets"][stills.STATE_MIME]["state"]
    ), "two notebooks never share ids"


def test_still_shows_controls_values_and_readouts_and_a_note_in_the_language():
    box = _tree()
    nb = _notebook(box)
    stills.stabilise_widget_state(nb, "zh-01")
    stills.add_stills(nb, "zh")
    outputs = nb.cells[1].outputs
    assert len(outputs) == 2, "a note, then the widget"
    assert outputs[0].data["text/plain"] == t("widget.still_note", "zh")
    assert "运行" in outputs[0].data["text/plain"] and "Run" not in outputs[0].data["text/plain"]
    still = outputs[1].data["text/html"]
    assert stills.VIEW_MIME in outputs[1].data, (
        "the live widget stays first choice for a trusted notebook"
    )
    assert 'type="range"' in still and 'value="4200' in still and "4,200" in still
    assert "Price ¥" in still and "<b>MAN</b> — ideal" in still
    # the chosen toggle ("lacks it", index 1) is the highlighted one
    buttons = re.findall(r"<button[^>]*style=\"([^\"]*)\"[^>]*>([^<]*)</button>", still)
    active = [label for style, label in buttons if "font-weight:bold" in style]
    assert active == ["lacks it"]
    assert re.search(r'type="checkbox" disabled checked[^>]*>Needs it', still)
    assert "<script" not in still


def test_add_stills_is_idempotent():
    nb = _notebook(_tree())
    stills.stabilise_widget_state(nb, "en-01")
    stills.add_stills(nb, "en")
    once = copy.deepcopy(nb)
    stills.add_stills(nb, "en")
    assert nb == once


def test_text_in_the_still_is_escaped_where_the_widget_escapes_it():
    box = w.VBox([w.Dropdown(options=["<script>alert(1)</script>", "b"], description="<i>x</i>")])
    nb = _notebook(box)
    stills.stabilise_widget_state(nb, "en-x")
    stills.add_stills(nb, "en")
    still = nb.cells[1].outputs[-1].data["text/html"]
    assert "<script>" not in still and "&lt;script&gt;" in still and "&lt;i&gt;x&lt;/i&gt;" in still


def test_output_widget_pictures_are_in_the_still():
    out = w.Output()
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    out.outputs = (
        {
            "output_type": "display_data",
            "data": {"image/png": png, "text/plain": "<Image>"},
            "metadata": {},
        },
    )
    nb = _notebook(w.VBox([w.IntSlider(value=3), out]))
    stills.stabilise_widget_state(nb, "en-x")
    stills.add_stills(nb, "en")
    assert f"data:image/png;base64,{png}" in nb.cells[1].outputs[-1].data["text/html"]


def test_a_widget_without_saved_state_keeps_its_outputs_untouched():
    nb = _notebook(_tree())
    nb.metadata.pop("widgets")
    before = copy.deepcopy(nb)
    stills.stabilise_widget_state(nb, "en-x")
    stills.add_stills(nb, "en")
    assert nb == before


@pytest.mark.parametrize("path", EDITIONS, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_committed_editions_show_every_widget_before_anything_runs(path):
    nb = nbformat.read(path, as_version=4)
    lang = path.parent.name
    shown = list(stills.widget_outputs(nb))
    if not shown:
        pytest.skip("no widgets in this chapter")
    state = nb.metadata.get("widgets", {}).get(stills.STATE_MIME, {}).get("state", {})
    assert state, f"{path}: widget state not saved: run `make notebooks`"
    assert all(HEX32.match(k) for k in state)
    for index, output in shown:
        model_id = output["data"][stills.VIEW_MIME]["model_id"]
        assert model_id in state, f"{path} cell {index}: the widget's model is not saved"
        still = output["data"].get("text/html", "")
        assert "course-widget-still" in still, (
            f"{path} cell {index}: no still: run `make notebooks`"
        )
        notes = [o for o in nb.cells[index].outputs if o.get("metadata", {}).get(stills.NOTE_MARK)]
        assert len(notes) == 1 and notes[0]["data"]["text/plain"] == t("widget.still_note", lang)
    # the saved state is exactly what the displayed widgets need, so a rebuild cannot grow it
    probe = copy.deepcopy(nb)
    stills.stabilise_widget_state(probe, "probe")
    assert len(probe.metadata["widgets"][stills.STATE_MIME]["state"]) == len(state)


def test_a_chart_keeps_the_width_the_widget_shows_it_at():
    out = w.Output()
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    out.outputs = (
        {
            "output_type": "display_data",
            "data": {"image/png": png},
            "metadata": {"image/png": {"width": 600}},
        },
    )
    nb = _notebook(w.VBox([out]))
    stills.stabilise_widget_state(nb, "en-x")
    stills.add_stills(nb, "en")
    assert 'style="width:600px;max-width:100%"' in nb.cells[1].outputs[-1].data["text/html"]


def test_build_writes_addresses_and_kernel_folders_the_same_every_time():
    def executed(address: str, pid: int) -> nbformat.NotebookNode:
        nb = v4.new_notebook()
        nb.cells = [
            v4.new_code_cell(
                "table.style",
                outputs=[
                    v4.new_output(
                        "execute_result",
                        data={"text/plain": f"<Styler at {address}>"},
                        execution_count=1,
                    ),
                    v4.new_output(
                        "stream",
                        name="stderr",
                        text=f"/tmp/ipykernel_{pid}/123.py:2: UserWarning: x",
                    ),
                ],
            )
        ]
        return authoring.finish_executed(nb, "en", "01-x")

    one, two = executed("0x7fcb05d0c410", 15568), executed("0x7fe898cd24d0", 18488)
    assert one.cells[0].outputs == two.cells[0].outputs
    assert one.cells[0].outputs[0]["data"]["text/plain"] == "<Styler at 0x0>"
    assert "UserWarning: x" in one.cells[0].outputs[1]["text"], "the warning itself is kept"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_exported_page_says_where_the_widget_is_live_not_to_run_a_cell(lang):
    """On an HTML page (python -m course export-html, jupyter nbconvert) no cell can be run."""
    from course.exports import OfflineWidgets

    path = ROOT / "notebooks" / lang / "07-precision.ipynb"
    committed = path.read_bytes()
    nb = nbformat.read(path, as_version=4)
    OfflineWidgets().preprocess(nb, {})
    notes = [o for c in nb.cells for o in c.get("outputs", []) if o.get("metadata", {}).get(stills.NOTE_MARK)]
    drawn = [o["data"]["text/html"] for c in nb.cells for o in c.get("outputs", []) if "course-widget-still" in
              str(o.get("data", {}).get("text/html", ""))]
    assert notes and len(notes) == len(drawn)
    for note in notes:
        assert note["data"]["text/plain"] == t("widget.still_note_page", lang)
        assert t("widget.still_note_page", lang) in note["data"]["text/html"]
    page = "".join(str(o.get("data", {})) for c in nb.cells for o in c.get("outputs", []))
    assert t("widget.still_note", lang) not in page and t("widget.still_title", lang) not in page
    assert all(f'title="{t("widget.still_title_page", lang)}"' in still for still in drawn)
    assert path.read_bytes() == committed  # the committed notebook is read, never changed
