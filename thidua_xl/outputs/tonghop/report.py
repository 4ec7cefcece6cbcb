"""bao_cao.json: the consolidation for programs, deterministic (no clock, everything in a fixed order)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import cast

from thidua_xl.consolidate.entries import Change, Consolidation, Entry
from thidua_xl.consolidate.quota import explain
from thidua_xl.consolidate.units import unit_rows
from thidua_xl.findings import Severity
from thidua_xl.outputs.files import atomic_path
from thidua_xl.outputs.stamp import generator

SCHEMA_VERSION = 1


def _day(d: date | None) -> str | None:
    """ISO date for JSON."""
    return d.isoformat() if d else None


def _entry(e: Entry) -> dict[str, object]:
    """A ranked-list item."""
    n = e.nominee
    return {"award": n.award, "subject": n.subject, "rank": e.rank, "group_size": e.group_size,
            "status": e.status, "name": n.name, "gender": n.gender, "birth_year": n.birth_year,
            "position": n.position, "work_unit": n.work_unit, "unit": n.unit_code,
            "unit_name": n.unit_name, "file": n.file, "sheet": n.sheet, "row": n.row,
            "votes": n.votes, "members_total": n.members_total,
            "approval": round(n.approval, 6) if n.approval is not None else None,
            "summary": n.summary, "letter_date": _day(n.letter_date),
            "findings": len(e.findings), "reasons": list(explain(e))}


def _change(c: Change) -> dict[str, object]:
    """A replaced file and what its successor changed."""
    return {"file": c.replaced, "replaced_by": c.by, "unit": c.unit_code, "rows": c.rows,
            "decided_by": c.basis or None,
            "added": list(c.added), "removed": list(c.removed),
            "modified": [{"name": n, "fields": list(f)} for n, f in c.modified]}


def _files(cons: Consolidation) -> Iterator[dict[str, object]]:
    """Every file read, current or replaced, in input order."""
    replaced = {c.replaced: c.by for c in cons.changes}
    current = {id(fr) for fr in cons.current}
    for fr in cons.files:
        sev = [f.severity for f in fr.findings]
        yield {"path": fr.path, "unit": fr.unit_code, "unit_name": fr.unit_name,
               "letter_no": fr.letter_no, "letter_date": _day(fr.letter_date),
               "received": _day(fr.received), "readable": fr.readable, "rows": len(fr.nominees),
               "errors": sev.count(Severity.ERROR), "warnings": sev.count(Severity.WARNING),
               "current": id(fr) in current,
               "replaced_by": None if id(fr) in current else replaced.get(fr.path)}


def _units(cons: Consolidation) -> Iterator[dict[str, object]]:
    """The Office's checklist per unit."""
    for u in unit_rows(cons):
        yield {"unit": u.code, "name": u.name, "file": u.file or None, "state": u.state,
               "received": _day(u.received), "received_from": u.received_from or None,
               "rows": u.rows, "errors": u.errors, "warnings": u.warnings}


def report_sections(cons: Consolidation) -> Iterator[tuple[str, object]]:
    """The report's top-level keys in order; long lists come as iterators to stream them."""
    yield "generator", generator("bao_cao")
    yield "schema", SCHEMA_VERSION
    yield "campaign", cons.campaign.id
    yield "rows_read", cons.rows_read
    yield "rows_consolidated", cons.rows_consolidated
    yield "rows_rejected", cons.rows_rejected
    yield "rows_invalid", cons.rows_invalid
    yield "rows_replaced", cons.rows_replaced
    counts = Counter(f.severity for f in cons.findings)
    yield "summary", {"errors": counts[Severity.ERROR], "warnings": counts[Severity.WARNING],
                      "infos": counts[Severity.INFO]}
    yield "files", _files(cons)
    yield "replaced", map(_change, cons.changes)
    yield "units", _units(cons)
    yield "quota", (q.to_dict() for q in cons.quota)
    yield "ranked", map(_entry, cons.ranked())
    yield "findings", (f.to_dict() for f in cons.findings)


def report_dict(cons: Consolidation) -> dict[str, object]:
    """The whole report as plain data (for callers that want it in memory)."""
    return {k: v if isinstance(v, int | str | dict) else list(v)  # type: ignore[call-overload]
            for k, v in report_sections(cons)}


# One encoder for the whole report: json.dumps with an option builds a new one per call, and a
# large batch has hundreds of thousands of items.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def json_chunks(sections: Iterable[tuple[str, object]]) -> Iterator[str]:
    """JSON text with one top-level key and one list item per line, produced piece by piece."""
    dump = _ENCODER.encode
    yield "{"
    for i, (key, value) in enumerate(sections):
        yield f"{',' if i else ''}\n {dump(key)}: "
        if isinstance(value, int | str | dict):
            yield dump(value)
            continue
        yield "["
        n = 0
        items = cast(Iterable[object], value)
        for n, item in enumerate(items, start=1):
            yield f"{',' if n > 1 else ''}\n  {dump(item)}"
        yield "\n ]" if n else "]"
    yield "\n}\n"


def write_report(cons: Consolidation, target: Path) -> Path:
    """Stream bao_cao.json to disk atomically (UTF-8, Vietnamese kept readable)."""
    target = Path(target)
    with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(json_chunks(report_sections(cons)))
    return target
