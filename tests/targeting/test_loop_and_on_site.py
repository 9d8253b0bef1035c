"""Heat between companies through a loop, and each company's own recovery first (issue 13,
items 2 and 3).

Kemp (2007), Pinch Analysis and Process Integration, 2nd ed., ch. 2, four streams, split
between two companies: A = {C1 20→135 °C, 2 kW/K; H1 170→60 °C, 3 kW/K} and
B = {C2 80→140 °C, 4 kW/K; H2 150→30 °C, 1.5 kW/K}, ΔTmin 10 K (shifted temperatures: hot
streams − 5 K, cold ones + 5 K).

* A alone (H1 165→55, C1 25→140 shifted): the cascade from the top, with no hot utility, is
  0 at 165, +75 at 140 (H1 alone, 3 × 25), +160 at 55 (net 1 kW/K over 85 K), +100 at 25
  (C1 alone takes 2 × 30): no hot utility, 100 kW of cold utility. A recovers all of C1's
  2 × 115 = 230 kW on site.
* B alone (H2 145→25, C2 85→145 shifted): 145→85 needs 4 − 1.5 = 2.5 kW/K × 60 K = 150 kW,
  85→25 gives 1.5 × 60 = 90 kW: 150 kW of hot utility, pinch at 85 (C2 at 80 °C). B recovers
  240 − 150 = 90 kW on site.
* Together: 20 kW (Kemp), so 0 + 150 − 20 = 130 kW directly between them.
* Through a 130 → 90 °C loop: in A, the loop is heated over 95→135 shifted; A's cascade there
  is 120 − q at 95 and 100 − q at 25, so A gives at most 100 kW. In B the loop is cooled over
  125→85, all of it above B's pinch: B's cascade is 150 − r at 145, 100 − r at 125, 0 at 85;
  it takes up to 100 kW. The loop carries 100 kW.
* Through a 110 → 70 °C loop: in B the loop would be cooled over 105→65 shifted, half of it
  below B's pinch at 85: B's cascade at 85 is (150 − r) − 150 + r × 20/40 = −r/2, so r = 0.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symbiosis.errors import InputError
from symbiosis.io import load_example
from symbiosis.targeting import (
    heat_recovery_potential,
    loop_heat_recovery,
    zone_heat_recovery_potential,
)


@pytest.fixture
def kemp_two_companies() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["C1", "H1", "C2", "H2"],
            "company_id": ["A", "A", "B", "B"],
            "supply_temperature_c": [20.0, 170.0, 80.0, 150.0],
            "target_temperature_c": [135.0, 60.0, 140.0, 30.0],
            "cp_kw_per_k": [2.0, 3.0, 4.0, 1.5],
        }
    )


def test_kemp_split_recovers_130_kw_directly(kemp_two_companies):
    potential = heat_recovery_potential(kemp_two_companies, dt_min_k=10.0)
    assert potential.potential_kw == pytest.approx(130.0)
    assert potential.joint_hot_utility_kw == pytest.approx(20.0)


def test_kemp_split_recovers_nothing_through_a_110_70_loop(kemp_two_companies):
    loop = loop_heat_recovery(kemp_two_companies, 10.0, 110.0, 70.0)
    assert loop.recovery_kw == pytest.approx(0.0, abs=1e-9)
    assert (loop.supply_temperature_c, loop.return_temperature_c) == (110.0, 70.0)


def test_kemp_split_recovers_100_kw_through_a_130_90_loop(kemp_two_companies):
    loop = loop_heat_recovery(kemp_two_companies, 10.0, 130.0, 90.0)
    assert loop.recovery_kw == pytest.approx(100.0)
    per_company = loop.per_company.set_index("company_id")
    assert per_company.loc["A", "to_loop_kw"] == pytest.approx(100.0)
    assert per_company.loc["B", "from_loop_kw"] == pytest.approx(100.0)
    assert per_company.loc["A", "from_loop_kw"] == 0.0
    assert per_company.loc["B", "stand_alone_hot_utility_kw"] == pytest.approx(150.0)


def test_a_loop_never_beats_direct_integration(kemp_two_companies):
    direct = heat_recovery_potential(kemp_two_companies, dt_min_k=10.0).potential_kw
    for supply_c in range(60, 200, 10):
        loop = loop_heat_recovery(kemp_two_companies, 10.0, float(supply_c), supply_c - 40.0)
        assert loop.recovery_kw <= direct + 1e-9


def test_a_loop_with_supply_below_return_is_refused(kemp_two_companies):
    with pytest.raises(InputError, match=r"supply temperature \(70.0 °C\) must be above"):
        loop_heat_recovery(kemp_two_companies, 10.0, 70.0, 110.0)


def test_each_company_recovers_its_own_heat_first(kemp_two_companies):
    """A: C1's 230 kW, all from H1; B: C2's 240 kW less its 150 kW of hot utility."""
    potential = heat_recovery_potential(kemp_two_companies, dt_min_k=10.0)
    on_site = potential.per_company.set_index("company_id")["on_site_recovery_kw"]
    assert on_site.to_dict() == pytest.approx({"A": 230.0, "B": 90.0})
    assert potential.on_site_recovery_kw == pytest.approx(320.0)


def test_on_site_recovery_of_a_two_stream_company():
    """A condenser 35→25 °C at 15 kW/K (150 kW) and cleaning water 15→60 °C at 2 kW/K
    (90 kW), ΔTmin 10 K: the condenser heats the water up to 35 − 10 = 25 °C, 2 × (25 − 15) =
    20 kW on site; the other 70 kW are hot utility."""
    streams = pd.DataFrame(
        {
            "id": ["condenser", "cleaning"],
            "company_id": ["P", "P"],
            "supply_temperature_c": [35.0, 15.0],
            "target_temperature_c": [25.0, 60.0],
            "cp_kw_per_k": [15.0, 2.0],
        }
    )
    potential = heat_recovery_potential(streams, dt_min_k=10.0)
    company = potential.per_company.set_index("company_id").loc["P"]
    assert company["on_site_recovery_kw"] == pytest.approx(20.0)
    assert company["stand_alone_hot_utility_kw"] == pytest.approx(70.0)
    assert potential.potential_kw == 0.0


def test_the_zone_states_the_loop_it_assumed():
    """Toy zone: T3's condenser (35→25 °C) could preheat T2's cleaning water directly
    (22.22 kW), but cannot heat the package's 30 → 60 °C loop (it would have to reach
    60 + 10 = 70 °C): nothing through the loop. A 40 → 20 °C loop is no better: the condenser
    heats it only up to 25 °C."""
    zone = load_example("toy")
    potential = zone_heat_recovery_potential(zone, dt_min_k=10)
    assert potential.potential_kw == pytest.approx(22.222, abs=1e-3)
    assert (potential.loop_supply_temperature_c, potential.loop_return_temperature_c) == (
        60.0,
        30.0,
    )
    assert potential.loop_recovery_kw == 0.0
    assert list(potential.per_company.columns[-2:]) == ["to_loop_kw", "from_loop_kw"]
    other = zone_heat_recovery_potential(
        zone, dt_min_k=10, loop_supply_temperature_c=40.0, loop_return_temperature_c=20.0
    )
    assert other.loop_recovery_kw == 0.0
    assert other.loop_supply_temperature_c == 40.0


_streams_strategy = st.lists(
    st.tuples(
        st.sampled_from(["A", "B", "C"]),
        st.integers(min_value=10, max_value=200),
        st.integers(min_value=10, max_value=200),
        st.integers(min_value=1, max_value=20),
    ).filter(lambda row: row[1] != row[2]),
    min_size=2,
    max_size=8,
)


def _table(rows):
    return pd.DataFrame(
        {
            "id": [f"S{i}" for i in range(len(rows))],
            "company_id": [row[0] for row in rows],
            "supply_temperature_c": [float(row[1]) for row in rows],
            "target_temperature_c": [float(row[2]) for row in rows],
            "cp_kw_per_k": [float(row[3]) for row in rows],
        }
    )


@settings(max_examples=60, deadline=None)
@given(rows=_streams_strategy, supply_c=st.integers(40, 180), span_k=st.integers(5, 60))
def test_a_loop_recovers_between_nothing_and_the_direct_potential(rows, supply_c, span_k):
    streams = _table(rows)
    direct = heat_recovery_potential(streams, 10.0, pairs=False).potential_kw
    loop = loop_heat_recovery(streams, 10.0, float(supply_c), float(supply_c - span_k))
    assert -1e-6 <= loop.recovery_kw <= direct + 1e-6
    per_company = loop.per_company
    # The loop is closed, and nobody takes more than its own hot utility.
    assert per_company["to_loop_kw"].sum() == pytest.approx(loop.recovery_kw, abs=1e-6)
    assert (per_company["from_loop_kw"] <= per_company["stand_alone_hot_utility_kw"] + 1e-6).all()
