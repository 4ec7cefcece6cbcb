"""Each rule is declared once: LibreOffice, evaluating the template's self-check, marks exactly the
cells the Python rule reports, over one table of valid, invalid and edge-case values."""

from __future__ import annotations

import csv
import re
import subprocess
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from tests.unitfiles import UNIT, clean_info, collective, person
from thidua_xl.campaign import Campaign, builtin_path, load_campaign, parse_campaign
from thidua_xl.outputs.template.workbook import write_unit_workbook
from thidua_xl.read import contract
from thidua_xl.read.normalise import file_encoding, normalise_info, normalise_row
from thidua_xl.read.reader import read_workbook
from thidua_xl.rules import DECLARED, RULES, Context, Placed, workbook_marks

pytestmark = pytest.mark.libreoffice

BASE = load_campaign()


def _strict() -> Campaign:
    """The campaign with the options the built-in one leaves off: a vote threshold, an inclusive
    deadline, an award open to persons only, and a unit (the workbooks' own) that may propose
    other units' people."""
    raw = tomllib.loads(builtin_path().read_text(encoding="utf-8"))
    raw["voting"]["threshold"] = 0.7
    raw["deadline"]["inclusive"] = True
    raw["awards"][1]["subjects"] = ["ca-nhan"]
    raw["quotas"][-1]["subjects"] = ["ca-nhan"]
    raw["proposals"] = {"other_units": ["CNTT"]}
    return parse_campaign(raw)


STRICT = _strict()
GK, BK = (a.name for a in BASE.awards)
AGENCY = BASE.agency.name
NFD_PERSON = "Ca\u0301 nha\u0302n"  # "Cá nhân" typed with combining marks


@dataclass(frozen=True)
class Case:
    """One table line: changes to a clean person (or collective, or empty) row or unit info;
    `gap` names the documented input on which the workbook knowingly judges differently."""

    name: str
    changes: dict[str, object] = field(default_factory=dict)
    base: str = "person"
    gap: str = ""


def _c(code: str) -> str:
    return contract.criterion_key(code)


