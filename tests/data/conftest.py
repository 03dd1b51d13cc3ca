"""Tiny generated files shared by the data tests (generated once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from omnijet.config import DataConfig
from omnijet.data.generate import generate


@pytest.fixture(scope="session")
def top_file(tmp_path_factory) -> Path:
    return generate(DataConfig(process="top", n=20, out=tmp_path_factory.mktemp("gen") / "top.root", seed=3))


@pytest.fixture(scope="session")
def signal_file(tmp_path_factory) -> Path:
    return generate(DataConfig(process="lhco_signal", n=20, out=tmp_path_factory.mktemp("gen") / "sig.h5", seed=3))
