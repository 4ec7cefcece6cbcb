"""The hidden sheet: campaign stamp for the reader, and the dropdown sources behind defined names."""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from thidua_xl.campaign import Campaign
from thidua_xl.outputs.template.style import sheet_ref
from thidua_xl.read import contract
from thidua_xl.read.contract import column_letter

SUBJECTS = "ds_doi_tuong"
GENDERS = "ds_gioi_tinh"
AWARDS = "ds_hinh_thuc"
UNITS = "ds_don_vi"
HEADCOUNTS = "ds_quan_so"
MET_CHOICE = "ds_chon_dat"
MET_MARKS = "ds_danh_dau_dat"
YES_NO = "ds_co_khong"
LIST_HEADER_ROW = 3  # zero-based: row 4 holds the list titles, values start on row 5


def dropdown_lists(campaign: Campaign) -> tuple[tuple[str, str, tuple[object, ...]], ...]:
    """(defined name, title, values) for every list, in hidden-sheet column order."""
    return (
        (SUBJECTS, "Đối tượng", tuple(s.label for s in campaign.subjects)),
        (GENDERS, "Giới tính", contract.GENDERS),
        (AWARDS, "Hình thức khen thưởng", tuple(a.name for a in campaign.awards)),
        (UNITS, "Đơn vị", tuple(u.name for u in campaign.units)),
        (HEADCOUNTS, "Quân số", tuple(u.headcount for u in campaign.units)),
        (MET_CHOICE, "Chọn khi đạt", campaign.met_marks[:1]),
        (MET_MARKS, "Đánh dấu được coi là đạt", campaign.met_marks),
        (YES_NO, "Có/Không", (contract.YES, contract.NO)),
    )


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
    for col, (name, title, values) in enumerate(dropdown_lists(campaign)):
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
    ws.set_column(0, 7, 24)
    ws.hide()
    ws.protect()
