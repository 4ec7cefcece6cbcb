"""The .docx rendering: python-docx with every ND30 measure set explicitly from docs_model."""

from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from docx import Document as new_document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Mm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

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
    Header,
    ListPage,
    Para,
    Signer,
    Table,
    caps_width_mm,
    header_left_mm,
    safe_text,
    text_width_mm,
)
from thidua_xl.outputs.files import write_ooxml

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
BODY_PT, HEADER_PT, NATIONAL_PT, LIST_PT, FIX_PT = 14, 13, 12, 12, 13
FIRST_LINE_INDENT = Cm(1.27)
SIGNATURE_SPACE_PT = 64
_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
               "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
               "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
               "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
               "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
               "w:rPr", "w:sectPr", "w:pPrChange")


def _font_element(rpr: Any) -> None:
    """Times New Roman for every script slot and Vietnamese as the language."""
    fonts = rpr.get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")


def _run(p: Paragraph, text: str, size: float, bold: bool = False, italic: bool = False,
         underline: bool = False) -> None:
    """One run of cleaned text; python-docx turns newlines into line breaks."""
    run = p.add_run(safe_text(text))
    run.font.size = Pt(size)
    run.font.bold = bold or None
    run.font.italic = italic or None
    run.font.underline = underline or None
    _font_element(run._r.get_or_add_rPr())


def _format(p: Paragraph, align: str = "left", before: float = 0, after: float = 0,
            first_line: Any = None, keep_next: bool = False) -> Paragraph:
    """Alignment, spacing and indent of one paragraph."""
    pf = p.paragraph_format
    pf.alignment = ALIGN[align]
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    pf.first_line_indent = first_line
    pf.keep_with_next = keep_next or None
    return p


def _target(container: Any) -> Paragraph:
    """A cell's untouched first paragraph, else a new paragraph at the end of the container."""
    if hasattr(container, "_tc"):
        first = container.paragraphs
        if len(first) == 1 and not first[0].runs and first[0]._p.pPr is None:
            return first[0]
    return container.add_paragraph()


def _para(container: Any, text: str = "", size: float = BODY_PT, *, bold: bool = False,
          italic: bool = False, underline: bool = False, label: str = "", **fmt: Any) -> Paragraph:
    """A formatted paragraph with an optional bold lead such as "Điều 1."."""
    p = _format(_target(container), **fmt)
    if label:
        _run(p, label + " ", size, bold=True)
    if text:
        _run(p, text, size, bold, italic, underline)
    return p


def _rule(container: Any, length_mm: float, avail_mm: float) -> None:
    """ND30's short centred line under the issuer and the trích yếu: a bordered empty paragraph."""
    p = _para(container)
    side = max(0.0, (avail_mm - length_mm) / 2)
    pf = p.paragraph_format
    pf.left_indent, pf.right_indent = Mm(side), Mm(side)
    pf.line_spacing_rule, pf.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(6)
    border = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "000000")):
        border.set(qn(key), value)
    pbdr = OxmlElement("w:pBdr")
    pbdr.append(border)
    p._p.get_or_add_pPr().insert_element_before(pbdr, *_AFTER_PBDR)


def _text_mm(text: str, size: float) -> float:
    """Rough printed width of a mixed-case line, to size the trích yếu rule (ND30: 1/3–1/2)."""
    return len(text) * size * 0.45 * 25.4 / 72


