"""Documents for the head to sign: ND30 layout, campaign-driven wording, escaping, determinism."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import zipfile
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from thidua_xl.campaign import Campaign, Papers, Plan, Signatory, load_campaign
from thidua_xl.outputs.documents.model import AwardList, FixRequest, ListEntry
from thidua_xl.outputs.documents.write import build_documents, write_documents

TODAY = date(2021, 5, 24)
TRICKY = "Tổ Kỹ thuật CNTT&TT <b>Trung tâm</b>"
TRICKY_SUMMARY = "=SUM(A1) bảo đảm hạ tầng {{ ha_tang }} {% raw %} & <script>x</script>"


def person(name: str, gender: str, position: str, unit: str, votes: int, total: int,
           summary: str = "Hoàn thành xuất sắc nhiệm vụ phục vụ bầu cử.") -> ListEntry:
    """An individual nominee."""
    return ListEntry(name, "ca-nhan", gender, position, unit, unit, summary, votes / total,
                     votes, total)


def collective(name: str, unit: str, votes: int, total: int, summary: str) -> ListEntry:
    """A collective nominee."""
    return ListEntry(name, "tap-the", "", "", "", unit, summary, votes / total, votes, total)


@pytest.fixture(scope="module")
def campaign() -> Campaign:
    return load_campaign()


@pytest.fixture(scope="module")
def lists() -> list[AwardList]:
    giay_khen = AwardList(
        "GKGD",
        within=(
            collective("Phòng Công nghệ thông tin", "Phòng Công nghệ thông tin", 7, 7,
                       "Bảo đảm hệ thống thông tin phục vụ bầu cử thông suốt."),
            collective(TRICKY, "Trung tâm CNTT&TT", 21, 23, TRICKY_SUMMARY),
            person("Nguyễn Thị Hồng Nhung", "Nữ", "Chuyên viên", "Văn phòng Sở", 13, 14,
                   "Tổng hợp báo cáo bầu cử kịp thời.\nTham gia tổ giúp việc."),
            person("Hoàng Văn Đức", "Nam", "Phó Trưởng phòng", "Phòng Bưu chính - Viễn thông", 6, 6),
            person("Lò Thị Mai", "Nữ", "Kế toán", "Phòng Kế hoạch - Tài chính", 6, 7),
        ),
        beyond=(person("Đặng Văn Bình", "Nam", "Thanh tra viên", "Thanh tra Sở", 5, 6),),
    )
    bang_khen = AwardList("BKUBND", within=(
        person("Ma Thị Lan", "Nữ", "Trưởng phòng", "Phòng Thông tin - Báo chí - Xuất bản", 8, 8),),
        beyond=())
    return [bang_khen, giay_khen]


@pytest.fixture(scope="module")
def fixes() -> list[FixRequest]:
    return [
        FixRequest("Trung tâm CNTT&TT", "TTCNTT.xlsx", "12/TTr-TTCNTT", (
            ("Danh sách đề nghị!J14", "Trần Văn An", "Chưa đánh dấu tiêu chuẩn TCN2"),
            ("Thông tin đơn vị!C5", "Ngày họp xét", "Ngày không hợp lệ: 31/02/2021"))),
        FixRequest("Trung tâm CNTT&TT", "TTCNTT_lan2.xlsx", "", (
            ("Danh sách đề nghị!K9", "Bùi Thị Hoa", "Thiếu tóm tắt thành tích"),)),
        FixRequest("Tổ <Dự án> & Cộng sự", "to_du_an.xlsx", "03/TTr-DA", (
            ("Danh sách đề nghị!B7", "Vi Văn Sơn\x0b", "Thiếu năm sinh\x00"),)),
    ]


@pytest.fixture(scope="module")
def written(tmp_path_factory, campaign, lists, fixes) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("docs")
    paths = write_documents(campaign, lists, fixes, out, today=TODAY)
    return {p.name: p for p in paths}


def docx_at(written: dict[str, Path], stem: str):
    return open_docx(str(written[f"{stem}.docx"]))


def flat(text: str) -> str:
    """Whitespace collapsed; the non-breaking hyphen and wrap hints read as what they stand for."""
    return " ".join(text.replace("\u2011", "-").replace("\u200b", "").split())


def all_text(doc) -> str:
    """Every paragraph and table cell, in document order, whitespace collapsed."""
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return flat(" ".join(parts))


def runs_with(doc, needle: str):
    """Runs in body paragraphs and table cells whose text contains `needle`."""
    paragraphs = list(doc.paragraphs)
    for table in doc.tables:
        paragraphs += [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return [r for p in paragraphs for r in p.runs if needle in r.text]


DOCS = ["danh_sach_de_nghi", "to_trinh_van_phong", "du_thao_quyet_dinh", "to_trinh_cap_tren",
        "phieu_bo_sung_ttcntt", "phieu_bo_sung_ttcntt_2", "phieu_bo_sung_to_du_an_cong_su"]


def test_writes_every_document_as_html_and_docx(written):
    assert set(written) == {f"{s}.{ext}" for s in DOCS for ext in ("html", "docx")}


@pytest.mark.parametrize("stem", DOCS)
def test_pages_are_a4_with_nd30_margins(written, stem):
    for section in docx_at(written, stem).sections:
        short, long = sorted((section.page_width, section.page_height))
        assert (round(short / Mm(1)), round(long / Mm(1))) == (210, 297)
        landscape = section.page_width > section.page_height
        assert (section.orientation == WD_ORIENT.LANDSCAPE) == landscape
        assert 20 <= round(section.top_margin / Mm(1)) <= 25
        assert 20 <= round(section.bottom_margin / Mm(1)) <= 25
        assert 30 <= round(section.left_margin / Mm(1)) <= 35
        assert 15 <= round(section.right_margin / Mm(1)) <= 20


@pytest.mark.parametrize(("stem", "first_landscape", "sections"), [
    ("danh_sach_de_nghi", True, 2), ("du_thao_quyet_dinh", False, 2),
    ("to_trinh_cap_tren", False, 2), ("to_trinh_van_phong", False, 1),
])
def test_attached_lists_get_their_own_page_section(written, stem, first_landscape, sections):
    doc = docx_at(written, stem)
    assert len(doc.sections) == sections
    first = doc.sections[0]
    assert (first.page_width > first.page_height) == first_landscape


@pytest.mark.parametrize("stem", DOCS)
def test_every_run_is_times_new_roman(written, stem):
    doc = docx_at(written, stem)
    normal = doc.styles["Normal"].element.rPr.rFonts
    assert {normal.get(qn(f"w:{k}")) for k in ("ascii", "hAnsi", "cs", "eastAsia")} == {
        "Times New Roman"}
    fonts = {r.font.name for r in runs_with(doc, "")}
    assert fonts == {"Times New Roman"}


@pytest.mark.parametrize(("stem", "parent", "issuer", "kind"), [
    ("to_trinh_van_phong", "name", "office", "TTr"),
    ("danh_sach_de_nghi", "name", "office", None),
    ("du_thao_quyet_dinh", "parent", "name", "QĐ"),
    ("to_trinh_cap_tren", "parent", "name", "TTr"),
])
def test_header_names_agency_and_leaves_number_blank(written, campaign, stem, parent, issuer,
                                                     kind):
    ag = campaign.agency
    header = docx_at(written, stem).tables[0]
    left = flat(header.cell(0, 0).text)
    assert left == f"{getattr(ag, parent).upper()} {getattr(ag, issuer).upper()}"
    parent_runs = [r for p in header.cell(0, 0).paragraphs[:1] for r in p.runs]
    assert parent_runs and not any(r.bold for r in parent_runs)
    issuer_runs = header.cell(0, 0).paragraphs[1].runs
    assert issuer_runs and all(r.bold for r in issuer_runs)
    number = header.cell(1, 0).text
    if kind:
        assert re.fullmatch(rf"Số: {{4,}}/{kind}-{ag.code_suffix}", number)
    else:
        assert number == ""


@pytest.mark.parametrize("stem", DOCS)
def test_national_name_and_motto_follow_nd30(written, stem):
    header = docx_at(written, stem).tables[0]
    national, motto = header.cell(0, 1).paragraphs[:2]
    assert national.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert all(r.bold and 12 <= r.font.size.pt <= 13 for r in national.runs)
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    assert all(r.bold and r.underline and 13 <= r.font.size.pt <= 14 for r in motto.runs)
    assert national.alignment == motto.alignment == WD_ALIGN_PARAGRAPH.CENTER


@pytest.mark.parametrize("stem", DOCS)
def test_issuer_has_a_short_rule_under_it(written, stem):
    cell = docx_at(written, stem).tables[0].cell(0, 0)
    rules = [p for p in cell.paragraphs if p._p.find(f".//{qn('w:pBdr')}") is not None]
    assert len(rules) == 1
    indent = rules[0].paragraph_format.left_indent
    assert indent and indent > Mm(10)


@pytest.mark.parametrize(("stem", "today", "expected"), [
    ("to_trinh_van_phong", date(2021, 5, 4), r"Bắc Kạn, ngày 04 tháng 5 năm 2021"),
    ("to_trinh_van_phong", date(2021, 2, 13), r"Bắc Kạn, ngày 13 tháng 02 năm 2021"),
    ("to_trinh_van_phong", date(2021, 11, 30), r"Bắc Kạn, ngày 30 tháng 11 năm 2021"),
    ("phieu_bo_sung_ttcntt", date(2021, 1, 9), r"Bắc Kạn, ngày 09 tháng 01 năm 2021"),
    ("to_trinh_van_phong", None, r"Bắc Kạn, ngày {4,}tháng {4,}năm 2021"),
    ("du_thao_quyet_dinh", date(2021, 5, 4), r"Bắc Kạn, ngày {4,}tháng 5 năm 2021"),
    ("to_trinh_cap_tren", None, r"Bắc Kạn, ngày {4,}tháng {4,}năm 2021"),
])
def test_date_line_uses_nd30_wording(tmp_path, campaign, lists, fixes, stem, today, expected):
    write_documents(campaign, lists, fixes[:1], tmp_path, today=today)
    line = open_docx(str(tmp_path / f"{stem}.docx")).tables[0].cell(1, 1).paragraphs[0]
    assert re.fullmatch(expected, line.text)
    assert all(r.italic for r in line.runs)


@pytest.mark.parametrize(("stem", "title", "name"), [
    ("du_thao_quyet_dinh", "head_title", "head_name"),
    ("to_trinh_cap_tren", "head_title", "head_name"),
    ("to_trinh_van_phong", "office_head_title", None),
    ("phieu_bo_sung_ttcntt", "office_head_title", None),
])
def test_signer_block_has_title_in_caps_and_name_in_bold(written, campaign, stem, title, name):
    doc = docx_at(written, stem)
    signature = next(t for t in doc.tables if "Nơi nhận:" in t.cell(0, 0).text)
    lines = [p for p in signature.cell(0, 1).paragraphs if p.text]
    assert lines[0].text == getattr(campaign.agency, title).upper()
    assert all(r.bold for p in lines for r in p.runs)
    if name:
        assert lines[-1].text == getattr(campaign.agency, name)
    cc = [p for p in signature.cell(0, 0).paragraphs if p.text]
    assert all(r.bold and r.italic and r.font.size.pt == 12 for r in cc[0].runs)
    assert all(r.font.size.pt == 11 for p in cc[1:] for r in p.runs)
    assert cc[-1].text.startswith("- Lưu: VT")


def test_decision_has_articles_grounds_and_blank_amount(written, campaign):
    doc = docx_at(written, "du_thao_quyet_dinh")
    text = all_text(doc)
    assert doc.paragraphs[0].text == "DỰ THẢO"
    papers = campaign.papers
    for needle in ("QUYẾT ĐỊNH", *(f"Căn cứ {flat(b)};" for b in papers.legal_bases),
                   f"Căn cứ {papers.mandate};", f"Căn cứ {flat(papers.superior_plan.citation())};",
                   f"Xét đề nghị của {campaign.agency.office_head_title}",
                   f"{campaign.agency.head_title} {campaign.agency.name}".upper(),
                   "Điều 1.", "Điều 2.", "Điều 3.", "…… đồng", "02 tập thể và 03 cá nhân"):
        assert needle in text
    article = next(p for p in doc.paragraphs if p.text.startswith("Điều 1."))
    assert article.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert Mm(10) <= article.paragraph_format.first_line_indent <= Mm(12.7)
    assert article.runs[0].bold and not article.runs[-1].bold
    grounds = [p for p in doc.paragraphs if p.text.startswith("Căn cứ")]
    assert grounds and all(r.italic for p in grounds for r in p.runs)


def rows_of(table) -> list[list[str]]:
    return [[flat(c.text) for c in row.cells] for row in table.rows]


def test_director_list_groups_by_award_and_subject_with_rates(written):
    doc = docx_at(written, "danh_sach_de_nghi")
    main, beyond = doc.tables[1], doc.tables[2]
    rows = rows_of(main)
    assert rows[0][:2] == ["STT", "Tên tập thể / Họ và tên"]
    firsts = [r[0] for r in rows]
    assert firsts.index("I. Giấy khen của Giám đốc Sở") < firsts.index("1. Tập thể") \
        < firsts.index("2. Cá nhân") < firsts.index(
            "II. Đề nghị Chủ tịch Ủy ban nhân dân tỉnh Bắc Kạn tặng Bằng khen")
    by_name = {r[1]: r for r in rows if r[0].isdigit()}
    assert by_name["Nguyễn Thị Hồng Nhung"][6] == "92,9% (13/14)"
    assert by_name["Hoàng Văn Đức"][6] == "100% (6/6)"
    assert by_name["Nguyễn Thị Hồng Nhung"][4] == "Chuyên viên, Văn phòng Sở"
    assert "Đặng Văn Bình" not in by_name
    assert "Đặng Văn Bình" in {r[1] for r in rows_of(beyond)}
    assert main.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_summary_lines_become_separate_paragraphs(written):
    doc = docx_at(written, "danh_sach_de_nghi")
    cell = next(row.cells[5] for row in doc.tables[1].rows
                if row.cells[1].text == "Nguyễn Thị Hồng Nhung")
    assert [p.text for p in cell.paragraphs] == ["Tổng hợp báo cáo bầu cử kịp thời.",
                                                 "Tham gia tổ giúp việc."]


def test_fix_slip_lists_each_item_with_sheet_and_cell(written, fixes):
    doc = docx_at(written, "phieu_bo_sung_ttcntt")
    text = all_text(doc)
    assert "PHIẾU YÊU CẦU BỔ SUNG HỒ SƠ" in text
    assert f"Kính gửi: {fixes[0].unit_name}" in text
    assert "Tờ trình số 12/TTr-TTCNTT" in text
    rows = rows_of(doc.tables[1])
    assert rows[1] == ["1", "Danh sách đề nghị, ô J14", "Trần Văn An",
                       "Chưa đánh dấu tiêu chuẩn TCN2"]
    assert len(rows) == 1 + len(fixes[0].items)


@pytest.mark.parametrize("stem", ["danh_sach_de_nghi", "du_thao_quyet_dinh"])
def test_names_with_markup_stay_literal_in_docx(written, stem):
    path = written[f"{stem}.docx"]
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "CNTT&amp;TT &lt;b&gt;Trung tâm&lt;/b&gt;" in xml
    assert "<b>" not in xml
    assert TRICKY in all_text(open_docx(str(path)))


def test_unit_text_that_looks_like_code_is_kept_as_text(written):
    doc = docx_at(written, "danh_sach_de_nghi")
    assert flat(TRICKY_SUMMARY) in all_text(doc)


def test_control_characters_are_dropped_not_fatal(written):
    text = all_text(docx_at(written, "phieu_bo_sung_to_du_an_cong_su"))
    assert "Vi Văn Sơn" in text and "Thiếu năm sinh" in text
    assert "Kính gửi: Tổ <Dự án> & Cộng sự" in text


class _Collect(HTMLParser):
    """Text and tags of an HTML page, to check escaping from the parsed result."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def parsed(path: Path) -> _Collect:
    parser = _Collect()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("stem", DOCS)
