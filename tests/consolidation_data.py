"""Builders for consolidation tests: Nominee and FileResult objects made in memory, no workbook needed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from thidua_xl.campaign import Campaign, Quota, load_campaign
from thidua_xl.check.file import FileResult
from thidua_xl.findings import Finding, finding
from thidua_xl.read.model import Nominee, Submission
from thidua_xl.text.vietnamese import collective_key, person_key

CAMPAIGN = load_campaign()
LIST = "Danh sách đề nghị"
UNITS = {u.code: u.name for u in CAMPAIGN.units}


def nominee(name: str, *, unit: str = "VP", subject: str = "ca-nhan", award: str = "GKGD",
            gender: str = "Nam", birth_year: int | None = 1980, votes: int | None = 7,
            members: int | None = 7, row: int = 2, file: str = "", **changes: Any) -> Nominee:
    """A nominee that breaks no rule unless told otherwise."""
    collective = subject == "tap-the"
    n = Nominee(
        file=file or f"{unit}.xlsx", sheet=LIST, row=row, unit_code=unit,
        unit_name=UNITS.get(unit, unit), subject=subject,
        kind="collective" if collective else "individual", name=name,
        gender="" if collective else gender, birth_year=None if collective else birth_year,
        position="" if collective else "Chuyên viên", work_unit=UNITS.get(unit, unit),
        award=award, met=frozenset(), votes=votes, members_total=members,
        summary="Hoàn thành xuất sắc nhiệm vụ phục vụ bầu cử.", note="",
        key=collective_key(name) if collective else person_key(name, birth_year),
        letter_date=date(2021, 5, 20))
    return replace(n, **changes)


def row_error(n: Nominee, code: str = "criteria-not-met") -> Nominee:
    """The same nominee carrying an error finding on its row."""
    f = finding(code, f"{n.name}: lỗi thử.", file=n.file, sheet=n.sheet, row=n.row,
                column="C", cell=f"C{n.row}")
    n.findings.append(f)
    return n


def unit_file(unit: str, nominees: Sequence[Nominee], *, path: str = "",
              letter_date: date | None = date(2021, 5, 20), modified: float = 0.0,
              file_findings: Sequence[Finding] = (), received: date | None = None,
              readable: bool = True) -> FileResult:
    """A checked unit file: its nominees renumbered onto consecutive rows of that file."""
    path = path or f"{unit}.xlsx"
    rows = [replace(n, file=path, row=i + 2, unit_code=unit, unit_name=UNITS.get(unit, unit),
                    letter_date=letter_date,
                    findings=[replace(f, file=path, row=i + 2, cell=f"{f.column}{i + 2}")
                              for f in n.findings])
            for i, n in enumerate(nominees)]
    sub = Submission(path=path, list_sheet=LIST, modified=modified, readable=readable)
    findings = [f for n in rows for f in n.findings] + list(file_findings)
    return FileResult(path=path, submission=sub, findings=findings, nominees=rows,
                      unit_code=unit, unit_name=UNITS.get(unit, unit), letter_no=f"1/TTr-{unit}",
                      letter_date=letter_date, received=received)


def with_quotas(*quotas: Quota, ties: tuple[str, ...] | None = None,
                campaign: Campaign = CAMPAIGN) -> Campaign:
    """The built-in campaign with other caps (and optionally other tie-breakers)."""
    return replace(campaign, quotas=tuple(quotas),
                   tie_breakers=campaign.tie_breakers if ties is None else ties)
