"""`thidua consolidate`: read every unit file, consolidate, write the workbook, report and documents."""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from thidua_xl.campaign import Campaign
from thidua_xl.consolidate import Consolidation, Entry, file_name
from thidua_xl.findings import CODES, Finding, Severity

if TYPE_CHECKING:
    from thidua_xl.check import FileResult
    from thidua_xl.writers.documents import AwardList, FixRequest, ListEntry

WORKBOOK = "tong_hop.xlsx"
REPORT = "bao_cao.json"
DOCS_DIR = "van_ban"
OK, FINDINGS, USAGE = 0, 1, 2


def list_entry(e: Entry) -> ListEntry:
    """A consolidated entry as the documents show it."""
    from thidua_xl.writers.documents import ListEntry

    n = e.nominee
    return ListEntry(name=n.name, subject=n.subject, gender=n.gender, position=n.position,
                     work_unit=n.work_unit, unit_name=n.unit_name, summary=n.summary,
                     approval=n.approval, votes=n.votes, members_total=n.members_total)


def award_lists(cons: Consolidation) -> list[AwardList]:
    """Per award form: those within the caps (the proposal) and those beyond (for the council)."""
    from thidua_xl.writers.documents import AwardList

    return [AwardList(code, tuple(map(list_entry, within)), tuple(map(list_entry, over)))
            for code, within, over in cons.by_award()]


def _item(f: Finding, names: dict[tuple[str, int], str]) -> tuple[str, str, str]:
    """(where, who or what, message) for one finding in a unit's fix request."""
    if f.sheet and f.cell:
        where = f"{f.sheet}, ô {f.cell}"
    elif f.sheet and f.row:
        where = f"{f.sheet}, dòng {f.row}"
    else:
        where = "Cả hồ sơ"
    who = names.get((f.sheet, f.row or 0)) or CODES[f.code][1]
    return where, who, f.message


def fix_requests(cons: Consolidation) -> list[FixRequest]:
    """One request per current file with errors, listing each error where the unit can find it."""
    from thidua_xl.writers.documents import FixRequest

    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in cons.findings:
        if f.severity is Severity.ERROR and f.file:
            by_file[f.file].append(f)
    requests = []
    for fr in cons.current:
        errors = by_file.get(fr.path)
        if not errors:
            continue
        names = {(n.sheet, n.row): n.name for n in fr.nominees if n.name}
        requests.append(FixRequest(fr.unit_name or file_name(fr.path), file_name(fr.path),
                                   fr.letter_no, tuple(_item(f, names) for f in errors)))
    return requests


def write_documents_for(cons: Consolidation, out_dir: Path, today: date | None = None
                        ) -> list[Path]:
    """The signed-paper documents (lists, submissions, draft decision, fix requests)."""
    from thidua_xl.writers.documents import write_documents

    return write_documents(cons.campaign, award_lists(cons), fix_requests(cons), out_dir,
                           today=today)


def select_inputs(inputs: Sequence[Path], outputs: Sequence[Path]
                  ) -> tuple[list[Path], list[Finding], list[Path]]:
    """Files to read, missing paths, and earlier outputs found in input folders (skipped)."""
    from thidua_xl.check import expand_inputs

    files, missing = expand_inputs(inputs)
    produced = {p.resolve() for p in outputs}
    explicit = {Path(p).resolve() for p in inputs if Path(p).is_file()}
    clash = sorted(produced & explicit)
    if clash:
        raise ValueError(f"tệp đầu vào trùng với tệp kết quả sẽ ghi: {clash[0]}")
    seen: set[Path] = set()
    chosen, skipped = [], []
    for p in files:
        key = p.resolve()
        if key in produced:
            skipped.append(p)
        elif key not in seen:
            seen.add(key)
            chosen.append(p)
    return chosen, missing, skipped


class InputError(ValueError):
    """An input problem that stops consolidation before any file is checked; message in Vietnamese."""


@dataclass
class Inputs:
    """What to consolidate: files to check, missing inputs, skipped earlier outputs, the register."""

    files: list[Path]
    missing: list[Finding]
    skipped: list[Path]
    dates: Mapping[str, date] | None
    register_findings: list[Finding]
    register_text: str


