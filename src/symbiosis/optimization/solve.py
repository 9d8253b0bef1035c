"""Choose a consistent plan from a match result with a mixed-integer program (scipy ``milp``)."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, milp

from symbiosis.errors import InfeasibleModelError, InputError
from symbiosis.optimization.diagnose import explain_infeasible
from symbiosis.optimization.downstream import salt_warnings
from symbiosis.optimization.model import Model, build_model
from symbiosis.optimization.options import Options, prepare_options
from symbiosis.optimization.plan import OBJECTIVE_UNITS, Plan
from symbiosis.optimization.selection import SELECTED_COLUMNS, selection_table
from symbiosis.plan_indicators import indicators
from symbiosis.schemas import Zone

__all__ = ["OBJECTIVES", "MatchTables", "net_benefit_co2e_front", "optimize"]

#: The objectives :func:`optimize` knows.
OBJECTIVES = tuple(OBJECTIVE_UNITS)

# Shares this close to 0 or 1 are read as 0 or 1 (solver tolerances). [1]
_SHARE_TOLERANCE = 1e-6
# The second pass (net benefit at the objective reached) gets this share of the time limit,
# at least _SECOND_PASS_MIN_S, at most what is left. [1], [s]
_SECOND_PASS_SHARE = 0.25
_SECOND_PASS_MIN_S = 1.0
# Relative slack on the objective reached that the second pass may give up, and the second
# pass's own gap: round-off, or a tenth of the gap asked for when that is more. Holding the
# exact value leaves HiGHS searching for minutes among the many heat plans of equal CO2e that
# the temperature intervals allow (Capécure sample), and the plan then depends on the
# machine's speed. [1]
_FLOOR_SLACK = 1e-9
_FLOOR_SHARE_OF_GAP = 0.1
# Share of the time limit the priced search of a floor on money may take; the floor written as
# a constraint gets the rest. [1]
_PRICED_SHARE = 0.5
# ΔTmin when neither the caller nor the match result gives one (MatchConfig's default). [K]
_DEFAULT_DT_MIN_K = 10.0
# Time given to each feasibility check while explaining an infeasible model. [s]
_DIAGNOSIS_TIME_S = 10.0

FloatArray = npt.NDArray[np.float64]


class MatchTables(Protocol):
    """What :func:`optimize` reads from a match result (``symbiosis.MatchResult``)."""

    @property
    def exchanges(self) -> pd.DataFrame: ...

    @property
    def pools(self) -> pd.DataFrame: ...


def _solve(
    model: Model,
    objective: FloatArray,
    required: Sequence[str],
    time_limit_s: float,
    mip_rel_gap: float,
    *floors: tuple[FloatArray, float],
    fixed: FloatArray | None = None,
) -> OptimizeResult:
    """Maximise ``objective`` under the model's rows, the required demands and floor rows
    (``row @ v >= value``); variables where ``fixed`` is not NaN are held at its value."""
    matrices = [model.matrix, *(model.requirement_rows[flow_id] for flow_id in required)]
    lower = [model.lower, np.ones(len(required))]
    upper = [model.upper, np.full(len(required), np.inf)]
    for row, value in floors:
        matrices.append(sparse.csr_array(row.reshape(1, -1)))
        lower.append(np.array([value]))
        upper.append(np.array([np.inf]))
    matrix = sparse.vstack(matrices, format="csr")
    constraints = (
        LinearConstraint(matrix, np.concatenate(lower), np.concatenate(upper))
        if matrix.shape[0]
        else None
    )
    return milp(
        -objective,
        integrality=model.integrality,
        bounds=Bounds(
            np.zeros(model.n_variables) if fixed is None else np.where(np.isnan(fixed), 0, fixed),
            model.upper_bounds
            if fixed is None
            else np.where(np.isnan(fixed), model.upper_bounds, fixed),
        ),
        constraints=constraints,
        options={
            "time_limit": max(time_limit_s, 0.001),
            "mip_rel_gap": mip_rel_gap,
            "disp": False,
        },
    )


@dataclass
class _Priced:
    """The best plan of a priced search (:func:`_solve_priced`)."""

    plan: FloatArray | None = None
    primary: float = -math.inf
    bound: float = math.inf
    solves: int = 0
    repeats: int = 0

    @property
    def gap(self) -> float:
        """Relative gap between the plan and the bound on the primary objective. [1]"""
        if self.plan is None:
            return math.inf
        if self.bound <= self.primary:
            return 0.0
        return (self.bound - self.primary) / max(abs(self.bound), 1e-9)


def _solve_priced(
    model: Model,
    primary: FloatArray,
    floor: float,
    required: Sequence[str],
    time_limit_s: float,
    mip_rel_gap: float,
    *floors: tuple[FloatArray, float],
) -> _Priced:
    """Maximise ``primary`` with a net benefit of at least ``floor``, by pricing the primary.

    Each step solves the plan of the best ``net benefit + price × primary`` (an easy problem,
    like the net benefit alone) and the price is raised while the plan still meets the floor,
    then bisected (on a log scale) between the dearest price that meets it and the cheapest
    that does not. Every price gives a bound (Lagrangian duality): no plan that meets the floor
    has a primary above ``(W − floor) / price``, ``W`` being the solver's bound on the priced
    objective. The search stops when the best plan meeting the floor is proven within
    ``mip_rel_gap`` of the smallest such bound, after 24 solves, when prices keep giving plans
    already found (the best plan then lies between two prices), or at the time limit. If the
    plan is not proven yet, the variables on which it and the nearest plan beyond the floor
    agree are held and the floor is solved as a constraint on the others (a small problem).
    """
    net = model.objectives["net_benefit"]
    start = time.perf_counter()
    found = _Priced()

    def left() -> float:
        return time_limit_s - (time.perf_counter() - start)

    seen: set[tuple[float, float]] = set()

    def priced(price: float) -> bool:
        """Solve at ``price``; True when the plan meets the floor."""
        solution = _solve(model, net + price * primary, required, left(), mip_rel_gap, *floors)
        found.solves += 1
        if solution.x is None:
            return False
        values = np.asarray(solution.x, dtype=float)
        figures = (round(float(net @ values), 3), round(float(primary @ values), 6))
        found.repeats += figures in seen
        seen.add(figures)
        dual = getattr(solution, "mip_dual_bound", None)
        if price > 0 and dual is not None and math.isfinite(dual):
            found.bound = min(found.bound, (-float(dual) - floor) / price)
        meets = float(net @ values) >= floor - 1e-6 * max(1.0, abs(floor))
        if meets and float(primary @ values) > found.primary:
            found.plan, found.primary = values, float(primary @ values)
        if not meets:
            beyond[0] = values
        return meets

    beyond: list[FloatArray | None] = [None]

    if not priced(0.0):
        return found
    # The most of the primary, whatever it costs: an upper bound, and the scale of the prices.
    most = _solve(model, primary, required, left(), 0.1 * mip_rel_gap, *floors)
    found.solves += 1
    if most.x is None:
        return found
    dual = getattr(most, "mip_dual_bound", None)
    top = -float(dual) if dual is not None and math.isfinite(dual) else float(primary @ most.x)
    found.bound = min(found.bound, top)
    if found.gap <= mip_rel_gap:
        return found
    # A price at which the primary weighs like the money: net benefit reached / primary there.
    reached = found.plan if found.plan is not None else np.zeros(model.n_variables)
    scale = max(1.0, abs(float(net @ reached))) / max(abs(top), 1e-9)
    low, high = 0.0, math.inf
    price = scale
    # Stop when the prices keep giving plans already seen: the two ends of the bisection are
    # then the two plans on either side of the floor, and no price finds one in between.
    while found.solves < 24 and found.repeats < 3 and left() > 0 and found.gap > mip_rel_gap:
        if priced(price):
            low = price
        else:
            high = price
        if math.isinf(high):
            price *= 10.0
            if price > scale * 1e12:
                break
        else:
            price = math.sqrt(low * high) if low > 0 else high / 10.0
            if high / max(low, 1e-300) < 1.0 + 1e-6:
                break
    if found.gap > mip_rel_gap and found.plan is not None and beyond[0] is not None and left() > 0:
        # Between the best plan that meets the floor and the nearest that does not: hold what
        # they agree on and solve the floor as a constraint on the rest, a small problem.
        agree = np.abs(found.plan - beyond[0]) <= 1e-9
        fixed = np.where(agree, found.plan, np.nan)
        solution = _solve(
            model, primary, required, left(), mip_rel_gap, (net, floor), *floors, fixed=fixed
        )
        found.solves += 1
        if solution.x is not None:
            values = np.asarray(solution.x, dtype=float)
            meets = float(net @ values) >= floor - 1e-6 * max(1.0, abs(floor))
            if meets and float(primary @ values) > found.primary:
                found.plan, found.primary = values, float(primary @ values)
    return found


def _polish(
    model: Model,
    objective: str,
    values: FloatArray,
    required: Sequence[str],
    time_limit_s: float,
    mip_rel_gap: float,
    floors: Sequence[tuple[FloatArray, float]],
) -> FloatArray:
    """The best net benefit among the plans that keep ``values``' objective (within a tenth of
    ``mip_rel_gap``) and the ``floors``; ``values`` unless beaten.

    A priced plan maximises ``net + price × objective``, and at a high price the solver's
    relative gap on that sum hides differences of net benefit: this pass breaks the ties, to
    within ``mip_rel_gap`` of the best net benefit (a tie-break need not be tighter, and a
    tighter one may run into its time limit and make the plan depend on the machine's speed).
    It gets a quarter of the time limit, at least 1 s.
    """
    primary = model.objectives[objective]
    net = model.objectives["net_benefit"]
    scale = max(1.0, abs(float(primary @ values)))
    slack = max(_FLOOR_SLACK, _FLOOR_SHARE_OF_GAP * mip_rel_gap)
    second = _solve(
        model,
        net,
        required,
        max(_SECOND_PASS_MIN_S, _SECOND_PASS_SHARE * time_limit_s),
        mip_rel_gap,
        (primary / scale, float(primary @ values) / scale - slack),
        *floors,
    )
    if second.x is not None and float(net @ second.x) > float(net @ values):
        return np.asarray(second.x, dtype=float)
    return values


def _check_arguments(objective: str, time_limit_s: float, mip_rel_gap: float) -> None:
    if objective not in OBJECTIVES:
        raise InputError(
            f"objective {objective!r} is not known; use one of {', '.join(OBJECTIVES)}"
        )
    if not (math.isfinite(time_limit_s) and time_limit_s > 0):
        raise InputError(f"time_limit_s is {time_limit_s!r}; give a positive number of seconds")
    if not (math.isfinite(mip_rel_gap) and 0 <= mip_rel_gap < 1):
        raise InputError(f"mip_rel_gap is {mip_rel_gap!r}; give a relative gap in [0, 1)")


def _empty_plan(zone: Zone, options: Options, objective: str, n_rejected: int) -> Plan:
    selected = selection_table(
        zone, options, np.zeros(0), np.zeros(0, dtype=bool), np.zeros(0, dtype=bool)
    )
    return Plan(
        selected=selected,
        indicators=indicators(zone, selected),
        status="no candidates",
        objective=objective,
        objective_value=0.0,
        mip_gap=0.0,
        solve_time_s=0.0,
        n_candidates=0,
        message=(
            "no feasible candidate and no pool in the match result, so nothing to choose"
            + (
                f" ({n_rejected} candidates were rejected; see their infeasible_reason)"
                if n_rejected
                else ""
            )
        ),
        zone_name=zone.name,
    )


def _objective_value(objective: str, selected: pd.DataFrame, values: pd.Series) -> float:
    if objective == "net_benefit":
        return float(selected["net_benefit_eur_per_yr"].sum())
    if objective == "freshwater":
        return float(values["potable_water_substituted_m3_per_yr"])
    return float(selected["co2e_avoided_t_per_yr"].sum())


def optimize(
    zone: Zone,
    result: MatchTables,
    objective: str = "net_benefit",
    *,
    require_served: Sequence[str] = (),
    allow_blending: bool = False,
    time_limit_s: float = 60.0,
    mip_rel_gap: float = 0.01,
    min_net_benefit_eur_per_yr: float | None = 0.0,
    min_co2e_avoided_t_per_yr: float | None = None,
    dt_min_k: float | None = None,
) -> Plan:
    """Choose the best consistent set of exchanges and pools.

    Pairwise candidates overlap: one supply can be promised to three receivers. This solves a
    mixed-integer linear program (scipy ``milp``, HiGHS) with a continuous quantity
    0 <= q_i <= Q_i on every feasible candidate, a binary build decision y_i where the
    candidate has a fixed cost (``investment_eur`` > 0, q_i <= Q_i y_i), a binary per pool, and:

    * supply limits: the candidates using one supply flow take at most its annual quantity
      (outside suppliers such as the sea are unlimited);
    * demand limits: the candidates serving one demand flow bring at most its annual quantity;
    * contaminant balances at every water demand with a limit (``max_cod_mg_per_l``,
      ``max_salinity_g_per_l``, ``max_suspended_solids_mg_per_l``): linear because source
      concentrations are fixed. By default the reused streams mixed together must meet the
      limit on their own, Σ q_i (c_i − C_max) <= 0: the rest of the demand is still bought as
      potable water, and is not assumed to be blended in. With ``allow_blending=True``,
      candidates rejected only for a contaminant limit are admitted and the potable water
      still bought (taken at concentration 0) dilutes them: Σ q_i c_i <= C_max D. A source of
      unknown concentration (an outside party, or a flow that does not state it) counts at the
      limit;
    * temperature levels for heat (:mod:`symbiosis.optimization.intervals`): the heat a demand
      gets from a source at T_s lifts it at most to T_s − ΔTmin, several sources serving one
      demand stack as a cascade (the hotter ones take the upper part of its range), and a
      supply's heat goes only to places at least ΔTmin colder than where it is taken;
    * pools and individual candidates are alternatives: a pool takes all of its member flows,
      so a flow in a chosen pool is used by no exchange candidate and by no other pool (for a
      seawater main: each individual seawater substitution carries its own pipe, the pool
      carries the shared main; a demand is served by one or the other).

    Cost split of a candidate (``net_saving_eur_per_yr`` already subtracts the annualised
    investment): the variable part, per unit moved, is (``net_saving_eur_per_yr`` +
    ``annualised_investment_eur_per_yr``) / ``quantity_per_yr``; the fixed part,
    ``annualised_investment_eur_per_yr``, is paid once when y_i = 1. A pool, all or nothing,
    brings what its members save compared with today: the pool's ``net_saving_eur_per_yr``
    when the table has it (``symbiosis.match`` adds it, network already annualised), else
    ``saving_eur_per_yr`` minus ``investment_eur`` annualised with the zone's
    ``discount_rate`` and ``pipe_lifetime_yr``.

    Parameters
    ----------
    zone : Zone
        The zone that was matched (its flows give supply and demand quantities and qualities).
    result : MatchResult
        Anything with ``exchanges`` and ``pools`` tables in the columns of docs/tables.md.
    objective : {'net_benefit', 'freshwater', 'co2e'}
        ``net_benefit``: maximise Σ net saving [EUR/yr]; ``freshwater``: maximise the potable
        water substituted [m3/yr] (i.e. minimise potable water bought); ``co2e``: maximise the
        CO2e avoided [tCO2e/yr]. For the last two the plan must break even by default
        (``min_net_benefit_eur_per_yr``), and among the plans that reach the objective the one
        of the best net benefit is taken, so that no money-losing exchange is chosen for
        nothing.
    require_served : sequence of str, optional
    require_served : sequence of str, optional
        Demand flow ids that must be fully served.
    min_net_benefit_eur_per_yr : float or None, default 0
        For the ``freshwater`` and ``co2e`` objectives, a floor on the plan's net benefit: by
        default 0, the plan breaks even (it does not buy tonnes of CO2e at any price). Ignored
        for ``net_benefit``. The floor is met by pricing the objective: plans of the best
        ``net benefit + price × objective`` are solved for rising prices (each as quick as the
        net benefit alone), and the dearest price whose plan still meets the floor is sought;
        every price bounds what any plan meeting the floor can reach (Lagrangian duality), so
        the plan is returned as soon as it is proven within ``mip_rel_gap`` of that bound
        (on the Capécure sample, ``co2e`` in about 11 s instead of the 60 s time limit of a
        floor written as a constraint). When no price proves it (the best plan lies between
        two prices, e.g. a share of an exchange), the floor is written as a constraint and
        solved as below. ``None`` lifts the floor: the objective first, then a second solve
        maximises the net benefit among the plans that keep the objective's value (to within
        a tenth of ``mip_rel_gap``; it gets a quarter of the time limit, at least 1 s, and
        ``message`` says when it stopped early; ``mip_gap`` and ``status`` are those of the
        first solve). [EUR/yr]
    min_co2e_avoided_t_per_yr : float or None, optional
        The plan must avoid at least this much CO2e: the ε of
        :func:`net_benefit_co2e_front`. [tCO2e/yr]
    allow_blending : bool, default False
        Dilute reused water with the potable water still bought (see above).
    time_limit_s : float, default 60
        Solver time limit. [s]
    mip_rel_gap : float, default 0.01
        Stop when the plan is proven within this relative gap of the best possible. [1]
    dt_min_k : float, optional
        Minimum temperature approach of the heat intervals; by default the match result's
        ``config.dt_min_k``, else 10. [K]

    Returns
    -------
    Plan
        ``status`` is ``optimal``, ``time limit`` (best plan found, gap in ``mip_gap``) or
        ``no candidates`` (empty plan: the match result has nothing feasible).

    Raises
    ------
    InfeasibleModelError
        When the demands of ``require_served`` cannot all be fully served; the message names
        the companies, flows and quantities in conflict. Also when the solver finds no plan
        within the time limit.
    InputError
        For an unknown objective or demand id, bad limits, or a match result that does not
        fit the zone.

    Examples
    --------
    >>> import pandas as pd
    >>> from symbiosis import load_example
    >>> from types import SimpleNamespace
    >>> zone = load_example("toy")
    >>> grey = {"opportunity_id": "EX-F04-F08", "kind": "cascade", "rule_id": "grey",
    ...     "supplier_id": "T2", "supplier_is_outside": False, "supply_flow_id": "F04",
    ...     "receiver_id": "T3", "demand_flow_id": "F08", "supply_resource": "water.grey",
    ...     "demand_resource": "water.potable", "family": "water", "unit": "m3/yr",
    ...     "quantity_per_yr": 1500.0, "supply_share": 0.75, "investment_eur": 20000.0,
    ...     "annualised_investment_eur_per_yr": 1301.0, "feasible": True,
    ...     "net_saving_eur_per_yr": 2014.0, "co2e_avoided_t_per_yr": 0.03}
    >>> pools = pd.DataFrame(columns=["pool_id", "resource", "pool_kind", "member_ids",
    ...     "flow_ids", "quantity_per_yr", "unit", "saving_eur_per_yr", "investment_eur",
    ...     "co2e_avoided_t_per_yr"])
    >>> result = SimpleNamespace(exchanges=pd.DataFrame([grey]), pools=pools)
    >>> plan = optimize(zone, result)
    >>> plan.status, plan.selected["quantity_per_yr"].tolist(), plan.objective_value
    ('optimal', [1500.0], 2014.0)
    """
    _check_arguments(objective, time_limit_s, mip_rel_gap)
    required = list(dict.fromkeys(require_served))
    options = prepare_options(zone, result.exchanges, result.pools, allow_blending)
    if dt_min_k is None:
        config = getattr(result, "config", None)
        dt_min_k = float(getattr(config, "dt_min_k", _DEFAULT_DT_MIN_K))
    if not (math.isfinite(dt_min_k) and dt_min_k >= 0):
        raise InputError(f"dt_min_k is {dt_min_k!r}; give a temperature difference >= 0 in K")
    model = build_model(zone, options, required, allow_blending, dt_min_k)
    required = [flow_id for flow_id in required if flow_id in model.requirement_rows]
    if options.empty and not required:
        return _empty_plan(zone, options, objective, len(options.rejected))

    floors = []
    if objective != "net_benefit" and min_net_benefit_eur_per_yr is not None:
        floors.append((model.objectives["net_benefit"], float(min_net_benefit_eur_per_yr)))
    if min_co2e_avoided_t_per_yr is not None:
        floors.append((model.objectives["co2e"], float(min_co2e_avoided_t_per_yr)))
    start = time.perf_counter()
    money_floor = objective != "net_benefit" and min_net_benefit_eur_per_yr is not None
    priced = _Priced()
    if money_floor and model.n_variables:
        priced = _solve_priced(
            model,
            model.objectives[objective],
            float(min_net_benefit_eur_per_yr or 0.0),
            required,
            _PRICED_SHARE * time_limit_s,
            mip_rel_gap,
            *floors[1:],
        )
        if priced.plan is not None and priced.gap <= mip_rel_gap:
            return _plan(
                zone,
                options,
                model,
                objective,
                _polish(model, objective, priced.plan, required, time_limit_s, mip_rel_gap, floors),
                "optimal",
                priced.gap,
                time.perf_counter() - start,
                time_limit_s,
                f"; the net benefit is at least {min_net_benefit_eur_per_yr:,.0f} EUR/yr "
                f"({priced.solves} priced solves)",
            )
    exact_s = max(_SECOND_PASS_MIN_S, time_limit_s - (time.perf_counter() - start))
    solution = (
        _solve(model, model.objectives[objective], required, exact_s, mip_rel_gap, *floors)
        if model.n_variables
        else None
    )
    if priced.plan is not None and solution is not None and solution.status != 0:
        # The floor as a constraint was not proven in time: keep the priced plan unless the
        # solver found better, with the smaller of the two bounds.
        primary = model.objectives[objective]
        exact = float(primary @ solution.x) if solution.x is not None else -math.inf
        if priced.primary >= exact:
            dual = getattr(solution, "mip_dual_bound", None)
            if dual is not None and math.isfinite(dual):
                priced.bound = min(priced.bound, -float(dual))
            return _plan(
                zone,
                options,
                model,
                objective,
                _polish(model, objective, priced.plan, required, time_limit_s, mip_rel_gap, floors),
                "time limit",
                priced.gap,
                time.perf_counter() - start,
                time_limit_s,
                f"; the net benefit is at least {min_net_benefit_eur_per_yr:,.0f} EUR/yr "
                f"({priced.solves} priced solves)",
            )
    if solution is not None and solution.status == 2 and floors:
        unbounded = _solve(model, np.zeros(model.n_variables), required, _DIAGNOSIS_TIME_S, 0.01)
        if unbounded.status != 2:
            asked = []
            if objective != "net_benefit" and min_net_benefit_eur_per_yr is not None:
                asked.append(f"a net benefit of at least {min_net_benefit_eur_per_yr:,.0f} EUR/yr")
            if min_co2e_avoided_t_per_yr is not None:
                asked.append(f"at least {min_co2e_avoided_t_per_yr:,.1f} tCO2e/yr avoided")
            raise InfeasibleModelError(
                f"no plan reaches {' and '.join(asked)}"
                f"{' while serving the required demands' if required else ''}; lower the floor "
                "(min_net_benefit_eur_per_yr=None lifts the one on money)"
            )
    if solution is None or solution.status == 2:
        explanation = explain_infeasible(
            zone,
            options,
            required,
            feasible=lambda subset: (
                _solve(
                    model, np.zeros(model.n_variables), subset, _DIAGNOSIS_TIME_S, mip_rel_gap
                ).status
                != 2
            ),
            max_share=lambda flow_id: _max_share(model, flow_id, mip_rel_gap),
        )
        raise InfeasibleModelError(explanation)
    if solution.x is None:
        if solution.status == 1:
            raise InfeasibleModelError(
                f"the solver found no plan within time_limit_s={time_limit_s:g} s; "
                "give it more time"
            )
        raise InfeasibleModelError(
            f"the solver stopped without a plan ({solution.message}); please report this"
        )
    status = "optimal" if solution.status == 0 else "time limit"
    gap = solution.mip_gap
    if gap is None or not math.isfinite(gap):
        # No bound to compare with: nothing left to prove when optimal, unknown otherwise.
        gap = 0.0 if status == "optimal" else math.inf
    gap = float(gap)
    values = np.asarray(solution.x, dtype=float)

    note = ""
    remaining_s = time_limit_s - (time.perf_counter() - start)
    if objective != "net_benefit" and remaining_s > 0:
        # Second pass: the best net benefit among plans that keep the objective reached. It
        # only breaks ties, so it gets a share of the time; a relative gap on a net benefit
        # near zero may never close.
        primary = model.objectives[objective]
        scale = max(1.0, abs(float(primary @ values)))
        slack = max(_FLOOR_SLACK, _FLOOR_SHARE_OF_GAP * mip_rel_gap)
        floor = float(primary @ values) / scale - slack
        second = _solve(
            model,
            model.objectives["net_benefit"],
            required,
            min(remaining_s, max(_SECOND_PASS_MIN_S, _SECOND_PASS_SHARE * time_limit_s)),
            slack,
            (primary / scale, floor),
            *floors,
        )
        net = model.objectives["net_benefit"]
        # The first plan is one of those the second pass searches: keep it unless beaten (the
        # second pass may stop within its gap below it).
        if second.x is not None and net @ second.x > net @ values:
            values = np.asarray(second.x, dtype=float)
            if second.status != 0:
                note = "; the net benefit among such plans is the best found, not proven best"
    return _plan(
        zone,
        options,
        model,
        objective,
        values,
        status,
        gap,
        time.perf_counter() - start,
        time_limit_s,
        note,
    )


def _plan(
    zone: Zone,
    options: Options,
    model: Model,
    objective: str,
    values: FloatArray,
    status: str,
    gap: float,
    solve_time_s: float,
    time_limit_s: float,
    note: str,
) -> Plan:
    """The :class:`Plan` of the solver's ``values``."""
    selected = _selected(zone, options, model, values)
    indicator_values = indicators(zone, selected)
    chosen = len(selected)
    if status == "time limit":
        message = (
            f"time limit of {time_limit_s:g} s reached: best plan found, within "
            f"{100 * gap:.2f} % of the best possible"
        )
    elif chosen == 0:
        message = "no candidate improves the objective, so the plan changes nothing"
    else:
        message = f"{chosen} of {model.n_x + model.n_z} candidates chosen"
    message += note
    return Plan(
        selected=selected,
        indicators=indicator_values,
        status=status,
        objective=objective,
        objective_value=_objective_value(objective, selected, indicator_values),
        mip_gap=gap,
        solve_time_s=solve_time_s,
        n_candidates=model.n_x + model.n_z,
        message=message,
        zone_name=zone.name,
        warnings=salt_warnings(zone, selected),
    )


