"""Legacy Vietnamese encodings (TCVN3/ABC and VNI Windows) as they arrive through Excel.

An old .xls typed with .VnTime or VNI-Times fonts stores single bytes that Excel hands over
as cp1252/Latin-1 characters: "NguyÔn V¨n Hïng" (TCVN3) or "Nguyeãn Vaên Huøng" (VNI).

Detection scores words, not characters. For each encoding, every word holding a non-ASCII
character is converted. A word is *evidence* when, as typed, it is not a Vietnamese syllable in
lower, Title or UPPER case ("Hïng", "xÊu") but becomes one after conversion; *neutral* when it
is a syllable either way ("Hùng" is also TCVN3 for "Hựng"); *against* when conversion does not
give a syllable ("café" → "cafộ"). An encoding fires when evidence words make at least 60 % of
the non-neutral words and weigh at least 4: one per letter, plus two per TCVN3 code that is a
symbol in Latin-1 (§ ¨ ¸ soft hyphen…) and one per VNI two-byte sequence ("eã"). Text holding
a letter or mark beyond Latin-1 (ễ, ư, combining tones) is Unicode and counts for nothing.
detect_legacy_all pools a whole file, so a short cell ("Lª", "Tö") is settled by its file.
Measured on LibreOffice's 45-language autocorrect lists: 1 false positive in 73,685 non-ASCII
strings (Irish "meán" read as VNI "mến").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

TCVN3 = "TCVN3"
VNI = "VNI"
ENCODINGS = (TCVN3, VNI)
MIN_SHARE = 0.6
MIN_EVIDENCE_LETTERS = 4

# TCVN 5712:1993 VN3 (ABC): lowercase letters plus the uppercase base letters; toned capitals
# live in the companion .VnTimeH font, which reuses the lowercase codes.
_TCVN3_SRC = (
    "µ¸¶·¹" "¨»¾¼½Æ" "©ÇÊÈÉË" "ÌÐÎÏÑ" "ªÒÕÓÔÖ" "×ÝØÜÞ" "ßãáâä" "«åèæçé" "¬êíëìî"
    "ïóñòô" "\xadõøö÷ù" "úýûüþ" "®" "¡¢£¤¥¦§"
)
_TCVN3_DST = (
    "àáảãạ" "ăằắẳẵặ" "âầấẩẫậ" "èéẻẽẹ" "êềếểễệ" "ìíỉĩị" "òóỏõọ" "ôồốổỗộ" "ơờớởỡợ"
    "ùúủũụ" "ưừứửữự" "ỳýỷỹỵ" "đ" "ĂÂÊÔƠƯĐ"
)
TCVN3_TO_UNICODE: dict[str, str] = dict(zip(_TCVN3_SRC, _TCVN3_DST, strict=True))

_TONE_MARKS = {
    "sac": "\u0301", "huyen": "\u0300", "hoi": "\u0309", "nga": "\u0303", "nang": "\u0323",
}
_VNI_TONE = {"": "", "sac": "ù", "huyen": "ø", "hoi": "û", "nga": "õ", "nang": "ï"}
_VNI_CIRCUMFLEX = {"": "â", "sac": "á", "huyen": "à", "hoi": "å", "nga": "ã", "nang": "ä"}
_VNI_BREVE = {"": "ê", "sac": "é", "huyen": "è", "hoi": "ú", "nga": "ü", "nang": "ë"}
_VNI_I = {"": "i", "sac": "í", "huyen": "ì", "hoi": "æ", "nga": "ó", "nang": "ò"}
# (VNI base, Unicode base, quality mark, VNI tone-byte table)
_VNI_VOWELS = (
    ("a", "a", "", _VNI_TONE), ("e", "e", "", _VNI_TONE), ("o", "o", "", _VNI_TONE),
    ("u", "u", "", _VNI_TONE), ("y", "y", "", _VNI_TONE),
    ("a", "a", "\u0302", _VNI_CIRCUMFLEX), ("e", "e", "\u0302", _VNI_CIRCUMFLEX),
    ("o", "o", "\u0302", _VNI_CIRCUMFLEX), ("a", "a", "\u0306", _VNI_BREVE),
    ("ô", "o", "\u031b", _VNI_TONE), ("ö", "u", "\u031b", _VNI_TONE),
)


def _compose(base: str, quality: str, tone: str) -> str:
    """One precomposed Vietnamese letter from base, vowel mark and tone name."""
    return unicodedata.normalize("NFC", base + quality + _TONE_MARKS.get(tone, ""))


def _vni_lower() -> dict[str, str]:
    """VNI Windows byte sequences for every lowercase Vietnamese letter."""
    table = {"ñ": "đ", "î": "ỵ"}
    for vni_base, base, quality, marks in _VNI_VOWELS:
        for tone, mark in marks.items():
            if (base, tone) != ("y", "nang"):
                table[vni_base + mark] = _compose(base, quality, tone)
    table.update({seq: _compose("i", "", tone) for tone, seq in _VNI_I.items()})
    return {seq: uni for seq, uni in table.items() if seq != uni}


def _vni_table() -> dict[str, str]:
    """Lowercase and uppercase VNI sequences, also a capital base before a lowercase mark."""
    lower = _vni_lower()
    table = dict(lower)
    for seq, uni in lower.items():
        table[seq.upper()] = uni.upper()
        table[seq[0].upper() + seq[1:]] = uni.upper()
    return table


VNI_TO_UNICODE: dict[str, str] = _vni_table()
_TABLES = {TCVN3: TCVN3_TO_UNICODE, VNI: VNI_TO_UNICODE}


def _pattern(keys: list[str]) -> re.Pattern[str]:
    """Longest-first alternation so 'ôù' (ớ) wins over 'ô' (ơ)."""
    return re.compile("|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)))


# TCVN3 codes that are symbols in Latin-1 (§ ¨ ¸ soft hyphen …): never inside a Western word.
_STRONG = frozenset(ch for ch in _TCVN3_SRC if not ch.isalpha() and ch != "·")
_SEQ = {enc: _pattern(list(table)) for enc, table in _TABLES.items()}
# A word is a run of letters and TCVN3 symbol codes, for both encodings, so that TCVN3 mojibake
# read as VNI stays one (invalid) word instead of splitting into plausible fragments.
_WORD = re.compile(r"(?:[^\W\d_]|[" + re.escape(_TCVN3_SRC) + "])+")

# --- Vietnamese syllable shape ---------------------------------------------------------------

_INITIAL = "(?:ngh|ng|gh|gi|kh|ph|th|tr|ch|nh|qu|[bcdđghklmnprstvx])?"
_OPEN_OR_CLOSED = "a|e|ê|i|o|ô|ơ|u|ư|y|oa|oe|uê|uy|uơ"
_CLOSED_ONLY = "ă|â|iê|yê|uô|ươ|oă|uâ|uyê|oo"
_GLIDE_END = (
    "ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ui|ưi|ưu|ưa|ua|uôi|ươi|ươu|iêu|yêu|oai|oay|oao|"
    "oeo|uây|uya|uyu|uêu|uơi"
)
_CODA = "c|ch|m|n|ng|nh|p|t"
_SYLLABLE = re.compile(
    rf"{_INITIAL}(?:(?:{_OPEN_OR_CLOSED})(?:{_CODA})?|(?:{_CLOSED_ONLY})(?:{_CODA})|(?:{_GLIDE_END}))"
)
_STOP_CODA = ("c", "ch", "p", "t")
_TONES = frozenset(_TONE_MARKS.values())
_TONE_BEARERS = frozenset("aeiouy\u0302\u0306\u031b")


def is_syllable(word: str) -> bool:
    """Whether a word is shaped like one Vietnamese syllable; loose, it only tells it from mojibake."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    marks = [(i, ch) for i, ch in enumerate(decomposed) if ch in _TONES]
    if len(marks) > 1 or any(i == 0 or decomposed[i - 1] not in _TONE_BEARERS for i, _ in marks):
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    if not _SYLLABLE.fullmatch(bare):
        return False
    return not bare.endswith(_STOP_CODA) or any(ch in "\u0301\u0323" for _, ch in marks)


