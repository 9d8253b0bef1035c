"""indicators() and indicator_sources() on a selection written by hand.

The zone buys 800 + 600 + 600 = 2,000 m³/yr of drinking water (FB1, FC1, FE1). The selection:

================  ==========================  ========  =========  ======  ==========
opportunity       what                        quantity  net EUR/yr  tCO2e  investment
================  ==========================  ========  =========  ======  ==========
EX-FA1-FB1        grey water A → B (potable)  800 m³    1,000      0.02    20,000
SU-SEA-FC1        seawater → C (potable)      600 m³    500        0.01    10,000
EX-FM1-FN1        fish co-products M → N      400 t     48,000     12      0   (M pays to
                                                                              dispose of them)
EX-FH1-FK1        condenser heat H → K        300 MWh   15,000     60      100,000
PO-cardboard-01   joint cardboard collection  50 t      2,000      0       0
================  ==========================  ========  =========  ======  ==========

Potable water substituted 1,400 m³/yr = 70 %; waste diverted 400 t/yr (a joint collection still
disposes of the cardboard); heat 300 MWh/yr; CO2e 72.03 t/yr; net 66,500 EUR/yr; investment
130,000 EUR. The zone annualises at 0 % over 20 years (factor 0.05), so the capital charge is
6,500 EUR/yr, the cash saving 73,000 EUR/yr and the payback 130,000 / 73,000 = 1.7808 yr.
Companies: A, B, C, M, N, H, K, P and Q (the sea is an outside party): 9.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from symbiosis.errors import InputError
from symbiosis.plan_indicators import (
    INDICATOR_UNITS,
    annualisation_factor,
    indicator_sources,
    indicators,
)

COLUMNS = [
    "opportunity_id", "kind", "supplier_id", "receiver_id", "supply_flow_id", "demand_flow_id",
    "resource", "family", "unit", "quantity_per_yr", "built", "net_benefit_eur_per_yr",
    "co2e_avoided_t_per_yr", "investment_eur",
]  # fmt: skip


@pytest.fixture
def zone(builders):
    companies = [(c, f"Company {c}") for c in ["A", "B", "C", "E", "M", "N", "H", "K", "P", "Q"]]
    flows = [
        ("FA1", "A", "supply", "water.grey", 1000, "m3/yr"),
        ("FB1", "B", "demand", "water.potable", 800, "m3/yr"),
        ("FC1", "C", "demand", "water.potable", 600, "m3/yr"),
        ("FE1", "E", "demand", "water.potable", 600, "m3/yr"),
        ("FM1", "M", "supply", "material.fish_byproducts", 400, "t/yr"),
        ("FN1", "N", "demand", "material.fish_byproducts", 20000, "t/yr"),
        ("FH1", "H", "supply", "heat.low_grade", 500, "MWh/yr"),
        ("FK1", "K", "demand", "heat.hot_water", 300, "MWh/yr"),
        ("FP1", "P", "supply", "material.cardboard", 30, "t/yr"),
        ("FQ1", "Q", "supply", "material.cardboard", 20, "t/yr"),
    ]
    return builders.zone(
        companies,
        [
            dict(id=i, company_id=c, direction=d, resource=r, quantity=q, unit=u)
            | ({"current_route": "disposal"} if i == "FM1" else {})
            for i, c, d, r, q, u in flows
        ],
        parameters={"discount_rate": 0.0, "pipe_lifetime_yr": 20.0},
    )


@pytest.fixture
def selection() -> pd.DataFrame:
    rows = [
        ("EX-FA1-FB1", "exchange", "A", "B", "FA1", "FB1", "water.grey", "water", "m3/yr",
         800.0, True, 1_000.0, 0.02, 20_000.0),
        ("SU-SEA-FC1", "substitution", "SEA", "C", None, "FC1", "water.sea", "water", "m3/yr",
         600.0, True, 500.0, 0.01, 10_000.0),
        ("EX-FM1-FN1", "exchange", "M", "N", "FM1", "FN1", "material.fish_byproducts",
         "material", "t/yr", 400.0, True, 48_000.0, 12.0, 0.0),
        ("EX-FH1-FK1", "heat_recovery", "H", "K", "FH1", "FK1", "heat.low_grade", "heat",
         "MWh/yr", 300.0, True, 15_000.0, 60.0, 100_000.0),
        ("PO-cardboard-01", "pool", "PO-cardboard-01", "P;Q", "FP1;FQ1", None,
         "material.cardboard", "material", "t/yr", 50.0, True, 2_000.0, 0.0, 0.0),
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=COLUMNS)


def test_indicators_of_a_hand_made_selection(zone, selection):
    values = indicators(zone, selection)
    expected = {
        "potable_water_substituted_m3_per_yr": 1_400,
        "potable_water_substituted_percent": 70,
        "waste_diverted_t_per_yr": 400,
        "heat_recovered_mwh_per_yr": 300,
        "co2e_avoided_t_per_yr": 72.03,
        "net_saving_eur_per_yr": 66_500,
        "investment_eur": 130_000,
        "simple_payback_yr": 130_000 / 73_000,
        "companies_involved": 9,
    }
    assert list(values.index) == list(expected) == list(INDICATOR_UNITS)
    assert values.to_dict() == pytest.approx(expected)
    assert values.index.name == "indicator"


def test_indicators_accept_a_plan(zone, selection):
    plan = SimpleNamespace(selected=selection)
    pd.testing.assert_series_equal(indicators(zone, plan), indicators(zone, selection))


def test_annualised_column_is_used_when_present(zone, selection):
    # With 13,000 EUR/yr of capital charge the cash saving is 79,500 EUR/yr.
    with_charge = selection.assign(annualised_investment_eur_per_yr=[1_300, 650, 0, 11_050, 0])
    assert indicators(zone, with_charge)["simple_payback_yr"] == pytest.approx(130_000 / 79_500)


def test_payback_without_investment_is_zero_and_without_saving_infinite(zone, selection):
    no_investment = selection.assign(investment_eur=0.0)
    assert indicators(zone, no_investment)["simple_payback_yr"] == 0
    losing = selection.assign(net_benefit_eur_per_yr=-10_000.0)
    assert math.isinf(indicators(zone, losing)["simple_payback_yr"])


def test_empty_selection_gives_zeros(zone, selection):
    values = indicators(zone, selection.iloc[0:0])
    assert (values == 0).all()


def test_sources_trace_each_indicator(zone, selection):
    sources = indicator_sources(zone, selection)
    assert list(sources.columns) == ["indicator", "opportunity_id", "contribution", "company_ids"]
    potable = sources[sources["indicator"] == "potable_water_substituted_m3_per_yr"]
    assert dict(zip(potable["opportunity_id"], potable["contribution"], strict=True)) == {
        "EX-FA1-FB1": 800,
        "SU-SEA-FC1": 600,
    }
    percent = sources[sources["indicator"] == "potable_water_substituted_percent"]
    assert percent["contribution"].tolist() == pytest.approx([40, 30])
    waste = sources[sources["indicator"] == "waste_diverted_t_per_yr"]
    assert waste["opportunity_id"].tolist() == ["EX-FM1-FN1"]
    payback = sources[sources["indicator"] == "simple_payback_yr"].set_index("opportunity_id")
    # EX-FA1-FB1: 20,000 / (1,000 + 0.05 × 20,000) = 10 years.
    assert payback.loc["EX-FA1-FB1", "contribution"] == pytest.approx(10)
    companies = sources[sources["indicator"] == "companies_involved"].set_index("opportunity_id")
    assert companies.loc["PO-cardboard-01", "company_ids"] == "P;Q"
    assert companies.loc["SU-SEA-FC1", "contribution"] == 1
    # Additive indicators add up to the totals.
    totals = indicators(zone, selection)
    for name in ("co2e_avoided_t_per_yr", "net_saving_eur_per_yr", "investment_eur"):
        summed = sources.loc[sources["indicator"] == name, "contribution"].sum()
        assert summed == pytest.approx(totals[name])
    order = [list(INDICATOR_UNITS).index(name) for name in sources["indicator"]]
    assert order == sorted(order)


def test_missing_columns_are_named(zone, selection):
    with pytest.raises(InputError, match="quantity_per_yr"):
        indicators(zone, selection.drop(columns="quantity_per_yr"))


def test_annualisation_factor():
    # 10 % over 15 years (the defaults): 0.1 / (1 − 1.1^−15) = 0.1314738.
    from symbiosis.schemas import Zone

    assert annualisation_factor(Zone(name="defaults")) == pytest.approx(0.1314738, rel=1e-6)


@pytest.mark.parametrize(
    ("today", "counted"),
    [
        ({"current_route": "disposal"}, 400.0),
        ({"current_route": "sold"}, 0.0),
        ({"cost_eur_per_unit": 70.0, "price_kind": "sale"}, 0.0),  # a co-product sold today
        ({}, 0.0),  # no route: the catalogue pays the producer 70 €/t, so it is sold
        ({"cost_eur_per_unit": 30.0, "price_kind": "disposal_fee"}, 400.0),
    ],
)
def test_only_what_is_disposed_of_today_counts_as_diverted(
    builders, selection: pd.DataFrame, today: dict[str, object], counted: float
) -> None:
    zone = builders.zone(
        [("M", "Company M"), ("N", "Company N")],
        [
            {"id": "FM1", "company_id": "M", "direction": "supply",
             "resource": "material.fish_byproducts", "quantity": 400, "unit": "t/yr", **today},
            {"id": "FN1", "company_id": "N", "direction": "demand",
             "resource": "material.fish_byproducts", "quantity": 20000, "unit": "t/yr"},
        ],
    )  # fmt: skip
    fish = selection[selection["opportunity_id"] == "EX-FM1-FN1"]
    assert indicators(zone, fish)["waste_diverted_t_per_yr"] == counted