def gather_inputs(campaign: Campaign, inputs: Sequence[Path], outputs: Sequence[Path],
                  received: Path | None) -> Inputs:
    """Read the received register and pick the input files, for the CLI and the Office macros alike."""
    from thidua_xl.received import describe, read_register

    dates, extra, text = None, [], ""
    if received is not None:
        register = read_register(Path(received), campaign)
        if not register.readable:
            raise InputError("\n".join(f.message for f in register.findings))
        dates, extra, text = register.dates, list(register.findings), describe(register)
    try:
        files, missing, skipped = select_inputs(inputs, outputs)
    except ValueError as exc:
        raise InputError(f"Không thể tổng hợp: {exc}.") from exc
    if not files:
        raise InputError("\n".join([*(f.message for f in missing),
                                     "Không có tệp Excel nào để tổng hợp (.xlsx, .xlsm, .xls, .ods)."]))
    return Inputs(files, missing, skipped, dates, extra, text)


def check_all(files: Sequence[Path], campaign: Campaign, received: Mapping[str, date] | None,
              progress: bool) -> list[FileResult]:
    """Check every file, sharing repeated values as each result arrives so memory stays bounded."""
    from thidua_xl.check import check_paths
    from thidua_xl.consolidate import share_values

    pool: dict[object, object] = {}
    return check_paths(files, campaign, received=received, progress=progress,
                       on_result=lambda result: share_values([result], pool))


def summary_lines(cons: Consolidation, workbook: Path, report: Path, docs: Sequence[Path],
                  docs_dir: Path) -> list[str]:
    """What the Office reads in the terminal: counts, caps exceeded, where the list is."""
    sent = {fr.unit_code for fr in cons.current if fr.unit_code}
    missing = [u.name for u in cons.campaign.units if u.code not in sent]
    lines = [f"Đã tổng hợp {len(cons.files)} tệp của {len(sent)}/{len(cons.campaign.units)} đơn vị"
             + (f" (chưa nộp: {', '.join(missing)})" if missing else "") + ".",
             f"Số dòng đọc được: {cons.rows_read}; hợp lệ đưa vào xét: {cons.rows_consolidated}; "
             f"không đưa vào: {cons.rows_rejected} ({cons.rows_invalid} có lỗi, "
             f"{cons.rows_replaced} thuộc tệp đã được thay thế)."]
    warnings = sum(f.severity is Severity.WARNING for f in cons.findings)
    lines.append(f"Lỗi: {cons.errors}; cảnh báo: {warnings}.")
    lines += [f"Vượt chỉ tiêu — {q.label}: {q.proposed} hợp lệ, chỉ tiêu {q.limit}, "
              f"vượt {q.over}." for q in cons.quota if q.over]
    lines.append(f"Danh sách trình Giám đốc: {workbook} (trang \"Danh sách trình Giám đốc\").")
    if docs:
        lines.append(f"Văn bản (.docx để ký, .html để xem): {docs_dir} ({len(docs)} tệp).")
    lines.append(f"Báo cáo JSON: {report}")
    return lines


def run_consolidate(campaign: Campaign, inputs: list[Path], outdir: Path, *,
                    received: Path | None = None, json_path: Path | None = None,
                    progress: bool = False) -> int:
    """The whole job; exit 0 clean, 1 errors found, 2 an input unreadable or a usage error."""
    from thidua_xl.consolidate import consolidate
    from thidua_xl.writers.tonghop import write_tonghop
    from thidua_xl.writers.tonghop_report import write_report

    outdir = Path(outdir)
    workbook, report = outdir / WORKBOOK, Path(json_path) if json_path else outdir / REPORT
    try:
        got = gather_inputs(campaign, inputs, [workbook, report], received)
    except InputError as exc:
        print(str(exc), file=sys.stderr)
        return USAGE
    if got.register_text:
        print(got.register_text)
    for p in got.skipped:
        print(f"Bỏ qua {p}: đây là tệp kết quả của lần tổng hợp trước.", file=sys.stderr)
    for f in got.missing:
        print(f.message, file=sys.stderr)
    files, missing, dates, extra = got.files, got.missing, got.dates, got.register_findings
    results = check_all(files, campaign, dates, progress)
    cons = consolidate(results, campaign, [*missing, *extra])
    write_tonghop(cons, workbook)
    write_report(cons, report)
    docs_dir = outdir / DOCS_DIR
    docs = write_documents_for(cons, docs_dir)
    print("\n".join(summary_lines(cons, workbook, report, docs, docs_dir)))
    if missing or not all(fr.readable for fr in results):
        return USAGE
    return FINDINGS if cons.errors else OK