ROWS: list[Case] = [
    Case("clean person"),
    Case("clean collective", base="collective"),
    Case("only STT: not a started row", {"stt": 99}, base="empty"),
    Case("only spaces besides STT: not started", {"stt": 98, "note": "   "}, base="empty"),
    Case("only a note: started, every required field missing", {"note": "chỉ có ghi chú"},
         base="empty"),
    Case("only a criterion mark: started", {_c("TCC1"): "Đạt"}, base="empty"),
    *[Case(f"{key} missing", {key: None}) for key in
      ("name", "subject", "award", "unit", "summary", "votes")],
    Case("name of spaces only", {"name": "   "}),
    Case("person without birth year", {"birth_year": None}),
    Case("person by code without birth year", {"subject": "ca-nhan", "birth_year": None}),
    Case("person in capitals and spaces without birth year",
         {"subject": "  CÁ   NHÂN ", "birth_year": None}),
    Case("collective without birth year or gender", base="collective"),
    Case("person without gender", {"gender": None}),
    Case("unknown subject", {"subject": "Hộ gia đình"}),
    Case("subject as a number", {"subject": 5}),
    Case("collective by code", {"subject": "tap-the"}, base="collective"),
    Case("unknown award", {"award": "Bằng khen của Bộ trưởng"}),
    Case("award by code", {"award": "GKGD"}),
    Case("award in capitals", {"award": GK.upper()}),
    Case("award with a wildcard", {"award": "Giấy khen*"}),
    Case("unknown gender", {"gender": "Khác"}),
    Case("gender in other case", {"gender": "nữ"}),
    Case("gender upper case", {"gender": "NAM"}),
    Case("birth year 1939", {"birth_year": 1939}),
    Case("birth year 1940", {"birth_year": 1940}),
    Case("birth year = campaign end year", {"birth_year": BASE.period_end.year}),
    Case("birth year after the campaign", {"birth_year": BASE.period_end.year + 1}),
    Case("birth year as text", {"birth_year": "1987"}),
    Case("birth year as text with a space", {"birth_year": "19 87"}),
    Case("birth year with leading zeros", {"birth_year": "01987"}),
    Case("birth year not whole", {"birth_year": 1987.5}),
    Case("birth year text not whole", {"birth_year": "1987.5"}),
    Case("birth year with a letter O", {"birth_year": "198O"}),
    Case("birth year with a thousands dot", {"birth_year": "1.985"}),
    Case("birth year as TRUE", {"birth_year": True}),
    Case("birth year of a collective", {"birth_year": 2030}, base="collective"),
    Case("votes 0", {"votes": 0}),
    Case("votes negative", {"votes": -1}),
    Case("votes as text", {"votes": "7"}),
    Case("votes in words", {"votes": "bảy"}),
    Case("votes above the maximum", {"votes": contract.VOTES_MAX + 1}),
    Case("votes 5", {"votes": 5}),
    Case("votes 6", {"votes": 6}),
    Case("votes 8", {"votes": 8}),
    Case("votes 8 as text", {"votes": "8"}),
    Case("votes 9", {"votes": 9}),
    Case("person misses TCN2", {_c("TCN2"): None}),
    Case("person marks TCN2 with x", {_c("TCN2"): "x"}),
    Case("person marks TCN2 with a check mark", {_c("TCN2"): "✓"}),
    Case("person marks TCN2 Có in capitals", {_c("TCN2"): " CÓ "}),
    Case("person writes Chưa đạt", {_c("TCN2"): "Chưa đạt"}),
    Case("person leaves collective criteria empty", {_c("TCT1"): None}),
    Case("collective misses TCT5", {_c("TCT5"): None}, base="collective"),
    Case("unknown subject leaves criteria empty", {"subject": "Khác", _c("TCN1"): None}),
    Case("collective by code misses TCC1", {"subject": "tap-the", _c("TCC1"): None},
         base="collective"),
    Case("superior award for a collective", {"award": BK}, base="collective"),
    Case("superior award by code for a collective", {"award": "BKUBND"}, base="collective"),
    Case("superior award with an unknown subject", {"award": BK, "subject": "Khác"}),
    Case("the agency for its own head's award", {"name": AGENCY, "unit": AGENCY},
         base="collective"),
    Case("the agency in capitals, award by code", {"name": f" {AGENCY.upper()} ", "award": "GKGD"},
         base="collective"),
    Case("the agency for the superior's award", {"name": AGENCY, "award": BK}, base="collective"),
    Case("a person named like the agency", {"name": AGENCY}),
    Case("person of the Văn phòng", {"unit": "Văn phòng Sở"}),
    Case("person of the Văn phòng by code", {"unit": "VP"}),
    Case("person of the agency itself", {"unit": AGENCY}),
    Case("work unit with a wildcard", {"unit": "Phòng*"}),
    Case("collective of another unit", {"name": "Văn phòng Sở", "unit": "Văn phòng Sở"},
         base="collective"),
    Case("TCT5 not applicable", {_c("TCT5"): "Không áp dụng"}, base="collective"),
    Case("TCT5 not applicable in capitals", {_c("TCT5"): " KHÔNG ÁP DỤNG "}, base="collective"),
    Case("TCC1 not applicable is unmet", {_c("TCC1"): "Không áp dụng"}, base="collective"),
    Case("collective states members and women", {"members": 12, "women": 9}, base="collective"),
    Case("collective women above members", {"members": 12, "women": 13}, base="collective"),
    Case("collective members 0, women as text", {"members": 0, "women": "9"}, base="collective"),
    Case("collective women in words", {"women": "chín", "members": "12"}, base="collective"),
    Case("subject without marks", {"subject": "Tap the"}, gap="loose-text"),
    Case("the agency without marks", {"name": "So Thong tin va Truyen thong"}, base="collective",
         gap="loose-text"),
    Case("TCT5 not applicable without marks", {_c("TCT5"): "Khong ap dung"}, base="collective",
         gap="loose-text"),
    Case("subject in decomposed Unicode", {"subject": NFD_PERSON}, gap="loose-text"),
    Case("gender without marks", {"gender": "nu"}, gap="loose-text"),
    Case("criterion mark without marks", {_c("TCN2"): "dat"}, gap="loose-text"),
    Case("birth year with a plus sign", {"birth_year": "+1987"}, gap="text-number"),
    Case("votes with a decimal tail", {"votes": "7,00"}, gap="text-number"),
]

