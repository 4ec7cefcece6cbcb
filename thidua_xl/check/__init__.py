"""Checking one file, and many files in isolated worker processes."""
