"""Water targeting: minimum freshwater and wastewater for a single contaminant.

Two forms of the problem are covered.

* **Fixed flowrate** (:func:`water_target`): sinks need a given flow below a limiting
  concentration, sources release a given flow at a given concentration (washing, boiler feed,
  cooling-tower make-up). The target is found by water cascade analysis on contaminant loads
  (Manan, Tan & Foo 2004, AIChE J. 50:3169), the load form of the material recovery pinch
  diagram (El-Halwagi, Gabriel & Harell 2003, Ind. Eng. Chem. Res. 42:4319).
* **Fixed load** (:func:`water_target_operations`): each water-using operation picks up a mass
  load of contaminant between a limiting inlet and outlet concentration (Wang & Smith 1994,
  Chem. Eng. Sci. 49:981). The target comes from the limiting composite curve.

In both forms an allocation of water that reaches the target is computed with a small linear
program (scipy's HiGHS) and checked against the cascade target.

Units: flows in t/h, concentrations in ppm (mg/kg, i.e. g/t), mass loads in kg/h. A load of
1 kg/h carried by f t/h of water is a concentration of 1000 / f ppm.

Glossary: a *level* is a concentration at which a stream starts or ends; the *cumulative load*
at a level is the contaminant load the water below that level could still absorb before reaching
it (negative: the water is too dirty, more freshwater is needed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import sparse
from scipy.optimize import OptimizeResult, linprog

from symbiosis.errors import InputError, SymbiosisError
from symbiosis.targeting.input_tables import checked_numeric_table

__all__ = [
    "FRESHWATER_ID",
    "WASTEWATER_ID",
    "WaterTarget",
    "water_target",
    "water_target_operations",
]

FRESHWATER_ID = "freshwater"
"""Id of the freshwater supply in an allocation table."""
WASTEWATER_ID = "wastewater"
"""Id of the wastewater discharge in an allocation table."""

SINK_COLUMNS = ("id", "flow_t_per_h", "max_concentration_ppm")
SOURCE_COLUMNS = ("id", "flow_t_per_h", "concentration_ppm")
OPERATION_COLUMNS = ("id", "mass_load_kg_per_h", "c_in_max_ppm", "c_out_max_ppm")
ALLOCATION_COLUMNS = ["source_id", "sink_id", "flow_t_per_h", "concentration_ppm"]

FloatArray = npt.NDArray[np.float64]

# Relative tolerance on flows and loads: far above LP round-off, far below any metered flow.
_RTOL = 1e-7


@dataclass(frozen=True, eq=False)
class WaterTarget:
    """Minimum freshwater and wastewater of a water network, and how to reach them.

    Attributes
    ----------
    freshwater_t_per_h : float
        Minimum freshwater. [t/h]
    wastewater_t_per_h : float
        Wastewater at minimum freshwater. [t/h]
    freshwater_without_reuse_t_per_h : float
        Freshwater needed when no water is reused: the sum of sink flows (fixed flowrate), or the
        sum over operations of the freshwater each would take alone (fixed load). [t/h]
    pinch_concentrations_ppm : list of float
        Concentrations where the cascade is pinched, ascending; empty when the problem needs no
        freshwater, and for a zero-wastewater threshold problem without a pinch. [ppm]
    allocation : pandas.DataFrame
        Flows that reach the target: ``source_id`` (a source or operation id, or
        ``"freshwater"``), ``sink_id`` (a sink or operation id, or ``"wastewater"``),
        ``flow_t_per_h`` and ``concentration_ppm`` of the water sent; sorted by source and sink.
        Ids are strings.
    cascade : pandas.DataFrame
        The water cascade table, one row per concentration level, ascending (see
        :func:`water_target` and :func:`water_target_operations` for its columns).
    """

    freshwater_t_per_h: float
    wastewater_t_per_h: float
    freshwater_without_reuse_t_per_h: float
    pinch_concentrations_ppm: list[float] = field(default_factory=list)
    allocation: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    cascade: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    @property
    def freshwater_saved_t_per_h(self) -> float:
        """Freshwater saved by reuse compared with no reuse. [t/h]"""
        return self.freshwater_without_reuse_t_per_h - self.freshwater_t_per_h


def water_target(
    sinks: pd.DataFrame, sources: pd.DataFrame, fresh_concentration_ppm: float = 0.0
) -> WaterTarget:
    """Minimum freshwater and wastewater of fixed-flowrate sinks and sources.

    Water cascade analysis on contaminant loads (Manan, Tan & Foo 2004): at each concentration
    level the water cascaded from cleaner levels must be able to absorb the load of the sinks
    and sources below it. The freshwater target is the smallest flow that keeps every cumulative
    load non-negative and the wastewater non-negative; a level where the cumulative load is then
    zero is a pinch.

    Parameters
    ----------
    sinks : pandas.DataFrame
        One row per sink (a demand for water): ``id``, ``flow_t_per_h`` [t/h] and
        ``max_concentration_ppm``, the highest inlet concentration it tolerates [ppm].
    sources : pandas.DataFrame
        One row per source (water available for reuse): ``id``, ``flow_t_per_h`` [t/h] and
        ``concentration_ppm`` [ppm]. A source not reused goes to wastewater.
    fresh_concentration_ppm : float, default 0.0
        Contaminant concentration of the freshwater. [ppm]

    Returns
    -------
    WaterTarget
        ``cascade`` has the columns ``concentration_ppm``, ``sink_flow_t_per_h``,
        ``source_flow_t_per_h``, ``freshwater_flow_t_per_h`` (entering at its level),
        ``net_flow_t_per_h``, ``cumulative_flow_t_per_h`` (flowing from this level to the next;
        on the last level, the wastewater), ``interval_load_kg_per_h`` (load that flow absorbs
        up to the next level), ``cumulative_load_kg_per_h`` (at this level, with the target
        freshwater), ``cumulative_load_without_freshwater_kg_per_h`` and
        ``freshwater_required_t_per_h`` (freshwater this level alone would need).

    Raises
    ------
    InputError
        If a column is missing, a value is missing or negative, an id is repeated or reserved, or
        a sink needs water cleaner than the freshwater and no source can supply it.

    Examples
    --------
    Polley & Polley (2000), four sinks and four sources:

    >>> import pandas as pd
    >>> sinks = pd.DataFrame({"id": ["SK1", "SK2", "SK3", "SK4"],
    ...                       "flow_t_per_h": [50.0, 100.0, 80.0, 70.0],
    ...                       "max_concentration_ppm": [20.0, 50.0, 100.0, 200.0]})
    >>> sources = pd.DataFrame({"id": ["SR1", "SR2", "SR3", "SR4"],
    ...                         "flow_t_per_h": [50.0, 100.0, 70.0, 60.0],
    ...                         "concentration_ppm": [50.0, 100.0, 150.0, 250.0]})
    >>> target = water_target(sinks, sources)
    >>> round(target.freshwater_t_per_h, 6), round(target.wastewater_t_per_h, 6)
    (70.0, 50.0)
    >>> target.pinch_concentrations_ppm
    [150.0]
    >>> target.freshwater_without_reuse_t_per_h
    300.0
    """
    sinks = _checked_table(sinks, "sinks", "sink", SINK_COLUMNS)
    sources = _checked_table(sources, "sources", "source", SOURCE_COLUMNS)
    c_fresh = _checked_fresh_concentration(fresh_concentration_ppm)
    problems = _negative_value_problems(sinks, "sink", ["flow_t_per_h", "max_concentration_ppm"])
    problems += _negative_value_problems(sources, "source", ["flow_t_per_h", "concentration_ppm"])
    _raise_if(problems)

    sink_flow = sinks["flow_t_per_h"].to_numpy(dtype=float)
    sink_c = sinks["max_concentration_ppm"].to_numpy(dtype=float)
    source_flow = sources["flow_t_per_h"].to_numpy(dtype=float)
    source_c = sources["concentration_ppm"].to_numpy(dtype=float)

    levels = np.unique(np.concatenate([sink_c, source_c, [c_fresh]]))
    at_level_sink = _sum_at_levels(levels, sink_c, sink_flow)
    at_level_source = _sum_at_levels(levels, source_c, source_flow)
    above_fresh = levels > c_fresh
    scale = _RTOL * max(1.0, sink_flow.sum(), source_flow.sum())
    load_scale = scale * max(1.0, levels[-1]) / 1000.0

    load_without_fresh = _cumulative_load(levels, np.cumsum(at_level_source - at_level_sink))
    too_clean = ~above_fresh & (load_without_fresh < -load_scale)
    if too_clean.any():
        needy = sinks.loc[sink_c < c_fresh, "id"].astype(str).tolist()
        raise InputError(
            f"sink(s) {', '.join(needy)} need water cleaner than the freshwater "
            f"({c_fresh:g} ppm) and the sources cannot supply it; lower fresh_concentration_ppm "
            "or raise their max_concentration_ppm"
        )
    required = _freshwater_required(levels, load_without_fresh, c_fresh)
    freshwater = max(0.0, sink_flow.sum() - source_flow.sum(), required[above_fresh].max(initial=0))
    wastewater = max(0.0, freshwater + source_flow.sum() - sink_flow.sum())

    at_level_fresh = np.where(levels == c_fresh, freshwater, 0.0)
    net_flow = at_level_fresh + at_level_source - at_level_sink
    cumulative_flow = np.cumsum(net_flow)
    load = _cumulative_load(levels, cumulative_flow)
    pinched = above_fresh & (np.abs(load) <= load_scale)
    pinches = levels[pinched].tolist() if freshwater > scale else []

    cascade = pd.DataFrame(
        {
            "concentration_ppm": levels,
            "sink_flow_t_per_h": at_level_sink,
            "source_flow_t_per_h": at_level_source,
            "freshwater_flow_t_per_h": at_level_fresh,
            "net_flow_t_per_h": net_flow,
            "cumulative_flow_t_per_h": cumulative_flow,
            "interval_load_kg_per_h": np.append(cumulative_flow[:-1] * np.diff(levels), np.nan)
            / 1000.0,
            "cumulative_load_kg_per_h": load,
            "cumulative_load_without_freshwater_kg_per_h": load_without_fresh,
            "freshwater_required_t_per_h": required,
        }
    )
    allocation = _allocate_fixed_flow(sinks, sources, c_fresh)
    _check_allocation(allocation, freshwater, scale)
    return WaterTarget(
        freshwater_t_per_h=float(freshwater),
        wastewater_t_per_h=float(wastewater),
        freshwater_without_reuse_t_per_h=float(sink_flow.sum()),
        pinch_concentrations_ppm=[float(c) for c in pinches],
        allocation=allocation,
        cascade=cascade,
    )


def water_target_operations(
    operations: pd.DataFrame, fresh_concentration_ppm: float = 0.0
) -> WaterTarget:
    """Minimum freshwater of fixed-load water-using operations (limiting composite curve).

    Each operation picks up ``mass_load_kg_per_h`` of contaminant while its water goes from at
    most ``c_in_max_ppm`` to at most ``c_out_max_ppm``; its limiting flow is
    ``1000 * mass_load / (c_out_max - c_in_max)`` [t/h]. The limiting composite curve gives, at
    each concentration level C, the load picked up below C; the minimum freshwater is the
    largest ``1000 * load_below(C) / (C - fresh_concentration)`` over the levels, and the pinch
    is where it is attained (Wang & Smith 1994). Water is neither lost nor gained, so the
    wastewater equals the freshwater.

    The allocation is found by a linear program with every outlet at its maximum concentration,
    which for a single contaminant keeps a freshwater-optimal solution (Savelski & Bagajewicz
    2000, Chem. Eng. Sci. 55:5035; Bagajewicz & Savelski 2001, Trans. IChemE 79A:600).

    Parameters
    ----------
    operations : pandas.DataFrame
        One row per operation: ``id``, ``mass_load_kg_per_h`` [kg/h], ``c_in_max_ppm`` and
        ``c_out_max_ppm`` [ppm].
    fresh_concentration_ppm : float, default 0.0
        Contaminant concentration of the freshwater; at most every ``c_in_max_ppm``. [ppm]

    Returns
    -------
    WaterTarget
        ``freshwater_without_reuse_t_per_h`` is the sum over operations of
        ``1000 * mass_load / (c_out_max - fresh_concentration)``, each fed only freshwater.
        ``cascade`` has the columns ``concentration_ppm``, ``limiting_flow_t_per_h`` (sum of
        the limiting flows of the operations spanning the interval from this level to the next;
        NaN on the last level), ``cumulative_load_kg_per_h`` (load below this level on the
        limiting composite curve), ``freshwater_load_kg_per_h`` (load the target freshwater can
        absorb up to this level) and ``freshwater_required_t_per_h``.

    Raises
    ------
    InputError
        If a column is missing, a value is missing or negative, an id is repeated or reserved,
        ``c_out_max_ppm <= c_in_max_ppm``, or ``c_in_max_ppm`` is below the freshwater
        concentration.

    Examples
    --------
    Wang & Smith (1994), example 1:

    >>> import pandas as pd
    >>> operations = pd.DataFrame({"id": ["op1", "op2", "op3", "op4"],
    ...                            "mass_load_kg_per_h": [2.0, 5.0, 30.0, 4.0],
    ...                            "c_in_max_ppm": [0.0, 50.0, 50.0, 400.0],
    ...                            "c_out_max_ppm": [100.0, 100.0, 800.0, 800.0]})
    >>> target = water_target_operations(operations)
    >>> target.freshwater_without_reuse_t_per_h
    112.5
    >>> round(target.freshwater_t_per_h, 6), target.pinch_concentrations_ppm
    (90.0, [100.0])
    """
    operations = _checked_table(operations, "operations", "operation", OPERATION_COLUMNS)
    c_fresh = _checked_fresh_concentration(fresh_concentration_ppm)
    problems = _negative_value_problems(
        operations, "operation", ["mass_load_kg_per_h", "c_in_max_ppm", "c_out_max_ppm"]
    )
    for op_id, c_in, c_out in operations[["id", "c_in_max_ppm", "c_out_max_ppm"]].itertuples(
        index=False
    ):
        if c_out <= c_in:
            problems.append(
                f"operation {op_id!r}: c_out_max_ppm ({c_out:g}) must be greater than "
                f"c_in_max_ppm ({c_in:g}); correct the limiting concentrations"
            )
        elif c_in < c_fresh:
            problems.append(
                f"operation {op_id!r}: c_in_max_ppm ({c_in:g}) is below the freshwater "
                f"concentration ({c_fresh:g} ppm), so no water can feed it; raise c_in_max_ppm "
                "or lower fresh_concentration_ppm"
            )
    _raise_if(problems)

    load = operations["mass_load_kg_per_h"].to_numpy(dtype=float)
    c_in = operations["c_in_max_ppm"].to_numpy(dtype=float)
    c_out = operations["c_out_max_ppm"].to_numpy(dtype=float)
    limiting_flow = 1000.0 * load / (c_out - c_in)

    levels = np.unique(np.concatenate([c_in, c_out, [c_fresh]]))
    share_below = np.clip((levels[:, None] - c_in) / (c_out - c_in), 0.0, 1.0)
    load_below = share_below @ load
    required = _freshwater_required(levels, -load_below, c_fresh)
    above_fresh = levels > c_fresh
    freshwater = float(required[above_fresh].max(initial=0.0))
    scale = _RTOL * max(1.0, limiting_flow.sum())
    pinches = (
        levels[above_fresh & (required >= freshwater - scale)].tolist()
        if freshwater > scale
        else []
    )
    spans = (c_in <= levels[:-1, None]) & (c_out >= levels[1:, None])
    cascade = pd.DataFrame(
        {
            "concentration_ppm": levels,
            "limiting_flow_t_per_h": np.append(spans @ limiting_flow, np.nan),
            "cumulative_load_kg_per_h": load_below,
            "freshwater_load_kg_per_h": freshwater * (levels - c_fresh).clip(0.0) / 1000.0,
            "freshwater_required_t_per_h": required,
        }
    )
    allocation = _allocate_fixed_load(operations, c_fresh)
    _check_allocation(allocation, freshwater, scale)
    return WaterTarget(
        freshwater_t_per_h=freshwater,
        wastewater_t_per_h=freshwater,
        freshwater_without_reuse_t_per_h=float((1000.0 * load / (c_out - c_fresh)).sum()),
        pinch_concentrations_ppm=[float(c) for c in pinches],
        allocation=allocation,
        cascade=cascade,
    )


def _checked_table(
    table: pd.DataFrame, name: str, record: str, columns: Sequence[str]
) -> pd.DataFrame:
    """Return a copy of ``table`` with numeric columns as float, or raise every problem found."""
    checked, problems = checked_numeric_table(
        table, name, record, columns[1:], reserved_ids=(FRESHWATER_ID, WASTEWATER_ID)
    )
    _raise_if(problems)
    return checked


def _negative_value_problems(table: pd.DataFrame, record: str, columns: list[str]) -> list[str]:
    return [
        f"{record} {row_id!r}: {column} is {value:g}; it must be >= 0, correct the value"
        for column in columns
        for row_id, value in table.loc[table[column] < 0, ["id", column]].itertuples(index=False)
    ]


def _checked_fresh_concentration(fresh_concentration_ppm: float) -> float:
    c_fresh = float(fresh_concentration_ppm)
    if not np.isfinite(c_fresh) or c_fresh < 0:
        raise InputError(
            f"fresh_concentration_ppm is {fresh_concentration_ppm!r}; give a finite "
            "concentration >= 0 [ppm]"
        )
    return c_fresh


def _raise_if(problems: list[str]) -> None:
    if problems:
        raise InputError("\n".join(problems))


def _sum_at_levels(levels: FloatArray, concentration: FloatArray, flow: FloatArray) -> FloatArray:
    """Sum of the flows whose concentration is each level (levels hold every concentration)."""
    index = np.searchsorted(levels, concentration)
    return np.bincount(index, weights=flow, minlength=levels.size).astype(float)


def _cumulative_load(levels: FloatArray, cumulative_flow: FloatArray) -> FloatArray:
    """Load the water cascaded from below can still absorb on reaching each level. [kg/h]"""
    interval_load = cumulative_flow[:-1] * np.diff(levels) / 1000.0
    return np.concatenate([[0.0], np.cumsum(interval_load)])


def _freshwater_required(
    levels: FloatArray, cumulative_load: FloatArray, c_fresh: float
) -> FloatArray:
    """Freshwater each level above ``c_fresh`` needs to make its cumulative load zero. [t/h]"""
    above_fresh = levels > c_fresh
    required = np.full(levels.size, np.nan)
    np.divide(-1000.0 * cumulative_load, levels - c_fresh, out=required, where=above_fresh)
    return required + 0.0  # no -0.0 in the table


def _allocate_fixed_flow(
    sinks: pd.DataFrame, sources: pd.DataFrame, c_fresh: float
) -> pd.DataFrame:
    """Source-to-sink flows with the least freshwater (linear program).

    Variables are the flows from each of freshwater and the sources (rows) to each of the sinks
    and wastewater (columns). Every sink gets its flow below its limiting load, every source is
    fully sent somewhere, freshwater never goes straight to wastewater.
    """
    n_sources, n_sinks = len(sources), len(sinks)
    rows, cols = n_sources + 1, n_sinks + 1
    source_c = np.concatenate([[c_fresh], sources["concentration_ppm"].to_numpy(float)])
    source_flow = sources["flow_t_per_h"].to_numpy(float)
    sink_flow = sinks["flow_t_per_h"].to_numpy(float)
    sink_c = sinks["max_concentration_ppm"].to_numpy(float)

    row_of = np.repeat(np.arange(rows), cols)
    col_of = np.tile(np.arange(cols), rows)
    variable = np.arange(rows * cols)
    into_sink = col_of < n_sinks
    from_source = row_of > 0

    sink_flow_rows = sparse.csr_array(
        (np.ones(into_sink.sum()), (col_of[into_sink], variable[into_sink])),
        shape=(n_sinks, rows * cols),
    )
    sink_load_rows = sparse.csr_array(
        (source_c[row_of[into_sink]], (col_of[into_sink], variable[into_sink])),
        shape=(n_sinks, rows * cols),
    )
    source_rows = sparse.csr_array(
        (np.ones(from_source.sum()), (row_of[from_source] - 1, variable[from_source])),
        shape=(n_sources, rows * cols),
    )
    upper = np.where((row_of == 0) & ~into_sink, 0.0, np.inf)
    solution = linprog(
        c=(row_of == 0).astype(float),
        A_ub=sink_load_rows,
        b_ub=sink_flow * sink_c,
        A_eq=sparse.vstack([sink_flow_rows, source_rows]),
        b_eq=np.concatenate([sink_flow, source_flow]),
        bounds=np.column_stack([np.zeros(rows * cols), upper]),
        method="highs",
    )
    source_ids = [FRESHWATER_ID, *sources["id"].astype(str)]
    sink_ids = [*sinks["id"].astype(str), WASTEWATER_ID]
    return _allocation_table(solution, source_ids, sink_ids, source_c, row_of, col_of)


def _allocate_fixed_load(operations: pd.DataFrame, c_fresh: float) -> pd.DataFrame:
    """Flows between freshwater, operations and wastewater with the least freshwater.

    Rows are freshwater then the operations (as sources, at their maximum outlet
    concentration); columns are the operations (as sinks) then wastewater. Each operation
    balances water and contaminant with its outlet at ``c_out_max_ppm`` and its inlet mixture
    at most ``c_in_max_ppm``.
    """
    n_ops = len(operations)
    rows, cols = n_ops + 1, n_ops + 1
    c_in = operations["c_in_max_ppm"].to_numpy(float)
    c_out = operations["c_out_max_ppm"].to_numpy(float)
    load = operations["mass_load_kg_per_h"].to_numpy(float)
    source_c = np.concatenate([[c_fresh], c_out])

    row_of = np.repeat(np.arange(rows), cols)
    col_of = np.tile(np.arange(cols), rows)
    variable = np.arange(rows * cols)
    into_op = col_of < n_ops
    from_op = row_of > 0
    n_variables = rows * cols

    inflow = sparse.csr_array(
        (np.ones(into_op.sum()), (col_of[into_op], variable[into_op])), shape=(n_ops, n_variables)
    )
    outflow = sparse.csr_array(
        (np.ones(from_op.sum()), (row_of[from_op] - 1, variable[from_op])),
        shape=(n_ops, n_variables),
    )
    outlet_load = sparse.csr_array(
        (
            source_c[row_of[into_op]] - c_out[col_of[into_op]],
            (col_of[into_op], variable[into_op]),
        ),
        shape=(n_ops, n_variables),
    )
    inlet_load = sparse.csr_array(
        (source_c[row_of[into_op]] - c_in[col_of[into_op]], (col_of[into_op], variable[into_op])),
        shape=(n_ops, n_variables),
    )
    blocked = ((row_of == 0) & ~into_op) | (row_of - 1 == col_of)
    solution = linprog(
        c=(row_of == 0).astype(float),
        A_ub=inlet_load,
        b_ub=np.zeros(n_ops),
        A_eq=sparse.vstack([inflow - outflow, outlet_load]),
        b_eq=np.concatenate([np.zeros(n_ops), -1000.0 * load]),
        bounds=np.column_stack([np.zeros(n_variables), np.where(blocked, 0.0, np.inf)]),
        method="highs",
    )
    ids = operations["id"].astype(str).tolist()
    return _allocation_table(
        solution, [FRESHWATER_ID, *ids], [*ids, WASTEWATER_ID], source_c, row_of, col_of
    )


def _allocation_table(
    solution: OptimizeResult,
    source_ids: list[str],
    sink_ids: list[str],
    source_c: FloatArray,
    row_of: npt.NDArray[np.int_],
    col_of: npt.NDArray[np.int_],
) -> pd.DataFrame:
    if not solution.success:
        raise SymbiosisError(
            "the water allocation model found no solution although the inputs passed every "
            f"check ({solution.message}); please report this with your data"
        )
    flow = np.asarray(solution.x, dtype=float)
    used = flow > _RTOL * max(1.0, flow.max(initial=0.0))
    table = pd.DataFrame(
        {
            "source_id": np.asarray(source_ids, dtype=object)[row_of[used]],
            "sink_id": np.asarray(sink_ids, dtype=object)[col_of[used]],
            "flow_t_per_h": flow[used],
            "concentration_ppm": source_c[row_of[used]],
        },
        columns=ALLOCATION_COLUMNS,
    )
    # Freshwater first and wastewater last read like the network, from clean to dirty.
    order = pd.DataFrame(
        {
            "not_fresh": table["source_id"] != FRESHWATER_ID,
            "source_id": table["source_id"],
            "to_waste": table["sink_id"] == WASTEWATER_ID,
            "sink_id": table["sink_id"],
        }
    ).sort_values(["not_fresh", "source_id", "to_waste", "sink_id"])
    return table.loc[order.index].reset_index(drop=True)


def _check_allocation(allocation: pd.DataFrame, freshwater: float, scale: float) -> None:
    """The LP and the cascade are two routes to the same number; a gap is a bug."""
    lp_freshwater = allocation.loc[allocation["source_id"] == FRESHWATER_ID, "flow_t_per_h"].sum()
    if abs(lp_freshwater - freshwater) > max(scale, 1e-6):
        raise SymbiosisError(
            f"the allocation uses {lp_freshwater:g} t/h of freshwater but the cascade target is "
            f"{freshwater:g} t/h; please report this with your data"
        )
