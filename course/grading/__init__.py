"""Handing out, grading and reporting on workbooks (发放、批改练习册与班级报告).

- :mod:`course.grading.release` — trainee copies to hand out (``--exam`` for exam mode, :mod:`course.grading.exam`);
- :mod:`course.grading.grader` — grade a folder of submissions, each in its own fenced-in kernel
  (:mod:`course.grading.engine`), checking integrity against the template (:mod:`course.grading.structure`);
- :mod:`course.grading.gradebook` — every run's results in SQLite / any SQLAlchemy database, CSV and Excel export;
- :mod:`course.grading.update` — move a trainee's answers into a new workbook version;
- :mod:`course.grading.report` — the class report and the trainees' feedback pages.

The command line is ``python -m course release | grade | update-workbook | gradebook export | class-report``.
Submodules are imported on use so ``import course.grading`` stays light.
"""

__all__ = ["engine", "exam", "gradebook", "grader", "release", "report", "structure", "update"]
