"""How symbiosis scales: time and memory of each step on synthetic regions of growing size.

Run from the repository root (the package installed, e.g. ``pip install -e .``)::

    python benchmarks/bench_scale.py                       # 1,000, 10,000 and 100,000 flows
    python benchmarks/bench_scale.py --sizes 1000 10000 --reference-max 10000 --repeat 3
    python benchmarks/bench_scale.py --sizes 100000 --profile match

For each size (a number of flows; companies = flows / --flows-per-company) it prints one row per
step: generate (drawing the records, then pydantic validation of the zone), write + read (a CSV
folder round trip), match, the candidate pairs alone, the checked candidates alone
(find_candidates: the reference's work), optimize (on the best --top exchanges by
score), graph and report; then, up to --reference-max flows, the pair-by-pair reference matcher
(the test oracle :func:`symbiosis.testing.reference_candidates`), the ratio of its time to the
matcher's and whether both found the same exchanges with the same quantities. Each size runs in
a fresh Python process, so that memory left over by a smaller size does not blur the figures of
the next.
See benchmarks/README.md for what each figure means.

Memory, by default, is the resident set size (RSS) of the process sampled every 5 ms from
/proc/self/statm by a background thread: ``peak MiB`` is the highest RSS of the process during
the step (everything alive then, the zone included), ``+MiB`` that peak minus the RSS when the
step started (what the step added; freed memory that the allocator keeps and reuses makes it
an underestimate for steps that follow a larger one). With ``--memory tracemalloc`` both columns
come from tracemalloc instead (memory allocated through Python's allocators, numpy arrays
included; slower).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from symbiosis import MatchConfig, exchange_graph, match, optimize, read_zone, report, write_zone
from symbiosis.matching import candidate_pairs, find_candidates
from symbiosis.matching.inputs import match_inputs
from symbiosis.schemas import Zone
from symbiosis.synthetic import region_records
from symbiosis.testing import compare_with_reference, reference_candidates

T = TypeVar("T")

_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_MIB = 1024 * 1024


def _rss_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * _PAGE_BYTES


class _RssPeak:
    """Highest RSS seen by a sampling thread while a step runs."""

    def __init__(self, interval_s: float = 0.005) -> None:
        self.interval_s = interval_s
        self.start = _rss_bytes()
        self.peak = self.start
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _rss_bytes())
            self._stop.wait(self.interval_s)

    def __enter__(self) -> _RssPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss_bytes())


@dataclass
class Row:
    """One line of the results table."""

    flows: int
    step: str
    seconds: float = 0.0
    peak_mib: float = 0.0
    added_mib: float = 0.0
    note: str = ""


_HEADER = f"{'flows':>8}  {'step':<20} {'time s':>8} {'peak MiB':>9} {'+MiB':>7}  note"


def _format_row(row: Row) -> str:
    return (
        f"{row.flows:>8,}  {row.step:<20} {row.seconds:>8.2f} {row.peak_mib:>9,.0f} "
        f"{row.added_mib:>7,.0f}  {row.note}"
    )


@dataclass
class Bench:
    """Runs steps, measures them and prints a row for each."""

    memory: str
    repeat: int = 1
    profile: tuple[str, ...] = ()
    rows: list[Row] = field(default_factory=list)

    def _once(self, call: Callable[[], T], name: str) -> tuple[T, float, float, float]:
        gc.collect()
        if self.memory == "tracemalloc":
            tracemalloc.start()
            started = time.perf_counter()
            value = call()
            seconds = time.perf_counter() - started
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            return value, seconds, peak / _MIB, peak / _MIB
        with _RssPeak() as sampler:
            started = time.perf_counter()
            value = _profiled(call) if name in self.profile else call()
            seconds = time.perf_counter() - started
        return value, seconds, sampler.peak / _MIB, (sampler.peak - sampler.start) / _MIB

    def measure(
        self, flows: int, name: str, call: Callable[[], T], *, repeat: bool = False
    ) -> tuple[T, Row]:
        """Run ``call`` (best time of ``self.repeat`` runs when ``repeat``); print its row."""
        row = Row(flows, name)
        value, row.seconds, row.peak_mib, row.added_mib = self._once(call, name)
        for _ in range(self.repeat - 1 if repeat else 0):
            del value
            value, seconds, peak_mib, added_mib = self._once(call, "")
            row.seconds = min(row.seconds, seconds)
            row.peak_mib, row.added_mib = max(row.peak_mib, peak_mib), max(row.added_mib, added_mib)
        self.rows.append(row)
        return value, row

    def show(self, row: Row) -> None:
        print(_format_row(row), flush=True)


def best_exchanges(result: Any, top: int) -> Any:
    """The match result cut to its ``top`` exchanges by score (pools kept), as a new result.

    The optimiser and the report are meant for the opportunities a consultant would look at, not
    for the two million candidates of a region.
    """
    best = result.exchanges.nlargest(top, "score", keep="first").reset_index(drop=True)
    return replace(result, exchanges=best)


def _profiled(call: Callable[[], T], lines: int = 30) -> T:
    profiler = cProfile.Profile()
    value = profiler.runcall(call)
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("cumulative").print_stats(lines)
    stats.sort_stats("tottime").print_stats(lines)
    print(text.getvalue(), file=sys.stderr)
    return value


def run_size(bench: Bench, flows: int, args: argparse.Namespace, workdir: Path) -> None:
    """Every step on one region of ``flows`` flows."""
    n_companies = max(1, flows // args.flows_per_company)
    config = MatchConfig(show_progress=False)

    records, row = bench.measure(
        flows,
        "generate: draw",
        lambda: region_records(
            n_companies, seed=args.seed, flows_per_company=args.flows_per_company
        ),
    )
    row.note = f"{n_companies:,} companies"
    bench.show(row)
    zone, row = bench.measure(flows, "generate: validate", partial(Zone.model_validate, records))
    row.note = "pydantic: Zone.model_validate of the records"
    bench.show(row)
    del records

    folder = workdir / f"zone-{flows}"

    def round_trip() -> bool:
        write_zone(zone, folder)
        return bool(read_zone(folder) == zone)

    equal, row = bench.measure(flows, "write + read CSV", round_trip)
    row.note = "round trip equal" if equal else "ROUND TRIP DIFFERS"
    bench.show(row)

    result, row = bench.measure(flows, "match", lambda: match(zone, config), repeat=True)
    exchanges = result.exchanges
    feasible = int(exchanges["feasible"].sum()) if len(exchanges) else 0
    row.note = f"{len(exchanges):,} candidates ({feasible:,} feasible), {len(result.pools):,} pools"
    bench.show(row)
    match_seconds = row.seconds

    def pairs_only() -> int:
        inputs = match_inputs(zone)
        return len(candidate_pairs(inputs.flows, inputs.outside, config))

    n_pairs, row = bench.measure(flows, "match: pairs only", pairs_only, repeat=True)
    row.note = f"{n_pairs:,} pairs before checks (match_inputs + candidate_pairs)"
    bench.show(row)
    pairs_seconds = row.seconds

    candidates, row = bench.measure(
        flows, "match: candidates", lambda: find_candidates(zone, config), repeat=True
    )
    row.note = f"{len(candidates):,} feasible, with quantities and checks (find_candidates)"
    bench.show(row)
    candidates_seconds = row.seconds

    top = best_exchanges(result, args.top)
    plan, row = bench.measure(
        flows, "optimize", lambda: optimize(zone, top, time_limit_s=args.time_limit)
    )
    row.note = (
        f"best {len(top.exchanges):,} exchanges + {len(top.pools):,} pools: "
        f"{plan.status}, {len(plan.selected):,} chosen"
    )
    bench.show(row)
    graph, row = bench.measure(flows, "graph", lambda: exchange_graph(zone, plan))
    row.note = f"of the plan: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges"
    bench.show(row)
    if flows <= args.report_max:
        path, row = bench.measure(
            flows, "report", lambda: report(zone, top, plan, workdir / f"report-{flows}.html")
        )
        row.note = f"best {len(top.exchanges):,} exchanges: {path.stat().st_size / 1024:,.0f} KiB"
        bench.show(row)
    else:
        print(f"{flows:>8,}  {'report':<20} skipped above --report-max {args.report_max:,}")

    if flows <= args.reference_max:
        reference, row = bench.measure(
            flows, "reference (loops)", lambda: reference_candidates(zone, config), repeat=True
        )
        row.note = f"{len(reference):,} feasible pairs"
        bench.show(row)
        for name, found, seconds in [
            ("match", result, match_seconds),
            ("candidates", candidates, candidates_seconds),
        ]:
            differences = compare_with_reference(found, reference)
            verdict = "identical exchanges" if not differences else "; ".join(differences[:3])
            print(
                f"{'':>8}  reference time / {name} time = {row.seconds / seconds:,.1f}; {verdict}",
                flush=True,
            )
        print(f"{'':>8}  reference time / pairs-only time = {row.seconds / pairs_seconds:,.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1000, 10000, 100000], help="numbers of flows"
    )
    parser.add_argument(
        "--reference-max",
        type=int,
        default=10000,
        help="run the pair-by-pair reference matcher up to this many flows",
    )
    parser.add_argument(
        "--report-max",
        type=int,
        default=100000,
        help="write the HTML report up to this many flows",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--flows-per-company", type=int, default=10)
    parser.add_argument(
        "--top", type=int, default=5000, help="exchanges (best scores) given to the optimiser"
    )
    parser.add_argument("--time-limit", type=float, default=60.0, help="optimiser limit [s]")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run match, the pairs and the reference this many times; keep the best time",
    )
    parser.add_argument(
        "--memory",
        choices=["rss", "tracemalloc"],
        default="rss",
        help="RSS sampled from /proc (default) or tracemalloc's peak",
    )
    parser.add_argument(
        "--profile",
        nargs="*",
        default=[],
        choices=["match", "match: pairs only", "match: candidates", "optimize", "report"],
        help="print cProfile statistics of these steps to stderr",
    )
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="run every size in this process instead of one fresh process per size",
    )
    parser.add_argument("--no-header", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory == "rss" and not Path("/proc/self/statm").exists():
        parser.error("--memory rss needs Linux /proc; use --memory tracemalloc")

    if len(args.sizes) > 1 and not args.in_process:
        print(f"symbiosis scale benchmark: seed {args.seed}, memory: {args.memory}")
        print(_HEADER, flush=True)
        given = list(sys.argv[1:] if argv is None else argv)
        for flows in args.sizes:
            child = [sys.executable, __file__, *_without_sizes(given), "--sizes", str(flows)]
            child += ["--in-process", "--no-header"]
            subprocess.run(child, check=True)
        return 0

    bench = Bench(memory=args.memory, repeat=max(1, args.repeat), profile=tuple(args.profile))
    if not args.no_header:
        print(f"symbiosis scale benchmark: seed {args.seed}, memory: {args.memory}")
        print(_HEADER, flush=True)
    with tempfile.TemporaryDirectory(prefix="symbiosis-bench-") as tmp:
        for flows in args.sizes:
            run_size(bench, flows, args, Path(tmp))
    return 0


def _without_sizes(arguments: list[str]) -> list[str]:
    """The command-line arguments less ``--sizes`` and its values."""
    kept, skipping = [], False
    for argument in arguments:
        if argument == "--sizes":
            skipping = True
            continue
        if skipping and not argument.startswith("--"):
            continue
        skipping = False
        kept.append(argument)
    return kept


if __name__ == "__main__":
    raise SystemExit(main())
