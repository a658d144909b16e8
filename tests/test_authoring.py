"""One source per chapter: editions share code; trainee copies derive from solutions."""

from __future__ import annotations

import os
import re
import tempfile

import nbformat
import pytest

from course import authoring

NOTEBOOK_SOURCES = authoring.chapters("notebooks")
WORKBOOK_SOURCES = authoring.chapters("workbook")


def _code(nb):
    return [c.source for c in nb.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])]


def test_there_are_sources():
    assert NOTEBOOK_SOURCES and WORKBOOK_SOURCES


@pytest.mark.parametrize("src", NOTEBOOK_SOURCES, ids=lambda p: p.stem)
def test_committed_editions_have_identical_code_and_match_the_source(src):
    source = authoring.read_source(src)
    editions = {}
    for lang in authoring.LANGS:
        path = src.parent.parent / lang / f"{src.stem}.ipynb"
        assert path.exists(), f"{path} is missing: run `make notebooks`"
        committed = nbformat.read(path, as_version=4)
        editions[lang] = committed
        built = authoring.edition(source, lang)
        assert [c.source for c in committed.cells] == [c.source for c in built.cells], (
            f"{path} is out of date with {src}: run `make notebooks`"
        )
    assert _code(editions["en"]) == _code(editions["zh"])
    params = [c.source for c in editions["zh"].cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1 and params[0].startswith('LANG = "zh"')


@pytest.mark.parametrize("src", NOTEBOOK_SOURCES, ids=lambda p: p.stem)
def test_notebook_has_the_house_shape(src):
    for lang in authoring.LANGS:
        nb = authoring.edition(authoring.read_source(src), lang)
        markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert markdown.count("\n# ") + markdown.startswith("# ") == 1, "exactly one H1"
        assert ("Learning goals" if lang == "en" else "学习目标") in markdown
        assert ("Recap" if lang == "en" else "小结") in markdown
        executed = nbformat.read(src.parent.parent / lang / f"{src.stem}.ipynb", as_version=4)
        assert all(c.get("execution_count") for c in executed.cells if c.cell_type == "code"), "commit it executed"


@pytest.mark.parametrize("src", WORKBOOK_SOURCES, ids=lambda p: p.stem)
def test_trainee_copies_are_in_sync_with_the_solution_source(src):
    source = authoring.read_source(src)
    assert authoring.solution_cells_marked(source) >= 8
    for lang in authoring.LANGS:
        path = src.parent.parent / lang / f"{src.stem}.ipynb"
        assert path.exists(), f"{path} is missing: run `make workbook`"
        committed = nbformat.read(path, as_version=4)
        derived = authoring.trainee_copy(authoring.edition(source, lang), lang)
        assert [c.source for c in committed.cells] == [c.source for c in derived.cells], (
            f"{path} is out of date with {src}: run `make workbook`"
        )
        text = "\n".join(c.source for c in committed.cells)
        assert "# blank" not in text and "BEGIN SOLUTION" not in text
        assert not any("selftest" in c.metadata.get("tags", []) for c in committed.cells)
        assert all(not c.get("outputs") for c in committed.cells if c.cell_type == "code"), "commit workbooks blank"


def test_blank_out_keeps_targets_and_indentation():
    src = "top = leads[leads.x > 1]  # blank\nq1.check(top)\n"
    assert authoring.blank_out(src) == "top = ____  # your answer here\nq1.check(top)"
    func = "def f(x):\n    # BEGIN SOLUTION\n    y = x + 1\n    return y\n    # END SOLUTION\n"
    assert authoring.blank_out(func, "zh") == "def f(x):\n    return ____  # 在这里写你的答案"
    assert authoring.blank_out("a == b  # blank") == "a == b  # blank"  # a comparison is not an answer line
    with pytest.raises(ValueError):
        authoring.blank_out("# BEGIN SOLUTION\nx = 1")


def test_code_cells_may_not_be_language_specific():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x = 1")
    cell.metadata["lang"] = "en"
    nb.cells = [cell]
    with pytest.raises(ValueError, match="same code"):
        authoring.edition(nb, "en")


def test_a_notebook_temporary_folder_is_written_the_same_on_every_build():
    from course.authoring import _steady_temp_folders

    made = tempfile.mkdtemp(prefix="capstone-")
    os.rmdir(made)
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text=f"saved {made}/mapping.yaml\n"),
        nbformat.v4.new_output("display_data", data={"text/html": [f'<input value="{made}/mapping.yaml">']}),
    ]
    nb.cells = [cell]
    nb.metadata["widgets"] = {"state": {"abc": {"state": {"value": f"{made}/mapping.yaml", "n": 3}}}}
    _steady_temp_folders(nb)
    steady = "/tmp/capstone-XXXXXXXX/mapping.yaml"
    assert cell.outputs[0]["text"] == f"saved {steady}\n"
    assert cell.outputs[1]["data"]["text/html"] == [f'<input value="{steady}">']
    assert nb.metadata["widgets"]["state"]["abc"]["state"] == {"value": steady, "n": 3}
    # a folder the reader named is left alone
    mine = nbformat.v4.new_code_cell("y")
    mine.outputs = [nbformat.v4.new_output("stream", name="stdout", text="/tmp/my-reports/plan.xlsx")]
    nb.cells = [mine]
    _steady_temp_folders(nb)
    assert mine.outputs[0]["text"] == "/tmp/my-reports/plan.xlsx"


@pytest.mark.parametrize("lang", authoring.LANGS)
def test_committed_notebooks_name_no_random_temporary_folder(lang):
    for path in sorted((authoring.repo_root() / "notebooks" / lang).glob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"/tmp/capstone-(?!XXXXXXXX)", text), f"{path.name}: rebuild it (python -m course build notebooks)"
