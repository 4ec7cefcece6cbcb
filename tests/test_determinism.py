"""Every output of `thidua consolidate`, byte for byte: the same on every run, and the same whether
the documents are written in a forked side job or after the workbook in the same process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import thidua_xl.jobs as jobs
from thidua_xl.cli import main

DEMO = Path(__file__).resolve().parent.parent / "workbooks" / "demo"


def _outputs(folder: Path) -> dict[str, bytes]:
    """Every file under an output folder, by its path inside it."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("det")
    shutil.copytree(DEMO, root / "in")
    return root


def _consolidate(root: Path, name: str) -> dict[str, bytes]:
    out = root / name
    assert main(["consolidate", str(root / "in"), "-o", str(out), "--no-progress"]) == 1
    return _outputs(out)


def test_two_runs_and_both_ways_of_writing_give_the_same_bytes(inputs: Path, monkeypatch) -> None:
    first = _consolidate(inputs, "a")
    again = _consolidate(inputs, "b")
    monkeypatch.setattr(jobs, "FORK_ROWS", -1)  # the side job runs here, after the workbook
    here = _consolidate(inputs, "c")
    assert {"tong_hop.xlsx", "bao_cao.json", "phieu_hoi_dong.xlsx"} <= set(first)
    assert sum(name.startswith("van_ban/") for name in first) >= 10
    assert list(first) == list(again) == list(here)
    for name in first:
        assert first[name] == again[name], name
        assert first[name] == here[name], name
