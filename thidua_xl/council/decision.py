"""The signed decision: its number and date checked, and who it awards — by the council's result when
one is recorded, else by the consolidation's own list (and then it says so)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from thidua_xl.campaign import INDIVIDUAL, Campaign
from thidua_xl.consolidate.entries import STATUS_WITHIN
from thidua_xl.text.dates import fmt_date, parse_date
from thidua_xl.text.vietnamese import clean_text, fold_loose

NO_COUNCIL = ("Chưa ghi nhận kết quả họp Hội đồng Thi đua - Khen thưởng: danh sách lấy theo kết quả "
              "tổng hợp của {office} (xếp theo tỷ lệ phiếu tại đơn vị).")


class DecisionError(ValueError):
    """A decision that cannot be recorded; the message is Vietnamese."""


@dataclass(frozen=True)
class Decision:
    """A signed Quyết định: its number, the day it was signed and the award it grants."""

    number: str
    day: date
    award: str


@dataclass(frozen=True)
class Awardee:
    """One person or collective the decision awards, as the certificate names them."""

    name: str
    kind: str
    gender: str
    birth_year: int | None
    position: str
    work_unit: str
    unit_name: str
    award: str
    subject: str

    @property
    def individual(self) -> bool:
        """Whether the certificate addresses a person (Ông/Bà), by the subject's kind."""
        return self.kind == INDIVIDUAL


@dataclass(frozen=True)
class Awarded:
    """Who the agency's own awards go to, and whether the council's result decided it."""

    awardees: tuple[Awardee, ...]
    council: bool
    meeting_day: date | None
    superior: tuple[Awardee, ...]


def _awardee(item: Mapping[str, Any], campaign: Campaign) -> Awardee:
    """A list item of bao_cao.json (consolidation or council) as an awardee."""
    subject = str(item.get("subject") or "")
    year = item.get("birth_year")
    return Awardee(str(item.get("name") or ""), campaign.kind(subject) or "",
                   str(item.get("gender") or ""), year if isinstance(year, int) else None,
                   str(item.get("position") or ""), str(item.get("work_unit") or ""),
                   str(item.get("unit_name") or ""), str(item.get("award") or ""), subject)


def awarded(report: Mapping[str, Any], campaign: Campaign) -> Awarded:
    """Those within the caps: the council's when recorded, else the consolidation's."""
    council = report.get("council")
    section = council if isinstance(council, dict) and council.get("recorded") is True else None
    items: Sequence[Any] = section.get("candidates", []) if section else report.get("ranked", [])
    levels = {a.code: a.level for a in campaign.awards}
    within = [_awardee(i, campaign) for i in items
              if isinstance(i, dict) and i.get("status") == STATUS_WITHIN and i.get("award") in levels]
    meeting = section.get("meeting") if section else None
    day = parse_date(meeting.get("date")) if isinstance(meeting, dict) else None
    return Awarded(tuple(a for a in within if levels[a.award] == "agency"), section is not None, day,
                   tuple(a for a in within if levels[a.award] == "superior"))


def _number(text: str) -> str:
    """A decision number such as "45/QĐ-STTTT", spaces tidied; a message when it is not one."""
    number = "".join(clean_text(text).split())
    if "/qd" not in fold_loose(number) or not number[:1].isalnum():
        raise DecisionError(f"Số quyết định \"{clean_text(text)}\" không đúng dạng \"số/QĐ-ký "
                            "hiệu\", ví dụ 45/QĐ-STTTT.")
    return number


def decide(number: str, signed: object, campaign: Campaign, got: Awarded,
           award: str | None = None) -> Decision:
    """The decision to record: number and date (typed, or a date cell) checked, and its award."""
    num = _number(number)
    day = parse_date(signed)
    if day is None:
        raise DecisionError(f"Ngày ký \"{clean_text(signed)}\" không hợp lệ: ghi ngày trước tháng "
                            "sau, ví dụ 02/06/2021.")
    if day < campaign.period_start:
        raise DecisionError(f"Ngày ký {fmt_date(day)} trước ngày bắt đầu đợt thi đua "
                            f"({fmt_date(campaign.period_start)}).")
    if got.meeting_day and day < got.meeting_day:
        raise DecisionError(f"Ngày ký {fmt_date(day)} trước ngày họp Hội đồng "
                            f"({fmt_date(got.meeting_day)}).")
    return Decision(num, day, pick_award(campaign, got, award))


def pick_award(campaign: Campaign, got: Awarded, award: str | None) -> str:
    """The agency award the decision grants: the one asked for, or the only one with awardees."""
    agency = [a.code for a in campaign.awards if a.level == "agency"]
    if award is not None:
        if award not in agency:
            raise DecisionError(f"Hình thức \"{award}\" không phải hình thức do thủ trưởng cơ quan "
                                f"quyết định (dùng: {', '.join(agency)}).")
        return award
    used = sorted({a.award for a in got.awardees}, key=agency.index)
    if len(used) > 1:
        raise DecisionError("Có nhiều hình thức khen thưởng do thủ trưởng cơ quan quyết định "
                            f"({', '.join(used)}): chọn một bằng --hinh-thuc.")
    if used:
        return used[0]
    if not agency:
        raise DecisionError("Đợt thi đua không có hình thức khen thưởng nào do thủ trưởng cơ quan "
                            "quyết định.")
    return agency[0]
