"""Checks found unfair by an audit of every exercise with answers a trainee could give (wrong, right, odd).

Each test names the answer the audit gave and what the check did with it before the mend.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course.exercises import ch01, ch02, ch03, ch04, ch05, ch06, ch07, ch08, core

CHAPTERS = (ch01, ch02, ch03, ch04, ch05, ch06, ch07, ch08)


def _exercises(kind=object):
    for module in CHAPTERS:
        for name in sorted(dir(module)):
            item = getattr(module, name)
            if name.startswith("q") and name[1:].isdigit() and isinstance(item, kind):
                yield item


def test_a_function_that_changes_its_inputs_is_judged_on_untouched_cases(monkeypatch):
    monkeypatch.setenv("COURSE_PROGRESS_DB", "off")

    def shorten(dates):
        del dates[1:]  # was judged correct: the reference then ran on the shortened case too

    before = [list(args[0]) for args in ch02.q4.cases]
    assert ch02.q4.check(shorten).status == "incorrect"
    assert [list(args[0]) for args in ch02.q4.cases] == before

    def rigged(values, top):
        values[:] = [0] * (len(values) - 1) + [1]
        return 1.0

    assert ch04.q3.check(rigged).status == "incorrect"
    key = ch06.q4.expected_value()

    def edits_the_table(transactions, member, threshold=0.5):
        transactions.loc[transactions["member_id"] == member, "discount_used"] = True
        return "high"

    ch06.q3.check(edits_the_table)
    assert ch06.q4.expected_value() == key  # another exercise's key moved from 81 to 82


@pytest.mark.parametrize("exercise", [e for e in _exercises(core.ValueExercise)], ids=lambda e: e.id)
def test_a_number_too_big_for_a_float_gets_a_verdict_not_a_crash(exercise, monkeypatch):
    monkeypatch.setenv("COURSE_PROGRESS_DB", "off")
    assert exercise.check(10**400).status != "error"


def test_the_threshold_check_takes_a_huge_number_too(monkeypatch):
    monkeypatch.setenv("COURSE_PROGRESS_DB", "off")
    assert ch07.q3.check(10**400).status == "incorrect"


def test_list_answers_nested_or_repeated_are_wrong_and_said_why():
    ids = sorted(ch01.q3.expected_value())
    assert ch01.q3.judge(ids).status == "correct"
    nested = ch01.q3.judge([ids])  # was: "the checker itself failed" (unhashable list)
    assert nested.status == "incorrect" and "holds another list" in nested.message["en"]
    twice = ch01.q3.judge(ids + ids)  # was: correct (compared as a set)
    assert twice.status == "incorrect" and "more than once" in twice.message["en"]
    top3 = list(ch04.q7.expected_value())
    assert "order" not in ch04.q7.judge(top3 + top3).message["en"]  # was: "not in the right order"


def test_tolerances_tell_a_neighbouring_answer_from_the_right_one():
    share = ch08.q7.expected_value()
    assert ch08.q7.judge(share).status == "correct" and ch08.q7.judge(round(share, 2)).status == "correct"
    for wins in (-1, 1):  # the 59th or 61st call instead of the 60th: one win more or less (was: correct)
        assert ch08.q7.judge(share + wins / 165).status == "incorrect"
    point = ch07.q5.expected_value()
    assert ch07.q5.judge(round(point, 2)).status == "correct"
    for wrong in (0.4045, 0.45, 0.4):  # the 78 % point and rough guesses (were: correct)
        assert ch07.q5.judge(wrong).status == "incorrect"
    counts = ch03.q6.expected_value()
    assert ch03.q6.judge(counts).status == "correct"
    assert ch03.q6.judge(counts.astype(float) + 0.4).status == "incorrect"  # was: correct


@pytest.mark.parametrize("exercise", [ch01.q4, ch02.q1, ch05.q3, ch05.q4], ids=lambda e: e.id)
def test_a_table_rounded_as_pandas_shows_it_is_right_and_text_numbers_are_not(exercise):
    table = exercise.expected_value()
    assert exercise.judge(table.round(6)).status == "correct"  # was: "5 value(s) differ"
    as_text = exercise.judge(table.astype(str))  # was: correct
    assert as_text.status == "incorrect" and "Remove the quotes" in as_text.message["en"]


def test_the_pointed_explanations_fire_for_numpy_and_pandas_answers_too():
    trap = next(k for k in ch05.q2.traps() if not isinstance(k, frozenset))
    said = ch05.q2.judge(int(trap)).message
    assert ch05.q2.judge(np.int64(trap)).message == said  # was: the generic "too high"
    roles = next(k for k in ch05.q5.traps() if isinstance(k, frozenset))
    assert ch05.q5.judge(pd.Series(sorted(roles))).message == ch05.q5.judge(sorted(roles)).message


def test_one_explanation_is_said_once():
    message = ch07.q1.judge(["engagement", "distance_km"]).message["en"]
    sentence = "Known before the sale is worked, so it is a fair input."
    assert message.count(sentence) == 1  # was: twice


def test_a_numpy_array_of_names_is_a_list_answer():
    ids = sorted(ch01.q3.expected_value())
    assert ch01.q3.check(np.array(ids)).status == "correct"  # was: "a column of type <U6, which the checker cannot take"
    assert ch01.q3.check(np.unique(ids + ids)).status == "correct"
    assert ch01.q3.check(np.array(ids[:-1])).status == "incorrect"


@pytest.mark.parametrize("answer", [
    "2026-06-30T00:00:00", "June 30, 2026", "30 June 2026", "Jun 30 2026",
    np.datetime64("2026-06-30"), pd.Timestamp("2026-06-30").to_datetime64(),
])
def test_the_as_of_date_in_the_forms_a_trainee_gets_it(answer, monkeypatch):
    monkeypatch.setenv("COURSE_PROGRESS_DB", "off")
    assert ch08.q4.expected_value() == "2026-06-30"
    assert ch08.q4.check(answer).status == "correct"  # each was refused


@pytest.mark.parametrize("answer", ["2026-06-29T00:00:00", "June 29, 2026", "Junk 30, 2026", np.datetime64("2026-07-01")])
def test_a_wrong_as_of_date_in_those_forms_is_wrong(answer, monkeypatch):
    monkeypatch.setenv("COURSE_PROGRESS_DB", "off")
    assert ch08.q4.check(answer).status == "incorrect"


def test_an_unknown_band_is_told_the_three_bands_not_the_whole_catalogue():
    """'highest' got a list of ~50 labels (the answer among them, 长期培养 twice in Chinese)."""
    message = ch01.q10.judge("highest").message
    assert message["en"].endswith("Use one of: high, low, middle.")
    assert "delighted" not in message["en"] and message["zh"].count("、") == 2
