"""Marked copies: fills, notes, the list of fixes with links, text kept as text, source untouched."""

from __future__ import annotations

import importlib.resources
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from thidua_xl.findings import Finding, Severity, finding
from thidua_xl.outputs.annotate import annotate_copy, annotated_target
from thidua_xl.outputs.files import sha256

LIST = "Danh sách đề nghị"
INFO = "Thông tin đơn vị"
FIXES = "Lỗi cần sửa"
RED, YELLOW, BLUE = "FFC7CE", "FFEB9C", "DDEBF7"


@pytest.fixture
def unit_book(tmp_path: Path) -> Path:
    """A tiny unit workbook: a list sheet, an info sheet with a merged cell and a clerk's note."""
    path = tmp_path / "src" / "phong-van-hoa.xlsx"
    path.parent.mkdir()
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(LIST)
    ws.write_row(0, 0, ["STT", "Họ và tên / Tên tập thể", "Năm sinh", "Hình thức khen thưởng"])
    ws.write_row(1, 0, [1, "Nguyễn Thị Hồng Nhung", 1985, "Giấy khen"])
    ws.write_row(2, 0, [2, "Hoàng Văn Bình", "", "Bằng khen"])
    ws.write_comment("D2", "Đã hỏi lại chị Nhung", {"author": "Văn thư"})
    header = wb.add_format({"bold": True, "bg_color": "#" + BLUE, "pattern": 1})
    ws.write("B1", "Họ và tên / Tên tập thể", header)
    ws.write_comment("B1", "Ghi đầy đủ họ tên có dấu", {"author": "thidua_xl"})
    info = wb.add_worksheet(INFO)
    info.write("A2", "Đơn vị đề nghị")
    info.merge_range("B2:D2", "Phòng Văn hóa")
    wb.close()
    return path


def _f(code: str, severity: Severity, sheet: str = LIST, cell: str = "", msg: str = "x",
       value: str = "") -> Finding:
    """A finding at a cell of the list sheet, row taken from the address."""
    row = int("".join(ch for ch in cell if ch.isdigit()) or 0) or None
    return finding(code, msg, severity, sheet=sheet, cell=cell, row=row,
                   column="".join(ch for ch in cell if ch.isalpha()), value=value)


def _rgb(cell: openpyxl.cell.cell.Cell) -> str | None:
    """A cell's solid fill colour without alpha, None when unfilled."""
    if cell.fill.fill_type != "solid":
        return None
    return str(cell.fill.fgColor.rgb)[-6:]


def _marks(wb: openpyxl.Workbook) -> set[tuple[str, str, str | None, str | None]]:
    """Every note and fill on the unit's own sheets."""
    return {(ws.title, c.coordinate, c.comment.text if c.comment else None, _rgb(c))
            for ws in wb.worksheets if ws.title != FIXES
            for r in ws.iter_rows() for c in r if c.comment or _rgb(c)}


