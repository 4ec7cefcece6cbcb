"""Field-level rules: required values present, choices from the lists, dates and numbers readable."""

from __future__ import annotations

from collections.abc import Iterator

from thidua_xl.campaign import INDIVIDUAL, Campaign
from thidua_xl.findings import Finding, Severity, finding
from thidua_xl.read import contract
from thidua_xl.read.normalise import Row, resolve_unit, who
from thidua_xl.rules.base import Context, rule
from thidua_xl.text.dates import parse_date, parse_int
from thidua_xl.text.vietnamese import clean_text

ROW_REQUIRED = ("name", "subject", "award", "unit", "summary", "votes")
PERSON_REQUIRED = ("birth_year",)
PERSON_WANTED = ("gender",)
INFO_DATES = ("letter_date", "meeting_date")
INFO_NUMBERS = ("members_total", "members_present")


def _labels(ctx: Context) -> dict[str, str]:
    """Field key → label users see, for messages."""
    fields = (*contract.list_columns(ctx.campaign), *contract.info_fields(ctx.campaign))
    return {f.key: f.label for f in fields}


def _required_keys(row: Row) -> tuple[tuple[str, Severity | None], ...]:
    """Fields a row must fill, depending on its subject; gender is wanted for tie-breaking."""
    keys: list[tuple[str, Severity | None]] = [(k, None) for k in ROW_REQUIRED]
    if row.kind == INDIVIDUAL:
        keys += [(k, None) for k in PERSON_REQUIRED] + [(k, Severity.WARNING) for k in PERSON_WANTED]
    return tuple(keys)


@rule("missing-value")
def missing_row_values(ctx: Context) -> Iterator[Finding]:
    """A started nominee row leaves a required field empty."""
    labels = _labels(ctx)
    for row in ctx.rows:
        for key, severity in _required_keys(row):
            if key in row.raw.columns and row.raw.get(key) is None:
                yield finding("missing-value", f"{who(row)}: chưa nhập \"{labels[key]}\".",
                              severity=severity, **ctx.at(row, key))


@rule("missing-value")
def missing_info_values(ctx: Context) -> Iterator[Finding]:
    """A required unit-info field is empty (or its label is missing from the sheet)."""
    for f in contract.INFO_FIELDS:
        if f.required and clean_text(ctx.sub.info.get(f.key)) == "":
            yield finding("missing-value", f"Thông tin đơn vị: chưa nhập \"{f.label}\".",
                          **ctx.at_info(f.key))


@rule("invalid-choice")
def invalid_row_choices(ctx: Context) -> Iterator[Finding]:
    """Subject, award form or gender typed outside the allowed lists."""
    allowed = {
        "subject": [s.label for s in ctx.campaign.subjects],
        "award": [a.name for a in ctx.campaign.awards],
        "gender": list(contract.GENDERS),
    }
    labels = _labels(ctx)
    for row in ctx.rows:
        for key, typed in (("subject", row.subject), ("award", row.award), ("gender", row.gender)):
            if typed is None and row.raw.get(key) is not None:
                yield finding("invalid-choice",
                              f"{who(row)}: \"{clean_text(row.raw.get(key))}\" không có trong danh mục "
                              f"\"{labels[key]}\" (chọn: {'; '.join(allowed[key])}).",
                              **ctx.at(row, key))


_KNOWN: dict[int, tuple[Campaign, frozenset[str]]] = {}


def _known_units(campaign: Campaign) -> frozenset[str]:
    """Folded names of the campaign's units and agency, built once per campaign (not per file)."""
    cached = _KNOWN.get(id(campaign))
    if cached is not None and cached[0] is campaign:
        return cached[1]
    known = frozenset({*(clean_text(u.name).casefold() for u in campaign.units),
                       clean_text(campaign.agency.name).casefold()})
    if len(_KNOWN) >= 8:
        _KNOWN.clear()
    _KNOWN[id(campaign)] = (campaign, known)
    return known


@rule("invalid-choice")
def invalid_work_unit(ctx: Context) -> Iterator[Finding]:
    """Đơn vị công tác should be one of the campaign's units or the agency itself."""
    known = _known_units(ctx.campaign)
    for row in ctx.rows:
        if row.work_unit and row.work_unit.casefold() not in known \
                and resolve_unit(row.work_unit, ctx.campaign) is None:
            yield finding("invalid-choice",
                          f"{who(row)}: đơn vị công tác \"{row.work_unit}\" không có trong danh sách "
                          "đơn vị của đợt thi đua.", severity=Severity.WARNING,
                          **ctx.at(row, "unit"))


@rule("invalid-choice")
def invalid_info_choices(ctx: Context) -> Iterator[Finding]:
    """Đơn vị đề nghị not in the campaign's unit list; dossier marks other than Có/Không."""
    if ctx.info.unit_text and ctx.info.unit is None:
        yield finding("invalid-choice", f"Đơn vị đề nghị \"{ctx.info.unit_text}\" không có trong "
                      "danh sách đơn vị của đợt thi đua.", **ctx.at_info("unit"))
    for item in ctx.campaign.dossier:
        key = contract.dossier_key(item.code)
        typed = clean_text(ctx.sub.info.get(key))
        if typed and ctx.info.dossier.get(item.code) is None:
            yield finding("invalid-choice", f"Hồ sơ \"{item.label}\": \"{typed}\" không hợp lệ, "
                          f"chọn \"{contract.YES}\" hoặc \"{contract.NO}\".", **ctx.at_info(key))


@rule("invalid-date")
def invalid_info_dates(ctx: Context) -> Iterator[Finding]:
    """Ngày tờ trình / Ngày họp xét that cannot be read as a day-first date."""
    labels = _labels(ctx)
    for key in INFO_DATES:
        value = ctx.sub.info.get(key)
        if clean_text(value) and parse_date(value) is None:
            yield finding("invalid-date", f"\"{labels[key]}\": không đọc được ngày "
                          f"\"{clean_text(value)}\" (nhập ngày/tháng/năm, ví dụ 20/05/2021).",
                          **ctx.at_info(key))


@rule("invalid-number")
def invalid_row_numbers(ctx: Context) -> Iterator[Finding]:
    """Năm sinh or Số phiếu đồng ý that is not a whole number in a sensible range."""
    labels = _labels(ctx)
    year = ctx.campaign.period_end.year
    for row in ctx.rows:
        checks = (("birth_year", row.birth_year, contract.BIRTH_YEAR_MIN, year),
                  ("votes", row.votes, 0, contract.VOTES_MAX))
        for key, number, low, high in checks:
            raw = row.raw.get(key)
            if raw is None:
                continue
            if number is None or not low <= number <= high:
                yield finding("invalid-number", f"{who(row)}: \"{labels[key]}\" = "
                              f"\"{clean_text(raw)}\" không hợp lệ (cần số nguyên từ {low} đến "
                              f"{high}).", **ctx.at(row, key))


@rule("invalid-number")
def invalid_info_numbers(ctx: Context) -> Iterator[Finding]:
    """Member counts of the review meeting that are not positive whole numbers."""
    labels = _labels(ctx)
    for key in INFO_NUMBERS:
        raw = ctx.sub.info.get(key)
        number = parse_int(raw)
        if clean_text(raw) and (number is None or number <= 0):
            yield finding("invalid-number", f"\"{labels[key]}\" = \"{clean_text(raw)}\" không hợp "
                          "lệ (cần số nguyên dương).", **ctx.at_info(key))
