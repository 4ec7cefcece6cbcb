"""The campaign definition: model, TOML loading, description and the built-in campaigns."""

from thidua_xl.campaign.loading import builtin_ids, builtin_path, load_campaign, parse_campaign
from thidua_xl.campaign.model import (
    BUILTIN_ID,
    COLLECTIVE,
    INDIVIDUAL,
    Agency,
    Award,
    Campaign,
    CampaignError,
    CertificateSpec,
    CouncilRules,
    Criterion,
    DossierItem,
    Placement,
    Quota,
    Subject,
    Unit,
    describe_quota,
    fmt_date,
    quota_limit,
)
from thidua_xl.campaign.papers import Papers, Plan, Signatory, TieRules

__all__ = [
    "BUILTIN_ID", "COLLECTIVE", "INDIVIDUAL", "Agency", "Award", "Campaign", "CampaignError",
    "CertificateSpec", "CouncilRules", "Criterion", "DossierItem", "Papers", "Placement", "Plan",
    "Quota", "Signatory", "Subject", "TieRules", "Unit", "builtin_ids", "builtin_path",
    "describe_quota", "fmt_date", "load_campaign", "parse_campaign", "quota_limit",
]
