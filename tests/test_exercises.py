"""The checking framework: statuses, feedback, records, hints, progress."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import course
from course import progress
from course.exercises import (
    RECORD_MIME,
    ChoiceExercise,
    FunctionExercise,
    Idea,
    TextExercise,
    ValueExercise,
    ____,
)

T = {"en": "title", "zh": "标题"}


def number(expected=0.25, **kw):
    return ValueExercise(id="t.num", title=T, expected=expected, hints=[{"en": "h1", "zh": "提示1"}, {"en": "h2", "zh": "提示2"}], **kw)


def test_blank_and_ellipsis_are_not_attempted():
    q = number()
    for blank in (____, ..., (____,)):
        result = q.check(blank)
        assert result.status == "not_attempted"
        assert "____" in result.message["en"] and "____" in result.message["zh"]
    assert q.check().status == "not_attempted"
    assert q.attempts == 0


def test_numbers_compare_with_tolerance_and_explain():
    q = number(0.25, rel_tol=1e-3)
    assert q.check(0.25002).status == "correct"
    wrong = q.check(0.3)
    assert wrong.status == "incorrect" and "0.3" in wrong.message["en"]
    near = q.check(0.254)
    assert "tolerance" in near.message["en"]
    assert q.check("0.25").status == "incorrect"
    assert "number" in q.check("0.25").message["en"]
    assert q.attempts == 5


def test_several_accepted_answers_and_specific_feedback():
    q = ValueExercise(id="t.n2", title=T, expected=0.25, also_accept=[25.0],
                      feedback={75: {"en": "That is the share of the others.", "zh": "这是其余部分的占比。"}})
    assert q.check(25).status == "correct"
    assert q.check(75).message["en"] == "That is the share of the others."


def test_text_and_collection_answers():
    q = ValueExercise(id="t.s", title=T, expected="MaN", also_accept=["M a N"])
    assert q.check(" man ").status == "correct"  # case-insensitive: the codes differ only by case…
    q2 = ValueExercise(id="t.c", title=T, expected={"L1", "L2"})
    assert q2.check(["L2", "L1"]).status == "correct"
    missing = q2.check(["L1"])
    assert missing.status == "incorrect" and "Missing 1" in missing.message["en"]
    extra = q2.check(["L1", "L2", "L9"])
    assert "L9" in extra.message["en"]
    assert q2.check("L1").status == "incorrect"


def test_dataframe_answers_explain_the_first_difference():
    expected = pd.DataFrame({"leads": [3, 1]}, index=["MAN", "man"])
    q = ValueExercise(id="t.df", title=T, expected=expected)
    assert q.check(expected.copy()).status == "correct"
    assert q.check(expected.iloc[::-1]).status == "correct"  # order does not matter by default
    wrong = expected.copy()
    wrong.loc["man", "leads"] = 2
    result = q.check(wrong)
    assert result.status == "incorrect" and "man" in result.message["en"]
    assert "rows" in q.check(expected.head(1)).message["en"]
    assert "leads" in q.check(expected.rename(columns={"leads": "n"})).message["en"]
    assert "DataFrame" in q.check([3, 1]).message["en"]


def test_choice_accepts_id_or_label_in_either_language_and_explains():
    q = ChoiceExercise(
        id="t.ch", title=T,
        options={"pursue": {"en": "Pursue now", "zh": "立即跟进"}, "stop": {"en": "Stop contact", "zh": "停止接触"}},
        answers=["pursue"],
        explain={"stop": {"en": "They have all three.", "zh": "三项都具备。"}},
    )
    assert q.check("pursue").status == "correct"
    assert q.check("立即跟进").status == "correct"
    assert q.check("stop").message["zh"] == "三项都具备。"
    unknown = q.check("call")
    assert unknown.status == "incorrect" and "pursue" in unknown.message["en"]


def test_choice_widget_click_is_graded_like_typed_answer():
    q = ChoiceExercise(id="t.w", title=T, options={"a": {"en": "A", "zh": "甲"}, "b": {"en": "B", "zh": "乙"}}, answers=["a"])
    view = q.widget()
    view.button.click()  # nothing picked yet
    assert view.last_result is None
    view.choice.value = "b"
    view.button.click()
    assert view.last_result.status == "incorrect" and view.last_result.record()["answer"] == "b"
    assert view.last_result.record()["via"] == "widget"
    view.choice.value = "a"
    view.button.click()
    assert view.last_result.status == "correct"
    assert "correct" in view.feedback.value


def test_function_exercise_turns_exceptions_into_feedback():
    q = FunctionExercise(id="t.f", title=T, cases=[(1,), (2,), (0,)], reference=lambda x: x * 2)
    assert q.check(lambda x: x * 2).status == "correct"
    crash = q.check(lambda x: 10 // x * 0 + x * 2 if x else 1 / x)
    assert crash.status == "error" and "ZeroDivisionError" in crash.message["en"] and "#3" in crash.message["en"]
    wrong = q.check(lambda x: 5 if x == 2 else x * 2)
    assert wrong.status == "incorrect" and "#2" in wrong.message["en"]
    assert q.check(lambda x: ____).status == "not_attempted"
    assert q.check(5).status == "incorrect" and "function" in q.check(5).message["en"]


def test_text_exercise_checks_key_ideas_in_both_languages():
    q = TextExercise(id="t.t", title=T, ideas=[
        Idea({"en": "need", "zh": "需求"}, ["need", "需要", "需求"]),
        Idea({"en": "ability to pay", "zh": "支付能力"}, ["afford", "pay", "买得起", "购买力"]),
    ])
    assert q.check("They must need it and be able to pay for it.").status == "correct"
    assert q.check("客户要有需求，而且买得起才行。").status == "correct"
    partial = q.check("They really need the product a lot, honestly.")
    assert partial.status == "incorrect" and "ability to pay" in partial.message["en"]
    assert "支付能力" in partial.message["zh"]
    assert q.check("need").status == "incorrect"  # too short to show reasoning
    assert q.check(42).status == "incorrect"


def test_check_never_raises_even_when_the_key_is_broken():
    def broken():
        raise RuntimeError("data file gone")

    q = ValueExercise(id="t.broken", title=T, expected=broken)
    result = q.check(3)
    assert result.status == "error" and "data file gone" in result.message["en"]


def test_record_is_json_with_contract_fields():
    q = number()
    result = q.check(0.25)
    bundle = result._repr_mimebundle_()
    record = bundle[RECORD_MIME]
    assert json.loads(json.dumps(record)) == record
    assert {"exercise", "status", "attempts", "hints_used", "kit_version"} <= set(record)
    assert record["kit_version"] == course.__version__
    assert "text/html" in bundle and "text/plain" in bundle


def test_hints_and_solution_count_and_are_bilingual():
    q = number()
    assert "h1" in q.hint()
    assert "h2" in q.hint(2)
    assert "1 to 2" in q.hint(7)
    assert q.hints_used == 2
    course.set_language("zh")
    assert "提示1" in q.hint(1)
    q.solution()
    assert q.hints_used == 3
    assert q.check(0.25).record()["hints_used"] == 3


def test_progress_survives_a_new_exercise_object(tmp_path):
    first = number()
    first.check(0.1)
    first.check(0.25)
    again = number()  # as after a kernel restart: same id, fresh object
    result = again.check(0.25)
    assert result.attempts == 3
    table = progress.summary("t.")
    row = table.set_index("exercise").loc["t.num"]
    assert row["attempts"] == 3 and row["best"] == "Correct"


def test_progress_can_be_switched_off(monkeypatch):
    monkeypatch.setenv("COURSE_PROGRESS_DB", "off")
    number().check(0.25)
    assert progress.summary().empty


def test_unwritable_progress_store_warns_once_and_check_goes_on(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("COURSE_PROGRESS_DB", str(blocker / "sub" / "p.sqlite"))
    monkeypatch.setattr(progress, "_warned", False)
    with pytest.warns(RuntimeWarning, match="unaffected"):
        result = number().check(0.25)
    assert result.status == "correct"


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6))
def test_any_number_gets_a_status_never_an_exception(value):
    result = number(0.25).check(value)
    assert result.status in {"correct", "incorrect"}


@given(st.one_of(st.text(), st.lists(st.integers()), st.none(), st.dictionaries(st.text(), st.integers())))
def test_any_odd_answer_is_judged_not_raised(value):
    for q in (number(), ValueExercise(id="t.df2", title=T, expected=pd.DataFrame({"a": [1]}))):
        assert q.check(value).status in {"incorrect", "not_attempted"}


def test_widget_click_updates_the_record_in_the_cell_output(monkeypatch):
    """In a kernel the view shows a record placeholder; a click replaces it with the graded answer."""
    q = ChoiceExercise(id="t.rec", title=T, options={"a": {"en": "A", "zh": "甲"}, "b": {"en": "B", "zh": "乙"}}, answers=["a"])
    view = q.widget()
    updates = []

    class Handle:
        def update(self, bundle, raw=False):
            updates.append(bundle)

    view._handle = Handle()
    view.choice.value = "a"
    view.button.click()
    assert len(updates) == 1
    record = updates[0][RECORD_MIME]
    assert record["status"] == "correct" and record["answer"] == "a" and record["via"] == "widget"


def test_percentages_instead_of_shares_get_a_pointed_message():
    expected = pd.Series([0.5, 0.25], index=["MAN", "man"])
    q = ValueExercise(id="t.pct", title=T, expected=expected)
    result = q.check(expected * 100)
    assert result.status == "incorrect" and "100 times" in result.message["en"]
    assert "np.float64" not in q.check(expected + 0.1).message["en"]
