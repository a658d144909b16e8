"""A subset of a CJK font embedded in an HTML page, so Chinese renders anywhere (嵌入中文字体).

An HTML report or slide deck opened on a machine without Chinese fonts (a fresh Linux box, a
locked-down classroom PC) shows boxes instead of characters. :func:`embed_cjk_font` cuts the
Noto Sans CJK SC font that matplotlib already uses (shipped by ``mplfonts``) down to the
characters the page uses, and puts it into the page as a base64 ``@font-face`` — WOFF2 when
the ``brotli`` package is installed, otherwise WOFF (zlib, always available with fontTools).
A page of a few hundred distinct characters grows by roughly 100–300 kB; the page stays one
self-contained file.

>>> page = "<html><head></head><body><p>潜在客户</p></body></html>"
>>> out = embed_cjk_font(page)                    # doctest: +SKIP
>>> "@font-face" in out and "CourseCJK" in out    # doctest: +SKIP
True

Where to call it: on the final HTML of any page that may show Chinese — the prospect report,
the class and progress reports, the slide decks (:mod:`course.slides` does), just before the
page is written.
"""

from __future__ import annotations

import base64
import io
import re
from functools import cache
from pathlib import Path

__all__ = ["FAMILY", "cjk_font_face", "cjk_font_path", "embed_cjk_font", "font_subset", "narrowed", "needs_cjk"]

FAMILY = "CourseCJK"
_CJK = re.compile(
    "[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31c0-\u31ef\u3200-\u32ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
)
_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.DOTALL | re.IGNORECASE)
_ENTITY = re.compile(r"&#(x[0-9a-fA-F]+|\d+);")
_MARK = "/* course: embedded CJK font */"


def cjk_font_path() -> Path:
    """The Noto Sans CJK SC font file shipped by ``mplfonts`` (a dependency of the kit)."""
    try:
        import mplfonts
    except ImportError as exc:  # pragma: no cover - mplfonts is a runtime dependency
        raise FileNotFoundError(
            "mplfonts is not installed: `pip install mplfonts` provides the CJK font"
        ) from exc
    path = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: reinstall mplfonts")
    return path


def needs_cjk(html: str) -> str:
    """The distinct CJK characters (and full-width punctuation) the page's text shows, sorted."""
    text = _TAGS.sub(" ", html)
    text = _ENTITY.sub(
        lambda m: chr(int(m.group(1)[1:], 16) if m.group(1)[0] == "x" else int(m.group(1))), text
    )
    return "".join(sorted(set(_CJK.findall(text))))


@cache
def _font_bytes(path: str) -> bytes:
    return Path(path).read_bytes()


def _flavor() -> str:
    try:
        import brotli  # noqa: F401 - only its presence matters: fontTools writes WOFF2 with it
    except ImportError:
        return "woff"
    return "woff2"


