"""Cell predicates with two backends: Python over the values read, a formula over the template.

A rule says once *when a cell is wrong*, as a predicate built from these nodes. The Python backend
(`holds`) evaluates it on one file's values; the Excel backend (`excel`) renders it as the standard
workbook's conditional-format formula, so the unit sees the same verdict before sending. The idea
is pandera's: one check, several backends. Where a formula cannot do what Python does, the node
names the gap (see GAPS); everything outside the gaps must agree, which a differential test
asserts with LibreOffice.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Literal

from thidua_xl.read import contract
from thidua_xl.read.normalise import award_code, subject_code
from thidua_xl.rules.layout import Book, Ref, Seen, Sheet, list_values, row_field
from thidua_xl.text.dates import EXCEL_EPOCH, parse_date, parse_int
from thidua_xl.text.vietnamese import match_choice

# Inputs the Python backend reads more leniently than a spreadsheet formula can (key → why).
GAPS: dict[str, str] = {
    "loose-text": "Python matches choices typed without Vietnamese marks ('Tap the') or in "
                  "decomposed Unicode (NFD); a formula compares exact text, ignoring only case "
                  "and extra spaces, so it marks them.",
    "text-date": "Python reads day-first dates typed as text ('20/05/2021', 'ngày 20 tháng 5 "
                 "năm 2021'); a formula only knows date numbers, so it marks text dates. (A "
                 "number in a cell stripped of its date format is a date to Python only up to "
                 "31/12/2100; a formula cannot see formats and takes the template's date cells.)",
    "text-number": "Python reads whole numbers typed as text with a sign or a zero decimal tail "
                   "('+7', '7,00'); a formula accepts only plain digits in text, so it marks them.",
}


class Pred(ABC):
    """A statement about a row or the unit info, with a Python and an Excel backend."""

    gaps: ClassVar[frozenset[str]] = frozenset()

    @abstractmethod
    def holds(self, seen: Seen) -> bool:
        """Python backend: whether the statement is true of these values."""

    @abstractmethod
    def excel(self, book: Book, on: Sheet) -> str:
        """Excel backend: a formula true exactly when the statement is (outside the gaps)."""

    def all_gaps(self) -> frozenset[str]:
        """Gaps of this node and of every node inside it."""
        return self.gaps

    def __and__(self, other: Pred) -> Pred:
        left = self.parts if isinstance(self, AllOf) else (self,)
        return AllOf((*left, *(other.parts if isinstance(other, AllOf) else (other,))))

    def __or__(self, other: Pred) -> Pred:
        left = self.parts if isinstance(self, AnyOf) else (self,)
        return AnyOf((*left, *(other.parts if isinstance(other, AnyOf) else (other,))))

    def __invert__(self) -> Pred:
        return Not(self)


@dataclass(frozen=True)
class AllOf(Pred):
    """Every part holds."""

    parts: tuple[Pred, ...]

    def holds(self, seen: Seen) -> bool:
        for p in self.parts:  # noqa: SIM110 - a loop beats all(); this runs per check per row
            if not p.holds(seen):
                return False
        return True

    def excel(self, book: Book, on: Sheet) -> str:
        return "AND(" + ",".join(p.excel(book, on) for p in self.parts) + ")"

    def all_gaps(self) -> frozenset[str]:
        return frozenset().union(*(p.all_gaps() for p in self.parts))


@dataclass(frozen=True)
class AnyOf(Pred):
    """At least one part holds."""

    parts: tuple[Pred, ...]

    def holds(self, seen: Seen) -> bool:
        for p in self.parts:  # noqa: SIM110 - as in AllOf
            if p.holds(seen):
                return True
        return False

    def excel(self, book: Book, on: Sheet) -> str:
        return "OR(" + ",".join(p.excel(book, on) for p in self.parts) + ")"

    def all_gaps(self) -> frozenset[str]:
        return frozenset().union(*(p.all_gaps() for p in self.parts))


@dataclass(frozen=True)
class Not(Pred):
    """The part does not hold."""

    part: Pred

    def holds(self, seen: Seen) -> bool:
        return not self.part.holds(seen)

    def excel(self, book: Book, on: Sheet) -> str:
        return f"NOT({self.part.excel(book, on)})"

    def all_gaps(self) -> frozenset[str]:
        return self.part.all_gaps()


@dataclass(frozen=True)
class Started(Pred):
    """The nominee row has begun: some cell other than STT is filled (the reader's own test)."""

    def holds(self, seen: Seen) -> bool:
        return seen.row is not None  # the reader keeps only rows that have begun

    def excel(self, book: Book, on: Sheet) -> str:
        sums = "+".join(f"SUMPRODUCT(LEN(TRIM({r})))" for r in book.started_ranges())
        return f"{sums}>0"


@dataclass(frozen=True)
class Filled(Pred):
    """The cell holds something other than spaces."""

    ref: Ref

    def holds(self, seen: Seen) -> bool:
        value = seen.value(self.ref)  # clean_text(value) != "", without building the text
        return value is not None and (not isinstance(value, str) or value.strip() != "")

    def excel(self, book: Book, on: Sheet) -> str:
        return f"LEN(TRIM({book.address(self.ref, on)}))>0"


@dataclass(frozen=True)
class OneOf(Pred):
    """The cell is one of the values of some hidden-sheet lists (case and spacing ignored)."""

    ref: Ref
    lists: tuple[str, ...]
    gaps: ClassVar[frozenset[str]] = frozenset({"loose-text"})

    def holds(self, seen: Seen) -> bool:
        value, lists = seen.value(self.ref), list_values(seen.campaign)
        return any(match_choice(value, lists[n]) is not None for n in self.lists)

    def excel(self, book: Book, on: Sheet) -> str:
        a = book.address(self.ref, on)
        hits = "+".join(f"SUMPRODUCT(--(TRIM({a})={n}))" for n in self.lists)
        return f"AND(LEN(TRIM({a}))>0,{hits}>0)"


@dataclass(frozen=True)
class Met(Pred):
    """A nominee's criterion cell carries one of the campaign's marks for "met" (or, for a
    conditional criterion, one of its marks for "not applicable")."""

    code: str
    conditional: bool = False
    gaps: ClassVar[frozenset[str]] = frozenset({"loose-text"})

    def holds(self, seen: Seen) -> bool:
        row = seen.row  # normalise used is_met for both sets
        return row is not None and (self.code in row.met
                                    or (self.conditional and self.code in row.not_applicable))

    def excel(self, book: Book, on: Sheet) -> str:
        ref = row_field(contract.criterion_key(self.code))
        lists = (contract.MET_MARKS, contract.NA_MARKS) if self.conditional \
            else (contract.MET_MARKS,)
        return OneOf(ref, lists).excel(book, on)


@dataclass(frozen=True)
class Chosen(Pred):
    """A subject or award cell names one of `codes` (by label/name or by code)."""

    ref: Ref
    kind: Literal["subject", "award"]
    codes: tuple[str, ...]
    gaps: ClassVar[frozenset[str]] = frozenset({"loose-text"})

    def holds(self, seen: Seen) -> bool:
        if seen.row is not None and self.ref.sheet == "list" and self.ref.key == self.kind:
            typed = seen.row.subject if self.kind == "subject" else seen.row.award  # normalised
        else:
            typed = (subject_code if self.kind == "subject" else award_code)(
                seen.value(self.ref), seen.campaign)
        return typed in self.codes

    def excel(self, book: Book, on: Sheet) -> str:
        c = book.campaign
        spelled = [s.label for s in c.subjects if s.code in self.codes] if self.kind == "subject" \
            else [a.name for a in c.awards if a.code in self.codes]
        a = book.address(self.ref, on)
        tests = [f"TRIM({a})={literal(t)}" for t in (*spelled, *self.codes)]
        return "OR(" + ",".join(tests) + ")" if tests else "FALSE"


@dataclass(frozen=True)
class ChoiceIs(Pred):
    """A choice cell means `wanted` among `options` (a dossier item marked Có)."""

    ref: Ref
    options: tuple[str, ...]
    wanted: str
    gaps: ClassVar[frozenset[str]] = frozenset({"loose-text"})

    def holds(self, seen: Seen) -> bool:
        return match_choice(seen.value(self.ref), self.options) == self.wanted

    def excel(self, book: Book, on: Sheet) -> str:
        return f"TRIM({book.address(self.ref, on)})={literal(self.wanted)}"


def literal(text: str) -> str:
    """A string literal for a formula (quotes doubled)."""
    return '"' + text.replace('"', '""') + '"'


def _number(a: str) -> str:
    """Formula for the whole number a cell holds as parse_int reads it, or #N/A: a whole number,
    or text of digits only (spaces ignored)."""
    t = f'SUBSTITUTE({a}," ","")'
    return (f"IF(ISNUMBER({a}),IF({a}=INT({a}),{a},NA()),"
            f'IF({t}=TEXT(VALUE({t}),REPT("0",LEN({t}))),VALUE({t}),NA()))')


@dataclass(frozen=True)
class Whole(Pred):
    """The cell holds a whole number from `low` to `high` (typed as a number or as digits)."""

    ref: Ref
    low: int
    high: int
    gaps: ClassVar[frozenset[str]] = frozenset({"text-number"})

    def holds(self, seen: Seen) -> bool:
        n = parse_int(seen.value(self.ref))
        return n is not None and self.low <= n <= self.high

    def excel(self, book: Book, on: Sheet) -> str:
        n = _number(book.address(self.ref, on))
        return f"IFERROR(AND({n}>={self.low},{n}<={self.high}),FALSE)"


@dataclass(frozen=True)
class Above(Pred):
    """Both cells hold whole numbers, the right one positive, and the left one is larger."""

    left: Ref
    right: Ref
    gaps: ClassVar[frozenset[str]] = frozenset({"text-number"})

    def holds(self, seen: Seen) -> bool:
        left, right = parse_int(seen.value(self.left)), parse_int(seen.value(self.right))
        return left is not None and right is not None and right > 0 and left > right

    def excel(self, book: Book, on: Sheet) -> str:
        left = _number(book.address(self.left, on))
        right = _number(book.address(self.right, on))
        return f"IFERROR(AND({right}>0,{left}>{right}),FALSE)"


@dataclass(frozen=True)
class RatioBelow(Pred):
    """part ÷ whole is below `threshold` (both whole numbers, the whole positive)."""

    part: Ref
    whole: Ref
    threshold: float
    gaps: ClassVar[frozenset[str]] = frozenset({"text-number"})

    def holds(self, seen: Seen) -> bool:
        part, whole = parse_int(seen.value(self.part)), parse_int(seen.value(self.whole))
        return part is not None and whole is not None and whole > 0 \
            and part / whole < self.threshold

    def excel(self, book: Book, on: Sheet) -> str:
        part = _number(book.address(self.part, on))
        whole = _number(book.address(self.whole, on))
        return f"IFERROR(AND({whole}>0,{part}/{whole}<{self.threshold!r}),FALSE)"


_PAST_LAST_DAY = (date(9999, 12, 31) - EXCEL_EPOCH).days + 1  # serial past 31/12/9999


def _is_date(a: str) -> str:
    """Formula (AND arguments): the cell holds a day number a date-formatted cell shows as a date,
    as the reader gets it: 1 (01/01/1900) up to 31/12/9999; below 1 is a time of day."""
    return f"ISNUMBER({a}),{a}>=1,{a}<{_PAST_LAST_DAY}"


def _day(day: date) -> str:
    """A date as a formula writes it."""
    return f"DATE({day.year},{day.month},{day.day})"


@dataclass(frozen=True)
class DateOk(Pred):
    """The cell holds a readable date."""

    ref: Ref
    gaps: ClassVar[frozenset[str]] = frozenset({"text-date"})

    def holds(self, seen: Seen) -> bool:
        return parse_date(seen.value(self.ref)) is not None

    def excel(self, book: Book, on: Sheet) -> str:
        return f"IFERROR(AND({_is_date(book.address(self.ref, on))}),FALSE)"


@dataclass(frozen=True)
class DateBefore(Pred):
    """The cell holds a date earlier than `day`."""

    ref: Ref
    day: date
    gaps: ClassVar[frozenset[str]] = frozenset({"text-date"})

    def holds(self, seen: Seen) -> bool:
        d = parse_date(seen.value(self.ref))
        return d is not None and d < self.day

    def excel(self, book: Book, on: Sheet) -> str:
        a = book.address(self.ref, on)
        return f"IFERROR(AND({_is_date(a)},INT({a})<{_day(self.day)}),FALSE)"


@dataclass(frozen=True)
class Late(Pred):
    """The cell holds a date past the campaign's deadline (inclusive or exclusive, as planned)."""

    ref: Ref
    gaps: ClassVar[frozenset[str]] = frozenset({"text-date"})

    def holds(self, seen: Seen) -> bool:
        d = parse_date(seen.value(self.ref))
        return d is not None and seen.campaign.is_late(d)

    def excel(self, book: Book, on: Sheet) -> str:
        a, c = book.address(self.ref, on), book.campaign
        late = ">" if c.deadline_inclusive else ">="
        return f"IFERROR(AND({_is_date(a)},INT({a}){late}{_day(c.deadline)}),FALSE)"


@dataclass(frozen=True)
class DateAfter(Pred):
    """Both cells hold dates and the left one is later."""

    left: Ref
    right: Ref
    gaps: ClassVar[frozenset[str]] = frozenset({"text-date"})

    def holds(self, seen: Seen) -> bool:
        left, right = parse_date(seen.value(self.left)), parse_date(seen.value(self.right))
        return left is not None and right is not None and left > right

    def excel(self, book: Book, on: Sheet) -> str:
        a, b = book.address(self.left, on), book.address(self.right, on)
        return f"IFERROR(AND({_is_date(a)},{_is_date(b)},INT({a})>INT({b})),FALSE)"


@dataclass(frozen=True)
class NoRegister(Pred):
    """The Office gave no received-date register (the workbook never has one)."""

    def holds(self, seen: Seen) -> bool:
        return seen.received is None

    def excel(self, book: Book, on: Sheet) -> str:
        return "TRUE"
