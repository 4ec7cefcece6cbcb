"""Run tong_hop.xlsx's own sheet writers against a recorder, so the Office workbook gets the same cells.

The consolidated workbook's writers (outputs/tonghop/) talk to XlsxWriter. A RecordingBook stands
in for it: it keeps every cell with its format, and the result is either flushed into an open Excel
workbook by the macros (excel/flush.py) in a few block calls, or replayed onto a real XlsxWriter sheet
when the Office workbook is written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from thidua_xl.consolidate.entries import Consolidation
from thidua_xl.outputs.office.cells import Formula, Text, a1
from thidua_xl.outputs.tonghop.base import Styles
from thidua_xl.outputs.tonghop.lists import write_director, write_quota, write_units
from thidua_xl.outputs.tonghop.workbook import write_all, write_findings


class FormatProps(dict):  # type: ignore[type-arg]
    """An XlsxWriter format as the properties it was made from."""

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted((k, str(v)) for k, v in self.items())))


@dataclass
class Cell:
    """One written cell: its value (a Formula for links) and its format properties."""

    value: object
    fmt: FormatProps


def link_formula(url: str, text: str) -> Formula:
    """An XlsxWriter url ("external:path#place", "internal:place", "https://…") as =HYPERLINK."""
    target = url
    if url.startswith("external:"):
        target = url[len("external:"):]
    elif url.startswith("internal:"):
        target = "#" + url[len("internal:"):]
    quoted = target.replace('"', '""')
    return Formula(f'=HYPERLINK("{quoted}","{text.replace(chr(34), chr(34) * 2)}")')


class _Ignored:
    """A stand-in for objects the recorder does not keep (charts)."""

    def __getattr__(self, name: str) -> Callable[..., None]:
        return lambda *args, **kwargs: None


@dataclass
class RecordedSheet:
    """Everything a sheet writer did: cells, widths, merges, and its other calls in order."""

    name: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = field(default_factory=list)

    def _put(self, row: int, col: int, value: object, fmt: object) -> int:
        self.cells[(row, col)] = Cell(value, fmt if isinstance(fmt, FormatProps) else FormatProps())
        return 0

    def write_string(self, row: int, col: int, text: str, fmt: object = None) -> int:
        return self._put(row, col, Text(text), fmt)

    def write_number(self, row: int, col: int, number: float, fmt: object = None) -> int:
        return self._put(row, col, number, fmt)

    def write_blank(self, row: int, col: int, _blank: object = None, fmt: object = None) -> int:
        return self._put(row, col, None, fmt)

    def write_datetime(self, row: int, col: int, when: datetime, fmt: object = None) -> int:
        return self._put(row, col, when, fmt)

    def write_url(self, row: int, col: int, url: str, fmt: object = None, string: str | None = None,
                  tip: str | None = None) -> int:
        return self._put(row, col, link_formula(url, string or url), fmt)

    def merge_range(self, r1: int, c1: int, r2: int, c2: int, data: object, fmt: object = None) -> int:
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                self._put(r, c, None, fmt)
        self._put(r1, c1, Text(data) if isinstance(data, str) else data, fmt)
        self.merges.append((r1, c1, r2, c2))
        return 0

    def set_column(self, first: int, last: int, width: float | None = None, *rest: object) -> int:
        for c in range(first, last + 1):
            if width is not None:
                self.widths[c] = width
        return 0

    def add_table(self, r1: int, c1: int, r2: int, c2: int, options: dict[str, Any]) -> int:
        for i, col in enumerate(options.get("columns", [])):
            self._put(r1, c1 + i, col.get("header", ""), col.get("header_format"))
        self.calls.append(("autofilter", (r1, c1, r2, c2), {}))
        return 0

    def insert_chart(self, *args: object, **kwargs: object) -> int:
        return 0

    def __getattr__(self, name: str) -> Callable[..., None]:
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.calls.append((name, args, kwargs))


class RecordingBook:
    """The part of xlsxwriter.Workbook the sheet writers use, recording instead of writing."""

    def __init__(self) -> None:
        self.sheets: dict[str, RecordedSheet] = {}

    def add_worksheet(self, name: str) -> RecordedSheet:
        self.sheets[name] = RecordedSheet(name)
        return self.sheets[name]

    def add_format(self, props: dict[str, Any] | None = None) -> FormatProps:
        return FormatProps(props or {})

    def add_chart(self, options: dict[str, Any]) -> _Ignored:
        return _Ignored()

    def __getattr__(self, name: str) -> Callable[..., None]:
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: None


def grid(sheet: RecordedSheet, last_row: int | None = None) -> list[list[object]]:
    """Recorded values as rows from A1 (to `last_row`, 0-based, when given)."""
    if not sheet.cells:
        return []
    rows = max(r for r, _ in sheet.cells) if last_row is None else last_row
    cols = max(c for _, c in sheet.cells)
    out: list[list[object]] = [[None] * (cols + 1) for _ in range(rows + 1)]
    for (r, c), cell in sheet.cells.items():
        if r <= rows:
            out[r][c] = cell.value
    return out


def styled(sheet: RecordedSheet, key: str) -> dict[object, list[tuple[int, int]]]:
    """Cells grouped by the value of one format property (cells without it left out)."""
    groups: dict[object, list[tuple[int, int]]] = defaultdict(list)
    for at, cell in sheet.cells.items():
        value = cell.fmt.get(key)
        if value:
            groups[value].append(at)
    return groups


def column_spans(cells: Iterable[tuple[int, int]]) -> list[str]:
    """One span per column from its first to its last cell ("P2:P40"), 0-based cells in."""
    by_col: dict[int, list[int]] = defaultdict(list)
    for r, c in cells:
        by_col[c].append(r)
    return [f"{a1(min(rows) + 1, c + 1)}:{a1(max(rows) + 1, c + 1)}"
            for c, rows in sorted(by_col.items())]


def header_end(sheet: RecordedSheet) -> int:
    """Last row (0-based) of a sheet's heading: its first row of filled bold header cells."""
    heads = [r for (r, _), cell in sheet.cells.items()
             if cell.fmt.get("bold") and cell.fmt.get("bg_color") and cell.fmt.get("border")]
    return min(heads) if heads else max((r for r, _ in sheet.cells), default=0)


