"""The wording of each document, composed from the campaign so nothing about a campaign is fixed.

One module per document; this index is what the writers import."""

from __future__ import annotations

from thidua_xl.outputs.documents.common import Dates, ordered
from thidua_xl.outputs.documents.decision import decision
from thidua_xl.outputs.documents.fix_slip import fix_slip
from thidua_xl.outputs.documents.lists import director_list
from thidua_xl.outputs.documents.submissions import office_submission, superior_submission

__all__ = ["Dates", "decision", "director_list", "fix_slip", "office_submission", "ordered",
           "superior_submission"]
