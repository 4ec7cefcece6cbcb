"""A recorded result sheet written into the open workbook in a fixed few block calls per format."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from thidua_xl.excel.book import is_remote, paint, write_block
from thidua_xl.outputs.office.cells import a1, areas, multi_area
from thidua_xl.outputs.office.recording import RecordedSheet, column_spans, grid, styled
from thidua_xl.read.contract import column_letter


def _each_area(xl: Any, cells: Iterable[tuple[int, int]], remote: bool) -> Iterable[Any]:
    """Ranges covering 0-based cells: one per area on the remote engine, multi-area ones elsewhere."""
    found = areas((r + 1, c + 1) for r, c in cells)
    for address in found if remote else multi_area(found):
        yield xl.range(address)


def flush(sheet: RecordedSheet, xl: Any, *, created: bool = False) -> None:
    """Write a recorded sheet into an open Excel sheet: cleared, then values, fills, fonts, formats."""
    remote = is_remote(xl.book)
    if created:
        for c, width in sorted(sheet.widths.items()):
            xl.range(f"{column_letter(c)}:{column_letter(c)}").column_width = width
    else:
        xl.clear()
    rows = grid(sheet)
    if not rows:
        return
    write_block(xl, 1, 1, rows)
    paint(xl, {a1(r + 1, c + 1): str(colour)
               for colour, cells in styled(sheet, "bg_color").items() for r, c in cells})
    for rng in _each_area(xl, styled(sheet, "bold").get(True, []), remote):
        rng.font.bold = True
    for rng in _each_area(xl, styled(sheet, "italic").get(True, []), remote):
        rng.font.italic = True
    for size, cells in sorted(styled(sheet, "font_size").items(), key=lambda kv: str(kv[0])):
        for rng in _each_area(xl, cells, remote):
            rng.font.size = size
    for fmt, cells in sorted(styled(sheet, "num_format").items(), key=lambda kv: str(kv[0])):
        for span in column_spans(cells):
            xl.range(span).number_format = fmt
    if styled(sheet, "text_wrap").get(True):
        xl.range((1, 1), (len(rows), len(rows[0]))).wrap_text = True
    for r1, c1, r2, c2 in sheet.merges:
        xl.range((r1 + 1, c1 + 1), (r2 + 1, c2 + 1)).merge()
