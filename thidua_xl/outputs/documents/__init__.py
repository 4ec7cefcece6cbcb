"""Documents in the Nghị định 30/2020 layout, as .docx and .html."""
