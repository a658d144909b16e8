"""A mapping built on first use (惰性映射), for option labels and feedback keyed by data.

Exercise modules must not read files at import, yet some feedback is keyed by
a figure of the bundled data ("95 is the top 20% of accounts, not class A").
:class:`Lazy` holds a factory and builds the mapping the first time it is read.

>>> calls = []
>>> table = Lazy(lambda: calls.append(1) or {"a": 1})
>>> calls
[]
>>> table["a"], table["a"], len(calls)
(1, 1, 1)
>>> dict(Lazy())
{}
>>> names = LazyList(lambda: ["yoga mat", "瑜伽垫"])
>>> list(names), list(LazyList())
(['yoga mat', '瑜伽垫'], [])
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import Any


class Lazy(Mapping):
    """A mapping built on first use, so importing the module reads no files.

    ``Lazy()`` is an empty mapping, so code that empties a field with
    ``type(value)()`` works on it too.
    """

    def __init__(self, factory: Callable[[], Mapping] = dict) -> None:
        self._factory = factory

    @property
    def _data(self) -> Mapping:
        return _built(self._factory)

    def __getitem__(self, key: Any) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


@cache
def _built(factory: Callable[[], Mapping]) -> Mapping:
    return factory()


class LazyList(list):
    """A list filled from the data on first use (accepted alternatives), so importing reads no file.

    ``LazyList()`` is simply empty, as the exam lock leaves a field it empties with ``type(value)()``.
    """

    def __init__(self, build: Callable[[], list] = list) -> None:
        super().__init__()
        self._build, self._ready = build, False

    def __iter__(self) -> Iterator:
        if not self._ready:
            self._ready = True
            self.extend(self._build())
        return super().__iter__()
