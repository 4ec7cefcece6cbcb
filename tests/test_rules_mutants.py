"""File rules at their edges: each boundary, branch and severity pinned so a broken rule turns red.

Added where tools/mutation.py showed faults in thidua_xl/rules that the older tests let through:
a deleted rule, a flipped comparison, a dropped branch, a wrong severity or message."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from tests.unitfiles import BK, cell_of, clean_info, collective, info_cell, person, write_unit
from thidua_xl.campaign import Campaign, Quota, load_campaign
from thidua_xl.campaign.loading import builtin_path
from thidua_xl.check.file import check_file
from thidua_xl.demo import to_tcvn3
from thidua_xl.findings import Severity
from thidua_xl.outputs.template.workbook import Formula

CAMPAIGN = load_campaign()
ERROR, WARNING = Severity.ERROR, Severity.WARNING


def _check(tmp_path: Path, rows: list[dict], campaign: Campaign = CAMPAIGN, received=None,
           **info: object) -> tuple[set[tuple[str, str, Severity]], Path, list]:
    """Write one real unit workbook, check it, return {(code, cell, severity)} and the findings."""
    path = write_unit(campaign, tmp_path / "don_vi.xlsx", clean_info(campaign, **info), rows)
    found = check_file(path, campaign, received=received).findings
    return {(f.code, f.cell, f.severity) for f in found}, path, found


def _list(key: str, row: int = 0, campaign: Campaign = CAMPAIGN) -> str:
    return cell_of(campaign, key, row)


def test_award_not_open_to_the_subject_is_an_error_on_the_award_cell(tmp_path: Path) -> None:
    only_collectives = dataclasses.replace(CAMPAIGN, awards=tuple(
        dataclasses.replace(a, subjects=("tap-the",)) if a.name == BK else a
        for a in CAMPAIGN.awards))
    rows = [person(only_collectives, name="Hà Thị Lan", award=None),
            person(only_collectives, stt=2, award=BK), collective(only_collectives, stt=3, award=BK)]
    got, _, found = _check(tmp_path, rows, only_collectives)
    assert got == {("missing-value", _list("award", 0), ERROR),
                   ("not-applicable-award", _list("award", 1), ERROR)}
    assert found[-1].message == f"Bà Nguyễn Thị Hồng Nhung: \"{BK}\" không áp dụng cho cá nhân."


def test_an_optional_criterion_left_unticked_is_not_a_finding(tmp_path: Path) -> None:
    optional = dataclasses.replace(CAMPAIGN, criteria=tuple(
        dataclasses.replace(c, mandatory=c.code != "TCN2") for c in CAMPAIGN.criteria))
    got, _, _ = _check(tmp_path, [person(optional, **{"crit:TCN2": None, "crit:TCN3": None})],
                       optional)
    assert got == {("criteria-not-met", _list("crit:TCN3", 0, optional), ERROR)}


def test_row_of_unknown_subject_is_not_judged_on_criteria_but_later_rows_are(tmp_path: Path) -> None:
    only_collectives = dataclasses.replace(CAMPAIGN, awards=tuple(
        dataclasses.replace(a, subjects=("tap-the",)) for a in CAMPAIGN.awards))
    rows = [person(only_collectives, subject="Hộ gia đình", **{"crit:TCN2": None}),
            collective(only_collectives, stt=2, **{"crit:TCT1": None})]
    got, _, _ = _check(tmp_path, rows, only_collectives)
    assert got == {("invalid-choice", _list("subject"), ERROR),
                   ("criteria-not-met", _list("crit:TCT1", 1), ERROR)}


@pytest.mark.parametrize(("letter", "meeting", "expected"), [
    (date(2021, 2, 4), date(2021, 2, 4), set()),
    (date(2021, 2, 3), date(2021, 2, 3), {"letter_date", "meeting_date"}),
    (date(2021, 2, 5), date(2021, 2, 3), {"meeting_date"}),
], ids=["both on the first day", "both the day before", "only the meeting before"])
def test_dates_before_the_campaign_start_are_out_of_range(tmp_path: Path, letter: date,
                                                          meeting: date, expected: set) -> None:
    got, path, _ = _check(tmp_path, [person(CAMPAIGN)], letter_date=letter, meeting_date=meeting)
    assert got == {("date-out-of-range", info_cell(CAMPAIGN, path, k), ERROR) for k in expected}


def test_meeting_on_the_letter_day_is_in_order(tmp_path: Path) -> None:
    got, _, _ = _check(tmp_path, [person(CAMPAIGN)], letter_date=date(2021, 5, 20),
                       meeting_date=date(2021, 5, 20))
    assert got == set()


def test_register_date_on_time_excuses_a_late_letter_date(tmp_path: Path) -> None:
    late_letter = {"letter_date": date(2021, 5, 26), "meeting_date": date(2021, 5, 20)}
    on_time, _, _ = _check(tmp_path, [person(CAMPAIGN)], received={"CNTT": date(2021, 5, 24)},
                           **late_letter)
    without, path, _ = _check(tmp_path, [person(CAMPAIGN)], **late_letter)
    assert on_time == set()
    assert without == {("late-submission", info_cell(CAMPAIGN, path, "letter_date"), ERROR)}


def test_late_register_date_is_reported_for_the_file_with_the_deadline_words(tmp_path: Path) -> None:
    _, path, found = _check(tmp_path, [person(CAMPAIGN)], received={"CNTT": date(2021, 5, 25)})
    [f] = found
    assert (f.code, f.file, f.cell, f.value) == ("late-submission", str(path), "", "25/05/2021")
    assert f.message == ("Văn phòng nhận hồ sơ ngày 25/05/2021, quá hạn (hạn: trước ngày 25/05/2021).")


def test_inclusive_deadline_is_worded_as_up_to_the_end_of_the_day(tmp_path: Path) -> None:
    inclusive = dataclasses.replace(CAMPAIGN, deadline_inclusive=True)
    _, _, found = _check(tmp_path, [person(inclusive)], inclusive, letter_date=date(2021, 5, 26))
    [f] = found
    assert f.message == "Tờ trình ngày 26/05/2021, nộp quá hạn (hạn: đến hết ngày 25/05/2021)."


@pytest.mark.parametrize(("mark", "state"), [("Không", "đánh dấu Không"), (None, "chưa đánh dấu")])
def test_missing_dossier_component_says_whether_it_was_marked_no_or_left_empty(
        tmp_path: Path, mark: object, state: str) -> None:
    _, path, found = _check(tmp_path, [person(CAMPAIGN)], **{"dossier:bien-ban": mark})
    [f] = found
    assert (f.code, f.cell) == ("dossier-incomplete", info_cell(CAMPAIGN, path, "dossier:bien-ban"))
    assert f.message == f"Hồ sơ thiếu \"Biên bản họp xét\" ({state})."


def test_dossier_mark_other_than_yes_or_no_is_an_invalid_choice_and_missing(tmp_path: Path) -> None:
    got, path, found = _check(tmp_path, [person(CAMPAIGN)], **{"dossier:to-trinh": "Chưa có"})
    cell = info_cell(CAMPAIGN, path, "dossier:to-trinh")
    assert got == {("invalid-choice", cell, ERROR), ("dossier-incomplete", cell, ERROR)}
    assert any("\"Chưa có\" không hợp lệ, chọn \"Có\" hoặc \"Không\"" in f.message for f in found)


def test_optional_dossier_component_may_be_left_empty(tmp_path: Path) -> None:
    optional = dataclasses.replace(CAMPAIGN, dossier=tuple(
        dataclasses.replace(d, required=d.code != "bien-ban") for d in CAMPAIGN.dossier))
    got, _, _ = _check(tmp_path, [person(optional)], optional, **{"dossier:bien-ban": None})
    assert got == set()


@pytest.mark.parametrize(("key", "value"), [
    ("members_total", 0), ("members_present", 0), ("members_present", "bảy"),
])
def test_member_counts_must_be_positive_whole_numbers(tmp_path: Path, key: str, value: object) -> None:
    got, path, found = _check(tmp_path, [person(CAMPAIGN, votes=0)], **{key: value})
    assert got == {("invalid-number", info_cell(CAMPAIGN, path, key), ERROR)}
    assert f"= \"{value}\" không hợp lệ (cần số nguyên từ 1 đến 10000)" in found[0].message


def test_negative_member_count_is_invalid_and_not_compared_with_those_present(tmp_path: Path) -> None:
    got, path, _ = _check(tmp_path, [person(CAMPAIGN)], members_total=-3)
    assert got == {("invalid-number", info_cell(CAMPAIGN, path, "members_total"), ERROR)}


def test_votes_of_a_collective_are_checked_though_it_has_no_birth_year(tmp_path: Path) -> None:
    got, _, _ = _check(tmp_path, [collective(CAMPAIGN, votes=-1)])
    assert got == {("invalid-number", _list("votes"), ERROR)}


def test_a_review_meeting_of_one_member_is_valid(tmp_path: Path) -> None:
    got, _, _ = _check(tmp_path, [person(CAMPAIGN, votes=1)], members_total=1, members_present=1)
    assert got == set()


@pytest.mark.parametrize(("key", "value", "low", "high"), [
    ("birth_year", 1939, 1940, 2021), ("birth_year", 2022, 1940, 2021), ("votes", -1, 0, 10000),
])
def test_numbers_outside_their_range_are_invalid(tmp_path: Path, key: str, value: int, low: int,
                                                 high: int) -> None:
    got, _, found = _check(tmp_path, [person(CAMPAIGN, **{key: value})])
    assert got == {("invalid-number", _list(key), ERROR)}
    assert f"(cần số nguyên từ {low} đến {high})" in found[0].message


@pytest.mark.parametrize(("key", "value"), [("birth_year", 1940), ("birth_year", 2021),
                                            ("votes", 0)])
def test_numbers_on_the_edge_of_their_range_are_valid(tmp_path: Path, key: str, value: int) -> None:
    got, _, _ = _check(tmp_path, [person(CAMPAIGN, **{key: value})])
    assert got == set()


def test_votes_above_the_maximum_are_invalid_and_inconsistent(tmp_path: Path) -> None:
    got, _, _ = _check(tmp_path, [person(CAMPAIGN, votes=10_001)])
    assert got == {("invalid-number", _list("votes"), ERROR), ("vote-inconsistent", _list("votes"), ERROR)}


@pytest.mark.parametrize(("votes", "flagged"), [(4, False), (3, True)])
def test_approval_exactly_at_the_threshold_passes(tmp_path: Path, votes: int, flagged: bool) -> None:
    half = dataclasses.replace(CAMPAIGN, vote_threshold=0.5)
    got, _, found = _check(tmp_path, [person(half, votes=votes)], half, members_total=8,
                           members_present=8)
    assert got == ({("vote-inconsistent", _list("votes"), ERROR)} if flagged else set())
    if flagged:
        assert "3/8 = 37,5% thấp hơn mức tối thiểu 50%" in found[0].message


def test_row_without_votes_does_not_hide_later_rows_with_too_many(tmp_path: Path) -> None:
    rows = [person(CAMPAIGN, votes=None),
            person(CAMPAIGN, stt=2, name="Triệu Văn Sơn", gender="Nam", votes=8)]
    got, _, _ = _check(tmp_path, rows)
    assert got == {("missing-value", _list("votes", 0), ERROR),
                   ("vote-inconsistent", _list("votes", 1), ERROR)}


def test_missing_gender_is_a_warning_and_missing_birth_year_an_error(tmp_path: Path) -> None:
    got, _, _ = _check(tmp_path, [person(CAMPAIGN, gender=None, birth_year=None)])
    assert got == {("missing-value", _list("gender"), WARNING),
                   ("missing-value", _list("birth_year"), ERROR)}


def test_collective_needs_neither_gender_nor_birth_year(tmp_path: Path) -> None:
    got, _, _ = _check(tmp_path, [collective(CAMPAIGN, gender=None, birth_year=None)])
    assert got == set()


def test_work_unit_outside_the_campaign_is_only_a_warning(tmp_path: Path) -> None:
    got, _, _ = _check(tmp_path, [person(CAMPAIGN, unit="Sở Tư pháp")])
    assert got == {("invalid-choice", _list("unit"), WARNING)}


@pytest.mark.parametrize("work_unit", ["Sở Thông tin và Truyền thông", "sở thông tin và truyền thông",
                                       "Văn phòng Sở", "VP"])
def test_the_agency_itself_or_any_campaign_unit_is_a_known_work_unit(tmp_path: Path,
                                                                     work_unit: str) -> None:
    got, _, _ = _check(tmp_path, [person(CAMPAIGN, unit=work_unit)])
    # Known, so never "not in the list"; a unit's (not the Sở's own) person is another unit's.
    other_unit = work_unit in ("Văn phòng Sở", "VP")
    assert {code for code, _cell, _sev in got} == ({"other-unit-nominee"} if other_unit else set())


def _unit_cap(quota: Quota) -> Campaign:
    return dataclasses.replace(CAMPAIGN, quotas=(quota,))


@pytest.mark.parametrize(("quota", "rows", "flagged"), [
    (Quota("GKGD", ("ca-nhan",), "unit", 2), 2, False),
    (Quota("GKGD", ("ca-nhan",), "unit", 1), 2, True),
    (Quota("GKGD", ("ca-nhan",), "agency", 1), 2, False),
    (Quota("GKGD", ("tap-the",), "unit", 1), 2, False),
    (Quota("BKUBND", ("ca-nhan",), "unit", 1), 2, False),
    (Quota("GKGD", ("tap-the", "ca-nhan"), "unit", 2), 2, True),
], ids=["at the cap", "over the cap", "agency caps are judged at consolidation",
        "other subject", "other award", "combined cap counts both subjects"])
def test_unit_cap_counts_only_its_award_and_subjects(tmp_path: Path, quota: Quota, rows: int,
                                                     flagged: bool) -> None:
    capped = _unit_cap(quota)
    people = [person(capped, stt=i, name=n, birth_year=1980 + i)
              for i, n in enumerate(["Hà Thị Lan", "Ma Văn Tùng"][:rows], start=1)]
    got, path, found = _check(tmp_path, [*people, collective(capped, stt=3)], capped)
    assert got == ({("unit-quota-exceeded", info_cell(capped, path, "unit"), ERROR)} if flagged
                   else set())
    if flagged and quota.combined:
        assert "đơn vị đề nghị 3 tập thể và cá nhân, vượt chỉ tiêu của đơn vị 2" in found[0].message


def test_same_name_in_a_file_is_reported_on_the_later_row_naming_the_first(tmp_path: Path) -> None:
    rows = [person(CAMPAIGN, name=None), person(CAMPAIGN, stt=2),
            collective(CAMPAIGN, stt=3, name="Phòng Kế hoạch - Tài chính"), person(CAMPAIGN, stt=4)]
    got, _, found = _check(tmp_path, rows)
    dup = [f for f in found if f.code == "duplicate-nominee"]
    assert [(f.cell, f.severity) for f in dup] == [(_list("name", 3), ERROR)]
    assert "đã có ở dòng 3 của cùng danh sách" in dup[0].message
    assert ("missing-value", _list("name", 0), ERROR) in got


def test_formula_on_the_info_sheet_is_a_warning_naming_its_value(tmp_path: Path) -> None:
    got, path, found = _check(tmp_path, [person(CAMPAIGN)], members_total=Formula("=3+4", 7))
    cell = info_cell(CAMPAIGN, path, "members_total")
    assert got == {("formula-cell", cell, WARNING)}
    assert found[0].message == (f"Thông tin đơn vị: ô {cell} chứa công thức; đã dùng giá trị \"7\" "
                                "tính sẵn trong tệp.")


def test_formula_in_a_nominee_row_is_a_warning_on_that_cell(tmp_path: Path) -> None:
    got, _, found = _check(tmp_path, [person(CAMPAIGN), collective(CAMPAIGN, votes=Formula("=2*3", 6))])
    assert got == {("formula-cell", _list("votes", 1), WARNING)}
    assert f"ô {_list('votes', 1)} chứa công thức; đã dùng giá trị \"6\"" in found[0].message


def test_per_unit_share_cap_written_in_the_campaign_file_is_enforced(tmp_path: Path) -> None:
    text = builtin_path().read_text(encoding="utf-8") + (
        '\n[[quotas]]\naward = "GKGD"\nsubjects = ["ca-nhan"]\nshare = 0.15\nscope = "unit"\n')
    (tmp_path / "dot.toml").write_text(text, encoding="utf-8")
    capped = load_campaign(tmp_path / "dot.toml")
    rows = [person(capped, stt=i, name=n, birth_year=1980 + i)
            for i, n in enumerate(["Hà Thị Lan", "Ma Văn Tùng"], start=1)]
    got, path, found = _check(tmp_path, rows, capped)
    assert got == {("unit-quota-exceeded", info_cell(capped, path, "unit"), ERROR)}
    assert "15% × 7 người = 1,05 → 1" in found[0].message


def test_findings_of_a_file_are_listed_row_by_row(tmp_path: Path) -> None:
    rows = [person(CAMPAIGN, votes="bảy"), person(CAMPAIGN, stt=2, name=None, birth_year=1990)]
    _, _, found = _check(tmp_path, rows)
    assert [(f.code, f.cell) for f in found] == [("invalid-number", _list("votes", 0)),
                                                 ("missing-value", _list("name", 1))]


def test_converted_legacy_text_is_quoted_up_to_sixty_characters(tmp_path: Path) -> None:
    text = "Tuyên truyền về bầu cử trên Cổng thông tin điện tử của Sở và các trang mạng xã hội"
    _, _, found = _check(tmp_path, [person(CAMPAIGN, summary=to_tcvn3(text))])
    [f] = found
    assert f.message.endswith(f"đã chuyển sang Unicode: \"{text[:59]}…\".")
