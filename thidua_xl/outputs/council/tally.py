"""phieu_hoi_dong.xlsx: the council secretary's tally, one row per valid candidate by quota group.

Only the meeting cells and "Số phiếu đồng ý" are unlocked; the sheets check themselves in Excel
and LibreOffice (votes above members present turn red), like the unit template.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from thidua_xl.campaign import Campaign
from thidua_xl.campaign.describe import council_text
from thidua_xl.consolidate.entries import STATUS_OVER, STATUS_WITHIN, Consolidation, Entry
from thidua_xl.consolidate.quota import Group, group_label, rank_group
from thidua_xl.council import contract as tally
from thidua_xl.council.candidates import fingerprint
from thidua_xl.outputs.fastsheet import LARGE_ROWS, FastWorksheet, fast_workbook
from thidua_xl.outputs.files import write_ooxml
from thidua_xl.outputs.heap import gc_paused
from thidua_xl.outputs.template.style import (
    Styles,
    make_styles,
    sheet_ref,
    workbook_options,
    write_value,
)
from thidua_xl.read.contract import SHEET_STAMP, column_letter

TOTAL_NAME, PRESENT_NAME = "hd_tong_so", "hd_co_mat"
WIDTHS = {"stt": 5, "award": 30, "subject": 9, "name": 26, "birth_year": 7, "unit": 30,
          "unit_rate": 11, "votes": 10, "note": 30}
MEETING_WIDTHS = (34, 56)
ROW_PT = 32
PROVISIONAL = ("Danh sách TẠM THỜI do {office} tổng hợp, xếp theo tỷ lệ phiếu tại từng đơn vị "
               "(các đơn vị có số thành viên khác nhau nên tỷ lệ này chưa so sánh được với nhau). "
               "Thứ tự chính thức theo số phiếu đồng ý của Hội đồng.")


def as_number(cell: str) -> str:
    """Formula for the whole number a cell holds as the reader takes it (a number, or digits typed
    as text, spaces ignored), else #N/A."""
    t = f'SUBSTITUTE({cell}," ","")'
    return (f"IF(ISNUMBER({cell}),IF({cell}=INT({cell}),{cell},NA()),"
            f'IF({t}=TEXT(VALUE({t}),REPT("0",LEN({t}))),VALUE({t}),NA()))')


def not_whole_between(cell: str, low: int, high: int) -> str:
    """Self-check: the cell is filled but is not a whole number in [low, high]."""
    n = as_number(cell)
    return f"AND(LEN(TRIM({cell}))>0,NOT(IFERROR(AND({n}>={low},{n}<={high}),FALSE)))"


def greater(left: str, right: str) -> str:
    """Self-check: both cells hold whole numbers and the left one is larger."""
    return f"IFERROR({as_number(left)}>{as_number(right)},FALSE)"


@dataclass(frozen=True)
class TallyGroup:
    """A quota group's candidates in their provisional rank order, with the cap they compete for."""

    label: str
    limit: int | None
    entries: tuple[Entry, ...]


def tally_groups(cons: Consolidation) -> list[TallyGroup]:
    """Valid candidates (within and over the caps) by ranking group, each group in rank order."""
    groups: dict[Group, list[Entry]] = {}
    for e in cons.ranked():
        if e.status in (STATUS_WITHIN, STATUS_OVER):
            groups.setdefault(rank_group(e), []).append(e)
    out = []
    for group, entries in groups.items():
        agency = next((c for c in entries[0].caps if c.unit is None), None)
        out.append(TallyGroup(group_label(cons.campaign, group), agency.limit if agency else None,
                              tuple(sorted(entries, key=lambda e: e.rank or 0))))
    return out


def tally_fingerprint(groups: Sequence[TallyGroup]) -> str:
    """The candidate list's digest, matched by `thidua council` against bao_cao.json."""
    return fingerprint((e.nominee.award, e.nominee.key) for g in groups for e in g.entries)


