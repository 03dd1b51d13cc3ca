"""Does the tokenizer keep the top jets' substructure? (issue 25: median relative bias of mass,
tau21 and tau32 after encode + decode, each within 5% at the small preset.)

    # how much eta/phi resolution the observables need (no training, ~30 s)
    python benchmarks/tokenizer_substructure.py --part noise
    # tokenizer variants with the demo's settings, each over seeds (minutes per run)
    flock /tmp/omnijet-heavy.lock python benchmarks/tokenizer_substructure.py --part train \\
        --variants pt_weight=0 pt_weight=1 codebook_size=2048,pt_weight=1 --seeds 0 1
    # the small preset's jet-level term, longer training (--epochs), its axes (VQVAEConfig fields)
    flock /tmp/omnijet-heavy.lock python benchmarks/tokenizer_substructure.py --part train \
        --variants pt_weight=1,substructure_weight=1,substructure_axes=matched --seeds 1 --epochs 20

Training uses the agent request's settings of the preset (omnijet/presets.py: jets per class,
tokenizer epochs, batch, lr) on top + QCD jets; the measure is on held-out top jets: median
and half the 16-84% width of (reco - truth) / truth, and the rms angle error of the 10 hardest
and of the other constituents. Where the bias comes from, in the same row: the biases on top
jets it trained on (train_jets_*: a gap would be overfitting), tau21 / tau32 as the training
term measures them (*_axes_orig: greedy axes of the original jet; *_axes_reco: the same greedy
choice on the reconstruction, close to fastjet's), and with only the 10 hardest constituents
reconstructed (*_hard_only) or only the others (*_soft_only). Writes
benchmarks/results/tokenizer_substructure.json.
"""

from __future__ import annotations

import sys
import tempfile
import time
from typing import Any

import _common  # noqa: F401  (first: OpenMP threads, plots to files, the repository on sys.path)
import numpy as np
import torch
from _common import HERE, parser, save

from omnijet.data.batch import JetBatch
from omnijet.data.observables import jet_observables
from omnijet.evaluate.token_quality import reconstruct
from omnijet.presets import sizes
from omnijet.tokenizer.base import load_tokenizer
from omnijet.tokenizer.vqvae import VQVAEConfig
from omnijet.train.loop import TrainConfig
from omnijet.train.tokenizer import train_tokenizer
from omnijet.utils import read_json

RESULTS = HERE / "results" / "tokenizer_substructure.json"
OBSERVABLES = ("mass", "tau21", "tau32")
INT_FIELDS = ("codebook_size", "code_dim", "dim", "n_blocks", "n_heads", "substructure_warmup", "dead_after")
STR_FIELDS = ("substructure_axes",)


def load(path: str | None, process: str, n: int) -> JetBatch:
    """n jets from a file, or generated and cached (benchmarks/common.py, seed 0)."""
    from omnijet.data.io import load_jets

    if path is None:
        from common import dataset

        path = str(dataset(process, n, 0))
    b = load_jets(path, max_jets=n)
    if len(b) < n:
        sys.exit(f"{path}: {len(b)} jets, {n} needed")
    return b


def biases(truth: JetBatch, reco: JetBatch) -> dict[str, float]:
    """Median and half the 16-84% width of (reco - truth) / truth of each observable."""
    t, r = jet_observables(truth), jet_observables(reco)
    out: dict[str, float] = {}
    for k in OBSERVABLES:
        with np.errstate(divide="ignore", invalid="ignore"):
            d = (r[k] - t[k]) / t[k]
        d = d[np.isfinite(d)]
        q16, q50, q84 = np.quantile(d, [0.16, 0.5, 0.84])
        out[f"{k}_median"], out[f"{k}_width"] = float(q50), float(0.5 * (q84 - q16))
    return out


