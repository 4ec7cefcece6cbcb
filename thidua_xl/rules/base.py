"""What every rule sees (Context) and the registry rules declare themselves in: each rule once,
under a stable finding code; Python checks a Context, and the same declaration gives the standard
workbook its self-check formula where a spreadsheet can express it."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from thidua_xl.campaign import Campaign
from thidua_xl.findings import CODES, Finding, Severity, Where, display_value, finding, registrar
from thidua_xl.read.model import CellRef, Submission
from thidua_xl.read.normalise import Info, Row
from thidua_xl.rules.layout import Book, Seen, Sheet
from thidua_xl.rules.predicates import Pred


@dataclass(slots=True)
class Context:
    """Everything a file rule may look at: the raw submission, typed info and rows, the campaign."""

    sub: Submission
    campaign: Campaign
    info: Info
    rows: list[Row]
    received: date | None = None

    def at(self, row: Row, key: str) -> Where:
        """Finding location of one field of a nominee row, with its raw value."""
        ref = self.sub.ref(row.raw, key)
        return _where(self.sub.path, ref, row.raw.get(key))

    def at_info(self, key: str) -> Where:
        """Finding location of a unit-info field (file level when the label is absent)."""
        ref = self.sub.info_cells.get(key)
        if ref is None:
            return {"file": self.sub.path}
        return _where(self.sub.path, ref, self.sub.info.get(key))


def _where(path: str, ref: CellRef, value: object) -> Where:
    """Keyword arguments that place a finding on one cell."""
    return {"file": path, "sheet": ref.sheet, "row": ref.row, "column": ref.column,
            "cell": ref.cell, "value": display_value(value)}


Rule = Callable[[Context], Iterable[Finding]]
RULES: dict[str, Rule] = {}
_register = registrar(RULES)

Fill = Literal["error", "unmet", "todo"]
FILLS: tuple[Fill, ...] = ("error", "unmet", "todo")  # the workbook's colours, strongest first


@dataclass(frozen=True)
class Mark:
    """One self-check of a field: when its cell is wrong, and the colour the workbook shows."""

    when: Pred
    fill: Fill = "error"


def wrong(when: Pred, fill: Fill = "error") -> tuple[Mark, ...]:
    """The usual single mark: the cell is wrong when `when` holds."""
    return (Mark(when, fill),)


@dataclass(frozen=True)
class RowCheck:
    """A check of one field of every nominee row: its marks and the message naming the nominee."""

    key: str
    marks: tuple[Mark, ...]
    says: Callable[[Context, Row], str]
    severity: Severity | None = None


@dataclass(frozen=True)
class InfoCheck:
    """A check of one unit-info field: its marks and its message."""

    key: str
    marks: tuple[Mark, ...]
    says: Callable[[Context], str]
    severity: Severity | None = None


Check = RowCheck | InfoCheck


@dataclass(frozen=True)
class Placed:
    """One conditional format of the template: the rule, the field, its formula and colour."""

    rule: str
    sheet: Sheet
    key: str
    formula: str
    fill: Fill


@dataclass(frozen=True)
class Declared:
    """A rule as declared: its code and checks (its workbook form), or why it has none."""

    key: str
    code: str
    checks: Callable[[Campaign], Sequence[Check]] | None
    why: str = ""
    shows: Mapping[Fill, str] = field(default_factory=dict)

    def placed(self, campaign: Campaign, book: Book | None = None) -> list[Placed]:
        """The conditional formats this rule puts in the campaign's template."""
        if self.checks is None:
            return []
        book = book or Book.of(campaign)
        out = []
        for check in self.checks(campaign):
            sheet: Sheet = "list" if isinstance(check, RowCheck) else "info"
            out += [Placed(self.key, sheet, check.key, m.when.excel(book, sheet), m.fill)
                    for m in check.marks]
        return out

    def gaps(self, campaign: Campaign) -> frozenset[str]:
        """Inputs on which the workbook form knowingly differs from Python (predicates.GAPS)."""
        checks = self.checks(campaign) if self.checks else ()
        return frozenset().union(*(m.when.all_gaps() for c in checks for m in c.marks))


DECLARED: dict[str, Declared] = {}


