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
from thidua_xl.consolidate.entries import STATUS_OVER, STATUS_WITHIN, Consolidation, shorten
from thidua_xl.consolidate.merge import consolidate, share_values
from thidua_xl.council.candidates import Snapshot, SnapshotError, load_snapshot
from thidua_xl.council.contract import TALLY_FILE
from thidua_xl.council.decide import council_result
from thidua_xl.council.decision import NO_COUNCIL, Awarded, Decision, DecisionError, awarded, decide
from thidua_xl.council.model import STATUS_BELOW, CouncilResult, Tally
from thidua_xl.council.tally import read_tally
from thidua_xl.findings import Finding, Severity
from thidua_xl.read.received import describe, read_register
from thidua_xl.text.dates import fmt_date

WORKBOOK = "tong_hop.xlsx"
REPORT = "bao_cao.json"
DOCS_DIR = "van_ban"
CERTIFICATES = "giay_khen.docx"
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
    tally: Path | None = None
    kept_tally: Path | None = None

    @property
    def exit_code(self) -> Exit:
        """2 when an input was missing or unreadable, 1 when errors were found, else 0."""
        if self.inputs.missing or not all(fr.readable for fr in self.cons.files):
            return Exit.USAGE
        return Exit.FINDINGS if self.cons.errors else Exit.OK


def write_outputs(cons: Consolidation, workbook: Path, report: Path, docs_dir: Path,
                  tally: Path | None = None) -> list[Path]:
    """tong_hop.xlsx, the JSON report, the documents and the council's tally and ballots of one
    consolidation; returns the documents."""
    from thidua_xl.outputs.council.papers import clear_council_papers, write_ballots
    from thidua_xl.outputs.council.tally import tally_groups, write_tally
    from thidua_xl.outputs.documents.sources import write_documents_for
    from thidua_xl.outputs.tonghop.report import write_report
    from thidua_xl.outputs.tonghop.workbook import write_tonghop

    write_tonghop(cons, workbook)
    write_report(cons, report)
    if tally is not None:
        clear_council_papers(docs_dir)
    docs = write_documents_for(cons, docs_dir)
    if tally is not None:
        write_tally(cons, tally)
        docs += write_ballots(tally_groups(cons), cons.campaign, docs_dir)
    return docs


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


def consolidate_campaign(campaign: Campaign, inputs: Sequence[Path], outdir: Path, *,
                         received: Path | None = None, json_path: Path | None = None,
                         progress: bool = False) -> Consolidated:
    """`thidua consolidate`'s whole job; raises InputError before checking when inputs are unusable."""
    outdir = Path(outdir)
    workbook, report = outdir / WORKBOOK, Path(json_path) if json_path else outdir / REPORT
    tally = outdir / TALLY_FILE
    got = gather_inputs(campaign, inputs, [workbook, report, tally], received)
    cons = consolidate_inputs(campaign, got, progress=progress)
    docs_dir = outdir / DOCS_DIR
    kept = keep_filled_tally(tally, campaign)
    docs = write_outputs(cons, workbook, report, docs_dir, tally)
    return Consolidated(got, cons, workbook, report, docs_dir, docs, tally, kept)


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
    lines.append(f"Danh sách trình Giám đốc (TẠM THỜI, xếp theo tỷ lệ phiếu tại đơn vị, chờ kết quả "
                 f"{cons.campaign.agency.council}): {done.workbook} (trang \"Danh sách trình Giám đốc\").")
    if done.docs:
        lines.append(f"Văn bản (.docx để ký, .html để xem): {done.docs_dir} ({len(done.docs)} tệp).")
    if done.tally:
        lines.append(f"Phiếu tổng hợp kết quả bỏ phiếu của Hội đồng (thư ký điền): {done.tally}; "
                     f"phiếu bầu: {done.docs_dir}/phieu_bau_*.docx. Sau khi họp: thidua council "
                     f"{done.tally} -o {done.report.parent}")
    if done.kept_tally:
        lines.append(f"Phiếu Hội đồng đã điền của lần tổng hợp trước được giữ lại: {done.kept_tally} "
                     "(danh sách đã thay đổi: Hội đồng bỏ phiếu trên phiếu mới).")
    lines.append(f"Báo cáo JSON: {done.report}")
    return lines


@dataclass
class CouncilDone:
    """A finished `thidua council`: the council's result and what it rewrote."""

    result: CouncilResult
    report: Path
    docs_dir: Path
    docs: list[Path] = field(default_factory=list)
    decision_dropped: bool = False

    @property
    def exit_code(self) -> Exit:
        """2 when the tally could not be read, 1 when it has errors (nothing recorded), else 0."""
        if not self.result.tally.readable:
            return Exit.USAGE
        return Exit.FINDINGS if self.result.errors else Exit.OK


def snapshot(campaign: Campaign, report: Path) -> Snapshot:
    """The consolidation the council votes on, or an InputError saying what is wrong."""
    try:
        return load_snapshot(report, campaign)
    except SnapshotError as exc:
        raise InputError(str(exc)) from exc


def apply_council(campaign: Campaign, tally: Tally, snap: Snapshot, docs_dir: Path) -> CouncilDone:
    """Decide from a read tally; when it holds, write the minutes, the documents and the report."""
    from thidua_xl.outputs.council.papers import write_council_papers
    from thidua_xl.outputs.council.report import council_section, rewrite_report

    result = council_result(tally, snap, campaign)
    done = CouncilDone(result, snap.path, Path(docs_dir))
    if result.recorded:
        done.docs = write_council_papers(result, campaign, done.docs_dir)
        done.decision_dropped = "decision" in snap.report
        rewrite_report(snap.path, snap.report, council=council_section(result), decision=None)
    return done


