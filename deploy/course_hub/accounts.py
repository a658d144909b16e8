"""Class accounts (班级账号): Unix users with private homes, one-time codes, printable slips.

Every trainee is a Unix account on the hub host, with a home only they can open
(mode 0700), so the operating system, not the kit, keeps one trainee out of
another's files. The instructor creates the accounts from a roster; each gets a
**one-time code** printed on a slip. At the first sign-in the trainee types the
code and chooses their own password; the code then stops working. A forgotten
password: ``course-hub accounts reset NAME`` prints a new code.

The account store (``STATE/accounts.json``, root only, mode 0600) keeps only
salted scrypt hashes, never a code or a password. Accounts the kit did not
create (an existing Unix user adopted with ``--existing``) are never deleted.

Roster: a CSV (UTF-8, with or without BOM) with a ``username`` column and
optional ``name`` (shown on the slip), ``lang`` (``en``/``zh``, default: the
class's) and ``role`` (``trainee``/``instructor``) columns.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import hashlib
import hmac
import html
import json
import os
import pwd
import secrets
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from course_hub.settings import USERNAME

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper without doubt
CODE_LENGTH = 10
MIN_PASSWORD = 8
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
ROLES = ("trainee", "instructor")
#: Unix group every trainee account joins
TRAINEE_GROUP = "course-trainees"


class AccountError(ValueError):
    """An account request that cannot be done; the message names the account and the fix."""


# --------------------------------------------------------------------------- secrets
def new_code() -> str:
    """A fresh one-time code, ``XXXXX-XXXXX`` (50 bits), easy to read off a slip."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def normalise_code(text: str) -> str:
    """What the trainee typed, as the code is stored: upper case, no dashes or spaces.

    >>> normalise_code(" k7qmx-3xtab ")
    'K7QMX3XTAB'
    """
    return "".join(ch for ch in str(text).upper() if ch not in "- \t")


def hash_secret(secret: str) -> str:
    """A salted scrypt hash, ``scrypt$n$r$p$salt$digest``."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode("utf-8"), salt=salt, dklen=32, **SCRYPT)
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${salt.hex()}${digest.hex()}"


def verify_secret(secret: str, stored: str | None) -> bool:
    """True when ``secret`` matches ``stored`` (constant time); False for anything malformed."""
    if not stored or not isinstance(secret, str):
        return False
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        candidate = hashlib.scrypt(
            secret.encode("utf-8"), salt=bytes.fromhex(salt), dklen=32, n=int(n), r=int(r), p=int(p)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(candidate.hex(), digest)


# --------------------------------------------------------------------------- the store
@dataclass
class Account:
    """One person of the class, as the store keeps them."""

    name: str
    role: str = "trainee"
    lang: str = "zh"
    display: str = ""
    unix: str = (
        "created"  # "created": the kit made the Unix user; "existing": adopted, never deleted
    )
    code_hash: str | None = None
    code_expires: str | None = None
    password_hash: str | None = None
    created_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    @property
    def is_instructor(self) -> bool:
        return self.role == "instructor"

    def code_valid(self, now: datetime | None = None) -> bool:
        if not self.code_hash:
            return False
        if not self.code_expires:
            return True
        return (now or datetime.now(UTC)) < datetime.fromisoformat(self.code_expires)


class AccountStore:
    """``accounts.json``: hashed codes and passwords, written atomically under a lock.

    Parameters
    ----------
    path : Path
        The store file; its folder is made root-only (0700) when missing.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock = self.path.with_name(self.path.name + ".lock")
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _read(self) -> dict[str, Account]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            raise AccountError(
                f"{self.path}: the account store cannot be read ({error}); restore it from a backup."
            ) from None
        return {name: Account(**data) for name, data in raw.get("accounts", {}).items()}

    def _write(self, accounts: dict[str, Account]) -> None:
        data = {
            "version": 1,
            "accounts": {name: asdict(acc) for name, acc in sorted(accounts.items())},
        }
        fd, tmp = tempfile.mkstemp(prefix=".accounts.", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=1, ensure_ascii=False)
                handle.write("\n")
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    # ------------------------------------------------------------------ reading
    def all(self) -> dict[str, Account]:
        return self._read()

    def get(self, name: str) -> Account | None:
        return self._read().get(name)

    # ------------------------------------------------------------------ changing
    def add(self, account: Account) -> None:
        with self._locked():
            accounts = self._read()
            if account.name in accounts:
                raise AccountError(
                    f"{account.name}: already in the class; use `course-hub accounts reset {account.name}`."
                )
            accounts[account.name] = account
            self._write(accounts)

    def update(self, name: str, **changes: Any) -> Account:
        with self._locked():
            accounts = self._read()
            if name not in accounts:
                raise AccountError(f"{name}: no such account in {self.path}.")
            for key, value in changes.items():
                setattr(accounts[name], key, value)
            self._write(accounts)
            return accounts[name]

    def remove(self, name: str) -> Account | None:
        with self._locked():
            accounts = self._read()
            gone = accounts.pop(name, None)
            self._write(accounts)
            return gone

    def issue_code(self, name: str, days: int = 14) -> str:
        """A new one-time code for ``name``; the old code and the password stop working."""
        code = new_code()
        expires = (
            (datetime.now(UTC) + timedelta(days=days)).isoformat(timespec="seconds")
            if days
            else None
        )
        self.update(
            name,
            code_hash=hash_secret(normalise_code(code)),
            code_expires=expires,
            password_hash=None,
        )
        return code

    def set_password(self, name: str, password: str) -> None:
        """Store the trainee's own password; the one-time code is used up."""
        self.update(name, password_hash=hash_secret(password), code_hash=None, code_expires=None)


