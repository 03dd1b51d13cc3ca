"""Does `--preset tiny` give meaningful physics within about 2 CPU minutes per request?

    flock /tmp/omnijet-heavy.lock .venv/bin/python benchmarks/tiny.py                  # all settings
    flock /tmp/omnijet-heavy.lock .venv/bin/python benchmarks/tiny.py --settings current --seeds 0

Runs the pieces of a tiny request directly through the omnijet API, the way the tools call
them (tools/tokenizer.py, tools/backbone.py): generate top + QCD jets, train the conditional
VQ-VAE, token quality, tokenize, pretrain the GPT; each piece timed in wall and process CPU
seconds (all threads of this process; generation also counts its worker processes).

Bars (issue 11 item 7): the GPT's validation loss clearly below the uniform guess ln(K + 1)
over its K codes + STOP (the targets it can be asked for), and the jet mass reconstructed by
the tokenizer within ~20% (mean relative bias) for top and QCD, on held-out jets. Also
reported: the loss of a unigram model (token frequencies of the training tokens), since a GPT
that only learned frequencies beats ln(K + 1) without having learned any jet structure.

Results merge into benchmarks/results/tiny.json by setting name (runs can be split).
"""

from __future__ import annotations

import dataclasses
import math
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import _common  # noqa: F401  (first: OpenMP threads, plots to files, the repository on sys.path)
import numpy as np
import torch
from _common import HERE, parser
from common import CACHE, dataset

from omnijet.backbone.model import GPT, GPTConfig
from omnijet.evaluate.token_quality import evaluate_tokenizer, reconstruct
from omnijet.tokenizer.api import load_balanced, tokenize_file
from omnijet.tokenizer.base import load_tokenizer
from omnijet.tokenizer.tokens import TokenDataset
from omnijet.tokenizer.vqvae import VQVAEConfig
from omnijet.train.loop import TrainConfig
from omnijet.train.pretrain import pretrain
from omnijet.train.tokenizer import train_tokenizer
from omnijet.utils import provenance, read_json, write_json

RESULTS = HERE / "results" / "tiny.json"
POOL = 2000  # training jets per class generated once (cached); a setting uses the first n_jets
EVAL_SEED = {"top": 200, "qcd": 201}  # held-out jets for token quality (never trained on)
TRAIN_SEED = {"top": 100, "qcd": 101}  # the seeds the offline recipes use for data/<proc>_train
BUDGET_CPU_S = 120.0  # the "about 2 minutes per request"


@dataclasses.dataclass(frozen=True)
class Setting:
    """One candidate tiny request: sizes as the agents' PRESETS name them, plus the knobs the
    tool calls take (batch size, lr) and the model presets' dims (overrides of 'tiny')."""

    n_jets: int = 200  # per class
    tok_epochs: int = 2
    tok_batch: int = 512  # tools/tokenizer.py default
    tok_lr: float = 1e-3
    codebook: int = 64
    tok_model: tuple[tuple[str, Any], ...] = ()  # VQVAEConfig overrides of the tiny preset
    gpt_epochs: int = 2
    gpt_batch: int = 256  # tools/backbone.py default
    gpt_lr: float = 1e-3
    gpt_model: tuple[tuple[str, Any], ...] = ()  # GPTConfig overrides of the tiny preset
    patience: int = 5


def _s(**kw: Any) -> Setting:
    kw = {k: tuple(sorted(v.items())) if isinstance(v, dict) else v for k, v in kw.items()}
    return Setting(**kw)


