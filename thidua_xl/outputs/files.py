"""Atomic, deterministic output: a temporary file in the target folder, then a rename."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from thidua_xl.outputs.stamp import stamp_entries
from thidua_xl.outputs.targets import Step, alone, defer, resolve_target, write_into

FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; it replaces `target` only if the block succeeds.

    A symlink is written through to the file it names; a device or pipe is written into (from a
    temporary file elsewhere), never replaced."""
    real = resolve_target(Path(target))
    target = real.path
    if not real.stream:
        target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix,
                               dir=None if real.stream else target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    handed_over = False
    try:
        yield tmp_path
        if real.stream:
            commit = functools.partial(write_into, target, tmp_path)
        else:
            os.chmod(tmp_path, 0o666 & ~_umask())
            commit = functools.partial(os.replace, tmp_path, target)
        step = Step(commit, functools.partial(tmp_path.unlink, missing_ok=True), real.stream)
        handed_over = defer(step)
        if not handed_over:
            step.commit()
    finally:
        if not handed_over:
            tmp_path.unlink(missing_ok=True)


def _umask() -> int:
    """The process umask, so atomic outputs get the same mode as ordinary new files (not 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_bytes(target: Path, data: bytes) -> Path:
    """Write bytes atomically."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def atomic_write_text(target: Path, text: str) -> Path:
    """Write UTF-8 text atomically."""
    return atomic_write_bytes(target, text.encode("utf-8"))


def normalize_zip(path: Path, kind: str | None = None) -> None:
    """Rewrite an OOXML zip with fixed timestamps and sorted-stable order, so same input → same bytes;
    with `kind`, stamp it as that thidua_xl output."""
    with zipfile.ZipFile(path) as src:
        entries = [(info, src.read(info.filename)) for info in src.infolist()]
    if kind is not None:
        entries = stamp_entries(entries, kind)
    with alone(), atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, data)


def write_ooxml(target: Path, build: Callable[[Path], None], kind: str | None = None) -> Path:
    """Build an xlsx/docx at a temporary path, fix its zip metadata (stamped as output `kind` when
    given), then move it into place."""
    with atomic_path(target) as tmp:
        build(tmp)
        normalize_zip(tmp, kind)
    return Path(target)


def sha256(path: Path) -> str:
    """Content hash, for proving inputs were not modified."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
