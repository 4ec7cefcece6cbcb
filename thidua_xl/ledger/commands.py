"""The `thidua ledger` jobs: import a list, look a name up, read everything for export.

Like jobs.py, nothing here prints: each job returns its result and the lines a face shows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from thidua_xl.findings import Severity
from thidua_xl.ledger.importing import ImportResult, import_into
from thidua_xl.ledger.location import LedgerPath
from thidua_xl.ledger.model import AwardRecord, LedgerError, text_key
from thidua_xl.ledger.store import Ledger
from thidua_xl.text.vietnamese import clean_text


def import_list(file: Path, where: LedgerPath,
                progress: Callable[[int], None] | None = None) -> ImportResult:
    """`thidua ledger import`: the whole list, or nothing when a row has an error."""
    return import_into(Path(file), where.path, progress)


def import_lines(result: ImportResult, where: LedgerPath) -> list[str]:
    """Every finding, then what was written (or why nothing was)."""
    lines = [f"{f.severity.label}{f' [{f.cell}]' if f.cell else ''}: {f.message}"
             for f in result.findings]
    if result.recorded is not None:
        r = result.recorded
        lines.append(f"Đã ghi vào sổ khen thưởng {where.path}: {r.added} khen thưởng mới, "
                     f"{r.existing} đã có từ trước (không ghi lại); {result.rows} dòng đã đọc.")
    elif result.readable:
        bad = len({f.row for f in result.findings if f.severity is Severity.ERROR})
        lines.append(f"Không ghi gì vào sổ khen thưởng: {result.errors} lỗi ở {bad} dòng. Sửa các "
                     "dòng trên rồi nhập lại — danh sách chỉ được ghi khi mọi dòng đều hợp lệ.")
    else:
        lines.append("Không ghi gì vào sổ khen thưởng.")
    return lines


def find_awards(where: LedgerPath, text: str) -> list[AwardRecord]:
    """Awards whose name contains the text, with or without Vietnamese marks."""
    query = text_key(clean_text(text))
    with Ledger.open(where.path, create=False) as ledger:
        return ledger.search(query) if query else []


def read_all(where: LedgerPath) -> list[AwardRecord]:
    """The whole ledger, for export."""
    with Ledger.open(where.path, create=False) as ledger:
        return ledger.all_awards()


def backup_ledger(where: LedgerPath, target: Path) -> tuple[int, int, int]:
    """A consistent copy of the ledger, safe while others write; returns what the copy holds."""
    target = Path(target)
    if target.resolve() == where.path.resolve():
        raise LedgerError("Tệp sao lưu phải khác tệp sổ khen thưởng.")
    target.parent.mkdir(parents=True, exist_ok=True)
    with Ledger.open(where.path, create=False) as ledger:
        ledger.backup(target)
    with Ledger.open(target, create=False) as copy:
        if copy.integrity() != "ok":
            raise LedgerError(f"Bản sao lưu {target} không toàn vẹn; hãy sao lưu lại.")
        return copy.counts()


def show_lines(records: list[AwardRecord], text: str) -> list[str]:
    """Awards grouped by person or collective, each with its decision and campaign."""
    if not records:
        return [f"Không tìm thấy khen thưởng nào có tên chứa \"{clean_text(text)}\"."]
    people: dict[str, list[AwardRecord]] = {}
    for r in records:
        people.setdefault(r.key, []).append(r)
    lines = [f"Tìm thấy {len(records)} khen thưởng của {len(people)} tập thể, cá nhân có tên chứa "
             f"\"{clean_text(text)}\":"]
    for group in people.values():
        first = group[0]
        born = f" (sinh {first.birth_year})" if first.birth_year else ""
        units = ", ".join(dict.fromkeys(r.unit for r in group if r.unit))
        lines.append("")
        lines.append(f"{first.name}{born}" + (f" — {units}" if units else ""))
        lines += [f"  - {r.describe()}" for r in group]
    return lines
