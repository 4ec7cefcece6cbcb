"""The standard unit workbook in a real spreadsheet engine: LibreOffice prints it and evaluates it."""

from __future__ import annotations

import csv
import re
import subprocess
import tomllib
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.test_template import (
    BK,
    CA_NHAN,
    CAMPAIGN,
    GK,
    INFO,
    INFO_ROW,
    LETTER,
    ROWS,
    TAP_THE,
    _person,
    _sheet_names,
    _values,
)
from thidua_xl.campaign import builtin_path, parse_campaign
from thidua_xl.outputs.template.workbook import write_unit_workbook
from thidua_xl.read import contract
from thidua_xl.rules.values import ROW_REQUIRED

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_unit_workbook(CAMPAIGN, tmp_path_factory.mktemp("filled") / "don_vi.xlsx",
                               info=INFO, rows=ROWS)


def test_libreoffice_prints_every_sheet_on_a4(filled: Path, tmp_path: Path) -> None:
    profile = f"-env:UserInstallation=file://{tmp_path}/lo"
    subprocess.run(["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(filled)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "don_vi.pdf"
    assert pdf.stat().st_size > 10_000
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    for expected in ("HƯỚNG DẪN ĐIỀN MẪU BIỂU", CAMPAIGN.criteria[-1].text[:40],
                     "Đơn vị đề nghị", "Họ và tên / Tên tập thể", "Nguyễn Thị Hồng Nhung",
                     "Trang 1/", "=1+1"):
        assert expected in text
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])
    assert 3 <= pages <= 6
    sizes = subprocess.run(["pdfinfo", "-f", "1", "-l", str(pages), str(pdf)], check=True,
                           capture_output=True, text=True).stdout
    dims = re.findall(r"size:\s+([\d.]+) x ([\d.]+)", sizes)
    assert {tuple(sorted(round(float(x)) for x in d)) for d in dims} == {(595, 842)}
    assert (round(float(dims[-1][0])), round(float(dims[-1][1]))) == (842, 595)  # list: landscape



def _without_cached_results(src: Path, dst: Path) -> Path:
    """A copy whose formulas carry no cached result, so LibreOffice must calculate them itself."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name.startswith("xl/worksheets/"):
                data = re.sub(rb"(</f>)<v>[^<]*</v>", rb"\1", data).replace(b' t="str"', b"")
            zout.writestr(name, data)
    return dst


def test_libreoffice_calculates_the_tally_as_cached(tmp_path: Path) -> None:
    raw = tomllib.loads(builtin_path().read_text(encoding="utf-8"))
    raw["quotas"].append({"award": "GKGD", "subjects": ["ca-nhan"], "share": 0.15, "scope": "unit"})
    campaign = parse_campaign(raw)
    big = max(campaign.units, key=lambda u: u.headcount or 0)
    rows = [_person(f"Người {i}", GK) for i in range(4)] + [
        {"subject": TAP_THE, "name": big.name, "award": BK}, {"subject": CA_NHAN, "award": BK}]
    path = write_unit_workbook(campaign, tmp_path / "u.xlsx", info={"unit": big.name}, rows=rows)
    cached = [r[3:8] for r in _values(path, contract.SHEET_INFO)[2:9]]
    bare = _without_cached_results(path, tmp_path / "bare.xlsx")
    calculated = [r[3:8] for r in _calculated(bare, contract.SHEET_INFO, tmp_path)][2:9]
    as_text = [[str(int(v)) if isinstance(v, float) else str(v) for v in r] for r in cached]
    assert calculated == as_text
    per_unit = [r[2:4] for r in calculated if r[:2] == [GK, CA_NHAN] and r[4] == "mỗi đơn vị"]
    assert per_unit == [["4", str(int(0.15 * big.headcount))]]
    assert [GK, CA_NHAN, "4", "3", "toàn cơ quan"] in calculated


KIND = {"FFFFC7CE": "error", "FFF8CB8C": "unmet", "FFFFF2CC": "todo"}
_LIST_CASES: list[tuple[str, dict[str, object], set[tuple[str, str]]]] = [
    ("clean individual", {}, set()),
    ("year typed as text", {"birth_year": "1987"}, set()),
    ("year not a number", {"birth_year": "năm 87"}, {("birth_year", "error")}),
    ("year in the future", {"birth_year": 2030}, {("birth_year", "error")}),
    ("votes typed as text", {"votes": "7"}, set()),
    ("votes above present", {"votes": 9}, {("votes", "error")}),
    ("subject outside the list", {"subject": "Tap the"}, {("subject", "error")}),
    ("gender outside the list", {"gender": "nu"}, {("gender", "error")}),
    ("award outside the list", {"award": "Giấy khen UBND"}, {("award", "error")}),
    ("criterion left empty", {"crit:TCN2": None}, {("crit:TCN2", "unmet")}),
    ("criterion marked x", {"crit:TCN2": "x"}, set()),
    ("summary missing", {"summary": None}, {("summary", "error")}),
    ("unit outside the list (a sub-team)", {"unit": "Tổ Kỹ thuật"}, set()),
]


def _shift(formula: str, row: int) -> str:
    """A row-2 conditional-format formula rewritten for another row, as the spreadsheet applies it."""
    return re.sub(r'("[^"]*")|(\$?\b[A-Z]{1,2})2\b', lambda m: m[1] or f"{m[2]}{row}", formula)


def _probe(path: Path, out: Path, sheet: str, rows: range, first_col: int) -> list[tuple[str, str]]:
    """Copy every self-check rule into cells right of the data, so a real engine evaluates it."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    probes = []
    for cf in ws.conditional_formatting:
        (rng,) = cf.sqref.ranges
        if rng.min_col != rng.max_col:
            continue
        for rule in cf.rules:
            col = first_col + len(probes)
            probes.append((openpyxl.utils.get_column_letter(rng.min_col),
                           KIND[rule.dxf.fill.bgColor.rgb]))
            for r in rows if rng.max_row > rng.min_row else [rng.min_row]:
                ws.cell(r, col, f"=IF({_shift(rule.formula[0], r)},1,0)")
    wb.save(out)
    return probes


