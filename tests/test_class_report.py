"""Class report: the numbers on a hand-made gradebook, and the HTML it writes (en/zh, offline, no code)."""

from __future__ import annotations

import re

import nbformat
import pytest
from test_gradebook import submission

from course import cli
from course.grading import report
from course.grading.gradebook import Gradebook
from course.reports import ReportError, run_report


def handed(trainee: str, chapter: str, scores: list[float]):
    """A graded submission of one chapter: exercise k scored ``scores[k-1]`` (correct when above 0)."""
    from course.grading.grader import ExerciseGrade, SubmissionGrade

    grade = SubmissionGrade(trainee=trainee, path=f"{trainee}/{chapter}.ipynb", chapter=chapter, sha256="ab" * 32)
    for k, score in enumerate(scores, start=1):
        grade.exercises.append(ExerciseGrade(f"ch{chapter}.q{k}", "correct" if score > 0 else "incorrect", score=score))
    return grade


@pytest.fixture
def db(tmp_path):
    book = Gradebook(f"sqlite:///{tmp_path / 'gb.sqlite'}")
    book.add_run([
        submission("wang", {"ch01.q1": "incorrect", "ch01.q5": "incorrect", "ch01.q7": "missing"}, answer="pursue"),
        submission("li", {"ch01.q1": "correct", "ch01.q5": "incorrect", "ch01.q7": "correct"}, hints=2, answer="stop"),
        submission("zhao", {"ch01.q1": "correct", "ch01.q5": "correct", "ch01.q7": "correct"}),
    ])
    book.add_run([submission("wang", {"ch01.q1": "correct", "ch01.q5": "incorrect", "ch01.q7": "missing"}, answer="pursue")])
    return book.url


def test_tables_have_known_answers(db):
    data = report.ClassData.load(db)
    scores = report.trainee_scores(data).set_index("trainee")
    assert scores.loc["wang", "share"] == pytest.approx(1 / 3, abs=1e-3) and scores.loc["zhao", "share"] == 1.0
    hard = report.exercise_difficulty(data)
    assert hard.iloc[0]["exercise"] == "ch01.q5" and hard.iloc[0]["share_right"] == pytest.approx(1 / 3, abs=1e-3)
    wrong = report.common_wrong_answers(data)
    assert wrong.iloc[0].tolist() == ["ch01.q5", "pursue", 1]
    assert set(wrong["answer"]) == {"pursue", "stop"}
    hints = report.hint_use(data).set_index("exercise")
    assert hints.loc["ch01.q1", "hinted"] == 1 and hints.loc["ch01.q1", "solution"] == 0  # q1 has 2 hints: level 2 is not the solution
    help_ = report.needs_help(data, 0.5)
    assert help_["trainee"].tolist() == ["wang"] and "q5" in help_.iloc[0]["open"] and "check_deleted" in help_.iloc[0]["faults"]
    runs = report.progress_across_runs(data)
    assert runs["run_id"].tolist() == [1, 2] and runs["share"].iloc[0] == pytest.approx((0 + 2 / 3 + 1) / 3, abs=1e-3)


def test_feedback_page_lists_every_exercise(db):
    data = report.ClassData.load(db)
    page = report.feedback_page(data, "wang", "zh")
    assert "wang 的个人反馈" in page and page.count("<tr class=") == 3 and "缺失" in page


def test_class_report_html_is_clean_and_offline(db, tmp_path):
    out = tmp_path / "class.html"
    steps = []
    assert cli.main(["class-report", "--db", db, "--out", str(out), "--lang", "zh"]) == 0
    html = out.read_text(encoding="utf-8")
    assert "班级报告" in html and "成绩分布" in html and "最常见的错误答案" in html
    assert html.count("<img") == html.count("src=\"data:image/png;base64") == 3
    assert "<html lang=\"zh\">" in html
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=[\"']http", html)
    assert "import course" not in html and 'class="jp-InputArea' not in html
    page = report.page_name("wang")
    assert (tmp_path / "class-feedback" / page).is_file() and f"class-feedback/{page}" in html
    assert report.CSP in html
    assert not list(tmp_path.glob("*.html.tmp*")) and not [p for p in tmp_path.iterdir() if p.name.startswith("tmp")]
    assert steps == []


