"""Many checked unit files → one table: resubmissions resolved, then cross-unit rules, quotas and ranking."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from thidua_xl.campaign import Campaign
from thidua_xl.consolidate.cross import run_cross_rules
from thidua_xl.consolidate.entries import STATUS_REPLACED, Change, Consolidation, Entry, file_name, shorten
from thidua_xl.consolidate.quota import apply_quotas
from thidua_xl.findings import Finding, Severity, finding

if TYPE_CHECKING:
    from thidua_xl.check.file import FileResult

_DIFF_FIELDS = (
    ("subject", "Đối tượng"), ("gender", "Giới tính"), ("birth_year", "Năm sinh"),
    ("position", "Chức vụ"), ("work_unit", "Đơn vị công tác"), ("award", "Hình thức khen thưởng"),
    ("met", "Tiêu chuẩn"), ("votes", "Số phiếu đồng ý"), ("members_total", "Tổng số thành viên"),
    ("summary", "Tóm tắt thành tích"), ("note", "Ghi chú"),
)


def _order_key(fr: FileResult) -> tuple[date, float, str, str]:
    """Which of a unit's files is later: letter date, then the time the workbook says it was saved
    (its own document properties, never the date a copy or download gave the file); the name
    only keeps the order stable when neither tells."""
    return (fr.letter_date or date.min, fr.submission.modified, file_name(fr.path), fr.path)


BASIS_LETTER = "Ngày tờ trình muộn hơn"
BASIS_SAVED = "thời gian lưu ghi trong tệp muộn hơn"


def _basis(old: FileResult, new: FileResult) -> str:
    """What decided that `new` is the later file; "" when nothing did (same letter date and no
    comparable saved times)."""
    if (old.letter_date or date.min) != (new.letter_date or date.min):
        return BASIS_LETTER
    saved = (old.submission.modified, new.submission.modified)
    if all(saved) and saved[0] != saved[1]:
        return BASIS_SAVED
    return ""


def _diff(old: FileResult, new: FileResult) -> Change:
    """Rows added, removed and modified between two files of a unit, matched by nominee key."""
    before = {n.key: n for n in reversed(old.nominees) if n.name}
    after = {n.key: n for n in reversed(new.nominees) if n.name}
    modified = []
    for key in sorted(before.keys() & after.keys()):
        changed = tuple(label for attr, label in _DIFF_FIELDS
                        if getattr(before[key], attr) != getattr(after[key], attr))
        if changed:
            modified.append((after[key].name, changed))
    return Change(
        replaced=old.path, by=new.path, unit_code=new.unit_code, unit_name=new.unit_name,
        rows=len(old.nominees),
        added=tuple(sorted(after[k].name for k in after.keys() - before.keys())),
        removed=tuple(sorted(before[k].name for k in before.keys() - after.keys())),
        modified=tuple(sorted(modified)), basis=_basis(old, new))


def resubmission_finding(change: Change) -> Finding:
    """The info finding that tells the Office a unit's earlier file no longer counts."""
    parts = [f"thêm {len(change.added)}", f"bớt {len(change.removed)}",
             f"sửa {len(change.modified)}"]
    details = [f"{label}: {shorten(names)}" for label, names in (
        ("thêm", list(change.added)), ("bớt", list(change.removed)),
        ("sửa", [f"{n} ({', '.join(fields)})" for n, fields in change.modified])) if names]
    tail = f" ({'; '.join(details)})" if details else " (nội dung không đổi)"
    unit = change.unit_name or change.unit_code
    if not change.basis:
        return finding("resubmission",
                       f"{unit} có hai tệp cùng Ngày tờ trình mà không xác định được tệp nào gửi "
                       f"sau (tệp không ghi thời gian lưu, hoặc hai thời gian bằng nhau): tạm dùng tệp "
                       f"{file_name(change.by)} thay cho tệp {file_name(change.replaced)}. Hãy bỏ "
                       f"tệp cũ khỏi thư mục hồ sơ. So với tệp kia: {', '.join(parts)} dòng{tail}.",
                       Severity.WARNING, file=change.by)
    return finding("resubmission",
                   f"{unit} gửi lại hồ sơ: tệp {file_name(change.by)} thay cho tệp "
                   f"{file_name(change.replaced)} ({change.basis}); so với tệp cũ: "
                   f"{', '.join(parts)} dòng{tail}.", file=change.by)


def pick_current(results: Sequence[FileResult]
                 ) -> tuple[list[FileResult], list[tuple[FileResult, Change]]]:
    """Keep each unit's latest readable file; list the earlier ones with what changed."""
    by_unit: dict[str, list[FileResult]] = defaultdict(list)
    for fr in results:
        if fr.readable and fr.unit_code:
            by_unit[fr.unit_code].append(fr)
    replaced: list[tuple[FileResult, Change]] = []
    for files in by_unit.values():
        ordered = sorted(files, key=_order_key)
        replaced += [(old, _diff(old, ordered[-1])) for old in ordered[:-1]]
    gone = {id(fr) for fr, _ in replaced}
    current = [fr for fr in results if id(fr) not in gone]
    return current, sorted(replaced, key=lambda p: (p[1].unit_code, _order_key(p[0])))


SHARED_FIELDS = ("file", "sheet", "unit_code", "unit_name", "subject", "gender", "birth_year",
                 "position", "work_unit", "award", "met", "members_total", "note", "letter_date")


def share_values(results: Iterable[FileResult], pool: dict[object, object]) -> None:
    """Make equal repeated values one object (units, positions, criteria sets) to bound memory."""
    for fr in results:
        for n in fr.nominees:
            for attr in SHARED_FIELDS:
                value = getattr(n, attr)
                setattr(n, attr, pool.setdefault((type(value), value), value))


def _entries(fr: FileResult) -> list[Entry]:
    """Entries of one file; file-level errors (late, dossier, info sheet) block every row."""
    on_rows = {f for n in fr.nominees for f in n.findings}
    file_errors = [f for f in fr.findings if f not in on_rows and f.severity is Severity.ERROR]
    extra = tuple(file_errors)
    return [Entry(n, (*n.findings, *extra)) for n in fr.nominees]


def consolidate(results: Sequence[FileResult], campaign: Campaign,
                extra_findings: Iterable[Finding] = ()) -> Consolidation:
    """The whole consolidation: current files, cross-unit findings, quotas, ranking, statuses."""
    current, replaced = pick_current(results)
    changes = [c for _, c in replaced]
    entries = [e for fr in current for e in _entries(fr)]
    by = {id(fr): c.by for fr, c in replaced}
    replaced_entries = [Entry(n, tuple(n.findings), STATUS_REPLACED,
                              note=f"Tệp đã được thay bằng tệp {file_name(by[id(fr)])}.")
                        for fr in results if id(fr) in by for n in fr.nominees]
    cross = run_cross_rules(entries, campaign)
    quota_rows, quota_findings = apply_quotas(entries, campaign)
    findings = [f for fr in current for f in fr.findings]
    findings += [*extra_findings, *map(resubmission_finding, changes), *cross, *quota_findings]
    return Consolidation(campaign, list(results), current, changes, entries, replaced_entries,
                         quota_rows, sort_findings(findings))


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Distinct findings in one total, reproducible order."""
    return sorted(set(findings), key=lambda f: (*f.sort_key, f.severity.value, f.cell, f.value))

