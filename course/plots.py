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


#: where a point's label may go, in order of preference: (dx, dy) in units of the offset, alignment
_PLACES = (
    (0, 1, "center", "bottom"), (0, -1, "center", "top"), (1, 0, "left", "center"), (-1, 0, "right", "center"),
    (0.8, 0.8, "left", "bottom"), (-0.8, 0.8, "right", "bottom"), (0.8, -0.8, "left", "top"),
    (-0.8, -0.8, "right", "top"), (0, 2.2, "center", "bottom"), (0, -2.2, "center", "top"),
)


def label_points(ax, xs, ys, labels, *, offset: float = 7, marker_size: float = 10, **text_kw) -> list:
    """Label each point where its text overlaps no other label, point or text already on the axes.

    Each label tries, in order, above, below, right and left of its point, then the diagonals and
    further out, and takes the first place that is free and inside the axes (else the place that
    overlaps least). Deterministic — the same figure every build — and enough for the kit's plots
    of a few dozen labelled points, so no label-placement library is needed.

    Parameters
    ----------
    ax : matplotlib Axes
    xs, ys : sequences of float
        The points, in data coordinates.
    labels : sequence of str
    offset : float
        Distance from the point, in points (1/72 inch).
    marker_size : float
        The points' width in points (what a label must not cover).
    **text_kw
        Passed to ``ax.annotate`` (``fontsize``, ``color``…).

    Returns
    -------
    list of matplotlib Annotation
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.transforms import Bbox

    fig = ax.figure
    canvas = fig.canvas if hasattr(fig.canvas, "get_renderer") else FigureCanvasAgg(fig)
    fig.draw_without_rendering()  # settle the layout first: placement is measured on the page
    renderer = canvas.get_renderer()
    scale = fig.dpi / 72
    frame = ax.get_window_extent(renderer)
    centres = ax.transData.transform(list(zip(xs, ys, strict=True)))
    half = marker_size * scale / 2
    taken = [Bbox.from_extents(cx - half, cy - half, cx + half, cy + half) for cx, cy in centres]
    taken += [text.get_window_extent(renderer) for text in ax.texts if text.get_visible() and text.get_text()]
    placed = []
    for (x, y), label in zip(zip(xs, ys, strict=True), labels, strict=True):
        best, best_cost = None, None
        for dx, dy, ha, va in _PLACES:
            note = ax.annotate(label, (x, y), xytext=(dx * offset, dy * offset), textcoords="offset points",
                               ha=ha, va=va, **text_kw)
            note.set_in_layout(False)
            box = note.get_window_extent(renderer).expanded(1.04, 1.1)
            cost = sum(_overlap(box, other) for other in taken)
            outside = box.width * box.height - _overlap(box, frame)
            cost += 4 * outside
            if best_cost is None or cost < best_cost:
                if best is not None:
                    best.remove()
                best, best_cost, best_box = note, cost, box
            else:
                note.remove()
            if cost == 0:
                break
        taken.append(best_box)
        placed.append(best)
    return placed


def _overlap(a, b) -> float:
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return width * height if width > 0 and height > 0 else 0.0


def thousands(axis) -> None:
    """Tick labels with thousands separators (``1,000``), as the kit's tables write numbers.

    ``axis`` is an Axes' ``xaxis`` or ``yaxis``.
    """
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"))
