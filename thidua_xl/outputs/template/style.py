"""Formats, colours and text helpers shared by the sheets of the standard unit workbook."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

FONT = "Times New Roman"
FONT_SIZE = 12
DATE_FORMAT = "dd/mm/yyyy"
HEADER_FILL = "#DDEBF7"
ERROR_FILL, ERROR_FONT = "#FFC7CE", "#9C0006"
UNMET_FILL = "#F8CB8C"
TODO_FILL = "#FFF2CC"
COMMENT_OPTIONS: dict[str, Any] = {"author": "thidua_xl", "font_name": FONT, "font_size": 11,
                                   "x_scale": 3.2, "y_scale": 2.2}
_THIN = {"border": 1, "border_color": "#808080"}
_EPOCH = datetime(1899, 12, 30)


def workbook_options() -> dict[str, Any]:
    """Fresh XlsxWriter options (it mutates them): Times New Roman as the default font, no
    theme font scheme (Excel would otherwise show the theme's Calibri), no string guessing."""
    return {"default_format_properties": {"font_name": FONT, "font_size": FONT_SIZE,
                                          "font_scheme": "none"},
            "default_row_height": 21, "strings_to_numbers": False, "strings_to_formulas": False,
            "strings_to_urls": False, "remove_timezone": True}


@dataclass(frozen=True)
class Styles:
    """Every cell format and conditional-format style the template uses, created once per book."""

    title: Format
    subtitle: Format
    heading: Format
    group: Format
    text: Format
    code: Format
    header: Format
    header_rotated: Format
    label: Format
    label_required: Format
    value_text: Format
    value_date: Format
    value_int: Format
    value_choice: Format
    cell_text: Format
    cell_center: Format
    cell_mark: Format
    cell_int: Format
    cell_date: Format
    tally_header: Format
    tally_text: Format
    tally_num: Format
    note: Format
    legend_error: Format
    legend_unmet: Format
    legend_todo: Format
    cf_error: Format
    cf_unmet: Format
    cf_todo: Format
    cf_border: Format

    def fill(self, kind: str) -> Format:
        """The conditional format of a rule's colour: "error", "unmet" or "todo"."""
        return {"error": self.cf_error, "unmet": self.cf_unmet, "todo": self.cf_todo}[kind]


def make_styles(wb: Workbook) -> Styles:
    """Create the formats on `wb`; data cells unlocked so clerks can type in a protected sheet."""
    top = {"valign": "top", "text_wrap": True}
    head = {"bold": True, "bg_color": HEADER_FILL, "align": "center", "valign": "vcenter",
            "text_wrap": True, **_THIN}
    value = {"locked": False, "valign": "vcenter", **_THIN}
    cell = {"locked": False, "valign": "top"}
    legend = {"font_size": 11, "valign": "top", "text_wrap": True, **_THIN}
    return Styles(
        title=wb.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter",
                             "text_wrap": True}),
        subtitle=wb.add_format({"italic": True, "align": "center", **top}),
        heading=wb.add_format({"bold": True, "valign": "bottom", "font_size": 13}),
        group=wb.add_format({"bold": True, "italic": True, "valign": "bottom"}),
        text=wb.add_format(top),
        code=wb.add_format({"bold": True, "align": "center", "valign": "top"}),
        header=wb.add_format(head),
        header_rotated=wb.add_format({**head, "rotation": 90}),
        label=wb.add_format({"valign": "vcenter", "text_wrap": True, **_THIN}),
        label_required=wb.add_format({"bold": True, "valign": "vcenter", "text_wrap": True,
                                      **_THIN}),
        value_text=wb.add_format({**value, "num_format": "@", "text_wrap": True}),
        value_date=wb.add_format({**value, "num_format": DATE_FORMAT, "align": "left"}),
        value_int=wb.add_format({**value, "num_format": "0", "align": "left"}),
        value_choice=wb.add_format(value),
        cell_text=wb.add_format({**cell, "text_wrap": True}),
        cell_center=wb.add_format({**cell, "align": "center"}),
        cell_mark=wb.add_format({**cell, "align": "center", "shrink": True}),
        cell_int=wb.add_format({**cell, "align": "center", "num_format": "0"}),
        cell_date=wb.add_format({**cell, "align": "center", "num_format": DATE_FORMAT}),
        tally_header=wb.add_format({**head, "font_size": 11}),
        tally_text=wb.add_format({"valign": "vcenter", "text_wrap": True, "font_size": 11,
                                  **_THIN}),
        tally_num=wb.add_format({"align": "center", "valign": "vcenter", "font_size": 11,
                                 "num_format": "0", **_THIN}),
        note=wb.add_format({"italic": True, "font_size": 11, **top}),
        legend_error=wb.add_format({"bg_color": ERROR_FILL, "font_color": ERROR_FONT, **legend}),
        legend_unmet=wb.add_format({"bg_color": UNMET_FILL, **legend}),
        legend_todo=wb.add_format({"bg_color": TODO_FILL, **legend}),
        cf_error=wb.add_format({"bg_color": ERROR_FILL, "font_color": ERROR_FONT, **_THIN}),
        cf_unmet=wb.add_format({"bg_color": UNMET_FILL, **_THIN}),
        cf_todo=wb.add_format({"bg_color": TODO_FILL, **_THIN}),
        cf_border=wb.add_format(_THIN),
    )


