"""Reading unit workbooks: the workbook contract, the reader, formulas, normalisation, the register."""
