"""Rules over all units at once: the same nominee proposed twice, across files or award forms."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from thidua_xl.campaign import Campaign
from thidua_xl.consolidate.entries import Entry, name_column, shorten, where, who
from thidua_xl.findings import Finding, display_value, finding, registrar
from thidua_xl.read.model import Nominee

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


def _at(n: Nominee, campaign: Campaign, message: str) -> Finding:
    """A duplicate-nominee finding on the name cell of a nominee's row (standard column)."""
    col = name_column(campaign)
    return finding("duplicate-nominee", message, file=n.file, sheet=n.sheet, row=n.row,
                   column=col, cell=f"{col}{n.row}", value=display_value(n.name))


@cross_rule("duplicate-nominee")
def duplicate_across_units(entries: list[Entry], campaign: Campaign
                           ) -> Iterable[tuple[Entry, Finding]]:
    """The same person or collective proposed by two files for the same award form."""
    for group in _cross_file_groups(entries):
        if len({e.nominee.award for e in group}) > 1:
            continue
        for e in group:
            others = [where(o.nominee) for o in group if o is not e]
            yield e, _at(e.nominee, campaign,
                         f"{who(e.nominee)} cũng được đề nghị ở {shorten(others, '; ')} "
                         "(đề nghị trùng giữa các đơn vị).")


@cross_rule("duplicate-nominee")
def two_award_forms(entries: list[Entry], campaign: Campaign) -> Iterable[tuple[Entry, Finding]]:
    """The same person or collective proposed for two different award forms."""
    names = {a.code: a.name for a in campaign.awards}
    for group in _cross_file_groups(entries):
        if len({e.nominee.award for e in group}) < 2:
            continue
        for e in group:
            others = [f"{names.get(o.nominee.award, o.nominee.award or '?')} ({where(o.nominee)})"
                      for o in group if o is not e]
            yield e, _at(e.nominee, campaign,
                         f"{who(e.nominee)} được đề nghị "
                         f"{names.get(e.nominee.award, e.nominee.award or '?')}, đồng thời "
                         f"{shorten(others, '; ')}: mỗi trường hợp chỉ đề nghị một hình thức.")


def run_cross_rules(entries: list[Entry], campaign: Campaign) -> list[Finding]:
    """Every cross-unit rule; each finding is also attached to its entry."""
    found: list[Finding] = []
    for rule in CROSS_RULES.values():
        for entry, f in rule(entries, campaign):
            entry.findings = (*entry.findings, f)
            found.append(f)
    return found
