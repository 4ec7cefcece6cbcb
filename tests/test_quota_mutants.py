"""Ranking, caps and verdicts at their edges: orders, counts and words pinned so a broken one turns red.

Added where tools/mutation.py showed faults in thidua_xl/consolidate (quota.py, merge.py) and in
the severity order of thidua_xl/findings.py that the older tests let through."""

from __future__ import annotations

from datetime import date

import pytest

from tests.consolidation_data import CAMPAIGN, nominee, row_error, unit_file, with_quotas
from thidua_xl.campaign import Quota
from thidua_xl.consolidate.entries import STATUS_INVALID, STATUS_OVER, STATUS_REPLACED, STATUS_WITHIN
from thidua_xl.consolidate.merge import consolidate
from thidua_xl.consolidate.quota import explain
from thidua_xl.findings import Severity, finding

ONE_GK = Quota("GKGD", ("ca-nhan",), "agency", 1)
ROOMY_GK = Quota("GKGD", ("ca-nhan",), "agency", 50)


def _ranked_names(people, ties=(), quota=ROOMY_GK):
    """Names in list order when everyone fits the cap, so only the ranking keys decide."""
    cons = consolidate([unit_file("VP", people)], with_quotas(quota, ties=ties))
    return [e.nominee.name for e in cons.ranked()]


def test_equal_candidates_are_listed_in_vietnamese_given_name_order():
    given = ["An", "Anh", "Ánh", "Ân", "Bình", "Châu", "Cường", "Dũng", "Đông", "Giang", "Hà",
             "Hải", "Hoa", "Thùy", "Thủy", "Thúy", "Thụy", "Yến"]
    people = [nominee(f"Lê Văn {g}", birth_year=1970 + i) for i, g in enumerate(reversed(given))]
    assert _ranked_names(people) == [f"Lê Văn {g}" for g in given]


def test_same_given_name_is_ordered_by_middle_then_family_name_shorter_first():
    names = ["Hà Thị An", "Lê Thị An", "Lê Thị Thu An", "Lê Văn An", "Đỗ Văn Anh"]
    people = [nominee(n, birth_year=1980 + i) for i, n in enumerate(reversed(names))]
    assert _ranked_names(people) == names


def test_collectives_are_ordered_by_their_whole_name_shorter_first():
    names = ["Phòng Kế hoạch", "Phòng Kế hoạch - Tài chính", "Phòng Kế toán", "Ủy ban Kiểm tra",
             "Ủy ban Kiểm tra 2", "Văn phòng Sở"]
    people = [nominee(n, subject="tap-the") for n in reversed(names)]
    cap = Quota("GKGD", ("tap-the",), "agency", 50)
    assert _ranked_names(people, quota=cap) == names


def test_names_with_any_unicode_character_still_rank():
    names = ["Lê Văn Yến", "Lê Văn \U0001F600", "Lê Văn \U0010FFFD"]
    people = [nominee(n, birth_year=1980 + i) for i, n in enumerate(reversed(names))]
    assert _ranked_names(people) == names


def test_collective_marked_female_gets_no_women_first_priority():
    woman = nominee("Hà Thị Yến", gender="Nữ", award="BKUBND")
    team = nominee("Phòng Kế hoạch - Tài chính", subject="tap-the", award="BKUBND", gender="Nữ")
    cons = consolidate([unit_file("VP", [team, woman])],
                       with_quotas(Quota("BKUBND", ("tap-the", "ca-nhan"), "agency", 1),
                                   ties=("nu-truoc",)))
    assert {e.nominee.name: e.status for e in cons.entries} == {
        "Hà Thị Yến": STATUS_WITHIN, "Phòng Kế hoạch - Tài chính": STATUS_OVER}


def test_file_without_a_letter_date_ranks_after_dated_files_when_earlier_wins():
    files = [unit_file("VP", [nominee("Lê Văn An")], letter_date=None),
             unit_file("CNTT", [nominee("Lê Văn Bình")], letter_date=date(2021, 5, 24))]
    cons = consolidate(files, with_quotas(ONE_GK, ties=("nop-som",)))
    assert [(e.nominee.name, e.status) for e in cons.ranked()] == [
        ("Lê Văn Bình", STATUS_WITHIN), ("Lê Văn An", STATUS_OVER)]


