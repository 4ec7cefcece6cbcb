"""A consolidation folder for council tests, and a secretary filling the tally with openpyxl."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import openpyxl

from tests.consolidation_data import CAMPAIGN, nominee, unit_file
from thidua_xl.campaign import Campaign
from thidua_xl.consolidate.entries import Consolidation
from thidua_xl.consolidate.merge import consolidate
from thidua_xl.council import contract as tally
from thidua_xl.jobs import REPORT
from thidua_xl.outputs.council.tally import write_tally
from thidua_xl.outputs.tonghop.report import write_report
from thidua_xl.read.model import Nominee

# Giấy khen for individuals: 3 places. By the units' own meetings Dũng is 4th (5/7 = 71 %), but
# the council gives him 7 of 9 votes while Bình (19/20 = 95 % in his unit) gets only 4.
PEOPLE = (
    ("VP", "Nguyễn Thị An", "Nữ", 7, 7),
    ("TTCNTT", "Trần Văn Bình", "Nam", 19, 20),
    ("BCVT", "Lê Văn Cường", "Nam", 6, 7),
    ("CNTT", "Phạm Văn Dũng", "Nam", 5, 7),
)
COLLECTIVE = ("TTCNTT", "Trung tâm CNTT&TT", 18, 20)
SUPERIOR = ("VP", "Hoàng Văn Chiến", "Nam", 10, 10)
MEETING: dict[str, object] = {
    "Ngày họp": date(2021, 5, 28), "Địa điểm": "Phòng họp tầng 2, Sở Thông tin và Truyền thông",
    "Tổng số thành viên Hội đồng": 9, "Số thành viên có mặt": 8, "Chủ trì": "Hà Văn Tiến",
    "Thư ký": "Nông Thị Lan"}
VOTES: dict[str, object] = {"Nguyễn Thị An": 8, "Trần Văn Bình": 4, "Lê Văn Cường": 6,
                            "Phạm Văn Dũng": 7, "Trung tâm CNTT&TT": 8, "Hoàng Văn Chiến": 6}


def consolidation(campaign: Campaign = CAMPAIGN) -> Consolidation:
    """Four people for three Giấy khen places, one collective, one proposal upward; a file per unit."""
    by_unit: dict[str, list[Nominee]] = {}
    for i, (unit, name, gender, v, m) in enumerate(PEOPLE):
        by_unit.setdefault(unit, []).append(nominee(name, gender=gender, votes=v, members=m,
                                                    birth_year=1980 + i))
    unit, name, votes, members = COLLECTIVE
    by_unit[unit].append(nominee(name, subject="tap-the", votes=votes, members=members))
    unit, name, gender, votes, members = SUPERIOR
    by_unit[unit].append(nominee(name, gender=gender, votes=votes, members=members,
                                 award="BKUBND", birth_year=1970))
    return consolidate([unit_file(u, rows) for u, rows in by_unit.items()], campaign)


def outdir(base: Path, cons: Consolidation | None = None) -> Path:
    """A consolidation's report and tally, as `thidua consolidate` leaves them."""
    cons = cons or consolidation()
    write_report(cons, base / REPORT)
    write_tally(cons, base / tally.TALLY_FILE)
    return base


def copy_of(folder: Path, target: Path) -> Path:
    """A fresh copy of a prepared folder, so each test changes its own files."""
    shutil.copytree(folder, target)
    return target


def fill(path: Path, meeting: Mapping[str, object] = MEETING,
         votes: Mapping[str, object] = VOTES) -> Path:
    """What the secretary does in Excel: type the meeting cells and the votes, by their labels."""
    wb = openpyxl.load_workbook(path)
    info = wb[tally.SHEET_MEETING]
    for label_cell, value_cell in info.iter_rows(min_col=1, max_col=2):
        if label_cell.value in meeting:
            value_cell.value = meeting[label_cell.value]
    ws = wb[tally.SHEET_VOTES]
    header = [c.value for c in ws[1]]
    name_col = header.index("Họ và tên / Tên tập thể") + 1
    vote_col = header.index("Số phiếu đồng ý") + 1
    for r in range(2, ws.max_row + 1):
        name = ws.cell(r, name_col).value
        if name in votes:
            ws.cell(r, vote_col).value = votes[name]
    wb.save(path)
    return path
