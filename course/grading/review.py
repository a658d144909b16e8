"""``python -m course review``: the instructor scores the written answers (文字题人工批阅).

A written answer (an explanation in the trainee's own words) is graded
``review``: the kit keeps its own verdict as a *suggestion* (which key ideas
it found or missed) and the score waits for the instructor.

- ``review`` (no option): go through the waiting answers one by one; type a
  score between 0 and 1, ``a`` to accept the kit's suggestion, ``s`` to skip,
  ``q`` to stop;
- ``review --list``: what is waiting;
- ``review --trainee T --exercise ch01.q8 --set 0.5``: score one answer (also
  one already reviewed: the change is kept);
- ``review --accept [--trainee T] [--exercise E]``: accept the kit's suggestion.

Every change is kept in the gradebook's ``reviews`` table: who (``--by``,
default the user name), when, the old and the new status and score, a note.
"""

from __future__ import annotations

import argparse
import getpass
import json
from collections.abc import Callable

import pandas as pd

from course import i18n
from course.grading.gradebook import Gradebook
from course.grading.report import status_label
from course.i18n import t


def _title(exercise_id: str, lang: str) -> str:
    from course.grading import structure

    try:
        return i18n.pick(
            getattr(structure.exercise_module(exercise_id[2:4]), exercise_id.split(".")[1]).title,
            lang,
        )
    except (ValueError, AttributeError, IndexError):
        return ""


def _answer(raw: object) -> str:
    try:
        value = json.loads(str(raw))
    except (TypeError, ValueError):
        return str(raw or "")
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _message(raw: object, lang: str) -> str:
    try:
        return str(json.loads(str(raw)).get(lang, ""))
    except (TypeError, ValueError, AttributeError):
        return ""


def suggested_score(suggestion: object) -> float:
    """The score the kit suggests: 1 when it found every key idea, else 0."""
    return 1.0 if suggestion == "correct" else 0.0


def describe(row: pd.Series, lang: str) -> str:
    """One waiting answer as the reviewer sees it."""
    suggestion = str(row.get("suggestion") or "")
    lines = [
        t(
            "grading.review.item",
            lang,
            trainee=row["trainee"],
            exercise=row["exercise"],
            title=_title(row["exercise"], lang),
        ),
        "  " + _answer(row["answer"]).replace("\n", "\n  "),
        t(
            "grading.review.suggestion",
            lang,
            status=status_label(suggestion, lang) if suggestion else "—",
            score=suggested_score(suggestion),
            message=_message(row["message"], lang),
        ),
    ]
    from course.grading.commands import printable

    return printable("\n".join(lines))


def run(
    args: argparse.Namespace,
    db_url: str,
    *,
    ask: Callable[[str], str] = input,
    say: Callable[[str], None] = print,
) -> int:
    """The ``review`` command (see the module doc); returns the exit status."""
    lang = args.lang
    book = Gradebook(db_url)
    reviewer = (args.by or _user()).strip()
    if args.set is not None:
        if not args.trainee or not args.exercise:
            raise ValueError(
                "--set needs --trainee and --exercise (one answer at a time). "
                "--set 需要同时给出 --trainee 和 --exercise。"
            )
        latest = book.results(latest=True, with_id=True)
        hit = latest[(latest["trainee"] == args.trainee) & (latest["exercise"] == args.exercise)]
        if hit.empty:
            raise ValueError(
                f"No result for {args.trainee} / {args.exercise} in the gradebook. "
                f"成绩册中没有 {args.trainee} / {args.exercise} 的成绩。"
            )
        book.review(int(hit.iloc[-1]["result_id"]), args.set, reviewer=reviewer, note=args.note)
        say(t("grading.review.done", lang, n=1, reviewer=reviewer))
        return 0
    pending = book.pending_reviews(trainee=args.trainee, exercise=args.exercise)
    if pending.empty:
        say(t("grading.review.none", lang))
        return 0
    if args.list:
        for _, row in pending.iterrows():
            say(describe(row, lang))
        say(t("grading.review.count", lang, n=len(pending)))
        return 0
    if args.accept:
        for _, row in pending.iterrows():
            book.review(
                int(row["result_id"]),
                suggested_score(row["suggestion"]),
                reviewer=reviewer,
                note=args.note or "kit's suggestion accepted",
            )
        say(t("grading.review.done", lang, n=len(pending), reviewer=reviewer))
        return 0
    done = 0
    for _, row in pending.iterrows():
        say(describe(row, lang))
        while True:
            try:
                reply = ask(t("grading.review.prompt", lang)).strip().lower()
            except EOFError:
                reply = "q"
            if reply in {"q", "quit"}:
                say(t("grading.review.done", lang, n=done, reviewer=reviewer))
                return 0
            if reply in {"s", "skip", ""}:
                break
            score = (
                suggested_score(row["suggestion"]) if reply in {"a", "accept"} else _number(reply)
            )
            if score is None or not 0.0 <= score <= 1.0:
                say(t("grading.review.bad_reply", lang))
                continue
            book.review(int(row["result_id"]), score, reviewer=reviewer, note=args.note)
            done += 1
            break
    say(t("grading.review.done", lang, n=done, reviewer=reviewer))
    return 0


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in this environment (a container)
        return "instructor"


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None
