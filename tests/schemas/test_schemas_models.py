"""The pydantic models: fields, conversions and the messages of invalid records."""

import pydantic
import pytest

from symbiosis.schemas import Company, Flow, OutsideParty, Zone

COMPANY = {
    "id": "C1",
    "name": "Marée Nord",
    "sector_nace": "46.38",
    "latitude": 50.72,
    "longitude": 1.59,
}
FLOW = {
    "id": "F1",
    "company_id": "C1",
    "direction": "demand",
    "resource": "water.potable",
    "quantity": 2.5,
    "unit": "m3/h",
    "operating_hours_per_yr": 4000,
}


def _messages(error: pydantic.ValidationError) -> list[str]:
    return [str(item["msg"]) for item in error.errors()]


def test_flow_converts_once_to_the_canonical_unit():
    flow = Flow(**FLOW)
    # 2.5 m³/h × 4,000 h = 10,000 m³/yr
    assert flow.quantity_per_yr == 10_000.0
    assert flow.canonical_unit == "m3/yr"
    assert flow.family == "water"


def test_ewc_code_is_normalised():
    flow = Flow(
        **{
            **FLOW,
            "direction": "supply",
            "resource": "material.fish_byproducts",
            "unit": "t/yr",
            "ewc_code": "020202",
        }
    )
    assert flow.ewc_code == "02 02 02"


def test_demand_requirement_on_a_supply_names_the_field():
    with pytest.raises(pydantic.ValidationError) as caught:
        Flow(**{**FLOW, "direction": "supply", "max_cod_mg_per_l": 500})
    problems = caught.value.errors()[0]["ctx"]["error"].problems
    assert problems == [
        (
            "max_cod_mg_per_l",
            "max_cod_mg_per_l is a requirement of a demand, but flow F1 is a supply; move it to "
            "the demand flow or set direction to 'demand'",
        )
    ]


def test_monthly_profile_must_sum_to_one():
    with pytest.raises(pydantic.ValidationError, match=r"the 12 monthly shares sum to 1\.200"):
        Flow(**{**FLOW, "monthly_profile": [0.1] * 12})


def test_monthly_profile_has_twelve_months():
    with pytest.raises(pydantic.ValidationError, match="a monthly profile has 12 shares"):
        Flow(**{**FLOW, "monthly_profile": [0.5, 0.5]})


def test_negative_and_infinite_quantities_are_rejected():
    with pytest.raises(pydantic.ValidationError):
        Flow(**{**FLOW, "quantity": -1})
    with pytest.raises(pydantic.ValidationError, match="a quantity must be a finite number"):
        Flow(**{**FLOW, "quantity": float("inf")})


def test_heat_supply_must_cool_down():
    with pytest.raises(pydantic.ValidationError, match="heat supply F1 must cool down"):
        Flow(
            **{
                **FLOW,
                "direction": "supply",
                "resource": "heat.low_grade",
                "unit": "kW",
                "supply_temperature_c": 25,
                "target_temperature_c": 35,
            }
        )


def test_nace_code_format():
    assert Company(**{**COMPANY, "sector_nace": "46.38A"}).sector_nace == "46.38A"
    with pytest.raises(pydantic.ValidationError, match=r"'1020' is not a NACE Rev\. 2 code"):
        Company(**{**COMPANY, "sector_nace": "1020"})


def test_latitude_out_of_range():
    with pytest.raises(pydantic.ValidationError):
        Company(**{**COMPANY, "latitude": 95})


def test_zone_reports_every_broken_reference_together():
    flows = (Flow(**FLOW), Flow(**{**FLOW, "company_id": "C9"}))
    with pytest.raises(pydantic.ValidationError) as caught:
        Zone(name="z", companies=(Company(**COMPANY),), flows=flows)
    message = str(caught.value)
    assert "duplicate flow id 'F1'" in message
    assert "flow 'F1' names company 'C9', which is not in the zone" in message


def test_zone_parameter_falls_back_on_the_default():
    zone = Zone(
        name="z",
        parameters={
            "gas_price_eur_per_mwh": {"value": 80, "unit": "EUR/MWh", "source": "contract"}
        },
    )
    assert zone.parameter("gas_price_eur_per_mwh").value == 80
    assert zone.parameter("electricity_price_eur_per_mwh").value == 172.0


def test_outside_party_resources_are_checked():
    with pytest.raises(pydantic.ValidationError, match=r"'water\.seaa' is not a resource"):
        OutsideParty(id="SEA", name="sea", kind="sea", supplies=("water.seaa",))


def test_zone_shows_itself_in_jupyter_with_names_escaped():
    company = Company(**{**COMPANY, "name": "<script>alert(1)</script>"})
    page = Zone(name="z", companies=(company,))._repr_html_()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "z: 1 companies, 0 flows, 0 outside parties" in page


def test_a_siret_is_checked_with_its_luhn_key():
    # 732 829 320 00074, from the right, every second digit doubled (less 9 above 9):
    # 4 + (7→5) + 0 + (0) + 0 + (0) + 2 + (3→6) + 9 + (2→4) + 8 + (2→4) + 3 + (7→5) = 50, a
    # multiple of 10. With a last digit of 5 the sum is 51.
    company = dict(id="C1", name="A", sector_nace="10.20", latitude=50.7, longitude=1.6)
    assert Company(**company, siret="73282932000074").siret == "73282932000074"
    with pytest.raises(pydantic.ValidationError, match="SIRET 73282932000075 fails its check key"):
        Company(**company, siret="73282932000075")
