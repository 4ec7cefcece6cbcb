"""The council's papers in the ND30 layout: a secret ballot per quota group, and the minutes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from thidua_xl.campaign import Campaign
from thidua_xl.campaign.describe import council_text, tie_breaker_text
from thidua_xl.council.contract import TALLY_FILE
from thidua_xl.outputs.documents.common import (
    Dates,
    Names,
    count,
    counts,
    filed,
    lower_first,
    number,
    office_header,
    polish,
)
from thidua_xl.outputs.documents.lists import OVER_SHOWN
from thidua_xl.outputs.documents.model import (
    ISSUER_PT,
    PARENT_PT,
    Column,
    Document,
    Header,
    ListEntry,
    Para,
    Row,
    Signer,
    Table,
    balance,
    header_left_mm,
)
from thidua_xl.outputs.numbering import short_name
from thidua_xl.text.dates import fmt_date, nd30_date
from thidua_xl.text.numbers import percent, roman

BALLOT_COLUMNS = (Column("STT", 14, "center"), Column("Tên tập thể / Họ và tên", 52),
                  Column("Chức vụ, đơn vị công tác", None), Column("Đồng ý", 20, "center"),
                  Column("Không đồng ý", 22, "center"))
RESULT_COLUMNS = (Column("STT", 14, "center"), Column("Tên tập thể / Họ và tên", 42),
                  Column("Chức vụ, đơn vị công tác", None), Column("Số phiếu đồng ý", 20, "center"),
                  Column("Tỷ lệ", 17, "center"), Column("Kết quả", 30, "center"))
RESULT_PROPOSED, RESULT_OVER, RESULT_BELOW = ("Đề nghị khen thưởng", "Vượt chỉ tiêu",
                                              "Chưa đạt tỷ lệ phiếu")
HOUR_BLANK = "……"


@dataclass(frozen=True)
class Group:
    """A quota group as the council sees it: its name, its cap and its candidates in order."""

    key: str
    award: str
    label: str
    limit: int | None
    entries: tuple[ListEntry, ...]
    results: tuple[str, ...] = ()


@dataclass(frozen=True)
class Meeting:
    """The meeting the minutes record."""

    day: date
    place: str
    members_total: int
    members_present: int
    chair: str
    secretary: str


def council_header(campaign: Campaign, number_line: str, place_date: str) -> Header:
    """Header of a paper of the council: agency over council, each broken evenly when too long."""
    width = header_left_mm(False)
    return Header(balance(campaign.agency.name.upper(), PARENT_PT, width),
                  balance(campaign.agency.council.upper(), ISSUER_PT, width), number_line,
                  place_date)


def cap_text(limit: int | None) -> str:
    """"chỉ tiêu: không quá 03" or that the group has no cap."""
    return f"chỉ tiêu: không quá {count(limit)}" if limit is not None else "không giới hạn chỉ tiêu"


def ballot(campaign: Campaign, group: Group, dates: Dates) -> Document:
    """Phiếu bầu: one page per quota group; members tick Đồng ý or Không đồng ý, sign nothing."""
    role = Names(campaign, outward=False).role
    shown = group.entries[:(group.limit or 0) + OVER_SHOWN]
    rows = tuple(Row("entry", (str(n), e.name, role(e), "", ""))
                 for n, e in enumerate(shown, start=1))
    if len(group.entries) > len(shown):
        rows += (Row("none", (f"… và {count(len(group.entries) - len(shown))} trường hợp khác vượt "
                              f"chỉ tiêu: danh sách đầy đủ ở phiếu tổng hợp {TALLY_FILE}.",)),)
    return polish(Document(
        key=f"phieu_bau_{group.key}", template="phieu_bau", title=f"Phiếu bầu — {group.label}",
        header=council_header(campaign, "", dates.to_sign()), kind="PHIẾU BẦU",
        summary=f"Xét khen thưởng tổng kết {lower_first(campaign.name)}",
        note=f"({group.label}; {cap_text(group.limit)}; {count(len(group.entries))} trường hợp)",
        body=(Para("Thành viên Hội đồng đánh dấu (X) vào một trong hai ô \"Đồng ý\" hoặc \"Không "
                   "đồng ý\" của từng trường hợp. Trường hợp không đánh dấu hoặc đánh dấu cả hai ô "
                   "không được tính là phiếu đồng ý."),),
        table=Table(BALLOT_COLUMNS, rows or (Row("none", ("Không có.",)),)),
        closing=(Para("Phiếu bầu kín: không ghi tên người bầu. Bỏ phiếu xong, gấp phiếu lại và bỏ "
                      "vào hòm phiếu."),)))


def _result_rows(campaign: Campaign, groups: Sequence[Group]) -> tuple[Row, ...]:
    """Per group a heading, then each candidate with votes, share and outcome."""
    role = Names(campaign, outward=False).role
    rows: list[Row] = []
    for i, g in enumerate(groups, start=1):
        rows.append(Row("section", (f"{roman(i)}. {g.label} ({cap_text(g.limit)})",)))
        for n, (e, result) in enumerate(zip(g.entries, g.results, strict=True), start=1):
            votes = f"{e.votes}/{e.members_total}" if e.votes is not None else ""
            rows.append(Row("entry", (str(n), e.name, role(e), votes, percent(e.approval),
                                      result)))
    return tuple(rows) or (Row("none", ("Không có.",)),)


def _named(entries: Sequence[ListEntry]) -> str:
    """Names in a sentence: "Ông A; Bà B; Tập thể C"."""
    def one(e: ListEntry) -> str:
        if not e.gender:
            return e.name
        return f"{'bà' if e.gender == 'Nữ' else 'ông'} {e.name}"
    return "; ".join(map(one, entries))


def _conclusion(campaign: Campaign, groups: Sequence[Group]) -> list[Para]:
    """What the council proposes, award by award, and who it leaves out."""
    ag = campaign.agency
    out: list[Para] = []
    for award in campaign.awards:
        chosen = [e for g in groups if g.award == award.code
                  for e, r in zip(g.entries, g.results, strict=True) if r == RESULT_PROPOSED]
        if not chosen:
            continue
        verb = (f"đề nghị {ag.head_title} tặng {award.name}" if award.level == "agency" else
                f"đề nghị {ag.head_title} trình {award.authority or ag.superior_head} tặng "
                f"{short_name(award)}")
        out.append(Para(f"- Hội đồng thống nhất {verb} cho {counts(campaign, chosen)}: "
                        f"{_named(chosen)}."))
    for result, words in ((RESULT_OVER, "đạt tỷ lệ phiếu nhưng vượt chỉ tiêu, không đề nghị"),
                          (RESULT_BELOW, "chưa đạt tỷ lệ phiếu đồng ý tối thiểu, không đề nghị")):
        left = [e for g in groups for e, r in zip(g.entries, g.results, strict=True) if r == result]
        if left:
            out.append(Para(f"- Các trường hợp {words}: {_named(left)}."))
    if not out:
        out.append(Para("- Không có trường hợp nào được Hội đồng đề nghị khen thưởng."))
    return out


def minutes(campaign: Campaign, meeting: Meeting, groups: Sequence[Group]) -> Document:
    """Biên bản họp Hội đồng (ND30 form): time, place, who, content, the vote, conclusion."""
    ag, name = campaign.agency, lower_first(campaign.name)
    candidates = sum(len(g.entries) for g in groups)
    absent = meeting.members_total - meeting.members_present
    day_line = nd30_date(meeting.day, "")
    body = (
        Para(f"Thời gian bắt đầu: {HOUR_BLANK} giờ {HOUR_BLANK} phút, {day_line}."),
        Para(f"Địa điểm: {meeting.place}."),
        Para(f"Thành phần tham dự: {meeting.members_present}/{meeting.members_total} thành viên "
             f"{ag.council}" + (f" (vắng {count(absent)} thành viên)." if absent else ".")),
        Para(f"Chủ trì: {meeting.chair}."),
        Para(f"Thư ký: {meeting.secretary}."),
        Para(f"Hội đồng xem xét hồ sơ đề nghị khen thưởng tổng kết {name} do {ag.office} tổng hợp, "
             f"thẩm định: {count(candidates)} trường hợp hợp lệ trong {count(len(groups))} nhóm chỉ "
             f"tiêu; bỏ phiếu kín theo từng nhóm (phiếu bầu kèm theo). Quy định: "
             f"{council_text(campaign)}. Trong mỗi nhóm, {tie_breaker_text(campaign)}.",
             "Nội dung:"),
        Para("Kết quả bỏ phiếu như sau:"),
    )
    closing = (Para("", "Kết luận:"), *_conclusion(campaign, groups),
               Para(f"Cuộc họp kết thúc vào {HOUR_BLANK} giờ {HOUR_BLANK} phút cùng ngày. Biên bản "
                    "đã được thông qua trước Hội đồng./."))
    return polish(Document(
        key="bien_ban_hop_hoi_dong", template="bien_ban", title=f"Biên bản họp {ag.council}",
        header=council_header(campaign, number("BB", campaign),
                              nd30_date(meeting.day, ag.place)),
        kind="BIÊN BẢN", summary=f"Họp {ag.council} xét khen thưởng tổng kết {name}",
        body=body, table=Table(RESULT_COLUMNS, _result_rows(campaign, groups)), closing=closing,
        cc=(f"{ag.head_title} (b/c);", f"{ag.office};", filed(campaign)),
        signer=Signer("CHỦ TRÌ", meeting.chair), cosigner=Signer("THƯ KÝ", meeting.secretary)))



HANDOUT_COLUMNS = (Column("STT", 14, "center"), Column("Tên tập thể / Họ và tên", 55),
                   Column("Chức vụ, đơn vị công tác", None), Column("Ký nhận", 30, "center"))


def handout_list(campaign: Campaign, award_code: str, number: str, day: date,
                 entries: Sequence[ListEntry], meeting: date | None) -> Document:
    """Danh sách nhận giấy khen: who the signed decision awards, on what list it rests (the council's
    meeting, or none recorded), a column to sign for the certificate."""
    ag, award = campaign.agency, campaign.award(award_code)
    basis = (Para(f"Danh sách theo kết quả bỏ phiếu tại Biên bản họp {ag.council} ngày "
                  f"{fmt_date(meeting)}.") if meeting else
             Para(f"Lưu ý: chưa ghi nhận kết quả họp {ag.council}; danh sách lấy theo kết quả tổng "
                  f"hợp của {ag.office} (xếp theo tỷ lệ phiếu tại đơn vị)."))
    role = Names(campaign, outward=False).role
    rows = tuple(Row("entry", (str(n), e.name, role(e), ""))
                 for n, e in enumerate(entries, start=1))
    return polish(Document(
        key="danh_sach_nhan_giay_khen", template="danh_sach_nhan",
        title=f"Danh sách nhận {short_name(award)}",
        header=office_header(campaign, "", nd30_date(day, ag.place)),
        kind="DANH SÁCH", summary=f"Tập thể, cá nhân được tặng {award.name}",
        note=f"(Theo Quyết định số {number} {nd30_date(day, '')} của {ag.head_title} "
             f"{ag.name})", body=(basis,),
        table=Table(HANDOUT_COLUMNS, rows or (Row("none", ("Không có.",)),))))
