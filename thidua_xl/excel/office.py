"""The Office workbook's buttons: settings from "Điều khiển", the CLI's consolidation, sheets written back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from thidua_xl.campaign import Campaign, load_campaign
from thidua_xl.consolidate.entries import Consolidation
from thidua_xl.consolidate.merge import consolidate
from thidua_xl.council import contract as tally
from thidua_xl.council.contract import SHEET_VOTES, TALLY_FILE
from thidua_xl.excel.book import ensure_sheet, sheet_names, sheet_rows, write_block
from thidua_xl.excel.flush import flush
from thidua_xl.excel.safe import ClerkError, log_dir
from thidua_xl.excel.unit import clear_unit
from thidua_xl.findings import Finding, Severity
from thidua_xl.jobs import (
    DOCS_DIR,
    REPORT,
    WORKBOOK,
    InputError,
    add_history,
    check_all,
    gather_inputs,
    keep_filled_tally,
    ledger_for,
    write_outputs,
)
from thidua_xl.outputs.council.tally import tally_groups, tally_rows
from thidua_xl.outputs.office.layout import CONTROL_SHEET, SETTINGS, SHEETS_BY_MACRO
from thidua_xl.outputs.office.recording import record
from thidua_xl.outputs.style import (
    SHEET_ALL,
    SHEET_FINDINGS,
    SHEET_FIXES,
    SHEET_QUOTA,
    SHEET_UNITS,
)

HIGHLIGHTED = (SHEET_ALL, SHEET_QUOTA, SHEET_FINDINGS, SHEET_UNITS)


@dataclass(frozen=True)
class Settings:
    """What the control sheet says: campaign file, folders, register; paths already resolved."""

    campaign: Path | None
    inputs: Path
    output: Path
    received: Path | None
    ledger: Path | None = None


def _resolve(text: object, base: Path) -> Path | None:
    """A typed path, relative ones taken from the workbook's folder; None when blank."""
    if text is None or not str(text).strip():
        return None
    path = Path(str(text).strip().strip('"')).expanduser()
    return path if path.is_absolute() else base / path


def read_settings(book: Any) -> Settings:
    """The control sheet's inputs, read in one call; a clear message when a required one is blank."""
    if CONTROL_SHEET not in sheet_names(book):
        raise ClerkError(f"Không thấy sheet \"{CONTROL_SHEET}\": hãy dùng sổ điều khiển do lệnh "
                         "`thidua office` tạo ra.")
    labels = {s.label: s.key for s in SETTINGS}
    values = {labels[row[0]]: (row[1] if len(row) > 1 else None)
              for row in sheet_rows(book.sheets[CONTROL_SHEET]) if row and row[0] in labels}
    base = log_dir(book)
    paths = {s.key: _resolve(values.get(s.key), base) for s in SETTINGS}
    for key in ("inputs", "output"):
        if paths[key] is None:
            label = next(s.label for s in SETTINGS if s.key == key)
            raise ClerkError(f"Chưa điền \"{label}\" ở sheet \"{CONTROL_SHEET}\".")
    return Settings(paths["campaign"], paths["inputs"], paths["output"],  # type: ignore[arg-type]
                    paths["received"], paths["ledger"])


def run_checks(settings: Settings) -> Consolidation:
    """The CLI's core: received register, input selection, isolated checks, consolidation."""
    campaign: Campaign = load_campaign(settings.campaign)
    if not settings.inputs.is_dir():
        raise ClerkError(f"Không thấy thư mục hồ sơ: {settings.inputs}")
    try:
        got = gather_inputs(campaign, [settings.inputs], [settings.output / WORKBOOK,
                            settings.output / REPORT, settings.output / TALLY_FILE], settings.received)
    except InputError as exc:
        raise ClerkError(f"{exc} (thư mục hồ sơ: {settings.inputs})") from exc
    results = check_all(got.files, campaign, got.dates, progress=False)
    return consolidate(results, campaign, [*got.missing, *got.register_findings])


def fill_sheets(book: Any, cons: Consolidation, names: Sequence[str]) -> None:
    """Rewrite the named result sheets from the consolidation, links relative to the workbook."""
    rec = record(cons, log_dir(book))
    for name in names:
        sheet, created = ensure_sheet(book, name)
        flush(rec.sheets[name], sheet, created=created)


