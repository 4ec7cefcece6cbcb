"""Excel buttons on the real xlwings object model (remote engine): marks, round trips, failures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.unitfiles import GK, clean_info, collective, person, write_unit
from tests.xlwings_payload import (
    ExcelState,
    actions,
    book_from_payload,
    ensure_remote_engine,
    payload_from_file,
)
from thidua_xl import excel
from thidua_xl.campaign import Campaign, load_campaign
from thidua_xl.excel.safe import ClerkError, clerk_safe
from thidua_xl.read import contract

xw = ensure_remote_engine()
LIST, INFO, FIXES = contract.SHEET_LIST, contract.SHEET_INFO, "Lỗi cần sửa"
PINK = "#ffc7ce"
NOTE_FUNCS = {"addNote", "setNoteText", "deleteNote"}


@pytest.fixture(scope="module")
def campaign() -> Campaign:
    return load_campaign()


def _col(campaign: Campaign, key: str) -> str:
    """Column letter of a list field, from the layout contract."""
    return contract.column_letter([f.key for f in contract.list_columns(campaign)].index(key))


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory, campaign: Campaign) -> Path:
    """A unit file with three planted errors: a blank letter number, a bad year, a blank award."""
    path = tmp_path_factory.mktemp("unit") / "don_vi_loi.xlsx"
    return write_unit(campaign, path, clean_info(campaign, letter_no=None),
                      [person(campaign, birth_year="năm tám bảy"), collective(campaign, award=None)])


def _run(macro: Any, payload: dict[str, Any]) -> tuple[Any, ExcelState]:
    """Click a button on a workbook sent as `payload`; the workbook as Excel then holds it."""
    book = book_from_payload(payload)
    macro()
    return book, ExcelState(payload).apply(actions(book))


def _marks(state: ExcelState) -> dict[tuple[str, str], str]:
    """Fills outside the fixes sheet."""
    return {k: v for k, v in state.fills.items() if k[0] != FIXES}


def _result_col(campaign: Campaign) -> int:
    """0-based index of the list's result column: right after the template's last column."""
    return len(contract.list_columns(campaign))


def _results(state: ExcelState, campaign: Campaign) -> dict[int, str]:
    """1-based list row → text in the result column, non-empty cells only."""
    col = _result_col(campaign)
    return {r: str(row[col]) for r, row in enumerate(state.values(LIST), start=1)
            if len(row) > col and row[col] != ""}


def _info_results(state: ExcelState) -> dict[int, str]:
    """1-based unit-info row → text in column C, non-empty cells only."""
    return {r: str(row[2]) for r, row in enumerate(state.values(INFO), start=1)
            if len(row) > 2 and row[2] != ""}


def _put(payload: dict[str, Any], sheet: str, row: int, col: int, value: object) -> None:
    """Type a value into a 0-based cell of the payload, growing its grid as Excel's would grow."""
    grid = next(s for s in payload["sheets"] if s["name"] == sheet)["values"]
    width = max(len(grid[0]), col + 1)
    while len(grid) <= row:
        grid.append([""] * width)
    for line in grid:
        line.extend([""] * (width - len(line)))
    grid[row][col] = value


def _validate(path: Path, tmp: Path) -> list[dict[str, Any]]:
    """Findings of `thidua validate --json` for one file."""
    from thidua_xl.cli import main

    report = tmp / f"{path.stem}.json"
    main(["validate", str(path), "--json", str(report)])
    data = json.loads(report.read_text(encoding="utf-8"))
    return data["findings"] if "findings" in data else [
        f for file in data["files"] for f in file["findings"]]


def _expected_results(found: list[dict[str, Any]], sheet: str) -> dict[int, set[str]]:
    """Row → the lines the lead's format asks for ("U3: message"), from validate's findings."""
    rows: dict[int, set[str]] = {}
    for f in found:
        if f["sheet"] == sheet and f["cell"]:
            rows.setdefault(f["row"], set()).add(f"{f['cell']}: {f['message']}")
    return rows


def test_payload_round_trips_values_dates_and_hidden_sheets(faulty: Path) -> None:
    book = book_from_payload(payload_from_file(faulty), caller=False)
    assert [s.name for s in book.sheets][-1] == contract.SHEET_STAMP
    assert book.sheets[contract.SHEET_STAMP].visible is False
    info = book.sheets[INFO].used_range.options(ndim=2).value
    by_label = {row[0]: row[1] for row in info if row and isinstance(row[0], str)}
    assert by_label["Ngày tờ trình"].date().isoformat() == "2021-05-20"
    assert by_label["Tổng số thành viên họp xét"] == 7


