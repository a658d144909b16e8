"""The kit's one error for bad data (数据错误), raised everywhere and reached as ``course.data.DataError``.

Kept in a module of its own so that every layer below the readers (column typing in :mod:`course.coerce`)
can raise it without importing :mod:`course.data`.
"""

from __future__ import annotations

__all__ = ["DataError"]


class DataError(ValueError):
    """The kit's one error for bad data: says what is wrong, where, and how to fix it.

    The message has an English paragraph, then a Chinese one.

    Parameters
    ----------
    en, zh : str
        The English and Chinese explanations.
    source : str, optional
        File (or ``"<DataFrame>"``) the problem is in.
    column : str, optional
        Column concerned, if any.

    Examples
    --------
    >>> err = DataError("x.csv: empty.", "x.csv：文件为空。", source="x.csv")
    >>> str(err).splitlines()[0]
    'x.csv: empty.'
    """

    def __init__(self, en: str, zh: str, *, source: str | None = None, column: str | None = None):
        super().__init__(f"{en}\n{zh}")
        self.en, self.zh, self.source, self.column = en, zh, source, column
