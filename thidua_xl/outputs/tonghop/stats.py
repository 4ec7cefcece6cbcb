""""Thống kê" in tong_hop.xlsx: the campaign's breakdowns and the ledger's history, with native charts."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from thidua_xl.consolidate.stats import Breakdown, Statistics
from thidua_xl.ledger.history import History
from thidua_xl.outputs.tonghop.base import Column, Sheet, Styles
from thidua_xl.text.numbers import roman

SHEET_STATS = "Thống kê"
CHART_COLUMN = 6
CHART_OFFSET = 10  # pixels between the tables and their charts
DEFAULT_WIDTH = 8.43  # a column the sheet leaves at Excel's default width
CHART_ROWS = 16
CHART_SIZE = {"width": 620, "height": 300}
FONT = {"name": "Times New Roman", "size": 10}
COLOURS = ("#4472C4", "#A5A5A5", "#ED7D31", "#70AD47")
CAMPAIGN_COLUMNS = (Column("Đợt thi đua", 48), Column("Năm", 12, "num"), Column("Cá nhân", 12, "num"),
                    Column("Tập thể", 12, "num"), Column("Tổng số", 12, "num"))
YEAR_COLUMNS = (Column("Năm", 48, "num"), Column("Cá nhân", 12, "num"), Column("Tập thể", 12, "num"),
                Column("Tổng số", 12, "num"))


def tally_columns(decided: bool) -> tuple[Column, ...]:
    """The breakdown table's columns; "Đã khen thưởng" only when a ledger was read."""
    cols = (Column("Nhóm", 48), Column("Số đề nghị", 12, "num"), Column("Hợp lệ", 12, "num"),
            Column("Trong chỉ tiêu", 12, "num"))
    return (*cols, Column("Đã khen thưởng", 12, "num")) if decided else cols


