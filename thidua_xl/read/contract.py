"""The standard unit workbook's layout: the one contract shared by the template writer and the reader."""

from __future__ import annotations

from dataclasses import dataclass

from thidua_xl.campaign import Campaign

SHEET_GUIDE = "Hướng dẫn"
SHEET_INFO = "Thông tin đơn vị"
SHEET_LIST = "Danh sách đề nghị"
SHEET_STAMP = "_thidua"
# The list of fixes the "Kiểm tra" button (and marked copies) put first; never holds nominees.
SHEET_FIXES = "Lỗi cần sửa"
STAMP_CAMPAIGN = "thidua_campaign"
STAMP_VERSION = "thidua_version"
DATA_ROWS = 500
YES, NO = "Có", "Không"
GENDERS = ("Nam", "Nữ")
BIRTH_YEAR_MIN = 1940
VOTES_MAX = 10_000
# Header of the column the "Kiểm tra" button writes its messages into; the reader skips it.
RESULT_LABEL = "Kết quả kiểm tra"
# Stamp-sheet key the button template sets: its result columns and fixes sheet ship formatted,
# so the button writes values only.
STAMP_RESULTS_READY = "results_ready"


@dataclass(frozen=True)
class Field:
    """A column or info field: its stable key, the label users see, and labels clerks also type."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False


# Nominee list columns before the criteria columns.
LEAD_COLUMNS: tuple[Field, ...] = (
    Field("stt", "STT", ("Số TT", "TT", "Số thứ tự")),
    Field("subject", "Đối tượng", ("Loại", "Tập thể/Cá nhân", "Đối tượng khen thưởng"), True),
    Field("name", "Họ và tên / Tên tập thể",
          ("Họ và tên", "Họ tên", "Tên tập thể", "Họ và tên/Tên tập thể", "Tên tập thể, cá nhân",
           "Họ tên / Tên tập thể"), True),
    Field("gender", "Giới tính", ("Nam/Nữ", "Giới")),
    Field("birth_year", "Năm sinh", ("Năm sinh (yyyy)", "Sinh năm")),
    Field("position", "Chức vụ", ("Chức vụ, chức danh", "Chức danh")),
    Field("unit", "Đơn vị công tác", ("Đơn vị", "Nơi công tác"), True),
    Field("award", "Hình thức khen thưởng", ("Hình thức", "Hình thức đề nghị", "Danh hiệu"), True),
)
# Nominee list columns after the criteria columns.
TAIL_COLUMNS: tuple[Field, ...] = (
    Field("votes", "Số phiếu đồng ý", ("Số phiếu", "Phiếu đồng ý", "Số phiếu tán thành")),
    Field("summary", "Tóm tắt thành tích", ("Thành tích", "Tóm tắt thành tích đạt được"), True),
    Field("note", "Ghi chú", ()),
)

# Unit-info sheet: label in one column, value in the cell to its right.
INFO_FIELDS: tuple[Field, ...] = (
    Field("unit", "Đơn vị đề nghị", ("Đơn vị", "Tên đơn vị"), True),
    Field("letter_no", "Số tờ trình", ("Số Tờ trình",), True),
    Field("letter_date", "Ngày tờ trình", ("Ngày Tờ trình", "Ngày ký tờ trình"), True),
    Field("meeting_date", "Ngày họp xét", ("Ngày họp",), True),
    Field("members_total", "Tổng số thành viên họp xét", ("Tổng số thành viên",), True),
    Field("members_present", "Số thành viên có mặt", ("Số có mặt", "Thành viên có mặt"), True),
    Field("preparer", "Người lập biểu", ("Người lập",), True),
    Field("phone", "Điện thoại", ("Số điện thoại", "ĐT")),
)


def criterion_key(code: str) -> str:
    """Field key of a criterion column, derived from its code."""
    return f"crit:{code}"


def dossier_key(code: str) -> str:
    """Field key of a dossier checklist item, derived from its code."""
    return f"dossier:{code}"


def list_columns(campaign: Campaign) -> tuple[Field, ...]:
    """Every nominee column in template order: lead, one per criterion, tail."""
    crit = tuple(Field(criterion_key(c.code), c.code) for c in campaign.criteria)
    return LEAD_COLUMNS + crit + TAIL_COLUMNS


def info_fields(campaign: Campaign) -> tuple[Field, ...]:
    """Every unit-info field in template order, the dossier checklist last."""
    dossier = tuple(Field(dossier_key(d.code), d.label, (d.text,), d.required)
                    for d in campaign.dossier)
    return INFO_FIELDS + dossier


def column_letter(index: int) -> str:
    """Spreadsheet column letters for a zero-based column index (0 → A, 26 → AA)."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
