"""Shared tiny fixtures. Areas add their own conftest.py under tests/<area>/."""

from __future__ import annotations

import os
import warnings

import numpy as np
import pytest

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("MPLBACKEND", "Agg")

from omnijet.data.batch import JetBatch  # noqa: E402


def make_toy_batch(n_jets: int = 64, n_max: int = 30, seed: int = 0, n_classes: int = 2) -> JetBatch:
    """Random but jet-like: class 1 jets are wider and have more constituents."""
    rng = np.random.default_rng(seed)
    label = rng.integers(0, n_classes, n_jets)
    n = np.clip(rng.poisson(12 + 8 * label), 2, n_max)
    mask = np.arange(n_max)[None, :] < n[:, None]
    pt = -np.sort(-rng.exponential(30.0, (n_jets, n_max)), axis=1) + 0.5
    width = 0.05 + 0.1 * label[:, None]
    deta = np.clip(rng.normal(0, width, (n_jets, n_max)), -0.79, 0.79)
    dphi = np.clip(rng.normal(0, width, (n_jets, n_max)), -0.79, 0.79)
    return JetBatch.from_numpy(pt, deta, dphi, mask, label, {"jet_pt": pt.sum(1)})


@pytest.fixture
def toy_batch() -> JetBatch:
    return make_toy_batch()


@pytest.fixture(scope="module")
def box():
    """The real local sandbox (warnings about protections missing on this host silenced)."""
    from sandbox.local import LocalSandbox

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return LocalSandbox()
