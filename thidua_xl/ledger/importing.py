"""`thidua ledger import`: past award lists (Excel or CSV) into the ledger, all rows or none.

Columns are found by their labels wherever the header row is; text typed in TCVN3 or VNI is
converted; dates are day-first. Every bad row becomes a finding in the same form as a unit file's,
and one error anywhere means nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from thidua_xl.findings import Finding, Severity, Where, display_value, finding
from thidua_xl.ledger.model import (
    COLLECTIVE,
    INDIVIDUAL,
    AwardLine,
    CampaignRef,
    DecisionRef,
    Recorded,
    number_key,
    text_key,
)
from thidua_xl.ledger.recording import write_decision
from thidua_xl.ledger.store import Ledger
from thidua_xl.read.contract import column_letter
from thidua_xl.read.normalise import addressed, text_value
from thidua_xl.read.tables import csv_rows, spreadsheet_rows
from thidua_xl.text.dates import parse_date, parse_int
from thidua_xl.text.legacy import detect_legacy_all
from thidua_xl.text.vietnamese import clean_text, fold_loose, match_choice

HEADER_SCAN_ROWS = 20
SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")
YEARS = range(1900, 2101)
GENDERS = ("Nam", "Nữ")
SUBJECT_WORDS = {"ca nhan": INDIVIDUAL, "tap the": COLLECTIVE}
# Field → labels a list may use for it; the first label is the one exports write.
LABELS: dict[str, tuple[str, ...]] = {
    "name": ("Họ và tên / Tên tập thể", "Tên tập thể / Họ và tên", "Họ và tên", "Họ tên",
             "Tên tập thể", "Tập thể, cá nhân", "Tên tập thể, cá nhân"),
    "subject": ("Đối tượng", "Cá nhân / Tập thể", "Tập thể / Cá nhân"),
    "birth_year": ("Năm sinh",),
    "gender": ("Giới tính",),
    "unit": ("Đơn vị", "Đơn vị công tác", "Cơ quan, đơn vị", "Đơn vị đề nghị"),
    "award": ("Hình thức khen thưởng", "Hình thức", "Danh hiệu, hình thức khen thưởng"),
    "number": ("Số quyết định", "Số QĐ", "Quyết định số"),
    "signed_on": ("Ngày quyết định", "Ngày QĐ", "Ngày ký quyết định", "Ngày ký"),
    "authority": ("Cơ quan quyết định", "Cấp quyết định", "Người ký", "Thẩm quyền"),
    "campaign": ("Đợt thi đua", "Đợt", "Phong trào thi đua"),
    "year": ("Năm", "Năm khen thưởng"),
}
REQUIRED = ("name", "award", "number", "signed_on")
TEXT_FIELDS = ("name", "subject", "gender", "unit", "award", "number", "authority", "campaign")


def label_key(text: object) -> str:
    """A header label without case, marks, spacing or punctuation ("Họ và tên/Tên tập thể:")."""
    return re.sub(r"[^a-z0-9]", "", fold_loose(text))


_FIELD_OF = {label_key(label): key for key, labels in LABELS.items() for label in labels}


@dataclass(slots=True)
class Parsed:
    """One good row: the award, its decision and its campaign (None for a yearly award)."""

    line: AwardLine
    decision: DecisionRef
    campaign: CampaignRef | None
    row: int


@dataclass(slots=True)
class ImportResult:
    """What an import found and did: findings, rows read, and what was written (None if refused)."""

    path: str
    rows: int = 0
    findings: list[Finding] = field(default_factory=list)
    recorded: Recorded | None = None
    readable: bool = True

    @property
    def errors(self) -> int:
        """Findings that stop the import."""
        return sum(f.severity is Severity.ERROR for f in self.findings)


def read_table(path: Path) -> list[tuple[str, list[list[object]]]]:
    """The file's sheets (one unnamed sheet for CSV); raises ValueError with a Vietnamese reason."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            return [("", csv_rows(path.read_bytes()))]
        except UnicodeDecodeError as exc:
            raise ValueError("tệp CSV phải ghi bằng mã UTF-8") from exc
    if suffix in SPREADSHEETS:
        return spreadsheet_rows(path)
    raise ValueError("chỉ nhận tệp .xlsx, .xlsm, .xls, .ods hoặc .csv")


def find_header(rows: Sequence[Sequence[object]]) -> tuple[int, dict[str, int]] | None:
    """The header row and each known field's column, when the row names a person and an award."""
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns: dict[str, int] = {}
        for c, cell in enumerate(row):
            key = _FIELD_OF.get(label_key(clean_text(cell)))
            if key and key not in columns:
                columns[key] = c
        if "name" in columns and "award" in columns:
            return r, columns
    return None


