"""GPU benchmark: generation jets/s and training tokens/s of the paper preset on CUDA.

    python3 benchmarks/gpu.py --out "$OUT/gpu.json"     # on a GPU machine (~3-5 minutes)
    python3 benchmarks/gpu.py --smoke                    # any machine, CPU, seconds

What it measures, each against a matrix product timed in the same process (the roofline):
- generation: `sample_sequences` at the paper preset (8192 codes), every jet forced to 128
  constituents, per batch size and precision ("auto" = bf16 autocast, "bf16" = a bf16 copy of
  the weights, "fp32" = fp32 with TF32 matmuls off); jets/s and model GFLOP/s;
- pretraining: next-token steps (forward, backward, AdamW) on jets of 20-100 constituents,
  bf16 autocast on and off; tokens/s (non-padded targets);
- fine-tuning: the classifier (backbone + sum head) on the same jets; tokens/s (constituents);
- the loss curves of pretraining with and without bf16 autocast on a learnable synthetic
  token stream (same seed, same batches), to show whether autocast changes training;
- CUDA parity: KV-cache logits against full-forward logits, and whether cached and
  full-recompute sampling give the same jets.

Only torch and numpy are needed (no pydantic: the GPU image has none), so the command is run
from the repository root without installing the project. Results go to --out (default:
$OUT/gpu.json when OUT is set, else benchmarks/results/gpu.json).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

import _common  # noqa: F401  (first: OpenMP threads, plots to files, the repository on sys.path)
import numpy as np
import torch
import torch.nn.functional as F
from _common import HERE

from omnijet.backbone.generate import sample_sequences
from omnijet.backbone.model import GPT, GPTConfig, StaticKVCache, to_sequences
from omnijet.transfer.classifier import JetClassifier

RESULTS = HERE / "results" / "gpu.json"
N_CONST = 128  # generated constituents per jet


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()


def _timed(fn, device: torch.device, repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        _sync(device)
        t0 = time.perf_counter()
        fn()
        _sync(device)
        out.append(time.perf_counter() - t0)
    return out


def roofline(device: torch.device, n: int) -> dict[str, float]:
    """TFLOP/s of an n x n x n matrix product in bf16 and in fp32 (TF32 off): median of 5."""
    out = {}
    for name, dtype in (("bf16", torch.bfloat16), ("fp32", torch.float32)):
        a = torch.randn(n, n, device=device, dtype=dtype)
        b = torch.randn(n, n, device=device, dtype=dtype)
        a @ b
        t = _timed(lambda a=a, b=b: a @ b, device, 5)
        out[f"{name}_tflops"] = 2 * n**3 / float(np.median(t)) / 1e12
    out["n"] = n
    return out


def gen_flops_per_jet(cfg: GPTConfig, n: int = N_CONST) -> float:
    """Forward FLOPs of sampling one jet of n constituents with a KV cache: per step, every
    linear layer (2 per weight) and the attention over the t cached positions (4 t dim)."""
    d, f = cfg.dim, cfg.mlp_ratio * cfg.dim
    per_token = cfg.n_blocks * 2 * (3 * d * d + d * d + 2 * d * f) + 2 * d * cfg.vocab_size
    attention = sum(cfg.n_blocks * 4 * t * d for t in range(1, n + 1))
    return float(n * per_token + attention)


def train_flops_per_token(cfg: GPTConfig, with_head: bool = True) -> float:
    """Forward + backward FLOPs per token, the usual 3x the forward (linear layers only)."""
    d, f = cfg.dim, cfg.mlp_ratio * cfg.dim
    fwd = cfg.n_blocks * 2 * (4 * d * d + 2 * d * f) + (2 * d * cfg.vocab_size if with_head else 0)
    return 3.0 * fwd


def generation(model: GPT, device: torch.device, batches: list[int], precisions: list[str],
               repeats: int, roof: dict[str, float], deadline: float) -> list[dict[str, Any]]:
    flops = gen_flops_per_jet(model.cfg)
    rows = []
    for precision in precisions:
        for batch in batches:
            if time.time() > deadline:
                rows.append({"precision": precision, "batch_size": batch, "skipped": "time"})
                continue
            kw = dict(batch_size=batch, max_len=N_CONST, allow_stop=False, seed=0,
                      precision=precision)
            sample_sequences(model, min(batch, 64), **kw)  # warm-up (allocator, kernels)
            t = _timed(lambda kw=kw, batch=batch: sample_sequences(model, batch, **kw), device,
                       repeats)
            rate = batch / float(np.median(t))
            gflops = rate * flops / 1e9
            ref = roof["bf16_tflops"] if precision != "fp32" else roof["fp32_tflops"]
            rows.append({"precision": precision, "batch_size": batch, "jets_per_s": rate,
                         "seconds": [round(x, 4) for x in t], "model_gflops": gflops,
                         "fraction_of_matmul": gflops / (ref * 1e3)})
            print(f"generation {precision} batch {batch}: {rate:.0f} jets/s "
                  f"({gflops:.0f} GFLOP/s)", flush=True)
    return rows


def random_jets(n: int, codebook: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """n jets of 20-100 constituents with random codes: (tokens (n, 128), mask (n, 128))."""
    g = torch.Generator().manual_seed(seed)
    length = torch.randint(20, 101, (n,), generator=g)
    mask = torch.arange(N_CONST)[None, :] < length[:, None]
    return torch.randint(0, codebook, (n, N_CONST), generator=g), mask


def _trim(tokens: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    n = int(mask.sum(1).max())
    return tokens[:, :n], mask[:, :n]


def _train_rate(step, batches, device: torch.device) -> dict[str, Any]:
    step(batches[0])  # warm-up
    rates = []
    for b in batches[1:]:
        _sync(device)
        t0 = time.perf_counter()
        n = step(b)
        _sync(device)
        rates.append(n / (time.perf_counter() - t0))
    r = np.array(rates)
    return {"tokens_per_s": float(np.median(r)), "tokens_per_s_p10": float(np.quantile(r, 0.1)),
            "tokens_per_s_p90": float(np.quantile(r, 0.9)), "steps": len(r)}


def pretrain_speed(cfg: GPTConfig, device: torch.device, batch: int, steps: int,
                   amp: bool) -> dict[str, Any]:
    """Next-token training steps (AdamW) on random jets; tokens = non-padded targets."""
    torch.manual_seed(0)
    model = GPT(cfg).to(device).train()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    tok, mask = random_jets(batch * steps, cfg.codebook_size, seed=1)
    batches = [_trim(tok[i * batch:(i + 1) * batch], mask[i * batch:(i + 1) * batch])
               for i in range(steps)]

    def step(b) -> int:
        seq = to_sequences(b[0].to(device), b[1].to(device), cfg)
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=amp):
            logits, _ = model(seq[:, :-1])
        target = seq[:, 1:]
        loss = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), target.reshape(-1),
                               ignore_index=cfg.pad)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return int(b[1].sum()) + len(b[1])  # codes + STOP targets

    res = _train_rate(step, batches, device)
    res.update(batch_size=batch, amp_bf16=amp,
               model_tflops=res["tokens_per_s"] * train_flops_per_token(cfg) / 1e12)
    return res


def finetune_speed(cfg: GPTConfig, device: torch.device, batch: int, steps: int,
                   amp: bool) -> dict[str, Any]:
    """Classifier training steps (backbone + sum head, AdamW); tokens = real constituents."""
    torch.manual_seed(0)
    from omnijet.backbone.model import Backbone

    model = JetClassifier(Backbone(cfg), "sum", 2).to(device).train()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    tok, mask = random_jets(batch * steps, cfg.codebook_size, seed=2)
    labels = torch.randint(0, 2, (batch * steps,))
    batches = [(*_trim(tok[i * batch:(i + 1) * batch], mask[i * batch:(i + 1) * batch]),
                labels[i * batch:(i + 1) * batch]) for i in range(steps)]

    def step(b) -> int:
        t, m, y = (x.to(device) for x in b)
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=amp):
            logits = model(t, m)
        loss = F.cross_entropy(logits.float(), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return int(b[1].sum())

    res = _train_rate(step, batches, device)
    res.update(batch_size=batch, amp_bf16=amp,
               model_tflops=res["tokens_per_s"] * train_flops_per_token(cfg, False) / 1e12)
    return res


def markov_jets(n: int, codebook: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Learnable synthetic jets: each code follows the previous by a fixed sparse transition
    (one of 4 successors), so the next-token loss can fall well below log(codebook)."""
    g = torch.Generator().manual_seed(seed)
    succ = torch.randint(0, codebook, (codebook, 4), generator=g)
    length = torch.randint(20, 101, (n,), generator=g)
    tok = torch.empty(n, N_CONST, dtype=torch.long)
    tok[:, 0] = torch.randint(0, codebook, (n,), generator=g)
    for i in range(1, N_CONST):
        tok[:, i] = succ[tok[:, i - 1], torch.randint(0, 4, (n,), generator=g)]
    return tok, torch.arange(N_CONST)[None, :] < length[:, None]


