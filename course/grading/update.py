"""Move a trainee's answers into a new version of a workbook (练习册升级，不丢答案).

``python -m course update-workbook OLD [NEW_TEMPLATE]``: OLD is a trainee's
workbook (or a folder of them), NEW_TEMPLATE the new blank copy (or a folder;
default: the kit's current trainee copy of the same chapter and language).

Answers move **by exercise id**, not by position: in each exercise section
(see :mod:`course.grading.structure`) the trainee's answer cells and any cells
they added replace the new template's answer cells for the same exercise,
just before its check cell, with their outputs. An exercise the trainee never
touched (answer cells still holding ``____``) keeps the new blank. Answers
whose exercise is gone from the new version, and cells the trainee added
outside any exercise, are kept in a section at the end of the notebook and
listed in the report. The old file is first copied to
``NAME.backup-YYYYMMDD-HHMMSS.ipynb`` next to it; the new one is written to
a temporary file and moved into place.
"""

from __future__ import annotations

import ast
import copy
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import nbformat

from course import i18n
from course.grading import structure

BLANK = re.compile(r"(?<![\w])____(?![\w])")


@dataclass
class UpdateReport:
    """What :func:`update_workbook` did to one file."""

    path: Path
    backup: Path | None
    placed: list[str] = field(default_factory=list)
    kept_blank: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = [f"{self.path}: {len(self.placed)} answer(s) moved"
                 + (f", backup {self.backup.name}" if self.backup else "")]
        for item in self.unplaced:
            lines.append(f"  could not place {item}: kept at the end of the notebook")
        for item in self.warnings:
            lines.append(f"  check {item}")
        return "\n".join(lines)


def _blank_cell(source: str) -> bool:
    """True when every line of code in ``source`` still holds the ``____`` placeholder."""
    lines = [line for line in source.splitlines() if line.strip() and not line.strip().startswith("#")]
    return all(BLANK.search(line) or line.strip().startswith(("def ", "async def ")) for line in lines)


def _touched(nb, section: structure.Section) -> bool:
    if section.notes:
        return True
    return any(not _blank_cell(str(nb.cells[i].get("source", ""))) for i in section.answers)


