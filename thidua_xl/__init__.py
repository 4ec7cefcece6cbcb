"""thidua_xl: run a Vietnamese commendation campaign (đợt thi đua khen thưởng) from Excel."""

__version__ = "0.1.0"
