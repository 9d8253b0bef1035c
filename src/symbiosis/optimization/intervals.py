"""Temperature intervals of the plan: heat moves only downhill, ΔTmin apart.

A transshipment formulation over temperature intervals (Papoulias and Grossmann, "A structural
optimization approach in process synthesis II: heat recovery networks", Computers & Chemical
Engineering 7(6), 1983, 707–721; the expanded form with one variable per match and interval).
On one temperature scale, hot temperatures are shifted down by ΔTmin (a source at T_s is placed
at T_s − ΔTmin) and cold temperatures are kept. A stream holds its annual heat spread evenly
over its range (constant heat capacity flow rate):

* a demand warmed from T_in to T_t holds D (overlap of an interval with [T_in, T_t]) /
  (T_t − T_in);
* a supply cooled from T_s to T_out holds S (overlap with [T_s − ΔTmin, T_out − ΔTmin]) /
  (T_s − T_out).

Each demand's range is cut into its own intervals k where one of its sources, or another demand
of those sources, starts or ends (so that no source reaches into the middle of an interval);
a candidate brings its heat evenly over each interval it fills. Each supply checks that heat
on its own grid: every end of the demand intervals it fills, and its own range. A single grid
over every stream of the zone would be exact but, on 5,000 candidates, twenty times the rows;
these local grids never allow more than the second law does, and can allow a little less where
a source serving one demand would need to fill only part of one of its intervals. A demand
with many sources (``_MAX_INTERVALS`` cuts or more) keeps only its own sources' ends, and
beyond that moves them down onto even steps of its range: a source then serves up to the step
below its reach (conservative again). On a synthetic region of 1,000 companies (2,208 heat
candidates among 5,000) this keeps the solve near 19 s, against 70 s with every cut.

A stream of unknown range (no inlet temperature, no outlet temperature) holds all its heat in
a sliver just below its one known level (``_SLIVER_K``): a demand needs it at its target, a
supply gives it at its supply temperature.

Variables: u_ik, the share of candidate i's quantity Q_i that it moves in interval k of its
demand, for the intervals that lie below its source's shifted temperature; and ρ_sj, the share
of supply s's heat passed down from its interval j+1 into j (heat not used in its own interval
may serve a colder one, never a hotter one). Rows:

* each candidate: Σ_k u_ik = x_i;
* each demand d and interval k: Σ_i Q_i u_ik / D <= D_k / D (a demand takes at most its heat in
  each interval, so several sources stack as a cascade, the hotter ones on top);
* each supply s and interval j, from its top down: Σ_i Q_i u_i(j) / S + ρ_s,j−1 − ρ_sj <= S_j / S,
  u_i(j) being the part of u_ik that lies in j.

Only heat candidates between two flows of the zone, in the flows' own unit and with a known
source temperature and demand target, are constrained; the others keep their per-flow rows.
Not represented: when the flows run (each interval's heat is an annual quantity, as if supply and
demand ran at the same time), and the loop between companies (direct integration is the bound).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = ["IntervalRows", "demand_range_c", "interval_rows", "source_temperature_c"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# Width of the interval that holds the heat of a stream whose range is unknown. [K]
_SLIVER_K = 1e-3
# Most intervals a demand's range is cut into: beyond, its cuts move down onto even steps
# (conservative), which keeps the program small when a demand has many sources. [1]
_MAX_INTERVALS = 8
# Bounds closer than this are one bound. [K]
_SAME_K = 1e-9


@dataclass
class IntervalRows:
    """The extra variables and rows of the temperature intervals, as triplets.

    Attributes
    ----------
    n_variables : int
        Number of extra continuous variables (u and ρ), each in [0, 1].
    rows, columns, values : numpy.ndarray
        Triplets of the rows, numbered from 0; columns are global variable indices.
    lower, upper : numpy.ndarray
        Bounds of each row.
    labels : list of str
        What each row says.
    """

    n_variables: int = 0
    rows: list[IntArray] = field(default_factory=list)
    columns: list[IntArray] = field(default_factory=list)
    values: list[FloatArray] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    def add(
        self, columns: list[int], values: list[float], lower: float, upper: float, label: str
    ) -> None:
        """Add one row."""
        self.rows.append(np.full(len(columns), len(self.lower), dtype=np.int64))
        self.columns.append(np.asarray(columns, dtype=np.int64))
        self.values.append(np.asarray(values, dtype=float))
        self.lower.append(lower)
        self.upper.append(upper)
        self.labels.append(label)


def _number(value: object) -> float:
    number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
    return float(number) if pd.notna(number) else float("nan")


def source_temperature_c(flow: pd.Series) -> tuple[float, float]:
    """Temperature a heat supply starts from and is cooled to, NaN when unknown. [°C]

    The start is ``supply_temperature_c``, else the quality field ``temperature_c`` (as the
    matcher reads it); the end is ``target_temperature_c``.
    """
    start = _number(flow["supply_temperature_c"])
    if np.isnan(start):
        start = _number(flow["temperature_c"])
    return start, _number(flow["target_temperature_c"])


def demand_range_c(flow: pd.Series) -> tuple[float, float]:
    """Temperature a heat demand starts from and must reach, NaN when unknown. [°C]

    The start is ``supply_temperature_c``; the target is ``target_temperature_c``, else
    ``min_temperature_c`` (as the matcher reads it).
    """
    target = _number(flow["target_temperature_c"])
    if np.isnan(target):
        target = _number(flow["min_temperature_c"])
    return _number(flow["supply_temperature_c"]), target


def _range(top: float, bottom: float) -> tuple[float, float]:
    """The (bottom, top) a stream spans; a sliver below ``top`` when ``bottom`` is unknown."""
    if np.isnan(bottom) or bottom >= top - _SAME_K:
        return top - _SLIVER_K, top
    return bottom, top


def _distinct(values: list[float]) -> FloatArray:
    """Sorted values, those closer than ``_SAME_K`` taken as one."""
    ordered = np.unique(np.asarray(values, dtype=float))
    return ordered[np.concatenate([[True], np.diff(ordered) > _SAME_K])[: ordered.size]]


def _content(bounds: FloatArray, bottom: float, top: float) -> FloatArray:
    """Share of a stream spread evenly over [bottom, top] that lies in each interval."""
    overlap = np.clip(np.minimum(bounds[1:], top) - np.maximum(bounds[:-1], bottom), 0.0, None)
    return overlap / (top - bottom)


def interval_rows(
    candidates: pd.DataFrame, flows: pd.DataFrame, dt_min_k: float, first_column: int
) -> IntervalRows:
    """The temperature-interval variables and rows of the heat candidates.

    Parameters
    ----------
    candidates : pandas.DataFrame
        The optimiser's candidates (``Options.candidates``); row position i is variable x_i.
    flows : pandas.DataFrame
        The zone's flows table indexed by flow id.
    dt_min_k : float
        Minimum temperature approach. [K]
    first_column : int
        Index of the first extra variable.

    Returns
    -------
    IntervalRows
        Empty when no candidate is a heat candidate with known temperatures.
    """
    result = IntervalRows()
    quantity = candidates["quantity_per_yr"].to_numpy(dtype=float)
    supply_ids = candidates["supply_flow_id"].to_numpy(dtype=object)
    demand_ids = candidates["demand_flow_id"].to_numpy(dtype=object)
    outside = candidates["supplier_is_outside"].astype("boolean").fillna(False).to_numpy(bool)
    units = candidates["unit"].to_numpy(dtype=object)
    family = candidates["family"].to_numpy(dtype=object)
    opportunity_ids = candidates["opportunity_id"].to_numpy(dtype=object)
    supply_range: dict[str, tuple[float, float]] = {}
    demand_range: dict[str, tuple[float, float]] = {}
    heat: list[int] = []
    for i in range(len(candidates)):
        supply_id, demand_id = supply_ids[i], demand_ids[i]
        if family[i] != "heat" or outside[i] or supply_id not in flows.index:
            continue
        if demand_id not in flows.index:
            continue
        supply, demand = flows.loc[supply_id], flows.loc[demand_id]
        if units[i] != supply["canonical_unit"] or units[i] != demand["canonical_unit"]:
            continue
        start, end = source_temperature_c(supply)
        inlet, target = demand_range_c(demand)
        if np.isnan(start) or np.isnan(target):
            continue
        supply_range[supply_id] = _range(start - dt_min_k, end - dt_min_k)
        demand_range[demand_id] = _range(target, inlet)
        heat.append(i)
    if not heat:
        return result

    sources_of: dict[str, set[str]] = {}
    receivers_of: dict[str, set[str]] = {}
    for i in heat:
        sources_of.setdefault(str(demand_ids[i]), set()).add(str(supply_ids[i]))
        receivers_of.setdefault(str(supply_ids[i]), set()).add(str(demand_ids[i]))
    # Each demand's own intervals: its range cut where one of its sources, or another demand of
    # those sources, starts or ends (fewer when there are many, see the module).
    demand_bounds: dict[str, FloatArray] = {}
    for demand_id, supply_set in sources_of.items():
        bottom, top = demand_range[demand_id]
        own = _distinct(
            [value for s in supply_set for value in supply_range[s] if bottom < value < top]
        )
        shared = _distinct(
            [
                value
                for s in supply_set
                for d in receivers_of[s]
                for value in demand_range[d]
                if bottom < value < top
            ]
        )
        cuts = _distinct([*own.tolist(), *shared.tolist()])
        if cuts.size >= _MAX_INTERVALS:
            cuts = own  # the other demands' ends only refine; its sources' ends matter most
        if cuts.size >= _MAX_INTERVALS:
            # Too many to keep: each cut moves down onto one of _MAX_INTERVALS even steps. A
            # source then serves up to the step below its reach, never above it.
            step = (top - bottom) / _MAX_INTERVALS
            cuts = bottom + step * np.floor((cuts - bottom) / step + _SAME_K)
        demand_bounds[demand_id] = _distinct([bottom, top, *cuts.tolist()])
    # Per (flow, interval): the u variables there, with the heat they move at full share Q_i.
    at_demand: dict[tuple[str, int], list[tuple[int, float]]] = {}
    # Per supply: (u column, Q_i, bottom, top of the demand interval it fills).
    at_supply: dict[str, list[tuple[int, float, float, float]]] = {}
    column = first_column
    for i in heat:
        supply_id, demand_id = str(supply_ids[i]), str(demand_ids[i])
        bounds = demand_bounds[demand_id]
        reach = supply_range[supply_id][1]
        allowed = np.flatnonzero(bounds[1:] <= reach + _SAME_K)
        columns = list(range(column, column + allowed.size))
        column += allowed.size
        # Σ_k u_ik − x_i = 0: with no interval allowed, the candidate moves nothing.
        result.add(
            [*columns, i],
            [1.0] * allowed.size + [-1.0],
            0.0,
            0.0,
            f"{opportunity_ids[i]} over temperature intervals",
        )
        for k, u in zip(allowed.tolist(), columns, strict=True):
            at_demand.setdefault((demand_id, k), []).append((u, quantity[i]))
            at_supply.setdefault(supply_id, []).append(
                (u, quantity[i], float(bounds[k]), float(bounds[k + 1]))
            )

    available = flows["quantity_per_yr"].astype(float)
    for (demand_id, k), filling in sorted(at_demand.items()):
        total = float(available[demand_id])
        bounds = demand_bounds[demand_id]
        bottom, top = demand_range[demand_id]
        result.add(
            [u for u, _ in filling],
            [q / total for _, q in filling],
            -np.inf,
            float((bounds[k + 1] - bounds[k]) / (top - bottom)),
            f"demand {demand_id} between {bounds[k]:g} and {bounds[k + 1]:g} °C",
        )
    for supply_id, pieces in sorted(at_supply.items()):
        total = float(available[supply_id])
        bottom, top = supply_range[supply_id]
        bounds = _distinct([bottom, top, *(end for _, _, a, b in pieces for end in (a, b))])
        content = _content(bounds, bottom, top)
        # ρ_j: share of the supply's heat passed down into interval j from j + 1.
        n_intervals = bounds.size - 1
        passed = list(range(column, column + n_intervals - 1))
        column += n_intervals - 1
        coefficients: dict[int, dict[int, float]] = {j: {} for j in range(n_intervals)}
        for u, q, a, b in pieces:
            # The heat of u is spread evenly over the demand interval [a, b].
            inside = (bounds[:-1] >= a - _SAME_K) & (bounds[1:] <= b + _SAME_K)
            for j in np.flatnonzero(inside).tolist():
                weight = (bounds[j + 1] - bounds[j]) / (b - a)
                coefficients[j][u] = q * weight / total
        for j in range(n_intervals - 1, -1, -1):
            columns = list(coefficients[j])
            values = list(coefficients[j].values())
            if j < n_intervals - 1:  # received from above
                columns.append(passed[j])
                values.append(-1.0)
            if j > 0:  # passed below
                columns.append(passed[j - 1])
                values.append(1.0)
            result.add(
                columns,
                values,
                -np.inf,
                float(content[j]),
                f"supply {supply_id} (shifted by ΔTmin) between {bounds[j]:g} and "
                f"{bounds[j + 1]:g} °C",
            )
    result.n_variables = column - first_column
    return result
