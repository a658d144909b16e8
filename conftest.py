"""The workbooks' nbval run also checks what a blank workbook says: every exercise, *not attempted*.

``make test`` runs the committed blank workbooks with ``--nbval-lax`` (every cell must run without an error). This
plugin adds one item after the last cell of each blank workbook, ``workbook/<lang>/NN-….ipynb::records``: it reads the
records that the workbook's checks displayed in that same kernel run and fails, saying what is wrong, when an exercise
is missing, unknown or not *not attempted*, or when no feedback in the workbook's language says so
(``tests/workbook_records.py``). One kernel run per workbook and language does both jobs.

It also starts nbval's kernels safely (``tests/kernel_retry.py``), for the course notebooks' nbval run as well: on Unix
sockets (no two kernels can race for a TCP port), killed rather than asked to stop when one dies while starting
(asking blocks for ever), and started once more.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
LANGS = ("en", "zh")


class BlankWorkbookError(Exception):
    """The records of a blank workbook are not what a trainee should see."""


def _blank_workbook_lang(path: Path) -> str | None:
    """``"en"``/``"zh"`` for a committed blank workbook (``workbook/<lang>/NN-slug.ipynb``), else ``None``."""
    try:
        rel = path.resolve().relative_to(ROOT / "workbook")
    except ValueError:
        return None
    if len(rel.parts) == 2 and rel.parts[0] in LANGS and rel.suffix == ".ipynb" and rel.name[:2].isdigit():
        return rel.parts[0]
    return None


class BlankWorkbookRecords(pytest.Item):
    """Runs after the notebook's cells, in the same worker, before its kernel is stopped."""

    def __init__(self, *, cells: list, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.cells, self.lang = cells, lang

    def runtest(self) -> None:
        sys.path.insert(0, str(ROOT / "tests"))
        import workbook_records  # noqa: PLC0415 - tests/ is not a package

        not_run = [cell.name for cell in self.cells if cell.test_outputs is None]
        if not_run:
            raise BlankWorkbookError([f"cells that did not run, so their records are unknown: {', '.join(not_run)}"])
        outputs = [output for cell in self.cells for output in cell.test_outputs]
        found = workbook_records.problems(self.parent.path.stem, self.lang, outputs)
        if found:
            raise BlankWorkbookError(found)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, BlankWorkbookError):
            return f"{self.parent.path.relative_to(ROOT)}: " + "; ".join(excinfo.value.args[0])
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self):
        return self.path, None, f"{self.parent.path.name}::records"


def pytest_configure(config) -> None:
    """nbval's kernels: on Unix sockets, killed if they die while starting, started once more (``tests/kernel_retry.py``)."""
    try:
        import nbval.kernel
    except ImportError:  # pragma: no cover - nbval is a test requirement
        return
    if not getattr(nbval.kernel.start_new_kernel, "course_safe_start", False):
        sys.path.insert(0, str(ROOT / "tests"))
        from kernel_retry import safe_start  # noqa: PLC0415 - tests/ is not a package

        nbval.kernel.start_new_kernel = safe_start()


def pytest_collection_modifyitems(session, config, items) -> None:
    cells: dict[object, list] = {}
    for item in items:
        if type(item).__name__ == "IPyNbCell" and _blank_workbook_lang(item.parent.path):
            cells.setdefault(item.parent, []).append(item)
    if not cells:
        return
    ordered = []
    for item in items:
        ordered.append(item)
        notebook = item.parent
        if notebook in cells and item is cells[notebook][-1]:
            ordered.append(
                BlankWorkbookRecords.from_parent(
                    notebook, name="records", cells=cells[notebook], lang=_blank_workbook_lang(notebook.path)
                )
            )
    items[:] = ordered
