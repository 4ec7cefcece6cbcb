"""Write two outputs at once: one job in a forked process while this process writes another.

tong_hop.xlsx is written by XlsxWriter cell by cell and is the longest output; the documents and
the JSON report take about half as long and need nothing from it. On Linux the second job runs in
a forked copy of this process (the consolidation is already in memory, nothing is pickled but the
returned paths), so a two-core machine writes both at once. Where fork is not available, or when
the forked job fails in any way, the job runs here after the main one, so errors are raised in
this process with their own type and message. Outputs are atomic and deterministic, so writing a
file again gives the same bytes. The forked job's outputs are not put in place by it: their last
steps come back with its result and join this process's (inside targets.together(), all of a
run's outputs appear at once or none).

A forked process shares memory with this one only until it touches an object (reference counts
are writes), and the documents touch every entry: on a large batch the fork would copy the whole
consolidation, so callers run the job here instead (fork=False).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing as mp
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

from thidua_xl.check.signals import STOP_SIGNALS, signals_deferred
from thidua_xl.outputs.targets import adopt, collected

T = TypeVar("T")
JOIN_TIMEOUT_S = 5.0
PR_SET_PDEATHSIG = 1


def _stopped(signum: int, _frame: object) -> None:
    """SIGTERM in the forked process: unwind, so half-written temporary files are removed."""
    raise SystemExit(128 + signum)


def _own_signals() -> None:
    """In the forked process: Ctrl+C is the parent's to handle (it then stops us), SIGTERM unwinds,
    and so does the parent's death (Linux); the parent held stop signals back while forking."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stopped)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def _child(job: Callable[[], Any], conn: Connection) -> None:
    """Run the job in the forked process and send back ("ok", (result, last steps)) or ("failed",
    reason): its outputs are put in place by the parent, with the parent's own (targets.adopt)."""
    _own_signals()
    try:
        with collected() as steps:
            result = job()
        conn.send(("ok", (result, steps)))
    except BaseException as exc:  # noqa: BLE001 - any failure means: run it again in the parent
        with contextlib.suppress(Exception):
            conn.send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


class Beside(Generic[T]):
    """A job running in a forked process; result() waits for it (or runs it here if it failed)."""

    def __init__(self, job: Callable[[], T], fork: bool = True) -> None:
        self.job = job
        self.fork = fork
        self.failed = ""
        self._process: Any = None
        self._conn: Connection | None = None

    def start(self) -> None:
        """Fork the job off, or leave it to run in this process where fork is missing or unsafe:
        with other threads alive (a macro host, a server) a lock one of them holds at the fork
        would stay held in the child forever, and the child would hang instead of failing."""
        if not self.fork or not sys.platform.startswith("linux") or threading.active_count() > 1:
            return
        ctx = mp.get_context("fork")
        parent, child = ctx.Pipe(duplex=False)
        # Objects that exist now are never collected by the child, so its collections do not
        # write to (and copy) the pages it shares with this process.
        gc.freeze()
        try:
            self._process = ctx.Process(target=_child, args=(self.job, child), daemon=True)
            with signals_deferred():
                self._process.start()
        finally:
            gc.unfreeze()
            child.close()
        self._conn = parent

    def result(self) -> T:
        """The job's result: from the forked process, or computed here when that failed."""
        if self._conn is not None:
            try:
                status, value = self._conn.recv()
            except (EOFError, OSError):
                status, value = "failed", f"exit code {self._stop()}"
            self._stop()
            if status == "ok":
                result, steps = value
                adopt(steps)
                return result  # type: ignore[no-any-return]
            self.failed = str(value)
        return self.job()

    def cancel(self) -> None:
        """Stop the forked job (the main job failed or was interrupted): SIGTERM lets it remove
        its temporary files on the way out; it is killed only if it does not end in time."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
        self._stop()

    def _stop(self) -> int | None:
        """Reap the forked process (killed if it does not end on its own) and close the pipe."""
        if self._process is None:
            return None
        self._process.join(timeout=JOIN_TIMEOUT_S)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        code: int | None = self._process.exitcode
        self._process = None
        return code


@contextlib.contextmanager
def beside(job: Callable[[], T], fork: bool = True) -> Iterator[Beside[T]]:
    """Run `job` in a forked process while the with-block runs; call .result() after the block.

    With fork=False the job simply runs at .result(). If the block raises (or is interrupted),
    the forked job is stopped and nothing is retried."""
    side = Beside(job, fork)
    side.start()
    try:
        yield side
    except BaseException:
        side.cancel()
        raise
