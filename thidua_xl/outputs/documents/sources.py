"""What the documents say, taken from a consolidation: award lists, fix requests, the review."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from thidua_xl.check.file import FileResult
from thidua_xl.consolidate.entries import STATUS_INVALID, Consolidation, Entry, file_name, who
from thidua_xl.consolidate.units import STATE_MISSING, unit_rows
from thidua_xl.findings import CODES, Finding, Severity
from thidua_xl.outputs.documents.common import lower_first
from thidua_xl.outputs.documents.model import (
    AwardList,
    Excluded,
    FixItem,
    FixRequest,
    ListEntry,
    Minutes,
    Review,
)
from thidua_xl.outputs.documents.write import write_documents
from thidua_xl.read import contract
from thidua_xl.read.model import Nominee


def list_entry(e: Entry) -> ListEntry:
    """A consolidated entry as the documents show it."""
    n = e.nominee
    return ListEntry(name=n.name, subject=n.subject, gender=n.gender, position=n.position,
                     work_unit=n.work_unit, unit_name=n.unit_name, summary=n.summary,
                     approval=n.approval, votes=n.votes, members_total=n.members_total,
                     birth_year=n.birth_year, unit_code=n.unit_code, kind=n.kind)


def award_lists(cons: Consolidation) -> list[AwardList]:
    """Per award form: those within the caps (the proposal) and those beyond (for the council)."""
    return [AwardList(code, tuple(map(list_entry, within)), tuple(map(list_entry, over)))
            for code, within, over in cons.by_award()]


def column_labels(fr: FileResult, cons: Consolidation) -> dict[tuple[str, str], str]:
    """(sheet, column letter or cell) → the label a clerk sees, for this file's own layout."""
    sub, campaign = fr.submission, cons.campaign
    labels: dict[tuple[str, str], str] = {}
    letters = (sub.rows[0].columns if sub.rows else
               {f.key: contract.column_letter(i)
                for i, f in enumerate(contract.list_columns(campaign))})
    list_labels = {f.key: f.label for f in contract.list_columns(campaign)}
    for key, letter in letters.items():
        if key in list_labels:
            labels[(sub.list_sheet or contract.SHEET_LIST, letter)] = list_labels[key]
    info_labels = {f.key: f.label for f in contract.info_fields(campaign)}
    for key, ref in sub.info_cells.items():
        if key in info_labels:
            labels[(ref.sheet, ref.cell)] = info_labels[key]
    return labels


def _item(f: Finding, names: dict[tuple[str, int], str],
          labels: dict[tuple[str, str], str]) -> FixItem:
    """One finding as a fix-slip line: where, who or what, message, code and column label."""
    if f.sheet and f.cell:
        where = f"{f.sheet}!{f.cell}"
    elif f.sheet and f.row:
        where = f"{f.sheet}, dòng {f.row}"
    else:
        where = "Cả hồ sơ"
    column = labels.get((f.sheet, f.column), "") or labels.get((f.sheet, f.cell), "")
    person = names.get((f.sheet, f.row or 0)) or CODES[f.code][1]
    return FixItem(where, person, f.message, f.code, column)


def fix_requests(cons: Consolidation) -> list[FixRequest]:
    """One request per current file with errors, listing each error where the unit can find it."""
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in cons.findings:
        if f.severity is Severity.ERROR and f.file:
            by_file[f.file].append(f)
    requests = []
    for fr in cons.current:
        errors = by_file.get(fr.path)
        if not errors:
            continue
        names = {(n.sheet, n.row): n.name for n in fr.nominees if n.name}
        labels = column_labels(fr, cons)
        late = any(f.code == "late-submission" for f in errors)
        requests.append(FixRequest(
            fr.unit_name or file_name(fr.path), file_name(fr.path), fr.letter_no,
            tuple(_item(f, names, labels) for f in errors), unit_code=fr.unit_code,
            letter_date=fr.letter_date, late_day=(fr.received or fr.letter_date) if late else None))
    return requests


def reason(f: Finding, n: Nominee) -> str:
    """Why a finding keeps a nominee off the list, without repeating the nominee's name."""
    head, sep, rest = f.message.partition(": ")
    if sep and n.name and n.name in head:
        text = rest
    elif n.name and n.name in f.message:
        text = CODES[f.code][1]
    else:
        text = f.message
    return lower_first(text.strip()).rstrip(".")


def review(cons: Consolidation) -> Review:
    """Units that sent nothing and the nominees left out, grouped by unit and identical reasons."""
    missing = tuple(u.name for u in unit_rows(cons) if u.state == STATE_MISSING)
    groups: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    invalid = [e for e in cons.ranked() if e.status == STATUS_INVALID]
    for e in invalid:
        n = e.nominee
        why = tuple(dict.fromkeys(reason(f, n) for f in e.blocking))
        groups.setdefault((n.unit_name or file_name(n.file), why), []).append(who(n))
    total = len(cons.campaign.units)
    order = {u.name: i for i, u in enumerate(cons.campaign.units)}
    by_unit = sorted(groups.items(), key=lambda g: order.get(g[0][0], len(order)))
    return Review(units_total=total, units_sent=total - len(missing), missing_units=missing,
                  excluded=tuple(Excluded(unit, tuple(people), why)
                                 for (unit, why), people in by_unit),
                  excluded_count=len(invalid))


def write_documents_for(cons: Consolidation, out_dir: Path, today: date | None = None,
                        council: Minutes | None = None) -> list[Path]:
    """The signed-paper documents (lists, submissions, draft decision, fix requests)."""
    return write_documents(cons.campaign, award_lists(cons), fix_requests(cons), out_dir,
                           today=today, review=review(cons), council=council)
