"""Unit workbook → Submission: values only, header found by label, every value with its address."""

from __future__ import annotations

import contextlib
import functools
import os
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from thidua_xl.campaign import Campaign
from thidua_xl.findings import Finding, Severity, Where, display_value, finding
from thidua_xl.read import contract
from thidua_xl.read.contract import Field, column_letter
from thidua_xl.read.formulas import formula_cells
from thidua_xl.read.labels import Sheets, blank, label_index, label_key
from thidua_xl.read.model import CellRef, RawRow, Submission
from thidua_xl.text.vietnamese import fold, fold_loose

SUPPORTED = (".xlsx", ".xlsm", ".xls", ".ods")
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
MAX_CELLS = 2_000_000
HEADER_SCAN_ROWS = 30
MIN_HEADER_MATCHES = 3


def _match_header(text: object, index: Mapping[str, str], criteria: Mapping[str, str]) -> str | None:
    """Field key a header cell means: a known label or alias, or a criterion code ("TCN2 - …")."""
    key = label_key(text)
    if not key:
        return None
    hit = index.get(key) or index.get(fold_loose(key))
    if hit:
        return hit
    head = key.replace("–", " ").replace("-", " ").replace(":", " ").replace(".", " ").split()
    return criteria.get(head[0]) if head else None


MEMO_LIMIT = 20_000


@dataclass(frozen=True)
class ReaderSpec:
    """What the reader derives from a campaign, built once per campaign instead of per file."""

    list_fields: tuple[Field, ...]
    list_index: dict[str, str]
    info_index: dict[str, str]
    criteria: dict[str, str]
    mandatory: frozenset[str]
    result_key: str
    fields_known: int = 0
    matches: dict[tuple[type, object], str | None] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    def match(self, value: object) -> str | None:
        """Memoised _match_header over the list columns (headers repeat across every file)."""
        if value is None:
            return None
        memo = (value.__class__, value)
        try:
            return self.matches[memo]
        except (KeyError, TypeError):
            pass
        hit = _match_header(value, self.list_index, self.criteria)
        if len(self.matches) > MEMO_LIMIT:
            self.matches.clear()
        with contextlib.suppress(TypeError):
            self.matches[memo] = hit
        return hit

    def label_key(self, text: str) -> str:
        """Memoised _label_key of a text cell."""
        key = self.labels.get(text)
        if key is None:
            if len(self.labels) > MEMO_LIMIT:
                self.labels.clear()
            key = self.labels[text] = label_key(text)
        return key


@functools.lru_cache(maxsize=8)
def reader_spec(campaign: Campaign) -> ReaderSpec:
    """The campaign's ReaderSpec, built once per campaign object (campaigns are frozen)."""
    fields = tuple(contract.list_columns(campaign))
    spec = ReaderSpec(
        list_fields=fields, list_index=label_index(fields),
        info_index=label_index(contract.info_fields(campaign)),
        criteria={fold(c.code): contract.criterion_key(c.code) for c in campaign.criteria},
        mandatory=frozenset(contract.criterion_key(c.code) for c in campaign.criteria if c.mandatory),
        result_key=label_key(contract.RESULT_LABEL))
    # No header row can name more fields than this: one that does ends the search.
    known = {*spec.list_index.values(), *spec.criteria.values()}
    return replace(spec, fields_known=len(known))


def _score_header(row: Sequence[object], spec: ReaderSpec) -> int:
    """How many distinct known fields a candidate header row names."""
    return len({k for c in row if (k := spec.match(c))})


def _find_list_sheet(sheets: Sheets, campaign: Campaign) -> tuple[str, int] | None:
    """The nominee sheet and 0-based header row: the expected name wins, else the best header score.

    Other sheets are only scanned (and, for a lazy mapping, only read) when the expected one has
    no header row.
    """
    spec = reader_spec(campaign)
    wanted = fold(contract.SHEET_LIST)
    names = list(sheets)
    preferred = [n for n in names if fold(n) == wanted]
    for group in (preferred, [n for n in names if n not in preferred]):
        best: tuple[int, str, int] | None = None
        for name in group:
            for r, row in enumerate(sheets[name][:HEADER_SCAN_ROWS]):
                score = _score_header(row, spec)
                if score >= MIN_HEADER_MATCHES and (best is None or score > best[0]):
                    best = (score, name, r)
                    if score == spec.fields_known:
                        return name, r
        if best is not None:
            return best[1], best[2]
    return None


