"""`thidua consolidate` end to end against a naive pandas pipeline and a read+write floor.

    python benchmarks/bench_consolidate.py                    # 200 units × 30 nominees, 3 runs
    python benchmarks/bench_consolidate.py --duplicates       # every name recurs in every file
    python benchmarks/bench_consolidate.py --files 10000      # large batch: time and peak memory
    python benchmarks/bench_consolidate.py --curve 50,200,1000,10000 --skip-naive
    python benchmarks/bench_consolidate.py --stages --profile # stage by stage, then each output
    python benchmarks/bench_consolidate.py --full             # the README table (about an hour)

Unit files are real template workbooks (thidua_xl.outputs.template.workbook), one unit each,
30 nominees, distinct names (or, with --duplicates, the same 30 names in every file), one
planted error (a missing birth year) in every 20th file. They are generated once into --data
(a temporary folder by default) and reused. The three pipelines read the same files, in the
same run, each timed --repeat times (median reported):
  naive  pandas.read_excel (openpyxl) of each list sheet, concat, to_excel;
  floor  python-calamine read of the same sheets + XlsxWriter write of their non-empty values
         (imports excluded; constant_memory above 2,000 files);
  ours   the `thidua consolidate` command in a fresh process, documents included: start-up,
         checking, consolidation, tong_hop.xlsx, bao_cao.json and every .docx/.html.
Peak memory is the largest sum, sampled every 20 ms, of the proportional set size (PSS) of
`thidua consolidate` and all its worker processes together.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from thidua_xl.campaign import Campaign, Unit, builtin_path, load_campaign
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
PLANT_EVERY = 20
UNITS_BLOCK = re.compile(r"^\[\[units\]\]\n(?:(?!\[)[^\n]*\n)*", re.MULTILINE)


def bench_units(files: int) -> tuple[Unit, ...]:
    """One unit per generated file."""
    return tuple(Unit(f"DV{i:05d}", f"Đơn vị thử nghiệm số {i}", 20) for i in range(files))


def bench_campaign(files: int) -> Campaign:
    """The built-in campaign with one unit per generated file."""
    return replace(load_campaign(), units=bench_units(files))


def write_campaign_toml(files: int, target: Path) -> Path:
    """The same campaign as a TOML file, for the `thidua consolidate --campaign` command."""
    text = UNITS_BLOCK.sub("", builtin_path().read_text(encoding="utf-8"))
    blocks = [f'\n[[units]]\ncode = "{u.code}"\nname = "{u.name}"\nheadcount = {u.headcount}\n'
              for u in bench_units(files)]
    target.write_text(text + "".join(blocks), encoding="utf-8")
    return target


def _person(campaign: Campaign, n: int, i: int, per_file: int, dupes: bool) -> dict[str, object]:
    """The i-th nominee of the n-th file: a unique name and birth year (up to 640,000 rows), or
    with `dupes` the i-th name of every file."""
    k = i if dupes else n * per_file + i
    name = f"{FAMILY[k % 20]} {MIDDLE[(k // 20) % 20]} {GIVEN[(k // 400) % 40]}"
    planted = n % PLANT_EVERY == 0 and i == per_file // 2
    row: dict[str, object] = {
        "stt": i + 1, "subject": "Cá nhân", "name": name, "gender": "Nữ" if k % 3 else "Nam",
        "birth_year": None if planted else 1960 + (k // 16000) % 40, "position": "Chuyên viên",
        "unit": campaign.units[n].name, "award": campaign.awards[i % 2].name,
        "votes": 10 + (k * 7919) % 11, "summary": SUMMARY}
    row.update({contract.criterion_key(c.code): "Đạt" for c in campaign.criteria_for("ca-nhan")})
    return row


def _write_one(args: tuple[Campaign, Path, int, int, bool]) -> None:
    """One unit file through the real template writer (campaign narrowed to that unit)."""
    from thidua_xl.outputs.template.workbook import write_unit_workbook

    campaign, folder, n, nominees, dupes = args
    unit = campaign.units[n]
    info = {"unit": unit.name, "letter_no": f"{n + 1}/TTr", "letter_date": date(2021, 5, 20),
            "meeting_date": date(2021, 5, 18), "members_total": 20, "members_present": 20,
            "preparer": "Người lập", "phone": "0209 3870 000"}
    info.update({contract.dossier_key(d.code): contract.YES for d in campaign.dossier})
    rows = [_person(campaign, n, i, nominees, dupes) for i in range(nominees)]
    write_unit_workbook(replace(campaign, units=(unit,)), folder / f"{n:05d}.xlsx", info=info,
                        rows=rows)


def generate(folder: Path, files: int, nominees: int, dupes: bool) -> list[Path]:
    """The unit files, generated once per (files, nominees, names, campaign text) and reused: a
    changed award name or template version in the built-in campaign makes a fresh set."""
    digest = hashlib.sha256(builtin_path().read_bytes()).hexdigest()[:12]
    marker = folder / f".set_{files}_{nominees}_{'dupes' if dupes else 'distinct'}_{digest}"
    paths = [folder / f"{n:05d}.xlsx" for n in range(files)]
    if marker.exists():
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    for old in [*folder.glob("*.xlsx"), *folder.glob(".set_*")]:
        old.unlink()
    campaign = bench_campaign(files)
    with mp.get_context("fork").Pool(2) as pool:
        pool.map(_write_one, [(campaign, folder, n, nominees, dupes) for n in range(files)],
                 chunksize=16)
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


def _tree(pid: int) -> list[int]:
    """A process and all its descendants (Linux /proc)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except OSError:
            continue
    return found


