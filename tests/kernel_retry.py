"""A notebook kernel that dies while starting is started once more (nbval runs in ``make test``).

Many kernels start at once in ``make test`` (two test workers, the browser test's JupyterLab, graders, the hub), each
on TCP ports that jupyter_client picks by asking the system for a free one and releasing it before the kernel binds
it: now and then two kernels pick the same port and one dies before it answers (nbval: "Kernel died before replying
to kernel_info", every cell of that notebook an error; seen once in eight runs). A second start gets other ports. A
kernel that cannot start for a real reason fails the second time too, and the error is nbval's own.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any


def retrying(start: Callable[..., Any]) -> Callable[..., Any]:
    """``start`` (nbval's ``start_new_kernel``), tried a second time when the kernel dies while starting."""

    def start_new_kernel(*args: Any, **kwargs: Any) -> Any:
        try:
            return start(*args, **kwargs)
        except RuntimeError as error:
            warnings.warn(f"a notebook's kernel died while starting ({error}); starting it once more", stacklevel=2)
            return start(*args, **kwargs)

    start_new_kernel.course_retrying = True
    return start_new_kernel
