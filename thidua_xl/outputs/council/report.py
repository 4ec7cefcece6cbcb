"""bao_cao.json's "council" and "decision" sections, added to the consolidation's report in place."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from thidua_xl.council.decision import Awarded, Decision
from thidua_xl.council.model import CouncilResult, Vote
from thidua_xl.outputs.files import atomic_path
from thidua_xl.outputs.tonghop.report import json_chunks


def _vote(v: Vote) -> dict[str, object]:
    """One candidate as the council decided, with what the units had said."""
    n = v.entry.nominee
    return {"award": n.award, "subject": n.subject, "status": v.status, "rank": v.entry.rank,
            "group_size": v.entry.group_size, "name": n.name, "gender": n.gender,
            "birth_year": n.birth_year, "position": n.position, "work_unit": n.work_unit,
            "unit": n.unit_code, "unit_name": n.unit_name, "summary": n.summary,
            "file": n.file, "row": n.row, "votes": v.votes, "approval": round(v.approval, 6),
            "passed": v.passed, "unit_votes": n.votes, "unit_members_total": n.members_total,
            "reasons": list(v.reasons)}


def council_section(result: CouncilResult) -> dict[str, object]:
    """The council's result for programs: meeting, rules, caps as applied, every candidate."""
    m, rules = result.meeting, result.rules
    return {
        "recorded": result.recorded, "tally": result.tally.path,
        "meeting": {"date": m.day.isoformat() if m.day else None, "place": m.place,
                    "members_total": m.members_total, "members_present": m.members_present,
                    "chair": m.chair, "secretary": m.secretary},
        "rules": {"threshold": rules.threshold, "base": rules.base, "quorum": rules.quorum},
        "quota": [q.to_dict() for q in result.quota],
        "candidates": [_vote(v) for v in result.votes],
        "findings": [f.to_dict() for f in result.findings],
    }


def decision_section(d: Decision, got: Awarded, certificates: Path, pdf: Path | None,
                     layout: str) -> dict[str, object]:
    """The signed decision for programs: number, date, award, on what list, who was awarded."""
    return {"number": d.number, "date": d.day.isoformat(), "award": d.award,
            "council_recorded": got.council, "layout": layout,
            "certificates": str(certificates), "pdf": str(pdf) if pdf else None,
            "awarded": [{"name": a.name, "subject": a.subject, "gender": a.gender,
                         "birth_year": a.birth_year, "position": a.position,
                         "unit_name": a.unit_name}
                        for a in got.awardees if a.award == d.award]}


def rewrite_report(path: Path, report: Mapping[str, Any], **sections: object) -> Path:
    """The report with sections set (a None value removes one), written atomically as before."""
    data = {k: v for k, v in report.items() if k not in sections}
    data.update({k: v for k, v in sections.items() if v is not None})
    with atomic_path(Path(path)) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(json_chunks(data.items()))
    return Path(path)
