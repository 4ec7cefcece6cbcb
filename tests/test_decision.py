"""The signed decision recorded and its certificates: which list, which layout, who is addressed how."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from tests.council_data import copy_of, fill, outdir
from thidua_xl.campaign import load_campaign
from thidua_xl.cli import main
from thidua_xl.council import contract as tally
from thidua_xl.council.decision import Awardee, Decision
from thidua_xl.jobs import CERTIFICATES, DOCS_DIR, REPORT
from thidua_xl.outputs.documents.certificates import TWIPS_PER_MM, certificates

CAMPAIGN = load_campaign()
DECISION = ["--so", "45/QĐ-STTTT", "--ngay", "02/06/2021", "--khong-pdf"]


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return outdir(tmp_path_factory.mktemp("consolidated"))


@pytest.fixture
def folder(prepared: Path, tmp_path: Path) -> Path:
    return copy_of(prepared, tmp_path / "ket_qua")


@pytest.fixture(scope="module")
def voted(prepared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The consolidation with the council's result recorded."""
    folder = copy_of(prepared, tmp_path_factory.mktemp("voted") / "ket_qua")
    fill(folder / tally.TALLY_FILE)
    assert main(["council", str(folder / tally.TALLY_FILE), "-o", str(folder)]) == 0
    return folder


@pytest.fixture
def councilled(voted: Path, tmp_path: Path) -> Path:
    return copy_of(voted, tmp_path / "ket_qua")


def _texts(path: Path) -> list[str]:
    doc = open_docx(str(path))
    return [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows
                                               for c in r.cells]


def _names(path: Path) -> list[str]:
    """Who the certificates name, one per page, in order."""
    return [t for t in _texts(path) if t.startswith(("Ông ", "Bà ", "Trung tâm"))]


def test_without_a_council_result_the_consolidation_list_is_printed_and_it_says_so(folder, capsys):
    assert main(["decision", str(folder), *DECISION]) == 0
    out = capsys.readouterr().out
    assert "Chưa ghi nhận kết quả họp Hội đồng" in out
    certs = folder / DOCS_DIR / CERTIFICATES
    assert _names(certs) == ["Trung tâm CNTT&TT", "Bà Nguyễn Thị An", "Ông Trần Văn Bình",
                             "Ông Lê Văn Cường"]
    assert "Hoàng Văn Chiến" not in "\n".join(_texts(certs))  # Bằng khen: the superior prints it
    handout = "\n".join(_texts(folder / DOCS_DIR / "danh_sach_nhan_giay_khen.docx"))
    assert "chưa ghi nhận kết quả họp Hội đồng" in handout and "Ký nhận" in handout
    decision = json.loads((folder / REPORT).read_text(encoding="utf-8"))["decision"]
    assert decision["council_recorded"] is False
    assert (decision["number"], decision["date"]) == ("45/QĐ-STTTT", "2021-06-02")


def test_after_the_council_its_list_is_printed(councilled, capsys):
    folder = councilled
    assert main(["decision", str(folder), *DECISION]) == 0
    assert "Chưa ghi nhận" not in capsys.readouterr().out
    assert _names(folder / DOCS_DIR / CERTIFICATES) == [
        "Trung tâm CNTT&TT", "Bà Nguyễn Thị An", "Ông Phạm Văn Dũng", "Ông Lê Văn Cường"]
    text = "\n".join(_texts(folder / DOCS_DIR / CERTIFICATES))
    for expected in ("GIÁM ĐỐC SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "GIẤY KHEN", CAMPAIGN.certificate
                     .achievement, "Quyết định số 45/QĐ-STTTT\nngày 02/06/2021",
                     "Bắc Kạn, ngày 02 tháng 6 năm 2021", "Hà Văn Tiến"):
        assert expected in text
    assert json.loads((folder / REPORT).read_text(encoding="utf-8"))["decision"]["council_recorded"]


@pytest.mark.parametrize(("number", "day", "message"), [
    ("45-STTTT", "02/06/2021", "không đúng dạng"),
    ("45/QĐ-STTTT", "31/02/2021", "không hợp lệ"),
    ("45/QĐ-STTTT", "06/02/2021 ", "trước ngày họp Hội đồng"),
    ("45/QĐ-STTTT", "01/01/2021", "trước ngày bắt đầu đợt thi đua"),
])
def test_a_wrong_number_or_date_is_refused_in_vietnamese(councilled, capsys, number, day, message):
    folder = councilled
    before = (folder / REPORT).read_bytes()
    assert main(["decision", str(folder), "--so", number, "--ngay", day, "--khong-pdf"]) == 2
    assert message in capsys.readouterr().err
    assert (folder / REPORT).read_bytes() == before