@pytest.mark.parametrize(("votes", "first", "reason"), [
    (1, "Lê Văn Bình", "ít phiếu đồng ý hơn (0 so với 1)"),
    (0, "Lê Văn An", "xếp theo thứ tự tên"),
], ids=["one vote beats none", "no count ties with zero"])
def test_without_known_approvals_a_missing_vote_count_counts_as_zero(votes, first, reason):
    people = [nominee("Lê Văn An", votes=None, members=None),
              nominee("Lê Văn Bình", votes=votes, members=None)]
    cons = consolidate([unit_file("VP", people)], with_quotas(ONE_GK, ties=("phieu-nhieu",)))
    (within,) = [e for e in cons.entries if e.status == STATUS_WITHIN]
    (over,) = [e for e in cons.entries if e.status == STATUS_OVER]
    assert within.nominee.name == first
    assert reason in explain(over)[1]


def test_more_votes_wins_a_tie_of_approval():
    people = [nominee("Lê Văn An", votes=6, members=6), nominee("Lê Văn Bình", votes=7, members=7),
              nominee("Lê Văn Cường", votes=5, members=5)]
    assert _ranked_names(people, ties=("phieu-nhieu",)) == ["Lê Văn Bình", "Lê Văn An", "Lê Văn Cường"]


def test_list_order_is_within_then_over_then_invalid_for_one_award():
    people = [row_error(nominee("Lê Văn An", votes=7)), nominee("Lê Văn Bình", votes=5),
              nominee("Lê Văn Cường", votes=6)]
    cons = consolidate([unit_file("VP", people)], with_quotas(ONE_GK))
    assert [(e.nominee.name, e.status, e.rank, e.group_size) for e in cons.ranked()] == [
        ("Lê Văn Cường", STATUS_WITHIN, 1, 2), ("Lê Văn Bình", STATUS_OVER, 2, 2),
        ("Lê Văn An", STATUS_INVALID, None, 0)]


def test_list_puts_a_lower_ranked_nominee_within_a_unit_cap_before_one_over_it():
    files = [unit_file("VP", [nominee("Lê Văn An", votes=7), nominee("Lê Văn Bình", votes=6)]),
             unit_file("CNTT", [nominee("Lê Văn Cường", votes=5)])]
    cons = consolidate(files, with_quotas(Quota("GKGD", ("ca-nhan",), "unit", 1)))
    assert [(e.nominee.name, e.status, e.rank) for e in cons.ranked()] == [
        ("Lê Văn An", STATUS_WITHIN, 1), ("Lê Văn Cường", STATUS_WITHIN, 3),
        ("Lê Văn Bình", STATUS_OVER, 2)]


def test_list_order_follows_the_campaigns_award_then_subject_order():
    people = [nominee("Lê Văn An", award="BKUBND"), nominee("Phòng Kế toán", subject="tap-the"),
              nominee("Lê Văn Bình"), nominee("Phòng Pháp chế", subject="tap-the", award="BKUBND")]
    cons = consolidate([unit_file("VP", people)], CAMPAIGN)
    assert [e.nominee.name for e in cons.ranked()] == [
        "Phòng Kế toán", "Lê Văn Bình", "Phòng Pháp chế", "Lê Văn An"]
    by_award = {code: ([e.nominee.name for e in w], [e.nominee.name for e in o])
                for code, w, o in cons.by_award()}
    assert by_award == {"GKGD": (["Phòng Kế toán", "Lê Văn Bình"], []),
                        "BKUBND": (["Phòng Pháp chế", "Lê Văn An"], [])}


def test_one_error_is_named_without_a_count_of_others():
    cons = consolidate([unit_file("VP", [row_error(nominee("Lê Văn An"))])], CAMPAIGN)
    (e,) = cons.entries
    assert explain(e) == ["Có 1 lỗi cần sửa: Lê Văn An: lỗi thử."]


