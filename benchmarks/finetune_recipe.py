"""Fine-tuning recipes on the transfer benchmark's backbone, chosen without the test set
(issue 25's tagging bar: small preset, >= 0.91 at 1000 labels and >= 0.87 at 100).

    # the chain first (benchmarks/finetune.py, each stage under the lock)
    flock /tmp/omnijet-heavy.lock python benchmarks/finetune.py --stage pretrain
    # screen: each recipe trained and scored on the SELECTION set (never the test set)
    flock /tmp/omnijet-heavy.lock timeout 590 python benchmarks/finetune_recipe.py --phase select \\
        --recipes default epochs=30,patience=6 lr=3e-4 lr=1e-3,backbone_lr=1e-4 --seeds 1
    # then the chosen recipes on the test set (points already trained are scored, not retrained)
    flock /tmp/omnijet-heavy.lock timeout 590 python benchmarks/finetune_recipe.py --phase test \\
        --recipes default lr=1e-3,backbone_lr=1e-4 --seeds 3

A recipe is "default" (benchmarks/finetune.py's fine-tuning settings: 10 epochs of 1024 jets,
batch 64, AdamW 1e-4, patience 3) or comma-separated overrides of it: any FinetuneConfig field
(lr, backbone_lr, epochs, patience, batch_size, schedule, head, weight_decay) or epoch_jets
(jets per epoch, which sets min_epoch_jets and the step cap as the benchmark does).
The sets: benchmarks/finetune.py's labelled tokens (leading 64 constituents) split as its scan
does (split_fixed: val 500 for early stopping, test 2000); from the scan's training pool a
balanced selection set (--n-select) is set apart, and the labelled subsets (balanced, one per
seed) come from the rest. Every point keeps its best checkpoint (benchmarks/.cache/finetune/
recipe/), so --phase test scores the screened points without training them again. Resumable
point by point (and within a point, from its last epoch). Errors: binomial per point, seeds'
standard error, both in quadrature. Writes benchmarks/results/finetune_recipe.json.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import _common  # noqa: F401  (first: OpenMP threads, plots to files, the repository on sys.path)
import numpy as np
import torch
from _common import HERE, parser, save, training_args
from finetune import WORK, _truncate

from omnijet.tokenizer.tokens import TokenDataset
from omnijet.transfer.finetune import FinetuneConfig
from omnijet.transfer.shards import append_line, read_lines
from omnijet.utils import read_json

RESULTS = HERE / "results" / "finetune_recipe.json"
BASE = {"epochs": 10, "batch_size": 64, "patience": 3, "lr": 1e-4, "scratch_lr": 1e-3,
        "min_epoch_jets": 1024, "max_steps_per_epoch": 16}  # benchmarks/finetune.py's defaults
FLOAT_FIELDS = ("lr", "backbone_lr", "weight_decay", "scratch_lr")
STR_FIELDS = ("schedule", "head")


def recipe_config(recipe: str, device: str) -> FinetuneConfig:
    """The FinetuneConfig of a recipe string ("default" or "k=v,k=v" overrides of BASE)."""
    over: dict[str, Any] = {}
    for item in ([] if recipe == "default" else recipe.split(",")):
        key, value = item.split("=")
        if key == "epoch_jets":
            over |= {"min_epoch_jets": int(value), "max_steps_per_epoch": max(1, int(value) // BASE["batch_size"])}
        elif key in FLOAT_FIELDS:
            over[key] = float(value)
        elif key in STR_FIELDS:
            over[key] = value
        else:
            over[key] = int(value)
    return FinetuneConfig(**{**BASE, **over, "device": device})


def load_sets(work: Path, n_val: int, n_test: int, n_select: int, max_train: int, max_constituents: int):
    """(pool, val, select, test), as described in the module docstring."""
    from omnijet.transfer.labelled_tokens import remap_labels, split_fixed

    path = work / "labelled_tokens.pt"
    if not path.exists():
        sys.exit(f"{path} is missing: run benchmarks/finetune.py --stage pretrain first")
    data, _ = remap_labels(_truncate(TokenDataset.load(path), max_constituents))
    pool, val, test = split_fixed(data, n_val, n_test, n_select, 0)  # the scan's split_seed
    # the selection set: a balanced draw from the scan's pool (2 jets are set aside and unused)
    pool, select, _ = split_fixed(pool, n_select, 2, max_train, 7_000)
    return pool, val, select, test


def point_key(recipe: str, size: int, seed: int) -> str:
    return f"{recipe}|{size}|{seed}"


def score(point_dir: Path, data: TokenDataset, gpt, cfg: FinetuneConfig) -> dict[str, Any]:
    """Accuracy (with its binomial error) and AUC of a point's best checkpoint on `data`."""
    from omnijet.checkpoint_io import load_checkpoint
    from omnijet.evaluate.metrics import hanley_mcneil
    from omnijet.transfer.classifier import build_classifier
    from omnijet.transfer.finetune import classification_metrics, predict_proba

    model = build_classifier("finetune", gpt.cfg, gpt, cfg.head, 2, seed=0)
    model.load_state_dict(load_checkpoint(point_dir / "best.pt", kind="classifier")["model"])
    y = data.label.numpy()
    m = classification_metrics(y, predict_proba(model, data, 256))
    acc, auc = m["accuracy"], m["auc"]
    return {"accuracy": acc, "accuracy_err": float(np.sqrt(acc * (1 - acc) / len(y))), "auc": auc,
            "auc_err": hanley_mcneil(auc, int((y == 1).sum()), int((y == 0).sum())), "n": len(y)}


