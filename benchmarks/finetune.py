"""Transfer benchmark: top vs QCD tagging with scratch / fine-tuned / frozen backbones.

    flock /tmp/omnijet-heavy.lock python benchmarks/finetune.py                  # every stage
    flock /tmp/omnijet-heavy.lock python benchmarks/finetune.py --stage scan     # resume the scan

The chain, every stage cached under benchmarks/.cache/finetune/ and skipped when done:
    data      generated top + QCD jets (Pythia 8 + FastJet, 500-1000 GeV): a pretraining set
              and a separate labelled set (different seeds, so no jet is in both)
    tokenizer a `small` VQ-VAE trained on the pretraining jets
    pretrain  a `small` GPT (next-token prediction) on the pretraining jets' tokens; with
              --input-mode continuous|features --objective joint the hybrid backbone instead
    scan      finetune_scan on the labelled jets: sizes x {scratch, finetune, frozen-backbone}
              x seeds, fixed balanced val/test sets; resumable point by point
Writes benchmarks/results/finetune.json (+ finetune_learning_curve.png). On 2 shared CPU cores
the full chain does not fit in 8 minutes: run stage by stage (each under the lock); the scan
resumes where it stopped, and the JSON says how many points are done.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import _common  # noqa: F401  (first: OpenMP threads, plots to files, the repository on sys.path)
import torch
from _common import HERE, parser, save, training_args

from omnijet.tokenizer.tokens import TokenDataset
from omnijet.utils import read_json

RESULTS = HERE / "results" / "finetune.json"
WORK = HERE / ".cache" / "finetune"
PAPER = {"note": "OmniJet-alpha (arXiv:2403.05618), full scale, top vs QCD accuracy",
         "finetune_100": 0.84, "finetune_1000": 0.90, "scratch_1000": 0.74,
         "scratch_needs_for_84pct": 10_000}


def _dataset(process: str, n: int, seed: int, work: Path) -> Path:
    out = work / "data" / f"{process}_{n}_s{seed}.root"
    if not out.exists():
        from omnijet.config import DataConfig
        from omnijet.data.generate import generate

        generate(DataConfig(process=process, n=n, out=out, seed=seed, workers=max(1, min(2, os.cpu_count() or 1))))
    return out


def _truncate(ds: TokenDataset, m: int) -> TokenDataset:
    return ds.with_slots(m)


def stage_data(a, work: Path) -> dict[str, list[Path]]:
    return {
        "pretrain": [_dataset(p, a.pretrain_jets // 2, 101, work) for p in ("top", "qcd")],
        "labelled": [_dataset(p, a.labelled_jets // 2, 202, work) for p in ("top", "qcd")],
    }


def stage_tokenizer(a, work: Path, files: dict[str, list[Path]]) -> Path:
    from omnijet.config import TokenizerTrainConfig
    from omnijet.train.tokenizer import train_tokenizer_files

    path = work / "tokenizer" / "best.pt"
    if not (work / "tokenizer" / "metrics.json").exists():
        train_tokenizer_files(TokenizerTrainConfig(
            data=files["pretrain"], out=work / "tokenizer", preset="small", epochs=a.tok_epochs,
            codebook_size=a.codebook_size, batch_size=256, lr=1e-3, patience=3, device=a.device))
    return path


def stage_tokens(a, work: Path, files: dict[str, list[Path]], tok: Path) -> dict[str, Path]:
    from omnijet.tokenizer.base import load_tokenizer
    from omnijet.transfer.from_files import load_labelled

    out = {}
    for name, paths in files.items():
        path = work / f"{name}_tokens.pt"
        if not path.exists():
            load_labelled(paths, load_tokenizer(tok, "cpu"), tokenizer_path=tok).save(path)
        out[name] = path
    return out


def stage_pretrain(a, work: Path, tokens: dict[str, Path], tok: Path) -> Path:
    from omnijet.config import PretrainConfig
    from omnijet.train.pretrain import run_pretrain

    path = work / "gpt" / "best.pt"
    if not (work / "gpt" / "metrics.json").exists():
        src = tokens["pretrain"]
        if a.max_constituents < 128:
            src = work / "pretrain_tokens_trunc.pt"
            _truncate(TokenDataset.load(tokens["pretrain"]), a.max_constituents).save(src)
        run_pretrain(PretrainConfig(tokens=src, out=work / "gpt", preset="small", epochs=a.gpt_epochs,
                                   batch_size=128, lr=1e-3, patience=3, device=a.device,
                                   tokenizer=tok, input_mode=a.input_mode, objective=a.objective,
                                   code_mean_fraction=a.code_mean_fraction, code_embedding=a.code_embedding,
                                   seed=a.gpt_seed),
                     progress_bar=False)
    return path


def stage_scan(a, work: Path, tokens: dict[str, Path], gpt: Path) -> dict[str, Any]:
    from omnijet.transfer.finetune import FinetuneConfig
    from omnijet.transfer.finetune_scan import ScanConfig, finetune_scan

    labelled = _truncate(TokenDataset.load(tokens["labelled"]), a.max_constituents)
    ft = FinetuneConfig(epochs=a.epochs, batch_size=a.batch_size, patience=a.patience,
                        lr=a.lr, scratch_lr=a.scratch_lr, min_epoch_jets=a.epoch_jets,
                        max_steps_per_epoch=max(1, a.epoch_jets // a.batch_size), device=a.device)
    cfg = ScanConfig(sizes=tuple(a.sizes), seeds=a.seeds, n_val=a.n_val, n_test=a.n_test,
                     finetune=ft)

    def progress(e: dict[str, Any]) -> None:
        if e.get("event") == "point":
            print(f"[{e['index']}/{e['todo']}] {e['key']}: acc {e['accuracy']:.4f} "
                  f"auc {e['auc']:.4f} ({e['epochs_run']} ep, {e['train_seconds']:.0f} s)", flush=True)

    return finetune_scan(labelled, work / "scan", cfg, gpt_path=gpt, progress=progress)


def partial_report(a, results: dict[str, Any]) -> None:
    """Aggregate the points finished so far (the scan runs in chunks under the lock)."""
    from omnijet.transfer.finetune_scan import aggregate, plot_learning_curve, read_points

    points = list(read_points(a.work / "scan" / "points.jsonl").values())
    if not points:
        return
    table = aggregate(points)
    plot = a.out.with_name(a.out.stem + "_learning_curve.png")
    plot_learning_curve(table, plot)
    results.update(table=table.to_dict(orient="records"), points=points, plot=str(plot),
                   complete=False, n_points_done=len(points))


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--stage", choices=["all", "data", "tokenizer", "pretrain", "scan", "report"],
                   default="all", help="report: write the JSON from the points finished so far")
    p.add_argument("--pretrain-jets", type=int, default=10_000, help="top + QCD for tokenizer and GPT")
    p.add_argument("--labelled-jets", type=int, default=14_000, help="top + QCD for the scan")
    p.add_argument("--tok-epochs", type=int, default=6)
    p.add_argument("--codebook-size", type=int, help="tokenizer codes (default: the small preset's)")
    p.add_argument("--gpt-epochs", type=int, default=6)
    p.add_argument("--gpt-seed", type=int, default=0, help="pretraining seed (initialisation and batch order)")
    p.add_argument("--code-embedding", action="store_true",
                   help="continuous/features inputs: add a learned embedding of each code (PretrainConfig.code_embedding)")
    p.add_argument("--input-mode", choices=["tokens", "continuous", "features"], default="tokens",
                   help="the GPT's inputs: token embeddings, each code's decoded features, or each "
                        "constituent's own features (hybrid; the token files keep them)")
    p.add_argument("--code-mean-fraction", type=float, default=0.0,
                   help="features: training jets fed their codes' mean features (as generation is)")
    p.add_argument("--objective", choices=["next-token", "masked", "joint"], default="next-token",
                   help="pretraining objective (joint: next-token + masked-particle, arXiv:2512.04149)")
    p.add_argument("--max-constituents", type=int, default=64, help="leading constituents kept (CPU budget)")
    p.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10_000])
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--n-val", type=int, default=500)
    p.add_argument("--n-test", type=int, default=2000)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--patience", type=int, default=3)
    p.add_argument("--epoch-jets", type=int, default=1024, help="jets per epoch (small sets cycle)")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=1e-4)
    p.add_argument("--scratch-lr", type=float, default=1e-3,
                   help="scratch gets the larger rate so that it is not handicapped by the step budget")
    p.add_argument("--fresh-scan", action="store_true", help="delete the cached scan first")
    a = training_args(p, WORK, RESULTS)
    t0 = time.time()
    results: dict[str, Any] = read_json(a.out) if a.out.exists() else {}
    results["command"] = "flock /tmp/omnijet-heavy.lock python benchmarks/finetune.py"  # all stages
    results["last_invocation"] = "python " + " ".join(sys.argv)
    seconds = results.setdefault("seconds", {})

    def timed(name: str, fn, *args):
        s = time.time()
        out = fn(*args)
        seconds[name] = round(time.time() - s, 1)  # this invocation (cached stages ~0)
        print(f"{name}: {time.time() - s:.0f} s", flush=True)
        return out

    files = timed("data", stage_data, a, a.work)
    if a.stage in ("all", "tokenizer", "pretrain", "scan"):
        tok = timed("tokenizer", stage_tokenizer, a, a.work, files)
        tokens = timed("tokens", stage_tokens, a, a.work, files, tok)
        results["tokenizer"] = read_json(a.work / "tokenizer" / "metrics.json")["val"]
    if a.stage in ("all", "pretrain", "scan"):
        gpt = timed("pretrain", stage_pretrain, a, a.work, tokens, tok)
        m = read_json(a.work / "gpt" / "metrics.json")
        results["gpt"] = {k: m[k] for k in ("best_val_loss", "best_epoch", "epochs_run", "wall_s", "config")}
    if a.stage == "report":
        partial_report(a, results)
    if a.stage in ("all", "scan"):
        if a.fresh_scan:
            shutil.rmtree(a.work / "scan", ignore_errors=True)
        summary = timed("scan", stage_scan, a, a.work, tokens, gpt)
        results["table"] = summary["table"]
        results["points"] = summary["points"]
        results["scan_config"] = summary["config"]
        results["sets"] = {"n_val": summary["n_val"], "n_test": summary["n_test"],
                           "n_pool": summary["n_pool"], "classes": summary["classes"]}
        plot = a.out.with_name(a.out.stem + "_learning_curve.png")
        shutil.copyfile(a.work / "scan" / "learning_curve.png", plot)
        results["plot"] = str(plot)
        results["summary_md"] = (a.work / "scan" / "results.md").read_text()
        results["complete"], results["n_points_done"] = True, len(summary["points"])
    results["settings"] = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(a).items()}
    results["paper"] = PAPER
    save(a.out, results, threads=torch.get_num_threads(), wall_s=time.time() - t0)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