def test_run_report_is_generic_and_reports_failures(tmp_path):
    template = tmp_path / "t.ipynb"
    cells = [nbformat.v4.new_code_cell('x = 1\nlang = "en"'), nbformat.v4.new_code_cell("print('value', x * 2)"),
             nbformat.v4.new_code_cell("1 / (x - 3)")]
    cells[0].metadata["tags"] = ["parameters"]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), template)
    steps: list[str] = []
    out = run_report(template, {"x": 21}, tmp_path / "r.html", "en", progress=steps.append)
    assert "value 42" in out.read_text(encoding="utf-8") and "print(" not in out.read_text(encoding="utf-8")
    assert steps[0].startswith("running") and steps[-1].startswith("writing")
    with pytest.raises(ReportError, match="ZeroDivisionError"):
        run_report(template, {"x": 3}, tmp_path / "bad.html", "en")
    assert not (tmp_path / "bad.html").exists()
    # a kernel that dies is a sentence in both languages, not nbclient's traceback, and no page is written
    nbformat.write(nbformat.v4.new_notebook(cells=[cells[0], nbformat.v4.new_code_cell("import os; os._exit(1)")]),
                   template)
    with pytest.raises(ReportError, match=r"kernel died.*Python 内核意外退出"):
        run_report(template, {"x": 1}, tmp_path / "dead.html", "en")
    assert not (tmp_path / "dead.html").exists()


def test_each_feedback_page_embeds_only_its_own_characters(tmp_path):
    """The pages are cut from one narrowed font (quicker); a trainee's page must not carry classmates' characters."""
    import base64
    import io

    from fontTools.ttLib import TTFont

    from course.reports import fonts

    url = f"sqlite:///{tmp_path / 'g.sqlite'}"
    book = Gradebook(url)
    book.add_run([submission("龚翊", {"ch01.q1": "correct"}), submission("濮蕾", {"ch01.q1": "incorrect"})])
    pages = report.write_feedback_pages(report.ClassData.load(url), tmp_path / "pages", "zh")
    maps = {}
    for trainee, path in pages.items():
        html = path.read_text(encoding="utf-8")
        data = base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", html).group(1))
        maps[trainee] = {chr(c) for c in TTFont(io.BytesIO(data)).getBestCmap()}
        assert set(fonts.needs_cjk(html)) <= maps[trainee], f"{trainee}: a character of the page is not embedded"
        assert html == report.feedback_page(report.ClassData.load(url), trainee, "zh"), "same page as cut alone"
    assert {"龚", "翊"} <= maps["龚翊"] and not {"龚", "翊"} & maps["濮蕾"]
    assert {"濮", "蕾"} <= maps["濮蕾"] and not {"濮", "蕾"} & maps["龚翊"]


def test_a_relative_gradebook_path_reports_on_that_gradebook(db, tmp_path, monkeypatch, capsys):
    """--db sqlite:///gb.sqlite (as `grade` accepts it) gave "no results yet": the report's notebook ran in a temporary
    folder and opened a new, empty gradebook there (audit)."""
    monkeypatch.chdir(tmp_path)
    assert cli.main(["class-report", "--db", "sqlite:///gb.sqlite", "--out", "rel.html"]) == 0
    html = (tmp_path / "rel.html").read_text(encoding="utf-8")
    assert "no results yet" not in html and "wang" in html and "zhao" in html


