"""The wording of each document, composed from the campaign so nothing about a campaign is fixed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from thidua_xl.campaign import Award, Campaign
from thidua_xl.outputs.documents import citing
from thidua_xl.outputs.documents.model import (
    BLANK,
    ISSUER_PT,
    PARENT_PT,
    AwardList,
    Column,
    Document,
    FixRequest,
    Header,
    ListEntry,
    ListPage,
    Minutes,
    Para,
    Row,
    Signer,
    Table,
    balance,
    header_left_mm,
)
from thidua_xl.outputs.style import SHEET_FINDINGS, SHEET_LIST
from thidua_xl.text.dates import nd30_blank_date, nd30_date
from thidua_xl.text.numbers import roman
from thidua_xl.text.vietnamese import fold

LAW = "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
DECREE = "Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết Luật Thi đua, khen thưởng"
FILED = "Lưu: VT, HSTĐKT."
def count(n: int) -> str:
    """A count as official letters write it: 02, 03, 12."""
    return f"{n:02d}"


def lower_first(text: str) -> str:
    """Lower-case the first letter so a campaign name reads inside a sentence, acronyms kept."""
    if len(text) > 1 and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def short_name(award: Award) -> str:
    """"Bằng khen của Chủ tịch UBND tỉnh" → "Bằng khen", for "tặng Bằng khen" after the authority."""
    head, sep, _ = award.name.partition(" của ")
    return head if sep else award.name


def rate(entry: ListEntry) -> str:
    """Approval rate in Vietnamese style, "92,9%", with the vote count when known."""
    if entry.approval is None:
        return ""
    text = f"{entry.approval * 100:.1f}".replace(".", ",").removesuffix(",0") + "%"
    if entry.votes is not None and entry.members_total:
        text += f"\n({entry.votes}/{entry.members_total})"
    return text


def role(entry: ListEntry) -> str:
    """Chức vụ – đơn vị column: position and work unit, without repeating a collective's own name."""
    parts = (entry.position, entry.work_unit or entry.unit_name)
    return ", ".join(p for p in parts if p and fold(p) != fold(entry.name))


def grouped(campaign: Campaign, entries: Sequence[ListEntry]) -> list[tuple[str, list[ListEntry]]]:
    """Entries by subject in the campaign's subject order, unknown subjects last, order kept."""
    order = [s.code for s in campaign.subjects]
    order += [e.subject for e in entries if e.subject not in order]
    labels = {s.code: s.label for s in campaign.subjects}
    groups = [(labels.get(c, c), [e for e in entries if e.subject == c]) for c in order]
    return [(label, items) for label, items in groups if items]


def counts(campaign: Campaign, entries: Sequence[ListEntry]) -> str:
    """"02 tập thể và 03 cá nhân" for a proposal sentence."""
    parts = [f"{count(len(items))} {label.lower()}" for label, items in grouped(campaign, entries)]
    return " và ".join(parts) if parts else "00"


def ordered(campaign: Campaign, lists: Sequence[AwardList], level: str) -> list[AwardList]:
    """Award lists of one level, in the campaign's award order."""
    rank = {a.code: i for i, a in enumerate(campaign.awards)}
    return sorted((x for x in lists if campaign.award(x.award_code).level == level),
                  key=lambda x: rank[x.award_code])


def section_title(campaign: Campaign, award: Award) -> str:
    """Section heading: the award itself, or "Đề nghị <who> tặng <award>" when a superior decides."""
    if award.level == "agency":
        return award.name
    return f"Đề nghị {award.authority or campaign.agency.superior_head} tặng {short_name(award)}"


LIST_COLUMNS = (Column("STT", 12, "center"), Column("Tên tập thể / Họ và tên", 55),
                Column("Chức vụ, đơn vị công tác", 60), Column("Tóm tắt thành tích", None, "justify"),
                Column("Tỷ lệ phiếu đồng ý", 26, "center"))
AWARDED_COLUMNS = (Column("STT", 14, "center"), Column("Tên tập thể / Họ và tên", 65),
                   Column("Chức vụ, đơn vị công tác", None))
PROPOSED_COLUMNS = LIST_COLUMNS[:4]


def _cells(entry: ListEntry, n: int, width: int) -> tuple[str, ...]:
    """One entry row cut to the first `width` list columns."""
    return (str(n), entry.name, role(entry), entry.summary, rate(entry))[:width]


