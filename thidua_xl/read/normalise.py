"""Raw cells → typed values (NFC text, codes, dates, numbers), keeping what could not be understood."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from thidua_xl.campaign import COLLECTIVE, INDIVIDUAL, Campaign, Unit
from thidua_xl.read import contract
from thidua_xl.read.model import RawRow, Submission
from thidua_xl.text.dates import parse_date, parse_int
from thidua_xl.text.legacy import detect_legacy_all, fix_legacy
from thidua_xl.text.vietnamese import clean_text, collective_key, is_met, match_choice, person_key

TEXT_FIELDS = ("name", "position", "unit", "summary", "note")


@dataclass(slots=True)
class Row:
    """A nominee row with typed values; a None beside a non-empty raw value means "not understood"."""

    raw: RawRow
    name: str
    subject: str | None
    kind: str | None
    award: str | None
    gender: str | None
    birth_year: int | None
    position: str
    work_unit: str
    votes: int | None
    summary: str
    note: str
    met: frozenset[str]
    legacy: dict[str, str] = field(default_factory=dict)
    not_applicable: frozenset[str] = frozenset()
    members: int | None = None
    women: int | None = None

    @property
    def key(self) -> str:
        """Identity for duplicate detection: person (name + birth year) or collective (name)."""
        if self.kind == COLLECTIVE:
            return collective_key(self.name)
        return person_key(self.name, self.birth_year)


@dataclass(slots=True)
class Info:
    """The unit-info sheet, typed."""

    unit: Unit | None
    unit_text: str
    letter_no: str
    letter_date: date | None
    meeting_date: date | None
    members_total: int | None
    members_present: int | None
    preparer: str
    dossier: dict[str, bool | None]


def file_encoding(rows: Sequence[RawRow]) -> str | None:
    """Legacy encoding suggested by all of a file's text cells together (short cells alone are ambiguous)."""
    texts = [v for raw in rows for k in TEXT_FIELDS if isinstance(v := raw.get(k), str)]
    return detect_legacy_all(texts)


def text_value(value: object, encoding: str | None = None) -> tuple[str, str | None]:
    """Clean NFC text, converted from TCVN3/VNI when detected (and which encoding it was)."""
    text = clean_text(value)
    if not text:
        return "", None
    fixed, encoding = fix_legacy(text, encoding)
    return (clean_text(fixed), encoding) if encoding else (text, None)


def resolve_unit(value: object, campaign: Campaign) -> Unit | None:
    """The campaign unit a typed name or code means."""
    text = clean_text(value)
    by_name = match_choice(text, [u.name for u in campaign.units])
    if by_name:
        return next(u for u in campaign.units if u.name == by_name)
    by_code = match_choice(text, [u.code for u in campaign.units])
    return next((u for u in campaign.units if u.code == by_code), None)


def subject_code(value: object, campaign: Campaign) -> str | None:
    """Subject code from its label (or code) as typed."""
    label = match_choice(value, [s.label for s in campaign.subjects])
    if label:
        return next(s.code for s in campaign.subjects if s.label == label)
    return match_choice(value, [s.code for s in campaign.subjects])


def award_code(value: object, campaign: Campaign) -> str | None:
    """Award code from its name (or code) as typed."""
    name = match_choice(value, [a.name for a in campaign.awards])
    if name:
        return next(a.code for a in campaign.awards if a.name == name)
    return match_choice(value, [a.code for a in campaign.awards])


def normalise_row(raw: RawRow, campaign: Campaign, encoding: str | None = None) -> Row:
    """Type every field of one nominee row (encoding: the file's legacy encoding, if any)."""
    texts: dict[str, str] = {}
    legacy: dict[str, str] = {}
    for key in TEXT_FIELDS:
        texts[key], enc = text_value(raw.get(key), encoding)
        if enc:
            legacy[key] = enc
    met = frozenset(c.code for c in campaign.criteria
                    if is_met(raw.get(contract.criterion_key(c.code)), campaign.met_marks))
    subject = subject_code(raw.get("subject"), campaign)
    return Row(raw=raw, name=texts["name"], subject=subject, kind=campaign.kind(subject),
               award=award_code(raw.get("award"), campaign),
               gender=match_choice(raw.get("gender"), contract.GENDERS),
               birth_year=parse_int(raw.get("birth_year")), position=texts["position"],
               work_unit=texts["unit"], votes=parse_int(raw.get("votes")),
               summary=texts["summary"], note=texts["note"], met=met, legacy=legacy,
               not_applicable=not_applicable(raw, campaign), members=parse_int(raw.get("members")),
               women=parse_int(raw.get("women")))


def not_applicable(raw: RawRow, campaign: Campaign) -> frozenset[str]:
    """Conditional criteria the row marks "Không áp dụng": neither met nor a failure."""
    marks = campaign.proposals.not_applicable
    return frozenset(c.code for c in campaign.criteria if c.conditional
                     and is_met(raw.get(contract.criterion_key(c.code)), marks))


def normalise_info(sub: Submission, campaign: Campaign) -> Info:
    """Type the unit-info fields and the dossier checklist."""
    get = sub.info.get
    dossier: dict[str, bool | None] = {}
    for item in campaign.dossier:
        choice = match_choice(get(contract.dossier_key(item.code)), (contract.YES, contract.NO))
        dossier[item.code] = None if choice is None else choice == contract.YES
    unit_text = text_value(get("unit"))[0]
    return Info(unit=resolve_unit(unit_text, campaign), unit_text=unit_text,
                letter_no=text_value(get("letter_no"))[0],
                letter_date=parse_date(get("letter_date")),
                meeting_date=parse_date(get("meeting_date")),
                members_total=parse_int(get("members_total")),
                members_present=parse_int(get("members_present")),
                preparer=text_value(get("preparer"))[0], dossier=dossier)


def addressed(name: str, gender: str | None, person: bool, row: int) -> str:
    """A nominee as messages name it: "Bà Nguyễn Thị Hồng Nhung", a collective's name, or the row."""
    if not name:
        return f"Dòng {row}"
    if person and gender:
        return f"{'Bà' if gender == contract.FEMALE else 'Ông'} {name}"
    return name


def who(row: Row) -> str:
    """How a file rule's message names the nominee of a row."""
    return addressed(row.name, row.gender, row.kind == INDIVIDUAL, row.raw.row)
