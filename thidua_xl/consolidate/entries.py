"""The consolidated table's records: entries with their verdicts, resubmissions, quota rows."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from thidua_xl.campaign import COLLECTIVE, Campaign
from thidua_xl.findings import Finding, Severity, worst
from thidua_xl.read import contract
from thidua_xl.read.model import Nominee
from thidua_xl.read.normalise import addressed

if TYPE_CHECKING:
    from thidua_xl.check.file import FileResult

STATUS_WITHIN = "Trong chỉ tiêu"
STATUS_OVER = "Vượt chỉ tiêu"
STATUS_INVALID = "Chưa hợp lệ"
STATUS_REPLACED = "Đã thay thế"
STATUS_ALTERNATE = "Chờ chọn hình thức"
# Rows that are candidates (no blocking error, file current): ranked, or kept as a lower form.
CANDIDATE_STATUSES = (STATUS_WITHIN, STATUS_OVER, STATUS_ALTERNATE)
QUOTA_CODES = frozenset({"quota-exceeded", "unit-quota-exceeded"})
NAMES_SHOWN = 8

@dataclass(slots=True)
class Entry:
    """One nominee in the consolidated table, with every finding that concerns it and its verdict."""

    nominee: Nominee
    findings: tuple[Finding, ...]
    status: str = ""
    rank: int | None = None
    group_size: int = 0
    caps: tuple[Any, ...] = ()
    refused: tuple[Any, ...] = ()
    note: str = ""

    @property
    def blocking(self) -> list[Finding]:
        """Errors that keep the nominee off the list; quota findings are judged by the ranking."""
        return [f for f in self.findings
                if f.severity is Severity.ERROR and f.code not in QUOTA_CODES]

    @property
    def worst(self) -> Severity | None:
        """The most serious severity among its findings, for row colouring."""
        return worst(f.severity for f in self.findings) if self.findings else None


@dataclass(frozen=True, slots=True)
class Change:
    """A file replaced by a later file of the same unit, and what the later file changed."""

    replaced: str
    by: str
    unit_code: str
    unit_name: str
    rows: int
    added: tuple[str, ...]
    removed: tuple[str, ...]
    modified: tuple[tuple[str, tuple[str, ...]], ...]
    basis: str = ""


@dataclass(frozen=True, slots=True)
class QuotaRow:
    """One cap as applied: how many were proposed, kept within and left over, and why the limit."""

    award: str
    subject: str
    subjects: tuple[str, ...]
    scope: str
    unit_code: str
    unit_name: str
    label: str
    limit: int
    explanation: str
    proposed: int
    within: int
    over: int
    invalid: int

    def to_dict(self) -> dict[str, object]:
        """JSON shape of the report's quota rows."""
        return {"award": self.award, "subject": self.subject, "scope": self.scope,
                "unit": self.unit_code, "limit": self.limit, "proposed": self.proposed,
                "within": self.within, "over": self.over, "invalid": self.invalid,
                "explanation": self.explanation}


@dataclass(slots=True)
class Consolidation:
    """The Office's consolidated view of a campaign; rows_read = rows_consolidated + rows_rejected."""

    campaign: Campaign
    files: list[FileResult]
    current: list[FileResult]
    changes: list[Change]
    entries: list[Entry]
    replaced_entries: list[Entry]
    quota: list[QuotaRow]
    findings: list[Finding]
    _ranked: list[Entry] | None = None

    def in_file_order(self) -> Iterator[Entry]:
        """Every entry, current and replaced, in input file order and sheet row order."""
        current, replaced = iter(self.entries), iter(self.replaced_entries)
        now = {fr.path for fr in self.current}
        for fr in self.files:
            source = current if fr.path in now else replaced
            for _ in fr.nominees:
                yield next(source)

    @property
    def rows_read(self) -> int:
        """Data rows read from every file, replaced ones included."""
        return sum(len(fr.nominees) for fr in self.files)

    @property
    def rows_consolidated(self) -> int:
        """Rows of current files without blocking errors: the candidates, ranked against the caps
        or kept as a person's lower award form."""
        return sum(e.status in CANDIDATE_STATUSES for e in self.entries)

    @property
    def rows_invalid(self) -> int:
        """Rows of current files with errors ("Chưa hợp lệ")."""
        return sum(e.status == STATUS_INVALID for e in self.entries)

    @property
    def rows_replaced(self) -> int:
        """Rows of files replaced by a later file of the same unit."""
        return len(self.replaced_entries)

    @property
    def rows_rejected(self) -> int:
        """Rows not consolidated: invalid rows plus rows of replaced files."""
        return self.rows_invalid + self.rows_replaced

    @property
    def errors(self) -> int:
        """Error findings that still stand (replaced files excluded)."""
        return sum(f.severity is Severity.ERROR for f in self.findings)

    def by_award(self) -> list[tuple[str, list[Entry], list[Entry]]]:
        """Per award form (campaign order): entries within the caps, then those over them."""
        ranked = self.ranked()
        return [(a.code, [e for e in ranked if e.nominee.award == a.code and e.status == STATUS_WITHIN],
                 [e for e in ranked if e.nominee.award == a.code and e.status == STATUS_OVER])
                for a in self.campaign.awards]

    def ranked(self) -> list[Entry]:
        """Current entries in list order: award, subject, status, rank, then provenance."""
        if self._ranked is None:
            self._ranked = self._rank_order()
        return list(self._ranked)

    def _rank_order(self) -> list[Entry]:
        """The sort behind ranked(), done once."""
        awards = {a.code: i for i, a in enumerate(self.campaign.awards)}
        subjects = {s.code: i for i, s in enumerate(self.campaign.subjects)}
        status = {STATUS_WITHIN: 0, STATUS_OVER: 1, STATUS_ALTERNATE: 2, STATUS_INVALID: 3}
        return sorted(self.entries, key=lambda e: (
            awards.get(e.nominee.award, len(awards)), subjects.get(e.nominee.subject, len(subjects)),
            status.get(e.status, 4), e.rank or 0, e.nominee.file, e.nominee.row))


def file_name(path: str) -> str:
    """The last part of a path, for messages (Windows and POSIX separators alike)."""
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def who(n: Nominee) -> str:
    """How a message names a nominee: "Bà Nguyễn Thị Hoa (sinh 1985)" or a collective's name."""
    person = n.kind != COLLECTIVE
    base = addressed(n.name, n.gender, person, n.row)
    return f"{base} (sinh {n.birth_year})" if n.birth_year and person else base


def where(n: Nominee) -> str:
    """Provenance of a nominee for messages: unit, file and row."""
    unit = f"{n.unit_name}, " if n.unit_name else ""
    return f"{unit}tệp {file_name(n.file)} dòng {n.row}"


def shorten(names: Sequence[str], sep: str = ", ", limit: int = NAMES_SHOWN) -> str:
    """A list of names, cut with "và N trường hợp khác" so messages stay readable."""
    shown = sep.join(names[:limit])
    return shown + (f" và {len(names) - limit} trường hợp khác" if len(names) > limit else "")


def contract_column(campaign: Campaign, key: str) -> str:
    """Column letter of a field in the standard list sheet."""
    keys = [f.key for f in contract.list_columns(campaign)]
    return contract.column_letter(keys.index(key))


def name_column(campaign: Campaign) -> str:
    """Column letter of the name field in the standard list sheet."""
    return contract_column(campaign, "name")
