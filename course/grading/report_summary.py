"""The opening summary of the class report (班级报告摘要): where the class stands and what the instructor does next.

Headline figures (trainees, the class's share right, who is below the threshold, written answers awaiting review,
flagged results), then up to four actions, each naming who or what and why, computed from the gradebook:

1. help the trainees below the threshold first, with the exercises each still has open;
2. go over the hardest exercise in class (among those the kit judged: not the written answers still awaiting
   review), with the wrong answer most trainees gave;
3. score the written answers waiting for review (``python -m course review``): until then they count nothing;
4. look at the results flagged while grading (a check cell deleted or edited, an answer forged, a saved result that
   does not re-grade, a second notebook of the same chapter).

Every trainee string is escaped; each action links to the section with the details.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from course.grading import report as R
from course.i18n import t
from course.reports import layout

__all__ = ["Action", "actions", "figures", "show"]

#: an exercise is worth going over in class when fewer than this share got it right
RETEACH_BELOW = 0.6
#: names listed in one action before "and N more"
NAMES = 3


@dataclass
class Action:
    """One thing for the instructor to do: what, why (from the gradebook), and the section with the details."""

    do: str
    why: str
    section: str


def _sep(lang: str) -> str:
    return "；" if lang == "zh" else "; "


def _names(names: list[str], lang: str) -> str:
    shown = ("、" if lang == "zh" else ", ").join(names[:NAMES])
    more = len(names) - NAMES
    return shown + (t("report.class.summary.more", lang, n=more) if more > 0 else "")


def figures(data: R.ClassData, threshold: float, lang: str) -> list[layout.Figure]:
    """Trainees, the class's share right, below the threshold, awaiting review, flagged."""
    scores = R.trainee_scores(data)
    right = int((data.latest["status"] == "correct").sum())
    chapters = ("、" if lang == "zh" else ", ").join(str(int(c)) for c in data.chapters if c.isdigit())
    waiting = int((data.latest["status"] == "review").sum())
    flagged = R.flagged(data)
    below = int((scores["share"] < threshold).sum())
    return [
        layout.Figure(t("report.class.fig.trainees", lang), f"{data.latest['trainee'].nunique():,}",
                      t("report.class.fig.chapters", lang, chapters=chapters) if chapters else ""),
        layout.Figure(t("report.class.fig.right", lang), f"{scores['share'].mean():.0%}",
                      t("report.class.fig.right_note", lang, right=f"{right:,}", total=f"{len(data.latest):,}")),
        layout.Figure(t("report.class.fig.below", lang), f"{below:,}",
                      t("report.class.fig.below_note", lang, threshold=f"{threshold:.0%}")),
        layout.Figure(t("report.class.fig.review", lang), f"{waiting:,}", t("report.class.fig.review_note", lang)),
        layout.Figure(t("report.class.fig.flagged", lang), f"{len(flagged):,}",
                      t("report.class.fig.flagged_note", lang, trainees=f"{flagged['trainee'].nunique():,}")),
    ]


def _help(data: R.ClassData, threshold: float, lang: str) -> Action | None:
    helped = R.needs_help(data, threshold, lang)
    if helped.empty:
        return None
    names = [str(n) for n in helped["trainee"]]
    each = [t("report.class.summary.help.each", lang, trainee=row.trainee, share=f"{row.share:.0%}",
              open=row.open or "—")
            + (t("report.class.summary.help.missing", lang, chapters=row.missing) if row.missing else "")
            for row in helped.head(NAMES).itertuples()]
    return Action(t("report.class.summary.help.do", lang, names=_names(names, lang)),
                  _sep(lang).join(each) + t("report.class.summary.end", lang), "class-help")


