"""Helpers for the real-browser test: install what is missing, run JupyterLab, drive Chromium.

Nothing here downloads a browser: Playwright (from PyPI) drives Debian's ``/usr/bin/chromium``
through ``executable_path``.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts" / "browser"
STAGE = (
    ARTIFACTS / "stage"
)  # output-cleared copies the test runs (git-ignored, inside the lab's root)
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# headless Chromium as root on a machine with a closed network (see .library machines doc / DESIGN.md)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# ----------------------------------------------------------------------------- installing
class Missing(RuntimeError):
    """Something the browser test needs is not there and could not be installed."""


def find_chromium() -> str | None:
    env = os.environ.get("COURSE_CHROMIUM")
    for path in ([env] if env else []) + list(CHROMIUM_CANDIDATES):
        if path and Path(path).is_file() and os.access(path, os.X_OK):
            return path
    return None


def ensure_chromium(log=print) -> str:
    """Debian's chromium at /usr/bin/chromium, installed with apt-get when missing (root only)."""
    found = find_chromium()
    if found:
        return found
    if shutil.which("apt-get") is None:
        raise Missing(
            "Debian's chromium is not installed and apt-get is not available: "
            "install Chromium and set COURSE_CHROMIUM=/path/to/chromium"
        )
    if os.geteuid() != 0:
        raise Missing(
            "Debian's chromium is not installed and this user is not root: "
            "run `sudo apt-get install -y chromium` once"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    log("installing Debian's chromium (apt-get update && apt-get install -y chromium) …")
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
        if done.returncode:
            raise Missing(
                f"`{' '.join(cmd)}` failed (exit {done.returncode}): {done.stderr.strip()[-600:]}"
            )
    found = find_chromium()
    if not found:
        raise Missing("apt-get installed chromium but /usr/bin/chromium is not there")
    return found


def ensure_playwright(log=print):
    """Import Playwright's sync API, pip-installing ``playwright`` into this venv when missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        log(f"installing playwright into {sys.prefix} (pip) …")
        done = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "playwright>=1.40"],
            capture_output=True,
            text=True,
            timeout=900,
        )
        if done.returncode:
            raise Missing(
                f"`pip install playwright` failed (exit {done.returncode}): "
                f"{done.stderr.strip()[-600:]}"
            ) from None
        import importlib

        importlib.invalidate_caches()
        from playwright.sync_api import sync_playwright
    return sync_playwright


# ----------------------------------------------------------------------------- notebooks
@dataclass
class CourseNotebook:
    """One course notebook edition and what the browser must see in it."""

    path: Path  # the committed, executed notebook
    lang: str
    widget_cells: list[int] = field(default_factory=list)  # cell indices that show a live widget
    labels: dict[int, str] = field(default_factory=dict)  # first code line, for messages

    @property
    def rel(self) -> str:
        return f"{self.lang}/{self.path.name}"

    @property
    def committed(self) -> str:
        """Path of the committed notebook, relative to the lab's root (the repository)."""
        return self.path.relative_to(ROOT).as_posix()

    @property
    def id(self) -> str:
        return f"{self.lang}-{self.path.stem}"


ZH_CHAPTERS = ("01-", "07-")  # the zh editions always run: widgets with tables, codes to translate


def course_notebooks(all_zh: bool | None = None) -> list[CourseNotebook]:
    """Every en edition, and zh editions of chapters 01 and 07 (all with COURSE_BROWSER_ALL_ZH=1)."""
    if all_zh is None:
        all_zh = os.environ.get("COURSE_BROWSER_ALL_ZH", "") not in ("", "0")
    found = []
    for lang in ("en", "zh"):
        for path in sorted((ROOT / "notebooks" / lang).glob("[0-9][0-9]-*.ipynb")):
            if lang == "zh" and not all_zh and not path.name.startswith(ZH_CHAPTERS):
                continue
            nb = nbformat.read(path, as_version=4)
            item = CourseNotebook(path=path, lang=lang)
            for index, cell in enumerate(nb.cells):
                if cell.cell_type == "code" and any(
                    WIDGET_MIME in o.get("data", {}) for o in cell.get("outputs", [])
                ):
                    item.widget_cells.append(index)
                    item.labels[index] = cell.source.strip().splitlines()[-1][:80]
            found.append(item)
    return found


# ----------------------------------------------------------------------------- JupyterLab
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# the test's own user settings; everything else comes from lab/en/overrides.json, as in `make lab`
LAB_SETTINGS = {
    # every cell stays in the DOM (no virtual scrolling), so every widget can be found
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    # the test never saves: the committed notebooks it opens stay as they are
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}


class LabServer:
    """JupyterLab on 127.0.0.1 with a token, configured as ``make lab`` does.

    The root is the repository (so the committed start page and notebooks are opened as a
    trainee would open them); runtime files, user settings and workspaces are private; the
    kit's ``lab/config`` (tab marks) and ``lab/<lang>/overrides.json`` (no news, Markdown
    preview, locale) are the ones ``make lab`` uses.
    """

    def __init__(self, root: Path, private: Path, log_path: Path, lang: str = "en") -> None:
        self.root, self.private, self.log_path, self.lang = root, private, log_path, lang
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.proc: subprocess.Popen | None = None
        self.base = f"http://127.0.0.1:{self.port}"
        self.started_kernels: set[str] = set()

    def start(self, timeout: float = 120) -> None:
        dirs = {name: self.private / name for name in ("runtime", "data", "settings", "workspaces")}
        for d in dirs.values():
            d.mkdir(parents=True, exist_ok=True)
        for rel, value in LAB_SETTINGS.items():
            target = dirs["settings"] / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(value), encoding="utf-8")
        env = {
            **os.environ,
            "JUPYTER_RUNTIME_DIR": str(dirs["runtime"]),
            "JUPYTER_CONFIG_DIR": str(ROOT / "lab" / "config"),
            "JUPYTER_DATA_DIR": str(dirs["data"]),
            "JUPYTERLAB_SETTINGS_DIR": str(dirs["settings"]),
            "JUPYTERLAB_WORKSPACES_DIR": str(dirs["workspaces"]),
            "COURSE_PROGRESS_DB": "off",
            "PYTHONHASHSEED": "0",
            "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        }
        cmd = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            "--ServerApp.open_browser=False",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            f"--LabApp.user_settings_dir={dirs['settings']}",
            f"--LabApp.workspaces_dir={dirs['workspaces']}",
            f"--LabApp.app_settings_dir={ROOT / 'lab' / self.lang}",
            "--LabApp.custom_css=True",
            "--LabApp.expose_app_in_browser=True",
            "--MappingKernelManager.cull_idle_timeout=0",
        ]
        # the chapters' kernels on Unix sockets, like every kernel the kit and nbval start (course/kernels.py): no TCP
        # port race with the many kernels the suite starts meanwhile; named after the kernel's connection file
        socket_path = len(str(dirs["runtime"]).encode()) + len("/kernel-") + 36 + len("-ipc-5")
        if os.name == "posix" and socket_path < 108:
            cmd.append("--KernelManager.transport=ipc")
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        self._log = open(self.log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            cmd,
            cwd=self.root,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"JupyterLab exited with {self.proc.returncode}:\n{self.log_tail()}"
                )
            try:
                self.api("GET", "/api/status")
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise RuntimeError(f"JupyterLab did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return ""

    def api(self, method: str, path: str, timeout: float = 15, body: object = None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.base}{path}",
            method=method,
            data=data,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def url(self, rel: str, reset: bool = True) -> str:
        return f"{self.base}/lab/tree/{rel}?token={self.token}" + ("&reset" if reset else "")

    def kernels(self) -> list[dict]:
        kernels = self.api("GET", "/api/kernels")
        self.started_kernels.update(k["id"] for k in kernels)
        return kernels

    def stop_kernels(self) -> list[str]:
        """Delete every session and kernel the server runs; return the kernel ids stopped."""
        stopped = []
        try:
            for session in self.api("GET", "/api/sessions"):
                self.api("DELETE", f"/api/sessions/{session['id']}")
            for kernel in self.kernels():
                self.api("DELETE", f"/api/kernels/{kernel['id']}")
                stopped.append(kernel["id"])
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        return stopped

    def stop(self) -> None:
        """Stop the kernels, ask the server to shut down, then end its whole process group."""
        if self.proc is None:
            return
        try:
            self.stop_kernels()
            if self.proc.poll() is None:
                with contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError):
                    self.api("POST", "/api/shutdown", timeout=5)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.proc.wait(timeout=20)
        finally:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    # the server and every kernel it started share its process group
                    os.killpg(self.proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.proc.wait(timeout=10)
                    break
                except subprocess.TimeoutExpired:
                    continue
            self._log.close()


def pids_alive(pids: list[int]) -> list[int]:
    alive = []
    for pid in pids:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        alive.append(pid)
    return alive


# ----------------------------------------------------------------------------- browser side
JS_NOTEBOOK_STATE = """
() => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  if (!panel || !panel.content || !panel.sessionContext) return null;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const cells = [];
  panel.content.widgets.forEach((cell, index) => {
    if (cell.model.type !== 'code') return;
    const outputs = [];
    for (let i = 0; i < cell.model.outputs.length; i++) {
      const out = cell.model.outputs.get(i).toJSON();
      outputs.push({type: out.output_type, ename: out.ename || null, evalue: out.evalue || null,
                    name: out.name || null, text: out.output_type === 'stream' ? String(out.text).slice(0, 300) : null,
                    mimes: out.data ? Object.keys(out.data) : []});
    }
    cells.push({index, count: cell.model.executionCount, outputs});
  });
  return {status: kernel ? kernel.status : 'none', kernelId: kernel ? kernel.id : null,
          path: panel.context.path, cells};
}
"""

JS_RUN_ALL = """
async () => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await panel.sessionContext.ready;
  await app.commands.execute('notebook:run-all-cells');
  return true;
}
"""

JS_ALL_EXECUTED = """
() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.sessionContext || !panel.sessionContext.session) return false;
  const kernel = panel.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle') return false;
  return panel.content.widgets.every(c => c.model.type !== 'code' || c.model.executionCount !== null);
}
"""

JS_KERNEL_IDLE = """
() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = panel && panel.sessionContext.session && panel.sessionContext.session.kernel;
  return !!kernel && kernel.status === 'idle';
}
"""

# what a widget *shows* (its HTML, output and picture parts, not its controls), as one string
JS_SIGNATURE = """
(root) => {
  const parts = [];
  const shown = root.querySelectorAll('.widget-html-content, .widget-htmlmath-content, .widget-output, .widget-label-basic');
  shown.forEach(el => parts.push(el.innerText));
  root.querySelectorAll('img').forEach(img => parts.push(img.src.length + ':' + img.src.slice(-80)));
  if (!parts.join('').trim()) parts.push(root.innerText);
  return parts.join('\\u241E');
}
"""


def widget_outputs(page, cell_index: int):
    """The rendered widget views inside one notebook cell (may be empty)."""
    cell = page.locator(".jp-Notebook .jp-Cell").nth(cell_index)
    return cell, cell.locator(".jp-OutputArea-output .jupyter-widgets").first  # outermost view


def wait_for(predicate, timeout: float, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def _click(locator) -> None:
    locator.click()


def _select(locator, index: int) -> None:
    locator.select_option(index=index)


def interactions(root):
    """Candidate interactions with the controls inside a widget view, most telling first."""
    page = root.page
    actions = []
    dropdowns = root.locator(".widget-dropdown select")
    for i in range(dropdowns.count()):
        select = dropdowns.nth(i)
        values = select.evaluate("s => Array.from(s.options).map(o => o.index)")
        current = select.evaluate("s => s.selectedIndex")
        for k in [v for v in values if v != current][:3]:
            actions.append((f"dropdown #{i}: option {k}", partial(_select, select, k)))
    toggles = root.locator(".widget-toggle-buttons button:not(.mod-active)")
    for i in range(min(toggles.count(), 3)):
        actions.append((f"toggle button #{i}", partial(_click, toggles.nth(i))))
    sliders = root.locator(".widget-slider .noUi-target, .widget-slider .slider")
    for i in range(sliders.count()):
        for frac in (0.85, 0.15):
            actions.append(
                (f"slider #{i} to {frac:.0%}", partial(_click_at, page, sliders.nth(i), frac))
            )
    checks = root.locator(".widget-checkbox input[type=checkbox]")
    for i in range(min(checks.count(), 3)):
        actions.append((f"checkbox #{i}", partial(_click, checks.nth(i))))
    radios = root.locator(".widget-radio-box input[type=radio]:not(:checked)")
    if radios.count():
        actions.append(("radio button", partial(_click, radios.first)))
    selects = root.locator(".widget-select select, .widget-select-multiple select")
    for i in range(selects.count()):
        actions.append((f"list select #{i}", partial(_select, selects.nth(i), 0)))
    buttons = root.locator("button.widget-button:not([disabled]), .widget-button:not([disabled])")
    for i in range(min(buttons.count(), 4)):
        actions.append((f"button #{i}", partial(_click, buttons.nth(i))))
    return actions


def _click_at(page, track, fraction: float) -> None:
    track.scroll_into_view_if_needed()
    box = track.bounding_box()
    if not box:
        raise RuntimeError("slider has no box")
    page.mouse.click(box["x"] + box["width"] * fraction, box["y"] + box["height"] / 2)
