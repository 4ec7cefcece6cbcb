"""Phiếu yêu cầu bổ sung hồ sơ (or, for a late file, a notice that it is late), cell by cell."""

from __future__ import annotations

from thidua_xl.campaign import Campaign
from thidua_xl.outputs.documents.common import (
    Dates,
    cc_lines,
    count,
    lower_first,
    number,
    office_code,
    office_header,
    polish,
    signer,
)
from thidua_xl.outputs.documents.model import (
    BLANK,
    Column,
    Document,
    FixItem,
    FixRequest,
    Para,
    Row,
    Table,
)
from thidua_xl.outputs.style import SHEET_FINDINGS
from thidua_xl.text.dates import fmt_date

LATE, DUPLICATE = "late-submission", "duplicate-nominee"
# A unit's request lists at most this many items; the rest are in the findings sheet.
FIX_SHOWN = 300
ZERO_WIDTH_SPACE = "\u200b"
FIX_COLUMNS = (Column("STT", 15, "center"), Column("Vị trí", 47),
               Column("Tập thể, cá nhân / thông tin", 38), Column("Nội dung cần sửa, bổ sung", None))


def is_late(fix: FixRequest) -> bool:
    """A late file gets a notice that it is late, not a request to fix its lateness."""
    return fix.late_day is not None or any(FixItem(*i).code == LATE for i in fix.items)


def where(item: FixItem) -> str:
    """"Danh sách đề nghị, cột “Số phiếu đồng ý”, ô W2": the sheet, column and cell to look at."""
    sheet, sep, cell = item.where.rpartition("!")
    if not (sep and sheet and cell.isalnum()):
        return item.where
    column = f"cột “{item.column}”, " if item.column else ""
    return f"{sheet}, {column}ô {cell}"


def breakable(text: str) -> str:
    """Long file names may wrap after "_" instead of stretching or splitting a word anywhere."""
    return text.replace("_", "_" + ZERO_WIDTH_SPACE)


def _what(item: FixItem) -> str:
    """What the unit must do about one problem: withdraw a duplicate, else fix it."""
    message = breakable(item.message)
    return f"Rút đề nghị: {message}" if item.code == DUPLICATE else message


def _deadline(campaign: Campaign, dates: Dates) -> str:
    """"trước ngày 28/05/2021", or "trong thời gian sớm nhất" when the campaign sets no date."""
    day = campaign.papers.fix_deadline(dates.today, campaign.deadline)
    return f"trước ngày {fmt_date(day)}" if day else "trong thời gian sớm nhất"


def _refs(fix: FixRequest) -> str:
    """"(Tờ trình số 09/TTr-BCVT ngày 20/05/2021)": the letter the unit sent, no file name."""
    if not fix.letter_no:
        return ""
    day = f" ngày {fmt_date(fix.letter_date)}" if fix.letter_date else ""
    return f" (Tờ trình số {fix.letter_no}{day})"


def _late_sentence(campaign: Campaign, fix: FixRequest, late: FixItem | None) -> str:
    """That the file came after the deadline and therefore was not consolidated."""
    day = fix.late_day
    rule = (f"chậm nhất hết ngày {fmt_date(campaign.deadline)}" if campaign.deadline_inclusive
            else f"trước ngày {fmt_date(campaign.deadline)}")
    if day and fix.letter_date == day:
        when = f"Tờ trình của đơn vị đề ngày {fmt_date(day)}"
    elif day:
        when = f"{campaign.agency.office} nhận hồ sơ ngày {fmt_date(day)}"
    else:
        when = (late.message if late else "Hồ sơ gửi sau thời hạn").rstrip(".")
    return (f"Theo Kế hoạch, hồ sơ đề nghị khen thưởng gửi về {campaign.agency.office} {rule}. "
            f"{when}, quá thời hạn nêu trên, nên hồ sơ chưa được tổng hợp trình khen thưởng.")


