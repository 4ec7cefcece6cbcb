"""Day-first date and number parsing, ND30 date lines."""

from __future__ import annotations

import math
import unicodedata
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.utils.datetime import to_excel

from thidua_xl.campaign import model as campaign
from thidua_xl.text.dates import (
    fmt_date,
    from_serial,
    nd30_blank_date,
    nd30_date,
    parse_date,
    parse_int,
)

MAY_25 = date(2021, 5, 25)
DAYS = st.dates(min_value=date(1901, 1, 1), max_value=date(2099, 12, 31))
PLACES = st.sampled_from(["Bắc Kạn", "Hà Nội", "TP. Hồ Chí Minh", ""])


def to_serial(day: date) -> int:
    """Excel 1900-system serial of a date, computed independently of the code under test."""
    days = (day - date(1899, 12, 30)).days
    return days if days > 60 else days - 1


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize("value", [
    "25/5/2021", "25/05/2021", "25-05-2021", "25.5.21", "25.05.2021", " 25 / 5 / 2021 ",
    "ngày 25 tháng 5 năm 2021", "Ngày 25 Tháng 05 Năm 2021", "NGÀY  25  THÁNG 5   NĂM 2021",
    nfd("ngày 25 tháng 5 năm 2021"), "ngay 25 thang 5 nam 2021", "ngày 25/5/2021",
    "Bắc Kạn, ngày 25 tháng 5 năm 2021", "25/5/2021 00:00:00", "25/05/2021 14:30",
    "2021-05-25", "2021-05-25 00:00:00", "2021-05-25T08:00:00",
    MAY_25, datetime(2021, 5, 25, 17, 45), 44341, 44341.0, 44341.75,
])
def test_parse_date_reads_day_first_forms(value: object) -> None:
    assert parse_date(value) == MAY_25


@pytest.mark.parametrize("value", [
    "5/25/2021", "05/25/2021", "31/02/2021", "29/02/2021", "25/13/2021", "0/5/2021",
    "25/05-2021", "2021/25/05", "2021", "25/5", "hôm qua", "", "   ", None, True, False,
    0, -5, 60, 10**7, math.nan, math.inf, 1e300, ["25/5/2021"], "ngày 30 tháng 2 năm 2021",
])
def test_parse_date_rejects_month_first_invalid_and_junk(value: object) -> None:
    assert parse_date(value) is None


@pytest.mark.parametrize(("serial", "expected"), [
    (1, date(1900, 1, 1)), (59, date(1900, 2, 28)), (61, date(1900, 3, 1)),
    (44197, date(2021, 1, 1)), (73415, date(2100, 12, 31)),
])
def test_excel_serials_follow_the_1900_system(serial: int, expected: date) -> None:
    assert from_serial(serial) == expected
    assert to_serial(expected) == serial


def test_excel_serial_beyond_2100_is_not_a_date() -> None:
    assert parse_date(73416) is None


@pytest.mark.parametrize("value", ["25.5.21", "25/5/21", "ngày 25 tháng 5 năm 21"])
def test_two_digit_years_are_this_century(value: str) -> None:
    assert parse_date(value) == MAY_25


@pytest.mark.parametrize(("value", "expected"), [
    (1985, 1985), (1985.0, 1985), ("1985", 1985), (" 1985 ", 1985), ("1985.0", 1985),
    ("1985,00", 1985), ("1 985", 1985), ("1\u00a0985", 1985), ("-3", -3), ("+7", 7), ("0", 0),
    ("１９８５", None), ("1.985", None), ("1,985", None), ("1.000", None), ("19.5", None),
    (19.5, None), ("12a", None), ("", None), (None, None), (True, None), (False, None),
    (math.nan, None), (math.inf, None), ("1e3", None), ([1], None),
])
def test_parse_int_accepts_whole_numbers_only(value: object, expected: int | None) -> None:
    assert parse_int(value) == expected


@pytest.mark.parametrize(("day", "expected"), [
    (date(2021, 5, 25), "25/05/2021"), (date(2021, 1, 4), "04/01/2021"),
    (date(1999, 12, 31), "31/12/1999"), (date(5, 1, 2), "02/01/0005"),
])
def test_fmt_date_is_dd_mm_yyyy(day: date, expected: str) -> None:
    assert fmt_date(day) == expected


def test_campaign_shows_dates_through_the_same_function() -> None:
    assert campaign.fmt_date is fmt_date


@pytest.mark.parametrize(("day", "expected"), [
    (date(2021, 5, 24), "Bắc Kạn, ngày 24 tháng 5 năm 2021"),
    (date(2021, 2, 4), "Bắc Kạn, ngày 04 tháng 02 năm 2021"),
    (date(2021, 1, 9), "Bắc Kạn, ngày 09 tháng 01 năm 2021"),
    (date(2021, 3, 1), "Bắc Kạn, ngày 01 tháng 3 năm 2021"),
    (date(2021, 12, 10), "Bắc Kạn, ngày 10 tháng 12 năm 2021"),
])
def test_nd30_date_pads_days_and_only_january_february(day: date, expected: str) -> None:
    assert nd30_date(day, "Bắc Kạn") == expected


def test_nd30_date_normalises_the_place_to_nfc() -> None:
    line = nd30_date(MAY_25, nfd("  Bắc   Kạn "))
    assert line == unicodedata.normalize("NFC", line)
    assert line.startswith("Bắc Kạn, ngày 25")


@pytest.mark.parametrize(("month", "month_text"), [(None, None), (5, " 5 "), (2, " 02 ")])
def test_nd30_blank_date_leaves_room_to_write(month: int | None, month_text: str | None) -> None:
    line = nd30_blank_date(2021, "Bắc Kạn", month)
    assert line.startswith("Bắc Kạn, ngày ")
    assert line.endswith("năm 2021")
    day_gap = line.split("ngày")[1].split("tháng")[0]
    assert day_gap.strip() == "" and len(day_gap) >= 5
    month_gap = line.split("tháng")[1].split("năm")[0]
    if month_text is None:
        assert month_gap.strip() == "" and len(month_gap) >= 5
    else:
        assert month_gap == month_text
    assert parse_date(line) is None


@given(DAYS)
def test_fmt_date_round_trips(day: date) -> None:
    assert parse_date(fmt_date(day)) == day


@given(DAYS, PLACES)
def test_nd30_wording_round_trips_in_nfc_and_nfd(day: date, place: str) -> None:
    line = nd30_date(day, place)
    assert parse_date(line) == day
    assert parse_date(nfd(line).upper()) == day


@given(DAYS)
def test_excel_serial_round_trips_against_openpyxl(day: date) -> None:
    serial = to_excel(day)
    assert to_serial(day) == serial
    assert parse_date(serial) == day
    assert parse_date(serial + 0.999) == day


@given(DAYS)
def test_iso_dates_round_trip(day: date) -> None:
    assert parse_date(day.isoformat()) == day


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_parse_int_round_trips_numbers(n: int) -> None:
    assert parse_int(str(n)) == n
    assert parse_int(f" {n} ") == n
    assert parse_int(float(n)) == n
