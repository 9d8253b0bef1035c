"""A zone as a folder of CSV files: ``companies.csv``, ``flows.csv`` and an optional ``zone.yaml``.

``zone.yaml`` holds the zone's ``name``, ``description``, ``outside_parties`` and ``parameters``;
``outside_parties.csv`` and ``parameters.csv`` are accepted as well. CSV files are read as French
spreadsheets write them: the separator (``;``, ``,`` or tab) is found from the header line, the
encoding is decided per file (UTF-8 with or without a byte-order mark, else Windows-1252 when
the file holds no UTF-8 at all; a bad byte is reported with its line, see
:mod:`symbiosis.io.text_files`), and blank lines are skipped but counted, so row numbers are
those a spreadsheet shows. ``zone.yaml`` is read strictly: every value as the text written, no
anchors, aliases or repeated keys. Files are written in UTF-8 with ``,``
and floats written exactly (``repr``); text a spreadsheet would take for a formula (``=1+1``)
gets a ``'`` before it, which reading removes (:mod:`symbiosis.io.spreadsheet`).
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import Any

import yaml

from symbiosis.catalogue import suggest
from symbiosis.errors import InputError, Problem
from symbiosis.io.assembly import ZoneEntries, build_zone
from symbiosis.io.atomic import write_files_atomically
from symbiosis.io.cells import format_cell
from symbiosis.io.columns import DOCUMENTATION_SHEETS, TABLES
from symbiosis.io.headers import match_table, normalise
from symbiosis.io.layout import zone_tables
from symbiosis.io.records import RawTable, record_entry, table_entries
from symbiosis.io.spreadsheet import neutralise_formula, restore_formula
from symbiosis.io.text_files import TextProblems, decode_text, load_yaml
from symbiosis.schemas import Zone

__all__ = [
    "check_folder_is_free",
    "csv_bytes",
    "read_csv_table",
    "read_folder",
    "sniff_delimiter",
    "write_folder",
]

_WRITTEN = ("companies.csv", "flows.csv", "zone.yaml")
# The csv module refuses a field over 131,072 characters without saying where; it is let
# through, and the cell rules refuse text over MAX_CELL_CHARACTERS with its row and column.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
_ZONE_KEYS = ("name", "description", "outside_parties", "parameters")


def sniff_delimiter(text: str) -> str:
    """The separator of a CSV text: the most frequent of ``;``, tab and ``,`` in its first line.

    Quoted text is not counted; a single-column file gets ``,``.

    Examples
    --------
    >>> sniff_delimiter("id;name;quantité\\nF1;A;3,5\\n")
    ';'
    """
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = dict.fromkeys(";\t,", 0)
    quoted = False
    for character in first:
        if character == '"':
            quoted = not quoted
        elif not quoted and character in counts:
            counts[character] += 1
    best = max(counts, key=lambda character: counts[character])
    return best if counts[best] else ","


def read_csv_table(path: Path, label: str | None = None) -> RawTable | list[Problem]:
    """A CSV file as a :class:`RawTable`, or the problems that stop it from being read.

    Parameters
    ----------
    path : Path
        The file; it is only read.
    label : str, optional
        How problems name the file (default: its name).

    The ``'`` that :func:`csv_bytes` puts before text starting like a formula is removed.
    """
    label = label or path.name
    try:
        text = decode_text(path.read_bytes(), label)
    except TextProblems as error:
        return error.problems
    rows: list[tuple[int, tuple[Any, ...]]] = []
    header: tuple[int, tuple[Any, ...]] | None = None
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
        for number, cells in enumerate(reader, start=1):
            if all(not cell.strip() for cell in cells):
                continue
            if any(cell.startswith("'") for cell in cells):
                cells = [restore_formula(cell) for cell in cells]
            if header is None:
                header = (number, tuple(cells))
            else:
                rows.append((number, tuple(cells)))
    except csv.Error as error:
        return [Problem(label, reader.line_num, None, "", f"cannot be read as CSV: {error}")]
    header_row, headers = header if header is not None else (1, ())
    return RawTable(label, headers, header_row, tuple(rows))


def _yaml_lines(root: yaml.Node | None) -> dict[tuple[str | int, ...], int]:
    """Line of each top-level key of zone.yaml, and of each item or key just below it."""
    lines: dict[tuple[str | int, ...], int] = {}
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key, value in root.value:
        lines[(key.value,)] = key.start_mark.line + 1
        if isinstance(value, yaml.SequenceNode):
            for index, item in enumerate(value.value):
                lines[(key.value, index)] = item.start_mark.line + 1
        elif isinstance(value, yaml.MappingNode):
            for sub_key, _ in value.value:
                lines[(key.value, sub_key.value)] = sub_key.start_mark.line + 1
    return lines


def _read_zone_yaml(path: Path, entries: ZoneEntries) -> None:
    file = path.name
    try:
        document = load_yaml(decode_text(path.read_bytes(), file), file)
    except TextProblems as error:
        entries.problems.extend(error.problems)
        return
    data = document.data
    lines = _yaml_lines(document.root)
    if data is None:
        return
    if not isinstance(data, dict):
        message = f"must be a mapping with the keys {', '.join(_ZONE_KEYS)}"
        entries.problems.append(Problem(file, 1, None, "", message))
        return
    for key in data:
        if key not in _ZONE_KEYS:
            hint = suggest(str(key), _ZONE_KEYS)
            message = f"is not a key of zone.yaml{hint}; use {', '.join(_ZONE_KEYS)}"
            entries.problems.append(Problem(file, lines.get((key,)), str(key), str(key), message))
    info = {key: data[key] for key in ("name", "description") if key in data}
    if info:
        row = lines.get(("name",), lines.get(("description",)))
        entries.zone.append(record_entry(file, row, "zone.yaml", "zone", info, entries.problems))
    parties = data.get("outside_parties") or []
    for index, party in enumerate(parties if isinstance(parties, list) else [parties]):
        row = lines.get(("outside_parties", index), lines.get(("outside_parties",)))
        if not isinstance(party, dict):
            message = "each outside party must be a mapping of its fields to their values"
            entries.problems.append(Problem(file, row, None, "", message))
            continue
        where = f"row {row}" if row is not None else file
        entry = record_entry(file, row, where, "outside_parties", party, entries.problems)
        entries.outside_parties.append(entry)
    parameters = data.get("parameters") or {}
    if not isinstance(parameters, dict):
        message = "parameters must map each name to its value, unit and source"
        row = lines.get(("parameters",))
        entries.problems.append(Problem(file, row, "parameters", "", message))
        parameters = {}
    for name, parameter in parameters.items():
        row = lines.get(("parameters", name))
        if not isinstance(parameter, dict):
            message = "each parameter must be a mapping of its fields to their values"
            entries.problems.append(Problem(file, row, name, "", message))
            continue
        where = f"row {row}" if row is not None else file
        record = {"name": name, **parameter}
        entries.parameters.append(
            record_entry(file, row, where, "parameters", record, entries.problems)
        )


def read_folder(path: Path) -> Zone:
    """Read a zone from a folder of CSV files (and ``zone.yaml``); see the module docstring.

    Raises
    ------
    ValidationReport
        Every problem of every file, at once.
    """
    entries = ZoneEntries(default_name=path.name)
    found: dict[str, Path] = {}
    zone_files: list[Path] = []
    for file in sorted(path.iterdir()):
        if file.name.startswith(".") or not file.is_file():
            continue
        if file.name.lower() in ("zone.yaml", "zone.yml"):
            zone_files.append(file)
            continue
        if file.suffix.lower() != ".csv" or normalise(file.stem) in DOCUMENTATION_SHEETS:
            continue
        table = match_table(file.stem)
        if table is None:
            expected = ", ".join(f"{spec.name}.csv" for spec in TABLES)
            message = f"is not a table of a zone; name it {expected}, or move it out of the folder"
            entries.problems.append(Problem(file.name, None, None, "", message))
        elif table.name in found:
            message = f"holds the same table as {found[table.name].name}; keep one of them"
            entries.problems.append(Problem(file.name, None, None, "", message))
        else:
            found[table.name] = file
    for spec in TABLES:
        if spec.name not in found:
            if spec.required:
                message = f"is missing from {path}: a zone needs {spec.description}"
                entries.problems.append(Problem(f"{spec.name}.csv", None, None, "", message))
                entries.unread.add(spec.name)
            continue
        raw = read_csv_table(found[spec.name])
        if isinstance(raw, list):
            entries.problems.extend(raw)
            entries.unread.add(spec.name)
            continue
        getattr(entries, spec.name).extend(table_entries(raw, spec.name, entries.problems))
    for file in zone_files:
        _read_zone_yaml(file, entries)
    return build_zone(entries, str(path))


def _csv_cell(value: Any) -> str:
    return neutralise_formula(value) if isinstance(value, str) else format_cell(value)


def csv_bytes(headers: list[str], rows: list[list[Any]]) -> bytes:
    """A table as UTF-8 CSV text with ``,`` separators.

    Text goes through :func:`~symbiosis.io.spreadsheet.neutralise_formula`, other values
    through :func:`~symbiosis.io.cells.format_cell`.

    Examples
    --------
    >>> csv_bytes(["name", "longitude"], [["=1+1", -5.0]]).decode()
    "name,longitude\\n'=1+1,-5\\n"
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([_csv_cell(header) for header in headers])
    writer.writerows([_csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def check_folder_is_free(path: Path, ours: tuple[str, ...]) -> None:
    """Create the folder, or check that it holds no data file but ``ours`` (to be replaced).

    Raises
    ------
    InputError
        When the folder holds other ``.csv`` or ``.yaml`` files, which a reader would mix in.
    """
    if path.exists() and not path.is_dir():
        raise InputError(f"{path} is a file; give a folder, a .xlsx or a .json path")
    path.mkdir(parents=True, exist_ok=True)
    others = sorted(
        file.name
        for file in path.iterdir()
        if file.name not in ours
        and file.suffix.lower() in (".csv", ".yaml", ".yml")
        and not file.name.startswith(".")
    )
    if others:
        raise InputError(
            f"{path} already holds {', '.join(others)}; write to a new folder, or move them"
        )


def write_folder(zone: Zone, path: Path) -> Path:
    """Write a zone as ``companies.csv``, ``flows.csv`` and ``zone.yaml`` in a folder.

    Raises
    ------
    InputError
        When the folder holds other data files the reader would mix in (other ``.csv`` files).
    """
    check_folder_is_free(path, _WRITTEN)
    tables = zone_tables(zone)
    document: dict[str, Any] = {"name": zone.name}
    if zone.description is not None:
        document["description"] = zone.description
    if zone.outside_parties:
        document["outside_parties"] = [
            party.model_dump(mode="json", exclude_defaults=True) for party in zone.outside_parties
        ]
    if zone.parameters:
        document["parameters"] = {
            name: parameter.model_dump(mode="json", exclude_none=True)
            for name, parameter in zone.parameters.items()
        }
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    write_files_atomically(
        {
            path / "companies.csv": csv_bytes(*tables["companies"]),
            path / "flows.csv": csv_bytes(*tables["flows"]),
            path / "zone.yaml": text.encode("utf-8"),
        }
    )
    return path
