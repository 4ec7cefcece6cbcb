"""A predicate about the campaign's units: a row's work unit against the proposing unit, both read
as resolve_unit reads them (a unit's name, else its code)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from thidua_xl.read import contract
from thidua_xl.read.normalise import resolve_unit
from thidua_xl.rules.layout import Book, Ref, Seen, Sheet
from thidua_xl.rules.predicates import Pred, literal


@dataclass(frozen=True)
class OtherUnit(Pred):
    """Both cells name units of the campaign (by name or code) and they differ, the second not
    one of `allowed` (units the campaign lets propose other units' people)."""

    ref: Ref
    proposer: Ref
    allowed: tuple[str, ...] = ()
    gaps: ClassVar[frozenset[str]] = frozenset({"loose-text"})

    def holds(self, seen: Seen) -> bool:
        mine = resolve_unit(seen.value(self.ref), seen.campaign)
        theirs = resolve_unit(seen.value(self.proposer), seen.campaign)
        return mine is not None and theirs is not None and mine.code != theirs.code \
            and theirs.code not in self.allowed

    def excel(self, book: Book, on: Sheet) -> str:
        mine, theirs = book.address(self.ref, on), book.address(self.proposer, on)
        spelled = [t for u in book.campaign.units if u.code in self.allowed
                   for t in (u.name, u.code)]
        free = "".join(f",TRIM({theirs})<>{literal(t)}" for t in spelled)
        return f"AND({_unit_row(mine)}>0,{_unit_row(theirs)}>0,{_unit_row(mine)}<>" \
               f"{_unit_row(theirs)}{free})"


def _unit_row(a: str) -> str:
    """Formula: the hidden-sheet row of the unit a cell names, by name first, else by code (0 when
    none), as resolve_unit reads it: compared with "=", not MATCH, so "*" and "?" stay literal."""
    by_name = f"SUMPRODUCT(--(TRIM({a})={contract.UNITS}),ROW({contract.UNITS}))"
    by_code = f"SUMPRODUCT(--(TRIM({a})={contract.UNIT_CODES}),ROW({contract.UNIT_CODES}))"
    return f"IF({by_name}>0,{by_name},{by_code})"
