"""Caps and ranking: per subject, combined, per unit; tie-breakers; the cut line explained in words."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tests.consolidation_data import CAMPAIGN, nominee, row_error, unit_file, with_quotas
from thidua_xl.campaign import Quota
from thidua_xl.consolidate.entries import STATUS_INVALID, STATUS_OVER, STATUS_WITHIN
from thidua_xl.consolidate.merge import consolidate
from thidua_xl.consolidate.quota import explain
from thidua_xl.findings import Severity

GK_PEOPLE = Quota("GKGD", ("ca-nhan",), "agency", 3)
BK_ANY = Quota("BKUBND", ("tap-the", "ca-nhan"), "agency", 2)


def _status(cons):
    return {e.nominee.name: e.status for e in cons.entries}


def _entry(cons, name):
    return next(e for e in cons.entries if e.nominee.name == name)


def test_individuals_beyond_the_cap_are_over_in_approval_order():
    votes = {"An": 7, "Bình": 6, "Cúc": 5, "Dung": 4, "Em": 3}
    files = [unit_file("VP", [nominee(n, votes=v) for n, v in list(votes.items())[:3]]),
             unit_file("CNTT", [nominee(n, votes=v) for n, v in list(votes.items())[3:]])]
    cons = consolidate(files, with_quotas(GK_PEOPLE))
    assert _status(cons) == {"An": STATUS_WITHIN, "Bình": STATUS_WITHIN, "Cúc": STATUS_WITHIN,
                             "Dung": STATUS_OVER, "Em": STATUS_OVER}
    assert [(e.nominee.name, e.rank, e.group_size) for e in cons.ranked()] == [
        ("An", 1, 5), ("Bình", 2, 5), ("Cúc", 3, 5), ("Dung", 4, 5), ("Em", 5, 5)]
    (row,) = cons.quota
    assert (row.award, row.subject, row.limit, row.proposed, row.within, row.over) == \
        ("GKGD", "ca-nhan", 3, 5, 3, 2)
    (f,) = [f for f in cons.findings if f.code == "quota-exceeded"]
    assert f.severity is Severity.WARNING and f.file == ""
    assert "5 trường hợp" in f.message and "Dung, Em" in f.message
    assert "xếp sau Cúc: tỷ lệ phiếu đồng ý 57,1% thấp hơn 71,4%" in " ".join(
        explain(_entry(cons, "Dung")))


def test_combined_cap_ranks_collectives_and_individuals_together():
    files = [unit_file("VP", [nominee("Phòng Kế hoạch - Tài chính", subject="tap-the",
                                      award="BKUBND", votes=6),
                              nominee("An", award="BKUBND", votes=7),
                              nominee("Bình", award="BKUBND", votes=5)])]
    cons = consolidate(files, with_quotas(BK_ANY))
    assert _status(cons) == {"Phòng Kế hoạch - Tài chính": STATUS_WITHIN, "An": STATUS_WITHIN,
                             "Bình": STATUS_OVER}
    (row,) = cons.quota
    assert (row.subject, row.subjects, row.limit, row.over) == ("", ("tap-the", "ca-nhan"), 2, 1)
    assert [e.rank for e in cons.ranked()] == [2, 1, 3]


@pytest.mark.parametrize("unit,headcount_text,limit", [
    ("TTCNTT", "15% × 23 người = 3,45 → 3", 3),
    ("VP", "15% × 14 người = 2,1 → 2", 2),
])
def test_per_unit_share_cap_explains_how_the_limit_was_computed(unit, headcount_text, limit):
    share = Quota("GKGD", ("ca-nhan",), "unit", None, 0.15)
    people = [nominee(f"Người {i}", votes=7 - i % 3) for i in range(5)]
    cons = consolidate([unit_file(unit, people)], with_quotas(share))
    (row,) = cons.quota
    assert (row.scope, row.unit_code, row.limit, row.proposed) == ("unit", unit, limit, 5)
    assert headcount_text in row.explanation
    assert row.over == 5 - limit
    (f,) = [f for f in cons.findings if f.code == "quota-exceeded"]
    assert headcount_text in f.message and f.file == f"{unit}.xlsx"


@pytest.mark.parametrize("ties,a,b,first,reason", [
    (("nu-truoc",), dict(name="Lê Văn An"), dict(name="Hà Thị Bình", gender="Nữ"),
     "Hà Thị Bình", f"ưu tiên nữ (theo {CAMPAIGN.ties.citations['nu-truoc']})"),
    ((), dict(name="Lê Văn An"), dict(name="Hà Thị Bình", gender="Nữ"),
     "Lê Văn An", "xếp theo thứ tự tên"),
    (("nu-truoc", "phieu-nhieu"), dict(name="Lê Văn An", votes=6, members=6),
     dict(name="Hà Văn Bình", votes=7, members=7), "Hà Văn Bình", "ít phiếu đồng ý hơn (6 so với 7)"),
    (("phieu-nhieu", "nu-truoc"), dict(name="Lê Thị An", gender="Nữ", votes=6, members=6),
     dict(name="Hà Văn Bình", votes=7, members=7), "Hà Văn Bình", "ít phiếu đồng ý hơn"),
    (("nop-som",), dict(name="Lê Văn An", letter_date=date(2021, 5, 21)),
     dict(name="Hà Văn Bình", letter_date=date(2021, 5, 19)), "Hà Văn Bình", "ngày muộn hơn"),
    (("nu-truoc", "phieu-nhieu"), dict(name="Trần Văn Bình"), dict(name="Lê Văn An"),
     "Lê Văn An", "xếp theo thứ tự tên"),
    (("nu-truoc",), dict(name="Nguyễn Văn Đông"), dict(name="Trần Văn Dũng"), "Trần Văn Dũng",
     "xếp theo thứ tự tên"),
    (("nu-truoc",), dict(name="Lê Thị Ánh", gender="Nữ"), dict(name="Võ Thị Anh", gender="Nữ"),
     "Võ Thị Anh", "xếp theo thứ tự tên"),
    (("nu-truoc",), dict(name="An", votes=5), dict(name="Bình", votes=6), "Bình",
     "tỷ lệ phiếu đồng ý 71,4% thấp hơn 85,7%"),
])
def test_ties_are_broken_by_the_campaign_rules_then_by_given_name(ties, a, b, first, reason):
    cap = Quota("GKGD", ("ca-nhan",), "agency", 1)
    people = [nominee(**a), nominee(**b)]
    if "letter_date" in a:
        files = [unit_file("VP", people[:1], letter_date=a["letter_date"]),
                 unit_file("CNTT", people[1:], letter_date=b["letter_date"])]
    else:
        files = [unit_file("VP", people)]
    cons = consolidate(files, with_quotas(cap, ties=ties))
    assert [e.nominee.name for e in cons.entries if e.status == STATUS_WITHIN] == [first]
    (over,) = [e for e in cons.entries if e.status == STATUS_OVER]
    assert reason in " ".join(explain(over))


COLLECTIVE_CAP = Quota("GKGD", ("tap-the",), "agency", 1)


def _collective(name: str, women: int | None = None, size: int | None = None):
    """A collective stating how many of its members are women (members = its size)."""
    return replace(nominee(name, subject="tap-the"), women=women, members=size)


def _collectives(a: dict, b: dict, **campaign_changes):
    """Two collectives of equal approval competing for one slot under women-first."""
    campaign = replace(with_quotas(COLLECTIVE_CAP, ties=("nu-truoc",)), **campaign_changes)
    files = [unit_file("VP", [_collective(**a)]), unit_file("CNTT", [_collective(**b)])]
    cons = consolidate(files, campaign)
    within = [e.nominee.name for e in cons.entries if e.status == STATUS_WITHIN]
    over = [" ".join(explain(e)) for e in cons.entries if e.status == STATUS_OVER]
    return within, over


def test_a_collective_with_enough_women_goes_first_with_the_campaign_citation():
    within, (reason,) = _collectives(dict(name="Phòng An", women=3, size=7),
                                     dict(name="Phòng Bình", women=5, size=7))
    assert within == ["Phòng Bình"]
    assert "ưu tiên tập thể có tỷ lệ nữ từ 70% trở lên (5/7 thành viên là nữ)" in reason
    assert f"(theo {CAMPAIGN.ties.citations['nu-truoc']})" in reason


def test_a_collective_just_below_the_bar_gets_no_priority():
    within, (reason,) = _collectives(dict(name="Phòng An", women=2, size=7),
                                     dict(name="Phòng Bình", women=4, size=6))
    assert within == ["Phòng An"]
    assert "xếp theo thứ tự tên" in reason


def test_women_share_comes_from_the_campaign_and_a_missing_count_counts_as_unknown():
    bar_half = replace(CAMPAIGN.ties, women_share=0.5)
    within, _ = _collectives(dict(name="Phòng An"), dict(name="Phòng Bình", women=3, size=6),
                             ties=bar_half)
    assert within == ["Phòng Bình"]
    no_bar = replace(CAMPAIGN.ties, women_share=None)
    within, _ = _collectives(dict(name="Phòng An"), dict(name="Phòng Bình", women=7, size=7),
                             ties=no_bar)
    assert within == ["Phòng An"]


def test_without_a_citation_the_reason_cites_nothing():
    campaign = replace(with_quotas(Quota("GKGD", ("ca-nhan",), "agency", 1), ties=("nu-truoc",)),
                       ties=replace(CAMPAIGN.ties, citations={}))
    cons = consolidate([unit_file("VP", [nominee("Lê Văn An"),
                                         nominee("Hà Thị Bình", gender="Nữ")])], campaign)
    (over,) = [e for e in cons.entries if e.status == STATUS_OVER]
    text = " ".join(explain(over))
    assert text.endswith("ưu tiên nữ.") and "theo" not in text and "Nghị định" not in text


def test_beyond_a_unit_cap_is_over_and_does_not_use_an_agency_slot():
    unit_cap = Quota("GKGD", ("ca-nhan",), "unit", 1)
    agency_cap = Quota("GKGD", ("ca-nhan",), "agency", 2)
    files = [unit_file("VP", [nominee("An", votes=7), nominee("Bình", votes=6)]),
             unit_file("CNTT", [nominee("Cúc", votes=5)])]
    cons = consolidate(files, with_quotas(agency_cap, unit_cap))
    assert _status(cons) == {"An": STATUS_WITHIN, "Bình": STATUS_OVER, "Cúc": STATUS_WITHIN}
    reasons = " ".join(explain(_entry(cons, "Bình")))
    assert "Văn phòng Sở" in reasons and "xếp sau An" in reasons
    agency = next(q for q in cons.quota if q.scope == "agency")
    assert (agency.proposed, agency.within, agency.over) == (3, 2, 1)


def test_zero_limit_puts_everyone_over_and_says_so():
    cons = consolidate([unit_file("VP", [nominee("An")])],
                       with_quotas(Quota("GKGD", ("ca-nhan",), "agency", 0)))
    (e,) = cons.entries
    assert e.status == STATUS_OVER and "chỉ tiêu bằng 0" in " ".join(explain(e))


def test_award_without_a_cap_keeps_everyone_within():
    cons = consolidate([unit_file("VP", [nominee("An", award="BKUBND")])], with_quotas(GK_PEOPLE))
    (e,) = cons.entries
    assert e.status == STATUS_WITHIN and "không giới hạn" in explain(e)[0]


def test_unknown_approval_ranks_last():
    people = [nominee("An", votes=None), nominee("Bình", votes=1)]
    cons = consolidate([unit_file("VP", people)], with_quotas(Quota("GKGD", ("ca-nhan",),
                                                                    "agency", 1)))
    assert _status(cons) == {"An": STATUS_OVER, "Bình": STATUS_WITHIN}
    assert "chưa có số phiếu" in " ".join(explain(_entry(cons, "An")))


def test_invalid_nominees_take_no_slot_and_are_counted_apart():
    people = [row_error(nominee("An", votes=7)), nominee("Bình", votes=6), nominee("Cúc", votes=5)]
    cons = consolidate([unit_file("VP", people)],
                       with_quotas(Quota("GKGD", ("ca-nhan",), "agency", 2)))
    assert _status(cons) == {"An": STATUS_INVALID, "Bình": STATUS_WITHIN, "Cúc": STATUS_WITHIN}
    (row,) = cons.quota
    assert (row.proposed, row.within, row.over, row.invalid) == (2, 2, 0, 1)
    assert not [f for f in cons.findings if f.code == "quota-exceeded"]


def test_builtin_campaign_caps_appear_in_campaign_order():
    cons = consolidate([unit_file("VP", [nominee("An")])], CAMPAIGN)
    assert [(q.award, q.subject, q.limit) for q in cons.quota] == [
        ("GKGD", "tap-the", 2), ("GKGD", "ca-nhan", 3), ("BKUBND", "", 2)]
