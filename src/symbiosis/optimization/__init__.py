"""Choose a consistent plan: which exchanges and pools to set up, and how much each moves.

:func:`optimize` turns a match result into a :class:`Plan` with a mixed-integer program
(scipy ``milp``, HiGHS); :meth:`Plan.write` writes it to CSV or Excel (:func:`write_plan` is the
same, kept for existing scripts). The model is described in :func:`optimize` and
:mod:`symbiosis.optimization.model`.
"""

from symbiosis.optimization.plan import OBJECTIVE_UNITS, PLAN_FORMATS, Plan, write_plan
from symbiosis.optimization.selection import SELECTED_COLUMNS
from symbiosis.optimization.solve import OBJECTIVES, MatchTables, optimize

__all__ = [
    "OBJECTIVES",
    "OBJECTIVE_UNITS",
    "PLAN_FORMATS",
    "SELECTED_COLUMNS",
    "MatchTables",
    "Plan",
    "optimize",
    "write_plan",
]
