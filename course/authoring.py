"""Build the course notebooks and workbooks from their text sources (课程构建).

One jupytext "percent" source per chapter is the only thing authors edit:

- ``notebooks/src/NN-slug.py`` → ``notebooks/en/NN-slug.ipynb`` and
  ``notebooks/zh/NN-slug.ipynb``, executed, committed with outputs;
- ``workbook/src/NN-slug.py`` (the *solution* copy) →
  ``workbook/en/NN-slug.ipynb`` and ``workbook/zh/NN-slug.ipynb``, the blank
  trainee copies, committed without outputs.

Conventions inside a source:

- a markdown cell with ``lang="en"`` or ``lang="zh"`` goes only into that
  edition; cells without ``lang`` go into both. Code cells never carry
  ``lang``: both editions share identical code;
- the code cell tagged ``parameters`` holds ``LANG = "en"``; the Chinese
  edition gets ``LANG = "zh"`` (the only code difference, and the cell
  papermill overrides);
- in a workbook source, a line ending in ``# blank`` is the answer: the
  trainee copy keeps the assignment target and replaces the right-hand side
  with ``____``; lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION``
  become ``return ____`` (for function exercises, keeping indentation);
  cells tagged ``selftest`` (which try a wrong answer) are dropped.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Iterable
from pathlib import Path

import nbformat

LANGS = ("en", "zh")
BLANK_LINE = re.compile(
    r"^(?P<indent>\s*)(?P<target>[^=#]+?)\s*=(?!=)\s*(?P<rhs>.+?)\s*#\s*blank\s*$"
)
TRAINEE_PROMPT = {"en": "# your answer here", "zh": "# 在这里写你的答案"}


def repo_root() -> Path:
    """The project folder (the one holding ``notebooks/`` and ``workbook/``)."""
    here = Path(__file__).resolve().parent.parent
    if (here / "notebooks").is_dir():
        return here
    return Path.cwd()


def read_source(path: Path) -> nbformat.NotebookNode:
    """Read a jupytext percent source into a notebook."""
    import jupytext

    return jupytext.read(path, fmt="py:percent")


def edition(source: nbformat.NotebookNode, lang: str, render: bool = True) -> nbformat.NotebookNode:
    """The ``lang`` edition of a bilingual source notebook (without outputs).

    With ``render`` (the default) claim placeholders in markdown cells are
    replaced by their computed text (:func:`course.claims.render`).
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}")
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": "python3",
        },
        "language_info": {"name": "python"},
        "course": {"lang": lang},
    }
    for cell in source.cells:
        cell_lang = cell.metadata.get("lang")
        if cell.cell_type == "code" and cell_lang:
            raise ValueError("code cells must not carry lang=…: both editions share the same code")
        if cell_lang and cell_lang != lang:
            continue
        new = copy.deepcopy(cell)
        new.metadata.pop("lang", None)
        if new.cell_type == "code" and "parameters" in new.metadata.get("tags", []):
            new.source = re.sub(r'LANG\s*=\s*"(en|zh)"', f'LANG = "{lang}"', new.source)
        if new.cell_type == "code":
            new.outputs = []
            new.execution_count = None
        new.pop("id", None)
        if render and new.cell_type == "markdown" and "{{" in new.source:
            from course import claims

            new.source = claims.render(new.source, lang)
        nb.cells.append(new)
    _number_cells(nb, lang)
    return nb


def _number_cells(nb: nbformat.NotebookNode, prefix: str) -> None:
    # stable ids keep diffs of re-executed notebooks small and reviewable
    for number, cell in enumerate(nb.cells):
        cell["id"] = f"{prefix}-{number:03d}"


