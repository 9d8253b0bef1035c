"""CSV folders as French consultants have them: separators, decimal commas, encodings, headers."""

from __future__ import annotations

from pathlib import Path

import pytest

from symbiosis.errors import InputError, ValidationReport
from symbiosis.io import read_zone, write_zone
from symbiosis.io.csv_folder import sniff_delimiter
from symbiosis.io.text_files import TextProblems, decode_text

COMPANIES_FR = (
    "Identifiant;Raison sociale;Code NAF;Latitude;Longitude;Effectif;Confidentiel\r\n"
    "C01;Marée Côte d'Opale;46.38A;50,7246;1,5953;1 200;oui\r\n"
    "\r\n"
    "C02;Société Écaille & Fils;1020Z;50,7251;1,6010;;non\r\n"
)

FLOWS_FR = (
    "Identifiant;Entreprise;Sens;Ressource;Quantité;Unité;Heures de fonctionnement;Usage;"
    "Température (°C);Salinité;DCO;MES;Code CED;Prix;Provenance;Eau potable requise;"
    "Contact alimentaire;Jours par an;contaminant_zinc_mg_per_l\r\n"
    "F01;C01;entrée;water.potable;12 000;m3/an;;lavage_sols;;;;;;2,21;mesuré;non;x;;\r\n"
    "F02;C01;Sortie;water.grey;3,5;m3/h;4\u00a0000;;12;0,5;300;50;;;estimé;;;;0,2\r\n"
    "F03;C02;offre;material.fish_byproducts;2,5;t/jour;;;;;;;020202;-70;supposé;;;250;\r\n"
)


def french_folder(folder: Path, encoding: str) -> Path:
    folder.mkdir()
    flows = FLOWS_FR.replace("lavage_sols", "floor_and_crate_washing")
    (folder / "companies.csv").write_bytes(COMPANIES_FR.encode(encoding))
    (folder / "flows.csv").write_bytes(flows.encode(encoding))
    return folder


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_french_spreadsheet_reads_the_same_in_every_encoding(tmp_path: Path, encoding: str) -> None:
    zone = read_zone(french_folder(tmp_path / "enquete", encoding))
    assert zone.name == "enquete"
    first, second = zone.companies
    assert first.name == "Marée Côte d'Opale"
    assert second.name == "Société Écaille & Fils"
    assert (first.latitude, first.longitude, first.staff, first.confidential) == (
        50.7246,
        1.5953,
        1200,
        True,
    )
    assert (first.sector_nace, second.sector_nace) == ("46.38A", "10.20Z")
    f01, f02, f03 = zone.flows
    assert (f01.direction, f01.quantity, f01.unit, f01.use) == (
        "demand",
        12000.0,
        "m3/an",
        "floor_and_crate_washing",
    )
    assert (f01.cost_eur_per_unit, f01.provenance, f01.potable_required, f01.food_contact) == (
        2.21,
        "measured",
        False,
        True,
    )
    assert (f02.direction, f02.quantity, f02.operating_hours_per_yr, f02.provenance) == (
        "supply",
        3.5,
        4000.0,
        "estimated",
    )
    assert (f02.temperature_c, f02.salinity_g_per_l, f02.cod_mg_per_l) == (12.0, 0.5, 300.0)
    assert f02.suspended_solids_mg_per_l == 50.0
    assert f02.contaminants_mg_per_l == {"zinc": 0.2}
    assert f02.quantity_per_yr == 14000.0  # 3.5 m3/h x 4000 h/yr
    assert (f03.ewc_code, f03.cost_eur_per_unit, f03.provenance) == ("02 02 02", -70.0, "assumed")
    assert f03.quantity_per_yr == 625.0  # 2.5 t/day x 250 days/yr


def test_row_numbers_count_blank_lines(tmp_path: Path) -> None:
    folder = french_folder(tmp_path / "zone", "utf-8")
    text = (folder / "companies.csv").read_text(encoding="utf-8")
    (folder / "companies.csv").write_text(text.replace("50,7251", "95,1"), encoding="utf-8")
    with pytest.raises(ValidationReport, match=r"companies\.csv, row 4, column Latitude: '95,1'"):
        read_zone(folder)


def test_tab_separated_and_comma_separated_files_are_read(tmp_path: Path) -> None:
    folder = french_folder(tmp_path / "zone", "utf-8")
    tab = COMPANIES_FR.replace(";", "\t")
    (folder / "companies.csv").write_text(tab, encoding="utf-8")
    comma = 'id,name,sector_nace,latitude,longitude\nC01,A,10.20,"50,7",1.5\nC02,B,10.20,50,1\n'
    assert read_zone(folder).companies[1].name == "Société Écaille & Fils"
    (folder / "companies.csv").write_text(comma, encoding="utf-8")
    assert read_zone(folder).companies[0].latitude == 50.7


