"""Put the entries of every table together into a :class:`~symbiosis.schemas.Zone`.

The checks that span records are made here, where the rows are still known: duplicate ids (the
problem names the row where the id first appeared), flows of a company that does not exist (with
the closest ids), and ids used both by a company and by an outside party. Every problem of every
table is raised at once in one :class:`~symbiosis.errors.ValidationReport`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from symbiosis.catalogue import Parameter, default_parameters, parameter_reference_unit, suggest
from symbiosis.errors import Problem, UnitError, ValidationReport
from symbiosis.io.records import Entry, validate_entries
from symbiosis.schemas import Company, Flow, OutsideParty, Zone
from symbiosis.units import reference_factor

__all__ = ["ZoneEntries", "build_zone"]


class _NamedParameter(Parameter):
    """A row of the parameters table: a :class:`Parameter` and its name."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _ZoneInfo(BaseModel):
    """The one row of the zone table."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = None
    description: str | None = None


@dataclass
class ZoneEntries:
    """Everything read from the files of a zone, before validation.

    Attributes
    ----------
    default_name : str
        Name of the zone when the files do not give one (the file or folder name).
    companies, flows, outside_parties, parameters, zone : list of Entry
        Entries of each table; ``zone`` has at most one, with ``name`` and ``description``.
    problems : list of Problem
        Problems already found while reading.
    unread : set of str
        Tables that could not be read (a missing or unreadable file or sheet); references to
        them are not checked, so one missing file gives one problem, not one per flow.
    """

    default_name: str
    companies: list[Entry] = field(default_factory=list)
    flows: list[Entry] = field(default_factory=list)
    outside_parties: list[Entry] = field(default_factory=list)
    parameters: list[Entry] = field(default_factory=list)
    zone: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unread: set[str] = field(default_factory=set)


def _key(entry: Entry, name: str) -> str | None:
    value = entry.data.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _place(entry: Entry, seen_from: Entry) -> str:
    """Where ``entry`` is, as seen from a problem on ``seen_from``."""
    return entry.where if entry.file == seen_from.file else f"{entry.file}, {entry.where}"


def _check_unique(
    entries: Sequence[Entry], name: str, label: str, problems: list[Problem]
) -> dict[str, Entry]:
    first: dict[str, Entry] = {}
    for entry in entries:
        key = _key(entry, name)
        if key is None:
            continue
        if key in first:
            message = f"is a duplicate {label}; it first appears in {_place(first[key], entry)}"
            problems.append(entry.problem((name,), key, message))
        else:
            first[key] = entry
    return first


def _close_ids(value: str, ids: Iterable[str]) -> str:
    """A 'did you mean' phrase for an unknown id; short ids such as 'T7' get 'T1' too."""
    scored = [(difflib.SequenceMatcher(None, value, other).ratio(), other) for other in ids]
    close = [other for score, other in sorted(scored, key=lambda s: (-s[0], s[1])) if score >= 0.5]
    close = close[:3]
    return "; did you mean " + " or ".join(map(repr, close)) + "?" if close else ""


def _check_references(entries: ZoneEntries, problems: list[Problem]) -> None:
    companies = _check_unique(entries.companies, "id", "company id", problems)
    _check_unique(entries.flows, "id", "flow id", problems)
    outside = _check_unique(entries.outside_parties, "id", "outside party id", problems)
    _check_unique(entries.parameters, "name", "parameter name", problems)
    for party_id, party in outside.items():
        if party_id in companies:
            message = (
                f"is also the id of a company ({_place(companies[party_id], party)}); "
                "companies and outside parties need different ids"
            )
            problems.append(party.problem(("id",), party_id, message))
    if "companies" in entries.unread or any("id" in entry.skip for entry in entries.companies):
        return
    source = entries.companies[0].file if entries.companies else "the companies table"
    for flow in entries.flows:
        company_id = _key(flow, "company_id")
        if company_id is None or company_id in companies:
            continue
        if company_id in outside:
            message = (
                "is an outside party, not a company; list only the companies' own flows "
                "(exchanges with outside parties are found by the matcher)"
            )
        else:
            message = f"is not a company id of {source}{_close_ids(company_id, companies)}"
        problems.append(flow.problem(("company_id",), company_id, message))
    partners = {**companies, **outside}
    for flow in entries.flows:
        partner_id = _key(flow, "current_partner_id")
        if partner_id is not None and partner_id == _key(flow, "company_id"):
            message = (
                "is the flow's own company; for a flow reused on site write current_route "
                "on_site and leave current_partner_id empty"
            )
            problems.append(flow.problem(("current_partner_id",), partner_id, message))
            continue
        if partner_id is None or partner_id in partners:
            continue
        message = (
            "is neither a company nor an outside party of the zone"
            f"{_close_ids(partner_id, partners)}; give the id of today's buyer, collector or "
            "supplier (add it to outside_parties if it is not a company of the zone)"
        )
        problems.append(flow.problem(("current_partner_id",), partner_id, message))


def _check_parameters(
    entries: Sequence[Entry], parameters: Sequence[_NamedParameter | None], problems: list[Problem]
) -> None:
    """Each parameter names a default or a resource's price or emission factor, in its unit."""
    for entry, parameter in zip(entries, parameters, strict=True):
        if parameter is None:
            continue
        reference = parameter_reference_unit(parameter.name)
        if reference is None:
            message = (
                "is not a parameter of symbiosis, so it would never be used; write the name of a "
                "package default (catalogue/parameters.yaml), <resource>.price_eur_per_unit or "
                "<resource>.emission_factor_kgco2e_per_unit"
                f"{suggest(parameter.name, default_parameters())}"
            )
            problems.append(entry.problem(("name",), parameter.name, message))
            continue
        try:
            factor = reference_factor(parameter.unit, reference)
        except UnitError as error:
            problems.append(entry.problem(("unit",), parameter.unit, str(error)))
            continue
        if factor is None:
            message = f"does not measure what {parameter.name} measures; give it in {reference}"
            problems.append(entry.problem(("unit",), parameter.unit, message))
        elif factor != 1.0:
            message = (
                f"is {factor:g} {reference}; values are used as written, so convert the value "
                f"to {reference} and write that unit"
            )
            problems.append(entry.problem(("unit",), parameter.unit, message))


