"""Rejection and SIC against values computed by hand on small arrays."""

import math

import numpy as np
import pytest

from omnijet.errors import DataError
from omnijet.evaluate.metrics import counts, max_sic, rejection_at, roc, sic_curve

# 4 signal, 6 background; scores sorted high -> low: S S B S B B S B B B
Y = np.array([1, 1, 0, 1, 0, 0, 1, 0, 0, 0])
S = np.array([0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1])


def test_counts_and_roc_by_hand():
    n_sig, n_bkg, _ = counts(Y, S)
    assert n_sig.tolist() == [1, 2, 2, 3, 3, 3, 4, 4, 4, 4]
    assert n_bkg.tolist() == [0, 0, 1, 1, 2, 3, 3, 4, 5, 6]
    r = roc(Y, S)
    # pairs (s, b) with s > b: signal ranks 1,2 beat 6 each, rank 4 beats 5, rank 7 beats 3 -> 20/24
    assert r["auc"] == pytest.approx(20 / 24)
    assert r["tpr"][0] == 0 and r["fpr"][-1] == 1


def test_rejection_by_hand():
    # 30% of 4 signal -> need 2 signal (1.2 rounded up): tightest such cut passes 0 bkg -> inf
    assert rejection_at(Y, S, 0.3) == math.inf
    # 50% -> 2 signal, still 0 bkg; 75% -> 3 signal at 1 bkg of 6 -> rejection 6
    assert rejection_at(Y, S, 0.5) == math.inf
    assert rejection_at(Y, S, 0.75) == pytest.approx(6.0)
    assert rejection_at(Y, S, 1.0) == pytest.approx(6 / 3)


def test_sic_by_hand_respects_min_bkg():
    # min_bkg=1: cuts with >= 1 bkg: (2,1) (3,1) (3,2) (3,3) (4,3) (4,4) (4,5) (4,6)
    # SIC = (s/4) / sqrt(b/6); best is (3,1): 0.75 * sqrt(6) = 1.837
    assert max_sic(Y, S, min_bkg=1) == pytest.approx(0.75 * math.sqrt(6))
    # min_bkg=3: best of (3,3) 0.75*sqrt(2)=1.061 and (4,3) 1*sqrt(2)=1.414
    assert max_sic(Y, S, min_bkg=3) == pytest.approx(math.sqrt(2))
    curve = sic_curve(Y, S, min_bkg=3)
    assert curve["fpr"].min() >= 3 / 6


def test_ties_are_never_split():
    y = np.array([1, 0, 1, 0])
    s = np.array([1.0, 1.0, 0.0, 0.0])  # one cut passes 1 sig + 1 bkg together
    n_sig, n_bkg, _ = counts(y, s)
    assert n_sig.tolist() == [1, 2] and n_bkg.tolist() == [1, 2]
    assert rejection_at(y, s, 0.5) == pytest.approx(2.0)


def test_bad_inputs_are_clear():
    with pytest.raises(DataError, match="both signal and background"):
        roc(np.zeros(5), np.arange(5.0))
    with pytest.raises(DataError, match="min_bkg"):
        max_sic(Y, S, min_bkg=50)
    with pytest.raises(DataError, match="differ in length"):
        roc(Y, S[:-1])