def test_kiem_tra_fills_each_offending_cell_by_severity_and_adds_no_notes(
        faulty: Path, campaign: Campaign) -> None:
    book, state = _run(excel.kiem_tra, payload_from_file(faulty))
    expected = {(LIST, f"{_col(campaign, 'birth_year')}2"), (LIST, f"{_col(campaign, 'award')}3")}
    marks = _marks(state)
    assert expected <= set(marks)
    assert {marks[k] for k in expected} == {PINK}
    assert (INFO, "B2") in marks
    assert not [a for a in actions(book) if a["func"] in NOTE_FUNCS]


def test_kiem_tra_writes_each_rows_messages_in_the_result_column(
        faulty: Path, campaign: Campaign, tmp_path: Path) -> None:
    found = _validate(faulty, tmp_path)
    _book, state = _run(excel.kiem_tra, payload_from_file(faulty))
    results = _results(state, campaign)
    assert results.pop(1) == contract.RESULT_LABEL
    assert {r: set(t.split("\n")) for r, t in results.items()} == _expected_results(found, LIST)
    assert {r: set(t.split("\n")) for r, t in _info_results(state).items()} == \
        _expected_results(found, INFO)
    assert "năm tám bảy" in results[2]
    col = _result_col(campaign)
    assert state.formats[(LIST, f"{contract.column_letter(col)}2")]["wrap"] is True


def test_kiem_tra_lists_fixes_with_links_and_a_one_line_summary(faulty: Path) -> None:
    _book, state = _run(excel.kiem_tra, payload_from_file(faulty))
    rows = state.values(FIXES)
    header = rows[1]
    assert header[:5] == ["STT", "Mức", "Mã", "Sheet", "Ô"]
    listed = {(r[3], r[4]) for r in rows[2:] if r[4]}
    assert listed == set(_marks(state))
    assert len(state.alerts) == 1 and "\n" not in state.alerts[0]
    assert state.alerts[0].startswith("Kiểm tra xong: 3 lỗi")
    assert rows[0][0] == state.alerts[0]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory, campaign: Campaign) -> Path:
    """500 nominee rows, every fifth with a bad birth year: 100 findings on 100 cells."""
    rows = [person(campaign, stt=i + 1, name=f"Nguyễn Văn Số {i + 1}",
                   birth_year="sai" if i % 5 == 0 else 1980 + i % 20) for i in range(500)]
    path = tmp_path_factory.mktemp("big") / "don_vi_500.xlsx"
    return write_unit(campaign, path, clean_info(campaign), rows)


@pytest.mark.parametrize("unit", ["faulty", "big"])
def test_macro_and_cli_give_the_same_findings(unit: str, request: pytest.FixtureRequest,
                                              tmp_path: Path) -> None:
    path = request.getfixturevalue(unit)
    cli = {(f["code"], f["severity"], f["sheet"], f["cell"]) for f in _validate(path, tmp_path)}
    _book, state = _run(excel.kiem_tra, payload_from_file(path))
    levels = {"Lỗi": "error", "Cảnh báo": "warning", "Thông tin": "info"}
    macro = {(r[2], levels[str(r[1])], r[3], r[4]) for r in state.values(FIXES)[2:] if r[0] != ""}
    assert macro == cli and cli


def test_running_twice_leaves_one_set_of_marks(faulty: Path, campaign: Campaign) -> None:
    _b, first = _run(excel.kiem_tra, payload_from_file(faulty))
    _b, second = _run(excel.kiem_tra, first.to_payload())
    assert _marks(second) == _marks(first)
    assert _results(second, campaign) == _results(first, campaign)
    assert _info_results(second) == _info_results(first)
    assert second.values(LIST)[0].count(contract.RESULT_LABEL) == 1
    assert second.values(FIXES) == first.values(FIXES)
    assert second.names().count(FIXES) == 1


def test_a_fixed_cell_loses_its_mark_and_its_message_on_the_next_check(
        faulty: Path, campaign: Campaign) -> None:
    _b, first = _run(excel.kiem_tra, payload_from_file(faulty))
    payload = first.to_payload()
    cell = f"{_col(campaign, 'birth_year')}2"
    _put(payload, LIST, 1, ord(cell[0]) - 65, 1987)
    _b, second = _run(excel.kiem_tra, payload)
    assert (LIST, cell) in _marks(first) and 2 in _results(first, campaign)
    assert (LIST, cell) not in _marks(second)
    assert 2 not in _results(second, campaign)
    assert set(_results(second, campaign)) == set(_results(first, campaign)) - {2}
    assert len(_marks(second)) == len(_marks(first)) - 1


