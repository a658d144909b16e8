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

__all__ = ["__version__", "get_language", "labels", "set_language", "t"]
