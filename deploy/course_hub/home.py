"""A trainee's home on the hub (学员的主目录): what it holds and how it is filled.

::

    ~/course/START.md              the start page, in the trainee's language (opens first)
    ~/course/notebooks/NN-slug.ipynb   the course notebooks of that language (copied once)
    ~/course/workbook/NN-slug.ipynb    workbooks, as the instructor releases them
    ~/course/feedback.html         the trainee's feedback page after grading
    ~/.jupyter/lab/user-settings/  JupyterLab in the trainee's language

Nothing a trainee wrote is ever overwritten: notebooks and workbooks are copied
only when missing, the start page is refreshed only while it is the kit's own
unedited copy, the JupyterLab settings only written when absent (a trainee who
switches the interface language keeps their choice). Every write runs as the
trainee (:mod:`course_hub.as_user`).
"""

from __future__ import annotations

import asyncio
import json
import os
import pwd
import subprocess
import sys
from pathlib import Path
from typing import Any

from course_hub import as_user

START_MARKER = "<!-- course-hub:start-page -->"
LAB_SETTINGS = ".jupyter/lab/user-settings/@jupyterlab"
LOCALES = {"en": "en", "zh": "zh_CN"}
COURSE_DIR = "course"


class HomeError(RuntimeError):
    """A trainee's home cannot be used; the message names the account and the fix."""


# --------------------------------------------------------------------------- running as the trainee
def _command(python: str | None) -> list[str]:
    source = Path(as_user.__file__).read_text(encoding="utf-8")
    return [
        python or os.environ.get("COURSE_HUB_PYTHON") or sys.executable,
        "-I",
        "-S",
        "-c",
        source,
    ]


def _account(name: str) -> pwd.struct_passwd:
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        raise HomeError(
            f"{name}: no Unix account; create it with `course-hub accounts add`."
        ) from None
    if entry.pw_uid == 0:
        raise HomeError(f"{name}: refusing to work on root's home as a trainee's.")
    if not os.path.isdir(entry.pw_dir):
        raise HomeError(f"{name}: the home {entry.pw_dir} is missing; recreate the account.")
    return entry


def _as(entry: pwd.struct_passwd) -> dict[str, Any]:
    """Popen arguments that make the child the trainee (set in C before exec: safe with threads)."""
    return {
        "user": entry.pw_uid,
        "group": entry.pw_gid,
        "extra_groups": os.getgrouplist(entry.pw_name, entry.pw_gid),
        "cwd": entry.pw_dir,
        "umask": 0o077,
        "env": _env(entry),
    }


def _env(entry: pwd.struct_passwd) -> dict[str, str]:
    return {
        "HOME": entry.pw_dir,
        "USER": entry.pw_name,
        "LOGNAME": entry.pw_name,
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
    }


def _parse(name: str, completed_stdout: bytes, stderr: bytes, code: int) -> list[dict[str, Any]]:
    if code != 0:
        raise HomeError(
            f"{name}: the file helper failed ({code}): {stderr.decode(errors='replace').strip()[-400:]}"
        )
    return json.loads(completed_stdout.decode("utf-8"))


def run_plan(
    name: str, plan: list[dict[str, Any]], python: str | None = None, timeout: float = 120
) -> list[dict[str, Any]]:
    """Run ``plan`` (see :mod:`course_hub.as_user`) as the trainee ``name``; one result per step.

    ``python`` is an interpreter the trainee can run (default ``$COURSE_HUB_PYTHON``, else this one).
    """
    entry = _account(name)
    done = subprocess.run(
        _command(python),
        input=json.dumps(plan).encode("utf-8"),
        capture_output=True,
        check=False,
        timeout=timeout,
        **_as(entry),
    )
    return _parse(name, done.stdout, done.stderr, done.returncode)


async def run_plan_async(
    name: str, plan: list[dict[str, Any]], python: str | None = None, timeout: float = 120
) -> list[dict[str, Any]]:
    """:func:`run_plan` without blocking the hub's event loop."""
    entry = _account(name)
    proc = await asyncio.create_subprocess_exec(
        *_command(python),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        **_as(entry),
    )
    out, err = await asyncio.wait_for(proc.communicate(json.dumps(plan).encode("utf-8")), timeout)
    return _parse(name, out, err, proc.returncode or 0)


# --------------------------------------------------------------------------- what goes in a home
def chapter_titles(lang: str, root: Path) -> dict[str, str]:
    """stem -> H1 title of each course notebook of ``lang`` in the kit at ``root``."""
    titles = {}
    for path in sorted((root / "notebooks" / lang).glob("[0-9][0-9]-*.ipynb")):
        title = path.stem
        try:
            for cell in json.loads(path.read_text(encoding="utf-8")).get("cells", []):
                text = (
                    "".join(cell.get("source", [])) if cell.get("cell_type") == "markdown" else ""
                )
                heading = next(
                    (line[2:].strip() for line in text.splitlines() if line.startswith("# ")), None
                )
                if heading:
                    title = heading
                    break
        except (OSError, ValueError):
            pass
        titles[path.stem] = title
    return titles


