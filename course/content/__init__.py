"""The course's knowledge base as data (课程知识库).

Each chapter's facts live in a YAML file beside this module, bilingual at
every leaf (``{"en": ..., "zh": ...}``). Notebooks, widgets, exercises and
reports all read from here, so a fact is written once.

>>> from course import content
>>> man = content.get("man")              # raw bilingual entries
>>> content.table("man", lang="en").columns[:3].tolist()   # doctest: +SKIP
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from course.i18n import load_yaml, pick

#: the YAML files of the knowledge base, one per chapter
FILES = ("prospects", "finding", "types", "records", "decision", "strategy", "precision", "course")


@cache
def _load_file(name: str) -> dict[str, Any]:
    text = resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return load_yaml(text) or {}


@cache
def _index() -> dict[str, str]:
    """Section name -> file it lives in."""
    index: dict[str, str] = {}
    for name in FILES:
        for section in _load_file(name):
            if section in index:
                raise ValueError(f"content section {section!r} is defined twice ({index[section]}, {name})")
            index[section] = name
    return index


def sections() -> list[str]:
    """Every section name in the knowledge base."""
    return sorted(_index())


def get(section: str) -> Any:
    """The raw (bilingual) entries of ``section``.

    Raises ``KeyError`` listing the known sections when ``section`` is unknown.
    """
    try:
        file = _index()[section]
    except KeyError:
        raise KeyError(f"No content section {section!r}. Known sections: {', '.join(sections())}") from None
    return _load_file(file)[section]


def text(section: str, lang: str | None = None) -> Any:
    """``section`` resolved to one language (the current one by default)."""
    return pick(get(section), lang)


def table(section: str, lang: str | None = None):
    """A list-shaped section as a DataFrame in one language (list fields joined by '; ')."""
    import pandas as pd

    rows = text(section, lang)
    if not isinstance(rows, list):
        raise TypeError(f"content section {section!r} is not a list of entries")
    flat = [
        {k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()} for row in rows
    ]
    return pd.DataFrame(flat)


def by_id(section: str, lang: str | None = None) -> dict[str, Any]:
    """A list-shaped section keyed by each entry's ``id``."""
    return {row["id"]: row for row in text(section, lang)}


def show(section: str, columns: list[str] | None = None, lang: str | None = None):
    """A list-shaped section as a table in the house style (:mod:`course.tables`).

    ``columns`` picks and orders the fields (default: all but ids and flags); headers are the
    ``col.<field>`` messages. Every cell is shown whole; a field that holds a list shows its
    sentences one per line (short items joined with ", " / "、"), never "a.; b.".

    >>> tbl = show("desire_signs", ["name", "explanation"], lang="zh")
    >>> tbl.columns, len(tbl) == len(text("desire_signs"))
    (['名称', '说明'], True)
    """
    import pandas as pd

    from course import tables

    rows = text(section, lang)
    if not isinstance(rows, list):
        raise TypeError(f"content section {section!r} is not a list of entries")
    fields = list(dict.fromkeys(k for row in rows for k in row))
    if columns is None:
        columns = [
            c for c in fields if c not in {"id", "kind"} and not all(isinstance(r.get(c), bool) for r in rows)
        ]
    missing = [c for c in columns if c not in fields]
    if missing:
        raise KeyError(f"section {section!r} has no field(s) {missing}; fields: {fields}")
    frame = pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=columns)
    # content is prose: a word that happens to be a code ("quality") is shown as written
    return tables.table(frame, lang, code_of=lambda value, lang: value)
