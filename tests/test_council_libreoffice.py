"""The council's papers in a real office suite: the tally's self-check, the minutes, the certificates."""

from __future__ import annotations

import csv
import re
import subprocess
from pathlib import Path

import openpyxl
import pytest

from tests.council_data import MEETING, VOTES, fill, outdir
from thidua_xl.campaign import load_campaign
from thidua_xl.cli import main
from thidua_xl.council import contract as tally
from thidua_xl.jobs import CERTIFICATES, DOCS_DIR
from thidua_xl.outputs.documents.pdf import to_pdf

pytestmark = pytest.mark.libreoffice
KIND = {"FFFFC7CE": "error", "FFF8CB8C": "unmet", "FFFFF2CC": "todo"}
PT_PER_MM = 72 / 25.4


def _soffice(tmp_path: Path, target: str, outdir: Path, *files: Path) -> None:
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", target, "--outdir", str(outdir), *map(str, files)],
                   check=True, capture_output=True, timeout=240)


def _shift(formula: str, row: int) -> str:
    """A formula written for row 2 rewritten for another row, as the spreadsheet applies it."""
    return re.sub(r'("[^"]*")|(\$?\b[A-Z]{1,2})2\b', lambda m: m[1] or f"{m[2]}{row}", formula)


def _probe(ws, first_col: int) -> list[tuple[int, int, str]]:
    """Each self-check rule copied into a cell of every row it covers, so a real engine evaluates it."""
    probes: list[tuple[int, int, str]] = []
    for cf in ws.conditional_formatting:
        (rng,) = cf.sqref.ranges
        for rule in cf.rules:
            for r in range(rng.min_row, rng.max_row + 1):
                col = first_col + sum(row == r for row, _, _ in probes)
                ws.cell(r, col, f"=IF({_shift(rule.formula[0], r)},1,0)")
                probes.append((r, col, KIND[rule.dxf.fill.bgColor.rgb]))
    return probes


def _evaluated(tmp_path: Path, path: Path) -> dict[str, list[list[str]]]:
    """Every sheet as LibreOffice calculates it, as CSV rows by sheet name (one run for all)."""
    out = tmp_path / "csv"
    _soffice(tmp_path, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,"
             "false,-1", out, path)
    return {f.stem.split("-", 1)[1]: list(csv.reader(f.read_text(encoding="utf-8").splitlines()))
            for f in out.iterdir()}


def test_tally_checks_itself_red_above_present_orange_below_threshold_yellow_empty(tmp_path):
    folder = outdir(tmp_path / "ket_qua")
    votes = {**VOTES, "Nguyễn Thị An": 5, "Trần Văn Bình": 3, "Lê Văn Cường": None,
             "Phạm Văn Dũng": "4", "Trung tâm CNTT&TT": 4, "Hoàng Văn Chiến": 4}
    meeting = {**MEETING, "Số thành viên có mặt": 4}  # 4 of 9: below the 50 % quorum
    wb = openpyxl.load_workbook(fill(folder / tally.TALLY_FILE, meeting, votes))
    votes_probes = _probe(wb[tally.SHEET_VOTES], 20)
    meeting_probes = _probe(wb[tally.SHEET_MEETING], 10)
    wb.save(tmp_path / "probe.xlsx")
    sheets = _evaluated(tmp_path, tmp_path / "probe.xlsx")

    rows = sheets[tally.SHEET_VOTES]
    marked = {(rows[r - 1][3], kind) for r, c, kind in votes_probes if rows[r - 1][c - 1] == "1"}
    # 5 votes > 4 present: red; 3 and 4 of 9 are short of 50 % (5 votes): orange; empty: yellow;
    # "4" typed as text is read as a number, as the reader does.
    assert marked == {("Nguyễn Thị An", "error"), ("Trần Văn Bình", "unmet"),
                      ("Lê Văn Cường", "todo"), ("Phạm Văn Dũng", "unmet"),
                      ("Trung tâm CNTT&TT", "unmet"), ("Hoàng Văn Chiến", "unmet")}
    info = sheets[tally.SHEET_MEETING]
    flagged = {(info[r - 1][0], kind) for r, c, kind in meeting_probes if info[r - 1][c - 1] == "1"}
    assert flagged == {("Số thành viên có mặt", "error")}


def test_minutes_and_certificates_print_as_designed(tmp_path):
    folder = outdir(tmp_path / "ket_qua")
    fill(folder / tally.TALLY_FILE)
    assert main(["council", str(folder / tally.TALLY_FILE), "-o", str(folder)]) == 0
    docs = folder / DOCS_DIR
    for layout in ("phoi", "khung"):
        assert main(["decision", str(folder), "--so", "45/QĐ-STTTT", "--ngay", "02/06/2021",
                     "--kieu", layout, "--khong-pdf"]) == 0
        if layout == "phoi":
            (docs / CERTIFICATES).rename(docs / "giay_khen_phoi.docx")
    made = to_pdf(docs / "bien_ban_hop_hoi_dong.docx", docs / "giay_khen_phoi.docx",
                  docs / CERTIFICATES)
    assert made is not None
    minutes_pdf, on_form, framed_pdf = made

    def pdf_text(pdf: Path, *extra: str) -> str:
        return subprocess.run(["pdftotext", *extra, str(pdf), "-"], check=True,
                              capture_output=True, text=True).stdout

    def widths(pdf: Path) -> list[int]:
        info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)], check=True,
                              capture_output=True, text=True).stdout
        return [round(float(w)) for w in re.findall(r"size:\s+([\d.]+) x", info)]

    minutes = pdf_text(minutes_pdf, "-layout")
    for expected in ("BIÊN BẢN", "THI ĐUA - KHEN THƯỞNG SỞ", "Chủ trì: Hà Văn Tiến", "THƯ KÝ", "CHỦ TRÌ",
                     "Phạm Văn Dũng", "Nơi nhận:"):
        assert expected in minutes
    assert widths(framed_pdf) == [842] * 4  # four pages, A4 landscape
    assert widths(on_form) == [842] * 4
    assert "Bà Nguyễn Thị An" in pdf_text(framed_pdf) and "TẶNG" in pdf_text(framed_pdf)
    assert "TẶNG" not in pdf_text(on_form)

    placed = load_campaign().certificate.placement("name")
    assert placed is not None
    boxes = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">'
                       r'(Trung|CNTT&amp;TT)</word>', pdf_text(on_form, "-bbox", "-f", "1", "-l", "1"))
    left, top, right = float(boxes[0][0]), float(boxes[0][1]), float(boxes[-1][2])
    assert abs(top - placed.y * PT_PER_MM) < 3 * PT_PER_MM
    assert abs((left + right) / 2 - placed.x * PT_PER_MM) < 3 * PT_PER_MM