@pytest.mark.parametrize(
    ("severities", "colour"),
    [
        ((Severity.ERROR,), RED),
        ((Severity.WARNING,), YELLOW),
        ((Severity.INFO,), BLUE),
        ((Severity.INFO, Severity.WARNING), YELLOW),
        ((Severity.WARNING, Severity.ERROR, Severity.INFO), RED),
    ],
)
def test_cell_is_filled_by_its_worst_severity(unit_book, tmp_path, severities, colour):
    findings = [_f("missing-value", s, cell="C3", msg=f"m{i}") for i, s in enumerate(severities)]
    out = annotate_copy(unit_book, findings, tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(out)[LIST]
    assert _rgb(ws["C3"]) == colour
    assert _rgb(ws["B3"]) is None


def test_one_note_per_cell_carries_every_message(unit_book, tmp_path):
    findings = [
        _f("missing-value", Severity.ERROR, cell="C3", msg="Ông Hoàng Văn Bình: thiếu năm sinh"),
        _f("formula-cell", Severity.WARNING, cell="C3", msg="Ô C3 chứa công thức"),
        _f("missing-value", Severity.ERROR, cell="C3", msg="Ông Hoàng Văn Bình: thiếu năm sinh"),
    ]
    out = annotate_copy(unit_book, findings, tmp_path / "out.xlsx")
    note = openpyxl.load_workbook(out)[LIST]["C3"].comment
    assert note is not None and note.author == "thidua_xl"
    assert note.text.count("thiếu năm sinh") == 1
    assert "Ô C3 chứa công thức" in note.text
    assert note.text.index("Lỗi") < note.text.index("Cảnh báo")


def test_clerk_note_is_kept_under_ours_and_restored_when_cell_is_fixed(unit_book, tmp_path):
    first = annotate_copy(unit_book, [_f("invalid-choice", Severity.ERROR, cell="D2",
                                         msg="Hình thức không có")], tmp_path / "a.xlsx")
    note = openpyxl.load_workbook(first)[LIST]["D2"].comment
    assert "Hình thức không có" in note.text and "Đã hỏi lại chị Nhung" in note.text
    second = annotate_copy(first, [], tmp_path / "b.xlsx")
    restored = openpyxl.load_workbook(second)[LIST]["D2"].comment
    assert (restored.text, restored.author) == ("Đã hỏi lại chị Nhung", "Văn thư")
    assert _rgb(openpyxl.load_workbook(second)[LIST]["D2"]) is None


def test_template_notes_and_fills_survive_marking_and_come_back_after(unit_book, tmp_path):
    first = annotate_copy(unit_book, [_f("unknown-column", Severity.WARNING, cell="B1", msg="cột lạ")],
                          tmp_path / "a.xlsx")
    marked = openpyxl.load_workbook(first)[LIST]["B1"]
    assert _rgb(marked) == YELLOW
    assert "cột lạ" in marked.comment.text and "Ghi đầy đủ họ tên có dấu" in marked.comment.text
    untouched = openpyxl.load_workbook(annotate_copy(unit_book, [], tmp_path / "u.xlsx"))[LIST]["B1"]
    assert untouched.comment.text == "Ghi đầy đủ họ tên có dấu" and _rgb(untouched) == BLUE
    again = openpyxl.load_workbook(annotate_copy(first, [], tmp_path / "b.xlsx"))
    cell = again[LIST]["B1"]
    assert (cell.comment.text, cell.comment.author) == ("Ghi đầy đủ họ tên có dấu", "thidua_xl")
    assert _rgb(cell) == BLUE
    assert again.sheetnames == [FIXES, LIST, INFO]


def test_reannotating_a_marked_copy_replaces_marks_instead_of_stacking(unit_book, tmp_path):
    first = annotate_copy(unit_book, [_f("missing-value", Severity.ERROR, cell="C3", msg="cũ"),
                                      _f("invalid-number", Severity.ERROR, cell="B2", msg="cũ")],
                          tmp_path / "a.xlsx")
    second = annotate_copy(first, [_f("missing-value", Severity.WARNING, cell="C3", msg="mới")],
                           tmp_path / "b.xlsx")
    wb = openpyxl.load_workbook(second)
    assert wb.sheetnames.count(FIXES) == 1
    assert wb[LIST]["C3"].comment.text.splitlines()[1:] == ["Cảnh báo: mới"]
    assert _rgb(wb[LIST]["C3"]) == YELLOW
    assert wb[LIST]["B2"].comment is None and _rgb(wb[LIST]["B2"]) is None
    assert [r[6] for r in wb[FIXES].iter_rows(min_row=2, values_only=True)] == ["mới"]


def test_fixes_sheet_comes_first_is_active_and_alone_selected(unit_book, tmp_path):
    out = annotate_copy(unit_book, [_f("missing-value", Severity.ERROR, cell="C3")],
                        tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [FIXES, LIST, INFO]
    assert wb.active.title == FIXES
    assert [ws.sheet_view.tabSelected for ws in wb.worksheets] == [True, False, False]


@pytest.mark.parametrize(
    ("found", "link"),
    [
        (_f("missing-value", Severity.ERROR, cell="C3"), f"'{LIST}'!C3"),
        (_f("missing-value", Severity.ERROR, cell="$c$3"), f"'{LIST}'!C3"),
        (_f("missing-value", Severity.ERROR, sheet=INFO, cell="C2"), f"'{INFO}'!B2"),
        (_f("template-mismatch", Severity.ERROR, sheet=""), None),
        (_f("missing-value", Severity.ERROR, sheet="Trang đã xóa", cell="A1"), None),
        (_f("missing-value", Severity.ERROR, cell="not a cell"), None),
    ],
)
def test_each_finding_is_listed_with_a_link_to_its_cell(unit_book, tmp_path, found, link):
    out = annotate_copy(unit_book, [found], tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(out)[FIXES]
    row = [c for c in ws[2]]
    assert [c.value for c in row[:3]] == [1, found.severity.label, found.code]
    assert (row[4].hyperlink.location if row[4].hyperlink else None) == link
    assert ws.max_row == 2


def test_finding_on_a_missing_sheet_marks_nothing(unit_book, tmp_path):
    out = annotate_copy(unit_book, [_f("missing-value", Severity.ERROR, sheet="Khác", cell="C3")],
                        tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [FIXES, LIST, INFO]
    assert _marks(wb) == _marks(openpyxl.load_workbook(unit_book))
    assert wb[FIXES]["D2"].value == "Khác"


def test_merged_cell_is_marked_on_the_cell_that_shows_it(unit_book, tmp_path):
    out = annotate_copy(unit_book, [_f("invalid-choice", Severity.ERROR, sheet=INFO, cell="C2")],
                        tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(out)[INFO]
    assert _rgb(ws["B2"]) == RED and ws["B2"].comment is not None


def test_list_is_in_stable_order_numbered_from_one(unit_book, tmp_path):
    findings = [
        _f("missing-value", Severity.ERROR, cell="C3", msg="b"),
        _f("legacy-encoding", Severity.WARNING, sheet=INFO, cell="B2", msg="c"),
        _f("invalid-choice", Severity.ERROR, cell="D2", msg="a"),
        _f("template-mismatch", Severity.ERROR, sheet="", msg="d"),
    ]
    out = annotate_copy(unit_book, findings, tmp_path / "out.xlsx")
    rows = list(openpyxl.load_workbook(out)[FIXES].iter_rows(min_row=2, values_only=True))
    expected = sorted(findings, key=lambda f: f.sort_key)
    assert [r[0] for r in rows] == [1, 2, 3, 4]
    assert [r[6] for r in rows] == [f.message for f in expected]


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil.example","bấm")', "+1", "-2+3", "@SUM(A1)", "=1/0", "Bình thường"],
)
def test_unit_text_is_written_as_text_never_as_formula(unit_book, tmp_path, text):
    found = _f("invalid-number", Severity.ERROR, cell="C3", msg=text, value=text)
    out = annotate_copy(unit_book, [found], tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(out)[FIXES]
    assert [(ws[c].value, ws[c].data_type) for c in ("F2", "G2")] == [(text, "s"), (text, "s")]
    values = CalamineWorkbook.from_path(str(out)).get_sheet_by_name(FIXES).to_python()
    assert values[1][5] == text and values[1][6] == text


def test_control_characters_from_the_unit_do_not_break_the_file(unit_book, tmp_path):
    found = _f("invalid-choice", Severity.ERROR, cell="C3", msg="Giá\x0btrị", value="A\x01B")
    out = annotate_copy(unit_book, [found], tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(out)
    assert (ws[FIXES]["F2"].value, ws[FIXES]["G2"].value) == ("AB", "Giátrị")
    assert ws[LIST]["C3"].comment.text.splitlines()[1:] == ["Lỗi: Giátrị"]


def test_fixes_sheet_is_readable_filterable_and_frozen(unit_book, tmp_path):
    out = annotate_copy(unit_book, [_f("missing-value", Severity.ERROR, cell="C3"),
                                    _f("legacy-encoding", Severity.WARNING, cell="B2")],
                        tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(out)[FIXES]
    header = [c.value for c in ws[1]]
    assert header == ["STT", "Mức", "Mã", "Sheet", "Ô", "Giá trị", "Nội dung"]
    assert all(c.font.b for c in ws[1])
    assert {c.font.name for r in ws.iter_rows() for c in r} == {"Times New Roman"}
    assert ws.auto_filter.ref == "A1:G3"
    assert ws.freeze_panes == "A2"
    assert ws["G2"].alignment.wrap_text
    assert ws.column_dimensions["G"].width > ws.column_dimensions["A"].width


def test_no_findings_still_gives_a_list_that_says_so(unit_book, tmp_path):
    out = annotate_copy(unit_book, [], tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(out)[FIXES]
    assert "Không có lỗi" in ws["A2"].value


@pytest.mark.parametrize("suffix", [".xls", ".ods", ".csv"])
def test_formats_openpyxl_cannot_save_get_a_list_only_workbook(tmp_path, suffix):
    source = tmp_path / f"don-vi{suffix}"
    source.write_bytes(b"\xd0\xcf\x11\xe0 not really read")
    before = sha256(source)
    out = annotate_copy(source, [_f("missing-value", Severity.ERROR, cell="C3", msg="thiếu")],
                        tmp_path / "out" / f"don-vi{suffix}")
    assert out.suffix == ".xlsx" and sha256(source) == before
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [FIXES]
    assert suffix in wb[FIXES]["A1"].value and "không đánh dấu" in wb[FIXES]["A1"].value
    assert wb[FIXES]["G3"].value == "thiếu" and wb[FIXES]["E3"].hyperlink is None
    assert wb[FIXES].freeze_panes == "A3"


def test_broken_workbook_gets_a_list_only_copy_not_a_crash(tmp_path):
    source = tmp_path / "hong.xlsx"
    source.write_bytes(b"PK\x03\x04 truncated")
    out = annotate_copy(source, [_f("unreadable-file", Severity.ERROR)], tmp_path / "o" / "h.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [FIXES] and "không mở được" in wb[FIXES]["A1"].value


def test_source_is_never_modified(unit_book, tmp_path):
    before = sha256(unit_book)
    findings = [_f(c, s, cell="C3") for c, s in
                [("missing-value", Severity.ERROR), ("formula-cell", Severity.WARNING)]]
    annotate_copy(unit_book, findings, tmp_path / "out.xlsx")
    assert sha256(unit_book) == before
    with pytest.raises(ValueError):
        annotate_copy(unit_book, findings, unit_book)
    assert sha256(unit_book) == before


def test_list_only_copy_never_lands_on_the_source(tmp_path):
    source = tmp_path / "hong.xlsx"
    source.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(ValueError):
        annotate_copy(source, [], tmp_path / "hong.xls")
    assert source.read_bytes() == b"PK\x03\x04 truncated"


def test_same_input_gives_same_bytes_and_leaves_no_temporary_files(unit_book, tmp_path):
    findings = [_f("missing-value", Severity.ERROR, cell="C3"),
                _f("legacy-encoding", Severity.WARNING, sheet=INFO, cell="B2")]
    a = annotate_copy(unit_book, findings, tmp_path / "a" / "out.xlsx")
    b = annotate_copy(unit_book, list(reversed(findings)), tmp_path / "b" / "out.xlsx")
    assert a.read_bytes() == b.read_bytes()
    assert sorted(p.name for p in a.parent.iterdir()) == ["out.xlsx"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a.xlsx", "a_danh_dau.xlsx"), ("b.XLSM", "b_danh_dau.XLSM"), ("c.xls", "c_danh_dau.xlsx"),
     ("d.ods", "d_danh_dau.xlsx")],
)
def test_annotated_target_keeps_a_savable_suffix(tmp_path, name, expected):
    assert annotated_target(Path(name), tmp_path) == tmp_path / expected


def _real_xlsm(tmp_path: Path) -> Path:
    """A real macro workbook shipped by the installed xlwings (used in place, never committed)."""
    try:
        packaged = importlib.resources.files("xlwings") / "quickstart.xlsm"
    except ModuleNotFoundError:
        pytest.skip("xlwings is not installed: no real vbaProject.bin to test with")
    if not packaged.is_file():
        pytest.skip("xlwings ships no quickstart.xlsm in this version")
    target = tmp_path / "macro.xlsm"
    shutil.copyfile(str(packaged), target)
    return target


def test_xlsm_copy_keeps_its_vba_project(tmp_path):
    source = _real_xlsm(tmp_path)
    before = sha256(source)
    sheet = openpyxl.load_workbook(source).sheetnames[0]
    out = annotate_copy(source, [_f("missing-value", Severity.ERROR, sheet=sheet, cell="B2")],
                        tmp_path / "out" / "macro.xlsm")
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out) as dst:
        assert dst.read("xl/vbaProject.bin") == src.read("xl/vbaProject.bin")
        assert "macroEnabled" in dst.read("[Content_Types].xml").decode()
        assert len(dst.namelist()) == len(set(dst.namelist()))
    assert sha256(source) == before
    assert openpyxl.load_workbook(out, keep_vba=True)[sheet]["B2"].comment is not None


def _soffice(tmp_path: Path, *args: str) -> None:
    """Run LibreOffice headless with a private profile so parallel runs do not collide."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", *args],
                   check=True, capture_output=True, timeout=120)


@pytest.mark.libreoffice
def test_marked_copy_opens_in_libreoffice_and_prints_the_fixes_first(unit_book, tmp_path):
    message = "Bà Nguyễn Thị Hồng Nhung: chưa đạt tiêu chuẩn TCN2"
    out = annotate_copy(unit_book, [_f("criteria-not-met", Severity.ERROR, cell="B2", msg=message)],
                        tmp_path / "out" / "marked.xlsx")
    _soffice(tmp_path, "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(out))
    pdf = tmp_path / "pdf" / "marked.pdf"
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "Nội dung" in text and "Nguyễn Thị Hồng Nhung" in text


@pytest.mark.libreoffice
def test_ods_from_libreoffice_gets_a_list_only_copy(unit_book, tmp_path):
    _soffice(tmp_path, "--convert-to", "ods", "--outdir", str(tmp_path / "ods"), str(unit_book))
    source = tmp_path / "ods" / "phong-van-hoa.ods"
    before = sha256(source)
    out = annotate_copy(source, [_f("missing-value", Severity.ERROR, cell="C3", msg="thiếu")],
                        annotated_target(source, tmp_path / "out"))
    assert sha256(source) == before
    assert openpyxl.load_workbook(out).sheetnames == [FIXES]
