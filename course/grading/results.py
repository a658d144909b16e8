"""What grading produces (批改结果): the grade of one exercise and of one submitted notebook."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: better statuses rank higher ("review": a written answer waiting for the instructor)
RANK = {"correct": 5, "review": 4, "incorrect": 3, "error": 2, "not_attempted": 1, "missing": 0}


@dataclass
class ExerciseGrade:
    """The grade of one exercise in one submission.

    ``status`` is ``correct``, ``incorrect``, ``error``, ``not_attempted``,
    ``missing`` or ``review`` (a written answer: ``suggestion`` holds the kit's
    own verdict, and the score waits for the instructor, see ``python -m course review``).
    """

    exercise: str
    status: str
    score: float = 0.0
    attempts: int = 0
    hints_used: int = 0
    flags: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    answer: Any = None
    message: dict[str, str] = field(default_factory=dict)
    suggestion: str | None = None

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)

    def flag(self, code: str, detail: str) -> None:
        if code not in self.flags:
            self.flags.append(code)
            self.reasons.append(f"{code}: {detail}")


@dataclass
class SubmissionGrade:
    """The grade of one submitted notebook."""

    trainee: str
    path: str
    chapter: str | None
    sha256: str = ""
    outcome: str = "graded"
    flags: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    seconds: float = 0.0
    restarts: int = 0
    exercises: list[ExerciseGrade] = field(default_factory=list)
    sandboxed: bool = False

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)

    @property
    def score(self) -> float:
        return round(sum(e.score for e in self.exercises), 4)

    def flag(self, code: str, detail: str) -> None:
        if code not in self.flags:
            self.flags.append(code)
            self.reasons.append(f"{code}: {detail}")

    def by_id(self) -> dict[str, ExerciseGrade]:
        return {e.exercise: e for e in self.exercises}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
