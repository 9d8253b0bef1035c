"""Generate the SYNTHETIC Capécure sample: ``companies.csv``, ``flows.csv`` and ``zone.yaml``.

The companies are invented. Their flows are tonnage × public ratios (water, co-products, energy
per tonne of fish) taken from ``shared/reference/capecure-facts.md``; every ratio below is a named
constant with its source in a comment, and the README lists the sources in full. Where no source
exists the constant says ``assumed``. The committed CSV files are the data; this script says how
they were made. Re-running it rewrites them byte for byte (fixed seed, fixed rounding)::

    python data/capecure_sample/generate.py            # rewrite the files beside this script
    python data/capecure_sample/generate.py --out DIR  # write elsewhere (the test does this)

It needs numpy only, not symbiosis itself.

Source keys used in the comments (titles and URLs in README.md, section "Ratios"):

[T7]   UNEP/COWI, Cleaner Production Assessment in Fish Processing, via omicsonline Table 7
[T8]   omicsonline Table 8, fish canning
[DK]   LCA food DK, Filleting of fish (Jespersen et al. 2001)
[BREF] FDM BREF 2006, Tables 3.17-3.18
[REV]  review citing Soto 1993 / Méndez 1995 (cooking and fish-meal effluents)
[RTU]  Terehovičs et al. 2018, Energy Procedia 147:649
[ICEE] ICE-E project page (IIR cold-store figures)
[STAR] Star Refrigeration, cold-store best-practice guidelines
[GRN]  Green Group, Varmegjenvinner (condenser and desuperheater temperatures)
[KARM] Karmsund Protein (fish-meal cooking 85-90 °C)
[FAO]  FAO/Torry, Hot smoking
[CLEAN] zero-emissions.at, Cleaning in food industry (up to 90 °C)
[F3]   France 3, Norfrigo ice plant
[FB]   France Bleu 2023-07, water supply in the Boulonnais (pet-food plant water)
[GAZ]  La Gazette, Copalis / Valofish; guide.pdm Valofish
[REU]  reussir.fr, Copalis (co-product price)
[LC]   lionsclubdunkerque (salting-smoking house, 1,000 t/yr, 43 staff)
[ILEC] ilec.asso.fr, Mowi (13,000 t/yr salmon)
[FBA]  France Bleu 2023-06, land-based salmon farm project (9,000 t/yr, 99.5 % recirculation)
[RAD]  Rapport annuel du délégataire 2012, CAB WWTP
[JMM]  Journal de la Marine Marchande (cold-store volumes)
[PDM]  pdm-seafoodmag and PdM 2020 (auction landings)
[TFS]  thefishsite, Boulogne builds a future (road fish terminal, 800 t/day)
[ENOUGH] ENOUGH demo 17 (pelagic freezing in 20 kg cardboard boxes)
[IFR]  Ifremer envlit / cahiers-techniques-batiment (seawater salinity 35-37 g/L)
[SISPEA] Banque des Territoires / SISPEA-OFB (water prices)
[NOSS]  nossenateurs (degressive industrial water tariffs exist; no value)
[PSE]  pdm-seafoodmag, "PSE : cinq ans de plus pour travailler" (EPS box collection at Capécure)
[POLY] recyclage-recuperation.fr, "Polyrecup s'occupe du flux des caisses marée"
"""

from __future__ import annotations

import argparse
import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["SEED", "build", "main", "write"]

#: Seed of every random draw (26 April 2018, when the Capécure EIT actions were presented).
SEED = 20180426

# --- zone footprint and positions -----------------------------------------------------------------
# The core of Capécure suggested by the facts file (derived, L): check on a map before real use.
LATITUDE_RANGE = (50.715, 50.730)
LONGITUDE_RANGE = (1.585, 1.602)
MIN_SEPARATION_M = 60.0  # assumed: plots of a few thousand m² are at least this far apart

# --- water per tonne of raw fish ------------------------------------------------------------------
WHITE_FILLETING_WATER_M3_PER_T = (5.0, 11.0)  # [T7] whole plant, white fish
OILY_FILLETING_WATER_M3_PER_T = (5.0, 8.0)  # [T7] whole plant, oily fish
# Plant totals are drawn in a narrower band inside the sourced range so that the cleaning
# remainder (total minus unit operations) is never close to zero (assumed).
WHITE_FILLETING_DRAW_M3_PER_T = (7.5, 10.5)
OILY_FILLETING_DRAW_M3_PER_T = (6.5, 7.8)
UNLOADING_M3_PER_T = (2.0, 5.0)  # [T7] unloading
DEICING_WASHING_M3_PER_T = 1.0  # [T7] de-icing and washing whole fish
THAWING_M3_PER_T = 5.0  # [T7] thawing frozen fish
SCALING_M3_PER_T = (10.0, 15.0)  # [T7] scaling white fish
DEHEADING_M3_PER_T = 1.0  # [T7]
FILLETING_M3_PER_T = (1.0, 3.0)  # [T7] filleting of deheaded fish
SKINNING_M3_PER_T = (0.2, 0.9)  # [T7]
# Product-contact steps at their midpoints: deheading + filleting + skinning = 3.55 m3/t.
PRODUCT_CONTACT_M3_PER_T = (
    DEHEADING_M3_PER_T + sum(FILLETING_M3_PER_T) / 2 + sum(SKINNING_M3_PER_T) / 2
)
CANNING_WASTEWATER_M3_PER_T = 15.0  # [T8] upper analogue for ready meals (cooking lines)
READY_MEALS_DRAW_M3_PER_T = (8.0, 14.0)  # assumed, below the canning analogue
SCALED_SHARE_OF_WHITE_FISH = 0.05  # assumed: most white fish is skinned, few fillets are scaled
# How the water left after the unit operations is used (assumed, no source splits it).
CLEANING_SPLIT = {"floor_and_crate_washing": 0.45, "equipment_cleaning": 0.40, "final_rinse": 0.15}
SANITARY_M3_PER_PERSON_DAY = 0.06  # assumed: showers and toilets of a food plant
DISCHARGE_SHARE = 0.9  # assumed: share of the water bought that reaches the sewer
MAREYEUR_FLOOR_CRATE_M3_PER_T = 0.5  # assumed: boxes, crates and floors of a trading hall
MAREYEUR_EQUIPMENT_BASE_M3_PER_T = 0.2  # assumed
MAREYEUR_EQUIPMENT_PER_FILLETED_M3_PER_T = 1.0  # assumed: cleaning grows with the filleting line
MAREYEUR_FINAL_RINSE_PER_FILLETED_M3_PER_T = 0.3  # assumed
AUCTION_FLOOR_CRATE_M3_PER_T = 1.0  # assumed: crates are washed after every sale
TERMINAL_FLOOR_M3_PER_T = 0.08  # assumed: docks and truck bodies, per tonne in transit
BRINE_WATER_M3_PER_T = 0.3  # assumed: brine and pickling water of a salting house
SMOKING_FILLETED_SHARE = 0.6  # assumed: share of herring split or filleted (the rest whole)
COPRODUCT_FREEZER_WATER_M3_PER_T = 1.5  # assumed
FISH_MEAL_WATER_M3_PER_T = {  # assumed, per tonne of co-products processed
    "equipment_cleaning": 0.3,
    "floor_washing": 0.2,
    "cooling": 0.6,  # evaporator and dryer-vapour condensers
}
PET_FOOD_WATER_M3_PER_YR = 300_000.0  # assumed inside [FB]: 333,000 before a 30 % cut (derived)
PET_FOOD_WATER_RANGE_M3_PER_YR = (233_000.0, 333_000.0)  # [FB] derived: after and before the cut
PET_FOOD_WATER_SPLIT = {  # assumed split of a wet pet-food plant (retorts, cookers)
    "container_cooling": 0.30,
    "equipment_cleaning": 0.28,
    "ingredient": 0.15,
    "floor_washing": 0.10,
    "boiler_feed": 0.10,
    "final_rinse": 0.07,
}

# --- wastewater quality ---------------------------------------------------------------------------
WHITE_FILLETING_COD_KG_PER_T = 50.0  # [T7] [DK]
OILY_FILLETING_COD_KG_PER_T = 85.0  # [T7] [DK]
CANNING_COD_KG_PER_T = 116.0  # [T8] analogue for ready meals
WHOLE_FISH_COD_KG_PER_T = 5.0  # assumed: slime, blood and ice melt of whole-fish handling
FILLETING_SS_KG_PER_T = (1.6, 11.3)  # [BREF] Table 3.17, cod filleting
FISH_MEAL_WASTEWATER_COD_MG_PER_L = 55_400.0  # [REV] raw fish-meal wastewater
FISH_MEAL_ONSITE_COD_REMOVAL = 0.95  # assumed: the plant runs its own biological treatment
PET_FOOD_COD_MG_PER_L = 3_000.0  # assumed, no source
DOMESTIC_COD_MG_PER_L = 600.0  # assumed: floor washing and sanitary water of non-food sites
PROCESS_SALINITY_G_PER_L = 1.0  # assumed: potable process water picks up fish juices
BRINE_SALINITY_G_PER_L = 15.0  # assumed: salting house effluent with spent brine
SEAWATER_SALINITY_G_PER_L = (35.0, 37.0)  # [IFR] mineralisation of seawater
SEAWATER_TOLERANT_MAX_SALINITY_G_PER_L = 40.0  # the seawater-eligible uses accept clean seawater
FLOOR_WASHING_MAX_COD_MG_PER_L = 500.0  # assumed: pre-rinse of floors and crates
COOLING_MAX_COD_MG_PER_L = 100.0  # assumed: fouling of heat exchangers
BOILER_FEED_MAX_SALINITY_G_PER_L = 0.5  # assumed: chlorides corrode boilers
GREY_RINSE_COLLECTED_SHARE = 0.7  # assumed: last-rinse water that a separate drain could catch
GREY_RINSE_COD_MG_PER_L = 250.0  # assumed
MELTWATER_M3_PER_T_ICE = 0.5  # assumed: half the ice bought melts on site and is collected
MELTWATER_COD_MG_PER_L = 300.0  # assumed

# --- co-products per tonne of raw fish ------------------------------------------------------------
WHITE_FILLETING_COPRODUCTS_T_PER_T = (0.49, 0.64)  # [T7] skin + heads + bones (derived sum)
OILY_FILLETING_COPRODUCTS_T_PER_T = (0.40, 0.45)  # [T7] oily fish solid waste
READY_MEALS_TRIMMINGS_T_PER_T = (0.05, 0.10)  # assumed: they buy fillets and portions
COPRODUCT_PRICE_EUR_PER_T = -70.0  # [REU] bought 70 EUR/t (2008); negative = the seller is paid
COPRODUCT_FEE_EUR_PER_T = 25.0  # assumed: small firms pay for collection
FISH_MEAL_COPRODUCTS_IN_T_PER_YR = 48_000.0  # inside [GAZ]: 40,000 to slightly over 55,000 t/yr
FISH_MEAL_COPRODUCTS_RANGE_T_PER_YR = (40_000.0, 55_000.0)  # [GAZ]
FISH_MEAL_YIELD_T_PER_T = 0.2  # assumed: about 5 t of raw material per t of meal
COPRODUCT_FREEZER_T_PER_DAY = 25.0  # [GAZ] food-grade co-products, 25 t/day
PET_FOOD_COPRODUCTS_T_PER_YR = 8_000.0  # assumed

# --- water prices paid by the companies (potable part and sanitation part are separate flows) ---
# Catalogue defaults: 2.21 EUR/m3 potable, 2.31 EUR/m3 sanitation (France, 1 Jan 2023) [SISPEA].
# Small firms pay the Hauts-de-France average: 4.84 EUR/m3 in all (1 Jan 2022) split like the
# national bill of 2022 (2.13 of 4.34 potable) into 2.38 potable + 2.46 sanitation (derived).
# Large users have degressive industrial tariffs; they exist locally but no value was found
# [NOSS], so 1.90 EUR/m3 for the potable part is assumed, inside the SISPEA 1.60-2.74.
SMALL_FIRM_POTABLE_EUR_PER_M3 = 2.38
SMALL_FIRM_SANITATION_EUR_PER_M3 = 2.46
LARGE_USER_POTABLE_EUR_PER_M3 = 1.90
LARGE_USER_M3_PER_YR = 100_000.0  # assumed threshold of a degressive tariff
SMALL_USER_M3_PER_YR = 10_000.0  # assumed: below this a firm pays the average bill

