"""Sheets of tong_hop.xlsx built from summaries: "Chỉ tiêu", "Đơn vị", "Danh sách trình Giám đốc"."""

from __future__ import annotations

from typing import Any

from thidua_xl.consolidate.entries import Consolidation, Entry, file_name
from thidua_xl.consolidate.quota import explain, is_collective
from thidua_xl.consolidate.units import STATE_LATE, STATE_ON_TIME, unit_rows
from thidua_xl.findings import Severity
from thidua_xl.outputs.numbering import award_order, section_headings, subject_groups
from thidua_xl.outputs.tonghop.base import FILLS, Column, Sheet, Styles

QUOTA_COLUMNS = (
    Column("Nhóm chỉ tiêu", 44), Column("Phạm vi", 22), Column("Chỉ tiêu", 9, "num"),
    Column("Cách tính", 44), Column("Đề nghị hợp lệ", 10, "num"),
    Column("Trong chỉ tiêu", 10, "num"), Column("Vượt chỉ tiêu", 10, "num"),
    Column("Chưa hợp lệ (không tính)", 12, "num"),
)
UNIT_COLUMNS = (
    Column("Mã đơn vị", 10), Column("Đơn vị", 30), Column("Tệp đang dùng", 24),
    Column("Tệp đã được thay thế", 24), Column("Số tờ trình", 14), Column("Ngày tờ trình", 12, "date"),
    Column("Ngày nhận", 12, "date"), Column("Ngày nhận theo", 16), Column("Tình trạng nộp", 16),
    Column("Số dòng", 8, "num"), Column("Lỗi", 7, "num"), Column("Cảnh báo", 9, "num"),
)
LIST_COLUMNS = (
    Column("STT", 6, "num"), Column("Họ và tên / Tên tập thể", 28),
    Column("Chức vụ – Đơn vị", 34), Column("Tóm tắt thành tích", 60),
    Column("Tỷ lệ phiếu đồng ý", 11, "pct"),
)
BEYOND_COLUMNS = (*LIST_COLUMNS, Column("Lý do vượt chỉ tiêu", 44))
TITLE_POINTS = 21.0  # a 14-point title line


def write_quota(book: Any, styles: Styles, cons: Consolidation) -> None:
    """"Chỉ tiêu": each cap with limit, proposed, within, over, and a native chart of the two."""
    sheet = Sheet(book, styles, "Chỉ tiêu")
    sheet.columns(QUOTA_COLUMNS)
    for r, q in enumerate(cons.quota, start=1):
        scope = q.unit_name or "Toàn cơ quan"
        fill = FILLS["over"] if q.over else None
        sheet.row(r, [q.label, scope, q.limit, q.explanation, q.proposed, q.within, q.over,
                      q.invalid], QUOTA_COLUMNS, fill)
    n = len(cons.quota)
    if not n:
        sheet.cell(1, 0, "Đợt thi đua không đặt chỉ tiêu.", "plain")
    else:
        chart = book.add_chart({"type": "column"})
        font = {"name": "Times New Roman", "size": 10}
        for col, colour in ((4, "#4472C4"), (2, "#ED7D31")):
            chart.add_series({"name": ["Chỉ tiêu", 0, col],
                              "categories": ["Chỉ tiêu", 1, 0, n, 0],
                              "values": ["Chỉ tiêu", 1, col, n, col],
                              "fill": {"color": colour}, "data_labels": {"value": True}})
        chart.set_title({"name": "Số đề nghị hợp lệ so với chỉ tiêu",
                         "name_font": {"name": "Times New Roman", "size": 12, "bold": True}})
        chart.set_x_axis({"num_font": font})
        chart.set_y_axis({"num_font": font, "min": 0, "major_gridlines": {"visible": True}})
        chart.set_legend({"position": "bottom", "font": font})
        chart.set_size({"width": 760, "height": 380})
        sheet.ws.insert_chart(n + 2, 0, chart)
    sheet.page(1)


