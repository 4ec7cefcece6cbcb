"""Where the rules' two backends find a field: in the values read (Python) or in the standard
workbook's cells (the self-check formulas)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from thidua_xl.campaign import Campaign
from thidua_xl.read import contract
from thidua_xl.read.normalise import Row

Sheet = Literal["list", "info"]


@dataclass(frozen=True)
class Ref:
    """A field of the standard workbook: one column of a nominee row, or one unit-info value."""

    sheet: Sheet
    key: str


def row_field(key: str) -> Ref:
    """A nominee-row field (a column of the list sheet)."""
    return Ref("list", key)


def info_field(key: str) -> Ref:
    """A unit-info field (a value on the info sheet)."""
    return Ref("info", key)


@dataclass(slots=True)
class Seen:
    """What the Python backend evaluates: the campaign, one file's raw unit info, one nominee row."""

    campaign: Campaign
    info: Mapping[str, object]
    row: Row | None = None
    received: date | None = None

    def value(self, ref: Ref) -> object:
        """The raw value of a field as read (None when empty or absent)."""
        if ref.sheet == "info":
            return self.info.get(ref.key)
        return self.row.raw.get(ref.key) if self.row is not None else None


@dataclass(frozen=True)
class Book:
    """Where the standard workbook keeps each field, as a conditional format addresses it."""

    campaign: Campaign
    letters: Mapping[str, str]
    info_rows: Mapping[str, int]

    @classmethod
    def of(cls, campaign: Campaign) -> Book:
        """The template's layout for a campaign, from the shared contract."""
        return cls(campaign,
                   {f.key: contract.column_letter(i)
                    for i, f in enumerate(contract.list_columns(campaign))},
                   {f.key: i + 1 for i, f in enumerate(contract.info_fields(campaign))})

    def address(self, ref: Ref, on: Sheet) -> str:
        """A field as a formula on sheet `on` names it: the row-2 cell, a fixed cell or a name."""
        if ref.sheet == "list":
            if on != "list":
                raise ValueError(f"a unit-info formula cannot read nominee field {ref.key!r}")
            return f"${self.letters[ref.key]}{contract.LIST_FIRST_ROW}"
        if on == "info":
            return f"${contract.INFO_VALUE_COLUMN}${self.info_rows[ref.key]}"
        return contract.INFO_NAMES[ref.key]

    def started_ranges(self) -> list[str]:
        """Row-2 ranges of every list column but STT, which the reader ignores to see a row begun."""
        runs: list[list[str]] = [[]]
        for key in self.letters:
            if key == "stt":
                runs.append([])
            else:
                runs[-1].append(key)
        row = contract.LIST_FIRST_ROW
        return [f"${self.letters[r[0]]}{row}:${self.letters[r[-1]]}{row}" for r in runs if r]


@functools.lru_cache(maxsize=8)
def list_values(campaign: Campaign) -> dict[str, tuple[str, ...]]:
    """Hidden-sheet list name → its values as text, built once per campaign (not per cell)."""
    return {name: tuple(str(v) for v in values if v is not None)
            for name, _title, values in contract.workbook_lists(campaign)}