def _calculated(path: Path, sheet: str, tmp_path: Path) -> list[list[str]]:
    """One sheet as LibreOffice calculates it, exported to CSV."""
    index = _sheet_names(path).index(sheet) + 1
    outdir = tmp_path / f"csv{index}"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", f"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,"
                    f"false,false,false,{index}", "--outdir", str(outdir), str(path)],
                   check=True, capture_output=True, timeout=180)
    (out,) = outdir.iterdir()
    return list(csv.reader(out.read_text(encoding="utf-8").splitlines()))


def test_libreoffice_self_check_marks_exactly_the_planted_problems(tmp_path: Path) -> None:
    rows: list[dict[str, object]] = [{**_person(name, GK), **change} for name, change, _ in _LIST_CASES]
    rows += [{"note": "chỉ có ghi chú"}]
    info = {**INFO, "letter_date": CAMPAIGN.deadline, "meeting_date": CAMPAIGN.period_start,
            "members_total": "7", "members_present": 8, "unit": "Phòng Không Có",
            contract.dossier_key(CAMPAIGN.dossier[0].code): contract.NO, "preparer": None,
            contract.dossier_key(CAMPAIGN.dossier[-1].code): None}
    path = write_unit_workbook(CAMPAIGN, tmp_path / "u.xlsx", info=info, rows=rows)
    key_of = {v: k for k, v in LETTER.items()}
    probes = _probe(path, tmp_path / "p1.xlsx", contract.SHEET_LIST, range(2, len(rows) + 2), 40)
    values = _calculated(tmp_path / "p1.xlsx", contract.SHEET_LIST, tmp_path)
    flagged = [{(key_of[c], kind) for (c, kind), v in zip(probes, row[39:], strict=False) if v == "1"}
               for row in values[1:len(rows) + 1]]
    assert flagged[:-1] == [want for _, _, want in _LIST_CASES]
    assert flagged[-1] == {(key, "error") for key in ROW_REQUIRED}

    probes = _probe(tmp_path / "p1.xlsx", tmp_path / "p2.xlsx", contract.SHEET_INFO, range(0), 20)
    values = _calculated(tmp_path / "p2.xlsx", contract.SHEET_INFO, tmp_path)
    label = {i: f.key for f, i in zip(contract.info_fields(CAMPAIGN), INFO_ROW.values(), strict=True)}
    marked = {(label[r + 1], kind) for r, row in enumerate(values) if r + 1 in label
              for (col, kind), v in zip(probes, row[19:], strict=False) if v == "1" and col == "B"}
    assert marked == {("letter_date", "error"), ("unit", "error"), ("members_present", "error"),
                      (contract.dossier_key(CAMPAIGN.dossier[0].code), "error"),
                      ("preparer", "todo"), (contract.dossier_key(CAMPAIGN.dossier[-1].code), "todo")}
