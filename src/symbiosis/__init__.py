"""symbiosis: find, score and plan exchanges of water, heat, by-products, waste and services
between the companies of an industrial zone.

The public names are imported here; nothing else happens at import (matplotlib and openpyxl are
imported only by the functions that need them).
"""

from symbiosis._version import __version__
from symbiosis.errors import (
    InfeasibleModelError,
    InputError,
    MissingDependencyError,
    SymbiosisError,
    UnitError,
    ValidationReport,
)
from symbiosis.graph import exchange_graph, graph_measures
from symbiosis.io import load_example, read_zone, write_template, write_zone
from symbiosis.matching import (
    MatchConfig,
    MatchResult,
    SeawaterNetwork,
    match,
    seawater_heat_pump_network,
)
from symbiosis.optimization import Plan, optimize
from symbiosis.plan_indicators import indicator_sources, indicators
from symbiosis.reporting import report
from symbiosis.schemas import Company, Flow, OutsideParty, Zone
from symbiosis.sources import draft_zone, merge_interviews
from symbiosis.targeting import (
    heat_recovery_potential,
    heat_target,
    water_target,
    water_target_operations,
    zone_heat_recovery_potential,
    zone_heat_target,
    zone_water_target,
)

__all__ = [
    "Company",
    "Flow",
    "InfeasibleModelError",
    "InputError",
    "MatchConfig",
    "MatchResult",
    "MissingDependencyError",
    "OutsideParty",
    "Plan",
    "SeawaterNetwork",
    "SymbiosisError",
    "UnitError",
    "ValidationReport",
    "Zone",
    "__version__",
    "draft_zone",
    "exchange_graph",
    "graph_measures",
    "heat_recovery_potential",
    "heat_target",
    "indicator_sources",
    "indicators",
    "load_example",
    "match",
    "merge_interviews",
    "optimize",
    "read_zone",
    "report",
    "seawater_heat_pump_network",
    "water_target",
    "water_target_operations",
    "write_template",
    "write_zone",
    "zone_heat_recovery_potential",
    "zone_heat_target",
    "zone_water_target",
]
