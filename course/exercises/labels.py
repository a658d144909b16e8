"""One place that decides which spellings name the same label (标签解析).

Wherever an answer is a label — a personality type, an income band, a buying
step, a lever, a segment — a trainee may type the kit's id (``rational``), its
English name (``Rational``) or its Chinese name (``理智型``), in either edition.
Every exercise asks this module, so the rule is the same in every chapter::

    >>> from course.exercises import labels
    >>> labels.resolve("理智型", ["rational"])
    'rational'
    >>> labels.resolve("高收入", ["high"])
    'high'
    >>> labels.display("guarded", "zh", among=["guarded"])
    '沉默戒备'

A *domain* is one family of labels: a section of the knowledge base whose
entries have an ``id`` and a bilingual ``name`` (``personality_types``,
``conversion_levers``, ``rfm.segments`` …), a family of catalogue messages
(``value.*``, ``ch03.quadrant.*``), or a domain of
``content/label_spellings.yaml``, which also adds spellings to the others.
An answer is resolved only inside the domains that hold the expected ids, so
``high`` can be an income band in one question and a price sensitivity in
another without the two meanings mixing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from course import i18n

#: catalogue message families whose keys end in a label id
MESSAGE_FAMILIES = ("value", "ch03.quadrant")
_NOT_KEY = re.compile(r"[^0-9a-z\u3400-\u9fff]+")
_PARENS = re.compile(r"[（(]([^）)]*)[）)]")
_LEADING_NUMBER = re.compile(r"^\s*\d+[\s.、:：]+")


def key(text: Any) -> str:
    """The comparison form of a label: width-, case-, space- and punctuation-insensitive.

    >>> key(" Big spenders "), key("big_spenders"), key("A 类客户")
    ('bigspenders', 'bigspenders', 'a类客户')
    """
    return _NOT_KEY.sub("", unicodedata.normalize("NFKC", str(text)).casefold())


def spellings(name: str) -> set[str]:
    """The keys under which a displayed name is accepted: whole, its parts and its bracketed gloss.

    >>> sorted(spellings("了解（知晓）"))
    ['了解', '了解知晓', '知晓']
    >>> sorted(spellings("Introverted / silent"))
    ['introverted', 'introvertedsilent', 'silent']
    >>> sorted(spellings("3 产品规格"))
    ['3产品规格', '产品规格']
    """
    found = {name}
    bare = _PARENS.sub("", name)
    found.add(bare)
    found.update(_PARENS.findall(name))
    found.update(part for part in bare.split("/"))
    found.add(_LEADING_NUMBER.sub("", bare))
    keys = {key(s) for s in found}
    keys |= {k[:-1] for k in keys if k.endswith("型") and len(k) > 2}  # 理智型 → 理智
    return {k for k in keys if k}


@dataclass
class Domain:
    """One family of labels: id → displayed names, and every accepted spelling → ids."""

    name: str
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    accepted: dict[str, list[str]] = field(default_factory=dict)

    def add(
        self, label_id: str, texts: Iterable[str], display: Mapping[str, str] | None = None
    ) -> None:
        if display and label_id not in self.names:
            self.names[label_id] = dict(display)
        for text in [label_id, label_id.replace("_", " "), *texts]:
            for spelling in spellings(str(text)):
                ids = self.accepted.setdefault(spelling, [])
                if label_id not in ids:
                    ids.append(label_id)

    def ids(self) -> set[str]:
        return set(self.names) | {i for ids in self.accepted.values() for i in ids}

    def lookup(self, answer: Any) -> list[str]:
        """The ids ``answer`` may name in this domain (several only for a shared name)."""
        return list(self.accepted.get(key(answer), [])) if isinstance(answer, str) else []


def _content_domains() -> dict[str, Domain]:
    from course import content

    found: dict[str, Domain] = {}

    def visit(name: str, value: Any) -> None:
        if isinstance(value, list) and value and all(isinstance(r, Mapping) for r in value):
            rows = [
                r
                for r in value
                if isinstance(r.get("id"), str) and i18n.is_bilingual(r.get("name"))
            ]
            if len(rows) == len(value):
                domain = found.setdefault(name, Domain(name))
                for row in rows:
                    domain.add(row["id"], row["name"].values(), row["name"])
        elif isinstance(value, Mapping) and not i18n.is_bilingual(value):
            for sub, inner in value.items():
                visit(f"{name}.{sub}", inner)

    for section in content.sections():
        visit(section, content.get(section))
    return found


def _message_domains() -> dict[str, Domain]:
    found: dict[str, Domain] = {}
    for message_key, entry in i18n.messages().items():
        family, _, label_id = message_key.rpartition(".")
        if family in MESSAGE_FAMILIES and i18n.is_bilingual(entry):
            found.setdefault(family, Domain(family)).add(label_id, entry.values(), entry)
    return found


def _spelling_domains(found: dict[str, Domain]) -> None:
    text = (
        resources.files("course.content")
        .joinpath("label_spellings.yaml")
        .read_text(encoding="utf-8")
    )
    for name, entries in (i18n.load_yaml(text) or {}).items():
        domain = found.setdefault(name, Domain(name))
        for label_id, by_lang in entries.items():
            display = {lang: by_lang[lang][0] for lang in i18n.LANGUAGES}
            domain.add(label_id, [s for lang in i18n.LANGUAGES for s in by_lang[lang]], display)


@cache
def domains() -> dict[str, Domain]:
    """Every label domain, built once from the content, the catalogue and the spellings file."""
    found = _content_domains()
    for name, domain in _message_domains().items():
        found.setdefault(name, Domain(name))
        for label_id, display in domain.names.items():
            found[name].add(label_id, display.values(), display)
    _spelling_domains(found)
    return found


def domains_holding(ids: Iterable[str]) -> list[Domain]:
    """The domains that contain every one of ``ids`` (none for ids that are not labels)."""
    wanted = {i for i in ids if isinstance(i, str)}
    if not wanted:
        return []
    return [d for d in domains().values() if wanted <= d.ids()]


def resolve(
    answer: Any, expected: Iterable[str], options: Mapping[str, Mapping[str, str]] | None = None
) -> str | None:
    """The id that ``answer`` names, read in the domains of the ``expected`` ids.

    ``options`` (id → bilingual name, as a choice exercise holds them) is a
    domain of its own and is tried first. Returns an expected id whenever the
    answer is one of its spellings, another id of the same domain when the
    answer names that one, and ``None`` when the answer is not a known label.
    """
    if not isinstance(answer, str):
        return None
    expected = [e for e in expected if isinstance(e, str)]
    candidates: list[Domain] = []
    if options:
        local = Domain("options")
        for option_id, name in options.items():
            local.add(option_id, name.values(), name)
        candidates.append(local)
    candidates += domains_holding(expected if not options else list(options))
    named: list[str] = []
    for domain in candidates:
        ids = domain.lookup(answer)
        hit = next((i for i in ids if i in expected), None)
        if hit is not None:
            return hit
        named += [i for i in ids if i not in named and (not options or i in options)]
    return named[0] if named else None


def same(answer: Any, expected_id: str) -> bool:
    """True when ``answer`` names the label ``expected_id`` (an exact id always counts)."""
    if isinstance(answer, str) and key(answer) == key(expected_id):
        return True
    return resolve(answer, [expected_id]) == expected_id


def display(label_id: Any, lang: str | None = None, *, among: Iterable[str] = ()) -> str:
    """``label_id`` as the trainee reads it in ``lang`` (the id itself when it is not a label)."""
    lang = lang or i18n.get_language()
    if not isinstance(label_id, str):
        return str(label_id)
    for domain in domains_holding([label_id, *among]) or domains_holding([label_id]):
        if label_id in domain.names:
            return domain.names[label_id][lang]
    return label_id


def is_label(value: Any) -> bool:
    """True when ``value`` is the id of some label the kit knows."""
    return isinstance(value, str) and bool(domains_holding([value]))
