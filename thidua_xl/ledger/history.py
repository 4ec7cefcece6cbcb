"""The ledger seen from a consolidation: each nominee's earlier awards and what they imply."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from thidua_xl.campaign import Campaign
from thidua_xl.consolidate.entries import Consolidation, Entry, name_column, shorten, who
from thidua_xl.consolidate.merge import sort_findings
from thidua_xl.consolidate.stats import Decided
from thidua_xl.findings import Finding, display_value, finding
from thidua_xl.ledger.model import INDIVIDUAL, KIND_LABELS, AwardRecord, CampaignRef, text_key
from thidua_xl.ledger.recording import campaign_ref
from thidua_xl.ledger.store import Ledger
from thidua_xl.read.normalise import resolve_unit
from thidua_xl.text.vietnamese import match_choice

LEVEL_RANK = {"agency": 0, "superior": 1}


@dataclass(frozen=True, slots=True)
class History:
    """What the ledger says about one consolidation: earlier awards per nominee, this campaign's
    awards, and awards across campaigns and years."""

    path: str
    earlier: dict[str, tuple[AwardRecord, ...]]
    this_campaign: tuple[AwardRecord, ...]
    by_campaign: tuple[tuple[CampaignRef, int, int], ...]
    by_year: tuple[tuple[int, int, int], ...]

    def lines(self, key: str) -> str:
        """The "Khen thưởng đã có" cell of a nominee: one earlier award per line."""
        return "\n".join(r.describe() for r in self.earlier.get(key, ()))


def read_history(ledger: Ledger, cons: Consolidation) -> History:
    """Everything the consolidation needs from the ledger, read in one snapshot."""
    keys = {e.nominee.key for e in cons.in_file_order() if e.nominee.name}
    with ledger.snapshot():
        earlier = ledger.awards_for(keys)
        mine = ledger.campaign_awards(campaign_ref(cons.campaign))
        by_campaign = ledger.tally_by_campaign()
        by_year = ledger.tally_by_year()
    return History(str(ledger.path), {k: tuple(v) for k, v in earlier.items()}, tuple(mine),
                   tuple(by_campaign), tuple(by_year))


def is_this_campaign(record: AwardRecord, campaign: Campaign) -> bool:
    """Whether a recorded award belongs to the campaign being consolidated (by id or by name)."""
    c = record.campaign
    return c is not None and (c.code == campaign.id or text_key(c.name) == text_key(campaign.name))


def award_level(award_name: str, campaign: Campaign) -> int:
    """How high an award form is, by the campaign's levels; forms it does not know count as lowest."""
    name = match_choice(award_name, [a.name for a in campaign.awards])
    level = next((a.level for a in campaign.awards if a.name == name), "agency")
    return LEVEL_RANK.get(level, 0)


def _at(e: Entry, campaign: Campaign, code: str, message: str) -> Finding:
    """A ledger finding on the nominee's name cell."""
    n = e.nominee
    col = name_column(campaign)
    return finding(code, message, file=n.file, sheet=n.sheet, row=n.row, column=col,
                   cell=f"{col}{n.row}", value=display_value(n.name))


def already_awarded(e: Entry, records: Sequence[AwardRecord], campaign: Campaign) -> Finding | None:
    """The nominee already holds an award of this very campaign."""
    same = [r for r in records if is_this_campaign(r, campaign)]
    if not same:
        return None
    done = shorten([f"{r.award} ({r.decision.describe()})" for r in same], "; ")
    return _at(e, campaign, "already-awarded",
               f"{who(e.nominee)} đã được khen thưởng trong đợt thi đua này: {done}. Kiểm tra lại "
               "trước khi đề nghị (mỗi thành tích chỉ khen thưởng một lần).")


def campaign_grounds(e: Entry, records: Sequence[AwardRecord], campaign: Campaign) -> Finding | None:
    """Earlier campaign-based awards under a proposal for a higher form: cite the campaign's rule."""
    if not campaign.campaign_award_rule:
        return None
    proposed = next((a for a in campaign.awards if a.code == e.nominee.award), None)
    if proposed is None:
        return None
    rank = LEVEL_RANK.get(proposed.level, 0)
    lower = [r for r in records if r.campaign is not None and not is_this_campaign(r, campaign)
             and award_level(r.award, campaign) < rank]
    if not lower:
        return None
    listed = shorten([r.describe() for r in lower], "; ")
    return _at(e, campaign, "campaign-award-grounds",
               f"{who(e.nominee)} được đề nghị {proposed.name}; sổ khen thưởng ghi khen thưởng theo "
               f"đợt thi đua: {listed}. {campaign.campaign_award_rule}")


def history_findings(cons: Consolidation, history: History) -> list[tuple[Entry, Finding]]:
    """Findings the ledger adds to current entries: already awarded, campaign awards as grounds."""
    found: list[tuple[Entry, Finding]] = []
    for e in cons.entries:
        records = history.earlier.get(e.nominee.key)
        if not records or not e.nominee.name:
            continue
        for rule in (already_awarded, campaign_grounds):
            f = rule(e, records, cons.campaign)
            if f is not None:
                found.append((e, f))
    return found


def attach(cons: Consolidation, found: Iterable[tuple[Entry, Finding]]) -> None:
    """Add findings to their entries and to the consolidation (warnings and infos: no status changes)."""
    added = []
    for entry, f in found:
        entry.findings = (*entry.findings, f)
        added.append(f)
    if added:
        cons.findings = sort_findings([*cons.findings, *added])


def decided_items(history: History, cons: Consolidation) -> list[Decided]:
    """This campaign's recorded awards in the campaign's own codes, for the statistics."""
    camp = cons.campaign
    subject_of = {e.nominee.key: e.nominee.subject for e in cons.entries}
    by_kind: dict[str, str] = {}
    for e in cons.entries:
        by_kind.setdefault(e.nominee.kind, e.nominee.subject)
    awards = [a.name for a in camp.awards]
    items = []
    for r in history.this_campaign:
        unit = resolve_unit(r.unit, camp)
        name = match_choice(r.award, awards)
        award = next((a.code for a in camp.awards if a.name == name), r.award)
        subject = subject_of.get(r.key) or by_kind.get(r.kind) or KIND_LABELS[r.kind]
        items.append(Decided(unit.code if unit else r.unit, subject, r.gender, award,
                             r.kind == INDIVIDUAL))
    return items