def _max_share(model: Model, flow_id: str, mip_rel_gap: float) -> float:
    """Largest share of a demand the model can serve, every other requirement dropped."""
    row = np.asarray(model.requirement_rows[flow_id].toarray(), dtype=float).ravel()
    if not row.any():
        return 0.0
    solution = _solve(model, row, [], _DIAGNOSIS_TIME_S, mip_rel_gap)
    return float(row @ solution.x) if solution.x is not None else 0.0


def _selected(zone: Zone, options: Options, model: Model, values: FloatArray) -> pd.DataFrame:
    share = np.clip(values[: model.n_x], 0.0, 1.0)
    share = np.where(share < _SHARE_TOLERANCE, 0.0, share)
    share = np.where(share > 1.0 - _SHARE_TOLERANCE, 1.0, share)
    built = np.zeros(model.n_x, dtype=bool)
    has_fixed = model.fixed_index >= 0
    built[has_fixed] = values[model.fixed_index[has_fixed]] > 0.5
    share = np.where(has_fixed & ~built, 0.0, share)
    pool_chosen = values[model.n_x + model.n_y : model.n_x + model.n_y + model.n_z] > 0.5
    table = selection_table(zone, options, share, built, pool_chosen)
    keep = np.concatenate([share > 0, pool_chosen])
    table = table.loc[keep].sort_values("opportunity_id", kind="stable")
    return table.reset_index(drop=True)[SELECTED_COLUMNS]


