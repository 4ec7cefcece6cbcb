"""`thidua ledger import / show / export` on real Excel and CSV files."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from tests.test_legacy import to_tcvn3, to_vni
from thidua_xl.cli import main
from thidua_xl.ledger.importing import import_file, import_into
from thidua_xl.ledger.store import Ledger

HEADER = ["STT", "Đơn vị", "Hình thức khen thưởng", "Họ và tên / Tên tập thể", "Năm sinh",
          "Giới tính", "Số quyết định", "Ngày quyết định", "Đợt thi đua", "Năm", "Ghi chú"]
GK = "Giấy khen của Giám đốc Sở"


def _xlsx(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    """A past award list as offices keep them: a title, a blank line, then the table."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Khen thưởng 2020"
    ws.append(["DANH SÁCH TẬP THỂ, CÁ NHÂN ĐÃ ĐƯỢC KHEN THƯỞNG"])
    ws.append([])
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _rows() -> list[list[object]]:
    """Four awards: TCVN3 and VNI names, a real date cell and a day-first text date, a collective."""
    return [
        [1, to_tcvn3("Phòng Công nghệ thông tin"), GK, to_tcvn3("Nguyễn Thị Hồng Nhung"), 1987, "Nữ",
         "88/QĐ-STTTT", datetime(2020, 6, 5), "Đợt thi đua phòng, chống dịch Covid-19", 2020, ""],
        [2, "Văn phòng Sở", GK, to_vni("Hoàng Văn Chiến"), "1972", "nam", "88/QĐ-STTTT",
         "05/06/2020", "Đợt thi đua phòng, chống dịch Covid-19", 2020, ""],
        [3, "Trung tâm CNTT&TT", GK, "Trung tâm CNTT&TT", None, None, "88/QĐ-STTTT", "5/6/2020",
         "Đợt thi đua phòng, chống dịch Covid-19", None, ""],
        [4, "Thanh tra Sở", "Bằng khen của Chủ tịch UBND tỉnh", "Lục Thị Phương", 1987, "Nữ",
         "1500/QĐ-UBND", "20/12/2019", None, 2019, "khen thưởng năm"],
    ]


@pytest.fixture
def imported(tmp_path):
    path = _xlsx(tmp_path / "da_khen.xlsx", _rows())
    ledger = tmp_path / "so.sqlite"
    result = import_into(path, ledger)
    return result, ledger


def test_columns_are_found_by_label_below_a_title_in_any_order(imported):
    result, ledger = imported
    assert result.errors == 0 and result.rows == 4
    assert (result.recorded.added, result.recorded.existing) == (4, 0)
    with Ledger.open(ledger) as opened:
        names = sorted(r.name for r in opened.all_awards())
    assert names == ["Hoàng Văn Chiến", "Lục Thị Phương", "Nguyễn Thị Hồng Nhung",
                     "Trung tâm CNTT&TT"]


def test_legacy_text_is_converted_and_reported_where_it_was(imported):
    result, ledger = imported
    legacy = [f for f in result.findings if f.code == "legacy-encoding"]
    assert {f.cell for f in legacy} >= {"D4", "B4", "D5"}
    with Ledger.open(ledger) as opened:
        nhung = opened.search("hong nhung")[0]
    assert nhung.unit == "Phòng Công nghệ thông tin"
    assert nhung.key == "p|nguyen thi hong nhung|1987"


def test_dates_are_day_first_and_one_decision_is_shared_by_its_rows(imported):
    _result, ledger = imported
    with Ledger.open(ledger) as opened:
        records = opened.all_awards()
        assert opened.counts() == (1, 2, 4)
    covid = [r for r in records if r.decision.number == "88/QĐ-STTTT"]
    assert {r.decision.signed_on for r in covid} == {date(2020, 6, 5)}
    assert {r.campaign.name for r in covid} == {"Đợt thi đua phòng, chống dịch Covid-19"}
    yearly = next(r for r in records if r.name == "Lục Thị Phương")
    assert yearly.campaign is None and yearly.year == 2019 and yearly.occasion == "Năm 2019"
    group = next(r for r in records if r.name == "Trung tâm CNTT&TT")
    assert group.kind == "collective" and group.year == 2020


def test_importing_the_same_list_again_adds_nothing(imported, tmp_path):
    _result, ledger = imported
    again = import_into(tmp_path / "da_khen.xlsx", ledger)
    assert (again.recorded.added, again.recorded.existing) == (0, 4)
    with Ledger.open(ledger) as opened:
        assert opened.counts() == (1, 2, 4)


def test_one_bad_row_stops_the_whole_list_with_findings_on_its_cells(tmp_path):
    rows = _rows()
    rows[1][7] = "31/02/2020"
    rows[3][4] = "năm tám bảy"
    rows[2][2] = ""
    path = _xlsx(tmp_path / "loi.xlsx", rows)
    ledger = tmp_path / "so.sqlite"
    result = import_into(path, ledger)
    errors = {(f.code, f.cell) for f in result.findings if f.severity.value == "error"}
    assert errors == {("invalid-date", "H5"), ("invalid-number", "E7"), ("missing-value", "C6")}
    assert result.recorded is None
    assert not ledger.exists()
    message = next(f.message for f in result.findings if f.code == "invalid-date")
    assert message.startswith("Dòng 5 (Hoàng Văn Chiến): \"Ngày quyết định\"")


