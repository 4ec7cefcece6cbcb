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
MALE, FEMALE = "Nam", "Nữ"
GENDERS = (MALE, FEMALE)
BIRTH_YEAR_MIN = 1940
VOTES_MAX = 10_000
MEMBERS_MAX = 10_000  # a review meeting's members: a larger count is a typing slip
# Header of the column the "Kiểm tra" button writes its messages into; the reader skips it.
RESULT_LABEL = "Kết quả kiểm tra"
# Stamp-sheet key the button template sets: its result columns and fixes sheet ship formatted,
# so the button writes values only.
STAMP_RESULTS_READY = "results_ready"
# Where the template puts values: nominees from this sheet row on, each unit-info value right of
# its label (column A), one field per row in info_fields order.
LIST_FIRST_ROW = 2
INFO_VALUE_COLUMN = "B"

# Defined names of the hidden sheet's lists: dropdown sources and what self-check formulas match.
SUBJECTS = "ds_doi_tuong"
SUBJECT_CODES = "ds_ma_doi_tuong"
GENDERS_LIST = "ds_gioi_tinh"
AWARDS = "ds_hinh_thuc"
AWARD_CODES = "ds_ma_hinh_thuc"
UNITS = "ds_don_vi"
UNIT_CODES = "ds_ma_don_vi"
HEADCOUNTS = "ds_quan_so"
MET_CHOICE = "ds_chon_dat"
MET_MARKS = "ds_danh_dau_dat"
YES_NO = "ds_co_khong"
WORK_UNITS = "ds_noi_cong_tac"
AGENCY = "ds_co_quan"
NA_MARKS = "ds_khong_ap_dung"
MET_OR_NA = "ds_chon_dat_kad"
# Defined names of unit-info values that list-sheet formulas compare against (conditional formats
# cannot point at another sheet directly).
INFO_NAMES = {"members_present": "tt_so_co_mat", "members_total": "tt_tong_so",
              "unit": "tt_don_vi"}


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
    Field("members", "Số người (tập thể)", ("Số người", "Tổng số người", "Số thành viên tập thể")),
    Field("women", "Số nữ (tập thể)", ("Số nữ", "Số lao động nữ", "Trong đó nữ")),
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


def workbook_lists(campaign: Campaign) -> tuple[tuple[str, str, tuple[object, ...]], ...]:
    """(defined name, title, values) of every hidden-sheet list, in column order."""
    return (
        (SUBJECTS, "Đối tượng", tuple(s.label for s in campaign.subjects)),
        (GENDERS_LIST, "Giới tính", GENDERS),
        (AWARDS, "Hình thức khen thưởng", tuple(a.name for a in campaign.awards)),
        (UNITS, "Đơn vị", tuple(u.name for u in campaign.units)),
        (HEADCOUNTS, "Quân số", tuple(u.headcount for u in campaign.units)),
        (MET_CHOICE, "Chọn khi đạt", campaign.met_marks[:1]),
        (MET_MARKS, "Đánh dấu được coi là đạt", campaign.met_marks),
        (YES_NO, "Có/Không", (YES, NO)),
        (SUBJECT_CODES, "Mã đối tượng", tuple(s.code for s in campaign.subjects)),
        (AWARD_CODES, "Mã hình thức", tuple(a.code for a in campaign.awards)),
        (UNIT_CODES, "Mã đơn vị", tuple(u.code for u in campaign.units)),
        (WORK_UNITS, "Cơ quan, đơn vị", (campaign.agency.name, *(u.name for u in campaign.units))),
        (AGENCY, "Cơ quan", (campaign.agency.name,)),
        (NA_MARKS, "Ghi khi không áp dụng", campaign.proposals.not_applicable),
        (MET_OR_NA, "Chọn khi đạt hoặc không áp dụng",
         (*campaign.met_marks[:1], *campaign.proposals.not_applicable[:1])),
    )


def column_letter(index: int) -> str:
    """Spreadsheet column letters for a zero-based column index (0 → A, 26 → AA)."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
