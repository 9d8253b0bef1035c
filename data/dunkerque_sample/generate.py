"""Write the SYNTHETIC Dunkerque heavy-industry port sample: companies, flows, documented exchanges.

Profiles only: each company's inputs and outputs as if no exchange existed. The exchanges the
zone really runs are written apart, in documented_exchanges.csv, so that a test can check the
matcher finds them from the profiles alone. Sources: README.md. Run from anywhere:

    python data/dunkerque_sample/generate.py

It writes this folder and the copy shipped in src/symbiosis/examples/dunkerque.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHIPPED = HERE.parents[1] / "src" / "symbiosis" / "examples" / "dunkerque"

# id, name, NACE, latitude, longitude, archetype, staff (invented names, plausible positions)
COMPANIES = [
    ("K01", "Aciérie des Dunes", "24.10", 51.0300, 2.2900, "integrated steelworks", 3000),
    (
        "K02",
        "Centrale Cycle Combiné du Môle",
        "35.11",
        51.0480,
        2.3260,
        "combined-cycle power plant",
        35,
    ),
    ("K03", "Laitiers Moulus de la Darse", "23.51", 51.0350, 2.3100, "slag grinding plant", 30),
    (
        "K04",
        "Réseau de Chaleur de la Côte",
        "35.30",
        51.0325,
        2.2920,
        "district heating network",
        40,
    ),
    ("K05", "Conserverie du Bassin", "10.39", 51.0250, 2.3300, "vegetable processing plant", 300),
    (
        "K06",
        "Station d'Épuration de l'Agglomération",
        "37.00",
        51.0200,
        2.3400,
        "wastewater plant",
        20,
    ),
    ("K07", "Chimie du Môle", "20.14", 51.0400, 2.2600, "chemical plant", 250),
    (
        "K08",
        "Coopérative Agricole des Moëres",
        "01.11",
        51.0150,
        2.4000,
        "arable farming cooperative",
        15,
    ),
]

COMPANY_COLUMNS = [
    "id",
    "name",
    "sector_nace",
    "latitude",
    "longitude",
    "archetype",
    "staff",
    "confidential",
]

FLOW_COLUMNS = [
    "id",
    "company_id",
    "direction",
    "resource",
    "quantity",
    "unit",
    "operating_hours_per_yr",
    "use",
    "description",
    "temperature_c",
    "supply_temperature_c",
    "target_temperature_c",
    "ewc_code",
    "provenance",
    "notes",
]

# Flows as if no exchange existed. Each note says the source (README.md, table) or "assumed".
FLOWS = [
    # steelworks: surplus blast-furnace and coke-oven gas, sinter-cooler hot air, granulated slag
    dict(
        id="K01-01",
        company_id="K01",
        direction="supply",
        resource="energy.fuel_gas",
        quantity=7000000,
        unit="MWh/yr",
        description="surplus blast-furnace and coke-oven gas, flared without a user",
        provenance="estimated",
        notes="[S3] DK6 made 4.02 TWh of electricity in 2017 from steelworks gas and natural gas; "
        "7 TWh/yr of gas at ~55 % efficiency is assumed as the steelworks' surplus",
    ),
    dict(
        id="K01-02",
        company_id="K01",
        direction="supply",
        resource="heat.flue_gas",
        quantity=60000,
        unit="kW",
        operating_hours_per_yr=5000,
        supply_temperature_c=400,
        target_temperature_c=150,
        description="hot air of the sinter coolers, drawn by the hoods",
        provenance="estimated",
        notes="[S1] air at 400 °C under the sinter-cooler hoods; [S2] network 120 MW, ~60 % of it "
        "recovered heat: 60 MW assumed, 5000 h/yr heating season and cooling to 150 °C assumed",
    ),
    dict(
        id="K01-03",
        company_id="K01",
        direction="supply",
        resource="material.slag",
        quantity=1400000,
        unit="t/yr",
        description="granulated blast-furnace slag",
        ewc_code="10 02 02",
        provenance="estimated",
        notes="[S4] slag grinding capacity next to the blast furnaces 0.75 to 1.4 Mt/yr; "
        "the steelworks' granulated slag is assumed equal to the final capacity",
    ),
    # power plant: burns natural gas for 790 MW
    dict(
        id="K02-01",
        company_id="K02",
        direction="demand",
        resource="energy.natural_gas",
        quantity=7300000,
        unit="MWh/yr",
        description="fuel of the two 395 MW combined-cycle units",
        provenance="estimated",
        notes="[S3] 4.02 TWh electricity in 2017; / 0.55 combined-cycle efficiency (assumed) "
        "= 7.3 TWh of fuel",
    ),
    # slag grinding: buys clinker substitute
    dict(
        id="K03-01",
        company_id="K03",
        direction="demand",
        resource="material.cement_constituents",
        quantity=750000,
        unit="t/yr",
        description="granulated slag ground into cement constituent",
        provenance="estimated",
        notes="[S4] initial capacity 750,000 t/yr",
    ),
    # district heating network: heat made today by gas boilers
    dict(
        id="K04-01",
        company_id="K04",
        direction="demand",
        resource="heat.district_heating",
        quantity=300000,
        unit="MWh/yr",
        supply_temperature_c=70,
        target_temperature_c=105,
        description="heat of the town network (40 km, 16,000 dwellings equivalent)",
        provenance="estimated",
        notes="[S1][S2] 16,000 dwellings equivalent; ~12 MWh/dwelling/yr (assumed) plus "
        "hospital and public buildings: 300,000 MWh/yr assumed",
    ),
    # food plant: steam from gas, sludge from its wastewater
    dict(
        id="K05-01",
        company_id="K05",
        direction="demand",
        resource="energy.natural_gas",
        quantity=40000,
        unit="MWh/yr",
        description="boilers for blanching and sterilising",
        provenance="assumed",
        notes="assumed: order of magnitude of a large vegetable cannery",
    ),
    dict(
        id="K05-02",
        company_id="K05",
        direction="supply",
        resource="material.sludge_food",
        quantity=3000,
        unit="t/yr",
        description="sludge of the on-site wastewater treatment",
        ewc_code="02 03 05",
        provenance="assumed",
        notes="assumed",
    ),
    # wastewater plant: sludge
    dict(
        id="K06-01",
        company_id="K06",
        direction="supply",
        resource="material.sludge_wwtp",
        quantity=8000,
        unit="t/yr",
        description="dewatered sewage sludge",
        ewc_code="19 08 05",
        provenance="assumed",
        notes="assumed: ~200,000 population equivalent",
    ),
    # chemical plant: natural gas boilers
    dict(
        id="K07-01",
        company_id="K07",
        direction="demand",
        resource="energy.natural_gas",
        quantity=150000,
        unit="MWh/yr",
        description="process steam boilers",
        provenance="assumed",
        notes="assumed",
    ),
    # farmers: fertiliser
    dict(
        id="K08-01",
        company_id="K08",
        direction="demand",
        resource="material.fertiliser",
        quantity=5000,
        unit="t/yr",
        description="fertiliser and soil improver for arable land",
        provenance="assumed",
        notes="assumed",
    ),
]

# Exchanges the zone runs in reality, with their source (README.md).
DOCUMENTED = [
    (
        "K01-02",
        "K04-01",
        "steelworks sinter-cooler heat feeds the Dunkerque district heating network since 1985",
        "[S1][S2]",
    ),
    (
        "K01-01",
        "K02-01",
        "steelworks blast-furnace and coke-oven gases fuel the DK6 combined-cycle plant since 2005",
        "[S3]",
    ),
    (
        "K01-03",
        "K03-01",
        "granulated blast-furnace slag ground into cement constituent by Ecocem next to the "
        "blast furnaces since 2018",
        "[S4]",
    ),
]

ZONE_YAML = """\
# SYNTHETIC sample zone, written by generate.py: edit the script, not this file.
name: dunkerque_sample
description: >-
  SYNTHETIC sample of the Dunkerque heavy-industry port: invented companies with the orders of
  magnitude of public figures, written as if no exchange existed. See README.md for the sources
  and documented_exchanges.csv for the exchanges the zone really runs.
