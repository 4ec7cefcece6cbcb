"""The council tally's layout (phieu_hoi_dong.xlsx): the contract shared by its writer and its reader."""

from __future__ import annotations

from thidua_xl.read.contract import Field

TALLY_FILE = "phieu_hoi_dong.xlsx"
SHEET_MEETING = "Thông tin cuộc họp"
SHEET_VOTES = "Kết quả bỏ phiếu"
STAMP_KIND = "phieu_hoi_dong"
STAMP_KEYS = ("kind", "campaign_id", "fingerprint")
VOTES_MAX = 10_000

MEETING_FIELDS: tuple[Field, ...] = (
    Field("meeting_date", "Ngày họp", ("Ngày họp Hội đồng", "Ngày họp xét"), True),
    Field("place", "Địa điểm", ("Địa điểm họp", "Nơi họp"), True),
    Field("members_total", "Tổng số thành viên Hội đồng",
          ("Tổng số thành viên", "Số thành viên Hội đồng"), True),
    Field("members_present", "Số thành viên có mặt",
          ("Số có mặt", "Thành viên có mặt", "Số thành viên dự họp"), True),
    Field("chair", "Chủ trì", ("Chủ tọa", "Người chủ trì"), True),
    Field("secretary", "Thư ký", ("Người ghi biên bản", "Thư ký cuộc họp"), True),
)

VOTE_COLUMNS: tuple[Field, ...] = (
    Field("stt", "STT", ("Số TT", "TT", "Số thứ tự")),
    Field("award", "Hình thức khen thưởng", ("Hình thức", "Hình thức đề nghị"), True),
    Field("subject", "Đối tượng", ("Tập thể/Cá nhân",), True),
    Field("name", "Họ và tên / Tên tập thể",
          ("Họ và tên", "Họ tên", "Tên tập thể", "Họ và tên/Tên tập thể"), True),
    Field("birth_year", "Năm sinh", ("Sinh năm",)),
    Field("unit", "Đơn vị", ("Đơn vị công tác", "Đơn vị đề nghị")),
    Field("unit_rate", "Tỷ lệ phiếu tại đơn vị", ("Tỷ lệ phiếu đơn vị",)),
    Field("votes", "Số phiếu đồng ý", ("Số phiếu", "Phiếu đồng ý", "Số phiếu tán thành"), True),
    Field("note", "Ghi chú", ()),
)


def field_label(key: str) -> str:
    """The label users see for a tally field key."""
    return next(f.label for f in (*MEETING_FIELDS, *VOTE_COLUMNS) if f.key == key)
