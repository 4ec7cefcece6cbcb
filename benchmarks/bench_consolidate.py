"""Consolidation speed and memory against a naive pandas pipeline and a read+write floor.

    python benchmarks/bench_consolidate.py                    # 200 files × 30 nominees, timings
    python benchmarks/bench_consolidate.py --files 10000      # peak memory on a large batch
    python benchmarks/bench_consolidate.py --profile          # where "ours" spends its time

Generated unit files are real template workbooks (thidua_xl.outputs.template.workbook), one unit each,
written in parallel into --data (a temporary folder by default; reused when it already holds
the same set). The three pipelines read the same files:
  naive  pandas.read_excel (openpyxl) of each list sheet, concat, to_excel;
  floor  python-calamine read of the same sheets + XlsxWriter write of their non-empty values
         (normal mode, which is the faster; constant_memory above 2,000 files);
  ours   check_all (check_paths in chunks: every rule, worker processes) + consolidate
       + tong_hop.xlsx + bao_cao.json, exactly what `thidua consolidate` runs.
Documents (docx/html) are timed separately. "ours" runs in a child process so its peak RSS
(main process and the largest worker) is measured alone.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from thidua_xl.campaign import Campaign, Unit, load_campaign
from thidua_xl.read import contract

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Nông", "Hà", "Triệu", "Lường")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thu", "Hồng", "Quốc", "Thanh", "Ngọc", "Xuân", "Hữu",
          "Kim", "Gia", "Bảo", "Trọng", "Phương", "Mạnh", "Diệu", "Tuấn", "Hải")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Đông", "Giang", "Hà", "Hải", "Hằng", "Hiếu", "Hoa",
         "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Ngọc",
         "Nhung", "Phong", "Phương", "Quang", "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Trung",
         "Tú", "Tuấn", "Vân", "Việt", "Xuân", "Yến", "Chiến", "Diệp")
SUMMARY = ("Tham mưu xây dựng kế hoạch, trực tiếp bảo đảm hạ tầng thông tin phục vụ bầu cử; "
           "hoàn thành xuất sắc nhiệm vụ được giao, không để xảy ra sự cố mất an toàn thông tin.")


def bench_campaign(files: int) -> Campaign:
    """The built-in campaign with one unit per generated file."""
    base = load_campaign()
    units = tuple(Unit(f"DV{i:05d}", f"Đơn vị thử nghiệm số {i}", 20) for i in range(files))
    return replace(base, units=units)


def _person(campaign: Campaign, n: int, i: int, per_file: int) -> dict[str, object]:
    """The i-th nominee of the n-th file: a unique name and birth year (up to 640,000 rows)."""
    k = n * per_file + i
    name = f"{FAMILY[k % 20]} {MIDDLE[(k // 20) % 20]} {GIVEN[(k // 400) % 40]}"
    row: dict[str, object] = {
        "stt": i + 1, "subject": "Cá nhân", "name": name, "gender": "Nữ" if k % 3 else "Nam",
        "birth_year": 1960 + (k // 16000) % 40, "position": "Chuyên viên",
        "unit": campaign.units[n].name, "award": campaign.awards[i % 2].name,
        "votes": 10 + (k * 7919) % 11, "summary": SUMMARY}
    row.update({contract.criterion_key(c.code): "Đạt" for c in campaign.criteria_for("ca-nhan")})
    return row


def _write_one(args: tuple[Campaign, Path, int, int]) -> None:
    """One unit file through the real template writer (campaign narrowed to that unit)."""
    from thidua_xl.outputs.template.workbook import write_unit_workbook

    campaign, folder, n, nominees = args
    unit = campaign.units[n]
    info = {"unit": unit.name, "letter_no": f"{n + 1}/TTr", "letter_date": date(2021, 5, 20),
            "meeting_date": date(2021, 5, 18), "members_total": 20, "members_present": 20,
            "preparer": "Người lập", "phone": "0209 3870 000"}
    info.update({contract.dossier_key(d.code): contract.YES for d in campaign.dossier})
    write_unit_workbook(replace(campaign, units=(unit,)), folder / f"{n:05d}.xlsx", info=info,
                        rows=[_person(campaign, n, i, nominees) for i in range(nominees)])


def generate(folder: Path, files: int, nominees: int) -> list[Path]:
    """The unit files, generated once per (files, nominees) and reused."""
    marker = folder / f".set_{files}_{nominees}"
    paths = [folder / f"{n:05d}.xlsx" for n in range(files)]
    if marker.exists():
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    campaign = bench_campaign(files)
    with mp.get_context("fork").Pool(2) as pool:
        pool.map(_write_one, [(campaign, folder, n, nominees) for n in range(files)], chunksize=16)
    marker.touch()
    return paths


def naive(paths: list[Path], out: Path) -> None:
    """What a spreadsheet-minded script does: pandas with openpyxl, one frame per file."""
    import pandas as pd

    frames = [pd.read_excel(p, sheet_name=contract.SHEET_LIST, engine="openpyxl") for p in paths]
    pd.concat(frames, ignore_index=True).to_excel(out, index=False)


def floor(paths: list[Path], out: Path, stream: bool = False) -> None:
    """The least any tool must do: read the list sheets' values, write them into one workbook.

    Only non-empty values are written. XlsxWriter's normal mode is faster than constant_memory
    (shared strings, no per-row flushing), so the floor streams only where memory demands it."""
    import python_calamine
    import xlsxwriter

    book = xlsxwriter.Workbook(str(out), {"constant_memory": stream})
    ws = book.add_worksheet()
    write_string, write_number = ws.write_string, ws.write_number
    r = 0
    for p in paths:
        sheet = python_calamine.CalamineWorkbook.from_path(str(p)).get_sheet_by_name(
            contract.SHEET_LIST)
        for row in sheet.to_python(skip_empty_area=True)[1:]:
            if not any(v not in (None, "") for v in row):
                continue
            for c, v in enumerate(row):
                if type(v) is str:
                    if v:
                        write_string(r, c, v)
                elif type(v) is int or type(v) is float:
                    write_number(r, c, v)
            r += 1
    book.close()


def ours(paths: list[Path], files: int, out: Path, profile: bool) -> dict[str, float]:
    """The product's pipeline, timed stage by stage (called in a child process)."""
    from thidua_xl.consolidate.merge import consolidate
    from thidua_xl.jobs import check_all
    from thidua_xl.outputs.documents.sources import write_documents_for
    from thidua_xl.outputs.tonghop.report import write_report
    from thidua_xl.outputs.tonghop.workbook import write_tonghop

    campaign = bench_campaign(files)
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    results = check_all(paths, campaign, None, progress=False)
    t1 = time.perf_counter()
    prof = None
    if profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    cons = consolidate(results, campaign)
    t2 = time.perf_counter()
    write_tonghop(cons, out / "tong_hop.xlsx")
    t3 = time.perf_counter()
    write_report(cons, out / "bao_cao.json")
    t4 = time.perf_counter()
    if prof:
        import pstats

        prof.disable()
        pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
    times.update(check=t1 - t0, consolidate=t2 - t1, workbook=t3 - t2, report=t4 - t3,
                 total=t4 - t0, rows=cons.rows_read, findings=len(cons.findings),
                 rss_core_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if files <= 2000:
        t5 = time.perf_counter()
        write_documents_for(cons, out / "van_ban")
        times["documents"] = time.perf_counter() - t5
    times["rss_main_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    times["rss_worker_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return times


def _timed(func, *args) -> float:
    """Wall time of one call."""
    t = time.perf_counter()
    func(*args)
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a small report."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--nominees", type=int, default=30)
    ap.add_argument("--data", type=Path, help="folder for generated files (kept and reused)")
    ap.add_argument("--skip-naive", action="store_true", help="skip the pandas baseline")
    ap.add_argument("--profile", action="store_true", help="cProfile consolidation and writing")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="thidua_bench_") as tmp:
        folder = args.data or Path(tmp) / "in"
        paths = [folder / f"{n:05d}.xlsx" for n in range(args.files)]
        if args.child:
            print(json.dumps(ours(paths, args.files, Path(tmp), args.profile)))
            return 0
        t = time.perf_counter()
        generate(folder, args.files, args.nominees)
        print(f"Generated/reused {args.files} files × {args.nominees} nominees in "
              f"{time.perf_counter() - t:.1f} s ({folder})")
        big = args.files > 2000
        import python_calamine  # noqa: F401  (imports are not part of the floor)
        import xlsxwriter  # noqa: F401

        t_floor = _timed(floor, paths, Path(tmp) / "floor.xlsx", big)
        t_naive = None if args.skip_naive or big else _timed(naive, paths, Path(tmp) / "naive.xlsx")
        child = [sys.executable, __file__, "--child", "--files", str(args.files),
                 "--nominees", str(args.nominees), "--data", str(folder)]
        if args.profile:
            child.append("--profile")
        run = subprocess.run(child, capture_output=True, text=True, check=True)
        if args.profile:
            print(run.stderr)
        res = json.loads(run.stdout.strip().splitlines()[-1])
    print(f"rows {res['rows']:.0f}, findings {res['findings']:.0f}")
    print(f"floor  (calamine + XlsxWriter)      {t_floor:7.2f} s")
    if t_naive is not None:
        print(f"naive  (pandas/openpyxl)            {t_naive:7.2f} s")
    print(f"ours   check_all (check_paths)      {res['check']:7.2f} s")
    print(f"       consolidate                  {res['consolidate']:7.2f} s")
    print(f"       tong_hop.xlsx                {res['workbook']:7.2f} s")
    print(f"       bao_cao.json                 {res['report']:7.2f} s")
    print(f"       total                        {res['total']:7.2f} s")
    if "documents" in res:
        print(f"       documents (separate)         {res['documents']:7.2f} s")
    print(f"peak RSS: main {res['rss_core_mb']:.0f} MB without documents "
          f"({res['rss_main_mb']:.0f} MB with), largest worker {res['rss_worker_mb']:.0f} MB")
    if t_naive is not None:
        print(f"naive/ours = {t_naive / res['total']:.1f}×  (target ≥ 8×)")
    print(f"ours/floor = {res['total'] / t_floor:.2f}×  (target ≤ 1.5×)")
    after = res["consolidate"] + res["workbook"] + res["report"]
    print(f"ours after checking (consolidate + tong_hop + json)/floor = {after / t_floor:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
