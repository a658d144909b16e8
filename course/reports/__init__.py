"""Papermill reports (报告): templates shipped with the package and the code that runs them.

:func:`course.reports.runner.run_report` runs any template notebook with
parameters and exports a clean, self-contained HTML page.
"""

from course.reports.runner import ReportError, run_report, template_path

__all__ = ["ReportError", "run_report", "template_path"]
