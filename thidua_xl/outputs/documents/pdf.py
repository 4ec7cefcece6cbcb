"""PDF through LibreOffice headless, when it is installed: a private profile per run, never the user's."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from thidua_xl.outputs.files import atomic_path

TIMEOUT_S = 300


class PdfError(RuntimeError):
    """LibreOffice ran but produced no PDF; the message is Vietnamese."""


def soffice() -> str | None:
    """The LibreOffice program, None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(*sources: Path) -> list[Path] | None:
    """X.pdf beside each X (replaced atomically), in one LibreOffice run; None without LibreOffice."""
    exe = soffice()
    if exe is None:
        return None
    files = [Path(s).resolve() for s in sources]
    with tempfile.TemporaryDirectory(prefix="thidua_lo_") as work:
        profile, out = Path(work) / "profile", Path(work) / "out"
        cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(out), *map(str, files)]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PdfError(f"LibreOffice không chuyển xong sang PDF sau {TIMEOUT_S} giây.") from exc
        written = []
        for source in files:
            produced = out / f"{source.stem}.pdf"
            if not produced.is_file():
                detail = done.stderr.decode("utf-8", "replace").strip()[:300]
                raise PdfError(f"LibreOffice không tạo được PDF từ {source.name}"
                               + (f": {detail}" if detail else "."))
            with atomic_path(source.with_suffix(".pdf")) as tmp:
                shutil.copyfile(produced, tmp)
            written.append(source.with_suffix(".pdf"))
        return written
