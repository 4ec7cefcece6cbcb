"""Campaign definition: the one source of truth for dates, quotas, criteria, units and names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from thidua_xl.campaign.papers import Papers, TieRules
from thidua_xl.campaign.proposals import ProposalRules
from thidua_xl.text.dates import fmt_date as fmt_date
from thidua_xl.text.numbers import decimal, percent

BUILTIN_DIR = Path(__file__).parent / "builtin"
BUILTIN_ID = "bau-cu-2021"
SCOPES = ("agency", "unit")
LEVELS = ("agency", "superior")
TIE_BREAKERS = ("nu-truoc", "phieu-nhieu", "nop-som")
INDIVIDUAL, COLLECTIVE = "individual", "collective"
KINDS = (INDIVIDUAL, COLLECTIVE)
COUNCIL_BASES = ("total", "present")
CERTIFICATE_LAYOUTS = ("frame", "form")
CERTIFICATE_FIELDS = ("authority", "name", "role", "achievement", "decision", "place_date",
                      "signer_title", "signer_name")


@dataclass(frozen=True)
class Subject:
    """Who can be commended; the core reads its kind (individual or collective), never its code."""

    code: str
    label: str
    kind: str
    description: str = ""


@dataclass(frozen=True)
class Unit:
    """A proposing unit: short code, short name, optional headcount and official full name."""

    code: str
    name: str
    headcount: int | None = None
    full_name: str = ""

    @property
    def official(self) -> str:
        """The name documents leaving the agency use: the full name, else the short one."""
        return self.full_name or self.name


@dataclass(frozen=True)
class Award:
    """An award form, who decides it and which subjects it is open to."""

    code: str
    name: str
    authority: str
    subjects: tuple[str, ...]
    level: str = "agency"


@dataclass(frozen=True)
class Quota:
    """A cap on nominations: per subject (one code) or combined (several), agency-wide or per unit."""

    award: str
    subjects: tuple[str, ...]
    scope: str = "agency"
    limit: int | None = None
    share: float | None = None

    @property
    def combined(self) -> bool:
        """Whether the cap counts several subjects together."""
        return len(self.subjects) > 1


@dataclass(frozen=True)
class Criterion:
    """One standard a nominee must meet, with its code and full wording."""

    code: str
    text: str
    subjects: tuple[str, ...]
    mandatory: bool = True
    conditional: bool = False

    @property
    def general(self) -> bool:
        """Whether the criterion applies to every subject (tiêu chuẩn chung)."""
        return len(self.subjects) > 1


@dataclass(frozen=True)
class DossierItem:
    """A document the unit's dossier must contain."""

    code: str
    label: str
    text: str
    required: bool = True


@dataclass(frozen=True)
class Agency:
    """Identity of the issuing agency, used in every document header and signature."""

    name: str
    parent: str
    place: str
    code_suffix: str
    head_title: str
    head_name: str = ""
    office: str = "Văn phòng"
    office_head_title: str = "Chánh Văn phòng"
    council: str = "Hội đồng Thi đua - Khen thưởng"
    superior_head: str = ""


@dataclass(frozen=True)
class CouncilRules:
    """How the agency's council votes: the share of votes a candidate needs, and the quorum."""

    threshold: float | None = None
    base: str = "total"
    quorum: float | None = None


@dataclass(frozen=True)
class Placement:
    """Where one line of a certificate prints on a pre-printed form: centre x, top y, width (mm)."""

    x: float
    y: float
    width: float = 120.0
    size: float = 14.0


@dataclass(frozen=True)
class CertificateSpec:
    """The certificate's achievement line and layout; positions only for pre-printed forms."""

    achievement: str = ""
    layout: str = "frame"
    positions: tuple[tuple[str, Placement], ...] = ()

    def placement(self, key: str) -> Placement | None:
        """Where a line prints on the form, None when the campaign gives no position for it."""
        return dict(self.positions).get(key)


