"""The Office's register of received dossiers (Đơn vị, Ngày nhận): it decides lateness when given."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from thidua_xl.campaign import Campaign
from thidua_xl.findings import Finding, Severity, Where, display_value, finding
from thidua_xl.read.contract import column_letter
from thidua_xl.read.normalise import resolve_unit
from thidua_xl.read.tables import csv_rows, spreadsheet_rows
from thidua_xl.text.dates import parse_date
from thidua_xl.text.vietnamese import clean_text, fold_loose

UNIT_LABELS = ("Đơn vị", "Tên đơn vị", "Mã đơn vị", "Đơn vị nộp", "Đơn vị gửi")
DATE_LABELS = ("Ngày nhận", "Ngày nhận hồ sơ", "Ngày đến", "Ngày nộp")
HEADER_SCAN_ROWS = 20
SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")


@dataclass(slots=True)
class Register:
    """Unit code → date received, with findings for rows that could not be used."""

    path: str
    dates: dict[str, date] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    readable: bool = True


def _labels(texts: Sequence[str]) -> set[str]:
    """Labels folded for matching (case, spacing, marks, trailing colon ignored)."""
    return {fold_loose(t) for t in texts}


def find_header(rows: Sequence[Sequence[object]]) -> tuple[int, int, int] | None:
    """Header row index and the columns of unit and date, looked up by label."""
    units, dates = _labels(UNIT_LABELS), _labels(DATE_LABELS)
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        keys = [fold_loose(clean_text(c)).rstrip(":* ") for c in row]
        unit = next((i for i, k in enumerate(keys) if k in units), None)
        day = next((i for i, k in enumerate(keys) if k in dates), None)
        if unit is not None and day is not None:
            return r, unit, day
    return None


def _where(path: str, sheet: str, r: int, c: int, value: object) -> Where:
    """Finding location of one register cell (r, c zero-based)."""
    col = column_letter(c)
    return {"file": path, "sheet": sheet, "row": r + 1, "column": col, "cell": f"{col}{r + 1}",
            "value": display_value(value)}


def parse_rows(path: str, sheet: str, rows: Sequence[Sequence[object]], campaign: Campaign
               ) -> Register:
    """Dates per unit from the register's rows; the latest date wins when a unit appears twice."""
    reg = Register(path)
    header = find_header(rows)
    if header is None:
        reg.readable = False
        reg.findings.append(finding(
            "missing-column", "Sổ nhận hồ sơ cần hai cột có tiêu đề \"Đơn vị\" và \"Ngày nhận\".",
            file=path, sheet=sheet))
        return reg
    top, uc, dc = header
    for r in range(top + 1, len(rows)):
        row = rows[r]
        raw_unit = row[uc] if uc < len(row) else None
        raw_day = row[dc] if dc < len(row) else None
        if not clean_text(raw_unit) and not clean_text(raw_day):
            continue
        unit = resolve_unit(raw_unit, campaign)
        day = parse_date(raw_day)
        if unit is None:
            reg.findings.append(finding(
                "invalid-choice" if clean_text(raw_unit) else "missing-value",
                f"Sổ nhận hồ sơ, dòng {r + 1}: không nhận ra đơn vị "
                f"\"{clean_text(raw_unit)}\" trong danh sách đơn vị của đợt thi đua; "
                "dòng này không được dùng.", Severity.WARNING,
                **_where(path, sheet, r, uc, raw_unit)))
        elif day is None:
            reg.findings.append(finding(
                "invalid-date" if clean_text(raw_day) else "missing-value",
                f"Sổ nhận hồ sơ, dòng {r + 1} ({unit.name}): ngày nhận không hợp lệ; "
                "ghi theo dạng ngày/tháng/năm, ví dụ 24/05/2021.", Severity.WARNING,
                **_where(path, sheet, r, dc, raw_day)))
        elif unit.code not in reg.dates or day > reg.dates[unit.code]:
            reg.dates[unit.code] = day
    return reg


def read_register(path: Path, campaign: Campaign) -> Register:
    """Read a register (.xlsx/.xlsm/.xls/.ods or .csv); problems become findings, never exceptions."""
    path = Path(path)
    name = str(path)
    try:
        sheets: list[tuple[str, list[list[object]]]]
        if path.suffix.lower() == ".csv":
            sheets = [("", csv_rows(path.read_bytes()))]
        elif path.suffix.lower() in SPREADSHEETS:
            sheets = spreadsheet_rows(path)
        else:
            raise ValueError("chỉ nhận tệp .xlsx, .xlsm, .xls, .ods hoặc .csv")
    except Exception as exc:  # noqa: BLE001 - any parser failure is the register's problem
        reason = "tệp CSV phải ghi bằng mã UTF-8" if isinstance(exc, UnicodeDecodeError) else exc
        return Register(name, findings=[finding(
            "unreadable-file", f"Không đọc được sổ nhận hồ sơ: {reason}", file=name)],
            readable=False)
    for sheet, rows in sheets:
        if find_header(rows) is not None:
            return parse_rows(name, sheet, rows, campaign)
    return parse_rows(name, sheets[0][0] if sheets else "", sheets[0][1] if sheets else [],
                      campaign)


def describe(reg: Register) -> str:
    """One line for the terminal: how many units the register dated, how many rows it skipped."""
    skipped = f"; {len(reg.findings)} dòng không dùng được" if reg.findings else ""
    return f"Sổ nhận hồ sơ {reg.path}: {len(reg.dates)} đơn vị có ngày nhận{skipped}."
