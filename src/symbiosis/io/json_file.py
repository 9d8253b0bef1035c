"""A zone as one ``.json`` file: the :class:`~symbiosis.schemas.Zone`'s ``model_dump``.

Reading goes through the same checks as the spreadsheets, so a problem names the record
(``flows[3]``, counted from 0 as in the file) and the field.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from symbiosis.catalogue import suggest
from symbiosis.errors import Problem, ValidationReport
from symbiosis.io.assembly import ZoneEntries, build_zone
from symbiosis.io.atomic import write_atomically
from symbiosis.io.records import Entry, record_entry
from symbiosis.io.text_files import TextProblems, decode_text, load_json
from symbiosis.schemas import Zone

__all__ = ["read_json", "write_json"]

_LISTS = ("companies", "flows", "outside_parties")


def _entries(file: str, key: str, items: Any, problems: list[Problem]) -> list[Entry]:
    if not isinstance(items, list):
        problems.append(Problem(file, None, key, "", "must be a list of records"))
        return []
    entries = []
    for index, item in enumerate(items):
        where = f"{key}[{index}]"
        if not isinstance(item, dict):
            problems.append(Problem(file, None, where, "", "must be a record of fields"))
            continue
        entries.append(record_entry(file, None, where, key, item, problems))
    return entries


def read_json(path: Path) -> Zone:
    """Read a zone from a ``.json`` file written by :func:`write_json` (or by hand).

    Each value is read with the cell rules of its column, as in a CSV file: ``NaN``,
    ``Infinity``, ``1e400`` or ``true`` in a number field, a number where text is due or a
    control character are refused with the record and the field. A key repeated in one object
    is refused, and so is nesting deeper than :data:`~symbiosis.io.text_files.MAX_NESTING`.

    Raises
    ------
    ValidationReport
        Every problem, at once.
    """
    file = path.name
    try:
        data = load_json(decode_text(path.read_bytes(), file), file)
    except TextProblems as error:
        raise ValidationReport(error.problems, str(path)) from None
    if not isinstance(data, dict):
        problem = Problem(file, None, None, "", "must hold one object: the zone")
        raise ValidationReport([problem], str(path))
    entries = ZoneEntries(default_name=path.stem)
    for key in data:
        if key not in Zone.model_fields:
            message = f"is not a field of a zone{suggest(key, Zone.model_fields)}"
            entries.problems.append(Problem(file, None, key, key, message))
    info = {key: data[key] for key in ("name", "description") if key in data}
    if info:
        entries.zone.append(record_entry(file, None, "zone", "zone", info, entries.problems, ""))
    for key in _LISTS:
        found = _entries(file, key, data.get(key, []), entries.problems)
        getattr(entries, key).extend(found)
    parameters = data.get("parameters", {})
    if isinstance(parameters, dict):
        for name, parameter in parameters.items():
            where = f"parameters.{name}"
            fields = parameter if isinstance(parameter, dict) else {"value": parameter}
            record = {"name": name, **fields}
            entry = record_entry(file, None, where, "parameters", record, entries.problems)
            entries.parameters.append(entry)
    else:
        entries.problems.append(Problem(file, None, "parameters", "", "must map names to values"))
    return build_zone(entries, str(path))


def write_json(zone: Zone, path: Path) -> Path:
    """Write a zone as indented UTF-8 JSON, atomically; floats are written exactly."""
    text = json.dumps(zone.model_dump(mode="json"), indent=2, ensure_ascii=False)
    return write_atomically(path, (text + "\n").encode("utf-8"))