def record_council(campaign: Campaign, tally_path: Path, outdir: Path, *,
                   json_path: Path | None = None) -> CouncilDone:
    """`thidua council`'s whole job: the filled tally against the consolidation in `outdir`."""
    snap = snapshot(campaign, Path(json_path) if json_path else Path(outdir) / REPORT)
    return apply_council(campaign, read_tally(Path(tally_path), campaign), snap,
                         Path(outdir) / DOCS_DIR)


def council_lines(done: CouncilDone) -> list[str]:
    """What the Office reads after recording: attendance, who is proposed, where the papers are."""
    r = done.result
    if not r.recorded:
        return [f"Phiếu có {r.errors} lỗi: CHƯA ghi nhận kết quả Hội đồng, văn bản giữ nguyên. "
                "Sửa phiếu rồi chạy lại."]
    m = r.meeting
    day = fmt_date(m.day) if m.day else ""
    lines = [f"Đã ghi nhận kết quả họp Hội đồng ngày {day} (có mặt {m.members_present}/"
             f"{m.members_total} thành viên)."]
    for status in (STATUS_WITHIN, STATUS_OVER, STATUS_BELOW):
        names = [v.entry.nominee.name for v in r.votes if v.status == status]
        if names:
            lines.append(f"{COUNCIL_WORDS[status]} ({len(names)}): {shorten(names)}.")
    lines.append(f"Biên bản họp và danh sách, tờ trình, dự thảo quyết định lập lại theo kết quả "
                 f"Hội đồng: {done.docs_dir} ({len(done.docs)} tệp).")
    if done.decision_dropped:
        lines.append("Quyết định đã ghi nhận trước đây không còn giá trị vì kết quả Hội đồng đã "
                     "thay đổi: chạy lại thidua decision.")
    lines.append(f"Báo cáo JSON (mục \"council\"): {done.report}")
    return lines


COUNCIL_WORDS = {STATUS_WITHIN: "Đề nghị khen thưởng", STATUS_OVER: "Đạt tỷ lệ phiếu nhưng vượt chỉ tiêu",
                 STATUS_BELOW: "Chưa đạt tỷ lệ phiếu tối thiểu"}


@dataclass
class DecisionDone:
    """A recorded decision: who it awards, the certificates printed, and how."""

    decision: Decision
    awarded: Awarded
    certificates: Path
    count: int
    handout: list[Path] = field(default_factory=list)
    pdf: Path | None = None
    pdf_note: str = ""


LAYOUTS = {"khung": "frame", "phoi": "form"}


def record_signed_decision(campaign: Campaign, outdir: Path, number: str, day: object, *,
                           award: str | None = None, layout: str | None = None,
                           json_path: Path | None = None, pdf: bool = True) -> DecisionDone:
    """`thidua decision`'s job: check and record the decision, print one certificate per awardee."""
    from thidua_xl.outputs.council.papers import write_handout
    from thidua_xl.outputs.council.report import decision_section, rewrite_report
    from thidua_xl.outputs.documents.certificates import certificates, write_certificates
    from thidua_xl.outputs.documents.pdf import PdfError, to_pdf

    report_path = Path(json_path) if json_path else Path(outdir) / REPORT
    report = snapshot(campaign, report_path).report
    got = awarded(report, campaign)
    try:
        decision = decide(number, day, campaign, got, award)
    except DecisionError as exc:
        raise InputError(str(exc)) from exc
    certs = certificates(campaign, decision, got.awardees)
    if not certs:
        raise InputError(f"Không có tập thể, cá nhân nào trong danh sách được tặng "
                         f"{campaign.award(decision.award).name}: chưa in giấy khen.")
    kind = layout or campaign.certificate.layout
    if kind == "form" and not campaign.certificate.positions:
        raise InputError("Đợt thi đua chưa khai báo vị trí in lên phôi ([certificate.positions]).")
    target = write_certificates(certs, campaign, decision, kind, Path(outdir) / DOCS_DIR /
                                CERTIFICATES)
    done = DecisionDone(decision, got, target, len(certs),
                        handout=write_handout(campaign, decision, got, Path(outdir) / DOCS_DIR))
    target.with_suffix(".pdf").unlink(missing_ok=True)
    if pdf:
        try:
            made = to_pdf(target)
            done.pdf = made[0] if made else None
            done.pdf_note = "" if made else "Không có LibreOffice: chưa tạo PDF, in từ tệp .docx."
        except PdfError as exc:
            done.pdf_note = str(exc)
    rewrite_report(report_path, report, decision=decision_section(
        decision, got, done.certificates, done.pdf, kind))
    return done


def decision_lines(done: DecisionDone, campaign: Campaign) -> list[str]:
    """What the Office reads after recording the decision, saying on what list it rests."""
    d, got = done.decision, done.awarded
    award = campaign.award(d.award)
    lines = [] if got.council else [NO_COUNCIL.format(office=campaign.agency.office)]
    lines.append(f"Đã ghi nhận Quyết định số {d.number} ngày {fmt_date(d.day)}: tặng {award.name} "
                 f"cho {done.count} tập thể, cá nhân.")
    lines.append(f"Giấy khen ({done.count} trang): {done.certificates}"
                 + (f"; bản PDF: {done.pdf}" if done.pdf else ""))
    if done.pdf_note:
        lines.append(done.pdf_note)
    if done.handout:
        lines.append(f"Danh sách nhận giấy khen (ký nhận): {done.handout[-1]}")
    if got.superior:
        lines.append(f"{len(got.superior)} trường hợp đề nghị cấp trên khen thưởng: không in giấy "
                     "khen tại đây (cấp trên quyết định và cấp bằng).")
    return lines
