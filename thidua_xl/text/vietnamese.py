"""Vietnamese text: NFC, spacing, loose matching and identity keys."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache


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
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=8192)
def _fold_text(text: str) -> str:
    """fold of a plain str, memoised: the same labels, marks and choices recur in every file."""
    return clean_text(text).casefold()


def fold(value: object) -> str:
    """Case-, space- and form-insensitive text for matching labels and choices."""
    if type(value) is str:
        return _fold_text(value)
    return clean_text(value).casefold()


@lru_cache(maxsize=8192)
def _fold_loose_text(text: str) -> str:
    """fold_loose of a plain str, memoised: identity keys are built several times per row."""
    return strip_marks(fold(text))


def fold_loose(value: object) -> str:
    """Like fold, and also diacritic-insensitive, for identity keys."""
    if type(value) is str:
        return _fold_loose_text(value)
    return strip_marks(fold(value))


@lru_cache(maxsize=256)
def _choice_forms(options: tuple[str, ...]) -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """Folded form → first choice, and (choice, loose form) pairs: computed once per choice list."""
    exact: dict[str, str] = {}
    for choice in options:
        exact.setdefault(fold(choice), choice)
    return exact, tuple((c, fold_loose(c)) for c in options)


def match_choice(value: object, choices: Iterable[str]) -> str | None:
    """The allowed choice a typed value means: exact after folding, else unique without marks."""
    options = tuple(choices)
    folded = fold(value)
    if not folded:
        return None
    try:
        exact, loose_forms = _choice_forms(options)
    except TypeError:
        exact = {}
        for choice in options:
            exact.setdefault(fold(choice), choice)
        loose_forms = tuple((c, fold_loose(c)) for c in options)
    if folded in exact:
        return exact[folded]
    loose = strip_marks(folded)
    hits = [c for c, form in loose_forms if form == loose]
    return hits[0] if len(hits) == 1 else None


def person_key(name: object, birth_year: int | None) -> str:
    """Identity of a person across files: name without case, spacing or marks, plus birth year."""
    return f"p|{fold_loose(name)}|{birth_year or ''}"


def collective_key(name: object) -> str:
    """Identity of a collective across files: name without case, spacing or marks."""
    return f"t|{fold_loose(name)}"


@lru_cache(maxsize=64)
def _mark_forms(marks: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """Folded and loose forms of the campaign's met marks, computed once per mark set."""
    kept = [m for m in marks if fold(m)]
    return frozenset(fold(m) for m in kept), frozenset(fold_loose(m) for m in kept)


def is_met(value: object, marks: Iterable[str]) -> bool:
    """Whether a criterion cell is ticked: one of the campaign's marks, with or without accents."""
    folded = fold(value)
    if not folded:
        return False
    exact, loose = _mark_forms(tuple(marks))
    return folded in exact or strip_marks(folded) in loose


ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
TONE_ORDER = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_VOWEL_MARKS = frozenset("\u0302\u0306\u031b")
_LETTER_RANK = {ch: 100 + i for i, ch in enumerate(ALPHABET)}
_TONE_RANK = {mark: i for i, mark in enumerate(TONE_ORDER)}

SortKey = tuple[tuple[int, ...], tuple[int, ...]]


@lru_cache(maxsize=4096)
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
