"""The mixed-integer program behind :func:`symbiosis.optimization.optimize`, as arrays.

Variables, in this order:

* ``x_i`` in [0, 1], one per admitted exchange candidate: the share of the candidate's
  ``quantity_per_yr`` Q_i that moves (q_i = Q_i x_i). Working with shares keeps every
  coefficient near 1 whatever the units;
* ``y_k`` binary, one per candidate with a fixed cost (``investment_eur`` > 0): the connection
  is built; ``x_i <= y_k``;
* ``z_p`` binary, one per pool: the pool is set up, with all its member flows;
* ``w`` continuous in [0, 1], the temperature intervals of the heat candidates: the share of
  each candidate's heat moved in each interval and the heat each supply passes down from one
  interval to the next (:mod:`symbiosis.optimization.intervals`).

Constraint rows (all scaled to be unit-free):

* one row per flow that candidates or pools touch: for a supply S_f,
  Σ Q_i x_i / S_f + Σ z_p <= 1; for a demand D_f, Σ Q_i x_i / D_f + Σ z_p <= 1. A member's flow
  is thus served once, by its pool or by exchanges; a pool of a service also sits on the rows of
  the supplies the service handles at the same company (the catalogue's ``service_for``: a
  company that ships its cardboard away needs no baling);
* one contaminant balance per water demand, contaminant limit and candidate set where a
  source is above the limit (see :func:`build_model`);
* the temperature-interval rows of the heat candidates (heat goes only to a colder place,
  ΔTmin apart; several sources serving one demand stack as a cascade);
* one row per demand that must be fully served: Σ Q_i x_i / D_f + Σ z_p >= 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import sparse

from symbiosis.catalogue import resource_catalogue, suggest
from symbiosis.catalogue.quality import concentration_parameters
from symbiosis.errors import InputError
from symbiosis.optimization.intervals import interval_rows
from symbiosis.optimization.options import Options
from symbiosis.optimization.selection import selection_table
from symbiosis.plan_indicators import indicator_contributions
from symbiosis.schemas import Zone
from symbiosis.tables import flows_table
from symbiosis.targeting.on_site import heat_after_on_site, with_heat_after_on_site

__all__ = ["Model", "build_model"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Model:
    """The arrays of the mixed-integer program.

    Attributes
    ----------
    n_x, n_y, n_z, n_w : int
        Numbers of share, build, pool and temperature-interval variables.
    fixed_index : numpy.ndarray
        For each candidate, the index of its build variable y (−1 when it has none).
    objectives : dict of str to numpy.ndarray
        Objective vector per objective name (to maximise), in the objective's own unit at full
        quantity: ``net_benefit`` [EUR/yr], ``freshwater`` [m3/yr], ``co2e`` [tCO2e/yr].
    matrix, lower, upper : sparse matrix and arrays
        Rows that always hold: lower <= matrix @ v <= upper.
    row_labels : list of str
        What each row says, for diagnostics.
    requirement_rows : dict of str to sparse matrix
        Per demand flow id that must be fully served (and is not empty), its row (share served
        >= 1).
    upper_bounds : numpy.ndarray
        Upper bound of every variable (0 for a candidate whose flow is empty).
    """

    n_x: int
    n_y: int
    n_z: int
    n_w: int
    fixed_index: npt.NDArray[np.int64]
    objectives: dict[str, FloatArray]
    matrix: sparse.csr_array
    lower: FloatArray
    upper: FloatArray
    row_labels: list[str]
    requirement_rows: dict[str, sparse.csr_array]
    upper_bounds: FloatArray

    @property
    def n_variables(self) -> int:
        """Total number of variables."""
        return self.n_x + self.n_y + self.n_z + self.n_w

    @property
    def integrality(self) -> npt.NDArray[np.int64]:
        """0 for continuous variables (shares, intervals), 1 for build and pool variables."""
        return np.concatenate(
            [
                np.zeros(self.n_x, dtype=np.int64),
                np.ones(self.n_y + self.n_z, dtype=np.int64),
                np.zeros(self.n_w, dtype=np.int64),
            ]
        )


class _Rows:
    """Sparse rows collected as triplets."""

    def __init__(self, n_variables: int) -> None:
        self.n_variables = n_variables
        self.row: list[npt.NDArray[np.int64]] = []
        self.col: list[npt.NDArray[np.int64]] = []
        self.value: list[FloatArray] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.labels: list[str] = []

    def add(
        self, columns: npt.ArrayLike, values: npt.ArrayLike, lower: float, upper: float, label: str
    ) -> None:
        columns = np.asarray(columns, dtype=np.int64)
        self.row.append(np.full(columns.size, len(self.lower), dtype=np.int64))
        self.col.append(columns)
        self.value.append(np.asarray(values, dtype=float))
        self.lower.append(lower)
        self.upper.append(upper)
        self.labels.append(label)

    def add_block(
        self,
        local_rows: npt.NDArray[np.int64],
        columns: npt.NDArray[np.int64],
        values: FloatArray,
        lower: FloatArray,
        upper: FloatArray,
        labels: list[str],
    ) -> None:
        """Add several rows at once; ``local_rows`` numbers them from 0."""
        self.row.append(np.asarray(local_rows, dtype=np.int64) + len(self.lower))
        self.col.append(np.asarray(columns, dtype=np.int64))
        self.value.append(np.asarray(values, dtype=float))
        self.lower.extend(float(value) for value in lower)
        self.upper.extend(float(value) for value in upper)
        self.labels.extend(labels)

    def matrix(self) -> sparse.csr_array:
        if not self.lower:
            return sparse.csr_array((0, self.n_variables))
        return sparse.csr_array(
            (np.concatenate(self.value), (np.concatenate(self.row), np.concatenate(self.col))),
            shape=(len(self.lower), self.n_variables),
        )


def _single_row(
    columns: npt.ArrayLike, values: npt.ArrayLike, n_variables: int
) -> sparse.csr_array:
    columns = np.asarray(columns, dtype=np.int64)
    return sparse.csr_array(
        (np.asarray(values, dtype=float), (np.zeros(columns.size, dtype=np.int64), columns)),
        shape=(1, n_variables),
    )


def _pools_of_flow(
    pools: pd.DataFrame, flows: pd.DataFrame, first_column: int
) -> dict[str, list[int]]:
    """The pool variables on each flow's row: a member's flow is served once, by its pool or by
    exchanges.

    A pool sits on the rows of its own flows, and on the supplies that a service of the pool
    handles at the same company (the catalogue's ``service_for``: cardboard baling and the
    company's cardboard): a company that ships its cardboard needs no baling, so the pool and
    such an exchange exclude each other.
    """
    catalogue = resource_catalogue()
    supplies_of: dict[tuple[str, str], list[str]] = {}
    supply_rows = flows.loc[flows["direction"] == "supply", ["company_id", "resource"]]
    for flow_id, company, resource in supply_rows.itertuples():
        supplies_of.setdefault((str(company), str(resource)), []).append(str(flow_id))
    pools_of_flow: dict[str, list[int]] = {}
    resource_of = flows["resource"].astype(str).to_dict()
    company_of = flows["company_id"].astype(str).to_dict()
    for position, flow_list in enumerate(pools["flow_list"]):
        touched = set(flow_list)
        for flow_id in flow_list:
            company = company_of[flow_id]
            for resource in catalogue[resource_of[flow_id]].service_for:
                touched.update(supplies_of.get((company, resource), []))
        for flow_id in sorted(touched):
            pools_of_flow.setdefault(flow_id, []).append(first_column + position)
    return pools_of_flow


def build_model(
    zone: Zone,
    options: Options,
    require_served: Sequence[str] = (),
    allow_blending: bool = False,
    dt_min_k: float = 10.0,
) -> Model:
    """Assemble the arrays of the mixed-integer program.

    ``dt_min_k`` is the minimum temperature approach of the heat candidates' intervals [K].
    Heat flows enter the program net of their company's own recovery (on-site first,
    :func:`symbiosis.targeting.on_site.heat_after_on_site`): what a demand could take from
    its own company's heat, and a supply give to it, is not offered to other companies.

    Contaminant balance at a water demand f with a limit C on a contaminant, over the
    candidates i serving it at source concentration c_i: without blending, the reused streams
    mixed together meet the limit on their own, Σ q_i (c_i − C) <= 0; with blending, the part of
    the demand still bought as potable water (taken at concentration 0) dilutes them,
    Σ q_i c_i <= C D_f. A source whose concentration is unknown (an outside party, or a flow
    that does not state it) counts at the limit. A row is written only where some source is
    above the limit, since otherwise it always holds.

    Raises
    ------
    InputError
        If a required demand is not a demand flow of the zone.
    """
    candidates, pools = options.candidates, options.pools
    flows = with_heat_after_on_site(
        flows_table(zone), heat_after_on_site(zone, dt_min_k)
    ).set_index("id")
    n_x = len(candidates)
    has_fixed = candidates["has_fixed_cost"].to_numpy(dtype=bool)
    n_y = int(has_fixed.sum())
    n_z = len(pools)
    intervals = interval_rows(candidates, flows, dt_min_k, n_x + n_y + n_z)
    n_w = intervals.n_variables
    n_variables = n_x + n_y + n_z + n_w
    fixed_index = np.full(n_x, -1, dtype=np.int64)
    fixed_index[has_fixed] = n_x + np.arange(n_y)
    upper_bounds = np.ones(n_variables)
    rows = _Rows(n_variables)
    x_index = np.arange(n_x)
    quantity = candidates["quantity_per_yr"].to_numpy(dtype=float)

    # x_i <= y_k
    linked = x_index[has_fixed]
    rows.add_block(
        np.repeat(np.arange(linked.size), 2),
        np.column_stack([linked, fixed_index[has_fixed]]).ravel(),
        np.tile([1.0, -1.0], linked.size),
        np.full(linked.size, -np.inf),
        np.zeros(linked.size),
        [f"{opportunity_id} built" for opportunity_id in candidates["opportunity_id"][has_fixed]],
    )

    pools_of_flow = _pools_of_flow(pools, flows, n_x + n_y)

    supply_of = {
        str(flow_id): members
        for flow_id, members in candidates.groupby("supply_flow_id", dropna=True).indices.items()
    }
    demand_of = {
        str(flow_id): members
        for flow_id, members in candidates.groupby("demand_flow_id", dropna=True).indices.items()
    }
    direction_of = flows["direction"].to_dict()
    available_of = flows["quantity_per_yr"].astype(float).to_dict()
    unit_of = flows["canonical_unit"].to_dict()
    candidate_unit = candidates["unit"].to_numpy(dtype=object)
    supply_share = pd.to_numeric(candidates["supply_share"], errors="coerce").to_numpy(dtype=float)
    served_by: dict[str, tuple[npt.NDArray[np.int64], FloatArray]] = {}
    for flow_id in sorted(set(supply_of) | set(demand_of) | set(pools_of_flow)):
        direction = direction_of[flow_id]
        found = supply_of.get(flow_id) if direction == "supply" else demand_of.get(flow_id)
        members = np.asarray(found if found is not None else [], dtype=np.int64)
        available = available_of[flow_id]
        if available <= 0:
            upper_bounds[members] = 0.0
            coefficients = np.zeros(members.size)
        else:
            coefficients = quantity[members] / available
            if direction == "supply":
                other_unit = candidate_unit[members] != unit_of[flow_id]
                share = supply_share[members]
                if (other_unit & np.isnan(share)).any():
                    raise InputError(
                        f"supply {flow_id} is in {unit_of[flow_id]} but candidates using it "
                        "give quantities in another unit without a supply_share; fix the match "
                        "result"
                    )
                coefficients = np.where(other_unit, share, coefficients)
        pool_columns = np.asarray(pools_of_flow.get(flow_id, []), dtype=np.int64)
        columns = np.concatenate([members, pool_columns])
        values = np.concatenate([coefficients, np.ones(pool_columns.size)])
        if columns.size:
            rows.add(columns, values, -np.inf, 1.0, f"{direction} {flow_id}")
        if direction == "demand":
            served_by[flow_id] = (columns, values)

    family_of = flows["family"].to_dict()
    # By id, so that the constraints keep their order when the registry grows.
    for contaminant, parameter in sorted(concentration_parameters().items()):
        source_column, limit_column = parameter.supply_field, parameter.limit_field
        limit_of = pd.to_numeric(flows[limit_column], errors="coerce").to_dict()
        source_concentration = pd.to_numeric(
            candidates["supply_flow_id"].map(flows[source_column]), errors="coerce"
        ).to_numpy(dtype=float)
        for flow_id, members in sorted(demand_of.items()):
            limit = limit_of[flow_id]
            demand = available_of[flow_id]
            if family_of[flow_id] != "water" or demand <= 0 or np.isnan(limit):
                continue
            concentration = source_concentration[members]
            concentration = np.where(np.isnan(concentration), limit, concentration)
            if not (concentration > limit).any():
                continue
            scale = demand * max(limit, float(concentration.max()))
            if allow_blending:
                values = quantity[members] * concentration / scale
                upper = limit * demand / scale
            else:
                values = quantity[members] * (concentration - limit) / scale
                upper = 0.0
            rows.add(members, values, -np.inf, upper, f"{contaminant} limit at demand {flow_id}")

    if intervals.lower:
        rows.add_block(
            np.concatenate(intervals.rows),
            np.concatenate(intervals.columns),
            np.concatenate(intervals.values),
            np.asarray(intervals.lower),
            np.asarray(intervals.upper),
            intervals.labels,
        )

    requirement_rows = {}
    demand_ids = {flow_id for flow_id, direction in direction_of.items() if direction == "demand"}
    for flow_id in require_served:
        if flow_id not in demand_ids:
            raise InputError(
                f"require_served names {flow_id!r}, which is not a demand flow of zone "
                f"{zone.name!r}{suggest(flow_id, sorted(demand_ids))}"
            )
        if available_of[flow_id] <= 0:
            continue  # an empty demand is always fully served
        columns, values = served_by.get(flow_id, (np.zeros(0, dtype=np.int64), np.zeros(0)))
        requirement_rows[flow_id] = _single_row(columns, values, n_variables)

    selection = selection_table(
        zone, options, np.ones(n_x), np.ones(n_x, dtype=bool), np.ones(n_z, dtype=bool)
    )
    contributions = indicator_contributions(zone, selection)
    fixed = candidates["fixed_eur_per_yr"].to_numpy(dtype=float)[has_fixed]

    def objective(per_option: FloatArray, fixed_part: FloatArray) -> FloatArray:
        return np.concatenate([per_option[:n_x], fixed_part, per_option[n_x:], np.zeros(n_w)])

    no_fixed = np.zeros(n_y)
    net = np.concatenate(
        [
            candidates["variable_eur_per_yr"].to_numpy(dtype=float),
            pools["benefit_eur_per_yr"].to_numpy(dtype=float),
        ]
    )
    objectives = {
        "net_benefit": objective(net, -fixed),
        "freshwater": objective(
            contributions["potable_water_substituted_m3_per_yr"].to_numpy(dtype=float), no_fixed
        ),
        "co2e": objective(contributions["co2e_avoided_t_per_yr"].to_numpy(dtype=float), no_fixed),
    }
    return Model(
        n_x=n_x,
        n_y=n_y,
        n_z=n_z,
        n_w=n_w,
        fixed_index=fixed_index,
        objectives=objectives,
        matrix=rows.matrix(),
        lower=np.asarray(rows.lower, dtype=float),
        upper=np.asarray(rows.upper, dtype=float),
        row_labels=rows.labels,
        requirement_rows=requirement_rows,
        upper_bounds=upper_bounds,
    )
