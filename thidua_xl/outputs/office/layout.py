"""The Office workbook's contract: control-sheet labels, buttons, macro names (writer and macros)."""

from __future__ import annotations

from dataclasses import dataclass

from thidua_xl.outputs.style import (
    SHEET_ALL,
    SHEET_FINDINGS,
    SHEET_LIST,
    SHEET_QUOTA,
    SHEET_UNITS,
)

CONTROL_SHEET = "Điều khiển"
CONF_SHEET = "xlwings.conf"
LOG_NAME = "thidua_xl.log"
OFFICE_WORKBOOK = "thidua_van_phong.xlsm"


@dataclass(frozen=True)
class Setting:
    """One input on the control sheet: key the macros use, label in column A, hint beside it."""

    key: str
    label: str
    hint: str
    default: str = ""


SETTINGS: tuple[Setting, ...] = (
    Setting("campaign", "Tệp định nghĩa đợt thi đua (.toml)",
            "Bỏ trống: dùng đợt thi đua mẫu có sẵn trong chương trình."),
    Setting("inputs", "Thư mục hồ sơ của các đơn vị",
            "Thư mục chứa các tệp Excel đơn vị gửi; đường dẫn tương đối tính từ thư mục của sổ "
            "này.", "ho_so"),
    Setting("output", "Thư mục kết quả",
            "Nơi ghi danh sách và văn bản (Tờ trình, Quyết định…).", "ket_qua"),
    Setting("received", "Sổ nhận hồ sơ (.xlsx/.csv)",
            "Không bắt buộc: cột Đơn vị, Ngày nhận; có sổ thì tính hạn nộp theo ngày nhận."),
    Setting("ledger", "Sổ khen thưởng (.sqlite)",
            "Không bắt buộc: bỏ trống thì dùng tệp ghi trong [ledger] của đợt thi đua, nếu không có "
            "thì so_khen_thuong.sqlite cạnh thư mục kết quả."),
)
STATUS_LABEL = "Trạng thái"

# The signed decision, typed on the control sheet before printing the certificates.
DECISION_FIELDS: tuple[Setting, ...] = (
    Setting("number", "Số quyết định đã ký", "Ví dụ 45/QĐ-STTTT; điền sau khi thủ trưởng ký."),
    Setting("day", "Ngày ký quyết định", "Ngày trước tháng sau, ví dụ 02/06/2021."),
    Setting("layout", "Kiểu in giấy khen",
            "khung: in cả khung trên giấy trắng; phoi: chỉ in chữ lên phôi in sẵn; bỏ trống: "
            "theo tệp định nghĩa đợt thi đua."),
)

# The result sheets of tong_hop.xlsx the Office workbook carries, and which button fills which.
RESULT_SHEETS = (SHEET_ALL, SHEET_QUOTA, SHEET_FINDINGS, SHEET_UNITS, SHEET_LIST)
SHEETS_BY_MACRO: dict[str, tuple[str, ...]] = {
    "kiem_tra_ho_so": (SHEET_FINDINGS, SHEET_UNITS),
    "tong_hop": (SHEET_ALL, SHEET_FINDINGS, SHEET_UNITS),
    "kiem_tra_chi_tieu": (SHEET_QUOTA, SHEET_ALL),
    "lap_danh_sach": (SHEET_LIST,),
}


@dataclass(frozen=True)
class Button:
    """A form button: the VBA Sub it calls (an @xw.script of thidua_xl.excel) and its caption."""

    macro: str
    caption: str
    help: str


OFFICE_BUTTONS: tuple[Button, ...] = (
    Button("kiem_tra_ho_so", "Kiểm tra hồ sơ",
           "Kiểm tra mọi tệp trong thư mục hồ sơ; lỗi liệt kê ở sheet \"Lỗi\", đơn vị ở "
           "sheet \"Đơn vị\"."),
    Button("tong_hop", "Tổng hợp",
           "Tổng hợp mọi đề nghị vào sheet \"Tổng hợp\", kèm nguồn và trạng thái từng dòng."),
    Button("kiem_tra_chi_tieu", "Kiểm tra chỉ tiêu",
           "Đối chiếu chỉ tiêu, xếp thứ tự và kẻ vạch chỉ tiêu ở sheet \"Chỉ tiêu\"."),
    Button("lap_danh_sach", "Lập danh sách & văn bản",
           "Lập danh sách trình Giám đốc (tạm thời), văn bản và phiếu bầu vào thư mục kết quả; "
           "đưa danh sách bỏ phiếu vào sheet \"Kết quả bỏ phiếu\"."),
    Button("ghi_nhan_hoi_dong", "Ghi nhận Hội đồng",
           "Thư ký điền sheet \"Thông tin cuộc họp\" và số phiếu ở sheet \"Kết quả bỏ phiếu\", "
           "rồi bấm: lập biên bản, lập lại danh sách và văn bản theo kết quả Hội đồng."),
    Button("in_giay_khen", "In giấy khen",
           "Điền số và ngày quyết định đã ký (mục 1), rồi bấm: in giấy khen vào thư mục kết quả."),
    Button("xoa_danh_dau", "Xóa đánh dấu",
           "Xóa màu đánh dấu và ghi chú do chương trình tạo."),
)
UNIT_BUTTON = Button("kiem_tra", "Kiểm tra",
                     "Kiểm tra tệp đang mở: tô màu ô có lỗi, ghi lý do ở cột \"Kết quả kiểm "
                     "tra\", liệt kê ở sheet \"Lỗi cần sửa\".")

# Keys the xlwings add-in reads from the xlwings.conf sheet (column A key, column B value; keys are
# case-insensitive). Only keys with a value are written: an empty entry would override the add-in's
# own setting (e.g. the interpreter) with nothing.
CONF_ENTRIES: tuple[tuple[str, str], ...] = (
    ("UDF Modules", "thidua_xl.excel"),
)
