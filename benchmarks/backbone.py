"""Backbone benchmark: generation speed (KV cache vs full recompute), training speed, and the
classifier-test AUC of a `small` GPT trained on generated top + QCD jets.

    flock /tmp/omnijet-heavy.lock python benchmarks/backbone.py            # everything
    flock /tmp/omnijet-heavy.lock python benchmarks/backbone.py --part speed

Speed: per preset and batch size, one model with the same weights and three sampling paths
(KV cache, our full recompute, the reference's full recompute), every jet forced to 128
constituents (STOP masked), median and spread over repeats. Writes
benchmarks/results/backbone.json.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _common  # noqa: F401  (first: OpenMP threads, plots to files, the repository on sys.path)
import numpy as np
import torch
from _common import HERE, parser, save
from common import timed

from omnijet.backbone.checkpoint import load_gpt_state
from omnijet.backbone.generate import COMPACT_AT, _pick, sample_sequences
from omnijet.backbone.model import GPT, GPTConfig
from omnijet.config import GenerateJetsConfig, PretrainConfig
from omnijet.train.pretrain import SequenceData, make_loss_fn
from omnijet.utils import autocast, pick_device, read_json

RESULTS = HERE / "results" / "backbone.json"



def _stats(jets: int, times: list[float]) -> dict[str, Any]:
    rates = np.array([jets / t for t in times])
    return {"jets_per_s": float(np.median(rates)), "jets_per_s_min": float(rates.min()),
            "jets_per_s_max": float(rates.max()), "repeats": len(times),
            "seconds": [round(t, 3) for t in times]}


@torch.no_grad()
def reference_style_sample(model: GPT, n: int, max_len: int, seed: int) -> torch.Tensor:
    """The reference implementation's loop: every step runs the whole prefix through the
    whole model, the head included at every position, and samples from the last position.

    Same sampler, masking and random stream as `sample_sequences(..., allow_stop=False)`, so
    it gives the same jets; a benchmark baseline only, not part of the library.
    """
    cfg, dev = model.cfg, next(model.parameters()).device
    gen = torch.Generator(device=dev).manual_seed(seed)
    banned = torch.tensor([cfg.start, cfg.stop, cfg.pad], device=dev)
    seq = torch.full((n, 1), cfg.start, dtype=torch.long, device=dev)
    for _ in range(max_len):
        with autocast(dev):
            logits = model(seq)[0][:, -1].float()  # (n, T, V) computed, the last one used
        logits[:, banned] = float("-inf")
        seq = torch.cat([seq, _pick(logits, 1.0, None, gen)[:, None]], dim=1)
    return torch.cat([seq, torch.full_like(seq[:, :1], cfg.stop)], dim=1).cpu()


VARIANTS: dict[str, dict[str, Any]] = {  # KV-cache sampling paths (sample_sequences options)
    "kv_cache": {"precision": "fp32"},
    "kv_cache_bf16": {"precision": "bf16"},
    "kv_cache_bf16_compiled_attention": {"precision": "bf16", "compile_attention": True},
    # the whole step as one function through torch.compile (omnijet/backbone/decode.py)
    "kv_cache_compiled_step": {"precision": "fp32", "decoder": "compiled"},
    "kv_cache_bf16_compiled_step": {"precision": "bf16", "decoder": "compiled"},
}


def matmul_gflops(device: torch.device, n: int = 2048, repeats: int = 5,
                  dtype: torch.dtype = torch.float32) -> float:
    """n x n x n matrix product rate (GFLOP/s, median of `repeats`) in `dtype`: the roofline."""
    a = torch.randn(n, n, device=device).to(dtype)
    b = torch.randn(n, n, device=device).to(dtype)
    a @ b
    return 2 * n**3 / float(np.median(timed(lambda: a @ b, repeats, device))) / 1e9


def _rooflines(device: torch.device) -> dict[str, float]:
    return {"fp32": matmul_gflops(device), "bf16": matmul_gflops(device, dtype=torch.bfloat16)}


def _time_variant(model: GPT, batch: int, repeats: int, device: torch.device, flops: float,
                  opts: dict[str, Any]) -> dict[str, Any]:
    """Jets/s of one sampling path, and its model GFLOP/s against the fp32 and the bf16 matmul
    timed right before and after it (the mean of the two: the machine's load drifts)."""
    # warm-up at the timed batch size (a compiled path specialises on it), short jets; for a
    # compiled step this is its compilation (once per process and dtype)
    first = timed(lambda: sample_sequences(model, batch, **{**opts, "max_len": 8}), 1, device)[0]
    roof = [_rooflines(device)]
    t = timed(lambda o=opts: sample_sequences(model, batch, use_cache=True, **o), repeats, device)
    roof.append(_rooflines(device))
    r = _stats(batch, t)
    r["first_call_s"] = round(first, 2)  # 8 steps + any compilation
    r["model_gflops"] = r["jets_per_s"] * flops / 1e9
    for dt in ("fp32", "bf16"):
        r[f"matmul_{dt}_gflops"] = [round(x[dt], 1) for x in roof]
        mean = float(np.mean([x[dt] for x in roof]))
        r["fraction_of_matmul" + ("" if dt == "fp32" else "_bf16")] = r["model_gflops"] / mean
    return r


def _compile_payback(res: dict[str, Any]) -> None:
    """For each compiled step, the compile time (its first call minus the eager first call of
    the same precision) and the number of jets after which it has paid for itself."""
    for name, base in (("kv_cache_compiled_step", "kv_cache"),
                       ("kv_cache_bf16_compiled_step", "kv_cache_bf16")):
        if name in res and base in res:
            c, e = res[name], res[base]
            compile_s = max(c["first_call_s"] - e["first_call_s"], 0.0)
            saved = 1 / e["jets_per_s"] - 1 / c["jets_per_s"]  # seconds per jet
            c["compile_s"] = round(compile_s, 1)
            c["pays_off_after_jets"] = round(compile_s / saved) if saved > 0 else None


def generation_speed(preset: str, codebook: int, batch: int, repeats: int,
                     device: torch.device, variants: list[str], recompute: bool
                     ) -> dict[str, Any]:
    """Jets/s of the KV-cache paths `variants` on one model (same weights), every jet forced
    to 128 constituents, each with its model GFLOP/s as a fraction of an fp32 matmul timed
    right before and after it (the mean of the two: the machine's load drifts); with
    `recompute`, also full recompute as we do it (head on the last position) and as the
    reference does it (head on every position)."""
    from gpu import gen_flops_per_jet

    torch.manual_seed(0)
    model = GPT(GPTConfig.preset(preset, codebook)).to(device).eval()
    kw = dict(batch_size=batch, max_len=128, allow_stop=False, seed=0, device=str(device))
    flops = gen_flops_per_jet(model.cfg, 128)
    res: dict[str, Any] = {"preset": preset, "codebook_size": codebook, "batch_size": batch,
                           "constituents": 128, "device": str(device),
                           "n_params": model.n_params(), "gflop_per_jet": flops / 1e9}
    for name in variants:
        res[name] = _time_variant(model, batch, repeats, device, flops, {**kw, **VARIANTS[name]})
    _compile_payback(res)
    if not recompute:
        return res
    slow_repeats = max(1, repeats // 2)
    full = timed(lambda: sample_sequences(model, batch, use_cache=False, **kw), slow_repeats,
                 device)
    ref = timed(lambda: reference_style_sample(model, batch, 128, seed=0), slow_repeats, device)
    check = {**kw, "batch_size": 4, "precision": "fp32"}
    a = sample_sequences(model, 4, use_cache=True, **check)
    same = (torch.equal(a, sample_sequences(model, 4, use_cache=False, **check))
            and torch.equal(a, reference_style_sample(model, 4, 128, seed=0)))
    res.update(full_recompute=_stats(batch, full),
               full_recompute_reference_style=_stats(batch, ref), same_jets_all_paths=bool(same))
    kv = res["kv_cache"]["jets_per_s"] if "kv_cache" in res else float("nan")
    res["speedup"] = kv / res["full_recompute"]["jets_per_s"]
    res["speedup_vs_reference_style"] = kv / res["full_recompute_reference_style"]["jets_per_s"]
    return res


MATMULS = ("aten::mm", "aten::addmm", "aten::bmm", "mkldnn::_linear_pointwise")


def _op_class(name: str, shapes: list, label: str | None, dim: int) -> str:
    """The class of one top-level op of a generation step (see profile_generation)."""
    if label in ("generate.head", "generate.sample"):
        return {"generate.head": "head matmul (8256 logits) + cast", "generate.sample": "sampling"}[label]
    if name == "aten::linear":
        out, inp = shapes[1][:2]
        return ("qkv matmul" if out == 3 * dim else "attention out-projection matmul"
                if out == inp else "mlp matmuls")
    if name == "aten::addmm" and len(shapes) > 2 and shapes[2] and shapes[2][-1] > 4 * dim:
        return "head matmul (8256 logits) + cast"
    return {"aten::scaled_dot_product_attention": "attention over the cache",
            "aten::layer_norm": "layernorm", "aten::relu": "relu", "aten::add": "residual adds",
            "aten::embedding": "embedding", "aten::copy_": "cache writes",
            "aten::contiguous": "reshape copies", "aten::clone": "reshape copies"
            }.get(name, "bookkeeping (indexing, masks, sequence writes)")


def _compiled_parts(ev: Any, dim: int, out: dict[str, float]) -> None:
    """A compiled region: its extern matmuls by class, the rest as fused kernels."""
    inner = 0.0
    stack = list(ev.cpu_children)
    while stack:
        c = stack.pop()
        if c.name in MATMULS:
            w = c.input_shapes[-1] if c.input_shapes else []
            cls = ("head matmul (8256 logits) + cast" if w and max(w) > 4 * dim
                   else "compiled: block matmuls (extern)")
            out[cls] += c.cpu_time_total
            inner += c.cpu_time_total
        else:
            stack += c.cpu_children
    out["compiled: fused kernels (attention, layernorm, adds, relu, sampling)"] += (
        ev.cpu_time_total - inner)


def profile_generation(preset: str, codebook: int, batch: int, device: torch.device,
                       variant: str) -> dict[str, Any]:
    """Where the time of a generation step goes: one batch of `batch` jets x 128 constituents
    under torch.profiler, each top-level op's CPU time by class (linear layers by their
    shapes, the head and the sampler by the labels generate.py sets), per step; the wall time
    not inside any op is Python, dispatch and the thread pool's wake-ups."""
    from collections import defaultdict

    from torch.profiler import ProfilerActivity, profile

    torch.manual_seed(0)
    model = GPT(GPTConfig.preset(preset, codebook)).to(device).eval()
    kw = dict(batch_size=batch, max_len=128, allow_stop=False, seed=0, device=str(device),
              **VARIANTS[variant])
    sample_sequences(model, batch, **{**kw, "max_len": 8})  # warm-up (a compiled step compiles)
    plain = timed(lambda: sample_sequences(model, batch, **kw), 1, device)[0]
    with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
        sample_sequences(model, batch, **kw)
    events = prof.events()
    # the traced span (the profiler's own start and stop excluded)
    wall = (max(e.time_range.end for e in events) - min(e.time_range.start for e in events)) / 1e6
    us: dict[str, float] = defaultdict(float)
    for ev in events:
        parent = ev.cpu_parent
        if parent is not None and not parent.name.startswith("generate."):
            continue  # inside another op: counted in its parent's total
        if ev.name.startswith("generate."):
            continue  # a label: its ops are counted one by one
        label = parent.name if parent is not None else None
        if not ev.name.startswith("aten::"):
            _compiled_parts(ev, model.cfg.dim, us)
        else:
            us[_op_class(ev.name, ev.input_shapes, label, model.cfg.dim)] += ev.cpu_time_total
    us["python, dispatch, thread wake-ups (wall - ops)"] = max(wall * 1e6 - sum(us.values()), 0.0)
    steps = 128
    table = {k: {"ms_per_step": round(v / 1e3 / steps, 3), "share": round(v / (wall * 1e6), 3)}
             for k, v in sorted(us.items(), key=lambda kv: -kv[1])}
    return {"preset": preset, "batch_size": batch, "variant": variant, "steps": steps,
            "wall_s_profiled": round(wall, 3), "wall_s_unprofiled": round(plain, 3),
            "ms_per_step_profiled": round(wall * 1e3 / steps, 2), "matmul_gflops": _rooflines(device),
            "classes": table}


def training_speed(preset: str, codebook: int, batch: int, steps: int,
                   device: torch.device, amp: bool = False) -> dict[str, Any]:
    """Optimizer steps on random jets of 20-100 constituents; tokens = non-padded targets.
    `amp`: bf16 autocast on any device (the library autocasts on CUDA only). The model
    TFLOP/s (3x the forward's linear layers) is given as a fraction of an fp32 matmul timed
    before and after."""
    from gpu import train_flops_per_token

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
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=amp):
            loss, _ = loss_fn(model, b)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return int((b.seq[:, 1:] != cfg.pad).sum())

    step(0)  # warm-up
    roof = [matmul_gflops(device)]
    per_step = []
    for i in range(1, steps):
        if device.type == "cuda":
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        tokens = step(i)
        if device.type == "cuda":
            torch.cuda.synchronize()
        per_step.append(tokens / (time.perf_counter() - t0))
    roof.append(matmul_gflops(device))
    r = np.array(per_step)
    gflops = float(np.median(r)) * train_flops_per_token(cfg) / 1e9
    return {"preset": preset, "codebook_size": codebook, "batch_size": batch, "device": str(device),
            "amp_bf16": amp, "model_gflops": gflops, "matmul_fp32_gflops": roof,
            "fraction_of_matmul": gflops / float(np.mean(roof)),
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
                              TrainConfig(epochs=tok_epochs, batch_size=256, lr=1e-3, patience=5, seed=0,
                                          progress_bar=False, device=str(device)))
    tok_path = tok_dir / "best.pt"
    t_tok = time.time() - t0
    from omnijet.data.jetclass import write_jetclass

    files = {}
    for name, part in (("train", train), ("val", val), ("test", test)):
        write_jetclass(work / f"{name}.root", part, {"benchmark": "backbone", "split": name})
        files[name] = tokenize_file(tok_path, work / f"{name}.root", work / f"{name}_tokens.pt",
                                    device=str(device))
    res = run_pretrain(PretrainConfig(tokens=files["train"], out=work / "gpt", val_tokens=files["val"],
                                     preset="small", epochs=epochs, batch_size=128, patience=3,
                                     device=str(device), tokenizer=tok_path), progress_bar=False)
    t_gpt = time.time() - t0 - t_tok
    g0 = time.time()
    gen_path = generate_file(GenerateJetsConfig(gpt=res.best_path, tokenizer=tok_path, n_generate=n_gen,
                                                out=work / "gen.root", seed=0, device=str(device),
                                                overwrite=True))
    t_gen = time.time() - g0
    gpt, _ = load_gpt_state(res.best_path)
    with_stops: dict[str, Any] = {  # the trained GPT, jets of their own lengths, batch 256
        name: {"compact_at": c, "seconds": []}
        for name, c in (("drop_each_finished_jet_at_once", 1.0), ("grouped", COMPACT_AT))}
    for _ in range(3):  # alternated, so that a change in machine load hits both alike
        for v in with_stops.values():
            v["seconds"] += timed(lambda c=v["compact_at"]: sample_sequences(
                gpt, n_gen, seed=1, compact_at=c, device=str(device)), 1, device)
    for v in with_stops.values():
        v.update(_stats(n_gen, v.pop("seconds")))
    with_stops["speedup"] = (with_stops["grouped"]["jets_per_s"]
                             / with_stops["drop_each_finished_jet_at_once"]["jets_per_s"])
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
        "generation_with_stops": with_stops,
        "seconds": {"data": t_data, "tokenizer": t_tok, "gpt": t_gpt, "generation": t_gen,
                    "total": time.time() - t0},
        "paper_auc_full_scale": 0.54,
    }


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--part", choices=["all", "speed", "auc", "profile"], default="all",
                   help="profile: where one generation step's time goes (--gen-presets, "
                        "--gen-batch, each of --variants); not part of 'all'")
    p.add_argument("--preset", default="small", help="preset for the training speed")
    p.add_argument("--gen-presets", nargs="*", default=["small", "paper"],
                   help="presets for the generation speed")
    p.add_argument("--codebook", type=int, default=8192)
    p.add_argument("--gen-batch", type=int, nargs="+", default=[64, 256],
                   help="generation batch sizes (256 is the library default)")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=list(VARIANTS),
                   help="KV-cache sampling paths to time")
    p.add_argument("--no-recompute", action="store_true",
                   help="skip the (slow) full-recompute baselines")
    p.add_argument("--no-train", action="store_true", help="skip the training speed")
    p.add_argument("--train-batch", type=int, default=64)
    p.add_argument("--train-steps", type=int, default=12)
    p.add_argument("--jets", type=int, default=20000, help="real top + QCD jets for the AUC part")
    p.add_argument("--epochs", type=int, default=12, help="GPT epochs (AUC part)")
    p.add_argument("--tok-epochs", type=int, default=6, help="tokenizer epochs (AUC part)")
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
        results["generation_speed"] = []
        for preset in a.gen_presets:
            for batch in a.gen_batch:
                r = generation_speed(preset, a.codebook, batch, a.repeats, device, a.variants,
                                     not a.no_recompute)
                results["generation_speed"].append(r)
                for v in a.variants:
                    print(f"generation {preset} batch {batch} {v}: {r[v]['jets_per_s']:.1f} "
                          f"jets/s, {r[v]['model_gflops']:.0f} GFLOP/s = "
                          f"{r[v]['fraction_of_matmul']:.0%} of the fp32 matmul "
                          f"({r[v]['fraction_of_matmul_bf16']:.0%} of bf16)", flush=True)
        if not a.no_train:
            results["training_speed"] = [
                training_speed(a.preset, a.codebook, a.train_batch, a.train_steps, device, amp)
                for amp in (False, True)]
            for r in results["training_speed"]:
                print(f"training amp={r['amp_bf16']}: {r['tokens_per_s']:.0f} tokens/s, "
                      f"{r['fraction_of_matmul']:.0%} of the fp32 matmul", flush=True)
    if a.part == "profile":
        results["commands"]["profile"] = command
        results["profile"] = [profile_generation(preset, a.codebook, batch, device, v)
                              for preset in a.gen_presets for batch in a.gen_batch
                              for v in a.variants]
        for r in results["profile"]:
            print(f"profile {r['preset']} batch {r['batch_size']} {r['variant']}: "
                  f"{r['ms_per_step_profiled']} ms/step", flush=True)
            for k, v in r["classes"].items():
                print(f"  {k:55s} {v['ms_per_step']:8.2f} ms {v['share']:6.1%}", flush=True)
    if a.part in ("all", "auc"):
        results["commands"]["auc"] = command
        with tempfile.TemporaryDirectory() as tmp:
            results["classifier_test"] = classifier_auc(a.jets, a.epochs, a.tok_epochs,
                                                        a.gen_jets, Path(tmp), device)
        print("classifier", results["classifier_test"].get("auc_generated_vs_reconstructed"))
    save(a.out, results, device=str(device), threads=torch.get_num_threads())
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
