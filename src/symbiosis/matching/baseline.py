"""Today's arrangement of the candidates: which are today's trade, and whom a diversion displaces.

A flow's ``current_partner_id`` names the company or outside party a supply goes to, or a
demand comes from, today. A candidate is **existing** when it is that arrangement: the supply
goes today to the candidate's receiver, or the demand comes today from the candidate's supplier.
An existing candidate is what the zone already does, not an opportunity.

A candidate that sends elsewhere a supply that goes today to another company of the zone
**displaces** that company when the company uses it: the supply is sold or given to it, or the
company has a demand of the same resource (a fish-meal plant that collects co-products for a
fee still processes them). A supply collected for disposal, recovery or the sewer by a company
that does not demand it displaces no one. The displaced company must buy the same amount
elsewhere, which the economics count (:mod:`~symbiosis.matching.economics`).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

from symbiosis.matching.inputs import MatchInputs

__all__ = ["Baseline", "baseline"]

#: Routes whose partner does not use the supply as an input: diverting the flow displaces no one.
_NOT_AN_INPUT = ("disposal", "recovery", "sewer", "on_site", "none")


class Baseline(NamedTuple):
    """Per candidate: today's trade, and whether a company of the zone is displaced."""

    existing: npt.NDArray[np.bool_]
    displaced: npt.NDArray[np.bool_]


def baseline(
    inputs: MatchInputs,
    supply_idx: npt.NDArray[np.int64],
    demand_idx: npt.NDArray[np.int64],
    supplier_id: pd.Categorical,
) -> Baseline:
    """Which candidates are today's trade, and which displace today's buyer of their supply.

    Parameters
    ----------
    inputs : MatchInputs
        The flows as the matcher reads them (``company_id``, ``current_partner_id``,
        ``current_route``).
    supply_idx, demand_idx : numpy.ndarray
        Row of each candidate's supply flow (-1 for an outside supplier) and demand flow.
    supplier_id : pandas.Categorical
        The supplier of each candidate: a company or an outside party id.

    Examples
    --------
    >>> from symbiosis import load_example
    >>> from symbiosis.matching.inputs import match_inputs
    >>> inputs = match_inputs(load_example("toy"))
    >>> found = baseline(inputs, np.array([2]), np.array([8]), pd.Categorical(["T1"]))
    >>> found.existing.tolist(), found.displaced.tolist()
    ([False], [False])
    """
    flows = inputs.flows
    # Every id of the zone (companies and outside parties) as one integer code.
    names = pd.Index(sorted(inputs.names), dtype="str")
    company = names.get_indexer(flows["company_id"].astype("str"))
    partner_ids = flows["current_partner_id"].astype("str").fillna("")
    partner = names.get_indexer(partner_ids)
    # A partner that is a company of the zone (not an outside party).
    partner_is_company = partner_ids.isin(inputs.company_ids).to_numpy(dtype=bool)
    supplier = names.get_indexer(pd.Index(supplier_id.categories, dtype="str"))
    supplier_code = np.append(supplier, -1)[supplier_id.codes]
    from_company = supply_idx >= 0
    supply_row = np.where(from_company, supply_idx, 0)
    supply_partner = np.where(from_company, partner[supply_row], -1)
    receiver = company[demand_idx]
    existing = (from_company & (supply_partner == receiver) & (supply_partner >= 0)) | (
        (partner[demand_idx] == supplier_code) & (supplier_code >= 0)
    )
    route = flows["current_route"].astype("str").fillna("").to_numpy(dtype=object)
    # The partner uses the supply: bought or given it, or it demands the same resource.
    demands = flows[flows["direction"] == "demand"]
    demanded = set(
        zip(demands["company_id"].astype("str"), demands["resource"].astype("str"), strict=True)
    )
    partner_demands = np.array(
        [
            (partner_id, resource) in demanded
            for partner_id, resource in zip(
                partner_ids, flows["resource"].astype("str"), strict=True
            )
        ],
        dtype=bool,
    )
    an_input = ~np.isin(route, _NOT_AN_INPUT) | partner_demands
    displaced = (
        from_company
        & ~existing
        & partner_is_company[supply_row]
        & an_input[supply_row]
        & (supply_partner != receiver)
    )
    return Baseline(existing=np.asarray(existing, dtype=bool), displaced=displaced)
