"""The one-server hub configuration, and the same choices restated for Zero to JupyterHub (which cannot run here)."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
import subprocess
import sys

import pytest
import yaml
from traitlets.config import Config

from course import authoring
from course_hub import config, home, z2jh
from course_hub.settings import DEFAULT_PATH, ClassSettings

ROOT = authoring.repo_root()
DEPLOY = ROOT / "deploy"


@pytest.fixture
def one_server(tmp_path):
    settings = dataclasses.replace(ClassSettings.load(DEFAULT_PATH), state_dir=tmp_path / "state")
    c = Config()
    config.apply(c, settings)
    return c, settings


def test_the_one_server_config_carries_the_class_settings(one_server):
    c, settings = one_server
    assert c.JupyterHub.ip == "127.0.0.1" and c.JupyterHub.port == settings.port
    assert c.JupyterHub.spawner_class == "course_hub.spawner.ClassroomSpawner"
    assert (
        c.Spawner.mem_limit == settings.limits.memory_bytes
        and c.Spawner.cpu_limit == settings.limits.cpu
    )
    assert c.ClassroomSpawner.process_limit == settings.limits.processes
    assert c.Spawner.cmd == [
        settings.python,
        "-m",
        "jupyterhub.singleuser",
    ]  # the shared install, not the hub's venv
    assert c.Spawner.disable_user_config is True
    assert c.ConfigurableHTTPProxy.command == [
        str(settings.kit_dir / "deploy/node_modules/.bin/configurable-http-proxy")
    ]
    assert c.JupyterHub.db_url.startswith(f"sqlite:///{settings.state_dir}")
    assert oct((settings.state_dir).stat().st_mode)[-3:] == "700"
    (culler,) = [s for s in c.JupyterHub.services if s["name"] == "idle-culler"]
    assert "jupyterhub_idle_culler" in culler["command"]
    (role,) = [r for r in c.JupyterHub.load_roles if r["name"] == "idle-culler"]
    assert (
        "admin:users" not in role["scopes"] and "delete:servers" in role["scopes"]
    )  # nothing more than it needs
    assert all(
        s["name"] != "course-admin" for s in c.JupyterHub.services
    )  # no driver token unless asked for


def test_z2jh_values_agree_with_the_one_server_hub(one_server):
    c, _ = one_server
    assert z2jh.differences(c, z2jh.load_values()) == []


@pytest.mark.parametrize(
    ("path", "value", "named"),
    [
        ("cull.timeout", 1800, "cull timeout"),
        ("cull.every", 60, "cull every"),
        ("cull.enabled", False, "idle culler"),
        ("singleuser.memory.limit", "2G", "memory limit"),
        ("singleuser.cpu.limit", 2, "cpu limit"),
        ("singleuser.defaultUrl", "/lab", "default URL"),
        ("singleuser.extraEnv.COURSE_LANG", "en", "kernel language"),
        ("hub.config.ClassCodeAuthenticator.language", "en", "sign-in page language"),
        ("hub.config.JupyterHub.authenticator_class", "dummy", "authenticator"),
        ("hub.config.Authenticator.admin_users", ["teacher", "intruder"], "instructors"),
    ],
)
def test_a_drift_between_the_two_is_named(one_server, path, value, named):
    c, _ = one_server
    values = copy.deepcopy(z2jh.load_values())
    where = values
    *parents, last = path.split(".")
    for key in parents:
        where = where[key]
    where[last] = value
    found = z2jh.differences(c, values)
    assert len(found) == 1 and found[0].startswith(named), found


def test_the_post_start_hook_fills_a_home_as_the_user(tmp_path):
    values = z2jh.load_values()
    command = values["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"]
    assert command[:3] == ["python", "-m", "course_hub.home"]
    kit = command[command.index("--kit") + 1]
    assert kit == "/opt/course/kit"  # where the Dockerfile puts the kit
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "course_hub.home",
            "--kit",
            str(ROOT),
            "--home",
            str(tmp_path),
            "--lang",
            "zh",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    start = (tmp_path / "course" / "START.md").read_text(encoding="utf-8")
    assert start.startswith(home.START_MARKER) and "潜在客户寻找" in start
    assert sorted(p.name for p in (tmp_path / "course" / "notebooks").iterdir()) == sorted(
        p.name for p in (ROOT / "notebooks" / "zh").glob("[0-9][0-9]-*.ipynb")
    )
    settings = json.loads(
        (
            tmp_path / ".jupyter/lab/user-settings/@jupyterlab/translation-extension/"
            "plugin.jupyterlab-settings"
        ).read_text()
    )
    assert settings == {"locale": "zh_CN"}


def test_the_images_are_built_from_the_projects_own_files():
    trainee, instructor = (DEPLOY / "z2jh" / "Dockerfile").read_text().split("AS instructor")
    assert re.search(r"^COPY requirements\.txt ", trainee, re.M)
    assert re.search(r"pip install .*-r requirements\.txt", trainee)
    copied = re.findall(
        r"^COPY (.+?) \S+$",
        trainee + instructor + (DEPLOY / "z2jh" / "Dockerfile.hub").read_text(),
        re.M,
    )
    sources = [part for line in copied for part in line.split()]
    missing = [s for s in sources if not (ROOT / s).exists()]
    assert not missing, missing
    assert (
        "workbook/src" not in trainee and "workbook/src" in instructor
    )  # no solutions in the trainees' image
    assert "ENV COURSE_LANG=zh" in trainee
    assert "overrides.json" in trainee
    overrides = json.loads((DEPLOY / "lab-overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    values = yaml.safe_load((DEPLOY / "z2jh" / "values.yaml").read_text())
    assert values["singleuser"]["image"]["tag"] == values["hub"]["image"]["tag"]
