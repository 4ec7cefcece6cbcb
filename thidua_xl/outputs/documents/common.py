"""Pieces every document shares: dates, headers, numbers, names, signers and the final text pass."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any, TypeVar

from thidua_xl.campaign import COLLECTIVE, Campaign, Signatory
from thidua_xl.outputs.documents.citing import attendance, minutes_ref
from thidua_xl.outputs.documents.model import (
    BLANK,
    ISSUER_PT,
    PARENT_PT,
    AwardList,
    Header,
    ListEntry,
    Minutes,
    Signer,
    balance,
    header_left_mm,
)
from thidua_xl.outputs.numbering import award_order, subject_groups
from thidua_xl.text.dates import fmt_date, nd30_blank_date, nd30_date
from thidua_xl.text.vietnamese import fold

NO_BREAK_HYPHEN = "\u2011"
_RANGE = re.compile(r"(?<=\d)-(?=\d)")
_QUOTED = re.compile(r'"([^"\n]*)"')
T = TypeVar("T")


def count(n: int) -> str:
    """A count as official letters write it: 02, 03, 12."""
    return f"{n:02d}"


def lower_first(text: str) -> str:
    """Lower-case the first letter so a campaign name reads inside a sentence, acronyms kept."""
    if len(text) > 1 and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def polish_text(text: str) -> str:
    """Vietnamese quotation marks “ ”, and "2021-2026" that never breaks across lines."""
    if '"' in text:
        text = _QUOTED.sub(r"“\1”", text)
    if "-" in text:
        text = _RANGE.sub(NO_BREAK_HYPHEN, text)
    return text


def polish(value: T) -> T:
    """The same document with every text passed through polish_text (unchanged parts shared)."""
    if isinstance(value, str):
        return polish_text(value)  # type: ignore[return-value]
    if isinstance(value, tuple):
        items = tuple(polish(v) for v in value)
        same = all(a is b for a, b in zip(items, value, strict=True))
        return value if same else type(value)(items)  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            old = getattr(value, f.name)
            new = polish(old)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value  # type: ignore[return-value]
    return value


def grouped(campaign: Campaign, entries: Sequence[ListEntry]) -> list[tuple[int, str,
                                                                           list[ListEntry]]]:
    """Entries by subject, numbered as tong_hop.xlsx numbers them (groups with entries only)."""
    return subject_groups(campaign, entries, lambda e: e.subject)


def counts(campaign: Campaign, entries: Sequence[ListEntry]) -> str:
    """"02 tập thể và 03 cá nhân" for a proposal sentence."""
    parts = [f"{count(len(items))} {label.lower()}" for _, label, items in grouped(campaign, entries)]
    return " và ".join(parts) if parts else "00"


def who_phrase(campaign: Campaign, entries: Sequence[ListEntry]) -> str:
    """"các tập thể, cá nhân" / "các cá nhân": what a title proposes, from the subjects present."""
    labels = [label.lower() for _, label, _ in grouped(campaign, entries)]
    return "các " + ", ".join(labels) if labels else "các tập thể, cá nhân"


def ordered(campaign: Campaign, lists: Sequence[AwardList], level: str) -> list[AwardList]:
    """Award lists of one level, in the order the numbering gives awards."""
    rank = {a.code: i for i, a in enumerate(award_order(campaign))}
    return sorted((x for x in lists if campaign.award(x.award_code).level == level),
                  key=lambda x: rank[x.award_code])


class Dates:
    """Date lines: the Office dates its papers today; papers the head signs keep the day blank."""

    def __init__(self, campaign: Campaign, today: date | None):
        self.place = campaign.agency.place
        self.today = today
        self.year = (today or campaign.deadline).year

    def issued(self, place: bool = True) -> str:
        """Today in ND30 wording, or a blank day when no date was given."""
        where = self.place if place else ""
        return nd30_date(self.today, where) if self.today else nd30_blank_date(self.year, where)

    def to_sign(self, place: bool = True) -> str:
        """Day left blank for the signer, month and year filled when known."""
        month = self.today.month if self.today else None
        return nd30_blank_date(self.year, self.place if place else "", month)


def number(kind_code: str, campaign: Campaign) -> str:
    """"Số:        /TTr-STTTT": the number is left blank for the clerk's register."""
    suffix = campaign.agency.code_suffix
    return f"Số:{BLANK}/{kind_code}-{suffix}" if kind_code else f"Số:{BLANK}/{suffix}"


