"""The standard unit workbook, written by XlsxWriter and read back with openpyxl, calamine and LibreOffice."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineWorkbook

from thidua_xl.campaign import (
    Criterion,
    describe_quota,
    fmt_date,
    load_campaign,
)
from thidua_xl.cli import main
from thidua_xl.outputs.template.info import tally_rows
from thidua_xl.outputs.template.workbook import (
    Formula,
    template_filename,
    write_template,
    write_unit_workbook,
)
from thidua_xl.read import contract
from thidua_xl.rules import workbook_marks
from thidua_xl.rules.values import ROW_REQUIRED

pytestmark = pytest.mark.filterwarnings("error::UserWarning:xlsxwriter")  # it warns, then drops things

CAMPAIGN = load_campaign()
REPO = Path(__file__).resolve().parents[1]
COLUMNS = contract.list_columns(CAMPAIGN)
LETTER = {f.key: contract.column_letter(i) for i, f in enumerate(COLUMNS)}
LAST_ROW = contract.DATA_ROWS + 1
INFO_ROW = {f.key: i + 1 for i, f in enumerate(contract.info_fields(CAMPAIGN))}
TNR = "Times New Roman"
GK, BK = (a.name for a in CAMPAIGN.awards)
TAP_THE, CA_NHAN = (s.label for s in CAMPAIGN.subjects)
UNIT = CAMPAIGN.units[0].name


def _person(name: str, award: str, **extra: object) -> dict[str, object]:
    """An individual nominee meeting every criterion of their subject."""
    row: dict[str, object] = {"subject": CA_NHAN, "name": name, "gender": "Nữ",
                              "birth_year": 1985, "unit": UNIT, "award": award, "votes": 7,
                              "summary": "Trực kỹ thuật bảo đảm an toàn thông tin ngày bầu cử."}
    row.update({contract.criterion_key(c.code): "Đạt" for c in CAMPAIGN.criteria_for("ca-nhan")})
    row.update(extra)
    return row


ROWS = [
    _person("Nguyễn Thị Hồng Nhung", GK, stt=1),
    _person("Lường Văn Tú", GK, stt=2, gender="Nam", birth_year=1979.0),
    _person("Hà Thị Lan", BK, stt=3, summary="=1+1", note=None),
    {"stt": 4, "subject": TAP_THE, "name": UNIT, "unit": UNIT, "award": GK,
     "votes": Formula("=3+4", 7), "summary": "Hoàn thành xuất sắc nhiệm vụ phục vụ bầu cử."},
]
INFO = {"unit": UNIT, "letter_no": "07/TTr-VP", "letter_date": date(2021, 5, 20),
        "meeting_date": datetime(2021, 5, 18), "members_total": 9, "members_present": 8,
        "preparer": "Hoàng Thị Mai", "phone": "0209 3870 123",
        **{contract.dossier_key(d.code): contract.YES for d in CAMPAIGN.dossier}}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_template(CAMPAIGN, tmp_path_factory.mktemp("tpl"))


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_unit_workbook(CAMPAIGN, tmp_path_factory.mktemp("filled") / "don_vi.xlsx",
                               info=INFO, rows=ROWS)


@pytest.fixture(scope="module")
def book(template: Path) -> Iterator[openpyxl.Workbook]:
    wb = openpyxl.load_workbook(template)
    yield wb
    wb.close()


def _values(path: Path, sheet: str) -> list[list[object]]:
    """A sheet's values as calamine (the reader's library) sees them."""
    with CalamineWorkbook.from_path(str(path)) as wb:
        return wb.get_sheet_by_name(sheet).to_python()


def _sheet_names(path: Path) -> list[str]:
    """Sheet names in workbook order."""
    with CalamineWorkbook.from_path(str(path)) as wb:
        return list(wb.sheet_names)


def _validation(ws: Worksheet, ref: str) -> DataValidation:
    """The one data validation whose ranges include exactly `ref`."""
    hits = [dv for dv in ws.data_validations.dataValidation if ref in str(dv.sqref).split()]
    assert len(hits) == 1, f"{len(hits)} validations on {ref}"
    return hits[0]


def _cf_formulas(ws: Worksheet, ref: str) -> list[str]:
    """Formulas of the conditional formats applied to exactly `ref`."""
    return [f for cf in ws.conditional_formatting if ref in str(cf.sqref).split()
            for rule in cf.rules for f in rule.formula]


def _name_values(book: openpyxl.Workbook, name: str) -> list[object]:
    """Values in the range a defined name points at."""
    sheet, ref = next(iter(book.defined_names[name].destinations))
    cells = book[sheet][ref.replace("$", "")]
    flat = [c for row in cells for c in row] if isinstance(cells, tuple) else [cells]
    return [c.value for c in flat if c.value is not None]


def test_file_name_carries_campaign_id(template: Path) -> None:
    assert template.name == template_filename(CAMPAIGN) == f"mau_bieu_{CAMPAIGN.id}.xlsx"


def test_sheets_in_reading_order_with_stamp_hidden(template: Path) -> None:
    with CalamineWorkbook.from_path(str(template)) as wb:
        meta = wb.sheets_metadata
    assert [s.name for s in meta] == [contract.SHEET_GUIDE, contract.SHEET_INFO, contract.SHEET_LIST,
                                      contract.SHEET_STAMP]
    assert [str(s.visible).rsplit(".", 1)[-1] for s in meta] == ["Visible"] * 3 + ["Hidden"]


def test_list_header_is_exactly_the_layout_labels(template: Path) -> None:
    header = _values(template, contract.SHEET_LIST)[0]
    assert header == [f.label for f in COLUMNS]
    codes = [c.code for c in CAMPAIGN.criteria]
    first = header.index(codes[0])
    assert header[first:first + len(codes)] == codes
    assert header[first - 1] == "Hình thức khen thưởng"


def test_info_labels_fill_column_a_in_order(template: Path) -> None:
    rows = _values(template, contract.SHEET_INFO)
    fields = contract.info_fields(CAMPAIGN)
    assert [r[0] for r in rows[:len(fields)]] == [f.label for f in fields]
    assert all(r[0] == "" for r in rows[len(fields):])
    assert all(r[1] == "" for r in rows)


def test_criterion_headers_carry_full_wording_in_a_comment(book: openpyxl.Workbook) -> None:
    ws = book[contract.SHEET_LIST]
    for c in CAMPAIGN.criteria:
        note = ws[f"{LETTER[contract.criterion_key(c.code)]}1"].comment
        assert note is not None and c.text in note.text


@pytest.mark.parametrize(("key", "kind", "source", "style"), [
    ("subject", "list", [TAP_THE, CA_NHAN], "stop"),
    ("gender", "list", list(contract.GENDERS), "stop"),
    ("award", "list", [GK, BK], "stop"),
    ("unit", "list", [CAMPAIGN.agency.name, *(u.name for u in CAMPAIGN.units)], "warning"),
    *[(contract.criterion_key(c.code), "list",
       ["Đạt", "Không áp dụng"] if c.conditional else ["Đạt"], "stop") for c in CAMPAIGN.criteria],
    ("birth_year", "whole", ("1940", str(CAMPAIGN.period_end.year)), "stop"),
    ("votes", "whole", ("0", None), "stop"),
    ("members", "whole", ("1", None), "stop"),
    ("women", "whole", ("0", None), "stop"),
])
def test_list_validations(book: openpyxl.Workbook, key: str, kind: str, source: object,
                          style: str) -> None:
    ref = f"{LETTER[key]}2:{LETTER[key]}{LAST_ROW}"
    dv = _validation(book[contract.SHEET_LIST], ref)
    assert dv.type == kind
    assert (dv.errorStyle or "stop") == style
    assert dv.showErrorMessage and dv.showInputMessage
    assert dv.prompt and dv.promptTitle and dv.error and dv.errorTitle
    assert re.search(r"[ạảãáàăâđêôơưọốồổộứừữựịếềểễệ]", dv.prompt + dv.error)
    if kind == "list":
        assert "!" not in dv.formula1, "list sources go through a defined name"
        assert _name_values(book, dv.formula1.lstrip("=")) == source
    else:
        assert dv.formula1 == source[0]
        assert source[1] is None or dv.formula2 == source[1]


@pytest.mark.parametrize(("key", "kind", "source"), [
    ("unit", "list", [u.name for u in CAMPAIGN.units]),
    ("letter_date", "date", None),
    ("meeting_date", "date", None),
    ("members_total", "whole", None),
    ("members_present", "whole", None),
    *[(contract.dossier_key(d.code), "list", [contract.YES, contract.NO]) for d in CAMPAIGN.dossier],
])
def test_info_validations(book: openpyxl.Workbook, key: str, kind: str,
                          source: list[str] | None) -> None:
    dv = _validation(book[contract.SHEET_INFO], f"B{INFO_ROW[key]}")
    assert dv.type == kind and dv.prompt and dv.error
    if source is not None:
        assert _name_values(book, dv.formula1.lstrip("=")) == source


def test_self_check_never_refers_across_sheets_directly(book: openpyxl.Workbook) -> None:
    formulas = [f for name in (contract.SHEET_INFO, contract.SHEET_LIST)
                for cf in book[name].conditional_formatting for r in cf.rules for f in r.formula]
    assert len(formulas) > 20
    assert not [f for f in formulas if "!" in f]


FILL_OF = {"FFFFC7CE": "error", "FFF8CB8C": "unmet", "FFFFF2CC": "todo"}


def _self_checks(book: openpyxl.Workbook) -> set[tuple[str, str, str, str]]:
    """(sheet, range, formula, colour) of every one-column self-check on the two data sheets."""
    out = set()
    for sheet, name in (("list", contract.SHEET_LIST), ("info", contract.SHEET_INFO)):
        for cf in book[name].conditional_formatting:
            for rule in cf.rules:
                fill = rule.dxf.fill.bgColor.rgb if rule.dxf.fill else "none"
                out.add((sheet, str(cf.sqref), rule.formula[0], FILL_OF.get(fill, fill)))
    return out


def test_self_checks_are_exactly_the_rule_declarations(book: openpyxl.Workbook) -> None:
    declared = {(m.sheet, f"{LETTER[m.key]}2:{LETTER[m.key]}{LAST_ROW}" if m.sheet == "list"
                 else f"B{INFO_ROW[m.key]}", m.formula, m.fill) for m in workbook_marks(CAMPAIGN)}
    found = _self_checks(book)
    border = {c for c in found if c[3] == "none"}
    tally = {c for c in found if c[0] == "info" and not c[1].startswith("B")}
    assert found - border - tally == declared
    assert [c[1] for c in border] == [f"A2:{LETTER['note']}{LAST_ROW}"]
    assert len(tally) == len(tally_rows(CAMPAIGN))


@pytest.mark.parametrize("key", ROW_REQUIRED)
def test_missing_required_value_in_started_row_is_marked(book: openpyxl.Workbook, key: str) -> None:
    ref = f"{LETTER[key]}2:{LETTER[key]}{LAST_ROW}"
    started = f"SUMPRODUCT(LEN(TRIM($B2:${LETTER['note']}2)))>0"
    assert any(started in f and f"LEN(TRIM(${LETTER[key]}2))>0" in f
               for f in _cf_formulas(book[contract.SHEET_LIST], ref))


@pytest.mark.parametrize("criterion", CAMPAIGN.criteria, ids=lambda c: c.code)
def test_mandatory_criterion_not_met_is_marked_for_its_subjects_only(
        book: openpyxl.Workbook, criterion: Criterion) -> None:
    col = LETTER[contract.criterion_key(criterion.code)]
    formulas = _cf_formulas(book[contract.SHEET_LIST], f"{col}2:{col}{LAST_ROW}")
    assert len(formulas) == 1
    for s in CAMPAIGN.subjects:
        assert (f'="{s.label}"' in formulas[0]) == (s.code in criterion.subjects)


def test_votes_compare_with_members_through_defined_names(book: openpyxl.Workbook) -> None:
    col = LETTER["votes"]
    formulas = " ".join(_cf_formulas(book[contract.SHEET_LIST], f"{col}2:{col}{LAST_ROW}"))
    for key, name in contract.INFO_NAMES.items():
        assert book.defined_names[name].attr_text == f"'{contract.SHEET_INFO}'!$B${INFO_ROW[key]}"
    assert contract.INFO_NAMES["members_present"] in formulas


def test_letter_past_deadline_and_dates_before_start_are_marked(book: openpyxl.Workbook) -> None:
    d, s = CAMPAIGN.deadline, CAMPAIGN.period_start
    late = ">" if CAMPAIGN.deadline_inclusive else ">="
    formulas = {k: " ".join(_cf_formulas(book[contract.SHEET_INFO], f"B{INFO_ROW[k]}"))
                for k in ("letter_date", "meeting_date")}
    for key, text in formulas.items():
        assert f"INT($B${INFO_ROW[key]})<DATE({s.year},{s.month},{s.day})" in text
    assert f"INT($B${INFO_ROW['letter_date']}){late}DATE({d.year},{d.month},{d.day})" \
        in formulas["letter_date"]
    assert f"DATE({d.year},{d.month},{d.day})" not in formulas["meeting_date"]


def test_stamp_sheet_and_defined_names(book: openpyxl.Workbook) -> None:
    ws = book[contract.SHEET_STAMP]
    assert ws.sheet_state == "hidden"
    assert [[c.value for c in row] for row in ws["A1:B2"]] == [
        ["campaign_id", CAMPAIGN.id], ["template_version", CAMPAIGN.template_version]]
    assert _name_values(book, contract.STAMP_CAMPAIGN) == [CAMPAIGN.id]
    assert _name_values(book, contract.STAMP_VERSION) == [CAMPAIGN.template_version]


@pytest.mark.parametrize(("sheet", "orientation", "titles", "freeze"), [
    (contract.SHEET_GUIDE, "portrait", None, "A2"),
    (contract.SHEET_INFO, "landscape", None, "B1"),
    (contract.SHEET_LIST, "landscape", "$1:$1", "D2"),
])
def test_print_setup(book: openpyxl.Workbook, sheet: str, orientation: str, titles: str | None,
                     freeze: str) -> None:
    ws = book[sheet]
    assert int(ws.page_setup.paperSize) == 9
    assert ws.page_setup.orientation == orientation
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    fit = [1 if v is None else int(v) for v in (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight)]
    assert fit == [1, 0]  # OOXML leaves out fitToWidth="1", its default
    assert ws.print_title_rows == titles
    assert ws.freeze_panes == freeze


def test_every_cell_and_the_default_style_use_times_new_roman(filled: Path) -> None:
    wb = openpyxl.load_workbook(filled)
    assert wb._named_styles["Normal"].font.name == TNR
    fonts = {c.font.name for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert fonts == {TNR}
    assert b"scheme" not in zipfile.ZipFile(filled).read("xl/styles.xml")


def test_sheets_protected_without_password_with_data_cells_open(book: openpyxl.Workbook) -> None:
    for ws in book.worksheets:
        assert ws.protection.sheet and not ws.protection.password
    lst, info = book[contract.SHEET_LIST], book[contract.SHEET_INFO]
    assert all(c.protection.locked for c in lst[1])
    dims = [d for d in lst.column_dimensions.values() if d.min]
    for i in range(1, len(COLUMNS) + 1):
        (dim,) = [d for d in dims if d.min <= i <= d.max]
        assert not dim.protection.locked, f"column {i} is locked for data"
    assert all(info[f"A{r}"].protection.locked and not info[f"B{r}"].protection.locked
               for r in INFO_ROW.values())
    assert lst.protection.autoFilter is False and lst.protection.sort is False  # False = allowed


def test_rows_round_trip_typed(filled: Path) -> None:
    rows = _values(filled, contract.SHEET_LIST)[1:1 + len(ROWS)]
    cols = {f.key: i for i, f in enumerate(COLUMNS)}
    for got, sent in zip(rows, ROWS, strict=True):
        for key, value in sent.items():
            want = value.cached if isinstance(value, Formula) else value
            assert got[cols[key]] == ("" if want is None else want), key
    info = {r[0]: r[1] for r in _values(filled, contract.SHEET_INFO)}
    assert info["Ngày tờ trình"] == INFO["letter_date"]
    assert info["Ngày họp xét"] in (INFO["meeting_date"], INFO["meeting_date"].date())
    assert info["Điện thoại"] == INFO["phone"]


def test_text_never_becomes_a_formula_but_formula_values_do(filled: Path) -> None:
    ws = openpyxl.load_workbook(filled)[contract.SHEET_LIST]
    summary, votes = ws[f"{LETTER['summary']}4"], ws[f"{LETTER['votes']}5"]
    assert (summary.data_type, summary.value) == ("s", "=1+1")
    assert (votes.data_type, votes.value) == ("f", "=3+4")
    assert ws[f"{LETTER['birth_year']}2"].data_type == "n"
    dates = openpyxl.load_workbook(filled)[contract.SHEET_INFO]
    cell = dates[f"B{INFO_ROW['letter_date']}"]
    assert cell.is_date and cell.number_format == "dd/mm/yyyy"


def test_live_tally_counts_rows_with_cached_values(filled: Path) -> None:
    rows = _values(filled, contract.SHEET_INFO)
    tally = {(r[3], r[4]): (r[5], r[6]) for r in rows[2:] if r[3] in (GK, BK)}
    assert tally[(GK, TAP_THE)] == (1, 2)
    assert tally[(GK, CA_NHAN)] == (2, 3)
    assert tally[(BK, CA_NHAN)][0] == 1
    combined = [v for (award, who), v in tally.items() if award == BK and "+" in who]
    assert combined == [(1, 2)]
    ws = openpyxl.load_workbook(filled)[contract.SHEET_INFO]
    formulas = [c.value for row in ws["F3:F8"] for c in row if c.data_type == "f"]
    assert formulas and all("COUNTIFS(" in f and contract.SHEET_LIST in f for f in formulas)


def test_guide_holds_every_criterion_quota_and_the_last_valid_day(template: Path) -> None:
    text = "\n".join(str(v) for row in _values(template, contract.SHEET_GUIDE) for v in row)
    for c in CAMPAIGN.criteria:
        assert c.text in text
    for q in CAMPAIGN.quotas:
        assert describe_quota(q, CAMPAIGN) in text
    assert fmt_date(CAMPAIGN.last_valid_day) in text and fmt_date(CAMPAIGN.deadline) in text
    for d in CAMPAIGN.dossier:
        assert d.text in text


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"rows": [{"ho_ten": "x"}]}, KeyError),
    ({"info": {"don_vi": "x"}}, KeyError),
    ({"rows": [{"name": "x"}] * (contract.DATA_ROWS + 1)}, ValueError),
    ({"rows": [{"name": object()}]}, TypeError),
])
def test_bad_input_is_refused_and_leaves_no_file(tmp_path: Path, kwargs: dict, error: type) -> None:
    with pytest.raises(error):
        write_unit_workbook(CAMPAIGN, tmp_path / "x.xlsx", **kwargs)
    assert list(tmp_path.iterdir()) == []


def test_same_input_gives_same_bytes(tmp_path: Path) -> None:
    a = write_unit_workbook(CAMPAIGN, tmp_path / "a.xlsx", info=INFO, rows=ROWS)
    b = write_unit_workbook(CAMPAIGN, tmp_path / "b.xlsx", info=INFO, rows=ROWS)
    assert a.read_bytes() == b.read_bytes()


def _members(path: Path) -> dict[str, bytes]:
    """Zip members by name, uncompressed (independent of the zlib build)."""
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_committed_template_is_up_to_date(tmp_path: Path) -> None:
    committed = REPO / "templates" / template_filename(CAMPAIGN)
    fresh = write_template(CAMPAIGN, tmp_path)
    assert committed.exists(), "chạy: thidua template -o workbooks"
    old, new = _members(committed), _members(fresh)
    changed = sorted(n for n in old.keys() | new.keys() if old.get(n) != new.get(n))
    assert not changed, f"mẫu biểu cũ ({', '.join(changed)}); chạy: thidua template -o workbooks"


def test_template_command_writes_the_workbook(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", "-o", str(tmp_path / "ra")]) == 0
    path = tmp_path / "ra" / template_filename(CAMPAIGN)
    assert str(path) in capsys.readouterr().out
    assert _values(path, contract.SHEET_STAMP)[0][:2] == ["campaign_id", CAMPAIGN.id]
