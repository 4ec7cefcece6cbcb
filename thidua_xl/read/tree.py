"""What each file in an input tree is: a workbook to read, an output of ours, OS junk, a workbook
format we cannot read, or something else. Decided by rule, so every file is accounted for."""

from __future__ import annotations

import os
import stat
from enum import StrEnum
from pathlib import Path

from thidua_xl.read.produced import output_kind

SUPPORTED = (".xlsx", ".xlsm", ".xls", ".ods")
# Suffixes we may have written ourselves: checked for our stamp before anything else.
STAMPABLE = (".xlsx", ".xlsm", ".docx", ".html", ".htm", ".json")
JUNK_NAMES = frozenset({"thumbs.db", "ehthumbs.db", "desktop.ini", ".ds_store", "icon\r",
                        ".localized", "__macosx"})
JUNK_SUFFIXES = (".tmp", ".temp", "~")
_SAVE_AS_XLSX = ("mở tệp bằng Excel (hoặc LibreOffice), chọn Lưu thành (Save As) → \"Excel Workbook "
                 "(.xlsx)\" rồi gửi lại tệp .xlsx")
# Workbook formats the reader does not take: what they are and what the unit should do.
UNSUPPORTED: dict[str, tuple[str, str]] = {
    ".xlsb": ("Excel nhị phân (.xlsb)", _SAVE_AS_XLSX),
    ".xltx": ("mẫu Excel (.xltx)", _SAVE_AS_XLSX),
    ".xltm": ("mẫu Excel có macro (.xltm)", _SAVE_AS_XLSX),
    ".xlt": ("mẫu Excel 97-2003 (.xlt)", _SAVE_AS_XLSX),
    ".xlam": ("phần bổ trợ Excel (.xlam)", "đây không phải hồ sơ; gửi tệp .xlsx theo mẫu biểu"),
    ".xla": ("phần bổ trợ Excel (.xla)", "đây không phải hồ sơ; gửi tệp .xlsx theo mẫu biểu"),
    ".xlw": ("không gian làm việc Excel (.xlw)", _SAVE_AS_XLSX),
    ".numbers": ("Apple Numbers (.numbers)",
                 "mở bằng Numbers, chọn Tệp → Xuất sang → Excel rồi gửi lại tệp .xlsx"),
    ".fods": ("bảng tính LibreOffice dạng phẳng (.fods)", _SAVE_AS_XLSX),
    ".ots": ("mẫu bảng tính LibreOffice (.ots)", _SAVE_AS_XLSX),
    ".sxc": ("bảng tính OpenOffice 1.x (.sxc)", _SAVE_AS_XLSX),
    ".et": ("bảng tính WPS (.et)", "mở bằng WPS Spreadsheets, lưu thành .xlsx rồi gửi lại"),
    ".ett": ("mẫu bảng tính WPS (.ett)", "mở bằng WPS Spreadsheets, lưu thành .xlsx rồi gửi lại"),
    ".gsheet": ("lối tắt Google Sheets (.gsheet)",
                "mở trên Google Sheets, chọn Tệp → Tải xuống → Microsoft Excel (.xlsx)"),
    ".wk1": ("bảng tính Lotus (.wk1)", _SAVE_AS_XLSX),
    ".wks": ("bảng tính Works/Lotus (.wks)", _SAVE_AS_XLSX),
}


class Kind(StrEnum):
    """How discovery treats one file."""

    WORKBOOK = "workbook"
    OUTPUT = "output"
    JUNK = "junk"
    UNSUPPORTED = "unsupported"
    OTHER = "other"


def is_junk(name: str) -> bool:
    """OS and editor litter: ._ forks, ~$ lock files, Thumbs.db, desktop.ini, hidden temp files."""
    low = name.lower()
    return low in JUNK_NAMES or name.startswith((".", "~")) or low.endswith(JUNK_SUFFIXES)


def _hidden_on_windows(path: Path) -> bool:
    """The Windows hidden attribute (Explorer does not show these files either)."""
    attrs = getattr(os.stat(path, follow_symlinks=False), "st_file_attributes", 0)
    return bool(attrs & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))


def classify(path: Path) -> tuple[Kind, str]:
    """What a file is, and for our outputs which kind (for junk and others, an empty string).

    Special files (pipes, devices) count as "other" and are never opened."""
    path = Path(path)
    if is_junk(path.name) or _hidden_on_windows(path):
        return Kind.JUNK, ""
    if not path.is_file():
        return Kind.OTHER, ""
    suffix = path.suffix.lower()
    if suffix in STAMPABLE:
        kind = output_kind(path)
        if kind:
            return Kind.OUTPUT, kind
    if suffix in SUPPORTED:
        return Kind.WORKBOOK, ""
    if suffix in UNSUPPORTED:
        return Kind.UNSUPPORTED, ""
    return Kind.OTHER, ""


def unsupported_reason(path: Path) -> str:
    """The sentence telling the Office what the file is and what the unit should do instead."""
    what, todo = UNSUPPORTED[Path(path).suffix.lower()]
    return (f"Tệp {path} có định dạng {what}, chương trình không đọc được định dạng này: {todo}.")
