"""Campaign statistics: proposals and awards by unit, subject, gender and award form.

The "Thống kê" sheet and the final report both print these numbers, so they always agree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from thidua_xl.campaign import INDIVIDUAL, Campaign
from thidua_xl.consolidate.entries import CANDIDATE_STATUSES, STATUS_WITHIN, Consolidation, Entry

UNKNOWN_GENDER = "Chưa rõ"
GENDER_ORDER = ("Nam", "Nữ")
BY_UNIT, BY_SUBJECT, BY_GENDER, BY_AWARD = (
    "Theo đơn vị", "Theo đối tượng", "Theo giới tính (cá nhân)", "Theo hình thức khen thưởng")


@dataclass(frozen=True, slots=True)
class Decided:
    """An award granted in this campaign, as recorded in the ledger (codes when the campaign knows them)."""

    unit: str
    subject: str
    gender: str
    award: str
    person: bool


@dataclass(frozen=True, slots=True)
class Tally:
    """One line of a breakdown: proposals received, valid, within the caps, awards decided."""

    label: str
    proposed: int = 0
    valid: int = 0
    within: int = 0
    decided: int = 0


@dataclass(frozen=True, slots=True)
class Breakdown:
    """Counts split one way (by unit, subject, gender or award form), with their total."""

    title: str
    rows: tuple[Tally, ...]

    @property
    def total(self) -> Tally:
        """The sum of the rows."""
        return Tally("Tổng cộng", sum(r.proposed for r in self.rows),
                     sum(r.valid for r in self.rows), sum(r.within for r in self.rows),
                     sum(r.decided for r in self.rows))


@dataclass(frozen=True, slots=True)
class Statistics:
    """Every breakdown of one campaign; `decided` is False when no ledger was read."""

    breakdowns: tuple[Breakdown, ...]
    decided: bool

    def get(self, title: str) -> Breakdown:
        """One breakdown by its title."""
        return next(b for b in self.breakdowns if b.title == title)


def _is_person(e: Entry) -> bool:
    """Whether an entry is an individual (its subject's kind says so)."""
    return e.nominee.kind == INDIVIDUAL


def _breakdown(title: str, order: Sequence[tuple[str, str]], entries: Sequence[Entry],
               decided: Sequence[Decided], of_entry: Callable[[Entry], str],
               of_decided: Callable[[Decided], str]) -> Breakdown:
    """Count entries and decided awards into the groups `order` names (code, label), extras last."""
    labels = dict(order)
    codes = [c for c, _ in order]
    for code in [*map(of_entry, entries), *map(of_decided, decided)]:
        if code not in labels:
            labels[code] = code or "(không rõ)"
            codes.append(code)
    counts = {c: [0, 0, 0, 0] for c in codes}
    for e in entries:
        c = counts[of_entry(e)]
        c[0] += 1
        c[1] += e.status in CANDIDATE_STATUSES
        c[2] += e.status == STATUS_WITHIN
    for d in decided:
        counts[of_decided(d)][3] += 1
    return Breakdown(title, tuple(Tally(labels[c], *counts[c]) for c in codes))


def campaign_statistics(cons: Consolidation, decided: Sequence[Decided] | None = None
                        ) -> Statistics:
    """Proposals (current files only) and awards, split four ways."""
    camp: Campaign = cons.campaign
    entries = cons.entries
    got = list(decided or ())
    people = [e for e in entries if _is_person(e)]
    units = [(u.code, u.name) for u in camp.units]
    extra_units = {e.nominee.unit_code: e.nominee.unit_name for e in entries
                   if e.nominee.unit_code not in dict(units)}
    breakdowns = (
        _breakdown(BY_UNIT, units + sorted(extra_units.items()), entries, got,
                   lambda e: e.nominee.unit_code, lambda d: d.unit),
        _breakdown(BY_SUBJECT, [(s.code, s.label) for s in camp.subjects], entries, got,
                   lambda e: e.nominee.subject, lambda d: d.subject),
        _breakdown(BY_GENDER, [(g, g) for g in GENDER_ORDER], people,
                   [d for d in got if d.person],
                   lambda e: e.nominee.gender or UNKNOWN_GENDER, lambda d: d.gender or UNKNOWN_GENDER),
        _breakdown(BY_AWARD, [(a.code, a.name) for a in camp.awards], entries, got,
                   lambda e: e.nominee.award, lambda d: d.award),
    )
    return Statistics(breakdowns, decided is not None)