def net_benefit_co2e_front(
    zone: Zone,
    result: MatchTables,
    n_points: int = 5,
    *,
    require_served: Sequence[str] = (),
    allow_blending: bool = False,
    time_limit_s: float = 60.0,
    mip_rel_gap: float = 0.01,
) -> pd.DataFrame:
    """The trade-off between net benefit and CO2e avoided, by the ε-constraint method.

    One end is the plan of the best net benefit; the other the plan that avoids the most CO2e
    whatever it costs. Between them, ``n_points`` evenly spaced floors ε of CO2e (ends
    included): each point is the plan of the best net benefit that avoids at least ε. A
    director reads what each further tonne costs.

    Parameters
    ----------
    zone, result, require_served, allow_blending, time_limit_s, mip_rel_gap
        As in :func:`optimize` (the time limit is per solve).
    n_points : int, default 5
        Points of the front, at least 2.

    Returns
    -------
    pandas.DataFrame
        One row per point, ε ascending: ``co2e_floor_t_per_yr`` (ε) [tCO2e/yr],
        ``co2e_avoided_t_per_yr`` [tCO2e/yr], ``net_benefit_eur_per_yr`` [EUR/yr],
        ``investment_eur`` [EUR], ``simple_payback_yr`` [yr], ``chosen`` (rows of the plan)
        and ``status``. The net benefit falls (within the solver's gap) as ε rises.

    Raises
    ------
    InputError
        ``n_points`` below 2.
    """
    if n_points < 2:
        raise InputError(f"n_points is {n_points}; a front needs at least its two ends")
    common: dict[str, Any] = {
        "require_served": require_served,
        "allow_blending": allow_blending,
        "time_limit_s": time_limit_s,
        "mip_rel_gap": mip_rel_gap,
    }
    best_money = optimize(zone, result, "net_benefit", **common)
    most_co2e = optimize(zone, result, "co2e", min_net_benefit_eur_per_yr=None, **common)
    low = float(best_money.indicators["co2e_avoided_t_per_yr"])
    high = max(low, float(most_co2e.indicators["co2e_avoided_t_per_yr"]))
    rows = []
    floors = np.linspace(low, high, n_points)
    for position, epsilon in enumerate(floors):
        if position == 0:
            plan = best_money
        elif position == n_points - 1:
            # Already the best net benefit among the plans that avoid the most CO2e.
            plan = most_co2e
        else:
            plan = optimize(
                zone,
                result,
                "net_benefit",
                # A hair below ε, so that a plan found at ε still qualifies.
                min_co2e_avoided_t_per_yr=epsilon - 1e-6 * max(1.0, abs(epsilon)),
                **common,
            )
        figures = plan.indicators
        rows.append(
            {
                "co2e_floor_t_per_yr": float(epsilon),
                "co2e_avoided_t_per_yr": float(figures["co2e_avoided_t_per_yr"]),
                "net_benefit_eur_per_yr": float(figures["net_saving_eur_per_yr"]),
                "investment_eur": float(figures["investment_eur"]),
                "simple_payback_yr": float(figures["simple_payback_yr"]),
                "chosen": len(plan.selected),
                "status": plan.status,
            }
        )
    return pd.DataFrame(rows)
