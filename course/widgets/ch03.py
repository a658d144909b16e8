"""Chapter 3 widgets: the type-spotting trainer and the call planner.

Each has a plain model (state + logic, testable without a kernel) and a thin
ipywidgets view over it.

>>> from course.widgets.ch03 import TypeTrainerModel
>>> model = TypeTrainerModel(kind="goal", seed=1)
>>> feedback = model.answer(model.current["answer_id"])
>>> feedback.correct, model.score
(True, (1, 1))
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as w
import numpy as np
import pandas as pd

from course import content, personality
from course.i18n import get_language, pick, t


# --------------------------------------------------------------------------- type-spotting trainer
@dataclass(frozen=True, repr=False)
class Feedback:
    """The verdict on one pick, with the explanation in the language it was asked in."""

    scenario_id: str
    picked: str
    answer: str
    correct: bool
    lang: str

    def _parts(self) -> list[tuple[str, list[str]]]:
        right = personality.type_card(self.answer, self.lang)
        scenario = next(s for s in content.get("type_scenarios") if s["id"] == self.scenario_id)
        parts: list[tuple[str, list[str]]] = [(pick(scenario["explanation"], self.lang), [])]
        parts.append((t("ch03.trainer.signs_of", self.lang, name=right.name), right.signs[:3]))
        if not self.correct:
            other = personality.type_card(self.picked, self.lang)
            parts.append((t("ch03.trainer.instead", self.lang, name=other.name), other.signs[:2]))
            parts.append((t("ch03.trainer.sounds_like", self.lang, name=other.name, line=other.example_line), []))
        parts.append((t("ch03.trainer.so_do", self.lang), right.approach[:2]))
        return parts

    @property
    def headline(self) -> str:
        right = personality.type_name(self.answer, self.lang)
        if self.correct:
            return t("ch03.trainer.right", self.lang, name=right)
        return t("ch03.trainer.wrong", self.lang, name=right, picked=personality.type_name(self.picked, self.lang))

    def __str__(self) -> str:
        lines = [self.headline]
        for title, items in self._parts():
            lines.append(title)
            lines += [f"  - {item}" for item in items]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colour = "#1b7f3b" if self.correct else "#b35900"
        body = ""
        for title, items in self._parts():
            body += f"<p style='margin:6px 0 2px'>{html.escape(title)}</p>"
            if items:
                body += "<ul style='margin:0'>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"
        return (f"<div style='border-left:4px solid {colour};padding:4px 10px'>"
                f"<b style='color:{colour}'>{html.escape(self.headline)}</b>{body}</div>")


class TypeTrainerModel:
    """Draws practice scenarios, judges picks, and keeps score and a confusion tally.

    Scenarios come in rounds: each round shows every type (of the chosen
    ``kind``, or of both kinds) exactly once, in a seeded random order, each
    time with a scenario not yet seen for that type; the same type never
    appears twice in a row, even across rounds.

    Parameters
    ----------
    kind : {"personality", "goal", None}
        Restrict practice to one kind of type; ``None`` mixes both.
    seed : int
        Seed of the draw: the same seed gives the same sequence.
    scenarios : list of dict, optional
        Bilingual scenario entries (default: the course's ``type_scenarios``).
    """

    def __init__(self, kind: str | None = None, seed: int = 0, scenarios: Sequence[dict] | None = None) -> None:
        if kind not in (None, "personality", "goal"):
            raise ValueError(f"kind must be 'personality', 'goal' or None, not {kind!r} / kind 只能是 'personality'、'goal' 或 None")
        pool = list(scenarios if scenarios is not None else content.get("type_scenarios"))
        self.kind = kind
        self.scenarios = [s for s in pool if kind is None or s["kind"] == kind]
        if not self.scenarios:
            raise ValueError(f"no scenarios of kind {kind!r} / 没有 {kind!r} 类的情景")
        self.rng = np.random.default_rng(seed)
        self.by_type: dict[str, list[dict]] = {}
        for scenario in self.scenarios:
            self.by_type.setdefault(scenario["answer_id"], []).append(scenario)
        self._queues: dict[str, list[dict]] = {}
        self._round: list[str] = []
        self.history: list[str] = []
        self.answered: dict[int, Feedback] = {}
        self.correct = 0
        self.confusion_tally: Counter[tuple[str, str]] = Counter()
        self.current: dict = {}
        self.next()

    # -- drawing
    def _scenario_for(self, type_id: str) -> dict:
        queue = self._queues.get(type_id)
        if not queue:
            queue = list(self.by_type[type_id])
            order = self.rng.permutation(len(queue))
            queue = [queue[i] for i in order]
            if len(queue) > 1 and self.current and queue[0]["id"] == self.current.get("id"):
                queue.append(queue.pop(0))
            self._queues[type_id] = queue
        return queue.pop(0)

    def _new_round(self) -> list[str]:
        types = sorted(self.by_type)
        order = [types[i] for i in self.rng.permutation(len(types))]
        last = self.current.get("answer_id") if self.current else None
        if len(order) > 1 and order[0] == last:
            swap = 1 + int(self.rng.integers(len(order) - 1))
            order[0], order[swap] = order[swap], order[0]
        return order

    def next(self) -> dict:
        """Move on to the next scenario and return it (raw, bilingual)."""
        if not self._round:
            self._round = self._new_round()
        self.current = self._scenario_for(self._round.pop(0))
        self.history.append(self.current["id"])
        return self.current

    # -- the current scenario
    @property
    def position(self) -> int:
        """Index of the current scenario in :attr:`history`."""
        return len(self.history) - 1

    def text(self, lang: str | None = None) -> str:
        return pick(self.current["text"], lang)

    def options(self, lang: str | None = None) -> list[tuple[str, str]]:
        """``(label, type id)`` for every type of the current scenario's kind, in the current language."""
        return [(name, type_id) for type_id, name in personality.type_names(self.current["kind"], lang).items()]

    @property
    def is_answered(self) -> bool:
        return self.position in self.answered

    def answer(self, picked: str, lang: str | None = None) -> Feedback:
        """Judge a pick (a type id or name) for the current scenario.

        Only the first pick per scenario counts towards the score; asking again
        returns the first feedback.
        """
        if self.is_answered:
            return self.answered[self.position]
        type_id = personality.resolve_type(picked)
        if personality.type_kind(type_id) != self.current["kind"]:
            kinds = ", ".join(personality.type_names(self.current["kind"], "en"))
            raise ValueError(f"This scenario asks for a {self.current['kind']} type ({kinds}), not {type_id!r}.\n"
                             f"这个情景问的是{'性格' if self.current['kind'] == 'personality' else '目标'}类型（{kinds}），不是 {type_id!r}。")
        answer = self.current["answer_id"]
        feedback = Feedback(self.current["id"], type_id, answer, type_id == answer, lang or get_language())
        self.answered[self.position] = feedback
        self.correct += int(feedback.correct)
        self.confusion_tally[(answer, type_id)] += 1
        return feedback

    # -- running results
    @property
    def score(self) -> tuple[int, int]:
        """``(correct, answered)`` so far."""
        return self.correct, len(self.answered)

    def confusion(self, kind: str | None = None) -> pd.DataFrame:
        """Counts of (true type → picked type): rows the right answer, columns the pick.

        ``kind`` selects personality or goal types (default: the trainer's
        kind, or personality when mixed). Every type of the kind has a row and
        a column, so the table's shape does not depend on what was drawn.
        """
        kind = kind or self.kind or "personality"
        ids = list(personality.PERSONALITY_TYPES if kind == "personality" else personality.GOAL_TYPES)
        table = pd.DataFrame(0, index=pd.Index(ids, name="true_type"), columns=pd.Index(ids, name="picked_type"))
        for (answer, picked), count in self.confusion_tally.items():
            if answer in table.index and picked in table.columns:
                table.loc[answer, picked] = count
        return table

    def most_confused(self) -> tuple[str, str, int] | None:
        """The most frequent wrong (answer, pick) pair so far, or ``None``."""
        wrong = [(count, answer, picked) for (answer, picked), count in self.confusion_tally.items() if answer != picked]
        if not wrong:
            return None
        count, answer, picked = max(wrong, key=lambda x: (x[0], x[1], x[2]))
        return answer, picked, count

    def summary(self, lang: str | None = None) -> str:
        """Score line (and the most frequent confusion) in the current language."""
        correct, answered = self.score
        line = t("ch03.trainer.score", lang, correct=correct, answered=answered)
        confused = self.most_confused()
        if confused:
            answer, picked, count = confused
            line += " · " + t("ch03.trainer.confused", lang, answer=personality.type_name(answer, lang),
                               picked=personality.type_name(picked, lang), count=count)
        return line


class TypeTrainer:
    """Read a scenario, click the type you spot, read why, go on to the next one.

    >>> TypeTrainer(seed=3)            # doctest: +SKIP
    """

    def __init__(self, kind: str | None = None, seed: int = 0) -> None:
        self.model = TypeTrainerModel(kind=kind, seed=seed)
        self.counter = w.HTML()
        self.scenario = w.HTML(layout=w.Layout(max_width="760px"))
        self.buttons: dict[str, w.Button] = {}
        self.option_box = w.HBox(layout=w.Layout(flex_flow="row wrap", max_width="780px"))
        self.feedback = w.HTML(layout=w.Layout(max_width="760px"))
        self.next_button = w.Button(description=t("ch03.trainer.next"), icon="arrow-right", disabled=True)
        self.score = w.HTML()
        self.next_button.on_click(self._on_next)
        self.box = w.VBox([self.counter, self.scenario, self.option_box, self.feedback,
                           w.HBox([self.next_button, self.score])],
                          layout=w.Layout(border="1px solid #ddd", padding="8px"))
        self.refresh()

    def _button(self, label: str, type_id: str) -> w.Button:
        button = w.Button(description=label, layout=w.Layout(width="auto", margin="2px"))
        button.type_id = type_id  # type: ignore[attr-defined]
        button.on_click(self._on_pick)
        return button

    def refresh(self) -> None:
        """Show the model's current scenario with fresh option buttons."""
        kind_label = t(f"ch03.trainer.ask_{self.model.current['kind']}")
        self.counter.value = f"<small>{t('ch03.trainer.counter', n=self.model.position + 1)}</small>"
        self.scenario.value = (f"<p style='font-size:15px;line-height:1.5'>{html.escape(self.model.text())}</p>"
                               f"<b>{html.escape(kind_label)}</b>")
        self.buttons = {type_id: self._button(label, type_id) for label, type_id in self.model.options()}
        self.option_box.children = tuple(self.buttons.values())
        self.feedback.value = ""
        self.next_button.disabled = True
        self.score.value = f"&nbsp;{html.escape(self.model.summary())}"

    def _on_pick(self, button: w.Button) -> None:
        feedback = self.model.answer(button.type_id)  # type: ignore[attr-defined]
        self.feedback.value = feedback._repr_html_()
        for type_id, b in self.buttons.items():
            b.disabled = True
            if type_id == feedback.answer:
                b.button_style = "success"
            elif type_id == feedback.picked:
                b.button_style = "danger"
        self.next_button.disabled = False
        self.score.value = f"&nbsp;{html.escape(self.model.summary())}"

    def _on_next(self, _button: Any = None) -> None:
        self.model.next()
        self.refresh()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


# --------------------------------------------------------------------------- call planner
class CallPlanner:
    """Pick a contact and read the plan for the call: what to stress, what to avoid."""

    def __init__(self, contacts: pd.DataFrame, leads: pd.DataFrame | None = None, max_contacts: int = 300) -> None:
        self.contacts, self.leads = contacts, leads
        name_col = "contact_name_en" if get_language() == "en" and "contact_name_en" in contacts.columns else "contact_name"
        sample = contacts.head(max_contacts)
        options = [
            (f"{r['contact_id']} · {r.get(name_col, '')} · {personality.type_name(r['personality_type'])} / "
             f"{personality.type_name(r['goal_type'])}", r["contact_id"])
            for _, r in sample.iterrows()
        ]
        self.contact = w.Dropdown(options=options, value=options[0][1], description=t("ch03.plan.contact"),
                                  layout=w.Layout(width="560px"))
        self.output = w.HTML()
        self.contact.observe(self._changed, names="value")
        self.box = w.VBox([self.contact, self.output])
        self._changed()

    def plan(self) -> personality.CallPlan:
        return personality.plan_call(self.contact.value, self.contacts, self.leads)

    def _changed(self, _change: dict | None = None) -> None:
        self.output.value = self.plan()._repr_html_()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)