outside_parties: []
"""


def _write_csv(path: Path, columns: list[str], rows: Sequence[Mapping[str, object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in columns})


def main() -> None:
    """Write the CSVs and zone.yaml here and copy the folder to the shipped example."""
    companies = [
        dict(zip(COMPANY_COLUMNS, (*company, "false"), strict=True)) for company in COMPANIES
    ]
    _write_csv(HERE / "companies.csv", COMPANY_COLUMNS, companies)
    _write_csv(HERE / "flows.csv", FLOW_COLUMNS, FLOWS)
    documented = [
        dict(supply_flow_id=s, demand_flow_id=d, description=text, source=source)
        for s, d, text, source in DOCUMENTED
    ]
    _write_csv(
        HERE / "documented_exchanges.csv",
        ["supply_flow_id", "demand_flow_id", "description", "source"],
        documented,
    )
    (HERE / "zone.yaml").write_text(ZONE_YAML, encoding="utf-8")
    SHIPPED.mkdir(parents=True, exist_ok=True)
    # documented_exchanges.csv stays here: it is the answer key of a test, not a table of the zone
    for name in ["companies.csv", "flows.csv", "zone.yaml", "README.md", "generate.py"]:
        shutil.copyfile(HERE / name, SHIPPED / name)


if __name__ == "__main__":
    main()
