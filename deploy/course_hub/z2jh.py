"""The one-server hub and the Zero to JupyterHub values, side by side (单机与集群配置对照).

:func:`differences` lists every setting that the one-server configuration
(JupyterHub's config object after :func:`course_hub.config.apply`) and the
Helm values (``deploy/z2jh/values.yaml``) should share but do not: idle
culling, per-trainee memory and CPU limits, the page servers open on, the
language, the authenticator and the instructors.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from course_hub.settings import SettingsError, parse_bytes

VALUES = Path(__file__).resolve().parent.parent / "z2jh" / "values.yaml"


def load_values(path: Path = VALUES) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _get(data: dict[str, Any], dotted: str) -> Any:
    for key in dotted.split("."):
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _culler_args(c: Any) -> dict[str, str]:
    services = c.JupyterHub.services or []
    command = next((s.get("command", []) for s in services if s.get("name") == "idle-culler"), [])
    return dict(m.groups() for arg in command if (m := re.match(r"--([\w-]+)=(.*)", str(arg))))


def _bytes(value: Any) -> int | None:
    try:
        return parse_bytes(value) if value is not None else None
    except SettingsError:
        return None


def differences(c: Any, values: dict[str, Any]) -> list[str]:
    """Every shared setting that differs, as ``name: one-server X, z2jh Y`` (empty when they agree)."""
    culler = _culler_args(c)
    pairs = [
        ("idle culler on", bool(culler), _get(values, "cull.enabled") is True),
        ("cull timeout (s)", culler.get("timeout"), str(_get(values, "cull.timeout"))),
        ("cull every (s)", culler.get("cull-every"), str(_get(values, "cull.every"))),
        ("cull max age (s)", culler.get("max-age"), str(_get(values, "cull.maxAge"))),
        (
            "memory limit (bytes)",
            int(c.Spawner.mem_limit or 0),
            _bytes(_get(values, "singleuser.memory.limit")),
        ),
        (
            "cpu limit (cores)",
            float(c.Spawner.cpu_limit or 0),
            float(_get(values, "singleuser.cpu.limit") or 0),
        ),
        ("default URL", c.Spawner.default_url, _get(values, "singleuser.defaultUrl")),
        (
            "kernel language (COURSE_LANG)",
            c.ClassroomSpawner.language,
            _get(values, "singleuser.extraEnv.COURSE_LANG"),
        ),
        (
            "sign-in page language",
            c.ClassCodeAuthenticator.language,
            _get(values, "hub.config.ClassCodeAuthenticator.language"),
        ),
        (
            "authenticator",
            c.JupyterHub.authenticator_class,
            _get(values, "hub.config.JupyterHub.authenticator_class"),
        ),
        (
            "instructors (admin users)",
            sorted(c.Authenticator.admin_users or []),
            sorted(_get(values, "hub.config.Authenticator.admin_users") or []),
        ),
    ]
    return [
        f"{name}: one-server {one!r}, z2jh {other!r}" for name, one, other in pairs if one != other
    ]
