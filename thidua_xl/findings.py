"""Findings: what every rule returns and every writer consumes, with stable codes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date
from enum import IntEnum, StrEnum
from typing import TypedDict, TypeVar, Unpack

from thidua_xl.text.dates import fmt_date


class Exit(IntEnum):
    """Exit codes of every job: 0 clean, 1 findings with errors, 2 usage or unreadable input."""

    OK = 0
    FINDINGS = 1
    USAGE = 2


class Severity(StrEnum):
    """How serious a finding is; errors keep a nominee off the Director's list."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """Vietnamese word shown to users."""
        return {"error": "Lỗi", "warning": "Cảnh báo", "info": "Thông tin"}[self.value]

    @property
    def rank(self) -> int:
        """Sort order, most serious first, so every list and colour picks the worst the same way."""
        return {"error": 0, "warning": 1, "info": 2}[self.value]


def worst(severities: Iterable[Severity]) -> Severity:
    """The most serious of several severities (a cell with an error and a warning is an error)."""
    return min(severities, key=lambda s: s.rank)


# Stable finding codes → (default severity, Vietnamese title). Codes never change once shipped.
CODES: dict[str, tuple[Severity, str]] = {
    "missing-value": (Severity.ERROR, "Thiếu thông tin bắt buộc"),
    "invalid-choice": (Severity.ERROR, "Giá trị không có trong danh mục"),
    "invalid-date": (Severity.ERROR, "Ngày không hợp lệ"),
    "invalid-number": (Severity.ERROR, "Số không hợp lệ"),
    "criteria-not-met": (Severity.ERROR, "Chưa đạt tiêu chuẩn"),
    "not-applicable-award": (Severity.ERROR, "Hình thức không áp dụng cho đối tượng"),
    "late-submission": (Severity.ERROR, "Nộp hồ sơ quá hạn"),
    "date-out-of-range": (Severity.ERROR, "Ngày ngoài thời gian đợt thi đua"),
    "dossier-incomplete": (Severity.ERROR, "Hồ sơ chưa đủ thành phần"),
    "vote-inconsistent": (Severity.ERROR, "Số phiếu không hợp lý"),
    "duplicate-nominee": (Severity.ERROR, "Đề nghị trùng"),
    "self-award": (Severity.ERROR, "Cơ quan tự khen thưởng chính mình"),
    "other-unit-nominee": (Severity.ERROR, "Đề nghị người của đơn vị khác"),
    "two-award-forms": (Severity.WARNING, "Một trường hợp được đề nghị hai hình thức"),
    "unit-quota-exceeded": (Severity.ERROR, "Vượt chỉ tiêu của đơn vị"),
    "quota-exceeded": (Severity.WARNING, "Vượt chỉ tiêu"),
    "legacy-encoding": (Severity.WARNING, "Phông chữ cũ (TCVN3/VNI) đã được chuyển"),
    "formula-cell": (Severity.WARNING, "Ô chứa công thức"),
    "unknown-column": (Severity.WARNING, "Cột không thuộc mẫu"),
    "missing-column": (Severity.ERROR, "Thiếu cột bắt buộc"),
    "unreadable-file": (Severity.ERROR, "Không đọc được tệp"),
    "template-mismatch": (Severity.ERROR, "Không đúng mẫu biểu của đợt thi đua"),
    "resubmission": (Severity.INFO, "Đơn vị gửi lại hồ sơ"),
    "council-votes-over-present": (Severity.ERROR, "Số phiếu của Hội đồng vượt số thành viên có mặt"),
    "council-present-over-total": (Severity.ERROR, "Số thành viên có mặt vượt tổng số thành viên"),
    "council-no-quorum": (Severity.ERROR, "Cuộc họp Hội đồng không đủ số thành viên"),
    "council-missing-votes": (Severity.ERROR, "Chưa ghi số phiếu của Hội đồng"),
    "council-unknown-row": (Severity.ERROR, "Dòng không có trong danh sách tổng hợp"),
    "council-missing-row": (Severity.ERROR, "Thiếu trường hợp của danh sách tổng hợp"),
    "already-awarded": (Severity.WARNING, "Đã được khen thưởng trong đợt thi đua này"),
    "campaign-award-grounds": (Severity.INFO, "Khen thưởng theo đợt không làm căn cứ khen cấp cao hơn"),
    "duplicate-award": (Severity.WARNING, "Khen thưởng ghi hai lần trong danh sách"),
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found, with where it is and a Vietnamese message naming the person or field."""

    code: str
    severity: Severity
    message: str
    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""
    cell: str = ""
    value: str = ""

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready mapping with the documented field names."""
        d = asdict(self)
        d["severity"] = self.severity.value
        return d

    @property
    def sort_key(self) -> tuple[str, str, int, str, str, str]:
        """Stable order: file, sheet, row, column, code, message."""
        return (self.file, self.sheet, self.row or 0, self.column.rjust(3), self.code, self.message)


class Where(TypedDict, total=False):
    """Where a finding sits, as keyword arguments of `finding` (every part optional)."""

    file: str
    sheet: str
    row: int | None
    column: str
    cell: str
    value: str


def finding(code: str, message: str, severity: Severity | None = None, **where: Unpack[Where]) -> Finding:
    """Build a finding with the code's default severity; unknown codes fail loudly at once."""
    default, _title = CODES[code]
    return Finding(code, severity or default, message, **where)


def count_by_severity(findings: Iterable[Finding]) -> Counter[Severity]:
    """How many errors, warnings and infos."""
    return Counter(f.severity for f in findings)


def display_value(value: object, limit: int = 80) -> str:
    """A cell value as short text for the `value` field of a finding."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, date):
        value = fmt_date(value)
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


F = TypeVar("F", bound=Callable[..., object])


def registrar(table: dict[str, F]) -> Callable[[str], Callable[[F], F]]:
    """A decorator factory that files functions under a known finding code; unknown codes fail at import."""

    def rule(code: str) -> Callable[[F], F]:
        if code not in CODES:
            raise KeyError(f"unknown finding code {code!r}")

        def register(func: F) -> F:
            table[f"{code}:{func.__name__}"] = func
            return func

        return register

    return rule
