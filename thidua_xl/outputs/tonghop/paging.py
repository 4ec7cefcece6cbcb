"""Page layout worked out before printing: a fixed print scale and manual page breaks, so a heading
never sits alone at the foot of a page. Excel ignores manual page breaks under "fit to N pages",
so such sheets get a scale of their own, computed from their column widths."""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence

A4_LONG, A4_SHORT = 841.89, 595.28  # points
CHAR_POINTS = 6.3  # a character of column width, Times New Roman 12 (LibreOffice draws 6.0)
COLUMN_POINTS = 4.5  # what each column adds to its characters
DEFAULT_ROW = 15.0  # XlsxWriter's default row height, pinned on rows the writer did not size
MAX_BREAKS = 1023  # Excel keeps at most this many manual page breaks per sheet


def print_scale(widths: Sequence[float], printable: float) -> int:
    """The largest whole percentage at which columns `widths` (characters) fit `printable` points."""
    total = sum(CHAR_POINTS * w + COLUMN_POINTS for w in widths)
    return max(10, min(100, math.floor(100 * printable / total))) if total else 100


def page_breaks(heights: Sequence[float], capacity: float, keep: Collection[int] = (),
                forced: Collection[int] = ()) -> list[int]:
    """Rows (0-based) before which a new page starts: no page holds more than `capacity` points,
    a row in `keep` never ends a page unless its block is taller than a page, and each row in
    `forced` starts a page."""
    blocks: list[list[int]] = []
    for row in range(len(heights)):
        if blocks and blocks[-1][-1] in keep and row not in forced:
            blocks[-1].append(row)
        else:
            blocks.append([row])
    breaks: list[int] = []
    used = 0.0
    for block in blocks:
        tall = sum(heights[r] for r in block)
        if used and (block[0] in forced or used + tall > capacity):
            breaks.append(block[0])
            used = 0.0
        if tall <= capacity:
            used += tall
            continue
        for r in block:  # taller than a page: split it where it must be split
            if used and used + heights[r] > capacity:
                breaks.append(r)
                used = 0.0
            used += heights[r]
    return breaks
