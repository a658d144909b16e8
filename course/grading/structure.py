"""How a workbook is laid out, seen from the grader (练习册结构).

A workbook is a list of *sections*: a level-1 or level-2 markdown heading
starts one. A section is an *exercise section* when it holds the check cell
of an exercise (``q3.check(...)``); its other code cells are the trainee's
*answer* cells, except the widget cell (``q5.widget()``).

Cells can also carry the mapping explicitly in their metadata, which
:func:`stamp` writes::

    {"course": {"exercise": "ch01.q3", "role": "answer"}}   # or "check", "widget", "text"

The grader never trusts that metadata (a trainee can edit it); it uses the
check cells of the kit's own template. :mod:`course.grading.update` prefers it
when present and falls back on the layout otherwise.
"""

from __future__ import annotations

import importlib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import nbformat

from course.exercises.core import RECORD_MIME

CHECK_CALL = re.compile(r"(?<![\w.])(q\d+)\s*\.\s*check\s*\(")
WIDGET_CELL = re.compile(r"^\s*(q\d+)\s*\.\s*widget\s*\(\s*\)\s*;?\s*$")
HEADING = re.compile(r"^\s{0,3}#{1,2}\s+\S")
CHAPTER_FILE = re.compile(r"(?:^|[^0-9])(\d{2})-[\w.-]*\.ipynb$")
CHAPTER_IMPORT = re.compile(r"course\.exercises\.ch(\d{2})\b")
TEMPLATE_ID = re.compile(r"^(en|zh)-\d{3}$")


def normalise_code(source: str) -> str:
    """Code compared line by line, ignoring trailing spaces and blank lines at the ends."""
    return "\n".join(line.rstrip() for line in str(source).strip().splitlines())


def chapter_of(nb: nbformat.NotebookNode | None, filename: str) -> str | None:
    """The two-digit chapter of a workbook, from its file name or its import line."""
    match = CHAPTER_FILE.search(Path(filename).name)
    if match:
        return match.group(1)
    if nb is not None:
        for cell in nb.get("cells", []):
            if cell.get("cell_type") == "code":
                found = CHAPTER_IMPORT.search(str(cell.get("source", "")))
                if found:
                    return found.group(1)
    return None


def exercise_module(chapter: str):
    """``course.exercises.chNN`` (raises ``ValueError`` when the kit has no such chapter)."""
    try:
        return importlib.import_module(f"course.exercises.ch{chapter}")
    except ModuleNotFoundError:
        raise ValueError(
            f"The kit has no exercises for chapter {chapter} (course.exercises.ch{chapter}). "
            f"本套件没有第 {chapter} 章的练习。"
        ) from None


def chapter_exercise_ids(chapter: str) -> list[str]:
    """Exercise ids of a chapter in the order its module lists them."""
    return [q.id for q in exercise_module(chapter).EXERCISES]


# --------------------------------------------------------------------------- sections
@dataclass
class Section:
    """One section of a workbook (from a heading to the next)."""

    start: int
    cells: list[int] = field(default_factory=list)
    exercise: str | None = None
    check: int | None = None
    widget: int | None = None
    answers: list[int] = field(default_factory=list)
    notes: list[int] = field(default_factory=list)


def _is_heading(cell: Any) -> bool:
    if cell.get("cell_type") != "markdown":
        return False
    lines = [line for line in str(cell.get("source", "")).splitlines() if line.strip()]
    return bool(lines) and bool(HEADING.match(lines[0]))


def _meta(cell: Any) -> dict:
    value = cell.get("metadata", {}).get("course", {})
    return value if isinstance(value, dict) else {}


def sections(nb: nbformat.NotebookNode, chapter: str, checks: dict[str, str] | None = None,
             use_metadata: bool = False) -> list[Section]:
    """Split a notebook into sections and find each exercise's check, widget and answer cells.

    Parameters
    ----------
    nb : NotebookNode
        The workbook.
    chapter : str
        Two-digit chapter, e.g. ``"01"`` (exercise ids are ``ch01.qK``).
    checks : dict, optional
        Exercise id -> source of the template's check cell. A cell equal to it
        is that exercise's check cell even when other cells also call ``check``.
    use_metadata : bool
        Trust ``metadata.course`` stamps when present (update-workbook does,
        the grader does not).

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("## Exercise 1"),
    ...     nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("q1.check(x)")])
    >>> [(s.exercise, s.answers, s.check) for s in sections(nb, "01")]
    [('ch01.q1', [1], 2)]
    """
    wanted = {eid: normalise_code(src) for eid, src in (checks or {}).items()}
    out: list[Section] = []
    current = Section(start=0)
    for index, cell in enumerate(nb.cells):
        if _is_heading(cell) and (current.cells or index > 0):
            if current.cells:
                out.append(current)
            current = Section(start=index)
        current.cells.append(index)
    if current.cells:
        out.append(current)
    prefix = f"ch{chapter}."
    for section in out:
        code = [i for i in section.cells if nb.cells[i].get("cell_type") == "code"]
        # 1. stamped metadata (update-workbook only)
        if use_metadata:
            for i in section.cells:
                meta = _meta(nb.cells[i])
                if meta.get("exercise") and meta.get("role") == "check":
                    section.exercise, section.check = meta["exercise"], i
                    break
        # 2. a cell equal to a template check cell
        if section.check is None and wanted:
            for i in code:
                norm = normalise_code(nb.cells[i].get("source", ""))
                hit = [eid for eid, src in wanted.items() if src == norm]
                if hit:
                    section.exercise, section.check = hit[0], i
                    break
        # 3. the last cell that calls qK.check(...)
        if section.check is None:
            for i in reversed(code):
                match = CHECK_CALL.search(str(nb.cells[i].get("source", "")))
                if match:
                    section.exercise, section.check = prefix + match.group(1), i
                    break
        if section.exercise is None:
            continue
        for i in section.cells:
            cell = nb.cells[i]
            if i == section.check:
                continue
            if cell.get("cell_type") == "code":
                if WIDGET_CELL.match(str(cell.get("source", ""))):
                    section.widget = i
                elif use_metadata and _meta(cell).get("role") in {"check", "widget"}:
                    continue
                else:
                    section.answers.append(i)
            elif i != section.start and not TEMPLATE_ID.match(str(cell.get("id", ""))):
                section.notes.append(i)  # a markdown cell the trainee added
    return out


