"""Which cells of an .xlsx/.xlsm hold formulas, read straight from the sheet XML (calamine cannot say)."""

from __future__ import annotations

import contextlib
import io
import posixpath
import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.etree import ElementTree as ET

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Sheet parts up to this size are parsed whole (faster); bigger ones are streamed to bound memory.
WHOLE_PARSE_BYTES = 2 * 1024 * 1024


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → zip part name, through workbook.xml and its relationships."""
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG}Relationship")}
    book = ET.fromstring(zf.read("xl/workbook.xml"))
    parts: dict[str, str] = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        if target:
            part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            parts[sheet.get("name", "")] = posixpath.normpath(part)
    return parts


def _formula_cells_in(data: bytes) -> set[str]:
    """Addresses of <c> elements that carry an <f> child in one sheet part."""
    found: set[str] = set()
    if b"<f>" not in data and b"<f " not in data:
        return found
    if len(data) <= WHOLE_PARSE_BYTES:
        return {c.get("r", "") for c in ET.fromstring(data).iter(f"{_MAIN}c")
                if c.find(f"{_MAIN}f") is not None}
    for _event, elem in ET.iterparse(io.BytesIO(data), events=("end",)):
        if elem.tag == f"{_MAIN}c":
            if elem.find(f"{_MAIN}f") is not None:
                found.add(elem.get("r", ""))
            elem.clear()
    return found


def formula_cells(path: Path | zipfile.ZipFile, names: Iterable[str] | None = None
                  ) -> dict[str, set[str]]:
    """Sheet name → formula cell addresses (of `names` only, when given, to skip other sheets' XML);
    `path` may be the workbook's zip already open (it stays open).

    Empty when the file is not a readable OOXML workbook.
    """
    wanted = None if names is None else set(names)
    try:
        with contextlib.nullcontext(path) if isinstance(path, zipfile.ZipFile) \
                else zipfile.ZipFile(path) as zf:
            return {name: cells for name, part in _sheet_parts(zf).items()
                    if (wanted is None or name in wanted)
                    and (cells := _formula_cells_in(zf.read(part)))}
    except (KeyError, zipfile.BadZipFile, ET.ParseError, OSError):
        return {}
