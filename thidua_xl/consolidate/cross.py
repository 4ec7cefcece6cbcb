"""Rules over all units at once: the same nominee proposed twice, across files or award forms."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable

from thidua_xl.campaign import Campaign
from thidua_xl.consolidate.entries import (
    NAMES_SHOWN,
    Entry,
    contract_column,
    name_column,
    shorten,
    where,
    who,
)
from thidua_xl.findings import Finding, display_value, finding, registrar
from thidua_xl.read.model import Nominee
from thidua_xl.read.normalise import resolve_unit
from thidua_xl.rules.rows import two_forms_advice

CrossRule = Callable[[list[Entry], Campaign], Iterable[tuple[Entry, Finding]]]
CROSS_RULES: dict[str, CrossRule] = {}


cross_rule = registrar(CROSS_RULES)
"""Register a rule over all units under a known finding code."""


def _cross_file_groups(entries: list[Entry]) -> list[list[Entry]]:
    """Entries sharing a nominee key across at least two files (in-file twins are check.py's)."""
    first: dict[str, Entry] = {}
    groups: dict[str, list[Entry]] = {}
    for e in entries:
        if not e.nominee.name:
            continue
        seen = first.setdefault(e.nominee.key, e)
        if seen is not e:
            groups.setdefault(e.nominee.key, [seen]).append(e)
    return [g for _, g in sorted(groups.items()) if len({e.nominee.file for e in g}) > 1]


def others(places: list[str], skip: int, sep: str = "; ") -> str:
    """shorten() of every place but places[skip], reading only the first few: a name proposed by
    every unit has thousands of places, and listing them all for each entry was quadratic."""
    head = [p for i, p in enumerate(places[:NAMES_SHOWN + 1]) if i != skip]
    rest = len(places) - 1 - NAMES_SHOWN
    return shorten(head[:NAMES_SHOWN], sep) + (f" và {rest} trường hợp khác" if rest > 0 else "")


def _at(n: Nominee, col: str, message: str) -> Finding:
    """A duplicate-nominee finding on the name cell (column `col`) of a nominee's row."""
    return finding("duplicate-nominee", message, file=n.file, sheet=n.sheet, row=n.row,
                   column=col, cell=f"{col}{n.row}", value=display_value(n.name))


def owns(n: Nominee, campaign: Campaign) -> bool:
    """Whether a nominee was proposed by their own unit: the work unit is the proposing unit."""
    unit = resolve_unit(n.work_unit, campaign) if n.work_unit and n.unit_code else None
    return unit is not None and unit.code == n.unit_code


def _same_form(group: list[Entry]) -> list[list[Entry]]:
    """A key group split by award form, keeping the parts proposed by at least two files."""
    forms: dict[str, list[Entry]] = {}
    for e in group:
        forms.setdefault(e.nominee.award, []).append(e)
    return [part for part in forms.values() if len({e.nominee.file for e in part}) > 1]


def _withdraw(e: Entry, owner: Entry, col: str) -> Finding:
    """The error on a proposal another unit made for someone whose own unit proposed them too."""
    n = owner.nominee
    return _at(e.nominee, col,
               f"{who(e.nominee)} đã được chính đơn vị công tác ({n.unit_name}) đề nghị ở "
               f"{where(n)}: {e.nominee.unit_name or 'đơn vị'} rút đề nghị này (đề nghị trùng "
               "giữa các đơn vị).")


@cross_rule("duplicate-nominee")
def duplicate_across_units(entries: list[Entry], campaign: Campaign
                           ) -> Iterable[tuple[Entry, Finding]]:
    """The same nominee proposed by two files for the same form: the proposal of the nominee's own
    unit stands and the others are asked to withdraw; all are errors when ownership cannot tell."""
    col = name_column(campaign)
    for group in _cross_file_groups(entries):
        for part in _same_form(group):
            owners = {e.nominee.unit_code: e for e in part if owns(e.nominee, campaign)}
            if len(owners) == 1:
                (unit, owner), = owners.items()
                yield from ((e, _withdraw(e, owner, col)) for e in part
                            if e.nominee.unit_code != unit)
                continue
            places = [where(e.nominee) for e in part]
            for i, e in enumerate(part):
                yield e, _at(e.nominee, col,
                             f"{who(e.nominee)} cũng được đề nghị ở {others(places, i)} "
                             "(đề nghị trùng giữa các đơn vị; không xác định được đơn vị nào là "
                             "đơn vị công tác, các đơn vị thống nhất để một đơn vị rút đề nghị).")


@cross_rule("two-award-forms")
def two_award_forms(entries: list[Entry], campaign: Campaign) -> Iterable[tuple[Entry, Finding]]:
    """The same nominee proposed for two award forms in different files: both stay candidates,
    the higher form by default (the ranking marks the lower one); in-file pairs are rows.py's."""
    names = {a.code: a.name for a in campaign.awards}
    col = contract_column(campaign, "award")
    for group in _cross_file_groups(entries):
        forms = sorted({e.nominee.award for e in group}, key=campaign.award_rank)
        if len(forms) < 2:
            continue
        count = _Counts(group)
        for e in group:
            n = e.nominee
            total = count.other_forms_elsewhere(n)
            if total:
                shown = _other_forms(n, count, names, total)
                yield e, finding("two-award-forms",
                                 f"{who(n)} được đề nghị {names.get(n.award, n.award or '?')}, "
                                 f"đồng thời {shown}: {two_forms_advice(campaign, forms)}",
                                 file=n.file, sheet=n.sheet, row=n.row, column=col,
                                 cell=f"{col}{n.row}", value=display_value(names.get(n.award)))


class _Counts:
    """A key group counted by form, by file and by both, and listed by form, so each entry's
    tally is O(1) and its message reads only a few others."""

    def __init__(self, group: list[Entry]) -> None:
        self.size = len(group)
        self.form = Counter(e.nominee.award for e in group)
        self.file = Counter(e.nominee.file for e in group)
        self.both = Counter((e.nominee.file, e.nominee.award) for e in group)
        self.by_form: dict[str, list[Nominee]] = {}
        for e in group:
            self.by_form.setdefault(e.nominee.award, []).append(e.nominee)

    def other_forms_elsewhere(self, n: Nominee) -> int:
        """Entries of the group with another form, in another file than `n`'s."""
        return (self.size - self.form[n.award]
                - (self.file[n.file] - self.both[(n.file, n.award)]))

    def first_others(self, n: Nominee, limit: int) -> list[Nominee]:
        """The first few of those entries, in group order within each form."""
        found = (o for form, listed in self.by_form.items() if form != n.award
                 for o in listed if o.file != n.file)
        return list(itertools.islice(found, limit))


def _other_forms(n: Nominee, count: _Counts, names: dict[str, str], total: int) -> str:
    """The proposals of another form from another file, the first few named, then how many more."""
    head = [f"{names.get(o.award, o.award or '?')} ({where(o)})"
            for o in count.first_others(n, NAMES_SHOWN)]
    rest = total - len(head)
    return shorten(head, "; ") + (f" và {rest} trường hợp khác" if rest > 0 else "")


def run_cross_rules(entries: list[Entry], campaign: Campaign) -> list[Finding]:
    """Every cross-unit rule; each finding is also attached to its entry."""
    found: list[Finding] = []
    for rule in CROSS_RULES.values():
        for entry, f in rule(entries, campaign):
            entry.findings = (*entry.findings, f)
            found.append(f)
    return found
