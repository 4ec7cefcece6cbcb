"""Few-round-trip reads and writes on an open xlwings Book: whole sheets in, blocks and colour groups out."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from thidua_xl.outputs.office.cells import Rows, a1, areas, multi_area, rectangular, split_cell

MAX_COLOUR_MATRIX = 10_000


def is_remote(book: Any) -> bool:
    """Whether actions are queued for an xlwings client (remote engine) rather than sent live."""
    return str(book.app.engine.name) == "remote"


def _grid(values: object) -> Rows:
    """Any xlwings read (scalar, 1-D or 2-D) as a list of rows."""
    if not isinstance(values, list | tuple):
        return [[values]]
    if values and not isinstance(values[0], list | tuple):
        return [list(values)]
    return [list(r) for r in values]


def sheet_rows(sheet: Any) -> Rows:
    """One read: the sheet's used range as rows from A1, None for empty cells."""
    rng = sheet.used_range
    rows = _grid(rng.options(ndim=2).value)
    lead = [None] * (rng.column - 1)
    return [[] for _ in range(rng.row - 1)] + [lead + r for r in rows]


def read_sheets(book: Any, skip: Iterable[str] = ()) -> dict[str, Rows]:
    """Every sheet's values, one read each, for the reader's in-memory path."""
    skipped = set(skip)
    return {s.name: sheet_rows(s) for s in book.sheets if s.name not in skipped}


def formula_cells(book: Any, names: Iterable[str]) -> dict[str, set[str]]:
    """Formula cells per sheet where the engine returns formulas in one read; empty elsewhere."""
    found: dict[str, set[str]] = {}
    for name in names:
        rng = book.sheets[name].used_range
        try:
            grid = _grid(rng.formula)
        except NotImplementedError:
            return {}
        cells = {a1(rng.row + r, rng.column + c) for r, row in enumerate(grid)
                 for c, v in enumerate(row) if isinstance(v, str) and v.startswith("=")}
        if cells:
            found[name] = cells
    return found


def sheet_names(book: Any) -> list[str]:
    """Sheet names in tab order."""
    return [s.name for s in book.sheets]


def ensure_sheet(book: Any, name: str) -> tuple[Any, bool]:
    """The named sheet, added after the last one when missing; True when it was just added."""
    if name in sheet_names(book):
        return book.sheets[name], False
    return book.sheets.add(name, after=book.sheets[len(book.sheets) - 1]), True


def write_block(sheet: Any, top: int, left: int, rows: Sequence[Sequence[object]]) -> None:
    """One write for a whole block of rows, unit text kept as text."""
    block = rectangular(rows)
    if block and block[0]:
        sheet.range((top, left)).value = block


def _bands(cells: Mapping[tuple[int, int], str | None]) -> Iterable[tuple[int, int, int, int]]:
    """Row bands (top, left, bottom, right) covering the cells, each within the matrix limit."""
    rows = [r for r, _ in cells]
    cols = [c for _, c in cells]
    left, right = min(cols), max(cols)
    per_band = max(1, MAX_COLOUR_MATRIX // (right - left + 1))
    top, last = min(rows), max(rows)
    while top <= last:
        bottom = min(last, top + per_band - 1)
        if any(top <= r <= bottom for r in rows):
            yield top, left, bottom, right
        top = bottom + 1


def _paint_matrix(sheet: Any, cells: Mapping[tuple[int, int], str | None]) -> None:
    """Remote engine: one setRangeColors per band; cells not named keep their fill."""
    for top, left, bottom, right in _bands(cells):
        matrix = [[cells.get((r, c), ...) for c in range(left, right + 1)]
                  for r in range(top, bottom + 1)]
        sheet.range((top, left), (bottom, right)).set_colors(matrix)


def _paint_areas(sheet: Any, cells: Mapping[tuple[int, int], str | None]) -> None:
    """Desktop engines: one colour call per multi-area address of each colour."""
    by_colour: dict[str | None, list[tuple[int, int]]] = defaultdict(list)
    for cell, colour in cells.items():
        by_colour[colour].append(cell)
    for colour, group in sorted(by_colour.items(), key=lambda kv: kv[0] or ""):
        for address in multi_area(areas(group)):
            sheet.range(address).color = colour


def paint(sheet: Any, colours: Mapping[str, str | None]) -> None:
    """Fill cells by colour (None removes the fill) in a fixed few calls per sheet."""
    if not colours:
        return
    cells = {split_cell(a): c for a, c in colours.items()}
    if is_remote(sheet.book):
        _paint_matrix(sheet, cells)
    else:
        _paint_areas(sheet, cells)


def alert(book: Any, message: str, title: str = "thidua_xl") -> None:
    """A message box with an OK button."""
    book.app.alert(message, title=title)