def _meeting_sheet(wb: Workbook, campaign: Campaign, styles: Styles, office: str,
                   protect: bool = True) -> Worksheet:
    """Labels in A, values to fill in B, self-checks, then how to fill and what the rules are."""
    ws = wb.add_worksheet(tally.SHEET_MEETING)
    ws.set_column(0, 0, MEETING_WIDTHS[0])
    ws.set_column(1, 1, MEETING_WIDTHS[1])
    row = {f.key: i for i, f in enumerate(tally.MEETING_FIELDS)}
    counts = {"validate": "integer", "criteria": "between", "minimum": 1,
              "maximum": tally.VOTES_MAX, "error_title": "Số không hợp lệ",
              "error_message": f"Gõ số nguyên từ 1 đến {tally.VOTES_MAX}."}
    for f in tally.MEETING_FIELDS:
        r = row[f.key]
        ws.write_string(r, 0, f.label, styles.label_required)
        if f.key == "meeting_date":
            write_value(ws, r, 1, None, styles.value_date, styles.value_date)
            ws.data_validation(r, 1, r, 1, {
                "validate": "date", "criteria": ">=", "value": campaign.period_start,
                "input_title": f.label, "input_message": "Gõ ngày dạng dd/mm/yyyy.",
                "error_title": "Ngày không hợp lệ", "error_message": "Gõ ngày dạng dd/mm/yyyy."})
        elif f.key in ("members_total", "members_present"):
            write_value(ws, r, 1, None, styles.value_int, styles.value_date)
            ws.data_validation(r, 1, r, 1, {**counts, "input_title": f.label,
                                            "input_message": "Số người (số nguyên dương)."})
        else:
            write_value(ws, r, 1, None, styles.value_text, styles.value_date)
    total, present = (f"$B${row[k] + 1}" for k in ("members_total", "members_present"))
    checks = [(row["members_present"], greater(present, total), styles.cf_error)]
    checks += [(row[k], not_whole_between(f"$B${row[k] + 1}", 1, tally.VOTES_MAX), styles.cf_error)
               for k in ("members_total", "members_present")]
    quorum = campaign.council.quorum
    if quorum is not None:
        checks.append((row["members_present"], f"IFERROR({as_number(present)}<ROUNDUP({quorum}*"
                       f"{as_number(total)}-1E-9,0),FALSE)", styles.cf_error))
    checks += [(row[f.key], f"LEN(TRIM($B${row[f.key] + 1}))=0", styles.cf_todo)
               for f in tally.MEETING_FIELDS]
    for r, formula, fmt in checks:
        ws.conditional_format(r, 1, r, 1, {"type": "formula", "criteria": "=" + formula,
                                           "format": fmt})
    wb.define_name(TOTAL_NAME, "=" + sheet_ref(tally.SHEET_MEETING, total))
    wb.define_name(PRESENT_NAME, "=" + sheet_ref(tally.SHEET_MEETING, present))
    notes = (
        "Cách điền:",
        "1. Điền đủ các ô trên (ngày họp dạng dd/mm/yyyy, số thành viên là số nguyên).",
        f"2. Ở sheet \"{tally.SHEET_VOTES}\", ghi số phiếu đồng ý của Hội đồng cho từng trường "
        "hợp; không sửa tên, năm sinh, hình thức.",
        "3. Ô tô đỏ là sai (số phiếu nhiều hơn số thành viên có mặt, số có mặt nhiều hơn tổng số "
        "hoặc chưa đủ số thành viên tối thiểu); ô tô vàng là chưa điền; ô tô cam là chưa đạt tỷ "
        "lệ phiếu tối thiểu.",
        "4. Lưu tệp, rồi ghi nhận kết quả: thidua council phieu_hoi_dong.xlsx -o <thư mục kết "
        "quả>, hoặc bấm nút \"Ghi nhận Hội đồng\" trong sổ điều khiển.",
        f"Quy định: {council_text(campaign)}.",
        PROVISIONAL.format(office=office),
    )
    start = len(tally.MEETING_FIELDS) + 1
    for i, text in enumerate(notes):
        ws.merge_range(start + i, 0, start + i, 1, text, styles.heading if i == 0 else styles.note)
        ws.set_row(start + i, 21 if i == 0 else 48)
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.6, right=0.4, top=0.75, bottom=0.6)
    ws.set_header('&C&"Times New Roman,Bold"&12THÔNG TIN CUỘC HỌP HỘI ĐỒNG')
    if protect:
        ws.protect("", {"format_columns": True, "format_rows": True})
    return ws


