"""Cell values and A1 addresses as the macros write them: pure, so writers and the recorder share them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from thidua_xl.read.contract import column_letter

Rows = list[list[object]]
MAX_ADDRESS = 250
FORMULA_START = ("=", "+", "-", "@")


class Formula(str):
    """A formula this program builds (e.g. a HYPERLINK): written as is, never quoted as text."""

    __slots__ = ()


class Text(str):
    """Text that must stay text even if it looks like a number or a date ("1987", "01/02/2021")."""

    __slots__ = ()


def cell_value(value: object) -> object:
    """A value safe to write: text Excel would read as a formula (or any Text) gets an apostrophe."""
    if isinstance(value, Formula):
        return str(value)
    if isinstance(value, Text) and value:
        return "'" + value
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def rectangular(rows: Sequence[Sequence[object]]) -> Rows:
    """Rows padded with None to one width, each value made safe for writing."""
    width = max((len(r) for r in rows), default=0)
    return [[cell_value(v) for v in r] + [None] * (width - len(r)) for r in rows]


def split_cell(address: str) -> tuple[int, int]:
    """(row, column), both 1-based, of an A1 address such as "J14" or "$J$14"."""
    text = address.replace("$", "").upper()
    letters = text.rstrip("0123456789")
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(text[len(letters):]), col


def a1(row: int, col: int) -> str:
    """A1 address of a 1-based (row, column)."""
    return f"{column_letter(col - 1)}{row}"


def _spans(numbers: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive integers as (first, last) spans: 1,2,3,5 → (1, 3), (5, 5)."""
    spans: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        if spans and n == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], n)
        else:
            spans.append((n, n))
    return spans


def areas(cells: Iterable[tuple[int, int]]) -> list[str]:
    """1-based cells as few A1 rectangles: vertical runs, then side-by-side equal runs joined."""
    by_col: dict[int, list[int]] = defaultdict(list)
    for r, c in cells:
        by_col[c].append(r)
    by_rows: dict[tuple[int, int], list[int]] = defaultdict(list)
    for c, rows in by_col.items():
        for span in _spans(rows):
            by_rows[span].append(c)
    boxes = sorted((left, top, right, bottom) for (top, bottom), cols in by_rows.items()
                   for left, right in _spans(cols))
    return [a1(t, lf) if (t, lf) == (b, rt) else f"{a1(t, lf)}:{a1(b, rt)}"
            for lf, t, rt, b in boxes]


def multi_area(areas: Sequence[str], limit: int = MAX_ADDRESS) -> list[str]:
    """Areas joined into multi-area addresses ("A2,C5:C9"), each short enough for one Range call."""
    out: list[str] = []
    current = ""
    for area in areas:
        candidate = f"{current},{area}" if current else area
        if len(candidate) > limit and current:
            out.append(current)
            candidate = area
        current = candidate
    if current:
        out.append(current)
    return out
