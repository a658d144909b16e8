"""Handing out, grading and reporting on workbooks (发放、批改练习册与班级报告).

- :mod:`course.grading.release` — trainee copies to hand out (``--exam`` for exam mode, :mod:`course.grading.exam`);
- :mod:`course.grading.grader` — grade a folder of submissions (read and hashed first, one per trainee and
  chapter), each re-run in its own kernel (:mod:`course.grading.engine`) inside a bubblewrap sandbox
  (:mod:`course.grading.sandbox`), with no answer keys in the kernel; the answers are handed in as plain data
  and judged in the grader's process (:mod:`course.grading.judge`), checked against the template
  (:mod:`course.grading.structure`);
- :mod:`course.grading.gradebook` — every run's results in SQLite / any SQLAlchemy database, who changed
  which score when, CSV and Excel export;
- :mod:`course.grading.review` — the instructor scores the written answers;
- :mod:`course.grading.update` — move a trainee's answers into a new workbook version;
- :mod:`course.grading.report` — the class report and the trainees' feedback pages.

The command line is ``python -m course release | grade | review | update-workbook | gradebook export |
class-report``. Submodules are imported on use so ``import course.grading`` stays light.
"""

__all__ = ["engine", "exam", "gradebook", "grader", "judge", "release", "report", "results", "review", "sandbox",
           "structure", "update"]
