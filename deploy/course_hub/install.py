"""Install the kit once for every trainee (一次安装，全班共用): ``make hub-install``.

Trainees' servers run as their own Unix accounts, so everything they run must
be readable by any account: a checkout in an instructor's home, or a Python
under ``/root/.pyenv``, is not. This module lays out a shared installation::

    PREFIX/kit/     a copy of the kit's files: the ``course`` package, datasets,
                    course notebooks and blank workbooks (readable by all), the
                    workbook sources with their solutions (root only, 0700), and
                    ``deploy/`` with the configurable-http-proxy from npm
    PREFIX/venv/    a virtual environment made with a system Python every
                    account can run, holding ``requirements.txt`` (the kit
                    installed editable from ``PREFIX/kit``) and the hub

The environment is rebuilt only when ``requirements.txt``, ``pyproject.toml``,
``deploy/pyproject.toml`` or the base Python change (a stamp records them); the
kit's files are synchronised on every run (a second or two). A checkout's test
installation (``--prefix dev``, ``/opt/course-hub-dev/<checkout>``) is first
seeded from another checkout's with the same stamp when there is one (hard
links, seconds instead of a minute: see :func:`seed_env`). The same recipe
makes the container image for Zero to JupyterHub (``deploy/z2jh/Dockerfile``).

    python -m course_hub.install --prefix /opt/course-hub
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2]
DEFAULT_PREFIX = Path("/opt/course-hub")
#: the kit's parts a hub needs (folders are copied whole, minus caches)
KIT_PARTS = [
    "course",
    "datasets",
    "notebooks/en",
    "notebooks/zh",
    "notebooks/START.md",
    "workbook/en",
    "workbook/zh",
    "workbook/src",
    "deploy/course_hub",
    "deploy/pyproject.toml",
    "deploy/class.yaml",
    "deploy/jupyterhub_config.py",
    "deploy/lab-overrides.json",
    "deploy/package.json",
    "deploy/package-lock.json",
    "pyproject.toml",
    "README.md",
    "requirements.txt",
]
#: parts only root may read on the hub (solution sources)
PRIVATE_PARTS = ["workbook/src"]
SKIP_NAMES = {"__pycache__", ".ipynb_checkpoints", "big", "node_modules", ".pytest_cache"}
STAMP_INPUTS = ["requirements.txt", "pyproject.toml", "deploy/pyproject.toml"]
BASE_CANDIDATES = [
    "/usr/bin/python3.13",
    "/usr/bin/python3.12",
    "/usr/bin/python3.11",
    "/usr/bin/python3",
    "/usr/local/bin/python3",
]
NOBODY = 65534


def resolve_prefix(prefix: Path | str, source: Path = SOURCE) -> Path:
    """``dev`` means this checkout's own test installation (tests, ``make hub-test``); anything else is a path.

    >>> str(resolve_prefix("/opt/course-hub"))
    '/opt/course-hub'
    """
    if str(prefix) == "dev":
        return Path("/opt/course-hub-dev") / hashlib.sha256(str(source).encode()).hexdigest()[:10]
    return Path(prefix)


class InstallError(RuntimeError):
    """The shared installation cannot be made; the message says what to install or fix."""


# --------------------------------------------------------------------------- a Python every account can run
def runs_for_everyone(python: str) -> bool:
    """True when ``python`` (3.11+) starts for an unprivileged account (nobody)."""

    def become_nobody() -> None:
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)

    try:
        done = subprocess.run(
            [python, "-I", "-S", "-c", "import sys; sys.exit(sys.version_info < (3, 11))"],
            capture_output=True,
            timeout=30,
            check=False,
            preexec_fn=become_nobody if os.geteuid() == 0 else None,
            cwd="/",
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _makes_venvs(python: str) -> bool:
    """Debian ships ``venv``'s pip bootstrap separately (python3-venv)."""
    done = subprocess.run(
        [python, "-c", "import ensurepip, venv"], capture_output=True, check=False
    )
    return done.returncode == 0


def base_python(allow_apt: bool = True) -> str:
    """The first system Python 3.11+ every account can run (``$COURSE_HUB_BASE_PYTHON`` first).

    On Debian, when none can make a virtual environment yet, ``python3`` and
    ``python3-venv`` are installed with apt-get first.
    """
    wanted = os.environ.get("COURSE_HUB_BASE_PYTHON")
    candidates = [wanted] if wanted else BASE_CANDIDATES
    for candidate in candidates:
        if (
            candidate
            and Path(candidate).is_file()
            and runs_for_everyone(candidate)
            and _makes_venvs(candidate)
        ):
            return candidate
    if allow_apt and not wanted and shutil.which("apt-get") and os.geteuid() == 0:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        if (
            subprocess.run(
                ["apt-get", "install", "-y", "-q", "python3", "python3-venv"],
                capture_output=True,
                check=False,
                env=env,
            ).returncode
            != 0
        ):
            subprocess.run(["apt-get", "update", "-q"], capture_output=True, check=False, env=env)
            subprocess.run(
                ["apt-get", "install", "-y", "-q", "python3", "python3-venv"],
                capture_output=True,
                check=False,
                env=env,
            )
        return base_python(allow_apt=False)
    raise InstallError(
        "No Python 3.11+ that every account can run was found (tried "
        + ", ".join(c for c in candidates if c)
        + "). "
        "Install Debian's python3 and python3-venv (apt-get install python3 python3-venv), or set "
        "COURSE_HUB_BASE_PYTHON to one outside any private home."
    )


