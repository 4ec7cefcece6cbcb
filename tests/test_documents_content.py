"""What the documents say, on the demo consolidation: what a Văn phòng Sở could send as generated."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import load_workbook

from thidua_xl import demo
from thidua_xl.campaign import Campaign, builtin_path, load_campaign
from thidua_xl.consolidate.entries import STATUS_INVALID, STATUS_OVER, STATUS_WITHIN, Consolidation
from thidua_xl.jobs import consolidate_campaign
from thidua_xl.outputs.documents.model import (
    ISSUER_PT,
    AwardList,
    ListEntry,
    Minutes,
    balance,
    header_left_mm,
)
from thidua_xl.outputs.documents.sources import write_documents_for
from thidua_xl.outputs.documents.write import write_documents
from thidua_xl.read import contract

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "workbooks" / "demo"
CAMPAIGN = load_campaign()
ABBREVIATED = re.compile(r"(?<![-/])\b(UBND|HĐND|TĐKT)\b")


@dataclass
class Run:
    cons: Consolidation
    docs: Path
    workbook: Path


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    out = tmp_path_factory.mktemp("demo_out")
    done = consolidate_campaign(CAMPAIGN, [DEMO], out)
    return Run(done.cons, done.docs_dir, done.workbook)


@pytest.fixture(scope="module")
def with_council(run: Run, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("council")
    write_documents_for(run.cons, out, today=date(2021, 5, 26),
                        council=Minutes("Hội đồng Thi đua - Khen thưởng Sở", date(2021, 5, 27), 9, 7,
                                        6, 2, 0))
    return out


def flat(text: str) -> str:
    return " ".join(text.replace("\u2011", "-").replace("\u200b", "").split())


def paragraphs(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.text.strip()]


def text_of(path: Path) -> str:
    doc = open_docx(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return flat(" ".join(parts))


def doc(run_dir: Path, stem: str):
    return open_docx(str(run_dir / f"{stem}.docx"))


def rows(table) -> list[list[str]]:
    return [[flat(c.text) for c in row.cells] for row in table.rows]


def signature(document) -> list[str]:
    table = next(t for t in document.tables if "Nơi nhận:" in t.cell(0, 0).text)
    return [p.text for p in table.cell(0, 1).paragraphs if p.text]


def cc(document) -> list[str]:
    table = next(t for t in document.tables if "Nơi nhận:" in t.cell(0, 0).text)
    return [p.text for p in table.cell(0, 0).paragraphs if p.text]


def test_the_2021_decision_cites_the_2021_legal_frame_from_the_campaign(run: Run) -> None:
    text = text_of(run.docs / "du_thao_quyet_dinh.docx")
    for basis in CAMPAIGN.papers.legal_bases:
        assert f"Căn cứ {flat(basis)};" in text
    assert "Kế hoạch số 53/KH-UBND ngày 04/02/2021" in text
    assert "2022" not in text and "152/2025" not in text


def _one_list(campaign: Campaign) -> list[AwardList]:
    person = ListEntry("Nguyễn Thị Hoa", "ca-nhan", "Nữ", "Chuyên viên", "Văn phòng Sở",
                       "Văn phòng Sở", "Hoàn thành xuất sắc nhiệm vụ.", 1.0, 9, 9, 1985, "VP",
                       "individual")
    return [AwardList("GKGD", (person,), ()), AwardList("BKUBND", (person,), ())]


def test_a_2026_campaign_cites_todays_law_and_a_deputy_signs_for_the_head(tmp_path: Path) -> None:
    c2026 = load_campaign(builtin_path("bau-cu-2026"))
    write_documents(c2026, _one_list(c2026), [], tmp_path)
    decision = doc(tmp_path, "du_thao_quyet_dinh")
    text = text_of(tmp_path / "du_thao_quyet_dinh.docx")
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in text
    assert "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025" in text
    assert "2003" not in text and "91/2017" not in text
    assert signature(decision) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Văn B"]
    assert signature(doc(tmp_path, "to_trinh_cap_tren"))[:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert signature(doc(tmp_path, "to_trinh_van_phong")) == ["CHÁNH VĂN PHÒNG", "Lê Thị C"]


def test_outward_papers_use_full_unit_names_and_the_office_list_short_ones(run: Run) -> None:
    decision_list = rows(doc(run.docs, "du_thao_quyet_dinh").tables[-1])
    centre = next(r for r in decision_list if r[0] == "1" and "Trung tâm" in r[1])
    assert centre[1] == "Trung tâm Công nghệ thông tin và Truyền thông"
    assert centre[4] == CAMPAIGN.agency.name
    upward = rows(doc(run.docs, "to_trinh_cap_tren").tables[-1])
    roles = [r[4] for r in upward if r[0].isdigit()]
    assert "Chánh Văn phòng, Văn phòng Sở Thông tin và Truyền thông" in roles
    assert any(r.endswith("Trung tâm Công nghệ thông tin và Truyền thông") for r in roles)
    director = rows(doc(run.docs, "danh_sach_de_nghi").tables[1])
    assert any(r[1] == "Trung tâm CNTT&TT" for r in director)


def _list_tables(run_dir: Path):
    for stem in ("danh_sach_de_nghi", "du_thao_quyet_dinh", "to_trinh_cap_tren"):
        for table in doc(run_dir, stem).tables:
            if table.rows and flat(table.rows[0].cells[0].text) == "STT":
                yield stem, table


def test_lists_give_birth_year_and_gender_of_people_and_a_unit_for_every_collective(run: Run
                                                                                    ) -> None:
    people = {e.nominee.name: e.nominee for e in run.cons.entries
              if e.status in (STATUS_WITHIN, STATUS_OVER) and e.nominee.kind == "individual"}
    seen = 0
    for stem, table in _list_tables(run.docs):
        header = rows(table)[0]
        year, gender, role = (header.index(h) for h in ("Năm sinh", "Giới tính",
                                                         "Chức vụ, đơn vị công tác"))
        for r in rows(table)[1:]:
            if not r[0].isdigit():
                continue
            assert r[role], (stem, r)
            if r[1] in people:
                n = people[r[1]]
                assert (r[year], r[gender]) == (str(n.birth_year), n.gender), (stem, r)
                seen += 1
            else:
                assert (r[year], r[gender]) == ("", ""), (stem, r)
    assert seen >= len(people)


def _workbook_parts(path: Path) -> list[tuple[str, ...]]:
    ws = load_workbook(path, read_only=True)["Danh sách trình Giám đốc"]
    out = []
    for a, b, *_ in ws.iter_rows(min_row=6, values_only=True):
        if isinstance(a, str) and a.startswith("CÁC TRƯỜNG HỢP VƯỢT"):
            break
        if isinstance(a, str):
            out.append((a,))
        elif a is not None:
            out.append((str(a), b))
    return out


def test_the_workbook_and_the_documents_number_the_lists_alike(run: Run) -> None:
    table = rows(doc(run.docs, "danh_sach_de_nghi").tables[1])[1:]
    documents = [(r[0],) if not r[0].isdigit() else (r[0], r[1]) for r in table
                 if r[0] != "Không có."]
    workbook = _workbook_parts(run.workbook)
    assert documents == workbook
    assert any(part[0].startswith("II. Đề nghị") for part in workbook)


def test_office_submission_names_the_excluded_their_reasons_and_the_silent_units(run: Run
                                                                                ) -> None:
    text = text_of(run.docs / "to_trinh_van_phong.docx")
    invalid = [e.nominee for e in run.cons.entries if e.status == STATUS_INVALID]
    assert invalid and all(n.name in text for n in invalid)
    assert f"Trường hợp chưa hợp lệ, chưa đưa vào danh sách: {len(invalid):02d}" in text
    assert "đơn vị chưa gửi hồ sơ: Phòng Kế hoạch - Tài chính" in text
    assert "chưa đạt tiêu chuẩn TCN2" in text and "nộp quá hạn" in text
    assert "(kèm theo 03 phiếu yêu cầu bổ sung và 01 thông báo hồ sơ nộp quá hạn)" in text
    assert "đã gửi" not in text
    assert signature(doc(run.docs, "to_trinh_van_phong"))[-1] == CAMPAIGN.papers.office.name


def _sentences(document) -> list[str]:
    """Whole sentences (ending in a full stop) long enough to be more than a heading."""
    return [s.strip() for p in paragraphs(document) for s in re.split(r"(?<=[.;:])\s", p)
            if len(s.strip()) > 25 and s.strip().endswith(".")]


def test_no_sentence_is_said_twice(run: Run) -> None:
    for path in sorted(run.docs.glob("*.docx")):
        said = _sentences(open_docx(str(path)))
        assert len(said) == len(set(said)), path.name


def test_superior_submission_cites_both_plans_the_recipients_and_proposes_what_it_says(
        run: Run) -> None:
    superior = doc(run.docs, "to_trinh_cap_tren")
    text = text_of(run.docs / "to_trinh_cap_tren.docx")
    p = CAMPAIGN.papers
    assert f"Thực hiện {flat(p.superior_plan.citation())} và {flat(p.agency_plan.citation())}" \
        in text
    assert f"Kính gửi: {p.superior_to[0]}" in text
    assert [f"- {r};" for r in p.superior_cc] == cc(superior)[2:-1]
    summary = next(flat(p.text) for p in superior.paragraphs if p.text.startswith("Về việc"))
    assert summary.startswith("Về việc đề nghị Chủ tịch Ủy ban nhân dân tỉnh Bắc Kạn tặng Bằng "
                              "khen cho các cá nhân có thành tích")
    assert superior.core_properties.title.startswith("Tờ trình đề nghị Chủ tịch")


@pytest.mark.parametrize("stem", ["to_trinh_cap_tren", "to_trinh_van_phong", "danh_sach_de_nghi"])
def test_without_a_recorded_meeting_papers_say_the_list_is_provisional(run: Run, stem: str) -> None:
    text = text_of(run.docs / f"{stem}.docx")
    assert "Danh sách tạm xếp theo tỷ lệ phiếu tại đơn vị, chưa qua họp Hội đồng" in text
    assert "đã họp" not in text and "đã xét" not in text
    if stem == "to_trinh_cap_tren":
        assert doc(run.docs, stem).paragraphs[0].text == "DỰ THẢO"


def test_a_recorded_meeting_is_cited_with_its_date(with_council: Path) -> None:
    superior = text_of(with_council / "to_trinh_cap_tren.docx")
    assert ("Ngày 27/05/2021, Hội đồng Thi đua - Khen thưởng Sở đã họp (có mặt 7/9 thành viên), "
            "xét theo tiêu chuẩn, số lượng khen thưởng và bỏ phiếu (Biên bản họp Hội đồng Thi "
            "đua - Khen thưởng Sở ngày 27/05/2021).") in superior
    assert "tạm xếp" not in superior
    assert doc(with_council, "to_trinh_cap_tren").paragraphs[0].text != "DỰ THẢO"
    decision = text_of(with_council / "du_thao_quyet_dinh.docx")
    assert "Căn cứ Biên bản họp Hội đồng Thi đua - Khen thưởng Sở ngày 27/05/2021;" in decision
    office = text_of(with_council / "to_trinh_van_phong.docx")
    assert "tạm xếp" not in office and "có mặt 7/9 thành viên" in office


def _slips(run_dir: Path) -> dict[str, Path]:
    return {p.stem.removeprefix("phieu_bo_sung_"): p for p in run_dir.glob("phieu_bo_sung_*.docx")}


def test_fix_slips_give_a_date_from_the_campaign(run: Run, with_council: Path) -> None:
    assert "trước ngày 28/05/2021 để tổng hợp" in text_of(_slips(run.docs)["bcvt"])
    assert "trước ngày 29/05/2021 để tổng hợp" in text_of(_slips(with_council)["bcvt"])


def test_a_late_file_is_told_it_is_late_and_not_asked_to_fix_it(run: Run) -> None:
    late = doc(run.docs, "phieu_bo_sung_ttra")
    text = text_of(run.docs / "phieu_bo_sung_ttra.docx")
    assert "THÔNG BÁO" in paragraphs(late)
    assert "Tờ trình của đơn vị đề ngày 26/05/2021, quá thời hạn nêu trên" in text
    assert "trước ngày 25/05/2021" in text
    assert "Nộp hồ sơ quá hạn" not in text and "sửa đổi, bổ sung" not in text


def _planted_where(p: demo.Planted) -> str:
    fields = contract.list_columns(CAMPAIGN) if p.sheet == contract.SHEET_LIST \
        else contract.info_fields(CAMPAIGN)
    if p.sheet == contract.SHEET_LIST:
        keys = [f.key for f in fields]
        label = next(f.label for f in fields
                     if contract.column_letter(keys.index(f.key)) == p.column)
    else:
        label = fields[p.row - 1].label
    return f"{p.sheet}, cột “{label}”, ô {p.column}{p.row}"


def test_each_problem_names_its_column_label_and_cell(run: Run) -> None:
    slips = {p.name.replace(".docx", ""): p for p in run.docs.glob("phieu_bo_sung_*.docx")}
    texts = {stem: text_of(path) for stem, path in slips.items()}
    errors = [p for p in demo.PLANTED if p.severity.value == "error" and p.code != "late-submission"]
    assert errors
    for p in errors:
        assert any(_planted_where(p) in t for t in texts.values()), _planted_where(p)


def test_duplicates_are_asked_to_be_withdrawn(run: Run) -> None:
    path = _slips(run.docs)["bcvt"]
    table = rows(open_docx(str(path)).tables[1])
    dup = next(r for r in table if r[2] == demo.SHARED_PERSON)
    assert dup[3].startswith("Rút đề nghị:")
    assert "rút đề nghị đối với trường hợp trùng" in text_of(path)
    assert "ttcntt" not in _slips(run.docs)  # the person's own unit keeps the proposal


def test_file_names_stay_out_of_justified_lines(run: Run) -> None:
    for path in _slips(run.docs).values():
        document = open_docx(str(path))
        justified = [p.text for p in document.paragraphs
                     if p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY]
        assert justified and not any(".xlsx" in t for t in justified), path.name
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        assert all("_\u200b" in c for c in cells if ".xlsx" in c and "_" in c)


def test_year_ranges_never_break_in_docx_or_html(run: Run) -> None:
    for path in sorted(run.docs.glob("*.docx")):
        with zipfile.ZipFile(path) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        assert "2021-2026" not in xml and "2021\u20112026" in xml, path.name
        html = path.with_suffix(".html").read_text(encoding="utf-8")
        assert "2021-2026" not in html and "2021\u20112026" in html, path.name


def test_quotation_marks_are_vietnamese_and_titles_are_in_full(run: Run) -> None:
    for path in sorted(run.docs.glob("*.docx")):
        text = text_of(path)
        assert '"' not in text, path.name
        assert not ABBREVIATED.search(text), (path.name, ABBREVIATED.search(text))
    assert "“Biên bản họp xét”" in text_of(_slips(run.docs)["cntt"])


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_printed_pages_keep_year_ranges_whole(run: Run, tmp_path: Path) -> None:
    docs = sorted(run.docs.glob("*.docx"))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, docs)],
                   check=True, capture_output=True, timeout=300)
    for path in docs:
        lines = subprocess.run(["pdftotext", str(tmp_path / f"{path.stem}.pdf"), "-"],
                               capture_output=True, text=True, check=True).stdout.splitlines()
        broken = [line for line in lines if re.search(r"\b20\d\d[-\u2011]$", line.strip())]
        assert not broken, (path.name, broken)
        assert any("2021" in line and "2026" in line for line in lines), path.name


@pytest.mark.parametrize(("name", "whole"), [
    ("HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG SỞ", "THI ĐUA - KHEN THƯỞNG"),
    ("PHÒNG THÔNG TIN - BÁO CHÍ - XUẤT BẢN SỞ", "THÔNG TIN - BÁO CHÍ - XUẤT BẢN")])
def test_agency_names_never_break_beside_a_spaced_hyphen(name: str, whole: str) -> None:
    lines = balance(name, ISSUER_PT, header_left_mm(False)).split("\n")
    assert len(lines) == 2 and " ".join(lines) == name
    assert any(whole in line for line in lines)


def test_the_signature_never_stands_alone_on_a_page(run: Run) -> None:
    from docx.oxml.ns import qn

    for stem in ("to_trinh_cap_tren", "to_trinh_van_phong", "du_thao_quyet_dinh"):
        document = doc(run.docs, stem)
        closing = [p for p in document.paragraphs if p.text.rstrip().endswith("./.")]
        assert closing, stem
        ppr = closing[-1]._p.pPr
        assert ppr is not None and ppr.find(qn("w:keepNext")) is not None, stem