@pytest.mark.parametrize(("errors", "tail"), [(3, ""), (5, " (và 2 lỗi khác)"),
                                             (7, " (và 4 lỗi khác)")])
def test_only_the_first_three_errors_are_spelled_out(errors, tail):
    n = nominee("Lê Văn An")
    n.findings.extend(finding("criteria-not-met", f"Lỗi số {i}.", file="VP.xlsx", sheet=n.sheet,
                              row=2, column="C", cell="C2") for i in range(1, errors + 1))
    (e,) = consolidate([unit_file("VP", [n])], CAMPAIGN).entries
    assert explain(e) == [f"Có {errors} lỗi cần sửa: Lỗi số 1.; Lỗi số 2.; Lỗi số 3.{tail}"]


def test_within_verdict_names_the_rank_and_every_cap_that_counts_it():
    unit_cap = Quota("GKGD", ("ca-nhan",), "unit", 2)
    cons = consolidate([unit_file("VP", [nominee("Lê Văn An", votes=7), nominee("Lê Văn Bình", votes=6)])],
                       with_quotas(Quota("GKGD", ("ca-nhan",), "agency", 3), unit_cap))
    by_name = {e.nominee.name: explain(e) for e in cons.entries}
    assert by_name["Lê Văn Bình"] == [
        "Xếp thứ 2/2; trong chỉ tiêu Giấy khen của Giám đốc Sở – Cá nhân (không quá 03 cá nhân, "
        "toàn cơ quan).",
        "Xếp thứ 2/2; trong chỉ tiêu Giấy khen của Giám đốc Sở – Cá nhân – Văn phòng Sở "
        "(không quá 02 cá nhân, mỗi đơn vị – Văn phòng Sở)."]


def test_over_verdict_names_the_full_cap_and_who_took_the_last_place():
    people = [nominee("Lê Văn An", votes=7), nominee("Lê Văn Bình", votes=6)]
    cons = consolidate([unit_file("VP", people)], with_quotas(ONE_GK))
    over = next(e for e in cons.entries if e.status == STATUS_OVER)
    assert explain(over) == [
        "Xếp thứ 2/2.",
        "Vượt chỉ tiêu Giấy khen của Giám đốc Sở – Cá nhân (không quá 01 cá nhân, toàn cơ quan): "
        "đã đủ 1 trường hợp; xếp sau Lê Văn An: tỷ lệ phiếu đồng ý 85,7% thấp hơn 100,0%."]


def test_cap_exactly_filled_gives_no_quota_warning():
    people = [nominee("Lê Văn An"), nominee("Lê Văn Bình")]
    cons = consolidate([unit_file("VP", people)],
                       with_quotas(Quota("GKGD", ("ca-nhan",), "agency", 2)))
    assert {e.status for e in cons.entries} == {STATUS_WITHIN}
    assert [f for f in cons.findings if f.code == "quota-exceeded"] == []
    (row,) = cons.quota
    assert (row.proposed, row.within, row.over, row.invalid) == (2, 2, 0, 0)


def test_per_unit_cap_rows_list_only_units_that_proposed_someone():
    unit_cap = Quota("GKGD", ("ca-nhan",), "unit", 1)
    files = [unit_file("VP", [nominee("Lê Văn An")]),
             unit_file("CNTT", [row_error(nominee("Lê Văn Bình"))])]
    cons = consolidate(files, with_quotas(unit_cap))
    assert [(q.unit_code, q.unit_name, q.proposed, q.invalid) for q in cons.quota] == [
        ("VP", "Văn phòng Sở", 1, 0), ("CNTT", "Phòng Công nghệ thông tin", 0, 1)]


def test_agency_cap_row_is_listed_even_when_nobody_was_proposed():
    cons = consolidate([unit_file("VP", [nominee("Lê Văn An", award="BKUBND")])], with_quotas(ONE_GK))
    assert [(q.scope, q.unit_code, q.proposed, q.limit) for q in cons.quota] == [("agency", "", 0, 1)]