# --------------------------------------------------------------------------- the kit's files
def _files(part: Path) -> Iterator[Path]:
    if part.is_file():
        yield part
        return
    for path in sorted(part.rglob("*")):
        if (
            path.is_file()
            and not any(p in SKIP_NAMES for p in path.relative_to(part).parts)
            and path.suffix != ".pyc"
        ):
            yield path


def sync_kit(source: Path, kit: Path, log: Callable[[str], None] = print) -> int:
    """Copy the kit's parts from ``source`` to ``kit`` (changed files only; stale ones removed); returns files copied."""
    copied = 0
    wanted: set[Path] = set()
    for name in KIT_PARTS:
        part = source / name
        if not part.exists():
            continue
        for path in _files(part):
            rel = path.relative_to(source)
            target = kit / rel
            wanted.add(target)
            if (
                target.is_file()
                and target.stat().st_size == path.stat().st_size
                and _same(path, target)
            ):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.tmp")
            shutil.copy2(path, tmp)
            os.replace(tmp, target)
            copied += 1
    for name in KIT_PARTS:
        folder = kit / name
        if folder.is_dir():
            for path in list(_files(folder)):
                if path not in wanted:
                    path.unlink()
    _permissions(kit)
    log(f"kit files in {kit}: {copied} updated")
    return copied


def _same(a: Path, b: Path) -> bool:
    return a.read_bytes() == b.read_bytes()


def _permissions(kit: Path) -> None:
    for folder, dirs, files in os.walk(kit):
        dirs[:] = [d for d in dirs if d != "node_modules"]
        os.chmod(folder, 0o755)
        for name in files:
            path = os.path.join(folder, name)
            os.chmod(path, 0o755 if os.stat(path).st_mode & 0o100 else 0o644)
    for name in PRIVATE_PARTS:
        if (kit / name).is_dir():
            os.chmod(kit / name, 0o700)


