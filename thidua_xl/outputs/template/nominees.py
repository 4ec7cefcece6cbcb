"""The "Danh sách đề nghị" sheet: header, dropdowns, typed data rows and the Python-free self-check
(its formulas come from the rule declarations)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from thidua_xl.campaign import Campaign, Criterion
from thidua_xl.outputs.template.style import (
    COMMENT_OPTIONS,
    Styles,
    fit,
    header_footer_text,
    text_lines,
    write_value,
)
from thidua_xl.read import contract
from thidua_xl.read.contract import Field
from thidua_xl.rules import workbook_marks
from thidua_xl.rules.layout import Book
from thidua_xl.rules.predicates import Started

LINE_PT = 15.75  # one line of 12 pt Times New Roman
FIRST, LAST = 1, contract.DATA_ROWS  # zero-based data rows: sheet rows 2..501
_WIDTHS = {"stt": 5, "subject": 10, "name": 24, "gender": 6.5, "birth_year": 7, "members": 7.5,
           "women": 7, "position": 15, "unit": 19, "award": 19, "votes": 8, "summary": 38,
           "note": 14}
_CRITERION_WIDTH = 4.3
_CENTERED = {"stt", "subject", "gender"}
_WHOLE = {"birth_year", "votes", "members", "women"}


def column_format(field: Field, styles: Styles) -> Format:
    """The unlocked format of a data column."""
    if field.key in _WHOLE:
        return styles.cell_int
    if field.key.startswith("crit:"):
        return styles.cell_mark  # "Không áp dụng" shrinks into a column sized for "Đạt"
    if field.key in _CENTERED:
        return styles.cell_center
    return styles.cell_text


def _flag(criterion: Criterion, campaign: Campaign) -> str:
    """"bắt buộc", "không bắt buộc", and whether "Không áp dụng" may be chosen."""
    flag = "bắt buộc" if criterion.mandatory else "không bắt buộc"
    if criterion.conditional:
        flag += f"; được ghi \"{campaign.proposals.not_applicable[0]}\""
    return flag


def criterion_note(criterion: Criterion, campaign: Campaign) -> str:
    """Header comment: full wording, whether mandatory and for whom."""
    who = ", ".join(campaign.subject(s).label for s in criterion.subjects)
    return f"{criterion.code} ({_flag(criterion, campaign)}; áp dụng cho: {who})\n{criterion.text}"


def _validations(campaign: Campaign) -> dict[str, dict[str, Any]]:
    """Data validation options per column key (criteria handled separately)."""
    subjects = " hoặc ".join(s.label for s in campaign.subjects)
    year = campaign.period_end.year
    return {
        "subject": {"validate": "list", "source": f"={contract.SUBJECTS}",
                    "input_title": "Đối tượng", "input_message": f"Chọn {subjects}.",
                    "error_title": "Đối tượng không hợp lệ",
                    "error_message": f"Chỉ chọn {subjects} trong danh sách."},
        "gender": {"validate": "list", "source": f"={contract.GENDERS_LIST}",
                   "input_title": "Giới tính",
                   "input_message": "Chọn Nam hoặc Nữ; để trống nếu là tập thể.",
                   "error_title": "Giới tính không hợp lệ",
                   "error_message": "Chỉ chọn Nam hoặc Nữ trong danh sách."},
        "birth_year": {"validate": "integer", "criteria": "between",
                       "minimum": contract.BIRTH_YEAR_MIN, "maximum": year,
                       "input_title": "Năm sinh",
                       "input_message": "Gõ đủ 4 chữ số, ví dụ 1980; để trống nếu là tập thể.",
                       "error_title": "Năm sinh không hợp lệ",
                       "error_message": f"Năm sinh là số nguyên từ {contract.BIRTH_YEAR_MIN} đến {year}."},
        "name": {"validate": "list", "source": f"={contract.WORK_UNITS}", "show_error": False,
                 "input_title": "Họ và tên / Tên tập thể",
                 "input_message": "Cá nhân: gõ họ và tên đầy đủ, có dấu. Tập thể: chọn tên cơ "
                                  f"quan, đơn vị trong danh sách ({campaign.agency.name} chỉ "
                                  "được đề nghị hình thức của cấp trên)."},
        "members": {"validate": "integer", "criteria": "between", "minimum": 1,
                    "maximum": contract.MEMBERS_MAX, "input_title": "Số người (tập thể)",
                    "input_message": "Tập thể: tổng số người (không bắt buộc); để trống nếu là "
                                     "cá nhân.",
                    "error_title": "Số người không hợp lệ",
                    "error_message": f"Gõ số nguyên từ 1 đến {contract.MEMBERS_MAX}."},
        "women": {"validate": "integer", "criteria": "between", "minimum": 0,
                  "maximum": contract.MEMBERS_MAX, "input_title": "Số nữ (tập thể)",
                  "input_message": "Tập thể: số nữ trong tập thể (không bắt buộc; dùng khi xét "
                                   "ưu tiên tập thể có nhiều nữ); để trống nếu là cá nhân.",
                  "error_title": "Số nữ không hợp lệ",
                  "error_message": f"Gõ số nguyên từ 0 đến {contract.MEMBERS_MAX}."},
        "unit": {"validate": "list", "source": f"={contract.WORK_UNITS}", "error_type": "warning",
                 "input_title": "Đơn vị công tác",
                 "input_message": "Chọn đơn vị trong danh sách. Có thể gõ tên tổ, bộ phận cụ "
                                  "thể hơn: máy sẽ hỏi lại, bấm Yes để giữ.",
                 "error_title": "Đơn vị ngoài danh sách",
                 "error_message": "Tên này không có trong danh sách đơn vị của đợt thi đua. "
                                  "Bấm Yes để giữ (ví dụ tên tổ, bộ phận), No để sửa lại."},
        "award": {"validate": "list", "source": f"={contract.AWARDS}",
                  "input_title": "Hình thức khen thưởng",
                  "input_message": "Chọn hình thức khen thưởng đề nghị cho dòng này.",
                  "error_title": "Hình thức không hợp lệ",
                  "error_message": "Chỉ chọn hình thức khen thưởng trong danh sách."},
        "votes": {"validate": "integer", "criteria": "between", "minimum": 0,
                  "maximum": contract.VOTES_MAX, "input_title": "Số phiếu đồng ý",
                  "input_message": "Số thành viên họp xét đồng ý (số nguyên), không lớn hơn "
                                   "Số thành viên có mặt ở sheet Thông tin đơn vị.",
                  "error_title": "Số phiếu không hợp lệ",
                  "error_message": f"Số phiếu là số nguyên từ 0 đến {contract.VOTES_MAX}."},
    }


def _criterion_validation(criterion: Criterion, campaign: Campaign) -> dict[str, Any]:
    """Dropdown "Đạt"/empty (and "Không áp dụng" when the criterion may not apply) for one
    criterion column, its wording in the input message."""
    mark, na = campaign.met_marks[0], campaign.proposals.not_applicable[0]
    if criterion.conditional:
        choose = f"Chọn \"{mark}\" nếu đạt, \"{na}\" nếu đơn vị không có nhiệm vụ này"
        source, why = contract.MET_OR_NA, f"{choose}, để trống nếu chưa đạt."
    else:
        choose = f"Chọn \"{mark}\" nếu đạt"
        source, why = contract.MET_CHOICE, f"{choose} tiêu chuẩn, để trống nếu chưa đạt."
    flag = "bắt buộc" if criterion.mandatory else "không bắt buộc"
    return {"validate": "list", "source": f"={source}",
            "input_title": fit(f"{criterion.code} ({flag})", 32),
            "input_message": fit(f"{choose}: {criterion.text}", 255),
            "error_title": "Đánh dấu không hợp lệ", "error_message": fit(why, 255)}


def _print_setup(ws: Worksheet, campaign: Campaign, last_col: int) -> None:
    """A4 landscape, one page wide, header row repeated, agency and page number in the margins."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.set_margins(left=0.4, right=0.4, top=0.75, bottom=0.6)
    agency = header_footer_text(campaign.agency.name)
    ws.set_header(f'&L&"Times New Roman,Regular"&10{agency}'
                  '&C&"Times New Roman,Bold"&12DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG'
                  f'&R&"Times New Roman,Regular"&10Mẫu biểu {header_footer_text(campaign.id)}')
    ws.set_footer('&C&"Times New Roman,Regular"&10Trang &P/&N')
    ws.freeze_panes(1, 3)
    ws.autofilter(0, 0, LAST, last_col)


