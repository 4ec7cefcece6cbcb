"""Format-neutral ND30 documents: the HTML templates and the .docx builder render the same model."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

PAGE_MM = (210.0, 297.0)
MARGIN_MM = {"top": 20.0, "bottom": 20.0, "left": 30.0, "right": 15.0}
FONT = "Times New Roman"
BLANK = " " * 8
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
CC_TITLE = "Nơi nhận:"
PARENT_PT, ISSUER_PT = 12, 13
HEADER_LEFT_SHARE = 0.45
_CAPS_EM = 0.62
_FIT_SLACK_MM = 4.0
RECIPIENT_LABEL = "Kính gửi:"

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def safe_text(value: object) -> str:
    """NFC text without the control characters XML 1.0 forbids, so no value can corrupt a file."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return _XML_BAD.sub("", text)


def text_width_mm(landscape: bool) -> float:
    """Width between the ND30 margins, which every full-width table uses."""
    width = PAGE_MM[1] if landscape else PAGE_MM[0]
    return width - MARGIN_MM["left"] - MARGIN_MM["right"]


def header_left_mm(landscape: bool) -> float:
    """Width of the header's left column (issuing agency and number)."""
    return text_width_mm(landscape) * HEADER_LEFT_SHARE


def caps_width_mm(text: str, size: float) -> float:
    """Rough printed width of a capitalised Times line; good enough to decide where to break."""
    return len(text) * size * _CAPS_EM * 25.4 / 72


def balance(text: str, size: float, avail_mm: float) -> str:
    """Break an agency name that will not fit into two even lines, as clerks do by hand; the two
    words on each side of a spaced hyphen stay together ("THI ĐUA - KHEN THƯỞNG")."""
    words = text.split()
    if caps_width_mm(text, size) <= avail_mm - _FIT_SLACK_MM or len(words) < 2:
        return text
    hyphens = [h for h, w in enumerate(words) if w == "-"]
    cuts = [i for i in range(1, len(words)) if not any(h - 1 <= i <= h + 2 for h in hyphens)]
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in cuts or range(1, len(words))]
    first, second = min(splits, key=lambda pair: max(len(pair[0]), len(pair[1])))
    return f"{first}\n{second}"


@dataclass(frozen=True)
class Header:
    """The two-column ND30 header: issuing agency and number left, Quốc hiệu and date right."""

    parent: str
    issuer: str
    number: str
    place_date: str
    draft: bool = False


@dataclass(frozen=True)
class Signer:
    """Signature block: optional authority prefix (KT./TM./TL.), title in caps, name."""

    title: str
    name: str = ""
    prefix: str = ""


@dataclass(frozen=True)
class Para:
    """A body paragraph, with an optional bold lead such as "Điều 1."."""

    text: str
    label: str = ""


@dataclass(frozen=True)
class Column:
    """A table column: heading, width in mm (None takes what is left) and cell alignment."""

    label: str
    width_mm: float | None = None
    align: str = "left"


@dataclass(frozen=True)
class Row:
    """A table row: "section" and "group" span the table; "entry" has one cell per column."""

    kind: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A bordered table whose header row repeats on every page."""

    columns: tuple[Column, ...]
    rows: tuple[Row, ...]

    def widths_mm(self, total: float) -> tuple[float, ...]:
        """Column widths filling `total`, sharing the rest among columns without a width."""
        fixed = sum(c.width_mm or 0 for c in self.columns)
        free = [c for c in self.columns if c.width_mm is None]
        rest = (total - fixed) / len(free) if free else 0
        return tuple(c.width_mm if c.width_mm is not None else rest for c in self.columns)


@dataclass(frozen=True)
class ListPage:
    """A titled list on its own landscape page: an attachment or the council's over-quota list."""

    kind: str
    summary: tuple[str, ...]
    note: str
    table: Table
    landscape: bool = True


@dataclass(frozen=True)
class Document:
    """One ND30 document, in reading order; empty parts are simply not drawn."""

    key: str
    template: str
    title: str
    header: Header
    kind: str
    summary: str = ""
    note: str = ""
    landscape: bool = False
    authority: str = ""
    grounds: tuple[str, ...] = ()
    decides: str = ""
    recipients: tuple[str, ...] = ()
    body: tuple[Para, ...] = ()
    table: Table | None = None
    closing: tuple[Para, ...] = ()
    cc: tuple[str, ...] = ()
    signer: Signer | None = None
    annexes: tuple[ListPage, ...] = ()
    cosigner: Signer | None = None


@dataclass(frozen=True)
class ListEntry:
    """One nominee as the documents show it: who, where from, what they did, how the vote went."""

    name: str
    subject: str
    gender: str
    position: str
    work_unit: str
    unit_name: str
    summary: str
    approval: float | None
    votes: int | None
    members_total: int | None
    birth_year: int | None = None
    unit_code: str = ""
    kind: str = ""


@dataclass(frozen=True)
class AwardList:
    """One award form's proposal, grouped by subject in campaign.subjects order."""

    award_code: str
    within: tuple[ListEntry, ...]
    beyond: tuple[ListEntry, ...]


class FixItem(NamedTuple):
    """One problem on a fix slip: sheet!cell, person or field, message, finding code, column label."""

    where: str
    who: str
    message: str
    code: str = ""
    column: str = ""


@dataclass(frozen=True)
class Minutes:
    """The council meeting the proposal documents rest on and cite, with its outcome in numbers."""

    council: str
    day: date
    members_total: int
    members_present: int
    proposed: int
    over: int
    below: int


@dataclass(frozen=True)
class FixRequest:
    """What one unit must fix (FixItem or plain (where, who, message) per item), and if it was late."""

    unit_name: str
    file_name: str
    letter_no: str
    items: tuple[tuple[str, ...], ...]
    unit_code: str = ""
    letter_date: date | None = None
    late_day: date | None = None


@dataclass(frozen=True)
class Excluded:
    """Nominees of one unit kept off the lists for the same reasons."""

    unit_name: str
    names: tuple[str, ...]
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Review:
    """What the Office's check found beyond the lists: units that sent nothing, who was left out."""

    units_total: int = 0
    units_sent: int = 0
    missing_units: tuple[str, ...] = ()
    excluded: tuple[Excluded, ...] = ()
    excluded_count: int = 0
