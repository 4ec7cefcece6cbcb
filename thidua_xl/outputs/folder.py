"""A whole output folder replaced at once: one run's documents never mix with an earlier run's."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from thidua_xl.check.signals import signals_deferred
from thidua_xl.outputs.targets import OutputRefused, Step, defer
from thidua_xl.read.produced import output_kind
from thidua_xl.read.tree import is_junk


def _foreign(entry: Path) -> bool:
    """A file or folder this program did not write (the Office's own notes): carried over, never lost.

    Junk (a killed run's hidden temporary file, Word's ~$ lock file) is not carried over."""
    if is_junk(entry.name):
        return False
    if entry.is_symlink() or entry.is_dir():
        return True
    return entry.is_file() and output_kind(entry) is None


@contextlib.contextmanager
def replaced_folder(target: Path) -> Iterator[Path]:
    """Yield an empty hidden staging folder beside `target`; when the block succeeds it becomes
    `target`, and everything the earlier `target` held that this program wrote is gone (inside
    targets.together(), when that block ends).

    Files someone else put in the old folder are moved into the new one, so nothing of theirs is
    lost. When the block fails the old folder stays exactly as it was."""
    target = Path(target)
    if target.is_symlink() and target.is_dir():
        target = Path(os.path.realpath(target))
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OutputRefused(f"Không ghi được thư mục văn bản {target}: đường dẫn này là một tệp "
                            "hoặc liên kết, không phải thư mục.")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    handed_over = False
    try:
        yield staging
        os.chmod(staging, 0o777 & ~_umask())
        step = Step(functools.partial(_swap, staging, target),
                    functools.partial(shutil.rmtree, staging, ignore_errors=True))
        handed_over = defer(step)
        if not handed_over:
            step.commit()
    finally:
        if not handed_over:
            shutil.rmtree(staging, ignore_errors=True)


def _swap(staging: Path, target: Path) -> None:
    """Put the finished staging folder in the place of `target`, carrying foreign files over."""
    if not target.exists():
        os.replace(staging, target)
        return
    for entry in sorted(target.iterdir()):
        if _foreign(entry) and not (staging / entry.name).exists():
            os.replace(entry, staging / entry.name)
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.cu.", dir=target.parent))
    with signals_deferred():
        os.replace(target, old / target.name)
        try:
            os.replace(staging, target)
        except OSError:
            os.replace(old / target.name, target)
            raise
    shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    """The process umask, so the new folder gets the mode an ordinary mkdir would give it."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