def test_a_list_with_nothing_left_to_fix_loses_its_result_column(
        faulty: Path, campaign: Campaign) -> None:
    _b, first = _run(excel.kiem_tra, payload_from_file(faulty))
    payload = first.to_payload()
    _put(payload, LIST, 1, ord(_col(campaign, "birth_year")) - 65, 1987)
    _put(payload, LIST, 2, ord(_col(campaign, "award")) - 65, GK)
    _b, second = _run(excel.kiem_tra, payload)
    assert _results(first, campaign)
    assert not _results(second, campaign)
    assert not {k for k in _marks(second) if k[0] == LIST}
    assert _info_results(second) == _info_results(first)


@pytest.mark.parametrize(("header", "ignored"), [
    (contract.RESULT_LABEL, True),
    ("KẾT QUẢ KIỂM TRA:", True),
    ("  kết quả   kiểm tra ", True),
    ("Kết quả", False),
])
def test_the_reader_skips_only_the_result_header(campaign: Campaign, header: str,
                                                 ignored: bool) -> None:
    from thidua_xl.read.reader import submission_from_sheets

    labels = [f.label for f in contract.list_columns(campaign)]
    sheets = {LIST: [[*labels, header], ["" for _ in labels] + ["U3: ghi chú cũ"]]}
    found = submission_from_sheets("x.xlsx", sheets, None, campaign).findings
    unknown = [f for f in found if f.code == "unknown-column"]
    assert (not unknown) is ignored


def test_the_reader_ignores_the_result_column_the_macro_wrote(faulty: Path) -> None:
    from thidua_xl.excel.unit import read_unit

    before = read_unit(book_from_payload(payload_from_file(faulty), caller=False)).submission
    _b, marked = _run(excel.kiem_tra, payload_from_file(faulty))
    after = read_unit(book_from_payload(marked.to_payload(), caller=False)).submission
    assert contract.RESULT_LABEL in marked.values(LIST)[0]
    assert "unknown-column" not in {f.code for f in after.findings}
    assert [r.values for r in after.rows] == [r.values for r in before.rows]
    assert after.info == before.info


def test_validate_ignores_the_result_column_saved_into_the_file(
        faulty: Path, campaign: Campaign, tmp_path: Path) -> None:
    import openpyxl

    _b, marked = _run(excel.kiem_tra, payload_from_file(faulty))
    saved = tmp_path / "da_kiem_tra.xlsx"
    wb = openpyxl.load_workbook(faulty)
    for sheet, col in ((LIST, _result_col(campaign)), (INFO, 2)):
        for r, row in enumerate(marked.values(sheet), start=1):
            if len(row) > col and row[col] != "":
                wb[sheet].cell(r, col + 1).value = row[col]
    wb.save(saved)
    found = _validate(saved, tmp_path)
    assert openpyxl.load_workbook(saved)[LIST].cell(1, _result_col(campaign) + 1).value == \
        contract.RESULT_LABEL
    assert "unknown-column" not in {f["code"] for f in found}
    assert {(f["code"], f["cell"]) for f in found} == \
        {(f["code"], f["cell"]) for f in _validate(faulty, tmp_path)}


@pytest.mark.parametrize("sheet", [LIST, INFO])
def test_a_clerks_text_beside_the_table_is_never_overwritten(
        faulty: Path, campaign: Campaign, sheet: str) -> None:
    col = _result_col(campaign) if sheet == LIST else 2
    payload = payload_from_file(faulty)
    _put(payload, sheet, 1, col, "Ghi riêng của đơn vị")
    _b, state = _run(excel.kiem_tra, payload)
    assert state.values(sheet)[1][col] == "Ghi riêng của đơn vị"
    assert [line[col] for line in state.values(sheet)].count("Ghi riêng của đơn vị") == 1
    if sheet == LIST:
        assert state.values(LIST)[0][col + 1] == contract.RESULT_LABEL
        assert str(state.values(LIST)[2][col + 1]).startswith(f"{_col(campaign, 'award')}3: ")
    else:
        assert not [line[col] for line in state.values(sheet) if line[col] not in
                    ("", "Ghi riêng của đơn vị")]
    assert (INFO, "B2") in _marks(state)


def test_500_rows_with_100_findings_cost_at_most_10_excel_calls_per_click(
        big: Path, campaign: Campaign, tmp_path: Path) -> None:
    book, state = _run(excel.kiem_tra, payload_from_file(big))
    first = [a["func"] for a in actions(book)]
    again, state2 = _run(excel.kiem_tra, state.to_payload())
    second = [a["func"] for a in actions(again)]
    print(f"\n500 rows/100 findings: first click {len(first)} calls {first}; "
          f"again {len(second)} calls {second}")
    assert len(first) <= 10 and len(second) <= 10
    assert not NOTE_FUNCS & {*first, *second}
    results = _results(state2, campaign)
    assert results.pop(1) == contract.RESULT_LABEL
    assert set(results) == set(_expected_results(_validate(big, tmp_path), LIST))
    assert len(results) == 100 and len(_marks(state2)) == 100


