"""Criteria and award rules: every mandatory criterion met, the award open to the subject."""

from __future__ import annotations

from collections.abc import Iterator

from thidua_xl.findings import Finding, finding
from thidua_xl.read import contract
from thidua_xl.read.normalise import who
from thidua_xl.rules.base import Context, rule


@rule("criteria-not-met")
def criteria_not_met(ctx: Context) -> Iterator[Finding]:
    """A mandatory criterion of the row's subject is not marked as met."""
    for row in ctx.rows:
        if row.subject is None:
            continue
        for crit in ctx.campaign.criteria_for(row.subject):
            key = contract.criterion_key(crit.code)
            if crit.mandatory and crit.code not in row.met and key in row.raw.columns:
                yield finding("criteria-not-met",
                              f"{who(row)}: chưa đạt tiêu chuẩn {crit.code} – {crit.text}.",
                              **ctx.at(row, key))


@rule("not-applicable-award")
def award_not_for_subject(ctx: Context) -> Iterator[Finding]:
    """The award form chosen is not open to the row's subject."""
    for row in ctx.rows:
        if row.subject is None or row.award is None:
            continue
        award = ctx.campaign.award(row.award)
        if row.subject not in award.subjects:
            label = ctx.campaign.subject(row.subject).label.lower()
            yield finding("not-applicable-award",
                          f"{who(row)}: \"{award.name}\" không áp dụng cho {label}.",
                          **ctx.at(row, "award"))
