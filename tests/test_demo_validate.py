"""The demo set through `thidua validate`: exactly its documented planted mistakes, no more, no fewer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from thidua_xl.campaign import load_campaign
from thidua_xl.check.batch import check_paths, expand_inputs
from thidua_xl.cli import main
from thidua_xl.demo import CLEAN_FILE, PLANTED, TOLERATED

DEMO = Path(__file__).resolve().parents[1] / "workbooks" / "demo"
CAMPAIGN = load_campaign()


def _place(file: str, code: str, severity: str, sheet: str, row: int | None, column: str) -> tuple:
    return (Path(file).name, code, severity, sheet, row, column)


@pytest.fixture(scope="module")
def results():
    files, problems = expand_inputs([DEMO])
    assert problems == []
    return check_paths(files, CAMPAIGN)


def test_demo_gives_exactly_the_planted_findings(results) -> None:
    got = sorted(_place(f.file, f.code, f.severity.value, f.sheet, f.row, f.column)
                 for r in results for f in r.findings)
    want = sorted(_place(p.file, p.code, p.severity.value, p.sheet, p.row, p.column) for p in PLANTED)
    assert got == want


def test_clean_unit_and_tolerated_oddities_give_nothing(results) -> None:
    by_name = {Path(r.path).name: r for r in results}
    assert by_name[CLEAN_FILE].findings == [] and by_name[CLEAN_FILE].rows_read > 0
    for t in TOLERATED:
        cell = f"{t.column}{t.row}"
        assert not [f for f in by_name[t.file].findings if f.sheet == t.sheet and f.cell == cell], t


def test_cli_json_matches_the_core(results, tmp_path: Path) -> None:
    out = tmp_path / "bao_cao.json"
    assert main(["validate", str(DEMO), "--json", str(out)]) == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    from_cli = sorted((Path(f["file"]).name, f["code"], f["cell"])
                      for entry in data["files"] for f in entry["findings"])
    from_core = sorted((Path(f.file).name, f.code, f.cell) for r in results for f in r.findings)
    assert from_cli == from_core
    assert sum(entry["rows"] for entry in data["files"]) == sum(r.rows_read for r in results)
