"""The grading sandbox itself: what a kernel sees and keeps, with and without cgroups."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import nbformat
import pytest
from grading_fixtures import require_sandbox

from course.grading import engine, grader, sandbox


@pytest.fixture(scope="module")
def context():
    require_sandbox()
    with grader.Context(["01"], sandboxed=True) as ctx:
        yield ctx


LIMITS = engine.Limits(cell_timeout=20, notebook_timeout=120, memory_mb=1024)


def _run(context, cells, *, cgroups=True, limits=LIMITS):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    box = context.sandboxing(limits)
    box = engine.Sandboxing(
        sandbox.Options(**{**box.options.__dict__, "cgroups": cgroups}), box.run_dir
    )
    with tempfile.TemporaryDirectory() as tmp:
        run = engine.run(nb, Path(tmp), limits, sandbox=box)
    texts = [
        "".join(o.get("text", "") + o.get("ename", "") + o.get("evalue", "") for o in c.outputs)
        for c in nb.cells
    ]
    return run, texts


def _cgroups_here() -> bool:
    probe = sandbox.Cgroups.create("course-grading-probe-test", 1 << 30, 8)
    try:
        return bool(probe)
    finally:
        probe.remove()


def test_the_command_fences_the_kernel_in(context):
    box = sandbox.KernelSandbox(
        context.sandboxing(engine.Limits()).options, context.run_dir, context.run_dir
    )
    try:
        argv = box.argv(["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"])
    finally:
        box.close()
    joined = " ".join(argv)
    for flag in (
        "--unshare-all",
        "--die-with-parent",
        "--clearenv",
        "--new-session",
        "--uid 65534",
    ):
        assert flag in joined
    assert "--ro-bind / /" not in joined and "--bind / " not in joined
    import course

    repo = str(Path(course.__file__).resolve().parents[1])
    binds = [argv[i + 1] for i, a in enumerate(argv[:-1]) if a in {"--bind", "--ro-bind"}]
    assert (
        repo not in binds and str(Path.home()) not in binds
    )  # the package and data are, the repository is not
    assert argv.index("{connection_file}") > argv.index("--")


@pytest.mark.parametrize("cgroups", [True, False], ids=["cgroups", "no-cgroups"])
def test_nothing_outlives_the_kernel_and_nothing_outside_is_visible(context, cgroups):
    marker = "876543" if cgroups else "876544"
    server = __import__("socket").create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    try:
        run, texts = _run(
            context,
            [
                f"import os, subprocess\nsubprocess.Popen(['sleep', '{marker}'], start_new_session=True)\n"
                f"if os.fork() == 0:\n    os.setsid()\n    os.execvp('sleep', ['sleep', '{marker}1'])\nprint('spawned')",
                "import os, json\nprint(json.dumps([os.getuid(), sorted(os.environ)]))",
                "import course.exercises.core as c, pathlib\n"
                "print(repr((pathlib.Path(c.__file__).parent / 'ch01.py').read_text()[:60]))",
                f"import socket\ntry:\n    socket.create_connection(('127.0.0.1', {port}), timeout=2)\n    print('reached')\n"
                "except OSError as e:\n    print('no network', type(e).__name__)",
                "import os\nprint(sorted(os.listdir('/')), os.path.exists(os.path.expanduser('~/.ssh')))",
            ],
            cgroups=cgroups,
        )
    finally:
        server.close()
    assert run.sandboxed and ("cgroup v" in run.limits_note) == (cgroups and _cgroups_here())
    assert "spawned" in texts[0]
    uid, env = json.loads(texts[1])
    assert uid == sandbox.UID and "COURSE_GRADING" in env and "COURSE_PUBLIC_EXERCISES" in env
    assert not {"SSH_AUTH_SOCK", "DATABASE_URL", "VIRTUAL_ENV_PROMPT"} & set(env)
    assert "Not available in a grading kernel" in texts[2]
    assert "no network" in texts[3]
    import ast

    listed = ast.literal_eval(texts[4].rsplit(" ", 1)[0])
    allowed = {
        "bin",
        "sbin",
        "lib",
        "lib32",
        "lib64",
        "libx32",
        "usr",
        "etc",
        "dev",
        "proc",
        "tmp",
        "home",
    }
    allowed |= {p.parts[1] for p in sandbox.kit_paths()}  # where Python, the venv and the kit live
    assert set(listed) <= allowed and texts[4].strip().endswith("False")
    survivors = subprocess.run(
        ["pgrep", "-f", f"sleep {marker}"], capture_output=True, text=True
    ).stdout.split()
    assert survivors == []


def test_memory_limit_gives_a_memory_error(context):
    run, texts = _run(context, ["x = bytearray(1500 * 2**20)", "print('still here')"])
    assert "MemoryError" in texts[0] and "still here" in texts[1]
    assert [e.kind for e in run.events] == ["memory_limit"]


def test_a_message_too_big_for_the_grader_is_refused_before_it_reaches_it(context, monkeypatch):
    monkeypatch.setattr(engine, "MAX_MESSAGE_BYTES", 5_000_000)
    limits = engine.Limits(
        cell_timeout=20,
        notebook_timeout=120,
        memory_mb=1024,
        max_output_bytes=100_000,
        max_answer_bytes=1_000_000,
    )
    run, texts = _run(
        context,
        [
            "from IPython.display import publish_display_data\n"
            "publish_display_data({'text/plain': 'x' * 20_000_000})"
        ],
        limits=limits,
    )
    assert texts == [""] and run.executed == {0}  # dropped by ZMQ, and the grading went on
    run, texts = _run(context, ["print('x' * 2_000_000)", "print('next')"], limits=limits)
    assert "truncated" in texts[0] and texts[1] == "next\n"  # under the limit: truncated as before
