"""Every problem of a zone's files is reported at once, with its file, row, column and value."""

from __future__ import annotations

from pathlib import Path

import pytest

from symbiosis.errors import InputError, Problem, ValidationReport
from symbiosis.io import read_zone

COMPANIES = """\
id,name,sector_nace,latitude,longitude
C001,Marée Alpha,46.38,50.72,1.59
C002,Filets Beta,10.20,50.721,1.591
"""

FLOW_HEADER = "id,company_id,direction,resource,quantity,unit,operating_hours_per_yr"


def write_zone_folder(folder: Path, flows: str, companies: str = COMPANIES) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "companies.csv").write_text(companies, encoding="utf-8")
    (folder / "flows.csv").write_text(flows, encoding="utf-8")
    return folder


def problems_of(folder: Path) -> list[Problem]:
    with pytest.raises(ValidationReport) as raised:
        read_zone(folder)
    return raised.value.problems


def only_problem(folder: Path) -> str:
    problems = problems_of(folder)
    assert len(problems) == 1, problems
    return str(problems[0])


def flows_with(tmp_path: Path, *rows: str, header: str = FLOW_HEADER) -> Path:
    return write_zone_folder(tmp_path / "zone", "\n".join([header, *rows]) + "\n")


def test_unknown_unit_reuses_the_units_message_with_a_suggestion(tmp_path: Path) -> None:
    folder = flows_with(tmp_path, "F1,C001,demand,water.potable,12,m3/hh,4000")
    assert only_problem(folder) == (
        "flows.csv, row 2, column unit: 'm3/hh' is not a known unit: unknown time 'hh'; "
        "did you mean 'm3/h' or 'm3/s' or 'm3/month'?"
    )


def test_the_report_is_one_error_naming_the_source(tmp_path: Path) -> None:
    folder = flows_with(tmp_path, "F1,C001,demand,water.potable,12,m3/hh,4000")
    with pytest.raises(InputError, match=r"^1 problem found in .*zone:\n  - flows.csv, row 2"):
        read_zone(folder)


def test_missing_required_column_is_a_file_level_problem_naming_the_french_alias(
    tmp_path: Path,
) -> None:
    folder = flows_with(
        tmp_path,
        "F1,C001,demand,water.potable,12",
        header="id,company_id,direction,resource,quantity",
    )
    assert only_problem(folder) == (
        "flows.csv: the required column 'unit' (in French 'unité') is missing; add it"
    )


def test_missing_required_column_without_a_french_alias(tmp_path: Path) -> None:
    companies = "id,name,sector_nace,longitude\nC001,Marée Alpha,46.38,1.59\n"
    folder = write_zone_folder(tmp_path / "zone", FLOW_HEADER + "\n", companies)
    assert only_problem(folder) == (
        "companies.csv: the required column 'latitude' is missing; add it"
    )


def test_unknown_column_is_reported_with_a_suggestion(tmp_path: Path) -> None:
    folder = flows_with(
        tmp_path,
        "F1,C001,demand,water.potable,12,m3/yr,",
        header="id,company_id,direction,resource,quantity,unit,operating_hours",
    )
    assert read_zone(folder).flows[0].operating_hours_per_yr is None  # an English alias
    folder = flows_with(
        tmp_path,
        "F1,C001,demand,water.potable,12,m3/yr,",
        header="id,company_id,direction,resource,quantity,unit,operatin_hours_per_yr",
    )
    assert only_problem(folder) == (
        "flows.csv, row 1, column operatin_hours_per_yr: 'operatin_hours_per_yr' is not a "
        "column of flows; did you mean 'operating_hours_per_yr' or 'operating_days_per_yr'?; "
        "rename it, or delete the column (see the columns sheet of the template)"
    )


