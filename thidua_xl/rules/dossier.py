"""Dossier rules: on time, dates inside the campaign, every component present, votes that add up."""

from __future__ import annotations

from collections.abc import Iterator

from thidua_xl.campaign import fmt_date
from thidua_xl.findings import Finding, finding
from thidua_xl.read import contract
from thidua_xl.read.normalise import who
from thidua_xl.rules.base import Context, rule


def _deadline_words(ctx: Context) -> str:
    """The deadline as the plan words it, under the inclusive/exclusive rule."""
    c = ctx.campaign
    return (f"hạn: đến hết ngày {fmt_date(c.deadline)}" if c.deadline_inclusive
            else f"hạn: trước ngày {fmt_date(c.deadline)}")


@rule("late-submission")
def late_submission(ctx: Context) -> Iterator[Finding]:
    """The received date (when known) or Ngày tờ trình is past the deadline."""
    if ctx.received is not None:
        if ctx.campaign.is_late(ctx.received):
            yield finding("late-submission", f"Văn phòng nhận hồ sơ ngày {fmt_date(ctx.received)}, "
                          f"quá hạn ({_deadline_words(ctx)}).", file=ctx.sub.path,
                          value=fmt_date(ctx.received))
        return
    day = ctx.info.letter_date
    if day is not None and ctx.campaign.is_late(day):
        yield finding("late-submission", f"Tờ trình ngày {fmt_date(day)}, nộp quá hạn "
                      f"({_deadline_words(ctx)}).", **ctx.at_info("letter_date"))


@rule("date-out-of-range")
def dates_out_of_range(ctx: Context) -> Iterator[Finding]:
    """Ngày họp xét or Ngày tờ trình before the campaign starts, or a meeting after the letter."""
    start = ctx.campaign.period_start
    for key, label, day in (("meeting_date", "Ngày họp xét", ctx.info.meeting_date),
                            ("letter_date", "Ngày tờ trình", ctx.info.letter_date)):
        if day is not None and day < start:
            yield finding("date-out-of-range", f"{label} {fmt_date(day)} trước ngày bắt đầu đợt "
                          f"thi đua ({fmt_date(start)}).", **ctx.at_info(key))
    meeting, letter = ctx.info.meeting_date, ctx.info.letter_date
    if meeting and letter and meeting > letter:
        yield finding("date-out-of-range", f"Ngày họp xét {fmt_date(meeting)} sau ngày tờ trình "
                      f"{fmt_date(letter)}: tờ trình phải lập sau cuộc họp xét.",
                      **ctx.at_info("meeting_date"))


@rule("dossier-incomplete")
def dossier_incomplete(ctx: Context) -> Iterator[Finding]:
    """A required dossier component marked Không or left empty."""
    for item in ctx.campaign.dossier:
        if item.required and ctx.info.dossier.get(item.code) is not True:
            typed = ctx.info.dossier.get(item.code)
            state = "đánh dấu Không" if typed is False else "chưa đánh dấu"
            yield finding("dossier-incomplete", f"Hồ sơ thiếu \"{item.text}\" ({state}).",
                          **ctx.at_info(contract.dossier_key(item.code)))


@rule("vote-inconsistent")
def members_inconsistent(ctx: Context) -> Iterator[Finding]:
    """More members present than members in total."""
    total, present = ctx.info.members_total, ctx.info.members_present
    if total and present and present > total:
        yield finding("vote-inconsistent", f"Số thành viên có mặt ({present}) lớn hơn tổng số "
                      f"thành viên họp xét ({total}).", **ctx.at_info("members_present"))


@rule("vote-inconsistent")
def votes_inconsistent(ctx: Context) -> Iterator[Finding]:
    """Votes above members present, or approval below the campaign's threshold."""
    present, total = ctx.info.members_present, ctx.info.members_total
    threshold = ctx.campaign.vote_threshold
    for row in ctx.rows:
        if row.votes is None:
            continue
        if present and row.votes > present:
            yield finding("vote-inconsistent", f"{who(row)}: {row.votes} phiếu đồng ý, nhiều hơn "
                          f"số thành viên có mặt ({present}).", **ctx.at(row, "votes"))
        elif threshold and total and row.votes / total < threshold:
            yield finding("vote-inconsistent", f"{who(row)}: tỷ lệ phiếu đồng ý "
                          f"{row.votes}/{total} = {row.votes / total:.1%} thấp hơn mức tối thiểu "
                          f"{threshold:.0%}.".replace(".", ","), **ctx.at(row, "votes"))
