"""Cross-unit consolidation: duplicates, two award forms, resubmissions, statuses, conservation."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from tests.consolidation_data import CAMPAIGN, nominee, row_error, unit_file
from thidua_xl.consolidate.entries import (
    STATUS_ALTERNATE,
    STATUS_INVALID,
    STATUS_OVER,
    STATUS_REPLACED,
    STATUS_WITHIN,
)
from thidua_xl.consolidate.merge import consolidate
from thidua_xl.consolidate.quota import explain
from thidua_xl.consolidate.units import STATE_LATE, STATE_MISSING, STATE_ON_TIME, unit_rows
from thidua_xl.findings import Severity, finding


def _codes(cons, code):
    return [f for f in cons.findings if f.code == code]


SPELLINGS = ["Nguyễn Thị Hoa", unicodedata.normalize("NFD", "Nguyễn Thị Hoa"), "NGUYỄN  THỊ HOA",
             "Nguyen Thi Hoa"]


@pytest.mark.parametrize("other_spelling", SPELLINGS)
def test_same_person_claimed_by_two_units_is_a_duplicate_on_both_rows(other_spelling):
    a = unit_file("VP", [nominee("Nguyễn Thị Hoa", gender="Nữ", birth_year=1985)])
    b = unit_file("CNTT", [nominee("Trần Văn Nam", unit="CNTT"),
                           nominee(other_spelling, gender="Nữ", birth_year=1985, unit="CNTT")])
    cons = consolidate([a, b], CAMPAIGN)
    dups = _codes(cons, "duplicate-nominee")
    assert {(f.file, f.row) for f in dups} == {("VP.xlsx", 2), ("CNTT.xlsx", 3)}
    assert all(f.severity is Severity.ERROR for f in dups)
    assert "CNTT.xlsx dòng 3" in next(f.message for f in dups if f.file == "VP.xlsx")
    assert all("không xác định được đơn vị" in f.message for f in dups)
    assert [e.status for e in cons.entries] == [STATUS_INVALID, STATUS_WITHIN, STATUS_INVALID]


@pytest.mark.parametrize("other_spelling", SPELLINGS)
def test_the_own_units_proposal_stands_and_the_other_unit_is_asked_to_withdraw(other_spelling):
    own = unit_file("CNTT", [nominee("Nguyễn Thị Hoa", gender="Nữ", birth_year=1985, unit="CNTT")])
    other = unit_file("VP", [nominee("Trần Văn Nam"),
                             nominee(other_spelling, gender="Nữ", birth_year=1985, unit="CNTT")])
    for files in ([own, other], [other, own]):
        cons = consolidate(files, CAMPAIGN)
        (dup,) = _codes(cons, "duplicate-nominee")
        assert (dup.file, dup.row, dup.severity) == ("VP.xlsx", 3, Severity.ERROR)
        assert "rút đề nghị" in dup.message and "Phòng Công nghệ thông tin" in dup.message
        status = {(e.nominee.file, e.nominee.row): e.status for e in cons.entries}
        assert status == {("CNTT.xlsx", 2): STATUS_WITHIN, ("VP.xlsx", 2): STATUS_WITHIN,
                          ("VP.xlsx", 3): STATUS_INVALID}


def test_ownership_reads_the_work_unit_by_code_and_counts_collectives_too():
    own = unit_file("CNTT", [nominee("Phòng Công nghệ thông tin", subject="tap-the", unit="CNTT",
                                     work_unit="cntt")])
    other = unit_file("VP", [nominee("Phòng Công nghệ thông tin", subject="tap-the", unit="CNTT")])
    (dup,) = _codes(consolidate([own, other], CAMPAIGN), "duplicate-nominee")
    assert dup.file == "VP.xlsx" and "rút đề nghị" in dup.message


@pytest.mark.parametrize("first,second", [
    (dict(name="Lê Văn Ba", birth_year=1980), dict(name="Lê Văn Ba", birth_year=1981)),
    (dict(name="Lê Văn Ba"), dict(name="Lê Thị Ba")),
    (dict(name="Phòng Công nghệ thông tin", subject="tap-the"),
     dict(name="Phòng Công nghệ thông tin", subject="ca-nhan")),
])
def test_different_people_are_not_duplicates(first, second):
    a = unit_file("VP", [nominee(**first)])
    b = unit_file("CNTT", [nominee(**second)])
    cons = consolidate([a, b], CAMPAIGN)
    assert _codes(cons, "duplicate-nominee") == []


def test_two_rows_in_one_file_are_left_to_the_file_check():
    a = unit_file("VP", [nominee("Lê Văn Ba"), nominee("Lê Văn Ba")])
    assert _codes(consolidate([a], CAMPAIGN), "duplicate-nominee") == []


def test_same_collective_for_two_award_forms_warns_and_keeps_both_rows():
    a = unit_file("VP", [nominee("Trung tâm CNTT&TT", subject="tap-the", award="GKGD")])
    b = unit_file("TTCNTT", [nominee("Trung tâm CNTT&TT", subject="tap-the", award="BKUBND")])
    cons = consolidate([a, b], CAMPAIGN)
    assert _codes(cons, "duplicate-nominee") == []
    forms = _codes(cons, "two-award-forms")
    assert len(forms) == 2 and all(f.severity is Severity.WARNING for f in forms)
    for f in forms:
        assert "Giấy khen của Giám đốc Sở" in f.message
        assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in f.message
        assert "mặc định xét hình thức cao hơn" in f.message
    status = {e.nominee.award: e.status for e in cons.entries}
    assert status == {"BKUBND": STATUS_WITHIN, "GKGD": STATUS_ALTERNATE}


@pytest.mark.parametrize("dates,mtimes,names,expected", [
    ((date(2021, 5, 18), date(2021, 5, 20)), (9.0, 1.0), ("b.xlsx", "a.xlsx"), "a.xlsx"),
    ((date(2021, 5, 20), date(2021, 5, 18)), (1.0, 9.0), ("b.xlsx", "a.xlsx"), "b.xlsx"),
    ((date(2021, 5, 20), date(2021, 5, 20)), (1.0, 9.0), ("b.xlsx", "a.xlsx"), "a.xlsx"),
    ((date(2021, 5, 20), date(2021, 5, 20)), (5.0, 5.0), ("b.xlsx", "a.xlsx"), "b.xlsx"),
    ((None, date(2021, 5, 1)), (9.0, 1.0), ("b.xlsx", "a.xlsx"), "a.xlsx"),
])
def test_later_file_of_a_unit_replaces_the_earlier(dates, mtimes, names, expected):
    files = [unit_file("VP", [nominee("Lê Văn Ba")], path=p, letter_date=d, modified=m)
             for d, m, p in zip(dates, mtimes, names, strict=True)]
    for order in (files, files[::-1]):
        cons = consolidate(order, CAMPAIGN)
        assert [fr.path for fr in cons.current] == [expected]
        assert [c.by for c in cons.changes] == [expected]


def test_resubmission_lists_rows_added_removed_and_modified():
    old = unit_file("VP", [nominee("An"), nominee("Bình"), nominee("Chi", votes=5)],
                    path="cu.xlsx", letter_date=date(2021, 5, 18))
    new = unit_file("VP", [nominee("Chi", votes=7, position="Phó Chánh Văn phòng"),
                           nominee("Bình"), nominee("Dũng")],
                    path="moi.xlsx", letter_date=date(2021, 5, 21))
    cons = consolidate([new, old], CAMPAIGN)
    (change,) = cons.changes
    assert (change.replaced, change.by, change.rows) == ("cu.xlsx", "moi.xlsx", 3)
    assert change.added == ("Dũng",)
    assert change.removed == ("An",)
    assert change.modified == (("Chi", ("Chức vụ", "Số phiếu đồng ý")),)
    (info,) = _codes(cons, "resubmission")
    assert info.severity is Severity.INFO and info.file == "moi.xlsx"
    assert "thêm 1, bớt 1, sửa 1" in info.message
    assert [e.status for e in cons.replaced_entries] == [STATUS_REPLACED] * 3


def test_findings_of_a_replaced_file_no_longer_count():
    old = unit_file("VP", [row_error(nominee("An"))], path="cu.xlsx",
                    letter_date=date(2021, 5, 18))
    new = unit_file("VP", [nominee("An")], path="moi.xlsx", letter_date=date(2021, 5, 21))
    cons = consolidate([old, new], CAMPAIGN)
    assert cons.errors == 0
    assert all(f.file != "cu.xlsx" for f in cons.findings)


def test_unreadable_files_are_never_grouped_as_resubmissions():
    broken = unit_file("VP", [], path="hong.xlsx", readable=False,
                       file_findings=[finding("unreadable-file", "Không đọc được", file="hong.xlsx")])
    good = unit_file("VP", [nominee("An")], path="tot.xlsx")
    cons = consolidate([broken, good], CAMPAIGN)
    assert cons.changes == []
    assert len(cons.current) == 2
    assert _codes(cons, "unreadable-file")


def _mixed_files():
    late = finding("late-submission", "Nộp quá hạn", file="TTRA.xlsx", sheet="Thông tin đơn vị",
                   row=3, column="B", cell="B3")
    return [
        unit_file("VP", [nominee("An", votes=7), row_error(nominee("Bình")), nominee("Cúc")]),
        unit_file("TTRA", [nominee("Dung"), nominee("Em")], file_findings=[late]),
        unit_file("KHTC", [nominee("Giang")], path="k1.xlsx", letter_date=date(2021, 5, 1)),
        unit_file("KHTC", [nominee("Giang"), nominee("Hà")], path="k2.xlsx"),
        unit_file("CNTT", [nominee("Khánh", votes=3), nominee("Lan", votes=2)]),
    ]


@pytest.mark.parametrize("drop", [(), (0,), (1,), (2,), (2, 3), (0, 1, 2, 3, 4)])
def test_rows_read_equal_rows_consolidated_plus_rows_rejected(drop):
    files = [f for i, f in enumerate(_mixed_files()) if i not in drop]
    cons = consolidate(files, CAMPAIGN)
    assert cons.rows_read == sum(len(f.nominees) for f in files)
    assert cons.rows_read == cons.rows_consolidated + cons.rows_rejected
    assert cons.rows_rejected == cons.rows_invalid + cons.rows_replaced
    statuses = [e.status for e in (*cons.entries, *cons.replaced_entries)]
    assert len(statuses) == cons.rows_read


def test_file_level_error_makes_every_row_of_that_file_invalid_with_its_reason():
    cons = consolidate(_mixed_files(), CAMPAIGN)
    ttra = [e for e in cons.entries if e.nominee.unit_code == "TTRA"]
    assert [e.status for e in ttra] == [STATUS_INVALID, STATUS_INVALID]
    assert all("Nộp quá hạn" in explain(e)[0] for e in ttra)


@pytest.mark.parametrize("code,severity,status", [
    ("criteria-not-met", None, STATUS_INVALID),
    ("formula-cell", None, STATUS_WITHIN),
    ("legacy-encoding", None, STATUS_WITHIN),
    ("unit-quota-exceeded", None, STATUS_WITHIN),
    ("missing-value", Severity.WARNING, STATUS_WITHIN),
])
def test_only_blocking_errors_make_a_row_invalid(code, severity, status):
    n = nominee("An")
    n.findings.append(finding(code, "x", severity, file="VP.xlsx", sheet=n.sheet, row=2))
    cons = consolidate([unit_file("VP", [n])], CAMPAIGN)
    (entry,) = cons.entries
    assert entry.status == status
    assert len(entry.findings) == 1


def test_invalid_rows_are_kept_with_their_findings_never_dropped():
    cons = consolidate(_mixed_files(), CAMPAIGN)
    (bad,) = [e for e in cons.entries if e.nominee.name == "Bình"]
    assert bad.status == STATUS_INVALID and bad.rank is None
    assert [f.code for f in bad.findings] == ["criteria-not-met"]
    assert "Bình: lỗi thử." in explain(bad)[0]
    assert bad in cons.ranked()


def test_unit_checklist_lists_units_that_sent_nothing_and_lateness():
    files = _mixed_files()
    files[0] = unit_file("VP", [nominee("An")], received=date(2021, 5, 25))
    files[1] = unit_file("TTRA", [nominee("Dung")], letter_date=date(2021, 5, 24))
    rows = {r.code: r for r in unit_rows(consolidate(files, CAMPAIGN))}
    assert [r.code for r in unit_rows(consolidate(files, CAMPAIGN))][:7] == \
        [u.code for u in CAMPAIGN.units]
    assert (rows["VP"].state, rows["VP"].received_from) == (STATE_LATE, "sổ nhận hồ sơ")
    assert (rows["TTRA"].state, rows["TTRA"].received_from) == (STATE_ON_TIME, "ngày tờ trình")
    assert rows["TTCNTT"].state == STATE_MISSING and rows["TTCNTT"].file == ""
    assert rows["KHTC"].replaced == ("k1.xlsx",) and rows["KHTC"].file == "k2.xlsx"


def test_same_inputs_in_any_order_give_the_same_findings_and_ranking():
    a = consolidate(_mixed_files(), CAMPAIGN)
    b = consolidate(_mixed_files()[::-1], CAMPAIGN)
    assert a.findings == b.findings
    assert [(e.nominee.name, e.status, e.rank) for e in a.ranked()] == \
        [(e.nominee.name, e.status, e.rank) for e in b.ranked()]


def _expected_gk_ranking():
    """The demo's valid Giấy khen individuals ranked from the demo data by the campaign's rules."""
    from thidua_xl.demo import CROSS_UNIT, PLANTED, file_name
    from thidua_xl.demo.data import UNITS
    from thidua_xl.read import contract

    blocked_files = {p.file for p in PLANTED
                     if p.severity is Severity.ERROR and p.sheet != contract.SHEET_LIST}
    blocked_rows = {(p.file, p.row) for p in (*PLANTED, *CROSS_UNIT)
                    if p.severity is Severity.ERROR and p.sheet == contract.SHEET_LIST}
    people = []
    for unit in UNITS:
        name = file_name(unit, CAMPAIGN)
        for i, n in enumerate(unit.nominees):
            if (n.subject, n.award) != ("ca-nhan", "GKGD") or name in blocked_files \
                    or (name, i + 2) in blocked_rows:
                continue
            people.append((-n.votes / unit.members_total, n.gender != "Nữ", -n.votes,
                           n.name.split()[::-1], n.name))
    return [p[-1] for p in sorted(people)]


def test_demo_set_gives_exactly_the_planted_cross_unit_findings_and_gk_cut(tmp_path):
    from thidua_xl.check.file import check_file
    from thidua_xl.consolidate.quota import build_caps
    from thidua_xl.demo import CROSS_UNIT, write_demo

    results = [check_file(p, CAMPAIGN) for p in write_demo(CAMPAIGN, tmp_path)]
    cons = consolidate(results, CAMPAIGN)
    own = {f for fr in results for f in fr.findings}
    cross = [f for f in cons.findings if f not in own]
    got = sorted((f.file.rsplit("/", 1)[-1], f.code, f.severity, f.sheet, f.row, f.column)
                 for f in cross)
    assert got == sorted((p.file, p.code, p.severity, p.sheet, p.row, p.column) for p in CROSS_UNIT)

    expected = _expected_gk_ranking()
    limit = next(c.limit for c in build_caps(CAMPAIGN) if c.quota.subjects == ("ca-nhan",))
    ranked = [e for e in cons.ranked() if (e.nominee.award, e.nominee.subject) == ("GKGD", "ca-nhan")
              and e.status != STATUS_INVALID]
    assert [e.nominee.name for e in ranked] == expected
    assert [e.status for e in ranked] == [STATUS_WITHIN] * limit + [STATUS_OVER] * (
        len(expected) - limit)
    assert len(expected) > limit


def test_document_lists_follow_the_ranking_within_then_beyond_per_award():
    from thidua_xl.outputs.documents.sources import award_lists

    people = [nominee("An", votes=4), nominee("Bình", gender="Nữ", votes=7), nominee("Cúc", votes=6),
              nominee("Dung", votes=5), row_error(nominee("Em", votes=7)),
              nominee("Giang", award="BKUBND", votes=7)]
    lists = award_lists(consolidate([unit_file("VP", people)], CAMPAIGN))
    assert [x.award_code for x in lists] == [a.code for a in CAMPAIGN.awards]
    gk, bk = lists
    assert [e.name for e in gk.within] == ["Bình", "Cúc", "Dung"]
    assert [e.name for e in gk.beyond] == ["An"]
    assert [e.name for e in bk.within] == ["Giang"] and bk.beyond == ()
    assert gk.within[0].approval == 1.0 and gk.within[0].gender == "Nữ"


def test_fix_requests_go_to_units_with_errors_naming_where_and_who():
    from thidua_xl.outputs.documents.sources import fix_requests

    late = finding("late-submission", "Nộp quá hạn", file="TTRA.xlsx", sheet="Thông tin đơn vị",
                   row=3, column="B", cell="B3")
    files = [unit_file("VP", [nominee("An"), row_error(nominee("Bình"))]),
             unit_file("TTRA", [nominee("Cúc")], file_findings=[late]),
             unit_file("CNTT", [nominee("Dung")])]
    requests = fix_requests(consolidate(files, CAMPAIGN))
    assert [(r.unit_name, r.file_name, r.letter_no) for r in requests] == [
        ("Văn phòng Sở", "VP.xlsx", "1/TTr-VP"), ("Thanh tra Sở", "TTRA.xlsx", "1/TTr-TTRA")]
    assert requests[0].items == (("Danh sách đề nghị!C3", "Bình", "Bình: lỗi thử.",
                                  "criteria-not-met", "Họ và tên / Tên tập thể"),)
    assert requests[1].items[0][:4] == ("Thông tin đơn vị!B3", "Nộp hồ sơ quá hạn", "Nộp quá hạn",
                                        "late-submission")
    assert requests[1].late_day == requests[1].letter_date is not None
    assert requests[0].late_day is None
