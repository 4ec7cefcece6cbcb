"""Test helper: a real workbook as the JSON xlwings' Excel clients send; a tiny Excel replaying actions.

The remote engine (xlwings PRO, PolyForm Noncommercial) builds a real xlwings Book from that JSON and
records every change as an action; `ExcelState` applies those actions the way Excel would, so a macro
can run twice on the result.
"""

from __future__ import annotations

import copy
import os
import re
import warnings
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

LICENSE_ENV = "XLWINGS_LICENSE_KEY"
_HYPERLINK = re.compile(r'^=HYPERLINK\(".*",\s*"(?P<text>(?:[^"]|"")*)"\)$')


def ensure_remote_engine() -> Any:
    """xlwings with its remote engine registered, even if xlwings was imported before the key was set."""
    os.environ.setdefault(LICENSE_ENV, "noncommercial")
    import xlwings as xw

    if "remote" not in [e.name for e in xw.engines]:
        from xlwings.main import Engine
        from xlwings.pro import _xlremote

        xw.engines.add(Engine(impl=_xlremote.engine))
    return xw


def _json_value(value: object) -> object:
    """A cell value as an Office.js client sends it: "" for empty, ISO text for dates."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, date):
        return datetime.combine(value, time()).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _notes(path: Path) -> dict[str, list[dict[str, str]]]:
    """Addresses of the notes on each sheet, read with openpyxl (blind to whole-column print areas)."""
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        wb = openpyxl.load_workbook(path)
    out = {ws.title: [{"address": c.coordinate} for row in ws.iter_rows() for c in row
                      if c.comment is not None] for ws in wb.worksheets}
    wb.close()
    return out


def _sheet(name: str, values: list[list[object]], visibility: str,
           notes: list[dict[str, str]]) -> dict[str, Any]:
    """One sheet entry with every key the remote engine reads."""
    return {"name": name, "values": values or [[""]], "visibility": visibility, "pictures": [],
            "shapes": [], "charts": [], "tables": [], "notes": notes, "print_area": None,
            "show_gridlines": True, "pivot_tables": []}


def payload_from_file(path: Path, *, client: str = "Office.js") -> dict[str, Any]:
    """The JSON an xlwings client sends for this workbook: values from A1, visibility, notes."""
    import python_calamine
    import xlwings as xw

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    notes = _notes(path) if Path(path).suffix.lower() in (".xlsx", ".xlsm") else {}
    sheets = []
    for meta in book.sheets_metadata:
        rows = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
        width = max((len(r) for r in rows), default=0)
        values = [[_json_value(v) for v in r] + [""] * (width - len(r)) for r in rows]
        visibility = {"visible": "Visible", "hidden": "Hidden"}.get(
            str(meta.visible).split(".")[-1].lower(), "VeryHidden")
        sheets.append(_sheet(meta.name, values, visibility, notes.get(meta.name, [])))
    book.close()
    return {"client": client, "version": xw.__version__,
            "book": {"name": Path(path).name, "active_sheet_index": 0, "selection": "A1"},
            "names": [], "sheets": sheets}


def book_from_payload(payload: dict[str, Any], *, caller: bool = True) -> Any:
    """A real xlwings Book on the remote engine; also the mock caller unless told otherwise."""
    xw = ensure_remote_engine()
    book = xw.Book(json=copy.deepcopy(payload))
    if caller:
        book.set_mock_caller()
    return book


def actions(book: Any) -> list[dict[str, Any]]:
    """The Excel calls the macro queued, in order."""
    return list(book.json()["actions"])


def _a1(row: int, col: int) -> str:
    """A1 address of 0-based (row, column)."""
    letters, n = "", col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def _cells(action: dict[str, Any]) -> list[tuple[int, int]]:
    """0-based cells of an action's rectangle."""
    r0, c0 = action["start_row"], action["start_column"]
    return [(r0 + r, c0 + c) for r in range(action["row_count"])
            for c in range(action["column_count"])]


def shown(value: object) -> object:
    """What Excel then shows for a written value: text typed with an apostrophe, a link's caption."""
    if isinstance(value, str) and value.startswith("'"):
        return value[1:]
    if isinstance(value, str) and value.startswith("="):
        match = _HYPERLINK.match(value)
        if not match:
            raise AssertionError(f"unexpected formula written: {value}")
        return match["text"].replace('""', '"')
    return value


