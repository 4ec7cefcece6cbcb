"""Stop signals held back for the few instants a step must not be cut in two (a process start,
the swap of finished outputs into place). Light enough for any module to import."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

# The signals that stop a run: Ctrl+C and SIGTERM (only those this platform has).
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name))


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold Ctrl+C and SIGTERM back: they arrive right after the block, never in its middle.
    A no-op where signals cannot be blocked (Windows, other threads)."""
    block = getattr(signal, "pthread_sigmask", None)
    if block is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    old = block(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        _checkpoint()
        yield
    finally:
        block(signal.SIG_SETMASK, old)


def _checkpoint() -> None:
    """A Python call, where a stop that came in just before the block is raised: here, in Python,
    rather than later inside a hook CPython runs from C (after a fork), where it would print a
    traceback instead of stopping the run."""
