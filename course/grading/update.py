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
outside any exercise, are kept in **one** section at the end of the notebook
(its cells marked in their metadata) and listed in the report; a later run
keeps them there -- or puts them back into their exercise if a newer version
has it again -- and never repeats the section's headings.

Nothing is ever lost: after merging, every cell the trainee wrote is looked
for in the result, and any that is missing is added to that section. The old
file is first copied to ``NAME.backup-YYYYMMDD-HHMMSS.ipynb`` next to it (a
new name if that one exists); the new one is written to a temporary file and
moved into place with the old file's permissions. A symbolic link updates the
file it points to; a read-only file is refused, untouched.
"""

from __future__ import annotations

import ast
import copy
import os
import re
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import nbformat

from course import i18n
from course.grading import structure

BLANK = re.compile(r"(?<![\w])____(?![\w])")
OUTSIDE = "(outside)"
_LEFTOVER_ROLES = {"leftover", "leftovers-heading", "leftovers-group"}


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
        lines = [
            f"{self.path}: {len(self.placed)} answer(s) moved"
            + (f", backup {self.backup.name}" if self.backup else "")
        ]
        for item in self.unplaced:
            lines.append(f"  could not place {item}: kept at the end of the notebook")
        for item in self.warnings:
            lines.append(f"  check {item}")
        return "\n".join(lines)


def _blank_cell(source: str) -> bool:
    """True when every line of code in ``source`` still holds the ``____`` placeholder."""
    lines = [
        line for line in source.splitlines() if line.strip() and not line.strip().startswith("#")
    ]
    return all(
        BLANK.search(line) or line.strip().startswith(("def ", "async def ")) for line in lines
    )


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


def _legacy_headings() -> set[str]:
    return {i18n.t("grading.update.leftovers", lang=lang).strip() for lang in i18n.LANGUAGES}


def split_leftovers(
    nb: nbformat.NotebookNode,
) -> tuple[nbformat.NotebookNode, list[tuple[str, list[Any]]]]:
    """The notebook without its carried-over section, and that section's cells grouped by exercise.

    Cells are recognised by their ``leftover`` metadata, or -- in a notebook
    updated by an earlier kit -- by the section's heading text.
    """
    groups: dict[str, list[Any]] = {}
    rest: list[Any] = []
    legacy = False
    current = OUTSIDE
    for cell in nb.cells:
        meta = structure._meta(cell)
        source = str(cell.get("source", ""))
        if cell.get("cell_type") == "markdown" and source.strip() in _legacy_headings():
            legacy, current = True, OUTSIDE
            continue
        if (
            legacy
            and cell.get("cell_type") == "markdown"
            and structure.HEADING.match(source)
            and not source.lstrip().startswith("###")
        ):
            legacy = False  # a level-1/2 heading after the section ends it
        if meta.get("role") in {"leftovers-heading", "leftovers-group"}:
            current = meta.get("exercise") or OUTSIDE
            continue
        if legacy and cell.get("cell_type") == "markdown" and source.lstrip().startswith("### "):
            label = source.lstrip()[4:].strip()
            current = label if re.fullmatch(r"ch\d{2}\.q\d+", label) else OUTSIDE
            continue
        if meta.get("role") == "leftover":
            groups.setdefault(meta.get("exercise") or OUTSIDE, []).append(cell)
        elif legacy:
            groups.setdefault(current, []).append(cell)
        else:
            rest.append(cell)
    trimmed = copy.copy(nb)
    trimmed.cells = rest
    return trimmed, list(groups.items())


def merge(
    old: nbformat.NotebookNode, new: nbformat.NotebookNode, chapter: str
) -> tuple[nbformat.NotebookNode, UpdateReport]:
    """The new template with the old notebook's answers placed by exercise id (pure; no files)."""
    report = UpdateReport(path=Path(""), backup=None)
    new_sections = structure.exercise_sections(new, chapter, use_metadata=True)
    checks = {
        eid: new.cells[s.check].source for eid, s in new_sections.items() if s.check is not None
    }
    body, carried = split_leftovers(old)
    old_sections = structure.sections(body, chapter, checks=checks, use_metadata=True)
    moves: dict[str, list] = {}
    leftovers: dict[str, list[Any]] = {}
    for section in old_sections:
        if section.exercise is None:
            # cells the trainee added outside any exercise (not from a template)
            extra = [
                body.cells[i]
                for i in section.cells
                if not structure.TEMPLATE_ID.match(str(body.cells[i].get("id", "")))
                and not structure._meta(body.cells[i])
                and str(body.cells[i].get("source", "")).strip()
            ]
            if extra:
                leftovers.setdefault(OUTSIDE, []).extend(copy.deepcopy(extra))
            continue
        if section.exercise in moves or not _touched(body, section):
            if section.exercise not in moves:
                report.kept_blank.append(section.exercise)
            continue
        cells = [copy.deepcopy(body.cells[i]) for i in sorted(section.answers + section.notes)]
        if section.exercise in new_sections:
            moves[section.exercise] = cells
        else:
            leftovers.setdefault(section.exercise, []).extend(cells)
    for (
        eid,
        cells,
    ) in carried:  # kept by an earlier run: back into its exercise if this version has it again
        cells = copy.deepcopy(cells)
        if eid in new_sections and eid not in moves:
            moves[eid] = cells
            if eid in report.kept_blank:
                report.kept_blank.remove(eid)
        else:
            leftovers.setdefault(eid, []).extend(cells)
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
        hit = [
            (eid, s) for eid, s in sections_by_start.values() if s.check == index and eid in moves
        ]
        for eid, section in hit:
            wanted = (
                set().union(*[_assigned(new.cells[i].source) for i in section.answers])
                if section.answers
                else set()
            )
            got = set().union(*[_assigned(c.source) for c in moves[eid] if c.cell_type == "code"])
            if wanted - got:
                report.warnings.append(
                    f"{eid}: the new version expects {', '.join(sorted(wanted - got))}"
                )
            for moved in moves[eid]:
                moved.setdefault("metadata", {})["course"] = {
                    "exercise": eid,
                    "role": "answer" if moved.cell_type == "code" else "text",
                }
                out_cells.append(moved)
            report.placed.append(eid)
        out_cells.append(cell)
    _recover(old, new, out_cells, leftovers, report)
    lang = merged.metadata.get("course", {}).get("lang", "en")
    if leftovers:
        heading = nbformat.v4.new_markdown_cell(i18n.t("grading.update.leftovers", lang=lang))
        heading.metadata["course"] = {"role": "leftovers-heading"}
        out_cells.append(heading)
        for eid, cells in leftovers.items():
            label = eid if eid != OUTSIDE else i18n.t("grading.update.outside", lang=lang)
            group = nbformat.v4.new_markdown_cell(f"### {label}")
            group.metadata["course"] = {
                "role": "leftovers-group",
                "exercise": None if eid == OUTSIDE else eid,
            }
            out_cells.append(group)
            for cell in cells:
                cell.setdefault("metadata", {})["course"] = {
                    "role": "leftover",
                    "exercise": None if eid == OUTSIDE else eid,
                }
                out_cells.append(cell)
            report.unplaced.append(eid if eid != OUTSIDE else "(cells added outside the exercises)")
    merged.cells = out_cells
    seen: set[str] = set()
    for number, cell in enumerate(merged.cells):  # ids must stay unique
        if "id" in cell:
            if cell["id"] in seen:
                cell["id"] = f"moved-{number:03d}"
                while cell["id"] in seen:
                    cell["id"] += "x"
            seen.add(cell["id"])
    return merged, report


