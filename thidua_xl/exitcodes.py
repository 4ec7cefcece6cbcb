"""Exit codes of every job, in a module light enough for the command line to load first."""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    """Exit codes of every job: 0 clean, 1 findings with errors, 2 usage or unreadable input."""

    OK = 0
    FINDINGS = 1
    USAGE = 2
