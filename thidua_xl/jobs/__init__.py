"""The pipelines both faces call: check unit files, consolidate a campaign and write its outputs.

Neither face owns this module: `thidua` (cli.py) prints what it returns, and the Office macros
(excel/) write it into the open workbook. Nothing here prints or touches Excel.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from thidua_xl.campaign import Campaign
from thidua_xl.check.batch import check_paths
from thidua_xl.check.file import FileResult
from thidua_xl.consolidate.entries import Consolidation
from thidua_xl.consolidate.merge import consolidate, share_values
from thidua_xl.consolidate.stats import Statistics, campaign_statistics
from thidua_xl.council.contract import TALLY_FILE
from thidua_xl.council.tally import read_tally
from thidua_xl.findings import CODES, Exit, Finding, Severity, count_by_severity
from thidua_xl.jobs.inputs import (
    NO_FILES,
    Checked,
    InputError,
    Inputs,
    check_inputs,
    exit_two_lines,
    gather_inputs,
    input_lines,
    marked_targets,
    refuse_overwrite,
    write_validation,
)
from thidua_xl.ledger.history import History, attach, decided_items, history_findings, read_history
from thidua_xl.ledger.location import FROM_OPTION, LedgerPath, resolve_ledger
from thidua_xl.ledger.store import Ledger
from thidua_xl.outputs.targets import OutputRefused, together

WORKBOOK = "tong_hop.xlsx"
FORK_ROWS = 50_000  # above this, writing the documents in a fork would copy the consolidation
REPORT = "bao_cao.json"
DOCS_DIR = "van_ban"
CERTIFICATES = "giay_khen.docx"
DIRECTOR_LIST = "danh_sach_de_nghi.docx"
VALIDATE_SCOPE = ("Lệnh validate kiểm tra từng tệp riêng; lệnh consolidate còn tìm lỗi giữa các "
                  "đơn vị (trùng đề nghị, chỉ tiêu toàn cơ quan) và không tính tệp đã được gửi lại "
                  "thay thế, nên số lỗi ở đó có thể khác.")
# Re-exported for the faces: one place to import a job's pieces from.
__all__ = ["NO_FILES", "Checked", "Exit", "InputError", "Inputs", "check_inputs", "exit_two_lines",
           "gather_inputs", "input_lines", "marked_targets", "refuse_overwrite", "write_validation"]


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
    tally: Path | None = None
    kept_tally: Path | None = None

    @property
    def exit_two(self) -> list[str]:
        """The inputs that make the run end with exit code 2, each named with its reason."""
        return exit_two_lines(self.inputs.missing, self.cons.files)

    @property
    def exit_code(self) -> Exit:
        """2 when an input was missing or unreadable, 1 when errors were found, else 0."""
        if self.inputs.missing or not all(fr.readable for fr in self.cons.files):
            return Exit.USAGE
        return Exit.FINDINGS if self.cons.errors else Exit.OK


def write_outputs(cons: Consolidation, workbook: Path, report: Path, docs_dir: Path,
                  history: History | None = None, tally: Path | None = None) -> list[Path]:
    """tong_hop.xlsx, the JSON report, the documents and the council's tally and ballots of one
    consolidation; returns the documents.

    All are written aside first and put in place together, so a stop leaves the earlier run's
    outputs whole, never half of each. The documents folder is replaced as a whole: no document,
    minutes or certificate of an earlier run survives beside this run's. The report, the documents,
    the tally and the ballots are written while the workbook is (a forked process on Linux, up to
    FORK_ROWS rows; see outputs.beside)."""
    from thidua_xl.outputs.beside import beside
    from thidua_xl.outputs.council.papers import write_ballots
    from thidua_xl.outputs.council.tally import tally_groups, write_tally
    from thidua_xl.outputs.documents.final_report import write_final_report
    from thidua_xl.outputs.documents.sources import write_documents_for
    from thidua_xl.outputs.folder import replaced_folder
    from thidua_xl.outputs.tonghop.report import write_report
    from thidua_xl.outputs.tonghop.workbook import write_tonghop

    stats = statistics(cons, history)
    rows = len(cons.entries) + len(cons.replaced_entries)
    # A report sent to a stream (--json /dev/stdout, a pipe) is written here, once: a side job
    # that failed after writing it would otherwise be redone and write it twice.
    report_beside = not report.exists() or report.is_file()
    with together(), replaced_folder(docs_dir) as staging:

        def papers() -> list[Path]:
            for left in staging.iterdir():  # only a forked attempt that died leaves any
                left.unlink()
            if report_beside:
                write_report(cons, report)
            docs = [*write_documents_for(cons, staging),
                    *write_final_report(cons, stats, history, staging)]
            if tally is not None:
                write_tally(cons, tally, history.lines if history else None)
                docs += write_ballots(tally_groups(cons), cons.campaign, staging)
            return docs

        with beside(papers, fork=rows <= FORK_ROWS) as side:
            write_tonghop(cons, workbook, history=history, stats=stats)
            if not report_beside:
                write_report(cons, report)
        docs = side.result()
    return [docs_dir / p.name for p in docs]


def keep_filled_tally(path: Path, campaign: Campaign) -> Path | None:
    """A tally the secretary has filled is set aside under a new name, never overwritten."""
    if not Path(path).is_file():
        return None
    if not any(r.votes_raw is not None for r in read_tally(Path(path), campaign).rows):
        return None
    n = 1
    while (kept := path.with_name(f"{path.stem}_da_dien_{n}{path.suffix}")).exists():
        n += 1
    return path.rename(kept)


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
    tally = outdir / TALLY_FILE
    docs_dir = outdir / DOCS_DIR
    if docs_dir.resolve() in report.resolve().parents:
        raise InputError(f"Không đặt báo cáo JSON {report} trong thư mục văn bản {docs_dir}: thư mục "
                         "này được thay mới mỗi lần chạy.")
    where = ledger_for(campaign, ledger, outdir)
    got = gather_inputs(campaign, inputs, [workbook, report, tally], received, [docs_dir])
    cons = consolidate_inputs(campaign, got, progress=progress)
    history = add_history(cons, where)
    kept = keep_filled_tally(tally, campaign)
    try:
        docs = write_outputs(cons, workbook, report, docs_dir, history, tally)
    except OutputRefused as exc:
        raise InputError(str(exc)) from exc
    return Consolidated(got, cons, workbook, report, docs_dir, docs, where, history, tally, kept)


def summary_lines(done: Consolidated) -> list[str]:
    """What the Office reads at the end: counts, caps exceeded, the list to sign, the working table."""
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
    lines += validate_difference(cons)
    lines += [f"Vượt chỉ tiêu — {q.label}: {q.proposed} hợp lệ, chỉ tiêu {q.limit}, "
              f"vượt {q.over}." for q in cons.quota if q.over]
    signed = next((p for p in done.docs if p.name == DIRECTOR_LIST), None)
    ag = cons.campaign.agency
    if signed is not None:
        lines.append(f"Danh sách trình {ag.head_title} ký: {signed} (bản xem: "
                     f"{signed.with_suffix('.html').name}; TẠM THỜI, xếp theo tỷ lệ phiếu tại đơn "
                     f"vị, chờ kết quả {ag.council}).")
    lines.append(f"Bảng làm việc của {ag.office}: {done.workbook} (lọc, sắp xếp, xem lý do từng "
                 "trường hợp; không phải văn bản trình ký).")
    lines += ledger_lines(done)
    if done.docs:
        lines.append(f"Văn bản (.docx để ký, .html để xem): {done.docs_dir} ({len(done.docs)} tệp).")
    if done.tally:
        lines.append(f"Phiếu tổng hợp kết quả bỏ phiếu của Hội đồng (thư ký điền): {done.tally}; "
                     f"phiếu bầu: {done.docs_dir}/phieu_bau_*.docx. Sau khi họp: thidua council "
                     f"{done.tally} -o {done.workbook.parent}"
                     + (f" --json {done.report}" if done.report.parent != done.workbook.parent
                        else ""))
    if done.kept_tally:
        lines.append(f"Phiếu Hội đồng đã điền của lần tổng hợp trước được giữ lại: {done.kept_tally} "
                     "(danh sách đã thay đổi: Hội đồng bỏ phiếu trên phiếu mới).")
    lines.append(f"Báo cáo JSON: {done.report}")
    return lines


def validate_difference(cons: Consolidation) -> list[str]:
    """One line on why these counts differ from `thidua validate` over the same files, if they do."""
    own = {f for fr in cons.current for f in fr.findings}
    current = {id(fr) for fr in cons.current}
    replaced = [fr for fr in cons.files if id(fr) not in current]
    added = [f for f in cons.findings if f not in own]
    dropped = [f for fr in replaced for f in fr.findings]
    parts = []
    if added:
        kinds = Counter(CODES[f.code][1] for f in added)
        named = "; ".join(f"{title[:1].lower()}{title[1:]}: {n}" for title, n in kinds.items())
        parts.append(f"thêm {_errors_and_warnings(added)} chỉ thấy khi xét chung các đơn vị "
                     f"({named})")
    if dropped:
        parts.append(f"không tính {_errors_and_warnings(dropped)} của {len(replaced)} tệp đã được "
                     "thay thế")
    if not parts:
        return []
    return [f"Khác với lệnh validate (kiểm tra từng tệp riêng): tổng hợp {' và '.join(parts)}."]


def _errors_and_warnings(findings: Sequence[Finding]) -> str:
    """"2 lỗi, 1 cảnh báo, 1 thông tin", naming only the severities present."""
    counts = count_by_severity(findings)
    return ", ".join(f"{counts[s]} {s.label.lower()}" for s in Severity if counts[s])


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