def _reteach(data: R.ClassData, lang: str) -> Action | None:
    hard = R.exercise_difficulty(data)
    hard = hard[(hard["share_review"] < 0.5) & (hard["share_right"] < RETEACH_BELOW)]
    if hard.empty:
        return None
    eid = str(hard.iloc[0]["exercise"])
    mine = data.latest[data.latest["exercise"] == eid]
    right = int((mine["status"] == "correct").sum())
    title = R.exercise_title(eid, lang)
    what = t("report.class.summary.reteach.titled", lang, q=R.short_id(eid, data), title=title) if title else \
        R.short_id(eid, data)
    why = t("report.class.summary.reteach.why", lang, right=right, n=len(mine))
    wrong = R.common_wrong_answers(data)
    wrong = wrong[(wrong["exercise"] == eid) & (wrong["count"] >= 2)]
    if not wrong.empty:
        why += t("report.class.summary.reteach.wrong", lang, answer=str(wrong.iloc[0]["answer"]),
                 count=int(wrong.iloc[0]["count"]))
    hints = R.hint_use(data).set_index("exercise")
    if eid in hints.index and int(hints.loc[eid, "hinted"]) > 0:
        why += t("report.class.summary.reteach.hints", lang, n=int(hints.loc[eid, "hinted"]))
    return Action(t("report.class.summary.reteach.do", lang, what=what), why + t("report.class.summary.end", lang),
                  "class-difficulty")


def _review(data: R.ClassData, lang: str) -> Action | None:
    waiting = R.awaiting_review(data)
    if waiting.empty:
        return None
    per = _sep(lang).join(t("report.class.summary.review.each", lang, q=R.short_id(row.exercise, data), n=row.review)
                          for row in waiting.itertuples())
    return Action(t("report.class.summary.review.do", lang, n=int(waiting["review"].sum())),
                  t("report.class.summary.review.why", lang, per=per), "class-review")


def _flags(data: R.ClassData, lang: str) -> Action | None:
    found = R.flagged(data)
    if found.empty:
        return None
    each = [t("report.class.summary.flags.each", lang, trainee=row.trainee, q=R.short_id(row.exercise, data),
              faults=("、" if lang == "zh" else ", ").join(R.fault_label(c, lang) for c in row.faults))
            for row in found.head(NAMES).itertuples()]
    more = len(found) - NAMES
    why = _sep(lang).join(each) + (t("report.class.summary.more_items", lang, n=more) if more > 0 else "")
    return Action(t("report.class.summary.flags.do", lang, n=len(found)),
                  why + t("report.class.summary.end", lang), "class-flags")


def actions(data: R.ClassData, threshold: float, lang: str) -> list[Action]:
    """What the instructor does next, most pressing first (see the module docstring)."""
    return [a for a in (_help(data, threshold, lang), _reteach(data, lang), _review(data, lang), _flags(data, lang))
            if a is not None]


def show(data: R.ClassData, threshold: float, lang: str) -> None:
    """Display the summary: headline figures and the actions, each linked to its section."""
    from IPython.display import HTML, display

    display(HTML(layout.heading_html("class-summary", t("report.class.summary.title", lang), 2)))
    display(HTML(layout.figures_html(figures(data, threshold, lang))))
    found = actions(data, threshold, lang)
    if not found:
        display(HTML(layout.note_html(t("report.class.summary.none", lang), "good")))
        return
    items = "".join(
        f'<li style="margin:4px 0"><strong>{html.escape(a.do)}</strong>{html.escape(t("report.summary.dash", lang))}'
        f'{html.escape(a.why)} <a href="#{layout.anchor(a.section)}">{html.escape(t("report.summary.details", lang))}'
        "</a></li>" for a in found)
    lead = t("report.class.summary.actions", lang, n=len(found))
    display(HTML(f'<p style="margin:10px 0 2px"><strong>{html.escape(lead)}</strong></p>'
                 f'<ol class="report-actions" style="margin:4px 0 8px;padding-left:1.6em">{items}</ol>'))


def flagged_table(data: R.ClassData, lang: str) -> pd.DataFrame:
    """The flagged results with their faults in words (for the section below the summary)."""
    found = R.flagged(data)
    found["faults"] = [("、" if lang == "zh" else ", ").join(R.fault_label(c, lang) for c in codes)
                       for codes in found["faults"]]
    return found
