"""Where things sit in a unit workbook: every nominee list (one- or two-row header), the unit info,
and the sheets that are neither (said, never silently dropped)."""

from __future__ import annotations

import contextlib
import functools
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from thidua_xl.campaign import Campaign
from thidua_xl.findings import Finding, Severity, Where, display_value, finding
from thidua_xl.read import contract
from thidua_xl.read.contract import Field, column_letter
from thidua_xl.read.labels import Sheets, blank, label_index, label_key
from thidua_xl.read.model import CellRef, RawRow
from thidua_xl.text.vietnamese import fold, fold_loose

HEADER_SCAN_ROWS = 30
MIN_HEADER_MATCHES = 3
INFO_SCAN_ROWS, INFO_SCAN_COLUMNS = 200, 20
MIN_INFO_LABELS = 2
MEMO_LIMIT = 20_000
# Sheets the program itself puts in a unit workbook that never hold nominees ("xlwings.conf" is the
# xlwings add-in's settings sheet, its name fixed by xlwings).
PRODUCT_SHEETS = (contract.SHEET_GUIDE, contract.SHEET_STAMP, contract.SHEET_FIXES, "xlwings.conf")

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


@dataclass(frozen=True)
class ReaderSpec:
    """What the reader derives from a campaign, built once per campaign instead of per file."""

    list_fields: tuple[Field, ...]
    list_index: dict[str, str]
    info_index: dict[str, str]
    criteria: dict[str, str]
    mandatory: frozenset[str]
    result_key: str
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
        """Memoised label_key of a text cell."""
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
    return ReaderSpec(
        list_fields=fields, list_index=label_index(fields),
        info_index=label_index(contract.info_fields(campaign)),
        criteria={fold(c.code): contract.criterion_key(c.code) for c in campaign.criteria},
        mandatory=frozenset(contract.criterion_key(c.code) for c in campaign.criteria if c.mandatory),
        result_key=label_key(contract.RESULT_LABEL))


@dataclass(frozen=True)
class ListHeader:
    """A nominee list's header: its sheet, the label of each column (from one or two rows), the
    0-based row each label came from, and the first 0-based row of data."""

    sheet: str
    row: int
    labels: tuple[object, ...]
    origins: tuple[int, ...]
    data_from: int


def _score(row: Sequence[object], spec: ReaderSpec) -> int:
    """How many distinct known fields a candidate header row names."""
    return len({k for c in row if (k := spec.match(c))})


def _continues(row: Sequence[object], used: set[str], spec: ReaderSpec) -> bool:
    """Whether the row under a header is its second header row (sub-labels under merged group
    labels): every filled cell is a known label and at least one adds a new field."""
    filled = [c for c in row if not blank(c)]
    keys = [spec.match(c) for c in filled]
    return bool(filled) and all(keys) and any(k not in used for k in keys)


def _column_numbers(row: Sequence[object]) -> bool:
    """A row of column numbers under the header ("1 2 3 …" or "(1) (2) …"), not a nominee."""
    filled = [c for c in row if not blank(c)]
    numbers = []
    for c in filled:
        text = str(int(c)) if isinstance(c, float) and c.is_integer() else str(c).strip()
        text = text.strip("()")
        if not text.isdigit():
            return False
        numbers.append(int(text))
    return len(numbers) >= MIN_HEADER_MATCHES and numbers == sorted(numbers) and numbers[0] <= 1


