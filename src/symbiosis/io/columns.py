"""The column specification: one table of data that drives reading, writing and the template.

Each :class:`Column` gives a table's column its canonical name, the kind of value it holds (which
decides how a cell is read), whether it is required, its unit, the French and English headers
accepted in its place, an example and a description. Readers match headers through
:func:`symbiosis.io.headers.match_header`; writers and the template write :attr:`Column.name`; the
``columns`` sheet of the template is :func:`symbiosis.io.headers.documentation_rows`.

Tables and their canonical columns (``*`` required):

* ``companies``: id*, name*, sector_nace*, latitude*, longitude*, address, staff, archetype,
  confidential, notes;
* ``flows``: id*, company_id*, direction*, resource*, quantity*, unit*, operating_hours_per_yr,
  operating_days_per_yr, profile_01 ... profile_12, use, description, temperature_c,
  salinity_g_per_l, cod_mg_per_l, suspended_solids_mg_per_l, contaminant_<name>_mg_per_l,
  max_salinity_g_per_l, max_cod_mg_per_l, max_suspended_solids_mg_per_l, min_temperature_c,
  potable_required, food_contact, supply_temperature_c, target_temperature_c, ewc_code,
  abp_category, cost_eur_per_unit, provenance, confidential, notes;
* ``outside_parties``: id*, name*, kind*, latitude, longitude, supplies, accepts, notes;
* ``parameters``: name*, value*, unit*, source*, note;
* ``zone``: name, description (one row).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

__all__ = [
    "COLUMNS",
    "DOCUMENTATION_SHEETS",
    "TABLES",
    "YES_NO",
    "Column",
    "Kind",
    "TableSpec",
    "columns_of",
]

Kind = Literal[
    "id", "text", "nace", "ewc", "number", "integer", "share", "boolean", "choice", "list"
]


@dataclass(frozen=True)
class TableSpec:
    """A table of a zone: its canonical name (a sheet, or ``<name>.csv``) and other names."""

    name: str
    aliases: tuple[str, ...]
    required: bool
    description: str


TABLES: tuple[TableSpec, ...] = (
    TableSpec("companies", ("entreprises", "societes"), True, "one row per company (site)"),
    TableSpec("flows", ("flux",), True, "one row per flow into or out of a company"),
    TableSpec(
        "outside_parties",
        ("parties_exterieures", "exterieurs"),
        False,
        "the sea, networks, landfills, incinerators: sources and sinks outside the companies",
    ),
    TableSpec("parameters", ("parametres",), False, "prices and factors overriding defaults"),
    TableSpec("zone", (), False, "one row: the zone's name and description"),
)

#: Sheets (or ``.csv`` files) the template adds for reference; readers skip them by name.
DOCUMENTATION_SHEETS: tuple[str, ...] = ("columns", "resources", "uses")


@dataclass(frozen=True)
class Column:
    """One column of one table.

    Attributes
    ----------
    table, name : str
        Table and canonical column name (the unit is in the name once it is fixed).
    kind : str
        How a cell is read: ``id``, ``text``, ``nace``, ``ewc``, ``number``, ``integer``,
        ``share`` (a number, ``%`` allowed), ``boolean``, ``choice`` or ``list``.
    required : bool
        A table without this column cannot be read.
    unit : str
        Unit of the values, '' for text.
    french, english : tuple of str
        Other headers accepted for the column; the first French one is quoted in messages.
    example, description : str
        For the documentation sheet.
    choices : tuple of (str, tuple of str)
        For ``choice`` columns: each allowed value with the words accepted for it.
    field : str
        The model field filled ('' means the same as ``name``).
    allowed : str
        Allowed values in words, when the kind alone does not say it.
    """

    table: str
    name: str
    kind: Kind
    required: bool
    unit: str
    french: tuple[str, ...]
    english: tuple[str, ...]
    example: str
    description: str
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()
    field: str = ""
    allowed: str = ""

    @property
    def model_field(self) -> str:
        """Name of the model field the column fills."""
        return self.field or self.name

    @cached_property
    def month(self) -> int | None:
        """0 for January ... 11 for December in a monthly-profile column, else None."""
        if self.model_field != "monthly_profile":
            return None
        return int(self.name[-2:]) - 1


YES_NO = "oui/non, vrai/faux, true/false, 1/0, x for yes; empty for not known"
_RESOURCE_IDS = "ids of the resources sheet, separated by ';'"
_UNITS = (
    "m3/yr, m3/h, m3/day, L/s, t/yr, t/day, kg/h, kW, MW, kWh/yr, MWh/yr, GJ/yr, h/yr ... "
    "(French jour, an, mois, semaine accepted)"
)
_REMARKS = ("remarques", "commentaire", "commentaires")

# French and English names of each month, January first.
_MONTHS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("janvier", "janv"), ("jan", "january")),
    (("février", "févr", "fév"), ("feb", "february")),
    (("mars",), ("mar", "march")),
    (("avril", "avr"), ("apr", "april")),
    (("mai",), ("may",)),
    (("juin",), ("jun", "june")),
    (("juillet", "juil"), ("jul", "july")),
    (("août",), ("aug", "august")),
    (("septembre", "sept"), ("sep", "september")),
    (("octobre",), ("oct", "october")),
    (("novembre",), ("nov", "november")),
    (("décembre", "déc"), ("dec", "december")),
)

_PROFILE = tuple(
    Column(
        "flows",
        f"profile_{month:02d}",
        "share",
        False,
        "share (0–1)",
        french,
        english,
        "0.0833",
        f"share of the annual quantity in month {month} (January is 1); the 12 "
        "shares sum to 1; all 12 empty means even",
        field="monthly_profile",
    )
    for month, (french, english) in enumerate(_MONTHS, start=1)
)

_OUTSIDE_KINDS = (
    ("sea", ("mer",)),
    ("water_network", ("réseau d'eau", "réseau d'eau potable", "eau de ville")),
    ("gas_grid", ("réseau de gaz",)),
    ("electricity_grid", ("réseau électrique",)),
    ("landfill", ("enfouissement", "décharge", "ISDND")),
    ("incineration", ("incinération", "incinérateur")),
    ("wastewater_treatment", ("station d'épuration", "STEP")),
    ("recycler", ("recycleur",)),
    ("other", ("autre",)),
)

# One line per column: table, name, kind, required, unit, French and English headers accepted,
# example, description (and for some, choices, the model field or the allowed values in words).
# fmt: off
COLUMNS: tuple[Column, ...] = (
    Column("companies", "id", "id", True, "", ("identifiant", "id entreprise", "code entreprise"),
           ("company id", "code"), "C01", "unique, stable id of the company (no spaces, ; or ,)"),
    Column("companies", "name", "text", True, "", ("nom", "raison sociale", "nom de l'entreprise"),
           ("company name",), "Marée Nord", "name of the company"),
    Column("companies", "sector_nace", "nace", True, "",
           ("code NAF", "NAF", "code APE", "APE", "secteur"), ("nace", "nace code", "sector"),
           "10.20", "NACE Rev. 2 class (a French NAF code such as 46.38A is accepted)"),
    Column("companies", "latitude", "number", True, "°", (), ("lat",), "50.7246",
           "WGS84 latitude of the site in decimal degrees, -90 to 90"),
    Column("companies", "longitude", "number", True, "°", (), ("lon", "lng", "long"), "1.5953",
           "WGS84 longitude of the site in decimal degrees, -180 to 180"),
    Column("companies", "address", "text", False, "", ("adresse",), (),
           "12 quai Robert Schuman, Boulogne-sur-Mer", "postal address"),
    Column("companies", "staff", "integer", False, "persons",
           ("effectif", "salariés", "nombre de salariés"), ("employees", "headcount"), "25",
           "head count"),
    Column("companies", "archetype", "text", False, "",
           ("archétype", "type d'entreprise", "activité"), ("type", "activity"), "mareyeur",
           "the kind of company in the analyst's words"),
    Column("companies", "confidential", "boolean", False, "", ("confidentiel",), (), "non",
           "yes when the company must not be named in a shared export", allowed=YES_NO),
    Column("companies", "notes", "text", False, "", _REMARKS, ("note", "comments"),
           "interviewed on 12 March 2024", "free notes"),

    Column("flows", "id", "id", True, "", ("identifiant", "id flux", "code flux"), ("flow id",),
           "F001", "unique, stable id of the flow"),
    Column("flows", "company_id", "id", True, "",
           ("entreprise", "id entreprise", "identifiant entreprise", "code entreprise", "société"),
           ("company",), "C01", "id of the company (column id of companies)"),
    Column("flows", "direction", "choice", True, "", ("sens",), (), "demand",
           "supply leaves the company, demand enters it",
           choices=(("supply", ("sortie", "offre", "sortant", "rejet", "output")),
                    ("demand", ("entrée", "besoin", "entrant", "demande", "consommation",
                                "input")))),
    Column("flows", "resource", "id", True, "", ("ressource",), (), "water.potable",
           "resource id from the catalogue", allowed="an id of the resources sheet"),
    Column("flows", "quantity", "number", True, "see unit", ("quantité", "qté", "débit"), (),
           "2,5", "the amount, in the unit of column unit"),
    Column("flows", "unit", "text", True, "", ("unité",), (), "m3/h",
           "unit of the quantity as written: an amount per time, or a power", allowed=_UNITS),
    Column("flows", "operating_hours_per_yr", "number", False, "h/yr",
           ("heures de fonctionnement", "heures par an", "heures/an", "h/an"),
           ("operating hours", "hours per year"), "4000",
           "hours per year the flow runs; needed for rates per hour, minute or second and for "
           "powers (kW)"),
    Column("flows", "operating_days_per_yr", "number", False, "day/yr",
           ("jours par an", "jours de fonctionnement", "jours/an"),
           ("operating days", "days per year"), "250",
           "days per year the flow runs; needed for rates per day"),
    *_PROFILE,
    Column("flows", "use", "id", False, "", ("usage",), (), "whole_fish_washing",
           "what a demand is for; decides which substitutions the regulation allows",
           allowed="an id of the uses sheet"),
    Column("flows", "description", "text", False, "", ("libellé", "désignation"), ("label",),
           "washing whole fish", "what the flow is, in words"),
    Column("flows", "temperature_c", "number", False, "°C", ("température",), (), "12",
           "temperature of what is supplied"),
    Column("flows", "salinity_g_per_l", "number", False, "g/L", ("salinité",), ("salinity",),
           "0.5", "salinity of what is supplied"),
    Column("flows", "cod_mg_per_l", "number", False, "mg/L", ("DCO",), ("cod",), "300",
           "chemical oxygen demand of what is supplied"),
    Column("flows", "suspended_solids_mg_per_l", "number", False, "mg/L",
           ("MES", "matières en suspension"), ("suspended solids", "tss"), "50",
           "suspended solids in what is supplied"),
    Column("flows", "contaminant_<name>_mg_per_l", "number", False, "mg/L",
           ("polluant_<name>",), (), "0.2", "another contaminant of what is supplied: one "
           "column per contaminant, its name in lower case", field="contaminants_mg_per_l"),
    Column("flows", "max_salinity_g_per_l", "number", False, "g/L",
           ("salinité max", "salinité maximale"), (), "1", "highest salinity a demand tolerates"),
    Column("flows", "max_cod_mg_per_l", "number", False, "mg/L", ("DCO max", "DCO maximale"),
           (), "500", "highest COD a demand tolerates"),
    Column("flows", "max_suspended_solids_mg_per_l", "number", False, "mg/L",
           ("MES max", "MES maximales"), (), "100", "highest suspended solids a demand tolerates"),
    Column("flows", "min_temperature_c", "number", False, "°C",
           ("température min", "température minimale"), (), "40",
           "lowest temperature a demand can use"),
    Column("flows", "potable_required", "boolean", False, "",
           ("potable requise", "eau potable requise", "potabilité requise"), (), "oui",
           "yes when a demand needs drinking water", allowed=YES_NO),
    Column("flows", "food_contact", "boolean", False, "", ("contact alimentaire",), (), "oui",
           "yes when a demand's water touches food", allowed=YES_NO),
    Column("flows", "supply_temperature_c", "number", False, "°C",
           ("température initiale", "température de départ"), (), "35",
           "start temperature of a heat or cold stream"),
    Column("flows", "target_temperature_c", "number", False, "°C",
           ("température cible", "température finale"), (), "25",
           "end temperature of a heat or cold stream (a heat supply cools down to it, a heat "
           "demand is heated up to it)"),
    Column("flows", "ewc_code", "ewc", False, "", ("code déchet", "code CED", "CED"),
           ("ewc", "waste code"), "02 02 02",
           "European List of Waste code, six digits ('*' for hazardous)"),
    Column("flows", "abp_category", "integer", False, "", ("catégorie SPA", "SPA"),
           ("abp category", "abp"), "3", "animal by-product category (Reg. (EC) 1069/2009)",
           allowed="1, 2 or 3"),
    Column("flows", "cost_eur_per_unit", "number", False, "EUR/m3, EUR/t, EUR/MWh or EUR/h",
           ("prix", "coût", "coût unitaire"), ("price", "cost"), "2.21",
           "what the company pays today per canonical unit (purchase price; disposal fee of a "
           "supply; negative when it is paid); empty means the catalogue's price"),
    Column("flows", "provenance", "choice", False, "", ("fiabilité", "source de la donnée"),
           (), "estimated", "how far the quantity can be trusted (empty means assumed)",
           choices=(("measured", ("mesuré", "mesurée")),
                    ("estimated", ("estimé", "estimée", "estimation")),
                    ("assumed", ("supposé", "supposée", "hypothèse")))),
    Column("flows", "confidential", "boolean", False, "", ("confidentiel",), (), "non",
           "yes when the flow must not appear in a shared export", allowed=YES_NO),
    Column("flows", "notes", "text", False, "", _REMARKS, ("note", "comments"),
           "meter read on site", "free notes"),

    Column("outside_parties", "id", "id", True, "", ("identifiant",), (), "SEA",
           "unique id, not used by a company"),
    Column("outside_parties", "name", "text", True, "", ("nom",), (), "English Channel", "name"),
    Column("outside_parties", "kind", "choice", True, "", ("type", "nature"), (), "sea",
           "what it is", choices=_OUTSIDE_KINDS),
    Column("outside_parties", "latitude", "number", False, "°", (), ("lat",), "50.725",
           "WGS84 latitude in decimal degrees, -90 to 90"),
    Column("outside_parties", "longitude", "number", False, "°", (), ("lon", "lng", "long"),
           "1.585", "WGS84 longitude in decimal degrees, -180 to 180"),
    Column("outside_parties", "supplies", "list", False, "", ("fournit",), (), "water.sea",
           "resources it can supply", allowed=_RESOURCE_IDS),
    Column("outside_parties", "accepts", "list", False, "", ("accepte", "reçoit"), (),
           "material.cardboard", "resources it can take", allowed=_RESOURCE_IDS),
    Column("outside_parties", "notes", "text", False, "", _REMARKS, ("note",), "", "free notes"),

    Column("parameters", "name", "id", True, "", ("nom", "paramètre"), ("parameter",),
           "water_pipe_cost_eur_per_m", "parameter name (see the package defaults)"),
    Column("parameters", "value", "number", True, "see unit", ("valeur",), (), "300",
           "its value, in its unit"),
    Column("parameters", "unit", "text", True, "", ("unité",), (), "EUR/m", "its unit"),
    Column("parameters", "source", "text", True, "", (), (), "quote from a contractor, 2024",
           "where the value comes from"),
    Column("parameters", "note", "text", False, "", ("remarque", "commentaire"), ("notes",), "",
           "free note"),

    Column("zone", "name", "text", False, "", ("nom",), (), "capecure",
           "name of the zone (default: the file or folder name)"),
    Column("zone", "description", "text", False, "", (), (), "seafood zone of Boulogne-sur-Mer",
           "one or two sentences on the zone"),
)
# fmt: on


def columns_of(table: str) -> tuple[Column, ...]:
    """The columns of a table, in the order they are written.

    Examples
    --------
    >>> [column.name for column in columns_of("parameters")]
    ['name', 'value', 'unit', 'source', 'note']
    """
    return tuple(column for column in COLUMNS if column.table == table)