def group_rows(campaign: Campaign, entries: Sequence[ListEntry], width: int,
               numbering: str = "arabic") -> list[Row]:
    """Subject sub-headings ("1. Tập thể") then numbered entries, numbering restarting per group."""
    rows: list[Row] = []
    for i, (label, items) in enumerate(grouped(campaign, entries), start=1):
        mark = roman(i) if numbering == "roman" else str(i)
        rows.append(Row("group", (f"{mark}. {label}",)))
        rows += [Row("entry", _cells(e, n, width)) for n, e in enumerate(items, start=1)]
    return rows


# Over-quota cases a document lists per award form; the full list stays in the workbook.
OVER_SHOWN = 100
FULL_LIST = f"sheet \"{SHEET_LIST}\" của bảng tổng hợp"


def beyond_count(lists: Sequence[AwardList]) -> int:
    """How many proposals are over the caps, across award forms."""
    return sum(len(x.beyond) for x in lists)


def list_table(campaign: Campaign, lists: Sequence[AwardList], beyond: bool,
               columns: tuple[Column, ...] = LIST_COLUMNS) -> Table:
    """The Director's list (or the over-quota list): I. agency awards, II. proposals upward.

    The over-quota list shows at most OVER_SHOWN cases per award form, first in priority order,
    then one line saying how many more there are and where the full list is: a document listing
    thousands of rows would take hundreds of megabytes to build and nobody would read it."""
    rows: list[Row] = []
    chosen = [x for level in ("agency", "superior") for x in ordered(campaign, lists, level)]
    for x in chosen:
        entries = x.beyond if beyond else x.within
        if beyond and not entries:
            continue
        award = campaign.award(x.award_code)
        rows.append(Row("section", (f"{roman(sum(r.kind == 'section' for r in rows) + 1)}. "
                                    f"{section_title(campaign, award)}",)))
        shown = entries[:OVER_SHOWN] if beyond else entries
        rows += group_rows(campaign, shown, len(LIST_COLUMNS)) or [Row("none", ("Không có.",))]
        if len(entries) > len(shown):
            rows.append(Row("none", (f"… và {count(len(entries) - len(shown))} khác vượt chỉ tiêu "
                                     f"(danh sách đầy đủ: {FULL_LIST}).",)))
    return Table(columns, tuple(rows) or (Row("none", ("Không có.",)),))


class Dates:
    """Date lines: the Office dates its papers today; papers the head signs keep the day blank."""

    def __init__(self, campaign: Campaign, today: date | None):
        self.place = campaign.agency.place
        self.today = today
        self.year = (today or campaign.deadline).year

    def issued(self, place: bool = True) -> str:
        """Today in ND30 wording, or a blank day when no date was given."""
        where = self.place if place else ""
        return nd30_date(self.today, where) if self.today else nd30_blank_date(self.year, where)

    def to_sign(self, place: bool = True) -> str:
        """Day left blank for the signer, month and year filled when known."""
        month = self.today.month if self.today else None
        return nd30_blank_date(self.year, self.place if place else "", month)


def number(kind_code: str, campaign: Campaign) -> str:
    """"Số:        /TTr-STTTT": the number is left blank for the clerk's register."""
    suffix = campaign.agency.code_suffix
    return f"Số:{BLANK}/{kind_code}-{suffix}" if kind_code else f"Số:{BLANK}/{suffix}"


def office_code(campaign: Campaign) -> str:
    """The Office's own unit code when the unit list names it, for the công văn-style number."""
    office = fold(campaign.agency.office)
    return next((u.code for u in campaign.units if fold(u.name) == office), "")


def _header(parent: str, issuer: str, number_line: str, place_date: str, draft: bool = False,
            landscape: bool = False) -> Header:
    """Header with agency names in capitals, each broken evenly when it would not fit."""
    width = header_left_mm(landscape)
    return Header(balance(parent.upper(), PARENT_PT, width),
                  balance(issuer.upper(), ISSUER_PT, width), number_line, place_date, draft)


def office_header(campaign: Campaign, number_line: str, place_date: str,
                  landscape: bool = False) -> Header:
    """Header of a paper the Office issues: agency over Office."""
    ag = campaign.agency
    return _header(ag.name, ag.office, number_line, place_date, landscape=landscape)


def agency_header(campaign: Campaign, number_line: str, place_date: str, draft: bool) -> Header:
    """Header of a paper the agency issues: parent agency over agency."""
    ag = campaign.agency
    return _header(ag.parent, ag.name, number_line, place_date, draft)


