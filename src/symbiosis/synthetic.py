"""Synthetic regions: many companies of realistic kinds on clusters of industrial estates.

A real regional dataset (every site of a French department, 10,000 companies, 100,000 flows)
is confidential or does not exist yet; the matcher must still be tested and measured at that
scale. :func:`generate_region` invents one that looks like the real thing where it matters for
matching:

* **places**: industrial estates (about one per 150 companies, at most 60) over a
  department-sized square (100 × 100 km by default), grouped around towns, with one estate in
  seven a port on the coast (the west edge) in front of a clean-seawater intake; the companies
  of an estate are normally distributed 0.5–2 km around its centre, so exchanges by pipe
  (1–5 km) mostly stay on an estate while trucked by-products (50–300 km) cross the region;
* **kinds of company** (:data:`ARCHETYPES`): seafood processors (on ports only), food
  processors, chemicals, power plants, paper mills, metal works, logistics and cold stores,
  wastewater treatment plants, recyclers, farms, anaerobic digesters and building-materials
  plants, in shares chosen so that receivers of by-products (recyclers, digesters, paper mills,
  cement works) are few, as in a real department. Each has flow templates drawn from the
  resource catalogue with the qualities and uses the matching rules read (the use of a
  potable-water demand, the COD and salinity of grey water, the temperatures of heat streams,
  EWC codes of wastes), so that supplies and demands can actually match;
* **quantities**: lognormal around a plausible annual figure for the kind of flow, times a
  size factor of the company, written in the canonical unit of the family (m3/yr, t/yr,
  MWh/yr, h/yr) so that no conversion is needed.

Everything is drawn from one :class:`numpy.random.Generator` seeded by ``seed``: the same
arguments give an equal :class:`~symbiosis.schemas.Zone`. The records are validated by pydantic
as any zone read from files is.

The regions are the test bed of the matcher at scale: the tests and
``benchmarks/bench_scale.py`` check it on them against the pair-by-pair oracle of
:mod:`symbiosis.testing`.

The archetypes' figures are orders of magnitude chosen by the developers (``assumed``), guided
by the reference facts on Capécure (water per tonne of fish, co-product tonnages, ice plants,
cold stores); they make a plausible test bed, not a statistical portrait of a real region.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from symbiosis.catalogue import get_resource
from symbiosis.errors import InputError
from symbiosis.schemas import Direction, Zone
from symbiosis.units import CANONICAL_UNITS

__all__ = [
    "ARCHETYPES",
    "Archetype",
    "FlowTemplate",
    "generate_region",
    "region_records",
]

# Mean radius of the Earth over the meridian and the parallel, for turning km into degrees.
_KM_PER_DEGREE_LATITUDE = 110.574
_KM_PER_DEGREE_LONGITUDE_AT_EQUATOR = 111.320

# Keys of FlowTemplate.ranges that are not Flow fields: the temperature change of a heat stream.
_DELTA_T_KEY = "delta_t_k"


@dataclass(frozen=True)
class FlowTemplate:
    """A kind of flow an archetype may have.

    Attributes
    ----------
    resource : str
        Catalogue id.
    direction : {'supply', 'demand'}
    median : float
        Annual quantity of a company of median size, in the canonical unit of the family.
        [m3/yr, t/yr, MWh/yr or h/yr]
    weight : float
        Relative frequency of the flow among the flows of a company of the archetype (each of
        its flows is drawn from the templates in proportion to their weights).
    use : str, optional
        Use of a water demand (``uses.yaml``).
    fixed : mapping
        Flow fields set as given (``potable_required``, ``food_contact`` ...).
    ranges : mapping of (low, high)
        Flow fields drawn uniformly between low and high; ``delta_t_k`` is the temperature
        change of a heat stream: a supply cools by it, a demand is heated by it. [field unit, K]
    seasonal : bool
        True for flows with a yearly cycle (harvests, heating): they get a monthly profile.
    description : str
        Shown as the flow's description.
    """

    resource: str
    direction: Direction
    median: float
    weight: float = 1.0
    use: str | None = None
    fixed: Mapping[str, Any] = field(default_factory=dict)
    ranges: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    seasonal: bool = False
    description: str = ""


@dataclass(frozen=True)
class Archetype:
    """A kind of company: its sector, its default share of a region and its flow templates.

    Attributes
    ----------
    id : str
        Short name, stored as the company's ``archetype``.
    label : str
        Used in company names.
    sector_nace : str
        NACE Rev. 2 class of the companies.
    share : float
        Default share of the companies of a region (the shares of :data:`ARCHETYPES` sum to 1).
    staff_median : int
        Median head count.
    port : bool
        True when the companies sit only on port estates (seafood needs the harbour).
    templates : tuple of FlowTemplate
    """

    id: str
    label: str
    sector_nace: str
    share: float
    staff_median: int
    port: bool
    templates: tuple[FlowTemplate, ...]


def _t(
    resource: str,
    direction: Direction,
    median: float,
    weight: float = 1.0,
    description: str = "",
    **options: Any,
) -> FlowTemplate:
    return FlowTemplate(resource, direction, median, weight, description=description, **options)


# Water demands that need potable water, and the ones that a lesser water may serve; the limits
# are what a plant would accept for floor washing or cooling (assumed).
_POTABLE = {"potable_required": True}
_FLOOR = {"potable_required": False, "food_contact": False}
_FLOOR_LIMITS = {"max_cod_mg_per_l": (300.0, 800.0), "max_suspended_solids_mg_per_l": (50.0, 200.0)}
_COOLING_LIMITS = {"max_cod_mg_per_l": (50.0, 250.0), "max_suspended_solids_mg_per_l": (20.0, 80.0)}
_WHOLE_FISH = {"potable_required": False, "food_contact": True}

# Heat streams: temperatures of the supply (inlet) and the change. [°C, K]
_CONDENSER = {"supply_temperature_c": (30.0, 45.0), _DELTA_T_KEY: (5.0, 12.0)}
_WARM_EFFLUENT = {"supply_temperature_c": (40.0, 60.0), _DELTA_T_KEY: (10.0, 25.0)}
_HOT_WATER_OUT = {"supply_temperature_c": (75.0, 95.0), _DELTA_T_KEY: (20.0, 35.0)}
_STEAM_OUT = {"supply_temperature_c": (160.0, 220.0), _DELTA_T_KEY: (40.0, 80.0)}
_FLUE = {"supply_temperature_c": (200.0, 350.0), _DELTA_T_KEY: (80.0, 150.0)}
_PROCESS_HOT_WATER_IN = {"supply_temperature_c": (10.0, 15.0), _DELTA_T_KEY: (40.0, 70.0)}
_LOW_TEMPERATURE_IN = {"supply_temperature_c": (10.0, 18.0), _DELTA_T_KEY: (10.0, 22.0)}
_STEAM_IN = {"supply_temperature_c": (15.0, 25.0), _DELTA_T_KEY: (120.0, 170.0)}

_GREY_FOOD = {
    "cod_mg_per_l": (150.0, 1500.0),
    "suspended_solids_mg_per_l": (40.0, 300.0),
    "temperature_c": (10.0, 30.0),
    "salinity_g_per_l": (0.2, 2.0),
}
_GREY_SEAFOOD = {**_GREY_FOOD, "salinity_g_per_l": (1.0, 20.0), "temperature_c": (6.0, 15.0)}
_GREY_INDUSTRY = {
    "cod_mg_per_l": (40.0, 400.0),
    "suspended_solids_mg_per_l": (10.0, 100.0),
    "temperature_c": (15.0, 35.0),
    "salinity_g_per_l": (0.1, 1.5),
}
_TREATED = {
    "cod_mg_per_l": (20.0, 60.0),
    "suspended_solids_mg_per_l": (3.0, 20.0),
    "temperature_c": (10.0, 20.0),
    "salinity_g_per_l": (0.3, 1.0),
}

# The archetypes as a table: one line per flow template, which is easier to read and review than
# one argument per line (hence fmt: off).
# fmt: off
_ARCHETYPE_LIST: tuple[Archetype, ...] = (
    Archetype(
        "seafood", "Marée", "10.20", share=0.08, staff_median=30, port=True, templates=(
            _t("water.potable", "demand", 8000, 1.0, "washing and de-icing whole fish",
               use="whole_fish_washing", fixed=_WHOLE_FISH),
            _t("water.potable", "demand", 3000, 0.6, "unloading whole fish",
               use="unloading", fixed=_WHOLE_FISH),
            _t("water.potable", "demand", 6000, 1.0, "processing water on fillets",
               use="product_contact", fixed={**_POTABLE, "food_contact": True}),
            _t("water.potable", "demand", 3000, 0.9, "floor and crate washing",
               use="floor_and_crate_washing", fixed=_FLOOR, ranges=_FLOOR_LIMITS),
            _t("water.grey", "supply", 5000, 0.9, "rinse water", ranges=_GREY_SEAFOOD),
            _t("material.fish_byproducts", "supply", 800, 1.0, "heads, frames and skins"),
            _t("material.ice", "demand", 600, 0.8, "flake ice for whole fish"),
            _t("material.eps_boxes", "supply", 15, 0.7, "used polystyrene fish boxes"),
            _t("material.cardboard", "supply", 30, 0.6, "cardboard packaging"),
            _t("heat.low_grade", "supply", 300, 0.6, "refrigeration condenser heat",
               ranges=_CONDENSER),
            _t("heat.hot_water", "demand", 200, 0.5, "hot water for cleaning",
               ranges=_PROCESS_HOT_WATER_IN),
            _t("cold.chilled", "demand", 400, 0.6, "chilled rooms"),
            _t("material.shells", "supply", 60, 0.2, "shells and carapaces"),
            _t("service.refrigeration_maintenance", "demand", 200, 0.5, "refrigeration upkeep"),
            _t("service.waste_collection", "demand", 150, 0.5, "waste collection"),
        ),
    ),
    Archetype(
        "food_processing", "Agroalimentaire", "10.89", share=0.188, staff_median=60, port=False,
        templates=(
            _t("water.potable", "demand", 15000, 1.0, "process water in contact with food",
               use="product_contact", fixed={**_POTABLE, "food_contact": True}),
            _t("water.potable", "demand", 8000, 0.9, "cleaning of equipment",
               use="equipment_cleaning", fixed={**_POTABLE, "food_contact": True}),
            _t("water.potable", "demand", 4000, 0.8, "floor washing",
               use="floor_and_crate_washing", fixed=_FLOOR, ranges=_FLOOR_LIMITS),
            _t("water.potable", "demand", 6000, 0.6, "process cooling",
               use="cooling", fixed=_FLOOR, ranges=_COOLING_LIMITS),
            _t("water.grey", "supply", 8000, 0.9, "rinse and cooling water", ranges=_GREY_FOOD),
            _t("material.food_waste", "supply", 600, 0.9, "food co-products and off-cuts",
               seasonal=True),
            _t("material.sludge_food", "supply", 300, 0.6, "sludge of the pre-treatment"),
            _t("material.cardboard", "supply", 80, 0.7, "cardboard packaging"),
            _t("material.plastic_film", "supply", 20, 0.5, "plastic film"),
            _t("material.wood_pallets", "supply", 40, 0.5, "broken pallets"),
            _t("heat.steam", "demand", 2000, 0.6, "steam for cooking and sterilising",
               ranges=_STEAM_IN),
            _t("heat.hot_water", "demand", 1500, 0.8, "process hot water",
               ranges=_PROCESS_HOT_WATER_IN, seasonal=True),
            _t("heat.low_grade", "supply", 800, 0.7, "refrigeration condenser heat",
               ranges=_CONDENSER),
            _t("cold.chilled", "demand", 600, 0.6, "chilled storage"),
            _t("energy.natural_gas", "demand", 3000, 0.7, "boiler gas"),
            _t("material.co2", "supply", 200, 0.15, "fermentation CO2"),
            _t("service.cleaning", "demand", 500, 0.5, "industrial cleaning"),
            _t("service.laboratory", "demand", 100, 0.4, "hygiene analyses"),
        ),
    ),
    Archetype(
        "chemicals", "Chimie", "20.14", share=0.05, staff_median=120, port=False, templates=(
            _t("heat.steam", "demand", 20000, 1.0, "process steam", ranges=_STEAM_IN),
            _t("heat.hot_water", "supply", 5000, 0.8, "reactor cooling water",
               ranges=_HOT_WATER_OUT),
            _t("heat.low_grade", "supply", 8000, 0.8, "cooling tower heat",
               ranges=_WARM_EFFLUENT),
            _t("water.demineralised", "demand", 30000, 0.7, "demineralised process water"),
            _t("water.cooling", "demand", 200000, 0.8, "cooling tower make-up",
               use="cooling", ranges=_COOLING_LIMITS),
            _t("water.potable", "demand", 20000, 0.7, "process water", use="process",
               fixed={"potable_required": False}, ranges={"max_cod_mg_per_l": (20.0, 100.0)}),
            _t("water.grey", "supply", 40000, 0.7, "process effluent after pre-treatment",
               ranges=_GREY_INDUSTRY),
            _t("material.co2", "supply", 2000, 0.4, "by-product CO2"),
            _t("material.solvent", "supply", 100, 0.6, "spent solvents"),
            _t("material.solvent", "demand", 60, 0.3, "regenerated solvents"),
            _t("material.plastic_film", "supply", 30, 0.4, "plastic packaging"),
            _t("material.wood_pallets", "supply", 60, 0.5, "pallets"),
            _t("energy.natural_gas", "demand", 30000, 0.8, "boiler gas"),
            _t("service.maintenance", "demand", 2000, 0.6, "technical maintenance"),
            _t("service.security", "demand", 3000, 0.6, "night watch"),
            _t("service.laboratory", "demand", 500, 0.5, "analyses"),
        ),
    ),
    Archetype(
        "power_plant", "Centrale", "35.11", share=0.004, staff_median=80, port=False, templates=(
            _t("heat.steam", "supply", 50000, 0.8, "extraction steam", ranges=_STEAM_OUT),
            _t("heat.hot_water", "supply", 60000, 1.0, "heat of the condensers (CHP)",
               ranges=_HOT_WATER_OUT),
            _t("heat.low_grade", "supply", 150000, 1.0, "cooling circuit heat",
               ranges=_CONDENSER),
            _t("material.fly_ash", "supply", 20000, 0.8, "fly ash"),
            _t("material.gypsum", "supply", 15000, 0.6, "desulphurisation gypsum"),
            _t("water.cooling", "demand", 2_000_000, 0.9, "cooling water",
               use="cooling", ranges=_COOLING_LIMITS),
            _t("water.demineralised", "demand", 50000, 0.7, "boiler make-up"),
            _t("material.biomass", "demand", 50000, 0.5, "wood chips for the boiler"),
            _t("energy.natural_gas", "demand", 300000, 0.6, "gas turbine fuel"),
            _t("material.waste_oil", "supply", 20, 0.5, "used lubricating oil"),
            _t("service.maintenance", "demand", 5000, 0.7, "maintenance"),
            _t("service.security", "demand", 6000, 0.7, "site security"),
        ),
    ),
    Archetype(
        "paper_mill", "Papeterie", "17.12", share=0.003, staff_median=150, port=False, templates=(
            _t("material.cardboard", "demand", 100000, 1.0, "recovered fibre"),
            _t("heat.steam", "demand", 100000, 1.0, "drying steam", ranges=_STEAM_IN),
            _t("water.cooling", "demand", 300000, 0.8, "cooling water",
               use="cooling", ranges=_COOLING_LIMITS),
            _t("water.potable", "demand", 200000, 0.6, "process water", use="process",
               fixed={"potable_required": False}, ranges={"max_cod_mg_per_l": (50.0, 300.0)}),
            _t("water.grey", "supply", 400000, 0.9, "white water surplus",
               ranges={**_GREY_INDUSTRY, "cod_mg_per_l": (300.0, 2500.0)}),
            _t("material.mixed_waste", "supply", 3000, 0.7, "pulper rejects"),
            _t("heat.low_grade", "supply", 20000, 0.8, "hood exhaust heat", ranges=_WARM_EFFLUENT),
            _t("heat.hot_water", "supply", 5000, 0.5, "hot effluent", ranges=_HOT_WATER_OUT),
            _t("energy.natural_gas", "demand", 150000, 0.7, "boiler gas"),
            _t("material.biomass", "demand", 20000, 0.5, "biomass boiler fuel"),
            _t("material.fly_ash", "supply", 2000, 0.4, "boiler ash"),
            _t("service.maintenance", "demand", 4000, 0.6, "maintenance"),
        ),
    ),
    Archetype(
        "metals", "Métallurgie", "25.62", share=0.2, staff_median=50, port=False, templates=(
            _t("material.scrap_metal", "supply", 500, 1.0, "turnings and off-cuts"),
            _t("material.scrap_metal", "demand", 3000, 0.05, "scrap for the furnace"),
            _t("material.waste_oil", "supply", 10, 0.7, "cutting fluids and oils"),
            _t("material.slag", "supply", 2000, 0.2, "foundry slag"),
            _t("heat.flue_gas", "supply", 3000, 0.3, "furnace exhaust", ranges=_FLUE),
            _t("heat.hot_water", "supply", 1500, 0.4, "furnace cooling water",
               ranges=_HOT_WATER_OUT),
            _t("heat.low_grade", "supply", 2000, 0.6, "compressor and cooling heat",
               ranges=_CONDENSER),
            _t("heat.hot_water", "demand", 600, 0.4, "space heating of halls",
               ranges=_LOW_TEMPERATURE_IN, seasonal=True),
            _t("water.cooling", "demand", 30000, 0.6, "cooling water",
               use="cooling", ranges=_COOLING_LIMITS),
            _t("water.potable", "demand", 5000, 0.7, "surface treatment rinse", use="process",
               fixed={"potable_required": False}, ranges={"max_cod_mg_per_l": (30.0, 150.0)}),
            _t("water.grey", "supply", 10000, 0.5, "rinse water", ranges=_GREY_INDUSTRY),
            _t("energy.natural_gas", "demand", 8000, 0.7, "furnace gas"),
            _t("material.wood_pallets", "supply", 50, 0.6, "pallets and crates"),
            _t("material.cardboard", "supply", 20, 0.5, "cardboard"),
            _t("material.plastic_film", "supply", 10, 0.4, "plastic film"),
            _t("material.mixed_waste", "supply", 100, 0.6, "mixed waste"),
            _t("service.maintenance", "demand", 800, 0.5, "maintenance"),
            _t("service.security", "demand", 1000, 0.4, "site security"),
        ),
    ),
    Archetype(
        "logistics", "Logistique", "52.10", share=0.24, staff_median=40, port=False, templates=(
            _t("cold.negative", "demand", 2000, 0.6, "frozen storage"),
            _t("cold.chilled", "demand", 800, 0.7, "chilled storage"),
            _t("heat.low_grade", "supply", 1500, 0.7, "refrigeration condenser heat",
               ranges=_CONDENSER),
            _t("heat.hot_water", "demand", 300, 0.5, "space heating of offices and docks",
               ranges=_LOW_TEMPERATURE_IN, seasonal=True),
            _t("material.cardboard", "supply", 150, 1.0, "cardboard packaging"),
            _t("material.plastic_film", "supply", 60, 0.9, "stretch film"),
            _t("material.wood_pallets", "supply", 200, 0.9, "broken pallets"),
            _t("material.eps_boxes", "supply", 20, 0.3, "polystyrene boxes"),
            _t("material.mixed_waste", "supply", 80, 0.7, "mixed waste"),
            _t("material.waste_oil", "supply", 2, 0.3, "truck fleet oil"),
            _t("material.ice", "supply", 3000, 0.1, "flake ice from the cold store's ice plant"),
            _t("water.potable", "demand", 1500, 0.7, "dock and truck washing",
               use="floor_and_crate_washing", fixed=_FLOOR, ranges=_FLOOR_LIMITS),
            _t("water.potable", "demand", 800, 0.6, "staff sanitary use", use="sanitary",
               fixed=_POTABLE),
            _t("service.logistics", "supply", 5000, 0.5, "refrigerated transport"),
            _t("service.security", "demand", 3000, 0.6, "night watch"),
            _t("service.waste_collection", "demand", 300, 0.6, "waste collection"),
            _t("service.cleaning", "demand", 400, 0.4, "cleaning"),
            _t("service.maintenance", "demand", 300, 0.4, "maintenance"),
        ),
    ),
    Archetype(
        "utilities_wwtp", "Station d'épuration", "37.00", share=0.03, staff_median=20, port=False,
        templates=(
            _t("water.treated", "supply", 1_000_000, 1.0, "treated effluent", ranges=_TREATED),
            _t("material.sludge_wwtp", "supply", 3000, 1.0, "dewatered sludge"),
            _t("heat.low_grade", "supply", 5000, 0.6, "heat of the effluent",
               ranges={"supply_temperature_c": (18.0, 24.0), _DELTA_T_KEY: (4.0, 8.0)}),
            _t("energy.biogas", "supply", 3000, 0.5, "digester biogas"),
            _t("heat.hot_water", "demand", 1500, 0.6, "digester heating",
               ranges=_LOW_TEMPERATURE_IN, seasonal=True),
            _t("material.grease", "demand", 200, 0.5, "grease for co-digestion"),
            _t("material.sludge_food", "demand", 1000, 0.2, "industrial sludge for co-treatment"),
            _t("service.laboratory", "supply", 2000, 0.6, "accredited water laboratory"),
            _t("service.maintenance", "demand", 600, 0.5, "maintenance"),
            _t("energy.electricity", "demand", 3000, 0.7, "aeration and pumping"),
            _t("material.waste_oil", "supply", 2, 0.3, "pump oil"),
        ),
    ),
    Archetype(
        "recycler", "Recyclage", "38.32", share=0.008, staff_median=25, port=False, templates=(
            _t("material.cardboard", "demand", 5000, 0.8, "cardboard for sorting and baling"),
            _t("material.plastic_film", "demand", 2000, 0.6, "plastic film for regranulation"),
            _t("material.eps_boxes", "demand", 500, 0.4, "polystyrene for compaction"),
            _t("material.wood_pallets", "demand", 3000, 0.6, "wood for chipping"),
            _t("material.scrap_metal", "demand", 10000, 0.6, "scrap metal"),
            _t("material.mixed_waste", "demand", 8000, 0.6, "mixed waste for sorting"),
            _t("material.waste_oil", "demand", 1000, 0.3, "used oil for regeneration"),
            _t("material.solvent", "demand", 500, 0.2, "spent solvents for distillation"),
            _t("service.waste_collection", "supply", 10000, 0.8, "collection rounds"),
            _t("service.cardboard_baling", "supply", 2000, 0.5, "baling"),
            _t("material.biomass", "supply", 2000, 0.5, "wood chips from pallets"),
            _t("water.potable", "demand", 1000, 0.5, "yard washing",
               use="floor_and_crate_washing", fixed=_FLOOR, ranges=_FLOOR_LIMITS),
        ),
    ),
    Archetype(
        "agriculture", "Ferme", "01.50", share=0.185, staff_median=4, port=False, templates=(
            _t("material.organic_feedstock", "supply", 3000, 0.9, "manure and crop residues",
               seasonal=True),
            _t("material.digestate", "demand", 2000, 0.6, "fertiliser for the fields",
               seasonal=True),
            _t("water.potable", "demand", 3000, 0.8, "livestock watering and yard washing",
               use="process", fixed={"potable_required": False},
               ranges={"max_cod_mg_per_l": (100.0, 400.0)}),
            _t("heat.hot_water", "demand", 800, 0.2, "greenhouse or barn heating",
               ranges=_LOW_TEMPERATURE_IN, seasonal=True),
            _t("cold.chilled", "demand", 60, 0.4, "milk cooling"),
            _t("heat.low_grade", "supply", 50, 0.2, "heat of the milk chiller",
               ranges=_CONDENSER),
            _t("material.biomass", "supply", 300, 0.4, "hedge wood chips"),
            _t("material.plastic_film", "supply", 5, 0.3, "silage film"),
            _t("material.waste_oil", "supply", 1, 0.2, "tractor oil"),
            _t("energy.natural_gas", "demand", 500, 0.3, "grain drying"),
            _t("service.maintenance", "demand", 150, 0.5, "machinery maintenance"),
        ),
    ),
    Archetype(
        "anaerobic_digestion", "Méthanisation", "35.21", share=0.008, staff_median=6, port=False,
        templates=(
            _t("material.organic_feedstock", "demand", 20000, 0.9, "digester feedstock"),
            _t("material.food_waste", "demand", 5000, 0.9, "food waste for the digester"),
            _t("material.sludge_food", "demand", 3000, 0.7, "agri-food sludge"),
            _t("material.grease", "demand", 500, 0.6, "grease"),
            _t("material.fish_byproducts", "demand", 3000, 0.3, "fish co-products"),
            _t("material.sludge_wwtp", "demand", 2000, 0.2, "sewage sludge"),
            _t("material.digestate", "supply", 25000, 1.0, "digestate"),
            _t("energy.biogas", "supply", 15000, 1.0, "biogas or biomethane"),
            _t("heat.hot_water", "supply", 5000, 0.7, "heat of the CHP engine",
               ranges=_HOT_WATER_OUT),
            _t("material.co2", "supply", 1500, 0.3, "CO2 from biomethane upgrading"),
            _t("water.potable", "demand", 2000, 0.4, "dilution and washing", use="process",
               fixed={"potable_required": False}, ranges={"max_cod_mg_per_l": (200.0, 800.0)}),
            _t("service.maintenance", "demand", 600, 0.6, "maintenance"),
        ),
    ),
    Archetype(
        "building_materials", "Matériaux", "23.51", share=0.004, staff_median=100, port=False,
        templates=(
            _t("material.fly_ash", "demand", 30000, 0.8, "fly ash for blended cement"),
            _t("material.gypsum", "demand", 20000, 0.8, "gypsum as set retarder"),
            _t("material.slag", "demand", 50000, 0.7, "slag for blended cement"),
            _t("material.mixed_waste", "demand", 20000, 0.4, "refuse-derived fuel for the kiln"),
            _t("material.waste_oil", "demand", 2000, 0.3, "alternative kiln fuel"),
            _t("material.sludge_wwtp", "demand", 5000, 0.3, "dried sludge as kiln fuel"),
            _t("material.shells", "demand", 2000, 0.3, "shells as limestone"),
            _t("heat.hot_water", "supply", 10000, 0.6, "kiln shell cooling", ranges=_HOT_WATER_OUT),
            _t("heat.flue_gas", "supply", 20000, 0.5, "kiln exhaust", ranges=_FLUE),
            _t("water.potable", "demand", 20000, 0.6, "process water", use="process",
               fixed={"potable_required": False}, ranges={"max_cod_mg_per_l": (50.0, 300.0)}),
            _t("energy.natural_gas", "demand", 100000, 0.6, "kiln fuel"),
            _t("service.maintenance", "demand", 3000, 0.6, "maintenance"),
        ),
    ),
)
# fmt: on

#: The kinds of company :func:`generate_region` draws, by id, with their default shares.
ARCHETYPES: Mapping[str, Archetype] = {archetype.id: archetype for archetype in _ARCHETYPE_LIST}

_PROVENANCES = ("measured", "estimated", "assumed")
_PROVENANCE_SHARES = (0.2, 0.5, 0.3)


def _company_counts(n_companies: int, shares: Mapping[str, float]) -> dict[str, int]:
    """Split n companies by shares, rounding by the largest remainders (exact total)."""
    unknown = sorted(set(shares) - set(ARCHETYPES))
    if unknown:
        raise InputError(
            f"unknown archetype(s) {', '.join(map(repr, unknown))}; "
            f"use some of {', '.join(ARCHETYPES)}"
        )
    if any(not math.isfinite(share) or share < 0 for share in shares.values()):
        raise InputError("archetype shares must be finite and not negative")
    total = sum(shares.values())
    if total <= 0:
        raise InputError("archetype shares must not all be zero")
    ids = [archetype_id for archetype_id in ARCHETYPES if shares.get(archetype_id, 0) > 0]
    exact = np.array([shares[archetype_id] / total * n_companies for archetype_id in ids])
    counts = np.floor(exact).astype(int)
    left = n_companies - int(counts.sum())
    # Stable sort so that ties go to the archetype listed first.
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[:left]] += 1
    return {archetype_id: int(count) for archetype_id, count in zip(ids, counts, strict=True)}


def _significant(values: np.ndarray, digits: int = 4) -> list[float]:
    """Round to a few significant digits, so that numbers read well and survive a CSV."""
    return [float(f"{value:.{digits}g}") for value in values]


def _monthly_profiles(rng: np.random.Generator, count: int) -> np.ndarray:
    """Yearly cycles: a cosine around a random peak month with a random amplitude."""
    months = np.arange(12)
    peak = rng.integers(0, 12, size=count)
    amplitude = rng.uniform(0.2, 0.8, size=count)
    shares = 1 + amplitude[:, None] * np.cos(2 * np.pi * (months[None, :] - peak[:, None]) / 12)
    shares /= shares.sum(axis=1, keepdims=True)
    rounded = np.round(shares, 4)
    # Put the rounding residue on the peak month so that each profile sums to 1 exactly enough.
    rounded[np.arange(count), peak] += 1 - rounded.sum(axis=1)
    return np.round(rounded, 6)


def _layout(
    rng: np.random.Generator, n_estates: int, region_km: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Centres (x, y) [km], spread [km], attractiveness and port flag of each estate.

    About one estate in seven is a port on the coast (the west edge, x = 0); the others gather
    around towns spread over the region.
    """
    n_ports = max(1, round(n_estates / 7))
    n_inland = n_estates - n_ports
    margin = min(3.0, region_km / 10)
    port_x = rng.uniform(0.5, 2.5, size=n_ports).clip(0, region_km)
    port_y = rng.uniform(0.05, 0.95, size=n_ports) * region_km
    n_towns = max(1, math.ceil(n_inland / 6))
    towns = rng.uniform(0.1, 0.9, size=(n_towns, 2)) * region_km
    town_of_estate = rng.integers(0, n_towns, size=n_inland)
    inland = towns[town_of_estate] + rng.normal(0, region_km * 0.06, size=(n_inland, 2))
    inland = inland.clip(margin, region_km - margin)
    x = np.concatenate([port_x, inland[:, 0]])
    y = np.concatenate([port_y, inland[:, 1]])
    spread_km = rng.uniform(0.5, 2.0, size=n_estates)
    attractiveness = rng.lognormal(0.0, 0.7, size=n_estates)
    is_port = np.arange(n_estates) < n_ports
    return np.column_stack([x, y]), spread_km, attractiveness, is_port


