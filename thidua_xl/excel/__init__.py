"""Excel buttons: thin macros that get the calling workbook, call the CLI's core, write the result back.

Each is an `@xw.sub`, so the xlwings add-in's "Import Functions" turns it into a VBA Sub that a
form button calls by name; each also runs through `RunPython "import thidua_xl.excel as m; m.NAME()"`.
"""

from __future__ import annotations

import xlwings as xw

from thidua_xl.excel.safe import clerk_safe


@xw.sub
@clerk_safe
def kiem_tra() -> str:
    """Unit button: check the open workbook with the CLI's rules and mark the offending cells."""
    from thidua_xl.excel.unit import check_open_unit

    return check_open_unit(xw.Book.caller())[1]


@xw.sub
@clerk_safe
def kiem_tra_ho_so() -> str:
    """Office button: check every file in the input folder; findings and units into their sheets."""
    from thidua_xl.excel.office import check_files

    return check_files(xw.Book.caller())


@xw.sub
@clerk_safe
def tong_hop() -> str:
    """Office button: consolidate every nominee into "Tổng hợp", as `thidua consolidate` does."""
    from thidua_xl.excel.office import consolidate_book

    return consolidate_book(xw.Book.caller())


@xw.sub
@clerk_safe
def kiem_tra_chi_tieu() -> str:
    """Office button: the quota table and the cut line."""
    from thidua_xl.excel.office import check_quotas

    return check_quotas(xw.Book.caller())


@xw.sub
@clerk_safe
def lap_danh_sach() -> str:
    """Office button: the Director's list, and the workbook, report and documents in the output folder."""
    from thidua_xl.excel.office import make_list

    return make_list(xw.Book.caller())


@xw.sub
@clerk_safe
def xoa_danh_dau() -> str:
    """Office (or unit) button: remove the fills, results and lists this program wrote."""
    from thidua_xl.excel.office import clear_marks

    return clear_marks(xw.Book.caller())
