"""Choose a consistent plan: which exchanges and pools to set up, and how much each moves.

:func:`optimize` turns a match result into a :class:`Plan` with a mixed-integer program
(scipy ``milp``, HiGHS); :func:`net_benefit_co2e_front` gives the trade-off between money and
CO2e; :meth:`Plan.write` writes it to CSV or Excel (:func:`write_plan` is the
same, kept for existing scripts). The model is described in :func:`optimize` and
:mod:`symbiosis.optimization.model`.
"""

from symbiosis.optimization.plan import OBJECTIVE_UNITS, PLAN_FORMATS, Plan, write_plan
from symbiosis.optimization.selection import SELECTED_COLUMNS
from symbiosis.optimization.solve import (
    OBJECTIVES,
    MatchTables,
    net_benefit_co2e_front,
    optimize,
)

__all__ = [
    "OBJECTIVES",
    "OBJECTIVE_UNITS",
    "PLAN_FORMATS",
    "SELECTED_COLUMNS",
    "MatchTables",
    "Plan",
    "net_benefit_co2e_front",
    "optimize",
    "write_plan",
]
