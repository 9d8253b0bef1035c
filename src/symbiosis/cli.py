"""The ``symbiosis`` command: argument parsing only; every sub-command calls the library.

Exit codes: 0 success; 2 invalid input or arguments (the problems are printed, located), an
output that would overwrite an input included; 1 any other error: a file that cannot be written
(the message names it and says why), or an internal error, which says how to report it. No
traceback is printed unless the environment variable ``SYMBIOSIS_DEBUG`` is set.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Iterable, Sequence
from pathlib import Path

from symbiosis._version import DISTRIBUTION_NAME, __version__
from symbiosis.errors import InputError, SymbiosisError, ValidationReport

__all__ = ["build_parser", "main", "refuse_output_over_input"]

#: Set (to anything) to print the traceback of an internal error.
DEBUG_VARIABLE = "SYMBIOSIS_DEBUG"

# Files of a zone folder that read_zone reads: an output there would change the zone.
_ZONE_FOLDER_SUFFIXES = (".csv",)
_ZONE_FOLDER_NAMES = ("zone.yaml", "zone.yml")


def _same_file(first: Path, second: Path) -> bool:
    if first.resolve() == second.resolve():
        return True
    try:
        return os.path.samefile(first, second)  # hard links
    except OSError:
        return False


def _read_with_folder(output: Path, folder: Path) -> bool:
    """Whether reading the zone folder ``folder`` would read ``output`` too."""
    if not folder.is_dir() or output.resolve().parent != folder.resolve():
        return False
    name = output.name.lower()
    return not name.startswith(".") and (
        output.suffix.lower() in _ZONE_FOLDER_SUFFIXES or name in _ZONE_FOLDER_NAMES
    )


def refuse_output_over_input(outputs: Iterable[Path], inputs: Iterable[Path | None]) -> None:
    """Stop before anything is computed when an output would overwrite an input.

    Raises
    ------
    InputError
        When an output is an input file (also through a link), or a file that reading an input
        zone folder would read.
    """
    sources = [source for source in inputs if source is not None]
    for output in outputs:
        for source in sources:
            if _same_file(output, source) or _read_with_folder(output, source):
                raise InputError(
                    f"-o {str(output)!r} would overwrite the input {str(source)!r}: write the "
                    "output to another file"
                )


def _validate(args: argparse.Namespace) -> int:
    from symbiosis.io import read_zone

    zone = read_zone(args.path)
    print(f"OK {zone.summary()}")
    return 0


def _template(args: argparse.Namespace) -> int:
    from symbiosis.io import write_template

    written = write_template(args.out)
    print(f"template written to {written}")
    return 0


def _match(args: argparse.Namespace) -> int:
    from symbiosis.graph import ShareMap
    from symbiosis.io import read_zone
    from symbiosis.matching import MatchConfig, match, result_files

    if args.out:
        refuse_output_over_input(result_files(args.out), [args.path, args.config])
    zone = read_zone(args.path)
    config = MatchConfig.from_file(args.config) if args.config else MatchConfig()
    if args.keep_infeasible:
        config = config.model_copy(update={"keep_infeasible": True})
    result = match(zone, config)
    if args.share:
        result = ShareMap(zone).result(result)
    print(result.summary())
    if args.top > 0 and len(result.exchanges):
        print(result.top(args.top).to_string(index=False))
    if args.out:
        for written in result.write(args.out):
            print(f"written {written}")
    return 0


def _optimize(args: argparse.Namespace) -> int:
    from symbiosis.graph import ShareMap
    from symbiosis.io import read_zone
    from symbiosis.matching import match
    from symbiosis.optimization import PLAN_FORMATS, optimize

    if args.out is not None and args.out.suffix.lower() not in PLAN_FORMATS:
        raise InputError(
            f"cannot write {str(args.out)!r}: give -o a file ending in {' or '.join(PLAN_FORMATS)}"
        )
    if args.out is not None:
        refuse_output_over_input([args.out], [args.path])
    zone = read_zone(args.path)
    plan = optimize(
        zone,
        match(zone),
        objective=args.objective,
        require_served=args.require_served,
        time_limit_s=args.time_limit,
        mip_rel_gap=args.mip_gap,
    )
    if args.share:
        plan = ShareMap(zone).plan(plan)
    print(plan.summary())
    if plan.message:
        print(plan.message)
    for warning in plan.warnings:
        print(f"warning: {warning}")
    print(plan.headline())
    if args.out is not None:
        print(f"plan written to {plan.write(args.out)}")
    return 0


def _graph(args: argparse.Namespace) -> int:
    from symbiosis.graph import GRAPH_FORMATS, exchange_graph, write_graph, write_workbook
    from symbiosis.io import read_zone
    from symbiosis.matching import match
    from symbiosis.optimization import optimize

    suffix = args.out.suffix.lower()
    if suffix not in (*GRAPH_FORMATS, ".xlsx"):
        raise InputError(
            f"cannot write {str(args.out)!r}: give -o a file ending in "
            f"{', '.join(GRAPH_FORMATS)} or .xlsx"
        )
    refuse_output_over_input([args.out], [args.path])
    zone = read_zone(args.path)
    result = match(zone)
    # The workbook always has the plan and its indicators; a graph only with --plan.
    plan = optimize(zone, result) if args.plan or suffix == ".xlsx" else None
    if suffix == ".xlsx":
        written = write_workbook(zone, args.out, result=result, plan=plan, share=args.share)
    else:
        graph = exchange_graph(zone, plan if args.plan else result, share=args.share)
        written = write_graph(graph, args.out)
        print(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
    print(f"written to {written}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from symbiosis.io import read_zone
    from symbiosis.matching import MatchConfig, match
    from symbiosis.optimization import optimize
    from symbiosis.reporting import report

    refuse_output_over_input([args.out], [args.path])
    zone = read_zone(args.path)
    # Rejected candidates are kept so that the report can say what was left out and why.
    result = match(zone, MatchConfig(keep_infeasible=True))
    plan = optimize(zone, result)
    written = report(zone, result, plan, args.out, share=args.share)
    print(f"report written to {written}")
    return 0


_SHARE_HELP = (
    "shareable output: codes for company names, no confidential flow, confidential sites placed "
    "to 0.01 degree and their sector to the NACE division"
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``symbiosis`` command."""
    parser = argparse.ArgumentParser(
        prog="symbiosis",
        description="Find, score and plan exchanges between the companies of a zone.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{DISTRIBUTION_NAME} {__version__} (import name: symbiosis)",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser(
        "validate", help="check a zone (CSV folder, .xlsx or .json) and list every problem"
    )
    validate.add_argument("path", type=Path)
    validate.set_defaults(handler=_validate)

    template = commands.add_parser(
        "template", help="write the empty data-collection template (.xlsx or a CSV folder)"
    )
    template.add_argument("out", type=Path)
    template.set_defaults(handler=_template)

    match = commands.add_parser("match", help="score exchange, substitution and pooling options")
    match.add_argument("path", type=Path)
    match.add_argument("-o", "--out", type=Path, help="exchanges table (.csv or .xlsx)")
    match.add_argument("--config", type=Path, help="MatchConfig as YAML or JSON")
    match.add_argument("--keep-infeasible", action="store_true", help="keep rejected candidates")
    match.add_argument("--top", type=int, default=10, help="how many opportunities to print")
    match.add_argument("--share", action="store_true", help=_SHARE_HELP)
    match.set_defaults(handler=_match)

    optimize = commands.add_parser("optimize", help="choose a consistent plan (MILP)")
    optimize.add_argument("path", type=Path)
    optimize.add_argument(
        "--objective", choices=["net_benefit", "freshwater", "co2e"], default="net_benefit"
    )
    optimize.add_argument("-o", "--out", type=Path, help="plan table (.csv or .xlsx)")
    optimize.add_argument("--time-limit", type=float, default=60.0, help="seconds")
    optimize.add_argument("--mip-gap", type=float, default=0.01, help="relative gap")
    optimize.add_argument(
        "--require-served",
        metavar="FLOW_ID",
        action="append",
        default=[],
        help="a demand flow that the plan must serve in full (repeatable)",
    )
    optimize.add_argument("--share", action="store_true", help=_SHARE_HELP)
    optimize.set_defaults(handler=_optimize)

    graph = commands.add_parser("graph", help="export the exchange graph")
    graph.add_argument("path", type=Path)
    graph.add_argument(
        "-o", "--out", type=Path, required=True, help=".graphml, .gexf, .json, .geojson or .xlsx"
    )
    graph.add_argument("--plan", action="store_true", help="graph of the optimised plan only")
    graph.add_argument("--share", action="store_true", help=_SHARE_HELP)
    graph.set_defaults(handler=_graph)

    report = commands.add_parser("report", help="write the self-contained HTML report")
    report.add_argument("path", type=Path)
    report.add_argument("-o", "--out", type=Path, default=Path("report.html"))
    report.add_argument("--share", action="store_true", help=_SHARE_HELP)
    report.set_defaults(handler=_report)
    return parser


def _internal_error(error: BaseException) -> str:
    if os.environ.get(DEBUG_VARIABLE):
        traceback.print_exception(error, file=sys.stderr)
    return (
        f"internal error: {type(error).__name__}: {error}\n"
        f"This is a bug in symbiosis {__version__}. Please report it to the symbiosis "
        "developers with the command you ran and, if you can share them, the input files; run "
        f"it again with {DEBUG_VARIABLE}=1 set to add the traceback to the report."
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (see the module docstring).

    Never lets an exception through: every problem is printed to stderr as one message.
    """
    for stream in (sys.stdout, sys.stderr):
        # A console that cannot show "é" gets "\xe9" rather than an encoding error.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except ValidationReport as report:
        print(report, file=sys.stderr)
        return 2
    except SymbiosisError as error:  # OutputError included: it names the file and the reason
        print(f"error: {error}", file=sys.stderr)
        return 2 if isinstance(error, ValueError) else 1
    except OSError as error:  # an input that vanished or cannot be read while running
        where = f" {str(error.filename)!r}" if error.filename else ""
        print(f"error: cannot use{where}: {error.strerror or error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # the promise: no traceback, and a way to report the bug
        print(_internal_error(error), file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
