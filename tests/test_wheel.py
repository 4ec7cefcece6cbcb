"""Installed like a real package: a wheel in a fresh virtual environment runs the whole job."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                    "-w", str(out), str(ROOT)], check=True, capture_output=True)
    return next(out.glob("thidua_xl-*.whl"))


def test_the_wheel_carries_every_data_file_the_program_reads(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "thidua_xl"
    data = {p.relative_to(ROOT).as_posix() for p in package.rglob("*")
            if p.is_file() and p.suffix not in {".py", ".pyc"}}
    assert data and data <= names, sorted(data - names)


def test_installed_wheel_consolidates_the_demo_and_writes_every_document(
        wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next((venv / "lib").glob("python3*/site-packages"))
    # Dependencies come from the test environment; the package itself only from the wheel.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH"}}
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                    str(wheel)], check=True, capture_output=True, env=env)
    work = tmp_path / "elsewhere"
    work.mkdir()
    where = subprocess.run([str(python), "-c", "import thidua_xl; print(thidua_xl.__file__)"],
                           cwd=work, env=env, check=True, capture_output=True, text=True).stdout
    assert str(site) in where
    done = subprocess.run([str(venv / "bin" / "thidua"), "consolidate", str(ROOT / "workbooks" / "demo"),
                           "-o", "ket_qua", "--no-progress"], cwd=work, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    docs = sorted(p.name for p in (work / "ket_qua" / "van_ban").iterdir())
    assert "danh_sach_de_nghi.docx" in docs and "danh_sach_de_nghi.html" in docs
    assert len([d for d in docs if d.endswith(".html")]) == len([d for d in docs if d.endswith(".docx")])
    assert (work / "ket_qua" / "tong_hop.xlsx").stat().st_size > 0
    assert "Traceback" not in done.stderr
