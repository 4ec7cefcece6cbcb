"""Everything the program writes: unit template, consolidated workbook, reports, documents."""
