"""Hand out workbooks (发放练习册): the trainee copies, ready to copy to a class.

``python -m course release [CHAPTERS] --out DIR [--exam]`` writes
``DIR/en/NN-slug.ipynb`` and ``DIR/zh/NN-slug.ipynb``: no solutions, no
self-test cells, no outputs, every exercise cell stamped with
``metadata.course = {"exercise", "role"}``, and ``DIR/release.json`` listing
what was released. ``grade --templates DIR/en`` checks the submissions' check
cells against exactly these copies instead of the kit's sources.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import nbformat

from course import authoring
from course.grading import exam as exam_mode
from course.grading import structure


def _wanted(names: Sequence[str]) -> list[Path]:
    sources = authoring.chapters("workbook")
    if not names:
        return sources
    picked = []
    for name in names:
        key = str(name).strip().removeprefix("ch").zfill(2) if str(name).strip().removeprefix("ch").isdigit() else str(name)
        hits = [s for s in sources if s.stem == key or s.stem[:2] == key]
        if not hits:
            known = ", ".join(s.stem for s in sources) or "none"
            raise ValueError(f"No workbook for chapter {name!r}; available: {known}. 没有第 {name} 章的练习册；可选：{known}。")
        picked.extend(h for h in hits if h not in picked)
    return picked


def trainee_copy(src: Path, lang: str, *, exam: bool = False) -> nbformat.NotebookNode:
    """The released copy of one workbook source in one language."""
    chapter = src.stem[:2]
    nb = authoring.trainee_copy(authoring.edition(authoring.read_source(src), lang), lang)
    structure.stamp(nb, chapter)
    if exam:
        exam_mode.lock_notebook(nb, lang)
    return nb


def release(chapters: Sequence[str] = (), out: Path | str = "release", *, langs: Sequence[str] = authoring.LANGS,
            exam: bool = False, log: Callable[[str], None] = print) -> list[Path]:
    """Write the trainee copies of ``chapters`` (default: all) under ``out``; returns the files written."""
    out = Path(out)
    for lang in langs:
        if lang not in authoring.LANGS:
            raise ValueError(f"Unknown language {lang!r}: use en or zh. 未知语言 {lang!r}：请用 en 或 zh。")
    written: list[Path] = []
    manifest = {"kit_version": _kit_version(), "released_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "exam": exam, "languages": list(langs), "chapters": {}}
    for src in _wanted(chapters):
        chapter = src.stem[:2]
        for lang in langs:
            nb = trainee_copy(src, lang, exam=exam)
            target = out / lang / f"{src.stem}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, target)
            written.append(target)
            log(f"wrote {target}")
        ref = structure.reference(chapter)
        manifest["chapters"][chapter] = {"stem": src.stem, "exercises": list(ref.exercises)}
    if exam:
        for lang in langs:
            marker = out / lang / exam_mode.MARKER
            marker.write_text(json.dumps({"exam": True, "chapters": sorted(manifest["chapters"]),
                                          "kit_version": manifest["kit_version"]}, indent=2) + "\n", encoding="utf-8")
            written.append(marker)
    (out / "release.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    written.append(out / "release.json")
    return written


def _kit_version() -> str:
    from course import __version__

    return __version__