def excel_text(text: str) -> str:
    """A string literal for an Excel formula (quotes doubled)."""
    return '"' + text.replace('"', '""') + '"'


def sheet_ref(sheet: str, ref: str) -> str:
    """A cross-sheet reference with the sheet name always quoted, as Excel and LibreOffice accept."""
    return "'" + sheet.replace("'", "''") + "'!" + ref


def fit(text: str, limit: int) -> str:
    """Shorten text to Excel's length limit for validation titles and messages (UTF-16 units)."""
    if len(text.encode("utf-16-le")) // 2 <= limit:
        return text
    out = text
    while len((out + "…").encode("utf-16-le")) // 2 > limit:
        out = out[:-1]
    return out.rstrip() + "…"


def header_footer_text(text: str) -> str:
    """Campaign text made safe for a print header or footer, where & starts a control code."""
    return text.replace("&", "&&")


def text_lines(text: str, width: float) -> int:
    """Lines a wrapped text needs in a column `width` characters wide (a generous estimate)."""
    per_line = max(1, int(width * 1.15))
    lines = 0
    for part in text.split("\n"):
        words, current = part.split(), 0
        lines += 1
        for word in words:
            need = len(word) + (1 if current else 0)
            if current and current + need > per_line:
                lines, current = lines + 1, len(word)
            else:
                current += need
    return lines


@dataclass(frozen=True)
class Formula:
    """A value to write as a real formula with its cached result (callers plant formula cells)."""

    text: str
    cached: object = None


def excel_serial(value: date) -> float:
    """Excel's day number of a date, the cached result of a date formula."""
    moment = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
    days = (moment.replace(tzinfo=None) - _EPOCH).total_seconds() / 86400
    return int(days) if days.is_integer() else days


def write_value(ws: Worksheet, row: int, col: int, value: object, fmt: Format,
                date_fmt: Format) -> None:
    """Write a value as typed: text never becomes a formula, dates become date cells."""
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, Formula):
        cached = value.cached
        if isinstance(cached, datetime | date):
            cached = excel_serial(cached)
        ws.write_formula(row, col, value.text, fmt, "" if cached is None else cached)
    elif isinstance(value, str):
        ws.write_string(row, col, value, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, fmt)
    elif isinstance(value, datetime | date):
        ws.write_datetime(row, col, value, date_fmt)
    else:
        raise TypeError(f"kiểu giá trị không ghi được vào ô: {type(value).__name__}")
