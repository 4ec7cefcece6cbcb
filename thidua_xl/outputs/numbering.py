"""How the proposal lists are parted and numbered, once, so tong_hop.xlsx and the documents agree."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from thidua_xl.campaign import Award, Campaign
from thidua_xl.text.numbers import roman

T = TypeVar("T")
LEVEL_ORDER = ("agency", "superior")


def award_order(campaign: Campaign) -> list[Award]:
    """Awards the head decides first, then those proposed upward, each in campaign order."""
    return [a for level in LEVEL_ORDER for a in campaign.awards if a.level == level]


def short_name(award: Award) -> str:
    """"Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" → "Bằng khen", used after the authority."""
    head, sep, _ = award.name.partition(" của ")
    return head if sep else award.name


def award_title(campaign: Campaign, award: Award) -> str:
    """The award itself, or "Đề nghị <who> tặng <award>" when a superior decides."""
    if award.level == "agency":
        return award.name
    return f"Đề nghị {award.authority or campaign.agency.superior_head} tặng {short_name(award)}"


def section_headings(campaign: Campaign) -> dict[str, str]:
    """Award code → "I. Giấy khen …", "II. Đề nghị … tặng Bằng khen": one number per award."""
    return {a.code: f"{roman(i)}. {award_title(campaign, a)}"
            for i, a in enumerate(award_order(campaign), start=1)}


def subject_groups(campaign: Campaign, items: Sequence[T], subject_of: Callable[[T], str]
                   ) -> list[tuple[int, str, list[T]]]:
    """Items by subject in campaign order (unknown subjects last), only groups that have items,
    numbered 1, 2, … with their order kept."""
    order = [s.code for s in campaign.subjects]
    order += list(dict.fromkeys(subject_of(x) for x in items if subject_of(x) not in order))
    labels = {s.code: s.label for s in campaign.subjects}
    groups = [(labels.get(code, code), [x for x in items if subject_of(x) == code])
              for code in order]
    present = [(label, chosen) for label, chosen in groups if chosen]
    return [(n, label, chosen) for n, (label, chosen) in enumerate(present, start=1)]
