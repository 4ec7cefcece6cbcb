"""What the campaign's documents cite, who signs them and who receives them: all campaign data.

The legal frame changes over the years (a 2021 campaign cites the 2003 Law, a 2026 one the 2022
Law), so no citation, plan reference, signer or recipient is written in code."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from thidua_xl.text.dates import fmt_date

if TYPE_CHECKING:
    from thidua_xl.campaign.model import Agency

AUTHORITY_MARKS = ("KT.", "TM.", "TL.", "TUQ.")


@dataclass(frozen=True)
class Plan:
    """A plan the documents cite: "<kind> số <number> ngày <dd/mm/yyyy> của <issuer> <about>"."""

    kind: str
    about: str
    issuer: str
    number: str = ""
    day: date | None = None

    def citation(self) -> str:
        """The plan as a sentence cites it; a blank number or date is simply left out."""
        parts = [self.kind]
        if self.number:
            parts.append(f"số {self.number}")
        if self.day:
            parts.append(f"ngày {fmt_date(self.day)}")
        if self.issuer:
            parts.append(f"của {self.issuer}")
        if self.about:
            parts.append(self.about)
        return " ".join(parts)


@dataclass(frozen=True)
class Signatory:
    """Who signs: "KT. Giám đốc" (signing for), the signer's own title, and name."""

    title: str
    name: str = ""
    on_behalf: str = ""


@dataclass(frozen=True)
class Papers:
    """Citations, plans, signers, recipients and the fix deadline the documents are built from."""

    legal_bases: tuple[str, ...] = ()
    mandate: str = ""
    superior_plan: Plan | None = None
    agency_plan: Plan | None = None
    head: Signatory = Signatory("")
    office: Signatory = Signatory("")
    superior_to: tuple[str, ...] = ()
    superior_cc: tuple[str, ...] = ()
    decision_cc: tuple[str, ...] = ()
    office_cc: tuple[str, ...] = ()
    filed: str = "VT"
    fix_days: int | None = None
    fix_date: date | None = None

    def fix_deadline(self, issued: date | None, campaign_deadline: date) -> date | None:
        """The day a fix slip asks for: the fixed date, else fix_days after the slip (or deadline)."""
        if self.fix_date:
            return self.fix_date
        if self.fix_days is None:
            return None
        return (issued or campaign_deadline) + timedelta(days=self.fix_days)


@dataclass(frozen=True)
class TieRules:
    """What the tie-breakers print and the share of women that makes a collective count as women."""

    citations: Mapping[str, str] = field(default_factory=dict)
    women_share: float | None = None


class FieldReader(Protocol):
    """The loader's problem-collecting reader, as this module uses it."""

    def fail(self, key: str, message: str) -> None: ...
    def text(self, data: Mapping[str, Any], key: str, path: str, required: bool = True) -> str: ...
    def day(self, data: Mapping[str, Any], key: str, path: str) -> date | None: ...