@dataclass(frozen=True, eq=False)
class Campaign:
    """A whole emulation campaign as loaded and validated from TOML (one object, compared by identity)."""

    id: str
    name: str
    plan: str
    template_version: str
    agency: Agency
    period_start: date
    period_end: date
    deadline: date
    deadline_inclusive: bool
    subjects: tuple[Subject, ...]
    units: tuple[Unit, ...]
    units_example: bool
    awards: tuple[Award, ...]
    quotas: tuple[Quota, ...]
    criteria: tuple[Criterion, ...]
    criteria_intro: Mapping[str, str]
    dossier: tuple[DossierItem, ...]
    vote_threshold: float | None
    tie_breakers: tuple[str, ...]
    met_marks: tuple[str, ...]
    source: str = ""
    council: CouncilRules = CouncilRules()
    certificate: CertificateSpec = CertificateSpec()
    ledger_file: str = ""
    campaign_award_rule: str = ""
    proposals: ProposalRules = field(default_factory=ProposalRules)
    papers: Papers = field(default_factory=Papers)
    ties: TieRules = field(default_factory=TieRules)

    def subject(self, code: str) -> Subject:
        """Look a subject up by code."""
        return next(s for s in self.subjects if s.code == code)

    def kind(self, subject: str | None) -> str | None:
        """The kind of a subject code, None when the code is unknown or missing."""
        return next((s.kind for s in self.subjects if s.code == subject), None)

    def award(self, code: str) -> Award:
        """Look an award up by code."""
        return next(a for a in self.awards if a.code == code)

    def unit(self, code: str) -> Unit:
        """Look a unit up by code."""
        return next(u for u in self.units if u.code == code)

    def award_rank(self, code: str) -> int:
        """Order of award forms, highest first: the superior's awards, then the campaign's order."""
        order = sorted(range(len(self.awards)), key=lambda i: self.awards[i].level != "superior")
        return next((order.index(i) for i, a in enumerate(self.awards) if a.code == code),
                    len(self.awards))

    def criteria_for(self, subject: str) -> tuple[Criterion, ...]:
        """Criteria a nominee of this subject is judged on, in definition order."""
        return tuple(c for c in self.criteria if subject in c.subjects)

    def is_late(self, day: date) -> bool:
        """Whether a dossier dated `day` misses the deadline under the inclusive/exclusive rule."""
        return day > self.deadline if self.deadline_inclusive else day >= self.deadline

    @property
    def last_valid_day(self) -> date:
        """The last day on which a dossier is still on time."""
        return self.deadline if self.deadline_inclusive else self.deadline - timedelta(days=1)


class CampaignError(ValueError):
    """A campaign file that cannot be used; `problems` lists every fault in Vietnamese."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"Tệp định nghĩa đợt thi đua không hợp lệ ({source}):\n{lines}")


def quota_limit(quota: Quota, campaign: Campaign, unit: Unit | None = None) -> tuple[int, str]:
    """The cap a quota sets and how it was computed ("15% × 23 người = 3,45 → 3")."""
    if quota.limit is not None:
        return quota.limit, f"không quá {quota.limit:02d}"
    share = quota.share or 0.0
    headcount = unit.headcount if unit else None
    if not headcount:
        return 0, f"{percent(share, 2, trim=True)} × quân số (chưa khai báo quân số) → 0"
    exact = share * headcount
    return int(exact + 1e-9), (f"{percent(share, 2, trim=True)} × {headcount} người = "
                               f"{decimal(exact)} → {int(exact + 1e-9)}")


def describe_quota(quota: Quota, campaign: Campaign) -> str:
    """A one-line Vietnamese description of a quota for help sheets and `campaign show`."""
    subj = " hoặc ".join(campaign.subject(s).label.lower() for s in quota.subjects)
    scope = "toàn cơ quan" if quota.scope == "agency" else "mỗi đơn vị"
    amount = (f"không quá {quota.limit:02d}" if quota.limit is not None
              else f"không quá {percent(quota.share or 0, 2, trim=True)} quân số (làm tròn xuống)")
    return f"{campaign.award(quota.award).name}: {amount} {subj} ({scope})"

