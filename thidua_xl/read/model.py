"""Plain data read from a unit workbook: raw values with their addresses, before any rule runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from thidua_xl.findings import Finding


@dataclass(frozen=True, slots=True)
class CellRef:
    """Where a value sits: sheet name, 1-based sheet row, column letter."""

    sheet: str
    row: int
    column: str

    @property
    def cell(self) -> str:
        """A1-style address such as "J14"."""
        return f"{self.column}{self.row}"


@dataclass(slots=True)
class RawRow:
    """One nominee row as typed: field key → raw value, field key → column letter, and its sheet
    (empty: the submission's list sheet)."""

    row: int
    values: dict[str, object]
    columns: dict[str, str]
    sheet: str = ""

    def get(self, key: str) -> object:
        """Raw value of a field, None when the column is absent or the cell empty."""
        return self.values.get(key)


@dataclass(slots=True)
class Submission:
    """One unit workbook as read: stamp, unit info, nominee rows, formula cells, reader findings."""

    path: str
    campaign_id: str | None = None
    template_version: str | None = None
    info: dict[str, object] = field(default_factory=dict)
    info_cells: dict[str, CellRef] = field(default_factory=dict)
    list_sheet: str = ""
    list_header: int = 0
    list_sheets: list[str] = field(default_factory=list)
    rows: list[RawRow] = field(default_factory=list)
    formula_cells: dict[str, set[str]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    modified: float = 0.0
    readable: bool = True

    def ref(self, row: RawRow, key: str) -> CellRef:
        """Address of a field in a nominee row (column A when the field has no column)."""
        return CellRef(row.sheet or self.list_sheet, row.row, row.columns.get(key, "A"))


@dataclass(slots=True)
class Nominee:
    """A normalised nominee ready for consolidation, ranking and documents."""

    file: str
    sheet: str
    row: int
    unit_code: str
    unit_name: str
    subject: str
    kind: str
    name: str
    gender: str
    birth_year: int | None
    position: str
    work_unit: str
    award: str
    met: frozenset[str]
    votes: int | None
    members_total: int | None
    summary: str
    note: str
    key: str
    letter_date: date | None = None
    findings: list[Finding] = field(default_factory=list)
    women: int | None = None
    members: int | None = None

    @property
    def women_share(self) -> float | None:
        """A collective's share of women (women ÷ members), None when either is unknown."""
        if self.women is None or not self.members:
            return None
        return self.women / self.members

    @property
    def approval(self) -> float | None:
        """Approval rate: votes for ÷ members of the review meeting, None when unknown."""
        if self.votes is None or not self.members_total:
            return None
        return self.votes / self.members_total