def trainee_copy(solution: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """Derive the blank trainee copy from a solution edition."""
    nb = copy.deepcopy(solution)
    nb.cells = [c for c in nb.cells if "selftest" not in c.metadata.get("tags", [])]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = blank_out(cell.source, lang)
    _number_cells(nb, lang)
    return nb


def blank_out(source: str, lang: str = "en") -> str:
    """Replace the marked answer lines of one code cell with the ``____`` placeholder."""
    out: list[str] = []
    skipping = False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped == "# BEGIN SOLUTION":
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}return ____  {TRAINEE_PROMPT[lang]}")
            skipping = True
            continue
        if stripped == "# END SOLUTION":
            skipping = False
            continue
        if skipping:
            continue
        match = BLANK_LINE.match(line)
        if match:
            out.append(
                f"{match['indent']}{match['target'].rstrip()} = ____  {TRAINEE_PROMPT[lang]}"
            )
        else:
            out.append(line)
    if skipping:
        raise ValueError("# BEGIN SOLUTION without # END SOLUTION")
    return "\n".join(out)


def solution_cells_marked(source: nbformat.NotebookNode) -> int:
    """How many answer markers a solution source has (a test keeps this > 0)."""
    count = 0
    for cell in source.cells:
        if cell.cell_type == "code":
            count += sum(1 for line in cell.source.splitlines() if BLANK_LINE.match(line))
            count += cell.source.count("# BEGIN SOLUTION")
    return count


