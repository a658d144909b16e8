"""File work done *as the trainee*, never as root (以学员身份读写文件).

Root writing into a folder a trainee controls is the classic way to be tricked:
the trainee replaces ``course/START.md`` with a link to ``/etc/passwd`` and root
overwrites it, or makes their workbook a link to a classmate's and root
"collects" the classmate's work. So every file operation on a trainee's home
runs in a child process that has become that trainee (uid, gid, groups) before
it touches anything: it can reach exactly what the trainee can reach. On top,
it refuses links and anything that is not a plain file, so the instructor is
told instead of silently handed something else.

The child is ``python -I -S -c <this file's source>``: nothing is imported from
the trainee's reach, and it works even where the kit's own folder is closed to
trainees. It reads a JSON plan on stdin and prints one JSON result per step.

Steps (paths are relative to the home; absolute paths and ``..`` are refused):

- ``{"op": "mkdir", "path": "course/workbook", "mode": 448}``
- ``{"op": "write", "path": ..., "content": ..., "policy": "missing" | "replace" | "marker", "marker": ...}``:
  ``missing`` keeps an existing file, ``replace`` swaps it atomically (a link is
  replaced, never followed), ``marker`` replaces only a file that still starts
  with ``marker`` (the kit's own, unedited copy);
- ``{"op": "copy", "src": "/abs/kit/file", "path": ..., "policy": "missing"}``;
- ``{"op": "read", "path": ..., "max_bytes": N}``: a plain file's text;
- ``{"op": "list", "path": "course/workbook"}``: names of the plain files there.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
import tempfile

MAX_READ = 50 * 1024 * 1024


def _parts(path):
    if not isinstance(path, str) or not path or path.startswith("/"):
        raise ValueError("path must be relative to the home")
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        raise ValueError("path must stay inside the home")
    return parts


def _folder_ok(parts):
    """Every folder on the way must be a real folder (no link)."""
    here = "."
    for name in parts[:-1]:
        here = os.path.join(here, name)
        try:
            info = os.lstat(here)
        except FileNotFoundError:
            return f"{here[2:]} does not exist"
        if stat.S_ISLNK(info.st_mode):
            return f"{here[2:]} is a link"
        if not stat.S_ISDIR(info.st_mode):
            return f"{here[2:]} is not a folder"
    return None


def _kind(path):
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None, None
    if stat.S_ISLNK(info.st_mode):
        return "link", info
    if stat.S_ISREG(info.st_mode):
        return "file", info
    if stat.S_ISDIR(info.st_mode):
        return "folder", info
    return "special", info


def _write_atomic(path, data, mode):
    folder = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(prefix=".course-hub-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)  # replaces a link itself, never its target
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _read_plain(path, limit):
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, "not a plain file"
        if info.st_size > limit:
            return None, f"{info.st_size} bytes, more than the {limit} allowed"
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                return None, f"more than the {limit} bytes allowed"
            chunks.append(chunk)
        return b"".join(chunks), None
    finally:
        os.close(fd)


def step(op):
    kind = op.get("op")
    result = {"op": kind, "path": op.get("path")}
    try:
        parts = _parts(op.get("path"))
    except ValueError as error:
        return dict(result, status="error", reason=str(error))
    rel = os.path.join(*parts)
    problem = _folder_ok(parts)
    if kind == "mkdir":
        here = "."
        for name in parts:
            here = os.path.join(here, name)
            found, _ = _kind(here)
            if found is None:
                os.mkdir(here, op.get("mode", 0o755))
            elif found != "folder":
                return dict(result, status="error", reason=f"{here[2:]} is a {found}, not a folder")
        os.chmod(rel, op.get("mode", 0o755))
        return dict(result, status="ok")
    if problem:
        return dict(
            result, status="skipped" if kind in ("read", "list") else "error", reason=problem
        )
    found, _ = _kind(rel)
    if kind in ("write", "copy"):
        policy = op.get("policy", "missing")
        if found not in (None, "file", "link"):
            return dict(result, status="error", reason=f"a {found} is in the way")
        if found is not None and policy == "missing":
            return dict(result, status="kept", reason="already there")
        if found == "link" and policy == "marker":
            return dict(result, status="kept", reason="a link (left alone)")
        if found == "file" and policy == "marker":
            head, why = _read_plain(rel, MAX_READ)
            marker = op.get("marker", "").encode("utf-8")
            if head is None or not head.startswith(marker):
                return dict(result, status="kept", reason=why or "edited by the trainee")
        if kind == "copy":
            try:
                with open(op["src"], "rb") as handle:
                    data = handle.read()
            except OSError as error:
                return dict(
                    result, status="error", reason=f"cannot read {op['src']}: {error.strerror}"
                )
        else:
            data = op.get("content", "").encode("utf-8")
        _write_atomic(rel, data, op.get("mode", 0o644))
        return dict(result, status="written", bytes=len(data))
    if kind == "read":
        if found is None:
            return dict(result, status="missing")
        if found != "file":
            return dict(result, status="skipped", reason=f"a {found}, not a plain file")
        data, why = _read_plain(rel, int(op.get("max_bytes", MAX_READ)))
        if data is None:
            return dict(result, status="skipped", reason=why)
        try:
            return dict(result, status="ok", content=data.decode("utf-8"))
        except UnicodeDecodeError:
            return dict(result, status="skipped", reason="not UTF-8 text")
    if kind == "list":
        if found != "folder":
            return dict(result, status="ok", names=[])
        names = sorted(n for n in os.listdir(rel) if _kind(os.path.join(rel, n))[0] == "file")
        return dict(result, status="ok", names=names)
    return dict(result, status="error", reason=f"unknown step {kind!r}")


def main():
    plan = json.loads(sys.stdin.read() or "[]")
    results = []
    for op in plan:
        try:
            results.append(step(op))
        except OSError as error:
            results.append(
                {
                    "op": op.get("op"),
                    "path": op.get("path"),
                    "status": "error",
                    "reason": error.strerror or str(error),
                }
            )
    sys.stdout.write(json.dumps(results))


if __name__ == "__main__":
    main()
