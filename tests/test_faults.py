"""Faults with real processes and real signals: Ctrl+C, SIGTERM and SIGKILL at several moments leave
no orphan worker, no traceback, no temporary file a later run reads, no mix of two runs' outputs."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

import openpyxl
import pytest

from tests.inputkit import CAMPAIGN, consolidate, report, run, unit_book
from thidua_xl.check.signals import STOP_MESSAGES as STOPPED
from thidua_xl.jobs import consolidate_campaign
from thidua_xl.read.produced import output_kind

ROOT = Path(__file__).resolve().parents[1]
FILES = 24
pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")


def _session(sid: int) -> list[tuple[int, int]]:
    """(pid, parent pid) of every live (not zombie) process in a session."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append((int(entry.name), int(fields[1])))
    return found


def _until(check: Callable[[], bool], limit: float = 60.0) -> bool:
    """Poll a condition every 5 ms; whether it came true in time."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.005)
    return False


def _start(*args: object) -> subprocess.Popen[str]:
    """`thidua …` in a session of its own, as a terminal would run it (one process group)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "thidua_xl.cli", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)


def _workers(proc: subprocess.Popen[str]) -> list[int]:
    """The worker processes of a run."""
    return [pid for pid, parent in _session(proc.pid) if parent == proc.pid]


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> tuple[Path, Path, Path]:
    """Two input folders that give different outputs (only the first has the late VP file), each
    with enough files to interrupt, and the finished outputs of a run over the first."""
    root = tmp_path_factory.mktemp("faults")
    names = tuple(f"Nguyễn Văn {chr(65 + i % 26)}{i}" for i in range(30))
    base = unit_book(root / "base.xlsx", "CNTT", names)
    late = unit_book(root / "late.xlsx", "VP", ("Hà Thị Lan",), letter_date="30/05/2021")
    for folder, extra in (("a", late), ("b", None)):
        (root / folder).mkdir()
        for i in range(FILES):
            shutil.copy(base, root / folder / f"u{i:02}.xlsx")
        if extra is not None:
            shutil.copy(extra, root / folder / "vp_tre_han.xlsx")
    assert consolidate(root / "a", root / "done_a") == 1
    return root / "a", root / "b", root / "done_a"


def _no_temporary_files(out: Path) -> list[Path]:
    """Hidden entries left in an output folder (a finished or cleanly stopped run leaves none)."""
    return list(out.rglob(".*"))


def _signature(out: Path) -> tuple[bool, bool, tuple[str, ...]]:
    """Which run each output comes from: whether tong_hop.xlsx and bao_cao.json know the late VP
    file (only the first folder has it), and the documents' names."""
    with zipfile.ZipFile(out / "tong_hop.xlsx") as zf:
        in_workbook = b"vp_tre_han.xlsx" in zf.read("xl/sharedStrings.xml")
    in_report = any(f["path"].endswith("vp_tre_han.xlsx") for f in report(out / "bao_cao.json")["files"])
    return in_workbook, in_report, tuple(sorted(p.name for p in (out / "van_ban").iterdir()))


def _interrupt(proc: subprocess.Popen[str], sig: int, moment: str) -> tuple[int, str, str]:
    """Send `sig` to the whole process group at a moment of the run; its exit code and output."""
    assert _until(lambda: bool(_workers(proc))), "workers never started"
    if moment == "writing":
        assert _until(lambda: not _workers(proc) or proc.poll() is not None)
    os.killpg(proc.pid, sig)
    out, err = proc.communicate(timeout=60)
    return proc.returncode, out, err


@pytest.mark.parametrize(("sig", "moment"), [
    (signal.SIGINT, "checking"), (signal.SIGINT, "writing"), (signal.SIGTERM, "checking"),
], ids=["ctrl-c while checking", "ctrl-c while writing", "sigterm while checking"])
def test_a_stop_prints_one_line_and_leaves_no_process_temp_file_or_mixed_outputs(
        folders: tuple[Path, Path, Path], tmp_path: Path, sig: int, moment: str) -> None:
    _first, second, done = folders
    out = tmp_path / "out"
    shutil.copytree(done, out)
    before = _signature(out)
    assert before[:2] == (True, True) and "phieu_bo_sung_vp.docx" in before[2]
    proc = _start("consolidate", second, "-o", out)
    code, stdout, stderr = _interrupt(proc, sig, moment)
    assert "Traceback" not in stdout + stderr
    assert _until(lambda: not _session(proc.pid), 10), "a worker outlived its parent"
    after = _signature(out)
    if code == 2:
        assert stderr.strip().splitlines() == [STOPPED["SIGINT" if sig == signal.SIGINT else "SIGTERM"]]
        assert after == before
    else:
        assert code == 0, stderr  # the run finished before the signal arrived: all of it is new
        assert after[:2] == (False, False) and "phieu_bo_sung_vp.docx" not in after[2]
    assert _no_temporary_files(out) == []
    assert all(output_kind(p) for p in (out / "van_ban").iterdir())


