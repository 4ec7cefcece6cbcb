"""Shared pieces of the Office's workbook: cell formats, safe cell writing, links, page setup."""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from xlsxwriter.url import Url
from xlsxwriter.worksheet import Worksheet

from thidua_xl.findings import Severity
from thidua_xl.outputs.fastsheet import FastWorksheet
from thidua_xl.outputs.style import OVER_QUOTA_RGB, SEVERITY_RGB, hex_colour
from thidua_xl.outputs.tonghop.paging import (
    A4_LONG,
    A4_SHORT,
    DEFAULT_ROW,
    MAX_BREAKS,
    page_breaks,
    print_scale,
)

FONT = "Times New Roman"
FIXED_CREATED = datetime(2020, 1, 1)
MAX_LINKS = 65_000
MAX_LINKS_LARGE = 10_000
LINE_POINTS = 15.6
CHAR_FACTOR = 1.05
MAX_LINES = 20
FILLS: dict[Severity | str, str] = {**{s: hex_colour(rgb) for s, rgb in SEVERITY_RGB.items()},
                                    "over": hex_colour(OVER_QUOTA_RGB)}
_KINDS: dict[str, dict[str, Any]] = {
    "text": {"text_wrap": True, "valign": "top", "border": 1},
    "num": {"align": "center", "valign": "top", "border": 1},
    "pct": {"num_format": "0.0%", "align": "center", "valign": "top", "border": 1},
    "date": {"num_format": "dd/mm/yyyy", "align": "center", "valign": "top", "border": 1},
    "link": {"font_color": "#0563C1", "underline": 1, "valign": "top", "border": 1},
    "head": {"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter", "border": 1,
             "bg_color": "#D9E1F2"},
    "title": {"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"},
    "subtitle": {"italic": True, "align": "center", "valign": "vcenter", "text_wrap": True},
    "group": {"bold": True, "valign": "top"},
    "plain": {"valign": "top"},
}


@dataclass(frozen=True, slots=True)
class Link:
    """A cell that opens another place: shown text and the URL (external file or cell).

    For a cell of a unit file, `file` (as seen from the workbook, not escaped) and `place`
    ('Sheet'!A1) are kept apart too, because a file name may itself hold "#" or "%"."""

    url: str
    text: str
    file: str = ""
    place: str = ""


_URL_ESCAPES = {"%": "%25", "#": "%23", " ": "%20", '"': "%22", "<": "%3C", ">": "%3E", "?": "%3F",
                "[": "%5B", "]": "%5D", "^": "%5E", "`": "%60", "{": "%7B", "}": "%7D", "|": "%7C"}


def escape_path(path: str) -> str:
    """A file path as a URI reference: forward slashes, the characters URIs reserve escaped
    ("#" → %23, "%" → %25, space → %20); Vietnamese letters kept as they are (an IRI)."""
    return "".join(_URL_ESCAPES.get(ch, ch) for ch in path.replace("\\", "/"))


class _FileUrl(Url):  # type: ignore[misc]
    """XlsxWriter's external link with the relationship target in forward slashes, which Excel,
    LibreOffice and every URI resolver read alike (XlsxWriter writes Windows backslashes)."""

    def _target(self) -> str:
        return str(super()._target()).replace("\\", "/")


def file_url(link: Link) -> Any:
    """The XlsxWriter Url of a link to a cell of another file; the plain URL when there is none
    or it is too long for Excel (the cell then shows its text only)."""
    if not link.file:
        return link.url
    try:
        url = _FileUrl(f"external:{escape_path(link.file)}#{link.place}")
    except ValueError:
        return None
    url.text = link.text
    return url


@dataclass(frozen=True, slots=True)
class Column:
    """A sheet column: header, width in characters, cell kind."""

    header: str
    width: float
    kind: str = "text"


def workbook_options(large: bool) -> dict[str, Any]:
    """XlsxWriter options: no string ever turns into a formula, number or URL; Times New Roman."""
    return {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
            "constant_memory": large,
            "default_format_properties": {"font_name": FONT, "font_size": 12}}


class Styles:
    """Formats made once per (kind, fill), because XlsxWriter formats are workbook objects."""

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self._cache: dict[tuple[str, str | None], Any] = {}

    def __call__(self, kind: str, fill: str | None = None) -> Any:
        """The format for a cell kind, optionally filled."""
        key = (kind, fill)
        if key not in self._cache:
            props = dict(_KINDS[kind])
            if fill:
                props["bg_color"] = fill
            self._cache[key] = self.workbook.add_format(props)
        return self._cache[key]


