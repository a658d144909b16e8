"""Handing out, collecting, grading and feedback through the hub (发放、收取、批改与反馈).

The instructor runs these on the hub host, as root (``course-hub release``,
``collect``, ``grade``, ``feedback``). The kit's own command line does the
work it already knows (``python -m course release``, ``grade``,
``class-report``, run from the shared installation); this module moves files
between the instructor's folders and the trainees' homes:

- **release** writes the released copy of a chapter into every trainee's
  ``~/course/workbook/`` in the trainee's language, never over a workbook the
  trainee already has;
- **collect** copies every trainee's saved workbook into a new, root-only
  folder ``STATE/submissions/NN-TIMESTAMP/TRAINEE/NN-slug.ipynb`` (one folder
  per trainee, as the grader wants it); a link, a special file or an oversized
  file is refused and reported, never followed;
- **grade** runs the kit's grader on such a folder, with the gradebook in
  ``STATE/grading/gradebook.sqlite`` on the hub host;
- **feedback** builds the class report and puts each trainee's own feedback
  page into their home as ``~/course/feedback.html``.

Every read and write in a home happens as that trainee (:mod:`course_hub.home`),
so a trainee can neither trick root into reading a classmate's file nor into
overwriting a system file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from course_hub import home
from course_hub.accounts import Account, AccountStore
from course_hub.settings import ClassSettings

MAX_SUBMISSION = 20 * 1024 * 1024
WORKERS = 8


class HandoutError(RuntimeError):
    """A hand-out step that cannot run; the message says what to fix."""


@dataclass
class Outcome:
    """What happened for one trainee."""

    trainee: str
    status: str
    detail: str = ""


@dataclass
class Report:
    """What one step did, trainee by trainee."""

    step: str
    outcomes: list[Outcome] = field(default_factory=list)
    folder: Path | None = None

    def count(self, *statuses: str) -> int:
        return sum(o.status in statuses for o in self.outcomes)

    def lines(self) -> list[str]:
        return [f"{o.trainee:<20} {o.status:<12} {o.detail}".rstrip() for o in self.outcomes]


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def trainees(settings: ClassSettings, names: Iterable[str] | None = None) -> list[Account]:
    """The trainees of the class (instructors excluded), optionally only ``names``."""
    accounts = AccountStore(settings.accounts_file).all()
    wanted = list(names or [])
    unknown = [n for n in wanted if n not in accounts]
    if unknown:
        raise HandoutError(
            f"not in the class: {', '.join(unknown)} (see `course-hub accounts list`)."
        )
    chosen = [accounts[n] for n in wanted] if wanted else list(accounts.values())
    return [a for a in chosen if not a.is_instructor]


def kit_command(settings: ClassSettings, *args: str) -> list[str]:
    """``python -m course ARGS`` from the shared installation."""
    return [settings.python, "-m", "course", *args]


def _run_kit(settings: ClassSettings, args: list[str], log: Callable[[str], None]) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURSE_HUB_")}
    env["COURSE_PROGRESS_DB"] = "off"
    done = subprocess.run(
        kit_command(settings, *args),
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=settings.state_dir,
    )
    if done.returncode != 0:
        raise HandoutError(
            f"`python -m course {' '.join(args)}` failed ({done.returncode}):\n"
            f"{(done.stderr or done.stdout).strip()[-2000:]}"
        )
    for line in done.stdout.splitlines():
        log(line)
    return done.stdout


def _private_dir(path: Path) -> Path:
    """``path`` and every folder made on the way to it: root only (0700)."""
    missing = [p for p in [path, *path.parents] if not p.exists()]
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    for made in missing:
        os.chmod(made, 0o700)
    os.chmod(path, 0o700)
    return path


def stem_of(settings: ClassSettings, chapter: str) -> str:
    """``01`` -> ``01-prospects`` (from the installed kit's workbooks)."""
    key = str(chapter).strip().removeprefix("ch").zfill(2)
    hits = sorted((settings.kit_dir / "workbook" / "en").glob(f"{key}-*.ipynb"))
    if not hits:
        known = (
            ", ".join(
                p.stem for p in sorted((settings.kit_dir / "workbook" / "en").glob("*.ipynb"))
            )
            or "none"
        )
        raise HandoutError(
            f"no workbook for chapter {chapter!r} in {settings.kit_dir}; available: {known}."
        )
    return hits[0].stem


def _each(accounts: list[Account], work: Callable[[Account], Outcome]) -> list[Outcome]:
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(work, accounts))