def loss_measure_biases(truth: JetBatch, reco: JetBatch) -> dict[str, float]:
    """Median relative bias of tau21 and tau32 as the training term measures them (greedy axes
    fixed from the original jet, omnijet/tokenizer/substructure.py), and with the same greedy
    axes taken from the reconstruction itself: which part of the fastjet bias the term sees."""
    from omnijet.tokenizer.substructure import N_AXES, fixed_axes, tau

    m = truth.mask
    pt_t, pt_r = truth.part[..., 0] * m, reco.part[..., 0].clamp_min(0) * m
    ang_t, ang_r = truth.part[..., 1:], reco.part[..., 1:]
    out: dict[str, float] = {}
    for axes_from in ("orig", "reco"):
        t, r = [], []
        for n in N_AXES:
            axes = fixed_axes(pt_t if axes_from == "orig" else pt_r,
                              ang_t if axes_from == "orig" else ang_r, m, n)
            ax_t = axes if axes_from == "orig" else fixed_axes(pt_t, ang_t, m, n)
            t.append(tau(pt_t, ang_t, ax_t))
            r.append(tau(pt_r, ang_r, axes))
        for name, (num, den) in (("tau21", (1, 0)), ("tau32", (2, 1))):
            with np.errstate(divide="ignore", invalid="ignore"):
                d = ((r[num] / r[den]) / (t[num] / t[den]) - 1).numpy()
            out[f"{name}_median_axes_{axes_from}"] = float(np.median(d[np.isfinite(d)]))
    return out


def angle_errors(truth: JetBatch, reco: JetBatch, hard: int = 10) -> dict[str, float]:
    """rms per-angle error (rad) of the `hard` leading constituents and of the others."""
    m = truth.mask
    rank = torch.argsort(torch.argsort(-(truth.part[..., 0] * m), 1), 1)  # 0 = hardest
    err2 = (reco.part[..., 1:] - truth.part[..., 1:]).square().sum(-1)
    return {f"rms_angle_{name}": float((err2[sel].mean() / 2).sqrt())
            for name, sel in (("hard", (rank < hard) & m), ("soft", (rank >= hard) & m))}


def attribution(truth: JetBatch, reco: JetBatch, hard: int = 10) -> dict[str, float]:
    """Median biases with only the `hard` leading constituents reconstructed (the others as
    they were), and with only the others reconstructed: where the bias comes from."""
    m = truth.mask
    rank = torch.argsort(torch.argsort(-(truth.part[..., 0] * m), 1), 1)
    out: dict[str, float] = {}
    for name, sel in (("hard_only", rank < hard), ("soft_only", rank >= hard)):
        part = torch.where(sel[..., None], reco.part, truth.part) * m[..., None]
        b = biases(truth, JetBatch(part, m, truth.label))
        out.update({f"{k}_{name}": v for k, v in b.items() if k.endswith("median")})
    return out


def noise(top: JetBatch, seed: int = 0) -> list[dict[str, float]]:
    """Biases after gaussian noise on eta/phi (rad) or on log pT: the resolution needed."""
    g = torch.Generator().manual_seed(seed)
    rows = []
    for kind, sigmas in (("angle", (0.0025, 0.005, 0.01, 0.02, 0.04)), ("log_pt", (0.05, 0.1, 0.2))):
        for s in sigmas:
            p = top.part.clone()
            if kind == "angle":
                p[..., 1:] += s * torch.randn(p[..., 1:].shape, generator=g)
            else:
                p[..., 0] *= torch.exp(s * torch.randn(p[..., 0].shape, generator=g))
            noisy = JetBatch(p * top.mask[..., None], top.mask, top.label)
            rows.append({"noise_on": kind, "sigma": s, **biases(top, noisy)})
            print(rows[-1], flush=True)
    return rows


def parse_variant(text: str) -> dict[str, Any]:
    """'codebook_size=2048,pt_weight=1' -> {'codebook_size': 2048, 'pt_weight': 1.0}."""
    out: dict[str, Any] = {}
    for part in filter(None, text.split(",")):
        key, _, value = part.partition("=")
        out[key] = int(value) if key in INT_FIELDS else value if key in STR_FIELDS else float(value)
    return out


