"""Unit workbook → Submission: values only, header found by label, every value with its address."""

from __future__ import annotations

import itertools
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from thidua_xl.campaign import Campaign
from thidua_xl.findings import Finding, Severity, display_value, finding
from thidua_xl.read import contract, layout
from thidua_xl.read.formulas import formula_cells
from thidua_xl.read.labels import Sheets, blank
from thidua_xl.read.model import Submission
from thidua_xl.read.saved import saved_time
from thidua_xl.read.tree import SUPPORTED, UNSUPPORTED, unsupported_reason

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
MAX_CELLS = 2_000_000
# Rows of each sheet kept as Python values (header and unit-info scans read them more than once).
HEAD_ROWS = max(layout.HEADER_SCAN_ROWS, layout.INFO_SCAN_ROWS) + 2


def _stamp(sheets: Sheets) -> tuple[str | None, str | None]:
    """Campaign id and template version from the hidden stamp sheet, when present."""
    rows = sheets.get(contract.SHEET_STAMP)
    found: dict[str, str] = {}
    for row in (rows or [])[:10]:
        if len(row) >= 2 and isinstance(row[0], str) and not blank(row[1]):
            value = row[1]
            found[row[0].strip()] = str(int(value)) if isinstance(value, float) else str(value).strip()
    return found.get("campaign_id"), found.get("template_version")


def submission_from_sheets(path: str, sheets: Sheets,
                           formula_map: Mapping[str, set[str]] | None = None,
                           campaign: Campaign | None = None, skip: Iterable[str] = ()) -> Submission:
    """The reader's logic over in-memory sheet values (from calamine or from xlwings).

    Every nominee list is read (a copied "Danh sách đề nghị (2)" too); any other sheet with
    content gets a warning saying it was not read. `skip` names sheets never to look at (very
    hidden ones)."""
    from thidua_xl.campaign import load_campaign

    campaign = campaign or load_campaign()
    skip = set(skip)
    sub = Submission(path=path, formula_cells=dict(formula_map or {}))
    sub.campaign_id, sub.template_version = _stamp(sheets)
    headers, too_large = layout.list_headers(sheets, campaign, skip)
    sub.info, sub.info_cells, info_sheet = layout.read_info(sheets, campaign, headers)
    if not headers:
        sub.findings.append(finding(
            "template-mismatch", f"Không tìm thấy danh sách đề nghị (sheet \"{contract.SHEET_LIST}\" "
            "với dòng tiêu đề STT, Đối tượng, Họ và tên…): tệp không đúng mẫu biểu.", file=path))
        sub.readable = False
        return sub
    sub.list_sheet, sub.list_header = headers[0].sheet, headers[0].row + 1
    sub.list_sheets = [h.sheet for h in headers]
    for header in headers:
        rows, found = layout.read_list(path, header, sheets[header.sheet], campaign)
        sub.rows.extend(rows)
        sub.findings.extend(found)
    sub.findings.extend(layout.info_findings(path, info_sheet, sub.info_cells))
    used = {*sub.list_sheets, *(info_sheet or "",)} - {""}
    sub.findings.extend(layout.ignored_sheets(path, sheets, used, skip, too_large))
    sub.findings.extend(_stamp_findings(sub, campaign))
    return sub


def _stamp_findings(sub: Submission, campaign: Campaign) -> list[Finding]:
    """Say when a file claims another campaign or template version, or carries no stamp."""
    if sub.campaign_id is None:
        return [finding("template-mismatch", "Tệp không có dấu nhận diện mẫu biểu (sheet ẩn "
                        f"\"{contract.SHEET_STAMP}\"); vẫn đọc theo tiêu đề cột, đề nghị dùng mẫu "
                        "chuẩn.", severity=Severity.WARNING, file=sub.path)]
    if sub.campaign_id != campaign.id:
        return [finding("template-mismatch", f"Tệp thuộc đợt thi đua \"{sub.campaign_id}\", không "
                        f"phải đợt \"{campaign.id}\".", file=sub.path, value=sub.campaign_id)]
    if sub.template_version != campaign.template_version:
        return [finding("template-mismatch", f"Tệp dùng mẫu biểu phiên bản {sub.template_version}, "
                        f"phiên bản hiện hành là {campaign.template_version}; vẫn đọc theo tiêu đề "
                        "cột.", severity=Severity.WARNING, file=sub.path,
                        value=sub.template_version or "")]
    return []


def unreadable(path: str, reason: str) -> Submission:
    """A Submission standing for a file that could not be read, with the reason in Vietnamese."""
    sub = Submission(path=path, readable=False)
    sub.findings.append(finding("unreadable-file", f"Không đọc được tệp: {reason}", file=path))
    return sub


