"""What the award ledger holds: campaigns, signed decisions and the awards they grant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from thidua_xl.campaign import COLLECTIVE, INDIVIDUAL
from thidua_xl.text.dates import fmt_date
from thidua_xl.text.vietnamese import collective_key, fold_loose, person_key

KINDS = (INDIVIDUAL, COLLECTIVE)
KIND_LABELS = {INDIVIDUAL: "Cá nhân", COLLECTIVE: "Tập thể"}


class LedgerError(ValueError):
    """A ledger that cannot be opened or used; the message is Vietnamese and names the file."""


def identity_key(kind: str, name: object, birth_year: int | None) -> str:
    """The same key duplicate detection uses: loose name, plus birth year for a person."""
    return person_key(name, birth_year) if kind == INDIVIDUAL else collective_key(name)


def text_key(value: object) -> str:
    """Case-, mark- and spacing-insensitive form used to match names, forms and campaigns."""
    return fold_loose(value)


def number_key(number: str) -> str:
    """A decision number without case, marks or spaces: "12 /QĐ-UBND" is "12/qd-ubnd"."""
    return "".join(fold_loose(number).split())


@dataclass(frozen=True, slots=True)
class CampaignRef:
    """A campaign (đợt thi đua) as the ledger knows it: a stable code, its name and year."""

    code: str
    name: str
    year: int | None = None


@dataclass(frozen=True, slots=True)
class DecisionRef:
    """A signed decision: its number, the day it was signed and who signed it."""

    number: str
    signed_on: date
    authority: str = ""

    def describe(self) -> str:
        """"QĐ số 12/QĐ-STTTT ngày 05/06/2021" for lists and messages."""
        return f"QĐ số {self.number} ngày {fmt_date(self.signed_on)}"


@dataclass(frozen=True, slots=True)
class AwardLine:
    """One award to record: who (as written), from which unit, which award form."""

    kind: str
    name: str
    award: str
    birth_year: int | None = None
    gender: str = ""
    unit: str = ""
    year: int | None = None
    source: str = ""

    @property
    def key(self) -> str:
        """Identity of the person or collective across campaigns."""
        return identity_key(self.kind, self.name, self.birth_year)


@dataclass(frozen=True, slots=True)
class AwardRecord:
    """One award read back from the ledger, with its decision and campaign."""

    kind: str
    key: str
    name: str
    birth_year: int | None
    gender: str
    unit: str
    award: str
    year: int
    campaign: CampaignRef | None
    decision: DecisionRef
    source: str = ""

    @property
    def occasion(self) -> str:
        """What the award was for: the campaign's name, or the year for a yearly award."""
        return self.campaign.name if self.campaign else f"Năm {self.year}"

    def describe(self) -> str:
        """"Giấy khen … — Đợt thi đua … (QĐ số … ngày …)" for the consolidation and `show`."""
        return f"{self.award} — {self.occasion} ({self.decision.describe()})"


@dataclass(frozen=True, slots=True)
class Recorded:
    """What one write did: awards added, awards already there (recording twice changes nothing)."""

    added: int
    existing: int
