"""Day-first dates and whole numbers as Vietnamese offices type them, and ND30 date lines."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

from thidua_xl.text.vietnamese import fold_loose, nfc

EXCEL_EPOCH = date(1899, 12, 30)
SERIAL_MIN = 1
SERIAL_MAX = (date(2100, 12, 31) - EXCEL_EPOCH).days
_LEAP_BUG_SERIAL = 60
BLANK = " " * 8

_TIME = r"(?:[ t]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_ISO = re.compile(rf"(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME}", re.ASCII)
_DMY = re.compile(
    rf"(?:ngay\s*)?(\d{{1,2}})\s*([/.-])\s*(\d{{1,2}})\s*\2\s*(\d{{4}}|\d{{2}}){_TIME}", re.ASCII
)
_WORDS = re.compile(
    r"(?:[^,]*,\s*)?ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4}|\d{2})\s*\.?", re.ASCII
)
_INT = re.compile(r"([+-]?)(\d+)(?:[.,](0{1,2}|0{4,}))?", re.ASCII)


def _make(year: int, month: int, day: int) -> date | None:
    """A real calendar date or None (31/02 is a typo, not 03/03)."""
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def from_serial(serial: float) -> date | None:
    """Excel 1900-system serial to a date; 60 is Lotus's fictitious 29/02/1900."""
    if not math.isfinite(serial) or not SERIAL_MIN <= serial < SERIAL_MAX + 1:
        return None
    whole = int(serial)
    if whole == _LEAP_BUG_SERIAL:
        return None
    offset = whole if whole > _LEAP_BUG_SERIAL else whole + 1
    return EXCEL_EPOCH + timedelta(days=offset)


def _parse_text(text: str) -> date | None:
    """Day-first text: dd/mm/yyyy (/ - .), ISO yyyy-mm-dd, or 'ngày d tháng m năm y'."""
    folded = fold_loose(text)
    if m := _ISO.fullmatch(folded):
        return _make(int(m[1]), int(m[2]), int(m[3]))
    if m := _DMY.fullmatch(folded):
        return _make(int(m[4]), int(m[3]), int(m[1]))
    if m := _WORDS.fullmatch(folded):
        return _make(int(m[3]), int(m[2]), int(m[1]))
    return None


def parse_date(value: object) -> date | None:
    """A cell value as a date, day-first only: '5/6/2021' is 5 June, never 6 May."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):
        return from_serial(value)
    if isinstance(value, str):
        return _parse_text(value)
    return None


def parse_int(value: object) -> int | None:
    """A whole number from a cell; '1.985' and '1,985' are ambiguous (vi vs en) and give None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else None
    if not isinstance(value, str):
        return None
    compact = "".join(nfc(value).split())
    m = _INT.fullmatch(compact)
    return int(m[1] + m[2]) if m else None


def fmt_date(day: date) -> str:
    """dd/mm/yyyy, the only way dates are shown to users."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def nd30_day(day: int) -> str:
    """Day number as ND30 writes it: leading zero under 10."""
    return f"{day:02d}"


def nd30_month(month: int) -> str:
    """Month number as ND30 writes it: leading zero for January and February only."""
    return f"{month:02d}" if month <= 2 else str(month)


def _with_place(place: str, line: str) -> str:
    """Prefix the place name the way the ND30 date line does ('Bắc Kạn, ngày …')."""
    place = " ".join(nfc(place).split())
    return f"{place}, {line}" if place else line


def nd30_date(day: date, place: str) -> str:
    """Place-and-date line of an ND30 document: 'Bắc Kạn, ngày 04 tháng 02 năm 2021'."""
    line = f"ngày {nd30_day(day.day)} tháng {nd30_month(day.month)} năm {day.year}"
    return _with_place(place, line)


def nd30_blank_date(year: int, place: str, month: int | None = None) -> str:
    """Date line left blank for the signer to fill by hand: 'Bắc Kạn, ngày        tháng …'."""
    month_part = f" {nd30_month(month)} " if month else BLANK
    return _with_place(place, f"ngày{BLANK}tháng{month_part}năm {year}")