# --- ice, refrigeration and heat ------------------------------------------------------------------
ICE_KWH_PER_T_FISH = (10.0, 12.0)  # [T7] ice for fish, per tonne of fish
ICE_T_PER_T_FISH = 0.25  # assumed: tonnes of flake ice per tonne of fresh fish iced
# Per tonne of ice this is 10/0.25 to 12/0.25 = 40-48 kWh (derived). Physics agrees: freezing
# water from 10 °C to ice at -5 °C takes 107 kWh of cold per tonne (computed), a COP near 2.4.
ICE_COLD_KWH_PER_T = (4.186 * 10 + 334 + 2.1 * 5) / 3.6  # computed, kJ/kg to kWh/t
ICE_PLANT_ICE_T_PER_YR = 20_000.0  # [F3] scale ice produced in 2014 (capacity 40,000 t/yr)
ICE_PRICE_EUR_PER_T = 70.0  # [F3] a little over 70 EUR/t
ICE_WATER_M3_PER_T = 1.05  # assumed: 5 % losses
REICED_SHARE = 0.5  # assumed: half the fish a mareyeur handles is re-iced there
FILLETING_ELECTRICITY_KWH_PER_T = {"white": 76.0, "oily": 75.0}  # [DK] whole plant
WHOLE_FISH_ELECTRICITY_KWH_PER_T = 20.0  # assumed: chill rooms of a trading hall
FREEZER_KWH_PER_T = (70.0, 130.0)  # [RTU] industrial freezers, per tonne of product
COLD_STORE_KWH_PER_M3_YR = (30.0, 50.0)  # [ICEE] IIR range
MODERN_COLD_STORE_KWH_PER_M3_YR = 10.0  # [STAR] modern, well-maintained 100,000 m3 store
COLD_STORE_RANGE_KWH_PER_M3_YR = (5.0, 50.0)  # [STAR] to [ICEE]
REFRIGERATION_SHARE_OF_ELECTRICITY = 0.35  # [ICEE] refrigeration in food-industry electricity
COLD_SITE_REFRIGERATION_SHARE = 0.85  # assumed: cold stores, ice plant, freezers, chilled docks
CHILLER_COP = 3.0  # assumed; the catalogue prices cold.chilled with the same COP
FREEZER_COP = 2.0  # catalogue assumption for negative cold
CONDENSER_SUPPLY_C, CONDENSER_TARGET_C = 35.0, 25.0  # [GRN] condensing +40 °C gives water +35 °C
DESUPERHEATER_SUPPLY_C, DESUPERHEATER_TARGET_C = 65.0, 45.0  # [GRN] desuperheater water 60-65 °C
DESUPERHEATER_SHARE = 0.15  # assumed: share of the rejected heat above the condensing temperature
# Evaporative condensers: 3600/2257 = 1.6 L evaporated per kWh (computed) + 25 % bleed (assumed).
EVAPORATIVE_CONDENSER_L_PER_KWH = 3600 / 2257 * 1.25
WATER_MWH_PER_M3_K = 4.186 / 3600  # computed: heating 1 m3 of water by 1 K
FISH_CP_KJ_PER_KG_K = 3.6  # assumed: specific heat of fish flesh
CLEANING_HOT_SHARE = 0.6  # assumed: share of equipment-cleaning water used hot
CLEANING_SUPPLY_C, CLEANING_TARGET_C = 12.0, 60.0  # [CLEAN] cleaning water 50-90 °C
COOKING_TARGET_C = 90.0  # [KARM] fish-meal cooking 85-90 °C
HOT_SMOKING_TARGET_C = 80.0  # [FAO] hot smoking 70-80 °C
HOT_SMOKING_KWH_PER_T = 100.0  # assumed: product to 70-80 °C plus smokehouse air and losses
COLD_SMOKING_TARGET_C = 30.0  # [FAO] cold-smoking air at most 33 °C
COLD_SMOKING_KWH_PER_T = 40.0  # assumed
COLD_SMOKED_SHARE_OF_SALMON = 0.3  # assumed
STEAM_MWH_PER_T = 0.72  # computed: 12 °C water to saturated steam, about 2,600 kJ/kg
DRYER_EFFICIENCY = 0.8  # assumed
MEAL_PRESS_CAKE_WATER, MEAL_WATER = 0.45, 0.07  # [KARM] the dryer takes meal from 45 % to 7 %
CONDENSATE_RETURN = 0.7  # assumed: steam condensate returned to the boiler
BOILER_EFFICIENCY = 0.9  # package default parameter boiler_efficiency (assumed)
READY_MEALS_FISH_SHARE = 0.5  # assumed: fish is half of the cooked product

# --- packaging and other wastes -------------------------------------------------------------------
# No source gives kg of packaging per tonne of fish (facts file, section 2.4): all assumed.
EPS_KG_PER_T_RECEIVED = 20.0  # assumed: a 0.4 kg EPS box carries 20 kg of fresh fish
CARDBOARD_KG_PER_T = 4.0  # assumed: incoming consumables of a fresh-fish plant
FROZEN_CARTON_KG_PER_T = 40.0  # assumed 0.8 kg per 20 kg carton; [ENOUGH] 20 kg frozen packs
# Wastes of processors in kg per tonne of raw fish (assumed): a filleting plant receives half its
# fish in EPS boxes, a salmon plant all of it; ready meals get many ingredients in cartons.
WASTE_KG_PER_T = {
    "filleting plant": {
        "material.eps_boxes": 0.5 * EPS_KG_PER_T_RECEIVED,
        "material.cardboard": CARDBOARD_KG_PER_T,
        "material.mixed_waste": 3.0,
    },
    "salmon processor": {
        "material.eps_boxes": EPS_KG_PER_T_RECEIVED,
        "material.cardboard": 6.0,  # consumables and smoked-salmon cartons
        "material.plastic_film": 2.0,
    },
    "salting and smoking": {"material.cardboard": FROZEN_CARTON_KG_PER_T},
    "ready meals": {
        "material.cardboard": 15.0,
        "material.plastic_film": 4.0,
        "material.food_waste": 10.0,
    },
}
WASTE_LABELS = {
    "material.eps_boxes": "used EPS fish boxes",
    "material.cardboard": "cardboard packaging",
    "material.mixed_waste": "mixed non-hazardous waste",
    "material.plastic_film": "plastic film, liners and trays",
    "material.food_waste": "unsold prepared food and canteen waste",
}
FISH_WASTE_SHARE = 0.005  # assumed: downgraded or withdrawn lots
DAF_SLUDGE_DRY_SOLIDS = 0.10  # assumed: flotation sludge at 10 % dry solids
WWTP_SLUDGE_T_DM_PER_YR = 4_738.3  # [RAD] 2012
WWTP_SLUDGE_DRY_SOLIDS = 0.22  # assumed: dewatered sludge
WWTP_INFLOW_M3_PER_YR = 9_059_131.0  # [RAD] 2012, whole plant including the town
WWTP_GREASE_T_PER_YR = 18.8 * 0.9  # [RAD] 18.8 m3 of grease at an assumed 0.9 t/m3

# --- monthly profiles (all assumed: the facts file has no monthly landings) -----------------------
# Local landings (whiting and herring in autumn-winter, mackerel in summer; whiting, saithe,
# mackerel and herring lead the tonnage [PDM]): an autumn-winter high and a summer low.
LANDINGS = (0.095, 0.085, 0.085, 0.075, 0.070, 0.070, 0.070, 0.070, 0.080, 0.090, 0.105, 0.105)
# Fresh fish trucked in (most of the tonnage): flat, Lent and December highs, August low.
IMPORTED = (0.080, 0.080, 0.090, 0.090, 0.085, 0.080, 0.080, 0.070, 0.080, 0.085, 0.085, 0.095)
# Salmon: smoked salmon sells at Christmas.
SALMON = (0.075, 0.070, 0.080, 0.080, 0.080, 0.075, 0.075, 0.070, 0.080, 0.085, 0.100, 0.130)
# Herring for salting and smoking: autumn-winter season.
HERRING = (0.100, 0.090, 0.080, 0.070, 0.060, 0.060, 0.060, 0.060, 0.080, 0.100, 0.120, 0.120)
FLAT = (1 / 12,) * 12
# Refrigeration rejects more heat in summer.
SUMMER = (0.070, 0.070, 0.075, 0.080, 0.085, 0.095, 0.105, 0.105, 0.090, 0.080, 0.075, 0.070)
# Heating of water and buildings.
WINTER = (0.160, 0.150, 0.130, 0.090, 0.050, 0.020, 0.010, 0.010, 0.030, 0.070, 0.120, 0.160)

# --- columns of the files, water uses, unit spellings ---------------------------------------------
FLOW_COLUMNS = (
    "id",
    "company_id",
    "direction",
    "resource",
    "quantity",
    "unit",
    "operating_hours_per_yr",
    "operating_days_per_yr",
    "use",
    "description",
    "temperature_c",
    "salinity_g_per_l",
    "cod_mg_per_l",
    "suspended_solids_mg_per_l",
    "reuse_class",
    "max_salinity_g_per_l",
    "max_cod_mg_per_l",
    "min_temperature_c",
    "potable_required",
    "food_contact",
    "supply_temperature_c",
    "target_temperature_c",
    "ewc_code",
    "abp_category",
    "cost_eur_per_unit",
    "price_kind",
    "current_route",
    "current_treatment",
    "current_partner_id",
    "provenance",
    "confidential",
    "notes",
    *(f"profile_{month:02d}" for month in range(1, 13)),
)
COMPANY_COLUMNS = (
    "id",
    "name",
    "sector_nace",
    "latitude",
    "longitude",
    "archetype",
    "staff",
    "confidential",
    "notes",
)

# Water uses of symbiosis/catalogue/uses.yaml: (clean seawater allowed, food contact).
USES: dict[str, tuple[bool, bool]] = {
    "unloading": (True, True),
    "whole_fish_washing": (True, True),
    "thawing": (True, True),
    "scaling": (True, True),
    "ice_for_whole_fish": (True, True),
    "floor_washing": (True, False),
    "crate_washing": (True, True),
    "floor_and_crate_washing": (True, True),  # the crates touch whole fish
    "cooling": (True, False),
    "evaporative_makeup": (True, False),
    "equipment_cooling": (True, False),
    "container_cooling": (False, True),
    "chill_tank": (False, True),
    "aquaculture": (True, False),
    "product_contact": (False, True),
    "final_rinse": (False, True),
    "ingredient": (False, True),
    "equipment_cleaning": (False, True),
    "sanitary": (False, False),
    "boiler_feed": (False, False),
}

# Unit spellings people use, per family, with how often the generator picks each.
UNIT_CHOICES: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {
    "water": (("m3/yr", "m3/day", "m3/h", "m3/month"), (0.5, 0.25, 0.15, 0.10)),
    "material": (("t/yr", "t/week", "t/day"), (0.6, 0.25, 0.15)),
    "heat": (("kW", "MWh/yr"), (0.6, 0.4)),
    "energy": (("MWh/yr", "kW"), (0.7, 0.3)),
    "service": (("h/yr", "h/week", "h/month"), (0.6, 0.25, 0.15)),
}


# --- the companies --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Site:
    """An invented company and what drives the size of its flows."""

    id: str
    name: str
    archetype: str
    nace: str
    staff: int
    size: float  # raw fish in (t/yr), or the driver named by the archetype's notes
    species: str = "white"
    filleted_share: float = 0.0
    local_share: float = 0.0
    own_ice: bool = False
    cooks: bool = False  # ready meals: cooked dishes (True) or sushi (False)
    kwh_per_m3_yr: float | None = None  # cold stores: None draws from the IIR range
    confidential: bool = False
    position: tuple[float, float] | None = None


@dataclass(frozen=True)
class Schedule:
    """Working days and hours a year of an archetype (rates per day or hour use them)."""

    days: float
    hours: float


SCHEDULES = {
    "mareyeur": Schedule(300, 3000),  # Monday to Saturday, as the auction
    "filleting plant": Schedule(250, 4000),
    "salmon processor": Schedule(300, 6000),
    "salting and smoking": Schedule(250, 2000),
    "ready meals": Schedule(250, 4000),
    "pet food": Schedule(330, 7000),
    "fish-meal plant": Schedule(300, 6000),
    "co-product freezer": Schedule(250, 5000),
    "ice plant": Schedule(330, 7000),
    "cold store": Schedule(365, 8760),
    "fish auction": Schedule(300, 2400),
    "road fish terminal": Schedule(310, 6200),
    "haulier": Schedule(300, 3000),
    "eps box maker": Schedule(250, 4000),
    "cardboard maker": Schedule(250, 4000),
    "waste operator": Schedule(250, 2000),
    "wastewater treatment": Schedule(365, 8760),
    "boat repair": Schedule(230, 1840),
    "aquaculture": Schedule(365, 8760),
}

NACE = {
    "mareyeur": "46.38A",
    "filleting plant": "10.20",
    "salmon processor": "10.20",
    "salting and smoking": "10.20",
    "ready meals": "10.85",
    "pet food": "10.92",
    "fish-meal plant": "10.20",
    "co-product freezer": "10.20",
    "ice plant": "35.30",
    "cold store": "52.10A",
    "fish auction": "46.17",  # no explicit code found; an agent selling food (facts file 5.1)
    "road fish terminal": "52.24",
    "haulier": "49.41A",
    "eps box maker": "22.22",
    "cardboard maker": "17.21B",
    "waste operator": "38.11",
    "wastewater treatment": "37.00",
    "boat repair": "33.15",
    "aquaculture": "03.21",
}

