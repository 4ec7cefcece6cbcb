"""Many files at once: input trees walked so every file is accounted for, each workbook checked in an
isolated worker."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from thidua_xl.campaign import Campaign
from thidua_xl.check.file import FileResult, check_file
from thidua_xl.check.isolation import run_isolated
from thidua_xl.findings import Finding, finding
from thidua_xl.read.tree import SUPPORTED, Kind, classify, is_junk, unsupported_reason

_ODD_INPUT = {
    Kind.JUNK: "đây là tệp hệ thống hoặc tệp tạm (tệp khóa, tệp ẩn), không phải hồ sơ.",
    Kind.OTHER: f"không phải tệp bảng tính ({', '.join(SUPPORTED)}).",
}


@dataclass
class Discovered:
    """Every file under the inputs, sorted into what is read and what is not (and why)."""

    files: list[Path] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    outputs: list[tuple[Path, str]] = field(default_factory=list)
    junk: list[Path] = field(default_factory=list)
    other: list[Path] = field(default_factory=list)
    roots: dict[Path, Path] = field(default_factory=dict)

    def relative(self, path: Path) -> Path:
        """A file's path under the input folder it was found in (its name for a file given as is)."""
        root = self.roots.get(path)
        return path.relative_to(root) if root is not None else Path(path.name)


def _walk(folder: Path) -> Iterable[tuple[Path, bool]]:
    """Every file under a folder, sub-folders included, in a stable order; (path, inside litter).

    Hidden folders and __MACOSX hold only litter, so their files are junk. Linked folders are
    followed once each, so a link loop cannot trap the walk."""
    visited: set[str] = set()
    for top, dirs, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(top)
        if real in visited:
            dirs[:] = []
            continue
        visited.add(real)
        dirs.sort()
        litter = any(is_junk(part) for part in Path(top).relative_to(folder).parts)
        for name in sorted(names):
            yield Path(top) / name, litter


def _sort(found: Discovered, path: Path, kind: Kind, what: str, explicit: bool) -> None:
    """File one path under what discovery decided about it."""
    if kind is Kind.WORKBOOK:
        found.files.append(path)
    elif kind is Kind.OUTPUT:
        found.outputs.append((path, what))
    elif kind is Kind.UNSUPPORTED:
        found.problems.append(finding("unreadable-file", unsupported_reason(path), file=str(path)))
    elif explicit:
        found.problems.append(finding("unreadable-file", f"Không đọc tệp {path}: {_ODD_INPUT[kind]}",
                                      file=str(path)))
    elif kind is Kind.JUNK:
        found.junk.append(path)
    else:
        found.other.append(path)


def discover(paths: Sequence[Path], exclude: Iterable[Path] = ()) -> Discovered:
    """Walk files and folders (sub-folders too); each file lands in exactly one list, once.

    `exclude` names files that are inputs of another kind (the received register): not read."""
    found = Discovered()
    seen = {_key(p) for p in exclude}
    for given in map(Path, paths):
        entries: list[tuple[Path, bool, bool, Path | None]]
        if given.is_dir():
            entries = [(p, litter, False, given) for p, litter in _walk(given)]
        elif given.exists() or given.is_symlink():
            entries = [(given, False, True, None)]
        else:
            found.problems.append(finding("unreadable-file",
                                          f"Không tìm thấy tệp hoặc thư mục: {given}",
                                          file=str(given)))
            continue
        for path, litter, explicit, root in entries:
            key = _key(path)
            if key in seen:
                continue
            seen.add(key)
            kind, what = (Kind.JUNK, "") if litter else classify(path)
            if root is not None:
                found.roots[path] = root
            _sort(found, path, kind, what, explicit)
    return found


def _key(path: Path) -> Path:
    """Identity of a file for de-duplication (the same file reached twice is read once)."""
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def expand_inputs(paths: Sequence[Path]) -> tuple[list[Path], list[Finding]]:
    """Workbooks to check and problems with the inputs (missing, unreadable formats)."""
    found = discover(paths)
    return found.files, found.problems


def check_paths(paths: Sequence[Path], campaign: Campaign, *,
                received: Mapping[str, date] | None = None, progress: bool = False,
                isolate: bool = True,
                on_result: Callable[[FileResult], None] | None = None) -> list[FileResult]:
    """Check many files, each parser run fenced off so one hostile file cannot stop the batch."""
    files = [Path(p) for p in paths]
    if isolate:
        return run_isolated(files, campaign, received, progress=progress, on_result=on_result)
    results = [check_file(p, campaign, received) for p in files]
    for r in results:
        if on_result is not None:
            on_result(r)
    return results