# --- conversion and detection ----------------------------------------------------------------


def _convert_word(word: str, encoding: str) -> str:
    """One word converted through the encoding's table."""
    table = _TABLES[encoding]
    return _SEQ[encoding].sub(lambda m: table[m[0]], word)


def _typed_in_capitals(text: str) -> bool:
    """Whether TCVN3 text used the capitals font (.VnTimeH): all its ASCII letters upper."""
    letters = [ch for ch in text if ch.isascii() and ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def convert_legacy(text: str, encoding: str) -> str:
    """Text typed in a legacy encoding as NFC Unicode."""
    if encoding not in _TABLES:
        raise ValueError(f"unknown legacy encoding: {encoding!r}")
    capitals = encoding == TCVN3 and _typed_in_capitals(text)

    def word(m: re.Match[str]) -> str:
        out = _convert_word(m[0], encoding)
        return out.upper() if capitals and out != m[0] else out

    return unicodedata.normalize("NFC", _WORD.sub(word, text))


def _is_unicode_only(ch: str) -> bool:
    """A letter or mark no legacy-through-cp1252 text can hold (beyond Latin-1)."""
    return ord(ch) > 0xFF and unicodedata.category(ch)[0] in "LM"


def _strength(word: str, encoding: str) -> int:
    """Letters of evidence in a word, more for signs no Western word holds (§ ¨, VNI "eâ")."""
    if encoding == TCVN3:
        return len(word) + 2 * sum(ch in _STRONG for ch in word)
    return len(word) + sum(len(m[0]) > 1 for m in _SEQ[encoding].finditer(word))


def _plausible_as_typed(word: str) -> bool:
    """A Unicode syllable in lower, Title or UPPER case ('xÊu' is TCVN3 'xấu', not a word)."""
    return (word.islower() or word.istitle() or word.isupper()) and is_syllable(word)


@dataclass
class _Tally:
    """Word counts for reading some text in one encoding."""

    evidence: int = 0
    evidence_letters: int = 0
    against: int = 0

    def fires(self, min_letters: int = MIN_EVIDENCE_LETTERS) -> bool:
        """Enough letters of evidence, and evidence is most of the telling words."""
        share = self.evidence >= MIN_SHARE * (self.evidence + self.against)
        return self.evidence > 0 and self.evidence_letters >= min_letters and share


_BEYOND_LATIN1 = re.compile(r"[^\x00-\xff]")


def _countable(text: str) -> bool:
    """Whether NFC text could be legacy bytes seen through cp1252: not ASCII, nothing Unicode-only."""
    return not text.isascii() and not any(map(_is_unicode_only, _BEYOND_LATIN1.findall(text)))


@lru_cache(maxsize=16384)
def _word_tally(word: str, encoding: str) -> tuple[int, int, int]:
    """(evidence, evidence letters, against) one non-ASCII word adds; words repeat across cells."""
    converted = _convert_word(word, encoding)
    if not is_syllable(converted):
        return 0, 0, 1
    if converted != word and not _plausible_as_typed(word) and len(word) >= 2:
        return 1, _strength(word, encoding), 0
    return 0, 0, 0


def _tally(texts: Iterable[str], encoding: str) -> _Tally:
    """Evidence and counter-evidence for an encoding over texts (Unicode texts count for none)."""
    tally = _Tally()
    for text in texts:
        if not _countable(text):
            continue
        for m in _WORD.finditer(text):
            word = m[0]
            if word.isascii():
                continue
            evidence, letters, against = _word_tally(word, encoding)
            tally.evidence += evidence
            tally.evidence_letters += letters
            tally.against += against
    return tally


def detect_legacy_all(texts: Iterable[str]) -> str | None:
    """The legacy encoding a set of texts (one file's cells) was typed in, pooling evidence."""
    pool = [nfc for t in texts if not t.isascii() and _countable(nfc := unicodedata.normalize("NFC", t))]
    if not pool:
        return None
    tallies = {enc: _tally(pool, enc) for enc in ENCODINGS}
    firing = [(t.evidence_letters, t.evidence, enc) for enc, t in tallies.items() if t.fires()]
    return max(firing)[2] if firing else None


def detect_legacy(text: str) -> str | None:
    """Which legacy encoding text was typed in, or None for Unicode, English and the like."""
    return detect_legacy_all([text])


@lru_cache(maxsize=8192)
def fix_legacy(text: str, file_encoding: str | None = None) -> tuple[str, str | None]:
    """Text as NFC Unicode with the encoding found, or unchanged with None.

    file_encoding (from detect_legacy_all over the file) also converts cells too short to
    decide alone ("Lª Minh An"), as long as one word needs it and most words agree.
    """
    nfc_text = unicodedata.normalize("NFC", text)
    if not _countable(nfc_text):
        return text, None
    encoding = detect_legacy(text)
    if encoding is None and file_encoding in _TABLES:
        encoding = file_encoding if _tally([nfc_text], file_encoding).fires(1) else None
    if encoding is None:
        return text, None
    return convert_legacy(text, encoding), encoding
