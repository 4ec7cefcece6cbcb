"""The Office's consolidated workbook tong_hop.xlsx: every nominee, quotas, findings, units, the list."""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from thidua_xl.consolidate.entries import Consolidation, Entry, file_name, name_column
from thidua_xl.consolidate.quota import explain
from thidua_xl.consolidate.stats import Statistics, campaign_statistics
from thidua_xl.findings import CODES, Finding
from thidua_xl.ledger.history import History
from thidua_xl.outputs.fastsheet import LARGE_ROWS, fast_workbook
from thidua_xl.outputs.files import atomic_path
from thidua_xl.outputs.heap import gc_paused
from thidua_xl.outputs.stamp import stamp_xlsxwriter
from thidua_xl.outputs.style import SHEET_ALL, SHEET_FINDINGS
from thidua_xl.outputs.tonghop.base import (
    FILLS,
    FIXED_CREATED,
    Column,
    Place,
    Sheet,
    Styles,
    link_place,
    source_link,
    workbook_options,
)
from thidua_xl.text.legacy import detect_legacy_all, fix_legacy

ALL_COLUMNS = (
    Column("STT", 6, "num"), Column("Tệp", 22), Column("Trang tính", 16), Column("Dòng", 7, "num"),
    Column("Ô", 7, "link"), Column("Đơn vị đề nghị", 22), Column("Đối tượng", 10),
    Column("Họ và tên / Tên tập thể", 26), Column("Giới tính", 8, "num"),
    Column("Năm sinh", 8, "num"), Column("Chức vụ", 18), Column("Đơn vị công tác", 22),
    Column("Hình thức khen thưởng", 24), Column("Số phiếu đồng ý", 9, "num"),
    Column("Tổng số thành viên họp xét", 10, "num"), Column("Tỷ lệ đồng ý", 9, "pct"),
    Column("Xếp hạng", 9, "num"), Column("Tình trạng", 14), Column("Số lỗi, cảnh báo", 9, "num"),
    Column("Giải thích", 44), Column("Tóm tắt thành tích", 44),
)
HISTORY_COLUMN = Column("Khen thưởng đã có", 44)
NAME_COLUMN = next(i for i, c in enumerate(ALL_COLUMNS) if c.header == "Họ và tên / Tên tập thể")
FINDING_COLUMNS = (
    Column("Mức độ", 10), Column("Mã", 20), Column("Loại", 26), Column("Nội dung", 70),
    Column("Đơn vị", 24), Column("Tệp", 22), Column("Trang tính", 16), Column("Dòng", 7, "num"),
    Column("Ô", 7, "link"), Column("Giá trị", 24),
)
MESSAGE_COLUMN = next(i for i, c in enumerate(FINDING_COLUMNS) if c.header == "Nội dung")


def _entry_values(i: int, e: Entry, labels: dict[str, str], where: tuple[str, Place],
                  col: str, linked: bool) -> list[object]:
    """One row of "Tổng hợp"; `where` is the file's shown name and its sheet's link place."""
    n = e.nominee
    cell = f"{col}{n.row}" if n.row else ""
    shown, place = where
    link = place.link(cell) if linked and cell and place.file else None
    return [i, shown, n.sheet, n.row or None, link or cell, n.unit_name,
            labels.get(n.subject, n.subject), n.name, n.gender, n.birth_year, n.position,
            n.work_unit, labels.get(n.award, n.award), n.votes, n.members_total, n.approval,
            f"{e.rank}/{e.group_size}" if e.rank else "", e.status, len(e.findings),
            " ".join(explain(e)), n.summary]


def write_all(book: Any, styles: Styles, cons: Consolidation, base: Path,
              large: bool = False, history: History | None = None) -> None:
    """"Tổng hợp": every nominee of every file, in input order, coloured by worst severity.

    On a large batch only rows with findings link to their source cell, and row heights are
    left to Excel, so memory stays bounded. With a ledger, each row ends with earlier awards."""
    sheet = Sheet(book, styles, SHEET_ALL, large)
    cols = (*ALL_COLUMNS, HISTORY_COLUMN) if history is not None else ALL_COLUMNS
    sheet.columns(cols)
    col = name_column(cons.campaign)
    labels = {**{s.code: s.label for s in cons.campaign.subjects},
              **{a.code: a.name for a in cons.campaign.awards}}
    places: dict[tuple[str, str], tuple[str, Place]] = {}
    r = 0
    for r, e in enumerate(cons.in_file_order(), start=1):
        n = e.nominee
        where = places.get((n.file, n.sheet))
        if where is None:
            where = places[(n.file, n.sheet)] = (file_name(n.file),
                                                 link_place(n.file, n.sheet, base))
        worst = e.worst
        fill = FILLS[worst] if worst is not None else None
        values = _entry_values(r, e, labels, where, col, not large or bool(e.findings))
        if history is not None:
            values.append(history.lines(n.key) if n.name else "")
        sheet.row(r, values, cols, fill)
    sheet.ws.autofilter(0, 0, max(r, 1), len(cols) - 1)
    sheet.page(1, wide=2, key_column=NAME_COLUMN)


