"""Caps, ranking and the cut line: who is within the quotas, who is over, and why, in words."""

from __future__ import annotations

import functools
import math
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from thidua_xl.campaign import COLLECTIVE, Campaign, Quota, Unit, quota_limit
from thidua_xl.consolidate.entries import (
    STATUS_ALTERNATE,
    STATUS_INVALID,
    STATUS_OVER,
    STATUS_WITHIN,
    Entry,
    QuotaRow,
    shorten,
    where,
    who,
)
from thidua_xl.findings import Finding, finding
from thidua_xl.read import contract
from thidua_xl.read.model import Nominee
from thidua_xl.text.numbers import percent
from thidua_xl.text.vietnamese import SortKey, collective_sort_key, name_sort_key

REASONS_SHOWN = 3


@dataclass(frozen=True)
class Basis:
    """What ranks candidates: a share of votes per nominee, and how messages name that share."""

    approval: Callable[[Nominee], float | None]
    label: str = "tỷ lệ phiếu đồng ý"


def unit_approval(n: Nominee) -> float | None:
    """The unit meeting's approval (votes ÷ members of that meeting): the provisional ranking."""
    return n.approval


UNIT_BASIS = Basis(unit_approval)


@dataclass(slots=True)
class _Cap:
    """A quota bound to its unit (for per-unit caps) while slots are handed out."""

    quota: Quota
    unit: Unit | None
    limit: int
    how: str
    label: str
    campaign: Campaign
    basis: Basis = UNIT_BASIS
    taken: list[Entry] = field(default_factory=list)
    refused: list[Entry] = field(default_factory=list)
    invalid: int = 0


def is_collective(n: Nominee) -> bool:
    """Whether the nominee is a collective, by its subject's kind."""
    return n.kind == COLLECTIVE


def counts_as_women(n: Nominee, campaign: Campaign) -> bool:
    """Women-first applies to a woman, and to a collective whose share of women reaches the bar."""
    if not is_collective(n):
        return n.gender == contract.FEMALE
    bar, share = campaign.ties.women_share, n.women_share
    return bar is not None and share is not None and share + 1e-9 >= bar


def _more_votes(n: Nominee) -> int:
    return -(n.votes or 0)


def _earlier(n: Nominee) -> int:
    return (n.letter_date or date.max).toordinal()


def tie_key(tie: str, campaign: Campaign) -> Callable[[Nominee], int]:
    """The sort key of one tie-breaker code (smaller ranks first)."""
    if tie == "nu-truoc":
        return lambda n: 0 if counts_as_women(n, campaign) else 1
    return {"phieu-nhieu": _more_votes, "nop-som": _earlier}[tie]


@functools.lru_cache(maxsize=1 << 16)
def name_key(name: str, collective: bool) -> str:
    """Vietnamese name order (text.py's keys) packed into one short string, cached per name."""
    parts: tuple[SortKey, ...] = ((collective_sort_key(name),) if collective
                                  else name_sort_key(name))
    return "".join("".join(chr(min(r + 2, 0x10FFFF)) for r in prim) + "\x01"
                   + "".join(chr(t + 2) for t in tone) + "\x01" for prim, tone in parts)


def rank_order(entries: list[Entry], campaign: Campaign, basis: Basis = UNIT_BASIS) -> list[Entry]:
    """Approval desc (by `basis`), the campaign's tie-breakers, Vietnamese name order, provenance.

    Stable passes from the last criterion to the first, so only one small key per entry is alive
    at a time (bounded memory on hundreds of thousands of rows)."""
    subjects = {s.code: i for i, s in enumerate(campaign.subjects)}
    order = sorted(entries, key=lambda e: (e.nominee.file, e.nominee.row))
    order.sort(key=lambda e: name_key(e.nominee.name, is_collective(e.nominee)))
    order.sort(key=lambda e: (subjects.get(e.nominee.subject, len(subjects)),
                              is_collective(e.nominee)))
    for tie in reversed(campaign.tie_breakers):
        key = tie_key(tie, campaign)
        order.sort(key=lambda e, f=key: f(e.nominee))  # type: ignore[misc]

    def score(e: Entry) -> float:
        share = basis.approval(e.nominee)
        return math.inf if share is None else -share

    order.sort(key=score)
    return order


def why_after(a: Nominee, b: Nominee, campaign: Campaign, basis: Basis = UNIT_BASIS) -> str:
    """In words, why `a` ranks after `b`: the first ranking criterion that separates them."""
    mine, theirs = basis.approval(a), basis.approval(b)
    if mine != theirs:
        if mine is None:
            return f"xếp sau {b.name}: chưa có số phiếu đồng ý để tính tỷ lệ"
        return f"xếp sau {b.name}: {basis.label} {percent(mine)} thấp hơn {percent(theirs)}"
    same = f"cùng {basis.label} {percent(mine)} với {b.name}"
    for tie in campaign.tie_breakers:
        key = tie_key(tie, campaign)
        if key(a) != key(b):
            return f"{same}; {_tie_reason(tie, a, b, campaign)}"
    return f"{same}, bằng nhau theo mọi tiêu chí ưu tiên; xếp theo thứ tự tên"


