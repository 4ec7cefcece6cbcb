"""The pipelines both faces call: check unit files, consolidate a campaign and write its outputs.

Neither face owns this module: `thidua` (cli.py) prints what it returns, and the Office macros
(excel/) write it into the open workbook. Nothing here prints or touches Excel.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from thidua_xl.campaign import Campaign
from thidua_xl.check.batch import Discovered, check_paths, discover
from thidua_xl.check.file import FileResult
from thidua_xl.consolidate.entries import Consolidation
from thidua_xl.consolidate.merge import consolidate, share_values
from thidua_xl.consolidate.stats import Statistics, campaign_statistics
from thidua_xl.findings import Exit, Finding, Severity
from thidua_xl.ledger.history import History, attach, decided_items, history_findings, read_history
from thidua_xl.ledger.location import FROM_OPTION, LedgerPath, resolve_ledger
from thidua_xl.ledger.store import Ledger
from thidua_xl.outputs.targets import OutputRefused, together
from thidua_xl.read.produced import describe_kind
from thidua_xl.read.received import describe, read_register

WORKBOOK = "tong_hop.xlsx"
REPORT = "bao_cao.json"
DOCS_DIR = "van_ban"
NO_FILES = "Không có tệp Excel nào (.xlsx, .xlsm, .xls, .ods) trong đường dẫn đã cho."


class InputError(ValueError):
    """An input problem that stops a job before any file is checked; message in Vietnamese."""


@dataclass
class Checked:
    """Files checked by `validate`: one result per file, a finding per input that could not be
    read, and what else the input tree held."""

    results: list[FileResult]
    problems: list[Finding]
    found: Discovered = field(default_factory=Discovered)
    marked: dict[Path, Path] = field(default_factory=dict)

    @property
    def exit_two(self) -> list[str]:
        """The inputs that make the run end with exit code 2, each named with its reason."""
        return exit_two_lines(self.problems, self.results)

    @property
    def exit_code(self) -> Exit:
        """2 when an input could not be read at all, 1 when errors were found, else 0."""
        if self.problems or any(not r.readable for r in self.results):
            return Exit.USAGE
        if any(f.severity is Severity.ERROR for r in self.results for f in r.findings):
            return Exit.FINDINGS
        return Exit.OK


def check_inputs(campaign: Campaign, inputs: Sequence[Path], *, progress: bool = False,
                 json_path: Path | None = None, annotate_dir: Path | None = None) -> Checked:
    """`thidua validate`'s job: every unit file under the inputs, checked on its own.

    The JSON report and the marked copies it will write are refused before any checking when
    one of them would replace an input file."""
    found = discover(inputs)
    if not found.files and not found.problems:
        raise InputError(NO_FILES + _not_read(found))
    marked = marked_targets(found, Path(annotate_dir)) if annotate_dir is not None else {}
    refuse_overwrite(found, [*([Path(json_path)] if json_path else []), *marked.values()])
    return Checked(check_paths(found.files, campaign, progress=progress), found.problems, found,
                   marked)


def marked_targets(found: Discovered, out_dir: Path) -> dict[Path, Path]:
    """Where each file's marked copy goes: its sub-folder mirrored under out_dir, so two units'
    files of the same name never overwrite each other's copy."""
    from thidua_xl.outputs.annotate import annotated_target

    targets: dict[Path, Path] = {}
    taken: set[Path] = set()
    for path in found.files:
        target = annotated_target(path, out_dir / found.relative(path).parent)
        n = 1
        while target in taken:
            n += 1
            first = annotated_target(path, out_dir / found.relative(path).parent)
            target = first.with_name(f"{first.stem}_{n}{first.suffix}")
        taken.add(target)
        targets[path] = target
    return targets


def _not_read(found: Discovered) -> str:
    """Why nothing was left to read, when the folder held only outputs, junk or other files."""
    lines = input_lines(found)
    return ("\n" + "\n".join(lines)) if lines else ""


def _stat_key(path: Path) -> tuple[int, int] | None:
    """Device and inode of an existing file (through symlinks), to tell when two paths are one file."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def protected_files(found: Discovered, extra: Iterable[Path] = ()) -> list[Path]:
    """Files in the input tree no output may replace: everything except our own earlier outputs and
    OS junk (unit workbooks, their attachments, unreadable formats, the register)."""
    odd = [Path(f.file) for f in found.problems if f.file]
    return [*found.files, *found.other, *odd, *map(Path, extra)]


def refuse_overwrite(found: Discovered, outputs: Sequence[Path], extra: Iterable[Path] = (),
                     folders: Sequence[Path] = ()) -> None:
    """Stop before any work when an output would replace an input file (or a folder replaced as a
    whole holds one): a unit's file is never overwritten, whatever it is called."""
    protected = protected_files(found, extra)
    keys = {k: p for p in protected if (k := _stat_key(p)) is not None}
    for out in map(Path, outputs):
        key = _stat_key(out)
        hit = keys.get(key) if key is not None else None
        if hit is not None:
            raise InputError(
                f"Không ghi kết quả vào {out}: đó là tệp đầu vào {hit} (hồ sơ hoặc tệp trong thư mục "
                "hồ sơ), tệp này không bao giờ bị ghi đè. Hãy chọn thư mục kết quả (-o) hoặc tên tệp "
                "khác.")
    for folder in map(Path, folders):
        root = folder.resolve()
        inside = next((p for p in protected if root in p.resolve().parents), None)
        if inside is not None:
            raise InputError(
                f"Không ghi văn bản vào thư mục {folder}: thư mục này được thay mới mỗi lần chạy mà "
                f"lại chứa tệp đầu vào {inside}. Hãy chọn thư mục kết quả (-o) khác.")


