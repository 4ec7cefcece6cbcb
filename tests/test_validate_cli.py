"""`thidua validate` end to end: exit codes, terminal report, JSON, marked copies, untouched inputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.unitfiles import cell_of, clean_info, person, write_unit
from thidua_xl.campaign import load_campaign
from thidua_xl.cli import build_parser, main
from thidua_xl.outputs.files import sha256

CAMPAIGN = load_campaign()


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    src = tmp_path / "nop"
    return {
        "clean": write_unit(CAMPAIGN, src / "sach.xlsx", clean_info(CAMPAIGN), [person(CAMPAIGN)]),
        "bad": write_unit(CAMPAIGN, src / "loi.xlsx", clean_info(CAMPAIGN),
                          [person(CAMPAIGN, **{"crit:TCN2": None}, summary="=1+1")]),
    }


@pytest.mark.parametrize(("which", "code"), [(["clean"], 0), (["bad"], 1), (["clean", "bad"], 1)])
def test_exit_code_says_whether_errors_were_found(files: dict[str, Path], which: list[str],
                                                  code: int, capsys: pytest.CaptureFixture) -> None:
    assert main(["validate", *[str(files[w]) for w in which]]) == code
    out = capsys.readouterr().out
    assert "Phòng Công nghệ thông tin" in out
    assert ("TCN2" in out) == ("bad" in which)


@pytest.mark.parametrize("args", [["validate", "khong_co.xlsx"], ["validate"], ["khong-co-lenh"]])
def test_unreadable_input_or_bad_usage_exits_2_without_traceback(tmp_path: Path, args: list[str]) -> None:
    proc = subprocess.run([sys.executable, "-m", "thidua_xl.cli", *args], capture_output=True,
                          text=True, cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    assert any(w in proc.stderr + proc.stdout for w in ("Không tìm thấy", "thiếu", "lựa chọn"))


def test_json_report_has_the_documented_shape(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "bao_cao.json"
    main(["validate", str(files["bad"]), str(files["clean"]), "--json", str(out)])
    data = json.loads(out.read_text(encoding="utf-8"))
    by_path = {Path(f["path"]).name: f for f in data["files"]}
    assert set(by_path) == {"loi.xlsx", "sach.xlsx"}
    [found] = by_path["loi.xlsx"]["findings"]
    assert set(found) == {"code", "severity", "file", "sheet", "row", "column", "cell", "value",
                          "message"}
    assert (found["code"], found["cell"]) == ("criteria-not-met", cell_of(CAMPAIGN, "crit:TCN2", 0))
    assert by_path["loi.xlsx"]["unit"] == "Phòng Công nghệ thông tin"
    assert by_path["loi.xlsx"]["rows"] == 1 and by_path["sach.xlsx"]["findings"] == []
    assert data["summary"]["errors"] == 1


def test_annotate_marks_a_copy_and_never_the_original(files: dict[str, Path], tmp_path: Path) -> None:
    before = {k: sha256(p) for k, p in files.items()}
    marked = tmp_path / "danh_dau"
    main(["validate", str(files["bad"]), str(files["clean"]), "--annotate", str(marked)])
    assert {k: sha256(p) for k, p in files.items()} == before
    [copy] = sorted(marked.iterdir())
    wb = openpyxl.load_workbook(copy)
    assert wb.sheetnames[0] == "Lỗi cần sửa"
    cell = wb["Danh sách đề nghị"][cell_of(CAMPAIGN, "crit:TCN2", 0)]
    assert cell.comment is not None and "TCN2" in cell.comment.text
    summary = wb["Danh sách đề nghị"][cell_of(CAMPAIGN, "summary", 0)]
    assert summary.value == "=1+1" and summary.data_type == "s"


def test_every_command_has_vietnamese_help(capsys: pytest.CaptureFixture) -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, cmd in sub.choices.items():
        text = cmd.format_help()
        assert "Cách dùng:" in text and "tùy chọn" in text, name
        assert "usage:" not in text and "show this help" not in text, name


@pytest.mark.parametrize("program", [True, False])
def test_only_the_program_skips_its_final_collection(program: bool) -> None:
    """`thidua` freezes the collector as it ends (its last collection would scan every object);
    a caller running main() in its own process keeps a normal collector."""
    call = "main()" if program else "main(['campaign', 'show'])"
    code = ("import atexit, gc, sys\nfrom thidua_xl.cli import main\n"
            "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
            f"sys.argv = ['thidua', 'campaign', 'show']\nsys.exit({call})\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith(f"frozen {program}")