def director_list(campaign: Campaign, lists: Sequence[AwardList], dates: Dates,
                  council: Minutes | None = None) -> Document:
    """Danh sách đề nghị khen thưởng: within the caps for the head; over the caps for the council."""
    ag, name = campaign.agency, lower_first(campaign.name)
    columns = citing.rate_columns(LIST_COLUMNS) if council else LIST_COLUMNS
    annexes: tuple[ListPage, ...] = ()
    if any(x.beyond for x in lists):
        over = beyond_count(lists)
        cut = (f" (Có {count(over)} trường hợp; văn bản này nêu tối đa {OVER_SHOWN} trường hợp "
               f"đứng đầu mỗi hình thức, danh sách đầy đủ: {FULL_LIST}.)"
               if any(len(x.beyond) > OVER_SHOWN for x in lists) else "")
        annexes = (ListPage(
            "DANH SÁCH", ("Các trường hợp Hội đồng không đề nghị khen thưởng" if council else
                          "Các trường hợp vượt chỉ tiêu khen thưởng",),
            (citing.left_out_note(council, ag.head_title) if council else
             f"(Trình {ag.council} xem xét; xếp theo thứ tự ưu tiên, không thuộc danh sách "
             f"trình {ag.head_title})") + cut,
            list_table(campaign, lists, beyond=True, columns=columns)),)
    cited = f"; {citing.list_note(council)}" if council else ""
    return Document(
        key="danh_sach_de_nghi", template="danh_sach_de_nghi",
        title="Danh sách đề nghị khen thưởng", landscape=True,
        header=office_header(campaign, "", dates.issued(), landscape=True), kind="DANH SÁCH",
        summary=f"Tập thể, cá nhân đề nghị khen thưởng tổng kết {name}",
        note=f"(Kèm theo Tờ trình số{BLANK}/TTr-{ag.code_suffix} "
             f"{dates.issued(place=False)} của {ag.office}{cited})",
        table=list_table(campaign, lists, beyond=False, columns=columns), annexes=annexes)


def office_submission(campaign: Campaign, lists: Sequence[AwardList],
                      fixes: Sequence[FixRequest], dates: Dates,
                      council: Minutes | None = None) -> Document:
    """Tờ trình of the Office asking the head to award and to propose upward."""
    ag, name = campaign.agency, lower_first(campaign.name)
    within = sum(len(x.within) for x in lists)
    beyond = sum(len(x.beyond) for x in lists)
    body = [Para(f"Căn cứ {campaign.plan} của {ag.name};")] if campaign.plan else []
    if council:
        body += [Para(citing.minutes_ground(council)), *citing.outcome(council, ag.office)]
    else:
        body += [
            Para(f"{ag.office} đã tiếp nhận, tổng hợp và thẩm định hồ sơ đề nghị khen thưởng tổng "
                 f"kết {name} của các đơn vị. Kết quả như sau:"),
            Para(f"- Tập thể, cá nhân đủ điều kiện, trong chỉ tiêu khen thưởng: {count(within)};"),
            Para(f"- Trường hợp vượt chỉ tiêu, trình {ag.council} xem xét: {count(beyond)};"),
        ]
    if fixes and not council:
        body.append(Para(f"- Đơn vị có hồ sơ chưa hợp lệ, đã gửi phiếu yêu cầu bổ sung: "
                         f"{count(len(fixes))}."))
    proposals = [
        (x, f"Tặng {campaign.award(x.award_code).name}") for x in ordered(campaign, lists, "agency")
    ] + [(x, section_title(campaign, campaign.award(x.award_code)))
         for x in ordered(campaign, lists, "superior")]
    proposals = [(x, verb) for x, verb in proposals if x.within]
    if proposals:
        body.append(Para(f"{ag.office} kính trình {ag.head_title} xem xét:"))
        body += [Para(f"{verb} cho {counts(campaign, x.within)} (có danh sách kèm theo).", f"{i}.")
                 for i, (x, verb) in enumerate(proposals, start=1)]
    else:
        body.append(Para("Không có tập thể, cá nhân nào đủ điều kiện trong chỉ tiêu để trình "
                         "khen thưởng."))
    return Document(
        key="to_trinh_van_phong", template="to_trinh_van_phong", title="Tờ trình đề nghị khen thưởng",
        header=office_header(campaign, number("TTr", campaign), dates.issued()),
        kind="TỜ TRÌNH", summary=f"Đề nghị khen thưởng tổng kết {name}",
        recipients=(f"{ag.head_title} {ag.name}",), body=tuple(body),
        closing=(Para(f"{ag.office} kính trình {ag.head_title} xem xét, quyết định./."),),
        cc=("Như trên;", f"{ag.council};", FILED), signer=Signer(ag.office_head_title.upper()))


