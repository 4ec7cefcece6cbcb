"""The Office workbook (.xlsm): buttons bound to exported Subs, no VBA part, macros run on its sheets."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import xlwings
from python_calamine import CalamineWorkbook

from tests.xlwings_payload import (
    ExcelState,
    actions,
    book_from_payload,
    ensure_remote_engine,
    payload_from_file,
)
from thidua_xl import excel
from thidua_xl.campaign import load_campaign
from thidua_xl.outputs.office.workbook import write_office_workbook

ensure_remote_engine()
ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "templates" / "thidua_van_phong.xlsm"
DEMO = ROOT / "workbooks" / "demo"
CONTROL = "Điều khiển"
CAPTIONS = {"Kiểm tra hồ sơ", "Tổng hợp", "Kiểm tra chỉ tiêu", "Lập danh sách & văn bản",
            "Ghi nhận Hội đồng", "In giấy khen", "Xóa đánh dấu"}
RESULT_SHEETS = ("Tổng hợp", "Chỉ tiêu", "Lỗi", "Đơn vị", "Danh sách trình Giám đốc")


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_office_workbook(load_campaign(), tmp_path_factory.mktemp("office"))


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _buttons(path: Path) -> list[tuple[str, str]]:
    """(macro, caption) of every form button, read from the VML drawing parts."""
    found = []
    for name, data in _parts(path).items():
        if name.startswith("xl/drawings/vmlDrawing"):
            text = data.decode("utf-8")
            for shape in re.findall(r"<v:shape .*?</v:shape>", text, re.S):
                macro = re.search(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", shape)
                caption = re.search(r"<font[^>]*>(.*?)</font>", shape)
                if macro and caption:
                    found.append((macro.group(1), caption.group(1).replace("&amp;", "&")))
    return found


def exported_subs() -> set[str]:
    """Functions of thidua_xl/excel/__init__.py decorated with @xw.script, read from the source."""
    tree = ast.parse((ROOT / "thidua_xl" / "excel" / "__init__.py").read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)
            and any(ast.unparse(d) == "xw.script" for d in node.decorator_list)}


def test_every_button_names_a_sub_the_macro_module_exports(office: Path) -> None:
    buttons = _buttons(office)
    assert {caption for _m, caption in buttons} == CAPTIONS
    assert {m for m, _c in buttons} <= exported_subs()
    assert all(callable(getattr(excel, m)) for m, _c in buttons)


def test_macos_bas_defines_one_runpython_sub_per_exported_sub(office: Path) -> None:
    text = (office.parent / "thidua_macos.bas").read_text(encoding="utf-8")
    subs = dict(re.findall(r"Sub (\w+)\(\)\s+RunPython \"import thidua_xl\.excel as m; m\.(\w+)\(\)\"",
                           text))
    assert set(subs) == exported_subs()
    assert all(name == called for name, called in subs.items())


def test_workbook_is_macro_enabled_and_carries_no_vba(office: Path) -> None:
    parts = _parts(office)
    types = parts["[Content_Types].xml"].decode()
    assert 'PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled' \
           '.main+xml"' in types
    assert not [n for n in parts if "vbaProject" in n]


def test_conf_sheet_sets_a_key_the_xlwings_addin_reads(office: Path) -> None:
    book = CalamineWorkbook.from_path(str(office))
    meta = {m.name: m for m in book.sheets_metadata}
    rows = book.get_sheet_by_name("xlwings.conf").to_python()
    conf = {str(r[0]).upper(): r[1] for r in rows}
    addin = Path(xlwings.__file__).parent / "addin"
    read_keys = set(re.findall(r'GetConfig\("([A-Z _]+)"', "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in addin.glob("*.bas"))))
    assert set(conf) <= read_keys
    assert conf["UDF MODULES"] == excel.__name__
    assert "visible" not in str(meta["xlwings.conf"].visible).lower().split(".")[-1]


def test_result_sheets_carry_the_consolidated_workbooks_headers(office: Path, cli_out: Path) -> None:
    ours = CalamineWorkbook.from_path(str(office))
    theirs = CalamineWorkbook.from_path(str(cli_out / "tong_hop.xlsx"))
    assert ours.sheet_names[0] == CONTROL
    for name in RESULT_SHEETS:
        head = ours.get_sheet_by_name(name).to_python()
        full = theirs.get_sheet_by_name(name).to_python()
        assert _grid(head[:-1]) == _grid(full[:len(head) - 1])
        assert "Chưa có dữ liệu" in str(head[-1][0])


def test_same_campaign_gives_the_same_bytes(office: Path, tmp_path: Path) -> None:
    again = write_office_workbook(load_campaign(), tmp_path)
    assert again.read_bytes() == office.read_bytes()


def test_committed_workbook_is_up_to_date(office: Path) -> None:
    assert COMMITTED.read_bytes() == office.read_bytes(), "run: thidua office -o workbooks"
    assert (COMMITTED.parent / "thidua_macos.bas").read_bytes() == \
        (office.parent / "thidua_macos.bas").read_bytes()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ho_so")
    for p in sorted(DEMO.glob("*.xlsx")):
        shutil.copy(p, folder / p.name)
    return folder


@pytest.fixture(scope="module")
def cli_out(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `thidua consolidate` writes for the same folder."""
    from thidua_xl.cli import main

    out = tmp_path_factory.mktemp("cli")
    assert main(["consolidate", str(inputs), "-o", str(out), "--no-progress"]) in (0, 1)
    return out