class _Row:
    """One data row being parsed: typed values, the findings they raise, where each cell is."""

    def __init__(self, path: str, sheet: str, r: int, row: Sequence[object],
                 columns: dict[str, int], encoding: str | None) -> None:
        self.path, self.sheet, self.r, self.row, self.columns = path, sheet, r, row, columns
        self.findings: list[Finding] = []
        self.text: dict[str, str] = {}
        for key in TEXT_FIELDS:
            value, legacy = text_value(self.raw(key), encoding)
            self.text[key] = value
            if legacy:
                self.add("legacy-encoding", key, f"bảng mã {legacy}, đã chuyển sang Unicode: "
                         f"\"{display_value(value, 60)}\"")

    def raw(self, key: str) -> object:
        """The cell of a field, None when the column is absent."""
        c = self.columns.get(key)
        return self.row[c] if c is not None and c < len(self.row) else None

    def where(self, key: str) -> Where:
        """Finding location of a field's cell (the row when the column is absent)."""
        c = self.columns.get(key, self.columns["name"])
        col = column_letter(c)
        return {"file": self.path, "sheet": self.sheet, "row": self.r + 1, "column": col,
                "cell": f"{col}{self.r + 1}", "value": display_value(self.raw(key))}

    def add(self, code: str, key: str, what: str, severity: Severity | None = None) -> None:
        """A finding on one field of this row, naming the row and the person."""
        label = LABELS[key][0]
        who = addressed(self.text.get("name", ""), None, False, self.r + 1)
        self.findings.append(finding(code, f"Dòng {self.r + 1} ({who}): \"{label}\" {what}.",
                                     severity, **self.where(key)))

    def year(self, key: str) -> int | None:
        """A year from a number, or from a date typed where a year was expected."""
        value = self.raw(key)
        if not clean_text(value):
            return None
        year = parse_int(value)
        if year is None and (day := parse_date(value)) is not None:
            year = day.year
        if year is None or year not in YEARS:
            self.add("invalid-number", key, "không phải năm hợp lệ (ví dụ 1985)")
            return None
        return year

    def kind(self, birth_year: int | None, gender: str) -> str:
        """Person or collective: the subject column when there is one, else a birth year or gender."""
        subject = self.text["subject"]
        if subject:
            kind = SUBJECT_WORDS.get(fold_loose(subject))
            if kind is None:
                self.add("invalid-choice", "subject", "phải là \"Cá nhân\" hoặc \"Tập thể\"")
            return kind or INDIVIDUAL
        return INDIVIDUAL if birth_year or gender else COLLECTIVE


def parse_row(path: str, sheet: str, r: int, row: Sequence[object], columns: dict[str, int],
              encoding: str | None) -> tuple[Parsed | None, list[Finding]]:
    """One data row as an award to record, or the findings that keep it out."""
    x = _Row(path, sheet, r, row, columns, encoding)
    for key in REQUIRED:
        if key != "signed_on" and not x.text[key]:
            x.add("missing-value", key, "để trống")
    signed_on = parse_date(x.raw("signed_on"))
    if signed_on is None:
        bad = bool(clean_text(x.raw("signed_on")))
        x.add("invalid-date" if bad else "missing-value", "signed_on",
              "không phải ngày hợp lệ (ghi ngày/tháng/năm, ví dụ 05/06/2021)" if bad else "để trống")
    birth_year, year = x.year("birth_year"), x.year("year")
    gender = x.text["gender"]
    if gender:
        matched = match_choice(gender, GENDERS)
        if matched is None:
            x.add("invalid-choice", "gender", "phải là \"Nam\" hoặc \"Nữ\"; đã bỏ qua",
                  Severity.WARNING)
        gender = matched or ""
    kind = x.kind(birth_year, gender)
    if kind == INDIVIDUAL and birth_year is None and not any(f.code == "invalid-number"
                                                         for f in x.findings):
        x.add("missing-value", "birth_year", "để trống: chỉ khớp với đề nghị cũng không ghi năm "
              "sinh", Severity.WARNING)
    if any(f.severity is Severity.ERROR for f in x.findings) or signed_on is None:
        return None, x.findings
    campaign = None
    if x.text["campaign"]:
        name = x.text["campaign"]
        code = name if re.fullmatch(r"[a-z0-9][a-z0-9-]*", name) else re.sub(
            r"[^a-z0-9]+", "-", fold_loose(name)).strip("-")
        campaign = CampaignRef(code, name, year)
    line = AwardLine(kind, x.text["name"], x.text["award"],
                     birth_year if kind == INDIVIDUAL else None, gender if kind == INDIVIDUAL else "",
                     x.text["unit"], year, source=f"{Path(path).name}, dòng {r + 1}")
    decision = DecisionRef(x.text["number"], signed_on, x.text["authority"])
    return Parsed(line, decision, campaign, r + 1), x.findings