D16 = {"dim": 16, "n_heads": 2}  # the tiny VQ-VAE before this study (now dim 32, 4 heads)
SETTINGS: dict[str, Setting] = {
    # the tiny preset before this study (agents/planner.py PRESETS["tiny"] + the tools' default
    # batch sizes): 600 jets per class, 8 epochs, batches of 512 (tokenizer) and 256 (GPT)
    "before": _s(tok_model=D16, n_jets=600, tok_epochs=8, tok_batch=512, gpt_epochs=8, gpt_batch=256),
    # the same data and epochs in small batches: ~8x the optimizer steps
    "batch64": _s(tok_model=D16, n_jets=600, tok_epochs=8, tok_batch=64, gpt_epochs=8, gpt_batch=64),
    "batch32": _s(tok_model=D16, n_jets=600, tok_epochs=8, tok_batch=32, gpt_epochs=8, gpt_batch=32),
    "batch64_lr3": _s(tok_model=D16, n_jets=600, tok_epochs=8, tok_batch=64, tok_lr=3e-3, gpt_epochs=8, gpt_batch=64,
                      gpt_lr=3e-3),
    "b32_lr3": _s(tok_model=D16, n_jets=600, tok_epochs=8, tok_batch=32, tok_lr=3e-3, gpt_epochs=8, gpt_batch=32),
    "b32_lr3_e16": _s(tok_model=D16, n_jets=600, tok_epochs=16, tok_batch=32, tok_lr=3e-3, gpt_epochs=8, gpt_batch=32),
    "b32_k256": _s(tok_model=D16, n_jets=600, tok_epochs=8, tok_batch=32, tok_lr=3e-3, codebook=256, gpt_epochs=8, gpt_batch=32),
    "b32_k512": _s(tok_model=D16, n_jets=600, tok_epochs=8, tok_batch=32, tok_lr=3e-3, codebook=512,
                   gpt_epochs=8, gpt_batch=32),
    # the tiny preset after this study (agents/planner.py PRESETS["tiny"], VQVAEConfig tiny dim 32)
    "b32_k512_dim32": _s(n_jets=600, tok_epochs=8, tok_batch=32, tok_lr=3e-3, codebook=512,
                         tok_model={"dim": 32, "n_heads": 4}, gpt_epochs=8, gpt_batch=32),
    "b32_lr3_dim32": _s(n_jets=600, tok_epochs=8, tok_batch=32, tok_lr=3e-3, tok_model={"dim": 32, "n_heads": 4},
                        gpt_epochs=8, gpt_batch=32),
}


def _cpu() -> float:
    """CPU seconds (user + system) of this process and its finished children."""
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def timed(fn: Callable[[], Any]) -> tuple[Any, dict[str, float]]:
    t0, c0 = time.perf_counter(), _cpu()
    out = fn()
    return out, {"wall_s": round(time.perf_counter() - t0, 2), "cpu_s": round(_cpu() - c0, 2)}


def generation_rate(n: int) -> dict[str, Any]:
    """Jets/s of one generate() call per class with one worker (as tiny requests run it)."""
    from omnijet.config import DataConfig
    from omnijet.data.generate import generate

    out: dict[str, Any] = {"n_per_class": n, "workers": 1}
    with tempfile.TemporaryDirectory() as d:
        for proc in ("top", "qcd"):
            _, t = timed(lambda p=proc: generate(DataConfig(process=p, n=n, out=Path(d) / f"{p}.root", seed=7)))
            out[proc] = {**t, "jets_per_cpu_s": round(n / max(t["cpu_s"], 1e-9), 1)}
    out["cpu_s_per_jet"] = round((out["top"]["cpu_s"] + out["qcd"]["cpu_s"]) / (2 * n), 5)
    return out


def mass_check(truth: Any, reco: Any) -> dict[str, float]:
    """Jet mass from massless four-vectors, computed here independently of
    omnijet.data.observables, and the angular spread of the constituents (pT-weighted mean
    of sqrt(eta_rel^2 + phi_rel^2)) and dispersion (the same about the jet's own pT-weighted
    centroid): a decoder that puts every constituent at one point, wherever it is, gives a
    small dispersion and hence a small mass."""

    def mass_and_spread(b: Any) -> tuple[np.ndarray, np.ndarray]:
        a = b.numpy()
        pt, eta, phi, m = a["pt"], a["eta"], a["phi"], a["mask"]
        px, py, pz, e = pt * np.cos(phi), pt * np.sin(phi), pt * np.sinh(eta), pt * np.cosh(eta)
        s = [np.where(m, x, 0.0).sum(1) for x in (px, py, pz, e)]
        mass = np.sqrt(np.clip(s[3] ** 2 - s[0] ** 2 - s[1] ** 2 - s[2] ** 2, 0, None))
        w = np.where(m, pt, 0.0) / np.where(m, pt, 0.0).sum(1, keepdims=True)
        spread = (w * np.sqrt(eta ** 2 + phi ** 2)).sum(1)
        ce, cp = (w * eta).sum(1, keepdims=True), (w * phi).sum(1, keepdims=True)
        disp = (w * np.sqrt((eta - ce) ** 2 + (phi - cp) ** 2)).sum(1)
        return mass, spread, disp

    mt, st, dt = mass_and_spread(truth)
    mr, sr, dr = mass_and_spread(reco)
    return {"median_mass_truth": float(np.median(mt)), "median_mass_reco": float(np.median(mr)),
            "mean_rel_mass_bias": float(np.mean((mr - mt) / mt)),
            "median_spread_truth": float(np.median(st)), "median_spread_reco": float(np.median(sr)),
            "median_dispersion_truth": float(np.median(dt)),
            "median_dispersion_reco": float(np.median(dr))}