# --------------------------------------------------------------------------- release
def release(
    settings: ClassSettings,
    chapter: str,
    names: Iterable[str] | None = None,
    *,
    exam: bool = False,
    log: Callable[[str], None] = print,
) -> Report:
    """Hand out ``chapter`` to every trainee (or ``names``), in each one's language."""
    accounts = trainees(settings, names)
    stem = stem_of(settings, chapter)
    out = _private_dir(settings.releases_dir / f"{stem[:2]}-{_stamp()}")
    args = ["release", stem[:2], "--out", str(out), "--lang", "en", "zh"] + (
        ["--exam"] if exam else []
    )
    _run_kit(settings, args, lambda line: None)

    def give(account: Account) -> Outcome:
        content = (out / account.lang / f"{stem}.ipynb").read_text(encoding="utf-8")
        try:
            results = home.run_plan(
                account.name,
                [
                    {"op": "mkdir", "path": f"{home.COURSE_DIR}/workbook", "mode": 0o700},
                    {
                        "op": "write",
                        "path": f"{home.COURSE_DIR}/workbook/{stem}.ipynb",
                        "content": content,
                        "policy": "missing",
                        "mode": 0o600,
                    },
                ],
                settings.python,
            )
            home.refresh_start_page(account.name, account.lang, settings.kit_dir, settings.python)
        except home.HomeError as error:
            return Outcome(account.name, "error", str(error))
        last = results[-1]
        if last["status"] == "written":
            return Outcome(account.name, "released", f"{stem}.ipynb ({account.lang})")
        if last["status"] == "kept":
            return Outcome(account.name, "kept", f"already has {stem}.ipynb: left as it is")
        return Outcome(
            account.name, "error", "; ".join(home.failures(results)) or last.get("reason", "")
        )

    report = Report("release", _each(accounts, give), out)
    log(
        f"released {stem}: {report.count('released')} written, {report.count('kept')} kept, "
        f"{report.count('error')} failed"
    )
    return report


