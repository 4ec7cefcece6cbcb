"""Vietnamese text: NFC, spacing, loose matching and identity keys."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable


def nfc(text: str) -> str:
    """Unicode NFC, the only form stored or compared (Unikey 'tổ hợp' and NFD become NFC)."""
    return unicodedata.normalize("NFC", text)


def clean_text(value: object) -> str:
    """Cell value as NFC text, trimmed, inner whitespace collapsed; None becomes ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(" ".join(str(value).split()))


def strip_marks(text: str) -> str:
    """Remove tones and vowel marks, đ → d, so 'Nguyễn' and 'Nguyen' compare equal."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(value: object) -> str:
    """Case-, space- and form-insensitive text for matching labels and choices."""
    return clean_text(value).casefold()


def fold_loose(value: object) -> str:
    """Like fold, and also diacritic-insensitive, for identity keys."""
    return strip_marks(fold(value))


def match_choice(value: object, choices: Iterable[str]) -> str | None:
    """The allowed choice a typed value means: exact after folding, else unique without marks."""
    options = list(choices)
    folded = fold(value)
    if not folded:
        return None
    for choice in options:
        if fold(choice) == folded:
            return choice
    loose = strip_marks(folded)
    hits = [c for c in options if fold_loose(c) == loose]
    return hits[0] if len(hits) == 1 else None


def person_key(name: object, birth_year: int | None) -> str:
    """Identity of a person across files: name without case, spacing or marks, plus birth year."""
    return f"p|{fold_loose(name)}|{birth_year or ''}"


def collective_key(name: object) -> str:
    """Identity of a collective across files: name without case, spacing or marks."""
    return f"t|{fold_loose(name)}"


def is_met(value: object, marks: Iterable[str]) -> bool:
    """Whether a criterion cell is ticked: one of the campaign's marks, with or without accents."""
    folded = fold(value)
    if not folded:
        return False
    loose = strip_marks(folded)
    return any(folded == fold(m) or loose == fold_loose(m) for m in marks if fold(m))


ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
TONE_ORDER = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_VOWEL_MARKS = frozenset("\u0302\u0306\u031b")
_LETTER_RANK = {ch: 100 + i for i, ch in enumerate(ALPHABET)}
_TONE_RANK = {mark: i for i, mark in enumerate(TONE_ORDER)}

SortKey = tuple[tuple[int, ...], tuple[int, ...]]


def _letter_and_tone(ch: str) -> tuple[int, int]:
    """Primary rank (Vietnamese letter order) and tone rank of one character."""
    parts = unicodedata.normalize("NFD", ch)
    base = nfc(parts[0] + "".join(m for m in parts[1:] if m in _VOWEL_MARKS))
    tone = next((_TONE_RANK[m] for m in parts[1:] if m in _TONE_RANK), 0)
    if base in _LETTER_RANK:
        return _LETTER_RANK[base], tone
    if base.isdigit():
        return 1 + int(base) if base.isascii() else 11, tone
    return (0 if base == " " else 1000 + ord(base)), tone


def collation_key(text: object) -> SortKey:
    """Vietnamese dictionary order: letters first (a ă â … đ …), tones only to break ties."""
    ranks = [_letter_and_tone(ch) for ch in fold(text)]
    return tuple(r for r, _ in ranks), tuple(t for _, t in ranks)


def name_sort_key(full_name: object) -> tuple[SortKey, SortKey, SortKey]:
    """Order people as Vietnamese lists do: given name, then middle names, then family name."""
    words = clean_text(full_name).split()
    if not words:
        return collation_key(""), collation_key(""), collation_key("")
    given, middle, family = words[-1], " ".join(words[1:-1]), words[0] if len(words) > 1 else ""
    return collation_key(given), collation_key(middle), collation_key(family)


def collective_sort_key(name: object) -> SortKey:
    """Order collectives by their whole name in Vietnamese letter order."""
    return collation_key(name)
