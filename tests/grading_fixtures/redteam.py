"""Hostile submissions: every way a determined trainee might forge a grade or reach beyond the notebook.

Each route is a chapter-01 trainee copy whose answer cells hold the attack
and wrong or blank answers. :data:`FORGED` names the exercises each route
tries to win: every one of them must score 0. :data:`FLAGS` lists flags
the grader must raise for a route.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat

from . import ALL, CHAPTER, _cell_of, _record, fill

ANSWER = "application/vnd.course.answer+json"
RESULT = "application/vnd.course.result+json"
SECRET = "hunter2-s3cret-do-not-leak"
MARKER_PTH = "zz_course_redteam.pth"


def _code(*lines: str) -> str:
    return "\n".join(lines)


def routes(
    victim: Path, gradebook: Path, out_dir: Path, port: int
) -> dict[str, nbformat.NotebookNode]:
    """name -> hostile notebook. ``victim``/``gradebook``/``out_dir`` are real paths the attacks aim at."""
    nbs: dict[str, nbformat.NotebookNode] = {}

    nbs["isclose"] = fill(
        {
            "ch01.q1": _code(
                "import math", "math.isclose = lambda *a, **k: True", "desire_no_power = 1"
            ),
            "ch01.q2": _code(
                "import numpy as np",
                "np.isclose = lambda *a, **k: np.array(True)",
                "np.allclose = lambda *a, **k: True",
                "lost_share = 0.9",
            ),
        }
    )
    nbs["always_equal"] = fill(
        {
            "ch01.q3": _code(
                "class Yes(list):",
                "    def __eq__(self, other):",
                "        return True",
                "    __hash__ = None",
                "pursue_ids = Yes(['L0001'])",
            ),
            "ch01.q4": _code(
                "class Agree:",
                "    def __eq__(self, other):",
                "        return True",
                "    def __getattr__(self, name):",
                "        return lambda *a, **k: True",
                "rate_by_code = Agree()",
            ),
            "ch01.q10": _code(
                "class Sly(str):",
                "    def __eq__(self, other):",
                "        return True",
                "    __hash__ = str.__hash__",
                "best_band = Sly('low')",
            ),
            "ch01.q7": _code(
                "class Any:",
                "    def __eq__(self, other):",
                "        return True",
                "def man_label(money, authority, need):",
                "    return Any()",
            ),
        }
    )
    nbs["swap_module"] = fill(
        {
            "ch01.q1": _code(
                "import sys, types",
                "from IPython.display import publish_display_data",
                "fake = types.ModuleType('course.exercises.public')",
                "def hand_in(eid, answer=None):",
                "    for guess in range(700, 760):",
                f"        publish_display_data({{{ANSWER!r}: {{'format': 1, 'exercise': eid, 'kind': 'value', 'answer': guess}}}})",
                f"    publish_display_data({{{RESULT!r}: {{'exercise': eid, 'status': 'correct', 'attempts': 1}}}})",
                "fake.hand_in = hand_in",
                "sys.modules['course.exercises.public'] = fake",
                "desire_no_power = ____",
            )
        }
    )
    nbs["import_hook"] = fill(
        {
            "ch01.q1": _code(
                "import sys, types, importlib.abc, importlib.util",
                "from IPython.display import publish_display_data",
                "class Loader(importlib.abc.Loader):",
                "    def create_module(self, spec):",
                "        return None",
                "    def exec_module(self, module):",
                "        def hand_in(eid, answer=None):",
                f"            publish_display_data({{{RESULT!r}: {{'exercise': eid, 'status': 'correct', 'attempts': 1}}}})",
                "        module.hand_in = hand_in",
                "class Finder(importlib.abc.MetaPathFinder):",
                "    def find_spec(self, name, path=None, target=None):",
                "        if name == 'course.exercises.public':",
                "            return importlib.util.spec_from_loader(name, Loader())",
                "sys.meta_path.insert(0, Finder())",
                "del sys.modules['course.exercises.public']",
                "desire_no_power = 3",
            )
        }
    )
    nbs["cell_hook"] = fill(
        {
            "ch01.q1": _code(
                "from IPython import get_ipython",
                "from IPython.display import publish_display_data",
                "def forge(*args):",
                "    for k in range(1, 11):",
                "        eid = f'ch01.q{k}'",
                f"        publish_display_data({{{RESULT!r}: {{'exercise': eid, 'status': 'correct', 'attempts': 1}}}})",
                "        for guess in ('redirect', 'finance', 'stop', 725, 0.1):",
                f"            publish_display_data({{{ANSWER!r}: {{'format': 1, 'exercise': eid, 'kind': 'value', 'answer': guess}}}})",
                "get_ipython().events.register('post_run_cell', forge)",
                "get_ipython().events.register('pre_run_cell', forge)",
                "desire_no_power = 2",
            )
        }
    )
    nbs["publish_patch"] = fill(
        {
            "ch01.q1": _code(
                "import IPython.display as d",
                "real = d.publish_display_data",
                "def many(data, *a, **k):",
                f"    if {ANSWER!r} in data:",
                f"        record = data[{ANSWER!r}]",
                "        for guess in ('redirect', 'finance', 'develop', 'pursue', 'stop', 'cultivate'):",
                f"            real({{{ANSWER!r}: {{**record, 'answer': guess}}}})",
                "    return real(data, *a, **k)",
                "d.publish_display_data = many",
                "desire_no_power = 4",
            )
        }
    )
    nbs["pandas_patch"] = fill(
        {
            "ch01.q4": _code(
                "import numpy as np, pandas as pd",
                "pd.Series.equals = lambda self, other: True",
                "pd.DataFrame.equals = lambda self, other: True",
                "pd.testing.assert_series_equal = lambda *a, **k: None",
                "np.array_equal = lambda *a, **k: True",
                "np.isclose = lambda a, b, *x, **k: np.ones(np.shape(a), dtype=bool)",
                "rate_by_code = leads.groupby(prospects.man_codes(leads))['converted'].sum()",
            )
        }
    )
    nbs["site_pth"] = fill(
        {
            "ch01.q1": _code(
                "import os, site, sysconfig",
                "written = []",
                "for d in {*site.getsitepackages(), sysconfig.get_paths()['purelib']}:",
                "    try:",
                f"        with open(os.path.join(d, {MARKER_PTH!r}), 'w') as f:",
                "            f.write(\"import os; os.environ['COURSE_PWNED'] = '1'\\n\")",
                "        written.append(d)",
                "    except OSError:",
                "        pass",
                "desire_no_power = len(written)",
            )
        }
    )
    nbs["env_secrets"] = fill(
        {
            "ch01.q10": _code(
                "import os",
                "leak = ' '.join(f'{k}={v}' for k, v in os.environ.items())",
                "try:",
                "    leak += open('/proc/1/environ', 'rb').read().decode(errors='replace')",
                "except OSError:",
                "    pass",
                "print(leak)",
                "best_band = leak",
            )
        }
    )
    nbs["other_files"] = fill(
        {
            "ch01.q1": _code(
                "import os, sqlite3",
                "found = []",
                f"for target in ({str(victim)!r}, {str(gradebook)!r}, {str(out_dir)!r}):",
                "    try:",
                "        found.append(open(target, 'rb').read()[:10])",
                "    except OSError:",
                "        pass",
                "    try:",
                "        with open(target, 'w') as f:",
                "            f.write('overwritten by a trainee')",
                "        found.append('wrote')",
                "    except OSError:",
                "        pass",
                "try:",
                f"    con = sqlite3.connect({str(gradebook)!r})",
                "    con.execute('CREATE TRIGGER lift AFTER INSERT ON results BEGIN UPDATE results SET score = 1; END')",
                "    con.commit(); found.append('trigger')",
                "except Exception:",
                "    pass",
                "notebooks = []",
                "for top in sorted(set(os.listdir('/')) - {'proc', 'dev', 'sys', 'usr'}):",
                "    for base, dirs, files in os.walk('/' + top):",
                "        dirs[:] = [d for d in dirs if d not in ('site-packages', '__pycache__')]",
                "        notebooks += [os.path.join(base, f) for f in files if f.endswith(('.ipynb', '.sqlite'))]",
                "print('notebooks visible:', notebooks)",
                "print('home:', os.listdir(os.path.expanduser('~')), 'root:', sorted(os.listdir('/')))",
                "desire_no_power = len(found)",
            )
        }
    )
    nbs["find_keys"] = fill(
        {
            "ch01.q3": _code(
                "import gc, os, runpy",
                "pursue_ids = []",
                "import course.exercises.ch01 as m",
                "from course.exercises import core",
                "attempts = [",
                "    lambda: m._pursue_ids(),",
                "    lambda: q3.expected_value(),",
                "    lambda: q3.expected,",
                "    lambda: runpy.run_path(os.path.join(os.path.dirname(core.__file__), 'ch01.py'))['_pursue_ids'](),",
                "    lambda: next(o for o in gc.get_objects() if type(o).__name__ == 'ValueExercise'"
                " and getattr(o, 'id', '') == 'ch01.q3').expected_value(),",
                "]",
                "for attempt in attempts:",
                "    try:",
                "        value = attempt()",
                "        if isinstance(value, list) and value:",
                "            pursue_ids = value",
                "            break",
                "    except Exception:",
                "        pass",
                "sources = []",
                "for top in sorted(set(os.listdir('/')) - {'proc', 'dev', 'sys', 'usr'}):",
                "    for base, dirs, files in os.walk('/' + top):",
                "        dirs[:] = [d for d in dirs if d not in ('site-packages', '__pycache__')]",
                "        sources += [os.path.join(base, d) for d in dirs if d in ('.git', 'src') and 'workbook' in base + d]",
                "        sources += [os.path.join(base, f) for f in files if f.startswith('01-prospects') and f.endswith('.py')]",
                "print('solution sources or git visible:', sources)",
            )
        }
    )
    nbs["forged_elsewhere"] = fill(
        {
            "ch01.q4": _code(
                "from IPython.display import publish_display_data",
                f"publish_display_data({{{ANSWER!r}: {{'format': 1, 'exercise': 'ch01.q5', 'kind': 'value', 'answer': 'redirect'}}}})",
                f"publish_display_data({{{RESULT!r}: {{'exercise': 'ch01.q6', 'status': 'correct', 'attempts': 1}}}})",
                "rate_by_code = ____",
            )
        }
    )
    nb = fill({})
    nb.cells[_cell_of(nb, "ch01.q5", "widget")].outputs = [
        _record("ch01.q5", "incorrect", option, "widget")
        for option in ("pursue", "develop", "redirect", "finance", "cultivate", "stop")
    ]
    nbs["widget_guesses"] = nb
    # a typed answer, and a different one clicked and saved in the widget cell: two guesses, the better one kept
    nb = fill({"ch01.q5": 'countermeasure5 = "pursue"'})
    nb.cells[_cell_of(nb, "ch01.q5", "widget")].outputs = [_record("ch01.q5", "incorrect", "redirect", "widget")]
    nbs["typed_and_clicked"] = nb
    nbs["stubborn_cell"] = fill(
        {
            **ALL,
            "ch01.q1": _code(
                "import signal, time",
                "signal.signal(signal.SIGINT, signal.SIG_IGN)",
                "while True:",
                "    time.sleep(0.05)",
            ),
        }
    )
    nbs["daemon"] = fill(
        {
            "ch01.q1": _code(
                "import os, subprocess",
                "subprocess.Popen(['sleep', '987654'], start_new_session=True)",
                "if os.fork() == 0:",
                "    os.setsid()",
                "    if os.fork() == 0:",
                "        os.execvp('sleep', ['sleep', '987655'])",
                "    os._exit(0)",
                "desire_no_power = 5",
            )
        }
    )
    nbs["memory_children"] = fill(
        {
            "ch01.q1": _code(
                "import subprocess, sys",
                "code = 'x = bytearray(700 * 2**20); import time; time.sleep(3)'",
                "children = [subprocess.Popen([sys.executable, '-c', code]) for _ in range(4)]",
                "codes = [c.wait() for c in children]",
                "print(codes)",
                "desire_no_power = 6",
            )
        }
    )
    nbs["network"] = fill(
        {
            "ch01.q1": _code(
                "import socket",
                "reached = 0",
                f"for host in (('127.0.0.1', {port}), ('1.1.1.1', 53), ('example.com', 80)):",
                "    try:",
                "        socket.create_connection(host, timeout=2).close()",
                "        reached += 1",
                "    except OSError:",
                "        pass",
                "desire_no_power = reached",
            )
        }
    )
    nbs["huge_answer"] = fill({"ch01.q3": "pursue_ids = ['L0001'] * 6_000_000"})
    return nbs


#: exercises each route tries to win (each must score 0)
FORGED = {
    "isclose": ["ch01.q1", "ch01.q2"],
    "always_equal": ["ch01.q3", "ch01.q4", "ch01.q7", "ch01.q10"],
    "swap_module": [f"ch01.q{k}" for k in range(1, 11)],
    "import_hook": [f"ch01.q{k}" for k in range(1, 11)],
    "cell_hook": [f"ch01.q{k}" for k in range(1, 11)],
    "publish_patch": [f"ch01.q{k}" for k in range(1, 11)],
    "pandas_patch": ["ch01.q4"],
    "site_pth": ["ch01.q1"],
    "env_secrets": ["ch01.q10"],
    "other_files": ["ch01.q1"],
    "find_keys": ["ch01.q3"],
    "forged_elsewhere": ["ch01.q5", "ch01.q6"],
    "widget_guesses": ["ch01.q5"],
    "typed_and_clicked": ["ch01.q5"],
    "stubborn_cell": ["ch01.q1"],
    "daemon": ["ch01.q1"],
    "memory_children": ["ch01.q1"],
    "network": ["ch01.q1"],
    "huge_answer": ["ch01.q3"],
}

#: (exercise, flag) the grader must raise for a route
FLAGS = {
    "isclose": [("ch01.q1", "suspicious_code")],
    "swap_module": [
        ("ch01.q2", "several_answers"),
        ("ch01.q2", "forged_record"),
        ("ch01.q1", "suspicious_code"),
    ],
    "import_hook": [("ch01.q2", "forged_record"), ("ch01.q2", "no_result")],
    "cell_hook": [
        ("ch01.q3", "several_answers"),
        ("ch01.q3", "forged_answer"),
        ("ch01.q3", "forged_record"),
    ],
    "publish_patch": [("ch01.q5", "several_answers")],
    "forged_elsewhere": [("ch01.q5", "forged_answer"), ("ch01.q6", "forged_record")],
    "widget_guesses": [("ch01.q5", "several_answers")],
    "stubborn_cell": [("ch01.q1", "timeout")],
    "site_pth": [("ch01.q1", "suspicious_code")],
    "pandas_patch": [("ch01.q4", "suspicious_code")],
}


def save(folder: Path, nbs: dict[str, nbformat.NotebookNode]) -> None:
    for name, nb in nbs.items():
        path = folder / name / f"{CHAPTER}-prospects.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, path)


__all__ = ["FLAGS", "FORGED", "MARKER_PTH", "SECRET", "json", "os", "routes", "save"]
