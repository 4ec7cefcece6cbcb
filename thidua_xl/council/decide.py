"""The council's result: the tally checked against the meeting and the consolidation, the threshold
applied, and each quota group ranked by the council's approval (votes ÷ total members)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from thidua_xl.campaign import COLLECTIVE, INDIVIDUAL, Campaign
from thidua_xl.consolidate.entries import STATUS_OVER, STATUS_WITHIN, Entry, file_name, who
from thidua_xl.consolidate.quota import (
    Basis,
    apply_quotas,
    build_caps,
    caps_for,
    explain,
    index_caps,
    name_key,
)
from thidua_xl.council.candidates import Snapshot, identity
from thidua_xl.council.model import STATUS_BELOW, CouncilResult, Tally, TallyRow, Vote
from thidua_xl.findings import Finding, Severity, Where, display_value, finding
from thidua_xl.read.model import Nominee
from thidua_xl.text.numbers import percent

COUNCIL_LABEL = "tỷ lệ phiếu đồng ý của Hội đồng"
EPS = 1e-9


def needed(share: float, base: int) -> int:
    """Fewest whole members making at least `share` of `base` (50 % of 9 is 5)."""
    return math.ceil(share * base - EPS)


def _meeting_findings(t: Tally, campaign: Campaign) -> list[Finding]:
    """Present above total, and a quorum the campaign sets but the meeting did not reach."""
    m, rules = t.meeting, campaign.council
    total, present = m.members_total, m.members_present
    ref = t.meeting_cells.get("members_present")
    where: Where = ({"file": t.path, "sheet": ref.sheet, "row": ref.row, "column": ref.column,
                     "cell": ref.cell} if ref else {"file": t.path})
    where["value"] = str(present)
    if not total or not present or total <= 0 or present <= 0:
        return []
    if present > total:
        return [finding("council-present-over-total",
                        f"Số thành viên có mặt ({present}) lớn hơn tổng số thành viên Hội đồng "
                        f"({total}).", **where)]
    if rules.quorum is not None and present < needed(rules.quorum, total):
        return [finding("council-no-quorum",
                        f"Cuộc họp chỉ có {present}/{total} thành viên có mặt, chưa đủ "
                        f"{percent(rules.quorum, 2, trim=True)} tổng số thành viên (cần ít nhất "
                        f"{needed(rules.quorum, total)}): kết quả bỏ phiếu không có giá trị.",
                        **where)]
    return []


def _keys(row: TallyRow, campaign: Campaign) -> list[str]:
    """Identities a tally row may mean: by its subject's kind, or both when the subject is unclear."""
    kind = campaign.kind(row.subject)
    kinds = [kind] if kind else [INDIVIDUAL, COLLECTIVE]
    return [identity(k, row.name, row.birth_year) for k in kinds]


def _named(row: TallyRow) -> str:
    """How a message names a tally row: its name and birth year as typed."""
    year = f" (sinh {row.birth_year})" if row.birth_year else ""
    return f"{row.name}{year}" if row.name else f"Dòng {row.row}"


def _row_findings(t: Tally, row: TallyRow, n: Nominee | None) -> list[Finding]:
    """Votes missing, not a number, or above the members present (or the total)."""
    m = t.meeting
    where: Where = {"file": t.path, "sheet": t.sheet, "row": row.row,
                    "column": row.columns.get("votes", "A"), "cell": t.cell(row, "votes"),
                    "value": display_value(row.votes_raw)}
    name = who(n) if n else _named(row)
    if row.votes_raw is None:
        return [finding("council-missing-votes", f"{name}: chưa ghi số phiếu đồng ý của Hội đồng.",
                        **where)]
    if row.votes is None or row.votes < 0:
        return [finding("invalid-number", f"{name}: số phiếu đồng ý \"{display_value(row.votes_raw)}"
                        "\" không phải số nguyên không âm.", **where)]
    limit = m.members_present or m.members_total
    if limit and row.votes > limit:
        whom = "có mặt" if m.members_present else "của Hội đồng"
        return [finding("council-votes-over-present",
                        f"{name}: {row.votes} phiếu đồng ý, nhiều hơn số thành viên {whom} "
                        f"({limit}).", **where)]
    return []


