"""Base vs hybrid backbone (issue 25 item 2): tagging after fine-tuning and generation quality.

    A="--pretrain-jets 4000 --labelled-jets 3500 --tok-epochs 5 --gpt-epochs 4 --epochs 6"
    A="$A --epoch-jets 512 --n-test 1500 --n-generate 1000"
    flock /tmp/omnijet-heavy.lock .venv/bin/python benchmarks/hybrid.py $A --stage data
    flock /tmp/omnijet-heavy.lock .venv/bin/python benchmarks/hybrid.py $A --stage pretrain
    flock /tmp/omnijet-heavy.lock .venv/bin/python benchmarks/hybrid.py $A --stage generate
    flock /tmp/omnijet-heavy.lock .venv/bin/python benchmarks/hybrid.py $A --stage scan

Every stage is cached under benchmarks/.cache/hybrid/ and skipped when done; each invocation
stays under 10 minutes on 2 shared cores, so the chain runs one stage at a time under the lock.

    data      generated top + QCD jets (Pythia 8 + FastJet, 500-1000 GeV): a pretraining set and
              a separate labelled set; a `small` conditional VQ-VAE trained on the pretraining
              jets; both sets tokenized (benchmarks/finetune.py's stages, in this cache)
    pretrain  two `small` GPTs on the same tokens, epochs, batch and lr:
                base    token inputs, next-token (the paper's OmniJet-alpha)
                hybrid  continuous inputs, joint next-token + masked-particle (weights 1 : 1,
                        mask fraction 0.4; arXiv:2512.04149). Two passes a step: ~2x compute
    scan      per model: scratch and fine-tuned taggers at 100 and 1000 labels x seeds, fixed
              balanced val/test sets (the hybrid's scratch tagger is a continuous,
              bidirectional backbone from random weights: input/attention vs pretraining)
    generate  per model: jets sampled and decoded, then the existing evaluation against the
              reconstructed pretraining jets (DeepSets classifier-test AUC over seeds, W1 per
              observable next to the real-vs-real floor)
Writes benchmarks/results/hybrid.json.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import _common  # noqa: F401  (first: OpenMP threads, plots to files, the repository on sys.path)
import numpy as np
import torch
from _common import HERE, parser, save, training_args

from benchmarks.finetune import stage_data, stage_tokens
from omnijet.utils import read_json, write_json

RESULTS = HERE / "results" / "hybrid.json"
WORK = HERE / ".cache" / "hybrid"
MODELS = {"base": ("tokens", "next-token"), "hybrid": ("continuous", "joint")}


def stage_tokenizer(a, work: Path, files: dict[str, list[Path]]) -> Path:
    from omnijet.config import TokenizerTrainConfig
    from omnijet.train.tokenizer import train_tokenizer_files

    if not (work / "tokenizer" / "metrics.json").exists():
        train_tokenizer_files(TokenizerTrainConfig(
            data=files["pretrain"], out=work / "tokenizer", preset=a.preset, epochs=a.tok_epochs,
            batch_size=a.tok_batch, lr=a.tok_lr, patience=3, device=a.device))
    return work / "tokenizer" / "best.pt"


def stage_pretrain(a, work: Path, tokens: dict[str, Path], tok: Path, name: str) -> Path:
    from omnijet.config import PretrainConfig
    from omnijet.train.pretrain import run_pretrain

    out = work / f"gpt_{name}"
    if not (out / "metrics.json").exists():
        input_mode, objective = MODELS[name]
        torch.manual_seed(0)
        run_pretrain(PretrainConfig(
            tokens=tokens["pretrain"], out=out, preset=a.preset, epochs=a.gpt_epochs,
            batch_size=a.gpt_batch, lr=1e-3, patience=3, device=a.device, tokenizer=tok,
            input_mode=input_mode, objective=objective), progress_bar=False)
    return out / "best.pt"


def stage_scan(a, work: Path, tokens: dict[str, Path], name: str) -> dict[str, Any]:
    from omnijet.tokenizer.tokens import TokenDataset
    from omnijet.transfer.finetune import FinetuneConfig
    from omnijet.transfer.finetune_scan import ScanConfig, finetune_scan

    ft = FinetuneConfig(epochs=a.epochs, batch_size=a.batch_size, patience=a.patience, lr=a.lr,
                        scratch_lr=a.scratch_lr, min_epoch_jets=a.epoch_jets,
                        max_steps_per_epoch=max(1, a.epoch_jets // a.batch_size), device=a.device)
    cfg = ScanConfig(sizes=tuple(a.sizes), strategies=("scratch", "finetune"), seeds=a.seeds,
                     n_val=a.n_val, n_test=a.n_test, finetune=ft)

    def progress(e: dict[str, Any]) -> None:
        if e.get("event") == "point":
            print(f"{name} [{e['index']}/{e['todo']}] {e['key']}: acc {e['accuracy']:.4f} "
                  f"auc {e['auc']:.4f} ({e['epochs_run']} ep)", flush=True)

    return finetune_scan(TokenDataset.load(tokens["labelled"]), work / f"scan_{name}", cfg,
                         gpt_path=work / f"gpt_{name}" / "best.pt", progress=progress)


def stage_generate(a, work: Path, files: dict[str, list[Path]], tok: Path, name: str, sample_seed: int = 0
                   ) -> dict[str, Any]:
    from omnijet.backbone.generate import generate_file
    from omnijet.config import GenerateJetsConfig, GenerationEvalConfig
    from omnijet.evaluate.generation import evaluate_generation

    tag = name if sample_seed == 0 else f"{name}_g{sample_seed}"  # another generated sample of the same GPT
    gen = work / f"generated_{tag}.root"
    timing = work / f"generated_{tag}.json"
    if not gen.exists():
        t0 = time.time()
        generate_file(GenerateJetsConfig(gpt=work / f"gpt_{name}" / "best.pt", tokenizer=tok,
                                         n_generate=a.n_generate, out=gen, seed=sample_seed))
        write_json(timing, {"seconds": time.time() - t0, "n_jets": a.n_generate})
    runs = []
    for seed in range(a.eval_seeds):
        out = work / f"gen_eval_{tag}_s{seed}"
        if not (out / "metrics.json").exists():
            # max_jets None: load_jets would take the first n jets of the first file (top only);
            # the evaluation cuts the reference to the generated count at random instead
            evaluate_generation(GenerationEvalConfig(generated=gen, reference=files["pretrain"], out=out,
                                                     tokenizer=tok, seed=seed))
        runs.append(read_json(out / "metrics.json"))
    aucs = [r["classifier_auc"] for r in runs]
    t = read_json(timing)
    return {
        "n_jets": runs[0]["n_jets"], "classifier_auc": aucs,
        "classifier_auc_mean": float(np.mean(aucs)), "classifier_auc_std": float(np.std(aucs, ddof=1))
        if len(aucs) > 1 else None,
        "w1": runs[0]["w1"], "w1_floor": runs[0]["w1_reference_halves"],
        "w1_over_floor": {k: runs[0]["w1"][k] / max(runs[0]["w1_reference_halves"][k], 1e-12)
                          for k in runs[0]["w1"]},
        "means": runs[0]["means"], "jets_per_s_with_decoding": t["n_jets"] / t["seconds"],
    }


def _table(scan: dict[str, Any]) -> list[dict[str, Any]]:
    keep = ("strategy", "n_train", "accuracy_mean", "accuracy_std", "auc_mean", "auc_std",
            "rejection_50_mean", "rejection_50_std", "n_seeds")
    return [{k: row[k] for k in keep if k in row} for row in scan["table"]]


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--stage", choices=["data", "pretrain", "scan", "generate", "report"], required=True)
    p.add_argument("--models", nargs="+", choices=list(MODELS), default=list(MODELS))
    p.add_argument("--preset", choices=["tiny", "small"], default="small", help="tokenizer and GPTs")
    p.add_argument("--tok-batch", type=int, default=256)
    p.add_argument("--tok-lr", type=float, default=1e-3)
    p.add_argument("--gpt-batch", type=int, default=128)
    p.add_argument("--pretrain-jets", type=int, default=6000, help="top + QCD for tokenizer and GPTs")
    p.add_argument("--labelled-jets", type=int, default=4000, help="top + QCD for the scan")
    p.add_argument("--tok-epochs", type=int, default=6)
    p.add_argument("--gpt-epochs", type=int, default=4)
    p.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    p.add_argument("--seeds", type=int, default=2)
    p.add_argument("--n-val", type=int, default=500)
    p.add_argument("--n-test", type=int, default=2000)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--patience", type=int, default=3)
    p.add_argument("--epoch-jets", type=int, default=1024)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=1e-4)
    p.add_argument("--scratch-lr", type=float, default=1e-3)
    p.add_argument("--n-generate", type=int, default=1500)
    p.add_argument("--eval-seeds", type=int, default=2)
    a = training_args(p, WORK, RESULTS)
    t0 = time.time()
    results: dict[str, Any] = read_json(a.out) if a.out.exists() else {}
    seconds = results.setdefault("seconds", {})

    def timed(key: str, fn, *args):
        s = time.time()
        out = fn(*args)
        if time.time() - s > 1:
            seconds[key] = round(time.time() - s, 1)
        print(f"{key}: {time.time() - s:.0f} s", flush=True)
        return out

    files = timed("data", stage_data, a, WORK)  # the jets: shared by every preset's run
    tok = timed("tokenizer", stage_tokenizer, a, a.work, files)
    tokens = timed("tokens", stage_tokens, a, a.work, files, tok)
    results["tokenizer"] = read_json(a.work / "tokenizer" / "metrics.json")["val"]
    results["preset"] = a.preset
    for name in a.models:
        model = results.setdefault("models", {}).setdefault(name, {})
        model["input_mode"], model["objective"] = MODELS[name]
        if a.stage in ("pretrain", "scan", "generate"):
            timed(f"pretrain_{name}", stage_pretrain, a, a.work, tokens, tok, name)
            m = read_json(a.work / f"gpt_{name}" / "metrics.json")
            model["pretrain"] = {k: m[k] for k in ("best_val_loss", "best_epoch", "epochs_run",
                                                  "wall_s", "config", "n_params")}
            model["pretrain"]["last_epoch"] = read_json(a.work / f"gpt_{name}" / "history.json")[-1]
        if a.stage == "scan":
            model["finetune"] = _table(timed(f"scan_{name}", stage_scan, a, a.work, tokens, name))
        if a.stage == "generate":
            model["generation"] = timed(f"generate_{name}", stage_generate, a, a.work, files, tok, name)
    results["command"] = __doc__.split("\n\n")[1].strip()
    results["settings"] = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(a).items()}
    save(a.out, results, threads=torch.get_num_threads(), wall_s=time.time() - t0)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
