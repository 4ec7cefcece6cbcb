"""The .docx rendering: WordprocessingML written from the package's templates, zipped deterministically.

templates/docx/document.xml (Jinja) lays out the same content model the HTML templates render;
this module works out the measures (twips, half-points) and writes the fixed parts beside it.
Building the XML as text is what makes a 6,000-row list or 200 fix slips cheap; python-docx is
only used to read documents back in the tests.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from thidua_xl.campaign import Campaign
from thidua_xl.outputs.documents.model import (
    CC_TITLE,
    FONT,
    ISSUER_PT,
    MARGIN_MM,
    MOTTO,
    NATIONAL_NAME,
    PAGE_MM,
    PARENT_PT,
    RECIPIENT_LABEL,
    Document,
    Table,
    caps_width_mm,
    header_left_mm,
    safe_text,
    text_width_mm,
)
from thidua_xl.outputs.documents.streaming import in_chunks, remembered
from thidua_xl.outputs.files import FIXED_ZIP_TIME, atomic_path
from thidua_xl.outputs.stamp import custom_xml, declare_custom_part, relate_custom_part
from thidua_xl.read.produced import CUSTOM_PART

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates" / "docx"
BODY_PT, HEADER_PT, NATIONAL_PT, LIST_PT, FIX_PT = 14, 13, 12, 12, 13
FIRST_LINE_INDENT_CM = 1.27
SIGNATURE_SPACE_PT = 64
HEADER_DISTANCE_MM = 10.0
JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}
ZIP64_ROWS = 500_000
STAMP_KIND = "van_ban"
_PIECES = re.compile(r"([\t\n])")
# Package part → template file; the order is the order inside the zip.
PARTS = (("[Content_Types].xml", "content_types.xml"), ("_rels/.rels", "rels.xml"),
         ("docProps/app.xml", "app.xml"), ("docProps/core.xml", "core.xml"),
         ("word/_rels/document.xml.rels", "document.xml.rels"),
         ("word/document.xml", "document.xml"), ("word/header1.xml", "header1.xml"),
         ("word/settings.xml", "settings.xml"), ("word/styles.xml", "styles.xml"))
STATIC = frozenset({"content_types.xml", "rels.xml", "app.xml", "document.xml.rels",
                    "header1.xml", "settings.xml", "styles.xml"})


def mm_twips(mm: float) -> int:
    """Millimetres to twips, rounded as Word's own millimetre fields are (EMU first)."""
    return round(int(mm * 36000) / 635)


def pt_twips(pt: float) -> int:
    """Points to twips."""
    return round(int(pt * 12700) / 635)


def _t(text: str) -> str:
    """One <w:t> of clean text without tabs or newlines (spaces kept at its ends), escaped for
    element content with plain str calls (a markupsafe object per cell cost more than the rest)."""
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<w:t{space}>{text}</w:t>"


def _run_xml(value: object) -> str:
    """A run's text as <w:t> pieces: each newline a <w:br/>, each tab a <w:tab/>, XML escaped."""
    text = safe_text(value)
    if "\n" not in text and "\t" not in text:
        return _t(text) if text else ""
    pieces = _PIECES.split(text)
    return "".join("<w:br/>" if p == "\n" else "<w:tab/>" if p == "\t" else _t(p)
                   for p in pieces if p)


def run_text(value: object) -> Markup:
    """_run_xml as markup, for the templates' `wt` filter."""
    return Markup(_run_xml(value))


@lru_cache(maxsize=1)
def macros() -> Any:
    """The macros of _parts.xml, callable from Python."""
    return environment().get_template("_parts.xml").module


def table_chunks(t: Table, g: Grid) -> Iterator[Markup]:
    """A table's body rows, a few hundred per chunk: entry cells assembled from the macros' fixed
    pieces (one paragraph per line of a cell; recurring cells such as positions, units and rates
    are built once), the rare section/group rows through the merged_row macro itself."""
    m = macros()
    run = f"<w:r>{m.rpr(g.size)}"
    columns = [(str(m.tc_open(w)), f"<w:p>{m.ppr(jc)}") for w, jc in zip(g.grid, g.aligns,
                                                                         strict=True)]

    @remembered
    def cell(key: tuple[int, str]) -> str:
        tc, para = columns[key[0]]
        lines = (f"{para}{run}{_run_xml(line)}</w:r></w:p>" if line else f"{para}</w:p>"
                 for line in key[1].split("\n"))
        return f"{tc}{''.join(lines)}</w:tc>"

    def rows() -> Iterator[str]:
        for r in t.rows:
            if r.kind == "entry":
                yield f"<w:tr>{''.join(cell(key) for key in enumerate(r.cells))}</w:tr>"
            else:
                yield str(m.merged_row(r, g))

    return in_chunks(rows())


