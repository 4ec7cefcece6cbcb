"""The council's vote: the tally a secretary fills, the re-ranking it causes, bad tallies as findings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from docx import Document as open_docx

from tests.council_data import MEETING, VOTES, consolidation, copy_of, fill, outdir
from thidua_xl.cli import main
from thidua_xl.consolidate.entries import STATUS_OVER, STATUS_WITHIN
from thidua_xl.council import contract as tally
from thidua_xl.council.model import STATUS_BELOW
from thidua_xl.jobs import REPORT
from thidua_xl.jobs.council import record_council


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return outdir(tmp_path_factory.mktemp("consolidated"))


@pytest.fixture
def folder(prepared: Path, tmp_path: Path) -> Path:
    return copy_of(prepared, tmp_path / "ket_qua")


def _report(folder: Path) -> dict:
    return json.loads((folder / REPORT).read_text(encoding="utf-8"))


def _docx_text(path: Path) -> str:
    doc = open_docx(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_tally_lists_each_valid_candidate_by_quota_group_with_only_votes_unlocked(prepared):
    wb = openpyxl.load_workbook(prepared / tally.TALLY_FILE)
    assert wb.sheetnames[:2] == [tally.SHEET_MEETING, tally.SHEET_VOTES]
    info = wb[tally.SHEET_MEETING]
    assert [info.cell(r, 1).value for r in range(1, 7)] == [f.label for f in tally.MEETING_FIELDS]
    assert all(not info.cell(r, 2).protection.locked for r in range(1, 7))
    ws = wb[tally.SHEET_VOTES]
    assert [c.value for c in ws[1]] == [f.label for f in tally.VOTE_COLUMNS]
    assert ws.protection.sheet and info.protection.sheet and not ws.protection.password
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    groups = [r[0] for r in rows if isinstance(r[0], str)]
    assert [g.split(" (")[0] for g in groups] == [
        "1. Giấy khen của Giám đốc Sở – Tập thể", "2. Giấy khen của Giám đốc Sở – Cá nhân",
        "3. Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh – Tập thể hoặc cá nhân"]
    names = [r[3] for r in rows if isinstance(r[0], int)]
    assert names == ["Trung tâm CNTT&TT", "Nguyễn Thị An", "Trần Văn Bình", "Lê Văn Cường",
                     "Phạm Văn Dũng", "Hoàng Văn Chiến"]
    votes_col = [f.key for f in tally.VOTE_COLUMNS].index("votes") + 1
    for row in ws.iter_rows(min_row=2):
        if isinstance(row[0].value, int):
            assert [c.column for c in row if not c.protection.locked] == [votes_col]
    assert "TẠM THỜI" in " ".join(str(c.value) for c in info["A"] if c.value)


def test_more_council_votes_take_the_place_of_a_higher_unit_approval(folder):
    before = {e["name"]: e for e in _report(folder)["ranked"]}
    assert before["Phạm Văn Dũng"]["status"] == STATUS_OVER
    assert before["Phạm Văn Dũng"]["approval"] < before["Trần Văn Bình"]["approval"]

    fill(folder / tally.TALLY_FILE)
    assert main(["council", str(folder / tally.TALLY_FILE), "-o", str(folder)]) == 0

    council = _report(folder)["council"]
    after = {c["name"]: c for c in council["candidates"]}
    assert after["Phạm Văn Dũng"]["status"] == STATUS_WITHIN
    assert after["Phạm Văn Dũng"]["votes"] == 7 and after["Phạm Văn Dũng"]["approval"] == 0.777778
    assert after["Trần Văn Bình"]["status"] == STATUS_BELOW
    assert [c["name"] for c in council["candidates"] if c["award"] == "GKGD"
            and c["subject"] == "ca-nhan" and c["status"] == STATUS_WITHIN] == [
        "Nguyễn Thị An", "Phạm Văn Dũng", "Lê Văn Cường"]
    assert council["meeting"]["members_present"] == 8 and council["recorded"] is True

    docs = folder / "van_ban"
    minutes = _docx_text(docs / "bien_ban_hop_hoi_dong.docx")
    for expected in ("BIÊN BẢN", "8/9 thành viên", "Chủ trì: Hà Văn Tiến", "Thư ký: Nông Thị Lan",
                     "7/9", "77,8%", "THƯ KÝ", "CHỦ TRÌ", "Chưa đạt tỷ lệ phiếu"):
        assert expected in minutes
    decision = _docx_text(docs / "du_thao_quyet_dinh.docx")
    assert "Căn cứ Biên bản họp Hội đồng Thi đua - Khen thưởng Sở ngày 28/05/2021;" in decision
    assert "Phạm Văn Dũng" in decision and "Trần Văn Bình" not in decision
    assert "Hội đồng Thi đua - Khen thưởng Sở ngày 28/05/2021" in _docx_text(
        docs / "to_trinh_cap_tren.docx")
    assert "có mặt 8/9 thành viên" in _docx_text(docs / "to_trinh_van_phong.docx")


@pytest.mark.parametrize(("rules", "status"), [
    ({"threshold": 0.5, "base": "total"}, STATUS_BELOW),
    ({"threshold": 0.5, "base": "present"}, STATUS_OVER),
    ({"threshold": None}, STATUS_OVER),
])
def test_threshold_counts_total_or_present_members_as_the_campaign_says(folder, rules, status):
    from dataclasses import replace

    from thidua_xl.campaign import CouncilRules, load_campaign

    fill(folder / tally.TALLY_FILE)
    campaign = replace(load_campaign(), council=CouncilRules(**rules))
    done = record_council(campaign, folder / tally.TALLY_FILE, folder)
    votes = {v.entry.nominee.name: v for v in done.result.votes}
    assert votes["Trần Văn Bình"].status == status  # 4 of 9 members, 8 present
    assert votes["Nguyễn Thị An"].approval == 8 / 9  # approval is always votes ÷ total members


BAD_CASES = [
    ("votes above members present", {}, {"Phạm Văn Dũng": 9}, "council-votes-over-present"),
    ("present above total", {"Số thành viên có mặt": 10}, {}, "council-present-over-total"),
    ("quorum not reached", {"Số thành viên có mặt": 4}, {"Nguyễn Thị An": 4, "Lê Văn Cường": 4,
                                                         "Phạm Văn Dũng": 4,
                                                         "Trung tâm CNTT&TT": 4}, "council-no-quorum"),
    ("votes left empty", {}, {"Lê Văn Cường": None}, "council-missing-votes"),
    ("votes not a number", {}, {"Lê Văn Cường": "sáu"}, "invalid-number"),
    ("meeting date missing", {"Ngày họp": None}, {}, "missing-value"),
    ("meeting date not a date", {"Ngày họp": "31/02/2021"}, {}, "invalid-date"),
]


@pytest.mark.parametrize(("meeting", "votes", "code"), [c[1:] for c in BAD_CASES],
                         ids=[c[0] for c in BAD_CASES])
def test_bad_tally_gives_a_finding_and_records_nothing(folder, capsys, meeting, votes, code):
    before = (folder / REPORT).read_bytes()
    fill(folder / tally.TALLY_FILE, {**MEETING, **meeting}, {**VOTES, **votes})
    assert main(["council", str(folder / tally.TALLY_FILE), "-o", str(folder)]) == 1
    assert "CHƯA ghi nhận" in capsys.readouterr().out
    done = record_council(consolidation().campaign, folder / tally.TALLY_FILE, folder)
    assert code in {f.code for f in done.result.findings if f.severity.value == "error"}
    assert (folder / REPORT).read_bytes() == before
    assert not (folder / "van_ban" / "bien_ban_hop_hoi_dong.docx").exists()


def test_rows_that_do_not_match_the_consolidation_are_named(folder):
    fill(folder / tally.TALLY_FILE)
    wb = openpyxl.load_workbook(folder / tally.TALLY_FILE)
    ws = wb[tally.SHEET_VOTES]
    for row in ws.iter_rows(min_row=2):
        if row[3].value == "Lê Văn Cường":
            row[3].value = "Lê Minh Cường"
    wb.save(folder / tally.TALLY_FILE)
    done = record_council(consolidation().campaign, folder / tally.TALLY_FILE, folder)
    codes = sorted(f.code for f in done.result.findings)
    assert codes == ["council-missing-row", "council-unknown-row"]
    unknown = next(f for f in done.result.findings if f.code == "council-unknown-row")
    assert unknown.sheet == tally.SHEET_VOTES and unknown.cell.startswith("D")
    assert "Lê Minh Cường" in unknown.message
    assert done.exit_code == 1 and not done.result.recorded


def test_tally_is_read_by_label_with_moved_columns_and_other_wordings(folder):
    fill(folder / tally.TALLY_FILE)
    wb = openpyxl.load_workbook(folder / tally.TALLY_FILE)
    info = wb[tally.SHEET_MEETING]
    info.insert_rows(1, 2)
    info["A1"] = "Biên bản kiểm phiếu"
    for row in info.iter_rows(min_col=1, max_col=1):
        if row[0].value == "Chủ trì":
            row[0].value = "chủ tọa:"
        if row[0].value == "Ngày họp":
            row[0].offset(0, 1).value = "ngày 28 tháng 5 năm 2021"
    wb[tally.SHEET_VOTES].move_range("H1:H20", cols=3)
    wb.save(folder / tally.TALLY_FILE)
    done = record_council(consolidation().campaign, folder / tally.TALLY_FILE, folder)
    assert done.result.recorded, done.result.findings
    assert done.result.meeting.chair == "Hà Văn Tiến"
    assert str(done.result.meeting.day) == "2021-05-28"


def test_unreadable_or_foreign_tally_exits_2_without_traceback(folder, tmp_path, capsys):
    junk = tmp_path / "phieu.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really a workbook")
    done = subprocess.run([sys.executable, "-m", "thidua_xl.cli", "council", str(junk), "-o",
                           str(folder)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr + done.stdout and "unreadable-file" in done.stdout
    other = tmp_path / "khac.xlsx"
    openpyxl.Workbook().save(other)
    assert main(["council", str(other), "-o", str(folder)]) == 2
    assert "template-mismatch" in capsys.readouterr().out


def test_council_without_a_consolidation_says_what_to_run(tmp_path, capsys):
    assert main(["council", str(tmp_path / "x.xlsx"), "-o", str(tmp_path)]) == 2
    assert "thidua consolidate" in capsys.readouterr().err


def test_council_rules_in_the_campaign_are_checked_in_vietnamese():
    import tomllib

    from thidua_xl.campaign import CampaignError, builtin_path, parse_campaign

    raw = tomllib.loads(builtin_path().read_text(encoding="utf-8"))
    raw["council"] = {"threshold": 1.5, "base": "co-mat", "quorum": 0, "nguong": 1}
    with pytest.raises(CampaignError) as err:
        parse_campaign(raw)
    problems = "\n".join(err.value.problems)
    for key in ("council.threshold", "council.base", "council.quorum", "council.nguong"):
        assert f"`{key}`" in problems
    assert "tổng số thành viên Hội đồng" in problems


def test_a_new_consolidation_sets_a_filled_tally_aside_and_drops_the_old_minutes(folder):
    from thidua_xl.jobs import DOCS_DIR, WORKBOOK, keep_filled_tally, write_outputs

    path = folder / tally.TALLY_FILE
    campaign = consolidation().campaign
    assert keep_filled_tally(path, campaign) is None  # nothing typed yet: simply rewritten
    fill(path)
    assert main(["council", str(path), "-o", str(folder)]) == 0
    kept = keep_filled_tally(path, campaign)
    assert kept == folder / "phieu_hoi_dong_da_dien_1.xlsx" and not path.exists()
    cons = consolidation()
    write_outputs(cons, folder / WORKBOOK, folder / REPORT, folder / DOCS_DIR, tally=path)
    docs = {p.name for p in (folder / DOCS_DIR).iterdir()}
    assert "bien_ban_hop_hoi_dong.docx" not in docs and "phieu_bau_gkgd_ca_nhan.docx" in docs
    assert "council" not in _report(folder) and path.is_file() and kept.is_file()


def test_a_large_tally_is_streamed_and_reads_the_same(tmp_path: Path, monkeypatch) -> None:
    """Above LARGE_ROWS candidates the tally is written row by row (inline text): the cells, the
    locks and the council's reading of it are those of the tally held in memory."""
    from thidua_xl.outputs.council import tally as tally_writer

    cons = consolidation()
    small = tally_writer.write_tally(cons, tmp_path / "small.xlsx")
    monkeypatch.setattr(tally_writer, "LARGE_ROWS", 2)
    large = tally_writer.write_tally(cons, tmp_path / "large.xlsx")

    def cells(path: Path) -> list[list[tuple[object, bool]]]:
        ws = openpyxl.load_workbook(path)[tally.SHEET_VOTES]
        return [[(c.value, c.protection.locked) for c in row] for row in ws.iter_rows()]

    import zipfile
    with zipfile.ZipFile(large) as zf:
        assert b"inlineStr" in zf.read("xl/worksheets/sheet2.xml")
    with zipfile.ZipFile(small) as zf:
        assert b"inlineStr" not in zf.read("xl/worksheets/sheet2.xml")
    assert cells(large) == cells(small)
    folder = outdir(tmp_path / "ket_qua", cons)
    large.replace(folder / tally.TALLY_FILE)
    fill(folder / tally.TALLY_FILE)
    assert main(["council", str(folder / tally.TALLY_FILE), "-o", str(folder)]) in (0, 1)
    assert any(e["status"] == STATUS_WITHIN for e in _report(folder)["ranked"])


def test_the_tally_row_count_is_the_rows_the_writer_gets() -> None:
    from thidua_xl.outputs.council.tally import tally_groups, tally_row_count, tally_rows

    cons = consolidation()
    groups = tally_groups(cons)
    assert len(groups) >= 2
    assert tally_row_count(groups) == len(tally_rows(cons.campaign, groups))