# --------------------------------------------------------------------------- the environment
def stamp(source: Path, python: str) -> str:
    digest = hashlib.sha256(python.encode())
    version = subprocess.run(
        [python, "-c", "import sys; print(sys.version)"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    digest.update(version.encode())
    for name in STAMP_INPUTS:
        path = source / name
        if path.suffix == ".toml" and path.is_file():
            import tomllib

            project = tomllib.loads(path.read_text(encoding="utf-8")).get("project", {})
            wanted = {
                "dependencies": project.get("dependencies", []),
                "optional": project.get("optional-dependencies", {}),
                "scripts": project.get("scripts", {}),
            }
            data = repr(sorted(wanted.items())).encode()  # what pip installs, not tool settings
        else:
            data = path.read_bytes() if path.is_file() else b""
        digest.update(name.encode() + b"\0" + data)
    return digest.hexdigest()


def _run(cmd: list[str], cwd: Path, log: Callable[[str], None]) -> None:
    log("$ " + " ".join(cmd))
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise InstallError(
            f"`{' '.join(cmd)}` failed in {cwd}:\n{(done.stderr or done.stdout)[-2000:]}"
        )


def _uv_install(venv: Path, kit: Path, log: Callable[[str], None]) -> bool:
    """Install the requirements with the ``uv`` that ``make`` put beside this Python; ``False`` to use pip.

    uv installs the same versions as pip in a fraction of the time. The files are copied, not hard-linked
    to uv's cache in the installer's home, and compiled: trainees cannot write bytecode into the prefix.
    """
    uv = Path(sys.executable).parent / "uv"
    if not uv.is_file():
        return False
    cmd = [str(uv), "pip", "install", "--quiet", "--link-mode=copy", "--compile-bytecode",
           "--python", str(venv / "bin" / "python"), "-r", "requirements.txt"]
    log("$ " + " ".join(cmd))
    done = subprocess.run(cmd, cwd=kit, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        log(f"uv failed ({(done.stderr or done.stdout).strip()[-300:]}); installing with pip instead")
        return False
    return True


def build_env(prefix: Path, python: str, log: Callable[[str], None] = print) -> None:
    """(Re)create ``prefix/venv`` with the kit's requirements, installed from ``prefix/kit``."""
    venv, kit = prefix / "venv", prefix / "kit"
    shutil.rmtree(venv, ignore_errors=True)
    _run([python, "-m", "venv", str(venv)], prefix, log)
    if not _uv_install(venv, kit, log):
        pip = [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "--disable-pip-version-check",
            "install",
            "--quiet",
        ]
        _run(pip + ["-r", "requirements.txt"], kit, log)
    # rfc3987-syntax (pulled in by jupyter-events) adds ~1.3 s to every nbformat import: every kernel start
    subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "uninstall",
            "--quiet",
            "--yes",
            "rfc3987-syntax",
        ],
        capture_output=True,
        check=False,
    )


DEV_ROOT = Path("/opt/course-hub-dev")


def _replace_text(path: Path, old: str, new: str) -> None:
    """Rewrite ``path`` with ``old`` replaced, as a new file (never through a shared hard link)."""
    text = path.read_text(encoding="utf-8")
    if old not in text:
        return
    tmp = path.with_name(f".{path.name}.seed")
    tmp.write_text(text.replace(old, new), encoding="utf-8")
    shutil.copymode(path, tmp)
    os.replace(tmp, path)


def seed_env(prefix: Path, wanted: str, log: Callable[[str], None] = print) -> bool:
    """Make ``prefix/venv`` from a sibling test installation with the same stamp; ``False`` if none.

    Only for checkouts' test installations under ``/opt/course-hub-dev`` (several checkouts
    of the kit on one machine each have one; a class's installation is always built). The
    sibling's venv is copied as hard links (seconds, no extra disk); the files that name its
    prefix — scripts' ``#!`` lines, ``pyvenv.cfg``, the editable installs of ``course`` and
    ``course_hub`` — are rewritten as new files, so the sibling is never changed. The result
    must import ``course`` from this prefix's kit, or it is removed and ``False`` returned
    (the caller then builds the environment from scratch).
    """
    if prefix.parent != DEV_ROOT:
        return False
    donors = []
    for sibling in sorted(DEV_ROOT.iterdir()):
        stamp_file = sibling / "venv" / ".course-hub-stamp"
        if sibling == prefix or not stamp_file.is_file():
            continue
        if stamp_file.read_text().strip() == wanted:
            donors.append(sibling)
    if not donors:
        return False
    donor = donors[0]
    venv, partial = prefix / "venv", prefix / "venv.seeding"
    shutil.rmtree(partial, ignore_errors=True)
    import fcntl

    # the donor's installer holds its lock exclusively while it (re)builds: copy a finished venv only
    with open(donor / ".install.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_SH)
        stamp_file = donor / "venv" / ".course-hub-stamp"
        if not stamp_file.is_file() or stamp_file.read_text().strip() != wanted:
            return False
        done = subprocess.run(
            ["cp", "-al", str(donor / "venv"), str(partial)], capture_output=True, text=True
        )
    if done.returncode != 0:
        shutil.rmtree(partial, ignore_errors=True)
        log(f"could not seed from {donor}: {done.stderr.strip()[-300:]}")
        return False
    old, new = str(donor), str(prefix)
    site = sorted(partial.glob("lib/python3*/site-packages"))
    texts = [partial / "pyvenv.cfg"]
    for folder in [partial / "bin", *site]:
        texts += [f for f in folder.iterdir() if f.is_file() and not f.is_symlink()]
    texts += [d for s in site for d in s.glob("*.dist-info/direct_url.json")]
    for path in texts:
        if (
            path.parent.name == "bin"
            or path.name.startswith("__editable__")
            or path.suffix
            in (
                ".cfg",
                ".json",
            )
        ):
            try:
                _replace_text(path, old + "/venv", new + "/venv")
                _replace_text(path, old + "/kit", new + "/kit")
            except UnicodeDecodeError:  # a binary in bin/
                continue
    for s in site:  # compiled copies of the editable finders still name the donor's kit
        for pyc in (s / "__pycache__").glob("__editable__*"):
            pyc.unlink()
    (partial / ".course-hub-stamp").unlink(missing_ok=True)
    shutil.rmtree(venv, ignore_errors=True)
    os.replace(partial, venv)
    check = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import course, course_hub; print(course.__file__)"],
        capture_output=True,
        text=True,
        cwd="/",
    )
    if check.returncode != 0 or not check.stdout.strip().startswith(str(prefix / "kit")):
        log(f"the venv seeded from {donor} does not import this kit; building it instead")
        shutil.rmtree(venv, ignore_errors=True)
        return False
    log(f"trainees' Python environment seeded from {donor} (same requirements)")
    return True


def _lab_overrides(prefix: Path) -> None:
    """JupyterLab defaults for every trainee: no news or update checks, Markdown opens as a page."""
    target = prefix / "venv" / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)  # never write through a hard link of a seeded venv (seed_env)
    shutil.copy2(prefix / "kit" / "deploy" / "lab-overrides.json", target)
    os.chmod(target, 0o644)


