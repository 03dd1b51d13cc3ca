"""Backbone benchmark: generation speed (KV cache vs full recompute), training speed, and the
classifier-test AUC of a `small` GPT trained on generated top + QCD jets.

    flock /tmp/omnijet-heavy.lock python benchmarks/backbone.py            # everything
    flock /tmp/omnijet-heavy.lock python benchmarks/backbone.py --part speed

Speed: one model, the same weights, both sampling paths, every jet forced to 128 constituents
(STOP masked), same batch size, median and spread over repeats. Writes
benchmarks/results/backbone.json.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import timed  # noqa: E402

from omnijet.backbone.generate import sample_sequences  # noqa: E402
from omnijet.backbone.model import GPT, GPTConfig  # noqa: E402
from omnijet.train.pretrain import SequenceData, make_loss_fn  # noqa: E402
from omnijet.utils import autocast, pick_device, provenance, read_json, write_json  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "backbone.json"



def _stats(jets: int, times: list[float]) -> dict[str, Any]:
    rates = np.array([jets / t for t in times])
    return {"jets_per_s": float(np.median(rates)), "jets_per_s_min": float(rates.min()),
            "jets_per_s_max": float(rates.max()), "repeats": len(times),
            "seconds": [round(t, 3) for t in times]}


def generation_speed(preset: str, codebook: int, batch: int, repeats: int,
                     device: torch.device) -> dict[str, Any]:
    torch.manual_seed(0)
    model = GPT(GPTConfig.preset(preset, codebook)).to(device).eval()  # same weights for both
    kw = dict(batch_size=batch, max_len=128, allow_stop=False, seed=0, device=str(device))
    sample_sequences(model, min(batch, 8), use_cache=True, **kw)  # warm-up
    cached = timed(lambda: sample_sequences(model, batch, use_cache=True, **kw), repeats, device)
    full = timed(lambda: sample_sequences(model, batch, use_cache=False, **kw),
                  max(1, repeats // 2), device)
    a = sample_sequences(model, 4, use_cache=True, **{**kw, "batch_size": 4})
    b = sample_sequences(model, 4, use_cache=False, **{**kw, "batch_size": 4})
    res = {"preset": preset, "codebook_size": codebook, "batch_size": batch,
           "constituents": 128, "device": str(device), "n_params": model.n_params(),
           "kv_cache": _stats(batch, cached), "full_recompute": _stats(batch, full),
           "same_jets_both_paths": bool(torch.equal(a, b)),
           "baseline": "full recompute: backbone over the whole prefix every step, head on the "
                       "last position only (the reference applies the head to every position, "
                       "so it is slower still)"}
    res["speedup"] = res["kv_cache"]["jets_per_s"] / res["full_recompute"]["jets_per_s"]
    return res


def training_speed(preset: str, codebook: int, batch: int, steps: int,
                   device: torch.device) -> dict[str, Any]:
    """Optimizer steps on random jets of 20-100 constituents; tokens = non-padded targets."""
    from omnijet.tokenizer.tokens import TokenDataset

    g = torch.Generator().manual_seed(0)
    n = torch.randint(20, 101, (batch * steps,), generator=g)
    mask = torch.arange(128)[None, :] < n[:, None]
    data = TokenDataset(torch.randint(0, codebook, (len(n), 128), generator=g), mask,
                        torch.zeros(len(n), dtype=torch.long), codebook)
    cfg = GPTConfig.preset(preset, codebook)
    torch.manual_seed(0)
    model = GPT(cfg).to(device).train()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    seqs, loss_fn = SequenceData(data, cfg), make_loss_fn(cfg)

    def step(i: int) -> int:
        b = seqs[torch.arange(i * batch, (i + 1) * batch)].to(device)
        with autocast(device):
            loss, _ = loss_fn(model, b)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return int((b.seq[:, 1:] != cfg.pad).sum())

    step(0)  # warm-up
    per_step = []
    for i in range(1, steps):
        if device.type == "cuda":
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        tokens = step(i)
        if device.type == "cuda":
            torch.cuda.synchronize()
        per_step.append(tokens / (time.perf_counter() - t0))
    r = np.array(per_step)
    return {"preset": preset, "codebook_size": codebook, "batch_size": batch, "device": str(device),
            "tokens_per_s": float(np.median(r)), "tokens_per_s_p10": float(np.quantile(r, 0.1)),
            "tokens_per_s_p90": float(np.quantile(r, 0.9)), "steps": len(r),
            "mean_jet_constituents": float(n.float().mean())}


def real_jets(process: str, n: int, seed: int) -> Any:
    """Generated Pythia jets from benchmarks/common.py's shared cache."""
    from common import dataset

    from omnijet.data.io import load_jets

    return load_jets(dataset(process, n, seed), max_jets=n)


