"""Legal bases, plans, signers, recipients and tie citations are campaign data, right for its date."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from tests.campaign_edits import raw_definition, set_key
from thidua_xl.campaign import (
    CampaignError,
    builtin_ids,
    builtin_path,
    load_campaign,
    parse_campaign,
)
from thidua_xl.campaign.describe import describe_campaign
from thidua_xl.cli import build_parser, main

PACKAGE = Path(__file__).resolve().parents[1] / "thidua_xl"
SEED = Path(__file__).parent / "data" / "seed_ke_hoach_bau_cu_2021.txt"
C2021 = load_campaign(builtin_path("bau-cu-2021"))
C2026 = load_campaign(builtin_path("bau-cu-2026"))
LEGAL_WORDS = re.compile(r"Luật Thi đua|Nghị định số|/NĐ-CP|/TT-BNV|/KH-UBND")


def test_no_legal_text_lives_in_code() -> None:
    hits = [(str(p.relative_to(PACKAGE)), m[0]) for p in PACKAGE.rglob("*.py")
            for m in LEGAL_WORDS.finditer(p.read_text(encoding="utf-8"))]
    assert hits == []


def test_the_2021_campaign_cites_what_stood_in_may_2021() -> None:
    bases = " ".join(C2021.papers.legal_bases)
    for needle in ("Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003",
                   "ngày 14 tháng 6 năm 2005", "ngày 16 tháng 11 năm 2013",
                   "Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017",
                   "Thông tư số 12/2019/TT-BNV ngày 04 tháng 11 năm 2019"):
        assert needle in bases
    text = builtin_path("bau-cu-2021").read_text(encoding="utf-8")
    data_lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    assert not any(s in line for line in data_lines for s in ("2022", "152/2025", "98/2023"))


def test_the_2021_superior_plan_is_the_seed_first_line_and_the_own_plan_may_be_blank() -> None:
    first = next(line for line in SEED.read_text(encoding="utf-8").splitlines()
                 if line.startswith("Thực hiện"))
    m = re.search(r"Kế hoạch số (\S+) ngày (\d\d)/(\d\d)/(\d{4})", first)
    assert m
    plan = C2021.papers.superior_plan
    assert plan and (plan.number, plan.day) == (m[1], date(int(m[4]), int(m[3]), int(m[2])))
    assert plan.citation().startswith("Kế hoạch số 53/KH-UBND ngày 04/02/2021 của Ủy ban nhân dân "
                                      "tỉnh Bắc Kạn về việc tổ chức đợt thi đua")
    own = C2021.papers.agency_plan
    assert own and own.number == "" and own.day is None
    assert own.citation().startswith(f"Kế hoạch của {C2021.agency.name} phát động đợt thi đua")


def test_the_2026_example_cites_the_law_of_2022_and_decree_152() -> None:
    assert C2026.papers.legal_bases == (
        "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
        "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp, "
        "phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành "
        "một số điều của Luật Thi đua, khen thưởng")
    assert C2026.period_start.year == 2026 and C2026.units_example
    text = builtin_path("bau-cu-2026").read_text(encoding="utf-8")
    assert "Bắc Kạn" not in text and "DỮ LIỆU VÍ DỤ" in text
    assert C2026.papers.head.on_behalf == "KT. Giám đốc"


@pytest.mark.parametrize("campaign", [C2021, C2026], ids=lambda c: c.id)
def test_builtin_text_fields_write_titles_in_full(campaign) -> None:
    texts = [campaign.name, campaign.plan, campaign.agency.parent, campaign.agency.superior_head,
             *(a.name for a in campaign.awards), *(a.authority for a in campaign.awards),
             *(c.text for c in campaign.criteria), *campaign.criteria_intro.values(),
             campaign.certificate.achievement,
             *campaign.papers.legal_bases, campaign.papers.mandate, *campaign.papers.superior_to,
             *campaign.papers.superior_cc, *(p.citation() for p in (campaign.papers.superior_plan,
                                                                    campaign.papers.agency_plan) if p)]
    assert not [t for t in texts if re.search(r"(?<![-/])\b(UBND|HĐND|TĐKT|QH)\b|\"", t)]


def test_full_unit_names_default_to_the_short_name() -> None:
    centre = C2021.unit("TTCNTT")
    assert (centre.name, centre.official) == ("Trung tâm CNTT&TT",
                                              "Trung tâm Công nghệ thông tin và Truyền thông")
    assert C2021.unit("KHTC").official == C2021.unit("KHTC").name


def test_sections_left_out_fall_back_to_the_agency() -> None:
    data = raw_definition()
    for key in ("legal", "plans", "signers", "recipients"):
        del data[key]
    del data["ranking"]["citations"]
    campaign = parse_campaign(data)
    p, ag = campaign.papers, campaign.agency
    assert p.legal_bases == () and p.superior_plan is None
    assert (p.head.title, p.head.name, p.head.on_behalf) == (ag.head_title, ag.head_name, "")
    assert p.office.title == ag.office_head_title
    assert p.superior_to == (ag.superior_head,) and p.decision_cc == (ag.council,)
    assert campaign.ties.citations == {}


def test_fix_deadline_is_a_fixed_date_or_days_after_the_slip() -> None:
    p = C2021.papers
    assert p.fix_deadline(date(2021, 5, 26), C2021.deadline) == date(2021, 5, 29)
    assert p.fix_deadline(None, C2021.deadline) == date(2021, 5, 28)
    data = raw_definition()
    data["deadline"]["fix_date"] = date(2021, 6, 1)
    fixed = parse_campaign(data).papers
    assert fixed.fix_deadline(date(2021, 5, 26), C2021.deadline) == date(2021, 6, 1)


BAD = [
    ("bases not a list", set_key("legal.bases", "Luật …"), "legal.bases"),
    ("empty basis", set_key("legal.bases", ["Luật …", "  "]), "legal.bases"),
    ("signing for without KT/TM/TL", set_key("signers.head.for", "Thay Giám đốc"), "signers.head.for"),
    ("women share above one", set_key("ranking.women_share", 1.5), "ranking.women_share"),
    ("citation of an unknown tie-breaker", set_key("ranking.citations.rut-tham", "…"),
     "ranking.citations.rut-tham"),
    ("zero fix days", set_key("deadline.fix_days", 0), "deadline.fix_days"),
    ("fix date as words", set_key("deadline.fix_date", "tuần sau"), "deadline.fix_date"),
    ("plan without its subject", set_key("plans.superior.about", ...), "plans.superior.about"),
    ("plan date invalid", set_key("plans.agency.date", "31/02/2021"), "plans.agency.date"),
    ("recipients not a list", set_key("recipients.superior", "Ủy ban nhân dân tỉnh"),
     "recipients.superior"),
    ("signers not a table", set_key("signers.head", "Giám đốc"), "signers.head"),
]


@pytest.mark.parametrize(("change", "key"), [(c, k) for _, c, k in BAD], ids=[i for i, _, _ in BAD])
def test_bad_new_keys_are_named_in_vietnamese(change, key: str) -> None:
    data = raw_definition()
    change(data)
    with pytest.raises(CampaignError) as caught:
        parse_campaign(data, "thu.toml")
    hits = [p for p in caught.value.problems if f"`{key}`" in p]
    assert hits, caught.value.problems
    assert all(re.search(r"[ảạáàăâđêôơư]", p) for p in hits)


def test_campaign_show_lists_bases_plans_signers_and_recipients() -> None:
    text = describe_campaign(C2026)
    for needle in (*C2026.papers.legal_bases, "KT. Giám đốc — Phó Giám đốc Trần Văn B",
                   "Chủ tịch Ủy ban nhân dân tỉnh …", "05 ngày kể từ ngày lập phiếu",
                   "tập thể có tỷ lệ nữ từ 70% trở lên", C2026.ties.citations["nu-truoc"]):
        assert needle in text
    assert "Kế hoạch số 53/KH-UBND ngày 04/02/2021" in describe_campaign(C2021)


def test_builtins_are_listed_default_first() -> None:
    assert builtin_ids()[0] == "bau-cu-2021" and "bau-cu-2026" in builtin_ids()
    new = build_parser()._subparsers._group_actions[0].choices["campaign"]  # type: ignore[union-attr]
    help_text = new._subparsers._group_actions[0].choices["new"].format_help()
    assert "bau-cu-2021" in help_text and "bau-cu-2026" in help_text


@pytest.mark.parametrize("source", ["bau-cu-2021", "bau-cu-2026"])
def test_campaign_new_starts_from_either_builtin(tmp_path: Path, source: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "dot.toml"
    assert main(["campaign", "new", str(target), "--from", source]) == 0
    assert source in capsys.readouterr().out
    assert target.read_bytes() == builtin_path(source).read_bytes()
    assert load_campaign(target).id == source


def test_campaign_new_refuses_an_unknown_builtin(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["campaign", "new", str(tmp_path / "x.toml"), "--from", "khong-co"])
    assert stop.value.code == 2
    assert "bau-cu-2026" in capsys.readouterr().err
    assert not (tmp_path / "x.toml").exists()
