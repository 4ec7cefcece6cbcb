"""Many checked unit files → one table: resubmissions resolved, cross-unit rules, quotas and ranking."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from thidua_xl.campaign import Campaign
from thidua_xl.findings import Finding, Severity, display_value, finding, registrar, worst
from thidua_xl.read import contract
from thidua_xl.read.model import Nominee
from thidua_xl.read.normalise import addressed

if TYPE_CHECKING:
    from thidua_xl.check.file import FileResult
    from thidua_xl.consolidate.quota import QuotaRow

STATUS_WITHIN = "Trong chỉ tiêu"
STATUS_OVER = "Vượt chỉ tiêu"
STATUS_INVALID = "Chưa hợp lệ"
STATUS_REPLACED = "Đã thay thế"
QUOTA_CODES = frozenset({"quota-exceeded", "unit-quota-exceeded"})
NAMES_SHOWN = 8
_DIFF_FIELDS = (
    ("subject", "Đối tượng"), ("gender", "Giới tính"), ("birth_year", "Năm sinh"),
    ("position", "Chức vụ"), ("work_unit", "Đơn vị công tác"), ("award", "Hình thức khen thưởng"),
    ("met", "Tiêu chuẩn"), ("votes", "Số phiếu đồng ý"), ("members_total", "Tổng số thành viên"),
    ("summary", "Tóm tắt thành tích"), ("note", "Ghi chú"),
)


@dataclass(slots=True)
class Entry:
    """One nominee in the consolidated table, with every finding that concerns it and its verdict."""

    nominee: Nominee
    findings: tuple[Finding, ...]
    status: str = ""
    rank: int | None = None
    group_size: int = 0
    caps: tuple[Any, ...] = ()
    refused: tuple[Any, ...] = ()
    note: str = ""

    @property
    def blocking(self) -> list[Finding]:
        """Errors that keep the nominee off the list; quota findings are judged by the ranking."""
        return [f for f in self.findings
                if f.severity is Severity.ERROR and f.code not in QUOTA_CODES]

    @property
    def worst(self) -> Severity | None:
        """The most serious severity among its findings, for row colouring."""
        return worst(f.severity for f in self.findings) if self.findings else None

    @property
    def reasons(self) -> list[str]:
        """The verdict in words, rendered on demand so 300,000 rows hold no long texts."""
        from thidua_xl.consolidate.quota import explain

        return [self.note] if self.note else explain(self)


@dataclass(frozen=True, slots=True)
class Change:
    """A file replaced by a later file of the same unit, and what the later file changed."""

    replaced: str
    by: str
    unit_code: str
    unit_name: str
    rows: int
    added: tuple[str, ...]
    removed: tuple[str, ...]
    modified: tuple[tuple[str, tuple[str, ...]], ...]
    basis: str = ""


@dataclass(slots=True)
class Consolidation:
    """The Office's consolidated view of a campaign; rows_read = rows_consolidated + rows_rejected."""

    campaign: Campaign
    files: list[FileResult]
    current: list[FileResult]
    changes: list[Change]
    entries: list[Entry]
    replaced_entries: list[Entry]
    quota: list[QuotaRow]
    findings: list[Finding]
    _ranked: list[Entry] | None = None

    def in_file_order(self) -> Iterator[Entry]:
        """Every entry, current and replaced, in input file order and sheet row order."""
        current, replaced = iter(self.entries), iter(self.replaced_entries)
        now = {id(fr) for fr in self.current}
        for fr in self.files:
            source = current if id(fr) in now else replaced
            for _ in fr.nominees:
                yield next(source)

    @property
    def rows_read(self) -> int:
        """Data rows read from every file, replaced ones included."""
        return sum(len(fr.nominees) for fr in self.files)

    @property
    def rows_consolidated(self) -> int:
        """Rows of current files without blocking errors: the candidates ranked against the caps."""
        return sum(e.status in (STATUS_WITHIN, STATUS_OVER) for e in self.entries)

    @property
    def rows_invalid(self) -> int:
        """Rows of current files with errors ("Chưa hợp lệ")."""
        return sum(e.status == STATUS_INVALID for e in self.entries)

    @property
    def rows_replaced(self) -> int:
        """Rows of files replaced by a later file of the same unit."""
        return len(self.replaced_entries)

    @property
    def rows_rejected(self) -> int:
        """Rows not consolidated: invalid rows plus rows of replaced files."""
        return self.rows_invalid + self.rows_replaced

    @property
    def errors(self) -> int:
        """Error findings that still stand (replaced files excluded)."""
        return sum(f.severity is Severity.ERROR for f in self.findings)

    def by_award(self) -> list[tuple[str, list[Entry], list[Entry]]]:
        """Per award form (campaign order): entries within the caps, then those over them."""
        ranked = self.ranked()
        return [(a.code, [e for e in ranked if e.nominee.award == a.code and e.status == STATUS_WITHIN],
                 [e for e in ranked if e.nominee.award == a.code and e.status == STATUS_OVER])
                for a in self.campaign.awards]

    def ranked(self) -> list[Entry]:
        """Current entries in list order: award, subject, status, rank, then provenance."""
        if self._ranked is None:
            self._ranked = self._rank_order()
        return list(self._ranked)

    def _rank_order(self) -> list[Entry]:
        """The sort behind ranked(), done once."""
        awards = {a.code: i for i, a in enumerate(self.campaign.awards)}
        subjects = {s.code: i for i, s in enumerate(self.campaign.subjects)}
        status = {STATUS_WITHIN: 0, STATUS_OVER: 1, STATUS_INVALID: 2}
        return sorted(self.entries, key=lambda e: (
            awards.get(e.nominee.award, len(awards)), subjects.get(e.nominee.subject, len(subjects)),
            status.get(e.status, 3), e.rank or 0, e.nominee.file, e.nominee.row))


