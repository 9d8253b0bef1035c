"""Speed and memory of the SIRENE reader (issue 18, Performance).

Writes synthetic files with the real headers in a temporary folder, then:

1. a département excerpt of ``--department-rows`` establishments (100,000 by default) with its
   geolocation file (half in Lambert 93, to be converted, half in WGS84): time to filter and
   place them;
2. a national-like stock of ``--national-rows`` rows (2,000,000 by default; the real one has
   44 million) streamed with ``--chunk-rows`` rows a chunk: time and peak memory of the
   process (resident set size, from ``resource``), beside the file's size, so one can see
   that memory follows the chunk, not the file.

Each part runs in a fresh process so that one does not blur the other's peak memory.

Run from the repository root: ``python benchmarks/bench_sources.py`` (or with
``--national-rows 10000000`` for a closer look; about 2.2 GB of CSV per 10 million rows).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from symbiosis.sources import read_sirene

HEADER_FILE = Path(__file__).resolve().parents[1] / "tests" / "sources" / "fixtures"
HEADER_FILE = HEADER_FILE / "sirene" / "StockEtablissement_extrait.csv"
GEO_HEADER = (
    "siret;x;y;qualite_xy;epsg;plg_qp24;plg_iris;plg_zus;plg_qp15;plg_qva;plg_code_commune;"
    "distance_precision;qualite_qp24;qualite_iris;qualite_zus;qualite_qp15;qualite_qva;"
    "y_latitude;x_longitude"
)
ACTIVITIES = np.array(["10.20Z", "10.92Z", "46.38A", "52.10B", "56.10A", "47.11F", "49.41A"])
BANDS = np.array(["NN", "00", "01", "02", "03", "11", "12", "21", "22", "31"])


def _stock_rows(count: int, seed: int, departements: list[str]) -> tuple[str, np.ndarray]:
    """CSV text of ``count`` stock rows, and their SIRETs."""
    header = HEADER_FILE.read_text(encoding="utf-8").splitlines()[0].split(",")
    rng = np.random.default_rng(seed)
    sirets = np.char.zfill((rng.permutation(count) * 7 + 10_000_000).astype(str), 14)
    departement = rng.choice(departements, count)
    commune = np.char.add(departement, np.char.zfill(rng.integers(1, 900, count).astype(str), 3))
    columns = {name: np.full(count, "", dtype=object) for name in header}
    columns["siret"] = sirets
    columns["siren"] = np.array([siret[:9] for siret in sirets])
    columns["etatAdministratifEtablissement"] = rng.choice(["A", "A", "A", "F"], count)
    columns["activitePrincipaleEtablissement"] = rng.choice(ACTIVITIES, count)
    columns["trancheEffectifsEtablissement"] = rng.choice(BANDS, count)
    columns["codeCommuneEtablissement"] = commune
    columns["statutDiffusionEtablissement"] = np.full(count, "O", dtype=object)
    columns["enseigne1Etablissement"] = np.full(count, "ENSEIGNE", dtype=object)
    lines = [",".join(header)]
    table = [np.asarray(columns[name], dtype=object) for name in header]
    lines += [",".join(row) for row in zip(*table, strict=True)]
    return "\n".join(lines) + "\n", sirets


def _geolocation_rows(sirets: np.ndarray, seed: int) -> str:
    rng = np.random.default_rng(seed + 1)
    count = len(sirets)
    x = rng.uniform(600_000, 700_000, count)
    y = rng.uniform(6_950_000, 7_100_000, count)
    lon = rng.uniform(1.5, 3.0, count)
    lat = rng.uniform(50.0, 51.0, count)
    lambert = rng.random(count) < 0.5
    padding = ";".join([""] * 5) + ";62160;12;;;;;"
    lines = [GEO_HEADER]
    for siret, in_lambert, xi, yi, loni, lati in zip(sirets, lambert, x, y, lon, lat, strict=True):
        if in_lambert:
            lines.append(f"{siret};{xi:.1f};{yi:.1f};11;2154;{padding};;")
        else:
            lines.append(f"{siret};{loni:.6f};{lati:.6f};11;4326;{padding};;")
    return "\n".join(lines) + "\n"


def _peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_department(rows: int, folder: Path) -> None:
    """Write a département excerpt and its geolocation file."""
    text, sirets = _stock_rows(rows, 0, ["62"])
    (folder / "stock_62.csv").write_text(text, encoding="utf-8")
    (folder / "geo_62.csv").write_text(_geolocation_rows(sirets, 0), encoding="utf-8")


def read_department(folder: Path) -> None:
    """Filter and place the département excerpt; print the time and the peak memory."""
    stock, geolocation = folder / "stock_62.csv", folder / "geo_62.csv"
    start = time.perf_counter()
    found = read_sirene(stock, geolocation, departements=["62"], activities=["10", "46.38"])
    elapsed = time.perf_counter() - start
    placed = found.establishments["longitude"].notna().sum()
    print(
        f"département excerpt: {found.rows_read:,} rows ({stock.stat().st_size / 1e6:.0f} MB "
        f"+ {geolocation.stat().st_size / 1e6:.0f} MB of geolocation): "
        f"{len(found.establishments):,} kept and {placed:,} placed in {elapsed:.2f} s; "
        f"peak memory of the process {_peak_rss_mb():.0f} MB"
    )


def write_national(rows: int, folder: Path) -> None:
    """Write a large stock, block by block."""
    block = 500_000
    with (folder / "stock_national.csv").open("w", encoding="utf-8") as handle:
        for number, first in enumerate(range(0, rows, block)):
            text, _ = _stock_rows(min(block, rows - first), number, ["62", "59", "75", "13", "69"])
            handle.write(text if number == 0 else text.split("\n", 1)[1])


def read_national(chunk_rows: int, folder: Path) -> None:
    """Stream the large stock in chunks; print the time and the peak memory."""
    stock = folder / "stock_national.csv"
    before = _peak_rss_mb()
    start = time.perf_counter()
    found = read_sirene(stock, departements=["62"], activities=["10.20"], chunk_rows=chunk_rows)
    elapsed = time.perf_counter() - start
    print(
        f"national-like stock: {found.rows_read:,} rows ({stock.stat().st_size / 1e6:,.0f} MB) "
        f"streamed in chunks of {chunk_rows:,} in {elapsed:.1f} s "
        f"({found.rows_read / elapsed / 1e6:.2f} M rows/s), {len(found.establishments):,} kept; "
        f"peak memory of the process {_peak_rss_mb():.0f} MB (after imports: {before:.0f} MB)"
    )


PARTS = ("write_department", "read_department", "write_national", "read_national")


def main(argv: list[str] | None = None) -> None:
    """Parse options and run each part in a fresh process."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--department-rows", type=int, default=100_000)
    parser.add_argument("--national-rows", type=int, default=2_000_000)
    parser.add_argument("--chunk-rows", type=int, default=200_000)
    parser.add_argument("--part", choices=PARTS, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.part is None:
        with tempfile.TemporaryDirectory() as folder:
            for part in PARTS:
                command = [sys.executable, __file__, "--part", part, "--folder", folder]
                subprocess.run([*command, *sys.argv[1:]], check=True)
        return
    folder = options.folder
    if options.part == "write_department":
        write_department(options.department_rows, folder)
    elif options.part == "read_department":
        read_department(folder)
    elif options.part == "write_national":
        write_national(options.national_rows, folder)
    else:
        read_national(options.chunk_rows, folder)


if __name__ == "__main__":
    main()