INFOS: list[tuple[Campaign, Case]] = [
    (BASE, Case("clean info")),
    (BASE, Case("letter on the exclusive deadline", {"letter_date": date(2021, 5, 25)})),
    (BASE, Case("letter on the last valid day, late in the evening",
                {"letter_date": datetime(2021, 5, 24, 22, 30)})),
    (BASE, Case("letter and meeting before the campaign", {"letter_date": date(2021, 2, 3),
                                                           "meeting_date": date(2021, 2, 1)})),
    (BASE, Case("meeting after the letter", {"meeting_date": date(2021, 5, 21)})),
    (BASE, Case("letter date unreadable, meeting a day number",
                {"letter_date": "hôm qua", "meeting_date": 44334})),
    (BASE, Case("a time of day is no date, 29/02/1900 is", {"letter_date": 0.5,
                                                            "meeting_date": 60})),
    (BASE, Case("counts as text, present above total", {"members_total": "7",
                                                        "members_present": "8"})),
    (BASE, Case("counts 0 and above the maximum", {"members_total": 0,
                                                   "members_present": contract.MEMBERS_MAX + 1})),
    (BASE, Case("counts at the maximum, present not a number",
                {"members_total": contract.MEMBERS_MAX, "members_present": "bảy"})),
    (BASE, Case("present 6 makes votes 7 too many", {"members_present": 6})),
    (BASE, Case("present missing", {"members_present": None})),
    (BASE, Case("every required field empty", {k: None for k in (
        "unit", "letter_no", "letter_date", "meeting_date", "members_total", "preparer",
        *(contract.dossier_key(d.code) for d in BASE.dossier))})),
    (BASE, Case("unit unknown, dossier Không and Có thể",
                {"unit": "Phòng Văn hóa", contract.dossier_key("to-trinh"): "Không",
                 contract.dossier_key("bien-ban"): "Có thể"})),
    (BASE, Case("unit by code and in capitals, dossier in other case",
                {"unit": "CNTT", contract.dossier_key("to-trinh"): "có",
                 contract.dossier_key("bien-ban"): " KHÔNG "})),
    (BASE, Case("unit in capitals", {"unit": UNIT.upper()})),
    (BASE, Case("proposed by the Văn phòng", {"unit": "Văn phòng Sở"})),
    (BASE, Case("proposed by the Văn phòng by code in lower case", {"unit": "vp"})),
    (BASE, Case("letter date typed as text", {"letter_date": "20/05/2021"}, gap="text-date")),
    (BASE, Case("present typed with a plus sign", {"members_present": "+6"}, gap="text-number")),
    (BASE, Case("dossier marked without marks", {contract.dossier_key("to-trinh"): "co"},
                gap="loose-text")),
    (STRICT, Case("threshold 70% of 10 members", {"members_total": 10, "members_present": 9})),
    (STRICT, Case("inclusive deadline day is on time", {"letter_date": date(2021, 5, 25),
                                                        "members_total": 9})),
    (STRICT, Case("a day after the inclusive deadline", {"letter_date": date(2021, 5, 26)})),
]


def _row(case: Case, campaign: Campaign, n: int) -> dict[str, object]:
    """The table line as a nominee row of the template."""
    if case.base == "empty":
        return dict(case.changes)
    build = person if case.base == "person" else collective
    return build(campaign, **({"stt": n, "name": f"Người số {n}"} | case.changes))


def _shift(formula: str, row: int) -> str:
    """A row-2 formula as the spreadsheet applies it to another row (quoted text left alone)."""
    return re.sub(r'("[^"]*")|(\$?\b[A-Z]{1,3})2\b', lambda m: m[1] or f"{m[2]}{row}", formula)


PROBE_COL = 80  # list-sheet probes start at column CB, far right of the template's columns
INFO_PROBE_ROW = 200


