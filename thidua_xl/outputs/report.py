"""Validation results for people and programs: an aligned Vietnamese terminal table and JSON."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePath

from thidua_xl.check.file import FileResult
from thidua_xl.findings import Finding, Severity, count_by_severity
from thidua_xl.outputs.files import atomic_write_text
from thidua_xl.outputs.stamp import generator
from thidua_xl.text.vietnamese import nfc

SEP = "  "
MIN_FLEX = 20
MIN_FIXED = 8
FILE_CAP = 20
WHERE_CAP = 26


@dataclass(frozen=True)
class FileSummary:
    """What one unit file gave: its unit, how many nominee rows, and the findings on it."""

    path: str
    unit: str
    rows: int
    findings: tuple[Finding, ...]


def summaries(results: Sequence[FileResult], problems: Sequence[Finding] = ()) -> list[FileSummary]:
    """FileSummary per checked file (and per missing input) for the report writers."""
    out = [FileSummary(r.path, r.unit_name, r.rows_read, tuple(r.findings)) for r in results]
    out += [FileSummary(p.file, "", 0, (p,)) for p in problems]
    return out


@dataclass(frozen=True)
class Column:
    """A table column: header, widest it may grow, whether it takes the room left, alignment."""

    header: str
    cap: int | None = None
    right: bool = False
    flex: bool = False


def char_width(ch: str) -> int:
    """Terminal cells one character takes: 0 for combining marks, 2 for wide East Asian forms."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    """Terminal cells a string takes, so Vietnamese text with marks stays aligned."""
    return sum(char_width(ch) for ch in text)


def _break_word(word: str, width: int) -> list[str]:
    """Split a word longer than the column at character boundaries, never inside a mark."""
    pieces, current, used = [], "", 0
    for ch in word:
        w = char_width(ch)
        if used + w > width and current:
            pieces.append(current)
            current, used = "", 0
        current += ch
        used += w
    return [*pieces, current] if current else pieces


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap by display width; explicit line breaks are kept."""
    lines: list[str] = []
    for paragraph in nfc(text).splitlines() or [""]:
        current = ""
        for word in paragraph.split():
            for piece in _break_word(word, width):
                candidate = f"{current} {piece}" if current else piece
                if text_width(candidate) <= width:
                    current = candidate
                else:
                    lines.append(current)
                    current = piece
        lines.append(current)
    return lines


def _pad(text: str, width: int, right: bool) -> str:
    """Pad to a display width on the side that aligns the column."""
    gap = " " * max(width - text_width(text), 0)
    return gap + text if right else text + gap


def _widths(columns: Sequence[Column], rows: Sequence[Sequence[str]], total: int) -> list[int]:
    """Column widths: natural size up to each cap, narrowed to fit; flexible ones share the rest."""
    natural = [
        max([text_width(c.header)] + [text_width(nfc(r[i])) for r in rows])
        for i, c in enumerate(columns)
    ]
    widths = [min(n, c.cap) if c.cap else n for n, c in zip(natural, columns, strict=True)]
    flex = [i for i, c in enumerate(columns) if c.flex]
    seps = len(SEP) * (len(columns) - 1)
    floors = [max(text_width(c.header), MIN_FIXED) for c in columns]
    while flex and sum(widths) - sum(widths[i] for i in flex) + seps + MIN_FLEX * len(flex) > total:
        shrinkable = [i for i in range(len(columns)) if i not in flex and widths[i] > floors[i]]
        if not shrinkable:
            break
        widths[max(shrinkable, key=lambda i: widths[i])] -= 1
    if flex:
        fixed = sum(w for i, w in enumerate(widths) if i not in flex)
        room = (total - fixed - seps) // len(flex)
        for i in flex:
            widths[i] = max(min(natural[i], room), MIN_FLEX, text_width(columns[i].header))
    return widths


def render_table(columns: Sequence[Column], rows: Sequence[Sequence[str]], total: int) -> list[str]:
    """An aligned plain-text table with a ruled header; long cells wrap inside their column."""
    widths = _widths(columns, rows, total)
    header = SEP.join(_pad(c.header, w, c.right) for c, w in zip(columns, widths, strict=True))
    out = [header.rstrip(), SEP.join("-" * w for w in widths)]
    for row in rows:
        cells = [wrap(text, w) for text, w in zip(row, widths, strict=True)]
        for k in range(max(len(c) for c in cells)):
            parts = [
                _pad(c[k] if k < len(c) else "", w, col.right)
                for c, w, col in zip(cells, widths, columns, strict=True)
            ]
            out.append(SEP.join(parts).rstrip())
    return out