# Mareyeurs: (name, fish traded t/yr, filleted share, share bought at the auction, own ice
# machine, staff, confidential). Sizes: the largest trade 20-48 kt/yr [LC] [PDM].
MAREYEURS = [
    ("Marée du Portel", 25_000, 0.15, 0.10, True, 170, True),
    ("Marée des Goélands", 15_000, 0.25, 0.15, False, 120, False),
    ("Comptoir Marée de la Liane", 12_000, 0.30, 0.20, True, 110, False),
    ("Les Viviers du Cran", 9_500, 0.10, 0.35, False, 55, False),
    ("Marée du Mont-Lambert", 8_000, 0.35, 0.20, False, 85, False),
    ("Pêcheries de l'Estran", 7_000, 0.20, 0.30, False, 60, False),
    ("Marée Opaline", 6_000, 0.25, 0.25, True, 55, False),
    ("Les Filets du Cap Gris", 5_200, 0.40, 0.15, False, 65, False),
    ("Marée de la Tour d'Odre", 4_500, 0.15, 0.40, False, 35, False),
    ("Marée des Dunes", 3_800, 0.20, 0.30, False, 30, False),
    ("Comptoir du Bassin Loubet", 3_200, 0.10, 0.50, False, 22, False),
    ("Marée de la Crèche", 2_600, 0.30, 0.35, False, 28, False),
    ("Poissons en Gros du Phare", 2_100, 0.05, 0.60, False, 14, False),
    ("Marée Bleu Manche", 1_700, 0.20, 0.45, False, 16, False),
    ("Mareyeurs du Quai Gambetta", 1_300, 0.10, 0.70, False, 10, False),
    ("Marée Petit Port", 1_000, 0.25, 0.60, False, 10, False),
]
# Filleting plants: (name, raw fish t/yr, species, staff).
FILLETING_PLANTS = [
    ("Filets de la Liane", 16_000, "white", 190),
    ("Opale Découpe", 12_000, "white", 150),
    ("Pélagiques du Détroit", 9_000, "oily", 95),
    ("Atelier des Trois Jetées", 7_500, "white", 90),
    ("Filetage du Vieux Port", 6_000, "white", 75),
    ("Maquereaux de la Manche", 5_000, "oily", 55),
    ("Découpe Marine d'Outreau", 4_000, "white", 48),
    ("Atelier du Cap", 3_000, "white", 36),
    ("Filets Fins du Portel", 2_000, "white", 26),
]
# Salmon: (name, salmon t/yr, staff, confidential). The largest as [ILEC]: 13,000 t/yr.
SALMON_PROCESSORS = [
    ("Saumons du Détroit", 13_000, 320, True),
    ("Atelier Saumon Opale", 4_000, 85, False),
]
# Salting and smoking: (name, raw fish t/yr, staff). The first as [LC]: 43 staff, 1,000 t/yr of
# finished products, i.e. about 2,000 t of raw herring after filleting and 16-18 % smoking loss.
SMOKEHOUSES = [
    ("Saurisserie des Harengs Bleus", 2_000, 43),
    ("Fumaisons du Vieux Phare", 1_400, 30),
    ("Salaisons de la Digue", 900, 18),
]
# Ready meals, seafood delicatessen and sushi: (name, fish in t/yr, staff, cooks).
READY_MEALS = [
    ("Cuisine Marine du Détroit", 5_000, 140, True),
    ("Rillettes et Soupes de la Côte", 3_000, 70, True),
    ("Opaline Sushi", 1_500, 60, False),
]
# Cold stores: (name, volume m3, kWh per m3 and year or None to draw from the IIR range, staff).
# Volumes: a store holding about half of 223,000 m3, and the 41,000 m3 hall [JMM].
COLD_STORES = [
    ("Entrepôts Frigorifiques de la Liane", 110_000, MODERN_COLD_STORE_KWH_PER_M3_YR, 45),
    ("Frigo Capécure Sud", 41_000, None, 18),
    ("Froid Portuaire Opale", 24_000, None, 10),
]
# Hauliers: (name, refrigerated trucks, staff).
HAULIERS = [
    ("Transports Frigo Opale Express", 40, 55),
    ("Les Routiers de la Marée", 25, 34),
    ("Transmarée du Détroit", 15, 20),
    ("Frigo Trans Liane", 8, 10),
]
AUCTION_LANDINGS_T_PER_YR = 31_500.0  # [PDM] 31,538 t landed in 2019
TERMINAL_T_PER_DAY = 800.0  # [TFS] about 800 t of fish a day at the road terminal
AQUACULTURE_T_PER_YR = 9_000.0  # [FBA] project, 70 staff, 99.5 % recirculation

# Fixed positions where the activity ties a site to the quay, the south or the Le Portel side
# (invented, plausible; not the real plots).
FIXED_POSITIONS = {
    "fish auction": (50.72800, 1.59750),
    "road fish terminal": (50.72450, 1.59600),
    "ice plant": (50.72750, 1.59500),
    "fish-meal plant": (50.71700, 1.60000),
    "wastewater treatment": (50.71650, 1.58800),
    "aquaculture": (50.71600, 1.58650),
}
BOAT_REPAIR_POSITIONS = [(50.72900, 1.58800), (50.72850, 1.59050)]


def company_sites() -> list[Site]:
    """Every invented company with its size driver, in id order (C01, C02, ...)."""
    sites: list[Site] = []

    def add(name: str, archetype: str, staff: int, size: float, **options: Any) -> None:
        position = options.pop("position", FIXED_POSITIONS.get(archetype))
        sites.append(
            Site(
                id=f"C{len(sites) + 1:02d}",
                name=name,
                archetype=archetype,
                nace=NACE[archetype],
                staff=staff,
                size=size,
                position=position,
                **options,
            )
        )

    for name, tonnage, filleted, local, own_ice, staff, confidential in MAREYEURS:
        add(
            name,
            "mareyeur",
            staff,
            tonnage,
            filleted_share=filleted,
            local_share=local,
            own_ice=own_ice,
            confidential=confidential,
        )
    for name, tonnage, species, staff in FILLETING_PLANTS:
        add(name, "filleting plant", staff, tonnage, species=species)
    for name, tonnage, staff, confidential in SALMON_PROCESSORS:
        add(name, "salmon processor", staff, tonnage, species="oily", confidential=confidential)
    for name, tonnage, staff in SMOKEHOUSES:
        add(name, "salting and smoking", staff, tonnage, species="oily")
    for name, tonnage, staff, cooks in READY_MEALS:
        add(name, "ready meals", staff, tonnage, cooks=cooks)
    add("Nutrition Animale du Littoral", "pet food", 500, 0.0, confidential=True)
    add(
        "Protéines Marines de la Liane",
        "fish-meal plant",
        55,
        FISH_MEAL_COPRODUCTS_IN_T_PER_YR,
        confidential=True,
    )
    add("Co-Produits Frais du Détroit", "co-product freezer", 20, COPRODUCT_FREEZER_T_PER_DAY)
    add("Glacière du Quai", "ice plant", 12, ICE_PLANT_ICE_T_PER_YR)
    for name, volume, kwh_per_m3_yr, staff in COLD_STORES:
        add(name, "cold store", staff, volume, kwh_per_m3_yr=kwh_per_m3_yr)
    add("Halle aux Enchères du Bassin", "fish auction", 60, AUCTION_LANDINGS_T_PER_YR)
    add("Terminal Routier du Poisson", "road fish terminal", 40, TERMINAL_T_PER_DAY)
    for name, trucks, staff in HAULIERS:
        add(name, "haulier", staff, trucks)
    add("Caisses Isothermes du Détroit", "eps box maker", 35, 1_200.0)
    add("Cartonnages de la Liane", "cardboard maker", 60, 6_000.0)
    add("Opale Tri Services", "waste operator", 25, 0.0)
    add("Station d'Épuration des Quais", "wastewater treatment", 30, WWTP_INFLOW_M3_PER_YR)
    for (name, staff), position in zip(
        [("Chantier Naval du Bassin", 25), ("Mécanique Marine du Quai", 8)],
        BOAT_REPAIR_POSITIONS,
        strict=True,
    ):
        add(name, "boat repair", staff, 0.0, position=position)
    add("Saumons de Terre Opale", "aquaculture", 70, AQUACULTURE_T_PER_YR)
    return sites


# --- helpers --------------------------------------------------------------------------------------
# Default descriptions of the water uses (an archetype may word its own).
USE_LABELS = {
    "unloading": "unloading and washing landed fish",
    "whole_fish_washing": "washing and de-icing whole fish",
    "thawing": "thawing whole frozen fish",
    "scaling": "scaling whole white fish",
    "ice_for_whole_fish": "water frozen into flake ice for whole fish",
    "floor_washing": "washing floors and docks",
    "crate_washing": "washing fish crates and boxes",
    "floor_and_crate_washing": "washing floors, boxes and crates",
    "cooling": "cooling water",
    "evaporative_makeup": "make-up water of evaporative condensers",
    "equipment_cooling": "cooling water of machines",
    "container_cooling": "cooling water of retorts",
    "chill_tank": "water of chill tanks",
    "aquaculture": "make-up water of the tanks",
    "product_contact": "heading, filleting and skinning",
    "final_rinse": "final rinse of fillets and equipment",
    "ingredient": "water in brines, sauces and recipes",
    "equipment_cleaning": "cleaning tables, machines and conveyors",
    "sanitary": "staff sanitary water",
    "boiler_feed": "boiler make-up water",
}
# Codes a supply of these resources carries (EWC of Decision 2000/532/EC, ABP category of
# Reg. (EC) 1069/2009), as listed in the facts file section 5.2.
EWC_CODES = {
    "material.fish_byproducts": "02 02 02",
    "material.fish_waste": "02 02 03",
    "material.sludge_food": "02 02 04",
    "material.eps_boxes": "15 01 02",
    "material.plastic_film": "15 01 02",
    "material.cardboard": "15 01 01",
    "material.wood_pallets": "15 01 03",
    "material.mixed_waste": "20 03 01",
    "material.food_waste": "20 01 08",
    "material.waste_oil": "13 02 05*",
    "material.scrap_metal": "17 04 05",
    "material.solvent": "08 01 11*",
    "material.grease": "19 08 09",
    "material.sludge_wwtp": "19 08 05",
}
ABP_CATEGORIES = {"material.fish_byproducts": 3, "material.fish_waste": 2}
SITE_PROFILE = "site"  # stands for the monthly profile of the company being built


def significant(value: float, digits: int = 3) -> float:
    """Round to a number of significant figures, as people write quantities."""
    return 0.0 if value == 0 else float(f"{value:.{digits}g}")


def profile(*weighted: tuple[float, Sequence[float]]) -> tuple[float, ...]:
    """Blend monthly shapes, round to 3 decimals; December absorbs the rounding."""
    shares = np.zeros(12)
    for weight, shape in weighted:
        shares += weight * np.asarray(shape, dtype=float)
    shares /= shares.sum()
    rounded = [round(float(share), 3) for share in shares[:11]]
    return (*rounded, round(1.0 - sum(rounded), 3))


def annual_per_written_unit(unit: str, hours: float, days: float) -> float:
    """How many canonical units a year one written unit makes (as symbiosis.units converts)."""
    if unit == "kW":
        return hours / 1000
    if unit == "L/s":
        return 3.6 * hours
    amount_text, _, time_text = unit.partition("/")
    amount = {"m3": 1.0, "t": 1.0, "MWh": 1.0, "h": 1.0, "GWh": 1e3}[amount_text]
    per_year = {"yr": 1.0, "month": 12.0, "week": 365.25 / 7, "day": days, "h": hours}
    return amount * per_year[time_text]


