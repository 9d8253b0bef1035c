"""A draft zone from public registers: ``draft_zone(area, sources=[...])``.

The steps, each a function:

1. ``establishment_records``: every establishment of every register in the area, one row each
   (IREP establishments, ICPE installations, SIRENE establishments);
2. ``group_establishments``: records that share a SIRET or a code AIOT are one company (IREP's
   ``identifiant`` is the ICPE code AIOT; IREP and ICPE name the SIRET that SIRENE keys on);
3. ``draft_companies``: one :class:`~symbiosis.Company` per group, each field from the register
   that knows it best (positions from ICPE, then IREP, then SIRENE), with its sources;
4. ``declared_flows``: IREP's declared withdrawals, discharges and waste as flows
   (``provenance`` ``measured``: a declaration; ``source`` the register and file; ``source_year``
   its year); a waste's recovery (R) or disposal (D) code becomes today's route and partner;
5. whatever could not be joined or used is a row of ``DraftZone.not_joined`` with its reason.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from symbiosis.catalogue import resource_catalogue
from symbiosis.errors import InputError
from symbiosis.schemas import Company, Flow, OutsideParty, Zone
from symbiosis.sources.area import Area, as_area
from symbiosis.sources.bnpe import BnpeExport
from symbiosis.sources.icpe import IcpeExport
from symbiosis.sources.irep import IrepArchive
from symbiosis.sources.registers import register_catalogue
from symbiosis.sources.sirene import SireneEstablishments

__all__ = [
    "NOT_JOINED_COLUMNS",
    "DraftZone",
    "draft_zone",
    "establishment_records",
    "group_establishments",
]

Source = IrepArchive | IcpeExport | SireneEstablishments | BnpeExport

#: Columns of :attr:`DraftZone.not_joined`.
NOT_JOINED_COLUMNS = ["source", "file", "row", "key", "what", "reason"]

#: The outside party a waste goes to today, by kind of operation (registers.yaml, ``party``).
_PARTIES: dict[str, tuple[str, str, str]] = {
    "landfill": ("LANDFILL", "Landfill (declared D1, D5, D12)", "landfill"),
    "incineration": ("INCINERATION", "Incineration (declared D10, D11 or R1)", "incineration"),
    "recycler": ("RECYCLER", "Recycling or recovery plant (declared R2-R13)", "recycler"),
    "other": ("TREATMENT", "Other treatment (declared D2-D9, D13-D15, R10)", "other"),
    "network": ("NET", "Public water network", "water_network"),
}


@dataclass(frozen=True)
class DraftZone:
    """A zone drafted from public registers, with what could not be joined.

    Attributes
    ----------
    zone : Zone
        Companies and declared flows; each company's ``source`` lists its registers, each
        flow's ``source``, ``source_year`` and ``provenance`` (``measured`` = declared) say
        where its number comes from.
    establishments : pandas.DataFrame
        Every establishment record in the area: ``company_id``, ``source``, ``siret``,
        ``aiot``, ``name``, ``nace``, ``longitude``, ``latitude``, ``file``, ``row``.
    capacities : pandas.DataFrame
        ICPE headings of the zone's companies: ``company_id``, ``heading``, ``alinea``,
        ``quantity``, ``unit`` (cooling towers 2921 in kW, combustion 2910 in MW ...).
    not_joined : pandas.DataFrame
        What the registers hold but the zone does not, with the reason: ``source``,
        ``file``, ``row``, ``key`` (SIRET, code AIOT or BNPE work), ``what``, ``reason``.
    estimates : pandas.DataFrame
        Empty until :func:`~symbiosis.sources.estimate_flows` sizes the flows nobody
        declared: one row per estimated flow with both ends of its range.
    """

    zone: Zone
    establishments: pd.DataFrame
    capacities: pd.DataFrame
    not_joined: pd.DataFrame
    estimates: pd.DataFrame = field(default_factory=pd.DataFrame)

    def summary(self) -> str:
        """The zone's summary and the count of lines not joined."""
        return f"{self.zone.summary()}; {len(self.not_joined)} register lines not joined"


def _departement_of_insee(code: str) -> str:
    code = str(code).strip()
    return code[:3] if code.startswith("97") else code[:2]


