"""The public form of a chapter's exercises: what a kernel without answer keys sees (练习的公开形式).

A chapter module (``course.exercises.chNN``) holds the answer keys: expected
values and the functions that compute them, accepted choices, reference
functions, key ideas, solutions. Two kinds of kernel must never hold them:

- a **grading kernel**, which runs a trainee's code (``COURSE_GRADING=1``):
  it only hands answers to the grader as plain data (:func:`hand_in`);
- a trainee's kernel in **exam mode** (``COURSE_EXAM=1``, a ``course-exam.json``
  marker in the working folder, or a system marker file, see :data:`SYSTEM_MARKERS`).

In such a process, importing ``course.exercises.chNN`` gives the chapter's
*public form* instead of running its source: exercise objects built from a
:func:`describe` -- ids, titles, kinds, the options of a choice, the test
cases of a function, the number of hints -- whose ``check`` records the answer
without judging it (:class:`Receipt`) and whose hints and solution are locked.
The keys are never loaded, so nothing can recover them from the process
(module globals, ``gc``, an ``unlock()``): there is nothing to unlock.
``COURSE_EXAM=1`` wins over every other setting, including a variable removed
from ``os.environ`` after start (the process's initial environment counts),
and a child process inherits it.

The description comes from the file named by ``COURSE_PUBLIC_EXERCISES``
(the grader writes one for its kernels; a hub image can ship one written by
``python -m course.exercises.public --write FILE.json``, see the README),
else from the kit's own chapter source read in a separate process.

>>> sorted(describe(importlib.import_module("course.exercises.ch01"))["exercises"][6])
['cases', 'hints', 'id', 'kind', 'name', 'title', 'written']
"""

from __future__ import annotations

import html
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import re
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course import i18n
from course.exercises import core, plain

#: environment variable naming a JSON file of chapter descriptions
DESCRIPTIONS_ENV = "COURSE_PUBLIC_EXERCISES"
#: marker file written next to released exam workbooks
EXAM_MARKER = "course-exam.json"
#: root-owned marker files that put every kit process of a machine or image in exam mode
SYSTEM_MARKERS = (Path(sys.prefix) / "etc" / "course-exam", Path("/etc/course-exam"))
_TRUE = {"1", "on", "true", "yes"}
_CHAPTER_MODULE = re.compile(r"^course\.exercises\.ch(\d{2})$")


# --------------------------------------------------------------------------- when
def _initial_environment() -> dict[str, str]:
    """The environment this process started with (Linux), whatever ``os.environ`` says now."""
    try:
        raw = Path("/proc/self/environ").read_bytes()
    except OSError:
        return {}
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {k.decode("utf-8", "replace"): v.decode("utf-8", "replace") for k, v in pairs}


def _flag(name: str) -> bool:
    values = (os.environ.get(name, ""), _initial_environment().get(name, ""))
    return any(v.strip().lower() in _TRUE for v in values)


def exam_requested(folder: Path | str | None = None) -> bool:
    """True when exam mode is asked for: ``COURSE_EXAM``, a marker in ``folder`` (default: cwd) or a system marker."""
    if _flag("COURSE_EXAM"):
        return True
    try:
        here = (Path(folder) if folder is not None else Path.cwd()) / EXAM_MARKER
        if here.is_file():
            return True
    except OSError:
        pass
    return any(marker.is_file() for marker in SYSTEM_MARKERS)


def requested() -> str | None:
    """``"exam"``, ``"grading"`` or ``None``: whether chapter modules load in their public form here."""
    if exam_requested():
        return "exam"
    if _flag("COURSE_GRADING"):
        return "grading"
    return None


# --------------------------------------------------------------------------- describing a chapter
def _kind(exercise: core.Exercise) -> str:
    if isinstance(exercise, core.FunctionExercise):
        return "function"
    if isinstance(exercise, core.ChoiceExercise):
        return "choice"
    return "value"


def _encode_case(args: Any, datasets: dict[str, Any]) -> Any:
    import pandas as pd

    parts = []
    for arg in args:
        if isinstance(arg, pd.DataFrame):
            name = next(
                (
                    n
                    for n, frame in datasets.items()
                    if frame.shape == arg.shape and frame.equals(arg)
                ),
                None,
            )
            if name is not None:
                parts.append({"$t": "dataset", "name": name})
                continue
        parts.append(plain.to_plain(arg))
    return {"$t": "tuple", "v": parts}


