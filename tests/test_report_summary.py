"""The summaries at the top of the reports, their tables and contents, checked against the data (no kernel needed).

- prospect report: headline figures recomputed here from the raw tables with plain pandas; the actions name what the
  data holds and change with it (a table taken away takes its action away and the summary says what would bring it
  back); a computation that fails costs its action only; the Chinese actions carry no English words;
- house-style report tables (:mod:`course.reports.layout`): a value shared by every row said once, a long repeated
  text written once, line breaks as ``<br>``, never a literal ``\\n``, every cell escaped;
- contents: numbered, nested, and a left-out parent does not leave an orphan number;
- class report and progress report: the hand-written class and workbooks of ``tests/report_samples.py`` state who
  needs help, the hardest exercise and its common wrong answer, what awaits review and what was flagged.
"""

from __future__ import annotations

import dataclasses
import math
import re

import pandas as pd
import pytest
import report_samples

from course.grading import report as R
from course.grading import report_summary as RS
from course.prospects import as_flags
from course.reports import analysis as A
from course.reports import layout
from course.reports import progress_report as PR
from course.reports import prospect as P
from course.reports import sections as S
from course.reports import summary as SU
from course.reports.formats import fmt_money, fmt_number, fmt_pct


@pytest.fixture(scope="module")
def inputs():
    return P.load_inputs("default")


@pytest.fixture(scope="module")
def report_en(inputs):
    r = A.Report.from_inputs(inputs, lang="en")
    return r, SU.actions(r), SU.figures(r)


def _without(inputs, *tables: str):
    kept = {k: v for k, v in inputs.tables.items() if k not in tables}
    return dataclasses.replace(inputs, tables=kept)


# --------------------------------------------------------------------------- prospect report: figures
def test_headline_figures_match_the_raw_tables(inputs, report_en):
    r, _, figures = report_en
    shown = {f.label: f for f in figures}
    orders = inputs.tables["b2b_orders"]
    per_account = orders.dropna(subset=["account_id"]).groupby("account_id")["amount"].sum()
    assert shown["Order revenue"].value == fmt_money(per_account.sum(), "en")
    assert shown["Order revenue"].note.startswith(f"{len(per_account):,} buying accounts")
    # the top fifth of accounts (rounded up), by revenue, over all revenue
    top = per_account.clip(lower=0).sort_values(ascending=False)
    k = math.ceil(len(top) * 0.2)
    assert shown["Top 20% of accounts bring"].value == fmt_pct(top.iloc[:k].sum() / top.sum())
    leads = inputs.tables["b2b_leads"]
    won = leads["converted"].astype(str).str.lower().isin(["true", "1", "yes"])
    assert shown["Leads not converted"].value == f"{int((~won).sum()):,}"
    assert fmt_pct(won.mean()) in shown["Leads not converted"].note and f"{len(leads):,}" in shown["Leads not converted"].note
    shop = inputs.tables["b2c_transactions"]
    assert shown["Shop revenue"].value == fmt_money(shop.dropna(subset=["member_id"])["amount"].sum(), "en")
    # the revenue counts every order, so rows dated after the as-of day are said beside it
    later = int((orders["order_date"] > r.today).sum())
    assert later > 0  # the bundled data plants a few future-dated orders for the quality section
    assert f"({later} dated after {r.today:%-d %b %Y}: see the unusual orders)" in shown["Order revenue"].note


