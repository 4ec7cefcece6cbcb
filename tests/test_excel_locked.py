"""An output open in Excel cannot be replaced: both faces name the file to close, and leave it whole.

Two locks: a Windows-shaped one (os.replace raises PermissionError 13 with WinError 5 and the temporary
file as `filename`, the target as `filename2`, as Windows does while Excel holds the target), and a real
one where the platform allows it (an immutable file: the kernel refuses to replace it).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_office import _click, _status, _with_settings
from thidua_xl import excel
from thidua_xl.campaign import load_campaign
from thidua_xl.outputs.office.workbook import write_office_workbook

ROOT = Path(__file__).resolve().parent.parent
OLD = b"the list the clerk has open"
RUN_CLI = r"""
import os, sys
locked = os.path.abspath(sys.argv[1]) if sys.argv[1] else None
real = os.replace
def replace(src, dst, *args, **kwargs):
    if locked and os.path.abspath(dst) == locked:
        raise PermissionError(13, "Access is denied", str(src), 5, str(dst))
    return real(src, dst, *args, **kwargs)
os.replace = replace
from thidua_xl.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _immutable(path: Path, on: bool) -> bool:
    """Set or clear the immutable attribute; False where the platform or user cannot."""
    if not shutil.which("chattr"):
        return False
    done = subprocess.run(["chattr", "+i" if on else "-i", str(path)], capture_output=True)
    return done.returncode == 0


@contextlib.contextmanager
def real_lock(path: Path) -> Iterator[None]:
    """The target made irreplaceable by the kernel for the duration; skip where that is impossible."""
    if not _immutable(path, True):
        pytest.skip("chattr +i is not available here (needs root on ext4/xfs)")
    try:
        yield
    finally:
        _immutable(path, False)


def windows_replace(locked: Path) -> object:
    """os.replace as Windows behaves while Excel holds `locked` open."""
    real = os.replace

    def replace(src: object, dst: object, *args: object, **kwargs: object) -> None:
        if Path(str(dst)).resolve() == locked.resolve():
            raise PermissionError(13, "Access is denied", str(src), 5, str(dst))
        real(src, dst, *args, **kwargs)  # type: ignore[call-overload]

    return replace


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ho_so")
    for p in sorted((ROOT / "workbooks" / "demo").glob("*.xlsx")):
        shutil.copy(p, folder / p.name)
    return folder


def _leftovers(folder: Path) -> list[Path]:
    """Temporary files an interrupted atomic write would leave (".name.random.ext")."""
    return sorted(p for p in folder.rglob(".*") if p.is_file())


def _cli(args: list[str], locked: Path | None, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("THIDUA_DEBUG", None)
    return subprocess.run([sys.executable, "-c", RUN_CLI, str(locked or ""), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


@pytest.mark.parametrize("lock", ["windows", "immutable"])
def test_consolidate_names_the_open_workbook_and_leaves_it_whole(
        inputs: Path, tmp_path: Path, lock: str) -> None:
    out = tmp_path / "kq"
    out.mkdir()
    target = out / "tong_hop.xlsx"
    target.write_bytes(OLD)
    args = ["consolidate", str(inputs), "-o", str(out), "--no-progress"]
    if lock == "windows":
        done = _cli(args, target, tmp_path)
    else:
        with real_lock(target):
            done = _cli(args, None, tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().endswith(
        f"Tệp {target} đang mở trong Excel (hoặc không được phép ghi đè); hãy đóng tệp rồi chạy "
        "lại lệnh.")
    assert "Traceback" not in done.stderr
    assert target.read_bytes() == OLD
    assert _leftovers(out) == []


@pytest.mark.parametrize("lock", ["windows", "immutable"])
def test_lap_danh_sach_names_the_open_workbook_in_the_status_cell_and_a_message_box(
        inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lock: str) -> None:
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "ket_qua"
    out.mkdir()
    target = out / "tong_hop.xlsx"
    target.write_bytes(OLD)
    office = write_office_workbook(load_campaign(), tmp_path / "so")
    payload = _with_settings(office, inputs=str(inputs), output=str(out))
    if lock == "windows":
        monkeypatch.setattr(os, "replace", windows_replace(target))
        _acts, state = _click(excel.lap_danh_sach, payload)
    else:
        with real_lock(target):
            _acts, state = _click(excel.lap_danh_sach, payload)
    message = (f"Tệp {target} đang mở trong Excel (hoặc không được phép ghi đè); hãy đóng tệp rồi "
               "bấm lại.")
    assert _status(state) == message
    assert state.alerts == [message]
    assert target.read_bytes() == OLD
    assert _leftovers(out) == []


def test_a_document_open_in_word_is_named_with_word(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from thidua_xl.outputs.files import OutputLocked, atomic_write_bytes

    target = tmp_path / "to_trinh.docx"
    monkeypatch.setattr(os, "replace", windows_replace(target))
    with pytest.raises(OutputLocked) as caught:
        atomic_write_bytes(target, b"docx")
    assert caught.value.filename == str(target)
    assert caught.value.advice("bấm lại") == (
        f"Tệp {target} đang mở trong Word (hoặc không được phép ghi đè); hãy đóng tệp rồi bấm lại.")
    assert not target.exists() and _leftovers(tmp_path) == []
