"""The JSON format: the zone's model_dump, checked like the spreadsheets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from symbiosis.errors import ValidationReport
from symbiosis.io import load_example, read_zone, write_zone


def test_json_is_the_model_dump(tmp_path: Path) -> None:
    toy = load_example("toy")
    path = write_zone(toy, tmp_path / "toy.json")
    assert json.loads(path.read_text(encoding="utf-8")) == toy.model_dump(mode="json")


def test_json_problems_name_the_record_and_field(tmp_path: Path) -> None:
    data = load_example("toy").model_dump(mode="json")
    data["flows"][1]["unit"] = "m3/hh"
    data["flows"][2]["company_id"] = "T9"
    data["flows"][3]["id"] = "F01"
    data["companies"][0]["colour"] = "blue"
    del data["companies"][1]["latitude"]
    data["parameters"]["water_pipe_cost_eur_per_m"]["value"] = "cheap"
    data["zones"] = []
    path = tmp_path / "zone.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationReport) as raised:
        read_zone(path)
    assert [str(problem) for problem in raised.value.problems] == [
        "zone.json, column companies[0].colour: 'blue' is not a field of Company",
        "zone.json, column companies[1].latitude: is missing; add it",
        "zone.json, column flows[1].unit: 'm3/hh' is not a known unit: unknown time 'hh'; did "
        "you mean 'm3/h' or 'm3/s' or 'm3/month'?",
        "zone.json, column flows[2].company_id: 'T9' is not a company id of zone.json; did you "
        "mean 'T1' or 'T2' or 'T3'?",
        "zone.json, column flows[3].id: 'F01' is a duplicate flow id; it first appears in flows[0]",
        "zone.json, column parameters.water_pipe_cost_eur_per_m.value: 'cheap' is not a number",
        "zone.json, column zones: 'zones' is not a field of a zone",
    ]


def test_invalid_json_gives_its_line(tmp_path: Path) -> None:
    path = tmp_path / "zone.json"
    path.write_text('{\n  "name": "x",\n  "companies": [,]\n}', encoding="utf-8")
    with pytest.raises(ValidationReport, match=r"zone\.json, row 3: is not valid JSON"):
        read_zone(path)
