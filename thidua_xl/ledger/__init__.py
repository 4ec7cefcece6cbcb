"""The award ledger: campaigns, signed decisions and awards kept across campaigns (SQLite).

`record_decision` is the entry point for recording a signed decision; `thidua ledger` imports
past lists, looks names up and exports; a consolidation reads each nominee's earlier awards.
"""

from thidua_xl.ledger.model import AwardLine, CampaignRef, DecisionRef, LedgerError, Recorded
from thidua_xl.ledger.recording import lines_from_nominees, record_decision

__all__ = ["AwardLine", "CampaignRef", "DecisionRef", "LedgerError", "Recorded", "lines_from_nominees",
           "record_decision"]
