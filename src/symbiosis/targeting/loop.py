"""Heat recovered between companies through a loop: what a project can reach.

Direct integration (:func:`symbiosis.targeting.heat_recovery_potential`) lets any hot stream of
one company heat any cold stream of another. Between companies heat is not moved like that: it
travels through an intermediate loop of hot or pressurised water, heated at the companies that
give heat from the loop's return temperature to its supply temperature and cooled back at the
companies that take heat. The loop recovers less, often much less; the direct figure stays the
upper bound.

Method: total-site targeting with the loop as an intermediate utility (Dhole & Linnhoff,
"Total site targets for fuel, co-generation, emissions, and cooling", Computers & Chemical
Engineering 17 (suppl.), 1993, S101–S109; Klemeš, Dhole, Raissi, Perry & Puigjaner, "Targeting
and design methodology for reduction of fuel, power and CO2 on total sites", Applied Thermal
Engineering 17, 1997, 993–1003). Each company keeps its own heat recovery first; the heat it
gives the loop must be heat it would otherwise reject to cold utility (its site source profile),
and the heat it takes from the loop must replace its own hot utility (its site sink profile).
The loop is a stream like the others at each company, with the same ΔTmin between it and the
company's streams (shifted by ΔTmin/2 down where it gives heat, up where it takes heat), and it
must be cooled all the way to its return temperature by the receivers' demand: a receiver
cannot dump loop heat into its own cooling to bring the water back.

This is a linear program. For company c with q_c [kW] given to the loop and r_c [kW] taken from
it, its cascade with hot utility HU_c − r_c must stay non-negative at every shifted temperature
T_k of its problem table and of the loop's ends:

    HU_c − r_c + S_ck + r_c f_hot(T_k) − q_c f_cold(T_k) >= 0,

where S_ck is the heat cascaded down to T_k by its own streams with no utility and f the share
of the loop's span that lies above T_k where the loop gives heat (hot) or takes it (cold). The
loop is closed, Σ q_c = Σ r_c, and the program maximises Σ r_c, the hot utility saved.

Units: temperatures in °C (differences in K), heat flows in kW, CP in kW/K.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from symbiosis.errors import InputError
from symbiosis.targeting.heat import FloatArray, _cascade, _checked_streams, _stream_arrays

__all__ = ["LoopRecovery", "loop_heat_recovery"]

# Heat flows below this share of the largest stand-alone hot utility are zero. [1]
_RTOL = 1e-9


@dataclass(frozen=True, eq=False)
class LoopRecovery:
    """Heat the companies of a zone could recover from one another through a loop.

    Attributes
    ----------
    recovery_kw : float
        Hot utility the loop saves in the zone (the heat it carries). [kW]
    supply_temperature_c, return_temperature_c : float
        Temperatures the loop leaves the givers at and comes back to them at. [°C]
    dt_min_k : float
        Minimum approach temperature between the loop and the companies' streams. [K]
    per_company : pandas.DataFrame
        ``company_id``, ``stand_alone_hot_utility_kw``, ``to_loop_kw`` (heat the company gives
        the loop) and ``from_loop_kw`` (heat it takes, the hot utility it saves) [kW], sorted
        by company. How the loop's heat is shared between givers (or between receivers) is one
        optimum among possibly several; the total is unique.
    """

    recovery_kw: float
    supply_temperature_c: float
    return_temperature_c: float
    dt_min_k: float
    per_company: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)


def loop_heat_recovery(
    streams: pd.DataFrame,
    dt_min_k: float,
    supply_temperature_c: float,
    return_temperature_c: float,
) -> LoopRecovery:
    """Heat the companies of a zone could recover from one another through one loop.

    Parameters
    ----------
    streams : pandas.DataFrame
        The columns of :func:`symbiosis.targeting.heat_target` plus ``company_id``.
    dt_min_k : float
        Minimum approach temperature within companies and between a company and the loop. [K]
    supply_temperature_c, return_temperature_c : float
        The loop's hot and cold ends: heated from return to supply at the companies that give
        heat, cooled from supply to return at those that take it; supply > return. [°C]

    Returns
    -------
    LoopRecovery
        The heat the loop carries, and what each company gives it or takes from it.

    Raises
    ------
    InputError
        For the reasons of :func:`symbiosis.targeting.heat_target`, if ``company_id`` is
        missing, or if the loop's temperatures are not finite with supply above return.

    Examples
    --------
    Kemp (2007)'s four streams, company A = {C1, H1}, B = {C2, H2}, ΔTmin 10 K: 130 kW
    directly, none through a 110 → 70 °C hot-water loop (B needs heat above 80 °C, while the
    loop would have to be cooled to 70 °C in B), 100 kW through a 130 → 90 °C loop:

    >>> import pandas as pd
    >>> streams = pd.DataFrame({"id": ["C1", "H1", "C2", "H2"],
    ...                         "company_id": ["A", "A", "B", "B"],
    ...                         "supply_temperature_c": [20.0, 170.0, 80.0, 150.0],
    ...                         "target_temperature_c": [135.0, 60.0, 140.0, 30.0],
    ...                         "cp_kw_per_k": [2.0, 3.0, 4.0, 1.5]})
    >>> loop_heat_recovery(streams, 10.0, 110.0, 70.0).recovery_kw
    0.0
    >>> round(loop_heat_recovery(streams, 10.0, 130.0, 90.0).recovery_kw, 6)
    100.0
    """
    checked = _checked_streams(streams, dt_min_k, company_column="company_id")
    dt = float(dt_min_k)
    supply_c, return_c = float(supply_temperature_c), float(return_temperature_c)
    if not (np.isfinite(supply_c) and np.isfinite(return_c) and supply_c > return_c):
        raise InputError(
            f"the loop's supply temperature ({supply_temperature_c!r} °C) must be above its "
            f"return temperature ({return_temperature_c!r} °C); give two finite temperatures"
        )
    company_ids = sorted(checked["company_id"].unique())
    rows = []
    bounds = []
    stand_alone = []
    n = len(company_ids)
    for c, company_id in enumerate(company_ids):
        supply, target, cp = _stream_arrays(checked[checked["company_id"] == company_id])
        temperatures, cascaded, hot_utility = _cascade_at_loop_ends(
            supply, target, cp, dt, supply_c, return_c
        )
        stand_alone.append(hot_utility)
        span = supply_c - return_c
        # Share of the loop's span above each shifted temperature where the loop is cooled
        # (it gives heat: shifted down) and where it is heated (it takes heat: shifted up).
        cooled = np.clip((supply_c - dt / 2 - temperatures) / span, 0.0, 1.0)
        heated = np.clip((supply_c + dt / 2 - temperatures) / span, 0.0, 1.0)
        for k in range(temperatures.size):
            row = np.zeros(2 * n)
            row[c] = heated[k]  # q_c, heat the company gives the loop
            row[n + c] = 1.0 - cooled[k]  # r_c, heat it takes from the loop
            rows.append(row)
            bounds.append(hot_utility + cascaded[k])
    largest = max([1.0, *stand_alone])
    closed = np.concatenate([np.ones(n), -np.ones(n)])[None, :]
    solution = linprog(
        c=np.concatenate([np.zeros(n), -np.ones(n)]),
        A_ub=np.array(rows),
        b_ub=np.maximum(np.array(bounds), 0.0),
        A_eq=closed,
        b_eq=[0.0],
        bounds=[(0.0, None)] * (2 * n),
        method="highs",
    )
    if solution.status != 0:  # pragma: no cover - the program is feasible (zero) and bounded
        raise RuntimeError(f"the loop's linear program failed: {solution.message}")
    given = np.where(solution.x[:n] > _RTOL * largest, solution.x[:n], 0.0)
    taken = np.where(solution.x[n:] > _RTOL * largest, solution.x[n:], 0.0)
    per_company = pd.DataFrame(
        {
            "company_id": company_ids,
            "stand_alone_hot_utility_kw": stand_alone,
            "to_loop_kw": given,
            "from_loop_kw": taken,
        }
    )
    return LoopRecovery(
        recovery_kw=float(taken.sum()),
        supply_temperature_c=supply_c,
        return_temperature_c=return_c,
        dt_min_k=dt,
        per_company=per_company,
    )


def _cascade_at_loop_ends(
    supply: FloatArray,
    target: FloatArray,
    cp: FloatArray,
    dt_min_k: float,
    loop_supply_c: float,
    loop_return_c: float,
) -> tuple[FloatArray, FloatArray, float]:
    """A company's shifted temperatures (its own and the loop's ends), the heat its streams
    cascade down to each with no utility [kW], and its minimum hot utility [kW]."""
    own = _cascade(supply, target, cp, dt_min_k)
    half = dt_min_k / 2
    ends = [loop_supply_c - half, loop_return_c - half, loop_supply_c + half, loop_return_c + half]
    temperatures = np.unique(np.concatenate([own.boundaries_c, ends]))[::-1]
    # The cascade is linear between the company's own boundaries, and flat above and below.
    heat_flow = np.concatenate([[0.0], own.cascade_kw])
    cascaded = np.interp(temperatures, own.boundaries_c[::-1], heat_flow[::-1])
    return temperatures, cascaded, own.hot_utility_kw
