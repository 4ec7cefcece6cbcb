"""Documents for the head to sign (ND30 layout), each as .html for screen/print and .docx to sign."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from thidua_xl.campaign import Campaign
from thidua_xl.outputs.documents.content import (
    Dates,
    decision,
    director_list,
    fix_slip,
    office_submission,
    ordered,
    superior_submission,
)
from thidua_xl.outputs.documents.model import AwardList, Document, FixRequest, Minutes, Review
from thidua_xl.outputs.documents.to_docx import write_docx
from thidua_xl.outputs.documents.to_html import render_html
from thidua_xl.outputs.files import atomic_write_text
from thidua_xl.text.vietnamese import fold, fold_loose


def slug(text: str) -> str:
    """File-name part without Vietnamese marks: "Trung tâm CNTT&TT" → "trung_tam_cntt_tt"."""
    return re.sub(r"[^a-z0-9]+", "_", fold_loose(text)).strip("_") or "don_vi"


def _unit_stem(campaign: Campaign, unit_name: str) -> str:
    """The unit's code when the campaign lists it, else a slug of its name."""
    wanted = fold(unit_name)
    code = next((u.code for u in campaign.units if fold(u.name) == wanted), "")
    return slug(code or unit_name)


def _unique(stem: str, taken: set[str]) -> str:
    """A file stem not used yet in this run (a unit sending two files gets _2)."""
    candidate, n = stem, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}_{n}"
    taken.add(candidate)
    return candidate


def build_documents(campaign: Campaign, lists: Sequence[AwardList],
                    fix_requests: Sequence[FixRequest], *, today: date | None = None,
                    review: Review | None = None, council: Minutes | None = None
                    ) -> list[Document]:
    """Every document to write, in a stable order; documents with nothing to propose are skipped.

    Without the council's minutes the papers say the lists are provisional."""
    known = {a.code for a in campaign.awards}
    unknown = sorted({x.award_code for x in lists} - known)
    if unknown:
        raise ValueError(f"Hình thức khen thưởng không có trong đợt thi đua: {', '.join(unknown)}")
    dates = Dates(campaign, today)
    docs = [director_list(campaign, lists, dates, council),
            office_submission(campaign, lists, fix_requests, dates, review, council)]
    decided = [x for x in ordered(campaign, lists, "agency") if x.within]
    docs += [decision(campaign, x, dates, "du_thao_quyet_dinh" if len(decided) == 1
                      else f"du_thao_quyet_dinh_{slug(x.award_code)}", council) for x in decided]
    if any(x.within for x in ordered(campaign, lists, "superior")):
        docs.append(superior_submission(campaign, lists, dates, council))
    taken: set[str] = set()
    docs += [fix_slip(campaign, fix, dates,
                      _unique(f"phieu_bo_sung_{_unit_stem(campaign, fix.unit_name)}", taken))
             for fix in fix_requests]
    return docs


def write_documents(campaign: Campaign, lists: Sequence[AwardList],
                    fix_requests: Sequence[FixRequest], out_dir: Path, *,
                    today: date | None = None, templates: Path | None = None,
                    review: Review | None = None, council: Minutes | None = None
                    ) -> list[Path]:
    """Write each document as .html and .docx into out_dir; returns the paths in a stable order."""
    return write_all(build_documents(campaign, lists, fix_requests, today=today, review=review,
                                     council=council),
                     campaign, out_dir, today=today, templates=templates)


def write_all(docs: Sequence[Document], campaign: Campaign, out_dir: Path, *,
              today: date | None = None, templates: Path | None = None) -> list[Path]:
    """Each document as .html (to read and print) and .docx (to sign), in the given order."""
    out_dir = Path(out_dir)
    written: list[Path] = []
    for doc in docs:
        written.append(atomic_write_text(out_dir / f"{doc.key}.html", render_html(doc, templates)))
        written.append(write_docx(doc, out_dir / f"{doc.key}.docx", campaign, today))
    return written
