"""Giấy khen: one A4 landscape page per awardee, framed on plain paper or text only on a blank form.

Every word comes from the campaign (authority, achievement line, signer) and the decision; the
form layout prints each line at the position in millimetres the campaign file gives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Any

from docx import Document as new_document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from thidua_xl.campaign import Campaign, Placement
from thidua_xl.council.decision import Awardee, Decision
from thidua_xl.outputs.documents.common import lower_first
from thidua_xl.outputs.documents.model import FONT, MOTTO, NATIONAL_NAME, PAGE_MM, safe_text
from thidua_xl.outputs.files import write_ooxml
from thidua_xl.outputs.numbering import short_name
from thidua_xl.text.dates import fmt_date, nd30_date
from thidua_xl.text.vietnamese import fold

RED = RGBColor(0xC0, 0x00, 0x00)
FRAME_MARGIN_MM = 14.0
BORDER = {"w:val": "thinThickSmallGap", "w:sz": "36", "w:space": "12", "w:color": "C00000"}
TWIPS_PER_MM = 1440 / 25.4


@dataclass(frozen=True)
class Certificate:
    """The lines of one certificate, in the names the campaign's [certificate.positions] uses."""

    authority: str
    title: str
    name: str
    role: str
    achievement: str
    decision: str
    place_date: str
    signer_title: str
    signer_name: str


def addressed(a: Awardee) -> str:
    """"Ông Lường Văn Khởi", "Bà …" for a person (by subject kind), a collective's own name."""
    if not a.individual:
        return a.name
    title = {"Nữ": "Bà", "Nam": "Ông"}.get(a.gender, "Ông/Bà")
    return f"{title} {a.name}"


def role_line(a: Awardee) -> str:
    """Position and unit of a person; a collective's unit when it is not the collective itself."""
    unit = a.work_unit or a.unit_name
    parts = (a.position, unit) if a.individual else (unit,)
    return ", ".join(p for p in parts if p and fold(p) != fold(a.name))


def achievement_line(campaign: Campaign) -> str:
    """The campaign's achievement line, or one built from its name."""
    return campaign.certificate.achievement or (
        f"Đã có thành tích xuất sắc trong {lower_first(campaign.name)}")


def certificates(campaign: Campaign, decision: Decision, awardees: Sequence[Awardee]
                 ) -> list[Certificate]:
    """One certificate per awardee of the decision's award, in the list's order."""
    award, ag = campaign.award(decision.award), campaign.agency
    return [Certificate(
        authority=award.authority.upper(), title=short_name(award).upper(), name=addressed(a),
        role=role_line(a), achievement=achievement_line(campaign),
        decision=f"Quyết định số {decision.number}\nngày {fmt_date(decision.day)}",
        place_date=nd30_date(decision.day, ag.place), signer_title=ag.head_title.upper(),
        signer_name=ag.head_name) for a in awardees if a.award == decision.award]


def _fonts(run: Any) -> None:
    """Times New Roman in every script slot, Vietnamese as the language."""
    _font_rpr(run._r.get_or_add_rPr())


def _font_rpr(rpr: Any) -> None:
    """Times New Roman and Vietnamese on a run or style property element."""
    fonts = rpr.get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    rpr.append(lang)


def _line(container: Any, text: str, size: float, *, bold: bool = False, italic: bool = False,
          underline: bool = False, colour: RGBColor | None = None, before: float = 0,
          align: str = "center") -> Paragraph:
    """One centred (or aligned) paragraph of one run."""
    p = container.add_paragraph()
    pf = p.paragraph_format
    pf.alignment = {"center": 1, "left": 0, "justify": 3}[align]
    pf.space_before, pf.space_after = Pt(before), Pt(0)
    if text:
        run = p.add_run(safe_text(text))
        run.font.size, run.font.bold, run.font.italic = Pt(size), bold or None, italic or None
        run.font.underline = underline or None
        if colour is not None:
            run.font.color.rgb = colour
        _fonts(run)
    return p


def _page(section: Section, margin_mm: float) -> None:
    """A4 landscape with even margins."""
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(PAGE_MM[1]), Mm(PAGE_MM[0])
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Mm(margin_mm))


