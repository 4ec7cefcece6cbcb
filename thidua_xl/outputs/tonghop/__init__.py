"""The consolidated workbook tong_hop.xlsx and its JSON report."""