def _assigned(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
    return names


def merge(old: nbformat.NotebookNode, new: nbformat.NotebookNode, chapter: str) -> tuple[nbformat.NotebookNode, UpdateReport]:
    """The new template with the old notebook's answers placed by exercise id (pure; no files)."""
    report = UpdateReport(path=Path(""), backup=None)
    new_sections = structure.exercise_sections(new, chapter, use_metadata=True)
    checks = {eid: new.cells[s.check].source for eid, s in new_sections.items() if s.check is not None}
    old_sections = structure.sections(old, chapter, checks=checks, use_metadata=True)
    moves: dict[str, list] = {}
    leftovers: list[tuple[str, list]] = []
    for section in old_sections:
        if section.exercise is None:
            # cells the trainee added outside any exercise (not from a template)
            extra = [old.cells[i] for i in section.cells
                     if not structure.TEMPLATE_ID.match(str(old.cells[i].get("id", "")))
                     and not structure._meta(old.cells[i]) and str(old.cells[i].get("source", "")).strip()]
            if extra:
                leftovers.append(("(cells added outside the exercises)", extra))
            continue
        if section.exercise in moves or not _touched(old, section):
            if section.exercise not in moves:
                report.kept_blank.append(section.exercise)
            continue
        cells = [copy.deepcopy(old.cells[i]) for i in sorted(section.answers + section.notes)]
        if section.exercise in new_sections:
            moves[section.exercise] = cells
        else:
            leftovers.append((section.exercise, cells))
    merged = copy.deepcopy(new)
    out_cells = []
    sections_by_start = {s.start: (eid, s) for eid, s in new_sections.items()}
    skip: set[int] = set()
    for eid, section in new_sections.items():
        if eid in moves:
            skip.update(section.answers)
    for index, cell in enumerate(merged.cells):
        if index in skip:
            continue
        hit = [(eid, s) for eid, s in sections_by_start.values() if s.check == index and eid in moves]
        for eid, section in hit:
            wanted = set().union(*[_assigned(new.cells[i].source) for i in section.answers]) if section.answers else set()
            got = set().union(*[_assigned(c.source) for c in moves[eid] if c.cell_type == "code"])
            if wanted - got:
                report.warnings.append(f"{eid}: the new version expects {', '.join(sorted(wanted - got))}")
            for moved in moves[eid]:
                moved.setdefault("metadata", {})["course"] = {"exercise": eid, "role": "answer" if moved.cell_type == "code" else "text"}
                out_cells.append(moved)
            report.placed.append(eid)
        out_cells.append(cell)
    if leftovers:
        lang = merged.metadata.get("course", {}).get("lang", "en")
        out_cells.append(nbformat.v4.new_markdown_cell(i18n.t("grading.update.leftovers", lang=lang)))
        for eid, cells in leftovers:
            out_cells.append(nbformat.v4.new_markdown_cell(f"### {eid}"))
            out_cells.extend(cells)
            report.unplaced.append(eid)
    merged.cells = out_cells
    for number, cell in enumerate(merged.cells):  # ids must stay unique
        if "id" in cell and [c.get("id") for c in merged.cells].count(cell["id"]) > 1:
            cell["id"] = f"moved-{number:03d}"
    return merged, report


def _default_template(old: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    from course.grading import release

    chapter = structure.chapter_of(old, path.name)
    lang = old.metadata.get("course", {}).get("lang", "en")
    from course import authoring

    for src in authoring.chapters("workbook"):
        if src.stem[:2] == chapter:
            return release.trainee_copy(src, lang if lang in authoring.LANGS else "en")
    raise ValueError(f"No current template for {path.name}: pass NEW_TEMPLATE. 找不到 {path.name} 的新模板：请指定 NEW_TEMPLATE。")


def _read(path: Path) -> nbformat.NotebookNode:
    try:
        return nbformat.read(path, as_version=4)
    except Exception as error:  # noqa: BLE001
        raise ValueError(f"Cannot read {path} as a notebook ({type(error).__name__}). 无法读取笔记本 {path}。") from None


def update_workbook(old_path: Path | str, new_template: Path | str | None = None, *, now: datetime | None = None) -> UpdateReport:
    """Merge one trainee workbook into the new template, in place, keeping a timestamped backup."""
    old_path = Path(old_path)
    if not old_path.is_file():
        raise ValueError(f"{old_path} is not a file. {old_path} 不是文件。")
    old = _read(old_path)
    new = _read(Path(new_template)) if new_template else _default_template(old, old_path)
    chapter = structure.chapter_of(old, old_path.name) or structure.chapter_of(new, str(new_template or ""))
    if chapter is None:
        raise ValueError(f"Cannot tell the chapter of {old_path.name}. 无法判断 {old_path.name} 属于哪一章。")
    merged, report = merge(old, new, chapter)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    backup = old_path.with_name(f"{old_path.stem}.backup-{stamp}.ipynb")
    shutil.copy2(old_path, backup)
    fd, tmp = tempfile.mkstemp(suffix=".ipynb", dir=old_path.parent)
    os.close(fd)
    try:
        nbformat.write(merged, tmp)
        os.replace(tmp, old_path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    report.path, report.backup = old_path, backup
    return report


def update_folder(old: Path | str, new: Path | str | None = None) -> list[UpdateReport]:
    """:func:`update_workbook` for every ``NN-*.ipynb`` under ``old`` (templates matched by file name)."""
    old, reports = Path(old), []
    for path in sorted(old.rglob("[0-9][0-9]-*.ipynb")):
        if ".backup-" in path.name or ".ipynb_checkpoints" in path.parts:
            continue
        if new is not None and Path(new).resolve() in path.resolve().parents:
            continue  # the new templates may sit inside the trainees' folder
        template = None
        if new is not None:
            hits = sorted(Path(new).rglob(path.name))
            if not hits:
                reports.append(UpdateReport(path=path, backup=None, unplaced=["(no new template with this name)"]))
                continue
            template = hits[0]
        reports.append(update_workbook(path, template))
    return reports