def _pss_mb(pid: int) -> float:
    """Proportional set size of one process (shared pages split between sharers), in MB."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class PeakMemory(threading.Thread):
    """Samples the summed PSS of a process tree until stopped; keeps the largest sum."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.02):
            self.peak = max(self.peak, sum(_pss_mb(p) for p in _tree(self.pid)))


def ours(folder: Path, toml: Path, out: Path) -> tuple[float, float]:
    """Wall time and peak memory of `thidua consolidate` on the folder, in a fresh process."""
    cmd = [sys.executable, "-m", "thidua_xl.cli", "consolidate", str(folder), "-o", str(out),
           "--campaign", str(toml), "--no-progress"]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = PeakMemory(proc.pid)
    sampler.start()
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - t
    sampler.done.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"thidua consolidate failed ({proc.returncode}):\n{stderr}{stdout}")
    return wall, sampler.peak


def _output_parts(cons, out: Path) -> list[tuple[str, float]]:
    """Each output written on its own, in this process, one after the other (seconds each)."""
    from thidua_xl.consolidate.stats import campaign_statistics
    from thidua_xl.outputs.council.papers import write_ballots
    from thidua_xl.outputs.council.tally import tally_groups, write_tally
    from thidua_xl.outputs.documents.final_report import write_final_report
    from thidua_xl.outputs.documents.sources import write_documents_for
    from thidua_xl.outputs.tonghop.report import write_report
    from thidua_xl.outputs.tonghop.workbook import write_tonghop

    parts = out / "parts"
    parts.mkdir()
    stats = campaign_statistics(cons)
    jobs = [("tong_hop.xlsx", lambda: write_tonghop(cons, parts / "tong_hop.xlsx", stats=stats)),
            ("bao_cao.json", lambda: write_report(cons, parts / "bao_cao.json")),
            ("documents", lambda: write_documents_for(cons, parts)),
            ("final report", lambda: write_final_report(cons, stats, None, parts)),
            ("tally", lambda: write_tally(cons, parts / "phieu_hoi_dong.xlsx")),
            ("ballots", lambda: write_ballots(tally_groups(cons), cons.campaign, parts))]
    timed = []
    for name, job in jobs:
        t = time.perf_counter()
        job()
        timed.append((name, time.perf_counter() - t))
    return timed


def stages(paths: list[Path], files: int, out: Path, profile: bool) -> None:
    """Each stage of the job timed in this process (and cProfiled with --profile): checking,
    consolidation, all outputs as the command writes them, then each output on its own."""
    import cProfile
    import pstats

    from thidua_xl.consolidate.merge import consolidate
    from thidua_xl.jobs import check_all, write_outputs

    campaign = bench_campaign(files)
    prof = cProfile.Profile() if profile else None
    t0 = time.perf_counter()
    results = check_all(paths, campaign, None, progress=False)
    t1 = time.perf_counter()
    if prof:
        prof.enable()
    cons = consolidate(results, campaign)
    t2 = time.perf_counter()
    write_outputs(cons, out / "tong_hop.xlsx", out / "bao_cao.json", out / "van_ban",
                  tally=out / "phieu_hoi_dong.xlsx")
    t3 = time.perf_counter()
    if prof:
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
    print(f"stages: check {t1 - t0:.2f} s, consolidate {t2 - t1:.2f} s, "
          f"outputs {t3 - t2:.2f} s, total {t3 - t0:.2f} s (rows {cons.rows_read}, "
          f"findings {len(cons.findings)})")
    print("each output alone: " + ", ".join(f"{name} {secs:.2f} s"
                                            for name, secs in _output_parts(cons, out)))


def _median_time(func, *args, repeat: int) -> float:
    """Median wall time of `repeat` calls."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        func(*args)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def load() -> str:
    """The machine's 1-minute load average, to judge how noisy the numbers are."""
    return f"{os.getloadavg()[0]:.1f}"