def file_name(path: str) -> str:
    """The last part of a path, for messages (Windows and POSIX separators alike)."""
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def who(n: Nominee) -> str:
    """How a message names a nominee: "Bà Nguyễn Thị Hoa (sinh 1985)" or a collective's name."""
    person = not n.key.startswith("t|")
    base = addressed(n.name, n.gender, person, n.row)
    return f"{base} (sinh {n.birth_year})" if n.birth_year and person else base


def where(n: Nominee) -> str:
    """Provenance of a nominee for messages: unit, file and row."""
    unit = f"{n.unit_name}, " if n.unit_name else ""
    return f"{unit}tệp {file_name(n.file)} dòng {n.row}"


def shorten(names: Sequence[str], sep: str = ", ", limit: int = NAMES_SHOWN) -> str:
    """A list of names, cut with "và N trường hợp khác" so messages stay readable."""
    shown = sep.join(names[:limit])
    return shown + (f" và {len(names) - limit} trường hợp khác" if len(names) > limit else "")


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
    head = (f"{unit} gửi lại hồ sơ: tệp {file_name(change.by)} thay cho tệp "
            f"{file_name(change.replaced)}")
    if not change.basis:
        return finding("resubmission",
                       f"{unit} có hai tệp cùng Ngày tờ trình mà không xác định được tệp nào gửi "
                       f"sau (tệp không ghi thời gian lưu, hoặc hai thời gian bằng nhau): tạm dùng tệp "
                       f"{file_name(change.by)} thay cho tệp {file_name(change.replaced)}. Hãy bỏ "
                       f"tệp cũ khỏi thư mục hồ sơ. So với tệp kia: {', '.join(parts)} dòng{tail}.",
                       Severity.WARNING, file=change.by)
    return finding("resubmission", f"{head} ({change.basis}); so với tệp cũ: {', '.join(parts)} "
                   f"dòng{tail}.", file=change.by)


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


CrossRule = Callable[[list[Entry], Campaign], Iterable[tuple[Entry, Finding]]]
CROSS_RULES: dict[str, CrossRule] = {}


cross_rule = registrar(CROSS_RULES)
"""Register a rule over all units under a known finding code."""


def _cross_file_groups(entries: list[Entry]) -> list[list[Entry]]:
    """Entries sharing a nominee key across at least two files (in-file twins are check.py's)."""
    first: dict[str, Entry] = {}
    groups: dict[str, list[Entry]] = {}
    for e in entries:
        if not e.nominee.name:
            continue
        seen = first.setdefault(e.nominee.key, e)
        if seen is not e:
            groups.setdefault(e.nominee.key, [seen]).append(e)
    return [g for _, g in sorted(groups.items()) if len({e.nominee.file for e in g}) > 1]


def name_column(campaign: Campaign) -> str:
    """Column letter of the name field in the standard list sheet."""
    keys = [f.key for f in contract.list_columns(campaign)]
    return contract.column_letter(keys.index("name"))


def _at(n: Nominee, campaign: Campaign, message: str) -> Finding:
    """A duplicate-nominee finding on the name cell of a nominee's row (standard column)."""
    col = name_column(campaign)
    return finding("duplicate-nominee", message, file=n.file, sheet=n.sheet, row=n.row,
                   column=col, cell=f"{col}{n.row}", value=display_value(n.name))


@cross_rule("duplicate-nominee")
def duplicate_across_units(entries: list[Entry], campaign: Campaign
                           ) -> Iterable[tuple[Entry, Finding]]:
    """The same person or collective proposed by two files for the same award form."""
    for group in _cross_file_groups(entries):
        if len({e.nominee.award for e in group}) > 1:
            continue
        for e in group:
            others = [where(o.nominee) for o in group if o is not e]
            yield e, _at(e.nominee, campaign,
                         f"{who(e.nominee)} cũng được đề nghị ở {shorten(others, '; ')} "
                         "(đề nghị trùng giữa các đơn vị).")


@cross_rule("duplicate-nominee")
def two_award_forms(entries: list[Entry], campaign: Campaign) -> Iterable[tuple[Entry, Finding]]:
    """The same person or collective proposed for two different award forms."""
    names = {a.code: a.name for a in campaign.awards}
    for group in _cross_file_groups(entries):
        if len({e.nominee.award for e in group}) < 2:
            continue
        for e in group:
            others = [f"{names.get(o.nominee.award, o.nominee.award or '?')} ({where(o.nominee)})"
                      for o in group if o is not e]
            yield e, _at(e.nominee, campaign,
                         f"{who(e.nominee)} được đề nghị "
                         f"{names.get(e.nominee.award, e.nominee.award or '?')}, đồng thời "
                         f"{shorten(others, '; ')}: mỗi trường hợp chỉ đề nghị một hình thức.")


def run_cross_rules(entries: list[Entry], campaign: Campaign) -> list[Finding]:
    """Every cross-unit rule; each finding is also attached to its entry."""
    found: list[Finding] = []
    for rule in CROSS_RULES.values():
        for entry, f in rule(entries, campaign):
            entry.findings = (*entry.findings, f)
            found.append(f)
    return found


def consolidate(results: Sequence[FileResult], campaign: Campaign,
                extra_findings: Iterable[Finding] = ()) -> Consolidation:
    """The whole consolidation: current files, cross-unit findings, quotas, ranking, statuses."""
    from thidua_xl.consolidate.quota import apply_quotas

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

