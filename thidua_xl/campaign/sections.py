"""The campaign's [council] and [certificate] sections: how the council votes, how certificates print."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from thidua_xl.campaign.model import (
    CERTIFICATE_FIELDS,
    CERTIFICATE_LAYOUTS,
    COUNCIL_BASES,
    CertificateSpec,
    CouncilRules,
    Placement,
)

Fail = Callable[[str, str], None]
PAGE_LANDSCAPE_MM = (297.0, 210.0)
SIZE_RANGE = (6.0, 72.0)


def _share(table: Mapping[str, Any], key: str, fail: Fail) -> float | None:
    """A share in (0, 1], or None when absent; a problem when it is anything else."""
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        fail(f"council.{key}", f"phải là tỷ lệ trong (0, 1], ví dụ 0.5 là 50%; đang là {value!r}")
        return None
    return float(value)


def parse_council(data: Mapping[str, Any], fail: Fail) -> CouncilRules:
    """[council]: threshold (share of votes needed), base ("total"/"present"), quorum (share present)."""
    table = data.get("council", {})
    if not isinstance(table, dict):
        fail("council", "phải là một bảng [council]")
        return CouncilRules()
    for key in sorted(set(table) - {"threshold", "base", "quorum"}):
        fail(f"council.{key}", "khóa không có trong mục [council] (dùng threshold, base, quorum)")
    base = table.get("base", "total")
    if base not in COUNCIL_BASES:
        fail("council.base", "phải là \"total\" (tính trên tổng số thành viên Hội đồng) hoặc "
                             f"\"present\" (tính trên số thành viên có mặt), đang là {base!r}")
        base = "total"
    return CouncilRules(_share(table, "threshold", fail), str(base), _share(table, "quorum", fail))


def _number(spec: Mapping[str, Any], key: str, path: str, fail: Fail, low: float, high: float
            ) -> float | None:
    """A number of millimetres or points within [low, high]."""
    value = spec.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        fail(f"{path}.{key}", f"phải là số trong khoảng {low:g}–{high:g}, đang là {value!r}")
        return None
    return float(value)


def _placement(spec: object, path: str, fail: Fail) -> Placement | None:
    """One line's position on an A4 landscape form: x (centre), y (top), width, size."""
    if not isinstance(spec, dict):
        fail(path, "phải là bảng { x = …, y = …, width = …, size = … } (milimét, cỡ chữ pt)")
        return None
    width_max, height_max = PAGE_LANDSCAPE_MM
    x = _number(spec, "x", path, fail, 0, width_max)
    y = _number(spec, "y", path, fail, 0, height_max)
    width = _number(spec, "width", path, fail, 5, width_max) if "width" in spec else 120.0
    size = _number(spec, "size", path, fail, *SIZE_RANGE) if "size" in spec else 14.0
    if x is None or y is None or width is None or size is None:
        return None
    return Placement(x, y, width, size)


def parse_certificate(data: Mapping[str, Any], fail: Fail) -> CertificateSpec:
    """[certificate]: achievement line, layout ("frame"/"form") and positions for pre-printed forms."""
    table = data.get("certificate", {})
    if not isinstance(table, dict):
        fail("certificate", "phải là một bảng [certificate]")
        return CertificateSpec()
    achievement = table.get("achievement", "")
    if not isinstance(achievement, str):
        fail("certificate.achievement", f"phải là chuỗi ký tự, đang là {achievement!r}")
        achievement = ""
    layout = table.get("layout", "frame")
    if layout not in CERTIFICATE_LAYOUTS:
        fail("certificate.layout", "phải là \"frame\" (in cả khung trên giấy trắng) hoặc \"form\" "
                                   f"(chỉ in chữ lên phôi in sẵn), đang là {layout!r}")
        layout = "frame"
    raw = table.get("positions", {})
    positions: list[tuple[str, Placement]] = []
    if not isinstance(raw, dict):
        fail("certificate.positions", "phải là bảng [certificate.positions]")
        raw = {}
    for key, spec in raw.items():
        if key not in CERTIFICATE_FIELDS:
            fail(f"certificate.positions.{key}",
                 f"dòng không có trên giấy khen (dùng: {', '.join(CERTIFICATE_FIELDS)})")
            continue
        placed = _placement(spec, f"certificate.positions.{key}", fail)
        if placed is not None:
            positions.append((key, placed))
    if layout == "form" and not positions:
        fail("certificate.positions", "layout = \"form\" cần vị trí in của ít nhất một dòng")
    text = unicodedata.normalize("NFC", " ".join(achievement.split()))
    return CertificateSpec(text, str(layout), tuple(positions))
