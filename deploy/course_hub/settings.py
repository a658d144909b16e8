"""The class settings file (班级设置): ``deploy/class.yaml``.

One small YAML file holds what a school chooses for a class: the language, who
the instructors are, where the hub listens and keeps its state, the per-trainee
limits, the idle culler and the page every server opens on. The one-server hub
configuration (:mod:`course_hub.config`) reads it; the Zero to JupyterHub values
file repeats the same choices and a test keeps the two equal.

>>> s = ClassSettings.from_mapping({"language": "en", "limits": {"memory": "1.5G"}})
>>> s.language, s.limits.memory_bytes
('en', 1610612736)
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

#: the settings file shipped with the kit
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "class.yaml"
#: environment variable naming another settings file
ENV_VAR = "COURSE_HUB_CONFIG"
USERNAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


class SettingsError(ValueError):
    """A class settings file that cannot be used; the message names the file, the key and the fix."""


def parse_bytes(value: Any, where: str = "memory") -> int:
    """``"1G"``, ``"512M"``, ``"1.5G"`` or a number of bytes, as bytes (binary units, as JupyterHub reads them).

    >>> parse_bytes("512M"), parse_bytes(1024), parse_bytes("2G")
    (536870912, 1024, 2147483648)
    """
    if isinstance(value, bool):
        raise SettingsError(f"{where}: {value!r} is not a size; write e.g. 1G or 512M.")
    if isinstance(value, int | float):
        number, unit = float(value), ""
    else:
        match = re.fullmatch(
            r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*", str(value), flags=re.IGNORECASE
        )
        if not match:
            raise SettingsError(f"{where}: {value!r} is not a size; write e.g. 1G or 512M.")
        number, unit = float(match[1]), match[2].upper()
    size = int(number * _UNITS[unit])
    if size <= 0:
        raise SettingsError(f"{where}: {value!r} must be more than zero.")
    return size


def format_bytes(size: int) -> str:
    """A byte count in the shortest exact binary unit, as JupyterHub and Kubernetes accept it.

    >>> format_bytes(1024**3), format_bytes(1536 * 1024**2), format_bytes(1000)
    ('1G', '1536M', '1000')
    """
    for unit in ("T", "G", "M", "K"):
        if size % _UNITS[unit] == 0:
            return f"{size // _UNITS[unit]}{unit}"
    return str(size)


@dataclass(frozen=True)
class Limits:
    """Per-trainee limits: the single-user server and every process it starts."""

    memory: str = "1G"
    cpu: float = 1.0
    processes: int = 256

    @property
    def memory_bytes(self) -> int:
        return parse_bytes(self.memory, "limits.memory")


@dataclass(frozen=True)
class Culling:
    """The idle culler: stop servers nobody has used for ``timeout`` seconds."""

    timeout: int = 3600
    every: int = 300
    max_age: int = 0


@dataclass(frozen=True)
class ClassSettings:
    """Everything :mod:`course_hub.config` needs to configure the hub for one class."""

    language: str = "zh"
    instructors: tuple[str, ...] = ("teacher",)
    ip: str = "127.0.0.1"
    port: int = 8000
    state_dir: Path = Path("/var/lib/course-hub")
    homes: Path = Path("/home")
    prefix: Path = Path("/opt/course-hub")
    limits: Limits = field(default_factory=Limits)
    culling: Culling = field(default_factory=Culling)
    default_url: str = "/lab/tree/course/START.md"
    source: str = "<defaults>"

    # ------------------------------------------------------------------ reading
    @classmethod
    def load(cls, path: Path | str | None = None) -> ClassSettings:
        """Read ``path``, else ``$COURSE_HUB_CONFIG``, else ``deploy/class.yaml``."""
        path = Path(path or os.environ.get(ENV_VAR) or DEFAULT_PATH)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise SettingsError(
                f"{path}: cannot read the class settings ({error.strerror}). Fix: copy deploy/class.yaml "
                f"and point {ENV_VAR} at it, or unset {ENV_VAR}."
            ) from None
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as error:
            raise SettingsError(
                f"{path}: not valid YAML ({error}). Fix the line it names."
            ) from None
        if not isinstance(data, dict):
            raise SettingsError(
                f"{path}: expected keys such as language: and limits:, found {type(data).__name__}."
            )
        return cls.from_mapping(data, source=str(path))

    @classmethod
    def from_mapping(cls, data: dict[str, Any], source: str = "<mapping>") -> ClassSettings:
        """Build and check the settings from a parsed YAML mapping (unknown keys are errors)."""

        def fail(key: str, problem: str) -> SettingsError:
            return SettingsError(f"{source}: {key}: {problem}")

        known = {"language", "instructors", "hub", "limits", "culling", "default_url"}
        extra = sorted(set(data) - known)
        if extra:
            raise fail(extra[0], f"unknown setting; the settings are {', '.join(sorted(known))}.")
        language = str(data.get("language", cls.language)).strip().lower()
        if language not in ("en", "zh"):
            raise fail("language", f"{language!r} is not a course language; use en or zh.")
        instructors = data.get("instructors", list(cls.instructors)) or []
        if isinstance(instructors, str):
            instructors = [instructors]
        for name in instructors:
            if not USERNAME.match(str(name)):
                raise fail(
                    "instructors",
                    f"{name!r} is not a valid account name (lower-case letters, digits, _ and -).",
                )
        hub = _section(data, "hub", source)
        _only(hub, {"ip", "port", "state_dir", "homes", "prefix"}, "hub", source)
        port = _int(hub.get("port", cls.port), "hub.port", source, low=1, high=65535)
        limits_raw = _section(data, "limits", source)
        _only(limits_raw, {"memory", "cpu", "processes"}, "limits", source)
        limits = Limits(
            memory=str(limits_raw.get("memory", Limits.memory)),
            cpu=_float(limits_raw.get("cpu", Limits.cpu), "limits.cpu", source),
            processes=_int(
                limits_raw.get("processes", Limits.processes), "limits.processes", source, low=16
            ),
        )
        try:
            limits.memory_bytes  # noqa: B018 - validates the size
        except SettingsError as error:
            raise SettingsError(f"{source}: {error}") from None
        culling_raw = _section(data, "culling", source)
        _only(culling_raw, {"timeout", "every", "max_age"}, "culling", source)
        culling = Culling(
            timeout=_int(
                culling_raw.get("timeout", Culling.timeout), "culling.timeout", source, low=60
            ),
            every=_int(culling_raw.get("every", Culling.every), "culling.every", source, low=10),
            max_age=_int(
                culling_raw.get("max_age", Culling.max_age), "culling.max_age", source, low=0
            ),
        )
        default_url = str(data.get("default_url", cls.default_url))
        if not default_url.startswith("/"):
            raise fail(
                "default_url",
                f"{default_url!r} must start with / (e.g. /lab/tree/course/START.md).",
            )
        return cls(
            language=language,
            instructors=tuple(str(n) for n in instructors),
            ip=str(hub.get("ip", cls.ip)),
            port=port,
            state_dir=Path(str(hub.get("state_dir", cls.state_dir))),
            homes=Path(str(hub.get("homes", cls.homes))),
            prefix=Path(str(hub.get("prefix", cls.prefix))),
            limits=limits,
            culling=culling,
            default_url=default_url,
            source=source,
        )

    # ------------------------------------------------------------------ derived places
    @property
    def kit_dir(self) -> Path:
        """The shared copy of the kit (``make hub-install``): notebooks, datasets, workbook sources."""
        return self.prefix / "kit"

    @property
    def python(self) -> str:
        """The Python every trainee's server, kernel and file helper runs."""
        return str(self.prefix / "venv" / "bin" / "python")

    @property
    def accounts_file(self) -> Path:
        """Hashed one-time codes and passwords (root only)."""
        return self.state_dir / "accounts.json"

    @property
    def grading_dir(self) -> Path:
        """Executed copies and the gradebook (``gradebook.sqlite``)."""
        return self.state_dir / "grading"

    @property
    def gradebook_url(self) -> str:
        return f"sqlite:///{self.grading_dir / 'gradebook.sqlite'}"

    @property
    def submissions_dir(self) -> Path:
        """Collected workbooks, one folder per trainee."""
        return self.state_dir / "submissions"

    @property
    def releases_dir(self) -> Path:
        return self.state_dir / "releases"

    @property
    def reports_dir(self) -> Path:
        return self.state_dir / "reports"

    @property
    def hub_url(self) -> str:
        host = f"[{self.ip}]" if ":" in self.ip else self.ip
        return f"http://{host}:{self.port}"


