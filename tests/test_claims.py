"""Every figure and comparison the course states about its data is computed and holds (course.claims)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

from course import authoring, claims
from course.claims import lint

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = yaml.safe_load((ROOT / "course" / "claims" / "allowed.yaml").read_text(encoding="utf-8"))
REGISTRY = claims.registry()


@pytest.mark.parametrize("claim_id", sorted(REGISTRY))
def test_every_claim_computes_and_every_comparison_holds(claim_id):
    result = claims.check(claim_id)
    assert result.holds, result.message
    c = REGISTRY[claim_id]
    assert c.about["en"] and re.search(r"[\u4e00-\u9fff]", c.about["zh"]), "say what the claim states in both languages"
    if c.kind == "figure":
        for lang in ("en", "zh"):
            assert claims.text(claim_id, lang).strip()


def _referenced() -> set[str]:
    ids = set()
    for _, _, md in lint.course_texts(ROOT):
        ids |= {i for i, _ in claims.references(md)}
    return ids


def test_every_placeholder_names_a_claim_and_every_claim_is_used():
    used = _referenced()
    assert used - set(REGISTRY) == set(), "placeholders without a claim"
    unused = set(REGISTRY) - used
    assert not unused, f"claims no text uses (delete them or cite them): {sorted(unused)}"


@pytest.mark.parametrize("where,lang,markdown", list(lint.course_texts(ROOT)), ids=lambda v: str(v)[:30])
def test_no_figure_or_comparison_without_a_claim(where, lang, markdown):
    unexplained = [f for f in lint.flags(markdown, lang, where) if lint.allowed(f, ALLOWED) is None]
    assert not unexplained, "\n".join(
        f"{f.where} ({f.lang}, {f.why}): {f.sentence}\n  -> back it with a {{{{claim}}}} (course/claims/) or, if it is "
        "not about the data, add a reasoned entry to course/claims/allowed.yaml" for f in unexplained)


def test_the_allow_list_has_no_stale_entries():
    flagged = [f for where, lang, md in lint.course_texts(ROOT) for f in lint.flags(md, lang, where)]
    for entry in ALLOWED:
        assert entry.get("reason"), entry
        assert any(re.search(entry["pattern"], f.sentence) for f in flagged), f"nothing matches {entry['pattern']!r}"


def test_the_lint_catches_an_unbacked_figure_and_comparison():
    assert [f.why for f in lint.flags("Huaxin's leads convert at 22%.", "en", "x")] == ["number"]
    assert [f.why for f in lint.flags("Referrals convert better than fairs at Huaxin.", "en", "x")] == ["comparison"]
    assert lint.flags("Referrals convert better than fairs at Huaxin. {{assert:ch02.referral_best_and_cheapest}}",
                      "en", "x") == []
    assert [f.why for f in lint.flags("华信的线索成交率是 22%。", "zh", "x")] == ["number"]
    assert lint.flags("华信的线索成交率是 {{ch01.overall_rate}}。", "zh", "x") == []
    assert lint.flags("Ask: which method converts best?", "en", "x") == []  # a question states nothing


def test_a_false_comparison_stops_the_build_and_names_itself(monkeypatch):
    c = REGISTRY["ch01.need_beats_authority"]
    monkeypatch.setitem(claims._VALUES, c.id, {"MaN": 0.1, "mAN": 0.1, "MAn": 0.3})
    with pytest.raises(claims.ClaimError, match=r"ch01\.need_beats_authority NO LONGER HOLDS.*MAn=0\.3"):
        claims.render("MAn sells less. {{assert:ch01.need_beats_authority}}", "en")
    with pytest.raises(claims.ClaimError, match="unknown claim 'ch01.man.MAX'"):
        claims.render("{{ch01.man.MAX}}", "en")
    with pytest.raises(claims.ClaimError, match="is a figure"):
        claims.render("{{assert:ch01.man.MAN}}", "en")


def test_figures_are_written_for_each_language():
    assert claims.format_value(0.2207, "pct", "en") == "22.1%"
    assert claims.format_value(3000, "int", "en") == "3,000" and claims.format_value(3000, "int", "zh") == "3000"
    assert claims.format_value(434.18, "money", "en") == "¥434" and claims.format_value(434.18, "money", "zh") == "434 元"
    assert claims.format_value({"en": "Referrals", "zh": "介绍法"}, "text", "zh") == "介绍法"


@pytest.mark.parametrize("template", authoring.lesson_sources(), ids=lambda p: p.name)
def test_committed_lesson_plans_are_rendered_from_their_template(template):
    committed = template.parent.parent / template.name
    assert committed.read_text(encoding="utf-8") == authoring.render_lesson(template), (
        f"{committed} is out of date: run python -m course build lessons")


@pytest.mark.parametrize("src", authoring.chapters("notebooks"), ids=lambda p: p.stem)
def test_committed_markdown_is_the_rendered_source(src):
    source = authoring.read_source(src)
    for lang in authoring.LANGS:
        committed = nbformat.read(src.parent.parent / lang / f"{src.stem}.ipynb", as_version=4)
        built = authoring.edition(source, lang)
        text = [c.source for c in committed.cells if c.cell_type == "markdown"]
        assert "{{" not in "".join(text), "a placeholder was committed unrendered"
        assert text == [c.source for c in built.cells if c.cell_type == "markdown"], (
            f"{lang}/{src.stem}.ipynb states other figures than the data gives now: run make notebooks")


def test_an_asserted_comparison_leaves_no_space_before_the_punctuation_after_it():
    c = "{{assert:ch01.need_beats_authority}}"
    assert claims.render(f"MAn sells less than type does\n{c}; the rest", "en") == "MAn sells less than type does; the rest"
    assert claims.render(f"most wins come through them) {c}, and", "en") == "most wins come through them), and"
    assert claims.render(f"MAn sells less. {c} Next", "en") == "MAn sells less. Next"
    assert claims.render(f"MAn sells less. {c}\nNext", "en") == "MAn sells less.\nNext"
    assert claims.render(f"需要比决策权更重要{c}，所以", "zh") == "需要比决策权更重要，所以"
    assert claims.render(f"a paragraph.\n\n{c}", "en") == "a paragraph.\n\n"


def test_no_rendered_text_has_a_space_before_its_punctuation():
    found = []
    for where, lang, markdown in lint.course_texts(ROOT):
        rendered = claims.render(markdown, lang)
        found += [f"{where} ({lang}): …{m.group(0)}…" for m in re.finditer(r"\w[)]?\s+[;,:!?，。；：、](?=\s|$)", rendered)]
    assert not found, "\n".join(found)
