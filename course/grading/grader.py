"""Grade a folder of trainee workbooks (批改练习册).

Layout of ``SUBMISSIONS_DIR`` (both may be mixed)::

    SUBMISSIONS_DIR/wang_li/01-prospects.ipynb        one folder per trainee (any depth)
    SUBMISSIONS_DIR/zhao_min_01-prospects.ipynb       or files named TRAINEE_NN-slug.ipynb

The chapter comes from the ``NN-`` in the file name, else from the notebook's
``from course.exercises.chNN import`` line.

Every submission is read and hashed before the first kernel starts (what is
graded is exactly what was handed in, whatever a kernel does later). **One
submission per trainee and chapter**: when a trainee handed in several
notebooks of one chapter (``01-prospects.ipynb`` and
``01-prospects-Copy1.ipynb``), only one is graded -- the one named exactly
like the released workbook; without such a file, the one with the shortest
name, then the first in alphabetical order -- and the others are recorded as
``duplicate`` and flagged on the graded one; they are never added up.

Each notebook is then re-run in its own kernel, several at once: in a sandbox
(:mod:`course.grading.sandbox`) unless ``sandbox=False``, with no answer keys
in the kernel, and judged outside it (:mod:`course.grading.judge`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from course.grading import engine, sandbox, structure
from course.grading.engine import Limits
from course.grading.judge import SUSPICIOUS, grade_notebook, prepare, unreadable
from course.grading.results import RANK, ExerciseGrade, SubmissionGrade

FLAT_NAME = re.compile(r"^(?P<trainee>.+?)[_\-. ]+(?P<rest>\d{2}-[^/]*)\.ipynb$")
#: a workbook file larger than this is not read into memory (a real one is well under 5 MB)
MAX_SUBMISSION_BYTES = 50_000_000

__all__ = [
    "FLAT_NAME",
    "RANK",
    "SUSPICIOUS",
    "Context",
    "ExerciseGrade",
    "SubmissionGrade",
    "Task",
    "discover",
    "grade_many",
    "grade_notebook",
    "make_tasks",
    "prepare",
]


@dataclass(frozen=True)
class Task:
    """Everything needed to grade one file, the file's bytes included (read once, before any kernel starts)."""

    path: str
    trainee: str
    chapter: str | None
    reference: structure.Reference | None
    limits: Limits = Limits()
    hint_penalty: float = 0.0
    executed_dir: str | None = None
    data: bytes = b""
    sha256: str = ""
    read_error: str = ""
    duplicates: tuple[str, ...] = ()
    duplicate_of: str | None = None


# --------------------------------------------------------------------------- discovery
def discover(folder: Path) -> list[tuple[str, Path]]:
    """(trainee, notebook path) for every submission under ``folder`` (see the module doc)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(
            f"Submissions folder {folder} does not exist or is not a folder: put one folder per trainee "
            f"(or files named TRAINEE_NN-slug.ipynb) in it. 提交文件夹 {folder} 不存在或不是文件夹。"
        )
    found: list[tuple[str, Path]] = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            for path in sorted(entry.rglob("*.ipynb")):
                if not any(part.startswith(".") for part in path.relative_to(entry).parts):
                    found.append((entry.name, path))
        elif entry.suffix == ".ipynb":
            match = FLAT_NAME.match(entry.name)
            found.append((match["trainee"] if match else entry.stem, entry))
    return found


def _read(path: Path) -> tuple[bytes, str, str]:
    """(bytes, sha256, problem): the whole file, or only its hash when it is too large to be a workbook.

    Only a regular file of the trainee's own is read: a link (to a classmate's notebook, to ``/dev/zero``), a pipe
    or a device gets a reason instead — following one would grade someone else's work, or stop the whole class's
    grading (a pipe blocks for ever; ``/dev/zero`` never ends). At most the size limit is read, whatever the file.
    """
    try:
        if path.is_symlink():
            return b"", "", (f"the notebook is a link to {os.readlink(path)}, not a file of the trainee's own: "
                             "hand in the notebook itself")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                return b"", "", "not a regular file (a pipe, a device or a folder): hand in the notebook file itself"
            if info.st_size > MAX_SUBMISSION_BYTES:
                digest = hashlib.sha256()
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
                return (
                    b"",
                    digest.hexdigest(),
                    (
                        f"the file is {info.st_size / 1e6:.0f} MB, over the {MAX_SUBMISSION_BYTES / 1e6:.0f} MB "
                        "a workbook can be"
                    ),
                )
            data = handle.read(MAX_SUBMISSION_BYTES + 1)  # a file growing while it is read stops at the limit
            if len(data) > MAX_SUBMISSION_BYTES:
                return b"", hashlib.sha256(data).hexdigest(), (
                    f"the file grew past the {MAX_SUBMISSION_BYTES / 1e6:.0f} MB a workbook can be while it was read")
        return data, hashlib.sha256(data).hexdigest(), ""
    except OSError as error:
        return b"", "", f"{type(error).__name__}: {error}"


def _chapter(path: Path, data: bytes) -> str | None:
    chapter = structure.chapter_of(None, path.name)
    if chapter is None and data:
        try:
            chapter = structure.chapter_of(
                nbformat.from_dict(json.loads(data.decode("utf-8-sig"))), path.name
            )
        except Exception:  # noqa: BLE001 - the grade reports unreadable files
            chapter = None
    return chapter


def _canonical(paths: list[Path], trainee: str, stem: str) -> Path:
    """The one file graded among a trainee's notebooks of one chapter (rule in the module doc)."""
    exact = [
        p
        for p in paths
        if p.name in {f"{stem}.ipynb"}
        or FLAT_NAME.match(p.name)
        and FLAT_NAME.match(p.name)["rest"] == stem
        and FLAT_NAME.match(p.name)["trainee"] == trainee
    ]
    pool = exact or paths
    return sorted(pool, key=lambda p: (len(p.name), str(p)))[0]