def test_duplicate_id_names_the_row_where_it_first_appeared(tmp_path: Path) -> None:
    folder = flows_with(
        tmp_path,
        "F1,C001,demand,water.potable,12,m3/yr,",
        "F2,C001,demand,water.potable,12,m3/yr,",
        "F1,C002,demand,water.potable,12,m3/yr,",
    )
    assert only_problem(folder) == (
        "flows.csv, row 4, column id: 'F1' is a duplicate flow id; it first appears in row 2"
    )


def test_flow_of_an_unknown_company_suggests_the_closest_id(tmp_path: Path) -> None:
    folder = flows_with(tmp_path, "F1,C0001,demand,water.potable,12,m3/yr,")
    assert only_problem(folder) == (
        "flows.csv, row 2, column company_id: 'C0001' is not a company id of companies.csv; "
        "did you mean 'C001' or 'C002'?"
    )


def test_latitude_and_longitude_out_of_range(tmp_path: Path) -> None:
    companies = COMPANIES + "C003,Froid Gamma,52.10,95,181\n"
    folder = write_zone_folder(tmp_path / "zone", FLOW_HEADER + "\n", companies)
    assert [str(problem) for problem in problems_of(folder)] == [
        "companies.csv, row 4, column latitude: '95' must be between -90 and 90",
        "companies.csv, row 4, column longitude: '181' must be between -180 and 180",
    ]


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        ("-4", "'-4' must be 0 or more"),
        ("inf", "'inf' must be a finite number"),
        ("nan", "'nan' must be a finite number"),
        ("12,5,3", "'12,5,3' is not a number"),
        ("douze", "'douze' is not a number"),
    ],
)
def test_bad_quantities(tmp_path: Path, quantity: str, message: str) -> None:
    folder = flows_with(tmp_path, f'F1,C001,demand,water.potable,"{quantity}",m3/yr,')
    assert only_problem(folder) == f"flows.csv, row 2, column quantity: {message}"


def test_monthly_profile_must_sum_to_one(tmp_path: Path) -> None:
    header = FLOW_HEADER + "," + ",".join(f"profile_{month:02d}" for month in range(1, 13))
    folder = flows_with(
        tmp_path, "F1,C001,demand,water.potable,12,m3/yr,," + ",".join(["0.1"] * 12), header=header
    )
    assert only_problem(folder) == (
        "flows.csv, row 2, column profile_01..profile_12: the 12 monthly shares sum to 1.200; "
        "they must sum to 1 (divide each month's quantity by the annual total)"
    )


def test_monthly_profile_all_empty_is_none_and_a_share_can_be_a_percentage(
    tmp_path: Path,
) -> None:
    header = FLOW_HEADER + ",jan,fev,mars,avr,mai,juin,juil,aout,sept,oct,nov,dec"
    folder = flows_with(
        tmp_path,
        "F1,C001,demand,water.potable,12,m3/yr," + "," * 12,
        'F2,C001,demand,water.potable,12,m3/yr,,"50 %",,,,,,,,,,,"0,5"',
        header=header,
    )
    first, second = read_zone(folder).flows
    assert first.monthly_profile is None
    assert second.monthly_profile == (0.5, *[0.0] * 10, 0.5)


def test_unknown_resource_gives_the_closest_ids(tmp_path: Path) -> None:
    folder = flows_with(tmp_path, "F1,C001,demand,water.potabel,12,m3/yr,")
    assert only_problem(folder) == (
        "flows.csv, row 2, column resource: 'water.potabel' is not a resource of the catalogue; "
        "did you mean 'water.potable' or 'water.waste' or 'water.sea'?; write an id, or a "
        "French or English label of the 'resources' sheet of the template (symbiosis "
        "template)"
    )


def test_unknown_use_lists_the_uses(tmp_path: Path) -> None:
    folder = flows_with(
        tmp_path,
        "F1,C001,demand,water.potable,12,m3/yr,,whole_fish_wash",
        header=FLOW_HEADER + ",use",
    )
    message = only_problem(folder)
    assert message.startswith(
        "flows.csv, row 2, column use: 'whole_fish_wash' is not a known use; did you mean "
        "'whole_fish_washing' or "
    )
    assert "known uses: unloading, whole_fish_washing, thawing," in message


