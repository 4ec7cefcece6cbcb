"""The macros under each xlwings runtime: classic "Import Functions" (Windows), RunPython, xlwings Server.

Each runtime binds `xw.script` when xlwings is imported, so each is exercised in its own process:
- classic Windows: xlwings' own VBA generator (xlwings.udfs) writes the Subs the buttons call;
- xlwings Server: `XLWINGS_ON_SERVER=true`, and xlwings' own script dispatcher passes the workbook in.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.test_office import _with_settings
from tests.unitfiles import clean_info, collective, person, write_unit
from tests.xlwings_payload import LICENSE_ENV, ExcelState, payload_from_file
from thidua_xl.campaign import load_campaign
from thidua_xl.outputs.office.layout import OFFICE_BUTTONS, UNIT_BUTTON
from thidua_xl.outputs.office.workbook import write_office_workbook

ROOT = Path(__file__).resolve().parent.parent
MACROS = {b.macro for b in (*OFFICE_BUTTONS, UNIT_BUTTON)}

# pywin32 exists only on Windows. xlwings' VBA generator is plain Python, but xlwings.udfs imports
# pythoncom, pywintypes and win32com at the top; empty modules stand in for them, and nothing that
# talks COM is called. `xw.script` is then bound exactly as xlwings/__init__.py does on Windows.
IMPORT_FUNCTIONS = r"""
import io, json, sys, types
for name in ("pythoncom", "pywintypes", "win32com", "win32com.client"):
    sys.modules[name] = types.ModuleType(name)
sys.modules["pythoncom"].CoInitialize = lambda: None
sys.modules["win32com.client"].Dispatch = None
import xlwings
from xlwings import udfs
from xlwings.conversion import accessors
xlwings.script = xlwings.sub = udfs.xlsub
import thidua_xl.excel as macros
vba = io.StringIO()
udfs.generate_vba_wrapper("thidua_xl.excel", macros, vba,
                          types.SimpleNamespace(Name="thidua_van_phong.xlsm"))
info = {name: getattr(macros, name).__xlfunc__ for name in dir(macros)
        if hasattr(getattr(macros, name), "__xlfunc__")}
print(json.dumps({
    "vba": vba.getvalue(),
    "subs": {n: f["sub"] for n, f in info.items()},
    "missing_becomes": {n: [a.get("optional", "REQUIRED") for a in f["args"]] for n, f in info.items()},
    "result_converter_known": {n: f["ret"]["options"].get("convert") in accessors
                               for n, f in info.items()},
}))
"""

SERVER = r"""
import asyncio, json, sys
import xlwings as xw
import thidua_xl.excel as macros
from xlwings.server import custom_scripts_call, custom_scripts_meta
with open(sys.argv[2], encoding="utf-8") as fh:
    book = xw.Book(json=json.load(fh))
returned = asyncio.run(custom_scripts_call(macros, sys.argv[1], typehint_to_value={xw.Book: book}))
print(json.dumps({"has_sub": hasattr(xw, "sub"), "returned_the_book": returned is book,
                  "scripts": sorted(s["function_name"] for s in custom_scripts_meta(macros)),
                  "actions": book.json()["actions"]}, default=str))
"""


def _python(code: str, *args: str, cwd: Path, **env: str) -> dict[str, Any]:
    """Run `code` in a fresh interpreter with this checkout importable; its JSON output."""
    environ = {k: v for k, v in os.environ.items() if k != "XLWINGS_ON_SERVER"}
    environ.update({"PYTHONPATH": str(ROOT), LICENSE_ENV: "noncommercial", **env})
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=environ,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What the add-in's "Import Functions" makes of thidua_xl.excel on Windows."""
    return _python(IMPORT_FUNCTIONS, cwd=tmp_path_factory.mktemp("import"))


def _subs(vba: str) -> dict[str, str]:
    """Sub name → its parameter list, from generated VBA."""
    return dict(re.findall(r"^Sub (\w+)\(([^)]*)\)$", vba, re.M))


def test_import_functions_makes_one_sub_per_button_callable_without_arguments(
        imported: dict[str, Any]) -> None:
    subs = _subs(imported["vba"])
    assert set(subs) == MACROS
    assert all(params == "Optional book" for params in subs.values())
    assert all(imported["subs"].values())
    # A button passes nothing: VBA's missing marker becomes the Python default, None, and the
    # macro falls back to xw.Book.caller() (xlwings.udfs.call_udf).
    assert imported["missing_becomes"] == {name: [None] for name in MACROS}


def test_import_functions_passes_the_calling_workbook_and_can_convert_the_result(
        imported: dict[str, Any]) -> None:
    for name in MACROS:
        assert (f'XLPy.CallUDF "thidua_xl.excel", "{name}", Array(book), ThisWorkbook, '
                "Application.Caller") in imported["vba"]
    # call_udf converts a Sub's return value too: a `-> None` hint would fail there (no converter).
    assert all(imported["result_converter_known"].values())


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    campaign = load_campaign()
    return write_unit(campaign, tmp_path_factory.mktemp("unit") / "don_vi_loi.xlsx",
                      clean_info(campaign, letter_no=None),
                      [person(campaign, birth_year="năm tám bảy"), collective(campaign, award=None)])


def _serve(macro: str, payload: dict[str, Any], tmp_path: Path) -> tuple[dict[str, Any], ExcelState]:
    """Run one script the way xlwings Server does; the workbook as the client then holds it."""
    sent = tmp_path / "payload.json"
    sent.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    out = _python(SERVER, macro, str(sent), cwd=tmp_path, XLWINGS_ON_SERVER="true")
    return out, ExcelState(payload).apply(out["actions"])


def test_under_xlwings_server_the_unit_check_gets_the_workbook_passed_in(
        faulty: Path, tmp_path: Path) -> None:
    out, state = _serve("kiem_tra", payload_from_file(faulty), tmp_path)
    assert out["has_sub"] is False
    assert set(out["scripts"]) == MACROS
    assert out["returned_the_book"] is True
    assert state.alerts and state.alerts[0].startswith("Kiểm tra xong: 3 lỗi")
    assert len({cell for sheet, cell in state.fills if sheet != "Lỗi cần sửa"}) == 3


def test_under_xlwings_server_an_office_button_fills_its_sheets(tmp_path: Path) -> None:
    inputs = tmp_path / "ho_so"
    inputs.mkdir()
    for p in sorted((ROOT / "workbooks" / "demo").glob("*.xlsx")):
        shutil.copy(p, inputs / p.name)
    office = write_office_workbook(load_campaign(), tmp_path / "so")
    payload = _with_settings(office, inputs=str(inputs), output=str(tmp_path / "kq"))
    _out, state = _serve("tong_hop", payload, tmp_path)
    status = next(r[1] for r in state.values("Điều khiển") if r[0] == "Trạng thái")
    assert str(status).startswith("Đã tổng hợp")
    assert state.values("Tổng hợp")[0][0] and len(state.values("Tổng hợp")) > 10
