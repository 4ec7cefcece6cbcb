"""The hidden sheet: campaign stamp for the reader, and the lists behind defined names (dropdown
sources, and what the self-check formulas match)."""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from thidua_xl.campaign import Campaign
from thidua_xl.outputs.template.style import sheet_ref
from thidua_xl.read import contract
from thidua_xl.read.contract import column_letter

LIST_HEADER_ROW = 3  # zero-based: row 4 holds the list titles, values start on row 5


def write_stamp_sheet(wb: Workbook, campaign: Campaign, results_ready: bool = False) -> None:
    """Stamp A1:B2 (campaign id, template version), A3:B3 when the button's result columns ship
    formatted, the lists below, then hide and protect."""
    ws = wb.add_worksheet(contract.SHEET_STAMP)
    ws.write_string(0, 0, "campaign_id")
    ws.write_string(0, 1, campaign.id)
    ws.write_string(1, 0, "template_version")
    ws.write_string(1, 1, campaign.template_version)
    if results_ready:
        ws.write_string(2, 0, contract.STAMP_RESULTS_READY)
        ws.write_string(2, 1, contract.YES)
    wb.define_name(contract.STAMP_CAMPAIGN, "=" + sheet_ref(contract.SHEET_STAMP, "$B$1"))
    wb.define_name(contract.STAMP_VERSION, "=" + sheet_ref(contract.SHEET_STAMP, "$B$2"))
    for col, (name, title, values) in enumerate(contract.workbook_lists(campaign)):
        ws.write_string(LIST_HEADER_ROW, col, title)
        for i, value in enumerate(values, start=LIST_HEADER_ROW + 1):
            if isinstance(value, str):
                ws.write_string(i, col, value)
            elif value is not None:
                ws.write_number(i, col, value)
        letter = column_letter(col)
        first, last = LIST_HEADER_ROW + 2, LIST_HEADER_ROW + 1 + max(1, len(values))
        wb.define_name(name, "=" + sheet_ref(contract.SHEET_STAMP,
                                             f"${letter}${first}:${letter}${last}"))
    ws.set_column(0, len(contract.workbook_lists(campaign)) - 1, 24)
    ws.hide()
    ws.protect()