def match_rows(t: Tally, snap: Snapshot, campaign: Campaign
               ) -> tuple[dict[str, TallyRow], list[Finding]]:
    """Tally rows paired with the consolidation's candidates; rows and candidates left over said."""
    by_key = {(e.nominee.award, e.nominee.key): e for e in snap.entries}
    found: list[Finding] = []
    matched: dict[str, TallyRow] = {}
    for row in t.rows:
        where: Where = {"file": t.path, "sheet": t.sheet, "row": row.row,
                        "column": row.columns.get("name", "A"), "cell": t.cell(row, "name"),
                        "value": row.name}
        award_code = row.award or ""
        hit = next((by_key[(award_code, k)] for k in _keys(row, campaign)
                    if (award_code, k) in by_key), None)
        if hit is None:
            award = row.award_text or "(không rõ hình thức)"
            found.append(finding("council-unknown-row",
                                 f"{_named(row)} — {award}: không có trong danh sách tổng hợp "
                                 f"({file_name(str(snap.path))}); không sửa tên, năm sinh, hình "
                                 "thức trên phiếu.", **where))
            continue
        key = hit.nominee.key + "\t" + hit.nominee.award
        if key in matched:
            found.append(finding("council-unknown-row",
                                 f"{who(hit.nominee)}: dòng lặp lại dòng {matched[key].row}.",
                                 **where))
            continue
        matched[key] = row
        found += _row_findings(t, row, hit.nominee)
    for e in snap.entries:
        if e.nominee.key + "\t" + e.nominee.award not in matched:
            award = campaign.award(e.nominee.award).name
            found.append(finding("council-missing-row",
                                 f"{who(e.nominee)} — {award}: có trong danh sách tổng hợp nhưng "
                                 "không có dòng trên phiếu.", file=t.path, sheet=t.sheet))
    return matched, found


def _below_reason(votes: int, base: int, campaign: Campaign) -> str:
    """Why a candidate below the threshold is not proposed, with the numbers."""
    rules = campaign.council
    share = rules.threshold or 0.0
    whom = "tổng số thành viên Hội đồng" if rules.base == "total" else "số thành viên có mặt"
    return (f"Được {votes}/{base} phiếu đồng ý, chưa đạt mức tối thiểu "
            f"{percent(share, 2, trim=True)} {whom} (cần {needed(share, base)} phiếu); "
            "không đề nghị khen thưởng dù chỉ tiêu còn.")


def rank_council(snap: Snapshot, matched: dict[str, TallyRow], t: Tally, campaign: Campaign
                 ) -> CouncilResult:
    """Threshold first, then the caps handed out in order of the council's approval."""
    total, present = t.meeting.members_total or 0, t.meeting.members_present or 0
    rules = campaign.council
    base = total if rules.base == "total" else present
    votes: dict[tuple[str, int], int] = {}
    fresh: list[Entry] = []
    for e in snap.entries:
        row = matched[e.nominee.key + "\t" + e.nominee.award]
        votes[(e.nominee.file, e.nominee.row)] = row.votes or 0
        fresh.append(Entry(e.nominee, ()))

    def approval(n: Nominee) -> float | None:
        return votes[(n.file, n.row)] / total if total else None

    passed = [e for e in fresh if rules.threshold is None
              or votes[(e.nominee.file, e.nominee.row)] >= needed(rules.threshold, base)]
    quota, _ = apply_quotas(passed, campaign, Basis(approval, COUNCIL_LABEL))
    index = index_caps(build_caps(campaign))
    out: list[Vote] = []
    for e in fresh:
        count = votes[(e.nominee.file, e.nominee.row)]
        if e in passed:
            out.append(Vote(e, count, count / total, True, e.status, tuple(explain(e))))
            continue
        e.caps, e.status = caps_for(e.nominee, index), STATUS_BELOW
        out.append(Vote(e, count, count / total, False, STATUS_BELOW,
                        (_below_reason(count, base, campaign),)))
    return CouncilResult(t, rules, order_votes(out, campaign), quota, [])


def order_votes(votes: Sequence[Vote], campaign: Campaign) -> list[Vote]:
    """Award, subject, then proposed, over the caps, below the threshold; by rank or approval."""
    awards = {a.code: i for i, a in enumerate(campaign.awards)}
    subjects = {s.code: i for i, s in enumerate(campaign.subjects)}
    status = {STATUS_WITHIN: 0, STATUS_OVER: 1, STATUS_BELOW: 2}
    return sorted(votes, key=lambda v: (
        awards.get(v.entry.nominee.award, len(awards)),
        subjects.get(v.entry.nominee.subject, len(subjects)), status.get(v.status, 3),
        v.entry.rank or 0, -v.approval, name_key(v.entry.nominee.name,
                                                 v.entry.nominee.kind == COLLECTIVE)))


def council_result(t: Tally, snap: Snapshot, campaign: Campaign) -> CouncilResult:
    """The whole decision; with any error in the tally, no result (votes empty) and the findings."""
    found = list(t.findings)
    if t.readable:
        found += _meeting_findings(t, campaign)
        matched, row_findings = match_rows(t, snap, campaign)
        found += row_findings
        if not snap.entries:
            found.append(finding("council-missing-row", "Danh sách tổng hợp không có trường hợp "
                                 "hợp lệ nào để Hội đồng bỏ phiếu.", file=t.path))
    found = sorted(set(found), key=lambda f: (f.sort_key, f.severity.rank))
    if not t.readable or any(f.severity is Severity.ERROR for f in found):
        return CouncilResult(t, campaign.council, [], [], found)
    result = rank_council(snap, matched, t, campaign)
    result.findings = found
    return result
