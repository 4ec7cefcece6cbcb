"""Content of the demo submissions: six units of the built-in campaign, every row clean as written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

TAP_THE, CA_NHAN = "tap-the", "ca-nhan"
GIAY_KHEN, BANG_KHEN = "GKGD", "BKUBND"


@dataclass(frozen=True)
class DemoNominee:
    """One proposed collective or person; codes refer to the campaign, work unit "" = own unit."""

    subject: str
    name: str
    award: str
    votes: int
    summary: str
    gender: str = ""
    birth_year: int | None = None
    position: str = ""
    work_unit: str = ""
    note: str = ""


@dataclass(frozen=True)
class DemoUnit:
    """One unit's submission: its unit-info sheet and its nominees, in list order."""

    number: int
    unit: str
    letter_no: str
    letter_date: date
    meeting_date: date
    members_total: int
    members_present: int
    preparer: str
    phone: str
    nominees: tuple[DemoNominee, ...]


def _person(name: str, gender: str, year: int, position: str, award: str, votes: int,
            summary: str, work_unit: str = "", note: str = "") -> DemoNominee:
    """An individual nominee."""
    return DemoNominee(CA_NHAN, name, award, votes, summary, gender, year, position, work_unit, note)


def _collective(name: str, award: str, votes: int, summary: str) -> DemoNominee:
    """A collective nominee (no gender, year of birth or position)."""
    return DemoNominee(TAP_THE, name, award, votes, summary)


SHARED_PERSON = "Đàm Quốc Khánh"
SHARED_OWNER = "TTCNTT"  # his work unit: its proposal stands, the other unit's is withdrawn

