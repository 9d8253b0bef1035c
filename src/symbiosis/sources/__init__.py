"""Public registers that seed a draft zone before the first interview.

Readers for the files a user downloads (the library never fetches anything): the IREP annual
archive (:func:`read_irep`), the Géorisques ICPE export (:func:`read_icpe`), the SIRENE stock
and its geolocation, streamed and filtered while read (:func:`read_sirene`), and the BNPE
export (:func:`read_bnpe`). :func:`draft_zone` joins them into a :class:`~symbiosis.Zone`
whose companies and flows carry their source, year and confidence;
:func:`merge_interviews` replaces the draft's numbers by a consultant's, flow by flow.
Column names and codes of each register are data: ``catalogue/registers.yaml``.
"""

from symbiosis.sources.area import Area
from symbiosis.sources.bnpe import BnpeExport, read_bnpe
from symbiosis.sources.draft import DraftZone, draft_zone
from symbiosis.sources.estimate import backtest_ratios, estimate_flows, ratio_table
from symbiosis.sources.icpe import IcpeExport, read_icpe
from symbiosis.sources.irep import IrepArchive, read_irep
from symbiosis.sources.lambert import lambert93_to_wgs84
from symbiosis.sources.leads import draft_leads
from symbiosis.sources.merge import MergedZone, merge_interviews
from symbiosis.sources.sirene import SireneEstablishments, read_sirene

__all__ = [
    "Area",
    "BnpeExport",
    "DraftZone",
    "IcpeExport",
    "IrepArchive",
    "MergedZone",
    "SireneEstablishments",
    "backtest_ratios",
    "draft_leads",
    "draft_zone",
    "estimate_flows",
    "lambert93_to_wgs84",
    "merge_interviews",
    "ratio_table",
    "read_bnpe",
    "read_icpe",
    "read_irep",
    "read_sirene",
]
