"""Pinch targeting: how far water reuse and heat recovery can go before any pipe is drawn.

Pure functions on tables: :func:`water_target` (fixed-flowrate sinks and sources),
:func:`water_target_operations` (fixed-load operations), :func:`heat_target` (problem table
algorithm), :func:`heat_recovery_potential` (what companies gain by recovering heat together)
and :func:`loop_heat_recovery` (what they gain through a hot-water loop, as a project is built);
the ``zone_*`` functions build those tables from a zone's flows.
"""

from symbiosis.targeting.heat import (
    HeatRecoveryPotential,
    HeatTarget,
    heat_recovery_potential,
    heat_target,
)
from symbiosis.targeting.loop import LoopRecovery, loop_heat_recovery
from symbiosis.targeting.on_site import heat_after_on_site
from symbiosis.targeting.refrigeration import zone_refrigeration
from symbiosis.targeting.water import WaterTarget, water_target, water_target_operations
from symbiosis.targeting.zone import (
    zone_heat_left_out,
    zone_heat_recovery_potential,
    zone_heat_streams,
    zone_heat_target,
    zone_water_sinks_sources,
    zone_water_target,
)

__all__ = [
    "HeatRecoveryPotential",
    "HeatTarget",
    "LoopRecovery",
    "WaterTarget",
    "heat_after_on_site",
    "heat_recovery_potential",
    "heat_target",
    "loop_heat_recovery",
    "water_target",
    "water_target_operations",
    "zone_heat_left_out",
    "zone_heat_recovery_potential",
    "zone_heat_streams",
    "zone_heat_target",
    "zone_refrigeration",
    "zone_water_sinks_sources",
    "zone_water_target",
]
