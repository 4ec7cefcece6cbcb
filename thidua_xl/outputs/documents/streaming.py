"""Long tables rendered piece by piece, the same way for .docx and .html: rows joined a few hundred
at a time, and the markup of recurring cells (positions, units, rates) built once."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import TypeVar

from markupsafe import Markup

CHUNK_ROWS = 500
MEMO_LIMIT = 4096

K = TypeVar("K", bound=Hashable)


def in_chunks(rows: Iterable[str]) -> Iterator[Markup]:
    """Rows of markup joined CHUNK_ROWS at a time, so a list of any length streams to disk."""
    out: list[str] = []
    for row in rows:
        out.append(row)
        if len(out) >= CHUNK_ROWS:
            yield Markup("".join(out))
            out.clear()
    if out:
        yield Markup("".join(out))


def remembered(make: Callable[[K], str]) -> Callable[[K], str]:
    """`make` computed once per value, for up to MEMO_LIMIT values (then the memory starts afresh)."""
    memo: dict[K, str] = {}

    def get(key: K) -> str:
        hit = memo.get(key)
        if hit is None:
            if len(memo) >= MEMO_LIMIT:
                memo.clear()
            hit = memo[key] = make(key)
        return hit

    return get
