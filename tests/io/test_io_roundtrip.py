"""Read, write, read again: an equal zone in each format."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symbiosis.catalogue import Parameter, resource_catalogue, use_catalogue
from symbiosis.io import load_example, read_zone, write_zone
from symbiosis.schemas import Company, Flow, OutsideParty, Zone, text_problem

FORMATS = ["zone.xlsx", "zone.json", "zone_folder"]


@pytest.mark.parametrize("target", FORMATS)
def test_toy_round_trip(tmp_path: Path, target: str) -> None:
    toy = load_example("toy")
    written = write_zone(toy, tmp_path / target)
    assert written == tmp_path / target
    assert read_zone(written) == toy
    assert [path.name for path in tmp_path.iterdir()] == [target]  # no temporary file left


@pytest.mark.parametrize("target", FORMATS)
def test_awkward_values_round_trip(tmp_path: Path, target: str) -> None:
    company = Company(
        id="C1",
        name='=SUM(A1) "quoted", semi;colon\nnew line',
        sector_nace="10.20",
        latitude=0.1 + 0.2,
        longitude=-1e-7,
        staff=0,
        confidential=True,
        notes="oui",
    )
    flow = Flow(
        id="F1",
        company_id="C1",
        direction="supply",
        resource="water.grey",
        quantity=1 / 3,
        unit="m3/h",
        operating_hours_per_yr=8760.0,
        monthly_profile=(1 / 12,) * 12,
        contaminants_mg_per_l={"zinc": 1e-300, "nitrates": 12.5},
        ewc_code="19 08 11*",  # a hazardous entry: the star must survive
        cost_eur_per_unit=-0.0,
        provenance="measured",
    )
    party = OutsideParty(id="SEA", name="Mer", kind="sea", supplies=("water.sea", "water.potable"))
    zone = Zone(
        name="awkward",
        description="été; ünïcode",
        companies=(company,),
        flows=(flow,),
        outside_parties=(party,),
        parameters={"boiler_efficiency": Parameter(value=1e-5, unit="1", source="s", note="n")},
    )
    assert read_zone(write_zone(zone, tmp_path / target)) == zone


RESOURCES = sorted(resource_catalogue())
MATERIAL_PRICES = [
    f"{resource}.price_eur_per_unit"
    for resource in RESOURCES
    if resource_catalogue()[resource].family == "material"
]
UNITS = {
    "water": ["m3/yr", "m3/h", "m3/day", "L/s", "m3/month"],
    "material": ["t/yr", "t/day", "kg/h", "kt/yr"],
    "heat": ["MWh/yr", "kW", "GJ/yr", "kWh/day"],
    "cold": ["MWh/yr", "kW"],
    "energy": ["MWh/yr", "MW"],
    "service": ["h/yr", "h/month"],
}
FINITE = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
# Temperatures above absolute zero (-273.15 °C), the lowest the model accepts.
TEMPERATURE = st.floats(min_value=-273.0, max_value=1e9, allow_nan=False, allow_infinity=False)
POSITIVE = st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False)
# Hostile text: any character (blanks at the ends, NBSP, tabs and line feeds inside, formula
# starts, quotes, YAML words, brackets), except what the model refuses (text_problem: control
# characters, surrogates); the model strips the ends as readers do, so a text must not be blank.
TEXT = st.one_of(
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=12),
    st.sampled_from(
        ["=1+1", "\u00a0x\u00a0", " x\ty\nz ", "'=1", "-cmd", "@A", '"', "0012", "no", "(" * 60]
    ),
).filter(lambda text: text_problem(text) is None and bool(text.strip()))
IDS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,6}", fullmatch=True)


@st.composite
def flows(draw: st.DrawFn, flow_id: str, company_ids: list[str]) -> Flow:
    resource = draw(st.sampled_from(RESOURCES))
    family = resource_catalogue()[resource].family
    direction = draw(st.sampled_from(["supply", "demand"]))
    profile = None
    if draw(st.booleans()):
        weights = draw(st.lists(st.integers(0, 100), min_size=12, max_size=12).filter(any))
        profile = tuple(weight / sum(weights) for weight in weights)
    demand_only = {}
    if direction == "demand":
        demand_only = {
            "max_cod_mg_per_l": draw(st.none() | POSITIVE),
            "potable_required": draw(st.none() | st.booleans()),
            "min_temperature_c": draw(st.none() | TEMPERATURE),
        }
    return Flow(
        id=flow_id,
        company_id=draw(st.sampled_from(company_ids)),
        direction=direction,
        resource=resource,
        quantity=draw(POSITIVE),
        unit=draw(st.sampled_from(UNITS[family])),
        operating_hours_per_yr=draw(st.floats(1, 8784)),
        operating_days_per_yr=draw(st.floats(1, 366)),
        monthly_profile=profile,
        use=draw(st.none() | st.sampled_from(sorted(use_catalogue()))),
        description=draw(st.none() | TEXT),
        temperature_c=draw(st.none() | TEMPERATURE),
        contaminants_mg_per_l=draw(
            st.dictionaries(
                st.from_regex(r"[a-z][a-z0-9]{0,5}", fullmatch=True), POSITIVE, max_size=2
            )
        ),
        ewc_code=draw(st.none() | st.sampled_from(["02 02 02", "15 01 01", "13 02 05*"])),
        abp_category=draw(st.none() | st.integers(1, 3)),
        cost_eur_per_unit=draw(st.none() | FINITE),
        provenance=draw(st.sampled_from(["measured", "estimated", "assumed"])),
        confidential=draw(st.booleans()),
        **demand_only,
    )


@st.composite
def zones(draw: st.DrawFn) -> Zone:
    company_ids = draw(st.lists(IDS, min_size=1, max_size=4, unique=True))
    companies = tuple(
        Company(
            id=company_id,
            name=draw(TEXT),
            sector_nace=draw(st.sampled_from(["10.20", "46.38A", "52.1", "01"])),
            latitude=draw(st.floats(-90, 90)),
            longitude=draw(st.floats(-180, 180)),
            staff=draw(st.none() | st.integers(0, 10**6)),
            archetype=draw(st.none() | TEXT),
            confidential=draw(st.booleans()),
        )
        for company_id in company_ids
    )
    flow_ids = draw(st.lists(IDS, max_size=5, unique=True))
    flow_list = tuple(draw(flows(flow_id, company_ids)) for flow_id in flow_ids)
    parties = tuple(
        OutsideParty(
            id=f"OUT{index}",
            name=draw(TEXT),
            kind=draw(st.sampled_from(["sea", "landfill", "other"])),
            latitude=draw(st.none() | st.floats(-90, 90)),
            accepts=tuple(draw(st.lists(st.sampled_from(RESOURCES), max_size=2, unique=True))),
        )
        for index in range(draw(st.integers(0, 2)))
    )
    parameters = draw(
        st.dictionaries(
            # Readers accept only names symbiosis uses: a material's price is in EUR/t.
            st.sampled_from(MATERIAL_PRICES),
            st.builds(Parameter, value=FINITE, unit=st.just("EUR/t"), source=TEXT),
            max_size=2,
        )
    )
    return Zone(
        name=draw(TEXT),
        description=draw(st.none() | TEXT),
        companies=companies,
        flows=flow_list,
        outside_parties=parties,
        parameters=parameters,
    )


@settings(max_examples=40, deadline=None, derandomize=True)
@given(zone=zones())
def test_generated_zones_round_trip_in_every_format(zone: Zone) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for target in FORMATS:
            assert read_zone(write_zone(zone, Path(folder) / target)) == zone, target