def train_one(data: JetBatch, test: JetBatch, preset: str, variant: dict[str, Any], seed: int,
              epochs: int | None) -> dict[str, Any]:
    """Train one tokenizer with the preset's request settings; its biases on `test`."""
    req = sizes(preset).request
    cfg = VQVAEConfig.preset(preset, **variant)  # type: ignore[arg-type]
    tc = TrainConfig(epochs=epochs or req.tok_epochs, batch_size=req.tok_batch, lr=req.tok_lr,
                     patience=None, seed=seed, device="cpu", progress_bar=False)
    train, val = data.split([0.8, 0.2], seed=seed)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        res = train_tokenizer(train, val, tmp, cfg, tc)
        tok = load_tokenizer(res.best_path, "cpu")
    reco, _ = reconstruct(tok, test)
    seen = train[train.label == test.label[0]][slice(0, len(test))]  # top jets it trained on
    reco_seen, _ = reconstruct(tok, seen)
    steps = tc.epochs * -(-len(train) // tc.batch_size)
    row = {"variant": variant, "seed": seed, "epochs": tc.epochs, "train_s": time.perf_counter() - t0,
           "fit_s": res.metrics["wall_s"], "s_per_step": res.metrics["wall_s"] / steps,
           "best_epoch": res.metrics["best_epoch"],
           "val_mse": res.metrics["val"]["mse"], "mse_per_feature": res.metrics["val"]["mse_per_feature"],
           "codebook_usage": res.metrics["val"]["codebook_usage"], **biases(test, reco),
           **angle_errors(test, reco), **loss_measure_biases(test, reco), **attribution(test, reco),
           **{f"train_jets_{k}": v for k, v in biases(seen, reco_seen).items() if k.endswith("median")}}
    print({k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()}, flush=True)
    return row


def main() -> None:
    ap = parser(__doc__, brief=True)
    ap.add_argument("--part", choices=["noise", "train"], required=True)
    ap.add_argument("--preset", default="small")
    ap.add_argument("--top", help="top-jet file (default: generated, cached)")
    ap.add_argument("--qcd", help="QCD-jet file (default: generated, cached)")
    ap.add_argument("--n-test", type=int, default=1000, help="held-out top jets measured")
    ap.add_argument("--variants", nargs="+", default=["pt_weight=0", "pt_weight=1"])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1])
    ap.add_argument("--epochs", type=int, help="tokenizer epochs (default: the preset's)")
    ap.add_argument("--test-from", type=int, help="first held-out top jet (default: right after the "
                    "training ones; session 7's exploration measured jets 4500-5499)")
    args = ap.parse_args()
    n = sizes(args.preset).request.n_jets
    start = args.test_from if args.test_from is not None else n
    if start < n:
        sys.exit(f"--test-from {start} overlaps the {n} training top jets")
    top = load(args.top, "top", start + args.n_test)
    test = top[slice(start, start + args.n_test)]
    result: dict[str, Any] = read_json(RESULTS) if RESULTS.exists() else {}
    if args.part == "noise":
        result["noise"] = noise(test)
        result.setdefault("commands", {})["noise"] = "python benchmarks/tokenizer_substructure.py " + " ".join(sys.argv[1:])
        save(RESULTS, result, threads=torch.get_num_threads())
    else:
        data = JetBatch.concat([top[slice(0, n)], load(args.qcd, "qcd", n)])
        command = "python benchmarks/tokenizer_substructure.py " + " ".join(sys.argv[1:])
        for v in args.variants:
            for seed in args.seeds:  # each row saved at once: a long call resumes where it stopped
                row = {**train_one(data, test, args.preset, parse_variant(v), seed, args.epochs),
                       "test_jets": [start, start + args.n_test], "command": command}
                add_row(result.setdefault(f"train_{args.preset}", []), row)
                save(RESULTS, result, threads=torch.get_num_threads())
    print(f"wrote {RESULTS}")


def add_row(rows: list[dict[str, Any]], row: dict[str, Any]) -> None:
    """Append a training row, replacing an earlier one of the same variant, seed and test jets."""
    same = ("variant", "seed", "epochs", "test_jets")
    rows[:] = [r for r in rows if any(r.get(k) != row[k] for k in same)] + [row]


if __name__ == "__main__":
    main()
