"""Kernels the kit starts itself (reports, notebook builds, unsandboxed grading) talk over Unix sockets where they can.

Over TCP, jupyter_client picks each of a kernel's five ports by asking the system for a free one and releasing it
before the kernel binds it. When many kernels start at once (a class's reports, the test suite, the hub next to a
grading run), two can pick the same port: one dies before it answers, and a request sent to it afterwards can reach
the process that took the port instead. A Unix socket is a file with a random name, so no two kernels can pick the
same one (measured: no more CPU than TCP). Windows, and a temporary folder whose path is too long for a socket name,
keep TCP.

The grading sandbox sets its own sockets up (:mod:`course.grading.engine`).
"""

from __future__ import annotations

import os
import secrets
import tempfile
from typing import Any, TypeVar

from jupyter_client.manager import AsyncKernelManager

#: a Unix socket path must fit in 108 bytes (``sun_path``); ``-1`` … ``-5`` and a margin come after the prefix
MAX_IPC_PREFIX = 96

M = TypeVar("M")


def ipc_prefix(folder: str | None = None) -> str | None:
    """A fresh path prefix for one kernel's sockets, or ``None`` where TCP must be used (Windows, a long path)."""
    if os.name != "posix":
        return None
    prefix = os.path.join(folder or tempfile.gettempdir(), f"kernel-{secrets.token_hex(8)}")
    return prefix if len(prefix.encode()) <= MAX_IPC_PREFIX else None


def on_unix_sockets(manager: M, folder: str | None = None) -> M:
    """``manager`` (a jupyter_client kernel manager, not started yet) set to Unix sockets where it can be.

    The socket files (``<prefix>-1`` … ``-5``) are removed with the kernel (``cleanup_ipc_files``).
    """
    prefix = ipc_prefix(folder)
    if prefix is not None:
        manager.transport, manager.ip = "ipc", prefix
    return manager


class SocketKernelManager(AsyncKernelManager):
    """nbclient's and papermill's kernel manager, on Unix sockets where it can be (``kernel_manager_class=``)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if "transport" not in kwargs and "ip" not in kwargs:
            on_unix_sockets(self)


__all__ = ["MAX_IPC_PREFIX", "SocketKernelManager", "ipc_prefix", "on_unix_sockets"]
