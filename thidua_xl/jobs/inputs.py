"""Which files a job reads and which it must never write: every file of the input trees
accounted for, outputs refused when they would replace an input, the lines that say so."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from thidua_xl.campaign import Campaign
from thidua_xl.check.batch import Discovered, check_paths, discover
from thidua_xl.check.file import FileResult
from thidua_xl.findings import Exit, Finding, Severity
from thidua_xl.read.produced import describe_kind
from thidua_xl.read.received import describe, read_register

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


def write_validation(checked: Checked, json_path: Path | None, marked: bool) -> list[str]:
    """`thidua validate`'s outputs, put in place together: the JSON report and a marked copy of
    each file with findings; returns what was written, in words."""
    from thidua_xl.outputs.annotate import annotate_copy
    from thidua_xl.outputs.report import report_dict, summaries, write_json
    from thidua_xl.outputs.targets import together

    written: list[str] = []
    with together():
        if json_path is not None:
            write_json(json_path, report_dict(summaries(checked.results, checked.problems)))
            written.append(f"Đã ghi báo cáo JSON: {json_path}")
        for r in checked.results if marked else ():
            if r.readable and r.findings:
                target = annotate_copy(Path(r.path), r.findings, checked.marked[Path(r.path)])
                written.append(f"Đã ghi bản đánh dấu: {target}")
    return written


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


def _files_under(folder: Path) -> Iterator[Path]:
    """Every file a folder holds, sub-folders included (nothing when it does not exist yet)."""
    for top, _dirs, names in os.walk(folder):
        for name in names:
            yield Path(top) / name


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
        held = {k for f in _files_under(folder) if (k := _stat_key(f)) is not None}
        inside = next((p for k, p in keys.items() if k in held), None)
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
