"""CWoLa inside one mjj window: features, k-fold ensembles, held-out scores.

Features. A classifier told "signal region (SR) vs sidebands (SB)" learns whatever separates
those mjj bands. QCD jet masses grow with the jet pT and so with mjj (m_j ~ pT R sqrt(alpha_s)),
so on the raw masses it learns the mjj band itself: a background-only sample already gives a
classifier that is not random, and a cut on it sculpts a bump into the selected spectrum. The
"scaled" set divides the masses by mjj (mj / mjj is nearly independent of mjj for QCD); the
N-subjettiness ratios are dimensionless already. `benchmarks/search.py --stage control`
measures both sets (see README).

Held-out scoring. Every event of SR u SB is scored only by models that never saw it: k folds,
repeated `ensemble` times with different splits, each fold scored by the classifier trained on
the other k - 1; an event's score is the mean of its `ensemble` held-out scores. Events
outside SR u SB get the mean of every model. Scoring the training events instead inflates the
SR events' scores and makes an excess out of nothing (measured in the control stage).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

from omnijet.errors import DataError

FeatureSet = Literal["scaled", "raw"]
FEATURES: dict[str, tuple[str, ...]] = {
    "scaled": ("mj1/mjj", "mj2/mjj", "tau21_j1", "tau21_j2"),
    "raw": ("mj1", "delta_mj", "tau21_j1", "tau21_j2"),  # the first round's (LHCO literature)
}


def feature_matrix(features: pd.DataFrame, which: FeatureSet | tuple[str, ...] = "scaled") -> np.ndarray:
    """(E, F) classifier inputs of the events: a named set or column names; 'a/b' is the ratio
    of two columns."""
    names = FEATURES[which] if isinstance(which, str) else which
    cols = []
    for name in names:
        num, _, den = name.partition("/")
        missing = [c for c in (num, den) if c and c not in features.columns]
        if missing:
            raise DataError(f"event features lack {missing} (have {list(features.columns)})")
        col = features[num].to_numpy(np.float64)
        cols.append(col / features[den].to_numpy(np.float64) if den else col)
    x = np.stack(cols, axis=1)
    if not np.isfinite(x).all():
        raise DataError(f"features {list(names)} contain NaN or inf (mjj = 0?)")
    return x


def classifier(seed: int, balanced: bool = True) -> HistGradientBoostingClassifier:
    # shallow, regularised trees with early stopping: with no signal the best model is a
    # constant, and early stopping keeps it close to one
    return HistGradientBoostingClassifier(
        max_iter=200, learning_rate=0.1, max_leaf_nodes=15, min_samples_leaf=50,
        l2_regularization=1.0, early_stopping=True, validation_fraction=0.2,
        n_iter_no_change=10, class_weight="balanced" if balanced else None, random_state=seed)


def sideband_weights(side: np.ndarray) -> np.ndarray:
    """(E,) training weights for side -1 (low SB), 0 (SR), +1 (high SB): each sideband carries
    half of the SB weight and SR and SB weigh the same in total.

    The falling spectrum puts several times more events in the low sideband than in the high
    one, so an unweighted SB sits below the SR in mjj, and any feature that drifts with mjj
    (even mj / mjj does, slowly) tells SR from SB without any signal. Balanced sidebands sit
    around the SR centre in ln mjj, which cancels a linear drift.
    """
    w = np.zeros(len(side))
    n_sr = max(int((side == 0).sum()), 1)
    for s_ in (-1, 1):
        n = int((side == s_).sum())
        if n:
            w[side == s_] = 0.5 * n_sr / n
    w[side == 0] = 1.0
    return w * len(side) / w.sum()


def fit_predict(x: np.ndarray, y: np.ndarray, w: np.ndarray | None, to_score: list[np.ndarray],
                seed: int, rollback: bool = True) -> list[np.ndarray]:
    """Fit one classifier; P(y = 1) of each array in to_score at the best validation
    iteration (rollback: boosting rounds after the best one fitted noise). A model whose best
    iteration is the first, the constant prior, scores every event alike (AUC 0.5 exactly)."""
    clf = classifier(seed, balanced=w is None).fit(x, y, sample_weight=w)
    best = int(np.argmax(clf.validation_score_)) if rollback else clf.n_iter_
    out = []
    for xs in to_score:
        if best == 0 or len(xs) == 0:
            out.append(np.full(len(xs), 0.5))
            continue
        stage = None
        for i, p in enumerate(clf.staged_predict_proba(xs), start=1):
            if i == best:
                stage = p[:, 1]
                break
        assert stage is not None
        out.append(stage)
    return out


@dataclass(frozen=True)
class Scores:
    held_out: np.ndarray  # (E,) of the training events, each from models that never saw it
    others: np.ndarray  # (M,) events not trained on: mean of every model
    in_sample: np.ndarray  # (E,) each training event scored by models that did see it (a control)

    def sr_vs_sb_auc(self, y: np.ndarray) -> float:
        """Held-out AUC of SR vs SB: 0.5 (within noise) when the window holds no signal."""
        return float(roc_auc_score(y, self.held_out))


def kfold_scores(x: np.ndarray, y: np.ndarray, x_other: np.ndarray, folds: int,
                 ensemble: int, seed: int, side: np.ndarray | None = None,
                 rollback: bool = True) -> Scores:
    """Train y (1 = SR, 0 = SB) on x (E, F) with k folds x an ensemble per fold; side (E,)
    -1 / 0 / +1 (low SB, SR, high SB) balances the sidebands (sideband_weights)."""
    y = np.asarray(y, dtype=int)
    n1, n0 = int(y.sum()), int(len(y) - y.sum())
    if min(n1, n0) < 10 * folds:
        raise DataError(f"CWoLa needs >= {10 * folds} events in the signal region and in the "
                        f"sidebands, got {n1} and {n0}")
    w = sideband_weights(side) if side is not None else None
    held, in_sample = np.zeros(len(y)), np.zeros(len(y))
    seen = np.zeros(len(y))
    other = np.zeros(len(x_other))
    n_models = 0
    # each ensemble member has its own fold split: an event's held-out score averages models of
    # different training sets, so a selection leans less on one split's noise
    for e in range(ensemble):
        kf = StratifiedKFold(folds, shuffle=True, random_state=seed + 1000 * e)
        for k, (tr, te) in enumerate(kf.split(x, y)):
            p_te, p_tr, p_o = fit_predict(x[tr], y[tr], None if w is None else w[tr],
                                          [x[te], x[tr], x_other], seed + 100 * k + e, rollback)
            held[te] += p_te / ensemble
            in_sample[tr] += p_tr
            seen[tr] += 1
            other += p_o
            n_models += 1
    return Scores(held, other / n_models, in_sample / np.maximum(seen, 1))
