"""Dossier rules: on time, dates inside the campaign, every component present, votes that add up."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from thidua_xl.campaign import Campaign, DossierItem, fmt_date
from thidua_xl.findings import Finding, finding
from thidua_xl.read import contract
from thidua_xl.read.normalise import Row, who
from thidua_xl.rules.base import Check, Context, InfoCheck, Mark, RowCheck, declare, rule, wrong
from thidua_xl.rules.layout import info_field, row_field
from thidua_xl.rules.predicates import (
    Above,
    ChoiceIs,
    DateAfter,
    DateBefore,
    Filled,
    Late,
    NoRegister,
    RatioBelow,
)
from thidua_xl.text.numbers import percent


def _deadline_words(ctx: Context) -> str:
    """The deadline as the plan words it, under the inclusive/exclusive rule."""
    c = ctx.campaign
    return (f"hạn: đến hết ngày {fmt_date(c.deadline)}" if c.deadline_inclusive
            else f"hạn: trước ngày {fmt_date(c.deadline)}")


@rule("late-submission", excel=None,
      why="the date the Office received the dossier is in the Office's register, not in the "
          "unit's workbook")
def received_late(ctx: Context) -> Iterator[Finding]:
    """The Office's received date, when its register knows one, is past the deadline."""
    if ctx.received is not None and ctx.campaign.is_late(ctx.received):
        yield finding("late-submission", f"Văn phòng nhận hồ sơ ngày {fmt_date(ctx.received)}, "
                      f"quá hạn ({_deadline_words(ctx)}).", file=ctx.sub.path,
                      value=fmt_date(ctx.received))


def _letter_late(ctx: Context) -> str:
    """Message: the letter's date and the deadline."""
    day = ctx.info.letter_date
    return (f"Tờ trình ngày {fmt_date(day) if day else ''}, nộp quá hạn "
            f"({_deadline_words(ctx)}).")


@declare("late-submission", shows="ngày tờ trình quá hạn nộp")
def letter_late(c: Campaign) -> Iterator[Check]:
    """Without a received date, Ngày tờ trình past the deadline makes the dossier late."""
    ref = info_field("letter_date")
    yield InfoCheck("letter_date", wrong(NoRegister() & Late(ref)), _letter_late)


def _before_start(ctx: Context, key: str, label: str) -> str:
    """Message: a date before the campaign began."""
    day = getattr(ctx.info, key)
    return (f"{label} {fmt_date(day)} trước ngày bắt đầu đợt thi đua "
            f"({fmt_date(ctx.campaign.period_start)}).")


@declare("date-out-of-range", shows="ngày tờ trình hoặc ngày họp xét trước ngày bắt đầu đợt "
                                    "thi đua")
def date_before_campaign(c: Campaign) -> Iterator[Check]:
    """Ngày họp xét or Ngày tờ trình before the campaign starts."""
    for key, label in (("meeting_date", "Ngày họp xét"), ("letter_date", "Ngày tờ trình")):
        yield InfoCheck(key, wrong(DateBefore(info_field(key), c.period_start)),
                        partial(_before_start, key=key, label=label))


def _meeting_after(ctx: Context) -> str:
    """Message: the meeting is dated after the letter it led to."""
    meeting, letter = ctx.info.meeting_date, ctx.info.letter_date
    return (f"Ngày họp xét {fmt_date(meeting) if meeting else ''} sau ngày tờ trình "
            f"{fmt_date(letter) if letter else ''}: tờ trình phải lập sau cuộc họp xét.")


@declare("date-out-of-range", shows="ngày họp xét sau ngày tờ trình")
def meeting_after_letter(c: Campaign) -> Iterator[Check]:
    """The review meeting is dated after the letter."""
    yield InfoCheck("meeting_date", wrong(DateAfter(info_field("meeting_date"),
                                                    info_field("letter_date"))), _meeting_after)


def _missing_item(ctx: Context, item: DossierItem) -> str:
    """Message: which component, and whether it was marked Không or left empty."""
    typed = ctx.info.dossier.get(item.code)
    state = "đánh dấu Không" if typed is False else "chưa đánh dấu"
    return f"Hồ sơ thiếu \"{item.text}\" ({state})."


@declare("dossier-incomplete", shows={"error": f"thành phần hồ sơ bắt buộc chọn \"{contract.NO}\"",
                                      "todo": "thành phần hồ sơ bắt buộc chưa chọn"})
def dossier_incomplete(c: Campaign) -> Iterator[Check]:
    """A required dossier component marked Không (or anything but Có), or left empty."""
    for item in c.dossier:
        if item.required:
            ref = info_field(contract.dossier_key(item.code))
            has = ChoiceIs(ref, (contract.YES, contract.NO), contract.YES)
            yield InfoCheck(ref.key, (Mark(~Filled(ref), "todo"), Mark(Filled(ref) & ~has)),
                            partial(_missing_item, item=item))


def _present_above_total(ctx: Context) -> str:
    """Message: more members present than members."""
    return (f"Số thành viên có mặt ({ctx.info.members_present}) lớn hơn tổng số thành viên họp "
            f"xét ({ctx.info.members_total}).")


@declare("vote-inconsistent", shows="số có mặt lớn hơn tổng số thành viên")
def members_inconsistent(c: Campaign) -> Iterator[Check]:
    """More members present than members in total."""
    yield InfoCheck("members_present", wrong(Above(info_field("members_present"),
                                                   info_field("members_total"))),
                    _present_above_total)


def _votes_above(ctx: Context, row: Row) -> str:
    """Message: more votes than members present."""
    return (f"{who(row)}: {row.votes} phiếu đồng ý, nhiều hơn số thành viên có mặt "
            f"({ctx.info.members_present}).")


def _votes_below(ctx: Context, row: Row) -> str:
    """Message: the approval rate and the campaign's minimum."""
    votes, total = row.votes or 0, ctx.info.members_total or 1
    return (f"{who(row)}: tỷ lệ phiếu đồng ý {votes}/{total} = {percent(votes / total)} thấp hơn "
            f"mức tối thiểu {percent(ctx.campaign.vote_threshold, 0)}.")


@declare("vote-inconsistent", shows="số phiếu đồng ý lớn hơn số thành viên có mặt")
def votes_above_present(c: Campaign) -> Iterator[Check]:
    """More votes for a nominee than members present."""
    yield RowCheck("votes", wrong(Above(row_field("votes"), info_field("members_present"))),
                   _votes_above)


@declare("vote-inconsistent", shows="tỷ lệ phiếu đồng ý trên tổng số thành viên dưới mức tối "
                                    "thiểu")
def votes_below_threshold(c: Campaign) -> Iterator[Check]:
    """Approval below the campaign's threshold (when it sets one and the votes are not already
    above the members present)."""
    if c.vote_threshold:
        votes = row_field("votes")
        above = Above(votes, info_field("members_present"))
        below = RatioBelow(votes, info_field("members_total"), c.vote_threshold)
        yield RowCheck("votes", wrong(~above & below), _votes_below)