def write_units(book: Any, styles: Styles, cons: Consolidation) -> None:
    """"Đơn vị": the Office's checklist of who sent what, when, and with how many errors."""
    sheet = Sheet(book, styles, "Đơn vị")
    sheet.columns(UNIT_COLUMNS)
    for r, u in enumerate(unit_rows(cons), start=1):
        fill = (None if u.state == STATE_ON_TIME and not u.errors else
                FILLS[Severity.ERROR] if u.state == STATE_LATE or u.errors else
                FILLS[Severity.WARNING])
        sheet.row(r, [u.code, u.name, file_name(u.file), ", ".join(map(file_name, u.replaced)),
                      u.letter_no, u.letter_date, u.received, u.received_from, u.state, u.rows,
                      u.errors, u.warnings], UNIT_COLUMNS, fill)
    sheet.page(1)


def position_unit(e: Entry) -> str:
    """"Chức vụ – Đơn vị" cell: position and work unit of a person, the unit of a collective."""
    n = e.nominee
    if is_collective(n):
        return n.work_unit or n.unit_name
    return " – ".join(p for p in (n.position, n.work_unit or n.unit_name) if p)


def _groups(sheet: Sheet, r: int, cons: Consolidation, beyond: bool) -> int:
    """Award sections and subject subsections numbered as the documents number them."""
    camp = cons.campaign
    cols = BEYOND_COLUMNS if beyond else LIST_COLUMNS
    headings = section_headings(camp)
    parts = {code: (within, over) for code, within, over in cons.by_award()}
    for award in award_order(camp):
        sheet.cell(r, 0, headings[award.code], "group")
        r += 1
        within, over = parts.get(award.code, ([], []))
        groups = subject_groups(camp, over if beyond else within, lambda e: e.nominee.subject)
        if not groups:
            sheet.cell(r, 1, "Không có trường hợp nào.", "plain")
            r += 1
        for number, label, rows in groups:
            sheet.cell(r, 0, f"{number}. {label}", "group")
            r += 1
            for k, e in enumerate(rows, start=1):
                values: list[object] = [k, e.nominee.name, position_unit(e), e.nominee.summary,
                                        e.nominee.approval]
                if beyond:
                    values.append(" ".join(explain(e)))
                sheet.row(r, values, cols)
                r += 1
    return r


def write_director(book: Any, styles: Styles, cons: Consolidation, large: bool = False) -> None:
    """"Danh sách trình Giám đốc": within caps and error-free; those beyond listed after it."""
    camp = cons.campaign
    sheet = Sheet(book, styles, "Danh sách trình Giám đốc", large)
    ws = sheet.ws
    last = len(BEYOND_COLUMNS) - 1
    ws.merge_range(0, 0, 0, last, "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", styles("title"))
    sheet.height(0, TITLE_POINTS)
    sheet.height(1, 36)
    ws.merge_range(1, 0, 1, last, camp.name, styles("subtitle"))
    ws.merge_range(2, 0, 2, last, "(TẠM THỜI: xếp theo tỷ lệ phiếu tại từng đơn vị, chờ kết quả "
                   f"bỏ phiếu của {camp.agency.council}; chỉ gồm các trường hợp trong chỉ tiêu và "
                   "không có lỗi)", styles("subtitle"))
    sheet.columns(BEYOND_COLUMNS[:-1], row=4)
    ws.set_column(last, last, BEYOND_COLUMNS[-1].width)
    r = _groups(sheet, 5, cons, beyond=False) + 1
    ws.merge_range(r, 0, r, last, f"CÁC TRƯỜNG HỢP VƯỢT CHỈ TIÊU ({camp.agency.council} xem xét)",
                   styles("title"))
    sheet.height(r, TITLE_POINTS)
    sheet.keep_together(r, r + 2)
    sheet.columns(BEYOND_COLUMNS, row=r + 1)
    end = _groups(sheet, r + 2, cons, beyond=True)
    sheet.laid_out(5, [c.width for c in BEYOND_COLUMNS], end - 1, forced=[r])