def _vote_checks(campaign: Campaign, styles: Styles, votes: str, name: str
                 ) -> list[tuple[str, Any]]:
    """(formula, format) of the self-checks of a votes cell (relative to its row), errors first."""
    checks = [(not_whole_between(votes, 0, tally.VOTES_MAX), styles.cf_error),
              (greater(votes, PRESENT_NAME), styles.cf_error),
              (greater(votes, TOTAL_NAME), styles.cf_error)]
    rules = campaign.council
    if rules.threshold is not None:
        base = TOTAL_NAME if rules.base == "total" else PRESENT_NAME
        checks.append((f"IFERROR(AND(ISNUMBER({base}),{as_number(votes)}<ROUNDUP("
                       f"{rules.threshold}*{base}-1E-9,0)),FALSE)", styles.cf_unmet))
    checks.append((f"AND(LEN(TRIM({name}))>0,LEN(TRIM({votes}))=0)", styles.cf_todo))
    return checks


def _status_note(e: Entry) -> str:
    """The provisional standing shown beside each candidate, locked."""
    state = "trong chỉ tiêu" if e.status == STATUS_WITHIN else "vượt chỉ tiêu"
    return f"Tạm thời: xếp thứ {e.rank}/{e.group_size}, {state}"


def _note(e: Entry, earlier: Callable[[str], str] | None) -> str:
    """The locked note: provisional standing, and the awards the ledger already records."""
    had = earlier(e.nominee.key) if earlier else ""
    return _status_note(e) + (f"; đã được khen: {'; '.join(had.splitlines())}" if had else "")


def tally_rows(campaign: Campaign, groups: Sequence[TallyGroup],
               earlier: Callable[[str], str] | None = None) -> list[list[object]]:
    """The votes sheet below its header: per group a heading (text in A only), then candidates;
    `earlier` gives a nominee's earlier awards from the ledger (by identity key), when one was read."""
    return list(iter_tally_rows(campaign, groups, earlier))


def tally_row_count(groups: Sequence[TallyGroup]) -> int:
    """How many rows tally_rows gives: a heading per group and a row per candidate."""
    return sum(1 + len(g.entries) for g in groups)


def iter_tally_rows(campaign: Campaign, groups: Sequence[TallyGroup],
                    earlier: Callable[[str], str] | None = None) -> Iterator[list[object]]:
    """tally_rows one at a time, for the writer: 300,000 candidates held as lists took ~100 MB."""
    keys = [f.key for f in tally.VOTE_COLUMNS]
    subjects = {s.code: s.label for s in campaign.subjects}
    for number, g in enumerate(groups, start=1):
        cap = f"chỉ tiêu {g.limit:02d}" if g.limit is not None else "không giới hạn chỉ tiêu"
        yield [f"{number}. {g.label} ({cap}; {len(g.entries):02d} trường hợp)"] \
            + [None] * (len(keys) - 1)
        for n, e in enumerate(g.entries, start=1):
            nom = e.nominee
            values: dict[str, object] = {
                "stt": n, "award": campaign.award(nom.award).name,
                "subject": subjects.get(nom.subject, nom.subject), "name": nom.name,
                "birth_year": nom.birth_year, "unit": nom.unit_name or nom.work_unit,
                "unit_rate": nom.approval, "votes": None, "note": _note(e, earlier)}
            yield [values[k] for k in keys]


