"""The one-server hub configuration (单机部署配置), applied from the class settings.

``deploy/jupyterhub_config.py`` is two lines: it calls :func:`apply` on
JupyterHub's config object ``c``. Everything a school chooses comes from the
class settings file (:mod:`course_hub.settings`); the Zero to JupyterHub values
file (``deploy/z2jh/values.yaml``) repeats the same choices for Kubernetes, and
``tests/hub/test_deploy_config.py`` loads both and compares them.

Environment variables the hub honours (used by ``make hub``, the classroom
simulation and the tests; a school leaves them unset):

``COURSE_HUB_CONFIG``        another class settings file
``COURSE_HUB_INTERNAL_PORTS`` ``HUB_API,PROXY_API`` ports (default 8081,8001)
``COURSE_HUB_CGROUP``        the control group tree's name (default course-hub)
``COURSE_HUB_ADMIN_TOKEN``   an API token for the ``course-admin`` service (the simulation's driver)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from course_hub.settings import ClassSettings

PROXY_BIN = Path("deploy") / "node_modules" / ".bin" / "configurable-http-proxy"
#: what the idle culler may do (and nothing else)
CULLER_SCOPES = ["list:users", "read:users:activity", "read:servers", "delete:servers"]
#: what the instructors' driver service may do (the classroom simulation uses it)
ADMIN_SERVICE_SCOPES = [
    "admin:users",
    "admin:servers",
    "tokens",
    "list:users",
    "read:users",
    "read:servers",
]
SERVER_ARGS = [
    # no calls to the internet from 30 browsers at once
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    # kernels talk over Unix sockets in the trainee's private runtime folder, not loopback TCP ports: no other
    # account can reach them, and thirty kernels starting at once cannot race for the same free port
    # (measured: with TCP, 1 kernel in 30 failed to bind and was restarted)
    "--KernelManager.transport=ipc",
]
#: servers starting at once; more sign-ins get "try again in a few seconds" (a whole class signing in at the
#: same moment on 2 cores otherwise slows every start past the timeout)
SPAWN_AT_ONCE = 10


def culler_command(settings: ClassSettings) -> list[str]:
    """The idle culler, as the hub starts it."""
    return [
        sys.executable,
        "-m",
        "jupyterhub_idle_culler",
        f"--timeout={settings.culling.timeout}",
        f"--cull-every={settings.culling.every}",
        f"--max-age={settings.culling.max_age}",
    ]


def apply(c: Any, settings: ClassSettings | None = None) -> ClassSettings:
    """Configure the hub in ``c`` for the class; returns the settings used."""
    settings = settings or ClassSettings.load()
    state = settings.state_dir
    state.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(state, 0o700)

    # where it listens, where it keeps state
    c.JupyterHub.ip = settings.ip
    c.JupyterHub.port = settings.port
    hub_api, proxy_api = _internal_ports()
    c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{hub_api}"
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{proxy_api}"
    c.ConfigurableHTTPProxy.command = [str(settings.kit_dir / PROXY_BIN)]
    c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
    c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
    c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
    c.JupyterHub.cleanup_servers = True  # stopping the hub stops every trainee's server
    c.JupyterHub.concurrent_spawn_limit = SPAWN_AT_ONCE
    c.JupyterHub.spawn_throttle_retry_range = (5, 15)

    # who signs in, who is an instructor
    c.JupyterHub.authenticator_class = "course_hub.auth.ClassCodeAuthenticator"
    c.ClassCodeAuthenticator.accounts_file = str(settings.accounts_file)
    c.ClassCodeAuthenticator.language = settings.language
    c.Authenticator.admin_users = set(settings.instructors)

    # each trainee's server: a local process as their own account, limited, on the start page
    c.JupyterHub.spawner_class = "course_hub.spawner.ClassroomSpawner"
    c.ClassroomSpawner.language = settings.language
    c.ClassroomSpawner.accounts_file = str(settings.accounts_file)
    c.ClassroomSpawner.process_limit = settings.limits.processes
    c.ClassroomSpawner.kit_dir = str(settings.kit_dir)
    c.ClassroomSpawner.trainee_python = settings.python
    c.ClassroomSpawner.cgroup_name = os.environ.get("COURSE_HUB_CGROUP", "course-hub")
    c.Spawner.mem_limit = settings.limits.memory_bytes
    c.Spawner.cpu_limit = settings.limits.cpu
    c.Spawner.default_url = settings.default_url
    c.Spawner.cmd = [settings.python, "-m", "jupyterhub.singleuser"]
    c.Spawner.args = list(SERVER_ARGS)
    c.Spawner.disable_user_config = (
        True  # a trainee's ~/.jupyter config cannot change how their server runs
    )
    c.Spawner.start_timeout = 300  # a whole class signing in at once on a small machine
    c.Spawner.http_timeout = 300
    c.LocalProcessSpawner.shell_cmd = []

    # the idle culler and the instructors' driver service
    services: list[dict[str, Any]] = [{"name": "idle-culler", "command": culler_command(settings)}]
    roles: list[dict[str, Any]] = [
        {"name": "idle-culler", "scopes": list(CULLER_SCOPES), "services": ["idle-culler"]}
    ]
    token = os.environ.get("COURSE_HUB_ADMIN_TOKEN")
    if token:
        services.append({"name": "course-admin", "api_token": token})
        roles.append(
            {
                "name": "course-admin",
                "scopes": list(ADMIN_SERVICE_SCOPES),
                "services": ["course-admin"],
            }
        )
    c.JupyterHub.services = services
    c.JupyterHub.load_roles = roles
    return settings


def _internal_ports() -> tuple[int, int]:
    raw = os.environ.get("COURSE_HUB_INTERNAL_PORTS", "8081,8001")
    try:
        hub_api, proxy_api = (int(p) for p in raw.split(","))
    except ValueError:
        raise ValueError(
            f"COURSE_HUB_INTERNAL_PORTS={raw!r}: expected two ports, e.g. 8081,8001"
        ) from None
    return hub_api, proxy_api