def establishment_records(sources: Sequence[Source]) -> pd.DataFrame:
    """Every establishment of the registers, one row each, in one shape.

    Columns: ``source`` (``IREP 2024``, ``ICPE (file)``, ``SIRENE (file)``), ``register``
    (``IREP``, ``ICPE``, ``SIRENE``), ``aiot``, ``siret``, ``name``, ``nace``, ``longitude``,
    ``latitude``, ``departement``, ``code_insee``, ``confidential``, ``note``, ``file``,
    ``row``.
    """
    parts = []
    for source in sources:
        if isinstance(source, IrepArchive):
            table = source.establishments
            parts.append(
                pd.DataFrame(
                    {
                        "source": source.source,
                        "register": "IREP",
                        "aiot": table["aiot"],
                        "siret": table["siret"],
                        "name": table["name"],
                        "nace": table["nace"],
                        "longitude": table["longitude"],
                        "latitude": table["latitude"],
                        "departement": table["departement"],
                        "code_insee": table["code_insee"],
                        "confidential": False,
                        "note": "IREP " + str(source.year) + ": AIOT " + table["aiot"],
                        "file": table["file"],
                        "row": table["row"],
                    }
                )
            )
        elif isinstance(source, IcpeExport):
            table = source.installations
            parts.append(
                pd.DataFrame(
                    {
                        "source": source.source,
                        "register": "ICPE",
                        "aiot": table["aiot"],
                        "siret": table["siret"],
                        "name": table["name"],
                        "nace": table["nace"],
                        "longitude": table["longitude"],
                        "latitude": table["latitude"],
                        "departement": table["code_insee"].map(_departement_of_insee),
                        "code_insee": table["code_insee"],
                        "confidential": False,
                        "note": "ICPE " + table["regime"] + ", " + table["seveso"],
                        "file": table["file"],
                        "row": table["row"],
                    }
                )
            )
        elif isinstance(source, SireneEstablishments):
            table = source.establishments
            bands = register_catalogue()["sirene"]["staff_bands"]["codes"]
            parts.append(
                pd.DataFrame(
                    {
                        "source": source.source,
                        "register": "SIRENE",
                        "aiot": "",
                        "siret": table["siret"],
                        "name": table["name"],
                        "nace": table["nace"],
                        "longitude": table["longitude"],
                        "latitude": table["latitude"],
                        "departement": table["departement"],
                        "code_insee": table["code_commune"],
                        "confidential": ~table["diffusible"],
                        "note": "SIRENE staff band "
                        + table["staff_band"]
                        + table["staff_band"]
                        .map({code: f" ({entry['label']})" for code, entry in bands.items()})
                        .fillna(""),
                        "file": table["file"],
                        "row": table["row"],
                    }
                )
            )
        elif not isinstance(source, BnpeExport):
            raise InputError(
                f"{type(source).__name__} is not a register; give what read_irep, read_icpe, "
                "read_sirene or read_bnpe returned"
            )
    columns = [
        "source", "register", "aiot", "siret", "name", "nace", "longitude", "latitude",
        "departement", "code_insee", "confidential", "note", "file", "row",
    ]  # fmt: skip
    if not parts:
        return pd.DataFrame(columns=columns)
    records = pd.concat(parts, ignore_index=True)[columns]
    records[["aiot", "siret"]] = records[["aiot", "siret"]].fillna("").astype(str)
    return records


def group_establishments(records: pd.DataFrame) -> pd.Series:
    """A company id for each record: records sharing a SIRET or a code AIOT are one company.

    The id is the smallest SIRET of the group, else ``AIOT-{code}``; ids are stable whatever
    the order of the registers.

    Examples
    --------
    >>> records = pd.DataFrame({"aiot": ["0062", "0062", ""],
    ...                         "siret": ["", "01234567800010", "01234567800010"]})
    >>> group_establishments(records).tolist()
    ['01234567800010', '01234567800010', '01234567800010']
    """
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    keys_of_record = []
    for aiot, siret in zip(records["aiot"], records["siret"], strict=True):
        keys = [f"siret:{siret}"] * bool(siret) + [f"aiot:{aiot}"] * bool(aiot)
        keys_of_record.append(keys)
        for key in keys[1:]:
            parent[find(key)] = find(keys[0])
    members: dict[str, list[str]] = {}
    for keys in keys_of_record:
        for key in keys:
            members.setdefault(find(key), []).append(key)
    names = {}
    for root, keys in members.items():
        sirets = sorted(key[6:] for key in keys if key.startswith("siret:"))
        aiots = sorted(key[5:] for key in keys if key.startswith("aiot:"))
        names[root] = sirets[0] if sirets else f"AIOT-{aiots[0]}"
    return pd.Series(
        [names[find(keys[0])] if keys else "" for keys in keys_of_record], index=records.index
    )


