"""The bounding box of each country, from the outlines the maps draw: the vendored world-atlas TopoJSON
(Natural Earth 1:50m, ``static/directory/vendor/world-atlas-2.0.2``, see its PROVENANCE.md), keyed on the ISO
3166-1 numeric code. Read once per process. ``topojson_bounds`` is a pure function."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

OUTLINES = Path(__file__).parent / "static" / "directory" / "vendor" / "world-atlas-2.0.2" / "countries-50m.json"

Bounds = tuple[float, float, float, float]  # south, west, north, east (degrees)


def topojson_bounds(topology: Mapping[str, Any], layer: str) -> dict[str, Bounds]:
    """The bounding box of each geometry of ``layer`` that has an id, in a quantised TopoJSON topology (its arcs
    are delta-encoded integers, turned into degrees by its ``transform``)."""
    (scale_x, scale_y), (shift_x, shift_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs: list[Bounds] = []
    for arc in topology["arcs"]:
        x = y = 0
        xs, ys = [], []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            xs.append(x)
            ys.append(y)
        arcs.append(
            (
                min(ys) * scale_y + shift_y,
                min(xs) * scale_x + shift_x,
                max(ys) * scale_y + shift_y,
                max(xs) * scale_x + shift_x,
            )
        )
    bounds: dict[str, Bounds] = {}
    for geometry in topology["objects"][layer]["geometries"]:
        boxes = [arcs[index if index >= 0 else ~index] for index in _arc_indexes(geometry.get("arcs", []))]
        if boxes and "id" in geometry:
            south, west, north, east = zip(*boxes, strict=True)
            bounds[str(geometry["id"])] = (min(south), min(west), max(north), max(east))
    return bounds


def _arc_indexes(nested: Any) -> Iterator[int]:
    """The arc indexes of a polygon or multipolygon (lists of rings of indexes; ~i is arc i reversed)."""
    if isinstance(nested, int):
        yield nested
    else:
        for item in nested:
            yield from _arc_indexes(item)


@lru_cache(maxsize=1)
def country_bounds() -> dict[str, Bounds]:
    """ISO 3166-1 numeric code (``"504"``) → the bounding box of the country's outline."""
    return topojson_bounds(json.loads(OUTLINES.read_text(encoding="utf-8")), "countries")


def within(bounds: Bounds, latitude: float, longitude: float) -> bool:
    south, west, north, east = bounds
    return south <= latitude <= north and west <= longitude <= east
