"""When a workbook was last saved, by its own document properties (never the file's date on disk,
which is when it was copied or downloaded)."""

from __future__ import annotations

import contextlib
import re
import struct
import zipfile
from datetime import UTC, datetime
from pathlib import Path

MAX_PART_BYTES = 1_000_000
MAX_OLE_BYTES = 50 * 1024 * 1024
_CORE_MODIFIED = re.compile(rb"<(?:\w+:)?modified\b[^>]*>\s*([^<\s]+)\s*<")
_ODF_DATE = re.compile(rb"<dc:date>\s*([^<\s]+)\s*<")
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_SUMMARY = "\x05SummaryInformation"
_PID_LASTSAVE = 13
_VT_FILETIME = 0x40
_FREE, _END = 0xFFFFFFFF, 0xFFFFFFFE
_FILETIME_EPOCH = 11_644_473_600


def _iso_seconds(text: bytes) -> float:
    """Seconds since the epoch of a W3CDTF time ("2021-05-20T10:00:00Z"); 0.0 when unreadable."""
    value = text.decode("ascii", "replace").strip().replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return 0.0
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(moment.timestamp(), 0.0)


def _zip_time(path: Path | zipfile.ZipFile, part: str, pattern: re.Pattern[bytes]) -> float:
    """A date inside one small part of a zip package (opened here, or already open)."""
    with contextlib.nullcontext(path) if isinstance(path, zipfile.ZipFile) \
            else zipfile.ZipFile(path) as zf:
        info = zf.getinfo(part)
        if info.file_size > MAX_PART_BYTES:
            return 0.0
        found = pattern.search(zf.read(info))
    return _iso_seconds(found[1]) if found else 0.0


class _Ole:
    """Just enough of the OLE2 compound file format to read one small stream of an .xls."""

    def __init__(self, data: bytes) -> None:
        if data[:8] != _OLE_MAGIC:
            raise ValueError("not an OLE2 file")
        self.data = data
        self.size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
        self.mini_size = 1 << struct.unpack_from("<H", data, 0x20)[0]
        self.cutoff = struct.unpack_from("<I", data, 0x38)[0]
        fat_sectors = list(struct.unpack_from("<109I", data, 0x4C))
        difat, count = struct.unpack_from("<II", data, 0x44)
        for _ in range(count):
            if difat in (_FREE, _END):
                break
            ids = struct.unpack_from(f"<{self.size // 4}I", self._sector(difat))
            fat_sectors += ids[:-1]
            difat = ids[-1]
        self.fat = [n for s in fat_sectors if s not in (_FREE, _END)
                    for n in struct.unpack_from(f"<{self.size // 4}I", self._sector(s))]
        self.directory = self._chain(struct.unpack_from("<I", data, 0x30)[0], self.fat, self._sector)
        mini_fat = self._chain(struct.unpack_from("<I", data, 0x3C)[0], self.fat, self._sector)
        self.mini_fat = list(struct.unpack_from(f"<{len(mini_fat) // 4}I", mini_fat))
        root_start = struct.unpack_from("<I", self.directory, 0x74)[0]
        self.mini_stream = self._chain(root_start, self.fat, self._sector)

    def _sector(self, sid: int) -> bytes:
        start = (sid + 1) * self.size
        if start + self.size > len(self.data):
            raise ValueError("sector beyond the file")
        return self.data[start:start + self.size]

    def _mini(self, sid: int) -> bytes:
        start = sid * self.mini_size
        return self.mini_stream[start:start + self.mini_size]

    @staticmethod
    def _chain(start: int, table: list[int], read: object) -> bytes:
        parts, sid, seen = [], start, set()
        while sid not in (_FREE, _END) and sid < len(table) and sid not in seen:
            seen.add(sid)
            parts.append(read(sid))  # type: ignore[operator]
            sid = table[sid]
        return b"".join(parts)

    def stream(self, name: str) -> bytes | None:
        """The bytes of a stream found by name in the directory."""
        for off in range(0, len(self.directory) - 127, 128):
            entry = self.directory[off:off + 128]
            length = struct.unpack_from("<H", entry, 64)[0]
            if entry[66] != 2 or not 2 <= length <= 64:
                continue
            if entry[:length - 2].decode("utf-16-le", "replace") != name:
                continue
            start, size = struct.unpack_from("<II", entry, 0x74)
            if size < self.cutoff:
                return self._chain(start, self.mini_fat, self._mini)[:size]
            return self._chain(start, self.fat, self._sector)[:size]
        return None


def _filetime(summary: bytes) -> float:
    """PIDSI_LASTSAVE_DTM from a SummaryInformation property set, as epoch seconds."""
    offset = struct.unpack_from("<I", summary, 44)[0]
    count = struct.unpack_from("<I", summary, offset + 4)[0]
    for i in range(min(count, 64)):
        pid, where = struct.unpack_from("<II", summary, offset + 8 + 8 * i)
        if pid != _PID_LASTSAVE:
            continue
        kind, ticks = struct.unpack_from("<IQ", summary, offset + where)
        if kind == _VT_FILETIME and ticks:
            return max(ticks / 10_000_000 - _FILETIME_EPOCH, 0.0)
    return 0.0


def _ole_time(path: Path) -> float:
    """Last-saved time of an .xls from its SummaryInformation stream."""
    if path.stat().st_size > MAX_OLE_BYTES:
        return 0.0
    summary = _Ole(path.read_bytes()).stream(_SUMMARY)
    return _filetime(summary) if summary else 0.0


def saved_time(path: Path, package: zipfile.ZipFile | None = None) -> float:
    """Seconds since the epoch the workbook was last saved, by its own properties; 0.0 if unknown
    (`package`: the file's zip, when the caller has it open)."""
    suffix = Path(path).suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _zip_time(package or path, "docProps/core.xml", _CORE_MODIFIED)
        if suffix == ".ods":
            return _zip_time(package or path, "meta.xml", _ODF_DATE)
        if suffix == ".xls":
            return _ole_time(Path(path))
    except (KeyError, OSError, ValueError, struct.error, zipfile.BadZipFile, RuntimeError,
            EOFError, UnicodeDecodeError, IndexError):
        return 0.0
    return 0.0
