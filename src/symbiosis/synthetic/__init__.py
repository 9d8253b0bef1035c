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
* **kinds of company** (:data:`ARCHETYPES`, read from ``archetypes.yaml``): seafood processors
  (on ports only), food processors, chemicals, power plants, paper mills, metal works, logistics
  and cold stores, wastewater treatment plants, recyclers, farms, anaerobic digesters and
  building-materials plants, in shares chosen so that receivers of by-products (recyclers,
  digesters, paper mills, cement works) are few, as in a real department. Each has flow
  templates drawn from the resource catalogue with the qualities and uses the matching rules
  read (the use of a potable-water demand, the COD and salinity of grey water, the temperatures
  of heat streams, EWC codes of wastes), so that supplies and demands can actually match;
* **quantities**: lognormal around a plausible annual figure for the kind of flow, times a
  size factor of the company, written in the canonical unit of the family (m3/yr, t/yr,
  MWh/yr, h/yr) so that no conversion is needed.

Everything is drawn from one :class:`numpy.random.Generator` seeded by ``seed``: the same
arguments give an equal :class:`~symbiosis.schemas.Zone`. The records are validated by pydantic
as any zone read from files is.

The regions are the test bed of the matcher at scale: the tests and
``benchmarks/bench_scale.py`` check it on them against the pair-by-pair oracle of
:mod:`symbiosis.testing` (which this package does not import).

The archetypes' figures are orders of magnitude chosen by the developers (``assumed``), guided
by the reference facts on Capécure (water per tonne of fish, co-product tonnages, ice plants,
cold stores); they make a plausible test bed, not a statistical portrait of a real region.
They live in ``symbiosis/synthetic/archetypes.yaml``, with the unit of every number, and are
read and checked by :mod:`symbiosis.synthetic.archetypes`; the drawing is
:mod:`symbiosis.synthetic.region`.
"""

from symbiosis.synthetic.archetypes import ARCHETYPES, Archetype, FlowTemplate, load_archetypes
from symbiosis.synthetic.region import generate_region, region_records

__all__ = [
    "ARCHETYPES",
    "Archetype",
    "FlowTemplate",
    "generate_region",
    "load_archetypes",
    "region_records",
]