def display_names(paths: Sequence[str]) -> dict[str, str]:
    """Short names for files: the file name, or the whole path where two names collide."""
    names = Counter(PurePath(p).name for p in paths)
    return {p: PurePath(p).name if names[PurePath(p).name] == 1 else p for p in paths}


def where(f: Finding) -> str:
    """Where a finding points, in the way Excel users write it."""
    if f.cell:
        return f"{f.sheet}!{f.cell}" if f.sheet else f.cell
    if f.row:
        return f"{f.sheet}, dòng {f.row}" if f.sheet else f"dòng {f.row}"
    return f.sheet or "(cả tệp)"


def _counts(findings: Sequence[Finding]) -> tuple[int, int, int]:
    """Errors, warnings, infos."""
    c = count_by_severity(findings)
    return c[Severity.ERROR], c[Severity.WARNING], c[Severity.INFO]


def summary_line(files: Sequence[FileSummary]) -> str:
    """The closing count, e.g. "3 tệp, 87 dòng, 5 lỗi, 2 cảnh báo"."""
    errors, warnings, infos = _counts([f for s in files for f in s.findings])
    rows = sum(s.rows for s in files)
    line = f"{len(files)} tệp, {rows} dòng, {errors} lỗi, {warnings} cảnh báo"
    return f"{line}, {infos} thông tin" if infos else line


def _file_table(files: Sequence[FileSummary], names: Mapping[str, str], width: int) -> list[str]:
    """One line per file: unit, rows, errors, warnings (and infos when there are any)."""
    with_info = any(_counts(s.findings)[2] for s in files)
    columns = [Column("Tệp", FILE_CAP), Column("Đơn vị", flex=True), Column("Số dòng", right=True),
               Column("Lỗi", right=True), Column("Cảnh báo", right=True)]
    if with_info:
        columns.append(Column("Thông tin", right=True))
    rows = []
    for s in files:
        counts = [str(n) for n in _counts(s.findings)][: 3 if with_info else 2]
        rows.append([names[s.path], s.unit or "(chưa rõ)", str(s.rows), *counts])
    return render_table(columns, rows, width)


def _finding_table(files: Sequence[FileSummary], names: Mapping[str, str], width: int) -> list[str]:
    """Every finding in stable order as Tệp, Ô, Mã, Mức, Nội dung; a file is named once."""
    columns = [Column("Tệp", FILE_CAP), Column("Ô", WHERE_CAP), Column("Mã", 20),
               Column("Mức", 10), Column("Nội dung", flex=True)]
    rows = [
        [names[s.path] if k == 0 else "", where(f), f.code, f.severity.label, f.message]
        for s in files
        for k, f in enumerate(sorted(s.findings, key=lambda f: f.sort_key))
    ]
    return render_table(columns, rows, width)


def render_text(files: Sequence[FileSummary], *, width: int = 100) -> str:
    """The terminal report: a line per file, the findings table, then the totals."""
    if not files:
        return "\n".join(["Không có tệp nào để kiểm tra.", summary_line(files)])
    names = display_names([s.path for s in files])
    lines = _file_table(files, names, width)
    lines.append("")
    if any(s.findings for s in files):
        lines.extend(_finding_table(files, names, width))
    else:
        lines.append("Không có lỗi hay cảnh báo nào.")
    lines.extend(["", summary_line(files)])
    return "\n".join(lines)


def report_dict(files: Sequence[FileSummary]) -> dict[str, object]:
    """The JSON report: per file its findings in stable order, then totals by severity and code."""
    all_findings = [f for s in files for f in s.findings]
    errors, warnings, infos = _counts(all_findings)
    entries = []
    for s in files:
        e, w, i = _counts(s.findings)
        entries.append({
            "path": s.path, "unit": s.unit, "rows": s.rows,
            "errors": e, "warnings": w, "infos": i,
            "findings": [f.to_dict() for f in sorted(s.findings, key=lambda f: f.sort_key)],
        })
    by_code = Counter(f.code for f in all_findings)
    summary = {
        "files": len(files), "rows": sum(s.rows for s in files),
        "errors": errors, "warnings": warnings, "infos": infos,
        "by_code": {code: by_code[code] for code in sorted(by_code)},
    }
    return {"generator": generator("bao_cao"), "files": entries, "summary": summary}


def _jsonable(value: object) -> object:
    """Dates as ISO text and paths as text; anything else unknown is a programming error."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def write_json(path: Path, data: Mapping[str, object], *, sort_keys: bool = False) -> Path:
    """UTF-8 JSON, readable Vietnamese, written atomically; key order kept as built unless asked."""
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=sort_keys, default=_jsonable)
    return atomic_write_text(Path(path), text + "\n")
