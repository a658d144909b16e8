"""Claims: every figure and comparison the course states about its data, computed (课程论断与数据绑定).

A sentence of course text that states a figure or a comparison about the
bundled data must be backed by a :class:`Claim`: an id, what it states in
both languages, and a function that computes it from the data.

* A **figure** is written into the text as ``{{ch01.man.MAN}}`` in a notebook
  source (``notebooks/src``) or a lesson-plan source
  (``notebooks/lessons/src``); ``python -m course build notebooks`` replaces
  it with the computed value, formatted for the edition's language (the idea
  of Jupyter Book's ``glue``). The text cannot drift from the data: change
  the data and the next build writes the new figure.
* A **comparison** ("MaN converts better than MAn", "no type stands out") is
  asserted in the text as ``{{assert:ch01.need_beats_authority}}`` (rendered
  as nothing). The build refuses to render a comparison that no longer holds,
  and ``tests/test_claims.py`` names it.

Claims live in one module per chapter (:mod:`course.claims.ch01` … :mod:`course.claims.ch08`) and in
:mod:`course.claims.lessons` for figures only the lesson plans use. A lint
(:mod:`course.claims.lint`) fails on a markdown sentence that states a number
or a comparison without a claim, unless an allow-list entry says why it is
not about the data.

>>> from course import claims
>>> claims.text("ch01.leads", "en")                                 # doctest: +SKIP
'3,000'
>>> claims.render("Huaxin has {{ch01.leads}} leads.", "zh")         # doctest: +SKIP
'Huaxin has 3000 leads.'
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

CHAPTER_MODULES = ("ch01", "ch02", "ch03", "ch04", "ch05", "ch06", "ch07", "ch08", "lessons")
#: ``{{id}}`` (a figure) or ``{{assert:id}}`` (a comparison), ids like ``ch01.man.MAN``
_GONE = "\x00"  # where an asserted comparison stood, until the spacing around it is tidied
PLACEHOLDER = re.compile(r"\{\{\s*(?P<assert>assert:)?\s*(?P<id>[a-z0-9_]+(?:\.[A-Za-z0-9_]+)+)\s*\}\}")


class ClaimError(ValueError):
    """A claim that is unknown, cannot be computed, or no longer holds."""


@dataclass(frozen=True)
class Claim:
    """One statement the course makes about its data.

    Attributes
    ----------
    id : str
        ``chNN.topic.detail``; the chapter prefix says where it is taught.
    about : dict
        What the claim states, ``{"en": ..., "zh": ...}`` (for reports and errors).
    compute : callable
        ``compute(data) -> value`` from :class:`Data` (cached tables and results).
    fmt : str or callable
        How a figure is written: ``"pct"`` (one decimal), ``"pct0"``, ``"int"``,
        ``"num1"``/``"num2"``/``"num3"``, ``"money"``, ``"date"``, ``"text"`` (the
        value is ``{"en": ..., "zh": ...}`` or a plain string) or ``fmt(value, lang)``.
    holds : callable, optional
        For a comparison: ``holds(value) -> bool``. ``value`` should be a dict
        of the figures compared, so a failure can show them.
    """

    id: str
    about: Mapping[str, str]
    compute: Callable[[Data], Any]
    fmt: str | Callable[[Any, str], str] = "text"
    holds: Callable[[Any], bool] | None = None

    @property
    def kind(self) -> str:
        return "comparison" if self.holds is not None else "figure"


_REGISTRY: dict[str, Claim] = {}


def claim(id: str, en: str, zh: str, fmt: str | Callable[[Any, str], str] = "text",
          holds: Callable[[Any], bool] | None = None) -> Callable[[Callable[[Data], Any]], Callable[[Data], Any]]:
    """Decorator registering ``compute`` as the claim ``id``."""

    def register(compute: Callable[[Data], Any]) -> Callable[[Data], Any]:
        if id in _REGISTRY:
            raise ValueError(f"claim {id!r} is defined twice")
        _REGISTRY[id] = Claim(id=id, about={"en": en, "zh": zh}, compute=compute, fmt=fmt, holds=holds)
        return compute

    return register


def add(id: str, en: str, zh: str, compute: Callable[[Data], Any], fmt: str | Callable[[Any, str], str] = "text",
        holds: Callable[[Any], bool] | None = None) -> None:
    """Register a claim without a decorator (for claims made in a loop)."""
    claim(id, en, zh, fmt, holds)(compute)


@cache
def _load_all() -> None:
    for name in CHAPTER_MODULES:
        importlib.import_module(f"course.claims.{name}")


def registry() -> dict[str, Claim]:
    """Every registered claim by id."""
    _load_all()
    return dict(_REGISTRY)


def get(claim_id: str) -> Claim:
    """The claim ``claim_id``; :class:`ClaimError` naming close ids if there is none."""
    claims = registry()
    if claim_id not in claims:
        import difflib

        near = difflib.get_close_matches(claim_id, list(claims), n=3)
        hint = f" Did you mean {', '.join(near)}?" if near else ""
        raise ClaimError(f"unknown claim {claim_id!r}.{hint} Define it in course/claims/{claim_id.split('.')[0]}.py.")
    return claims[claim_id]


@dataclass
class Data:
    """The bundled tables and derived results, each computed once (shared by all claims)."""

    _tables: dict[str, Any] = field(default_factory=dict)
    _results: dict[str, Any] = field(default_factory=dict)

    def table(self, name: str):
        """A bundled table (:func:`course.data.load`)."""
        if name not in self._tables:
            from course import data

            self._tables[name] = data.load(name)
        return self._tables[name]

    def result(self, key: str, make: Callable[[], Any]) -> Any:
        """``make()`` once per ``key`` (for results several claims read, e.g. a trained model)."""
        if key not in self._results:
            self._results[key] = make()
        return self._results[key]


_DATA: Data | None = None
_VALUES: dict[str, Any] = {}


def data() -> Data:
    """The shared :class:`Data` of this process."""
    global _DATA
    if _DATA is None:
        _DATA = Data()
    return _DATA


def reset() -> None:
    """Forget cached tables, results and values (after the data files change)."""
    global _DATA
    _DATA = None
    _VALUES.clear()


def value(claim_id: str) -> Any:
    """The computed value of a claim (cached)."""
    c = get(claim_id)
    if claim_id not in _VALUES:
        try:
            _VALUES[claim_id] = c.compute(data())
        except ClaimError:
            raise
        except Exception as error:  # the message names the claim; the cause stays attached
            raise ClaimError(f"claim {claim_id!r} could not be computed: {type(error).__name__}: {error}") from error
    return _VALUES[claim_id]


def _group(number: float, decimals: int, lang: str) -> str:
    text = f"{number:,.{decimals}f}"
    if lang == "zh" and abs(number) < 10_000:
        text = text.replace(",", "")
    return text


def format_value(v: Any, fmt: str | Callable[[Any, str], str], lang: str) -> str:
    """A value written the way the course writes it in ``lang``."""
    if callable(fmt):
        return fmt(v, lang)
    if fmt == "pct":
        return f"{100 * float(v):.1f}%"
    if fmt == "pct0":
        return f"{100 * float(v):.0f}%"
    if fmt == "int":
        return _group(int(v), 0, lang)
    if fmt == "num0":
        return _group(float(v), 0, lang)
    if fmt.startswith("num"):
        return _group(float(v), int(fmt[3:] or 0), lang)
    if fmt == "money":
        amount = _group(float(v), 0, lang)
        return f"¥{amount}" if lang == "en" else f"{amount} 元"
    if fmt == "date":
        import pandas as pd

        return pd.Timestamp(v).strftime("%Y-%m-%d")
    if fmt == "text":
        if isinstance(v, Mapping) and set(v) >= {"en", "zh"}:
            return str(v[lang])
        return str(v)
    raise ValueError(f"unknown claim format {fmt!r}")


def text(claim_id: str, lang: str) -> str:
    """A figure claim written for ``lang`` (``"en"`` or ``"zh"``)."""
    c = get(claim_id)
    if c.kind != "figure":
        raise ClaimError(f"{claim_id!r} is a comparison: assert it with {{{{assert:{claim_id}}}}}, it has no text")
    return format_value(value(claim_id), c.fmt, lang)


@dataclass(frozen=True)
class Check:
    """The result of checking one claim."""

    id: str
    holds: bool
    message: str


def check(claim_id: str) -> Check:
    """Compute a claim; a comparison must hold. Never raises for a false comparison (see ``.holds``)."""
    c = get(claim_id)
    v = value(claim_id)
    if c.kind == "figure":
        return Check(claim_id, True, f"{claim_id} = {format_value(v, c.fmt, 'en')}")
    ok = bool(c.holds(v))
    shown = ", ".join(f"{k}={_short(x)}" for k, x in v.items()) if isinstance(v, Mapping) else _short(v)
    verdict = "holds" if ok else "NO LONGER HOLDS"
    return Check(claim_id, ok, f"claim {claim_id} {verdict}: {c.about['en']} ({shown})")


def _short(x: Any) -> str:
    if isinstance(x, float):
        return f"{x:.4g}"
    return str(x)


def check_all(ids: Iterable[str] | None = None) -> list[Check]:
    """Check the given claims (default: all), in id order."""
    return [check(i) for i in sorted(ids if ids is not None else registry())]


def references(markdown: str) -> list[tuple[str, bool]]:
    """``(claim id, is_assert)`` for every placeholder in ``markdown``."""
    return [(m["id"], bool(m["assert"])) for m in PLACEHOLDER.finditer(markdown)]


def render(markdown: str, lang: str) -> str:
    """Replace the placeholders of ``markdown``: figures by their text, asserted comparisons by nothing.

    Raises :class:`ClaimError` for an unknown claim, a figure asserted or a
    comparison written as a value, and for a comparison that no longer holds
    (the message names it and shows the figures).
    """

    def replace(match: re.Match) -> str:
        claim_id, asserted = match["id"], bool(match["assert"])
        c = get(claim_id)
        if asserted:
            if c.kind != "comparison":
                raise ClaimError(f"{{{{assert:{claim_id}}}}}: {claim_id} is a figure; write {{{{{claim_id}}}}} instead")
            result = check(claim_id)
            if not result.holds:
                raise ClaimError(result.message + ". Fix the text or the data, then rebuild.")
            return _GONE
        return text(claim_id, lang)

    out = PLACEHOLDER.sub(replace, markdown)
    # an asserted comparison leaves no trace: no space before the punctuation that followed it
    # ("… than type does\n{{assert:x}}; the …" -> "… than type does; the …"), none at a line's end
    out = re.sub(rf"[ \t]*\n?[ \t]*{_GONE}(?=[;,.:!?)，。；：、！？）])", "", out)
    out = re.sub(rf"(?<=\S) {_GONE} (?=\S)", " ", out).replace(_GONE, "")
    return re.sub(r"[ \t]+(?=\n|$)", "", out)


__all__ = [
    "Check",
    "Claim",
    "ClaimError",
    "Data",
    "add",
    "check",
    "check_all",
    "claim",
    "data",
    "format_value",
    "get",
    "references",
    "registry",
    "render",
    "reset",
    "text",
    "value",
]
