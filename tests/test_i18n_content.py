"""The knowledge base and the message catalogue are complete in both languages."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pytest

import course
from course import content, i18n

IDENTIFIER_KEYS = {"id", "code", "action", "letter", "kind", "column", "level"}
HAN = re.compile(r"[\u4e00-\u9fff]")


def _walk(value, path, key=None):
    if i18n.is_bilingual(value):
        yield path, value
        return
    if isinstance(value, Mapping):
        for k, v in value.items():
            yield from _walk(v, f"{path}.{k}", k)
    elif isinstance(value, list):
        for n, v in enumerate(value):
            yield from _walk(v, f"{path}[{n}]", key)
    elif isinstance(value, str):
        yield path, ("identifier" if (key in IDENTIFIER_KEYS or str(key).endswith("_id")) else None, value)


@pytest.mark.parametrize("section", content.sections())
def test_every_content_leaf_is_bilingual(section):
    leaves = list(_walk(content.get(section), section))
    assert leaves, f"{section} is empty"
    for path, leaf in leaves:
        if isinstance(leaf, tuple):
            kind, text = leaf
            assert kind == "identifier", f"{path}: plain string {text!r} must be {{en, zh}}"
            assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", text), f"{path}: identifier {text!r}"
            continue
        assert leaf["en"].strip(), f"{path}: empty English"
        assert leaf["zh"].strip(), f"{path}: empty Chinese"
        assert HAN.search(leaf["zh"]), f"{path}: the Chinese text has no Chinese characters: {leaf['zh']!r}"


def test_whole_course_map_is_covered():
    required = {
        # chapter 1
        "prospect_definition", "prospect_elements", "latent_demand_forms", "non_conversion_reasons",
        "prospect_levels", "target_group_measures", "price_premium", "right_place_time_way",
        "why_find_prospects", "man", "desire_signs", "power_signs",
        # chapter 2
        "methods", "funnel_stages", "replacement_cycle", "prospect_habits", "segmentation_dimensions",
        # chapter 3
        "personality_types", "goal_types", "type_scenarios",
        # chapter 4
        "best_customer_traits", "worst_customer_traits", "why_buy_questions", "pareto_analysis",
        # chapter 5
        "consumer_factors", "organisational_factors", "consumer_steps", "business_steps", "after_purchase",
        # chapter 6
        "selling_points", "segmentation_layers", "conversion_levers",
        # chapter 7
        "precision_marketing", "mining_techniques", "precision_uses",
    }
    assert required <= set(content.sections()), required - set(content.sections())


def test_content_shapes_match_the_course_map():
    assert len(content.get("man")) == 8
    assert {e["code"] for e in content.get("man")} == {"MAN", "MAn", "MaN", "mAN", "maN", "mAn", "Man", "man"}
    assert len(content.get("desire_signs")) == 5
    assert len(content.get("power_signs")) == 2
    assert len(content.get("prospect_levels")) == 3
    assert len(content.get("target_group_measures")) == 4
    assert len(content.get("latent_demand_forms")) == 2
    assert len(content.get("non_conversion_reasons")) == 3
    assert [s["id"] for s in content.get("funnel_stages")][0] == "all_targets"
    assert len(content.get("funnel_stages")) == 6
    assert len(content.get("personality_types")) == 8
    assert len(content.get("goal_types")) == 5
    assert len(content.get("consumer_steps")) == 5
    assert len(content.get("business_steps")) == 8
    assert len(content.get("conversion_levers")) == 9
    assert len(content.get("mining_techniques")) == 4
    assert len(content.get("best_customer_traits")) == 4
    assert len(content.get("worst_customer_traits")) == 5


def test_man_entries_agree_with_their_code():
    for entry in content.get("man"):
        code = entry["code"]
        assert entry["money"] == code[0].isupper()
        assert entry["authority"] == code[1].isupper()
        assert entry["need"] == code[2].isupper()
    actions = {e["code"]: e["action"] for e in content.get("man")}
    assert actions["MAN"] == "pursue" and actions["man"] == "stop"


def test_messages_are_bilingual_and_formattable():
    for key, entry in i18n.messages().items():
        assert set(entry) == {"en", "zh"}, key
        assert entry["en"].strip() and entry["zh"].strip(), key
        # both languages use the same placeholders
        fields = lambda s: sorted(set(re.findall(r"{(\w+)", s)))  # noqa: E731
        assert fields(entry["en"]) == fields(entry["zh"]), key


def test_set_language_switches_and_rejects_unknown():
    course.set_language("zh")
    assert course.t("status.correct") == "正确"
    course.set_language("EN")
    assert course.t("status.correct") == "Correct"
    with pytest.raises(ValueError, match="'en'.*'zh'"):
        course.set_language("fr")
    with pytest.raises(KeyError, match="no.such.key"):
        course.t("no.such.key")


def test_unknown_section_lists_known_ones():
    with pytest.raises(KeyError, match="Known sections"):
        content.get("nope")


def test_table_resolves_language():
    zh = content.table("man", lang="zh")
    en = content.table("man", lang="en")
    assert list(zh.columns) == list(en.columns)
    assert HAN.search(zh.loc[0, "countermeasure"]) and not HAN.search(en.loc[0, "countermeasure"])


def test_catalogue_is_read_once_per_process(monkeypatch):
    # t() runs per table row in reports (reasons for 5,000 flagged orders): re-reading the YAML each time cost minutes
    from course import i18n

    i18n.t("report.section.about", "en")

    def reread(text):
        raise AssertionError("the message catalogue was read again")

    monkeypatch.setattr(i18n, "load_yaml", reread)
    assert i18n.t("report.section.about", "zh") and i18n.t("report.section.about", "en")
