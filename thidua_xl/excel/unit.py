"""The unit's "Kiểm tra" button: the open workbook read once, checked by the CLI's rules, marked live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from thidua_xl.campaign import BUILTIN_ID, Campaign, load_campaign
from thidua_xl.check.file import FileResult, check_submission
from thidua_xl.excel.book import formula_cells, read_sheets, sheet_names, sheet_rows
from thidua_xl.excel.marks import mark_book, unmark_book
from thidua_xl.excel.results import result_blocks
from thidua_xl.outputs.office.cells import Rows
from thidua_xl.outputs.style import SHEET_FIXES
from thidua_xl.read.model import Submission
from thidua_xl.read.reader import submission_from_sheets

CAMPAIGN_ENV = "THIDUA_CAMPAIGN"


def book_path(book: Any) -> str:
    """The path findings name: the workbook's full name as the engine reports it."""
    return str(book.fullname)


def campaign_for(book: Any, campaign_id: str | None) -> Campaign:
    """THIDUA_CAMPAIGN if set, else `<id>.toml` beside the workbook for a non-built-in id, else built-in."""
    if os.environ.get(CAMPAIGN_ENV):
        return load_campaign(os.environ[CAMPAIGN_ENV])
    if campaign_id and campaign_id != BUILTIN_ID:
        beside = Path(book_path(book)).parent / f"{campaign_id}.toml"
        if beside.is_file():
            return load_campaign(beside)
    return load_campaign()


@dataclass(frozen=True)
class OpenUnit:
    """The open unit workbook as read once: its values per sheet and the Submission they make."""

    sheets: dict[str, Rows]
    submission: Submission
    campaign: Campaign


def read_unit(book: Any, campaign: Campaign | None = None) -> OpenUnit:
    """A Submission from the open book's values (one read per sheet), our fixes sheet left out."""
    sheets = read_sheets(book, skip=(SHEET_FIXES,))
    path = book_path(book)
    first = submission_from_sheets(path, sheets, None, campaign)
    chosen = campaign or campaign_for(book, first.campaign_id)
    used = {first.list_sheet, *(c.sheet for c in first.info_cells.values())} - {""}
    formulas = formula_cells(book, sorted(used))
    if chosen is campaign and not formulas:
        return OpenUnit(sheets, first, chosen)
    return OpenUnit(sheets, submission_from_sheets(path, sheets, formulas, chosen), chosen)


def previous_fixes(book: Any) -> Rows:
    """The fixes sheet an earlier check wrote, as rows; empty when there is none."""
    return sheet_rows(book.sheets[SHEET_FIXES]) if SHEET_FIXES in sheet_names(book) else []


def check_open_unit(book: Any, campaign: Campaign | None = None) -> tuple[FileResult, str]:
    """Check the open unit workbook, mark it in place, and say in one line how it went."""
    unit = read_unit(book, campaign)
    result = check_submission(unit.submission, unit.campaign)
    blocks = result_blocks(unit.submission, unit.sheets, result.findings)
    return result, mark_book(book, result.findings, blocks, previous_fixes(book))


def clear_unit(book: Any) -> int:
    """Remove what the unit check wrote; how many sheets changed."""
    unit = read_unit(book)
    blocks = result_blocks(unit.submission, unit.sheets, ())
    return unmark_book(book, blocks, previous_fixes(book))


def check_unit(book: Any) -> str:
    """The unit button's job: check and mark the open workbook; the one-line summary."""
    return check_open_unit(book)[1]
