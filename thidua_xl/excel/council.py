"""The Office workbook's council buttons: the tally typed in the workbook, and the signed decision.

Both call the jobs `thidua council` and `thidua decision` call; what they write into the open
workbook is one block of values, and the fills of the cells a finding points at.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from thidua_xl.campaign import Campaign, load_campaign
from thidua_xl.consolidate.entries import STATUS_OVER, STATUS_WITHIN, shorten
from thidua_xl.council import contract as tally
from thidua_xl.council.model import STATUS_BELOW
from thidua_xl.council.tally import tally_from_sheets
from thidua_xl.excel.book import paint, read_sheets, sheet_rows
from thidua_xl.excel.marks import COLOURS, cell_groups
from thidua_xl.excel.office import Settings, read_settings
from thidua_xl.excel.safe import ClerkError
from thidua_xl.findings import Finding, Severity, worst
from thidua_xl.jobs import DOCS_DIR, REPORT, InputError
from thidua_xl.jobs.council import (
    LAYOUTS,
    apply_council,
    decision_lines,
    record_signed_decision,
    snapshot,
)
from thidua_xl.ledger.location import resolve_ledger
from thidua_xl.outputs.office.layout import CONTROL_SHEET, DECISION_FIELDS
from thidua_xl.read.contract import column_letter
from thidua_xl.text.vietnamese import clean_text, fold_loose

SHOWN = 3


def _mark(book: Any, sheets: dict[str, list[list[object]]], findings: Sequence[Finding]) -> None:
    """Fill the cells findings point at; earlier fills on the values to type are removed first."""
    plans: dict[str, dict[str, str | None]] = {}
    votes_col = [f.key for f in tally.VOTE_COLUMNS].index("votes")
    rows = sheets.get(tally.SHEET_VOTES, [])
    plans[tally.SHEET_VOTES] = {f"{column_letter(votes_col)}{r}": None
                                for r in range(2, len(rows) + 1)}
    plans[tally.SHEET_MEETING] = {f"B{r}": None for r in range(1, len(tally.MEETING_FIELDS) + 1)}
    for (sheet, cell), group in cell_groups(findings, plans).items():
        plans[sheet][cell] = COLOURS[worst(f.severity for f in group)]
    for name, colours in plans.items():
        if name in sheets:
            paint(book.sheets[name], colours)


def _campaign(book: Any) -> tuple[Campaign, Settings]:
    """The campaign and settings the control sheet names."""
    settings = read_settings(book)
    return load_campaign(settings.campaign), settings


def record_council_book(book: Any) -> str:
    """"Ghi nhận Hội đồng": the tally in this workbook against the last consolidation."""
    campaign, settings = _campaign(book)
    sheets = read_sheets(book, skip=(CONTROL_SHEET,))
    if tally.SHEET_VOTES not in sheets:
        raise ClerkError(f"Không thấy sheet \"{tally.SHEET_VOTES}\": hãy dùng sổ điều khiển mới "
                         "(lệnh thidua office).")
    t = tally_from_sheets(str(book.name), sheets, campaign, stamped=False)
    try:
        done = apply_council(campaign, t, snapshot(campaign, settings.output / REPORT),
                             settings.output / DOCS_DIR)
    except InputError as exc:
        raise ClerkError(f"{exc} Bấm \"Lập danh sách & văn bản\" trước.") from exc
    r = done.result
    _mark(book, sheets, r.findings)
    if not r.recorded:
        errors = [f.message for f in r.findings if f.severity is Severity.ERROR]
        more = f" (và {len(errors) - SHOWN} lỗi khác)" if len(errors) > SHOWN else ""
        return (f"CHƯA ghi nhận: phiếu có {len(errors)} lỗi (ô tô đỏ): "
                f"{'; '.join(errors[:SHOWN])}{more}")
    counts = [f"{word} {sum(v.status == s for v in r.votes)}" for s, word in (
        (STATUS_WITHIN, "đề nghị khen thưởng"), (STATUS_OVER, "vượt chỉ tiêu"),
        (STATUS_BELOW, "chưa đạt tỷ lệ phiếu"))]
    proposed = shorten([v.entry.nominee.name for v in r.votes if v.status == STATUS_WITHIN])
    return (f"Đã ghi nhận kết quả Hội đồng: {', '.join(counts)} ({proposed}). Biên bản, danh "
            f"sách và văn bản theo kết quả Hội đồng: {done.docs_dir}")


def _decision_inputs(book: Any) -> dict[str, object]:
    """The decision's number, date and layout as typed on the control sheet."""
    labels = {s.label: s.key for s in DECISION_FIELDS}
    return {labels[row[0]]: (row[1] if len(row) > 1 else None)
            for row in sheet_rows(book.sheets[CONTROL_SHEET]) if row and row[0] in labels}


def print_certificates(book: Any) -> str:
    """"In giấy khen": the number and date typed, certificates written."""
    campaign, settings = _campaign(book)
    typed = _decision_inputs(book)
    for s in DECISION_FIELDS[:2]:
        if not clean_text(typed.get(s.key)):
            raise ClerkError(f"Chưa điền \"{s.label}\" ở sheet \"{CONTROL_SHEET}\".")
    layout = fold_loose(typed.get("layout"))
    if layout and layout not in LAYOUTS:
        raise ClerkError(f"\"Kiểu in giấy khen\" chỉ nhận: {', '.join(LAYOUTS)} (hoặc bỏ trống).")
    try:
        done = record_signed_decision(campaign, settings.output, clean_text(typed["number"]),
                                      typed["day"], layout=LAYOUTS.get(layout),
                                      ledger=resolve_ledger(settings.ledger, campaign,
                                                            settings.output).path)
    except InputError as exc:
        raise ClerkError(str(exc)) from exc
    return " ".join(decision_lines(done, campaign))
