"""The Office workbook (.xlsm): its control sheet, settings and pre-recorded result sheets."""