def _tie_reason(tie: str, a: Nominee, b: Nominee, campaign: Campaign) -> str:
    """Why the tie-breaker put `b` first, with the citation the campaign gives for it."""
    if tie == "nu-truoc":
        if is_collective(b):
            bar = percent(campaign.ties.women_share, 0, trim=True)
            why = (f"ưu tiên tập thể có tỷ lệ nữ từ {bar} trở lên "
                   f"({b.women}/{b.members} thành viên là nữ)")
        else:
            why = "ưu tiên nữ"
    elif tie == "phieu-nhieu":
        why = f"ít phiếu đồng ý hơn ({a.votes or 0} so với {b.votes or 0})"
    else:
        why = "hồ sơ đề ngày muộn hơn"
    cited = campaign.ties.citations.get(tie, "")
    return f"{why} (theo {cited})" if cited else why


def cap_label(campaign: Campaign, quota: Quota, unit: Unit | None = None) -> str:
    """A cap's name for people: award – subjects (– unit)."""
    label = group_label(campaign, (quota.award, quota.subjects))
    return f"{label} – {unit.name}" if unit else label


def build_caps(campaign: Campaign, basis: Basis = UNIT_BASIS) -> list[_Cap]:
    """Every cap the campaign sets: agency-wide ones once, per-unit ones for each unit."""
    caps = []
    for quota in campaign.quotas:
        units: list[Unit | None] = [None] if quota.scope == "agency" else list(campaign.units)
        for unit in units:
            limit, how = quota_limit(quota, campaign, unit)
            subjects = " hoặc ".join(campaign.subject(s).label.lower() for s in quota.subjects)
            scope = f"mỗi đơn vị – {unit.name}" if unit else "toàn cơ quan"
            caps.append(_Cap(quota, unit, limit, f"{how} {subjects}, {scope}",
                             cap_label(campaign, quota, unit), campaign, basis))
    return caps


def _refusal(e: Entry, cap: _Cap) -> str:
    """Why a full cap refused a nominee."""
    if cap.limit == 0:
        return f"Vượt chỉ tiêu {cap.label}: chỉ tiêu bằng 0 ({cap.how})."
    last = cap.taken[-1].nominee
    return (f"Vượt chỉ tiêu {cap.label} ({cap.how}): đã đủ {cap.limit} trường hợp; "
            f"{why_after(e.nominee, last, cap.campaign, cap.basis)}.")


def _invalid_reason(e: Entry) -> str:
    """Why a nominee cannot be listed, naming its first errors."""
    errors = e.blocking
    shown = "; ".join(f.message for f in errors[:REASONS_SHOWN])
    more = f" (và {len(errors) - REASONS_SHOWN} lỗi khác)" if len(errors) > REASONS_SHOWN else ""
    return f"Có {len(errors)} lỗi cần sửa: {shown}{more}"


def explain(e: Entry) -> list[str]:
    """An entry's verdict in words, rendered on demand so 300,000 rows hold no long texts."""
    if e.note:
        return [e.note]
    if e.status == STATUS_INVALID:
        return [_invalid_reason(e)]
    if e.status == STATUS_OVER:
        return [f"Xếp thứ {e.rank}/{e.group_size}.", *(_refusal(e, c) for c in e.refused)]
    if e.status == STATUS_WITHIN:
        return [f"Xếp thứ {e.rank}/{e.group_size}; trong chỉ tiêu {c.label} ({c.how})."
                for c in e.caps] or ["Hình thức này không giới hạn chỉ tiêu."]
    return []


CapIndex = dict[tuple[str, str, str], list[_Cap]]


def index_caps(caps: list[_Cap]) -> CapIndex:
    """Caps by (award, subject, unit code or "" for agency-wide), so lookups stay O(1)."""
    index: CapIndex = defaultdict(list)
    for cap in caps:
        for subject in cap.quota.subjects:
            index[(cap.quota.award, subject, cap.unit.code if cap.unit else "")].append(cap)
    return index


def caps_for(n: Nominee, index: CapIndex) -> tuple[_Cap, ...]:
    """Every cap that counts a nominee: agency-wide first, then its unit's."""
    return (*index.get((n.award, n.subject, ""), ()),
            *index.get((n.award, n.subject, n.unit_code), ()))


Group = tuple[str, tuple[str, ...]]


def rank_group(e: Entry) -> Group:
    """The group an entry is ranked in: its award with an agency-wide cap's subjects, else its own."""
    agency = next((c for c in e.caps if c.unit is None), None)
    return e.nominee.award, agency.quota.subjects if agency else (e.nominee.subject,)


