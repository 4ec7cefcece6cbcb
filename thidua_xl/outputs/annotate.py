"""Marked copies of unit workbooks: offending cells filled and noted, a first sheet of fixes."""

from __future__ import annotations

import math
import os
import re
import warnings
from collections.abc import Sequence
from copy import copy
from datetime import datetime
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.fills import Fill
from openpyxl.utils.cell import column_index_from_string, quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.functions import fromstring, tostring

from thidua_xl.findings import Finding, worst
from thidua_xl.outputs.files import write_ooxml
from thidua_xl.outputs.style import FIXES_HEADERS, FIXES_WIDTHS, SEVERITY_RGB, SHEET_FIXES
from thidua_xl.text.vietnamese import nfc

AUTHOR = "thidua_xl"
FONT = "Times New Roman"
MARKABLE = {".xlsx", ".xlsm", ".xltx", ".xltm"}
MACRO = {".xlsm", ".xltm"}
LINK_COLOUR = "0563C1"
MAX_CELL_TEXT = 32767
FIXED_TIME = datetime(2020, 1, 1)
MARKED_SUFFIX = "_danh_dau"
ADDRESS = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384
SHEET_RECORD = "_thidua_danh_dau"
NOTE_HEAD = "Kết quả kiểm tra (thidua_xl):"
KEPT_HEAD = "——— Ghi chú có sẵn của"
KEPT_NOTE = re.compile(rf"\n{KEPT_HEAD} \((?P<author>[^)\n]*)\):\n(?P<text>.*)\Z", re.S)


def annotated_target(source: Path, out_dir: Path) -> Path:
    """Where the marked copy of `source` goes: stem plus a marker; .xlsx for unmarkable types."""
    suffix = source.suffix.lower()
    ext = source.suffix if suffix in MARKABLE else ".xlsx"
    return Path(out_dir) / f"{source.stem}{MARKED_SUFFIX}{ext}"


def clean(text: object) -> str:
    """Text safe for a cell or note: NFC, no XML-illegal control characters, Excel's length."""
    value = ILLEGAL_CHARACTERS_RE.sub("", nfc("" if text is None else str(text)))
    return value[:MAX_CELL_TEXT]


def put_text(cell: Cell, text: object) -> None:
    """Write unit text as a string, never as a formula, and keep Excel from reading it as one."""
    value = clean(text)
    if not value:
        cell.value = None
        return
    cell.value = value
    cell.data_type = "s"
    if value[:1] in ("=", "+", "-", "@"):
        cell.quotePrefix = True


def cell_address(cell: str) -> str | None:
    """A single-cell address normalised ("$j$14" → "J14"), or None when it is not one."""
    found = ADDRESS.fullmatch(cell.replace("$", "").strip().upper())
    if found is None:
        return None
    column, row = found[1], int(found[2])
    ok = 1 <= row <= MAX_ROW and column_index_from_string(column) <= MAX_COLUMN
    return f"{column}{row}" if ok else None


def _anchor(ws: Worksheet, address: str) -> str:
    """The cell that holds a merged block's value, so notes and fills land where they show."""
    cell = ws[address]
    if isinstance(cell, MergedCell):
        for block in ws.merged_cells.ranges:
            if address in block:
                return block.start_cell.coordinate
    return address


def _unmarkable_note(source: Path, reason: str) -> str:
    """Why a copy holds only the list of fixes."""
    return (f"Tệp gốc {source.name} {reason}, nên không đánh dấu trực tiếp được. "
            "Hãy sửa trong tệp gốc theo danh sách dưới đây "
            "(hoặc lưu tệp gốc thành .xlsx rồi kiểm tra lại để được đánh dấu từng ô).")