def find_header(sheet: str, rows: Sequence[Sequence[object]], spec: ReaderSpec) -> ListHeader | None:
    """The list header of a sheet: the row naming most fields, completed by the row under it (sub-
    labels of merged groups) or above it (labels merged down over two rows)."""
    best: tuple[int, int] | None = None
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        score = _score(row, spec)
        if score >= MIN_HEADER_MATCHES and (best is None or score > best[0]):
            best = (score, r)
    if best is None:
        return None
    r = best[1]
    labels, origins = list(rows[r]), [r] * len(rows[r])
    used = {k for c in labels if (k := spec.match(c))}
    data_from = r + 1

    def take(source: int, replace_unknown: bool) -> None:
        for c, text in enumerate(rows[source]):
            key = spec.match(text)
            if key is None or key in used:
                continue
            if c >= len(labels):
                labels.extend([None] * (c + 1 - len(labels)))
                origins.extend([r] * (c + 1 - len(origins)))
            if blank(labels[c]) or (replace_unknown and spec.match(labels[c]) is None):
                labels[c], origins[c] = text, source
                used.add(key)

    if r + 1 < len(rows) and _continues(rows[r + 1], used, spec):
        take(r + 1, True)
        data_from = r + 2
    if r > 0:
        take(r - 1, False)
    if data_from < len(rows) and _column_numbers(rows[data_from]):
        data_from += 1
    return ListHeader(sheet, r, tuple(labels), tuple(origins), data_from)


def _is(name: str, wanted: str) -> bool:
    """Sheet names compared as clerks type them (case, spacing, marks ignored)."""
    return fold_loose(name) == fold_loose(wanted)


def _product(name: str) -> bool:
    """A sheet the program puts in the workbook for its own purposes (guide, stamp, fixes list)."""
    return any(_is(name, p) for p in PRODUCT_SHEETS)


class SheetTooLarge(Exception):
    """A sheet whose used range is beyond what the reader takes (message in Vietnamese)."""


def list_headers(sheets: Sheets, campaign: Campaign, skip: Iterable[str] = ()
                 ) -> tuple[list[ListHeader], dict[str, str]]:
    """Every nominee list in the workbook, the expected sheet (else the best header) first; and the
    sheets too large to look at, with why. The expected list sheet too large refuses the file."""
    spec = reader_spec(campaign)
    skipped = set(skip)
    headers: list[ListHeader] = []
    too_large: dict[str, str] = {}
    for name in sheets:
        if name in skipped or _product(name):
            continue
        try:
            header = find_header(name, sheets[name], spec)
        except SheetTooLarge as exc:
            if _is(name, contract.SHEET_LIST):
                raise
            too_large[name] = str(exc)
            continue
        if header is not None:
            headers.append(header)
    if not headers:
        return [], too_large
    first = min(headers, key=lambda h: (not _is(h.sheet, contract.SHEET_LIST), -_score(h.labels, spec)))
    return [first, *(h for h in headers if h is not first)], too_large


def read_list(path: str, header: ListHeader, rows: Sequence[Sequence[object]],
              campaign: Campaign) -> tuple[list[RawRow], list[Finding]]:
    """Map the header's columns to fields, report missing/unknown ones, collect non-empty rows."""
    spec = reader_spec(campaign)
    sheet = header.sheet
    found: list[Finding] = []
    columns: dict[str, int] = {}
    for c, text in enumerate(header.labels):
        if label_key(text) == spec.result_key:
            continue
        key = spec.match(text)
        at = header.origins[c] + 1
        where: Where = {"file": path, "sheet": sheet, "row": at, "column": column_letter(c),
                        "cell": f"{column_letter(c)}{at}", "value": display_value(text)}
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
                                 f"\"{sheet}\".", file=path, sheet=sheet, row=header.row + 1))
    letters = {k: column_letter(c) for k, c in columns.items()}
    data: list[RawRow] = []
    for r, row in enumerate(itertools.islice(rows, header.data_from, None), start=header.data_from):
        values = {k: (row[c] if c < len(row) else None) for k, c in columns.items()}
        values = {k: (None if blank(v) else v) for k, v in values.items()}
        if all(v is None for k, v in values.items() if k != "stt"):
            continue
        data.append(RawRow(r + 1, values, letters, sheet))
    return data, found


