"""The register readers on the synthetic fixtures (tests/sources/fixtures, see make_fixtures.py)."""

from __future__ import annotations

import gzip
import math
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest

from symbiosis.errors import ValidationReport
from symbiosis.sources import (
    lambert93_to_wgs84,
    read_bnpe,
    read_icpe,
    read_irep,
    read_sirene,
)
from symbiosis.sources.lambert import LAMBERT_93, LambertConic, lambert_inverse

FIXTURES = Path(__file__).parent / "fixtures"
IREP = FIXTURES / "irep" / "2024"
STOCK = FIXTURES / "sirene" / "StockEtablissement_extrait.csv"
GEOLOCATION = FIXTURES / "sirene" / "GeolocalisationEtablissement_extrait.csv"


# --- Lambert 93 ----------------------------------------------------------------------------


def test_lambert93_constants_are_the_published_ones() -> None:
    # IGN's table of Lambert projections: n = 0.7256077650, C = 11 754 255.426 m,
    # Xs = 700 000 m, Ys = 12 655 612.050 m.
    assert LAMBERT_93.n == pytest.approx(0.7256077650, abs=1e-10)
    assert LAMBERT_93.c == pytest.approx(11754255.426, abs=1e-3)
    assert LAMBERT_93.ys == pytest.approx(12655612.050, abs=1e-3)


def test_inverse_lambert_matches_ign_test_set_alg0004() -> None:
    # NT/G 71, ALG0004 test set (Lambert I constants, Paris meridian 0.04079234433 rad):
    # X = 1 029 705.083 m, Y = 272 723.849 m -> lambda = 0.145512099 rad, phi = 0.872664626 rad.
    projection = LambertConic(
        n=0.7604059656, c=11603796.98, xs=600000.0, ys=5657616.674,
        lon0_rad=0.04079234433, e=0.0824832568,
    )  # fmt: skip
    longitude, latitude = lambert_inverse([1029705.083], [272723.849], projection)
    assert longitude[0] == pytest.approx(0.145512099, abs=1e-9)
    assert latitude[0] == pytest.approx(0.872664626, abs=1e-9)


def test_lambert93_origin_is_3_east_46_5_north() -> None:
    # By definition the point (700 000, 6 600 000) is 3° E, 46° 30' N.
    longitude, latitude = lambert93_to_wgs84(np.array([700000.0]), np.array([6600000.0]))
    assert (longitude[0], latitude[0]) == (pytest.approx(3.0, abs=1e-12), pytest.approx(46.5))


# --- IREP ------------------------------------------------------------------------------------


def test_irep_reads_bom_decimal_comma_below_threshold_and_leading_zeros() -> None:
    archive = read_irep(IREP)
    assert archive.year == 2024 and archive.source == "IREP 2024"
    first = archive.establishments.iloc[0]
    # The BOM is not part of the first header, the SIRET keeps its leading zero.
    assert (first["aiot"], first["siret"], first["nace"]) == (
        "0006200001", "01234567800010", "10.20Z"
    )  # fmt: skip
    # Decimal commas in WGS84 coordinates: "1,5951" "50,7243".
    assert (first["longitude"], first["latitude"]) == (1.5951, 50.7243)
    water = archive.water.set_index(["aiot", "column"])
    # "125 000,5" with a space between thousands and a decimal comma.
    assert water.loc[("0006200001", "prelevements_reseau_distribution"), "quantity_m3_per_yr"] == (
        125000.5
    )
    below = water.loc[("0006200001", "prelevements_eaux_souterraines")]
    assert below["below_threshold"] and math.isnan(below["quantity_m3_per_yr"])
    # Empty cells give no line: 0006200001 has no surface-water withdrawal.
    assert ("0006200001", "prelevements_eaux_surface") not in water.index


def test_irep_positions_in_lambert93_and_without_a_code() -> None:
    establishments = read_irep(IREP).establishments.set_index("aiot")
    # Written by make_fixtures.py from 1.6010 E 50.7190 N (EPSG 2154) and 1.5880 E 50.7300 N
    # (no code, Lambert 93 range), rounded to 1 cm and 10 cm: back within 1e-5° (< 1 m).
    assert establishments.loc["0006200002", "longitude"] == pytest.approx(1.6010, abs=1e-5)
    assert establishments.loc["0006200002", "latitude"] == pytest.approx(50.7190, abs=1e-5)
    assert establishments.loc["0006200003", "longitude"] == pytest.approx(1.5880, abs=1e-5)
    assert establishments.loc["0006200003", "latitude"] == pytest.approx(50.7300, abs=1e-5)


