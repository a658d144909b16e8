"""The classroom spawner (学员服务器的启动方式): one local process per trainee, as that trainee.

:class:`ClassroomSpawner` is JupyterHub's ``LocalProcessSpawner`` (each
trainee's single-user server runs as their own Unix account, so file
permissions keep trainees apart) plus what a class needs:

- before the server starts, the trainee's home gets the course in their
  language, the start page and JupyterLab's language setting
  (:mod:`course_hub.home`; every write as the trainee, nothing overwritten);
- the server and everything it starts run in the trainee's own control group
  with the memory, CPU and process limits of the class settings
  (:mod:`course_hub.cgroups`); where control groups cannot be used the hub
  log says so once, and the limits are only advisory (``MEM_LIMIT`` and
  ``CPU_LIMIT`` in the server's environment, as JupyterHub always sets them);
- stopping a server kills whatever is left in its group: no kernel or
  detached child outlives it;
- ``COURSE_LANG`` carries the trainee's language into every kernel, so the kit
  speaks it from the first ``import course``.
"""

from __future__ import annotations

import os
import pwd
import shutil
import stat
from pathlib import Path
from typing import ClassVar

from jupyterhub.spawner import LocalProcessSpawner
from tornado import web
from traitlets import Bool, Integer, Unicode

from course_hub import cgroups, home
from course_hub.accounts import AccountStore


class ClassroomSpawner(LocalProcessSpawner):
    """LocalProcessSpawner with the course in the home, the trainee's language and enforced limits."""

    language = Unicode(
        "zh", help="The class's language (a trainee's own, from the account store, wins)."
    ).tag(config=True)
    accounts_file = Unicode(
        "/var/lib/course-hub/accounts.json", help="The class's account store."
    ).tag(config=True)
    process_limit = Integer(256, help="Processes (and threads) one trainee may run at once.").tag(
        config=True
    )
    cgroup_name = Unicode("course-hub", help="Name of the hub's control group tree.").tag(
        config=True
    )
    enforce_limits = Bool(True, help="Put each trainee in a control group with the limits.").tag(
        config=True
    )
    prepare_home = Bool(
        True, help="Fill the trainee's home with the course before the server starts."
    ).tag(config=True)
    kit_dir = Unicode(
        "/opt/course-hub/kit", help="The shared copy of the kit (make hub-install)."
    ).tag(config=True)
    trainee_python = Unicode(
        "/opt/course-hub/venv/bin/python", help="The Python trainees run."
    ).tag(config=True)

    runtime_root = Unicode(
        "/run/course-hub",
        help="Root-owned folder of the trainees' private runtime folders (kernel sockets).",
    ).tag(config=True)

    _trees: ClassVar[dict[str, cgroups.Tree | None]] = {}

    # ------------------------------------------------------------------ helpers
    def _tree(self) -> cgroups.Tree | None:
        if not self.enforce_limits:
            return None
        if self.cgroup_name not in self._trees:
            tree, how = cgroups.detect(self.cgroup_name)
            self._trees[self.cgroup_name] = tree
            if tree is None:
                self.log.warning("Per-trainee %s; MEM_LIMIT/CPU_LIMIT are advisory only.", how)
            else:
                self.log.info("Per-trainee limits %s", tree.describe(self._limits()))
        return self._trees[self.cgroup_name]

    def _limits(self) -> cgroups.GroupLimits:
        return cgroups.GroupLimits(
            memory_bytes=int(self.mem_limit or 0) or 2**62,
            cpu=float(self.cpu_limit or 0) or 1024.0,
            processes=self.process_limit,
        )

    def trainee_language(self) -> str:
        account = AccountStore(self.accounts_file).get(self.user.name)
        return account.lang if account and account.lang in ("en", "zh") else self.language

    # ------------------------------------------------------------------ life cycle
    async def start(self):
        name = self.user.name
        try:
            pwd.getpwnam(name)
        except KeyError:
            raise web.HTTPError(
                500,
                f"{name} has no Unix account on this server: the instructor creates it with "
                f"`course-hub accounts add ROSTER.csv`.",
            ) from None
        self._lang = self.trainee_language()
        self._runtime = self._runtime_dir(pwd.getpwnam(name))
        if self.prepare_home:
            try:
                results = await home.prepare_async(
                    name, self._lang, Path(self.kit_dir), self.trainee_python
                )
            except home.HomeError as error:
                raise web.HTTPError(500, str(error)) from None
            for problem in home.failures(results):
                self.log.warning("%s's home: %s", name, problem)
        self._group = None
        tree = self._tree()
        if tree is not None:
            group = tree.group(name)
            if group.pids():  # a previous server's processes must not survive into the new one
                self.log.warning("%s: killing %s left from an earlier server", name, group.kill())
            try:
                self._group = tree.create(name, self._limits())
            except cgroups.Unavailable as error:
                raise web.HTTPError(500, f"{name}: {error}") from None
        return await super().start()

    def _runtime_dir(self, entry: pwd.struct_passwd) -> str:
        """``/run/course-hub/UID``, owned by the trainee, 0700: kernel sockets with a short path (a Unix socket
        path may not exceed 107 bytes, which a home-based path can), in a parent no trainee can replace."""
        root = Path(self.runtime_root)
        root.mkdir(mode=0o755, parents=True, exist_ok=True)
        info = os.lstat(root)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != 0:
            raise web.HTTPError(500, f"{root} must be a folder owned by root")
        os.chmod(root, 0o755)
        folder = root / str(entry.pw_uid)
        try:
            info = os.lstat(folder)
        except FileNotFoundError:
            folder.mkdir(mode=0o700)
            info = os.lstat(folder)
        if not stat.S_ISDIR(info.st_mode):
            folder.unlink()  # only root could have put something else here
            folder.mkdir(mode=0o700)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
        os.chmod(folder, 0o700)
        return str(folder)

    def get_env(self):
        env = super().get_env()
        if getattr(self, "_runtime", None):
            env["JUPYTER_RUNTIME_DIR"] = self._runtime
        env["COURSE_LANG"] = getattr(self, "_lang", None) or self.language
        env.setdefault("LANG", "C.UTF-8")
        return env

    def make_preexec_fn(self, name):
        become = super().make_preexec_fn(name)
        group = getattr(self, "_group", None)

        def preexec() -> None:
            if group is not None:
                group.join()  # while still root: the limits hold before any trainee code runs
            become()

        return preexec

    async def stop(self, now=False):
        await super().stop(now=now)
        tree = self._trees.get(self.cgroup_name) if self.enforce_limits else None
        if tree is not None:
            group = tree.group(self.user.name)
            killed = group.kill()
            if killed:
                self.log.info(
                    "%s: killed %d process(es) left after the server stopped",
                    self.user.name,
                    len(killed),
                )
            group.remove()
        runtime = getattr(self, "_runtime", None)
        if runtime:  # sockets of a stopped server; rmtree does not follow links
            shutil.rmtree(runtime, ignore_errors=True)
