"""Legacy TCVN3 / VNI text: detected, converted back exactly, never fired on normal text."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua_xl.text.legacy import (
    TCVN3,
    TCVN3_TO_UNICODE,
    VNI,
    VNI_TO_UNICODE,
    convert_legacy,
    detect_legacy,
    detect_legacy_all,
    fix_legacy,
    is_syllable,
)

SENTENCES = [
    "Nguyễn Văn Hùng",
    "Phòng Kế hoạch - Tài chính",
    "Trường trung học phổ thông Chợ Đồn",
    "Sở Thông tin và Truyền thông tỉnh Bắc Kạn",
    "Đã hoàn thành xuất sắc nhiệm vụ năm 2021, được tặng giấy khen",
    "Đặng Thị Thủy, phó trưởng phòng Văn hóa - Thông tin",
    "khuỷu tay, quyển sách, người ướt, gió giật, chuyện thuở xưa, nghiêng ngả",
    "ỷ lại, ỵ, dự án số 3/2021",
]
# .VnTime has no toned capitals, so only VNI can spell these mixed-case sentences.
TONED_CAPITALS = ["Ủy ban nhân dân huyện Ba Bể", "Ánh Tuyết, Ẩn Sĩ, Ổn Định"]
CAPITAL_SENTENCES = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "NGUYỄN THỊ ÁNH TUYẾT"]
NEVER = [
    "", "Nguyễn Văn Hùng", "Hùng", "Lê Thị Hà", "Hà Tây", "Ngô", "Lê", "Bình",
    "Phòng Kế hoạch - Tài chính", "Trung tâm CNTT&TT", "R&D", "Department of Finance",
    "nguyen.van.a@backan.gov.vn", "1985", "12,5", "3.000.000 đồng", "© 2021 Sở TT&TT", "5 × 3",
    "±5 %", "25 °C", "café", "Müller", "São Paulo", "naïve résumé", "Crème brûlée", "Zoë",
    "Gödel, Escher, Bach", "Ångström", "Señor año", "déjà vu", "Æsop", "Straße", "Øresund",
    "Bjørn Ødegård", "piñata", "Noël", "Ça va", "«quoted»", "Tổ chức – Hành chính",
    unicodedata.normalize("NFD", "Nguyễn Văn Hùng"), unicodedata.normalize("NFD", "Hà Tây"),
]
WORDS = [
    "nguyễn", "văn", "hùng", "trường", "phòng", "kế", "hoạch", "tài", "chính", "đồng", "bảo",
    "thắng", "mường", "khương", "quỳnh", "giấy", "khen", "xuất", "sắc", "nhiệm", "vụ", "được",
    "tặng", "người", "thuở", "khuya", "hỏi", "ngã", "ỹ", "ăn", "ớt", "ừ", "ỷ", "ụ", "đi",
]
# Words whose legacy spelling is not itself a Unicode syllable, so one of them settles detection.
ANCHORS = ["nguyễn", "trường", "đồng", "hoạch", "thắng", "được", "người", "Đặng"]


def _inverse(table: dict[str, str]) -> dict[str, str]:
    """Unicode letter → canonical legacy spelling (same case throughout where possible)."""
    inverse: dict[str, str] = {}
    for seq, uni in table.items():
        if seq in (seq.upper(), seq.lower()):
            inverse.setdefault(uni, seq)
    return inverse


TO_TCVN3 = _inverse(TCVN3_TO_UNICODE)
TO_VNI = _inverse(VNI_TO_UNICODE)


def to_tcvn3(text: str) -> str:
    """Encode as .VnTime / .VnTimeH would: toned capitals use the lowercase code."""
    return "".join(TO_TCVN3.get(ch, TO_TCVN3.get(ch.lower(), ch)) for ch in text)


def to_vni(text: str) -> str:
    return "".join(TO_VNI.get(ch, ch) for ch in text)


def through_excel(legacy: str) -> str:
    """The bytes a legacy font stored, as Excel hands them over (cp1252 characters)."""
    return legacy.encode("cp1252").decode("cp1252")


@pytest.mark.parametrize("sentence", SENTENCES + CAPITAL_SENTENCES)
def test_tcvn3_round_trip(sentence: str) -> None:
    legacy = through_excel(to_tcvn3(sentence))
    assert legacy != sentence
    assert detect_legacy(legacy) == TCVN3
    assert fix_legacy(legacy) == (sentence, TCVN3)


@pytest.mark.parametrize("sentence", SENTENCES + CAPITAL_SENTENCES + TONED_CAPITALS)
def test_vni_round_trip(sentence: str) -> None:
    legacy = through_excel(to_vni(sentence))
    assert legacy != sentence
    assert detect_legacy(legacy) == VNI
    assert fix_legacy(legacy) == (sentence, VNI)


@pytest.mark.parametrize(("legacy", "encoding", "unicode"), [
    ("Nguy\xd6n V\xa8n H\xefng", TCVN3, "Nguyện Văn Hùng"),
    ("NguyÔn V¨n Hïng", TCVN3, "Nguyễn Văn Hùng"),
    ("Ninh B×nh", TCVN3, "Ninh Bình"),
    ("B¶o Th¾ng", TCVN3, "Bảo Thắng"),
    ("M\xadêng Kh\xad¬ng", TCVN3, "Mường Khương"),
    ("§µo Duy Tõ", TCVN3, "Đào Duy Từ"),
    ("PHßNG KÕ HO¹CH", TCVN3, "PHÒNG KẾ HOẠCH"),
    ("Nguye\xe3n Vaên Huøng", VNI, "Nguyễn Văn Hùng"),
    ("Tröôøng THPT", VNI, "Trường THPT"),
    ("Xin chaøo caùc baïn", VNI, "Xin chào các bạn"),
    ("Ñaøo Duy Töø", VNI, "Đào Duy Từ"),
    ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", VNI, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
])
def test_real_world_legacy_strings_convert(legacy: str, encoding: str, unicode: str) -> None:
    assert fix_legacy(legacy) == (unicode, encoding)


@pytest.mark.parametrize("text", NEVER)
def test_normal_text_is_never_detected(text: str) -> None:
    assert detect_legacy(text) is None
    assert fix_legacy(text) == (text, None)


@pytest.mark.parametrize(("short", "encoding", "unicode"), [
    ("L\xaa Minh An", TCVN3, "Lê Minh An"),
    ("L\xaa", TCVN3, "Lê"),
    ("T\xf6", VNI, "Tư"),
    ("\xd1i", VNI, "Đi"),
])
def test_short_cells_are_decided_by_their_file(short: str, encoding: str, unicode: str) -> None:
    others = {TCVN3: ["NguyÔn V¨n Hïng", "Phßng KÕ ho¹ch"], VNI: ["Nguyeãn Vaên Huøng"]}[encoding]
    assert fix_legacy(short) == (short, None)
    file_encoding = detect_legacy_all([short, "Họ và tên", "Đạt", "x", *others])
    assert file_encoding == encoding
    assert fix_legacy(short, file_encoding) == (unicode, encoding)


@pytest.mark.parametrize("text", [
    "Hùng", "Lê Thị Hà", "Hà Tây", "café", "x", "Müller", "Phan Thò An", "Lò Văn Sô",
])
def test_file_encoding_never_converts_plausible_unicode(text: str) -> None:
    assert fix_legacy(text, TCVN3) == (text, None)
    assert fix_legacy(text, VNI) == (text, None)


@pytest.mark.parametrize("pool", [
    NEVER,
    ["Họ và tên", "Nguyễn Văn Hùng", "Hùng", "Lê Hà", "café", "R&D", "1985"],
    [],
])
def test_files_of_normal_text_are_never_detected(pool: list[str]) -> None:
    assert detect_legacy_all(pool) is None


def test_mid_word_capitals_betray_tcvn3() -> None:
    assert fix_legacy("x\xcau x\xdd") == ("xấu xí", TCVN3)


def test_convert_legacy_rejects_unknown_encodings() -> None:
    with pytest.raises(ValueError, match="VISCII"):
        convert_legacy("abc", "VISCII")


@pytest.mark.parametrize(("word", "expected"), [
    ("nguyễn", True), ("khuỷu", True), ("gì", True), ("quốc", True), ("nghiêng", True),
    ("ướt", True), ("xoong", True), ("cafộ", False), ("mỹller", False), ("hoạc", True),
    ("hoac", False), ("ăn", True), ("ă", False), ("việtt", False), ("nguyễnn", False),
    ("aàn", False), ("brọu", False),
])
def test_is_syllable_knows_vietnamese_shapes(word: str, expected: bool) -> None:
    assert is_syllable(word) is expected


@pytest.mark.skipif(shutil.which("iconv") is None, reason="needs iconv")
def test_tcvn3_table_agrees_with_glibc_tcvn5712() -> None:
    codes = bytes(ord(ch) for ch in TCVN3_TO_UNICODE)
    done = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=codes,
                          capture_output=True, check=False)
    if done.returncode:
        pytest.skip("iconv lacks TCVN5712-1")
    expected = unicodedata.normalize("NFC", done.stdout.decode("utf-8"))
    assert "".join(TCVN3_TO_UNICODE.values()) == expected


@given(st.sampled_from(ANCHORS), st.lists(st.sampled_from(WORDS), max_size=8), st.randoms())
def test_random_vietnamese_round_trips_in_both_encodings(
    anchor: str, words: list[str], rnd: Random
) -> None:
    words = [anchor, *words]
    rnd.shuffle(words)
    sentence = " ".join(words)
    for encode, encoding in ((to_tcvn3, TCVN3), (to_vni, VNI)):
        assert fix_legacy(encode(sentence)) == (sentence, encoding)


@given(st.lists(st.sampled_from([*WORDS, "Hà", "Lê", "Tây", "Hùng", "café"]), max_size=8))
def test_unicode_vietnamese_is_never_detected(words: list[str]) -> None:
    assert detect_legacy(" ".join(words)) is None


@given(st.text(), st.sampled_from([None, TCVN3, VNI]))
def test_fix_legacy_returns_text_unchanged_or_converted_nfc(text: str, hint: str | None) -> None:
    fixed, encoding = fix_legacy(text, hint)
    if encoding is None:
        assert fixed == text
    else:
        assert encoding in (TCVN3, VNI)
        assert fixed == unicodedata.normalize("NFC", fixed)
