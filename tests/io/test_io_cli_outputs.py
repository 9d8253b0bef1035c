"""The command line and its outputs (issue 19, classes 4 and 5): an output never overwrites an
input, an output that cannot be written is named with the reason, nothing prints a traceback.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from symbiosis.cli import main
from symbiosis.errors import OutputError
from symbiosis.io import example_path, write_zone
from symbiosis.io.atomic import write_atomically
from symbiosis.io.examples import load_example


@pytest.fixture
def toy_json(tmp_path: Path) -> Path:
    return write_zone(load_example("toy"), tmp_path / "zone.json")


@pytest.fixture
def toy_folder(tmp_path: Path) -> Path:
    return Path(shutil.copytree(example_path("toy"), tmp_path / "toy"))


# --- an output over an input ------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["report", "{zone}", "-o", "{zone}"],
        ["graph", "{zone}", "-o", "{zone}"],
        ["match", "{zone}", "-o", "{zone}"],
        ["optimize", "{zone}", "-o", "{zone}"],
    ],
)
@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_an_output_over_its_input_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str], suffix: str
) -> None:
    zone = write_zone(load_example("toy"), tmp_path / f"z{suffix}")
    before = zone.read_bytes()
    arguments = [part.format(zone=zone) for part in command]
    assert main(arguments) == 2
    err = capsys.readouterr().err
    if command[0] == "optimize" and suffix == ".json":
        # optimize refuses a .json plan before looking at the paths
        assert "give -o a file ending in .csv or .xlsx" in err
    else:
        assert err == (
            f"error: -o {str(zone)!r} would overwrite the input {str(zone)!r}: write the output "
            "to another file\n"
        )
    assert zone.read_bytes() == before


def test_an_output_through_a_link_to_the_input_is_refused(
    toy_json: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hard, soft = tmp_path / "hard.json", tmp_path / "soft.json"
    os.link(toy_json, hard)
    soft.symlink_to(toy_json)
    before = toy_json.read_bytes()
    assert main(["report", str(toy_json), "-o", str(hard)]) == 2
    assert main(["graph", str(toy_json), "-o", str(soft)]) == 2
    assert capsys.readouterr().err.count("would overwrite the input") == 2
    assert toy_json.read_bytes() == before


def test_a_table_written_into_the_zone_folder_is_refused(
    toy_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # read_zone reads every .csv of the folder: an exchanges.csv there would break the zone.
    assert main(["match", str(toy_folder), "-o", str(toy_folder / "exchanges.csv")]) == 2
    assert "would overwrite the input" in capsys.readouterr().err
    assert sorted(path.name for path in toy_folder.iterdir()) == [
        "companies.csv", "flows.csv", "zone.yaml",
    ]  # fmt: skip
    # A report beside the tables is not read with them: it is written.
    assert main(["report", str(toy_folder), "-o", str(toy_folder / "report.html")]) == 0


def test_the_pools_file_of_match_over_the_config_is_refused(
    toy_json: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # match -o x.csv also writes x_pools.csv and x_config.json.
    config = tmp_path / "x_config.json"
    config.write_text("{}\n", encoding="utf-8")
    arguments = ["match", str(toy_json), "--config", str(config), "-o", str(tmp_path / "x.csv")]
    assert main(arguments) == 2
    assert f"would overwrite the input {str(config)!r}" in capsys.readouterr().err
    assert config.read_text(encoding="utf-8") == "{}\n"


# --- outputs that cannot be written -----------------------------------------------------------


def test_a_missing_output_folder_is_named(
    toy_json: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nowhere" / "plan.csv"
    assert main(["optimize", str(toy_json), "-o", str(out), "--force"]) == 1
    assert capsys.readouterr().err == (
        f"error: cannot write {str(out)!r}: the folder {str(out.parent)!r} does not exist; "
        "create it or choose another file\n"
    )


def test_a_folder_in_the_way_is_named(
    toy_json: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.html"
    out.mkdir()
    assert main(["report", str(toy_json), "-o", str(out)]) == 1
    assert capsys.readouterr().err == (
        f"error: cannot write {str(out)!r}: it is a folder; give the name of a file to write\n"
    )
    assert list(out.iterdir()) == []


def test_a_name_too_long_is_named_and_a_long_name_is_written(
    toy_json: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 250 + len(".json") = 255 bytes, the limit of most file systems: written (the temporary
    # file beside it has a shorter name); 300 characters are too long.
    fits, too_long = tmp_path / ("g" * 250 + ".json"), tmp_path / ("g" * 295 + ".json")
    assert main(["graph", str(toy_json), "-o", str(fits)]) == 0
    assert fits.stat().st_size > 0
    assert main(["graph", str(toy_json), "-o", str(too_long)]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"error: cannot write {str(too_long)!r}: the file name is too long (300 characters; "
        "most file systems allow 255 bytes); choose a shorter name\n"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == [fits.name, "zone.json"]


def test_a_full_disk_keeps_the_previous_file_and_names_it(
    toy_json: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    out = tmp_path / "plan.xlsx"
    out.write_bytes(b"previous")

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("symbiosis.io.atomic.os.fsync", full)
    assert main(["optimize", str(toy_json), "-o", str(out), "--force"]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"error: cannot write {str(out)!r}: no space left on the disk; free some space (the "
        "previous file is unchanged)\n"
    )
    assert out.read_bytes() == b"previous"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["plan.xlsx", "zone.json"]


def test_a_folder_without_permission_is_named_not_the_temporary_file(
    tmp_path: Path, monkeypatch
) -> None:
    # Simulated: the tests may run as root, whom a read-only folder does not stop.
    def refused(**arguments: object) -> tuple[int, str]:
        name = f"{arguments['dir']}/{arguments['prefix']}x1y2z3{arguments['suffix']}"
        raise PermissionError(errno.EACCES, "Permission denied", name)

    monkeypatch.setattr("symbiosis.io.atomic.tempfile.mkstemp", refused)
    out = tmp_path / "exchanges.csv"
    with pytest.raises(OutputError) as raised:
        write_atomically(out, b"x")
    assert str(raised.value) == (
        f"cannot write {str(out)!r}: no permission to write in the folder {str(tmp_path)!r}; "
        "choose another folder"
    )
    assert ".tmp" not in str(raised.value)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes in read-only folders"
)
def test_a_read_only_folder_is_named(
    toy_json: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # pragma: no cover - needs a user other than root
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert main(["graph", str(toy_json), "-o", str(folder / "g.json")]) == 1
    finally:
        folder.chmod(0o700)
    assert "no permission to write in the folder" in capsys.readouterr().err


# --- internal errors ---------------------------------------------------------------------------


def test_an_internal_error_says_how_to_report_it(
    toy_json: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    def broken(*arguments: object, **keywords: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("symbiosis.matching.match", broken)
    monkeypatch.delenv("SYMBIOSIS_DEBUG", raising=False)
    assert main(["match", str(toy_json)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("internal error: RuntimeError: boom\nThis is a bug in symbiosis ")
    assert "Please report it" in err and "SYMBIOSIS_DEBUG=1" in err
    assert "Traceback" not in err
    monkeypatch.setenv("SYMBIOSIS_DEBUG", "1")
    assert main(["match", str(toy_json)]) == 1
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def test_the_installed_command_prints_no_traceback(toy_json: Path, tmp_path: Path) -> None:
    # In a separate process, as a user runs it.
    out = tmp_path / "missing" / "graph.graphml"
    environment = {key: value for key, value in os.environ.items() if key != "SYMBIOSIS_DEBUG"}
    run = subprocess.run(
        [sys.executable, "-m", "symbiosis.cli", "graph", str(toy_json), "-o", str(out)],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert (run.returncode, run.stdout) == (1, "")
    assert run.stderr == (
        f"error: cannot write {str(out)!r}: the folder {str(out.parent)!r} does not exist; "
        "create it or choose another file\n"
    )


def test_a_console_without_accents_gets_escapes_not_an_error(tmp_path: Path) -> None:
    zone = load_example("toy").model_copy(update={"name": "Marée"})
    path = write_zone(zone, tmp_path / "zone.json")
    environment = {**os.environ, "PYTHONIOENCODING": "ascii"}
    run = subprocess.run(
        [sys.executable, "-m", "symbiosis.cli", "validate", str(path)],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.startswith("OK Mar\\xe9e: 4 companies")


def test_a_link_is_followed_and_a_pipe_is_refused(tmp_path: Path) -> None:
    target, link = tmp_path / "real.csv", tmp_path / "link.csv"
    target.write_text("previous", encoding="utf-8")
    link.symlink_to(target)
    assert write_atomically(link, b"new") == link
    assert link.is_symlink() and target.read_bytes() == b"new"
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    with pytest.raises(OutputError) as raised:
        write_atomically(pipe, b"x")
    assert str(raised.value) == (
        f"cannot write {str(pipe)!r}: it is not a regular file (a device, a pipe or a socket); "
        "give the name of a file"
    )
