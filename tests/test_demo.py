"""The demo submissions: reproducible, committed up to date, and planted exactly where documented."""

from __future__ import annotations

import dataclasses
import posixpath
import unicodedata
import zipfile
from collections import Counter
from datetime import date
from fractions import Fraction
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from python_calamine import CalamineWorkbook

from thidua_xl import demo
from thidua_xl.campaign import Campaign, CampaignError, load_campaign
from thidua_xl.demo.data import UNITS, DemoUnit
from thidua_xl.outputs.template.workbook import Formula
from thidua_xl.read import contract
from thidua_xl.text.legacy import TCVN3, fix_legacy

COMMITTED = Path(__file__).resolve().parent.parent / "workbooks" / "demo"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@pytest.fixture(scope="module")
def campaign() -> Campaign:
    return load_campaign()


@pytest.fixture(scope="module")
def demo_dir(campaign: Campaign, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    demo.write_demo(campaign, out)
    return out


def sheet_rows(path: Path, sheet: str) -> list[list[object]]:
    """All values of one sheet as calamine reads them."""
    book = CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def value_at(path: Path, sheet: str, row: int, column: str) -> object:
    """One cell's value by sheet row and column letter."""
    rows = sheet_rows(path, sheet)
    col = next(i for i in range(200) if contract.column_letter(i) == column)
    return rows[row - 1][col] if row <= len(rows) and col < len(rows[row - 1]) else ""


def cell_xml(path: Path, sheet: str, ref: str) -> ET.Element:
    """The raw <c> element of one cell, found through workbook.xml and its relationships."""
    with zipfile.ZipFile(path) as zf:
        rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{PKG}Relationship")}
        book = ET.fromstring(zf.read("xl/workbook.xml"))
        rid = next(s.get(f"{REL}id") for s in book.iter(f"{MAIN}sheet") if s.get("name") == sheet)
        xml = ET.fromstring(zf.read(posixpath.normpath(posixpath.join("xl", targets[rid]))))
    return next(c for c in xml.iter(f"{MAIN}c") if c.get("r") == ref)


def test_generation_is_byte_for_byte_reproducible(campaign: Campaign, tmp_path: Path) -> None:
    first = demo.write_demo(campaign, tmp_path / "a")
    second = demo.write_demo(campaign, tmp_path / "b")
    assert [p.name for p in first] == [p.name for p in second]
    assert len(first) == len(UNITS)
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_committed_demo_files_match_a_fresh_generation(demo_dir: Path) -> None:
    fresh = {p.name: p.read_bytes() for p in demo_dir.glob("*.xlsx")}
    committed = {p.name: p.read_bytes() for p in COMMITTED.glob("*.xlsx")}
    assert sorted(committed) == sorted(fresh), "chạy: thidua demo -o workbooks/demo"
    stale = [name for name in fresh if committed[name] != fresh[name]]
    assert not stale, f"workbooks/demo đã cũ, chạy lại: thidua demo -o workbooks/demo ({stale})"


@pytest.mark.parametrize("unit", UNITS, ids=lambda u: u.unit)
def test_each_file_reads_back_with_its_unit_and_rows(unit: DemoUnit, campaign: Campaign,
                                                     demo_dir: Path) -> None:
    path = demo_dir / demo.file_name(unit, campaign)
    row = demo.info_row(campaign, "unit")
    assert value_at(path, contract.SHEET_INFO, row, "A") == contract.INFO_FIELDS[0].label
    assert value_at(path, contract.SHEET_INFO, row, demo.INFO_VALUE_COLUMN) == \
        campaign.unit(unit.unit).name
    data = [r for r in sheet_rows(path, contract.SHEET_LIST)[demo.HEADER_ROW:]
            if any(v not in ("", None) for v in r)]
    assert len(data) == len(unit.nominees)


def _field_label(campaign: Campaign, sheet: str, key: str) -> str:
    """The label a planted cell's header (list) or row label (unit info) must carry."""
    fields = contract.list_columns(campaign) if sheet == contract.SHEET_LIST else \
        contract.info_fields(campaign)
    return next(f.label for f in fields if f.key == key)


def _record(mistake: object, campaign: Campaign) -> demo.Planted | demo.Tolerated:
    """The manifest entry documenting one planted mistake."""
    assert isinstance(mistake, demo.Mistake)
    file = demo.file_name(next(u for u in UNITS if u.unit == mistake.unit), campaign)
    return next(r for r in (*demo.PLANTED, *demo.TOLERATED)
                if r.file == file and r.description == mistake.description)


@pytest.mark.parametrize("mistake", demo.MISTAKES, ids=lambda m: f"{m.unit}-{m.key}")
def test_documented_address_holds_the_planted_value_under_its_label(
        mistake: demo.Mistake, campaign: Campaign, demo_dir: Path) -> None:
    record = _record(mistake, campaign)
    sheet = contract.SHEET_INFO if mistake.nominee is None else contract.SHEET_LIST
    label_at = (record.row, "A") if mistake.nominee is None else (demo.HEADER_ROW, record.column)
    assert record.sheet == sheet
    assert value_at(demo_dir / record.file, sheet, *label_at) == \
        _field_label(campaign, sheet, mistake.key)
    unit = next(u for u in UNITS if u.unit == mistake.unit)
    info, rows = demo.demo_content(campaign, unit)
    planted = info[mistake.key] if mistake.nominee is None else rows[mistake.nominee][mistake.key]
    expected = planted.cached if isinstance(planted, Formula) else planted
    assert value_at(demo_dir / record.file, sheet, record.row, record.column) == \
        ("" if expected is None else expected)


def test_manifest_lists_each_code_once_per_place_and_cross_unit_apart() -> None:
    single = Counter((p.file, p.code, p.row, p.column) for p in demo.PLANTED)
    assert all(n == 1 for n in single.values())
    assert {p.code for p in demo.PLANTED} == {
        "late-submission", "criteria-not-met", "vote-inconsistent", "dossier-incomplete",
        "legacy-encoding", "formula-cell", "other-unit-nominee"}
    assert Counter(p.code for p in demo.CROSS_UNIT) == {"duplicate-nominee": 1,
                                                        "quota-exceeded": 1}
    touched = {p.file for p in (*demo.PLANTED, *demo.CROSS_UNIT, *demo.TOLERATED)}
    assert demo.CLEAN_FILE not in touched


def test_shared_person_is_nfd_in_one_file_and_nfc_in_the_other(campaign: Campaign,
                                                             demo_dir: Path) -> None:
    names = [value_at(demo_dir / file, contract.SHEET_LIST, row, column)
             for file, row, column in demo.shared_person_cells(campaign)]
    forms = sorted(unicodedata.is_normalized("NFC", str(n)) for n in names)
    assert forms == [False, True]
    assert len({unicodedata.normalize("NFC", str(n)) for n in names}) == 1
    nfd = next(str(n) for n in names if not unicodedata.is_normalized("NFC", str(n)))
    assert unicodedata.is_normalized("NFD", nfd)


def test_every_other_text_in_the_demo_is_nfc(demo_dir: Path) -> None:
    nfd_cells = {(t.file, t.row, t.column) for t in demo.TOLERATED}
    for path in sorted(demo_dir.glob("*.xlsx")):
        for r, row in enumerate(sheet_rows(path, contract.SHEET_LIST), start=1):
            for c, value in enumerate(row):
                if isinstance(value, str) and (path.name, r, contract.column_letter(c)) \
                        not in nfd_cells:
                    assert unicodedata.is_normalized("NFC", value), (path.name, r, c)


def test_text_year_is_a_string_cell(campaign: Campaign, demo_dir: Path) -> None:
    year = next(t for t in demo.TOLERATED if t.column == demo.list_cell(campaign, 0,
                                                                         "birth_year")[1])
    cell = cell_xml(demo_dir / year.file, year.sheet, f"{year.column}{year.row}")
    assert cell.get("t") in ("s", "str", "inlineStr")
    assert value_at(demo_dir / year.file, year.sheet, year.row, year.column) == "1987"


def test_formula_cell_holds_a_formula_with_its_cached_value(demo_dir: Path) -> None:
    planted = next(p for p in demo.PLANTED if p.code == "formula-cell")
    cell = cell_xml(demo_dir / planted.file, planted.sheet, f"{planted.column}{planted.row}")
    formula = cell.find(f"{MAIN}f")
    assert formula is not None and formula.text
    cached = cell.find(f"{MAIN}v")
    assert cached is not None and float(cached.text or "nan") == \
        value_at(demo_dir / planted.file, planted.sheet, planted.row, planted.column)


def test_legacy_summary_is_tcvn3_that_converts_back(demo_dir: Path) -> None:
    planted = next(p for p in demo.PLANTED if p.code == "legacy-encoding")
    text = str(value_at(demo_dir / planted.file, planted.sheet, planted.row, planted.column))
    fixed, encoding = fix_legacy(text)
    assert encoding == TCVN3
    assert fixed != text
    assert fixed in {n.summary for u in UNITS for n in u.nominees}


def _dates(path: Path, campaign: Campaign) -> tuple[date, date]:
    """(letter date, meeting date) as stored in a demo file."""
    def read(key: str) -> date:
        value = value_at(path, contract.SHEET_INFO, demo.info_row(campaign, key),
                         demo.INFO_VALUE_COLUMN)
        assert isinstance(value, date)
        return value
    return read("letter_date"), read("meeting_date")


def test_only_the_late_unit_is_dated_after_the_deadline(campaign: Campaign,
                                                       demo_dir: Path) -> None:
    late = {p.file for p in demo.PLANTED if p.code == "late-submission"}
    assert len(late) == 1
    for path in sorted(demo_dir.glob("*.xlsx")):
        letter, meeting = _dates(path, campaign)
        assert campaign.is_late(letter) == (path.name in late), path.name
        assert campaign.period_start <= meeting <= min(letter, campaign.period_end)
    assert any(_dates(p, campaign)[0] == campaign.last_valid_day for p in demo_dir.glob("*.xlsx"))


def test_clean_rows_meet_their_criteria_and_votes_fit_the_meeting(campaign: Campaign) -> None:
    planted = {(m.unit, m.nominee, m.key) for m in demo.MISTAKES}
    for unit in UNITS:
        info, rows = demo.demo_content(campaign, unit)
        assert 0 < unit.members_present <= unit.members_total
        for i, (n, row) in enumerate(zip(unit.nominees, rows, strict=True)):
            own = {contract.criterion_key(c.code) for c in campaign.criteria_for(n.subject)}
            for c in campaign.criteria:
                key = contract.criterion_key(c.code)
                if (unit.unit, i, key) not in planted:
                    assert (row[key] == campaign.met_marks[0]) == (key in own), (n.name, key)
            if (unit.unit, i, "votes") not in planted:
                assert 0 < n.votes <= unit.members_present
        assert all(info[contract.dossier_key(d.code)] == contract.YES for d in campaign.dossier
                   if (unit.unit, None, contract.dossier_key(d.code)) not in planted)


def _proposed(campaign: Campaign, award: str, subjects: tuple[str, ...]) -> int:
    """How many demo rows propose an award for one of the subjects."""
    return sum(1 for u in UNITS for n in u.nominees if n.award == award and n.subject in subjects)


def test_only_the_giay_khen_individual_cap_is_exceeded(campaign: Campaign) -> None:
    over = [(q.award, q.subjects) for q in campaign.quotas
            if q.scope == "agency" and q.limit is not None
            and _proposed(campaign, q.award, q.subjects) > q.limit]
    assert over == [("GKGD", ("ca-nhan",))]


def test_giay_khen_individuals_rank_without_ties_but_one_broken_by_gender() -> None:
    rates: Counter[Fraction] = Counter()
    members = {u.unit: u.members_total for u in UNITS}
    people = [(u.unit, n) for u in UNITS for n in u.nominees
              if n.award == "GKGD" and n.subject == "ca-nhan"]
    for unit, n in people:
        rates[Fraction(n.votes, members[unit])] += 1
    ties = [rate for rate, count in rates.items() if count > 1]
    assert len(ties) == 1 and rates[ties[0]] == 2
    tied = sorted((n.gender, n.votes) for unit, n in people
                  if Fraction(n.votes, members[unit]) == ties[0])
    assert [g for g, _v in tied] == ["Nam", "Nữ"]
    assert dict(tied)["Nữ"] < dict(tied)["Nam"], "the woman wins on gender, not on vote count"
    above = sum(1 for rate in rates.elements() if rate > ties[0])
    assert above == 2, "the tie decides the third and last place within the cap of 3"


def test_demo_refuses_a_campaign_without_its_units(campaign: Campaign, tmp_path: Path) -> None:
    other = dataclasses.replace(campaign, id="dot-khac")
    with pytest.raises(CampaignError):
        demo.write_demo(other, tmp_path)
    assert not list(tmp_path.iterdir())
