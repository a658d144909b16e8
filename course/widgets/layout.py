"""Layout helpers shared by the chapter widgets: every widget fits a 1366×768 laptop screen.

At that size JupyterLab leaves a notebook about 930 px wide and 640 px tall for output (the
file browser open). A widget's controls and its chart must be visible together, so charts
are shown at a set width (``CHART_WIDTH``) and long lists of controls go into columns.
``tests/browser`` measures every widget at 1366×768 and fails when one does not fit.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

CHART_WIDTH = 600  # px: a 8×4.5 in chart is then about 340 px tall
LABEL_WIDTH = "130px"


def png(fig: Any, width: int | None = CHART_WIDTH) -> Any:
    """A matplotlib figure as an IPython image shown ``width`` px wide (sharp: drawn at 110 dpi)."""
    from IPython.display import Image

    from course.plots import figure_png

    return Image(data=figure_png(fig), format="png", width=width)


def labelled(text: str, control: w.Widget, width: str = LABEL_WIDTH) -> w.HBox:
    """A control with its label on the left, the label never cut off (it wraps instead)."""
    label = w.HTML(
        f'<div style="text-align:right;line-height:1.25;padding-right:8px">{html.escape(text)}</div>',
        layout=w.Layout(width=width, min_width=width, flex="none"),
    )
    return w.HBox([label, control], layout=w.Layout(align_items="center", margin="1px 0"))


def tick(text: str, value: bool = False) -> tuple[w.Checkbox, w.HBox]:
    """A checkbox whose label wraps onto a second line instead of being cut off with "…".

    Returns the checkbox (observe its ``value``) and the row to put in a box.
    """
    box = w.Checkbox(
        value=value, indent=False, layout=w.Layout(width="28px", min_width="28px", flex="none")
    )
    label = w.HTML(f'<div style="line-height:1.3;padding-top:5px">{html.escape(text)}</div>')
    return box, w.HBox([box, label], layout=w.Layout(align_items="flex-start"))


def scrolled(widget: w.Widget, max_height: str = "360px") -> w.Widget:
    """Cap a long table's height: it scrolls inside the widget, the controls stay in view."""
    widget.layout.max_height = max_height
    widget.layout.overflow = "auto"
    return widget


def columns(children: list[w.Widget], count: int = 2, gap: str = "2px 24px") -> w.GridBox:
    """Widgets laid out in ``count`` columns, filled row by row."""
    return w.GridBox(
        children,
        layout=w.Layout(
            grid_template_columns=f"repeat({count}, max-content)",
            grid_gap=gap,
            align_items="center",
        ),
    )


def side_by_side(left: w.Widget, right: w.Widget, left_width: str = "440px") -> w.HBox:
    """Two panes next to each other: controls (and readout) on the left, a chart or table on the right."""
    left.layout.width = left_width
    left.layout.flex = "none"
    return w.HBox([left, right], layout=w.Layout(align_items="flex-start", grid_gap="16px"))
