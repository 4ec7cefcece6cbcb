"""Campaign definition files: TOML → validated Campaign, every problem reported in Vietnamese at once."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from thidua_xl.campaign.model import (
    BUILTIN_DIR,
    BUILTIN_ID,
    KINDS,
    LEVELS,
    SCOPES,
    TIE_BREAKERS,
    Agency,
    Award,
    Campaign,
    CampaignError,
    Criterion,
    DossierItem,
    Quota,
    Subject,
    Unit,
)
from thidua_xl.campaign.proposals import parse_proposals
from thidua_xl.campaign.sections import parse_certificate, parse_council
from thidua_xl.text.dates import parse_date

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class _Reader:
    """Collects problems while pulling typed values out of the raw TOML mapping."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, key: str, message: str) -> None:
        """Record one problem naming the key."""
        self.problems.append(f"khóa `{key}`: {message}")

    def text(self, data: Mapping[str, Any], key: str, path: str, required: bool = True) -> str:
        """A non-empty NFC string, or a problem."""
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(f"{path}.{key}", "thiếu hoặc để trống")
            return ""
        if not isinstance(value, str):
            self.fail(f"{path}.{key}", f"phải là chuỗi ký tự, đang là {value!r}")
            return ""
        return unicodedata.normalize("NFC", " ".join(value.split()))

    def day(self, data: Mapping[str, Any], key: str, path: str) -> date | None:
        """A date from a TOML date or a day-first dd/mm/yyyy string, or a problem."""
        value = data.get(key)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str) and (day := parse_date(value)):
            return day
        self.fail(f"{path}.{key}", f"ngày không hợp lệ ({value!r}); dùng 2021-05-25 hoặc 25/05/2021")
        return None

    def flag(self, data: Mapping[str, Any], key: str, path: str, default: bool) -> bool:
        """A boolean with a default."""
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.fail(f"{path}.{key}", f"phải là true hoặc false, đang là {value!r}")
            return default
        return value

    def codes(self, data: Mapping[str, Any], key: str, path: str, known: set[str]) -> tuple[str, ...]:
        """A non-empty list of known codes."""
        value = data.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            self.fail(f"{path}.{key}", "phải là danh sách mã không rỗng")
            return ()
        for v in value:
            if v not in known:
                self.fail(f"{path}.{key}", f"mã không có trong danh sách đã khai báo: {v!r}")
        return tuple(value)

    def table(self, data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
        """A sub-table, or a problem when it is missing."""
        value = data.get(key)
        if not isinstance(value, dict):
            self.fail(key, "thiếu bảng này")
            return {}
        return value

    def array(self, data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
        """An array of tables ([[key]]), or a problem when it is missing or empty."""
        value = data.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
            self.fail(key, "cần ít nhất một mục [[" + key + "]]")
            return []
        return value

    def unique(self, items: list[str], path: str) -> None:
        """Flag codes declared twice."""
        seen: set[str] = set()
        for code in items:
            if code in seen:
                self.fail(path, f"mã {code!r} khai báo hai lần")
            seen.add(code)


def _parse_quota(r: _Reader, q: Mapping[str, Any], path: str, awards: dict[str, Award]) -> Quota:
    """One quota entry, checked against the declared awards and their subjects."""
    award = r.text(q, "award", path)
    if award and award not in awards:
        r.fail(f"{path}.award", f"chỉ tiêu gắn với hình thức khen thưởng chưa khai báo: {award!r}")
    allowed = set(awards[award].subjects) if award in awards else set()
    subjects = r.codes(q, "subjects", path, allowed or {s for a in awards.values() for s in a.subjects})
    scope = q.get("scope", "agency")
    if scope not in SCOPES:
        r.fail(f"{path}.scope", f"phải là một trong {', '.join(SCOPES)}, đang là {scope!r}")
    limit, share = q.get("limit"), q.get("share")
    if (limit is None) == (share is None):
        r.fail(path, "cần đúng một trong hai: limit (số lượng) hoặc share (tỷ lệ)")
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 0):
        r.fail(f"{path}.limit", f"phải là số nguyên không âm, đang là {limit!r}")
        limit = None
    if share is not None:
        if not isinstance(share, int | float) or isinstance(share, bool) or not 0 < share <= 1:
            r.fail(f"{path}.share", f"phải là tỷ lệ trong (0, 1], đang là {share!r}")
            share = None
        elif scope != "unit":
            r.fail(f"{path}.share", "chỉ tiêu theo tỷ lệ quân số chỉ dùng với scope = \"unit\"")
    return Quota(award, subjects, str(scope), limit, float(share) if share is not None else None)


def parse_campaign(data: Mapping[str, Any], source: str = "") -> Campaign:
    """Validate a raw TOML mapping and build a Campaign, reporting every problem at once."""
    r = _Reader()
    head, ag, per, dl = (r.table(data, k) for k in ("campaign", "agency", "period", "deadline"))
    cid = r.text(head, "id", "campaign")
    if cid and not _ID.match(cid):
        r.fail("campaign.id", f"chỉ dùng chữ thường không dấu, số và gạch nối: {cid!r}")
    agency = Agency(
        **{k: r.text(ag, k, "agency") for k in ("name", "parent", "place", "code_suffix", "head_title")},
        **{k: r.text(ag, k, "agency", required=False) or default for k, default in (
            ("head_name", ""), ("office", "Văn phòng"), ("office_head_title", "Chánh Văn phòng"),
            ("council", "Hội đồng Thi đua - Khen thưởng"), ("superior_head", ""))},
    )
    start, end = r.day(per, "start", "period"), r.day(per, "end", "period")
    deadline = r.day(dl, "date", "deadline")
    if start and end and end < start:
        r.fail("period.end", "ngày kết thúc trước ngày bắt đầu")
    if start and deadline and deadline < start:
        r.fail("deadline.date", "hạn nộp hồ sơ trước ngày bắt đầu đợt thi đua")

    subjects = tuple(Subject(r.text(s, "code", f"subjects[{i}]"), r.text(s, "label", f"subjects[{i}]"),
                             _kind(r, s, f"subjects[{i}]"),
                             r.text(s, "description", f"subjects[{i}]", required=False))
                     for i, s in enumerate(r.array(data, "subjects")))
    r.unique([s.code for s in subjects], "subjects")
    subject_codes = {s.code for s in subjects}

    units = tuple(_parse_unit(r, u, f"units[{i}]") for i, u in enumerate(r.array(data, "units")))
    r.unique([u.code for u in units], "units")

    awards_list = []
    for i, a in enumerate(r.array(data, "awards")):
        path = f"awards[{i}]"
        level = a.get("level", "agency")
        if level not in LEVELS:
            r.fail(f"{path}.level", f"phải là một trong {', '.join(LEVELS)}, đang là {level!r}")
        awards_list.append(Award(r.text(a, "code", path), r.text(a, "name", path),
                                 r.text(a, "authority", path),
                                 r.codes(a, "subjects", path, subject_codes), str(level)))
    r.unique([a.code for a in awards_list], "awards")
    awards = {a.code: a for a in awards_list}

    quotas = tuple(_parse_quota(r, q, f"quotas[{i}]", awards)
                   for i, q in enumerate(data.get("quotas", [])))

    criteria = tuple(
        Criterion(r.text(c, "code", f"criteria[{i}]"), r.text(c, "text", f"criteria[{i}]"),
                  r.codes(c, "subjects", f"criteria[{i}]", subject_codes),
                  r.flag(c, "mandatory", f"criteria[{i}]", True),
                  r.flag(c, "conditional", f"criteria[{i}]", False))
        for i, c in enumerate(r.array(data, "criteria")))
    r.unique([c.code for c in criteria], "criteria")

    dossier = tuple(
        DossierItem(r.text(d, "code", f"dossier[{i}]"), r.text(d, "label", f"dossier[{i}]"),
                    r.text(d, "text", f"dossier[{i}]", required=False) or str(d.get("label", "")),
                    r.flag(d, "required", f"dossier[{i}]", True))
        for i, d in enumerate(data.get("dossier", [])))

    threshold = data.get("voting", {}).get("threshold")
    if threshold is not None and (not isinstance(threshold, int | float) or not 0 < threshold <= 1):
        r.fail("voting.threshold", f"phải là tỷ lệ trong (0, 1], đang là {threshold!r}")
        threshold = None
    ties = data.get("ranking", {}).get("tie_breakers", [])
    for t in ties:
        if t not in TIE_BREAKERS:
            r.fail("ranking.tie_breakers", f"tiêu chí xếp hạng không biết: {t!r} "
                   f"(dùng: {', '.join(TIE_BREAKERS)})")
    marks = data.get("marks", {}).get("met", ["Đạt", "x", "✓", "có"])
    if not isinstance(marks, list) or not marks or not all(isinstance(m, str) and m.strip()
                                                            for m in marks):
        r.fail("marks.met", "phải là danh sách chuỗi không rỗng")
        marks = ["Đạt"]
    intro = data.get("criteria_intro", {})
    for k in intro:
        if k not in subject_codes:
            r.fail(f"criteria_intro.{k}", "đối tượng chưa khai báo")
    unit_list = data.get("unit_list", {})
    council = parse_council(data, r.fail)
    certificate = parse_certificate(data, r.fail)
    ledger_file, award_rule = _parse_ledger(r, data.get("ledger", {}))
    proposals = parse_proposals(data, r.fail, [u.code for u in units])

    if r.problems:
        raise CampaignError(source or "?", r.problems)
    assert start and end and deadline
    return Campaign(
        id=cid, name=r.text(head, "name", "campaign"),
        plan=r.text(head, "plan", "campaign", required=False),
        template_version=str(head.get("template_version", "1")), agency=agency,
        period_start=start, period_end=end, deadline=deadline,
        deadline_inclusive=r.flag(dl, "inclusive", "deadline", False),
        subjects=subjects, units=units, units_example=bool(unit_list.get("example", False)),
        awards=tuple(awards_list), quotas=quotas, criteria=criteria,
        criteria_intro={k: unicodedata.normalize("NFC", v) for k, v in intro.items()},
        dossier=dossier, vote_threshold=float(threshold) if threshold is not None else None,
        tie_breakers=tuple(ties), met_marks=tuple(unicodedata.normalize("NFC", m) for m in marks),
        source=source, council=council, certificate=certificate, ledger_file=ledger_file,
        campaign_award_rule=award_rule, proposals=proposals,
    )


def _kind(r: _Reader, s: Mapping[str, Any], path: str) -> str:
    """A subject's kind, which decides birth year, gender and Ông/Bà: never guessed from its code."""
    kind = r.text(s, "kind", path)
    if kind and kind not in KINDS:
        r.fail(f"{path}.kind", f"phải là một trong {', '.join(KINDS)} (cá nhân / tập thể), "
                               f"không phải \"{kind}\"")
    return kind


def _parse_unit(r: _Reader, u: Mapping[str, Any], path: str) -> Unit:
    """One unit entry; headcount optional but a positive whole number when present."""
    headcount = u.get("headcount")
    if headcount is not None and (not isinstance(headcount, int) or headcount <= 0):
        r.fail(f"{path}.headcount", f"phải là số nguyên dương, đang là {headcount!r}")
        headcount = None
    return Unit(r.text(u, "code", path), r.text(u, "name", path), headcount)


def _parse_ledger(r: _Reader, table: object) -> tuple[str, str]:
    """The optional [ledger] table: where the award ledger lives and the rule on campaign awards."""
    if not isinstance(table, dict):
        r.fail("ledger", "phải là bảng [ledger]")
        return "", ""
    return (r.text(table, "file", "ledger", required=False),
            r.text(table, "campaign_award_rule", "ledger", required=False))


def builtin_path(campaign_id: str = BUILTIN_ID) -> Path:
    """Path of a built-in campaign definition shipped with the package."""
    return BUILTIN_DIR / f"{campaign_id}.toml"


def load_campaign(path: str | Path | None = None) -> Campaign:
    """Load and validate a campaign file; None means the built-in example."""
    p = Path(path) if path else builtin_path()
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise CampaignError(str(p), [f"không đọc được tệp: {exc.strerror or exc}"]) from exc
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CampaignError(str(p), [f"sai cú pháp TOML: {exc}"]) from exc
    return parse_campaign(data, str(p))