def _excel_args(args: tuple[Any, ...], formats: Callable[[FormatProps], Any]) -> list[Any]:
    """Call arguments with recorded formats swapped for real ones."""
    return [formats(a) if isinstance(a, FormatProps) else a for a in args]


def replay(sheet: RecordedSheet, ws: Any, formats: Callable[[FormatProps], Any],
           last_row: int) -> None:
    """Write a recorded sheet's rows up to `last_row` onto a real XlsxWriter worksheet."""
    for c, width in sorted(sheet.widths.items()):
        ws.set_column(c, c, width)
    merged = {(m[0], m[1]): m for m in sheet.merges if m[0] <= last_row}
    inside = {(r, c) for (r1, c1, r2, c2) in merged.values()
              for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    for (r, c), cell in sorted(sheet.cells.items()):
        if r > last_row or ((r, c) in inside and (r, c) not in merged):
            continue
        fmt = formats(cell.fmt)
        if (r, c) in merged:
            r1, c1, r2, c2 = merged[(r, c)]
            ws.merge_range(r1, c1, r2, c2, "", fmt)
        value = cell.value
        if value is None:
            ws.write_blank(r, c, None, fmt)
        elif isinstance(value, Formula):
            ws.write_formula(r, c, str(value), fmt)
        elif isinstance(value, str):
            ws.write_string(r, c, value, fmt)
        elif isinstance(value, bool | int | float):
            ws.write_number(r, c, float(value), fmt)
        elif isinstance(value, date):
            ws.write_datetime(r, c, value if isinstance(value, datetime)
                              else datetime(value.year, value.month, value.day), fmt)
    for name, args, kwargs in sheet.calls:
        getattr(ws, name)(*_excel_args(args, formats), **kwargs)


def record(cons: Consolidation, base: Path, large: bool = True) -> RecordingBook:
    """Every result sheet as tong_hop.xlsx's own writers lay it out, recorded."""
    rec = RecordingBook()
    styles = Styles(rec)
    writers: tuple[Callable[[], None], ...] = (
        lambda: write_all(rec, styles, cons, base), lambda: write_quota(rec, styles, cons),
        lambda: write_findings(rec, styles, cons, base, large),
        lambda: write_units(rec, styles, cons), lambda: write_director(rec, styles, cons))
    for write in writers:
        write()
    return rec