def decision(campaign: Campaign, award_list: AwardList, dates: Dates, key: str,
             council: Minutes | None = None) -> Document:
    """Dự thảo Quyết định of the head awarding an agency-level award, with its attached list."""
    ag, name = campaign.agency, lower_first(campaign.name)
    award = campaign.award(award_list.award_code)
    entries = award_list.within
    money = "; ".join(f"{label.lower()} …………… đồng" for label, _ in grouped(campaign, entries))
    grounds = [f"Căn cứ {LAW};", f"Căn cứ {DECREE};",
               f"Căn cứ Quyết định số …/QĐ-… ngày … quy định chức năng, nhiệm vụ, quyền hạn và "
               f"cơ cấu tổ chức của {ag.name};"]
    if campaign.plan:
        grounds.append(f"Căn cứ {campaign.plan} của {ag.name};")
    if council:
        grounds.append(citing.minutes_ground(council))
    grounds.append(f"Xét đề nghị của {ag.office_head_title}.")
    attached = ListPage(
        "DANH SÁCH", (f"Tập thể, cá nhân được tặng {award.name}",),
        f"(Kèm theo Quyết định số{BLANK}/QĐ-{ag.code_suffix} {dates.to_sign(place=False)} "
        f"của {ag.head_title} {ag.name})",
        Table(AWARDED_COLUMNS, tuple(group_rows(campaign, entries, len(AWARDED_COLUMNS), "roman"))),
        landscape=False)
    return Document(
        key=key, template="du_thao_quyet_dinh", title=f"Dự thảo Quyết định tặng {award.name}",
        header=agency_header(campaign, number("QĐ", campaign), dates.to_sign(), draft=True),
        kind="QUYẾT ĐỊNH",
        summary=f"Về việc tặng {award.name} cho các tập thể, cá nhân có thành tích xuất sắc "
                f"trong {name}",
        authority=f"{ag.head_title} {ag.name}".upper(), grounds=tuple(grounds),
        decides="QUYẾT ĐỊNH:",
        body=(
            Para(f"Tặng {award.name} cho {counts(campaign, entries)} đã có thành tích xuất sắc "
                 f"trong {name} (có danh sách kèm theo).", "Điều 1."),
            Para(f"Tập thể, cá nhân có tên tại Điều 1 được tặng {short_name(award)} kèm theo tiền "
                 f"thưởng theo quy định: {money}. Kinh phí khen thưởng chi từ quỹ thi đua, khen "
                 f"thưởng của {ag.name}.", "Điều 2."),
            Para(f"Quyết định này có hiệu lực kể từ ngày ký. {ag.office_head_title}, Thủ trưởng các "
                 f"đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm "
                 f"thi hành Quyết định này./.", "Điều 3."),
        ),
        cc=("Như Điều 3;", f"{ag.council};", FILED),
        signer=Signer(ag.head_title.upper(), ag.head_name), annexes=(attached,))