class Sheet:
    """A worksheet with its styles and a link budget: Excel keeps at most 65,530 per sheet, and
    XlsxWriter holds each link (~1 KB) until it closes the file, so large batches get fewer."""

    def __init__(self, workbook: Any, styles: Styles, name: str, large: bool = False) -> None:
        self.ws = workbook.add_worksheet(name)
        self.styles = styles
        self.links = 0
        self.max_links = MAX_LINKS_LARGE if large else MAX_LINKS
        self.fit = not large
        self._row_formats: dict[tuple[int, str | None], list[Any]] = {}
        self.heights: dict[int, float] = {}
        self.keep: set[int] = set()
        self._wraps: dict[int, tuple[tuple[int, int, float], ...]] = {}
        self._string, self._number, self._blank = (
            getattr(self.ws, m) for m in ("write_string", "write_number", "write_blank"))

    def columns(self, cols: Sequence[Column], row: int = 0) -> None:
        """Column widths and the header row."""
        self.fit_height(row, [c.header for c in cols], cols, bold=True)
        for i, col in enumerate(cols):
            self.ws.set_column(i, i, col.width)
            self.ws.write_string(row, i, col.header, self.styles("head"))

    def cell(self, row: int, col: int, value: object, kind: str = "text",
             fill: str | None = None) -> None:
        """Write one value with the right typed call; text is always text, never a formula."""
        fmt = self.styles("text" if kind == "link" else kind, fill)
        if kind == "group":
            self.keep.add(row)  # a heading stays on the page of what follows it
        ws = self.ws
        if value is None or value == "":
            ws.write_blank(row, col, None, fmt)
        elif isinstance(value, Link):
            url = file_url(value) if isinstance(ws, Worksheet) else value.url
            if self.links < self.max_links and url is not None:
                self.links += 1
                ws.write_url(row, col, url, self.styles("link", fill), value.text)
            else:
                ws.write_string(row, col, value.text, self.styles("text", fill))
        elif isinstance(value, bool):
            ws.write_string(row, col, "Có" if value else "Không", fmt)
        elif isinstance(value, int | float):
            ws.write_number(row, col, value, fmt)
        elif isinstance(value, date):
            ws.write_datetime(row, col, datetime(value.year, value.month, value.day), fmt)
        else:
            ws.write_string(row, col, str(value), fmt)

    def fit_height(self, row: int, values: Sequence[object], cols: Sequence[Column],
                   bold: bool = False) -> None:
        """Give a row the height its wrapped text needs (Excel and LibreOffice do not on opening).

        XlsxWriter keeps every row's height until it closes the file, so large sheets skip this."""
        if not self.fit:
            return
        lines = 1
        for v, c in zip(values, cols, strict=True):
            if isinstance(v, str) and len(v) * CHAR_FACTOR > c.width - 1:
                lines = max(lines, text_lines(v, c.width * (0.9 if bold else 1.0)))
        if lines > 1:
            self.height(row, LINE_POINTS * min(lines, MAX_LINES))

    def height(self, row: int, points: float) -> None:
        """Set a row's height and remember it for the page layout."""
        self.ws.set_row(row, points)
        self.heights[row] = points

    def keep_together(self, first: int, last: int) -> None:
        """Rows first..last go on one page when they fit one (a table with its chart)."""
        self.keep.update(range(first, last))

    def _formats(self, cols: Sequence[Column], fill: str | None) -> list[Any]:
        """Each column's format for plain values (a link column shows plain text as text)."""
        key = (id(cols), fill)
        if key not in self._row_formats:
            self._row_formats[key] = [self.styles("text" if c.kind == "link" else c.kind, fill)
                                      for c in cols]
        return self._row_formats[key]

    def _fit_row(self, row: int, values: Sequence[object], cols: Sequence[Column]) -> None:
        """fit_height for data rows, with each column's wrapping length worked out once."""
        wraps = self._wraps.get(id(cols))
        if wraps is None:
            wraps = self._wraps[id(cols)] = tuple(
                (i, wrap_length(c.width), c.width) for i, c in enumerate(cols))
        lines = 1
        for i, limit, width in wraps:
            v = values[i]
            if type(v) is str and len(v) > limit:
                lines = max(lines, text_lines(v, width))
        if lines > 1:
            self.height(row, LINE_POINTS * min(lines, MAX_LINES))

    def row(self, row: int, values: Sequence[object], cols: Sequence[Column],
            fill: str | None = None) -> None:
        """Write a whole row, each cell with its column's kind, tall enough for its text."""
        if self.fit:
            self._fit_row(row, values, cols)
        formats = self._formats(cols, fill)
        if isinstance(self.ws, FastWorksheet):  # not a recording sheet or plain XlsxWriter

            def other(col: int, value: object) -> None:
                if value is None or value == "":
                    self._blank(row, col, None, formats[col])
                else:
                    self.cell(row, col, value, cols[col].kind, fill)

            self.ws.put_row(row, values, formats, other)
            return
        string, number, blank = self._string, self._number, self._blank
        for i, value in enumerate(values):
            kind = type(value)
            if kind is str:
                if value:
                    string(row, i, value, formats[i])
                else:
                    blank(row, i, None, formats[i])
            elif kind is int or kind is float:
                number(row, i, value, formats[i])
            elif value is None:
                blank(row, i, None, formats[i])
            else:
                self.cell(row, i, value, cols[i].kind, fill)

    def page(self, header_rows: int, landscape: bool = True, wide: int = 1,
             repeat: bool = True, key_column: int | None = None) -> None:
        """A4, fit to `wide` pages across, frozen (and normally repeated) header rows; a sheet
        printed more than one page wide repeats `key_column` (the name) on every page."""
        ws = self.ws
        ws.set_paper(9)
        if landscape:
            ws.set_landscape()
        ws.fit_to_pages(wide, 0)
        ws.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.6)
        if repeat:
            ws.repeat_rows(0, header_rows - 1)
        if key_column is not None and wide > 1:
            ws.repeat_columns(key_column, key_column)
        ws.freeze_panes(header_rows, 0)

    def laid_out(self, header_rows: int, widths: Sequence[float], last_row: int,
                 forced: Sequence[int] = (), landscape: bool = True) -> None:
        """Print at a scale fitting `widths` on one page across, with page breaks that never leave
        a heading at the foot of a page; every row's height is pinned so Excel and LibreOffice
        lay pages out as computed. Large sheets (no measured heights) are fitted instead."""
        if not self.fit:
            self.page(header_rows, landscape, repeat=False)
            return
        left, right, top, bottom = 0.6, 0.4, 0.6, 0.6
        across, down = (A4_LONG, A4_SHORT) if landscape else (A4_SHORT, A4_LONG)
        scale = print_scale(widths, across - 72 * (left + right))
        for r in range(last_row + 1):
            if r not in self.heights:
                self.height(r, DEFAULT_ROW)
        capacity = (down - 72 * (top + bottom)) * 100 / scale
        breaks = page_breaks([self.heights[r] for r in range(last_row + 1)], capacity,
                             self.keep, forced)
        ws = self.ws
        ws.set_paper(9)
        if landscape:
            ws.set_landscape()
        ws.set_margins(left=left, right=right, top=top, bottom=bottom)
        if len(breaks) <= MAX_BREAKS:
            ws.set_print_scale(scale)
            ws.set_h_pagebreaks(breaks)
        else:
            ws.fit_to_pages(1, 0)
        ws.freeze_panes(header_rows, 0)


