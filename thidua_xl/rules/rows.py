"""Rules across the rows of one file: the same nominee twice, two award forms, per-unit caps."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from thidua_xl.campaign import Campaign, quota_limit
from thidua_xl.findings import Finding, finding
from thidua_xl.read.normalise import Row, who
from thidua_xl.rules.base import Context, rule


@rule("duplicate-nominee", excel=None,
      why="a person's identity ignores Vietnamese marks, case and spacing (fold_loose), which a "
          "formula cannot compute; a formula would miss 'Nguyen Thi Lan' = 'Nguyễn Thị Lan'")
def duplicate_in_file(ctx: Context) -> Iterator[Finding]:
    """The same person (name + birth year) or collective twice in one file for the same award."""
    first: dict[tuple[str, str | None], tuple[str, int]] = {}
    for row in ctx.rows:
        if not row.name:
            continue
        sheet, seen = first.setdefault((row.key, row.award), (row.raw.sheet, row.raw.row))
        if (sheet, seen) != (row.raw.sheet, row.raw.row):
            place = (f"dòng {seen} của cùng danh sách" if sheet == row.raw.sheet
                     else f"dòng {seen} của sheet \"{sheet}\" trong cùng tệp")
            yield finding("duplicate-nominee", f"{who(row)} đã có ở {place} với cùng hình thức "
                          "khen thưởng (đề nghị trùng): xóa một dòng.", **ctx.at(row, "name"))


@rule("two-award-forms", excel=None,
      why="the same identity as duplicate-nominee (names compared without marks), which a formula "
          "cannot compute")
def two_forms_in_file(ctx: Context) -> Iterator[Finding]:
    """The same nominee twice in one file for different award forms: both kept, the higher first."""
    rows: dict[str, list[Row]] = {}
    for row in ctx.rows:
        if row.name and row.award:
            rows.setdefault(row.key, []).append(row)
    names = {a.code: a.name for a in ctx.campaign.awards}
    for group in rows.values():
        forms = sorted({r.award or "" for r in group}, key=ctx.campaign.award_rank)
        if len(forms) < 2:
            continue
        for row in group:
            others = [f"{names[r.award or '']} (dòng {r.raw.row}"
                      + (f" sheet \"{r.raw.sheet}\")" if r.raw.sheet != row.raw.sheet else ")")
                      for r in group
                      if r.award != row.award]
            yield finding("two-award-forms",
                          f"{who(row)} được đề nghị {names[row.award or '']}, đồng thời "
                          f"{'; '.join(others)}: {two_forms_advice(ctx.campaign, forms)}",
                          **ctx.at(row, "award"))


def two_forms_advice(campaign: Campaign, forms: list[str]) -> str:
    """What happens to a nominee proposed for several forms, highest form first in `forms`."""
    ag = campaign.agency
    return (f"khi tổng hợp, mặc định xét hình thức cao hơn ({campaign.award(forms[0]).name}) cho "
            f"đến khi {ag.office} hoặc {ag.council} chọn; dòng hình thức thấp hơn vẫn được giữ lại.")


@rule("unit-quota-exceeded", excel=None,
      why="a count over the whole file placed on the unit cell; the workbook shows the same count "
          "live in the tally beside the unit info instead")
def unit_quota(ctx: Context) -> Iterator[Finding]:
    """More rows for an award and subject than a per-unit cap allows. A unit not in the campaign
    (or not given) has no cap to count against: its unit cell already carries that error, and a
    cap of 0 "for want of a headcount" would send the clerk after the wrong fix."""
    if ctx.info.unit is None:
        return
    counts = Counter((row.award, row.subject) for row in ctx.rows)
    for quota in ctx.campaign.quotas:
        if quota.scope != "unit":
            continue
        proposed = sum(counts[(quota.award, s)] for s in quota.subjects)
        limit, how = quota_limit(quota, ctx.campaign, ctx.info.unit)
        if proposed > limit:
            subjects = " và ".join(ctx.campaign.subject(s).label.lower() for s in quota.subjects)
            yield finding("unit-quota-exceeded",
                          f"{ctx.campaign.award(quota.award).name}: đơn vị đề nghị {proposed} "
                          f"{subjects}, vượt chỉ tiêu của đơn vị {limit} ({how}).",
                          **ctx.at_info("unit"))