def _pick_templates(
    rng: np.random.Generator, weights: np.ndarray, n_companies: int, k: int
) -> np.ndarray:
    """For each company, k template indices drawn with replacement, in proportion to weights.

    A template drawn twice is two flows of its kind (two workshops using water, two pallet
    streams); a template of weight w is on average ``k * w / sum(weights)`` flows of a company,
    so rare templates (a farm taking food waste) stay rare whatever ``k`` is.
    """
    chosen = rng.choice(weights.size, size=(n_companies, k), p=weights / weights.sum())
    return np.sort(chosen, axis=1)


def generate_region(
    n_companies: int,
    *,
    seed: int = 0,
    flows_per_company: int = 10,
    archetype_shares: Mapping[str, float] | None = None,
    n_estates: int | None = None,
    region_km: float = 100.0,
    origin: tuple[float, float] = (50.2, 1.6),
    quantity_sigma: float = 0.6,
    name: str | None = None,
) -> Zone:
    """Invent a region: companies of realistic kinds on industrial estates, with their flows.

    Parameters
    ----------
    n_companies : int
        Number of companies (sites).
    seed : int
        Seed of the random generator; the same arguments give an equal zone.
    flows_per_company : int
        Flows of each company (so the zone has ``n_companies * flows_per_company`` flows),
        drawn from its archetype's templates in proportion to their weights (with replacement:
        a company may have two flows of one kind).
    archetype_shares : mapping of str to float, optional
        Share of each archetype (ids of :data:`ARCHETYPES`); normalised, and counts are rounded
        by the largest remainders so they sum to ``n_companies``. Default: the archetypes'
        own shares.
    n_estates : int, optional
        Number of industrial estates. Default ``ceil(n_companies / 150)`` capped at 60, so a
        region of 10,000 companies has 60 estates of about 170 companies.
    region_km : float
        Side of the square region. [km]
    origin : (float, float)
        Latitude and longitude of the south-west corner (default: the Côte d'Opale, with the
        coast on the west edge). [degrees]
    quantity_sigma : float
        Standard deviation of the logarithm of quantities around the template's median (a
        company size factor with sigma 0.5 multiplies all flows of a company as well).
    name : str, optional
        Name of the zone.

    Returns
    -------
    Zone
        Companies ``C00001`` ... with ``archetype`` set, flows ``F000001`` ... in the canonical
        unit of their family, one clean-seawater intake (``SEA-01`` ...) on the coast in front
        of each port estate, and the public water network ``NET``.

    Raises
    ------
    InputError
        A count below 1, an unknown archetype or shares that are negative or all zero.

    Examples
    --------
    >>> zone = generate_region(20, seed=1, flows_per_company=5)
    >>> len(zone.companies), len(zone.flows)
    (20, 100)
    >>> zone == generate_region(20, seed=1, flows_per_company=5)
    True
    >>> sorted({flow.unit for flow in zone.flows})
    ['MWh/yr', 'h/yr', 'm3/yr', 't/yr']
    """
    # The records go in as dicts so that pydantic validates each flow once: a Flow instance
    # handed to Zone would run its model validator (the unit conversion) a second time.
    records = region_records(
        n_companies,
        seed=seed,
        flows_per_company=flows_per_company,
        archetype_shares=archetype_shares,
        n_estates=n_estates,
        region_km=region_km,
        origin=origin,
        quantity_sigma=quantity_sigma,
        name=name,
    )
    return Zone.model_validate(records)


