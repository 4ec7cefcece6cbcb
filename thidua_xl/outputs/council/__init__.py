"""The council's papers: the secretary's tally workbook and the report's council section."""
