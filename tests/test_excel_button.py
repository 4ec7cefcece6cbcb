"""The unit template's button variant under the "Kiểm tra" button: what it ships, round trips, print."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.test_excel import (
    FIXES,
    INFO,
    LIST,
    NOTE_FUNCS,
    _expected_results,
    _info_results,
    _result_col,
    _results,
    _run,
    _validate,
)
from tests.unitfiles import clean_info, collective, person
from tests.xlwings_payload import ExcelState, actions, book_from_payload, payload_from_file
from thidua_xl import excel
from thidua_xl.campaign import Campaign, load_campaign
from thidua_xl.outputs.template.workbook import write_unit_workbook
from thidua_xl.read import contract

pytestmark = pytest.mark.filterwarnings("ignore:Print area cannot be set:UserWarning")
FORMAT_FUNCS = {"setWrapText", "setColumnWidth", "addSheet"}
LIST_PRINT_TITLE = "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"


@pytest.fixture(scope="module")
def campaign() -> Campaign:
    return load_campaign()


def _faulty_data(campaign: Campaign) -> dict[str, Any]:
    """Errors on both sheets: a blank letter number, a bad birth year, a blank award."""
    return {"info": clean_info(campaign, letter_no=None),
            "rows": [person(campaign, birth_year="năm tám bảy"), collective(campaign, award=None)]}


@pytest.fixture(scope="module")
def button(tmp_path_factory: pytest.TempPathFactory, campaign: Campaign) -> Path:
    path = tmp_path_factory.mktemp("nut") / "don_vi_co_nut.xlsm"
    return write_unit_workbook(campaign, path, with_button=True, **_faulty_data(campaign))


@pytest.fixture(scope="module")
def plain_first(tmp_path_factory: pytest.TempPathFactory, campaign: Campaign) -> ExcelState:
    """The same data in the plain workbook after one click: every format the button then sets."""
    path = tmp_path_factory.mktemp("tron") / "don_vi.xlsx"
    _book, state = _run(excel.kiem_tra, payload_from_file(
        write_unit_workbook(campaign, path, **_faulty_data(campaign))))
    return state


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory, campaign: Campaign) -> Path:
    """500 nominee rows, every fifth with a bad birth year, and a blank letter number."""
    rows = [person(campaign, stt=i + 1, name=f"Nguyễn Văn Số {i + 1}",
                   birth_year="sai" if i % 5 == 0 else 1980 + i % 20) for i in range(500)]
    path = tmp_path_factory.mktemp("big") / "don_vi_500.xlsm"
    return write_unit_workbook(campaign, path, with_button=True,
                               info=clean_info(campaign, letter_no=None), rows=rows)


def _funcs(book: Any) -> list[str]:
    return [a["func"] for a in actions(book)]


def _styled(ws: Any, row: int, col: int) -> Any:
    """What carries a cell's style in the file: the cell if written, else its column's format."""
    cell = ws._cells.get((row, col))
    if cell is not None:
        return cell
    return next(d for d in ws.column_dimensions.values() if d.min <= col <= d.max)


def _width(ws: Any, letter: str) -> float:
    """A column's stored width, from the <col> range covering it."""
    col = openpyxl.utils.column_index_from_string(letter)
    return next(d.width for d in ws.column_dimensions.values() if d.min <= col <= d.max)


def test_500_rows_with_list_and_info_errors_cost_the_same_few_calls_on_every_click(
        big: Path, campaign: Campaign, tmp_path: Path) -> None:
    book, state = _run(excel.kiem_tra, payload_from_file(big))
    again, state2 = _run(excel.kiem_tra, state.to_payload())
    first, second = _funcs(book), _funcs(again)
    print(f"\nbutton template, 500 rows/100 list + 1 info findings: first click {len(first)} "
          f"calls {first}; again {len(second)} calls {second}")
    assert len(first) <= 10 and len(second) <= 10
    assert first == second
    assert not (FORMAT_FUNCS | NOTE_FUNCS) & set(first)
    found = _validate(big, tmp_path)
    results = _results(state2, campaign)
    assert results.pop(1) == contract.RESULT_LABEL
    assert set(results) == set(_expected_results(found, LIST)) and len(results) == 100
    assert set(_info_results(state2)) == set(_expected_results(found, INFO)) != set()


