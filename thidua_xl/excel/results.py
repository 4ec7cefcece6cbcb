"""The check's result column: each offending row's messages beside it, one block per sheet."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from thidua_xl.excel.book import write_block
from thidua_xl.findings import Finding
from thidua_xl.outputs.annotate import cell_address, clean
from thidua_xl.outputs.office.cells import Rows, split_cell
from thidua_xl.outputs.style import RESULT_INFO_WIDTH, RESULT_LIST_WIDTH
from thidua_xl.read import contract
from thidua_xl.read.model import Submission
from thidua_xl.text.vietnamese import fold

OURS = re.compile(r"[A-Z]{1,3}[0-9]+: ")


@dataclass(frozen=True)
class ResultBlock:
    """One sheet's result column from `top` down (1-based), and whether it still needs formatting."""

    sheet: str
    column: int
    top: int
    values: tuple[str | None, ...]
    fresh: bool
    width: float


def result_text(findings: Iterable[Finding]) -> str:
    """A row's messages, worst first, each once, each after the cell it is about."""
    ordered = sorted(findings, key=lambda f: (f.severity.rank, f.sort_key))
    return clean("\n".join(dict.fromkeys(f"{cell_address(f.cell)}: {f.message}" for f in ordered)))


def row_results(findings: Iterable[Finding], sheet: str) -> dict[int, str]:
    """Sheet row → its result text, for the findings on one sheet that name a cell."""
    by_row: dict[int, list[Finding]] = defaultdict(list)
    for f in findings:
        address = cell_address(f.cell) if f.cell and f.sheet == sheet else None
        if address:
            by_row[split_cell(address)[0]].append(f)
    return {row: result_text(group) for row, group in by_row.items()}


def _at(rows: Rows, row: int, col: int) -> object:
    """A 1-based cell of a sheet read as rows; None outside it."""
    line = rows[row - 1] if 0 < row <= len(rows) else []
    return line[col - 1] if 0 < col <= len(line) else None


def _blank(value: object) -> bool:
    """Empty cell: None or whitespace-only text."""
    return value is None or (isinstance(value, str) and not value.strip())


def _column(rows: Rows, col: int, top: int, bottom: int) -> list[object]:
    """One column's values from `top` to `bottom`, 1-based, None past the sheet's edge."""
    return [_at(rows, r, col) for r in range(top, bottom + 1)]


def _label(value: object) -> str:
    """Header text folded as the reader folds it: case, spacing, trailing colon or asterisk."""
    return fold(value).rstrip(":*（ ").strip()


def is_result_label(value: object) -> bool:
    """Whether a header cell is the result column's, as the reader decides it."""
    return _label(value) == _label(contract.RESULT_LABEL)


def results_ready(sheets: Mapping[str, Rows]) -> bool:
    """Whether the stamp says the template shipped the result columns formatted (button variant)."""
    stamp = sheets.get(contract.SHEET_STAMP) or []
    return any(len(row) >= 2 and row[0] == contract.STAMP_RESULTS_READY and not _blank(row[1])
               for row in stamp[:10])


def _kept_header(rows: Rows, sheet: str, col: int, header: int, bottom: int,
                 results: Mapping[int, str]) -> ResultBlock | None:
    """A shipped result column: its header and format stay, only the messages below change."""
    values = tuple(results.get(r) for r in range(header + 1, bottom + 1))
    if not results and all(map(_blank, _column(rows, col, header + 1, bottom))):
        return None
    return ResultBlock(sheet, col, header + 1, values, False, RESULT_LIST_WIDTH)


def list_block(rows: Rows, sheet: str, header: int, results: Mapping[int, str],
               ready: bool = False) -> ResultBlock | None:
    """The list's result column: under our header if it is there, else the first free column after
    the table; it spans the template's data rows and all below, and a clean list leaves it empty
    (a header the template shipped stays)."""
    head = rows[header - 1] if 0 < header <= len(rows) else []
    results = {r: text for r, text in results.items() if r > header}
    bottom = max(len(rows), header + contract.DATA_ROWS, *results)
    found = next((c + 1 for c, v in enumerate(head) if is_result_label(v)), None)
    if found is not None and ready:
        return _kept_header(rows, sheet, found, header, bottom, results)
    col = found or 1 + max((c + 1 for c, v in enumerate(head) if not _blank(v)), default=0)
    while found is None and not all(map(_blank, _column(rows, col, header + 1, bottom))):
        col += 1
    if found is None and not results:
        return None
    label = contract.RESULT_LABEL if results else None
    values = (label, *(results.get(r) for r in range(header + 1, bottom + 1)))
    return ResultBlock(sheet, col, header, values, found is None, RESULT_LIST_WIDTH)


def info_block(rows: Rows, sheet: str, cells: Sequence[tuple[int, int]],
               results: Mapping[int, str], ready: bool = False) -> ResultBlock | None:
    """Info fields: the column right of their values, over their rows, if it is empty or ours;
    formatted on first use unless the template shipped it formatted."""
    top, bottom = min(r for r, _ in cells), max(r for r, _ in cells)
    col = 1 + max(c for _, c in cells)
    held = [v for v in _column(rows, col, top, bottom) if not _blank(v)]
    if any(not (isinstance(v, str) and OURS.match(v)) for v in held):
        return None
    if not held and not any(top <= r <= bottom for r in results):
        return None
    values = tuple(results.get(r) for r in range(top, bottom + 1))
    return ResultBlock(sheet, col, top, values, not held and not ready, RESULT_INFO_WIDTH)


def result_blocks(sub: Submission, sheets: Mapping[str, Rows], findings: Sequence[Finding]
                  ) -> list[ResultBlock]:
    """The blocks a check writes: the nominee list, and each sheet holding unit-info fields."""
    blocks: list[ResultBlock | None] = []
    ready = results_ready(sheets)
    if sub.list_sheet in sheets and sub.list_header:
        blocks.append(list_block(sheets[sub.list_sheet], sub.list_sheet, sub.list_header,
                                 row_results(findings, sub.list_sheet), ready))
    info: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for ref in sub.info_cells.values():
        if ref.sheet in sheets and ref.sheet != sub.list_sheet:
            info[ref.sheet].append(split_cell(ref.cell))
    for name in sorted(info):
        blocks.append(info_block(sheets[name], name, info[name], row_results(findings, name),
                                 ready))
    return [b for b in blocks if b is not None]


def write_results(book: Any, blocks: Iterable[ResultBlock]) -> None:
    """One write per block; a column written for the first time gets its width and wrap once."""
    for block in blocks:
        sheet = book.sheets[block.sheet]
        write_block(sheet, block.top, block.column, [[v] for v in block.values])
        if block.fresh:
            column = sheet.range((block.top, block.column),
                                 (block.top + len(block.values) - 1, block.column))
            column.wrap_text = True
            column.column_width = block.width