def test_html_is_a4_with_nd30_margins_and_times(written, stem):
    html = written[f"{stem}.html"].read_text(encoding="utf-8")
    assert '<html lang="vi">' in html
    assert "@page { size: A4 portrait; margin: 20.0mm 15.0mm 20.0mm 30.0mm; }" in html
    assert '"Times New Roman"' in html
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html


@pytest.mark.parametrize(("stem", "bold_labels"), [
    ("danh_sach_de_nghi", 0), ("du_thao_quyet_dinh", 3)])
def test_html_escapes_names_and_summaries(written, stem, bold_labels):
    page = parsed(written[f"{stem}.html"])
    text = flat(" ".join(page.text))
    assert TRICKY in text
    assert "script" not in page.tags
    assert page.tags.count("b") == bold_labels
    if stem == "danh_sach_de_nghi":
        assert flat(TRICKY_SUMMARY) in text


def test_html_and_docx_say_the_same_things(written):
    for stem in DOCS:
        html = flat(" ".join(parsed(written[f"{stem}.html"]).text))
        docx_text = all_text(docx_at(written, stem))
        for para in docx_at(written, stem).paragraphs:
            if para.text.strip():
                assert flat(para.text) in html, (stem, para.text)
        assert docx_text


def test_same_inputs_give_same_bytes(tmp_path, campaign, lists, fixes):
    first = write_documents(campaign, lists, fixes, tmp_path / "a", today=TODAY)
    second = write_documents(campaign, lists, fixes, tmp_path / "b", today=TODAY)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    with zipfile.ZipFile(first[1]) as z:
        assert {i.date_time for i in z.infolist()} == {(2020, 1, 1, 0, 0, 0)}


