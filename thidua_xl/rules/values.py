"""Field-level rules: required values present, choices from the lists, dates and numbers readable."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from functools import partial

from thidua_xl.campaign import INDIVIDUAL, Campaign
from thidua_xl.findings import Finding, Severity, finding
from thidua_xl.read import contract
from thidua_xl.read.normalise import Row, resolve_unit, who
from thidua_xl.rules.base import Check, Context, InfoCheck, RowCheck, declare, rule, wrong
from thidua_xl.rules.layout import info_field, row_field
from thidua_xl.rules.predicates import (
    Above,
    Chosen,
    DateOk,
    Filled,
    OneOf,
    Started,
    Whole,
)
from thidua_xl.text.vietnamese import clean_text

ROW_REQUIRED = ("name", "subject", "award", "unit", "summary", "votes")
PERSON_REQUIRED = ("birth_year",)
PERSON_WANTED = ("gender",)
INFO_DATES = ("letter_date", "meeting_date")
INFO_NUMBERS = ("members_total", "members_present")
ROW_CHOICES = {"subject": (contract.SUBJECTS, contract.SUBJECT_CODES),
               "award": (contract.AWARDS, contract.AWARD_CODES),
               "gender": (contract.GENDERS_LIST,)}


def label(ctx: Context, key: str) -> str:
    """The label users see for a list column or info field."""
    fields = (*contract.list_columns(ctx.campaign), *contract.info_fields(ctx.campaign))
    return next(f.label for f in fields if f.key == key)


def individuals(campaign: Campaign) -> tuple[str, ...]:
    """Codes of the subjects that are persons (birth year and gender apply to them)."""
    return tuple(s.code for s in campaign.subjects if s.kind == INDIVIDUAL)


def _not_entered(ctx: Context, row: Row, key: str) -> str:
    """Message: a row leaves a field empty."""
    return f"{who(row)}: chưa nhập \"{label(ctx, key)}\"."


@declare("missing-value", shows="thiếu thông tin bắt buộc ở dòng đã bắt đầu (kể cả số phiếu "
                                "đồng ý)")
def required_in_started_row(c: Campaign) -> Iterator[Check]:
    """A started nominee row leaves a field every nominee needs empty."""
    for key in ROW_REQUIRED:
        yield RowCheck(key, wrong(Started() & ~Filled(row_field(key))),
                       partial(_not_entered, key=key))


@declare("missing-value", shows="năm sinh của cá nhân để trống")
def required_of_a_person(c: Campaign) -> Iterator[Check]:
    """A person's row leaves a field only persons need (birth year) empty."""
    person = Chosen(row_field("subject"), "subject", individuals(c))
    for key in PERSON_REQUIRED:
        yield RowCheck(key, wrong(person & ~Filled(row_field(key))),
                       partial(_not_entered, key=key))


@declare("missing-value", shows="giới tính của cá nhân để trống")
def wanted_of_a_person(c: Campaign) -> Iterator[Check]:
    """A person's row leaves gender empty: a warning, it only breaks ties."""
    person = Chosen(row_field("subject"), "subject", individuals(c))
    for key in PERSON_WANTED:
        yield RowCheck(key, wrong(person & ~Filled(row_field(key)), "todo"),
                       partial(_not_entered, key=key), Severity.WARNING)


def _info_not_entered(ctx: Context, text: str) -> str:
    """Message: a unit-info field left empty."""
    return f"Thông tin đơn vị: chưa nhập \"{text}\"."


@declare("missing-value", shows=f"ô bắt buộc ở sheet \"{contract.SHEET_INFO}\" còn trống")
def required_info(c: Campaign) -> Iterator[Check]:
    """A required unit-info field is empty (or its label is missing from the sheet)."""
    for f in contract.INFO_FIELDS:
        if f.required:
            yield InfoCheck(f.key, wrong(~Filled(info_field(f.key)), "todo"),
                            partial(_info_not_entered, text=f.label))


def _not_listed(ctx: Context, row: Row, key: str) -> str:
    """Message: a choice typed outside its list, with the list."""
    allowed = {"subject": [s.label for s in ctx.campaign.subjects],
               "award": [a.name for a in ctx.campaign.awards],
               "gender": list(contract.GENDERS)}[key]
    return (f"{who(row)}: \"{clean_text(row.raw.get(key))}\" không có trong danh mục "
            f"\"{label(ctx, key)}\" (chọn: {'; '.join(allowed)}).")


@declare("invalid-choice", shows="đối tượng, giới tính hoặc hình thức không có trong danh mục")
def row_choice_not_listed(c: Campaign) -> Iterator[Check]:
    """Subject, award form or gender typed outside the allowed lists."""
    for key, lists in ROW_CHOICES.items():
        ref = row_field(key)
        yield RowCheck(key, wrong(Filled(ref) & ~OneOf(ref, lists)),
                       partial(_not_listed, key=key))