def test_the_template_ships_every_column_width_the_first_click_sets(
        button: Path, plain_first: ExcelState) -> None:
    wb = openpyxl.load_workbook(button)
    assert {sheet for sheet, _col in plain_first.widths} == {LIST, INFO, FIXES}
    for (sheet, letter), width in plain_first.widths.items():
        assert _width(wb[sheet], letter) == pytest.approx(width, abs=1), (sheet, letter)


def test_the_template_ships_wrapped_unlocked_cells_where_the_first_click_wraps(
        button: Path, plain_first: ExcelState) -> None:
    wb = openpyxl.load_workbook(button)
    wrapped = [(sheet, cell) for (sheet, cell), fmt in plain_first.formats.items()
               if fmt.get("wrap") is True]
    assert {sheet for sheet, _cell in wrapped} == {LIST, INFO}
    for sheet, cell in wrapped:
        row, col = openpyxl.utils.cell.coordinate_to_tuple(cell)
        styled = _styled(wb[sheet], row, col)
        assert styled.alignment.wrap_text, (sheet, cell)
        assert row == 1 or not styled.protection.locked, (sheet, cell)


def test_the_template_ships_the_fixes_sheet_header_the_first_click_writes(
        button: Path, plain_first: ExcelState) -> None:
    ws = openpyxl.load_workbook(button)[FIXES]
    header = plain_first.values(FIXES)[1]
    shipped = [[c.value for c in row] for row in ws.iter_rows()]
    assert shipped == [[None] * len(header), header]
    fills = {cell: colour for (sheet, cell), colour in plain_first.fills.items()
             if sheet == FIXES and cell.endswith("2") and len(cell) == 2}
    assert len(fills) == len(header)
    assert {c: ws[c].fill.fgColor.rgb[-6:].lower() for c in fills} == \
        {c: colour.lstrip("#").lower() for c, colour in fills.items()}
    assert not ws.protection.sheet


def test_the_result_header_looks_like_the_other_headers(button: Path, campaign: Campaign) -> None:
    ws = openpyxl.load_workbook(button)[LIST]
    col = _result_col(campaign) + 1
    ours, theirs = ws.cell(1, col), ws.cell(1, col - 1)
    assert ours.value == contract.RESULT_LABEL
    assert ours.style_id == theirs.style_id and ours.fill.fgColor.rgb.endswith("DDEBF7")


def _defined(path: Path, name: str) -> list[str]:
    """What a defined name refers to, read from the package (openpyxl drops whole-column areas)."""
    with zipfile.ZipFile(path) as zf:
        names = zf.read("xl/workbook.xml").decode("utf-8")
    return re.findall(rf'<definedName name="{re.escape(name)}"[^>]*>([^<]*)<', names)


@pytest.mark.parametrize(("with_button", "printed"), [(True, "template"), (False, None)])
def test_only_the_button_template_stops_printing_at_the_template_columns(
        campaign: Campaign, tmp_path: Path, with_button: bool, printed: str | None) -> None:
    path = write_unit_workbook(campaign, tmp_path / ("a.xlsm" if with_button else "a.xlsx"),
                               with_button=with_button)
    last = contract.column_letter(len(contract.list_columns(campaign)) - 1)
    assert _defined(path, "_xlnm.Print_Area") == ([f"'{LIST}'!$A:${last}"] if printed else [])
    assert f"'{LIST}'!$1:$1" in _defined(path, "_xlnm.Print_Titles")


def test_clearing_keeps_the_shipped_header_and_the_next_click_formats_nothing(
        button: Path, campaign: Campaign) -> None:
    _b, first = _run(excel.kiem_tra, payload_from_file(button))
    _b, cleared = _run(excel.xoa_danh_dau, first.to_payload())
    book, again = _run(excel.kiem_tra, cleared.to_payload())
    assert _results(cleared, campaign) == {1: contract.RESULT_LABEL}
    assert not _info_results(cleared)
    assert not FORMAT_FUNCS & set(_funcs(book))
    assert _results(again, campaign) == _results(first, campaign)
    assert _info_results(again) == _info_results(first)