def fix_slip(campaign: Campaign, fix: FixRequest, dates: Dates, key: str) -> Document:
    """What one unit must fix, withdraw, or learn (a late file), with a concrete deadline."""
    ag, name = campaign.agency, lower_first(campaign.name)
    code = office_code(campaign)
    number_line = f"Số:{BLANK}/{ag.code_suffix}-{code}" if code else number("", campaign)
    items = [FixItem(*i) for i in fix.items]
    late = next((i for i in items if i.code == LATE), None)
    problems = [i for i in items if i.code != LATE]
    withdraw = sum(i.code == DUPLICATE for i in problems)
    rows = tuple(Row("entry", (str(n), where(i), breakable(i.who), _what(i)))
                 for n, i in enumerate(problems[:FIX_SHOWN], start=1))
    if len(problems) > FIX_SHOWN:
        rows += (Row("none", (f"… và {count(len(problems) - FIX_SHOWN)} nội dung khác: xem đủ ở "
                              f"sheet \"{SHEET_FINDINGS}\" của bảng tổng hợp (lọc theo tệp "
                              f"{fix.file_name}).",)),)
    table = Table(FIX_COLUMNS, rows) if rows else None
    received = (f"{ag.office} đã tiếp nhận hồ sơ đề nghị khen thưởng tổng kết {name} của "
                f"{fix.unit_name}{_refs(fix)}.")
    note = f"(Tệp hồ sơ: {breakable(fix.file_name)})" if fix.file_name else ""
    if is_late(fix):
        body = [Para(received), Para(_late_sentence(campaign, fix, late))]
        if rows:
            body.append(Para(f"Ngoài ra, hồ sơ còn {count(len(problems))} nội dung chưa hợp lệ, "
                             f"để đơn vị biết:"))
        return polish(Document(
            key=key, template="phieu_bo_sung", title=f"Thông báo hồ sơ quá hạn — {fix.unit_name}",
            header=office_header(campaign, number_line, dates.issued()), kind="THÔNG BÁO",
            summary="Hồ sơ đề nghị khen thưởng nộp quá hạn", note=note,
            recipients=(fix.unit_name,), body=tuple(body), table=table,
            closing=(Para(f"{ag.office} thông báo để {fix.unit_name} biết./."),),
            cc=cc_lines("Như trên;", (), campaign), signer=signer(campaign.papers.office)))
    fixes = len(problems) - withdraw
    parts = ([f"{count(fixes)} nội dung cần sửa đổi, bổ sung"] if fixes else []) + (
        [f"{count(withdraw)} trường hợp cần rút đề nghị (đề nghị trùng)"] if withdraw else [])
    actions = ", ".join((["sửa đổi, bổ sung"] if fixes else [])
                        + (["rút đề nghị đối với trường hợp trùng"] if withdraw else []))
    return polish(Document(
        key=key, template="phieu_bo_sung", title=f"Phiếu yêu cầu bổ sung hồ sơ — {fix.unit_name}",
        header=office_header(campaign, number_line, dates.issued()),
        kind="PHIẾU YÊU CẦU BỔ SUNG HỒ SƠ",
        summary=f"Hồ sơ đề nghị khen thưởng tổng kết {name}", note=note,
        recipients=(fix.unit_name,),
        body=(Para(f"{received} Qua kiểm tra, hồ sơ còn {' và '.join(parts) or '00 nội dung'} "
                   f"như sau:"),),
        table=table or Table(FIX_COLUMNS, (Row("none", ("Không có.",)),)),
        closing=(Para(f"Đề nghị {fix.unit_name} {actions or 'kiểm tra lại hồ sơ'} và gửi lại hồ sơ "
                      f"về {ag.office} {_deadline(campaign, dates)} để tổng hợp, trình "
                      f"{ag.council} xem xét./."),),
        cc=cc_lines("Như trên;", (), campaign), signer=signer(campaign.papers.office)))
