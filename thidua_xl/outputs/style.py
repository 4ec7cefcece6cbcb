"""Presentation shared by every workbook writer: severity colours and the sheet names users see."""

from __future__ import annotations

from thidua_xl.findings import Severity
from thidua_xl.read.contract import SHEET_FIXES as SHEET_FIXES

SEVERITY_RGB = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C", Severity.INFO: "DDEBF7"}
OVER_QUOTA_RGB = "F8CBAD"
SHEET_ALL = "Tổng hợp"
SHEET_QUOTA = "Chỉ tiêu"
SHEET_FINDINGS = "Lỗi"
SHEET_UNITS = "Đơn vị"
SHEET_LIST = "Danh sách trình Giám đốc"
FIXES_HEADERS = ("STT", "Mức", "Mã", "Sheet", "Ô", "Giá trị", "Nội dung")
FIXES_WIDTHS = (6, 11, 22, 22, 8, 30, 70)
# The unit's "Kiểm tra" button: its fixes sheet (summary row, filled header row, column widths) and
# its result columns, as the button writes them live and the button template ships them pre-made.
BUTTON_FIXES_SUMMARY_ROW, BUTTON_FIXES_HEADER_ROW = 1, 2
BUTTON_FIXES_HEADER_FILL = "#d9d9d9"
BUTTON_FIXES_WIDTHS = (("A:F", 12), ("G:G", 90))
RESULT_LIST_WIDTH, RESULT_INFO_WIDTH = 60, 40


def hex_colour(rgb: str) -> str:
    """An RGB hex as XlsxWriter and Excel write it ("#FFC7CE")."""
    return f"#{rgb}"
