"""Realistic inputs for the class and progress reports: a class's gradebook and one trainee's saved workbooks.

Shared by the report tests and the browser screenshots. Everything is hand-written and fixed (no randomness), so a
test can state what the report must say: who needs help, the hardest exercise, what awaits review, what was flagged.

The class (chapter 01, ten exercises, ten trainees, two grading runs):

- ``zhao_min`` and ``sun_hao`` get under half right: they are the ones who need help;
- q4 (conversion rate per MAN code) is the hardest: 2 of 10 right; its most common wrong answer is ``0.22``
  (the overall rate, given by 3 trainees);
- q8 and q9 are written answers: 3 were reviewed, the other 17 still await review after the second run;
- ``zhou_jie`` deleted the check cell of q7 (``check_deleted``) and ``wu_fang``'s saved record of q3 did not
  re-grade (``possible_tampering``);
- ``sun_hao`` and ``zhao_min`` handed in again in run 2 and improved.
"""

from __future__ import annotations

import nbformat

from course.exercises.core import RECORD_MIME
from course.grading.gradebook import Gradebook
from course.grading.results import ExerciseGrade, SubmissionGrade

EXERCISES = [f"ch01.q{k}" for k in range(1, 11)]
WRITTEN = ("ch01.q8", "ch01.q9")
#: trainee -> the exercises they got right in run 1 (written answers: "review" unless listed in REVIEWED)
RIGHT = {
    "chen_yu": {"q1", "q2", "q3", "q4", "q5", "q6", "q7", "q10"},
    "li_na": {"q1", "q2", "q3", "q5", "q6", "q7", "q10"},
    "wang_lei": {"q1", "q2", "q3", "q4", "q5", "q6", "q7", "q10"},
    "zhang_wei": {"q1", "q2", "q5", "q6", "q7", "q10"},
    "liu_yang": {"q1", "q2", "q3", "q5", "q6", "q10"},
    "wu_fang": {"q1", "q2", "q5", "q6", "q7", "q10"},
    "zhou_jie": {"q1", "q2", "q3", "q5", "q6", "q10"},
    "huang_jing": {"q2", "q3", "q5", "q6", "q7", "q10"},
    "zhao_min": {"q2", "q5"},
    "sun_hao": {"q5", "q10"},
}
#: wrong short answers given (trainee, exercise) -> answer
WRONG = {
    ("li_na", "q4"): 0.22, ("zhang_wei", "q4"): 0.22, ("zhao_min", "q4"): 0.22,
    ("liu_yang", "q4"): 0.62, ("huang_jing", "q1"): 413, ("zhao_min", "q1"): 413, ("sun_hao", "q1"): 400,
    ("zhang_wei", "q3"): "L00003", ("sun_hao", "q2"): 0.5,
}
HINTS = {("zhao_min", "q1"): 2, ("sun_hao", "q1"): 3, ("huang_jing", "q4"): 1, ("zhao_min", "q4"): 2,
         ("liu_yang", "q7"): 1, ("sun_hao", "q7"): 2}
NOT_TRIED = {("sun_hao", "q3"), ("sun_hao", "q6"), ("zhao_min", "q6"), ("zhao_min", "q7")}
REVIEWED = {("chen_yu", "ch01.q8"): 1.0, ("wang_lei", "ch01.q8"): 1.0, ("li_na", "ch01.q9"): 0.5}
#: run 2: who handed in again, and what they now also got right
IMPROVED = {"zhao_min": {"q1", "q6"}, "sun_hao": {"q1", "q2"}}


def _grade(trainee: str, right: set[str]) -> SubmissionGrade:
    grade = SubmissionGrade(trainee=trainee, path=f"{trainee}/01-prospects.ipynb", chapter="01", sha256="ab" * 32)
    for eid in EXERCISES:
        q = eid.split(".")[1]
        hints = HINTS.get((trainee, q), 0)
        if eid in WRITTEN:
            item = ExerciseGrade(eid, "review", attempts=1, answer="they need it and can pay for it",
                                 suggestion="correct", message={"en": "two ideas found", "zh": "找到两个要点"})
        elif q in right:
            item = ExerciseGrade(eid, "correct", score=1.0, attempts=1 + hints, hints_used=hints)
        elif (trainee, q) in NOT_TRIED:
            item = ExerciseGrade(eid, "not_attempted")
        else:
            item = ExerciseGrade(eid, "incorrect", attempts=2, hints_used=hints, answer=WRONG.get((trainee, q)),
                                 message={"en": "not yet", "zh": "还不对"})
        grade.exercises.append(item)
    if trainee == "zhou_jie":
        item = grade.by_id()["ch01.q7"]
        item.status, item.score = "missing", 0.0
        item.flag("check_deleted", "the check cell of q7 was deleted")
    if trainee == "wu_fang":
        grade.by_id()["ch01.q3"].flag("possible_tampering", "saved as correct, does not re-grade as correct")
        grade.by_id()["ch01.q3"].status = "incorrect"
        grade.by_id()["ch01.q3"].score = 0.0
    return grade


def class_gradebook(url: str) -> Gradebook:
    """The sample class above, written into the gradebook at ``url`` (two runs, three reviews)."""
    book = Gradebook(url)
    book.add_run([_grade(name, right) for name, right in RIGHT.items()], source="submissions/ (run 1)")
    results = book.results(with_id=True)
    for (trainee, eid), score in REVIEWED.items():
        row = results[(results["trainee"] == trainee) & (results["exercise"] == eid)].iloc[-1]
        book.review(int(row["result_id"]), score, reviewer="teacher")
    book.add_run([_grade(name, RIGHT[name] | more) for name, more in IMPROVED.items()],
                 source="submissions/ (run 2)")
    return book


def _record(exercise: str, status: str, attempts: int = 1, hints: int = 0) -> dict:
    rec = {"exercise": exercise, "status": status, "attempts": attempts, "hints_used": hints, "kit_version": "0",
           "answer": None, "via": "code", "message": {"en": "", "zh": ""}}
    return nbformat.v4.new_output("display_data", data={"text/plain": status, RECORD_MIME: rec})


#: a trainee's two saved workbooks: chapter 1 nearly done, chapter 2 begun
WORKBOOKS = {
    "01-prospects.ipynb": {"ch01.q1": ("correct", 1, 0), "ch01.q2": ("correct", 2, 1), "ch01.q3": ("correct", 1, 0),
                           "ch01.q4": ("incorrect", 3, 2), "ch01.q5": ("correct", 1, 0), "ch01.q6": ("correct", 1, 0),
                           "ch01.q7": ("correct", 2, 0), "ch01.q8": ("review", 1, 0), "ch01.q10": ("correct", 1, 0)},
    "02-finding.ipynb": {"ch02.q1": ("correct", 1, 0), "ch02.q2": ("incorrect", 2, 1), "ch02.q3": ("error", 1, 0)},
}


def trainee_workbooks(folder) -> None:
    """Write :data:`WORKBOOKS` into ``folder`` as saved notebooks holding the checks' records."""
    from pathlib import Path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, records in WORKBOOKS.items():
        cells = []
        for eid, (status, attempts, hints) in records.items():
            cell = nbformat.v4.new_code_cell(f"{eid.split('.')[1]}.check(answer)")
            cell.outputs = [_record(eid, status, attempts, hints)]
            cells.append(cell)
        nbformat.write(nbformat.v4.new_notebook(cells=cells), folder / name)