def _with_settings(office: Path, **values: str) -> dict[str, Any]:
    """The Office workbook's payload with control-sheet inputs typed in, by label."""
    payload = payload_from_file(office)
    rows = next(s for s in payload["sheets"] if s["name"] == CONTROL)["values"]
    labels = {"inputs": "Thư mục hồ sơ của các đơn vị", "output": "Thư mục kết quả",
              "ledger": "Sổ khen thưởng (.sqlite)"}
    for key, value in values.items():
        next(r for r in rows if r[0] == labels[key])[1] = value
    return payload


def _click(macro: Any, payload: dict[str, Any]) -> tuple[list[dict[str, Any]], ExcelState]:
    book = book_from_payload(payload)
    macro()
    acts = actions(book)
    return acts, ExcelState(payload).apply(acts)


def _status(state: ExcelState) -> str:
    return str(next(r[1] for r in state.values(CONTROL) if r[0] == "Trạng thái"))


def _norm(value: object) -> object:
    """Compare cells read back from a file with values written through xlwings."""
    if value in ("", None):
        return None
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        return round(value, 9) if not value.is_integer() else int(value)
    return value


def _grid(rows: list[list[object]]) -> list[list[object]]:
    out = [[_norm(v) for v in r] for r in rows]
    while out and all(v is None for v in out[-1]):
        out.pop()
    width = max((max((i + 1 for i, v in enumerate(r) if v is not None), default=0) for r in out),
                default=0)
    return [r[:width] + [None] * (width - len(r)) for r in out]


@pytest.mark.parametrize(("macro", "sheets"), [
    (excel.kiem_tra_ho_so, ("Lỗi", "Đơn vị")),
    (excel.tong_hop, ("Tổng hợp", "Lỗi", "Đơn vị")),
    (excel.kiem_tra_chi_tieu, ("Chỉ tiêu", "Tổng hợp")),
])
def test_office_buttons_fill_sheets_exactly_as_the_cli_workbook(
        office: Path, inputs: Path, cli_out: Path, tmp_path: Path, macro: Any,
        sheets: tuple[str, ...]) -> None:
    acts, state = _click(macro, _with_settings(office, inputs=str(inputs),
                                               output=str(tmp_path / "kq")))
    cli = CalamineWorkbook.from_path(str(cli_out / "tong_hop.xlsx"))
    for name in sheets:
        assert _grid(state.values(name)) == _grid(cli.get_sheet_by_name(name).to_python()), name
    assert _status(state).startswith("Đã ")
    assert not state.alerts
    print(f"\n{macro.__name__}: {len(acts)} Excel calls for {len(sheets)} sheets")


def test_office_buttons_cost_the_same_calls_for_twice_the_files(
        office: Path, inputs: Path, tmp_path: Path) -> None:
    double = tmp_path / "ho_so"
    double.mkdir()
    for p in inputs.glob("*.xlsx"):
        shutil.copy(p, double / p.name)
        shutil.copy(p, double / f"z_{p.name}")
    small, _s = _click(excel.tong_hop, _with_settings(office, inputs=str(inputs),
                                                      output=str(tmp_path / "a")))
    large, _l = _click(excel.tong_hop, _with_settings(office, inputs=str(double),
                                                      output=str(tmp_path / "b")))
    assert [a["func"] for a in large] == [a["func"] for a in small]


