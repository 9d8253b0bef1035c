"""Shareable views: codes instead of company names, and no confidential flow.

A consultant sends a report or a map to the companies of a zone, to the territory or to the
press. In that version every company is a code (``C01``, ``C02`` ... in the order of the company
ids), confidential companies lose their archetype too, and every flow marked confidential is left
out together with every exchange or pool that touches it. Free text (explanations, reasons,
descriptions) has names and company ids replaced by the codes.

Flow ids and opportunity ids are kept as written: they must not contain company names.
"""

from __future__ import annotations

import re

import pandas as pd

from symbiosis.schemas import Company, Zone
from symbiosis.tables import split_ids

__all__ = ["ShareMap"]

# Columns that hold flow ids, one or several joined by ';'.
_FLOW_ID_COLUMNS = ("supply_flow_id", "demand_flow_id", "flow_ids")


class ShareMap:
    """How one zone is turned into its shareable version.

    Parameters
    ----------
    zone : Zone
        The zone as the analyst knows it, with names.

    Attributes
    ----------
    codes : dict of str to str
        Company id to code, ``C01`` ... numbered in the order of the ids.
    confidential_flow_ids : frozenset of str
        Ids of the flows marked confidential.

    Examples
    --------
    >>> from symbiosis import load_example
    >>> share = ShareMap(load_example("toy"))
    >>> share.codes["T2"], share.text("Filets Beta (T2) sends rinse water to T3")
    ('C02', 'C02 (C02) sends rinse water to C03')
    """

    def __init__(self, zone: Zone) -> None:
        company_ids = sorted(company.id for company in zone.companies)
        width = max(2, len(str(len(company_ids))))
        self.codes: dict[str, str] = {
            company_id: f"C{number:0{width}d}"
            for number, company_id in enumerate(company_ids, start=1)
        }
        self.confidential_flow_ids = frozenset(flow.id for flow in zone.flows if flow.confidential)
        self._zone = zone
        words = {company.name: self.codes[company.id] for company in zone.companies}
        words.update(self.codes)
        self._words = words
        # Longest first, so that a name is replaced before an id or name it contains.
        alternatives = sorted(words, key=lambda word: (-len(word), word))
        self._pattern = (
            re.compile(r"(?<!\w)(" + "|".join(map(re.escape, alternatives)) + r")(?!\w)")
            if alternatives
            else None
        )

    def code(self, node_id: str) -> str:
        """The code of a company id; any other id (outside party, pool) is returned unchanged."""
        return self.codes.get(node_id, node_id)

    def text(self, text: str) -> str:
        """``text`` with every company name and company id replaced by the company's code."""
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(lambda found: self._words[found.group(1)], text)

    def zone(self) -> Zone:
        """The shareable zone: coded companies, confidential flows left out, no free text.

        Flows lose their description and notes (free text often names a company); confidential
        companies lose their archetype.
        """
        companies = tuple(
            Company(
                id=self.codes[company.id],
                name=self.codes[company.id],
                sector_nace=company.sector_nace,
                latitude=company.latitude,
                longitude=company.longitude,
                archetype=None if company.confidential else company.archetype,
                confidential=company.confidential,
            )
            for company in self._zone.companies
        )
        flows = tuple(
            flow.model_copy(
                update={
                    "company_id": self.codes[flow.company_id],
                    "description": None,
                    "notes": None,
                }
            )
            for flow in self._zone.flows
            if flow.id not in self.confidential_flow_ids
        )
        description = self._zone.description
        return self._zone.model_copy(
            update={
                "description": self.text(description) if description else None,
                "companies": companies,
                "flows": flows,
            }
        )

    def touches_confidential(self, table: pd.DataFrame) -> pd.Series:
        """Rows of ``table`` that name a confidential flow in a flow-id column (bool Series)."""
        touched = pd.Series(False, index=table.index)
        if not self.confidential_flow_ids:
            return touched
        for column in _FLOW_ID_COLUMNS:
            if column in table.columns:
                touched |= table[column].map(self._names_confidential_flow).astype(bool)
        return touched

    def table(self, table: pd.DataFrame) -> pd.DataFrame:
        """A copy of ``table`` without the rows touching a confidential flow, names coded.

        Every text column goes through :meth:`text`, so company ids (``supplier_id``,
        ``member_ids`` ...) become codes and explanations lose the names.
        """
        kept = table.loc[~self.touches_confidential(table)].copy()
        for column in kept.columns:
            if pd.api.types.is_string_dtype(kept[column]) or kept[column].dtype == object:
                kept[column] = kept[column].map(
                    lambda value: self.text(value) if isinstance(value, str) else value
                )
        return kept.reset_index(drop=True)

    def _names_confidential_flow(self, value: object) -> bool:
        return any(part in self.confidential_flow_ids for part in split_ids(value))
