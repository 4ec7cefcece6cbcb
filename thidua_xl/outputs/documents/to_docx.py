"""The .docx rendering: WordprocessingML written from the package's templates, zipped deterministically.

templates/docx/document.xml (Jinja) lays out the same content model the HTML templates render;
this module works out the measures (twips, half-points) and writes the fixed parts beside it.
Building the XML as text is what makes a 6,000-row list or 200 fix slips cheap; python-docx is
only used to read documents back in the tests.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

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
from thidua_xl.outputs.files import FIXED_ZIP_TIME, atomic_path

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates" / "docx"
BODY_PT, HEADER_PT, NATIONAL_PT, LIST_PT, FIX_PT = 14, 13, 12, 12, 13
FIRST_LINE_INDENT_CM = 1.27
SIGNATURE_SPACE_PT = 64
HEADER_DISTANCE_MM = 10.0
JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}
ZIP_LEVEL = 6
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


def run_text(value: object) -> Markup:
    """A run's text as <w:t> pieces: each newline a <w:br/>, each tab a <w:tab/>, XML escaped."""
    out = []
    for piece in _PIECES.split(safe_text(value)):
        if piece == "\n":
            out.append("<w:br/>")
        elif piece == "\t":
            out.append("<w:tab/>")
        elif piece:
            space = ' xml:space="preserve"' if piece.strip() != piece else ""
            out.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return Markup("".join(out))


@lru_cache(maxsize=1)
def macros() -> Any:
    """The macros of _parts.xml, callable from Python."""
    return environment().get_template("_parts.xml").module


def table_rows(t: Table, g: Grid) -> Markup:
    """A table's body rows: entry cells assembled from the macros' fixed pieces (a cell line is one
    paragraph), the rare section/group rows through the merged_row macro itself."""
    m = macros()
    cells = [str(m.tc_open(w)) for w in g.grid]
    paras = [f"<w:p>{m.ppr(jc)}" for jc in g.aligns]
    run = f"<w:r>{m.rpr(g.size)}"
    out: list[str] = []
    add = out.append
    for r in t.rows:
        if r.kind != "entry":
            add(str(m.merged_row(r, g)))
            continue
        add("<w:tr>")
        for i, text in enumerate(r.cells):
            add(cells[i])
            for line in text.split("\n"):
                add(paras[i])
                if line:
                    add(run)
                    add(run_text(line))
                    add("</w:r>")
                add("</w:p>")
            add("</w:tc>")
        add("</w:tr>")
    return Markup("".join(out))


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
    env.globals["table_rows"] = table_rows
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


def document_xml(d: Document) -> str:
    """word/document.xml of one model document."""
    return environment().get_template("document.xml").render(doc=d, g=layout(d))


def core_xml(d: Document, campaign: Campaign, today: date | None) -> str:
    """docProps/core.xml with every date fixed from the inputs."""
    stamp = datetime.combine(today or campaign.deadline, time(0, 0)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return environment().get_template("core.xml").render(
        title=d.title, subject=campaign.name, author=campaign.agency.name, stamp=stamp)


def docx_parts(d: Document, campaign: Campaign, today: date | None) -> list[tuple[str, bytes]]:
    """(part name, bytes) of the whole package, in zip order."""
    made = {"document.xml": document_xml(d).encode("utf-8"),
            "core.xml": core_xml(d, campaign, today).encode("utf-8")}
    return [(name, made[src] if src in made else static_part(src)) for name, src in PARTS]


def write_parts(target: Path, parts: list[tuple[str, bytes]]) -> Path:
    """Zip the parts atomically with fixed timestamps and permissions: same parts, same bytes."""
    with atomic_path(target) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED,
                                                     compresslevel=ZIP_LEVEL) as zf:
        for name, data in parts:
            info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zf.writestr(info, data, compresslevel=ZIP_LEVEL)
    return Path(target)


def write_docx(d: Document, target: Path, campaign: Campaign, today: date | None) -> Path:
    """Render and write one document as .docx."""
    return write_parts(target, docx_parts(d, campaign, today))

