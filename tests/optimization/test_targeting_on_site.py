"""What each heat flow leaves for other companies after its company's own recovery
(symbiosis.targeting.on_site), against the company's pinch: on random companies, the demands
still need exactly the company's stand-alone hot utility, and the supplies still give exactly
its stand-alone cold utility (heat in MWh/yr, CP = MWh/yr over the range)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symbiosis.targeting.heat import heat_target
from symbiosis.targeting.on_site import heat_after_on_site

stream = st.tuples(
    st.integers(min_value=10, max_value=150),  # one end [°C]
    st.integers(min_value=2, max_value=60),  # the range [K]
    st.integers(min_value=10, max_value=500),  # annual heat [MWh/yr]
)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    supplies=st.lists(stream, min_size=1, max_size=3),
    demands=st.lists(stream, min_size=1, max_size=3),
)
def test_what_is_left_is_the_company_s_own_utilities(builders, supplies, demands):
    flows = [
        dict(id=f"S{i}", company_id="P", direction="supply", resource="heat.low_grade",
             quantity=q, unit="MWh/yr", supply_temperature_c=top + rng,
             target_temperature_c=top)
        for i, (top, rng, q) in enumerate(supplies)
    ] + [
        dict(id=f"D{j}", company_id="P", direction="demand", resource="heat.hot_water",
             quantity=q, unit="MWh/yr", supply_temperature_c=low,
             target_temperature_c=low + rng)
        for j, (low, rng, q) in enumerate(demands)
    ]  # fmt: skip
    zone = builders.zone([("P", "Plant")], flows)
    after = heat_after_on_site(zone, 10.0).set_index("id")
    streams = pd.DataFrame(
        {
            "id": [flow["id"] for flow in flows],
            "supply_temperature_c": [float(flow["supply_temperature_c"]) for flow in flows],
            "target_temperature_c": [float(flow["target_temperature_c"]) for flow in flows],
            "cp_kw_per_k": [
                flow["quantity"] / abs(flow["supply_temperature_c"] - flow["target_temperature_c"])
                for flow in flows
            ],
        }
    )
    target = heat_target(streams, 10.0)
    demand_ids = [f"D{j}" for j in range(len(demands))]
    supply_ids = [f"S{i}" for i in range(len(supplies))]
    assert after.loc[demand_ids, "after_on_site_per_yr"].sum() == pytest.approx(
        target.hot_utility_kw, abs=1e-6
    )
    assert after.loc[supply_ids, "after_on_site_per_yr"].sum() == pytest.approx(
        target.cold_utility_kw, abs=1e-6
    )
    # What is left lies within the flow's own range, at its top (demand) or bottom (supply).
    for flow in flows:
        row = after.loc[flow["id"]]
        assert row["target_temperature_c"] == flow["target_temperature_c"]
        low, high = sorted((flow["supply_temperature_c"], flow["target_temperature_c"]))
        assert low - 1e-9 <= row["supply_temperature_c"] <= high + 1e-9
