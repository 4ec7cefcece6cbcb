"""The pipelines both faces call: check unit files, consolidate a campaign and write its outputs.

Neither face owns this module: `thidua` (cli.py) prints what it returns, and the Office macros
(excel/) write it into the open workbook. Nothing here prints or touches Excel.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum
from pathlib import Path

from thidua_xl.campaign import Campaign
from thidua_xl.check.batch import check_paths, expand_inputs
from thidua_xl.check.file import FileResult
from thidua_xl.consolidate.entries import Consolidation
from thidua_xl.consolidate.merge import consolidate, share_values
from thidua_xl.consolidate.stats import Statistics, campaign_statistics
from thidua_xl.findings import Finding, Severity
from thidua_xl.ledger.history import History, attach, decided_items, history_findings, read_history
from thidua_xl.ledger.location import FROM_OPTION, LedgerPath, resolve_ledger
from thidua_xl.ledger.store import Ledger
from thidua_xl.read.received import describe, read_register

WORKBOOK = "tong_hop.xlsx"
FORK_ROWS = 50_000  # above this, writing the papers in a fork would copy the consolidation
REPORT = "bao_cao.json"
DOCS_DIR = "van_ban"
NO_FILES = "Không có tệp Excel nào (.xlsx, .xlsm, .xls, .ods) trong đường dẫn đã cho."


class Exit(IntEnum):
    """Exit codes of every job: 0 clean, 1 findings with errors, 2 usage or unreadable input."""

    OK = 0
    FINDINGS = 1
    USAGE = 2


class InputError(ValueError):
    """An input problem that stops a job before any file is checked; message in Vietnamese."""


@dataclass
class Checked:
    """Files checked by `validate`: one result per file and a finding per input that was not there."""

    results: list[FileResult]
    problems: list[Finding]

    @property
    def exit_code(self) -> Exit:
        """2 when an input could not be read at all, 1 when errors were found, else 0."""
        if self.problems or any(not r.readable for r in self.results):
            return Exit.USAGE
        if any(f.severity is Severity.ERROR for r in self.results for f in r.findings):
            return Exit.FINDINGS
        return Exit.OK


def check_inputs(campaign: Campaign, inputs: Sequence[Path], *, progress: bool = False) -> Checked:
    """`thidua validate`'s job: every unit file under the inputs, checked on its own."""
    files, problems = expand_inputs(inputs)
    if not files and not problems:
        raise InputError(NO_FILES)
    return Checked(check_paths(files, campaign, progress=progress), problems)


def select_inputs(inputs: Sequence[Path], outputs: Sequence[Path]
                  ) -> tuple[list[Path], list[Finding], list[Path]]:
    """Files to read, missing paths, and earlier outputs found in input folders (skipped)."""
    files, missing = expand_inputs(inputs)
    produced = {p.resolve() for p in outputs}
    explicit = {Path(p).resolve() for p in inputs if Path(p).is_file()}
    clash = sorted(produced & explicit)
    if clash:
        raise InputError(f"Không thể tổng hợp: tệp đầu vào trùng với tệp kết quả sẽ ghi: {clash[0]}.")
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
    dates, extra, text = None, [], ""
    if received is not None:
        register = read_register(Path(received), campaign)
        if not register.readable:
            raise InputError("\n".join(f.message for f in register.findings))
        dates, extra, text = register.dates, list(register.findings), describe(register)
    files, missing, skipped = select_inputs(inputs, outputs)
    if not files:
        raise InputError("\n".join([*(f.message for f in missing),
                                     "Không có tệp Excel nào để tổng hợp (.xlsx, .xlsm, .xls, .ods)."]))
    return Inputs(files, missing, skipped, dates, extra, text)


def check_all(files: Sequence[Path], campaign: Campaign, received: Mapping[str, date] | None,
              progress: bool) -> list[FileResult]:
    """Check every file, sharing repeated values as each result arrives so memory stays bounded."""
    pool: dict[object, object] = {}
    return check_paths(files, campaign, received=received, progress=progress,
                       on_result=lambda result: share_values([result], pool))


def consolidate_inputs(campaign: Campaign, got: Inputs, *, progress: bool = False) -> Consolidation:
    """Check the gathered files and consolidate them with the inputs' own findings."""
    results = check_all(got.files, campaign, got.dates, progress)
    return consolidate(results, campaign, [*got.missing, *got.register_findings])


