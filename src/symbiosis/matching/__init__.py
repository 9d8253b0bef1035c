"""Matching: candidate exchanges, substitutions, cascades, heat recovery and pools of a zone.

:func:`match` is the entry point; :class:`MatchConfig` holds its settings and
:class:`MatchResult` its tables. The steps are small modules of pure functions on columns:
``candidates`` (pairs through the rules and a spatial index), ``checks`` and ``rule_checks``,
``feasible`` (the checked candidates, also as a table by :func:`find_candidates`), ``labels``
(text as categorical codes), ``economics``, ``scoring``, ``pools`` and ``explain``.
``heat_pumps`` builds heat-pump candidates (``MatchConfig.heat_pumps``) and
``seawater_network`` evaluates a shared seawater heat-pump network
(:func:`seawater_heat_pump_network`).
"""

from symbiosis.matching.candidates import candidate_pairs
from symbiosis.matching.config import MatchConfig
from symbiosis.matching.feasible import CANDIDATE_COLUMNS, find_candidates
from symbiosis.matching.matcher import match
from symbiosis.matching.pools import POOL_COLUMNS
from symbiosis.matching.result import EXCHANGE_COLUMNS, MatchResult, result_files
from symbiosis.matching.seawater_network import SeawaterNetwork, seawater_heat_pump_network

__all__ = [
    "CANDIDATE_COLUMNS",
    "EXCHANGE_COLUMNS",
    "POOL_COLUMNS",
    "MatchConfig",
    "MatchResult",
    "SeawaterNetwork",
    "candidate_pairs",
    "find_candidates",
    "match",
    "result_files",
    "seawater_heat_pump_network",
]
