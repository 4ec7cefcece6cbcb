"""Subjects have a kind; the core reads kinds, never subject codes, so a campaign may name them freely."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.unitfiles import cell_of, clean_info, person, write_unit
from thidua_xl.campaign import CampaignError, builtin_path, load_campaign, parse_campaign
from thidua_xl.check.batch import check_paths, expand_inputs
from thidua_xl.check.file import check_file
from thidua_xl.consolidate.merge import consolidate

DEMO = Path(__file__).resolve().parents[1] / "workbooks" / "demo"
RENAMES = {'"tap-the"': '"nhom-tap-the"', '"ca-nhan"': '"nguoi-lao-dong"',
           '"GKGD"': '"HT-A"', '"BKUBND"': '"HT-B"'}


def _renamed() -> str:
    text = builtin_path().read_text(encoding="utf-8")
    for old, new in RENAMES.items():
        assert old in text
        text = text.replace(old, new)
    text = text.replace("\ntap-the = ", '\n"nhom-tap-the" = ')
    return text.replace("\nca-nhan = ", '\n"nguoi-lao-dong" = ')


@pytest.fixture(scope="module")
def renamed():
    return parse_campaign(tomllib.loads(_renamed()), "renamed.toml")


def _places(cons) -> list[tuple]:
    return sorted((Path(f.file).name, f.code, f.severity.value, f.sheet, f.cell, f.message)
                  for f in cons.findings)


def test_renamed_subject_and_award_codes_give_the_same_demo_findings(renamed) -> None:
    files, problems = expand_inputs([DEMO])
    assert problems == []
    builtin = consolidate(check_paths(files, load_campaign()), load_campaign())
    other = consolidate(check_paths(files, renamed), renamed)
    assert _places(other) == _places(builtin)
    assert [(q.label, q.proposed, q.limit) for q in other.quota] == \
        [(q.label, q.proposed, q.limit) for q in builtin.quota]
    assert len(builtin.findings) > 5


def test_birth_year_is_required_of_individuals_whatever_their_code(renamed, tmp_path: Path) -> None:
    path = write_unit(renamed, tmp_path / "u.xlsx", clean_info(renamed),
                      [person(renamed, birth_year=None)])
    found = [(f.code, f.cell) for f in check_file(path, renamed).findings]
    assert found == [("missing-value", cell_of(renamed, "birth_year", 0))]


def test_ong_ba_follow_the_kind_not_the_code(renamed, tmp_path: Path) -> None:
    path = write_unit(renamed, tmp_path / "u.xlsx", clean_info(renamed),
                      [person(renamed, votes=99)])
    messages = [f.message for f in check_file(path, renamed).findings if f.code == "vote-inconsistent"]
    assert messages and messages[0].startswith("Bà Nguyễn Thị Hồng Nhung")


@pytest.mark.parametrize(("kind_line", "expected"), [
    ("", "subjects[0].kind"),
    ('kind = "ca-nhan"', "subjects[0].kind"),
])
def test_a_subject_without_a_valid_kind_is_refused_naming_the_key(kind_line: str, expected: str) -> None:
    text = builtin_path().read_text(encoding="utf-8")
    start = text.index('kind = "collective"')
    end = text.index("\n", start)
    data = tomllib.loads(text[:start] + kind_line + text[end:])
    with pytest.raises(CampaignError) as err:
        parse_campaign(data, "x.toml")
    assert any(expected in p for p in err.value.problems)
