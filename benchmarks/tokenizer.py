"""Tokenizer benchmark: tokenization and training throughput, and a small token-quality study.

    flock /tmp/omnijet-heavy.lock python benchmarks/tokenizer.py               # everything
    flock /tmp/omnijet-heavy.lock python benchmarks/tokenizer.py --part speed  # throughput only

Study (the paper's first result at small scale): generated top + QCD jets; conditional vs
unconditional VQ-VAE vs binned grid at equal codebook size (512), and a small (512) vs large
(4096) codebook; reported as the top-jet mass resolution (width of (reco - truth) / truth),
tau ratios, codebook use and the DeepSets accuracy on original vs reconstructed jets.
Writes benchmarks/results/tokenizer.json.
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _common  # noqa: F401  (first: OpenMP threads, plots to files, the repository on sys.path)
import numpy as np
import torch
from _common import HERE, parser
from common import timed

from omnijet.data.batch import JetBatch
from omnijet.evaluate.token_quality import CLASSIFIER_TRAIN, evaluate_tokenizer
from omnijet.tokenizer.binned import BinnedTokenizer
from omnijet.tokenizer.vqvae import VQVAE, VQVAEConfig, VQVAETokenizer, vqvae_loss
from omnijet.train.loop import TrainConfig
from omnijet.train.tokenizer import kmeans_init, train_tokenizer
from omnijet.utils import pick_device, provenance, read_json, write_json

BATCH = 256  # jets per optimizer step in the training-speed measurement
RESULTS = HERE / "results" / "tokenizer.json"


def jets(process: str, n: int, seed: int) -> JetBatch:
    from common import dataset  # benchmarks/common.py: cached generated jets

    from omnijet.data.io import load_jets

    d = dataset(process, n, seed)
    return d if isinstance(d, JetBatch) else load_jets(d, max_jets=n)


def _rates(n: int, times: list[float]) -> dict[str, Any]:
    r = np.array([n / t for t in times])
    return {"jets_per_s": float(np.median(r)), "min": float(r.min()), "max": float(r.max()),
            "repeats": len(times)}



def _train_steps(model: VQVAE, opt: torch.optim.Optimizer, data: JetBatch, steps: int, bs: int,
                 device: torch.device) -> None:
    for i in range(steps):
        a = (i * bs) % len(data)
        loss, _ = vqvae_loss(model, data[slice(a, a + bs)].to(device), model.cfg.alpha)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()


def speed(data: JetBatch, device: torch.device, repeats: int, train_steps: int) -> dict[str, Any]:
    """Encode/decode jets/s per tokenizer, and training jets/s (optimizer steps of batch 256)."""
    out: dict[str, Any] = {"n_jets": len(data), "mean_constituents": float(data.multiplicity.float().mean()),
                           "device": str(device), "threads": torch.get_num_threads()}
    cases = [("conditional", "small"), ("unconditional", "small"), ("conditional", "paper")]
    for arch, preset in cases:
        torch.manual_seed(0)
        cfg = VQVAEConfig.preset(preset, arch=arch)
        model = VQVAE(cfg).to(device)
        kmeans_init(model, data, 50_000, 0, device)
        tok = VQVAETokenizer(model, batch_size=512)
        n = len(data) if preset == "small" else min(len(data), 500)
        sub = data[slice(0, n)]
        tok.encode(sub[slice(0, 16)])  # warm-up
        enc = timed(lambda s=sub, t=tok: t.encode(s), repeats, device)
        tokens, mask = tok.encode(sub)
        dec = timed(lambda t=tok, a=tokens, m=mask: t.decode(a, m), repeats, device)
        # training: optimizer steps on batches of 256 jets
        model.train()
        opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
        steps = train_steps if preset == "small" else max(2, train_steps // 4)

        step_times = timed(
            lambda m=model, o=opt, k=steps: _train_steps(m, o, data, k, BATCH, device), 2, device)
        out[f"{arch}_{preset}"] = {
            "codebook_size": cfg.codebook_size, "encode_jets": n,
            "encode": _rates(n, enc), "decode": _rates(n, dec),
            "train": _rates(steps * BATCH, step_times), "train_batch_size": BATCH,
            "n_params": sum(p.numel() for p in model.parameters()),
        }
        print(f"{arch}/{preset}: encode {out[f'{arch}_{preset}']['encode']['jets_per_s']:.0f} jets/s, "
              f"train {out[f'{arch}_{preset}']['train']['jets_per_s']:.0f} jets/s", flush=True)
    binned = BinnedTokenizer.fit(data, 20)
    enc = timed(lambda: binned.encode(data), repeats, device)
    out["binned_20"] = {"codebook_size": binned.codebook_size, "encode": _rates(len(data), enc)}
    return out


def study(train: JetBatch, val: JetBatch, test: JetBatch, epochs: int, batch_size: int,
          device: str, classifier_epochs: int, small_k: int, large_k: int) -> dict[str, Any]:
    """Train each tokenizer on the same jets and measure token quality on the same test jets."""
    tc = TrainConfig(epochs=epochs, batch_size=batch_size, lr=1e-3, patience=None, seed=0,
                     device=device, progress_bar=False)
    ccfg = dataclasses.replace(CLASSIFIER_TRAIN, epochs=classifier_epochs, device=device)
    runs: dict[str, Any] = {}
    for name, arch, k in (("conditional", "conditional", small_k),
                          ("unconditional", "unconditional", small_k),
                          ("binned", "binned", small_k),
                          ("conditional", "conditional", large_k),
                          ("binned", "binned", large_k)):
        key = f"{name}_{k}"
        t0 = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            if arch == "binned":
                bins = round(k ** (1 / 3))
                tok: Any = BinnedTokenizer.fit(train, bins)
                info: dict[str, Any] = {"bins": bins}
            else:
                cfg = VQVAEConfig.preset("small", arch=arch, codebook_size=k)  # type: ignore[arg-type]
                res = train_tokenizer(train, val, tmp, cfg, tc)
                tok = VQVAETokenizer(VQVAE(cfg))
                tok.model.load_state_dict(torch.load(res.best_path, weights_only=False)["model"])
                tok.to(pick_device(device))
                info = {"best_val_loss": res.metrics["best_val_loss"],
                        "val_mse": res.metrics["val"]["mse"],
                        "train_wall_s": res.metrics["wall_s"],
                        "train_jets_per_s": res.metrics["train_jets_per_s"],
                        "history_val_mse": [round(h["val_mse"], 5) for h in read_json(Path(tmp) / "history.json")]}
            m = evaluate_tokenizer(tok, test, classifier=classifier_epochs > 0, classifier_cfg=ccfg)
        top, qcd = m["per_class"].get("Tbqq", {}), m["per_class"].get("QCD", {})
        runs[key] = {
            "kind": name, "codebook_size": tok.codebook_size, **info,
            "codebook_usage": m["codebook"]["usage"], "perplexity": m["codebook"]["perplexity"],
            **{f"{c}_{o}_{q}": d["jet"][o][q] for c, d in (("top", top), ("qcd", qcd))
               for o in ("mass", "tau21", "tau32") for q in ("abs68", "width", "mean")},
            "classifier": {k2: m["classifier"][k2] for k2 in ("original", "reconstructed", "accuracy_gap")}
            if "accuracy_gap" in m.get("classifier", {}) else None,
            "per_class": m["per_class"], "wall_s": time.perf_counter() - t0,
        }
        print(f"{key}: top mass abs68 {runs[key]['top_mass_abs68']:.4f}, usage "
              f"{runs[key]['codebook_usage']:.2f} ({runs[key]['wall_s']:.0f}s)", flush=True)
    s, lk = f"_{small_k}", f"_{large_k}"
    w = {k: v["top_mass_abs68"] for k, v in runs.items()}
    findings = {
        "figure_of_merit": "top-jet mass resolution: 68% quantile of |m_reco - m_true| / m_true",
        "top_mass_resolution_at_equal_codebook": {n: w[n + s] for n in ("conditional", "unconditional", "binned")},
        "conditional_beats_unconditional": w["conditional" + s] < w["unconditional" + s],
        "conditional_beats_binned": w["conditional" + s] < w["binned" + s],
        "conditional_small_to_large": [w["conditional" + s], w["conditional" + lk]],
        "binned_small_to_large": [w["binned" + s], w["binned" + lk]],
        "larger_codebook_narrows_conditional": w["conditional" + lk] < w["conditional" + s],
    }
    return {"runs": runs, "findings": findings}


def main() -> None:
    ap = parser(__doc__, brief=True)
    ap.add_argument("--part", choices=["all", "speed", "study"], default="all")
    ap.add_argument("--jets", type=int, default=2000,
                    help="jets per class (benchmarks/common.py cache, seed 0, shared with data)")
    ap.add_argument("--test-jets", type=int, default=500, help="of which held out for testing")
    ap.add_argument("--epochs", type=int, default=15)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--classifier-epochs", type=int, default=15)
    ap.add_argument("--small-k", type=int, default=512)
    ap.add_argument("--large-k", type=int, default=4096)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--train-steps", type=int, default=8)
    ap.add_argument("--device", default="auto")
    args = ap.parse_args()
    t0 = time.perf_counter()
    torch.manual_seed(0)
    device = pick_device(args.device)
    result: dict[str, Any] = read_json(RESULTS) if RESULTS.exists() else {}
    full = JetBatch.concat([jets("top", args.jets, 0), jets("qcd", args.jets, 0)])
    labels = full.label.numpy()
    test_idx, fit_idx = [], []
    for lab in np.unique(labels):  # per class: the first test_jets for test, the rest to fit
        idx = np.flatnonzero(labels == lab)
        test_idx += list(idx[: args.test_jets])
        fit_idx += list(idx[args.test_jets:])
    test, fit_data = full[np.array(test_idx)], full[np.array(fit_idx)]
    train, val = fit_data.split([0.8, 0.2], seed=0)
    data_desc = {"source": "generated (Pythia 8 + FastJet) top and QCD jets, 500 < pT < 1000 GeV",
                 "train": len(train), "val": len(val), "test": len(test),
                 "test_per_class": {str(int(k)): int(v) for k, v in zip(*np.unique(test.label.numpy(), return_counts=True), strict=True)}}
    if args.part in ("all", "speed"):
        result["speed"] = speed(test, device, args.repeats, args.train_steps)
    if args.part in ("all", "study"):
        result["study"] = study(train, val, test, args.epochs, args.batch_size, args.device,
                                args.classifier_epochs, args.small_k, args.large_k)
    result.update({
        "data": data_desc, "args": vars(args), "wall_s": time.perf_counter() - t0,
        "command": "flock /tmp/omnijet-heavy.lock python benchmarks/tokenizer.py "
                   + " ".join(sys.argv[1:]),
        "provenance": provenance(device=str(device), threads=torch.get_num_threads()),
    })
    write_json(RESULTS, result)
    print(f"wrote {RESULTS} in {result['wall_s']:.0f}s")


if __name__ == "__main__":
    main()
