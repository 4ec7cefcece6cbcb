"""Proposal rules on real unit workbooks: no self-award, each unit its own people, ownership settles
duplicates, two award forms kept, conditional criteria, a collective's women and members."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.unitfiles import BK, GK, UNIT, cell_of, clean_info, collective, person, write_unit
from thidua_xl.campaign import Campaign, CampaignError, builtin_path, load_campaign, parse_campaign
from thidua_xl.campaign.describe import describe_campaign
from thidua_xl.check.file import check_file
from thidua_xl.consolidate.entries import STATUS_ALTERNATE, STATUS_INVALID, STATUS_WITHIN
from thidua_xl.consolidate.merge import consolidate
from thidua_xl.consolidate.quota import explain
from thidua_xl.findings import Severity
from thidua_xl.read import contract

CAMPAIGN = load_campaign()
AGENCY = CAMPAIGN.agency.name
VP = "Văn phòng Sở"


def _raw() -> dict[str, Any]:
    """The built-in campaign as raw TOML data, to change one key."""
    return tomllib.loads(builtin_path().read_text(encoding="utf-8"))


def _with(**tables: dict[str, Any]) -> Campaign:
    """The built-in campaign with some top-level tables replaced."""
    return parse_campaign({**_raw(), **tables})


def _found(tmp_path: Path, rows: list[dict[str, object]], campaign: Campaign = CAMPAIGN,
           **info: object) -> set[tuple[str, str]]:
    """(code, cell) of every finding of one real workbook."""
    path = write_unit(campaign, tmp_path / "don_vi.xlsx", clean_info(campaign, **info), rows)
    return {(f.code, f.cell) for f in check_file(path, campaign).findings}


def _agency(**changes: object) -> dict[str, object]:
    """The agency itself as a collective nominee, proposed by the Văn phòng."""
    return collective(CAMPAIGN, **{"name": AGENCY, "unit": AGENCY, **changes})


@pytest.mark.parametrize(("name", "award", "expected"), [
    (AGENCY, GK, {"self-award"}),
    ("  sở thông tin VÀ truyền thông ", GK, {"self-award"}),
    ("So Thong tin va Truyen thong", "GKGD", {"self-award"}),
    (AGENCY, BK, set()),
    ("Sở Tư pháp", GK, set()),
])
def test_the_agency_is_never_proposed_for_its_own_heads_award(tmp_path: Path, name: str,
                                                              award: str, expected: set) -> None:
    got = _found(tmp_path, [_agency(name=name, award=award)], unit=VP)
    assert {code for code, _cell in got} - {"invalid-choice"} == expected
    if expected:
        assert ("self-award", cell_of(CAMPAIGN, "award", 0)) in got


def test_self_award_names_the_authority_and_the_award_the_agency_may_get(tmp_path: Path) -> None:
    path = write_unit(CAMPAIGN, tmp_path / "vp.xlsx", clean_info(CAMPAIGN, unit=VP), [_agency()])
    (f,) = [f for f in check_file(path, CAMPAIGN).findings if f.code == "self-award"]
    assert f.severity is Severity.ERROR
    assert "Giám đốc Sở Thông tin và Truyền thông" in f.message and BK in f.message


def test_a_person_named_like_the_agency_is_no_self_award(tmp_path: Path) -> None:
    assert _found(tmp_path, [person(CAMPAIGN, name=AGENCY)]) == set()


@pytest.mark.parametrize(("work_unit", "expected"), [
    (UNIT, False), ("cntt", False), (VP, True), ("VP", True), ("van phong so", True),
    (AGENCY, False), ("Tổ kỹ thuật", False),
])
def test_a_unit_proposes_only_its_own_people(tmp_path: Path, work_unit: str,
                                             expected: bool) -> None:
    got = _found(tmp_path, [person(CAMPAIGN, unit=work_unit)])
    assert (("other-unit-nominee", cell_of(CAMPAIGN, "unit", 0)) in got) is expected


def test_other_units_person_message_says_who_should_propose(tmp_path: Path) -> None:
    path = write_unit(CAMPAIGN, tmp_path / "u.xlsx", clean_info(CAMPAIGN), [person(CAMPAIGN, unit=VP)])
    (f,) = check_file(path, CAMPAIGN).findings
    assert f.code == "other-unit-nominee" and f.severity is Severity.ERROR
    assert f.message.startswith("Bà Nguyễn Thị Hồng Nhung: đơn vị công tác là Văn phòng Sở")
    assert "Văn phòng Sở đề nghị khen thưởng người của mình" in f.message


@pytest.mark.parametrize(("setting", "allowed"), [
    (["CNTT"], True), (["VP"], False), (True, True), (False, False),
])
def test_a_campaign_may_let_a_unit_propose_other_units_people(tmp_path: Path, setting: object,
                                                              allowed: bool) -> None:
    campaign = _with(proposals={"other_units": setting})
    got = _found(tmp_path, [person(campaign, unit=VP)], campaign)
    assert (got == set()) is allowed


@pytest.mark.parametrize(("table", "key"), [
    ({"proposals": {"other_units": ["CDCS"]}}, "proposals.other_units"),
    ({"proposals": {"other_units": "CNTT"}}, "proposals.other_units"),
    ({"proposals": "CNTT"}, "proposals"),
    ({"marks": {"met": ["Đạt"], "not_applicable": []}}, "marks.not_applicable"),
    ({"marks": {"met": ["Đạt", "KAD"], "not_applicable": ["kad"]}}, "marks.not_applicable"),
])
def test_bad_proposal_settings_are_refused_in_vietnamese(table: dict, key: str) -> None:
    with pytest.raises(CampaignError) as caught:
        parse_campaign({**_raw(), **table}, "dot.toml")
    assert any(p.startswith(f"khóa `{key}`") for p in caught.value.problems), caught.value.problems


def test_a_conditional_criterion_is_declared_in_the_campaign_file() -> None:
    raw = _raw()
    assert [c["code"] for c in raw["criteria"] if c.get("conditional")] == ["TCT5"]
    assert [c.code for c in CAMPAIGN.criteria if c.conditional] == ["TCT5"]
    text = builtin_path().read_text(encoding="utf-8")
    assert "conditional = true" in text and "not_applicable" in text and "other_units" in text
    shown = describe_campaign(CAMPAIGN)
    assert "được ghi không áp dụng" in shown and "“Không áp dụng”" in shown


@pytest.mark.parametrize(("marks", "expected"), [
    ({"crit:TCT5": "Không áp dụng"}, set()),
    ({"crit:TCT5": " không  ÁP DỤNG "}, set()),
    ({"crit:TCT5": "Khong ap dung"}, set()),
    ({"crit:TCT5": None}, {"crit:TCT5"}),
    ({"crit:TCC1": "Không áp dụng"}, {"crit:TCC1"}),
    ({"crit:TCT4": "Không áp dụng"}, {"crit:TCT4"}),
])
def test_not_applicable_is_accepted_only_where_the_campaign_allows(tmp_path: Path, marks: dict,
                                                                   expected: set) -> None:
    got = _found(tmp_path, [collective(CAMPAIGN, **marks)])
    assert got == {("criteria-not-met", cell_of(CAMPAIGN, key, 0)) for key in expected}


def test_without_conditional_not_applicable_is_a_failure(tmp_path: Path) -> None:
    raw = _raw()
    for c in raw["criteria"]:
        c.pop("conditional", None)
    campaign = parse_campaign(raw)
    got = _found(tmp_path, [collective(campaign, **{"crit:TCT5": "Không áp dụng"})], campaign)
    assert got == {("criteria-not-met", cell_of(campaign, "crit:TCT5", 0))}


def test_unmet_conditional_criterion_says_how_to_mark_it_not_applicable(tmp_path: Path) -> None:
    path = write_unit(CAMPAIGN, tmp_path / "u.xlsx", clean_info(CAMPAIGN),
                      [collective(CAMPAIGN, **{"crit:TCT5": None})])
    (f,) = check_file(path, CAMPAIGN).findings
    assert "ghi \"Không áp dụng\"" in f.message


@pytest.mark.parametrize(("counts", "expected"), [
    ({"members": 12, "women": 9}, set()),
    ({"members": "12", "women": "0"}, set()),
    ({"members": 12}, set()),
    ({"members": 12, "women": 13}, {"women"}),
    ({"members": 0}, {"members"}),
    ({"women": "chín"}, {"women"}),
])
def test_a_collective_may_state_its_members_and_women(tmp_path: Path, counts: dict,
                                                      expected: set) -> None:
    got = _found(tmp_path, [collective(CAMPAIGN, **counts)])
    assert got == {("invalid-number", cell_of(CAMPAIGN, key, 0)) for key in expected}


def test_women_and_members_reach_the_nominee_of_a_collective_only(tmp_path: Path) -> None:
    path = write_unit(CAMPAIGN, tmp_path / "u.xlsx", clean_info(CAMPAIGN), [
        collective(CAMPAIGN, members=12, women=9), person(CAMPAIGN, members=3, women=2)])
    group, someone = check_file(path, CAMPAIGN).nominees
    assert (group.members, group.women, group.women_share) == (12, 9, 0.75)
    assert (someone.members, someone.women, someone.women_share) == (None, None, None)


def test_two_forms_in_one_file_keep_both_rows_the_higher_by_default(tmp_path: Path) -> None:
    path = write_unit(CAMPAIGN, tmp_path / "u.xlsx", clean_info(CAMPAIGN), [
        person(CAMPAIGN, award=GK), person(CAMPAIGN, stt=2, award=BK)])
    result = check_file(path, CAMPAIGN)
    assert {(f.code, f.severity, f.cell) for f in result.findings} == {
        ("two-award-forms", Severity.WARNING, cell_of(CAMPAIGN, "award", i)) for i in (0, 1)}
    assert all("mặc định xét hình thức cao hơn (Bằng khen" in f.message for f in result.findings)
    cons = consolidate([result], CAMPAIGN)
    lower, higher = cons.entries
    assert (higher.status, lower.status) == (STATUS_WITHIN, STATUS_ALTERNATE)
    (why,) = explain(lower)
    assert why.startswith("Bà Nguyễn Thị Hồng Nhung (sinh 1987) cũng được đề nghị Bằng khen")
    assert "không tính vào chỉ tiêu" in why
    assert "Văn phòng Sở hoặc Hội đồng Thi đua - Khen thưởng Sở chọn" in why
    assert cons.rows_consolidated == 2 and cons.rows_invalid == 0
    gk = next(q for q in cons.quota if q.award == "GKGD" and q.subject == "ca-nhan")
    assert gk.proposed == 0


def test_the_same_form_twice_in_one_file_is_still_a_duplicate(tmp_path: Path) -> None:
    got = _found(tmp_path, [person(CAMPAIGN), person(CAMPAIGN, stt=2, name="nguyen thi hong nhung")])
    assert got == {("duplicate-nominee", cell_of(CAMPAIGN, "name", 1))}


def test_an_invalid_higher_form_leaves_the_lower_one_ranked(tmp_path: Path) -> None:
    path = write_unit(CAMPAIGN, tmp_path / "u.xlsx", clean_info(CAMPAIGN), [
        person(CAMPAIGN, award=GK), person(CAMPAIGN, stt=2, award=BK, summary=None)])
    cons = consolidate([check_file(path, CAMPAIGN)], CAMPAIGN)
    assert [e.status for e in cons.entries] == [STATUS_WITHIN, STATUS_INVALID]


def test_ownership_across_real_files_names_the_unit_to_withdraw(tmp_path: Path) -> None:
    vp = write_unit(CAMPAIGN, tmp_path / "vp.xlsx", clean_info(CAMPAIGN, unit=VP),
                    [person(CAMPAIGN, unit=UNIT)])
    cntt = write_unit(CAMPAIGN, tmp_path / "cntt.xlsx", clean_info(CAMPAIGN), [person(CAMPAIGN)])
    cons = consolidate([check_file(p, CAMPAIGN) for p in (vp, cntt)], CAMPAIGN)
    dups = [f for f in cons.findings if f.code == "duplicate-nominee"]
    assert [(Path(f.file).name, f.cell) for f in dups] == [("vp.xlsx", cell_of(CAMPAIGN, "name", 0))]
    assert "Văn phòng Sở rút đề nghị này" in dups[0].message
    assert {Path(e.nominee.file).name: e.status for e in cons.entries} == {
        "vp.xlsx": STATUS_INVALID, "cntt.xlsx": STATUS_WITHIN}


def test_the_template_offers_the_agency_as_a_collective_and_a_work_unit(tmp_path: Path) -> None:
    from thidua_xl.outputs.template.workbook import write_template

    book = openpyxl.load_workbook(write_template(CAMPAIGN, tmp_path))
    ws = book[contract.SHEET_LIST]
    letters = {f.key: contract.column_letter(i)
               for i, f in enumerate(contract.list_columns(CAMPAIGN))}
    by_range = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    name = by_range[f"{letters['name']}2:{letters['name']}{contract.DATA_ROWS + 1}"]
    unit = by_range[f"{letters['unit']}2:{letters['unit']}{contract.DATA_ROWS + 1}"]
    assert name.type == unit.type == "list"
    assert not name.showErrorMessage, "a person's name is typed freely"
    assert name.formula1 == unit.formula1 == contract.WORK_UNITS
    sheet, cells = next(iter(book.defined_names[contract.WORK_UNITS].destinations))
    values = [c.value for row in book[sheet][cells.replace("$", "")] for c in row]
    assert values == [AGENCY, *(u.name for u in CAMPAIGN.units)]
    header = [c.value for c in ws[1]]
    assert header[header.index("Năm sinh") + 1:header.index("Năm sinh") + 3] == [
        "Số người (tập thể)", "Số nữ (tập thể)"]


def test_a_name_proposed_everywhere_in_two_forms_gets_short_exact_messages() -> None:
    from tests.consolidation_data import nominee, unit_file

    files = [unit_file(f"U{i:03d}", [nominee("Lê Văn Ba", award="BKUBND" if i < 3 else "GKGD")])
             for i in range(40)]
    cons = consolidate(files, CAMPAIGN)
    forms = {f.file: f.message for f in cons.findings if f.code == "two-award-forms"}
    assert len(forms) == 40
    also = {f: m.split("đồng thời ", 1)[1].split(": khi tổng hợp", 1)[0] for f, m in forms.items()}
    assert also["U000.xlsx"].count("Giấy khen") == 8 and also["U000.xlsx"].endswith(
        "và 29 trường hợp khác")
    assert also["U039.xlsx"].count("Bằng khen") == 3 and "trường hợp khác" not in also["U039.xlsx"]
    dups = [f for f in cons.findings if f.code == "duplicate-nominee"]
    assert len(dups) == 40 and all(len(f.message) < 1000 for f in dups)
