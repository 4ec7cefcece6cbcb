"""The council's documents from the data: ballots before the meeting; after it, the minutes and the
proposal documents rewritten on the council's result."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from thidua_xl.campaign import Campaign
from thidua_xl.consolidate.entries import STATUS_OVER, STATUS_WITHIN
from thidua_xl.consolidate.quota import Group as RankGroup
from thidua_xl.consolidate.quota import group_label, rank_group
from thidua_xl.council.decision import Awarded, Decision
from thidua_xl.council.model import CouncilResult, Vote
from thidua_xl.outputs.council.tally import TallyGroup
from thidua_xl.outputs.documents.content import Dates
from thidua_xl.outputs.documents.council import (
    RESULT_BELOW,
    RESULT_OVER,
    RESULT_PROPOSED,
    Group,
    Meeting,
    ballot,
    handout_list,
    minutes,
)
from thidua_xl.outputs.documents.model import AwardList, ListEntry, Minutes
from thidua_xl.outputs.documents.sources import list_entry
from thidua_xl.outputs.documents.write import build_documents, slug, write_all

PROPOSAL_STEMS = re.compile(r"^(danh_sach_de_nghi|to_trinh_van_phong|to_trinh_cap_tren|"
                            r"du_thao_quyet_dinh(_[a-z0-9_]+)?)\.(docx|html)$")
RESULT_WORDS = {STATUS_WITHIN: RESULT_PROPOSED, STATUS_OVER: RESULT_OVER}


def group_key(group: RankGroup) -> str:
    """File-name part of a quota group: award code and subjects ("gkgd_ca_nhan")."""
    award, subjects = group
    return slug("_".join((award, *subjects)))


def ballot_groups(groups: Sequence[TallyGroup], campaign: Campaign) -> list[Group]:
    """The tally's groups as the ballots list them (their provisional order, no votes shown)."""
    out = []
    for g in groups:
        rg = rank_group(g.entries[0])
        out.append(Group(group_key(rg), rg[0], g.label, g.limit,
                         tuple(ListEntry(e.nominee.name, e.nominee.subject, e.nominee.gender,
                                         e.nominee.position, e.nominee.work_unit,
                                         e.nominee.unit_name, "", None, None, None)
                               for e in g.entries)))
    return out


def write_ballots(groups: Sequence[TallyGroup], campaign: Campaign, out_dir: Path) -> list[Path]:
    """phieu_bau_<group>.docx (and .html), one printable secret ballot per quota group."""
    dates = Dates(campaign, None)
    return write_all([ballot(campaign, g, dates) for g in ballot_groups(groups, campaign)],
                     campaign, out_dir)


def council_entry(v: Vote, total: int) -> ListEntry:
    """A candidate as documents show it after the council: the council's votes and share."""
    base = list_entry(v.entry)
    return ListEntry(base.name, base.subject, base.gender, base.position, base.work_unit,
                     base.unit_name, base.summary, v.approval, v.votes, total)


def _groups(result: CouncilResult, campaign: Campaign) -> list[Group]:
    """The result grouped by quota group, each with the candidates' outcome words."""
    total = result.meeting.members_total or 0
    by: dict[RankGroup, list[Vote]] = {}
    for v in result.votes:
        by.setdefault(rank_group(v.entry), []).append(v)
    limits = {(c.quota.award, c.quota.subjects): c.limit for v in result.votes
              for c in v.entry.caps if c.unit is None}
    return [Group(group_key(g), g[0], group_label(campaign, g), limits.get(g),
                  tuple(council_entry(v, total) for v in votes),
                  tuple(RESULT_WORDS.get(v.status, RESULT_BELOW) for v in votes))
            for g, votes in by.items()]


def award_lists(result: CouncilResult, campaign: Campaign) -> list[AwardList]:
    """Per award: proposed by the council, then those it left out (over the caps or below)."""
    total = result.meeting.members_total or 0
    lists = []
    for award in campaign.awards:
        mine = [v for v in result.votes if v.entry.nominee.award == award.code]
        lists.append(AwardList(
            award.code, tuple(council_entry(v, total) for v in mine if v.status == STATUS_WITHIN),
            tuple(council_entry(v, total) for v in mine if v.status != STATUS_WITHIN)))
    return lists


def minutes_record(result: CouncilResult, council: str) -> Minutes:
    """What the proposal documents cite: the meeting and its outcome in numbers."""
    m = result.meeting
    status = [v.status for v in result.votes]
    assert m.day and m.members_total and m.members_present
    return Minutes(council, m.day, m.members_total, m.members_present,
                   status.count(STATUS_WITHIN), status.count(STATUS_OVER),
                   len(status) - status.count(STATUS_WITHIN) - status.count(STATUS_OVER))


def _meeting(result: CouncilResult) -> Meeting:
    """The minutes' meeting block."""
    m = result.meeting
    assert m.day and m.members_total and m.members_present
    return Meeting(m.day, m.place, m.members_total, m.members_present, m.chair, m.secretary)


COUNCIL_STEMS = re.compile(r"^(bien_ban_hop_hoi_dong|giay_khen|danh_sach_nhan_giay_khen|"
                           r"phieu_bau_[a-z0-9_]+)\.(docx|html|pdf)$")


def clear_council_papers(out_dir: Path) -> None:
    """Before a new consolidation: no minutes, ballots or certificates of an earlier one remain."""
    _remove(out_dir, COUNCIL_STEMS)


def _remove(out_dir: Path, names: re.Pattern[str]) -> None:
    """Delete the files of a folder whose names match."""
    if Path(out_dir).is_dir():
        for p in Path(out_dir).iterdir():
            if names.match(p.name):
                p.unlink()


def clear_proposals(out_dir: Path) -> None:
    """Remove the provisional proposal documents so none survives that the council's result drops."""
    _remove(out_dir, PROPOSAL_STEMS)


def write_council_papers(result: CouncilResult, campaign: Campaign, out_dir: Path,
                         today: date | None = None) -> list[Path]:
    """The minutes, then the proposal documents resting on them, as .html and .docx."""
    record = minutes_record(result, campaign.agency.council)
    docs = [minutes(campaign, _meeting(result), _groups(result, campaign)),
            *build_documents(campaign, award_lists(result, campaign), (), today=today,
                             council=record)]
    clear_proposals(out_dir)
    return write_all(docs, campaign, out_dir, today=today)


def write_handout(campaign: Campaign, decision: Decision, got: Awarded, out_dir: Path) -> list[Path]:
    """danh_sach_nhan_giay_khen (.html, .docx): the decision's awardees and the list it rests on."""
    entries = [ListEntry(a.name, a.subject, a.gender, a.position, a.work_unit, a.unit_name, "",
                         None, None, None) for a in got.awardees if a.award == decision.award]
    doc = handout_list(campaign, decision.award, decision.number, decision.day, entries,
                       got.meeting_day if got.council else None)
    return write_all([doc], campaign, out_dir, today=decision.day)