def rule(code: str, *, excel: None, why: str) -> Callable[[Rule], Rule]:
    """Register a Python-only file rule; `why` says why the workbook cannot check it itself."""
    if not why.strip():
        raise ValueError(f"rule {code!r} without a workbook form must say why")

    def register(func: Rule) -> Rule:
        _register(code)(func)
        key = f"{code}:{getattr(func, '__name__', '')}"
        DECLARED[key] = Declared(key, code, None, why=why)
        return func

    return register


def _per_campaign(make: Callable[[Campaign], Iterable[Check]]
                  ) -> Callable[[Campaign], tuple[Check, ...]]:
    """`make` evaluated once per campaign object (checks close over its criteria, awards, dates)."""

    @functools.lru_cache(maxsize=8)
    def checks(campaign: Campaign) -> tuple[Check, ...]:
        return tuple(make(campaign))

    return checks


def _shows(shows: str | Mapping[Fill, str]) -> Mapping[Fill, str]:
    """The legend phrase per colour (one phrase stands for every colour the rule uses)."""
    return {f: shows for f in FILLS} if isinstance(shows, str) else shows


def _wrong(marks: tuple[Mark, ...], seen: Seen) -> bool:
    """Whether any mark of a check holds (a plain loop: this runs for every check of every row)."""
    for m in marks:  # noqa: SIM110 - a loop is cheaper than any() over a generator here
        if m.when.holds(seen):
            return True
    return False


def _run(ctx: Context, code: str, checks: Sequence[Check]) -> Iterator[Finding]:
    """Python backend of a declared rule: every check on every row (or on the unit info)."""
    seen = Seen(ctx.campaign, ctx.sub.info, None, ctx.received)
    for ic in checks:
        if isinstance(ic, InfoCheck) and _wrong(ic.marks, seen):
            yield finding(code, ic.says(ctx), ic.severity, **ctx.at_info(ic.key))
    row_checks = [c for c in checks if isinstance(c, RowCheck)]
    for row in ctx.rows if row_checks else ():
        seen.row = row
        for rc in row_checks:
            if rc.key in row.raw.columns and _wrong(rc.marks, seen):
                yield finding(code, rc.says(ctx, row), rc.severity, **ctx.at(row, rc.key))


def declare(code: str, shows: str | Mapping[Fill, str]
            ) -> Callable[[Callable[[Campaign], Iterable[Check]]],
                          Callable[[Campaign], Iterable[Check]]]:
    """Declare a cell rule: the decorated function gives a campaign's checks (field, predicate,
    message); Python runs them on files and the template writers render them as formulas.
    `shows` is the Vietnamese phrase for the guide's colour legend."""

    def register(make: Callable[[Campaign], Iterable[Check]]
                 ) -> Callable[[Campaign], Iterable[Check]]:
        checks = _per_campaign(make)

        def run(ctx: Context) -> Iterator[Finding]:
            return _run(ctx, code, checks(ctx.campaign))

        run.__name__ = run.__qualname__ = make.__name__
        run.__doc__ = make.__doc__
        _register(code)(run)
        key = f"{code}:{make.__name__}"
        DECLARED[key] = Declared(key, code, checks, shows=_shows(shows))
        return make

    return register


def run_rules(ctx: Context) -> list[Finding]:
    """Every registered rule over one file, in registration order."""
    return [f for func in RULES.values() for f in func(ctx)]


def workbook_marks(campaign: Campaign) -> list[Placed]:
    """Every conditional format the template carries, strongest colour first (it wins a cell)."""
    book = Book.of(campaign)
    marks = [p for d in DECLARED.values() for p in d.placed(campaign, book)]
    return sorted(marks, key=lambda p: FILLS.index(p.fill))


def legend(campaign: Campaign) -> dict[Fill, list[str]]:
    """Per colour, what the template's self-check marks in it (Vietnamese phrases, in the order
    of the finding codes)."""
    out: dict[Fill, list[str]] = {f: [] for f in FILLS}
    for d in sorted(DECLARED.values(), key=lambda d: list(CODES).index(d.code)):
        for fill in dict.fromkeys(p.fill for p in d.placed(campaign)):
            phrase = d.shows.get(fill, "")
            if phrase and phrase not in out[fill]:
                out[fill].append(phrase)
    return out

