"""Cross-unit duplicate messages name the other places the same way however many there are."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from thidua_xl.consolidate.cross import others
from thidua_xl.consolidate.entries import NAMES_SHOWN, shorten


@given(st.lists(st.text(min_size=1, max_size=5), min_size=1, max_size=3 * NAMES_SHOWN),
       st.data())
def test_others_reads_like_shorten_over_every_other_place(places, data):
    skip = data.draw(st.integers(min_value=0, max_value=len(places) - 1))
    rest = [p for i, p in enumerate(places) if i != skip]
    assert others(places, skip) == shorten(rest, "; ")


def test_a_name_in_every_file_lists_a_few_places_and_counts_the_rest():
    places = [f"Đơn vị {i}, tệp {i}.xlsx dòng 9" for i in range(5000)]
    text = others(places, 2)
    assert text.startswith("Đơn vị 0, tệp 0.xlsx dòng 9; Đơn vị 1, tệp 1.xlsx dòng 9; Đơn vị 3")
    assert text.endswith(f" và {4999 - NAMES_SHOWN} trường hợp khác")
    assert "Đơn vị 2," not in text
