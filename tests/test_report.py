"""Terminal and JSON reports: Vietnamese text aligned by display width, stable order, true totals."""

from __future__ import annotations

import json
import random
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from thidua_xl.findings import Finding, Severity, finding
from thidua_xl.outputs.report import (
    FileSummary,
    render_text,
    report_dict,
    text_width,
    wrap,
    write_json,
)

LIST = "Danh sách đề nghị"
LONG = ("Bà Nguyễn Thị Hồng Nhung: chưa đạt tiêu chuẩn TCN2 – Có giải pháp tích cực mang lại "
        "hiệu quả cao trong quá trình thực hiện công tác bầu cử")


def nfd(text: str) -> str:
    """Decomposed form, as some Vietnamese keyboards and old files produce."""
    return unicodedata.normalize("NFD", text)


def _f(code: str, severity: Severity, cell: str = "", msg: str = "x", sheet: str = LIST,
       row: int | None = None) -> Finding:
    """A finding at a cell of the list sheet."""
    return finding(code, msg, severity, sheet=sheet if cell or row else "", cell=cell, row=row,
                   column="".join(ch for ch in cell if ch.isalpha()))


@pytest.fixture
def files() -> list[FileSummary]:
    """Three files: 30 + 45 + 12 = 87 rows, 5 errors, 2 warnings, 1 info."""
    return [
        FileSummary("don-vi/phong-van-hoa.xlsx", "Phòng Văn hóa – Thông tin", 30, (
            _f("missing-value", Severity.ERROR, "C14", nfd("Ông Hoàng Văn Bình: thiếu năm sinh")),
            _f("criteria-not-met", Severity.ERROR, "J14", LONG),
            _f("legacy-encoding", Severity.WARNING, "B3", "Chữ TCVN3 đã được chuyển"),
        )),
        FileSummary("don-vi/trung-tam.xlsx", "Trung tâm Công nghệ thông tin và Truyền thông", 45, (
            _f("duplicate-nominee", Severity.ERROR, "B9", "Trùng với dòng 7"),
            _f("late-submission", Severity.ERROR, msg="Ngày tờ trình 26/05/2021 quá hạn"),
            _f("formula-cell", Severity.WARNING, "H5", "=SUM(H1:H4)"),
            _f("resubmission", Severity.INFO, msg="Đơn vị gửi lại lần 2"),
        )),
        FileSummary("don-vi/van-phong.xlsx", "Văn phòng Sở", 12, (
            _f("invalid-date", Severity.ERROR, "D4", "Ngày họp xét 31/02/2021 không có thật"),
        )),
    ]


@pytest.mark.parametrize(
    ("text", "width"),
    [("Nguyễn", 6), (nfd("Nguyễn"), 6), ("Đồng ý", 6), ("漢字", 4), ("", 0), ("a\u200bb", 2)],
)
def test_display_width_ignores_marks_and_counts_wide_characters_twice(text, width):
    assert text_width(text) == width


@pytest.mark.parametrize("width", [8, 12, 30])
@pytest.mark.parametrize("text", [LONG, nfd(LONG), "Ngàyhọpxétkhôngcókhoảngtrắngnàocả rồi", "\n"])
def test_wrap_keeps_every_word_within_the_width(text, width):
    lines = wrap(text, width)
    assert all(text_width(line) <= width for line in lines)
    assert "".join("".join(lines).split()) == "".join(unicodedata.normalize("NFC", text).split())


def _after(line: str, offset: int) -> str:
    """The part of a line from a display offset on."""
    used = 0
    for i, ch in enumerate(line):
        if used >= offset:
            return line[i:]
        used += text_width(ch)
    return ""


def _column_starts(lines: list[str], token: str) -> set[int]:
    """Display offsets at which a token starts, over the lines that contain it."""
    return {text_width(line[: line.index(token)]) for line in lines if token in line}


def test_columns_line_up_with_vietnamese_and_decomposed_text(files):
    lines = render_text(files, width=110).splitlines()
    table = lines[lines.index(next(line for line in lines if line.startswith("Tệp  ") and "Mã"
                                   in line)):]
    codes = [f.code for s in files for f in s.findings]
    starts = set().union(*(_column_starts(table, code) for code in codes))
    assert starts == _column_starts(table[:1], "Mã")
    levels = set().union(*(_column_starts(table[2:], word) for word in ("Lỗi ", "Cảnh báo ")))
    assert levels == _column_starts(table[:1], "Mức")


def test_file_lines_line_up_their_numbers_on_the_right(files):
    lines = render_text(files).splitlines()[: len(files) + 2]
    assert len({text_width(line) for line in lines[2:]}) == 1
    assert [line.split()[-4:] for line in lines[2:]] == [
        ["30", "2", "1", "0"], ["45", "2", "1", "1"], ["12", "1", "0", "0"]]
    assert "Trung tâm Công nghệ thông tin và Truyền thông" in "\n".join(lines)


