"""Raw cells → typed values (NFC text, codes, dates, numbers), keeping what could not be understood."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from thidua_xl.campaign import COLLECTIVE, INDIVIDUAL, Campaign, Unit
from thidua_xl.read import contract
from thidua_xl.read.model import RawRow, Submission
from thidua_xl.text.dates import parse_date, parse_int
from thidua_xl.text.legacy import detect_legacy_all, fix_legacy
from thidua_xl.text.vietnamese import (
    clean_text,
    collective_key,
    fold,
    fold_loose,
    is_met,
    match_choice,
    person_key,
    strip_marks,
)

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


Lookup = tuple[dict[str, Unit], dict[str, Unit | None]]


def _lookup(units: Sequence[Unit], attr: str) -> Lookup:
    """match_choice over one attribute of every unit, as two dicts: folded text → first unit, and
    text without marks → the unit when only one has it (None when several do)."""
    exact: dict[str, Unit] = {}
    loose: dict[str, Unit | None] = {}
    for u in units:
        text = getattr(u, attr)
        exact.setdefault(fold(text), u)
        form = fold_loose(text)
        loose[form] = None if form in loose else u
    return exact, loose


@lru_cache(maxsize=8)
def _unit_lookups(campaign: Campaign) -> tuple[Lookup, Lookup]:
    """Name and code lookups of a campaign's units, built once per campaign: a country-wide campaign
    has thousands of units, and scanning them for every file made checking quadratic."""
    return _lookup(campaign.units, "name"), _lookup(campaign.units, "code")


def resolve_unit(value: object, campaign: Campaign) -> Unit | None:
    """The campaign unit a typed name or code means (its name first, then its code)."""
    folded = fold(clean_text(value))
    if not folded:
        return None
    for exact, loose in _unit_lookups(campaign):
        unit = exact.get(folded) or loose.get(strip_marks(folded))
        if unit is not None:
            return unit
    return None


@dataclass(frozen=True)
class _RowSpec:
    """What typing a row needs from the campaign, gathered once per campaign instead of per row."""

    criteria: tuple[tuple[str, str], ...]
    conditional: tuple[tuple[str, str], ...]
    marks: tuple[str, ...]
    subject_labels: tuple[str, ...]
    subject_codes: tuple[str, ...]
    subject_by_label: dict[str, str]
    kinds: dict[str, str]
    award_names: tuple[str, ...]
    award_codes: tuple[str, ...]
    award_by_name: dict[str, str]


@lru_cache(maxsize=8)
def _row_spec(campaign: Campaign) -> _RowSpec:
    """The campaign's _RowSpec (the first subject or award wins a repeated label, as a scan would)."""
    subjects, awards = campaign.subjects, campaign.awards
    by_label: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for sub in subjects:
        by_label.setdefault(sub.label, sub.code)
        kinds.setdefault(sub.code, sub.kind)
    by_name: dict[str, str] = {}
    for a in awards:
        by_name.setdefault(a.name, a.code)
    return _RowSpec(
        criteria=tuple((c.code, contract.criterion_key(c.code)) for c in campaign.criteria),
        conditional=tuple((c.code, contract.criterion_key(c.code)) for c in campaign.criteria
                          if c.conditional),
        marks=tuple(campaign.met_marks), subject_labels=tuple(s.label for s in subjects),
        subject_codes=tuple(s.code for s in subjects), subject_by_label=by_label, kinds=kinds,
        award_names=tuple(a.name for a in awards), award_codes=tuple(a.code for a in awards),
        award_by_name=by_name)


def subject_code(value: object, campaign: Campaign) -> str | None:
    """Subject code from its label (or code) as typed."""
    spec = _row_spec(campaign)
    label = match_choice(value, spec.subject_labels)
    if label:
        return spec.subject_by_label[label]
    return match_choice(value, spec.subject_codes)


def award_code(value: object, campaign: Campaign) -> str | None:
    """Award code from its name (or code) as typed."""
    spec = _row_spec(campaign)
    name = match_choice(value, spec.award_names)
    if name:
        return spec.award_by_name[name]
    return match_choice(value, spec.award_codes)


def normalise_row(raw: RawRow, campaign: Campaign, encoding: str | None = None) -> Row:
    """Type every field of one nominee row (encoding: the file's legacy encoding, if any)."""
    spec = _row_spec(campaign)
    get = raw.values.get
    texts: dict[str, str] = {}
    legacy: dict[str, str] = {}
    for key in TEXT_FIELDS:
        texts[key], enc = text_value(get(key), encoding)
        if enc:
            legacy[key] = enc
    met = frozenset(code for code, key in spec.criteria if is_met(get(key), spec.marks))
    subject = subject_code(get("subject"), campaign)
    return Row(raw=raw, name=texts["name"], subject=subject,
               kind=spec.kinds.get(subject) if subject is not None else None,
               award=award_code(get("award"), campaign),
               gender=match_choice(get("gender"), contract.GENDERS),
               birth_year=parse_int(get("birth_year")), position=texts["position"],
               work_unit=texts["unit"], votes=parse_int(get("votes")),
               summary=texts["summary"], note=texts["note"], met=met, legacy=legacy,
               not_applicable=not_applicable(raw, campaign), members=parse_int(get("members")),
               women=parse_int(get("women")))


def not_applicable(raw: RawRow, campaign: Campaign) -> frozenset[str]:
    """Conditional criteria the row marks "Không áp dụng": neither met nor a failure."""
    spec = _row_spec(campaign)
    if not spec.conditional:
        return frozenset()
    get = raw.values.get
    marks = campaign.proposals.not_applicable
    return frozenset(code for code, key in spec.conditional if is_met(get(key), marks))


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