def test_core_properties_are_fixed_from_inputs(written, campaign):
    props = docx_at(written, "to_trinh_van_phong").core_properties
    assert props.created == props.modified
    assert props.created.date() == TODAY
    assert props.author == campaign.agency.name


def test_every_name_comes_from_the_campaign(tmp_path, campaign, lists, fixes):
    agency = dataclasses.replace(
        campaign.agency, name="Sở Khoa học và Công nghệ", parent="Ủy ban nhân dân tỉnh Thái Nguyên",
        place="Thái Nguyên", code_suffix="SKHCN", head_title="Giám đốc", head_name="Lê Văn Hòa",
        office="Văn phòng", superior_head="Chủ tịch Ủy ban nhân dân tỉnh Thái Nguyên")
    awards = tuple(dataclasses.replace(a, authority=f"{agency.head_title} {agency.name}")
                   if a.level == "agency" else dataclasses.replace(a, authority=agency.superior_head)
                   for a in campaign.awards)
    papers = Papers(
        legal_bases=("Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",),
        superior_plan=Plan("Kế hoạch", "về việc thi đua", "Ủy ban nhân dân tỉnh Thái Nguyên",
                           "12/KH-UBND", date(2026, 1, 5)),
        head=Signatory("Phó Giám đốc", "Lê Văn Hòa", "KT. Giám đốc"),
        office=Signatory("Chánh Văn phòng", "Phạm Thị Hạnh"),
        superior_to=(agency.superior_head,), decision_cc=("Hội đồng Thi đua - Khen thưởng",))
    units = tuple(dataclasses.replace(u, full_name="") for u in campaign.units)
    other = dataclasses.replace(campaign, agency=agency, awards=awards, papers=papers, units=units)
    paths = write_documents(other, lists, fixes, tmp_path, today=TODAY)
    for path in paths:
        if path.suffix == ".docx":
            text = all_text(open_docx(str(path)))
            assert "Bắc Kạn" not in text and "STTTT" not in text, path.name
            assert "Thông tin và Truyền thông" not in text.replace(TRICKY, ""), path.name
    decision_text = all_text(open_docx(str(tmp_path / "du_thao_quyet_dinh.docx")))
    assert "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN" in decision_text and "/QĐ-SKHCN" in decision_text
    assert "Lê Văn Hòa" in decision_text