def _zone_info(entries: ZoneEntries, problems: list[Problem]) -> _ZoneInfo:
    for extra in entries.zone[1:]:
        problems.append(extra.problem((), "", "the zone table has one row only; delete this one"))
    infos = validate_entries(_ZoneInfo, entries.zone[:1], problems)
    return infos[0] if infos and infos[0] is not None else _ZoneInfo()


def build_zone(entries: ZoneEntries, source: str) -> Zone:
    """Validate every entry and assemble the zone, or raise every problem at once.

    Parameters
    ----------
    entries : ZoneEntries
        What the reader found.
    source : str
        The file or folder read, for the report's first line.

    Returns
    -------
    Zone

    Raises
    ------
    ValidationReport
        When any problem was found, while reading or here.
    """
    problems = list(entries.problems)
    info = _zone_info(entries, problems)
    companies = validate_entries(Company, entries.companies, problems)
    flows = validate_entries(Flow, entries.flows, problems)
    outside = validate_entries(OutsideParty, entries.outside_parties, problems)
    parameters = validate_entries(_NamedParameter, entries.parameters, problems)
    _check_parameters(entries.parameters, parameters, problems)
    _check_references(entries, problems)
    if problems:
        raise ValidationReport(problems, source)
    try:
        return Zone(
            name=info.name or entries.default_name,
            description=info.description,
            companies=tuple(company for company in companies if company is not None),
            flows=tuple(flow for flow in flows if flow is not None),
            outside_parties=tuple(party for party in outside if party is not None),
            parameters={
                named.name: Parameter.model_validate(named.model_dump(exclude={"name"}))
                for named in parameters
                if named is not None
            },
        )
    except ValidationError as error:  # a check above should have caught it first
        found = [Problem(source, None, None, "", str(error))]
        raise ValidationReport(found, source) from None
