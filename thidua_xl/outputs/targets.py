"""Where an output really goes: a symlink is written through to its file, a device or pipe is
written into, and nothing that is not a regular file is ever replaced by a rename."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from thidua_xl.check.signals import signals_deferred


class OutputRefused(ValueError):
    """An output path that must not be written; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Target:
    """The file to write: its real path, and whether it is a stream (device, pipe) written into."""

    path: Path
    stream: bool = False


def resolve_target(target: Path) -> Target:
    """Follow symlinks to the file they name; refuse folders, block devices and sockets."""
    target = Path(target)
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise OutputRefused(f"Không ghi được {target}: {exc.strerror or exc}.") from exc
    if mode is None:
        # Missing, or a symlink to a file not made yet: create the file the link names.
        real = Path(os.path.realpath(target)) if target.is_symlink() else target
        return Target(real)
    if stat.S_ISREG(mode):
        return Target(Path(os.path.realpath(target)) if target.is_symlink() else target)
    if stat.S_ISDIR(mode):
        raise OutputRefused(f"Không ghi được {target}: đây là một thư mục, cần đường dẫn tệp.")
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return Target(target, stream=True)
    raise OutputRefused(f"Không ghi được {target}: đây không phải tệp thường (thiết bị khối hoặc "
                        "socket); hãy chọn một đường dẫn tệp.")


def write_into(target: Path, source: Path) -> None:
    """Copy a finished temporary file into a device or pipe, leaving the special file in place."""
    with open(source, "rb") as src, open(target, "wb") as dst:
        while chunk := src.read(1 << 16):
            dst.write(chunk)


@dataclass(frozen=True)
class Step:
    """The last step of writing one output (a rename into place, or a copy into a device), and
    how to remove its temporary file when the run stops before that step."""

    commit: Callable[[], None]
    cleanup: Callable[[], None]
    stream: bool = False


_PENDING: ContextVar[list[Step] | None] = ContextVar("thidua_pending_outputs", default=None)


def defer(step: Step) -> bool:
    """Hand an output's last step to the enclosing together() block; False outside one."""
    pending = _PENDING.get()
    if pending is None:
        return False
    pending.append(step)
    return True


@contextlib.contextmanager
def alone() -> Iterator[None]:
    """Write an intermediate file at once, even inside together() (a zip rewritten in place)."""
    token = _PENDING.set(None)
    try:
        yield
    finally:
        _PENDING.reset(token)


@contextlib.contextmanager
def collected() -> Iterator[list[Step]]:
    """Outputs written inside the block hand their last step to the yielded list, for another
    process to put in place with its own outputs; a stop or error removes their temporary files."""
    steps: list[Step] = []
    token = _PENDING.set(steps)
    try:
        yield steps
    except BaseException:
        for step in steps:
            step.cleanup()
        raise
    finally:
        _PENDING.reset(token)


def adopt(steps: list[Step]) -> None:
    """Last steps collected elsewhere: handed to the enclosing together() block, else done now."""
    for step in steps:
        if not defer(step):
            step.commit()
            step.cleanup()


@contextlib.contextmanager
def together() -> Iterator[None]:
    """Outputs written inside the block are put in place together when it ends, or none of them
    (a stop or error before the end removes every temporary file): one run's outputs never sit
    beside another's. Renames happen with stop signals held back; streams are written after."""
    steps: list[Step] = []
    token = _PENDING.set(steps)
    try:
        yield
    except BaseException:
        _PENDING.reset(token)
        for step in steps:
            step.cleanup()
        raise
    _PENDING.reset(token)
    try:
        with signals_deferred():
            for step in steps:
                if not step.stream:
                    step.commit()
        for step in steps:
            if step.stream:
                step.commit()
    finally:
        for step in steps:
            step.cleanup()
