"""Consolidation across units: entries, resubmissions, cross-unit rules, quotas and ranking."""