def haversine_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points. [m]"""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2
    h += math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def place(sites: list[Site], rng: np.random.Generator) -> dict[str, tuple[float, float]]:
    """A position for every site: the fixed ones, then random draws kept MIN_SEPARATION_M apart."""
    positions = {site.id: site.position for site in sites if site.position is not None}
    margin = 0.0004  # keep clear of the footprint's edge
    low = (LATITUDE_RANGE[0] + margin, LONGITUDE_RANGE[0] + margin)
    high = (LATITUDE_RANGE[1] - margin, LONGITUDE_RANGE[1] - margin)
    for site in sites:
        while site.id not in positions:
            latitude, longitude = rng.uniform(low, high)
            candidate = (round(float(latitude), 5), round(float(longitude), 5))
            if all(
                haversine_m(candidate, other) >= MIN_SEPARATION_M for other in positions.values()
            ):
                positions[site.id] = candidate
    return positions


def hot_water_mwh(m3_per_yr: float, supply_c: float, target_c: float) -> float:
    """Heat to warm water from one temperature to another. [MWh/yr]"""
    return m3_per_yr * WATER_MWH_PER_M3_K * (target_c - supply_c)


class FlowBook:
    """Collects the flows of the sample, one company at a time.

    Quantities are given per year in the canonical unit (m3, t, MWh or h); each is written in a
    unit people use (m3/day, t/week, kW ...) rounded to 3 significant figures, so the data read
    like a filled-in spreadsheet. ``start`` names the company and its monthly profile.
    """

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.rows: list[dict[str, Any]] = []
        self.site: Site | None = None
        self.shares: tuple[float, ...] = FLAT

    def start(self, site: Site, shares: Sequence[float]) -> Site:
        """Begin the flows of a company whose activity follows ``shares`` month by month."""
        self.site, self.shares = site, profile((1.0, shares))
        return site

    def draw(self, low_high: tuple[float, float]) -> float:
        """A value drawn uniformly in a range."""
        return float(self.rng.uniform(*low_high))

    def add(
        self,
        direction: str,
        resource: str,
        annual: float,
        description: str,
        *,
        unit: str | None = None,
        shares: Sequence[float] | str | None = SITE_PROFILE,
        provenance: str = "estimated",
        exact: bool = False,
        **fields: Any,
    ) -> None:
        """Add one flow of ``annual`` canonical units a year."""
        assert self.site is not None, "call start() first"
        site, schedule = self.site, SCHEDULES[self.site.archetype]
        family = {"cold": "heat"}.get(resource.split(".")[0], resource.split(".")[0])
        if unit is None:
            choices, weights = UNIT_CHOICES[family]
            unit = str(self.rng.choice(choices, p=weights))
        per_unit = annual_per_written_unit(unit, schedule.hours, schedule.days)
        quantity = annual / per_unit if exact else significant(annual / per_unit)
        number = 1 + sum(row["company_id"] == site.id for row in self.rows)
        row: dict[str, Any] = dict.fromkeys(FLOW_COLUMNS)
        row.update(
            id=f"F{site.id[1:]}-{number:02d}",
            company_id=site.id,
            direction=direction,
            resource=resource,
            quantity=quantity,
            unit=unit,
            description=description,
            provenance=provenance,
            confidential=False,
        )
        if unit == "kW" or unit.endswith("/h") or unit == "L/s":
            row["operating_hours_per_yr"] = schedule.hours
        if unit.endswith("/day"):
            row["operating_days_per_yr"] = schedule.days
        if direction == "supply" and resource in EWC_CODES:
            row["ewc_code"] = EWC_CODES[resource]
        row["abp_category"] = ABP_CATEGORIES.get(resource)
        row.update(fields)
        if isinstance(shares, str):  # SITE_PROFILE
            shares = self.shares
        if shares is not None:
            for month, share in enumerate(profile((1.0, shares)), start=1):
                row[f"profile_{month:02d}"] = share
        row["_annual"] = quantity * per_unit  # what symbiosis will read back
        self.rows.append(row)

    def supply(self, resource: str, annual: float, description: str, **fields: Any) -> None:
        """Add what leaves the company."""
        self.add("supply", resource, annual, description, **fields)

    def demand(self, resource: str, annual: float, description: str, **fields: Any) -> None:
        """Add what enters the company."""
        self.add("demand", resource, annual, description, **fields)

    def water(self, use: str, m3_per_yr: float, description: str = "", **fields: Any) -> None:
        """A demand of drinking water for one use, with the requirements that use implies."""
        seawater_allowed, food_contact = USES[use]
        requirements: dict[str, Any] = {
            "use": use,
            "potable_required": not seawater_allowed,
            "food_contact": food_contact,
        }
        if seawater_allowed:  # clean seawater is 35-37 g/L [IFR]
            requirements["max_salinity_g_per_l"] = SEAWATER_TOLERANT_MAX_SALINITY_G_PER_L
        if use in ("floor_washing", "crate_washing", "floor_and_crate_washing"):
            requirements["max_cod_mg_per_l"] = FLOOR_WASHING_MAX_COD_MG_PER_L
        # The make-up's limit on chloride is the default of its use (uses.yaml).
        if use in ("cooling", "evaporative_makeup", "equipment_cooling"):
            requirements["max_cod_mg_per_l"] = COOLING_MAX_COD_MG_PER_L
        if use == "boiler_feed":
            requirements["max_salinity_g_per_l"] = BOILER_FEED_MAX_SALINITY_G_PER_L
        if use == "sanitary":
            requirements["shares"] = None  # staff are there all year
        requirements.update(fields)
        self.demand("water.potable", m3_per_yr, description or USE_LABELS[use], **requirements)

    def waters(self, m3_by_use: dict[str, float], labels: dict[str, str] | None = None) -> float:
        """Water demands by use plus the staff's sanitary water. Returns the total. [m3/yr]"""
        assert self.site is not None
        labels = labels or {}
        for use, m3 in m3_by_use.items():
            if m3 > 0:
                self.water(use, m3, labels.get(use, ""))
        self.water("sanitary", sanitary_m3(self.site))
        return sum(m3_by_use.values()) + sanitary_m3(self.site)

    def wastewater(self, m3: float, cod_mg_per_l: float, salinity: float, **fields: Any) -> None:
        """What the company discharges to the sewer, with its quality."""
        fields.setdefault("temperature_c", 15.0)
        description = fields.pop("description", "process and cleaning effluent to the sewer")
        self.supply(
            "water.waste",
            m3,
            description,
            cod_mg_per_l=significant(cod_mg_per_l),
            salinity_g_per_l=salinity,
            **fields,
        )

    def grey(
        self, m3: float, description: str, temperature_c: float, cod: float, **fields: Any
    ) -> None:
        """Lightly used water that a cascade could reuse (quantities assumed)."""
        fields.setdefault("salinity_g_per_l", 0.5)
        fields.setdefault("provenance", "assumed")
        self.supply(
            "water.grey", m3, description, temperature_c=temperature_c, cod_mg_per_l=cod, **fields
        )

    def heat_demand(
        self,
        resource: str,
        mwh: float,
        description: str,
        supply_c: float,
        target_c: float,
        **fields: Any,
    ) -> None:
        """Heat needed to warm a stream from ``supply_c`` to ``target_c``."""
        self.demand(
            resource,
            mwh,
            description,
            supply_temperature_c=supply_c,
            target_temperature_c=target_c,
            **fields,
        )

    def heat_supply(
        self,
        resource: str,
        mwh: float,
        description: str,
        supply_c: float,
        target_c: float,
        **fields: Any,
    ) -> None:
        """Heat a stream gives while it cools from ``supply_c`` to ``target_c``."""
        self.supply(
            resource,
            mwh,
            description,
            temperature_c=supply_c,
            supply_temperature_c=supply_c,
            target_temperature_c=target_c,
            **fields,
        )

    def wastes(self, tonnes: float, kg_per_t: dict[str, float]) -> float:
        """Packaging and other wastes at kg per tonne of raw fish (assumed). Returns cardboard t."""
        for resource, kg in kg_per_t.items():
            self.supply(resource, tonnes * kg / 1000, WASTE_LABELS[resource], provenance="assumed")
        return tonnes * kg_per_t.get("material.cardboard", 0.0) / 1000

    def services(self, hours: dict[str, float]) -> None:
        """Services the company buys today (hours a year, spread evenly)."""
        labels = {
            "service.waste_collection": "waste collection rounds",
            "service.cardboard_baling": "cardboard baling",
            "service.maintenance": "technical maintenance",
            "service.refrigeration_maintenance": "refrigeration maintenance",
            "service.security": "night watch and site security",
            "service.laboratory": "laboratory analyses",
        }
        for resource, value in hours.items():
            if value > 0:
                self.demand(resource, value, labels[resource], shares=None, provenance="assumed")


def sanitary_m3(site: Site) -> float:
    """Staff showers and toilets. [m3/yr]"""
    return site.staff * SANITARY_M3_PER_PERSON_DAY * SCHEDULES[site.archetype].days


def standard_services(
    book: FlowBook, *, cardboard_t: float = 0.0, refrigeration_mwh: float = 0.0
) -> None:
    """Services most companies buy (assumed hours, scaled by staff and equipment)."""
    assert book.site is not None
    staff, noise = book.site.staff, book.draw((0.8, 1.2))
    book.services(
        {
            "service.waste_collection": round(40 + 2 * staff * noise),
            "service.cardboard_baling": round(2 * cardboard_t) if cardboard_t >= 20 else 0,
            "service.maintenance": round(15 * staff * noise),
            "service.refrigeration_maintenance": (
                round(40 + 0.3 * refrigeration_mwh) if refrigeration_mwh > 0 else 0
            ),
            "service.security": 8 * 365 if staff >= 50 else 0,  # a night watch, 8 h a night
        }
    )


def cleaning_hot_water(book: FlowBook, equipment_m3: float) -> float:
    """Hot water for cleaning: part of the cleaning water, heated 12 -> 60 °C. [MWh/yr]"""
    mwh = hot_water_mwh(CLEANING_HOT_SHARE * equipment_m3, CLEANING_SUPPLY_C, CLEANING_TARGET_C)
    book.heat_demand(
        "heat.hot_water",
        mwh,
        "hot water for cleaning (60 °C)",
        CLEANING_SUPPLY_C,
        CLEANING_TARGET_C,
    )
    return mwh


def refrigeration(
    book: FlowBook,
    electricity_mwh: float,
    *,
    negative: bool = False,
    share: float = REFRIGERATION_SHARE_OF_ELECTRICITY,
    target_c: float | None = None,
    condenser: bool = True,
    desuperheater: bool = False,
) -> float:
    """Cold the company needs and the heat its own plant rejects. Returns that heat. [MWh/yr]"""
    compressor_mwh = share * electricity_mwh
    cold_mwh = compressor_mwh * (FREEZER_COP if negative else CHILLER_COP)
    if negative:
        book.demand(
            "cold.negative",
            cold_mwh,
            "freezing and frozen storage",
            supply_temperature_c=4.0,
            target_temperature_c=target_c or -25.0,
        )
    else:
        book.demand(
            "cold.chilled",
            cold_mwh,
            "chill rooms and cutting rooms (≤ 6 °C)",
            supply_temperature_c=12.0,
            target_temperature_c=2.0,
        )
    rejected_mwh = cold_mwh + compressor_mwh
    summer = profile((0.5, book.shares), (0.5, SUMMER))
    superheat = DESUPERHEATER_SHARE if desuperheater else 0.0
    if condenser:
        book.heat_supply(
            "heat.low_grade",
            rejected_mwh * (1 - superheat),
            "refrigeration condenser heat (water at 35 °C)",
            CONDENSER_SUPPLY_C,
            CONDENSER_TARGET_C,
            shares=summer,
        )
    if desuperheater:
        book.heat_supply(
            "heat.hot_water",
            rejected_mwh * superheat,
            "refrigeration desuperheater heat (water at 65 °C)",
            DESUPERHEATER_SUPPLY_C,
            DESUPERHEATER_TARGET_C,
            shares=summer,
        )
    return rejected_mwh


def filleting_water(
    book: FlowBook, tonnes: float, total_per_t: float, scaled: bool
) -> dict[str, float]:
    """Water by use of a filleting line: the unit operations of [T7], cleaning is the rest."""
    assert book.site is not None
    per_t = {
        "whole_fish_washing": DEICING_WASHING_M3_PER_T,
        "scaling": sum(SCALING_M3_PER_T) / 2 * SCALED_SHARE_OF_WHITE_FISH if scaled else 0.0,
        "product_contact": PRODUCT_CONTACT_M3_PER_T,
    }
    remainder = total_per_t - sum(per_t.values()) - sanitary_m3(book.site) / tonnes
    per_t.update({use: remainder * share for use, share in CLEANING_SPLIT.items()})
    return {use: value * tonnes for use, value in per_t.items()}


# --- archetypes: each adds the flows of one company and returns its notes -------------------------
# A company's notes start with the quantity that sizes its flows ("Raw fish: 12000 t/yr.",
# "Cold-store volume: ..."); the tests read it back to check the ratios.
def mareyeur(book: FlowBook, site: Site) -> str:
    """A fish trader: whole fish washed, iced and repacked; part of it filleted."""
    tonnes, filleted = site.size, site.filleted_share
    book.start(site, profile((site.local_share, LANDINGS), (1 - site.local_share, IMPORTED)))
    noise = book.draw((0.8, 1.2))
    equipment_per_t = MAREYEUR_EQUIPMENT_BASE_M3_PER_T
    equipment_per_t += MAREYEUR_EQUIPMENT_PER_FILLETED_M3_PER_T * filleted
    ice_t = tonnes * ICE_T_PER_T_FISH * REICED_SHARE
    uses = {
        "whole_fish_washing": tonnes * DEICING_WASHING_M3_PER_T,
        "floor_and_crate_washing": tonnes * MAREYEUR_FLOOR_CRATE_M3_PER_T * noise,
        "product_contact": tonnes * filleted * PRODUCT_CONTACT_M3_PER_T,
        "equipment_cleaning": tonnes * equipment_per_t * noise,
        "final_rinse": tonnes * filleted * MAREYEUR_FINAL_RINSE_PER_FILLETED_M3_PER_T,
        "ice_for_whole_fish": ice_t * ICE_WATER_M3_PER_T if site.own_ice else 0.0,
    }
    water = book.waters(uses, {"ice_for_whole_fish": "water for the own flake-ice machine"})
    discharged = DISCHARGE_SHARE * water
    cod_kg = tonnes * (filleted * WHITE_FILLETING_COD_KG_PER_T)
    cod_kg += tonnes * (1 - filleted) * WHOLE_FISH_COD_KG_PER_T
    book.wastewater(discharged, cod_kg / discharged * 1000, PROCESS_SALINITY_G_PER_L)
    ice_shares = profile((0.7, book.shares), (0.3, SUMMER))
    if not site.own_ice:
        price = ICE_PRICE_EUR_PER_T if tonnes >= 5_000 else None
        book.demand(
            "material.ice",
            ice_t,
            "flake ice to re-ice whole fish",
            shares=ice_shares,
            cost_eur_per_unit=price,
        )
    book.grey(
        ice_t * MELTWATER_M3_PER_T_ICE,
        "meltwater from ice, collected in the hall",
        2.0,
        MELTWATER_COD_MG_PER_L,
        shares=ice_shares,
    )
    ratio = book.draw(WHITE_FILLETING_COPRODUCTS_T_PER_T)
    price = COPRODUCT_FEE_EUR_PER_T if tonnes < 3_000 else COPRODUCT_PRICE_EUR_PER_T
    book.supply(
        "material.fish_byproducts",
        tonnes * filleted * ratio,
        "heads, frames and skins of the filleting line",
        cost_eur_per_unit=price,
        notes=f"{filleted:.0%} filleted × {ratio:.2f} t/t [T7]",
    )
    cardboard_t = tonnes * CARDBOARD_KG_PER_T / 1000
    book.supply(
        "material.eps_boxes",
        tonnes * (1 - site.local_share) * EPS_KG_PER_T_RECEIVED / 1000,
        "used EPS fish boxes",
        provenance="assumed",
    )
    book.supply("material.cardboard", cardboard_t, "cardboard packaging", provenance="assumed")
    book.supply(
        "material.fish_waste",
        tonnes * FISH_WASTE_SHARE,
        "downgraded lots unfit for sale",
        provenance="assumed",
    )
    rejected = 0.0
    if tonnes >= 3_000:
        kwh_per_t = filleted * FILLETING_ELECTRICITY_KWH_PER_T["white"]
        kwh_per_t += (1 - filleted) * WHOLE_FISH_ELECTRICITY_KWH_PER_T
        electricity, description = tonnes * kwh_per_t / 1000, "site electricity"
        if site.own_ice:
            electricity += ice_t / ICE_T_PER_T_FISH * book.draw(ICE_KWH_PER_T_FISH) / 1000
            description = "site electricity, flake-ice machine included"
        book.demand("energy.electricity", electricity, description)
        rejected = refrigeration(book, electricity, condenser=tonnes >= 8_000)
        cleaning_hot_water(book, uses["equipment_cleaning"])
    standard_services(book, cardboard_t=cardboard_t, refrigeration_mwh=rejected)
    own_ice = ", own flake-ice machine" if site.own_ice else ""
    return (
        f"Raw fish: {tonnes:.0f} t/yr. Whole fish traded, {filleted:.0%} filleted, "
        f"{site.local_share:.0%} bought at the auction{own_ice}."
    )