def _border(section: Section) -> None:
    """The decorative frame: a thick-thin red page border, measured from the page edge."""
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "page")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        for key, value in BORDER.items():
            el.set(qn(key), value)
        borders.append(el)
    sect = section._sectPr
    for old in sect.findall(qn("w:pgBorders")):
        sect.remove(old)
    sect.insert_element_before(borders, "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt",
                               "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
                               "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings")


def _framed(doc: Any, c: Certificate) -> None:
    """The whole certificate: Quốc hiệu, authority, TẶNG, title, who, why, decision and signer."""
    _line(doc, NATIONAL_NAME, 13, bold=True, before=16)
    _line(doc, MOTTO, 14, bold=True, underline=True)
    _line(doc, c.authority, 16, bold=True, before=20)
    _line(doc, "TẶNG", 15, bold=True, before=10)
    _line(doc, c.title, 46, bold=True, colour=RED, before=6)
    _line(doc, c.name, 26, bold=True, italic=True, before=14)
    if c.role:
        _line(doc, c.role, 15, before=6)
    _line(doc, c.achievement, 15, italic=True, before=12)
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.cell(0, 0), table.cell(0, 1)
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    _line(left, c.decision, 12, before=30)
    _line(right, c.place_date, 14, italic=True, before=14)
    _line(right, c.signer_title, 14, bold=True)
    _line(right, c.signer_name, 15, bold=True, before=62)
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _frame(p: Paragraph, place: Placement) -> None:
    """Pin a paragraph to the page: a text frame of the given width, centred on x, top at y."""
    fp = OxmlElement("w:framePr")
    left = max(0.0, place.x - place.width / 2)
    for key, mm in (("w:w", place.width), ("w:x", left), ("w:y", place.y)):
        fp.set(qn(key), str(round(mm * TWIPS_PER_MM)))
    for key, word in (("w:hAnchor", "page"), ("w:vAnchor", "page"), ("w:wrap", "around"),
                      ("w:hRule", "auto")):
        fp.set(qn(key), word)
    p._p.get_or_add_pPr().insert(0, fp)


FORM_STYLE: dict[str, dict[str, Any]] = {
    "authority": {"bold": True}, "name": {"bold": True, "italic": True}, "role": {},
    "achievement": {"italic": True}, "decision": {}, "place_date": {"italic": True},
    "signer_title": {"bold": True}, "signer_name": {"bold": True},
}


def _on_form(doc: Any, c: Certificate, campaign: Campaign) -> None:
    """Only the variable lines, each in a frame at the campaign's position on the blank form."""
    spec = campaign.certificate
    for key, style in FORM_STYLE.items():
        place = spec.placement(key)
        text = getattr(c, key)
        if place is None or not text:
            continue
        _frame(_line(doc, text, place.size, **style), place)


def _metadata(doc: Any, campaign: Campaign, decision: Decision) -> None:
    """Fixed core properties, so the same decision gives the same bytes."""
    cp = doc.core_properties
    cp.title = safe_text(f"{short_name(campaign.award(decision.award))} — QĐ {decision.number}")
    cp.subject, cp.author = safe_text(campaign.name), safe_text(campaign.agency.name)
    cp.last_modified_by = cp.author
    cp.created = cp.modified = cp.last_printed = datetime.combine(decision.day, time(0, 0))
    cp.revision, cp.keywords, cp.comments, cp.category = 1, "", "", ""


def build_certificates(certs: Sequence[Certificate], campaign: Campaign, decision: Decision,
                       layout: str) -> Any:
    """The python-docx document: one section (one page) per certificate."""
    doc = new_document()
    normal = doc.styles["Normal"]
    normal.paragraph_format.space_after = Pt(0)
    _font_rpr(normal.element.get_or_add_rPr())
    margin = FRAME_MARGIN_MM + 6 if layout == "frame" else 10.0
    for i, c in enumerate(certs):
        section = doc.sections[0] if i == 0 else doc.add_section(WD_SECTION.NEW_PAGE)
        _page(section, margin)
        if layout == "frame":
            _border(section)
            _framed(doc, c)
        else:
            _on_form(doc, c, campaign)
    _metadata(doc, campaign, decision)
    return doc


def write_certificates(certs: Sequence[Certificate], campaign: Campaign, decision: Decision,
                       layout: str, target: Path) -> Path:
    """giay_khen.docx, written atomically with fixed zip metadata."""
    doc = build_certificates(certs, campaign, decision, layout)
    return write_ooxml(Path(target), lambda tmp: doc.save(str(tmp)), kind="van_ban")
