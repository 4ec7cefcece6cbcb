"""The received register: real .xlsx and .csv files in, unit code → date out, bad rows as findings."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from pathlib import Path

import pytest
import xlsxwriter

from tests.test_dates import to_serial
from thidua_xl.campaign import load_campaign
from thidua_xl.findings import Severity
from thidua_xl.read.received import read_register

CAMPAIGN = load_campaign()


def _xlsx(path: Path, rows: list[list[object]], sheet: str = "Sổ nhận") -> Path:
    """A register written with XlsxWriter: dates as real date cells, numbers as numbers."""
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet(sheet)
    fmt = book.add_format({"num_format": "dd/mm/yyyy"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, datetime):
                ws.write_datetime(r, c, value, fmt)
            elif isinstance(value, int | float):
                ws.write_number(r, c, value)
            elif value is not None:
                ws.write_string(r, c, value)
    book.close()
    return path


def test_xlsx_register_matches_units_by_name_or_code_and_reads_dates_day_first(tmp_path):
    path = _xlsx(tmp_path / "so_nhan.xlsx", [
        ["SỔ THEO DÕI NHẬN HỒ SƠ"],
        [],
        ["STT", "Đơn vị", "Ngày nhận", "Ghi chú"],
        [1, "Văn phòng Sở", datetime(2021, 5, 21), ""],
        [2, "ttcntt", "05/04/2021", ""],
        [3, unicodedata.normalize("NFD", "Phòng Công nghệ thông tin"), to_serial(date(2021, 5, 24)),
         ""],
        [4, "THANH TRA SO", "ngày 25 tháng 5 năm 2021", ""],
    ])
    reg = read_register(path, CAMPAIGN)
    assert reg.readable and reg.findings == []
    assert reg.dates == {"VP": date(2021, 5, 21), "TTCNTT": date(2021, 4, 5),
                         "CNTT": date(2021, 5, 24), "TTRA": date(2021, 5, 25)}


@pytest.mark.parametrize("content,encoding", [
    ("Đơn vị;Ngày nhận\nVăn phòng Sở;21/5/2021\nKHTC;24-05-2021\n", "utf-8-sig"),
    ("Đơn vị,Ngày nhận\nVăn phòng Sở,21/5/2021\nKHTC,24-05-2021\n", "utf-8"),
    ("\"Tên đơn vị\"\t\"Ngày nhận hồ sơ\"\nVăn phòng Sở\t21.5.2021\nKHTC\t24/05/2021\n", "utf-8"),
])
def test_csv_register_in_utf8_with_any_usual_separator(tmp_path, content, encoding):
    path = tmp_path / "so_nhan.csv"
    path.write_bytes(content.encode(encoding))
    reg = read_register(path, CAMPAIGN)
    assert reg.findings == []
    assert reg.dates == {"VP": date(2021, 5, 21), "KHTC": date(2021, 5, 24)}


@pytest.mark.parametrize("unit,day,code,column", [
    ("Phòng Không Có", "21/05/2021", "invalid-choice", "A"),
    ("", "21/05/2021", "missing-value", "A"),
    ("Văn phòng Sở", "5/24/2021", "invalid-date", "B"),
    ("Văn phòng Sở", "31/02/2021", "invalid-date", "B"),
    ("Văn phòng Sở", "", "missing-value", "B"),
])
def test_bad_register_rows_become_warnings_and_are_skipped(tmp_path, unit, day, code, column):
    path = tmp_path / "so_nhan.csv"
    path.write_text(f"Đơn vị,Ngày nhận\n{unit},{day}\nKHTC,24/05/2021\n", encoding="utf-8")
    reg = read_register(path, CAMPAIGN)
    (f,) = reg.findings
    assert (f.code, f.severity, f.row, f.cell) == (code, Severity.WARNING, 2, f"{column}2")
    assert reg.dates == {"KHTC": date(2021, 5, 24)}


def test_a_unit_registered_twice_keeps_its_latest_date(tmp_path):
    path = tmp_path / "so_nhan.csv"
    path.write_text("Đơn vị,Ngày nhận\nVP,24/05/2021\nVP,20/05/2021\nVP,26/05/2021\n",
                    encoding="utf-8")
    assert read_register(path, CAMPAIGN).dates == {"VP": date(2021, 5, 26)}


@pytest.mark.parametrize("name,data,code", [
    ("so.csv", "Đơn vị,Ngày nhận\nVăn phòng Sở,21/5/2021\n".encode("utf-16"), "unreadable-file"),
    ("so.xlsx", b"PK\x03\x04 not really a zip", "unreadable-file"),
    ("so.txt", b"anything", "unreadable-file"),
    ("so.csv", "Đơn vị,Ngày\nVP,21/5/2021\n".encode(), "missing-column"),
])
def test_unusable_register_is_reported_not_raised(tmp_path, name, data, code):
    path = tmp_path / name
    path.write_bytes(data)
    reg = read_register(path, CAMPAIGN)
    assert not reg.readable
    assert [f.code for f in reg.findings] == [code]
    assert reg.dates == {}


def test_register_header_may_sit_on_a_later_sheet(tmp_path):
    path = tmp_path / "so.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Bìa").write_string(0, 0, "Sổ nhận hồ sơ năm 2021")
    ws = book.add_worksheet("Nhận")
    for c, v in enumerate(["Mã đơn vị", "Ngày nhận"]):
        ws.write_string(0, c, v)
    ws.write_string(1, 0, "BCVT")
    ws.write_string(1, 1, "20/05/2021")
    book.close()
    assert read_register(path, CAMPAIGN).dates == {"BCVT": date(2021, 5, 20)}