# --------------------------------------------------------------------------- prospect report: actions
def test_three_to_five_actions_each_naming_who_and_why(inputs, report_en):
    r, (actions, missing), _ = report_en
    assert 3 <= len(actions) <= SU.MAX_ACTIONS and not missing
    assert len({a.do for a in actions}) == len(actions)
    sections = {sid for sid, *_ in S.outline(r)}
    names = set(inputs.tables["b2b_accounts"]["account_name_en"])
    for a in actions:
        assert a.section in sections, f"{a.key} links to a section that is not shown"
        assert re.search(r"\d", a.do + a.why), f"{a.key}: no figure says why: {a.do} — {a.why}"
        assert a.why and "{" not in a.do + a.why
    due = next(a for a in actions if a.key == "due")
    # the accounts named first are real accounts, and each bought copiers at least twice before the as-of date
    orders = inputs.tables["b2b_orders"]
    copiers = orders[(orders["product"] == "copier") & (orders["order_date"] <= r.today)]
    times = copiers.groupby("account_id")["order_date"].nunique()
    table = A.due(r).table
    assert f"Call the {len(table)} customers due for their next copier" in due.do
    for account in table.index[:3]:
        assert times.get(account, 0) >= 2
        name = inputs.tables["b2b_accounts"].set_index("account_id").loc[account, "account_name_en"]
        assert name in due.why and name in names


def test_the_due_action_follows_the_as_of_date(inputs):
    # a month later, other customers are due: the action is computed, not written once
    later = A.Report.from_inputs(inputs, lang="en", as_of="2026-05-31")
    now = A.Report.from_inputs(inputs, lang="en")
    assert set(A.due(later).table.index) != set(A.due(now).table.index)
    do_later = next(a.do for a in SU.actions(later)[0] if a.key == "due")
    assert "June 2026" in do_later and f"Call the {len(A.due(later).table)} " in do_later


def test_an_action_without_its_data_is_left_out_and_the_summary_says_what_would_enable_it(inputs):
    r = A.Report.from_inputs(_without(inputs, "b2b_leads"), lang="en")
    actions, missing = SU.actions(r)
    assert "leads" not in {a.key for a in actions} and "man" not in {a.key for a in actions}
    said = " ".join(missing)
    assert "which open leads to call within the budget (needs b2b_leads" in said
    # with orders gone too, no action about buying customers is invented
    r = A.Report.from_inputs(_without(inputs, "b2b_leads", "b2b_orders", "b2b_accounts"), lang="en")
    actions, missing = SU.actions(r)
    assert {a.key for a in actions} <= {"cross_sell", "win_back", "class_a"}
    assert all("account" not in a.do for a in actions)
    assert "who is due to buy again (needs b2b_orders" in " ".join(missing)


def test_a_failing_computation_costs_its_action_only(inputs, monkeypatch):
    def broken(r):
        raise ValueError("the dates cannot be read")

    monkeypatch.setattr(A, "due", broken)
    r = A.Report.from_inputs(inputs, lang="en")
    actions, _ = SU.actions(r)
    assert "due" not in {a.key for a in actions} and len(actions) >= 3
    due = {f.label: f for f in SU.figures(r)}["Due to buy again"]  # said, not silently left out
    assert due.value == "—" and "the dates cannot be read" in due.note


def test_chinese_actions_read_in_chinese(inputs):
    r = A.Report.from_inputs(inputs, lang="zh")
    actions, _ = SU.actions(r)
    assert len(actions) >= 3
    for a in actions:
        text = a.do + a.why
        assert not re.search(r"[A-Za-z]{3,}", text.replace("MAN", "")), f"English in the Chinese summary: {text}"
        assert re.search("[\u4e00-\u9fff]", text)
    assert "万元" in next(a.do for a in actions if a.key == "leads")


# --------------------------------------------------------------------------- house-style report tables
def test_report_table_says_shared_values_once_and_long_repeats_as_above():
    frame = pd.DataFrame({
        "account_id": ["A1", "A2", "A3", "A4"],
        "status": ["due"] * 4,
        "evidence": ["bought every two years, last in 2024 — regular"] * 2 + ["once", "twice"],
        "amount": [1200.0, 80.5, 0.0, None],
        "owner": [None] * 4,
    })
    markup = layout.report_table(frame, {"amount": "money"}, lang="en")
    assert markup.count("bought every two years") == 1 and markup.count(">as above<") == 1
    assert "In every row: Status: due" in markup and markup.count(">due<") == 0
    assert "No values in the data for: Owner" in markup
    assert "¥1,200" in markup and ">Account<" in markup
    kept = layout.report_table(frame, lang="en", once=False)
    assert kept.count("bought every two years") == 2 and kept.count(">due<") == 4