def _precheck(path: Path, package: zipfile.ZipFile | None = None) -> str | None:
    """Refuse what no parser should be handed: wrong type, too big, broken or bomb-like zips
    (`package`: the file's zip already opened by the caller, else opened here)."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        if suffix in UNSUPPORTED:
            return unsupported_reason(path)
        return f"định dạng \"{suffix or 'không có đuôi'}\" không được hỗ trợ (dùng .xlsx, .xlsm, .xls, .ods)."
    size = path.stat().st_size
    if size == 0:
        return "tệp rỗng (0 byte)."
    if size > MAX_FILE_BYTES:
        return f"tệp quá lớn ({size // 1_048_576} MB), tối đa {MAX_FILE_BYTES // 1_048_576} MB."
    if suffix in (".xlsx", ".xlsm", ".ods"):
        if package is not None:
            total = sum(i.file_size for i in package.infolist())
        elif not zipfile.is_zipfile(path):
            return "tệp hỏng hoặc không phải tệp Excel thật (không mở được như tệp nén OOXML/ODF)."
        else:
            with zipfile.ZipFile(path) as zf:
                total = sum(i.file_size for i in zf.infolist())
        if total > MAX_UNZIPPED_BYTES:
            return "tệp giải nén quá lớn (nghi tệp độc hại hoặc lỗi), đã từ chối đọc."
    return None


class _SheetRows(Sequence[list[object]]):
    """A sheet's rows from A1, made into Python values only as they are read: the first rows
    (header and unit-info scans come back to them) are kept, the rest are streamed from calamine
    on each pass, so a 50,000-row list never sits in memory as Python lists."""

    def __init__(self, sheet: Any) -> None:
        self._sheet = sheet
        start, end = sheet.start, sheet.end
        self._top: int = start[0] if start else 0
        self._left: int = start[1] if start else 0
        self._len: int = end[0] + 1 if end else 0
        self._head: list[list[object]] | None = None

    def _stream(self) -> Iterator[list[object]]:
        """Every row, padded to start at row 1 and column A, empty cells as None."""
        pad = [None] * self._left
        for _ in range(min(self._top, self._len)):
            yield []
        for row in self._sheet.iter_rows():
            yield [*pad, *(None if v == "" else v for v in row)]

    def _rows_head(self) -> list[list[object]]:
        if self._head is None:
            self._head = list(itertools.islice(self._stream(), HEAD_ROWS))
        return self._head

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[list[object]]:
        return self._stream()

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._len)
            if stop <= HEAD_ROWS:
                return self._rows_head()[start:stop:step]
            return list(itertools.islice(self._stream(), start, stop, step))
        if index < 0:
            index += self._len
        if not 0 <= index < self._len:
            raise IndexError(index)
        if index < HEAD_ROWS:
            return self._rows_head()[index]
        return next(itertools.islice(self._stream(), index, None))


class _LazySheets(Mapping[str, Sequence[Sequence[object]]]):
    """Sheet values read from calamine only when the reader asks for that sheet (guide sheets never)."""

    def __init__(self, book: Any) -> None:
        self._book = book
        self._names = [meta.name for meta in book.sheets_metadata]
        self.very_hidden = frozenset(meta.name for meta in book.sheets_metadata
                                     if "veryhidden" in str(meta.visible).lower())
        self._rows: dict[str, _SheetRows] = {}

    def __getitem__(self, name: str) -> _SheetRows:
        if name in self._rows:
            return self._rows[name]
        if name not in self._names:
            raise KeyError(name)
        sheet = self._book.get_sheet_by_name(name)
        if sheet.total_height * sheet.total_width > MAX_CELLS:
            raise layout.SheetTooLarge(f"sheet \"{name}\" có vùng dữ liệu quá lớn "
                                       f"({sheet.total_height} dòng × {sheet.total_width} cột).")
        rows = self._rows[name] = _SheetRows(sheet)
        return rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def _used_sheets(sub: Submission) -> list[str]:
    """Sheets whose formula cells the rules look at: the list sheets and the unit-info cells' sheets."""
    return sorted({sub.list_sheet, *sub.list_sheets, *(ref.sheet for ref in sub.info_cells.values())}
                  - {""})


def read_workbook(path: Path, campaign: Campaign | None = None) -> Submission:
    """Read one unit file, values only; never raises, a broken file becomes a finding."""
    import python_calamine

    name = str(path)
    package = _package(Path(path))
    try:
        reason = _precheck(Path(path), package)
        if reason:
            return unreadable(name, reason)
        book = python_calamine.CalamineWorkbook.from_path(name)
        try:
            sheets = _LazySheets(book)
            sub = submission_from_sheets(name, sheets, None, campaign, sheets.very_hidden)
            del sheets
        except layout.SheetTooLarge as exc:
            return unreadable(name, str(exc))
        finally:
            book.close()
        if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
            sub.formula_cells = formula_cells(package or Path(path), _used_sheets(sub))
        sub.modified = saved_time(Path(path), package)
        return sub
    except Exception as exc:  # noqa: BLE001 - any parser failure is a finding, not a crash
        return unreadable(name, f"tệp hỏng hoặc sai định dạng ({type(exc).__name__}: "
                           f"{display_value(exc, 160)}).")
    finally:
        if package is not None:
            package.close()


def _package(path: Path) -> zipfile.ZipFile | None:
    """An OOXML/ODF file's zip opened once for the size check, the formula cells and the saved
    time (each opened it again: 0.3 ms a file). None for an empty or oversized file, which is
    never opened, and for one that does not open: the precheck then gives the reason."""
    if path.suffix.lower() not in (".xlsx", ".xlsm", ".ods"):
        return None
    try:
        if not 0 < path.stat().st_size <= MAX_FILE_BYTES:
            return None
        return zipfile.ZipFile(path)
    except Exception:  # noqa: BLE001 - the precheck reopens it and names what is wrong
        return None


class Unreadable(Exception):
    """A workbook that cannot be read; the message is the Vietnamese reason."""


def read_sheets(path: Path) -> dict[str, list[list[object]]]:
    """Every sheet's values of a small workbook (a tally), with the unit files' safety checks."""
    import python_calamine

    reason = _precheck(Path(path))
    if reason:
        raise Unreadable(reason)
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        try:
            lazy = _LazySheets(book)
            return {name: list(lazy[name]) for name in lazy}
        finally:
            book.close()
    except layout.SheetTooLarge as exc:
        raise Unreadable(str(exc)) from exc
    except Exception as exc:
        raise Unreadable(f"tệp hỏng hoặc sai định dạng ({type(exc).__name__}: "
                         f"{display_value(exc, 160)}).") from exc