def describe(module: Any) -> dict[str, Any]:
    """The public description of a chapter module: no keys, hints, solutions or feedback texts.

    Test cases of function exercises are included (they are not secret: a
    trainee sees them in the feedback), a bundled dataset by name.
    """
    from course import data

    datasets: dict[str, Any] = {}
    exercises = []
    for name in module.__all__:
        exercise = getattr(module, name)
        if not isinstance(exercise, core.Exercise):
            continue
        item: dict[str, Any] = {
            "name": name,
            "id": exercise.id,
            "kind": _kind(exercise),
            "title": dict(exercise.title),
            "hints": len(exercise.hints),
            "written": bool(getattr(exercise, "written", False)),
        }
        if isinstance(exercise, core.ChoiceExercise):
            item["options"] = {k: dict(v) for k, v in exercise.options.items()}
            item["multiple"] = bool(exercise.multiple)
        if isinstance(exercise, core.FunctionExercise):
            cases = list(exercise.cases)
            if not datasets and any(type(a).__name__ == "DataFrame" for c in cases for a in c):
                datasets = {n: data.load(n) for n in data.list_datasets()}
            item["cases"] = [_encode_case(c, datasets) for c in cases]
        exercises.append(item)
    chapter = (
        module.__name__.rsplit("ch", 1)[-1][:2] if _CHAPTER_MODULE.match(module.__name__) else ""
    )
    return {"format": 1, "chapter": chapter, "exercises": exercises}


def describe_chapters(chapters: list[str]) -> dict[str, Any]:
    """Descriptions of several chapters (what the grader writes to :data:`DESCRIPTIONS_ENV`)."""
    return {
        "format": 1,
        "chapters": {
            c: describe(importlib.import_module(f"course.exercises.ch{c}")) for c in chapters
        },
    }


def _describe_source(chapter: str) -> dict[str, Any]:
    """Describe a chapter from the kit's source, run apart from the import system (in a child process)."""
    import runpy
    import types

    source = Path(core.__file__).with_name(f"ch{chapter}.py")
    if not source.is_file():
        raise ImportError(f"no chapter {chapter} in the kit ({source.name} not found)")
    namespace = runpy.run_path(str(source), run_name=f"course.exercises.ch{chapter}")
    module = types.SimpleNamespace(**namespace)
    module.__name__ = f"course.exercises.ch{chapter}"
    return describe(module)