def _chart(book: Any, sheet: Sheet, title: str, first: int, last: int,
           series: Sequence[tuple[int, str]], top: int, stacked: bool = False) -> None:
    """A native column chart of rows first..last (0-based), one series per (column, name);
    `top` is the largest bar, so the axis counts in whole numbers."""
    chart = book.add_chart({"type": "column", **({"subtype": "stacked"} if stacked else {})})
    name = sheet.ws.name
    for i, (col, header) in enumerate(series):
        chart.add_series({"name": header, "categories": [name, first, 0, last, 0],
                          "values": [name, first, col, last, col],
                          "fill": {"color": COLOURS[i % len(COLOURS)]},
                          "data_labels": {"value": True, "font": FONT}})
    chart.set_title({"name": title, "name_font": {"name": "Times New Roman", "size": 12,
                                                  "bold": True}})
    chart.set_x_axis({"num_font": FONT})
    chart.set_y_axis({"num_font": FONT, "min": 0, "major_unit": max(1, -(-top // 8)),
                      "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom", "font": FONT})
    chart.set_size(CHART_SIZE)
    sheet.ws.insert_chart(first - 2, CHART_COLUMN, chart, {"x_offset": CHART_OFFSET})


def _values(t: Any, decided: bool) -> list[object]:
    """A tally row's cells."""
    row: list[object] = [t.label, t.proposed, t.valid, t.within]
    return [*row, t.decided] if decided else row


def _breakdown(book: Any, sheet: Sheet, r: int, number: int, b: Breakdown, decided: bool) -> int:
    """One titled table with its total and chart; returns the next free row."""
    cols = tally_columns(decided)
    sheet.cell(r, 0, f"{roman(number)}. {b.title}", "group")
    sheet.columns(cols, row=r + 1)
    first = r + 2
    for i, t in enumerate(b.rows):
        sheet.row(first + i, _values(t, decided), cols)
    last = first + len(b.rows) - 1
    sheet.row(last + 1, _values(b.total, decided), cols, "#F2F2F2")
    if b.rows:
        series = [(1, "Số đề nghị"), (3, "Trong chỉ tiêu")] + ([(4, "Đã khen thưởng")] if decided
                                                                else [])
        _chart(book, sheet, b.title, first, last, series,
               max(max(t.proposed, t.decided) for t in b.rows))
    end = r + max(len(b.rows) + 4, CHART_ROWS)
    sheet.keep_together(r, end - 2)
    return end


def _ledger_tables(book: Any, sheet: Sheet, r: int, number: int, history: History) -> int:
    """Awards per campaign and per year, from the whole ledger."""
    sheet.cell(r, 0, f"{roman(number)}. Khen thưởng qua các đợt thi đua (sổ khen thưởng)", "group")
    sheet.columns(CAMPAIGN_COLUMNS, row=r + 1)
    first = r + 2
    for i, (c, people, groups) in enumerate(history.by_campaign):
        sheet.row(first + i, [c.name, c.year, people, groups, people + groups], CAMPAIGN_COLUMNS)
    if history.by_campaign:
        _chart(book, sheet, "Khen thưởng qua các đợt thi đua", first,
               first + len(history.by_campaign) - 1, [(2, "Cá nhân"), (3, "Tập thể")],
               max(p + t for _, p, t in history.by_campaign), stacked=True)
    else:
        sheet.cell(first, 0, "Sổ chưa ghi khen thưởng theo đợt thi đua nào.", "plain")
    sheet.keep_together(r, r + max(len(history.by_campaign) + 3, CHART_ROWS) - 2)
    r += max(len(history.by_campaign) + 3, CHART_ROWS)
    sheet.cell(r, 0, f"{roman(number + 1)}. Khen thưởng theo năm (sổ khen thưởng)", "group")
    sheet.columns(YEAR_COLUMNS, row=r + 1)
    first = r + 2
    for i, (year, people, groups) in enumerate(history.by_year):
        sheet.row(first + i, [year, people, groups, people + groups], YEAR_COLUMNS)
    if history.by_year:
        _chart(book, sheet, "Khen thưởng theo năm", first, first + len(history.by_year) - 1,
               [(1, "Cá nhân"), (2, "Tập thể")], max(p + t for _, p, t in history.by_year),
               stacked=True)
    else:
        sheet.cell(first, 0, "Sổ chưa ghi khen thưởng nào.", "plain")
    sheet.keep_together(r, r + max(len(history.by_year) + 3, CHART_ROWS) - 2)
    return r + max(len(history.by_year) + 3, CHART_ROWS)


def write_statistics(book: Any, styles: Styles, stats: Statistics, history: History | None,
                     large: bool = False) -> None:
    """"Thống kê": proposals and awards four ways, then across campaigns and years when a ledger is read."""
    sheet = Sheet(book, styles, SHEET_STATS, large)
    ws = sheet.ws
    ws.merge_range(0, 0, 0, 4, "THỐNG KÊ ĐỀ NGHỊ VÀ KHEN THƯỞNG", styles("title"))
    note = ("Số đề nghị: mọi dòng của tệp đang dùng; Hợp lệ: không có lỗi; Trong chỉ tiêu: đưa vào "
            "danh sách trình" + ("; Đã khen thưởng: theo quyết định đã ghi vào sổ khen thưởng."
                                 if stats.decided else "."))
    sheet.height(0, 21)
    sheet.height(1, 32)
    ws.merge_range(1, 0, 1, 4, note, styles("subtitle"))
    r = 3
    for i, b in enumerate(stats.breakdowns, start=1):
        r = _breakdown(book, sheet, r, i, b, stats.decided)
    if history is not None:
        r = _ledger_tables(book, sheet, r, len(stats.breakdowns) + 1, history)
    sheet.laid_out(0, printed_widths(stats.decided), r - 1, landscape=False)


def printed_widths(decided: bool) -> list[float]:
    """Widths (characters) the sheet prints across: its columns up to the charts, then the default
    columns a chart spans (XlsxWriter anchors charts to columns of 64 pixels each)."""
    cols = [c.width for c in tally_columns(decided)]
    spanned = math.ceil((CHART_SIZE["width"] + CHART_OFFSET) / (7 * DEFAULT_WIDTH + 5))
    return cols + [DEFAULT_WIDTH] * (CHART_COLUMN - len(cols) + spanned)
