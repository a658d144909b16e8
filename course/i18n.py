"""Language switch and message catalogue (界面语言与文案).

Every trainee-facing string in the kit goes through this module:

- :func:`set_language` chooses ``"en"`` or ``"zh"`` for the whole kernel;
- :func:`t` looks a message up in ``content/messages.yaml`` and formats it;
- :func:`pick` turns a bilingual mapping ``{"en": ..., "zh": ...}`` (the shape
  every entry of :mod:`course.content` uses) into the current language.

>>> import course
>>> course.set_language("zh")
>>> course.t("status.correct")
'正确'
>>> course.set_language("en")
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import yaml

LANGUAGES = ("en", "zh")
_DEFAULT = "en"
_current = os.environ.get("COURSE_LANG", _DEFAULT) if os.environ.get("COURSE_LANG") in LANGUAGES else _DEFAULT


def set_language(lang: str) -> None:
    """Use ``lang`` (``"en"`` or ``"zh"``) for every message from now on.

    Raises ``ValueError`` naming the accepted values for anything else.
    """
    global _current
    code = str(lang).strip().lower().replace("_", "-")
    aliases = {"cn": "zh", "zh-cn": "zh", "zh-hans": "zh", "chinese": "zh", "中文": "zh", "english": "en"}
    code = aliases.get(code, code)
    if code not in LANGUAGES:
        raise ValueError(
            f"Unknown language {lang!r}: use 'en' (English) or 'zh' (中文). "
            f"未知语言 {lang!r}：请使用 'en'（英文）或 'zh'（中文）。"
        )
    _current = code


def get_language() -> str:
    """The language in use, ``"en"`` or ``"zh"``."""
    return _current


def load_yaml(text: str) -> Any:
    """``yaml.safe_load`` through libyaml when PyYAML was built with it (5-10x quicker on the course's catalogues)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader


@cache
def _catalogue() -> dict[str, dict[str, str]]:
    """``messages.yaml`` (shared) plus one ``messages_chNN.yaml`` per chapter."""
    folder = resources.files("course.content")
    names = ["messages.yaml"] + sorted(
        entry.name for entry in folder.iterdir() if entry.name.startswith("messages_") and entry.name.endswith(".yaml")
    )
    catalogue: dict[str, dict[str, str]] = {}
    for name in names:
        part = load_yaml(folder.joinpath(name).read_text(encoding="utf-8")) or {}
        clash = set(part) & set(catalogue)
        if clash:
            raise ValueError(f"message keys defined twice ({name}): {sorted(clash)[:5]}")
        catalogue.update(part)
    return catalogue


def messages() -> dict[str, dict[str, str]]:
    """The whole message catalogue (key -> {"en": ..., "zh": ...}); for tests and tools."""
    return _catalogue()


def t(key: str, lang: str | None = None, **values: Any) -> str:
    """The message ``key`` in the current language, formatted with ``values``.

    A missing key is a bug in the kit, so it raises ``KeyError`` with the key
    rather than showing the trainee an empty string.
    """
    entry = _catalogue().get(key)
    if entry is None:
        raise KeyError(f"message {key!r} is missing from course/content/messages.yaml")
    template = entry[lang or _current]
    return template.format(**values) if values else template


def both(key: str, **values: Any) -> dict[str, str]:
    """The message ``key`` in both languages, e.g. for a machine-readable record."""
    return {lang: t(key, lang=lang, **values) for lang in LANGUAGES}


def is_bilingual(value: Any) -> bool:
    """True for a mapping with exactly the keys ``en`` and ``zh``."""
    return isinstance(value, Mapping) and set(value) == set(LANGUAGES)


def pick(value: Any, lang: str | None = None) -> Any:
    """Resolve bilingual mappings inside ``value`` to one language, recursively.

    >>> pick({"en": "Need", "zh": "需求"}, lang="zh")
    '需求'
    >>> pick([{"en": "a", "zh": "甲"}], lang="en")
    ['a']
    """
    lang = lang or _current
    if is_bilingual(value):
        return value[lang]
    if isinstance(value, Mapping):
        return {k: pick(v, lang) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [pick(v, lang) for v in value]
    return value


def labels(frame, values: bool = True):
    """A copy of a DataFrame/Series with column and index names — and coded values — in the current language.

    Names with a ``col.<name>`` message are translated. With ``values`` (the
    default) text cells and index values that have a ``value.<code>`` message
    are translated too, and yes/no columns read ``yes``/``no`` (``是``/``否``),
    so a Chinese table shows no English codes and no True/False. Values
    without a message (ids, MAN codes, names) stay as they are. Data
    functions keep machine names (``conversion_rate``); notebooks show
    ``course.labels(table)``.
    """
    known = _catalogue()

    def name(value):
        if not isinstance(value, str):
            return value
        for key in (f"col.{value}", f"value.{value}"):
            if key in known:
                return t(key)
        return value

    def cell(value):
        if isinstance(value, str) and f"value.{value}" in known:
            return t(f"value.{value}")
        return value

    def translate(series):
        import pandas as pd

        if pd.api.types.is_bool_dtype(series):
            yes, no = t("value.yes"), t("value.no")
            return series.map(lambda v: yes if v is True or v == True else (no if v is False or v == False else v))  # noqa: E712
        if series.dtype == object or pd.api.types.is_string_dtype(series) or isinstance(series.dtype, pd.CategoricalDtype):
            return series.astype(object).map(cell)
        return series

    out = frame.copy()
    if values:
        if hasattr(out, "columns"):
            for column in out.columns:
                out[column] = translate(out[column])
        else:
            out = translate(out)
    if hasattr(out, "columns"):
        out.columns = [name(c) for c in out.columns]
        out.columns.name = name(frame.columns.name)
    else:
        out.name = name(frame.name)
    out.index = out.index.map(lambda v: t(f"value.{v}") if isinstance(v, str) and f"value.{v}" in known else v)
    out.index.names = [name(n) for n in out.index.names]
    return out
