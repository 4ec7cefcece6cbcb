"""`thidua validate`: check unit files and report, with JSON and annotated copies on request."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from thidua_xl.campaign import Campaign
from thidua_xl.check import FileResult, check_paths, expand_inputs
from thidua_xl.findings import Finding, Severity
from thidua_xl.writers.report import FileSummary


def summaries(results: Sequence[FileResult], problems: Sequence[Finding] = ()) -> list[FileSummary]:
    """FileSummary per checked file (and per missing input) for the report writers."""
    out = [FileSummary(r.path, r.unit_name, r.rows_read, tuple(r.findings)) for r in results]
    out += [FileSummary(p.file, "", 0, (p,)) for p in problems]
    return out


def exit_code(results: Sequence[FileResult], problems: Sequence[Finding]) -> int:
    """0 clean, 1 errors found, 2 when an input could not be read at all."""
    if problems or any(not r.readable for r in results):
        return 2
    if any(f.severity is Severity.ERROR for r in results for f in r.findings):
        return 1
    return 0


def run_validate(campaign: Campaign, inputs: Sequence[Path], *, json_path: Path | None = None,
                 annotate_dir: Path | None = None, progress: bool = True) -> int:
    """Check, print the Vietnamese report, write JSON and marked copies; return the exit code."""
    from thidua_xl.writers.annotate import annotate_copy, annotated_target
    from thidua_xl.writers.report import render_text, report_dict, write_json

    files, problems = expand_inputs(inputs)
    if not files and not problems:
        print("Không có tệp Excel nào (.xlsx, .xlsm, .xls, .ods) trong đường dẫn đã cho.",
              file=sys.stderr)
        return 2
    results = check_paths(files, campaign, progress=progress and sys.stderr.isatty())
    files_report = summaries(results, problems)
    print(render_text(files_report, width=max(100, shutil.get_terminal_size((120, 24)).columns)))
    if json_path:
        write_json(json_path, report_dict(files_report))
        print(f"Đã ghi báo cáo JSON: {json_path}")
    if annotate_dir:
        for r in results:
            if r.readable and r.findings:
                target = annotate_copy(Path(r.path), r.findings,
                                       annotated_target(Path(r.path), Path(annotate_dir)))
                print(f"Đã ghi bản đánh dấu: {target}")
    return exit_code(results, problems)
