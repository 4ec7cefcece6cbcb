"""Vietnamese text: cleaning, matching marks, identity keys and collation."""

from __future__ import annotations

import unicodedata
from itertools import pairwise
from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua_xl.text.vietnamese import (
    clean_text,
    collective_sort_key,
    fold,
    is_met,
    name_sort_key,
    person_key,
    strip_marks,
)

MARKS = ("Đạt", "x", "✓", "✔", "có")
SYLLABLES = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Văn", "Thị", "Ngọc", "Hùng", "Ánh",
    "Ân", "Ăn", "Bình", "Dũng", "Đào", "Trường", "Hương", "Quỳnh", "Yến", "An", "Anh", "Ma",
    "Mà", "Mả", "Mã", "Má", "Mạ", "Gia", "Giang", "Khương", "Ưng", "Ơn", "Ổn", "Ồn", "Y",
]
NAMES = st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=4).map(" ".join)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@pytest.mark.parametrize("value", [
    "Đạt", "đạt", "ĐẠT", " Đạt ", nfd("Đạt"), "Dat", "dat", "x", "X", " x", "✓", "✔",
    "có", "Có", "CÓ", "co",
])
def test_is_met_accepts_campaign_marks_loosely(value: str) -> None:
    assert is_met(value, MARKS)


@pytest.mark.parametrize("value", [
    "", "   ", None, "Không đạt", "không", "Chưa đạt", "xx", "0", 0, 1, False, "Đạt?", "v",
])
def test_is_met_rejects_everything_else(value: object) -> None:
    assert not is_met(value, MARKS)


def test_is_met_uses_only_the_campaign_marks() -> None:
    assert not is_met("x", ("Đạt",))
    assert is_met("v", ("v",))
    assert not is_met("Đạt", ())


@pytest.mark.parametrize("names", [
    ["An", "Ăn", "Ân", "Bình"],
    ["Dũng", "Đào"],
    ["Nguyễn Văn An", "Trần Thị Bình"],
    ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"],
    ["Lê Thị Ánh", "Nguyễn Văn Bình", "Trần Văn Đào"],
    ["An", "Anh", "Ánh", "Ba"],
    ["Ốc", "Ơn", "Uy", "Ưng"],
    ["Trần Thị Mai", "Nguyễn Văn Mai", "Trần Văn Mai"],
    ["Trần Mai", "Nguyễn Thị Mai"],
    ["Cao Ngọc Ân", "Cao Ngọc Bảo", "Cao Bá Quát"],
    ["Ma", "Mạ", "Mai"],
])
def test_name_sort_key_orders_by_given_middle_family(names: list[str]) -> None:
    keys = [name_sort_key(n) for n in names]
    assert all(a < b for a, b in pairwise(keys))
    assert sorted(reversed(names), key=name_sort_key) == names


@pytest.mark.parametrize("names", [
    ["Phòng Kế hoạch", "Phòng Tổ chức", "Thanh tra Sở", "Văn phòng Sở"],
    ["Trung tâm A", "Trung tâm Ă", "Trung tâm Â", "Trung tâm Đ"],
    ["Đội 1", "Đội 2", "Đội A"],
])
def test_collective_sort_key_orders_whole_names(names: list[str]) -> None:
    assert sorted(reversed(names), key=collective_sort_key) == names


@pytest.mark.parametrize("variant", [
    "nguyễn văn an", "NGUYỄN VĂN AN", "  Nguyễn   Văn An ", nfd("Nguyễn Văn An"),
])
def test_name_sort_key_ignores_case_spacing_and_form(variant: str) -> None:
    assert name_sort_key(variant) == name_sort_key("Nguyễn Văn An")


def test_name_sort_key_handles_empty_names() -> None:
    assert name_sort_key("") < name_sort_key("An")


@given(st.text())
def test_clean_text_is_idempotent_nfc(text: str) -> None:
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert cleaned == nfc(cleaned)
    assert cleaned == cleaned.strip()


@given(NAMES)
def test_fold_ignores_form_and_case(name: str) -> None:
    assert fold(nfd(name)) == fold(name) == fold(name.upper()) == fold(name.lower())


@given(NAMES, st.integers(min_value=1940, max_value=2010))
def test_person_key_ignores_form_case_spacing_and_marks(name: str, year: int) -> None:
    key = person_key(name, year)
    assert person_key(nfd(name), year) == key
    assert person_key(name.upper(), year) == key
    assert person_key("  " + name.replace(" ", "   ") + " ", year) == key
    assert person_key(strip_marks(name), year) == key
    assert person_key(name, year + 1) != key


@given(NAMES, NAMES)
def test_name_sort_key_is_form_blind_and_antisymmetric(a: str, b: str) -> None:
    assert name_sort_key(nfd(a)) == name_sort_key(a)
    ka, kb = name_sort_key(a), name_sort_key(b)
    assert (ka < kb) + (ka == kb) + (ka > kb) == 1
    if ka == kb:
        assert fold(a) == fold(b)


@given(st.lists(NAMES, min_size=2, max_size=8), st.randoms())
def test_sorting_names_does_not_depend_on_input_order(names: list[str], rnd: Random) -> None:
    shuffled = list(names)
    rnd.shuffle(shuffled)
    assert sorted(names, key=name_sort_key) == sorted(shuffled, key=name_sort_key)


@given(st.text())
def test_sort_keys_accept_any_text_in_any_form(text: str) -> None:
    assert name_sort_key(nfd(text)) == name_sort_key(text)
    assert collective_sort_key(nfd(text)) == collective_sort_key(text)