def test_demand_requirement_on_a_supply_points_at_the_requirement(tmp_path: Path) -> None:
    folder = flows_with(
        tmp_path,
        "F1,C001,supply,water.grey,12,m3/yr,,500",
        header=FLOW_HEADER + ",DCO max",
    )
    assert only_problem(folder) == (
        "flows.csv, row 2, column DCO max: '500' max_cod_mg_per_l is a requirement of a demand, "
        "but flow F1 is a supply; move it to the demand flow or set direction to 'demand'"
    )


def test_hourly_rate_without_operating_hours_points_at_the_unit(tmp_path: Path) -> None:
    folder = flows_with(tmp_path, "F1,C001,demand,heat.hot_water,100,kW,")
    assert only_problem(folder) == (
        "flows.csv, row 2, column unit: 'kW' is a rate while running: give "
        "operating_hours_per_yr (hours per year the flow runs), or write the quantity per year"
    )


def test_operating_hours_out_of_range(tmp_path: Path) -> None:
    folder = flows_with(tmp_path, "F1,C001,demand,heat.hot_water,100,kW,9000")
    assert only_problem(folder) == (
        "flows.csv, row 2, column operating_hours_per_yr: '9000' must be more than 0 and "
        "8784 or less"
    )


def test_empty_required_cell_and_bad_identifier(tmp_path: Path) -> None:
    folder = flows_with(tmp_path, "F 1,C001,demand,water.potable,,m3/yr,")
    assert [str(problem) for problem in problems_of(folder)] == [
        "flows.csv, row 2, column id: 'F 1' must be an id without spaces, ';' or ','",
        "flows.csv, row 2, column quantity: is empty; a value is required",
    ]


def test_bad_direction_boolean_and_whole_number(tmp_path: Path) -> None:
    folder = flows_with(
        tmp_path,
        "F1,C001,dedans,water.potable,1,m3/yr,,peut-être,3.5",
        header=FLOW_HEADER + ",food_contact,abp_category",
    )
    assert [str(problem) for problem in problems_of(folder)] == [
        "flows.csv, row 2, column abp_category: '3.5' must be a whole number",
        "flows.csv, row 2, column direction: 'dedans' is not a valid direction: write 'supply' "
        "(sortie, offre, sortant, rejet, output) or 'demand' (entrée, besoin, entrant, demande, "
        "consommation, input)",
        "flows.csv, row 2, column food_contact: 'peut-être' is not a yes/no value: write oui or "
        "non (true/false, 1/0, or x for yes)",
    ]


def test_many_broken_rows_are_all_reported_with_file_row_and_column(tmp_path: Path) -> None:
    rows = [
        "F01,C001,demand,water.potable,3000,m3/yr,",  # row 2: fine
        "F02,C001,demand,water.potable,12,m3/hh,4000",  # row 3: unit
        "",  # row 4: blank, counted
        "F03,C009,supply,water.grey,2000,m3/yr,",  # row 5: company
        "F04,C002,demand,water.potabel,-1,m3/yr,",  # row 6: resource and quantity
        "F05,C002,sideways,water.potable,1,m3/yr,",  # row 7: direction
        "F01,C002,demand,water.potable,1,m3/yr,",  # row 8: duplicate
        "F06,C002,demand,heat.hot_water,100,kW,",  # row 9: operating hours
        "F07,C002,demand,water.potable,abc,m3/yr,",  # row 10: not a number
    ]
    folder = flows_with(tmp_path, *rows)
    found = [(p.file, p.row, p.column, p.value) for p in problems_of(folder)]
    assert found == [
        ("flows.csv", 3, "unit", "m3/hh"),
        ("flows.csv", 5, "company_id", "C009"),
        ("flows.csv", 6, "quantity", "-1"),
        ("flows.csv", 6, "resource", "water.potabel"),
        ("flows.csv", 7, "direction", "sideways"),
        ("flows.csv", 8, "id", "F01"),
        ("flows.csv", 9, "unit", "kW"),
        ("flows.csv", 10, "quantity", "abc"),
    ]


