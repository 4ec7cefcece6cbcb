"""The candidates the council votes on, taken back from the consolidation's bao_cao.json.

The council votes on the list as the Office consolidated it. Reading the inputs again could change
that list behind the council's back (a unit resends a file, the received register changes), so the
record of that consolidation — bao_cao.json, written in the same run as the tally — is the source.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from thidua_xl.campaign import COLLECTIVE, Campaign
from thidua_xl.consolidate.entries import STATUS_OVER, STATUS_WITHIN, Entry
from thidua_xl.read.model import Nominee
from thidua_xl.text.vietnamese import collective_key, person_key

VALID = (STATUS_WITHIN, STATUS_OVER)


class SnapshotError(ValueError):
    """A consolidation record that cannot be used; the message is Vietnamese and names the file."""


@dataclass(frozen=True)
class Snapshot:
    """The consolidation as recorded: its raw report and the valid candidates rebuilt as entries."""

    path: Path
    report: dict[str, Any]
    entries: list[Entry]

    @property
    def fingerprint(self) -> str:
        """Identity of the candidate list, stamped in the tally written from the same consolidation."""
        return fingerprint((e.nominee.award, e.nominee.key) for e in self.entries)


def identity(kind: str | None, name: str, birth_year: int | None) -> str:
    """A candidate's identity as duplicate detection builds it: name + birth year, or the name."""
    return collective_key(name) if kind == COLLECTIVE else person_key(name, birth_year)


def fingerprint(pairs: Iterable[tuple[str, str]]) -> str:
    """A short digest of (award, identity) pairs, independent of their order."""
    text = "\n".join(sorted(f"{award}\t{key}" for award, key in pairs))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _day(text: object) -> date | None:
    """An ISO date from the report, None when absent or malformed."""
    try:
        return date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def _int(value: object) -> int | None:
    """A whole number from the report (JSON numbers only)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def nominee_from(item: Mapping[str, Any], campaign: Campaign) -> Nominee:
    """A ranked-list item of bao_cao.json as the Nominee it was when consolidated."""
    subject = str(item.get("subject") or "")
    kind = campaign.kind(subject) or ""
    name, year = str(item.get("name") or ""), _int(item.get("birth_year"))
    return Nominee(
        file=str(item.get("file") or ""), sheet=str(item.get("sheet") or ""),
        row=_int(item.get("row")) or 0, unit_code=str(item.get("unit") or ""),
        unit_name=str(item.get("unit_name") or ""), subject=subject, kind=kind, name=name,
        gender=str(item.get("gender") or ""), birth_year=year,
        position=str(item.get("position") or ""), work_unit=str(item.get("work_unit") or ""),
        award=str(item.get("award") or ""), met=frozenset(), votes=_int(item.get("votes")),
        members_total=_int(item.get("members_total")), summary=str(item.get("summary") or ""),
        note="", key=identity(kind, name, year), letter_date=_day(item.get("letter_date")))


def load_report(path: Path) -> dict[str, Any]:
    """bao_cao.json as a mapping; a clear message when it is missing or not a report."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SnapshotError(f"Không thấy {path}: hãy chạy `thidua consolidate … -o "
                            f"{Path(path).parent}` trước.") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SnapshotError(f"Không đọc được báo cáo tổng hợp {path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("ranked"), list):
        raise SnapshotError(f"{path} không phải báo cáo tổng hợp của thidua_xl (thiếu mục "
                            "\"ranked\").")
    return data


def load_snapshot(path: Path, campaign: Campaign) -> Snapshot:
    """The consolidation's valid candidates (within and over the caps), in its list order."""
    report = load_report(path)
    if report.get("campaign") != campaign.id:
        raise SnapshotError(f"{path} là kết quả tổng hợp của đợt \"{report.get('campaign')}\", "
                            f"không phải đợt \"{campaign.id}\" (dùng --campaign cho đúng đợt).")
    known = {a.code for a in campaign.awards}
    items: Sequence[Any] = report["ranked"]
    entries = [Entry(nominee_from(i, campaign), ())
               for i in items if isinstance(i, dict) and i.get("status") in VALID
               and i.get("award") in known]
    return Snapshot(Path(path), report, entries)
