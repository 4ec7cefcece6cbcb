"""FastWorksheet writes the very bytes XlsxWriter's own Worksheet writes, for every kind of cell."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import xlsxwriter

from tests.test_tonghop import _cons
from thidua_xl.outputs import fastsheet
from thidua_xl.outputs.fastsheet import fast_workbook
from thidua_xl.outputs.tonghop import workbook as tonghop

TEXTS = ("Nguyễn Thị Hồng Nhung", " leading space", "trailing space ", "a & b < c > d \"q\"",
         "tab\there", "line\nbreak", "ctrl \x01 char", "_x0000_ literal", "<r>not rich</r>", "",
         "x" * 40_000)
NUMBERS = (0, 1, -7, 3.5, 1e-12, 123456789012345678, 0.1 + 0.2, 2 ** 53 + 1)


def _fill(book: xlsxwriter.Workbook) -> None:
    """Every kind of cell, with and without a format, in two sheets."""
    bold = book.add_format({"bold": True, "border": 1})
    pct = book.add_format({"num_format": "0.0%"})
    for ws in (book.add_worksheet("Một"), book.add_worksheet("Hai")):
        ws.set_row(3, 30)
        ws.set_column(2, 2, 20, pct)
        r = 0
        for fmt in (bold, pct, None):
            for c, text in enumerate(TEXTS):
                ws.write_string(r, c, text, fmt)
            for c, number in enumerate(NUMBERS):
                ws.write_number(r + 1, c, number, fmt)
            ws.write_blank(r + 2, 0, None, fmt)
            ws.write_datetime(r + 2, 1, datetime(2021, 5, 20), bold)
            ws.write_formula(r + 2, 2, "=A2+1", fmt, 2)
            ws.write_boolean(r + 2, 3, True, fmt)
            ws.write_url(r + 2, 4, "https://example.com/a?b=1&c=2", fmt, "liên kết")
            ws.write_rich_string(r + 2, 5, "đậm ", bold, "thường", *([fmt] if fmt else []))
            r += 4
        ws.write_string(200, 16_000, "far column", bold)


@pytest.mark.parametrize(("constant_memory", "kept"), [(False, 20_000), (True, 20_000), (True, 2)])
def test_every_kind_of_cell_is_written_byte_for_byte_as_xlsxwriter_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, constant_memory: bool, kept: int) -> None:
    """Streamed text is remembered once escaped: hits, and a memory that starts afresh, too."""
    monkeypatch.setattr(fastsheet, "_INLINE_KEPT", kept)
    options = {"constant_memory": constant_memory, "strings_to_numbers": False}
    plain = xlsxwriter.Workbook(str(tmp_path / "plain.xlsx"), dict(options))
    fast = fast_workbook(str(tmp_path / "fast.xlsx"), dict(options))
    for book in (plain, fast):
        book.set_properties({"created": datetime(2020, 1, 1)})
        _fill(book)
        book.close()
    assert all(type(ws) is fastsheet.FastWorksheet for ws in fast.worksheets())
    assert (tmp_path / "fast.xlsx").read_bytes() == (tmp_path / "plain.xlsx").read_bytes()


@pytest.mark.parametrize("large", [False, True])
def test_tong_hop_is_the_same_file_with_either_worksheet(tmp_path: Path, monkeypatch,
                                                         large: bool) -> None:
    cons = _cons()
    tonghop.write_tonghop(cons, tmp_path / "fast.xlsx", large=large)
    monkeypatch.setattr(fastsheet, "FastWorksheet", xlsxwriter.worksheet.Worksheet)
    tonghop.write_tonghop(cons, tmp_path / "plain.xlsx", large=large)
    assert (tmp_path / "fast.xlsx").read_bytes() == (tmp_path / "plain.xlsx").read_bytes()


def test_dates_are_left_to_xlsxwriter(tmp_path: Path) -> None:
    book = fast_workbook(str(tmp_path / "d.xlsx"), {})
    ws = book.add_worksheet()
    ws.write_datetime(0, 0, date(2021, 5, 20), book.add_format({"num_format": "dd/mm/yyyy"}))
    book.close()
    import openpyxl
    assert openpyxl.load_workbook(tmp_path / "d.xlsx").active["A1"].value == datetime(2021, 5, 20)


ROW_VALUES = [["Hà Thị Lan", 1980, 0.75, "", None, True, "y" * 20_000, date(2021, 5, 20), "a&b"],
              [" lề ", -1, 2 ** 60, "<r>x</r>", "_x0041_", False, float("inf"), "ỹ" * 40_000, None]]


def _plain_cell(ws, row: int, col: int, value: object, fmt) -> None:
    """What a caller without put_row writes for a value."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, fmt)
    elif isinstance(value, date):
        ws.write_datetime(row, col, datetime(value.year, value.month, value.day), fmt)
    else:
        ws.write_string(row, col, value, fmt)


@pytest.mark.parametrize("constant_memory", [False, True])
def test_put_row_stores_the_cells_write_string_and_write_number_store(
        tmp_path: Path, constant_memory: bool) -> None:
    """Rows in order, a row written again (ignored when streaming) and one past Excel's last."""
    rows = [(0, ROW_VALUES[0]), (1, ROW_VALUES[1]), (5, ROW_VALUES[0]), (1, ROW_VALUES[1]),
            (1_048_576, ROW_VALUES[0]), (7, ["rộng"] * 16_385)]
    paths = []
    for name, factory in (("plain", xlsxwriter.Workbook), ("fast", fast_workbook)):
        path = tmp_path / f"{name}.xlsx"
        book = factory(str(path), {"constant_memory": constant_memory, "nan_inf_to_errors": True})
        book.set_properties({"created": datetime(2020, 1, 1)})
        ws = book.add_worksheet()
        fmts = [book.add_format({"bold": bool(i % 2)}) for i in range(16_385)]
        for r, values in rows:
            if name == "fast":
                ws.put_row(r, values, fmts,
                           lambda c, v, r=r, ws=ws, f=fmts: _plain_cell(ws, r, c, v, f[c]))
            else:
                for c, v in enumerate(values):
                    _plain_cell(ws, r, c, v, fmts[c])
        book.close()
        paths.append(path)
    assert paths[0].read_bytes() == paths[1].read_bytes()


def test_the_council_tally_is_the_same_file_with_either_worksheet(tmp_path: Path,
                                                                  monkeypatch) -> None:
    from tests.council_data import consolidation
    from thidua_xl.outputs.council.tally import write_tally

    cons = consolidation()
    write_tally(cons, tmp_path / "fast.xlsx")
    monkeypatch.setattr(fastsheet, "FastWorksheet", xlsxwriter.worksheet.Worksheet)
    write_tally(cons, tmp_path / "plain.xlsx")
    assert (tmp_path / "fast.xlsx").read_bytes() == (tmp_path / "plain.xlsx").read_bytes()


def test_the_streamed_text_memory_stays_bounded(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(fastsheet, "_INLINE_KEPT", 3)
    book = fast_workbook(str(tmp_path / "m.xlsx"), {"constant_memory": True})
    ws = book.add_worksheet()
    fmt = book.add_format({"bold": True})
    for r in range(10):
        ws.write_string(r, 0, f"đơn vị {r}", fmt)
        ws.write_string(r, 1, "Giấy khen", fmt)
    book.close()
    assert 0 < len(ws._inline) <= 3
    assert "Giấy khen" in ws._inline