def _table(r: FieldReader, data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """An optional sub-table (dotted key), empty when absent, a problem when not a table."""
    value: Any = data
    for part in key.split("."):
        value = value.get(part, {}) if isinstance(value, dict) else None
    if not isinstance(value, dict):
        r.fail(key, "phải là một bảng [" + key + "]")
        return {}
    return value


def _texts(r: FieldReader, data: Mapping[str, Any], key: str, path: str,
           default: tuple[str, ...] = ()) -> tuple[str, ...]:
    """A list of non-empty strings (NFC, spaces collapsed), the default when the key is absent."""
    value = data.get(key)
    if value is None:
        return default
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        r.fail(f"{path}.{key}", "phải là danh sách chuỗi ký tự không rỗng, ví dụ [\"…\", \"…\"]")
        return default
    return tuple(r.text({"v": v}, "v", path) for v in value)


def _optional_day(r: FieldReader, data: Mapping[str, Any], key: str, path: str) -> date | None:
    """A date that may be left blank ("" or absent)."""
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return r.day(data, key, path)


def _plan(r: FieldReader, data: Mapping[str, Any], which: str, issuer: str) -> Plan | None:
    """[plans.<which>]: kind and about required; number and date may stay blank."""
    table = _table(r, data, f"plans.{which}")
    if not table:
        return None
    path = f"plans.{which}"
    return Plan(kind=r.text(table, "kind", path), about=r.text(table, "about", path),
                issuer=r.text(table, "issuer", path, required=False) or issuer,
                number=r.text(table, "number", path, required=False),
                day=_optional_day(r, table, "date", path))


def _signatory(r: FieldReader, data: Mapping[str, Any], which: str, title: str,
               name: str) -> Signatory:
    """[signers.<which>]: signing for (KT./TM./TL./TUQ.), title and name, defaults from [agency]."""
    table = _table(r, data, f"signers.{which}")
    path = f"signers.{which}"
    on_behalf = r.text(table, "for", path, required=False)
    if on_behalf and not on_behalf.upper().startswith(AUTHORITY_MARKS):
        r.fail(f"{path}.for", f"phải bắt đầu bằng {', '.join(AUTHORITY_MARKS)} "
                              f"(ví dụ \"KT. Giám đốc\"), đang là {on_behalf!r}")
    return Signatory(title=r.text(table, "title", path, required=False) or title,
                     name=r.text(table, "name", path, required=False) or name,
                     on_behalf=on_behalf)


def _fix_days(r: FieldReader, deadline: Mapping[str, Any]) -> int | None:
    """[deadline] fix_days: a whole number of days from 1 up."""
    value = deadline.get("fix_days")
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        r.fail("deadline.fix_days", f"phải là số ngày nguyên dương, đang là {value!r}")
        return None
    return value


def parse_papers(r: FieldReader, data: Mapping[str, Any], agency: Agency) -> Papers:
    """[legal], [plans.*], [signers.*], [recipients] and the fix deadline of [deadline]."""
    legal, rec = _table(r, data, "legal"), _table(r, data, "recipients")
    deadline = _table(r, data, "deadline")
    return Papers(
        legal_bases=_texts(r, legal, "bases", "legal"),
        mandate=r.text(legal, "mandate", "legal", required=False),
        superior_plan=_plan(r, data, "superior", agency.superior_head),
        agency_plan=_plan(r, data, "agency", agency.name),
        head=_signatory(r, data, "head", agency.head_title, agency.head_name),
        office=_signatory(r, data, "office", agency.office_head_title, ""),
        superior_to=_texts(r, rec, "superior", "recipients",
                           (agency.superior_head,) if agency.superior_head else ()),
        superior_cc=_texts(r, rec, "superior_cc", "recipients"),
        decision_cc=_texts(r, rec, "decision_cc", "recipients", (agency.council,)),
        office_cc=_texts(r, rec, "office_cc", "recipients", (agency.council,)),
        filed=r.text(rec, "filed", "recipients", required=False) or "VT",
        fix_days=_fix_days(r, deadline),
        fix_date=_optional_day(r, deadline, "fix_date", "deadline"),
    )


def parse_ties(r: FieldReader, data: Mapping[str, Any], known: tuple[str, ...]) -> TieRules:
    """[ranking] women_share and [ranking.citations]: one citation per tie-breaker code."""
    ranking = _table(r, data, "ranking")
    citations = _table(r, data, "ranking.citations")
    for code in citations:
        if code not in known:
            r.fail(f"ranking.citations.{code}", f"tiêu chí xếp hạng không biết (dùng: "
                                                f"{', '.join(known)})")
    share = ranking.get("women_share")
    if share is not None and (not isinstance(share, int | float) or isinstance(share, bool)
                              or not 0 < share <= 1):
        r.fail("ranking.women_share", f"phải là tỷ lệ trong (0, 1], ví dụ 0.7; đang là {share!r}")
        share = None
    return TieRules({code: r.text(citations, code, "ranking.citations") for code in citations},
                    float(share) if share is not None else None)
