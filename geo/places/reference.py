"""Reference layers for the map: ranked towns, named rivers and province label anchors.

``data/reference.geojson`` is derived by ``scripts/derive_reference.py`` from
GeoNames ``cities500`` (CC BY 4.0) and the World Data Bank II rivers (public
domain); nothing here touches the network.

Example
-------
>>> from geo.places.reference import reference_features
>>> sorted(set(reference_features()["kind"]))
['inset', 'place', 'province', 'river']
"""

from __future__ import annotations

from functools import cache

import geopandas as gpd

from geo.model import CRS
from geo.paths import REFERENCE_GEOJSON

#: (west, south, east, north) in degrees of the locator inset's small-scale countries (``kind`` ``inset``).
INSET_BOX = (26.0, 24.0, 92.0, 62.0)
#: Place ranks (column ``rank``): lower is more important and labelled first.
PLACE_RANKS = {1: "national capital", 2: "provincial centre or city", 3: "district seat or town",
               4: "border crossing"}


@cache
def _read_reference() -> gpd.GeoDataFrame:
    if not REFERENCE_GEOJSON.is_file():
        raise FileNotFoundError(
            f"reference layers {REFERENCE_GEOJSON} are missing; run scripts/derive_reference.py to create them"
        )
    return gpd.read_file(REFERENCE_GEOJSON).set_crs(CRS, allow_override=True)


def reference_features() -> gpd.GeoDataFrame:
    """Every reference feature (EPSG:4326; read once, then copied).

    Columns: ``kind`` (``place``, ``river``, ``province``, or ``inset``: the
    countries of :data:`INSET_BOX`, generalised, for a locator map), ``name``, ``iso3`` (inset),
    ``rank`` (places: see :data:`PLACE_RANKS`; rivers 1–2; provinces 5),
    ``population`` (places), ``country`` and ``geometry``.
    """
    return _read_reference().copy()
