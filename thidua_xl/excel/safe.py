"""What a clerk sees when a button runs: a Vietnamese message in a status cell or box, no traceback."""

from __future__ import annotations

import tempfile
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import xlwings as xw

from thidua_xl.excel.book import alert, sheet_names, sheet_rows, write_block
from thidua_xl.jobs.errors import failure_message
from thidua_xl.outputs.office.layout import CONTROL_SHEET, LOG_NAME, STATUS_LABEL

TITLE = "thidua_xl"
RETRY = "bấm lại"
Job = Callable[[Any], str]


class ClerkError(Exception):
    """A problem the clerk can fix (an empty path, a missing folder); its text is shown as is."""


def caller_book() -> Any:
    """The workbook whose button ran the macro under the classic add-in (RunPython or an imported Sub)."""
    return xw.Book.caller()


def log_dir(book: Any) -> Path:
    """The workbook's folder when the engine knows it, else the current folder."""
    try:
        full = Path(str(book.fullname))
    except Exception:  # noqa: BLE001 - remote books and broken connections have no path
        return Path.cwd()
    return full.parent if full.is_absolute() else Path.cwd()


def write_log(book: Any, macro: str, exc: BaseException) -> Path:
    """Append the traceback to thidua_xl.log beside the workbook (the temp folder if read-only)."""
    stamp = datetime.now().isoformat(timespec="seconds")
    text = (f"--- {stamp} {macro}\n"
            + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    for folder in (log_dir(book), Path(tempfile.gettempdir())):
        path = folder / LOG_NAME
        try:
            with path.open("a", encoding="utf-8") as fh:
                fh.write(text)
            return path
        except OSError:
            continue
    return Path(LOG_NAME)


def clerk_message(exc: BaseException, log: Path) -> str:
    """A Vietnamese sentence for any failure, naming the log file for the IT person; expected
    failures (bad input, a refused or locked output, a file problem) read as the command line
    words them (jobs.errors.failure_message)."""
    if isinstance(exc, ClerkError):
        return str(exc)
    if isinstance(exc, FileNotFoundError):
        return f"Không tìm thấy tệp hoặc thư mục: {exc.filename or exc}. Kiểm tra lại đường dẫn."
    known = failure_message(exc, RETRY)
    if known is not None:
        return known
    return (f"Có lỗi không mong muốn ({type(exc).__name__}). Chi tiết đã ghi vào {log}; "
            "hãy gửi tệp này cho cán bộ tin học.")


def status_cell(book: Any) -> str | None:
    """Address of the status value on the control sheet (right of its label), if the book has one."""
    if CONTROL_SHEET not in sheet_names(book):
        return None
    for r, row in enumerate(sheet_rows(book.sheets[CONTROL_SHEET]), start=1):
        if row and row[0] == STATUS_LABEL:
            return f"B{r}"
    return None


def show(book: Any, message: str, *, failed: bool = False) -> None:
    """The status cell when there is one; a message box for failures or when there is none."""
    where = status_cell(book)
    if where is not None:
        write_block(book.sheets[CONTROL_SHEET], int(where[1:]), 2, [[message]])
    if failed or where is None:
        alert(book, message, TITLE)


def clerk_safe(macro: str, book: Any, job: Job) -> str:
    """Run a button's job on its workbook (passed in by xlwings Server or Lite, else the classic
    add-in's caller); show its one-line result, or a Vietnamese message with the traceback logged.
    Returns what was shown."""
    target = book
    try:
        if target is None:
            target = caller_book()
        summary = job(target)
        show(target, summary)
        return summary
    except Exception as exc:  # noqa: BLE001 - the last guard before a clerk's screen
        message = clerk_message(exc, write_log(target, macro, exc))
        if target is not None:
            try:
                show(target, message, failed=True)
            except Exception as again:  # noqa: BLE001 - Excel itself is gone: log only
                write_log(target, macro, again)
        return message
