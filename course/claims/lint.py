"""Find sentences that state a number or a comparison without a claim (课程文本的论断检查).

Used by ``tests/test_claims.py`` on every notebook source (both editions) and
lesson-plan template. A sentence is *flagged* when, after code spans, links,
placeholders and list or heading markers are removed, it still holds a digit
or a comparative word — and it carries no ``{{claim}}``. A flagged sentence
must either get a claim or an entry in ``course/claims/allowed.yaml`` saying
why it is not about the data (a course-map fact, a parameter the code shows,
a teaching statement about people rather than Huaxin's records…).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from course.claims import PLACEHOLDER

COMPARATIVE = {
    "en": re.compile(r"\b(more|most|less|least|fewer|fewest|best|worst|better|worse|higher|highest|lower|lowest|"
                     r"above|below|than|majority|twice|half|almost all|nearly all|rarely|beats?|outperforms?)\b",
                     re.IGNORECASE),
    "zh": re.compile(r"(更[高低多少好差大小]|最[高低多少好差大小常]|高于|低于|多于|少于|不如|超过|一半|大多|多数|几乎都|几乎从不|胜过)"),
}
DIGIT = re.compile(r"\d")
#: a comparison only counts when the sentence is about the records (not about people or selling in general)
DATA_WORDS = {
    "en": re.compile(r"\b(Huaxin|Yuexiang|leads?|accounts?|members?|customers?|data|records?|table|rates?|conversion|"
                     r"converts?|wins?|won|orders?|tickets?|baskets?|spend|revenue|share|model|AUC|score[sd]?)\b",
                     re.IGNORECASE),
    "zh": re.compile(r"(华信|悦享|线索|客户|会员|数据|记录|成交|订单|工单|购物篮|消费|收入|比例|模型|得分)"),
}
#: numbers that are not data: dates, chapter and section references, list numbering
_NOT_DATA = re.compile(r"\d{4}-\d{2}(-\d{2})?|[Cc]hapters? \d+( and \d+)?|[Ss]ections? \d+(–\d+)?|第\s*\d+\s*[章节题]|"
                       r"第\s*\d+(、\d+)*\s*题|[Ee]xercises? \d+|练习\s*\d+|\bq\d+\b|\d+\s*(minutes?|分钟|seconds?|秒)|"
                       r"\b[ALCMOTX]\d{4,6}\b|\d+(–\d+)? ?(years?|岁)|\b\d+\.\s")
_CODE = re.compile(r"`[^`]*`")
_LINK = re.compile(r"\]\([^)]*\)|https?://\S+")
_SPLIT = {"en": re.compile(r"(?<=[.!?])\s+|\n(?=\s*[-*]\s|\s*\d+\.\s)"), "zh": re.compile(r"(?<=[。！？])|\n(?=\s*[-*]\s|\s*\d+\.\s)")}


@dataclass(frozen=True)
class Flag:
    """One sentence that states a number or a comparison with no claim behind it."""

    where: str
    lang: str
    sentence: str
    why: str


_ASKS = re.compile(r"[?？][\"”*）)]*\s*$|\bAsk\b|提问|^- (Core|Stretch)\b|^- (必做|选做)")


def allowed(flag: Flag, allow_list: list[dict]) -> dict | None:
    """The allow-list entry (``pattern``, ``reason``) that explains a flagged sentence, if any."""
    for entry in allow_list:
        if re.search(entry["pattern"], flag.sentence):
            return entry
    return None


def _clean(sentence: str) -> str:
    text = PLACEHOLDER.sub(" ", sentence)
    text = _NOT_DATA.sub(" ", text)
    text = _CODE.sub(" ", text)
    text = _LINK.sub(" ", text)
    text = re.sub(r"^\s*(#+|[-*]|\d+\.)\s+", " ", text, flags=re.MULTILINE)  # headings, bullets, numbered lists
    text = re.sub(r"\*\*?|__", "", text)
    return text


def sentences(markdown: str, lang: str) -> Iterator[str]:
    """Sentences of a markdown text (headings and table rows skipped; a claim right after a sentence belongs to it)."""
    lines = [re.sub(r"^(\s*)\d+\.\s", r"\1- ", line) for line in markdown.splitlines()
             if not line.lstrip().startswith(("#", "|", "<!--"))]
    parts: list[str] = []
    for part in _SPLIT[lang].split("\n".join(lines)):
        part = " ".join(part.split())
        if not part:
            continue
        if parts and part.startswith("{{"):
            parts[-1] += " " + part
        else:
            parts.append(part)
    yield from parts


def flags(markdown: str, lang: str, where: str) -> list[Flag]:
    """The flagged sentences of one markdown text."""
    out = []
    for sentence in sentences(markdown, lang):
        if PLACEHOLDER.search(sentence) or _ASKS.search(sentence):
            continue  # backed by a claim, or a question put to the class (it states nothing)
        clean = _clean(sentence)
        if not DATA_WORDS[lang].search(clean):
            continue  # not about the records: a teaching statement, a classroom instruction, a hand-made example
        if DIGIT.search(clean):
            out.append(Flag(where, lang, sentence, "number"))
        elif COMPARATIVE[lang].search(clean):
            out.append(Flag(where, lang, sentence, "comparison"))
    return out


def course_texts(root: Path) -> Iterator[tuple[str, str, str]]:
    """``(where, lang, markdown)`` for every markdown cell of the notebook and workbook sources and every lesson template."""
    from course import authoring

    for src in sorted((root / "notebooks" / "src").glob("[0-9][0-9]-*.py")):
        nb = authoring.read_source(src)
        for k, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown" and cell.metadata.get("lang") in ("en", "zh"):
                yield f"{src.name}#{k}", cell.metadata["lang"], cell.source
    for src in sorted((root / "workbook" / "src").glob("[0-9][0-9]-*.py")):
        nb = authoring.read_source(src)
        for k, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown" and cell.metadata.get("lang") in ("en", "zh"):
                yield f"workbook/{src.name}#{k}", cell.metadata["lang"], cell.source
    for template in sorted((root / "notebooks" / "lessons" / "src").glob("[0-9][0-9]-*.md")):
        lang = template.name.rsplit(".", 2)[-2]
        yield template.name, lang, template.read_text(encoding="utf-8")