def _trainee_cells(old: nbformat.NotebookNode, new: nbformat.NotebookNode) -> list[Any]:
    """Every cell of the old notebook that holds the trainee's own work (what must survive).

    A cell the trainee added (not a template id, no kit role), a carried-over
    cell, and a template code cell that no longer holds the blank and is not
    in the new template (an answer, wherever the trainee left it).
    """
    template = {str(c.get("source", "")) for c in new.cells}
    body, carried = split_leftovers(old)
    mine = [cell for _, cells in carried for cell in cells if str(cell.get("source", "")).strip()]
    for cell in body.cells:
        source = str(cell.get("source", ""))
        if not source.strip():
            continue
        role = structure._meta(cell).get("role")
        templated = bool(structure.TEMPLATE_ID.match(str(cell.get("id", ""))))
        if not templated and role not in {"check", "widget"} or (
            cell.get("cell_type") == "code"
            and source not in template
            and not _blank_cell(source)
            and not _kit_call(source)
        ):
            mine.append(cell)
    return mine


def _kit_call(source: str) -> bool:
    """A cell that only calls the kit (a check, a widget): the new template has its own."""
    lines = [line for line in source.strip().splitlines() if line.strip()]
    return len(lines) == 1 and bool(
        structure.CHECK_CALL.match(lines[0].strip()) or structure.WIDGET_CELL.match(lines[0])
    )


