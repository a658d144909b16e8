"""Red team: every forgery route a determined trainee might take scores 0, is flagged, and reaches nothing else.

One grading batch (in the sandbox) holds an honest trainee and one hostile
submission per route (:mod:`grading_fixtures.redteam`). While it runs, the
grader's environment holds a database password, the honest trainee's file and
the gradebook are named in the attacks, and a TCP server listens on loopback.
A second, smaller batch runs the judging attacks *without* the sandbox: the
verdict is given outside the kernel either way.
"""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
import threading

import nbformat
import pytest
from grading_fixtures import ALL, fill, require_sandbox, sandbox_status
from grading_fixtures import redteam as rt

from course.grading import grader
from course.grading.engine import Limits
from course.grading.gradebook import Gradebook

LIMITS = Limits(
    cell_timeout=8,
    notebook_timeout=180,
    memory_mb=1536,
    max_output_bytes=200_000,
    setup_timeout=120,
)


def _hash(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _site_packages() -> set[str]:
    import site
    import sysconfig

    return {*site.getsitepackages(), sysconfig.get_paths()["purelib"]}


class _Listener:
    """A TCP server on loopback that counts the connections it gets."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self.stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
                self.accepted += 1
                conn.close()
            except OSError:
                continue

    def close(self) -> None:
        self.stop = True
        self.thread.join(timeout=2)
        self.sock.close()


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    require_sandbox()
    root = tmp_path_factory.mktemp("redteam")
    submissions, out = root / "submissions", root / "out"
    out.mkdir()
    victim = submissions / "victim" / "01-prospects.ipynb"
    victim.parent.mkdir(parents=True)
    nbformat.write(fill(ALL), victim)
    gradebook = out / "gradebook.sqlite"
    book = Gradebook(f"sqlite:///{gradebook}")
    book.add_run([])  # a gradebook that exists before the run, as a real one would
    listener = _Listener()
    rt.save(submissions, rt.routes(victim, gradebook, out / "executed", listener.port))
    before = {p: _hash(p) for p in submissions.rglob("*.ipynb")}
    gradebook_before = _hash(gradebook)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COURSE_DB_PASSWORD", rt.SECRET)
        mp.setenv("DATABASE_URL", f"postgresql://grader:{rt.SECRET}@db.example/gradebook")
        tasks = grader.make_tasks(
            grader.discover(submissions), limits=LIMITS, executed_dir=out / "executed"
        )
        grades = grader.grade_many(tasks, workers=2, progress=False, sandbox=True)
    listener.close()
    return {
        "grades": {g.trainee: g for g in grades},
        "root": root,
        "submissions": submissions,
        "out": out,
        "before": before,
        "gradebook": gradebook,
        "gradebook_before": gradebook_before,
        "listener": listener,
        "book": book,
    }


@pytest.mark.parametrize("route", sorted(rt.FORGED))
def test_each_forgery_scores_nothing(attacked, route):
    grade = attacked["grades"][route]
    got = grade.by_id()
    for eid in rt.FORGED[route]:
        assert got[eid].score == 0 and got[eid].status != "correct", (
            route,
            eid,
            got[eid].status,
            got[eid].reasons,
        )
    for eid, flag in rt.FLAGS.get(route, []):
        assert flag in got[eid].flags, (route, eid, flag, got[eid].reasons)
    assert grade.sandboxed


def test_the_honest_trainee_is_graded_as_usual(attacked):
    victim = attacked["grades"]["victim"].by_id()
    assert {eid for eid, item in victim.items() if item.status == "correct"} == set(ALL) - {
        "ch01.q8",
        "ch01.q9",
    }
    assert victim["ch01.q8"].status == victim["ch01.q9"].status == "review"
    assert not attacked["grades"]["victim"].flags


def test_a_stubborn_cell_is_stopped_once_and_the_rest_is_graded(attacked):
    grade = attacked["grades"]["stubborn_cell"]
    assert grade.restarts == 1 and "ignored the interrupt" in grade.by_id()["ch01.q1"].reason
    rest = {
        eid: item.status
        for eid, item in grade.by_id().items()
        if eid not in {"ch01.q1", "ch01.q8", "ch01.q9"}
    }
    assert set(rest.values()) == {"correct"}, rest
    assert grade.seconds < LIMITS.notebook_timeout


def test_objects_that_agree_with_anything_are_a_wrong_type_with_a_reason(attacked):
    got = attacked["grades"]["always_equal"].by_id()
    assert "home-made kind of list" in got["ch01.q3"].message["en"]
    assert "an object of type Agree" in got["ch01.q4"].message["en"]
    assert "home-made kind of str" in got["ch01.q10"].message["en"]
    assert "an object of type Any" in got["ch01.q7"].message["en"]


def test_submissions_gradebook_and_out_are_untouched(attacked):
    after = {p: _hash(p) for p in attacked["submissions"].rglob("*.ipynb")}
    assert after == attacked["before"]
    assert _hash(attacked["gradebook"]) == attacked["gradebook_before"]
    Gradebook(f"sqlite:///{attacked['gradebook']}")  # opens: no trigger was added
    executed = attacked["out"] / "executed" / "other_files" / "01-prospects.ipynb"
    text = executed.read_text(encoding="utf-8")
    import ast
    from pathlib import Path

    import course

    printed = next(
        o["text"]
        for c in nbformat.reads(text, as_version=4).cells
        for o in c.get("outputs", [])
        if "notebooks visible:" in o.get("text", "")
    )
    visible = ast.literal_eval(printed.split("notebooks visible: ", 1)[1].split("\n", 1)[0])
    kit = str(Path(course.__file__).parent)
    assert all(p.startswith(kit + "/") for p in visible), (
        visible
    )  # only the kit's own report templates
    assert "submissions" not in printed and "gradebook" not in printed
    assert attacked["grades"]["other_files"].by_id()["ch01.q1"].answer == 0


def test_no_secret_of_the_grader_reaches_the_kernel(attacked):
    for path in (attacked["out"] / "executed").rglob("*.ipynb"):
        assert rt.SECRET not in path.read_text(encoding="utf-8"), path
    for grade in attacked["grades"].values():
        assert rt.SECRET not in json.dumps(grade.to_dict(), default=str)
    leaked = attacked["grades"]["env_secrets"].by_id()["ch01.q10"].answer
    assert (
        "COURSE_GRADING=1" in leaked
        and "COURSE_DB_PASSWORD" not in leaked
        and "DATABASE_URL" not in leaked
    )


def test_no_key_and_no_solution_can_be_found_from_the_kernel(attacked):
    grade = attacked["grades"]["find_keys"]
    assert grade.by_id()["ch01.q3"].answer in (None, [])
    text = (attacked["out"] / "executed" / "find_keys" / "01-prospects.ipynb").read_text(
        encoding="utf-8"
    )
    assert "solution sources or git visible: []" in text


def test_site_packages_are_read_only_for_trainee_code(attacked):
    for folder in _site_packages():
        assert not (__import__("pathlib").Path(folder) / rt.MARKER_PTH).exists()
    assert attacked["grades"]["site_pth"].by_id()["ch01.q1"].answer == 0


def test_no_network_and_no_process_outlives_the_grader(attacked):
    assert attacked["listener"].accepted == 0
    assert attacked["grades"]["network"].by_id()["ch01.q1"].answer == 0
    survivors = subprocess.run(
        ["pgrep", "-f", "sleep 98765"], capture_output=True, text=True
    ).stdout.split()
    assert survivors == []


def test_memory_of_child_processes_counts_together(attacked):
    from course.grading import sandbox

    grade = attacked["grades"]["memory_children"]
    probe = sandbox.Cgroups.create("course-grading-probe", 1 << 30, 64)
    has_cgroups = bool(probe)
    probe.remove()
    if not has_cgroups:
        pytest.skip("no writable cgroup here: each child process is limited on its own (RLIMIT_AS)")
    assert "memory_limit" in grade.by_id()["ch01.q1"].flags, grade.by_id()["ch01.q1"].reasons


def test_a_huge_answer_is_refused_with_a_reason(attacked):
    item = attacked["grades"]["huge_answer"].by_id()["ch01.q3"]
    assert item.status == "incorrect" and "too large" in item.message["en"]


# --------------------------------------------------------------------------- without the sandbox
JUDGING_ROUTES = [
    "isclose",
    "always_equal",
    "swap_module",
    "cell_hook",
    "publish_patch",
    "pandas_patch",
    "forged_elsewhere",
    "widget_guesses",
]


def test_judging_outside_the_kernel_defeats_the_forgeries_even_without_the_sandbox(tmp_path):
    folder = tmp_path / "submissions"
    nbs = rt.routes(tmp_path / "none.ipynb", tmp_path / "none.sqlite", tmp_path / "none", 9)
    rt.save(folder, {name: nbs[name] for name in JUDGING_ROUTES})
    tasks = grader.make_tasks(grader.discover(folder), limits=LIMITS)
    grades = {
        g.trainee: g for g in grader.grade_many(tasks, workers=2, progress=False, sandbox=False)
    }
    for route in JUDGING_ROUTES:
        got = grades[route].by_id()
        assert not grades[route].sandboxed
        for eid in rt.FORGED[route]:
            assert got[eid].score == 0 and got[eid].status != "correct", (
                route,
                eid,
                got[eid].reasons,
            )
        for eid, flag in rt.FLAGS.get(route, []):
            assert flag in got[eid].flags, (route, eid, flag, got[eid].reasons)


def test_grading_refuses_without_a_sandbox_unless_told(monkeypatch, tmp_path, capsys):
    from course import cli
    from course.grading import sandbox

    monkeypatch.setattr(
        sandbox,
        "status",
        lambda: (False, "bubblewrap (bwrap) is not installed. Fix: `make sandbox`"),
    )
    (tmp_path / "wang").mkdir()
    nbformat.write(fill({}), tmp_path / "wang" / "01-prospects.ipynb")
    assert cli.main(["grade", str(tmp_path), "--out", str(tmp_path / "out"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert (
        "The grading sandbox is not available: bubblewrap (bwrap) is not installed" in err
        and "--no-sandbox" in err
    )
    assert not (tmp_path / "out").exists()
    with pytest.raises(sandbox.SandboxUnavailable):
        grader.grade_many(grader.make_tasks(grader.discover(tmp_path)), progress=False)
    assert sandbox_status() is not None