def test_report_table_breaks_lines_and_escapes_every_cell():
    frame = pd.DataFrame({"who": ["<b>young</b>", "old"], "moves": ["first line\nsecond line", "one"]})
    markup = layout.report_table(frame, lang="en")
    assert "&lt;b&gt;young&lt;/b&gt;" in markup and "<b>" not in markup
    assert "first line<br>second line" in markup.replace("<br/>", "<br>") and "\\n" not in markup


def test_strategy_moves_are_lines_and_each_package_is_said_once(inputs, monkeypatch):
    shown: list = []
    monkeypatch.setattr("IPython.display.display", lambda *objects, **kw: shown.extend(objects))
    S.strategy(A.Report.from_inputs(inputs, lang="en"))
    markup = "".join(o.data for o in shown if isinstance(getattr(o, "data", None), str))
    assert "\\n" not in markup and "<br" in markup
    packages = re.findall(r"<tr>\s*<td[^>]*>([^<]+)</td>", markup)
    assert packages and len(packages) == len(set(packages))


# --------------------------------------------------------------------------- contents
def test_contents_number_the_sections_and_nest_the_parts(inputs):
    outline = S.outline(A.Report.from_inputs(inputs, lang="en"))
    numbers = {sid: number for sid, _, _, number in outline}
    assert numbers["overview"] == "1" and numbers["data_as_read"] == "2" and numbers["quality"] == "2.1"
    assert numbers["lookalike"] == numbers["best_worst"] + ".1"
    assert [n for *_, n in outline if "." not in n] == [str(k) for k in range(1, 13)]
    # without leads, the methods section goes and the funnel (its part) stands on its own, numbered in sequence
    r = A.Report.from_inputs(_without(inputs, "b2b_leads"), lang="en")
    shown = [sid for sid, *_ in S.outline(r)]
    assert "methods" not in shown and "funnel" not in shown and "targeting" not in shown
    tops = [n for *_, n in S.outline(r) if "." not in n]
    assert tops == [str(k) for k in range(1, len(tops) + 1)]


def test_contents_link_to_headings(inputs, monkeypatch):
    shown: list = []
    monkeypatch.setattr("IPython.display.display", lambda *objects, **kw: shown.extend(objects))
    r = A.Report.from_inputs(_without(inputs, "b2c_members"), lang="en")
    S.contents(r)
    S.overview(r)
    markup = "".join(o.data for o in shown if isinstance(getattr(o, "data", None), str))
    links = re.findall(r'href="#([^"]+)"', markup)
    assert links[0] == layout.anchor("overview") and f'id="{links[0]}"' in markup
    assert len(links) == len(S.outline(r))
    assert "Left out for lack of data:" in markup and "Recommended strategy per segment (needs b2c_members" in markup


# --------------------------------------------------------------------------- class report
@pytest.fixture(scope="module")
def class_data(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('class') / 'gradebook.sqlite'}"
    report_samples.class_gradebook(url)
    return R.ClassData.load(url)


def test_class_summary_says_who_needs_help_and_what_awaits_review(class_data):
    actions = RS.actions(class_data, 0.5, "en")
    assert [a.section for a in actions] == ["class-help", "class-difficulty", "class-review", "class-flags"]
    helped, reteach, review, flags = actions
    # below half right after run 2: zhao_min and sun_hao (4 of 10 each); nobody else
    assert "sun_hao" in helped.do and "zhao_min" in helped.do and "li_na" not in helped.do + helped.why
    assert "sun_hao has 40% right, still open: q3, q4, q6, q7" in helped.why
    assert "zhao_min has 40% right, still open: q3, q4, q7, q10" in helped.why
    # q4 is the hardest judged exercise: 2 of 10 right, 0.22 given by 3
    assert "q4" in reteach.do and "only 2 of 10" in reteach.why and "0.22, came from 3" in reteach.why
    waiting = 2 * len(report_samples.RIGHT) - len(report_samples.REVIEWED)
    assert f"Score the {waiting} written answers" in review.do
    assert "wu_fang · q3" in flags.why and "zhou_jie · q7" in flags.why and "the 2 results" in flags.do
    # li_na: 7 right and a written answer reviewed at half marks: 7.5 of 10
    scores = R.trainee_scores(class_data).set_index("trainee")
    assert scores.loc["li_na", "score"] == 7.5 and scores.loc["li_na", "share"] == 0.75
    figures = {f.label: f.value for f in RS.figures(class_data, 0.5, "en")}
    assert figures["Trainees"] == "10" and figures["Need help"] == "2"
    assert figures["Awaiting review"] == str(waiting) and figures["Flagged"] == "2"


