"""nbval's kernel start, made safe for ``make test`` (used in place of ``nbval.kernel.start_new_kernel``).

Many kernels start at once in ``make test`` (two test workers, the browser test's JupyterLab, graders, the hub). Three
things can go wrong with nbval's own start, and each is handled here:

1. **Ports.** Over TCP, jupyter_client picks five free ports by asking the system for one and releasing it before the
   kernel binds it: now and then two kernels pick the same port and one dies before it answers ("Kernel died before
   replying to kernel_info", every cell of that notebook an error; seen once in eight runs). On Linux and macOS the
   kernel's channels are Unix sockets instead (:mod:`course.kernels`, as for every kernel the kit starts), where no
   two kernels can pick the same name; elsewhere TCP as before.
2. **A hang.** When a kernel has died while starting, nbval asks it to shut down over its control channel. If it died
   because another process took its port, that channel leads to the other process, and the send can block for ever
   (seen on a fresh clone: a test worker stuck for 20 minutes in ``KernelManager._async_request_shutdown``, no
   kernel left). A kernel that failed to start is killed instead: nothing is sent to it.
3. **Once more.** A kernel that died while starting is started once more (warned about). One that cannot start for a
   real reason fails the second time too, with nbval's own error.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any


def kernel_manager(kernel_name: str) -> Any:
    """nbval's kernel manager (its kernelspecs: ``--nbval-current-env`` too), on Unix sockets where it can."""
    from jupyter_client.manager import KernelManager
    from nbval.kernel import NbvalKernelspecManager

    from course.kernels import on_unix_sockets

    return on_unix_sockets(
        KernelManager(kernel_name=kernel_name, kernel_spec_manager=NbvalKernelspecManager())
    )


def _start_once(
    make_manager: Callable[[str], Any], startup_timeout: float, kernel_name: str, **kwargs: Any
):
    km = make_manager(kernel_name)
    km.start_kernel(**kwargs)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=startup_timeout)
    except RuntimeError:
        kc.stop_channels()
        # killed, not asked: a kernel that died cannot answer, and asking blocks on its control socket for ever
        km.shutdown_kernel(now=True)
        raise
    return km, kc


def safe_start(make_manager: Callable[[str], Any] = kernel_manager) -> Callable[..., Any]:
    """A ``start_new_kernel`` for nbval: Unix sockets, a failed kernel killed, one more try (see the module)."""

    def start_new_kernel(startup_timeout: float = 60, kernel_name: str = "python", **kwargs: Any):
        try:
            return _start_once(make_manager, startup_timeout, kernel_name, **kwargs)
        except RuntimeError as error:
            warnings.warn(
                f"a notebook's kernel died while starting ({error}); starting it once more",
                stacklevel=2,
            )
            return _start_once(make_manager, startup_timeout, kernel_name, **kwargs)

    start_new_kernel.course_safe_start = True
    return start_new_kernel