def superior_submission(campaign: Campaign, lists: Sequence[AwardList], dates: Dates,
                        council: Minutes | None = None) -> Document:
    """Tờ trình of the agency asking the superior to grant the superior-level awards."""
    ag, name = campaign.agency, lower_first(campaign.name)
    chosen = [x for x in ordered(campaign, lists, "superior") if x.within]
    awards = [campaign.award(x.award_code) for x in chosen]
    superior = ag.superior_head or awards[0].authority
    body = [Para(f"Căn cứ {LAW} và {DECREE};")]
    if council:
        body.append(Para(citing.superior_basis(council, campaign.plan, ag.name)))
    elif campaign.plan:
        body.append(Para(f"Thực hiện {campaign.plan} của {ag.name}, các đơn vị đã tổ chức bình "
                         f"xét, đề nghị khen thưởng; {ag.council} đã xét theo tiêu chuẩn và số "
                         f"lượng khen thưởng quy định."))
    body += [Para(f"{ag.name} kính đề nghị {a.authority or superior} xem xét, tặng {short_name(a)} "
                  f"cho {counts(campaign, x.within)} đã có thành tích xuất sắc trong {name} "
                  f"(có danh sách và tóm tắt thành tích kèm theo).")
             for x, a in zip(chosen, awards, strict=True)]
    annexes = tuple(ListPage(
        "DANH SÁCH",
        (f"Tập thể, cá nhân đề nghị {a.authority or superior} tặng {short_name(a)}",),
        f"(Kèm theo Tờ trình số{BLANK}/TTr-{ag.code_suffix} {dates.to_sign(place=False)} "
        f"của {ag.name})",
        Table(PROPOSED_COLUMNS,
              tuple(group_rows(campaign, x.within, len(PROPOSED_COLUMNS), "roman"))))
        for x, a in zip(chosen, awards, strict=True))
    return Document(
        key="to_trinh_cap_tren", template="to_trinh_cap_tren",
        title=f"Tờ trình đề nghị {superior} khen thưởng",
        header=agency_header(campaign, number("TTr", campaign), dates.to_sign(), draft=False),
        kind="TỜ TRÌNH",
        summary=f"Đề nghị tặng {', '.join(dict.fromkeys(short_name(a) for a in awards))} cho "
                f"các tập thể, cá nhân có thành tích xuất sắc trong {name}",
        recipients=(superior,), body=tuple(body),
        closing=(Para(f"{ag.name} kính trình {superior} xem xét, quyết định./."),),
        cc=("Như trên;", FILED), signer=Signer(ag.head_title.upper(), ag.head_name),
        annexes=annexes)


def where(text: str) -> str:
    """"Danh sách đề nghị!J14" → "Danh sách đề nghị, ô J14": the sheet and cell a clerk looks for."""
    sheet, sep, cell = text.rpartition("!")
    return f"{sheet}, ô {cell}" if sep and sheet and cell.isalnum() else text


# A unit's fix request lists at most this many items; the rest are in the findings sheet.
FIX_SHOWN = 300
FIX_COLUMNS = (Column("STT", 15, "center"), Column("Vị trí", 50),
               Column("Tập thể, cá nhân / thông tin", 40), Column("Nội dung cần sửa, bổ sung", None))


def fix_slip(campaign: Campaign, fix: FixRequest, dates: Dates, key: str) -> Document:
    """Phiếu yêu cầu bổ sung hồ sơ: what one unit must fix, cell by cell."""
    ag, name = campaign.agency, lower_first(campaign.name)
    code = office_code(campaign)
    number_line = f"Số:{BLANK}/{ag.code_suffix}-{code}" if code else number("", campaign)
    refs = "; ".join(p for p in (f"Tờ trình số {fix.letter_no}" if fix.letter_no else "",
                                 f"tệp {fix.file_name}" if fix.file_name else "") if p)
    rows = tuple(Row("entry", (str(i), where(w), who, msg))
                 for i, (w, who, msg) in enumerate(fix.items[:FIX_SHOWN], start=1))
    if len(fix.items) > FIX_SHOWN:
        rows += (Row("none", (f"… và {count(len(fix.items) - FIX_SHOWN)} nội dung khác: xem đủ ở "
                              f"sheet \"{SHEET_FINDINGS}\" của bảng tổng hợp (lọc theo tệp "
                              f"{fix.file_name}).",)),)
    return Document(
        key=key, template="phieu_bo_sung", title=f"Phiếu yêu cầu bổ sung hồ sơ — {fix.unit_name}",
        header=office_header(campaign, number_line, dates.issued()),
        kind="PHIẾU YÊU CẦU BỔ SUNG HỒ SƠ",
        summary=f"Hồ sơ đề nghị khen thưởng tổng kết {name}", recipients=(fix.unit_name,),
        body=(Para(f"{ag.office} đã tiếp nhận hồ sơ đề nghị khen thưởng của {fix.unit_name}"
                   f"{f' ({refs})' if refs else ''}. Qua kiểm tra, hồ sơ còn "
                   f"{count(len(fix.items))} nội dung cần sửa đổi, bổ sung như sau:"),),
        table=Table(FIX_COLUMNS, rows or (Row("none", ("Không có.",)),)),
        closing=(Para(f"Đề nghị {fix.unit_name} sửa đổi, bổ sung và gửi lại hồ sơ về {ag.office} "
                      f"trong thời gian sớm nhất để kịp tổng hợp, trình {ag.council} xem xét./."),),
        cc=("Như trên;", FILED), signer=Signer(ag.office_head_title.upper()))
