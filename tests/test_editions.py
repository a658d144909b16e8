"""The English and Chinese editions have the same shape, and the lesson plans cite what the notebooks have."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from course import authoring

ROOT = Path(__file__).resolve().parent.parent
STEMS = [p.stem for p in authoring.chapters("notebooks")]


def _nb(lang: str, stem: str):
    return nbformat.read(ROOT / "notebooks" / lang / f"{stem}.ipynb", as_version=4)


def headings(nb) -> list[tuple[int, str]]:
    """(level, section number or '') of every markdown heading, in order."""
    out = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            m = re.match(r"^(#{1,6})\s+(?:(\d+)\.)?", line)
            if m:
                out.append((len(m[1]), m[2] or ""))
    return out


def _output_kinds(cell) -> list[tuple[str, tuple[str, ...]]]:
    kinds = []
    for o in cell.get("outputs", []):
        mimes = tuple(sorted(k for k in o.get("data", {}) if k != "text/plain"))
        kinds.append((o.output_type, mimes if o.output_type != "stream" else (o.get("name", ""),)))
    return kinds


@pytest.mark.parametrize("stem", STEMS)
def test_editions_have_the_same_headings_cells_and_kinds_of_output(stem):
    en, zh = _nb("en", stem), _nb("zh", stem)
    assert headings(en) == headings(zh), "headings differ in level or section number between en and zh"
    assert [c.cell_type for c in en.cells] == [c.cell_type for c in zh.cells], "the cell sequence differs"
    for k, (a, b) in enumerate(zip(en.cells, zh.cells, strict=True)):
        if a.cell_type == "code":
            assert _output_kinds(a) == _output_kinds(b), f"cell {k}: outputs of other kinds ({a.source[:60]!r})"


def _shown(output) -> str:
    """What a reader sees of an output: the richest text form (markdown or HTML before plain text)."""
    if output.output_type == "stream":
        return output.text
    data = output.get("data", {})
    if "application/vnd.jupyter.widget-view+json" in data:
        return ""  # a reader sees the widget, not its text fallback
    for mime in ("text/markdown", "text/html", "text/plain"):
        if mime in data:
            return data[mime]
    return ""


#: ids of the data a Chinese reader must not see raw in a table (personality and goal types, packages, booleans)
CODES = re.compile(r"\b(True|False|rational|introverted|easygoing|stubborn|suspicious|combative|nervous|vain|task|"
                   r"benefit|owner|quality|economy|young_high|young_low|middle_high|middle_low|senior_high|senior_low|"
                   r"objection_[a-z_]+|no_authority|no_need|no_money|late_stage|source_method_[a-z_]+)\b")


@pytest.mark.parametrize("stem", STEMS)
def test_the_zh_edition_shows_no_english_codes_and_the_en_edition_no_chinese_sentences(stem):
    for k, cell in enumerate(_nb("zh", stem).cells):
        for o in cell.get("outputs", []) if cell.cell_type == "code" else []:
            text = re.sub(r"<[^>]+>", " ", _shown(o))
            hit = CODES.search(text)
            assert hit is None, f"zh cell {k} shows the code {hit[0]!r}: {text[max(0, hit.start() - 60):hit.end() + 20]!r}"
    for k, cell in enumerate(_nb("en", stem).cells):
        for o in cell.get("outputs", []) if cell.cell_type == "code" else []:
            text = _shown(o)
            assert not re.search(r"[\u4e00-\u9fff][^\n]*[。，；：！？]", text), (
                f"en cell {k} prints a Chinese sentence: {text[:200]!r}")


# --------------------------------------------------------------------------- lesson plans
def _notebook_text(lang: str, stem: str) -> str:
    nb = _nb(lang, stem)
    parts = []
    for cell in nb.cells:
        parts.append(cell.source)
        for o in cell.get("outputs", []) if cell.cell_type == "code" else []:
            parts.append(_shown(o))
    return "\n".join(parts)


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "").replace("_", "") for n in re.findall(r"\d[\d,_]*(?:\.\d+)?", text)}


LESSONS = [(lang, stem) for stem in STEMS for lang in authoring.LANGS]
#: numbers in a lesson plan that belong to the class, not the notebook: timing, exercise numbers, role-play details
CLASSROOM = re.compile(r"\d+\s*(minutes?|分钟|seconds?|秒)|minute \d+|第 \d+ 分钟|\|\s*\d+–\d+\s*\||[Ee]xercises?[^.;:]*|练习[^。；]*|第[^。；]*题[^。；]*|"
                       r"workbook/[a-z]+/\S+|notebooks/[a-z]+/\S+|build/\S+|\d+ exercises|\d+ 道题|\bq\d+\b")


@pytest.mark.parametrize("lang,stem", LESSONS)
def test_a_lesson_plan_cites_only_sections_that_the_notebook_has(lang, stem):
    plan = (ROOT / "notebooks" / "lessons" / f"{stem}.{lang}.md").read_text(encoding="utf-8")
    sections = {num for level, num in headings(_nb(lang, stem)) if level == 2 and num}
    cited = set()
    for m in re.finditer(r"[Ss]ections? (\d+)(?:\s*[–-]\s*(\d+))?|第\s*(\d+)(?:\s*[–-]\s*(\d+))?\s*节", plan):
        lo = int(m[1] or m[3])
        hi = int(m[2] or m[4] or lo)
        cited |= {str(n) for n in range(lo, hi + 1)}
    # a plan may cite the sections of another chapter ("Chapter 5, section 5"); only its own are checked
    own = re.sub(r"(Chapter|第)\s*\S+\s*(,\s*)?(section|第)\s*\d+\s*节?", " ", plan)
    own_cited = {c for c in cited if re.search(rf"([Ss]ections? ({c}|\d+\s*[–-]\s*\d+)|第\s*{c}\s*节|第\s*\d+\s*[–-]\s*\d+\s*节)",
                                                own)}
    assert own_cited <= sections, f"{stem}.{lang}.md cites sections {sorted(own_cited - sections)} the notebook lacks"


@pytest.mark.parametrize("lang,stem", LESSONS)
def test_a_lesson_plan_quotes_only_figures_budgets_and_settings_the_notebook_has(lang, stem):
    plan = (ROOT / "notebooks" / "lessons" / f"{stem}.{lang}.md").read_text(encoding="utf-8")
    body = "\n".join(line for line in plan.splitlines() if not line.startswith("<!--"))
    body = CLASSROOM.sub(" ", body)
    body = re.sub(r"(Section|section|第)\s*\d+(\s*[–-]\s*\d+)?\s*节?|Chapter \d+|第[一二三四五六七]章", " ", body)
    quoted = {n for n in _numbers(body) if len(n.replace(".", "")) >= 2 or "." in n}
    have = _numbers(_notebook_text(lang, stem)) | _numbers(_notebook_text("en", stem))
    missing = sorted(quoted - have, key=lambda s: (len(s), s))
    # a short list of numbers that live only in the class (cards, role-play quantities) is named here
    classroom_only = {"40", "380", "12", "30", "50", "4200", "1500", "800", "15", "24", "2026", "20", "1000"}
    missing = [n for n in missing if n not in classroom_only]
    assert not missing, f"{stem}.{lang}.md quotes {missing}, which the {lang} notebook does not have"


def test_the_chapter_7_budget_is_one_budget():
    from course.claims import ch07 as claims7

    source = (ROOT / "notebooks" / "src" / "07-precision.py").read_text(encoding="utf-8")
    # read, not import: importing the exercise modules here would leave them loaded for other tests in this worker
    exercises = (ROOT / "course" / "exercises" / "ch07.py").read_text(encoding="utf-8")
    found = re.search(r"^BUDGET, COST_PER_CONTACT = ([\d_]+), (\d+)", exercises, re.MULTILINE)
    assert found and (int(found[1]), int(found[2])) == (claims7.BUDGET, claims7.COST_PER_CONTACT)
    assert f"budget={claims7.BUDGET:_}, cost_per_contact={claims7.COST_PER_CONTACT}" in source
    for lang in authoring.LANGS:
        plan = (ROOT / "notebooks" / "lessons" / f"07-precision.{lang}.md").read_text(encoding="utf-8")
        assert str(claims7.BUDGET // claims7.COST_PER_CONTACT) in plan


def test_the_chapter_8_budget_is_one_budget():
    from course.claims import ch08 as claims8

    source = (ROOT / "notebooks" / "src" / "08-capstone.py").read_text(encoding="utf-8")
    # read, not import, as for chapter 7
    exercises = (ROOT / "course" / "exercises" / "ch08.py").read_text(encoding="utf-8")
    workbook = (ROOT / "workbook" / "src" / "08-capstone.py").read_text(encoding="utf-8")
    found = re.search(r"^BUDGET, COST_PER_CONTACT = ([\d_]+), (\d+)", exercises, re.MULTILINE)
    assert found and (int(found[1]), int(found[2])) == (claims8.BUDGET, claims8.COST_PER_CONTACT)
    assert f"budget={claims8.BUDGET}, cost_per_contact={claims8.COST_PER_CONTACT}" in source
    assert f"leads_for_budget(model.test_scores, {claims8.BUDGET}, {claims8.COST_PER_CONTACT})" in workbook
    for lang, text in (("en", f"{claims8.BUDGET:,} at {claims8.COST_PER_CONTACT} a call"),
                       ("zh", f"预算是 {claims8.BUDGET:,}，每次联系 {claims8.COST_PER_CONTACT}")):
        assert text in source, lang
        plan = (ROOT / "notebooks" / "lessons" / f"08-capstone.{lang}.md").read_text(encoding="utf-8")
        assert f"{claims8.BUDGET:,} ÷ {claims8.COST_PER_CONTACT} = {claims8.BUDGET // claims8.COST_PER_CONTACT}" in plan