def _finalize(value: object) -> object:
    """Every printed value cleaned of XML-illegal characters; template-built markup unchanged."""
    return value if isinstance(value, Markup) else safe_text(value)


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The XML templates' environment: autoescaped, strict, fixed ND30 constants as globals."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True,
                      undefined=StrictUndefined, finalize=_finalize, trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["wt"] = run_text
    env.globals["table_chunks"] = table_chunks
    fonts = Markup(f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/>')
    env.globals.update(
        fonts=fonts, body=BODY_PT, body_size=BODY_PT * 2, header_size=HEADER_PT,
        national_size=NATIONAL_PT, parent_size=PARENT_PT, issuer_size=ISSUER_PT,
        national_name=NATIONAL_NAME, motto=MOTTO, cc_title=CC_TITLE,
        recipient_label=RECIPIENT_LABEL, first_line=round(int(FIRST_LINE_INDENT_CM * 360000) / 635),
        signature_space=SIGNATURE_SPACE_PT, page_short=mm_twips(PAGE_MM[0]),
        page_long=mm_twips(PAGE_MM[1]),
        margin={**{k: mm_twips(v) for k, v in MARGIN_MM.items()},
                "header": mm_twips(HEADER_DISTANCE_MM)})
    return env


@lru_cache(maxsize=16)
def static_part(name: str) -> bytes:
    """A fixed package part, rendered once (fonts and sizes come from the same constants)."""
    return environment().get_template(name).render().encode("utf-8")


@dataclass(frozen=True)
class Grid:
    """A table's measures: total width, column widths, merged-row width, text size, alignments."""

    width: int
    grid: tuple[int, ...]
    span: int = 0
    size: int = LIST_PT
    aligns: tuple[str, ...] = ()
    rule: int = 0
    landscape: bool = False


def _grid(widths_mm: tuple[float, ...]) -> tuple[int, tuple[int, ...], int]:
    """tblW, gridCol widths and the width of a cell spanning every column."""
    return (round(sum(widths_mm) * 1440 / 25.4), tuple(mm_twips(w) for w in widths_mm),
            mm_twips(sum(widths_mm)))


def _rule_indent(length_mm: float, avail_mm: float) -> int:
    """Side indents that centre a short rule of `length_mm` in `avail_mm`."""
    return mm_twips(max(0.0, (avail_mm - length_mm) / 2))


def _text_mm(text: str, size: float) -> float:
    """Rough printed width of a mixed-case line, to size the trích yếu rule (ND30: 1/3–1/2)."""
    return len(text) * size * 0.45 * 25.4 / 72


def _summary_rule(summary: tuple[str, ...], width: float) -> int:
    """Indent of the rule under the trích yếu: 40 % of its longest line, centred."""
    if not summary:
        return 0
    longest = max(min(_text_mm(s, BODY_PT), width) for s in summary)
    return _rule_indent(longest * 0.4, width - 2)


def table_grid(t: Table, landscape: bool, summary: tuple[str, ...] = ()) -> Grid:
    """Measures of a bordered list table (and of the title rule above it on an annex page)."""
    width = text_width_mm(landscape)
    total, grid, span = _grid(t.widths_mm(width))
    return Grid(total, grid, span, LIST_PT if landscape else FIX_PT,
                tuple(JC[c.align] for c in t.columns), _summary_rule(summary, width), landscape)


def layout(d: Document) -> dict[str, Any]:
    """Every measure the document template needs, worked out from the model."""
    width, left = text_width_mm(d.landscape), header_left_mm(d.landscape)
    total, grid, _ = _grid((left, width - left))
    longest = max(caps_width_mm(line, ISSUER_PT) for line in d.header.issuer.split("\n"))
    half = _grid((width / 2, width / 2))
    annexes = [table_grid(lp.table, lp.landscape, lp.summary) for lp in d.annexes]
    return {
        "header": Grid(total, grid, rule=_rule_indent(min(longest, left) * 0.4, left)),
        "summary_rule": _summary_rule((d.summary,) if d.summary else (), width),
        "table": table_grid(d.table, d.landscape) if d.table else None,
        "signature": Grid(half[0], half[1]),
        "annexes": annexes,
        "sections": [(d.landscape, True), *((lp.landscape, False) for lp in d.annexes)],
    }


def document_chunks(d: Document) -> Iterator[str]:
    """word/document.xml of one model document, piece by piece (list rows stream)."""
    return environment().get_template("document.xml").generate(doc=d, g=layout(d))


def document_xml(d: Document) -> str:
    """word/document.xml as one string."""
    return "".join(document_chunks(d))


def core_xml(d: Document, campaign: Campaign, today: date | None) -> str:
    """docProps/core.xml with every date fixed from the inputs."""
    stamp = datetime.combine(today or campaign.deadline, time(0, 0)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return environment().get_template("core.xml").render(
        title=d.title, subject=campaign.name, author=campaign.agency.name, stamp=stamp)


def _rows(d: Document) -> int:
    """Table rows in a document, to decide whether its XML may pass 2 GB (ZIP64)."""
    return sum(len(t.rows) for t in (d.table, *(lp.table for lp in d.annexes)) if t is not None)


def write_docx(d: Document, target: Path, campaign: Campaign, today: date | None) -> Path:
    """Write one document as .docx atomically: fixed parts rendered once, document.xml streamed
    into the zip, every entry with fixed timestamps and permissions (same inputs, same bytes)."""
    made = {"core.xml": [core_xml(d, campaign, today)], "document.xml": document_chunks(d)}
    with atomic_path(target) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, src in (*PARTS, (CUSTOM_PART, "")):
            info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            with zf.open(info, "w", force_zip64=src == "document.xml" and _rows(d) > ZIP64_ROWS
                         ) as fh:
                if src in made:
                    _write_text(fh, made[src])
                else:
                    fh.write(_stamped_part(name, src))
    return Path(target)


def _stamped_part(name: str, src: str) -> bytes:
    """A fixed part, with the custom property that marks the file as thidua_xl's own document."""
    if name == CUSTOM_PART:
        return custom_xml(None, STAMP_KIND)
    data = static_part(src)
    if name == "[Content_Types].xml":
        return declare_custom_part(data)
    if name == "_rels/.rels":
        return relate_custom_part(data)
    return data


def _write_text(fh: IO[bytes], chunks: Iterable[str], flush_chars: int = 1 << 20) -> None:
    """Encode text chunks to UTF-8 in batches of about a million characters."""
    batch: list[str] = []
    size = 0
    for chunk in chunks:
        batch.append(chunk)
        size += len(chunk)
        if size >= flush_chars:
            fh.write("".join(batch).encode("utf-8"))
            batch.clear()
            size = 0
    if batch:
        fh.write("".join(batch).encode("utf-8"))