def unigram_nll(train: TokenDataset, val: TokenDataset, k: int) -> float:
    """Mean NLL of val targets (codes + one STOP per jet) under the training frequencies
    (add-one smoothed over the K + 1 targets): the loss of a GPT that learned only frequencies."""

    def counts(d: TokenDataset) -> np.ndarray:
        c = np.bincount(d.tokens[d.mask].numpy(), minlength=k + 1).astype(np.float64)
        c[k] += len(d)  # STOP
        return c

    p = counts(train) + 1
    p /= p.sum()
    c = counts(val)
    return float(-(c * np.log(p)).sum() / c.sum())


def run_one(name: str, st: Setting, seed: int, paths: list[Path], held_out: Any,
            work: Path) -> dict[str, Any]:
    torch.manual_seed(seed)
    out, res = work / f"{name}_s{seed}", {"seed": seed}
    pieces: dict[str, Any] = {}
    # -- train_tokenizer (as train_tokenizer_files: balanced load, 80/20 split by seed)
    batch = load_balanced(paths, 2 * st.n_jets)
    train, val = batch.split([0.8, 0.2], seed=seed)
    cfg = VQVAEConfig.preset("tiny", arch="conditional", codebook_size=st.codebook, **dict(st.tok_model))
    tcfg = TrainConfig(epochs=st.tok_epochs, batch_size=st.tok_batch, lr=st.tok_lr,
                       patience=st.patience, seed=seed, device="cpu", progress_bar=False)
    tr, pieces["train_tokenizer"] = timed(lambda: train_tokenizer(train, val, out / "tok", cfg, tcfg,
                                                                  resume=False))
    pieces["train_tokenizer"]["steps"] = math.ceil(len(train) / st.tok_batch) * tr.metrics["epochs_run"]
    res["tokenizer"] = {"epochs_run": tr.metrics["epochs_run"], "val_mse": tr.metrics["val"]["mse"],
                        "val_usage": tr.metrics["val"]["codebook_usage"]}
    # -- token_quality on held-out jets (the cost of the tool includes its DeepSets classifier)
    tok = load_tokenizer(tr.best_path, torch.device("cpu"))
    tq, pieces["token_quality"] = timed(lambda: evaluate_tokenizer(tok, held_out, None, classifier=True))
    reco, _ = reconstruct(tok, held_out)
    lab = held_out.label.numpy()
    res["token_quality"] = {
        "codebook": tq["codebook"],
        "classifier_gap": tq["classifier"].get("accuracy_gap"),
        "per_class": {c: {"mass": v["jet"]["mass"], "pt": v["jet"]["pt"],
                          "part_pt": v["constituents"]["part_pt"],
                          "check": mass_check(held_out[np.flatnonzero(lab == lab_id)],
                                              reco[np.flatnonzero(lab == lab_id)])}
                      for lab_id, (c, v) in zip(np.unique(lab), tq["per_class"].items(), strict=True)},
    }
    # -- tokenize the training files, pretrain (as run_pretrain: 10% of them held out)
    tok_path, pieces["tokenize"] = timed(lambda: tokenize_file(tr.best_path, paths, out / "tokens.pt",
                                                               2 * st.n_jets, device="cpu"))
    data = TokenDataset.load(tok_path)
    gval, gtrain = data.split([0.1, 0.9], seed=seed)
    gcfg = GPTConfig.preset("tiny", st.codebook).with_(**dict(st.gpt_model))
    pcfg = TrainConfig(epochs=st.gpt_epochs, batch_size=st.gpt_batch, lr=st.gpt_lr,
                       patience=st.patience, seed=seed, device="cpu", progress_bar=False)
    fit, pieces["pretrain"] = timed(lambda: pretrain(gtrain, gval, out / "gpt", gcfg, pcfg, resume=False))
    pieces["pretrain"]["steps"] = math.ceil(len(gtrain) / st.gpt_batch) * fit.epochs_run
    uniform = math.log(st.codebook + 1)
    res["gpt"] = {"best_val_loss": fit.best_val_loss, "uniform": uniform,
                  "unigram": unigram_nll(gtrain, gval, st.codebook),
                  "below_uniform": uniform - fit.best_val_loss, "epochs_run": fit.epochs_run,
                  "n_params": GPT(gcfg).n_params()}
    res["pieces"] = pieces
    res["cpu_s"] = round(sum(p["cpu_s"] for p in pieces.values()), 1)
    res["wall_s"] = round(sum(p["wall_s"] for p in pieces.values()), 1)
    return res


def _stat(xs: list[float]) -> dict[str, float]:
    a = np.asarray(xs, dtype=np.float64)
    return {"mean": float(a.mean()), "sd": float(a.std(ddof=1)) if a.size > 1 else float("nan"),
            "min": float(a.min()), "max": float(a.max()), "n": int(a.size)}