def test_a_clean_button_workbook_keeps_its_header_and_writes_only_the_fixes_sheet(
        campaign: Campaign, tmp_path: Path) -> None:
    path = write_unit_workbook(campaign, tmp_path / "sach.xlsm", with_button=True,
                               info=clean_info(campaign), rows=[person(campaign)])
    book, state = _run(excel.kiem_tra, payload_from_file(path))
    names = [s.name for s in book.sheets]
    touched = {names[a["sheet_position"]] for a in actions(book) if a["sheet_position"] is not None}
    assert touched == {FIXES}
    assert _results(state, campaign) == {1: contract.RESULT_LABEL}
    assert state.alerts[0].startswith("Kiểm tra xong: không có lỗi")


def test_the_button_template_leaves_unlocked_every_cell_the_check_writes(button: Path) -> None:
    wb = openpyxl.load_workbook(button)
    book, _state = _run(excel.kiem_tra, payload_from_file(button))
    names = [s.name for s in book.sheets]
    written = {(names[a["sheet_position"]], a["start_row"] + r + 1, a["start_column"] + c + 1)
               for a in actions(book) if a["func"] == "setValues"
               for r in range(a["row_count"]) for c in range(a["column_count"])}
    protected = {(s, r, c) for s, r, c in written if s in (LIST, INFO)}
    assert {s for s, _r, _c in protected} == {LIST, INFO}
    assert all(wb[s].protection.sheet for s in (LIST, INFO))
    assert not [cell for cell in protected if _styled(wb[cell[0]], *cell[1:]).protection.locked]


def _copy_in(ws: Any, rows: list[list[object]], columns: range | None = None) -> None:
    """Values the button wrote, into an openpyxl sheet; text stays text."""
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value != "" and (columns is None or c in columns):
                cell = ws.cell(r, c, value)
                if isinstance(value, str):
                    cell.data_type = "s"


def test_validate_ignores_the_results_and_the_fixes_list_saved_into_the_workbook(
        button: Path, campaign: Campaign, tmp_path: Path) -> None:
    _b, marked = _run(excel.kiem_tra, payload_from_file(button))
    clean, saved = tmp_path / "chua_kiem_tra.xlsx", tmp_path / "da_kiem_tra.xlsx"
    openpyxl.load_workbook(button).save(clean)
    wb = openpyxl.load_workbook(button)
    result = _result_col(campaign) + 1
    _copy_in(wb[LIST], marked.values(LIST), range(result, result + 1))
    _copy_in(wb[INFO], marked.values(INFO), range(3, 4))
    _copy_in(wb[FIXES], marked.values(FIXES))
    wb.save(saved)
    back = openpyxl.load_workbook(saved)
    assert back[FIXES].max_row > 2 and back[INFO]["C2"].value
    assert str(back[LIST].cell(2, result).value).startswith(f"{contract.column_letter(4)}2: ")
    found = {(f["code"], f["sheet"], f["cell"]) for f in _validate(saved, tmp_path)}
    assert found == {(f["code"], f["sheet"], f["cell"]) for f in _validate(clean, tmp_path)}
    assert found and "unknown-column" not in {code for code, _s, _c in found}


def test_the_payload_of_the_button_template_sees_the_stamp(button: Path) -> None:
    from thidua_xl.excel.results import results_ready
    from thidua_xl.excel.unit import read_unit

    sheets = read_unit(book_from_payload(payload_from_file(button), caller=False)).sheets
    assert results_ready(sheets)
    assert not results_ready({k: v for k, v in sheets.items() if k != contract.SHEET_STAMP})


def _pages(pdf: Path) -> list[str]:
    """Text of each page."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


@pytest.mark.libreoffice
def test_libreoffice_opens_the_button_workbook_and_prints_the_list_without_results(
        button: Path, tmp_path: Path) -> None:
    profile = f"-env:UserInstallation=file://{tmp_path}/lo"
    subprocess.run(["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(button)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / f"{button.stem}.pdf"
    pages = _pages(pdf)
    listed = [p for p in pages if LIST_PRINT_TITLE in p]
    assert len(listed) == 1 and "Nguyễn Thị Hồng Nhung" in listed[0]
    assert not [p for p in pages if contract.RESULT_LABEL in p]
    fixes = [i + 1 for i, p in enumerate(pages) if re.search(r"STT\s+Mức\s+Mã", p)]
    assert len(fixes) == 1 and "Nội dung" in pages[fixes[0] - 1]
    info = subprocess.run(["pdfinfo", "-f", str(fixes[0]), "-l", str(fixes[0]), str(pdf)],
                          check=True, capture_output=True, text=True).stdout
    width, height = map(float, re.search(r"size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert width > height
