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
