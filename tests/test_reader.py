"""The reader on what clerks really send: moved columns, aliases, title rows, other formats, junk."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.unitfiles import clean_info, person, write_unit
from thidua_xl.campaign import load_campaign
from thidua_xl.check.batch import check_paths, expand_inputs
from thidua_xl.check.file import check_file
from thidua_xl.read import contract
from thidua_xl.read.reader import read_workbook

CAMPAIGN = load_campaign()
LABELS = [f.label for f in contract.list_columns(CAMPAIGN)]
KEYS = [f.key for f in contract.list_columns(CAMPAIGN)]


def _handmade(path: Path, header: list[str], rows: list[list[object]], *, title_rows: int = 0,
              sheet: str = contract.SHEET_LIST, with_info: bool = True) -> Path:
    """A workbook typed by hand with openpyxl: no stamp, free contract."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for i in range(title_rows):
        ws.append([f"DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG {i}"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    if with_info:
        info = wb.create_sheet(contract.SHEET_INFO)
        for f in contract.info_fields(CAMPAIGN):
            info.append([f.label, clean_info(CAMPAIGN).get(f.key)])
    wb.save(path)
    return path


def _row(header_keys: list[str], **changes: object) -> list[object]:
    values = person(CAMPAIGN, **changes)
    return [values.get(k) for k in header_keys]


ALIASES = {"Họ và tên / Tên tập thể": "Họ tên", "STT": "Số TT", "Năm sinh": "Sinh năm"}


@pytest.mark.parametrize(("header", "keys"), [
    (LABELS, KEYS),
    (LABELS[::-1], KEYS[::-1]),
    ([f"  {lab.upper()}  " for lab in LABELS], KEYS),
    ([ALIASES.get(lab, lab) for lab in LABELS], KEYS),
], ids=["as in the template", "columns reversed", "spaces and case", "known aliases"])
def test_header_found_by_label(tmp_path: Path, header: list[str], keys: list[str]) -> None:
    path = _handmade(tmp_path / "u.xlsx", header, [_row(keys)], title_rows=2)
    result = check_file(path, CAMPAIGN)
    assert [(f.code, f.severity.value) for f in result.findings] == [("template-mismatch", "warning")]
    [nominee] = result.nominees
    assert (nominee.name, nominee.row, nominee.birth_year) == ("Nguyễn Thị Hồng Nhung", 4, 1987)


def test_inserted_unknown_column_is_a_warning_and_the_rest_still_reads(tmp_path: Path) -> None:
    header = [*LABELS[:3], "Số CCCD", *LABELS[3:]]
    row = _row(KEYS)
    row.insert(3, "001087000123")
    path = _handmade(tmp_path / "u.xlsx", header, [row])
    result = check_file(path, CAMPAIGN)
    codes = sorted((f.code, f.cell) for f in result.findings)
    assert codes == [("template-mismatch", ""), ("unknown-column", "D1")]
    assert result.nominees[0].position == "Chuyên viên"


def test_missing_required_column_is_reported(tmp_path: Path) -> None:
    drop = LABELS.index("Hình thức khen thưởng")
    header = LABELS[:drop] + LABELS[drop + 1:]
    keys = KEYS[:drop] + KEYS[drop + 1:]
    path = _handmade(tmp_path / "u.xlsx", header, [_row(keys)])
    missing = [f for f in check_file(path, CAMPAIGN).findings if f.code == "missing-column"]
    assert [m.message for m in missing] == [
        "Thiếu cột \"Hình thức khen thưởng\" trong sheet \"Danh sách đề nghị\"."]


def test_stamp_of_another_campaign_is_an_error(tmp_path: Path) -> None:
    import dataclasses

    other = dataclasses.replace(CAMPAIGN, id="thi-dua-2025")
    path = write_unit(other, tmp_path / "u.xlsx", clean_info(other), [person(other)])
    sub = read_workbook(path, CAMPAIGN)
    assert (sub.campaign_id, sub.template_version) == ("thi-dua-2025", CAMPAIGN.template_version)
    assert [(f.code, f.severity.value) for f in sub.findings] == [("template-mismatch", "error")]


def test_template_stamp_is_read(tmp_path: Path) -> None:
    path = write_unit(CAMPAIGN, tmp_path / "u.xlsx", clean_info(CAMPAIGN), [person(CAMPAIGN)])
    sub = read_workbook(path, CAMPAIGN)
    assert (sub.campaign_id, sub.template_version) == (CAMPAIGN.id, CAMPAIGN.template_version)
    assert sub.findings == []
    assert sub.info_cells["letter_date"].sheet == contract.SHEET_INFO


def _zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (400 * 1024 * 1024))
    return path


@pytest.mark.parametrize(("name", "make", "words"), [
    ("empty.xlsx", lambda p: p.write_bytes(b""), "rỗng"),
    ("text.xlsx", lambda p: p.write_text("không phải Excel"), "hỏng"),
    ("notes.docx", lambda p: p.write_bytes(b"PK"), "không được hỗ trợ"),
    ("truncated.xlsx", None, "hỏng"),
    ("bomb.xlsx", _zip_bomb, "quá lớn"),
])
def test_broken_files_become_findings(tmp_path: Path, name: str, make, words: str) -> None:
    path = tmp_path / name
    if make is None:
        good = write_unit(CAMPAIGN, tmp_path / "good.xlsx", clean_info(CAMPAIGN), [person(CAMPAIGN)])
        path.write_bytes(good.read_bytes()[:2000])
    else:
        make(path)
    result = check_file(path, CAMPAIGN)
    assert not result.readable and result.nominees == []
    [f] = result.findings
    assert f.code == "unreadable-file" and words in f.message


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["ods", "xls"])
def test_files_resaved_by_libreoffice_are_read(tmp_path: Path, fmt: str) -> None:
    src = write_unit(CAMPAIGN, tmp_path / "u.xlsx", clean_info(CAMPAIGN), [person(CAMPAIGN)])
    profile = f"-env:UserInstallation=file://{tmp_path}/lo"
    subprocess.run(["soffice", profile, "--headless", "--convert-to", fmt, "--outdir",
                    str(tmp_path / "out"), str(src)], check=True, capture_output=True, timeout=180)
    result = check_file(tmp_path / "out" / f"u.{fmt}", CAMPAIGN)
    assert result.readable and result.errors == 0, [f.message for f in result.findings]
    assert [n.name for n in result.nominees] == ["Nguyễn Thị Hồng Nhung"]