def train_point(out: Path, sets, gpt, recipe: str, size: int, seed: int, device: str) -> dict[str, Any]:
    """Train one point (or resume it), score it on the selection set; the record to store."""
    from omnijet.transfer.finetune import finetune
    from omnijet.transfer.labelled_tokens import balanced_subset

    pool, val, select, _ = sets
    cfg = recipe_config(recipe, device)
    res = finetune(balanced_subset(pool, size, seed), val, select, "finetune",
                   out / "points" / point_key(recipe, size, seed).replace("|", "_"),
                   pretrained=gpt, cfg=cfg, seed=seed)
    acc = res["accuracy"]
    return {"recipe": recipe, "n_train": size, "seed": seed, "config": cfg.to_dict(),
            "select": {"accuracy": acc, "accuracy_err": float(np.sqrt(acc * (1 - acc) / len(select))),
                       "auc": res["auc"], "n": len(select)},
            "best_epoch": res["best_epoch"], "epochs_run": res["epochs_run"],
            "train_seconds": round(res["train_seconds"], 1)}


def aggregate(points: list[dict[str, Any]], part: str) -> list[dict[str, Any]]:
    """Mean over seeds per (recipe, size) of `part` (select | test) with its errors."""
    rows = []
    have = [p for p in points if part in p]
    for recipe, size in sorted({(p["recipe"], p["n_train"]) for p in have}, key=lambda k: (k[1], k[0])):
        ps = [p[part] for p in have if (p["recipe"], p["n_train"]) == (recipe, size)]
        v = np.array([p["accuracy"] for p in ps])
        seeds = float(v.std(ddof=1) / np.sqrt(len(v))) if len(v) > 1 else 0.0
        binom = float(np.mean([p["accuracy_err"] for p in ps]))
        rows.append({"recipe": recipe, "n_train": size, "seeds": len(ps), "accuracy": float(v.mean()),
                     "accuracy_seeds_err": seeds, "accuracy_binomial_err": binom,
                     "accuracy_err": float(np.hypot(seeds, binom)),
                     "auc": float(np.mean([p["auc"] for p in ps])), "per_seed": v.round(4).tolist()})
    return rows


def run(a, out: Path) -> list[dict[str, Any]]:
    """Train / score every requested point not yet done; returns all stored points."""
    from omnijet.backbone.checkpoint import load_gpt_state

    gpt, _ = load_gpt_state(a.work / "gpt" / "best.pt")
    sets = load_sets(a.work, a.n_val, a.n_test, a.n_select, max(a.sizes), a.max_constituents)
    store = out / "points.jsonl"
    store.parent.mkdir(parents=True, exist_ok=True)
    # a later line of the same key replaces an earlier one (its test score added)
    done = {point_key(p["recipe"], p["n_train"], p["seed"]): p for p in read_lines(store)}
    for recipe in a.recipes:
        for size in a.sizes:
            for seed in range(a.seeds):
                key = point_key(recipe, size, seed)
                if key not in done:
                    done[key] = train_point(out, sets, gpt, recipe, size, seed, a.device)
                    print(f"{key}: select acc {done[key]['select']['accuracy']:.4f} "
                          f"({done[key]['epochs_run']} ep, {done[key]['train_seconds']:.0f} s)", flush=True)
                    append_line(store, done[key])
                if a.phase == "test" and "test" not in done[key]:
                    point_dir = out / "points" / key.replace("|", "_")
                    done[key]["test"] = score(point_dir, sets[3], gpt, recipe_config(recipe, a.device))
                    append_line(store, done[key])
    return list(done.values())


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--phase", choices=["select", "test"], default="select",
                   help="select: score on the selection set only; test: also on the test set")
    p.add_argument("--recipes", nargs="+", default=["default"])
    p.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    p.add_argument("--seeds", type=int, default=1)
    p.add_argument("--n-val", type=int, default=500)
    p.add_argument("--n-test", type=int, default=2000)
    p.add_argument("--n-select", type=int, default=2000, help="balanced selection jets from the pool")
    p.add_argument("--max-constituents", type=int, default=64)
    a = training_args(p, WORK, RESULTS)
    t0 = time.time()
    points = run(a, a.work / "recipe")
    results = read_json(a.out) if a.out.exists() else {}
    results |= {"command": __doc__.split("\n\n")[1].strip(), "last_invocation": "python " + " ".join(sys.argv),
                "base": BASE, "selection": aggregate(points, "select"), "test": aggregate(points, "test"),
                "points": points, "gpt": str(a.work / "gpt" / "best.pt"),
                "sets": {"n_val": a.n_val, "n_test": a.n_test, "n_select": a.n_select,
                         "max_constituents": a.max_constituents}}
    save(a.out, results, threads=torch.get_num_threads(), wall_s=time.time() - t0)
    for part in ("selection", "test"):
        for r in results[part]:
            print(f"{part:9s} {r['recipe']:32s} n={r['n_train']:>5d} x{r['seeds']}: "
                  f"{r['accuracy']:.4f} +- {r['accuracy_err']:.4f}")


if __name__ == "__main__":
    main()
