"""Few-round-trip writes on desktop engines: cells grouped into rectangles and multi-area addresses."""

from __future__ import annotations

import pytest

from thidua_xl.excel.book import paint
from thidua_xl.outputs.office.cells import areas, multi_area

PINK, YELLOW = "#ffc7ce", "#ffeb9c"


@pytest.mark.parametrize(("cells", "expected"), [
    ([(2, 1)], ["A2"]),
    ([(5, 3), (6, 3), (7, 3), (2, 1)], ["A2", "C5:C7"]),
    ([(1, 2), (3, 2)], ["B1", "B3"]),
    ([(1, 1), (1, 2), (1, 3)], ["A1:C1"]),
    ([(1, 1), (1, 2), (2, 1), (2, 2), (4, 2)], ["A1:B2", "B4"]),
])
def test_cells_become_few_rectangles(cells: list[tuple[int, int]], expected: list[str]) -> None:
    assert areas(cells) == expected


def test_multi_area_addresses_stay_under_the_range_call_limit() -> None:
    areas = [f"A{i}" for i in range(1, 200, 2)]
    joined = multi_area(areas, limit=60)
    assert all(len(a) <= 60 for a in joined)
    assert ",".join(joined).split(",") == areas


class _FakeRange:
    """A desktop-engine range that records colour assignments."""

    def __init__(self, log: list[tuple[str, object]], address: str) -> None:
        self._log, self._address = log, address

    @property
    def color(self) -> None:
        return None

    @color.setter
    def color(self, value: object) -> None:
        self._log.append((self._address, value))


class _FakeSheet:
    def __init__(self) -> None:
        self.log: list[tuple[str, object]] = []
        self.book = type("B", (), {"app": type("A", (), {
            "engine": type("E", (), {"name": "excel"})()})()})()

    def range(self, address: str) -> _FakeRange:
        return _FakeRange(self.log, address)


def test_desktop_engines_get_one_colour_call_per_multi_area_address() -> None:
    sheet = _FakeSheet()
    paint(sheet, {"C5": PINK, "C6": PINK, "C7": PINK, "A2": PINK, "E9": YELLOW, "F1": None})
    assert sorted(sheet.log, key=str) == sorted(
        [("A2,C5:C7", PINK), ("E9", YELLOW), ("F1", None)], key=str)
