"""What the council's tally says, typed: the meeting, one row per candidate voted on, and the result."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from thidua_xl.campaign import CouncilRules
from thidua_xl.consolidate.entries import Entry, QuotaRow
from thidua_xl.findings import Finding, Severity
from thidua_xl.read.model import CellRef

STATUS_BELOW = "Không đạt tỷ lệ phiếu"


@dataclass(frozen=True, slots=True)
class Meeting:
    """The council meeting as the secretary recorded it."""

    day: date | None = None
    place: str = ""
    members_total: int | None = None
    members_present: int | None = None
    chair: str = ""
    secretary: str = ""


@dataclass(slots=True)
class TallyRow:
    """One candidate row of the tally: who (as typed, normalised) and the council's votes."""

    row: int
    award: str | None
    award_text: str
    subject: str | None
    name: str
    birth_year: int | None
    unit: str
    votes: int | None
    votes_raw: object
    columns: dict[str, str]


@dataclass(slots=True)
class Tally:
    """The whole tally as read: stamp, meeting, candidate rows and what the reader found."""

    path: str
    meeting: Meeting = field(default_factory=Meeting)
    meeting_raw: dict[str, object] = field(default_factory=dict)
    meeting_cells: dict[str, CellRef] = field(default_factory=dict)
    sheet: str = ""
    rows: list[TallyRow] = field(default_factory=list)
    stamp: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    readable: bool = True

    def cell(self, row: TallyRow, key: str) -> str:
        """A1 address of a field in a candidate row (column A when the field has no column)."""
        return f"{row.columns.get(key, 'A')}{row.row}"


@dataclass(slots=True)
class Vote:
    """A candidate as the council decided: its votes, share, and where it stands."""

    entry: Entry
    votes: int
    approval: float
    passed: bool
    status: str = ""
    reasons: tuple[str, ...] = ()


@dataclass(slots=True)
class CouncilResult:
    """The council's result: the meeting, each candidate's vote and standing, the caps as applied."""

    tally: Tally
    rules: CouncilRules
    votes: list[Vote]
    quota: list[QuotaRow]
    findings: list[Finding]

    @property
    def errors(self) -> int:
        """Error findings; any error means the result cannot be recorded."""
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def recorded(self) -> bool:
        """Whether this result may stand as the council's: the tally had no errors."""
        return not self.errors and bool(self.votes)

    @property
    def meeting(self) -> Meeting:
        """The meeting the result comes from."""
        return self.tally.meeting
