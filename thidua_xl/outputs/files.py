"""Atomic, deterministic output: a temporary file in the target folder, then a rename."""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import os
import secrets
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from thidua_xl.outputs.stamp import stamp_entries
from thidua_xl.outputs.targets import Step, alone, defer, resolve_target, write_into

FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)
HOLDERS = {".xlsx": "Excel", ".xlsm": "Excel", ".xls": "Excel", ".csv": "Excel", ".docx": "Word"}


def holder(target: Path) -> str:
    """The program a clerk most likely has the file open in, by its extension."""
    return HOLDERS.get(Path(target).suffix.lower(), "một chương trình khác")


class OutputLocked(PermissionError):
    """An output that could not be replaced: on Windows, Excel and Word lock the files they show."""

    def __init__(self, target: Path) -> None:
        super().__init__(errno.EACCES, f"đang mở trong {holder(target)}", str(target))
        self.target = Path(target)

    def advice(self, retry: str) -> str:
        """What the clerk reads: which file to close, and what to do then (`retry`: "bấm lại")."""
        return (f"Tệp {self.target} đang mở trong {holder(self.target)} (hoặc không được phép ghi "
                f"đè); hãy đóng tệp rồi {retry}.")


def _replace(tmp: Path, target: Path) -> None:
    """Move the finished temporary file over the target; a locked target is named, not the temp file."""
    try:
        os.replace(tmp, target)
    except PermissionError as exc:
        raise OutputLocked(target) from exc


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; it replaces `target` only if the block succeeds
    (inside targets.together(), when that block ends, with the run's other outputs).

    A symlink is written through to the file it names; a device or pipe is written into (from a
    temporary file in the system's temporary folder), never replaced."""
    real = resolve_target(Path(target))
    target = real.path
    if not real.stream:
        target.parent.mkdir(parents=True, exist_ok=True)
    tmp_path = _new_temporary(Path(tempfile.gettempdir()) / target.name if real.stream else target)
    handed_over = False
    try:
        yield tmp_path
        commit = functools.partial(write_into, target, tmp_path) if real.stream \
            else functools.partial(_replace, tmp_path, target)
        step = Step(commit, functools.partial(tmp_path.unlink, missing_ok=True), real.stream)
        handed_over = defer(step)
        if not handed_over:
            step.commit()
    finally:
        if not handed_over:
            tmp_path.unlink(missing_ok=True)


def _new_temporary(target: Path) -> Path:
    """A new empty hidden file beside `target`, created with mode 0666 so the kernel applies the
    umask and the output gets the same mode as an ordinary new file (mkstemp would give 0600)."""
    for _ in range(100):
        candidate = target.parent / f".{target.stem}.{secrets.token_hex(6)}{target.suffix}"
        try:
            os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(f"không tạo được tệp tạm trong {target.parent}")


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