def start_page(lang: str, workbooks: list[str], has_feedback: bool, root: Path) -> str:
    """The start page (Markdown) in ``lang``, linking the course and the workbooks released so far."""
    from course.i18n import t

    lines = [
        START_MARKER,
        f"<!-- {t('hub.start.keep', lang=lang)} -->",
        "",
        f"# {t('hub.start.title', lang=lang)}",
        "",
        t("hub.start.intro", lang=lang),
        "",
        f"| {t('hub.start.col.chapter', lang=lang)} | {t('hub.start.col.workbook', lang=lang)} |",
        "|---|---|",
    ]
    for stem, title in chapter_titles(lang, root).items():
        name = f"{stem}.ipynb"
        workbook = (
            f"[{t('hub.start.workbook', lang=lang, n=int(stem[:2]))}](workbook/{name})"
            if name in workbooks
            else t("hub.start.not_released", lang=lang)
        )
        lines.append(f"| [{title}](notebooks/{name}) | {workbook} |")
    lines += ["", f"## {t('hub.start.feedback_title', lang=lang)}", ""]
    lines.append(
        f"[{t('hub.start.feedback_link', lang=lang)}](feedback.html)"
        if has_feedback
        else t("hub.start.no_feedback", lang=lang)
    )
    lines += [
        "",
        f"## {t('hub.start.tips_title', lang=lang)}",
        "",
        t("hub.start.tips", lang=lang),
        "",
    ]
    return "\n".join(lines)


def prepare_plan(lang: str, root: Path) -> list[dict[str, Any]]:
    """Folders, course notebooks and JupyterLab settings for a trainee of ``lang`` (first step of a spawn)."""
    plan: list[dict[str, Any]] = [
        {"op": "mkdir", "path": COURSE_DIR, "mode": 0o700},
        {"op": "mkdir", "path": f"{COURSE_DIR}/notebooks", "mode": 0o700},
        {"op": "mkdir", "path": f"{COURSE_DIR}/workbook", "mode": 0o700},
    ]
    for path in sorted((root / "notebooks" / lang).glob("[0-9][0-9]-*.ipynb")):
        plan.append(
            {
                "op": "copy",
                "src": str(path),
                "path": f"{COURSE_DIR}/notebooks/{path.name}",
                "policy": "missing",
                "mode": 0o600,
            }
        )
    # the interface language is the trainee's own (the class-wide defaults are in deploy/lab-overrides.json)
    folder = f"{LAB_SETTINGS}/translation-extension"
    plan.append({"op": "mkdir", "path": folder, "mode": 0o700})
    plan.append(
        {
            "op": "write",
            "path": f"{folder}/plugin.jupyterlab-settings",
            "content": json.dumps({"locale": LOCALES[lang]}, indent=2) + "\n",
            "policy": "missing",
            "mode": 0o600,
        }
    )
    plan.append({"op": "list", "path": f"{COURSE_DIR}/workbook"})
    plan.append({"op": "list", "path": COURSE_DIR})
    return plan


def start_page_step(lang: str, listing: list[dict[str, Any]], root: Path) -> dict[str, Any]:
    """The write step for the start page, from the ``list`` results of :func:`prepare_plan`."""
    workbooks = next(
        (r.get("names", []) for r in listing if r.get("path") == f"{COURSE_DIR}/workbook"), []
    )
    top = next((r.get("names", []) for r in listing if r.get("path") == COURSE_DIR), [])
    return {
        "op": "write",
        "path": f"{COURSE_DIR}/START.md",
        "content": start_page(lang, workbooks, "feedback.html" in top, root),
        "policy": "marker",
        "marker": START_MARKER,
        "mode": 0o600,
    }


def prepare(name: str, lang: str, root: Path, python: str | None = None) -> list[dict[str, Any]]:
    """Fill ``name``'s home for the course from the kit at ``root`` (blocking); returns every step's result."""
    results = run_plan(name, prepare_plan(lang, root), python)
    return results + run_plan(name, [start_page_step(lang, results, root)], python)


async def prepare_async(
    name: str, lang: str, root: Path, python: str | None = None
) -> list[dict[str, Any]]:
    results = await run_plan_async(name, prepare_plan(lang, root), python)
    return results + await run_plan_async(name, [start_page_step(lang, results, root)], python)


def refresh_start_page(
    name: str, lang: str, root: Path, python: str | None = None
) -> list[dict[str, Any]]:
    """Rewrite the start page after a release or new feedback (only if it is still the kit's copy)."""
    listing = run_plan(
        name,
        [{"op": "list", "path": f"{COURSE_DIR}/workbook"}, {"op": "list", "path": COURSE_DIR}],
        python,
    )
    return run_plan(name, [start_page_step(lang, listing, root)], python)


def failures(results: list[dict[str, Any]]) -> list[str]:
    """The steps that went wrong, as 'path: reason' lines."""
    return [
        f"{r.get('path')}: {r.get('reason', r.get('status'))}"
        for r in results
        if r.get("status") == "error"
    ]


# --------------------------------------------------------------------------- as the trainee, in a container
def main(argv: list[str] | None = None) -> int:
    """``python -m course_hub.home``: fill *this* user's home (a Kubernetes pod's postStart hook).

    On Zero to JupyterHub every trainee's server already runs as the trainee,
    so the same plan runs in-process, in ``$HOME``.
    """
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m course_hub.home", description=main.__doc__.splitlines()[0]
    )
    parser.add_argument("--lang", default=os.environ.get("COURSE_LANG", "zh"), choices=["en", "zh"])
    parser.add_argument(
        "--kit", required=True, help="the kit's folder (course notebooks), e.g. /opt/course/kit"
    )
    parser.add_argument("--home", default=os.path.expanduser("~"))
    args = parser.parse_args(argv)
    os.chdir(args.home)
    results = [as_user.step(op) for op in prepare_plan(args.lang, Path(args.kit))]
    results.append(as_user.step(start_page_step(args.lang, results, Path(args.kit))))
    for problem in failures(results):
        print(f"warning: {problem}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