def group_label(campaign: Campaign, group: Group) -> str:
    """A ranking group's name for people: "Giấy khen của Giám đốc Sở – Cá nhân"."""
    award, subjects = group
    named = " hoặc ".join(campaign.subject(s).label.lower() for s in subjects)
    return f"{campaign.award(award).name} – {named[:1].upper()}{named[1:]}"


def _number(ordered: list[Entry]) -> None:
    """Rank numbers within each group (an agency-wide cap's subjects, else the own subject)."""
    groups = [rank_group(e) for e in ordered]
    sizes = Counter(groups)
    seen: Counter[Group] = Counter()
    for e, g in zip(ordered, groups, strict=True):
        seen[g] += 1
        e.rank, e.group_size = seen[g], sizes[g]


def _hand_out(ordered: list[Entry]) -> None:
    """Greedy in rank order: a nominee is within only if every cap that counts it has room."""
    for e in ordered:
        full = tuple(c for c in e.caps if len(c.taken) >= c.limit)
        if full:
            e.status, e.refused = STATUS_OVER, full
            for c in e.caps:
                c.refused.append(e)
        else:
            e.status = STATUS_WITHIN
            for c in e.caps:
                c.taken.append(e)


def _quota_finding(cap: _Cap, proposed: int, current: dict[str, str]) -> Finding:
    """The warning for a cap with more valid candidates than it allows."""
    over = [e.nominee.name for e in cap.refused]
    return finding("quota-exceeded",
                   f"{cap.label}: {proposed} trường hợp hợp lệ được đề nghị, chỉ tiêu {cap.limit} "
                   f"({cap.how}); {len(over)} trường hợp vượt chỉ tiêu: {shorten(over)}.",
                   file=current.get(cap.unit.code, "") if cap.unit else "")


def _alternate_note(e: Entry, higher: Entry, campaign: Campaign) -> str:
    """Why a lower award form of a nominee is kept aside, and what choosing it takes."""
    n, h = e.nominee, higher.nominee
    return (f"{who(n)} cũng được đề nghị {campaign.award(h.award).name} ({where(h)}), hình thức "
            f"cao hơn: mặc định xét hình thức cao hơn, dòng {campaign.award(n.award).name} này giữ "
            f"lại (không tính vào chỉ tiêu) cho đến khi {campaign.agency.office} hoặc "
            f"{campaign.agency.council} chọn hình thức.")


def set_aside_lower_forms(valid: list[Entry], campaign: Campaign) -> list[Entry]:
    """Valid entries to rank: a nominee proposed for several forms is ranked in the highest one,
    the others marked "Chờ chọn hình thức" and kept (never whichever row came first)."""
    known = {a.code for a in campaign.awards}
    forms: dict[str, list[Entry]] = defaultdict(list)
    for e in valid:
        if e.nominee.name and e.nominee.award in known:
            forms[e.nominee.key].append(e)
    lower: set[int] = set()
    for group in forms.values():
        if len({e.nominee.award for e in group}) < 2:
            continue
        top = min(group, key=lambda e: campaign.award_rank(e.nominee.award))
        for e in group:
            if e.nominee.award != top.nominee.award:
                e.status, e.rank, e.note = STATUS_ALTERNATE, None, _alternate_note(e, top, campaign)
                lower.add(id(e))
    return [e for e in valid if id(e) not in lower] if lower else valid


def apply_quotas(entries: list[Entry], campaign: Campaign, basis: Basis = UNIT_BASIS
                 ) -> tuple[list[QuotaRow], list[Finding]]:
    """Set status, rank and caps on every entry; return the quota table and its findings."""
    caps = build_caps(campaign, basis)
    index = index_caps(caps)
    valid = []
    for e in entries:
        e.caps = caps_for(e.nominee, index)
        if e.blocking:
            e.status, e.rank = STATUS_INVALID, None
            for c in e.caps:
                c.invalid += 1
        else:
            valid.append(e)
    valid = rank_order(set_aside_lower_forms(valid, campaign), campaign, basis)
    _number(valid)
    _hand_out(valid)
    current = {e.nominee.unit_code: e.nominee.file for e in entries}
    rows, found = [], []
    for cap in caps:
        proposed = len(cap.taken) + len(cap.refused)
        if cap.unit is not None and not proposed and not cap.invalid:
            continue
        q = cap.quota
        rows.append(QuotaRow(
            award=q.award, subject="" if q.combined else q.subjects[0], subjects=q.subjects,
            scope=q.scope, unit_code=cap.unit.code if cap.unit else "",
            unit_name=cap.unit.name if cap.unit else "", label=cap.label, limit=cap.limit,
            explanation=cap.how, proposed=proposed, within=len(cap.taken),
            over=len(cap.refused), invalid=cap.invalid))
        if proposed > cap.limit:
            found.append(_quota_finding(cap, proposed, current))
    return rows, found