def filleting_plant(book: FlowBook, site: Site) -> str:
    """A filleting plant of white or oily fish [T7] [DK]."""
    tonnes, white = book.start(site, IMPORTED).size, site.species == "white"
    total_per_t = book.draw(
        WHITE_FILLETING_DRAW_M3_PER_T if white else OILY_FILLETING_DRAW_M3_PER_T
    )
    uses = filleting_water(book, tonnes, total_per_t, scaled=white)
    water = book.waters(uses, {"whole_fish_washing": "washing and de-icing whole fish at intake"})
    cod = WHITE_FILLETING_COD_KG_PER_T if white else OILY_FILLETING_COD_KG_PER_T
    solids = book.draw(FILLETING_SS_KG_PER_T)
    discharged = DISCHARGE_SHARE * water
    book.wastewater(
        discharged,
        cod * tonnes / discharged * 1000,
        PROCESS_SALINITY_G_PER_L,
        suspended_solids_mg_per_l=significant(solids * tonnes / discharged * 1000, 2),
        notes=f"{cod:.0f} kg COD/t [T7]; {solids:.1f} kg SS/t [BREF]",
    )
    book.grey(
        uses["final_rinse"] * GREY_RINSE_COLLECTED_SHARE,
        "last-rinse water, collected separately",
        10.0,
        GREY_RINSE_COD_MG_PER_L,
        salinity_g_per_l=0.3,
    )
    ratio = book.draw(
        WHITE_FILLETING_COPRODUCTS_T_PER_T if white else OILY_FILLETING_COPRODUCTS_T_PER_T
    )
    book.supply(
        "material.fish_byproducts",
        tonnes * ratio,
        "heads, frames, skins and trimmings",
        cost_eur_per_unit=COPRODUCT_PRICE_EUR_PER_T if tonnes >= 3_000 else COPRODUCT_FEE_EUR_PER_T,
        notes=f"{ratio:.2f} t/t [T7]",
        provenance="measured" if tonnes >= 12_000 else "estimated",
    )
    if tonnes >= 5_000:
        book.supply(
            "material.sludge_food",
            tonnes * solids / 1000 / DAF_SLUDGE_DRY_SOLIDS,
            "flotation sludge of the pre-treatment",
            provenance="assumed",
        )
    cardboard_t = book.wastes(tonnes, WASTE_KG_PER_T[site.archetype])
    electricity = tonnes * FILLETING_ELECTRICITY_KWH_PER_T[site.species] / 1000
    book.demand("energy.electricity", electricity, "site electricity", notes="[DK] kWh per t")
    rejected = refrigeration(book, electricity, condenser=tonnes >= 7_500)
    heat = cleaning_hot_water(book, uses["equipment_cleaning"])
    if tonnes >= 7_500:
        book.demand(
            "energy.natural_gas",
            heat / BOILER_EFFICIENCY,
            "gas for the hot-water boiler (the cleaning water above)",
        )
    standard_services(book, cardboard_t=cardboard_t, refrigeration_mwh=rejected)
    kind = "white fish" if white else "oily fish (herring, mackerel)"
    return f"Raw fish: {tonnes:.0f} t/yr. Filleting of {kind}, half of it received in EPS boxes."


def salmon_processor(book: FlowBook, site: Site) -> str:
    """Fresh salmon filleted and partly cold-smoked (oily-fish ratios of [T7])."""
    tonnes = book.start(site, SALMON).size
    uses = filleting_water(book, tonnes, book.draw(OILY_FILLETING_DRAW_M3_PER_T), scaled=False)
    water = book.waters(
        uses,
        {
            "whole_fish_washing": "washing gutted whole salmon at intake",
            "product_contact": "filleting, trimming and pin-boning",
        },
    )
    discharged = DISCHARGE_SHARE * water
    book.wastewater(
        discharged,
        OILY_FILLETING_COD_KG_PER_T * tonnes / discharged * 1000,
        PROCESS_SALINITY_G_PER_L,
        notes="85 kg COD/t [T7]",
    )
    book.grey(
        uses["final_rinse"] * GREY_RINSE_COLLECTED_SHARE,
        "last-rinse water, collected separately",
        10.0,
        GREY_RINSE_COD_MG_PER_L,
        salinity_g_per_l=0.3,
    )
    ratio = book.draw(OILY_FILLETING_COPRODUCTS_T_PER_T)
    book.supply(
        "material.fish_byproducts",
        tonnes * ratio,
        "salmon heads, frames, skins and trimmings",
        notes=f"{ratio:.2f} t/t [T7]",
        provenance="measured",
        confidential=site.confidential,
        cost_eur_per_unit=COPRODUCT_PRICE_EUR_PER_T,
    )
    solids = book.draw(FILLETING_SS_KG_PER_T)
    book.supply(
        "material.sludge_food",
        tonnes * solids / 1000 / DAF_SLUDGE_DRY_SOLIDS,
        "flotation sludge of the pre-treatment",
        provenance="assumed",
    )
    cardboard_t = book.wastes(tonnes, WASTE_KG_PER_T[site.archetype])
    smoked = tonnes * COLD_SMOKED_SHARE_OF_SALMON
    book.demand(
        "material.salt",
        smoked * 0.03,
        "dry salt for cold-smoked salmon (3 %)",
        provenance="assumed",
    )
    electricity = tonnes * FILLETING_ELECTRICITY_KWH_PER_T["oily"] / 1000
    book.demand("energy.electricity", electricity, "site electricity", notes="[DK] kWh per t")
    rejected = refrigeration(book, electricity, desuperheater=tonnes >= 10_000)
    heat = cleaning_hot_water(book, uses["equipment_cleaning"])
    smoking = smoked * COLD_SMOKING_KWH_PER_T / 1000
    book.heat_demand(
        "heat.low_grade",
        smoking,
        "cold-smoking kiln air (≤ 30 °C)",
        12.0,
        COLD_SMOKING_TARGET_C,
        provenance="assumed",
    )
    book.demand(
        "energy.natural_gas",
        (heat + smoking) / BOILER_EFFICIENCY,
        "gas of the boiler room (the hot water and kiln air above)",
    )
    standard_services(book, cardboard_t=cardboard_t, refrigeration_mwh=rejected)
    return (
        f"Raw fish: {tonnes:.0f} t/yr. Fresh salmon received gutted in EPS boxes, filleted; "
        f"{COLD_SMOKED_SHARE_OF_SALMON:.0%} cold-smoked."
    )


def salting_and_smoking(book: FlowBook, site: Site) -> str:
    """Frozen herring thawed, split or filleted, brined and smoked [LC]."""
    tonnes = book.start(site, HERRING).size
    uses = filleting_water(book, tonnes, book.draw(OILY_FILLETING_DRAW_M3_PER_T), scaled=False)
    uses["thawing"] = tonnes * THAWING_M3_PER_T
    uses["ingredient"] = tonnes * BRINE_WATER_M3_PER_T
    water = book.waters(
        uses,
        {
            "thawing": "thawing whole frozen herring",
            "product_contact": "splitting and filleting",
            "ingredient": "brine and pickling water",
            "equipment_cleaning": "cleaning kilns, racks and tables",
        },
    )
    discharged = DISCHARGE_SHARE * water
    cod = OILY_FILLETING_COD_KG_PER_T * tonnes * SMOKING_FILLETED_SHARE
    book.wastewater(
        discharged, cod / discharged * 1000, BRINE_SALINITY_G_PER_L, notes="with spent brine"
    )
    ratio = book.draw(OILY_FILLETING_COPRODUCTS_T_PER_T)
    book.supply(
        "material.fish_byproducts",
        tonnes * SMOKING_FILLETED_SHARE * ratio,
        "herring heads, frames and roes not sold",
        cost_eur_per_unit=COPRODUCT_FEE_EUR_PER_T if tonnes < 1_000 else None,
        notes=f"{SMOKING_FILLETED_SHARE:.0%} filleted × {ratio:.2f} t/t [T7]",
    )
    cardboard_t = book.wastes(tonnes, WASTE_KG_PER_T[site.archetype])
    book.demand(
        "material.salt", tonnes * 0.1, "salt for brining and dry salting", provenance="assumed"
    )
    book.demand(
        "material.biomass", tonnes * 0.01, "beech chips for the smoke", provenance="assumed"
    )
    hot = tonnes * HOT_SMOKING_KWH_PER_T / 1000
    book.heat_demand(
        "heat.hot_water",
        hot,
        "hot-smoking kilns (70-80 °C)",
        15.0,
        HOT_SMOKING_TARGET_C,
        provenance="assumed",
    )
    cold = tonnes * COLD_SMOKING_KWH_PER_T / 1000
    book.heat_demand(
        "heat.low_grade",
        cold,
        "cold-smoking kiln air (kippers, ≤ 30 °C)",
        12.0,
        COLD_SMOKING_TARGET_C,
        provenance="assumed",
    )
    clean = cleaning_hot_water(book, uses["equipment_cleaning"])
    book.demand(
        "energy.natural_gas",
        (hot + cold + clean) / BOILER_EFFICIENCY,
        "gas for kilns and hot water",
    )
    electricity = tonnes * 120 / 1000  # assumed: filleting line [DK] plus kiln fans, chill rooms
    book.demand("energy.electricity", electricity, "site electricity", provenance="assumed")
    rejected = refrigeration(book, electricity, condenser=False)
    standard_services(book, cardboard_t=cardboard_t, refrigeration_mwh=rejected)
    return (
        f"Raw fish: {tonnes:.0f} t/yr. Frozen herring, mackerel and sprat salted and smoked "
        "(kippers, bouffis, rollmops)."
    )


def ready_meals(book: FlowBook, site: Site) -> str:
    """Ready meals, seafood delicatessen or sushi made from fillets and portions."""
    tonnes, cooks = book.start(site, IMPORTED).size, site.cooks
    sanitary = sanitary_m3(site)
    split = {  # assumed shares of the water, sanitary apart
        "product_contact": 0.25,
        "ingredient": 0.20 if cooks else 0.15,  # sauces and stocks, or sushi rice
        "equipment_cleaning": 0.30,
        "floor_and_crate_washing": 0.10,
        "chill_tank": 0.10 if cooks else 0.0,  # chill tanks of cooked dishes
        "final_rinse": 0.05,
    }
    total = book.draw(READY_MEALS_DRAW_M3_PER_T) * tonnes
    scale = (total - sanitary) / sum(split.values())
    uses = {use: scale * share for use, share in split.items()}
    water = book.waters(
        uses,
        {
            "product_contact": "thawing and washing fillets, preparation",
            "ingredient": "water in sauces, stocks and rice",
            "equipment_cleaning": "cleaning cookers, tables and moulds",
            "chill_tank": "chill tanks of cooked dishes",
        },
    )
    discharged = DISCHARGE_SHARE * water
    book.wastewater(
        discharged,
        CANNING_COD_KG_PER_T * tonnes / discharged * 1000,
        PROCESS_SALINITY_G_PER_L,
        notes="COD of canning [T8] as analogue",
    )
    ratio = book.draw(READY_MEALS_TRIMMINGS_T_PER_T)
    book.supply(
        "material.fish_byproducts",
        tonnes * ratio,
        "trimmings and off-cuts",
        cost_eur_per_unit=COPRODUCT_FEE_EUR_PER_T,
        provenance="assumed",
    )
    cardboard_t = book.wastes(tonnes, WASTE_KG_PER_T[site.archetype])
    heat = cleaning_hot_water(book, uses["equipment_cleaning"])
    if cooks:
        product_t = tonnes / READY_MEALS_FISH_SHARE
        cooking = product_t * FISH_CP_KJ_PER_KG_K * (COOKING_TARGET_C - 4.0) / 3600
        book.heat_demand(
            "heat.hot_water",
            cooking,
            "cooking at 85-90 °C",
            4.0,
            COOKING_TARGET_C,
            notes="product heated from 4 to 90 °C (computed)",
        )
        heat += cooking
    book.demand("energy.natural_gas", heat / BOILER_EFFICIENCY, "gas for cookers and hot water")
    electricity = tonnes * 250 / 1000  # assumed, no source for ready meals
    book.demand("energy.electricity", electricity, "site electricity", provenance="assumed")
    rejected = refrigeration(book, electricity, condenser=tonnes >= 3_000)
    standard_services(book, cardboard_t=cardboard_t, refrigeration_mwh=rejected)
    what = "cooked ready meals and soups" if cooks else "sushi and raw-fish dishes"
    return f"Raw fish: {tonnes:.0f} t/yr. Fillets and portions made into {what}."