def summarise(st: Setting, runs: list[dict[str, Any]], gen_cpu_per_jet: float | None) -> dict[str, Any]:
    g = lambda f: _stat([f(r) for r in runs])  # noqa: E731
    s: dict[str, Any] = {
        "gpt_val_loss": g(lambda r: r["gpt"]["best_val_loss"]),
        "uniform": runs[0]["gpt"]["uniform"],
        "unigram": g(lambda r: r["gpt"]["unigram"]),
        "codebook_usage": g(lambda r: r["token_quality"]["codebook"]["usage"]),
        "pipeline_cpu_s": g(lambda r: r["cpu_s"]),
        "pipeline_wall_s": g(lambda r: r["wall_s"]),
    }
    for c in runs[0]["token_quality"]["per_class"]:
        s[f"mass_bias_{c}"] = g(lambda r, c=c: r["token_quality"]["per_class"][c]["mass"]["mean"])
        s[f"mass_width_{c}"] = g(lambda r, c=c: r["token_quality"]["per_class"][c]["mass"]["width"])
    if gen_cpu_per_jet is not None:
        s["generate_cpu_s_est"] = round(gen_cpu_per_jet * 2 * st.n_jets, 1)
        s["request_cpu_s_est"] = round(s["generate_cpu_s_est"] + s["pipeline_cpu_s"]["mean"], 1)
    worst_bias = max(abs(v["max"]) if abs(v["max"]) > abs(v["min"]) else abs(v["min"])
                     for k, v in s.items() if k.startswith("mass_bias_"))
    s["meets_bars"] = {
        "gpt_below_uniform_every_seed": bool(s["gpt_val_loss"]["max"] < s["uniform"] - 0.05),
        "gpt_below_unigram_every_seed": bool(all(r["gpt"]["best_val_loss"] < r["gpt"]["unigram"]
                                                 for r in runs)),
        "mass_bias_within_20pct_every_seed": bool(worst_bias < 0.2),
        "within_budget": bool(s.get("request_cpu_s_est", s["pipeline_cpu_s"]["mean"]) <= BUDGET_CPU_S),
    }
    return s


def main(argv: list[str] | None = None) -> int:
    ap = parser(__doc__, brief=True)
    ap.add_argument("--settings", nargs="+", default=list(SETTINGS), choices=list(SETTINGS))
    ap.add_argument("--seeds", nargs="+", type=int, default=[0, 1])
    ap.add_argument("--eval-jets", type=int, default=400, help="held-out jets per class")
    ap.add_argument("--gen-rate", type=int, default=200, help="jets per class for the generation "
                    "timing (0: skip, keep the stored figure)")
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    prev = read_json(args.out) if args.out.exists() else {}
    if args.gen_rate:
        prev["generation"] = generation_rate(args.gen_rate)
        print("generation", prev["generation"], flush=True)
    gen = prev.get("generation", {}).get("cpu_s_per_jet")
    n_max = max(SETTINGS[n].n_jets for n in args.settings)
    pool = max(POOL, n_max)
    paths = [dataset(p, pool, TRAIN_SEED[p], workers=2) for p in ("top", "qcd")]
    held_out = load_balanced([dataset(p, args.eval_jets, EVAL_SEED[p], workers=2) for p in ("top", "qcd")])
    results = prev.get("settings", {})
    with tempfile.TemporaryDirectory(dir=CACHE) as d:
        for name in args.settings:
            st = SETTINGS[name]
            runs = []
            for seed in args.seeds:
                r = run_one(name, st, seed, paths, held_out, Path(d))
                pc = r["token_quality"]["per_class"]
                print(f"{name} seed {seed}: gpt {r['gpt']['best_val_loss']:.3f} (uniform "
                      f"{r['gpt']['uniform']:.3f}, unigram {r['gpt']['unigram']:.3f}); mass bias "
                      + ", ".join(f"{c} {v['mass']['mean']:+.3f}" for c, v in pc.items())
                      + f"; usage {r['token_quality']['codebook']['usage']:.2f}; cpu {r['cpu_s']} s "
                      f"wall {r['wall_s']} s", flush=True)
                runs.append(r)
            results[name] = {"setting": dataclasses.asdict(st), "runs": runs,
                             "summary": summarise(st, runs, gen)}
            write_json(args.out, {**prev, "settings": results, "bars": {
                "gpt": "best val loss < ln(K + 1) - 0.05 on every seed", "mass": "|mean relative "
                "mass bias| < 0.2 for top and QCD on held-out jets, every seed",
                "budget_cpu_s": BUDGET_CPU_S}, "eval_jets_per_class": args.eval_jets,
                "threads": torch.get_num_threads(), "provenance": provenance()})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
