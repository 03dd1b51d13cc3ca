"""CLI commands of the backbone area: pretrain, generate, evaluate-generation.

    omnijet-agent pretrain --tokens train.pt --val-tokens val.pt --preset small --out runs/gpt
    omnijet-agent generate --gpt runs/gpt/best.pt --tokenizer runs/tok/best.pt --jets 1000 \
        --out gen.root --seed 0
    omnijet-agent evaluate-generation --generated gen.root --reference real.root \
        --tokenizer runs/tok/best.pt --out runs/genq

Multi-GPU / multi-node pretraining: `torchrun --nproc_per_node N $(which omnijet-agent) pretrain ...`
or `torchrun ... -m omnijet.train.pretrain` (same options); --batch-size is per process.
`generate` and `evaluate-generation` refuse to run under torchrun (WORLD_SIZE > 1).
"""

from __future__ import annotations

import json

import typer

from omnijet.cli.options import register_op
from omnijet.config import (
    GenerateJetsConfig,
    GenerationEvalConfig,
    JetLikelihoodConfig,
    PretrainConfig,
)


def pretrain(cfg: PretrainConfig) -> None:
    """Pretrain the GPT backbone on token files (next-token prediction); resumes if interrupted."""
    from omnijet.operations import run
    from omnijet.train.distributed import torchrun_group

    with torchrun_group("pretrain") as main_rank:  # under torchrun: data-parallel, one --out
        res = run(cfg)
    if main_rank:
        typer.echo(f"best val loss {res.best_val_loss:.4f} at epoch {res.best_epoch + 1}/"
                   f"{res.epochs_run}{' (stopped early)' if res.stopped_early else ''}: {res.best_path}")


def generate(cfg: GenerateJetsConfig) -> None:
    """Generate jets with a pretrained GPT and write them as a JetClass ROOT file."""
    from omnijet.operations import run
    from omnijet.train.distributed import refuse_under_torchrun

    refuse_under_torchrun("generate", "give each process its own --seed and --out instead")
    typer.echo(f"{cfg.n_generate} jets -> {run(cfg)}")


def evaluate_generation(cfg: GenerationEvalConfig) -> None:
    """Classifier test (DeepSets AUC), Wasserstein-1 distances and histograms: generated vs real."""
    from omnijet.operations import run
    from omnijet.train.distributed import refuse_under_torchrun

    refuse_under_torchrun("evaluate-generation")
    m = run(cfg)
    summary = {"n_jets": m["n_jets"], "classifier_auc": round(m["classifier_auc"], 4),
               "w1": {k: round(v, 4) for k, v in m["w1"].items()}}
    typer.echo(json.dumps(summary))
    typer.echo(f"metrics and plots: {cfg.out}")


def likelihood(cfg: JetLikelihoodConfig) -> None:
    """Per-jet NLL of each file's jets under one GPT; the AUC of -NLL between the first class and each other."""
    from omnijet.operations import run
    from omnijet.train.distributed import refuse_under_torchrun

    refuse_under_torchrun("likelihood")
    m = run(cfg)
    typer.echo(json.dumps({"nll_mean": {k: round(v["nll_mean"], 3) for k, v in m["per_class"].items()},
                           "auc": {k: round(v["summed"]["auc"], 4) for k, v in m["separation"].items()}}))
    typer.echo(f"metrics: {cfg.out}")


def register(app: typer.Typer) -> None:
    """Add this area's commands to the root app."""
    register_op(app, "pretrain", PretrainConfig, pretrain)
    register_op(app, "generate", GenerateJetsConfig, generate)
    register_op(app, "evaluate-generation", GenerationEvalConfig, evaluate_generation)
    register_op(app, "likelihood", JetLikelihoodConfig, likelihood)