def test_errors_in_a_list_leave_an_existing_ledger_untouched(imported, tmp_path):
    _result, ledger = imported
    rows = [[*r] for r in _rows()]
    rows[0][6] = "99/QĐ-STTTT"
    rows[3][7] = "không rõ"
    result = import_into(_xlsx(tmp_path / "loi.xlsx", rows), ledger)
    assert result.recorded is None
    with Ledger.open(ledger) as opened:
        assert opened.counts() == (1, 2, 4)


def test_a_list_without_decision_columns_is_refused(tmp_path):
    header = [h for h in HEADER if h not in ("Số quyết định",)]
    path = _xlsx(tmp_path / "thieu.xlsx", [r[:6] + r[7:] for r in _rows()], header)
    result = import_into(path, tmp_path / "so.sqlite")
    assert not result.readable and result.findings[0].code == "missing-column"
    assert "\"Số quyết định\"" in result.findings[0].message


def test_csv_with_semicolons_subject_column_and_a_repeated_row(tmp_path):
    path = tmp_path / "ds.csv"
    path.write_text(
        "Đối tượng;Tên tập thể / Họ và tên;Hình thức khen thưởng;Số QĐ;Ngày QĐ;Năm;Cơ quan quyết định\n"
        "Tập thể;Phòng Kế hoạch - Tài chính;Giấy khen;7/QĐ-STTTT;10/01/2018;2017;Giám đốc Sở\n"
        "Cá nhân;Đinh Văn Tú;Giấy khen;7/QĐ-STTTT;10/01/2018;2017;Giám đốc Sở\n"
        "Tập thể;Phòng Kế hoạch - Tài chính;Giấy khen;7/QĐ-STTTT;10/01/2018;2017;Giám đốc Sở\n",
        encoding="utf-8-sig")
    with Ledger.open(tmp_path / "so.sqlite") as ledger:
        result = import_file(path, ledger)
        records = ledger.all_awards()
    assert [f.code for f in result.findings] == ["missing-value", "duplicate-award"]
    assert result.findings[0].severity.value == "warning"
    assert [(r.kind, r.name, r.year) for r in records] == [
        ("individual", "Đinh Văn Tú", 2017), ("collective", "Phòng Kế hoạch - Tài chính", 2017)]
    assert records[0].decision.authority == "Giám đốc Sở"


def test_export_reads_back_as_the_same_ledger(imported, tmp_path):
    _result, ledger = imported
    out = tmp_path / "xuat.xlsx"
    assert main(["ledger", "export", "-o", str(out), "--ledger", str(ledger)]) == 0
    copy = tmp_path / "ban_sao.sqlite"
    result = import_into(out, copy)
    assert result.errors == 0 and result.recorded.added == 4

    def plain(path):
        with Ledger.open(path) as opened:
            return sorted((r.key, r.name, r.unit, r.award, r.year, r.decision,
                           r.campaign.name if r.campaign else None) for r in opened.all_awards())

    assert plain(copy) == plain(ledger)
    ws = openpyxl.load_workbook(out)["Sổ khen thưởng"]
    assert ws["I2"].is_date and ws["I2"].number_format == "dd/mm/yyyy"


def test_cli_import_show_and_exit_codes(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    good = _xlsx(tmp_path / "da_khen.xlsx", _rows())
    assert main(["ledger", "import", str(good)]) == 0
    assert "4 khen thưởng mới" in capsys.readouterr().out
    assert (tmp_path / "so_khen_thuong.sqlite").is_file()
    bad_rows = _rows()
    bad_rows[0][7] = "không rõ"
    assert main(["ledger", "import", str(_xlsx(tmp_path / "loi.xlsx", bad_rows))]) == 1
    assert "Không ghi gì vào sổ khen thưởng" in capsys.readouterr().out
    (tmp_path / "rong.txt").write_text("x", encoding="utf-8")
    assert main(["ledger", "import", str(tmp_path / "rong.txt")]) == 2
    assert main(["ledger", "show", "nguyen", "thi", "hong", "nhung"]) == 0
    out = capsys.readouterr().out
    assert "Nguyễn Thị Hồng Nhung (sinh 1987) — Phòng Công nghệ thông tin" in out
    assert "QĐ số 88/QĐ-STTTT ngày 05/06/2020" in out
    assert main(["ledger", "show", "--ledger", str(tmp_path / "khac.sqlite"), "Nhung"]) == 2
    assert "Chưa có sổ khen thưởng" in capsys.readouterr().err


def test_backup_copies_the_whole_ledger_and_refuses_to_overwrite_it(imported, tmp_path, capsys):
    _result, ledger = imported
    copy = tmp_path / "sao_luu" / "so_2021.sqlite"
    assert main(["ledger", "backup", "-o", str(copy), "--ledger", str(ledger)]) == 0
    assert "1 đợt thi đua, 2 quyết định, 4 khen thưởng" in capsys.readouterr().out
    with Ledger.open(copy) as opened, Ledger.open(ledger) as original:
        assert opened.all_awards() == original.all_awards()
    assert main(["ledger", "backup", "-o", str(ledger), "--ledger", str(ledger)]) == 2


def test_every_write_left_a_sound_database(imported):
    _result, ledger = imported
    with sqlite3.connect(ledger) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