UNITS: tuple[DemoUnit, ...] = (
    DemoUnit(
        1, "VP", "21/TTr-VP", date(2021, 5, 21), date(2021, 5, 20), 10, 10,
        "Lương Thị Hồng Vân", "0209 3870 215",
        (
            _person(
                "Hoàng Văn Chiến", "Nam", 1972, "Chánh Văn phòng", BANG_KHEN, 10,
                "Tham mưu Giám đốc Sở ban hành 06 văn bản chỉ đạo, kế hoạch phục vụ bầu cử; "
                "trực tiếp điều phối Tổ công tác phục vụ bầu cử của Sở; tổng hợp báo cáo định kỳ "
                "và đột xuất gửi Ủy ban bầu cử tỉnh đúng thời hạn; bảo đảm điều kiện làm việc và "
                "phòng, chống dịch Covid-19 tại cơ quan trong suốt đợt thi đua."),
            _person(
                "Nông Thị Thu Hằng", "Nữ", 1988, "Chuyên viên", GIAY_KHEN, 9,
                "Theo dõi, tổng hợp tiến độ công tác bầu cử của các phòng, đơn vị; soạn thảo 12 "
                "báo cáo nhanh gửi Ủy ban bầu cử tỉnh và Sở Nội vụ; lập danh sách cử tri của cơ "
                "quan, hướng dẫn toàn thể công chức, viên chức, người lao động kiểm tra thông tin "
                "cử tri và nơi bỏ phiếu."),
        ),
    ),
    DemoUnit(
        2, "TTRA", "05/TTr-TTr", date(2021, 5, 21), date(2021, 5, 20), 5, 5,
        "Hà Văn Quyết", "0209 3871 066",
        (
            _person(
                "Triệu Đức Hải", "Nam", 1975, "Chánh Thanh tra", GIAY_KHEN, 4,
                "Chỉ đạo 02 đợt kiểm tra việc chấp hành pháp luật về viễn thông, Internet và phát "
                "thanh, truyền hình trong thời gian chuẩn bị bầu cử; phối hợp Công an tỉnh xác "
                "minh, xử lý 03 trường hợp đăng tải thông tin sai sự thật về bầu cử trên mạng xã "
                "hội; không để phát sinh khiếu nại, tố cáo thuộc lĩnh vực của Sở."),
            _person(
                "Lục Thị Phương", "Nữ", 1987, "Thanh tra viên", GIAY_KHEN, 3,
                "Tham gia đoàn kiểm tra 14 doanh nghiệp, đại lý cung cấp dịch vụ viễn thông, "
                "Internet tại 08 huyện, thành phố; lập biên bản 02 trường hợp vi phạm về quản lý "
                "thông tin thuê bao; tham mưu giải quyết đúng hạn toàn bộ phản ánh của công dân "
                "liên quan đến thông tin bầu cử."),
        ),
    ),
    DemoUnit(
        3, "BCVT", "09/TTr-BCVT", date(2021, 5, 20), date(2021, 5, 19), 6, 5,
        "Ma Thị Hạnh", "0209 3874 128",
        (
            _collective(
                "Phòng Bưu chính - Viễn thông", GIAY_KHEN, 5,
                "Tham mưu Sở ban hành kế hoạch bảo đảm thông tin liên lạc phục vụ bầu cử; chủ trì, "
                "phối hợp VNPT Bắc Kạn, Viettel Bắc Kạn và Bưu điện tỉnh kiểm tra hạ tầng, bảo đảm "
                "thông tin liên lạc cho 120 tổ bầu cử vùng sâu, vùng xa; bảo đảm chuyển phát tài "
                "liệu, phiếu bầu đúng thời gian; lập phương án dự phòng cho các vùng lõm sóng."),
            _person(
                "Ma Văn Cường", "Nam", 1980, "Phó Trưởng phòng", GIAY_KHEN, 5,
                "Trực tiếp khảo sát vùng lõm sóng tại các xã thuộc huyện Pác Nặm, Ba Bể, Na Rì; "
                "đề xuất doanh nghiệp lắp đặt bổ sung 04 trạm BTS lưu động; tổng hợp báo cáo tình "
                "hình mạng lưới bưu chính, viễn thông hằng ngày gửi lãnh đạo Sở."),
            _person(
                SHARED_PERSON, "Nam", 1990, "Kỹ thuật viên", GIAY_KHEN, 4,
                "Đo kiểm chất lượng sóng di động tại 36 điểm bỏ phiếu vùng cao; cài đặt, hướng dẫn "
                "cán bộ các xã sử dụng phần mềm báo cáo nhanh kết quả bầu cử; trực hỗ trợ kỹ thuật "
                "cho Phòng Bưu chính - Viễn thông trong thời gian cao điểm.",
                note="Được Trung tâm CNTT&TT cử hỗ trợ phòng"),
        ),
    ),
    DemoUnit(
        4, "TTBCXB", "07/TTr-TTBCXB", date(2021, 5, 19), date(2021, 5, 18), 8, 8,
        "Hứa Thị Lan Anh", "0209 3875 312",
        (
            _person(
                "Hà Thị Ngọc Diệp", "Nữ", 1991, "Chuyên viên", GIAY_KHEN, 8,
                "Biên tập, đăng tải 146 tin, bài tuyên truyền về bầu cử trên Cổng thông tin điện tử "
                "của Sở; theo dõi, tổng hợp hằng ngày thông tin báo chí đăng phát về bầu cử; hướng "
                "dẫn đài truyền thanh cấp huyện xây dựng chuyên mục bầu cử."),
            _person(
                "Nguyễn Đức Mạnh", "Nam", 1979, "Phó Trưởng phòng", GIAY_KHEN, 6,
                "Chỉ đạo thực hiện kế hoạch tuyên truyền bầu cử trên báo chí, hệ thống truyền thanh "
                "cơ sở và pa-nô, áp phích; tổ chức 02 hội nghị định hướng thông tin cho các cơ quan "
                "báo chí địa phương; theo dõi, đề xuất xử lý 05 tin, bài có nội dung chưa chính xác "
                "về bầu cử."),
        ),
    ),
    DemoUnit(
        5, "CNTT", "11/TTr-CNTT", date(2021, 5, 21), date(2021, 5, 20), 7, 7,
        "Chu Thị Thảo", "0209 3873 540",
        (
            _person(
                "Bế Văn Thành", "Nam", 1983, "Trưởng phòng", GIAY_KHEN, 6,
                "Tham mưu phương án bảo đảm an toàn thông tin cho Cổng thông tin điện tử tỉnh và "
                "chuyên trang bầu cử; chỉ đạo giám sát an toàn thông tin 24/7, phát hiện, ngăn chặn "
                "kịp thời 1.250 lượt truy cập bất thường; phối hợp kiểm tra hệ thống hội nghị truyền "
                "hình phục vụ Ủy ban bầu cử tỉnh."),
            _person(
                "Trần Thị Mai Hương", "Nữ", 1993, "Chuyên viên", GIAY_KHEN, 5,
                "Xây dựng chuyên trang bầu cử trên Cổng thông tin điện tử tỉnh, cập nhật danh sách "
                "và tiểu sử người ứng cử đúng quy định; hướng dẫn các sở, ngành và UBND cấp huyện "
                "đăng tải văn bản về bầu cử trên trang thông tin điện tử của đơn vị."),
        ),
    ),
    DemoUnit(
        6, "TTCNTT", "15/TTr-TTCNTT", date(2021, 5, 24), date(2021, 5, 22), 20, 19,
        "Lý Thị Kim Oanh", "0209 3878 626",
        (
            _collective(
                "Trung tâm CNTT&TT", GIAY_KHEN, 19,
                "Vận hành ổn định hệ thống hội nghị truyền hình trực tuyến phục vụ 09 hội nghị của "
                "Ủy ban bầu cử tỉnh; trực kỹ thuật 24/7 bảo đảm an toàn Trung tâm dữ liệu tỉnh; hỗ "
                "trợ kỹ thuật cho hệ thống truyền thanh cơ sở phát chuyên mục bầu cử; không để xảy "
                "ra sự cố mất an toàn thông tin."),
            _person(
                "Hoàng Minh Tuấn", "Nam", 1976, "Giám đốc Trung tâm", BANG_KHEN, 19,
                "Trực tiếp chỉ đạo phương án kỹ thuật bảo đảm thông tin liên lạc, hội nghị truyền "
                "hình và an toàn thông tin phục vụ bầu cử; tổ chức 24 ca trực kỹ thuật 24/7 trong "
                "thời gian cao điểm; đề xuất giải pháp sao lưu dự phòng dữ liệu được Ủy ban bầu cử "
                "tỉnh ghi nhận, nhân rộng."),
            _person(
                "Lường Văn Khởi", "Nam", 1981, "Phó Giám đốc Trung tâm", GIAY_KHEN, 19,
                "Phụ trách kỹ thuật hệ thống truyền thanh cơ sở ứng dụng công nghệ thông tin - viễn "
                "thông tại 42 xã; chỉ đạo khắc phục 17 cụm loa hỏng trước ngày bầu cử; bảo đảm phát "
                "chuyên mục bầu cử đủ thời lượng theo kế hoạch."),
            _person(
                "Nông Văn Toàn", "Nam", 1994, "Kỹ thuật viên", GIAY_KHEN, 18,
                "Trực kỹ thuật 24/7 tại Trung tâm dữ liệu tỉnh; giám sát an toàn thông tin, xử lý "
                "06 cảnh báo tấn công vào Cổng thông tin điện tử; hỗ trợ kỹ thuật 09 hội nghị truyền "
                "hình trực tuyến của Ủy ban bầu cử tỉnh."),
            _person(
                SHARED_PERSON, "Nam", 1990, "Kỹ thuật viên", GIAY_KHEN, 13,
                "Cài đặt, vận hành phần mềm tổng hợp báo cáo nhanh kết quả bầu cử; tập huấn cho 108 "
                "cán bộ cấp xã sử dụng phần mềm; trực hỗ trợ kỹ thuật qua điện thoại trong thời gian "
                "chuẩn bị bầu cử."),
        ),
    ),
)
