"""Written answers judged by their key ideas, in English and Chinese (书面回答的评判).

A written answer is correct when it states every key idea of the exercise
and contradicts none. Each :class:`Idea` lists *cues* — words and phrases
that state it — and *opposites* — words whose plain statement says the
contrary (``pressure`` for "no pressure", ``hide`` for "be open"). A cue
counts only as a whole word or phrase ("man" is not found in "Many"), and
its polarity is read from the clause around it:

- "they **need** it" states the idea; "they do **not need** it" or "他们并不
  **需要**" contradicts it; "**no** hidden costs" states "be open", because a
  negated opposite is the idea itself;
- negators are words (not, never, without, avoid, 不, 没有, 别, 避免…), word
  endings (n't), Chinese prefixes inside a word (不信任, 没需求), potential
  complements (付不起 against 付得起) and, after the cue, verdicts such as
  "backfires" or "反而";
- two negators cancel out and leave the kit unsure.

How an answer is split into words and clauses and how each cue's polarity is
read lives in :mod:`course.exercises.cues`.

Chinese text is segmented with ``jieba`` (imported on first use) so that a
one-character cue such as 假 matches the word 假, not 假如. Length is judged by
content, not by a word count: a short answer that states every idea is
correct; only a fragment or a bare list of keywords is sent back.

When the kit cannot be sure — an idea both stated and contradicted, or one
idea missing from an otherwise substantial answer — the verdict is
``review``: the feedback names the ideas found, shows the model answer for
self-assessment, and the result's ``detail`` says which ideas were found,
missing, contradicted or unclear, so a grader can route it to the instructor.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from course import i18n
from course.exercises.answers import wrong_type
from course.exercises.core import Exercise
from course.exercises.cues import Analysis, Match, cue_matches, paired_matches
from course.exercises.verdict import Verdict

Bilingual = Mapping[str, str]

#: an answer with fewer content units than this is a fragment (a unit = an English word or two 汉字)
MIN_UNITS = 3
#: from this many units on, an answer with one idea not found is sent to review, not refused
SUBSTANTIAL_UNITS = 12


# --------------------------------------------------------------------------- ideas
@dataclass
class Idea:
    """A key idea an explanation must state, with the words that state it in either language.

    Attributes
    ----------
    name : dict
        How feedback names the idea, ``{"en": ..., "zh": ...}``.
    words : list of str
        Cues that state the idea when written plainly (``need``, ``用得上``);
        negated ("do not need", "用不上") they contradict it. A trailing ``*``
        matches a word's beginning (``suspic*``); otherwise a word matches
        with its regular endings only (``need`` → ``needs``, ``needed``).
    opposites : list of str
        Cues of the contrary (``pressure`` for "no pressure"): written plainly
        they contradict the idea, negated ("never pressure him") they state it.
    id : str
        A short machine name for records (default: from the English name).
    polar : bool
        ``False`` when mentioning a cue states the idea whatever the negation
        around it ("RFM sees revenue, not profit" and "they are not profitable"
        both raise profit); only the ``opposites`` can then contradict it.

    A cue may have two parts, ``"age|young* + function*|功能"``: a layer and
    what to stress for it, ``|`` separating alternatives. It matches when an
    emphasis is in the same sentence as one of its layers and that layer is the
    nearest of all the exercise's layers to it; its polarity is the emphasis's.
    So "by age stress safety" states the opposite ``"age + safe*"``, not the
    idea of another layer.
    """

    name: Bilingual
    words: Sequence[str]
    opposites: Sequence[str] = ()
    id: str = ""
    polar: bool = True

    def __post_init__(self) -> None:
        if not self.id:
            self.id = re.sub(r"[^a-z0-9]+", "_", self.name["en"].casefold()).strip("_")[:40]

    def anchors(self) -> list[str]:
        """The first parts (layers) of this idea's two-part cues."""
        return [c.split(" + ")[0].strip() for c in [*self.words, *self.opposites] if " + " in c]

    def matches(self, analysis: Analysis) -> list[Match]:
        """Every place a cue of this idea occurs, longer cues hiding the shorter ones they contain."""
        found: list[Match] = []
        for kind, cues in (("word", self.words), ("opposite", self.opposites)):
            for cue in cues:
                if " + " in cue:
                    found += paired_matches(
                        analysis, cue, kind, [*analysis.anchors, *self.anchors()]
                    )
                else:
                    found += cue_matches(analysis, cue, kind)
        if not self.polar:
            found = [
                Match(m.cue, m.kind, m.start, m.end, 1, m.clause) if m.kind == "word" else m
                for m in found
            ]
        return [
            m
            for m in found
            if not any(
                o is not m
                and o.start <= m.start
                and m.end <= o.end
                and (o.end - o.start) > (m.end - m.start)
                for o in found
            )
        ]

    def assess(self, answer: str | Analysis) -> Finding:
        """Whether ``answer`` states, contradicts, muddles or misses this idea."""
        analysis = answer if isinstance(answer, Analysis) else Analysis.of(str(answer))
        found = self.matches(analysis)
        supports = [m for m in found if m.supports]
        against = [m for m in found if m.against]
        unsure = [m for m in found if m.polarity == 0]
        if supports and not against and not unsure:
            state = "stated"
        elif against and not supports and not unsure:
            state = "contradicted"
        elif found:
            state = "unclear"
        else:
            state = "missing"
        return Finding(self, state, found)

    def found_in(self, text: str) -> bool:
        """True when ``text`` states this idea and does not contradict it."""
        return self.assess(text).state == "stated"