def _no_cell_margins(table: DocxTable) -> None:
    """Header cells without side padding, so the Quốc hiệu fits its column on one line."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        el = OxmlElement(side)
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption",
                                           "w:tblDescription")


def _keep_rows(table: DocxTable) -> None:
    """Rows that never split across pages (the signature block stays whole)."""
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _widths(table: DocxTable, widths: Sequence[float]) -> None:
    """Fixed column widths in the grid and in every cell, merged cells spanning their columns."""
    table.autofit = False
    for col, w in zip(table.columns, widths, strict=True):
        col.width = Mm(w)
    for tr in table._tbl.tr_lst:
        i = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = Mm(sum(widths[i:i + span]))
            i += span
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        table._tbl.tblPr.append(tbl_w)
    tbl_w.set(qn("w:w"), str(round(sum(widths) * 1440 / 25.4)))
    tbl_w.set(qn("w:type"), "dxa")


def _page(section: Section, landscape: bool) -> None:
    """A4 in the asked orientation with the ND30 margins."""
    short, long = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.top_margin, section.bottom_margin = Mm(MARGIN_MM["top"]), Mm(MARGIN_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGIN_MM["left"]), Mm(MARGIN_MM["right"])
    section.header_distance = section.footer_distance = Mm(10)


def _page_numbers(section: Section) -> None:
    """ND30 numbers pages at the top centre from the second page on."""
    section.different_first_page_header_footer = True
    p = _format(section.header.paragraphs[0], "center")
    run = p.add_run()
    run.font.size = Pt(BODY_PT)
    _font_element(run._r.get_or_add_rPr())
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run._r.addprevious(field)
    field.append(run._r)


def _header(doc: Any, h: Header, landscape: bool) -> None:
    """Two-column header: agency block and number left; Quốc hiệu, tiêu ngữ and date right."""
    width, left = text_width_mm(landscape), header_left_mm(landscape)
    if h.draft:
        _para(doc, "DỰ THẢO", NATIONAL_PT, bold=True, align="right")
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_cell_margins(table)
    _widths(table, (left, width - left))
    agency, nation = table.cell(0, 0), table.cell(0, 1)
    if h.parent:
        _para(agency, h.parent, PARENT_PT, align="center")
    _para(agency, h.issuer, ISSUER_PT, bold=True, align="center")
    longest = max(caps_width_mm(line, ISSUER_PT) for line in h.issuer.split("\n"))
    _rule(agency, min(longest, left) * 0.4, left)
    _para(nation, NATIONAL_NAME, NATIONAL_PT, bold=True, align="center")
    _para(nation, MOTTO, HEADER_PT, bold=True, underline=True, align="center")
    _para(table.cell(1, 0), h.number, HEADER_PT, align="center", before=6)
    _para(table.cell(1, 1), h.place_date, BODY_PT, italic=True, align="center", before=6)


def _title(doc: Any, kind: str, summary: Sequence[str], note: str, width: float) -> None:
    """Document type in bold caps, trích yếu in bold with its short rule, then the italic note."""
    _para(doc, kind, BODY_PT, bold=True, align="center", before=18, keep_next=True)
    for line in summary:
        _para(doc, line, BODY_PT, bold=True, align="center", keep_next=True)
    if summary:
        longest = max(min(_text_mm(s, BODY_PT), width) for s in summary)
        _rule(doc, longest * 0.4, width - 2)
    if note:
        _para(doc, note, BODY_PT, italic=True, align="center", before=3, after=6)


def _recipients(doc: Any, items: Sequence[str]) -> None:
    """"Kính gửi:" on one centred line, or as a list when there are several."""
    if len(items) == 1:
        _para(doc, f"{RECIPIENT_LABEL} {items[0]}", align="center", before=6, after=12)
    elif items:
        _para(doc, RECIPIENT_LABEL, align="center", before=6)
        for r in items:
            _para(doc, f"- {r};", align="center")


def _paras(doc: Any, items: Sequence[Para], italic: bool = False) -> None:
    """Body paragraphs: justified, first-line indent, 6 pt apart."""
    for item in items:
        _para(doc, item.text, italic=italic, label=item.label, align="justify", after=6,
              first_line=FIRST_LINE_INDENT)


def _repeat_header(row: Any) -> None:
    """Mark a table row to repeat at the top of every page."""
    flag = OxmlElement("w:tblHeader")
    row._tr.get_or_add_trPr().append(flag)


class _EntryRows:
    """Entry rows copied from one row built by python-docx: its API re-searches the XML for every
    property it sets, which made a 6,000-row list take seconds."""

    def __init__(self, table: DocxTable, columns: Sequence[Any], size: float) -> None:
        row = table.add_row()
        self.paras = [deepcopy(_para(cell, "x", size, align=col.align)._p)
                      for cell, col in zip(row.cells, columns, strict=True)]
        self.blanks = [deepcopy(p) for p in self.paras]
        for p in self.blanks:
            p.remove(p.r_lst[0])
        for tc in row._tr.tc_lst:
            tc.remove(tc.p_lst[0])
        self.row = row._tr
        table._tbl.remove(self.row)

    def append(self, table: DocxTable, texts: Sequence[str]) -> None:
        """One entry row; each line of a cell is a paragraph, as _para would make it."""
        tr = deepcopy(self.row)
        for i, (tc, text) in enumerate(zip(tr.tc_lst, texts, strict=True)):
            for line in text.split("\n"):
                if not line:
                    tc.append(deepcopy(self.blanks[i]))
                    continue
                clean = safe_text(line)
                p = deepcopy(self.paras[i])
                run = p.r_lst[0]
                if not clean or "\n" in clean or "\t" in clean:
                    run.text = clean
                else:
                    t = run.t_lst[0]
                    t.text = clean
                    if len(clean.strip()) < len(clean):
                        t.set(qn("xml:space"), "preserve")
                tc.append(p)
        table._tbl.append(tr)


def _table(doc: Any, t: Table, width: float, size: float) -> None:
    """A bordered table; section and group rows span every column."""
    table = doc.add_table(rows=1, cols=len(t.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, col in zip(table.rows[0].cells, t.columns, strict=True):
        _para(cell, col.label, size, bold=True, align="center")
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _repeat_header(table.rows[0])
    entries = _EntryRows(table, t.columns, size)
    for r in t.rows:
        if r.kind == "entry":
            entries.append(table, r.cells)
            continue
        cells = table.add_row().cells
        heading = r.kind in ("section", "group")
        _para(cells[0].merge(cells[-1]), r.cells[0], size, bold=heading,
              italic=r.kind in ("group", "none"), keep_next=heading,
              align="center" if r.kind == "none" else "left")
    _widths(table, t.widths_mm(width))
    _para(doc, "", 6)


def _cc(container: Any, lines: Sequence[str]) -> None:
    """"Nơi nhận:" (12 bold italic) and its list (11)."""
    _para(container, CC_TITLE, 12, bold=True, italic=True, before=12)
    for line in lines:
        _para(container, f"- {line}", 11)


def _signer(cell: Any, signer: Signer) -> None:
    """A signature block: prefix and title bold caps, space to sign, name bold."""
    if signer.prefix:
        _para(cell, signer.prefix, BODY_PT, bold=True, align="center", before=12)
    _para(cell, signer.title, BODY_PT, bold=True, align="center",
          before=0 if signer.prefix else 12)
    _para(cell, signer.name, BODY_PT, bold=True, align="center", before=SIGNATURE_SPACE_PT)


def _signature(doc: Any, d: Document, width: float) -> None:
    """Nơi nhận (or a co-signer, with Nơi nhận below) left; signer right."""
    if d.signer is None:
        return
    table = doc.add_table(rows=1, cols=2)
    _widths(table, (width / 2, width / 2))
    left, right = table.cell(0, 0), table.cell(0, 1)
    if d.cosigner:
        _signer(left, d.cosigner)
    elif d.cc:
        _cc(left, d.cc)
    else:
        _para(left)
    _signer(right, d.signer)
    _keep_rows(table)
    if d.cosigner and d.cc:
        _cc(doc, d.cc)


def _list_page(doc: Any, lp: ListPage) -> None:
    """An attached list on a new landscape page."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section, lp.landscape)
    section.different_first_page_header_footer = False
    width = text_width_mm(lp.landscape)
    _title(doc, lp.kind, lp.summary, lp.note, width)
    _table(doc, lp.table, width, LIST_PT if lp.landscape else FIX_PT)


