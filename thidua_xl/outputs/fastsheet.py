"""XlsxWriter worksheets whose innermost loop writes the same bytes with less work per cell.

XlsxWriter writes every cell of a sheet when the workbook closes: it builds a list of attributes
per cell, escapes each one through a regular expression and formats the tag. A cell reference
and a format index never need escaping, so the two cell kinds that fill our large sheets (shared
text (inline in constant_memory mode) and numbers, with a format) are written here by one
f-string each; every other cell (blank, date, formula, rich text, no format) goes through
XlsxWriter's own code. The files are byte-identical to XlsxWriter's (tests compare them)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from math import isfinite
from typing import Any

import xlsxwriter
from xlsxwriter.utility import _preserve_whitespace, xl_col_to_name
from xlsxwriter.worksheet import CellNumberTuple, CellStringTuple, Worksheet

_COLUMNS = tuple(xl_col_to_name(c) for c in range(16_384))
# Above this many rows a workbook is written in XlsxWriter's constant_memory mode: each row goes
# to disk as the next begins, instead of every cell staying in memory until the file closes.
LARGE_ROWS = 50_000
# Text longer than this may exceed Excel's 32,767 UTF-16 units; XlsxWriter's own call truncates it.
_SHORT_TEXT = 32_767 // 2
# Inline texts whose escaped form a streamed sheet remembers (a few MB at most).
_INLINE_KEPT = 20_000


class FastWorksheet(Worksheet):  # type: ignore[misc]
    """A Worksheet with a quicker _write_cell for formatted shared-string and number cells."""

    def __init__(self) -> None:
        super().__init__()
        self._inline: dict[str, str | None] = {}

    def _write_cell(self, row: int, col: int, cell: Any) -> None:
        """Write one <c> element exactly as XlsxWriter would, in one step for the common kinds."""
        fmt = cell.format
        kind = type(cell)
        if fmt is not None:
            if kind is CellStringTuple:
                if not self.constant_memory:
                    self.fh.write(f'<c r="{_COLUMNS[col]}{row + 1}" s="{fmt._get_xf_index()}" '
                                  f't="s"><v>{cell.string}</v></c>')
                    return
                inline = self._inline_tail(cell.string)
                if inline is not None:
                    self.fh.write(f'<c r="{_COLUMNS[col]}{row + 1}" s="{fmt._get_xf_index()}" '
                                  + inline)
                    return
            if kind is CellNumberTuple:
                self.fh.write(f'<c r="{_COLUMNS[col]}{row + 1}" s="{fmt._get_xf_index()}">'
                              f"<v>{cell.number:.16G}</v></c>")
                return
        super()._write_cell(row, col, cell)

    def _inline_tail(self, string: str) -> str | None:
        """An inline-text cell after its attributes, escaped as XlsxWriter escapes it; None for
        rich text. Remembered per text: a streamed sheet repeats unit, award and status names
        on every row (at most _INLINE_KEPT texts, then the memory starts afresh)."""
        cache = self._inline
        if len(cache) >= _INLINE_KEPT:
            cache.clear()
        tail = cache.get(string, "")
        if tail == "":
            text = self._escape_control_characters(string)
            if text.startswith("<r>") and text.endswith("</r>"):
                tail = None
            else:
                keep = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
                tail = f't="inlineStr"><is><t{keep}>{self._escape_data(text)}</t></is></c>'
            cache[string] = tail
        return tail

    def put_row(self, row: int, values: Sequence[object], formats: Sequence[Any],
                other: Callable[[int, object], None]) -> None:
        """Store one row's non-empty text and finite numbers as write_string / write_number would
        (same cells, same shared-string order), without their per-cell argument and bounds
        checks; any other value (blank, bool, link, date, very long text) goes to other(col, v)."""
        if not values:
            return
        if self._check_dimensions(row, 0):
            return  # a row past the sheet or already streamed: XlsxWriter ignores every write
        if self._check_dimensions(row, len(values) - 1):
            for col, value in enumerate(values):  # wider than a sheet: XlsxWriter's calls decide
                other(col, value)
            return
        if self.constant_memory and row > self.previous_row:
            self._write_single_row(row)
        cells = self.table[row]
        shared = None if self.constant_memory else self.str_table._get_shared_string_index
        for col, value in enumerate(values):
            kind = type(value)
            if kind is str and value and len(value) <= _SHORT_TEXT:  # type: ignore[arg-type]
                cells[col] = CellStringTuple(shared(value) if shared else value, formats[col])
            elif (kind is int or kind is float) and isfinite(value):  # type: ignore[arg-type]
                cells[col] = CellNumberTuple(value, formats[col])
            else:
                other(col, value)


def fast_workbook(path: str, options: dict[str, Any]) -> Any:
    """An XlsxWriter Workbook whose worksheets are FastWorksheets."""
    book = xlsxwriter.Workbook(path, options)
    book.worksheet_class = FastWorksheet
    return book