def pet_food(book: FlowBook, site: Site) -> str:
    """A wet pet-food plant, the largest water user of the zone [FB]."""
    book.start(site, FLAT)
    scale = (PET_FOOD_WATER_M3_PER_YR - sanitary_m3(site)) / sum(PET_FOOD_WATER_SPLIT.values())
    uses = {use: scale * share for use, share in PET_FOOD_WATER_SPLIT.items()}
    for use, m3 in uses.items():
        book.water(use, m3, PET_FOOD_USE_LABELS.get(use, ""), confidential=True)
    book.water("sanitary", sanitary_m3(site))
    book.wastewater(
        DISCHARGE_SHARE * PET_FOOD_WATER_M3_PER_YR,
        PET_FOOD_COD_MG_PER_L,
        PROCESS_SALINITY_G_PER_L,
        provenance="assumed",
    )
    book.grey(
        DISCHARGE_SHARE * uses["container_cooling"],
        "retort cooling water (clean, warm), sewered today",
        35.0,
        20.0,
        salinity_g_per_l=0.3,
    )
    book.heat_supply(
        "heat.low_grade",
        hot_water_mwh(uses["container_cooling"], 12.0, 35.0),
        "heat of the retort cooling water",
        35.0,
        20.0,
        notes="cooling water heated from 12 to 35 °C (computed)",
    )
    book.demand(
        "material.fish_byproducts",
        PET_FOOD_COPRODUCTS_T_PER_YR,
        "fish co-products for recipes",
        use="pet_food",
        cost_eur_per_unit=90.0,
        provenance="assumed",
        confidential=True,
    )
    steam = uses["boiler_feed"] * STEAM_MWH_PER_T
    book.demand(
        "heat.steam",
        steam,
        "steam for retorts (direct injection)",
        min_temperature_c=150.0,
        notes="boiler make-up × 0.72 MWh/t, no condensate return (computed)",
    )
    heat = steam + cleaning_hot_water(book, uses["equipment_cleaning"])
    book.demand(
        "energy.natural_gas",
        heat / BOILER_EFFICIENCY,
        "gas of the boiler house",
        provenance="measured",
    )
    electricity = 9_000.0  # assumed
    book.demand(
        "energy.electricity", electricity, "site electricity", unit="GWh/yr", provenance="assumed"
    )
    rejected = refrigeration(book, electricity)
    book.supply("material.sludge_food", 1_500.0, "flotation sludge", provenance="assumed")
    book.supply("material.cardboard", 300.0, "cardboard packaging", provenance="assumed")
    book.supply("material.plastic_film", 120.0, "plastic film and wrap", provenance="assumed")
    book.supply("material.mixed_waste", 250.0, "mixed non-hazardous waste", provenance="assumed")
    standard_services(book, cardboard_t=300.0, refrigeration_mwh=rejected)
    return (
        f"Water: {PET_FOOD_WATER_M3_PER_YR:.0f} m3/yr. Wet pet food (cans and pouches); "
        "the largest water user of the zone."
    )


PET_FOOD_USE_LABELS = {
    "container_cooling": "cooling water of retorts (cans and pouches)",
    "equipment_cleaning": "cleaning mixers, fillers and retorts",
    "ingredient": "water in recipes and gravies",
    "floor_washing": "washing floors and bins",
}


def fish_meal_plant(book: FlowBook, site: Site) -> str:
    """Fish meal, oil and hydrolysates from co-products [GAZ]; cooking 85-90 °C [KARM]."""
    tonnes = book.start(site, IMPORTED).size
    book.demand(
        "material.fish_byproducts",
        tonnes,
        "co-products bought from processors",
        use="feed",
        unit="t/yr",
        cost_eur_per_unit=-COPRODUCT_PRICE_EUR_PER_T,
        provenance="measured",
        exact=True,
    )
    meal_t = tonnes * FISH_MEAL_YIELD_T_PER_T
    book.supply(
        "material.fish_meal",
        meal_t,
        "fish meal and fish oil",
        cost_eur_per_unit=-1_500.0,
        provenance="assumed",
    )
    cooking = tonnes * FISH_CP_KJ_PER_KG_K * (COOKING_TARGET_C - 8.0) / 3600
    evaporated_t = meal_t * ((1 - MEAL_WATER) / (1 - MEAL_PRESS_CAKE_WATER) - 1)
    drying = evaporated_t * STEAM_MWH_PER_T / DRYER_EFFICIENCY
    uses = {use: tonnes * per_t for use, per_t in FISH_MEAL_WATER_M3_PER_T.items()}
    uses["boiler_feed"] = (cooking + drying) / STEAM_MWH_PER_T * (1 - CONDENSATE_RETURN)
    book.waters(
        uses,
        {
            "equipment_cleaning": "cleaning cookers, presses and decanters",
            "floor_washing": "washing floors, bins and trucks",
            "cooling": "cooling water of vapour condensers",
        },
    )
    discharged = DISCHARGE_SHARE * (uses["equipment_cleaning"] + uses["floor_washing"])
    removal = FISH_MEAL_ONSITE_COD_REMOVAL
    book.wastewater(
        discharged,
        FISH_MEAL_WASTEWATER_COD_MG_PER_L * (1 - removal),
        3.0,
        description="effluent of the on-site biological treatment",
        notes="55.4 g COD/L raw [REV], 95 % removed on site (assumed)",
    )
    removed_t = discharged * FISH_MEAL_WASTEWATER_COD_MG_PER_L * removal / 1e6
    book.supply(
        "material.sludge_wwtp",
        removed_t * 0.3 / 0.2,
        "biological sludge of the on-site treatment",
        ewc_code="19 08 12",
        provenance="assumed",
        notes="0.3 kg DS per kg COD removed, 20 % DS (assumed)",
    )
    book.grey(
        tonnes * 0.03,
        "meltwater of the ice delivered with co-products",
        4.0,
        1_500.0,
        salinity_g_per_l=1.0,
        notes="reused on site today for pre-cleaning (pdm ?p=152507)",
    )
    book.heat_demand(
        "heat.hot_water",
        cooking,
        "cooking the raw material at 85-90 °C",
        8.0,
        COOKING_TARGET_C,
        notes="3.6 kJ/kg/K from 8 to 90 °C (computed)",
    )
    book.demand(
        "heat.steam",
        drying,
        "steam for the meal dryer",
        min_temperature_c=150.0,
        notes="meal dried from 45 % to 7 % water [KARM]; stickwater not counted",
    )
    book.demand(
        "energy.natural_gas",
        (cooking + drying) / BOILER_EFFICIENCY,
        "gas of the steam boiler",
        provenance="measured",
    )
    electricity = tonnes * 50 / 1000  # assumed: grinders, presses, decanters, fans
    book.demand("energy.electricity", electricity, "site electricity", provenance="assumed")
    rejected = refrigeration(book, electricity, condenser=False)
    standard_services(book, refrigeration_mwh=rejected)
    return f"Co-products processed: {tonnes:.0f} t/yr into fish meal, oil and hydrolysates."


def coproduct_freezer(book: FlowBook, site: Site) -> str:
    """Food-grade co-products frozen at -40 °C for pet food and hydrolysates [GAZ]."""
    tonnes = book.start(site, IMPORTED).size * SCHEDULES[site.archetype].days
    book.demand(
        "material.fish_byproducts",
        tonnes,
        "fresh food-grade co-products",
        # Food: Reg. (EC) 1069/2009 keeps animal by-products out of it (rules.yaml).
        use="human_food",
        unit="t/day",
        cost_eur_per_unit=150.0,
        notes="price assumed: co-product prices rose since 2008",
    )
    book.supply(
        "material.fish_byproducts",
        tonnes * 0.98,
        "frozen co-product blocks (food grade)",
        cost_eur_per_unit=-250.0,
        provenance="assumed",
    )
    water = tonnes * COPRODUCT_FREEZER_WATER_M3_PER_T - sanitary_m3(site)
    book.waters({"equipment_cleaning": 0.55 * water, "floor_and_crate_washing": 0.45 * water})
    book.wastewater(
        DISCHARGE_SHARE * tonnes * COPRODUCT_FREEZER_WATER_M3_PER_T,
        4_000.0,
        PROCESS_SALINITY_G_PER_L,
        provenance="assumed",
    )
    electricity = tonnes * book.draw((90.0, 120.0)) / 1000  # inside [RTU] 70-130 kWh/t
    book.demand(
        "energy.electricity",
        electricity,
        "site electricity (plate freezers)",
        notes="[RTU] industrial freezers 70-130 kWh/t",
    )
    rejected = refrigeration(
        book,
        electricity,
        negative=True,
        target_c=-40.0,
        share=COLD_SITE_REFRIGERATION_SHARE,
        desuperheater=True,
    )
    book.supply(
        "material.cardboard",
        tonnes * FROZEN_CARTON_KG_PER_T / 1000 / 4,
        "cardboard packaging",
        provenance="assumed",
    )
    standard_services(book, refrigeration_mwh=rejected)
    return f"Co-products frozen: {tonnes:.0f} t/yr ({site.size:.0f} t/day)."


def ice_plant(book: FlowBook, site: Site) -> str:
    """Flake ice for mareyeurs, filleters and the auction [F3]."""
    ice_t = book.start(site, profile((0.7, IMPORTED), (0.3, SUMMER))).size
    book.supply(
        "material.ice",
        ice_t,
        "flake ice sold to the zone",
        unit="t/yr",
        exact=True,
        cost_eur_per_unit=-ICE_PRICE_EUR_PER_T,
        provenance="measured",
    )
    kwh_per_t_fish = book.draw(ICE_KWH_PER_T_FISH)
    electricity = ice_t / ICE_T_PER_T_FISH * kwh_per_t_fish / 1000
    book.demand(
        "energy.electricity",
        electricity,
        "site electricity",
        notes=f"{kwh_per_t_fish:.1f} kWh per t of fish [T7], {ICE_T_PER_T_FISH} t ice per t",
    )
    cold = ice_t * ICE_COLD_KWH_PER_T / 1000
    rejected = cold + electricity * COLD_SITE_REFRIGERATION_SHARE
    summer = profile((0.5, book.shares), (0.5, SUMMER))
    book.heat_supply(
        "heat.low_grade",
        rejected * (1 - DESUPERHEATER_SHARE),
        "refrigeration condenser heat (water at 35 °C)",
        CONDENSER_SUPPLY_C,
        CONDENSER_TARGET_C,
        shares=summer,
    )
    book.heat_supply(
        "heat.hot_water",
        rejected * DESUPERHEATER_SHARE,
        "refrigeration desuperheater heat (water at 65 °C)",
        DESUPERHEATER_SUPPLY_C,
        DESUPERHEATER_TARGET_C,
        shares=summer,
    )
    condensers = rejected * EVAPORATIVE_CONDENSER_L_PER_KWH  # L/kWh = m3/MWh
    book.waters(
        {
            "ice_for_whole_fish": ice_t * ICE_WATER_M3_PER_T,
            "evaporative_makeup": condensers,
            "floor_and_crate_washing": 500.0,
        },
    )
    book.wastewater(
        0.3 * condensers + 500 + sanitary_m3(site),
        DOMESTIC_COD_MG_PER_L,
        1.5,
        description="condenser bleed, washing and sanitary water",
    )
    book.services(
        {"service.refrigeration_maintenance": 40 + 0.3 * rejected, "service.waste_collection": 30.0}
    )
    return f"Ice sold: {ice_t:.0f} t/yr of flake ice (capacity 40000 t/yr)."