def install_proxy(prefix: Path, log: Callable[[str], None] = print) -> Path:
    """configurable-http-proxy from npm into ``prefix/kit/deploy/node_modules`` (from the lock file)."""
    deploy = prefix / "kit" / "deploy"
    binary = deploy / "node_modules" / ".bin" / "configurable-http-proxy"
    lock = deploy / "package-lock.json"
    marker = deploy / "node_modules" / ".course-hub-lock"
    if (
        binary.exists()
        and marker.is_file()
        and lock.is_file()
        and marker.read_bytes() == lock.read_bytes()
    ):
        return binary
    npm = shutil.which("npm")
    if npm is None:
        raise InstallError(
            "npm is missing: install Node.js 18+ and npm (apt-get install nodejs npm), then run again."
        )
    _run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], deploy, log)
    shutil.copy2(lock, marker)
    return binary


def install(
    prefix: Path | str = DEFAULT_PREFIX, source: Path = SOURCE, log: Callable[[str], None] = print
) -> Path:
    """Make or refresh the shared installation at ``prefix``; returns the trainees' Python."""
    if os.geteuid() != 0:
        raise InstallError("Run this as root: the installation is shared by every trainee account.")
    prefix = resolve_prefix(prefix, source).resolve()
    for parent in [prefix, *prefix.parents]:
        if parent.exists() and not os.stat(parent).st_mode & 0o001:
            raise InstallError(
                f"{parent} is closed to other accounts (mode {oct(os.stat(parent).st_mode)[-3:]}): "
                f"choose a prefix trainees can reach, e.g. /opt/course-hub."
            )
    prefix.mkdir(parents=True, exist_ok=True)
    os.chmod(prefix, 0o755)
    import fcntl

    with open(
        prefix / ".install.lock", "w"
    ) as lock:  # two test workers, or two instructors, one at a time
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _install_locked(prefix, source, log)


def forget_gone_checkouts(
    prefix: Path, source: Path, root: Path = DEV_ROOT, log: Callable[[str], None] = print
) -> list[Path]:
    """Record which checkout ``prefix`` (a test installation under ``root``) belongs to; remove those of gone checkouts.

    Every checkout gets its own test installation (``--prefix dev``), most of a gigabyte each: without this, a
    machine that tests fresh clones (CI) fills its disk. A sibling is removed only when it names its checkout and
    that folder no longer exists, and only when nobody holds its install lock (an install or a seed from it).
    Returns the folders removed.
    """
    import fcntl

    if prefix.parent != root:
        return []
    (prefix / "checkout").write_text(f"{source}\n", encoding="utf-8")
    removed = []
    for other in sorted(root.iterdir()):
        record = other / "checkout"
        if other == prefix or not record.is_file():
            continue
        checkout = Path(record.read_text(encoding="utf-8").strip())
        if not checkout.is_absolute() or checkout.exists():
            continue
        with open(other / ".install.lock", "a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            shutil.rmtree(other, ignore_errors=True)
        removed.append(other)
        log(f"removed {other}: the test installation of {checkout}, which no longer exists")
    return removed


def _install_locked(prefix: Path, source: Path, log: Callable[[str], None]) -> Path:
    forget_gone_checkouts(prefix, source, log=log)
    sync_kit(source, prefix / "kit", log)
    install_proxy(prefix, log)
    python = base_python()
    wanted = stamp(source, python)
    stamp_file = prefix / "venv" / ".course-hub-stamp"
    if not (stamp_file.is_file() and stamp_file.read_text().strip() == wanted):
        if not seed_env(prefix, wanted, log):
            log(
                f"building the trainees' Python environment in {prefix / 'venv'} from {python} (about a minute) …"
            )
            build_env(prefix, python, log)
        stamp_file.unlink(missing_ok=True)
        stamp_file.write_text(wanted + "\n")
    _lab_overrides(prefix)
    trainee_python = prefix / "venv" / "bin" / "python"
    if not runs_for_everyone(str(trainee_python)):
        raise InstallError(
            f"{trainee_python} does not run for an unprivileged account; check the modes under {prefix}."
        )
    return trainee_python


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m course_hub.install", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--prefix",
        default=str(DEFAULT_PREFIX),
        help="where to install (default /opt/course-hub; dev: this checkout's test installation)",
    )
    args = parser.parse_args(argv)
    try:
        python = install(Path(args.prefix))
    except InstallError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"ready: trainees' servers run {python}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
