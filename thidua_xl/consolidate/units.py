"""The Office's checklist per unit: what it sent, when it arrived, whether on time, how it fared."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from thidua_xl.campaign import Campaign
from thidua_xl.consolidate.entries import Consolidation
from thidua_xl.findings import Severity

if TYPE_CHECKING:
    from thidua_xl.check.file import FileResult


STATE_ON_TIME, STATE_LATE, STATE_MISSING, STATE_UNKNOWN = (
    "Đúng hạn", "Trễ hạn", "Chưa nộp", "Chưa rõ ngày nhận")


@dataclass(frozen=True, slots=True)
class UnitRow:
    """The Office's checklist line for one unit: what it sent, when, and how it fared."""

    code: str
    name: str
    file: str
    replaced: tuple[str, ...]
    letter_no: str
    letter_date: date | None
    received: date | None
    received_from: str
    state: str
    rows: int
    errors: int
    warnings: int


def _unit_row(code: str, name: str, fr: FileResult | None, replaced: tuple[str, ...],
              counts: dict[str, Counter[Severity]], campaign: Campaign) -> UnitRow:
    """One checklist line; lateness by the register's date when known, else the letter date."""
    if fr is None:
        return UnitRow(code, name, "", replaced, "", None, None, "", STATE_MISSING, 0, 0, 0)
    day, source = ((fr.received, "sổ nhận hồ sơ") if fr.received else
                   (fr.letter_date, "ngày tờ trình") if fr.letter_date else (None, ""))
    state = STATE_UNKNOWN if day is None else STATE_LATE if campaign.is_late(day) else STATE_ON_TIME
    c = counts.get(fr.path, Counter())
    return UnitRow(code, name or fr.unit_name, fr.path, replaced, fr.letter_no, fr.letter_date,
                   day, source, state, len(fr.nominees), c[Severity.ERROR], c[Severity.WARNING])


def unit_rows(cons: Consolidation) -> list[UnitRow]:
    """Every unit of the campaign (those that sent nothing too), then files of no known unit."""
    counts: dict[str, Counter[Severity]] = defaultdict(Counter)
    for f in cons.findings:
        counts[f.file][f.severity] += 1
    current = {fr.unit_code: fr for fr in cons.current if fr.unit_code}
    replaced: dict[str, list[str]] = defaultdict(list)
    for ch in cons.changes:
        replaced[ch.unit_code].append(ch.replaced)
    rows = [_unit_row(u.code, u.name, current.get(u.code), tuple(replaced[u.code]), counts,
                      cons.campaign) for u in cons.campaign.units]
    known = {u.code for u in cons.campaign.units}
    rows += [_unit_row(fr.unit_code, fr.unit_name or "(không xác định được đơn vị)", fr, (),
                       counts, cons.campaign)
             for fr in cons.current if fr.unit_code not in known]
    return rows