def test_problems_of_every_file_are_collected_together(tmp_path: Path) -> None:
    companies = COMPANIES + "C001,Copie,10.20,50.7,1.6\nC003,Gamma,10-20,50.7,1.6\n"
    folder = write_zone_folder(
        tmp_path / "zone", FLOW_HEADER + "\nF1,C001,demand,water.potable,1,m3/hr,\n", companies
    )
    (folder / "zone.yaml").write_text(
        "name: test\nouside_parties: []\nparameters:\n  gas_price_eur_per_mwh:\n    value: 60\n",
        encoding="utf-8",
    )
    found = [str(problem) for problem in problems_of(folder)]
    assert found == [
        "companies.csv, row 4, column id: 'C001' is a duplicate company id; it first appears in "
        "row 2",
        "companies.csv, row 5, column sector_nace: '10-20' is not a NACE Rev. 2 code; write it "
        "as two digits, a dot and one or two digits, e.g. '10.20' (a NAF letter is allowed: "
        "'46.38A')",
        "flows.csv, row 2, column unit: 'm3/hr' is a rate while running: give "
        "operating_hours_per_yr (hours per year the flow runs), or write the quantity per year",
        "zone.yaml, row 2, column ouside_parties: 'ouside_parties' is not a key of zone.yaml; "
        "did you mean 'outside_parties'?; use name, description, outside_parties, parameters",
        "zone.yaml, row 4, column source: is missing; add it",
        "zone.yaml, row 4, column unit: is missing; add it",
    ]


def test_outside_party_problems_and_id_clash(tmp_path: Path) -> None:
    folder = flows_with(tmp_path, "F1,C001,demand,water.potable,1,m3/yr,")
    (folder / "outside_parties.csv").write_text(
        "identifiant;nom;type;fournit\nSEA;Manche;mer;water.sea\nC001;Réseau;réseau d'eau;"
        "water.potable\nNET;Réseau;lagoon;water.potabel\n",
        encoding="utf-8",
    )
    found = [str(problem) for problem in problems_of(folder)]
    assert found == [
        "outside_parties.csv, row 3, column identifiant: 'C001' is also the id of a company "
        "(companies.csv, row 2); companies and outside parties need different ids",
        "outside_parties.csv, row 4, column fournit: 'water.potabel' is not a resource of the "
        "catalogue; did you mean 'water.potable' or 'water.waste' or 'water.sea'?; write an "
        "id, or a French or English label of the 'resources' sheet of the template (symbiosis "
        "template)",
        "outside_parties.csv, row 4, column type: 'lagoon' is not a valid kind: write 'sea' "
        "(mer) or 'water_network' (réseau d'eau, réseau d'eau potable, eau de ville) or "
        "'gas_grid' (réseau de gaz) or 'electricity_grid' (réseau électrique) or 'landfill' "
        "(enfouissement, décharge, ISDND) or 'incineration' (incinération, incinérateur) or "
        "'wastewater_treatment' (station d'épuration, STEP) or 'recycler' (recycleur) or "
        "'other' (autre)",
    ]


def test_missing_files_and_unknown_csv_files(tmp_path: Path) -> None:
    folder = tmp_path / "zone"
    folder.mkdir()
    (folder / "companies.csv").write_text(COMPANIES, encoding="utf-8")
    (folder / "flow.csv").write_text(FLOW_HEADER + "\n", encoding="utf-8")
    (folder / "README.md").write_text("notes are not data", encoding="utf-8")
    found = [str(problem) for problem in problems_of(folder)]
    assert found == [
        "flow.csv: is not a table of a zone; name it companies.csv, flows.csv, "
        "outside_parties.csv, parameters.csv, zone.csv, or move it out of the folder",
        f"flows.csv: is missing from {folder}: a zone needs one row per flow into or out of a "
        "company",
    ]