@declare("invalid-choice", shows="đơn vị đề nghị không có trong danh sách")
def unit_not_listed(c: Campaign) -> Iterator[Check]:
    """Đơn vị đề nghị not in the campaign's unit list (by name or code)."""
    ref = info_field("unit")
    yield InfoCheck("unit", wrong(Filled(ref) & ~OneOf(ref, (contract.UNITS, contract.UNIT_CODES))),
                    lambda ctx: f"Đơn vị đề nghị \"{ctx.info.unit_text}\" không có trong danh sách "
                                "đơn vị của đợt thi đua.")


def _bad_mark(ctx: Context, key: str, name: str) -> str:
    """Message: a dossier item marked with something other than Có/Không."""
    return (f"Hồ sơ \"{name}\": \"{clean_text(ctx.sub.info.get(key))}\" không hợp lệ, "
            f"chọn \"{contract.YES}\" hoặc \"{contract.NO}\".")


@declare("invalid-choice", shows=f"thành phần hồ sơ ghi khác \"{contract.YES}\"/\"{contract.NO}\"")
def dossier_mark_not_listed(c: Campaign) -> Iterator[Check]:
    """A dossier checklist cell holds something other than Có/Không."""
    for item in c.dossier:
        key = contract.dossier_key(item.code)
        ref = info_field(key)
        yield InfoCheck(key, wrong(Filled(ref) & ~OneOf(ref, (contract.YES_NO,))),
                        partial(_bad_mark, key=key, name=item.label))


@functools.lru_cache(maxsize=8)
def _known_units(campaign: Campaign) -> frozenset[str]:
    """Folded names of the campaign's units and agency, built once per campaign (not per file)."""
    return frozenset({*(clean_text(u.name).casefold() for u in campaign.units),
                      clean_text(campaign.agency.name).casefold()})


@rule("invalid-choice", excel=None,
      why="a named team or section under a unit is allowed here; the workbook's dropdown already "
          "asks at entry, and a lasting colour would nag about names the unit may keep")
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


def _bad_date(ctx: Context, key: str) -> str:
    """Message: a unit-info date that cannot be read."""
    return (f"\"{label(ctx, key)}\": không đọc được ngày \"{clean_text(ctx.sub.info.get(key))}\" "
            "(nhập ngày/tháng/năm, ví dụ 20/05/2021).")


@declare("invalid-date", shows="ngày tờ trình hoặc ngày họp xét không phải là ngày")
def info_date_unreadable(c: Campaign) -> Iterator[Check]:
    """Ngày tờ trình / Ngày họp xét that cannot be read as a day-first date."""
    for key in INFO_DATES:
        ref = info_field(key)
        yield InfoCheck(key, wrong(Filled(ref) & ~DateOk(ref)), partial(_bad_date, key=key))


def _bad_number(ctx: Context, raw: object, key: str, low: int, high: int) -> str:
    """Message: a count or year that is not a whole number in its range."""
    return (f"\"{label(ctx, key)}\" = \"{clean_text(raw)}\" không hợp lệ (cần số nguyên từ {low} "
            f"đến {high}).")


def _bad_row_number(ctx: Context, row: Row, key: str, low: int, high: int) -> str:
    """Message: a nominee's year or votes out of range, naming the nominee."""
    return f"{who(row)}: {_bad_number(ctx, row.raw.get(key), key, low, high)}"


def _bad_info_number(ctx: Context, key: str, low: int, high: int) -> str:
    """Message: a member count out of range."""
    return _bad_number(ctx, ctx.sub.info.get(key), key, low, high)


@declare("invalid-number", shows="năm sinh, số phiếu, số người hoặc số nữ không phải số nguyên "
                                 "hợp lệ")
def row_number_out_of_range(c: Campaign) -> Iterator[Check]:
    """Năm sinh, Số phiếu đồng ý or a collective's counts not a whole number in a sensible range."""
    for key, low, high in (("birth_year", contract.BIRTH_YEAR_MIN, c.period_end.year),
                           ("votes", 0, contract.VOTES_MAX),
                           ("members", 1, contract.MEMBERS_MAX),
                           ("women", 0, contract.MEMBERS_MAX)):
        ref = row_field(key)
        yield RowCheck(key, wrong(Filled(ref) & ~Whole(ref, low, high)),
                       partial(_bad_row_number, key=key, low=low, high=high))


def _more_women(ctx: Context, row: Row) -> str:
    """Message: a collective counts more women than people."""
    return (f"{who(row)}: số nữ ({row.women}) lớn hơn số người của tập thể ({row.members}).")


@declare("invalid-number", shows="số nữ của tập thể lớn hơn số người")
def women_above_members(c: Campaign) -> Iterator[Check]:
    """A collective's number of women above its number of people: one of them is a slip."""
    yield RowCheck("women", wrong(Above(row_field("women"), row_field("members"))), _more_women)


@declare("invalid-number", shows="số thành viên họp xét không phải số nguyên hợp lệ")
def info_number_out_of_range(c: Campaign) -> Iterator[Check]:
    """Member counts of the review meeting that are not whole numbers from 1 to MEMBERS_MAX."""
    for key in INFO_NUMBERS:
        ref = info_field(key)
        yield InfoCheck(key, wrong(Filled(ref) & ~Whole(ref, 1, contract.MEMBERS_MAX)),
                        partial(_bad_info_number, key=key, low=1, high=contract.MEMBERS_MAX))
