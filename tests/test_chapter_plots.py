"""The chapters' plots as a reader sees them: labels clear of each other and of the dots, legends for
every encoding, plain numbers on the axes, reference lines that do not strike through their labels.

Everything is measured on the drawn figure (window extents in pixels after the layout has settled),
not read back from the code that placed it.
"""

from __future__ import annotations

import itertools

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from course import content, data, personality, precision, prospects, records  # noqa: E402
from course.plots import label_points, new_figure  # noqa: E402


def _drawn(fig):
    """The figure laid out as it is saved (constrained layout settled); its renderer, to measure with."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if hasattr(fig.canvas, "get_renderer") else FigureCanvasAgg(fig)
    fig.draw_without_rendering()
    return canvas.get_renderer()


def _overlap(a, b) -> float:
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return width * height if width > 0 and height > 0 else 0.0


def _dot_boxes(ax, xs, ys, size_points: float):
    from matplotlib.transforms import Bbox

    half = size_points * ax.figure.dpi / 72 / 2
    return [
        Bbox.from_extents(x - half, y - half, x + half, y + half)
        for x, y in ax.transData.transform(np.column_stack([xs, ys]))
    ]


@pytest.fixture(scope="module")
def leads():
    return data.load("b2b_leads")


# --------------------------------------------------------------------------- the label placer
def test_label_points_keeps_crowded_labels_apart_and_inside():
    fig, ax = new_figure(6, 4)
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    # six dots in a tight cluster: every label's first choice (above its dot) collides with a neighbour's
    xs = [5.0, 5.2, 4.8, 5.0, 5.3, 4.7]
    ys = [5.0, 5.0, 5.0, 5.3, 4.7, 4.7]
    ax.scatter(xs, ys, s=30)
    notes = label_points(
        ax, xs, ys, ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"], fontsize=10
    )
    renderer = _drawn(fig)
    boxes = [n.get_window_extent(renderer) for n in notes]
    for a, b in itertools.combinations(boxes, 2):
        assert _overlap(a, b) == 0
    frame = ax.get_window_extent(renderer)
    assert all(
        frame.x0 <= b.x0 and b.x1 <= frame.x1 and frame.y0 <= b.y0 and b.y1 <= frame.y1
        for b in boxes
    )
    # deterministic: the same places on a second figure
    fig2, ax2 = new_figure(6, 4)
    ax2.set_xlim(0, 10)
    ax2.set_ylim(0, 10)
    again = label_points(
        ax2, xs, ys, ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"], fontsize=10
    )
    assert [n.xyann for n in again] == [n.xyann for n in notes]


def test_label_points_avoids_a_label_that_is_already_there():
    fig, ax = new_figure(6, 4)
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    ax.text(
        5, 5.2, "TAKEN", ha="center", va="bottom", fontsize=10
    )  # right where "above the dot" would go
    (note,) = label_points(ax, [5], [5], ["mine"], fontsize=10)
    renderer = _drawn(fig)
    taken = ax.texts[0].get_window_extent(renderer)
    assert _overlap(note.get_window_extent(renderer), taken) == 0


# --------------------------------------------------------------------------- chapter 1
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_man_legend_sits_under_the_bars(leads, lang):
    fig = prospects.plot_man_summary(prospects.man_summary(leads), lang=lang)
    renderer = _drawn(fig)
    (legend,) = fig.legends
    plot_area = fig.axes[0].get_window_extent(renderer)
    assert legend.get_window_extent(renderer).y1 <= plot_area.y0, "the legend covers the plot"
    # the rates are dots, not a line through unrelated codes
    for ax in fig.axes:
        for line in ax.get_lines():
            assert len(line.get_xdata()) <= 2 or line.get_linestyle() == "None", (
                "a line joins the MAN codes"
            )


# --------------------------------------------------------------------------- chapter 3
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_style_grid_names_cover_no_other_name_or_dot(lang):
    fig = personality.plot_style_grid(lang=lang)
    renderer = _drawn(fig)
    ax = fig.axes[0]
    names = {t["name"] for t in content.text("personality_types", lang)}
    notes = [t for t in ax.texts if t.get_text() in names]
    assert len(notes) == len(names), "every type is named once"
    boxes = [n.get_window_extent(renderer) for n in notes]
    for a, b in itertools.combinations(boxes, 2):
        assert _overlap(a, b) == 0, (lang, a, b)
    positions = np.vstack([c.get_offsets() for c in ax.collections if len(c.get_offsets())])
    dots = _dot_boxes(ax, positions[:, 0], positions[:, 1], 11)
    for box in boxes:
        assert all(_overlap(box, dot) == 0 for dot in dots)
    others = [
        t.get_window_extent(renderer)
        for t in ax.texts
        if t.get_text() not in names and t.get_text()
    ]
    assert others, "the quadrant names are drawn"
    for box in boxes:
        assert all(_overlap(box, other) == 0 for other in others)


# --------------------------------------------------------------------------- chapter 4
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_best_worst_axes_read_as_plain_numbers(lang):
    orders, tickets, accounts = (
        data.load("b2b_orders"),
        data.load("b2b_tickets"),
        data.load("b2b_accounts"),
    )
    scorecard = records.customer_scorecard(orders, tickets, accounts, as_of="2026-06-30")
    fig = records.plot_best_worst(scorecard, lang=lang)
    _drawn(fig)
    main, strip = fig.axes[:2]
    revenue = [t.get_text() for t in strip.get_xticklabels() if t.get_text()]
    hours = [t.get_text() for t in main.get_yticklabels() if t.get_text()]
    assert "1,000" in revenue and "100,000" in revenue, revenue
    assert "1" in hours and "0.1" in hours and "10" in hours, hours
    assert not any("$" in s or "^" in s for s in revenue + hours), "powers of ten on a sales chart"
    # two encodings, two legends: the verdict (colour) and the complaint share (size)
    assert len(main.get_legend().get_texts()) == 3
    sized = [a for a in main.artists if isinstance(a, matplotlib.legend.Legend)]
    assert sized and len(sized[0].get_texts()) == 3


# --------------------------------------------------------------------------- chapter 7
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("share", [0.11, 0.2, 0.45])
def test_gains_labels_are_not_struck_through(leads, lang, share):
    model = precision.train_lead_model(leads)
    contacted = int(len(model.y_test) * share)
    fig = precision.plot_gains(model.y_test, model.test_scores, contacted=contacted, lang=lang)
    renderer = _drawn(fig)
    gains, lift = fig.axes[:2]
    # the lift panel's "no better than random" sits wholly above its line
    (baseline,) = [t for t in lift.texts if t.get_text()]
    line_y = lift.transData.transform((0, 1))[1]
    assert baseline.get_window_extent(renderer).y0 > line_y
    # the sentence at the contacted point is written on a white ground, so no curve runs through its letters
    (point,) = [t for t in gains.texts if t.get_text()]
    patch = point.get_bbox_patch()
    assert patch is not None and patch.get_facecolor()[:3] == (1.0, 1.0, 1.0)
    assert point.get_zorder() > max(line.get_zorder() for line in gains.get_lines())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_cross_sell_rules_have_one_dot_size_and_numbers_clear_of_the_dots(lang):
    baskets = data.load("b2c_basket_items")
    rules = precision.association_rules(
        baskets, min_support=0.01, min_confidence=0.1
    )  # as chapter 7 does
    names = precision.item_names(baskets, lang)
    fig = precision.plot_rules(rules, names, lang=lang)
    renderer = _drawn(fig)
    ax = fig.axes[0]
    (dots,) = [c for c in ax.collections if len(c.get_offsets())]
    assert len(set(np.round(dots.get_sizes(), 6))) == 1, "a size encoding without a legend"
    assert len(fig.axes) == 2, "lift has its colour bar"
    numbers = [t for t in ax.texts if t.get_text().isdigit()]
    (key,) = fig.legends
    assert len(key.get_texts()) == len(numbers) > 0, (
        "each numbered rule is spelled out under the plot"
    )
    boxes = [n.get_window_extent(renderer) for n in numbers]
    for a, b in itertools.combinations(boxes, 2):
        assert _overlap(a, b) == 0
    offsets = dots.get_offsets()
    for box in boxes:
        assert all(_overlap(box, d) == 0 for d in _dot_boxes(ax, offsets[:, 0], offsets[:, 1], 8))