def cold_store(book: FlowBook, site: Site) -> str:
    """Frozen storage at -25 °C; electricity from the store's volume [ICEE] [STAR]."""
    volume = book.start(site, FLAT).size
    intensity = site.kwh_per_m3_yr or book.draw((30.0, 45.0))  # inside [ICEE]
    electricity = volume * intensity / 1000
    book.demand(
        "energy.electricity",
        electricity,
        "site electricity",
        shares=profile((0.6, FLAT), (0.4, SUMMER)),
        notes=f"{intensity:.0f} kWh/m3/yr",
        provenance="measured" if volume >= 100_000 else "estimated",
    )
    rejected = refrigeration(
        book, electricity, negative=True, desuperheater=True, share=COLD_SITE_REFRIGERATION_SHARE
    )
    condensers = rejected * EVAPORATIVE_CONDENSER_L_PER_KWH
    book.water(
        "evaporative_makeup",
        condensers,
        "make-up water of evaporative condensers",
        shares=profile((0.5, FLAT), (0.5, SUMMER)),
    )
    book.waters({"floor_washing": 0.01 * volume}, {"floor_washing": "docks"})
    book.wastewater(
        0.3 * condensers + 0.01 * volume,
        DOMESTIC_COD_MG_PER_L,
        1.5,
        description="condenser bleed, washing and sanitary water",
    )
    book.supply("material.cardboard", volume / 2_000, "cardboard packaging", provenance="assumed")
    book.supply("material.wood_pallets", volume / 1_000, "broken pallets", provenance="assumed")
    standard_services(book, cardboard_t=volume / 2_000, refrigeration_mwh=rejected)
    if volume >= 100_000:
        book.supply(
            "service.refrigeration_maintenance",
            1_500.0,
            "spare hours of the in-house refrigeration team",
            shares=None,
            provenance="assumed",
        )
    return f"Cold-store volume: {volume:.0f} m3 at -25 °C."


def fish_auction(book: FlowBook, site: Site) -> str:
    """The auction: boats unloaded, fish washed, iced and sold in plastic crates."""
    tonnes = book.start(site, LANDINGS).size
    unloading = book.draw((3.0, 4.0))  # inside [T7] 2-5 m3/t
    water = book.waters(
        {
            "unloading": tonnes * unloading,
            "floor_and_crate_washing": tonnes * AUCTION_FLOOR_CRATE_M3_PER_T,
        },
        {"floor_and_crate_washing": "washing crates and the sale hall"},
    )
    discharged = DISCHARGE_SHARE * water
    book.wastewater(
        discharged, WHOLE_FISH_COD_KG_PER_T * tonnes / discharged * 1000, PROCESS_SALINITY_G_PER_L
    )
    ice_t = tonnes * ICE_T_PER_T_FISH
    book.demand(
        "material.ice", ice_t, "flake ice for landed fish", cost_eur_per_unit=ICE_PRICE_EUR_PER_T
    )
    book.grey(
        ice_t * MELTWATER_M3_PER_T_ICE,
        "meltwater from ice, collected in the hall",
        2.0,
        MELTWATER_COD_MG_PER_L,
    )
    book.supply(
        "material.fish_waste",
        tonnes * FISH_WASTE_SHARE,
        "withdrawn unsold fish",
        provenance="measured",
    )
    electricity = tonnes * 15 / 1000  # assumed: chilled sale hall
    book.demand("energy.electricity", electricity, "site electricity", provenance="assumed")
    rejected = refrigeration(book, electricity, share=0.6)
    standard_services(book, refrigeration_mwh=rejected)
    return f"Fish landed and sold: {tonnes:.0f} t/yr (about 100 vessels, sales Monday to Saturday)."


def road_fish_terminal(book: FlowBook, site: Site) -> str:
    """The chilled cross-dock where trucks of imported fish are unloaded [TFS]."""
    tonnes = book.start(site, IMPORTED).size * SCHEDULES[site.archetype].days
    water = book.waters(
        {"floor_washing": tonnes * TERMINAL_FLOOR_M3_PER_T},
        {"floor_washing": "washing docks and truck bodies"},
    )
    book.wastewater(DISCHARGE_SHARE * water, DOMESTIC_COD_MG_PER_L, PROCESS_SALINITY_G_PER_L)
    electricity = tonnes * 5 / 1000  # assumed: chilled docks
    book.demand("energy.electricity", electricity, "site electricity", provenance="assumed")
    rejected = refrigeration(
        book, electricity, share=COLD_SITE_REFRIGERATION_SHARE, desuperheater=True
    )
    book.supply("material.eps_boxes", tonnes * 0.2 / 1000, "broken EPS boxes", provenance="assumed")
    book.supply("material.cardboard", 30.0, "cardboard packaging", provenance="assumed")
    book.supply("material.wood_pallets", 120.0, "broken pallets", provenance="assumed")
    book.services(
        {
            "service.security": 8_760.0,
            "service.waste_collection": 300.0,
            "service.maintenance": 800.0,
            "service.refrigeration_maintenance": 40 + 0.3 * rejected,
        }
    )
    return f"Fish in transit: {tonnes:.0f} t/yr ({site.size:.0f} t/day, 112 loading docks)."


def haulier(book: FlowBook, site: Site) -> str:
    """A refrigerated-truck haulier with its depot and wash bay (all quantities assumed)."""
    trucks = book.start(site, IMPORTED).size
    water = book.waters(
        {"floor_washing": trucks * 30.0},
        {"floor_washing": "washing truck bodies"},
    )
    book.wastewater(
        DISCHARGE_SHARE * water,
        800.0,
        0.5,
        provenance="assumed",
        description="wash-bay effluent through the oil separator",
    )
    book.demand(
        "energy.electricity", trucks * 4.0, "reefer plug-in at the depot", provenance="assumed"
    )
    book.supply("material.waste_oil", trucks * 0.15, "used engine oil", provenance="assumed")
    book.supply(
        "service.logistics",
        trucks * 50.0,
        "spare refrigerated-truck hours for shuttles inside the zone",
        shares=None,
        provenance="assumed",
    )
    book.services(
        {
            "service.waste_collection": 40.0 + site.staff,
            "service.security": 8 * 365 if trucks >= 20 else 0,
        }
    )
    return f"Refrigerated trucks: {trucks:.0f}."


def eps_box_maker(book: FlowBook, site: Site) -> str:
    """Moulds EPS fish boxes with steam; can take clean used boxes back as regrind."""
    tonnes = book.start(site, IMPORTED).size
    book.demand(
        "material.eps_boxes",
        tonnes * 0.10,
        "clean used boxes as regrind (10 % of bead)",
        use="food_contact_packaging",  # new fish boxes
        cost_eur_per_unit=0.0,
        provenance="assumed",
    )
    steam = tonnes * 1.5 * STEAM_MWH_PER_T  # assumed: 1.5 t of steam per t of EPS
    book.demand(
        "heat.steam",
        steam,
        "steam for pre-expansion and moulding",
        min_temperature_c=120.0,
        provenance="assumed",
    )
    book.demand("energy.natural_gas", steam / BOILER_EFFICIENCY, "gas of the steam boiler")
    water = book.waters(
        {"equipment_cooling": tonnes * 5.0, "boiler_feed": tonnes * 1.5 * (1 - CONDENSATE_RETURN)},
        {"equipment_cooling": "mould cooling water"},
    )
    book.heat_supply(
        "heat.low_grade",
        hot_water_mwh(tonnes * 5.0 * 4, 15.0, 40.0),
        "warm mould cooling water (used four times)",
        40.0,
        25.0,
        provenance="assumed",
    )
    book.demand("energy.electricity", tonnes * 0.5, "site electricity", provenance="assumed")
    book.wastewater(DISCHARGE_SHARE * water, DOMESTIC_COD_MG_PER_L / 3, 0.5, provenance="assumed")
    standard_services(book)
    return f"EPS boxes made: {tonnes:.0f} t/yr."


def cardboard_maker(book: FlowBook, site: Site) -> str:
    """Makes cartons from board sheets; off-cuts are sold baled."""
    tonnes = book.start(site, FLAT).size
    offcuts = tonnes * 0.08  # assumed: 8 % off-cuts
    book.supply("material.cardboard", offcuts, "board off-cuts", cost_eur_per_unit=-30.0)
    book.demand("energy.electricity", tonnes * 0.15, "site electricity", provenance="assumed")
    water = book.waters({"floor_washing": 300.0})
    book.wastewater(DISCHARGE_SHARE * water, DOMESTIC_COD_MG_PER_L, 0.5)
    standard_services(book, cardboard_t=offcuts)
    return f"Cartons made: {tonnes:.0f} t/yr."


def waste_operator(book: FlowBook, site: Site) -> str:
    """Collects the zone's waste, compacts EPS and bales cardboard (capacities assumed)."""
    book.start(site, FLAT)
    book.demand(
        "material.eps_boxes",
        2_000.0,
        "EPS compaction line capacity",
        use="recycling",
        cost_eur_per_unit=-100.0,
        provenance="assumed",
        notes="compaction from 10 to 350 kg/m3 (recyclage-recuperation.fr)",
    )
    book.demand(
        "material.cardboard",
        3_000.0,
        "cardboard sorting and baling capacity",
        use="recycling",
        cost_eur_per_unit=-20.0,
        provenance="assumed",
    )
    book.supply(
        "service.waste_collection",
        6_000.0,
        "collection rounds offered",
        shares=None,
        provenance="assumed",
    )
    book.supply(
        "service.cardboard_baling",
        1_500.0,
        "baler hours offered",
        shares=None,
        provenance="assumed",
    )
    book.supply("material.mixed_waste", 200.0, "sorting residues", provenance="assumed")
    book.demand("energy.electricity", 300.0, "site electricity", provenance="assumed")
    water = book.waters({"floor_washing": 500.0})
    book.wastewater(DISCHARGE_SHARE * water, DOMESTIC_COD_MG_PER_L, 0.5)
    return "Waste handled: EPS and cardboard of the zone (capacities in the flows)."


def wastewater_treatment(book: FlowBook, site: Site) -> str:
    """The municipal plant that receives all Capécure discharges [RAD]."""
    book.start(site, FLAT)
    book.demand(
        "water.waste",
        site.size,
        "wastewater received (town and zone, 2012)",
        unit="m3/yr",
        provenance="measured",
        exact=True,
    )
    book.supply(
        "material.sludge_wwtp",
        WWTP_SLUDGE_T_DM_PER_YR / WWTP_SLUDGE_DRY_SOLIDS,
        "dewatered sewage sludge",
        notes="4,738 t DM in 2012 [RAD] at 22 % DS (assumed)",
    )
    book.supply(
        "material.grease",
        WWTP_GREASE_T_PER_YR,
        "grease from the degreaser",
        notes="18.8 m3 in 2012 [RAD]",
    )
    book.supply(
        "water.treated",
        500_000.0,
        "treated effluent, if a tertiary filtration and UV stage were added",
        temperature_c=15.0,
        cod_mg_per_l=60.0,
        salinity_g_per_l=2.0,
        reuse_class=1,
        provenance="assumed",
        notes=(
            "class A (reuse_class 1) only with the tertiary filtration and UV stage (assumed); "
            "the secondary effluent as it leaves the plant today is not class A"
        ),
    )
    book.water("sanitary", sanitary_m3(site))
    book.services({"service.maintenance": 3_000.0, "service.laboratory": 400.0})
    return f"Wastewater received: {site.size:.0f} m3/yr (181,250 population-equivalent)."


def boat_repair(book: FlowBook, site: Site) -> str:
    """A yard or engine workshop serving the fishing fleet (quantities assumed, per 25 staff)."""
    scale = book.start(site, FLAT).staff / 25
    water = book.waters(
        {"floor_washing": 1_500.0 * scale},
        {"floor_washing": "pressure-washing hulls, decks and slipway"},
    )
    book.wastewater(
        DISCHARGE_SHARE * water,
        900.0,
        10.0,
        provenance="assumed",
        description="wash water of the slipway through the separator",
    )
    book.supply(
        "material.waste_oil", 8.0 * scale, "used engine and bilge oil", provenance="assumed"
    )
    book.supply(
        "material.scrap_metal",
        60.0 * scale,
        "steel scrap",
        cost_eur_per_unit=-150.0,
        provenance="assumed",
    )
    if site.staff >= 20:
        book.supply("material.solvent", 3.0, "waste paint and solvents", provenance="assumed")
    book.demand("energy.electricity", 250.0 * scale, "site electricity", provenance="assumed")
    book.supply(
        "service.maintenance",
        100.0 * site.staff,
        "mechanics' spare hours for plant maintenance",
        shares=None,
        provenance="assumed",
    )
    book.services({"service.waste_collection": 40.0 + site.staff})
    return f"Staff: {site.staff}. Repair and maintenance of fishing vessels."


