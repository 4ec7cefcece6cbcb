"""Finding things by label, as clerks lay them out: header rows and label/value pairs, any order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from thidua_xl.read.contract import Field, column_letter
from thidua_xl.read.model import CellRef
from thidua_xl.text.vietnamese import fold, fold_loose

Sheets = Mapping[str, Sequence[Sequence[object]]]
SCAN_ROWS, SCAN_COLUMNS = 200, 20


def blank(value: object) -> bool:
    """Empty cell: None or whitespace-only text."""
    return value is None or (isinstance(value, str) and not value.strip())


def label_key(value: object) -> str:
    """Header text folded for matching: case, spacing, NFC, trailing colon/asterisk ignored."""
    return fold(value).rstrip(":*（ ").strip()


def label_index(fields: Iterable[Field]) -> dict[str, str]:
    """Folded label and alias (with and without marks) → field key; the first field wins."""
    index: dict[str, str] = {}
    for f in fields:
        for text in (f.label, *f.aliases):
            index.setdefault(label_key(text), f.key)
            index.setdefault(fold_loose(label_key(text)), f.key)
    return index


def match_label(text: object, index: Mapping[str, str]) -> str | None:
    """Field key a cell's text names, with or without Vietnamese marks."""
    key = label_key(text)
    return (index.get(key) or index.get(fold_loose(key))) if key else None


def preferred_first(names: Iterable[str], wanted: str) -> list[str]:
    """Sheet names with the expected one first (matched without case or marks), others after."""
    target = fold(wanted)
    return sorted(names, key=lambda n: fold(n) != target)


def values_beside_labels(sheets: Sheets, index: Mapping[str, str], preferred: str
                         ) -> tuple[dict[str, object], dict[str, CellRef]]:
    """Each known label's value is the cell right of it; the first sheet holding labels wins."""
    values: dict[str, object] = {}
    cells: dict[str, CellRef] = {}
    for name in preferred_first(sheets, preferred):
        for r, row in enumerate(sheets[name][:SCAN_ROWS]):
            for c, text in enumerate(row[:SCAN_COLUMNS]):
                key = match_label(text, index) if isinstance(text, str) else None
                if key is None or key in cells:
                    continue
                value = row[c + 1] if c + 1 < len(row) else None
                values[key] = None if blank(value) else value
                cells[key] = CellRef(name, r + 1, column_letter(c + 1))
        if cells:
            break
    return values, cells


def find_header(sheets: Sheets, index: Mapping[str, str], preferred: str, least: int,
                scan: int = 30) -> tuple[str, int, dict[str, int]] | None:
    """The sheet, 0-based row and field → column of the best header row naming ≥ `least` fields."""
    for group in _groups(list(sheets), preferred):
        best: tuple[int, str, int, dict[str, int]] | None = None
        for name in group:
            for r, row in enumerate(sheets[name][:scan]):
                columns: dict[str, int] = {}
                for c, text in enumerate(row):
                    key = match_label(text, index)
                    if key is not None:
                        columns.setdefault(key, c)
                if len(columns) >= least and (best is None or len(columns) > best[0]):
                    best = (len(columns), name, r, columns)
        if best is not None:
            return best[1], best[2], best[3]
    return None


def _groups(names: list[str], preferred: str) -> tuple[list[str], list[str]]:
    """The expected sheet alone first, then every other sheet."""
    target = fold(preferred)
    first = [n for n in names if fold(n) == target]
    return first, [n for n in names if n not in first]
