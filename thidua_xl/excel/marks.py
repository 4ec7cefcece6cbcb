"""Live marks in an open workbook: fills grouped by severity, result columns, the list of fixes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from typing import Any

from thidua_xl.excel.book import ensure_sheet, paint, sheet_names, write_block
from thidua_xl.excel.results import ResultBlock, write_results
from thidua_xl.findings import CODES, Finding, Severity, count_by_severity, worst
from thidua_xl.outputs.annotate import cell_address
from thidua_xl.outputs.office.cells import Formula, Rows, Text, a1
from thidua_xl.outputs.style import (
    BUTTON_FIXES_HEADER_FILL,
    BUTTON_FIXES_HEADER_ROW,
    BUTTON_FIXES_SUMMARY_ROW,
    BUTTON_FIXES_WIDTHS,
    FIXES_HEADERS,
    SEVERITY_RGB,
    SHEET_FIXES,
)
from thidua_xl.outputs.template.style import excel_text, sheet_ref
from thidua_xl.read.contract import RESULT_LABEL

COLOURS = {sev: f"#{rgb}" for sev, rgb in SEVERITY_RGB.items()}


def cell_groups(findings: Iterable[Finding], sheets: Collection[str]
                ) -> dict[tuple[str, str], list[Finding]]:
    """Findings grouped by the (sheet, cell) they point at, for sheets the workbook has."""
    groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        address = cell_address(f.cell) if f.cell else None
        if address and f.sheet in sheets:
            groups[(f.sheet, address)].append(f)
    return groups


def previous_findings(fixes: Sequence[Sequence[object]]) -> list[Finding]:
    """The findings an earlier check listed, read back from its fixes sheet."""
    start = next((i for i, row in enumerate(fixes[:5])
                  if tuple(row[:len(FIXES_HEADERS)]) == FIXES_HEADERS), None)
    if start is None:
        return []
    col = {h: i for i, h in enumerate(FIXES_HEADERS)}
    levels = {s.label: s for s in Severity}
    found: list[Finding] = []
    for row in fixes[start + 1:]:
        cells = [*row, *[None] * len(FIXES_HEADERS)]
        sheet, cell, code = cells[col["Sheet"]], cells[col["Ô"]], cells[col["Mã"]]
        address = cell_address(str(cell)) if cell else None
        level = levels.get(str(cells[col["Mức"]]))
        if isinstance(sheet, str) and address and level and code in CODES:
            found.append(Finding(str(code), level, str(cells[col["Nội dung"]] or ""),
                                 sheet=sheet, cell=address,
                                 value=str(cells[col["Giá trị"]] or "")))
    return found


def plan_fills(findings: Iterable[Finding], sheets: Collection[str],
               previous: Iterable[Finding] = ()) -> dict[str, dict[str, str | None]]:
    """Per sheet: an earlier check's fills removed, each offending cell filled by its worst severity."""
    plans: dict[str, dict[str, str | None]] = defaultdict(dict)
    for sheet, cell in cell_groups(previous, sheets):
        plans[sheet][cell] = None
    for (sheet, cell), group in cell_groups(findings, sheets).items():
        plans[sheet][cell] = COLOURS[worst(f.severity for f in group)]
    return dict(plans)


def link(f: Finding, sheets: Collection[str]) -> object:
    """The cell column of a fix: a formula jumping to the cell when the workbook has it."""
    address = cell_address(f.cell) if f.cell else None
    if not address or f.sheet not in sheets:
        return f.cell
    return Formula(f"=HYPERLINK({excel_text('#' + sheet_ref(f.sheet, address))},"
                   f"{excel_text(address)})")


def summary_line(findings: Sequence[Finding], marked: int) -> str:
    """One Vietnamese sentence: counts by severity and where to look."""
    counts = count_by_severity(findings)
    errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
    if not errors and not warnings:
        return "Kiểm tra xong: không có lỗi. Tệp sẵn sàng gửi Văn phòng."
    return (f"Kiểm tra xong: {errors} lỗi, {warnings} cảnh báo, {marked} ô được tô màu — lý do ở "
            f"cột \"{RESULT_LABEL}\" và sheet \"{SHEET_FIXES}\" (bấm vào ô ở cột \"Ô\" để đến "
            "chỗ cần sửa).")


def fixes_rows(findings: Sequence[Finding], sheets: Collection[str], summary: str) -> Rows:
    """The list of fixes as one block: summary line, header, one row per finding in stable order."""
    rows: Rows = [[summary], list(FIXES_HEADERS)]
    for n, f in enumerate(sorted(findings, key=lambda f: f.sort_key), start=1):
        rows.append([n, f.severity.label, f.code, Text(f.sheet), link(f, sheets), Text(f.value),
                     f.message])
    return rows


def fixes_colours(findings: Sequence[Finding]) -> dict[str, str | None]:
    """The fixes sheet's fills in one group: the header row, and each level by its severity."""
    head = BUTTON_FIXES_HEADER_ROW
    colours: dict[str, str | None] = {a1(head, c): BUTTON_FIXES_HEADER_FILL
                                      for c in range(1, len(FIXES_HEADERS) + 1)}
    ordered = sorted(findings, key=lambda f: f.sort_key)
    colours.update({f"B{head + i}": COLOURS[f.severity] for i, f in enumerate(ordered, 1)})
    return colours


def write_fixes(book: Any, findings: Sequence[Finding], summary: str) -> Any:
    """Rewrite the fixes sheet: cleared, one block of values, one group of fills."""
    sheets = [n for n in sheet_names(book) if n != SHEET_FIXES]
    sheet, created = ensure_sheet(book, SHEET_FIXES)
    if created:
        for columns, width in BUTTON_FIXES_WIDTHS:
            sheet.range(columns).column_width = width
    else:
        sheet.clear()
    write_block(sheet, BUTTON_FIXES_SUMMARY_ROW, 1, fixes_rows(findings, sheets, summary))
    paint(sheet, fixes_colours(findings))
    return sheet


def paint_fills(book: Any, plans: dict[str, dict[str, str | None]]) -> None:
    """Each sheet's planned fills, grouped by the engine into a fixed few calls."""
    for name in sorted(plans):
        paint(book.sheets[name], plans[name])


def mark_book(book: Any, findings: Sequence[Finding], blocks: Sequence[ResultBlock],
              fixes: Sequence[Sequence[object]] = ()) -> str:
    """Replace an earlier check's marks: fills, result columns, the fixes sheet; the summary."""
    sheets = [n for n in sheet_names(book) if n != SHEET_FIXES]
    paint_fills(book, plan_fills(findings, sheets, previous_findings(fixes)))
    write_results(book, blocks)
    summary = summary_line(findings, len(cell_groups(findings, sheets)))
    write_fixes(book, findings, summary)
    return summary


def unmark_book(book: Any, blocks: Sequence[ResultBlock], fixes: Sequence[Sequence[object]]
                ) -> int:
    """Remove an earlier check's fills, result columns and fixes list; how many sheets changed."""
    sheets = [n for n in sheet_names(book) if n != SHEET_FIXES]
    plans = plan_fills((), sheets, previous_findings(fixes))
    paint_fills(book, plans)
    write_results(book, [replace(b, values=(None,) * len(b.values), fresh=False) for b in blocks])
    if SHEET_FIXES in sheet_names(book):
        book.sheets[SHEET_FIXES].clear()
    return len(set(plans) | {b.sheet for b in blocks})
