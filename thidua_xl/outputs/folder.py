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


@contextlib.contextmanager
def replaced_folder(target: Path) -> Iterator[Path]:
    """Yield an empty hidden staging folder beside `target`; when the block succeeds it becomes
    `target` and the earlier `target` is gone as a whole (inside targets.together(), when that
    block ends). When the block fails the old folder stays exactly as it was."""
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
    """Put the finished staging folder in the place of `target`, the old one removed."""
    if not target.exists():
        os.replace(staging, target)
        return
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