def test_the_input_files_are_never_modified(tmp_path: Path) -> None:
    folder = french_folder(tmp_path / "zone", "cp1252")
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    read_zone(folder)
    (folder / "flows.csv").write_bytes(before["flows.csv"].replace(b"m3/h;", b"m3/hh;"))
    before["flows.csv"] = (folder / "flows.csv").read_bytes()
    with pytest.raises(ValidationReport):
        read_zone(folder)
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before


def test_outside_parties_and_parameters_as_csv_files(tmp_path: Path) -> None:
    folder = french_folder(tmp_path / "zone", "utf-8")
    (folder / "outside_parties.csv").write_text(
        "id;nom;type;latitude;longitude;fournit\nMER;La Manche;mer;50,725;1,585;water.sea\n"
        "STEP;Station;station d'épuration;;;\n",
        encoding="utf-8",
    )
    (folder / "parametres.csv").write_text(
        "nom;valeur;unité;source\nwater_pipe_cost_eur_per_m;350;EUR/m;devis 2024\n",
        encoding="utf-8",
    )
    (folder / "zone.yaml").write_text("name: Capécure\ndescription: test\n", encoding="utf-8")
    zone = read_zone(folder)
    assert zone.name == "Capécure"
    assert [(p.id, p.kind, p.supplies) for p in zone.outside_parties] == [
        ("MER", "sea", ("water.sea",)),
        ("STEP", "wastewater_treatment", ()),
    ]
    assert zone.parameter("water_pipe_cost_eur_per_m").value == 350.0


def test_an_outside_party_in_both_yaml_and_csv_is_a_duplicate(tmp_path: Path) -> None:
    folder = french_folder(tmp_path / "zone", "utf-8")
    (folder / "outside_parties.csv").write_text("id,name,kind\nSEA,Manche,sea\n", encoding="utf-8")
    (folder / "zone.yaml").write_text(
        "outside_parties:\n  - id: SEA\n    name: Channel\n    kind: sea\n", encoding="utf-8"
    )
    with pytest.raises(ValidationReport) as raised:
        read_zone(folder)
    assert [str(problem) for problem in raised.value.problems] == [
        "zone.yaml, row 2, column id: 'SEA' is a duplicate outside party id; it first appears "
        "in outside_parties.csv, row 2"
    ]


def test_invalid_yaml_is_reported_with_its_line(tmp_path: Path) -> None:
    folder = french_folder(tmp_path / "zone", "utf-8")
    (folder / "zone.yaml").write_text("name: a\ndescription: [unclosed\n", encoding="utf-8")
    with pytest.raises(ValidationReport, match=r"zone\.yaml, row 3: is not valid YAML"):
        read_zone(folder)


def test_writing_refuses_a_folder_with_other_data_files(tmp_path: Path) -> None:
    zone = read_zone(french_folder(tmp_path / "zone", "utf-8"))
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "outside_parties.csv").write_text("id\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"already holds outside_parties\.csv"):
        write_zone(zone, tmp_path / "out")
    with pytest.raises(InputError, match=r"cannot write a zone as \.csv"):
        write_zone(zone, tmp_path / "zone.csv")


def test_writing_replaces_its_own_files_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    zone = read_zone(french_folder(tmp_path / "zone", "utf-8"))
    out = tmp_path / "out"
    write_zone(zone, out)
    (out / "README.md").write_text("kept", encoding="utf-8")
    write_zone(zone, out)
    assert sorted(path.name for path in out.iterdir()) == [
        "README.md",
        "companies.csv",
        "flows.csv",
        "zone.yaml",
    ]
    assert read_zone(out) == zone


def test_decoding_and_sniffing() -> None:
    assert decode_text("é".encode("utf-16")) == "é"
    # 0x81 is a byte Windows-1252 leaves undefined: reported, not guessed as latin-1
    with pytest.raises(TextProblems, match=r"x.csv, row 1: holds the byte 0x81 at byte 1"):
        decode_text(b"\x81\xe9", "x.csv")
    assert sniff_delimiter('"a;b",c,d\n') == ","
    assert sniff_delimiter("a\tb\tc;d\n") == "\t"
    assert sniff_delimiter("single\n") == ","
