"""Builders for tiny unit workbooks in tests: a clean baseline that each case changes in one place."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from thidua_xl.campaign import Campaign
from thidua_xl.read import contract

UNIT = "Phòng Công nghệ thông tin"
GK = "Giấy khen của Giám đốc Sở"
BK = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"


def subject_of(campaign: Campaign, kind: str) -> str:
    """The code of the campaign's first subject of a kind, whatever the campaign calls it."""
    return next(s.code for s in campaign.subjects if s.kind == kind)


def clean_info(campaign: Campaign, **changes: object) -> dict[str, object]:
    """Unit-info values that break no rule."""
    info: dict[str, object] = {
        "unit": UNIT, "letter_no": "15/TTr-CNTT", "letter_date": date(2021, 5, 20),
        "meeting_date": date(2021, 5, 18), "members_total": 7, "members_present": 7,
        "preparer": "Hoàng Thị Mai", "phone": "0209 3870 123",
    }
    info.update({contract.dossier_key(d.code): contract.YES for d in campaign.dossier})
    info.update(changes)
    return info


def person(campaign: Campaign, **changes: object) -> dict[str, object]:
    """An individual nominee row that breaks no rule."""
    row: dict[str, object] = {
        "stt": 1, "subject": "Cá nhân", "name": "Nguyễn Thị Hồng Nhung", "gender": "Nữ",
        "birth_year": 1987, "position": "Chuyên viên", "unit": UNIT, "award": GK, "votes": 7,
        "summary": "Bảo đảm an toàn thông tin cho hệ thống phục vụ bầu cử, trực kỹ thuật 24/7.",
    }
    criteria = campaign.criteria_for(subject_of(campaign, "individual"))
    row.update({contract.criterion_key(c.code): "Đạt" for c in criteria})
    row.update(changes)
    return row


def collective(campaign: Campaign, **changes: object) -> dict[str, object]:
    """A collective nominee row that breaks no rule."""
    row: dict[str, object] = {
        "stt": 2, "subject": "Tập thể", "name": UNIT, "unit": UNIT, "award": GK, "votes": 6,
        "summary": "Bảo đảm hạ tầng công nghệ thông tin thông suốt cho 120 tổ bầu cử.",
    }
    criteria = campaign.criteria_for(subject_of(campaign, "collective"))
    row.update({contract.criterion_key(c.code): "Đạt" for c in criteria})
    row.update(changes)
    return row


def write_unit(campaign: Campaign, path: Path, info: Mapping[str, object],
               rows: list[dict[str, Any]]) -> Path:
    """Write a real unit workbook through the template writer."""
    from thidua_xl.outputs.template.workbook import write_unit_workbook

    return write_unit_workbook(campaign, path, info=info, rows=rows)


def cell_of(campaign: Campaign, key: str, row_index: int) -> str:
    """A1 address of a field in the n-th data row (0-based) of the standard list sheet."""
    keys = [f.key for f in contract.list_columns(campaign)]
    return f"{contract.column_letter(keys.index(key))}{row_index + 2}"


def info_cell(campaign: Campaign, path: Path, key: str) -> str:
    """A1 address of a unit-info value, found independently with openpyxl: right of its label."""
    import openpyxl

    label = next(f.label for f in contract.info_fields(campaign) if f.key == key)
    ws = openpyxl.load_workbook(path, read_only=True)[contract.SHEET_INFO]
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == label:
                return f"{contract.column_letter(cell.column)}{cell.row}"
    raise AssertionError(f"label {label!r} not found")