def test_killing_the_parent_ends_every_worker_and_leaves_nothing_a_later_run_reads(
        folders: tuple[Path, Path, Path], tmp_path: Path) -> None:
    first, _second, _done = folders
    inputs = tmp_path / "ho_so"
    shutil.copytree(first, inputs)
    proc = _start("consolidate", inputs, "-o", inputs / "ket_qua")
    assert _until(lambda: len(_workers(proc)) >= 1)
    workers = _workers(proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert _until(lambda: not _session(proc.pid), 10), f"orphans left: {workers}"
    assert run("validate", inputs, "--json", tmp_path / "r.json") == 1
    files = report(tmp_path / "r.json")["files"]
    assert len(files) == FILES + 1
    assert all(not Path(f["path"]).name.startswith(".") for f in files)


def test_ctrl_c_during_validate_is_one_line_too(folders: tuple[Path, Path, Path],
                                                 tmp_path: Path) -> None:
    first, _second, _done = folders
    proc = _start("validate", first, "--json", tmp_path / "r.json", "--annotate", tmp_path / "dd")
    code, stdout, stderr = _interrupt(proc, signal.SIGINT, "checking")
    assert "Traceback" not in stdout + stderr
    assert code == 2 and stderr.strip().splitlines() == [STOPPED["SIGINT"]]
    assert _until(lambda: not _session(proc.pid), 10)
    assert not (tmp_path / "r.json").exists()
    assert list(tmp_path.rglob(".*")) == []


def test_the_documents_folder_of_a_later_run_holds_only_its_own_documents(tmp_path: Path) -> None:
    inputs = tmp_path / "ho_so"
    unit_book(inputs / "vp.xlsx", "VP", ("Hà Thị Lan",), letter_date="30/05/2021")
    unit_book(inputs / "cntt.xlsx", "CNTT", ("Lê Văn Ba",))
    out = tmp_path / "out"
    assert consolidate(inputs, out) == 1
    slips = sorted(p.name for p in (out / "van_ban").glob("phieu_bo_sung_*"))
    assert slips == ["phieu_bo_sung_vp.docx", "phieu_bo_sung_vp.html"]
    (out / "van_ban" / "ban_cu.html").write_text("<p>tệp cũ</p>", encoding="utf-8")
    unit_book(inputs / "vp.xlsx", "VP", ("Hà Thị Lan",), letter_date="20/05/2021")
    done = consolidate_campaign(CAMPAIGN, [inputs], out)
    assert done.exit_code == 0
    written = sorted(p.name for p in done.docs)
    names = sorted(p.name for p in (out / "van_ban").iterdir())
    assert names == written and not [n for n in names if n.startswith("phieu_bo_sung")]
    assert "ban_cu.html" not in names
    assert list(out.parent.rglob(".*")) == []


def test_links_to_source_cells_resolve_for_awkward_file_names(tmp_path: Path) -> None:
    names = ["Phòng #1/hồ sơ 100% đạt.xlsx", "a#b%20c.xlsx", "Trung tâm CNTT&TT (bản 2).xlsx"]
    inputs = tmp_path / "Hồ sơ #2021"
    for i, name in enumerate(names):
        unit_book(inputs / name, ("VP", "CNTT", "TTCNTT")[i], (f"Lê Văn {i}",), members_present=2)
    out = tmp_path / "kết quả"
    assert consolidate(inputs, out) == 1
    wb = openpyxl.load_workbook(out / "tong_hop.xlsx")
    resolved = set()
    for ws in (wb["Tổng hợp"], wb["Lỗi"]):
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if cell.hyperlink is not None and cell.hyperlink.target:
                    target = (out / unquote(cell.hyperlink.target)).resolve()
                    assert target.is_file(), cell.hyperlink.target
                    assert cell.hyperlink.location.endswith(f"!{cell.value}")
                    resolved.add(target.relative_to(inputs.resolve()).as_posix())
    assert resolved == set(names)
    with zipfile.ZipFile(out / "tong_hop.xlsx") as zf:
        rels = zf.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
    assert "\\\\" not in rels and "%23" in rels and "%25" in rels


def test_a_stop_inside_a_finaliser_prints_no_traceback() -> None:
    code = ("import sys\n"
            "from thidua_xl.cli import main\n"
            "class Late:\n"
            "    def __del__(self):\n"
            "        raise KeyboardInterrupt\n"
            "main(['campaign', 'show'])\n"
            "Late()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "Traceback" not in done.stderr and "KeyboardInterrupt" not in done.stderr