def test_a_gradebook_that_is_not_there_is_named_not_created(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for argv in (["class-report", "--db", "sqlite:///typo/clas.sqlite", "--out", "x.html"],
                 ["class-report", "--out", "x.html"], ["gradebook", "export", "--db", "sqlite:///nope.sqlite",
                                                       "--out", "x.xlsx"]):
        assert cli.main(argv) == 2
        err = capsys.readouterr().err
        assert "No gradebook at" in err and "grade first" in err and "没有找到成绩册" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing created: no typo/, no grading/, no report


def test_whole_file_faults_and_ungradable_files_reach_the_report(tmp_path):
    """A trainee whose only file could not be read was nowhere in the report; a second notebook of a chapter and a
    hint penalty that could not be taken were recorded on the file and never shown (audit)."""
    from course.grading.grader import SubmissionGrade

    kevin = SubmissionGrade(trainee="Kevin Lee", path="Kevin Lee/homework.ipynb", chapter=None, sha256="", outcome="invalid_json")
    kevin.flag("invalid_json", "the file is not valid JSON (Expecting value)")
    sun = submission("sun_hao", {"ch01.q1": "correct", "ch01.q5": "incorrect"}, answer="pursue")
    sun.by_id()["ch01.q5"].flag("several_answers", "the check handed in 2 answers: none of them counts")
    for item in sun.exercises:  # as the grader does: each exercise's faults also on its file
        for code, reason in zip(item.flags, item.reasons, strict=True):
            sun.flag(code, f"{item.exercise}: {reason.split(': ', 1)[1]}")
    sun.flag("duplicate_submission", "also handed in 01-prospects-Copy1.ipynb, which was not graded")
    sun.flag("hints_unknown", "no check result is saved in the file")
    book = Gradebook(f"sqlite:///{tmp_path / 'gb.sqlite'}")
    book.add_run([kevin, sun])
    found = report.flagged(report.ClassData.load(book.url))
    rows = {(r.trainee, r.exercise): r.faults for r in found.itertuples(index=False)}
    assert rows[("Kevin Lee", "homework.ipynb")] == ["invalid_json"]
    assert rows[("sun_hao", "ch01")] == ["duplicate_submission", "hints_unknown"]  # not several_answers again
    assert rows[("sun_hao", "ch01.q5")] == ["several_answers"]
    out = tmp_path / "class.html"
    assert cli.main(["class-report", "--db", book.url, "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "Kevin Lee" in html and "another notebook of the same chapter" in html and "hints used unknown" in html


def test_progress_across_runs_keeps_each_chapter_and_matches_the_headline(tmp_path):
    """A run that graded chapter 2 replaced each trainee's chapter 1 (16.7 % where 33.3 % is right) and counted
    statuses while the headline counts scores (audit)."""
    book = Gradebook(f"sqlite:///{tmp_path / 'gb.sqlite'}")
    book.add_run([handed("anna", "01", [1, 1]), handed("bo", "01", [0, 0])])
    book.add_run([handed("anna", "02", [0, 0]), handed("chen", "02", [1, 0])])
    data = report.ClassData.load(book.url)
    runs = report.progress_across_runs(data)
    # after run 2: anna 2 of 4, bo 0 of 2, chen 1 of 2 -> (0.5 + 0 + 0.5) / 3
    assert runs["share"].tolist() == [0.5, pytest.approx(1 / 3, abs=1e-3)] and runs["count"].tolist() == [2, 2]
    assert runs["share"].iloc[-1] == pytest.approx(report.trainee_scores(data)["share"].mean(), abs=1e-3)


def test_a_chapter_not_handed_in_is_help_needed_and_said(tmp_path):
    """chen handed in only chapter 2 and, at 50 %, was nowhere in "who needs help" (audit)."""
    from course.grading import report_summary
    book = Gradebook(f"sqlite:///{tmp_path / 'gb.sqlite'}")
    book.add_run([handed("anna", "01", [1, 1]), handed("anna", "02", [1, 1]), handed("chen", "02", [1, 1])])
    data = report.ClassData.load(book.url)
    helped = report.needs_help(data, 0.5).set_index("trainee")
    assert list(helped.index) == ["chen"] and helped.loc["chen", "missing"] == "ch01"  # 100 % of the rest
    action = next(a for a in report_summary.actions(data, 0.5, "en") if "chen" in a.do)
    assert "not handed in: ch01" in action.why


def test_scores_keep_their_quarters_and_ids_name_their_chapter_when_several_are_shown(tmp_path):
    """16.75 showed as 16.8; "still open: q1, q2" did not say which chapter in a report over three (audit)."""
    book = Gradebook(f"sqlite:///{tmp_path / 'gb.sqlite'}")
    book.add_run([handed("huang", "01", [0.75] + [1] * 16 + [0] * 3), handed("huang", "02", [0, 0])])
    data2 = report.ClassData.load(book.url)
    html = report.table_html(report.trainee_scores(data2))
    assert "16.75" in html and "16.8" not in html  # a hint penalty's quarter point kept
    assert report.needs_help(data2, 0.9).iloc[0]["open"] == "ch01.q18, ch01.q19, ch01.q20, ch02.q1, ch02.q2"


def test_the_intro_names_the_run_behind_the_results_shown(db, tmp_path):
    """A run started and not finished (grading under way) made the intro say 'run 3, on nan' (audit)."""
    import json as json_

    book = Gradebook(db)
    book.start_run(options={"hint_penalty": 0.5})  # never finished, no results
    out = tmp_path / "class.html"
    assert cli.main(["class-report", "--db", db, "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "Latest grading run: 2, on" in html and "on nan" not in html
    assert "minus the hint penalty" not in html  # the unfinished run's penalty is not behind any score shown
    assert json_.loads(book.runs().iloc[-1]["options"])["hint_penalty"] == 0.5


def test_two_trainees_whose_names_differ_only_in_spacing_look_different(tmp_path):
    book = Gradebook(f"sqlite:///{tmp_path / 'gb.sqlite'}")
    book.add_run([submission("Li Na", {"ch01.q1": "correct"}), submission("Li  Na", {"ch01.q1": "incorrect"})])
    data = report.ClassData.load(book.url)
    html = report.table_html(report.trainee_scores(data))
    # a browser folds "Li  Na" into "Li Na": the second space must be one it keeps (no-break)
    folded = {re.sub(r"[ \t\n]+", " ", c) for c in re.findall(r">(Li[^<]*Na)<", html)}
    assert folded == {"Li Na", "Li \u00a0Na"}, folded
    links = report.feedback_links(data, "fb").data
    assert {re.sub(r"[ \t\n]+", " ", c) for c in re.findall(r">(Li[^<]*Na)<", links)} == {"Li Na", "Li \u00a0Na"}


def test_an_unreadable_resubmission_says_an_earlier_file_was_graded(tmp_path):
    """An empty resubmission replaced a graded chapter without a word (audit)."""
    from course.grading.grader import ExerciseGrade, SubmissionGrade

    book = Gradebook(f"sqlite:///{tmp_path / 'gb.sqlite'}")
    book.add_run([submission("jack", {"ch01.q1": "correct", "ch01.q5": "correct"})])
    empty = SubmissionGrade(trainee="jack", path="jack/01-prospects.ipynb", chapter="01", sha256="", outcome="empty_file")
    empty.flag("empty_file", "the file is empty")
    for eid in ("ch01.q1", "ch01.q5"):
        item = ExerciseGrade(eid, "missing")
        item.flag("empty_file", "the file is empty")
        empty.exercises.append(item)
    book.add_run([empty])
    rows = {(r.trainee, r.exercise): r.faults for r in report.flagged(report.ClassData.load(book.url)).itertuples()}
    assert rows[("jack", "ch01")] == ["earlier_graded", "empty_file"]
    assert "history" in report.fault_label("earlier_graded", "en") and "历史" in report.fault_label("earlier_graded", "zh")
