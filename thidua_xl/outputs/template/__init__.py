"""The standard unit workbook that checks itself without Python."""