def test_expand_inputs_skips_lock_files_and_reports_missing(tmp_path: Path) -> None:
    for name in ("b.xlsx", "a.xlsm", "~$a.xlsm", "c.txt"):
        (tmp_path / name).write_bytes(b"x")
    files, problems = expand_inputs([tmp_path, tmp_path / "missing.xlsx"])
    assert [f.name for f in files] == ["a.xlsm", "b.xlsx"]
    assert [p.code for p in problems] == ["unreadable-file"]


def _crash_or_hang(path: Path, campaign, received=None):
    """Stand-in for a parser that dies natively or never returns on hostile files."""
    if path.name.startswith("crash"):
        os.abort()
    if path.name.startswith("hang"):
        time.sleep(60)
    return check_file(path, campaign, received)


def test_a_crashing_or_hanging_parser_costs_one_file(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from thidua_xl.check import isolation

    good = write_unit(CAMPAIGN, tmp_path / "good.xlsx", clean_info(CAMPAIGN), [person(CAMPAIGN)])
    names = ["a_good.xlsx", "crash.xlsx", "hang.xlsx", "z_good.xlsx"]
    for name in names:
        shutil.copy(good, tmp_path / name)
    monkeypatch.setattr(isolation, "check_file", _crash_or_hang)
    results = isolation.run_isolated([tmp_path / n for n in names], CAMPAIGN, workers=2, timeout=3)
    assert [r.readable for r in results] == [True, False, False, True]
    assert [r.rows_read for r in results] == [1, 0, 0, 1]
    assert "dừng đột ngột" in results[1].findings[0].message
    assert "quá 3 giây" in results[2].findings[0].message


def test_isolated_batch_equals_in_process(tmp_path: Path) -> None:
    paths = [write_unit(CAMPAIGN, tmp_path / f"u{i}.xlsx", clean_info(CAMPAIGN),
                        [person(CAMPAIGN, **{"crit:TCN1": None if i else "Đạt"})]) for i in range(3)]
    isolated = check_paths(paths, CAMPAIGN)
    direct = check_paths(paths, CAMPAIGN, isolate=False)
    assert [r.findings for r in isolated] == [r.findings for r in direct]
    assert [len(r.findings) for r in isolated] == [0, 1, 1]


def _with_big_sheet(path: Path, sheet: str, cells: int) -> Path:
    """A handmade unit file plus `cells` filled cells in the named sheet (created when absent)."""
    path = _handmade(path, LABELS, [_row(KEYS)])
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet] if sheet in wb.sheetnames else wb.create_sheet(sheet, 0)
    for r in range(cells // 10):
        ws.append([f"ô {r}-{c}" for c in range(10)])
    wb.save(path)
    return path


@pytest.mark.parametrize(("sheet", "readable"), [
    (contract.SHEET_GUIDE, True),
    (contract.SHEET_LIST, False),
], ids=["unused sheet is never read", "list sheet is refused"])
def test_size_guard_applies_to_the_sheets_the_reader_reads(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sheet: str, readable: bool) -> None:
    from thidua_xl.read import reader

    path = _with_big_sheet(tmp_path / "u.xlsx", sheet, 400)
    monkeypatch.setattr(reader, "MAX_CELLS", 300)
    sub = read_workbook(path, CAMPAIGN)
    assert sub.readable is readable
    assert any("quá lớn" in f.message for f in sub.findings) is not readable


def test_expected_list_sheet_wins_over_a_better_scoring_other_sheet(tmp_path: Path) -> None:
    path = _handmade(tmp_path / "u.xlsx", LABELS[:4], [_row(KEYS[:4])])
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("Bản sao", 0).append(LABELS)
    wb.save(path)
    sub = read_workbook(path, CAMPAIGN)
    assert (sub.list_sheet, [r.row for r in sub.rows]) == (contract.SHEET_LIST, [2])


@pytest.mark.parametrize(("names", "sheets"), [
    (None, {"Khác", contract.SHEET_LIST}),
    ([contract.SHEET_LIST], {contract.SHEET_LIST}),
    (["Không có"], set()),
], ids=["every sheet", "named sheets only", "unknown name"])
def test_formula_cells_are_read_for_the_named_sheets(tmp_path: Path, names, sheets) -> None:
    from thidua_xl.read.formulas import formula_cells

    wb = openpyxl.Workbook()
    wb.active.title = contract.SHEET_LIST
    wb.active["B2"] = "=1+1"
    wb.create_sheet("Khác")["C3"] = "=SUM(1,2)"
    wb.save(tmp_path / "f.xlsx")
    found = formula_cells(tmp_path / "f.xlsx", names)
    assert set(found) == sheets
    assert all(found[s] == {"B2" if s == contract.SHEET_LIST else "C3"} for s in found)


def test_an_oversized_file_is_refused_before_its_zip_is_opened(tmp_path: Path, monkeypatch) -> None:
    """The size check comes first: a 51 MB 'workbook' is never parsed, not even its directory."""
    from thidua_xl.read import reader

    big = tmp_path / "lon.xlsx"
    with big.open("wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.truncate(reader.MAX_FILE_BYTES + 1024 * 1024)
    opened: list[object] = []

    class Spy(zipfile.ZipFile):
        def __init__(self, *args: object, **kwargs: object) -> None:
            opened.append(args[0])
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reader.zipfile, "ZipFile", Spy)
    sub = reader.read_workbook(big)
    assert [f.message for f in sub.findings if "quá lớn" in f.message]
    assert opened == []