_POSITION_ORDER = ("ICPE", "IREP", "SIRENE")
_NAME_ORDER = ("IREP", "ICPE", "SIRENE")
_NACE_ORDER = ("IREP", "SIRENE", "ICPE")


def _first(group: pd.DataFrame, column: str, order: tuple[str, ...]) -> Any:
    for register in order:
        values = group.loc[group["register"] == register, column]
        for value in values:
            if isinstance(value, str) and value:
                return value
            if not isinstance(value, str) and pd.notna(value):
                return value
    return None


def _company_of(
    company_id: str, group: pd.DataFrame, not_joined: list[dict[str, Any]]
) -> Company | None:
    name = _first(group, "name", _NAME_ORDER) or f"établissement {company_id}"
    nace = _first(group, "nace", _NACE_ORDER)
    located = group.dropna(subset=["longitude", "latitude"])
    position = None
    for register in _POSITION_ORDER:
        rows = located[located["register"] == register]
        if len(rows):
            position = (float(rows["longitude"].iloc[0]), float(rows["latitude"].iloc[0]))
            break
    missing = [
        what for what, value in (("activity code", nace), ("position", position)) if not value
    ]
    if missing:
        for _, record in group.iterrows():
            not_joined.append(
                {
                    "source": record["source"],
                    "file": record["file"],
                    "row": int(record["row"]),
                    "key": company_id,
                    "what": f"establishment {name}",
                    "reason": f"no {' and no '.join(missing)} in any register; add it by hand",
                }
            )
        return None
    assert position is not None
    sirets = sorted({siret for siret in group["siret"] if siret})
    notes = "; ".join(dict.fromkeys(note for note in group["note"] if note))
    if len(sirets) > 1:
        notes += f"; registers name several SIRETs for one site: {', '.join(sirets)}"
    return Company(
        id=company_id,
        name=str(name),
        sector_nace=str(nace),
        # 1e-6° is about 0.1 m: positions converted from Lambert 93 stay readable.
        latitude=round(position[1], 6),
        longitude=round(position[0], 6),
        confidential=bool(group["confidential"].any()),
        notes=notes or None,
        siret=sirets[0] if sirets else None,
        source="; ".join(sorted(set(group["source"]))),
    )


def _resource_of_ewc() -> dict[str, str]:
    """The resource of each EWC code of the catalogue (first resource listing it)."""
    by_code: dict[str, str] = {}
    for resource in resource_catalogue().values():
        for code in resource.ewc_codes:
            by_code.setdefault(code, resource.id)
    return by_code


