"""The "Thông tin đơn vị" sheet: label/value pairs, their declared checks, a live tally against quotas."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from thidua_xl.campaign import Award, Campaign, Quota, fmt_date, quota_limit
from thidua_xl.campaign.describe import deadline_text, period_text
from thidua_xl.outputs.template.style import (
    Formula,
    Styles,
    excel_text,
    header_footer_text,
    sheet_ref,
    text_lines,
    write_value,
)
from thidua_xl.read import contract
from thidua_xl.read.contract import Field, column_letter
from thidua_xl.rules import workbook_marks

VALUE_COL = 1  # column B, contract.INFO_VALUE_COLUMN: each value right of its label in A
TALLY_COL = 3  # column D: the tally sits right of the label/value pairs, never inside them
_WIDTHS = (36, 30, 2.5, 32, 20, 9, 9, 14)
_LINE_PT = 15.75
_DATES = {"letter_date", "meeting_date"}
_COUNTS = {"members_total", "members_present"}


@dataclass(frozen=True)
class TallyRow:
    """One line of the live tally: an award for one subject, or a combined cap over several."""

    award: Award
    subjects: tuple[str, ...]
    quota: Quota | None


def tally_rows(campaign: Campaign) -> list[TallyRow]:
    """Per award: each subject with its own cap (if any), then each combined cap."""
    out: list[TallyRow] = []
    for award in campaign.awards:
        mine = [q for q in campaign.quotas if q.award == award.code]
        for s in award.subjects:
            own: list[Quota | None] = [q for q in mine if q.subjects == (s,)]
            out += [TallyRow(award, (s,), q) for q in own or [None]]
        out += [TallyRow(award, q.subjects, q) for q in mine if q.combined]
    return out


def _count(rows: Sequence[Mapping[str, object]], award: str, subjects: Sequence[str]) -> int:
    """Rows proposing `award` for one of `subjects`, compared as COUNTIFS does (ignoring case)."""
    wanted = {s.casefold() for s in subjects}
    return sum(1 for r in rows if str(r.get("award") or "").casefold() == award.casefold()
               and str(r.get("subject") or "").casefold() in wanted)


def _quota_cell(q: Quota | None, campaign: Campaign, unit_name: object, unit_cell: str
                ) -> object:
    """The cap shown in the tally: a number, a headcount formula, or a dash when uncapped."""
    if q is None:
        return "—"
    if q.limit is not None:
        return q.limit
    unit = next((u for u in campaign.units if u.name == unit_name), None)
    cached = quota_limit(q, campaign, unit)[0] if unit else ""
    return Formula(f"=IFERROR(INT({q.share}*INDEX({contract.HEADCOUNTS},MATCH({unit_cell},"
                   f"{contract.UNITS},0))+1E-9),\"\")", cached)


def _value_options(f: Field, campaign: Campaign, styles: Styles) -> tuple[Format, dict[str, Any]]:
    """Cell format and data validation of one info value cell."""
    low = date(campaign.period_start.year - 1, 1, 1)
    high = date(campaign.deadline.year + 1, 12, 31)
    last = fmt_date(campaign.last_valid_day)
    if f.key == "unit":
        return styles.value_choice, {
            "validate": "list", "source": f"={contract.UNITS}", "input_title": "Đơn vị đề nghị",
            "input_message": "Chọn tên đơn vị của mình trong danh sách.",
            "error_title": "Đơn vị không hợp lệ",
            "error_message": "Chỉ chọn đơn vị trong danh sách của đợt thi đua."}
    if f.key in _DATES:
        return styles.value_date, {
            "validate": "date", "criteria": "between", "minimum": low, "maximum": high,
            "input_title": f.label,
            "input_message": f"Gõ ngày dạng dd/mm/yyyy, ví dụ {last}. Ngày cuối cùng còn đúng "
                             f"hạn: {last}.",
            "error_title": "Ngày không hợp lệ",
            "error_message": f"Gõ ngày dạng dd/mm/yyyy trong khoảng {fmt_date(low)} – "
                             f"{fmt_date(high)}."}
    if f.key in _COUNTS:
        return styles.value_int, {
            "validate": "integer", "criteria": "between", "minimum": 1, "maximum": contract.MEMBERS_MAX,
            "input_title": f.label, "input_message": "Số người (số nguyên dương).",
            "error_title": "Số không hợp lệ",
            "error_message": f"Gõ số nguyên từ 1 đến {contract.MEMBERS_MAX}."}
    if f.key.startswith("dossier:"):
        return styles.value_choice, {
            "validate": "list", "source": f"={contract.YES_NO}", "input_title": "Thành phần hồ sơ",
            "input_message": f"Chọn {contract.YES} nếu hồ sơ giấy đã có: {f.aliases[0]}"[:255],
            "error_title": "Chỉ chọn Có/Không",
            "error_message": f"Chọn {contract.YES} hoặc {contract.NO}."}
    return styles.value_text, {}


def _write_tally(ws: Worksheet, campaign: Campaign, styles: Styles, info: Mapping[str, object],
                 rows: Sequence[Mapping[str, object]], unit_cell: str, notes_row: int
                 ) -> dict[int, int]:
    """The live tally in D:H, then dates and legend from `notes_row`; returns lines per row."""
    lines: dict[int, int] = {}
    cols = contract.list_columns(campaign)
    letter = {f.key: column_letter(i) for i, f in enumerate(cols)}
    span = {k: sheet_ref(contract.SHEET_LIST, f"${letter[k]}$2:${letter[k]}${contract.DATA_ROWS + 1}")
            for k in ("award", "subject")}
    c = TALLY_COL
    award_col, count_col, cap_col = (column_letter(c + i) for i in (0, 2, 3))
    ws.merge_range(0, c, 0, c + 4, "Số lượng đề nghị trong tệp này (tự đếm, so với chỉ tiêu)",
                   styles.tally_header)
    titles = ("Hình thức khen thưởng", "Đối tượng", "Đề nghị", "Chỉ tiêu", "Phạm vi")
    for i, title in enumerate(titles):
        ws.write_string(1, c + i, title, styles.tally_header)
    lines[1] = max(text_lines(t, w) for t, w in zip(titles, _WIDTHS[c:], strict=False))
    for r, t in enumerate(tally_rows(campaign), start=2):
        labels = [campaign.subject(s).label for s in t.subjects]
        who = " + ".join(labels) + (" (cộng chung)" if len(labels) > 1 else "")
        ws.write_string(r, c, t.award.name, styles.tally_text)
        ws.write_string(r, c + 1, who, styles.tally_text)
        counts = "+".join(f"COUNTIFS({span['award']},${award_col}{r + 1},{span['subject']},"
                          f"{excel_text(label)})" for label in labels)
        ws.write_formula(r, c + 2, "=" + counts, styles.tally_num,
                         _count(rows, t.award.name, labels))
        write_value(ws, r, c + 3, _quota_cell(t.quota, campaign, info.get("unit"), unit_cell),
                    styles.tally_num, styles.tally_num)
        scope = "" if t.quota is None else ("toàn cơ quan" if t.quota.scope == "agency"
                                            else "mỗi đơn vị")
        ws.write_string(r, c + 4, scope, styles.tally_text)
        ws.conditional_format(r, c + 2, r, c + 2, {
            "type": "formula", "format": styles.cf_error,
            "criteria": f"=AND(ISNUMBER(${cap_col}{r + 1}),${count_col}{r + 1}>${cap_col}{r + 1})"})
        lines[r] = max(text_lines(t.award.name, _WIDTHS[c] * 1.1),
                       text_lines(who, _WIDTHS[c + 1] * 1.1))
    notes = [(f"Thời gian đợt thi đua: {period_text(campaign)}.", None),
             (f"Hạn nộp hồ sơ về {campaign.agency.office}: {deadline_text(campaign)}.", None),
             ("Ý nghĩa màu tự kiểm tra:", None),
             ("Lỗi: thiếu thông tin ở dòng đã nhập, sai danh mục, ngày quá hạn hoặc trước đợt "
              "thi đua, số phiếu vượt số có mặt, vượt chỉ tiêu, người của đơn vị khác, cơ quan "
              "tự khen thưởng chính mình.", styles.legend_error),
             (f"Chưa đạt: tiêu chuẩn bắt buộc với đối tượng của dòng chưa chọn "
              f"\"{campaign.met_marks[0]}\".", styles.legend_unmet),
             ("Cần điền: ô bắt buộc (hoặc nên điền) còn trống.", styles.legend_todo)]
    r = max(notes_row, len(tally_rows(campaign)) + 3)
    width = sum(_WIDTHS[c:c + 5])
    for text, fmt in notes:
        ws.merge_range(r, c, r, c + 4, text, fmt or styles.note)
        lines[r] = text_lines(text, width * 1.1)
        r += 1
    return lines


def write_info_sheet(wb: Workbook, campaign: Campaign, styles: Styles,
                     info: Mapping[str, object], rows: Sequence[Mapping[str, object]]
                     ) -> Worksheet:
    """Labels in A, values in B (typed, validated, self-checked), the tally and legend in D:H."""
    ws = wb.add_worksheet(contract.SHEET_INFO)
    fields = contract.info_fields(campaign)
    row_of = {f.key: i for i, f in enumerate(fields)}
    unknown = set(info) - row_of.keys()
    if unknown:
        raise KeyError(f"trường thông tin không có trong mẫu biểu: {sorted(unknown)!r}")
    for i, width in enumerate(_WIDTHS):
        ws.set_column(i, i, width)
    lines: dict[int, int] = {}
    for i, f in enumerate(fields):
        fmt, validation = _value_options(f, campaign, styles)
        ws.write_string(i, 0, f.label, styles.label_required if f.required else styles.label)
        write_value(ws, i, VALUE_COL, info.get(f.key), fmt, styles.value_date)
        if validation:
            ws.data_validation(i, VALUE_COL, i, VALUE_COL, validation)
        lines[i] = max(text_lines(f.label, _WIDTHS[0]), 1)
    for mark in workbook_marks(campaign):
        if mark.sheet == "info":
            i = row_of[mark.key]
            ws.conditional_format(i, VALUE_COL, i, VALUE_COL, {
                "type": "formula", "criteria": "=" + mark.formula,
                "format": styles.fill(mark.fill)})
    for key, name in contract.INFO_NAMES.items():
        wb.define_name(name, "=" + sheet_ref(
            contract.SHEET_INFO, f"${contract.INFO_VALUE_COLUMN}${row_of[key] + 1}"))
    unit_cell = f"${contract.INFO_VALUE_COLUMN}${row_of.get('unit', 0) + 1}"
    for r, n in _write_tally(ws, campaign, styles, info, rows, unit_cell,
                             len(fields) + 1).items():
        lines[r] = max(lines.get(r, 1), n)
    for r, n in sorted(lines.items()):
        if n > 1:
            ws.set_row(r, n * _LINE_PT + 3)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.4, top=0.75, bottom=0.6)
    ws.set_header('&C&"Times New Roman,Bold"&12THÔNG TIN ĐƠN VỊ ĐỀ NGHỊ KHEN THƯỞNG'
                  f'&R&"Times New Roman,Regular"&10Mẫu biểu {header_footer_text(campaign.id)}')
    ws.set_footer('&C&"Times New Roman,Regular"&10Trang &P/&N')
    ws.freeze_panes(0, 1)
    ws.protect("", {"format_columns": True, "format_rows": True})
    return ws