# --------------------------------------------------------------------------- Unix accounts
def unix_user(name: str) -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


def _run(cmd: list[str]) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise AccountError(
            f"`{' '.join(cmd)}` failed: {result.stderr.strip() or result.returncode}"
        )


def ensure_group(group: str) -> None:
    import grp

    try:
        grp.getgrnam(group)
    except KeyError:
        _run(["groupadd", "--system", group])


def create_unix_user(
    name: str, homes: Path, group: str = TRAINEE_GROUP, comment: str = ""
) -> pwd.struct_passwd:
    """Create the Unix account ``name`` with a private home under ``homes`` (mode 0700)."""
    ensure_group(group)
    homes.mkdir(parents=True, exist_ok=True)
    os.chmod(homes, 0o755)  # homes themselves are private; their parent only needs to be passable
    home = homes / name
    if home.exists():
        raise AccountError(
            f"{name}: {home} already exists; remove it or choose another name (nothing was changed)."
        )
    cmd = [
        "useradd",
        "--create-home",
        "--home-dir",
        str(home),
        "--shell",
        "/bin/bash",
        "--user-group",
        "--groups",
        group,
        "--key",
        "UMASK=0077",
    ]
    if comment:
        cmd += ["--comment", comment.replace(":", " ")[:60]]
    _run(cmd + [name])
    os.chmod(home, 0o700)
    entry = unix_user(name)
    if entry is None:  # pragma: no cover - useradd said yes
        raise AccountError(f"{name}: useradd succeeded but the account is not visible.")
    return entry


def delete_unix_user(name: str) -> None:
    """Delete ``name`` and its home (only called for accounts the kit created)."""
    if unix_user(name) is None:
        return
    kill_processes_of(name)
    _run(["userdel", "--remove", "--force", name])


def processes_of(uid: int) -> list[int]:
    """PIDs of every process running as ``uid`` (from /proc)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid == uid:
                pids.append(int(entry.name))
        except OSError:
            continue
    return pids


def kill_processes_of(name: str, timeout: float = 5.0) -> list[int]:
    """SIGKILL every process of the Unix user ``name`` (only used on accounts being removed)."""
    import signal

    entry = unix_user(name)
    if entry is None or entry.pw_uid == 0:
        return []
    killed: list[int] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = processes_of(entry.pw_uid)
        if not pids:
            break
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
        time.sleep(0.05)
    return sorted(set(killed))


# --------------------------------------------------------------------------- roster
@dataclass(frozen=True)
class RosterLine:
    name: str
    display: str = ""
    lang: str | None = None
    role: str = "trainee"


def read_roster(path: Path | str) -> list[RosterLine]:
    """Read a roster CSV; every problem is reported with its line number."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise AccountError(
            f"{path}: not UTF-8. Fix: save the roster as CSV UTF-8 (Excel: 'CSV UTF-8')."
        ) from None
    except OSError as error:
        raise AccountError(f"{path}: cannot read the roster ({error.strerror}).") from None
    reader = csv.DictReader(text.splitlines())
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    if "username" not in fields:
        raise AccountError(
            f"{path}: no 'username' column; the first line should read e.g. username,name,lang,role."
        )
    lines, seen, problems = [], set(), []
    for number, row in enumerate(reader, start=2):
        row = {str(k).strip().lower(): (v or "").strip() for k, v in row.items() if k is not None}
        name = row.get("username", "")
        if not name and not any(row.values()):
            continue
        lang = row.get("lang") or None
        role = row.get("role") or "trainee"
        if not USERNAME.match(name):
            problems.append(
                f"line {number}: {name!r} is not a valid account name (lower-case letters, digits, _ "
                f"and -, starting with a letter, at most 32 characters)"
            )
        elif name in seen:
            problems.append(f"line {number}: {name} is listed twice")
        if lang not in (None, "en", "zh"):
            problems.append(f"line {number}: lang {lang!r} must be en or zh")
        if role not in ROLES:
            problems.append(f"line {number}: role {role!r} must be trainee or instructor")
        seen.add(name)
        lines.append(RosterLine(name=name, display=row.get("name", ""), lang=lang, role=role))
    if problems:
        raise AccountError(
            f"{path}: nothing was created, fix these lines first:\n  " + "\n  ".join(problems)
        )
    return lines