def test_lap_danh_sach_writes_the_cli_outputs_and_names_the_folder(
        office: Path, inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "ket_qua"
    _acts, state = _click(excel.lap_danh_sach, _with_settings(office, inputs=str(inputs),
                                                              output=str(out)))
    assert (out / "tong_hop.xlsx").is_file() and (out / "bao_cao.json").is_file()
    assert list((out / "van_ban").iterdir())
    assert str(out) in _status(state)
    assert state.values("Danh sách trình Giám đốc")[0][0] == "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"


def test_a_blank_input_folder_is_a_message_not_a_traceback(office: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _acts, state = _click(excel.tong_hop, _with_settings(office, inputs=""))
    assert _status(state) == "Chưa điền \"Thư mục hồ sơ của các đơn vị\" ở sheet \"Điều khiển\"."
    assert state.alerts == [_status(state)]


def _printable(src: Path, dst: Path) -> Path:
    """A copy whose buttons print, so the PDF shows them (the shipped file keeps them off paper)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.endswith(".vml"):
                data = data.replace(b"<x:PrintObject>False", b"<x:PrintObject>True")
            zout.writestr(info, data)
    return dst


@pytest.mark.libreoffice
def test_libreoffice_opens_the_xlsm_and_shows_the_buttons(office: Path, tmp_path: Path) -> None:
    copy = _printable(office, tmp_path / "render.xlsm")
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(copy)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "render.pdf"
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "2", "-layout", str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout
    assert all(caption in text for caption in CAPTIONS)  # the control sheet: one page wide
    subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", "60", "-png", str(pdf),
                    str(tmp_path / "page")], check=True, timeout=60)
    png = next(tmp_path.glob("page*.png"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _sheet_rules(path: Path) -> dict[str, list[str]]:
    """Per worksheet part: its self-check (conditional formats) and drop-down validations."""
    rules = {}
    for name, data in _parts(path).items():
        if name.startswith("xl/worksheets/sheet"):
            text = data.decode("utf-8")
            rules[name] = re.findall(r"<conditionalFormatting.*?</conditionalFormatting>|"
                                     r"<dataValidations.*?</dataValidations>", text, re.S)
    return rules


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from thidua_xl.cli import main

    out = tmp_path_factory.mktemp("mau")
    assert main(["template", "-o", str(out)]) == 0
    assert main(["template", "-o", str(out), "--with-button"]) == 0
    return next(out.glob("*.xlsx")), next(out.glob("*.xlsm"))


def test_template_with_button_calls_the_units_check_sub(templates: tuple[Path, Path]) -> None:
    _plain, with_button = templates
    assert _buttons(with_button) == [("kiem_tra", "Kiểm tra")]
    assert "kiem_tra" in exported_subs()
    assert "macroEnabled.main+xml" in _parts(with_button)["[Content_Types].xml"].decode()
    assert not [n for n in _parts(with_button) if "vbaProject" in n]


def test_template_with_button_keeps_the_python_free_self_check(
        templates: tuple[Path, Path]) -> None:
    plain, with_button = templates
    ours, theirs = _sheet_rules(with_button), _sheet_rules(plain)
    assert {k: v for k, v in ours.items() if k in theirs} == theirs
    assert sum(map(len, theirs.values())) > 0
    names = re.compile(rb"<definedName .*?</definedName>", re.S)
    ours_names, theirs_names = (set(names.findall(_parts(p)["xl/workbook.xml"]))
                                for p in (with_button, plain))
    assert theirs_names < ours_names
    assert all(b'name="_xlnm.Print_' in n for n in ours_names - theirs_names)


def test_template_with_button_is_checked_like_the_plain_workbook(tmp_path: Path) -> None:
    from tests.unitfiles import clean_info, person
    from thidua_xl.check.file import check_file
    from thidua_xl.outputs.template.workbook import write_unit_workbook

    camp = load_campaign()
    info, rows = clean_info(camp, letter_no=None), [person(camp, birth_year="abc")]
    plain = write_unit_workbook(camp, tmp_path / "a.xlsx", info=info, rows=rows)
    button = write_unit_workbook(camp, tmp_path / "b.xlsm", info=info, rows=rows, with_button=True)
    found = [{(f.code, f.sheet, f.cell) for f in check_file(p, camp).findings}
             for p in (plain, button)]
    assert found[0] == found[1] and found[0]
    _acts, state = _click(excel.kiem_tra, payload_from_file(button))
    assert {(s, c) for s, c in state.fills if s != "Lỗi cần sửa"} == \
        {(s, c) for _code, s, c in found[1] if c}


def test_the_ledger_setting_brings_earlier_awards_into_the_list(
        office: Path, inputs: Path, tmp_path: Path) -> None:
    import openpyxl

    from thidua_xl.cli import main

    past = tmp_path / "da_khen.csv"
    past.write_text("Họ và tên / Tên tập thể,Năm sinh,Giới tính,Đơn vị,Hình thức khen thưởng,"
                    "Số quyết định,Ngày quyết định,Năm\n"
                    "Hoàng Văn Chiến,1972,Nam,Văn phòng Sở,Giấy khen của Giám đốc Sở,"
                    "12/QĐ-STTTT,15/01/2020,2020\n", encoding="utf-8")
    ledger = tmp_path / "so" / "so_khen_thuong.sqlite"
    assert main(["ledger", "import", str(past), "--ledger", str(ledger)]) == 0
    out = tmp_path / "ket_qua"
    _click(excel.lap_danh_sach, _with_settings(office, inputs=str(inputs), output=str(out),
                                               ledger=str(ledger)))
    rows = list(openpyxl.load_workbook(out / "tong_hop.xlsx", read_only=True)["Tổng hợp"]
                .iter_rows(values_only=True))
    column = rows[0].index("Khen thưởng đã có")
    chien = [r for r in rows if "Hoàng Văn Chiến" in r]
    assert chien and "12/QĐ-STTTT" in str(chien[0][column])
    votes = list(openpyxl.load_workbook(out / "phieu_hoi_dong.xlsx", read_only=True)["Kết quả bỏ phiếu"]
                 .iter_rows(values_only=True))
    on_tally = [r for r in votes if "Hoàng Văn Chiến" in r]
    assert on_tally and "đã được khen" in str(on_tally[0][-1]) and "12/QĐ-STTTT" in str(on_tally[0][-1])
