"""The campaign definition: the built-in one against the seed plan, bad files, and the CLI commands."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.campaign_edits import raw_definition, set_key
from thidua_xl.campaign import (
    Campaign,
    CampaignError,
    Criterion,
    describe_quota,
    load_campaign,
    parse_campaign,
)
from thidua_xl.campaign.describe import describe_campaign
from thidua_xl.cli import main

SEED = Path(__file__).parent / "data" / "seed_ke_hoach_bau_cu_2021.txt"
CAMPAIGN = load_campaign()
VIETNAMESE = re.compile(r"[ăâđêôơưạảãáàấầẩẫậắằẳẵặẹẻẽéèếềểễệịỉĩíìọỏõóòốồổỗộớờởỡợụủũúùứừửữựỵỷỹýỳ]")


# The seed abbreviates titles; the campaign writes them in full, as documents must.
ABBREVIATIONS = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "QH": "Quốc hội"}


def _norm(text: str) -> str:
    """NFC, titles in full, one space between words, no bold markers or trailing ';'/'.'."""
    text = unicodedata.normalize("NFC", text.replace("**", ""))
    text = re.sub(r"\b(UBND|HĐND|QH)\b", lambda m: ABBREVIATIONS[m[1]], text)
    return " ".join(text.split()).rstrip(" ;.")


def _seed_lines() -> list[str]:
    """Non-empty seed lines, normalised."""
    return [_norm(line) for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]


def _between(start: str, end: str) -> list[str]:
    """Seed lines strictly between the first line starting with `start` and the next with `end`."""
    lines = _seed_lines()
    i = next(n for n, line in enumerate(lines) if line.startswith(start))
    j = next(n for n in range(i + 1, len(lines)) if lines[n].startswith(end))
    return lines[i + 1:j]


def _items(lines: list[str], bullet: str) -> list[str]:
    """Bulleted items ("- …" or "+ …", also the seed's "- + …"), bullets removed."""
    out = []
    for line in lines:
        text = line.removeprefix("- ") if bullet == "+" else line
        if text.startswith(bullet + " "):
            out.append(_norm(text[2:]))
    return out


def _seed_date(pattern: str) -> date:
    """A dd/mm/yyyy date found by a pattern in the seed text."""
    m = re.search(pattern, _norm(SEED.read_text(encoding="utf-8")))
    assert m, pattern
    day, month, year = (int(x) for x in m[1].split("/"))
    return date(year, month, day)


def _criteria_texts(campaign: Campaign, general: bool, subject: str = "") -> list[str]:
    """Normalised wording of the general criteria, or of one subject's own criteria."""
    return [_norm(c.text) for c in campaign.criteria
            if c.general == general and (general or subject in c.subjects)]


@pytest.mark.parametrize("criterion", CAMPAIGN.criteria, ids=lambda c: c.code)
def test_each_criterion_is_worded_as_in_the_seed(criterion: Criterion) -> None:
    assert _norm(criterion.text) in _norm(SEED.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("general", "subject", "start", "end", "bullet"), [
    (True, "", "a) Tiêu chuẩn chung", "b) Tiêu chuẩn cụ thể", "-"),
    (False, "tap-the", "- Đối với tập thể", "- Đối với cá nhân", "+"),
    (False, "ca-nhan", "- Đối với cá nhân", "3. Thủ tục", "+"),
], ids=["general", "collective", "individual"])
def test_criteria_lists_match_the_seed_in_order(general: bool, subject: str, start: str, end: str,
                                                bullet: str) -> None:
    assert _criteria_texts(CAMPAIGN, general, subject) == _items(_between(start, end), bullet)


@pytest.mark.parametrize(("subject", "start"), [("tap-the", "- Đối với tập thể"),
                                                 ("ca-nhan", "- Đối với cá nhân")])
def test_criteria_intro_is_the_seed_line(subject: str, start: str) -> None:
    assert _norm(CAMPAIGN.criteria_intro[subject]) == _between(start, "+")[0]


def test_criteria_counts_and_all_mandatory() -> None:
    general = [c for c in CAMPAIGN.criteria if c.general]
    own = {s.code: [c for c in CAMPAIGN.criteria if not c.general and s.code in c.subjects]
           for s in CAMPAIGN.subjects}
    assert (len(general), len(own["tap-the"]), len(own["ca-nhan"])) == (2, 9, 3)
    assert all(c.mandatory for c in CAMPAIGN.criteria)


def test_quotas_match_the_seed() -> None:
    seed = _norm(SEED.read_text(encoding="utf-8"))
    gk = re.search(r"(Giấy khen của Giám đốc Sở): Số lượng không quá (\d+) tập thể và (\d+) cá nhân",
                   seed)
    bk = re.search(r"(Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh): Số lượng không quá (\d+) tập thể hoặc "
                   r"cá nhân", seed)
    assert gk and bk
    expected = {(gk[1], ("tap-the",), int(gk[2])), (gk[1], ("ca-nhan",), int(gk[3])),
                (bk[1], ("tap-the", "ca-nhan"), int(bk[2]))}
    got = {(CAMPAIGN.award(q.award).name, q.subjects, q.limit) for q in CAMPAIGN.quotas}
    assert got == expected
    assert all(q.scope == "agency" for q in CAMPAIGN.quotas)


def test_dates_match_the_seed_and_the_deadline_is_exclusive() -> None:
    start = _seed_date(r"Từ ngày (\d+/\d+/\d{4}) đến hết ngày")
    end = _seed_date(r"đến hết ngày (\d+/\d+/\d{4})")
    deadline = _seed_date(r"trước ngày (\d+/\d+/\d{4})")
    assert (CAMPAIGN.period_start, CAMPAIGN.period_end, CAMPAIGN.deadline) == (start, end, deadline)
    assert (start, end, deadline) == (date(2021, 2, 4), date(2021, 5, 23), date(2021, 5, 25))
    assert not CAMPAIGN.deadline_inclusive
    assert CAMPAIGN.last_valid_day == deadline - timedelta(days=1)
    assert CAMPAIGN.is_late(deadline) and not CAMPAIGN.is_late(deadline - timedelta(days=1))


def test_dossier_matches_the_seed() -> None:
    assert [_norm(d.text) for d in CAMPAIGN.dossier] == _items(_between("- Hồ sơ đề nghị", "IV."),
                                                               "+")
    assert all(d.required for d in CAMPAIGN.dossier)


def test_awards_and_units_named_in_the_seed() -> None:
    seed = _norm(SEED.read_text(encoding="utf-8"))
    assert all(a.name in seed for a in CAMPAIGN.awards)
    names = {u.name for u in CAMPAIGN.units}
    assert {"Văn phòng Sở", "Trung tâm CNTT&TT"} <= names
    assert CAMPAIGN.units_example


BAD = [
    ("bad date", set_key("period.start", "31/02/2021"), "period.start"),
    ("date as words", set_key("deadline.date", "hôm nay"), "deadline.date"),
    ("quota on unknown award", set_key("quotas.0.award", "GKXX"), "quotas[0].award"),
    ("criterion without text", set_key("criteria.3.text", "   "), "criteria[3].text"),
    ("criterion text missing", set_key("criteria.3.text", ...), "criteria[3].text"),
    ("deadline before start", set_key("deadline.date", date(2021, 1, 10)), "deadline.date"),
    ("end before start", set_key("period.end", date(2021, 1, 10)), "period.end"),
    ("duplicate criterion codes", set_key("criteria.1.code", "TCC1"), "criteria"),
    ("duplicate unit codes", set_key("units.1.code", "VP"), "units"),
    ("duplicate award codes", set_key("awards.1.code", "GKGD"), "awards"),
    ("unknown tie-breaker", set_key("ranking.tie_breakers", ["rut-tham"]), "ranking.tie_breakers"),
    ("criterion for unknown subject", set_key("criteria.0.subjects", ["tap-the", "doan-vien"]),
     "criteria[0].subjects"),
    ("award for unknown subject", set_key("awards.0.subjects", ["x"]), "awards[0].subjects"),
    ("share outside unit scope", set_key("quotas.0", {"award": "GKGD", "subjects": ["tap-the"],
                                                   "share": 0.15}), "quotas[0].share"),
    ("limit and share together", set_key("quotas.0.share", 0.2), "quotas[0]"),
    ("negative limit", set_key("quotas.1.limit", -1), "quotas[1].limit"),
    ("unknown quota scope", set_key("quotas.1.scope", "tinh"), "quotas[1].scope"),
    ("id with capitals and marks", set_key("campaign.id", "Bầu cử 2021"), "campaign.id"),
    ("agency without name", set_key("agency.name", ...), "agency.name"),
    ("threshold above one", set_key("voting.threshold", 1.5), "voting.threshold"),
    ("zero headcount", set_key("units.0.headcount", 0), "units[0].headcount"),
    ("no criteria", set_key("criteria", []), "criteria"),
    ("mandatory not a boolean", set_key("criteria.0.mandatory", "có"), "criteria[0].mandatory"),
    ("intro for unknown subject", set_key("criteria_intro.doan-vien", "…"),
     "criteria_intro.doan-vien"),
]


@pytest.mark.parametrize(("change", "key"), [(c, k) for _, c, k in BAD], ids=[i for i, _, _ in BAD])
def test_bad_definition_names_the_key_in_vietnamese(change: Callable[[dict[str, Any]], None],
                                                    key: str) -> None:
    data = raw_definition()
    change(data)
    with pytest.raises(CampaignError) as caught:
        parse_campaign(data, "thu.toml")
    hits = [p for p in caught.value.problems if f"`{key}`" in p]
    assert hits, caught.value.problems
    assert all(VIETNAMESE.search(p) for p in hits)
    assert "thu.toml" in str(caught.value)


def test_every_problem_is_reported_at_once() -> None:
    data = raw_definition()
    for _, change, _ in BAD[:3]:
        change(data)
    with pytest.raises(CampaignError) as caught:
        parse_campaign(data)
    text = "\n".join(caught.value.problems)
    assert all(f"`{key}`" in text for _, _, key in BAD[:3])


def test_builtin_definition_parses_unchanged() -> None:
    assert parse_campaign(raw_definition()).criteria == CAMPAIGN.criteria


@pytest.mark.parametrize(("content", "words"), [
    (None, "không đọc được tệp"),
    (b"[campaign\nid = ", "sai cú pháp TOML"),
])
def test_unreadable_file_is_a_vietnamese_error(tmp_path: Path, content: bytes | None,
                                               words: str, capsys: pytest.CaptureFixture[str]
                                               ) -> None:
    path = tmp_path / "dot.toml"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CampaignError, match=words):
        load_campaign(path)
    assert main(["campaign", "show", "--campaign", str(path)]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_campaign_show_prints_everything_readably(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["campaign", "show"]) == 0
    out = capsys.readouterr().out
    for expected in ("04/02/2021", "23/05/2021", "25/05/2021", "24/05/2021", CAMPAIGN.name,
                     "DỮ LIỆU MẪU", *(describe_quota(q, CAMPAIGN) for q in CAMPAIGN.quotas),
                     *(c.text for c in CAMPAIGN.criteria), *(d.text for d in CAMPAIGN.dossier),
                     *(u.name for u in CAMPAIGN.units)):
        assert expected in out
    general = out.index("Tiêu chuẩn chung")
    assert general < out.index("đối với tập thể") < out.index("đối với cá nhân")
    assert out.index(CAMPAIGN.criteria[0].text) > general
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", out), "dates are shown day first"


@pytest.mark.parametrize(("inclusive", "last_day", "phrase"), [
    (False, "24/05/2021", "trước ngày 25/05/2021"),
    (True, "25/05/2021", "chậm nhất hết ngày 25/05/2021"),
])
def test_deadline_rule_is_spelled_out(inclusive: bool, last_day: str, phrase: str) -> None:
    data = raw_definition()
    data["deadline"]["inclusive"] = inclusive
    text = describe_campaign(parse_campaign(data))
    line = next(line for line in text.splitlines() if "Hạn nộp" in line)
    assert phrase in line and last_day in line


def test_campaign_new_writes_a_loadable_commented_copy(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "dot_moi.toml"
    assert main(["campaign", "new", str(target)]) == 0
    assert str(target) in capsys.readouterr().out
    assert "#" in target.read_text(encoding="utf-8")
    copy_ = load_campaign(target)
    assert (copy_.id, copy_.criteria, copy_.quotas) == (CAMPAIGN.id, CAMPAIGN.criteria,
                                                        CAMPAIGN.quotas)
    assert main(["campaign", "show", "--campaign", str(target)]) == 0
    assert str(target) in capsys.readouterr().out


def test_campaign_new_refuses_to_overwrite_without_force(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "dot.toml"
    target.write_text("# của tôi\n", encoding="utf-8")
    assert main(["campaign", "new", str(target)]) == 2
    assert "--force" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "# của tôi\n"
    assert main(["campaign", "new", str(target), "--force"]) == 0
    assert load_campaign(target).id == CAMPAIGN.id