def classifier_auc(n_jets: int, epochs: int, tok_epochs: int, n_gen: int | None, work: Path,
                   device: torch.device) -> dict[str, Any]:
    """small GPT on top + QCD jets (tokenized by a small VQ-VAE), generated vs reconstructed."""
    from omnijet.backbone.generate import generate_file
    from omnijet.data.batch import JetBatch
    from omnijet.data.io import load_jets
    from omnijet.evaluate.generation import classifier_test, observables, reconstruct, w1_distances
    from omnijet.tokenizer.api import tokenize_file
    from omnijet.tokenizer.vqvae import VQVAEConfig
    from omnijet.train.loop import TrainConfig
    from omnijet.train.pretrain import run_pretrain
    from omnijet.train.tokenizer import train_tokenizer

    t0 = time.time()
    jets = JetBatch.concat([real_jets(p, n_jets // 2, seed=0) for p in ("top", "qcd")])
    train, val, test = jets.split([0.7, 0.1, 0.2], seed=0)
    n_gen = n_gen or len(test)
    t_data = time.time() - t0
    t0 = time.time()
    tok_dir = work / "tok"
    tok_res = train_tokenizer(train, val, tok_dir, VQVAEConfig.preset("small"),
                              TrainConfig(epochs=tok_epochs, batch_size=256,
                                          progress_bar=False, device=str(device)))
    tok_path = tok_dir / "best.pt"
    t_tok = time.time() - t0
    from omnijet.data.jetclass import write_jetclass

    files = {}
    for name, part in (("train", train), ("val", val), ("test", test)):
        write_jetclass(work / f"{name}.root", part, {"benchmark": "backbone", "split": name})
        files[name] = tokenize_file(tok_path, work / f"{name}.root", work / f"{name}_tokens.pt")
    res = run_pretrain(files["train"], work / "gpt", files["val"], "small", epochs=epochs,
                       batch_size=128, patience=3, device=str(device), tokenizer=tok_path,
                       progress_bar=False)
    t_gpt = time.time() - t0 - t_tok
    g0 = time.time()
    gen_path = generate_file(res.best_path, tok_path, n_gen, work / "gen.root", seed=0,
                             device=str(device))
    t_gen = time.time() - g0
    gen = load_jets(gen_path)
    reco = reconstruct(test, tok_path)
    n = min(len(gen), len(reco))
    gen, reco = gen[np.arange(n)], reco[np.arange(n)]
    clf = classifier_test(gen, reco, seed=0)
    clf.pop("test_probs")
    clf.pop("test_labels")
    return {
        "auc_generated_vs_reconstructed": clf["auc"], "classifier": clf,
        "w1": w1_distances(observables(reco), observables(gen)),
        "w1_reference_halves": w1_distances(observables(reco[np.arange(n // 2)]),
                                            observables(reco[np.arange(n // 2, n)])),
        "jets": {"train": len(train), "val": len(val), "test": len(test), "generated": n_gen},
        "gpt": {"preset": "small", "best_val_loss": res.best_val_loss,
                "epochs_run": res.epochs_run, "history": res.history},
        "tokenizer": {"preset": "small", "val": tok_res.metrics["val"],
                      "epochs_run": tok_res.metrics["epochs_run"]},
        "generation_jets_per_s": n_gen / t_gen,
        "seconds": {"data": t_data, "tokenizer": t_tok, "gpt": t_gpt, "generation": t_gen,
                    "total": time.time() - t0},
        "paper_auc_full_scale": 0.54,
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--part", choices=["all", "speed", "auc"], default="all")
    p.add_argument("--preset", default="small", help="preset for the speed measurements")
    p.add_argument("--codebook", type=int, default=8192)
    p.add_argument("--gen-batch", type=int, default=64)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--train-batch", type=int, default=64)
    p.add_argument("--train-steps", type=int, default=12)
    p.add_argument("--jets", type=int, default=8000, help="real top + QCD jets for the AUC part")
    p.add_argument("--epochs", type=int, default=5, help="GPT epochs (AUC part)")
    p.add_argument("--tok-epochs", type=int, default=4, help="tokenizer epochs (AUC part)")
    p.add_argument("--gen-jets", type=int, default=None, help="default: as many as test jets")
    p.add_argument("--device", default="auto")
    p.add_argument("--out", type=Path, default=RESULTS)
    a = p.parse_args()
    device = pick_device(a.device)
    torch.set_num_threads(min(torch.get_num_threads(), 2) if device.type == "cpu" else torch.get_num_threads())
    results: dict[str, Any] = read_json(a.out) if a.out.exists() else {}
    command = "flock /tmp/omnijet-heavy.lock python " + " ".join(sys.argv)
    results.pop("command", None)
    results.setdefault("commands", {})
    if a.part in ("all", "speed"):
        results["commands"]["speed"] = command
        results["generation_speed"] = generation_speed(a.preset, a.codebook, a.gen_batch,
                                                       a.repeats, device)
        print("generation", results["generation_speed"]["speedup"], flush=True)
        results["training_speed"] = training_speed(a.preset, a.codebook, a.train_batch,
                                                   a.train_steps, device)
        print("training", results["training_speed"]["tokens_per_s"], flush=True)
    if a.part in ("all", "auc"):
        results["commands"]["auc"] = command
        with tempfile.TemporaryDirectory() as tmp:
            results["classifier_test"] = classifier_auc(a.jets, a.epochs, a.tok_epochs,
                                                        a.gen_jets, Path(tmp), device)
        print("classifier", results["classifier_test"].get("auc_generated_vs_reconstructed"))
    results["provenance"] = provenance(device=str(device), threads=torch.get_num_threads())
    write_json(a.out, results)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
