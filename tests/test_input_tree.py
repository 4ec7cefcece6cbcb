"""Every file of the input tree is accounted for: sub-folders, junk, unreadable formats, every
nominee sheet, two-row headers, missing sheets, which file of a unit is later, exit code 2."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.inputkit import CAMPAIGN, consolidate, report, run, unit_book
from tests.unitfiles import clean_info, person
from thidua_xl.check.file import check_file
from thidua_xl.read import contract
from thidua_xl.read.saved import saved_time

LABELS = [f.label for f in contract.list_columns(CAMPAIGN)]
KEYS = [f.key for f in contract.list_columns(CAMPAIGN)]
CRITERIA = [c.code for c in CAMPAIGN.criteria]


def _validated(inputs: list[Path] | Path, tmp: Path, *extra: object) -> tuple[int, dict, str]:
    """Exit code, JSON report and stderr of a real `thidua validate` run."""
    paths = inputs if isinstance(inputs, list) else [inputs]
    code = run("validate", *paths, "--json", tmp / "r.json", *extra)
    return code, report(tmp / "r.json"), ""


def test_sub_folders_are_read_at_every_depth(tmp_path: Path) -> None:
    root = tmp_path / "ho_so"
    unit_book(root / "vp.xlsx", "VP", ("Hà Thị Lan",))
    unit_book(root / "Phòng CNTT" / "lan 1" / "cntt.xlsx", "CNTT", ("Lê Văn Ba",))
    unit_book(root / "Thanh tra" / "ttra.xlsx", "TTRA", ("Ma Văn Dũng",))
    (root / "vòng").symlink_to(root, target_is_directory=True)
    code, data, _ = _validated(root, tmp_path)
    assert code == 0
    assert sorted(Path(f["path"]).relative_to(root).as_posix() for f in data["files"]) == [
        "Phòng CNTT/lan 1/cntt.xlsx", "Thanh tra/ttra.xlsx", "vp.xlsx"]
    assert data["summary"]["rows"] == 3


JUNK = ["._cntt.xlsx", "~$cntt.xlsx", "Thumbs.db", "desktop.ini", ".DS_Store", ".~lock.cntt.xlsx#",
        ".tong_hop.k3j2h1.xlsx", "~WRL0003.tmp", "__MACOSX/._cntt.xlsx", ".an/cu.xlsx"]


def test_os_junk_is_ignored_by_rule_and_listed_on_one_line(tmp_path: Path, capsys) -> None:
    root = tmp_path / "ho_so"
    unit_book(root / "cntt.xlsx", "CNTT", ("Lê Văn Ba",))
    for name in JUNK:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"\x00\x05\x16\x07Mac OS X        " if "._" in name else b"PK\x03\x04")
    code, data, _ = _validated(root, tmp_path)
    err = capsys.readouterr().err
    assert code == 0 and [Path(f["path"]).name for f in data["files"]] == ["cntt.xlsx"]
    lines = [line for line in err.splitlines() if "tệp hệ thống hoặc tệp tạm" in line]
    assert len(lines) == 1
    assert all(str(root / name) in lines[0] for name in JUNK), lines[0]
    assert f"Bỏ qua {len(JUNK)} tệp" in lines[0]


@pytest.mark.parametrize(("name", "advice"), [
    ("cntt.xlsb", "Lưu thành"), ("mau.xltx", "Lưu thành"), ("vp.numbers", "Xuất sang"),
    ("ttra.et", "WPS"),
])
def test_unreadable_workbook_formats_get_a_finding_saying_what_to_do(tmp_path: Path, capsys,
                                                                     name: str, advice: str) -> None:
    root = tmp_path / "ho_so"
    unit_book(root / "vp.xlsx", "VP", ("Hà Thị Lan",))
    shutil.copy(root / "vp.xlsx", root / name)
    code, data, _ = _validated(root, tmp_path)
    assert code == 2
    (entry,) = [f for f in data["files"] if f["path"].endswith(name)]
    (found,) = entry["findings"]
    assert found["code"] == "unreadable-file" and name in found["message"] and advice in found["message"]
    err = capsys.readouterr().err
    assert "Mã thoát 2" in err and str(root / name) in err


def test_the_terminal_names_every_file_that_ends_the_run_with_exit_code_2(tmp_path: Path,
                                                                        capsys) -> None:
    root = tmp_path / "ho_so"
    unit_book(root / "vp.xlsx", "VP", ("Hà Thị Lan",))
    (root / "hong.xlsx").write_bytes(b"day khong phai tep Excel")
    (root / "rong.xls").write_bytes(b"")
    (root / "nhi_phan.xlsb").write_bytes(b"\x00" * 10)
    missing = tmp_path / "khong_co.xlsx"
    assert consolidate([root, missing], tmp_path / "out") == 2
    err = capsys.readouterr().err
    block = err[err.index("Mã thoát 2"):]
    assert "4 tệp" in block
    for bad in (root / "hong.xlsx", root / "rong.xls", root / "nhi_phan.xlsb", missing):
        assert str(bad) in block
    assert str(root / "vp.xlsx") not in block


def _copy_list_sheet(path: Path, title: str, names: list[str], hidden: bool = False) -> Path:
    """A copy of the nominee sheet (as Excel's "Move or Copy" makes it) with other people on it."""
    wb = openpyxl.load_workbook(path)
    ws = wb.copy_worksheet(wb[contract.SHEET_LIST])
    ws.title = title
    name_col = KEYS.index("name") + 1
    for r, name in enumerate(names, start=2):
        ws.cell(r, name_col, name)
    if hidden:
        ws.sheet_state = "hidden"
    wb.save(path)
    return path


@pytest.mark.parametrize("hidden", [False, True], ids=["visible copy", "hidden copy"])
def test_every_nominee_sheet_is_read(tmp_path: Path, hidden: bool) -> None:
    path = unit_book(tmp_path / "u.xlsx", "CNTT", ("Lê Văn Ba", "Hà Thị Lan"))
    _copy_list_sheet(path, "Danh sách đề nghị (2)", ["Lê Văn Ba", "Ma Văn Dũng"], hidden)
    result = check_file(path, CAMPAIGN)
    assert [(n.sheet, n.row, n.name) for n in result.nominees] == [
        (contract.SHEET_LIST, 2, "Lê Văn Ba"), (contract.SHEET_LIST, 3, "Hà Thị Lan"),
        ("Danh sách đề nghị (2)", 2, "Lê Văn Ba"), ("Danh sách đề nghị (2)", 3, "Ma Văn Dũng")]
    (dup,) = [f for f in result.findings if f.code == "duplicate-nominee"]
    assert (dup.sheet, dup.row) == ("Danh sách đề nghị (2)", 2)
    assert result.nominees[2].findings == [dup]
    assert f'sheet "{contract.SHEET_LIST}"' in dup.message


def test_a_sheet_that_is_not_understood_gets_a_finding_naming_it(tmp_path: Path) -> None:
    path = unit_book(tmp_path / "u.xlsx", "CNTT", ("Lê Văn Ba",))
    wb = openpyxl.load_workbook(path)
    extra = wb.create_sheet("Bổ sung")
    extra.append(["Người", "Ghi chú thêm"])
    extra.append(["Ma Văn Dũng", "đề nghị thêm"])
    wb.create_sheet("Trống")
    wb.save(path)
    result = check_file(path, CAMPAIGN)
    ignored = [f for f in result.findings if f.code == "template-mismatch" and f.sheet]
    assert [(f.sheet, f.severity.value) for f in ignored] == [("Bổ sung", "warning")]
    assert "không được đọc" in ignored[0].message and contract.SHEET_LIST in ignored[0].message
    assert [n.name for n in result.nominees] == ["Lê Văn Ba"]


def _two_row_book(path: Path, layout: str) -> Path:
    """A hand-made list whose header spans two rows with merged cells, as offices often draw it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = contract.SHEET_LIST
    first = KEYS.index(contract.criterion_key(CRITERIA[0])) + 1
    last = first + len(CRITERIA) - 1
    top = [lab if not k.startswith("crit:") else None for lab, k in zip(LABELS, KEYS, strict=True)]
    top[first - 1] = "Tiêu chuẩn"
    sub = [None] * len(LABELS)
    sub[first - 1:last] = CRITERIA
    if layout == "personal group":
        lead = KEYS.index("gender"), KEYS.index("position")
        for i in range(lead[0], lead[1] + 1):
            sub[i], top[i] = LABELS[i], None
        top[lead[0]] = "Thông tin cá nhân"
    ws.append(top)
    ws.append(sub)
    for c, label in enumerate(top, start=1):
        if label is not None and not (first <= c <= last) and sub[c - 1] is None:
            ws.merge_cells(start_row=1, start_column=c, end_row=2, end_column=c)
    ws.merge_cells(start_row=1, start_column=first, end_row=1, end_column=last)
    if layout == "personal group":
        ws.merge_cells(start_row=1, start_column=lead[0] + 1, end_row=1, end_column=lead[1] + 1)
    if layout == "numbered":
        ws.append([f"({i})" for i in range(1, len(LABELS) + 1)])
    for i, name in enumerate(["Lê Văn Ba", "Hà Thị Lan"]):
        values = person(CAMPAIGN, stt=i + 1, name=name, birth_year=1980 + i)
        ws.append([values.get(k) for k in KEYS])
    info = wb.create_sheet(contract.SHEET_INFO)
    for f in contract.info_fields(CAMPAIGN):
        info.append([f.label, clean_info(CAMPAIGN).get(f.key)])
    wb.save(path)
    return path


@pytest.mark.parametrize("layout", ["criteria group", "personal group", "numbered"])
def test_a_two_row_header_with_merged_cells_is_understood(tmp_path: Path, layout: str) -> None:
    result = check_file(_two_row_book(tmp_path / "u.xlsx", layout), CAMPAIGN)
    start = 4 if layout == "numbered" else 3
    assert [(n.row, n.name) for n in result.nominees] == [(start, "Lê Văn Ba"),
                                                          (start + 1, "Hà Thị Lan")]
    personal = frozenset(c.code for c in CAMPAIGN.criteria_for("ca-nhan"))
    assert all(n.met == personal for n in result.nominees)
    assert [f.message for f in result.findings if f.severity.value == "error"] == []


def test_a_two_row_header_that_loses_the_name_column_says_so(tmp_path: Path) -> None:
    path = _two_row_book(tmp_path / "u.xlsx", "criteria group")
    wb = openpyxl.load_workbook(path)
    ws = wb[contract.SHEET_LIST]
    ws.cell(1, KEYS.index("name") + 1).value = "Thông tin"
    wb.save(path)
    result = check_file(path, CAMPAIGN)
    missing = [f for f in result.findings if f.code == "missing-column"]
    assert any("Họ và tên" in f.message for f in missing)
    assert len(result.nominees) == 2


def _without_sheet(path: Path, sheet: str, rename_unit_column: bool = False) -> Path:
    """A unit workbook with one sheet deleted (and optionally the list's unit column renamed to the
    bare label "Đơn vị", which the unit-info sheet also uses)."""
    wb = openpyxl.load_workbook(path)
    del wb[sheet]
    if rename_unit_column:
        wb[contract.SHEET_LIST].cell(1, KEYS.index("unit") + 1).value = "Đơn vị"
    wb.save(path)
    return path


@pytest.mark.parametrize("rename", [False, True], ids=["template header", "header says Đơn vị"])
def test_a_missing_info_sheet_is_reported_and_never_read_from_another_sheet(tmp_path: Path,
                                                                            rename: bool) -> None:
    path = _without_sheet(unit_book(tmp_path / "u.xlsx", "CNTT", ("Lê Văn Ba",)),
                          contract.SHEET_INFO, rename)
    result = check_file(path, CAMPAIGN)
    info = [f for f in result.findings if f.row is None or f.sheet != contract.SHEET_LIST]
    assert all(not f.cell for f in info), [(f.sheet, f.cell, f.message) for f in info]
    assert any(f.code == "template-mismatch" and contract.SHEET_INFO in f.message for f in info)
    assert any("Đơn vị đề nghị" in f.message and f.code == "missing-value" for f in info)
    assert result.unit_code == "" and [n.name for n in result.nominees] == ["Lê Văn Ba"]


def test_a_missing_list_sheet_is_reported_at_file_level(tmp_path: Path) -> None:
    path = _without_sheet(unit_book(tmp_path / "u.xlsx", "CNTT", ("Lê Văn Ba",)), contract.SHEET_LIST)
    result = check_file(path, CAMPAIGN)
    assert not result.readable
    (f,) = [f for f in result.findings if f.code == "template-mismatch" and f.severity.value == "error"]
    assert (f.sheet, f.cell) == ("", "") and contract.SHEET_LIST in f.message


def _set_saved(path: Path, iso: str) -> Path:
    """Give a workbook the last-saved time Excel would record in docProps/core.xml."""
    with zipfile.ZipFile(path) as zf:
        parts = [(i, zf.read(i.filename)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in parts:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + iso.encode(), data)
            zf.writestr(info, data)
    return path


def _changes(root: Path) -> list:
    """How a consolidation of the files under `root` resolved each unit's resubmissions."""
    from thidua_xl.check.batch import check_paths, discover
    from thidua_xl.consolidate.merge import consolidate as merge

    return merge(check_paths(discover([root]).files, CAMPAIGN, isolate=False), CAMPAIGN).changes


def test_the_later_file_follows_the_saved_time_never_the_download_order(tmp_path: Path) -> None:
    root = tmp_path / "ho_so"
    newer = _set_saved(unit_book(root / "a_sua_lai.xlsx", "CNTT", ("Lê Văn Ba", "Hà Thị Lan")),
                       "2021-05-22T08:00:00Z")
    older = _set_saved(unit_book(root / "z_ban_dau.xlsx", "CNTT", ("Lê Văn Ba",)),
                       "2021-05-20T16:30:00Z")
    os.utime(newer, (1_600_000_000, 1_600_000_000))
    os.utime(older, (1_700_000_000, 1_700_000_000))
    (change,) = _changes(root)
    assert (Path(change.replaced).name, Path(change.by).name) == ("z_ban_dau.xlsx", "a_sua_lai.xlsx")
    assert change.basis == "thời gian lưu ghi trong tệp muộn hơn"
    assert change.added == ("Hà Thị Lan",)


def test_the_letter_date_decides_before_the_saved_time(tmp_path: Path) -> None:
    root = tmp_path / "ho_so"
    _set_saved(unit_book(root / "a.xlsx", "CNTT", ("Lê Văn Ba",), letter_date="21/05/2021"),
               "2021-05-20T08:00:00Z")
    _set_saved(unit_book(root / "b.xlsx", "CNTT", ("Lê Văn Ba",), letter_date="19/05/2021"),
               "2021-05-23T08:00:00Z")
    (change,) = _changes(root)
    assert Path(change.by).name == "a.xlsx" and change.basis == "Ngày tờ trình muộn hơn"


def test_two_files_with_nothing_to_tell_them_apart_get_a_warning(tmp_path: Path) -> None:
    root = tmp_path / "ho_so"
    for name in ("a.xlsx", "b.xlsx"):
        _set_saved(unit_book(root / name, "CNTT", ("Lê Văn Ba",)), "2021-05-20T08:00:00Z")
    assert consolidate(root, tmp_path / "out") == 0
    data = report(tmp_path / "out" / "bao_cao.json")
    (warn,) = [f for f in data["findings"] if f["code"] == "resubmission"]
    assert warn["severity"] == "warning" and "không xác định được" in warn["message"]
    assert data["replaced"][0]["decided_by"] is None


@pytest.mark.libreoffice
def test_saved_time_is_read_from_an_xls_files_own_properties(tmp_path: Path) -> None:
    source = unit_book(tmp_path / "u.xlsx", "CNTT", ("Lê Văn Ba",))
    subprocess.run(["soffice", f"-env:UserInstallation=file:///tmp/lo_inputs_{os.getpid()}",
                    "--headless", "--convert-to", "xls", "--outdir", str(tmp_path / "lo"),
                    str(source)], check=True, capture_output=True, timeout=120)
    converted = tmp_path / "lo" / "u.xls"
    os.utime(converted, (1_000_000_000, 1_000_000_000))
    assert saved_time(converted) > 1_600_000_000
    result = check_file(converted, CAMPAIGN)
    assert result.submission.modified == saved_time(converted)
    assert [n.name for n in result.nominees] == ["Lê Văn Ba"]


def test_saved_time_of_an_ods_comes_from_its_meta(tmp_path: Path) -> None:
    path = tmp_path / "u.ods"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("meta.xml", '<office:document-meta><office:meta><meta:creation-date>'
                    "2021-05-01T08:00:00</meta:creation-date><dc:date>2021-05-21T09:30:00.25"
                    "</dc:date></office:meta></office:document-meta>")
    os.utime(path, (1_000_000_000, 1_000_000_000))
    assert saved_time(path) == pytest.approx(1621589400.25)
