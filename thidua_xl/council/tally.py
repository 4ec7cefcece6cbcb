"""phieu_hoi_dong.xlsx → Tally: meeting cells and vote rows found by label, values normalised."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from thidua_xl.campaign import Campaign
from thidua_xl.council import contract as tally
from thidua_xl.council.model import Meeting, Tally, TallyRow
from thidua_xl.findings import Finding, Severity, Where, display_value, finding
from thidua_xl.read.contract import SHEET_STAMP, column_letter
from thidua_xl.read.labels import Sheets, blank, find_header, label_index, values_beside_labels
from thidua_xl.read.normalise import award_code, subject_code, text_value
from thidua_xl.read.reader import Unreadable, read_sheets
from thidua_xl.text.dates import parse_date, parse_int
from thidua_xl.text.legacy import detect_legacy_all

MEETING_INDEX = label_index(tally.MEETING_FIELDS)
VOTES_INDEX = label_index(tally.VOTE_COLUMNS)
MIN_HEADER_MATCHES = 3
TEXT_KEYS = ("place", "chair", "secretary")
ROW_TEXT_KEYS = ("award", "subject", "name", "unit")


def _stamp(sheets: Sheets) -> dict[str, str]:
    """Key/value pairs of the hidden stamp sheet, when present."""
    found: dict[str, str] = {}
    for row in (sheets.get(SHEET_STAMP) or [])[:20]:
        if len(row) >= 2 and isinstance(row[0], str) and not blank(row[1]):
            found[row[0].strip()] = str(row[1]).strip()
    return found


def _texts(sheets: Sheets, meeting: Mapping[str, object], sheet: str, header: int,
           columns: Mapping[str, int]) -> list[str]:
    """Every text cell a legacy encoding would show in, so the whole file is judged at once."""
    texts = [v for k in TEXT_KEYS if isinstance(v := meeting.get(k), str)]
    for row in sheets[sheet][header + 1:] if sheet else []:
        texts += [v for k in ROW_TEXT_KEYS if k in columns and columns[k] < len(row)
                  and isinstance(v := row[columns[k]], str)]
    return texts


def _meeting(raw: Mapping[str, object], encoding: str | None) -> Meeting:
    """Typed meeting fields: a day-first date, whole numbers, NFC text."""
    def text(key: str) -> str:
        return text_value(raw.get(key), encoding)[0]

    return Meeting(parse_date(raw.get("meeting_date")), text("place"),
                   parse_int(raw.get("members_total")), parse_int(raw.get("members_present")),
                   text("chair"), text("secretary"))


def _rows(rows: Sequence[Sequence[object]], header: int, columns: Mapping[str, int],
          campaign: Campaign, encoding: str | None) -> list[TallyRow]:
    """Candidate rows: any row with a name or votes; group headings and blank rows are skipped."""
    letters = {k: column_letter(c) for k, c in columns.items()}
    out: list[TallyRow] = []
    for r in range(header + 1, len(rows)):
        row = rows[r]
        raw = {k: (row[c] if c < len(row) else None) for k, c in columns.items()}
        if blank(raw.get("name")) and blank(raw.get("votes")):
            continue
        text = {k: text_value(raw.get(k), encoding)[0] for k in ROW_TEXT_KEYS}
        out.append(TallyRow(
            row=r + 1, award=award_code(text["award"], campaign), award_text=text["award"],
            subject=subject_code(text["subject"], campaign), name=text["name"],
            birth_year=parse_int(raw.get("birth_year")), unit=text["unit"],
            votes=parse_int(raw.get("votes")), votes_raw=None if blank(raw.get("votes"))
            else raw.get("votes"), columns=letters))
    return out


def _missing_meeting(t: Tally) -> list[Finding]:
    """A finding for every meeting field that is blank or not understood."""
    found = []
    for f in tally.MEETING_FIELDS:
        raw, ref = t.meeting_raw.get(f.key), t.meeting_cells.get(f.key)
        where: Where = ({"file": t.path, "sheet": ref.sheet, "row": ref.row, "column": ref.column,
                         "cell": ref.cell} if ref else {"file": t.path, "sheet": tally.SHEET_MEETING})
        typed = {"meeting_date": t.meeting.day, "members_total": t.meeting.members_total,
                 "members_present": t.meeting.members_present}.get(f.key, raw)
        if blank(raw):
            found.append(finding("missing-value", f"Chưa điền \"{f.label}\" của cuộc họp Hội "
                                 "đồng.", **where))
        elif typed is None or (f.key in ("members_total", "members_present")
                               and isinstance(typed, int) and typed <= 0):
            code = "invalid-date" if f.key == "meeting_date" else "invalid-number"
            hint = ("ghi ngày trước tháng sau, ví dụ 28/05/2021" if f.key == "meeting_date"
                    else "ghi số nguyên dương")
            where["value"] = display_value(raw)
            found.append(finding(code, f"\"{f.label}\" không hợp lệ: {display_value(raw)} "
                                 f"({hint}).", **where))
    return found


def _stamp_findings(t: Tally, campaign: Campaign) -> list[Finding]:
    """Say when the tally is not one thidua_xl wrote for this campaign."""
    if t.stamp.get("kind") != tally.STAMP_KIND:
        return [finding("template-mismatch", "Tệp không có dấu nhận diện phiếu tổng hợp kết quả "
                        f"bỏ phiếu (sheet ẩn \"{SHEET_STAMP}\"); vẫn đọc theo tên cột.",
                        severity=Severity.WARNING, file=t.path)]
    if t.stamp.get("campaign_id") != campaign.id:
        return [finding("template-mismatch", f"Phiếu thuộc đợt thi đua \"{t.stamp.get('campaign_id')}"
                        f"\", không phải đợt \"{campaign.id}\".", file=t.path)]
    return []


def tally_from_sheets(path: str, sheets: Sheets, campaign: Campaign, stamped: bool = True) -> Tally:
    """The reader's logic over in-memory sheet values (from calamine or from the open workbook,
    whose own sheets carry no stamp: `stamped` False)."""
    t = Tally(path=path, stamp=_stamp(sheets))
    t.meeting_raw, t.meeting_cells = values_beside_labels(sheets, MEETING_INDEX, tally.SHEET_MEETING)
    located = find_header(sheets, VOTES_INDEX, tally.SHEET_VOTES, MIN_HEADER_MATCHES)
    if located is None:
        t.readable = False
        t.findings.append(finding(
            "template-mismatch", f"Không tìm thấy bảng kết quả bỏ phiếu (sheet \"{tally.SHEET_VOTES}\""
            " với dòng tiêu đề STT, Hình thức khen thưởng, Họ và tên…): tệp không đúng mẫu phiếu.",
            file=path))
        return t
    t.sheet, header, columns = located
    for f in tally.VOTE_COLUMNS:
        if f.required and f.key not in columns:
            t.findings.append(finding("missing-column", f"Thiếu cột \"{f.label}\" trong sheet "
                                      f"\"{t.sheet}\".", file=path, sheet=t.sheet, row=header + 1))
    encoding = detect_legacy_all(_texts(sheets, t.meeting_raw, t.sheet, header, columns))
    if encoding:
        t.findings.append(finding("legacy-encoding", f"Chữ trong phiếu gõ bằng phông {encoding}; "
                                  "đã tự chuyển sang Unicode.", file=path, value=encoding))
    t.meeting = _meeting(t.meeting_raw, encoding)
    t.rows = _rows(sheets[t.sheet], header, columns, campaign, encoding)
    t.findings += _missing_meeting(t) + (_stamp_findings(t, campaign) if stamped else [])
    return t


def read_tally(path: Path, campaign: Campaign) -> Tally:
    """Read the secretary's tally file; never raises, an unreadable file becomes a finding."""
    try:
        sheets = read_sheets(Path(path))
    except Unreadable as exc:
        t = Tally(path=str(path), readable=False)
        t.findings.append(finding("unreadable-file", f"Không đọc được tệp: {exc}", file=str(path)))
        return t
    return tally_from_sheets(str(path), sheets, campaign)