def open_copy(source: Path) -> tuple[Workbook | None, str]:
    """The source workbook loaded for re-saving, or None and a note saying why it cannot be."""
    suffix = source.suffix.lower()
    if suffix not in MARKABLE:
        return None, _unmarkable_note(source, f"có định dạng {suffix or 'không rõ'}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(source, keep_vba=suffix in MACRO, rich_text=True)
    except Exception:  # noqa: BLE001 - any broken workbook must give a list-only copy, never a crash
        return None, _unmarkable_note(source, "không mở được")
    return wb, ""


def _is_annotation(comment: Comment | None) -> bool:
    """Whether a note is one an earlier run wrote (the template's own notes share the author)."""
    return comment is not None and comment.author == AUTHOR and comment.text.startswith(NOTE_HEAD)


def _kept_note(comment: Comment) -> Comment | None:
    """The note a cell had before an earlier run folded it into ours, with its author."""
    found = KEPT_NOTE.search(comment.text)
    if found is None:
        return None
    return Comment(found["text"], found["author"], height=comment.height, width=comment.width)


def _recorded_fills(wb: Workbook) -> dict[tuple[str, str], Fill]:
    """Fills an earlier run painted over, read back from its hidden record sheet."""
    if SHEET_RECORD not in wb.sheetnames:
        return {}
    fills = {}
    for sheet, cell, xml in wb[SHEET_RECORD].iter_rows(min_row=2, max_col=3, values_only=True):
        fill = _parse_fill(xml)
        if sheet and cell and fill is not None:
            fills[(str(sheet), str(cell))] = fill
    return fills


def _parse_fill(xml: object) -> Fill | None:
    """A fill from its stored XML; None when the record was damaged or is not a bare fill."""
    text = str(xml)
    if not text.startswith("<fill") or "<!" in text:
        return None
    try:
        return Fill.from_tree(fromstring(text))
    except (SyntaxError, ValueError, TypeError, AttributeError):
        return None


def clear_previous(wb: Workbook) -> None:
    """Undo an earlier run's marks exactly, so a re-checked marked copy neither stacks nor goes stale."""
    fills = _recorded_fills(wb)
    for name in (SHEET_FIXES, SHEET_RECORD):
        if name in wb.sheetnames:
            wb.remove(wb[name])
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if _is_annotation(cell.comment):
                    cell.comment = _kept_note(cell.comment)
                    cell.fill = fills.get((ws.title, cell.coordinate), PatternFill())


def note_text(findings: Sequence[Finding]) -> str:
    """All messages on one cell under a heading, worst first, each once."""
    ordered = sorted(findings, key=lambda f: (f.severity.rank, f.sort_key))
    lines = dict.fromkeys(clean(f"{f.severity.label}: {f.message}") for f in ordered)
    return "\n".join([NOTE_HEAD, *lines])


def _note(text: str, previous: Comment | None) -> Comment:
    """A note big enough to read, keeping below our messages any note the cell had."""
    if previous is not None:
        text = f"{text}\n{KEPT_HEAD} ({previous.author or ''}):\n{previous.text}"
    lines = sum(max(1, math.ceil(len(part) / 48)) for part in text.split("\n"))
    return Comment(text, AUTHOR, height=min(24 + 16 * lines, 480), width=340)


def _record_fills(wb: Workbook, painted: Sequence[tuple[str, str, Fill]]) -> None:
    """Keep the fills we paint over in a very hidden sheet, so a later run can put them back."""
    kept = [(sheet, cell, fill) for sheet, cell, fill in painted if fill != PatternFill()]
    if not kept:
        return
    ws = wb.create_sheet(SHEET_RECORD)
    ws.sheet_state = "veryHidden"
    ws.append(["sheet", "cell", "fill"])
    for row, (sheet, cell, fill) in enumerate(kept, start=2):
        for col, text in enumerate((sheet, cell, tostring(fill.to_tree()).decode()), start=1):
            put_text(ws.cell(row, col), text)


def mark_cells(wb: Workbook, findings: Sequence[Finding]) -> dict[Finding, str]:
    """Fill and note each offending cell; return the link location of every finding marked."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    links: dict[Finding, str] = {}
    for f in findings:
        address = cell_address(f.cell) if f.cell else None
        if address is None or f.sheet not in wb.sheetnames:
            continue
        anchor = _anchor(wb[f.sheet], address)
        groups.setdefault((f.sheet, anchor), []).append(f)
        links[f] = f"{quote_sheetname(f.sheet)}!{anchor}"
    painted = []
    for (sheet, anchor), group in sorted(groups.items()):
        cell = wb[sheet][anchor]
        painted.append((sheet, anchor, copy(cell.fill)))
        rgb = SEVERITY_RGB[worst(f.severity for f in group)]
        cell.fill = PatternFill(fill_type="solid", fgColor=rgb, bgColor=rgb)
        cell.comment = _note(note_text(group), cell.comment)
    _record_fills(wb, painted)
    return links


def _style_header(ws: Worksheet, row: int) -> None:
    """Bold wrapped header in the document font."""
    for col, (title, width) in enumerate(zip(FIXES_HEADERS, FIXES_WIDTHS, strict=True), start=1):
        cell = ws.cell(row, col, title)
        cell.font = Font(name=FONT, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.fill = PatternFill(fill_type="solid", fgColor="D9D9D9", bgColor="D9D9D9")
        ws.column_dimensions[cell.column_letter].width = width


def _list_row(ws: Worksheet, row: int, n: int, f: Finding, link: str | None) -> None:
    """One finding as a row; unit text as strings; the Ô cell links to the marked cell."""
    values = (n, f.severity.label, f.code, f.sheet, f.cell, f.value, f.message)
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row, col)
        if isinstance(value, int):
            cell.value = value
        else:
            put_text(cell, value)
        cell.font = Font(name=FONT)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.cell(row, 2).fill = PatternFill(fill_type="solid", fgColor=SEVERITY_RGB[f.severity],
                                       bgColor=SEVERITY_RGB[f.severity])
    if link:
        target = ws.cell(row, 5)
        target.hyperlink = Hyperlink(ref=target.coordinate, location=link)
        target.font = Font(name=FONT, color=LINK_COLOUR, underline="single")


def add_fixes_sheet(wb: Workbook, findings: Sequence[Finding], links: dict[Finding, str],
                    note: str = "") -> Worksheet:
    """The first, active sheet: every finding in stable order, filterable, header frozen."""
    ws = wb.create_sheet(SHEET_FIXES, 0)
    header = 1
    if note:
        put_text(ws.cell(1, 1), note)
        ws.cell(1, 1).font = Font(name=FONT, italic=True, color="C00000")
        ws.cell(1, 1).alignment = Alignment(vertical="top", wrap_text=True)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(FIXES_HEADERS))
        ws.row_dimensions[1].height = 48
        header = 2
    _style_header(ws, header)
    ordered = sorted(findings, key=lambda f: f.sort_key)
    for n, f in enumerate(ordered, start=1):
        _list_row(ws, header + n, n, f, links.get(f))
    last = header + max(len(ordered), 1)
    if not ordered:
        put_text(ws.cell(last, 1), "Không có lỗi hay cảnh báo nào.")
        ws.cell(last, 1).font = Font(name=FONT, italic=True)
    ws.auto_filter.ref = f"A{header}:{ws.cell(last, len(FIXES_HEADERS)).coordinate}"
    ws.freeze_panes = f"A{header + 1}"
    ws.print_title_rows = f"{header}:{header}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return ws


def _activate_first(wb: Workbook) -> None:
    """Open on the list of fixes, with no other tab selected (which would group sheets)."""
    wb.active = 0
    for i, ws in enumerate(wb.worksheets):
        ws.sheet_view.tabSelected = i == 0


def _save(wb: Workbook, path: Path) -> None:
    """Save without openpyxl stamping the current time, so same input gives same bytes."""
    props = wb.properties
    props.created = props.created or FIXED_TIME
    props.modified = props.modified or props.created
    props.lastModifiedBy = AUTHOR
    with ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file, so the source can never be overwritten."""
    if a.resolve() == b.resolve():
        return True
    return a.exists() and b.exists() and os.path.samefile(a, b)


def _list_only_book() -> Workbook:
    """An empty workbook for sources openpyxl cannot re-save, dated for repeatable bytes."""
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.created = wb.properties.modified = FIXED_TIME
    return wb


def annotate_copy(source: Path, findings: Sequence[Finding], target: Path) -> Path:
    """Write a marked copy of a unit workbook and return its path; the source is only read.

    Sources openpyxl cannot re-save (.xls, .ods, broken files) give an .xlsx holding only the
    list of fixes, so the returned path may differ from `target` in its suffix.
    """
    source, target = Path(source), Path(target)
    if _same_file(source, target) or _same_file(source, target.with_suffix(".xlsx")):
        raise ValueError(f"Tệp đánh dấu phải khác tệp gốc: {source}")
    opened, note = open_copy(source)
    try:
        if opened is None:
            wb, target, links = _list_only_book(), target.with_suffix(".xlsx"), {}
        else:
            wb = opened
            clear_previous(wb)
            links = mark_cells(wb, findings)
        add_fixes_sheet(wb, findings, links, note)
        _activate_first(wb)
        return write_ooxml(target, lambda tmp: _save(wb, tmp), kind="danh_dau")
    finally:
        if opened is not None and opened.vba_archive is not None:
            opened.vba_archive.close()
