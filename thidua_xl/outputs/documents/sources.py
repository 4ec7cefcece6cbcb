"""What the documents say, taken from a consolidation: award lists and each unit's fix request."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from thidua_xl.consolidate.entries import Consolidation, Entry, file_name
from thidua_xl.findings import CODES, Finding, Severity
from thidua_xl.outputs.documents.model import AwardList, FixRequest, ListEntry
from thidua_xl.outputs.documents.write import write_documents


def list_entry(e: Entry) -> ListEntry:
    """A consolidated entry as the documents show it."""
    n = e.nominee
    return ListEntry(name=n.name, subject=n.subject, gender=n.gender, position=n.position,
                     work_unit=n.work_unit, unit_name=n.unit_name, summary=n.summary,
                     approval=n.approval, votes=n.votes, members_total=n.members_total)


def award_lists(cons: Consolidation) -> list[AwardList]:
    """Per award form: those within the caps (the proposal) and those beyond (for the council)."""
    return [AwardList(code, tuple(map(list_entry, within)), tuple(map(list_entry, over)))
            for code, within, over in cons.by_award()]


def _item(f: Finding, names: dict[tuple[str, int], str]) -> tuple[str, str, str]:
    """(where, who or what, message) for one finding in a unit's fix request."""
    if f.sheet and f.cell:
        where = f"{f.sheet}, ô {f.cell}"
    elif f.sheet and f.row:
        where = f"{f.sheet}, dòng {f.row}"
    else:
        where = "Cả hồ sơ"
    who = names.get((f.sheet, f.row or 0)) or CODES[f.code][1]
    return where, who, f.message


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
        requests.append(FixRequest(fr.unit_name or file_name(fr.path), file_name(fr.path),
                                   fr.letter_no, tuple(_item(f, names) for f in errors)))
    return requests


def write_documents_for(cons: Consolidation, out_dir: Path, today: date | None = None
                        ) -> list[Path]:
    """The signed-paper documents (lists, submissions, draft decision, fix requests)."""
    return write_documents(cons.campaign, award_lists(cons), fix_requests(cons), out_dir,
                           today=today)
