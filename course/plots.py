"""House style for the kit's plots (图表样式), with Chinese glyphs on any machine.

Every plotting function in the kit calls :func:`apply_style` first and builds
its figure with the object-oriented API (``Figure``), so plots look the same
in notebooks, reports and tests and never depend on pyplot's global state.
"""

from __future__ import annotations

from functools import cache

import matplotlib as mpl

PALETTE = ["#1f5aa6", "#e07b1a", "#2e8b57", "#b03a48", "#6a4c93", "#8c8c8c", "#c9a227", "#1a9aa0"]
CJK_FAMILY = "Noto Sans CJK SC"


@cache
def _register_cjk_font() -> str | None:
    """Register the Noto Sans CJK SC font that the ``mplfonts`` package ships."""
    from importlib import resources

    from matplotlib import font_manager

    try:
        path = resources.files("mplfonts").joinpath("fonts", "NotoSansCJKsc-Regular.otf")
    except ModuleNotFoundError:
        path = None
    if path is not None and path.is_file():
        font_manager.fontManager.addfont(str(path))
        return CJK_FAMILY
    # fall back to any CJK font installed on the system
    for font in font_manager.fontManager.ttflist:
        if any(key in font.name for key in ("CJK SC", "WenQuanYi", "SimHei", "Source Han Sans")):
            return font.name
    return None


@cache
def _ensure_inline() -> None:
    """In a kernel, make a returned ``Figure`` display as a PNG (without importing pyplot in notebooks)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return
    shell = get_ipython()
    if shell is not None and getattr(shell, "kernel", None) is not None:
        shell.run_line_magic("matplotlib", "inline")


def apply_style() -> None:
    """Legible defaults: bigger text, no top/right spines, a CJK-capable font."""
    _ensure_inline()
    family = _register_cjk_font()
    mpl.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": 110,
            "figure.figsize": (8, 4.5),
            "font.size": 11,
            "axes.titlesize": 14,
            "axes.titleweight": "normal",  # the CJK font ships one weight
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.prop_cycle": mpl.cycler(color=PALETTE),
            "axes.unicode_minus": False,
            "svg.hashsalt": "course",
        }
    )
    if family:
        mpl.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
        mpl.rcParams["font.family"] = "sans-serif"


def new_figure(width: float = 8, height: float = 4.5, ncols: int = 1, nrows: int = 1,
               height_ratios=None, sharex: bool = False):
    """A styled ``Figure`` and its axes, detached from pyplot.

    Jupyter shows a returned ``Figure`` as a PNG through its ``_repr_png_``.
    """
    from matplotlib.figure import Figure

    apply_style()
    fig = Figure(figsize=(width, height), layout="constrained")
    if nrows == 1:
        axes = fig.subplots(1, ncols)
    else:
        axes = fig.subplots(nrows, ncols, sharex=sharex, gridspec_kw={"height_ratios": height_ratios})
    return fig, axes


def figure_png(fig) -> bytes:
    """PNG bytes of a figure (for widgets and reports)."""
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