def _read_list(path: str, sheet: str, rows: Sequence[Sequence[object]], header_at: int,
               campaign: Campaign) -> tuple[list[RawRow], list[Finding]]:
    """Map the header's columns to fields, report missing/unknown ones, collect non-empty rows."""
    spec = reader_spec(campaign)
    found: list[Finding] = []
    columns: dict[str, int] = {}
    header = rows[header_at]
    for c, text in enumerate(header):
        if label_key(text) == spec.result_key:
            continue
        key = spec.match(text)
        where: Where = {"file": path, "sheet": sheet, "row": header_at + 1,
                        "column": column_letter(c), "cell": f"{column_letter(c)}{header_at + 1}",
                        "value": display_value(text)}
        if key is None:
            if not blank(text):
                found.append(finding("unknown-column", f"Cột \"{display_value(text)}\" không thuộc "
                                     "mẫu biểu, đã bỏ qua khi kiểm tra.", **where))
        elif key in columns:
            found.append(finding("unknown-column", f"Cột \"{display_value(text)}\" lặp lại cột "
                                 f"{column_letter(columns[key])}; chỉ dùng cột đầu tiên.", **where))
        else:
            columns[key] = c
    for f in spec.list_fields:
        if f.key not in columns and (f.required or f.key in spec.mandatory):
            found.append(finding("missing-column", f"Thiếu cột \"{f.label}\" trong sheet "
                                 f"\"{sheet}\".", file=path, sheet=sheet, row=header_at + 1))
    letters = {k: column_letter(c) for k, c in columns.items()}
    data: list[RawRow] = []
    places = list(columns.items())
    for r in range(header_at + 1, len(rows)):
        row = rows[r]
        width = len(row)
        values: dict[str, object] = {}
        started = False
        for k, c in places:
            v = row[c] if c < width else None
            if isinstance(v, str) and not v.strip():
                v = None
            values[k] = v
            started = started or (v is not None and k != "stt")
        if started:
            data.append(RawRow(r + 1, values, letters))
    return data, found


def _read_info(sheets: Sheets, campaign: Campaign) -> tuple[dict[str, object], dict[str, CellRef]]:
    """Unit-info values: each known label's value is the cell right beside it (the template's layout)."""
    spec = reader_spec(campaign)
    index = spec.info_index
    order = sorted(sheets, key=lambda n: fold(n) != fold(contract.SHEET_INFO))
    info: dict[str, object] = {}
    cells: dict[str, CellRef] = {}
    for name in order:
        for r, row in enumerate(sheets[name][:200]):
            for c, text in enumerate(row[:20]):
                key = index.get(spec.label_key(text)) if isinstance(text, str) else None
                if key is None or key in cells:
                    continue
                value = row[c + 1] if c + 1 < len(row) else None
                info[key] = None if blank(value) else value
                cells[key] = CellRef(name, r + 1, column_letter(c + 1))
        if cells:
            break
    return info, cells


def _stamp(sheets: Sheets) -> tuple[str | None, str | None]:
    """Campaign id and template version from the hidden stamp sheet, when present."""
    rows = sheets.get(contract.SHEET_STAMP)
    found: dict[str, str] = {}
    for row in (rows or [])[:10]:
        if len(row) >= 2 and isinstance(row[0], str) and not blank(row[1]):
            value = row[1]
            found[row[0].strip()] = str(int(value)) if isinstance(value, float) else str(value).strip()
    return found.get("campaign_id"), found.get("template_version")


def submission_from_sheets(path: str, sheets: Sheets,
                           formula_map: Mapping[str, set[str]] | None = None,
                           campaign: Campaign | None = None) -> Submission:
    """The reader's logic over in-memory sheet values (from calamine or from xlwings)."""
    from thidua_xl.campaign import load_campaign

    campaign = campaign or load_campaign()
    sub = Submission(path=path, formula_cells=dict(formula_map or {}))
    sub.campaign_id, sub.template_version = _stamp(sheets)
    sub.info, sub.info_cells = _read_info(sheets, campaign)
    located = _find_list_sheet(sheets, campaign)
    if located is None:
        sub.findings.append(finding(
            "template-mismatch", f"Không tìm thấy danh sách đề nghị (sheet \"{contract.SHEET_LIST}\" "
            "với dòng tiêu đề STT, Đối tượng, Họ và tên…): tệp không đúng mẫu biểu.", file=path))
        sub.readable = False
        return sub
    sub.list_sheet, header_at = located
    sub.list_header = header_at + 1
    sub.rows, found = _read_list(path, sub.list_sheet, sheets[sub.list_sheet], header_at, campaign)
    sub.findings.extend(found)
    sub.findings.extend(_stamp_findings(sub, campaign))
    return sub


def _stamp_findings(sub: Submission, campaign: Campaign) -> list[Finding]:
    """Say when a file claims another campaign or template version, or carries no stamp."""
    if sub.campaign_id is None:
        return [finding("template-mismatch", "Tệp không có dấu nhận diện mẫu biểu (sheet ẩn "
                        f"\"{contract.SHEET_STAMP}\"); vẫn đọc theo tiêu đề cột, đề nghị dùng mẫu "
                        "chuẩn.", severity=Severity.WARNING, file=sub.path)]
    if sub.campaign_id != campaign.id:
        return [finding("template-mismatch", f"Tệp thuộc đợt thi đua \"{sub.campaign_id}\", không "
                        f"phải đợt \"{campaign.id}\".", file=sub.path, value=sub.campaign_id)]
    if sub.template_version != campaign.template_version:
        return [finding("template-mismatch", f"Tệp dùng mẫu biểu phiên bản {sub.template_version}, "
                        f"phiên bản hiện hành là {campaign.template_version}; vẫn đọc theo tiêu đề "
                        "cột.", severity=Severity.WARNING, file=sub.path,
                        value=sub.template_version or "")]
    return []


