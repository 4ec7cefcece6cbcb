"""The ledger under real processes: a SIGKILL in the middle of an import, two writers at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from thidua_xl.ledger.importing import import_into
from thidua_xl.ledger.store import Ledger

ROOT = Path(__file__).resolve().parents[1]
ROWS = 3000
HOLD_AT = 1000

KILLED_IMPORTER = f"""
import sys, time
from pathlib import Path
from thidua_xl.ledger.importing import import_into

def progress(written):
    if written >= {HOLD_AT}:
        print("dang-ghi", written, flush=True)
        time.sleep(120)

import_into(Path(sys.argv[1]), Path(sys.argv[2]), progress)
print("xong", flush=True)
"""

WRITER = """
import sys, time
from datetime import date
from pathlib import Path
from thidua_xl.ledger import AwardLine, CampaignRef, DecisionRef, record_decision

ledger, who, go = sys.argv[1], sys.argv[2], Path(sys.argv[3])
while not go.exists():
    time.sleep(0.002)
campaign = CampaignRef("dot-thu", "Đợt thi đua thử", 2024)
for i in range(20):
    lines = [AwardLine("individual", f"Người {who} {i} {j}", "Giấy khen", 1970 + j) for j in range(25)]
    record_decision(ledger, campaign, DecisionRef(f"{i}/QĐ-{who}", date(2024, 1, 2)), lines)
    time.sleep(0.01)
print("xong", flush=True)
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _big_list(path: Path) -> Path:
    lines = ["Họ và tên,Năm sinh,Giới tính,Đơn vị,Hình thức khen thưởng,Số quyết định,"
             "Ngày quyết định,Năm"]
    lines += [f"Nguyễn Văn Số {i},{1960 + i % 40},Nam,Phòng {i % 9},Giấy khen,{i // 100}/QĐ-UBND,"
              f"15/12/2022,2022" for i in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_sigkill_during_an_import_leaves_the_ledger_exactly_as_before(tmp_path):
    ledger = tmp_path / "so.sqlite"
    small = tmp_path / "nho.csv"
    small.write_text("Tên tập thể,Hình thức khen thưởng,Số quyết định,Ngày quyết định,Năm\n"
                     "Văn phòng Sở,Giấy khen,3/QĐ-STTTT,02/01/2021,2020\n", encoding="utf-8")
    assert import_into(small, ledger).recorded.added == 1
    with Ledger.open(ledger) as opened:
        before = list(opened.conn.iterdump())
    big = _big_list(tmp_path / "lon.csv")
    child = subprocess.Popen([sys.executable, "-c", KILLED_IMPORTER, str(big), str(ledger)],
                             stdout=subprocess.PIPE, text=True, env=_env())
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.startswith("dang-ghi"), line
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    with Ledger.open(ledger) as opened:
        assert opened.integrity() == "ok"
        assert list(opened.conn.iterdump()) == before
    done = import_into(big, ledger)
    assert done.recorded.added == ROWS
    with Ledger.open(ledger) as opened:
        assert opened.counts()[2] == ROWS + 1 and opened.integrity() == "ok"


def test_two_processes_writing_at_once_both_land_and_nothing_is_corrupted(tmp_path):
    ledger = tmp_path / "so.sqlite"
    go = tmp_path / "bat_dau"
    children = [subprocess.Popen([sys.executable, "-c", WRITER, str(ledger), who, str(go)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 env=_env()) for who in ("A", "B")]
    go.touch()
    outcomes = [c.communicate(timeout=120) for c in children]
    assert [c.returncode for c in children] == [0, 0], outcomes
    with Ledger.open(ledger) as opened:
        assert opened.integrity() == "ok"
        assert opened.counts() == (1, 40, 1000)
        numbers = [r[0] for r in opened.conn.execute("SELECT number FROM decisions ORDER BY id")]
    assert sorted(numbers) == sorted(f"{i}/QĐ-{w}" for w in "AB" for i in range(20))
