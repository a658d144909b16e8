"""Chapter 3 widgets: the type-spotting trainer and the call planner (no kernel needed)."""

from __future__ import annotations

import pytest

import course
from course import content, data, personality
from course.widgets.ch03 import CallPlanner, TypeTrainer, TypeTrainerModel


def _draw(model: TypeTrainerModel, n: int) -> list[dict]:
    seen = [model.current]
    for _ in range(n - 1):
        seen.append(model.next())
    return seen


@pytest.mark.parametrize("kind", [None, "personality", "goal"])
def test_every_round_covers_every_type_without_immediate_repeats(kind):
    model = TypeTrainerModel(kind=kind, seed=11)
    types = set(model.by_type)
    expected = {"personality": 8, "goal": 5, None: 13}[kind]
    assert len(types) == expected
    drawn = _draw(model, expected * 5)
    ids = [s["answer_id"] for s in drawn]
    for start in range(0, len(ids), expected):
        assert set(ids[start:start + expected]) == types
    assert all(a != b for a, b in zip(ids, ids[1:], strict=False))
    if kind is not None:
        assert {s["kind"] for s in drawn} == {kind}
    # each type's scenarios are used before any repeats
    per_type = {}
    for s in drawn[: expected * 3]:
        per_type.setdefault(s["answer_id"], []).append(s["id"])
    assert all(len(set(v)) == len(v) for v in per_type.values())


def test_same_seed_same_sequence_other_seed_differs():
    a = [s["id"] for s in _draw(TypeTrainerModel(seed=5), 20)]
    b = [s["id"] for s in _draw(TypeTrainerModel(seed=5), 20)]
    c = [s["id"] for s in _draw(TypeTrainerModel(seed=6), 20)]
    assert a == b and a != c


def test_scoring_feedback_and_confusion():
    model = TypeTrainerModel(kind="personality", seed=0)
    right = model.current["answer_id"]
    wrong = next(t for t in personality.PERSONALITY_TYPES if t != right)
    first = model.answer(wrong, lang="en")
    assert not first.correct and model.score == (0, 1)
    text = str(first)
    assert personality.type_name(right, "en") in text and personality.type_name(wrong, "en") in text
    assert personality.type_card(wrong, "en").signs[0] in text  # how the picked type would have behaved
    assert personality.type_card(right, "en").signs[0] in text
    again = model.answer(right)  # only the first pick counts
    assert again is first and model.score == (0, 1)
    model.next()
    ok = model.answer(model.current["answer_id"], lang="zh")
    assert ok.correct and model.score == (1, 2) and "答对了" in str(ok)
    table = model.confusion()
    assert table.shape == (8, 8) and table.loc[right, wrong] == 1 and table.to_numpy().sum() == 2
    assert model.most_confused() == (right, wrong, 1)
    assert "1/2" in model.summary()


def test_answer_rejects_the_other_kind_and_accepts_names():
    model = TypeTrainerModel(kind="goal", seed=3)
    with pytest.raises(ValueError, match="goal"):
        model.answer("rational")
    name = personality.type_name(model.current["answer_id"], "zh")
    assert model.answer(name).correct


def test_explanations_exist_for_every_scenario_in_both_languages():
    for scenario in content.get("type_scenarios"):
        assert scenario["explanation"]["en"] and scenario["explanation"]["zh"]
        assert scenario["text"]["en"] and scenario["text"]["zh"]


def test_view_click_flow():
    view = TypeTrainer(kind="personality", seed=4)
    assert len(view.buttons) == 8 and view.next_button.disabled
    right = view.model.current["answer_id"]
    wrong = next(t for t in view.buttons if t != right)
    view.buttons[wrong].click()
    assert "Not quite" in view.feedback.value
    assert view.buttons[right].button_style == "success" and view.buttons[wrong].button_style == "danger"
    assert all(b.disabled for b in view.buttons.values()) and not view.next_button.disabled
    assert "0/1" in view.score.value
    first_text = view.scenario.value
    view.next_button.click()
    assert view.scenario.value != first_text and view.feedback.value == ""
    view.buttons[view.model.current["answer_id"]].click()
    assert "Right" in view.feedback.value and "1/2" in view.score.value


def test_view_switches_option_sets_and_speaks_chinese():
    course.set_language("zh")
    view = TypeTrainer(seed=1)
    kinds = set()
    for _ in range(14):
        kind = view.model.current["kind"]
        kinds.add(kind)
        expected = personality.type_names(kind, "zh")
        assert [b.description for b in view.buttons.values()] == list(expected.values())
        assert "类型" in view.scenario.value
        view.next_button.click()
    assert kinds == {"personality", "goal"}


def test_call_planner_follows_the_dropdown():
    contacts = data.load("b2b_contacts")
    planner = CallPlanner(contacts, data.load("b2b_leads"), max_contacts=20)
    first = planner.output.value
    planner.contact.value = planner.contact.options[2][1]
    assert planner.output.value != first
    card = personality.type_card(contacts.set_index("contact_id").loc[planner.contact.value, "personality_type"])
    assert card.approach[0].replace("'", "&#x27;") in planner.output.value
