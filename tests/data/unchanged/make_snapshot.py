"""Write the tables that changes must leave unchanged unless they mean to move them.

    python tests/data/unchanged/make_snapshot.py

For the toy zone and the Capécure sample: the exchanges with infeasible candidates kept, the
pools, and for each objective the plan's selected rows and indicators; plus the explanation of
every toy candidate and of the first 60 Capécure candidates. ``test_unchanged_results.py``
compares today's results with these files. First written at commit 076ce20 (before the refactor
of issue 11); each regeneration since is its own commit saying what moved and why.
"""

from __future__ import annotations

import json
from pathlib import Path

from symbiosis import MatchConfig, load_example, match, optimize

HERE = Path(__file__).parent
ZONES = ("toy", "capecure")
OBJECTIVES = ("net_benefit", "freshwater", "co2e")
EXPLAINED = {"toy": None, "capecure": 60}


def results(name: str) -> dict[str, object]:
    """Every table and text the snapshot holds for one example zone."""
    zone = load_example(name)
    result = match(zone, MatchConfig(keep_infeasible=True))
    feasible = match(zone)
    plans = {objective: optimize(zone, feasible, objective=objective) for objective in OBJECTIVES}
    limit = EXPLAINED[name]
    ids = result.exchanges["opportunity_id"].tolist()[:limit]
    return {
        "exchanges": result.exchanges,
        "pools": result.pools,
        "plans": plans,
        "explanations": {opportunity: result.explain(opportunity) for opportunity in ids},
    }


#: gzip without a timestamp, so that unchanged tables give unchanged files.
GZIP = {"method": "gzip", "mtime": 0}


def main() -> None:
    for name in ZONES:
        found = results(name)
        found["exchanges"].to_csv(HERE / f"{name}_exchanges.csv.gz", index=False, compression=GZIP)
        found["pools"].to_csv(HERE / f"{name}_pools.csv.gz", index=False, compression=GZIP)
        for objective, plan in found["plans"].items():
            plan.selected.to_csv(
                HERE / f"{name}_plan_{objective}.csv.gz", index=False, compression=GZIP
            )
            plan.indicators.to_csv(HERE / f"{name}_indicators_{objective}.csv", header=True)
        text = json.dumps(found["explanations"], indent=1, ensure_ascii=False, sort_keys=True)
        (HERE / f"{name}_explanations.json").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
