"""Rules across the rows of one file: the same nominee twice, per-unit caps."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from thidua_xl.campaign import quota_limit
from thidua_xl.findings import Finding, finding
from thidua_xl.read.normalise import who
from thidua_xl.rules.base import Context, rule


@rule("duplicate-nominee", excel=None,
      why="a person's identity ignores Vietnamese marks, case and spacing (fold_loose), which a "
          "formula cannot compute; a formula would miss 'Nguyen Thi Lan' = 'Nguyễn Thị Lan'")
def duplicate_in_file(ctx: Context) -> Iterator[Finding]:
    """The same person (name + birth year) or collective appears twice in one file."""
    first: dict[str, tuple[str, int]] = {}
    for row in ctx.rows:
        if not row.name:
            continue
        if row.key in first:
            sheet, at = first[row.key]
            place = (f"dòng {at} của cùng danh sách" if sheet == row.raw.sheet
                     else f"dòng {at} của sheet \"{sheet}\" trong cùng tệp")
            yield finding("duplicate-nominee", f"{who(row)} đã có ở {place} (đề nghị trùng).",
                          **ctx.at(row, "name"))
        else:
            first[row.key] = (row.raw.sheet, row.raw.row)


@rule("unit-quota-exceeded", excel=None,
      why="a count over the whole file placed on the unit cell; the workbook shows the same count "
          "live in the tally beside the unit info instead")
def unit_quota(ctx: Context) -> Iterator[Finding]:
    """More rows for an award and subject than a per-unit cap allows."""
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
