"""The countries' bounding boxes read from the maps' outlines (outlines.py)."""

from essmed.directory.outlines import country_bounds, topojson_bounds, within

# Two arcs on a grid of 1 degree, from (10, 20): a square ring (arc 0) and a segment (arc 1), used backwards.
TOPOLOGY = {
    "transform": {"scale": [1, 1], "translate": [10, 20]},
    "arcs": [[[0, 0], [2, 0], [0, 3], [-2, 0], [0, -3]], [[5, 5], [1, -7]]],
    "objects": {
        "countries": {
            "geometries": [
                {"type": "Polygon", "id": "001", "arcs": [[0]]},
                {"type": "MultiPolygon", "id": "002", "arcs": [[[0]], [[~1]]]},
                {"type": "Polygon", "arcs": [[0]]},  # no id: left out
                {"type": "Polygon", "id": "003", "arcs": []},  # nothing drawn: left out
            ]
        }
    },
}


def test_the_bounds_of_each_outline_are_those_of_its_arcs_in_degrees():
    bounds = topojson_bounds(TOPOLOGY, "countries")
    assert bounds == {"001": (20, 10, 23, 12), "002": (18, 10, 25, 16)}


def test_the_vendored_outlines_place_oujda_in_morocco_and_not_swapped():
    morocco = country_bounds()["504"]
    assert within(morocco, 34.68, -1.91)
    assert not within(morocco, -1.91, 34.68)
    assert len(country_bounds()) > 200
