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
from thidua_xl.campaign.papers import parse_papers, parse_ties
from thidua_xl.campaign.proposals import parse_proposals
from thidua_xl.campaign.sections import parse_certificate, parse_council
from thidua_xl.text.dates import parse_date
from thidua_xl.text.vietnamese import fold

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def shown(value: object, limit: int = 60) -> str:
    """A TOML value as a clerk reads it in a message: its kind, and short text for scalars
    (a deeply nested table is named, never printed whole)."""
    if isinstance(value, dict):
        return "một bảng {…}" if value else "một bảng rỗng {}"
    if isinstance(value, list):
        return "một danh sách […]" if value else "một danh sách rỗng []"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


class _Reader:
    """Collects problems while pulling typed values out of the raw TOML mapping."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, key: str, message: str) -> None:
        """Record one problem naming the key."""
        self.problems.append(f"khóa `{key}`: {message}")

    def section(self, data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
        """An optional table ([key]); anything else in its place is a problem."""
        value = data.get(key, {})
        if not isinstance(value, dict):
            self.fail(key, f"phải là một bảng [{key}], đang là {shown(value)}")
            return {}
        return value

    def tables(self, data: Mapping[str, Any], key: str, required: bool = True
               ) -> list[tuple[str, Mapping[str, Any]]]:
        """An array of tables ([[key]]) as (path, table) pairs; each entry that is not a table is a
        problem naming its place, and so is a missing or empty array when one is required."""
        value = data.get(key, [])
        if not isinstance(value, list):
            self.fail(key, f"phải là danh sách các mục [[{key}]], đang là {shown(value)}")
            return []
        if required and not value:
            self.fail(key, f"cần ít nhất một mục [[{key}]]")
        found: list[tuple[str, Mapping[str, Any]]] = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                found.append((f"{key}[{i}]", item))
            else:
                self.fail(f"{key}[{i}]", f"mỗi mục phải là một bảng [[{key}]] (các khóa code = …), "
                                         f"đang là {shown(item)}")
        return found

    def integer(self, data: Mapping[str, Any], key: str, path: str, least: int) -> int | None:
        """An optional whole number ≥ least; true/false, decimals, text or tables are problems."""
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            kind = "nguyên dương" if least > 0 else "nguyên không âm"
            self.fail(f"{path}.{key}", f"phải là số {kind}, đang là {shown(value)}")
            return None
        return value

    def share(self, data: Mapping[str, Any], key: str, path: str) -> float | None:
        """An optional share in (0, 1]; true/false, text or tables are problems."""
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
            self.fail(f"{path}.{key}", f"phải là tỷ lệ trong (0, 1], ví dụ 0.15 là 15%; đang là "
                                       f"{shown(value)}")
            return None
        return float(value)

    def strings(self, data: Mapping[str, Any], key: str, path: str, default: list[str]) -> list[str]:
        """An optional non-empty list of non-empty strings."""
        value = data.get(key, default)
        if not isinstance(value, list) or not value or not all(isinstance(m, str) and m.strip()
                                                                for m in value):
            self.fail(f"{path}.{key}", f"phải là danh sách chuỗi không rỗng, đang là {shown(value)}")
            return default
        return value

    def distinct(self, items: list[str], path: str, what: str) -> None:
        """Flag two entries that a clerk's typing could not tell apart (case, spacing, marks kept)."""
        seen: dict[str, str] = {}
        for item in items:
            key = fold(item)
            if key and key in seen:
                self.fail(path, f"hai {what}: {seen[key]!r} và {item!r} (chữ hoa, chữ thường, dấu "
                                "cách không làm hai tên khác nhau); hồ sơ gửi về sẽ không biết "
                                "thuộc đơn vị nào")
            seen.setdefault(key, item)

    def text(self, data: Mapping[str, Any], key: str, path: str, required: bool = True) -> str:
        """A non-empty NFC string, or a problem."""
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(f"{path}.{key}", "thiếu hoặc để trống")
            return ""
        if not isinstance(value, str):
            self.fail(f"{path}.{key}", f"phải là chuỗi ký tự, đang là {shown(value)}")
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
        self.fail(f"{path}.{key}", f"ngày không hợp lệ ({shown(value)}); dùng 2021-05-25 hoặc "
                                   "25/05/2021")
        return None

    def flag(self, data: Mapping[str, Any], key: str, path: str, default: bool) -> bool:
        """A boolean with a default."""
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.fail(f"{path}.{key}", f"phải là true hoặc false, đang là {shown(value)}")
            return default
        return value

    def codes(self, data: Mapping[str, Any], key: str, path: str, known: set[str]) -> tuple[str, ...]:
        """A non-empty list of known codes."""
        value = data.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            self.fail(f"{path}.{key}", f"phải là danh sách mã không rỗng, ví dụ [\"ca-nhan\"], "
                                       f"đang là {shown(value)}")
            return ()
        for v in value:
            if v not in known:
                self.fail(f"{path}.{key}", f"mã không có trong danh sách đã khai báo: {v!r}")
        return tuple(value)

    def table(self, data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
        """A required sub-table, or a problem when it is missing or something else."""
        value = data.get(key)
        if not isinstance(value, dict):
            self.fail(key, "thiếu bảng này" if value is None else
                      f"phải là một bảng [{key}], đang là {shown(value)}")
            return {}
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
    if not isinstance(scope, str) or scope not in SCOPES:
        r.fail(f"{path}.scope", f"phải là một trong {', '.join(SCOPES)}, đang là {shown(scope)}")
        scope = "agency"
    if ("limit" in q) == ("share" in q):
        r.fail(path, "cần đúng một trong hai: limit (số lượng) hoặc share (tỷ lệ)")
    limit, share = r.integer(q, "limit", path, 0), r.share(q, "share", path)
    if share is not None and scope != "unit":
        r.fail(f"{path}.share", "chỉ tiêu theo tỷ lệ quân số chỉ dùng với scope = \"unit\"")
    return Quota(award, subjects, scope, limit, share)


def parse_campaign(data: Mapping[str, Any], source: str = "") -> Campaign:
    """Validate a raw TOML mapping and build a Campaign, reporting every problem at once."""
    r = _Reader()
    head, ag, per, dl = (r.table(data, k) for k in ("campaign", "agency", "period", "deadline"))
    cid = r.text(head, "id", "campaign")
    if cid and not _ID.match(cid):
        r.fail("campaign.id", f"chỉ dùng chữ thường không dấu, số và gạch nối: {cid!r}")
    name, plan = r.text(head, "name", "campaign"), r.text(head, "plan", "campaign", required=False)
    version = head.get("template_version", "1")
    if isinstance(version, bool) or not isinstance(version, str | int) or not str(version).strip():
        r.fail("campaign.template_version", f"phải là chuỗi hoặc số, ví dụ \"1\"; đang là "
                                            f"{shown(version)}")
        version = "1"
    agency = Agency(
        **{k: r.text(ag, k, "agency") for k in ("name", "parent", "place", "code_suffix", "head_title")},
        **{k: r.text(ag, k, "agency", required=False) or default for k, default in (
            ("head_name", ""), ("office", "Văn phòng"), ("office_head_title", "Chánh Văn phòng"),
            ("council", "Hội đồng Thi đua - Khen thưởng"), ("superior_head", ""))},
    )
    start, end = r.day(per, "start", "period"), r.day(per, "end", "period")
    deadline = r.day(dl, "date", "deadline")
    inclusive = r.flag(dl, "inclusive", "deadline", False)
    if start and end and end < start:
        r.fail("period.end", "ngày kết thúc trước ngày bắt đầu")
    if start and deadline and deadline < start:
        r.fail("deadline.date", "hạn nộp hồ sơ trước ngày bắt đầu đợt thi đua")

    subjects = tuple(Subject(r.text(s, "code", path), r.text(s, "label", path), _kind(r, s, path),
                             r.text(s, "description", path, required=False))
                     for path, s in r.tables(data, "subjects"))
    r.unique([s.code for s in subjects], "subjects")
    subject_codes = {s.code for s in subjects}

    units = tuple(_parse_unit(r, u, path) for path, u in r.tables(data, "units"))
    r.distinct([u.code for u in units], "units", "đơn vị trùng mã")
    r.distinct([u.name for u in units], "units", "đơn vị trùng tên")

    awards_list = []
    for path, a in r.tables(data, "awards"):
        level = a.get("level", "agency")
        if not isinstance(level, str) or level not in LEVELS:
            r.fail(f"{path}.level", f"phải là một trong {', '.join(LEVELS)}, đang là {shown(level)}")
            level = "agency"
        awards_list.append(Award(r.text(a, "code", path), r.text(a, "name", path),
                                 r.text(a, "authority", path),
                                 r.codes(a, "subjects", path, subject_codes), level))
    r.unique([a.code for a in awards_list], "awards")
    awards = {a.code: a for a in awards_list}

    quotas = tuple(_parse_quota(r, q, path, awards)
                   for path, q in r.tables(data, "quotas", required=False))

    criteria = tuple(
        Criterion(r.text(c, "code", path), r.text(c, "text", path),
                  r.codes(c, "subjects", path, subject_codes), r.flag(c, "mandatory", path, True),
                  r.flag(c, "conditional", path, False))
        for path, c in r.tables(data, "criteria"))
    r.unique([c.code for c in criteria], "criteria")

    dossier = tuple(
        DossierItem(r.text(d, "code", path), r.text(d, "label", path),
                    r.text(d, "text", path, required=False) or r.text(d, "label", path, False),
                    r.flag(d, "required", path, True))
        for path, d in r.tables(data, "dossier", required=False))

    threshold = r.share(r.section(data, "voting"), "threshold", "voting")
    ties = _tie_breakers(r, r.section(data, "ranking"))
    marks = r.strings(r.section(data, "marks"), "met", "marks", ["Đạt", "x", "✓", "có"])
    intro = _intro(r, r.section(data, "criteria_intro"), subject_codes)
    example = r.flag(r.section(data, "unit_list"), "example", "unit_list", False)
    council = parse_council(data, r.fail)
    certificate = parse_certificate(data, r.fail)
    ledger_file, award_rule = _parse_ledger(r, data.get("ledger", {}))
    proposals = parse_proposals(data, r.fail, [u.code for u in units])
    papers = parse_papers(r, data, agency)
    ties_rules = parse_ties(r, data, TIE_BREAKERS)

    if r.problems:
        raise CampaignError(source or "?", r.problems)
    assert start and end and deadline
    return Campaign(
        id=cid, name=name, plan=plan, template_version=str(version), agency=agency,
        period_start=start, period_end=end, deadline=deadline, deadline_inclusive=inclusive,
        subjects=subjects, units=units, units_example=example,
        awards=tuple(awards_list), quotas=quotas, criteria=criteria, criteria_intro=intro,
        dossier=dossier, vote_threshold=threshold,
        tie_breakers=ties, met_marks=tuple(unicodedata.normalize("NFC", m) for m in marks),
        source=source, council=council, certificate=certificate, ledger_file=ledger_file,
        campaign_award_rule=award_rule, proposals=proposals, papers=papers, ties=ties_rules,
    )


def _tie_breakers(r: _Reader, ranking: Mapping[str, Any]) -> tuple[str, ...]:
    """[ranking].tie_breakers: a list of known tie-breaker names."""
    ties = ranking.get("tie_breakers", [])
    if not isinstance(ties, list) or not all(isinstance(t, str) for t in ties):
        r.fail("ranking.tie_breakers", f"phải là danh sách, ví dụ [\"nu-truoc\"], đang là "
                                       f"{shown(ties)}")
        return ()
    for t in ties:
        if t not in TIE_BREAKERS:
            r.fail("ranking.tie_breakers", f"tiêu chí xếp hạng không biết: {t!r} "
                   f"(dùng: {', '.join(TIE_BREAKERS)})")
    return tuple(ties)


def _intro(r: _Reader, intro: Mapping[str, Any], subject_codes: set[str]) -> dict[str, str]:
    """[criteria_intro]: per declared subject, the sentence before its criteria."""
    found: dict[str, str] = {}
    for k, v in intro.items():
        if k not in subject_codes:
            r.fail(f"criteria_intro.{k}", "đối tượng chưa khai báo")
        elif not isinstance(v, str):
            r.fail(f"criteria_intro.{k}", f"phải là chuỗi ký tự, đang là {shown(v)}")
        else:
            found[k] = unicodedata.normalize("NFC", v)
    return found


def _kind(r: _Reader, s: Mapping[str, Any], path: str) -> str:
    """A subject's kind, which decides birth year, gender and Ông/Bà: never guessed from its code."""
    kind = r.text(s, "kind", path)
    if kind and kind not in KINDS:
        r.fail(f"{path}.kind", f"phải là một trong {', '.join(KINDS)} (cá nhân / tập thể), "
                               f"không phải \"{kind}\"")
    return kind


def _parse_unit(r: _Reader, u: Mapping[str, Any], path: str) -> Unit:
    """One unit entry; headcount optional but a positive whole number when present."""
    return Unit(r.text(u, "code", path), r.text(u, "name", path), r.integer(u, "headcount", path, 1),
                r.text(u, "full_name", path, required=False))


def _parse_ledger(r: _Reader, table: object) -> tuple[str, str]:
    """The optional [ledger] table: where the award ledger lives and the rule on campaign awards."""
    if not isinstance(table, dict):
        r.fail("ledger", f"phải là bảng [ledger], đang là {shown(table)}")
        return "", ""
    return (r.text(table, "file", "ledger", required=False),
            r.text(table, "campaign_award_rule", "ledger", required=False))


def builtin_path(campaign_id: str = BUILTIN_ID) -> Path:
    """Path of a built-in campaign definition shipped with the package."""
    return BUILTIN_DIR / f"{campaign_id}.toml"


def builtin_ids() -> tuple[str, ...]:
    """Ids of the campaigns shipped with the package, the default first."""
    ids = sorted(p.stem for p in BUILTIN_DIR.glob("*.toml"))
    return tuple(sorted(ids, key=lambda i: i != BUILTIN_ID))


def load_campaign(path: str | Path | None = None) -> Campaign:
    """Load and validate a campaign file; None means the built-in example."""
    p = Path(path) if path else builtin_path()
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise CampaignError(str(p), [f"không đọc được tệp: {exc.strerror or exc}"]) from exc
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise CampaignError(str(p), ["tệp phải ghi bằng mã UTF-8"]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise CampaignError(str(p), [f"sai cú pháp TOML: {exc}"]) from exc
    except RecursionError as exc:
        raise CampaignError(str(p), ["danh sách hoặc bảng lồng nhau quá sâu, không phải một tệp "
                                     "định nghĩa đợt thi đua"]) from exc
    return parse_campaign(data, str(p))
