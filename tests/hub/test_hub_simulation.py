"""The classroom simulation, small: three trainees through the hub, graded as planned, nothing left behind."""

from __future__ import annotations

import re
from pathlib import Path

from course_hub import accounts, simulate
from course_hub.classroom import MANIFESTS


def test_a_small_class_works_through_a_workbook_and_is_graded_as_planned(hub_prefix):
    lines: list[str] = []
    summary = simulate.run(3, hub_prefix, chapter="01", memory="1G", cpu=1.0, log=lines.append)
    report = "\n".join(lines)
    assert summary.failures == 0, report
    assert (
        summary.servers_started,
        summary.workbooks_run,
        summary.graded,
        summary.as_planned,
        summary.feedback_seen,
        summary.servers_stopped,
    ) == (3, 3, 3, 3, 3, 3), report
    results = {r["name"]: r for r in summary.results}
    for result in results.values():
        assert (
            result["cells"] >= 20
            and result["first_cell_s"] > 0
            and result["spawn_s"] <= result["first_cell_s"]
        )
        assert result["correct"] and set(result["expected"]) <= set(result["correct"])
        assert (
            result["peak_mib"] is None or 50 < result["peak_mib"] < 1024
        )  # under the 1G limit, more than a bare server
    # languages alternate, and the plans differ trainee by trainee
    assert sorted(r["lang"] for r in results.values()) == ["en", "zh", "zh"]
    assert len({tuple(r["expected"]) for r in results.values()}) == 3
    # the last line is the counts
    last = lines[-1]
    assert last == summary.line()
    assert re.match(
        r"hub-test N=3: servers started 3/3, workbooks run 3/3, graded 3/3 \(as planned 3/3\), "
        r"feedback seen 3/3, servers stopped 3/3; first cell median [\d.]+ s, p95 [\d.]+ s; ",
        last,
    ), last
    # nothing of the classroom is left: accounts, homes, manifests
    for name in results:
        assert accounts.unix_user(name) is None
        assert not Path("/home").joinpath(f"course-sim-{name[1:7]}").exists()
    assert not summary.leftovers
    assert not any(MANIFESTS.glob(f"{next(iter(results))[1:7]}*"))
