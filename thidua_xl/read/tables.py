"""Plain tables from a CSV file or any spreadsheet, for the lists found by label (register, ledger)."""

from __future__ import annotations

import csv
import io
from pathlib import Path


def csv_rows(data: bytes) -> list[list[object]]:
    """CSV rows from UTF-8 (with or without BOM); comma, semicolon or tab separated."""
    text = data.decode("utf-8-sig")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]


def spreadsheet_rows(path: Path) -> list[tuple[str, list[list[object]]]]:
    """Every sheet of a spreadsheet, values only (python-calamine, imported when first needed)."""
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return [(name, [list(row) for row in book.get_sheet_by_name(name).to_python()])
            for name in book.sheet_names]