def make_tasks(
    pairs: Iterable[tuple[str, Path]],
    *,
    limits: Limits | None = None,
    hint_penalty: float = 0.0,
    templates: Path | None = None,
    executed_dir: Path | None = None,
) -> list[Task]:
    """One :class:`Task` per (trainee, path): the file read and hashed now, the chapter's reference attached.

    Several notebooks of one chapter from one trainee: one is graded, the
    others are tasks marked ``duplicate_of`` (see the module doc).
    """
    refs: dict[str, structure.Reference | None] = {}
    read = []
    for trainee, path in pairs:
        data, digest, error = _read(Path(path))
        chapter = _chapter(Path(path), data)
        if chapter is not None and chapter not in refs:
            try:
                refs[chapter] = structure.reference(chapter, templates)
            except ValueError:
                refs[chapter] = None
        read.append((trainee, Path(path), data, digest, error, chapter))
    groups: dict[tuple[str, str], list[Path]] = {}
    for trainee, path, _, _, _, chapter in read:
        if chapter is not None and refs.get(chapter) is not None:
            groups.setdefault((trainee, chapter), []).append(path)
    chosen = {
        key: _canonical(paths, key[0], refs[key[1]].stem)
        for key, paths in groups.items()
        if len(paths) > 1
    }
    tasks = []
    for trainee, path, data, digest, error, chapter in read:
        key = (trainee, chapter or "")
        duplicates: tuple[str, ...] = ()
        duplicate_of = None
        if key in chosen:
            if chosen[key] == path:
                duplicates = tuple(str(p) for p in groups[key] if p != path)
            else:
                duplicate_of = str(chosen[key])
        tasks.append(
            Task(
                str(path),
                trainee,
                chapter,
                refs.get(chapter) if chapter else None,
                limits or Limits(),
                hint_penalty,
                str(executed_dir) if executed_dir else None,
                data,
                digest,
                error,
                duplicates,
                duplicate_of,
            )
        )
    return tasks


