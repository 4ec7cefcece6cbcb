"""The proposal lists: the Director's list, the over-quota list and the lists attached to papers."""

from __future__ import annotations

from collections.abc import Sequence

from thidua_xl.campaign import COLLECTIVE, Campaign
from thidua_xl.outputs.documents import citing
from thidua_xl.outputs.documents.common import (
    Dates,
    Names,
    council_sentence,
    count,
    grouped,
    lower_first,
    office_header,
    ordered,
    polish,
)
from thidua_xl.outputs.documents.model import (
    BLANK,
    AwardList,
    Column,
    Document,
    ListEntry,
    ListPage,
    Minutes,
    Row,
    Table,
)
from thidua_xl.outputs.numbering import section_headings
from thidua_xl.outputs.style import SHEET_LIST
from thidua_xl.text.numbers import roman

NAME, YEAR, GENDER = "Tên tập thể / Họ và tên", "Năm sinh", "Giới tính"
ROLE, SUMMARY, RATE = "Chức vụ, đơn vị công tác", "Tóm tắt thành tích", "Tỷ lệ phiếu đồng ý"
LIST_COLUMNS = (Column("STT", 12, "center"), Column(NAME, 52), Column(YEAR, 15, "center"),
                Column(GENDER, 14, "center"), Column(ROLE, 48), Column(SUMMARY, None, "justify"),
                Column(RATE, 22, "center"))
AWARDED_COLUMNS = (Column("STT", 13, "center"), Column(NAME, 55), Column(YEAR, 16, "center"),
                   Column(GENDER, 15, "center"), Column(ROLE, None))
PROPOSED_COLUMNS = LIST_COLUMNS[:6]
# Over-quota cases a document lists per award form; the full list stays in the workbook.
OVER_SHOWN = 100
FULL_LIST = f"sheet \"{SHEET_LIST}\" của bảng tổng hợp"
NONE_ROW = Row("none", ("Không có.",))


def rate(entry: ListEntry) -> str:
    """Approval rate in Vietnamese style, "92,9%", with the vote count when known."""
    if entry.approval is None:
        return ""
    text = f"{entry.approval * 100:.1f}".replace(".", ",").removesuffix(",0") + "%"
    if entry.votes is not None and entry.members_total:
        text += f"\n({entry.votes}/{entry.members_total})"
    return text


def cells(entry: ListEntry, n: int, columns: Sequence[Column], names: Names) -> tuple[str, ...]:
    """One entry row: year of birth and gender for a person, blank for a collective."""
    person = names.kind(entry) != COLLECTIVE
    by_label = {
        "STT": str(n), NAME: names.name(entry),
        YEAR: str(entry.birth_year) if person and entry.birth_year else "",
        GENDER: entry.gender if person else "", ROLE: names.role(entry),
        SUMMARY: entry.summary}
    return tuple(rate(entry) if c.label.startswith(RATE) else by_label[c.label] for c in columns)


def group_rows(campaign: Campaign, entries: Sequence[ListEntry], columns: Sequence[Column],
               names: Names, numbering: str = "arabic") -> list[Row]:
    """Subject sub-headings ("1. Tập thể") then numbered entries, numbering restarting per group."""
    rows: list[Row] = []
    for number, label, items in grouped(campaign, entries):
        mark = roman(number) if numbering == "roman" else str(number)
        rows.append(Row("group", (f"{mark}. {label}",)))
        rows += [Row("entry", cells(e, n, columns, names)) for n, e in enumerate(items, start=1)]
    return rows


def list_table(campaign: Campaign, lists: Sequence[AwardList], beyond: bool, names: Names,
               columns: tuple[Column, ...] = LIST_COLUMNS) -> Table:
    """Every award in the workbook's order and numbers: I. agency awards, II. proposals upward.

    The over-quota list shows at most OVER_SHOWN cases per award form, first in priority order,
    then one line saying how many more there are and where the full list is: a document listing
    thousands of rows would take hundreds of megabytes to build and nobody would read it."""
    headings = section_headings(campaign)
    rows: list[Row] = []
    for x in [x for level in ("agency", "superior") for x in ordered(campaign, lists, level)]:
        entries = x.beyond if beyond else x.within
        shown = entries[:OVER_SHOWN] if beyond else entries
        rows.append(Row("section", (headings[x.award_code],)))
        rows += group_rows(campaign, shown, columns, names) or [NONE_ROW]
        if len(entries) > len(shown):
            rows.append(Row("none", (f"… và {count(len(entries) - len(shown))} khác vượt chỉ tiêu "
                                     f"(danh sách đầy đủ: {FULL_LIST}).",)))
    return Table(columns, tuple(rows) or (NONE_ROW,))


def attached_table(campaign: Campaign, entries: Sequence[ListEntry], columns: Sequence[Column],
                   names: Names) -> Table:
    """A one-award list attached to a paper: subjects numbered I., II."""
    return Table(tuple(columns), tuple(group_rows(campaign, entries, columns, names, "roman"))
                 or (NONE_ROW,))


def director_list(campaign: Campaign, lists: Sequence[AwardList], dates: Dates,
                  council: Minutes | None = None) -> Document:
    """Danh sách đề nghị khen thưởng: within the caps for the head; over the caps for the council.

    Once the council's minutes are recorded the list follows its vote and says so."""
    ag, name = campaign.agency, lower_first(campaign.name)
    names = Names(campaign, outward=False)
    columns = citing.rate_columns(LIST_COLUMNS) if council else LIST_COLUMNS
    annexes: tuple[ListPage, ...] = ()
    if any(x.beyond for x in lists):
        over = sum(len(x.beyond) for x in lists)
        cut = (f" (Có {count(over)} trường hợp; văn bản này nêu tối đa {OVER_SHOWN} trường hợp "
               f"đứng đầu mỗi hình thức, danh sách đầy đủ: {FULL_LIST}.)"
               if any(len(x.beyond) > OVER_SHOWN for x in lists) else "")
        annexes = (ListPage(
            "DANH SÁCH", ("Các trường hợp Hội đồng không đề nghị khen thưởng" if council else
                          "Các trường hợp vượt chỉ tiêu khen thưởng",),
            (citing.left_out_note(council, ag.head_title) if council else
             f"(Trình {ag.council} xem xét; xếp theo thứ tự ưu tiên, không thuộc danh sách "
             f"trình {ag.head_title})") + cut,
            list_table(campaign, lists, True, names, columns)),)
    cited = f"; {citing.list_note(council)}" if council else ""
    note = (f"(Kèm theo Tờ trình số{BLANK}/TTr-{ag.code_suffix} {dates.issued(place=False)} "
            f"của {ag.office}{cited})")
    if council is None:
        note += f"\n({council_sentence(campaign, None).rstrip('.')})"
    return polish(Document(
        key="danh_sach_de_nghi", template="danh_sach_de_nghi",
        title="Danh sách đề nghị khen thưởng", landscape=True,
        header=office_header(campaign, "", dates.issued(), landscape=True), kind="DANH SÁCH",
        summary=f"Tập thể, cá nhân đề nghị khen thưởng tổng kết {name}", note=note,
        table=list_table(campaign, lists, False, names, columns), annexes=annexes))