def _declared_flows(
    archive: IrepArchive,
    company_of_aiot: dict[str, str],
    aiots_in_registers: set[str],
    not_joined: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], set[str]]:
    """Flow fields of IREP's declared lines, and the outside parties they name."""
    flows: list[dict[str, Any]] = []
    parties: set[str] = set()

    def left_out(line: Any, what: str, reason: str) -> None:
        not_joined.append(
            {
                "source": archive.source,
                "file": line.file,
                "row": int(line.row),
                "key": line.aiot,
                "what": what,
                "reason": reason,
            }
        )

    for line in archive.water.itertuples(index=False):
        what = f"{line.label}: {line.column}"
        if line.aiot not in company_of_aiot:
            if line.aiot not in aiots_in_registers:
                left_out(line, what, "identifiant not in the establishments of any register")
            continue
        if line.below_threshold:
            left_out(line, what, "below the reporting threshold (< seuil): ask the company")
            continue
        partner = "NET" if line.route == "network" else None
        if partner:
            parties.add("network")
        flows.append(
            {
                "company_id": company_of_aiot[line.aiot],
                "direction": line.direction,
                "resource": line.resource,
                "quantity": float(line.quantity_m3_per_yr),
                "unit": "m3/yr",
                "description": f"{line.label}, declared to IREP",
                "current_route": line.route,
                "current_partner_id": partner,
                "provenance": "measured",
                "source": f"{archive.source} {line.file.rsplit('/', 1)[-1]}",
                "source_year": line.year,
                "notes": f"IREP column {line.column}, row {line.row}",
                "_order": (line.file, line.row, line.column),
            }
        )
    by_code = _resource_of_ewc()
    for line in archive.waste.itertuples(index=False):
        what = f"waste {line.ewc_code} {line.waste_label}".strip()
        if line.aiot not in company_of_aiot:
            if line.aiot not in aiots_in_registers:
                left_out(line, what, "identifiant not in the establishments of any register")
            continue
        if line.below_threshold:
            left_out(line, what, "below the reporting threshold (< seuil): ask the company")
            continue
        resource = by_code.get(line.ewc_code)
        if resource is None:
            left_out(
                line,
                what,
                f"List of Waste code {line.ewc_code} has no resource in the catalogue; add it "
                "to the ewc_codes of a resource in catalogue/resources.yaml",
            )
            continue
        parties.add(line.party_kind)
        destination = line.country or (
            f"département {line.destination_departement}" if line.destination_departement else ""
        )
        flows.append(
            {
                "company_id": company_of_aiot[line.aiot],
                "direction": "supply",
                "resource": resource,
                "quantity": float(line.quantity_t_per_yr),
                "unit": "t/yr",
                "description": f"{line.waste_label or what}, declared to IREP",
                "ewc_code": line.ewc_code,
                "current_route": line.route,
                "current_partner_id": _PARTIES[line.party_kind][0],
                "provenance": "measured",
                "source": f"{archive.source} {line.file.rsplit('/', 1)[-1]}",
                "source_year": line.year,
                "notes": f"{line.operation} {line.operation_label}"
                + (f", to {destination}" if destination else "")
                + ("; a disposal code: a lead for recovery" if line.route == "disposal" else ""),
                "_order": (line.file, line.row, ""),
            }
        )
    return flows, parties


def _bnpe_lines(
    export: BnpeExport, area: Area, companies: list[Company], not_joined: list[dict[str, Any]]
) -> None:
    """BNPE works in the area, listed for the consultant with the nearest company."""
    table = export.abstractions.assign(
        departement=export.abstractions["code_insee"].map(_departement_of_insee)
    )
    for line in table[area.contains(table)].itertuples(index=False):
        nearest = ""
        if companies and not math.isnan(line.latitude):
            distance, company = min(
                (_distance_m(line.latitude, line.longitude, c.latitude, c.longitude), c.id)
                for c in companies
            )
            nearest = f"; nearest company {company} at {distance:,.0f} m"
        not_joined.append(
            {
                "source": export.source,
                "file": line.file,
                "row": int(line.row),
                "key": line.work,
                "what": f"{line.work_name}: {line.volume_m3_per_yr:,.0f} m3 in {line.year} "
                f"({line.usage} {line.water_type}, {line.volume_method})",
                "reason": "BNPE names no SIRET nor operator: tie the work to a company by hand"
                + nearest,
            }
        )