# --------------------------------------------------------------------------- collect
def collect(
    settings: ClassSettings,
    chapter: str,
    names: Iterable[str] | None = None,
    log: Callable[[str], None] = print,
) -> Report:
    """Copy every trainee's saved ``chapter`` workbook into a new root-only submissions folder."""
    accounts = trainees(settings, names)
    stem = stem_of(settings, chapter)
    folder = _private_dir(settings.submissions_dir / f"{stem[:2]}-{_stamp()}")

    def take(account: Account) -> Outcome:
        try:
            (result,) = home.run_plan(
                account.name,
                [
                    {
                        "op": "read",
                        "path": f"{home.COURSE_DIR}/workbook/{stem}.ipynb",
                        "max_bytes": MAX_SUBMISSION,
                    }
                ],
                settings.python,
            )
        except home.HomeError as error:
            return Outcome(account.name, "error", str(error))
        if result["status"] == "missing":
            return Outcome(account.name, "missing", f"no {stem}.ipynb in ~/course/workbook")
        if result["status"] != "ok":
            return Outcome(account.name, "refused", result.get("reason", result["status"]))
        data = result["content"].encode("utf-8")
        target = _private_dir(folder / account.name) / f"{stem}.ipynb"
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        return Outcome(account.name, "collected", hashlib.sha256(data).hexdigest()[:12])

    report = Report("collect", _each(accounts, take), folder)
    manifest = {
        "chapter": stem[:2],
        "stem": stem,
        "collected_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "trainees": {o.trainee: {"status": o.status, "detail": o.detail} for o in report.outcomes},
    }
    (folder / "collect.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    os.chmod(folder / "collect.json", 0o600)
    log(
        f"collected {stem} into {folder}: {report.count('collected')} handed in, {report.count('missing')} missing, "
        f"{report.count('refused', 'error')} refused"
    )
    return report


def latest_collection(settings: ClassSettings, chapter: str) -> Path:
    stem = stem_of(settings, chapter)
    found = (
        sorted(settings.submissions_dir.glob(f"{stem[:2]}-*"))
        if settings.submissions_dir.is_dir()
        else []
    )
    if not found:
        raise HandoutError(
            f"nothing collected for chapter {stem[:2]} yet: run `course-hub collect {stem[:2]}` first."
        )
    return found[-1]


# --------------------------------------------------------------------------- grade
def grade(
    settings: ClassSettings,
    folder: Path,
    *,
    workers: int | None = None,
    extra: list[str] | None = None,
    log: Callable[[str], None] = print,
) -> str:
    """Grade a submissions folder with the kit's grader; the gradebook stays on the hub host (root only)."""
    grading = _private_dir(settings.grading_dir)
    args = [
        "grade",
        str(folder),
        "--out",
        str(grading),
        "--db",
        settings.gradebook_url,
        "--no-progress",
    ]
    if workers:
        args += ["--workers", str(workers)]
    output = _run_kit(settings, args + list(extra or []), log)
    for path in grading.glob("gradebook.sqlite*"):
        os.chmod(path, 0o600)
    return output


def gradebook_rows(settings: ClassSettings) -> list[dict[str, str]]:
    """The latest result per trainee and exercise, through the kit's export (CSV)."""
    import csv

    out = _private_dir(settings.reports_dir) / f"gradebook-{_stamp()}.csv"
    _run_kit(
        settings,
        ["gradebook", "export", "--out", str(out), "--db", settings.gradebook_url],
        lambda line: None,
    )
    with open(out, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


# --------------------------------------------------------------------------- feedback
def _page_for(folder: Path, trainee: str) -> Path | None:
    """The trainee's page in a class-report feedback folder (found by file name, else by its title)."""
    direct = folder / f"{trainee}.html"
    if direct.is_file():
        return direct
    pattern = re.compile(r"<title>[^<]*\b" + re.escape(trainee) + r"\b[^<]*</title>")
    for page in sorted(folder.glob("*.html")):
        if pattern.search(page.read_text(encoding="utf-8", errors="replace")[:2000]):
            return page
    return None


def feedback(
    settings: ClassSettings, names: Iterable[str] | None = None, log: Callable[[str], None] = print
) -> Report:
    """Build the class report and give each trainee their own feedback page (``~/course/feedback.html``)."""
    accounts = trainees(settings, names)
    if not (settings.grading_dir / "gradebook.sqlite").is_file():
        raise HandoutError("no gradebook yet: grade a collection first (`course-hub grade 01`).")
    base = _private_dir(settings.reports_dir / f"feedback-{_stamp()}")
    folders: dict[str, Path] = {}
    for lang in sorted({a.lang for a in accounts}):
        out = _private_dir(base / lang) / "class.html"
        _run_kit(
            settings,
            ["class-report", "--db", settings.gradebook_url, "--out", str(out), "--lang", lang],
            lambda line: None,
        )
        folders[lang] = out.with_name(out.stem + "-feedback")

    def give(account: Account) -> Outcome:
        folder = folders[account.lang]
        page = _page_for(folder, account.name) if folder.is_dir() else None
        if page is None:
            return Outcome(account.name, "no-grades", "not in the gradebook yet")
        try:
            results = home.run_plan(
                account.name,
                [
                    {
                        "op": "write",
                        "path": f"{home.COURSE_DIR}/feedback.html",
                        "content": page.read_text(encoding="utf-8"),
                        "policy": "replace",
                        "mode": 0o600,
                    }
                ],
                settings.python,
            )
            home.refresh_start_page(account.name, account.lang, settings.kit_dir, settings.python)
        except home.HomeError as error:
            return Outcome(account.name, "error", str(error))
        if results[0]["status"] == "written":
            return Outcome(account.name, "delivered", "~/course/feedback.html")
        return Outcome(account.name, "error", results[0].get("reason", results[0]["status"]))

    report = Report("feedback", _each(accounts, give), base)
    log(
        f"feedback pages: {report.count('delivered')} delivered, {report.count('no-grades')} without grades, "
        f"{report.count('error')} failed; class reports in {base}"
    )
    return report