def test_a_missing_companies_file_is_one_problem_not_one_per_flow(tmp_path: Path) -> None:
    folder = flows_with(tmp_path, "F1,C001,demand,water.potable,1,m3/yr,")
    (folder / "companies.csv").unlink()
    assert only_problem(folder) == (
        f"companies.csv: is missing from {folder}: a zone needs one row per company (site)"
    )
    (folder / "companies.csv").write_text("identity,name\nC001,A\n", encoding="utf-8")
    assert [str(problem) for problem in problems_of(folder)] == [
        "companies.csv: the required column 'id' (in French 'identifiant') is missing; add it",
        "companies.csv: the required column 'latitude' is missing; add it",
        "companies.csv: the required column 'longitude' is missing; add it",
        "companies.csv: the required column 'sector_nace' (in French 'code NAF') is missing; "
        "add it",
        "companies.csv, row 1, column identity: 'identity' is not a column of companies; did "
        "you mean 'id' or 'confidential'?; rename it, or delete the column (see the columns "
        "sheet of the template)",
    ]


def test_values_under_no_header_are_not_dropped(tmp_path: Path) -> None:
    folder = flows_with(tmp_path, "F1,C001,demand,water.potable,1,m3/yr,,forgotten")
    assert only_problem(folder) == (
        "flows.csv, row 2: 'forgotten' is in a column without a header; name the column or "
        "clear the cell"
    )


def test_a_path_that_is_not_a_zone(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        read_zone(tmp_path / "nowhere")
    table = tmp_path / "flows.csv"
    table.write_text(FLOW_HEADER, encoding="utf-8")
    with pytest.raises(InputError, match=r"give the folder that holds companies\.csv"):
        read_zone(table)
    sheet = tmp_path / "zone.xls"
    sheet.write_bytes(b"")
    with pytest.raises(InputError, match=r"save an \.xls or \.ods as \.xlsx"):
        read_zone(sheet)


def test_price_kind_and_todays_partner_read_from_french_headers(tmp_path: Path) -> None:
    header = FLOW_HEADER + ",prix,type de prix,devenir actuel,partenaire actuel"
    folder = flows_with(
        tmp_path,
        "F1,C001,supply,material.ice,100,t/yr,,68,prix de vente,vendu,C002",
        header=header,
    )
    (flow,) = read_zone(folder).flows
    assert (flow.price_kind, flow.current_route, flow.current_partner_id) == (
        "sale",
        "sold",
        "C002",
    )
    assert flow.signed_cost_eur_per_unit == -68.0


def test_unknown_current_partner_is_located_with_the_fix(tmp_path: Path) -> None:
    header = FLOW_HEADER + ",current_partner_id"
    folder = flows_with(tmp_path, "F1,C001,supply,material.ice,100,t/yr,,C02", header=header)
    assert only_problem(folder) == (
        "flows.csv, row 2, column current_partner_id: 'C02' is neither a company nor an outside "
        "party of the zone; did you mean 'C002' or 'C001'?; give the id of today's buyer, "
        "collector or supplier (add it to outside_parties if it is not a company of the zone)"
    )


def test_a_disposal_fee_on_ice_points_at_the_price_kind(tmp_path: Path) -> None:
    header = FLOW_HEADER + ",cost_eur_per_unit,price_kind"
    folder = flows_with(
        tmp_path, "F1,C001,supply,material.ice,100,t/yr,,68,coût d'élimination", header=header
    )
    assert only_problem(folder) == (
        'flows.csv, row 2, column price_kind: "coût d\'élimination" a disposal fee is paid to '
        "get rid of a waste, but "
        "flake ice (material.ice) is a product, not a waste; if the company sells it, write sale "
        "(prix de vente), if it gives it away, free"
    )
