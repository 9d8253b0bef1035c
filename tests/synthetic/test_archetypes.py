"""The archetypes as data: the packaged file, what it resolves to, and located errors on bad
entries."""

from __future__ import annotations

import fnmatch
import importlib.resources as package_files
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from symbiosis.errors import InputError
from symbiosis.synthetic import ARCHETYPES, load_archetypes

PACKAGED = package_files.files("symbiosis.synthetic").joinpath("archetypes.yaml").read_text("utf-8")

SMALL = """\
source: assumed, for a test
fixed_sets:
  floor: {potable_required: false, food_contact: false}
range_sets:
  warm:
    source: assumed
    ranges: {supply_temperature_c: [30.0, 45.0], delta_t_k: [5.0, 12.0]}
archetypes:
  - id: cannery
    label: Conserverie
    sector_nace: "10.20"
    share: 1.0
    staff_median: 30
    port: true
    templates:
      - {resource: water.potable, direction: demand, median: 8000, unit: m3/yr, weight: 1.0,
         description: "floor washing", use: floor_and_crate_washing, fixed: floor}
      - {resource: heat.low_grade, direction: supply, median: 300, unit: MWh/yr, weight: 0.6,
         description: "condenser heat", ranges: warm}
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "archetypes.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _line(text: str, fragment: str) -> int:
    """The line (from 1) of the only line of text holding fragment."""
    (number,) = [n for n, line in enumerate(text.splitlines(), 1) if fragment in line]
    return number


def test_the_packaged_file_gives_the_twelve_kinds_of_company():
    assert list(ARCHETYPES) == [
        "seafood",
        "food_processing",
        "chemicals",
        "power_plant",
        "paper_mill",
        "metals",
        "logistics",
        "utilities_wwtp",
        "recycler",
        "agriculture",
        "anaerobic_digestion",
        "building_materials",
    ]
    # 0.08 + 0.188 + 0.05 + 0.004 + 0.003 + 0.2 + 0.24 + 0.03 + 0.008 + 0.185 + 0.008 + 0.004
    assert sum(archetype.share for archetype in ARCHETYPES.values()) == pytest.approx(1.0)
    assert ARCHETYPES["utilities_wwtp"].label == "Station d'épuration"
    assert ARCHETYPES["agriculture"].sector_nace == "01.50"


def test_named_sets_are_resolved_in_the_order_written():
    seafood = ARCHETYPES["seafood"]
    rinse = next(t for t in seafood.templates if t.description == "rinse water")
    # grey_seafood is grey_food (COD, suspended solids, temperature, salinity) with a colder
    # temperature and a higher salinity, in grey_food's order.
    assert list(rinse.ranges.items()) == [
        ("cod_mg_per_l", (150.0, 1500.0)),
        ("suspended_solids_mg_per_l", (40.0, 300.0)),
        ("temperature_c", (6.0, 15.0)),
        ("salinity_g_per_l", (1.0, 20.0)),
    ]
    whole_fish = seafood.templates[0]
    assert whole_fish.use == "whole_fish_washing"
    assert dict(whole_fish.fixed) == {"potable_required": False, "food_contact": True}
    paper = ARCHETYPES["paper_mill"]
    white_water = next(t for t in paper.templates if t.description == "white water surplus")
    assert white_water.ranges["cod_mg_per_l"] == (300.0, 2500.0)
    assert white_water.ranges["salinity_g_per_l"] == (0.1, 1.5)  # from grey_industry


def test_a_small_file_loads(tmp_path):
    archetypes = load_archetypes(_write(tmp_path, SMALL))
    washing, heat = archetypes["cannery"].templates
    assert washing.median == 8000.0
    assert dict(washing.fixed) == {"potable_required": False, "food_contact": False}
    assert dict(heat.ranges) == {"supply_temperature_c": (30.0, 45.0), "delta_t_k": (5.0, 12.0)}


def test_every_problem_is_reported_with_its_line_and_place(tmp_path):
    bad = (
        SMALL.replace('"10.20"', "10.20")
        .replace("median: 300,", "median: -300,")
        .replace("unit: m3/yr", "unit: t/yr")
        .replace("ranges: warm}", "ranges: warmth}")
        .replace("staff_median: 30", "staff: 30")
    )
    path = _write(tmp_path, bad)
    with pytest.raises(InputError) as raised:
        load_archetypes(path)
    assert str(raised.value).splitlines() == [
        f"6 problems in {path}:",
        "  - line 9, archetype 1 ('cannery'), staff_median: is missing; add it",
        "  - line 11, archetype 1 ('cannery'), sector_nace: write the NACE class in quotes, "
        'e.g. "10.20": unquoted, YAML reads the number 10.2',
        "  - line 13, archetype 1 ('cannery'), staff: is not a key of this entry; remove it or "
        "check its spelling",
        "  - line 16, archetype 1 ('cannery'), template 1 (water.potable demand): unit: "
        "water.potable is counted in m3/yr, not t/yr; write the median in m3/yr",
        "  - line 18, archetype 1 ('cannery'), template 2 (heat.low_grade supply), median: "
        "Input should be greater than 0 (given -300)",
        "  - line 19, archetype 1 ('cannery'), template 2 (heat.low_grade supply), ranges: "
        "'warmth' is not one of the range_sets; did you mean 'warm'?",
    ]


def test_bad_sets_bad_names_and_repeated_ids_are_reported(tmp_path):
    bad = (
        SMALL.replace("supply_temperature_c: [30.0", "supply_temp_c: [30.0")
        .replace("fixed: floor}", "fixed: {potable: true}}")
        .replace("resource: water.potable", "resource: water.potabel")
    )
    # The same archetype again, valid but for its id (line 20).
    bad += SMALL[SMALL.index("  - id: cannery") :].replace("ranges: warm}", "}")
    path = _write(tmp_path, bad)
    with pytest.raises(InputError) as raised:
        load_archetypes(path)
    assert str(raised.value).splitlines() == [
        f"5 problems in {path}:",
        "  - line 7, range_sets 'warm', ranges: 'supply_temp_c' is not a number field of a "
        "flow; did you mean 'supply_temperature_c'?",
        "  - line 16, archetype 1 ('cannery'), template 1 (water.potabel demand), resource: "
        "'water.potabel' is not a resource of the catalogue; did you mean 'water.potable' or "
        "'water.waste' or 'water.sea'?; write an id, or a French or English label of the "
        "'resources' sheet of the template (symbiosis template)",
        "  - line 17, archetype 1 ('cannery'), template 1 (water.potabel demand), fixed: "
        "'potable' is not a yes/no flow field; did you mean 'potable_required'?",
        "  - line 19, archetype 1 ('cannery'), template 2 (heat.low_grade supply), ranges: "
        "'warm' of the range_sets is not valid; fix it first (see above)",
        "  - line 20, archetype 2 ('cannery'), id: 'cannery' is already the id of archetype 1",
    ]


def test_shares_must_sum_to_one(tmp_path):
    path = _write(tmp_path, SMALL.replace("share: 1.0", "share: 0.7"))
    with pytest.raises(InputError, match=r"line 9, archetypes: the shares sum to 0\.7; make them"):
        load_archetypes(path)


def test_a_bad_number_in_the_packaged_file_is_located(tmp_path):
    fragment = "resource: material.fish_byproducts, direction: supply, median: 800,"
    bad = PACKAGED.replace(fragment, fragment.replace("800", "-800"))
    path = _write(tmp_path, bad)
    line = _line(PACKAGED, fragment)
    message = (
        f"line {line}, archetype 1 ('seafood'), template 6 (material.fish_byproducts supply), "
        "median: Input should be greater than 0 (given -800)"
    )
    with pytest.raises(InputError, match=re.escape(message)):
        load_archetypes(path)


def test_unreadable_and_invalid_files_are_refused(tmp_path):
    with pytest.raises(InputError, match=r"cannot read the archetypes .*missing\.yaml"):
        load_archetypes(tmp_path / "missing.yaml")
    with pytest.raises(InputError, match=r"(?s)is not valid YAML: .*line 3, column 1"):
        load_archetypes(_write(tmp_path, "source: x\narchetypes: [\n"))


def test_the_data_files_ship_with_the_package():
    # A non-editable install copies only what [tool.setuptools.package-data] lists.
    root = Path(__file__).parents[2]
    patterns = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]["package-data"]["symbiosis"]
    package = root / "src" / "symbiosis"
    unlisted = [
        path.relative_to(package).as_posix()
        for path in package.rglob("*.yaml")
        if not any(fnmatch.fnmatch(path.relative_to(package).as_posix(), p) for p in patterns)
    ]
    assert unlisted == []
    assert "synthetic/*.yaml" in patterns


def test_the_generator_does_not_import_the_oracle():
    code = (
        "import sys, symbiosis.synthetic; "
        "assert 'symbiosis.testing' not in sys.modules, 'symbiosis.testing imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