def test_xoa_danh_dau_removes_every_fill_result_and_fix_a_check_made(
        faulty: Path, campaign: Campaign) -> None:
    _b, checked = _run(excel.kiem_tra, payload_from_file(faulty))
    _b, cleared = _run(excel.xoa_danh_dau, checked.to_payload())
    assert _marks(checked) and _results(checked, campaign) and _info_results(checked)
    assert not _marks(cleared)
    assert not _results(cleared, campaign)
    assert not _info_results(cleared)
    assert cleared.values(FIXES) == [[""]]
    assert cleared.alerts and cleared.alerts[0].startswith("Đã xóa đánh dấu")


def _boom(book: Any) -> str:
    raise ZeroDivisionError("chia cho 0")


def _clerk(book: Any) -> str:
    raise ClerkError("Chưa điền \"Thư mục hồ sơ của các đơn vị\".")


def _refused(book: Any) -> str:
    from thidua_xl.outputs.targets import OutputRefused
    raise OutputRefused("Không ghi kết quả vào tệp đầu vào CNTT.xlsx.")


def _ledger(book: Any) -> str:
    from thidua_xl.ledger.model import LedgerError
    raise LedgerError("Sổ khen thưởng thuộc cơ quan khác.")


def _locked(book: Any) -> str:
    from thidua_xl.outputs.files import OutputLocked
    raise OutputLocked(Path("ket_qua") / "tong_hop.xlsx")


def _denied(book: Any) -> str:
    raise PermissionError(13, "Permission denied", "ket_qua/bao_cao.json")


@pytest.mark.parametrize(("job", "shown", "logged"), [
    (_boom, "Có lỗi không mong muốn (ZeroDivisionError)", True),
    (_clerk, "Chưa điền \"Thư mục hồ sơ của các đơn vị\".", True),
    (_refused, "Không ghi kết quả vào tệp đầu vào CNTT.xlsx.", True),
    (_ledger, "Sổ khen thưởng thuộc cơ quan khác.", True),
    (_locked, "Tệp ket_qua/tong_hop.xlsx đang mở trong Excel", True),
    (_denied, "Không ghi được tệp ket_qua/bao_cao.json", True),
])
def test_a_failing_macro_shows_vietnamese_and_logs_the_traceback(
        faulty: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, job: Any,
        shown: str, logged: bool) -> None:
    monkeypatch.chdir(tmp_path)
    returned: list[str] = []
    _book, state = _run(lambda: returned.append(clerk_safe("nut_thu", None, job)),
                        payload_from_file(faulty))
    assert len(state.alerts) == 1
    assert state.alerts[0].startswith(shown) and returned == state.alerts
    assert "Traceback" not in state.alerts[0]
    log = (tmp_path / "thidua_xl.log").read_text(encoding="utf-8")
    assert ("Traceback" in log) is logged and "nut_thu" in log and job.__name__ in log


MACROS = ("kiem_tra", "kiem_tra_ho_so", "tong_hop", "kiem_tra_chi_tieu", "lap_danh_sach",
          "xoa_danh_dau")


@pytest.mark.parametrize("name", MACROS)
def test_every_macro_takes_the_book_as_its_one_optional_argument(name: str) -> None:
    import inspect
    import typing

    macro = getattr(excel, name)
    params = list(inspect.signature(macro).parameters.values())
    assert macro.__name__ == name
    assert [(p.name, p.default, p.kind) for p in params] == [
        ("book", None, inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    assert typing.get_type_hints(macro)["book"] == xw.Book | None


def test_a_macro_given_the_book_needs_no_caller(faulty: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """xlwings Server and Lite pass the workbook in; there is no Book.caller() to fall back on."""
    monkeypatch.delattr(xw.Book, "_mock_caller", raising=False)
    book = book_from_payload(payload_from_file(faulty), caller=False)
    summary = excel.kiem_tra(book)
    state = ExcelState(payload_from_file(faulty)).apply(actions(book))
    assert summary.startswith("Kiểm tra xong: 3 lỗi")
    assert state.alerts == [summary] and _marks(state)


def test_a_macro_with_no_workbook_at_all_logs_instead_of_raising(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delattr(xw.Book, "_mock_caller", raising=False)
    message = excel.tong_hop()
    assert message.startswith("Có lỗi không mong muốn") and "thidua_xl.log" in message
    assert "tong_hop" in (tmp_path / "thidua_xl.log").read_text(encoding="utf-8")
