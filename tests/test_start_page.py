"""The start page: a landing page generated from one list of chapters, needing no kernel."""

from __future__ import annotations

import re

from course import authoring, content

ROOT = authoring.repo_root()
START = ROOT / "notebooks" / "START.md"
LINK = re.compile(r"\]\(([^)#]+)\)")


def test_every_chapter_source_has_one_entry_in_the_course_list():
    entries = [f"{e['number']:02d}-{e['slug_id']}" for e in content.get("course_chapters")]
    assert len(entries) == len(set(entries))
    for src in authoring.chapters("notebooks"):
        assert src.stem in entries, (
            f"{src.name} has no entry in course/content/course.yaml (course_chapters): add one "
            "with number, slug_id, lesson_minutes, workbook_minutes and teaches {en, zh}"
        )


def test_committed_start_page_is_up_to_date():
    assert START.is_file(), "notebooks/START.md is missing: run `python -m course build start`"
    assert START.read_text(encoding="utf-8") == authoring.start_page_markdown(), (
        "notebooks/START.md is out of date: run `python -m course build start`"
    )
    assert not (ROOT / "notebooks" / "START.ipynb").exists(), "the start page is Markdown now"


def test_every_link_on_the_start_page_opens_a_file():
    targets = LINK.findall(START.read_text(encoding="utf-8"))
    assert len(targets) >= 7 * 4 * 2, (
        "chapter, lesson plan, workbook and other edition, per language"
    )
    missing = [t for t in targets if not (START.parent / t).resolve().is_file()]
    assert not missing, f"links to nothing: {missing}"


def test_each_language_half_lists_every_chapter_with_time_and_what_it_teaches():
    text = START.read_text(encoding="utf-8")
    english, chinese = text.split('<a id="zh"></a>')
    for ch in authoring.course_chapters():
        stem = ch["stem"]
        assert f"(en/{stem}.ipynb)" in english and f"(zh/{stem}.ipynb)" in chinese
        assert f"{ch['lesson_minutes']} min class" in english
        assert f"课堂 {ch['lesson_minutes']} 分钟" in chinese
        assert ch["teaches"]["en"] in english and ch["teaches"]["zh"] in chinese
    # the Chinese half reads in Chinese: no English headings or table headers
    assert (
        "Chapters" not in chinese and "What you learn" not in chinese and "## 章节" not in english
    )
    assert "q1.check" in english and "q1.check" in chinese, "how to use a workbook, in both"


def test_a_new_chapter_is_one_entry(monkeypatch):
    real = content.get

    def with_fieldwork(section):
        value = real(section)
        if section == "course_chapters":
            value = [
                *value,
                {
                    "number": 9,
                    "slug_id": "fieldwork",
                    "lesson_minutes": 120,
                    "workbook_minutes": 90,
                    "teaches": {
                        "en": "Everything at once, on your own data.",
                        "zh": "综合运用，用你自己的数据。",
                    },
                },
            ]
        return value

    monkeypatch.setattr(content, "get", with_fieldwork)
    page = authoring.start_page_markdown()
    assert "| 9 | [09-fieldwork](en/09-fieldwork.ipynb)" in page, "listed before its notebook exists"
    assert "120 min class · 90 min workbook" in page and "综合运用，用你自己的数据。" in page
