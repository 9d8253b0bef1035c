"""Fuzzing the readers: mutated shipped zones give a located problem or a faithful load.

Each case takes a shipped zone (``toy`` or ``capecure``) in one of the three formats (a folder of
CSV files with ``zone.yaml``, an ``.xlsx`` workbook, a ``.json`` file), mutates it with a seeded
generator (a hostile value in a random cell or field, a random byte, a repeated or deleted line, a
formula, merged cells, a repeated key, an alias, deep nesting) and reads it. It must end in one
of two ways:

- a :class:`~symbiosis.errors.ValidationReport` whose every problem names its file, and a row or
  a column unless it is about the whole file;
- a zone that is faithful: written again in the same format it reads back equal, and each of
  its texts is in the file as written (no mojibake, nothing invented).

Any other exception, or a case taking more than :data:`SLOW_S`, fails. The suite runs a few
hundred cases in seconds; run this file as a script for thousands::

    python tests/fuzz/test_zone_fuzz.py --cases 5000 --seed 1
"""

from __future__ import annotations

import argparse
import collections
import csv
import functools
import io
import json
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from symbiosis.errors import InputError, ValidationReport
from symbiosis.io import example_path, load_example, read_zone, write_zone
from symbiosis.schemas import Zone

#: A read taking more processor time than this is a hang [s] (the examples read in about 1 s).
SLOW_S = 5.0
FORMATS = ("folder", "xlsx", "json")

#: Values a consultant's file or a stranger's may hold, as text.
HOSTILE_TEXT = [
    "",
    " ",
    "NaN",
    "nan",
    "Infinity",
    "-inf",
    "1e400",
    "-1e400",
    "1e308",
    "-1e308",
    "-273.16",
    "-1",
    "yes",
    "no",
    "0012",
    "true",
    "x",
    "1,5",
    "12 000",
    "1_000",
    "0x10",
    "9" * 400,
    "(" * 20_000,
    "[" * 20_000 + "x",
    "a\x00",
    "\x00",
    "Al\x07pha",
    "a\rb",
    "a\r\nb",
    "\x1c",
    "\u00a0Marée\u00a0",
    "\u0085",
    "\ufeffid",
    "=1+1",
    "@SUM(A1)",
    "-cmd",
    "'=1+1",
    '"',
    ";",
    ",",
    "Marée",
    "🙂",
    "A" * 40_000,
    "water.potable",
    "T1",
    "supply",
]
#: Values of other types, for JSON and workbooks.
HOSTILE_VALUES: list[Any] = [
    float("nan"),
    float("inf"),
    -float("inf"),
    True,
    False,
    None,
    0,
    -1,
    2**53 + 1,
    10**400,
    1e308,
    -1e308,
    [],
    ["a"],
    {},
    {"a": 1},
]


@dataclass
class Outcome:
    """How one case ended: ``located``, ``faithful`` or a failure kind, with a detail."""

    kind: str
    detail: str = ""
    seconds: float = 0.0


# Mutations -------------------------------------------------------------------------------------


def _random_byte_edit(data: bytes, rng: random.Random) -> bytes:
    position = rng.randrange(len(data) + 1)
    byte = bytes([rng.choice([0x00, 0x07, 0x0D, 0x22, 0x2C, 0x3B, 0x80, 0xC3, 0xE9, 0xFF])])
    choice = rng.randrange(3)
    if choice == 0:
        return data[:position] + byte + data[position:]
    if choice == 1:
        return data[:position] + byte + data[position + 1 :]
    return data[:position] + data[position + 1 :]


def _line_edit(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    index = rng.randrange(len(lines))
    if rng.random() < 0.5:
        lines.insert(index, lines[index])
    else:
        del lines[index]
    return b"\n".join(lines)


def _csv_cell_edit(data: bytes, rng: random.Random) -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    row = rng.randrange(len(rows))
    column = rng.randrange(len(rows[row]))
    rows[row][column] = rng.choice(HOSTILE_TEXT)
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator=rng.choice(["\n", "\r\n"])).writerows(rows)
    return buffer.getvalue().encode(rng.choice(["utf-8", "utf-8", "utf-8-sig", "utf-16"]))