def write_list_sheet(wb: Workbook, campaign: Campaign, styles: Styles,
                     rows: Sequence[Mapping[str, object]]) -> Worksheet:
    """Header, column formats, validations, self-check formats, then the given rows."""
    ws = wb.add_worksheet(contract.SHEET_LIST)
    cols = contract.list_columns(campaign)
    by_key = {f.key: i for i, f in enumerate(cols)}
    crit = {contract.criterion_key(c.code): c for c in campaign.criteria}
    ws.set_row(0, 60)
    for i, f in enumerate(cols):
        ws.set_column(i, i, _CRITERION_WIDTH if f.key in crit else _WIDTHS.get(f.key, 12),
                      column_format(f, styles))
        ws.write_string(0, i, f.label, styles.header_rotated if f.key in crit else styles.header)
        if f.key in crit:
            ws.write_comment(0, i, criterion_note(crit[f.key], campaign), COMMENT_OPTIONS)
    for key, options in _validations(campaign).items():
        ws.data_validation(FIRST, by_key[key], LAST, by_key[key], options)
    for key, criterion in crit.items():
        ws.data_validation(FIRST, by_key[key], LAST, by_key[key],
                           _criterion_validation(criterion, campaign))
    for mark in workbook_marks(campaign):
        if mark.sheet == "list":
            ws.conditional_format(FIRST, by_key[mark.key], LAST, by_key[mark.key],
                                  {"type": "formula", "criteria": "=" + mark.formula,
                                   "format": styles.fill(mark.fill)})
    last_col = len(cols) - 1
    ws.conditional_format(FIRST, 0, LAST, last_col,
                          {"type": "formula", "format": styles.cf_border,
                           "criteria": "=" + Started().excel(Book.of(campaign), "list")})
    if len(rows) > contract.DATA_ROWS:
        raise ValueError(f"mẫu biểu chỉ có {contract.DATA_ROWS} dòng dữ liệu, "
                         f"nhận được {len(rows)} dòng")
    for r, row in enumerate(rows, start=FIRST):
        unknown = set(row) - by_key.keys()
        if unknown:
            raise KeyError(f"cột không có trong mẫu biểu: {sorted(unknown)!r}")
        for key, value in row.items():
            col = by_key[key]
            write_value(ws, r, col, value, column_format(cols[col], styles), styles.cell_date)
        lines = max((text_lines(v, _WIDTHS.get(k, _CRITERION_WIDTH)) for k, v in row.items()
                     if isinstance(v, str)), default=1)
        if lines > 1:
            ws.set_row(r, lines * LINE_PT + 2)
    _print_setup(ws, campaign, last_col)
    ws.protect("", {"format_columns": True, "format_rows": True, "sort": True,
                    "autofilter": True, "delete_rows": True})
    return ws