def _metadata(doc: Any, d: Document, campaign: Campaign, today: date | None) -> None:
    """Core properties fixed from the inputs, so the same inputs give the same bytes."""
    stamp = datetime.combine(today or campaign.deadline, time(0, 0))
    cp = doc.core_properties
    cp.title, cp.subject = safe_text(d.title), safe_text(campaign.name)
    cp.author = cp.last_modified_by = safe_text(campaign.agency.name)
    cp.created = cp.modified = cp.last_printed = stamp
    cp.revision, cp.keywords, cp.comments, cp.category = 1, "", "", ""


def build_docx(d: Document, campaign: Campaign, today: date | None) -> Any:
    """The python-docx document for one model document."""
    doc = new_document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    _font_element(normal.element.get_or_add_rPr())
    pf = normal.paragraph_format
    pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(0), 1.0
    section = doc.sections[0]
    _page(section, d.landscape)
    _page_numbers(section)
    width = text_width_mm(d.landscape)
    _header(doc, d.header, d.landscape)
    _title(doc, d.kind, (d.summary,) if d.summary else (), d.note, width)
    if d.authority:
        _para(doc, d.authority, bold=True, align="center", before=12, after=6)
    _paras(doc, [Para(g) for g in d.grounds], italic=True)
    if d.decides:
        _para(doc, d.decides, bold=True, align="center", before=6, after=6, keep_next=True)
    _recipients(doc, d.recipients)
    _paras(doc, d.body)
    if d.table:
        _table(doc, d.table, width, LIST_PT if d.landscape else FIX_PT)
    _paras(doc, d.closing)
    _signature(doc, d, width)
    for lp in d.annexes:
        _list_page(doc, lp)
    _metadata(doc, d, campaign, today)
    return doc


def write_docx(d: Document, target: Path, campaign: Campaign, today: date | None) -> Path:
    """Build and write atomically with fixed zip metadata."""
    doc = build_docx(d, campaign, today)
    return write_ooxml(target, lambda tmp: doc.save(str(tmp)), kind="van_ban")