def test_per_unit_cap_warning_points_at_the_units_current_file():
    unit_cap = Quota("GKGD", ("ca-nhan",), "unit", 1)
    files = [unit_file("VP", [nominee("Lê Văn An"), nominee("Lê Văn Bình")], path="vp_moi.xlsx")]
    cons = consolidate(files, with_quotas(unit_cap))
    (f,) = [f for f in cons.findings if f.code == "quota-exceeded"]
    assert f.file == "vp_moi.xlsx"
    assert f.message.startswith("Giấy khen của Giám đốc Sở – Cá nhân – Văn phòng Sở: 2 trường hợp "
                                "hợp lệ được đề nghị, chỉ tiêu 1")


@pytest.mark.parametrize(("severities", "worst"), [
    ((Severity.WARNING, Severity.ERROR), Severity.ERROR),
    ((Severity.INFO, Severity.WARNING), Severity.WARNING),
    ((Severity.INFO,), Severity.INFO),
    ((), None),
])
def test_error_outranks_warning_outranks_info_when_picking_a_rows_colour(severities, worst):
    n = nominee("Lê Văn An")
    codes = {Severity.ERROR: "criteria-not-met", Severity.WARNING: "formula-cell",
             Severity.INFO: "resubmission"}
    n.findings.extend(finding(codes[s], f"{s.value}", file="VP.xlsx", sheet=n.sheet, row=2,
                              column="C", cell="C2") for s in severities)
    (e,) = consolidate([unit_file("VP", [n])], CAMPAIGN).entries
    assert e.worst is worst


def test_only_errors_are_counted_as_errors_of_the_consolidation():
    warned = nominee("Lê Văn An")
    warned.findings.append(finding("formula-cell", "công thức", file="VP.xlsx", sheet=warned.sheet,
                                   row=2, column="C", cell="C2"))
    cons = consolidate([unit_file("VP", [warned, row_error(nominee("Lê Văn Bình"))])], CAMPAIGN)
    assert cons.errors == 1
    assert (cons.rows_consolidated, cons.rows_invalid, cons.rows_rejected) == (1, 1, 1)


def test_every_earlier_file_of_a_unit_is_replaced_by_its_latest():
    files = [unit_file("VP", [nominee("Lê Văn An")], path=f"vp{i}.xlsx", letter_date=date(2021, 5, d))
             for i, d in ((1, 18), (2, 19), (3, 20))]
    cons = consolidate(files, CAMPAIGN)
    assert [fr.path for fr in cons.current] == ["vp3.xlsx"]
    assert [(c.replaced, c.by) for c in cons.changes] == [("vp1.xlsx", "vp3.xlsx"),
                                                          ("vp2.xlsx", "vp3.xlsx")]
    assert [e.status for e in cons.replaced_entries] == [STATUS_REPLACED] * 2


def test_three_award_forms_for_one_person_are_all_named_an_unreadable_one_as_a_question_mark():
    files = [unit_file("VP", [nominee("Lê Văn An", award="GKGD")]),
             unit_file("CNTT", [nominee("Lê Văn An", award="")]),
             unit_file("TTRA", [nominee("Lê Văn An", award="BKUBND")])]
    cons = consolidate(files, CAMPAIGN)
    on_vp = next(f for f in cons.findings if f.code == "two-award-forms" and f.file == "VP.xlsx")
    assert on_vp.message.startswith(
        "Ông Lê Văn An (sinh 1980) được đề nghị Giấy khen của Giám đốc Sở, đồng thời "
        "? (Phòng Công nghệ thông tin, tệp CNTT.xlsx dòng 2); Bằng khen của Chủ tịch Ủy ban nhân dân "
        "tỉnh (Thanh tra Sở, tệp TTRA.xlsx dòng 2): ")
    on_cntt = next(f for f in cons.findings if f.code == "two-award-forms" and f.file == "CNTT.xlsx")
    assert on_cntt.message.startswith("Ông Lê Văn An (sinh 1980) được đề nghị ?, đồng thời Giấy khen")


