"""Criteria and award rules: every mandatory criterion met, the award open to the subject."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from thidua_xl.campaign import Award, Campaign, Criterion
from thidua_xl.read import contract
from thidua_xl.read.normalise import Row, who
from thidua_xl.rules.base import Check, Context, RowCheck, declare, wrong
from thidua_xl.rules.layout import row_field
from thidua_xl.rules.predicates import Chosen, Met


def _unmet(ctx: Context, row: Row, crit: Criterion) -> str:
    """Message: which criterion, in full (and, when it may not apply, how to say so)."""
    na = ctx.campaign.proposals.not_applicable[0]
    tail = f" Nếu tiêu chuẩn này không áp dụng với đơn vị, ghi \"{na}\"." if crit.conditional else ""
    return f"{who(row)}: chưa đạt tiêu chuẩn {crit.code} – {crit.text}.{tail}"


@declare("criteria-not-met", shows="tiêu chuẩn bắt buộc với đối tượng của dòng chưa được "
                                   "đánh dấu đạt")
def criterion_not_met(c: Campaign) -> Iterator[Check]:
    """A mandatory criterion of the row's subject is not marked as met."""
    subject = row_field("subject")
    for crit in c.criteria:
        if crit.mandatory:
            key = contract.criterion_key(crit.code)
            yield RowCheck(key, wrong(Chosen(subject, "subject", crit.subjects)
                                      & ~Met(crit.code, crit.conditional), "unmet"),
                           partial(_unmet, crit=crit))


def _not_open(ctx: Context, row: Row, award: Award) -> str:
    """Message: the award and the subject it is not open to."""
    label = ctx.campaign.subject(row.subject or "").label.lower()
    return f"{who(row)}: \"{award.name}\" không áp dụng cho {label}."


@declare("not-applicable-award", shows="hình thức khen thưởng không áp dụng cho đối tượng "
                                       "của dòng")
def award_not_for_subject(c: Campaign) -> Iterator[Check]:
    """The award form chosen is not open to the row's subject."""
    for award in c.awards:
        others = tuple(s.code for s in c.subjects if s.code not in award.subjects)
        if others:
            yield RowCheck("award", wrong(Chosen(row_field("award"), "award", (award.code,))
                                          & Chosen(row_field("subject"), "subject", others)),
                           partial(_not_open, award=award))