def loss_curves(cfg: GPTConfig, device: torch.device, batch: int, steps: int) -> dict[str, Any]:
    """Pretraining loss per step with and without bf16 autocast: same init, same batches."""
    tok, mask = markov_jets(batch * steps, cfg.codebook_size, seed=3)
    curves = {}
    for amp in (False, True):
        torch.manual_seed(0)
        model = GPT(cfg).to(device).train()
        opt = torch.optim.AdamW(model.parameters(), lr=5e-4)
        losses = []
        for i in range(steps):
            t, m = _trim(tok[i * batch:(i + 1) * batch], mask[i * batch:(i + 1) * batch])
            seq = to_sequences(t.to(device), m.to(device), cfg)
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=amp):
                logits, _ = model(seq[:, :-1])
            loss = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]),
                                   seq[:, 1:].reshape(-1), ignore_index=cfg.pad)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            losses.append(round(float(loss.detach()), 5))
        curves["bf16_autocast" if amp else "fp32"] = losses
    a, b = np.array(curves["fp32"]), np.array(curves["bf16_autocast"])
    tail = max(1, steps // 5)
    curves["last_fifth_mean"] = {"fp32": float(a[-tail:].mean()), "bf16": float(b[-tail:].mean())}
    curves["batch_size"], curves["steps"], curves["lr"] = batch, steps, 5e-4
    return curves


@torch.no_grad()
def parity(cfg: GPTConfig, device: torch.device) -> dict[str, Any]:
    """KV-cache logits vs full-forward logits (fp32, TF32 off; bf16 autocast), and whether
    cached and full-recompute sampling give the same jets (fp32)."""
    torch.manual_seed(0)
    model = GPT(cfg).to(device).eval()
    seq = torch.randint(0, cfg.codebook_size, (8, 40), device=device)
    out: dict[str, Any] = {}
    for name, amp in (("fp32", False), ("bf16_autocast", True)):
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=amp):
            full = model(seq)[0].float()
            cache = StaticKVCache(cfg.n_blocks, 40)
            parts = [model(seq[:, :10], cache)[0]]
            parts += [model(seq[:, i:i + 1], cache)[0] for i in range(10, 40)]
        diff = (torch.cat(parts, 1).float() - full).abs().max()
        out[f"kv_cache_vs_full_max_abs_logit_diff_{name}"] = float(diff)
    kw = dict(batch_size=16, max_len=64, seed=0, precision="fp32")
    a = sample_sequences(model, 16, use_cache=True, **kw)
    b = sample_sequences(model, 16, use_cache=False, **kw)
    out["cached_equals_full_recompute_jets_fp32"] = bool(torch.equal(a, b))
    out["fraction_same_tokens"] = float((a == b).float().mean()) if a.shape == b.shape else None
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--smoke", action="store_true", help="tiny sizes on the CPU, seconds")
    p.add_argument("--device", default="auto")
    p.add_argument("--out", type=Path, default=None)
    p.add_argument("--budget-s", type=float, default=360, help="stop starting new parts after")
    a = p.parse_args()
    t_start = time.time()
    if a.smoke:
        device = torch.device("cpu" if a.device == "auto" else a.device)
        cfg = GPTConfig.preset("tiny", 64)
        gen_batches, train_batches, steps, curve_steps, mm = [8], [8], 3, 4, 256
        precisions, repeats = ["auto", "bf16", "fp32"], 1
        torch.set_num_threads(min(2, torch.get_num_threads()))
    else:
        device = torch.device(("cuda" if torch.cuda.is_available() else "cpu")
                              if a.device == "auto" else a.device)
        cfg = GPTConfig.preset("paper", 8192)
        gen_batches, train_batches = [256, 1024, 4096, 16384], [256, 1024]
        steps, curve_steps, mm = 25, 300, 8192
        precisions, repeats = ["auto", "bf16", "fp32"], 3
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False  # fp32 means fp32 in every figure
        torch.backends.cudnn.allow_tf32 = False
    out = a.out or (Path(os.environ["OUT"]) / "gpu.json" if os.environ.get("OUT") else RESULTS)
    deadline = t_start + a.budget_s
    res: dict[str, Any] = {
        "command": "python3 " + " ".join(sys.argv), "smoke": a.smoke, "device": str(device),
        "device_name": torch.cuda.get_device_name(device) if device.type == "cuda" else
        platform.processor() or platform.machine(),
        "torch": torch.__version__, "config": cfg.to_dict(),
        "n_params": GPT(cfg).n_params(), "flops_per_generated_jet": gen_flops_per_jet(cfg),
    }

    def save() -> None:
        res["wall_s"] = round(time.time() - t_start, 1)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(res, indent=1))

    res["roofline"] = roofline(device, mm)
    print("roofline", res["roofline"], flush=True)
    res["parity"] = parity(cfg, device)
    print("parity", res["parity"], flush=True)
    save()
    torch.manual_seed(0)
    model = GPT(cfg).to(device).eval()
    res["generation"] = generation(model, device, gen_batches, precisions, repeats,
                                   res["roofline"], deadline)
    save()
    for name, fn in (("pretraining", pretrain_speed), ("finetuning", finetune_speed)):
        res[name] = []
        for batch in train_batches:
            for amp in (True, False):
                if time.time() > deadline:
                    res[name].append({"batch_size": batch, "amp_bf16": amp, "skipped": "time"})
                    continue
                r = fn(cfg, device, batch, steps, amp)
                res[name].append(r)
                print(f"{name} batch {batch} amp {amp}: {r['tokens_per_s']:.0f} tokens/s",
                      flush=True)
        save()
    if time.time() < deadline:
        res["loss_curves"] = loss_curves(cfg, device, train_batches[0], curve_steps)
        print("loss curves (last fifth)", res["loss_curves"]["last_fifth_mean"], flush=True)
    if device.type == "cuda":
        res["max_memory_allocated_gib"] = torch.cuda.max_memory_allocated(device) / 2**30
    save()
    print(f"wrote {out} in {res['wall_s']} s")


if __name__ == "__main__":
    main()