def test_quota_warning_names_eight_over_and_counts_the_rest():
    people = [nominee(f"Lê Văn {g}", votes=7 - i // 4, birth_year=1970 + i)
              for i, g in enumerate(["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Long",
                                     "Minh", "Nam", "Phúc"])]
    cons = consolidate([unit_file("VP", people)], with_quotas(ONE_GK))
    (f,) = [f for f in cons.findings if f.code == "quota-exceeded"]
    assert f.message.endswith(": Lê Văn Bình, Lê Văn Cường, Lê Văn Dũng, Lê Văn Giang, Lê Văn Hà, "
                              "Lê Văn Khánh, Lê Văn Long, Lê Văn Minh và 2 trường hợp khác.")


def test_file_level_warning_stays_on_the_file_and_does_not_colour_its_rows():
    formula = finding("formula-cell", "Thông tin đơn vị: ô B6 chứa công thức", file="VP.xlsx",
                      sheet="Thông tin đơn vị", row=6, column="B", cell="B6")
    cons = consolidate([unit_file("VP", [nominee("Lê Văn An")], file_findings=[formula])], CAMPAIGN)
    (e,) = cons.entries
    assert (e.findings, e.worst, e.status) == ((), None, STATUS_WITHIN)
    assert formula in cons.findings


def test_every_cross_unit_duplicate_is_found_whatever_groups_come_before_it():
    files = [unit_file("VP", [nominee(""), nominee("Lê Văn An"), nominee("Lê Văn Bình", award="GKGD"),
                              nominee("Lê Văn Cường")]),
             unit_file("CNTT", [nominee("Lê Văn An"), nominee("Lê Văn Bình", award="BKUBND"),
                                nominee("Lê Văn Cường")])]
    cons = consolidate(files, CAMPAIGN)
    found = sorted((f.code, f.file, f.row) for f in cons.findings
                   if f.code in ("duplicate-nominee", "two-award-forms"))
    # Same form: the person's own unit (VP) keeps it; two forms: both rows stay, each told.
    assert found == [("duplicate-nominee", "CNTT.xlsx", 2), ("duplicate-nominee", "CNTT.xlsx", 4),
                     ("two-award-forms", "CNTT.xlsx", 3), ("two-award-forms", "VP.xlsx", 4)]


def test_each_award_lists_only_its_own_nominees_within_and_over():
    people = [nominee("Lê Văn An", award="BKUBND", votes=7), nominee("Lê Văn Bình", award="BKUBND", votes=6),
              nominee("Lê Văn Cường", votes=7), nominee("Lê Văn Dũng", votes=6)]
    cons = consolidate([unit_file("VP", people)],
                       with_quotas(ONE_GK, Quota("BKUBND", ("tap-the", "ca-nhan"), "agency", 1)))
    by_award = {code: ([e.nominee.name for e in w], [e.nominee.name for e in o])
                for code, w, o in cons.by_award()}
    assert by_award == {"GKGD": (["Lê Văn Cường"], ["Lê Văn Dũng"]),
                        "BKUBND": (["Lê Văn An"], ["Lê Văn Bình"])}


def test_findings_on_one_row_are_ordered_by_column_as_excel_orders_them():
    from thidua_xl.consolidate.merge import sort_findings

    found = [finding("unknown-column", f"Cột {c}", file="VP.xlsx", sheet="Danh sách đề nghị", row=1,
                     column=c, cell=f"{c}1", severity=Severity.WARNING) for c in ("AAA", "AB", "B")]
    assert [f.column for f in sort_findings(found)] == ["B", "AB", "AAA"]


def test_a_large_cap_is_enforced_like_a_small_one():
    people = [nominee(f"Người {i:03d}", birth_year=1960 + i % 40, votes=7 - i % 2, row=i + 2)
              for i in range(301)]
    cons = consolidate([unit_file("VP", people)],
                       with_quotas(Quota("GKGD", ("ca-nhan",), "agency", 300)))
    (row,) = cons.quota
    assert (row.proposed, row.within, row.over) == (301, 300, 1)