@lru_cache(maxsize=8)
def office_code(campaign: Campaign) -> str:
    """The Office's own unit code when the unit list names it, for the công văn-style number.
    Looked up once per campaign: every fix slip asks, and a campaign may list 10,000 units."""
    office = fold(campaign.agency.office)
    return next((u.code for u in campaign.units if fold(u.name) == office), "")


def _header(parent: str, issuer: str, number_line: str, place_date: str, draft: bool = False,
            landscape: bool = False) -> Header:
    """Header with agency names in capitals, each broken evenly when it would not fit."""
    width = header_left_mm(landscape)
    return Header(balance(parent.upper(), PARENT_PT, width),
                  balance(issuer.upper(), ISSUER_PT, width), number_line, place_date, draft)


def office_header(campaign: Campaign, number_line: str, place_date: str,
                  landscape: bool = False) -> Header:
    """Header of a paper the Office issues: agency over Office."""
    ag = campaign.agency
    return _header(ag.name, ag.office, number_line, place_date, landscape=landscape)


def agency_header(campaign: Campaign, number_line: str, place_date: str, draft: bool) -> Header:
    """Header of a paper the agency issues: parent agency over agency."""
    ag = campaign.agency
    return _header(ag.parent, ag.name, number_line, place_date, draft)


def signer(who: Signatory) -> Signer:
    """The ND30 signature block: "KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC", then the name."""
    return Signer(who.title.upper(), who.name, who.on_behalf.upper())


def filed(campaign: Campaign) -> str:
    """The last line of "Nơi nhận:": "Lưu: VT, HSTĐKT."."""
    return f"Lưu: {campaign.papers.filed.rstrip('.')}."


def cc_lines(first: str, others: Sequence[str], campaign: Campaign) -> tuple[str, ...]:
    """"Nơi nhận:" lines: the fixed first line, the campaign's recipients, then where it is kept."""
    return (first, *(f"{o.rstrip(';')};" for o in others), filed(campaign))


def council_sentence(campaign: Campaign, council: Minutes | None) -> str:
    """What the council did, only when its minutes are recorded; else say the list is provisional."""
    if council is None:
        return (f"Danh sách tạm xếp theo tỷ lệ phiếu tại đơn vị, chưa qua họp "
                f"{campaign.agency.council}.")
    return (f"Ngày {fmt_date(council.day)}, {council.council} đã họp ({attendance(council)}), xét "
            f"theo tiêu chuẩn, số lượng khen thưởng và bỏ phiếu ({minutes_ref(council)}).")


class Names:
    """How units and nominees are named: short inside the agency, official names going outside."""

    def __init__(self, campaign: Campaign, outward: bool):
        self.campaign = campaign
        self.outward = outward
        self.units = {fold(n): u for u in campaign.units for n in (u.name, u.full_name) if n}

    def unit(self, text: str, code: str = "") -> str:
        """A unit as typed or by code, in the form this document uses; unknown text as typed."""
        unit = next((u for u in self.campaign.units if u.code == code), None) if code else None
        unit = self.units.get(fold(text)) or (unit if not text else None)
        if unit is None:
            return text
        return unit.official if self.outward else unit.name

    def name(self, e: ListEntry) -> str:
        """A person's name, or a collective's name (its official name when it is a unit)."""
        if self.kind(e) != COLLECTIVE:
            return e.name
        return self.unit(e.name)

    def kind(self, e: ListEntry) -> str | None:
        """The entry's kind, from the entry or its subject: never guessed from a subject code."""
        return e.kind or self.campaign.kind(e.subject)

    def role(self, e: ListEntry) -> str:
        """Chức vụ, đơn vị: a person's position and unit; a collective's parent, never empty."""
        agency = self.campaign.agency.name
        home = self.unit(e.work_unit or e.unit_name, e.unit_code) or agency
        if self.kind(e) == COLLECTIVE:
            own = fold(e.name) in self.units or fold(home) == fold(self.name(e))
            return agency if own else home
        return ", ".join(p for p in (e.position, home) if p)
