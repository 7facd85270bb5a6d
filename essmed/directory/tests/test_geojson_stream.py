"""The streaming reader of GeoJSON FeatureCollections (essmed/directory/geojson_stream.py): pure, no database."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from essmed.directory.geojson_stream import FeatureStream

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
features = st.dictionaries(st.text(max_size=8), values, max_size=5)


def read(text: str, chunk: int = 7) -> tuple[list, dict, bool]:
    stream = FeatureStream(io.StringIO(text), chunk=chunk)
    found = list(stream.features())
    return found, stream.members, stream.has_features


@settings(max_examples=150, deadline=None)
@given(
    st.lists(features, max_size=6),
    st.dictionaries(st.sampled_from(["type", "name", "crs", "bbox"]), values, max_size=3),
    st.sampled_from([None, 0, 2]),
    st.booleans(),
    st.integers(min_value=1, max_value=50),
)
def test_features_and_members_are_those_json_reads(items, members, indent, features_first, chunk):
    document = {"features": items, **members} if features_first else {**members, "features": items}
    text = json.dumps(document, indent=indent, ensure_ascii=False)
    found, others, has_features = read(text, chunk)
    assert found == items
    assert others == members
    assert has_features


def test_a_number_cut_by_the_end_of_a_chunk_is_read_whole():
    text = '{"type": "FeatureCollection", "count": 123456789, "features": [{"a": 1.2345678}]}'
    for chunk in range(1, len(text) + 1):
        found, others, _has = read(text, chunk)
        assert found == [{"a": 1.2345678}] and others["count"] == 123456789


def test_a_document_that_is_not_an_object_is_refused():
    with pytest.raises(json.JSONDecodeError, match=r"Expecting '\{'"):
        read("[1, 2]")


def test_a_file_without_features_says_so():
    found, others, has_features = read('{"type": "Feature", "geometry": null}')
    assert (found, others["type"], has_features) == ([], "Feature", False)


@pytest.mark.parametrize(
    "text",
    [
        '{"type": "FeatureCollection",\n "features": [\n {"a": 1},\n {"a": }\n]}',
        '{"type": "FeatureCollection",\n "features": [\n {"a": 1}\n {"a": 2}]}',
        '{"type": "FeatureCollection",\n "features": [\n {"a": 1}]\n} trailing',
        '{"features": [{"a": "unterminated\n',
    ],
)
def test_malformed_json_is_reported_at_its_line(text):
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    with pytest.raises(json.JSONDecodeError) as found:
        read(text, chunk=5)
    assert found.value.lineno == expected.value.lineno


def test_memory_holds_a_few_chunks_whatever_the_number_of_features():
    many = json.dumps({"type": "FeatureCollection", "features": [{"id": n, "p": "x" * 50} for n in range(20_000)]})
    stream = FeatureStream(io.StringIO(many), chunk=4096)
    largest = count = 0
    for _feature in stream.features():
        count += 1
        largest = max(largest, len(stream.buffer))
    assert count == 20_000
    assert largest < 3 * 4096
