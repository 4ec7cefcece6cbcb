"""The council's and the decision's pipelines: `thidua council`, `thidua decision` and the Office
buttons "Ghi nhận Hội đồng" and "In giấy khen" call these; nothing here prints or touches Excel."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from thidua_xl.campaign import Campaign
from thidua_xl.consolidate.entries import STATUS_OVER, STATUS_WITHIN, shorten
from thidua_xl.council.candidates import Snapshot, SnapshotError, load_snapshot
from thidua_xl.council.decide import council_result
from thidua_xl.council.decision import NO_COUNCIL, Awarded, Decision, DecisionError, awarded, decide
from thidua_xl.council.model import STATUS_BELOW, CouncilResult, Tally
from thidua_xl.council.tally import read_tally
from thidua_xl.jobs import CERTIFICATES, DOCS_DIR, REPORT, Exit, InputError
from thidua_xl.ledger import AwardLine, DecisionRef, Recorded, record_decision
from thidua_xl.text.dates import fmt_date


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


def council_text(done: CouncilDone, width: int) -> str:
    """The tally's findings as the validation table, then what was recorded (or why not)."""
    from thidua_xl.outputs.report import FileSummary, render_text

    t, found = done.result.tally, tuple(done.result.findings)
    table = [render_text([FileSummary(t.path, "Hội đồng", len(t.rows), found)], width=width)]
    return "\n".join((table if found else []) + council_lines(done))


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
    ledger: Path | None = None
    recorded: Recorded | None = None


LAYOUTS = {"khung": "frame", "phoi": "form"}


def record_signed_decision(campaign: Campaign, outdir: Path, number: str, day: object, *,
                           award: str | None = None, layout: str | None = None,
                           json_path: Path | None = None, pdf: bool = True,
                           ledger: Path | None = None) -> DecisionDone:
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
    recorded = (record_decision(Path(ledger), campaign, ledger_decision(campaign, decision),
                                award_lines(campaign, decision, got))
                if ledger is not None else None)
    target = write_certificates(certs, campaign, decision, kind, Path(outdir) / DOCS_DIR /
                                CERTIFICATES)
    done = DecisionDone(decision, got, target, len(certs),
                        handout=write_handout(campaign, decision, got, Path(outdir) / DOCS_DIR),
                        ledger=Path(ledger) if ledger is not None else None, recorded=recorded)
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


def ledger_decision(campaign: Campaign, decision: Decision) -> DecisionRef:
    """The decision as the award ledger keeps it: number, day, who signed (the award's authority)."""
    return DecisionRef(decision.number, decision.day, campaign.award(decision.award).authority)


def award_lines(campaign: Campaign, decision: Decision, got: Awarded) -> list[AwardLine]:
    """The decision's awards as ledger lines: kind, name, award by name, birth year, gender, unit."""
    name = campaign.award(decision.award).name
    return [AwardLine(a.kind, a.name, name, a.birth_year if a.individual else None,
                      a.gender if a.individual else "", a.unit_name or a.work_unit)
            for a in got.awardees if a.award == decision.award]


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
    if done.recorded is not None:
        lines.append(f"Sổ khen thưởng {done.ledger}: ghi thêm {done.recorded.added} khen thưởng"
                     + (f" ({done.recorded.existing} đã có từ trước)" if done.recorded.existing
                        else "") + ".")
    return lines