def exercise_sections(nb: nbformat.NotebookNode, chapter: str, **kw: Any) -> dict[str, Section]:
    """Exercise id -> its section (the first one when a trainee duplicated a section)."""
    found: dict[str, Section] = {}
    for section in sections(nb, chapter, **kw):
        if section.exercise and section.exercise not in found:
            found[section.exercise] = section
    return found


def stamp(nb: nbformat.NotebookNode, chapter: str) -> nbformat.NotebookNode:
    """Write ``metadata.course = {"exercise", "role"}`` on every cell of an exercise section.

    Meant for the trainee copies the kit builds (see the lead's note in the
    grading README section): it makes :mod:`course.grading.update` robust to a
    trainee who rewrites a heading. Returns ``nb`` (modified in place).
    """
    for section in sections(nb, chapter):
        if section.exercise is None:
            continue
        for i in section.cells:
            if i == section.check:
                role = "check"
            elif i == section.widget:
                role = "widget"
            elif i in section.answers:
                role = "answer"
            else:
                role = "text"
            nb.cells[i].metadata["course"] = {"exercise": section.exercise, "role": role}
    return nb


# --------------------------------------------------------------------------- records
def cell_records(cell: Any, mime: str = RECORD_MIME) -> list[dict[str, Any]]:
    """The records of type ``mime`` a cell's outputs hold, as plain dicts (a record saved as a JSON string too)."""
    found: list[dict[str, Any]] = []
    for output in cell.get("outputs", []) or []:
        data = output.get("data", {}) if isinstance(output, dict) else {}
        record = data.get(mime) if isinstance(data, dict) else None
        if isinstance(record, str):
            try:
                record = json.loads(record)
            except ValueError:
                record = None
        if isinstance(record, dict) and isinstance(record.get("exercise"), str):
            found.append(json.loads(json.dumps(record)))  # plain dicts and lists (not NotebookNode)
    return found


def records(nb: Any) -> list[dict[str, Any]]:
    """Every result record stored in a notebook's outputs, in cell order."""
    return [record for cell in nb.get("cells", []) for record in cell_records(cell)]


# --------------------------------------------------------------------------- reference templates
@dataclass(frozen=True)
class Reference:
    """What the kit's own trainee copy of a chapter looks like, for integrity checks."""

    chapter: str
    exercises: tuple[str, ...]
    checks: dict[str, str]
    stem: str
    #: exercises whose template section has a widget cell: the only ones a clicked answer can count for
    widgets: frozenset[str] = frozenset()


@cache
def _template_from_sources(chapter: str) -> tuple[str, nbformat.NotebookNode] | None:
    from course import authoring

    for src in authoring.chapters("workbook"):
        if src.stem[:2] == chapter:
            nb = authoring.trainee_copy(authoring.edition(authoring.read_source(src), "en"), "en")
            return src.stem, nb
    return None


def template(chapter: str, templates: Path | None = None) -> tuple[str, nbformat.NotebookNode]:
    """(stem, notebook) of a chapter's trainee copy: from ``templates`` or the kit's sources."""
    if templates is not None:
        for path in sorted(Path(templates).rglob(f"{chapter}-*.ipynb")):
            if ".ipynb_checkpoints" not in path.parts:
                return path.stem, nbformat.read(path, as_version=4)
    found = _template_from_sources(chapter)
    if found is None:
        raise ValueError(
            f"No workbook template for chapter {chapter}: pass --templates with the released copies. "
            f"找不到第 {chapter} 章的练习册模板：请用 --templates 指定发放的练习册文件夹。"
        )
    return found


def reference(chapter: str, templates: Path | None = None) -> Reference:
    """The exercise ids and template check cells of one chapter."""
    stem, nb = template(chapter, templates)
    ids = chapter_exercise_ids(chapter)
    checks: dict[str, str] = {}
    widgets: set[str] = set()
    for section in sections(nb, chapter):
        if section.exercise and section.check is not None and section.exercise not in checks:
            checks[section.exercise] = normalise_code(nb.cells[section.check].source)
        if section.exercise and section.widget is not None:
            widgets.add(section.exercise)
    return Reference(chapter=chapter, exercises=tuple(ids), checks=checks, stem=stem, widgets=frozenset(widgets))
