from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from essmed.territories.loader import DATA_DIR, Counts, load_territories


@pytest.fixture
def territories(db) -> dict[str, Counts]:
    """The shipped territories, loaded."""
    return load_territories()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the shipped data folder, to break on purpose."""
    return Path(shutil.copytree(DATA_DIR, tmp_path / "data"))
