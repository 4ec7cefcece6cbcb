"""Rules: each declared once under a stable finding code, with a Python check and, where a
spreadsheet can express it, the standard workbook's self-check formula.

Importing this package registers every rule module below; rules themselves import only rules.base,
rules.layout and the predicate modules (rules.predicates, rules.units).
"""

from thidua_xl.rules import criteria, dossier, form, proposals, rows, values
from thidua_xl.rules.base import (
    DECLARED,
    RULES,
    Context,
    Declared,
    Placed,
    Rule,
    legend,
    rule,
    run_rules,
    workbook_marks,
)

__all__ = ["DECLARED", "RULES", "Context", "Declared", "Placed", "Rule", "criteria", "dossier",
           "form", "legend", "proposals", "rows", "rule", "run_rules", "values", "workbook_marks"]