def _distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on a sphere of radius 6,371 km. [m]"""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(half))


def draft_zone(
    area: Area | str | Sequence[object],
    sources: Iterable[Source],
    name: str = "draft",
) -> DraftZone:
    """A draft zone from public registers, before the first interview.

    Parameters
    ----------
    area : Area, str or sequence
        The area: :class:`Area`, a département code (``"62"``), commune codes
        (``["62160"]``), a box ``(west, south, east, north)`` [°] or a polygon
        ``[(lon, lat), ...]``.
    sources : iterable
        What :func:`read_irep`, :func:`read_icpe`, :func:`read_sirene` and :func:`read_bnpe`
        returned (any of them, in any order).
    name : str
        The zone's name.

    Returns
    -------
    DraftZone
        ``.zone`` (validates, matches and reports like any zone), ``.establishments``,
        ``.capacities`` (ICPE headings) and ``.not_joined``.

    Raises
    ------
    InputError
        When the area cannot be read or a source is not a register.

    Notes
    -----
    Declared numbers (IREP) are flows with ``provenance`` ``measured``; the draft invents no
    number: a company without a declaration has no flow until it is estimated or interviewed.
    A recovery code (R) gives ``current_route`` ``recovery``, a disposal code (D)
    ``disposal`` (a lead for recovery), each with an outside party of the operation's kind.
    """
    region = as_area(area)
    sources = list(sources)
    not_joined: list[dict[str, Any]] = []
    all_records = establishment_records(sources)
    all_records["company_id"] = group_establishments(all_records)
    in_area = region.contains(all_records)
    # A company is in the area when any of its records is.
    inside_ids = set(all_records.loc[in_area, "company_id"])
    records = all_records[all_records["company_id"].isin(inside_ids)]
    companies = []
    for company_id, group in records.groupby("company_id", sort=True):
        company = _company_of(str(company_id), group, not_joined)
        if company is not None:
            companies.append(company)
    kept_ids = {company.id for company in companies}
    aiots = records[records["aiot"] != ""]
    company_of_aiot = {
        aiot: company_id
        for aiot, company_id in zip(aiots["aiot"], aiots["company_id"], strict=True)
        if company_id in kept_ids
    }
    aiots_in_registers = set(all_records["aiot"])
    flow_fields: list[dict[str, Any]] = []
    parties: set[str] = set()
    capacities = []
    for source in sources:
        if isinstance(source, IrepArchive):
            found, named = _declared_flows(source, company_of_aiot, aiots_in_registers, not_joined)
            flow_fields += found
            parties |= named
        elif isinstance(source, IcpeExport):
            headings = source.headings[source.headings["aiot"].isin(company_of_aiot)]
            capacities.append(headings.assign(company_id=headings["aiot"].map(company_of_aiot)))
    for source in sources:
        if isinstance(source, BnpeExport):
            _bnpe_lines(source, region, companies, not_joined)
    flow_fields.sort(key=lambda fields: (fields["company_id"], fields["_order"]))
    flows = []
    counts: dict[str, int] = {}
    for fields in flow_fields:
        fields.pop("_order")
        counts[fields["company_id"]] = counts.get(fields["company_id"], 0) + 1
        flow_id = f"{fields['company_id']}-{counts[fields['company_id']]:02d}"
        flows.append(Flow(id=flow_id, **{k: v for k, v in fields.items() if v is not None}))
    outside = tuple(
        OutsideParty(id=_PARTIES[kind][0], name=_PARTIES[kind][1], kind=_PARTIES[kind][2])
        for kind in sorted(parties)
    )
    registers = ", ".join(sorted({str(getattr(source, "source", "")) for source in sources}))
    zone = Zone(
        name=name,
        description=(
            f"Draft from public registers ({registers}) for {region.describe()}: declared "
            "flows are 'measured' (IREP declarations), nothing is estimated yet; check every "
            "number in interviews."
        ),
        companies=tuple(companies),
        flows=tuple(flows),
        outside_parties=outside,
    )
    establishment_columns = [
        "company_id", "source", "siret", "aiot", "name", "nace", "longitude", "latitude",
        "file", "row",
    ]  # fmt: skip
    capacity_columns = ["company_id", "aiot", "heading", "alinea", "quantity", "unit"]
    return DraftZone(
        zone=zone,
        establishments=records[records["company_id"].isin(kept_ids)][
            establishment_columns
        ].sort_values(["company_id", "source", "row"], ignore_index=True),
        capacities=(
            pd.concat(capacities, ignore_index=True)[capacity_columns]
            if capacities
            else pd.DataFrame(columns=capacity_columns)
        ).sort_values(["company_id", "heading", "alinea"], ignore_index=True),
        not_joined=pd.DataFrame(not_joined, columns=NOT_JOINED_COLUMNS).sort_values(
            ["source", "file", "row"], ignore_index=True
        ),
    )
