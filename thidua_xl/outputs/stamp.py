"""The stamp every file thidua_xl writes carries, so no later run mistakes it for a unit's file.

OOXML packages (xlsx, xlsm, docx) get a custom document property; JSON reports a first
"generator" key; HTML documents a <meta name="generator">. read/produced.py recognises them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from typing import Any
from zipfile import ZipInfo

from thidua_xl.read.produced import CUSTOM_PART, KINDS, STAMP_GENERATOR, STAMP_PROPERTY

CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_EMPTY = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>')
_OURS = re.compile(r"<(\w+:)?property\b[^>]*\bname=\"" + STAMP_PROPERTY + r"\".*?</(\w+:)?property>",
                   re.S)
_PID = re.compile(r"\bpid=\"(\d+)\"")
_CLOSE = re.compile(r"</(\w+:)?Properties>\s*$")

Entry = tuple[ZipInfo, bytes]


def _check(kind: str) -> str:
    """Only known kinds are written, so the reader can name every stamp it meets."""
    if kind not in KINDS:
        raise KeyError(f"unknown output kind {kind!r}")
    return kind


def custom_xml(existing: bytes | None, kind: str) -> bytes:
    """docProps/custom.xml with our property set, any other property the file had kept as is."""
    text = existing.decode("utf-8") if existing else _CUSTOM_EMPTY
    text = _OURS.sub("", text)
    pid = max([1, *(int(p) for p in _PID.findall(text))]) + 1
    ours = (f'<property fmtid="{FMTID}" pid="{pid}" name="{STAMP_PROPERTY}">'
            f'<vt:lpwstr xmlns:vt="{VT_NS}">{_check(kind)}</vt:lpwstr></property>')
    text = re.sub(r"<((?:\w+:)?Properties)([^>]*)/>\s*$", r"<\1\2></\1>", text.rstrip())
    closing = _CLOSE.search(text)
    if closing is None:
        raise ValueError("docProps/custom.xml is not a property list")
    return (text[:closing.start()] + ours + text[closing.start():]).encode("utf-8")


def declare_custom_part(data: bytes) -> bytes:
    """[Content_Types].xml declaring the custom properties part."""
    text = data.decode("utf-8")
    if f'PartName="/{CUSTOM_PART}"' in text:
        return data
    override = f'<Override PartName="/{CUSTOM_PART}" ContentType="{CUSTOM_TYPE}"/>'
    return text.replace("</Types>", override + "</Types>", 1).encode("utf-8")


def relate_custom_part(data: bytes) -> bytes:
    """_rels/.rels pointing at the custom properties part."""
    text = data.decode("utf-8")
    if CUSTOM_REL in text:
        return data
    taken = set(re.findall(r"\bId=\"([^\"]+)\"", text))
    n = 1
    while f"rId{n}" in taken:
        n += 1
    rel = f'<Relationship Id="rId{n}" Type="{CUSTOM_REL}" Target="{CUSTOM_PART}"/>'
    return text.replace("</Relationships>", rel + "</Relationships>", 1).encode("utf-8")


def stamp_entries(entries: Sequence[Entry], kind: str) -> list[Entry]:
    """A package's zip entries with the stamp added (or replaced), ready to be written again."""
    names = {info.filename for info, _ in entries}
    out: list[Entry] = []
    for info, data in entries:
        if info.filename == CUSTOM_PART:
            data = custom_xml(data, kind)
        elif info.filename == "[Content_Types].xml":
            data = declare_custom_part(data)
        elif info.filename == "_rels/.rels":
            data = relate_custom_part(data)
        out.append((info, data))
    if CUSTOM_PART not in names:
        out.append((ZipInfo(CUSTOM_PART), custom_xml(None, kind)))
    return out


def stamp_xlsxwriter(book: Any, kind: str) -> None:
    """Stamp an XlsxWriter workbook before it is closed (it writes docProps/custom.xml itself)."""
    book.set_custom_property(STAMP_PROPERTY, _check(kind))


def generator(kind: str) -> str:
    """The "generator" value of JSON reports and HTML documents."""
    return f"{STAMP_GENERATOR}:{_check(kind)}"


def stamp_html(html: str, kind: str) -> str:
    """An HTML document with the generator <meta> right after <head> (at the top without one)."""
    meta = f'<meta name="generator" content="{escape(generator(kind))}">'
    found = re.search(r"<head\b[^>]*>", html, re.I)
    if found is None:
        return meta + "\n" + html
    return html[:found.end()] + "\n" + meta + html[found.end():]
