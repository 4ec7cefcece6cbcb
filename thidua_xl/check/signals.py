"""Stop signals held back for the few instants a step must not be cut in two (a process start,
the swap of finished outputs into place). Light enough for any module to import."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
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


# The one line a stopped command prints, by the signal that stopped it.
STOP_MESSAGES = {
    "SIGINT": "Đã dừng theo yêu cầu (Ctrl+C); các tệp kết quả đang ghi dở đã được bỏ, tệp cũ giữ nguyên.",
    "SIGTERM": "Đã dừng vì nhận tín hiệu kết thúc; các tệp kết quả đang ghi dở đã được bỏ, tệp cũ giữ "
               "nguyên.",
}


class Stopped(KeyboardInterrupt):
    """SIGTERM turned into an interruption, so the same clean-up runs as for Ctrl+C."""


def _on_sigterm(signum: int, frame: object) -> None:
    """Stop the run as Ctrl+C would (finally blocks remove temporary files, workers end)."""
    raise Stopped


def hold_stop_signals() -> None:
    """After the first stop: further Ctrl+C or SIGTERM must not interrupt the clean-up or exit."""
    for sig in STOP_SIGNALS:
        signal.signal(sig, signal.SIG_IGN)


@contextlib.contextmanager
def stoppable(program: bool) -> Iterator[None]:
    """Run a command so that SIGTERM stops it as Ctrl+C does (a KeyboardInterrupt, `Stopped` for
    SIGTERM). As the program itself, stop signals are ignored once it is done, so its exit cannot
    be cut either; otherwise (tests, other Python code) the caller's handlers are put back."""
    previous = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    try:
        if hasattr(signal, "SIGTERM"):
            signal.signal(signal.SIGTERM, _on_sigterm)
        yield
    finally:
        if program:
            hold_stop_signals()
        else:
            for sig, handler in previous.items():
                if handler is not None:
                    signal.signal(sig, handler)


def exit_now(code: int) -> None:
    """End the program at once after a handled stop, every clean-up already done: CPython would
    otherwise turn a Ctrl+C that landed inside exec'd code (a dataclass being built) into a death
    by SIGINT at exit, although it was caught and reported."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


def report_stop(exc: KeyboardInterrupt, code: int, *, program: bool) -> int:
    """Say in one line that the command was stopped and by what; as the program, exit at once."""
    with contextlib.suppress(OSError):
        print(STOP_MESSAGES["SIGTERM" if isinstance(exc, Stopped) else "SIGINT"], file=sys.stderr)
    if program:
        exit_now(code)
    return code


def pipe_closed(code: int) -> int:
    """The reader of our output went away (SIGPIPE): send the rest nowhere, so the exit's own
    flush cannot raise a second time."""
    with contextlib.suppress(OSError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return code
