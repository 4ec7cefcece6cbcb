"""Wording that makes the proposal documents rest on the council's minutes once its vote is recorded."""

from __future__ import annotations

from thidua_xl.outputs.documents.model import Column, Minutes, Para
from thidua_xl.text.dates import fmt_date

MINUTES_KIND = "Biên bản họp"


def minutes_ref(m: Minutes) -> str:
    """"Biên bản họp Hội đồng Thi đua - Khen thưởng Sở ngày 28/05/2021"."""
    return f"{MINUTES_KIND} {m.council} ngày {fmt_date(m.day)}"


def minutes_ground(m: Minutes) -> str:
    """A căn cứ line citing the minutes."""
    return f"Căn cứ {minutes_ref(m)};"


def attendance(m: Minutes) -> str:
    """"có mặt 7/9 thành viên"."""
    return f"có mặt {m.members_present}/{m.members_total} thành viên"


def rate_columns(columns: tuple[Column, ...]) -> tuple[Column, ...]:
    """List columns whose last one names the council's approval instead of the units'."""
    *head, last = columns
    return (*head, Column("Tỷ lệ phiếu đồng ý của Hội đồng", last.width_mm, last.align))


def list_note(m: Minutes) -> str:
    """The Director's list's line saying which vote it follows."""
    return f"theo kết quả bỏ phiếu tại {minutes_ref(m)}"


def left_out_note(m: Minutes, head_title: str) -> str:
    """Note of the annex listing candidates the council did not propose."""
    return (f"(Vượt chỉ tiêu hoặc chưa đạt tỷ lệ phiếu đồng ý tối thiểu theo {minutes_ref(m)}; "
            f"không thuộc danh sách trình {head_title})")


def outcome(m: Minutes, office: str) -> list[Para]:
    """The Office's report of the council's vote, in place of its provisional counts."""
    return [
        Para(f"Ngày {fmt_date(m.day)}, {m.council} đã họp ({attendance(m)}), xem xét hồ sơ do "
             f"{office} tổng hợp, thẩm định và bỏ phiếu kín theo từng nhóm chỉ tiêu. Kết quả như "
             "sau:"),
        Para(f"- Đạt tỷ lệ phiếu đồng ý và trong chỉ tiêu, được Hội đồng đề nghị khen thưởng: "
             f"{m.proposed:02d};"),
        Para(f"- Đạt tỷ lệ phiếu đồng ý nhưng vượt chỉ tiêu: {m.over:02d};"),
        Para(f"- Chưa đạt tỷ lệ phiếu đồng ý tối thiểu: {m.below:02d}."),
    ]


def superior_basis(m: Minutes, plan: str, agency: str) -> str:
    """The sentence of the Tờ trình to the superior saying how the candidates were chosen."""
    lead = f"Thực hiện {plan} của {agency}, các" if plan else "Các"
    return (f"{lead} đơn vị đã tổ chức bình xét, đề nghị khen thưởng; ngày {fmt_date(m.day)}, "
            f"{m.council} đã họp ({attendance(m)}), xét theo tiêu chuẩn, số lượng khen thưởng và "
            f"bỏ phiếu ({minutes_ref(m)}).")