def _recover(
    old: nbformat.NotebookNode,
    new: nbformat.NotebookNode,
    out_cells: list[Any],
    leftovers: dict[str, list[Any]],
    report: UpdateReport,
) -> None:
    """Add to the leftovers any trainee cell that the merge did not carry (the rule is: nothing is lost)."""
    present = [str(c.get("source", "")) for c in out_cells] + [
        str(c.get("source", "")) for cells in leftovers.values() for c in cells
    ]
    for cell in _trainee_cells(old, new):
        source = str(cell.get("source", ""))
        if source in present:
            present.remove(source)
            continue
        leftovers.setdefault(OUTSIDE, []).append(copy.deepcopy(cell))
        report.warnings.append(f"a cell starting {source.strip()[:40]!r} was kept at the end")


def _default_template(old: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    from course.grading import release

    chapter = structure.chapter_of(old, path.name)
    lang = old.metadata.get("course", {}).get("lang", "en")
    from course import authoring

    for src in authoring.chapters("workbook"):
        if src.stem[:2] == chapter:
            return release.trainee_copy(src, lang if lang in authoring.LANGS else "en")
    raise ValueError(
        f"No current template for {path.name}: pass NEW_TEMPLATE. 找不到 {path.name} 的新模板：请指定 NEW_TEMPLATE。"
    )


def _read(path: Path) -> nbformat.NotebookNode:
    try:
        return nbformat.read(path, as_version=4)
    except Exception as error:  # noqa: BLE001
        raise ValueError(
            f"Cannot read {path} as a notebook ({type(error).__name__}). 无法读取笔记本 {path}。"
        ) from None


def _writable(target: Path, given: Path) -> None:
    """Refuse a read-only file (or folder) before anything is written."""
    mode = target.stat().st_mode
    if not mode & stat.S_IWUSR or not os.access(target, os.W_OK):
        raise ValueError(
            f"{given} is read-only, so it was left as it is. Fix: make it writable (chmod u+w {given}) and run "
            f"update-workbook again. {given} 是只读文件，未做任何改动；请先设为可写（chmod u+w {given}）再运行。"
        )
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise ValueError(
            f"Cannot write in {target.parent} (the backup and the new version go there), so {given} was left as it "
            f"is. Fix: make the folder writable. 无法写入 {target.parent}，{given} 未做任何改动；请先让该文件夹可写。"
        )


def _backup_path(target: Path, stamp: str) -> Path:
    backup = target.with_name(f"{target.stem}.backup-{stamp}.ipynb")
    number = 1
    while backup.exists():  # two runs in one second: never overwrite an earlier backup
        backup = target.with_name(f"{target.stem}.backup-{stamp}-{number}.ipynb")
        number += 1
    return backup


def update_workbook(
    old_path: Path | str, new_template: Path | str | None = None, *, now: datetime | None = None
) -> UpdateReport:
    """Merge one trainee workbook into the new template, in place, keeping a timestamped backup.

    A symbolic link updates the file it points to; the file's permissions are kept.
    """
    given = Path(old_path)
    if not given.is_file():
        raise ValueError(f"{given} is not a file. {given} 不是文件。")
    target = given.resolve()
    _writable(target, given)
    old = _read(target)
    new = _read(Path(new_template)) if new_template else _default_template(old, target)
    chapter = (
        structure.chapter_of(old, target.name)
        or structure.chapter_of(old, given.name)
        or structure.chapter_of(new, str(new_template or ""))
    )
    if chapter is None:
        raise ValueError(
            f"Cannot tell the chapter of {given.name}. 无法判断 {given.name} 属于哪一章。"
        )
    merged, report = merge(old, new, chapter)
    mode = stat.S_IMODE(target.stat().st_mode)
    backup = _backup_path(target, (now or datetime.now()).strftime("%Y%m%d-%H%M%S"))
    shutil.copy2(target, backup)
    fd, tmp = tempfile.mkstemp(suffix=".ipynb", dir=target.parent)
    os.close(fd)
    try:
        nbformat.write(merged, tmp)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    report.path, report.backup = given, backup
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
                reports.append(
                    UpdateReport(
                        path=path, backup=None, unplaced=["(no new template with this name)"]
                    )
                )
                continue
            template = hits[0]
        reports.append(update_workbook(path, template))
    return reports