def region_records(
    n_companies: int,
    *,
    seed: int = 0,
    flows_per_company: int = 10,
    archetype_shares: Mapping[str, float] | None = None,
    n_estates: int | None = None,
    region_km: float = 100.0,
    origin: tuple[float, float] = (50.2, 1.6),
    quantity_sigma: float = 0.6,
    name: str | None = None,
) -> dict[str, Any]:
    """The records of :func:`generate_region` before validation, as plain dicts.

    Takes the same arguments. ``Zone.model_validate(region_records(...))`` is
    ``generate_region(...)``; the split lets a benchmark time the drawing apart from the
    validation, and lets a user write the records to files without building the models.

    Returns
    -------
    dict
        ``name``, ``description``, ``companies``, ``flows`` and ``outside_parties``: lists of
        dicts with the fields of the models of :mod:`symbiosis.schemas`.

    Examples
    --------
    >>> records = region_records(3, seed=2, flows_per_company=2)
    >>> len(records["companies"]), len(records["flows"])
    (3, 6)
    """
    if n_companies < 1 or flows_per_company < 1:
        raise InputError("n_companies and flows_per_company must be at least 1")
    if n_estates is not None and n_estates < 1:
        raise InputError("n_estates must be at least 1")
    if not (region_km > 0 and math.isfinite(region_km)):
        raise InputError("region_km must be a positive number of kilometres")
    shares = (
        dict(archetype_shares)
        if archetype_shares is not None
        else {archetype.id: archetype.share for archetype in ARCHETYPES.values()}
    )
    counts = _company_counts(n_companies, shares)
    if n_estates is None:
        n_estates = min(60, max(1, math.ceil(n_companies / 150)))
    rng = np.random.default_rng(seed)

    centres_km, spread_km, attractiveness, is_port = _layout(rng, n_estates, region_km)
    latitude0, longitude0 = origin
    km_per_degree_longitude = _KM_PER_DEGREE_LONGITUDE_AT_EQUATOR * math.cos(
        math.radians(latitude0 + region_km / _KM_PER_DEGREE_LATITUDE / 2)
    )

    def to_degrees(xy_km: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        latitude = latitude0 + xy_km[:, 1] / _KM_PER_DEGREE_LATITUDE
        longitude = longitude0 + xy_km[:, 0] / km_per_degree_longitude
        return np.round(latitude, 6), np.round(longitude, 6)

    width_companies = max(5, len(str(n_companies)))
    width_flows = max(6, len(str(n_companies * flows_per_company)))
    company_rows: list[dict[str, Any]] = []
    flow_rows: list[dict[str, Any]] = []
    company_number = 0
    for archetype_id, count in counts.items():
        if count == 0:
            continue
        archetype = ARCHETYPES[archetype_id]
        # Estates a company of this kind may sit on, weighted by their attractiveness.
        allowed = is_port if archetype.port else np.ones(n_estates, dtype=bool)
        estate_weights = np.where(allowed, attractiveness, 0.0)
        estate = rng.choice(n_estates, size=count, p=estate_weights / estate_weights.sum())
        offsets = rng.normal(0.0, 1.0, size=(count, 2)) * spread_km[estate, None]
        positions = (centres_km[estate] + offsets).clip(0.0, region_km)
        latitude, longitude = to_degrees(positions)
        staff = np.maximum(1, np.round(rng.lognormal(math.log(archetype.staff_median), 0.6, count)))
        size_factor = rng.lognormal(0.0, 0.5, size=count)

        templates = archetype.templates
        chosen = _pick_templates(
            rng, np.array([template.weight for template in templates]), count, flows_per_company
        )
        owner = np.repeat(np.arange(count), flows_per_company)
        template_index = chosen.ravel()
        quantity = (
            np.array([templates[index].median for index in template_index])
            * size_factor[owner]
            * rng.lognormal(0.0, quantity_sigma, size=owner.size)
        )
        quantities = _significant(np.maximum(quantity, 0.1))
        provenance = rng.choice(len(_PROVENANCES), size=owner.size, p=_PROVENANCE_SHARES)
        # Draw each template's ranged fields and profiles for all its flows at once.
        drawn: dict[int, dict[str, list[Any]]] = {}
        for index in np.unique(template_index):
            template = templates[index]
            n_drawn = int((template_index == index).sum())
            values: dict[str, list[Any]] = {
                key: _significant(rng.uniform(low, high, size=n_drawn), 3)
                for key, (low, high) in template.ranges.items()
            }
            if template.seasonal:
                values["monthly_profile"] = [
                    tuple(float(share) for share in profile)
                    for profile in _monthly_profiles(rng, n_drawn)
                ]
            drawn[int(index)] = values
        used = {index: 0 for index in drawn}

        first_company = company_number
        for position in range(count):
            company_number += 1
            company_rows.append(
                {
                    "id": f"C{company_number:0{width_companies}d}",
                    "name": f"{archetype.label} {company_number}",
                    "sector_nace": archetype.sector_nace,
                    "latitude": float(latitude[position]),
                    "longitude": float(longitude[position]),
                    "staff": int(staff[position]),
                    "archetype": archetype.id,
                }
            )
        for row, (company, index) in enumerate(zip(owner, template_index, strict=True)):
            template = templates[index]
            family = get_resource(template.resource).family
            record: dict[str, Any] = {
                "id": f"F{len(flow_rows) + 1:0{width_flows}d}",
                "company_id": f"C{first_company + company + 1:0{width_companies}d}",
                "direction": template.direction,
                "resource": template.resource,
                "quantity": quantities[row],
                "unit": CANONICAL_UNITS[family],
                "description": template.description,
                "provenance": _PROVENANCES[provenance[row]],
                **template.fixed,
            }
            if template.use is not None:
                record["use"] = template.use
            nth = used[int(index)]
            used[int(index)] = nth + 1
            for key, column in drawn[int(index)].items():
                record[key] = column[nth]
            if _DELTA_T_KEY in record:
                delta_t_k = record.pop(_DELTA_T_KEY)
                sign = -1 if template.direction == "supply" else 1
                record["target_temperature_c"] = round(
                    record["supply_temperature_c"] + sign * delta_t_k, 1
                )
                if template.direction == "supply":
                    record["temperature_c"] = record["supply_temperature_c"]
            if template.direction == "supply" and family == "material":
                resource = get_resource(template.resource)
                if resource.ewc_codes:
                    record["ewc_code"] = resource.ewc_codes[0]
                if resource.abp_category is not None:
                    record["abp_category"] = resource.abp_category
            flow_rows.append(record)

    port_positions = np.column_stack([np.zeros(int(is_port.sum())), centres_km[is_port, 1]])
    port_latitude, port_longitude = to_degrees(port_positions)
    outside_parties: list[dict[str, Any]] = [
        {
            "id": f"SEA-{number:02d}",
            "name": f"Clean-seawater intake {number}",
            "kind": "sea",
            "latitude": float(port_latitude[number - 1]),
            "longitude": float(port_longitude[number - 1]),
            "supplies": ("water.sea",),
        }
        for number in range(1, len(port_positions) + 1)
    ]
    outside_parties.append(
        {
            "id": "NET",
            "name": "Public water network",
            "kind": "water_network",
            "supplies": ("water.potable",),
        }
    )
    return {
        "name": name or f"synthetic region ({n_companies} companies, seed {seed})",
        "description": (
            f"Invented by symbiosis.synthetic.generate_region: {n_companies} companies on "
            f"{n_estates} industrial estates over {region_km:g} x {region_km:g} km, "
            f"{flows_per_company} flows each."
        ),
        "companies": company_rows,
        "flows": flow_rows,
        "outside_parties": outside_parties,
    }
