"""Pinch targeting: how far water reuse and heat recovery can go before any pipe is drawn.

Pure functions on tables: :func:`water_target` (fixed-flowrate sinks and sources),
:func:`water_target_operations` (fixed-load operations), :func:`heat_target` (problem table
algorithm) and :func:`heat_recovery_potential` (what companies gain by recovering heat together).
"""

from symbiosis.targeting.heat import (
    HeatRecoveryPotential,
    HeatTarget,
    heat_recovery_potential,
    heat_target,
)
from symbiosis.targeting.water import WaterTarget, water_target, water_target_operations

__all__ = [
    "HeatRecoveryPotential",
    "HeatTarget",
    "WaterTarget",
    "heat_recovery_potential",
    "heat_target",
    "water_target",
    "water_target_operations",
]
