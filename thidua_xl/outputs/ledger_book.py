"""`thidua ledger export`: the whole award ledger as one Excel sheet that imports back unchanged."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import xlsxwriter

from thidua_xl.ledger.importing import LABELS
from thidua_xl.ledger.model import KIND_LABELS, AwardRecord
from thidua_xl.outputs.files import atomic_path
from thidua_xl.outputs.stamp import stamp_xlsxwriter
from thidua_xl.outputs.tonghop.base import FIXED_CREATED, Column, Sheet, Styles, workbook_options

SHEET = "Sổ khen thưởng"
COLUMNS = (
    Column("STT", 6, "num"), Column(LABELS["name"][0], 30), Column(LABELS["subject"][0], 10),
    Column(LABELS["birth_year"][0], 9, "num"), Column(LABELS["gender"][0], 9),
    Column(LABELS["unit"][0], 28), Column(LABELS["award"][0], 32),
    Column(LABELS["number"][0], 18), Column(LABELS["signed_on"][0], 13, "date"),
    Column(LABELS["authority"][0], 28), Column(LABELS["campaign"][0], 44),
    Column(LABELS["year"][0], 8, "num"), Column("Nguồn", 30),
)


def _values(i: int, r: AwardRecord) -> list[object]:
    """One award as a row, in the import's own labels."""
    return [i, r.name, KIND_LABELS[r.kind], r.birth_year, r.gender, r.unit, r.award,
            r.decision.number, r.decision.signed_on, r.decision.authority,
            r.campaign.name if r.campaign else "", r.year, r.source]


def write_ledger_book(records: Sequence[AwardRecord], target: Path) -> Path:
    """Write the export atomically: a filterable sheet, dates as dates, text never a formula."""
    target = Path(target)
    with atomic_path(target) as tmp:
        book = xlsxwriter.Workbook(str(tmp), workbook_options(False))
        book.set_properties({"title": "Sổ khen thưởng", "created": FIXED_CREATED})
        stamp_xlsxwriter(book, "so_khen_thuong")
        sheet = Sheet(book, Styles(book), SHEET)
        sheet.columns(COLUMNS)
        for i, r in enumerate(records, start=1):
            sheet.row(i, _values(i, r), COLUMNS)
        sheet.ws.autofilter(0, 0, max(len(records), 1), len(COLUMNS) - 1)
        sheet.page(1, wide=1)
        book.close()
    return target
