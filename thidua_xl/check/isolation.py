"""Run file checks in worker processes so a crashing, hanging or memory-hungry parser costs one file."""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import functools
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from thidua_xl.campaign import Campaign
from thidua_xl.check.file import FileResult, check_file, crashed, slim
from thidua_xl.check.signals import STOP_SIGNALS, signals_deferred

FILE_TIMEOUT_S = 120.0
WORKER_MEMORY_MB = 2048
PARENT_POLL_S = 0.5
PR_SET_PDEATHSIG = 1


def _limit_memory(megabytes: int) -> None:
    """Cap the worker's address space where the OS allows it, so a bomb fails inside the worker."""
    try:
        import resource
    except ImportError:
        return
    limit = megabytes * 1024 * 1024
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard < 0 else min(limit, hard), hard))
    except (ValueError, OSError):
        pass


def _quiet_signals() -> None:
    """In a worker: Ctrl+C is the parent's to handle (no traceback here), SIGTERM ends it silently."""
    for sig in STOP_SIGNALS:
        signal.signal(sig, signal.SIG_IGN if sig == signal.SIGINT else signal.SIG_DFL)
    unblock = getattr(signal, "pthread_sigmask", None)
    if unblock is not None:
        unblock(signal.SIG_UNBLOCK, STOP_SIGNALS)


def _watch_parent(parent: int) -> None:
    """End the worker as soon as its parent is gone, even while it is busy parsing a file."""
    while True:
        time.sleep(PARENT_POLL_S)
        if os.getppid() != parent:
            os._exit(0)


def _die_with_parent(parent: int) -> None:
    """Never outlive the parent: the kernel kills us with it (Linux), a watchdog does elsewhere."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(0)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _worker(conn: Connection, campaign: Campaign, received: Mapping[str, date] | None,
            memory_mb: int, parent: int, own_end: Connection | None = None) -> None:
    """Check the files the parent sends one at a time; reply with results, raw rows dropped."""
    _quiet_signals()
    _die_with_parent(parent)
    if own_end is not None:
        own_end.close()
    faulthandler.disable()
    _limit_memory(memory_mb)
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        index, path, last = job
        try:
            result = check_file(Path(path), campaign, received)
            slim(result)
        except MemoryError:
            result = crashed(Path(path), "tệp đòi quá nhiều bộ nhớ khi đọc (nghi tệp độc hại).")
        conn.send((index, result))
        if last:
            return  # nothing more will come: free this process's memory while the parent reads


@dataclass
class _Slot:
    """One live worker and the file it is working on."""

    process: Any
    conn: Connection
    index: int | None = None
    started: float = 0.0


def _seen(result: FileResult, on_result: Callable[[FileResult], None] | None) -> FileResult:
    """Hand a fresh result to the caller's hook, if any."""
    if on_result is not None:
        on_result(result)
    return result


def _context() -> Any:
    """Fork where available (fast start, nothing to re-import); spawn elsewhere (Windows, macOS)."""
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return mp.get_context(method)


def _start(ctx: Any, campaign: Campaign, received: Mapping[str, date] | None,
           memory_mb: int) -> _Slot:
    """Start one worker process with its own pipe; a Ctrl+C during the start waits until the worker
    ignores it (so it can never print a traceback), then reaches the parent."""
    parent, child = ctx.Pipe()
    forked = ctx.get_start_method() == "fork"
    proc = ctx.Process(target=_worker, daemon=True,
                       args=(child, campaign, received, memory_mb, os.getpid(),
                             parent if forked else None))
    with signals_deferred():
        proc.start()
    child.close()
    return _Slot(proc, parent)


def _stop(slot: _Slot, grace: float = 0.2) -> None:
    """End a worker for good: a moment to exit on its own, then killed."""
    slot.process.join(timeout=grace)
    if slot.process.is_alive():
        slot.process.kill()
    slot.process.join(timeout=5)
    slot.conn.close()


def _retire(slot: _Slot) -> None:
    """A worker with nothing left to do ends now, so its memory is free while the parent
    consolidates and writes (an idle worker keeps what its largest file took)."""
    with contextlib.suppress(OSError):
        slot.conn.send(None)


def _reason(slot: _Slot, timeout: float | None) -> str:
    """Why a worker produced no result, in Vietnamese (timeout set when it ran out of time)."""
    if timeout is not None:
        return f"đọc tệp quá {timeout:g} giây, đã dừng (tệp bất thường hoặc quá nặng)."
    slot.process.join(timeout=5)
    return (f"trình đọc bị dừng đột ngột khi mở tệp (mã thoát {slot.process.exitcode}); tệp hỏng "
            "hoặc có nội dung bất thường.")


@functools.cache
def _bar_class(base: Any) -> Any:
    """tqdm without its monitor thread: a second thread would take the Ctrl+C that the main thread
    holds back while starting a worker, and CPython would then raise it inside a fork hook."""
    return type("Bar", (base,), {"monitor_interval": 0})


def run_isolated(files: Sequence[Path], campaign: Campaign,
                 received: Mapping[str, date] | None = None, *, progress: bool = False,
                 workers: int | None = None, timeout: float = FILE_TIMEOUT_S,
                 memory_mb: int = WORKER_MEMORY_MB,
                 on_result: Callable[[FileResult], None] | None = None) -> list[FileResult]:
    """Check every file in worker processes; results come back in input order, one per file.

    `on_result` sees each result as it arrives (e.g. to share repeated values and bound memory).
    """
    from tqdm import tqdm

    results: list[FileResult | None] = [None] * len(files)
    if not files:
        return []
    ctx = _context()
    count = workers or max(1, min(os.cpu_count() or 1, len(files), 4))
    pending = list(range(len(files)))[::-1]
    slots: list[_Slot] = []
    bar = _bar_class(tqdm)(total=len(files), disable=not progress, unit="tệp", desc="Kiểm tra",
                           file=sys.stderr, leave=False)

    def feed(slot: _Slot) -> None:
        if pending:
            slot.index = pending.pop()
            slot.started = time.monotonic()
            slot.conn.send((slot.index, str(files[slot.index]), not pending))
        else:
            slot.index = None
            _retire(slot)

    finished = False
    try:
        for _ in range(count):
            slots.append(_start(ctx, campaign, received, memory_mb))
            feed(slots[-1])
        while any(s.index is not None for s in slots):
            busy = [s for s in slots if s.index is not None]
            ready = wait([s.conn for s in busy], timeout=0.5)
            for i, slot in enumerate(slots):
                if slot.index is None:
                    continue
                timed_out = time.monotonic() - slot.started > timeout
                if slot.conn in ready:
                    try:
                        index, result = slot.conn.recv()
                        results[index] = _seen(result, on_result)
                        bar.update(1)
                        feed(slot)
                        continue
                    except (EOFError, OSError):
                        timed_out = False
                elif not timed_out:
                    continue
                why = _reason(slot, timeout if timed_out else None)
                results[slot.index] = _seen(crashed(files[slot.index], why), on_result)
                bar.update(1)
                _stop(slot)
                slots[i] = _start(ctx, campaign, received, memory_mb)
                feed(slots[i])
        finished = True
    finally:
        bar.close()
        for slot in slots:
            if finished and slot.process.is_alive():
                with contextlib.suppress(OSError):
                    slot.conn.send(None)
            _stop(slot, 0.2 if finished else 0.0)
    return [r if r is not None else crashed(files[i], "không có kết quả.")
            for i, r in enumerate(results)]
