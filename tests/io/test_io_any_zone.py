"""A French spreadsheet of a heavy-industry zone (issue 16): resources by French label or by waste
code, case-aware megalitres and a gas bill in kWh PCS, read and matched."""

from __future__ import annotations

from pathlib import Path

import pytest

from symbiosis.io import read_zone
from symbiosis.matching import match

COMPANIES = """identifiant;nom;code NAF;latitude;longitude
C1;Centrale;35.11;51.0300;2.3000
C2;Cimenterie;23.51;51.0390;2.3000
C3;Usine;10.20;51.0395;2.3000
"""

FLOWS = """identifiant;entreprise;sens;ressource;quantité;unité;usage;jours de fonctionnement
F1;C1;sortie;10 01 02;12000;t/an;;
F2;C2;entrée;cendres volantes;12000;t/an;recyclage en produits sans contact alimentaire;
F3;C3;entrée;Eau potable;0,5;ML/jour;;300
F4;C3;entrée;gaz naturel;5000000;kWh PCS/an;;
"""


@pytest.fixture
def zone_folder(tmp_path: Path) -> Path:
    (tmp_path / "companies.csv").write_text(COMPANIES, encoding="utf-8")
    (tmp_path / "flows.csv").write_text(FLOWS, encoding="utf-8")
    return tmp_path


def test_french_names_waste_codes_and_units_are_read(zone_folder: Path) -> None:
    flows = {flow.id: flow for flow in read_zone(zone_folder).flows}
    assert (flows["F1"].resource, flows["F1"].ewc_code) == ("material.fly_ash", "10 01 02")
    assert (flows["F2"].resource, flows["F2"].use) == ("material.fly_ash", "recycling")
    # 0.5 ML/day × 1,000 m³/ML × 300 days = 150,000 m³ (ML is a megalitre, not a millilitre)
    assert (flows["F3"].resource, flows["F3"].quantity_per_yr) == ("water.potable", 150000.0)
    # 5,000,000 kWh PCS × 0.90 PCI/PCS / 1,000 = 4,500 MWh PCI
    assert flows["F4"].quantity_per_yr == pytest.approx(4500.0)


def test_the_ash_given_by_its_code_is_matched(zone_folder: Path) -> None:
    exchanges = match(read_zone(zone_folder)).exchanges
    pairs = set(zip(exchanges["supply_flow_id"], exchanges["demand_flow_id"], strict=True))
    assert ("F1", "F2") in pairs
