"""The Office workbook's council buttons on a real xlwings Book: same core and findings as the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.council_data import fill
from tests.xlwings_payload import (
    ExcelState,
    actions,
    book_from_payload,
    ensure_remote_engine,
    payload_from_file,
)
from thidua_xl import excel
from thidua_xl.campaign import load_campaign
from thidua_xl.council import contract as tally
from thidua_xl.jobs import CERTIFICATES, DOCS_DIR, REPORT
from thidua_xl.jobs.council import record_council
from thidua_xl.outputs.office.workbook import write_office_workbook

ensure_remote_engine()
ROOT = Path(__file__).resolve().parent.parent
CONTROL = "Điều khiển"
LABELS = {"inputs": "Thư mục hồ sơ của các đơn vị", "output": "Thư mục kết quả",
          "number": "Số quyết định đã ký", "day": "Ngày ký quyết định"}
MEETING = {"Ngày họp": "28/05/2021", "Địa điểm": "Phòng họp tầng 2",
           "Tổng số thành viên Hội đồng": 9, "Số thành viên có mặt": 7, "Chủ trì": "Hà Văn Tiến",
           "Thư ký": "Nông Thị Lan"}
VOTES = {"Trung tâm CNTT&TT": 7, "Hà Thị Ngọc Diệp": 6, "Lường Văn Khởi": 5,
         "Nông Thị Thu Hằng": 5, "Nông Văn Toàn": 6, "Ma Văn Cường": 7, "Hoàng Văn Chiến": 7,
         "Hoàng Minh Tuấn": 4, "Đàm Quốc Khánh": 3}  # his own unit's proposal stands


@pytest.fixture(scope="module")
def listed(tmp_path_factory: pytest.TempPathFactory) -> tuple[ExcelState, Path]:
    """The demo folder consolidated by the "Lập danh sách & văn bản" button."""
    base = tmp_path_factory.mktemp("office")
    inputs = base / "ho_so"
    shutil.copytree(ROOT / "workbooks" / "demo", inputs)
    office = write_office_workbook(load_campaign(), base)
    payload = _typed(payload_from_file(office), CONTROL, {LABELS["inputs"]: str(inputs),
                                                          LABELS["output"]: str(base / "kq")})
    return _click(excel.lap_danh_sach, payload)[1], base / "kq"


def _typed(payload: dict[str, Any], sheet: str, values: dict[str, object]) -> dict[str, Any]:
    """Values typed in column B beside their labels in column A."""
    rows = next(s for s in payload["sheets"] if s["name"] == sheet)["values"]
    for row in rows:
        if row and row[0] in values:
            row.extend([""] * (2 - len(row)))
            row[1] = values[row[0]]
    return payload


def _voted(payload: dict[str, Any], votes: dict[str, object]) -> dict[str, Any]:
    """Votes typed in the votes column of the candidates' rows."""
    rows = next(s for s in payload["sheets"] if s["name"] == tally.SHEET_VOTES)["values"]
    name, column = rows[0].index("Họ và tên / Tên tập thể"), rows[0].index("Số phiếu đồng ý")
    for row in rows[1:]:
        if row[name] in votes:
            row[column] = votes[row[name]]
    return payload


def _click(macro: Any, payload: dict[str, Any]) -> tuple[list[dict[str, Any]], ExcelState]:
    book = book_from_payload(payload)
    macro()
    acts = actions(book)
    return acts, ExcelState(payload).apply(acts)


def _status(state: ExcelState) -> str:
    return str(next(r[1] for r in state.values(CONTROL) if r[0] == "Trạng thái"))


def _secretary(state: ExcelState, **votes: object) -> dict[str, Any]:
    return _voted(_typed(state.to_payload(), tally.SHEET_MEETING, MEETING), {**VOTES, **votes})


