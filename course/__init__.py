"""Sales prospecting training kit (潜在客户寻找实训包).

The package every course notebook and workbook imports::

    import course
    course.set_language("zh")   # or "en"

Modules follow the chapters of the course; see the README for a tour.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from course.i18n import get_language, labels, set_language, t

try:
    __version__ = version("course")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"


def table(frame, lang: str | None = None, **style):
    """``frame`` as a table in the house style (:func:`course.tables.table`): headers and codes in
    the reader's language, yes/no as ✓/✗ (是/否), shares as per cent, no row numbers, nothing cut off.

    Notebooks show tables with it (``course.table(summary)``); a chapter with its own
    vocabulary has its own helper (``finding.table``, ``records.table``, ``precision.table``).
    Imported on first use, so ``import course`` stays light.
    """
    from course.tables import table as house_table

    return house_table(frame, lang, **style)


__all__ = ["__version__", "get_language", "labels", "set_language", "t", "table"]