def _section(data: dict[str, Any], key: str, source: str) -> dict[str, Any]:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise SettingsError(f"{source}: {key}: expected a block of settings, found {value!r}.")
    return value


def _only(section: dict[str, Any], known: set[str], name: str, source: str) -> None:
    extra = sorted(set(section) - known)
    if extra:
        raise SettingsError(
            f"{source}: {name}.{extra[0]}: unknown setting; {name} takes {', '.join(sorted(known))}."
        )


def _int(value: Any, key: str, source: str, low: int = 0, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise SettingsError(f"{source}: {key}: {value!r} is not a whole number.")
    try:
        number = int(value)
    except ValueError:
        raise SettingsError(f"{source}: {key}: {value!r} is not a whole number.") from None
    if number < low or (high is not None and number > high):
        bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise SettingsError(f"{source}: {key}: {number} must be {bounds}.")
    return number


def _float(value: Any, key: str, source: str) -> float:
    if isinstance(value, bool):
        raise SettingsError(f"{source}: {key}: {value!r} is not a number of cores.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise SettingsError(
            f"{source}: {key}: {value!r} is not a number of cores (e.g. 1 or 0.5)."
        ) from None
    if not 0.05 <= number <= 256:
        raise SettingsError(
            f"{source}: {key}: {number} cores is out of range; use e.g. 0.5, 1 or 2."
        )
    return number
