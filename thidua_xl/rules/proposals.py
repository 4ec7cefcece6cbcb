"""Who may be proposed by whom: an agency never awards itself, a unit proposes its own people."""

from __future__ import annotations

from collections.abc import Iterator

from thidua_xl.campaign import COLLECTIVE, Campaign
from thidua_xl.read import contract
from thidua_xl.read.normalise import Row, resolve_unit, who
from thidua_xl.rules.base import Check, Context, RowCheck, declare, wrong
from thidua_xl.rules.layout import info_field, row_field
from thidua_xl.rules.predicates import Chosen, OneOf
from thidua_xl.rules.units import OtherUnit


def _self_award(ctx: Context, row: Row) -> str:
    """Message: the agency proposed for its own head's award, and what it may be proposed for."""
    c = ctx.campaign
    award = c.award(row.award or "")
    higher = [a.name for a in c.awards if a.level == "superior" and row.subject in a.subjects]
    instead = (f"; {c.agency.name} chỉ có thể được đề nghị {' hoặc '.join(higher)}"
               if higher else "")
    return (f"{who(row)}: \"{award.name}\" do {award.authority} quyết định, không khen thưởng "
            f"chính cơ quan mình{instead}.")


@declare("self-award", shows="cơ quan được đề nghị hình thức do chính thủ trưởng cơ quan "
                             "quyết định")
def agency_awards_itself(c: Campaign) -> Iterator[Check]:
    """The agency as a collective nominee for an award its own head decides."""
    own = tuple(a.code for a in c.awards if a.level == "agency")
    collectives = tuple(s.code for s in c.subjects if s.kind == COLLECTIVE)
    if own and collectives:
        yield RowCheck("award", wrong(Chosen(row_field("subject"), "subject", collectives)
                                      & Chosen(row_field("award"), "award", own)
                                      & OneOf(row_field("name"), (contract.AGENCY,))),
                       _self_award)


def _other_unit(ctx: Context, row: Row) -> str:
    """Message: whose person this is, and who should propose them."""
    theirs = resolve_unit(row.work_unit, ctx.campaign)
    owner = theirs.name if theirs else row.work_unit
    mine = ctx.info.unit.name if ctx.info.unit else "đơn vị đề nghị"
    return (f"{who(row)}: đơn vị công tác là {owner}, không phải {mine}; {owner} đề nghị khen "
            f"thưởng người của mình. Nếu đúng là người của {mine}, sửa cột \"Đơn vị công tác\".")


@declare("other-unit-nominee", shows="đơn vị công tác của dòng là một đơn vị khác của đợt thi đua")
def person_of_another_unit(c: Campaign) -> Iterator[Check]:
    """A row whose work unit is another unit of the campaign than the proposing one."""
    if len(c.proposals.other_units) < len(c.units):
        yield RowCheck("unit", wrong(OtherUnit(row_field("unit"), info_field("unit"),
                                               c.proposals.other_units)),
                       _other_unit)

