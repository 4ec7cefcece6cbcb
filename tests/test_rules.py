"""Each file rule on tiny real workbooks: exactly the expected findings, no more, no fewer."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from tests.unitfiles import BK, UNIT, cell_of, clean_info, collective, info_cell, person, write_unit
from thidua_xl.campaign import Campaign, load_campaign
from thidua_xl.check.file import check_file
from thidua_xl.demo import to_tcvn3
from thidua_xl.findings import Severity
from thidua_xl.read import contract
from thidua_xl.rules import DECLARED, RULES, workbook_marks
from thidua_xl.rules.base import FILLS
from thidua_xl.rules.predicates import GAPS

CAMPAIGN = load_campaign()


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _l(key: str, i: int = 0) -> tuple[str, str, int]:
    return ("list", key, i)


def _i(key: str) -> tuple[str, str]:
    return ("info", key)


F = ("file",)

# (id, info changes, rows builder, expected {(code, place)})
CASES = [
    ("clean person and collective", {}, lambda c: [person(c), collective(c)], set()),
    ("criterion marks in other spellings count as met", {},
     lambda c: [person(c, **{"crit:TCC1": "x", "crit:TCC2": "X", "crit:TCN1": "✓",
                             "crit:TCN2": "có", "crit:TCN3": " đạt "})], set()),
    ("decomposed name and text year are accepted", {},
     lambda c: [person(c, name=_nfd("Nguyễn Thị Hồng Nhung"), birth_year="1987")], set()),
    ("missing name", {}, lambda c: [person(c, name=None)], {("missing-value", _l("name"))}),
    ("missing birth year of a person", {}, lambda c: [person(c, birth_year=None)],
     {("missing-value", _l("birth_year"))}),
    ("collective needs no birth year", {}, lambda c: [collective(c, birth_year=None)], set()),
    ("missing summary and award", {}, lambda c: [person(c, summary=None, award=None)],
     {("missing-value", _l("summary")), ("missing-value", _l("award"))}),
    ("missing gender of a person is a warning", {}, lambda c: [person(c, gender=None)],
     {("missing-value", _l("gender"))}),
    ("unknown award form", {}, lambda c: [person(c, award="Bằng khen của Bộ trưởng")],
     {("invalid-choice", _l("award"))}),
    ("subject and gender in other case and spacing", {},
     lambda c: [person(c, subject="  cá   NHÂN ", gender="nữ")], set()),
    ("unknown subject", {}, lambda c: [person(c, subject="Hộ gia đình")],
     {("invalid-choice", _l("subject"))}),
    ("unknown gender", {}, lambda c: [person(c, gender="Khác")], {("invalid-choice", _l("gender"))}),
    ("work unit outside the campaign", {}, lambda c: [person(c, unit="Sở Tư pháp")],
     {("invalid-choice", _l("unit"))}),
    ("unknown proposing unit", {"unit": "Phòng Văn hóa"}, lambda c: [person(c)],
     {("invalid-choice", _i("unit"))}),
    ("birth year typed badly", {}, lambda c: [person(c, birth_year="198O")],
     {("invalid-number", _l("birth_year"))}),
    ("votes not a number", {}, lambda c: [person(c, votes="bảy")], {("invalid-number", _l("votes"))}),
    ("letter date unreadable", {"letter_date": "20/13/2021"}, lambda c: [person(c)],
     {("invalid-date", _i("letter_date"))}),
    ("letter date as Vietnamese words", {"letter_date": "ngày 20 tháng 5 năm 2021"},
     lambda c: [person(c)], set()),
    ("person misses TCN2", {}, lambda c: [person(c, **{"crit:TCN2": None})],
     {("criteria-not-met", _l("crit:TCN2"))}),
    ("collective misses TCT5 and TCC1", {},
     lambda c: [collective(c, **{"crit:TCT5": "Chưa đạt", "crit:TCC1": None})],
     {("criteria-not-met", _l("crit:TCT5")), ("criteria-not-met", _l("crit:TCC1"))}),
    ("person needs no collective criteria", {}, lambda c: [person(c, **{"crit:TCT1": None})], set()),
    ("late by the exclusive deadline day", {"letter_date": date(2021, 5, 25)},
     lambda c: [person(c)], {("late-submission", _i("letter_date"))}),
    ("last valid day is on time", {"letter_date": date(2021, 5, 24)}, lambda c: [person(c)], set()),
    ("meeting before the campaign", {"meeting_date": date(2021, 1, 30)}, lambda c: [person(c)],
     {("date-out-of-range", _i("meeting_date"))}),
    ("meeting after the letter", {"meeting_date": date(2021, 5, 22)}, lambda c: [person(c)],
     {("date-out-of-range", _i("meeting_date"))}),
    ("dossier component marked Không", {"dossier:bien-ban": "Không"}, lambda c: [person(c)],
     {("dossier-incomplete", _i("dossier:bien-ban"))}),
    ("dossier component empty", {"dossier:to-trinh": None}, lambda c: [person(c)],
     {("dossier-incomplete", _i("dossier:to-trinh"))}),
    ("votes above members present", {"members_present": 6}, lambda c: [person(c, votes=7)],
     {("vote-inconsistent", _l("votes"))}),
    ("present above total", {"members_present": 8}, lambda c: [person(c)],
     {("vote-inconsistent", _i("members_present"))}),
    ("member count above the maximum is a slip", {"members_total": 10_001}, lambda c: [person(c)],
     {("invalid-number", _i("members_total"))}),
    ("member count 0 is invalid and not compared", {"members_total": 0}, lambda c: [person(c)],
     {("invalid-number", _i("members_total"))}),
    ("same person twice, once without marks", {},
     lambda c: [person(c), person(c, stt=2, name="nguyen thi  hong nhung")],
     {("duplicate-nominee", _l("name", 1))}),
    ("namesakes with different birth years are two people", {},
     lambda c: [person(c), person(c, stt=2, birth_year=1990)], set()),
    ("missing preparer on the info sheet", {"preparer": None}, lambda c: [person(c)],
     {("missing-value", _i("preparer"))}),
    ("award for the superior level is fine for a collective", {},
     lambda c: [collective(c, award=BK)], set()),
    ("summary typed in TCVN3 is converted with a warning", {},
     lambda c: [person(c, summary=to_tcvn3("Tuyên truyền về bầu cử trên Cổng thông tin điện tử của Sở"))],
     {("legacy-encoding", _l("summary"))}),
    ("unit text that looks like a formula stays text and is clean", {},
     lambda c: [person(c, summary="=HYPERLINK(\"http://x\") Tuyên truyền bầu cử")], set()),
]


def _expected_cell(place: tuple, path: Path) -> str:
    if place[0] == "list":
        return cell_of(CAMPAIGN, place[1], place[2])
    if place[0] == "info":
        return info_cell(CAMPAIGN, path, place[1])
    return ""


@pytest.mark.parametrize(("case", "info", "rows", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rule_gives_exactly_expected_findings(tmp_path: Path, case: str, info: dict,
                                              rows, expected: set) -> None:
    path = write_unit(CAMPAIGN, tmp_path / "don_vi.xlsx", clean_info(CAMPAIGN, **info),
                      rows(CAMPAIGN))
    result = check_file(path, CAMPAIGN)
    got = {(f.code, f.cell) for f in result.findings}
    want = {(code, _expected_cell(place, path)) for code, place in expected}
    assert got == want, [f.message for f in result.findings]


def test_messages_name_the_person_and_the_criterion(tmp_path: Path) -> None:
    path = write_unit(CAMPAIGN, tmp_path / "u.xlsx", clean_info(CAMPAIGN),
                      [person(CAMPAIGN, **{"crit:TCN2": None})])
    [f] = check_file(path, CAMPAIGN).findings
    crit = next(c for c in CAMPAIGN.criteria if c.code == "TCN2")
    assert f.message.startswith("Bà Nguyễn Thị Hồng Nhung: chưa đạt tiêu chuẩn TCN2 – ")
    assert crit.text in f.message
    assert f.severity is Severity.ERROR and f.sheet == "Danh sách đề nghị"
    assert f.cell == cell_of(CAMPAIGN, "crit:TCN2", 0) == f"{f.column}{f.row}"


def test_received_date_decides_lateness_over_the_letter(tmp_path: Path) -> None:
    path = write_unit(CAMPAIGN, tmp_path / "u.xlsx", clean_info(CAMPAIGN), [person(CAMPAIGN)])
    late = check_file(path, CAMPAIGN, received={"CNTT": date(2021, 5, 26)})
    on_time = check_file(path, CAMPAIGN, received={"CNTT": date(2021, 5, 24)})
    assert [f.code for f in late.findings] == ["late-submission"]
    assert on_time.findings == []


def test_inclusive_deadline_accepts_the_deadline_day(tmp_path: Path) -> None:
    import dataclasses

    inclusive: Campaign = dataclasses.replace(CAMPAIGN, deadline_inclusive=True)
    path = write_unit(inclusive, tmp_path / "u.xlsx",
                      clean_info(inclusive, letter_date=date(2021, 5, 25)), [person(inclusive)])
    assert check_file(path, inclusive).findings == []


def test_vote_threshold_when_the_campaign_sets_one(tmp_path: Path) -> None:
    import dataclasses

    strict = dataclasses.replace(CAMPAIGN, vote_threshold=0.9)
    path = write_unit(strict, tmp_path / "u.xlsx", clean_info(strict),
                      [person(strict, votes=6), person(strict, stt=2, name="Triệu Văn Sơn",
                                                       gender="Nam", votes=7)])
    found = check_file(path, strict).findings
    assert [(f.code, f.cell) for f in found] == [("vote-inconsistent", cell_of(strict, "votes", 0))]


def test_per_unit_share_quota(tmp_path: Path) -> None:
    import dataclasses

    from thidua_xl.campaign import Quota

    capped = dataclasses.replace(CAMPAIGN, quotas=(Quota("GKGD", ("ca-nhan",), "unit", None, 0.15),))
    rows = [person(capped, stt=i, name=n, birth_year=1980 + i)
            for i, n in enumerate(["Hà Thị Lan", "Ma Văn Tùng"], start=1)]
    path = write_unit(capped, tmp_path / "u.xlsx", clean_info(capped), rows)
    [f] = check_file(path, capped).findings
    assert f.code == "unit-quota-exceeded" and "15% × 7 người = 1,05 → 1" in f.message
    assert f.cell == info_cell(capped, path, "unit")


@pytest.mark.parametrize("unit", ["Phòng Không Có Thật", None])
def test_an_unknown_unit_is_named_not_counted_against_a_per_unit_cap(tmp_path: Path,
                                                                     unit: str | None) -> None:
    import dataclasses

    from thidua_xl.campaign import Quota

    capped = dataclasses.replace(CAMPAIGN, quotas=(Quota("GKGD", ("ca-nhan",), "unit", None, 0.15),))
    rows = [person(capped, stt=1, name="Hà Thị Lan", birth_year=1981)]
    path = write_unit(capped, tmp_path / "u.xlsx", clean_info(capped, unit=unit), rows)
    found = check_file(path, capped).findings
    assert [f.code for f in found if f.cell == info_cell(capped, path, "unit")] == [
        "invalid-choice" if unit else "missing-value"]
    assert "unit-quota-exceeded" not in {f.code for f in found}


def test_nominees_are_typed(tmp_path: Path) -> None:
    path = write_unit(CAMPAIGN, tmp_path / "u.xlsx", clean_info(CAMPAIGN),
                      [person(CAMPAIGN, name=_nfd("Nông Thị Thủy"), birth_year="1990"),
                       collective(CAMPAIGN)])
    result = check_file(path, CAMPAIGN)
    p, c = result.nominees
    assert (p.name, p.birth_year, p.subject, p.award, p.gender) == (
        "Nông Thị Thủy", 1990, "ca-nhan", "GKGD", "Nữ")
    assert p.met == {c.code for c in CAMPAIGN.criteria_for("ca-nhan")}
    assert (c.subject, c.unit_code, c.approval) == ("tap-the", "CNTT", 6 / 7)
    assert result.unit_name == UNIT and result.rows_read == 2


def test_legacy_text_is_converted_in_the_nominee(tmp_path: Path) -> None:
    text = "Bảo đảm thông tin liên lạc thông suốt cho 120 tổ bầu cử"
    path = write_unit(CAMPAIGN, tmp_path / "u.xlsx", clean_info(CAMPAIGN),
                      [person(CAMPAIGN, summary=to_tcvn3(text))])
    result = check_file(path, CAMPAIGN)
    assert result.nominees[0].summary == text
    assert "TCVN3" in result.findings[0].message and text[:40] in result.findings[0].message


def test_every_rule_has_a_workbook_form_or_says_why_not() -> None:
    for key, declared in DECLARED.items():
        assert key in RULES
        assert bool(declared.checks) != bool(declared.why), key
        assert declared.gaps(CAMPAIGN) <= GAPS.keys(), key
    assert set(RULES) == set(DECLARED)


def test_each_workbook_check_sits_on_a_field_of_the_template() -> None:
    list_keys = {f.key for f in contract.list_columns(CAMPAIGN)}
    info_keys = {f.key for f in contract.info_fields(CAMPAIGN)}
    marks = workbook_marks(CAMPAIGN)
    assert marks and all(m.key in (list_keys if m.sheet == "list" else info_keys) for m in marks)
    assert [m.fill for m in marks] == sorted((m.fill for m in marks), key=FILLS.index)
    assert not [m.formula for m in marks if "!" in m.formula]  # never another sheet directly
