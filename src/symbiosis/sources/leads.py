"""Leads before interviews: what a consultant should ask about first in a draft zone.

Three kinds, each from the draft's own data, ranked within their kind by quantity:

- ``waste to disposal``: a material declared going to a disposal operation (a D code), with
  the nearest company of the zone that demands a material a rule of the catalogue lets it
  replace;
- ``drinking water near the shore``: a ``water.potable`` demand, with the nearest evidence of
  seawater (a company that abstracts seawater, or a ``sea`` outside party with a position);
- ``cooling tower``: an ICPE 2921 capacity (evaporative cooling, kW), a heat source, with the
  nearest heat demand of the zone.

Each lead says whether its number is declared (IREP), estimated or from an interview.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from symbiosis.catalogue import get_resource, rule_pairs
from symbiosis.schemas import Company, Flow, Zone
from symbiosis.sources.draft import DraftZone

__all__ = ["LEAD_COLUMNS", "draft_leads"]

#: Columns of :func:`draft_leads`.
LEAD_COLUMNS = [
    "rank",
    "kind",
    "company_id",
    "company_name",
    "flow_id",
    "resource",
    "quantity_per_yr",
    "unit",
    "numbers",
    "partner_id",
    "partner_name",
    "distance_km",
    "why",
]
_KINDS = ("waste to disposal", "drinking water near the shore", "cooling tower")


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between (latitude, longitude) points, sphere of 6,371 km. [km]"""
    phi1, phi2 = math.radians(a[0]), math.radians(b[0])
    half = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(half))


def _numbers(flow: Flow) -> str:
    if flow.provenance == "measured" and (flow.source or "").startswith("IREP"):
        return "declared"
    if flow.provenance == "estimated":
        return "estimated"
    return f"{flow.provenance} ({flow.source or 'no source'})"


def _nearest(
    origin: tuple[float, float], candidates: list[tuple[str, str, tuple[float, float]]]
) -> tuple[str, str, float] | None:
    best = None
    for partner_id, partner_name, position in candidates:
        distance = _distance_km(origin, position)
        if best is None or distance < best[2]:
            best = (partner_id, partner_name, distance)
    return best


def draft_leads(draft: DraftZone | Zone, max_distance_km: float = 5.0) -> pd.DataFrame:
    """Rank the leads of a draft zone before the first interview.

    Parameters
    ----------
    draft : DraftZone or Zone
        From :func:`~symbiosis.sources.draft_zone` (a plain zone has no ICPE capacities, so
        no cooling-tower lead).
    max_distance_km : float
        A partner further than this is not named. [km]

    Returns
    -------
    pandas.DataFrame
        :data:`LEAD_COLUMNS`: ``rank`` (1 first), ``kind``, the company and its flow (or
        ICPE heading), ``quantity_per_yr`` in ``unit`` (kW for a cooling tower), ``numbers``
        (``declared``, ``estimated`` or the provenance), the nearest partner and
        ``distance_km`` (empty when none within ``max_distance_km``), ``why``. Within a
        kind, leads with a partner come first, then larger quantities.

    Examples
    --------
    >>> from symbiosis import load_example
    >>> draft_leads(load_example("toy"))["kind"].unique().tolist()
    ['drinking water near the shore']
    """
    zone = draft.zone if isinstance(draft, DraftZone) else draft
    companies: dict[str, Company] = {company.id: company for company in zone.companies}

    def position(company_id: str) -> tuple[float, float]:
        company = companies[company_id]
        return (company.latitude, company.longitude)

    rows: list[dict[str, Any]] = []

    Partner = tuple[str, str, float] | None

    def add(
        kind: str,
        flow_id: str,
        company_id: str,
        resource: str,
        quantity: float,
        unit: str,
        numbers: str,
        partner: Partner,
        why: str,
    ) -> None:
        within = partner is not None and partner[2] <= max_distance_km
        rows.append(
            {
                "kind": kind,
                "company_id": company_id,
                "company_name": companies[company_id].name,
                "flow_id": flow_id,
                "resource": resource,
                "quantity_per_yr": quantity,
                "unit": unit,
                "numbers": numbers,
                "partner_id": partner[0] if within and partner else "",
                "partner_name": partner[1] if within and partner else "",
                "distance_km": round(partner[2], 3) if within and partner else math.nan,
                "why": why,
            }
        )

    pairs = rule_pairs()
    demands = [flow for flow in zone.flows if flow.direction == "demand"]
    for flow in zone.flows:
        if flow.direction != "supply" or flow.current_route != "disposal":
            continue
        if flow.family != "material":
            continue
        takers = set(pairs.loc[pairs["supply_resource"] == flow.resource, "demand_resource"])
        receivers = [
            (demand.company_id, companies[demand.company_id].name, position(demand.company_id))
            for demand in demands
            if demand.resource in takers and demand.company_id != flow.company_id
        ]
        add(
            _KINDS[0], flow.id, flow.company_id, flow.resource, flow.quantity_per_yr,
            flow.canonical_unit, _numbers(flow), _nearest(position(flow.company_id), receivers),
            f"{get_resource(flow.resource).label_en} goes to disposal today ({flow.notes or ''})",
        )  # fmt: skip
    shore = [
        (flow.company_id, companies[flow.company_id].name, position(flow.company_id))
        for flow in zone.flows
        if flow.resource == "water.sea" and flow.direction == "demand"
    ] + [
        (party.id, party.name, (party.latitude, party.longitude))
        for party in zone.outside_parties
        if party.kind == "sea" and party.latitude is not None and party.longitude is not None
    ]
    for flow in demands:
        if flow.resource != "water.potable":
            continue
        add(
            _KINDS[1], flow.id, flow.company_id, flow.resource, flow.quantity_per_yr,
            flow.canonical_unit, _numbers(flow), _nearest(position(flow.company_id), shore),
            "clean seawater can replace drinking water where the use tolerates salt (Reg. (EC) "
            "852/2004); the partner is the nearest seawater intake known",
        )  # fmt: skip
    if isinstance(draft, DraftZone) and len(draft.capacities):
        heat = [
            (demand.company_id, companies[demand.company_id].name, position(demand.company_id))
            for demand in demands
            if demand.family == "heat"
        ]
        towers = draft.capacities[draft.capacities["heading"] == "2921"]
        for line in towers.itertuples(index=False):
            add(
                _KINDS[2], f"ICPE 2921 {line.alinea}", line.company_id, "heat.low_grade",
                float(line.quantity), str(line.unit), "declared (ICPE capacity)",
                _nearest(position(line.company_id),
                         [item for item in heat if item[0] != line.company_id]),
                "an evaporative cooling tower rejects heat that a neighbour could use; the "
                "capacity is the permit's, not the heat actually rejected",
            )  # fmt: skip
    frame = pd.DataFrame(rows, columns=LEAD_COLUMNS[1:])
    if frame.empty:
        return pd.DataFrame(columns=LEAD_COLUMNS)
    frame = frame.assign(
        _kind=frame["kind"].map(_KINDS.index), _alone=frame["partner_id"].eq("")
    ).sort_values(
        ["_kind", "_alone", "quantity_per_yr", "company_id", "flow_id"],
        ascending=[True, True, False, True, True],
        ignore_index=True,
    )
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame[LEAD_COLUMNS]
