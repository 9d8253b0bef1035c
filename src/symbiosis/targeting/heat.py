"""Heat targeting: minimum hot and cold utility by the problem table algorithm.

The problem table algorithm (Linnhoff & Flower 1978; Kemp 2007, ch. 2) shifts hot streams down
and cold streams up by half the minimum approach temperature ΔTmin, so that any hot stream can
heat any cold stream in the same shifted interval. Each interval then has a heat surplus or
deficit; cascading the surpluses from the hottest interval down gives the least heat that must
be put in at the top (hot utility) and the heat left at the bottom (cold utility). Where the
cascaded heat flow is zero, the problem is pinched.

For a zone, the hot utility each company needs alone minus the hot utility of all companies
together is the heat the companies could recover from one another
(:func:`heat_recovery_potential`).

Units: temperatures in °C (differences in K), heat capacity flow rates CP in kW/K, heat flows in
kW. Glossary: a *hot* stream is cooled (supply above target), a *cold* stream is heated; the
*shifted* temperature is the real one minus ΔTmin/2 for hot streams and plus ΔTmin/2 for cold
ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import numpy.typing as npt
import pandas as pd

from symbiosis.errors import InputError
from symbiosis.targeting.input_tables import checked_numeric_table

__all__ = [
    "STREAM_COLUMNS",
    "HeatRecoveryPotential",
    "HeatTarget",
    "heat_recovery_potential",
    "heat_target",
]

#: Columns of a streams table (``heat_recovery_potential`` adds ``company_id``).
STREAM_COLUMNS = ("id", "supply_temperature_c", "target_temperature_c", "cp_kw_per_k")

# Names of symbiosis 0.1.0, refused with the new name.
_RENAMED_COLUMNS = {
    "supply_temp_c": "supply_temperature_c",
    "target_temp_c": "target_temperature_c",
}

FloatArray = npt.NDArray[np.float64]

# Relative tolerance on heat flows when looking for a zero of the cascade (a pinch).
_RTOL = 1e-9


@dataclass(frozen=True, eq=False)
class HeatTarget:
    """Minimum utilities, pinch and curves of a set of heat streams.

    Attributes
    ----------
    hot_utility_kw : float
        Minimum hot utility. [kW]
    cold_utility_kw : float
        Minimum cold utility. [kW]
    pinch_hot_c, pinch_cold_c : float or None
        Pinch temperature on the hot and the cold side (the hottest pinch if there are several);
        None for a threshold problem without a pinch. [°C]
    pinch_shifted_temperatures_c : list of float
        Every shifted temperature where the cascade is pinched, descending. [°C]
    dt_min_k : float
        Minimum approach temperature used. [K]
    problem_table : pandas.DataFrame
        One row per shifted temperature interval, hottest first:
        ``upper_shifted_temperature_c``, ``lower_shifted_temperature_c`` [°C],
        ``net_cp_kw_per_k`` (sum of cold CP minus sum of hot CP in the interval) [kW/K],
        ``deficit_kw`` [kW], and the heat flowing out of the bottom of the interval,
        ``cascade_kw`` with no hot utility and ``cascade_with_hot_utility_kw`` with the minimum
        hot utility put in at the top [kW]. (Up to symbiosis 0.1.0 the first two were
        ``upper_shifted_temp_c`` and ``lower_shifted_temp_c``.)
    composite_curves : pandas.DataFrame
        Long format: ``curve`` (``"cold"`` or ``"hot"``), ``enthalpy_kw`` [kW] and
        ``temperature_c`` [°C, real]; the hot curve starts at 0 kW, the cold curve at the cold
        utility, so the curves sit as in textbooks; sorted by curve and temperature.
    grand_composite_curve : pandas.DataFrame
        ``shifted_temperature_c`` [°C], descending, and ``net_heat_flow_kw`` [kW], the heat
        cascaded past each shifted temperature with the minimum hot utility.
    left_out : pandas.DataFrame
        For a zone's target, the heat and cold flows it leaves out and why
        (:func:`symbiosis.targeting.zone_heat_left_out`); empty otherwise.
    refrigeration : pandas.DataFrame
        For a zone's target, its refrigeration loads, which are not cold utility, with the
        electricity they draw and the heat their condensers reject
        (:func:`symbiosis.targeting.zone_refrigeration`); empty otherwise.
    """

    hot_utility_kw: float
    cold_utility_kw: float
    pinch_hot_c: float | None
    pinch_cold_c: float | None
    pinch_shifted_temperatures_c: list[float] = field(default_factory=list)
    dt_min_k: float = 0.0
    problem_table: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    composite_curves: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    grand_composite_curve: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    left_out: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    refrigeration: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)


@dataclass(frozen=True, eq=False)
class HeatRecoveryPotential:
    """Heat the companies of a zone could recover from one another.

    Attributes
    ----------
    potential_kw : float
        Sum of the stand-alone hot utilities minus the hot utility of the zone as a whole. [kW]
    stand_alone_hot_utility_kw : float
        Sum over companies of the hot utility each needs alone. [kW]
    joint_hot_utility_kw, joint_cold_utility_kw : float
        Minimum hot and cold utility of all the streams of the zone together. [kW]
    on_site_recovery_kw : float
        Heat the companies recover each within its own walls, before any pipe to a neighbour:
        the sum of the companies' cold-stream heat minus their stand-alone hot utilities. [kW]
    per_company : pandas.DataFrame
        ``company_id``, ``stand_alone_hot_utility_kw``, ``stand_alone_cold_utility_kw`` and
        ``on_site_recovery_kw`` (its cold streams' heat minus its stand-alone hot utility: what
        its own pinch recovers, an opportunity of its own) [kW], sorted by company; for a zone
        also ``to_loop_kw`` and ``from_loop_kw`` (:class:`~symbiosis.targeting.LoopRecovery`).
    per_pair : pandas.DataFrame
        Pairs of companies that gain from recovering heat between them: ``company_a_id``,
        ``company_b_id``, ``joint_hot_utility_kw`` (the two together) and ``potential_kw`` (their
        two stand-alone hot utilities minus the joint one) [kW]; sorted by potential descending,
        then ids. Empty when pairs were not asked for.
    left_out : pandas.DataFrame
        For a zone, the heat and cold flows left out and why; empty otherwise.
    loop_recovery_kw : float or None
        For a zone, the heat the companies could recover from one another through a loop at
        ``loop_supply_temperature_c`` → ``loop_return_temperature_c`` [°C]
        (:func:`~symbiosis.targeting.loop_heat_recovery`): what a project can reach, where
        ``potential_kw`` (direct integration) is the upper bound. None otherwise. [kW]
    loop_supply_temperature_c, loop_return_temperature_c : float or None
        The loop's temperatures assumed (a zone's parameters ``heat_loop_supply_temperature_c``
        and ``heat_loop_return_temperature_c``). [°C]
    """

    potential_kw: float
    stand_alone_hot_utility_kw: float
    joint_hot_utility_kw: float
    joint_cold_utility_kw: float
    on_site_recovery_kw: float = 0.0
    per_company: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    per_pair: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    left_out: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    loop_recovery_kw: float | None = None
    loop_supply_temperature_c: float | None = None
    loop_return_temperature_c: float | None = None


@dataclass(frozen=True)
class _Cascade:
    """Problem table of a set of streams, as arrays."""

    boundaries_c: FloatArray  # shifted temperatures, descending
    net_cp_kw_per_k: FloatArray  # per interval, cold minus hot
    deficit_kw: FloatArray
    cascade_kw: FloatArray  # heat leaving each interval's bottom, no hot utility
    hot_utility_kw: float
    cold_utility_kw: float


def heat_target(streams: pd.DataFrame, dt_min_k: float) -> HeatTarget:
    """Minimum hot and cold utility, pinch and curves by the problem table algorithm.

    Parameters
    ----------
    streams : pandas.DataFrame
        One row per stream: ``id``, ``supply_temperature_c`` and ``target_temperature_c``
        [°C], and ``cp_kw_per_k``, the heat capacity flow rate [kW/K], positive. A stream is hot
        when its supply temperature is above its target temperature.
    dt_min_k : float
        Minimum approach temperature between hot and cold streams, >= 0. [K]

    Returns
    -------
    HeatTarget
        Utilities, pinch and the problem table, composite and grand composite curves.

    Raises
    ------
    InputError
        If a column is missing, the table is empty, a value is missing, an id is repeated, a CP
        is not positive, a supply temperature equals its target, or ``dt_min_k`` is negative.

    Notes
    -----
    A threshold problem needs only one utility; it has no pinch unless its cascade touches zero
    between two intervals, in which case that pinch is reported.

    Up to symbiosis 0.1.0 the temperature columns were ``supply_temp_c`` and ``target_temp_c``;
    they now have the names of the flows' fields (``temperature_c``). A table with the old
    names is refused with a message that gives the new ones.

    Examples
    --------
    Kemp (2007), four-stream example, ΔTmin = 10 K:

    >>> import pandas as pd
    >>> streams = pd.DataFrame({"id": ["C1", "H1", "C2", "H2"],
    ...                         "supply_temperature_c": [20.0, 170.0, 80.0, 150.0],
    ...                         "target_temperature_c": [135.0, 60.0, 140.0, 30.0],
    ...                         "cp_kw_per_k": [2.0, 3.0, 4.0, 1.5]})
    >>> target = heat_target(streams, dt_min_k=10.0)
    >>> target.hot_utility_kw, target.cold_utility_kw
    (20.0, 60.0)
    >>> target.pinch_hot_c, target.pinch_cold_c
    (90.0, 80.0)
    >>> target.grand_composite_curve["net_heat_flow_kw"].tolist()
    [20.0, 80.0, 82.5, 0.0, 75.0, 60.0]
    """
    checked = _checked_streams(streams, dt_min_k, company_column=None)
    supply, target, cp = _stream_arrays(checked)
    dt = float(dt_min_k)
    cascade = _cascade(supply, target, cp, dt)

    heat_flow = cascade.hot_utility_kw + np.concatenate([[0.0], cascade.cascade_kw])
    tolerance = _RTOL * max(1.0, float(np.abs(cascade.deficit_kw).sum()))
    inner = np.zeros(heat_flow.size, dtype=bool)
    inner[1:-1] = np.abs(heat_flow[1:-1]) <= tolerance
    pinches = [float(t) for t in cascade.boundaries_c[inner]]

    problem_table = pd.DataFrame(
        {
            "upper_shifted_temperature_c": cascade.boundaries_c[:-1],
            "lower_shifted_temperature_c": cascade.boundaries_c[1:],
            "net_cp_kw_per_k": cascade.net_cp_kw_per_k,
            "deficit_kw": cascade.deficit_kw,
            "cascade_kw": cascade.cascade_kw,
            "cascade_with_hot_utility_kw": heat_flow[1:],
        }
    )
    grand_composite_curve = pd.DataFrame(
        {"shifted_temperature_c": cascade.boundaries_c, "net_heat_flow_kw": heat_flow}
    )
    return HeatTarget(
        hot_utility_kw=cascade.hot_utility_kw,
        cold_utility_kw=cascade.cold_utility_kw,
        pinch_hot_c=pinches[0] + dt / 2 if pinches else None,
        pinch_cold_c=pinches[0] - dt / 2 if pinches else None,
        pinch_shifted_temperatures_c=pinches,
        dt_min_k=dt,
        problem_table=problem_table,
        composite_curves=_composite_curves(supply, target, cp, cascade.cold_utility_kw),
        grand_composite_curve=grand_composite_curve,
    )


def heat_recovery_potential(
    streams: pd.DataFrame, dt_min_k: float, pairs: bool = True
) -> HeatRecoveryPotential:
    """Heat the companies of a zone could recover from one another.

    Each company alone needs the hot utility of its own streams (all of its demand when it has
    only cold streams, nothing when it has only hot ones). The zone as a whole needs the hot
    utility of all the streams together. The difference is the inter-company recovery
    potential: an upper bound, before any distance or pipe cost.

    Parameters
    ----------
    streams : pandas.DataFrame
        The columns of :func:`heat_target` plus ``company_id``, the company each stream
        belongs to.
    dt_min_k : float
        Minimum approach temperature, within and between companies, >= 0. [K]
    pairs : bool, default True
        Also compute the potential of every pair of companies (one problem table per pair).

    Returns
    -------
    HeatRecoveryPotential
        Zone potential, stand-alone utilities per company and, if asked, per pair.

    Raises
    ------
    InputError
        For the reasons of :func:`heat_target`, or if ``company_id`` is missing or empty.

    Examples
    --------
    Company A has a hot stream, company B a cold one:

    >>> import pandas as pd
    >>> streams = pd.DataFrame({"id": ["A-hot", "B-cold"], "company_id": ["A", "B"],
    ...                         "supply_temperature_c": [90.0, 20.0],
    ...                         "target_temperature_c": [40.0, 60.0],
    ...                         "cp_kw_per_k": [2.0, 2.0]})
    >>> potential = heat_recovery_potential(streams, dt_min_k=10.0)
    >>> potential.potential_kw, potential.joint_hot_utility_kw
    (80.0, 0.0)
    >>> potential.per_company["stand_alone_hot_utility_kw"].tolist()
    [0.0, 80.0]

    Each company's own recovery comes first (``on_site_recovery_kw``); here neither company
    can recover anything alone:

    >>> potential.per_company["on_site_recovery_kw"].tolist()
    [0.0, 0.0]
    """
    checked = _checked_streams(streams, dt_min_k, company_column="company_id")
    dt = float(dt_min_k)
    company_ids = sorted(checked["company_id"].unique())
    arrays = {
        company_id: _stream_arrays(checked[checked["company_id"] == company_id])
        for company_id in company_ids
    }
    alone = {company_id: _cascade(*arrays[company_id], dt) for company_id in company_ids}
    joint = _cascade(*_stream_arrays(checked), dt)
    per_company = pd.DataFrame(
        {
            "company_id": company_ids,
            "stand_alone_hot_utility_kw": [alone[c].hot_utility_kw for c in company_ids],
            "stand_alone_cold_utility_kw": [alone[c].cold_utility_kw for c in company_ids],
            "on_site_recovery_kw": [
                max(0.0, _cold_heat_kw(*arrays[c]) - alone[c].hot_utility_kw) for c in company_ids
            ],
        }
    )
    stand_alone_hot = float(per_company["stand_alone_hot_utility_kw"].sum())
    tolerance = _RTOL * max(1.0, stand_alone_hot)

    pair_rows = []
    for company_a, company_b in combinations(company_ids if pairs else [], 2):
        supply, target, cp = (
            np.concatenate(both) for both in zip(arrays[company_a], arrays[company_b], strict=True)
        )
        joint_pair = _cascade(supply, target, cp, dt).hot_utility_kw
        pair_potential = alone[company_a].hot_utility_kw + alone[company_b].hot_utility_kw
        pair_potential -= joint_pair
        if pair_potential > tolerance:
            pair_rows.append((company_a, company_b, joint_pair, pair_potential))
    per_pair = pd.DataFrame(
        pair_rows,
        columns=["company_a_id", "company_b_id", "joint_hot_utility_kw", "potential_kw"],
    ).sort_values(
        ["potential_kw", "company_a_id", "company_b_id"],
        ascending=[False, True, True],
        ignore_index=True,
    )
    return HeatRecoveryPotential(
        potential_kw=stand_alone_hot - joint.hot_utility_kw,
        stand_alone_hot_utility_kw=stand_alone_hot,
        joint_hot_utility_kw=joint.hot_utility_kw,
        joint_cold_utility_kw=joint.cold_utility_kw,
        on_site_recovery_kw=float(per_company["on_site_recovery_kw"].sum()),
        per_company=per_company,
        per_pair=per_pair,
    )


def _checked_streams(
    streams: pd.DataFrame, dt_min_k: float, company_column: str | None
) -> pd.DataFrame:
    """Return a copy of ``streams`` with float temperatures and CP, or raise every problem."""
    dt = float(dt_min_k)
    if not np.isfinite(dt) or dt < 0:
        raise InputError(f"dt_min_k is {dt_min_k!r}; give a finite approach temperature >= 0 [K]")
    renamed = [
        f"{old!r} is now {new!r}"
        for old, new in _RENAMED_COLUMNS.items()
        if old in streams.columns and new not in streams.columns
    ]
    if renamed:
        raise InputError(
            f"streams has columns of symbiosis 0.1.0: {'; '.join(renamed)}; rename them"
        )
    checked, problems = checked_numeric_table(
        streams,
        "streams",
        "stream",
        STREAM_COLUMNS[1:],
        text_columns=[company_column] if company_column else [],
    )
    if len(checked) == 0:
        raise InputError("streams is empty; give at least one hot or cold stream")
    for bad_id, cp in checked.loc[checked["cp_kw_per_k"] <= 0, ["id", "cp_kw_per_k"]].itertuples(
        index=False
    ):
        problems.append(
            f"stream {bad_id!r}: cp_kw_per_k is {cp:g}; it must be > 0 [kW/K], correct it or "
            "drop the stream"
        )
    for bad_id, temp in checked.loc[
        checked["supply_temperature_c"] == checked["target_temperature_c"],
        ["id", "supply_temperature_c"],
    ].itertuples(index=False):
        problems.append(
            f"stream {bad_id!r}: supply_temperature_c equals target_temperature_c ({temp:g} °C), "
            "so it exchanges no sensible heat; correct a temperature or drop the stream"
        )
    if company_column is not None:
        for bad_id in checked.loc[checked[company_column].isna(), "id"]:
            problems.append(f"stream {bad_id!r}: {company_column} is missing; fill it in")
        checked[company_column] = checked[company_column].astype(str)
    if problems:
        raise InputError("\n".join(problems))
    return checked


def _stream_arrays(streams: pd.DataFrame) -> tuple[FloatArray, FloatArray, FloatArray]:
    return (
        streams["supply_temperature_c"].to_numpy(dtype=float),
        streams["target_temperature_c"].to_numpy(dtype=float),
        streams["cp_kw_per_k"].to_numpy(dtype=float),
    )


def _cold_heat_kw(supply: FloatArray, target: FloatArray, cp: FloatArray) -> float:
    """Heat the cold streams take in all. [kW]"""
    cold = supply < target
    return float(((target - supply) * cp)[cold].sum())


def _cascade(supply: FloatArray, target: FloatArray, cp: FloatArray, dt_min_k: float) -> _Cascade:
    """Problem table algorithm on arrays of supply and target temperatures and CPs."""
    hot = supply > target
    shift = np.where(hot, -dt_min_k / 2, dt_min_k / 2)
    upper_c = np.maximum(supply, target) + shift
    lower_c = np.minimum(supply, target) + shift
    boundaries = np.unique(np.concatenate([upper_c, lower_c]))[::-1]
    in_interval = (upper_c[:, None] >= boundaries[None, :-1]) & (
        lower_c[:, None] <= boundaries[None, 1:]
    )
    net_cp = np.where(hot, -cp, cp) @ in_interval
    deficit = net_cp * -np.diff(boundaries)
    cascade = -np.cumsum(deficit)
    hot_utility = max(0.0, -float(cascade.min()))
    return _Cascade(
        boundaries_c=boundaries,
        net_cp_kw_per_k=net_cp,
        deficit_kw=deficit,
        cascade_kw=cascade,
        hot_utility_kw=hot_utility,
        cold_utility_kw=max(0.0, hot_utility + float(cascade[-1])),
    )


def _composite_curves(
    supply: FloatArray, target: FloatArray, cp: FloatArray, cold_utility_kw: float
) -> pd.DataFrame:
    """Hot and cold composite curves in real temperatures, cold curve offset by cold utility."""
    hot = supply > target
    upper_c = np.maximum(supply, target)
    lower_c = np.minimum(supply, target)
    curves = []  # streams is never empty, so at least one curve
    for name, members, offset_kw in (("cold", ~hot, cold_utility_kw), ("hot", hot, 0.0)):
        if not members.any():
            continue
        temperature = np.unique(np.concatenate([upper_c[members], lower_c[members]]))
        span = upper_c[members] - lower_c[members]
        heated = np.clip(temperature[:, None] - lower_c[members], 0.0, span)
        curves.append(
            pd.DataFrame(
                {
                    "curve": name,
                    "enthalpy_kw": offset_kw + heated @ cp[members],
                    "temperature_c": temperature,
                }
            )
        )
    return pd.concat(curves, ignore_index=True)
