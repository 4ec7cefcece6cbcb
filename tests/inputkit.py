"""Shared builders for the input-safety tests: real unit workbooks, the real CLI, its report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.unitfiles import clean_info, person, write_unit
from thidua_xl.campaign import Campaign, load_campaign
from thidua_xl.cli import main

CAMPAIGN = load_campaign()
UNITS = {u.code: u.name for u in CAMPAIGN.units}


def unit_book(path: Path, code: str = "CNTT", names: tuple[str, ...] = ("Nguyễn Thị Hồng Nhung",),
              campaign: Campaign = CAMPAIGN, **info: object) -> Path:
    """A clean unit workbook of one unit, one individual per name (distinct birth years)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [person(campaign, stt=i + 1, name=n, birth_year=1960 + i % 40, unit=UNITS[code])
            for i, n in enumerate(names)]
    return write_unit(campaign, path, clean_info(campaign, unit=UNITS[code], **info), rows)


def run(*args: object) -> int:
    """The real `thidua` command, in this process."""
    return main([str(a) for a in args])


def consolidate(inputs: Path | list[Path], out: Path, *extra: object) -> int:
    """`thidua consolidate` without a progress bar."""
    paths = inputs if isinstance(inputs, list) else [inputs]
    return run("consolidate", *paths, "-o", out, "--no-progress", *extra)


def report(path: Path) -> dict[str, Any]:
    """A JSON report read back."""
    data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    return data


def read_files(path: Path) -> list[str]:
    """File names a consolidation report says were read."""
    return sorted(Path(f["path"]).name for f in report(path)["files"])