class ExcelState:
    """Cell values, fills, notes and bold cells of a workbook, changed action by action as Excel would."""

    def __init__(self, payload: dict[str, Any],
                 notes: dict[tuple[str, str], str] | None = None) -> None:
        self.payload = copy.deepcopy(payload)
        self.fills: dict[tuple[str, str], str] = {}
        self.notes: dict[tuple[str, str], str] = {}
        self.bold: set[tuple[str, str]] = set()
        self.formats: dict[tuple[str, str], dict[str, object]] = {}
        self.widths: dict[tuple[str, str], float] = {}
        self.merges: list[tuple[str, str, str]] = []
        self.alerts: list[str] = []
        for sheet in self.payload["sheets"]:
            for note in sheet["notes"]:
                key = (sheet["name"], note["address"].replace("$", ""))
                self.notes[key] = (notes or {}).get(key, "(người dùng)")

    @property
    def sheets(self) -> list[dict[str, Any]]:
        """Sheet entries in tab order."""
        return self.payload["sheets"]

    def names(self) -> list[str]:
        """Sheet names in tab order."""
        return [s["name"] for s in self.sheets]

    def values(self, name: str) -> list[list[object]]:
        """A sheet's values, "" for empty."""
        return self.sheets[self.names().index(name)]["values"]

    def _set(self, sheet: dict[str, Any], r: int, c: int, value: object) -> None:
        """Write one value, growing the rectangle from A1 as Excel's used range grows."""
        grid = sheet["values"]
        width = max(len(grid[0]) if grid else 0, c + 1)
        while len(grid) <= r:
            grid.append([""] * width)
        for row in grid:
            row.extend([""] * (width - len(row)))
        grid[r][c] = "" if value is None else shown(value)

    def apply(self, acts: list[dict[str, Any]]) -> ExcelState:
        """Apply every action; an action this helper does not know fails the test."""
        for act in acts:
            getattr(self, f"_do_{act['func']}")(act)
        return self

    def _sheet_of(self, act: dict[str, Any]) -> dict[str, Any]:
        return self.sheets[act["sheet_position"]]

    def _do_setValues(self, act: dict[str, Any]) -> None:
        sheet = self._sheet_of(act)
        for r, row in enumerate(act["values"]):
            for c, value in enumerate(row):
                self._set(sheet, act["start_row"] + r, act["start_column"] + c, value)

    def _fill(self, name: str, cell: tuple[int, int], colour: str | None) -> None:
        key = (name, _a1(*cell))
        if colour is None:
            self.fills.pop(key, None)
        else:
            self.fills[key] = colour

    def _do_setRangeColor(self, act: dict[str, Any]) -> None:
        for cell in _cells(act):
            self._fill(self._sheet_of(act)["name"], cell, act["args"][0])

    def _do_setRangeColors(self, act: dict[str, Any]) -> None:
        matrix = act["args"][0]
        for r, c in _cells(act):
            colour = matrix[r - act["start_row"]][c - act["start_column"]]
            if colour != "keep":
                self._fill(self._sheet_of(act)["name"], (r, c), colour)

    def _note_key(self, act: dict[str, Any]) -> tuple[str, str]:
        return self._sheet_of(act)["name"], act["args"][0].replace("$", "")

    def _do_addNote(self, act: dict[str, Any]) -> None:
        key = self._note_key(act)
        assert key not in self.notes, f"Excel refuses a second note on {key}"
        self.notes[key] = act["args"][1]

    def _do_setNoteText(self, act: dict[str, Any]) -> None:
        key = self._note_key(act)
        assert key in self.notes, f"no note to rewrite on {key}"
        self.notes[key] = act["args"][1]

    def _do_deleteNote(self, act: dict[str, Any]) -> None:
        key = self._note_key(act)
        assert key in self.notes, f"no note to delete on {key}"
        del self.notes[key]

    def _do_addSheet(self, act: dict[str, Any]) -> None:
        position, name = act["args"]
        self.sheets.insert(position, {"name": name, "values": [[""]], "visibility": "Visible",
                                      "pictures": [], "shapes": [], "charts": [], "tables": [],
                                      "notes": [], "print_area": None, "show_gridlines": True,
                                      "pivot_tables": []})

    def _do_sheetClear(self, act: dict[str, Any]) -> None:
        sheet = self._sheet_of(act)
        sheet["values"] = [[""]]
        name = sheet["name"]
        self.fills = {k: v for k, v in self.fills.items() if k[0] != name}
        self.bold = {k for k in self.bold if k[0] != name}
        self.formats = {k: v for k, v in self.formats.items() if k[0] != name}
        self.merges = [m for m in self.merges if m[0] != name]

    def _do_rangeClearContents(self, act: dict[str, Any]) -> None:
        sheet = self._sheet_of(act)
        for r, c in _cells(act):
            if r < len(sheet["values"]) and c < len(sheet["values"][r]):
                sheet["values"][r][c] = ""

    def _do_setFontProperty(self, act: dict[str, Any]) -> None:
        prop, value = act["args"]
        name = self._sheet_of(act)["name"]
        if prop == "bold":
            keys = {(name, _a1(*cell)) for cell in _cells(act)}
            self.bold = self.bold | keys if value else self.bold - keys

    def _do_setColumnWidth(self, act: dict[str, Any]) -> None:
        assert act["args"][0] > 0
        name = self._sheet_of(act)["name"]
        for c in range(act["start_column"], act["start_column"] + act["column_count"]):
            self.widths[(name, _a1(0, c)[:-1])] = act["args"][0]

    def _format(self, act: dict[str, Any], prop: str) -> None:
        name = self._sheet_of(act)["name"]
        for cell in _cells(act):
            self.formats.setdefault((name, _a1(*cell)), {})[prop] = act["args"][0]

    def _do_setNumberFormat(self, act: dict[str, Any]) -> None:
        self._format(act, "number_format")

    def _do_setWrapText(self, act: dict[str, Any]) -> None:
        self._format(act, "wrap")

    def _do_rangeMerge(self, act: dict[str, Any]) -> None:
        self.merges.append((self._sheet_of(act)["name"], _a1(act["start_row"], act["start_column"]),
                            _a1(act["start_row"] + act["row_count"] - 1,
                                act["start_column"] + act["column_count"] - 1)))

    def _do_alert(self, act: dict[str, Any]) -> None:
        self.alerts.append(act["args"][0])

    def to_payload(self) -> dict[str, Any]:
        """The JSON the client would send now, notes included, for the next click."""
        out = copy.deepcopy(self.payload)
        for sheet in out["sheets"]:
            sheet["notes"] = [{"address": cell} for (name, cell) in sorted(self.notes)
                              if name == sheet["name"]]
        return out