def test_people_are_addressed_by_the_subject_kind_whatever_its_code():
    award = CAMPAIGN.awards[0].code
    people = [Awardee("Lò Thị Mai", "individual", "Nữ", 1990, "Kế toán", "Phòng Kế hoạch", "",
                      award, "nguoi"),
              Awardee("Vi Văn Sơn", "individual", "", 1985, "", "", "Thanh tra Sở", award, "nguoi"),
              Awardee("Tổ Kỹ thuật", "collective", "", None, "", "Trung tâm CNTT&TT", "", award,
                      "ca-nhan")]
    certs = certificates(CAMPAIGN, Decision("1/QĐ-X", date(2021, 6, 2), award), people)
    assert [(c.name, c.role) for c in certs] == [
        ("Bà Lò Thị Mai", "Kế toán, Phòng Kế hoạch"), ("Ông/Bà Vi Văn Sơn", "Thanh tra Sở"),
        ("Tổ Kỹ thuật", "Trung tâm CNTT&TT")]


@pytest.mark.parametrize("layout", ["khung", "phoi"])
def test_one_a4_landscape_page_per_certificate_in_either_layout(folder, layout):
    assert main(["decision", str(folder), *DECISION, "--kieu", layout]) == 0
    doc = open_docx(str(folder / DOCS_DIR / CERTIFICATES))
    assert len(doc.sections) == 4
    for s in doc.sections:
        assert s.orientation == WD_ORIENT.LANDSCAPE
        assert (round(s.page_width.mm), round(s.page_height.mm)) == (297, 210)
    body = doc.element.body
    if layout == "khung":
        assert len(body.findall(f".//{qn('w:pgBorders')}")) == 4
        assert not body.findall(f".//{qn('w:framePr')}")
        return
    frames = body.findall(f".//{qn('w:framePr')}")
    name = CAMPAIGN.certificate.placement("name")
    assert name is not None
    tops = {int(f.get(qn("w:y"))) for f in frames}
    assert round(name.y * TWIPS_PER_MM) in tops
    assert "TẶNG" not in "\n".join(_texts(folder / DOCS_DIR / CERTIFICATES))  # printed on the form


def test_decision_needs_a_consolidation_first(tmp_path, capsys):
    assert main(["decision", str(tmp_path), *DECISION]) == 2
    assert "thidua consolidate" in capsys.readouterr().err


def test_with_ledger_the_decision_is_recorded_once_in_the_award_ledger(folder, capsys):
    from thidua_xl.ledger.store import Ledger

    ledger = folder.parent / "so_khen_thuong.sqlite"
    for _ in range(2):
        assert main(["decision", str(folder), *DECISION, "--ledger", str(ledger)]) == 0
    out = capsys.readouterr().out
    assert "ghi thêm 4 khen thưởng." in out and "ghi thêm 0 khen thưởng (4 đã có từ trước)." in out
    with Ledger.open(ledger, create=False) as opened:
        records = opened.all_awards()
    assert {r.name for r in records} == {"Trung tâm CNTT&TT", "Nguyễn Thị An", "Trần Văn Bình",
                                         "Lê Văn Cường"}  # the Bằng khen is the superior's to record
    assert {(r.decision.number, str(r.decision.signed_on), r.award) for r in records} == {
        ("45/QĐ-STTTT", "2021-06-02", "Giấy khen của Giám đốc Sở")}


def test_the_signed_decision_goes_into_the_default_ledger_once(folder: Path, capsys) -> None:
    from thidua_xl.ledger.store import Ledger

    assert main(["decision", str(folder), *DECISION]) == 0
    assert main(["decision", str(folder), *DECISION]) == 0
    ledger_file = folder.parent / "so_khen_thuong.sqlite"
    assert ledger_file.is_file()
    with Ledger.open(ledger_file, create=False) as ledger:
        rows = ledger.conn.execute("SELECT COUNT(*) FROM awards").fetchone()[0]
    assert rows == 4