def input_lines(found: Discovered) -> list[str]:
    """One line each for files found but not read: our earlier outputs, OS junk, other files."""
    lines = []
    if found.outputs:
        names = [f"{p} ({describe_kind(kind)})" for p, kind in found.outputs]
        lines.append(f"Bỏ qua {len(names)} tệp do thidua_xl tạo ra ở lần chạy trước (không phải hồ sơ "
                     f"đơn vị): {_listed(names)}.")
    if found.junk:
        lines.append(f"Bỏ qua {len(found.junk)} tệp hệ thống hoặc tệp tạm: "
                     f"{_listed([str(p) for p in found.junk])}.")
    if found.other:
        lines.append(f"Không đọc {len(found.other)} tệp không phải bảng tính: "
                     f"{_listed([str(p) for p in found.other])}.")
    return lines


def _listed(names: Sequence[str], limit: int = 50) -> str:
    """Names joined, cut after `limit` with how many more (a folder of litter stays one line)."""
    shown = "; ".join(names[:limit])
    return shown + (f" và {len(names) - limit} tệp khác" if len(names) > limit else "")


def exit_two_lines(problems: Sequence[Finding], results: Iterable[FileResult]) -> list[str]:
    """Every input that makes a job end with exit code 2, named with its reason."""
    lines = [f.message for f in problems]
    for r in results:
        if not r.readable:
            reason = "; ".join(f.message for f in r.findings if f.severity is Severity.ERROR)
            lines.append(f"{r.path}: {reason or 'không đọc được.'}")
    if not lines:
        return []
    return [f"Mã thoát 2: {len(lines)} tệp hoặc đường dẫn không đọc được:", *(f"  - {x}" for x in lines)]


@dataclass
class Inputs:
    """What to consolidate: files to check, input problems, earlier outputs skipped, the register."""

    files: list[Path]
    missing: list[Finding]
    skipped: list[Path]
    dates: Mapping[str, date] | None
    register_findings: list[Finding]
    register_text: str
    found: Discovered = field(default_factory=Discovered)


def gather_inputs(campaign: Campaign, inputs: Sequence[Path], outputs: Sequence[Path],
                  received: Path | None, folders: Sequence[Path] = ()) -> Inputs:
    """Read the received register and pick the input files, for the CLI and the Office macros alike.

    Refuses (InputError) when an output or a replaced folder would overwrite an input file."""
    dates, extra, text = None, [], ""
    register = [Path(received)] if received is not None else []
    if received is not None:
        reg = read_register(Path(received), campaign)
        if not reg.readable:
            raise InputError("\n".join(f.message for f in reg.findings))
        dates, extra, text = reg.dates, list(reg.findings), describe(reg)
    found = discover(inputs, exclude=register)
    refuse_overwrite(found, outputs, register, folders)
    if not found.files:
        raise InputError("\n".join([*(f.message for f in found.problems),
                                     "Không có tệp Excel nào để tổng hợp (.xlsx, .xlsm, .xls, .ods)."
                                     + _not_read(found)]))
    return Inputs(found.files, found.problems, [p for p, _ in found.outputs], dates, extra, text,
                  found)


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
                  history: History | None = None) -> list[Path]:
    """tong_hop.xlsx, the JSON report and the documents of one consolidation; returns the documents.

    All are written aside first and put in place together, so a stop leaves the earlier run's
    outputs whole, never half of each; the documents folder is replaced as a whole."""
    from thidua_xl.outputs.documents.final_report import write_final_report
    from thidua_xl.outputs.documents.sources import write_documents_for
    from thidua_xl.outputs.folder import replaced_folder
    from thidua_xl.outputs.tonghop.report import write_report
    from thidua_xl.outputs.tonghop.workbook import write_tonghop

    stats = statistics(cons, history)
    with together():
        write_tonghop(cons, workbook, history=history, stats=stats)
        write_report(cons, report)
        with replaced_folder(docs_dir) as staging:
            docs = write_documents_for(cons, staging, replace=False)
            docs += write_final_report(cons, stats, history, staging)
    return [docs_dir / p.name for p in docs]


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
    docs_dir = outdir / DOCS_DIR
    if docs_dir.resolve() in report.resolve().parents:
        raise InputError(f"Không đặt báo cáo JSON {report} trong thư mục văn bản {docs_dir}: thư mục "
                         "này được thay mới mỗi lần chạy.")
    where = ledger_for(campaign, ledger, outdir)
    got = gather_inputs(campaign, inputs, [workbook, report], received, [docs_dir])
    cons = consolidate_inputs(campaign, got, progress=progress)
    history = add_history(cons, where)
    try:
        docs = write_outputs(cons, workbook, report, docs_dir, history)
    except OutputRefused as exc:
        raise InputError(str(exc)) from exc
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
