"""Rules: small functions registered under a stable finding code; they read a Context, never a workbook.

Importing this package registers every rule module below; rules themselves import only rules.base.
"""

from thidua_xl.rules import criteria, dossier, form, rows, values
from thidua_xl.rules.base import RULES, Context, Rule, rule, run_rules

__all__ = ["RULES", "Context", "Rule", "criteria", "dossier", "form", "rows", "rule", "run_rules", "values"]
