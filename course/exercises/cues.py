"""Reading a written answer: words, clauses and the polarity of each cue (书面回答的分词与否定).

The machinery under :mod:`course.exercises.text`. An :class:`Analysis` splits an
answer into clauses (at punctuation and at conjunctions such as "but", "so",
但是, 所以) and into words — English by a regular expression, Chinese with
``jieba``, imported on the first Chinese answer. A cue of an idea is matched as
a whole word or phrase, and each match gets a polarity from its clause:

- +1 stated as written ("they **need** it");
- −1 negated: a negator up to :data:`WINDOW` words before it (not, never,
  without, avoid, skip, ignore, 不, 没有, 别, 避免…; "never skip" cancels out), an "n't" ending, a negating prefix inside
  the Chinese word (不信任, 并不需要), a "cannot" complement (付不起), "nothing"
  after it ("promise nothing"), a negated reporting verb further back ("does
  not show that…", 不代表), or a verdict after it ("backfires", 反而, 无所谓, 钱不够);
- 0 unsure: two negations ("it is not that they don't need it").

A cue with two parts, ``"age + function*"``, pairs an emphasis with the layer
it belongs to (see :func:`paired_matches`).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

# --------------------------------------------------------------------------- English
#: words of an answer; "over-promise" is one word
_EN_WORD = re.compile(r"(?:over|under|non|re)-[a-z]+|[a-z0-9]+(?:'[a-z]+)?")
_EN_BREAK = re.compile(r"[.;:!?,()\[\]\n]|\s[-–—]+\s")
#: words that end one clause and start another, so a negation before them does not reach past them
_EN_CONJUNCTIONS = {
    "but", "however", "although", "though", "whereas", "while", "yet", "so", "because", "since",
    "unless", "then", "therefore", "otherwise", "plus", "which", "who", "when", "until",
}  # fmt: skip
#: "and" starts a new clause only before a subject or a verb ("… and cannot pay"), not between
#: two nouns or two verbs under one negation ("do not push and exaggerate", "time and hassle")
_EN_AND_STARTS_CLAUSE = {
    "they", "we", "you", "it", "he", "she", "i", "this", "that", "there", "can", "cannot", "can't",
    "could", "do", "don't", "does", "doesn't", "will", "won't", "would", "should", "must", "may",
    "is", "are", "was", "were", "has", "have", "had", "then", "so", "also", "always", "never",
    "not", "no", "make", "keep", "give", "show", "tell", "call", "be", "let", "put", "ask", "find",
}  # fmt: skip
_EN_NEGATORS = {
    "not", "no", "never", "nor", "neither", "without", "cannot", "none", "nobody", "nothing",
    "lack", "lacks", "lacked", "lacking", "unable", "avoid", "avoids", "avoiding", "avoided",
    "refuse", "refuses", "refrain", "stop", "stops", "instead", "rather", "hardly", "barely",
    "dont", "doesnt", "didnt", "cant", "couldnt", "wont", "wouldnt", "shouldnt", "isnt",
    "arent", "wasnt", "werent", "havent", "hasnt", "hadnt", "mustnt", "neednt",
}  # fmt: skip
#: verbs that negate what follows ("skip the evidence") and cancel a negator right before them
#: ("never skip the evidence", "don't forget the proof": both state the evidence)
_EN_NEG_VERBS = {
    "skip", "skips", "skipping", "skipped", "forget", "forgets", "forgetting", "forgot", "ignore",
    "ignores", "ignoring", "ignored", "neglect", "neglects", "neglecting", "neglected", "omit", "omits",
    "omitting", "omitted", "overlook", "overlooks", "overlooking", "overlooked",
}  # fmt: skip
#: a negator followed by these words does not negate ("not only", "no doubt")
_EN_NOT_NEGATING = {
    ("not", "only"),
    ("not", "just"),
    ("no", "doubt"),
    ("no", "matter"),
    ("no", "wonder"),
}
#: verdicts after a cue in the same clause that reject it ("pressure backfires")
_EN_REJECTING = (
    "backfire", "backfires", "backfired", "counterproductive", "mistake", "harmful",
    "bad idea", "does not work", "doesn't work", "won't work", "never works", "scares", "drives them away",
    "makes it worse", "makes things worse", "does not matter", "doesn't matter", "do not matter",
    "don't matter", "irrelevant", "does not help", "doesn't help", "do not help", "don't help",
    "is not needed", "isn't needed", "not needed", "unnecessary",
)  # fmt: skip
#: after a cue they deny it: "promise nothing", "need none of it"
_EN_AFTER = {"nothing", "none"}
_EN_ALMOST = {"almost", "virtually", "practically", "next", "hardly"}
#: "does not show that …", "does not mean …": the negation reaches the whole claim that follows
_EN_REPORTING = {"show", "shows", "prove", "proves", "mean", "means", "imply", "implies", "suggest", "suggests",
                 "say", "says", "tell", "tells", "demonstrate", "demonstrates", "make", "makes", "guarantee"}  # fmt: skip
_ZH_REPORTING = ("不能说明", "并不说明", "不说明", "说明不了", "不代表", "并不代表", "不等于", "并不等于", "不意味着",
                 "并不意味着", "不能证明", "证明不了", "不见得", "未必", "不一定")  # fmt: skip
#: "they need to pay" uses need as a modal verb: not the idea of needing the product
_EN_MODAL = {"need", "needs", "needed"}
_EN_FUNCTION_WORDS = {
    "the", "a", "an", "they", "it", "is", "are", "be", "to", "of", "for", "with", "can", "will", "do",
    "does", "should", "must", "you", "we", "i", "he", "she", "their", "them", "his", "her", "because",
    "so", "if", "that", "this", "not", "no", "have", "has", "was", "were", "by", "on", "in", "at",
    "your", "our", "than", "then", "there", "what", "who", "which", "would", "could", "may", "might",
}  # fmt: skip

# --------------------------------------------------------------------------- Chinese
_HAN = re.compile(r"[\u3400-\u9fff]")
_ZH_BREAK = re.compile(
    r"[，。；：！？、,.;:!?（）()\n]|但是|(?<!不)但|可是|不过|然而|所以|因此|因为|而且|并且|否则"
)
#: sentences: a cue of two parts ("age + function") must have both in one of these
_SENTENCE = re.compile(r"[.;!?\n。；！？]")
_ZH_NEGATORS = {
    "不", "没", "没有", "无", "未", "非", "别", "勿", "莫", "甭", "不是", "并不", "并非", "并没有", "并未",
    "不要", "不用", "不必", "无需", "无须", "不会", "不能", "不可", "不可以", "不该", "不应", "不应该",
    "不应当", "不肯", "不愿", "不愿意", "不想", "不再", "不太", "无法", "没法", "从不", "从未", "从没",
    "决不", "绝不", "绝对不", "毫无", "毫不", "缺", "缺乏", "缺少", "避免", "拒绝", "别再", "千万别",
    "尚未", "还没", "还没有", "都不", "也不", "就不", "没必要", "谈不上", "算不上", "不够", "别急", "先别", "不急着",
}  # fmt: skip
#: two-character words that begin like a negation but do not negate (不同 "different", 别人 "others")
_ZH_NOT_NEGATORS = {
    "不同", "不错", "不少", "不仅", "不过", "不但", "不管", "不论", "不断", "不久", "不如", "不然", "不禁", "不妨",
    "不止", "不只", "不时", "不停", "别人", "别的", "别处", "没错", "未来", "无论", "无比", "无疑", "无数", "无非", "莫非",
}  # fmt: skip
#: "is not" negators whose reach covers a whole noun phrase, modifiers (…的) included
_ZH_COPULA_NEGATORS = {"不是", "并不是", "并非", "而不是", "不再是", "并不", "绝不是"}
#: a negator at the start of a word that holds the cue: 不信任, 没需求, 并不需要
_ZH_NEG_PREFIXES = ("并不", "并没有", "没有", "从不", "毫不", "绝不", "不太", "不", "没", "无", "未", "非", "别", "缺")  # fmt: skip
#: potential complements after a verb that say "cannot": 付不起, 用不上
_ZH_CANNOT = ("不起", "不了", "不到", "不上", "不着", "不出", "不动", "不下")
#: verdicts after a cue in the same clause that reject it (钱不够, 无所谓); not 不足, also a noun ("shortcomings": 局限和不足)
_ZH_REJECTING = (
    "反而", "适得其反", "没用", "没有用", "没什么用", "不管用", "是错的", "吓跑", "更糟", "起反作用",
    "无所谓", "不重要", "不要紧", "用不着", "没必要", "多余", "不够", "不用提", "不必提", "不用管",
    "不用考虑", "不必考虑", "不值一提", "可以忽略",
)  # fmt: skip
#: the "A 不 A" question form (需要不需要, 用不用得上): neither stated nor denied
_ZH_EITHER = re.compile(r"([\u4e00-\u9fff]{1,2})不\1")
_ZH_FUNCTION = set("的了是就会要他她它们也能得在有让把被对给才都还又而但你我这那不没很更")

#: the window, in words, within which a negator before a cue reaches it
WINDOW = 4


def _word(token: str) -> str:
    """A token as matched: "don't" → "dont", "over-promise" → "overpromise"."""
    return (
        token.replace("-", "").replace("'", "") if token.endswith("n't") or "-" in token else token
    )


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).replace("’", "'").replace("‘", "'")
    # lower() one character at a time keeps the offsets those of the answer
    text = "".join(ch.lower() for ch in text)
    return _ZH_EITHER.sub(r"\1或\1", text)  # 需要不需要 → 需要或需要: "whether", neither yes nor no


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int
    clause: int


@dataclass(frozen=True)
class Match:
    """One place a cue of an idea was found, with the polarity read around it."""

    cue: str
    kind: str  # "word" or "opposite"
    start: int
    end: int
    polarity: int  # +1 stated as written, -1 negated, 0 unsure (double negation)
    clause: str

    @property
    def supports(self) -> bool:
        return (self.kind == "word" and self.polarity > 0) or (
            self.kind == "opposite" and self.polarity < 0
        )

    @property
    def against(self) -> bool:
        return (self.kind == "word" and self.polarity < 0) or (
            self.kind == "opposite" and self.polarity > 0
        )


# --------------------------------------------------------------------------- segmentation
@cache
def _jieba():
    """A private jieba tokenizer (its dictionary loads on the first Chinese answer, ~0.5 s), or ``None``."""
    try:
        import jieba
    except ImportError:  # pragma: no cover - jieba is a dependency; characters are the fallback
        return None
    # no "Building prefix dict…" lines in the trainee's notebook, and no "Dump cache file failed"
    # where the temp folder is read-only (a sandboxed grader): the cache only saves ~0.5 s
    logging.getLogger("jieba").setLevel(logging.CRITICAL)
    return jieba.Tokenizer()


def segment_chinese(text: str) -> list[tuple[str, int, int]]:
    """Chinese words of ``text`` with their offsets (one character per word if jieba is missing)."""
    tokenizer = _jieba()
    if tokenizer is None:  # pragma: no cover
        return [(ch, i, i + 1) for i, ch in enumerate(text)]
    return [(w, s, e) for w, s, e in tokenizer.tokenize(text) if w.strip()]


@dataclass
class Analysis:
    """A written answer prepared for matching: English and Chinese words, each with its clause."""

    text: str
    original: str = ""
    en: list[_Token] = field(default_factory=list)
    zh: list[_Token] = field(default_factory=list)
    clauses: list[tuple[int, int]] = field(default_factory=list)
    #: the first parts of every two-part cue of the exercise (see :class:`Idea`), so that an
    #: emphasis is paired with the nearest layer named before or after it, whichever idea it is from
    anchors: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, answer: str) -> Analysis:
        text = _normalise(answer)
        out = cls(text, unicodedata.normalize("NFKC", str(answer)))
        bounds = [0]
        for found in _EN_BREAK.finditer(text):
            bounds += [found.start(), found.end()]
        if _HAN.search(text):
            for found in _ZH_BREAK.finditer(text):
                bounds += [found.start(), found.end()]
        bounds.append(len(text))
        bounds = sorted(set(bounds))
        out.clauses = [
            (a, b) for a, b in zip(bounds, bounds[1:], strict=False) if text[a:b].strip()
        ]
        extra = len(out.clauses)  # clause numbers for the parts after a conjunction
        for number, (a, b) in enumerate(out.clauses):
            part = text[a:b]
            words = list(_EN_WORD.finditer(part))
            for k, word in enumerate(words):
                token = _word(word.group(0))
                following = words[k + 1].group(0) if k + 1 < len(words) else ""
                if token in _EN_CONJUNCTIONS or (
                    token == "and" and following in _EN_AND_STARTS_CLAUSE
                ):
                    extra += 1
                    number = extra  # a new clause starts after the conjunction
                    continue
                if token in {"and", "or"}:
                    continue
                out.en.append(_Token(token, a + word.start(), a + word.end(), number))
            if _HAN.search(part):
                for word, s, e in segment_chinese(part):
                    if _HAN.search(word):
                        out.zh.append(_Token(word, a + s, a + e, number))
        return out

    def sentence_of(self, position: int) -> int:
        return len(_SENTENCE.findall(self.text[:position]))

    def clause_text(self, start: int, end: int) -> str:
        """The clause around a match, as the trainee wrote it ("… and cannot pay" ends at the "and")."""
        source = self.original if len(self.original) == len(self.text) else self.text
        for tokens in (self.en, self.zh):
            at = next((tok for tok in tokens if tok.start <= start < tok.end), None)
            if at is not None:
                same = [tok for tok in tokens if tok.clause == at.clause]
                a, b = min(tok.start for tok in same), max(tok.end for tok in same)
                for (
                    c_start,
                    c_end,
                ) in self.clauses:  # widen to the punctuation-bounded clause for Chinese
                    if tokens is self.zh and c_start <= start < c_end:
                        a, b = c_start, c_end
                return source[a:b].strip()
        for a, b in self.clauses:
            if a <= start < b:
                return source[a:b].strip()
        return source[start:end]

    def units(self) -> float:
        """Content size: English words plus Chinese characters ÷ 2."""
        return len(self.en) + len(_HAN.findall(self.text)) / 2

    def reads_like_keywords(self) -> bool:
        """True for a bare list of terms ("need, money"): no function words linking them."""
        words = re.findall(r"[a-z]+", self.text)
        chinese = "".join(_HAN.findall(self.text))
        if any(w in _EN_FUNCTION_WORDS or w in _EN_CONJUNCTIONS for w in words) or any(
            ch in _ZH_FUNCTION for ch in chinese
        ):
            return False
        listed = bool(re.search(r"[,/+;，、；]|\band\b|\bor\b", self.text))
        return listed or len(words) + len(chinese) / 2 <= 3


# --------------------------------------------------------------------------- English matching
def _forms(word: str) -> set[str]:
    """A cue word and its regular inflections (need → needs, needed, needing); never other words."""
    forms = {word, word + "s", word + "es", word + "ed", word + "d", word + "ing"}
    if word.endswith("e"):
        forms |= {word[:-1] + "ing", word[:-1] + "ed"}
    if word.endswith("y") and len(word) > 2:
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if (
        len(word) > 2
        and word[-1] not in "aeiouwxy"
        and word[-2] in "aeiou"
        and word[-3] not in "aeiou"
    ):
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}  # stop → stopped
    return forms


def _word_matches(pattern: str, token: str) -> bool:
    if pattern.endswith("*"):
        return token.startswith(pattern[:-1])
    return token in _forms(pattern)


def _english_matches(analysis: Analysis, cue: str, kind: str) -> list[Match]:
    words = []
    for part in _normalise(cue).split():
        found = [_word(w) for w in _EN_WORD.findall(part)]
        if found and part.endswith("*"):
            found[-1] += "*"  # a stem: "suspic*" matches suspicious, suspicion
        words += found
    words = [
        w for w in words if w not in _EN_CONJUNCTIONS and w not in {"and", "or"}
    ]  # as the answer's tokens
    if not words:
        return []
    tokens = analysis.en
    found = []
    for i in range(len(tokens) - len(words) + 1):
        span = tokens[i : i + len(words)]
        if len({t.clause for t in span}) != 1 or not all(
            _word_matches(p, t.text) for p, t in zip(words, span, strict=True)
        ):
            continue
        after = tokens[i + len(words)].text if i + len(words) < len(tokens) else ""
        if len(words) == 1 and span[0].text in _EN_MODAL and after == "to":
            continue  # "they need to pay": a modal verb, not the need itself
        found.append(_english_polarity(analysis, i, i + len(words), cue, kind))
    return found


def _english_polarity(analysis: Analysis, first: int, last: int, cue: str, kind: str) -> Match:
    tokens = analysis.en
    clause = tokens[first].clause
    negators: set[int] = set()
    for j in range(max(0, first - WINDOW), first):
        token = tokens[j]
        if token.clause != clause:
            continue
        if token.text in _EN_NEG_VERBS:
            before = tokens[j - 1] if j > 0 else None
            if before is not None and before.clause == clause and before.text in _EN_NEGATORS:
                negators.discard(j - 1)  # "never skip": the two cancel
            else:
                negators.add(j)
            continue
        if token.text not in _EN_NEGATORS:
            continue
        following = tokens[j + 1].text if j + 1 < len(tokens) else ""
        if (token.text, following) in _EN_NOT_NEGATING:
            continue
        if token.text == "rather" and following != "than":
            continue
        if following in _EN_NEG_VERBS:
            continue  # cancelled by the verb after it
        negators.add(j)
    negations = len(negators)
    for j in range(max(0, first - 2 * WINDOW), max(0, first - WINDOW)):
        pair = tokens[j : j + 2]
        if (
            len(pair) == 2
            and all(t.clause == clause for t in pair)
            and pair[0].text in _EN_NEGATORS
            and pair[1].text in _EN_REPORTING
        ):
            negations += 1  # beyond the usual window: "does not show that the type causes…"
    after = [t.text for t in tokens[last : last + 3] if t.clause == clause]
    if after and (after[0] in _EN_AFTER or (after[0] in _EN_ALMOST and _EN_AFTER & set(after[1:]))):
        negations += 1  # "promise nothing", "costs us almost nothing"
    rest = " ".join(t.text for t in tokens[last : last + WINDOW] if t.clause == clause)
    if any(re.search(rf"\b{re.escape(p.replace(chr(39), ''))}\b", rest) for p in _EN_REJECTING):
        negations += 1
    start, end = tokens[first].start, tokens[last - 1].end
    return Match(cue, kind, start, end, _polarity(negations), analysis.clause_text(start, end))


# --------------------------------------------------------------------------- Chinese matching
def _chinese_variants(cue: str) -> list[tuple[str, int]]:
    """The cue, plus its "cannot" form with an inherent negation (买得起 → 买不起)."""
    variants = [(cue, 0)]
    if "得" in cue[1:-1] or (len(cue) >= 3 and cue[1] == "得"):
        variants.append((cue.replace("得", "不", 1), 1))
    return variants


def _chinese_matches(analysis: Analysis, cue: str, kind: str) -> list[Match]:
    cue = _normalise(cue)
    tokens = analysis.zh
    if not tokens:
        return []
    found = []
    for variant, inherent in _chinese_variants(cue):
        start = analysis.text.find(variant)
        while start != -1:
            end = start + len(variant)
            index = next((k for k, t in enumerate(tokens) if t.start <= start < t.end), None)
            if index is not None:
                token = tokens[index]
                whole_word = token.start == start and token.end >= end
                if len(variant) > 1 or (whole_word and token.end == end):
                    negations = inherent + _chinese_negations(analysis, index, start, end)
                    found.append(
                        Match(
                            cue,
                            kind,
                            start,
                            end,
                            _polarity(negations),
                            analysis.clause_text(start, end),
                        )
                    )
            start = analysis.text.find(variant, start + 1)
    return found


def _zh_negator(word: str) -> bool:
    """A negating word: a listed one, or 不/没/别 + one verb (不花, 没查, 别给), except 不同, 别人…"""
    if word in _ZH_NEGATORS:
        return True
    return len(word) == 2 and word[0] in "不没别" and word not in _ZH_NOT_NEGATORS


def _chinese_negations(analysis: Analysis, index: int, start: int, end: int) -> int:
    tokens = analysis.zh
    token = tokens[index]
    negations = 0
    prefix = analysis.text[token.start : start]
    if prefix and any(prefix.endswith(p) or prefix == p for p in _ZH_NEG_PREFIXES):
        negations += 1
    clause = token.clause
    near = 0
    for j in range(max(0, index - WINDOW), index):
        if tokens[j].clause != clause or not _zh_negator(tokens[j].text):
            continue
        between = {t.text for t in tokens[j + 1 : index]}
        if "的" in between and tokens[j].text not in _ZH_COPULA_NEGATORS:
            continue  # 没见过的新线索: the negation is inside a modifier of the cue, not on it
        near += 1
    before = "".join(t.text for t in tokens[:index] if t.clause == clause)
    if not near and any(r in before for r in _ZH_REPORTING):
        near = 1  # 不能说明……导致: the negation covers the claim that follows
    negations += near
    after = analysis.text[end : end + 2]
    if any(after.startswith(c) for c in _ZH_CANNOT):
        negations += 1
    rest = "".join(t.text for t in tokens[index + 1 :] if t.clause == clause)
    if any(r in rest for r in _ZH_REJECTING):
        negations += 1
    return negations


def _polarity(negations: int) -> int:
    if negations == 0:
        return 1
    return -1 if negations % 2 else 0


def cue_matches(analysis: Analysis, cue: str, kind: str) -> list[Match]:
    """Matches of a one-part cue; ``|`` separates alternatives, each English or Chinese."""
    found: list[Match] = []
    for alternative in cue.split("|"):
        alternative = alternative.strip()
        if not alternative:
            continue
        if _HAN.search(alternative):
            found += _chinese_matches(analysis, alternative, kind)
        else:
            found += _english_matches(analysis, alternative, kind)
    return found


def paired_matches(analysis: Analysis, cue: str, kind: str, anchors: Sequence[str]) -> list[Match]:
    """Matches of a two-part cue "layer + emphasis" (see :class:`Idea`)."""
    layer, emphasis = (part.strip() for part in cue.split(" + ", 1))
    mine = {(m.start, m.end) for m in cue_matches(analysis, layer, "word")}
    if not mine:
        return []
    every_layer = {
        (m.start, m.end)
        for a in dict.fromkeys([*anchors, layer])
        for m in cue_matches(analysis, a, "word")
    }
    found = []
    for stress in cue_matches(analysis, emphasis, kind):
        sentence = analysis.sentence_of(stress.start)
        near = [span for span in every_layer if analysis.sentence_of(span[0]) == sentence]
        if not near:
            continue
        nearest = _layer_of(analysis, stress, near)
        if nearest in mine:
            start, end = min(nearest[0], stress.start), max(nearest[1], stress.end)
            found.append(Match(cue, kind, start, end, stress.polarity, stress.clause))
    return found


_LINK = re.compile(
    r"\s+(?:for|to|with|among|in|of)\s+(?:(?:the|each|every|a|an|all|their|our|those)\s+)?"
)


def _layer_of(analysis: Analysis, stress: Match, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """The layer an emphasis belongs to: one it is linked to ("value for the motive"), else the
    nearest one named before it in its clause ("by age, stress …"), else the nearest after it."""
    linked = _LINK.match(analysis.text, stress.end)
    if linked:
        for span in spans:
            if span[0] == linked.end():
                return span
    clause = next(
        ((a, b) for a, b in analysis.clauses if a <= stress.start < b), (0, len(analysis.text))
    )
    for pool in ([s for s in spans if clause[0] <= s[0] < clause[1]], spans):
        before = [span for span in pool if span[0] <= stress.start]
        if before:
            return max(before)
        if pool:
            return min(pool)
    return spans[0]
