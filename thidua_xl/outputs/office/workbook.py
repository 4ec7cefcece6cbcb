"""The Office workbook (.xlsm): control sheet with macro buttons, empty result sheets, xlwings.conf.

Written by XlsxWriter only (openpyxl drops buttons). It carries no VBA: the buttons name Subs that
the xlwings add-in's "Import Functions" creates (Windows) or that vba/thidua_macos.bas beside
this module adds (macOS); Excel looks a button's macro up only when it is clicked.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import xlsxwriter

from thidua_xl.campaign import Campaign, builtin_path
from thidua_xl.consolidate.merge import consolidate
from thidua_xl.outputs.council.tally import add_tally_sheets
from thidua_xl.outputs.files import atomic_write_bytes, write_ooxml
from thidua_xl.outputs.office.layout import (
    CONF_ENTRIES,
    CONF_SHEET,
    CONTROL_SHEET,
    DECISION_FIELDS,
    LOG_NAME,
    OFFICE_BUTTONS,
    OFFICE_WORKBOOK,
    RESULT_SHEETS,
    SETTINGS,
    SHEETS_BY_MACRO,
    STATUS_LABEL,
    UNIT_BUTTON,
)
from thidua_xl.outputs.office.recording import FormatProps, header_end, record, replay
from thidua_xl.outputs.template.style import make_styles

XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
FIXED_CREATED = datetime(2020, 1, 1)
VBA_DIR = Path(__file__).resolve().parent / "vba"
MACOS_BAS = "thidua_macos.bas"
BUTTON_SIZE = {"width": 250, "height": 34, "x_offset": 6, "y_offset": 4}
UNIT_BUTTON_SIZE = {"width": 180, "height": 34, "x_offset": 4, "y_offset": 6}
STEP_LINE_CHARS = 150
INPUT_FILL, HINT_COLOUR, HEAD_FILL = "#FFF2CC", "#595959", "#D9E1F2"
TALLY_SPARE = 1000  # rows of the votes sheet the self-checks cover before a button fills them


def _formats(wb: Any) -> dict[str, Any]:
    """Cell formats of the control sheet."""
    border = {"border": 1, "border_color": "#808080"}
    return {
        "title": wb.add_format({"bold": True, "font_size": 15, "align": "center",
                                "valign": "vcenter"}),
        "subtitle": wb.add_format({"italic": True, "align": "center", "valign": "vcenter",
                                   "text_wrap": True}),
        "heading": wb.add_format({"bold": True, "font_size": 13, "bg_color": HEAD_FILL,
                                  "valign": "vcenter"}),
        "label": wb.add_format({"bold": True, "valign": "vcenter", "text_wrap": True, **border}),
        "input": wb.add_format({"bg_color": INPUT_FILL, "valign": "vcenter", "num_format": "@",
                                "locked": False, **border}),
        "hint": wb.add_format({"italic": True, "font_size": 10, "font_color": HINT_COLOUR,
                               "valign": "vcenter", "text_wrap": True}),
        "status": wb.add_format({"valign": "vcenter", "text_wrap": True, "font_color": "#1F4E79",
                                 "bold": True, **border}),
        "help": wb.add_format({"valign": "vcenter", "text_wrap": True}),
        "step": wb.add_format({"valign": "top", "text_wrap": True}),
    }


def campaign_cell(campaign: Campaign) -> str:
    """The campaign path to pre-fill: blank for the built-in example, else the file it came from."""
    if not campaign.source:
        return ""
    source = Path(campaign.source).resolve()
    return "" if source == builtin_path(campaign.id).resolve() else str(source)


def setup_steps() -> tuple[str, ...]:
    """One-time installation steps shown on the control sheet (the README says the same)."""
    return (
        "a) Cài Python 3.11 trở lên, rồi chạy: pip install thidua_xl xlwings — sau đó: "
        "xlwings addin install (Excel có thêm thẻ xlwings).",
        "b) Windows: File → Options → Trust Center → Macro Settings: chọn \"Trust access to "
        "the VBA project object model\". Mở sổ này, Alt+F11 → Tools → References: chọn "
        "xlwings. Thẻ xlwings → Import Functions (một lần), rồi lưu sổ.",
        f"c) macOS: Tools → Macro → Visual Basic Editor: chọn tham chiếu xlwings, rồi File → "
        f"Import File… tệp {MACOS_BAS} (cạnh sổ này), rồi lưu sổ.",
        f"d) Điền mục 1, bấm các nút ở mục 2. Khi có sự cố, chi tiết ghi ở tệp {LOG_NAME} "
        "cạnh sổ này.",
    )


def write_control_sheet(wb: Any, campaign: Campaign) -> Any:
    """"Điều khiển": settings to fill, the status cell, one button per Office macro, setup steps."""
    fmt = _formats(wb)
    ws = wb.add_worksheet(CONTROL_SHEET)
    ws.set_column(0, 0, 38)
    ws.set_column(1, 1, 52)
    ws.set_column(2, 2, 62)
    ws.set_row(0, 30)
    ws.merge_range(0, 0, 0, 2, "SỔ ĐIỀU KHIỂN ĐỢT THI ĐUA KHEN THƯỞNG", fmt["title"])
    ws.set_row(1, 36)
    ws.merge_range(1, 0, 1, 2, campaign.name, fmt["subtitle"])
    ws.merge_range(2, 0, 2, 2, f"{campaign.agency.office} — {campaign.agency.name}",
                   fmt["subtitle"])
    ws.merge_range(4, 0, 4, 2, "1. THIẾT LẬP (điền một lần; đường dẫn tương đối tính từ thư "
                   "mục của sổ này)", fmt["heading"])
    row = 5
    for s in SETTINGS:
        ws.set_row(row, 32)
        ws.write_string(row, 0, s.label, fmt["label"])
        value = campaign_cell(campaign) if s.key == "campaign" else s.default
        ws.write_string(row, 1, value, fmt["input"]) if value else ws.write_blank(
            row, 1, None, fmt["input"])
        ws.write_string(row, 2, s.hint, fmt["hint"])
        row += 1
    for s in DECISION_FIELDS:
        ws.set_row(row, 32)
        ws.write_string(row, 0, s.label, fmt["label"])
        ws.write_blank(row, 1, None, fmt["input"])
        ws.write_string(row, 2, s.hint, fmt["hint"])
        row += 1
    ws.set_row(row, 40)
    ws.write_string(row, 0, STATUS_LABEL, fmt["label"])
    ws.merge_range(row, 1, row, 2, "Chưa chạy lần nào.", fmt["status"])
    row += 2
    ws.merge_range(row, 0, row, 2, "2. CÁC BƯỚC (bấm lần lượt; kết quả ghi vào các sheet bên "
                   "cạnh)", fmt["heading"])
    row += 1
    for button in OFFICE_BUTTONS:
        ws.set_row(row, 32)
        ws.insert_button(row, 0, {"macro": button.macro, "caption": button.caption,
                                  "description": button.help, **BUTTON_SIZE})
        ws.merge_range(row, 1, row, 2, button.help, fmt["help"])
        row += 1
    row += 1
    ws.merge_range(row, 0, row, 2, "3. CÀI ĐẶT MỘT LẦN TRÊN MÁY", fmt["heading"])
    for step in setup_steps():
        row += 1
        ws.set_row(row, 17 * (1 + len(step) // STEP_LINE_CHARS))
        ws.merge_range(row, 0, row, 2, step, fmt["step"])
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
    ws.activate()
    return ws


def write_conf_sheet(wb: Any) -> Any:
    """xlwings.conf: the add-in reads column A keys and column B values; hidden from clerks."""
    ws = wb.add_worksheet(CONF_SHEET)
    ws.set_column(0, 1, 24)
    for r, (key, value) in enumerate(CONF_ENTRIES):
        ws.write_string(r, 0, key)
        ws.write_string(r, 1, value)
    ws.hide()
    return ws


def add_check_button(wb: Any, ws: Any, row: int, markable: Sequence[Any]) -> None:
    """The unit template's optional "Kiểm tra" button; the sheets it marks allow fills and notes."""
    ws.insert_button(row, 0, {"macro": UNIT_BUTTON.macro, "caption": UNIT_BUTTON.caption,
                              "description": UNIT_BUTTON.help, **UNIT_BUTTON_SIZE})
    for sheet in markable:
        if sheet.protect_options:
            sheet.protect_options.update({"format_cells": True, "objects": True})
    write_conf_sheet(wb)


