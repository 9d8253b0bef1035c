"""The ``symbiosis`` command: argument parsing only; every sub-command calls the library.

Exit codes: 0 success, 2 invalid input (the problems are printed), 1 any other error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from symbiosis.errors import SymbiosisError, ValidationReport

__all__ = ["build_parser", "main"]


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
    from symbiosis.io import read_zone
    from symbiosis.matching import MatchConfig, match

    zone = read_zone(args.path)
    config = MatchConfig.from_file(args.config) if args.config else MatchConfig()
    if args.keep_infeasible:
        config = config.model_copy(update={"keep_infeasible": True})
    result = match(zone, config)
    print(result.summary())
    if args.top > 0 and len(result.exchanges):
        print(result.top(args.top).to_string(index=False))
    if args.out:
        for written in result.write(args.out):
            print(f"written {written}")
    return 0


def _optimize(args: argparse.Namespace) -> int:
    from symbiosis.errors import InputError
    from symbiosis.io import read_zone
    from symbiosis.matching import match
    from symbiosis.optimization import PLAN_FORMATS, optimize

    if args.out is not None and args.out.suffix.lower() not in PLAN_FORMATS:
        raise InputError(
            f"cannot write {str(args.out)!r}: give -o a file ending in {' or '.join(PLAN_FORMATS)}"
        )
    zone = read_zone(args.path)
    plan = optimize(
        zone,
        match(zone),
        objective=args.objective,
        require_served=args.require_served,
        time_limit_s=args.time_limit,
        mip_rel_gap=args.mip_gap,
    )
    print(plan.summary())
    if plan.message:
        print(plan.message)
    for warning in plan.warnings:
        print(f"warning: {warning}")
    print(plan.indicator_table().to_string(float_format=lambda value: f"{value:,.2f}"))
    if args.out is not None:
        print(f"plan written to {plan.write(args.out)}")
    return 0


def _graph(args: argparse.Namespace) -> int:
    from symbiosis.errors import InputError
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

    zone = read_zone(args.path)
    # Rejected candidates are kept so that the report can say what was left out and why.
    result = match(zone, MatchConfig(keep_infeasible=True))
    plan = optimize(zone, result)
    written = report(zone, result, plan, args.out, share=args.share)
    print(f"report written to {written}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``symbiosis`` command."""
    parser = argparse.ArgumentParser(
        prog="symbiosis",
        description="Find, score and plan exchanges between the companies of a zone.",
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
    optimize.set_defaults(handler=_optimize)

    graph = commands.add_parser("graph", help="export the exchange graph")
    graph.add_argument("path", type=Path)
    graph.add_argument(
        "-o", "--out", type=Path, required=True, help=".graphml, .gexf, .json, .geojson or .xlsx"
    )
    graph.add_argument("--plan", action="store_true", help="graph of the optimised plan only")
    graph.add_argument("--share", action="store_true", help="codes for names, no confidential flow")
    graph.set_defaults(handler=_graph)

    report = commands.add_parser("report", help="write the self-contained HTML report")
    report.add_argument("path", type=Path)
    report.add_argument("-o", "--out", type=Path, default=Path("report.html"))
    report.add_argument(
        "--share", action="store_true", help="codes for names, no confidential flow"
    )
    report.set_defaults(handler=_report)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except ValidationReport as report:
        print(report, file=sys.stderr)
        return 2
    except SymbiosisError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2 if isinstance(error, ValueError) else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