def _probe(path: Path, out: Path, marks: list[Placed], rows: int
           ) -> dict[tuple[str, int, int], tuple[Placed, str]]:
    """Copy every self-check of the written workbook into cells, so LibreOffice evaluates it;
    each probe cell → (the declared mark, the cell it checks). Checks that the workbook carries
    exactly the declared marks besides the row border and the quota tally."""
    wb = openpyxl.load_workbook(path)
    layout = {f.key: i + 1 for i, f in enumerate(contract.list_columns(BASE))}
    info_rows = {f.key: i + 1 for i, f in enumerate(contract.info_fields(BASE))}
    wanted = {(m.sheet, layout[m.key] if m.sheet == "list" else info_rows[m.key], m.formula): m
              for m in marks}
    assert len(wanted) == len(marks), "two declared marks on one cell share a formula"
    found: dict[tuple[str, int, int], tuple[Placed, str]] = {}
    seen = set()
    count = {"list": 0, "info": 0}
    for sheet, name in (("list", contract.SHEET_LIST), ("info", contract.SHEET_INFO)):
        ws = wb[name]
        for cf in ws.conditional_formatting:
            (rng,) = cf.sqref.ranges
            for cf_rule in cf.rules:
                where = rng.min_col if sheet == "list" else rng.min_row
                mark = wanted.get((sheet, where, cf_rule.formula[0]))
                if mark is None:
                    assert (sheet == "list" and rng.min_col != rng.max_col) or \
                           (sheet == "info" and rng.min_col != 2), f"undeclared: {cf_rule.formula}"
                    continue
                assert rng.min_col == rng.max_col
                seen.add((sheet, where, cf_rule.formula[0]))
                count[sheet] += 1
                if sheet == "list":
                    col = PROBE_COL + count[sheet]
                    for r in range(2, rows + 2):
                        ws.cell(r, col, f"=IF({_shift(mark.formula, r)},1,0)")
                        found[("list", r, col)] = (mark, f"{contract.column_letter(where - 1)}{r}")
                else:
                    r = INFO_PROBE_ROW + count[sheet]
                    ws.cell(r, 1, f"=IF({mark.formula},1,0)")
                    found[("info", r, 1)] = (mark, f"{contract.INFO_VALUE_COLUMN}{where}")
    assert seen == set(wanted), "declared marks missing from the workbook"
    wb.save(out)
    return found


def _calculate(paths: list[Path], outdir: Path, profile: Path) -> dict[tuple[str, str], list]:
    """Every sheet of every workbook as LibreOffice calculates it: (file stem, sheet) → rows."""
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,"
                    "false,false,false,-1", "--outdir", str(outdir), *map(str, paths)],
                   check=True, capture_output=True, timeout=600)
    out = {}
    for p in paths:
        for sheet in (contract.SHEET_LIST, contract.SHEET_INFO):
            text = (outdir / f"{p.stem}-{sheet}.csv").read_text(encoding="utf-8")
            out[(p.stem, sheet)] = list(csv.reader(text.splitlines()))
    return out


def _python_cells(path: Path, campaign: Campaign) -> set[tuple[str, str]]:
    """(rule, cell) for every finding of every declared rule with a workbook form."""
    sub = read_workbook(path, campaign)
    rows = [normalise_row(raw, campaign, file_encoding(sub.rows)) for raw in sub.rows]
    ctx = Context(sub, campaign, normalise_info(sub, campaign), rows)
    return {(key, f.cell) for key, d in DECLARED.items() if d.checks
            for f in RULES[key](ctx) if f.sheet in (contract.SHEET_LIST, contract.SHEET_INFO)}


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Case, set, set, Campaign]]:
    """Per workbook of the table: its info case, LibreOffice's marked cells, Python's."""
    tmp = tmp_path_factory.mktemp("differential")
    probed, probes, plain = [], [], []
    for i, (campaign, info_case) in enumerate(INFOS):
        rows = [_row(c, campaign, n) for n, c in enumerate(ROWS, start=1)]
        path = write_unit_workbook(campaign, tmp / f"w{i:02d}.xlsx",
                                   info=clean_info(campaign, **info_case.changes), rows=rows)
        plain.append(path)
        probed.append(tmp / f"p{i:02d}.xlsx")
        probes.append(_probe(path, probed[-1], workbook_marks(campaign), len(rows)))
    calculated = _calculate(probed, tmp / "csv", tmp / "lo")
    out = []
    for i, (campaign, info_case) in enumerate(INFOS):
        lo = set()
        for (sheet, r, col), (mark, cell) in probes[i].items():
            name = contract.SHEET_LIST if sheet == "list" else contract.SHEET_INFO
            value = calculated[(probed[i].stem, name)][r - 1][col - 1]
            assert value in ("0", "1"), f"{mark.rule} at {cell}: LibreOffice gave {value!r}"
            if value == "1":
                lo.add((mark.rule, cell))
        out.append((info_case, lo, _python_cells(plain[i], campaign), campaign))
    return out