def macro_enable(path: Path) -> None:
    """Mark the package macro-enabled, as Excel requires of a .xlsm, without adding any VBA part."""
    with zipfile.ZipFile(path) as src:
        entries = [(info, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in entries:
            if info.filename == "[Content_Types].xml":
                data = data.replace(XLSX_MAIN.encode(), XLSM_MAIN.encode())
            dst.writestr(info, data)


def write_office_workbook(campaign: Campaign, out_dir: Path) -> Path:
    """Write templates/thidua_van_phong.xlsm (and the macOS .bas beside it); same input, same bytes."""
    target = Path(out_dir) / OFFICE_WORKBOOK

    def build(tmp: Path) -> None:
        wb = xlsxwriter.Workbook(str(tmp), {
            "default_format_properties": {"font_name": "Times New Roman", "font_size": 12},
            "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False})
        try:
            wb.set_properties({"title": "Sổ điều khiển đợt thi đua", "subject": campaign.id,
                               "author": campaign.agency.office, "company": campaign.agency.name,
                               "created": FIXED_CREATED})
            write_control_sheet(wb, campaign)
            write_result_sheets(wb, campaign)
            add_tally_sheets(wb, campaign, [], make_styles(wb), spare=TALLY_SPARE, protect=False)
            write_conf_sheet(wb)
        finally:
            wb.close()
        macro_enable(tmp)

    path = write_ooxml(target, build, kind="so_dieu_khien")
    atomic_write_bytes(Path(out_dir) / MACOS_BAS, (VBA_DIR / MACOS_BAS).read_bytes())
    return path


def empty_hint(sheet: str) -> str:
    """What an empty result sheet says: which button fills it."""
    caption = next((b.caption for b in OFFICE_BUTTONS
                    if sheet in SHEETS_BY_MACRO.get(b.macro, ())), OFFICE_BUTTONS[0].caption)
    return f"Chưa có dữ liệu: bấm nút \"{caption}\" ở sheet \"{CONTROL_SHEET}\"."


def write_result_sheets(wb: Any, campaign: Campaign) -> None:
    """The sheets of tong_hop.xlsx, headings only, laid out by the same writers the macros use."""
    rec = record(consolidate([], campaign), Path("."))
    cache: dict[FormatProps, Any] = {}

    def formats(props: FormatProps) -> Any:
        if props not in cache:
            cache[props] = wb.add_format(dict(props))
        return cache[props]

    hint = wb.add_format({"italic": True, "font_color": HINT_COLOUR})
    for name in RESULT_SHEETS:
        sheet = rec.sheets[name]
        ws = wb.add_worksheet(name)
        last = header_end(sheet)
        replay(sheet, ws, formats, last)
        ws.write_string(last + 1, 0, empty_hint(name), hint)