@pytest.mark.parametrize("width", [80, 100, 140])
def test_long_messages_wrap_inside_the_requested_width(files, width):
    lines = render_text(files, width=width).splitlines()
    assert max(text_width(line) for line in lines) <= width
    start = lines.index(next(line for line in lines if "Nội dung" in line))
    offset = text_width(lines[start][: lines[start].index("Nội dung")])
    column = "".join(_after(line, offset) for line in lines[start + 2 :])
    assert "".join(LONG.split()) in "".join(column.split())


def test_output_is_nfc_even_for_decomposed_messages(files):
    text = render_text(files, width=200)
    assert unicodedata.is_normalized("NFC", text)
    assert "Ông Hoàng Văn Bình: thiếu năm sinh" in text


def test_summary_names_files_rows_errors_and_warnings_in_vietnamese(files):
    last = render_text(files).splitlines()[-1]
    assert last == "3 tệp, 87 dòng, 5 lỗi, 2 cảnh báo, 1 thông tin"
    assert render_text(files[:1]).splitlines()[-1] == "1 tệp, 30 dòng, 2 lỗi, 1 cảnh báo"


@pytest.mark.parametrize("files_in", [[], [FileSummary("a.xlsx", "Văn phòng Sở", 4, ())]])
def test_no_findings_says_so_plainly(files_in):
    text = render_text(files_in)
    assert "Nội dung" not in text
    assert text.splitlines()[-1] == f"{len(files_in)} tệp, {4 * len(files_in)} dòng, 0 lỗi, 0 cảnh báo"
    assert ("Không có lỗi hay cảnh báo nào." in text) == bool(files_in)


def test_file_level_and_row_level_findings_say_where_they_are(files):
    text = render_text(files, width=140)
    assert "(cả tệp)" in text
    assert f"{LIST}!J14" in text
    row_only = [FileSummary("a.xlsx", "A", 1, (_f("vote-inconsistent", Severity.ERROR, row=7),))]
    assert f"{LIST}, dòng 7" in render_text(row_only, width=200)


def test_same_file_name_in_two_folders_is_shown_with_its_path():
    a = FileSummary("2021/don-vi.xlsx", "A", 1, (_f("invalid-date", Severity.ERROR, "D4"),))
    b = FileSummary("2022/don-vi.xlsx", "B", 1, ())
    text = render_text([a, b], width=140)
    assert "2021/don-vi.xlsx" in text and "2022/don-vi.xlsx" in text


def test_json_report_has_the_documented_shape_and_true_totals(files):
    data = report_dict(files)
    assert [f["path"] for f in data["files"]] == [s.path for s in files]
    assert data["summary"] == {
        "files": 3, "rows": 87, "errors": 5, "warnings": 2, "infos": 1,
        "by_code": {"criteria-not-met": 1, "duplicate-nominee": 1, "formula-cell": 1,
                    "invalid-date": 1, "late-submission": 1, "legacy-encoding": 1,
                    "missing-value": 1, "resubmission": 1},
    }
    first = data["files"][0]
    assert (first["unit"], first["rows"], first["errors"], first["warnings"]) == (
        "Phòng Văn hóa – Thông tin", 30, 2, 1)
    fields = {"code", "severity", "file", "sheet", "row", "column", "cell", "value", "message"}
    assert all(set(f) == fields for entry in data["files"] for f in entry["findings"])
    assert {f["severity"] for e in data["files"] for f in e["findings"]} == {"error", "warning",
                                                                           "info"}


def test_json_findings_come_in_stable_order_whatever_the_input_order(files):
    shuffled = [FileSummary(s.path, s.unit, s.rows,
                            tuple(random.Random(7).sample(s.findings, len(s.findings))))
                for s in files]
    got = [[f["message"] for f in e["findings"]] for e in report_dict(shuffled)["files"]]
    expected = [[f.message for f in sorted(s.findings, key=lambda f: f.sort_key)] for s in files]
    assert got == expected


def test_json_file_is_readable_utf8_and_round_trips(files, tmp_path):
    data = report_dict(files)
    path = write_json(tmp_path / "out" / "bao-cao.json", data)
    raw = path.read_bytes()
    assert "Phòng Văn hóa".encode() in raw and b"\\u" not in raw
    assert json.loads(raw.decode("utf-8")) == data
    assert sorted(p.name for p in path.parent.iterdir()) == ["bao-cao.json"]
    again = write_json(tmp_path / "again.json", report_dict(files))
    assert again.read_bytes() == raw


@pytest.mark.parametrize(
    ("value", "expected"),
    [(date(2021, 5, 24), "2021-05-24"), (Path("a/b.xlsx"), "a/b.xlsx")],
)
def test_json_writes_dates_and_paths_as_text(tmp_path, value, expected):
    path = write_json(tmp_path / "x.json", {"v": value})
    assert json.loads(path.read_text(encoding="utf-8")) == {"v": expected}


def test_json_refuses_values_it_cannot_represent(tmp_path):
    with pytest.raises(TypeError):
        write_json(tmp_path / "x.json", {"v": object()})
    assert not (tmp_path / "x.json").exists()
