"""What every file rule sees (Context) and the registry rules file themselves in."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from thidua_xl.campaign import Campaign
from thidua_xl.findings import Finding, Where, display_value, registrar
from thidua_xl.read.model import CellRef, Submission
from thidua_xl.read.normalise import Info, Row


@dataclass(slots=True)
class Context:
    """Everything a file rule may look at: the raw submission, typed info and rows, the campaign."""

    sub: Submission
    campaign: Campaign
    info: Info
    rows: list[Row]
    received: date | None = None

    def at(self, row: Row, key: str) -> Where:
        """Finding location of one field of a nominee row, with its raw value."""
        ref = self.sub.ref(row.raw, key)
        return _where(self.sub.path, ref, row.raw.get(key))

    def at_info(self, key: str) -> Where:
        """Finding location of a unit-info field (file level when the label is absent)."""
        ref = self.sub.info_cells.get(key)
        if ref is None:
            return {"file": self.sub.path}
        return _where(self.sub.path, ref, self.sub.info.get(key))


def _where(path: str, ref: CellRef, value: object) -> Where:
    """Keyword arguments that place a finding on one cell."""
    return {"file": path, "sheet": ref.sheet, "row": ref.row, "column": ref.column,
            "cell": ref.cell, "value": display_value(value)}


Rule = Callable[[Context], Iterable[Finding]]
RULES: dict[str, Rule] = {}


rule = registrar(RULES)
"""Register a file rule under a known finding code."""


def run_rules(ctx: Context) -> list[Finding]:
    """Every registered rule over one file, in registration order."""
    return [f for func in RULES.values() for f in func(ctx)]

