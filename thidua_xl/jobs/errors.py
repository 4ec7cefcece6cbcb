"""What a clerk reads when a job stops on an expected problem: one Vietnamese sentence per kind."""

from __future__ import annotations

from thidua_xl.campaign import CampaignError
from thidua_xl.jobs.inputs import InputError
from thidua_xl.ledger.model import LedgerError
from thidua_xl.outputs.files import OutputLocked
from thidua_xl.outputs.targets import OutputRefused


def failure_message(exc: BaseException, retry: str = "chạy lại lệnh") -> str | None:
    """The message for an expected failure (bad input, a refused or locked output, a file
    problem); None for anything else, which is a bug to report."""
    if isinstance(exc, CampaignError | InputError | LedgerError | OutputRefused):
        return str(exc)
    if isinstance(exc, OutputLocked):
        return exc.advice(retry)
    if isinstance(exc, PermissionError):
        return (f"Không ghi được tệp {exc.filename or ''}: tệp đang mở ở chương trình khác hoặc "
                f"không có quyền ghi; hãy đóng tệp (hoặc chọn thư mục khác) rồi {retry}.")
    if isinstance(exc, OSError):
        return f"Lỗi đọc/ghi tệp: {exc.filename or ''} — {exc.strerror or exc}"
    return None
