"""Peak memory of `thidua consolidate` on one big unit workbook, documents included.

    python benchmarks/bench_memory.py                       # 12,500, 25,000 and 50,000 rows
    python benchmarks/bench_memory.py --rows 50000          # one size

Each size is one real unit workbook (the template writer, one unit, every row a valid individual,
so almost all of them are over the quotas and the documents list thousands of over-quota rows).
The real command runs as a child process; while it runs, the resident memory of every process
in its session (the main process and its workers) is summed every 20 ms from /proc, so the peak
is of all processes together. The main process's and the largest worker's own peaks
(getrusage) are reported too.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_consolidate import _person  # noqa: E402
from thidua_xl.read import contract  # noqa: E402

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def write_big(path: Path, rows: int) -> Path:
    """One unit workbook laid out as the template (unit info, nominee list, stamp sheet) with
    `rows` individuals; written with XlsxWriter directly, since the template stops at 500 rows."""
    import xlsxwriter

    from thidua_xl.campaign import load_campaign

    campaign = load_campaign()
    unit = campaign.units[0]
    one = replace(campaign, units=(unit,))
    info = {"unit": unit.name, "letter_no": "1/TTr", "letter_date": "20/05/2021",
            "meeting_date": "18/05/2021", "members_total": 20, "members_present": 20,
            "preparer": "Người lập", "phone": "0209 3870 000"}
    info.update({contract.dossier_key(d.code): contract.YES for d in campaign.dossier})
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet(contract.SHEET_INFO)
    for r, f in enumerate(contract.info_fields(campaign)):
        sheet.write_row(r, 0, [f.label, info.get(f.key)])
    sheet = book.add_worksheet(contract.SHEET_LIST)
    fields = contract.list_columns(campaign)
    sheet.write_row(0, 0, [f.label for f in fields])
    for i in range(rows):
        person = _person(one, 0, i, rows)
        sheet.write_row(i + 1, 0, [person.get(f.key) for f in fields])
    sheet = book.add_worksheet(contract.SHEET_STAMP)
    sheet.write_row(0, 0, ["campaign_id", campaign.id])
    sheet.write_row(1, 0, ["template_version", campaign.template_version])
    book.close()
    return path


def _session_rss_kb(sid: int) -> int:
    """Resident memory of every live process in a session, in KB."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[3]) != sid:
                continue
            total += int(Path(f"/proc/{entry}/statm").read_text().split()[1]) * PAGE_KB
        except (OSError, ValueError, IndexError):
            continue
    return total


def measure(workbook: Path, out: Path) -> dict[str, float]:
    """Run `thidua consolidate` on one workbook; wall time, peak summed RSS, per-process peaks."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "thidua_xl.cli", "consolidate", str(workbook),
                             "-o", str(out), "--no-progress"], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _session_rss_kb(proc.pid))
        time.sleep(0.02)
    err = proc.stderr.read() if proc.stderr else ""
    wall = time.monotonic() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"thidua consolidate failed ({proc.returncode}): {err}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    docs = sorted((out / "van_ban").iterdir())
    return {"seconds": wall, "peak_all_mb": peak / 1024,
            "largest_process_mb": max(before, after) / 1024,
            "docs": len(docs), "docs_mb": sum(p.stat().st_size for p in docs) / 1_048_576}


def main(argv: list[str] | None = None) -> int:
    """Generate (or reuse) each size, measure, print one line per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[12_500, 25_000, 50_000])
    parser.add_argument("--data", type=Path, default=Path("/tmp/thidua_bench_memory"))
    args = parser.parse_args(argv)
    args.data.mkdir(parents=True, exist_ok=True)
    print("dòng      giây  đỉnh RSS mọi tiến trình (MB)  tiến trình lớn nhất (MB)  văn bản (tệp, MB)")
    for rows in args.rows:
        book = args.data / f"don_vi_{rows}.xlsx"
        if not book.exists():
            write_big(book, rows)
        got = measure(book, args.data / f"ket_qua_{rows}")
        print(f"{rows:>6} {got['seconds']:>8.1f} {got['peak_all_mb']:>18.0f} "
              f"{got['largest_process_mb']:>26.0f} {got['docs']:>12} {got['docs_mb']:>6.1f}",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