def unreadable(path: str, reason: str) -> Submission:
    """A Submission standing for a file that could not be read, with the reason in Vietnamese."""
    sub = Submission(path=path, readable=False)
    sub.findings.append(finding("unreadable-file", f"Không đọc được tệp: {reason}", file=path))
    return sub


def _precheck(path: Path) -> str | None:
    """Refuse what no parser should be handed: wrong type, too big, broken or bomb-like zips."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        return f"định dạng \"{suffix or 'không có đuôi'}\" không được hỗ trợ (dùng .xlsx, .xlsm, .xls, .ods)."
    size = path.stat().st_size
    if size == 0:
        return "tệp rỗng (0 byte)."
    if size > MAX_FILE_BYTES:
        return f"tệp quá lớn ({size // 1_048_576} MB), tối đa {MAX_FILE_BYTES // 1_048_576} MB."
    if suffix in (".xlsx", ".xlsm", ".ods"):
        if not zipfile.is_zipfile(path):
            return "tệp hỏng hoặc không phải tệp Excel thật (không mở được như tệp nén OOXML/ODF)."
        with zipfile.ZipFile(path) as zf:
            total = sum(i.file_size for i in zf.infolist())
        if total > MAX_UNZIPPED_BYTES:
            return "tệp giải nén quá lớn (nghi tệp độc hại hoặc lỗi), đã từ chối đọc."
    return None


class _TooLarge(Exception):
    """A sheet whose used range is beyond MAX_CELLS: the file is refused, not read."""


class _LazySheets(Mapping[str, list[list[object]]]):
    """Sheet values read from calamine only when the reader asks for that sheet (guide sheets never)."""

    def __init__(self, book: Any) -> None:
        self._book = book
        self._names = [meta.name for meta in book.sheets_metadata]
        self._rows: dict[str, list[list[object]]] = {}

    def __getitem__(self, name: str) -> list[list[object]]:
        if name in self._rows:
            return self._rows[name]
        if name not in self._names:
            raise KeyError(name)
        sheet = self._book.get_sheet_by_name(name)
        if sheet.total_height * sheet.total_width > MAX_CELLS:
            raise _TooLarge(f"sheet \"{name}\" có vùng dữ liệu quá lớn "
                            f"({sheet.total_height} dòng × {sheet.total_width} cột).")
        rows = self._rows[name] = [[None if v == "" else v for v in row]
                                   for row in sheet.to_python(skip_empty_area=False)]
        return rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def _used_sheets(sub: Submission) -> list[str]:
    """Sheets whose formula cells the rules look at: the list sheet and the unit-info cells' sheets."""
    return sorted({sub.list_sheet, *(ref.sheet for ref in sub.info_cells.values())} - {""})


def read_workbook(path: Path, campaign: Campaign | None = None) -> Submission:
    """Read one unit file, values only; never raises, a broken file becomes a finding."""
    import python_calamine

    name = str(path)
    try:
        reason = _precheck(Path(path))
        if reason:
            return unreadable(name, reason)
        book = python_calamine.CalamineWorkbook.from_path(name)
        try:
            sub = submission_from_sheets(name, _LazySheets(book), None, campaign)
        except _TooLarge as exc:
            return unreadable(name, str(exc))
        finally:
            book.close()
        if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
            sub.formula_cells = formula_cells(Path(path), _used_sheets(sub))
        sub.modified = os.stat(path).st_mtime
        return sub
    except Exception as exc:  # noqa: BLE001 - any parser failure is a finding, not a crash
        return unreadable(name, f"tệp hỏng hoặc sai định dạng ({type(exc).__name__}: "
                           f"{display_value(exc, 160)}).")


class Unreadable(Exception):
    """A workbook that cannot be read; the message is the Vietnamese reason."""


def read_sheets(path: Path) -> dict[str, list[list[object]]]:
    """Every sheet's values of a small workbook (a tally), with the unit files' safety checks."""
    import python_calamine

    reason = _precheck(Path(path))
    if reason:
        raise Unreadable(reason)
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        try:
            lazy = _LazySheets(book)
            return {name: lazy[name] for name in lazy}
        finally:
            book.close()
    except _TooLarge as exc:
        raise Unreadable(str(exc)) from exc
    except Exception as exc:  # any parser failure is a reason, not a crash
        raise Unreadable(f"tệp hỏng hoặc sai định dạng ({type(exc).__name__}: "
                         f"{display_value(exc, 160)}).") from exc