@pytest.mark.parametrize(("keep", "expected_missing"), [
    ({"GKGD"}, {"to_trinh_cap_tren"}),
    ({"BKUBND"}, {"du_thao_quyet_dinh"}),
    (set(), {"to_trinh_cap_tren", "du_thao_quyet_dinh"}),
])
def test_documents_with_nothing_to_propose_are_skipped(campaign, lists, keep, expected_missing):
    chosen = [x for x in lists if x.award_code in keep]
    keys = {d.key for d in build_documents(campaign, chosen, [], today=TODAY)}
    assert {"danh_sach_de_nghi", "to_trinh_van_phong"} <= keys
    assert not keys & expected_missing


def test_unknown_award_code_is_refused(campaign):
    with pytest.raises(ValueError, match="KHONGCO"):
        build_documents(campaign, [AwardList("KHONGCO", (), ())], [])


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_renders_every_docx_to_a4_pdf(written, tmp_path, campaign):
    docs = sorted(p for name, p in written.items() if name.endswith(".docx"))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), *map(str, docs)],
                   check=True, capture_output=True, timeout=180)
    for docx_path in docs:
        pdf = tmp_path / "pdf" / f"{docx_path.stem}.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                              check=True).stdout
        assert re.search(r"Page size:\s+(595\.\d+ x 841\.\d+|841\.\d+ x 595\.\d+) pts", info)
        text = flat(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                                   text=True, check=True).stdout)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Độc lập - Tự do - Hạnh phúc" in text
        assert f"{campaign.agency.place}, ngày 24 tháng 5 năm 2021" in text \
            or f"{campaign.agency.place}, ngày" in text
        if docx_path.stem in ("danh_sach_de_nghi", "du_thao_quyet_dinh"):
            assert "Tổ Kỹ thuật CNTT&TT" in text and "<b>Trung" in text