def _scan_info(rows: Sequence[Sequence[object]], name: str, spec: ReaderSpec, until: int,
               info: dict[str, object], cells: dict[str, CellRef]) -> None:
    """Unit-info values in one sheet: each known label's value is the cell right beside it."""
    for r, row in enumerate(rows[:min(until, INFO_SCAN_ROWS)]):
        for c, text in enumerate(row[:INFO_SCAN_COLUMNS]):
            key = spec.info_index.get(spec.label_key(text)) if isinstance(text, str) else None
            if key is None or key in cells:
                continue
            value = row[c + 1] if c + 1 < len(row) else None
            info[key] = None if blank(value) else value
            cells[key] = CellRef(name, r + 1, column_letter(c + 1))


def read_info(sheets: Sheets, campaign: Campaign, lists: Sequence[ListHeader]
              ) -> tuple[dict[str, object], dict[str, CellRef], str | None]:
    """Unit-info values, their cells and the sheet they came from.

    The "Thông tin đơn vị" sheet when the workbook has one; otherwise another sheet naming at
    least two info labels, a nominee sheet only above its list. Never a list's header or rows."""
    spec = reader_spec(campaign)
    tops = {h.sheet: min(h.origins, default=h.row) for h in lists}
    named = [n for n in sheets if _is(n, contract.SHEET_INFO)]
    order = named or [n for n in sheets if not _product(n)]
    for name in sorted(order, key=lambda n: n in tops):
        info: dict[str, object] = {}
        cells: dict[str, CellRef] = {}
        _scan_info(sheets[name], name, spec, tops.get(name, INFO_SCAN_ROWS), info, cells)
        if cells and (named or len(cells) >= MIN_INFO_LABELS):
            return info, cells, name
        if named:
            return {}, {}, name
    return {}, {}, None


def info_findings(path: str, sheet: str | None, cells: Mapping[str, CellRef]) -> list[Finding]:
    """Say once, at file level, that the unit-info sheet is missing or holds none of its labels."""
    if cells:
        return []
    labels = ", ".join(f.label for f in contract.INFO_FIELDS[:4])
    if sheet is None:
        message = (f"Tệp không có sheet \"{contract.SHEET_INFO}\" ({labels}…): thông tin đơn vị "
                   "được coi là chưa nhập; hãy dùng mẫu biểu chuẩn.")
    else:
        message = (f"Sheet \"{sheet}\" không có nhãn nào của thông tin đơn vị ({labels}…) ở cột "
                   "bên trái giá trị: thông tin đơn vị được coi là chưa nhập.")
    return [finding("template-mismatch", message, file=path, sheet=sheet or "")]


def ignored_sheets(path: str, sheets: Sheets, used: Iterable[str], skip: Iterable[str] = (),
                   too_large: Mapping[str, str] | None = None) -> list[Finding]:
    """A warning per sheet with content that is neither a list, the unit info nor the program's own:
    its rows are not read, and the Office is told which sheet and why."""
    taken = set(used) | set(skip)
    found = []
    for name in sheets:
        if name in taken or _product(name) or _is(name, contract.SHEET_INFO):
            continue
        if too_large and name in too_large:
            why = f"{too_large[name]} Nếu sheet này có đề nghị, hãy chép vào sheet \"{contract.SHEET_LIST}\"."
        elif any(not blank(v) for row in sheets[name] for v in row):
            why = ("không tìm thấy dòng tiêu đề của danh sách đề nghị (STT, Đối tượng, Họ và tên / Tên "
                   f"tập thể…) trong {HEADER_SCAN_ROWS} dòng đầu. Nếu sheet này có đề nghị khen thưởng, "
                   f"hãy chép các dòng đó vào sheet \"{contract.SHEET_LIST}\".")
        else:
            continue
        found.append(finding("template-mismatch", f"Sheet \"{name}\" không được đọc: {why}",
                             severity=Severity.WARNING, file=path, sheet=name))
    return found
