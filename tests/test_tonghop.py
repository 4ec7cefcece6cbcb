"""tong_hop.xlsx read back with openpyxl and LibreOffice: sheets, links, colours, table, chart, safety."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.consolidation_data import CAMPAIGN, nominee, row_error, unit_file
from thidua_xl.consolidate.entries import STATUS_INVALID, STATUS_OVER, STATUS_WITHIN
from thidua_xl.consolidate.merge import consolidate
from thidua_xl.findings import finding
from thidua_xl.outputs.tonghop.workbook import write_tonghop

SHEETS = ["Tổng hợp", "Chỉ tiêu", "Lỗi", "Đơn vị", "Danh sách trình Giám đốc", "Thống kê"]
INJECTIONS = ("=SUM(A1)", "=HYPERLINK(\"http://x.example\",\"bấm\")", "+1+2", "@SUM(1)", "-2+3")


def _cons():
    """Four GK individuals (one over the cap, one invalid), a collective, hostile text."""
    vp = unit_file("VP", [
        nominee("Hà Thị Lan", gender="Nữ", votes=7, summary=INJECTIONS[0]),
        nominee(INJECTIONS[1], votes=6, position=INJECTIONS[2]),
        row_error(nominee("Lê Văn Cường", votes=7)),
    ])
    warn = finding("formula-cell", "Ô chứa công thức", file="CNTT.xlsx", sheet="Danh sách đề nghị",
                   row=3, column="W", cell="W3", value=INJECTIONS[3])
    cntt = unit_file("CNTT", [
        nominee("Phòng Công nghệ thông tin", subject="tap-the", votes=5, work_unit=INJECTIONS[4]),
        nominee("Nông Văn Toàn", votes=5),
        nominee("Ma Văn Dũng", votes=4),
    ], file_findings=[warn])
    return consolidate([vp, cntt], CAMPAIGN)


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "tong_hop.xlsx"
    cons = _cons()
    write_tonghop(cons, out)
    return cons, out, openpyxl.load_workbook(out)


def _column(ws, header, header_row=1):
    heads = [c.value for c in ws[header_row]]
    col = heads.index(header) + 1
    return [ws.cell(r, col) for r in range(header_row + 1, ws.max_row + 1)]


def test_sheets_in_order_with_frozen_headers_and_a4_print_setup(book):
    _cons, _path, wb = book
    assert wb.sheetnames == SHEETS
    for name in SHEETS[:4]:
        ws = wb[name]
        assert ws.freeze_panes == "A2"
        assert ws.page_setup.paperSize == 9
        assert ws.print_title_rows == "$1:$1"
    assert wb["Danh sách trình Giám đốc"].freeze_panes == "A6"


def test_default_font_is_times_new_roman(book):
    _cons, path, _wb = book
    with zipfile.ZipFile(path) as z:
        styles = z.read("xl/styles.xml").decode()
    assert '<name val="Times New Roman"/>' in styles
    assert "Calibri" not in styles


def test_unit_text_that_looks_like_a_formula_stays_text_everywhere(book):
    _cons, _path, wb = book
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} became a formula"
                if cell.value in INJECTIONS:
                    assert cell.data_type == "s"
                    seen.add(cell.value)
    assert seen == set(INJECTIONS)


def test_every_nominee_is_listed_with_provenance_status_and_rate(book):
    cons, _path, wb = book
    ws = wb["Tổng hợp"]
    assert ws.max_row == cons.rows_read + 1
    files = [c.value for c in _column(ws, "Tệp")]
    assert files == ["VP.xlsx"] * 3 + ["CNTT.xlsx"] * 3
    assert [c.value for c in _column(ws, "Dòng")] == [2, 3, 4, 2, 3, 4]
    statuses = [c.value for c in _column(ws, "Tình trạng")]
    assert statuses == [STATUS_WITHIN, STATUS_WITHIN, STATUS_INVALID, STATUS_WITHIN,
                        STATUS_WITHIN, STATUS_OVER]
    rates = _column(ws, "Tỷ lệ đồng ý")
    assert rates[0].value == pytest.approx(1.0) and rates[0].number_format == "0.0%"
    assert [c.value for c in _column(ws, "Số lỗi, cảnh báo")] == [0, 0, 1, 0, 0, 0]


def test_each_row_links_to_its_source_cell_relative_to_the_output(book):
    _cons, _path, wb = book
    cell = _column(wb["Tổng hợp"], "Ô")[4]
    assert cell.value == "C3"
    link = cell.hyperlink
    assert link.target.replace("\\", "/").endswith("CNTT.xlsx")
    assert link.location == "'Danh sách đề nghị'!C3"


@pytest.mark.parametrize("row,colour", [(2, None), (4, "FFC7CE")])
def test_rows_are_coloured_by_their_worst_finding(book, row, colour):
    _cons, _path, wb = book
    fill = wb["Tổng hợp"].cell(row, 8).fill
    assert (fill.fgColor.rgb[-6:] if fill.fill_type else None) == colour


def test_quota_sheet_highlights_caps_exceeded_and_has_a_native_column_chart(book):
    _cons, path, wb = book
    ws = wb["Chỉ tiêu"]
    labels = [c.value for c in _column(ws, "Nhóm chỉ tiêu")][:3]
    assert labels == ["Giấy khen của Giám đốc Sở – Tập thể", "Giấy khen của Giám đốc Sở – Cá nhân",
                      "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh – Tập thể hoặc cá nhân"]
    people = [c.value for c in ws[3]]
    assert people[2:8] == [3, "không quá 03 cá nhân, toàn cơ quan", 4, 3, 1, 1]
    assert ws["A3"].fill.fgColor.rgb[-6:] == "F8CBAD"
    assert ws["A2"].fill.fill_type is None
    with zipfile.ZipFile(path) as z:
        chart = z.read("xl/charts/chart1.xml").decode()
    assert '<c:barDir val="col"/>' in chart
    assert "'Chỉ tiêu'!$E$2:$E$4" in chart and "'Chỉ tiêu'!$C$2:$C$4" in chart


def test_findings_sheet_is_an_excel_table_with_filters(book):
    cons, _path, wb = book
    ws = wb["Lỗi"]
    (table,) = ws.tables.values()
    assert table.ref == f"A1:J{len(cons.findings) + 1}"
    assert table.autoFilter is not None
    assert {c.value for c in _column(ws, "Mã")} == {f.code for f in cons.findings}


def test_units_sheet_lists_every_unit_including_those_that_sent_nothing(book):
    _cons, _path, wb = book
    ws = wb["Đơn vị"]
    assert [c.value for c in _column(ws, "Mã đơn vị")] == [u.code for u in CAMPAIGN.units]
    states = dict(zip([c.value for c in _column(ws, "Mã đơn vị")],
                      [c.value for c in _column(ws, "Tình trạng nộp")], strict=True))
    assert states["VP"] == "Đúng hạn" and states["KHTC"] == "Chưa nộp"


def test_director_list_has_only_within_and_error_free_nominees_grouped_by_award(book):
    _cons, _path, wb = book
    ws = wb["Danh sách trình Giám đốc"]
    col_a = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    col_b = [ws.cell(r, 2).value for r in range(1, ws.max_row + 1)]
    cut = next(i for i, v in enumerate(col_a) if str(v).startswith("CÁC TRƯỜNG HỢP VƯỢT"))
    headings = [v for v in col_a[:cut] if isinstance(v, str)]
    assert headings[:6] == ["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", CAMPAIGN.name,
                            "(TẠM THỜI: xếp theo tỷ lệ phiếu tại từng đơn vị, chờ kết quả bỏ phiếu "
                            f"của {CAMPAIGN.agency.council}; chỉ gồm các trường hợp trong chỉ tiêu "
                            "và không có lỗi)", "STT",
                            "I. Giấy khen của Giám đốc Sở", "1. Tập thể"]
    assert "II. Đề nghị Chủ tịch Ủy ban nhân dân tỉnh Bắc Kạn tặng Bằng khen" in headings
    within = [v for v in col_b[:cut] if v and v != "Không có trường hợp nào."]
    assert within[1:] == ["Phòng Công nghệ thông tin", "Hà Thị Lan", INJECTIONS[1],
                          "Nông Văn Toàn"]
    assert "Ma Văn Dũng" in col_b[cut:] and "Ma Văn Dũng" not in col_b[:cut]
    assert "Lê Văn Cường" not in col_b


@pytest.mark.parametrize("large", [False, True])
def test_same_consolidation_gives_the_same_bytes(tmp_path, large):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_tonghop(_cons(), a, large=large)
    write_tonghop(_cons(), b, large=large)
    assert a.read_bytes() == b.read_bytes()


def test_report_json_is_one_record_per_line_and_parses_back_to_the_same_data(tmp_path):
    import json

    from thidua_xl.outputs.tonghop.report import report_dict, write_report

    cons = _cons()
    text = write_report(cons, tmp_path / "r.json").read_text(encoding="utf-8")
    data = report_dict(cons)
    assert json.loads(text) == data
    assert text.count("\n") > len(data["ranked"]) + len(data["findings"])
    assert data["replaced"] == [] and '"replaced": []' in text


def test_large_mode_streams_rows_and_keeps_filters_and_text_safety(tmp_path):
    path = write_tonghop(_cons(), tmp_path / "lon.xlsx", large=True)
    wb = openpyxl.load_workbook(path)
    ws = wb["Lỗi"]
    assert not ws.tables and ws.auto_filter.ref.startswith("A1:J")
    summary = _column(wb["Tổng hợp"], "Tóm tắt thành tích")[0]
    assert (summary.value, summary.data_type) == (INJECTIONS[0], "s")


@pytest.mark.libreoffice
def test_libreoffice_opens_the_workbook_and_prints_every_sheet(book, tmp_path):
    _cons, path, _wb = book
    soffice = shutil.which("soffice") or "soffice"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "tong_hop.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for needle in ("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", "Số đề nghị hợp lệ so với chỉ tiêu",
                   "Hà Thị Lan", "Chưa nộp", "Không quá 03 cá nhân".lower()):
        assert needle in text
    assert Path(pdf).stat().st_size > 10_000


def _units(folder: Path) -> list[Path]:
    """Three real unit workbooks: two units, one of which sent a corrected file later."""
    from datetime import date

    from tests.unitfiles import clean_info, collective, person, write_unit

    folder.mkdir(parents=True, exist_ok=True)
    vp = clean_info(CAMPAIGN, unit="Văn phòng Sở", letter_no="3/TTr-VP")
    return [
        write_unit(CAMPAIGN, folder / "cntt.xlsx", clean_info(CAMPAIGN), [
            person(CAMPAIGN), collective(CAMPAIGN, stt=2),
            person(CAMPAIGN, stt=3, name="Lò Văn Sáng", gender="Nam", summary="=SUM(A1)")]),
        write_unit(CAMPAIGN, folder / "vp_cu.xlsx", vp, [
            person(CAMPAIGN, name="Hoàng Văn Chiến", gender="Nam", birth_year=1972, votes=5)]),
        write_unit(CAMPAIGN, folder / "vp_moi.xlsx", {**vp, "letter_date": date(2021, 5, 22)}, [
            person(CAMPAIGN, name="Hoàng Văn Chiến", gender="Nam", birth_year=1972, votes=7),
            person(CAMPAIGN, name="Nguyễn Thị Hồng Nhung", summary="Trùng với phòng CNTT.")]),
    ]


def _run(inputs, out, received=None):
    from thidua_xl.cli import main

    extra = ["--received", str(received)] if received else []
    return main(["consolidate", *map(str, inputs), "-o", str(out), "--no-progress", *extra])


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    from thidua_xl.outputs.files import sha256

    root = tmp_path_factory.mktemp("cli")
    files = _units(root / "in")
    before = {p.name: sha256(p) for p in files}
    codes = [_run([root / "in"], root / name) for name in ("out1", "out2")]
    after = {p.name: sha256(p) for p in files}
    return root, codes, before, after


def test_consolidate_command_writes_workbook_report_and_leaves_inputs_untouched(runs):
    import json

    root, codes, before, after = runs
    assert codes == [1, 1]
    assert before == after
    report = json.loads((root / "out1" / "bao_cao.json").read_text(encoding="utf-8"))
    assert report["rows_read"] == 6
    assert report["rows_read"] == report["rows_consolidated"] + report["rows_rejected"]
    assert report["rows_replaced"] == 1
    assert [r["file"].rsplit("/", 1)[-1] for r in report["replaced"]] == ["vp_cu.xlsx"]
    assert {f["code"] for f in report["findings"]} >= {"duplicate-nominee", "resubmission"}
    assert [q["subject"] for q in report["quota"]] == ["tap-the", "ca-nhan", ""]
    assert set(report["quota"][0]) >= {"award", "subject", "limit", "proposed", "within", "over",
                                       "explanation"}
    assert (root / "out1" / "tong_hop.xlsx").is_file()
    docs = sorted(p.name for p in (root / "out1" / "van_ban").iterdir())
    # Chị Nhung works in Phòng CNTT, which proposes her too: the Văn phòng is asked to withdraw.
    assert "danh_sach_de_nghi.docx" in docs and "phieu_bo_sung_vp.docx" in docs
    assert "phieu_bo_sung_cntt.docx" not in docs


def test_two_runs_give_the_same_report_and_workbook_bytes(runs):
    root, *_ = runs
    for name in ("bao_cao.json", "tong_hop.xlsx"):
        assert (root / "out1" / name).read_bytes() == (root / "out2" / name).read_bytes()


def test_report_holds_no_clock_and_no_temporary_output_path(runs):
    root, *_ = runs
    from datetime import date

    text = (root / "out1" / "bao_cao.json").read_text(encoding="utf-8")
    assert "out1" not in text and date.today().isoformat() not in text


@pytest.mark.parametrize("case", ["missing", "unreadable", "clash", "empty"])
def test_unreadable_input_or_usage_error_exits_2(tmp_path, case):
    folder = tmp_path / "in"
    files = _units(folder)[:1]
    out = tmp_path / "out"
    if case == "missing":
        inputs = [*files, tmp_path / "khong_co.xlsx"]
    elif case == "unreadable":
        (folder / "hong.xlsx").write_bytes(b"not a workbook")
        inputs = [folder]
    elif case == "clash":
        out = folder
        (folder / "tong_hop.xlsx").write_bytes(files[0].read_bytes())
        inputs = [folder / "tong_hop.xlsx"]
    else:
        inputs = [tmp_path / "trong"]
        inputs[0].mkdir()
    before = files[0].read_bytes()
    assert _run(inputs, out) == 2
    assert files[0].read_bytes() == before


def test_previous_output_inside_the_input_folder_is_skipped(tmp_path, capsys):
    folder = tmp_path / "in"
    _units(folder)
    assert _run([folder], folder) == 1
    assert _run([folder], folder) == 1
    assert "Bỏ qua" in capsys.readouterr().err
    import json

    report = json.loads((folder / "bao_cao.json").read_text(encoding="utf-8"))
    assert len(report["files"]) == 3


def test_received_register_decides_lateness(tmp_path):
    import json

    folder = tmp_path / "in"
    _units(folder)
    register = tmp_path / "so_nhan.csv"
    register.write_text("Đơn vị,Ngày nhận\nPhòng Công nghệ thông tin,25/05/2021\n",
                        encoding="utf-8")
    assert _run([folder], tmp_path / "out", received=register) == 1
    report = json.loads((tmp_path / "out" / "bao_cao.json").read_text(encoding="utf-8"))
    units = {u["unit"]: u for u in report["units"]}
    assert (units["CNTT"]["state"], units["CNTT"]["received_from"]) == ("Trễ hạn", "sổ nhận hồ sơ")
    assert any(f["code"] == "late-submission" and f["file"].endswith("cntt.xlsx")
               for f in report["findings"])
    bad = tmp_path / "so_hong.csv"
    bad.write_text("Tên,Ngày\n", encoding="utf-8")
    assert _run([folder], tmp_path / "out2", received=bad) == 2
