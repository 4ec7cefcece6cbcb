"""How units may propose: who may put forward another unit's people, and the "not applicable" mark."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from thidua_xl.text.vietnamese import fold

NOT_APPLICABLE = "Không áp dụng"


@dataclass(frozen=True)
class ProposalRules:
    """Campaign settings on proposals; the defaults are the plan's usual rules."""

    other_units: tuple[str, ...] = ()
    not_applicable: tuple[str, ...] = (NOT_APPLICABLE,)

    def may_propose_others(self, unit_code: str) -> bool:
        """Whether a unit may propose people whose work unit is another unit (e.g. a union)."""
        return unit_code in self.other_units


def _nfc(text: str) -> str:
    """Trimmed NFC text, the only form compared."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def parse_proposals(data: Mapping[str, Any], fail: Callable[[str, str], None],
                    unit_codes: Collection[str]) -> ProposalRules:
    """The optional [proposals] table and [marks].not_applicable, problems reported through `fail`."""
    table = data.get("proposals", {})
    if not isinstance(table, dict):
        fail("proposals", "phải là bảng [proposals]")
        table = {}
    value = table.get("other_units", False)
    others: tuple[str, ...] = ()
    if value is True:
        others = tuple(unit_codes)
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        unknown = [v for v in value if v not in unit_codes]
        for v in unknown:
            fail("proposals.other_units", f"mã đơn vị chưa khai báo trong [[units]]: {v!r}")
        others = tuple(v for v in value if v in unit_codes)
    elif value is not False:
        fail("proposals.other_units", "phải là true, false hoặc danh sách mã đơn vị "
             f"(ví dụ [\"CDCS\"]), đang là {value!r}")
    marks = data.get("marks", {})
    na = marks.get("not_applicable", [NOT_APPLICABLE]) if isinstance(marks, dict) else []
    if not isinstance(na, list) or not na or not all(isinstance(m, str) and m.strip() for m in na):
        fail("marks.not_applicable", "phải là danh sách chuỗi không rỗng, ví dụ [\"Không áp dụng\"]")
        na = [NOT_APPLICABLE]
    met = marks.get("met", []) if isinstance(marks, dict) else []
    both = {fold(m) for m in na} & {fold(m) for m in (met if isinstance(met, list) else [])
                                    if isinstance(m, str)}
    if both:
        fail("marks.not_applicable", "trùng với cách đánh dấu \"Đạt\" (marks.met): "
             + ", ".join(sorted(both)))
    return ProposalRules(others, tuple(_nfc(m) for m in na))