def load_description(chapter: str) -> dict[str, Any]:
    """The public description of a chapter, without ever loading its keys into this process."""
    path = os.environ.get(DESCRIPTIONS_ENV, "").strip()
    if path:
        try:
            found = json.loads(Path(path).read_text(encoding="utf-8"))["chapters"][chapter]
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise ImportError(
                f"The exercises of chapter {chapter} are not in {path} ({type(error).__name__}): ask your instructor. "
                f"{path} 中没有第 {chapter} 章的练习，请联系老师。"
            ) from None
        return found
    run = subprocess.run(
        [sys.executable, "-m", "course.exercises.public", "--describe", chapter],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if run.returncode != 0:
        raise ImportError(f"cannot describe chapter {chapter}: {run.stderr.strip()[-300:]}")
    return json.loads(run.stdout)


# --------------------------------------------------------------------------- the public objects
class Receipt(core.Result):
    """What ``check`` returns without keys: the answer is recorded, with no verdict."""

    def record(self) -> dict[str, Any]:
        return {**super().record(), "keyless": True}

    def __str__(self) -> str:
        return f"[{self.exercise}] {self.text()}"

    def _repr_html_(self) -> str:
        return (
            '<div class="course-result course-recorded" style="border-left:4px solid #1f5aa6;padding:6px 10px;'
            f'margin:4px 0;background:#f8f9fa"><b>{html.escape(self.exercise)}</b> · {html.escape(self.text())}</div>'
        )


@dataclass(repr=False)
class PublicExercise:
    """An exercise as a kernel without keys sees it (see the module doc)."""

    id: str
    title: Mapping[str, str]
    kind: str = "value"
    hint_count: int = 0
    written: bool = False
    options: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    multiple: bool = False
    encoded_cases: list[Any] = field(default_factory=list)
    attempts: int = field(default=0, init=False)
    hints_used: int = field(default=0, init=False)
    _cases: list[tuple] | None = field(default=None, init=False)

    @property
    def cases(self) -> list[tuple]:
        """The test cases of a function exercise, rebuilt from their plain form on first use."""
        if self._cases is None:
            self._cases = [tuple(plain.from_plain(c, datasets=True)) for c in self.encoded_cases]
        return self._cases

    @property
    def hints(self) -> list[Mapping[str, str]]:
        return []

    def answer_payload(self, answer: Any) -> dict[str, Any]:
        """The answer as plain data (a function is run on the public test cases here)."""
        if self.kind == "function":
            return plain.run_cases(answer, self.cases)
        return plain.value_payload(answer)

    def answer_record(self, answer: Any) -> Any:
        """A short JSON form of the answer for the notebook's record (a clicked option id, a number, a text)."""
        if isinstance(answer, list | tuple | set | frozenset) and self.kind == "choice":
            return sorted(str(a) for a in answer)[:50]
        return core.Exercise.answer_record(self, answer)  # type: ignore[arg-type]

    def check(self, answer: Any = core.____, *, via: str = "code") -> Receipt:
        """Record the answer in the notebook (no verdict: the grader judges it). Never raises."""
        blank = core.is_blank(answer)
        if not blank:
            self.attempts += 1
        value = None
        if not blank:
            try:
                value = self.answer_record(answer)
                json.dumps(value)
            except Exception:  # noqa: BLE001 - a receipt never raises
                value = None
        receipt = Receipt(
            exercise=self.id,
            status="not_attempted",
            message=i18n.both("grading.exam.blank" if blank else "grading.exam.recorded"),
            attempts=self.attempts,
            answer=value,
            via=via,
        )
        if core.in_kernel():
            receipt._ipython_display_()
        return receipt

    def hint(self, level: int = 1) -> core.Markdown:
        return core.Markdown(i18n.t("grading.exam.hint_locked"))

    def solution(self) -> core.Markdown:
        return core.Markdown(i18n.t("grading.exam.solution_locked"))

    def judge(self, answer: Any) -> core.Verdict:
        return core.Verdict.of("not_attempted", "grading.exam.recorded")

    def widget(self):
        """The same clickable view as in practice; a click records the answer."""
        from course.widgets.exercise import ChoiceExerciseView

        return ChoiceExerciseView(self)  # type: ignore[arg-type]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id}: {i18n.pick(self.title)}>"


def exercises_from(description: Mapping[str, Any]) -> list[tuple[str, PublicExercise]]:
    """(name, public exercise) for every exercise of a description."""
    out = []
    for item in description.get("exercises", []):
        out.append(
            (
                str(item["name"]),
                PublicExercise(
                    id=str(item["id"]),
                    title=dict(item["title"]),
                    kind=str(item.get("kind", "value")),
                    hint_count=int(item.get("hints", 0)),
                    written=bool(item.get("written", False)),
                    options={str(k): dict(v) for k, v in (item.get("options") or {}).items()},
                    multiple=bool(item.get("multiple", False)),
                    encoded_cases=list(item.get("cases") or []),
                ),
            )
        )
    return out


def populate(namespace: dict[str, Any], description: Mapping[str, Any]) -> None:
    """Fill a module namespace with a chapter's public form: ``q1`` …, ``____``, ``progress``, ``EXERCISES``."""
    pairs = exercises_from(description)
    chapter = str(description.get("chapter", ""))

    def progress():
        """Your recorded progress on this chapter's exercises (also after a kernel restart)."""
        from course import progress as store
        from course.i18n import labels

        return labels(store.summary(f"ch{chapter}."))

    namespace.update(dict(pairs))
    namespace.update(
        {
            "____": core.____,
            "progress": progress,
            "EXERCISES": [q for _, q in pairs],
            "PUBLIC": True,
            "__all__": ["____", "progress", *[name for name, _ in pairs]],
        }
    )


class _PublicLoader(importlib.abc.Loader):
    def __init__(self, chapter: str) -> None:
        self.chapter = chapter

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        return None

    def exec_module(self, module: Any) -> None:
        module.__doc__ = (
            f"Chapter {self.chapter} exercises, public form (no answer keys in this process)."
        )
        populate(module.__dict__, load_description(self.chapter))


class PublicFinder(importlib.abc.MetaPathFinder):
    """Serves ``course.exercises.chNN`` in its public form (installed by :func:`install`)."""

    def find_spec(
        self, fullname: str, path: Any = None, target: Any = None
    ) -> importlib.machinery.ModuleSpec | None:
        match = _CHAPTER_MODULE.match(fullname)
        if not match:
            return None
        return importlib.util.spec_from_loader(
            fullname, _PublicLoader(match[1]), origin="public form (no keys)"
        )


def active() -> bool:
    """True when chapter modules load in their public form in this process."""
    return any(isinstance(f, PublicFinder) for f in sys.meta_path)


def install() -> list[str]:
    """Serve chapter modules in their public form from now on; returns the keyed chapters dropped.

    A chapter already loaded with its keys (imported before exam mode started)
    is removed from ``sys.modules`` and, in a notebook, the names bound to its
    exercises are re-bound to their public form.
    """
    if not active():
        sys.meta_path.insert(0, PublicFinder())
    dropped = []
    for name in [n for n in sys.modules if _CHAPTER_MODULE.match(n)]:
        module = sys.modules[name]
        if getattr(module, "PUBLIC", False):
            continue
        del sys.modules[name]
        dropped.append(name)
        _rebind(module, importlib.import_module(name))
    if dropped:
        import gc

        gc.collect()
    return dropped


def _rebind(old: Any, new: Any) -> None:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return
    shell = get_ipython()
    if shell is None:
        return
    replacements = {
        id(getattr(old, n)): getattr(new, n) for n in getattr(new, "__all__", []) if hasattr(old, n)
    }
    for key, value in list(shell.user_ns.items()):
        if id(value) in replacements:
            shell.user_ns[key] = replacements[id(value)]


def install_if_requested() -> str | None:
    """Called when ``course.exercises`` is imported: the public form when exam mode or a grading kernel asks for it."""
    mode = requested()
    if mode:
        if mode == "exam":
            os.environ["COURSE_EXAM"] = "1"  # child processes inherit it
        install()
    return mode


def hand_in(exercise_id: str, answer: Any = core.____) -> None:
    """Hand an answer to the grader as plain data (what a grading run's check cells call; no verdict here)."""
    match = re.fullmatch(r"ch(\d{2})\.(q\d+)", str(exercise_id))
    if not match:
        raise ValueError(f"not an exercise id: {exercise_id!r}")
    exercise = getattr(importlib.import_module(f"course.exercises.ch{match[1]}"), match[2])
    kind = (
        "function"
        if getattr(exercise, "kind", None) == "function"
        or isinstance(exercise, core.FunctionExercise)
        else "value"
    )
    plain.publish(exercise.id, kind, exercise.answer_payload(answer))


def key_files(folder: Path | str | None = None) -> list[Path]:
    """The files that hold answer keys: each chapter's source and its compiled copies.

    >>> sorted({p.suffix for p in key_files()}) >= ['.py']
    True
    """
    root = Path(folder) if folder is not None else Path(core.__file__).parent
    sources = sorted(root.glob("ch[0-9][0-9].py"))
    compiled = sorted(root.glob("__pycache__/ch[0-9][0-9].*.pyc"))
    return sources + compiled


def lock_keys(folder: Path | str | None = None) -> list[Path]:
    """Make every key file readable by its owner only (mode 0600); return the files changed.

    Reading ``chNN.py`` is not the only way to the keys: Python's compiled
    cache ``__pycache__/chNN.*.pyc`` holds the same constants, so both are locked.
    """
    changed = []
    for path in key_files(folder):
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
            changed.append(path)
    return changed


def _main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--describe" and re.fullmatch(r"\d{2}", argv[1]):
        sys.stdout.write(json.dumps(_describe_source(argv[1]), ensure_ascii=False, allow_nan=False))
        return 0
    if len(argv) == 2 and argv[0] in ("--write", "--lock-keys"):
        if requested():
            sys.stderr.write(
                "exam or grading mode is on here: the descriptions must be written where the keys are\n"
            )
            return 2
        folder = Path(core.__file__).parent
        chapters = sorted(p.stem[2:] for p in folder.glob("ch[0-9][0-9].py"))
        Path(argv[1]).write_text(
            json.dumps(describe_chapters(chapters), ensure_ascii=False, allow_nan=False),
            encoding="utf-8",
        )
        print(f"wrote the public form of chapters {', '.join(chapters)} to {argv[1]}")
        if argv[0] == "--lock-keys":
            changed = lock_keys(folder)
            print(
                f"{len(key_files(folder))} key files (chapter sources and their __pycache__ copies) are now readable "
                f"by their owner only ({len(changed)} changed). Trainees' kernels need {DESCRIPTIONS_ENV}={argv[1]}; "
                "run this again after every reinstall or kit update."
            )
        return 0
    sys.stderr.write(
        "usage: python -m course.exercises.public --describe NN | --write FILE.json | --lock-keys FILE.json\n"
    )
    return 2


if __name__ == "__main__":  # pragma: no cover - run by load_description in a child process
    raise SystemExit(_main(sys.argv[1:]))
