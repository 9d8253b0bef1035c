"""Interview data replaces a draft's numbers, flow by flow: ``merge_interviews``.

A company of the interviews with the SIRET of a draft company is that company: it keeps the
interview's id and fields (the consultant's), gains the draft's SIRET and sources, and its
draft flows are re-pointed to it. For each (company, direction, resource), the interview's
flows, when there are any, replace the draft's; the draft's other flows stay. Every flow keeps
its own ``provenance`` and ``source``; the table ``MergedZone.changes`` says what replaced what.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from symbiosis.errors import InputError
from symbiosis.schemas import Company, Flow, Zone
from symbiosis.sources.draft import DraftZone

__all__ = ["CHANGE_COLUMNS", "MergedZone", "merge_interviews"]

#: Columns of :attr:`MergedZone.changes`.
CHANGE_COLUMNS = [
    "company_id",
    "siret",
    "direction",
    "resource",
    "action",
    "draft_flow_ids",
    "draft_quantity_per_yr",
    "interview_flow_ids",
    "interview_quantity_per_yr",
    "canonical_unit",
]


@dataclass(frozen=True)
class MergedZone:
    """A draft zone with interview data in it.

    Attributes
    ----------
    zone : Zone
        The merged zone.
    changes : pandas.DataFrame
        One row per (company, direction, resource) of a company found in both: ``action``
        ``replaced`` (interview flows replace draft flows), ``kept from draft`` or ``added
        from interview``; the flow ids and quantities per year in the canonical unit on each
        side (``draft_quantity_per_yr``, ``interview_quantity_per_yr``).
    """

    zone: Zone
    changes: pd.DataFrame


def _joined_company(interviewed: Company, drafted: Company) -> Company:
    """The interview's company, with the draft's SIRET, sources and notes added."""
    notes = "; ".join(part for part in (interviewed.notes, drafted.notes) if part)
    sources = (interviewed.source or "interview", drafted.source)
    return interviewed.model_copy(
        update={
            "siret": interviewed.siret or drafted.siret,
            "source": "; ".join(part for part in sources if part),
            "notes": notes or None,
        }
    )


def merge_interviews(draft: DraftZone | Zone, interviews: Zone) -> MergedZone:
    """Replace a draft's numbers by interview data, flow by flow (by SIRET and resource).

    Parameters
    ----------
    draft : DraftZone or Zone
        From :func:`~symbiosis.sources.draft_zone` (or its ``.zone``).
    interviews : Zone
        The consultant's zone (``read_zone`` of the interview spreadsheet); its companies
        name their ``siret`` to be joined to the draft.

    Returns
    -------
    MergedZone
        The merged zone (the interviews' name, parameters and outside parties, with the
        draft's outside parties it lacks) and the table of changes.

    Raises
    ------
    InputError
        When a draft company and an interview company have the same id but different
        SIRETs, or one SIRET is given to two interview companies.

    Examples
    --------
    An empty draft leaves the interviews as they are:

    >>> from symbiosis import load_example
    >>> merged = merge_interviews(Zone(name="draft"), load_example("toy"))
    >>> merged.zone.summary(), merged.changes.empty
    ('toy: 4 companies, 9 flows (water 4, heat 2, material 3), 2 outside parties', True)
    """
    base = draft.zone if isinstance(draft, DraftZone) else draft
    draft_by_siret = {company.siret: company for company in base.companies if company.siret}
    interview_by_siret: dict[str, Company] = {}
    for company in interviews.companies:
        if company.siret is None:
            continue
        if company.siret in interview_by_siret:
            raise InputError(
                f"companies {interview_by_siret[company.siret].id!r} and {company.id!r} of the "
                f"interviews both have SIRET {company.siret}; one site is one company"
            )
        interview_by_siret[company.siret] = company
    # Draft id -> interview id, for companies found in both.
    renamed = {
        draft_by_siret[siret].id: company.id
        for siret, company in interview_by_siret.items()
        if siret in draft_by_siret
    }
    interview_ids = {company.id for company in interviews.companies}
    clashes = sorted(
        company.id
        for company in base.companies
        if company.id in interview_ids and renamed.get(company.id) != company.id
    )
    if clashes:
        raise InputError(
            f"company ids {', '.join(map(repr, clashes))} are in the draft and in the "
            "interviews for different sites; give the interview company its SIRET or another id"
        )
    companies: list[Company] = []
    for company in interviews.companies:
        drafted = draft_by_siret.get(company.siret or "")
        companies.append(_joined_company(company, drafted) if drafted else company)
    companies += [company for company in base.companies if company.id not in renamed]

    interviewed_keys = {
        (flow.company_id, flow.direction, flow.resource) for flow in interviews.flows
    }
    kept_draft: list[Flow] = []
    replaced: dict[tuple[str, str, str], list[Flow]] = {}
    for flow in base.flows:
        company_id = renamed.get(flow.company_id, flow.company_id)
        partner = flow.current_partner_id
        moved = flow.model_copy(
            update={
                "company_id": company_id,
                "current_partner_id": renamed.get(partner, partner) if partner else None,
            }
        )
        key = (company_id, flow.direction, flow.resource)
        if key in interviewed_keys:
            replaced.setdefault(key, []).append(moved)
        else:
            kept_draft.append(moved)
    interview_flow_ids = {flow.id for flow in interviews.flows}
    for flow in kept_draft:
        if flow.id in interview_flow_ids:
            raise InputError(
                f"flow id {flow.id!r} is in the draft and in the interviews; rename the "
                "interview's flow"
            )
    changes = _changes(renamed, interviews, replaced, kept_draft, interview_by_siret)
    parties = {party.id: party for party in base.outside_parties}
    parties.update({party.id: party for party in interviews.outside_parties})
    zone = Zone(
        name=interviews.name,
        description=interviews.description or base.description,
        companies=tuple(sorted(companies, key=lambda company: company.id)),
        flows=tuple(sorted([*interviews.flows, *kept_draft], key=lambda flow: flow.id)),
        outside_parties=tuple(parties[key] for key in sorted(parties)),
        parameters=interviews.parameters,
    )
    return MergedZone(zone=zone, changes=changes)


def _changes(
    renamed: dict[str, str],
    interviews: Zone,
    replaced: dict[tuple[str, str, str], list[Flow]],
    kept_draft: list[Flow],
    interview_by_siret: dict[str, Company],
) -> pd.DataFrame:
    joined = set(renamed.values())
    siret_of = {company.id: siret for siret, company in interview_by_siret.items()}
    rows: dict[tuple[str, str, str], dict[str, Any]] = {}

    def row(key: tuple[str, str, str], unit: str) -> dict[str, Any]:
        return rows.setdefault(
            key,
            {
                "company_id": key[0],
                "siret": siret_of.get(key[0], ""),
                "direction": key[1],
                "resource": key[2],
                "action": "",
                "draft_flow_ids": [],
                "draft_quantity_per_yr": 0.0,
                "interview_flow_ids": [],
                "interview_quantity_per_yr": 0.0,
                "canonical_unit": unit,
            },
        )

    for key, flows in replaced.items():
        for flow in flows:
            entry = row(key, flow.canonical_unit)
            entry["draft_flow_ids"].append(flow.id)
            entry["draft_quantity_per_yr"] += flow.quantity_per_yr
    for flow in kept_draft:
        if flow.company_id in joined:
            key = (flow.company_id, flow.direction, flow.resource)
            entry = row(key, flow.canonical_unit)
            entry["draft_flow_ids"].append(flow.id)
            entry["draft_quantity_per_yr"] += flow.quantity_per_yr
    for flow in interviews.flows:
        if flow.company_id in joined:
            key = (flow.company_id, flow.direction, flow.resource)
            entry = row(key, flow.canonical_unit)
            entry["interview_flow_ids"].append(flow.id)
            entry["interview_quantity_per_yr"] += flow.quantity_per_yr
    for entry in rows.values():
        has_draft, has_interview = bool(entry["draft_flow_ids"]), bool(entry["interview_flow_ids"])
        entry["action"] = (
            "replaced"
            if has_draft and has_interview
            else ("kept from draft" if has_draft else "added from interview")
        )
        for side in ("draft", "interview"):
            ids = entry[f"{side}_flow_ids"]
            entry[f"{side}_flow_ids"] = ";".join(sorted(ids))
            if not ids:
                entry[f"{side}_quantity_per_yr"] = float("nan")
    frame = pd.DataFrame(list(rows.values()), columns=CHANGE_COLUMNS)
    return frame.sort_values(["company_id", "direction", "resource"], ignore_index=True)