def aquaculture(book: FlowBook, site: Site) -> str:
    """A land-based salmon farm project with recirculation [FBA]; seawater mostly for cooling."""
    tonnes = book.start(site, FLAT).size
    hours = SCHEDULES[site.archetype].hours
    makeup = 40_000 * 0.005 * 365  # assumed 40,000 m3 of tanks, 0.5 % renewed a day [FBA]
    book.demand(
        "water.sea",
        makeup,
        "make-up seawater of the tanks (0.5 % a day)",
        use="aquaculture",
        max_salinity_g_per_l=40.0,
        provenance="assumed",
    )
    book.demand(
        "water.sea",
        150.0 * hours,
        "seawater cooling the recirculation loops",
        unit="m3/h",
        shares=profile((0.3, FLAT), (0.7, SUMMER)),
        use="cooling",
        max_salinity_g_per_l=40.0,
        provenance="assumed",
    )
    book.heat_demand(
        "heat.low_grade",
        1_200.0,
        "winter heating of tank water 8 -> 14 °C",
        8.0,
        14.0,
        shares=WINTER,
        provenance="assumed",
    )
    feed_t = tonnes * 1.1  # assumed feed conversion ratio
    book.demand(
        "material.fish_meal", feed_t * 0.1, "fish meal in the feed (10 %)", provenance="assumed"
    )
    book.demand(
        "energy.electricity", tonnes * 2.5, "pumps, oxygen and filters", provenance="assumed"
    )
    book.supply(
        "water.waste",
        makeup * 0.95,
        "saline effluent of the drum filters",
        temperature_c=12.0,
        cod_mg_per_l=150.0,
        salinity_g_per_l=32.0,
        provenance="assumed",
        notes="dossier: 260 t N and 87 t P a year [FBA]",
    )
    book.supply(
        "material.sludge_food",
        feed_t * 0.1 / 0.1,
        "fish sludge (10 % DS)",
        ewc_code=None,
        provenance="assumed",
    )
    book.water("sanitary", sanitary_m3(site))
    standard_services(book)
    return f"Salmon planned: {tonnes:.0f} t/yr (project, 99.5 % recirculation)."


ARCHETYPES = {
    "mareyeur": mareyeur,
    "filleting plant": filleting_plant,
    "salmon processor": salmon_processor,
    "salting and smoking": salting_and_smoking,
    "ready meals": ready_meals,
    "pet food": pet_food,
    "fish-meal plant": fish_meal_plant,
    "co-product freezer": coproduct_freezer,
    "ice plant": ice_plant,
    "cold store": cold_store,
    "fish auction": fish_auction,
    "road fish terminal": road_fish_terminal,
    "haulier": haulier,
    "eps box maker": eps_box_maker,
    "cardboard maker": cardboard_maker,
    "waste operator": waste_operator,
    "wastewater treatment": wastewater_treatment,
    "boat repair": boat_repair,
    "aquaculture": aquaculture,
}


def price_water(rows: list[dict[str, Any]], company_id: str) -> None:
    """Set what a company pays for water where it differs from the catalogue's defaults."""
    own = [row for row in rows if row["company_id"] == company_id]
    bought = [row for row in own if row["resource"] == "water.potable"]
    potable = sum(row["_annual"] for row in bought if row["direction"] == "demand")
    for row in bought:
        if potable >= LARGE_USER_M3_PER_YR:
            row["cost_eur_per_unit"] = LARGE_USER_POTABLE_EUR_PER_M3
            row["notes"] = row["notes"] or "potable part only; degressive tariff (assumed)"
        elif potable < SMALL_USER_M3_PER_YR:
            row["cost_eur_per_unit"] = SMALL_FIRM_POTABLE_EUR_PER_M3
            row["notes"] = row["notes"] or "potable part only; Hauts-de-France 2022 (derived)"
    for row in own:
        sewered = row["resource"] == "water.waste" and row["direction"] == "supply"
        if sewered and bought and potable < SMALL_USER_M3_PER_YR:
            row["cost_eur_per_unit"] = SMALL_FIRM_SANITATION_EUR_PER_M3


# --- zone.yaml ------------------------------------------------------------------------------------
ZONE_YAML = """\
# SYNTHETIC sample zone, written by generate.py: edit the script, not this file.
name: capecure_sample
description: >-
  SYNTHETIC sample of the Capécure seafood-processing zone (Boulogne-sur-Mer): invented
  companies whose flows are tonnage x public ratios. Not the data of the 2017-2019 2EI/Veolia
  study. See README.md for the sources and the assumptions.
outside_parties:
  - id: SEA
    name: English Channel, clean-seawater intake at the harbour entrance
    kind: sea
    latitude: 50.7290
    longitude: 1.5790
    supplies: [water.sea]
    notes: >-
      Where a main from an offshore intake would enter the port (the Danish hygiene guide asks
      for intakes well away from harbour entrances). Seawater 35-37 g/L, 4-18 °C.
  - id: NET
    name: Public drinking-water network
    kind: water_network
    supplies: [water.potable]
  - id: GAS
    name: Gas grid
    kind: gas_grid
    supplies: [energy.natural_gas]
  - id: ELEC
    name: Electricity grid
    kind: electricity_grid
    supplies: [energy.electricity]
  - id: LANDFILL
    name: Non-hazardous landfill
    kind: landfill
    accepts: [material.mixed_waste, material.sludge_food, material.sludge_wwtp,
              material.wood_pallets]
  - id: INCIN
    name: Waste incinerator
    kind: incineration
    accepts: [material.mixed_waste, material.eps_boxes, material.plastic_film,
              material.fish_waste, material.food_waste, material.cardboard, material.solvent]
  - id: RECYCLER
    name: Packaging, metal and oil recyclers of the region
    kind: recycler
    accepts: [material.cardboard, material.eps_boxes, material.scrap_metal, material.waste_oil,
              material.wood_pallets]
parameters:
  water.potable.price_eur_per_unit:
    value: 2.38
    unit: EUR/m3
    source: >-
      derived: Hauts-de-France water + sanitation 4.84 EUR/m3 on 1 Jan 2022 (SISPEA/OFB via
      Banque des Territoires) split as the national bill of 2022 (2.13 potable of 4.34)
    note: >-
      potable part only, for demands that state no price of their own; sanitation is on
      water.waste
  water.waste.price_eur_per_unit:
    value: 2.46
    unit: EUR/m3
    source: "derived: 4.84 - 2.38 EUR/m3 (Hauts-de-France, 1 Jan 2022)"
  truck_payload_t:
    value: 10.0
    unit: t
    source: "assumed: rigid refrigerated trucks shuttle inside the zone"
  truck_volume_m3:
    value: 40.0
    unit: m3
    source: "assumed: box body of a rigid truck, about 7 m x 2.4 m x 2.4 m"
  truck_emission_factor_kgco2e_per_km:
    value: 0.95
    unit: kgCO2e/km
    source: >-
      derived: diesel 3.17 kgCO2e/L (Arrêté du 26 avril 2017) x 0.30 L/km for a rigid
      refrigerated truck (assumed)
  water_pipe_cost_eur_per_m:
    value: 400.0
    unit: EUR/m
    source: >-
      package default kept: no Capécure figure is public; bounds 20-60 EUR/m (domestic pipe,
      techserving) and 1,000 EUR/m (district heating, SEMHACH)
  seawater_network_study_investment_eur:
    value: 25000000.0
    unit: EUR
    source: >-
      "A Capécure, la thalassothermie sort de l'eau !" (radio6.fr): about 25 M EUR for a
      seawater intake plant and a cold and hot water network (the Capécure energy project)
    note: compared with symbiosis.seawater_heat_pump_network in the report
  seawater_network_study_members:
    value: 20.0
    unit: "1"
    source: >-
      "A Capécure, la thalassothermie sort de l'eau !" (radio6.fr): some 20 companies could
      save up to 30 % of their electricity
"""


# --- assembling and writing -----------------------------------------------------------------------
@dataclass
class Sample:
    """The generated sample: company rows and flow rows (the zone file is ZONE_YAML)."""

    companies: list[dict[str, Any]]
    flows: list[dict[str, Any]]


# --- today's arrangement of each flow ------------------------------------------------------------
def record_todays_trade(rows: list[dict[str, Any]], sites: list[Site]) -> None:
    """What each flow does today, and what its price is (in place).

    - Every amount gets its kind and becomes positive: a demand's is a purchase price (a
      disposal fee it receives when negative); a supply's is a sale price when negative, a
      disposal fee when positive (wastes only), free when 0.
    - The ice plant sells its flake ice to the zone [F3]: each other company's ice demand comes
      from it (its supply has many buyers, so it names none).
    - Processors' co-products go to the fish-meal plant, which collects about 70,000 t/yr in
      Boulogne [GAZ]: sold at 70 EUR/t by the large processors [REU], collected for a fee from
      the small ones (for recovery); either way they are processed into meal and oil
      (current_treatment rendering). The fish-meal plant, the pet-food plant and the co-product
      freezer buy theirs (the freezer and the pet-food plant from outside the zone: assumed).
    - Used EPS fish boxes go to a recycling scheme (current_treatment recycling): collection at
      Capécure is easy because the firms are concentrated [PSE], and Polyrecup handles fish
      boxes [POLY].
    """
    by_archetype = {site.archetype: site.id for site in sites}
    ice_plant = by_archetype["ice plant"]
    fish_meal = by_archetype["fish-meal plant"]
    buyers = {fish_meal, by_archetype["pet food"], by_archetype["co-product freezer"]}
    for row in rows:
        cost, supply = row.get("cost_eur_per_unit"), row["direction"] == "supply"
        if cost is not None:
            if cost == 0:
                row["price_kind"] = "free"
            elif supply:
                row["price_kind"] = "sale" if cost < 0 else "disposal_fee"
            else:
                row["price_kind"] = "purchase" if cost > 0 else "disposal_fee"
            row["cost_eur_per_unit"] = abs(cost)
        resource, company = row["resource"], row["company_id"]
        if resource == "material.ice":
            if supply and company == ice_plant:
                row["current_route"] = "sold"
            elif not supply:
                row["current_route"] = "supplier"
                row["current_partner_id"] = ice_plant
        elif resource == "material.fish_byproducts":
            if supply and company not in buyers:
                fee = row.get("price_kind") == "disposal_fee"
                row["current_route"] = "recovery" if fee else "sold"
                row["current_treatment"] = "rendering"
                row["current_partner_id"] = fish_meal
            elif supply:
                row["current_route"] = "sold"
            else:
                row["current_route"] = "supplier"
        elif resource == "material.eps_boxes" and supply:
            row["current_route"] = "recovery"
            row["current_treatment"] = "recycling"


def build(seed: int = SEED) -> Sample:
    """Build the whole sample from the ratios above and one random generator."""
    rng = np.random.default_rng(seed)
    sites = company_sites()
    positions = place(sites, rng)
    book = FlowBook(rng)
    companies = []
    for site in sites:
        notes = ARCHETYPES[site.archetype](book, site)
        price_water(book.rows, site.id)
        latitude, longitude = positions[site.id]
        companies.append(
            {
                "id": site.id,
                "name": site.name,
                "sector_nace": site.nace,
                "latitude": latitude,
                "longitude": longitude,
                "archetype": site.archetype,
                "staff": site.staff,
                "confidential": site.confidential,
                "notes": notes,
            }
        )
    record_todays_trade(book.rows, sites)
    return Sample(companies, sorted(book.rows, key=lambda row: row["id"]))


def cell(value: Any) -> str:
    """A CSV cell: empty for None, true/false, integers without '.0', short floats."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


def csv_text(rows: list[dict[str, Any]], columns: Sequence[str]) -> str:
    """Rows as CSV text: ',' separator, '.' decimals, '\\n' line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([cell(row.get(column)) for column in columns] for row in rows)
    return buffer.getvalue()


def write(sample: Sample, folder: Path) -> None:
    """Write companies.csv, flows.csv and zone.yaml into a folder (UTF-8, no BOM)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "companies.csv": csv_text(sample.companies, COMPANY_COLUMNS),
        "flows.csv": csv_text(sample.flows, FLOW_COLUMNS),
        "zone.yaml": ZONE_YAML,
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8", newline="")


def summary(sample: Sample) -> str:
    """Zone totals, as quoted in README.md."""

    def total(resource: str, direction: str, uses: Sequence[str] | None = None) -> float:
        return sum(
            row["_annual"]
            for row in sample.flows
            if row["resource"] == resource
            and row["direction"] == direction
            and (uses is None or row["use"] in uses)
        )

    potable = total("water.potable", "demand")
    eligible = total("water.potable", "demand", [use for use, flags in USES.items() if flags[0]])
    lines = [
        f"companies {len(sample.companies)}, flows {len(sample.flows)}",
        f"drinking water demand {potable:,.0f} m3/yr",
        f"  seawater-eligible {eligible:,.0f} m3/yr = {100 * eligible / potable:.1f} %",
    ]
    for use, (allowed, _food) in USES.items():
        value = total("water.potable", "demand", [use])
        if value:
            flag = "sea ok" if allowed else "potable"
            lines.append(
                f"    {use:<24} {value:>10,.0f} m3/yr {100 * value / potable:5.1f} % {flag}"
            )
    resources = sorted({(row["resource"], row["direction"]) for row in sample.flows})
    lines += [f"{r:<36} {d:<6} {total(r, d):>14,.0f}" for r, d in resources]
    raw_fish = [
        float(row["notes"].split(" t/yr")[0].removeprefix("Raw fish: "))
        for row in sample.companies
        if row["notes"].startswith("Raw fish: ")
    ]
    lines.append(f"raw fish of processors and traders {sum(raw_fish):,.0f} t/yr")
    archetypes = [row["archetype"] for row in sample.companies]
    lines += [f"  {name}: {archetypes.count(name)}" for name in dict.fromkeys(archetypes)]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: write the sample (beside this script by default) and print its totals."""
    parser = argparse.ArgumentParser(description="Generate the synthetic Capécure sample.")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    parser.add_argument("--quiet", action="store_true", help="do not print the totals")
    arguments = parser.parse_args(argv)
    sample = build()
    write(sample, arguments.out)
    if not arguments.quiet:
        print(summary(sample))


if __name__ == "__main__":
    main()