@dataclass
class Finding:
    """What an answer does with one idea: ``stated``, ``contradicted``, ``unclear`` or ``missing``."""

    idea: Idea
    state: str
    matches: list[Match]

    def quote(self, limit: int = 60) -> str:
        """The clause that contradicts the idea, for feedback."""
        against = (
            sorted((m for m in self.matches if m.against), key=lambda m: m.start) or self.matches
        )
        text = against[0].clause if against else ""
        return text if len(text) <= limit else text[: limit - 1] + "…"


def _names(findings: Sequence[Finding]) -> dict[str, str]:
    return {
        lang: ("；" if lang == "zh" else "; ").join(f.idea.name[lang] for f in findings)
        for lang in i18n.LANGUAGES
    }


def _said(key: str, findings: Sequence[Finding]) -> dict[str, str]:
    names = _names(findings)
    return {lang: i18n.t(key, lang=lang, ideas=names[lang]) for lang in i18n.LANGUAGES}


def judge_text(
    answer: Any,
    ideas: Sequence[Idea],
    *,
    min_ideas: int | None = None,
    correct_message: Bilingual | None = None,
    model_answer: Bilingual | None = None,
) -> Verdict:
    """Judge a written answer against its key ideas (see the module docstring for the rules)."""
    if not isinstance(answer, str):
        return wrong_type("type.text", answer)
    analysis = Analysis.of(answer)
    if analysis.units() < MIN_UNITS:
        return Verdict.of("incorrect", "check.text_short")
    if analysis.reads_like_keywords():
        return Verdict.of("incorrect", "check.text_keywords")
    analysis.anchors = [a for idea in ideas for a in idea.anchors()]
    findings = [idea.assess(analysis) for idea in ideas]
    by_state: dict[str, list[Finding]] = {
        s: [] for s in ("stated", "contradicted", "unclear", "missing")
    }
    for finding in findings:
        by_state[finding.state].append(finding)
    stated, against, unclear, missing = (
        by_state[s] for s in ("stated", "contradicted", "unclear", "missing")
    )
    need = len(ideas) if min_ideas is None else min_ideas
    detail = {"ideas": {f.idea.id: f.state for f in findings}, "needed": need}

    if against:
        # in the order the answer says them
        against.sort(key=lambda f: min(m.start for m in f.matches if m.against))
        first = against[0]
        said = {
            lang: i18n.t(
                "check.text_contradicts", lang=lang, idea=first.idea.name[lang], quote=first.quote()
            )
            for lang in i18n.LANGUAGES
        }
        parts = [said]
        if len(against) > 1:
            parts.append(_said("check.text_contradicts_more", against[1:]))
        if missing and len(stated) < need:
            parts.append(_said("check.text_missing", missing))
        return Verdict.join("incorrect", *parts, detail=detail)
    if len(stated) >= need and not unclear:
        return Verdict.join(
            "correct", correct_message or {}, _said("check.text_correct", stated), detail=detail
        )
    model = (
        [
            {
                lang: i18n.t("check.text_self_check", lang=lang, model=model_answer[lang])
                for lang in i18n.LANGUAGES
            }
        ]
        if model_answer
        else []
    )
    found = [_said("check.text_found", stated)] if stated else []
    if unclear and len(stated) + len(unclear) >= need:
        return Verdict.join(
            "review", *found, _said("check.text_unsure_mixed", unclear), *model, detail=detail
        )
    if len(stated) == need - 1 and not unclear and analysis.units() >= SUBSTANTIAL_UNITS:
        return Verdict.join(
            "review", *found, _said("check.text_unsure_missing", missing), *model, detail=detail
        )
    return Verdict.join(
        "incorrect", _said("check.text_missing", missing + unclear), *found, detail=detail
    )


@dataclass(repr=False)
class TextExercise(Exercise):
    """An explanation in the trainee's own words, checked for key ideas.

    Correct when at least ``min_ideas`` of ``ideas`` are stated (all by
    default) and none is contradicted; a contradiction is named with the
    clause that makes it. When the kit cannot be sure, the status is
    ``review`` and the feedback shows ``solution_note`` as the model answer.
    """

    ideas: Sequence[Idea] = ()
    min_ideas: int | None = None
    #: an explanation in the trainee's words: a grader routes it to the instructor ("review")
    written: ClassVar[bool] = True

    def judge(self, answer: Any) -> Verdict:
        return judge_text(
            answer,
            self.ideas,
            min_ideas=self.min_ideas,
            correct_message=self.correct_message,
            model_answer=self.solution_note,
        )

    def answer_record(self, answer: Any) -> Any:
        return answer[:500] if isinstance(answer, str) else None