def _votes_sheet(wb: Workbook, campaign: Campaign, styles: Styles, groups: Sequence[TallyGroup],
                 spare: int = 0, protect: bool = True,
                 earlier: Callable[[str], str] | None = None) -> Worksheet:
    """Header, then per group a heading and its candidates; only the votes cells unlocked; the
    self-checks cover `spare` more rows for a workbook whose rows a macro fills later."""
    ws = wb.add_worksheet(tally.SHEET_VOTES)
    cols = tally.VOTE_COLUMNS
    last = len(cols) - 1
    at = {f.key: i for i, f in enumerate(cols)}
    pct = wb.add_format({"align": "center", "valign": "vcenter", "font_size": 11,
                         "num_format": "0.0%", "border": 1, "border_color": "#808080"})
    for i, f in enumerate(cols):
        ws.set_column(i, i, WIDTHS[f.key], styles.value_int if f.key == "votes" else None)
        ws.write_string(0, i, f.label, styles.header)
    ws.set_row(0, 36)
    rows = iter_tally_rows(campaign, groups, earlier)
    fmts = [pct if key == "unit_rate" else styles.value_int if key == "votes" else
            styles.tally_num if key in ("stt", "birth_year") else styles.tally_text for key in at]
    put = ws.put_row if isinstance(ws, FastWorksheet) else None  # the Office's book is plain
    for r, row in enumerate(rows, start=1):
        if row[1] is None:
            ws.merge_range(r, 0, r, last, row[0], styles.group)
            continue

        def other(col: int, value: object, r: int = r) -> None:
            write_value(ws, r, col, value, fmts[col], fmts[col])

        if put is not None:
            put(r, row, fmts, other)
        else:
            for col, value in enumerate(row):
                other(col, value)
        ws.set_row(r, ROW_PT)
    end = max(tally_row_count(groups), spare)
    votes, name = (column_letter(at[k]) for k in ("votes", "name"))
    if end:
        ws.data_validation(1, at["votes"], end, at["votes"], {
            "validate": "integer", "criteria": "between", "minimum": 0,
            "maximum": tally.VOTES_MAX, "input_title": "Số phiếu đồng ý",
            "input_message": "Số thành viên Hội đồng đồng ý (không lớn hơn số có mặt).",
            "error_title": "Số phiếu không hợp lệ",
            "error_message": f"Số phiếu là số nguyên từ 0 đến {tally.VOTES_MAX}."})
        for formula, fmt in _vote_checks(campaign, styles, f"${votes}2", f"${name}2"):
            ws.conditional_format(1, at["votes"], end, at["votes"],
                                  {"type": "formula", "criteria": "=" + formula, "format": fmt})
    ws.freeze_panes(1, 0)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.set_margins(left=0.4, right=0.4, top=0.75, bottom=0.6)
    ws.set_header('&C&"Times New Roman,Bold"&12KẾT QUẢ BỎ PHIẾU CỦA HỘI ĐỒNG (TẠM THỜI)')
    ws.set_footer('&C&"Times New Roman,Regular"&10Trang &P/&N')
    if protect:
        ws.protect("", {"format_columns": True, "format_rows": True})
    return ws


def _stamp(wb: Workbook, campaign: Campaign, groups: Sequence[TallyGroup]) -> None:
    """Hidden stamp: what the file is, which campaign, which candidate list."""
    ws = wb.add_worksheet(SHEET_STAMP)
    values = (tally.STAMP_KIND, campaign.id, tally_fingerprint(groups))
    for i, (key, value) in enumerate(zip(tally.STAMP_KEYS, values, strict=True)):
        ws.write_string(i, 0, key)
        ws.write_string(i, 1, value)
    ws.hide()
    ws.protect()


def add_tally_sheets(wb: Workbook, campaign: Campaign, groups: Sequence[TallyGroup],
                     styles: Styles, *, spare: int = 0, protect: bool = True,
                     earlier: Callable[[str], str] | None = None) -> tuple[Worksheet, Worksheet]:
    """The two tally sheets in any workbook: the tally file (protected), or the Office workbook
    (unprotected, checks on `spare` empty rows that its button fills)."""
    meeting = _meeting_sheet(wb, campaign, styles, campaign.agency.office, protect)
    return meeting, _votes_sheet(wb, campaign, styles, groups, spare, protect, earlier)


def write_tally(cons: Consolidation, target: Path,
                earlier: Callable[[str], str] | None = None) -> Path:
    """Write phieu_hoi_dong.xlsx for a consolidation, atomically and reproducibly; a tally of more
    than LARGE_ROWS candidates streams its rows to disk instead of holding every cell until the
    end (on 30,000 candidates the writer's peak growth is 45 MB instead of 64 MB)."""
    campaign, groups = cons.campaign, tally_groups(cons)
    large = sum(len(g.entries) for g in groups) > LARGE_ROWS

    def build(tmp: Path) -> None:
        with gc_paused():  # a quarter of the time otherwise (30,000 candidates: 1.8 s -> 1.35 s)
            write(tmp)

    def write(tmp: Path) -> None:
        wb = fast_workbook(str(tmp), {**workbook_options(), "constant_memory": large})
        try:
            day = campaign.deadline
            wb.set_properties({"title": f"Phiếu tổng hợp kết quả bỏ phiếu — {campaign.name}",
                               "author": campaign.agency.name, "subject": campaign.id,
                               "created": datetime(day.year, day.month, day.day)})
            meeting, _votes = add_tally_sheets(wb, campaign, groups, make_styles(wb), earlier=earlier)
            meeting.activate()
            _stamp(wb, campaign, groups)
        finally:
            wb.close()

    return write_ooxml(Path(target), build, kind="hoi_dong")