def _count(findings: Sequence[Finding], severity: Severity) -> int:
    return sum(f.severity is severity for f in findings)


def counts_text(cons: Consolidation) -> str:
    """"N tệp, E lỗi, W cảnh báo" for the status line."""
    return (f"{len(cons.files)} tệp, {_count(cons.findings, Severity.ERROR)} lỗi, "
            f"{_count(cons.findings, Severity.WARNING)} cảnh báo")


def check_files(book: Any) -> str:
    """"Kiểm tra hồ sơ": findings and the units checklist."""
    cons = run_checks(read_settings(book))
    fill_sheets(book, cons, SHEETS_BY_MACRO["kiem_tra_ho_so"])
    return (f"Đã kiểm tra {counts_text(cons)} — xem sheet \"{SHEET_FINDINGS}\" và "
            f"\"{SHEET_UNITS}\".")


def consolidate_book(book: Any) -> str:
    """"Tổng hợp": every nominee with provenance and status."""
    cons = run_checks(read_settings(book))
    fill_sheets(book, cons, SHEETS_BY_MACRO["tong_hop"])
    return (f"Đã tổng hợp {cons.rows_read} dòng từ {counts_text(cons)}; hợp lệ đưa vào xét: "
            f"{cons.rows_consolidated} — xem sheet \"{SHEET_ALL}\".")


def check_quotas(book: Any) -> str:
    """"Kiểm tra chỉ tiêu": the quota table, and ranks and the cut line on the nominee sheet."""
    cons = run_checks(read_settings(book))
    fill_sheets(book, cons, SHEETS_BY_MACRO["kiem_tra_chi_tieu"])
    over = [f"{q.label}: vượt {q.over}" for q in cons.quota if q.over]
    tail = "; ".join(over) if over else "không nhóm nào vượt chỉ tiêu"
    return f"Đã đối chiếu chỉ tiêu: {tail} — xem sheet \"{SHEET_QUOTA}\"."


def fill_tally(book: Any, cons: Consolidation) -> int:
    """The candidates under the votes sheet's header, values only (its self-checks stay); returns
    how many candidates."""
    sheet, created = ensure_sheet(book, tally.SHEET_VOTES)
    old = sheet_rows(sheet)
    if created:
        write_block(sheet, 1, 1, [[f.label for f in tally.VOTE_COLUMNS]])
    elif len(old) > 1:
        sheet.range((2, 1), (len(old), max(len(r) for r in old))).clear_contents()
    rows = tally_rows(cons.campaign, tally_groups(cons))
    if rows:
        write_block(sheet, 2, 1, rows)
    return sum(r[1] is not None for r in rows)


def make_list(book: Any) -> str:
    """"Lập danh sách & văn bản": the Director's sheet and the council's ballot list in the book,
    and the CLI's outputs (with the tally and ballots) in the output folder."""
    settings = read_settings(book)
    cons = run_checks(settings)
    out = settings.output
    try:
        history = add_history(cons, ledger_for(cons.campaign, settings.ledger, out))
    except InputError as exc:
        raise ClerkError(str(exc)) from exc
    fill_sheets(book, cons, SHEETS_BY_MACRO["lap_danh_sach"])
    candidates = fill_tally(book, cons)
    keep_filled_tally(out / TALLY_FILE, cons.campaign)
    docs = write_outputs(cons, out / WORKBOOK, out / REPORT, out / DOCS_DIR, history,
                         tally=out / TALLY_FILE)
    return (f"Đã lập danh sách trình Giám đốc (tạm thời) và {len(docs)} văn bản, ghi vào thư mục: "
            f"{out}; {candidates} trường hợp đưa vào sheet \"{SHEET_VOTES}\" để Hội đồng bỏ phiếu.")


def clear_marks(book: Any) -> str:
    """"Xóa đánh dấu": severity fills below the headers, and a unit check's fills, results and list."""
    names = sheet_names(book)
    cleared = 0
    for name in HIGHLIGHTED:
        if name in names:
            sheet = book.sheets[name]
            rows = sheet_rows(sheet)
            if len(rows) > 1:
                sheet.range((2, 1), (len(rows), max(map(len, rows)))).color = None
                cleared += 1
    if SHEET_FIXES in names:
        cleared += clear_unit(book)
    return f"Đã xóa đánh dấu trên {cleared} sheet."
