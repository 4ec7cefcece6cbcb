"""A typed unit name or code finds the same unit through the per-campaign lookup as by scanning."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from thidua_xl.campaign import Unit, load_campaign
from thidua_xl.read.normalise import resolve_unit
from thidua_xl.text.vietnamese import clean_text, match_choice

UNITS = (Unit("VP", "Văn phòng Sở", 14), Unit("vp2", "VĂN PHÒNG  sở", 3),
         Unit("TTRA", "Thanh tra Sở", 6), Unit("TT", "Thanh tra So", 2),
         Unit("KHTC", "Phòng Kế hoạch - Tài chính", 7), Unit("KHTC", "Phòng Kế hoạch", 1),
         Unit("CNTT", "Phòng Công nghệ thông tin", 7), Unit("CNTT2", "Phòng Công nghệ thông tin", 2))
CAMPAIGN = replace(load_campaign(), units=UNITS)
TYPED = st.sampled_from([
    "Văn phòng Sở", "văn phòng sở", "Van phong So", "VP", "vp", "vp2", "Thanh tra Sở", "thanh tra so",
    "TTRA", "tt", "KHTC", "khtc", "Phòng Kế hoạch", "phong ke hoach", "Phòng Công nghệ thông tin",
    "phong cong nghe thong tin", "CNTT2", "Không có", "", "  ", None, 12.0])


def scanned(value: object) -> Unit | None:
    """The former lookup: match_choice over every unit's name, then over every code."""
    text = clean_text(value)
    units = CAMPAIGN.units
    by_name = match_choice(text, [u.name for u in units])
    if by_name:
        return next(u for u in units if u.name == by_name)
    by_code = match_choice(text, [u.code for u in units])
    return next((u for u in units if u.code == by_code), None)


@settings(max_examples=300)
@given(st.one_of(TYPED, st.text(max_size=12)))
def test_lookup_finds_what_a_scan_finds(typed):
    assert resolve_unit(typed, CAMPAIGN) is scanned(typed)


def test_ambiguous_loose_names_fall_back_to_codes():
    assert resolve_unit("thanh tra sở", CAMPAIGN) is UNITS[2]
    assert resolve_unit("thanh tra so", CAMPAIGN) is UNITS[3]
    assert resolve_unit("Van phong So", CAMPAIGN) is None
    assert resolve_unit("tt", CAMPAIGN) is UNITS[3]