# --------------------------------------------------------------------------- one grading run
class Context:
    """What every kernel of a grading run shares: the public exercise descriptions and the sandbox settings.

    Use as a context manager; its private folder is removed at the end.
    ``sandboxed=True`` requires a working sandbox (:func:`course.grading.sandbox.require`).
    """

    def __init__(self, chapters: Iterable[str], *, sandboxed: bool = True) -> None:
        from course.exercises import public

        mode = public.requested()
        if mode:
            raise ValueError(
                f"This Python runs in {mode} mode (COURSE_EXAM / COURSE_GRADING or an exam marker), where the kit "
                "loads no answer keys, so it cannot grade. Grade on the instructor's machine, without those settings. "
                "当前 Python 处于考试或批改内核模式，套件不加载答案，无法批改：请在教师机上、不设置这些变量时批改。"
            )
        self.sandboxed = sandboxed
        if sandboxed:
            sandbox.require()
        self.run_dir = Path(tempfile.mkdtemp(prefix="course-grading-"))
        sandbox.prepare_run_dir(self.run_dir)
        self.descriptions = self.run_dir / "public-exercises.json"
        self.descriptions.write_text(
            json.dumps(
                public.describe_chapters(sorted(set(chapters))), ensure_ascii=False, allow_nan=False
            ),
            encoding="utf-8",
        )
        os.chmod(self.descriptions, 0o644)
        self.hidden, self.hide_dirs = sandbox.chapter_sources() if sandboxed else ([], [])
        self.env = {public.DESCRIPTIONS_ENV: str(self.descriptions)}
        if os.environ.get("COURSE_DATASETS"):
            self.env["COURSE_DATASETS"] = os.environ["COURSE_DATASETS"]

    def sandboxing(self, limits: Limits) -> engine.Sandboxing | None:
        """The sandbox for one kernel under ``limits`` (``None`` when grading without it)."""
        if not self.sandboxed:
            return None
        options = sandbox.Options(
            memory_mb=limits.memory_mb,
            readable=(str(self.descriptions),),
            hidden=tuple(self.hidden),
            hide_dirs=tuple(self.hide_dirs),
            env=tuple(sorted(self.env.items())),
        )
        return engine.Sandboxing(options, str(self.run_dir))

    def kernel_env(self) -> dict[str, str]:
        """Variables every grading kernel gets on top of the allow-list (where its exercise descriptions are)."""
        return dict(self.env)

    def close(self) -> None:
        shutil.rmtree(self.run_dir, ignore_errors=True)

    def __enter__(self) -> Context:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def duplicate_grade(task: Task) -> SubmissionGrade:
    """A notebook not graded because another one of the same trainee and chapter is."""
    grade = SubmissionGrade(
        trainee=task.trainee,
        path=task.path,
        chapter=task.chapter,
        sha256=task.sha256,
        outcome="duplicate",
    )
    grade.flag(
        "duplicate_submission",
        f"another notebook of this chapter is graded: {Path(task.duplicate_of or '').name}",
    )
    return grade


def _safe_grade(task: Task, context: Context) -> SubmissionGrade:
    if task.duplicate_of:
        return duplicate_grade(task)
    if task.read_error:
        outcome = "too_large" if "MB, over the" in task.read_error else "unreadable_file"
        return unreadable(task, outcome, task.read_error[:160])
    try:
        return grade_notebook(task, context)
    except Exception as error:  # noqa: BLE001 - the batch always completes
        grade = unreadable(task, "grader_error", f"{type(error).__name__}: {error}")
        grade.reasons.append(traceback.format_exc(limit=3)[-400:])
        return grade


def grade_many(
    tasks: list[Task],
    workers: int | None = None,
    progress: bool | Callable[[int, int, SubmissionGrade], None] = True,
    *,
    sandbox: bool = True,
) -> list[SubmissionGrade]:
    """Grade ``tasks`` on ``workers`` kernels at once (default: the CPU count); results in task order.

    ``sandbox`` runs each kernel in the sandbox (refuses with a clear message
    when it is unavailable); ``progress`` is ``True`` for a tqdm bar on stderr,
    ``False`` for none, or a callable ``(done, total, grade)``.
    """
    workers = max(1, workers or os.cpu_count() or 1)
    results: list[SubmissionGrade | None] = [None] * len(tasks)
    chapters = {t.reference.chapter for t in tasks if t.reference is not None}
    bar = None
    with Context(chapters, sandboxed=sandbox) as context:
        if progress is True:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(tasks), unit="notebook", desc="grading", leave=True)

        def done(i: int, grade: SubmissionGrade) -> None:
            results[i] = grade
            finished = sum(r is not None for r in results)
            if bar is not None:
                bar.update(1)
                bar.set_postfix_str(f"{grade.trainee}: {grade.outcome}", refresh=False)
            elif callable(progress):
                progress(finished, len(tasks), grade)

        try:
            if workers == 1 or len(tasks) <= 1:
                for i, task in enumerate(tasks):
                    done(i, _safe_grade(task, context))
            else:
                # kernels are separate processes: the grader's own work is message passing,
                # so threads are enough and avoid re-importing the kit in worker processes
                from concurrent.futures import ThreadPoolExecutor, as_completed

                with ThreadPoolExecutor(
                    max_workers=min(workers, len(tasks)), thread_name_prefix="grader"
                ) as pool:
                    futures = {
                        pool.submit(_safe_grade, task, context): i for i, task in enumerate(tasks)
                    }
                    for future in as_completed(futures):
                        done(futures[future], future.result())
        finally:
            if bar is not None:
                bar.close()
    return [r for r in results if r is not None]