def parse_sheet(path: str, sheet: str, rows: Sequence[Sequence[object]]
                ) -> tuple[list[Parsed], list[Finding], int]:
    """Every data row of the list's sheet: good rows, findings, number of data rows."""
    top, columns = find_header(rows) or (0, {})
    missing = [LABELS[k][0] for k in REQUIRED if k not in columns]
    if "campaign" not in columns and "year" not in columns:
        missing.append("Đợt thi đua hoặc Năm")
    if missing:
        return [], [finding("missing-column", "Danh sách khen thưởng thiếu cột: "
                            + ", ".join(f"\"{m}\"" for m in missing) + ".", file=path,
                            sheet=sheet)], 0
    data = [(r, rows[r]) for r in range(top + 1, len(rows)) if any(map(clean_text, rows[r]))]
    encoding = detect_legacy_all(v for _, row in data for v in row if isinstance(v, str))
    parsed: list[Parsed] = []
    findings: list[Finding] = []
    seen: dict[tuple[str, str, str, str], int] = {}
    for r, row in data:
        good, found = parse_row(path, sheet, r, row, columns, encoding)
        findings += found
        if good is None:
            continue
        key = (number_key(good.decision.number), good.decision.signed_on.isoformat(),
               good.line.key, text_key(good.line.award))
        if key in seen:
            findings.append(finding(
                "duplicate-award", f"Dòng {good.row} ({good.line.name}) trùng dòng {seen[key]}: "
                "cùng người, cùng hình thức, cùng quyết định; chỉ ghi một lần.",
                file=path, sheet=sheet, row=good.row))
            continue
        seen[key] = good.row
        parsed.append(good)
    return parsed, findings, len(data)


def parse_file(path: Path) -> tuple[list[Parsed], ImportResult]:
    """Read and check a whole list without touching the ledger."""
    name = str(path)
    try:
        sheets = read_table(Path(path))
    except Exception as exc:  # noqa: BLE001 - any parser failure is the file's problem
        return [], ImportResult(name, readable=False, findings=[finding(
            "unreadable-file", f"Không đọc được danh sách khen thưởng: {exc}", file=name)])
    chosen = next(((s, rows) for s, rows in sheets if find_header(rows)), None)
    sheet, rows = chosen or (sheets[0] if sheets else ("", []))
    parsed, findings, count = parse_sheet(name, sheet, rows)
    readable = not any(f.code == "missing-column" for f in findings)
    return parsed, ImportResult(name, count, findings, readable=readable)


def write_parsed(ledger: Ledger, parsed: Sequence[Parsed],
                 progress: Callable[[int], None] | None = None) -> Recorded:
    """All good rows in one transaction, grouped by decision and campaign."""
    groups: dict[tuple[DecisionRef, CampaignRef | None], list[AwardLine]] = {}
    for p in parsed:
        groups.setdefault((p.decision, p.campaign), []).append(p.line)
    added = existing = 0

    def report(n: int) -> None:
        if progress:
            progress(added + existing + n)

    with ledger.transaction():
        for (decision, campaign), lines in groups.items():
            done = write_decision(ledger, campaign, decision, lines, report)
            added, existing = added + done.added, existing + done.existing
    return Recorded(added, existing)


def import_into(path: Path, ledger_path: Path,
                progress: Callable[[int], None] | None = None) -> ImportResult:
    """Check the list first; open (or create) the ledger only when there is something to write."""
    parsed, result = parse_file(Path(path))
    if result.readable and not result.errors:
        with Ledger.open(ledger_path) as ledger:
            result.recorded = write_parsed(ledger, parsed, progress) if parsed else Recorded(0, 0)
    return result


def import_file(path: Path, ledger: Ledger,
                progress: Callable[[int], None] | None = None) -> ImportResult:
    """Check the whole list, then write it in one transaction only if no row has an error."""
    parsed, result = parse_file(Path(path))
    if result.readable and not result.errors and parsed:
        result.recorded = write_parsed(ledger, parsed, progress)
    elif result.readable and not result.errors:
        result.recorded = Recorded(0, 0)
    return result
