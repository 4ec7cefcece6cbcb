"""Numbers written the Vietnamese way: decimal comma, percent, roman section numbers."""

from __future__ import annotations

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")


def decimal(x: float, digits: int = 2) -> str:
    """A number with a decimal comma and no trailing zeros (12.50 → "12,5")."""
    text = f"{x:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{x:.0f}"
    return text.replace(".", ",")


def percent(share: float | None, digits: int = 1, *, trim: bool = False) -> str:
    """A share as Vietnamese percent text (0.857 → "85,7%"), or a dash when unknown."""
    if share is None:
        return "—"
    if trim:
        return f"{decimal(share * 100, digits)}%"
    return f"{share * 100:.{digits}f}".replace(".", ",") + "%"


def roman(n: int) -> str:
    """Section number n (1-based) in roman numerals, as Vietnamese lists number their parts."""
    return ROMAN[n - 1] if 0 < n <= len(ROMAN) else str(n)