def legacy_values(findings: Sequence[Finding]) -> dict[tuple[str, str, str], str]:
    """Cells typed in TCVN3/VNI (those with a legacy-encoding finding) → their value in Unicode,
    read in the encoding the file's legacy cells share, so "Giá trị" never shows "Bi¤n tËp"."""
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.code == "legacy-encoding" and f.value:
            by_file[f.file].append(f)
    shown = {}
    for found in by_file.values():
        encoding = detect_legacy_all(f.value for f in found)
        for f in found:
            shown[(f.file, f.sheet, f.cell)] = fix_legacy(f.value, encoding)[0]
    return shown


def _finding_values(f: Finding, units: dict[str, str], base: Path,
                    converted: dict[tuple[str, str, str], str]) -> list[object]:
    """One row of "Lỗi"."""
    link = source_link(f.file, f.sheet, f.cell, base) if f.cell else None
    value = converted.get((f.file, f.sheet, f.cell), f.value) if converted else f.value
    return [f.severity.label, f.code, CODES[f.code][1], f.message, units.get(f.file, ""),
            file_name(f.file), f.sheet, f.row, link or f.cell, value]


def write_findings(book: Any, styles: Styles, cons: Consolidation, base: Path,
                   large: bool) -> None:
    """"Lỗi": every finding that still stands, as an Excel table with filters."""
    sheet = Sheet(book, styles, SHEET_FINDINGS, large)
    cols = FINDING_COLUMNS
    units = {fr.path: fr.unit_name for fr in cons.files}
    last = max(len(cons.findings), 1)
    if large:
        sheet.columns(cols)
        sheet.ws.autofilter(0, 0, last, len(cols) - 1)
    else:
        for i, col in enumerate(cols):
            sheet.ws.set_column(i, i, col.width)
        sheet.ws.add_table(0, 0, last, len(cols) - 1, {
            "name": "BangLoi", "style": "Table Style Light 9",
            "columns": [{"header": c.header, "header_format": styles("head")} for c in cols]})
    converted = legacy_values(cons.findings)
    for r, f in enumerate(cons.findings, start=1):
        sheet.row(r, _finding_values(f, units, base, converted), cols, FILLS[f.severity])
    if not cons.findings:
        sheet.cell(1, 0, "Không có lỗi hay cảnh báo nào.", "plain")
    sheet.page(1, wide=2, key_column=MESSAGE_COLUMN)


def write_tonghop(cons: Consolidation, target: Path, *, large: bool | None = None,
                  history: History | None = None, stats: Statistics | None = None) -> Path:
    """Write tong_hop.xlsx atomically; XlsxWriter's zip is already deterministic (1980 stamps)."""
    from thidua_xl.outputs.tonghop.lists import write_director, write_quota, write_units
    from thidua_xl.outputs.tonghop.stats import write_statistics

    target = Path(target)
    base = target.parent
    if large is None:
        large = len(cons.entries) + len(cons.replaced_entries) + len(cons.findings) > LARGE_ROWS

    with atomic_path(target) as tmp, gc_paused(), \
            tempfile.TemporaryDirectory(prefix="thidua_") as scratch:
        # XlsxWriter's own temporary files go to a folder removed even when the run is stopped.
        book = fast_workbook(str(tmp), {**workbook_options(large), "tmpdir": scratch})
        book.set_properties({"title": "Tổng hợp đề nghị khen thưởng", "created": FIXED_CREATED,
                             "subject": cons.campaign.name, "author": cons.campaign.agency.office})
        stamp_xlsxwriter(book, "tong_hop")
        styles = Styles(book)
        write_all(book, styles, cons, base, large, history)
        write_quota(book, styles, cons)
        write_findings(book, styles, cons, base, large)
        write_units(book, styles, cons)
        write_director(book, styles, cons, large)
        write_statistics(book, styles, stats or campaign_statistics(cons), history, large)
        book.close()
    return target
