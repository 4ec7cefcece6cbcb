"""The unit template's button variant: what the "Kiểm tra" button fills ships laid out and unlocked,
so every click, the first included, writes values only."""

from __future__ import annotations

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from thidua_xl.campaign import Campaign
from thidua_xl.outputs.style import (
    BUTTON_FIXES_HEADER_FILL,
    BUTTON_FIXES_HEADER_ROW,
    BUTTON_FIXES_WIDTHS,
    FIXES_HEADERS,
    RESULT_INFO_WIDTH,
    RESULT_LIST_WIDTH,
    SHEET_FIXES,
)
from thidua_xl.outputs.template.style import Styles
from thidua_xl.read import contract

INFO_RESULT_COL = 2  # column C: right of the unit-info values in column B
LAST_ROW = 1_048_575  # whole columns: the printout ends where the data ends


def result_format(wb: Workbook) -> Format:
    """Result cells: writable on the protected sheet, wrapped like the button's own formatting."""
    return wb.add_format({"locked": False, "text_wrap": True, "valign": "top"})


def premake_list_results(ws: Worksheet, campaign: Campaign, styles: Styles, free: Format) -> None:
    """The list's result column after the last template column: header, width, wrap, unlocked;
    printing stops at the template's columns, so the messages stay on screen only."""
    last = len(contract.list_columns(campaign))
    ws.set_column(last, last, RESULT_LIST_WIDTH, free)
    ws.write_string(0, last, contract.RESULT_LABEL, styles.header)
    ws.print_area(0, 0, LAST_ROW, last - 1)


def premake_info_results(ws: Worksheet, campaign: Campaign, free: Format) -> None:
    """Column C beside the unit-info values: as wide as the button makes it, wrapped, unlocked."""
    ws.set_column(INFO_RESULT_COL, INFO_RESULT_COL, RESULT_INFO_WIDTH)
    for r in range(len(contract.info_fields(campaign))):
        ws.write_blank(r, INFO_RESULT_COL, None, free)


def write_fixes_sheet(wb: Workbook) -> Worksheet:
    """"Lỗi cần sửa" as the button leaves it before its first finding (widths, filled header),
    printing A4 landscape one page wide, which the button's clearing keeps."""
    ws = wb.add_worksheet(SHEET_FIXES)
    for columns, width in BUTTON_FIXES_WIDTHS:
        ws.set_column(columns, width)
    head = wb.add_format({"bg_color": BUTTON_FIXES_HEADER_FILL})
    for c, title in enumerate(FIXES_HEADERS):
        ws.write_string(BUTTON_FIXES_HEADER_ROW - 1, c, title, head)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(BUTTON_FIXES_HEADER_ROW - 1)
    return ws


def premake_results(wb: Workbook, campaign: Campaign, styles: Styles, info_ws: Worksheet,
                    list_ws: Worksheet) -> None:
    """Every place the button writes, laid out once here instead of on the clerk's first click."""
    free = result_format(wb)
    premake_list_results(list_ws, campaign, styles, free)
    premake_info_results(info_ws, campaign, free)
    write_fixes_sheet(wb)