def test_class_summary_in_chinese(class_data):
    actions = RS.actions(class_data, 0.5, "zh")
    text = " ".join(f"{a.do} {a.why}" for a in actions)
    assert "先帮助" in text and "0.22" in text
    words = set(re.findall(r"[A-Za-z_]{3,}", text)) - {"sun_hao", "zhao_min", "wu_fang", "zhou_jie", "MAN", "python",
                                                        "course", "review"}
    assert not words, f"English in the Chinese class summary: {words}"
    assert re.search(r"尚未做对：q\d+、q\d+", text) and not re.search(r"q\d+, q\d+", text)  # listed the Chinese way


def test_a_class_with_nothing_to_do_says_so(tmp_path):
    url = f"sqlite:///{tmp_path / 'g.sqlite'}"
    from course.grading.gradebook import Gradebook

    grades = [report_samples._grade(name, {f"q{k}" for k in range(1, 11)}) for name in ("chen_yu", "li_na")]
    for grade in grades:
        for item in grade.exercises:
            if item.status == "review":
                item.status, item.score = "correct", 1.0
    Gradebook(url).add_run(grades, source="all right")
    assert RS.actions(R.ClassData.load(url), 0.5, "en") == []


# --------------------------------------------------------------------------- progress report
def test_progress_summary_counts_the_saved_checks(tmp_path):
    report_samples.trainee_workbooks(tmp_path)
    table = pd.concat([PR.exercise_table(p) for p in PR.workbook_paths(tmp_path)], ignore_index=True)
    figures = {f.label: f.value for f in PR.figures(table, "en")}
    records = [r for wb in report_samples.WORKBOOKS.values() for r in wb.values()]
    done = sum(status == "correct" for status, _, _ in records)
    tried = sum(status in ("incorrect", "error", "review") for status, _, _ in records)
    assert figures["Exercises done"] == f"{done} / {len(table)}"
    assert figures["Tried, not right yet"] == str(tried)
    assert figures["Not started"] == str(len(table) - len(records))
    assert figures["Hint levels opened"] == str(sum(h for _, _, h in records))
    steps = PR.next_steps(table, "en")
    assert steps[0].startswith("Chapter 1: finish q4, q8, q9")
    assert PR.next_steps(table, "zh")[0].startswith("第 1 章：完成 q4、q8、q9")


def test_number_formats_used_by_the_figures():
    assert fmt_number(2338) == "2,338" and fmt_pct(0.2213) == "22.1%"
    assert as_flags(pd.Series(["yes", "no"]), "converted").tolist() == [True, False]


def test_the_leads_to_call_are_open_ones_not_lost_ones(inputs, report_en):
    r, (actions, _), _ = report_en
    leads = inputs.tables["b2b_leads"]
    status = leads.set_index("lead_id")["lead_status"].astype(str)
    chosen = A.lead_plan(r).chosen
    assert len(chosen) == min(int((status == "open").sum()), int(r.budget // r.cost_per_contact)) > 0
    assert set(status[chosen["lead_id"]]) == {"open"}  # 2,184 lost leads are not converted either: never on the list
    assert set(status[A.man_work(r)[1]["lead_id"]]) == {"open"}
    call = next(a for a in actions if a.do.startswith("Call the") and "open leads" in a.do)
    assert f"Call the {len(chosen)} open leads" in call.do