def test_list_button_puts_the_candidates_on_the_votes_sheet_and_writes_the_tally(listed):
    state, out = listed
    rows = state.values(tally.SHEET_VOTES)
    assert rows[0][:4] == ["STT", "Hình thức khen thưởng", "Đối tượng", "Họ và tên / Tên tập thể"]
    assert sorted(r[3] for r in rows[1:] if r[3]) == sorted(VOTES)
    assert (out / tally.TALLY_FILE).is_file() and list((out / DOCS_DIR).glob("phieu_bau_*.docx"))
    assert "Kết quả bỏ phiếu" in _status(state)


def test_council_button_records_the_typed_tally_like_the_cli(listed, tmp_path):
    state, out = listed
    work = tmp_path / "kq"
    shutil.copytree(out, work)
    payload = _typed(_secretary(state), CONTROL, {LABELS["output"]: str(work)})
    _acts, after = _click(excel.ghi_nhan_hoi_dong, payload)
    assert _status(after).startswith("Đã ghi nhận kết quả Hội đồng"), _status(after)
    assert not after.alerts
    council = json.loads((work / REPORT).read_text(encoding="utf-8"))["council"]
    assert {c["name"]: c["status"] for c in council["candidates"]}["Ma Văn Cường"] == "Trong chỉ tiêu"
    assert (work / DOCS_DIR / "bien_ban_hop_hoi_dong.docx").is_file()

    cli = tmp_path / "cli"
    shutil.copytree(out, cli)
    fill(cli / tally.TALLY_FILE, MEETING, VOTES)
    by_cli = record_council(load_campaign(), cli / tally.TALLY_FILE, cli)
    assert [c["status"] for c in council["candidates"]] == [v.status for v in by_cli.result.votes]


def test_a_wrong_tally_is_marked_red_and_not_recorded(listed, tmp_path):
    state, out = listed
    work = tmp_path / "kq"
    shutil.copytree(out, work)
    before = (work / REPORT).read_bytes()
    payload = _typed(_secretary(state, **{"Nông Văn Toàn": 8}), CONTROL,
                     {LABELS["output"]: str(work)})
    _acts, after = _click(excel.ghi_nhan_hoi_dong, payload)
    assert _status(after).startswith("CHƯA ghi nhận") and "Nông Văn Toàn" in _status(after)
    row = next(i for i, r in enumerate(after.values(tally.SHEET_VOTES), start=1)
               if r[3] == "Nông Văn Toàn")
    assert after.fills[(tally.SHEET_VOTES, f"H{row}")].upper() == "#FFC7CE"
    assert (work / REPORT).read_bytes() == before

    cli = tmp_path / "cli"
    shutil.copytree(out, cli)
    fill(cli / tally.TALLY_FILE, MEETING, {**VOTES, "Nông Văn Toàn": 8})
    by_cli = record_council(load_campaign(), cli / tally.TALLY_FILE, cli)
    assert [(f.code, f.cell) for f in by_cli.result.findings] == [
        ("council-votes-over-present", f"H{row}")]
    assert by_cli.result.findings[0].message in _status(after)


def test_certificate_button_needs_the_number_then_prints(listed, tmp_path, monkeypatch):
    state, out = listed
    work = tmp_path / "kq"
    shutil.copytree(out, work)
    monkeypatch.setenv("PATH", str(tmp_path))  # a PC without LibreOffice: no PDF, a note says so
    payload = _typed(state.to_payload(), CONTROL, {LABELS["output"]: str(work)})
    _acts, blank = _click(excel.in_giay_khen, payload)
    assert _status(blank) == f"Chưa điền \"{LABELS['number']}\" ở sheet \"{CONTROL}\"."
    payload = _typed(payload, CONTROL, {LABELS["number"]: "45/QĐ-STTTT",
                                        LABELS["day"]: "02/06/2021"})
    _acts, done = _click(excel.in_giay_khen, payload)
    status = _status(done)
    assert "Chưa ghi nhận kết quả họp Hội đồng" in status
    assert "Đã ghi nhận Quyết định số 45/QĐ-STTTT ngày 02/06/2021" in status
    assert "Không có LibreOffice" in status
    assert (work / DOCS_DIR / CERTIFICATES).is_file()
