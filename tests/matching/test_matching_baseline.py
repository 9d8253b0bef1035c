"""Today's arrangement: existing trade is not an opportunity, prices have a kind, and a diversion
counts what the displaced buyer pays to replace what it loses (issue 12).

Companies sit on one meridian (conftest): S at 0 km, A at 1 km, B at 1.5 km. Catalogue prices
used below: flake ice 70 €/t, fish co-products −70 €/t (the producer is paid 70 €/t).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pydantic
import pytest

from symbiosis import Flow, MatchConfig, match, optimize


def _rows(result: Any) -> pd.DataFrame:
    return result.exchanges.set_index("opportunity_id")


def test_todays_trade_is_existing_and_never_an_opportunity(
    flow: Callable[..., Flow], zone_of: Callable[..., Any]
) -> None:
    zone = zone_of(
        {"S": 0.0, "A": 1.0, "B": 1.5},
        [
            flow(
                "S1",
                "S",
                "supply",
                "material.ice",
                500,
                "t/yr",
                cost_eur_per_unit=68,
                price_kind="sale",
                current_route="sold",
                current_partner_id="A",
            ),
            flow(
                "A1",
                "A",
                "demand",
                "material.ice",
                300,
                "t/yr",
                cost_eur_per_unit=68,
                price_kind="purchase",
                current_route="supplier",
                current_partner_id="S",
            ),
            flow(
                "B1",
                "B",
                "demand",
                "material.ice",
                100,
                "t/yr",
                cost_eur_per_unit=80,
                price_kind="purchase",
            ),
        ],
    )
    result = match(zone)
    rows = _rows(result)
    today = rows.loc["EX-S1-A1"]
    assert today["existing"]
    assert (today["gross_saving_eur_per_yr"], today["net_saving_eur_per_yr"]) == (0.0, 0.0)
    assert today["score"] == 0.0
    assert rows.index[-1] == "EX-S1-A1"  # ranked after every opportunity
    assert "This is today's arrangement" in result.explain("EX-S1-A1")
    # Diverting 100 t from A: B stops buying 100 t at 80 €/t; S gives up 100 t sold at 68 €/t;
    # A buys them elsewhere at 80 €/t (what B pays, above the market's 70) instead of 68:
    # 100 × (80 − 68) = 1,200, and 8,000 − 6,800 − 1,200 = 0: moving ice between buyers gains
    # the zone nothing.
    diverted = rows.loc["EX-S1-B1"]
    assert not diverted["existing"]
    assert diverted["receiver_avoided_eur_per_yr"] == pytest.approx(8_000.0)
    assert diverted["supplier_change_eur_per_yr"] == pytest.approx(-6_800.0)
    assert diverted["displaced_partner_cost_eur_per_yr"] == pytest.approx(1_200.0)
    assert diverted["gross_saving_eur_per_yr"] == pytest.approx(0.0)
    assert not diverted["profitable"]
    text = result.explain("EX-S1-B1")
    assert (
        "It would save €0/yr gross (Company B (B) stops paying €8,000/yr; Company S (S) "
        "gives up €6,800/yr of sales; Company A (A), which takes it today, pays €1,200/yr more "
        "to buy it elsewhere (€80/t instead of €68/t))"
    ) in text
    plan = optimize(zone, result)
    assert "EX-S1-A1" not in set(plan.selected["opportunity_id"])


def test_a_sale_price_counts_against_the_saving(
    flow: Callable[..., Flow], zone_of: Callable[..., Any]
) -> None:
    # Ice sold on the market at 68 €/t (no partner in the zone) to a buyer paying 80 €/t:
    # 100 × 80 − 100 × 68 = 1,200 €/yr; typed as a disposal fee it would have been 14,800.
    zone = zone_of(
        {"S": 0.0, "B": 1.5},
        [
            flow(
                "S1",
                "S",
                "supply",
                "material.ice",
                100,
                "t/yr",
                cost_eur_per_unit=68,
                price_kind="sale",
            ),
            flow(
                "B1",
                "B",
                "demand",
                "material.ice",
                100,
                "t/yr",
                cost_eur_per_unit=80,
                price_kind="purchase",
            ),
        ],
    )
    row = _rows(match(zone)).loc["EX-S1-B1"]
    assert row["gross_saving_eur_per_yr"] == pytest.approx(1_200.0)
    assert row["displaced_partner_cost_eur_per_yr"] == 0.0


def test_a_disposal_fee_on_a_product_is_refused_with_the_fix() -> None:
    with pytest.raises(pydantic.ValidationError, match=r"flake ice .* is a product, not a waste"):
        Flow(
            id="S1",
            company_id="S",
            direction="supply",
            resource="material.ice",
            quantity=100,
            unit="t/yr",
            cost_eur_per_unit=68,
            price_kind="disposal_fee",
        )


def test_a_disposal_fee_counts_for_the_saving(
    flow: Callable[..., Flow], zone_of: Callable[..., Any]
) -> None:
    # 50 t of cardboard whose disposal costs 60 €/t, taken free by a recycler: 50 × 60 = 3,000.
    zone = zone_of(
        {"S": 0.0, "B": 1.5},
        [
            flow(
                "S1",
                "S",
                "supply",
                "material.cardboard",
                50,
                "t/yr",
                cost_eur_per_unit=60,
                price_kind="disposal_fee",
                current_route="disposal",
            ),
            flow("B1", "B", "demand", "material.cardboard", 50, "t/yr", price_kind="free"),
        ],
    )
    row = _rows(match(zone)).loc["EX-S1-B1"]
    assert row["receiver_avoided_eur_per_yr"] == 0.0
    assert row["supplier_change_eur_per_yr"] == pytest.approx(3_000.0)
    assert row["gross_saving_eur_per_yr"] == pytest.approx(3_000.0)


def test_diverting_a_co_product_counts_its_current_buyers_loss(
    flow: Callable[..., Flow], zone_of: Callable[..., Any]
) -> None:
    # S sells 100 t of co-products at 70 €/t to the fish-meal plant A; pet-food maker B pays
    # 150 €/t. B's price shows what the co-products cost to buy (the market's 90 €/t, a zone
    # parameter, is lower), so A must pay 150 €/t elsewhere instead of 70: A loses
    # 100 × (150 − 70) = 8,000. Zone: 15,000 − 7,000 − 8,000 = 0 €/yr (B: +15,000 − t;
    # S: −7,000 + t; A: +7,000 − 15,000): a price arbitrage between buyers is no zone gain.
    zone = zone_of(
        {"S": 0.0, "A": 1.0, "B": 1.5},
        [
            flow(
                "S1",
                "S",
                "supply",
                "material.fish_byproducts",
                100,
                "t/yr",
                cost_eur_per_unit=70,
                price_kind="sale",
                current_partner_id="A",
            ),
            flow(
                "B1",
                "B",
                "demand",
                "material.fish_byproducts",
                100,
                "t/yr",
                use="pet_food",
                cost_eur_per_unit=150,
                price_kind="purchase",
            ),
        ],
        parameters={
            "material.fish_byproducts.price_eur_per_unit": {
                "value": -90.0,
                "unit": "EUR/t",
                "source": "test market price",
            }
        },
    )
    result = match(zone, MatchConfig(keep_infeasible=True))
    row = _rows(result).loc["EX-S1-B1"]
    assert row["receiver_avoided_eur_per_yr"] == pytest.approx(15_000.0)
    assert row["supplier_change_eur_per_yr"] == pytest.approx(-7_000.0)
    assert row["displaced_partner_cost_eur_per_yr"] == pytest.approx(8_000.0)
    assert row["gross_saving_eur_per_yr"] == pytest.approx(0.0)
    # Less the truck trips: 100 t in 4 trips of 25 t, so the net saving is below zero.
    assert row["net_saving_eur_per_yr"] < 0
    assert not row["profitable"]
    assert (
        "Company A (A), which takes it today, pays €8,000/yr more to buy it elsewhere "
        "(€150/t instead of €70/t)"
    ) in result.explain("EX-S1-B1")


def test_a_displaced_buyer_pays_the_market_price_when_the_receiver_pays_less(
    flow: Callable[..., Flow], zone_of: Callable[..., Any]
) -> None:
    # S sells 100 t of co-products at 60 €/t to A; B would buy them at 65 €/t; the market
    # pays producers 70 €/t (catalogue). A pays 70 instead of 60: 100 × (70 − 60) = 1,000.
    # Zone: 6,500 − 6,000 − 1,000 = −500 €/yr.
    zone = zone_of(
        {"S": 0.0, "A": 1.0, "B": 1.5},
        [
            flow(
                "S1",
                "S",
                "supply",
                "material.fish_byproducts",
                100,
                "t/yr",
                cost_eur_per_unit=60,
                price_kind="sale",
                current_partner_id="A",
            ),
            flow(
                "B1",
                "B",
                "demand",
                "material.fish_byproducts",
                100,
                "t/yr",
                use="pet_food",
                cost_eur_per_unit=65,
                price_kind="purchase",
            ),
        ],
    )
    row = _rows(match(zone, MatchConfig(keep_infeasible=True))).loc["EX-S1-B1"]
    assert row["displaced_partner_cost_eur_per_yr"] == pytest.approx(1_000.0)
    assert row["gross_saving_eur_per_yr"] == pytest.approx(-500.0)


def test_a_supply_collected_for_recovery_displaces_no_buyer(
    flow: Callable[..., Flow], zone_of: Callable[..., Any]
) -> None:
    zone = zone_of(
        {"S": 0.0, "A": 1.0, "B": 1.5},
        [
            flow(
                "S1",
                "S",
                "supply",
                "material.cardboard",
                50,
                "t/yr",
                cost_eur_per_unit=60,
                price_kind="disposal_fee",
                current_route="recovery",
                current_partner_id="A",
            ),
            flow("B1", "B", "demand", "material.cardboard", 50, "t/yr", price_kind="free"),
        ],
    )
    row = _rows(match(zone)).loc["EX-S1-B1"]
    assert row["displaced_partner_cost_eur_per_yr"] == 0.0
    assert row["gross_saving_eur_per_yr"] == pytest.approx(3_000.0)


def test_a_processor_that_collects_for_a_fee_still_loses_its_raw_material(
    flow: Callable[..., Flow], zone_of: Callable[..., Any]
) -> None:
    # S pays the fish-meal plant A 25 €/t to collect 100 t of co-products (route recovery), and
    # A demands co-products: it processes them. Diverted to B, which pays 90 €/t: B avoids
    # 9,000, S stops paying 2,500, A buys 100 t at 90 €/t instead of being paid 25:
    # 100 × (90 + 25) = 11,500. Zone: 9,000 + 2,500 − 11,500 = 0 €/yr.
    zone = zone_of(
        {"S": 0.0, "A": 1.0, "B": 1.5},
        [
            flow(
                "S1",
                "S",
                "supply",
                "material.fish_byproducts",
                100,
                "t/yr",
                cost_eur_per_unit=25,
                price_kind="disposal_fee",
                current_route="recovery",
                current_partner_id="A",
            ),
            flow(
                "A1",
                "A",
                "demand",
                "material.fish_byproducts",
                1000,
                "t/yr",
                use="feed",
                cost_eur_per_unit=70,
                price_kind="purchase",
            ),
            flow(
                "B1",
                "B",
                "demand",
                "material.fish_byproducts",
                100,
                "t/yr",
                use="pet_food",
                cost_eur_per_unit=90,
                price_kind="purchase",
            ),
        ],
    )
    row = _rows(match(zone, MatchConfig(keep_infeasible=True))).loc["EX-S1-B1"]
    assert row["receiver_avoided_eur_per_yr"] == pytest.approx(9_000.0)
    assert row["supplier_change_eur_per_yr"] == pytest.approx(2_500.0)
    assert row["displaced_partner_cost_eur_per_yr"] == pytest.approx(11_500.0)
    assert row["gross_saving_eur_per_yr"] == pytest.approx(0.0)
