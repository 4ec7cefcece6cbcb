"""Break a campaign definition one key at a time: the built-in TOML as a raw mapping, and edits."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from typing import Any

from thidua_xl.campaign import builtin_path


def raw_definition() -> dict[str, Any]:
    """The built-in definition as a raw TOML mapping, to break one key at a time."""
    return tomllib.loads(builtin_path().read_text(encoding="utf-8"))


def set_key(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    """A change that sets a dotted key ("criteria.3.text") to `value`, or deletes it for ..."""
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node.setdefault(part, {})
        key: Any = int(last) if last.isdigit() else last
        if value is ...:
            del node[key]
        else:
            node[key] = value
    return change