def _yaml_edit(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8")
    lines = text.split("\n")
    with_values = [index for index, line in enumerate(lines) if ": " in line]
    choice = rng.randrange(5)
    if choice == 0 and with_values:
        index = rng.choice(with_values)
        key, _, _ = lines[index].partition(": ")
        value = rng.choice(HOSTILE_TEXT)
        written = json.dumps(value) if rng.random() < 0.5 else value
        lines[index] = f"{key}: {written}"
    elif choice == 1 and with_values:
        index = rng.choice(with_values)
        lines.insert(index, lines[index])  # a repeated key
    elif choice == 2:
        lines.insert(0, "name: &a toy")
        lines.insert(1, "description: *a")
    elif choice == 3:
        lines.append("description: " + "[" * 3000 + "]" * 3000)
    else:
        return _random_byte_edit(data, rng)
    return "\n".join(lines).encode("utf-8")


def _json_paths(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _json_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _json_paths(value, (*path, index))


def _json_edit(zone: Zone, rng: random.Random) -> bytes:
    data = zone.model_dump(mode="json")
    choice = rng.randrange(6)
    if choice == 4:
        text = json.dumps(data)
        return (text[:-1] + ', "flows": []}').encode("utf-8")  # a repeated key
    if choice == 5:
        text = json.dumps(data, indent=1)
        return _random_byte_edit(text.encode("utf-8"), rng)
    paths = [path for path in _json_paths(data) if path]
    path = rng.choice(paths)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    value: Any = rng.choice(HOSTILE_TEXT) if choice < 2 else rng.choice(HOSTILE_VALUES)
    if choice == 3 and isinstance(parent, dict):
        parent[rng.choice(["colour", "name", "id", "flows"]) + "x" * rng.randrange(2)] = value
    else:
        parent[path[-1]] = value
    return json.dumps(data, allow_nan=True).encode("utf-8")


def _xlsx_edit(path: Path, rng: random.Random) -> None:
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if rng.random() < 0.15:
        data = bytearray(path.read_bytes())
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path.write_bytes(bytes(data))
        return
    book = openpyxl.load_workbook(path)
    sheet = book[rng.choice([name for name in book.sheetnames if name != "zone"] or ["zone"])]
    row = rng.randint(1, max(sheet.max_row, 1))
    column = rng.randint(1, max(sheet.max_column, 1))
    choice = rng.randrange(4)
    if choice == 0:
        sheet.cell(row, column).value = f"={rng.randint(1, 99)}*2"  # saved without its result
    elif choice == 1 and sheet.max_row > 2:
        first = rng.randint(2, sheet.max_row - 1)
        sheet.merge_cells(
            start_row=first, start_column=column, end_row=first + 1, end_column=column
        )
    else:
        pool = HOSTILE_TEXT + [
            value for value in HOSTILE_VALUES if not isinstance(value, list | dict)
        ]
        value = rng.choice(pool)
        if isinstance(value, str):
            # What openpyxl refuses to write (most control characters) cannot be in a workbook.
            value = ILLEGAL_CHARACTERS_RE.sub("", value[:32_767])
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**63:
            value = str(value)
        sheet.cell(row, column).value = value
    book.save(path)


# Cases -----------------------------------------------------------------------------------------

#: Whole-file problems: neither row nor column applies.
_FILE_LEVEL = (
    "cannot be opened",
    "the required column",
    "is missing from",
    "has no sheet",
    "must hold one object",
    "is not a table of a zone",
    "holds the same table",
    "is not valid UTF-16",
    "must be a mapping",
    "must be a list of records",
    "must map names to values",
    "cannot be read",
    "is not valid YAML",
    "is not valid JSON",
)


def _located(report: ValidationReport) -> str | None:
    for problem in report.problems:
        if not problem.file:
            return f"no file: {problem}"
        unplaced = problem.row is None and problem.column is None
        if unplaced and not problem.message.startswith(_FILE_LEVEL):
            return f"no row or column: {problem}"
    return None


def _texts(zone: Zone) -> list[str]:
    found = [zone.name, zone.description or ""]
    for record in (*zone.companies, *zone.flows, *zone.outside_parties):
        for value in record.model_dump().values():
            if isinstance(value, str):
                found.append(value)
    return [text for text in found if text]


def _source_text(path: Path) -> str:
    """Every file of the input decoded as the readers decide, blanks collapsed (YAML folds)."""
    files = sorted(path.iterdir()) if path.is_dir() else [path]
    parts = []
    for file in files:
        data = file.read_bytes()
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            parts.append(data.decode("utf-16", errors="replace"))
            continue
        try:
            parts.append(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            parts.append(data.decode("cp1252", errors="replace"))
    return _collapsed("\n".join(parts))


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def _faithful(zone: Zone, source: Path, fmt: str, scratch: Path) -> str | None:
    target = scratch / {"folder": "again", "xlsx": "again.xlsx", "json": "again.json"}[fmt]
    again = read_zone(write_zone(zone, target))
    if again != zone:
        return "written again, it reads back different"
    if fmt == "folder":
        text = _source_text(source)
        for value in _texts(zone):
            if _collapsed(value) not in text and value != source.name:
                return f"text not in the file: {value[:60]!r}"
    if fmt == "json":
        text = json.dumps(json.loads(source.read_text(encoding="utf-8")), ensure_ascii=False)
        for value in _texts(zone):
            if json.dumps(value, ensure_ascii=False)[1:-1] not in text and value != source.stem:
                return f"text not in the file: {value[:60]!r}"
    return None


def _prepare(fmt: str, name: str, scratch: Path, rng: random.Random) -> Path:
    zone = load_example(name)
    if fmt == "folder":
        folder = scratch / name
        shutil.copytree(example_path(name), folder, ignore=shutil.ignore_patterns("*.py", "*.md"))
        target = folder / rng.choice(["companies.csv", "flows.csv", "zone.yaml"])
        data = target.read_bytes()
        if target.suffix == ".yaml":
            target.write_bytes(_yaml_edit(data, rng))
        else:
            edit: Callable[[bytes, random.Random], bytes] = rng.choice(
                [_csv_cell_edit, _csv_cell_edit, _random_byte_edit, _line_edit]
            )
            target.write_bytes(edit(data, rng))
        return folder
    if fmt == "json":
        path = scratch / f"{name}.json"
        path.write_bytes(_json_edit(zone, rng))
        return path
    path = scratch / f"{name}.xlsx"
    path.write_bytes(_workbook(name))
    _xlsx_edit(path, rng)
    return path


@functools.cache
def _workbook(name: str) -> bytes:
    """A shipped zone as workbook bytes, written once."""
    with tempfile.TemporaryDirectory() as folder:
        return write_zone(load_example(name), Path(folder) / "zone.xlsx").read_bytes()


def run_case(seed: int, fmt: str, capecure_share: float = 0.2) -> Outcome:
    """Mutate a shipped zone in a format, read it and say how it ended.

    ``capecure_share`` of the cases take the Capécure sample (slower: 920 flows), the others
    the toy zone.
    """
    rng = random.Random(seed)
    name = "capecure" if rng.random() < capecure_share else "toy"
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        source = _prepare(fmt, name, scratch, rng)
        started = time.process_time()
        try:
            zone = read_zone(source)
        except ValidationReport as report:
            seconds = time.process_time() - started
            unlocated = _located(report)
            if unlocated:
                return Outcome("unlocated", unlocated, seconds)
            return Outcome("located", "", seconds)
        except InputError as error:
            return Outcome("unlocated", f"InputError without problems: {error}")
        except Exception as error:  # a crash is what the fuzz looks for
            return Outcome("crash", f"{type(error).__name__}: {str(error)[:200]}")
        seconds = time.process_time() - started
        try:
            unfaithful = _faithful(zone, source, fmt, scratch)
        except Exception as error:
            return Outcome("round_trip_crash", f"{type(error).__name__}: {str(error)[:200]}")
        if unfaithful:
            return Outcome("unfaithful", unfaithful, seconds)
        return Outcome("faithful", "", seconds)


def run_cases(cases: int, seed: int, capecure_share: float = 0.2) -> list[tuple[int, str, Outcome]]:
    results = []
    for index in range(cases):
        fmt = FORMATS[index % len(FORMATS)]
        case_seed = seed * 1_000_003 + index
        results.append((case_seed, fmt, run_case(case_seed, fmt, capecure_share)))
    return results


# The suite ---------------------------------------------------------------------------------------

SUITE_CASES = 240


@pytest.fixture(scope="module")
def suite_results() -> list[tuple[int, str, Outcome]]:
    pytest.importorskip("openpyxl")
    return run_cases(SUITE_CASES, seed=19, capecure_share=0.0)  # the toy zone: fast


def test_every_mutated_zone_gives_a_located_problem_or_a_faithful_load(
    suite_results: list[tuple[int, str, Outcome]],
) -> None:
    failures = [
        f"seed {seed} ({fmt}): {outcome.kind}: {outcome.detail}"
        for seed, fmt, outcome in suite_results
        if outcome.kind not in ("located", "faithful")
    ]
    assert failures == []


def test_the_fuzz_exercises_both_outcomes_and_never_hangs(
    suite_results: list[tuple[int, str, Outcome]],
) -> None:
    kinds = collections.Counter(outcome.kind for _, _, outcome in suite_results)
    # A fuzz that only ever fails to read (or never does) tests nothing.
    assert kinds["located"] >= SUITE_CASES // 4
    assert kinds["faithful"] >= SUITE_CASES // 20
    assert max(outcome.seconds for _, _, outcome in suite_results) < SLOW_S


# The script --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args(argv)
    started = time.process_time()
    results = run_cases(arguments.cases, arguments.seed)
    elapsed = time.process_time() - started
    by_format: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for _, fmt, outcome in results:
        by_format[fmt][outcome.kind] += 1
    print(f"{len(results)} cases, {elapsed:.0f} s of processor time (seed {arguments.seed})")
    for fmt in FORMATS:
        counts = ", ".join(f"{kind} {count}" for kind, count in sorted(by_format[fmt].items()))
        print(f"  {fmt:>6}: {counts}")
    slowest = max(results, key=lambda result: result[2].seconds)
    print(f"  slowest read: {slowest[2].seconds:.2f} s processor (seed {slowest[0]}, {slowest[1]})")
    failures = [result for result in results if result[2].kind not in ("located", "faithful")]
    for seed, fmt, outcome in failures[:30]:
        print(f"  FAIL seed {seed} ({fmt}): {outcome.kind}: {outcome.detail}")
    return 1 if failures or slowest[2].seconds >= SLOW_S else 0


if __name__ == "__main__":
    sys.exit(main())