def wrap_length(width: float) -> int:
    """The longest text that fits one line of a column, by the same estimate as text_lines."""
    n = int((width - 1) / CHAR_FACTOR) + 1
    while n > 0 and n * CHAR_FACTOR > width - 1:
        n -= 1
    return n


def text_lines(text: str, width: float) -> int:
    """Lines a text takes when wrapped in a column `width` characters wide (an estimate)."""
    usable = max(width - 1.0, 1.0)
    if "\n" not in text:
        return max(1, math.ceil(len(text) * CHAR_FACTOR / usable))
    return sum(max(1, math.ceil(len(part) * CHAR_FACTOR / usable)) for part in text.split("\n"))


@functools.lru_cache(maxsize=4096)
def link_target(source: str, base: Path) -> str:
    """Where a unit file is seen from the output folder: relative when possible, else absolute."""
    path = Path(source).resolve()
    try:
        return os.path.relpath(path, base.resolve())
    except ValueError:
        return str(path)


@dataclass(frozen=True, slots=True)
class Place:
    """Where a unit file's sheet is seen from the workbook: the file and the sheet part of a
    location, made once per file and sheet."""

    file: str
    anchor: str

    @property
    def prefix(self) -> str:
        """The URL up to the cell address ("" without a file)."""
        return f"external:{self.file}#{self.anchor}" if self.file else ""

    def link(self, cell: str) -> Link:
        """A link to one cell of that sheet."""
        return Link(self.prefix + cell, cell, self.file, self.anchor + cell)


def link_place(source: str, sheet: str, base: Path) -> Place:
    """The Place of a unit file's sheet (an empty one without a file)."""
    if not source:
        return Place("", "")
    anchor = f"'{sheet.replace(chr(39), chr(39) * 2)}'!" if sheet else ""
    return Place(link_target(source, base), anchor)


def link_prefix(source: str, sheet: str, base: Path) -> str:
    """The URL of a unit file's sheet up to the cell address ("" without a file), made once."""
    return link_place(source, sheet, base).prefix


def source_link(source: str, sheet: str, cell: str, base: Path) -> Link | None:
    """A link to a cell of a unit file, so the Office jumps from a finding to the cell."""
    if not source or not cell:
        return None
    return link_place(source, sheet, base).link(cell)
