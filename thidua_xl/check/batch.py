"""Many files at once: inputs expanded to workbooks, each checked in an isolated worker."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path

from thidua_xl.campaign import Campaign
from thidua_xl.check.file import FileResult, check_file
from thidua_xl.check.isolation import run_isolated
from thidua_xl.findings import Finding, finding
from thidua_xl.read.reader import SUPPORTED


def expand_inputs(paths: Sequence[Path]) -> tuple[list[Path], list[Finding]]:
    """Files to check: folders expanded to their workbooks (sorted), lock files skipped."""
    files: list[Path] = []
    problems: list[Finding] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.iterdir() if f.is_file()
                                and f.suffix.lower() in SUPPORTED and not f.name.startswith("~$")))
        elif p.is_file():
            files.append(p)
        else:
            problems.append(finding("unreadable-file", f"Không tìm thấy tệp hoặc thư mục: {p}",
                                    file=str(p)))
    return files, problems


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
