"""Where the award ledger lives: the command line, else the campaign file, else beside the outputs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from thidua_xl.campaign import Campaign

DEFAULT_NAME = "so_khen_thuong.sqlite"
FROM_OPTION, FROM_CAMPAIGN, FROM_DEFAULT = "option", "campaign", "default"


@dataclass(frozen=True, slots=True)
class LedgerPath:
    """A ledger file and how it was chosen (an explicit choice must exist to be read)."""

    path: Path
    origin: str

    @property
    def explicit(self) -> bool:
        """Named on the command line or in the campaign file, rather than the default place."""
        return self.origin != FROM_DEFAULT


def campaign_ledger(campaign: Campaign) -> Path | None:
    """The campaign file's [ledger] file, relative to the campaign file's own folder."""
    if not campaign.ledger_file:
        return None
    path = Path(campaign.ledger_file).expanduser()
    if not path.is_absolute() and campaign.source:
        path = Path(campaign.source).resolve().parent / path
    return Path(os.path.normpath(path))


def resolve_ledger(option: Path | str | None, campaign: Campaign,
                   output_dir: Path | None = None) -> LedgerPath:
    """--ledger first, then the campaign's setting, then so_khen_thuong.sqlite beside the outputs."""
    if option:
        return LedgerPath(Path(option).expanduser(), FROM_OPTION)
    configured = campaign_ledger(campaign)
    if configured is not None:
        return LedgerPath(configured, FROM_CAMPAIGN)
    if output_dir is None:
        return LedgerPath(Path(DEFAULT_NAME), FROM_DEFAULT)
    out = Path(output_dir).resolve()
    return LedgerPath(out.parent / DEFAULT_NAME, FROM_DEFAULT)
