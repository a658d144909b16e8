"""A clickable view of a :class:`~course.exercises.core.ChoiceExercise`.

Clicking *Check* judges the chosen option exactly like ``q.check(option)``,
and the result record is written into the cell's own output through a display
handle, so the saved notebook keeps the clicked answer for a grader. The
clicked answer's result is also kept on the exercise (``q.clicked``): a typed
check cell left blank below the widget shows it again, so both say the same
thing and the click is not counted twice.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from course import i18n
from course.exercises.core import RECORD_MIME, ChoiceExercise, Result, in_kernel


class ChoiceExerciseView:
    """Radio buttons (or checkboxes), a Check button and a feedback area."""

    def __init__(self, exercise: ChoiceExercise) -> None:
        self.exercise = exercise
        self.last_result: Result | None = None
        labels = [(i18n.pick(label), option_id) for option_id, label in exercise.options.items()]
        if exercise.multiple:
            self.choice: Any = w.SelectMultiple(options=labels, rows=min(len(labels), 8), layout=w.Layout(width="100%"))
        else:
            self.choice = w.RadioButtons(options=labels, value=None, layout=w.Layout(width="100%"))
        self.button = w.Button(description=i18n.t("widget.check"), button_style="primary", icon="check")
        self.feedback = w.HTML(i18n.t("widget.pick_one"))
        self.button.on_click(self._on_check)
        self.box = w.VBox(
            [w.HTML(f"<b>{i18n.pick(exercise.title)}</b>"), self.choice, self.button, self.feedback],
            layout=w.Layout(border="1px solid #ddd", padding="8px"),
        )
        self._handle = None

    def _on_check(self, _button: Any = None) -> None:
        value = self.choice.value
        if value is None or (self.exercise.multiple and not value):
            self.feedback.value = i18n.t("widget.pick_one")
            return
        answer = list(value) if self.exercise.multiple else value
        # the record goes to the display handle below, not as a second output
        result = self._check_quietly(answer)
        self.last_result = result
        self.exercise.clicked = result  # a blank typed check cell below shows this same answer
        self.feedback.value = result._repr_html_()
        if self._handle is not None:
            self._handle.update(_record_bundle(result), raw=True)

    def _check_quietly(self, answer: Any) -> Result:
        from course.exercises import core

        saved = core.in_kernel
        core.in_kernel = lambda: False  # type: ignore[assignment]
        try:
            return self.exercise.check(answer, via="widget")
        finally:
            core.in_kernel = saved  # type: ignore[assignment]

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)
        if in_kernel():
            blank = Result(
                exercise=self.exercise.id,
                status="not_attempted",
                message=i18n.both("widget.pick_one"),
                attempts=self.exercise.attempts,
                hints_used=self.exercise.hints_used,
                via="widget",
            )
            self._handle = display(_record_bundle(blank), raw=True, display_id=True)


def _record_bundle(result: Result) -> dict[str, Any]:
    """The machine-readable record, shown as nothing.

    The feedback card is inside the widget already; a plain-text copy of it
    (``[ch01.q5] Correct: …``) under the widget would only repeat it as a raw
    line, so the visible part of this output is empty HTML.
    """
    return {"text/html": "", RECORD_MIME: result.record()}
