"""Excel buttons: thin macros that take the workbook, call the CLI's core, write the result back.

Each is an `@xw.script` taking the workbook as its one optional argument:
- classic add-in, Windows: "Import Functions" turns each into a VBA `Sub NAME(Optional book)` that a
  form button calls by name with no argument, so `book` is None and the caller's workbook is used;
- classic add-in, macOS (and any VBA): `RunPython "import thidua_xl.excel as m; m.NAME()"`;
- xlwings Server (and Lite): the runtime passes the workbook as `book`, found by its `xw.Book` hint.
"""

from __future__ import annotations

import xlwings as xw

from thidua_xl.excel.council import print_certificates, record_council_book
from thidua_xl.excel.office import check_files, check_quotas, clear_marks, consolidate_book, make_list
from thidua_xl.excel.safe import clerk_safe
from thidua_xl.excel.unit import check_unit


@xw.script
def kiem_tra(book: xw.Book | None = None) -> str:
    """Unit button: check the open workbook with the CLI's rules and mark the offending cells."""
    return clerk_safe("kiem_tra", book, check_unit)


@xw.script
def kiem_tra_ho_so(book: xw.Book | None = None) -> str:
    """Office button: check every file in the input folder; findings and units into their sheets."""
    return clerk_safe("kiem_tra_ho_so", book, check_files)


@xw.script
def tong_hop(book: xw.Book | None = None) -> str:
    """Office button: consolidate every nominee into "Tổng hợp", as `thidua consolidate` does."""
    return clerk_safe("tong_hop", book, consolidate_book)


@xw.script
def kiem_tra_chi_tieu(book: xw.Book | None = None) -> str:
    """Office button: the quota table and the cut line."""
    return clerk_safe("kiem_tra_chi_tieu", book, check_quotas)


@xw.script
def lap_danh_sach(book: xw.Book | None = None) -> str:
    """Office button: the Director's list, and the workbook, report and documents in the output folder."""
    return clerk_safe("lap_danh_sach", book, make_list)


@xw.script
def ghi_nhan_hoi_dong(book: xw.Book | None = None) -> str:
    """Office button: the council's tally typed in this workbook recorded; minutes and documents."""
    return clerk_safe("ghi_nhan_hoi_dong", book, record_council_book)


@xw.script
def in_giay_khen(book: xw.Book | None = None) -> str:
    """Office button: the signed decision recorded and its certificates printed."""
    return clerk_safe("in_giay_khen", book, print_certificates)


@xw.script
def xoa_danh_dau(book: xw.Book | None = None) -> str:
    """Office (or unit) button: remove the fills, results and lists this program wrote."""
    return clerk_safe("xoa_danh_dau", book, clear_marks)