def _gap_of(cell: str, info_case: Case) -> set[str]:
    """Gaps that may explain a difference on a cell: its row's, and the workbook's info case's."""
    row = int(re.sub(r"\D", "", cell))
    gaps = {info_case.gap} - {""}
    if cell.startswith(contract.INFO_VALUE_COLUMN) and row <= len(contract.info_fields(BASE)):
        return gaps
    return gaps | ({ROWS[row - 2].gap} - {""} if 2 <= row < len(ROWS) + 2 else set())


def test_the_two_campaigns_give_every_workbook_form_a_place() -> None:
    forms = {k for k, d in DECLARED.items() if d.checks}
    assert {m.rule for c in (BASE, STRICT) for m in workbook_marks(c)} == forms


def test_libreoffice_marks_exactly_what_python_reports(verdicts) -> None:
    wrong = []
    for info_case, lo, py, campaign in verdicts:
        for rule, cell in lo ^ py:
            if not _gap_of(cell, info_case) & DECLARED[rule].gaps(campaign):
                side = "only LibreOffice" if (rule, cell) in lo else "only Python"
                wrong.append(f"{info_case.name} / {rule} / {cell}: {side}")
    assert not wrong, "\n".join(sorted(wrong))


def test_the_table_makes_every_rule_mark_something(verdicts) -> None:
    """Each rule with a workbook form marks at least one cell of the table, on both sides."""
    hits: dict[str, int] = defaultdict(int)
    for _info, lo, py, _c in verdicts:
        for rule, _cell in lo & py:
            hits[rule] += 1
    assert set(hits) == {k for k, d in DECLARED.items() if d.checks}


def _differing(lo: set, py: set) -> set[tuple[str, int]]:
    """(sheet, row) of every cell the two backends judge differently."""
    info_rows = len(contract.info_fields(BASE))
    out = set()
    for _rule, cell in lo ^ py:
        row = int(re.sub(r"\D", "", cell))
        on_info = cell.startswith(contract.INFO_VALUE_COLUMN) and row <= info_rows
        out.add(("info" if on_info else "list", row))
    return out


def test_documented_gaps_are_real(verdicts) -> None:
    """Every gap line of the table does make the backends differ, and only gap lines do: a stale
    note (the formula learnt the case, or Python stopped reading it) fails here."""
    gap_rows = {n for n, case in enumerate(ROWS, start=2) if case.gap}
    for info_case, lo, py, _c in verdicts:
        differing = _differing(lo, py)
        assert {r for sheet, r in differing if sheet == "list"} >= gap_rows or info_case.gap
        outside = {d for d in differing if d[0] == "info" or d[1] not in gap_rows}
        assert bool(outside) == bool(info_case.gap), info_case.name
    _clean, lo, py, _c = verdicts[0]
    assert {r for _sheet, r in _differing(lo, py)} == gap_rows


def test_table_size(verdicts) -> None:
    rules = {k for k, d in DECLARED.items() if d.checks}
    print(f"\ntable: {len(ROWS)} nominee rows × {len(INFOS)} unit-info cases "
          f"= {len(ROWS) * len(INFOS)} rows; {len(rules)} rules with a workbook form; "
          f"{sum(len(lo | py) for _i, lo, py, _c in verdicts)} marked cells compared")
    assert len(ROWS) * len(INFOS) >= 1000