@dataclass
class Consolidated:
    """A finished `thidua consolidate`: the consolidation and every file it wrote."""

    inputs: Inputs
    cons: Consolidation
    workbook: Path
    report: Path
    docs_dir: Path
    docs: list[Path] = field(default_factory=list)
    ledger: LedgerPath | None = None
    history: History | None = None

    @property
    def exit_code(self) -> Exit:
        """2 when an input was missing or unreadable, 1 when errors were found, else 0."""
        if self.inputs.missing or not all(fr.readable for fr in self.cons.files):
            return Exit.USAGE
        return Exit.FINDINGS if self.cons.errors else Exit.OK


def write_outputs(cons: Consolidation, workbook: Path, report: Path, docs_dir: Path,
                  history: History | None = None) -> list[Path]:
    """tong_hop.xlsx, the JSON report and the documents of one consolidation; returns the documents.

    The documents and the report are written beside the workbook (a forked process on Linux)."""
    from thidua_xl.outputs.beside import beside
    from thidua_xl.outputs.documents.final_report import write_final_report
    from thidua_xl.outputs.documents.sources import write_documents_for
    from thidua_xl.outputs.tonghop.report import write_report
    from thidua_xl.outputs.tonghop.workbook import write_tonghop

    stats = statistics(cons, history)

    def papers() -> list[Path]:
        write_report(cons, report)
        docs = write_documents_for(cons, docs_dir)
        return docs + write_final_report(cons, stats, history, docs_dir)

    rows = len(cons.entries) + len(cons.replaced_entries)
    with beside(papers, fork=rows <= FORK_ROWS) as side:
        write_tonghop(cons, workbook, history=history, stats=stats)
    return side.result()


def statistics(cons: Consolidation, history: History | None) -> Statistics:
    """The campaign's statistics, with the awards the ledger records for it when one was read."""
    return campaign_statistics(cons, decided_items(history, cons) if history else None)


def ledger_for(campaign: Campaign, option: Path | None, outdir: Path) -> LedgerPath:
    """The ledger a consolidation reads; one named by --ledger must exist (a typo is not silent)."""
    where = resolve_ledger(option, campaign, outdir)
    if where.origin == FROM_OPTION and not where.path.is_file():
        raise InputError(f"Không thấy sổ khen thưởng: {where.path}")
    return where


def add_history(cons: Consolidation, where: LedgerPath) -> History | None:
    """Read the ledger (when there is one) and add its findings to the consolidation."""
    if not where.path.is_file():
        return None
    with Ledger.open(where.path, create=False) as ledger:
        history = read_history(ledger, cons)
    attach(cons, history_findings(cons, history))
    return history


def consolidate_campaign(campaign: Campaign, inputs: Sequence[Path], outdir: Path, *,
                         received: Path | None = None, json_path: Path | None = None,
                         progress: bool = False, ledger: Path | None = None) -> Consolidated:
    """`thidua consolidate`'s whole job; raises InputError before checking when inputs are unusable."""
    outdir = Path(outdir)
    workbook, report = outdir / WORKBOOK, Path(json_path) if json_path else outdir / REPORT
    where = ledger_for(campaign, ledger, outdir)
    got = gather_inputs(campaign, inputs, [workbook, report], received)
    cons = consolidate_inputs(campaign, got, progress=progress)
    history = add_history(cons, where)
    docs_dir = outdir / DOCS_DIR
    docs = write_outputs(cons, workbook, report, docs_dir, history)
    return Consolidated(got, cons, workbook, report, docs_dir, docs, where, history)


def summary_lines(done: Consolidated) -> list[str]:
    """What the Office reads at the end: counts, caps exceeded, where the list is."""
    cons = done.cons
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
    lines.append(f"Danh sách trình Giám đốc: {done.workbook} (trang \"Danh sách trình Giám đốc\").")
    lines += ledger_lines(done)
    if done.docs:
        lines.append(f"Văn bản (.docx để ký, .html để xem): {done.docs_dir} ({len(done.docs)} tệp).")
    lines.append(f"Báo cáo JSON: {done.report}")
    return lines


def ledger_lines(done: Consolidated) -> list[str]:
    """What the ledger added: earlier awards found, awards already given in this campaign."""
    if done.ledger is None:
        return []
    if done.history is None:
        return [f"Chưa có sổ khen thưởng ({done.ledger.path}): bỏ qua khen thưởng đã có."]
    keys = {e.nominee.key for e in done.cons.entries}
    known = sum(k in done.history.earlier for k in keys)
    again = sum(f.code == "already-awarded" for f in done.cons.findings)
    return [f"Sổ khen thưởng {done.ledger.path}: {known} tập thể, cá nhân được đề nghị đã có khen "
            f"thưởng trước đây (cột \"Khen thưởng đã có\"); {again} trường hợp đã được khen "
            "thưởng trong đợt này."]
