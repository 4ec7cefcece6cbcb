"""The council's vote: its tally read by label, quorum and threshold applied, candidates re-ranked."""