def add_accounts(
    store: AccountStore,
    roster: list[RosterLine],
    *,
    homes: Path,
    default_lang: str,
    group: str = TRAINEE_GROUP,
    adopt_existing: bool = False,
    code_days: int = 14,
) -> dict[str, str]:
    """Create every roster account (Unix user + store entry); returns name -> one-time code.

    Checks the whole roster before changing anything: a name that is already a
    system account (uid below 1000) or an existing user (without
    ``adopt_existing``) stops the run with nothing created.
    """
    known = store.all()
    problems = []
    for line in roster:
        entry = unix_user(line.name)
        if line.name in known:
            problems.append(
                f"{line.name}: already in the class (reset it with `course-hub accounts reset {line.name}`)"
            )
        elif entry is not None and (entry.pw_uid < 1000 or entry.pw_uid == 65534):
            problems.append(f"{line.name}: a system account of this machine; choose another name")
        elif entry is not None and not adopt_existing:
            problems.append(
                f"{line.name}: a Unix user already exists; pass --existing to use it (it will never be deleted)"
            )
    if problems:
        raise AccountError("Nothing was created:\n  " + "\n  ".join(problems))
    codes: dict[str, str] = {}
    for line in roster:
        entry = unix_user(line.name)
        adopted = entry is not None
        if not adopted:
            create_unix_user(line.name, homes, group=group, comment=line.display)
        else:
            os.chmod(entry.pw_dir, 0o700)
        store.add(
            Account(
                name=line.name,
                role=line.role,
                lang=line.lang or default_lang,
                display=line.display,
                unix="existing" if adopted else "created",
            )
        )
        codes[line.name] = store.issue_code(line.name, days=code_days)
    return codes


def remove_account(store: AccountStore, name: str) -> str:
    """Remove ``name`` from the class; delete the Unix user and home only if the kit created them."""
    account = store.get(name)
    if account is None:
        raise AccountError(f"{name}: no such account in the class.")
    if account.unix == "created":
        delete_unix_user(name)
        outcome = "deleted with its home"
    elif account.unix == "existing":
        outcome = "removed from the class; the existing Unix user was kept"
    else:
        outcome = "removed from the class"
    store.remove(name)
    return outcome


# --------------------------------------------------------------------------- slips
def slips_html(codes: dict[str, str], store: AccountStore, hub_url: str) -> str:
    """A printable page: one slip per person with the address, the account name and the one-time code."""
    from course.i18n import t

    accounts = store.all()
    slips = []
    for name, code in codes.items():
        account = accounts.get(name)
        lang = account.lang if account else "en"
        display = account.display if account and account.display else name
        slips.append(
            "<div class='slip'>"
            f"<h2>{html.escape(t('hub.slip.title', lang=lang))}</h2>"
            f"<p>{html.escape(t('hub.slip.for', lang=lang, display=display))}</p>"
            f"<table><tr><th>{html.escape(t('hub.slip.address', lang=lang))}</th><td>{html.escape(hub_url)}</td></tr>"
            f"<tr><th>{html.escape(t('hub.slip.username', lang=lang))}</th><td><code>{html.escape(name)}</code></td></tr>"
            f"<tr><th>{html.escape(t('hub.slip.code', lang=lang))}</th><td><code class='code'>{html.escape(code)}</code></td></tr></table>"
            f"<p class='how'>{html.escape(t('hub.slip.how', lang=lang))}</p></div>"
        )
    style = (
        "body{font-family:sans-serif;margin:1cm}.slip{border:1px dashed #888;padding:0.4cm 0.6cm;margin:0 0 0.5cm;"
        "page-break-inside:avoid}h2{font-size:1.1em;margin:0 0 .3em}th{text-align:left;padding-right:1em}"
        "code{font-size:1.15em}.code{font-size:1.4em;letter-spacing:.08em}.how{font-size:.9em;color:#333}"
    )
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>slips</title><style>{style}</style></head>"
        f"<body>{''.join(slips)}</body></html>"
    )


def write_private(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` readable by root only (slips carry live codes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(path, 0o600)
    return path