def test_irep_duplicate_rows_are_set_aside_with_the_row_they_repeat() -> None:
    archive = read_irep(IREP)
    assert archive.set_aside.to_dict("records") == [
        {"file": "2024/Prelevements.csv", "row": 4, "identifiant": "0006200002",
         "reason": "duplicate of row 3"}
    ]  # fmt: skip
    # The duplicate is counted once: 60,000 m³, not 120,000.
    petfood = archive.water[archive.water["aiot"] == "0006200002"]
    assert petfood["quantity_m3_per_yr"].sum() == 60000 + 45000


def test_irep_waste_operations_and_lost_leading_zero() -> None:
    waste = read_irep(IREP).waste.set_index(["aiot", "ewc_code"])
    fish = waste.loc[("0006200001", "02 02 02")]
    # "4 200,5" t/yr, R3: recovery.
    assert (fish["quantity_t_per_yr"], fish["operation"], fish["route"]) == (
        4200.5, "R3", "recovery"
    )  # fmt: skip
    incinerated = waste.loc[("0006200002", "02 02 03")]
    assert (incinerated["route"], incinerated["party_kind"]) == ("disposal", "incineration")
    # Destination département written "2" (leading zero lost) is read as "02".
    assert incinerated["destination_departement"] == "02"
    assert waste.loc[("0006200001", "13 02 05*"), "hazardous"]


def test_irep_reads_the_zip_as_downloaded(tmp_path: Path) -> None:
    archive_path = tmp_path / "2024.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        for file in sorted(IREP.iterdir()):
            archive.write(file, f"2024/{file.name}")
    archive = read_irep(archive_path)
    assert archive.year == 2024
    assert len(archive.establishments) == 3 and len(archive.waste) == 7


def test_irep_renamed_column_of_another_year(tmp_path: Path) -> None:
    folder = tmp_path / "2019"
    shutil.copytree(IREP, folder)
    path = folder / "Prod_dechets_non_dangereux.csv"
    # A corrected spelling of the operation column is read as the same column.
    text = path.read_bytes().replace(
        b"code_operation_eliminatio_valorisation", b"code_operation_elimination_valorisation"
    )
    path.write_bytes(text)
    assert len(read_irep(folder).waste) == 7


def test_irep_reports_every_problem_with_file_row_and_column(tmp_path: Path) -> None:
    folder = tmp_path / "2024"
    shutil.copytree(IREP, folder)
    path = folder / "Prelevements.csv"
    path.write_bytes(path.read_bytes().replace(b"300000", b"beaucoup"))
    waste = folder / "Prod_dechets_dangereux.csv"
    waste.write_bytes(waste.read_bytes().replace(b";R9;", b";X9;"))
    with pytest.raises(ValidationReport) as raised:
        read_irep(folder)
    assert [str(problem) for problem in raised.value.problems] == [
        "2024/Prelevements.csv, row 2, column prelevements_mer: 'beaucoup' is not a number; "
        "write a number such as 1234,5, the literal '< seuil', or leave the cell empty",
        "2024/Prod_dechets_dangereux.csv, row 2, column code_operation_eliminatio_valorisation: "
        "'X9' is not a recovery or disposal code; write R1 to R13 or D1 to D15 "
        "(Directive 2008/98/EC, Annexes I and II)",
    ]
    # Not strict: the rows at fault are set aside with their reason.
    archive = read_irep(folder, strict=False)
    assert len(archive.problems) == 2
    assert "X9" not in set(archive.waste["operation"])
    assert "is not a recovery or disposal code" in archive.set_aside["reason"].iloc[1]


def test_irep_missing_column_names_the_headers_found(tmp_path: Path) -> None:
    folder = tmp_path / "2024"
    shutil.copytree(IREP, folder)
    path = folder / "rejets.csv"
    path.write_bytes(path.read_bytes().replace(b"annee_rejet", b"year"))
    with pytest.raises(ValidationReport, match=r"rejets.csv, row 1, column annee_rejet: column "
                       r"missing: the file needs 'annee_rejet' or 'annee'; its headers are "
                       r"'identifiant', 'nom_etablissement', 'year'"):  # fmt: skip
        read_irep(folder)


# --- ICPE ------------------------------------------------------------------------------------


def test_icpe_installations_headings_and_lambert_position() -> None:
    export = read_icpe(FIXTURES / "icpe" / "installations_classees.json")
    installations = export.installations.set_index("aiot")
    assert list(installations.index) == ["0006200001", "0006200002", "0006200777", "0006200888"]
    # Placed only by coordonneeXAIOT/YAIOT in EPSG 2154, written from 1.5990 E 50.7270 N.
    assert installations.loc["0006200777", "longitude"] == pytest.approx(1.5990, abs=1e-5)
    assert installations.loc["0006200777", "latitude"] == pytest.approx(50.7270, abs=1e-5)
    headings = export.headings.set_index(["aiot", "heading"])
    # "40 000" kg/j and "12,5" t: French numbers.
    assert headings.loc[("0006200002", "2221"), "quantity"] == 40000
    assert headings.loc[("0006200777", "4735"), "quantity"] == 12.5
    assert headings.loc[("0006200001", "2921"), "unit"] == "kW"


