"""A campaign file of the wrong shape: every wrong type, shape or value names its key in Vietnamese,
never "Lỗi không mong muốn"; two units with one name or one code are refused."""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from thidua_xl.campaign import CampaignError, builtin_path, load_campaign, parse_campaign
from thidua_xl.cli import main

RAW = tomllib.loads(builtin_path().read_text(encoding="utf-8"))
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
DEEP = [[[[[[{"a": [[[{"b": {"c": [1, {"d": 2}]}}]]]}]]]]]]


def _changed(path: str, value: object) -> dict[str, Any]:
    """The built-in campaign with one value replaced ("units.0.headcount" style paths)."""
    data = copy.deepcopy(RAW)
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    node[int(last) if last.isdigit() else last] = value
    return data


WRONG = [
    ("a table where a number belongs", "quotas.0.limit", {"so": 3}, "quotas[0].limit"),
    ("a boolean as a headcount", "units.0.headcount", True, "units[0].headcount"),
    ("a boolean as a threshold", "voting.threshold", True, "voting.threshold"),
    ("a boolean as a limit", "quotas.1.limit", False, "quotas[1].limit"),
    ("a list of numbers for units", "units", [1, 2], "units[0]"),
    ("a list of numbers for awards", "awards", [3], "awards[0]"),
    ("a table for the quota list", "quotas", {"award": "GKGD"}, "quotas"),
    ("a number for the dossier list", "dossier", 2, "dossier"),
    ("a list for criteria_intro", "criteria_intro", [1], "criteria_intro"),
    ("a table as intro text", "criteria_intro.ca-nhan", {"vi": "…"}, "criteria_intro.ca-nhan"),
    ("true as the met marks", "marks.met", True, "marks.met"),
    ("text for the ranking table", "ranking", "nu-truoc", "ranking"),
    ("text for the tie-breaker list", "ranking.tie_breakers", "nu-truoc", "ranking.tie_breakers"),
    ("a number for the voting table", "voting", 0.5, "voting"),
    ("a list for unit_list", "unit_list", [], "unit_list"),
    ("a table as the campaign name", "campaign.name", {"vi": "Đợt"}, "campaign.name"),
    ("text as the inclusive flag", "deadline.inclusive", "có", "deadline.inclusive"),
    ("a list as template version", "campaign.template_version", [1], "campaign.template_version"),
    ("a list as award level", "awards.0.level", ["agency"], "awards[0].level"),
    ("a table as quota scope", "quotas.0.scope", {"x": 1}, "quotas[0].scope"),
    ("a number as subject kind", "subjects.0.kind", 1, "subjects[0].kind"),
    ("a number for the period table", "period", 2021, "period"),
    ("absurd nesting as a unit name", "units.0.name", DEEP, "units[0].name"),
    ("absurd nesting as the unit list", "units", DEEP, "units[0]"),
    ("absurd nesting as a quota", "quotas.0", DEEP, "quotas[0]"),
]


@pytest.mark.parametrize(("path", "value", "key"), [(p, v, k) for _, p, v, k in WRONG],
                         ids=[i for i, *_ in WRONG])
def test_a_wrong_type_or_shape_names_its_key_in_vietnamese(path: str, value: object,
                                                           key: str) -> None:
    with pytest.raises(CampaignError) as caught:
        parse_campaign(_changed(path, value), "dot.toml")
    hits = [p for p in caught.value.problems if f"`{key}`" in p]
    assert hits, caught.value.problems
    assert all(VIETNAMESE.search(p) and len(p) < 300 for p in hits), hits


def _paths(node: object, prefix: str = "") -> Iterator[str]:
    """Every key and the first two items of every list in the built-in campaign."""
    items = node.items() if isinstance(node, dict) else \
        enumerate(node[:2]) if isinstance(node, list) else ()
    for k, v in items:
        path = f"{prefix}.{k}" if prefix else str(k)
        yield path
        yield from _paths(v, path)


SHAPES = ({"a": {"b": [1]}}, True, [1, 2], DEEP, -7, 0.5, [{"x": 1}], [])


def test_no_value_of_any_shape_anywhere_escapes_as_an_unexpected_error() -> None:
    escaped = []
    for path in _paths(RAW):
        for value in SHAPES:
            try:
                parse_campaign(_changed(path, value), "dot.toml")
            except CampaignError as exc:
                top = path.split(".")[0]
                if not any(top in p for p in exc.problems):
                    escaped.append((path, value, "không nêu khóa"))
            except Exception as exc:  # noqa: BLE001 - exactly what the test looks for
                escaped.append((path, value, type(exc).__name__))
    assert escaped == []


@pytest.mark.parametrize(("field", "first", "second"), [
    ("name", "Văn phòng Sở", "VĂN PHÒNG  SỞ"),
    ("name", "Thanh tra Sở", "Thanh tra Sở"),
    ("code", "VP", "vp"),
    ("code", "TTRA", "TTRA"),
])
def test_two_units_with_one_name_or_one_code_are_refused(field: str, first: str,
                                                         second: str) -> None:
    data = _changed(f"units.0.{field}", first)
    data["units"][1][field] = second
    with pytest.raises(CampaignError) as caught:
        parse_campaign(data, "dot.toml")
    (problem,) = [p for p in caught.value.problems if p.startswith("khóa `units`")]
    assert f"trùng {'tên' if field == 'name' else 'mã'}" in problem
    assert first in problem and " ".join(second.split()) in problem


@pytest.mark.parametrize(("old", "new", "key"), [
    ("headcount = 14", "headcount = true", "units[0].headcount"),
    ("headcount = 14", "headcount = { so = 14 }", "units[0].headcount"),
    ("[voting]", "[voting]\nthreshold = [[[[[[0.5]]]]]]", "voting.threshold"),
    ("[[units]]", "units_bad = 1\n[[units]]", None),
], ids=["boolean headcount", "table headcount", "nested threshold", "unknown key is harmless"])
def test_the_command_line_names_the_key_and_never_shows_an_unexpected_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str,
        key: str | None) -> None:
    text = builtin_path().read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "dot.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    code = main(["campaign", "show", "--campaign", str(path)])
    err = capsys.readouterr().err
    assert "Lỗi không mong muốn" not in err and "Traceback" not in err
    if key is None:
        assert code == 0
    else:
        assert code == 2 and f"`{key}`" in err


def test_absurdly_deep_nesting_in_the_file_is_refused_in_vietnamese(tmp_path: Path) -> None:
    path = tmp_path / "sau.toml"
    path.write_text("x = " + "[" * 3000 + "1" + "]" * 3000 + "\n", encoding="utf-8")
    with pytest.raises(CampaignError, match="lồng nhau quá sâu"):
        load_campaign(path)
