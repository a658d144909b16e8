"""The examples in the package's docstrings are run, so they stay true (DESIGN: doctests on the public API)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import course

#: modules whose import does work of its own (a command line run as ``python -m``)
SKIP = {"course.__main__", "course.datagen.__main__"}
MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(course.__path__, "course.")
    if info.name not in SKIP
)


def test_the_package_has_examples_to_run():
    assert len(MODULES) > 40, MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed (run: python -m doctest -v)"
