"""One core check for every face: read a unit file, run every file rule, return typed nominees."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from thidua_xl.campaign import COLLECTIVE, Campaign
from thidua_xl.findings import Finding, Severity
from thidua_xl.read.model import Nominee, Submission
from thidua_xl.read.normalise import Info, Row, file_encoding, normalise_info, normalise_row
from thidua_xl.read.reader import read_workbook, unreadable
from thidua_xl.rules import Context, run_rules


@dataclass(slots=True)
class FileResult:
    """Everything known about one unit file after the file rules ran."""

    path: str
    submission: Submission
    findings: list[Finding]
    nominees: list[Nominee]
    unit_code: str = ""
    unit_name: str = ""
    letter_no: str = ""
    letter_date: date | None = None
    meeting_date: date | None = None
    members_total: int | None = None
    members_present: int | None = None
    received: date | None = None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def readable(self) -> bool:
        """False when the file could not be read as a unit workbook at all."""
        return self.submission.readable

    @property
    def rows_read(self) -> int:
        """Data rows read from the file."""
        return len(self.nominees)

    @property
    def errors(self) -> int:
        """Error-severity findings of the file."""
        return sum(f.severity is Severity.ERROR for f in self.findings)


def _by_row(findings: list[Finding]) -> dict[tuple[str, int | None], list[Finding]]:
    """Findings grouped by the sheet and row they sit on, in their order (one pass, not one per row)."""
    grouped: dict[tuple[str, int | None], list[Finding]] = {}
    for f in findings:
        grouped.setdefault((f.sheet, f.row), []).append(f)
    return grouped


def _nominee(row: Row, info: Info, sub: Submission,
             on_rows: dict[tuple[str, int | None], list[Finding]]) -> Nominee:
    """A typed nominee with the findings that sit on its row."""
    unit = info.unit
    sheet = row.raw.sheet or sub.list_sheet
    collective = row.kind == COLLECTIVE
    return Nominee(
        file=sub.path, sheet=sheet, row=row.raw.row,
        unit_code=unit.code if unit else "", unit_name=unit.name if unit else info.unit_text,
        subject=row.subject or "", kind=row.kind or "", name=row.name, gender=row.gender or "",
        birth_year=row.birth_year, position=row.position, work_unit=row.work_unit,
        award=row.award or "", met=row.met, votes=row.votes, members_total=info.members_total,
        summary=row.summary, note=row.note, key=row.key, letter_date=info.letter_date,
        findings=list(on_rows.get((sheet, row.raw.row), ())),
        women=row.women if collective else None, members=row.members if collective else None,
    )


def _received_for(info: Info, received: Mapping[str, date] | None) -> date | None:
    """The Office's received date for this unit, when a register was given."""
    if not received or info.unit is None:
        return None
    return received.get(info.unit.code)


def check_submission(sub: Submission, campaign: Campaign,
                     received: Mapping[str, date] | None = None) -> FileResult:
    """Run every file rule on a Submission already read (from a file or from Excel)."""
    info = normalise_info(sub, campaign)
    if not sub.readable:
        return FileResult(sub.path, sub, sorted(sub.findings, key=lambda f: f.sort_key), [],
                          unit_code=info.unit.code if info.unit else "",
                          unit_name=info.unit.name if info.unit else info.unit_text)
    encoding = file_encoding(sub.rows)
    rows = [normalise_row(raw, campaign, encoding) for raw in sub.rows]
    ctx = Context(sub, campaign, info, rows, _received_for(info, received))
    findings = sorted([*sub.findings, *run_rules(ctx)], key=lambda f: f.sort_key)
    on_rows = _by_row(findings)
    return FileResult(
        path=sub.path, submission=sub, findings=findings,
        nominees=[_nominee(r, info, sub, on_rows) for r in rows],
        unit_code=info.unit.code if info.unit else "",
        unit_name=info.unit.name if info.unit else info.unit_text, letter_no=info.letter_no,
        letter_date=info.letter_date, meeting_date=info.meeting_date,
        members_total=info.members_total, members_present=info.members_present,
        received=ctx.received)


def check_file(path: Path, campaign: Campaign,
               received: Mapping[str, date] | None = None) -> FileResult:
    """Read one unit file and check it."""
    return check_submission(read_workbook(Path(path), campaign), campaign, received)


def slim(result: FileResult) -> FileResult:
    """Drop what only the file rules read (raw rows beyond the first, formula cells, raw info): a
    result crosses to the parent and is kept for the whole batch, ten thousand files and more.
    The first row (its column letters) and the info cells stay: fix slips name a finding's column
    by the label this file has at that letter."""
    sub = result.submission
    sub.rows, sub.info, sub.formula_cells = sub.rows[:1], {}, {}
    return result


def crashed(path: Path, reason: str) -> FileResult:
    """The result standing for a file whose reading crashed or hung the worker."""
    sub = unreadable(str(path), reason)
    return FileResult(str(path), sub, list(sub.findings), [])
