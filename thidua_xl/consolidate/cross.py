"""Rules over all units at once: the same nominee proposed twice, across files or award forms."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from thidua_xl.campaign import Campaign
from thidua_xl.consolidate.entries import (
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
            for e in part:
                others = [where(o.nominee) for o in part if o is not e]
                yield e, _at(e.nominee, col,
                             f"{who(e.nominee)} cũng được đề nghị ở {shorten(others, '; ')} "
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
        for e in group:
            others = [f"{names.get(o.nominee.award, o.nominee.award or '?')} ({where(o.nominee)})"
                      for o in group
                      if o.nominee.award != e.nominee.award and o.nominee.file != e.nominee.file]
            if others:
                n = e.nominee
                yield e, finding("two-award-forms",
                                 f"{who(n)} được đề nghị {names.get(n.award, n.award or '?')}, "
                                 f"đồng thời {shorten(others, '; ')}: "
                                 f"{two_forms_advice(campaign, forms)}",
                                 file=n.file, sheet=n.sheet, row=n.row, column=col,
                                 cell=f"{col}{n.row}", value=display_value(names.get(n.award)))


def run_cross_rules(entries: list[Entry], campaign: Campaign) -> list[Finding]:
    """Every cross-unit rule; each finding is also attached to its entry."""
    found: list[Finding] = []
    for rule in CROSS_RULES.values():
        for entry, f in rule(entries, campaign):
            entry.findings = (*entry.findings, f)
            found.append(f)
    return found
