"""Documents stay bounded: thousands of over-quota cases or fixes are summarised, saying where the
full list is (tong_hop.xlsx), while the proposal itself is never cut."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from docx import Document as open_docx

from tests.inputkit import CAMPAIGN, consolidate, unit_book
from thidua_xl.outputs.documents.fix_slip import FIX_SHOWN
from thidua_xl.outputs.documents.lists import OVER_SHOWN
from thidua_xl.outputs.documents.model import AwardList, FixRequest, ListEntry
from thidua_xl.outputs.documents.write import build_documents, write_documents
from thidua_xl.outputs.style import SHEET_LIST

TODAY = date(2021, 5, 24)


def _people(n: int, prefix: str) -> tuple[ListEntry, ...]:
    """n individuals in priority order."""
    return tuple(ListEntry(f"{prefix} {i:05d}", "ca-nhan", "Nam", "Chuyên viên", "Văn phòng Sở",
                           "Văn phòng Sở", "Hoàn thành xuất sắc nhiệm vụ.", 0.9, 9, 10)
                 for i in range(n))


def _entry_names(table) -> list[str]:
    return [r.cells[1] for r in table.rows if r.kind == "entry"]


@pytest.mark.parametrize("over", [OVER_SHOWN, OVER_SHOWN + 1, 5_000])
def test_the_over_quota_annex_lists_the_first_cases_and_says_where_the_rest_are(over: int) -> None:
    lists = [AwardList("GKGD", within=_people(3, "Trong"), beyond=_people(over, "Vượt"))]
    doc = next(d for d in build_documents(CAMPAIGN, lists, [], today=TODAY)
               if d.key == "danh_sach_de_nghi")
    (annex,) = doc.annexes
    names = _entry_names(annex.table)
    assert names == [f"Vượt {i:05d}" for i in range(min(over, OVER_SHOWN))]
    notes = [r.cells[0] for r in annex.table.rows if r.kind == "none"]
    if over <= OVER_SHOWN:
        assert notes == [] and "đầy đủ" not in annex.note
    else:
        (note,) = notes
        assert f"{over - OVER_SHOWN:02d} khác" in note and SHEET_LIST in note
        assert f"Có {over:02d}" in annex.note and SHEET_LIST in annex.note
    assert _entry_names(doc.table) == ["Trong 00000", "Trong 00001", "Trong 00002"]


def test_the_proposal_itself_is_never_cut() -> None:
    many = OVER_SHOWN * 3
    lists = [AwardList("GKGD", within=_people(many, "Trong"), beyond=())]
    docs = {d.key: d for d in build_documents(CAMPAIGN, lists, [], today=TODAY)}
    assert len(_entry_names(docs["danh_sach_de_nghi"].table)) == many
    assert len(_entry_names(docs["du_thao_quyet_dinh"].annexes[0].table)) == many


@pytest.mark.parametrize("items", [FIX_SHOWN, FIX_SHOWN + 250])
def test_a_long_fix_request_is_summarised_with_the_findings_sheet_named(tmp_path: Path,
                                                                        items: int) -> None:
    fix = FixRequest("Văn phòng Sở", "vp.xlsx", "1/TTr", tuple(
        (f"Danh sách đề nghị!C{i + 2}", f"Người {i}", "Thiếu năm sinh") for i in range(items)))
    paths = write_documents(CAMPAIGN, [AwardList("GKGD", (), ())], [fix], tmp_path, today=TODAY)
    slip = open_docx(next(p for p in paths if p.name == "phieu_bo_sung_vp.docx"))
    rows = slip.tables[1].rows if len(slip.tables) > 1 else slip.tables[0].rows
    texts = [r.cells[0].text for r in rows]
    assert f"{min(items, FIX_SHOWN)}" in texts
    assert str(FIX_SHOWN + 1) not in texts
    tail = [t for t in texts if t.startswith("…")]
    assert (len(tail) == 1 and "vp.xlsx" in tail[0]) if items > FIX_SHOWN else tail == []


def test_a_big_consolidation_keeps_every_over_quota_case_in_the_workbook(tmp_path: Path) -> None:
    names = tuple(f"Nguyễn Văn {i:03d}" for i in range(OVER_SHOWN + 30))
    unit_book(tmp_path / "in" / "vp.xlsx", "VP", names, members_total=20, members_present=20)
    assert consolidate(tmp_path / "in", tmp_path / "out") in (0, 1)
    doc = open_docx(tmp_path / "out" / "van_ban" / "danh_sach_de_nghi.docx")
    text = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "khác vượt chỉ tiêu" in text and SHEET_LIST in text
    ws = openpyxl.load_workbook(tmp_path / "out" / "tong_hop.xlsx", read_only=True)[SHEET_LIST]
    listed = {v for row in ws.iter_rows(values_only=True) for v in row if v in names}
    assert listed == set(names)
    (ballot,) = (tmp_path / "out" / "van_ban").glob("phieu_bau_*.docx")
    rows = [[c.text for c in r.cells] for t in open_docx(ballot).tables for r in t.rows]
    on_ballot = [r[1] for r in rows if r[1] in names]
    assert OVER_SHOWN < len(on_ballot) < len(names)
    assert any("phieu_hoi_dong.xlsx" in r[0] and "khác vượt chỉ tiêu" in r[0] for r in rows)
    tally = openpyxl.load_workbook(tmp_path / "out" / "phieu_hoi_dong.xlsx", read_only=True)
    in_tally = {v for ws in tally for row in ws.iter_rows(values_only=True) for v in row
                if v in names}
    assert in_tally == set(names)