def test_icpe_capacity_that_is_not_a_number(tmp_path: Path) -> None:
    path = tmp_path / "icpe.json"
    text = (FIXTURES / "icpe" / "installations_classees.json").read_text(encoding="utf-8")
    path.write_text(text.replace('"3000"', '"trois mille"'), encoding="utf-8")
    with pytest.raises(ValidationReport, match=r"icpe.json, row 1, column "
                       r"rubriques.quantiteTotale: 'trois mille' is not a number"):  # fmt: skip
        read_icpe(path)


# --- SIRENE ----------------------------------------------------------------------------------


def test_sirene_filters_state_departement_and_activity_while_reading() -> None:
    found = read_sirene(
        STOCK, GEOLOCATION, departements=["62"], activities=["10", "46.38", "52.10"]
    )
    # 6 rows read; kept: not the closed one (F), not Lille (59), not the restaurant (56.10A).
    assert found.rows_read == 6
    assert found.establishments["siret"].tolist() == [
        "01234567800010", "41234567800012", "79912345600011"
    ]  # fmt: skip
    first = found.establishments.iloc[0]
    assert (first["nace"], first["nace_2025"], first["staff_low"], first["staff_high"]) == (
        "10.20Z", "10.20Y", 50, 99
    )  # fmt: skip


def test_sirene_nace_2025_column_alone_can_select() -> None:
    found = read_sirene(STOCK, departements=["62"], activities=["46.38Y"])
    assert found.establishments["siret"].tolist() == ["79912345600011"]


def test_sirene_geolocation_two_projections() -> None:
    found = read_sirene(STOCK, GEOLOCATION, departements=["62"], activities=["10", "46", "52"])
    located = found.establishments.set_index("siret")
    # EPSG 2154 row written from 1.5951 E 50.7243 N; EPSG 4326 row given in degrees.
    assert located.loc["01234567800010", "longitude"] == pytest.approx(1.5951, abs=1e-5)
    assert located.loc["01234567800010", "latitude"] == pytest.approx(50.7243, abs=1e-5)
    assert (located.loc["79912345600011", "longitude"], located.loc["79912345600011",
            "latitude"]) == (1.5930, 50.7262)  # fmt: skip


def test_sirene_small_chunks_give_the_same_rows() -> None:
    whole = read_sirene(STOCK, GEOLOCATION, departements=["62"]).establishments
    chunked = read_sirene(STOCK, GEOLOCATION, departements=["62"], chunk_rows=2).establishments
    assert whole.equals(chunked)


def test_sirene_unknown_projection_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "geo.csv"
    path.write_bytes(GEOLOCATION.read_bytes().replace(b";12;4326;", b";12;2975;"))
    path.write_bytes(path.read_bytes().replace(b"4326", b"2975"))
    with pytest.raises(ValidationReport, match=r"geo.csv, row 4, column epsg: '2975' is a "
                       r"projection that is not read \(only 2154 and 4326\)"):  # fmt: skip
        read_sirene(STOCK, path, departements=["62"])


# --- BNPE ------------------------------------------------------------------------------------


def test_bnpe_volumes_and_usage() -> None:
    export = read_bnpe(FIXTURES / "bnpe" / "export_bnpe.csv")
    rows = export.abstractions.set_index("work")
    assert rows.loc["OPR0000620001", "volume_m3_per_yr"] == 150000
    assert rows.loc["OPR0000620001", "usage"] == "IND"
    assert rows.loc["OPR0000620001", "longitude"] == 1.596


def test_sirene_gzip_with_positions_in_the_stock(tmp_path: Path) -> None:
    # data.gouv.fr's geo_siret_{dep}.csv.gz: the stock's columns plus longitude and latitude.
    lines = STOCK.read_text(encoding="utf-8").splitlines()
    rows = [lines[0] + ",longitude,latitude"] + [line + ",1.5951,50.7243" for line in lines[1:]]
    path = tmp_path / "geo_siret_62.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(rows) + "\n")
    found = read_sirene(path, departements=["62"], activities=["10.20"])
    assert found.establishments[["siret", "longitude", "latitude"]].values.tolist() == [
        ["01234567800010", 1.5951, 50.7243]
    ]


def test_sirene_missing_column_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "stock.csv"
    path.write_text(
        STOCK.read_text(encoding="utf-8").replace("etatAdministratifEtablissement", "etat"),
        encoding="utf-8",
    )
    with pytest.raises(
        ValidationReport,
        match=r"stock.csv, row 1, column etatAdministratifEtablissement: column missing",
    ):
        read_sirene(path, departements=["62"])