def measure(files: int, nominees: int, dupes: bool, data: Path, tmp: Path, repeat: int,
            with_naive: bool) -> dict[str, float]:
    """naive, floor and ours on one set, each `repeat` times; medians and ours' peak memory."""
    folder = data / f"{'dupes' if dupes else 'distinct'}_{files}x{nominees}"
    t = time.perf_counter()
    paths = generate(folder, files, nominees, dupes)
    names = "every name in every file" if dupes else "distinct names"
    print(f"# {files} files × {nominees} nominees ({names}), generated/reused in "
          f"{time.perf_counter() - t:.1f} s: {folder}", flush=True)
    toml = write_campaign_toml(files, tmp / f"campaign_{files}.toml")
    import python_calamine  # noqa: F401  (imports are not part of the floor)
    import xlsxwriter  # noqa: F401

    res: dict[str, float] = {"files": files, "rows": files * nominees, "load_before": float(load())}
    res["floor"] = _median_time(floor, paths, tmp / "floor.xlsx", files > 2000, repeat=repeat)
    if with_naive:
        res["naive"] = _median_time(naive, paths, tmp / "naive.xlsx", repeat=repeat)
    runs = [ours(folder, toml, tmp / f"out{i}") for i in range(repeat)]
    res["ours"] = statistics.median(w for w, _ in runs)
    res["peak_mb"] = max(m for _, m in runs)
    res["load_after"] = float(load())
    return res


def table(results: list[dict[str, float]]) -> str:
    """A Markdown table of the runs with ratios to the floor."""
    lines = ["| names | files × rows | runs | naive pandas | floor calamine + XlsxWriter | "
             "thidua consolidate | ours / floor | naive / ours | ms per 1,000 rows (ours) | "
             "peak memory, all processes | load before → after |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        naive_s = f"{r['naive']:.2f} s" if "naive" in r else "—"
        speed = f"{r['naive'] / r['ours']:.1f}×" if "naive" in r else "—"
        names = "every name in every file" if r["dupes"] else "distinct"
        lines.append(f"| {names} | {r['files']:,.0f} × {r['rows']:,.0f} | {r['runs']:.0f} | {naive_s} | "
                     f"{r['floor']:.2f} s | {r['ours']:.2f} s | {r['ours'] / r['floor']:.2f}× | "
                     f"{speed} | {r['ours'] / r['rows'] * 1e6:.0f} | {r['peak_mb']:.0f} MB | "
                     f"{r['load_before']:.1f} → {r['load_after']:.1f} |")
    return "\n".join(lines)


FULL = ((50, False), (200, False), (200, True), (1000, False), (10000, False))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a Markdown report."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--curve", help="comma-separated file counts, e.g. 50,200,1000,10000")
    ap.add_argument("--full", action="store_true",
                    help="the README table: 50, 200, 1,000, 10,000 files, and 200 with every "
                         "name in every file (runs above 2,000 files are done once)")
    ap.add_argument("--nominees", type=int, default=30)
    ap.add_argument("--duplicates", action="store_true", help="every name recurs in every file")
    ap.add_argument("--both", action="store_true", help="distinct names, then --duplicates")
    ap.add_argument("--repeat", type=int, default=3, help="runs per pipeline (median reported)")
    ap.add_argument("--data", type=Path, help="folder for generated files (kept and reused)")
    ap.add_argument("--skip-naive", action="store_true", help="skip the pandas baseline")
    ap.add_argument("--stages", action="store_true", help="time each stage in-process instead")
    ap.add_argument("--profile", action="store_true", help="with --stages: cProfile after checking")
    args = ap.parse_args(argv)
    counts = [int(c) for c in args.curve.split(",")] if args.curve else [args.files]
    variants = [False, True] if args.both else [args.duplicates]
    plan = list(FULL) if args.full else [(n, d) for d in variants for n in counts]
    with tempfile.TemporaryDirectory(prefix="thidua_bench_") as tmp_name:
        tmp = Path(tmp_name)
        data = args.data or tmp / "in"
        if args.stages:
            folder = data / f"{'dupes' if args.duplicates else 'distinct'}_{args.files}x{args.nominees}"
            paths = generate(folder, args.files, args.nominees, args.duplicates)
            stages(paths, args.files, tmp, args.profile)
            return 0
        print(f"load average at start: {load()} ({os.cpu_count()} cores)", flush=True)
        results = []
        for files, dupes in plan:
            big = files > 2000
            runs = 1 if big and args.full else args.repeat
            res = measure(files, args.nominees, dupes, data, tmp, runs,
                          not args.skip_naive and not big)
            res.update(dupes=float(dupes), runs=float(runs))
            print(json.dumps(res), flush=True)
            results.append(res)
    print("\nMedians of the runs; the same files for the three pipelines in each row:\n")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
