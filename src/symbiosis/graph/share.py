"""Shareable views: codes instead of company names, and no confidential flow.

A consultant sends a report or a map to the companies of a zone, to the territory or to the
press. In that version:

- every company is a code (``C01``, ``C02`` ... in the order of the company ids); its address,
  staff and notes are left out;
- every flow marked confidential is left out together with every exchange or pool that touches
  it; the other flows lose their description and notes;
- a company marked confidential also loses its archetype, its position is rounded to
  :data:`SHARED_POSITION_DECIMALS` decimals of a degree (0.01° is 1.1 km north–south and
  0.7 km east–west at Boulogne-sur-Mer's 50.7° N) and its NACE code is cut to the division
  (``10.20`` becomes ``10``); the centroid of a pool it belongs to is rounded the same way;
- every other text the zone carries (its name and description, the outside parties' names,
  the parameters' sources and notes) and every text column of the tables (explanations,
  reasons) has company names and ids replaced by the codes, whatever their case; outside
  parties lose their notes.

Flow ids and opportunity ids are kept as written: they must not contain company names.
Distances between sites (``distance_km``) are kept: they are what an exchange costs.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pandas as pd

from symbiosis.plan_indicators import indicators
from symbiosis.schemas import Company, Zone
from symbiosis.tables import split_ids

__all__ = ["SHARED_POSITION_DECIMALS", "ShareMap"]

#: Decimals of a degree kept in the position of a confidential company in shared outputs.
SHARED_POSITION_DECIMALS = 2

# Columns of a pool's position. [degrees]
_CENTROID_COLUMNS = ("centroid_latitude", "centroid_longitude")
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
        self._confidential_company_ids = frozenset(
            company.id for company in zone.companies if company.confidential
        )
        self._zone = zone
        words = {company.name: self.codes[company.id] for company in zone.companies}
        words.update(self.codes)
        self._words = words
        # Looked up by case-folded text: "BORÉAL FILETS" in a note is coded like "Boréal Filets".
        self._folded = {word.casefold(): code for word, code in sorted(words.items())}
        # Longest first, so that a name is replaced before an id or name it contains.
        alternatives = sorted(words, key=lambda word: (-len(word), word))
        self._pattern = (
            re.compile(
                r"(?<!\w)(" + "|".join(map(re.escape, alternatives)) + r")(?!\w)", re.IGNORECASE
            )
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
        return self._pattern.sub(self._code_of_match, text)

    def _code_of_match(self, found: re.Match[str]) -> str:
        text = found.group(1)
        code = self._folded.get(text.casefold())
        if code is None:  # case folding and the regular expression's case rules differ
            code = next(
                code
                for word, code in sorted(self._words.items())
                if re.fullmatch(re.escape(word), text, re.IGNORECASE)
            )
        return code

    def zone(self) -> Zone:
        """The shareable zone: coded companies, confidential flows left out, text coded.

        See the module docstring for what each record keeps.
        """
        companies = tuple(map(self._company, self._zone.companies))
        flows = tuple(
            flow.model_copy(
                update={
                    "company_id": self.codes[flow.company_id],
                    "current_partner_id": self._optional_code(flow.current_partner_id),
                    "description": None,
                    "notes": None,
                    "contaminants_mg_per_l": {
                        self.text(name): value for name, value in flow.contaminants_mg_per_l.items()
                    },
                }
            )
            for flow in self._zone.flows
            if flow.id not in self.confidential_flow_ids
        )
        parties = tuple(
            party.model_copy(update={"name": self.text(party.name), "notes": None})
            for party in self._zone.outside_parties
        )
        parameters = {
            name: parameter.model_copy(
                update={
                    "source": self.text(parameter.source),
                    "note": self._optional_text(parameter.note),
                }
            )
            for name, parameter in self._zone.parameters.items()
        }
        return self._zone.model_copy(
            update={
                "name": self.text(self._zone.name),
                "description": self._optional_text(self._zone.description),
                "companies": companies,
                "flows": flows,
                "outside_parties": parties,
                "parameters": parameters,
            }
        )

    def _company(self, company: Company) -> Company:
        if not company.confidential:
            latitude, longitude, sector = company.latitude, company.longitude, company.sector_nace
            archetype = self._optional_text(company.archetype)
        else:
            latitude = round(company.latitude, SHARED_POSITION_DECIMALS)
            longitude = round(company.longitude, SHARED_POSITION_DECIMALS)
            sector, archetype = company.sector_nace[:2], None  # the NACE division
        return Company(
            id=self.codes[company.id],
            name=self.codes[company.id],
            sector_nace=sector,
            latitude=latitude,
            longitude=longitude,
            archetype=archetype,
            confidential=company.confidential,
        )

    def _optional_text(self, text: str | None) -> str | None:
        return self.text(text) if text else text

    def _optional_code(self, node_id: str | None) -> str | None:
        return self.code(node_id) if node_id else node_id

    def result(self, result: Any) -> Any:
        """A copy of a ``MatchResult`` with shared tables (:meth:`table`) and zone name.

        What :meth:`MatchResult.write <symbiosis.matching.MatchResult.write>` writes from it
        can be shared; its ``explain`` still speaks of the companies by name.
        """
        return dataclasses.replace(
            result,
            exchanges=self.table(result.exchanges),
            pools=self.table(result.pools),
            zone_name=self.text(result.zone_name),
        )

    def plan(self, plan: Any) -> Any:
        """A copy of a ``Plan`` with the shared rows and the indicators of those rows only."""
        selected = self.table(plan.selected)
        return dataclasses.replace(
            plan,
            selected=selected,
            indicators=indicators(self.zone(), selected),
            message=self.text(plan.message),
            zone_name=self.text(plan.zone_name),
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
        ``member_ids`` ...) become codes and explanations lose the names. The centroid of a
        pool with a confidential member is rounded like that member's position (with two
        members, the centroid and one position give the other).
        """
        kept = table.loc[~self.touches_confidential(table)].copy()
        if "member_ids" in kept.columns:
            hides = kept["member_ids"].map(self._has_confidential_member).astype(bool)
            for column in _CENTROID_COLUMNS:
                if column in kept.columns:
                    kept.loc[hides, column] = kept.loc[hides, column].round(
                        SHARED_POSITION_DECIMALS
                    )
        for column in kept.columns:
            if pd.api.types.is_string_dtype(kept[column]) or kept[column].dtype == object:
                kept[column] = kept[column].map(
                    lambda value: self.text(value) if isinstance(value, str) else value
                )
        return kept.reset_index(drop=True)

    def _has_confidential_member(self, value: object) -> bool:
        return any(part in self._confidential_company_ids for part in split_ids(value))

    def _names_confidential_flow(self, value: object) -> bool:
        return any(part in self.confidential_flow_ids for part in split_ids(value))
