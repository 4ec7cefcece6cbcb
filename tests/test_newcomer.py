"""What a newcomer reads at the end of a run: why validate and consolidate count differently, which
file is the list to sign, and no progress bar left over on the screen."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.unitfiles import clean_info, person, write_unit
from thidua_xl.campaign import load_campaign
from thidua_xl.cli import main
from thidua_xl.jobs import VALIDATE_SCOPE

CAMPAIGN = load_campaign()
ROOT = Path(__file__).resolve().parents[1]
VP = "Văn phòng Sở"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two units; the Văn phòng resent its file (the old one has an error) and also proposes a
    Phòng CNTT person that Phòng CNTT proposes itself."""
    folder = tmp_path_factory.mktemp("ho_so")
    vp = clean_info(CAMPAIGN, unit=VP, letter_no="3/TTr-VP")
    write_unit(CAMPAIGN, folder / "cntt.xlsx", clean_info(CAMPAIGN), [person(CAMPAIGN)])
    write_unit(CAMPAIGN, folder / "vp_cu.xlsx", vp, [
        person(CAMPAIGN, name="Hoàng Văn Chiến", gender="Nam", birth_year=1972, unit=VP,
               summary=None)])
    write_unit(CAMPAIGN, folder / "vp_moi.xlsx", {**vp, "letter_date": date(2021, 5, 22)}, [
        person(CAMPAIGN, name="Hoàng Văn Chiến", gender="Nam", birth_year=1972, unit=VP),
        person(CAMPAIGN, stt=2)])
    return folder


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(args)
    return code, capsys.readouterr().out.splitlines()


def _count(line: str, word: str) -> int:
    """The number before a word in a summary line ("5 lỗi" → 5), 0 when absent."""
    found = re.search(rf"(\d+) {word}", line)
    return int(found.group(1)) if found else 0


def test_consolidate_says_why_its_counts_differ_from_validate(
        inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _code, checked = _run(["validate", str(inputs)], capsys)
    assert checked[-1] == VALIDATE_SCOPE
    per_file = checked[-2]
    assert per_file.startswith("3 tệp")
    _code, lines = _run(["consolidate", str(inputs), "-o", str(tmp_path), "--no-progress"], capsys)
    errors = next(line for line in lines if line.startswith("Lỗi: "))
    (why,) = [line for line in lines if line.startswith("Khác với lệnh validate")]
    added, dropped = why.split(" và không tính ")
    assert "đề nghị trùng: 1" in added and "của 1 tệp đã được thay thế" in dropped
    assert _count(per_file, "lỗi") + _count(added, "lỗi") - _count(dropped, "lỗi") == \
        int(re.search(r"Lỗi: (\d+)", errors).group(1))


def test_consolidate_names_the_list_to_sign_and_the_working_table(
        inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _code, lines = _run(["consolidate", str(inputs), "-o", str(tmp_path), "--no-progress"], capsys)
    signed = tmp_path / "van_ban" / "danh_sach_de_nghi.docx"
    (line,) = [line for line in lines if line.startswith("Danh sách trình Giám đốc ký: ")]
    assert line.startswith(f"Danh sách trình Giám đốc ký: {signed} (bản xem: danh_sach_de_nghi.html; ")
    assert "TẠM THỜI" in line and "chờ kết quả Hội đồng" in line
    assert signed.is_file() and signed.with_suffix(".html").is_file()
    (table,) = [line for line in lines if line.startswith("Bảng làm việc của Văn phòng Sở: ")]
    assert str(tmp_path / "tong_hop.xlsx") in table and "không phải văn bản trình ký" in table


def _child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "120", "LINES": "40"}


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_bar_is_gone_before_the_summary_on_a_terminal(inputs: Path, tmp_path: Path) -> None:
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: a real `thidua consolidate` on a terminal 120 columns wide
        import fcntl
        import struct
        import termios

        fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        os.execve(sys.executable, [sys.executable, "-m", "thidua_xl.cli", "consolidate",
                                   str(inputs), "-o", str(tmp_path)], _child_env())
    screen = bytearray()
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        screen.extend(chunk)
    os.waitpid(pid, 0)
    text = screen.decode("utf-8", "replace")
    before, summary = text.split("Đã tổng hợp", 1)
    assert "Kiểm tra" in before, "the bar was shown while checking"
    last_frame = before.rsplit("\r", 2)
    assert "Kiểm tra" not in last_frame[-2] and not last_frame[-1].strip(), \
        "the bar's line is blanked before the summary"
    assert "Kiểm tra" not in summary


def test_no_progress_bar_when_the_output_is_not_a_terminal(inputs: Path, tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "thidua_xl.cli", "consolidate", str(inputs), "-o",
                           str(tmp_path)], capture_output=True, text=True, env=_child_env(),
                          timeout=300)
    assert done.returncode == 1
    assert "Kiểm tra" not in done.stderr and "\r" not in done.stderr
    assert done.stdout.startswith("Đã tổng hợp 3 tệp")
