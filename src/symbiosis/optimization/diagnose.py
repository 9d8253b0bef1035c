"""Say, in the zone's words, why no plan meets the demands that must be served."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from symbiosis.catalogue import get_resource
from symbiosis.display import format_value
from symbiosis.optimization.options import Options
from symbiosis.schemas import Zone

__all__ = ["explain_infeasible"]

# Share of a demand below which "fully served" is not reached. [1]
SERVED_TOLERANCE = 1e-6

Feasible = Callable[[Sequence[str]], bool]
MaxShare = Callable[[str], float]


def _amount(value: float, unit: str) -> str:
    return f"{format_value(value)} {unit}"


def _party(zone: Zone, party_id: str) -> str:
    for company in zone.companies:
        if company.id == party_id:
            return f"{company.name} ({company.id})"
    for party in zone.outside_parties:
        if party.id == party_id:
            return f"{party.name} ({party.id})"
    return party_id


def _flow_words(zone: Zone, flow_id: str) -> str:
    flow = next(flow for flow in zone.flows if flow.id == flow_id)
    what = flow.description or get_resource(flow.resource).label_en
    return (
        f"{flow.direction} {flow.id} of {_party(zone, flow.company_id)} ({what}, "
        f"{flow.resource}, {_amount(flow.quantity_per_yr, flow.canonical_unit)})"
    )


def _alone(zone: Zone, options: Options, flow_id: str, best_share: float) -> str:
    flow = next(flow for flow in zone.flows if flow.id == flow_id)
    unit = flow.canonical_unit
    serving = options.candidates[options.candidates["demand_flow_id"] == flow_id]
    pools = options.pools[[flow_id in flows for flows in options.pools["flow_list"]]]
    parts = [
        f"{row.opportunity_id} from {_party(zone, str(row.supplier_id))}, up to "
        f"{_amount(float(row.quantity_per_yr), unit)}"
        for row in serving.itertuples()
    ]
    parts += [f"pool {row.pool_id}" for row in pools.itertuples()]
    rejected = options.rejected[options.rejected["demand_flow_id"] == flow_id]
    reasons = [
        f"{row.opportunity_id} ({row.infeasible_reason})"
        for row in rejected.itertuples()
        if "infeasible_reason" in rejected.columns and str(row.infeasible_reason)
    ]
    text = f"- {_flow_words(zone, flow_id)} must be fully served, but "
    if not parts:
        text += "no feasible candidate serves it"
    else:
        reach = best_share * flow.quantity_per_yr
        text += (
            f"at most {_amount(reach, unit)} ({100 * best_share:.0f} %) can reach it, from "
            + "; ".join(parts)
        )
    if reasons:
        text += ". Rejected by the matcher: " + "; ".join(reasons)
    return text + "."


def _joint(zone: Zone, options: Options, conflict: Sequence[str]) -> str:
    candidates = options.candidates
    names = [f"- {_flow_words(zone, flow_id)}" for flow_id in conflict]
    supplies: dict[str, set[str]] = {}
    for flow_id in conflict:
        for supply_id in candidates.loc[candidates["demand_flow_id"] == flow_id, "supply_flow_id"]:
            if isinstance(supply_id, str):
                supplies.setdefault(supply_id, set()).add(flow_id)
    shared = sorted(supply_id for supply_id, demands in supplies.items() if len(demands) > 1)
    need = sum(flow.quantity_per_yr for flow in zone.flows if flow.id in set(conflict))
    unit = next(flow.canonical_unit for flow in zone.flows if flow.id == conflict[0])
    text = (
        "these demands must all be fully served, and each could be alone, but not together "
        f"(they need {_amount(need, unit)} in all):\n" + "\n".join(names)
    )
    if shared:
        text += "\nThey compete for " + "; ".join(_flow_words(zone, s) for s in shared) + "."
    else:
        text += "\nThey compete for the same pools or contaminant limits."
    return text


def explain_infeasible(
    zone: Zone,
    options: Options,
    required: Sequence[str],
    feasible: Feasible,
    max_share: MaxShare,
) -> str:
    """Why the demands in ``required`` cannot all be fully served.

    First each required demand alone: the most the model can bring it with every other
    constraint in place (``max_share``). If each can be served alone, a deletion filter finds a
    smallest set of required demands that still conflict (``feasible`` answers for a subset)
    and names the supplies they compete for.

    Returns
    -------
    str
        A message naming companies, flows, quantities and the fix.
    """
    alone = []
    for flow_id in required:
        share = max_share(flow_id)
        if share < 1.0 - SERVED_TOLERANCE:
            alone.append(_alone(zone, options, flow_id, max(0.0, share)))
    fix = "Remove the demand(s) from require_served, or add supplies that can serve them."
    if alone:
        return (
            "no plan can fully serve every demand in require_served:\n"
            + "\n".join(alone)
            + f"\n{fix}"
        )
    conflict = list(required)
    for flow_id in list(conflict):
        trial = [other for other in conflict if other != flow_id]
        if trial and not feasible(trial):
            conflict = trial
    joint = _joint(zone, options, conflict)
    return f"no plan can fully serve every demand in require_served: {joint}\n{fix}"
