"""What the jets' substructure alone gives: top vs QCD accuracy of classic taggers on high-level
jet observables, at the fine-tuning benchmark's label counts (issue 25's tagging bar).

    flock /tmp/omnijet-heavy.lock python benchmarks/finetune.py --stage data   # the jets, once
    python benchmarks/tagging_ceiling.py                                         # ~1-2 min

The jets are benchmarks/finetune.py's (Pythia 8 + FastJet, 500-1000 GeV, its cache): a fixed,
balanced test set of --n-test jets from the labelled files; the labelled subsets (balanced,
--sizes, one per seed) are drawn from the rest of the labelled jets plus the pretraining jets, so
that even the largest size differs between seeds. Features (omnijet.data.observables, computed
on the leading --max-constituents constituents): "basic" = jet mass, tau21, tau32, constituent
multiplicity, pT; "extended" adds the soft-drop mass and tau1..tau3. With --tokenizer the
observables are those of the jets as the tokens describe them (what the backbone can see). Models, with their default
settings (nothing is tuned, so no test-set selection): sklearn's HistGradientBoostingClassifier
and a logistic regression on standardised features. Errors: the test set's binomial error per
seed, the seeds' standard error, and the two in quadrature.
Writes benchmarks/results/tagging_ceiling.json.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import _common  # noqa: F401  (first: OpenMP threads, plots to files, the repository on sys.path)
import numpy as np
from _common import HERE, parser, save

RESULTS = HERE / "results" / "tagging_ceiling.json"
DATA = HERE / ".cache" / "finetune" / "data"
BASIC = ("mass", "tau21", "tau32", "n", "pt")
FEATURES = {"basic": BASIC, "extended": (*BASIC, "sdmass", "tau1", "tau2", "tau3")}
LABEL = {"qcd": 0, "top": 1}  # class 1 = signal, as in the fine-tuning scan


def features(path: Path, max_constituents: int, tokenizer: Path | None = None) -> dict[str, np.ndarray]:
    """Every observable of FEATURES for the jets of one file (with `tokenizer`: of the jets as
    its tokens describe them, encode then decode)."""
    from omnijet.data.io import load_jets
    from omnijet.data.observables import jet_observables
    from omnijet.evaluate.generation import reconstruct

    jets = load_jets(path, max_constituents=max_constituents)
    obs = jet_observables(jets if tokenizer is None else reconstruct(jets, tokenizer))
    keys = sorted({k for f in FEATURES.values() for k in f})
    return {k: np.asarray(obs[k], dtype=np.float64) for k in keys}


def load_sets(data: Path, n_test: int, max_constituents: int,
              tokenizer: Path | None = None) -> tuple[dict, dict, dict[str, Any]]:
    """(test, pool, provenance): test = the first n_test/2 labelled jets of each class; the pool
    = the other labelled jets plus the pretraining jets. Each set: {"x": {obs: (N,)}, "y": (N,)}."""
    sets: dict[str, list] = {"test": [], "pool": []}
    files: dict[str, str] = {}
    for process, label in LABEL.items():
        labelled = sorted(data.glob(f"{process}_*_s202.root"))
        pretrain = sorted(data.glob(f"{process}_*_s101.root"))
        if not labelled or not pretrain:
            sys.exit(f"no {process} jets in {data}: run `python benchmarks/finetune.py --stage data` first")
        lab = features(labelled[0], max_constituents, tokenizer)
        pre = features(pretrain[0], max_constituents, tokenizer)
        half = n_test // 2
        sets["test"].append(({k: v[:half] for k, v in lab.items()}, label))
        sets["pool"].append(({k: np.concatenate([v[half:], pre[k]]) for k, v in lab.items()}, label))
        files[process] = f"{labelled[0].name} (test + pool), {pretrain[0].name} (pool)"
    out = {}
    for name, parts in sets.items():
        x = {k: np.concatenate([p[0][k] for p in parts]) for k in parts[0][0]}
        y = np.concatenate([np.full(len(obs["mass"]), label) for obs, label in parts])
        out[name] = {"x": x, "y": y}
    return out["test"], out["pool"], files


def subset(y: np.ndarray, n: int, seed: int) -> np.ndarray:
    """Indices of a balanced random subset of n jets (n/2 per class) of the pool."""
    rng = np.random.default_rng(seed)
    per = n // 2
    idx = []
    for c in (0, 1):
        have = np.flatnonzero(y == c)
        if len(have) < per:
            sys.exit(f"the pool holds {len(have)} jets of class {c}, fewer than {per}")
        idx.append(rng.choice(have, per, replace=False))
    return np.concatenate(idx)


def model(kind: str, seed: int):
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if kind == "hgb":
        return HistGradientBoostingClassifier(random_state=seed)
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))


def matrix(x: dict[str, np.ndarray], keys: tuple[str, ...], idx: np.ndarray | None = None) -> np.ndarray:
    m = np.stack([x[k] for k in keys], axis=1)
    m = m if idx is None else m[idx]
    return np.nan_to_num(m, nan=0.0, posinf=0.0, neginf=0.0)


def point(test: dict, pool: dict, kind: str, feats: str, n: int, seed: int) -> dict[str, Any]:
    """One classifier trained on n labelled jets (seed picks the subset), scored on the test set."""
    from sklearn.metrics import roc_auc_score

    from omnijet.evaluate.metrics import hanley_mcneil

    keys = FEATURES[feats]
    idx = subset(pool["y"], n, seed)
    clf = model(kind, seed).fit(matrix(pool["x"], keys, idx), pool["y"][idx])
    prob = clf.predict_proba(matrix(test["x"], keys))[:, 1]
    y = test["y"]
    acc = float(((prob > 0.5) == (y == 1)).mean())
    auc = float(roc_auc_score(y, prob))
    n_pos, n_neg = int((y == 1).sum()), int((y == 0).sum())
    return {"model": kind, "features": feats, "n_train": n, "seed": seed, "accuracy": acc,
            "accuracy_err": float(np.sqrt(acc * (1 - acc) / len(y))), "auc": auc,
            "auc_err": hanley_mcneil(auc, n_pos, n_neg)}


def aggregate(points: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Mean over seeds per (model, features, size) with the seeds' standard error, the mean
    binomial (Hanley-McNeil) test error, and the two in quadrature."""
    rows = []
    for key in sorted({(p["model"], p["features"], p["n_train"]) for p in points}):
        ps = [p for p in points if (p["model"], p["features"], p["n_train"]) == key]
        row: dict[str, Any] = dict(zip(("model", "features", "n_train"), key, strict=True), seeds=len(ps))
        for m in ("accuracy", "auc"):
            v = np.array([p[m] for p in ps])
            seeds = float(v.std(ddof=1) / np.sqrt(len(v))) if len(v) > 1 else 0.0
            test = float(np.mean([p[f"{m}_err"] for p in ps]))
            row |= {m: float(v.mean()), f"{m}_seeds_err": seeds, f"{m}_test_err": test,
                    f"{m}_err": float(np.hypot(seeds, test))}
        rows.append(row)
    return rows


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--data", type=Path, default=DATA, help="benchmarks/finetune.py's data folder")
    p.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10_000])
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--n-test", type=int, default=4000, help="fixed balanced test jets")
    p.add_argument("--max-constituents", type=int, default=128,
                   help="leading constituents the observables see (the fine-tuning benchmark's tokens keep 64)")
    p.add_argument("--tokenizer", type=Path, default=None,
                   help="measure the jets as this tokenizer's tokens describe them (encode + decode)")
    p.add_argument("--out", type=Path, default=RESULTS)
    a = p.parse_args()
    t0 = time.time()
    test, pool, files = load_sets(a.data, a.n_test, a.max_constituents, a.tokenizer)
    t_obs = time.time() - t0
    points = [point(test, pool, kind, feats, n, seed)
              for kind in ("hgb", "logistic") for feats in FEATURES for n in a.sizes for seed in range(a.seeds)]
    table = aggregate(points)
    for r in table:
        print(f"{r['model']:8s} {r['features']:8s} n={r['n_train']:>5d}: acc {r['accuracy']:.4f} "
              f"+- {r['accuracy_err']:.4f}  auc {r['auc']:.4f} +- {r['auc_err']:.4f}")
    results = {
        "command": "python benchmarks/tagging_ceiling.py", "last_invocation": "python " + " ".join(sys.argv),
        "question": "top vs QCD accuracy from high-level observables alone at the fine-tuning label counts",
        "files": files, "n_test": len(test["y"]), "n_pool": len(pool["y"]), "features": FEATURES,
        "max_constituents": a.max_constituents,
        "jets": "as generated" if a.tokenizer is None else f"encoded + decoded by {a.tokenizer}",
        "table": table, "points": points,
        "seconds": {"observables": round(t_obs, 1), "total": round(time.time() - t0, 1)},
    }
    save(a.out, results, wall_s=time.time() - t0)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
