"""nbval's kernel start, tried once more when the kernel dies while starting (tests/kernel_retry.py)."""

from __future__ import annotations

import nbval.kernel
import pytest
from kernel_retry import retrying


class FlakyStart:
    def __init__(self, failures: int, error: type[Exception] = RuntimeError) -> None:
        self.failures, self.error, self.calls = failures, error, []

    def __call__(self, *args, **kwargs):
        self.calls.append((args, kwargs))
        if len(self.calls) <= self.failures:
            raise self.error("Kernel died before replying to kernel_info")
        return "km", "kc"


def test_a_kernel_that_dies_once_is_started_again_with_the_same_arguments():
    start = FlakyStart(failures=1)
    with pytest.warns(UserWarning, match="died while starting.*once more"):
        assert retrying(start)(startup_timeout=60, kernel_name="python3", cwd="/x") == ("km", "kc")
    assert start.calls == [((), {"startup_timeout": 60, "kernel_name": "python3", "cwd": "/x"})] * 2


def test_a_kernel_that_cannot_start_fails_with_nbvals_error():
    start = FlakyStart(failures=2)
    with pytest.warns(UserWarning), pytest.raises(RuntimeError, match="Kernel died"):
        retrying(start)(kernel_name="python3")
    assert len(start.calls) == 2


def test_other_errors_are_not_retried_and_a_good_start_is_untouched():
    start = FlakyStart(failures=1, error=ValueError)
    with pytest.raises(ValueError):
        retrying(start)()
    assert len(start.calls) == 1
    good = FlakyStart(failures=0)
    assert retrying(good)() == ("km", "kc") and len(good.calls) == 1


def test_the_nbval_runs_of_make_test_use_the_retrying_start():
    """The root conftest.py wraps nbval's kernel start for every pytest run of the repository."""
    assert getattr(nbval.kernel.start_new_kernel, "course_retrying", False)
