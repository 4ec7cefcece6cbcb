"""Recording signed decisions: the API `thidua decision` and the importer write through."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from thidua_xl.campaign import Campaign
from thidua_xl.ledger.model import (
    COLLECTIVE,
    INDIVIDUAL,
    KINDS,
    AwardLine,
    CampaignRef,
    DecisionRef,
    LedgerError,
    Recorded,
)
from thidua_xl.ledger.store import Ledger
from thidua_xl.read.model import Nominee
from thidua_xl.text.vietnamese import clean_text


def campaign_ref(campaign: Campaign) -> CampaignRef:
    """The ledger's view of a campaign file: its id, name and the year its period ends."""
    return CampaignRef(campaign.id, campaign.name, campaign.period_end.year)


def line_from_nominee(n: Nominee, campaign: Campaign, source: str = "") -> AwardLine:
    """A consolidated nominee as an award line (award form by name, unit as proposed)."""
    known = {a.code: a.name for a in campaign.awards}
    kind = COLLECTIVE if n.kind == COLLECTIVE else INDIVIDUAL
    return AwardLine(kind=kind, name=n.name, award=known.get(n.award, n.award),
                     birth_year=n.birth_year if kind == INDIVIDUAL else None,
                     gender=n.gender if kind == INDIVIDUAL else "",
                     unit=n.unit_name or n.work_unit, source=source)


def lines_from_nominees(nominees: Iterable[Nominee], campaign: Campaign,
                        source: str = "") -> list[AwardLine]:
    """Award lines for the nominees a decision grants (the Director's list of one award form)."""
    return [line_from_nominee(n, campaign, source) for n in nominees]


def check_lines(decision: DecisionRef, lines: Sequence[AwardLine]) -> None:
    """Refuse a decision that cannot be recorded, before anything is written."""
    problems = []
    if not clean_text(decision.number):
        problems.append("quyết định chưa có số")
    for i, a in enumerate(lines, start=1):
        if a.kind not in KINDS:
            problems.append(f"dòng {i}: loại đối tượng không hợp lệ ({a.kind!r})")
        if not clean_text(a.name):
            problems.append(f"dòng {i}: thiếu họ tên / tên tập thể")
        if not clean_text(a.award):
            problems.append(f"dòng {i}: thiếu hình thức khen thưởng")
    if problems:
        raise LedgerError("Không ghi được quyết định vào sổ khen thưởng: " + "; ".join(problems) + ".")


def _clean(a: AwardLine) -> AwardLine:
    """Names, units and forms stored as NFC with single spaces, as everything else is compared."""
    return AwardLine(a.kind, clean_text(a.name), clean_text(a.award), a.birth_year,
                     clean_text(a.gender), clean_text(a.unit), a.year, a.source)


def write_decision(ledger: Ledger, campaign: CampaignRef | None, decision: DecisionRef,
                   lines: Sequence[AwardLine],
                   progress: Callable[[int], None] | None = None) -> Recorded:
    """Write one decision's awards inside the caller's transaction; an award counts for the
    campaign's year (a decision signed in January may close the previous year's campaign)."""
    check_lines(decision, lines)
    clean = DecisionRef(clean_text(decision.number), decision.signed_on,
                        clean_text(decision.authority))
    campaign_id = ledger.campaign_id(campaign) if campaign else None
    decision_id = ledger.decision_id(clean)
    year = campaign.year if campaign and campaign.year else decision.signed_on.year
    return ledger.add_awards(decision_id, campaign_id, year, map(_clean, lines), progress)


def record_decision(ledger: Ledger | Path | str, campaign: Campaign | CampaignRef | None,
                    decision: DecisionRef, lines: Sequence[AwardLine]) -> Recorded:
    """Record a signed decision's awards in one transaction; recording it again changes nothing."""
    ref = campaign_ref(campaign) if isinstance(campaign, Campaign) else campaign
    if isinstance(ledger, Ledger):
        with ledger.transaction():
            return write_decision(ledger, ref, decision, lines)
    with Ledger.open(Path(ledger)) as opened, opened.transaction():
        return write_decision(opened, ref, decision, lines)
