"""The ``symbiosis`` command: argument parsing only; every sub-command calls the library.

Exit codes: 0 success; 2 invalid input or arguments (the problems are printed, located), an
output that would overwrite an input, or an existing output file without ``--force``,
included; 1 any other error: a file that cannot be written
(the message names it and says why), or an internal error, which says how to report it. No
traceback is printed unless the environment variable ``SYMBIOSIS_DEBUG`` is set.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import traceback
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from symbiosis._version import DISTRIBUTION_NAME, __version__
from symbiosis.errors import InputError, SymbiosisError, ValidationReport

__all__ = ["build_parser", "main", "refuse_output_over_input", "refuse_overwrite"]

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


def refuse_overwrite(outputs: Iterable[Path], force: bool) -> None:
    """Stop before anything is computed when an output file exists and ``--force`` is not given.

    A folder in the way is not refused here: writing then fails with a message naming it.

    Raises
    ------
    InputError
        Naming the first existing output and saying to add ``--force``.
    """
    if force:
        return
    for output in outputs:
        if os.path.isfile(output):  # False for a name too long, which writing then names
            raise InputError(
                f"-o {str(output)!r} already exists: add --force to overwrite it, or write to "
                "another file"
            )


def _company_names(zone: Any, share: Any | None) -> dict[str, str]:
    """Id to name of the companies and outside parties, coded as ShareMap codes them."""
    if share is None:
        names = {party.id: party.name for party in zone.outside_parties}
        names.update({company.id: company.name for company in zone.companies})
        return names
    # Shared tables hold the codes as ids; outside parties' names lose any company name.
    names = {party.id: share.text(party.name) for party in zone.outside_parties}
    names.update({code: code for code in share.codes.values()})
    return names


def _best_per_demand(exchanges: Any, count: int) -> Any:
    """The ``count`` best-scored rows of each demand flow (all when ``count`` is 0)."""
    if count <= 0 or "demand_flow_id" not in exchanges.columns:
        return exchanges
    # Rows without a demand flow are all kept: the limit is per demand.
    ranked = exchanges.sort_values("score", ascending=False, kind="stable")
    kept = ranked.groupby("demand_flow_id", sort=False).head(count).index
    return exchanges.loc[exchanges.index.isin(kept) | exchanges["demand_flow_id"].isna()]


def _validate(args: argparse.Namespace) -> int:
    from symbiosis.io import read_zone

    zone = read_zone(args.path)
    print(f"OK {zone.summary()}")
    return 0


def _template(args: argparse.Namespace) -> int:
    from symbiosis.io import write_template

    refuse_overwrite([args.out], args.force)
    written = write_template(args.out)
    print(f"template written to {written}")
    return 0


def _match(args: argparse.Namespace) -> int:
    from symbiosis.graph import ShareMap
    from symbiosis.io import read_zone
    from symbiosis.matching import MatchConfig, match, result_files

    if args.out:
        refuse_output_over_input(result_files(args.out), [args.path, args.config])
        refuse_overwrite(result_files(args.out), args.force)
    zone = read_zone(args.path)
    config = MatchConfig.from_file(args.config) if args.config else MatchConfig()
    if args.keep_infeasible:
        config = config.model_copy(update={"keep_infeasible": True})
    result = match(zone, config)
    share = ShareMap(zone) if args.share else None
    if share is not None:
        result = share.result(result)
    print(result.summary())
    if args.top > 0 and len(result.exchanges):
        print(result.top(args.top).to_string(index=False))
    if args.out:
        written_rows = _best_per_demand(result.exchanges, args.top_per_demand)
        if len(written_rows) < len(result.exchanges):
            print(
                f"writing the {args.top_per_demand} best candidates of each demand: "
                f"{len(written_rows)} of {len(result.exchanges)} rows (--top-per-demand 0 "
                "writes all)"
            )
        result = dataclasses.replace(result, exchanges=written_rows.reset_index(drop=True))
        names = _company_names(zone, share)
        for written in result.write(args.out, dialect=args.csv_dialect, company_names=names):
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
        refuse_overwrite([args.out], args.force)
    zone = read_zone(args.path)
    plan = optimize(
        zone,
        match(zone),
        objective=args.objective,
        require_served=args.require_served,
        time_limit_s=args.time_limit,
        mip_rel_gap=args.mip_gap,
    )
    share = ShareMap(zone) if args.share else None
    if share is not None:
        plan = share.plan(plan)
    print(plan.summary())
    if plan.message:
        print(plan.message)
    for warning in plan.warnings:
        print(f"warning: {warning}")
    print(plan.headline())
    if args.out is not None:
        names = _company_names(zone, share)
        written = plan.write(args.out, dialect=args.csv_dialect, company_names=names)
        print(f"plan written to {written}")
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
    refuse_overwrite([args.out], args.force)
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
    refuse_overwrite([args.out], args.force)
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
_FORCE_HELP = (
    "overwrite the output files if they exist (without it, an existing file stops the run)"
)
_DIALECT_HELP = (
    "CSV dialect: 'en' (',' separator, '.' decimals, every digit) or 'fr' (';' separator, "
    "decimal comma, 6 significant digits, UTF-8 with BOM: French Excel opens it in columns); "
    "default: en"
)
_OBJECTIVE_HELP = (
    "what the plan maximises: net_benefit (EUR/yr saved net of annualised investment), "
    "freshwater (m3/yr of drinking and process water saved) or co2e (t CO2e/yr avoided); "
    "default: net_benefit"
)
#: Rows per demand flow that ``match -o`` writes by default: the best candidates a consultant
#: reads; on a 100,000-flow region writing every candidate gave a CSV of 1.84 million rows.
TOP_PER_DEMAND = 20


def _command(
    commands: Any, name: str, summary: str, description: str, examples: str
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=summary,
        description=f"{summary[0].upper()}{summary[1:]}.\n\n{description}",
        epilog=f"example:\n{examples}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``symbiosis`` command."""
    parser = argparse.ArgumentParser(
        prog="symbiosis",
        description="Find, score and plan exchanges between the companies of a zone.",
        epilog=(
            "example:\n"
            "  symbiosis template collecte.xlsx        # the empty form to fill in\n"
            "  symbiosis validate collecte.xlsx        # every problem, located\n"
            "  symbiosis report collecte.xlsx -o report.html\n\n"
            "Run 'symbiosis COMMAND -h' for the options of a command."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{DISTRIBUTION_NAME} {__version__} (import name: symbiosis)",
        help="print the distribution name and version, then stop",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    zone_help = "the zone: a folder of CSV files, an .xlsx workbook or a .json file"

    validate = _command(
        commands,
        "validate",
        "check a zone (CSV folder, .xlsx or .json) and list every problem",
        "Reads the zone as every other command does and prints its size, or every problem with\n"
        "its file, row and column (exit code 2).",
        "  symbiosis validate data/capecure_sample",
    )
    validate.add_argument("path", type=Path, help=zone_help)
    validate.set_defaults(handler=_validate)

    template = _command(
        commands,
        "template",
        "write the empty data-collection template (.xlsx or a CSV folder)",
        "One sheet (or CSV file) per table, with the columns, their units and a help sheet.",
        "  symbiosis template collecte.xlsx",
    )
    template.add_argument(
        "out", type=Path, help="the template to write: a name ending in .xlsx, or a folder"
    )
    template.add_argument("--force", action="store_true", help=_FORCE_HELP)
    template.set_defaults(handler=_template)

    match = _command(
        commands,
        "match",
        "score exchange, substitution and pooling options",
        "Prints the best opportunities; with -o writes the exchanges, the pools and the\n"
        "settings used (x.csv, x_pools.csv, x_config.json; or one .xlsx workbook).",
        "  symbiosis match data/capecure_sample --top 5\n"
        "  symbiosis match data/capecure_sample -o echanges.csv --csv-dialect fr",
    )
    match.add_argument("path", type=Path, help=zone_help)
    match.add_argument(
        "-o", "--out", type=Path, help="exchanges table to write (.csv or .xlsx), e.g. out.csv"
    )
    match.add_argument(
        "--config", type=Path, help="matching settings (MatchConfig) as YAML or JSON, e.g. m.yaml"
    )
    match.add_argument(
        "--keep-infeasible",
        action="store_true",
        help="keep rejected candidates, with the reason in infeasible_reason",
    )
    match.add_argument(
        "--top", type=int, default=10, help="how many opportunities to print (default: 10)"
    )
    match.add_argument(
        "--top-per-demand",
        type=int,
        default=TOP_PER_DEMAND,
        metavar="N",
        help=(
            f"with -o, write the N best-scored candidates of each demand flow "
            f"(default: {TOP_PER_DEMAND}; 0 writes every candidate)"
        ),
    )
    match.add_argument("--csv-dialect", choices=["en", "fr"], default="en", help=_DIALECT_HELP)
    match.add_argument("--force", action="store_true", help=_FORCE_HELP)
    match.add_argument("--share", action="store_true", help=_SHARE_HELP)
    match.set_defaults(handler=_match)

    optimize = _command(
        commands,
        "optimize",
        "choose a consistent plan (MILP)",
        "Matches the zone, then chooses the exchanges and pools that together maximise the\n"
        "objective, each supply and demand used at most once; prints the indicators with units.",
        "  symbiosis optimize data/capecure_sample --objective freshwater -o plan.csv",
    )
    optimize.add_argument("path", type=Path, help=zone_help)
    optimize.add_argument(
        "--objective",
        choices=["net_benefit", "freshwater", "co2e"],
        default="net_benefit",
        help=_OBJECTIVE_HELP,
    )
    optimize.add_argument(
        "-o", "--out", type=Path, help="plan table to write (.csv or .xlsx), e.g. plan.csv"
    )
    optimize.add_argument(
        "--time-limit",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="stop the solver after this many seconds and keep its best plan (default: 60)",
    )
    optimize.add_argument(
        "--mip-gap",
        type=float,
        default=0.01,
        metavar="GAP",
        help="stop when the plan is within this relative gap of the best possible (default: 0.01)",
    )
    optimize.add_argument(
        "--require-served",
        metavar="FLOW_ID",
        action="append",
        default=[],
        help="a demand flow that the plan must serve in full (repeatable), e.g. F09",
    )
    optimize.add_argument("--csv-dialect", choices=["en", "fr"], default="en", help=_DIALECT_HELP)
    optimize.add_argument("--force", action="store_true", help=_FORCE_HELP)
    optimize.add_argument("--share", action="store_true", help=_SHARE_HELP)
    optimize.set_defaults(handler=_optimize)

    graph = _command(
        commands,
        "graph",
        "export the exchange graph",
        "Companies, outside parties and pools as nodes, the candidate (or planned) exchanges as\n"
        "edges, for Gephi, a GIS or a workbook.",
        "  symbiosis graph data/capecure_sample -o reseau.gexf --plan",
    )
    graph.add_argument("path", type=Path, help=zone_help)
    graph.add_argument(
        "-o",
        "--out",
        type=Path,
        required=True,
        help="file to write: .graphml, .gexf, .json, .geojson or .xlsx",
    )
    graph.add_argument("--plan", action="store_true", help="graph of the optimised plan only")
    graph.add_argument("--force", action="store_true", help=_FORCE_HELP)
    graph.add_argument("--share", action="store_true", help=_SHARE_HELP)
    graph.set_defaults(handler=_graph)

    report = _command(
        commands,
        "report",
        "write the self-contained HTML report",
        "Matches the zone, chooses a plan and writes one HTML file (no internet needed) with\n"
        "the plan, the opportunities, the pools and what was left out and why.",
        "  symbiosis report data/capecure_sample -o report.html",
    )
    report.add_argument("path", type=Path, help=zone_help)
    report.add_argument(
        "-o", "--out", type=Path, default=Path("report.html"), help="default: report.html"
    )
    report.add_argument("--force", action="store_true", help=_FORCE_HELP)
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