def _cut(characters: str, font: str | Path | bytes | None, flavor: str | None) -> bytes:
    from fontTools import subset

    options = subset.Options()
    options.flavor = flavor
    options.layout_features = ["*"]  # keep the vertical/proportional forms Chinese punctuation uses
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False  # a screen font at report sizes; hints only add bytes
    data = font if isinstance(font, bytes) else _font_bytes(str(font or cjk_font_path()))
    face = subset.load_font(io.BytesIO(data), options, lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(face)
    out = io.BytesIO()
    subset.save_font(face, out, options)
    return out.getvalue()


def font_subset(
    characters: str, font: str | Path | bytes | None = None, flavor: str | None = None
) -> tuple[bytes, str]:
    """The font cut down to ``characters``: ``(font bytes, "woff2" | "woff")``.

    Parameters
    ----------
    characters : str
        Every character the subset must draw (duplicates are fine).
    font : path or bytes, optional
        An OpenType/TrueType font, or one :func:`narrowed` made (default: :func:`cjk_font_path`).
    flavor : {"woff2", "woff"}, optional
        Default: WOFF2 when ``brotli`` is installed, else WOFF.
    """
    flavor = flavor or _flavor()
    return _cut(characters, font, flavor), flavor


def narrowed(characters: str, font: str | Path | None = None) -> bytes:
    """The font cut down to ``characters``, as an OpenType font to cut many pages' subsets from.

    Cutting a page's few hundred characters out of the whole Noto Sans CJK font (65,000 glyphs) takes
    about a second; out of a font narrowed to the characters of a whole batch of pages (the class
    report's feedback pages), a tenth of that. Each page still embeds only the characters it shows.
    """
    return _cut(characters, font, None)


def cjk_font_face(characters: str, family: str = FAMILY, font: str | Path | bytes | None = None) -> str:
    """A CSS ``@font-face`` rule holding the subset as a base64 data URL (``""`` for no characters)."""
    if not characters:
        return ""
    data, flavor = font_subset(characters, font)
    encoded = base64.b64encode(data).decode("ascii")
    return (
        # one weight (the regular the subset is cut from): bold text is then drawn emboldened by the
        # browser; a face claiming every weight (100 900) left headings and <b> at regular weight
        f'@font-face {{ font-family: "{family}"; font-style: normal; font-weight: 400; font-display: block;'
        f' src: url(data:font/{flavor};base64,{encoded}) format("{flavor}"); }}'
    )


def embed_cjk_font(
    html: str, family: str = FAMILY, font: str | Path | bytes | None = None, selector: str = "html, body"
) -> str:
    """``html`` with the CJK characters it shows embedded as a font, used after the page's own fonts.

    The page's Latin text keeps its fonts: the embedded family goes first in the font stack of
    ``selector`` and of every ``font-family`` declaration in the page's ``<style>`` blocks and
    inline styles, and since it maps only the page's CJK characters, every other character
    falls through to the page's own fonts. A page without CJK text is returned unchanged; calling it twice
    embeds once.

    Parameters
    ----------
    html : str
        A whole HTML page (with ``</head>``) or a fragment.
    family : str
        The CSS family name of the embedded subset.
    font : path or bytes, optional
        The font to cut from (default: the kit's Noto Sans CJK SC; bytes: a font :func:`narrowed` made).
    selector : str
        Elements whose font stack gains the family even if no style names a font.
    """
    if _MARK in html:
        return html
    characters = needs_cjk(html)
    if not characters:
        return html
    face = cjk_font_face(characters, family, font)

    def extend(match: re.Match) -> str:
        stack = match.group(2).rstrip()
        important = ""
        if stack.endswith("!important"):
            stack, important = stack[: -len("!important")].rstrip(), " !important"
        if family in stack:
            return match.group(0)
        # first: it maps only the page's CJK characters, so every other character still comes
        # from the page's own fonts (measured: placed after them, Chromium kept boxes for some
        # runs laid out before the embedded font was decoded)
        return f'{match.group(1)}"{family}", {stack}{important}'

    def in_style(block: re.Match) -> str:
        return re.sub(r"(font-family\s*:\s*)([^;}]+)", extend, block.group(0))

    html = re.sub(r"<style\b[^>]*>.*?</style>", in_style, html, flags=re.DOTALL | re.IGNORECASE)
    html = re.sub(r'(style="[^"]*?font-family\s*:\s*)([^;"]+)', lambda m: extend(m), html)
    css = f'<style>{_MARK}\n{face}\n{selector} {{ font-family: "{family}", "DejaVu Sans", Arial, sans-serif; }}\n</style>'
    # before the page's own styles, so its font rules (now starting with the family) come later and win; after its
    # <meta charset> and <title>, which must stay near the top (a browser looks for the charset in the first 1024
    # bytes; tools find a page by its title without reading a whole embedded font first)
    head = re.search(r"<head\b[^>]*>", html, re.IGNORECASE)
    if head:
        end = re.search(r"</head\s*>", html[head.end() :], re.IGNORECASE)
        inside = html[head.end() : head.end() + end.start()] if end else ""
        first = re.search(r"<(style|link|script)\b", inside, re.IGNORECASE)
        at = head.end() + (first.start() if first else len(inside))
        return html[:at] + css + html[at:]
    return css + html
