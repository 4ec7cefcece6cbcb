"""The ledger in a consolidation: earlier awards, findings, "Thống kê" and the final report."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest

from tests.consolidation_data import CAMPAIGN, nominee, row_error, unit_file
from thidua_xl.consolidate.entries import STATUS_WITHIN
from thidua_xl.consolidate.merge import consolidate
from thidua_xl.jobs import add_history, statistics, write_outputs
from thidua_xl.ledger import AwardLine, CampaignRef, DecisionRef, record_decision
from thidua_xl.ledger.location import FROM_OPTION, LedgerPath
from thidua_xl.ledger.model import COLLECTIVE, INDIVIDUAL

GK, BK = "Giấy khen của Giám đốc Sở", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
COVID = CampaignRef("covid-2020", "Đợt thi đua phòng, chống dịch Covid-19 năm 2020", 2020)
THIS_DECISION = DecisionRef("12/QĐ-STTTT", date(2021, 6, 5), "Giám đốc Sở Thông tin và Truyền thông")


def _cons(campaign=CAMPAIGN):
    """Two units: a nominee already awarded in this campaign, one with a campaign award behind a
    Bằng khen proposal, one with only a yearly award, one without history, an invalid one."""
    vp = unit_file("VP", [
        nominee("Hà Thị Lan", gender="Nữ", birth_year=1985),
        nominee("Lường Văn Khởi", birth_year=1981, award="BKUBND"),
        row_error(nominee("Lê Văn Cường", birth_year=1979)),
    ])
    cntt = unit_file("CNTT", [
        nominee("Phòng Công nghệ thông tin", subject="tap-the"),
        nominee("Nông Thị Hằng", gender="Nữ", birth_year=1990, award="BKUBND"),
        nominee("Ma Văn Dũng", birth_year=1992),
    ])
    return consolidate([vp, cntt], campaign)


def _fill(path: Path) -> Path:
    record_decision(path, COVID, DecisionRef("88/QĐ-STTTT", date(2020, 6, 5)), [
        AwardLine(INDIVIDUAL, "Lường Văn Khởi", GK, 1981, "Nam", "Văn phòng Sở"),
        AwardLine(COLLECTIVE, "Phòng Công nghệ thông tin", GK, unit="Phòng Công nghệ thông tin")])
    record_decision(path, None, DecisionRef("1500/QĐ-UBND", date(2019, 12, 20)), [
        AwardLine(INDIVIDUAL, "Nông Thị Hằng", "Chiến sĩ thi đua cơ sở", 1990, "Nữ", "Phòng CNTT")])
    record_decision(path, CAMPAIGN, THIS_DECISION, [
        AwardLine(INDIVIDUAL, "Hà Thị Lan", GK, 1985, "Nữ", "Văn phòng Sở")])
    return path


@pytest.fixture(scope="module")
def done(tmp_path_factory):
    root = tmp_path_factory.mktemp("lich_su")
    ledger = _fill(root / "so.sqlite")
    cons = _cons()
    history = add_history(cons, LedgerPath(ledger, FROM_OPTION))
    out = root / "ket_qua"
    docs = write_outputs(cons, out / "tong_hop.xlsx", out / "bao_cao.json", out / "van_ban", history)
    return cons, history, out, docs


def _by_name(cons, code):
    return {f.value: f for f in cons.findings if f.code == code}


def test_each_nominee_shows_earlier_awards_in_the_consolidated_sheet(done):
    _cons, _history, out, _docs = done
    ws = openpyxl.load_workbook(out / "tong_hop.xlsx")["Tổng hợp"]
    heads = [c.value for c in ws[1]]
    assert heads[-1] == "Khen thưởng đã có"
    shown = {ws.cell(r, 8).value: ws.cell(r, len(heads)).value for r in range(2, ws.max_row + 1)}
    assert shown["Lường Văn Khởi"] == (f"{GK} — {COVID.name} (QĐ số 88/QĐ-STTTT ngày 05/06/2020)")
    assert shown["Nông Thị Hằng"] == ("Chiến sĩ thi đua cơ sở — Năm 2019 "
                                      "(QĐ số 1500/QĐ-UBND ngày 20/12/2019)")
    assert shown["Phòng Công nghệ thông tin"].startswith(GK)
    assert shown["Ma Văn Dũng"] is None and shown["Lê Văn Cường"] is None


def test_a_nominee_already_awarded_in_this_campaign_gets_a_warning_not_a_block(done):
    cons, _history, _out, _docs = done
    found = _by_name(cons, "already-awarded")
    assert set(found) == {"Hà Thị Lan"}
    f = found["Hà Thị Lan"]
    assert f.severity.value == "warning" and f.file == "VP.xlsx" and f.row == 2
    assert "12/QĐ-STTTT ngày 05/06/2021" in f.message
    lan = next(e for e in cons.entries if e.nominee.name == "Hà Thị Lan")
    assert lan.status == STATUS_WITHIN and f in lan.findings


def test_a_campaign_award_behind_a_higher_proposal_cites_the_campaign_rule(done):
    cons, _history, _out, _docs = done
    found = _by_name(cons, "campaign-award-grounds")
    assert set(found) == {"Lường Văn Khởi"}
    f = found["Lường Văn Khởi"]
    assert f.severity.value == "info"
    assert f.message.endswith(CAMPAIGN.campaign_award_rule)
    assert COVID.name in f.message and BK in f.message


def test_without_a_rule_in_the_campaign_file_no_rule_is_cited(tmp_path):
    ledger = _fill(tmp_path / "so.sqlite")
    cons = _cons(replace(CAMPAIGN, campaign_award_rule=""))
    add_history(cons, LedgerPath(ledger, FROM_OPTION))
    assert not _by_name(cons, "campaign-award-grounds")
    assert _by_name(cons, "already-awarded")


def _sheet_tables(ws):
    """Each titled block of "Thống kê": title → rows (label, numbers…) up to its total."""
    blocks, title = {}, None
    for row in ws.iter_rows(min_row=3, max_col=6, values_only=True):
        first = row[0]
        if isinstance(first, str) and re.match(r"^[IVX]+\. ", first):
            title = first.split(". ", 1)[1]
            blocks[title] = []
        elif title and first not in (None, "Nhóm", "Đợt thi đua", "Năm"):
            blocks[title].append(tuple(v for v in row if v is not None))
    return blocks


def test_statistics_sheet_counts_proposals_within_caps_and_decided_awards(done):
    _cons, _history, out, _docs = done
    blocks = _sheet_tables(openpyxl.load_workbook(out / "tong_hop.xlsx")["Thống kê"])
    units = {r[0]: r[1:] for r in blocks["Theo đơn vị"]}
    assert units["Văn phòng Sở"] == (3, 2, 2, 1)
    assert units["Phòng Công nghệ thông tin"] == (3, 3, 3, 0)
    assert units["Thanh tra Sở"] == (0, 0, 0, 0)
    assert units["Tổng cộng"] == (6, 5, 5, 1)
    genders = {r[0]: r[1:] for r in blocks["Theo giới tính (cá nhân)"]}
    assert genders == {"Nam": (3, 2, 2, 0), "Nữ": (2, 2, 2, 1), "Tổng cộng": (5, 4, 4, 1)}
    awards = {r[0]: r[1:] for r in blocks["Theo hình thức khen thưởng"]}
    assert awards[BK] == (2, 2, 2, 0) and awards[GK] == (4, 3, 3, 1)
    campaigns = {r[0]: r[1:] for r in blocks["Khen thưởng qua các đợt thi đua (sổ khen thưởng)"]}
    assert campaigns == {COVID.name: (2020, 1, 1, 2), CAMPAIGN.name: (2021, 1, 0, 1)}
    years = {r[0]: r[1:] for r in blocks["Khen thưởng theo năm (sổ khen thưởng)"]}
    assert years == {2019: (1, 0, 1), 2020: (1, 1, 2), 2021: (1, 0, 1)}


def test_statistics_sheet_has_a_native_chart_per_table(done):
    _cons, _history, out, _docs = done
    with zipfile.ZipFile(out / "tong_hop.xlsx") as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        texts = [z.read(n).decode() for n in charts]
    assert len(charts) == 1 + 4 + 2
    assert sum("'Thống kê'!" in t for t in texts) == 6
    assert sum('<c:grouping val="stacked"/>' in t for t in texts) == 2


def test_without_a_ledger_the_sheet_has_no_decided_column_nor_history(tmp_path):
    from thidua_xl.outputs.tonghop.workbook import write_tonghop

    path = write_tonghop(_cons(), tmp_path / "tong_hop.xlsx")
    wb = openpyxl.load_workbook(path)
    assert [c.value for c in wb["Tổng hợp"][1]][-1] == "Tóm tắt thành tích"
    blocks = _sheet_tables(wb["Thống kê"])
    assert list(blocks) == ["Theo đơn vị", "Theo đối tượng", "Theo giới tính (cá nhân)",
                            "Theo hình thức khen thưởng"]
    assert {r[0]: r[1:] for r in blocks["Theo đối tượng"]}["Tổng cộng"] == (6, 5, 5)


def _docx_text(path: Path) -> tuple[str, list[list[str]]]:
    d = docx.Document(str(path))
    body = "\n".join(p.text for p in d.paragraphs)
    rows = [[c.text for c in row.cells] for t in d.tables[1:2] for row in t.rows]
    return body, rows


def test_final_report_figures_match_the_statistics_sheet(done):
    cons, history, out, docs = done
    assert out / "van_ban" / "bao_cao_tong_ket.docx" in docs
    body, rows = _docx_text(out / "van_ban" / "bao_cao_tong_ket.docx")
    stats = statistics(cons, history)
    expected = []
    for b in stats.breakdowns:
        expected += [(t.label, str(t.proposed), str(t.valid), str(t.within), str(t.decided))
                     for t in (*b.rows, b.total)]
    got = [tuple(r[1:]) for r in rows if r[0] != r[1]]
    assert got[1:] == expected
    sheet = _sheet_tables(openpyxl.load_workbook(out / "tong_hop.xlsx")["Thống kê"])
    assert [tuple(map(str, r)) for r in sheet["Theo đơn vị"]] == expected[:len(sheet["Theo đơn vị"])]
    assert "Tổng số đề nghị: 06 (01 tập thể và 05 cá nhân); hợp lệ: 05" in body
    assert ("Giấy khen của Giám đốc Sở: Giám đốc Sở Thông tin và Truyền thông đã tặng cho "
            "01 cá nhân (Quyết định số 12/QĐ-STTTT ngày 05/06/2021)") in body
    assert "đề nghị Chủ tịch Ủy ban nhân dân tỉnh Bắc Kạn tặng Bằng khen cho 02 cá nhân" in body
    assert "Có 02/07 đơn vị gửi hồ sơ" in body and "Phòng Kế hoạch - Tài chính" in body


def test_final_report_without_a_ledger_reports_proposals_and_no_decided_column(tmp_path):
    docs = write_outputs(_cons(), tmp_path / "tong_hop.xlsx", tmp_path / "bao_cao.json",
                         tmp_path / "van_ban")
    body, rows = _docx_text(next(p for p in docs if p.name == "bao_cao_tong_ket.docx"))
    assert "Giấy khen của Giám đốc Sở: trình Giám đốc tặng cho 01 tập thể và 02 cá nhân." in body
    assert "sổ khen thưởng" not in body.lower() and "PHỤ LỤC" not in body
    assert rows[0][-1] == "Trong chỉ tiêu"


def test_final_report_html_says_the_same(done):
    _cons, _history, out, _docs = done
    html = (out / "van_ban" / "bao_cao_tong_ket.html").read_text(encoding="utf-8")
    assert "<div class=\"kind\">BÁO CÁO</div>" in html
    assert "Tổng số đề nghị: 06 (01 tập thể và 05 cá nhân)" in html
    assert "I. Theo đơn vị" in html and "PHỤ LỤC" in html


@pytest.mark.libreoffice
def test_final_report_renders_in_libreoffice(done, tmp_path):
    _cons, _history, out, _docs = done
    soffice = shutil.which("soffice") or "soffice"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(out / "van_ban" / "bao_cao_tong_ket.docx")],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "bao_cao_tong_ket.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "BÁO CÁO" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert re.search(r"Tổng cộng\s+6\s+5\s+5\s+1", text)
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", str(pdf),
                    str(tmp_path / "trang")], check=True, capture_output=True)
    assert (tmp_path / "trang-1.png").stat().st_size > 5_000


def test_consolidate_with_a_missing_ledger_option_stops_before_reading(tmp_path, capsys):
    from thidua_xl.cli import main

    code = main(["consolidate", str(tmp_path), "-o", str(tmp_path / "out"), "--no-progress",
                 "--ledger", str(tmp_path / "khong_co.sqlite")])
    assert code == 2
    assert "Không thấy sổ khen thưởng" in capsys.readouterr().err
    assert not (tmp_path / "khong_co.sqlite").exists()


def test_consolidate_command_reads_the_ledger_given_on_the_command_line(tmp_path, capsys):
    from tests.unitfiles import clean_info, person, write_unit
    from thidua_xl.cli import main

    write_unit(CAMPAIGN, tmp_path / "in" / "cntt.xlsx", clean_info(CAMPAIGN), [person(CAMPAIGN)])
    ledger = tmp_path / "chung" / "so.sqlite"
    record_decision(ledger, COVID, DecisionRef("88/QĐ-STTTT", date(2020, 6, 5)), [
        AwardLine(INDIVIDUAL, "Nguyen Thi Hong Nhung", GK, 1987, "Nữ", "Phòng CNTT")])
    out = tmp_path / "ket_qua"
    code = main(["consolidate", str(tmp_path / "in"), "-o", str(out), "--no-progress",
                 "--ledger", str(ledger)])
    assert code == 0
    assert "1 tập thể, cá nhân được đề nghị đã có khen thưởng trước đây" in capsys.readouterr().out
    ws = openpyxl.load_workbook(out / "tong_hop.xlsx")["Tổng hợp"]
    assert ws.cell(2, ws.max_column).value.startswith(f"{GK} — {COVID.name}")
    assert (out / "van_ban" / "bao_cao_tong_ket.docx").is_file()