def execute(nb: nbformat.NotebookNode, cwd: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in a fresh kernel, deterministically."""
    from nbclient import NotebookClient

    from course.kernels import SocketKernelManager

    env_before = {
        k: os.environ.get(k) for k in ("COURSE_PROGRESS_DB", "PYTHONHASHSEED", "MPLBACKEND")
    }
    os.environ["COURSE_PROGRESS_DB"] = "off"
    os.environ["PYTHONHASHSEED"] = "0"
    os.environ.pop("MPLBACKEND", None)
    try:
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(cwd)}},
            shutdown_kernel="immediate",
            kernel_manager_class=SocketKernelManager,  # no TCP port race with other kernels starting at once
        )
        client.execute()
    finally:
        for key, value in env_before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    for cell in nb.cells:  # nbclient stamps execution times into metadata
        cell.metadata.pop("execution", None)
    return nb


def finish_executed(nb: nbformat.NotebookNode, lang: str, stem: str) -> nbformat.NotebookNode:
    """What an executed edition gets before it is committed (in place).

    - the widget state nbclient saved, pruned to the displayed widgets and under stable ids
      (two builds of one source give the same file), and a still of each widget with a note
      to run the cell (:mod:`course.stills`): widgets show before anything runs;
    - reveal.js slide types (after execution: cells without output are skipped on slides);
    - object addresses (``<… at 0x7f…>``) and the kernel's temporary folder in warnings
      written the same on every build (strict nbval masks both, so tests are unaffected).
    """
    from course.slides import add_slide_metadata
    from course.stills import add_stills, stabilise_widget_state

    _steady_text(nb)
    stabilise_widget_state(nb, f"{lang}-{stem}")
    add_stills(nb, lang)
    add_slide_metadata(nb)
    _steady_temp_folders(nb)
    return nb


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+>")
_KERNEL_TMP = re.compile(r"/tmp/ipykernel_\d+/")


def _steady_text(nb: nbformat.NotebookNode) -> None:
    """Text that changes on every run although nothing changed: a repr's memory address, the kernel's pid."""

    def steady(text):
        if isinstance(text, list):
            return [steady(t) for t in text]
        return _KERNEL_TMP.sub("/tmp/ipykernel_0/", _ADDRESS.sub(" at 0x0>", text))

    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if "text" in output:
                output["text"] = steady(output["text"])
            data = output.get("data", {})
            if "text/plain" in data:
                data["text/plain"] = steady(data["text/plain"])


#: a folder made by ``tempfile.mkdtemp(prefix=...)``: the prefix, then 8 random characters
_TEMP_FOLDER = re.compile(r"(/tmp/[A-Za-z][\w.]*-)[a-z0-9_]{8}(?=/)")


def _steady_temp_folders(nb: nbformat.NotebookNode) -> None:
    """A notebook's own temporary folder (chapter 8 writes its demo files to one) written the same on
    every build, wherever it shows: text, HTML, a widget's state and its still.

    ``/tmp/capstone-dkz7mm6w/mapping.yaml`` becomes ``/tmp/capstone-XXXXXXXX/mapping.yaml``; the
    reader's own run makes a folder of its own anyway, and strict nbval masks ``/tmp`` paths.
    """

    def steady(value):
        if isinstance(value, str):
            return _TEMP_FOLDER.sub(r"\1XXXXXXXX", value)
        if isinstance(value, list):
            return [steady(v) for v in value]
        if isinstance(value, dict):
            return {k: steady(v) for k, v in value.items()}
        return value

    for cell in nb.cells:
        for output in cell.get("outputs", []):
            for key in ("text", "data"):
                if key in output:
                    output[key] = nbformat.from_dict(steady(output[key]))
    widgets = nb.metadata.get("widgets")
    if widgets:
        nb.metadata["widgets"] = nbformat.from_dict(steady(widgets))


def chapters(kind: str) -> list[Path]:
    """Source files of ``kind`` (``notebooks`` or ``workbook``), in chapter order."""
    return sorted((repo_root() / kind / "src").glob("[0-9][0-9]-*.py"))


def build_notebooks(names: Iterable[str] = (), log=print) -> list[Path]:
    """Build and execute both editions of every (or the named) course notebook."""
    root = repo_root()
    written = []
    for src in chapters("notebooks"):
        if names and src.stem not in names and src.stem[:2] not in names:
            continue
        source = read_source(src)
        for lang in LANGS:
            target = root / "notebooks" / lang / f"{src.stem}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            log(f"executing {target.relative_to(root)} …")
            nb = execute(edition(source, lang), cwd=target.parent)
            finish_executed(nb, lang, src.stem)
            nbformat.write(nb, target)
            written.append(target)
    written += build_lessons(names, log=log)
    write_start_page(log=log)
    return written


def lesson_sources() -> list[Path]:
    """Lesson-plan templates ``notebooks/lessons/src/NN-slug.<lang>.md``, in chapter order."""
    return sorted((repo_root() / "notebooks" / "lessons" / "src").glob("[0-9][0-9]-*.md"))


def render_lesson(template: Path) -> str:
    """A lesson plan with its claim placeholders filled in, in the template's language."""
    from course import claims

    lang = template.name.rsplit(".", 2)[-2]
    if lang not in LANGS:
        raise ValueError(f"{template.name}: lesson templates are named NN-slug.<en|zh>.md")
    note = (f"<!-- rendered from notebooks/lessons/src/{template.name} by `python -m course build lessons`: edit the source, "
            "not this file -->\n\n")
    return note + claims.render(template.read_text(encoding="utf-8"), lang)


def build_lessons(names: Iterable[str] = (), log=print) -> list[Path]:
    """Render the lesson plans (figures and comparisons from :mod:`course.claims`)."""
    written = []
    for template in lesson_sources():
        if names and template.name.split(".")[0] not in names and template.name[:2] not in names:
            continue
        target = template.parent.parent / template.name
        target.write_text(render_lesson(template), encoding="utf-8")
        log(f"wrote {target.relative_to(repo_root())}")
        written.append(target)
    return written


def build_workbooks(names: Iterable[str] = (), log=print) -> list[Path]:
    """Regenerate the blank trainee copies from the solution sources."""
    root = repo_root()
    written = []
    for src in chapters("workbook"):
        if names and src.stem not in names and src.stem[:2] not in names:
            continue
        source = read_source(src)
        for lang in LANGS:
            target = root / "workbook" / lang / f"{src.stem}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            nb = trainee_copy(edition(source, lang), lang)
            # exercise ids on the cells let update-workbook and the grader find answers by id
            from course.grading.structure import stamp

            stamp(nb, src.stem[:2])
            nbformat.write(nb, target)
            log(f"wrote {target.relative_to(root)}")
            written.append(target)
    return written


def source_title(src: Path, lang: str) -> str:
    """The H1 of one edition of a notebook source (``"Chapter 1 — What a prospect is"``)."""
    nb = edition(read_source(src), lang)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return src.stem


def course_chapters() -> list[dict]:
    """The chapters in order: each entry of ``course_chapters`` with its paths and titles.

    A source in ``notebooks/src`` without an entry is still listed (with its title and no
    time or summary), so a new chapter is never hidden; a test asks for the entry.
    """
    from course import content

    root = repo_root()
    entries = {f"{e['number']:02d}-{e['slug_id']}": dict(e) for e in content.get("course_chapters")}
    stems = [p.stem for p in chapters("notebooks")]
    out = []
    for stem in sorted(set(stems) | set(entries)):
        entry = entries.get(stem, {"number": int(stem[:2]), "slug_id": stem[3:]})
        src = root / "notebooks" / "src" / f"{stem}.py"
        entry["stem"] = stem
        entry["title"] = {
            lang: source_title(src, lang) if src.is_file() else stem for lang in LANGS
        }
        entry["exercises"] = _exercise_count(root / "workbook" / "src" / f"{stem}.py")
        out.append(entry)
    return out


def _exercise_count(src: Path) -> int:
    if not src.is_file():
        return 0
    # "## Exercise 4" headings (the English ones: one per exercise), not "## Exercises 4 and 5"
    return len(
        set(re.findall(r"^# ## Exercise (\d+)\s*$", src.read_text(encoding="utf-8"), re.MULTILINE))
    )


def start_page_markdown() -> str:
    """The text of ``notebooks/START.md``: the course's landing page, English then Chinese."""
    from course import content
    from course.i18n import pick

    page = content.get("course_start")
    root = repo_root()
    chapters_ = course_chapters()
    parts = [
        f"# {page['title']['en']} · {page['title']['zh']}",
        "",
        "**English** · [中文](#zh) — 本页下半部分是中文版。",
    ]
    for lang in LANGS:
        text = pick(page, lang)
        other = "zh" if lang == "en" else "en"
        anchor = '<a id="zh"></a>\n\n' if lang == "zh" else ""
        parts += ["", "---", "", f"{anchor}## {text['title']}", "", text["what"], ""]
        parts += [f"### {text['chapters_heading']}", ""]
        heads = [
            "#",
            text["col_chapter"],
            text["col_time"],
            text["col_teaches"],
            text["col_workbook"],
            text["col_other"],
        ]
        parts += ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
        for ch in chapters_:
            stem = ch["stem"]
            notebook = f"[{ch['title'][lang]}]({lang}/{stem}.ipynb)"
            lesson = root / "notebooks" / "lessons" / f"{stem}.{lang}.md"
            if lesson.is_file():
                notebook += f" · [{text['lesson_link']}](lessons/{stem}.{lang}.md)"
            time = (
                text["time_cell"].format(
                    lesson=ch["lesson_minutes"], workbook=ch["workbook_minutes"]
                )
                if "lesson_minutes" in ch
                else "—"
            )
            teaches = pick(ch["teaches"], lang) if "teaches" in ch else "—"
            workbook = root / "workbook" / lang / f"{stem}.ipynb"
            wb = (
                f"[{text['workbook_link'].format(n=ch['exercises'])}](../workbook/{lang}/{stem}.ipynb)"
                if workbook.is_file() or (root / "workbook" / "src" / f"{stem}.py").is_file()
                else "—"
            )
            other_link = f"[{ch['title'][other]}]({other}/{stem}.ipynb)"
            cells = [str(ch["number"]), notebook, time, teaches, wb, other_link]
            parts.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        parts += ["", f"### {text['how_heading']}", ""]
        parts += [f"{n}. {step}" for n, step in enumerate(text["how_steps"], start=1)]
        parts += [
            "",
            f"### {text['instructors_heading']}",
            "",
            text["instructors"],
            "",
            f"*{text['no_kernel']}*",
        ]
    return "\n".join(parts) + "\n"


def write_start_page(log=print) -> Path:
    """``notebooks/START.md``: the landing page ``make lab`` opens (Markdown: no kernel starts).

    JupyterLab starts a kernel for any notebook it opens (or asks which one, without a
    ``kernelspec``), even one with only Markdown cells; a Markdown file shown in its Markdown
    preview needs none. ``make lab`` makes the preview the default viewer for ``.md``.
    """
    root = repo_root()
    target = root / "notebooks" / "START.md"
    target.write_text(start_page_markdown(), encoding="utf-8")
    old = root / "notebooks" / "START.ipynb"
    if old.is_file():  # the landing page used to be a notebook
        old.unlink()
    log(f"wrote {target.relative_to(root)}")
    return target
